//! The issue-3 slice through the public scenario API: the seed's tcpdump numbers, the ten
//! steps of browsing a page, the states each side passes through, and parameter errors.

// Native only (the browser runs tests/wasm.rs).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use wiretrace_core::scenario::{self, ScenarioError};
use wiretrace_core::tcp::State;
use wiretrace_core::trace::{Fate, Flag, TimerKind, TimerOutcome};

fn flags(t: &wiretrace_core::Trace) -> Vec<String> {
    t.segments.iter().map(|s| s.flags_text()).collect()
}

#[test]
fn handshake_prints_the_tcpdump_numbers() {
    let t = scenario::run_with(
        "handshake",
        &[("client.isn", "3626544836"), ("server.isn", "1739326486")],
    )
    .unwrap();
    let s = &t.segments;
    assert_eq!(
        (s[0].flags_text().as_str(), s[0].seq, s[0].ack),
        ("SYN", 3626544836, None)
    );
    assert_eq!(
        (s[1].flags_text().as_str(), s[1].seq, s[1].ack),
        ("SYN,ACK", 1739326486, Some(3626544837))
    );
    assert_eq!(
        (s[2].flags_text().as_str(), s[2].seq, s[2].ack),
        ("ACK", 3626544837, Some(1739326487))
    );
    assert_eq!(s[0].src, "192.168.1.116:3337");
    assert_eq!(s[0].dst, "192.168.1.123:7788");
    assert_eq!(s[0].recv_us, Some(20_000));
    assert_eq!(
        flags(&t),
        ["SYN", "SYN,ACK", "ACK", "FIN,ACK", "ACK", "FIN,ACK", "ACK"]
    );
    // The resolved parameters are the ones used.
    assert_eq!(t.params["client.isn"].to_string(), "3626544836");
    assert_eq!(t.params["server.isn"].to_string(), "1739326486");
    assert!(
        s[1].explain_en().contains("3626544837"),
        "{}",
        s[1].explain_en()
    );
}

#[test]
fn browse_shows_the_ten_steps_from_the_state_machine() {
    let t = scenario::run_with("browse", &[]).unwrap();
    assert_eq!(
        flags(&t),
        [
            "SYN", "SYN,ACK", "ACK", "PSH,ACK", "ACK", "PSH,ACK", "ACK", "FIN,ACK", "ACK",
            "FIN,ACK", "ACK"
        ]
    );
    let from: Vec<&str> = t.segments.iter().map(|s| s.from.as_str()).collect();
    assert_eq!(
        from,
        [
            "client", "server", "client", "client", "server", "server", "client", "client",
            "server", "server", "client"
        ]
    );
    assert_eq!(
        t.segments[3].http.as_deref(),
        Some("GET /index.html HTTP/1.1")
    );
    assert_eq!(t.segments[5].http.as_deref(), Some("HTTP/1.1 200 OK"));
    assert!(t.segments.iter().all(|s| s.fate == Fate::Delivered));
    // Every ack is the other side's seq plus what it sent.
    let req = &t.segments[3];
    assert_eq!(t.segments[4].ack, Some(req.seq.wrapping_add(req.len)));
    assert_eq!(req.payload.0.len() as u32, req.len);
    assert!(req.payload.0.starts_with(b"GET /index.html HTTP/1.1\r\n"));
    // States in order, per side.
    let side = |who: &str| -> Vec<State> {
        t.states
            .iter()
            .filter(|c| c.endpoint == who && c.conn.is_some())
            .map(|c| c.to)
            .collect()
    };
    use State::*;
    assert_eq!(
        side("client"),
        [SynSent, Established, FinWait1, FinWait2, TimeWait, Closed]
    );
    assert_eq!(
        side("server"),
        [SynReceived, Established, CloseWait, LastAck, Closed]
    );
    let listen = &t.states[0];
    assert_eq!(
        (listen.conn, listen.from, listen.to),
        (None, Closed, Listen)
    );
    // Each state change names its cause and RFC section.
    for c in &t.states {
        assert!(c.rfc.is_some(), "{c:?}");
        assert!(!c.why.is_empty());
    }
    // TIME-WAIT lasts 2 * MSL = 2 s and the run ends when it does.
    let tw = t
        .timers
        .iter()
        .find(|x| x.kind == TimerKind::TimeWait)
        .unwrap();
    assert_eq!(tw.deadline_us - tw.armed_us, 2_000_000);
    assert_eq!(tw.outcome, TimerOutcome::Fired);
    assert_eq!(t.end_us, tw.deadline_us);
    assert!(t.timers.iter().all(|x| x.outcome != TimerOutcome::Pending));
}

#[test]
fn delayed_acks_make_a_three_segment_close_and_piggyback_the_ack() {
    let t = scenario::run_with(
        "browse",
        &[
            ("delayed_ack_ms", "200"),
            ("server.think_ms", "0"),
            ("client.think_ms", "0"),
        ],
    )
    .unwrap();
    // The response carries the ACK of the request; the server's FIN carries the ACK of the
    // client's FIN.
    assert_eq!(
        flags(&t),
        ["SYN", "SYN,ACK", "ACK", "PSH,ACK", "PSH,ACK", "FIN,ACK", "FIN,ACK", "ACK"]
    );
}

#[test]
fn runs_are_deterministic_and_seeds_matter() {
    let a = scenario::run_with("browse", &[("seed", "7")]).unwrap();
    let b = scenario::run_with("browse", &[("seed", "7")]).unwrap();
    let c = scenario::run_with("browse", &[("seed", "8")]).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.segments[0].seq, c.segments[0].seq);
    assert_eq!(a.seed, Some(7));
}

#[test]
fn bad_parameters_are_refused_with_the_range() {
    let e = scenario::run_with("browse", &[("latency_ms", "-5")]).unwrap_err();
    assert!(matches!(&e, ScenarioError::BadValue { key, .. } if key == "latency_ms"));
    assert!(e.to_string().contains("0 to 10000"), "{e}");
    let e = scenario::run_with("browse", &[("nope", "1")]).unwrap_err();
    assert!(matches!(e, ScenarioError::UnknownParam { .. }));
    let e = scenario::run_with("nope", &[]).unwrap_err();
    assert!(matches!(e, ScenarioError::UnknownScenario(_)));
    let e = scenario::run_with("handshake", &[("server.addr", "192.168.1.116:80")]).unwrap_err();
    assert!(matches!(e, ScenarioError::Conflict(_)));
    let e = scenario::run_with("handshake", &[("client.addr", "[::1]:80")]).unwrap_err();
    assert!(matches!(e, ScenarioError::Conflict(_)));
}

#[test]
fn isn_just_below_the_wrap() {
    let t = scenario::run_with("browse", &[("client.isn", "4294967295")]).unwrap();
    assert_eq!(t.segments[0].seq, u32::MAX);
    assert_eq!(t.segments[1].ack, Some(0));
    assert_eq!(t.segments[3].seq, 0);
    let fin = t
        .segments
        .iter()
        .find(|s| s.has(Flag::Fin) && s.from == "client")
        .unwrap();
    assert_eq!(fin.seq, t.segments[3].len);
}

#[test]
fn every_message_key_exists_in_both_languages() {
    use wiretrace_core::i18n::{self, Lang};
    for id in ["handshake", "browse"] {
        let t = scenario::run_with(id, &[("delayed_ack_ms", "100")]).unwrap();
        for m in common::messages(&t) {
            for lang in [Lang::En, Lang::Zh] {
                let text = i18n::render(lang, m);
                assert_ne!(text, m.key, "missing key {}", m.key);
                assert!(
                    !text.contains('{'),
                    "unfilled placeholder in {}: {text}",
                    m.key
                );
            }
        }
        let info = scenario::find(id).unwrap();
        for key in [info.title, info.intro]
            .into_iter()
            .chain(info.params.iter().map(|p| p.help))
        {
            assert!(i18n::template(Lang::Zh, key).is_some(), "missing {key}");
        }
    }
}
