//! Arrow labels: the texts (whole, in lines, shortened), and their placement, last of all,
//! so that no label sits on a state name, a badge, a break or another label: the whole
//! label at the middle of its path if that is free, else further along, else a shorter
//! label that keeps the key number (what an ACK acknowledges, where data starts).
//!
//! The layout keeps only which form each label takes ([`LabelForm`]) and where it goes;
//! the words are made again from the segment when it is drawn ([`Labeler::text`]), so a
//! figure of a million arrows holds no string per arrow.

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{Proto, Segment, Trace};

use super::metrics::{Metrics, BADGE_H, BADGE_LINE_H, BAND_W, TOUCH};
use super::pace::Pace;
use super::{Align, End, Pt};
use crate::numbers::{
    flags_label, segment_label, segment_label_lines, segment_note, wrap, Numbering, SeqBases,
};
use crate::place::{Capsule, Placed};

/// Which form of its label an arrow shows, longest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabelForm {
    /// The whole label on one line along the arrow (a figure of narrow columns, where the
    /// label would otherwise take two lines), with its note.
    Whole,
    /// The label in its lines (one line in a wide figure of two lifelines), with its note.
    #[default]
    Lines,
    /// The flags, the number that matters most and the length, with the note.
    Key,
    /// The same without the note.
    KeyOnly,
    /// The flags and the length only.
    Flags,
    /// The label in its lines without its note (an arrow with nowhere to put a label).
    LinesOnly,
}

/// The texts of one arrow, as drawn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArrowText {
    /// The whole label: flags and numbers (also the tooltip).
    pub label: String,
    /// The HTTP line and analysis tags (may be empty).
    pub note: String,
    /// The label as drawn: one line along the arrow (two, stacked above it, where a figure
    /// of three or more lifelines has no room for one), or short lines in the compact
    /// figure; fewer words when the whole label would sit on another text.
    pub label_lines: Vec<String>,
    /// The note as drawn (fitted to the column; may be empty).
    pub note_lines: Vec<String>,
}

/// Makes the words of arrow labels: the same words for placing them and for drawing them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Labeler {
    bases: SeqBases,
    numbering: Numbering,
    multi_conn: bool,
    compact: bool,
    two_line: bool,
    line_chars: usize,
    lang: Lang,
}

impl Labeler {
    pub(crate) fn new(
        trace: &Trace,
        m: &Metrics,
        numbering: Numbering,
        multi_conn: bool,
        two_line: bool,
        lang: Lang,
    ) -> Labeler {
        Labeler {
            bases: SeqBases::new(trace),
            numbering,
            multi_conn,
            compact: m.compact,
            two_line,
            line_chars: m.line_chars,
            lang,
        }
    }

    fn prefix(&self, s: &Segment) -> String {
        if self.multi_conn {
            format!("#{} ", s.conn)
        } else {
            String::new()
        }
    }

    /// The whole label (`#2 SYN seq=… len=0`).
    pub(crate) fn label(&self, s: &Segment) -> String {
        let label = segment_label(s, &self.bases, self.numbering);
        if self.multi_conn {
            self.prefix(s) + &label
        } else {
            label
        }
    }

    /// The label in lines: short lines in the compact figure, two in a wide figure of 3+
    /// lifelines, else the whole label as the only line.
    pub(crate) fn lines(&self, s: &Segment, label: &str) -> Vec<String> {
        if self.compact || self.two_line {
            let chars = if self.compact {
                self.line_chars
            } else {
                usize::MAX
            };
            segment_label_lines(s, &self.bases, self.numbering, &self.prefix(s), chars)
        } else {
            vec![label.to_owned()]
        }
    }

    /// The label's forms, longest first, each with its note lines. `leg_w` is the width
    /// of the first leg and `end` how the arrow ends (the note fits the column).
    fn forms(&self, m: &Metrics, s: &Segment, leg_w: f32, end: End) -> Forms {
        let label = self.label(s);
        let note = segment_note(s, self.lang);
        let lines = self.lines(s, &label);
        let note_lines = || -> Vec<String> {
            if note.is_empty() {
                return Vec::new();
            }
            let mut chars = ((leg_w - 24.0) / (m.note_px * 0.6)).max(8.0) as usize;
            if m.compact {
                // As wide as the label block.
                chars = chars.max(m.line_chars);
            } else if end != End::Head {
                // A cut-short arrow's note may run as far as its label.
                chars = chars.max(label.chars().count());
            }
            wrap(&note, chars, if m.compact { 2 } else { 1 })
        };
        // Shorter labels keep the number that matters most: what an ACK acknowledges, where
        // data starts.
        let prefix = self.prefix(s);
        let mut flags = prefix + &flags_label(s);
        let mut key = flags.clone();
        if s.proto == Proto::Tcp {
            let find = |name: &str| label.split(' ').find(|t| t.starts_with(name));
            let wanted = if s.len == 0 && s.ack.is_some() {
                find("ack=")
            } else {
                find("seq=")
            };
            if let Some(n) = wanted {
                key.push(' ');
                key.push_str(n);
            }
        }
        if s.len > 0 {
            let len = format!(" len={}", s.len);
            key.push_str(&len);
            flags.push_str(&len);
        }
        // A label given in two lines along its arrow (a figure of narrow columns) keeps to
        // one where that fits the leg it is written on.
        let mut list = Vec::with_capacity(5);
        let mut add = |form, lines, notes| list.push(Variant { form, lines, notes });
        let notes = note_lines();
        if !m.compact && lines.len() > 1 {
            add(LabelForm::Whole, vec![label.clone()], notes.clone());
        }
        add(LabelForm::Lines, lines, notes.clone());
        add(LabelForm::Key, vec![key.clone()], notes);
        add(LabelForm::KeyOnly, vec![key], Vec::new());
        add(LabelForm::Flags, vec![flags], Vec::new());
        Forms { label, note, list }
    }

    /// The texts of an arrow in the form chosen for it.
    pub(crate) fn text(
        &self,
        m: &Metrics,
        s: &Segment,
        leg_w: f32,
        end: End,
        form: LabelForm,
    ) -> ArrowText {
        let Forms { label, note, list } = self.forms(m, s, leg_w, end);
        let (label_lines, note_lines) = match form {
            LabelForm::LinesOnly => (self.lines(s, &label), Vec::new()),
            _ => list
                .into_iter()
                .find(|v| v.form == form)
                .map_or_else(|| (vec![label.clone()], Vec::new()), |v| (v.lines, v.notes)),
        };
        ArrowText {
            label,
            note,
            label_lines,
            note_lines,
        }
    }
}

/// A label in one of its forms.
struct Variant {
    form: LabelForm,
    lines: Vec<String>,
    notes: Vec<String>,
}

/// Every form of a label, longest first, with the whole label and note.
struct Forms {
    label: String,
    note: String,
    list: Vec<Variant>,
}

/// What the columns and rows need from the labels: the widest line of any label, and
/// (compact figure) the tallest label block.
pub(crate) struct LabelSizes {
    pub longest: f32,
    pub row_gap: f32,
}

/// Measures every label once (the words are made and dropped).
pub(crate) async fn measure(
    trace: &Trace,
    m: &Metrics,
    labeler: &Labeler,
    pace: &Pace,
) -> LabelSizes {
    let mut longest = 0.0f32;
    let mut tallest = 0.0f32;
    let n = trace.segments.len();
    for (k, s) in trace.segments.iter().enumerate() {
        pace.item(k, n, (0.03, 0.1)).await;
        let label = labeler.label(s);
        let lines = labeler.lines(s, &label);
        for l in &lines {
            longest = longest.max(m.mono_w(l, m.label_px));
        }
        if m.compact {
            let note = segment_note(s, labeler.lang).chars().count();
            let notes = if note == 0 {
                0
            } else if note <= m.line_chars + 2 {
                1
            } else {
                2
            };
            tallest = tallest.max((lines.len() + notes) as f32 * m.line_h);
        }
    }
    LabelSizes {
        longest,
        // In the compact figure a label is a block of lines: rows leave room for the
        // tallest.
        row_gap: if m.compact {
            (tallest + 14.0).clamp(m.row_gap, 92.0)
        } else {
            m.row_gap
        },
    }
}

/// Where along a leg a centred label is tried, in order of preference.
const FRACTIONS: [f32; 9] = [0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8];

/// Where along the first leg a label is tried last, when every spot of [`FRACTIONS`] on
/// every leg is taken: between those, so that a crowd of long parallel arrows (slow
/// start behind a bottleneck queue) staggers its labels along them.
const BETWEEN: [f32; 8] = [0.46, 0.54, 0.38, 0.62, 0.3, 0.7, 0.24, 0.76];

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
    let mut out = Vec::new();
    let w = Widths::of(m, lines, notes);
    shapes_into(&mut out, m, (at, dir, align), horizontal, &w);
    out
}

/// The widths of a label's lines (at the label size) and notes (at the note size): what
/// its shapes are made of, worked out once for every spot the label is tried at.
struct Widths {
    lines: Vec<f32>,
    notes: Vec<f32>,
}

impl Widths {
    fn of(m: &Metrics, lines: &[String], notes: &[String]) -> Widths {
        Widths {
            lines: lines.iter().map(|l| m.mono_w(l, m.label_px)).collect(),
            notes: notes.iter().map(|n| m.mono_w(n, m.note_px)).collect(),
        }
    }
}

/// [`label_shapes`] into `out` (emptied first), from the label's widths.
fn shapes_into(
    out: &mut Vec<Capsule>,
    m: &Metrics,
    (at, dir, align): (Pt, (f32, f32), Align),
    horizontal: bool,
    w: &Widths,
) {
    let extent = |w: f32| match align {
        Align::Middle => (-w / 2.0, w / 2.0),
        Align::Start => (0.0, w),
        Align::End => (-w, 0.0),
    };
    out.clear();
    if horizontal {
        let n = (w.lines.len() + w.notes.len()) as f32;
        let top = at.y - n * m.line_h / 2.0;
        for (k, &width) in w.lines.iter().chain(&w.notes).enumerate() {
            let (a, b) = extent(width);
            let y = top + m.line_h * (k as f32 + 0.5);
            out.push(Capsule::horizontal(at.x + a, at.x + b, y, m.line_h / 2.0));
        }
        return;
    }
    let (ux, uy, nx, ny) = (dir.0, dir.1, -dir.1, dir.0);
    let mut push = |width: f32, px: f32, offset: f32| {
        let (a, b) = extent(width);
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
    for (k, &width) in w.lines.iter().enumerate() {
        let up = (w.lines.len() - 1 - k) as f32 * m.line_h;
        push(width, m.label_px, -(6.0 + 0.35 * m.label_px) - up);
    }
    if let Some(&width) = w.notes.first() {
        push(width, m.note_px, 14.0 - 0.35 * m.note_px);
    }
}

/// The direction of a label along the leg `a -> b` (never upside down).
fn leg_dir(a: Pt, b: Pt) -> (f32, f32) {
    let (l, r) = if a.x <= b.x { (a, b) } else { (b, a) };
    let (dx, dy) = ((r.x - l.x).max(1.0), r.y - l.y);
    let len = (dx * dx + dy * dy).sqrt();
    (dx / len, dy / len)
}

/// Where an arrow's label goes and in which form.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placement {
    pub form: LabelForm,
    pub at: Pt,
    pub dir: (f32, f32),
    pub align: Align,
}

/// Chooses where an arrow's label goes and how much of it: the whole label at the middle
/// of its path if that is free, else further along, else a shorter label; failing all,
/// the spot where it overlaps least. In the compact figure the label hangs from the
/// sender, `skip` px further out when the sender's state names are on that side. `avoid`
/// holds lines a whole label keeps off where it can (it may cross them rather than be
/// shortened). `None` for an arrow with no room at all (its label stays at its start).
#[allow(clippy::too_many_arguments)]
pub(crate) fn place_label(
    m: &Metrics,
    labeler: &Labeler,
    seg: &Segment,
    points: &[Pt],
    end: End,
    skip: f32,
    placed: &mut Placed,
    avoid: &Placed,
) -> Option<Placement> {
    let horizontal = m.compact;
    let first_leg = (points[0], points[1]);
    let leg_w = (first_leg.1.x - first_leg.0.x).abs();
    let Forms {
        label,
        list: variants,
        ..
    } = labeler.forms(m, seg, leg_w, end);
    let whole_w = m.mono_w(&label, m.label_px);
    let try_whole = variants[0].form == LabelForm::Whole;
    // Candidate anchors: (point, direction, align), and how long a text may be there
    // without running past the end of its leg.
    let mut spots: Vec<(Pt, (f32, f32), Align)> = Vec::new();
    let mut spot_room: Vec<f32> = Vec::new();
    if end == End::Head {
        // Every leg's spots of FRACTIONS (the later legs' three middle ones), then the
        // first leg's BETWEEN.
        let legs = points.windows(2).enumerate();
        let tried = legs
            .clone()
            .flat_map(|(k, leg)| {
                FRACTIONS
                    .iter()
                    .enumerate()
                    .map(move |(j, f)| (k, j, leg, *f))
            })
            .filter(|&(k, j, _, _)| k == 0 || j <= 2)
            .chain(
                legs.take(1)
                    .flat_map(|(k, leg)| BETWEEN.iter().map(move |f| (k, 1, leg, *f))),
            );
        for (_, j, leg, f) in tried {
            let (p, q) = (leg[0], leg[1]);
            let len_x = (q.x - p.x).abs();
            let dir = if horizontal {
                (1.0, 0.0)
            } else {
                leg_dir(p, q)
            };
            // Off-centre spots only where the label still fits inside its leg.
            if j > 0 && len_x * (0.5 - (f - 0.5).abs()) * 2.0 < 60.0 {
                continue;
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
    } else {
        // A cut-short arrow (lost, in flight) hangs its label from the sender's end so the
        // text does not run over the cross.
        let (p, q) = first_leg;
        let dir = if horizontal {
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
    let mut shapes = Vec::new();
    // First a whole label clear of the texts and of what to avoid (wide figure).
    if !m.compact {
        let whole = if try_whole { 2 } else { 1 };
        'clear: for (v, Variant { lines, notes, .. }) in variants.iter().enumerate().take(whole) {
            let w = Widths::of(m, lines, notes);
            for (s, &spot) in spots.iter().enumerate() {
                if skipped(v, s) {
                    continue;
                }
                shapes_into(&mut shapes, m, spot, horizontal, &w);
                if placed.cost(&shapes) <= TOUCH && avoid.cost(&shapes) <= TOUCH {
                    best = Some((0.0, v, s));
                    break 'clear;
                }
            }
        }
    }
    'search: for (v, Variant { lines, notes, .. }) in variants.iter().enumerate() {
        if best.is_some_and(|b| b.0 <= TOUCH) {
            break;
        }
        let w = Widths::of(m, lines, notes);
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
        for (s, &spot) in spots.iter().enumerate() {
            if m.compact && s < first {
                continue;
            }
            if skipped(v, s) {
                continue;
            }
            shapes_into(&mut shapes, m, spot, horizontal, &w);
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
    let &(at, dir, align) = spots.get(s)?;
    let chosen = &variants[v];
    placed.add(&label_shapes(
        m,
        at,
        dir,
        align,
        horizontal,
        &chosen.lines,
        &chosen.notes,
    ));
    Some(Placement {
        form: chosen.form,
        at,
        dir,
        align,
    })
}
