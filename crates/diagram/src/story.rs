//! What is true at each step of the player: step `n` means the first `n` segments (in send
//! order) have been sent and have arrived or died; step 0 is the start.

use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{StateChange, Timer, Trace};

use crate::layout::segment_done_us;

/// The simulated time at step `n`: when the `n`-th segment arrived (or died).
pub fn time_at(trace: &Trace, n: usize) -> u64 {
    match n.checked_sub(1).and_then(|i| trace.segments.get(i)) {
        Some(seg) => segment_done_us(seg, trace.end_us),
        None => trace
            .segments
            .first()
            .map(|s| s.sent_us)
            .unwrap_or(0)
            .min(trace.states.first().map_or(u64::MAX, |s| s.at_us)),
    }
}

/// True if a state change has happened by step `n`: a change caused by a segment happens
/// with that segment's step; any other change by the step's time.
pub fn change_done(trace: &Trace, change: &StateChange, n: usize) -> bool {
    match change.segment {
        Some(seg) => (seg as usize) < n,
        None => change.at_us <= time_at(trace, n),
    }
}

/// One socket's state at a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketState {
    /// Endpoint id.
    pub endpoint: String,
    /// Connection, or `None` for a listener.
    pub conn: Option<u32>,
    /// Current state.
    pub state: State,
}

/// The state of every socket that exists at step `n` (those that reached CLOSED after
/// having been open are left out, as are sockets not yet created).
pub fn states_at(trace: &Trace, n: usize) -> Vec<SocketState> {
    let mut out: Vec<SocketState> = Vec::new();
    for ch in trace.states.iter().filter(|c| change_done(trace, c, n)) {
        match out
            .iter_mut()
            .find(|s| s.endpoint == ch.endpoint && s.conn == ch.conn)
        {
            Some(s) => s.state = ch.to,
            None => out.push(SocketState {
                endpoint: ch.endpoint.clone(),
                conn: ch.conn,
                state: ch.to,
            }),
        }
    }
    out.retain(|s| s.state != State::Closed);
    out
}

/// The state changes a segment caused (linked by `StateChange::segment`).
pub fn changes_of(trace: &Trace, segment: u32) -> Vec<&StateChange> {
    trace
        .states
        .iter()
        .filter(|c| c.segment == Some(segment))
        .collect()
}

/// The timers guarding a segment (`Timer::segment`).
pub fn timers_of(trace: &Trace, segment: u32) -> Vec<&Timer> {
    trace
        .timers
        .iter()
        .filter(|t| t.segment == Some(segment))
        .collect()
}

/// Timers running at step `n`.
pub fn timers_running(trace: &Trace, n: usize) -> Vec<&Timer> {
    let t = time_at(trace, n);
    trace
        .timers
        .iter()
        .filter(|tm| tm.armed_us <= t && tm.ended_us.is_none_or(|e| e > t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::browse;

    #[test]
    fn start_has_only_the_listener() {
        let t = browse();
        let s = states_at(&t, 0);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].state, State::Listen);
    }

    #[test]
    fn each_step_applies_the_changes_its_segment_caused() {
        let t = browse();
        let find = |n: usize, ep: &str| {
            states_at(&t, n)
                .into_iter()
                .find(|s| s.endpoint == ep && s.conn == Some(0))
                .map(|s| s.state)
        };
        assert_eq!(find(1, "client"), Some(State::SynSent));
        assert_eq!(find(1, "server"), Some(State::SynReceived));
        assert_eq!(find(2, "client"), Some(State::Established));
        assert_eq!(find(2, "server"), Some(State::SynReceived));
        assert_eq!(find(3, "server"), Some(State::Established));
        let end = t.segments.len();
        assert_eq!(find(end, "client"), Some(State::TimeWait));
        assert_eq!(find(end, "server"), None, "closed sockets are gone");
        assert_eq!(changes_of(&t, 1).len(), 1);
        assert_eq!(timers_of(&t, 0).len(), 1);
        assert_eq!(time_at(&t, 1), 20_000);
        assert_eq!(timers_running(&t, 1).len(), 1);
        assert_eq!(timers_running(&t, 2).len(), 0);
    }
}
