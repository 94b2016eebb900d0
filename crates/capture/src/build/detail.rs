//! What a Trace's `source` says about itself, one message a part: the file (link types,
//! frames skipped, lines ignored) and the choices that shaped the Trace (connections shown,
//! time range, caps). English in `detail` (joined by `"; "`), keys in `detail_msgs` for
//! the page's language.

use wiretrace_core::trace::Msg;

use super::join_english;
use crate::reader::Reader;
use crate::selection::Selection;
use crate::warning::unreadable_lines_msg;

/// Link types and anything else worth saying about the file itself, warnings included (a
/// capture cut short, unreadable text lines), one message a part.
pub(crate) fn file_detail_msgs(r: &Reader) -> Vec<Msg> {
    let count = |n: u64| [("count", n.to_string())];
    let mut parts: Vec<Msg> = Vec::new();
    if !r.stats.links.is_empty() {
        parts.push(Msg::new(
            "capture.detail.links",
            &[("links", r.stats.links.join(", "))],
        ));
    }
    if !r.stats.unknown_links.is_empty() {
        let l: Vec<String> = r
            .stats
            .unknown_links
            .iter()
            .map(|x| x.to_string())
            .collect();
        parts.push(Msg::new(
            "capture.detail.unknown-links",
            &[("types", l.join(", "))],
        ));
    }
    if r.stats.other > 0 {
        parts.push(Msg::new(
            "capture.detail.other-frames",
            &count(r.stats.other),
        ));
    }
    if r.stats.truncated > 0 {
        parts.push(Msg::new(
            "capture.detail.truncated",
            &count(r.stats.truncated),
        ));
    }
    if r.stats.skipped_blocks > 0 {
        parts.push(Msg::new(
            "capture.detail.skipped-blocks",
            &count(r.stats.skipped_blocks),
        ));
    }
    if r.ignored_lines() > 0 {
        parts.push(Msg::new(
            "capture.detail.text-lines-ignored",
            &count(r.ignored_lines()),
        ));
    }
    let (unreadable, first) = r.unreadable_lines();
    if unreadable > 0 {
        parts.push(unreadable_lines_msg(unreadable, first));
    }
    if let Some(cut) = &r.cut {
        parts.push(cut.msg());
    }
    parts
}

/// [`file_detail_msgs`] in English, joined by `"; "` (the CLI's `--list` line).
pub(crate) fn file_detail(r: &Reader) -> String {
    join_english(&file_detail_msgs(r))
}

/// Everything the Trace's source says after the file's own parts.
pub(super) struct TraceDetail<'a> {
    /// The file's parts ([`file_detail_msgs`]).
    pub file: Vec<Msg>,
    /// Connections (and UDP flows) in the file.
    pub total_conns: usize,
    /// Flow ids of the connections in the Trace.
    pub shown: &'a [u32],
    pub selection: &'a Selection,
    /// Segments kept.
    pub kept: usize,
    /// Segments of the selection left out by the segment cap.
    pub dropped_segments: u64,
    /// Payload beyond the budget was left out.
    pub payload_capped: bool,
    /// tcpdump text without timestamps.
    pub untimed: bool,
}

impl TraceDetail<'_> {
    /// The parts, in the order they are told.
    pub fn msgs(self) -> Vec<Msg> {
        let TraceDetail {
            file,
            total_conns,
            shown,
            selection,
            kept,
            dropped_segments,
            payload_capped,
            untimed,
        } = self;
        let mut detail = file;

        if shown.len() < total_conns {
            let ids: Vec<String> = shown.iter().map(|c| c.to_string()).collect();
            detail.push(Msg::new(
                "capture.detail.connections-shown",
                &[
                    ("shown", shown.len().to_string()),
                    ("total", total_conns.to_string()),
                    ("ids", ids.join(", ")),
                ],
            ));
        } else {
            let key = if total_conns == 1 {
                "capture.detail.connection"
            } else {
                "capture.detail.connections"
            };
            detail.push(Msg::new(key, &[("count", total_conns.to_string())]));
        }
        if selection.from_us.is_some() || selection.to_us.is_some() {
            let from = ("from", selection.from_us.unwrap_or(0).to_string());
            detail.push(match selection.to_us {
                Some(to) => Msg::new("capture.detail.time-range", &[from, ("to", to.to_string())]),
                None => Msg::new("capture.detail.time-range-open", &[from]),
            });
        }
        if dropped_segments > 0 {
            detail.push(Msg::new(
                "capture.detail.cap",
                &[
                    ("kept", kept.to_string()),
                    ("left", dropped_segments.to_string()),
                ],
            ));
        }
        if payload_capped {
            detail.push(Msg::new(
                "capture.detail.payload-cap",
                &[("bytes", selection.max_payload_bytes.to_string())],
            ));
        }
        if untimed {
            detail.push(Msg::new("capture.detail.no-timestamps", &[]));
        }
        detail.push(Msg::new("capture.detail.inferred", &[]));
        detail
    }
}
