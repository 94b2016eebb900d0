//! Helpers of the TCP stories: finishing a run with its summary, and losing a chosen
//! segment.
//!
//! Losing one chosen segment. The network loses segments by their id in the Trace (`drop=`),
//! but which id a story needs ("the final ACK", "the third data segment of the response")
//! depends on every other parameter. So the world is first run as it is, the segment is
//! found in that Trace, and the world is run again with that id lost. Runs are
//! deterministic, so everything before the loss is the same in both runs.

use alloc::vec::Vec;

use super::{common, Params, ScenarioError};
use crate::net::Sim;
use crate::trace::Trace;

/// Runs the world, writes the resolved parameters into the Trace, and closes the story with
/// its figures (connections, segments, bytes, retransmissions, losses, time).
pub fn finish(sim: Sim, p: &Params) -> Trace {
    let mut trace = common::finish(sim, p);
    super::story::add_summary(&mut trace);
    trace
}

/// Builds the world with these extra segment ids lost on the first link they cross.
pub trait World: Fn(&mut Params, &[u32]) -> Result<Sim, ScenarioError> {}
impl<F: Fn(&mut Params, &[u32]) -> Result<Sim, ScenarioError>> World for F {}

/// Loses up to `times` segments, one after the other: each run's Trace (with the losses so
/// far) is handed to `next`, which names the next segment to lose or `None` to stop. The
/// last run's Trace is returned.
pub fn losing(
    p: &mut Params,
    world: impl World,
    times: usize,
    next: impl Fn(&Trace, &[u32]) -> Option<u32>,
) -> Result<Trace, ScenarioError> {
    let mut lost: Vec<u32> = Vec::new();
    let mut trace = common::finish(world(p, &lost)?, p);
    while lost.len() < times {
        let Some(id) = next(&trace, &lost) else {
            break;
        };
        if lost.contains(&id) {
            break;
        }
        lost.push(id);
        trace = common::finish(world(p, &lost)?, p);
    }
    super::story::add_summary(&mut trace);
    Ok(trace)
}
