//! The rows of the segment log in reading order, indexed once per run: each segment in
//! send order, after the story's events placed before it (`Story::event_slots`), then the
//! events after the last segment. A windowed log asks which item is row `r`, which row a
//! segment is on and how many rows there are; each answer takes O(log) time, also in
//! predict mode, where the events told after the step are left out and the rows after
//! them move up.

use std::ops::Range;

/// What a row of the log shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// A segment (index into `Trace::segments`).
    Segment(usize),
    /// An event of the story (index into `Trace::events`).
    Event(usize),
}

/// The rows of one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogIndex {
    segments: usize,
    /// The events in row order: `(slot, event)`, sorted. The `k`-th sits before segment
    /// `slot` and after the `k` events before it.
    events: Vec<(usize, usize)>,
    /// Where each event (by `Trace::events` index) is in `events`.
    place: Vec<usize>,
    /// The step each event is told at, in row order.
    steps: Vec<usize>,
    /// The same steps by levels for counting the events told by a step among the first
    /// `p` in row order: at level `l`, each aligned block of `2^l` entries is sorted.
    levels: Vec<Vec<usize>>,
}

impl LogIndex {
    /// Indexes the rows of a run of `segments` segments whose events go before segment
    /// `slots[e]` and are told at step `steps[e]` (`Story::event_slots`, `event_steps`).
    pub fn new(segments: usize, slots: &[usize], steps: &[usize]) -> LogIndex {
        let mut events: Vec<(usize, usize)> = slots
            .iter()
            .enumerate()
            .map(|(e, &slot)| (slot.min(segments), e))
            .collect();
        events.sort_unstable();
        let mut place = vec![0; events.len()];
        for (k, &(_, e)) in events.iter().enumerate() {
            place[e] = k;
        }
        let in_order: Vec<usize> = events
            .iter()
            .map(|&(_, e)| steps.get(e).copied().unwrap_or(0))
            .collect();
        let mut levels = vec![in_order.clone()];
        let mut width = 1;
        while width < in_order.len() {
            width *= 2;
            let mut level = levels[levels.len() - 1].clone();
            for block in level.chunks_mut(width) {
                block.sort_unstable();
            }
            levels.push(level);
        }
        LogIndex {
            segments,
            events,
            place,
            steps: in_order,
            levels,
        }
    }

    /// The rows as shown: all of them, or in predict mode (`told = Some(step)`) without
    /// the events told after `step`.
    pub fn rows(&self, told: Option<usize>) -> Rows<'_> {
        Rows {
            index: self,
            told: told.unwrap_or(usize::MAX),
        }
    }

    /// Events in row order whose slot is at most `slot`.
    fn events_up_to(&self, slot: usize) -> usize {
        self.events.partition_point(|&(s, _)| s <= slot)
    }

    /// How many of the first `p` events in row order are told by step `told`.
    fn told_before(&self, p: usize, told: usize) -> usize {
        if told == usize::MAX {
            return p;
        }
        let mut count = 0;
        let mut start = 0;
        for (l, level) in self.levels.iter().enumerate().rev() {
            let width = 1 << l;
            if p & width != 0 {
                count += level[start..start + width].partition_point(|&s| s <= told);
                start += width;
            }
        }
        count
    }
}

/// The rows of a run as shown at one step.
#[derive(Clone, Copy, Debug)]
pub struct Rows<'a> {
    index: &'a LogIndex,
    /// Events told after this step are left out (`usize::MAX`: none is).
    told: usize,
}

impl<'a> Rows<'a> {
    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.index.segments + self.shown_before(self.index.events.len())
    }

    /// True if there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row of segment `i` (for `i` = the number of segments: the row after the last
    /// segment, where the events after every segment start).
    pub fn row_of_segment(&self, i: usize) -> usize {
        i + self.shown_before(self.index.events_up_to(i))
    }

    /// The row of event `e`, unless it is left out.
    pub fn row_of_event(&self, e: usize) -> Option<usize> {
        let k = *self.index.place.get(e)?;
        self.shown(k)
            .then(|| self.index.events[k].0 + self.shown_before(k))
    }

    /// The row an item is on, unless it is left out.
    pub fn row_of(&self, item: Item) -> Option<usize> {
        match item {
            Item::Segment(i) => (i < self.index.segments).then(|| self.row_of_segment(i)),
            Item::Event(e) => self.row_of_event(e),
        }
    }

    /// The items on rows `rows`, in order, each with its row.
    pub fn items(&self, rows: Range<usize>) -> Vec<(usize, Item)> {
        let rows = rows.start..rows.end.min(self.len());
        let mut out = Vec::with_capacity(rows.len());
        if rows.is_empty() {
            return out;
        }
        let ix = self.index;
        // The first segment on or after the first row: segment rows grow with `i`.
        let (mut lo, mut hi) = (0, ix.segments);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.row_of_segment(mid) < rows.start {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let mut seg = lo;
        // The events before that segment that are on or after the first row.
        let before = self.row_of_segment(seg) - rows.start;
        let up_to = ix.events_up_to(seg);
        let mut k = self.nth_shown(self.shown_before(up_to) - before);
        let mut row = rows.start;
        while row < rows.end {
            if k < ix.events.len() && !self.shown(k) {
                // Past a run of events left out at once.
                k = self.nth_shown(self.shown_before(k)).max(k + 1);
                continue;
            }
            if k < ix.events.len() && ix.events[k].0 <= seg {
                out.push((row, Item::Event(ix.events[k].1)));
                k += 1;
            } else if seg < ix.segments {
                out.push((row, Item::Segment(seg)));
                seg += 1;
            } else {
                break;
            }
            row += 1;
        }
        out
    }

    /// Whether the `k`-th event in row order is shown.
    fn shown(&self, k: usize) -> bool {
        self.index.steps.get(k).is_some_and(|&s| s <= self.told)
    }

    /// How many of the first `p` events in row order are shown.
    fn shown_before(&self, p: usize) -> usize {
        self.index.told_before(p, self.told)
    }

    /// The place in row order of the `n`-th shown event (from 0), or the number of events
    /// if there are not that many.
    fn nth_shown(&self, n: usize) -> usize {
        let (mut lo, mut hi) = (0, self.index.events.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.shown_before(mid + 1) <= n {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_core::scenario;
    use wiretrace_diagram::story::Story;

    /// The rows built the plain way: every slot's events (told by `told`) in trace order,
    /// then its segment.
    fn plain(segments: usize, slots: &[usize], steps: &[usize], told: usize) -> Vec<Item> {
        let mut out = Vec::new();
        for slot in 0..=segments {
            for (e, &s) in slots.iter().enumerate() {
                if s.min(segments) == slot && steps[e] <= told {
                    out.push(Item::Event(e));
                }
            }
            if slot < segments {
                out.push(Item::Segment(slot));
            }
        }
        out
    }

    fn check(segments: usize, slots: &[usize], steps: &[usize]) {
        let index = LogIndex::new(segments, slots, steps);
        let last = steps.iter().copied().max().unwrap_or(0);
        let tolds = (0..=last + 1).map(Some).chain([None]);
        for told in tolds {
            let want = plain(segments, slots, steps, told.unwrap_or(usize::MAX));
            let rows = index.rows(told);
            assert_eq!(rows.len(), want.len(), "told {told:?}");
            let all: Vec<Item> = rows.items(0..want.len()).into_iter().map(|r| r.1).collect();
            assert_eq!(all, want, "told {told:?}");
            for (r, item) in want.iter().enumerate() {
                assert_eq!(rows.row_of(*item), Some(r), "{item:?}, told {told:?}");
                // Any window starts at the right item.
                let from = rows.items(r..r + 3);
                assert_eq!(from[0], (r, *item), "told {told:?}");
                assert_eq!(from.len(), 3.min(want.len() - r));
            }
            for (e, &s) in steps.iter().enumerate() {
                if s > told.unwrap_or(usize::MAX) {
                    assert_eq!(rows.row_of_event(e), None, "event {e} is left out");
                }
            }
            assert_eq!(rows.row_of(Item::Segment(segments)), None);
            assert!(rows.items(want.len()..want.len() + 5).is_empty());
        }
    }

    #[test]
    fn rows_of_the_scenarios_with_events_match_the_plain_list_at_every_step() {
        for id in [
            "browse",
            "heartbeat",
            "http-compare",
            "peer-restart",
            "long-polling",
        ] {
            let trace = scenario::run_with(id, &[]).unwrap();
            let story = Story::new(&trace);
            assert!(!trace.events.is_empty(), "{id} has events");
            check(
                trace.segments.len(),
                story.event_slots(),
                story.event_steps(),
            );
        }
    }

    #[test]
    fn events_anywhere_and_told_in_any_order() {
        // Several events per slot, slots out of trace order, some told late, some early,
        // and events after the last segment.
        let slots = [0, 3, 3, 1, 7, 7, 7, 5, 3, 9];
        let steps = [0, 4, 2, 9, 8, 3, 8, 6, 1, 7];
        check(7, &slots, &steps);
        check(0, &[0, 0], &[0, 0]);
        check(5, &[], &[]);
        // Many events, so that the counting levels go deep.
        let slots: Vec<usize> = (0..300).map(|i| (i * 7919) % 41).collect();
        let steps: Vec<usize> = (0..300).map(|i| (i * 104_729) % 43).collect();
        check(40, &slots, &steps);
    }

    #[test]
    fn a_million_segments_answer_without_walking_the_rows() {
        let n = 1_000_000;
        let slots: Vec<usize> = (0..2000).map(|i| i * 500).collect();
        let steps: Vec<usize> = slots.iter().map(|s| s + 1).collect();
        let index = LogIndex::new(n, &slots, &steps);
        let all = index.rows(None);
        assert_eq!(all.len(), n + 2000);
        assert_eq!(all.row_of_segment(999_999), 999_999 + 2000);
        let at = index.rows(Some(250_001));
        // Events at slots up to 250,000 are told by then: 501 of them.
        assert_eq!(at.len(), n + 501);
        assert_eq!(
            at.items(700_000..700_002),
            [
                (700_000, Item::Segment(699_499)),
                (700_001, Item::Segment(699_500))
            ]
        );
    }
}
