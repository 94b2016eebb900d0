//! A Trace read from JSON tells how far it got: its segments, then its TCB samples, every
//! `JSON_PROGRESS_EVERY`, and the segments' number at their end. The hook is set once per
//! program, so this file is a test binary of its own with one test.

use std::sync::Mutex;

use wiretrace_core::scenario;
use wiretrace_core::trace::{on_json_progress, JsonProgress, Trace, JSON_PROGRESS_EVERY};

static HEARD: Mutex<Vec<JsonProgress>> = Mutex::new(Vec::new());

#[test]
fn a_trace_read_from_json_tells_its_segments_then_its_samples_as_it_reads_them() {
    assert!(on_json_progress(|p| HEARD.lock().unwrap().push(p)));
    assert!(!on_json_progress(|_| {}), "set once for the program");

    // Past two reports of segments, not a multiple of the step.
    let trace = scenario::run_with(
        "big-response",
        &[("body_bytes", "10000000"), ("mss", "400")],
    )
    .unwrap();
    let (segments, samples) = (trace.segments.len(), trace.tcb.len());
    assert!(segments > 2 * JSON_PROGRESS_EVERY, "{segments} segments");
    assert!(samples > 2 * JSON_PROGRESS_EVERY, "{samples} samples");
    assert_ne!(segments % JSON_PROGRESS_EVERY, 0);
    let json = serde_json::to_string(&trace).unwrap();
    assert!(HEARD.lock().unwrap().is_empty(), "writing tells nothing");

    let read: Trace = serde_json::from_str(&json).unwrap();
    assert_eq!(
        serde_json::to_string(&read).unwrap(),
        json,
        "read as it was written"
    );
    let mut want: Vec<JsonProgress> = (1..=segments / JSON_PROGRESS_EVERY)
        .map(|k| JsonProgress::Segments(k * JSON_PROGRESS_EVERY))
        .collect();
    want.push(JsonProgress::Segments(segments));
    want.extend(
        (1..=samples / JSON_PROGRESS_EVERY)
            .map(|k| JsonProgress::TcbSamples(k * JSON_PROGRESS_EVERY)),
    );
    assert_eq!(*HEARD.lock().unwrap(), want);
}
