//! Trace -> positions: lifelines, arrows, state bands, timer brackets and idle breaks, in
//! pixels of an unscaled figure. Everything the SVG, the page and the exports draw comes
//! from here, so they all show the same figure.

use std::collections::BTreeMap;

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{Fate, Role, Segment, TimerKind, TimerOutcome, Trace};

use crate::numbers::{segment_label, segment_note, Numbering, SeqBases};
use crate::timemap::{Scale, TimeMap};
use crate::{fmt_duration, fmt_time};

/// What the layout needs besides the trace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// Absolute or relative sequence numbers on the arrows.
    pub numbering: Numbering,
    /// Language of the lifeline labels.
    pub lang: Lang,
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
    fn dir(self) -> f32 {
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
    /// First line: flags and numbers.
    pub label: String,
    /// Second line: the HTTP line and analysis tags (may be empty).
    pub note: String,
    /// Anchor of the label, on the line.
    pub label_at: Pt,
    /// How the label hangs from its anchor.
    pub label_align: Align,
    /// Angle of the label in degrees (follows the slant of the line).
    pub angle: f32,
    /// Length of the path.
    pub length: f32,
    /// Style class of its connection (`wt-c0 wt-d0`).
    pub class: String,
    /// The send time as shown in the gutter.
    pub sent: String,
}

impl Arrow {
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
    /// Anchor point of the text.
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
    /// Time -> position.
    pub map: TimeMap,
    /// Whether arrows carry their connection number (`#2`).
    pub multi_conn: bool,
    /// Earliest time in the trace (the gutter counts from it).
    pub t0: u64,
    /// Where each `(endpoint, connection)` is drawn (band x).
    pub sockets: BTreeMap<(String, Option<u32>), f32>,
}

/// An endpoint's socket: a connection, or its listener (`None`).
type SocketKey = (String, Option<u32>);
/// Each endpoint's sockets with the vertical span they live in.
type SocketSpans<'a> = BTreeMap<&'a str, Vec<(&'a SocketKey, (f32, f32))>>;

/// Width of the time gutter on the left.
pub const GUTTER: f32 = 76.0;
/// Top margin above the first row.
pub const TOP: f32 = 28.0;
/// Width of a state band.
pub const BAND_W: f32 = 8.0;
/// Distance between timer bracket lanes.
const TIMER_STEP: f32 = 7.0;
/// Approximate advance of one character of the 12 px monospace label font.
pub const CHAR_W: f32 = 7.3;
/// Room kept for state names beside a lifeline.
const STATE_TEXT_W: f32 = 104.0;
/// Minimum distance between two rows where segments leave.
pub const ROW_GAP: f32 = 40.0;
/// Height of a transit of median length.
const TRANSIT_PX: f64 = 60.0;

/// The short name of a timer kind, as drawn on its bracket.
pub fn timer_label(kind: TimerKind) -> &'static str {
    match kind {
        TimerKind::Rto => "RTO",
        TimerKind::DelayedAck => "delayed ACK",
        TimerKind::TimeWait => "2MSL",
        TimerKind::Keepalive => "keep-alive",
        TimerKind::Persist => "persist",
        TimerKind::UserTimeout => "user timeout",
        TimerKind::FinWait2 => "FIN-WAIT-2",
        TimerKind::Heartbeat => "heartbeat",
        TimerKind::Liveness => "liveness",
        TimerKind::Poll => "poll",
        TimerKind::IdleTimeout => "idle timeout",
        TimerKind::App => "timer",
    }
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

/// Lays out a trace.
pub fn layout(trace: &Trace, opts: &Options) -> Layout {
    let bases = SeqBases::new(trace);
    let segs = &trace.segments;
    let multi_conn = trace.connections.len() > 1
        || segs
            .iter()
            .any(|s| segs.first().is_some_and(|f| f.conn != s.conn));

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
    let scale = Scale {
        px_per_us,
        row_gap: ROW_GAP,
        max_gap: (ROW_GAP * 5.0).max(TRANSIT_PX as f32 * 2.5),
        break_height: 56.0,
    };
    let end_us = trace
        .end_us
        .max(segs.iter().filter_map(|s| s.recv_us).max().unwrap_or(0))
        .max(segs.iter().map(|s| s.sent_us).max().unwrap_or(0));

    // Rows: every send takes a row of its own at its instant; arrivals at one endpoint at
    // one instant take rows too, so parallel segments stay parallel.
    let mut send_row: Vec<u32> = vec![0; segs.len()];
    let mut arrive_row: Vec<u32> = vec![0; segs.len()];
    let mut rows_at: BTreeMap<u64, u32> = BTreeMap::new();
    {
        let mut sends_at: BTreeMap<u64, u32> = BTreeMap::new();
        let mut arrivals_at: BTreeMap<(u64, &str), u32> = BTreeMap::new();
        // Positions in `segs` (not `Segment::id`): an imported file may number them oddly.
        for (i, s) in segs.iter().enumerate() {
            let n = sends_at.entry(s.sent_us).or_insert(0);
            send_row[i] = *n;
            *n += 1;
            if let Some(r) = s.recv_us {
                let n = arrivals_at.entry((r, s.to.as_str())).or_insert(0);
                arrive_row[i] = *n;
                *n += 1;
            }
        }
        for (t, n) in sends_at {
            let e = rows_at.entry(t).or_insert(0);
            *e = (*e).max(n);
        }
        for ((t, _), n) in arrivals_at {
            let e = rows_at.entry(t).or_insert(0);
            *e = (*e).max(n);
        }
    }
    let mut marks: Vec<(u64, u32)> = rows_at.into_iter().collect();
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
    let map = TimeMap::new(TOP, &marks, scale);

    // ---- lanes -------------------------------------------------------------------------
    let endpoint_index: BTreeMap<&str, usize> = trace
        .endpoints
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let n_lanes = trace.endpoints.len();
    let outer_of = |i: usize| if i == 0 { Side::Left } else { Side::Right };

    // Timer lanes per endpoint (computed before x positions: they set the margins).
    let mut timer_order: Vec<usize> = (0..trace.timers.len()).collect();
    timer_order.sort_by_key(|&i| trace.timers[i].armed_us);
    let timer_span = |i: usize| -> (f32, f32) {
        let tm = &trace.timers[i];
        let end = timer_end(tm.ended_us, tm.deadline_us, tm.outcome, end_us);
        (map.y(tm.armed_us), map.y(end).max(map.y(tm.armed_us) + 6.0))
    };
    let mut timer_lane: Vec<usize> = vec![0; trace.timers.len()];
    let mut timer_lanes_of: BTreeMap<&str, usize> = BTreeMap::new();
    {
        let mut by_ep: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in &timer_order {
            by_ep
                .entry(trace.timers[i].endpoint.as_str())
                .or_default()
                .push(i);
        }
        for (ep, ids) in by_ep {
            let spans: Vec<(f32, f32)> = ids.iter().map(|&i| timer_span(i)).collect();
            let lanes = pack(&spans);
            for (k, &i) in ids.iter().enumerate() {
                timer_lane[i] = lanes[k];
            }
            timer_lanes_of.insert(ep, lanes.iter().max().map_or(0, |m| m + 1));
        }
    }

    // Socket sub-lanes: a listener and its connections side by side when they overlap.
    let mut keys: BTreeMap<(String, Option<u32>), Vec<usize>> = BTreeMap::new();
    for (i, st) in trace.states.iter().enumerate() {
        keys.entry((st.endpoint.clone(), st.conn))
            .or_default()
            .push(i);
    }
    for s in segs {
        for ep in [&s.from, &s.to] {
            keys.entry((ep.clone(), Some(s.conn))).or_default();
        }
    }
    let mut sublane: BTreeMap<(String, Option<u32>), usize> = BTreeMap::new();
    let mut sublanes_of: BTreeMap<String, usize> = BTreeMap::new();
    {
        let mut by_ep: SocketSpans = BTreeMap::new();
        for (key, changes) in &keys {
            let first_seg = segs
                .iter()
                .filter(|s| Some(s.conn) == key.1 && (s.from == key.0 || s.to == key.0))
                .map(|s| s.sent_us)
                .min();
            let start = changes
                .first()
                .map(|&i| trace.states[i].at_us)
                .into_iter()
                .chain(first_seg)
                .min()
                .unwrap_or(t0);
            let end = match changes.last().map(|&i| &trace.states[i]) {
                Some(st) if st.to == State::Closed => st.at_us,
                _ => end_us,
            };
            by_ep
                .entry(key.0.as_str())
                .or_default()
                .push((key, (map.y(start), map.y(end) + 1.0)));
        }
        for (ep, mut items) in by_ep {
            // Listeners first, so they keep the centre line.
            items.sort_by(|a, b| {
                (a.0 .1.is_some(), a.1 .0)
                    .partial_cmp(&(b.0 .1.is_some(), b.1 .0))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            let listeners: Vec<_> = items.iter().filter(|i| i.0 .1.is_none()).collect();
            let mut spans: Vec<(f32, f32)> = Vec::new();
            let mut order: Vec<&(String, Option<u32>)> = Vec::new();
            for l in &listeners {
                spans.push(l.1);
                order.push(l.0);
            }
            let mut conns: Vec<_> = items.iter().filter(|i| i.0 .1.is_some()).collect();
            conns.sort_by(|a, b| {
                a.1 .0
                    .partial_cmp(&b.1 .0)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            for c in conns {
                spans.push(c.1);
                order.push(c.0);
            }
            // Listeners occupy their lane for the whole run.
            let mut lanes = vec![0usize; spans.len()];
            let mut lane_end: Vec<f32> = Vec::new();
            for (k, span) in spans.iter().enumerate() {
                let is_listener = order[k].1.is_none();
                let lane = lane_end
                    .iter()
                    .position(|&e| e <= span.0)
                    .unwrap_or(lane_end.len());
                let end = if is_listener { f32::INFINITY } else { span.1 };
                if lane == lane_end.len() {
                    lane_end.push(end);
                } else {
                    lane_end[lane] = end;
                }
                lanes[k] = lane;
            }
            for (k, key) in order.iter().enumerate() {
                sublane.insert((*key).clone(), lanes[k]);
            }
            sublanes_of.insert(ep.to_owned(), lane_end.len().max(1));
        }
    }

    // Column width: wide enough for the longest label between neighbours.
    let labels: Vec<String> = segs
        .iter()
        .map(|s| {
            let l = segment_label(s, &bases, opts.numbering);
            if multi_conn {
                format!("#{} {l}", s.conn + 1)
            } else {
                l
            }
        })
        .collect();
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(20);
    let col_gap = (longest as f32 * CHAR_W + 150.0).clamp(320.0, 680.0);
    let side_room = |ep: &str| -> f32 {
        let timers = *timer_lanes_of.get(ep).unwrap_or(&0) as f32 * TIMER_STEP;
        let subl = (*sublanes_of.get(ep).unwrap_or(&1)).saturating_sub(1) as f32 * (BAND_W + 2.0);
        BAND_W / 2.0 + 10.0 + timers + subl + STATE_TEXT_W
    };
    let mut lanes: Vec<Lane> = Vec::with_capacity(n_lanes);
    let mut x = GUTTER;
    for (i, ep) in trace.endpoints.iter().enumerate() {
        x += if i == 0 {
            side_room(&ep.id).max(90.0)
        } else {
            col_gap
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
    let width = x + lanes
        .last()
        .map_or(GUTTER, |l| side_room(&l.endpoint).max(90.0));
    let lane_x = |ep: &str| -> f32 { endpoint_index.get(ep).map_or(GUTTER, |&i| lanes[i].x) };
    let lane_side =
        |ep: &str| -> Side { endpoint_index.get(ep).map_or(Side::Left, |&i| outer_of(i)) };
    let mut sockets: BTreeMap<(String, Option<u32>), f32> = BTreeMap::new();
    for (key, &sl) in &sublane {
        let inner = -lane_side(&key.0).dir();
        sockets.insert(
            key.clone(),
            lane_x(&key.0) + inner * sl as f32 * (BAND_W + 2.0),
        );
    }
    let socket_x = |ep: &str, conn: u32| -> f32 {
        sockets
            .get(&(ep.to_owned(), Some(conn)))
            .copied()
            .unwrap_or_else(|| lane_x(ep))
    };

    // ---- arrows ------------------------------------------------------------------------
    let typical = median_transit.unwrap_or(0);
    let arrows: Vec<Arrow> = segs
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
            for hop in &s.via {
                points.push(Pt {
                    x: lane_x(&hop.endpoint),
                    y: map.y(hop.at_us),
                });
                if hop.action != "forwarded" {
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
                            y: map.y(r) + arrive_row[i] as f32 * ROW_GAP,
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
            let (a, b) = (points[0], points[1.min(points.len() - 1)]);
            let (l, r) = if a.x <= b.x { (a, b) } else { (b, a) };
            let angle = (r.y - l.y).atan2((r.x - l.x).max(1.0)).to_degrees();
            // A cut-short arrow (lost, in flight) hangs its label from the sender's end so
            // the text does not run over the cross.
            let (label_at, label_align) = if end == End::Head {
                (
                    Pt {
                        x: (a.x + b.x) / 2.0,
                        y: (a.y + b.y) / 2.0,
                    },
                    Align::Middle,
                )
            } else {
                let f = 14.0 / ((b.x - a.x).abs().max(1.0));
                let at = Pt {
                    x: a.x + (b.x - a.x) * f,
                    y: a.y + (b.y - a.y) * f,
                };
                (at, if b.x >= a.x { Align::Start } else { Align::End })
            };
            let length = points
                .windows(2)
                .map(|w| ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt())
                .sum();
            let style = if multi_conn {
                format!("wt-c{} wt-d{}", s.conn % 6, s.conn % 4)
            } else {
                "wt-c0 wt-d0".to_owned()
            };
            let max_note = ((col_gap - 24.0) / CHAR_W) as usize;
            Arrow {
                segment: i as u32,
                conn: s.conn,
                end,
                label: labels[i].clone(),
                note: ellipsize(&segment_note(s), max_note),
                label_at,
                label_align,
                angle,
                length,
                class: style,
                sent: fmt_time(s.sent_us - t0.min(s.sent_us)),
                points,
            }
        })
        .collect();

    // ---- state bands and labels --------------------------------------------------------
    let mut bands = Vec::new();
    let mut state_labels = Vec::new();
    let conns_at: BTreeMap<&str, usize> = {
        let mut m: BTreeMap<&str, std::collections::BTreeSet<u32>> = BTreeMap::new();
        for st in &trace.states {
            if let Some(c) = st.conn {
                m.entry(st.endpoint.as_str()).or_default().insert(c);
            }
        }
        m.into_iter().map(|(k, v)| (k, v.len())).collect()
    };
    for ((ep, conn), changes) in &keys {
        let x = *sockets.get(&(ep.clone(), *conn)).unwrap_or(&lane_x(ep));
        for (k, &ci) in changes.iter().enumerate() {
            let st = &trace.states[ci];
            let next_t = changes
                .get(k + 1)
                .map_or(end_us, |&n| trace.states[n].at_us);
            if st.to != State::Closed {
                bands.push(Band {
                    endpoint: ep.clone(),
                    conn: *conn,
                    state: st.to,
                    x,
                    y0: map.y(st.at_us),
                    y1: map.y(next_t),
                    t0: st.at_us,
                });
            }
            let side = lane_side(ep);
            let timers = *timer_lanes_of.get(ep.as_str()).unwrap_or(&0) as f32 * TIMER_STEP;
            let base_x = lane_x(ep) + side.dir() * (BAND_W / 2.0 + 8.0 + timers);
            let text = match conn {
                Some(c) if *conns_at.get(ep.as_str()).unwrap_or(&0) > 1 => {
                    format!("{} #{}", st.to, c + 1)
                }
                _ => st.to.name().to_owned(),
            };
            state_labels.push(StateLabel {
                at: Pt {
                    x: base_x,
                    y: map.y(st.at_us),
                },
                side,
                text,
                state: st.to,
                endpoint: ep.clone(),
                conn: *conn,
                t: st.at_us,
                change: ci,
            });
        }
    }
    // Keep state names on one side of one lifeline from sitting on each other.
    state_labels.sort_by(|a, b| {
        (a.endpoint.as_str(), a.at.y)
            .partial_cmp(&(b.endpoint.as_str(), b.at.y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for i in 1..state_labels.len() {
        if state_labels[i].endpoint == state_labels[i - 1].endpoint {
            let min = state_labels[i - 1].at.y + 13.0;
            if state_labels[i].at.y < min {
                state_labels[i].at.y = min;
            }
        }
    }
    state_labels.sort_by_key(|l| l.change);

    // ---- timers ------------------------------------------------------------------------
    let timers = trace
        .timers
        .iter()
        .enumerate()
        .map(|(i, tm)| {
            let side = lane_side(&tm.endpoint);
            let lx = lane_x(&tm.endpoint);
            let (y0, y1) = timer_span(i);
            let end = timer_end(tm.ended_us, tm.deadline_us, tm.outcome, end_us);
            let outcome = match tm.outcome {
                TimerOutcome::Fired => "fired",
                TimerOutcome::Cancelled => "cancelled",
                TimerOutcome::Pending => "still running at the end",
            };
            let mut title = format!(
                "{} ({}) armed at {}, deadline {} later, {} at {}",
                timer_label(tm.kind),
                tm.endpoint,
                fmt_time(tm.armed_us.saturating_sub(t0)),
                fmt_duration(tm.deadline_us.saturating_sub(tm.armed_us)),
                outcome,
                fmt_time(end.saturating_sub(t0)),
            );
            if !tm.note.is_empty() {
                title.push_str(": ");
                title.push_str(&tm.note);
            }
            TimerMark {
                timer: i,
                kind: tm.kind,
                outcome: tm.outcome,
                x: lx + side.dir() * (BAND_W / 2.0 + 5.0 + timer_lane[i] as f32 * TIMER_STEP),
                x_lifeline: lx + side.dir() * (BAND_W / 2.0 + 1.0),
                y0,
                y1,
                label: timer_label(tm.kind),
                title,
                t0: tm.armed_us,
            }
        })
        .collect();

    let gaps = map
        .breaks()
        .iter()
        .map(|b| Gap {
            y0: b.y0,
            y1: b.y1,
            label: fmt_duration(b.t1 - b.t0),
        })
        .collect();
    let height = map.bottom() + TOP;
    Layout {
        width,
        height,
        head_height: 58.0,
        lanes,
        arrows,
        bands,
        state_labels,
        timers,
        gaps,
        map,
        multi_conn,
        t0,
        sockets,
    }
}

fn timer_end(ended: Option<u64>, deadline: u64, outcome: TimerOutcome, end_us: u64) -> u64 {
    match (ended, outcome) {
        (Some(e), _) => e,
        (None, TimerOutcome::Fired) => deadline,
        (None, TimerOutcome::Pending) => end_us,
        (None, TimerOutcome::Cancelled) => end_us.min(deadline),
    }
}

fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max || max < 2 {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
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
                .find(|h| h.action != "forwarded")
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
        assert!(syn.angle > 0.0 && synack.angle < 0.0);
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
        assert!(second.label.starts_with("#2 "));
        assert_eq!(second.points.len(), 3, "passes the firewall lifeline");
        assert_eq!(second.points[1].x, l.lanes[1].x);
        // The client's two connections overlap (TIME-WAIT of #1): separate sub-lanes.
        let a = l.sockets[&("client".to_owned(), Some(0))];
        let b = l.sockets[&("client".to_owned(), Some(1))];
        assert_ne!(a, b);
        assert!(l.state_labels.iter().any(|s| s.text == "ESTABLISHED #2"));
    }

    #[test]
    fn empty_trace_lays_out_without_panicking_and_has_a_size() {
        let t = Trace::new(None, None);
        let l = lay(&t);
        assert!(l.arrows.is_empty());
        assert!(l.width > 0.0 && l.height > 0.0);
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
