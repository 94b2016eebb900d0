//! Timer brackets: each arming drawn beside its lifeline from when it was armed to when it
//! fired, was cancelled or the run ended, packed into as few bracket lanes as overlap
//! needs (those lanes set how far a lifeline's texts stand off), named where the name fits.

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{TimerOutcome, Trace};

use super::axis::TimeAxis;
use super::lanes::{Columns, Slots};
use super::metrics::{text_width, timer_label, Metrics, BAND_W, SMALL_PX, TOUCH};
use super::pace::Pace;
use super::{Pt, TimerMark};
use crate::place::{Capsule, Placed};

/// When a timer's bracket ends.
pub(crate) fn timer_end(
    ended: Option<u64>,
    deadline: u64,
    outcome: TimerOutcome,
    end_us: u64,
) -> u64 {
    match (ended, outcome) {
        (Some(e), _) => e,
        (None, TimerOutcome::Fired) => deadline,
        (None, TimerOutcome::Pending) => end_us,
        (None, TimerOutcome::Cancelled) => end_us.min(deadline),
    }
}

/// The vertical extent of timer `i`'s bracket.
pub(crate) fn span(trace: &Trace, axis: &TimeAxis, i: usize) -> (f32, f32) {
    let tm = &trace.timers[i];
    let end = timer_end(tm.ended_us, tm.deadline_us, tm.outcome, axis.end_us);
    let y0 = axis.map.y(tm.armed_us);
    (y0, axis.map.y(end).max(y0 + 6.0))
}

/// Assigns each interval the lowest lane free at its start (intervals sorted by start).
fn pack(intervals: &[(f32, f32)]) -> Vec<usize> {
    let mut lane_end: Vec<f32> = Vec::new();
    intervals
        .iter()
        .map(|&(a, b)| {
            let lane = lane_end
                .iter()
                .position(|&end| end <= a)
                .unwrap_or(lane_end.len());
            if lane == lane_end.len() {
                lane_end.push(b);
            } else {
                lane_end[lane] = b;
            }
            lane
        })
        .collect()
}

/// Each timer's bracket lane beside its lifeline, and how many lanes each slot needs
/// (computed before the lifelines are placed: they set the margins).
pub(crate) struct TimerLanes {
    /// Lane of each timer.
    pub lane: Vec<usize>,
    /// Lanes per slot.
    pub lanes_of: Vec<usize>,
}

impl TimerLanes {
    pub fn new(trace: &Trace, slots: &Slots, axis: &TimeAxis) -> TimerLanes {
        let n_slots = slots.count();
        let mut order: Vec<(u64, usize)> =
            trace.timers.iter().map(|t| t.armed_us).zip(0..).collect();
        order.sort_unstable();
        let mut lane = vec![0; trace.timers.len()];
        let mut lanes_of = vec![0; n_slots];
        let mut by_slot: Vec<Vec<usize>> = vec![Vec::new(); n_slots];
        for &(_, i) in &order {
            by_slot[slots.of(&trace.timers[i].endpoint)].push(i);
        }
        for (slot, ids) in by_slot.iter().enumerate() {
            let spans: Vec<(f32, f32)> = ids.iter().map(|&i| span(trace, axis, i)).collect();
            let lanes = pack(&spans);
            for (k, &i) in ids.iter().enumerate() {
                lane[i] = lanes[k];
            }
            lanes_of[slot] = lanes.iter().max().map_or(0, |m| m + 1);
        }
        TimerLanes { lane, lanes_of }
    }
}

/// The brackets, without their names (placed last, where they fit).
pub(crate) fn marks(
    trace: &Trace,
    m: &Metrics,
    axis: &TimeAxis,
    slots: &Slots,
    cols: &Columns,
    lanes: &TimerLanes,
    lang: Lang,
) -> Vec<TimerMark> {
    trace
        .timers
        .iter()
        .enumerate()
        .map(|(i, tm)| {
            let side = cols.lane_side(slots, &tm.endpoint);
            let lx = cols.lane_x(slots, &tm.endpoint);
            let (y0, y1) = span(trace, axis, i);
            TimerMark {
                timer: i,
                kind: tm.kind,
                outcome: tm.outcome,
                x: lx
                    + side.dir()
                        * (BAND_W / 2.0 + m.timer_step - 2.0 + lanes.lane[i] as f32 * m.timer_step),
                x_lifeline: lx + side.dir() * (BAND_W / 2.0 + 1.0),
                y0,
                y1,
                label: timer_label(tm.kind, lang),
                label_at: None,
                t0: tm.armed_us,
            }
        })
        .collect()
}

/// A timer's tooltip in a language: what, when, how it ended (times from `t0`).
pub(crate) fn title(trace: &Trace, t0: u64, end_us: u64, i: usize, lang: Lang) -> String {
    let Some(tm) = trace.timers.get(i) else {
        return String::new();
    };
    let end = timer_end(tm.ended_us, tm.deadline_us, tm.outcome, end_us);
    crate::texts::timer_title(trace, tm, end, t0, lang)
}

/// The brackets of lifelines inside a wide figure stand in a column: arrow labels keep off
/// them where they can.
pub(crate) fn inner_brackets(
    trace: &Trace,
    m: &Metrics,
    slots: &Slots,
    timers: &[TimerMark],
) -> Placed {
    let mut brackets = Placed::default();
    if !m.compact {
        for t in timers {
            if slots.is_inner(&trace.timers[t.timer].endpoint) {
                let (a, b) = (Pt { x: t.x, y: t.y0 }, Pt { x: t.x, y: t.y1 });
                brackets.add(&[Capsule { a, b, r: 1.0 }]);
            }
        }
    }
    brackets
}

/// Where a bracket's name may go, in order of preference: its middle, then further out,
/// where the name fits along its length (none on a bracket too short for it).
fn name_spots(t: &TimerMark) -> impl Iterator<Item = (Pt, Capsule)> {
    let w = text_width(t.label, SMALL_PX, 0.52);
    let room = t.y1 - t.y0;
    let x = t.x + if t.x < t.x_lifeline { -4.0 } else { 4.0 };
    let (y0, y1) = (t.y0, t.y1);
    [0.5, 0.3, 0.7, 0.2, 0.8]
        .into_iter()
        .filter(move |_| room >= w + 16.0)
        .map(move |f| y0 + room * f)
        .filter(move |&y| y - w / 2.0 >= y0 + 6.0 && y + w / 2.0 <= y1 - 6.0)
        .map(move |y| {
            let shape = Capsule {
                a: Pt { x, y: y - w / 2.0 },
                b: Pt { x, y: y + w / 2.0 },
                r: 6.0,
            };
            (Pt { x, y }, shape)
        })
}

/// Names each bracket along its length where the name fits without sitting on a text,
/// after every label that could touch it is placed, the brackets in order. A name goes
/// as soon as the labels still to place are all below its spots ([`Names::place_above`]),
/// so that the texts above need not be kept until the end; it counts as placed after
/// every label ([`Placed::add_late`]), so what each finds in its way, and the order its
/// overlaps are summed in, are what they would be after every label.
pub(crate) struct Names {
    /// The brackets a name may go on (some are too short), in order, with the lowest
    /// point of any spot of its name ([`Placed::extent`]).
    named: Vec<(usize, f32)>,
    /// From the `k`th of them on, the highest point of any spot of their names.
    tops: Vec<f32>,
    /// How many are placed.
    next: usize,
}

impl Names {
    pub(crate) fn new(timers: &[TimerMark]) -> Names {
        let mut named = Vec::new();
        let mut tops = Vec::new();
        for (i, t) in timers.iter().enumerate() {
            let (top, bottom) = name_spots(t)
                .map(|(_, shape)| Placed::extent(&shape))
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(t, b), (y0, y1)| {
                    (t.min(y0), b.max(y1))
                });
            if top <= bottom {
                named.push((i, bottom));
                tops.push(top);
            }
        }
        for k in (1..tops.len()).rev() {
            tops[k - 1] = tops[k - 1].min(tops[k]);
        }
        Names {
            named,
            tops,
            next: 0,
        }
    }

    /// The top of the names still to place: they reach no higher.
    pub(crate) fn top(&self) -> f32 {
        self.tops.get(self.next).copied().unwrap_or(f32::INFINITY)
    }

    /// Names the brackets, in order, that are apart from every text from `y` down (where
    /// the labels still to place are).
    pub(crate) fn place_above(&mut self, y: f32, timers: &mut [TimerMark], placed: &mut Placed) {
        while let Some(&(i, bottom)) = self.named.get(self.next) {
            if !Placed::apart(bottom, y) {
                break;
            }
            name(&mut timers[i], placed);
            self.next += 1;
        }
    }

    /// Names the brackets left, once every label is placed.
    pub(crate) async fn place_rest(
        &mut self,
        timers: &mut [TimerMark],
        placed: &mut Placed,
        pace: &Pace,
    ) {
        let n = self.named.len();
        while let Some(&(i, _)) = self.named.get(self.next) {
            pace.item(self.next, n, (0.93, 0.98)).await;
            name(&mut timers[i], placed);
            self.next += 1;
        }
    }
}

/// Names a bracket where its name first fits: placed late, as after every label
/// ([`Placed::add_late`]).
fn name(t: &mut TimerMark, placed: &mut Placed) {
    let spot = name_spots(t).find(|(_, shape)| placed.cost(&[*shape]) <= TOUCH);
    if let Some((at, shape)) = spot {
        placed.add_late(&[shape]);
        t.label_at = Some(at);
    }
}
