//! How much a figure of the figure worker allocates in all, freed or not: the worker's
//! allocator frees nothing (`figure_worker::heap`), so this is what its wasm memory grows
//! by. Run natively: `cargo run --release -p wiretrace-web --example figure_alloc`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use wiretrace_core::i18n::Lang;
use wiretrace_web::figure_worker::figure;

/// Counts every byte asked for (a reallocation counts its new size, as the worker's
/// allocator copies a block that is not the last one).
struct Counting;

static ASKED: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ASKED.fetch_add(layout.size(), Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ASKED.fetch_add(new_size, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn main() {
    for hash in [
        "#s=browse&latency_ms=40",
        "#s=http-compare&requests=20",
        "#s=big-response&body_bytes=300000",
        "#s=big-response&body_bytes=300000&lang=zh",
        "#s=big-response&body_bytes=1000000",
        "#s=big-response&body_bytes=10000000",
        "#s=http11-pipelining&requests=20&body_bytes=10000000",
        "#s=http-compare&requests=20&body_bytes=10000000",
        "#s=http10&requests=20&body_bytes=10000000",
        "#s=multi-client&body_bytes=10000000",
    ] {
        ASKED.store(0, Relaxed);
        let what = match figure(hash, Lang::En, false) {
            Ok((svg, _)) => format!("{} B of SVG", svg.len()),
            Err(why) => format!("none ({why})"),
        };
        println!(
            "{hash}: {what}, {:.1} MB asked for",
            ASKED.load(Relaxed) as f64 / 1e6
        );
    }
}
