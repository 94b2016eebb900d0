//! Fuzzing what the page and the CLI draw from a Trace they did not make or did not
//! expect: the Traces of mutated real captures, Trace JSON files with numbers, names and
//! lists changed at random, and runs of every scenario with its parameters at the ends of
//! their ranges (what a share link may ask). The readers' own fuzzing
//! (`wiretrace-capture`'s `tests/fuzz.rs`) stops at the Trace; a page then lays it out,
//! tells its story step by step, plots it and exports it, and a panic in any of those
//! kills the page. Every one of them must finish.
//!
//! `PROPTEST_CASES=20000 cargo test -p wiretrace-cli --test fuzz_figures` runs a longer
//! campaign than CI's: it sets every property's cases, the engine runs' too.

use proptest::prelude::*;
use serde_json::Value;
use wiretrace_capture::{import, to_pcap, Selection, Side};
use wiretrace_core::i18n::Lang;
use wiretrace_core::net::Limits;
use wiretrace_core::scenario::ParamKind;
use wiretrace_core::trace::Trace;
use wiretrace_diagram::layout::{layout, Options};
use wiretrace_diagram::plot::{self, PlotKind};
use wiretrace_diagram::story::Story;
use wiretrace_diagram::text::TextOptions;
use wiretrace_diagram::{lod, mermaid, numbers, overview, plantuml, scene, sequence, svg};

#[path = "../../capture/tests/common/mutation.rs"]
mod mutation;
use mutation::{cases, fixture, mutate};

/// Everything the page and the CLI work out from a Trace, at a few steps.
fn draw_everything(t: &Trace) {
    for (lang, compact) in [(Lang::En, false), (Lang::Zh, true)] {
        let opts = Options {
            lang,
            compact,
            ..Options::default()
        };
        let _ = svg::export(t, &opts);
        let _ = mermaid::render(t, &opts);
        let _ = plantuml::render(t, &opts);
        let _ = wiretrace_diagram::text::transcript(
            t,
            &TextOptions {
                lang,
                explain: true,
                ..TextOptions::default()
            },
        );
    }
    let opts = Options::default();
    let l = layout(t, &opts);
    let story = Story::new(t);
    let _ = sequence::items(t, &l);
    let _ = overview::Overview::new(t, &l, 64);
    let arrows: Vec<_> = l.arrows.iter().enumerate().collect();
    for tz in [0.01, 1.0] {
        let _ = lod::group(t, &l, &story, arrows.iter().copied(), tz, Some(0));
    }
    let bases = numbers::SeqBases::new(t);
    for s in &t.segments {
        let _ = numbers::segment_label(s, &bases, numbers::Numbering::Relative);
        let _ = numbers::segment_note(s, Lang::Zh);
    }
    let n = t.segments.len();
    // The steps a page can be at: none played, some, all, and everything (exports).
    let steps = [0, 1.min(n), n / 2, n.saturating_sub(1), n, usize::MAX];
    for &step in &steps {
        let view = scene::View {
            shown: step,
            timers: true,
            travel: true,
            playhead: true,
            hide_future: step % 2 == 0,
        };
        let _ = scene::body(t, &l, &view);
        let _ = wiretrace_diagram::story::states_at(t, step);
        let _ = story.events_of_step(step);
        let _ = story.timers_running(t, step);
        for (e, _) in t.endpoints.iter().enumerate() {
            for c in 0..t.connections.len() {
                let _ = story.tcb_at(t, e as u32, c as u32, step);
            }
        }
        let _ = wiretrace_diagram::story::question(t, step.min(u32::MAX as usize) as u32);
    }
    let conns = (0..t.connections.len() as u32 + 1).map(Some).chain([None]);
    for conn in conns {
        for kind in PlotKind::ALL {
            let _ = plot::export(t, kind, conn, Lang::En, None);
            let _ = plot::export(t, kind, conn, Lang::Zh, Some((1, 1_000)));
        }
    }
    let _ = to_pcap(t, Side::Client);
    let _ = to_pcap(t, Side::Server);
    // What the page exports it opens again (a float may come back one unit in the last
    // place apart: serde_json's default float parsing).
    let json = serde_json::to_string(t).unwrap();
    let back: Trace = serde_json::from_str(&json).unwrap();
    if let Some((a, b)) = back.segments.iter().zip(&t.segments).find(|(a, b)| a != b) {
        panic!("segment {} reads back as {a:?}, written as {b:?}", b.id);
    }
    assert_eq!(back.segments.len(), t.segments.len());
}

/// The Traces the JSON mutations start from: scenario runs and imported captures.
fn seeds() -> &'static [Value] {
    static SEEDS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut traces: Vec<Trace> = [
            "browse",
            "data-loss",
            "middlebox-idle-timeout",
            "http11-pipelining",
            "fast-recovery",
        ]
        .iter()
        .map(|id| wiretrace_core::scenario::run(id, &[]).unwrap())
        .collect();
        for name in ["keepalive.pcap", "handwritten.txt", "two-interfaces.pcapng"] {
            traces.push(import(name, &fixture(name), &Selection::all()).unwrap());
        }
        traces
            .iter()
            .map(|t| serde_json::to_value(t).unwrap())
            .collect()
    })
}

/// The values a number is changed to.
fn odd_number(pick: u8, random: u64) -> Value {
    match pick % 8 {
        0 => Value::from(0),
        1 => Value::from(1),
        2 => Value::from(u32::MAX),
        3 => Value::from(u32::MAX - 1),
        4 => Value::from(u64::MAX),
        5 => Value::from(random % 1_000),
        6 => Value::from(random),
        _ => Value::from(-1),
    }
}

/// Walks to the `at`-th leaf or list (in document order, modulo their count) and changes it.
fn edit(v: &mut Value, at: usize, pick: u8, random: u64) {
    fn count(v: &Value) -> usize {
        match v {
            Value::Array(a) => 1 + a.iter().map(count).sum::<usize>(),
            Value::Object(o) => o.values().map(count).sum(),
            _ => 1,
        }
    }
    fn walk(v: &mut Value, at: &mut usize, pick: u8, random: u64) -> bool {
        match v {
            Value::Array(a) => {
                if *at == 0 {
                    // A list loses an element, or repeats one.
                    if !a.is_empty() {
                        let i = random as usize % a.len();
                        if pick % 2 == 0 {
                            a.remove(i);
                        } else {
                            let e = a[i].clone();
                            a.insert(i, e);
                        }
                    }
                    return true;
                }
                *at -= 1;
                a.iter_mut().any(|e| walk(e, at, pick, random))
            }
            Value::Object(o) => o.values_mut().any(|e| walk(e, at, pick, random)),
            leaf => {
                if *at > 0 {
                    *at -= 1;
                    return false;
                }
                *leaf = match leaf {
                    Value::Number(_) => odd_number(pick, random),
                    Value::String(_) => Value::from(
                        [
                            "client",
                            "server",
                            "ghost",
                            "",
                            "10.0.0.1:80",
                            "GET / HTTP/1.1",
                        ][pick as usize % 6],
                    ),
                    Value::Bool(b) => Value::from(!*b),
                    Value::Null => odd_number(pick, random),
                    _ => unreachable!(),
                };
                true
            }
        }
    }
    let n = count(v);
    let mut at = at % n.max(1);
    walk(v, &mut at, pick, random);
}

/// A value of `kind` at an end of its range, or in its middle, as `pick` says.
fn edge_value(kind: &ParamKind, pick: u8) -> String {
    match kind {
        ParamKind::Int { min, max } => {
            [*min, *max, min + (max - min) / 2][pick as usize % 3].to_string()
        }
        ParamKind::Float { min, max } => {
            [*min, *max, (min + max) / 2.0][pick as usize % 3].to_string()
        }
        ParamKind::Bool => (pick % 2 == 0).to_string(),
        ParamKind::SocketAddr => ["10.0.0.1:1", "[2001:db8::1]:65535", "255.255.255.255:65535"]
            [pick as usize % 3]
            .to_string(),
        ParamKind::IdList => ["", "0", "0,1,2,3,5,8,13"][pick as usize % 3].to_string(),
        ParamKind::Choice(words) => words[pick as usize % words.len()].to_string(),
    }
}

/// Segments a fuzzed run stops at: long enough for trains, bins and every plot to start
/// working, short enough for a debug build.
const RUN_CAP: usize = 3_000;

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn traces_of_mutated_captures(
        which in 0usize..6,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..8),
    ) {
        let name = ["single-get.pcap", "single-get.pcapng", "ipv6-any.pcap",
                    "pipelining.tcpdump-A.txt", "handwritten.txt", "keepalive.tcpdump.txt"][which];
        let mut sel = Selection::all();
        sel.max_segments = 300;
        if let Ok(t) = import(name, &mutate(fixture(name), &edits, None), &sel) {
            t.check_times().unwrap();
            draw_everything(&t);
        }
    }

    #[test]
    fn mutated_trace_json(
        which in 0usize..8,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u64>()), 1..6),
    ) {
        let mut v = seeds()[which].clone();
        for &(at, pick, random) in &edits {
            edit(&mut v, at, pick, random);
        }
        // What serde or the time check refuses the page refuses with their message (see
        // `wiretrace-web`'s `files::read_json`); the rest is drawn.
        if let Ok(t) = serde_json::from_value::<Trace>(v) {
            if t.check_times().is_ok() {
                draw_everything(&t);
            }
        }
    }
}

proptest! {
    // Each case runs the engine up to RUN_CAP segments: fewer of them in CI.
    #![proptest_config(ProptestConfig { cases: cases(24), ..ProptestConfig::default() })]

    #[test]
    fn scenarios_with_parameters_at_their_edges(
        which in any::<usize>(),
        picks in proptest::collection::vec(any::<u8>(), 24),
        moved in proptest::collection::vec(any::<bool>(), 24),
    ) {
        let list = wiretrace_core::scenario::list();
        let info = &list[which % list.len()];
        // Some parameters at an edge, the rest at their defaults.
        let params: Vec<(String, String)> = info
            .params
            .iter()
            .zip(picks.iter().zip(&moved).cycle())
            .filter(|(_, (_, moved))| **moved)
            .map(|(p, (pick, _))| (p.key.to_string(), edge_value(&p.kind, *pick)))
            .collect();
        // Every value is in its range, so only two values that cannot go together are
        // refused (and say so); the rest is drawn.
        match wiretrace_core::scenario::run_limited(info.id, &params, Limits::segments(RUN_CAP)) {
            Ok(t) => draw_everything(&t),
            Err(e) => prop_assert!(
                matches!(e, wiretrace_core::scenario::ScenarioError::Conflict(_)),
                "{} {params:?}: {e}",
                info.id
            ),
        }
    }
}
