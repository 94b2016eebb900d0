//! Fuzzing the readers with proptest (nightly cargo-fuzz is not available here): arbitrary
//! bytes and mutations of real pcap, pcapng and tcpdump text files, fed in random chunk
//! sizes. Every input must end in `Ok` or a located `Err` without panicking, in bounded
//! time, and a Trace never holds more than the selection's caps.

use proptest::prelude::*;
use wiretrace_capture::{Extractor, ImportError, Indexer, Location, Selection};

#[path = "common/mutation.rs"]
mod mutation;
use mutation::{cases, fixture, mutate};

/// Checks that an error is located: a byte offset inside what was read so far, printed
/// as `at byte N: ...`, or the whole file only when nothing in it could be used.
fn assert_located(e: &ImportError, read: usize, whole_file_allowed: bool) {
    let text = e.to_string();
    let what = wiretrace_core::i18n::render(wiretrace_core::i18n::Lang::En, &e.what);
    assert!(
        !what.trim().is_empty() && !what.contains('{'),
        "an error says what was wrong: {text:?}"
    );
    match e.at {
        Location::Byte(b) => {
            assert!(
                b <= read as u64,
                "{text:?}: byte {b} is past the {read} bytes read"
            );
            assert_eq!(text, format!("at byte {b}: {what}"));
        }
        Location::Line(l) => {
            assert!(l >= 1, "{text:?}: lines count from 1");
            assert_eq!(text, format!("at line {l}: {what}"));
        }
        // Empty, or no packet to draw: a tcpdump text without one, a pcap or pcapng of its
        // header alone, or of other traffic than TCP and UDP.
        Location::File => assert!(
            whole_file_allowed
                && [
                    "error.capture.empty",
                    "error.capture.no_packets",
                    "error.capture.no_frames",
                    "error.capture.no_tcp_udp",
                ]
                .contains(&e.what.key.as_str()),
            "only an empty file or one without any packet may fail as a whole: {text:?}"
        ),
    }
}

/// Runs both passes over `bytes` in chunks of `chunk` and checks the invariants.
fn run(bytes: &[u8], chunk: usize) {
    let chunk = chunk.max(1);
    let mut sel = Selection::all();
    sel.max_segments = 200;
    sel.max_payload_bytes = 4096;
    let mut ex = Extractor::new("fuzz", sel);
    let mut ix = Indexer::new("fuzz");
    let mut ex_failed = None;
    let mut ix_failed = None;
    let mut read = 0;
    for c in bytes.chunks(chunk) {
        read += c.len();
        if ex_failed.is_none() {
            match ex.feed(c) {
                Ok(p) => assert!(p.bytes <= bytes.len() as u64),
                Err(e) => {
                    assert_located(&e, read, false);
                    ex_failed = Some(e);
                }
            }
        }
        if ix_failed.is_none() {
            if let Err(e) = ix.feed(c) {
                assert_located(&e, read, false);
                ix_failed = Some(e);
            }
        }
    }
    // Both passes read the same way: the same error at the same place, if any.
    assert_eq!(ex_failed, ix_failed);
    let trace = ex.finish();
    let index = ix.finish();
    for e in [trace.as_ref().err(), index.as_ref().err()]
        .into_iter()
        .flatten()
    {
        assert_located(e, bytes.len(), true);
    }
    // Both passes agree on whether the file is readable.
    assert_eq!(trace.is_ok(), index.is_ok());
    if let Ok(t) = trace {
        assert!(t.segments.len() <= 200);
        let payload: usize = t.segments.iter().map(|s| s.payload.0.len()).sum();
        assert!(payload <= 4096 + 2048 * t.segments.len());
        for s in &t.segments {
            assert!((s.conn as usize) < t.connections.len());
            assert!(s.recv_us.is_none_or(|r| r >= s.sent_us));
        }
        // And it serializes.
        serde_json::to_string(&t).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), chunk in 1usize..600) {
        run(&bytes, chunk);
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_header(
        which in 0usize..3,
        tail in proptest::collection::vec(any::<u8>(), 0..2048),
        chunk in 1usize..600,
    ) {
        // Valid pcap, pcapng and text starts followed by garbage.
        let mut bytes = match which {
            0 => fixture("single-get.pcap")[..24].to_vec(),
            1 => {
                let ng = fixture("single-get.pcapng");
                let shb = u32::from_le_bytes([ng[4], ng[5], ng[6], ng[7]]) as usize;
                ng[..shb].to_vec()
            }
            _ => b"12:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: ".to_vec(),
        };
        bytes.extend_from_slice(&tail);
        run(&bytes, chunk);
    }

    #[test]
    fn mutated_real_files(
        which in 0usize..6,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..12),
        cut in proptest::option::of(any::<usize>()),
        chunk in 1usize..4096,
    ) {
        let name = ["single-get.pcap", "single-get.pcapng", "ipv6-any.pcap",
                    "pipelining.tcpdump-A.txt", "handwritten.txt", "keepalive.tcpdump.txt"][which];
        run(&mutate(fixture(name), &edits, cut), chunk);
    }

    #[test]
    fn unicode_text_lines(lines in proptest::collection::vec("\\PC{0,120}", 0..20), chunk in 1usize..64) {
        // Text detection sees UTF-8; any characters around the markers must not split a
        // character when slicing.
        let text: String = lines
            .iter()
            .map(|l| format!("12:00:00.000001 IP 1.2.3.4.5 > 6.7.8.9.10: {l}, length 3\n{l}\n"))
            .collect();
        run(text.as_bytes(), chunk);
    }

    #[test]
    fn tcpdump_lines_from_pieces(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("IP ".to_owned()), Just("IP6 ".to_owned()), Just("10.0.0.1.80".to_owned()),
                Just("::1.443".to_owned()), Just(" > ".to_owned()), Just(": ".to_owned()),
                Just("Flags [S.], ".to_owned()), Just("seq 1:5, ".to_owned()), Just("ack 4294967295, ".to_owned()),
                Just("win 0, ".to_owned()), Just("options [mss 1460,sack 1 {1:2},TS val 1 ecr 2], ".to_owned()),
                Just("length 99999999999".to_owned()), Just("length 4294967295".to_owned()),
                Just("Flags [SF], seq 4294967295:4294967294, ".to_owned()), Just("length 5: HTTP: GET / HTTP/1.1".to_owned()),
                Just("\n".to_owned()), Just("\t0x0000:  4500 0028 ".to_owned()), Just("12:00:00.1 ".to_owned()),
                Just("S 1:1(0) ack 2,ack 1 <mss 1>".to_owned()), Just("UDP, length 3".to_owned()),
                "[ -~]{0,20}",
            ],
            0..40,
        ),
        chunk in 1usize..200,
    ) {
        let text: String = parts.concat();
        run(text.as_bytes(), chunk);
    }
}

/// What `arbitrary_bytes_after_a_valid_header` draws now and then (an empty tail after a
/// pcap or pcapng header): a file of its header alone fails as a whole, and may.
#[test]
fn a_header_alone_fails_as_a_whole_file() {
    let ng = fixture("single-get.pcapng");
    let shb = u32::from_le_bytes([ng[4], ng[5], ng[6], ng[7]]) as usize;
    for header in [&fixture("single-get.pcap")[..24], &ng[..shb]] {
        for chunk in [1, 7, 600] {
            run(header, chunk);
        }
    }
}

#[test]
fn an_endless_line_or_block_does_not_grow_the_buffer_without_end() {
    // 8 MiB of text without a newline: skipped line by line, then "no packet found".
    let mut ex = Extractor::new("long.txt", Selection::all());
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..8 {
        ex.feed(&chunk).unwrap();
    }
    assert!(ex
        .finish()
        .unwrap_err()
        .to_string()
        .contains("no packet found"));
}
