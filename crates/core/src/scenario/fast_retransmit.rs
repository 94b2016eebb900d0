//! `fast-retransmit`: one segment in the middle of a long response is lost. Every segment
//! that arrives after the gap makes the receiver repeat its ACK (a duplicate ACK naming the
//! first missing byte); the third duplicate tells the sender the segment is lost, and it
//! resends it at once instead of waiting for the retransmission timer (RFC 5681 3.2).

use super::big_response::add_page_fetch;
use super::common;
use super::lose::losing;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::net::Sim;
use crate::trace::Trace;

/// `body_bytes`: size of the page.
const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("14000"),
    help: "param.body_bytes",
};

/// `lost_segment`: which data segment of the response is lost (1 = the first).
pub(super) const LOST_SEGMENT: ParamSpec = ParamSpec {
    key: "lost_segment",
    kind: ParamKind::Int { min: 1, max: 1000 },
    default: Some("3"),
    help: "param.lost_segment",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "fast-retransmit",
    title: "scenario.fast-retransmit.title",
    intro: "scenario.fast-retransmit.intro",
    params: &common::with_default(
        *crate::with_common![BODY_BYTES, LOST_SEGMENT],
        "bandwidth_kbps",
        "2000",
    ),
};

/// A page fetch over the common link, with these segment ids lost.
pub(super) fn world(p: &mut Params, lost: &[u32]) -> Result<Sim, ScenarioError> {
    let body = p.u64("body_bytes")? as usize;
    let mut cast = common::cast(p)?;
    cast.link.drop_ids.extend_from_slice(lost);
    let mut pair = cast.pair();
    add_page_fetch(&mut pair, body);
    Ok(pair.sim)
}

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let nth = p.u64("lost_segment")? as usize;
    losing(p, world, 1, |t, _| {
        t.segments
            .iter()
            .filter(|s| s.from == "server" && s.len > 0)
            .nth(nth - 1)
            .map(|s| s.id)
    })
}
