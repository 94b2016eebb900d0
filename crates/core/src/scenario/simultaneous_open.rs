//! `simultaneous-open`: two hosts connect to each other at the same moment, each from a
//! fixed port to the other's, and nobody listens. The SYNs cross on the wire: each side, in
//! SYN-SENT, receives a SYN instead of a SYN,ACK, moves to SYN-RECEIVED and answers with a
//! SYN,ACK. One connection results, opened by four segments (RFC 9293 3.5, figure 8).

use super::common;
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::peer::{CloseWhen, Open, Peer};
use crate::net::HostSpec;
use crate::trace::{Role, Trace};

/// `b.delay_ms`: host B calls connect this much later than host A.
const B_DELAY_MS: ParamSpec = ParamSpec {
    key: "b.delay_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000,
    },
    default: Some("0"),
    help: "param.b.delay_ms",
};

/// `hold_ms`: how long host A keeps the connection before closing.
const HOLD_MS: ParamSpec = ParamSpec {
    key: "hold_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("100"),
    help: "param.a.hold_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "simultaneous-open",
    title: "scenario.simultaneous-open.title",
    intro: "scenario.simultaneous-open.intro",
    params: crate::with_common![B_DELAY_MS, HOLD_MS],
};

/// A symmetric lifeline (`a` or `b`) with the configuration the cast gave `like`.
fn host(id: &str, label_key: &'static str, like: HostSpec) -> HostSpec {
    let mut h = HostSpec::new(id, label_key, Role::Host, like.ip);
    h.tcp = like.tcp;
    h.isns = like.isns;
    h.first_port = like.first_port;
    h
}

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let delay = p.ms_as_us("b.delay_ms")?;
    let hold = p.ms_as_us("hold_ms")?;
    let cast = common::cast(p)?;
    let (a_addr, b_addr) = (cast.client_addr, cast.server_addr);
    let mut sim = cast.sim;
    let a = sim.add_host(host("a", "endpoint.host_a", cast.client));
    let b = sim.add_host(host("b", "endpoint.host_b", cast.server));
    sim.add_link(a, b, cast.link);
    sim.add_app(
        a,
        Peer::new(
            Open::Connect {
                remote: b_addr,
                local_port: Some(a_addr.port()),
            },
            CloseWhen::AfterConnected(hold),
        ),
    );
    sim.add_app_at(
        b,
        Peer::new(
            Open::Connect {
                remote: a_addr,
                local_port: Some(b_addr.port()),
            },
            CloseWhen::AfterPeer(10_000),
        ),
        delay,
    );
    Ok(lose::finish(sim, p))
}
