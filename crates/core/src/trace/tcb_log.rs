//! [`TcbLog`]: a run's [`TcbSample`]s, packed.
//!
//! A run records one or two samples per segment, and a sample is 80 bytes in place, more
//! than the rest of the Trace holds per segment but the segment itself. Most of a sample
//! repeats its socket's previous one: a send moves SND.NXT and the bytes in flight, an
//! arrival RCV.NXT and the receive buffer. The log keeps each sample as what changed since
//! its socket's previous sample, in variable-length integers: 15 to 17 bytes a sample
//! instead of 80 for the engine's long runs.
//!
//! Samples are packed in blocks of [`BLOCK`]. Within a block, a sample is written against
//! the previous sample of the same socket in that block (or against all zeros, for the
//! socket's first in the block), and its time against the block's previous sample. A block
//! thus reads on its own: [`TcbLog::get`] decodes at most `BLOCK` samples, [`TcbLog::iter`]
//! reads them all in one pass. The last samples, `BLOCK` of them at least (fewer than
//! `2 * BLOCK`), stay as they are: a block is packed once `BLOCK` samples follow it, so that
//! the engine's changes to a socket's last sample ([`TcbLog::set`]) are assignments unless
//! `BLOCK` samples of other sockets came in between (then the block is packed again). What a
//! log holds depends only on its samples in order, so two logs are equal when they hold the
//! same.
//!
//! In JSON the log is the array of its samples, as a `Vec<TcbSample>` was.

use alloc::vec::Vec;
use core::fmt;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use super::json_progress::{self, JsonProgress};
use super::tcb::TcbSample;

/// Samples per block: what [`TcbLog::get`] decodes at most.
pub const BLOCK: usize = 16;

/// Header bit: the sample names no segment.
const NO_SEGMENT: u8 = 1;
/// Header bit: which variables are known (and whether inferred) differs from the socket's
/// previous sample in the block; the new 16 bits follow.
const KNOWN: u8 = 2;

/// The samples of a run, in record order, packed (see the module's documentation).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TcbLog {
    /// The full blocks, encoded.
    bytes: Vec<u8>,
    /// Where each full block starts in `bytes`.
    blocks: Vec<usize>,
    /// The samples after the packed blocks (fewer than `2 * BLOCK`), as they are: a block is
    /// packed once `BLOCK` samples follow it, so that the last samples can still change
    /// cheaply ([`TcbLog::set`]: the engine merges changes at one moment into the socket's
    /// last sample, which other sockets' samples may follow).
    tail: Vec<TcbSample>,
}

/// What a block's next sample is written against: the block's previous time and segment,
/// and each socket's previous sample in the block.
#[derive(Clone, Default)]
struct Context {
    at_us: u64,
    segment: u32,
    sockets: Vec<TcbSample>,
}

impl Context {
    /// Where the socket's previous sample in the block is in `sockets`; all zeros, added, if
    /// it has none.
    fn index(&mut self, endpoint: u32, conn: u32) -> usize {
        match self
            .sockets
            .iter()
            .position(|s| s.endpoint == endpoint && s.conn == conn)
        {
            Some(k) => k,
            None => {
                self.sockets.push(TcbSample::new(0, endpoint, conn, None));
                self.sockets.len() - 1
            }
        }
    }

    /// The socket's previous sample in the block, all zeros if none, to be made its next.
    fn slot(&mut self, endpoint: u32, conn: u32) -> &mut TcbSample {
        let k = self.index(endpoint, conn);
        &mut self.sockets[k]
    }

    /// As at a block's start, keeping the memory of its list.
    fn reset(&mut self) {
        self.at_us = 0;
        self.segment = 0;
        self.sockets.clear();
    }
}

/// A sample's bytes as [`encode`] writes them, before they join the log: stores into an
/// array rather than pushes onto the log (a sample is at most 95 bytes: a header, a time
/// of up to ten, a socket, a segment and a set of changes of up to five each, the known bits,
/// and thirteen values of up to five).
struct Sample {
    bytes: [u8; 96],
    len: usize,
}

impl Sample {
    fn byte(&mut self, b: u8) {
        self.bytes[self.len] = b;
        self.len += 1;
    }

    /// `v` in variable-length form: seven bits a byte, low bits first, the top bit set on
    /// all but the last.
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.byte((v as u8) | 0x80);
            v >>= 7;
        }
        self.byte(v as u8);
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Reads what [`Sample::varint`] wrote at `*at`; `None` past the end or past ten bytes (what
/// this module never writes; a tenth byte's bits past the 64th are dropped).
fn varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn encode(out: &mut Vec<u8>, cx: &mut Context, s: &TcbSample) {
    // The socket's previous sample in the block, found once: written against, then replaced.
    let k = cx.index(s.endpoint, s.conn);
    let prev = &cx.sockets[k];
    let (known, prev_known) = (s.known_bits(), prev.known_bits());
    let mut header = 0;
    if s.segment().is_none() {
        header |= NO_SEGMENT;
    }
    if known != prev_known {
        header |= KNOWN;
    }
    let mut w = Sample {
        bytes: [0; 96],
        len: 0,
    };
    w.byte(header);
    w.varint(zigzag(s.at_us.wrapping_sub(cx.at_us) as i64));
    w.varint(u64::from(s.endpoint));
    w.varint(u64::from(s.conn));
    if let Some(seg) = s.segment() {
        w.varint(zigzag(i64::from(seg.wrapping_sub(cx.segment) as i32)));
    }
    if known != prev_known {
        for b in known.to_le_bytes() {
            w.byte(b);
        }
    }
    let (values, before) = (s.raw_values(), prev.raw_values());
    let mut changed = 0u64;
    for (k, (v, b)) in values.iter().zip(before).enumerate() {
        changed |= u64::from(v != b) << k;
    }
    w.varint(changed);
    let mut rest = changed;
    while rest != 0 {
        let k = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        w.varint(zigzag(i64::from(values[k].wrapping_sub(before[k]) as i32)));
    }
    out.extend_from_slice(&w.bytes[..w.len]);
    cx.at_us = s.at_us;
    if let Some(seg) = s.segment() {
        cx.segment = seg;
    }
    cx.sockets[k] = *s;
}

/// Reads a sample's header byte, time, socket and segment, written against the block's
/// previous time and segment (`at_us`, `segment`, which it moves on to this sample's).
fn read_head(
    bytes: &[u8],
    at: &mut usize,
    at_us: &mut u64,
    segment: &mut u32,
) -> Option<(u8, TcbHead, Option<u32>)> {
    let header = *bytes.get(*at)?;
    *at += 1;
    *at_us = at_us.wrapping_add(unzigzag(varint(bytes, at)?) as u64);
    let endpoint = u32::try_from(varint(bytes, at)?).ok()?;
    let conn = u32::try_from(varint(bytes, at)?).ok()?;
    let seg = match header & NO_SEGMENT {
        0 => {
            *segment = segment.wrapping_add(unzigzag(varint(bytes, at)?) as u32);
            Some(*segment)
        }
        _ => None,
    };
    let head = TcbHead {
        at_us: *at_us,
        endpoint,
        conn,
    };
    Some((header, head, seg))
}

fn decode(bytes: &[u8], at: &mut usize, cx: &mut Context) -> Option<TcbSample> {
    let (header, head, segment) = read_head(bytes, at, &mut cx.at_us, &mut cx.segment)?;
    // Made in place from the socket's previous sample.
    let s = cx.slot(head.endpoint, head.conn);
    s.at_us = head.at_us;
    s.set_segment(segment);
    if header & KNOWN != 0 {
        let b = bytes.get(*at..*at + 2)?;
        s.set_known_bits(u16::from_le_bytes([b[0], b[1]]));
        *at += 2;
    }
    let changed = varint(bytes, at)?;
    for (k, v) in s.raw_values_mut().iter_mut().enumerate() {
        if changed & 1 << k != 0 {
            *v = v.wrapping_add(unzigzag(varint(bytes, at)?) as u32);
        }
    }
    Some(*s)
}

impl TcbLog {
    /// Samples per block ([`TcbLog::block`]).
    pub const BLOCK: usize = BLOCK;

    /// An empty log.
    pub fn new() -> TcbLog {
        TcbLog::default()
    }

    /// The number of samples.
    pub fn len(&self) -> usize {
        self.blocks.len() * BLOCK + self.tail.len()
    }

    /// True when there is no sample.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held: the packed blocks, their index and the last samples.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
            + self.blocks.capacity() * core::mem::size_of::<usize>()
            + self.tail.capacity() * core::mem::size_of::<TcbSample>()
    }

    /// Appends a sample.
    pub fn push(&mut self, s: TcbSample) {
        if self.tail.capacity() == 0 {
            self.tail.reserve_exact(2 * BLOCK);
        }
        self.tail.push(s);
        if self.tail.len() == 2 * BLOCK {
            self.blocks.push(self.bytes.len());
            let mut cx = Context::default();
            for s in &self.tail[..BLOCK] {
                encode(&mut self.bytes, &mut cx, s);
            }
            self.tail.drain(..BLOCK);
        }
    }

    /// Sample `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<TcbSample> {
        let block = i / BLOCK;
        let Some(&start) = self.blocks.get(block) else {
            return self.tail.get(i - self.blocks.len() * BLOCK).copied();
        };
        let (mut at, mut cx, mut s) = (start, Context::default(), None);
        for _ in 0..=i % BLOCK {
            s = decode(&self.bytes, &mut at, &mut cx);
        }
        s
    }

    /// The last sample.
    pub fn last(&self) -> Option<TcbSample> {
        match self.tail.last() {
            Some(s) => Some(*s),
            None => self.len().checked_sub(1).and_then(|i| self.get(i)),
        }
    }

    /// Every sample, in record order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            log: self,
            next: 0,
            at: 0,
            cx: Context::default(),
        }
    }

    /// When, where and on which connection each sample was taken, in record order: a pass
    /// that needs only these reads neither the values nor each socket's previous sample
    /// (the page indexes a long run's samples by socket this way).
    pub fn heads(&self) -> Heads<'_> {
        Heads {
            log: self,
            next: 0,
            at: 0,
            at_us: 0,
            segment: 0,
        }
    }

    /// The samples of block `b`: `b * BLOCK` on, up to `BLOCK` of them. A block reads
    /// without the ones before it.
    pub fn block(&self, b: usize) -> core::iter::Take<core::iter::Skip<Iter<'_>>> {
        self.iter().skip(b.saturating_mul(BLOCK)).take(BLOCK)
    }

    /// Sample `i` becomes `s` (nothing past the end): at once among the last samples, else
    /// by writing again the samples from its block on.
    pub fn set(&mut self, i: usize, s: TcbSample) {
        let full = self.blocks.len() * BLOCK;
        if let Some(t) = i.checked_sub(full).and_then(|k| self.tail.get_mut(k)) {
            *t = s;
            return;
        }
        if i >= full {
            return;
        }
        let start = i / BLOCK * BLOCK;
        let mut rest: Vec<TcbSample> = self.iter().skip(start).collect();
        rest[i - start] = s;
        self.bytes.truncate(self.blocks[i / BLOCK]);
        self.blocks.truncate(i / BLOCK);
        self.tail.clear();
        self.extend(rest);
    }

    /// Drops every sample.
    pub fn clear(&mut self) {
        *self = TcbLog::new();
    }

    /// Keeps the samples `keep` accepts, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&TcbSample) -> bool) {
        let kept: TcbLog = self.iter().filter(|s| keep(s)).collect();
        *self = kept;
    }

    /// Frees what the log holds beyond its samples.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.blocks.shrink_to_fit();
        self.tail.shrink_to_fit();
    }
}

/// [`TcbLog::iter`].
pub struct Iter<'a> {
    log: &'a TcbLog,
    next: usize,
    at: usize,
    cx: Context,
}

impl Iterator for Iter<'_> {
    type Item = TcbSample;

    fn next(&mut self) -> Option<TcbSample> {
        let full = self.log.blocks.len() * BLOCK;
        let s = if self.next < full {
            if self.next % BLOCK == 0 {
                self.cx.reset();
            }
            let s = decode(&self.log.bytes, &mut self.at, &mut self.cx);
            debug_assert!(s.is_some(), "a log reads back what it wrote");
            s
        } else {
            self.log.tail.get(self.next - full).copied()
        };
        if s.is_some() {
            self.next += 1;
        }
        s
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.log.len() - self.next;
        (n, Some(n))
    }

    /// Skips whole blocks without decoding them.
    fn nth(&mut self, n: usize) -> Option<TcbSample> {
        let target = self.next.saturating_add(n);
        if target / BLOCK != self.next / BLOCK {
            let block = target / BLOCK;
            self.next = (block * BLOCK).min(self.log.len());
            self.at = self
                .log
                .blocks
                .get(block)
                .map_or(self.log.bytes.len(), |&b| b);
            self.cx.reset();
        }
        while self.next < target {
            self.next()?;
        }
        self.next()
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// What [`TcbLog::heads`] gives of a sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcbHead {
    /// [`TcbSample::at_us`].
    pub at_us: u64,
    /// [`TcbSample::endpoint`].
    pub endpoint: u32,
    /// [`TcbSample::conn`].
    pub conn: u32,
}

/// [`TcbLog::heads`].
pub struct Heads<'a> {
    log: &'a TcbLog,
    next: usize,
    at: usize,
    /// The block's previous time and segment ([`read_head`]).
    at_us: u64,
    segment: u32,
}

impl Heads<'_> {
    /// Reads the head of the sample at `self.at`, skipping its values.
    fn read(&mut self) -> Option<TcbHead> {
        let (bytes, at) = (&self.log.bytes, &mut self.at);
        let (header, head, _) = read_head(bytes, at, &mut self.at_us, &mut self.segment)?;
        if header & KNOWN != 0 {
            *at += 2;
        }
        for _ in 0..varint(bytes, at)?.count_ones() {
            varint(bytes, at)?;
        }
        Some(head)
    }
}

impl From<&TcbSample> for TcbHead {
    fn from(s: &TcbSample) -> TcbHead {
        TcbHead {
            at_us: s.at_us,
            endpoint: s.endpoint,
            conn: s.conn,
        }
    }
}

impl Iterator for Heads<'_> {
    type Item = TcbHead;

    fn next(&mut self) -> Option<TcbHead> {
        let full = self.log.blocks.len() * BLOCK;
        let head = if self.next < full {
            if self.next % BLOCK == 0 {
                (self.at_us, self.segment) = (0, 0);
            }
            self.read()
        } else {
            self.log.tail.get(self.next - full).map(TcbHead::from)
        };
        if head.is_some() {
            self.next += 1;
        }
        head
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.log.len() - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Heads<'_> {}

impl<'a> IntoIterator for &'a TcbLog {
    type Item = TcbSample;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl FromIterator<TcbSample> for TcbLog {
    /// A log made whole at once keeps no room to grow (an importer's samples).
    fn from_iter<I: IntoIterator<Item = TcbSample>>(iter: I) -> TcbLog {
        let mut log = TcbLog::new();
        log.extend(iter);
        log.shrink_to_fit();
        log
    }
}

impl Extend<TcbSample> for TcbLog {
    fn extend<I: IntoIterator<Item = TcbSample>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push(s));
    }
}

impl From<Vec<TcbSample>> for TcbLog {
    fn from(v: Vec<TcbSample>) -> TcbLog {
        v.into_iter().collect()
    }
}

impl fmt::Debug for TcbLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for TcbLog {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for sample in self {
            seq.serialize_element(&sample)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for TcbLog {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TcbLog;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of TCB samples")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TcbLog, A::Error> {
                let mut log = TcbLog::new();
                while let Some(s) = seq.next_element::<TcbSample>()? {
                    log.push(s);
                    json_progress::every(log.len(), JsonProgress::TcbSamples);
                }
                json_progress::last(log.len(), JsonProgress::TcbSamples);
                log.shrink_to_fit();
                Ok(log)
            }
        }
        d.deserialize_seq(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::TcbVar;

    /// Samples of three sockets, with every kind of change: times back and forth, no
    /// segment, variables becoming known and unknown, values wrapping, inferred ones.
    fn samples(n: usize) -> Vec<TcbSample> {
        let mut out = Vec::new();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for i in 0..n {
            let r = rnd();
            let seg = (r % 5 != 0).then_some((i as u32 / 2).wrapping_sub((r % 3) as u32));
            let mut s = TcbSample::new(
                (i as u64 * 1000).wrapping_sub(r % 1500),
                (r >> 8) as u32 % 2,
                (r >> 12) as u32 % 3 * 40_000,
                seg,
            );
            for var in TcbVar::ALL {
                let v = rnd();
                if v % 7 != 0 {
                    s.set(
                        var,
                        Some(if v % 3 == 0 {
                            u32::MAX - (v >> 40) as u32
                        } else {
                            (v >> 20) as u32 % 70_000
                        }),
                    );
                }
            }
            s.set_inferred(r % 11 == 0);
            out.push(s);
        }
        out
    }

    #[test]
    fn a_log_gives_back_each_sample_by_index_and_in_order() {
        let all = samples(5 * BLOCK + 3);
        let log: TcbLog = all.clone().into();
        assert_eq!(log.len(), all.len());
        assert_eq!(log.iter().collect::<Vec<_>>(), all);
        for (i, s) in all.iter().enumerate() {
            assert_eq!(log.get(i), Some(*s), "sample {i}");
            assert_eq!(log.iter().nth(i), Some(*s), "nth {i}");
        }
        let heads: Vec<TcbHead> = log.heads().collect();
        let want: Vec<TcbHead> = all.iter().map(TcbHead::from).collect();
        assert_eq!(heads, want);
        let mut it = log.iter();
        assert_eq!(it.nth(3), Some(all[3]));
        assert_eq!(it.nth(BLOCK + 1), Some(all[BLOCK + 5]));
        assert_eq!(it.next(), Some(all[BLOCK + 6]));
        assert_eq!(log.get(all.len()), None);
        assert_eq!(log.last(), all.last().copied());
        // The last BLOCK samples at least are kept as they are: the engine's changes to a
        // socket's last sample are assignments while it is one of them.
        for n in 0..4 * BLOCK {
            let log: TcbLog = all[..n].to_vec().into();
            let kept = log.tail.len();
            assert!(
                kept >= n.min(BLOCK) && kept < 2 * BLOCK,
                "{n} samples: {kept} kept"
            );
        }
    }

    #[test]
    fn a_sample_changed_or_dropped_leaves_the_others_as_they_were() {
        let mut all = samples(4 * BLOCK + 2);
        let mut log: TcbLog = all.clone().into();
        for i in [0, 5, BLOCK, 2 * BLOCK + 7, all.len() - 1] {
            let s = all[(i + 9) % all.len()];
            all[i] = s;
            log.set(i, s);
            assert_eq!(log.iter().collect::<Vec<_>>(), all, "after setting {i}");
            assert_eq!(log, all.clone().into(), "the bytes of the same samples");
        }
        log.retain(|s| s.segment().is_some());
        all.retain(|s| s.segment().is_some());
        assert_eq!(log.iter().collect::<Vec<_>>(), all);
        log.push(all[0]);
        all.push(all[0]);
        assert_eq!(log, all.into());
    }

    #[test]
    fn a_log_is_the_json_of_its_samples_and_much_smaller_than_they_are() {
        let all = samples(200);
        let log: TcbLog = all.clone().into();
        let json = serde_json::to_string(&log).unwrap();
        assert_eq!(json, serde_json::to_string(&all).unwrap());
        assert_eq!(serde_json::from_str::<TcbLog>(&json).unwrap(), log);
        assert!(serde_json::from_str::<TcbLog>("[{\"at_us\": 1}]").is_err());
        // A run's samples change a few variables at a time.
        let run = crate::scenario::run_with("browse", &[("body_bytes", "200000")]).unwrap();
        let n = run.tcb.len();
        assert!(n > 100, "{n}");
        let per = run.tcb.heap_bytes() as f64 / n as f64;
        assert!(per < 24.0, "{per:.1} bytes a sample");
    }
}
