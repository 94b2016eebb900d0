//! `fast-recovery`: several segments of one window are lost. Fast retransmit repairs the
//! first after three duplicate ACKs; without SACK the sender learns of the next hole only
//! from a partial ACK, which NewReno answers by retransmitting the next segment at once and
//! staying in fast recovery (RFC 6582 3.2) until everything sent before the loss is
//! acknowledged. cwnd deflates to ssthresh at the end.

use super::common;
use super::fast_retransmit::{world, LOST_SEGMENT};
use super::lose::losing;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::trace::Trace;

const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("40000"),
    help: "param.body_bytes",
};

/// `losses`: how many segments of the window are lost, every other one.
const LOSSES: ParamSpec = ParamSpec {
    key: "losses",
    kind: ParamKind::Int { min: 1, max: 6 },
    default: Some("3"),
    help: "param.losses",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "fast-recovery",
    title: "scenario.fast-recovery.title",
    intro: "scenario.fast-recovery.intro",
    params: &common::with_default(
        *crate::with_common![BODY_BYTES, LOST_SEGMENT, LOSSES],
        "bandwidth_kbps",
        "2000",
    ),
};

/// Builds and runs it: data segments `lost_segment`, `lost_segment + 2`... of the response
/// are lost, as many as `losses`.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let first = p.u64("lost_segment")? as usize;
    let losses = p.u64("losses")? as usize;
    losing(p, world, losses, |t, lost| {
        t.segments
            .iter()
            .filter(|s| s.from == "server" && s.len > 0)
            .nth(first - 1 + 2 * lost.len())
            .map(|s| s.id)
    })
}
