//! How much memory an imported Trace holds per segment, counted by a global allocator that
//! keeps the bytes live on the heap (this test binary only), payload bytes left out as in
//! `crates/core/tests/trace_memory.rs`.
//!
//! `cargo test -p wiretrace-capture --test trace_memory -- --nocapture` prints the figures.

#[path = "../../core/tests/counting/mod.rs"]
mod counting;

use wiretrace_capture::{import, to_pcap, Selection, Side};
use wiretrace_core::scenario;

/// The budget per imported segment, payload left out. Each packet's explanation was a
/// message made at import (a key and four or five strings on the heap): 635 B a segment of
/// the `big-response` capture below. It is now the importer's note, one byte in the
/// segment, and the message is made when read (`trace::CapturedNote`): 360 B, most of it
/// the `Segment` (320 B natively) and its TCB samples.
const BUDGET: f64 = 400.0;

#[test]
fn an_imported_segment_costs_little_memory_besides_its_payload() {
    for (id, params) in [
        (
            "big-response",
            &[("body_bytes", "2000000"), ("mss", "146")][..],
        ),
        (
            "browse",
            &[
                ("body_bytes", "2000000"),
                ("loss", "0.02"),
                ("sack", "true"),
            ][..],
        ),
    ] {
        let run = scenario::run_with(id, params).expect("the run works");
        let pcap = to_pcap(&run, Side::Client);
        drop(run);
        let h = counting::held(|| {
            import("cap.pcap", &pcap, &Selection::all()).expect("the import works")
        });
        let (n, held, payload, per) = (h.segments, h.bytes, h.payload, h.per_segment);
        println!(
            "{id} {params:?}: {n} segments imported, {held} B held, {payload} B of payload, {per:.0} B per segment besides its payload"
        );
        assert!(n > 1000, "{id}: {n} segments");
        assert!(
            per <= BUDGET,
            "{id}: {per:.0} B per segment besides its payload, over the budget of {BUDGET}"
        );
    }
}
