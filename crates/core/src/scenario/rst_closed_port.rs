//! `rst-closed-port`: the client connects to a port where nothing listens. The server's TCP
//! answers the SYN with a RST (RFC 9293 3.10.7.1), and the client's connect fails at once:
//! one round trip, no handshake, no teardown.

use super::common::client_server;
use super::lose;
use super::{Params, ScenarioError, ScenarioInfo};
use crate::app::peer::{CloseWhen, Open, Peer};
use crate::trace::Trace;

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "rst-closed-port",
    title: "scenario.rst-closed-port.title",
    intro: "scenario.rst-closed-port.intro",
    params: crate::with_common![],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut pair = client_server(p)?;
    // The server host is up, but no application listens on the port.
    pair.sim.add_app(
        pair.client,
        Peer::new(
            Open::Connect {
                remote: pair.server_addr,
                local_port: None,
            },
            CloseWhen::AfterConnected(50_000),
        ),
    );
    Ok(lose::finish(pair.sim, p))
}
