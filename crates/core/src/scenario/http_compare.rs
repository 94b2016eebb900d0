//! `http-compare`: the same pages fetched three ways, one after another over the same link:
//! HTTP/1.0 (a connection per request), HTTP/1.1 keep-alive (one connection, one request
//! at a time) and HTTP/1.1 pipelining (one connection, every request at once). After each
//! part a `compare-result` event gives its figures (connections opened, segments, bytes,
//! round trips, time), and a `compare-summary` event ranks the three.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::common::{self, client_server};
use super::story::{self, Figures};
use super::web::{self, BODY_BYTES, CLIENT_THINK_MS, SERVER_THINK_MS};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::agent::UserAgent;
use crate::app::http::{ClientMode, HttpServer, Version};
use crate::trace::{EventKind, Flag, Msg, Trace};
use crate::units::ms;

/// `gap_ms`: pause between the three parts.
const GAP_MS: ParamSpec = ParamSpec {
    key: "gap_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("300"),
    help: "param.gap_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "http-compare",
    title: "scenario.http-compare.title",
    intro: "scenario.http-compare.intro",
    params: &common::with_default(
        *crate::with_common![
            common::REQUESTS,
            SERVER_THINK_MS,
            CLIENT_THINK_MS,
            BODY_BYTES,
            GAP_MS
        ],
        "requests",
        "3",
    ),
};

/// The three ways, in the order they run: (term key of the name, version, mode).
const WAYS: [(&str, Version, ClientMode); 3] = [
    (
        "term.way.http10",
        Version::Http10,
        ClientMode::ConnectionPerRequest,
    ),
    ("term.way.keepalive", Version::Http11, ClientMode::KeepAlive),
    (
        "term.way.pipelining",
        Version::Http11,
        ClientMode::Pipelined,
    ),
];

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut pair = client_server(p)?;
    let requests = p.u64("requests")?;
    let mut server = web::server_config(p, pair.server_addr.port())?;
    // A server that works on pipelined requests at once, so pipelining gets its due.
    server.concurrent = true;
    let batches = WAYS
        .iter()
        .map(|(label, version, mode)| web::batch(label, *version, *mode, requests))
        .collect();
    let mut agent = web::agent_config(p, pair.server_addr, batches)?;
    agent.gap_us = p.ms_as_us("gap_ms")?;
    pair.sim.add_app(pair.server, HttpServer::new(server));
    pair.sim.add_app(pair.client, UserAgent::new(agent));
    let mut trace = web::finish(pair.sim, p);
    add_results(&mut trace);
    Ok(trace)
}

/// What one way cost.
struct Outcome {
    /// Term key of the way's name.
    label: String,
    requests: usize,
    figures: Figures,
    round_trips: usize,
    /// From the first SYN to the last response.
    total_us: u64,
    /// When the part ended (its `batch-done` event).
    at_us: u64,
}

/// Round trips the client sat through: the periods it waited for an answer (a SYN,ACK
/// or a response), overlapping periods counted once.
fn round_trips(mut waits: Vec<(u64, u64)>) -> usize {
    waits.sort_unstable();
    let mut count = 0;
    let mut end = None;
    for (a, b) in waits {
        match end {
            Some(e) if a < e => end = Some(e.max(b)),
            _ => {
                count += 1;
                end = Some(b);
            }
        }
    }
    count
}

/// Reads each part back from the trace and writes its figures as `compare-result`
/// events, then a `compare-summary` ranking the parts by time.
fn add_results(trace: &mut Trace) {
    let client = trace
        .endpoints
        .first()
        .map(|e| e.id.clone())
        .unwrap_or_default();
    let mut results: Vec<Outcome> = Vec::new();
    for (key, _, _) in WAYS {
        let label = crate::i18n::template(crate::i18n::Lang::En, key).unwrap_or(key);
        let arg = |e: &crate::trace::Event, k: &str| -> Option<String> {
            e.msg.as_ref().and_then(|m| m.args.get(k).cloned())
        };
        let mine = |e: &&crate::trace::Event| arg(e, "batch").as_deref() == Some(label);
        let mut conns: Vec<u32> = Vec::new();
        let mut sent: BTreeMap<String, u64> = BTreeMap::new();
        let mut waits: Vec<(u64, u64)> = Vec::new();
        let mut last_response = 0;
        for e in trace.events.iter().filter(mine) {
            let index = arg(e, "index").unwrap_or_default();
            match e.kind {
                EventKind::RequestSent => {
                    if let Some(c) = e.conn {
                        if !conns.contains(&c) {
                            conns.push(c);
                        }
                    }
                    sent.insert(index, e.at_us);
                }
                EventKind::ResponseReceived => {
                    if let Some(&at) = sent.get(&index) {
                        waits.push((at, e.at_us));
                    }
                    last_response = last_response.max(e.at_us);
                }
                _ => {}
            }
        }
        let mut first_syn = u64::MAX;
        for &c in &conns {
            let syn = trace
                .segments
                .iter()
                .find(|s| s.conn == c && s.has(Flag::Syn) && !s.has(Flag::Ack));
            let syn_ack = trace
                .segments
                .iter()
                .find(|s| s.conn == c && s.has(Flag::Syn) && s.has(Flag::Ack));
            if let (Some(a), Some(b)) = (syn, syn_ack.and_then(|s| s.recv_us)) {
                waits.push((a.sent_us, b));
                first_syn = first_syn.min(a.sent_us);
            }
        }
        let done = trace
            .events
            .iter()
            .find(|e| e.kind == EventKind::BatchDone && arg(e, "label").as_deref() == Some(label))
            .map(|e| e.at_us)
            .unwrap_or(trace.end_us);
        results.push(Outcome {
            label: key.to_string(),
            requests: sent.len(),
            figures: story::figures(trace, Some(&conns)),
            round_trips: round_trips(waits),
            total_us: last_response.saturating_sub(first_syn.min(last_response)),
            at_us: done,
        });
    }
    for r in &results {
        let f = &r.figures;
        let m = Msg::of(
            "event.compare_result",
            &[
                ("requests", r.requests.to_string()),
                ("connections", f.connections.to_string()),
                ("segments", f.segments.to_string()),
                ("bytes", f.bytes.to_string()),
                ("round_trips", r.round_trips.to_string()),
                ("ms", ms(r.total_us)),
            ],
        )
        .with_term("label", &r.label);
        let e = story::event(r.at_us, &client, None, EventKind::CompareResult, m);
        story::insert_event(trace, e);
    }
    let mut ranked: Vec<&Outcome> = results.iter().collect();
    ranked.sort_by_key(|r| r.total_us);
    if let [a, b, c] = ranked.as_slice() {
        let m = Msg::of(
            "event.compare_summary",
            &[
                ("first_ms", ms(a.total_us)),
                ("second_ms", ms(b.total_us)),
                ("third_ms", ms(c.total_us)),
            ],
        )
        .with_term("first", &a.label)
        .with_term("second", &b.label)
        .with_term("third", &c.label);
        let at = results.iter().map(|r| r.at_us).max().unwrap_or(0);
        let e = story::event(at, &client, None, EventKind::CompareSummary, m);
        story::insert_event(trace, e);
    }
}
