//! Finding what lies in a band of rows without looking at everything: items (arrows, bands,
//! timers...) in their layout order, grouped in blocks of [`BLOCK`] with each block's
//! vertical extent. A window of a figure of a million arrows then looks at the blocks
//! (one in 64) and at the items of the few blocks it meets.

use std::ops::Range;

/// Items per block.
pub const BLOCK: usize = 64;

/// Vertical extents of a list of items, by blocks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YIndex {
    /// `(top, bottom)` of each block: the extremes of its items' extents.
    blocks: Vec<(f32, f32)>,
    len: usize,
}

impl YIndex {
    /// The index of items whose extents are `(top, bottom)`, in item order.
    pub fn new(extents: impl IntoIterator<Item = (f32, f32)>) -> YIndex {
        let mut blocks: Vec<(f32, f32)> = Vec::new();
        let mut len = 0;
        for (k, (a, b)) in extents.into_iter().enumerate() {
            let (lo, hi) = (a.min(b), a.max(b));
            if k % BLOCK == 0 {
                blocks.push((lo, hi));
            } else if let Some(last) = blocks.last_mut() {
                last.0 = last.0.min(lo);
                last.1 = last.1.max(hi);
            }
            len = k + 1;
        }
        YIndex { blocks, len }
    }

    /// How many items it indexes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when it indexes nothing.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Ranges of items that may meet the rows `y0..=y1` (whole blocks: callers check each
    /// item), in item order.
    pub fn candidates(&self, y0: f32, y1: f32) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for (b, &(lo, hi)) in self.blocks.iter().enumerate() {
            if hi < y0 || lo > y1 {
                continue;
            }
            let r = b * BLOCK..((b + 1) * BLOCK).min(self.len);
            match out.last_mut() {
                Some(last) if last.end == r.start => last.end = r.end,
                _ => out.push(r),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_item_that_meets_the_rows_and_skips_far_blocks() {
        // Items 10 px apart, each 30 px tall, and one long item near the start.
        let mut ext: Vec<(f32, f32)> = (0..1000)
            .map(|i| (i as f32 * 10.0, i as f32 * 10.0 + 30.0))
            .collect();
        ext[3] = (30.0, 9000.0);
        let idx = YIndex::new(ext.iter().copied());
        assert_eq!(idx.len(), 1000);
        let (y0, y1) = (5000.0, 5100.0);
        let want: Vec<usize> = (0..1000)
            .filter(|&i| ext[i].1 >= y0 && ext[i].0 <= y1)
            .collect();
        let got: Vec<usize> = idx
            .candidates(y0, y1)
            .into_iter()
            .flatten()
            .filter(|&i| ext[i].1 >= y0 && ext[i].0 <= y1)
            .collect();
        assert_eq!(got, want);
        assert!(want.contains(&3), "the long item reaches the window");
        let looked: usize = idx.candidates(y0, y1).iter().map(|r| r.len()).sum();
        assert!(looked <= 3 * BLOCK, "looked at {looked} items");
        assert!(YIndex::new([]).candidates(0.0, 1.0).is_empty());
    }
}
