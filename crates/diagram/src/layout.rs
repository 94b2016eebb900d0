//! Trace -> positions: lifelines, arrows, state bands, timer brackets, event marks and idle
//! breaks, in pixels of an unscaled figure. Everything the SVG, the page and the exports
//! draw comes from here, so they all show the same figure.
//!
//! Two shapes: the wide figure (labels along their arrows, for screens and exports) and a
//! compact one for phones (narrow columns, labels in short horizontal lines), both with
//! their labels moved along the arrows, or shortened, where they would sit on each other.

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{EventKind, HopAction};
use wiretrace_core::trace::{Fate, Role, Segment, TimerKind, TimerOutcome, Trace};

use crate::events::{self, Tone};
use crate::numbers::{
    flags_label, segment_label, segment_label_lines, segment_note, wrap, Numbering, SeqBases,
};
use crate::place::{Capsule, Placed};
use crate::timemap::{Scale, TimeMap};
use crate::{fmt_duration, fmt_time};

/// What the layout needs besides the trace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// Absolute or relative sequence numbers on the arrows.
    pub numbering: Numbering,
    /// Language of the lifeline labels and event marks.
    pub lang: Lang,
    /// The narrow figure for phones: short horizontal label lines, narrow columns.
    pub compact: bool,
}

/// A point in the figure.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pt {
    /// Horizontal, from the left edge.
    pub x: f32,
    /// Vertical, from the top of the body (below the lifeline heads).
    pub y: f32,
}

/// Which way a lifeline's labels and timer brackets go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// To the left of the lifeline.
    Left,
    /// To the right.
    Right,
}

impl Side {
    /// -1 for left, 1 for right.
    pub fn dir(self) -> f32 {
        match self {
            Side::Left => -1.0,
            Side::Right => 1.0,
        }
    }
}

/// One lifeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// Endpoint id.
    pub endpoint: String,
    /// Horizontal position.
    pub x: f32,
    /// Name shown in the head (localized).
    pub label: String,
    /// Address shown under the name.
    pub detail: String,
    /// What the endpoint stands for.
    pub role: Role,
    /// Where its state labels and timers go.
    pub outer: Side,
}

/// How an arrow ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Arrived: an arrowhead at the receiver.
    Head,
    /// Lost on the way: a cross where it died.
    Lost,
    /// Still travelling when the run ended.
    InFlight,
}

/// One segment's arrow.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// Index in `Trace::segments` (the segment's `id` in any well-formed trace).
    pub segment: u32,
    /// Connection id.
    pub conn: u32,
    /// The path: sender, middleboxes passed, end.
    pub points: Vec<Pt>,
    /// How it ends.
    pub end: End,
    /// The whole label: flags and numbers (also its tooltip).
    pub label: String,
    /// The HTTP line and analysis tags (may be empty).
    pub note: String,
    /// The label as drawn: one line along the arrow (two, stacked above it, where a figure
    /// of three or more lifelines has no room for one), or short lines in the compact
    /// figure; fewer words when the whole label would sit on another text.
    pub label_lines: Vec<String>,
    /// The note as drawn (fitted to the column; may be empty).
    pub note_lines: Vec<String>,
    /// Anchor of the label.
    pub label_at: Pt,
    /// How the label hangs from its anchor.
    pub label_align: Align,
    /// Direction of the label's baseline, a unit vector (follows the slant of the line,
    /// never upside down; `(1, 0)` when horizontal).
    pub dir: (f32, f32),
    /// The label is a block of horizontal lines centred on its anchor (compact figure);
    /// otherwise the label runs above the line and the note below it.
    pub horizontal: bool,
    /// Length of the path.
    pub length: f32,
    /// Style class of its connection (`wt-c0 wt-d0`).
    pub class: String,
    /// The send time as shown in the gutter.
    pub sent: String,
}

impl Arrow {
    /// The label's angle in degrees (clockwise, as SVG's `rotate`).
    pub fn angle(&self) -> f32 {
        self.dir.1.atan2(self.dir.0).to_degrees()
    }

    /// Where it leaves the sender.
    pub fn start(&self) -> Pt {
        self.points[0]
    }

    /// Where it ends.
    pub fn finish(&self) -> Pt {
        *self.points.last().unwrap_or(&Pt::default())
    }
}

/// How a label hangs from its anchor point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Centred (arrows that arrive).
    Middle,
    /// Starting at the anchor (a cut-short arrow going right).
    Start,
    /// Ending at the anchor (a cut-short arrow going left).
    End,
}

/// One stretch of a TCP state on a lifeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Endpoint id.
    pub endpoint: String,
    /// Connection, or `None` for a listening socket.
    pub conn: Option<u32>,
    /// The state held.
    pub state: State,
    /// Centre line of the band.
    pub x: f32,
    /// Top (the transition into the state).
    pub y0: f32,
    /// Bottom (the next transition, or the end of the run).
    pub y1: f32,
    /// Time of the transition into the state.
    pub t0: u64,
}

/// The name of a state written where the state begins.
#[derive(Clone, Debug, PartialEq)]
pub struct StateLabel {
    /// Anchor point of the text (vertical centre).
    pub at: Pt,
    /// Which side of the lifeline (text grows away from it).
    pub side: Side,
    /// `SYN-SENT`, with the connection number when an endpoint has several.
    pub text: String,
    /// The state.
    pub state: State,
    /// Endpoint id.
    pub endpoint: String,
    /// Connection.
    pub conn: Option<u32>,
    /// When the transition happened.
    pub t: u64,
    /// Index in `Trace::states`.
    pub change: usize,
}

/// A timer drawn as a bracket beside its lifeline, from arming to its end.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerMark {
    /// Index in `Trace::timers`.
    pub timer: usize,
    /// What it is for.
    pub kind: TimerKind,
    /// How it ended.
    pub outcome: TimerOutcome,
    /// Horizontal position of the bracket.
    pub x: f32,
    /// Where it points back to (the lifeline).
    pub x_lifeline: f32,
    /// Armed.
    pub y0: f32,
    /// Fired, cancelled, or the end of the run.
    pub y1: f32,
    /// Short name (`RTO`).
    pub label: &'static str,
    /// Where the name is written along the bracket (centre), if it fits without sitting on
    /// another text.
    pub label_at: Option<Pt>,
    /// Tooltip: what, when, how it ended.
    pub title: String,
    /// When it was armed.
    pub t0: u64,
}

/// A compressed idle gap.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// Top.
    pub y0: f32,
    /// Bottom.
    pub y1: f32,
    /// The real duration (`45 s`).
    pub label: String,
    /// Where the duration is written (between the first two lifelines).
    pub label_x: f32,
}

/// An event of the story marked on its lifeline: a diamond at its time, a labelled badge
/// beside the lifeline (moved down when texts would overlap, with a leader back).
#[derive(Clone, Debug, PartialEq)]
pub struct EventMark {
    /// Index in `Trace::events`.
    pub event: usize,
    /// Endpoint id.
    pub endpoint: String,
    /// How it reads at a glance.
    pub tone: Tone,
    /// The diamond, on the lifeline at the event's time.
    pub at: Pt,
    /// The badge's short label (localized).
    pub label: String,
    /// The label as drawn: one line, or a few short ones in the compact figure.
    pub lines: Vec<String>,
    /// Badge height.
    pub height: f32,
    /// Badge box: the edge nearest the lifeline, vertically centred.
    pub badge_at: Pt,
    /// Which way the badge grows from `badge_at`.
    pub side: Side,
    /// Badge width.
    pub width: f32,
    /// Tooltip: the event's full text (localized).
    pub title: String,
    /// When it happened.
    pub t: u64,
}

/// A link that went down: drawn across it from the cut to its repair (or the end).
#[derive(Clone, Debug, PartialEq)]
pub struct LinkDown {
    /// Index of the `link-cut` event.
    pub event: usize,
    /// Index of the `link-restored` event, if it came back.
    pub restored: Option<usize>,
    /// Left lifeline of the link.
    pub x0: f32,
    /// Right lifeline of the link.
    pub x1: f32,
    /// The cut.
    pub y0: f32,
    /// The repair, or the bottom of the figure.
    pub y1: f32,
    /// "link down" (localized).
    pub label: String,
    /// "link up" (localized), when it came back.
    pub restored_label: Option<String>,
    /// Tooltip: the cut's full text.
    pub title: String,
    /// Label width (the restored label's too, for the pill).
    pub label_w: f32,
    /// Width of the restored label.
    pub restored_w: f32,
}

/// Everything drawn, in figure coordinates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Width of the figure.
    pub width: f32,
    /// Height of the body (below the heads).
    pub height: f32,
    /// Height of the lifeline heads.
    pub head_height: f32,
    /// Width of the time gutter on the left.
    pub gutter: f32,
    /// The compact (phone) figure.
    pub compact: bool,
    /// The language of its texts (the scene writes tooltips in it too).
    pub lang: Lang,
    /// Height of one line of a label block (compact figure).
    pub line_height: f32,
    /// Lifelines, left to right.
    pub lanes: Vec<Lane>,
    /// One per segment, index = segment id.
    pub arrows: Vec<Arrow>,
    /// TCP states along the lifelines.
    pub bands: Vec<Band>,
    /// State names at each transition.
    pub state_labels: Vec<StateLabel>,
    /// Timer brackets.
    pub timers: Vec<TimerMark>,
    /// Compressed idle gaps.
    pub gaps: Vec<Gap>,
    /// Events of the story, on their lifelines.
    pub events: Vec<EventMark>,
    /// Links that went down.
    pub links: Vec<LinkDown>,
    /// Time -> position.
    pub map: TimeMap,
    /// Whether arrows carry their connection number (`#2`).
    pub multi_conn: bool,
    /// Earliest time in the trace (the gutter counts from it).
    pub t0: u64,
    /// Where each `(endpoint, connection)` is drawn (band x).
    pub sockets: Vec<((String, Option<u32>), f32)>,
}

/// A socket: (endpoint slot, connection or `None` for a listener), its state changes, and
/// when it is first seen.
type Socket = ((usize, Option<u32>), Vec<usize>, u64);

/// Endpoints by position: the trace's lifelines first, then any id the trace uses without
/// declaring it (a malformed import), so that facts per endpoint live in plain vectors.
struct Slots<'a> {
    ids: Vec<&'a str>,
    lanes: usize,
}

impl<'a> Slots<'a> {
    fn new(trace: &'a Trace) -> Slots<'a> {
        let mut ids: Vec<&str> = trace.endpoints.iter().map(|e| e.id.as_str()).collect();
        let lanes = ids.len();
        let used = trace
            .segments
            .iter()
            .flat_map(|s| {
                [s.from.as_str(), s.to.as_str()]
                    .into_iter()
                    .chain(s.via.iter().map(|h| h.endpoint.as_str()))
            })
            .chain(trace.states.iter().map(|s| s.endpoint.as_str()))
            .chain(trace.timers.iter().map(|t| t.endpoint.as_str()))
            .chain(trace.events.iter().map(|e| e.endpoint.as_str()));
        for id in used {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Slots { ids, lanes }
    }

    /// The slot of an id the trace uses.
    fn of(&self, id: &str) -> usize {
        self.ids.iter().position(|s| *s == id).unwrap_or(0)
    }

    /// The lifeline of an id, if the trace declares it.
    fn lane(&self, id: &str) -> Option<usize> {
        self.ids[..self.lanes].iter().position(|s| *s == id)
    }
}

/// Width of the time gutter on the left (wide figure).
pub const GUTTER: f32 = 76.0;
/// Top margin above the first row.
pub const TOP: f32 = 28.0;
/// Width of a state band.
pub const BAND_W: f32 = 8.0;
/// Approximate advance of one character of the 12 px monospace label font.
pub const CHAR_W: f32 = 7.3;
/// Minimum distance between two rows where segments leave (wide figure).
pub const ROW_GAP: f32 = 40.0;
/// Height of a transit of median length.
const TRANSIT_PX: f64 = 60.0;
/// Height of a one-line event badge.
pub const BADGE_H: f32 = 18.0;
/// Height of each further line of a badge.
pub const BADGE_LINE_H: f32 = 13.0;
/// Widest line of a badge in the compact figure.
const BADGE_LINE_W: f32 = 84.0;
/// Least column width of a wide figure whose labels break into two lines (3+ lifelines).
const NARROW_COL_MIN: f32 = 240.0;
/// How much of an inner lifeline's text room the column beside it keeps, in a wide figure
/// whose labels break into two lines (the labels slide along their arrows past the texts).
const INNER_ROOM_SHARE: f32 = 0.7;
/// Font size of state names and event badges.
const SMALL_PX: f32 = 11.0;
/// Overlap (px) still counted as apart: texts that merely touch.
const TOUCH: f32 = 1.0;

/// Sizes of one shape of figure.
#[derive(Clone, Copy, Debug)]
struct Metrics {
    compact: bool,
    gutter: f32,
    row_gap: f32,
    /// Font size of arrow labels (monospace).
    label_px: f32,
    /// Font size of arrow notes.
    note_px: f32,
    /// Line height of compact label blocks.
    line_h: f32,
    /// Least room kept for state names beside a lifeline.
    min_text_room: f32,
    /// Column width: bounds, and room around the longest label.
    col_min: f32,
    col_max: f32,
    col_pad: f32,
    /// Characters per compact label line.
    line_chars: usize,
    /// Distance between timer bracket lanes.
    timer_step: f32,
    /// Distance from a band to the texts beside it (past the timer brackets).
    text_gap: f32,
    /// Width of a state-name character, in em.
    state_em: f32,
}

impl Metrics {
    fn of(compact: bool) -> Metrics {
        if compact {
            Metrics {
                compact,
                gutter: 44.0,
                row_gap: 52.0,
                label_px: 11.0,
                note_px: 11.0,
                line_h: 13.0,
                min_text_room: 70.0,
                col_min: 112.0,
                col_max: 230.0,
                col_pad: 14.0,
                line_chars: 16,
                timer_step: 5.0,
                text_gap: 6.0,
                state_em: 0.69,
            }
        } else {
            Metrics {
                compact,
                gutter: GUTTER,
                row_gap: ROW_GAP,
                label_px: 12.0,
                note_px: 11.5,
                line_h: 14.0,
                min_text_room: 96.0,
                col_min: 320.0,
                col_max: 640.0,
                col_pad: 110.0,
                line_chars: 0,
                timer_step: 7.0,
                text_gap: 8.0,
                state_em: 0.72,
            }
        }
    }

    fn mono_w(&self, s: &str, px: f32) -> f32 {
        text_width(s, px, 0.6)
    }

    /// Width of a state name (11 px sans, bold capitals).
    fn state_w(&self, s: &str) -> f32 {
        text_width(s, SMALL_PX, self.state_em)
    }
}

/// True for characters drawn a full em wide (CJK, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Estimated advance of a text: full-width characters take an em, others `narrow` em.
pub fn text_width(s: &str, px: f32, narrow: f32) -> f32 {
    s.chars()
        .map(|c| if is_wide(c) { px } else { px * narrow })
        .sum()
}

/// Width of a badge text (11 px sans, bold).
fn small_w(s: &str) -> f32 {
    text_width(s, SMALL_PX, 0.62)
}

/// The short name of a timer kind in a language, as drawn on its bracket.
pub fn timer_label(kind: TimerKind, lang: Lang) -> &'static str {
    crate::texts::TEXTS
        .get(lang, crate::texts::timer_key(kind))
        .unwrap_or("")
}

fn median(mut v: Vec<u64>) -> Option<u64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[v.len() / 2])
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

/// Where along a leg a centred label is tried, in order of preference.
const FRACTIONS: [f32; 9] = [0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8];

/// The capsules of an arrow label drawn at `at`.
fn label_shapes(
    m: &Metrics,
    at: Pt,
    dir: (f32, f32),
    align: Align,
    horizontal: bool,
    lines: &[String],
    notes: &[String],
) -> Vec<Capsule> {
    let extent = |w: f32| match align {
        Align::Middle => (-w / 2.0, w / 2.0),
        Align::Start => (0.0, w),
        Align::End => (-w, 0.0),
    };
    let mut out = Vec::with_capacity(lines.len() + notes.len());
    if horizontal {
        let n = (lines.len() + notes.len()) as f32;
        let top = at.y - n * m.line_h / 2.0;
        for (k, (line, px)) in lines
            .iter()
            .map(|l| (l, m.label_px))
            .chain(notes.iter().map(|l| (l, m.note_px)))
            .enumerate()
        {
            let (a, b) = extent(m.mono_w(line, px));
            let y = top + m.line_h * (k as f32 + 0.5);
            out.push(Capsule::horizontal(at.x + a, at.x + b, y, m.line_h / 2.0));
        }
        return out;
    }
    let (ux, uy, nx, ny) = (dir.0, dir.1, -dir.1, dir.0);
    let mut push = |text: &str, px: f32, offset: f32| {
        let (a, b) = extent(m.mono_w(text, px));
        let (cx, cy) = (at.x + nx * offset, at.y + ny * offset);
        out.push(Capsule {
            a: Pt {
                x: cx + ux * a,
                y: cy + uy * a,
            },
            b: Pt {
                x: cx + ux * b,
                y: cy + uy * b,
            },
            r: px / 2.0 + 0.5,
        });
    };
    // Lines stack upwards from the line: the last one runs along the arrow.
    for (k, l) in lines.iter().enumerate() {
        let up = (lines.len() - 1 - k) as f32 * m.line_h;
        push(l, m.label_px, -(6.0 + 0.35 * m.label_px) - up);
    }
    if let Some(n) = notes.first() {
        push(n, m.note_px, 14.0 - 0.35 * m.note_px);
    }
    out
}

/// The direction of a label along the leg `a -> b` (never upside down).
fn leg_dir(a: Pt, b: Pt) -> (f32, f32) {
    let (l, r) = if a.x <= b.x { (a, b) } else { (b, a) };
    let (dx, dy) = ((r.x - l.x).max(1.0), r.y - l.y);
    let len = (dx * dx + dy * dy).sqrt();
    (dx / len, dy / len)
}

/// Lays out a trace.
pub fn layout(trace: &Trace, opts: &Options) -> Layout {
    let m = Metrics::of(opts.compact);
    let bases = SeqBases::new(trace);
    let segs = &trace.segments;
    let multi_conn = trace.connections.len() > 1
        || segs
            .iter()
            .any(|s| segs.first().is_some_and(|f| f.conn != s.conn));
    let slots = Slots::new(trace);
    let n_slots = slots.ids.len().max(1);

    // Events the figure marks: badges on a lifeline, links drawn down.
    let badges: Vec<(usize, String, Tone)> = trace
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| !events::is_link_change(e) && slots.lane(&e.endpoint).is_some())
        .filter_map(|(i, e)| events::badge(e, opts.lang).map(|(l, t)| (i, l, t)))
        .collect();
    let link_changes: Vec<usize> = trace
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| events::is_link_change(e))
        .map(|(i, _)| i)
        .collect();

    // Every arrow's label, whole and (compact figure) in short lines.
    let prefix = |s: &Segment| {
        if multi_conn {
            format!("#{} ", s.conn)
        } else {
            String::new()
        }
    };
    let labels: Vec<String> = segs
        .iter()
        .map(|s| prefix(s) + &segment_label(s, &bases, opts.numbering))
        .collect();
    // Three or more lifelines make a wide figure narrow its columns: a label that does not
    // fit its leg on one line is drawn in two (flags and length above the numbers).
    let two_line = !m.compact && trace.endpoints.len() > 2;
    let lines: Vec<Vec<String>> = if m.compact || two_line {
        let chars = if m.compact { m.line_chars } else { usize::MAX };
        segs.iter()
            .map(|s| segment_label_lines(s, &bases, opts.numbering, &prefix(s), chars))
            .collect()
    } else {
        labels.iter().map(|l| vec![l.clone()]).collect()
    };
    // ---- time axis -------------------------------------------------------------------
    let t0 = segs
        .iter()
        .map(|s| s.sent_us)
        .chain(trace.states.iter().map(|s| s.at_us))
        .chain(trace.timers.iter().map(|t| t.armed_us))
        .min()
        .unwrap_or(0);
    let transits: Vec<u64> = segs
        .iter()
        .filter_map(|s| s.recv_us.map(|r| r.saturating_sub(s.sent_us)))
        .filter(|&d| d > 0)
        .collect();
    let median_transit = median(transits);
    let scale_base = median_transit.or_else(|| {
        let mut sends: Vec<u64> = segs.iter().map(|s| s.sent_us).collect();
        sends.dedup();
        median(
            sends
                .windows(2)
                .map(|w| w[1] - w[0])
                .filter(|&d| d > 0)
                .collect(),
        )
    });
    let px_per_us = scale_base.map_or(0.001, |d| TRANSIT_PX / d as f64);
    // In the compact figure a label is a block of lines: rows leave room for the tallest.
    let row_gap = if m.compact {
        let tallest = segs
            .iter()
            .zip(&lines)
            .map(|(s, l)| {
                let note = segment_note(s, opts.lang).chars().count();
                let notes = if note == 0 {
                    0
                } else if note <= m.line_chars + 2 {
                    1
                } else {
                    2
                };
                (l.len() + notes) as f32 * m.line_h
            })
            .fold(0.0f32, f32::max);
        (tallest + 14.0).clamp(m.row_gap, 92.0)
    } else {
        m.row_gap
    };
    let scale = Scale {
        px_per_us,
        row_gap,
        max_gap: (m.row_gap * 5.0).max(TRANSIT_PX as f32 * 2.5),
        break_height: 56.0,
        // A two-line label above an arrow leaving right after a break clears its zigzag.
        after_break: if two_line { 2.0 * m.line_h - 4.0 } else { 0.0 },
    };
    let end_us = trace
        .end_us
        .max(segs.iter().filter_map(|s| s.recv_us).max().unwrap_or(0))
        .max(segs.iter().map(|s| s.sent_us).max().unwrap_or(0));

    // Rows: every send takes a row of its own at its instant; arrivals at one endpoint at
    // one instant take rows too (and passes through a middlebox), so parallel segments stay
    // parallel all the way.
    let mut send_row: Vec<u32> = vec![0; segs.len()];
    let mut arrive_row: Vec<u32> = vec![0; segs.len()];
    let mut hop_rows: Vec<Vec<u32>> = segs.iter().map(|s| vec![0; s.via.len()]).collect();
    // (time, rows there): the most rows any endpoint needs at that instant.
    let mut rows_at: Vec<(u64, u32)> = Vec::new();
    {
        // Positions in `segs` (not `Segment::id`): an imported file may number them oddly.
        let mut sends: Vec<(u64, usize)> = segs.iter().map(|s| s.sent_us).zip(0..).collect();
        sends.sort_unstable();
        // (time, endpoint, segment, hop number or MAX for the arrival)
        let mut arrivals: Vec<(u64, usize, usize, usize)> = Vec::new();
        for (i, s) in segs.iter().enumerate() {
            for (k, h) in s.via.iter().enumerate() {
                arrivals.push((h.at_us, slots.of(&h.endpoint), i, k));
            }
            if let Some(r) = s.recv_us {
                arrivals.push((r, slots.of(&s.to), i, usize::MAX));
            }
        }
        arrivals.sort_unstable();
        let mut n = 0u32;
        for (k, &(t, i)) in sends.iter().enumerate() {
            n = if k > 0 && sends[k - 1].0 == t {
                n + 1
            } else {
                0
            };
            send_row[i] = n;
            rows_at.push((t, n + 1));
        }
        for (k, &(t, ep, i, hop)) in arrivals.iter().enumerate() {
            let same = k > 0 && (arrivals[k - 1].0, arrivals[k - 1].1) == (t, ep);
            n = if same { n + 1 } else { 0 };
            if hop == usize::MAX {
                arrive_row[i] = n;
            } else {
                hop_rows[i][hop] = n;
            }
            rows_at.push((t, n + 1));
        }
        // Keep the largest count per instant (the time map adds up repeated marks).
        rows_at.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        rows_at.dedup_by_key(|r| r.0);
    }
    let mut marks: Vec<(u64, u32)> = rows_at;
    marks.extend(segs.iter().filter_map(|s| s.lost_us.map(|t| (t, 0))));
    marks.extend(segs.iter().flat_map(|s| s.via.iter().map(|h| (h.at_us, 0))));
    marks.extend(trace.states.iter().map(|s| (s.at_us, 0)));
    for tm in &trace.timers {
        marks.push((tm.armed_us, 0));
        marks.push((
            tm.ended_us.unwrap_or(end_us).min(end_us.max(tm.armed_us)),
            0,
        ));
    }
    marks.push((t0, 0));
    marks.push((end_us, 0));
    // Marked events keep a place of their own, even in the middle of a silence.
    let moments: Vec<u64> = badges
        .iter()
        .map(|(i, _, _)| *i)
        .chain(link_changes.iter().copied())
        .map(|i| trace.events[i].at_us.clamp(t0, end_us.max(t0)))
        .collect();
    let map = TimeMap::with_moments(TOP, &marks, &moments, scale);

    // ---- lanes -------------------------------------------------------------------------
    let n_lanes = trace.endpoints.len();
    let outer_of = |i: usize| if i == 0 { Side::Left } else { Side::Right };

    // Timer lanes per endpoint (computed before x positions: they set the margins).
    let mut timer_order: Vec<(u64, usize)> =
        trace.timers.iter().map(|t| t.armed_us).zip(0..).collect();
    timer_order.sort_unstable();
    let timer_span = |i: usize| -> (f32, f32) {
        let tm = &trace.timers[i];
        let end = timer_end(tm.ended_us, tm.deadline_us, tm.outcome, end_us);
        (map.y(tm.armed_us), map.y(end).max(map.y(tm.armed_us) + 6.0))
    };
    let mut timer_lane: Vec<usize> = vec![0; trace.timers.len()];
    let mut timer_lanes_of: Vec<usize> = vec![0; n_slots];
    {
        let mut by_ep: Vec<Vec<usize>> = vec![Vec::new(); n_slots];
        for &(_, i) in &timer_order {
            by_ep[slots.of(&trace.timers[i].endpoint)].push(i);
        }
        for (ep, ids) in by_ep.iter().enumerate() {
            let spans: Vec<(f32, f32)> = ids.iter().map(|&i| timer_span(i)).collect();
            let lanes = pack(&spans);
            for (k, &i) in ids.iter().enumerate() {
                timer_lane[i] = lanes[k];
            }
            timer_lanes_of[ep] = lanes.iter().max().map_or(0, |m| m + 1);
        }
    }

    // Sockets: (endpoint, connection or None for a listener), sorted, with the state
    // changes of each and when each is first seen.
    let sockets: Vec<Socket> = {
        // (endpoint, connection, state change or MAX for "a segment uses it", time)
        let mut uses: Vec<(usize, Option<u32>, usize, u64)> = trace
            .states
            .iter()
            .enumerate()
            .map(|(i, st)| (slots.of(&st.endpoint), st.conn, i, st.at_us))
            .collect();
        for s in segs {
            for ep in [&s.from, &s.to] {
                uses.push((slots.of(ep), Some(s.conn), usize::MAX, s.sent_us));
            }
        }
        uses.sort_unstable();
        let mut out: Vec<Socket> = Vec::new();
        for (ep, conn, change, t) in uses {
            match out.last_mut() {
                Some(last) if last.0 == (ep, conn) => {
                    last.2 = last.2.min(t);
                    if change != usize::MAX {
                        last.1.push(change);
                    }
                }
                _ => out.push((
                    (ep, conn),
                    if change == usize::MAX {
                        Vec::new()
                    } else {
                        vec![change]
                    },
                    t,
                )),
            }
        }
        out
    };
    let socket_index = |ep: usize, conn: Option<u32>| -> Option<usize> {
        sockets.binary_search_by(|k| k.0.cmp(&(ep, conn))).ok()
    };
    // Socket sub-lanes: a listener and its connections side by side when they overlap.
    let mut sublane: Vec<usize> = vec![0; sockets.len()];
    let mut sublanes_of: Vec<usize> = vec![1; n_slots];
    {
        let mut k = 0;
        while k < sockets.len() {
            let ep = sockets[k].0 .0;
            let end_k = k + sockets[k..].iter().take_while(|s| s.0 .0 == ep).count();
            // (is a connection, start, socket): listeners first, so they keep the centre
            // line, then connections in the order they begin.
            let mut items: Vec<(bool, f32, usize, f32)> = (k..end_k)
                .map(|j| {
                    let (key, changes, first) = &sockets[j];
                    let start = changes
                        .first()
                        .map(|&i| trace.states[i].at_us)
                        .map_or(*first, |t| t.min(*first));
                    let end = match changes.last().map(|&i| &trace.states[i]) {
                        Some(st) if st.to == State::Closed => st.at_us,
                        _ => end_us,
                    };
                    (key.1.is_some(), map.y(start), j, map.y(end) + 1.0)
                })
                .collect();
            items.sort_unstable_by(|a, b| {
                (a.0, a.1, a.2)
                    .partial_cmp(&(b.0, b.1, b.2))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            // Listeners occupy their lane for the whole run.
            let mut lane_end: Vec<f32> = Vec::new();
            for &(is_conn, start, j, end) in &items {
                let lane = lane_end
                    .iter()
                    .position(|&e| e <= start)
                    .unwrap_or(lane_end.len());
                let end = if is_conn { end } else { f32::INFINITY };
                if lane == lane_end.len() {
                    lane_end.push(end);
                } else {
                    lane_end[lane] = end;
                }
                sublane[j] = lane;
            }
            sublanes_of[ep] = lane_end.len().max(1);
            k = end_k;
        }
    }

    // The state names and badges beside each lifeline set how much room it needs.
    // How many connections each endpoint has states for (several: names carry `#n`).
    let mut conns_at: Vec<usize> = vec![0; n_slots];
    for (key, changes, _) in &sockets {
        if key.1.is_some() && !changes.is_empty() {
            conns_at[key.0] += 1;
        }
    }
    let state_text = |ep: &str, conn: Option<u32>, st: State| -> String {
        match conn {
            Some(c) if conns_at[slots.of(ep)] > 1 => format!("{st} #{c}"),
            _ => st.name().to_owned(),
        }
    };
    // A badge: one line, or (compact figure) short lines that keep the margin narrow.
    // A lifeline inside the figure writes its badges into a column: short lines there too,
    // and in a wide figure of narrow columns (3+ lifelines) on the outer lifelines as well.
    let inner_lane = |ep: &str| {
        slots
            .lane(ep)
            .is_some_and(|i| i > 0 && i + 1 < trace.endpoints.len())
    };
    let badge_lines = |label: &str, ep: &str| -> Vec<String> {
        let max_w = if m.compact {
            BADGE_LINE_W
        } else if inner_lane(ep) {
            BADGE_LINE_W * 1.6
        } else if two_line {
            // Narrow columns: the outer margins keep narrow too.
            BADGE_LINE_W * 1.2
        } else {
            return vec![label.to_owned()];
        };
        let mut lines: Vec<String> = Vec::new();
        for word in label.split(' ') {
            match lines.last_mut() {
                Some(l) if small_w(l) + small_w(word) + 3.0 <= max_w => {
                    l.push(' ');
                    l.push_str(word);
                }
                _ => lines.push(word.to_owned()),
            }
        }
        lines
    };
    let badge_w = |label: &str, ep: &str| {
        badge_lines(label, ep)
            .iter()
            .map(|l| small_w(l))
            .fold(0.0f32, f32::max)
            + 12.0
    };
    let mut text_room: Vec<f32> = vec![0.0; n_slots];
    for st in &trace.states {
        let w = m.state_w(&state_text(&st.endpoint, st.conn, st.to)) + 4.0;
        let e = &mut text_room[slots.of(&st.endpoint)];
        *e = e.max(w);
    }
    for (i, label, _) in &badges {
        let ep = trace.events[*i].endpoint.as_str();
        let w = badge_w(label, ep) + 6.0;
        let e = &mut text_room[slots.of(ep)];
        *e = e.max(w);
    }

    // Column width: wide enough for the longest label (line) between neighbours.
    let longest = lines
        .iter()
        .flatten()
        .map(|l| m.mono_w(l, m.label_px))
        .fold(0.0f32, f32::max)
        .max(if m.compact { 0.0 } else { 20.0 * CHAR_W });
    // Beside an inner lifeline, labels slide along their arrows: less room is needed.
    let pad = if n_lanes > 2 {
        m.col_pad * 0.5
    } else {
        m.col_pad
    };
    // Two-line labels need narrower columns (a label that fits on one line still uses it).
    let col_min = if two_line { NARROW_COL_MIN } else { m.col_min };
    let col_gap = (longest + pad).clamp(col_min, m.col_max);
    let side_room = |ep: &str| -> f32 {
        let ep = slots.of(ep);
        let timers = timer_lanes_of[ep] as f32 * m.timer_step;
        let text = text_room[ep].max(m.min_text_room);
        BAND_W / 2.0 + m.text_gap + 2.0 + timers + text
    };
    // Sockets side by side (a listener and its connections) sit on a lifeline's inner side.
    let inner_room = |ep: &str| -> f32 {
        if m.compact {
            return 0.0;
        }
        sublanes_of[slots.of(ep)].saturating_sub(1) as f32 * (BAND_W + 2.0)
    };
    let mut lanes: Vec<Lane> = Vec::with_capacity(n_lanes);
    let mut x = m.gutter;
    for (i, ep) in trace.endpoints.iter().enumerate() {
        x += match i {
            0 => side_room(&ep.id).max(if m.compact { 60.0 } else { 90.0 }),
            // A lifeline inside the figure writes its states into the column on its right.
            1 => col_gap + inner_room(&trace.endpoints[0].id) + inner_room(&ep.id),
            // A column beside an inner lifeline: its states and badges take room near the
            // lifeline only, so where columns are narrow (two-line labels) the labels slide
            // along their arrows past them (placement checks) and share part of that room.
            _ => {
                let share = if two_line { INNER_ROOM_SHARE } else { 1.0 };
                col_gap + side_room(&trace.endpoints[i - 1].id) * share + inner_room(&ep.id)
            }
        };
        let label = ep
            .label_msg
            .as_ref()
            .filter(|m| i18n::template(opts.lang, &m.key).is_some())
            .map(|m| i18n::render(opts.lang, m))
            .unwrap_or_else(|| ep.label.clone());
        lanes.push(Lane {
            endpoint: ep.id.clone(),
            x,
            label,
            detail: ep.ip.clone(),
            role: ep.role,
            outer: outer_of(i),
        });
    }
    let width = x + lanes.last().map_or(m.gutter, |l| {
        side_room(&l.endpoint).max(if m.compact { 60.0 } else { 90.0 })
    });
    let lane_x = |ep: &str| -> f32 { slots.lane(ep).map_or(m.gutter, |i| lanes[i].x) };
    let lane_side = |ep: &str| -> Side { slots.lane(ep).map_or(Side::Left, outer_of) };
    // Where each socket's band is drawn.
    let socket_xs: Vec<f32> = sockets
        .iter()
        .zip(&sublane)
        .map(|((key, _, _), &sl)| {
            let ep = slots.ids[key.0];
            lane_x(ep) - lane_side(ep).dir() * sl as f32 * (BAND_W + 2.0)
        })
        .collect();
    let socket_at = |ep: &str, conn: Option<u32>| -> f32 {
        socket_index(slots.of(ep), conn).map_or_else(|| lane_x(ep), |k| socket_xs[k])
    };
    let socket_x = |ep: &str, conn: u32| -> f32 { socket_at(ep, Some(conn)) };
    // Where names and badges start beside a lifeline (past its timer brackets).
    let text_x = |ep: &str| -> f32 {
        let timers = timer_lanes_of[slots.of(ep)] as f32 * m.timer_step;
        lane_x(ep) + lane_side(ep).dir() * (BAND_W / 2.0 + m.text_gap + timers)
    };

    // ---- arrows (paths; labels are placed last) ----------------------------------------
    let typical = median_transit.unwrap_or(0);
    let mut arrows: Vec<Arrow> = segs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let start = Pt {
                x: socket_x(&s.from, s.conn),
                y: map.y_row(s.sent_us, send_row[i]),
            };
            let mut points = vec![start];
            let mut end = End::Head;
            let mut died_at_hop = false;
            for (k, hop) in s.via.iter().enumerate() {
                let row = hop_rows[i].get(k).copied().unwrap_or(0);
                points.push(Pt {
                    x: lane_x(&hop.endpoint),
                    y: map.y_row(hop.at_us, row),
                });
                if hop.action != HopAction::Forwarded {
                    end = End::Lost;
                    died_at_hop = true;
                    break;
                }
            }
            if !died_at_hop {
                let to = Pt {
                    x: socket_x(&s.to, s.conn),
                    y: 0.0,
                };
                match (s.recv_us, s.fate) {
                    (Some(r), _) if !matches!(s.fate, Fate::Dropped | Fate::DroppedByMiddlebox) => {
                        points.push(Pt {
                            x: to.x,
                            y: map.y_row(r, arrive_row[i]),
                        });
                    }
                    _ => {
                        let last = *points.last().unwrap_or(&start);
                        let (frac, t_end, e) = match s.fate {
                            Fate::InFlight
                            | Fate::Delivered
                            | Fate::Duplicated
                            | Fate::Reordered => {
                                let elapsed = end_us.saturating_sub(s.sent_us);
                                let f = if typical > 0 {
                                    (elapsed as f32 / typical as f32).min(0.9)
                                } else {
                                    0.5
                                };
                                (f, end_us, End::InFlight)
                            }
                            Fate::Dropped | Fate::DroppedByMiddlebox => {
                                let t = s.lost_us.unwrap_or(s.sent_us + typical / 2);
                                let f = if typical > 0 {
                                    (t.saturating_sub(s.sent_us) as f32 / typical as f32)
                                        .clamp(0.25, 0.75)
                                } else {
                                    0.5
                                };
                                (f, t, End::Lost)
                            }
                        };
                        end = e;
                        points.push(Pt {
                            x: last.x + (to.x - last.x) * frac,
                            y: map.y(t_end).max(last.y + 4.0),
                        });
                    }
                }
            }
            // Never fewer than two points (an arrow to nowhere is a short stub).
            if points.len() < 2 {
                points.push(Pt {
                    x: start.x + 20.0,
                    y: start.y + 4.0,
                });
            }
            let length = points
                .windows(2)
                .map(|w| ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt())
                .sum();
            let style = if multi_conn {
                format!("wt-c{} wt-d{}", s.conn % 6, s.conn % 4)
            } else {
                "wt-c0 wt-d0".to_owned()
            };
            Arrow {
                segment: i as u32,
                conn: s.conn,
                end,
                label: labels[i].clone(),
                note: segment_note(s, opts.lang),
                label_lines: lines[i].clone(),
                note_lines: Vec::new(),
                label_at: start,
                label_align: Align::Middle,
                dir: (1.0, 0.0),
                horizontal: m.compact,
                length,
                class: style,
                sent: if m.compact {
                    crate::fmt_time_short(s.sent_us - t0.min(s.sent_us))
                } else {
                    fmt_time(s.sent_us - t0.min(s.sent_us))
                },
                points,
            }
        })
        .collect();

    // ---- state bands and labels --------------------------------------------------------
    let mut bands = Vec::new();
    let mut state_labels = Vec::new();
    for (((slot, conn), changes, _), &x) in sockets.iter().zip(&socket_xs) {
        let ep: &str = slots.ids[*slot];
        for (k, &ci) in changes.iter().enumerate() {
            let st = &trace.states[ci];
            let next_t = changes
                .get(k + 1)
                .map_or(end_us, |&n| trace.states[n].at_us);
            if st.to != State::Closed {
                bands.push(Band {
                    endpoint: ep.to_owned(),
                    conn: *conn,
                    state: st.to,
                    x,
                    y0: map.y(st.at_us),
                    y1: map.y(next_t),
                    t0: st.at_us,
                });
            }
            state_labels.push(StateLabel {
                at: Pt {
                    x: text_x(ep),
                    y: map.y(st.at_us),
                },
                side: lane_side(ep),
                text: state_text(ep, *conn, st.to),
                state: st.to,
                endpoint: ep.to_owned(),
                conn: *conn,
                t: st.at_us,
                change: ci,
            });
        }
    }

    // ---- events --------------------------------------------------------------------------
    let mut event_marks: Vec<EventMark> = badges
        .iter()
        .map(|(i, label, tone)| {
            let ev = &trace.events[*i];
            let ep = ev.endpoint.as_str();
            let x = match ev.conn {
                Some(c) => socket_x(ep, c),
                None => lane_x(ep),
            };
            let y = map.y(ev.at_us);
            EventMark {
                event: *i,
                endpoint: ep.to_owned(),
                tone: *tone,
                at: Pt { x, y },
                label: label.clone(),
                height: badge_lines(label, ep).len() as f32 * BADGE_LINE_H
                    + (BADGE_H - BADGE_LINE_H),
                lines: badge_lines(label, ep),
                badge_at: Pt { x: text_x(ep), y },
                side: lane_side(ep),
                width: badge_w(label, ep),
                title: events::text(ev, opts.lang),
                t: ev.at_us,
            }
        })
        .collect();

    // State names and badges beside one lifeline never sit on each other: in time order,
    // each goes below the one before it if it must.
    {
        // (endpoint, y, half height, is a badge, index)
        let mut items: Vec<(&str, f32, f32, bool, usize)> = state_labels
            .iter()
            .enumerate()
            .map(|(k, l)| (l.endpoint.as_str(), l.at.y, 6.5, false, k))
            .chain(
                event_marks
                    .iter()
                    .enumerate()
                    .map(|(k, e)| (e.endpoint.as_str(), e.at.y, e.height / 2.0, true, k)),
            )
            .collect();
        items.sort_unstable_by(|a, b| {
            (a.0, a.1, a.3, a.4)
                .partial_cmp(&(b.0, b.1, b.3, b.4))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut moved: Vec<(bool, usize, f32)> = Vec::new();
        let mut prev: Option<(&str, f32, f32)> = None;
        for (ep, y, half, badge, k) in items {
            let mut y = y;
            if let Some((pep, py, ph)) = prev {
                if pep == ep {
                    y = y.max(py + ph + half + 0.5);
                }
            }
            moved.push((badge, k, y));
            prev = Some((ep, y, half));
        }
        for (badge, k, y) in moved {
            if badge {
                event_marks[k].badge_at.y = y;
            } else {
                state_labels[k].at.y = y;
            }
        }
    }

    // Links that went down: from the cut to the repair, across the two lifelines it joins.
    let lane_of_ip =
        |ip: &str| -> Option<usize> { trace.endpoints.iter().position(|e| e.ip == ip) };
    let mut links: Vec<LinkDown> = Vec::new();
    for (k, &ci) in link_changes.iter().enumerate() {
        let cut = &trace.events[ci];
        if cut.kind != EventKind::LinkCut {
            continue;
        }
        let arg = |name: &str| cut.msg.as_ref().and_then(|m| m.args.get(name)).cloned();
        let ends = (
            arg("a").and_then(|a| lane_of_ip(&a)),
            arg("b").and_then(|b| lane_of_ip(&b)),
        );
        let (la, lb) = match ends {
            (Some(a), Some(b)) if a != b => (a.min(b), a.max(b)),
            _ => {
                // Unknown addresses: the event's lifeline and its neighbour.
                let Some(i) = slots.lane(&cut.endpoint) else {
                    continue;
                };
                if n_lanes < 2 {
                    continue;
                }
                if i + 1 < n_lanes {
                    (i, i + 1)
                } else {
                    (i - 1, i)
                }
            }
        };
        let same_link = |e: &wiretrace_core::trace::Event| {
            e.msg.as_ref().map(|m| &m.args) == cut.msg.as_ref().map(|m| &m.args)
        };
        let restored = link_changes[k + 1..].iter().copied().find(|&j| {
            let e = &trace.events[j];
            e.kind == EventKind::LinkRestored && same_link(e)
        });
        let label = events::badge(cut, opts.lang)
            .map(|b| b.0)
            .unwrap_or_default();
        let restored_label = restored
            .and_then(|j| events::badge(&trace.events[j], opts.lang))
            .map(|b| b.0);
        links.push(LinkDown {
            event: ci,
            restored,
            x0: lanes[la].x,
            x1: lanes[lb].x,
            y0: map.y(cut.at_us),
            y1: restored.map_or(map.bottom() + TOP / 2.0, |j| map.y(trace.events[j].at_us)),
            label_w: small_w(&label) + 16.0,
            restored_w: restored_label.as_deref().map_or(0.0, small_w) + 16.0,
            label,
            restored_label,
            title: events::text(cut, opts.lang),
        });
    }

    // ---- timers ------------------------------------------------------------------------
    let mut timers: Vec<TimerMark> = trace
        .timers
        .iter()
        .enumerate()
        .map(|(i, tm)| {
            let side = lane_side(&tm.endpoint);
            let lx = lane_x(&tm.endpoint);
            let (y0, y1) = timer_span(i);
            let end = timer_end(tm.ended_us, tm.deadline_us, tm.outcome, end_us);
            let title = crate::texts::timer_title(trace, tm, end, t0, opts.lang);
            TimerMark {
                timer: i,
                kind: tm.kind,
                outcome: tm.outcome,
                x: lx
                    + side.dir()
                        * (BAND_W / 2.0 + m.timer_step - 2.0 + timer_lane[i] as f32 * m.timer_step),
                x_lifeline: lx + side.dir() * (BAND_W / 2.0 + 1.0),
                y0,
                y1,
                label: timer_label(tm.kind, opts.lang),
                label_at: None,
                title,
                t0: tm.armed_us,
            }
        })
        .collect();

    let gap_x = match (lanes.first(), lanes.get(1)) {
        (Some(a), Some(b)) => (a.x + b.x) / 2.0,
        _ => (m.gutter + width) / 2.0,
    };
    let gaps: Vec<Gap> = map
        .breaks()
        .iter()
        .map(|b| Gap {
            y0: b.y0,
            y1: b.y1,
            label: fmt_duration(b.t1 - b.t0),
            label_x: gap_x,
        })
        .collect();

    // ---- labels, placed so that they do not sit on each other ------------------------------
    let mut placed = Placed::default();
    for l in &state_labels {
        let w = m.state_w(&l.text);
        let x1 = l.at.x + l.side.dir() * w;
        placed.add(&[Capsule::horizontal(l.at.x, x1, l.at.y, 6.5)]);
    }
    for e in &event_marks {
        let x1 = e.badge_at.x + e.side.dir() * e.width;
        placed.add(&[Capsule::horizontal(
            e.badge_at.x,
            x1,
            e.badge_at.y,
            e.height / 2.0,
        )]);
    }
    for l in &links {
        let mid = (l.x0 + l.x1) / 2.0;
        placed.add(&[Capsule::horizontal(
            mid - l.label_w / 2.0,
            mid + l.label_w / 2.0,
            l.y0,
            BADGE_H / 2.0,
        )]);
        if l.restored.is_some() {
            placed.add(&[Capsule::horizontal(
                mid - l.restored_w / 2.0,
                mid + l.restored_w / 2.0,
                l.y1,
                BADGE_H / 2.0,
            )]);
        }
    }
    for g in &gaps {
        let w = text_width(&g.label, 12.0, 0.6) + 40.0;
        placed.add(&[Capsule::horizontal(
            g.label_x - w / 2.0,
            g.label_x + w / 2.0,
            (g.y0 + g.y1) / 2.0,
            8.0,
        )]);
    }
    // Arrow labels also keep off the timer brackets of a lifeline inside the wide figure,
    // which stand in a column (an outer lifeline's stand outside the columns), unless the
    // whole label fits nowhere else.
    let mut brackets = Placed::default();
    if !m.compact {
        for t in &timers {
            if inner_lane(&trace.timers[t.timer].endpoint) {
                let (a, b) = (Pt { x: t.x, y: t.y0 }, Pt { x: t.x, y: t.y1 });
                brackets.add(&[Capsule { a, b, r: 1.0 }]);
            }
        }
    }
    for (i, a) in arrows.iter_mut().enumerate() {
        // A block leaving a lifeline on the side where its state names are starts past them.
        let from = segs[i].from.as_str();
        let going_right = a.points[1].x >= a.points[0].x;
        let skip = match slots.lane(from) {
            Some(k) if k > 0 && k + 1 < n_lanes && going_right => {
                side_room(from) - BAND_W / 2.0 - 4.0
            }
            _ => 0.0,
        };
        place_label(&m, a, &segs[i], skip, &mut placed, &brackets);
    }
    for t in &mut timers {
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

    let height = (map.bottom() + TOP).max(links.iter().map(|l| l.y1 + 4.0).fold(0.0, f32::max));
    Layout {
        width,
        height,
        head_height: 58.0,
        gutter: m.gutter,
        compact: m.compact,
        lang: opts.lang,
        line_height: m.line_h,
        lanes,
        arrows,
        bands,
        state_labels,
        timers,
        gaps,
        events: event_marks,
        links,
        map,
        multi_conn,
        t0,
        sockets: sockets
            .iter()
            .zip(&socket_xs)
            .map(|((key, _, _), &x)| ((slots.ids[key.0].to_owned(), key.1), x))
            .collect(),
    }
}

/// Chooses where an arrow's label goes and how much of it: the whole label at the middle
/// of its path if that is free, else further along, else a shorter label; failing all,
/// the spot where it overlaps least. In the compact figure the label hangs from the
/// sender, `skip` px further out when the sender's state names are on that side. `avoid`
/// holds lines a whole label keeps off where it can (it may cross them rather than be
/// shortened).
fn place_label(
    m: &Metrics,
    a: &mut Arrow,
    seg: &Segment,
    skip: f32,
    placed: &mut Placed,
    avoid: &Placed,
) {
    let prefix = if a.label.starts_with('#') {
        a.label.split(' ').next().unwrap_or("").to_owned() + " "
    } else {
        String::new()
    };
    let first_leg = (a.points[0], a.points[1]);
    let leg_w = (first_leg.1.x - first_leg.0.x).abs();
    // The note fits the column it is written in.
    let note_lines = |full: bool| -> Vec<String> {
        if a.note.is_empty() || !full {
            return Vec::new();
        }
        let mut chars = ((leg_w - 24.0) / (m.note_px * 0.6)).max(8.0) as usize;
        if m.compact {
            // As wide as the label block.
            chars = chars.max(m.line_chars);
        } else if a.end != End::Head {
            // A cut-short arrow's note may run as far as its label.
            chars = chars.max(a.label.chars().count());
        }
        wrap(&a.note, chars, if m.compact { 2 } else { 1 })
    };
    // Shorter labels keep the number that matters most: what an ACK acknowledges, where
    // data starts.
    let mut flags = prefix.clone() + &flags_label(seg);
    let mut key = flags.clone();
    if seg.proto == wiretrace_core::trace::Proto::Tcp {
        let tokens: Vec<&str> = a.label.split(' ').collect();
        let find = |name: &str| tokens.iter().find(|t| t.starts_with(name)).copied();
        let wanted = if seg.len == 0 && seg.ack.is_some() {
            find("ack=")
        } else {
            find("seq=")
        };
        if let Some(n) = wanted {
            key.push(' ');
            key.push_str(n);
        }
    }
    if seg.len > 0 {
        let len = format!(" len={}", seg.len);
        key.push_str(&len);
        flags.push_str(&len);
    }
    // (label lines, note lines), longest first. A label given in two lines along its arrow
    // (a figure of narrow columns) keeps to one where that fits the leg it is written on.
    let mut variants: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let whole_w = m.mono_w(&a.label, m.label_px);
    let try_whole = !a.horizontal && a.label_lines.len() > 1;
    if try_whole {
        variants.push((vec![a.label.clone()], note_lines(true)));
    }
    variants.extend([
        (a.label_lines.clone(), note_lines(true)),
        (vec![key.clone()], note_lines(true)),
        (vec![key], Vec::new()),
        (vec![flags], Vec::new()),
    ]);
    // Candidate anchors: (point, direction, align), and how long a text may be there
    // without running past the end of its leg.
    let mut spots: Vec<(Pt, (f32, f32), Align)> = Vec::new();
    let mut spot_room: Vec<f32> = Vec::new();
    if a.end == End::Head {
        for (k, leg) in a.points.windows(2).enumerate() {
            let (p, q) = (leg[0], leg[1]);
            let len_x = (q.x - p.x).abs();
            let dir = if a.horizontal {
                (1.0, 0.0)
            } else {
                leg_dir(p, q)
            };
            for (j, f) in FRACTIONS.iter().enumerate() {
                // Off-centre spots only where the label still fits inside its leg.
                if j > 0 && len_x * (0.5 - (f - 0.5).abs()) * 2.0 < 60.0 {
                    continue;
                }
                if k > 0 && j > 2 {
                    break;
                }
                spot_room.push(2.0 * len_x * f.min(1.0 - f) - 40.0);
                spots.push((
                    Pt {
                        x: p.x + (q.x - p.x) * f,
                        y: p.y + (q.y - p.y) * f,
                    },
                    dir,
                    Align::Middle,
                ));
            }
        }
    } else {
        // A cut-short arrow (lost, in flight) hangs its label from the sender's end so the
        // text does not run over the cross.
        let (p, q) = first_leg;
        let dir = if a.horizontal {
            (1.0, 0.0)
        } else {
            leg_dir(p, q)
        };
        let align = if q.x >= p.x { Align::Start } else { Align::End };
        for d in [14.0, 30.0] {
            let f = d / (q.x - p.x).abs().max(1.0);
            spot_room.push((q.x - p.x).abs() - d - 12.0);
            spots.push((
                Pt {
                    x: p.x + (q.x - p.x) * f,
                    y: p.y + (q.y - p.y) * f,
                },
                dir,
                align,
            ));
        }
    }
    // The compact figure hangs each label block from where its arrow leaves, beside the
    // sender: rows are a block apart, so blocks never meet, and each reads next to its time.
    // (A badge may sit there: then just below it.)
    let compact_spot = |lines: usize, down: f32| -> (Pt, (f32, f32), Align) {
        let (p, q) = first_leg;
        let side = if q.x >= p.x { 1.0 } else { -1.0 };
        let h = lines as f32 * m.line_h;
        (
            Pt {
                x: p.x + side * (BAND_W / 2.0 + 4.0 + skip),
                y: p.y + h / 2.0 + 3.0 + down,
            },
            (1.0, 0.0),
            if side > 0.0 { Align::Start } else { Align::End },
        )
    };
    if m.compact {
        spots.clear();
    }
    // The label on one line only where it stays within its leg.
    let skipped =
        |v: usize, s: usize| try_whole && v == 0 && spot_room.get(s).is_none_or(|&r| whole_w > r);
    let mut best: Option<(f32, usize, usize)> = None;
    // First a whole label clear of the texts and of what to avoid (wide figure).
    if !m.compact {
        let whole = if try_whole { 2 } else { 1 };
        'clear: for (v, (lines, notes)) in variants.iter().enumerate().take(whole) {
            for (s, &(at, dir, align)) in spots.iter().enumerate() {
                if skipped(v, s) {
                    continue;
                }
                let shapes = label_shapes(m, at, dir, align, a.horizontal, lines, notes);
                if placed.cost(&shapes) <= TOUCH && avoid.cost(&shapes) <= TOUCH {
                    best = Some((0.0, v, s));
                    break 'clear;
                }
            }
        }
    }
    'search: for (v, (lines, notes)) in variants.iter().enumerate() {
        if best.is_some_and(|b| b.0 <= TOUCH) {
            break;
        }
        let first = spots.len();
        if m.compact {
            for k in 0..4 {
                let down = if k == 0 {
                    0.0
                } else {
                    BADGE_H + 4.0 + (k - 1) as f32 * BADGE_LINE_H
                };
                spots.push(compact_spot(lines.len() + notes.len(), down));
            }
        }
        for (s, &(at, dir, align)) in spots.iter().enumerate() {
            if m.compact && s < first {
                continue;
            }
            if skipped(v, s) {
                continue;
            }
            let shapes = label_shapes(m, at, dir, align, a.horizontal, lines, notes);
            let cost = placed.cost(&shapes);
            if best.is_none_or(|b| cost < b.0 - TOUCH) {
                best = Some((cost, v, s));
            }
            if cost <= TOUCH {
                break 'search;
            }
        }
    }
    let (_, v, s) = best.unwrap_or((0.0, 0, 0));
    let Some(&(at, dir, align)) = spots.get(s) else {
        return;
    };
    let (lines, notes) = variants[v].clone();
    placed.add(&label_shapes(
        m,
        at,
        dir,
        align,
        a.horizontal,
        &lines,
        &notes,
    ));
    a.label_lines = lines;
    a.note_lines = notes;
    a.label_at = at;
    a.dir = dir;
    a.label_align = align;
}

fn timer_end(ended: Option<u64>, deadline: u64, outcome: TimerOutcome, end_us: u64) -> u64 {
    match (ended, outcome) {
        (Some(e), _) => e,
        (None, TimerOutcome::Fired) => deadline,
        (None, TimerOutcome::Pending) => end_us,
        (None, TimerOutcome::Cancelled) => end_us.min(deadline),
    }
}

impl Layout {
    /// The arrow of a segment.
    pub fn arrow(&self, segment: u32) -> Option<&Arrow> {
        self.arrows.get(segment as usize)
    }

    /// Where a segment's story ends (arrival, loss or end of run): the playhead after it.
    pub fn step_y(&self, segment: u32) -> f32 {
        self.arrow(segment).map_or(TOP, |a| a.finish().y)
    }
}

/// The time at which the story of segment `id` is complete: when it arrived or died.
pub fn segment_done_us(seg: &Segment, end_us: u64) -> u64 {
    seg.recv_us
        .or(seg.lost_us)
        .or_else(|| {
            seg.via
                .iter()
                .find(|h| h.action != HopAction::Forwarded)
                .map(|h| h.at_us)
        })
        .unwrap_or(match seg.fate {
            Fate::InFlight => end_us,
            _ => seg.sent_us,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{browse, lossy, two_connections};

    /// Every text of a laid-out figure as capsules, named, for the overlap tests.
    fn text_shapes(l: &Layout) -> Vec<(String, Vec<Capsule>)> {
        let m = Metrics::of(l.compact);
        let mut out: Vec<(String, Vec<Capsule>)> = Vec::new();
        for a in &l.arrows {
            out.push((
                format!("arrow {} {:?}", a.segment, a.label_lines),
                label_shapes(
                    &m,
                    a.label_at,
                    a.dir,
                    a.label_align,
                    a.horizontal,
                    &a.label_lines,
                    &a.note_lines,
                ),
            ));
        }
        for s in &l.state_labels {
            let x1 = s.at.x + s.side.dir() * m.state_w(&s.text);
            out.push((
                format!("state {} {}", s.endpoint, s.text),
                vec![Capsule::horizontal(s.at.x, x1, s.at.y, 6.5)],
            ));
        }
        for e in &l.events {
            let x1 = e.badge_at.x + e.side.dir() * e.width;
            out.push((
                format!("event {}", e.label),
                vec![Capsule::horizontal(
                    e.badge_at.x,
                    x1,
                    e.badge_at.y,
                    e.height / 2.0,
                )],
            ));
        }
        for t in &l.timers {
            if let Some(p) = t.label_at {
                let w = text_width(t.label, SMALL_PX, 0.52);
                out.push((
                    format!("timer {}", t.label),
                    vec![Capsule {
                        a: Pt {
                            x: p.x,
                            y: p.y - w / 2.0,
                        },
                        b: Pt {
                            x: p.x,
                            y: p.y + w / 2.0,
                        },
                        r: 6.0,
                    }],
                ));
            }
        }
        out
    }

    fn lay(t: &Trace) -> Layout {
        layout(t, &Options::default())
    }

    #[test]
    fn one_lane_per_endpoint_one_arrow_per_segment() {
        let t = browse();
        let l = lay(&t);
        assert_eq!(l.lanes.len(), 2);
        assert!(l.lanes[0].x < l.lanes[1].x);
        assert_eq!(l.arrows.len(), t.segments.len());
        for (i, a) in l.arrows.iter().enumerate() {
            assert_eq!(a.segment as usize, i);
            assert_eq!(a.end, End::Head);
        }
        assert_eq!(
            l.arrows[1].label,
            "SYN, ACK seq=1739326486 ack=3626544837 len=0"
        );
    }

    #[test]
    fn arrows_slant_down_by_their_transit_and_replies_leave_where_requests_arrive() {
        let t = browse();
        let l = lay(&t);
        let syn = &l.arrows[0];
        let synack = &l.arrows[1];
        assert!(syn.finish().y > syn.start().y + 20.0, "transit is visible");
        assert_eq!(
            syn.finish().y,
            synack.start().y,
            "SYN,ACK leaves where SYN lands"
        );
        assert!(syn.start().x < syn.finish().x);
        assert!(synack.start().x > synack.finish().x);
        assert!(syn.angle() > 0.0 && synack.angle() < 0.0);
    }

    #[test]
    fn segments_sent_together_get_separate_rows() {
        let t = browse();
        let l = lay(&t);
        // ACK (2) and GET (3) leave the client at the same microsecond.
        let (ack, get) = (&l.arrows[2], &l.arrows[3]);
        assert!(get.start().y - ack.start().y >= ROW_GAP - 0.01);
        assert!(get.finish().y - ack.finish().y >= ROW_GAP - 0.01);
    }

    #[test]
    fn lost_segment_ends_in_a_cross_between_the_lanes() {
        let t = lossy();
        let l = lay(&t);
        let lost = &l.arrows[3];
        assert_eq!(lost.end, End::Lost);
        let (cx, sx) = (l.lanes[0].x, l.lanes[1].x);
        assert!(lost.finish().x > cx + 10.0 && lost.finish().x < sx - 10.0);
        assert!(l.arrows[4].note.contains("retransmission"));
    }

    #[test]
    fn long_idle_is_compressed_with_a_marked_break() {
        let t = lossy();
        let l = lay(&t);
        assert!(!l.gaps.is_empty());
        assert!(l.gaps.iter().any(|g| g.label.ends_with('s')));
        // 31 s of simulated time fit in a figure a few screens high.
        assert!(l.height < 2_000.0, "height {}", l.height);
    }

    #[test]
    fn states_become_bands_and_labels() {
        let t = browse();
        let l = lay(&t);
        let client: Vec<State> = l
            .bands
            .iter()
            .filter(|b| b.endpoint == "client")
            .map(|b| b.state)
            .collect();
        assert_eq!(
            client,
            [
                State::SynSent,
                State::Established,
                State::FinWait1,
                State::FinWait2,
                State::TimeWait
            ]
        );
        // The band of ESTABLISHED starts where the SYN,ACK arrives.
        let est = l
            .bands
            .iter()
            .find(|b| b.endpoint == "client" && b.state == State::Established)
            .unwrap();
        assert_eq!(est.y0, l.arrows[1].finish().y);
        assert!(l.state_labels.iter().any(|s| s.text == "LISTEN"));
        // Labels on one lifeline never overlap.
        let mut ys: Vec<f32> = l
            .state_labels
            .iter()
            .filter(|s| s.endpoint == "client")
            .map(|s| s.at.y)
            .collect();
        ys.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= 12.9));
    }

    #[test]
    fn timers_sit_beside_their_lifeline() {
        let t = browse();
        let l = lay(&t);
        assert_eq!(l.timers.len(), 2);
        let rto = &l.timers[0];
        assert_eq!(rto.label, "RTO");
        assert!(rto.x < l.lanes[0].x, "outer side of the left lifeline");
        assert!(rto.y1 > rto.y0);
        assert_eq!(
            rto.y1,
            l.arrows[1].finish().y,
            "cancelled when SYN,ACK lands"
        );
    }

    #[test]
    fn connections_are_told_apart_and_middleboxes_bend_arrows() {
        let t = two_connections();
        let l = lay(&t);
        assert_eq!(l.lanes.len(), 3);
        assert!(l.multi_conn);
        let first = &l.arrows[0];
        let second = &l.arrows[11];
        assert_ne!(first.class, second.class);
        assert!(
            second.label.starts_with("#1 "),
            "the Trace id of the second connection"
        );
        assert_eq!(second.points.len(), 3, "passes the firewall lifeline");
        assert_eq!(second.points[1].x, l.lanes[1].x);
        // The client's two connections overlap (TIME-WAIT of #0): separate sub-lanes.
        let at = |conn: u32| {
            l.sockets
                .iter()
                .find(|(k, _)| k.0 == "client" && k.1 == Some(conn))
                .map(|(_, x)| *x)
                .unwrap()
        };
        let (a, b) = (at(0), at(1));
        assert_ne!(a, b);
        assert!(l.state_labels.iter().any(|s| s.text == "ESTABLISHED #1"));
    }

    #[test]
    fn empty_trace_lays_out_without_panicking_and_has_a_size() {
        let t = Trace::new(None, None);
        let l = lay(&t);
        assert!(l.arrows.is_empty());
        assert!(l.width > 0.0 && l.height > 0.0);
    }

    /// Pairs of texts that overlap in a figure.
    fn overlaps(l: &Layout) -> Vec<String> {
        let shapes = text_shapes(l);
        let mut out = Vec::new();
        for i in 0..shapes.len() {
            for j in i + 1..shapes.len() {
                let cost: f32 = shapes[i]
                    .1
                    .iter()
                    .flat_map(|a| shapes[j].1.iter().map(move |b| a.overlap(b)))
                    .sum();
                if cost > 2.0 {
                    out.push(format!("{} / {} ({cost:.1})", shapes[i].0, shapes[j].0));
                }
            }
        }
        out
    }

    #[test]
    fn scenario_figures_keep_their_texts_apart() {
        let mut problems = Vec::new();
        let mut report = Vec::new();
        for info in wiretrace_core::scenario::list() {
            let t = wiretrace_core::scenario::run_with(info.id, &[]).unwrap();
            for (compact, lang) in [(false, Lang::En), (true, Lang::En), (false, Lang::Zh)] {
                let l = layout(
                    &t,
                    &Options {
                        compact,
                        lang,
                        ..Options::default()
                    },
                );
                for o in overlaps(&l) {
                    problems.push(format!("{} compact={compact} {lang:?}: {o}", info.id));
                }
                let short = l
                    .arrows
                    .iter()
                    .filter(|a| a.label_lines.concat().len() + 4 < a.label.len())
                    .count();
                report.push(format!(
                    "{} compact={compact} {lang:?}: width {:.0}, {short} of {} labels shortened",
                    info.id,
                    l.width,
                    l.arrows.len()
                ));
            }
        }
        println!("{}", report.join("\n"));
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn events_are_marked_on_their_lifelines_and_a_cut_link_across_it() {
        let t = wiretrace_core::scenario::run_with("heartbeat", &[]).unwrap();
        let l = lay(&t);
        let kinds: Vec<&str> = l
            .events
            .iter()
            .map(|e| t.events[e.event].kind.as_str())
            .collect();
        for k in [
            "reply-missed",
            "heartbeat-missed",
            "network-down",
            "peer-offline",
        ] {
            assert!(kinds.contains(&k), "{k} in {kinds:?}");
        }
        assert!(!kinds.contains(&"heartbeat-sent"), "the arrows tell those");
        for e in &l.events {
            let ev = &t.events[e.event];
            assert_eq!(e.at.y, l.map.y(ev.at_us), "the diamond is at its time");
            let lane = l.lanes.iter().find(|x| x.endpoint == ev.endpoint).unwrap();
            assert!((e.at.x - lane.x).abs() <= BAND_W * 2.0, "on its lifeline");
            assert!(e.badge_at.y >= e.at.y, "a badge only ever moves down");
            assert!(!e.label.contains('{'), "{}", e.label);
        }
        // The link goes down between the client and the server, and stays down.
        assert_eq!(l.links.len(), 1);
        let down = &l.links[0];
        assert_eq!((down.x0, down.x1), (l.lanes[0].x, l.lanes[1].x));
        let cut = t
            .events
            .iter()
            .find(|e| e.kind == EventKind::LinkCut)
            .unwrap();
        assert_eq!(down.y0, l.map.y(cut.at_us));
        assert!(down.restored.is_none() && down.y1 > down.y0);
        assert_eq!(down.label, "link down");
        // Labels follow the language.
        let zh = layout(
            &t,
            &Options {
                lang: Lang::Zh,
                ..Options::default()
            },
        );
        assert_eq!(zh.links[0].label, "链路断开");
    }

    #[test]
    fn a_moment_in_a_silence_gets_its_own_place() {
        // middlebox-idle-timeout: the firewall forgets the flow in the middle of an idle gap.
        let t = wiretrace_core::scenario::run_with("middlebox-idle-timeout", &[]).unwrap();
        let l = lay(&t);
        let mark = l
            .events
            .iter()
            .find(|e| t.events[e.event].kind == EventKind::FlowExpired)
            .expect("the flow expiry is marked");
        assert_eq!(mark.endpoint, "fw");
        for g in &l.gaps {
            assert!(
                mark.badge_at.y + mark.height / 2.0 <= g.y0 + 8.0
                    || mark.badge_at.y - mark.height / 2.0 >= g.y1 - 8.0,
                "the badge is not drawn over a break"
            );
        }
    }

    #[test]
    fn compact_figures_fit_a_phone_and_read_in_short_lines() {
        let t = browse();
        let l = layout(
            &t,
            &Options {
                compact: true,
                ..Options::default()
            },
        );
        assert!(
            l.width <= 390.0,
            "a two-lifeline figure fits a phone: {}",
            l.width
        );
        let synack = &l.arrows[1];
        assert_eq!(
            synack.label_lines,
            ["SYN, ACK len=0", "seq=1739326486", "ack=3626544837"]
        );
        assert!(synack.horizontal && synack.angle() == 0.0);
        // Blocks hang from the sender, one row each: they never meet.
        for w in l.arrows.windows(2) {
            let h = |a: &Arrow| (a.label_lines.len() + a.note_lines.len()) as f32 * l.line_height;
            let (a, b) = (&w[0], &w[1]);
            assert!(a.label_at.y + h(a) / 2.0 <= b.label_at.y - h(b) / 2.0 + 0.5);
        }
        assert!(l.arrows.iter().all(|a| a.sent.chars().count() <= 6));
    }

    /// The words of a label (sorted), however it is broken into lines.
    fn words(lines: &[String]) -> Vec<String> {
        let mut w: Vec<String> = lines
            .iter()
            .flat_map(|l| l.split(' '))
            .map(str::to_owned)
            .collect();
        w.sort();
        w
    }

    #[test]
    fn figures_of_three_lifelines_fit_a_desktop_page_with_whole_labels() {
        // The page shrinks a wide figure to 11/12 at most (labels stay 11 px) in a box of
        // about 980 px on a 1440 px desktop: every lifeline in view means <= 1060 px.
        for id in ["middlebox-idle-timeout", "multi-client", "server-push"] {
            let t = wiretrace_core::scenario::run_with(id, &[]).unwrap();
            for lang in [Lang::En, Lang::Zh] {
                let l = layout(
                    &t,
                    &Options {
                        lang,
                        ..Options::default()
                    },
                );
                assert!(l.lanes.len() >= 3, "{id}");
                assert!(l.width <= 1060.0, "{id} {lang:?}: {} px wide", l.width);
                let mut two = 0;
                for a in &l.arrows {
                    // Whole: one line where it fits its leg, else two; never cut short.
                    assert!(a.label_lines.len() <= 2, "{id}: {:?}", a.label_lines);
                    assert_eq!(
                        words(&a.label_lines),
                        words(std::slice::from_ref(&a.label)),
                        "{id}"
                    );
                    assert!(!a.horizontal, "{id}: labels run along their arrows");
                    if a.label_lines.len() == 2 {
                        two += 1;
                        // Flags and length above, the numbers along the arrow.
                        assert!(a.label_lines[0].contains("len="), "{:?}", a.label_lines);
                        assert!(a.label_lines[1].starts_with("seq="), "{:?}", a.label_lines);
                    }
                }
                assert!(two > 0, "{id}: the long labels break into two lines");
            }
        }
    }

    #[test]
    fn two_lifeline_figures_keep_their_width_and_one_line_labels() {
        // Widths of the wide figure before figures of 3+ lifelines got narrower columns.
        for (t, width) in [(browse(), 757.2), (lossy(), 764.2)] {
            let l = lay(&t);
            assert!((l.width - width).abs() < 0.1, "{} != {width}", l.width);
        }
        for info in wiretrace_core::scenario::list() {
            let t = wiretrace_core::scenario::run_with(info.id, &[]).unwrap();
            if t.endpoints.len() != 2 {
                continue;
            }
            let l = lay(&t);
            assert!(l.lanes[1].x - l.lanes[0].x >= 320.0, "{}", info.id);
            for a in &l.arrows {
                assert_eq!(a.label_lines.len(), 1, "{}: {:?}", info.id, a.label_lines);
            }
        }
    }

    #[test]
    fn relative_numbering_changes_labels_only() {
        let t = browse();
        let abs = layout(&t, &Options::default());
        let rel = layout(
            &t,
            &Options {
                numbering: Numbering::Relative,
                ..Options::default()
            },
        );
        assert_eq!(rel.arrows[2].label, "ACK seq=1 ack=1 len=0");
        assert_eq!(abs.arrows[2].start(), rel.arrows[2].start());
    }
}
