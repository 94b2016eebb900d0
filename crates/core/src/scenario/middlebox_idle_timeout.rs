//! `middlebox-idle-timeout`: a firewall (or NAT) between client and server keeps a table of
//! the connections passing through it and forgets one that stays idle longer than its idle
//! timeout. Neither end is told. The client's next heartbeat then meets a middlebox that no
//! longer knows the connection: it is dropped (and retransmitted until TCP gives up) or
//! answered with a RST. With a heartbeat interval below the idle timeout, every heartbeat
//! refreshes the middlebox's entry and the connection survives.

use alloc::string::String;
use core::net::IpAddr;

use super::common;
use super::heartbeat::{BEATS, HEARTBEAT_MS};
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::heartbeat::{
    HeartbeatClient, HeartbeatClientConfig, HeartbeatServer, HeartbeatServerConfig,
};
use crate::net::{MiddleboxSpec, OnUnknown};
use crate::trace::{Msg, Trace};

/// `mb.kind`: a plain stateful firewall, or a NAT that also rewrites the client's address.
const KIND: ParamSpec = ParamSpec {
    key: "mb.kind",
    kind: ParamKind::Choice(&["firewall", "nat"]),
    default: Some("firewall"),
    help: "param.mb.kind",
};

/// `mb.idle_timeout_ms`: how long the middlebox remembers an idle connection.
const IDLE_TIMEOUT_MS: ParamSpec = ParamSpec {
    key: "mb.idle_timeout_ms",
    kind: ParamKind::Int {
        min: 100,
        max: 7_200_000,
    },
    default: Some("5000"),
    help: "param.mb.idle_timeout_ms",
};

/// `mb.on_unknown`: what it does with a packet of a connection it forgot.
const ON_UNKNOWN: ParamSpec = ParamSpec {
    key: "mb.on_unknown",
    kind: ParamKind::Choice(&["drop", "reset"]),
    default: Some("drop"),
    help: "param.mb.on_unknown",
};

/// `max_retries`: retransmissions before TCP gives the connection up.
const MAX_RETRIES: ParamSpec = ParamSpec {
    key: "max_retries",
    kind: ParamKind::Int { min: 1, max: 15 },
    default: Some("4"),
    help: "param.max_retries",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "middlebox-idle-timeout",
    title: "scenario.middlebox-idle-timeout.title",
    intro: "scenario.middlebox-idle-timeout.intro",
    params: &common::with_defaults(
        *crate::with_common![
            KIND,
            IDLE_TIMEOUT_MS,
            ON_UNKNOWN,
            HEARTBEAT_MS,
            BEATS,
            MAX_RETRIES
        ],
        // A heartbeat slower than the firewall's memory; delayed ACKs let each reply
        // carry the acknowledgment of its heartbeat.
        &[
            ("heartbeat_ms", "8000"),
            ("beats", "5"),
            ("delayed_ack_ms", "200"),
        ],
    ),
};

/// The middlebox's own address: one that is neither end's.
fn middlebox_ip(client: IpAddr, server: IpAddr) -> IpAddr {
    let candidates: [IpAddr; 2] = if client.is_ipv4() {
        [[203, 0, 113, 1].into(), [203, 0, 113, 2].into()]
    } else {
        [
            [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xfe].into(),
            [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xff].into(),
        ]
    };
    candidates
        .into_iter()
        .find(|ip| *ip != client && *ip != server)
        .unwrap_or(candidates[0])
}

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let nat = p.choice("mb.kind")? == "nat";
    let idle = p.ms_as_us("mb.idle_timeout_ms")?;
    let on_unknown = match p.choice("mb.on_unknown")? {
        "reset" => OnUnknown::Reset,
        _ => OnUnknown::Drop,
    };
    let interval = p.ms_as_us("heartbeat_ms")?;
    let beats = p.u64("beats")? as u32;
    let retries = p.u64("max_retries")? as u32;
    let mut cast = common::cast(p)?;
    cast.client.tcp.max_retries = retries;
    cast.server.tcp.max_retries = retries;
    let client_addr = cast.client_addr;
    let server_addr = cast.server_addr;
    let (id, label_key) = if nat {
        ("nat", "endpoint.nat")
    } else {
        ("fw", "endpoint.firewall")
    };
    let label_msg = Msg::of(label_key, &[]);
    let mb = MiddleboxSpec {
        id: String::from(id),
        label: crate::i18n::render(crate::i18n::Lang::En, &label_msg),
        label_key,
        ip: middlebox_ip(client_addr.ip(), server_addr.ip()),
        nat,
        idle_timeout_us: idle,
        on_unknown,
    };
    let mut sim = cast.sim;
    let client = sim.add_host(cast.client);
    let fw = sim.add_middlebox(mb);
    let server = sim.add_host(cast.server);
    sim.add_link(client, fw, cast.link.clone());
    sim.add_outside_link(fw, server, cast.link);
    sim.add_app(
        server,
        HeartbeatServer::new(HeartbeatServerConfig {
            port: server_addr.port(),
            watch: None,
        }),
    );
    sim.add_app(
        client,
        HeartbeatClient::new(HeartbeatClientConfig {
            server: server_addr,
            interval_us: interval,
            beats,
            reply_timeout_us: interval / 2,
            misses: None,
        }),
    );
    Ok(lose::finish(sim, p))
}
