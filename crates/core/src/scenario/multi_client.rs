//! `multi-client`: one server socket listening on one port accepts three clients: two
//! programs on the same machine (same address, different ports) and one on another machine
//! (another address, possibly the same port). The listener stays in LISTEN the whole time;
//! each SYN makes a new connection, told apart only by the client half of its five-tuple.

use alloc::string::{String, ToString};

use super::common::{self, cast};
use super::story;
use super::web::{self, BODY_BYTES, CLIENT_THINK_MS, SERVER_THINK_MS};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::agent::UserAgent;
use crate::app::http::{ClientMode, HttpServer, Version};
use crate::net::HostSpec;
use crate::trace::{EventKind, Flag, Msg, Role, Trace};

/// `client2.addr`: the second machine, its first port.
const CLIENT2_ADDR: ParamSpec = ParamSpec {
    key: "client2.addr",
    kind: ParamKind::SocketAddr,
    default: Some("192.168.1.117:3337"),
    help: "param.client2.addr",
};

/// `stagger_ms`: time between one client's start and the next one's.
const STAGGER_MS: ParamSpec = ParamSpec {
    key: "stagger_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("60"),
    help: "param.stagger_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "multi-client",
    title: "scenario.multi-client.title",
    intro: "scenario.multi-client.intro",
    params: crate::with_common![
        common::REQUESTS,
        CLIENT2_ADDR,
        STAGGER_MS,
        SERVER_THINK_MS,
        CLIENT_THINK_MS,
        BODY_BYTES
    ],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let c = cast(p)?;
    let client2_addr = p.addr("client2.addr")?;
    if client2_addr.is_ipv4() != c.server_addr.is_ipv4() {
        return Err(ScenarioError::Conflict(Msg::of(
            "error.conflict.client2_family",
            &[],
        )));
    }
    if client2_addr.ip() == c.client_addr.ip() || client2_addr.ip() == c.server_addr.ip() {
        return Err(ScenarioError::Conflict(Msg::of(
            "error.conflict.client2_host",
            &[],
        )));
    }
    let requests = p.u64("requests")?;
    let stagger = p.ms_as_us("stagger_ms")?;
    let server_addr = c.server_addr;
    let mut sim = c.sim;
    // Lifelines: the first machine, the server in the middle, the second machine.
    let client = sim.add_host(c.client);
    let server = sim.add_host(c.server);
    let mut spec2 = HostSpec::new(
        "client2",
        "endpoint.client_n",
        Role::Client,
        client2_addr.ip(),
    );
    let label = Msg::of("endpoint.client_n", &[("n", String::from("2"))]);
    spec2.label = crate::i18n::render(crate::i18n::Lang::En, &label);
    spec2.label_msg = Some(label);
    spec2.first_port = client2_addr.port();
    spec2.tcp = common::tcp_config(p)?;
    let client2 = sim.add_host(spec2);
    sim.add_link(client, server, c.link.clone());
    sim.add_link(client2, server, c.link);
    sim.add_app(
        server,
        HttpServer::new(web::server_config(p, server_addr.port())?),
    );
    // Two programs on the first machine, one on the second, each with its own connection.
    let starts = [(client, 0), (client, 2 * stagger), (client2, stagger)];
    for (host, at) in starts {
        let batch = web::batch(
            "term.way.keepalive",
            Version::Http11,
            ClientMode::KeepAlive,
            requests,
        );
        let agent = web::agent_config(p, server_addr, alloc::vec![batch])?;
        sim.add_app_at(host, UserAgent::new(agent), at);
    }
    let mut trace = web::finish(sim, p);
    add_five_tuples(&mut trace);
    Ok(trace)
}

/// When each SYN reaches the server, a `five-tuple` event names the new connection's
/// five-tuple next to the listener that stays in LISTEN.
fn add_five_tuples(trace: &mut Trace) {
    let mut found = alloc::vec::Vec::new();
    for conn in &trace.connections {
        let syn = trace
            .segments
            .iter()
            .find(|s| s.conn == conn.id && s.has(Flag::Syn) && !s.has(Flag::Ack));
        if let Some(at) = syn.and_then(|s| s.recv_us) {
            let port = conn
                .server
                .rsplit(':')
                .next()
                .unwrap_or_default()
                .to_string();
            let m = Msg::of(
                "event.five_tuple",
                &[
                    ("conn", conn.id.to_string()),
                    ("client", conn.client.clone()),
                    ("server", conn.server.clone()),
                    ("port", port),
                ],
            );
            found.push(story::event(
                at,
                &conn.server_endpoint,
                Some(conn.id),
                EventKind::FiveTuple,
                m,
            ));
        }
    }
    for e in found {
        story::insert_event(trace, e);
    }
}
