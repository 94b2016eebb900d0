//! `server-close`: the server closes first. The browser fetches its pages over a
//! persistent HTTP/1.1 connection and then goes quiet; the server's keep-alive timeout
//! (RFC 9112 9.5) closes the idle connection, so this time the server passes through
//! FIN-WAIT-1, FIN-WAIT-2 and TIME-WAIT while the client answers from CLOSE-WAIT.

use super::common::{self, client_server};
use super::web::{self, BODY_BYTES, CLIENT_THINK_MS, SERVER_THINK_MS};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::agent::UserAgent;
use crate::app::http::{ClientMode, HttpServer, Version};
use crate::trace::Trace;

/// `idle_timeout_ms`: how long the server keeps an idle persistent connection.
const IDLE_TIMEOUT_MS: ParamSpec = ParamSpec {
    key: "idle_timeout_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 600_000,
    },
    default: Some("1000"),
    help: "param.idle_timeout_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "server-close",
    title: "scenario.server-close.title",
    intro: "scenario.server-close.intro",
    params: crate::with_common![
        common::REQUESTS,
        IDLE_TIMEOUT_MS,
        SERVER_THINK_MS,
        CLIENT_THINK_MS,
        BODY_BYTES
    ],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut pair = client_server(p)?;
    let requests = p.u64("requests")?;
    let mut server = web::server_config(p, pair.server_addr.port())?;
    server.idle_close_us = Some(p.ms_as_us("idle_timeout_ms")?);
    let batch = web::batch(
        "term.way.keepalive",
        Version::Http11,
        ClientMode::KeepAlive,
        requests,
    );
    let mut agent = web::agent_config(p, pair.server_addr, alloc::vec![batch])?;
    // The browser keeps the connection for later pages; the server decides when it ends.
    agent.close_when_done = false;
    pair.sim.add_app(pair.server, HttpServer::new(server));
    pair.sim.add_app(pair.client, UserAgent::new(agent));
    Ok(web::finish(pair.sim, p))
}
