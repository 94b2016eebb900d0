//! The geometry of a windowed list: rows of one height, of which only a window (the rows
//! in view and some more on each side) and a few pinned rows exist in the page; gaps
//! before, between and after those runs of rows keep the scroll range.
//!
//! Browsers stop laying out elements taller than about 16 to 33 million px, so a list
//! taller than [`MAX_PX`] maps its rows onto a scroll range of that height: the rows are
//! still drawn at their height, and the window is placed so that the row the scroll
//! position points to is at the top of the view.

use std::ops::Range;

/// The tallest scroll range a list makes.
pub const MAX_PX: f64 = 8_000_000.0;

/// A list's rows and the view they scroll in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    /// Number of rows.
    pub rows: usize,
    /// Height of one row (px, > 0).
    pub row_px: f64,
    /// Height of the view the rows scroll in (px).
    pub view_px: f64,
}

impl Geometry {
    /// The rows' height on the scroll range.
    pub fn height(&self) -> f64 {
        self.full().min(MAX_PX)
    }

    /// The rows' own height.
    fn full(&self) -> f64 {
        self.rows as f64 * self.row_px
    }

    /// True if the rows are mapped onto a shorter scroll range.
    pub fn squeezed(&self) -> bool {
        self.full() > MAX_PX
    }

    /// The last scroll position.
    fn max_scroll(&self) -> f64 {
        (self.height() - self.view_px).max(0.0)
    }

    /// Row px per scroll px (1 unless squeezed).
    fn squeeze(&self) -> f64 {
        if self.squeezed() {
            (self.full() - self.view_px).max(1.0) / self.max_scroll().max(1.0)
        } else {
            1.0
        }
    }

    /// The row at the top of the view at scroll position `y`, with its fraction.
    pub fn row_at(&self, y: f64) -> f64 {
        y.clamp(0.0, self.max_scroll()) * self.squeeze() / self.row_px
    }

    /// The scroll position that puts row `r` at the top of the view.
    pub fn scroll_for(&self, r: f64) -> f64 {
        (r * self.row_px / self.squeeze()).clamp(0.0, self.max_scroll())
    }

    /// The rows at least partly in view at scroll position `y`.
    pub fn in_view(&self, y: f64) -> Range<usize> {
        let first = self.row_at(y);
        let last = first + self.view_px / self.row_px;
        (first.floor() as usize).min(self.rows)..(last.ceil() as usize).min(self.rows)
    }

    /// The window to draw at scroll position `y`: the rows in view and `overscan` more
    /// on each side.
    pub fn window(&self, y: f64, overscan: usize) -> Range<usize> {
        let view = self.in_view(y);
        view.start.saturating_sub(overscan)..(view.end + overscan).min(self.rows)
    }

    /// The gaps around runs of drawn rows (sorted, apart, within the rows) at scroll
    /// position `y`: one before each run and one after the last, so that every run sits
    /// at its rows and the whole keeps [`Geometry::height`]. When the list is squeezed,
    /// run `anchor` (the window) is placed so that the row at `y` is at the top of the
    /// view, and the others as near their place as they fit around it.
    pub fn gaps(&self, y: f64, runs: &[Range<usize>], anchor: usize) -> Vec<f64> {
        let h = self.row_px;
        let len = |r: &Range<usize>| r.len() as f64 * h;
        let mut tops: Vec<f64> = runs.iter().map(|r| r.start as f64 * h).collect();
        if self.squeezed() && anchor < runs.len() {
            // A row sits where it would be drawn if the view were scrolled to it.
            let place = |r: usize, y: f64| y + (r as f64 - self.row_at(y)) * h;
            for (top, run) in tops.iter_mut().zip(runs) {
                *top = place(run.start, self.scroll_for(run.start as f64));
            }
            let a = &runs[anchor];
            let top = place(a.start, y.clamp(0.0, self.max_scroll()));
            tops[anchor] = top.clamp(0.0, (self.height() - len(a)).max(0.0));
            let mut below = self.height();
            for k in (anchor + 1..runs.len()).rev() {
                tops[k] = tops[k].min(below - len(&runs[k]));
                below = tops[k];
            }
            for k in anchor + 1..runs.len() {
                tops[k] = tops[k].max(tops[k - 1] + len(&runs[k - 1]));
            }
            for k in (0..anchor).rev() {
                tops[k] = tops[k].min(tops[k + 1] - len(&runs[k])).max(0.0);
            }
        }
        let mut gaps = Vec::with_capacity(runs.len() + 1);
        let mut end = 0.0;
        for (top, run) in tops.iter().zip(runs) {
            gaps.push((top - end).max(0.0));
            end = end.max(*top) + len(run);
        }
        gaps.push((self.height() - end).max(0.0));
        gaps
    }

    /// Where to scroll from `y` so that row `r` is in view with `margin` px above and
    /// below it (less in a small view), or `None` if it already is.
    pub fn follow(&self, y: f64, r: usize, margin: f64) -> Option<f64> {
        let rows_in_view = self.view_px / self.row_px;
        let m = (margin / self.row_px).min(rows_in_view / 4.0);
        let first = self.row_at(y);
        let r = r as f64;
        let want = if r < first + m {
            r - m
        } else if r + 1.0 > first + rows_in_view - m {
            r + 1.0 + m - rows_in_view
        } else {
            return None;
        };
        let to = self.scroll_for(want.max(0.0));
        ((to - y).abs() >= 0.5).then_some(to)
    }
}

/// The runs of rows to draw: the window and the pinned rows outside it (a row next to
/// another run joins it), in order; with the place of the window's run among them (the
/// number of runs when the window is empty).
pub fn runs(window: Range<usize>, pins: &[usize]) -> (Vec<Range<usize>>, usize) {
    let mut runs: Vec<Range<usize>> = pins
        .iter()
        .filter(|p| !window.contains(p))
        .map(|&p| p..p + 1)
        .collect();
    if !window.is_empty() {
        runs.push(window.clone());
    }
    runs.sort_by_key(|r| r.start);
    let mut joined: Vec<Range<usize>> = Vec::with_capacity(runs.len());
    for r in runs {
        match joined.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => joined.push(r),
        }
    }
    let anchor = if window.is_empty() {
        joined.len()
    } else {
        joined
            .iter()
            .position(|r| r.start <= window.start && window.end <= r.end)
            .unwrap_or(joined.len())
    };
    (joined, anchor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_rows_outside_the_window_are_runs_of_their_own() {
        let spans = |(runs, anchor): (Vec<Range<usize>>, usize)| -> (Vec<(usize, usize)>, usize) {
            (runs.iter().map(|r| (r.start, r.end)).collect(), anchor)
        };
        assert_eq!(
            spans(runs(10..40, &[3, 20, 500])),
            (vec![(3, 4), (10, 40), (500, 501)], 1)
        );
        assert_eq!(
            spans(runs(10..40, &[40, 9, 9])),
            (vec![(9, 41)], 0),
            "next to it: joined"
        );
        assert_eq!(spans(runs(0..0, &[7])), (vec![(7, 8)], 1));
        assert_eq!(spans(runs(0..5, &[])), (vec![(0, 5)], 0));
    }

    fn list(rows: usize) -> Geometry {
        Geometry {
            rows,
            row_px: 36.0,
            view_px: 324.0,
        }
    }

    #[test]
    fn a_short_list_keeps_every_row_at_its_place() {
        let g = list(1000);
        assert!(!g.squeezed());
        assert_eq!(g.height(), 36_000.0);
        assert_eq!(g.row_at(360.0), 10.0);
        assert_eq!(g.scroll_for(10.0), 360.0);
        assert_eq!(g.in_view(360.0), 10..19);
        assert_eq!(g.in_view(370.0), 10..20);
        assert_eq!(g.window(360.0, 16), 0..35);
        assert_eq!(g.window(36_000.0, 16), 975..1000, "the end");
        // The window 0..35 and row 600 pinned below it.
        let gaps = g.gaps(360.0, &[0..35, 600..601], 0);
        assert_eq!(gaps, [0.0, (600.0 - 35.0) * 36.0, (1000.0 - 601.0) * 36.0]);
        assert_eq!(gaps.iter().sum::<f64>() + 36.0 * 36.0, g.height());
    }

    #[test]
    fn a_million_rows_map_onto_the_capped_range() {
        let g = list(1_000_000);
        assert!(g.squeezed());
        assert_eq!(g.height(), MAX_PX);
        let end = MAX_PX - 324.0;
        assert_eq!(g.row_at(0.0), 0.0);
        // The last scroll position shows the last rows, to the last px.
        assert!((g.row_at(end) - (1_000_000.0 - 9.0)).abs() < 1e-6);
        assert!((g.scroll_for(g.row_at(123_456.0)) - 123_456.0).abs() < 1e-6);
        let y = 4_000_000.0;
        let w = g.window(y, 16);
        let first = g.row_at(y);
        let gaps = g.gaps(y, &[3..4, w.clone(), 999_990..1_000_000], 1);
        // The window sits so that the row at y is at the top of the view.
        let top = gaps[0] + 36.0 + gaps[1];
        assert!((top + (first - w.start as f64) * 36.0 - y).abs() < 1e-6);
        // The pinned row above keeps its mapped place; the last rows end the range.
        assert!((gaps[0] - 3.0 * 36.0 / g.squeeze()).abs() < 1e-6);
        assert_eq!(gaps[3], 0.0);
        let drawn = (1 + w.len() + 10) as f64 * 36.0;
        let total = gaps.iter().sum::<f64>() + drawn;
        assert!((total - MAX_PX).abs() < 1e-6, "{total} {gaps:?}");
        assert!(gaps.iter().all(|g| *g >= 0.0));
    }

    #[test]
    fn following_a_row_scrolls_only_when_it_nears_an_edge() {
        let g = list(1000);
        assert_eq!(g.follow(0.0, 3, 40.0), None);
        // Row 8 ends at 324 px: too close to the bottom, so it comes up by a margin.
        let y = g.follow(0.0, 8, 40.0).unwrap();
        assert!((y - (9.0 * 36.0 + 40.0 - 324.0)).abs() < 1e-6);
        // A row far above comes to the top, a margin below the edge.
        assert!((g.follow(36_000.0, 100, 40.0).unwrap() - (100.0 * 36.0 - 40.0)).abs() < 1e-6);
        assert_eq!(
            g.follow(0.0, 0, 40.0),
            None,
            "the first row at the top stays"
        );
        let big = list(1_000_000);
        let y = big.follow(0.0, 600_000, 40.0).unwrap();
        assert!(big.in_view(y).contains(&600_000));
    }
}
