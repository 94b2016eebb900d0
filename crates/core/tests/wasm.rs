//! The engine compiled to wasm and run in headless Chromium, the way the page runs it.
//!
//! Run with `cargo test --target wasm32-unknown-unknown -p wiretrace-core --test wasm`
//! (`.cargo/config.toml` makes `wasm-bindgen-test-runner` the runner; `./scripts/test` sets
//! up chromedriver). Natively this file compiles to nothing.
//!
//! What it guards: a run is deterministic in wasm as it is natively (same scenario and
//! parameters, same Trace, byte for byte), 32-bit sequence arithmetic gives the wire numbers
//! of the seed's tcpdump example, and bad parameters come back as errors: a panic here
//! would kill the page.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use wiretrace_core::scenario::{self, ParamKind, ScenarioError};
use wiretrace_core::trace::{Flag, Proto};
use wiretrace_core::Trace;

wasm_bindgen_test_configure!(run_in_browser);

fn json(trace: &Trace) -> String {
    serde_json::to_string(trace).expect("a Trace always serializes")
}

#[wasm_bindgen_test]
fn the_scenarios_of_issue_3_exist() {
    let ids: Vec<&str> = scenario::list().iter().map(|s| s.id).collect();
    for id in ["handshake", "browse"] {
        assert!(ids.contains(&id), "scenario '{id}' missing from {ids:?}");
        assert!(scenario::find(id).is_some(), "find('{id}') is None");
    }
}

#[wasm_bindgen_test]
fn every_scenario_is_deterministic_and_not_empty() {
    for info in scenario::list() {
        let first = scenario::run(info.id, &[])
            .unwrap_or_else(|e| panic!("{} with defaults failed: {e}", info.id));
        let second = scenario::run(info.id, &[]).expect("second run");
        assert!(!first.segments.is_empty(), "{}: no segments", info.id);
        // TCP moves through states; UDP has none to show.
        if first.connections.iter().any(|c| c.proto == Proto::Tcp) {
            assert!(!first.states.is_empty(), "{}: no state changes", info.id);
        }
        assert_eq!(first.scenario.as_deref(), Some(info.id));
        assert_eq!(first, second, "{}: two runs differ", info.id);
        assert_eq!(json(&first), json(&second), "{}: JSON differs", info.id);

        // The JSON the page exports reads back as the same Trace.
        let back: Trace = serde_json::from_str(&json(&first)).expect("Trace JSON reads back");
        assert_eq!(json(&back), json(&first), "{}: JSON round trip", info.id);

        // Segment ids are their index, in send order.
        for (i, seg) in first.segments.iter().enumerate() {
            assert_eq!(seg.id as usize, i, "{}: segment id", info.id);
        }
        for pair in first.segments.windows(2) {
            assert!(
                pair[0].sent_us <= pair[1].sent_us,
                "{}: send order",
                info.id
            );
        }
    }
}

#[wasm_bindgen_test]
fn the_same_seed_gives_the_same_run_and_the_seed_is_recorded() {
    for info in scenario::list() {
        let a = scenario::run_with(info.id, &[("seed", "7")]).expect("seed 7");
        let b = scenario::run_with(info.id, &[("seed", "7")]).expect("seed 7 again");
        assert_eq!(json(&a), json(&b), "{}: seed 7 twice", info.id);
        assert_eq!(a.seed, Some(7), "{}: seed recorded", info.id);
    }
}

#[wasm_bindgen_test]
fn pinned_isns_give_the_numbers_of_the_tcpdump_example() {
    // 3626544836 + 1 and 1739326486 + 1 stay below 2^32; the ISNs are near the top of the
    // u32 range, where a 32-bit target's usize would overflow if anything used it.
    let trace = scenario::run_with(
        "handshake",
        &[("client.isn", "3626544836"), ("server.isn", "1739326486")],
    )
    .expect("handshake with pinned ISNs");
    let syn = &trace.segments[0];
    assert_eq!(syn.flags, vec![Flag::Syn]);
    assert_eq!((syn.seq, syn.ack), (3626544836, None));
    let syn_ack = &trace.segments[1];
    assert_eq!(syn_ack.flags, vec![Flag::Syn, Flag::Ack]);
    assert_eq!((syn_ack.seq, syn_ack.ack), (1739326486, Some(3626544837)));
    let ack = &trace.segments[2];
    assert_eq!(ack.flags, vec![Flag::Ack]);
    assert_eq!((ack.seq, ack.ack), (3626544837, Some(1739326487)));
}

#[wasm_bindgen_test]
fn isns_wrap_around_2_pow_32() {
    // An ISN of 2^32 - 1: the SYN consumes it and the next number is 0.
    for id in ["handshake", "browse"] {
        let trace = scenario::run_with(id, &[("client.isn", "4294967295")])
            .unwrap_or_else(|e| panic!("{id}: client.isn=4294967295 refused: {e}"));
        let first_from_client = trace
            .segments
            .iter()
            .find(|s| s.from == "client")
            .expect("the client sends");
        assert_eq!(first_from_client.seq, u32::MAX, "{id}");
        let answer = trace
            .segments
            .iter()
            .find(|s| s.from != "client" && s.flags.contains(&Flag::Syn))
            .expect("the server answers the SYN");
        assert_eq!(answer.ack, Some(0), "{id}: SYN,ACK acknowledges 0");
    }
}

#[wasm_bindgen_test]
fn an_unknown_scenario_is_an_error() {
    for id in [
        "",
        "nope",
        "HANDSHAKE",
        "browse ",
        "../browse",
        "\u{0}",
        "握手",
    ] {
        match scenario::run(id, &[]) {
            Err(ScenarioError::UnknownScenario(got)) => assert_eq!(got, id),
            other => panic!("run({id:?}) gave {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
fn an_unknown_parameter_is_an_error() {
    for info in scenario::list() {
        for key in ["nope", "", "client.", "client.isn.x", "LATENCY_MS"] {
            let result = scenario::run_with(info.id, &[(key, "1")]);
            assert!(
                matches!(result, Err(ScenarioError::UnknownParam { .. })),
                "{} with {key:?}=1 gave {result:?}",
                info.id
            );
        }
    }
}

/// Values no parameter of the given kind may accept.
fn bad_values(kind: ParamKind) -> Vec<String> {
    let mut v: Vec<String> = ["", " ", "abc", "\u{0}", "1 2", "💥", "--1"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.push("9".repeat(10_000));
    match kind {
        ParamKind::Int { min, max } => {
            v.extend(["1.5", "0x10", "1e3", "NaN", "99999999999999999999999"].map(String::from));
            if let Some(below) = min.checked_sub(1) {
                v.push(below.to_string());
            }
            if let Some(above) = max.checked_add(1) {
                v.push(above.to_string());
            }
        }
        ParamKind::Float { min, max } => {
            v.extend(["NaN", "inf", "-inf", "1e400", "1,5"].map(String::from));
            v.push((min - 1.0).to_string());
            v.push((max + 1.0).to_string());
        }
        ParamKind::Bool => v.extend(["maybe", "2", "yes please"].map(String::from)),
        ParamKind::SocketAddr => v.extend(
            [
                "1.2.3.4",
                "1.2.3.4:",
                "1.2.3.4:65536",
                "1.2.3.4:-1",
                "256.1.1.1:80",
                "[::1:80",
                "::1:80",
                "host:80",
            ]
            .map(String::from),
        ),
        ParamKind::IdList => v.extend(["a,b", "1,,2", "-1", "1;2"].map(String::from)),
        ParamKind::Choice(words) => {
            v.push("not-a-choice".into());
            if let Some(w) = words.first() {
                v.push(w.to_uppercase() + "x");
            }
        }
    }
    // Empty is a valid (empty) id list.
    if matches!(kind, ParamKind::IdList) {
        v.retain(|s| !s.is_empty());
    }
    v
}

#[wasm_bindgen_test]
fn bad_values_are_errors_naming_the_key() {
    for info in scenario::list() {
        for spec in info.params {
            for value in bad_values(spec.kind) {
                let result = scenario::run(info.id, &[(spec.key.into(), value.clone())]);
                match result {
                    Err(ScenarioError::BadValue { key, .. }) => assert_eq!(key, spec.key),
                    Err(ScenarioError::Conflict(why)) => assert!(!why.key.is_empty()),
                    other => panic!(
                        "{} {}={:?} should be refused, gave {:?}",
                        info.id,
                        spec.key,
                        value.chars().take(40).collect::<String>(),
                        other.map(|t| t.segments.len())
                    ),
                }
            }
        }
    }
}

#[wasm_bindgen_test]
fn a_negative_latency_is_refused() {
    // The page's `#s=browse&latency_ms=-5` must show an error, not a run.
    let result = scenario::run_with("browse", &[("latency_ms", "-5")]);
    assert!(
        matches!(&result, Err(ScenarioError::BadValue { key, .. }) if key == "latency_ms"),
        "gave {:?}",
        result.map(|t| t.segments.len())
    );
    let line = result.unwrap_err().to_string();
    assert!(line.contains("latency_ms"), "message names the key: {line}");
    assert!(!line.contains('\n'), "one line: {line}");
}

#[wasm_bindgen_test]
fn every_default_is_accepted_when_given_explicitly() {
    // A share link that spells out the defaults reopens the same run.
    for info in scenario::list() {
        let defaults: Vec<(String, String)> = info
            .params
            .iter()
            .filter_map(|p| p.default.map(|d| (p.key.to_string(), d.to_string())))
            .collect();
        let spelled = scenario::run(info.id, &defaults)
            .unwrap_or_else(|e| panic!("{}: its own defaults refused: {e}", info.id));
        let plain = scenario::run(info.id, &[]).expect("defaults");
        assert_eq!(json(&spelled), json(&plain), "{}", info.id);
    }
}
