use super::draw::{ticks, Geom};
use super::*;
use wiretrace_core::scenario;

fn run(id: &str, params: &[(&str, &str)]) -> Trace {
    scenario::run_with(id, params).unwrap()
}

#[test]
fn the_busiest_connection_and_its_bulk_sender_are_plotted_unless_one_is_named() {
    let t = run("big-response", &[("body_bytes", "100000")]);
    let s = subject(&t, None).unwrap();
    assert_eq!(
        (s.sender.as_str(), s.receiver.as_str()),
        ("server", "client")
    );
    assert_eq!(subject(&t, Some(0)).unwrap(), s);
    assert_eq!(subject(&t, Some(7)), Err(PlotError::NoSuchConnection(7)));
    let udp = run("udp", &[]);
    assert_eq!(subject(&udp, None), Err(PlotError::NoTcp));
}

#[test]
fn the_sequence_graph_has_an_i_bar_per_segment_and_the_ack_line_reaches_the_last_byte() {
    let t = run("big-response", &[("body_bytes", "100000")]);
    let p = build(&t, PlotKind::Sequence, None, Lang::En).unwrap();
    let data: Vec<_> = t
        .segments
        .iter()
        .filter(|s| {
            s.from == "server"
                && (s.len > 0 || s.flags.contains(&Flag::Syn) || s.flags.contains(&Flag::Fin))
        })
        .collect();
    assert_eq!(
        p.bars.len(),
        data.len(),
        "one bar per segment that takes sequence space"
    );
    let covered: f64 = p
        .bars
        .iter()
        .filter(|b| b.kind == BarKind::Data)
        .map(|b| b.y1 - b.y0)
        .sum();
    let bytes: u32 = data.iter().map(|s| s.len).sum();
    // Every byte, plus the SYN and the FIN.
    assert_eq!(covered, f64::from(bytes + 2));
    let ack = p
        .series
        .iter()
        .find(|s| s.key == "plot.series.ack")
        .unwrap();
    let top = ack.points.iter().filter_map(|p| p.1).fold(0.0, f64::max);
    assert_eq!(
        top,
        f64::from(bytes + 2),
        "the last ACK covers the SYN, the data and the FIN"
    );
    let window = p
        .series
        .iter()
        .find(|s| s.key == "plot.series.window")
        .unwrap();
    assert!(window
        .points
        .iter()
        .zip(&ack.points)
        .all(|(w, a)| w.1 >= a.1));
}

#[test]
fn losses_and_retransmissions_are_marked_and_sack_blocks_drawn() {
    let t = run(
        "browse",
        &[("body_bytes", "200000"), ("loss", "0.03"), ("sack", "true")],
    );
    let p = build(&t, PlotKind::Sequence, None, Lang::En).unwrap();
    let count = |k: BarKind| p.bars.iter().filter(|b| b.kind == k).count();
    let lost = t
        .segments
        .iter()
        .filter(|s| s.from == "server" && s.fate == Fate::Dropped && s.len > 0)
        .count();
    assert!(lost > 0);
    assert_eq!(count(BarKind::Lost), lost);
    assert!(count(BarKind::Retransmission) > 0);
    assert!(count(BarKind::Sack) > 0);
}

#[test]
fn the_cwnd_plot_follows_the_samples_and_a_capture_gets_bytes_in_flight_from_its_segments() {
    let t = run("fast-retransmit", &[]);
    let p = build(&t, PlotKind::Cwnd, None, Lang::En).unwrap();
    let cwnd = p
        .series
        .iter()
        .find(|s| s.key == "plot.series.cwnd")
        .unwrap();
    let server = t.endpoints.iter().position(|e| e.id == "server").unwrap() as u32;
    let samples: Vec<_> = t
        .tcb
        .iter()
        .filter(|s| s.endpoint == server && s.conn == 0)
        .collect();
    assert_eq!(cwnd.points.len(), samples.len());
    for (p, s) in cwnd.points.iter().zip(&samples) {
        assert_eq!(p.1, s.get(TcbVar::Cwnd).map(f64::from));
    }
    let ss = p
        .series
        .iter()
        .find(|s| s.key == "plot.series.ssthresh")
        .unwrap();
    assert!(
        ss.points.iter().any(|p| p.1.is_none()),
        "no line before the first loss"
    );
    assert!(
        ss.points.iter().any(|p| p.1.is_some()),
        "fast retransmit sets ssthresh"
    );
    // Without samples (a capture, a version-1 file): bytes in flight from the segments, and
    // they agree with the engine's where it sent data.
    let mut bare = t.clone();
    bare.tcb.clear();
    let q = build(&bare, PlotKind::Cwnd, None, Lang::En).unwrap();
    assert!(q.inferred);
    let flight = &q.series[0];
    assert!(flight
        .points
        .iter()
        .filter_map(|p| p.1)
        .any(|v| v > 10_000.0));
}

#[test]
fn rtt_samples_follow_karn_and_throughput_adds_up_to_the_bytes_delivered() {
    let t = run(
        "big-response",
        &[("body_bytes", "100000"), ("latency_ms", "25")],
    );
    let p = build(&t, PlotKind::Rtt, None, Lang::En).unwrap();
    let rtt = p
        .series
        .iter()
        .find(|s| s.key == "plot.series.rtt")
        .unwrap();
    assert!(rtt.points.len() > 10);
    for (_, v) in &rtt.points {
        // 2 x 25 ms of latency, plus the time to send and a delayed ACK at most.
        let v = v.unwrap();
        assert!((50_000.0..=300_000.0).contains(&v), "{v}");
    }
    let g = build(&t, PlotKind::Throughput, None, Lang::En).unwrap();
    let s = &g.series[0];
    // A bin per round trip (about 50 ms here).
    let width = (s.points[1].0 - s.points[0].0) as f64;
    assert!((40_000.0..=80_000.0).contains(&width), "{width}");
    let bytes: f64 = s
        .points
        .iter()
        .filter_map(|p| p.1)
        .map(|v| v / 8.0 * width / 1e6)
        .sum();
    let data: u32 = t
        .segments
        .iter()
        .filter(|s| s.from == "server")
        .map(|s| s.len)
        .sum();
    // The ACKs cover the data and the FIN.
    assert!(
        (bytes - f64::from(data + 1)).abs() < 2.0,
        "{bytes} against {data}"
    );
}

#[test]
fn a_big_run_is_binned_into_a_bounded_figure() {
    let t = run("big-response", &[("body_bytes", "10000000")]);
    assert!(t.segments.len() > 10_000);
    let p = build(&t, PlotKind::Sequence, None, Lang::En).unwrap();
    assert!(p.bars.len() <= BINS * 4, "{}", p.bars.len());
    let counted: u32 = p
        .bars
        .iter()
        .filter(|b| b.kind == BarKind::Data)
        .map(|b| b.count)
        .sum();
    assert!(counted as usize > 6_000);
    for s in &p.series {
        assert!(
            s.points.len() <= BINS * 4 + 8,
            "{} {}",
            s.key,
            s.points.len()
        );
    }
    let svg = export(&t, PlotKind::Sequence, None, Lang::En).unwrap();
    assert!(svg.len() < 600_000, "{} bytes", svg.len());
}

#[test]
fn ticks_are_round_and_geometry_maps_time_both_ways() {
    assert_eq!(ticks(0.0, 100.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    assert_eq!(ticks(0.0, 7.0, 8), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
    let t = run("browse", &[]);
    let p = build(&t, PlotKind::Sequence, None, Lang::En).unwrap();
    let g = Geom::of(&p);
    for us in [p.x.0, (p.x.0 + p.x.1) / 2, p.x.1] {
        assert!(g.us_of(g.x_of(us)).abs_diff(us) <= (p.x.1 - p.x.0) / 500);
    }
}

#[test]
fn every_plot_of_every_scenario_exports_in_both_languages() {
    for info in scenario::list() {
        let t = run(info.id, &[]);
        for kind in PlotKind::ALL {
            for lang in [Lang::En, Lang::Zh] {
                match export(&t, kind, None, lang) {
                    Ok(svg) => {
                        assert!(svg.contains("<style>") && svg.contains("class=\"wp\""));
                        assert!(!svg.contains("plot."), "{}: a key without text", info.id);
                        assert!(!svg.contains("NaN"), "{} {}", info.id, kind.name());
                    }
                    Err(PlotError::NoTcp) => {
                        assert!(t.connections.iter().all(|c| c.proto != Proto::Tcp))
                    }
                    Err(e) => panic!("{}: {e}", info.id),
                }
            }
        }
    }
}
