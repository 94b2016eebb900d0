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
    let top = ack
        .points
        .iter()
        .filter_map(|p| p.value())
        .fold(0.0, f64::max);
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
        .all(|(w, a)| w.value() >= a.value()));
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
        assert_eq!(p.value(), s.get(TcbVar::Cwnd).map(f64::from));
    }
    let ss = p
        .series
        .iter()
        .find(|s| s.key == "plot.series.ssthresh")
        .unwrap();
    assert!(
        ss.points.iter().any(|p| p.value().is_none()),
        "no line before the first loss"
    );
    assert!(
        ss.points.iter().any(|p| p.value().is_some()),
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
        .filter_map(|p| p.value())
        .any(|v| v > 10_000.0));
}

/// The samples of connections that share blocks of `Trace::tcb` are told apart: each
/// connection's cwnd plot holds its own sender's samples, every one of them.
#[test]
fn each_connections_cwnd_plot_holds_its_own_senders_samples() {
    let t = run("multi-client", &[]);
    let tcp: Vec<u32> = t
        .connections
        .iter()
        .filter(|c| c.proto == Proto::Tcp)
        .map(|c| c.id)
        .collect();
    assert!(tcp.len() > 1, "{tcp:?}");
    // Connections' samples interleave within a block.
    let first: Vec<u32> = t.tcb.block(0).map(|s| s.conn).collect();
    assert!(first.windows(2).any(|w| w[0] != w[1]), "{first:?}");
    for c in tcp {
        let who = subject(&t, Some(c)).unwrap();
        let sender = t.endpoints.iter().position(|e| e.id == who.sender).unwrap() as u32;
        let want: Vec<Option<f64>> = t
            .tcb
            .iter()
            .filter(|s| s.conn == c && s.endpoint == sender)
            .map(|s| s.get(TcbVar::Cwnd).map(f64::from))
            .collect();
        assert!(want.iter().all(Option::is_some), "connection {c}: {want:?}");
        let p = build(&t, PlotKind::Cwnd, Some(c), Lang::En).unwrap();
        let cwnd = p
            .series
            .iter()
            .find(|s| s.key == "plot.series.cwnd")
            .unwrap();
        let got: Vec<Option<f64>> = cwnd.points.iter().map(|p| p.value()).collect();
        assert_eq!(got, want, "connection {c}");
    }
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
    for p in &rtt.points {
        // 2 x 25 ms of latency, plus the time to send and a delayed ACK at most.
        let v = p.value().unwrap();
        assert!((50_000.0..=300_000.0).contains(&v), "{v}");
    }
    let g = build(&t, PlotKind::Throughput, None, Lang::En).unwrap();
    let s = &g.series[0];
    // A bin per round trip (about 50 ms here).
    let width = (s.points[1].t - s.points[0].t) as f64;
    assert!((40_000.0..=80_000.0).contains(&width), "{width}");
    let bytes: f64 = s
        .points
        .iter()
        .filter_map(|p| p.value())
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
    let svg = export(&t, PlotKind::Sequence, None, Lang::En, None).unwrap();
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
                match export(&t, kind, None, lang, None) {
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

#[test]
fn a_window_keeps_what_falls_in_it_carries_step_lines_in_and_fits_the_sequence_numbers() {
    let t = run("big-response", &[("body_bytes", "4000000")]);
    let full = data(&t, PlotKind::Sequence, None, Lang::En).unwrap();
    assert_eq!(
        full.window(None),
        build(&t, PlotKind::Sequence, None, Lang::En).unwrap()
    );
    // The whole connection, or a range that misses it, is the whole plot.
    assert_eq!(full.window(Some(full.x)), full.window(None));
    assert_eq!(full.window(Some((0, full.t0))), full.window(None));
    // A view from the top of the figure to its bottom (the page sends 0 and u64::MAX).
    assert_eq!(full.window(Some((0, u64::MAX))), full.window(None));
    // The middle fifth.
    let span = full.x.1 - full.x.0;
    let (a, b) = (full.x.0 + 2 * span / 5, full.x.0 + 3 * span / 5);
    let w = full.window(Some((a, b)));
    assert_eq!((w.x, w.t0), ((a, b), full.t0));
    // Every data segment sent in the range, and none outside, at full resolution (the
    // whole run is binned: fewer bars than segments).
    let sent = full
        .bars
        .iter()
        .filter(|bar| bar.kind == BarKind::Data && (a..=b).contains(&bar.x))
        .count();
    let whole = full.window(None);
    assert!(
        whole.bars.len() < full.bars.len(),
        "the whole run is binned"
    );
    assert!(sent > 100, "{sent}");
    let drawn: u32 = w
        .bars
        .iter()
        .filter(|bar| bar.kind == BarKind::Data)
        .map(|bar| bar.count)
        .sum();
    assert_eq!(drawn as usize, sent);
    assert!(w.bars.iter().all(|bar| (a..=b).contains(&bar.x)));
    // The ACK line starts at the window's left edge with the value it had there.
    let ack = |p: &Plot| {
        p.series
            .iter()
            .find(|s| s.key == "plot.series.ack")
            .unwrap()
            .points
            .clone()
    };
    let before = ack(&full).into_iter().rfind(|p| p.t < a).unwrap();
    assert_eq!(ack(&w)[0], Point::new(a, before.value()));
    // The y axis fits the sequence numbers in view, far above 0 in the middle of 4 MB.
    let lowest = w
        .bars
        .iter()
        .map(|bar| bar.y0)
        .fold(f64::INFINITY, f64::min);
    assert!(w.y.0 > 1_000_000.0 && w.y.0 <= lowest, "{:?} {lowest}", w.y);
    assert!(w.y.1 < whole.y.1);
    // The cwnd plot of the same range keeps 0 at the bottom.
    let cwnd = data(&t, PlotKind::Cwnd, None, Lang::En)
        .unwrap()
        .window(Some((a, b)));
    assert_eq!(cwnd.y.0, 0.0);
}

/// A time tick label as microseconds ("1.2345s", "97.5ms", "3µs").
fn label_us(label: &str) -> f64 {
    let (num, scale) = if let Some(n) = label.strip_suffix("µs") {
        (n, 1.0)
    } else if let Some(n) = label.strip_suffix("ms") {
        (n, 1e3)
    } else if let Some(n) = label.strip_suffix('s') {
        (n, 1e6)
    } else {
        panic!("{label:?} is not a time")
    };
    num.parse::<f64>().unwrap() * scale
}

/// The texts of the ticks of one axis of a figure.
fn tick_labels(svg: &str, class: &str) -> Vec<String> {
    svg.split(&format!("class=\"{class}\""))
        .skip(1)
        .map(|rest| rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()].to_owned())
        .collect()
}

#[test]
fn the_ticks_of_a_narrow_window_name_their_times_from_the_connection_start() {
    let t = run("big-response", &[("body_bytes", "4000000")]);
    let full = data(&t, PlotKind::Sequence, None, Lang::En).unwrap();
    let a = full.x.0 + (full.x.1 - full.x.0) / 2;
    // Four milliseconds a second and more into the connection (the short form, "1.2s",
    // would name every tick alike), 300 µs, four µs, and 4 ms just past 96.6 ms (where
    // the short form rounds to whole milliseconds).
    for (lo, hi) in [
        (a, a + 4_000),
        (a, a + 300),
        (a, a + 4),
        (full.t0 + 96_600, full.t0 + 100_600),
    ] {
        let w = full.window(Some((lo, hi)));
        let svg = crate::svg::to_string(&draw::figure(&t, &w));
        // Every label is its tick's exact time: evenly spaced, the first at most one step
        // past the window's left edge (counted from the connection's start).
        let times: Vec<f64> = tick_labels(&svg, "wp-tick wp-tick-x")
            .iter()
            .map(|l| label_us(l))
            .collect();
        assert!(times.len() >= 2, "{times:?}");
        let step = times[1] - times[0];
        assert!(step >= 1.0, "{times:?}");
        for pair in times.windows(2) {
            assert!((pair[1] - pair[0] - step).abs() < 1e-6, "{times:?}");
        }
        let left = (lo - full.t0) as f64;
        assert!(
            times[0] >= left - 1e-6 && times[0] <= left + step,
            "{left} {times:?}"
        );
        // The value axis tells its ticks apart too.
        let names = tick_labels(&svg, "wp-tick wp-tick-y");
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }
}

#[test]
fn an_export_draws_a_range_and_names_one_that_misses_the_connection() {
    let t = run("big-response", &[("body_bytes", "1000000")]);
    let whole = export(&t, PlotKind::Cwnd, None, Lang::En, None).unwrap();
    let part = export(&t, PlotKind::Cwnd, None, Lang::En, Some((100_000, 200_000))).unwrap();
    assert_ne!(whole, part);
    let attr = |svg: &str, name: &str| -> u64 {
        let at = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
    };
    let start = attr(&part, "data-start");
    assert_eq!(attr(&whole, "data-start"), start);
    assert_eq!(attr(&whole, "data-t0"), start);
    assert_eq!(
        (attr(&part, "data-t0"), attr(&part, "data-t1")),
        (start + 100_000, start + 200_000)
    );
    let err = export(
        &t,
        PlotKind::Cwnd,
        None,
        Lang::En,
        Some((900_000_000, 900_000_001)),
    );
    assert!(
        matches!(
            err,
            Err(PlotError::OutOfRange {
                range: (900_000_000, 900_000_001),
                ..
            })
        ),
        "{err:?}"
    );
    assert!(err
        .unwrap_err()
        .to_string()
        .contains("900000..900000.001 ms"));
    assert!(export(&t, PlotKind::Cwnd, None, Lang::En, Some((5, 5))).is_err());
}

/// The texts of a class in an SVG, in order.
fn texts_of(svg: &str, class: &str) -> Vec<String> {
    svg.split(&format!("<text class=\"{class}\""))
        .skip(1)
        .map(|s| s[s.find('>').unwrap() + 1..s.find("</text>").unwrap()].to_owned())
        .collect()
}

#[test]
fn a_line_above_the_top_says_how_high_it_goes() {
    // Slow start's large scaled receive window runs along the top of the cwnd plot: the
    // plot gives its highest value, which is the highest SND.WND sample.
    let t = run("slow-start", &[]);
    let p = build(&t, PlotKind::Cwnd, None, Lang::En).unwrap();
    let rwnd = p
        .series
        .iter()
        .find(|s| s.key == "plot.series.rwnd")
        .unwrap();
    let high = rwnd
        .points
        .iter()
        .filter_map(|p| p.value())
        .fold(0.0, f64::max);
    assert!(high > p.y.1, "{high} runs above the top {}", p.y.1);
    let server = t.endpoints.iter().position(|e| e.id == "server").unwrap() as u32;
    let snd_wnd = t
        .tcb
        .iter()
        .filter(|s| s.endpoint == server && s.conn == 0)
        .filter_map(|s| s.get(TcbVar::SndWnd))
        .max()
        .unwrap();
    assert_eq!(high, f64::from(snd_wnd));
    let svg = export(&t, PlotKind::Cwnd, None, Lang::En, None).unwrap();
    assert_eq!(
        texts_of(&svg, "wp-note wp-above"),
        ["↑ peer's window (SND.WND) up to 1.05MB, above the top"]
    );
    // The legend keeps its plain names.
    assert_eq!(
        texts_of(&svg, "wp-legend-name"),
        ["peer's window (SND.WND)", "cwnd", "bytes in flight"]
    );
    let zh = export(&t, PlotKind::Cwnd, None, Lang::Zh, None).unwrap();
    assert_eq!(
        texts_of(&zh, "wp-note wp-above"),
        ["↑ 对端窗口（SND.WND）最高 1.05MB，超出图顶"]
    );
    // RFC 6298's 1 s floor above round trips of 100 ms.
    let rtt = export(&t, PlotKind::Rtt, None, Lang::En, None).unwrap();
    assert_eq!(
        texts_of(&rtt, "wp-note wp-above"),
        ["↑ RTO up to 1s, above the top"]
    );
    // Where every line fits, nothing says so.
    let fits = export(
        &run("congestion-avoidance", &[]),
        PlotKind::Cwnd,
        None,
        Lang::En,
        None,
    )
    .unwrap();
    assert!(texts_of(&fits, "wp-note wp-above").is_empty());
}

#[test]
fn a_point_is_16_bytes_and_a_break_is_no_value() {
    assert_eq!(std::mem::size_of::<Point>(), 16);
    assert_eq!(Point::new(5, None).value(), None);
    assert_eq!(Point::new(5, Some(0.0)).value(), Some(0.0));
    // Breaks compare equal (decimate drops a repeated point), unlike NaNs.
    assert_eq!(Point::new(5, None), Point::new(5, None));
    assert_ne!(Point::new(5, None), Point::new(5, Some(1.0)));
    assert_ne!(Point::new(5, Some(1.0)), Point::new(6, Some(1.0)));
}
