//! Each side's RFC 9293 states, inferred from what it sent and received (see the module
//! docs of [`super`]), in three steps per side of a TCP connection: where it starts
//! ([`Opening`] and [`start`]), the order in which it saw its own sends and receives
//! ([`LocalOrder`]), and the transitions those cause ([`SideStates`]).

use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{Msg, Proto, Segment, StateChange};

use super::cast::Cast;
use super::{english, sub, Rec};
use crate::packet::{ACK, FIN, RST, SYN};

/// Both sides' inferred state changes of every TCP connection, in time order.
pub(super) fn infer(recs: &[Rec], segs: &[Segment], cast: &Cast<'_>) -> Vec<StateChange> {
    let mut out = Vec::new();
    for &c in &cast.conn_ids {
        if cast.flow(c).proto != Proto::Tcp {
            continue;
        }
        let idx: Vec<usize> = recs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.conn == c)
            .map(|(i, _)| i)
            .collect();
        let ends = cast.ends(c);
        for side in 0..2u8 {
            let mut states = SideStates::new(&ends[usize::from(side)], cast.trace_id(c));
            states.run(side, &idx, recs, segs);
            out.append(&mut states.changes);
        }
    }
    out.sort_by_key(|s: &StateChange| s.at_us);
    out
}

/// How the capture meets a connection: its first kept packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opening {
    /// A bare SYN, sent by side `from` (0: client, 1: server).
    Syn { from: u8 },
    /// A SYN+ACK sent by side `from`: the SYN it answers was not captured.
    SynAck { from: u8 },
    /// Anything else: the connection was already open.
    MidStream,
}

impl Opening {
    fn of(first: &Rec) -> Opening {
        match (first.has(SYN), first.has(ACK)) {
            (true, false) => Opening::Syn { from: first.dir },
            (true, true) => Opening::SynAck { from: first.dir },
            (false, _) => Opening::MidStream,
        }
    }
}

/// The state `side` starts in, given its own sends; `None` when it had no TCB at all:
/// it answered the opening SYN with RST and never sent a SYN (no listener).
fn start(opening: Opening, side: u8, sends: &[&Rec]) -> Option<State> {
    match opening {
        Opening::Syn { from } if from == side => Some(State::Closed),
        Opening::Syn { .. } => {
            let first_rst = sends.first().is_some_and(|s| s.has(RST));
            let any_syn = sends.iter().any(|s| s.has(SYN));
            // A side that sends a bare SYN of its own opens actively (simultaneous open).
            let active = sends.iter().any(|s| s.has(SYN) && !s.has(ACK));
            if first_rst && !any_syn {
                None
            } else if active {
                Some(State::Closed)
            } else {
                Some(State::Listen)
            }
        }
        Opening::SynAck { from } if from == side => Some(State::SynReceived),
        Opening::SynAck { .. } => Some(State::SynSent),
        Opening::MidStream => Some(State::Closed),
    }
}

/// One thing a side saw: a segment it sent or one it received (indexes into the kept
/// packets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seen {
    Sent(usize),
    Received(usize),
}

/// A side's sends and receives in its own time order: sends at their sent time,
/// receives at their arrival, except that a received segment its next send acknowledges
/// comes first (whatever the estimated times say).
struct LocalOrder<'a> {
    recs: &'a [Rec],
    segs: &'a [Segment],
    sends: Vec<usize>,
    /// Only segments that arrived.
    recvs: Vec<usize>,
    next_send: usize,
    next_recv: usize,
}

impl<'a> LocalOrder<'a> {
    fn new(side: u8, idx: &[usize], recs: &'a [Rec], segs: &'a [Segment]) -> Self {
        LocalOrder {
            recs,
            segs,
            sends: idx
                .iter()
                .copied()
                .filter(|&i| recs[i].dir == side)
                .collect(),
            recvs: idx
                .iter()
                .copied()
                .filter(|&i| recs[i].dir != side && segs[i].recv_us.is_some())
                .collect(),
            next_send: 0,
            next_recv: 0,
        }
    }
}

impl Iterator for LocalOrder<'_> {
    type Item = Seen;

    fn next(&mut self) -> Option<Seen> {
        let take_recv = match (
            self.sends.get(self.next_send),
            self.recvs.get(self.next_recv),
        ) {
            (None, None) => return None,
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(&s), Some(&r)) => {
                let (sr, rr) = (&self.recs[s], &self.recs[r]);
                let t_send = self.segs[s].sent_us;
                let t_recv = self.segs[r].recv_us.unwrap_or(u64::MAX);
                match sr.ack {
                    Some(a) if rr.seq_len() > 0 => sub(a, rr.end()) >= 0,
                    _ => t_recv <= t_send,
                }
            }
        };
        Some(if take_recv {
            self.next_recv += 1;
            Seen::Received(self.recvs[self.next_recv - 1])
        } else {
            self.next_send += 1;
            Seen::Sent(self.sends[self.next_send - 1])
        })
    }
}

/// One side's state machine, run over what it saw; every change is recorded as inferred.
struct SideStates<'a> {
    endpoint: &'a str,
    /// The connection's id in the Trace.
    conn: u32,
    state: State,
    /// Time of the latest change: a change is never put before it.
    last_at: u64,
    /// The sequence number after this side's SYN, once it sent one.
    my_syn_end: Option<u32>,
    /// The sequence number after this side's FIN, once it sent one.
    my_fin_end: Option<u32>,
    changes: Vec<StateChange>,
}

impl<'a> SideStates<'a> {
    fn new(endpoint: &'a str, conn: u32) -> Self {
        SideStates {
            endpoint,
            conn,
            state: State::Closed,
            last_at: 0,
            my_syn_end: None,
            my_fin_end: None,
            changes: Vec::new(),
        }
    }

    /// Runs side `side` of the connection whose kept packets are `idx`.
    fn run(&mut self, side: u8, idx: &[usize], recs: &[Rec], segs: &[Segment]) {
        let Some(&first) = idx.first() else { return };
        let opening = Opening::of(&recs[first]);
        let sends: Vec<&Rec> = idx
            .iter()
            .map(|&i| &recs[i])
            .filter(|r| r.dir == side)
            .collect();
        let Some(state) = start(opening, side, &sends) else {
            return;
        };
        self.state = state;
        if opening == Opening::MidStream {
            let at = segs[first].sent_us;
            self.go(
                State::Established,
                at,
                None,
                "capture.state.mid-stream",
                "9293#3.3.2",
            );
        }
        for seen in LocalOrder::new(side, idx, recs, segs) {
            match seen {
                Seen::Received(i) => {
                    let at = segs[i].recv_us.unwrap_or(segs[i].sent_us);
                    self.received(i, &recs[i], at);
                }
                Seen::Sent(i) => self.sent(i, &recs[i], segs[i].sent_us),
            }
        }
    }

    /// Records a change to `to` caused by kept packet `seg` (none: the capture's start).
    fn go(&mut self, to: State, at: u64, seg: Option<usize>, key: &str, rfc: &str) {
        if self.state == to {
            return;
        }
        let at = at.max(self.last_at);
        self.last_at = at;
        let m = Msg::new(key, &[]);
        self.changes.push(StateChange {
            at_us: at,
            endpoint: self.endpoint.to_owned(),
            conn: Some(self.conn),
            from: self.state,
            to,
            why: english(&m),
            msg: Some(m),
            segment: seg.map(|i| i as u32),
            rfc: Some(rfc.to_owned()),
            inferred: true,
        });
        self.state = to;
    }

    /// Kept packet `i` arrived at this side at `at`.
    fn received(&mut self, i: usize, r: &Rec, at: u64) {
        let go = |s: &mut Self, to: State, key: &str, rfc: &str| s.go(to, at, Some(i), key, rfc);
        if r.has(RST) {
            if !matches!(self.state, State::Listen | State::Closed) {
                go(
                    self,
                    State::Closed,
                    "capture.state.reset-received",
                    "9293#3.10.7.4",
                );
            }
            return;
        }
        if r.has(SYN) && !r.has(ACK) {
            match self.state {
                State::Listen => go(
                    self,
                    State::SynReceived,
                    "capture.state.got-syn",
                    "9293#3.10.7.2",
                ),
                State::SynSent => go(
                    self,
                    State::SynReceived,
                    "capture.state.simultaneous-open",
                    "9293#3.10.7.3",
                ),
                _ => {}
            }
            return;
        }
        if r.has(SYN) && r.has(ACK) {
            if matches!(self.state, State::SynSent | State::SynReceived) {
                go(
                    self,
                    State::Established,
                    "capture.state.established",
                    "9293#3.10.7.3",
                );
            }
            return;
        }
        if let Some(a) = r.ack {
            if self.state == State::SynReceived && self.my_syn_end.is_none_or(|e| sub(a, e) >= 0) {
                go(
                    self,
                    State::Established,
                    "capture.state.established",
                    "9293#3.10.7.4",
                );
            }
            if self.my_fin_end.is_some_and(|e| sub(a, e) >= 0) {
                match self.state {
                    State::FinWait1 => go(
                        self,
                        State::FinWait2,
                        "capture.state.fin-acked",
                        "9293#3.10.7.4",
                    ),
                    State::Closing => go(
                        self,
                        State::TimeWait,
                        "capture.state.time-wait",
                        "9293#3.10.7.4",
                    ),
                    State::LastAck => {
                        go(self, State::Closed, "capture.state.closed", "9293#3.10.7.4")
                    }
                    _ => {}
                }
            }
        }
        if r.has(FIN) {
            match self.state {
                State::Established | State::SynReceived => go(
                    self,
                    State::CloseWait,
                    "capture.state.got-fin",
                    "9293#3.10.7.4",
                ),
                State::FinWait1 => go(
                    self,
                    State::Closing,
                    "capture.state.both-closing",
                    "9293#3.10.7.4",
                ),
                State::FinWait2 => go(
                    self,
                    State::TimeWait,
                    "capture.state.time-wait",
                    "9293#3.10.7.4",
                ),
                _ => {}
            }
        }
    }

    /// Kept packet `i` left this side at `at`.
    fn sent(&mut self, i: usize, r: &Rec, at: u64) {
        let go = |s: &mut Self, to: State, key: &str, rfc: &str| s.go(to, at, Some(i), key, rfc);
        if r.has(RST) {
            if !matches!(self.state, State::Listen | State::Closed) {
                go(
                    self,
                    State::Closed,
                    "capture.state.reset-sent",
                    "9293#3.10.7.4",
                );
            }
            return;
        }
        if r.has(SYN) {
            self.my_syn_end = Some(r.seq.wrapping_add(1));
            if !r.has(ACK) && self.state == State::Closed {
                go(
                    self,
                    State::SynSent,
                    "capture.state.sent-syn",
                    "9293#3.10.1",
                );
            }
            if r.has(ACK) && self.state == State::Listen {
                // The SYN it answers was not seen arriving (e.g. cut by a range).
                go(
                    self,
                    State::SynReceived,
                    "capture.state.got-syn",
                    "9293#3.10.7.2",
                );
            }
        }
        if r.has(FIN) {
            self.my_fin_end = Some(r.end());
            match self.state {
                State::Established | State::SynReceived => go(
                    self,
                    State::FinWait1,
                    "capture.state.sent-fin",
                    "9293#3.10.4",
                ),
                State::CloseWait => go(
                    self,
                    State::LastAck,
                    "capture.state.last-ack",
                    "9293#3.10.4",
                ),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::rec;
    use super::*;

    /// Segments for `recs` that leave when captured and arrive `transit` later.
    fn segs(recs: &[Rec], transit: u64) -> Vec<Segment> {
        recs.iter()
            .map(|r| Segment {
                sent_us: r.ts_us,
                recv_us: Some(r.ts_us + transit),
                ..Segment::default()
            })
            .collect()
    }

    fn run(side: u8, recs: &[Rec]) -> Vec<(State, State)> {
        let idx: Vec<usize> = (0..recs.len()).collect();
        let mut s = SideStates::new("x", 0);
        s.run(side, &idx, recs, &segs(recs, 5));
        s.changes.iter().map(|c| (c.from, c.to)).collect()
    }

    #[test]
    fn where_a_side_starts() {
        let syn = rec(0, 0, 0, SYN, 1, None, 0);
        let opening = Opening::of(&syn);
        assert_eq!(opening, Opening::Syn { from: 0 });
        assert_eq!(start(opening, 0, &[&syn]), Some(State::Closed));
        // The other side answered with SYN+ACK: it was listening.
        let synack = rec(0, 1, 10, SYN | ACK, 9, Some(2), 0);
        assert_eq!(start(opening, 1, &[&synack]), Some(State::Listen));
        // With RST and never a SYN: no listener, no states.
        let rst = rec(0, 1, 10, RST | ACK, 0, Some(2), 0);
        assert_eq!(start(opening, 1, &[&rst]), None);
        // With a bare SYN of its own: it opens actively too.
        let own = rec(0, 1, 10, SYN, 9, None, 0);
        assert_eq!(start(opening, 1, &[&own]), Some(State::Closed));
        assert_eq!(
            start(Opening::of(&synack), 0, &[]),
            Some(State::SynSent),
            "the SYN+ACK's receiver sent the SYN the capture missed"
        );
        assert_eq!(
            Opening::of(&rec(0, 0, 0, ACK, 1, Some(1), 0)),
            Opening::MidStream
        );
    }

    #[test]
    fn a_receive_the_next_send_acknowledges_comes_first() {
        // The server's data is estimated to arrive (t = 150) after the client's FIN leaves
        // (t = 100), but the FIN acknowledges it: the client had it before.
        let recs = [
            rec(0, 1, 0, ACK, 1, Some(1), 10),
            rec(0, 0, 100, FIN | ACK, 1, Some(11), 0),
        ];
        let segs = segs(&recs, 150);
        let order: Vec<Seen> = LocalOrder::new(0, &[0, 1], &recs, &segs).collect();
        assert_eq!(order, [Seen::Received(0), Seen::Sent(1)]);
        // Without that acknowledgment the estimated times decide.
        let recs = [
            rec(0, 1, 0, ACK, 1, Some(1), 10),
            rec(0, 0, 100, ACK, 1, Some(1), 0),
        ];
        let order: Vec<Seen> = LocalOrder::new(0, &[0, 1], &recs, &segs).collect();
        assert_eq!(order, [Seen::Sent(1), Seen::Received(0)]);
    }

    #[test]
    fn a_whole_connection_runs_both_sides_through_the_rfc_states() {
        use State::*;
        let recs = [
            rec(0, 0, 0, SYN, 100, None, 0),
            rec(0, 1, 10, SYN | ACK, 900, Some(101), 0),
            rec(0, 0, 20, ACK, 101, Some(901), 0),
            rec(0, 0, 30, FIN | ACK, 101, Some(901), 0),
            rec(0, 1, 40, ACK, 901, Some(102), 0),
            rec(0, 1, 50, FIN | ACK, 901, Some(102), 0),
            rec(0, 0, 60, ACK, 102, Some(902), 0),
        ];
        assert_eq!(
            run(0, &recs),
            [
                (Closed, SynSent),
                (SynSent, Established),
                (Established, FinWait1),
                (FinWait1, FinWait2),
                (FinWait2, TimeWait)
            ]
        );
        assert_eq!(
            run(1, &recs),
            [
                (Listen, SynReceived),
                (SynReceived, Established),
                (Established, CloseWait),
                (CloseWait, LastAck),
                (LastAck, Closed)
            ]
        );
    }

    #[test]
    fn a_capture_starting_mid_stream_starts_established_and_a_reset_closes() {
        use State::*;
        let recs = [
            rec(0, 0, 0, ACK, 1, Some(1), 10),
            rec(0, 1, 10, RST | ACK, 1, Some(11), 0),
        ];
        assert_eq!(
            run(0, &recs),
            [(Closed, Established), (Established, Closed)]
        );
        assert_eq!(
            run(1, &recs),
            [(Closed, Established), (Established, Closed)]
        );
    }
}
