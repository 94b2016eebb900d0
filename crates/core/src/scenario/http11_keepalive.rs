//! `http11-keepalive`: several pages over one persistent HTTP/1.1 connection, one request
//! after the other (RFC 9112 9.3): one handshake and one teardown for all of them.

use super::common::{self, client_server};
use super::web::{self, BODY_BYTES, CLIENT_THINK_MS, SERVER_THINK_MS};
use super::{Params, ScenarioError, ScenarioInfo};
use crate::app::agent::UserAgent;
use crate::app::http::{ClientMode, HttpServer, Version};
use crate::trace::Trace;

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "http11-keepalive",
    title: "scenario.http11-keepalive.title",
    intro: "scenario.http11-keepalive.intro",
    params: &common::with_default(
        *crate::with_common![
            common::REQUESTS,
            SERVER_THINK_MS,
            CLIENT_THINK_MS,
            BODY_BYTES
        ],
        "requests",
        "3",
    ),
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut pair = client_server(p)?;
    let requests = p.u64("requests")?;
    let server = web::server_config(p, pair.server_addr.port())?;
    let batch = web::batch(
        "term.way.keepalive",
        Version::Http11,
        ClientMode::KeepAlive,
        requests,
    );
    let agent = web::agent_config(p, pair.server_addr, alloc::vec![batch])?;
    pair.sim.add_app(pair.server, HttpServer::new(server));
    pair.sim.add_app(pair.client, UserAgent::new(agent));
    Ok(web::finish(pair.sim, p))
}
