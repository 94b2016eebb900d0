//! What a long run holds in the page's memory, counted in wasm32, where pointers and
//! `usize` are half their native size: `./scripts/bench --memory` builds this for
//! `wasm32-unknown-unknown` and calls [`measure`] from Node.
//!
//! For one run it counts the bytes a counting allocator sees live or at their peak:
//! - the engine's run (what the page's worker holds at most while it runs);
//! - the Trace as the page holds one past `PAGE_SEGMENTS` (the same Trace without its
//!   payloads, which such a Trace never carries into the page, and its lists no longer
//!   than they are, as the page makes them);
//! - its layout (`layout()`) and its story (`Story::new`), kept and at their peak;
//! - the Plots panel's time-sequence graph of its busiest connection: the data at full
//!   resolution the panel keeps (`plot::data_in`) and its peak, then the peaks of drawing
//!   the whole connection (`Plot::window(None)`) and a tenth of it.
//!
//! Natively it runs too (`cargo run --release -p wiretrace-diagram --example wasm_memory`),
//! with 64-bit sizes.

use std::alloc::{GlobalAlloc, Layout as Alloc, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use wiretrace_core::net::Limits;
use wiretrace_core::scenario;
use wiretrace_core::trace::Bytes;
use wiretrace_diagram::layout::{layout, Options};
use wiretrace_diagram::plot::{self, PlotIndex, PlotKind};
use wiretrace_diagram::story::Story;

/// Counts the bytes live, and the most live since [`Counting::reset_peak`].
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

impl Counting {
    fn grew(by: usize) {
        let live = LIVE.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(live, Relaxed);
    }

    fn live() -> usize {
        LIVE.load(Relaxed)
    }

    /// The peak since the last reset, over `from` (what was live then).
    fn peak_since(from: usize) -> usize {
        PEAK.load(Relaxed) - from
    }

    fn reset_peak() {
        PEAK.store(Counting::live(), Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Alloc) -> *mut u8 {
        Counting::grew(layout.size());
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Alloc) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Alloc, new_size: usize) -> *mut u8 {
        // Both blocks are live while the old one is copied.
        Counting::grew(new_size);
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The runs measured, as `./scripts/bench --page` names its 100k run: the id and its
/// parameters.
const RUNS: [(&str, &[(&str, &str)]); 2] = [
    // The 100k run of `./scripts/bench --page`.
    (
        "big-response",
        &[("body_bytes", "10000000"), ("mss", "146")],
    ),
    // The longest any scenario makes within the page's `RUN_SEGMENTS`.
    ("browse", &[("body_bytes", "10000000"), ("mss", "64")]),
];

/// The link of `RUNS[which]` (`#s=ID&key=value...`), as a string ending in a NUL byte
/// (`./scripts/bench` checks it against its own list), or null past the end. Leaked.
#[no_mangle]
pub extern "C" fn link(which: u32) -> *const u8 {
    let Some((id, params)) = RUNS.get(which as usize) else {
        return std::ptr::null();
    };
    let mut link = format!("#s={id}");
    for (k, v) in params.iter() {
        link.push_str(&format!("&{k}={v}"));
    }
    link.push('\0');
    link.leak().as_ptr()
}

/// The figures of [`measure`], in this order.
const FIGURES: usize = 12;

/// Runs `RUNS[which]` and answers where its figures are: `FIGURES` numbers (`f64`): the
/// segments; then bytes: the run's peak, the Trace kept without payloads, the layout kept,
/// the layout's peak over what was kept before it, the story kept, its peak, the plot's
/// data kept (with the panel's index), its peak, the peaks of drawing the whole connection
/// and a tenth of it, and the size of one `Segment`. A leaked block: each call makes its
/// own.
#[no_mangle]
pub extern "C" fn measure(which: u32) -> *const f64 {
    let Some((id, params)) = RUNS.get(which as usize) else {
        return std::ptr::null();
    };
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (String::from(*k), String::from(*v)))
        .collect();
    let before_run = Counting::live();
    Counting::reset_peak();
    let Ok(mut trace) = scenario::run_limited(id, &params, Limits::segments(2_000_000)) else {
        return std::ptr::null();
    };
    let run_peak = Counting::peak_since(before_run);
    for s in &mut trace.segments {
        s.payload = Bytes::default();
    }
    // The page makes its lists the size the worker says at once (`whole_run::Sizes`).
    trace.segments.shrink_to_fit();
    trace.timers.shrink_to_fit();
    let trace_kept = Counting::live() - before_run;

    let before = Counting::live();
    Counting::reset_peak();
    let laid = layout(&trace, &Options::default());
    let layout_kept = Counting::live() - before;
    let layout_peak = Counting::peak_since(before);

    let before = Counting::live();
    Counting::reset_peak();
    let story = Story::new(&trace);
    let story_kept = Counting::live() - before;
    let story_peak = Counting::peak_since(before);

    let before = Counting::live();
    Counting::reset_peak();
    let index = PlotIndex::new(&trace);
    let Ok(data) = plot::data_in(&trace, &index, PlotKind::Sequence, None, Default::default())
    else {
        return std::ptr::null();
    };
    let plot_kept = Counting::live() - before;
    let plot_peak = Counting::peak_since(before);
    let before = Counting::live();
    Counting::reset_peak();
    drop(data.window(None));
    let whole_peak = Counting::peak_since(before);
    Counting::reset_peak();
    let tenth = data.t0 + (data.x.1 - data.x.0) / 10;
    drop(data.window(Some((data.t0, tenth))));
    let tenth_peak = Counting::peak_since(before);

    let figures: Box<[f64; FIGURES]> = Box::new([
        trace.segments.len() as f64,
        run_peak as f64,
        trace_kept as f64,
        layout_kept as f64,
        layout_peak as f64,
        story_kept as f64,
        story_peak as f64,
        plot_kept as f64,
        plot_peak as f64,
        whole_peak as f64,
        tenth_peak as f64,
        std::mem::size_of::<wiretrace_core::trace::Segment>() as f64,
    ]);
    drop((data, index, story, laid, trace));
    Box::leak(figures).as_ptr()
}

fn main() {
    let names = [
        "segments",
        "run peak",
        "Trace kept",
        "layout kept",
        "layout peak",
        "story kept",
        "story peak",
        "plot kept",
        "plot peak",
        "plot drawn whole, peak",
        "plot drawn a tenth, peak",
        "size of Segment",
    ];
    for which in 0..RUNS.len() as u32 {
        let p = measure(which);
        // SAFETY: measure answers a leaked block of FIGURES numbers, or null.
        let Some(figures) = (unsafe { p.cast::<[f64; FIGURES]>().as_ref() }) else {
            continue;
        };
        println!("{} {:?}", RUNS[which as usize].0, RUNS[which as usize].1);
        for (name, v) in names.iter().zip(figures) {
            println!("  {name}: {v}");
        }
    }
}
