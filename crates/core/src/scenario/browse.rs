//! `browse`: the seed's ten steps. A browser opens a connection, sends an HTTP/1.1 GET, the
//! server acknowledges it, answers with a page, the browser acknowledges the page and
//! closes; four segments tear the connection down.

use alloc::string::ToString;
use alloc::vec::Vec;

use super::common::{self, client_server};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::http::{ClientConfig, ClientMode, HttpClient, HttpServer, ServerConfig, Version};
use crate::trace::Trace;

/// `server.think_ms`: time to produce the response (and to close after the client's FIN).
const SERVER_THINK_MS: ParamSpec = ParamSpec {
    key: "server.think_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("10"),
    help: "param.server.think_ms",
};

/// `client.think_ms`: time before each request and before closing.
const CLIENT_THINK_MS: ParamSpec = ParamSpec {
    key: "client.think_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("10"),
    help: "param.client.think_ms",
};

/// `body_bytes`: size of the page.
const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("200"),
    help: "param.body_bytes",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "browse",
    title: "scenario.browse.title",
    intro: "scenario.browse.intro",
    params: crate::with_common![
        common::REQUESTS,
        SERVER_THINK_MS,
        CLIENT_THINK_MS,
        BODY_BYTES
    ],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut pair = client_server(p)?;
    let requests = p.u64("requests")?;
    let server = ServerConfig {
        port: pair.server_addr.port(),
        think_us: p.ms_as_us("server.think_ms")?,
        close_delay_us: p.ms_as_us("server.think_ms")?,
        body_bytes: p.u64("body_bytes")? as usize,
        ..ServerConfig::default()
    };
    let paths: Vec<_> = (0..requests)
        .map(|i| match i {
            0 => "/index.html".to_string(),
            n => alloc::format!("/page{n}.html"),
        })
        .collect();
    let client = ClientConfig {
        server: pair.server_addr,
        paths,
        version: Version::Http11,
        mode: ClientMode::KeepAlive,
        think_us: p.ms_as_us("client.think_ms")?,
        close_when_done: true,
    };
    pair.sim.add_app(pair.server, HttpServer::new(server));
    pair.sim.add_app(pair.client, HttpClient::new(client));
    Ok(super::lose::finish(pair.sim, p))
}
