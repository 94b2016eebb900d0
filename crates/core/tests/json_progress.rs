//! A Trace read from JSON tells how far it got: its segments, then its TCB samples, every
//! `JSON_PROGRESS_EVERY` and at their end. The hook is set once per program, so this file
//! is a test binary of its own with one test.

use std::sync::Mutex;

use wiretrace_core::scenario;
use wiretrace_core::trace::{on_json_progress, JsonProgress, Trace, JSON_PROGRESS_EVERY};

static HEARD: Mutex<Vec<JsonProgress>> = Mutex::new(Vec::new());

/// What reading `n` items of a kind tells: every step, then `n` unless just told.
fn told(n: usize, what: fn(usize) -> JsonProgress) -> Vec<JsonProgress> {
    let mut out: Vec<JsonProgress> = (1..=n / JSON_PROGRESS_EVERY)
        .map(|k| what(k * JSON_PROGRESS_EVERY))
        .collect();
    if n % JSON_PROGRESS_EVERY != 0 {
        out.push(what(n));
    }
    out
}

/// Reads `trace` back from its JSON; what the hook heard meanwhile, and what was read.
fn heard_reading(trace: &Trace) -> (Vec<JsonProgress>, Trace) {
    let json = serde_json::to_string(trace).unwrap();
    assert!(HEARD.lock().unwrap().is_empty(), "writing tells nothing");
    let read: Trace = serde_json::from_str(&json).unwrap();
    (std::mem::take(&mut *HEARD.lock().unwrap()), read)
}

#[test]
fn a_trace_read_from_json_tells_its_segments_then_its_samples_as_it_reads_them() {
    assert!(on_json_progress(|p| HEARD.lock().unwrap().push(p)));
    assert!(!on_json_progress(|_| {}), "set once for the program");

    // Past two reports of each, not a multiple of the step.
    let mut trace = scenario::run_with(
        "big-response",
        &[("body_bytes", "10000000"), ("mss", "400")],
    )
    .unwrap();
    let (segments, samples) = (trace.segments.len(), trace.tcb.len());
    assert!(segments > 2 * JSON_PROGRESS_EVERY, "{segments} segments");
    assert!(samples > 2 * JSON_PROGRESS_EVERY, "{samples} samples");
    assert_ne!(segments % JSON_PROGRESS_EVERY, 0);
    assert_ne!(samples % JSON_PROGRESS_EVERY, 0);
    let mut want = told(segments, JsonProgress::Segments);
    want.extend(told(samples, JsonProgress::TcbSamples));
    assert_eq!(*want.last().unwrap(), JsonProgress::TcbSamples(samples));
    let (heard, read) = heard_reading(&trace);
    assert_eq!(heard, want);
    assert!(read == trace, "read as it was written");

    // Exactly two steps of each: their last report is not told twice.
    trace.segments.truncate(2 * JSON_PROGRESS_EVERY);
    let kept: wiretrace_core::trace::TcbLog =
        trace.tcb.iter().take(2 * JSON_PROGRESS_EVERY).collect();
    trace.tcb = kept;
    assert_eq!(
        heard_reading(&trace).0,
        [
            JsonProgress::Segments(JSON_PROGRESS_EVERY),
            JsonProgress::Segments(2 * JSON_PROGRESS_EVERY),
            JsonProgress::TcbSamples(JSON_PROGRESS_EVERY),
            JsonProgress::TcbSamples(2 * JSON_PROGRESS_EVERY),
        ]
    );
}
