//! The liveness stories and the TCP edge cases: each test checks the fact its scenario
//! exists to show, read from the Trace the way a student reads the diagram.

mod common;

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::scenario::{self, ScenarioError};
use wiretrace_core::tcp::State;
use wiretrace_core::trace::{
    Analysis, Event, EventKind, Fate, Flag, HopAction, Proto, Role, Segment, TimerKind,
    TimerOutcome, Trace,
};

const MINE: [&str; 15] = [
    "heartbeat",
    "tcp-keepalive",
    "middlebox-idle-timeout",
    "rst-closed-port",
    "peer-restart",
    "abort",
    "syn-loss",
    "data-loss",
    "fast-retransmit",
    "lost-final-ack",
    "simultaneous-open",
    "simultaneous-close",
    "half-close",
    "zero-window",
    "big-response",
];

fn run(id: &str, params: &[(&str, &str)]) -> Trace {
    scenario::run_with(id, params).unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn events(t: &Trace, kind: EventKind) -> Vec<&Event> {
    t.events.iter().filter(|e| e.kind == kind).collect()
}

fn one_event(t: &Trace, kind: EventKind) -> &Event {
    let v = events(t, kind.clone());
    assert_eq!(v.len(), 1, "exactly one {kind} event: {v:#?}");
    v[0]
}

fn from<'a>(t: &'a Trace, who: &str) -> Vec<&'a Segment> {
    t.segments.iter().filter(|s| s.from == who).collect()
}

fn tagged(s: &Segment, a: Analysis) -> bool {
    s.analysis.contains(&a)
}

/// The states one endpoint's connection went through, in order.
fn path(t: &Trace, who: &str) -> Vec<State> {
    t.states
        .iter()
        .filter(|c| c.endpoint == who && c.conn.is_some())
        .map(|c| c.to)
        .collect()
}

fn is_pure_ack(s: &Segment) -> bool {
    s.flags == [Flag::Ack] && s.len == 0
}

// ----- heartbeat -------------------------------------------------------------------------

#[test]
fn heartbeat_both_sides_give_up_after_k_misses_after_the_cut_and_not_before() {
    for k in ["3", "5"] {
        let t = run("heartbeat", &[("misses", k)]);
        let k: usize = k.parse().unwrap();
        let cut = 7_000_000;
        assert_eq!(one_event(&t, EventKind::LinkCut).at_us, cut);
        let offline = one_event(&t, EventKind::PeerOffline);
        let gone = one_event(&t, EventKind::NetworkDown);
        assert_eq!(offline.endpoint, "server");
        assert_eq!(gone.endpoint, "client");
        // K misses on each side, all after the cut, the last one being the detection.
        let missed = events(&t, EventKind::HeartbeatMissed);
        let no_reply = events(&t, EventKind::ReplyMissed);
        assert_eq!(missed.len(), k, "{missed:#?}");
        assert_eq!(no_reply.len(), k, "{no_reply:#?}");
        assert!(missed.iter().chain(&no_reply).all(|e| e.at_us > cut));
        assert_eq!(missed.last().unwrap().at_us, offline.at_us);
        assert_eq!(no_reply.last().unwrap().at_us, gone.at_us);
        // Before the cut every heartbeat was answered.
        let sent_before = events(&t, EventKind::HeartbeatSent)
            .iter()
            .filter(|e| e.at_us < cut)
            .count();
        let replies = events(&t, EventKind::HeartbeatReply);
        assert_eq!(replies.len(), sent_before);
        assert!(replies.iter().all(|e| e.at_us < cut));
        // Each side drops the connection when it decides.
        let closed_at = |who: &str| {
            t.states
                .iter()
                .find(|c| c.endpoint == who && c.to == State::Closed)
                .map(|c| c.at_us)
        };
        assert_eq!(closed_at("server"), Some(offline.at_us));
        assert_eq!(closed_at("client"), Some(gone.at_us));
    }
}

#[test]
fn heartbeat_the_server_tcp_sends_nothing_after_the_cut_only_its_timer_notices() {
    let t = run("heartbeat", &[]);
    let cut = 7_000_000;
    let offline = one_event(&t, EventKind::PeerOffline).at_us;
    // Between the cut and the decision the server's TCP is silent: nothing to send, so
    // nothing to be retransmitted, so nothing tells it the client is gone.
    assert!(from(&t, "server")
        .iter()
        .all(|s| s.sent_us < cut || s.sent_us >= offline));
    // The client's TCP does notice something: its heartbeats are retransmitted, in vain.
    let rtx: Vec<_> = from(&t, "client")
        .into_iter()
        .filter(|s| tagged(s, Analysis::Retransmission))
        .collect();
    assert!(!rtx.is_empty());
    assert!(rtx
        .iter()
        .all(|s| s.sent_us > cut && s.fate == Fate::Dropped));
    // Both liveness checks are timers in the Trace.
    let kinds = |who: &str, kind: TimerKind| {
        t.timers
            .iter()
            .filter(|x| x.endpoint == who && x.kind == kind)
            .count()
    };
    assert!(kinds("client", TimerKind::Heartbeat) >= 4);
    assert!(kinds("client", TimerKind::Liveness) >= 3);
    assert!(kinds("server", TimerKind::Liveness) >= 3);
    let fired_server_liveness = t
        .timers
        .iter()
        .filter(|x| {
            x.endpoint == "server"
                && x.kind == TimerKind::Liveness
                && x.outcome == TimerOutcome::Fired
        })
        .count();
    assert_eq!(fired_server_liveness, 3);
}

#[test]
fn heartbeat_without_a_cut_runs_its_beats_and_closes_politely() {
    let t = run("heartbeat", &[("cut_at_ms", "0"), ("beats", "4")]);
    assert_eq!(events(&t, EventKind::HeartbeatSent).len(), 4);
    assert_eq!(events(&t, EventKind::HeartbeatReceived).len(), 4);
    assert_eq!(events(&t, EventKind::HeartbeatReply).len(), 4);
    for kind in [
        EventKind::LinkCut,
        EventKind::PeerOffline,
        EventKind::NetworkDown,
        EventKind::HeartbeatMissed,
        EventKind::ReplyMissed,
    ] {
        assert!(events(&t, kind.clone()).is_empty(), "{kind}");
    }
    assert!(t.segments.iter().all(|s| s.fate == Fate::Delivered));
    assert!(!t.segments.iter().any(|s| s.has(Flag::Rst)));
    assert_eq!(path(&t, "client").last(), Some(&State::Closed));
    assert!(path(&t, "client").contains(&State::TimeWait));
}

#[test]
fn heartbeat_reply_timeout_must_be_shorter_than_the_interval() {
    let e = scenario::run_with(
        "heartbeat",
        &[("heartbeat_ms", "1000"), ("reply_timeout_ms", "1000")],
    )
    .unwrap_err();
    assert!(matches!(e, ScenarioError::Conflict(_)), "{e}");
    let e = scenario::run_with("heartbeat", &[("misses", "0")]).unwrap_err();
    assert!(e.to_string().contains("1 to 20"), "{e}");
}

// ----- tcp-keepalive ---------------------------------------------------------------------

#[test]
fn keepalive_probes_at_idle_then_every_interval_and_gives_up_after_count() {
    let t = run("tcp-keepalive", &[]);
    let (idle, interval) = (10_000_000u64, 2_000_000u64);
    let client = from(&t, "client");
    let probes: Vec<_> = client
        .iter()
        .filter(|s| tagged(s, Analysis::KeepAlive))
        .collect();
    // The client's next sequence number: after its HELLO.
    let hello = client.iter().find(|s| s.len > 0).unwrap();
    let snd_nxt = hello.seq.wrapping_add(hello.len);
    for p in &probes {
        assert_eq!(p.seq, snd_nxt.wrapping_sub(1), "probe = SND.NXT-1");
        assert_eq!(p.len, 0);
        assert!(is_pure_ack(p));
    }
    // The first probe comes after `idle` of silence, and is answered.
    // The client's last activity: the last segment it sent or received.
    let last_before = t
        .segments
        .iter()
        .filter(|s| s.sent_us < probes[0].sent_us)
        .filter_map(|s| {
            if s.from == "client" {
                Some(s.sent_us)
            } else {
                s.recv_us
            }
        })
        .max()
        .unwrap();
    assert_eq!(probes[0].sent_us - last_before, idle);
    let answer = t
        .segments
        .iter()
        .find(|s| s.from == "server" && tagged(s, Analysis::KeepAliveAck))
        .expect("the first probe is answered");
    assert_eq!(answer.ack, Some(snd_nxt));
    assert!(answer.sent_us > probes[0].sent_us);
    // After the server vanished (15 s): idle, then `count` probes `interval` apart...
    assert_eq!(one_event(&t, EventKind::LinkCut).at_us, 15_000_000);
    let unanswered: Vec<_> = probes.iter().filter(|p| p.sent_us >= 15_000_000).collect();
    assert_eq!(unanswered.len(), 3);
    assert!(unanswered.iter().all(|p| p.fate == Fate::Dropped));
    assert_eq!(
        unanswered[0].sent_us - answer.recv_us.unwrap(),
        idle,
        "idle restarts when the answer arrives"
    );
    for w in unanswered.windows(2) {
        assert_eq!(w[1].sent_us - w[0].sent_us, interval);
    }
    // ... and one interval after the last one the connection is given up, the app told.
    let rst = client.iter().find(|s| s.has(Flag::Rst)).unwrap();
    assert_eq!(rst.sent_us, unanswered[2].sent_us + interval);
    let told = one_event(&t, EventKind::ConnectionTimedOut);
    assert_eq!(told.endpoint, "client");
    assert_eq!(told.at_us, rst.sent_us);
    assert_eq!(path(&t, "client").last(), Some(&State::Closed));
    // The server sends nothing and still believes in the connection.
    assert_eq!(path(&t, "server").last(), Some(&State::Established));
    // The keep-alive timers are in the Trace.
    assert!(
        t.timers
            .iter()
            .filter(|x| x.endpoint == "client" && x.kind == TimerKind::Keepalive)
            .count()
            >= 5
    );
}

#[test]
fn keepalive_probe_may_carry_one_byte() {
    let t = run("tcp-keepalive", &[("ka.with_byte", "true")]);
    let hello = from(&t, "client").into_iter().find(|s| s.len > 0).unwrap();
    let probe = t
        .segments
        .iter()
        .find(|s| tagged(s, Analysis::KeepAlive))
        .unwrap();
    assert_eq!(probe.len, 1);
    assert_eq!(probe.seq, hello.seq.wrapping_add(hello.len).wrapping_sub(1));
}

#[test]
fn keepalive_probes_are_answered_while_the_peer_stays() {
    let t = run(
        "tcp-keepalive",
        &[("vanish_at_ms", "0"), ("ka.idle_ms", "5000")],
    );
    let probes = t
        .segments
        .iter()
        .filter(|s| tagged(s, Analysis::KeepAlive))
        .count();
    let answers = t
        .segments
        .iter()
        .filter(|s| tagged(s, Analysis::KeepAliveAck))
        .count();
    assert!(probes >= 4, "{probes}");
    assert_eq!(probes, answers);
    assert!(events(&t, EventKind::ConnectionTimedOut).is_empty());
    assert!(t.segments.iter().all(|s| s.fate == Fate::Delivered));
    assert_eq!(
        one_event(&t, EventKind::AppClose).at_us,
        30_000_000 + 40_000
    );
}

// ----- middlebox-idle-timeout ------------------------------------------------------------

#[test]
fn middlebox_sits_between_with_its_own_lifeline_and_idle_timer() {
    let t = run("middlebox-idle-timeout", &[]);
    let ids: Vec<_> = t.endpoints.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["client", "fw", "server"]);
    assert_eq!(t.endpoints[1].role, Role::Middlebox);
    let idle: Vec<_> = t
        .timers
        .iter()
        .filter(|x| x.endpoint == "fw" && x.kind == TimerKind::IdleTimeout)
        .collect();
    assert!(!idle.is_empty());
    assert!(idle.iter().all(|x| x.deadline_us - x.armed_us == 5_000_000));
    // Every segment before the expiry passed the firewall.
    let expired = one_event(&t, EventKind::FlowExpired);
    assert_eq!(expired.endpoint, "fw");
    for s in t.segments.iter().filter(|s| s.sent_us < expired.at_us) {
        assert_eq!(s.via().len(), 1, "{s:?}");
        assert_eq!(s.via()[0].action, HopAction::Forwarded);
    }
    let fired: Vec<_> = idle
        .iter()
        .filter(|x| x.outcome == TimerOutcome::Fired)
        .collect();
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0].ended_us, Some(expired.at_us));
}

#[test]
fn middlebox_breaks_the_connection_when_the_heartbeat_is_slower_than_its_timeout() {
    // Drop: the next heartbeat and its retransmissions die at the firewall; TCP gives up.
    let t = run(
        "middlebox-idle-timeout",
        &[("heartbeat_ms", "8000"), ("mb.idle_timeout_ms", "5000")],
    );
    let expired = one_event(&t, EventKind::FlowExpired).at_us;
    let killed: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.fate == Fate::DroppedByMiddlebox)
        .collect();
    assert!(killed.len() >= 3);
    assert!(killed
        .iter()
        .all(|s| s.sent_us > expired && s.from == "client"));
    assert!(killed.iter().any(|s| tagged(s, Analysis::Retransmission)));
    assert_eq!(events(&t, EventKind::HeartbeatReceived).len(), 1);
    let told = one_event(&t, EventKind::ConnectionTimedOut);
    assert_eq!(told.endpoint, "client");
    assert_eq!(path(&t, "client").last(), Some(&State::Closed));
    // Nobody told the server: it still holds a connection that no longer exists.
    assert_eq!(path(&t, "server").last(), Some(&State::Established));

    // Reset: the firewall answers the heartbeat with a RST in the server's name.
    let t = run(
        "middlebox-idle-timeout",
        &[("heartbeat_ms", "8000"), ("mb.on_unknown", "reset")],
    );
    let rst = t.segments.iter().find(|s| s.has(Flag::Rst)).expect("a RST");
    assert_eq!((rst.from.as_str(), rst.to.as_str()), ("fw", "client"));
    assert_eq!(rst.src, "192.168.1.123:7788", "forged in the server's name");
    let hb = t
        .segments
        .iter()
        .find(|s| s.fate == Fate::DroppedByMiddlebox)
        .unwrap();
    assert_eq!(hb.via()[0].action, HopAction::Reset);
    assert_eq!(rst.ack, None);
    assert_eq!(
        rst.seq,
        hb.ack.unwrap(),
        "RST seq = the ack of the segment it answers"
    );
    let told = one_event(&t, EventKind::ConnectionReset);
    assert_eq!(told.endpoint, "client");
    assert_eq!(Some(told.at_us), rst.recv_us);
    assert_eq!(path(&t, "server").last(), Some(&State::Established));
    // The forged RST is explained by its message alone, so the Trace equals itself read
    // back from its JSON (it kept a copy of the English once, and did not).
    assert_eq!(rst.explain(), "");
    assert!(rst.explain_en().starts_with("RST forged by the firewall"));
    let back: wiretrace_core::Trace =
        serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
    assert_eq!(back, t);

    // `drop` loses the forged RST as any segment on its first link: the client retransmits
    // its heartbeat, and the firewall forges another RST.
    let id = rst.id.to_string();
    let lost = run(
        "middlebox-idle-timeout",
        &[
            ("heartbeat_ms", "8000"),
            ("mb.on_unknown", "reset"),
            ("drop", id.as_str()),
        ],
    );
    assert_eq!(lost.segments[rst.id as usize].fate, Fate::Dropped);
    let again: Vec<_> = lost.segments.iter().filter(|s| s.has(Flag::Rst)).collect();
    assert_eq!(again.len(), 2, "a second RST answers the retransmission");
    assert_eq!(again[1].fate, Fate::Delivered);
    assert!(events(&lost, EventKind::DropUnused).is_empty());
}

#[test]
fn middlebox_keeps_the_connection_when_the_heartbeat_is_faster_than_its_timeout() {
    for mode in ["drop", "reset"] {
        for kind in ["firewall", "nat"] {
            let t = run(
                "middlebox-idle-timeout",
                &[
                    ("heartbeat_ms", "3000"),
                    ("mb.idle_timeout_ms", "5000"),
                    ("mb.on_unknown", mode),
                    ("mb.kind", kind),
                ],
            );
            assert!(
                events(&t, EventKind::FlowExpired).is_empty(),
                "{mode} {kind}"
            );
            assert!(t.segments.iter().all(|s| s.fate == Fate::Delivered));
            assert_eq!(events(&t, EventKind::HeartbeatReply).len(), 5);
            assert!(!t.segments.iter().any(|s| s.has(Flag::Rst)));
            assert!(path(&t, "client").contains(&State::TimeWait));
            assert_eq!(path(&t, "server").last(), Some(&State::Closed));
        }
    }
}

#[test]
fn middlebox_as_nat_rewrites_the_client_address() {
    let t = run("middlebox-idle-timeout", &[("mb.kind", "nat")]);
    let nat = t.endpoint("nat").expect("a nat lifeline");
    let c = &t.connections[0];
    let outside = c
        .server_side
        .as_ref()
        .expect("the server sees another tuple");
    assert_eq!(outside.client, format!("{}:3337", nat.ip));
    let syn = &t.segments[0];
    assert_eq!(syn.src, "192.168.1.116:3337");
    assert_eq!(syn.via()[0].src, outside.client);
}

// ----- rst-closed-port -------------------------------------------------------------------

#[test]
fn rst_closed_port_refuses_in_one_round_trip() {
    let t = run("rst-closed-port", &[]);
    assert_eq!(t.segments.len(), 2);
    let (syn, rst) = (&t.segments[0], &t.segments[1]);
    assert_eq!(syn.flags, [Flag::Syn]);
    assert_eq!(rst.flags, [Flag::Rst, Flag::Ack]);
    assert_eq!(rst.from, "server");
    assert_eq!(rst.seq, 0);
    assert_eq!(rst.ack, Some(syn.seq.wrapping_add(1)));
    assert_eq!(path(&t, "client"), [State::SynSent, State::Closed]);
    assert!(path(&t, "server").is_empty());
    let told = one_event(&t, EventKind::ConnectionRefused);
    assert_eq!(Some(told.at_us), rst.recv_us);
}

// ----- syn-loss --------------------------------------------------------------------------

#[test]
fn syn_loss_retransmits_the_syn_with_doubling_gaps() {
    let t = run("syn-loss", &[("lost_syns", "3")]);
    let syns: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.flags == [Flag::Syn])
        .collect();
    assert_eq!(syns.len(), 4);
    assert!(syns.iter().all(|s| s.seq == syns[0].seq), "same ISN");
    let gaps: Vec<u64> = syns
        .windows(2)
        .map(|w| w[1].sent_us - w[0].sent_us)
        .collect();
    assert_eq!(gaps, [1_000_000, 2_000_000, 4_000_000]);
    assert!(syns[..3].iter().all(|s| s.fate == Fate::Dropped));
    assert_eq!(syns[3].fate, Fate::Delivered);
    assert!(!tagged(syns[0], Analysis::Retransmission));
    assert!(syns[1..]
        .iter()
        .all(|s| tagged(s, Analysis::Retransmission)));
    let summary = &one_event(&t, EventKind::Summary).msg.as_ref().unwrap().args;
    assert_eq!(
        (
            summary["retransmissions"].as_str(),
            summary["lost"].as_str()
        ),
        ("3", "3")
    );
    let rto: Vec<_> = t
        .timers
        .iter()
        .filter(|x| x.endpoint == "client" && x.kind == TimerKind::Rto)
        .take(3)
        .map(|x| x.deadline_us - x.armed_us)
        .collect();
    assert_eq!(rto, [1_000_000, 2_000_000, 4_000_000]);
    assert_eq!(
        &path(&t, "client")[..2],
        [State::SynSent, State::Established]
    );
    // After the handshake the client has no round-trip sample (every SYN was a
    // retransmission but the first): its next RTO is the 3 s of RFC 6298 5.7, and says so.
    let established = t
        .states
        .iter()
        .find(|c| c.endpoint == "client" && c.to == State::Established)
        .unwrap()
        .at_us;
    let next = t
        .timers
        .iter()
        .find(|x| x.endpoint == "client" && x.kind == TimerKind::Rto && x.armed_us > established)
        .expect("an RTO for the FIN");
    assert_eq!(next.deadline_us - next.armed_us, 3_000_000);
    assert_eq!(next.msg.as_ref().unwrap().key, "timer.rto.fallback");
    // The server measured its SYN,ACK's round trip: 1 s for it.
    let server = t
        .timers
        .iter()
        .filter(|x| x.endpoint == "server" && x.kind == TimerKind::Rto)
        .nth(1)
        .unwrap();
    assert_eq!(server.deadline_us - server.armed_us, 1_000_000);
    assert_eq!(server.msg.as_ref().unwrap().key, "timer.rto");
}

#[test]
fn syn_loss_beyond_the_retries_times_the_connect_out() {
    let t = run("syn-loss", &[("lost_syns", "4"), ("syn_retries", "2")]);
    let syns = t.segments.iter().filter(|s| s.flags == [Flag::Syn]).count();
    assert_eq!(syns, 3);
    assert!(t.segments.iter().all(|s| s.fate == Fate::Dropped));
    assert_eq!(path(&t, "client"), [State::SynSent, State::Closed]);
    let told = one_event(&t, EventKind::ConnectionTimedOut);
    assert_eq!(told.at_us, 1_000_000 + 2_000_000 + 4_000_000);
}

// ----- data-loss -------------------------------------------------------------------------

#[test]
fn data_loss_is_repaired_by_the_retransmission_timer() {
    for (lose, who, rto_min, rto) in [
        ("response", "server", "1000", 1_000_000u64),
        ("request", "client", "1000", 1_000_000),
        ("response", "server", "200", 200_000),
    ] {
        let t = run("data-loss", &[("lose", lose), ("rto_min_ms", rto_min)]);
        let lost = t.segments.iter().find(|s| s.fate == Fate::Dropped).unwrap();
        assert_eq!(lost.from, who);
        assert!(lost.len > 0);
        let rtx = t
            .segments
            .iter()
            .find(|s| s.id > lost.id && s.from == who && s.seq == lost.seq && s.len > 0)
            .unwrap();
        assert!(tagged(rtx, Analysis::Retransmission), "{lose}");
        assert_eq!(rtx.len, lost.len);
        assert_eq!(rtx.sent_us - lost.sent_us, rto, "{lose} rto_min {rto_min}");
        // The RTO is visible: the timer that guarded the lost segment fired then.
        let timer = t
            .timers
            .iter()
            .find(|x| x.kind == TimerKind::Rto && x.ended_us == Some(rtx.sent_us))
            .unwrap();
        assert_eq!(timer.endpoint, who);
        assert_eq!(timer.outcome, TimerOutcome::Fired);
        assert_eq!(timer.deadline_us - timer.armed_us, rto);
        assert_eq!(rtx.fate, Fate::Delivered);
        assert_eq!(events(&t, EventKind::ResponseReceived).len(), 1);
    }
}

/// The RTO timers an endpoint armed, in order: (armed at, duration, message key).
fn rto_timers<'a>(t: &'a Trace, who: &str) -> Vec<(u64, u64, &'a str)> {
    t.timers
        .iter()
        .filter(|x| x.endpoint == who && x.kind == TimerKind::Rto)
        .map(|x| {
            let key = x.msg.as_ref().map_or("", |m| m.key.as_str());
            (x.armed_us, x.deadline_us - x.armed_us, key)
        })
        .collect()
}

#[test]
fn a_backed_off_rto_lasts_until_a_valid_rtt_sample() {
    // Karn's rule (RFC 6298 5): the ACK of the retransmitted response covers retransmitted
    // data only and gives no RTT sample, so the server's next timer (its FIN's) keeps the
    // backed-off 2 s; only the ACK of a segment sent once ends the backoff.
    for (id, params) in [
        ("data-loss", &[][..]),
        ("http11-keepalive", &[("drop", "5")][..]),
    ] {
        let t = run(id, params);
        let lost = t.segments.iter().find(|s| s.fate == Fate::Dropped).unwrap();
        let rtx = t
            .segments
            .iter()
            .find(|s| s.id > lost.id && s.from == lost.from && s.seq == lost.seq)
            .unwrap();
        let answer = t
            .segments
            .iter()
            .find(|s| s.from != lost.from && s.ack.is_some_and(|a| a == rtx.seq + rtx.len))
            .unwrap();
        let timers = rto_timers(&t, &lost.from);
        // The fired timer (1 s), its doubled successor (2 s), and the next one armed after
        // the ambiguous ACK arrived: still 2 s, told as a backoff.
        let fired = timers
            .iter()
            .position(|x| x.0 + x.1 == rtx.sent_us)
            .unwrap();
        assert_eq!(timers[fired].1, 1_000_000, "{id}");
        assert_eq!(
            timers[fired + 1],
            (rtx.sent_us, 2_000_000, "timer.rto.backoff")
        );
        let next = timers[fired + 2];
        assert!(next.0 >= answer.recv_us.unwrap(), "{id}: {timers:?}");
        assert_eq!((next.1, next.2), (2_000_000, "timer.rto.backoff"), "{id}");
        // Where a later segment was acknowledged without ambiguity, the RTO is 1 s again.
        for later in &timers[fired + 3..] {
            assert_eq!(
                (later.1, later.2),
                (1_000_000, "timer.rto"),
                "{id}: {timers:?}"
            );
        }
    }
}

// ----- fast-retransmit -------------------------------------------------------------------

#[test]
fn fast_retransmit_after_three_duplicate_acks_before_the_rto() {
    for nth in ["2", "3", "5"] {
        let t = run("fast-retransmit", &[("lost_segment", nth)]);
        let data: Vec<_> = from(&t, "server")
            .into_iter()
            .filter(|s| s.len > 0)
            .collect();
        let lost = data[nth.parse::<usize>().unwrap() - 1];
        assert_eq!(lost.fate, Fate::Dropped);
        let rtx = data
            .iter()
            .find(|s| s.id > lost.id && s.seq == lost.seq)
            .unwrap();
        assert!(tagged(rtx, Analysis::FastRetransmission), "{nth}");
        assert!(!tagged(rtx, Analysis::Retransmission));
        assert!(rtx.sent_us < lost.sent_us + 1_000_000, "before the RTO");
        // At the moment of the retransmission the server had seen the ACK up to the gap
        // and at least three duplicates of it.
        let acks_at_gap = from(&t, "client")
            .into_iter()
            .filter(|s| {
                is_pure_ack(s)
                    && s.ack == Some(lost.seq)
                    && s.recv_us.is_some_and(|r| r <= rtx.sent_us)
            })
            .count();
        assert!(acks_at_gap >= 4, "{nth}: {acks_at_gap}");
        let dups = from(&t, "client")
            .into_iter()
            .filter(|s| tagged(s, Analysis::DuplicateAck) && s.ack == Some(lost.seq))
            .count();
        assert!(dups >= 3, "{nth}: {dups}");
        // No retransmission timer fired on the server.
        assert!(!t.timers.iter().any(|x| x.endpoint == "server"
            && x.kind == TimerKind::Rto
            && x.outcome == TimerOutcome::Fired));
        // One ACK then covers everything behind the gap.
        let base = data[0].seq;
        let end = data
            .iter()
            .map(|s| s.seq.wrapping_sub(base) + s.len)
            .max()
            .map(|off| base.wrapping_add(off))
            .unwrap();
        let closing = from(&t, "client")
            .into_iter()
            .find(|s| s.ack == Some(end))
            .unwrap();
        assert!(closing.sent_us > rtx.sent_us);
        assert_eq!(
            one_event(&t, EventKind::ResponseReceived).endpoint,
            "client"
        );
    }
}

#[test]
fn fast_retransmit_reads_like_the_textbook_three_identical_duplicates_then_the_resend() {
    for params in [
        &[][..],
        &[("lost_segment", "2")][..],
        &[("lost_segment", "4"), ("delayed_ack_ms", "200")][..],
        &[("sack", "true")][..],
    ] {
        let t = run("fast-retransmit", params);
        let lost = t.segments.iter().find(|s| s.fate == Fate::Dropped).unwrap();
        let rtx = t
            .segments
            .iter()
            .find(|s| tagged(s, Analysis::FastRetransmission))
            .unwrap();
        assert_eq!(rtx.seq, lost.seq, "{params:?}");
        // Every ACK that reports the hole carries the same window: none of them is a
        // window update, and each one after the first is a duplicate ACK (RFC 5681 2).
        let at_gap: Vec<_> = from(&t, "client")
            .into_iter()
            .filter(|s| is_pure_ack(s) && s.ack == Some(lost.seq))
            .collect();
        assert!(at_gap.len() >= 4, "{params:?}");
        assert!(
            at_gap.iter().all(|s| s.window == at_gap[0].window),
            "{params:?}: {:?}",
            at_gap.iter().map(|s| s.window).collect::<Vec<_>>()
        );
        assert!(at_gap.iter().all(|s| !tagged(s, Analysis::WindowUpdate)));
        assert!(at_gap[1..]
            .iter()
            .all(|s| tagged(s, Analysis::DuplicateAck)));
        // An explanation calls an ACK a duplicate only when it is one (with delayed ACKs
        // the first ACK after the gap also acknowledges new in-order bytes).
        for s in &at_gap {
            let key = s.message_kept().unwrap().key.as_str();
            if key.starts_with("seg.ack.out_of_order") {
                assert_eq!(
                    key == "seg.ack.out_of_order",
                    tagged(s, Analysis::DuplicateAck),
                    "{params:?}: segment {} ({key})",
                    s.id
                );
            }
        }
        // The resend leaves as soon as the third duplicate arrives (at most one data
        // segment's serialization later, 1500 bytes at 2 Mbit/s).
        let dups: Vec<_> = at_gap
            .iter()
            .filter(|s| tagged(s, Analysis::DuplicateAck))
            .collect();
        let third = dups[2].recv_us.unwrap();
        assert!(
            rtx.sent_us >= third && rtx.sent_us <= third + 6_100,
            "{params:?}: third duplicate at {third}, resend at {}",
            rtx.sent_us
        );
        assert!(dups.iter().filter(|s| s.sent_us < rtx.sent_us).count() >= 3);
    }
}

// ----- lost-final-ack --------------------------------------------------------------------

#[test]
fn lost_final_ack_is_answered_again_from_time_wait() {
    let t = run("lost-final-ack", &[]);
    let fins: Vec<_> = from(&t, "server")
        .into_iter()
        .filter(|s| s.has(Flag::Fin))
        .collect();
    assert_eq!(fins.len(), 2);
    assert_eq!(fins[0].seq, fins[1].seq);
    assert!(tagged(fins[1], Analysis::Retransmission));
    let acks: Vec<_> = from(&t, "client")
        .into_iter()
        .filter(|s| is_pure_ack(s) && s.ack == Some(fins[0].seq.wrapping_add(1)))
        .collect();
    assert_eq!(acks.len(), 2);
    assert_eq!(acks[0].fate, Fate::Dropped);
    assert_eq!(acks[1].fate, Fate::Delivered);
    assert_eq!(Some(acks[1].sent_us), fins[1].recv_us);
    // The client was in TIME-WAIT when the FIN came back, and stayed there.
    let tw = t
        .states
        .iter()
        .find(|c| c.endpoint == "client" && c.to == State::TimeWait)
        .unwrap();
    assert!(tw.at_us < acks[1].sent_us);
    // TIME-WAIT restarted: two timers of 2*MSL, the first cancelled by the second FIN.
    let waits: Vec<_> = t
        .timers
        .iter()
        .filter(|x| x.endpoint == "client" && x.kind == TimerKind::TimeWait)
        .collect();
    assert_eq!(waits.len(), 2);
    assert_eq!(waits[0].outcome, TimerOutcome::Cancelled);
    assert_eq!(waits[1].armed_us, acks[1].sent_us);
    assert_eq!(waits[1].deadline_us - waits[1].armed_us, 2_000_000);
    let closed = t
        .states
        .iter()
        .filter(|c| c.endpoint == "client" && c.to == State::Closed)
        .map(|c| c.at_us)
        .collect::<Vec<_>>();
    assert_eq!(closed, [waits[1].deadline_us]);
    assert_eq!(
        path(&t, "server"),
        [
            State::SynReceived,
            State::Established,
            State::CloseWait,
            State::LastAck,
            State::Closed
        ]
    );
}

// ----- simultaneous open and close -------------------------------------------------------

#[test]
fn simultaneous_open_reaches_syn_received_on_both_sides() {
    let t = run("simultaneous-open", &[]);
    assert_eq!(t.connections.len(), 1);
    assert!(t.endpoints.iter().all(|e| e.role == Role::Host));
    let (a, b) = (&t.segments[0], &t.segments[1]);
    assert_eq!(
        (a.flags.as_slice(), b.flags.as_slice()),
        ([Flag::Syn].as_slice(), [Flag::Syn].as_slice())
    );
    // The SYNs cross: each is sent before the other arrives.
    assert!(a.sent_us < b.recv_us.unwrap() && b.sent_us < a.recv_us.unwrap());
    for who in ["a", "b"] {
        assert_eq!(
            &path(&t, who)[..3],
            [State::SynSent, State::SynReceived, State::Established],
            "{who}"
        );
    }
    let synacks: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.flags == [Flag::Syn, Flag::Ack])
        .collect();
    assert_eq!(synacks.len(), 2);
    assert_eq!(synacks.iter().filter(|s| s.from == "a").count(), 1);
    // Each SYN,ACK acknowledges the other side's SYN and repeats its own ISN.
    let syn_of = |who: &str| t.segments.iter().find(|s| s.from == who).unwrap().seq;
    for s in synacks {
        let other = if s.from == "a" { "b" } else { "a" };
        assert_eq!(s.seq, syn_of(&s.from));
        assert_eq!(s.ack, Some(syn_of(other).wrapping_add(1)));
    }
}

#[test]
fn simultaneous_open_takes_no_rtt_sample_from_the_repeated_isn() {
    // Each SYN,ACK repeats its sender's SYN sequence number, so the ACK of that number
    // might answer either copy: no sample (RFC 6298 3). The timers armed after the
    // handshake still run on the initial RTO, told as "no round trip measured yet".
    let t = run("simultaneous-open", &[]);
    for who in ["a", "b"] {
        let timers = rto_timers(&t, who);
        assert!(timers.len() >= 3, "{who}: {timers:?}");
        for x in timers {
            assert_eq!((x.1, x.2), (1_000_000, "timer.rto.initial"), "{who}");
        }
    }
    assert!(!t
        .timers
        .iter()
        .any(|x| x.msg.as_ref().is_some_and(|m| m.args.contains_key("srtt"))));
}

#[test]
fn simultaneous_open_syn_acks_are_explained_as_answers_not_timeouts() {
    let t = run("simultaneous-open", &[]);
    for s in t
        .segments
        .iter()
        .filter(|s| s.flags == [Flag::Syn, Flag::Ack])
    {
        // Wireshark also calls it a (suspected) retransmission: it repeats the SYN's
        // sequence number. But no timer fired, so the text must not say one did.
        assert_eq!(
            s.message_kept().unwrap().key,
            "seg.syn_ack.simultaneous",
            "{}",
            s.explain_en()
        );
    }
}

#[test]
fn simultaneous_close_reaches_closing_on_both_sides_then_time_wait() {
    let t = run("simultaneous-close", &[]);
    let fins: Vec<_> = t.segments.iter().filter(|s| s.has(Flag::Fin)).collect();
    assert_eq!(fins.len(), 2);
    assert!(fins[0].sent_us < fins[1].recv_us.unwrap());
    assert!(fins[1].sent_us < fins[0].recv_us.unwrap());
    for who in ["client", "server"] {
        let p = path(&t, who);
        assert_eq!(
            &p[p.len() - 4..],
            [
                State::FinWait1,
                State::Closing,
                State::TimeWait,
                State::Closed
            ],
            "{who}"
        );
    }
    // With the server closing one latency later, the close is an ordinary one.
    let t = run("simultaneous-close", &[("server.skew_ms", "100")]);
    assert!(!t.states.iter().any(|c| c.to == State::Closing));
    assert!(path(&t, "server").contains(&State::CloseWait));
}

// ----- half-close ------------------------------------------------------------------------

#[test]
fn half_close_carries_the_response_after_the_first_fin() {
    let t = run("half-close", &[]);
    let fin = from(&t, "client")
        .into_iter()
        .find(|s| s.has(Flag::Fin))
        .unwrap();
    let after: Vec<_> = from(&t, "server")
        .into_iter()
        .filter(|s| s.len > 0 && s.sent_us > fin.recv_us.unwrap())
        .collect();
    let bytes: u32 = after.iter().map(|s| s.len).sum();
    assert!(
        bytes > 4000,
        "the whole response crosses after the FIN: {bytes}"
    );
    // Full-sized segments but the last: the MSS both SYNs allow (no options take room).
    let mss = t
        .segments
        .iter()
        .filter_map(|s| s.options.mss)
        .min()
        .map(u32::from)
        .unwrap();
    assert_eq!(
        after.len() as u32,
        bytes.div_ceil(mss),
        "{bytes} bytes in {mss}-byte segments"
    );
    assert!(after[..after.len() - 1].iter().all(|s| s.len == mss));
    assert!(after.iter().all(|s| s.fate == Fate::Delivered));
    // The client receives it in FIN-WAIT-2 and acknowledges it.
    let fw2 = t
        .states
        .iter()
        .find(|c| c.endpoint == "client" && c.to == State::FinWait2)
        .unwrap();
    assert!(after.iter().all(|s| s.recv_us.unwrap() > fw2.at_us));
    let last = after.last().unwrap();
    assert!(from(&t, "client")
        .iter()
        .any(|s| s.ack == Some(last.seq.wrapping_add(last.len))));
    assert_eq!(
        path(&t, "client"),
        [
            State::SynSent,
            State::Established,
            State::FinWait1,
            State::FinWait2,
            State::TimeWait,
            State::Closed
        ]
    );
    assert_eq!(
        &path(&t, "server")[2..],
        [State::CloseWait, State::LastAck, State::Closed]
    );
    let got = one_event(&t, EventKind::ResponseReceived);
    assert!(got.at_us > fin.sent_us);
    one_event(&t, EventKind::HalfClose);
}

// ----- zero-window -----------------------------------------------------------------------

#[test]
fn zero_window_stops_the_sender_probes_then_resumes() {
    let t = run("zero-window", &[]);
    let zero = from(&t, "client")
        .into_iter()
        .find(|s| s.window == 0)
        .unwrap();
    assert!(tagged(zero, Analysis::ZeroWindow));
    let probes: Vec<_> = from(&t, "server")
        .into_iter()
        .filter(|s| tagged(s, Analysis::ZeroWindowProbe))
        .collect();
    assert!(probes.len() >= 2);
    assert!(probes
        .iter()
        .all(|p| p.len == 1 && p.sent_us > zero.recv_us.unwrap()));
    // Persist timer backoff: the second probe waits twice as long as the first.
    let persist: Vec<_> = t
        .timers
        .iter()
        .filter(|x| x.endpoint == "server" && x.kind == TimerKind::Persist)
        .map(|x| x.deadline_us - x.armed_us)
        .collect();
    assert_eq!(&persist[..2], [1_000_000, 2_000_000]);
    assert_eq!(probes[1].sent_us - probes[0].sent_us, 2_000_000);
    // Each probe is answered: still zero.
    let answers = t
        .segments
        .iter()
        .filter(|s| tagged(s, Analysis::ZeroWindowProbeAck))
        .count();
    assert_eq!(answers, probes.len());
    // The application reads; a window update opens the window; data resumes.
    let read = events(&t, EventKind::AppRead)[0];
    let update = from(&t, "client")
        .into_iter()
        .find(|s| tagged(s, Analysis::WindowUpdate))
        .unwrap();
    assert_eq!(update.sent_us, read.at_us);
    assert!(update.window > 0);
    assert!(from(&t, "server")
        .iter()
        .any(|s| s.len > 1 && s.sent_us >= update.recv_us.unwrap()));
    // Nothing was sent beyond the advertised window (the probes' one octet apart), and
    // the window did limit the sender: some segment filled it exactly.
    let checked = assert_within_the_advertised_window(&t);
    assert!(checked > 5, "{checked} data segments checked");
    assert!(from(&t, "server")
        .iter()
        .any(|s| tagged(s, Analysis::WindowFull)));
    let got = one_event(&t, EventKind::ResponseReceived);
    assert!(got.text.contains("12000 bytes"), "{}", got.text);
}

/// Checks every data segment against what its sender knew when it sent it: `seq + len`
/// must not pass the right edge `ack + window` of the newest ACK that had reached the
/// sender (RFC 9293 3.8.6: SND.UNA + SND.WND), windows scaled as the SYNs agreed. ACKs that
/// arrived at the very instant the segment left may have been read after it: the segment
/// must fit one of them. A zero-window probe may carry its one octet beyond. Returns how
/// many were checked.
fn assert_within_the_advertised_window(t: &Trace) -> usize {
    let mut checked = 0;
    for c in t.connections.iter().filter(|c| c.proto == Proto::Tcp) {
        let segs: Vec<&Segment> = t.segments.iter().filter(|s| s.conn == c.id).collect();
        // The window scale each side's windows carry: its own SYN's option, if both SYNs
        // offered one (RFC 7323 2.2).
        let syn_scale = |who: &str| {
            segs.iter()
                .find(|s| s.from == who && s.has(Flag::Syn))
                .map(|s| s.options.wscale)
        };
        let (cs, ss) = (syn_scale(&c.client_endpoint), syn_scale(&c.server_endpoint));
        let scaled = matches!((cs, ss), (Some(Some(_)), Some(Some(_))));
        for s in segs.iter().filter(|s| s.len > 0 && !s.has(Flag::Syn)) {
            if tagged(s, Analysis::ZeroWindowProbe) {
                continue;
            }
            // The ACKs the sender may have read by then: the newest that arrived before the
            // segment left, and any that arrived at that very instant (read before or after
            // it was sent: the segment must fit the window of one of them).
            let acks: Vec<&&Segment> = segs
                .iter()
                .filter(|a| a.from == s.to && a.ack.is_some() && a.fate == Fate::Delivered)
                .filter(|a| a.recv_us.is_some_and(|r| r <= s.sent_us))
                .collect();
            let before = acks
                .iter()
                .filter(|a| a.recv_us < Some(s.sent_us))
                .max_by_key(|a| (a.recv_us, a.id));
            let same_instant = acks.iter().filter(|a| a.recv_us == Some(s.sent_us));
            let known: Vec<&&Segment> = before.into_iter().chain(same_instant).copied().collect();
            assert!(
                !known.is_empty(),
                "segment {} sent before any ACK arrived",
                s.id
            );
            let edge_of = |a: &Segment| {
                let shift = match (scaled, a.has(Flag::Syn)) {
                    (true, false) => {
                        let own = if a.from == c.client_endpoint { cs } else { ss };
                        own.flatten().unwrap_or(0)
                    }
                    _ => 0,
                };
                (a.ack.unwrap().wrapping_add(a.window << shift), shift)
            };
            let end = s.seq.wrapping_add(s.len);
            let fits = |a: &Segment| edge_of(a).0.wrapping_sub(end) as i32 >= 0;
            let newest = known.last().expect("one ACK at least");
            let (edge, shift) = edge_of(newest);
            assert!(
                known.iter().any(|a| fits(a)),
                "segment {} ends at {end}, beyond the window {} << {shift} that segment {} \
                 advertised from ack {:?} (right edge {edge}), and any other ACK it may have read",
                s.id,
                newest.window,
                newest.id,
                newest.ack
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn no_scenario_sends_beyond_the_advertised_window() {
    for info in scenario::list() {
        for params in [
            &[][..],
            &[("rcv_buf", "3000"), ("wscale", "2")][..],
            &[
                ("body_bytes", "60000"),
                ("rcv_buf", "8000"),
                ("wscale", "3"),
            ][..],
        ] {
            let params: Vec<_> = params
                .iter()
                .copied()
                .filter(|(k, _)| info.params.iter().any(|p| p.key == *k))
                .collect();
            let t = run(info.id, &params);
            assert_within_the_advertised_window(&t);
        }
    }
}

#[test]
fn zero_window_resumes_without_a_false_retransmission() {
    let t = run("zero-window", &[]);
    // tshark reads the segment that continues after the window update (it starts with the
    // probe byte) as ordinary data: no timer fired and nothing was lost.
    assert!(
        !t.segments
            .iter()
            .any(|s| tagged(s, Analysis::Retransmission)),
        "no RTO fired, nothing was lost"
    );
    assert!(!t
        .segments
        .iter()
        .any(|s| s.message_kept().is_some_and(|m| m.key == "seg.rtx.data")));
    // ... and the closing summary does not count one either.
    let summary = &one_event(&t, EventKind::Summary).msg.as_ref().unwrap().args;
    assert_eq!(summary["retransmissions"], "0");
}

#[test]
fn every_summary_counts_the_retransmissions_the_tags_show() {
    for info in scenario::list() {
        let t = run(info.id, &[("loss", "0.1"), ("seed", "3")]);
        let Some(summary) = t.events.iter().find(|e| e.kind == EventKind::Summary) else {
            continue;
        };
        let tagged_rtx = t
            .segments
            .iter()
            .filter(|s| {
                s.analysis.iter().any(|a| {
                    matches!(
                        a,
                        Analysis::Retransmission
                            | Analysis::FastRetransmission
                            | Analysis::SpuriousRetransmission
                    )
                })
            })
            .count();
        let args = &summary.msg.as_ref().unwrap().args;
        assert_eq!(
            args["retransmissions"],
            tagged_rtx.to_string(),
            "{}",
            info.id
        );
    }
}

// ----- big-response ----------------------------------------------------------------------

#[test]
fn big_response_is_a_train_of_mss_segments() {
    for mss in ["1460", "536"] {
        let t = run("big-response", &[("mss", mss)]);
        let mss: u32 = mss.parse().unwrap();
        let data: Vec<_> = from(&t, "server")
            .into_iter()
            .filter(|s| s.len > 0)
            .collect();
        let total: u32 = data.iter().map(|s| s.len).sum();
        assert!(total > 20_000);
        assert!(data.iter().all(|s| s.len <= mss));
        assert_eq!(
            data.len() as u32,
            total.div_ceil(mss),
            "all but the last are full"
        );
        assert!(t.segments.iter().all(|s| s.fate == Fate::Delivered));
        // 2000 kbit/s spaces full segments by their serialization time.
        let tx = u64::from(mss + 40) * 8 * 1_000_000 / 2_000_000;
        assert!(data
            .windows(2)
            .take(5)
            .all(|w| w[1].sent_us - w[0].sent_us == tx));
        // Delayed ACKs: one ACK for every second full-sized segment.
        let acks: Vec<_> = from(&t, "client")
            .into_iter()
            .filter(|s| is_pure_ack(s) && s.sent_us > data[0].sent_us)
            .filter(|s| s.ack.is_some_and(|a| a != data[0].ack.unwrap_or(0)))
            .collect();
        let covered: Vec<u32> = acks
            .windows(2)
            .map(|w| w[1].ack.unwrap().wrapping_sub(w[0].ack.unwrap()))
            .collect();
        assert!(!covered.is_empty());
        let (tail, pairs) = covered.split_last().unwrap();
        assert!(pairs.iter().all(|c| *c == 2 * mss), "{covered:?}");
        assert!(*tail <= 2 * mss, "{covered:?}");
        assert!(t
            .timers
            .iter()
            .any(|x| x.endpoint == "client" && x.kind == TimerKind::DelayedAck));
    }
}

// ----- every scenario --------------------------------------------------------------------

#[test]
fn every_scenario_is_deterministic() {
    for id in MINE {
        let a = run(id, &[("seed", "5")]);
        let b = run(id, &[("seed", "5")]);
        assert_eq!(a, b, "{id}");
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
        assert!(!a.segments.is_empty(), "{id}");
        assert!(a.end_us < 3_600_000_000, "{id} ends on its own");
    }
}

/// A segment's message key, read without making its message (`Segment::message_key`, as
/// the stories read a long run's), is the key of the message made in full: in every
/// scenario, with and without loss (retransmissions, SACK, probes).
#[test]
fn a_segments_key_alone_is_its_messages_key() {
    let mut keys = std::collections::BTreeSet::new();
    for info in scenario::list() {
        for params in [&[][..], &[("loss", "0.05"), ("seed", "7")][..]] {
            let Ok(t) = scenario::run_with(info.id, params) else {
                continue;
            };
            for s in &t.segments {
                let key = s.message_key().map(|k| k.into_owned());
                let made = s.message().map(|m| m.key.to_string());
                assert_eq!(key, made, "{}: segment {}", info.id, s.id);
                keys.extend(key);
            }
        }
    }
    // The check covers most of the words a segment can have.
    assert!(keys.len() >= 60, "{} keys: {keys:?}", keys.len());
}

#[test]
fn every_message_key_exists_in_both_languages() {
    for id in MINE {
        let t = run(id, &[("delayed_ack_ms", "100")]);
        for m in common::messages(&t) {
            for lang in [Lang::En, Lang::Zh] {
                let text = i18n::render(lang, m);
                assert_ne!(text, m.key, "{id}: missing key {}", m.key);
                assert!(!text.contains('{'), "{id}: unfilled {}: {text}", m.key);
            }
        }
        let info = scenario::find(id).unwrap();
        for key in [info.title, info.intro]
            .into_iter()
            .chain(info.params.iter().map(|p| p.help))
        {
            for lang in [Lang::En, Lang::Zh] {
                assert!(i18n::template(lang, key).is_some(), "{id}: missing {key}");
            }
        }
    }
}

#[test]
fn every_scenario_explains_every_segment_and_event() {
    for id in MINE {
        let t = run(id, &[]);
        for s in &t.segments {
            assert!(!s.explain_en().is_empty() && s.msg.is_some(), "{id}: {s:?}");
        }
        for e in &t.events {
            assert!(!e.text.is_empty() && e.msg.is_some(), "{id}: {e:?}");
        }
        // The story ends with its figures.
        let summary = one_event(&t, EventKind::Summary);
        assert_eq!(summary.at_us, t.end_us, "{id}");
        let args = &summary.msg.as_ref().unwrap().args;
        assert_eq!(args["segments"], t.segments.len().to_string(), "{id}");
        // The parameters used, tuned defaults included, are in the Trace.
        let info = scenario::find(id).unwrap();
        for p in info.params.iter().filter(|p| p.default.is_some()) {
            assert!(t.params.contains_key(p.key), "{id}: {}", p.key);
        }
    }
}

#[test]
fn tuned_defaults_differ_from_the_common_ones_where_the_story_needs_it() {
    let default = |id: &str, key: &str| {
        scenario::find(id)
            .unwrap()
            .params
            .iter()
            .find(|p| p.key == key)
            .unwrap()
            .default
    };
    assert_eq!(default("big-response", "bandwidth_kbps"), Some("2000"));
    assert_eq!(default("big-response", "delayed_ack_ms"), Some("200"));
    assert_eq!(default("zero-window", "rcv_buf"), Some("4380"));
    assert_eq!(
        default("middlebox-idle-timeout", "heartbeat_ms"),
        Some("8000")
    );
    assert_eq!(default("heartbeat", "bandwidth_kbps"), Some("0"));
    // Each key appears once.
    for id in MINE {
        let params = scenario::find(id).unwrap().params;
        for (i, p) in params.iter().enumerate() {
            assert!(
                params[i + 1..].iter().all(|q| q.key != p.key),
                "{id}: {} twice",
                p.key
            );
        }
    }
}

#[test]
fn every_own_parameter_at_its_limits_runs_or_is_refused_with_a_reason() {
    use wiretrace_core::scenario::ParamKind;
    let common: Vec<&str> = scenario::find("handshake")
        .unwrap()
        .params
        .iter()
        .map(|p| p.key)
        .collect();
    for id in MINE {
        let info = scenario::find(id).unwrap();
        for p in info.params.iter().filter(|p| !common.contains(&p.key)) {
            let values: Vec<String> = match p.kind {
                // Megabyte bodies are a benchmark's business; a million keeps this quick.
                ParamKind::Int { min, max } => {
                    vec![min.to_string(), max.min(1_000_000).to_string()]
                }
                ParamKind::Float { min, max } => vec![min.to_string(), max.to_string()],
                ParamKind::Bool => vec!["true".into(), "false".into()],
                ParamKind::Choice(words) => words.iter().map(|w| w.to_string()).collect(),
                ParamKind::SocketAddr | ParamKind::IdList => vec![],
            };
            for v in values {
                match scenario::run_with(id, &[(p.key, v.as_str())]) {
                    Ok(t) => assert!(t.end_us <= 3_600_000_000, "{id} {}={v}", p.key),
                    Err(ScenarioError::Conflict(why)) => assert!(!why.key.is_empty()),
                    Err(e) => panic!("{id} {}={v}: {e}", p.key),
                }
            }
        }
        // IPv6 addresses work everywhere, the middlebox included.
        let t = run(
            id,
            &[
                ("client.addr", "[2001:db8::116]:3337"),
                ("server.addr", "[2001:db8::123]:7788"),
            ],
        );
        assert!(t.segments[0].src.starts_with("[2001:db8::"), "{id}");
    }
}

#[test]
fn an_isn_of_2_pow_32_minus_1_is_explained_as_a_wrap_and_time_wait_says_its_msl_is_short() {
    let t = run("handshake", &[("client.isn", "4294967295")]);
    let syn = &t.segments[0];
    assert_eq!(syn.seq, u32::MAX);
    let m = syn.message_kept().unwrap();
    assert_eq!(
        (m.key.as_str(), m.args["next"].as_str()),
        ("seg.syn.wrap", "0")
    );
    assert_eq!(t.segments[1].ack, Some(0));
    assert_eq!(
        run("handshake", &[]).segments[0]
            .message_kept()
            .unwrap()
            .key,
        "seg.syn"
    );
    // TIME-WAIT with the default MSL of 1 s says it is shortened (RFC 9293: 2 minutes).
    let tw = t
        .timers
        .iter()
        .find(|x| x.kind == TimerKind::TimeWait)
        .unwrap();
    assert_eq!(tw.deadline_us - tw.armed_us, 2_000_000);
    assert_eq!(tw.msg.as_ref().unwrap().key, "timer.time_wait.short");
    let t = run("handshake", &[("msl_ms", "120000")]);
    let tw = t
        .timers
        .iter()
        .find(|x| x.kind == TimerKind::TimeWait)
        .unwrap();
    assert_eq!(tw.deadline_us - tw.armed_us, 240_000_000);
    assert_eq!(tw.msg.as_ref().unwrap().key, "timer.time_wait");
}

#[test]
fn every_scenario_ends_with_its_summary() {
    // Issue 5: the end of every scenario shows connections, segments, bytes, time and
    // retransmissions.
    for info in scenario::list() {
        let t = run(info.id, &[]);
        let summaries = events(&t, EventKind::Summary);
        assert_eq!(summaries.len(), 1, "{}", info.id);
        assert_eq!(summaries[0].at_us, t.end_us, "{}", info.id);
        let args = &summaries[0].msg.as_ref().unwrap().args;
        assert_eq!(
            args["segments"],
            t.segments.len().to_string(),
            "{}",
            info.id
        );
    }
}

#[test]
fn drop_takes_the_trace_segment_ids() {
    // `drop=` names segments by their Trace id (the `#` column of the log and the
    // transcript, `data-segment-id` on the page): `drop=3` loses the GET of `browse`.
    let t = run("browse", &[("drop", "3")]);
    let lost: Vec<u32> = t
        .segments
        .iter()
        .filter(|s| s.fate == Fate::Dropped)
        .map(|s| s.id)
        .collect();
    assert_eq!(lost, [3]);
    assert!(t.segments[3].http.as_deref().unwrap().starts_with("GET "));
    let e = scenario::run_with("browse", &[("drop", "3,x")]).unwrap_err();
    assert!(matches!(e, ScenarioError::BadValue { .. }), "{e}");
}

#[test]
fn an_ack_is_explained_as_a_duplicate_exactly_when_it_is_tagged_one() {
    // Out-of-order arrivals are answered at once; the explanation says "duplicate ACK" only
    // when the ACK repeats both the acknowledgment and the window (RFC 5681 2), else it
    // says what moved (the ack, or the window the application opened by reading).
    let mut seen = std::collections::BTreeSet::new();
    for (id, seed) in [
        ("browse", "5"),
        ("browse", "9"),
        ("big-response", "2"),
        ("fast-retransmit", "4"),
    ] {
        for loss in ["0.05", "0.1"] {
            let t = run(
                id,
                &[("loss", loss), ("seed", seed), ("body_bytes", "30000")],
            );
            for s in &t.segments {
                let key = s.message_kept().unwrap().key.as_str();
                if !key.starts_with("seg.ack.out_of_order") {
                    continue;
                }
                seen.insert(key.to_owned());
                assert_eq!(
                    key == "seg.ack.out_of_order",
                    tagged(s, Analysis::DuplicateAck),
                    "{id} loss {loss} seed {seed}: segment {} ({key}, {:?})",
                    s.id,
                    s.analysis
                );
                if key == "seg.ack.out_of_order.window" {
                    assert!(tagged(s, Analysis::WindowUpdate));
                }
            }
        }
    }
    assert!(seen.contains("seg.ack.out_of_order.window"), "{seen:?}");
}

// ----- peer-restart ----------------------------------------------------------------------

fn key(x: &Segment) -> &str {
    x.message_kept().map_or("", |m| m.key.as_str())
}

fn the_rst_of<'a>(t: &'a Trace, who: &str, conn: u32) -> &'a Segment {
    t.segments
        .iter()
        .find(|s| s.from == who && s.conn == conn && s.has(Flag::Rst))
        .unwrap_or_else(|| panic!("a RST from {who} on connection {conn}"))
}

#[test]
fn peer_restart_the_forgotten_connection_meets_a_rst_with_the_requests_ack_as_seq() {
    let t = run("peer-restart", &[]);
    let (crash, up) = (1_000_000, 3_000_000);
    assert_eq!(one_event(&t, EventKind::HostCrashed).at_us, crash);
    assert_eq!(one_event(&t, EventKind::HostCrashed).endpoint, "server");
    assert_eq!(one_event(&t, EventKind::HostRestarted).at_us, up);
    // The crash sends nothing: the server's connection and listener just end there.
    let lost: Vec<_> = t
        .states
        .iter()
        .filter(|c| c.endpoint == "server" && c.at_us == crash)
        .collect();
    assert_eq!(lost.len(), 2, "{lost:#?}");
    for c in &lost {
        assert_eq!(c.to, State::Closed);
        assert_eq!(c.segment, None);
        assert_eq!(c.rfc.as_deref(), Some("9293#3.5.1"));
    }
    assert!(lost
        .iter()
        .any(|c| c.conn == Some(0) && c.from == State::Established));
    assert!(lost
        .iter()
        .any(|c| c.conn.is_none() && c.from == State::Listen));
    // The web server starts again at the boot: its listener is back.
    assert!(t.states.iter().any(|c| c.endpoint == "server"
        && c.conn.is_none()
        && c.at_us == up
        && c.to == State::Listen));
    // No timer of the lost connection outlives the crash.
    for x in t
        .timers
        .iter()
        .filter(|x| x.endpoint == "server" && x.conn == Some(0))
    {
        assert!(x.ended_us.is_some_and(|e| e <= crash), "{x:?}");
    }
    let rst = the_rst_of(&t, "server", 0);
    assert!(
        t.segments
            .iter()
            .all(|s| !(s.from == "server" && s.sent_us >= crash && s.id < rst.id)),
        "nothing leaves the server between the crash and the RST"
    );
    // The RST answers the request written on the kept connection after the restart.
    let request = t
        .segments
        .iter()
        .rfind(|s| s.from == "client" && s.conn == 0 && s.len > 0 && s.id < rst.id)
        .unwrap();
    assert!(request.sent_us > up);
    assert_eq!(request.http.as_deref(), Some("GET /page1.html HTTP/1.1"));
    assert_eq!(key(request), "seg.http.request.half_open");
    assert_eq!(rst.flags, [Flag::Rst]);
    assert_eq!(
        rst.seq,
        request.ack.unwrap(),
        "RST seq = the segment's ACK field"
    );
    assert_eq!(rst.ack, None);
    assert_eq!(rst.sent_us, request.recv_us.unwrap());
    assert_eq!(key(rst), "seg.rst.forgotten");
    assert_eq!(rst.rfc.as_deref(), Some("9293#3.5.2"));
    // One sentence: the exact-match rule (RFC 5961 3.2) is behind the RFC link.
    assert!(
        rst.explain_en().contains("exactly what the peer expects"),
        "{}",
        rst.explain_en()
    );
    // That is exactly the client's RCV.NXT: the last byte it got from the server, plus one.
    let last_in = t
        .segments
        .iter()
        .filter(|s| s.from == "server" && s.conn == 0 && s.id < rst.id)
        .map(|s| s.seq.wrapping_add(s.len))
        .max()
        .unwrap();
    assert_eq!(rst.seq, last_in);
    // The client accepts it: CLOSED, and the application hears "reset by peer".
    let end = t
        .states
        .iter()
        .rfind(|c| c.endpoint == "client" && c.conn == Some(0))
        .unwrap();
    assert_eq!((end.from, end.to), (State::Established, State::Closed));
    assert_eq!(end.segment, Some(rst.id));
    assert_eq!(end.msg.as_ref().unwrap().key, "state.reset");
    let told = events(&t, EventKind::ConnectionReset);
    assert_eq!(told.len(), 1);
    assert_eq!(
        (told[0].endpoint.as_str(), told[0].conn, told[0].at_us),
        ("client", Some(0), rst.recv_us.unwrap())
    );
    assert!(told[0].text.contains("reset by peer"));
    // The Chinese explanations use the textbook words.
    let zh = i18n::render(Lang::Zh, rst.message_kept().unwrap());
    assert!(zh.contains("半开连接") && zh.contains("确认号"), "{zh}");
}

#[test]
fn peer_restart_reconnects_with_a_fresh_handshake_from_the_next_port_and_new_isns() {
    let t = run("peer-restart", &[]);
    assert_eq!(t.connections.len(), 2);
    let port = |c: &str| c.rsplit(':').next().unwrap().parse::<u16>().unwrap();
    let (old, new) = (&t.connections[0], &t.connections[1]);
    assert_eq!(old.server, new.server);
    // The host's ephemeral ports count up: the new connection leaves from the next one.
    assert_eq!(port(&new.client), port(&old.client) + 1);
    let syn = |conn: u32, who: &str| {
        t.segments
            .iter()
            .find(|s| s.conn == conn && s.from == who && s.has(Flag::Syn))
            .unwrap()
    };
    assert_ne!(syn(1, "client").seq, syn(0, "client").seq, "new client ISN");
    assert_ne!(syn(1, "server").seq, syn(0, "server").seq, "new server ISN");
    let rst = the_rst_of(&t, "server", 0);
    assert!(syn(1, "client").sent_us >= rst.recv_us.unwrap());
    let retried = one_event(&t, EventKind::RequestRetried);
    assert_eq!(retried.conn, Some(1));
    assert_eq!(retried.msg.as_ref().unwrap().args["index"], "2");
    assert_eq!(
        retried.msg.as_ref().unwrap().args["port"],
        port(&new.client).to_string()
    );
    // The same GET goes out again and is answered this time.
    let again = t
        .segments
        .iter()
        .find(|s| s.conn == 1 && s.from == "client" && s.len > 0)
        .unwrap();
    assert_eq!(again.http.as_deref(), Some("GET /page1.html HTTP/1.1"));
    assert_eq!(key(again), "seg.http.request.retry");
    assert_eq!(again.rfc.as_deref(), Some("9112#9.3.1"));
    // Its answer is response 2, as the client's event counts it, not the new
    // connection's first.
    let answer = t
        .segments
        .iter()
        .find(|s| s.conn == 1 && s.from == "server" && s.http.as_deref() == Some("HTTP/1.1 200 OK"))
        .unwrap();
    assert_eq!(key(answer), "seg.http.response");
    assert_eq!(answer.message().unwrap().args["index"], "2");
    assert!(answer
        .explain_en()
        .contains("response 2, the answer to GET /page1.html"));
    let received = events(&t, EventKind::ResponseReceived);
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].msg.as_ref().unwrap().args["index"], "2");
    // ... and the new connection ends politely, TIME-WAIT on the client.
    assert_eq!(path(&t, "client").last().copied(), Some(State::Closed));
    assert!(t
        .states
        .iter()
        .any(|c| c.endpoint == "client" && c.conn == Some(1) && c.to == State::TimeWait));
}

#[test]
fn peer_restart_without_reconnect_ends_at_the_reset() {
    let t = run("peer-restart", &[("reconnect", "false")]);
    assert_eq!(t.connections.len(), 1);
    let rst = the_rst_of(&t, "server", 0);
    assert_eq!(
        rst.id as usize,
        t.segments.len() - 1,
        "nothing after the RST"
    );
    one_event(&t, EventKind::ConnectionReset);
    assert_eq!(
        one_event(&t, EventKind::RequestFailed)
            .msg
            .as_ref()
            .unwrap()
            .args["index"],
        "2"
    );
    assert!(events(&t, EventKind::RequestRetried).is_empty());
}

#[test]
fn peer_restart_a_request_sent_while_the_host_is_down_is_lost_until_the_reboot_resets_it() {
    // The request leaves at 1.6 s, while the server host is down (1 s to 3 s).
    let t = run("peer-restart", &[("pause_ms", "1500")]);
    let rst = the_rst_of(&t, "server", 0);
    let tries: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.from == "client" && s.conn == 0 && s.len > 0 && s.id < rst.id)
        .skip(1)
        .collect();
    assert!(tries.len() >= 2, "{tries:#?}");
    let (lost, last) = tries.split_at(tries.len() - 1);
    for s in lost {
        // Lost at the door of the dead host: nothing answers it.
        assert_eq!(s.fate, Fate::Dropped);
        assert!(s.lost_us().unwrap() >= 1_000_000 && s.lost_us().unwrap() < 3_000_000);
    }
    assert!(tagged(last[0], Analysis::Retransmission));
    assert!(last[0].recv_us.unwrap() > 3_000_000);
    assert_eq!(rst.seq, last[0].ack.unwrap());
    one_event(&t, EventKind::RequestRetried);
}

// ----- abort -----------------------------------------------------------------------------

fn no_fin_no_time_wait(t: &Trace) {
    assert!(t.segments.iter().all(|s| !s.has(Flag::Fin)), "no FIN");
    assert!(
        t.states.iter().all(|c| c.to != State::TimeWait),
        "no TIME-WAIT"
    );
    assert!(t.timers.iter().all(|x| x.kind != TimerKind::TimeWait));
}

#[test]
fn abort_by_the_client_sends_rst_instead_of_fin_and_leaves_no_time_wait() {
    let t = run("abort", &[]);
    no_fin_no_time_wait(&t);
    let abort = one_event(&t, EventKind::AppAbort);
    assert_eq!(abort.endpoint, "client");
    let rst = the_rst_of(&t, "client", 0);
    assert_eq!(rst.sent_us, abort.at_us);
    assert_eq!(key(rst), "seg.rst.abort");
    assert_eq!(rst.rfc.as_deref(), Some("9293#3.10.5"));
    // Mid-transfer: part of the response is in, and more is still on its way.
    let data_in = |before: u64| {
        t.segments
            .iter()
            .filter(|s| s.from == "server" && s.len > 0 && s.recv_us.is_some_and(|r| r <= before))
            .count()
    };
    assert!(data_in(abort.at_us) > 0);
    assert!(t
        .segments
        .iter()
        .any(|s| s.from == "server" && s.len > 0 && s.recv_us.is_some_and(|r| r > abort.at_us)));
    // The RST carries SND.NXT: just after the request, the only bytes the client sent.
    let request = from(&t, "client").into_iter().find(|s| s.len > 0).unwrap();
    assert_eq!(rst.seq, request.seq.wrapping_add(request.len));
    // Both sides end in CLOSED through this RST: the client at once, the server on arrival.
    let ends: Vec<_> = t.states.iter().filter(|c| c.to == State::Closed).collect();
    assert_eq!(ends.len(), 2, "{ends:#?}");
    let client_end = ends.iter().find(|c| c.endpoint == "client").unwrap();
    assert_eq!(
        (client_end.from, client_end.at_us, client_end.segment),
        (State::Established, abort.at_us, Some(rst.id))
    );
    assert_eq!(client_end.msg.as_ref().unwrap().key, "state.abort");
    let server_end = ends.iter().find(|c| c.endpoint == "server").unwrap();
    assert_eq!(
        (server_end.from, server_end.at_us, server_end.segment),
        (State::Established, rst.recv_us.unwrap(), Some(rst.id))
    );
    assert_eq!(server_end.msg.as_ref().unwrap().key, "state.reset");
    let told = one_event(&t, EventKind::ConnectionReset);
    assert_eq!(
        (told.endpoint.as_str(), told.at_us),
        ("server", rst.recv_us.unwrap())
    );
    // The server sends nothing once it has the RST.
    assert!(t
        .segments
        .iter()
        .all(|s| !(s.from == "server" && s.sent_us > rst.recv_us.unwrap())));
    // Each data segment that reaches the client after the abort is answered by one more
    // RST (RFC 9293 3.10.7.1), seq = its ACK field; the closed server discards them.
    let late: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.from == "server" && s.recv_us.is_some_and(|r| r > abort.at_us))
        .collect();
    let answers: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.from == "client" && s.has(Flag::Rst) && s.id != rst.id)
        .collect();
    assert!(!late.is_empty());
    assert_eq!(late.len(), answers.len());
    for (seg, ans) in late.iter().zip(&answers) {
        assert_eq!(ans.sent_us, seg.recv_us.unwrap());
        assert_eq!(ans.seq, seg.ack.unwrap());
        assert_eq!(ans.rfc.as_deref(), Some("9293#3.10.7.1"));
        assert!(ans.recv_us.unwrap() > server_end.at_us);
        assert_eq!(key(ans), "seg.rst.after_abort.discarded");
    }
}

#[test]
fn abort_by_the_server_resets_the_client_and_answers_its_late_acks() {
    let t = run("abort", &[("aborter", "server")]);
    no_fin_no_time_wait(&t);
    let abort = one_event(&t, EventKind::AppAbort);
    assert_eq!(abort.endpoint, "server");
    let rst = the_rst_of(&t, "server", 0);
    assert_eq!(key(rst), "seg.rst.abort");
    // SND.NXT: the end of the last data the server sent; the rest of the page is dropped.
    let sent_end = t
        .segments
        .iter()
        .filter(|s| s.from == "server" && s.len > 0)
        .map(|s| s.seq.wrapping_add(s.len))
        .max()
        .unwrap();
    assert_eq!(rst.seq, sent_end);
    let page = t
        .segments
        .iter()
        .filter(|s| s.from == "server")
        .map(|s| s.len)
        .sum::<u32>();
    assert!(page < 60_000, "the transfer was cut: {page} bytes");
    // Every byte sent before the RST arrives first, so the RST matches RCV.NXT exactly.
    let client_end = t
        .states
        .iter()
        .find(|c| c.endpoint == "client" && c.to == State::Closed)
        .unwrap();
    assert_eq!(client_end.segment, Some(rst.id));
    assert_eq!(client_end.msg.as_ref().unwrap().key, "state.reset");
    let told = one_event(&t, EventKind::ConnectionReset);
    assert_eq!(
        (told.endpoint.as_str(), told.at_us),
        ("client", rst.recv_us.unwrap())
    );
    // The client's ACKs already on their way meet RSTs from the server host, one each, in
    // order (a RST waits while the link still carries the last data segment).
    let late: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.from == "client" && s.recv_us.is_some_and(|r| r > abort.at_us))
        .collect();
    let answers: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.from == "server" && s.has(Flag::Rst) && s.id != rst.id)
        .collect();
    assert!(!late.is_empty());
    assert_eq!(late.len(), answers.len());
    for (ack, ans) in late.iter().zip(&answers) {
        assert!(ans.sent_us >= ack.recv_us.unwrap());
        assert_eq!(ans.seq, ack.ack.unwrap());
        assert!(key(ans).starts_with("seg.rst.after_abort"), "{}", key(ans));
    }
    // The abort's own RST leaves first, ahead of the resets made after it.
    assert!(answers.iter().all(|a| a.id > rst.id));
}

#[test]
fn abort_after_the_response_resets_an_idle_connection_with_one_rst() {
    let t = run("abort", &[("abort_after_ms", "2000")]);
    no_fin_no_time_wait(&t);
    let done = one_event(&t, EventKind::ResponseReceived);
    let abort = one_event(&t, EventKind::AppAbort);
    assert!(done.at_us < abort.at_us);
    let rsts: Vec<_> = t.segments.iter().filter(|s| s.has(Flag::Rst)).collect();
    assert_eq!(rsts.len(), 1, "nothing was in flight: one RST");
    assert_eq!(rsts[0].sent_us, abort.at_us);
    assert_eq!(one_event(&t, EventKind::ConnectionReset).endpoint, "server");
}

// ----- tcp-keepalive, peer=restart -------------------------------------------------------

#[test]
fn keepalive_detects_a_rebooted_peer_with_the_first_probe_after_the_boot() {
    for down in ["2000", "8000"] {
        let t = run("tcp-keepalive", &[("peer", "restart"), ("down_ms", down)]);
        let up = 15_000_000 + down.parse::<u64>().unwrap() * 1000;
        assert_eq!(one_event(&t, EventKind::HostCrashed).at_us, 15_000_000);
        assert_eq!(one_event(&t, EventKind::HostRestarted).at_us, up);
        assert!(events(&t, EventKind::LinkCut).is_empty());
        let probes: Vec<_> = t
            .segments
            .iter()
            .filter(|s| tagged(s, Analysis::KeepAlive))
            .collect();
        // Before the crash a probe is answered by an ACK...
        assert!(t.segments.iter().any(|s| tagged(s, Analysis::KeepAliveAck)));
        // ... while the host is down probes are lost, and the first one after the boot
        // meets a RST whose seq is the probe's ACK field.
        let after: Vec<_> = probes.iter().filter(|p| p.sent_us > 15_000_000).collect();
        let (lost, first_up) = after.split_at(after.len() - 1);
        assert!(lost.iter().all(|p| p.fate == Fate::Dropped), "{down}");
        assert!(first_up[0].recv_us.unwrap() > up);
        let rst = the_rst_of(&t, "server", 0);
        assert_eq!(rst.seq, first_up[0].ack.unwrap());
        assert_eq!(rst.sent_us, first_up[0].recv_us.unwrap());
        assert_eq!(key(rst), "seg.rst.forgotten");
        // The connection is reset at once: no more probes, no time-out.
        assert_eq!(rst.id as usize, t.segments.len() - 1);
        let told = one_event(&t, EventKind::ConnectionReset);
        assert_eq!(
            (told.endpoint.as_str(), told.at_us),
            ("client", rst.recv_us.unwrap())
        );
        assert!(events(&t, EventKind::ConnectionTimedOut).is_empty());
        let end = t.states.iter().rfind(|c| c.endpoint == "client").unwrap();
        assert_eq!((end.to, end.segment), (State::Closed, Some(rst.id)));
    }
    // The default still shows a peer that vanishes: the probes time the connection out.
    let t = run("tcp-keepalive", &[]);
    assert!(events(&t, EventKind::HostCrashed).is_empty());
    one_event(&t, EventKind::ConnectionTimedOut);
}
