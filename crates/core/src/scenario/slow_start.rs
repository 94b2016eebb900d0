//! `slow-start`: a download from a fresh connection. Each ACK of new data lets the sender's
//! congestion window grow by up to one segment, so the window doubles every round trip
//! (RFC 5681 3.1) from the initial window (RFC 6928: 10 segments) until it reaches ssthresh
//! or the transfer ends. Delayed ACK is off, so every segment is acknowledged on its own.

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
    default: Some("300000"),
    help: "param.body_bytes",
};

/// `initial_window`: the initial congestion window in segments.
pub(super) const INITIAL_WINDOW: ParamSpec = ParamSpec {
    key: "initial_window",
    kind: ParamKind::Int { min: 1, max: 10 },
    default: Some("10"),
    help: "param.initial_window",
};

/// `ssthresh`: the initial slow-start threshold in bytes, 0 for none.
pub(super) const SSTHRESH: ParamSpec = ParamSpec {
    key: "ssthresh",
    kind: ParamKind::Int {
        min: 0,
        max: 1_073_741_824,
    },
    default: Some("0"),
    help: "param.ssthresh",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "slow-start",
    title: "scenario.slow-start.title",
    intro: "scenario.slow-start.intro",
    // A large receive window (scaled): the peer's window never caps the sender here.
    params: &common::with_defaults(
        *crate::with_common![BODY_BYTES, INITIAL_WINDOW, SSTHRESH],
        &[
            ("latency_ms", "50"),
            ("rcv_buf", "1048576"),
            ("wscale", "5"),
        ],
    ),
};

/// Sets the sender's initial window and ssthresh from the parameters.
pub(super) fn congestion_knobs(
    cast: &mut common::Cast,
    p: &mut Params,
) -> Result<(), ScenarioError> {
    let iw = p.u64("initial_window")? as u32;
    let ss = p.u64("ssthresh")?;
    for host in [&mut cast.client, &mut cast.server] {
        host.tcp.initial_window = iw;
        host.tcp.initial_ssthresh = (ss > 0).then_some(ss as u32);
    }
    Ok(())
}

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let body = p.u64("body_bytes")? as usize;
    let mut cast = common::cast(p)?;
    congestion_knobs(&mut cast, p)?;
    let mut pair = cast.pair();
    add_page_fetch(&mut pair, body);
    Ok(lose::finish(pair.sim, p))
}
