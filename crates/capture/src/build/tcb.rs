//! What a capture tells of each side's TCB: the `tcb` samples of an imported Trace, marked
//! inferred. From one observation point only the numbers on the wire are known: SND.NXT
//! (the highest sequence number a side sent), SND.UNA (the highest ACK it received),
//! SND.WND (the window the peer offered, scaled), RCV.NXT and RCV.WND (what the side itself
//! acknowledged and offered), and the data in flight between them (as Wireshark counts it
//! without SACK; Wireshark also takes away what the last ACK's SACK blocks report).
//! cwnd, ssthresh, the RTT estimator and the buffers live inside the hosts: they are left
//! out, not zero. Without both SYNs the window scale is not known, so neither are the
//! windows.

use std::collections::HashMap;

use wiretrace_core::trace::{Connection, Endpoint, Flag, Proto, Segment, TcbSample, TcbVar};

/// One side of one connection, as the wire shows it so far.
#[derive(Clone, Copy, Debug, Default)]
struct Side {
    /// The highest sequence number sent, SYN and FIN included.
    nxt: Option<u32>,
    /// The end of the highest data sent (no SYN, no FIN).
    data: Option<u32>,
    /// The highest ACK received.
    una: Option<u32>,
    /// The window the peer offered last, scaled.
    snd_wnd: Option<u32>,
    /// The ACK this side sent last.
    rcv_nxt: Option<u32>,
    /// The window this side offered last, scaled.
    rcv_wnd: Option<u32>,
}

impl Side {
    /// This side sent `s` (its own window shift is `shift`): the sequence space it covers,
    /// and what it acknowledges and offers.
    fn sent(&mut self, s: &Segment, shift: Option<u8>) {
        let syn = u32::from(s.flags.contains(&Flag::Syn));
        let fin = u32::from(s.flags.contains(&Flag::Fin));
        // Sequence space is counted modulo 2^32: a length read from a text line may be
        // anything up to u32::MAX.
        let data = s.seq.wrapping_add(syn).wrapping_add(s.len);
        self.nxt = Some(highest(self.nxt, data.wrapping_add(fin)));
        self.data = Some(highest(self.data, data));
        if let Some(ack) = s.ack {
            self.rcv_nxt = Some(highest(self.rcv_nxt, ack));
        }
        if let Some(w) = offered(s, shift) {
            self.rcv_wnd = Some(w);
        }
    }

    /// This side received `s` (the peer's window shift is `peer_shift`): the peer's ACK
    /// and window.
    fn received(&mut self, s: &Segment, peer_shift: Option<u8>) {
        if let Some(ack) = s.ack {
            self.una = Some(highest(self.una, ack));
        }
        if let Some(w) = offered(s, peer_shift) {
            self.snd_wnd = Some(w);
        }
    }

    /// The data sent and not yet acknowledged; `None` until both ends of it are known.
    fn in_flight(&self) -> Option<u32> {
        match (self.data, self.una) {
            (Some(d), Some(u)) if after(d, u) => Some(d.wrapping_sub(u)),
            (Some(_), Some(_)) => Some(0),
            _ => None,
        }
    }

    /// The side's variables as an inferred sample of endpoint `endpoint`, taken at `at`
    /// after segment `s`.
    fn sample(&self, at: u64, endpoint: u32, s: &Segment) -> TcbSample {
        let mut sample = TcbSample::new(at, endpoint, s.conn, Some(s.id))
            .with(TcbVar::SndUna, self.una)
            .with(TcbVar::SndNxt, self.nxt)
            .with(TcbVar::SndWnd, self.snd_wnd)
            .with(TcbVar::RcvNxt, self.rcv_nxt)
            .with(TcbVar::RcvWnd, self.rcv_wnd)
            .with(TcbVar::InFlight, self.in_flight());
        sample.set_inferred(true);
        sample
    }
}

/// True if `a` is after `b` in sequence space.
fn after(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) > 0
}

/// The later of `old` and `new` in sequence space (`new` when there is no `old`).
fn highest(old: Option<u32>, new: u32) -> u32 {
    match old {
        Some(o) if !after(new, o) => o,
        _ => new,
    }
}

/// The window a segment offers, scaled by its sender's shift (a SYN's is never scaled);
/// `None` when the shift is not known (no handshake in the capture) or the window is not.
fn offered(s: &Segment, shift: Option<u8>) -> Option<u32> {
    if s.window_unknown {
        return None;
    }
    if s.flags.contains(&Flag::Syn) {
        return Some(s.window);
    }
    shift.map(|k| s.window << k.min(14))
}

/// The window scale options of the SYNs in a capture: (conn, endpoint) -> the option the
/// endpoint's first SYN carried.
struct SynShifts<'a>(HashMap<(u32, &'a str), Option<u8>>);

impl<'a> SynShifts<'a> {
    fn of(segments: &'a [Segment]) -> SynShifts<'a> {
        let mut syn_shift = HashMap::new();
        for s in segments.iter().filter(|s| s.flags.contains(&Flag::Syn)) {
            syn_shift
                .entry((s.conn, s.from.as_str()))
                .or_insert(s.options.wscale);
        }
        SynShifts(syn_shift)
    }

    /// The shift of `who`'s windows towards `peer`: known only when both SYNs were seen,
    /// and 0 unless both offered the option (RFC 7323 2.2).
    fn shift(&self, conn: u32, who: &str, peer: &str) -> Option<u8> {
        match (self.0.get(&(conn, who)), self.0.get(&(conn, peer))) {
            (Some(mine), Some(theirs)) => Some(match (mine, theirs) {
                (Some(k), Some(_)) => *k,
                _ => 0,
            }),
            _ => None,
        }
    }
}

/// What a side did with a segment; a send sorts before an arrival at the same time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Seen {
    Sent,
    Received,
}

/// A segment leaving its sender or reaching its receiver.
struct WireEvent<'a> {
    at: u64,
    seen: Seen,
    seg: &'a Segment,
}

impl<'a> WireEvent<'a> {
    /// The endpoint this event happens at, and its peer.
    fn sides(&self) -> (&'a str, &'a str) {
        match self.seen {
            Seen::Sent => (self.seg.from.as_str(), self.seg.to.as_str()),
            Seen::Received => (self.seg.to.as_str(), self.seg.from.as_str()),
        }
    }
}

/// The sends and arrivals of every TCP connection's segments, in time order.
fn wire_events<'a>(segments: &'a [Segment], connections: &[Connection]) -> Vec<WireEvent<'a>> {
    let mut events = Vec::new();
    for s in segments.iter().filter(|s| s.proto == Proto::Tcp) {
        let tcp = connections
            .get(s.conn as usize)
            .is_some_and(|c| c.proto == Proto::Tcp);
        if !tcp {
            continue;
        }
        events.push(WireEvent {
            at: s.sent_us,
            seen: Seen::Sent,
            seg: s,
        });
        if let Some(at) = s.recv_us {
            events.push(WireEvent {
                at,
                seen: Seen::Received,
                seg: s,
            });
        }
    }
    events.sort_by_key(|e| (e.at, e.seen, e.seg.id));
    events
}

/// The inferred samples of every TCP connection, in time order: one after each segment a
/// side sends and each it receives, when something changed.
pub(super) fn infer(
    segments: &[Segment],
    connections: &[Connection],
    endpoints: &[Endpoint],
) -> Vec<TcbSample> {
    let index: HashMap<&str, u32> = endpoints
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i as u32))
        .collect();
    let shifts = SynShifts::of(segments);
    let mut sides: HashMap<(u32, &str), Side> = HashMap::new();
    let mut last: HashMap<(u32, &str), TcbSample> = HashMap::new();
    let mut out = Vec::new();
    for event in wire_events(segments, connections) {
        let s = event.seg;
        let (who, peer) = event.sides();
        let Some(&e) = index.get(who) else { continue };
        let side = sides.entry((s.conn, who)).or_default();
        match event.seen {
            Seen::Sent => side.sent(s, shifts.shift(s.conn, who, peer)),
            Seen::Received => side.received(s, shifts.shift(s.conn, peer, who)),
        }
        let sample = side.sample(event.at, e, s);
        let key = (s.conn, who);
        if last.get(&key).is_some_and(|l| l.same_values(&sample)) {
            continue;
        }
        last.insert(key, sample);
        out.push(sample);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::too_many_arguments)]
    fn seg(
        id: u32,
        from: &str,
        to: &str,
        flags: &[Flag],
        seq: u32,
        ack: Option<u32>,
        len: u32,
        t: u64,
    ) -> Segment {
        Segment {
            id,
            conn: 0,
            from: from.into(),
            to: to.into(),
            flags: flags.into(),
            seq,
            ack,
            len,
            window: 1000,
            sent_us: t,
            recv_us: Some(t + 10),
            ..Segment::default()
        }
    }

    #[test]
    fn the_wire_tells_the_sequence_variables_and_leaves_the_rest_out() {
        let endpoints = vec![
            Endpoint {
                id: "client".into(),
                ..Endpoint::default()
            },
            Endpoint {
                id: "server".into(),
                ..Endpoint::default()
            },
        ];
        let conns = vec![Connection {
            client_endpoint: "client".into(),
            server_endpoint: "server".into(),
            ..Connection::default()
        }];
        let mut syn = seg(0, "client", "server", &[Flag::Syn], 100, None, 0, 0);
        syn.options.wscale = Some(2);
        let mut synack = seg(
            1,
            "server",
            "client",
            &[Flag::Syn, Flag::Ack],
            500,
            Some(101),
            0,
            20,
        );
        synack.options.wscale = Some(3);
        let segs = vec![
            syn,
            synack,
            seg(2, "client", "server", &[Flag::Ack], 101, Some(501), 0, 40),
            seg(
                3,
                "server",
                "client",
                &[Flag::Ack],
                501,
                Some(101),
                1000,
                55,
            ),
            seg(
                4,
                "server",
                "client",
                &[Flag::Ack, Flag::Fin],
                1501,
                Some(101),
                500,
                55,
            ),
        ];
        let got = infer(&segs, &conns, &endpoints);
        assert!(got.iter().all(|s| s.inferred()));
        assert!(got
            .iter()
            .all(|s| s.get(TcbVar::Cwnd).is_none() && s.get(TcbVar::SrttUs).is_none()));
        // The server after sending its FIN: SND.NXT past the FIN, 1,500 bytes of data in
        // flight (SND.UNA is the client's ACK of the SYN,ACK), the client's window scaled
        // by the client's shift (2).
        let s = got
            .iter()
            .rev()
            .find(|s| s.endpoint == 1 && s.segment() == Some(4))
            .unwrap();
        assert_eq!(s.get(TcbVar::SndNxt), Some(2002));
        assert_eq!(s.get(TcbVar::SndUna), Some(501));
        assert_eq!(s.get(TcbVar::InFlight), Some(1500));
        assert_eq!(s.get(TcbVar::SndWnd), Some(4000));
        assert_eq!(s.get(TcbVar::RcvWnd), Some(8000));
        assert_eq!(s.get(TcbVar::RcvNxt), Some(101));
        // Without the handshake, no window is known.
        let mid = infer(&segs[3..], &conns, &endpoints);
        assert!(mid
            .iter()
            .all(|s| s.get(TcbVar::SndWnd).is_none() && s.get(TcbVar::RcvWnd).is_none()));
    }
}
