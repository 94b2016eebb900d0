//! `server-push`: the same news followed two ways at once. On the left, a push client keeps
//! one TCP connection open and the server writes each item the moment it exists; on the
//! right, a polling client asks over HTTP every interval on a new short connection. After
//! the run, a `compare-result` event per way gives the items' latencies and the requests,
//! connections and segments it cost, and a `compare-summary` event puts them side by side.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::common::{self, cast};
use super::short_polling::INTERVAL_MS;
use super::story;
use super::web::{
    self, CLIENT_THINK_MS, NEWS_COUNT, NEWS_EVERY_MS, NEWS_FIRST_MS, SERVER_THINK_MS,
};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::news::{NewsConfig, NewsServer};
use crate::app::polling::{PollConfig, PollMode, Poller};
use crate::app::push::{PushClient, PushConfig};
use crate::net::HostSpec;
use crate::trace::{EventKind, Msg, Role, Trace};
use crate::units::ms;

/// `client2.addr`: the polling client's machine and first port.
const CLIENT2_ADDR: ParamSpec = ParamSpec {
    key: "client2.addr",
    kind: ParamKind::SocketAddr,
    default: Some("192.168.1.117:3337"),
    help: "param.client2.addr",
};

/// `push_port`: the server's port for push subscribers.
const PUSH_PORT: ParamSpec = ParamSpec {
    key: "push_port",
    kind: ParamKind::Int {
        min: 1,
        max: 65_535,
    },
    default: Some("7789"),
    help: "param.push_port",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "server-push",
    title: "scenario.server-push.title",
    intro: "scenario.server-push.intro",
    params: &common::with_default(
        common::with_default(
            *crate::with_common![
                INTERVAL_MS,
                NEWS_FIRST_MS,
                NEWS_EVERY_MS,
                NEWS_COUNT,
                CLIENT2_ADDR,
                PUSH_PORT,
                SERVER_THINK_MS,
                CLIENT_THINK_MS
            ],
            "news.count",
            "3",
        ),
        "news.first_ms",
        "300",
    ),
};

/// The two ways, as named in `event-delivered` events, with their lifelines.
/// Term keys of the two ways (the `via` of each delivery).
const PUSH: &str = "term.way.push";
const POLL: &str = "term.way.short-polling";

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let c = cast(p)?;
    let client2_addr = p.addr("client2.addr")?;
    if client2_addr.is_ipv4() != c.server_addr.is_ipv4() {
        return Err(ScenarioError::Conflict(Msg::of(
            "error.conflict.client2_family",
            &[],
        )));
    }
    if client2_addr.ip() == c.client_addr.ip() || client2_addr.ip() == c.server_addr.ip() {
        return Err(ScenarioError::Conflict(Msg::of(
            "error.conflict.client2_host",
            &[],
        )));
    }
    let push_port = p.u64("push_port")? as u16;
    if push_port == c.server_addr.port() {
        return Err(ScenarioError::Conflict(Msg::of(
            "error.conflict.push_port",
            &[],
        )));
    }
    let think = p.ms_as_us("server.think_ms")?;
    let client_think = p.ms_as_us("client.think_ms")?;
    let news = web::news_times(p)?;
    let items = news.len();
    let server_addr = c.server_addr;
    let mut sim = c.sim;
    let mut push_spec = c.client;
    relabel(&mut push_spec, "endpoint.push_client");
    let push_host = sim.add_host(push_spec);
    let server = sim.add_host(c.server);
    let mut poll_spec = HostSpec::new(
        "client2",
        "endpoint.poll_client",
        Role::Client,
        client2_addr.ip(),
    );
    poll_spec.first_port = client2_addr.port();
    poll_spec.tcp = common::tcp_config(p)?;
    let poll_host = sim.add_host(poll_spec);
    sim.add_link(push_host, server, c.link.clone());
    sim.add_link(poll_host, server, c.link);
    sim.add_app(
        server,
        NewsServer::new(NewsConfig {
            http_port: Some(server_addr.port()),
            push_port: Some(push_port),
            news_at_us: news,
            hold_us: None,
            think_us: think,
            offline_after_us: None,
            close_delay_us: think,
        }),
    );
    sim.add_app(
        push_host,
        PushClient::new(PushConfig {
            server: core::net::SocketAddr::new(server_addr.ip(), push_port),
            until_items: items,
            think_us: client_think,
        }),
    );
    sim.add_app(
        poll_host,
        Poller::new(PollConfig {
            server: server_addr,
            mode: PollMode::Short {
                interval_us: p.ms_as_us("interval_ms")?,
            },
            max_polls: 200,
            until_items: Some(items),
            think_us: client_think,
            label: String::from(POLL),
        }),
    );
    let mut trace = web::finish(sim, p);
    add_results(&mut trace);
    Ok(trace)
}

fn relabel(spec: &mut HostSpec, key: &'static str) {
    let m = Msg::of(key, &[]);
    spec.label = crate::i18n::render(crate::i18n::Lang::En, &m);
    spec.label_msg = Some(m);
}

/// One way's figures: latencies of its deliveries and what it cost on the wire.
fn result(trace: &Trace, via: &str, endpoint: &str) -> (Vec<f64>, usize, story::Figures) {
    let latencies: Vec<f64> = trace
        .events
        .iter()
        .filter(|e| e.kind == EventKind::EventDelivered)
        .filter_map(|e| e.msg.as_ref())
        .filter(|m| m.terms.get("via").map(String::as_str) == Some(via))
        .filter_map(|m| m.args.get("ms")?.parse().ok())
        .collect();
    let requests = trace
        .events
        .iter()
        .filter(|e| e.kind == EventKind::RequestSent && e.endpoint == endpoint)
        .count();
    let conns: Vec<u32> = trace
        .connections
        .iter()
        .filter(|c| c.client_endpoint == endpoint)
        .map(|c| c.id)
        .collect();
    (latencies, requests, story::figures(trace, Some(&conns)))
}

/// Milliseconds (as a float from the events) back to a number for a sentence.
fn fmt_ms(x: f64) -> String {
    // To a tenth of a millisecond (latencies are never negative; `as` truncates).
    ms((x * 10.0 + 0.5) as u64 * 100)
}

/// Writes a `compare-result` per way and a `compare-summary`.
fn add_results(trace: &mut Trace) {
    let ways = [(PUSH, "client"), (POLL, "client2")];
    let at = trace
        .events
        .iter()
        .filter(|e| e.kind == EventKind::EventDelivered)
        .map(|e| e.at_us)
        .max()
        .unwrap_or(trace.end_us);
    let mut means = Vec::new();
    for (via, endpoint) in ways {
        let (lat, requests, f) = result(trace, via, endpoint);
        let mean = if lat.is_empty() {
            0.0
        } else {
            lat.iter().sum::<f64>() / lat.len() as f64
        };
        let max = lat.iter().copied().fold(0.0, f64::max);
        means.push((mean, requests, f.connections));
        let m = Msg::of(
            "event.delivery_result",
            &[
                ("items", lat.len().to_string()),
                ("mean_ms", fmt_ms(mean)),
                ("max_ms", fmt_ms(max)),
                ("requests", requests.to_string()),
                ("connections", f.connections.to_string()),
                ("segments", f.segments.to_string()),
            ],
        )
        .with_term("label", via);
        let e = story::event(at, endpoint, None, EventKind::CompareResult, m);
        story::insert_event(trace, e);
    }
    if let [(push_mean, push_req, _), (poll_mean, poll_req, poll_conns)] = means.as_slice() {
        let m = Msg::of(
            "event.delivery_summary",
            &[
                ("push_ms", fmt_ms(*push_mean)),
                ("poll_ms", fmt_ms(*poll_mean)),
                ("push_requests", push_req.to_string()),
                ("poll_requests", poll_req.to_string()),
                ("poll_connections", poll_conns.to_string()),
            ],
        );
        let e = story::event(at, "server", None, EventKind::CompareSummary, m);
        story::insert_event(trace, e);
    }
}
