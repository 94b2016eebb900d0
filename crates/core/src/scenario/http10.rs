//! `http10`: several pages over HTTP/1.0, one connection per request (RFC 1945): each
//! request gets its own handshake, and the server closes the connection after each
//! response, so it is the server that ends up in TIME-WAIT every time.

use super::common::{self, client_server};
use super::web::{self, BODY_BYTES, CLIENT_THINK_MS, SERVER_THINK_MS};
use super::{Params, ScenarioError, ScenarioInfo};
use crate::app::agent::UserAgent;
use crate::app::http::{ClientMode, HttpServer, Version};
use crate::trace::Trace;

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "http10",
    title: "scenario.http10.title",
    intro: "scenario.http10.intro",
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
        "term.way.http10",
        Version::Http10,
        ClientMode::ConnectionPerRequest,
        requests,
    );
    let agent = web::agent_config(p, pair.server_addr, alloc::vec![batch])?;
    pair.sim.add_app(pair.server, HttpServer::new(server));
    pair.sim.add_app(pair.client, UserAgent::new(agent));
    Ok(web::finish(pair.sim, p))
}
