//! Sequence numbers as people read them: raw (absolute) or relative to each side's initial
//! sequence number, the way Wireshark shows them, and the one-line label of a segment.

use std::collections::BTreeMap;

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{Analysis, Flag, Proto, Segment, Trace};

use crate::texts;

/// How sequence and acknowledgment numbers are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// The raw 32-bit numbers on the wire.
    #[default]
    Absolute,
    /// Relative to each side's initial sequence number (its SYN), like Wireshark.
    Relative,
}

impl Numbering {
    /// The word used in share links (`abs`, `rel`).
    pub fn tag(self) -> &'static str {
        match self {
            Numbering::Absolute => "abs",
            Numbering::Relative => "rel",
        }
    }

    /// The numbering for a share-link word.
    pub fn from_tag(tag: &str) -> Option<Numbering> {
        match tag {
            "abs" => Some(Numbering::Absolute),
            "rel" => Some(Numbering::Relative),
            _ => None,
        }
    }
}

/// Each side's initial sequence number per connection: the `seq` of its SYN, or, for a
/// capture that starts mid-connection, of the first segment it was seen sending.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeqBases {
    /// `(connection, endpoint, base)`, sorted.
    bases: Vec<(u32, String, u32)>,
}

impl SeqBases {
    /// Finds the bases of every side of every connection of a trace.
    pub fn new(trace: &Trace) -> Self {
        // Candidates in order of preference: the first SYN, else the first TCP segment of
        // each side (one pass, the best kept for each side).
        let mut best: BTreeMap<(u32, &str), (usize, u32)> = BTreeMap::new();
        for (i, seg) in trace.segments.iter().enumerate() {
            let rank = if seg.has(Flag::Syn) {
                i
            } else if seg.proto == Proto::Tcp {
                usize::MAX / 2 + i
            } else {
                continue;
            };
            best.entry((seg.conn, seg.from.as_str()))
                .and_modify(|b| {
                    if rank < b.0 {
                        *b = (rank, seg.seq);
                    }
                })
                .or_insert((rank, seg.seq));
        }
        SeqBases {
            bases: best
                .into_iter()
                .map(|((conn, ep), (_, seq))| (conn, ep.to_owned(), seq))
                .collect(),
        }
    }

    /// The base of `endpoint`'s numbers in connection `conn`, if it sent anything.
    pub fn base(&self, conn: u32, endpoint: &str) -> Option<u32> {
        self.bases
            .binary_search_by(|(c, e, _)| (*c, e.as_str()).cmp(&(conn, endpoint)))
            .ok()
            .map(|i| self.bases[i].2)
    }

    /// The sequence number of a segment as shown.
    pub fn seq(&self, seg: &Segment, numbering: Numbering) -> u32 {
        match numbering {
            Numbering::Absolute => seg.seq,
            Numbering::Relative => {
                let base = self.base(seg.conn, &seg.from).unwrap_or(seg.seq);
                seg.seq.wrapping_sub(base)
            }
        }
    }

    /// The acknowledgment number of a segment as shown (`None` without ACK).
    pub fn ack(&self, seg: &Segment, numbering: Numbering) -> Option<u32> {
        let ack = seg.ack?;
        Some(match numbering {
            Numbering::Absolute => ack,
            // Acknowledgments count the peer's bytes: relative to the receiver's ISN.
            Numbering::Relative => match self.base(seg.conn, &seg.to) {
                Some(base) => ack.wrapping_sub(base),
                None => ack,
            },
        })
    }
}

/// Flags as written on an arrow: `SYN, ACK` (`UDP` for a datagram).
pub fn flags_label(seg: &Segment) -> String {
    if seg.proto == Proto::Udp {
        return "UDP".to_owned();
    }
    if seg.flags.is_empty() {
        return "(no flags)".to_owned();
    }
    let mut out = String::with_capacity(8 * seg.flags.len());
    for (i, f) in seg.flags.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(f.name());
    }
    out
}

/// The one-line label of a segment: `SYN, ACK seq=1739326486 ack=3626544837 len=0`.
pub fn segment_label(seg: &Segment, bases: &SeqBases, numbering: Numbering) -> String {
    use std::fmt::Write;
    let mut s = flags_label(seg);
    // Writing to a String cannot fail.
    if seg.proto == Proto::Tcp {
        let _ = write!(s, " seq={}", bases.seq(seg, numbering));
        if let Some(ack) = bases.ack(seg, numbering) {
            let _ = write!(s, " ack={ack}");
        }
    }
    let _ = write!(s, " len={}", seg.len);
    s
}

/// The label of a segment in short lines, for narrow figures: the flags (after `prefix`)
/// with the length, then `seq=`, then `ack=`; numbers share a line when they fit in
/// `max_chars` (or in the first line's width).
pub fn segment_label_lines(
    seg: &Segment,
    bases: &SeqBases,
    numbering: Numbering,
    prefix: &str,
    max_chars: usize,
) -> Vec<String> {
    let mut first = String::from(prefix);
    first.push_str(&flags_label(seg));
    first.push_str(" len=");
    first.push_str(&seg.len.to_string());
    let mut lines = vec![first];
    if seg.proto != Proto::Tcp {
        return lines;
    }
    let width = max_chars.max(lines[0].chars().count());
    let mut numbers = vec![format!("seq={}", bases.seq(seg, numbering))];
    if let Some(ack) = bases.ack(seg, numbering) {
        numbers.push(format!("ack={ack}"));
    }
    let mut line = String::new();
    for n in numbers {
        if !line.is_empty() && line.chars().count() + 1 + n.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&n);
    }
    lines.push(line);
    lines
}

/// Breaks text at spaces into at most `max_lines` lines of about `max_chars`; what does
/// not fit ends in an ellipsis.
pub fn wrap(text: &str, max_chars: usize, max_lines: usize) -> Vec<String> {
    let max_chars = max_chars.max(4);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let fits = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count()
            <= max_chars;
        if !line.is_empty() && !fits {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    for l in &mut lines {
        if l.chars().count() > max_chars {
            *l = l.chars().take(max_chars - 1).collect::<String>() + "…";
        }
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            if !last.ends_with('…') {
                last.push('…');
            }
        }
    }
    lines
}

/// The short name of an analysis tag in a language (in English as Wireshark words it).
pub fn analysis_label(a: Analysis, lang: Lang) -> &'static str {
    texts::TEXTS.get(lang, texts::analysis_key(a)).unwrap_or("")
}

/// The second line of an arrow: the HTTP line carried and the analysis tags.
pub fn segment_note(seg: &Segment, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(http) = &seg.http {
        parts.push(http.clone());
    }
    if !seg.analysis.is_empty() {
        let tags: Vec<&str> = seg
            .analysis
            .iter()
            .map(|a| analysis_label(*a, lang))
            .collect();
        let sep = texts::t(lang, "tag.separator");
        parts.push(texts::tf(lang, "tag.list", &[("tags", &tags.join(sep))]));
    }
    parts.join("  ")
}

/// Sequence space a segment consumes: its length, plus one for SYN and one for FIN, modulo
/// 2^32 (a Trace read from a file may carry any length).
pub fn seq_space(seg: &Segment) -> u32 {
    seg.len
        .wrapping_add(u32::from(seg.has(Flag::Syn)))
        .wrapping_add(u32::from(seg.has(Flag::Fin)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::browse;

    #[test]
    fn relative_numbers_start_at_zero_on_each_side() {
        let trace = browse();
        let bases = SeqBases::new(&trace);
        let syn = &trace.segments[0];
        let synack = &trace.segments[1];
        let ack = &trace.segments[2];
        assert_eq!(bases.seq(syn, Numbering::Relative), 0);
        assert_eq!(bases.seq(synack, Numbering::Relative), 0);
        assert_eq!(bases.ack(synack, Numbering::Relative), Some(1));
        assert_eq!(bases.seq(ack, Numbering::Relative), 1);
        assert_eq!(bases.ack(ack, Numbering::Relative), Some(1));
        assert_eq!(bases.ack(syn, Numbering::Relative), None);
        assert_eq!(bases.seq(syn, Numbering::Absolute), 3_626_544_836);
    }

    #[test]
    fn labels_read_like_the_seed() {
        let trace = browse();
        let bases = SeqBases::new(&trace);
        assert_eq!(
            segment_label(&trace.segments[1], &bases, Numbering::Absolute),
            "SYN, ACK seq=1739326486 ack=3626544837 len=0"
        );
        assert_eq!(
            segment_label(&trace.segments[0], &bases, Numbering::Relative),
            "SYN seq=0 len=0"
        );
        assert_eq!(segment_note(&trace.segments[3], Lang::En), "GET / HTTP/1.1");
        assert_eq!(seq_space(&trace.segments[0]), 1);
        assert_eq!(seq_space(&trace.segments[3]), 77);
        assert_eq!(seq_space(&trace.segments[7]), 1);
    }

    #[test]
    fn narrow_labels_break_into_short_lines() {
        let trace = browse();
        let bases = SeqBases::new(&trace);
        let synack = &trace.segments[1];
        assert_eq!(
            segment_label_lines(synack, &bases, Numbering::Absolute, "", 16),
            ["SYN, ACK len=0", "seq=1739326486", "ack=3626544837"]
        );
        assert_eq!(
            segment_label_lines(synack, &bases, Numbering::Relative, "#2 ", 16),
            ["#2 SYN, ACK len=0", "seq=0 ack=1"]
        );
        assert_eq!(
            wrap("GET /index.html HTTP/1.1", 16, 2),
            ["GET /index.html", "HTTP/1.1"]
        );
        assert_eq!(wrap("a b c d e f g h", 3, 2), ["a b", "c d…"]);
        assert_eq!(wrap("abcdefghij", 6, 1), ["abcde…"]);
    }

    #[test]
    fn relative_numbers_wrap_around_zero() {
        let mut trace = browse();
        for seg in &mut trace.segments {
            if seg.from == "client" {
                seg.seq = seg.seq.wrapping_add(700_000_000);
            }
        }
        let bases = SeqBases::new(&trace);
        let request = &trace.segments[3];
        assert_eq!(bases.seq(request, Numbering::Relative), 1);
    }
}
