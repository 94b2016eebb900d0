//! The socket variables the engine records ([`TcbSample`]): change-only, consistent with
//! the segments sent, and following RFC 5681's slow start.

use std::collections::HashMap;

use wiretrace_core::scenario;
use wiretrace_core::trace::{Analysis, Flag, Proto, TcbSample, TcbVar, Trace};

/// Every scenario with its defaults, and a few bulk transfers.
fn runs() -> Vec<(String, Trace)> {
    let mut out: Vec<(String, Trace)> = scenario::list()
        .iter()
        .map(|s| (s.id.to_string(), scenario::run_with(s.id, &[]).unwrap()))
        .collect();
    for (id, params) in [
        ("big-response", &[("body_bytes", "200000")][..]),
        ("browse", &[("body_bytes", "100000"), ("loss", "0.02")][..]),
        ("fast-retransmit", &[][..]),
    ] {
        let t = scenario::run_with(id, params).unwrap();
        out.push((format!("{id} {params:?}"), t));
    }
    out
}

/// Each socket's samples, in record order.
fn by_socket(t: &Trace) -> HashMap<(u32, u32), Vec<TcbSample>> {
    let mut out: HashMap<(u32, u32), Vec<TcbSample>> = HashMap::new();
    for s in &t.tcb {
        out.entry((s.endpoint, s.conn)).or_default().push(s);
    }
    out
}

#[test]
fn every_tcp_connection_has_samples_and_they_are_change_only() {
    for (name, t) in runs() {
        let sockets = by_socket(&t);
        for c in t.connections.iter().filter(|c| c.proto == Proto::Tcp) {
            let sent = t.segments.iter().any(|s| s.conn == c.id);
            let sampled = sockets.keys().any(|&(_, conn)| conn == c.id);
            assert_eq!(sent, sampled, "{name}: connection {}", c.id);
        }
        for ((e, conn), samples) in &sockets {
            assert!((*e as usize) < t.endpoints.len(), "{name}: endpoint {e}");
            for w in samples.windows(2) {
                assert!(
                    !w[0].same_values(&w[1]),
                    "{name}: endpoint {e} connection {conn}: a sample repeats the one before"
                );
                assert!(w[0].at_us <= w[1].at_us, "{name}: samples go back in time");
            }
            for s in samples {
                if let Some(id) = s.segment() {
                    let seg = &t.segments[id as usize];
                    assert_eq!(
                        seg.conn, *conn,
                        "{name}: sample caused by another connection"
                    );
                    assert!(
                        s.at_us == seg.sent_us || Some(s.at_us) == seg.recv_us,
                        "{name}: a sample caused by segment {id} is taken when it left or arrived"
                    );
                }
            }
        }
    }
}

#[test]
fn a_segment_of_new_data_moves_snd_nxt_past_it_and_counts_in_flight() {
    let mut checked = 0;
    for (name, t) in runs() {
        let index: HashMap<&str, u32> = t
            .endpoints
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i as u32))
            .collect();
        let sockets = by_socket(&t);
        for seg in t.segments.iter().filter(|s| s.proto == Proto::Tcp) {
            let Some(samples) = sockets.get(&(index[seg.from.as_str()], seg.conn)) else {
                continue;
            };
            let Some(k) = samples.iter().position(|s| s.segment() == Some(seg.id)) else {
                continue;
            };
            let (s, before) = (samples[k], k.checked_sub(1).map(|j| samples[j]));
            let syn_fin =
                seg.flags.contains(&Flag::Syn) as u32 + seg.flags.contains(&Flag::Fin) as u32;
            let end = seg.seq.wrapping_add(seg.len + syn_fin);
            let una = s.get(TcbVar::SndUna).unwrap();
            let nxt = s.get(TcbVar::SndNxt).unwrap();
            // New data (not a retransmission) after the handshake: SND.NXT is its end, and
            // every octet of data from SND.UNA on is in flight (the FIN is no data).
            let fin = seg.flags.contains(&Flag::Fin) as u32;
            let new = before.is_none_or(|b| {
                let nxt = b.get(TcbVar::SndNxt).unwrap();
                let una = b.get(TcbVar::SndUna).unwrap();
                nxt == seg.seq && b.get(TcbVar::InFlight) == Some(nxt.wrapping_sub(una))
            });
            if seg.len + fin > 0 && !seg.flags.contains(&Flag::Syn) && new {
                assert_eq!(nxt, end, "{name}: segment {} ends at SND.NXT", seg.id);
                assert_eq!(
                    s.get(TcbVar::InFlight),
                    Some(nxt.wrapping_sub(una) - fin),
                    "{name}: segment {}: in flight is SND.NXT - SND.UNA, less a FIN",
                    seg.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "{checked} segments checked");
}

#[test]
fn slow_start_grows_cwnd_by_the_data_acknowledged_up_to_one_mss_per_ack() {
    let mut checked = 0;
    for (name, t) in runs() {
        let index: Vec<&str> = t.endpoints.iter().map(|e| e.id.as_str()).collect();
        for ((e, conn), samples) in by_socket(&t) {
            let smss = t
                .segments
                .iter()
                .filter(|s| s.conn == conn && s.from == index[e as usize])
                .map(|s| s.len)
                .max()
                .unwrap_or(0);
            for w in samples.windows(2) {
                let (a, b) = (w[0], w[1]);
                let (Some(ca), Some(cb)) = (a.get(TcbVar::Cwnd), b.get(TcbVar::Cwnd)) else {
                    continue;
                };
                let arrived = b
                    .segment()
                    .is_some_and(|id| t.segments[id as usize].from != index[e as usize]);
                let unlimited = a.get(TcbVar::Ssthresh) == Some(TcbSample::UNLIMITED);
                if !arrived || !unlimited || a.get(TcbVar::SndUna) == b.get(TcbVar::SndUna) {
                    continue;
                }
                let buf = |s: TcbSample| s.get(TcbVar::SndBuf).unwrap();
                let acked = buf(a) - buf(b);
                assert_eq!(
                    cb - ca,
                    acked.min(smss),
                    "{name}: {} connection {conn}: cwnd {ca} -> {cb} on an ACK of {acked} bytes of data (RFC 5681 3.1)",
                    index[e as usize]
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} ACKs checked");
}

#[test]
fn a_version_1_trace_loads_without_samples_and_a_version_2_one_keeps_them() {
    let t = scenario::run_with("browse", &[]).unwrap();
    assert!(!t.tcb.is_empty());
    let json = serde_json::to_string(&t).unwrap();
    let back: Trace = serde_json::from_str(&json).unwrap();
    assert_eq!(back.tcb, t.tcb);
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    assert_eq!(back.version, 2);
    let mut v1: serde_json::Value = serde_json::from_str(&json).unwrap();
    v1["version"] = 1.into();
    v1.as_object_mut().unwrap().remove("tcb");
    let old: Trace = serde_json::from_value(v1).unwrap();
    assert!(old.tcb.is_empty());
    assert_eq!(old.segments, t.segments);
}

#[test]
fn a_sample_reads_back_from_json_with_only_its_known_values() {
    let mut s = TcbSample::new(5, 1, 2, Some(9)).with(TcbVar::SndUna, Some(7));
    s.set(TcbVar::Ssthresh, Some(TcbSample::UNLIMITED));
    s.set_inferred(true);
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(
        json,
        r#"{"at_us":5,"endpoint":1,"conn":2,"segment":9,"inferred":true,"snd_una":7,"ssthresh":4294967295}"#
    );
    let back: TcbSample = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.get(TcbVar::Cwnd), None);
    // Fields this version does not know are skipped; a null is "not known".
    let other: TcbSample =
        serde_json::from_str(r#"{"conn":2,"at_us":5,"endpoint":1,"later":[1.5],"cwnd":null}"#)
            .unwrap();
    assert_eq!(other, TcbSample::new(5, 1, 2, None));
    for bad in [
        r#"{"at_us":5,"endpoint":1}"#,
        r#"{"at_us":5,"endpoint":1,"conn":2,"cwnd":-1}"#,
    ] {
        assert!(serde_json::from_str::<TcbSample>(bad).is_err(), "{bad}");
    }
    assert_eq!(std::mem::size_of::<TcbSample>(), 80);
}

/// SMSS of `me` in `conn`: the smaller of the MSS each SYN announced, less the room of
/// the timestamps option when both SYNs carried it.
fn smss(t: &Trace, conn: u32, me: &str) -> u32 {
    let syns: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.conn == conn && s.flags.contains(&Flag::Syn))
        .collect();
    let mss = syns
        .iter()
        .filter_map(|s| s.options.mss)
        .map(u32::from)
        .min()
        .unwrap_or(536);
    let ts = syns.iter().filter(|s| s.options.ts.is_some()).count() >= 2;
    let _ = me;
    mss - if ts { 12 } else { 0 }
}

/// Runs with losses found by three duplicate ACKs and by the retransmission timer.
fn lossy() -> Vec<(String, Trace)> {
    let mut out = Vec::new();
    for (id, params) in [
        ("fast-retransmit", &[][..]),
        ("data-loss", &[][..]),
        ("browse", &[("body_bytes", "300000"), ("loss", "0.03")][..]),
        (
            "browse",
            &[("body_bytes", "300000"), ("loss", "0.03"), ("sack", "true")][..],
        ),
        (
            "browse",
            &[
                ("body_bytes", "300000"),
                ("loss", "0.05"),
                ("bandwidth_kbps", "5000"),
            ][..],
        ),
        (
            "big-response",
            &[("body_bytes", "500000"), ("loss", "0.02"), ("seed", "7")][..],
        ),
    ] {
        out.push((
            format!("{id} {params:?}"),
            scenario::run_with(id, params).unwrap(),
        ));
    }
    out
}

/// RFC 5681 from the samples: a loss sets ssthresh = max(FlightSize / 2, 2 SMSS) (equation
/// 4), then fast retransmit sets cwnd = ssthresh + 3 SMSS (3.2 step 2) and a timeout
/// cwnd = 1 SMSS, the loss window (3.1).
#[test]
fn a_loss_halves_the_flight_into_ssthresh_and_sets_cwnd_as_rfc_5681_says() {
    let (mut fast, mut timeout) = (0, 0);
    for (name, t) in lossy() {
        let index: Vec<&str> = t.endpoints.iter().map(|e| e.id.as_str()).collect();
        for ((e, conn), samples) in by_socket(&t) {
            let me = index[e as usize];
            let smss = smss(&t, conn, me);
            for w in samples.windows(2) {
                let (a, b) = (w[0], w[1]);
                let (Some(before), Some(after)) =
                    (a.get(TcbVar::Ssthresh), b.get(TcbVar::Ssthresh))
                else {
                    continue;
                };
                if before == after {
                    continue;
                }
                // What set it: the third duplicate ACK arriving, or the retransmission it
                // made; a timeout, or the retransmission it made.
                let seg = b.segment().map(|id| &t.segments[id as usize]);
                let by_dupacks = seg.is_some_and(|s| {
                    (s.from != me && s.analysis.contains(&Analysis::DuplicateAck))
                        || (s.from == me && s.analysis.contains(&Analysis::FastRetransmission))
                });
                let by_timer = seg
                    .is_none_or(|s| s.from == me && s.analysis.contains(&Analysis::Retransmission));
                assert!(
                    by_dupacks || by_timer,
                    "{name}: {me}: ssthresh set by {seg:?}"
                );
                let flight = a.get(TcbVar::InFlight).unwrap();
                assert_eq!(
                    after,
                    (flight / 2).max(2 * smss),
                    "{name}: {me} connection {conn}: ssthresh after a loss with {flight} bytes in flight"
                );
                let cwnd = b.get(TcbVar::Cwnd).unwrap();
                if by_dupacks {
                    assert_eq!(
                        cwnd,
                        after + 3 * smss,
                        "{name}: {me}: cwnd after fast retransmit"
                    );
                    fast += 1;
                } else {
                    assert_eq!(
                        cwnd, smss,
                        "{name}: {me}: cwnd after a timeout is one segment"
                    );
                    timeout += 1;
                }
            }
        }
    }
    assert!(
        fast >= 5 && timeout >= 1,
        "{fast} fast retransmits, {timeout} timeouts checked"
    );
}

/// The bottleneck story: segments wait in the queue, so the round trip grows while cwnd
/// grows (bufferbloat); a full queue loses segments; a larger queue makes the round trip
/// longer still (and, in slow start, overshoots by more).
#[test]
fn a_filling_bottleneck_queue_stretches_the_round_trip_until_it_drops() {
    let run = |q: &str| {
        let params = [("queue_packets", q), ("body_bytes", "3000000")];
        scenario::run_with("bottleneck-queue", &params).unwrap()
    };
    let t = run("20");
    let lost = |t: &Trace| {
        t.segments
            .iter()
            .filter(|s| s.fate == wiretrace_core::trace::Fate::Dropped)
            .count()
    };
    assert!(lost(&t) > 0, "a full queue drops");
    let srtt = |t: &Trace| {
        let server = t.endpoints.iter().position(|e| e.id == "server").unwrap() as u32;
        let v: Vec<u32> = t
            .tcb
            .iter()
            .filter(|s| s.endpoint == server)
            .filter_map(|s| s.get(TcbVar::SrttUs))
            .collect();
        (*v.iter().min().unwrap(), *v.iter().max().unwrap())
    };
    let (low, high) = srtt(&t);
    // 2 x 20 ms of latency, and up to 20 packets of 1.2 ms each in the queue.
    assert!(low <= 42_000 && high >= 55_000, "SRTT {low}..{high} µs");
    let (_, longer) = srtt(&run("100"));
    assert!(
        longer > high + 10_000,
        "100 packets of queue: SRTT up to {longer} µs; 20 packets: {high} µs"
    );
}
