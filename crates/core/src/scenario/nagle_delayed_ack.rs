//! `nagle-delayed-ack`: the classic stall. The client writes a POST's header, then its
//! small body. Nagle's algorithm (RFC 896, RFC 9293 3.7.4) holds the body while the header
//! is unacknowledged; the server holds its ACK (a delayed ACK, RFC 9293 3.8.6.3) because it
//! has nothing to send yet: it waits for the whole request. Both wait until the delayed-ACK
//! timer fires. `nodelay=true` (TCP_NODELAY) sends the body at once.

use alloc::string::String;

use super::big_response::add_server_with_client;
use super::common;
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::post::{PostConfig, Poster};
use crate::trace::Trace;

/// `nodelay`: turn Nagle's algorithm off on the client (TCP_NODELAY).
const NODELAY: ParamSpec = ParamSpec {
    key: "nodelay",
    kind: ParamKind::Bool,
    default: Some("false"),
    help: "param.nodelay",
};

/// `post_bytes`: the body of the POST.
const POST_BYTES: ParamSpec = ParamSpec {
    key: "post_bytes",
    kind: ParamKind::Int { min: 1, max: 1400 },
    default: Some("100"),
    help: "param.post_bytes",
};

const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("200"),
    help: "param.body_bytes",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "nagle-delayed-ack",
    title: "scenario.nagle-delayed-ack.title",
    intro: "scenario.nagle-delayed-ack.intro",
    params: &common::with_default(
        *crate::with_common![NODELAY, POST_BYTES, BODY_BYTES],
        "delayed_ack_ms",
        "200",
    ),
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let nodelay = p.bool("nodelay")?;
    let post = p.u64("post_bytes")? as usize;
    let body = p.u64("body_bytes")? as usize;
    let mut cast = common::cast(p)?;
    cast.client.tcp.nagle = !nodelay;
    let mut pair = cast.pair();
    let poster = Poster::new(PostConfig {
        server: pair.server_addr,
        path: String::from("/form"),
        body_bytes: post,
        think_us: 10_000,
    });
    add_server_with_client(&mut pair, body, poster);
    Ok(lose::finish(pair.sim, p))
}
