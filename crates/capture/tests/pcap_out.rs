//! Every trace's pcap, read by tshark: no errors (checksums verified), no warnings other
//! than the analysis the trace itself shows, and tshark's seq/ack/len/flags/time equal the
//! Trace's for every frame, on both sides of the path.

mod common;

use common::*;
use wiretrace_capture::{to_pcap, wire_view, Side};
use wiretrace_core::trace::{Analysis, Fate, Flag};

#[test]
fn tshark_reads_every_trace_as_the_trace_says() {
    if !tshark_required() {
        return;
    }
    let traces = all_traces();
    assert!(traces.len() >= 3);
    let mut frames = 0usize;
    for (name, trace) in &traces {
        for side in [Side::Client, Side::Server] {
            let bytes = to_pcap(trace, side);
            let path = temp_file(&format!("{name}-{}.pcap", side.name()), &bytes);
            let rows = tshark(&path);
            let view = wire_view(trace, side);
            assert_eq!(
                rows.len(),
                view.len(),
                "{name}/{side:?}: tshark sees {} frames, the trace puts {} on this wire",
                rows.len(),
                view.len()
            );
            for (row, v) in rows.iter().zip(&view) {
                let seg = &trace.segments[v.segment as usize];
                let at = format!("{name}/{side:?} frame {} (segment {})", row.frame, seg.id);
                assert_eq!(row.time_us, v.at_us, "{at}: time");
                assert_eq!(row.len, seg.len, "{at}: len");
                if seg.proto == wiretrace_core::trace::Proto::Tcp {
                    assert_eq!(row.flags, Flag::to_bits(&seg.flags), "{at}: flags");
                    assert_eq!(row.seq, seg.seq, "{at}: seq");
                    assert_eq!(row.ack, seg.ack, "{at}: ack");
                }
                // Errors: none, except that Wireshark's stream reassembly calls the bytes
                // of a retransmission "overlapping old data" when the original crossed the
                // same wire (the sender's side): an artefact of showing the retransmission.
                let retransmitted = seg.analysis.iter().any(|a| {
                    matches!(
                        a,
                        Analysis::Retransmission
                            | Analysis::FastRetransmission
                            | Analysis::SpuriousRetransmission
                    )
                }) || row.analysis.iter().any(|a| a.contains("retransmission"));
                let overlap = row.expert.iter().any(|m| m.contains("overlaps old data"));
                assert!(
                    row.severity < 4 || (retransmitted && overlap),
                    "{at}: tshark reports an error: {:?}",
                    row.expert
                );
                // Warnings only for analysis the trace shows (or, where the connection lost
                // segments, the gaps that makes visible on one side).
                let conn_lost = trace
                    .segments
                    .iter()
                    .any(|s| s.conn == seg.conn && s.fate != Fate::Delivered);
                let mut allowed = tshark_set(&seg.analysis);
                // In a simultaneous open the SYN+ACK repeats the sender's own SYN sequence
                // number, which Wireshark calls a retransmission.
                let own_syn_before = trace.segments[..seg.id as usize].iter().any(|o| {
                    o.conn == seg.conn
                        && o.from == seg.from
                        && o.has(Flag::Syn)
                        && !o.has(Flag::Ack)
                });
                if seg.has(Flag::Syn) && seg.has(Flag::Ack) && own_syn_before {
                    allowed.push("retransmission".to_owned());
                }
                // Wireshark calls a retransmission fast when two duplicate ACKs of its
                // sequence number went the other way just before it: on the receiver's wire
                // a NewReno partial-ACK repair (a plain retransmission where it is sent)
                // often arrives after such duplicates.
                if !v.near && seg.analysis.contains(&Analysis::Retransmission) {
                    allowed.push("fast_retransmission".to_owned());
                }
                if conn_lost {
                    allowed.extend(
                        [
                            "lost_segment",
                            "ack_lost_segment",
                            "duplicate_ack",
                            "out_of_order",
                        ]
                        .map(String::from),
                    );
                }
                for a in &row.analysis {
                    assert!(
                        allowed.contains(a),
                        "{at}: tshark flags {a} that the trace does not show (trace: {:?}, tshark: {:?})",
                        seg.analysis,
                        row.expert
                    );
                }
                if row.severity == 3 {
                    // Wireshark warns on every RST; a trace with a RST shows it on purpose.
                    let reset = seg.has(Flag::Rst)
                        && row.expert.iter().any(|m| m.contains("Connection reset"));
                    assert!(
                        !row.analysis.is_empty() || reset,
                        "{at}: a warning that is not sequence analysis: {:?}",
                        row.expert
                    );
                }
                frames += 1;
            }
        }
    }
    assert!(frames > 0, "tshark read no frame");
    report_tshark_frames("the pcap writer (seq, ack, len, flags, time, tags)", frames);
}

#[test]
fn the_server_side_shows_what_reached_the_server() {
    let trace = lost_request();
    let client = wire_view(&trace, Side::Client);
    let server = wire_view(&trace, Side::Server);
    // The lost request crossed the client's wire but never reached the server's.
    assert!(client.iter().any(|v| v.segment == 3));
    assert!(server.iter().all(|v| v.segment != 3));
    assert_eq!(client.len(), trace.segments.len());
    assert_eq!(server.len(), trace.segments.len() - 1);
    // On the server side, client segments appear when they arrive.
    let syn = server.iter().find(|v| v.segment == 0).unwrap();
    assert_eq!(syn.at_us, 5_000);
    // The file itself, read record by record without our reader (nor tshark): a classic
    // little-endian pcap of Ethernet frames, one record per frame of the wire view, each
    // stamped with the time the frame passed that side's wire and stored whole.
    for (side, view) in [(Side::Client, &client), (Side::Server, &server)] {
        let bytes = to_pcap(&trace, side);
        let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
        assert_eq!(u32_at(0), 0xa1b2_c3d4, "{side:?}: microsecond pcap magic");
        assert_eq!(
            (bytes[4], bytes[6]),
            (2, 4),
            "{side:?}: version 2.4 (little-endian)"
        );
        assert_eq!(u32_at(20), 1, "{side:?}: link type Ethernet");
        let mut at = 24;
        let mut stamps = Vec::new();
        while at < bytes.len() {
            let (sec, usec, incl, orig) =
                (u32_at(at), u32_at(at + 4), u32_at(at + 8), u32_at(at + 12));
            assert_eq!(incl, orig, "{side:?}: frame {} stored whole", stamps.len());
            stamps.push(u64::from(sec) * 1_000_000 + u64::from(usec));
            at += 16 + incl as usize;
        }
        assert_eq!(at, bytes.len(), "{side:?}: the last record ends the file");
        let want: Vec<u64> = view.iter().map(|v| v.at_us).collect();
        assert_eq!(stamps, want, "{side:?}: one record per frame, at its time");
    }
}

#[test]
fn each_side_of_a_nat_shows_its_own_five_tuple() {
    use wiretrace_capture::{import, Selection};
    let trace = through_nat();
    let client = import("c.pcap", &to_pcap(&trace, Side::Client), &Selection::all()).unwrap();
    let server = import("s.pcap", &to_pcap(&trace, Side::Server), &Selection::all()).unwrap();
    assert_eq!(client.connections[0].client, "192.168.1.10:5000");
    assert_eq!(server.connections[0].client, "203.0.113.1:40000");
    assert_eq!(server.connections[0].server, "198.51.100.7:80");
    assert_eq!(client.segments.len(), server.segments.len());
    // TTLs differ by side (the far side's frames passed the NAT): the bytes differ.
    assert_ne!(to_pcap(&trace, Side::Client), to_pcap(&trace, Side::Server));
}
