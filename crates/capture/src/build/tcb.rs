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

/// True if `a` is after `b` in sequence space.
fn after(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) > 0
}

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
    // Each side's window shift, when both SYNs were seen: (conn, endpoint) -> shift.
    let mut syn_shift: HashMap<(u32, &str), Option<u8>> = HashMap::new();
    for s in segments.iter().filter(|s| s.flags.contains(&Flag::Syn)) {
        syn_shift
            .entry((s.conn, s.from.as_str()))
            .or_insert(s.options.wscale);
    }
    let shift = |conn: u32, who: &str, peer: &str| -> Option<u8> {
        match (syn_shift.get(&(conn, who)), syn_shift.get(&(conn, peer))) {
            (Some(mine), Some(theirs)) => Some(match (mine, theirs) {
                (Some(k), Some(_)) => *k,
                _ => 0,
            }),
            _ => None,
        }
    };
    // Sends and arrivals in time order (a send before an arrival at the same time).
    let mut events: Vec<(u64, u8, &Segment)> = Vec::new();
    for s in segments.iter().filter(|s| s.proto == Proto::Tcp) {
        let tcp = connections
            .get(s.conn as usize)
            .is_some_and(|c| c.proto == Proto::Tcp);
        if !tcp {
            continue;
        }
        events.push((s.sent_us, 0, s));
        if let Some(at) = s.recv_us {
            events.push((at, 1, s));
        }
    }
    events.sort_by_key(|(at, kind, s)| (*at, *kind, s.id));
    let mut sides: HashMap<(u32, &str), Side> = HashMap::new();
    let mut last: HashMap<(u32, &str), TcbSample> = HashMap::new();
    let mut out = Vec::new();
    for (at, kind, s) in events {
        let (who, peer) = if kind == 0 {
            (s.from.as_str(), s.to.as_str())
        } else {
            (s.to.as_str(), s.from.as_str())
        };
        let Some(&e) = index.get(who) else { continue };
        let side = sides.entry((s.conn, who)).or_default();
        let syn = u32::from(s.flags.contains(&Flag::Syn));
        let fin = u32::from(s.flags.contains(&Flag::Fin));
        if kind == 0 {
            // Sent: the sequence space it covers, and what it acknowledges and offers.
            side.nxt = Some(highest(side.nxt, s.seq.wrapping_add(syn + s.len + fin)));
            side.data = Some(highest(side.data, s.seq.wrapping_add(syn + s.len)));
            if let Some(ack) = s.ack {
                side.rcv_nxt = Some(highest(side.rcv_nxt, ack));
            }
            if let Some(w) = offered(s, shift(s.conn, who, peer)) {
                side.rcv_wnd = Some(w);
            }
        } else {
            // Received: the peer's ACK and window.
            if let Some(ack) = s.ack {
                side.una = Some(highest(side.una, ack));
            }
            if let Some(w) = offered(s, shift(s.conn, peer, who)) {
                side.snd_wnd = Some(w);
            }
        }
        let flight = match (side.data, side.una) {
            (Some(d), Some(u)) if after(d, u) => Some(d.wrapping_sub(u)),
            (Some(_), Some(_)) => Some(0),
            _ => None,
        };
        let mut sample = TcbSample::new(at, e, s.conn, Some(s.id))
            .with(TcbVar::SndUna, side.una)
            .with(TcbVar::SndNxt, side.nxt)
            .with(TcbVar::SndWnd, side.snd_wnd)
            .with(TcbVar::RcvNxt, side.rcv_nxt)
            .with(TcbVar::RcvWnd, side.rcv_wnd)
            .with(TcbVar::InFlight, flight);
        sample.set_inferred(true);
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
            flags: flags.to_vec(),
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
