//! `handshake`: connect, then close; no data. The three-way handshake and the teardown.

use super::common::client_server;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::simple::{Closer, Connector};
use crate::trace::Trace;

/// `hold_ms`: how long the client keeps the connection before closing.
const HOLD_MS: ParamSpec = ParamSpec {
    key: "hold_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("50"),
    help: "param.hold_ms",
};

/// `server.think_ms`: how long the server takes to close after the client's FIN.
const SERVER_THINK_MS: ParamSpec = ParamSpec {
    key: "server.think_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("10"),
    help: "param.server.think_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "handshake",
    title: "scenario.handshake.title",
    intro: "scenario.handshake.intro",
    params: crate::with_common![HOLD_MS, SERVER_THINK_MS],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut pair = client_server(p)?;
    let hold = p.ms_as_us("hold_ms")?;
    let think = p.ms_as_us("server.think_ms")?;
    pair.sim
        .add_app(pair.server, Closer::new(pair.server_addr.port(), think));
    pair.sim
        .add_app(pair.client, Connector::new(pair.server_addr, hold));
    Ok(super::lose::finish(pair.sim, p))
}
