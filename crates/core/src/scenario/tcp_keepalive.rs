//! `tcp-keepalive`: TCP's own keep-alive (RFC 1122 4.2.3.6) on a connection the application
//! leaves silent. After `ka.idle_ms` without traffic the client's TCP sends a probe that
//! repeats an old sequence number (SND.NXT-1), so the peer must answer with an ACK. When
//! the peer has vanished (the link is cut) the probes go unanswered, and after `ka.count` of
//! them the connection is given up and the application is told. With `peer=restart` the
//! server host crashes instead and boots again: the first probe after the boot reaches a
//! host that has forgotten the connection, is answered with RST, and the connection is
//! reset at once (keep-alive detecting a rebooted peer).

use super::common;
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::heartbeat::{HeartbeatServer, HeartbeatServerConfig};
use crate::app::idle::IdleClient;
use crate::tcp::KeepAlive;
use crate::trace::Trace;

/// `ka.idle_ms`: silence before the first probe.
const IDLE_MS: ParamSpec = ParamSpec {
    key: "ka.idle_ms",
    kind: ParamKind::Int {
        min: 100,
        max: 7_200_000,
    },
    default: Some("10000"),
    help: "param.ka.idle_ms",
};

/// `ka.interval_ms`: time between unanswered probes.
const INTERVAL_MS: ParamSpec = ParamSpec {
    key: "ka.interval_ms",
    kind: ParamKind::Int {
        min: 100,
        max: 600_000,
    },
    default: Some("2000"),
    help: "param.ka.interval_ms",
};

/// `ka.count`: unanswered probes before giving up.
const COUNT: ParamSpec = ParamSpec {
    key: "ka.count",
    kind: ParamKind::Int { min: 1, max: 20 },
    default: Some("3"),
    help: "param.ka.count",
};

/// `ka.with_byte`: probes carry one garbage byte (old stacks) instead of none.
const WITH_BYTE: ParamSpec = ParamSpec {
    key: "ka.with_byte",
    kind: ParamKind::Bool,
    default: Some("false"),
    help: "param.ka.with_byte",
};

/// `peer`: how the server disappears: its link is cut, or its host restarts.
const PEER: ParamSpec = ParamSpec {
    key: "peer",
    kind: ParamKind::Choice(&["vanish", "restart"]),
    default: Some("vanish"),
    help: "param.ka.peer",
};

/// `vanish_at_ms`: when the server disappears from the network (0: never).
const VANISH_AT_MS: ParamSpec = ParamSpec {
    key: "vanish_at_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 7_200_000,
    },
    default: Some("15000"),
    help: "param.vanish_at_ms",
};

/// `hold_ms`: how long the client application keeps the silent connection.
const HOLD_MS: ParamSpec = ParamSpec {
    key: "hold_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 7_200_000,
    },
    default: Some("30000"),
    help: "param.keepalive.hold_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "tcp-keepalive",
    title: "scenario.tcp-keepalive.title",
    intro: "scenario.tcp-keepalive.intro",
    params: crate::with_common![
        IDLE_MS,
        INTERVAL_MS,
        COUNT,
        WITH_BYTE,
        PEER,
        VANISH_AT_MS,
        super::peer_restart::DOWN_MS,
        HOLD_MS
    ],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let ka = KeepAlive {
        idle_us: p.ms_as_us("ka.idle_ms")?,
        interval_us: p.ms_as_us("ka.interval_ms")?,
        count: p.u64("ka.count")? as u32,
        with_byte: p.bool("ka.with_byte")?,
    };
    let restart = p.choice("peer")? == "restart";
    let vanish = p.ms_as_us("vanish_at_ms")?;
    let down = p.ms_as_us("down_ms")?;
    let hold = p.ms_as_us("hold_ms")?;
    let mut cast = common::cast(p)?;
    if vanish > 0 && !restart {
        cast.link.cut_at_us = Some(vanish);
    }
    // SO_KEEPALIVE on the client's socket only: the server stays as it is.
    let mut client_cfg = cast.client.tcp;
    client_cfg.keepalive = Some(ka);
    let mut pair = cast.pair();
    // Started at boot, so a restarted host listens again.
    pair.sim.add_service(
        pair.server,
        HeartbeatServer::new(HeartbeatServerConfig {
            port: pair.server_addr.port(),
            watch: None,
        }),
    );
    if vanish > 0 && restart {
        pair.sim
            .crash_host(pair.server, vanish, Some(vanish + down));
    }
    pair.sim.add_app(
        pair.client,
        IdleClient::new(
            pair.server_addr,
            pair.client_addr.port(),
            Some(client_cfg),
            hold,
        ),
    );
    Ok(lose::finish(pair.sim, p))
}
