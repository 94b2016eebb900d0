//! The engine's speed in the browser, as the page runs it: simulated segments per second
//! for a long transfer, printed (never asserted: speeds are reported, not tested).
//!
//! Run in headless Chromium with the optimised build and the output shown:
//!
//! ```text
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown \
//!     -p wiretrace-core --test wasm_bench -- --nocapture
//! ```
//!
//! Two workloads, the same as the native criterion bench (`cargo bench -p wiretrace-core`):
//! the `browse` scenario fetching a large page through the whole simulator with every
//! segment recorded and explained in the Trace, and the TCP alone (two endpoints moving
//! 8 MB over an instant link). A debug build runs smaller workloads (its figures mean
//! little) so that a plain `cargo test --target wasm32-unknown-unknown` stays quick.
//! Natively this file compiles to nothing.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use wiretrace_core::scenario;
use wiretrace_core::tcp::{Endpoint, SeqNum, State, TcpConfig};
use wiretrace_core::trace::EventKind;

wasm_bindgen_test_configure!(run_in_browser);

const OPTIMISED: bool = !cfg!(debug_assertions);

/// Runs `work` (which returns the segments it simulated) at least once and until a second
/// has passed; returns (segments per run, runs, milliseconds).
fn measure(mut work: impl FnMut() -> u64) -> (u64, u32, f64) {
    let start = js_sys::Date::now();
    let mut runs = 0;
    loop {
        let segments = work();
        runs += 1;
        let elapsed = js_sys::Date::now() - start;
        if elapsed >= 1_000.0 || runs >= 500 {
            return (segments, runs, elapsed);
        }
    }
}

fn report(name: &str, (segments, runs, ms): (u64, u32, f64)) {
    let rate = (segments * u64::from(runs)) as f64 / (ms / 1_000.0);
    console_log!(
        "wasm ({}) {name}: {segments} segments per run, {runs} runs in {ms:.0} ms: {rate:.0} simulated segments/s",
        if OPTIMISED { "optimised" } else { "debug build" },
    );
}

#[wasm_bindgen_test]
fn browse_a_large_page_through_the_simulator() {
    let body = if OPTIMISED { "4000000" } else { "300000" };
    let params = [("body_bytes", body)];
    let first = scenario::run_with("browse", &params).expect("the workload runs");
    // The workload is what it claims: the whole page crossed, segment by segment.
    let sent: u64 = first
        .segments
        .iter()
        .filter(|s| s.from == "server")
        .map(|s| u64::from(s.len))
        .sum();
    assert!(sent > body.parse::<u64>().unwrap(), "{sent} bytes");
    assert!(first
        .events
        .iter()
        .any(|e| e.kind == EventKind::ResponseReceived));
    let figures = measure(|| {
        let t = scenario::run_with("browse", &params).expect("runs");
        t.segments.len() as u64
    });
    assert_eq!(figures.0, first.segments.len() as u64, "deterministic");
    report(&format!("browse, {body}-byte page, full Trace"), figures);
}

/// Two endpoints move `bytes` over an instant link; returns the segments exchanged.
fn bulk(bytes: usize) -> u64 {
    let (ca, sa) = (
        "10.0.0.1:40000".parse().unwrap(),
        "10.0.0.2:80".parse().unwrap(),
    );
    let cfg = TcpConfig::default();
    let mut c = Endpoint::new(cfg, ca);
    let mut s = Endpoint::new(cfg, sa);
    s.listen(0, SeqNum(7)).unwrap();
    c.connect(0, sa, SeqNum(u32::MAX - 5)).unwrap();
    let data = vec![0x5a; 64 << 10];
    let (mut written, mut read, mut segments, mut now) = (0, 0, 0u64, 0u64);
    while read < bytes {
        now += 100;
        if c.state() == State::Established && written < bytes && c.send_queue() < (1 << 20) {
            let n = (bytes - written).min(data.len());
            written += c.send(now, &data[..n]).unwrap();
        }
        while let Some(t) = c.poll_transmit(now) {
            segments += 1;
            s.handle_segment(now, &t.seg);
        }
        read += s.recv(now, usize::MAX).len();
        while let Some(t) = s.poll_transmit(now) {
            segments += 1;
            c.handle_segment(now, &t.seg);
        }
        while c.poll_event().is_some() {}
        while s.poll_event().is_some() {}
    }
    segments
}

#[wasm_bindgen_test]
fn move_bytes_between_two_endpoints() {
    let bytes = if OPTIMISED { 8 << 20 } else { 1 << 20 };
    let figures = measure(|| bulk(bytes));
    // At least one segment per MSS of data went across, plus the ACKs.
    assert!(figures.0 as usize > bytes / 1460, "{figures:?}");
    report(&format!("TCP alone, {} MB", bytes >> 20), figures);
}
