//! `lost-final-ack`: the client closes first, and the very last segment of the teardown (its
//! ACK of the server's FIN) is lost. The server, in LAST-ACK, retransmits its FIN when its
//! timer runs out; the client is still in TIME-WAIT, which exists for exactly this: it
//! acknowledges the FIN again and restarts its 2*MSL wait (RFC 9293 3.6, 3.10.7.4).

use super::common;
use super::lose::losing;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::peer::{CloseWhen, Open, Peer};
use crate::net::Sim;
use crate::trace::{Flag, Trace};

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

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "lost-final-ack",
    title: "scenario.lost-final-ack.title",
    intro: "scenario.lost-final-ack.intro",
    params: crate::with_common![HOLD_MS],
};

fn world(p: &mut Params, lost: &[u32]) -> Result<Sim, ScenarioError> {
    let hold = p.ms_as_us("hold_ms")?;
    let mut cast = common::cast(p)?;
    cast.link.drop_ids.extend_from_slice(lost);
    let mut pair = cast.pair();
    let port = pair.server_addr.port();
    pair.sim.add_app(
        pair.server,
        Peer::new(Open::Listen { port }, CloseWhen::AfterPeer(10_000)),
    );
    pair.sim.add_app(
        pair.client,
        Peer::new(
            Open::Connect {
                remote: pair.server_addr,
                local_port: None,
            },
            CloseWhen::AfterConnected(hold),
        ),
    );
    Ok(pair.sim)
}

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    losing(p, world, 1, |t, _| {
        // The client's pure ACK of the server's (first) FIN.
        let fin = t
            .segments
            .iter()
            .find(|s| s.from == "server" && s.has(Flag::Fin))?;
        let want = fin.seq.wrapping_add(fin.len).wrapping_add(1);
        t.segments
            .iter()
            .find(|s| {
                s.from == "client" && s.id > fin.id && s.flags == [Flag::Ack] && s.ack == Some(want)
            })
            .map(|s| s.id)
    })
}
