//! The simulated network end to end: middleboxes (NAT rewriting, idle timeout, drop or
//! reset), the listen backlog, RST for a connection that no longer exists, the user
//! timeout on a cut link, and properties of every Trace under random faults.

// Native only: proptest and smoltcp do not build for wasm32 (tests/wasm.rs runs there).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use wiretrace_core::app::simple::{Closer, Connector};
use wiretrace_core::net::{App, AppCx, AppEvent};
use wiretrace_core::net::{HostSpec, LinkSpec, MiddleboxSpec, OnUnknown, Sim, SockId};
use wiretrace_core::scenario;
use wiretrace_core::tcp::event::CloseReason;
use wiretrace_core::tcp::{State, TcpConfig};
use wiretrace_core::trace::{
    Analysis, EventKind, Fate, Flag, HopAction, Role, TimerKind, TimerOutcome,
};
use wiretrace_core::Trace;

const MS: u64 = 1_000;

/// Checks what every Trace must satisfy.
fn invariants(t: &Trace) {
    // Every explanation has its key in the table, in both languages, with all arguments.
    use wiretrace_core::i18n::{self, Lang};
    for m in common::messages(t) {
        for lang in [Lang::En, Lang::Zh] {
            let text = i18n::render(lang, m);
            assert!(
                i18n::template(lang, &m.key).is_some(),
                "missing key {}",
                m.key
            );
            assert!(
                !text.contains('{'),
                "unfilled placeholder in {}: {text}",
                m.key
            );
        }
    }
    for (i, s) in t.segments.iter().enumerate() {
        assert_eq!(s.id as usize, i);
        assert_eq!(
            s.len as usize,
            s.payload.0.len(),
            "segment {i} carries its bytes"
        );
        if let Some(r) = s.recv_us {
            assert!(r >= s.sent_us);
        }
        assert!(!s.explain_en().is_empty() && s.msg.is_some() && s.rfc.is_some());
        assert!((s.conn as usize) < t.connections.len());
    }
    for w in t.segments.windows(2) {
        assert!(w[0].sent_us <= w[1].sent_us, "send order");
    }
    // Each (endpoint, connection) chain of state changes is continuous and legal.
    let mut last: BTreeMap<(String, Option<u32>), State> = BTreeMap::new();
    for c in &t.states {
        assert!(c.from.can_go_to(c.to), "{} -> {}", c.from, c.to);
        let key = (c.endpoint.clone(), c.conn);
        if let Some(prev) = last.get(&key) {
            // A listener child starts from LISTEN; a new connection from CLOSED.
            assert!(
                *prev == c.from || c.from == State::Listen || c.from == State::Closed,
                "{key:?}: {prev} then {} -> {}",
                c.from,
                c.to
            );
        }
        last.insert(key, c.to);
        if let Some(seg) = c.segment {
            assert!((seg as usize) < t.segments.len());
        }
    }
    // A run cut at the segment cap stops before what was due at that instant: a timer due
    // then is still pending. A run that ends by itself has fired every timer due by its end.
    let truncated = t
        .events
        .iter()
        .any(|e| e.kind == wiretrace_core::trace::EventKind::RunTruncated);
    for tm in &t.timers {
        assert!(tm.deadline_us >= tm.armed_us);
        match tm.outcome {
            TimerOutcome::Fired => assert_eq!(tm.ended_us, Some(tm.deadline_us)),
            TimerOutcome::Cancelled => assert!(tm.ended_us.is_some_and(|e| e <= tm.deadline_us)),
            TimerOutcome::Pending => assert!(
                tm.ended_us.is_none()
                    && (tm.deadline_us > t.end_us || truncated && tm.deadline_us == t.end_us),
                "a pending {:?} timer due at {} in a run ending at {} (cut: {truncated})",
                tm.kind,
                tm.deadline_us,
                t.end_us
            ),
        }
    }
}

/// Found by the extreme-parameter runs: server-push cut at the segment cap in the instant
/// two persist timers were due; they stay pending (the run stopped before that instant's
/// work), which the invariants accept only for a cut run.
#[test]
fn a_run_cut_at_the_cap_keeps_timers_due_at_the_cut_pending() {
    let t = run_capped(
        "server-push",
        &[
            ("latency_ms", "0"),
            ("jitter_ms", "0"),
            ("bandwidth_kbps", "0"),
            ("dup", "1"),
            ("mss", "64"),
            ("rcv_buf", "1"),
            ("wscale", "14"),
            ("sack", "false"),
            ("timestamps", "false"),
            ("delayed_ack_ms", "0"),
            ("msl_ms", "1"),
            ("rto_min_ms", "60000"),
            ("client.isn", "0"),
            ("server.isn", "0"),
        ],
    )
    .expect("runs");
    assert_eq!(t.segments.len(), CAP);
    assert!(t
        .timers
        .iter()
        .any(|tm| tm.outcome == TimerOutcome::Pending && tm.deadline_us == t.end_us));
    invariants(&t);
}

fn nat_world(on_unknown: OnUnknown, hold_us: u64) -> Trace {
    let mut sim = Sim::new("nat-test", 1);
    let c = sim.add_host(HostSpec::client("10.0.0.2:40000".parse().unwrap()));
    let fw = sim.add_middlebox(MiddleboxSpec {
        id: "fw".into(),
        label: "NAT".into(),
        label_key: "endpoint.nat",
        ip: "203.0.113.1".parse().unwrap(),
        nat: true,
        idle_timeout_us: 500 * MS,
        on_unknown,
    });
    let s = sim.add_host(HostSpec::server("198.51.100.7".parse().unwrap()));
    sim.add_link(c, fw, LinkSpec::with_latency(5 * MS));
    sim.add_outside_link(fw, s, LinkSpec::with_latency(20 * MS));
    sim.add_app(s, Closer::new(80, 0));
    sim.add_app(c, Talker::new("198.51.100.7:80".parse().unwrap(), hold_us));
    sim.run(60_000 * MS)
}

/// Connects, sends "ping", waits `hold_us`, sends "ping" again, then closes.
struct Talker {
    remote: std::net::SocketAddr,
    hold_us: u64,
    closed: Option<CloseReason>,
}

impl Talker {
    fn new(remote: std::net::SocketAddr, hold_us: u64) -> Self {
        Talker {
            remote,
            hold_us,
            closed: None,
        }
    }
}

impl App for Talker {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                cx.connect(self.remote);
            }
            AppEvent::Connected(s) => {
                cx.send(s, b"ping");
                cx.after(self.hold_us, u64::from(s.0));
            }
            AppEvent::Timer(t) => {
                let s = SockId(t as u32);
                if cx.state(s) == Some(State::Established) {
                    cx.send(s, b"ping");
                    cx.close(s);
                }
            }
            AppEvent::Closed(_, r) => self.closed = Some(r),
            _ => {}
        }
    }
}

#[test]
fn nat_rewrites_the_client_side_tuple() {
    let t = nat_world(OnUnknown::Drop, 100 * MS);
    invariants(&t);
    assert_eq!(t.endpoints[1].role, Role::Middlebox);
    let conn = &t.connections[0];
    assert_eq!(conn.client, "10.0.0.2:40000");
    let ss = conn.server_side.as_ref().expect("NAT view");
    assert_eq!(ss.client, "203.0.113.1:40000");
    assert_eq!(ss.server, "198.51.100.7:80");
    let syn = &t.segments[0];
    assert_eq!(syn.src, "10.0.0.2:40000");
    assert_eq!(syn.via()[0].src, "203.0.113.1:40000");
    assert_eq!(syn.via()[0].action, HopAction::Forwarded);
    assert_eq!(syn.recv_us, Some(25 * MS));
    let synack = &t.segments[1];
    assert_eq!(synack.dst, "203.0.113.1:40000");
    assert_eq!(synack.via()[0].dst, "10.0.0.2:40000");
    assert_eq!(synack.to, "client");
    // The flow ends with the connection: its last idle timer is cancelled, not fired.
    assert!(t.events.iter().all(|e| e.kind != EventKind::FlowExpired));
    assert!(t
        .timers
        .iter()
        .any(|x| x.kind == TimerKind::IdleTimeout && x.outcome == TimerOutcome::Cancelled));
}

#[test]
fn a_forgotten_flow_is_dropped_or_reset() {
    // Idle 2 s > the 500 ms timeout: the middlebox forgets the flow.
    let dropped = nat_world(OnUnknown::Drop, 2_000 * MS);
    invariants(&dropped);
    assert!(dropped
        .events
        .iter()
        .any(|e| e.kind == EventKind::FlowExpired));
    let lost: Vec<_> = dropped
        .segments
        .iter()
        .filter(|s| s.fate == Fate::DroppedByMiddlebox)
        .collect();
    assert!(!lost.is_empty());
    assert!(lost.iter().all(|s| s.via()[0].action == HopAction::Dropped));
    // The data and FIN written after the silence, then their retransmissions, all vanish.
    let rtx = lost
        .iter()
        .filter(|s| s.analysis.contains(&Analysis::Retransmission))
        .count();
    assert!(rtx >= 3 && rtx + 2 == lost.len(), "{rtx} of {}", lost.len());

    let reset = nat_world(OnUnknown::Reset, 2_000 * MS);
    invariants(&reset);
    let rst = reset
        .segments
        .iter()
        .find(|s| s.from == "fw")
        .expect("the middlebox answers with RST");
    assert!(rst.flags.contains(&Flag::Rst));
    assert_eq!(rst.to, "client");
    assert_eq!(rst.src, "198.51.100.7:80", "in the server's name");
    let client_end = reset
        .states
        .iter()
        .rfind(|c| c.endpoint == "client")
        .unwrap();
    assert_eq!(client_end.to, State::Closed);
    assert_eq!(client_end.segment, Some(rst.id));
}

#[test]
fn a_lost_final_ack_after_time_wait_meets_a_rst() {
    // The final ACK (segment 10) is lost and TIME-WAIT lasts only 2 ms: when the server's
    // FIN comes again the connection no longer exists on the client, which resets it.
    let t = scenario::run_with("browse", &[("drop", "10"), ("msl_ms", "1")]).unwrap();
    invariants(&t);
    assert_eq!(t.segments[10].fate, Fate::Dropped);
    let again = &t.segments[11];
    assert_eq!(
        (again.from.as_str(), again.flags_text().as_str()),
        ("server", "FIN,ACK")
    );
    assert!(again.analysis.contains(&Analysis::Retransmission));
    let rst = &t.segments[12];
    assert_eq!(
        (rst.from.as_str(), rst.flags_text().as_str()),
        ("client", "RST")
    );
    assert_eq!(rst.seq, again.ack.unwrap());
    assert_eq!(rst.message_kept().unwrap().key, "seg.rst.no_connection");
    let last = t.states.last().unwrap();
    assert_eq!(
        (last.endpoint.as_str(), last.from, last.to),
        ("server", State::LastAck, State::Closed)
    );
}

#[test]
fn the_backlog_holds_back_a_third_half_open_connection() {
    let mut sim = Sim::new("backlog", 3);
    let server = sim.add_host(HostSpec::server("10.0.0.1".parse().unwrap()));
    sim.add_app(server, Acceptor { backlog: 2 });
    for i in 0..3u8 {
        let mut h = HostSpec::client(format!("10.0.1.{}:5000", i + 1).parse().unwrap());
        h.id = format!("client{}", i + 1);
        let c = sim.add_host(h);
        // Slow links: the three handshakes are half open at the same time.
        sim.add_link(c, server, LinkSpec::with_latency(50 * MS));
        sim.add_app_at(
            c,
            Connector::new("10.0.0.1:80".parse().unwrap(), 10 * MS),
            u64::from(i) * MS,
        );
    }
    let t = sim.run(60_000 * MS);
    invariants(&t);
    assert!(t.events.iter().any(|e| e.kind == EventKind::BacklogFull));
    // The refused SYN is sent again and accepted later: three connections end normally.
    let established = t
        .states
        .iter()
        .filter(|c| c.endpoint == "server" && c.to == State::Established)
        .count();
    assert_eq!(established, 3);
    // One listener, still in LISTEN.
    let listener: Vec<_> = t.states.iter().filter(|c| c.conn.is_none()).collect();
    assert_eq!(listener.len(), 1);
    assert_eq!(listener[0].to, State::Listen);
    assert_eq!(t.connections.len(), 3);
}

/// Listens with a small backlog and closes each connection after the peer's FIN.
struct Acceptor {
    backlog: u32,
}

impl App for Acceptor {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                cx.listen(80, self.backlog);
            }
            AppEvent::PeerClosed(s) => cx.close(s),
            _ => {}
        }
    }
}

#[test]
fn the_user_timeout_gives_up_on_a_cut_link() {
    let mut sim = Sim::new("user-timeout", 1);
    let mut ch = HostSpec::client("10.0.0.2:40000".parse().unwrap());
    ch.tcp = TcpConfig {
        user_timeout_us: Some(5_000 * MS),
        ..TcpConfig::default()
    };
    let c = sim.add_host(ch);
    let s = sim.add_host(HostSpec::server("10.0.0.1".parse().unwrap()));
    sim.add_link(
        c,
        s,
        LinkSpec {
            cut_at_us: Some(100 * MS),
            ..LinkSpec::with_latency(10 * MS)
        },
    );
    sim.add_app(s, Closer::new(80, 0));
    sim.add_app(c, Talker::new("10.0.0.1:80".parse().unwrap(), 200 * MS));
    let t = sim.run(600_000 * MS);
    invariants(&t);
    let ut = t
        .timers
        .iter()
        .find(|x| x.kind == TimerKind::UserTimeout && x.outcome == TimerOutcome::Fired)
        .expect("the user timeout fires");
    assert_eq!(ut.deadline_us - ut.armed_us, 5_000 * MS);
    let end = t.states.iter().rfind(|c| c.endpoint == "client").unwrap();
    assert_eq!((end.from, end.to), (State::FinWait1, State::Closed));
    assert_eq!(end.at_us, ut.deadline_us);
    assert!(t
        .segments
        .iter()
        .filter(|s| s.sent_us > 100 * MS)
        .all(|s| s.fate == Fate::Dropped));
}

/// A client talking to a server over a link that goes down at `cut_ms` and comes back at
/// `restore_ms`.
fn talk_over_a_cut(cut_ms: u64, restore_ms: Option<u64>) -> Trace {
    let mut sim = Sim::new("link-cut", 1);
    let c = sim.add_host(HostSpec::client("10.0.0.2:40000".parse().unwrap()));
    let s = sim.add_host(HostSpec::server("10.0.0.1".parse().unwrap()));
    sim.add_link(
        c,
        s,
        LinkSpec {
            cut_at_us: Some(cut_ms * MS),
            restore_at_us: restore_ms.map(|r| r * MS),
            ..LinkSpec::with_latency(10 * MS)
        },
    );
    sim.add_app(s, Closer::new(80, 0));
    sim.add_app(c, Talker::new("10.0.0.1:80".parse().unwrap(), 200 * MS));
    let t = sim.run(600_000 * MS);
    invariants(&t);
    t
}

#[test]
fn the_network_tells_when_a_link_goes_down_and_comes_back() {
    let t = talk_over_a_cut(100, Some(2_500));
    let told: Vec<_> = t
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::LinkCut | EventKind::LinkRestored))
        .map(|e| (e.kind.as_str(), e.at_us, e.endpoint.as_str()))
        .collect();
    assert_eq!(
        told,
        [
            ("link-cut", 100 * MS, "client"),
            ("link-restored", 2_500 * MS, "client")
        ]
    );
    let cut = t
        .events
        .iter()
        .find(|e| e.kind == EventKind::LinkCut)
        .unwrap();
    let m = cut.msg.as_ref().unwrap();
    assert_eq!(m.key, "event.link_cut");
    assert_eq!(
        (m.args["a"].as_str(), m.args["b"].as_str()),
        ("10.0.0.2", "10.0.0.1")
    );
    assert!(cut.text.contains("10.0.0.2") && cut.text.contains("10.0.0.1"));
    // What the events say is what the packets met: lost while down, through once back.
    for s in &t.segments {
        let down = (100 * MS..2_500 * MS).contains(&s.sent_us);
        assert_eq!(s.fate == Fate::Dropped, down, "segment {}", s.id);
    }
    let healed = t
        .segments
        .iter()
        .find(|s| s.sent_us >= 2_500 * MS && s.analysis.contains(&Analysis::Retransmission))
        .expect("a retransmission after the repair");
    assert_eq!(healed.fate, Fate::Delivered);
    assert!(t
        .states
        .iter()
        .any(|c| c.endpoint == "client" && c.to == State::TimeWait));
}

#[test]
fn a_link_change_after_the_story_ended_is_not_told() {
    let quiet = talk_over_a_cut(100_000, None);
    assert!(quiet
        .events
        .iter()
        .all(|e| !matches!(e.kind, EventKind::LinkCut | EventKind::LinkRestored)));
    assert!(
        quiet.end_us < 100_000 * MS,
        "the cut does not stretch the run"
    );
    // A link that never comes back tells only its cut.
    let t = talk_over_a_cut(100, None);
    assert_eq!(
        t.events
            .iter()
            .filter(|e| e.kind == EventKind::LinkCut)
            .count(),
        1
    );
    assert!(t.events.iter().all(|e| e.kind != EventKind::LinkRestored));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn browse_under_random_faults_keeps_every_invariant(
        seed in 0u64..1_000_000,
        loss in prop::sample::select(vec!["0", "0.05", "0.2"]),
        dup in prop::sample::select(vec!["0", "0.1"]),
        reorder in prop::sample::select(vec!["0", "0.2"]),
        jitter in prop::sample::select(vec!["0", "15"]),
        body in prop::sample::select(vec!["200", "20000"]),
        delayed in prop::sample::select(vec!["0", "40"]),
        sack in any::<bool>(),
    ) {
        let seed = seed.to_string();
        let sack = sack.to_string();
        let t = scenario::run_with("browse", &[
            ("seed", &seed), ("loss", loss), ("dup", dup), ("reorder", reorder),
            ("jitter_ms", jitter), ("body_bytes", body), ("delayed_ack_ms", delayed),
            ("sack", &sack), ("requests", "2"),
        ]).unwrap();
        invariants(&t);
        // Both responses arrive complete unless the connection was given up.
        let complete = t.events.iter().filter(|e| e.kind == EventKind::ResponseReceived).count();
        let gave_up = t.states.iter().any(|c| c.msg.as_ref().is_some_and(|m| m.key == "state.retries"));
        prop_assert!(complete == 2 || gave_up, "{complete} responses");
        // Everything ends: the last state of every connection side is CLOSED.
        let mut last: BTreeMap<(String, u32), State> = BTreeMap::new();
        for c in &t.states {
            if let Some(conn) = c.conn {
                last.insert((c.endpoint.clone(), conn), c.to);
            }
        }
        prop_assert!(last.values().all(|s| *s == State::Closed), "{last:?}");
    }
}

#[test]
fn every_scenario_keeps_the_invariants() {
    for info in scenario::list() {
        for extra in [&[][..], &[("loss", "0.1"), ("seed", "5")][..]] {
            let t = scenario::run_with(info.id, extra)
                .unwrap_or_else(|e| panic!("{} {extra:?}: {e}", info.id));
            invariants(&t);
        }
    }
}

/// A run stopped at the segment cap keeps exactly the cap, and every segment id its states
/// and timers name exists. Found by `extreme_parameters_never_panic_or_hang`: a network
/// that duplicates every packet recorded a segment and its copy in the event that reached
/// the cap (120 002 segments).
#[test]
fn a_run_cut_at_the_cap_keeps_exactly_the_cap() {
    let t = run_capped(
        "server-push",
        &[
            ("latency_ms", "1"),
            ("loss", "0.5"),
            ("dup", "1"),
            ("reorder", "1"),
            ("mss", "64"),
            ("rcv_buf", "1"),
            ("msl_ms", "1"),
            ("rto_min_ms", "60000"),
            ("client.isn", "0"),
            ("server.isn", "0"),
        ],
    )
    .unwrap();
    let max = CAP;
    assert_eq!(t.segments.len(), max);
    assert!(t.events.iter().any(|e| e.kind == EventKind::RunTruncated));
    let n = max as u32;
    assert!(t.states.iter().all(|c| c.segment.is_none_or(|s| s < n)));
    assert!(t.timers.iter().all(|x| x.segment.is_none_or(|s| s < n)));
    assert!(t
        .segments
        .iter()
        .all(|s| s.dup_of().is_none_or(|d| d < s.id)));
}

/// Any values inside the ranges, however odd together, give a Trace that keeps every
/// invariant: no panic, no hang (a run may take at most a minute), and the same checks as
/// a default run. Every scenario gets its own cases (`WIRETRACE_EXTREME_CASES` of them,
/// default 12).
#[test]
fn extreme_parameters_keep_every_invariant_in_every_scenario() {
    use std::sync::mpsc;
    use std::time::Duration;
    let cases = std::env::var("WIRETRACE_EXTREME_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    // The runs happen on a worker that reports each one it starts; a run that does not
    // end within the minute fails the test with its scenario and parameters.
    let (tx, rx) = mpsc::channel::<Option<String>>();
    let worker = std::thread::spawn(move || extreme_runs(cases, &tx));
    let mut current = None;
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Some(run)) => current = Some(run),
            Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("a run took more than a minute: {current:?}")
            }
        }
    }
    if let Err(e) = worker.join() {
        std::panic::resume_unwind(e);
    }
}

/// The runs of [`extreme_parameters_keep_every_invariant_in_every_scenario`]: `cases` per
/// scenario, each announced on `started` before it runs (`None` once all are done).
fn extreme_runs(cases: u32, started: &std::sync::mpsc::Sender<Option<String>>) {
    use proptest::test_runner::{Config, TestRunner};
    let values = (
        (
            prop::sample::select(vec!["0", "1", "10000"]),
            prop::sample::select(vec!["0", "10000"]),
            prop::sample::select(vec!["0", "1", "100000000"]),
            prop::sample::select(vec!["0", "0.5", "1"]),
            prop::sample::select(vec!["0", "1"]),
            prop::sample::select(vec!["0", "1"]),
            prop::sample::select(vec!["64", "65495"]),
            prop::sample::select(vec!["1", "64240", "1073741824"]),
        ),
        (
            prop::sample::select(vec!["off", "0", "14"]),
            any::<bool>(),
            any::<bool>(),
            prop::sample::select(vec!["0", "499"]),
            prop::sample::select(vec!["1", "120000"]),
            prop::sample::select(vec!["1", "60000"]),
            prop::sample::select(vec!["0", "4294967295", "2147483648"]),
        ),
    );
    for info in scenario::list() {
        let mut runner = TestRunner::new(Config {
            cases,
            ..Config::default()
        });
        let result = runner.run(&values, |(a, b)| {
            let (latency, jitter, bandwidth, loss, dup, reorder, mss, rcv_buf) = a;
            let (wscale, sack, ts, delayed, msl, rto_min, isn) = b;
            let (sack, ts) = (sack.to_string(), ts.to_string());
            let params = [
                ("latency_ms", latency),
                ("jitter_ms", jitter),
                ("bandwidth_kbps", bandwidth),
                ("loss", loss),
                ("dup", dup),
                ("reorder", reorder),
                ("mss", mss),
                ("rcv_buf", rcv_buf),
                ("wscale", wscale),
                ("sack", sack.as_str()),
                ("timestamps", ts.as_str()),
                ("delayed_ack_ms", delayed),
                ("msl_ms", msl),
                ("rto_min_ms", rto_min),
                ("client.isn", isn),
                ("server.isn", isn),
            ];
            // Only the keys the scenario lists (a UDP story has no TCP knobs).
            let params: Vec<(&str, &str)> = params
                .into_iter()
                .filter(|(k, _)| info.params.iter().any(|p| p.key == *k))
                .collect();
            started
                .send(Some(format!("{} {params:?}", info.id)))
                .expect("the test thread listens");
            let t = run_capped(info.id, &params).unwrap_or_else(|e| panic!("{}: {e}", info.id));
            prop_assert!(t.segments.len() <= CAP);
            invariants(&t);
            Ok(())
        });
        if let Err(e) = result {
            panic!("{}: {e}", info.id);
        }
    }
    started.send(None).expect("the test thread listens");
}

/// The cap of the runs these tests stop on purpose: the page's own (the engine's default is
/// far larger, too long a run for a debug build).
const CAP: usize = 20_000;

/// `scenario::run_with` stopped at [`CAP`] segments.
fn run_capped(
    id: &str,
    params: &[(&str, &str)],
) -> Result<wiretrace_core::Trace, wiretrace_core::scenario::ScenarioError> {
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    scenario::run_limited(id, &owned, wiretrace_core::net::Limits::segments(CAP))
}

/// `drop` naming a segment past the run's last is valid, but the run says it dropped nothing
/// for it, before its summary; ids it did send are dropped and not named; a run cut at the
/// cap says nothing of them (the whole run may send them).
#[test]
fn a_drop_past_the_last_segment_is_told_not_silently_ignored() {
    let told = |t: &Trace| -> Vec<String> {
        t.events
            .iter()
            .filter(|e| e.kind == EventKind::DropUnused)
            .map(|e| e.text.clone())
            .collect()
    };
    let t = scenario::run_with("browse", &[("drop", "99")]).unwrap();
    assert_eq!(t.segments.len(), 11);
    assert_eq!(
        told(&t),
        ["drop names segment #99, but the run's segments go up to #10: no segment has that number, so none was dropped for it."]
    );
    assert_eq!(t.events.last().unwrap().kind, EventKind::Summary);
    let e = t
        .events
        .iter()
        .find(|e| e.kind == EventKind::DropUnused)
        .unwrap();
    assert_eq!((e.at_us, e.conn, e.endpoint.as_str()), (t.end_us, None, ""));
    let zh = wiretrace_core::i18n::render(wiretrace_core::i18n::Lang::Zh, e.msg.as_ref().unwrap());
    assert!(zh.contains("#99") && zh.contains("#10"), "{zh}");

    let t = scenario::run_with("browse", &[("drop", "3,99,120,99")]).unwrap();
    assert!(t.segments[3].fate == wiretrace_core::trace::Fate::Dropped);
    assert_eq!(
        told(&t),
        ["drop names segments #99, #120, but the run's segments go up to #11: no segment has those numbers, so none was dropped for them."]
    );
    assert!(told(&scenario::run_with("browse", &[("drop", "3")]).unwrap()).is_empty());
    assert!(told(&scenario::run_with("browse", &[]).unwrap()).is_empty());
    let cut = scenario::run_limited(
        "browse",
        &[("drop".into(), "99".into())],
        wiretrace_core::net::Limits::segments(5),
    )
    .unwrap();
    assert!(cut.events.iter().any(|e| e.kind == EventKind::RunTruncated));
    assert!(told(&cut).is_empty());
    // A run of datagrams numbers datagrams, as its summary counts them.
    let udp = scenario::run_with("udp", &[("drop", "40")]).unwrap();
    assert_eq!(
        told(&udp),
        ["drop names datagram #40, but the run's datagrams go up to #1: no datagram has that number, so none was dropped for it."]
    );
}
