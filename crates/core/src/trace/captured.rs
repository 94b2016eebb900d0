//! [`CapturedNote`]: which `capture.seg.*` message explains a packet read from a capture.
//!
//! The importer chooses the words (it sees the packets around this one: a RST that answers
//! a SYN is a refusal); the message's arguments are the segment's own fields, so the Trace
//! keeps one byte per packet and makes the message when it is read, as it does for the
//! engine's segments ([`crate::trace::SegNote`]). A capture of a million packets thus
//! holds no message on the heap until one is shown.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{Analysis, Msg, Segment};

/// What a message's arguments are, read from the segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Words {
    /// `src`.
    Src,
    /// `src`, `len`.
    SrcLen,
    /// `src`, `port` (the source's).
    SrcPort,
    /// `src`, `seq`.
    SrcSeq,
    /// `src`, `seq`, `ack`.
    SrcSeqAck,
    /// `src`, `seq`, `ack`, `win`.
    SrcSeqAckWin,
    /// `src`, `len`, `http` (the segment's HTTP line).
    SrcLenHttp,
    /// `src`, `len`, `seq`, `end` (`seq + len`, modulo 2^32).
    SrcLenSeqEnd,
    /// `src`, `ack`.
    SrcAck,
}

/// The messages a captured packet may have: key, RFC section, arguments.
const KINDS: [(&str, Option<&str>, Words); 24] = [
    ("capture.seg.udp", None, Words::SrcLen),
    ("capture.seg.refused", Some("9293#3.10.7.1"), Words::SrcPort),
    ("capture.seg.rst", Some("9293#3.5.2"), Words::Src),
    ("capture.seg.syn-ack", Some("9293#3.5"), Words::SrcSeqAck),
    ("capture.seg.syn", Some("9293#3.5"), Words::SrcSeq),
    ("capture.seg.fin", Some("9293#3.6"), Words::Src),
    ("capture.seg.http", Some("9112#3"), Words::SrcLenHttp),
    ("capture.seg.http", Some("9112#4"), Words::SrcLenHttp),
    ("capture.seg.data", Some("9293#3.8"), Words::SrcLenSeqEnd),
    ("capture.seg.ack", Some("9293#3.4"), Words::SrcAck),
    // What the analysis found first, in `TAGGED`'s order from `FIRST_TAGGED`.
    (
        "capture.seg.retransmission",
        Some("6298#5"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.fast-retransmission",
        Some("5681#3.2"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.spurious-retransmission",
        Some("6298#5"),
        Words::SrcSeqAckWin,
    ),
    ("capture.seg.dup-ack", Some("5681#4.2"), Words::SrcSeqAckWin),
    (
        "capture.seg.keep-alive",
        Some("1122#4.2.3.6"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.keep-alive-ack",
        Some("1122#4.2.3.6"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.zero-window",
        Some("9293#3.8.6.1"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.zero-window-probe",
        Some("9293#3.8.6.1"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.zero-window-probe-ack",
        Some("9293#3.8.6.1"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.window-update",
        Some("9293#3.8.6.2.2"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.window-full",
        Some("9293#3.8.6"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.out-of-order",
        Some("9293#3.10.7.4"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.lost-segment",
        Some("9293#3.10.7.4"),
        Words::SrcSeqAckWin,
    ),
    (
        "capture.seg.acked-unseen",
        Some("9293#3.10.7.4"),
        Words::SrcSeqAckWin,
    ),
];

/// What the analysis finds, in `KINDS`' order from `FIRST_TAGGED`.
const TAGGED: [Analysis; 14] = [
    Analysis::Retransmission,
    Analysis::FastRetransmission,
    Analysis::SpuriousRetransmission,
    Analysis::DuplicateAck,
    Analysis::KeepAlive,
    Analysis::KeepAliveAck,
    Analysis::ZeroWindow,
    Analysis::ZeroWindowProbe,
    Analysis::ZeroWindowProbeAck,
    Analysis::WindowUpdate,
    Analysis::WindowFull,
    Analysis::OutOfOrder,
    Analysis::LostSegment,
    Analysis::AckedUnseen,
];

const FIRST_TAGGED: u8 = 10;

/// Which message explains a captured packet; the message is made from it and the segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapturedNote(u8);

impl CapturedNote {
    /// A UDP datagram.
    pub const UDP: CapturedNote = CapturedNote(0);
    /// A RST answering a SYN: the port is closed.
    pub const REFUSED: CapturedNote = CapturedNote(1);
    /// Any other RST.
    pub const RST: CapturedNote = CapturedNote(2);
    /// SYN+ACK.
    pub const SYN_ACK: CapturedNote = CapturedNote(3);
    /// SYN.
    pub const SYN: CapturedNote = CapturedNote(4);
    /// FIN.
    pub const FIN: CapturedNote = CapturedNote(5);
    /// Data that starts an HTTP request.
    pub const HTTP_REQUEST: CapturedNote = CapturedNote(6);
    /// Data that starts an HTTP response.
    pub const HTTP_RESPONSE: CapturedNote = CapturedNote(7);
    /// Other data.
    pub const DATA: CapturedNote = CapturedNote(8);
    /// A bare acknowledgment.
    pub const ACK: CapturedNote = CapturedNote(9);

    /// What the analysis found (the first of the packet's tags).
    pub fn tagged(a: Analysis) -> CapturedNote {
        let k = TAGGED.iter().position(|t| *t == a).unwrap_or(0);
        CapturedNote(FIRST_TAGGED + k as u8)
    }

    /// The note numbered `n` ([`CapturedNote::number`]), if there is one.
    pub fn from_number(n: u64) -> Option<CapturedNote> {
        let n = u8::try_from(n).ok()?;
        (usize::from(n) < KINDS.len()).then_some(CapturedNote(n))
    }

    /// Its number, as a Trace part between the worker and the page writes it.
    pub fn number(self) -> u8 {
        self.0
    }

    fn kind(self) -> (&'static str, Option<&'static str>, Words) {
        KINDS[usize::from(self.0)]
    }

    /// The message's key.
    pub fn key(self) -> &'static str {
        self.kind().0
    }

    /// The RFC section that governs what the packet does.
    pub fn rfc(self) -> Option<&'static str> {
        self.kind().1
    }

    /// The message of `seg`, whose note this is.
    pub fn msg(self, seg: &Segment) -> Msg {
        let (key, _, words) = self.kind();
        let src = || ("src", String::from(seg.src.as_str()));
        let len = || ("len", seg.len.to_string());
        let seq = || ("seq", seg.seq.to_string());
        let ack = || ("ack", seg.ack.unwrap_or(0).to_string());
        let args: Vec<(&'static str, String)> = match words {
            Words::Src => [src()].into(),
            Words::SrcLen => [src(), len()].into(),
            Words::SrcPort => [src(), ("port", String::from(port(seg.src.as_str())))].into(),
            Words::SrcSeq => [src(), seq()].into(),
            Words::SrcSeqAck => [src(), seq(), ack()].into(),
            Words::SrcSeqAckWin => [src(), seq(), ack(), ("win", seg.window.to_string())].into(),
            Words::SrcLenHttp => {
                [src(), len(), ("http", seg.http.clone().unwrap_or_default())].into()
            }
            Words::SrcLenSeqEnd => [
                src(),
                len(),
                seq(),
                ("end", seg.seq.wrapping_add(seg.len).to_string()),
            ]
            .into(),
            Words::SrcAck => [src(), ack()].into(),
        };
        Msg::of(key, &args)
    }
}

/// The port of an address written `host:port` (`[v6]:port`, a name and a port).
fn port(addr: &str) -> &str {
    addr.rsplit(':').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_reads_back_and_names_a_message_with_its_section() {
        let mut n = 0;
        while let Some(note) = CapturedNote::from_number(n) {
            assert_eq!(u64::from(note.number()), n);
            assert!(note.key().starts_with("capture.seg."), "{n}");
            assert!(
                crate::i18n::template(crate::i18n::Lang::En, note.key()).is_some(),
                "{}",
                note.key()
            );
            assert_eq!(note.rfc().is_none(), note == CapturedNote::UDP);
            n += 1;
        }
        assert_eq!(n, 24);
        assert_eq!(CapturedNote::from_number(256), None);
        assert_eq!(usize::from(FIRST_TAGGED) + TAGGED.len(), KINDS.len());
        for (k, a) in TAGGED.iter().enumerate() {
            let note = CapturedNote::tagged(*a);
            assert_eq!(note.number(), FIRST_TAGGED + k as u8);
            // The key names the tag: `window-update` for `Analysis::WindowUpdate`.
            let tag = serde_json::to_string(a).unwrap();
            let short = tag.trim_matches('"').replace("duplicate-ack", "dup-ack");
            assert_eq!(note.key(), alloc::format!("capture.seg.{short}"));
        }
    }
}
