//! What a capture could not give whole, said as a warning rather than refused: a file cut
//! short inside a record (tcpdump killed, disk full, a copy stopped early) is read up to
//! its last whole record, as tshark reads it; tcpdump text lines that cannot be read are
//! skipped and counted. The warnings are `capture.detail.*` messages among the source's
//! details; [`warnings`] picks them out, so the CLI can print them on stderr and the page
//! show them as a note.

use wiretrace_core::trace::Msg;

/// Keys of the detail messages that are warnings.
pub const WARNING_KEYS: [&str; 6] = [
    "capture.detail.cut-short-block",
    "capture.detail.cut-short-block-header",
    "capture.detail.cut-short-record",
    "capture.detail.cut-short-record-header",
    "capture.detail.text-line-unreadable",
    "capture.detail.text-lines-unreadable",
];

/// The warnings among a source's (or an index's) detail messages, in order.
pub fn warnings(detail_msgs: &[Msg]) -> impl Iterator<Item = &Msg> {
    detail_msgs
        .iter()
        .filter(|m| WARNING_KEYS.contains(&m.key.as_str()))
}

/// Line numbers of unreadable text lines named in the warning; more are only counted.
pub(crate) const LINES_NAMED: usize = 5;

/// What a binary capture is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A pcap packet record (16-byte header, then the packet).
    PcapRecord,
    /// A pcapng block (type, length, body, length).
    PcapNgBlock,
}

/// A binary capture that ends inside a record: everything before it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CutShort {
    /// What the unfinished part was.
    pub unit: Unit,
    /// Byte offset of the unfinished record: the bytes read whole.
    pub at: u64,
    /// Bytes of it in the file.
    pub present: u64,
    /// Its length as its header gives it, if the header is there.
    pub len: Option<u64>,
    /// Whole packets read before it.
    pub packets: u64,
}

impl CutShort {
    /// The warning, as a detail message.
    pub fn msg(&self) -> Msg {
        let at = ("at", self.at.to_string());
        let number = ("number", (self.packets + 1).to_string());
        let packets = ("packets", self.packets.to_string());
        let present = ("present", self.present.to_string());
        let whole = |len: u64| {
            [
                ("len", len.to_string()),
                ("missing", (len - self.present).to_string()),
            ]
        };
        match (self.unit, self.len) {
            (Unit::PcapNgBlock, Some(len)) => {
                let [l, m] = whole(len);
                Msg::new("capture.detail.cut-short-block", &[at, packets, l, m])
            }
            (Unit::PcapNgBlock, None) => Msg::new(
                "capture.detail.cut-short-block-header",
                &[at, packets, present],
            ),
            (Unit::PcapRecord, Some(len)) => {
                let [l, m] = whole(len);
                Msg::new("capture.detail.cut-short-record", &[at, number, l, m])
            }
            (Unit::PcapRecord, None) => Msg::new(
                "capture.detail.cut-short-record-header",
                &[at, number, present],
            ),
        }
    }
}

/// The warning for unreadable text lines: how many, and the first few line numbers.
pub(crate) fn unreadable_lines_msg(count: u64, first: &[u64]) -> Msg {
    if let (1, [line]) = (count, first) {
        return Msg::new(
            "capture.detail.text-line-unreadable",
            &[("lines", line.to_string())],
        );
    }
    let mut lines: Vec<String> = first.iter().map(u64::to_string).collect();
    if count > first.len() as u64 {
        lines.push("…".to_owned());
    }
    Msg::new(
        "capture.detail.text-lines-unreadable",
        &[("count", count.to_string()), ("lines", lines.join(", "))],
    )
}
