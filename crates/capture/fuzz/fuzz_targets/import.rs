//! Any bytes, split at a fuzzer-chosen point into two chunks, through both passes: the
//! readers must return `Ok` or an error, never panic, and keep to the selection's caps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wiretrace_capture::{Extractor, Indexer, Selection};

fuzz_target!(|data: &[u8]| {
    let split = data
        .first()
        .map_or(0, |b| usize::from(*b) % (data.len() + 1));
    let (a, b) = data.split_at(split);
    let mut ix = Indexer::new("fuzz");
    let indexed = ix
        .feed(a)
        .and_then(|_| ix.feed(b))
        .and_then(|_| ix.finish());
    let mut sel = Selection::all();
    sel.max_segments = 100;
    let mut ex = Extractor::new("fuzz", sel);
    let extracted = ex
        .feed(a)
        .and_then(|_| ex.feed(b))
        .and_then(|_| ex.finish());
    assert_eq!(indexed.is_ok(), extracted.is_ok());
    if let Ok(trace) = extracted {
        assert!(trace.segments.len() <= 100);
    }
});
