//! The engine's bytes in flight (`Trace::tcb`) against tshark's
//! `tcp.analysis.bytes_in_flight`: for every data segment, on the wire next to its sender
//! (where the sender's view and the capture's agree: its segments leave when sent, the
//! ACKs arrive when they reach it), the value tshark computes for the frame equals the
//! sender's in flight after sending it.
//!
//! tshark counts the data from the last ACK seen to the highest sequence number sent, as
//! the engine does (RFC 5681's FlightSize: the SYN and FIN are no data). Its own rules
//! make two exceptions: it gives no value before it saw an ACK from the other side (those frames
//! are skipped), and it does not count the byte of a zero-window probe, which the engine
//! does (the probe's octet is sent, RFC 9293 3.8.6.1), so probes are skipped too.
//!
//! With SACK, tshark takes away the bytes the receiver's last ACK reported in its first
//! three SACK blocks (an estimate like RFC 6675's pipe; a fourth block, which an ACK
//! without timestamps may carry, is not counted: found on `bottleneck-queue`); the
//! engine's value is FlightSize, so the test takes them away too.
//!
//! One more exception is the pcap's, not tshark's: the simulated link has no serialization
//! delay, so several ACKs can reach the sender in the same microsecond, and the sender
//! answers the first before it reads the next. A pcap can only list frames of one
//! microsecond in one order (the Trace's), ACKs first; a data segment sent in a
//! microsecond in which two ACKs or more arrived is skipped.

mod common;

use std::process::Command;

use common::*;
use wiretrace_capture::{to_pcap, wire_view, Side};
use wiretrace_core::scenario;
use wiretrace_core::trace::{Analysis, Proto, TcbSample, TcbVar, Trace};

/// `frame.number` -> `tcp.analysis.bytes_in_flight`, where tshark gives one.
fn tshark_in_flight(path: &std::path::Path) -> Vec<(u64, Option<u32>)> {
    let out = Command::new("tshark")
        .arg("-r")
        .arg(path)
        .args([
            "-o",
            "tcp.relative_sequence_numbers:FALSE",
            "-o",
            "tcp.track_bytes_in_flight:TRUE",
            "-T",
            "fields",
            "-E",
            "separator=\t",
            "-e",
            "frame.number",
            "-e",
            "tcp.analysis.bytes_in_flight",
        ])
        .output()
        .expect("tshark runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (n, v) = l.split_once('\t').unwrap_or((l, ""));
            (n.parse().unwrap(), v.parse().ok())
        })
        .collect()
}

/// The sender's sample in effect right after it sent segment `id` at `at`: its last one
/// taken by then that no later segment caused.
fn after_sending(trace: &Trace, endpoint: u32, conn: u32, id: u32, at: u64) -> Option<TcbSample> {
    trace
        .tcb
        .iter()
        .filter(|s| s.endpoint == endpoint && s.conn == conn && s.at_us <= at)
        .filter(|s| s.segment().is_none_or(|j| j <= id))
        .last()
}

fn traces() -> Vec<(String, Trace)> {
    let mut out: Vec<(String, Trace)> = scenario::list()
        .iter()
        .map(|s| (s.id.to_owned(), scenario::run_with(s.id, &[]).unwrap()))
        .collect();
    for (id, params) in [
        ("big-response", &[("body_bytes", "300000")][..]),
        (
            "browse",
            &[("body_bytes", "200000"), ("loss", "0.02"), ("sack", "true")][..],
        ),
        ("browse", &[("body_bytes", "200000"), ("loss", "0.02")][..]),
        // A link of 10 Mbit/s: segments and ACKs one after the other, as on a real wire.
        (
            "big-response",
            &[("body_bytes", "500000"), ("bandwidth_kbps", "10000")][..],
        ),
        (
            "browse",
            &[
                ("body_bytes", "300000"),
                ("bandwidth_kbps", "10000"),
                ("loss", "0.02"),
                ("sack", "true"),
            ][..],
        ),
        (
            "browse",
            &[
                ("body_bytes", "300000"),
                ("bandwidth_kbps", "10000"),
                ("delayed_ack_ms", "40"),
                ("loss", "0.01"),
            ][..],
        ),
    ] {
        out.push((
            format!("{id} {params:?}"),
            scenario::run_with(id, params).unwrap(),
        ));
    }
    out
}

#[test]
fn tsharks_bytes_in_flight_is_the_senders_after_each_data_segment() {
    if !tshark_required() {
        return;
    }
    let (mut frames, mut skipped) = (0, 0);
    for (name, trace) in traces() {
        // The ACKs reaching each endpoint of each connection, in arrival order.
        let mut arrived: std::collections::HashMap<
            (u32, &str),
            Vec<&wiretrace_core::trace::Segment>,
        > = Default::default();
        for s in trace
            .segments
            .iter()
            .filter(|s| s.ack.is_some() && s.recv_us.is_some())
        {
            arrived.entry((s.conn, s.to.as_str())).or_default().push(s);
        }
        for v in arrived.values_mut() {
            v.sort_by_key(|s| (s.recv_us, s.id));
        }
        // ACKs reaching each endpoint, per connection and microsecond.
        let mut acks: std::collections::HashMap<(u32, &str, u64), u32> = Default::default();
        for s in trace.segments.iter().filter(|s| s.ack.is_some()) {
            if let Some(at) = s.recv_us {
                *acks.entry((s.conn, s.to.as_str(), at)).or_default() += 1;
            }
        }
        let index = |id: &str| {
            trace
                .endpoints
                .iter()
                .position(|e| e.id == id)
                .map(|i| i as u32)
        };
        for side in [Side::Client, Side::Server] {
            let path = temp_file(
                &format!(
                    "flight-{}-{}.pcap",
                    name.replace([' ', '"', '[', ']', '(', ')', ','], "_"),
                    side.name()
                ),
                &to_pcap(&trace, side),
            );
            let tshark = tshark_in_flight(&path);
            let view = wire_view(&trace, side);
            assert_eq!(tshark.len(), view.len(), "{name}/{side:?}: frames");
            for ((frame, value), v) in tshark.iter().zip(&view) {
                let seg = &trace.segments[v.segment as usize];
                let Some(conn) = trace.connections.get(seg.conn as usize) else {
                    continue;
                };
                // The sender's own wire: its data leaves when it sends it.
                let own = match side {
                    Side::Client => seg.from == conn.client_endpoint,
                    Side::Server => seg.from == conn.server_endpoint,
                };
                let probe = seg.analysis.contains(&Analysis::ZeroWindowProbe);
                if seg.proto != Proto::Tcp
                    || seg.len == 0
                    || !own
                    || probe
                    || v.at_us != seg.sent_us
                {
                    continue;
                }
                let Some(value) = value else { continue };
                if acks
                    .get(&(seg.conn, seg.from.as_str(), seg.sent_us))
                    .is_some_and(|&n| n >= 2)
                {
                    skipped += 1;
                    continue;
                }
                let Some(sender) = index(&seg.from) else {
                    continue;
                };
                let sample = after_sending(&trace, sender, seg.conn, seg.id, seg.sent_us)
                    .unwrap_or_else(|| {
                        panic!(
                            "{name}: no sample of {} before segment {}",
                            seg.from, seg.id
                        )
                    });
                // What the last ACK that reached the sender reported in its first three SACK
                // blocks.
                let sacked: u32 = arrived
                    .get(&(seg.conn, seg.from.as_str()))
                    .and_then(|v| v.iter().rev().find(|a| a.recv_us <= Some(seg.sent_us)))
                    .map(|a| {
                        a.options
                            .sack
                            .iter()
                            .take(3)
                            .map(|(l, r)| r.wrapping_sub(*l))
                            .sum()
                    })
                    .unwrap_or(0);
                assert_eq!(
                    sample.get(TcbVar::InFlight).map(|v| v - sacked),
                    Some(*value),
                    "{name}/{side:?} frame {frame} (segment {} from {}): tshark's bytes in flight",
                    seg.id,
                    seg.from
                );
                frames += 1;
            }
        }
    }
    println!("{frames} data frames compared, {skipped} sent in a microsecond of several ACKs");
    assert!(frames > 1000, "{frames} frames compared, {skipped} skipped");
    report_tshark_frames("the engine's bytes in flight", frames);
}
