//! What every scenario shares: the common parameters (same keys, ranges and defaults
//! everywhere), and helpers that turn them into a TCP configuration, a link, and the
//! standard client/server pair.
//!
//! A scenario lists its parameters with [`with_common!`](crate::with_common):
//!
//! ```text
//! pub const INFO: ScenarioInfo = ScenarioInfo {
//!     id: "browse",
//!     title: "scenario.browse.title",
//!     intro: "scenario.browse.intro",
//!     params: crate::with_common![REQUESTS, SERVER_THINK],
//! };
//! ```

use core::net::SocketAddr;

use super::{ParamKind, ParamSpec, Params, ScenarioError};
use crate::net::{HostSpec, LinkSpec, NodeId, Rng, Sim};
use crate::tcp::TcpConfig;
use crate::trace::{Msg, Trace};

/// The largest value of a 32-bit sequence number.
const U32_MAX: i64 = u32::MAX as i64;

/// `client.isn`: the client's ISN (default: drawn from the seed).
pub const CLIENT_ISN: ParamSpec = ParamSpec {
    key: "client.isn",
    kind: ParamKind::Int {
        min: 0,
        max: U32_MAX,
    },
    default: None,
    help: "param.client.isn",
};
/// `server.isn`: the server's ISN (default: drawn from the seed).
pub const SERVER_ISN: ParamSpec = ParamSpec {
    key: "server.isn",
    kind: ParamKind::Int {
        min: 0,
        max: U32_MAX,
    },
    default: None,
    help: "param.server.isn",
};
/// `client.addr`: the seed's tcpdump example by default.
pub const CLIENT_ADDR: ParamSpec = ParamSpec {
    key: "client.addr",
    kind: ParamKind::SocketAddr,
    default: Some("192.168.1.116:3337"),
    help: "param.client.addr",
};
/// `server.addr`: the seed's tcpdump example by default.
pub const SERVER_ADDR: ParamSpec = ParamSpec {
    key: "server.addr",
    kind: ParamKind::SocketAddr,
    default: Some("192.168.1.123:7788"),
    help: "param.server.addr",
};
/// `latency_ms`: one-way latency.
pub const LATENCY_MS: ParamSpec = ParamSpec {
    key: "latency_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000,
    },
    default: Some("20"),
    help: "param.latency_ms",
};
/// `jitter_ms`: extra random delay per packet.
pub const JITTER_MS: ParamSpec = ParamSpec {
    key: "jitter_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000,
    },
    default: Some("0"),
    help: "param.jitter_ms",
};
/// `bandwidth_kbps`: 0 = unlimited.
pub const BANDWIDTH_KBPS: ParamSpec = ParamSpec {
    key: "bandwidth_kbps",
    kind: ParamKind::Int {
        min: 0,
        max: 100_000_000,
    },
    default: Some("0"),
    help: "param.bandwidth_kbps",
};
/// `loss`: loss probability per packet and link.
pub const LOSS: ParamSpec = ParamSpec {
    key: "loss",
    kind: ParamKind::Float { min: 0.0, max: 1.0 },
    default: Some("0"),
    help: "param.loss",
};
/// `drop`: segment ids lost on the way.
pub const DROP: ParamSpec = ParamSpec {
    key: "drop",
    kind: ParamKind::IdList,
    default: Some(""),
    help: "param.drop",
};
/// `dup`: duplication probability.
pub const DUP: ParamSpec = ParamSpec {
    key: "dup",
    kind: ParamKind::Float { min: 0.0, max: 1.0 },
    default: Some("0"),
    help: "param.dup",
};
/// `reorder`: probability that a packet is held back.
pub const REORDER: ParamSpec = ParamSpec {
    key: "reorder",
    kind: ParamKind::Float { min: 0.0, max: 1.0 },
    default: Some("0"),
    help: "param.reorder",
};
/// `seed`: the run's random numbers.
pub const SEED: ParamSpec = ParamSpec {
    key: "seed",
    kind: ParamKind::Int {
        min: 0,
        max: i64::MAX,
    },
    default: Some("1"),
    help: "param.seed",
};
/// `mss`: the MSS both sides announce.
pub const MSS: ParamSpec = ParamSpec {
    key: "mss",
    kind: ParamKind::Int {
        min: 64,
        max: 65_495,
    },
    default: Some("1460"),
    help: "param.mss",
};
/// `rcv_buf`: receive buffer (largest window).
pub const RCV_BUF: ParamSpec = ParamSpec {
    key: "rcv_buf",
    kind: ParamKind::Int {
        min: 1,
        max: 1_073_741_824,
    },
    default: Some("64240"),
    help: "param.rcv_buf",
};
/// `wscale`: window scale shift, or `off`.
pub const WSCALE: ParamSpec = ParamSpec {
    key: "wscale",
    kind: ParamKind::Choice(&[
        "off", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14",
    ]),
    default: Some("off"),
    help: "param.wscale",
};
/// `sack`: offer SACK-permitted.
pub const SACK: ParamSpec = ParamSpec {
    key: "sack",
    kind: ParamKind::Bool,
    default: Some("false"),
    help: "param.sack",
};
/// `timestamps`: use the timestamps option.
pub const TIMESTAMPS: ParamSpec = ParamSpec {
    key: "timestamps",
    kind: ParamKind::Bool,
    default: Some("false"),
    help: "param.timestamps",
};
/// `delayed_ack_ms`: 0 = acknowledge at once (RFC 9293 3.8.6.3: the delay must be less
/// than 0.5 s).
pub const DELAYED_ACK_MS: ParamSpec = ParamSpec {
    key: "delayed_ack_ms",
    kind: ParamKind::Int { min: 0, max: 499 },
    default: Some("0"),
    help: "param.delayed_ack_ms",
};
/// `msl_ms`: TIME-WAIT lasts 2 * MSL.
pub const MSL_MS: ParamSpec = ParamSpec {
    key: "msl_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 120_000,
    },
    default: Some("1000"),
    help: "param.msl_ms",
};
/// `rto_min_ms`: the RTO's lower bound.
pub const RTO_MIN_MS: ParamSpec = ParamSpec {
    key: "rto_min_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 60_000,
    },
    default: Some("1000"),
    help: "param.rto_min_ms",
};
/// `requests`: how many HTTP requests (for scenarios that make requests).
pub const REQUESTS: ParamSpec = ParamSpec {
    key: "requests",
    kind: ParamKind::Int { min: 1, max: 20 },
    default: Some("1"),
    help: "param.requests",
};

/// Lists the parameters every scenario has (addresses, link, faults, seed), then the
/// scenario's own: for a story without TCP (UDP), where ISNs and TCP knobs would only clutter
/// the parameter editor. [`cast`] then uses the default TCP configuration.
#[macro_export]
macro_rules! with_network {
    ($($own:expr),* $(,)?) => {
        &[
            $crate::scenario::common::CLIENT_ADDR,
            $crate::scenario::common::SERVER_ADDR,
            $crate::scenario::common::LATENCY_MS,
            $crate::scenario::common::JITTER_MS,
            $crate::scenario::common::BANDWIDTH_KBPS,
            $crate::scenario::common::LOSS,
            $crate::scenario::common::DROP,
            $crate::scenario::common::DUP,
            $crate::scenario::common::REORDER,
            $crate::scenario::common::SEED,
            $($own),*
        ]
    };
}

/// Lists the common parameters, then the scenario's own, as one `&'static [ParamSpec]`.
#[macro_export]
macro_rules! with_common {
    ($($own:expr),* $(,)?) => {
        &[
            $crate::scenario::common::CLIENT_ISN,
            $crate::scenario::common::SERVER_ISN,
            $crate::scenario::common::CLIENT_ADDR,
            $crate::scenario::common::SERVER_ADDR,
            $crate::scenario::common::LATENCY_MS,
            $crate::scenario::common::JITTER_MS,
            $crate::scenario::common::BANDWIDTH_KBPS,
            $crate::scenario::common::LOSS,
            $crate::scenario::common::DROP,
            $crate::scenario::common::DUP,
            $crate::scenario::common::REORDER,
            $crate::scenario::common::SEED,
            $crate::scenario::common::MSS,
            $crate::scenario::common::RCV_BUF,
            $crate::scenario::common::WSCALE,
            $crate::scenario::common::SACK,
            $crate::scenario::common::TIMESTAMPS,
            $crate::scenario::common::DELAYED_ACK_MS,
            $crate::scenario::common::MSL_MS,
            $crate::scenario::common::RTO_MIN_MS,
            $($own),*
        ]
    };
}

/// The TCP configuration the common parameters describe.
pub fn tcp_config(p: &Params) -> Result<TcpConfig, ScenarioError> {
    let wscale = match p.choice("wscale")? {
        "off" => None,
        n => Some(
            n.parse::<u8>()
                .map_err(|_| ScenarioError::Conflict(Msg::of("error.conflict.wscale", &[])))?,
        ),
    };
    let rto_min = p.ms_as_us("rto_min_ms")?;
    Ok(TcpConfig {
        mss: p.int("mss")? as u16,
        rcv_buf: p.int("rcv_buf")? as u32,
        wscale,
        sack: p.bool("sack")?,
        timestamps: p.bool("timestamps")?,
        delayed_ack_us: p.ms_as_us("delayed_ack_ms")?,
        msl_us: p.ms_as_us("msl_ms")?,
        rto_min_us: rto_min,
        rto_initial_us: rto_min.max(1_000_000),
        ..TcpConfig::default()
    })
}

/// The link the common parameters describe.
pub fn link_spec(p: &Params) -> Result<LinkSpec, ScenarioError> {
    Ok(LinkSpec {
        latency_us: p.ms_as_us("latency_ms")?,
        jitter_us: p.ms_as_us("jitter_ms")?,
        bandwidth_bps: p.u64("bandwidth_kbps")?.saturating_mul(1000),
        loss: p.float("loss")?,
        drop_ids: p.ids("drop")?,
        dup: p.float("dup")?,
        reorder: p.float("reorder")?,
        cut_at_us: None,
        restore_at_us: None,
        queue: None,
    })
}

/// The standard cast: a client and a server joined by one link with the common parameters,
/// ISNs from the parameters or the seed. Returns the world, the two hosts and the server's
/// address.
pub struct Pair {
    /// The world.
    pub sim: Sim,
    /// The `client` host.
    pub client: NodeId,
    /// The `server` host.
    pub server: NodeId,
    /// The client's first socket.
    pub client_addr: SocketAddr,
    /// The server's listening socket.
    pub server_addr: SocketAddr,
}

/// The standard cast before it enters the world: an empty world, the two hosts and the
/// link as the common parameters describe them. A scenario that needs more than the plain
/// pair (a link cut, a middlebox in the middle, a host configuration of its own) adjusts
/// these and places them itself; [`Cast::pair`] places them as [`client_server`] does.
pub struct Cast {
    /// The world, still without nodes.
    pub sim: Sim,
    /// The `client` host (its first ISN already chosen).
    pub client: HostSpec,
    /// The `server` host (its first ISN already chosen).
    pub server: HostSpec,
    /// The link between them.
    pub link: LinkSpec,
    /// The client's first socket.
    pub client_addr: SocketAddr,
    /// The server's listening socket.
    pub server_addr: SocketAddr,
}

impl Cast {
    /// Adds both hosts and the link to the world.
    pub fn pair(self) -> Pair {
        let mut sim = self.sim;
        let client = sim.add_host(self.client);
        let server = sim.add_host(self.server);
        sim.add_link(client, server, self.link);
        Pair {
            sim,
            client,
            server,
            client_addr: self.client_addr,
            server_addr: self.server_addr,
        }
    }
}

/// The standard cast from the common parameters, not yet placed in the world.
pub fn cast(p: &mut Params) -> Result<Cast, ScenarioError> {
    let seed = p.u64("seed")?;
    let client_addr = p.addr("client.addr")?;
    let server_addr = p.addr("server.addr")?;
    if client_addr.is_ipv4() != server_addr.is_ipv4() {
        return Err(ScenarioError::Conflict(Msg::of(
            "error.conflict.family",
            &[],
        )));
    }
    if client_addr.ip() == server_addr.ip() {
        return Err(ScenarioError::Conflict(Msg::of(
            "error.conflict.same_host",
            &[],
        )));
    }
    // ISNs are drawn even when given, so pinning one does not change the other.
    let mut isn_rng = Rng::new(seed ^ 0x5EED_0F15_0000_0001);
    let (drawn_c, drawn_s) = (isn_rng.next_u32(), isn_rng.next_u32());
    // A scenario without TCP (listed with `with_network!`) has no ISN or TCP knobs.
    let (client_isn, server_isn, cfg) = if p.declares("client.isn") {
        (
            p.u32_or("client.isn", drawn_c)?,
            p.u32_or("server.isn", drawn_s)?,
            tcp_config(p)?,
        )
    } else {
        (drawn_c, drawn_s, TcpConfig::default())
    };
    let link = link_spec(p)?;
    let mut sim = Sim::new(p.scenario(), seed);
    sim.set_limits(p.limits().clone());
    let mut client = HostSpec::client(client_addr);
    client.tcp = cfg;
    client.isns.push(client_isn);
    let mut server = HostSpec::server(server_addr.ip());
    server.tcp = cfg;
    server.isns.push(server_isn);
    Ok(Cast {
        sim,
        client,
        server,
        link,
        client_addr,
        server_addr,
    })
}

/// Builds the standard client/server pair from the common parameters.
pub fn client_server(p: &mut Params) -> Result<Pair, ScenarioError> {
    Ok(cast(p)?.pair())
}

/// A parameter list with the default of `key` replaced, for a scenario whose story needs
/// another starting value of a common parameter (e.g. a bandwidth that makes a train of
/// segments visible). Evaluated at compile time: an unknown key fails the build.
///
/// ```text
/// params: &common::with_default(*crate::with_common![OWN], "delayed_ack_ms", "200"),
/// ```
pub const fn with_default<const N: usize>(
    mut specs: [ParamSpec; N],
    key: &str,
    default: &'static str,
) -> [ParamSpec; N] {
    let mut found = false;
    let mut i = 0;
    while i < N {
        if const_str_eq(specs[i].key, key) {
            specs[i].default = Some(default);
            found = true;
        }
        i += 1;
    }
    assert!(found, "with_default: no parameter with this key");
    specs
}

/// [`with_default`] for several keys at once: `&[("delayed_ack_ms", "200"), ...]`.
pub const fn with_defaults<const N: usize>(
    mut specs: [ParamSpec; N],
    defaults: &[(&str, &'static str)],
) -> [ParamSpec; N] {
    let mut i = 0;
    while i < defaults.len() {
        specs = with_default(specs, defaults[i].0, defaults[i].1);
        i += 1;
    }
    specs
}

const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Simulated time after which any run stops (a run normally ends long before).
pub const RUN_LIMIT_US: u64 = 3_600_000_000;

/// Runs the world and writes the resolved parameters into the Trace.
pub fn finish(sim: Sim, p: &Params) -> Trace {
    let mut trace = sim.run(RUN_LIMIT_US);
    trace.params = p.resolved().clone();
    trace
}
