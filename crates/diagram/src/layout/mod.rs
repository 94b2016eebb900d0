//! Trace -> positions: lifelines, arrows, state bands, timer brackets, event marks and idle
//! breaks, in pixels of an unscaled figure. Everything the SVG, the page and the exports
//! draw comes from here, so they all show the same figure.
//!
//! Two shapes: the wide figure (labels along their arrows, for screens and exports) and a
//! compact one for phones (narrow columns, labels in short horizontal lines), both with
//! their labels moved along the arrows, or shortened, where they would sit on each other.
//!
//! [`layout`] runs the phases in order, each in its own file with its own type:
//! - `metrics`: the sizes of the two shapes and text measurement;
//! - `axis` ([`TimeAxis`](axis::TimeAxis)): time -> y, rows, folded idle gaps;
//! - `lanes` (`Slots`, `Sockets`, `Columns`): lifelines, sockets side by side, column
//!   widths from the texts beside and between the lifelines;
//! - `timers` (`TimerLanes`, the brackets, their names);
//! - `marks` (`Badges`: event badges, links down, stacking of names and badges);
//! - `arrows` (paths), `states` (bands and names);
//! - `labels` (arrow texts and their placement, last).

use wiretrace_core::i18n::Lang;
use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{Fate, HopAction, Role, Segment, TimerKind, TimerOutcome, Trace};

use crate::events::Tone;
use crate::numbers::Numbering;

use crate::place::{Capsule, Placed};
use crate::timemap::TimeMap;
pub use labels::{ArrowText, LabelForm, Labeler};
use pace::Pace;
pub use pace::Slices;

mod arrows;
mod axis;
pub mod index;
mod labels;
mod lanes;
mod marks;
pub(crate) mod metrics;
mod pace;
mod states;
mod timers;

pub use metrics::{
    text_width, timer_label, BADGE_H, BADGE_LINE_H, BAND_W, CHAR_W, GUTTER, ROW_GAP, TOP,
};

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

/// One segment's arrow. Its words are not kept: [`Layout::text`] makes them again.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// Index in `Trace::segments` (the segment's `id` in any well-formed trace).
    pub segment: u32,
    /// Connection id.
    pub conn: u32,
    /// How it ends.
    pub end: End,
    /// Its path in [`Layout::points`]: sender, middleboxes passed, end.
    first_point: u32,
    n_points: u32,
    /// Which form of its label it shows.
    pub form: LabelForm,
    /// Anchor of the label.
    pub label_at: Pt,
    /// How the label hangs from its anchor.
    pub label_align: Align,
    /// Direction of the label's baseline, a unit vector (follows the slant of the line,
    /// never upside down; `(1, 0)` when horizontal).
    pub dir: (f32, f32),
    /// Length of the path.
    pub length: f32,
}

impl Arrow {
    /// The label's angle in degrees (clockwise, as SVG's `rotate`).
    pub fn angle(&self) -> f32 {
        self.dir.1.atan2(self.dir.0).to_degrees()
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
    /// The language of its texts (the scene writes tooltips in it too).
    pub lang: Lang,
    /// The compact (phone) figure.
    pub compact: bool,
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
    /// When the figure ends: the run's end or its last arrival, whichever is later.
    pub end_us: u64,
    /// Where each `(endpoint, connection)` is drawn (band x).
    pub sockets: Vec<((String, Option<u32>), f32)>,
    /// Every arrow's path, one after the other (see [`Layout::points`]).
    pub points: Vec<Pt>,
    /// What lies in which rows, to draw a window of a large figure.
    pub index: Indexes,
    /// Makes the arrows' words.
    pub labeler: Labeler,
}

/// Where each kind of item lies vertically (see [`index::YIndex`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Indexes {
    /// `Layout::arrows`.
    pub arrows: index::YIndex,
    /// `Layout::bands`.
    pub bands: index::YIndex,
    /// `Layout::state_labels`.
    pub state_labels: index::YIndex,
    /// `Layout::timers`.
    pub timers: index::YIndex,
    /// `Layout::events`.
    pub events: index::YIndex,
}

/// Lays out a trace.
pub fn layout(trace: &Trace, opts: &Options) -> Layout {
    pace::run_straight(layout_paced(trace, opts, &Pace::straight()))
}

/// Lays out a trace, stopping where `pace` says (see [`pace`]): between phases, and every
/// few hundred items inside the long ones. Progress is counted roughly by the phases'
/// shares of the time (labels placed are most of it).
async fn layout_paced(trace: &Trace, opts: &Options, pace: &Pace) -> Layout {
    let m = metrics::Metrics::of(opts.compact);
    let segs = &trace.segments;
    let multi_conn = trace.connections.len() > 1
        || segs
            .iter()
            .any(|s| segs.first().is_some_and(|f| f.conn != s.conn));
    let slots = lanes::Slots::new(trace);
    // Three or more lifelines make a wide figure narrow its columns: a label that does not
    // fit its leg on one line is drawn in two (flags and length above the numbers).
    let two_line = !m.compact && trace.endpoints.len() > 2;
    let badges = marks::Badges::new(trace, &slots, opts.lang, &m, two_line);
    let labeler = Labeler::new(trace, &m, opts.numbering, multi_conn, two_line, opts.lang);
    pace.point(0.03).await;
    let sizes = labels::measure(trace, &m, &labeler, pace).await;

    pace.point(0.1).await;
    let moments = badges.moments(trace);
    let mut axis = axis::TimeAxis::new(
        trace,
        &slots,
        &m,
        &axis::AxisNeeds {
            row_gap: sizes.row_gap,
            two_line,
            moments: &moments,
        },
        pace,
    )
    .await;
    pace.point(0.17).await;
    let timer_lanes = timers::TimerLanes::new(trace, &slots, &axis);
    pace.point(0.2).await;
    let sockets = lanes::Sockets::new(trace, &slots, &axis);
    pace.point(0.24).await;
    let cols = lanes::Columns::new(
        trace,
        opts.lang,
        &m,
        &slots,
        &sockets,
        &timer_lanes,
        &lanes::ColumnNeeds {
            text_room: badges.text_room(trace, &m, &slots, &sockets),
            longest_label: sizes.longest,
            two_line,
        },
    );

    let (mut arrows, points) = arrows::paths(trace, &axis, &slots, &sockets, &cols, pace).await;
    axis.drop_rows();
    pace.point(0.28).await;
    let (bands, mut state_labels) = states::bands_and_labels(trace, &axis, &slots, &sockets, &cols);
    let mut event_marks = badges.marks(trace, opts.lang, &axis, &slots, &sockets, &cols);
    marks::stack(&mut state_labels, &mut event_marks);
    let links = badges.links(trace, opts.lang, &axis, &slots, &cols);
    pace.point(0.3).await;
    let mut timers = timers::marks(trace, &m, &axis, &slots, &cols, &timer_lanes, opts.lang);
    pace.point(0.33).await;
    let gap_x = match (cols.lanes.first(), cols.lanes.get(1)) {
        (Some(a), Some(b)) => (a.x + b.x) / 2.0,
        _ => (m.gutter + cols.width) / 2.0,
    };
    let gaps: Vec<Gap> = axis
        .map
        .breaks()
        .iter()
        .map(|b| Gap {
            y0: b.y0,
            y1: b.y1,
            label: crate::fmt_duration(b.t1 - b.t0),
            label_x: gap_x,
        })
        .collect();

    // Labels last, placed so that they do not sit on each other: first the texts that
    // cannot move (state names, badges, links, breaks), then the arrows' labels, and the
    // timers' names where they fit, each as if after every label (`timers::Names`).
    // The labels still to place reach no higher (nor lower) than their arrows less (or
    // plus) `reach`: a label runs along its arrow from a point on it, at most its widest
    // line away, in at most a few lines beside it; a note is no wider than its leg or its
    // label.
    let reach = 2.0 * sizes.longest.max(cols.width) + 16.0 * m.line_h + 200.0;
    let mut placed = Placed::with_height(axis.map.bottom() + TOP + reach);
    let mut names = timers::Names::new(&timers);
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
    let brackets = timers::inner_brackets(trace, &m, &slots, &timers);
    let n_lanes = trace.endpoints.len();
    // A cut-short arrow (lost, in flight) has two spots for its label, at its sender;
    // an arrow that arrives has a dozen along its path. The cut-short ones go first, so
    // that a long slanted label that crosses a run of losses (segments dropped by a
    // queue) moves along its own path rather than covering theirs.
    // The texts above the labels still to place (less `reach`) are forgotten as the
    // labels go down the figure, once the cut-short arrows' (all over it) are placed.
    // `tops[i]`: the top of the arrows that arrive from the `i`th on.
    let mut tops: Vec<f32> = arrows
        .iter()
        .map(|a| match a.end {
            End::Head => points[a.first_point as usize..(a.first_point + a.n_points) as usize]
                .iter()
                .map(|p| p.y)
                .fold(f32::INFINITY, f32::min),
            _ => f32::INFINITY,
        })
        .collect();
    for i in (1..tops.len()).rev() {
        tops[i - 1] = tops[i - 1].min(tops[i]);
    }
    let n_arrows = arrows.len();
    let mut k = 0;
    for (heads, i) in [false, true]
        .into_iter()
        .flat_map(|heads| (0..n_arrows).map(move |i| (heads, i)))
    {
        if (arrows[i].end == End::Head) != heads {
            continue;
        }
        pace.item(k, n_arrows, (0.33, 0.93)).await;
        k += 1;
        if heads {
            // Nothing still to place reaches above `front`, but the brackets not named.
            let front = tops[i] - reach;
            names.place_above(front, &mut timers, &mut placed);
            placed.forget_above(front.min(names.top()));
        }
        let a = &mut arrows[i];
        let pts = &points[a.first_point as usize..(a.first_point + a.n_points) as usize];
        // A block leaving a lifeline on the side where its state names are starts past
        // them.
        let from = segs[i].from.as_str();
        let going_right = pts[1].x >= pts[0].x;
        let skip = match slots.lane(from) {
            Some(k) if k > 0 && k + 1 < n_lanes && going_right => {
                cols.side_room(&slots, from) - BAND_W / 2.0 - 4.0
            }
            _ => 0.0,
        };
        let at = labels::place_label(
            &m,
            &labeler,
            &segs[i],
            pts,
            a.end,
            skip,
            &mut placed,
            &brackets,
        );
        if let Some(p) = at {
            a.form = p.form;
            a.label_at = p.at;
            a.dir = p.dir;
            a.label_align = p.align;
        }
    }
    pace.point(0.93).await;
    names.place_rest(&mut timers, &mut placed, pace).await;
    pace.point(0.98).await;

    let map = axis.map;
    let index = Indexes {
        arrows: index::YIndex::new(arrows.iter().map(|a| {
            let pts = &points[a.first_point as usize..(a.first_point + a.n_points) as usize];
            arrow_extent(pts, a)
        })),
        bands: index::YIndex::new(bands.iter().map(|b| (b.y0, b.y1))),
        state_labels: index::YIndex::new(state_labels.iter().map(|l| (l.at.y - 8.0, l.at.y + 8.0))),
        timers: index::YIndex::new(timers.iter().map(|t| (t.y0, t.y1))),
        events: index::YIndex::new(event_marks.iter().map(|e| {
            (
                e.at.y.min(e.badge_at.y - e.height / 2.0),
                e.at.y.max(e.badge_at.y + e.height / 2.0),
            )
        })),
    };
    let height = (map.bottom() + TOP).max(links.iter().map(|l| l.y1 + 4.0).fold(0.0, f32::max));
    Layout {
        width: cols.width,
        height,
        head_height: 58.0,
        gutter: m.gutter,
        lang: opts.lang,
        compact: m.compact,
        line_height: m.line_h,
        sockets: sockets
            .list
            .iter()
            .zip(&cols.socket_xs)
            .map(|(s, &x)| ((slots.ids[s.slot].to_owned(), s.conn), x))
            .collect(),
        lanes: cols.lanes,
        arrows,
        bands,
        state_labels,
        timers,
        gaps,
        events: event_marks,
        links,
        map,
        multi_conn,
        t0: axis.t0,
        end_us: axis.end_us,
        points,
        index,
        labeler,
    }
}

/// How far up and down an arrow and its label reach: its path, and its label's anchor
/// with room for two lines above (wide figure) or a block below (compact figure).
fn arrow_extent(points: &[Pt], a: &Arrow) -> (f32, f32) {
    let (lo, hi) = points
        .iter()
        .fold((a.label_at.y, a.label_at.y), |(lo, hi), p| {
            (lo.min(p.y), hi.max(p.y))
        });
    (lo - 48.0, hi + 96.0)
}

impl Layout {
    /// The arrow of a segment.
    pub fn arrow(&self, segment: u32) -> Option<&Arrow> {
        self.arrows.get(segment as usize)
    }

    /// Where a segment's story ends (arrival, loss or end of run): the playhead after it.
    pub fn step_y(&self, segment: u32) -> f32 {
        self.arrow(segment).map_or(TOP, |a| self.finish(a).y)
    }

    /// How far up and down an arrow and its label reach.
    pub fn arrow_extent(&self, a: &Arrow) -> (f32, f32) {
        arrow_extent(self.points(a), a)
    }

    /// How far left and right an arrow and its label reach (the label's anchor with room
    /// for its text either side).
    pub fn arrow_x_extent(&self, a: &Arrow) -> (f32, f32) {
        let (lo, hi) = self
            .points(a)
            .iter()
            .fold((a.label_at.x, a.label_at.x), |(lo, hi), p| {
                (lo.min(p.x), hi.max(p.x))
            });
        (lo - 200.0, hi + 200.0)
    }

    /// An arrow's path: sender, middleboxes passed, end (at least two points).
    pub fn points(&self, a: &Arrow) -> &[Pt] {
        let from = a.first_point as usize;
        self.points
            .get(from..from + a.n_points as usize)
            .unwrap_or(&[])
    }

    /// Where an arrow leaves the sender.
    pub fn start(&self, a: &Arrow) -> Pt {
        self.points(a).first().copied().unwrap_or_default()
    }

    /// Where an arrow ends.
    pub fn finish(&self, a: &Arrow) -> Pt {
        self.points(a).last().copied().unwrap_or_default()
    }

    /// An arrow's words as drawn (in the form its placement chose).
    pub fn text(&self, trace: &Trace, a: &Arrow) -> ArrowText {
        let Some(seg) = trace.segments.get(a.segment as usize) else {
            return ArrowText::default();
        };
        let pts = self.points(a);
        let leg_w = match pts {
            [p, q, ..] => (q.x - p.x).abs(),
            _ => 0.0,
        };
        let m = metrics::Metrics::of(self.compact);
        self.labeler.text(&m, seg, leg_w, a.end, a.form)
    }

    /// A timer bracket's tooltip: what, when, how it ended.
    pub fn timer_title(&self, trace: &Trace, t: &TimerMark) -> String {
        timers::title(trace, self.t0, self.end_us, t.timer, self.lang)
    }

    /// An arrow's style classes: its connection's colour and dash (`wt-c0 wt-d0`).
    pub fn class(&self, a: &Arrow) -> String {
        if self.multi_conn {
            format!("wt-c{} wt-d{}", a.conn % 6, a.conn % 4)
        } else {
            "wt-c0 wt-d0".to_owned()
        }
    }

    /// When an arrow's segment left, as written in the time gutter.
    pub fn sent(&self, trace: &Trace, a: &Arrow) -> String {
        let sent = trace
            .segments
            .get(a.segment as usize)
            .map_or(self.t0, |s| s.sent_us);
        let since = sent - self.t0.min(sent);
        if self.compact {
            crate::fmt_time_short(since)
        } else {
            crate::fmt_time(since)
        }
    }
}

/// The time at which the story of segment `id` is complete: when it arrived or died.
pub fn segment_done_us(seg: &Segment, end_us: u64) -> u64 {
    seg.recv_us
        .or(seg.lost_us())
        .or_else(|| {
            seg.via()
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
mod tests;
