//! Keeping texts apart. A line of text is approximated by a capsule: the segment its
//! baseline runs along (any angle) widened by half the line height. Texts already placed
//! are kept in horizontal bands, so a new one is only compared with its neighbours and a
//! figure of many thousands of segments is placed in linear time.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::layout::Pt;

/// A segment with a radius: one line of text, or a small box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capsule {
    /// One end of the centre line.
    pub a: Pt,
    /// The other end.
    pub b: Pt,
    /// Half the thickness.
    pub r: f32,
}

impl Capsule {
    /// A horizontal capsule from `x0` to `x1` centred on `y`.
    pub fn horizontal(x0: f32, x1: f32, y: f32, r: f32) -> Capsule {
        Capsule {
            a: Pt { x: x0.min(x1), y },
            b: Pt { x: x0.max(x1), y },
            r,
        }
    }

    fn y_range(&self) -> (f32, f32) {
        (
            self.a.y.min(self.b.y) - self.r,
            self.a.y.max(self.b.y) + self.r,
        )
    }

    /// How deep two capsules overlap (0 when they are apart).
    pub fn overlap(&self, other: &Capsule) -> f32 {
        (self.r + other.r - seg_dist(self.a, self.b, other.a, other.b)).max(0.0)
    }
}

fn sub(p: Pt, q: Pt) -> (f32, f32) {
    (p.x - q.x, p.y - q.y)
}

fn cross(o: Pt, p: Pt, q: Pt) -> f32 {
    let (ax, ay) = sub(p, o);
    let (bx, by) = sub(q, o);
    ax * by - ay * bx
}

fn dist_to_seg(p: Pt, a: Pt, b: Pt) -> f32 {
    let (dx, dy) = sub(b, a);
    let len2 = dx * dx + dy * dy;
    let t = if len2 <= f32::EPSILON {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    };
    let (qx, qy) = (a.x + t * dx, a.y + t * dy);
    ((p.x - qx).powi(2) + (p.y - qy).powi(2)).sqrt()
}

/// The shortest distance between segments `ab` and `cd`.
fn seg_dist(a: Pt, b: Pt, c: Pt, d: Pt) -> f32 {
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
        return 0.0;
    }
    dist_to_seg(a, c, d)
        .min(dist_to_seg(b, c, d))
        .min(dist_to_seg(c, a, b))
        .min(dist_to_seg(d, a, b))
}

/// Height of the bands the placed texts are filed in. It decides how many texts a cost
/// looks at, not what it is, up to rounding (texts that do not touch add nothing, and
/// those that do are summed in the order they were placed; two that miss each other by
/// less than f32's rounding a million pixels down may add a hair). A label along a slanted
/// arrow spans several bands and is filed in each: at 48 px, the 312k run's labels were
/// filed about seven times each (its layout peaked at 143 B a segment in wasm32,
/// `./scripts/bench --memory`); at 96 px, 114 B, and the layout as fast
/// (`examples/timing.rs`). `./scripts/hashes` and larger runs' SVGs stayed the same.
const BAND: f32 = 96.0;

/// Capsules in blocks of [`Chunks::LEN`], each kept once however many bands it is filed in:
/// a long run's labels (about one capsule an arrow) are never copied into a list twice as
/// long. A block is let go once every band its capsules are filed in is forgotten.
#[derive(Clone, Debug, Default)]
struct Chunks {
    blocks: Vec<Vec<Capsule>>,
    /// Per block, the last band (the lowest on the figure) any of its capsules is filed in.
    last_band: Vec<usize>,
    /// The full blocks still held, by their last band (the first to go first).
    held: BinaryHeap<Reverse<(usize, usize)>>,
}

impl Chunks {
    const LEN: usize = 4096;

    fn len(&self) -> usize {
        self.blocks
            .last()
            .map_or(0, |b| (self.blocks.len() - 1) * Chunks::LEN + b.len())
    }

    /// Adds a capsule filed in bands down to `last_band`.
    fn push(&mut self, c: Capsule, last_band: usize) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < Chunks::LEN => {
                block.push(c);
                let b = self.last_band.len() - 1;
                self.last_band[b] = self.last_band[b].max(last_band);
            }
            _ => {
                if let Some(full) = self.blocks.len().checked_sub(1) {
                    self.held.push(Reverse((self.last_band[full], full)));
                }
                let mut block = Vec::with_capacity(Chunks::LEN);
                block.push(c);
                self.blocks.push(block);
                self.last_band.push(last_band);
            }
        }
    }

    /// The capsule `i`; `None` once its block was let go.
    fn get(&self, i: usize) -> Option<&Capsule> {
        self.blocks.get(i / Chunks::LEN)?.get(i % Chunks::LEN)
    }

    /// Lets go of the full blocks whose capsules are all filed above band `band`.
    fn forget_above(&mut self, band: usize) {
        while let Some(&Reverse((last, b))) = self.held.peek() {
            if last >= band {
                break;
            }
            self.held.pop();
            self.blocks[b] = Vec::new();
        }
    }

    /// How many capsules are held.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.blocks.iter().map(Vec::len).sum()
    }
}

/// The texts placed so far.
///
/// A long figure is placed from the top down, and a text is compared only with those in
/// the bands it spans: once the caller says that no text it still tries reaches above
/// some line ([`Placed::forget_above`]), the bands above it are let go, and the blocks of
/// texts filed only there, so that what is held follows the line down rather than growing
/// with the figure. A text placed late ([`Placed::add_late`]) counts as placed after every
/// other. Forgetting changes nothing that is placed: the texts looked at are the same,
/// summed in the same order.
#[derive(Clone, Debug, Default)]
pub struct Placed {
    items: Chunks,
    /// The texts placed late, numbered from [`Placed::LATE`].
    late: Chunks,
    /// Texts by band, from the top (anything above the figure counts as the first band).
    bands: Vec<Vec<u32>>,
    /// Bands above this one are forgotten (their lists are empty).
    forgotten: usize,
    /// The texts near a text being tried ([`Placed::cost`]), kept to be filled again.
    near: RefCell<Vec<u32>>,
}

impl Placed {
    /// The number of the first text placed late: after every other's.
    const LATE: u32 = 1 << 31;

    /// No texts yet, in a figure about `height` px tall: room for its bands at once
    /// (a million-segment run's figure is tens of millions of px tall).
    pub fn with_height(height: f32) -> Placed {
        Placed {
            bands: Vec::with_capacity(Placed::band(height) + 1),
            ..Placed::default()
        }
    }

    fn band(y: f32) -> usize {
        (y / BAND).floor().max(0.0) as usize
    }

    fn bands_of(c: &Capsule) -> std::ops::RangeInclusive<usize> {
        let (y0, y1) = c.y_range();
        Placed::band(y0)..=Placed::band(y1)
    }

    /// True when a text whose capsules reach down to `bottom` (their centre lines and
    /// radii) is filed in no band that a text reaching up to `top` is: neither is
    /// compared with the other.
    pub fn apart(bottom: f32, top: f32) -> bool {
        Placed::band(bottom) < Placed::band(top)
    }

    /// The top and the bottom of a capsule, radius included (its highest and lowest
    /// point on the figure), as it is filed.
    pub fn extent(c: &Capsule) -> (f32, f32) {
        c.y_range()
    }

    fn get(&self, i: u32) -> Option<&Capsule> {
        match i.checked_sub(Placed::LATE) {
            Some(k) => self.late.get(k as usize),
            None => self.items.get(i as usize),
        }
    }

    fn file(&mut self, id: u32, c: &Capsule) {
        let bands = Placed::bands_of(c);
        if self.bands.len() <= *bands.end() {
            self.bands.resize(bands.end() + 1, Vec::new());
        }
        for band in bands {
            debug_assert!(
                band >= self.forgotten,
                "a text filed in band {band}, forgotten"
            );
            // In order of number: a text filed after a late one goes before it.
            let list = &mut self.bands[band];
            match list.last() {
                Some(&last) if last > id => {
                    let at = list.partition_point(|&i| i < id);
                    list.insert(at, id);
                }
                _ => list.push(id),
            }
        }
    }

    /// Files a text (one capsule per line).
    pub fn add(&mut self, shapes: &[Capsule]) {
        for c in shapes {
            let id = self.items.len() as u32;
            debug_assert!(id < Placed::LATE, "more texts than numbers");
            self.items.push(*c, *Placed::bands_of(c).end());
            self.file(id, c);
        }
    }

    /// Files a text that counts as placed after every text [`Placed::add`] files, even
    /// those filed after it: a name placed early, once nothing still to place can touch
    /// it, is summed where it would be if it were placed last.
    pub fn add_late(&mut self, shapes: &[Capsule]) {
        for c in shapes {
            let id = Placed::LATE + self.late.len() as u32;
            self.late.push(*c, *Placed::bands_of(c).end());
            self.file(id, c);
        }
    }

    /// Forgets the texts above `y`: the caller neither tries nor files a text that
    /// reaches above it from now on. Forgetting a line above the last one does nothing.
    pub fn forget_above(&mut self, y: f32) {
        let to = Placed::band(y).min(self.bands.len());
        for band in self.forgotten..to {
            self.bands[band] = Vec::new();
        }
        self.forgotten = self.forgotten.max(to);
        self.items.forget_above(self.forgotten);
        self.late.forget_above(self.forgotten);
    }

    /// How much a text would overlap the texts placed so far (0: it is free).
    pub fn cost(&self, shapes: &[Capsule]) -> f32 {
        let mut near = self.near.borrow_mut();
        near.clear();
        let mut lists = 0;
        for c in shapes {
            for band in Placed::bands_of(c) {
                debug_assert!(
                    band >= self.forgotten,
                    "a text tried in band {band}, forgotten"
                );
                if let Some(ids) = self.bands.get(band) {
                    near.extend_from_slice(ids);
                    lists += 1;
                }
            }
        }
        // One band's texts are in order, each once.
        if lists > 1 {
            near.sort_unstable();
            near.dedup();
        }
        near.iter()
            .filter_map(|&i| {
                let o = self.get(i);
                debug_assert!(o.is_some(), "text {i} let go while filed");
                o
            })
            .map(|o| shapes.iter().map(|c| c.overlap(o)).sum::<f32>())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(x: f32, y: f32) -> Pt {
        Pt { x, y }
    }

    #[test]
    fn crossing_and_parallel_capsules() {
        let a = Capsule {
            a: pt(0.0, 0.0),
            b: pt(100.0, 100.0),
            r: 5.0,
        };
        let b = Capsule {
            a: pt(0.0, 100.0),
            b: pt(100.0, 0.0),
            r: 5.0,
        };
        assert_eq!(a.overlap(&b), 10.0, "crossing lines overlap fully");
        let far = Capsule::horizontal(0.0, 100.0, 300.0, 6.0);
        let near = Capsule::horizontal(50.0, 150.0, 310.0, 6.0);
        assert_eq!(far.overlap(&near), 2.0);
        assert_eq!(
            far.overlap(&Capsule::horizontal(200.0, 300.0, 300.0, 6.0)),
            0.0
        );
    }

    #[test]
    fn forgetting_the_texts_above_changes_no_cost_and_lets_them_go() {
        // Labels down a tall figure, slanted across bands as along arrows.
        let label = |k: usize| {
            let y = k as f32 * 7.0;
            let x = (k % 5) as f32 * 40.0;
            Capsule {
                a: pt(x, y),
                b: pt(x + 150.0, y + 60.0),
                r: 6.5,
            }
        };
        let (mut all, mut forgets) = (Placed::default(), Placed::with_height(400_000.0));
        let mut crowded = 0;
        for k in 0..50_000 {
            let c = label(k);
            // What a label tried here would cost, with the texts above it forgotten.
            forgets.forget_above(c.a.y - 300.0);
            let tried = [Capsule {
                a: pt(c.a.x + 20.0, c.a.y - 4.0),
                b: pt(c.b.x, c.b.y - 4.0),
                r: 6.5,
            }];
            assert_eq!(forgets.cost(&tried), all.cost(&tried), "label {k}");
            crowded += usize::from(all.cost(&tried) > 0.0);
            all.add(&[c]);
            forgets.add(&[c]);
        }
        assert!(
            crowded > 10_000,
            "{crowded} labels found others in their way"
        );
        // What is held is the blocks of the last labels: all 13 blocks were filled.
        assert_eq!(all.items.held(), 50_000);
        assert!(
            forgets.items.held() <= 2 * Chunks::LEN,
            "{}",
            forgets.items.held()
        );
        assert!(forgets.bands[..forgets.forgotten].iter().all(Vec::is_empty));
        assert!(Placed::apart(95.0, 96.0) && !Placed::apart(1.0, 95.0));
    }

    #[test]
    fn a_text_placed_late_is_summed_after_every_other() {
        // Overlaps of 1.5 px beside one of 2^25 px: f32 loses them when they are added
        // after it, one by one, and not when they are added first.
        let query = [Capsule::horizontal(0.0, 10.0, 0.0, 1.0)];
        let small = Capsule::horizontal(0.0, 10.0, 0.0, 0.5);
        let big = Capsule::horizontal(0.0, 10.0, 0.0, 33_554_432.0);
        let (s, b) = (query[0].overlap(&small), query[0].overlap(&big));
        assert_ne!((0.0 + s + s) + b, (0.0 + b + s) + s, "the order shows");
        let mut placed = Placed::default();
        placed.add_late(&[small]);
        placed.add_late(&[small]);
        placed.add(&[big]);
        assert_eq!(placed.cost(&query), (0.0 + b + s) + s);
    }

    #[test]
    fn placed_texts_are_found_by_their_neighbours_only() {
        let mut placed = Placed::default();
        placed.add(&[Capsule::horizontal(0.0, 100.0, 10.0, 6.0)]);
        placed.add(&[Capsule::horizontal(0.0, 100.0, 5_000.0, 6.0)]);
        assert!(placed.cost(&[Capsule::horizontal(50.0, 60.0, 14.0, 6.0)]) > 0.0);
        assert_eq!(
            placed.cost(&[Capsule::horizontal(0.0, 100.0, 40.0, 6.0)]),
            0.0
        );
        // A capsule spanning several bands is counted once.
        let tall = Capsule {
            a: pt(50.0, -200.0),
            b: pt(50.0, 200.0),
            r: 4.0,
        };
        assert_eq!(placed.cost(&[tall]), 10.0);
    }
}
