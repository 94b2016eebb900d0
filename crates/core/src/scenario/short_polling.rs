//! `short-polling`: a client keeps itself "online" (and learns about news) by asking the
//! server every interval over a brand-new short connection: handshake, one request with
//! `Connection: close`, the answer, teardown. The server notes the client online at each
//! poll and offline when the polls stop; news waits on the server until the next poll.

use super::common::client_server;
use super::web::{
    self, CLIENT_THINK_MS, NEWS_COUNT, NEWS_EVERY_MS, NEWS_FIRST_MS, SERVER_THINK_MS,
};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::news::{NewsConfig, NewsServer};
use crate::app::polling::{PollConfig, PollMode, Poller};
use crate::trace::Trace;

/// `interval_ms`: time between the starts of two polls.
pub const INTERVAL_MS: ParamSpec = ParamSpec {
    key: "interval_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 600_000,
    },
    default: Some("1000"),
    help: "param.interval_ms",
};

/// `count`: how many polls.
const COUNT: ParamSpec = ParamSpec {
    key: "count",
    kind: ParamKind::Int { min: 1, max: 50 },
    default: Some("4"),
    help: "param.count",
};

/// `offline_after_ms`: the server marks a silent client offline after this long.
const OFFLINE_AFTER_MS: ParamSpec = ParamSpec {
    key: "offline_after_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 600_000,
    },
    default: Some("2500"),
    help: "param.offline_after_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "short-polling",
    title: "scenario.short-polling.title",
    intro: "scenario.short-polling.intro",
    params: crate::with_common![
        INTERVAL_MS,
        COUNT,
        OFFLINE_AFTER_MS,
        NEWS_FIRST_MS,
        NEWS_EVERY_MS,
        NEWS_COUNT,
        SERVER_THINK_MS,
        CLIENT_THINK_MS
    ],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut pair = client_server(p)?;
    let think = p.ms_as_us("server.think_ms")?;
    let server = NewsConfig {
        http_port: Some(pair.server_addr.port()),
        push_port: None,
        news_at_us: web::news_times(p)?,
        hold_us: None,
        think_us: think,
        offline_after_us: Some(p.ms_as_us("offline_after_ms")?),
        close_delay_us: think,
    };
    let client = PollConfig {
        server: pair.server_addr,
        mode: PollMode::Short {
            interval_us: p.ms_as_us("interval_ms")?,
        },
        max_polls: p.u64("count")? as u32,
        until_items: None,
        think_us: p.ms_as_us("client.think_ms")?,
        label: alloc::string::String::from("term.way.short-polling"),
    };
    pair.sim.add_app(pair.server, NewsServer::new(server));
    pair.sim.add_app(pair.client, Poller::new(client));
    Ok(web::finish(pair.sim, p))
}
