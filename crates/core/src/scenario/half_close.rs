//! `half-close`: the client writes its request and at once shuts down its sending side. Its
//! FIN only says "I will send nothing more": the server, in CLOSE-WAIT, may keep sending, and
//! the client, in FIN-WAIT-2, keeps receiving. The whole response crosses after the first
//! FIN; then the server closes too (RFC 9293 3.6: a half-open direction is legal).

use alloc::string::String;

use super::common;
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::fetch::{FetchConfig, Fetcher, Reading};
use crate::app::http::{HttpServer, ServerConfig};
use crate::trace::Trace;

/// `body_bytes`: size of the page.
const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("4000"),
    help: "param.body_bytes",
};

/// `server.think_ms`: time to produce the response.
const SERVER_THINK_MS: ParamSpec = ParamSpec {
    key: "server.think_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("50"),
    help: "param.server.think_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "half-close",
    title: "scenario.half-close.title",
    intro: "scenario.half-close.intro",
    params: crate::with_common![BODY_BYTES, SERVER_THINK_MS],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let body = p.u64("body_bytes")? as usize;
    let think = p.ms_as_us("server.think_ms")?;
    let mut pair = common::client_server(p)?;
    pair.sim.add_app(
        pair.server,
        HttpServer::new(ServerConfig {
            port: pair.server_addr.port(),
            think_us: think,
            close_delay_us: think,
            body_bytes: body,
            ..ServerConfig::default()
        }),
    );
    pair.sim.add_app(
        pair.client,
        Fetcher::new(FetchConfig {
            server: pair.server_addr,
            path: String::from("/report.txt"),
            half_close: true,
            reading: Reading::Eager,
        }),
    );
    Ok(lose::finish(pair.sim, p))
}
