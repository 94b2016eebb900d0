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
#[rustfmt::skip]
const KINDS: [(&str, Option<&str>, Words); 24] = [
    ("capture.seg.udp",                     None,                    Words::SrcLen),
    ("capture.seg.refused",                 Some("9293#3.10.7.1"),   Words::SrcPort),
    ("capture.seg.rst",                     Some("9293#3.5.2"),      Words::Src),
    ("capture.seg.syn-ack",                 Some("9293#3.5"),        Words::SrcSeqAck),
    ("capture.seg.syn",                     Some("9293#3.5"),        Words::SrcSeq),
    ("capture.seg.fin",                     Some("9293#3.6"),        Words::Src),
    ("capture.seg.http",                    Some("9112#3"),          Words::SrcLenHttp),
    ("capture.seg.http",                    Some("9112#4"),          Words::SrcLenHttp),
    ("capture.seg.data",                    Some("9293#3.8"),        Words::SrcLenSeqEnd),
    ("capture.seg.ack",                     Some("9293#3.4"),        Words::SrcAck),
    // What the analysis found first (`CapturedNote::tagged`).
    ("capture.seg.retransmission",          Some("6298#5"),          Words::SrcSeqAckWin),
    ("capture.seg.fast-retransmission",     Some("5681#3.2"),        Words::SrcSeqAckWin),
    ("capture.seg.spurious-retransmission", Some("6298#5"),          Words::SrcSeqAckWin),
    ("capture.seg.dup-ack",                 Some("5681#4.2"),        Words::SrcSeqAckWin),
    ("capture.seg.keep-alive",              Some("1122#4.2.3.6"),    Words::SrcSeqAckWin),
    ("capture.seg.keep-alive-ack",          Some("1122#4.2.3.6"),    Words::SrcSeqAckWin),
    ("capture.seg.zero-window",             Some("9293#3.8.6.1"),    Words::SrcSeqAckWin),
    ("capture.seg.zero-window-probe",       Some("9293#3.8.6.1"),    Words::SrcSeqAckWin),
    ("capture.seg.zero-window-probe-ack",   Some("9293#3.8.6.1"),    Words::SrcSeqAckWin),
    ("capture.seg.window-update",           Some("9293#3.8.6.2.2"),  Words::SrcSeqAckWin),
    ("capture.seg.window-full",             Some("9293#3.8.6"),      Words::SrcSeqAckWin),
    ("capture.seg.out-of-order",            Some("9293#3.10.7.4"),   Words::SrcSeqAckWin),
    ("capture.seg.lost-segment",            Some("9293#3.10.7.4"),   Words::SrcSeqAckWin),
    ("capture.seg.acked-unseen",            Some("9293#3.10.7.4"),   Words::SrcSeqAckWin),
];

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
        CapturedNote(match a {
            Analysis::Retransmission => 10,
            Analysis::FastRetransmission => 11,
            Analysis::SpuriousRetransmission => 12,
            Analysis::DuplicateAck => 13,
            Analysis::KeepAlive => 14,
            Analysis::KeepAliveAck => 15,
            Analysis::ZeroWindow => 16,
            Analysis::ZeroWindowProbe => 17,
            Analysis::ZeroWindowProbeAck => 18,
            Analysis::WindowUpdate => 19,
            Analysis::WindowFull => 20,
            Analysis::OutOfOrder => 21,
            Analysis::LostSegment => 22,
            Analysis::AckedUnseen => 23,
        })
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
    use alloc::vec;

    use super::*;
    use crate::trace::Name;

    /// A segment with the numbers at their edges: the end of the data wraps past 2^32, no
    /// ACK flag, a named host's address.
    fn segment(src: &str, http: Option<&str>) -> Segment {
        Segment {
            src: Name::from(String::from(src)),
            seq: u32::MAX - 1,
            ack: None,
            len: 5,
            window: 65_535,
            http: http.map(String::from),
            ..Segment::default()
        }
    }

    /// The message's arguments are `want`, in any order.
    fn assert_args(m: &Msg, want: &[(&str, &str)]) {
        let got: Vec<(&str, &str)> = m
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut want = want.to_vec();
        want.sort();
        assert_eq!(got, want, "{}", m.key.as_str());
    }

    #[test]
    fn each_message_names_the_segments_own_numbers() {
        let src = "host.example:8080";
        let all = [
            ("src", src),
            ("seq", "4294967294"),
            ("ack", "0"),
            ("win", "65535"),
        ];
        // A note, its key and section, its arguments.
        type Want<'a> = (
            CapturedNote,
            &'a str,
            Option<&'a str>,
            Vec<(&'a str, &'a str)>,
        );
        let mut want: Vec<Want> = vec![
            (
                CapturedNote::UDP,
                "capture.seg.udp",
                None,
                vec![("src", src), ("len", "5")],
            ),
            (
                CapturedNote::REFUSED,
                "capture.seg.refused",
                Some("9293#3.10.7.1"),
                vec![("src", src), ("port", "8080")],
            ),
            (
                CapturedNote::RST,
                "capture.seg.rst",
                Some("9293#3.5.2"),
                vec![("src", src)],
            ),
            (
                CapturedNote::SYN_ACK,
                "capture.seg.syn-ack",
                Some("9293#3.5"),
                vec![("src", src), ("seq", "4294967294"), ("ack", "0")],
            ),
            (
                CapturedNote::SYN,
                "capture.seg.syn",
                Some("9293#3.5"),
                vec![("src", src), ("seq", "4294967294")],
            ),
            (
                CapturedNote::FIN,
                "capture.seg.fin",
                Some("9293#3.6"),
                vec![("src", src)],
            ),
            (
                CapturedNote::DATA,
                "capture.seg.data",
                Some("9293#3.8"),
                vec![
                    ("src", src),
                    ("len", "5"),
                    ("seq", "4294967294"),
                    ("end", "3"),
                ],
            ),
            (
                CapturedNote::ACK,
                "capture.seg.ack",
                Some("9293#3.4"),
                vec![("src", src), ("ack", "0")],
            ),
        ];
        for (a, key, rfc) in [
            (Analysis::Retransmission, "retransmission", "6298#5"),
            (
                Analysis::FastRetransmission,
                "fast-retransmission",
                "5681#3.2",
            ),
            (
                Analysis::SpuriousRetransmission,
                "spurious-retransmission",
                "6298#5",
            ),
            (Analysis::DuplicateAck, "dup-ack", "5681#4.2"),
            (Analysis::KeepAlive, "keep-alive", "1122#4.2.3.6"),
            (Analysis::KeepAliveAck, "keep-alive-ack", "1122#4.2.3.6"),
            (Analysis::ZeroWindow, "zero-window", "9293#3.8.6.1"),
            (
                Analysis::ZeroWindowProbe,
                "zero-window-probe",
                "9293#3.8.6.1",
            ),
            (
                Analysis::ZeroWindowProbeAck,
                "zero-window-probe-ack",
                "9293#3.8.6.1",
            ),
            (Analysis::WindowUpdate, "window-update", "9293#3.8.6.2.2"),
            (Analysis::WindowFull, "window-full", "9293#3.8.6"),
            (Analysis::OutOfOrder, "out-of-order", "9293#3.10.7.4"),
            (Analysis::LostSegment, "lost-segment", "9293#3.10.7.4"),
            (Analysis::AckedUnseen, "acked-unseen", "9293#3.10.7.4"),
        ] {
            let key: &'static str = alloc::format!("capture.seg.{key}").leak();
            want.push((CapturedNote::tagged(a), key, Some(rfc), all.to_vec()));
        }
        let seg = segment(src, None);
        for (note, key, rfc, list) in &want {
            let m = note.msg(&seg);
            assert_eq!((m.key.as_str(), note.key(), note.rfc()), (*key, *key, *rfc));
            assert_args(&m, list);
            assert!(
                crate::i18n::template(crate::i18n::Lang::En, key).is_some(),
                "{key}"
            );
        }
        // Every note is in the table once (the two HTTP ones below), numbered in order.
        let http = [CapturedNote::HTTP_REQUEST, CapturedNote::HTTP_RESPONSE];
        let numbers: Vec<u8> = want
            .iter()
            .map(|w| w.0)
            .chain(http)
            .map(CapturedNote::number)
            .collect();
        let mut sorted = numbers.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, (0..24).collect::<Vec<u8>>());
        assert_eq!(numbers.len(), 24);
        for n in 0..=300u64 {
            let note = CapturedNote::from_number(n);
            assert_eq!(note.map(|x| u64::from(x.number())), (n < 24).then_some(n));
        }

        // HTTP: the request's section and the response's, the line from the segment.
        for (line, note, rfc) in [
            ("GET / HTTP/1.1", CapturedNote::HTTP_REQUEST, "9112#3"),
            ("HTTP/1.1 200 OK", CapturedNote::HTTP_RESPONSE, "9112#4"),
        ] {
            let m = note.msg(&segment("[fe80::1%2]:443", Some(line)));
            assert_eq!(
                (m.key.as_str(), note.rfc()),
                ("capture.seg.http", Some(rfc))
            );
            assert_args(
                &m,
                &[("http", line), ("len", "5"), ("src", "[fe80::1%2]:443")],
            );
        }
        // An IPv6 source's port is after its last colon; an ACK's number when there is one.
        let mut v6 = segment("[::1]:38796", None);
        v6.ack = Some(7);
        let m = CapturedNote::REFUSED.msg(&v6);
        assert_eq!(m.args.get("port").map(String::as_str), Some("38796"));
        let m = CapturedNote::ACK.msg(&v6);
        assert_eq!(m.args.get("ack").map(String::as_str), Some("7"));
    }
}
