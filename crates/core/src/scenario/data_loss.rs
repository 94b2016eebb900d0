//! `data-loss`: one data segment is lost on the way. No duplicate ACKs can warn the sender
//! (nothing follows the lost segment), so only its retransmission timer does: after the RTO
//! (RFC 6298: at least 1 s by default) the segment is sent again, tagged `retransmission`.

use super::big_response::add_page_fetch;
use super::common;
use super::lose::losing;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::net::Sim;
use crate::trace::Trace;

/// `lose`: which message loses its (first) data segment.
const LOSE: ParamSpec = ParamSpec {
    key: "lose",
    kind: ParamKind::Choice(&["response", "request"]),
    default: Some("response"),
    help: "param.lose",
};

/// `body_bytes`: size of the page.
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
    id: "data-loss",
    title: "scenario.data-loss.title",
    intro: "scenario.data-loss.intro",
    params: crate::with_common![LOSE, BODY_BYTES],
};

fn world(p: &mut Params, lost: &[u32]) -> Result<Sim, ScenarioError> {
    let body = p.u64("body_bytes")? as usize;
    let mut cast = common::cast(p)?;
    cast.link.drop_ids.extend_from_slice(lost);
    let mut pair = cast.pair();
    add_page_fetch(&mut pair, body);
    Ok(pair.sim)
}

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let from = match p.choice("lose")? {
        "request" => "client",
        _ => "server",
    };
    losing(p, world, 1, |t, _| {
        t.segments
            .iter()
            .find(|s| s.from == from && s.len > 0)
            .map(|s| s.id)
    })
}
