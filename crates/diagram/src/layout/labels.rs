//! Arrow labels: the texts (whole, in lines, shortened), and their placement, last of all,
//! so that no label sits on a state name, a badge, a break or another label: the whole
//! label at the middle of its path if that is free, else further along, else a shorter
//! label that keeps the key number (what an ACK acknowledges, where data starts).

use wiretrace_core::trace::{Segment, Trace};

use super::metrics::{Metrics, BADGE_H, BADGE_LINE_H, BAND_W, TOUCH};
use super::{Align, Arrow, End, Pt};
use crate::numbers::{
    flags_label, segment_label, segment_label_lines, segment_note, wrap, Numbering, SeqBases,
};
use crate::place::{Capsule, Placed};

use super::arrows::Texts;

/// Every arrow's label, whole and (compact figure, or narrow columns) in short lines.
pub(crate) fn texts(
    trace: &Trace,
    m: &Metrics,
    numbering: Numbering,
    multi_conn: bool,
    two_line: bool,
) -> Texts {
    let bases = SeqBases::new(trace);
    let segs = &trace.segments;
    let prefix = |s: &Segment| {
        if multi_conn {
            format!("#{} ", s.conn)
        } else {
            String::new()
        }
    };
    let labels: Vec<String> = segs
        .iter()
        .map(|s| prefix(s) + &segment_label(s, &bases, numbering))
        .collect();
    let lines: Vec<Vec<String>> = if m.compact || two_line {
        let chars = if m.compact { m.line_chars } else { usize::MAX };
        segs.iter()
            .map(|s| segment_label_lines(s, &bases, numbering, &prefix(s), chars))
            .collect()
    } else {
        labels.iter().map(|l| vec![l.clone()]).collect()
    };
    Texts { labels, lines }
}

/// The least distance between rows where segments leave: in the compact figure a label is
/// a block of lines, and rows leave room for the tallest.
pub(crate) fn row_gap(trace: &Trace, m: &Metrics, texts: &Texts) -> f32 {
    if !m.compact {
        return m.row_gap;
    }
    let tallest = trace
        .segments
        .iter()
        .zip(&texts.lines)
        .map(|(s, l)| {
            let note = segment_note(s).chars().count();
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
}

/// The widest line of any label.
pub(crate) fn longest(m: &Metrics, texts: &Texts) -> f32 {
    texts
        .lines
        .iter()
        .flatten()
        .map(|l| m.mono_w(l, m.label_px))
        .fold(0.0f32, f32::max)
}

/// Where along a leg a centred label is tried, in order of preference.
const FRACTIONS: [f32; 9] = [0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8];

/// The capsules of an arrow label drawn at `at`.
pub(crate) fn label_shapes(
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

/// Chooses where an arrow's label goes and how much of it: the whole label at the middle
/// of its path if that is free, else further along, else a shorter label; failing all,
/// the spot where it overlaps least. In the compact figure the label hangs from the
/// sender, `skip` px further out when the sender's state names are on that side. `avoid`
/// holds lines a whole label keeps off where it can (it may cross them rather than be
/// shortened).
pub(crate) fn place_label(
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
