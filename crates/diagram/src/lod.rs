//! Level of detail for a figure zoomed out in time. Arrows whose rows come closer than a
//! few pixels cannot be told apart, so consecutive ordinary segments going the same way
//! between the same lifelines fold into one *train* ("612 segments · 894 KB"; ACKs
//! likewise). What a reader must never miss is never folded into an ordinary train: a
//! loss, a retransmission, a RST, a SYN or FIN, a segment that changed a state, an HTTP
//! message, and the current segment each stay an arrow of their own, and where even those
//! crowd each other they fold into a *cluster* that says what it holds. Zooming in opens
//! the trains again.

use wiretrace_core::trace::{Analysis, Fate, Flag, Segment, Trace};

use crate::layout::{Arrow, Layout};
use crate::story::Story;

/// Rows closer than this (screen px) fold together.
pub const FOLD_PX: f32 = 8.0;
/// Arrows that must stay visible fold only when closer than this.
pub const CLUSTER_PX: f32 = 3.0;

/// Why a segment may not be folded into an ordinary train (bits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks(pub u8);

impl Marks {
    /// Lost on the way, or still in flight at the end.
    pub const LOST: u8 = 1;
    /// Sent again (timeout, fast or spurious retransmission).
    pub const RTX: u8 = 2;
    /// A reset.
    pub const RST: u8 = 4;
    /// SYN or FIN: opens or closes.
    pub const SYN_FIN: u8 = 8;
    /// It changed a TCP state.
    pub const STATE: u8 = 16;
    /// It carries an HTTP request or status line.
    pub const HTTP: u8 = 32;
    /// A duplicate ACK, zero window or another analysis tag worth seeing.
    pub const TAGGED: u8 = 64;

    /// True when the segment must stay visible.
    pub fn any(self) -> bool {
        self.0 != 0
    }

    /// True when a bit is set.
    pub fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// What a segment shows that a train would hide.
pub fn marks(trace: &Trace, story: &Story, i: usize, seg: &Segment) -> Marks {
    let mut m = 0u8;
    if !matches!(
        seg.fate,
        Fate::Delivered | Fate::Duplicated | Fate::Reordered
    ) {
        m |= Marks::LOST;
    }
    for a in &seg.analysis {
        m |= match a {
            Analysis::Retransmission
            | Analysis::FastRetransmission
            | Analysis::SpuriousRetransmission => Marks::RTX,
            Analysis::DuplicateAck
            | Analysis::ZeroWindow
            | Analysis::ZeroWindowProbe
            | Analysis::ZeroWindowProbeAck
            | Analysis::WindowFull
            | Analysis::OutOfOrder
            | Analysis::LostSegment
            | Analysis::AckedUnseen
            | Analysis::KeepAlive
            | Analysis::KeepAliveAck => Marks::TAGGED,
            Analysis::WindowUpdate => 0,
        };
    }
    if seg.has(Flag::Rst) {
        m |= Marks::RST;
    }
    if seg.has(Flag::Syn) || seg.has(Flag::Fin) {
        m |= Marks::SYN_FIN;
    }
    if seg.http.is_some() {
        m |= Marks::HTTP;
    }
    if !story.changes_of(trace, i as u32).is_empty() {
        m |= Marks::STATE;
    }
    Marks(m)
}

/// What a group of arrows is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Segments carrying data.
    Data,
    /// Segments carrying none (ACKs, window updates).
    Ack,
    /// Segments that must stay visible, too close to draw apart.
    Cluster,
}

/// Arrows drawn as one: a single arrow (`first == last`) or a train.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// What it holds.
    pub kind: Kind,
    /// Index of its first and last arrow in `Layout::arrows`.
    pub first: usize,
    /// See `first`.
    pub last: usize,
    /// How many arrows.
    pub count: usize,
    /// Payload bytes carried.
    pub bytes: u64,
    /// The marks of its arrows, together.
    pub marks: Marks,
    /// The lanes it runs between (sender, receiver): index into `Layout::lanes`, or the
    /// sender's x where a segment's endpoint has no lifeline.
    pub from_x: f32,
    /// See `from_x`.
    pub to_x: f32,
    /// The connection, when every arrow is of one.
    pub conn: Option<u32>,
}

impl Group {
    /// True for a single arrow.
    pub fn is_single(&self) -> bool {
        self.count == 1
    }
}

struct Open {
    group: Group,
    /// Row (scaled) of the last arrow's send.
    last_y: f32,
    /// Holds the current segment: nothing joins it.
    sealed: bool,
}

/// Groups the arrows of a window (given in layout order) at time zoom `tz` (screen px per
/// figure row). `current` stays alone.
pub fn group<'a>(
    trace: &Trace,
    layout: &Layout,
    story: &Story,
    arrows: impl IntoIterator<Item = (usize, &'a Arrow)>,
    tz: f32,
    current: Option<usize>,
) -> Vec<Group> {
    // Open groups by (sender x, receiver x, kind), as bit patterns of the floats.
    let mut open: Vec<((u32, u32, u8), Open)> = Vec::new();
    let mut done: Vec<Group> = Vec::new();
    let close = |open: &mut Vec<((u32, u32, u8), Open)>, done: &mut Vec<Group>, at: usize| {
        let (_, o) = open.swap_remove(at);
        done.push(o.group);
    };
    for (i, a) in arrows {
        let Some(seg) = trace.segments.get(a.segment as usize) else {
            continue;
        };
        let pts = layout.points(a);
        let (Some(p0), Some(p1)) = (pts.first(), pts.last()) else {
            continue;
        };
        let y = p0.y * tz;
        let m = marks(trace, story, a.segment as usize, seg);
        let alone = Some(a.segment as usize) == current;
        let kind = if m.any() || alone {
            Kind::Cluster
        } else if seg.len > 0 {
            Kind::Data
        } else {
            Kind::Ack
        };
        let key = (p0.x.to_bits(), p1.x.to_bits(), kind as u8);
        // A segment that must stay visible ends the ordinary trains on its lanes.
        if kind == Kind::Cluster {
            while let Some(k) = open
                .iter()
                .position(|(k2, _)| (k2.0, k2.1) == (key.0, key.1) && k2.2 != Kind::Cluster as u8)
            {
                close(&mut open, &mut done, k);
            }
        }
        let reach = if kind == Kind::Cluster {
            CLUSTER_PX
        } else {
            FOLD_PX
        };
        let joined = match open.iter().position(|(k2, _)| *k2 == key) {
            // The current segment never joins a group, nor does anything join it.
            Some(k) if !alone && !open[k].1.sealed && y - open[k].1.last_y < reach => {
                let o = &mut open[k].1;
                o.group.last = i;
                o.group.count += 1;
                o.group.bytes += u64::from(seg.len);
                o.group.marks.0 |= m.0;
                if o.group.conn != Some(a.conn) {
                    o.group.conn = None;
                }
                o.last_y = y;
                true
            }
            Some(k) => {
                close(&mut open, &mut done, k);
                false
            }
            None => false,
        };
        if !joined {
            open.push((
                key,
                Open {
                    group: Group {
                        kind,
                        first: i,
                        last: i,
                        count: 1,
                        bytes: u64::from(seg.len),
                        marks: m,
                        from_x: p0.x,
                        to_x: p1.x,
                        conn: Some(a.conn),
                    },
                    last_y: y,
                    sealed: alone,
                },
            ));
        }
    }
    done.extend(open.into_iter().map(|(_, o)| o.group));
    done.sort_by_key(|g| g.first);
    done
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{layout, Options};

    fn big() -> Trace {
        wiretrace_core::scenario::run_with("big-response", &[("body_bytes", "400000")]).unwrap()
    }

    #[test]
    fn at_full_size_every_arrow_stands_alone() {
        let t = big();
        let l = layout(&t, &Options::default());
        let s = Story::new(&t);
        let g = group(&t, &l, &s, l.arrows.iter().enumerate(), 1.0, None);
        assert_eq!(g.len(), l.arrows.len());
        assert!(g.iter().all(Group::is_single));
    }

    #[test]
    fn zoomed_out_data_and_acks_fold_into_trains_and_marked_segments_stay() {
        let t = big();
        let l = layout(&t, &Options::default());
        let s = Story::new(&t);
        let g = group(&t, &l, &s, l.arrows.iter().enumerate(), 0.02, Some(40));
        // Far fewer groups than arrows, every arrow in exactly one group.
        assert!(g.len() * 10 < l.arrows.len(), "{} groups", g.len());
        let total: usize = g.iter().map(|g| g.count).sum();
        assert_eq!(total, l.arrows.len());
        let data = g
            .iter()
            .filter(|g| g.kind == Kind::Data && g.count > 1)
            .count();
        let acks = g
            .iter()
            .filter(|g| g.kind == Kind::Ack && g.count > 1)
            .count();
        assert!(
            data > 0 && acks > 0,
            "{data} data trains, {acks} ACK trains"
        );
        // Trains hold only unmarked segments; SYN, FIN and HTTP lines are in clusters or
        // alone.
        for gr in &g {
            if gr.kind != Kind::Cluster {
                assert!(!gr.marks.any(), "{gr:?}");
            }
        }
        for (i, seg) in t.segments.iter().enumerate() {
            if seg.has(Flag::Syn) || seg.http.is_some() {
                let gr = g
                    .iter()
                    .find(|gr| gr.first <= i && i <= gr.last && gr.kind == Kind::Cluster);
                assert!(gr.is_some(), "segment {i} is folded into an ordinary train");
            }
        }
        // The current segment stands alone.
        let cur = g
            .iter()
            .find(|gr| gr.first <= 40 && 40 <= gr.last && gr.kind == Kind::Cluster);
        assert!(cur.is_some_and(Group::is_single), "{cur:?}");
        // Bytes add up.
        let bytes: u64 = g.iter().map(|g| g.bytes).sum();
        assert_eq!(
            bytes,
            t.segments.iter().map(|s| u64::from(s.len)).sum::<u64>()
        );
    }

    #[test]
    fn a_lost_segment_breaks_its_train() {
        let t = wiretrace_core::scenario::run_with(
            "big-response",
            &[("body_bytes", "400000"), ("drop", "60")],
        )
        .unwrap();
        let l = layout(&t, &Options::default());
        let s = Story::new(&t);
        let g = group(&t, &l, &s, l.arrows.iter().enumerate(), 0.02, None);
        assert!(!matches!(t.segments[60].fate, Fate::Delivered));
        let x = l.start(&l.arrows[60]).x;
        // The lost segment is in a cluster on its own lanes...
        let lost = g
            .iter()
            .find(|gr| {
                gr.kind == Kind::Cluster && gr.from_x == x && gr.first <= 60 && 60 <= gr.last
            })
            .expect("a cluster holds the lost segment");
        assert!(lost.marks.has(Marks::LOST));
        // ...and no ordinary train on those lanes runs across it.
        assert!(!g
            .iter()
            .any(|gr| gr.kind != Kind::Cluster && gr.from_x == x && gr.first < 60 && 60 < gr.last));
    }
}
