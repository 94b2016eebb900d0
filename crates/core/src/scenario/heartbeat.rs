//! `heartbeat`: an application heartbeat over one long-lived TCP connection. The client
//! sends `PING n` every interval and the server answers `PONG n`. Then the link is cut:
//! TCP on the server side notices nothing (it has nothing to send), so only the heartbeats
//! tell: the server marks the client offline after K intervals without a heartbeat, and the
//! client declares the network gone after K heartbeats without a reply.

use super::common;
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::heartbeat::{
    HeartbeatClient, HeartbeatClientConfig, HeartbeatServer, HeartbeatServerConfig, Watch,
};
use crate::trace::{Msg, Trace};

/// `heartbeat_ms`: time between two heartbeats.
pub const HEARTBEAT_MS: ParamSpec = ParamSpec {
    key: "heartbeat_ms",
    kind: ParamKind::Int {
        min: 100,
        max: 600_000,
    },
    default: Some("2000"),
    help: "param.heartbeat_ms",
};

/// `misses`: K, the missed heartbeats (or replies) that end the connection.
const MISSES: ParamSpec = ParamSpec {
    key: "misses",
    kind: ParamKind::Int { min: 1, max: 20 },
    default: Some("3"),
    help: "param.misses",
};

/// `reply_timeout_ms`: how long the client waits for each reply.
const REPLY_TIMEOUT_MS: ParamSpec = ParamSpec {
    key: "reply_timeout_ms",
    kind: ParamKind::Int {
        min: 10,
        max: 600_000,
    },
    default: Some("1000"),
    help: "param.reply_timeout_ms",
};

/// `cut_at_ms`: when the link goes down (0: never).
const CUT_AT_MS: ParamSpec = ParamSpec {
    key: "cut_at_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 3_600_000,
    },
    default: Some("7000"),
    help: "param.cut_at_ms",
};

/// `beats`: heartbeats the client sends before it closes politely.
pub const BEATS: ParamSpec = ParamSpec {
    key: "beats",
    kind: ParamKind::Int { min: 1, max: 1000 },
    default: Some("10"),
    help: "param.beats",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "heartbeat",
    title: "scenario.heartbeat.title",
    intro: "scenario.heartbeat.intro",
    // Delayed ACKs let each reply carry the acknowledgment of its heartbeat.
    params: &common::with_default(
        *crate::with_common![HEARTBEAT_MS, MISSES, REPLY_TIMEOUT_MS, CUT_AT_MS, BEATS],
        "delayed_ack_ms",
        "200",
    ),
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let interval = p.ms_as_us("heartbeat_ms")?;
    let reply_timeout = p.ms_as_us("reply_timeout_ms")?;
    if reply_timeout >= interval {
        return Err(ScenarioError::Conflict(Msg::of(
            "error.conflict.reply_timeout",
            &[],
        )));
    }
    let misses = p.u64("misses")? as u32;
    let cut = p.ms_as_us("cut_at_ms")?;
    let beats = p.u64("beats")? as u32;
    let mut cast = common::cast(p)?;
    if cut > 0 {
        cast.link.cut_at_us = Some(cut);
    }
    let mut pair = cast.pair();
    pair.sim.add_app(
        pair.server,
        HeartbeatServer::new(HeartbeatServerConfig {
            port: pair.server_addr.port(),
            watch: Some(Watch {
                interval_us: interval,
                misses,
            }),
        }),
    );
    pair.sim.add_app(
        pair.client,
        HeartbeatClient::new(HeartbeatClientConfig {
            server: pair.server_addr,
            interval_us: interval,
            beats,
            reply_timeout_us: reply_timeout,
            misses: Some(misses),
        }),
    );
    Ok(lose::finish(pair.sim, p))
}
