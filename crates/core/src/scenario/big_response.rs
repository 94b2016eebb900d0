//! `big_response`: one GET answered by a page of many MSS-sized segments. The link's
//! bandwidth spaces the segments out into a visible train; the receiver acknowledges every
//! second full-sized segment at once and lets the delayed-ACK timer answer a lone one
//! (RFC 9293 3.8.6.3); the sender's window grows with each ACK (slow start, RFC 5681).

use alloc::string::String;
use alloc::vec;

use super::common::{self, Pair};
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::http::{ClientConfig, ClientMode, HttpClient, HttpServer, ServerConfig, Version};
use crate::net::App;
use crate::trace::Trace;

/// `body_bytes`: size of the page.
const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("20000"),
    help: "param.body_bytes",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "big-response",
    title: "scenario.big-response.title",
    intro: "scenario.big-response.intro",
    params: &common::with_defaults(
        *crate::with_common![BODY_BYTES],
        &[("bandwidth_kbps", "2000"), ("delayed_ack_ms", "200")],
    ),
};

/// Puts a browser fetching one page of `body_bytes` on the pair's client, and the web
/// server on its server.
pub(super) fn add_page_fetch(pair: &mut Pair, body_bytes: usize) {
    let client = ClientConfig {
        server: pair.server_addr,
        paths: vec![String::from("/index.html")],
        version: Version::Http11,
        mode: ClientMode::KeepAlive,
        think_us: 10_000,
        close_when_done: true,
    };
    add_server_with_client(pair, body_bytes, HttpClient::new(client));
}

/// Puts the web server (its default think and close delays, 10 ms each), answering with a
/// page of `body_bytes`, on the pair's server, and `client`, the application that asks for
/// it, on its client.
pub(super) fn add_server_with_client(
    pair: &mut Pair,
    body_bytes: usize,
    client: impl App + 'static,
) {
    let server = ServerConfig {
        port: pair.server_addr.port(),
        body_bytes,
        ..ServerConfig::default()
    };
    pair.sim.add_app(pair.server, HttpServer::new(server));
    pair.sim.add_app(pair.client, client);
}

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let body = p.u64("body_bytes")? as usize;
    let mut pair = common::client_server(p)?;
    add_page_fetch(&mut pair, body);
    Ok(lose::finish(pair.sim, p))
}
