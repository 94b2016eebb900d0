//! `syn-loss`: the client's SYN is lost, and so is its first retransmission. Nothing tells the
//! client; only its retransmission timer does: the SYN is sent again after the initial RTO of
//! 1 s, then after 2 s, 4 s... (RFC 6298 2.1 and 5.5, exponential backoff) until one gets
//! through, or until the SYN retries are used up and the connect times out.

use super::common;
use super::lose::losing;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::peer::{CloseWhen, Open, Peer};
use crate::net::Sim;
use crate::trace::{Flag, Trace};

/// `lost_syns`: how many transmissions of the SYN are lost.
const LOST_SYNS: ParamSpec = ParamSpec {
    key: "lost_syns",
    kind: ParamKind::Int { min: 0, max: 10 },
    default: Some("2"),
    help: "param.lost_syns",
};

/// `syn_retries`: retransmissions of the SYN before the connect gives up.
const SYN_RETRIES: ParamSpec = ParamSpec {
    key: "syn_retries",
    kind: ParamKind::Int { min: 0, max: 10 },
    default: Some("6"),
    help: "param.syn_retries",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "syn-loss",
    title: "scenario.syn-loss.title",
    intro: "scenario.syn-loss.intro",
    params: crate::with_common![LOST_SYNS, SYN_RETRIES],
};

fn world(p: &mut Params, lost: &[u32]) -> Result<Sim, ScenarioError> {
    let retries = p.u64("syn_retries")? as u32;
    let mut cast = common::cast(p)?;
    cast.client.tcp.syn_retries = retries;
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
            CloseWhen::AfterConnected(100_000),
        ),
    );
    Ok(pair.sim)
}

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let n = p.u64("lost_syns")? as usize;
    losing(p, world, n, |t, lost| {
        // The next transmission of the client's SYN that is not lost yet.
        t.segments
            .iter()
            .find(|s| s.from == "client" && s.flags == [Flag::Syn] && !lost.contains(&s.id))
            .map(|s| s.id)
    })
}
