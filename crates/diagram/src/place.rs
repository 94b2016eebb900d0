//! Keeping texts apart. A line of text is approximated by a capsule: the segment its
//! baseline runs along (any angle) widened by half the line height. Texts already placed
//! are kept in horizontal bands, so a new one is only compared with its neighbours and a
//! figure of many thousands of segments is placed in linear time.

use std::cell::RefCell;

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

/// Capsules in blocks of [`Chunks::LEN`]: a long run's labels (about one capsule an
/// arrow) are never copied into a list twice as long, nor leave half of one unused.
#[derive(Clone, Debug, Default)]
struct Chunks {
    blocks: Vec<Vec<Capsule>>,
}

impl Chunks {
    const LEN: usize = 4096;

    fn len(&self) -> usize {
        self.blocks
            .last()
            .map_or(0, |b| (self.blocks.len() - 1) * Chunks::LEN + b.len())
    }

    fn push(&mut self, c: Capsule) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < Chunks::LEN => block.push(c),
            _ => {
                let mut block = Vec::with_capacity(Chunks::LEN);
                block.push(c);
                self.blocks.push(block);
            }
        }
    }

    fn get(&self, i: usize) -> &Capsule {
        &self.blocks[i / Chunks::LEN][i % Chunks::LEN]
    }
}

/// The texts placed so far.
#[derive(Clone, Debug, Default)]
pub struct Placed {
    items: Chunks,
    /// Texts by band, from the top (anything above the figure counts as the first band).
    bands: Vec<Vec<u32>>,
    /// The texts near a text being tried ([`Placed::cost`]), kept to be filled again.
    near: RefCell<Vec<u32>>,
}

impl Placed {
    fn bands_of(c: &Capsule) -> std::ops::RangeInclusive<usize> {
        let (y0, y1) = c.y_range();
        let band = |y: f32| (y / BAND).floor().max(0.0) as usize;
        band(y0)..=band(y1)
    }

    /// Files a text (one capsule per line).
    pub fn add(&mut self, shapes: &[Capsule]) {
        for c in shapes {
            let id = self.items.len() as u32;
            self.items.push(*c);
            let bands = Placed::bands_of(c);
            if self.bands.len() <= *bands.end() {
                self.bands.resize(bands.end() + 1, Vec::new());
            }
            for band in bands {
                self.bands[band].push(id);
            }
        }
    }

    /// How much a text would overlap the texts placed so far (0: it is free).
    pub fn cost(&self, shapes: &[Capsule]) -> f32 {
        let mut near = self.near.borrow_mut();
        near.clear();
        let mut lists = 0;
        for c in shapes {
            for band in Placed::bands_of(c) {
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
            .map(|&i| {
                let o = self.items.get(i as usize);
                shapes.iter().map(|c| c.overlap(o)).sum::<f32>()
            })
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
