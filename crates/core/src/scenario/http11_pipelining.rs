//! `http11-pipelining`: several requests written back to back on one HTTP/1.1 connection
//! before the first response arrives (RFC 9112 9.3.2). The server works on them at once
//! but must answer in request order, so a slow first response holds up the ones behind it
//! (head-of-line blocking).

use super::common::{self, client_server};
use super::web::{self, BODY_BYTES, CLIENT_THINK_MS, SERVER_THINK_MS};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::agent::UserAgent;
use crate::app::http::{ClientMode, HttpServer, Version};
use crate::trace::Trace;

/// `first_response_ms`: time the server needs for the first response only.
const FIRST_RESPONSE_MS: ParamSpec = ParamSpec {
    key: "first_response_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("10"),
    help: "param.first_response_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "http11-pipelining",
    title: "scenario.http11-pipelining.title",
    intro: "scenario.http11-pipelining.intro",
    params: &common::with_default(
        *crate::with_common![
            common::REQUESTS,
            SERVER_THINK_MS,
            CLIENT_THINK_MS,
            BODY_BYTES,
            FIRST_RESPONSE_MS
        ],
        "requests",
        "3",
    ),
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut pair = client_server(p)?;
    let requests = p.u64("requests")?;
    let mut server = web::server_config(p, pair.server_addr.port())?;
    server.first_think_us = Some(p.ms_as_us("first_response_ms")?);
    server.concurrent = true;
    let batch = web::batch(
        "term.way.pipelining",
        Version::Http11,
        ClientMode::Pipelined,
        requests,
    );
    let agent = web::agent_config(p, pair.server_addr, alloc::vec![batch])?;
    pair.sim.add_app(pair.server, HttpServer::new(server));
    pair.sim.add_app(pair.client, UserAgent::new(agent));
    Ok(web::finish(pair.sim, p))
}
