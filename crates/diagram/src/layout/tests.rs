use super::labels::label_shapes;
use super::metrics::{Metrics, SMALL_PX};
use super::*;
use crate::fixtures::{browse, lossy, two_connections};
use wiretrace_core::trace::EventKind;

/// Every arrow's words as drawn.
fn texts(t: &Trace, l: &Layout) -> Vec<ArrowText> {
    l.arrows.iter().map(|a| l.text(t, a)).collect()
}

/// Every text of a laid-out figure as capsules, named, for the overlap tests.
fn text_shapes(t: &Trace, l: &Layout) -> Vec<(String, Vec<Capsule>)> {
    let m = Metrics::of(l.compact);
    let mut out: Vec<(String, Vec<Capsule>)> = Vec::new();
    for a in &l.arrows {
        let tx = l.text(t, a);
        out.push((
            format!("arrow {} {:?}", a.segment, tx.label_lines),
            label_shapes(
                &m,
                a.label_at,
                a.dir,
                a.label_align,
                l.compact,
                &tx.label_lines,
                &tx.note_lines,
            ),
        ));
    }
    for s in &l.state_labels {
        let x1 = s.at.x + s.side.dir() * m.state_w(&s.text);
        out.push((
            format!("state {} {}", s.endpoint, s.text),
            vec![Capsule::horizontal(s.at.x, x1, s.at.y, 6.5)],
        ));
    }
    for e in &l.events {
        let x1 = e.badge_at.x + e.side.dir() * e.width;
        out.push((
            format!("event {}", e.label),
            vec![Capsule::horizontal(
                e.badge_at.x,
                x1,
                e.badge_at.y,
                e.height / 2.0,
            )],
        ));
    }
    for t in &l.timers {
        if let Some(p) = t.label_at {
            let w = text_width(t.label, SMALL_PX, 0.52);
            out.push((
                format!("timer {}", t.label),
                vec![Capsule {
                    a: Pt {
                        x: p.x,
                        y: p.y - w / 2.0,
                    },
                    b: Pt {
                        x: p.x,
                        y: p.y + w / 2.0,
                    },
                    r: 6.0,
                }],
            ));
        }
    }
    out
}

fn lay(t: &Trace) -> Layout {
    layout(t, &Options::default())
}

#[test]
fn one_lane_per_endpoint_one_arrow_per_segment() {
    let t = browse();
    let l = lay(&t);
    assert_eq!(l.lanes.len(), 2);
    assert!(l.lanes[0].x < l.lanes[1].x);
    assert_eq!(l.arrows.len(), t.segments.len());
    for (i, a) in l.arrows.iter().enumerate() {
        assert_eq!(a.segment as usize, i);
        assert_eq!(a.end, End::Head);
    }
    assert_eq!(
        l.text(&t, &l.arrows[1]).label,
        "SYN, ACK seq=1739326486 ack=3626544837 len=0"
    );
}

#[test]
fn arrows_slant_down_by_their_transit_and_replies_leave_where_requests_arrive() {
    let t = browse();
    let l = lay(&t);
    let syn = &l.arrows[0];
    let synack = &l.arrows[1];
    assert!(
        l.finish(syn).y > l.start(syn).y + 20.0,
        "transit is visible"
    );
    assert_eq!(
        l.finish(syn).y,
        l.start(synack).y,
        "SYN,ACK leaves where SYN lands"
    );
    assert!(l.start(syn).x < l.finish(syn).x);
    assert!(l.start(synack).x > l.finish(synack).x);
    assert!(syn.angle() > 0.0 && synack.angle() < 0.0);
}

#[test]
fn segments_sent_together_get_separate_rows() {
    let t = browse();
    let l = lay(&t);
    // ACK (2) and GET (3) leave the client at the same microsecond.
    let (ack, get) = (&l.arrows[2], &l.arrows[3]);
    assert!(l.start(get).y - l.start(ack).y >= ROW_GAP - 0.01);
    assert!(l.finish(get).y - l.finish(ack).y >= ROW_GAP - 0.01);
}

#[test]
fn lost_segment_ends_in_a_cross_between_the_lanes() {
    let t = lossy();
    let l = lay(&t);
    let lost = &l.arrows[3];
    assert_eq!(lost.end, End::Lost);
    let (cx, sx) = (l.lanes[0].x, l.lanes[1].x);
    assert!(l.finish(lost).x > cx + 10.0 && l.finish(lost).x < sx - 10.0);
    assert!(l.text(&t, &l.arrows[4]).note.contains("retransmission"));
}

#[test]
fn long_idle_is_compressed_with_a_marked_break() {
    let t = lossy();
    let l = lay(&t);
    assert!(!l.gaps.is_empty());
    assert!(l.gaps.iter().any(|g| g.label.ends_with('s')));
    // 31 s of simulated time fit in a figure a few screens high.
    assert!(l.height < 2_000.0, "height {}", l.height);
}

#[test]
fn states_become_bands_and_labels() {
    let t = browse();
    let l = lay(&t);
    let client: Vec<State> = l
        .bands
        .iter()
        .filter(|b| b.endpoint == "client")
        .map(|b| b.state)
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
    // The band of ESTABLISHED starts where the SYN,ACK arrives.
    let est = l
        .bands
        .iter()
        .find(|b| b.endpoint == "client" && b.state == State::Established)
        .unwrap();
    assert_eq!(est.y0, l.finish(&l.arrows[1]).y);
    assert!(l.state_labels.iter().any(|s| s.text == "LISTEN"));
    // Labels on one lifeline never overlap.
    let mut ys: Vec<f32> = l
        .state_labels
        .iter()
        .filter(|s| s.endpoint == "client")
        .map(|s| s.at.y)
        .collect();
    ys.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert!(ys.windows(2).all(|w| w[1] - w[0] >= 12.9));
}

#[test]
fn timers_sit_beside_their_lifeline() {
    let t = browse();
    let l = lay(&t);
    assert_eq!(l.timers.len(), 2);
    let rto = &l.timers[0];
    assert_eq!(rto.label, "RTO");
    assert!(rto.x < l.lanes[0].x, "outer side of the left lifeline");
    assert!(rto.y1 > rto.y0);
    assert_eq!(
        rto.y1,
        l.finish(&l.arrows[1]).y,
        "cancelled when SYN,ACK lands"
    );
}

#[test]
fn connections_are_told_apart_and_middleboxes_bend_arrows() {
    let t = two_connections();
    let l = lay(&t);
    assert_eq!(l.lanes.len(), 3);
    assert!(l.multi_conn);
    let first = &l.arrows[0];
    let second = &l.arrows[11];
    assert_ne!(l.class(first), l.class(second));
    assert!(
        l.text(&t, second).label.starts_with("#1 "),
        "the Trace id of the second connection"
    );
    assert_eq!(l.points(second).len(), 3, "passes the firewall lifeline");
    assert_eq!(l.points(second)[1].x, l.lanes[1].x);
    // The client's two connections overlap (TIME-WAIT of #0): separate sub-lanes.
    let at = |conn: u32| {
        l.sockets
            .iter()
            .find(|(k, _)| k.0 == "client" && k.1 == Some(conn))
            .map(|(_, x)| *x)
            .unwrap()
    };
    let (a, b) = (at(0), at(1));
    assert_ne!(a, b);
    assert!(l.state_labels.iter().any(|s| s.text == "ESTABLISHED #1"));
}

#[test]
fn empty_trace_lays_out_without_panicking_and_has_a_size() {
    let t = Trace::new(None, None);
    let l = lay(&t);
    assert!(l.arrows.is_empty());
    assert!(l.width > 0.0 && l.height > 0.0);
}

/// Pairs of texts that overlap in a figure.
fn overlaps(t: &Trace, l: &Layout) -> Vec<String> {
    let shapes = text_shapes(t, l);
    let mut out = Vec::new();
    for i in 0..shapes.len() {
        for j in i + 1..shapes.len() {
            let cost: f32 = shapes[i]
                .1
                .iter()
                .flat_map(|a| shapes[j].1.iter().map(move |b| a.overlap(b)))
                .sum();
            if cost > 2.0 {
                out.push(format!("{} / {} ({cost:.1})", shapes[i].0, shapes[j].0));
            }
        }
    }
    out
}

#[test]
fn scenario_figures_keep_their_texts_apart() {
    let mut problems = Vec::new();
    let mut report = Vec::new();
    for info in wiretrace_core::scenario::list() {
        let t = wiretrace_core::scenario::run_with(info.id, &[]).unwrap();
        for (compact, lang) in [(false, Lang::En), (true, Lang::En), (false, Lang::Zh)] {
            let l = layout(
                &t,
                &Options {
                    compact,
                    lang,
                    ..Options::default()
                },
            );
            for o in overlaps(&t, &l) {
                problems.push(format!("{} compact={compact} {lang:?}: {o}", info.id));
            }
            let short = texts(&t, &l)
                .iter()
                .filter(|a| a.label_lines.concat().len() + 4 < a.label.len())
                .count();
            report.push(format!(
                "{} compact={compact} {lang:?}: width {:.0}, {short} of {} labels shortened",
                info.id,
                l.width,
                l.arrows.len()
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn events_are_marked_on_their_lifelines_and_a_cut_link_across_it() {
    let t = wiretrace_core::scenario::run_with("heartbeat", &[]).unwrap();
    let l = lay(&t);
    let kinds: Vec<&str> = l
        .events
        .iter()
        .map(|e| t.events[e.event].kind.as_str())
        .collect();
    for k in [
        "reply-missed",
        "heartbeat-missed",
        "network-down",
        "peer-offline",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    assert!(!kinds.contains(&"heartbeat-sent"), "the arrows tell those");
    for e in &l.events {
        let ev = &t.events[e.event];
        assert_eq!(e.at.y, l.map.y(ev.at_us), "the diamond is at its time");
        let lane = l.lanes.iter().find(|x| x.endpoint == ev.endpoint).unwrap();
        assert!((e.at.x - lane.x).abs() <= BAND_W * 2.0, "on its lifeline");
        assert!(e.badge_at.y >= e.at.y, "a badge only ever moves down");
        assert!(!e.label.contains('{'), "{}", e.label);
    }
    // The link goes down between the client and the server, and stays down.
    assert_eq!(l.links.len(), 1);
    let down = &l.links[0];
    assert_eq!((down.x0, down.x1), (l.lanes[0].x, l.lanes[1].x));
    let cut = t
        .events
        .iter()
        .find(|e| e.kind == EventKind::LinkCut)
        .unwrap();
    assert_eq!(down.y0, l.map.y(cut.at_us));
    assert!(down.restored.is_none() && down.y1 > down.y0);
    assert_eq!(down.label, "link down");
    // Labels follow the language.
    let zh = layout(
        &t,
        &Options {
            lang: Lang::Zh,
            ..Options::default()
        },
    );
    assert_eq!(zh.links[0].label, "链路断开");
}

#[test]
fn a_moment_in_a_silence_gets_its_own_place() {
    // middlebox-idle-timeout: the firewall forgets the flow in the middle of an idle gap.
    let t = wiretrace_core::scenario::run_with("middlebox-idle-timeout", &[]).unwrap();
    let l = lay(&t);
    let mark = l
        .events
        .iter()
        .find(|e| t.events[e.event].kind == EventKind::FlowExpired)
        .expect("the flow expiry is marked");
    assert_eq!(mark.endpoint, "fw");
    for g in &l.gaps {
        assert!(
            mark.badge_at.y + mark.height / 2.0 <= g.y0 + 8.0
                || mark.badge_at.y - mark.height / 2.0 >= g.y1 - 8.0,
            "the badge is not drawn over a break"
        );
    }
}

#[test]
fn compact_figures_fit_a_phone_and_read_in_short_lines() {
    let t = browse();
    let l = layout(
        &t,
        &Options {
            compact: true,
            ..Options::default()
        },
    );
    assert!(
        l.width <= 390.0,
        "a two-lifeline figure fits a phone: {}",
        l.width
    );
    let synack = &l.arrows[1];
    assert_eq!(
        l.text(&t, synack).label_lines,
        ["SYN, ACK len=0", "seq=1739326486", "ack=3626544837"]
    );
    assert!(l.compact && synack.angle() == 0.0);
    // Blocks hang from the sender, one row each: they never meet.
    for w in l.arrows.windows(2) {
        let h = |a: &Arrow| {
            let tx = l.text(&t, a);
            (tx.label_lines.len() + tx.note_lines.len()) as f32 * l.line_height
        };
        let (a, b) = (&w[0], &w[1]);
        assert!(a.label_at.y + h(a) / 2.0 <= b.label_at.y - h(b) / 2.0 + 0.5);
    }
    assert!(l.arrows.iter().all(|a| l.sent(&t, a).chars().count() <= 6));
}

/// The words of a label (sorted), however it is broken into lines.
fn words(lines: &[String]) -> Vec<String> {
    let mut w: Vec<String> = lines
        .iter()
        .flat_map(|l| l.split(' '))
        .map(str::to_owned)
        .collect();
    w.sort();
    w
}

#[test]
fn figures_of_three_lifelines_fit_a_desktop_page_with_whole_labels() {
    // The page shrinks a wide figure to 11/12 at most (labels stay 11 px) in a box of
    // about 980 px on a 1440 px desktop: every lifeline in view means <= 1060 px.
    for id in ["middlebox-idle-timeout", "multi-client", "server-push"] {
        let t = wiretrace_core::scenario::run_with(id, &[]).unwrap();
        for lang in [Lang::En, Lang::Zh] {
            let l = layout(
                &t,
                &Options {
                    lang,
                    ..Options::default()
                },
            );
            assert!(l.lanes.len() >= 3, "{id}");
            assert!(l.width <= 1060.0, "{id} {lang:?}: {} px wide", l.width);
            let mut two = 0;
            assert!(!l.compact, "{id}: labels run along their arrows");
            for a in &texts(&t, &l) {
                // Whole: one line where it fits its leg, else two; never cut short.
                assert!(a.label_lines.len() <= 2, "{id}: {:?}", a.label_lines);
                assert_eq!(
                    words(&a.label_lines),
                    words(std::slice::from_ref(&a.label)),
                    "{id}"
                );
                if a.label_lines.len() == 2 {
                    two += 1;
                    // Flags and length above, the numbers along the arrow.
                    assert!(a.label_lines[0].contains("len="), "{:?}", a.label_lines);
                    assert!(a.label_lines[1].starts_with("seq="), "{:?}", a.label_lines);
                }
            }
            assert!(two > 0, "{id}: the long labels break into two lines");
        }
    }
}

#[test]
fn two_lifeline_figures_keep_their_width_and_one_line_labels() {
    // Widths of the wide figure before figures of 3+ lifelines got narrower columns.
    for (t, width) in [(browse(), 757.2), (lossy(), 764.2)] {
        let l = lay(&t);
        assert!((l.width - width).abs() < 0.1, "{} != {width}", l.width);
    }
    for info in wiretrace_core::scenario::list() {
        let t = wiretrace_core::scenario::run_with(info.id, &[]).unwrap();
        if t.endpoints.len() != 2 {
            continue;
        }
        let l = lay(&t);
        assert!(l.lanes[1].x - l.lanes[0].x >= 320.0, "{}", info.id);
        for a in &texts(&t, &l) {
            assert_eq!(a.label_lines.len(), 1, "{}: {:?}", info.id, a.label_lines);
        }
    }
}

#[test]
fn relative_numbering_changes_labels_only() {
    let t = browse();
    let abs = layout(&t, &Options::default());
    let rel = layout(
        &t,
        &Options {
            numbering: Numbering::Relative,
            ..Options::default()
        },
    );
    assert_eq!(rel.text(&t, &rel.arrows[2]).label, "ACK seq=1 ack=1 len=0");
    assert_eq!(abs.start(&abs.arrows[2]), rel.start(&rel.arrows[2]));
}
