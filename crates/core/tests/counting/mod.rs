//! A global allocator that counts the bytes live on the heap, for the test binary that
//! includes this module: `crates/core/tests/trace_memory.rs`, and the importer's
//! `crates/capture/tests/trace_memory.rs` (by path).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

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

/// The bytes live on the heap now.
pub fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// What a Trace holds on the heap, its lists no longer than they are.
pub struct Held {
    /// Bytes in all.
    pub bytes: isize,
    /// Bytes of the segments' payloads.
    pub payload: usize,
    /// Segments.
    pub segments: usize,
    /// Bytes per segment besides its payload.
    pub per_segment: f64,
}

/// What the Trace `make` makes holds (what it allocated and freed meanwhile left out).
pub fn held(make: impl FnOnce() -> wiretrace_core::Trace) -> Held {
    let before = live();
    let mut trace = make();
    trace.segments.shrink_to_fit();
    let bytes = live() - before;
    let payload: usize = trace.segments.iter().map(|s| s.payload.0.len()).sum();
    let segments = trace.segments.len();
    Held {
        bytes,
        payload,
        segments,
        per_segment: (bytes as f64 - payload as f64) / segments as f64,
    }
}
