//! Sizes of the two shapes of figure (wide and compact) and text measurement: the fonts are
//! known (12 px monospace labels, 11 px sans names), so widths are estimated from the
//! characters, with CJK characters a full em wide.

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::TimerKind;

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
pub(crate) const TRANSIT_PX: f64 = 60.0;
/// Height of a one-line event badge.
pub const BADGE_H: f32 = 18.0;
/// Height of each further line of a badge.
pub const BADGE_LINE_H: f32 = 13.0;
/// Widest line of a badge in the compact figure.
pub(crate) const BADGE_LINE_W: f32 = 84.0;
/// Least column width of a wide figure whose labels break into two lines (3+ lifelines).
pub(crate) const NARROW_COL_MIN: f32 = 240.0;
/// How much of an inner lifeline's text room the column beside it keeps, in a wide figure
/// whose labels break into two lines (the labels slide along their arrows past the texts).
pub(crate) const INNER_ROOM_SHARE: f32 = 0.7;
/// Font size of state names and event badges.
pub(crate) const SMALL_PX: f32 = 11.0;
/// Overlap (px) still counted as apart: texts that merely touch.
pub(crate) const TOUCH: f32 = 1.0;

/// Sizes of one shape of figure.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Metrics {
    pub compact: bool,
    pub gutter: f32,
    pub row_gap: f32,
    /// Font size of arrow labels (monospace).
    pub label_px: f32,
    /// Font size of arrow notes.
    pub note_px: f32,
    /// Line height of compact label blocks.
    pub line_h: f32,
    /// Least room kept for state names beside a lifeline.
    pub min_text_room: f32,
    /// Column width: bounds, and room around the longest label.
    pub col_min: f32,
    pub col_max: f32,
    pub col_pad: f32,
    /// Characters per compact label line.
    pub line_chars: usize,
    /// Distance between timer bracket lanes.
    pub timer_step: f32,
    /// Distance from a band to the texts beside it (past the timer brackets).
    pub text_gap: f32,
    /// Width of a state-name character, in em.
    pub state_em: f32,
}

impl Metrics {
    pub fn of(compact: bool) -> Metrics {
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

    pub fn mono_w(&self, s: &str, px: f32) -> f32 {
        text_width(s, px, 0.6)
    }

    /// Width of a state name (11 px sans, bold capitals).
    pub fn state_w(&self, s: &str) -> f32 {
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
pub(crate) fn small_w(s: &str) -> f32 {
    text_width(s, SMALL_PX, 0.62)
}

/// The short name of a timer kind in a language, as drawn on its bracket.
pub fn timer_label(kind: TimerKind, lang: Lang) -> &'static str {
    crate::texts::TEXTS
        .get(lang, crate::texts::timer_key(kind))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_an_em() {
        assert_eq!(text_width("ab", 10.0, 0.6), 12.0);
        assert_eq!(text_width("连接", 10.0, 0.6), 20.0);
        assert_eq!(text_width("a连", 10.0, 0.5), 15.0);
    }

    #[test]
    fn the_compact_figure_is_narrower_in_every_measure() {
        let (w, c) = (Metrics::of(false), Metrics::of(true));
        assert!(c.gutter < w.gutter && c.col_min < w.col_min && c.col_max < w.col_max);
        assert!(c.label_px < w.label_px && c.line_chars > 0 && w.line_chars == 0);
    }
}
