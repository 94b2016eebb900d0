//! `simultaneous-close`: both applications close at the same moment, so the two FINs cross
//! on the wire. Each side, in FIN-WAIT-1, receives the other's FIN before the ACK of its own:
//! it acknowledges it and moves to CLOSING; when the ACK of its own FIN arrives it moves to
//! TIME-WAIT. Both sides end in TIME-WAIT (RFC 9293 3.6, figure 13).

use super::common;
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::peer::{CloseWhen, Open, Peer};
use crate::trace::Trace;

/// `close_at_ms`: when the client application closes.
const CLOSE_AT_MS: ParamSpec = ParamSpec {
    key: "close_at_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 600_000,
    },
    default: Some("200"),
    help: "param.close_at_ms",
};

/// `server.skew_ms`: the server application closes this much later.
const SKEW_MS: ParamSpec = ParamSpec {
    key: "server.skew_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("0"),
    help: "param.server.skew_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "simultaneous-close",
    title: "scenario.simultaneous-close.title",
    intro: "scenario.simultaneous-close.intro",
    params: crate::with_common![CLOSE_AT_MS, SKEW_MS],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let at = p.ms_as_us("close_at_ms")?;
    let skew = p.ms_as_us("server.skew_ms")?;
    let mut pair = common::client_server(p)?;
    let port = pair.server_addr.port();
    pair.sim.add_app(
        pair.server,
        Peer::new(Open::Listen { port }, CloseWhen::At(at + skew)),
    );
    pair.sim.add_app(
        pair.client,
        Peer::new(
            Open::Connect {
                remote: pair.server_addr,
                local_port: None,
            },
            CloseWhen::At(at),
        ),
    );
    Ok(lose::finish(pair.sim, p))
}
