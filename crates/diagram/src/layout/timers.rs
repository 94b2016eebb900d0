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

/// Names each bracket along its length where the name fits without sitting on a text.
pub(crate) async fn place_names(timers: &mut [TimerMark], placed: &mut Placed, pace: &Pace) {
    let n = timers.len();
    for (k, t) in timers.iter_mut().enumerate() {
        pace.item(k, n, (0.93, 0.98)).await;
        let w = text_width(t.label, SMALL_PX, 0.52);
        let room = t.y1 - t.y0;
        if room < w + 16.0 {
            continue;
        }
        let x = t.x + if t.x < t.x_lifeline { -4.0 } else { 4.0 };
        for f in [0.5, 0.3, 0.7, 0.2, 0.8] {
            let y = t.y0 + room * f;
            if y - w / 2.0 < t.y0 + 6.0 || y + w / 2.0 > t.y1 - 6.0 {
                continue;
            }
            let shape = Capsule {
                a: Pt { x, y: y - w / 2.0 },
                b: Pt { x, y: y + w / 2.0 },
                r: 6.0,
            };
            if placed.cost(&[shape]) <= TOUCH {
                placed.add(&[shape]);
                t.label_at = Some(Pt { x, y });
                break;
            }
        }
    }
}
