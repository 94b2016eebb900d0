//! `bottleneck-queue`: a download through a bottleneck link with a drop-tail queue of a
//! few packets in front of it (a router's buffer). The sender hands its window over at
//! once; the queue drains at the link's rate. As cwnd grows the queue fills, each segment
//! waits longer and the RTT grows (bufferbloat); when the queue is full the next segment is
//! lost at its door, three duplicate ACKs follow, and the window is halved.

use super::big_response::add_page_fetch;
use super::common;
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::trace::Trace;

const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    // 1 MB: the default link draws its pre-rendered figure within the first-load budget.
    default: Some("1000000"),
    help: "param.body_bytes",
};

/// `queue_packets`: the bottleneck's queue.
const QUEUE: ParamSpec = ParamSpec {
    key: "queue_packets",
    kind: ParamKind::Int {
        min: 1,
        max: 10_000,
    },
    default: Some("20"),
    help: "param.queue_packets",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "bottleneck-queue",
    title: "scenario.bottleneck-queue.title",
    intro: "scenario.bottleneck-queue.intro",
    params: &common::with_defaults(
        *crate::with_common![BODY_BYTES, QUEUE],
        // A large receive window (scaled): the peer's window never caps the sender here.
        &[
            ("bandwidth_kbps", "10000"),
            ("sack", "true"),
            ("rcv_buf", "1048576"),
            ("wscale", "5"),
        ],
    ),
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let body = p.u64("body_bytes")? as usize;
    let queue = p.u64("queue_packets")? as u32;
    let mut cast = common::cast(p)?;
    cast.link.queue = Some(queue);
    let mut pair = cast.pair();
    add_page_fetch(&mut pair, body);
    Ok(lose::finish(pair.sim, p))
}
