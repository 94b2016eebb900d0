//! How long each part of drawing a large run takes, natively:
//! `cargo run --release -p wiretrace-diagram --example timing -- [body_bytes] [mss]`
//! (`-- 10000000 146`: the 100k run of `./scripts/bench`).

use std::time::Instant;

use wiretrace_core::scenario;
use wiretrace_diagram::layout::{layout, Options};
use wiretrace_diagram::scene::{self, Clip, View};
use wiretrace_diagram::story::Story;

fn main() {
    let bytes = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "10000000".to_owned());
    let mss = std::env::args().nth(2);
    let mut params = vec![("body_bytes", bytes.as_str())];
    if let Some(mss) = &mss {
        params.push(("mss", mss.as_str()));
    }
    let t = Instant::now();
    let trace = scenario::run_with("big-response", &params).expect("runs");
    let run = t.elapsed();
    let t = Instant::now();
    let l = layout(&trace, &Options::default());
    let lay = t.elapsed();
    let t = Instant::now();
    let story = Story::new(&trace);
    let st = t.elapsed();
    let view = View {
        shown: trace.segments.len() / 2,
        timers: true,
        travel: false,
        playhead: true,
        hide_future: false,
    };
    let t = Instant::now();
    let mid = l.height / 2.0;
    let parts = scene::body_parts(
        &trace,
        &l,
        &story,
        &view,
        &Clip::rows(mid - 900.0, mid + 1800.0),
    );
    let win = t.elapsed();
    let els: usize = parts.layers().map(|e| e.walk().len()).sum();
    println!(
        "{} segments: run {:?}, layout {:?}, story {:?}, window {:?} ({} elements)",
        trace.segments.len(),
        run,
        lay,
        st,
        win,
        els
    );
}
