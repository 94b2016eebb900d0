//! How much memory an imported Trace holds per segment, counted by a global allocator that
//! keeps the bytes live on the heap (this test binary only), payload bytes left out as in
//! `crates/core/tests/trace_memory.rs`.
//!
//! `cargo test -p wiretrace-capture --test trace_memory -- --nocapture` prints the figures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use wiretrace_capture::{import, to_pcap, Selection, Side};
use wiretrace_core::scenario;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The budget per imported segment, payload left out. Each packet's explanation was a
/// message made at import (a key and four or five strings on the heap): 635 B a segment of
/// the `big-response` capture below. It is now the importer's note, one byte in the
/// segment, and the message is made when read (`trace::CapturedNote`): 367 B, most of it
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
        let before = LIVE.load(Ordering::Relaxed);
        let mut trace = import("cap.pcap", &pcap, &Selection::all()).expect("the import works");
        trace.segments.shrink_to_fit();
        let held = LIVE.load(Ordering::Relaxed) - before;
        let payload: usize = trace.segments.iter().map(|s| s.payload.0.len()).sum();
        let n = trace.segments.len();
        let per = (held as f64 - payload as f64) / n as f64;
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
