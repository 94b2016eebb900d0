//! The explanation of each kept packet: a `capture.seg.*` message and the RFC section that
//! governs what the packet does.

use wiretrace_core::trace::{Analysis, Msg, Proto};

use super::Rec;
use crate::packet::{ACK, FIN, RST, SYN};

/// The explanation of a kept packet and the RFC section that governs it.
pub(super) fn explain(
    r: &Rec,
    src: &str,
    http: Option<&str>,
    recs: &[Rec],
    i: usize,
) -> (Msg, Option<&'static str>) {
    let seq = r.seq.to_string();
    let ack = r.ack.unwrap_or(0).to_string();
    let s = || ("src", src.to_owned());
    if r.proto == Proto::Udp {
        return (
            Msg::new("capture.seg.udp", &[s(), ("len", r.len.to_string())]),
            None,
        );
    }
    let tags = r.tags.to_vec();
    let first = tags.first().copied();
    let analysis_key = match first {
        Some(Analysis::Retransmission) => Some(("capture.seg.retransmission", "6298#5")),
        Some(Analysis::FastRetransmission) => Some(("capture.seg.fast-retransmission", "5681#3.2")),
        Some(Analysis::SpuriousRetransmission) => {
            Some(("capture.seg.spurious-retransmission", "6298#5"))
        }
        Some(Analysis::DuplicateAck) => Some(("capture.seg.dup-ack", "5681#4.2")),
        Some(Analysis::KeepAlive) => Some(("capture.seg.keep-alive", "1122#4.2.3.6")),
        Some(Analysis::KeepAliveAck) => Some(("capture.seg.keep-alive-ack", "1122#4.2.3.6")),
        Some(Analysis::ZeroWindow) => Some(("capture.seg.zero-window", "9293#3.8.6.1")),
        Some(Analysis::ZeroWindowProbe) => Some(("capture.seg.zero-window-probe", "9293#3.8.6.1")),
        Some(Analysis::ZeroWindowProbeAck) => {
            Some(("capture.seg.zero-window-probe-ack", "9293#3.8.6.1"))
        }
        Some(Analysis::WindowUpdate) => Some(("capture.seg.window-update", "9293#3.8.6.2.2")),
        Some(Analysis::WindowFull) => Some(("capture.seg.window-full", "9293#3.8.6")),
        Some(Analysis::OutOfOrder) => Some(("capture.seg.out-of-order", "9293#3.10.7.4")),
        Some(Analysis::LostSegment) => Some(("capture.seg.lost-segment", "9293#3.10.7.4")),
        Some(Analysis::AckedUnseen) => Some(("capture.seg.acked-unseen", "9293#3.10.7.4")),
        None => None,
    };
    // A RST answering a SYN: refused.
    if r.has(RST) {
        let answers_syn = recs[..i]
            .iter()
            .rev()
            .find(|o| o.conn == r.conn && o.dir != r.dir)
            .is_some_and(|o| o.has(SYN) && !o.has(ACK));
        if answers_syn {
            return (
                Msg::new(
                    "capture.seg.refused",
                    &[s(), ("port", r.src.port().to_string())],
                ),
                Some("9293#3.10.7.1"),
            );
        }
        return (Msg::new("capture.seg.rst", &[s()]), Some("9293#3.5.2"));
    }
    if let Some((key, rfc)) = analysis_key {
        let m = Msg::new(
            key,
            &[
                s(),
                ("seq", seq),
                ("ack", ack),
                ("win", r.window.to_string()),
            ],
        );
        return (m, Some(rfc));
    }
    if r.has(SYN) && r.has(ACK) {
        return (
            Msg::new("capture.seg.syn-ack", &[s(), ("seq", seq), ("ack", ack)]),
            Some("9293#3.5"),
        );
    }
    if r.has(SYN) {
        return (
            Msg::new("capture.seg.syn", &[s(), ("seq", seq)]),
            Some("9293#3.5"),
        );
    }
    if r.has(FIN) {
        return (Msg::new("capture.seg.fin", &[s()]), Some("9293#3.6"));
    }
    if r.len > 0 {
        if let Some(h) = http {
            return (
                Msg::new(
                    "capture.seg.http",
                    &[s(), ("len", r.len.to_string()), ("http", h.to_owned())],
                ),
                Some(if h.starts_with("HTTP/") {
                    "9112#4"
                } else {
                    "9112#3"
                }),
            );
        }
        let end = r.seq.wrapping_add(r.len).to_string();
        return (
            Msg::new(
                "capture.seg.data",
                &[s(), ("len", r.len.to_string()), ("seq", seq), ("end", end)],
            ),
            Some("9293#3.8"),
        );
    }
    (
        Msg::new("capture.seg.ack", &[s(), ("ack", ack)]),
        Some("9293#3.4"),
    )
}
