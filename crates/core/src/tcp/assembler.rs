//! Out-of-order reassembly: data that arrived beyond RCV.NXT waits here, keyed by its offset
//! in the byte stream (a `u64` that never wraps), until the hole before it is filled.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Chunks of the stream received ahead of the in-order point.
#[derive(Clone, Debug, Default)]
pub struct Assembler {
    /// Non-overlapping chunks: stream offset -> bytes.
    chunks: BTreeMap<u64, Vec<u8>>,
    bytes: usize,
}

impl Assembler {
    /// True when nothing waits.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// Bytes waiting.
    pub fn len(&self) -> usize {
        self.bytes
    }

    /// Stores `data` at stream offset `at`, keeping only the parts not already held.
    /// Returns how many new bytes were stored (0 for a pure duplicate).
    pub fn insert(&mut self, at: u64, data: &[u8]) -> usize {
        let mut stored = 0;
        let mut pos = at;
        let end = at + data.len() as u64;
        while pos < end {
            // Skip over a chunk covering `pos`.
            if let Some((&k, v)) = self.chunks.range(..=pos).next_back() {
                let kend = k + v.len() as u64;
                if kend > pos {
                    pos = kend;
                    continue;
                }
            }
            // Store up to the next chunk's start.
            let next = self
                .chunks
                .range(pos..end)
                .next()
                .map(|(&k, _)| k)
                .unwrap_or(end);
            let piece = &data[(pos - at) as usize..(next - at) as usize];
            if !piece.is_empty() {
                self.chunks.insert(pos, piece.to_vec());
                self.bytes += piece.len();
                stored += piece.len();
            }
            pos = next;
        }
        stored
    }

    /// Removes and appends to `out` the bytes contiguous from `from`; returns how many.
    pub fn pull(&mut self, from: u64, out: &mut impl for<'a> Extend<&'a u8>) -> usize {
        let mut pos = from;
        while let Some(entry) = self.chunks.first_entry() {
            let k = *entry.key();
            if k > pos {
                break;
            }
            let v = entry.remove();
            self.bytes -= v.len();
            let kend = k + v.len() as u64;
            if kend > pos {
                // A slice (not `.copied()`) so the copy is one memcpy even in the page's
                // size-optimised build.
                out.extend(&v[(pos - k) as usize..]);
                pos = kend;
            }
        }
        (pos - from) as usize
    }

    /// Up to `max` blocks `[start, end)` of held data (merged when adjacent), the block
    /// holding `recent` first as RFC 2018 asks.
    pub fn blocks(&self, recent: u64, max: usize) -> Vec<(u64, u64)> {
        let mut merged: Vec<(u64, u64)> = Vec::new();
        for (&k, v) in &self.chunks {
            let e = k + v.len() as u64;
            match merged.last_mut() {
                Some(last) if last.1 == k => last.1 = e,
                _ => merged.push((k, e)),
            }
        }
        if let Some(i) = merged.iter().position(|&(s, e)| s <= recent && recent < e) {
            let b = merged.remove(i);
            merged.insert(0, b);
        }
        merged.truncate(max);
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulling_counts_what_leaves_and_blocks_put_the_recent_one_first() {
        let mut a = Assembler::default();
        a.insert(10, b"0123456789");
        a.insert(30, b"abcdefghij");
        assert_eq!(a.len(), 20);
        // The block holding the most recent arrival leads (RFC 2018); one that only ends
        // where it was received does not.
        assert_eq!(a.blocks(35, 4), [(30, 40), (10, 20)]);
        assert_eq!(a.blocks(40, 4), [(10, 20), (30, 40)]);
        assert_eq!(a.blocks(35, 1), [(30, 40)]);
        let mut out = Vec::new();
        assert_eq!(a.pull(10, &mut out), 10);
        assert_eq!(out, b"0123456789");
        assert_eq!(a.len(), 10, "what was pulled no longer counts");
        assert_eq!(a.pull(20, &mut out), 0, "a hole stops the pull");
        assert_eq!(a.len(), 10);
    }

    #[test]
    fn overlapping_inserts_keep_each_byte_once() {
        let mut a = Assembler::default();
        assert_eq!(a.insert(10, b"klmno"), 5);
        assert_eq!(a.insert(12, b"mnopq"), 2);
        assert_eq!(a.insert(8, b"ijklmnopqr"), 3);
        assert_eq!(a.len(), 10);
        let mut out = Vec::new();
        assert_eq!(a.pull(0, &mut out), 0);
        assert_eq!(a.pull(8, &mut out), 10);
        assert_eq!(out, b"ijklmnopqr");
        assert!(a.is_empty());
    }

    #[test]
    fn pull_skips_what_was_already_delivered() {
        let mut a = Assembler::default();
        a.insert(5, b"fghij");
        a.insert(20, b"uv");
        let mut out = Vec::new();
        assert_eq!(a.pull(7, &mut out), 3);
        assert_eq!(out, b"hij");
        assert_eq!(a.blocks(20, 3), [(20, 22)]);
    }

    #[test]
    fn blocks_put_the_recent_one_first() {
        let mut a = Assembler::default();
        a.insert(10, b"ab");
        a.insert(12, b"cd");
        a.insert(30, b"x");
        assert_eq!(a.blocks(30, 3), [(30, 31), (10, 14)]);
        assert_eq!(a.blocks(11, 1), [(10, 14)]);
    }
}
