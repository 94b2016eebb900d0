//! Text fixtures (the seed's three lines, hand-written modern tcpdump output) and bad
//! input: every refusal names where and what was expected, and nothing panics.

use wiretrace_capture::{import, index, to_pcap, Extractor, Location, Selection, Side};
use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{Flag, Proto};

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/captures")
        .join(name);
    std::fs::read(p).unwrap()
}

#[test]
fn the_seed_handshake_reads_with_its_numbers() {
    let t = import("seed.txt", &fixture("seed.txt"), &Selection::all()).unwrap();
    let segs: Vec<_> = t
        .segments
        .iter()
        .map(|s| (s.flags_text(), s.seq, s.ack, s.len))
        .collect();
    assert_eq!(
        segs,
        [
            ("SYN".to_owned(), 3_626_544_836, None, 0),
            ("SYN,ACK".to_owned(), 1_739_326_486, Some(3_626_544_837), 0),
            ("ACK".to_owned(), 3_626_544_837, Some(1_739_326_487), 0),
        ]
    );
    // The lines print no window: the trace says so (not 0), and no window-based tag may
    // come from that.
    assert!(t.segments.iter().all(|s| s.window_unknown && s.window == 0));
    assert!(t.segments.iter().all(|s| s.analysis.is_empty()));
    assert_eq!(t.connections[0].client, "192.168.1.116:3337");
    assert_eq!(t.connections[0].server, "192.168.1.123:7788");
    let states: Vec<_> = t
        .states
        .iter()
        .map(|s| (s.endpoint.as_str(), s.to))
        .collect();
    assert_eq!(
        states,
        [
            ("client", State::SynSent),
            ("server", State::SynReceived),
            ("client", State::Established),
            ("server", State::Established),
        ]
    );
    // No timestamps: an even ladder, each arrow one step long.
    let times: Vec<_> = t
        .segments
        .iter()
        .map(|s| (s.sent_us, s.recv_us.unwrap()))
        .collect();
    assert_eq!(times, [(0, 1000), (1000, 2000), (2000, 3000)]);
    assert!(t.source.as_ref().unwrap().detail.contains("no timestamps"));
}

#[test]
fn the_unknown_window_survives_json_and_becomes_65535_in_a_pcap() {
    let t = import("seed.txt", &fixture("seed.txt"), &Selection::all()).unwrap();
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(json.matches(r#""window_unknown":true"#).count(), 3);
    let back: wiretrace_core::Trace = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    // A pcap must carry a window: the export writes 65535, which reads back as known
    // and tags nothing.
    let pcap = to_pcap(&t, Side::Client);
    let again = import("seed.pcap", &pcap, &Selection::all()).unwrap();
    let wins: Vec<_> = again
        .segments
        .iter()
        .map(|s| (s.window, s.window_unknown))
        .collect();
    assert_eq!(wins, [(65535, false); 3]);
    assert!(again.segments.iter().all(|s| s.analysis.is_empty()));
}

#[test]
fn a_printed_zero_window_is_still_a_zero_window() {
    // Modern and old forms both printing `win 0`: a known zero window, tagged as before.
    // The old-form line after it prints no window: unknown, and no zero window.
    let text = "\
12:00:00.000000 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 100, win 64240, length 0
12:00:00.020000 IP 10.0.0.2.80 > 10.0.0.1.5000: Flags [S.], seq 900, ack 101, win 65160, length 0
12:00:00.040000 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [.], ack 1, win 502, length 0
12:00:00.040100 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [P.], seq 1:19, ack 1, win 502, length 18
12:00:00.060000 IP 10.0.0.2.80 > 10.0.0.1.5000: Flags [.], ack 19, win 0, length 0
12:00:00.070000 IP 10.0.0.1.5000 > 10.0.0.2.80: P 19:37(18) ack 1 win 502
12:00:00.080000 IP 10.0.0.2.80 > 10.0.0.1.5000: . ack 37 win 0
12:00:00.090000 IP 10.0.0.2.80 > 10.0.0.1.5000: . ack 37
";
    let t = import("zero.txt", text.as_bytes(), &Selection::all()).unwrap();
    let got: Vec<_> = t
        .segments
        .iter()
        .map(|s| (s.window, s.window_unknown, s.analysis.clone()))
        .collect();
    use wiretrace_core::trace::Analysis::ZeroWindow;
    assert_eq!(got[4], (0, false, vec![ZeroWindow]), "{got:?}");
    assert_eq!(got[6], (0, false, vec![ZeroWindow]), "{got:?}");
    assert!(got[7].1, "{got:?}");
    assert!(!got[7].2.contains(&ZeroWindow), "{got:?}");
    assert!(got[..4].iter().all(|g| !g.1 && g.2.is_empty()), "{got:?}");
}

#[test]
fn hand_written_modern_lines_in_every_common_form() {
    let t = import(
        "handwritten.txt",
        &fixture("handwritten.txt"),
        &Selection::all(),
    )
    .unwrap();
    let conns: Vec<_> = t
        .connections
        .iter()
        .map(|c| (c.proto, c.client.as_str(), c.server.as_str()))
        .collect();
    assert_eq!(
        conns,
        [
            (Proto::Tcp, "10.0.0.1:5000", "10.0.0.2:80"),
            (Proto::Tcp, "[2001:db8::1]:40000", "[2001:db8::2]:443"),
            (Proto::Tcp, "192.168.0.5:51000", "192.168.0.9:22"),
            (Proto::Tcp, "10.1.1.1:6000", "10.1.1.2:8080"),
            (Proto::Tcp, "laptop.lan:51514", "example.com:80"),
            (Proto::Udp, "10.0.0.1:5353", "10.0.0.2:53"),
            (Proto::Udp, "10.0.0.1:40000", "10.0.0.2:9999"),
            (Proto::Tcp, "10.9.9.9:1234", "10.9.9.8:80"),
            (Proto::Tcp, "192.168.1.5:1025", "192.168.1.6:80"),
        ]
    );
    let c0: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.conn == 0)
        .map(|s| (Flag::to_bits(&s.flags), s.seq, s.ack, s.len))
        .collect();
    assert_eq!(
        c0,
        [
            (0x02, 100, None, 0),
            (0x12, 900, Some(101), 0),
            (0x10, 101, Some(901), 0),
            (0x18, 101, Some(901), 18),
            (0x18, 901, Some(119), 17),
            (0x11, 119, Some(918), 0),
            (0x11, 918, Some(120), 0),
            (0x10, 120, Some(919), 0),
        ]
    );
    let syn = &t.segments[0];
    assert_eq!(
        (syn.options.mss, syn.options.wscale, syn.options.ts),
        (Some(1460), Some(7), Some((1, 0)))
    );
    assert!(syn.options.sack_perm);
    let http: Vec<_> = t
        .segments
        .iter()
        .filter_map(|s| s.http.as_deref())
        .collect();
    assert_eq!(http, ["GET / HTTP/1.1", "HTTP/1.1 200 OK"]);
    // The IPv6 attempt is refused.
    let v6: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.conn == 1)
        .map(|s| s.flags_text())
        .collect();
    assert_eq!(v6, ["SYN", "RST,ACK"]);
    // UDP lengths from `(29)` and `length 12`.
    let udp: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.proto == Proto::Udp)
        .map(|s| s.len)
        .collect();
    assert_eq!(udp, [29, 12]);
    // Old form with relative numbers after the handshake.
    let old: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.conn == 8)
        .map(|s| (s.flags_text(), s.seq, s.ack))
        .collect();
    assert_eq!(
        old,
        [
            ("SYN".to_owned(), 123, None),
            ("SYN,ACK".to_owned(), 555, Some(124)),
            ("ACK".to_owned(), 124, Some(556)),
        ]
    );
    // Host names stay names; the chatter and the ICMP line are ignored, and said so.
    assert!(t.endpoints.iter().any(|e| e.ip == "laptop.lan"));
    let detail = &t.source.as_ref().unwrap().detail;
    assert!(detail.contains("text lines ignored"), "{detail}");
    // Closed by both FINs: client active close, server passive.
    let client: Vec<_> = t
        .states
        .iter()
        .filter(|s| s.conn == Some(0) && s.endpoint == "client")
        .map(|s| s.to)
        .collect();
    assert_eq!(
        client,
        [
            State::SynSent,
            State::Established,
            State::FinWait1,
            State::FinWait2,
            State::TimeWait
        ]
    );
    // The capture sat halfway (20 ms from SYN to SYN+ACK and from SYN+ACK to ACK): each
    // side is 10 ms away, so the client waited one full 40 ms round trip.
    assert_eq!(
        t.segments[1].recv_us.unwrap() - t.segments[0].sent_us,
        40_000
    );
    // One way: 10 ms to the capture point, then about 10 ms on to the server (the smallest
    // request/answer gap seen, 19.9 ms, sets the server's distance).
    let one_way = t.segments[0].recv_us.unwrap() - t.segments[0].sent_us;
    assert!((19_900..=20_000).contains(&one_way), "{one_way}");
}

#[test]
fn lengths_a_text_line_may_print_are_read_without_overflow() {
    // The old form's `first:last(nbytes)` takes nbytes as the length, even when a line
    // edited by hand gives a last below its first (the CI fuzzing found one: 123:122(0)).
    let old = b"12:00:07.000000 192.168.1.5.1025 > 192.168.1.6.80: S 123:122(0) win 512\n\
12:00:07.010000 192.168.1.6.80 > 192.168.1.5.1025: S 555:555(0) ack 124 win 512\n\
12:00:07.020000 192.168.1.5.1025 > 192.168.1.6.80: P 1:19(18) ack 1 win 512\n";
    let t = import("old.txt", old, &Selection::all()).unwrap();
    let lens: Vec<u32> = t.segments.iter().map(|s| s.len).collect();
    assert_eq!(lens, [0, 0, 18]);
    // A modern line may print any length up to u32::MAX, with SYN and FIN on it: the
    // sequence space it covers wraps, as sequence numbers do.
    let modern = b"12:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [SF], seq 4294967295, win 0, length 4294967295\n\
12:00:00.000001 IP 10.0.0.2.2 > 10.0.0.1.1: Flags [.], ack 4294967295, win 0, length 0\n";
    let t = import("big.txt", modern, &Selection::all()).unwrap();
    assert_eq!(t.segments[0].len, u32::MAX);
    // The client's (endpoint 0) SND.NXT after its SYN+FIN.
    let nxt = t
        .tcb
        .iter()
        .filter(|s| s.endpoint == 0)
        .find_map(|s| s.get(wiretrace_core::trace::TcbVar::SndNxt))
        .unwrap();
    // 4294967295 + SYN + 4294967295 + FIN, modulo 2^32.
    assert_eq!(nxt, 0);
}

#[test]
fn a_time_centuries_away_is_read_as_35_years_away() {
    // An 11-digit epoch is a time tcpdump text may hold; 99999999999 s is about 3,100
    // years after the first line. It is read as 2^50 µs (about 35 years) after it, so the
    // Trace's times stay within what a Trace holds and the page can draw it.
    let text =
        b"1700000000.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 1, win 10, length 0\n\
99999999999.000000 IP 10.0.0.2.2 > 10.0.0.1.1: Flags [S.], seq 9, ack 2, win 10, length 0\n";
    let t = import("far.txt", text, &Selection::all()).unwrap();
    assert_eq!(t.check_times(), Ok(()));
    let far = t.segments[1].sent_us.abs_diff(t.segments[0].sent_us);
    // Read 2^50 µs away; how much of that is travel the importer infers, as it does for any
    // answer (here half of it).
    assert_eq!(far, 1 << 49);
    // A worse case a review found: the far times inferred as a distance that moves the
    // start back, and another connection between them (the Trace's end reached 2^53 with
    // a span of 2^51 either way).
    let text =
        b"4503599627.370496 IP 10.0.0.9.9 > 10.0.0.8.8: Flags [S], seq 1, win 10, length 0\n\
0.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 1, win 10, length 0\n\
0.000000 IP 10.0.0.2.2 > 10.0.0.1.1: Flags [S.], seq 9, ack 2, win 10, length 0\n\
9999999999.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 10, win 10, length 0\n\
9999999999.000000 IP 10.0.0.2.2 > 10.0.0.1.1: Flags [.], ack 2, win 10, length 0\n";
    let t = import("far2.txt", text, &Selection::all()).unwrap();
    assert_eq!(t.check_times(), Ok(()));
}

fn err(bytes: &[u8]) -> wiretrace_capture::ImportError {
    import("bad", bytes, &Selection::all()).expect_err("must be refused")
}

#[test]
fn bad_files_are_refused_with_place_and_expectation() {
    let e = err(b"");
    assert!(e.to_string().contains("empty"), "{e}");
    let e = err(&[0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]);
    assert!(e.to_string().contains("gzip"), "{e}");
    let e = err(&[0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x13]);
    assert_eq!(e.at, Location::Byte(0));
    assert!(e.to_string().contains("unknown file format"), "{e}");
    let e = err(b"hello world\nthis is not a capture\n");
    assert!(e.to_string().contains("no packet found"), "{e}");

    // A real pcap cut in the middle of its first packet: nothing readable (one cut later
    // is read to the cut: tests/cut_short.rs).
    let pcap = to_pcap(
        &wiretrace_core::scenario::run("handshake", &[]).unwrap(),
        Side::Client,
    );
    let cut = &pcap[..24 + 16 + 10];
    let e = err(cut);
    assert_eq!(e.at, Location::Byte(24), "{e}");
    assert!(e.to_string().contains("cut short"), "{e}");
    // Only the header.
    let e = err(&pcap[..20]);
    assert!(e.to_string().contains("24"), "{e}");
    // A record claiming 4 GB.
    let mut big = pcap[..24].to_vec();
    big.extend_from_slice(&[
        0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ]);
    let e = err(&big);
    assert_eq!(e.at, Location::Byte(24));
    assert!(e.to_string().contains("expected at most"), "{e}");
    // An unsupported link type (e.g. 802.11 = 105).
    let mut wifi = pcap.clone();
    wifi[20..24].copy_from_slice(&105u32.to_le_bytes());
    let e = err(&wifi);
    assert!(e.to_string().contains("unsupported link type 105"), "{e}");
    // pcapng with a garbage block length.
    let mut ng = fixture("single-get.pcapng");
    let shb_len = u32::from_le_bytes([ng[4], ng[5], ng[6], ng[7]]) as usize;
    ng[shb_len + 4..shb_len + 8].copy_from_slice(&0x7fff_fff0u32.to_le_bytes());
    let e = err(&ng);
    assert_eq!(e.at, Location::Byte(shb_len as u64));
    // Asking for a connection that is not there.
    let e = import("x", &pcap, &Selection::connection(7)).unwrap_err();
    assert!(e.to_string().contains("no connection 7"), "{e}");
}

#[test]
fn chunk_boundaries_do_not_matter() {
    for name in [
        "single-get.pcap",
        "single-get.pcapng",
        "pipelining.tcpdump-A.txt",
        "seed.txt",
    ] {
        let bytes = fixture(name);
        let whole = import(name, &bytes, &Selection::all()).unwrap();
        for size in [1usize, 3, 7, 64, 1000] {
            let mut ex = Extractor::new(name, Selection::all());
            let mut last = 0;
            for c in bytes.chunks(size) {
                let p = ex.feed(c).unwrap();
                assert!(p.bytes >= last && p.bytes <= bytes.len() as u64);
                last = p.bytes;
            }
            let t = ex.finish().unwrap();
            assert_eq!(t, whole, "{name} in chunks of {size}");
        }
    }
}

#[test]
fn selection_by_connection_and_time_and_caps() {
    let bytes = fixture("http10-two-conns.pcap");
    let ix = index("h.pcap", &bytes).unwrap();
    assert_eq!(ix.connections.len(), 2);
    assert_eq!(
        ix.connections[1].first_request.as_deref(),
        Some("GET /record.sh HTTP/1.0")
    );
    let second = import("h.pcap", &bytes, &Selection::connection(1)).unwrap();
    assert_eq!(second.connections.len(), 1);
    assert_eq!(second.connections[0].client, ix.connections[1].client);
    assert!(second
        .source
        .as_ref()
        .unwrap()
        .detail
        .contains("1 of 2 connections shown (1)"));
    // A time range that starts with the second connection.
    let mut sel = Selection::all();
    sel.from_us = Some(ix.connections[1].start_us);
    let later = import("h.pcap", &bytes, &sel).unwrap();
    assert_eq!(later.segments.len() as u64, ix.connections[1].packets);
    // A segment cap, said in the detail.
    let mut sel = Selection::all();
    sel.max_segments = 5;
    let capped = import("h.pcap", &bytes, &sel).unwrap();
    assert_eq!(capped.segments.len(), 5);
    assert!(capped.source.as_ref().unwrap().detail.contains("capped"));
    // A payload cap keeps HTTP recognition.
    let mut sel = Selection::all();
    sel.max_payload_bytes = 10;
    let small = import("h.pcap", &bytes, &sel).unwrap();
    assert_eq!(
        small.segments.iter().filter(|s| s.http.is_some()).count(),
        4
    );
    assert!(small
        .source
        .as_ref()
        .unwrap()
        .detail
        .contains("payload capped"));
}

#[test]
fn a_time_range_that_keeps_no_packet_is_refused() {
    use wiretrace_core::i18n::Lang;
    let bytes = fixture("http10-two-conns.pcap");
    let ix = index("h.pcap", &bytes).unwrap();
    let end = ix.end_us;
    let secs = |us: u64| {
        let s = format!("{}.{:06}", us / 1_000_000, us % 1_000_000);
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let refused = |sel: &Selection| match import("h.pcap", &bytes, sel) {
        Ok(t) => panic!("drew {} segments", t.segments.len()),
        Err(e) => (e.render(Lang::En), e.render(Lang::Zh)),
    };
    // Past the end, open-ended: what `import --from 100` asked of a short capture.
    let mut sel = Selection::all();
    sel.from_us = Some(100_000_000);
    let (en, zh) = refused(&sel);
    assert_eq!(
        en,
        format!(
            "no packet lies 100 s or more after the first one (the capture spans {} s): \
             there is nothing to draw",
            secs(end)
        )
    );
    assert!(zh.contains("100 秒起") && zh.contains(&secs(end)), "{zh}");
    // A closed range past the end.
    sel.to_us = Some(200_500_000);
    let (en, _) = refused(&sel);
    assert!(
        en.starts_with("no packet lies between 100 s and 200.5 s"),
        "{en}"
    );
    // The first connection's packets all come before the second's start: the first alone,
    // from the second's start on, keeps nothing, though the capture has packets there.
    let first_end = ix.connections[0].end_us;
    let second_start = ix.connections[1].start_us;
    assert!(first_end < second_start, "{first_end} {second_start}");
    let mut sel = Selection::connection(0);
    sel.from_us = Some(second_start);
    let (en, zh) = refused(&sel);
    assert_eq!(
        en,
        format!(
            "connection 0 has no packet {} s or more after the capture's first packet \
             (it spans {} s): there is nothing to draw",
            secs(second_start),
            secs(end)
        )
    );
    assert!(zh.contains("连接 0 没有报文"), "{zh}");
    sel.to_us = Some(end);
    let (en, _) = refused(&sel);
    assert!(en.starts_with("connection 0 has no packet between"), "{en}");
    // Every connection named, as the page's picker names what is ticked: all of them.
    let mut sel = Selection::all();
    sel.connections = vec![0, 1];
    sel.from_us = Some(100_000_000);
    assert!(refused(&sel).0.starts_with("no packet lies 100 s or more"));
    // Some of three: multi-client's first two connections end at 0.16 and 0.22 s, the
    // third at 0.28 s.
    let t = wiretrace_core::scenario::run_with("multi-client", &[]).unwrap();
    let three = to_pcap(&t, Side::Client);
    let mut sel = Selection::all();
    sel.connections = vec![0, 1];
    sel.from_us = Some(230_000);
    match import("mc.pcap", &three, &sel) {
        Ok(t) => panic!("drew {} segments", t.segments.len()),
        Err(e) => assert_eq!(
            e.render(Lang::En),
            "no packet of the chosen connections lies 0.23 s or more after the capture's \
             first packet (it spans 0.28 s): there is nothing to draw"
        ),
    }
    // A range that keeps a packet draws it, as before.
    let mut sel = Selection::all();
    sel.from_us = Some(end);
    assert!(!import("h.pcap", &bytes, &sel).unwrap().segments.is_empty());
}

#[test]
fn the_source_detail_is_messages_in_both_languages() {
    use wiretrace_core::i18n::{self, Lang};
    let bytes = fixture("http10-two-conns.pcap");
    let ix = index("h.pcap", &bytes).unwrap();
    // Every part build.rs can add: one connection of two, a time range, both caps.
    let mut sel = Selection::connection(1);
    sel.from_us = Some(ix.connections[1].start_us);
    sel.max_segments = 5;
    sel.max_payload_bytes = 10;
    let open_ended = import("h.pcap", &bytes, &sel).unwrap();
    sel.to_us = Some(ix.end_us);
    let ranged = import("h.pcap", &bytes, &sel).unwrap();
    let whole = import("h.pcap", &bytes, &Selection::all()).unwrap();
    let seed = import("seed.txt", &fixture("seed.txt"), &Selection::all()).unwrap();
    let text = import(
        "handwritten.txt",
        &fixture("handwritten.txt"),
        &Selection::all(),
    );
    let text = text.unwrap();
    for t in [&open_ended, &ranged, &whole, &seed, &text] {
        let src = t.source.as_ref().unwrap();
        assert!(!src.detail_msgs.is_empty(), "{}", src.detail);
        let en: Vec<String> = src
            .detail_msgs
            .iter()
            .map(|m| i18n::render(Lang::En, m))
            .collect();
        assert_eq!(en.join("; "), src.detail);
        for m in &src.detail_msgs {
            for lang in [Lang::En, Lang::Zh] {
                assert!(i18n::template(lang, &m.key).is_some(), "{}", m.key);
                let text = i18n::render(lang, m);
                assert!(!text.contains('{'), "{}: {text}", m.key);
            }
            let zh = i18n::render(Lang::Zh, m);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: {zh}",
                m.key
            );
        }
    }
    let keys = |t: &wiretrace_core::trace::Trace| -> Vec<String> {
        let src = t.source.as_ref().unwrap();
        src.detail_msgs.iter().map(|m| m.key.to_string()).collect()
    };
    assert_eq!(
        keys(&ranged),
        [
            "capture.detail.links",
            "capture.detail.connections-shown",
            "capture.detail.time-range",
            "capture.detail.cap",
            "capture.detail.payload-cap",
            "capture.detail.inferred",
        ]
    );
    assert!(keys(&open_ended).contains(&"capture.detail.time-range-open".to_owned()));
    assert!(keys(&seed).contains(&"capture.detail.no-timestamps".to_owned()));
    assert!(keys(&text).contains(&"capture.detail.text-lines-ignored".to_owned()));
    assert!(keys(&whole).contains(&"capture.detail.connections".to_owned()));

    // The cap's numbers travel as arguments, and read the same in Chinese.
    let src = ranged.source.as_ref().unwrap();
    let cap = src
        .detail_msgs
        .iter()
        .find(|m| m.key == "capture.detail.cap")
        .unwrap();
    assert_eq!(cap.args["kept"], "5");
    let left = cap.args["left"].clone();
    assert!(src.detail.contains(&format!(
        "capped: first 5 segments kept, {left} more left out"
    )));
    assert_eq!(
        i18n::render(Lang::Zh, cap),
        format!("已截断：只保留前 5 个报文段，另有 {left} 个未纳入")
    );
    let zh: Vec<String> = src
        .detail_msgs
        .iter()
        .map(|m| i18n::render(Lang::Zh, m))
        .collect();
    assert!(
        zh.contains(&"显示了 2 个连接中的 1 个（1）".to_owned()),
        "{zh:?}"
    );

    // JSON: the messages round-trip; a Trace written before them still reads (no
    // messages, the English detail kept).
    let json = serde_json::to_string(&ranged).unwrap();
    assert!(json.contains("\"detail_msgs\""));
    let back: wiretrace_core::trace::Trace = serde_json::from_str(&json).unwrap();
    assert_eq!(back, ranged);
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old["source"].as_object_mut().unwrap().remove("detail_msgs");
    let old: wiretrace_core::trace::Trace = serde_json::from_value(old).unwrap();
    let old_src = old.source.unwrap();
    assert!(old_src.detail_msgs.is_empty());
    assert_eq!(old_src.detail, src.detail);
}
