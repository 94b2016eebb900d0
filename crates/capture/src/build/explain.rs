//! The explanation of each kept packet: which `capture.seg.*` message it has
//! ([`CapturedNote`], whose arguments are the segment's own fields, made when it is read),
//! and so the RFC section that governs what the packet does.

use wiretrace_core::trace::{CapturedNote, Proto};

use super::Rec;
use crate::packet::{ACK, FIN, RST, SYN};

/// The explanation of kept packet `i` (`r`), whose HTTP line is `http`.
pub(super) fn explain(r: &Rec, http: Option<&str>, recs: &[Rec], i: usize) -> CapturedNote {
    if r.proto == Proto::Udp {
        return CapturedNote::UDP;
    }
    if r.has(RST) {
        // A RST answering a SYN: refused.
        let answers_syn = recs[..i]
            .iter()
            .rev()
            .find(|o| o.conn == r.conn && o.dir != r.dir)
            .is_some_and(|o| o.has(SYN) && !o.has(ACK));
        return if answers_syn {
            CapturedNote::REFUSED
        } else {
            CapturedNote::RST
        };
    }
    if let Some(first) = r.tags.to_vec().first() {
        return CapturedNote::tagged(*first);
    }
    if r.has(SYN) && r.has(ACK) {
        return CapturedNote::SYN_ACK;
    }
    if r.has(SYN) {
        return CapturedNote::SYN;
    }
    if r.has(FIN) {
        return CapturedNote::FIN;
    }
    if r.len > 0 {
        return match http {
            Some(h) if h.starts_with("HTTP/") => CapturedNote::HTTP_RESPONSE,
            Some(_) => CapturedNote::HTTP_REQUEST,
            None => CapturedNote::DATA,
        };
    }
    CapturedNote::ACK
}
