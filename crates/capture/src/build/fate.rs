//! Which kept packets were lost after the capture point (see the module docs of
//! [`super`]): the packets show it only when seen from near the sender.
//!
//! Both rules look back from each retransmission. They keep what they look at indexed
//! as they go (the latest copy of each segment and each side's acknowledgments; the pure
//! ACKs not yet found lost), so that a capture full of retransmissions (a peer sending
//! everything again, many times) is not scanned again for each of them.

use std::collections::{BTreeMap, HashMap};

use wiretrace_core::trace::{Analysis, Proto};

use super::timing::Timing;
use super::{sub, Rec};
use crate::packet::{ACK, FIN, RST, SYN};

/// The kept packets that were lost between the capture point and their receiver
/// ([`lost_originals`] and [`lost_acks`]), one flag per packet.
pub(super) fn lost_after_capture(recs: &[Rec], timing: &Timing) -> Vec<bool> {
    let mut lost = vec![false; recs.len()];
    for i in lost_originals(recs, timing)
        .into_iter()
        .chain(lost_acks(recs, timing))
    {
        lost[i] = true;
    }
    lost
}

/// Originals retransmitted with no acknowledgment of them in between, seen from near
/// their sender.
fn lost_originals(recs: &[Rec], timing: &Timing) -> Vec<usize> {
    let mut out = Vec::new();
    // The latest packet carrying data or SYN/FIN from each side of each connection, by its
    // sequence number and control bits (a SYN+ACK after one's own SYN, a simultaneous
    // open, repeats the sequence number without the SYN having been lost).
    let mut latest: HashMap<(u32, u8, u32, u8), usize> = HashMap::new();
    // The packets that acknowledge something, of each side of each connection, in order:
    // whether a copy was acknowledged is looked up among its peer's alone.
    let mut acking: HashMap<(u32, u8), Vec<(usize, u32)>> = HashMap::new();
    for (j, r) in recs.iter().enumerate() {
        let key = (r.conn, r.dir, r.seq, r.flags & (SYN | FIN | ACK));
        let retrans = r
            .tags
            .to_vec()
            .iter()
            .any(|a| matches!(a, Analysis::Retransmission | Analysis::FastRetransmission));
        // The latest earlier copy from the same side starting at the same sequence number.
        let earlier = latest.get(&key).copied();
        if r.seq_len() > 0 {
            latest.insert(key, j);
        }
        if let Some(ack) = r.ack {
            acking.entry((r.conn, r.dir)).or_default().push((j, ack));
        }
        if !retrans || r.proto != Proto::Tcp {
            continue;
        }
        if timing.to_sender(r) > timing.to_receiver(r) {
            continue;
        }
        let Some(i) = earlier else {
            continue;
        };
        // Acknowledged by the peer between the copy and this retransmission (the peer's
        // list holds only packets before it: it is filled as they come).
        let end = recs[i].end();
        let acks = acking.get(&r.peer()).map_or(&[][..], Vec::as_slice);
        let after = acks.partition_point(|&(k, _)| k <= i);
        let acked = acks[after..].iter().any(|&(_, ack)| sub(ack, end) >= 0);
        if !acked {
            out.push(i);
        }
    }
    out
}

/// The other way round: a segment retransmitted although the peer had acknowledged it in
/// time means that acknowledgment never arrived (e.g. the last ACK of a close, which makes
/// the FIN come again). Seen from near the acknowledging side only.
fn lost_acks(recs: &[Rec], timing: &Timing) -> Vec<usize> {
    let mut out = Vec::new();
    // The pure ACKs (no RST) of each side of each connection not found lost yet, by the
    // number they acknowledge: a retransmission looks only at those that cover it, and one
    // found lost is not looked at again.
    let mut acks: HashMap<(u32, u8), BTreeMap<u32, Vec<usize>>> = HashMap::new();
    for (j, r) in recs.iter().enumerate() {
        let retrans = r.tags.to_vec().contains(&Analysis::Retransmission);
        if retrans && r.proto == Proto::Tcp {
            let (d_sender, d_acker) = (timing.to_sender(r), timing.to_receiver(r));
            if let (true, Some(peer)) = (d_acker <= d_sender, acks.get_mut(&r.peer())) {
                // Those covering the retransmission's end: from it up to half the sequence
                // space past it (`sub(ack, end) >= 0`), which may wrap past 2^32.
                let end = r.end();
                let top = end.wrapping_add(1 << 31);
                let covering: Vec<u32> = if end < top {
                    peer.range(end..top).map(|(&k, _)| k).collect()
                } else {
                    peer.range(end..)
                        .chain(peer.range(..top))
                        .map(|(&k, _)| k)
                        .collect()
                };
                for k in covering {
                    let Some(list) = peer.get_mut(&k) else {
                        continue;
                    };
                    list.retain(|&i| {
                        let in_time = recs[i].ts_us.saturating_add(2 * d_sender) < r.ts_us;
                        if in_time {
                            out.push(i);
                        }
                        !in_time
                    });
                    if list.is_empty() {
                        peer.remove(&k);
                    }
                }
            }
        }
        if let (0, false, Some(ack)) = (r.seq_len(), r.has(RST), r.ack) {
            acks.entry((r.conn, r.dir))
                .or_default()
                .entry(ack)
                .or_default()
                .push(j);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::rec;
    use super::*;
    use crate::analysis::Tags;

    #[test]
    fn an_original_retransmitted_unacknowledged_was_lost_after_the_capture_point() {
        let mut recs = vec![
            rec(0, 0, 0, ACK, 1, Some(1), 10),
            rec(0, 0, 300_000, ACK, 1, Some(1), 10),
        ];
        recs[1].tags = Tags::retransmission();
        let t = Timing::new(&recs);
        assert_eq!(lost_after_capture(&recs, &t), [true, false]);
        // Acknowledged in between: the retransmission was not caused by its loss.
        recs.insert(1, rec(0, 1, 100_000, ACK, 1, Some(11), 0));
        let t = Timing::new(&recs);
        assert_eq!(lost_originals(&recs, &t), Vec::<usize>::new());
    }

    #[test]
    fn an_ack_answered_by_a_retransmission_was_lost_after_the_capture_point() {
        // Captured near the client (the server answers its data 20 ms later, the client
        // the server's FIN at once). The client acknowledges the FIN; the FIN comes again:
        // the ACK was lost on its way to the server.
        let mut recs = vec![
            rec(0, 0, 0, ACK, 1, Some(50), 10),
            rec(0, 1, 20_000, FIN | ACK, 50, Some(11), 0),
            rec(0, 0, 20_050, ACK, 11, Some(51), 0),
            rec(0, 1, 300_000, FIN | ACK, 50, Some(11), 0),
        ];
        recs[3].tags = Tags::retransmission();
        let t = Timing::new(&recs);
        assert_eq!(t.dist(0), [25, 10_000]);
        assert_eq!(lost_acks(&recs, &t), vec![2]);
        assert_eq!(lost_after_capture(&recs, &t), [false, false, true, false]);
        // Seen from near the server instead, the capture cannot tell.
        let mut far = recs.clone();
        far[1].ts_us = 100;
        far[2].ts_us = 39_000;
        let t = Timing::new(&far);
        assert!(t.to_receiver(&far[3]) > t.to_sender(&far[3]));
        assert_eq!(lost_after_capture(&far, &t), [false; 4]);
    }

    /// The rules as first written: each retransmission looks back over every packet before
    /// it. Quadratic, but plainly what the module says.
    fn lost_by_looking_back(recs: &[Rec], timing: &Timing) -> Vec<bool> {
        let mut lost = vec![false; recs.len()];
        for (j, r) in recs.iter().enumerate() {
            let tags = r.tags.to_vec();
            if r.proto != Proto::Tcp {
                continue;
            }
            let (d_sender, d_acker) = (timing.to_sender(r), timing.to_receiver(r));
            let any_rtx = tags
                .iter()
                .any(|a| matches!(a, Analysis::Retransmission | Analysis::FastRetransmission));
            if any_rtx && d_sender <= d_acker {
                let copy = (0..j).rev().find(|&i| {
                    let o = &recs[i];
                    o.conn == r.conn
                        && o.dir == r.dir
                        && o.seq == r.seq
                        && o.seq_len() > 0
                        && o.flags & (SYN | FIN | ACK) == r.flags & (SYN | FIN | ACK)
                });
                if let Some(i) = copy {
                    let end = recs[i].end();
                    let acked = recs[i + 1..j].iter().any(|a| {
                        a.conn == r.conn
                            && a.dir != r.dir
                            && a.ack.is_some_and(|ack| sub(ack, end) >= 0)
                    });
                    lost[i] |= !acked;
                }
            }
            if tags.contains(&Analysis::Retransmission) && d_acker <= d_sender {
                for (i, a) in recs[..j].iter().enumerate() {
                    lost[i] |= a.conn == r.conn
                        && a.dir != r.dir
                        && a.seq_len() == 0
                        && !a.has(RST)
                        && a.ack.is_some_and(|ack| sub(ack, r.end()) >= 0)
                        && a.ts_us.saturating_add(2 * d_sender) < r.ts_us;
                }
            }
        }
        lost
    }

    #[test]
    fn the_indexed_rules_find_what_looking_back_over_every_packet_finds() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut rnd = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut found = 0;
        for round in 0..300 {
            // Two connections, sequence numbers near 2^32 in some rounds (they wrap), few
            // distinct numbers and times in steps of 10 ms, so that copies, covers and
            // times exactly at the edge of "in time" happen often; both kinds of
            // retransmission (only one starts the ACK rule), and a few datagrams.
            let base = if round % 3 == 0 { u32::MAX - 40 } else { 1000 };
            let n = 5 + rnd(60) as usize;
            let mut ts = 0;
            let recs: Vec<Rec> = (0..n)
                .map(|_| {
                    ts += rnd(4) * 10_000;
                    let flags = [ACK, ACK, ACK | FIN, ACK | RST, SYN, SYN | ACK][rnd(6) as usize];
                    let seq = base.wrapping_add(rnd(8) as u32 * 10);
                    let ack = (rnd(5) != 0).then(|| base.wrapping_add(rnd(9) as u32 * 10));
                    let len = [0, 0, 10][rnd(3) as usize];
                    let mut r = rec(rnd(2) as u32, rnd(2) as u8, ts, flags, seq, ack, len);
                    r.tags = match rnd(6) {
                        0 | 1 => Tags::retransmission(),
                        2 => Tags::fast_retransmission(),
                        _ => r.tags,
                    };
                    // A datagram now and then: neither rule starts from one.
                    if rnd(12) == 0 {
                        r.proto = Proto::Udp;
                    }
                    r
                })
                .collect();
            let t = Timing::new(&recs);
            let want = lost_by_looking_back(&recs, &t);
            found += want.iter().filter(|&&l| l).count();
            assert_eq!(
                lost_after_capture(&recs, &t),
                want,
                "round {round}: {n} packets"
            );
        }
        assert!(found > 50, "the rounds find losses to compare ({found})");
    }
}
