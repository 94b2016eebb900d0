//! The time axis: where the run starts and ends, its scale (the median transit sets it),
//! the rows where segments leave and arrive (segments at one instant stack, so parallel
//! arrows stay parallel), and the [`TimeMap`] from time to y with idle gaps folded.

use wiretrace_core::trace::Trace;

use super::lanes::Slots;
use super::metrics::{Metrics, TOP, TRANSIT_PX};
use super::pace::Pace;
use crate::timemap::{Scale, TimeMap};

/// The time axis of a figure.
pub(crate) struct TimeAxis {
    /// Earliest time in the trace (the gutter counts from it).
    pub t0: u64,
    /// When the figure ends: the run's end or the last arrival, whichever is later.
    pub end_us: u64,
    /// The median transit (0 when nothing arrived).
    pub typical: u64,
    /// Time -> y.
    pub map: TimeMap,
    /// Row of each segment's send among those leaving at the same instant.
    pub send_row: Vec<u32>,
    /// Row of each arrival among those reaching the same endpoint at the same instant.
    pub arrive_row: Vec<u32>,
    /// Rows of the segments' passes through middleboxes: every segment's in the order of
    /// its `via`, the segments in order.
    pub hop_rows: Vec<u32>,
}

/// What the axis needs from the rest of the layout.
pub(crate) struct AxisNeeds<'a> {
    /// Least distance between rows where segments leave.
    pub row_gap: f32,
    /// Room a two-line label above its arrow needs after a break.
    pub two_line: bool,
    /// Instants that keep a place of their own (marked events).
    pub moments: &'a [u64],
}

fn median(mut v: Vec<u64>) -> Option<u64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[v.len() / 2])
}

impl TimeAxis {
    /// Lets go of the rows, which only the arrows' paths read: the labels placed after
    /// them hold a long run's most memory.
    pub fn drop_rows(&mut self) {
        self.send_row = Vec::new();
        self.arrive_row = Vec::new();
        self.hop_rows = Vec::new();
    }

    pub async fn new(
        trace: &Trace,
        slots: &Slots<'_>,
        m: &Metrics,
        needs: &AxisNeeds<'_>,
        pace: &Pace,
    ) -> TimeAxis {
        let segs = &trace.segments;
        let t0 = segs
            .iter()
            .map(|s| s.sent_us)
            .chain(trace.states.iter().map(|s| s.at_us))
            .chain(trace.timers.iter().map(|t| t.armed_us))
            .min()
            .unwrap_or(0);
        let median_transit = median(
            segs.iter()
                .filter_map(|s| s.recv_us.map(|r| r.saturating_sub(s.sent_us)))
                .filter(|&d| d > 0)
                .collect(),
        );
        let scale_base = median_transit.or_else(|| {
            let mut sends: Vec<u64> = segs.iter().map(|s| s.sent_us).collect();
            sends.dedup();
            median(
                sends
                    .windows(2)
                    .map(|w| w[1].saturating_sub(w[0]))
                    .filter(|&d| d > 0)
                    .collect(),
            )
        });
        let px_per_us = scale_base.map_or(0.001, |d| TRANSIT_PX / d as f64);
        let scale = Scale {
            px_per_us,
            row_gap: needs.row_gap,
            max_gap: (m.row_gap * 5.0).max(TRANSIT_PX as f32 * 2.5),
            break_height: 56.0,
            // A two-line label above an arrow leaving right after a break clears its
            // zigzag.
            after_break: if needs.two_line {
                2.0 * m.line_h - 4.0
            } else {
                0.0
            },
        };
        let end_us = trace
            .end_us
            .max(segs.iter().filter_map(|s| s.recv_us).max().unwrap_or(0))
            .max(segs.iter().map(|s| s.sent_us).max().unwrap_or(0));

        pace.point(0.12).await;
        let rows = Rows::new(trace, slots, pace).await;
        let mut marks: Vec<(u64, u32)> = rows.at;
        // Made the size it will be, rather than grown by doubling (three or four marks a
        // segment of a long run).
        marks.reserve_exact(
            segs.iter()
                .map(|s| usize::from(s.lost_us().is_some()) + s.via().len())
                .sum::<usize>()
                + trace.states.len()
                + 2 * trace.timers.len()
                + 2
                + needs.moments.len(),
        );
        marks.extend(segs.iter().filter_map(|s| s.lost_us().map(|t| (t, 0))));
        marks.extend(
            segs.iter()
                .flat_map(|s| s.via().iter().map(|h| (h.at_us, 0))),
        );
        marks.extend(trace.states.iter().map(|s| (s.at_us, 0)));
        for tm in &trace.timers {
            marks.push((tm.armed_us, 0));
            marks.push((
                tm.ended_us.unwrap_or(end_us).min(end_us.max(tm.armed_us)),
                0,
            ));
        }
        marks.push((t0, 0));
        marks.push((end_us, 0));
        let moments: Vec<u64> = needs
            .moments
            .iter()
            .map(|t| (*t).clamp(t0, end_us.max(t0)))
            .collect();
        pace.point(0.15).await;
        let map = TimeMap::with_moments(TOP, marks, &moments, scale);
        TimeAxis {
            t0,
            end_us,
            typical: median_transit.unwrap_or(0),
            map,
            send_row: rows.send,
            arrive_row: rows.arrive,
            hop_rows: rows.hops,
        }
    }
}

/// Rows: every send takes a row of its own at its instant; arrivals at one endpoint at one
/// instant take rows too (and passes through a middlebox), so parallel segments stay
/// parallel all the way.
struct Rows {
    send: Vec<u32>,
    arrive: Vec<u32>,
    /// As [`TimeAxis::hop_rows`].
    hops: Vec<u32>,
    /// (time, rows there): the most rows any endpoint needs at that instant.
    at: Vec<(u64, u32)>,
}

/// An arrival sorted as `(time, endpoint, segment, hop)`, the arrival at the receiver
/// after the segment's hops: 16 bytes where the tuple takes 24 in wasm32.
fn arrival_key(endpoint: usize, segment: usize, hop: Option<usize>) -> u64 {
    debug_assert!(
        endpoint < 1 << 16 && u32::try_from(segment).is_ok(),
        "{endpoint} {segment}"
    );
    debug_assert!(hop.is_none_or(|k| k < 0xffff), "{hop:?}");
    let hop = hop.map_or(0xffff, |k| k.min(0xfffe)) as u64;
    ((endpoint as u64) << 48) | ((segment as u64 & 0xffff_ffff) << 16) | hop
}

/// The endpoint, segment and hop of an [`arrival_key`].
fn arrival_of(key: u64) -> (usize, usize, Option<usize>) {
    let hop = match key & 0xffff {
        0xffff => None,
        k => Some(k as usize),
    };
    (
        (key >> 48) as usize,
        ((key >> 16) & 0xffff_ffff) as usize,
        hop,
    )
}

/// Adds `rows` at instant `t` to `at`, or raises the last entry's when it is at `t`.
fn keep_most(at: &mut Vec<(u64, u32)>, t: u64, rows: u32) {
    match at.last_mut() {
        Some(last) if last.0 == t => last.1 = last.1.max(rows),
        _ => at.push((t, rows)),
    }
}

impl Rows {
    async fn new(trace: &Trace, slots: &Slots<'_>, pace: &Pace) -> Rows {
        let segs = &trace.segments;
        let mut send: Vec<u32> = vec![0; segs.len()];
        let mut arrive: Vec<u32> = vec![0; segs.len()];
        // Where each segment's hops start in `hops` (none without middleboxes).
        let n_hops: usize = segs.iter().map(|s| s.via().len()).sum();
        let mut hops: Vec<u32> = vec![0; n_hops];
        let hop_start: Vec<u32> = if n_hops == 0 {
            Vec::new()
        } else {
            segs.iter()
                .scan(0u32, |at, s| {
                    let first = *at;
                    *at += s.via().len() as u32;
                    Some(first)
                })
                .collect()
        };
        // Every list is made the size it will be, and the sends are dropped before the
        // arrivals are listed: a long run's layout holds the least at once. An instant
        // keeps only its most rows.
        let n_arrivals = n_hops + segs.iter().filter(|s| s.recv_us.is_some()).count();
        // Positions in `segs` (not `Segment::id`): an imported file may number them oddly.
        let mut sends: Vec<(u64, usize)> = segs.iter().map(|s| s.sent_us).zip(0..).collect();
        sends.sort_unstable();
        let send_instants = sends.chunk_by(|a, b| a.0 == b.0).count();
        let mut at: Vec<(u64, u32)> = Vec::with_capacity(send_instants + n_arrivals);
        let mut n = 0u32;
        for (k, &(t, i)) in sends.iter().enumerate() {
            n = if k > 0 && sends[k - 1].0 == t {
                n + 1
            } else {
                0
            };
            send[i] = n;
            keep_most(&mut at, t, n + 1);
        }
        drop(sends);
        // (time, endpoint, segment and hop: `arrival_key`)
        let mut arrivals: Vec<(u64, u64)> = Vec::with_capacity(n_arrivals);
        for (i, s) in segs.iter().enumerate() {
            for (k, h) in s.via().iter().enumerate() {
                arrivals.push((h.at_us, arrival_key(slots.of(&h.endpoint), i, Some(k))));
            }
            if let Some(r) = s.recv_us {
                arrivals.push((r, arrival_key(slots.of(&s.to), i, None)));
            }
        }
        pace.point(0.13).await;
        arrivals.sort_unstable();
        pace.point(0.14).await;
        for (k, &(t, key)) in arrivals.iter().enumerate() {
            let (ep, i, hop) = arrival_of(key);
            let same = k > 0 && (arrivals[k - 1].0, arrival_of(arrivals[k - 1].1).0) == (t, ep);
            n = if same { n + 1 } else { 0 };
            match hop {
                None => arrive[i] = n,
                Some(hop) => hops[hop_start[i] as usize + hop] = n,
            }
            keep_most(&mut at, t, n + 1);
        }
        // Keep the largest count per instant (the time map adds up repeated marks).
        at.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        at.dedup_by_key(|r| r.0);
        Rows {
            send,
            arrive,
            hops,
            at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{arrival_key, arrival_of};

    #[test]
    fn arrivals_sort_by_their_key_as_by_endpoint_segment_and_hop() {
        // (endpoint, segment, hop), the arrival at the receiver after the hops.
        let mut tuples = Vec::new();
        for ep in [0usize, 1, 7, 300] {
            for seg in [0usize, 1, 65_535, 65_536, 999_999, 4_000_000_000] {
                for hop in [Some(0usize), Some(1), Some(2), None] {
                    tuples.push((ep, seg, hop.unwrap_or(usize::MAX)));
                }
            }
        }
        let mut keys: Vec<u64> = tuples
            .iter()
            .map(|&(ep, seg, hop)| arrival_key(ep, seg, (hop != usize::MAX).then_some(hop)))
            .collect();
        tuples.sort_unstable();
        keys.sort_unstable();
        let decoded: Vec<(usize, usize, usize)> = keys
            .iter()
            .map(|&k| {
                let (ep, seg, hop) = arrival_of(k);
                (ep, seg, hop.unwrap_or(usize::MAX))
            })
            .collect();
        assert_eq!(decoded, tuples);
    }
}
