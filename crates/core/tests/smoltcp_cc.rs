//! Differential test of congestion control against smoltcp's Reno: one bulk transfer
//! (300 segments of 1024 octets) from client to server, run by a pair of smoltcp sockets
//! and by a pair of our endpoints over the same link (10 ms one way; one packet per
//! millisecond leaves each end, so a burst queues and every segment gets its own ACK).
//! What is compared is what the sender's wire shows, round trip by round trip (`Round`:
//! segments sent, retransmissions, the largest flight), as smoltcp's cwnd is not readable.
//!
//! Set up alike: MSS 1024 on both (smoltcp's MTU 1064), our initial window 2 segments
//! (smoltcp's Reno starts at 2 * 1024 octets), no ssthresh (smoltcp's cannot be set),
//! 512 KiB receive buffers the servers read only at the end (the window never limits and
//! stays the same on duplicate ACKs), delayed ACKs off. Nagle is on for smoltcp's sender
//! where the two must agree: see the first difference below.
//!
//! Where they agree, exactly (`same_*` tests):
//! - no loss: slow start doubles the flight per round, 2, 4, ..., 128 segments;
//! - one loss: fast retransmit on the third duplicate ACK, ssthresh = max(FlightSize / 2,
//!   2 * SMSS) (RFC 5681 3.2), inflation by one segment per further duplicate, cwnd =
//!   ssthresh on the full ACK, then congestion avoidance, one segment more per round;
//! - a loss the timeout repairs (the fast retransmission lost too): cwnd falls to one
//!   segment (RFC 5681 3.1's LW), the retransmission goes alone, slow start again.
//!
//! Where they differ, by design (`differs_*` tests, asserting the difference):
//! - smoltcp fills its cwnd to the octet: without Nagle, in congestion avoidance every
//!   ACK frees a segment plus cwnd's growth, and the growth goes out as a short segment.
//!   Ours sends only full segments while data waits (sender SWS avoidance, RFC 9293
//!   3.8.6.2.1). smoltcp's Reno also adds SMSS * SMSS / cwnd for the ACK of each short
//!   segment, so its cwnd grows by 1.8 to 3.5 segments per round trip here, more as the
//!   short segments multiply, against RFC 5681 3.1 ("MUST NOT increment cwnd by more than
//!   SMSS bytes", per RTT); ours by one.
//! - several losses in one window: smoltcp is Reno, it leaves fast recovery on the first
//!   ACK of new data; ours is NewReno (RFC 6582): a partial ACK resends the next hole at
//!   once. With segments 50, 53 and 56 lost, ours repairs the three in one recovery;
//!   smoltcp needs a second round of three duplicate ACKs for 53 (and halves ssthresh
//!   again) and a timeout, a second later, for 56, where no duplicates are left.
//!
//! This test found a bug in ours, now fixed: a timeout did not record RFC 6582's
//! `recover`, so duplicate ACKs of segments sent before it started a fast retransmit
//! whose inflated cwnd, with SND.NXT gone back, resent 133 segments in one burst.

// Native only: smoltcp does not build for wasm32 (tests/wasm.rs runs there).
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/smoltcp.rs"]
mod smol;

use std::collections::VecDeque;
use std::net::SocketAddr;

use smol::{Packet, Side, SmolOpts, SmolSide};
use smoltcp::socket::tcp::CongestionControl;
use smoltcp::wire::IpAddress;
use wiretrace_core::tcp::segment::SYN;
use wiretrace_core::tcp::{State, TcpConfig};

const LATENCY_MS: u64 = 10;
const MSS: usize = 1024;
const LEN: usize = 300 * MSS;
const BUF: usize = 1 << 19;
const LIMIT_MS: u64 = 30_000;

/// What the client's side of the wire saw, in order (arrivals before sends in a tick).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ev {
    /// A data segment left the client: sequence offset from the first data octet, length.
    Sent { t: u64, off: usize, len: usize },
    /// An ACK reached the client: acknowledged data octets.
    Ack { t: u64, acked: usize },
}

/// One round trip of the sender: from the first segment sent after the previous round's
/// first segment was acknowledged, until this round's first segment is acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Round {
    /// Data segments sent (first transmissions and retransmissions).
    segs: usize,
    /// Of those, retransmissions.
    rtx: usize,
    /// The largest flight (highest octet sent minus highest acknowledged) in the round.
    flight: usize,
    /// Segments shorter than the MSS (the last one of the transfer aside).
    short: usize,
}

/// A loss: the first `times` transmissions of the segment at this data offset vanish.
#[derive(Clone, Copy, Debug)]
struct Drop {
    off: usize,
    times: usize,
}

/// The segment at `i` MSS, lost `times` times.
fn lose(i: usize, times: usize) -> Drop {
    Drop {
        off: i * MSS,
        times,
    }
}

/// One direction of the link: one packet per millisecond leaves, 10 ms later it arrives.
#[derive(Default)]
struct Pipe {
    next_free: u64,
    in_flight: VecDeque<(u64, Packet)>,
}

impl Pipe {
    fn push(&mut self, now: u64, p: Packet) {
        let depart = now.max(self.next_free);
        self.next_free = depart + 1;
        self.in_flight.push_back((depart + LATENCY_MS, p));
    }
    fn due(&mut self, now: u64) -> Vec<Packet> {
        let mut out = Vec::new();
        while self.in_flight.front().is_some_and(|p| p.0 <= now) {
            out.push(self.in_flight.pop_front().unwrap().1);
        }
        out
    }
}

/// Runs one bulk transfer client -> server with `drops`; returns the client's wire.
fn run(mut c: Box<dyn Side>, mut s: Box<dyn Side>, drops: &[Drop]) -> Vec<Ev> {
    let data: Vec<u8> = (0..LEN).map(|i| (i % 251) as u8).collect();
    let (mut up, mut down) = (Pipe::default(), Pipe::default());
    let mut dropped = vec![0; drops.len()];
    let mut evs = Vec::new();
    let mut c_isn = None::<u32>;
    let mut sent = false;
    let mut acked = 0;
    s.open(0);
    c.open(0);
    let mut now = 0;
    while now < LIMIT_MS && acked < LEN {
        let to_c = down.due(now);
        for p in &to_c {
            let h = p.header();
            if h.flags & SYN == 0 {
                let a = h.ack.wrapping_sub(c_isn.unwrap().wrapping_add(1)) as usize;
                acked = acked.max(a);
                evs.push(Ev::Ack { t: now, acked: a });
            }
        }
        let to_s = up.due(now);
        let mut outs = [c.poll(now, to_c), s.poll(now, to_s)];
        if !sent && c.state() == State::Established {
            c.send(&data);
            sent = true;
            outs[0].extend(c.poll(now, vec![]));
        }
        for p in outs[0].drain(..) {
            let h = p.header();
            if h.flags & SYN != 0 {
                c_isn = Some(h.seq);
            }
            if h.len > 0 {
                let off = h.seq.wrapping_sub(c_isn.unwrap().wrapping_add(1)) as usize;
                evs.push(Ev::Sent {
                    t: now,
                    off,
                    len: h.len,
                });
                if let Some(k) = drops
                    .iter()
                    .position(|d| d.off == off)
                    .filter(|&k| dropped[k] < drops[k].times)
                {
                    dropped[k] += 1;
                    continue;
                }
            }
            up.push(now, p);
        }
        for p in outs[1].drain(..) {
            down.push(now, p);
        }
        now += 1;
    }
    assert_eq!(acked, LEN, "all data acknowledged within {LIMIT_MS} ms");
    assert_eq!(s.recv(), data, "the server got the client's bytes");
    evs
}

/// Cuts the client's wire into rounds (see `Round`).
fn rounds(evs: &[Ev]) -> Vec<Round> {
    let mut out = Vec::new();
    let mut cur: Option<Round> = None;
    let mut marker: Option<usize> = None;
    let (mut una, mut max) = (0, 0);
    for &e in evs {
        match e {
            Ev::Ack { acked, .. } => {
                una = una.max(acked);
                if marker.is_some_and(|m| acked >= m) {
                    out.extend(cur.take());
                    marker = None;
                }
            }
            Ev::Sent { off, len, .. } => {
                let r = cur.get_or_insert(Round {
                    segs: 0,
                    rtx: 0,
                    flight: 0,
                    short: 0,
                });
                marker.get_or_insert(off + len);
                r.segs += 1;
                if off < max {
                    r.rtx += 1;
                }
                if len < MSS && off + len < LEN {
                    r.short += 1;
                }
                max = max.max(off + len);
                r.flight = r.flight.max(max - una);
            }
        }
    }
    out.extend(cur);
    out
}

fn smol_pair(nagle: bool) -> (Box<dyn Side>, Box<dyn Side>) {
    let c_ip = IpAddress::v4(10, 0, 0, 1);
    let s_ip = IpAddress::v4(10, 0, 0, 2);
    let opts = SmolOpts {
        // MSS = MTU - 40 = 1024: smoltcp's initial window, 2 * 1024 octets, is 2 segments.
        mtu: MSS + 40,
        rx_buf: BUF,
        tx_buf: BUF,
        congestion: CongestionControl::Reno,
        nagle,
    };
    (
        Box::new(SmolSide::new(true, (c_ip, 40000), (s_ip, 80), 1, opts)),
        Box::new(SmolSide::new(false, (s_ip, 80), (c_ip, 40000), 2, opts)),
    )
}

fn our_pair() -> (Box<dyn Side>, Box<dyn Side>) {
    let c_addr: SocketAddr = "10.0.0.1:40000".parse().unwrap();
    let s_addr: SocketAddr = "10.0.0.2:80".parse().unwrap();
    let cfg = TcpConfig {
        mss: MSS as u16,
        rcv_buf: BUF as u32,
        wscale: Some(4),
        initial_window: 2,
        ..TcpConfig::default()
    };
    let (c, s) = smol::our_pair(cfg, c_addr, s_addr);
    (c, s)
}

fn both(drops: &[Drop], nagle: bool) -> (Vec<Ev>, Vec<Ev>) {
    let (c, s) = smol_pair(nagle);
    let smol = run(c, s, drops);
    let (c, s) = our_pair();
    let ours = run(c, s, drops);
    (smol, ours)
}

fn flights(rs: &[Round]) -> Vec<usize> {
    rs.iter().map(|r| r.flight / MSS).collect()
}

/// The data retransmissions: (ms, segment index).
fn retransmissions(evs: &[Ev]) -> Vec<(u64, usize)> {
    let mut max = 0;
    let mut out = Vec::new();
    for e in evs {
        if let Ev::Sent { t, off, len } = *e {
            if off < max {
                out.push((t, off / MSS));
            }
            max = max.max(off + len);
        }
    }
    out
}

/// When the first ACK at or above `off` reached the sender.
fn acked_at(evs: &[Ev], off: usize) -> u64 {
    evs.iter()
        .find_map(|e| match *e {
            Ev::Ack { t, acked } if acked >= off => Some(t),
            _ => None,
        })
        .unwrap()
}

/// The flight (octets) on the wire just before the sender's first retransmission.
fn flight_at_first_retransmission(evs: &[Ev]) -> usize {
    let (mut una, mut max) = (0, 0);
    for e in evs {
        match *e {
            Ev::Ack { acked, .. } => una = una.max(acked),
            Ev::Sent { off, len, .. } => {
                if off < max {
                    return max - una;
                }
                max = max.max(off + len);
            }
        }
    }
    panic!("no retransmission")
}

/// The ms at which the last ACK reached the sender.
fn done_at(evs: &[Ev]) -> u64 {
    evs.iter()
        .rev()
        .find_map(|e| match *e {
            Ev::Ack { t, .. } => Some(t),
            _ => None,
        })
        .unwrap()
}

#[test]
fn same_slow_start_without_loss() {
    let (smol, ours) = both(&[], true);
    let r = rounds(&ours);
    assert_eq!(r, rounds(&smol));
    let segs: Vec<usize> = r.iter().map(|r| r.segs).collect();
    // Doubling per round trip; the last round sends what is left of the 300.
    assert_eq!(segs, [2, 4, 8, 16, 32, 64, 128, 46]);
    assert_eq!(flights(&r), [2, 4, 8, 16, 32, 64, 128, 151]);
    assert!(r.iter().all(|r| r.rtx == 0 && r.short == 0));
    assert_eq!(done_at(&ours), done_at(&smol));
    // Without Nagle, smoltcp is the same here: slow start keeps cwnd whole segments.
    assert_eq!(rounds(&both(&[], false).0), r);
}

#[test]
fn same_fast_retransmit_and_congestion_avoidance_after_one_loss() {
    let (smol, ours) = both(&[lose(50, 1)], true);
    let r = rounds(&ours);
    assert_eq!(r, rounds(&smol), "per-round flights");
    assert_eq!(retransmissions(&ours), retransmissions(&smol));
    // Slow start until the loss; one retransmission, on the third duplicate ACK (the
    // segments 51, 52 and 53 bring them: 3 ms after the ACK of 50 was due).
    assert_eq!(flights(&r[..5]), [2, 4, 8, 16, 32]);
    let rtx = retransmissions(&ours);
    assert_eq!(rtx.len(), 1);
    assert_eq!(rtx[0].0, acked_at(&ours, 50 * MSS) + 3);
    // ssthresh = max(FlightSize / 2, 2 * SMSS); after the full ACK the flight is cwnd =
    // ssthresh, in whole segments, then grows by one segment per round trip.
    let flight = flight_at_first_retransmission(&ours);
    assert_eq!(flight, flight_at_first_retransmission(&smol));
    assert_eq!(flight, 52 * MSS);
    let ssthresh = (flight / 2).max(2 * MSS);
    assert_eq!(r[6].flight, ssthresh / MSS * MSS);
    assert_eq!(flights(&r[6..]), [26, 27, 28, 29, 30, 31, 31]);
    assert!(r.iter().all(|r| r.short == 0));
}

#[test]
fn same_timeout_restarts_from_one_segment() {
    // Segment 10 and its fast retransmission are lost: the timeout resends it.
    let (smol, ours) = both(&[lose(10, 2)], true);
    let r = rounds(&ours);
    assert_eq!(r, rounds(&smol), "per-round flights");
    assert_eq!(retransmissions(&ours), retransmissions(&smol));
    let rtx = retransmissions(&ours);
    assert_eq!(rtx.iter().map(|r| r.1).collect::<Vec<_>>(), [10, 10]);
    // The fast retransmission on the third duplicate ACK, the timeout's 1 s (the minimum
    // RTO of both) after it.
    assert_eq!(rtx[1].0 - rtx[0].0, 1000);
    // Loss window: the timeout sends one segment only (RFC 5681 3.1, LW = 1 SMSS) ...
    let at_rto = ours
        .iter()
        .filter(|e| matches!(e, Ev::Sent { t, .. } if *t == rtx[1].0))
        .count();
    assert_eq!(at_rto, 1);
    // ... and its ACK (of everything the receiver held) starts slow start again at 2.
    assert_eq!(r[3].rtx, 2);
    assert_eq!(
        r[4..].iter().map(|r| r.segs).collect::<Vec<_>>(),
        [2, 4, 8, 16]
    );
    assert_eq!(done_at(&ours), done_at(&smol));
}

#[test]
fn differs_smoltcp_fills_cwnd_with_short_segments_and_grows_faster() {
    let (smol, ours) = both(&[lose(50, 1)], false);
    let (rs, ro) = (rounds(&smol), rounds(&ours));
    // Identical up to the end of the recovery ...
    assert_eq!(rs[..6], ro[..6]);
    // ... then ours: full segments only, one more per round trip.
    assert!(ro.iter().all(|r| r.short == 0));
    assert_eq!(flights(&ro[6..]), [26, 27, 28, 29, 30, 31, 31]);
    // smoltcp: a short segment beside about every full one, and a cwnd (its flight, to
    // the octet) that grows by 1.8 to 3.5 segments per round trip.
    assert_eq!(
        rs[6..]
            .iter()
            .map(|r| (r.segs, r.short))
            .collect::<Vec<_>>(),
        [
            (51, 25),
            (77, 51),
            (103, 77),
            (129, 103),
            (155, 129),
            (56, 47)
        ]
    );
    assert_eq!(
        rs[6..].iter().map(|r| r.flight).collect::<Vec<_>>(),
        [27581, 29431, 32022, 35186, 38783, 40007]
    );
    for w in rs[6..11].windows(2) {
        assert!(w[1].flight - w[0].flight > 3 * MSS / 2, "{w:?}");
    }
    // The extra ACKs cost time: 788 ms against ours 390.
    assert_eq!((done_at(&smol), done_at(&ours)), (788, 390));
}

#[test]
fn differs_several_losses_newreno_repairs_all_reno_needs_a_timeout() {
    let drops = [lose(50, 1), lose(53, 1), lose(56, 1)];
    let (smol, ours) = both(&drops, true);
    let (rs, ro) = (retransmissions(&smol), retransmissions(&ours));
    // Both: the first hole by fast retransmit on the third duplicate ACK.
    assert_eq!(rs[0], ro[0]);
    let holes = |r: &[(u64, usize)]| r.iter().map(|r| r.1).collect::<Vec<_>>();
    assert_eq!(holes(&ro), [50, 53, 56]);
    assert_eq!(holes(&rs), [50, 53, 56]);
    // Ours (NewReno, RFC 6582 3.2 step 5): each partial ACK resends the next hole at once.
    assert_eq!(ro[1].0, acked_at(&ours, 53 * MSS));
    assert_eq!(ro[2].0, acked_at(&ours, 56 * MSS));
    // smoltcp (Reno): the partial ACK ends recovery. 53 goes again only after three new
    // duplicates (from the segments the first recovery sent); after that second recovery
    // nothing new was sent, so no duplicate comes for 56: the RTO resends it, 1 s later.
    assert_eq!(rs[1].0, acked_at(&smol, 53 * MSS) + 3);
    assert_eq!(rs[2].0, acked_at(&smol, 56 * MSS) + 1000);
    // Ours then goes on in congestion avoidance from one halving; smoltcp in slow start
    // from one segment.
    let (r_s, r_o) = (rounds(&smol), rounds(&ours));
    assert_eq!(flights(&r_o[6..]), [26, 27, 28, 29, 30]);
    assert_eq!(flights(&r_s[6..11]), [2, 4, 8, 16, 32]);
    assert_eq!((done_at(&smol), done_at(&ours)), (1478, 390));
}
