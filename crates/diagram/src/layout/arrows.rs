//! Arrow paths: from the sender's socket at its send row, through the middleboxes passed,
//! to the receiver's socket at its arrival row; a segment that died ends in a cross part of
//! the way, one still travelling stops short. Labels are placed later (`labels.rs`).

use wiretrace_core::trace::{Fate, HopAction, Segment, Trace};

use super::axis::TimeAxis;
use super::lanes::{Columns, Slots, Sockets};
use super::pace::Pace;
use super::{Align, Arrow, End, LabelForm, Pt};

/// Every arrow's path, its label not yet placed; the points of all paths one after the
/// other.
pub(crate) async fn paths(
    trace: &Trace,
    axis: &TimeAxis,
    slots: &Slots<'_>,
    sockets: &Sockets,
    cols: &Columns,
    pace: &Pace,
) -> (Vec<Arrow>, Vec<Pt>) {
    let typical = axis.typical;
    let end_us = axis.end_us;
    let mut all: Vec<Pt> = Vec::with_capacity(trace.segments.len() * 2);
    // One arrow's path at a time, then copied into `all`.
    let mut path: Vec<Pt> = Vec::new();
    // Where the segment's hops' rows start in `axis.hop_rows` (the segments go in order).
    let mut hop_at = 0;
    let mut arrow = |i: usize, s: &Segment| {
        let start = Pt {
            x: cols.socket_x(slots, sockets, &s.from, s.conn),
            y: axis.map.y_row(s.sent_us, axis.send_row[i]),
        };
        let points = &mut path;
        points.clear();
        points.push(start);
        let mut end = End::Head;
        let mut died_at_hop = false;
        let hop_rows = axis.hop_rows.get(hop_at..).unwrap_or_default();
        hop_at += s.via().len();
        for (k, hop) in s.via().iter().enumerate() {
            let row = hop_rows.get(k).copied().unwrap_or(0);
            points.push(Pt {
                x: cols.lane_x(slots, &hop.endpoint),
                y: axis.map.y_row(hop.at_us, row),
            });
            if hop.action != HopAction::Forwarded {
                end = End::Lost;
                died_at_hop = true;
                break;
            }
        }
        if !died_at_hop {
            let to_x = cols.socket_x(slots, sockets, &s.to, s.conn);
            match (s.recv_us, s.fate) {
                (Some(r), _) if !matches!(s.fate, Fate::Dropped | Fate::DroppedByMiddlebox) => {
                    points.push(Pt {
                        x: to_x,
                        y: axis.map.y_row(r, axis.arrive_row[i]),
                    });
                }
                _ => {
                    let last = *points.last().unwrap_or(&start);
                    let (frac, t_end, e) = match s.fate {
                        Fate::InFlight | Fate::Delivered | Fate::Duplicated | Fate::Reordered => {
                            let elapsed = end_us.saturating_sub(s.sent_us);
                            let f = if typical > 0 {
                                (elapsed as f32 / typical as f32).min(0.9)
                            } else {
                                0.5
                            };
                            (f, end_us, End::InFlight)
                        }
                        Fate::Dropped | Fate::DroppedByMiddlebox => {
                            let t = s.lost_us().unwrap_or(s.sent_us + typical / 2);
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
                        x: last.x + (to_x - last.x) * frac,
                        y: axis.map.y(t_end).max(last.y + 4.0),
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
        let first_point = all.len() as u32;
        all.extend_from_slice(points);
        Arrow {
            segment: i as u32,
            conn: s.conn,
            end,
            first_point,
            n_points: points.len() as u32,
            form: LabelForm::LinesOnly,
            label_at: start,
            label_align: Align::Middle,
            dir: (1.0, 0.0),
            length,
        }
    };
    let n = trace.segments.len();
    let mut arrows = Vec::with_capacity(n);
    for (i, s) in trace.segments.iter().enumerate() {
        pace.item(i, n, (0.24, 0.28)).await;
        arrows.push(arrow(i, s));
    }
    (arrows, all)
}
