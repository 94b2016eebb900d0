//! What the HTTP scenarios share (`server-close`, `http10`, `http11-keepalive`,
//! `http11-pipelining`, `http-compare`, `multi-client`): their own parameters, the pages a
//! browser fetches, the server and user agent they describe.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::{common, story, ParamKind, ParamSpec, Params, ScenarioError};
use crate::app::agent::{AgentConfig, Batch};
use crate::app::http::{ClientMode, ServerConfig, Version};
use crate::net::Sim;
use crate::trace::Trace;

/// `server.think_ms`: time the server takes to produce each response.
pub const SERVER_THINK_MS: ParamSpec = ParamSpec {
    key: "server.think_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("10"),
    help: "param.server.think_ms",
};

/// `client.think_ms`: time the browser takes before each request and before closing.
pub const CLIENT_THINK_MS: ParamSpec = ParamSpec {
    key: "client.think_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("10"),
    help: "param.client.think_ms",
};

/// `body_bytes`: size of each page.
pub const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("200"),
    help: "param.body_bytes",
};

/// The pages a browser fetches: `/index.html`, then `/page1.html`, `/page2.html`...
pub fn paths(count: u64) -> Vec<String> {
    (0..count)
        .map(|i| match i {
            0 => String::from("/index.html"),
            n => format!("/page{n}.html"),
        })
        .collect()
}

/// The server the common HTTP parameters describe (think time, page size), listening on
/// `port`.
pub fn server_config(p: &Params, port: u16) -> Result<ServerConfig, ScenarioError> {
    Ok(ServerConfig {
        port,
        think_us: p.ms_as_us("server.think_ms")?,
        close_delay_us: p.ms_as_us("server.think_ms")?,
        body_bytes: p.u64("body_bytes")? as usize,
        ..ServerConfig::default()
    })
}

/// One batch of `requests` pages fetched in `mode`.
pub fn batch(label: &str, version: Version, mode: ClientMode, requests: u64) -> Batch {
    Batch {
        label: label.to_string(),
        version,
        mode,
        paths: paths(requests),
    }
}

/// A user agent for `server` with the browser's think time from the parameters.
pub fn agent_config(
    p: &Params,
    server: SocketAddr,
    batches: Vec<Batch>,
) -> Result<AgentConfig, ScenarioError> {
    Ok(AgentConfig {
        server,
        batches,
        think_us: p.ms_as_us("client.think_ms")?,
        close_when_done: true,
        gap_us: 0,
    })
}

/// Runs the world, then tells the HTTP meaning of its segments and adds the summary.
pub fn finish(sim: Sim, p: &Params) -> Trace {
    let mut trace = common::finish(sim, p);
    story::annotate_http(&mut trace);
    story::add_summary(&mut trace);
    trace
}

/// `news.first_ms`: when the first item of news appears on the server.
pub const NEWS_FIRST_MS: ParamSpec = ParamSpec {
    key: "news.first_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 600_000,
    },
    default: Some("1300"),
    help: "param.news.first_ms",
};

/// `news.every_ms`: time between two items of news.
pub const NEWS_EVERY_MS: ParamSpec = ParamSpec {
    key: "news.every_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 600_000,
    },
    default: Some("700"),
    help: "param.news.every_ms",
};

/// `news.count`: how many items of news appear.
pub const NEWS_COUNT: ParamSpec = ParamSpec {
    key: "news.count",
    kind: ParamKind::Int { min: 0, max: 20 },
    default: Some("1"),
    help: "param.news.count",
};

/// When the items of news appear, from the `news.*` parameters.
pub fn news_times(p: &Params) -> Result<Vec<u64>, ScenarioError> {
    let first = p.ms_as_us("news.first_ms")?;
    let every = p.ms_as_us("news.every_ms")?;
    Ok((0..p.u64("news.count")?)
        .map(|i| first + i * every)
        .collect())
}
