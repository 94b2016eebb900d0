//! `congestion-avoidance`: a long download in congestion avoidance (2 MB over about 100
//! round trips by default: each loss runs the world again, so the page keeps it short). Past ssthresh the
//! window grows by about one segment per round trip (RFC 5681 3.1, additive increase); a
//! segment lost every few round trips is repaired by fast retransmit and halves the window
//! (multiplicative decrease, 3.2). Over hundreds of round trips cwnd draws the AIMD sawtooth.

use alloc::vec::Vec;

use super::big_response::add_page_fetch;
use super::common;
use super::lose::losing;
use super::slow_start::{congestion_knobs, INITIAL_WINDOW, SSTHRESH};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::net::Sim;
use crate::trace::{Analysis, Flag, TcbVar, Trace};

const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("2000000"),
    help: "param.body_bytes",
};

/// `loss_every_rtts`: round trips between two losses.
const LOSS_EVERY: ParamSpec = ParamSpec {
    key: "loss_every_rtts",
    kind: ParamKind::Int { min: 2, max: 1000 },
    default: Some("10"),
    help: "param.loss_every_rtts",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "congestion-avoidance",
    title: "scenario.congestion-avoidance.title",
    intro: "scenario.congestion-avoidance.intro",
    params: &common::with_default(
        *crate::with_common![BODY_BYTES, LOSS_EVERY, INITIAL_WINDOW, SSTHRESH],
        "ssthresh",
        "29200",
    ),
};

/// Losses a run may have at most (each one runs the world again).
const MAX_LOSSES: usize = 60;

fn world(p: &mut Params, lost: &[u32]) -> Result<Sim, ScenarioError> {
    let body = p.u64("body_bytes")? as usize;
    let mut cast = common::cast(p)?;
    congestion_knobs(&mut cast, p)?;
    cast.link.drop_ids.extend_from_slice(lost);
    let mut pair = cast.pair();
    add_page_fetch(&mut pair, body);
    Ok(pair.sim)
}

/// Builds and runs it: the first new data segment the server sends `loss_every_rtts` round
/// trips after the previous loss (or after its first data) is lost, and so on to the end.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let every = p.u64("loss_every_rtts")?;
    losing(p, world, MAX_LOSSES, |t, lost| {
        let server = t.endpoints.iter().position(|e| e.id == "server")? as u32;
        // The round trip the server measured first (its handshake).
        let rtt = u64::from(
            t.tcb
                .iter()
                .filter(|s| s.endpoint == server)
                .find_map(|s| s.get(TcbVar::SrttUs))?,
        );
        let data = |s: &&crate::trace::Segment| {
            s.from == "server"
                && s.len > 0
                && !s.flags.contains(&Flag::Fin)
                && !s
                    .analysis
                    .iter()
                    .any(|a| matches!(a, Analysis::Retransmission | Analysis::FastRetransmission))
        };
        let since = match lost.last() {
            Some(&id) => t.segments.get(id as usize)?.sent_us,
            None => t.segments.iter().find(data)?.sent_us,
        };
        let due = since + every * rtt;
        let mut later: Vec<_> = t
            .segments
            .iter()
            .filter(data)
            .filter(|s| s.sent_us >= due)
            .collect();
        later.sort_by_key(|s| (s.sent_us, s.id));
        // Keep losses clear of the end: the last segments could not bring three duplicates.
        let tail = t.segments.iter().filter(data).count().saturating_sub(20);
        let first = later.first()?;
        let ordinal = t
            .segments
            .iter()
            .filter(data)
            .position(|s| s.id == first.id)?;
        (ordinal < tail).then_some(first.id)
    })
}
