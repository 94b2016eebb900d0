//! The overview of a whole run: the figure's rows cut into a fixed number of bins, each
//! counting the segments that leave in it going right and going left, and the moments a
//! reader looks for (losses, retransmissions, resets, state changes). Worked out once per
//! layout, so the page draws the overview of a million segments from a few hundred bins.

use wiretrace_core::trace::{Analysis, Fate, Flag, Trace};

use crate::layout::Layout;

/// One band of rows of the figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bin {
    /// Segments leaving in it going right (towards later lifelines).
    pub right: u32,
    /// Going left.
    pub left: u32,
    /// Segments lost on the way (or still in flight at the end).
    pub lost: u32,
    /// Retransmissions.
    pub rtx: u32,
    /// Resets.
    pub rst: u32,
    /// TCP state changes.
    pub states: u32,
}

/// The whole run in bins.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overview {
    /// From the top of the figure to its bottom.
    pub bins: Vec<Bin>,
    /// Rows of the figure per bin.
    pub rows_per_bin: f32,
    /// The busiest bin's count of segments in one direction.
    pub peak: u32,
}

impl Overview {
    /// Bins the figure of `trace` into `n` bins (at least one).
    pub fn new(trace: &Trace, layout: &Layout, n: usize) -> Overview {
        let n = n.max(1);
        let rows_per_bin = (layout.height / n as f32).max(1e-3);
        let bin = |y: f32| ((y / rows_per_bin).max(0.0) as usize).min(n - 1);
        let mut bins = vec![Bin::default(); n];
        for a in &layout.arrows {
            let (p, q) = (layout.start(a), layout.finish(a));
            let b = &mut bins[bin(p.y)];
            if q.x >= p.x {
                b.right += 1;
            } else {
                b.left += 1;
            }
            let Some(seg) = trace.segments.get(a.segment as usize) else {
                continue;
            };
            if !matches!(
                seg.fate,
                Fate::Delivered | Fate::Duplicated | Fate::Reordered
            ) {
                bins[bin(q.y)].lost += 1;
            }
            if seg.analysis.iter().any(|t| {
                matches!(
                    t,
                    Analysis::Retransmission
                        | Analysis::FastRetransmission
                        | Analysis::SpuriousRetransmission
                )
            }) {
                bins[bin(p.y)].rtx += 1;
            }
            if seg.has(Flag::Rst) {
                bins[bin(p.y)].rst += 1;
            }
        }
        for l in &layout.state_labels {
            bins[bin(l.at.y)].states += 1;
        }
        let peak = bins.iter().map(|b| b.right.max(b.left)).max().unwrap_or(0);
        Overview {
            bins,
            rows_per_bin,
            peak,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{layout, Options};

    #[test]
    fn every_segment_and_mark_lands_in_one_bin() {
        let t = wiretrace_core::scenario::run_with(
            "big-response",
            &[("body_bytes", "200000"), ("drop", "30")],
        )
        .unwrap();
        let l = layout(&t, &Options::default());
        let o = Overview::new(&t, &l, 64);
        assert_eq!(o.bins.len(), 64);
        let sent: u32 = o.bins.iter().map(|b| b.right + b.left).sum();
        assert_eq!(sent as usize, t.segments.len());
        let right: u32 = o.bins.iter().map(|b| b.right).sum();
        let from_client = t.segments.iter().filter(|s| s.from == "client").count();
        assert_eq!(
            right as usize, from_client,
            "the client is the left lifeline"
        );
        assert_eq!(o.bins.iter().map(|b| b.lost).sum::<u32>(), 1);
        assert!(o.bins.iter().map(|b| b.rtx).sum::<u32>() >= 1);
        assert_eq!(
            o.bins.iter().map(|b| b.states).sum::<u32>() as usize,
            l.state_labels.len()
        );
        assert!(o.peak > 0);
        // The first segments are at the top, the last at the bottom.
        assert!(o.bins[0].right > 0);
        assert!(
            Overview::new(
                &Trace::default(),
                &layout(&Trace::default(), &Options::default()),
                0
            )
            .bins
            .len()
                == 1
        );
    }
}
