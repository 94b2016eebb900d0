//! Time -> vertical position: to scale, with a minimum gap between the rows where segments
//! leave (so labels never sit on each other) and long idle gaps compressed into a break.

/// Room kept between a moment and a break beside it.
const MOMENT_PAD: f32 = 12.0;

/// One instant that something happens at, with the rows stacked there.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Anchor {
    t: u64,
    /// Position of the first row at this instant.
    y0: f32,
    /// Position of the last row (equal to `y0` unless several segments leave at once).
    y1: f32,
    /// Rows stacked here.
    rows: u32,
}

/// A compressed idle gap: drawn as a break marker with the real duration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Break {
    /// Top of the break.
    pub y0: f32,
    /// Bottom of the break.
    pub y1: f32,
    /// Time at the top.
    pub t0: u64,
    /// Time at the bottom.
    pub t1: u64,
}

/// How the time axis is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// Pixels per microsecond for uncompressed stretches.
    pub px_per_us: f64,
    /// Minimum distance between two rows where segments leave.
    pub row_gap: f32,
    /// A gap whose natural height exceeds this is compressed.
    pub max_gap: f32,
    /// Height of a compressed gap.
    pub break_height: f32,
    /// Room between a break and a row right after it (where a label drawn above its
    /// arrow needs more than the break's own margin).
    pub after_break: f32,
}

/// A monotonic map from time (µs) and row to y.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimeMap {
    anchors: Vec<Anchor>,
    breaks: Vec<Break>,
    row_gap: f32,
}

impl TimeMap {
    /// Builds the map from the instants that matter. `marks` holds `(time, rows)`: `rows`
    /// is how many segments leave at that instant (0 for arrivals, state changes...).
    /// Marks may repeat and come in any order.
    pub fn new(top: f32, marks: &[(u64, u32)], scale: Scale) -> TimeMap {
        TimeMap::with_moments(top, marks.to_vec(), &[], scale)
    }

    /// Like [`TimeMap::new`], with `moments`: instants that keep a place of their own even
    /// inside a long idle gap (a link cut in the middle of a silence is drawn between two
    /// breaks, with room around it, instead of being swallowed by one).
    /// The marks are sorted and merged where they lie (a long run has two or three a
    /// segment).
    pub fn with_moments(
        top: f32,
        mut marks: Vec<(u64, u32)>,
        moments: &[u64],
        scale: Scale,
    ) -> TimeMap {
        let mut moments = moments.to_vec();
        moments.sort_unstable();
        let is_moment = |t: u64| moments.binary_search(&t).is_ok();
        marks.extend(moments.iter().map(|&t| (t, 0)));
        marks.sort_unstable();
        // Repeated instants add up their rows.
        marks.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        let merged = marks;
        let mut anchors: Vec<Anchor> = Vec::with_capacity(merged.len());
        let mut breaks: Vec<Break> = Vec::new();
        let mut last_row_y = f32::NEG_INFINITY;
        for (t, rows) in merged {
            let y0 = match anchors.last() {
                None => top,
                Some(prev) => {
                    let natural = ((t - prev.t) as f64 * scale.px_per_us) as f32;
                    let gap = if natural > scale.max_gap {
                        // Room between a moment and the zigzag of a break next to it.
                        let pad_before = if is_moment(prev.t) { MOMENT_PAD } else { 0.0 };
                        let pad_after = if is_moment(t) { MOMENT_PAD } else { 0.0 }
                            .max(if rows > 0 { scale.after_break } else { 0.0 });
                        // Two breaks with nothing but a quiet instant between them are one.
                        match breaks.last_mut() {
                            Some(b) if b.t1 == prev.t && prev.rows == 0 && !is_moment(prev.t) => {
                                b.t1 = t;
                                pad_after
                            }
                            _ => {
                                let y0 = prev.y1 + pad_before;
                                breaks.push(Break {
                                    y0,
                                    y1: y0 + scale.break_height,
                                    t0: prev.t,
                                    t1: t,
                                });
                                pad_before + scale.break_height + pad_after
                            }
                        }
                    } else {
                        natural
                    };
                    let mut y = prev.y1 + gap;
                    if rows > 0 {
                        y = y.max(last_row_y + scale.row_gap);
                    }
                    y
                }
            };
            let y1 = y0 + rows.saturating_sub(1) as f32 * scale.row_gap;
            if rows > 0 {
                last_row_y = y1;
            }
            anchors.push(Anchor { t, y0, y1, rows });
        }
        TimeMap {
            anchors,
            breaks,
            row_gap: scale.row_gap,
        }
    }

    /// The compressed gaps, top to bottom.
    pub fn breaks(&self) -> &[Break] {
        &self.breaks
    }

    /// Where time `t` is (the first row if segments leave then); interpolated between marks.
    pub fn y(&self, t: u64) -> f32 {
        let Some(first) = self.anchors.first() else {
            return 0.0;
        };
        let i = self.anchors.partition_point(|a| a.t < t);
        if i == 0 {
            return first.y0;
        }
        if i == self.anchors.len() {
            return self.anchors[i - 1].y1;
        }
        let a = self.anchors[i];
        if a.t == t {
            return a.y0;
        }
        let prev = self.anchors[i - 1];
        let f = (t - prev.t) as f64 / (a.t - prev.t) as f64;
        prev.y1 + (a.y0 - prev.y1) * f as f32
    }

    /// Where the `row`-th segment leaving at time `t` starts.
    pub fn y_row(&self, t: u64, row: u32) -> f32 {
        self.y(t) + row as f32 * self.row_gap
    }

    /// The lowest position used.
    pub fn bottom(&self) -> f32 {
        self.anchors.last().map_or(0.0, |a| a.y1)
    }

    /// The time at a position (inverse of [`TimeMap::y`], for the first row of each mark).
    pub fn time_at(&self, y: f32) -> u64 {
        let Some(first) = self.anchors.first() else {
            return 0;
        };
        if y <= first.y0 {
            return first.t;
        }
        let i = self.anchors.partition_point(|a| a.y0 < y);
        if i == self.anchors.len() {
            return self.anchors[i - 1].t;
        }
        let (prev, a) = (self.anchors[i - 1], self.anchors[i]);
        if y <= prev.y1 || a.y0 <= prev.y1 {
            return prev.t;
        }
        let f = ((y - prev.y1) / (a.y0 - prev.y1)) as f64;
        prev.t + ((a.t - prev.t) as f64 * f) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCALE: Scale = Scale {
        px_per_us: 0.003, // 3 px per ms
        row_gap: 30.0,
        max_gap: 200.0,
        break_height: 50.0,
        after_break: 0.0,
    };

    #[test]
    fn to_scale_when_rows_are_far_apart() {
        let map = TimeMap::new(10.0, &[(0, 1), (20_000, 1), (40_000, 1)], SCALE);
        assert_eq!(map.y(0), 10.0);
        assert_eq!(map.y(20_000), 70.0);
        assert_eq!(map.y(40_000), 130.0);
        assert_eq!(map.y(10_000), 40.0);
        assert!(map.breaks().is_empty());
    }

    #[test]
    fn sends_at_the_same_instant_stack_rows() {
        let map = TimeMap::new(0.0, &[(0, 1), (40_000, 1), (40_000, 1), (60_000, 0)], SCALE);
        assert_eq!(map.y_row(40_000, 0), 120.0);
        assert_eq!(map.y_row(40_000, 1), 150.0);
        // The arrival after them keeps its distance from the last row.
        assert_eq!(map.y(60_000), 210.0);
    }

    #[test]
    fn close_sends_are_pushed_apart_and_everything_after_moves_down() {
        let map = TimeMap::new(0.0, &[(0, 1), (1_000, 1), (2_000, 0), (30_000, 1)], SCALE);
        assert_eq!(map.y(1_000), 30.0);
        assert_eq!(map.y(2_000), 33.0);
        assert_eq!(map.y(30_000), 117.0);
    }

    #[test]
    fn long_idle_gaps_become_breaks() {
        let map = TimeMap::new(0.0, &[(0, 1), (20_000, 0), (45_000_000, 1)], SCALE);
        assert_eq!(map.breaks().len(), 1);
        let b = map.breaks()[0];
        assert_eq!((b.t0, b.t1), (20_000, 45_000_000));
        assert_eq!(map.y(45_000_000), 60.0 + 50.0);
    }

    #[test]
    fn a_row_after_a_break_keeps_the_room_asked_for() {
        let marks = [(0, 1), (20_000, 0), (45_000_000, 1), (45_000_100, 0)];
        let roomy = Scale {
            after_break: 24.0,
            ..SCALE
        };
        let (plain, map) = (
            TimeMap::new(0.0, &marks, SCALE),
            TimeMap::new(0.0, &marks, roomy),
        );
        assert_eq!(map.breaks(), plain.breaks(), "the break itself stays");
        assert_eq!(map.y(45_000_000), map.breaks()[0].y1 + 24.0);
        assert_eq!(
            map.y(45_000_100) - map.y(45_000_000),
            plain.y(45_000_100) - plain.y(45_000_000)
        );
        // A quiet instant after a break (no row leaving) gets none.
        let quiet = TimeMap::new(0.0, &[(0, 1), (20_000, 0), (45_000_000, 0)], roomy);
        assert_eq!(quiet.y(45_000_000), quiet.breaks()[0].y1);
    }

    #[test]
    fn back_to_back_breaks_merge() {
        let map = TimeMap::new(0.0, &[(0, 1), (10_000_000, 0), (20_000_000, 1)], SCALE);
        assert_eq!(map.breaks().len(), 1);
        assert_eq!(map.breaks()[0].t1, 20_000_000);
        assert_eq!(map.y(20_000_000), 50.0);
    }

    #[test]
    fn a_moment_inside_an_idle_gap_keeps_its_own_place() {
        let marks = [(0, 1), (20_000, 0), (45_000_000, 1)];
        let map = TimeMap::with_moments(0.0, marks.to_vec(), &[7_000_000], SCALE);
        assert_eq!(map.breaks().len(), 2, "{:?}", map.breaks());
        let y = map.y(7_000_000);
        assert!(y >= map.breaks()[0].y1 + MOMENT_PAD - 0.01);
        assert!(y <= map.breaks()[1].y0 - MOMENT_PAD + 0.01);
        assert!(map.y(45_000_000) > y);
    }

    #[test]
    fn y_is_monotonic_and_time_at_inverts_it() {
        let marks = [(0, 1), (5, 1), (20_000, 2), (20_001, 0), (9_000_000, 1)];
        let map = TimeMap::new(0.0, &marks, SCALE);
        let mut last = f32::NEG_INFINITY;
        for t in (0..9_100_000).step_by(997) {
            let y = map.y(t);
            assert!(y >= last, "y({t}) = {y} < {last}");
            last = y;
        }
        for t in [0u64, 20_000, 9_000_000] {
            assert_eq!(map.time_at(map.y(t)), t);
        }
    }

    #[test]
    fn empty_map_is_harmless() {
        let map = TimeMap::new(0.0, &[], SCALE);
        assert_eq!(map.y(123), 0.0);
        assert_eq!(map.time_at(50.0), 0);
        assert_eq!(map.bottom(), 0.0);
    }
}
