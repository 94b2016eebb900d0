//! Timing from one observation point (see the module docs of [`super`]): each connection's
//! distances from the capture point to its two sides, and the Trace's time 0.

use std::collections::HashMap;

use wiretrace_core::trace::Proto;

use super::{sub, Rec};
use crate::packet::RST;

/// When the kept packets left and arrived, estimated from when they passed the capture
/// point.
pub(super) struct Timing {
    /// One-way distance from the capture point to each side (client, server), by the
    /// flow's connection id.
    dist: HashMap<u32, [u64; 2]>,
    /// Time 0 of the Trace as a capture time: the earliest estimated send (which may
    /// precede the first capture time).
    origin: i128,
}

impl Timing {
    /// Learns the distances of every connection from its own packets.
    pub fn new(recs: &[Rec]) -> Self {
        let mut by_conn: HashMap<u32, Vec<&Rec>> = HashMap::new();
        for r in recs {
            by_conn.entry(r.conn).or_default().push(r);
        }
        let dist: HashMap<u32, [u64; 2]> =
            by_conn.iter().map(|(c, rs)| (*c, distances(rs))).collect();
        let origin: i128 = recs
            .iter()
            .map(|r| i128::from(r.ts_us) - i128::from(dist[&r.conn][usize::from(r.dir)]))
            .min()
            .unwrap_or(0);
        Timing { dist, origin }
    }

    /// Distances of a connection's sides (client, server).
    pub fn dist(&self, conn: u32) -> [u64; 2] {
        self.dist[&conn]
    }

    /// Distance from the capture point to the sender of `r`.
    pub fn to_sender(&self, r: &Rec) -> u64 {
        self.dist(r.conn)[usize::from(r.dir)]
    }

    /// Distance from the capture point to the receiver of `r`.
    pub fn to_receiver(&self, r: &Rec) -> u64 {
        self.dist(r.conn)[usize::from(1 - r.dir)]
    }

    /// When `r` left its sender, on the Trace's clock.
    pub fn sent_us(&self, r: &Rec) -> u64 {
        self.rel(r.ts_us, self.to_sender(r))
    }

    /// When `r` passed the capture point, on the Trace's clock.
    pub fn passed_us(&self, r: &Rec) -> u64 {
        self.rel(r.ts_us, 0)
    }

    /// A capture time `t`, moved back by `minus`, on the Trace's clock (never below 0).
    fn rel(&self, t: u64, minus: u64) -> u64 {
        u64::try_from(i128::from(t) - i128::from(minus) - self.origin).unwrap_or(0)
    }
}

/// One-way distances (client side, server side) from the capture point of a connection.
fn distances(recs: &[&Rec]) -> [u64; 2] {
    let mut best: [Option<u64>; 2] = [None, None];
    // Pending segments per direction that occupy sequence space: (end, time).
    let mut pending: [Vec<(u32, u64)>; 2] = [Vec::new(), Vec::new()];
    for r in recs {
        if r.proto != Proto::Tcp {
            continue;
        }
        let d = usize::from(r.dir);
        let o = 1 - d;
        if let Some(ack) = r.ack {
            // The newest pending segment of the other side this acknowledges.
            let mut hit = None;
            pending[o].retain(|&(end, t)| {
                if sub(ack, end) >= 0 {
                    hit = Some(hit.map_or(t, |h: u64| h.max(t)));
                    false
                } else {
                    true
                }
            });
            if let Some(t) = hit {
                let gap = r.ts_us.saturating_sub(t);
                best[d] = Some(best[d].map_or(gap, |b| b.min(gap)));
            }
        }
        if r.seq_len() > 0 && !r.has(RST) && r.tags.is_empty() && pending[d].len() < 64 {
            pending[d].push((r.end(), r.ts_us));
        }
    }
    [best[0].unwrap_or(0) / 2, best[1].unwrap_or(0) / 2]
}

#[cfg(test)]
mod tests {
    use super::super::testing::rec;
    use super::*;
    use crate::packet::{ACK, SYN};

    #[test]
    fn distances_come_from_the_quickest_answers_and_time_0_is_the_first_send() {
        // Captured on the client's machine: the SYN+ACK comes 10 ms after the SYN (twice
        // the server's distance), the client's ACK 50 µs after the SYN+ACK.
        let recs = [
            rec(0, 0, 1_000_000, SYN, 100, None, 0),
            rec(0, 1, 1_010_000, SYN | ACK, 900, Some(101), 0),
            rec(0, 0, 1_010_050, ACK, 101, Some(901), 0),
        ];
        let t = Timing::new(&recs);
        assert_eq!(t.dist(0), [25, 5_000]);
        // The SYN left 25 µs before it was captured: that is time 0.
        assert_eq!(t.sent_us(&recs[0]), 0);
        assert_eq!(t.passed_us(&recs[0]), 25);
        assert_eq!(t.to_receiver(&recs[0]), 5_000);
        // The SYN+ACK left the server 5 ms before passing the capture point.
        assert_eq!(t.sent_us(&recs[1]), 5_025);
        assert_eq!(t.passed_us(&recs[1]), 10_025);
    }

    #[test]
    fn nothing_to_learn_from_means_no_distance() {
        let recs = [rec(0, 0, 500, ACK, 1, Some(1), 10)];
        let t = Timing::new(&recs);
        assert_eq!(t.dist(0), [0, 0]);
        assert_eq!((t.sent_us(&recs[0]), t.passed_us(&recs[0])), (0, 0));
    }
}
