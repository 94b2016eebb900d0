//! Captures made with a real kernel (`tests/captures/record.sh`): the import agrees with
//! the committed tshark reading on every segment's flags, seq, ack, length and analysis
//! tags; the tcpdump text renderings of the same packets give the same segments; and the
//! inferred states are the RFC's for who closed first.

use std::path::PathBuf;

use wiretrace_capture::{import, index, Selection};
use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{Analysis, Flag, Proto, Trace};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/captures")
}

fn load(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

struct Row {
    frame: u64,
    flags: u8,
    seq: u32,
    ack: Option<u32>,
    len: u32,
    analysis: Vec<String>,
}

const COLS: [&str; 14] = [
    "retransmission",
    "fast_retransmission",
    "spurious_retransmission",
    "out_of_order",
    "lost_segment",
    "ack_lost_segment",
    "window_update",
    "window_full",
    "keep_alive",
    "keep_alive_ack",
    "duplicate_ack",
    "zero_window",
    "zero_window_probe",
    "zero_window_probe_ack",
];

fn tshark_reading(name: &str) -> Vec<Row> {
    let text = String::from_utf8(load(&format!("{name}.tshark.tsv"))).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let flags = u8::from_str_radix(c[1].trim_start_matches("0x"), 16).unwrap();
            let mut analysis: Vec<String> = COLS
                .iter()
                .enumerate()
                .filter(|(i, _)| c.get(5 + i).is_some_and(|v| !v.is_empty()))
                .map(|(_, n)| (*n).to_owned())
                .collect();
            analysis.sort();
            Row {
                frame: c[0].parse().unwrap(),
                flags,
                seq: c[2].parse().unwrap(),
                ack: if flags & 0x10 != 0 {
                    c[3].parse().ok()
                } else {
                    None
                },
                len: c[4].parse().unwrap(),
                analysis,
            }
        })
        .collect()
}

fn names(tags: &[Analysis]) -> Vec<String> {
    let mut v: Vec<String> = tags
        .iter()
        .flat_map(|a| match a {
            Analysis::Retransmission => vec!["retransmission"],
            Analysis::FastRetransmission => vec!["fast_retransmission", "retransmission"],
            Analysis::SpuriousRetransmission => vec!["spurious_retransmission", "retransmission"],
            Analysis::DuplicateAck => vec!["duplicate_ack"],
            Analysis::KeepAlive => vec!["keep_alive"],
            Analysis::KeepAliveAck => vec!["keep_alive_ack"],
            Analysis::ZeroWindow => vec!["zero_window"],
            Analysis::ZeroWindowProbe => vec!["zero_window_probe"],
            Analysis::ZeroWindowProbeAck => vec!["zero_window_probe_ack"],
            Analysis::WindowUpdate => vec!["window_update"],
            Analysis::WindowFull => vec!["window_full"],
            Analysis::OutOfOrder => vec!["out_of_order"],
            Analysis::LostSegment => vec!["lost_segment"],
            Analysis::AckedUnseen => vec!["ack_lost_segment"],
        })
        .map(str::to_owned)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Who sends the first FIN on each connection (in order), or `None` for no close.
struct Expect {
    name: &'static str,
    connections: usize,
    first_fin_from_client: &'static [Option<bool>],
    http: &'static [&'static str],
}

const CAPTURES: [Expect; 8] = [
    Expect {
        name: "single-get",
        connections: 1,
        first_fin_from_client: &[Some(true)],
        http: &["GET /index.html HTTP/1.1", "HTTP/1.1 200 OK"],
    },
    Expect {
        name: "two-gets-one-conn",
        connections: 1,
        first_fin_from_client: &[Some(true)],
        http: &[
            "GET /a HTTP/1.1",
            "HTTP/1.1 200 OK",
            "GET /b HTTP/1.1",
            "HTTP/1.1 200 OK",
        ],
    },
    Expect {
        name: "http10-two-conns",
        connections: 2,
        first_fin_from_client: &[Some(false), Some(false)],
        http: &[
            "GET /record.sh HTTP/1.0",
            "HTTP/1.0 200 OK",
            "GET /record.sh HTTP/1.0",
            "HTTP/1.0 200 OK",
        ],
    },
    Expect {
        name: "closed-port",
        connections: 1,
        first_fin_from_client: &[None],
        http: &[],
    },
    Expect {
        name: "server-idle-close",
        connections: 1,
        first_fin_from_client: &[Some(false)],
        http: &["GET /idle HTTP/1.1", "HTTP/1.1 200 OK"],
    },
    Expect {
        name: "pipelining",
        connections: 1,
        first_fin_from_client: &[Some(false)],
        http: &[
            "GET /one HTTP/1.1; GET /two HTTP/1.1",
            "HTTP/1.1 200 OK",
            "HTTP/1.1 200 OK",
        ],
    },
    Expect {
        name: "keepalive",
        connections: 1,
        first_fin_from_client: &[Some(true)],
        http: &[],
    },
    Expect {
        name: "ipv6-any",
        connections: 1,
        first_fin_from_client: &[Some(true)],
        http: &["GET /six HTTP/1.1", "HTTP/1.1 200 OK"],
    },
];

fn check_against_tshark(label: &str, trace: &Trace, rows: &[Row], with_analysis: bool) {
    assert_eq!(trace.segments.len(), rows.len(), "{label}: segment count");
    for (seg, row) in trace.segments.iter().zip(rows) {
        let at = format!("{label} frame {}", row.frame);
        assert_eq!(Flag::to_bits(&seg.flags), row.flags, "{at}: flags");
        assert_eq!(seg.seq, row.seq, "{at}: seq");
        assert_eq!(seg.ack, row.ack, "{at}: ack");
        assert_eq!(seg.len, row.len, "{at}: len");
        if with_analysis {
            assert_eq!(names(&seg.analysis), row.analysis, "{at}: analysis");
        }
    }
}

/// Each side's states must be the RFC's sequence for the closing order seen.
fn check_states(label: &str, trace: &Trace, e: &Expect) {
    for (ci, conn) in trace.connections.iter().enumerate() {
        let seq = |ep: &str| -> Vec<State> {
            trace
                .states
                .iter()
                .filter(|s| s.conn == Some(ci as u32) && s.endpoint == ep)
                .map(|s| s.to)
                .collect()
        };
        let client = seq(&conn.client_endpoint);
        let server = seq(&conn.server_endpoint);
        use State::*;
        let open_c = [SynSent, Established];
        let open_s = [SynReceived, Established];
        let active = [FinWait1, FinWait2, TimeWait];
        let passive = [CloseWait, LastAck, Closed];
        let cat = |a: &[State], b: &[State]| [a, b].concat();
        match e.first_fin_from_client[ci] {
            Some(true) => {
                assert_eq!(
                    client,
                    cat(&open_c, &active),
                    "{label} conn {ci}: client states"
                );
                assert_eq!(
                    server,
                    cat(&open_s, &passive),
                    "{label} conn {ci}: server states"
                );
            }
            Some(false) => {
                assert_eq!(
                    client,
                    cat(&open_c, &passive),
                    "{label} conn {ci}: client states"
                );
                assert_eq!(
                    server,
                    cat(&open_s, &active),
                    "{label} conn {ci}: server states"
                );
            }
            None => {
                assert_eq!(client, [SynSent, Closed], "{label}: refused client");
                assert!(server.is_empty(), "{label}: no listener, no server states");
            }
        }
        let first = trace
            .states
            .iter()
            .find(|s| s.conn == Some(ci as u32) && s.endpoint == conn.server_endpoint);
        if let Some(f) = first {
            assert_eq!(f.from, Listen, "{label}: the server starts listening");
        }
        assert!(trace.states.iter().all(|s| s.inferred && s.msg.is_some()));
    }
}

#[test]
fn binary_captures_agree_with_tshark_and_the_rfc() {
    for e in &CAPTURES {
        let rows = tshark_reading(e.name);
        let bytes = load(&format!("{}.pcap", e.name));
        let trace = import(&format!("{}.pcap", e.name), &bytes, &Selection::all())
            .unwrap_or_else(|err| panic!("{}: {err}", e.name));
        check_against_tshark(e.name, &trace, &rows, true);
        assert_eq!(
            trace.connections.len(),
            e.connections,
            "{}: connections",
            e.name
        );
        check_states(e.name, &trace, e);
        let http: Vec<String> = trace
            .segments
            .iter()
            .filter_map(|s| s.http.clone())
            .collect();
        assert_eq!(http, e.http, "{}: HTTP lines", e.name);
        // Every segment explained, in both languages.
        for s in &trace.segments {
            let m = s.message_kept().unwrap();
            let zh = wiretrace_core::i18n::render(wiretrace_core::i18n::Lang::Zh, m);
            assert!(
                !s.explain_en().starts_with("capture.") && !zh.starts_with("capture."),
                "{}: {}",
                e.name,
                m.key
            );
        }
        // The index agrees on the connections.
        let ix = index(e.name, &bytes).unwrap();
        assert_eq!(ix.connections.len(), e.connections);
        assert_eq!(ix.packets, rows.len() as u64);
    }
}

#[test]
fn pcapng_and_linux_cooked_v2_read_the_same_packets() {
    let rows = tshark_reading("single-get");
    let ng = import(
        "single-get.pcapng",
        &load("single-get.pcapng"),
        &Selection::all(),
    )
    .unwrap();
    assert_eq!(ng.source.as_ref().unwrap().kind, "pcapng");
    check_against_tshark("single-get.pcapng", &ng, &rows, true);
    let any = import("ipv6-any.pcap", &load("ipv6-any.pcap"), &Selection::all()).unwrap();
    let detail = &any.source.as_ref().unwrap().detail;
    assert!(detail.contains("Linux cooked"), "{detail}");
    assert!(any.connections[0].client.starts_with("[::1]:"));
}

#[test]
fn tcpdump_text_of_the_same_packets_gives_the_same_segments() {
    for e in &CAPTURES {
        let rows = tshark_reading(e.name);
        let text = load(&format!("{}.tcpdump.txt", e.name));
        let trace = import("x.txt", &text, &Selection::all())
            .unwrap_or_else(|err| panic!("{} text: {err}", e.name));
        assert_eq!(trace.source.as_ref().unwrap().kind, "tcpdump");
        // -tt timestamps have microseconds: the analysis (which uses times) agrees too,
        // except around empty keep-alive probes, whose sequence number tcpdump does not
        // print (they read as plain ACKs).
        let probes = rows
            .iter()
            .any(|r| r.analysis.contains(&"keep_alive".to_owned()));
        if probes {
            let kept: Vec<usize> = (0..rows.len())
                .filter(|&i| {
                    !(rows[i].analysis.contains(&"keep_alive".to_owned()) && rows[i].len == 0)
                })
                .collect();
            for i in kept {
                let (s, r) = (&trace.segments[i], &rows[i]);
                assert_eq!(
                    (Flag::to_bits(&s.flags), s.seq, s.ack, s.len),
                    (r.flags, r.seq, r.ack, r.len),
                    "{} text frame {}",
                    e.name,
                    r.frame
                );
            }
        } else {
            check_against_tshark(&format!("{} text", e.name), &trace, &rows, true);
        }
        check_states(&format!("{} text", e.name), &trace, e);
    }
    // Absolute numbers with dates (-S -tttt).
    let rows = tshark_reading("single-get");
    let t = import(
        "s.txt",
        &load("single-get.tcpdump-S.txt"),
        &Selection::all(),
    )
    .unwrap();
    check_against_tshark("single-get -S -tttt", &t, &rows, true);
}

#[test]
fn tcpdump_ascii_payload_gives_the_http_lines() {
    let t = import(
        "p.txt",
        &load("pipelining.tcpdump-A.txt"),
        &Selection::all(),
    )
    .unwrap();
    let http: Vec<String> = t.segments.iter().filter_map(|s| s.http.clone()).collect();
    assert_eq!(http, CAPTURES[5].http);
    let pipelined = t
        .events
        .iter()
        .filter(|e| e.msg.as_ref().unwrap().key == "capture.http.request-pipelined")
        .count();
    assert_eq!(pipelined, 1, "the second request is pipelined");
}

#[test]
fn keepalive_probes_are_tagged() {
    let t = import("k.pcap", &load("keepalive.pcap"), &Selection::all()).unwrap();
    let probes = t
        .segments
        .iter()
        .filter(|s| s.analysis.contains(&Analysis::KeepAlive))
        .count();
    assert!(probes >= 2, "{probes} keep-alive probes");
    assert!(t.segments.iter().all(|s| s.proto == Proto::Tcp));
    let keys: Vec<&str> = t
        .segments
        .iter()
        .filter_map(|s| s.message_kept().map(|m| m.key.as_str()))
        .collect();
    assert!(keys.contains(&"capture.seg.keep-alive"));
}

#[test]
fn a_pcapng_with_two_interfaces_of_two_link_types() {
    let t = import(
        "two.pcapng",
        &load("two-interfaces.pcapng"),
        &Selection::all(),
    )
    .unwrap();
    assert_eq!(t.connections.len(), 2);
    let mut rows = tshark_reading("single-get");
    rows.extend(tshark_reading("ipv6-any"));
    check_against_tshark("two-interfaces", &t, &rows, true);
    let detail = &t.source.as_ref().unwrap().detail;
    assert!(
        detail.contains("Ethernet") && detail.contains("Linux cooked v2"),
        "{detail}"
    );
}

#[test]
fn every_link_type_decodes_the_same_packets() {
    use pcap_file::pcap::{PcapHeader, PcapPacket, PcapReader, PcapWriter};
    use pcap_file::DataLink;
    let eth = load("single-get.pcap");
    let want = import("eth.pcap", &eth, &Selection::all()).unwrap();
    let mut reader = PcapReader::new(&eth[..]).unwrap();
    let mut frames = Vec::new();
    while let Some(p) = reader.next_packet() {
        let p = p.unwrap();
        frames.push((p.timestamp(), p.data().to_vec()));
    }
    // (link type, header before the IP packet)
    let mut sll = vec![0u8; 16];
    sll[14..16].copy_from_slice(&0x0800u16.to_be_bytes());
    let mut sll2 = vec![0u8; 20];
    sll2[0..2].copy_from_slice(&0x0800u16.to_be_bytes());
    let kinds: [(u32, Vec<u8>, &str); 6] = [
        (101, vec![], "raw IP"),
        (228, vec![], "raw IPv4"),
        (0, 2u32.to_le_bytes().to_vec(), "BSD loopback"),
        (108, 2u32.to_be_bytes().to_vec(), "OpenBSD loopback"),
        (113, sll, "Linux cooked v1"),
        (276, sll2, "Linux cooked v2"),
    ];
    for (lt, head, label) in kinds {
        let header = PcapHeader {
            datalink: DataLink::from(lt),
            ..PcapHeader::default()
        };
        let mut w = PcapWriter::with_header(Vec::new(), header).unwrap();
        for (ts, data) in &frames {
            let mut f = head.clone();
            f.extend_from_slice(&data[14..]);
            w.write_packet(&PcapPacket::new(*ts, f.len() as u32, &f[..]).unwrap())
                .unwrap();
        }
        let bytes = w.into_inner();
        let got = import("x.pcap", &bytes, &Selection::all()).unwrap();
        assert!(
            got.source.as_ref().unwrap().detail.starts_with(label),
            "{label}"
        );
        assert_eq!(got.segments.len(), want.segments.len(), "{label}");
        for (g, w) in got.segments.iter().zip(&want.segments) {
            assert_eq!(
                (&g.flags, g.seq, g.ack, g.len, &g.payload, &g.options),
                (&w.flags, w.seq, w.ack, w.len, &w.payload, &w.options),
                "{label}: segment {}",
                w.id
            );
        }
    }
}

#[test]
fn frames_cut_by_a_snap_length_keep_their_real_lengths() {
    use pcap_file::pcap::{PcapHeader, PcapPacket, PcapReader, PcapWriter};
    let eth = load("single-get.pcap");
    let want = import("eth.pcap", &eth, &Selection::all()).unwrap();
    let mut reader = PcapReader::new(&eth[..]).unwrap();
    let header = PcapHeader {
        snaplen: 96,
        ..reader.header()
    };
    let mut w = PcapWriter::with_header(Vec::new(), header).unwrap();
    while let Some(p) = reader.next_packet() {
        let p = p.unwrap();
        let cut = &p.data()[..p.data().len().min(96)];
        w.write_packet(&PcapPacket::new(p.timestamp(), p.orig_len(), cut).unwrap())
            .unwrap();
    }
    let got = import("cut.pcap", &w.into_inner(), &Selection::all()).unwrap();
    let lens: Vec<u32> = got.segments.iter().map(|s| s.len).collect();
    let want_lens: Vec<u32> = want.segments.iter().map(|s| s.len).collect();
    assert_eq!(lens, want_lens);
    assert!(got.segments.iter().all(|s| s.payload.0.len() <= 96));
    assert!(got
        .source
        .as_ref()
        .unwrap()
        .detail
        .contains("cut by the snap length"));
}

/// A packet's explanation is its note (which words), made from the segment's own fields when
/// read: the same text on the CLI and, after a Trace part from the worker, in the page.
#[test]
fn a_packets_explanation_is_made_from_its_own_fields() {
    use wiretrace_core::i18n::{render, Lang};
    use wiretrace_core::trace::{HeldPart, Segment, WriteHeld};
    let english = |s: &Segment| render(Lang::En, &s.message().unwrap());
    // One of each kind of packet of a plain exchange, over IPv6 (the port is after the last
    // colon).
    let t = import("v6.pcap", &load("ipv6-any.pcap"), &Selection::all()).unwrap();
    let texts: Vec<String> = t.segments[..10].iter().map(english).collect();
    assert_eq!(
        texts,
        [
            "SYN from [::1]:38796: asks to open a connection and announces its initial sequence number 250322952.",
            "SYN+ACK from [::1]:18088: accepts the connection, announces its own initial sequence number 4103639428 and acknowledges 250322953.",
            "ACK from [::1]:38796: everything before byte 4103639429 has arrived.",
            "78 bytes from [::1]:38796 carrying GET /six HTTP/1.1.",
            "ACK from [::1]:18088: everything before byte 250323031 has arrived.",
            "138 bytes from [::1]:18088 carrying HTTP/1.1 200 OK.",
            "ACK from [::1]:38796: everything before byte 4103639567 has arrived.",
            "16 bytes of data from [::1]:18088 (sequence 4103639567 to 4103639583).",
            "ACK from [::1]:38796: everything before byte 4103639583 has arrived.",
            "FIN from [::1]:38796: it has no more data to send; the other direction may still carry data.",
        ]
    );
    let rfcs: Vec<_> = t.segments[..10].iter().map(|s| s.rfc.as_deref()).collect();
    assert_eq!(
        rfcs,
        [
            "9293#3.5", "9293#3.5", "9293#3.4", "9112#3", "9293#3.4", "9112#4", "9293#3.4",
            "9293#3.8", "9293#3.4", "9293#3.6"
        ]
        .map(Some)
    );
    let closed = import("c.pcap", &load("closed-port.pcap"), &Selection::all()).unwrap();
    assert_eq!(
        english(&closed.segments[1]),
        "RST from 127.0.0.1:18084: nothing listens on port 18084, so the connection attempt is refused."
    );
    assert_eq!(closed.segments[1].rfc.as_deref(), Some("9293#3.10.7.1"));
    let k = import("k.pcap", &load("keepalive.pcap"), &Selection::all()).unwrap();
    let probe = k
        .segments
        .iter()
        .find(|s| s.analysis.first() == Some(&Analysis::KeepAlive))
        .unwrap();
    let m = probe.message().unwrap();
    assert_eq!(m.key.as_str(), "capture.seg.keep-alive");
    let args: Vec<(&str, &str)> = m
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (seq, ack, win) = (
        probe.seq.to_string(),
        probe.ack.unwrap().to_string(),
        probe.window.to_string(),
    );
    assert_eq!(
        args,
        [
            ("ack", ack.as_str()),
            ("seq", seq.as_str()),
            ("src", probe.src.as_str()),
            ("win", win.as_str())
        ]
    );

    // Every packet is noted, and a part read back holds the note (no message on the heap)
    // and makes the same message, with the RFC section as the program's text.
    for trace in [&t, &closed, &k] {
        assert!(trace.segments.iter().all(|s| s.msg.note().is_some()));
        let json = serde_json::to_string(&WriteHeld(&trace.segments[..])).unwrap();
        assert!(
            !json.contains("\"key\":"),
            "the part carries the notes, not messages"
        );
        let back: HeldPart<Segment> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.0.len(), trace.segments.len());
        for (b, s) in back.0.iter().zip(&trace.segments) {
            assert_eq!(b.msg.note(), s.msg.note());
            assert_eq!(b.message(), s.message());
            assert!(matches!(b.rfc, Some(std::borrow::Cow::Borrowed(_))));
            assert_eq!(
                serde_json::to_string(b).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }
    // A number that names no note is refused.
    let json = serde_json::to_string(&WriteHeld(&closed.segments[..1])).unwrap();
    let bad = json.replacen("],[4]]", "],[99]]", 1);
    assert_ne!(bad, json, "{json}");
    let e = serde_json::from_str::<HeldPart<Segment>>(&bad).unwrap_err();
    assert!(
        e.to_string().contains("no captured packet's note 99"),
        "{e}"
    );
}
