//! The simulated network: hosts with TCP and UDP sockets, links, middleboxes, one event
//! queue ordered by (time, insertion), and the recorder that writes the [`Trace`](crate::Trace).
//!
//! Build a [`Sim`] (hosts, links, middleboxes, applications), then [`Sim::run`] it:
//!
//! ```
//! use wiretrace_core::app::simple::{Connector, Closer};
//! use wiretrace_core::net::{HostSpec, LinkSpec, Sim};
//!
//! let mut sim = Sim::new("handshake", 1);
//! let c = sim.add_host(HostSpec::client("192.168.1.116:3337".parse().unwrap()));
//! let s = sim.add_host(HostSpec::server("192.168.1.123".parse().unwrap()));
//! sim.add_link(c, s, LinkSpec::with_latency(20_000));
//! sim.add_app(s, Closer::new(7788, 0));
//! sim.add_app(c, Connector::new("192.168.1.123:7788".parse().unwrap(), 0));
//! let trace = sim.run(60_000_000);
//! assert_eq!(trace.segments[0].flags_text(), "SYN");
//! ```
//!
//! `Sim` is one struct; its methods live with the concern they serve:
//!
//! | file            | what it holds                                                        |
//! |-----------------|----------------------------------------------------------------------|
//! | `mod.rs`        | the ids, `Sim` and building the world (hosts, links, apps)           |
//! | `queue.rs`      | the event queue and the run loop ([`Sim::run`])                      |
//! | `wire.rs`       | packets, routes, links in use, and where an arriving packet goes     |
//! | `host.rs`       | a host's TCP/UDP stack: demultiplexing, accepting, the stack's RSTs  |
//! | `socket.rs`     | sockets: sending what endpoints emit, recording what they report     |
//! | `middlebox.rs`  | NAT / firewall: the flow table, rewriting, idle timeout, drop or RST |
//! | `crash.rs`      | a host crashing and booting again                                    |
//! | `api.rs`        | what applications see ([`App`], [`AppCx`]) and the calls behind it   |
//! | `record.rs`     | the only writer of the Trace                                         |
//! | `explain.rs`    | the message key and numbers of each segment, state change and timer  |
//! | `link.rs`       | one link's latency, bandwidth, loss, duplication, reordering, cut, queue |
//! | `rng.rs`        | the seeded generator (SplitMix64)                                    |

pub mod api;
mod crash;
pub mod explain;
mod host;
pub mod link;
pub mod middlebox;
mod queue;
mod record;
pub mod rng;
mod socket;
mod wire;

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::net::{IpAddr, SocketAddr};

pub use api::{App, AppCx, AppEvent, TimerSpec};
pub use host::HostSpec;
pub use link::LinkSpec;
pub use middlebox::{MiddleboxSpec, OnUnknown};
pub use rng::Rng;

/// A run stops after this many segments unless its [`Limits`] say fewer (see [`Sim::run`]),
/// the same cap as a capture's import: a 10 MB page at a 146-byte MSS (about 140 000
/// segments) runs to its end, while parameters that would make a run endless (a 1-byte
/// window for a 10 MB page) stop with a note. The page runs a scenario up to its own,
/// smaller cap at once, and the rest in a worker.
pub const MAX_SEGMENTS: usize = 1_000_000;

/// How far a run may go, and who hears how far it got.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The run stops (with a `run-truncated` event) after this many segments.
    pub max_segments: usize,
    /// Told the number of segments so far, every few thousand events of a long run.
    pub progress: Option<Progress>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_segments: MAX_SEGMENTS,
            progress: None,
        }
    }
}

impl Limits {
    /// At most `max_segments` segments, no progress.
    pub fn segments(max_segments: usize) -> Limits {
        Limits {
            max_segments,
            progress: None,
        }
    }
}

/// A listener for a run's progress (the page's worker posts it to the page).
#[derive(Clone)]
pub struct Progress(pub Rc<RefCell<dyn FnMut(usize)>>);

impl Progress {
    /// A listener calling `f` with the segment count.
    pub fn new(f: impl FnMut(usize) + 'static) -> Progress {
        Progress(Rc::new(RefCell::new(f)))
    }

    fn tell(&self, segments: usize) {
        if let Ok(mut f) = self.0.try_borrow_mut() {
            f(segments);
        }
    }
}

impl core::fmt::Debug for Progress {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Progress")
    }
}
/// A run stops after this many events, whatever they are.
pub const MAX_EVENTS: u64 = 5_000_000;

/// A host or middlebox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);
/// A socket (TCP connection, listener or UDP socket).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SockId(pub u32);
/// An application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AppId(pub u32);
/// A link between two nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkId(pub u32);
/// An application timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimerId(pub u32);

enum NodeKind {
    Host(host::Host),
    Middlebox(middlebox::Middlebox),
}

struct Node {
    name: String,
    ip: IpAddr,
    links: Vec<LinkId>,
    kind: NodeKind,
}

/// The simulated world. See the module documentation for an example.
pub struct Sim {
    now: u64,
    rng: Rng,
    nodes: Vec<Node>,
    links: Vec<wire::Link>,
    socks: Vec<socket::Socket>,
    apps: Vec<Option<Box<dyn App>>>,
    app_nodes: Vec<NodeId>,
    app_start: Vec<u64>,
    queue: queue::Queue,
    rec: record::Recorder,
    /// What applications are told once the current event is handled, in order.
    notes: VecDeque<(AppId, AppEvent)>,
    /// The segment being handled by its receiver: the cause of what it does.
    current_in: Option<u32>,
    /// The connection of each (protocol number, lower address, higher address) pair, so
    /// that a simultaneous open is one connection and a UDP exchange one flow.
    live_pairs: BTreeMap<(u8, SocketAddr, SocketAddr), u32>,
    /// Sockets still alive per connection.
    conn_live: Vec<u32>,
    app_timers: Vec<api::AppTimer>,
    /// Per node, the first link toward each address.
    routes: Vec<BTreeMap<IpAddr, LinkId>>,
    /// RSTs middleboxes send, waiting for their link.
    mb_ctl: VecDeque<middlebox::PendingRst>,
    /// Host crashes to play.
    crashes: Vec<crash::Crash>,
    /// Applications started again from scratch when their host restarts.
    services: Vec<crash::Service>,
    /// How far the run may go.
    limits: Limits,
}

impl Sim {
    /// An empty world for scenario `scenario`, its random numbers drawn from `seed`.
    pub fn new(scenario: &str, seed: u64) -> Self {
        Sim {
            now: 0,
            rng: Rng::new(seed),
            nodes: Vec::new(),
            links: Vec::new(),
            socks: Vec::new(),
            apps: Vec::new(),
            app_nodes: Vec::new(),
            app_start: Vec::new(),
            queue: queue::Queue::default(),
            rec: record::Recorder::new(scenario, seed),
            notes: VecDeque::new(),
            current_in: None,
            live_pairs: BTreeMap::new(),
            conn_live: Vec::new(),
            app_timers: Vec::new(),
            routes: Vec::new(),
            mb_ctl: VecDeque::new(),
            crashes: Vec::new(),
            services: Vec::new(),
            limits: Limits::default(),
        }
    }

    /// How far the run may go ([`Limits::default`] unless set).
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Simulated time now.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// The lifeline id of a node.
    pub fn node_name(&self, node: NodeId) -> &str {
        &self.nodes[node.0 as usize].name
    }

    /// Adds a host (a lifeline, left to right in the order added).
    pub fn add_host(&mut self, spec: HostSpec) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.rec.host(&spec);
        let isn_rng = self.rng.fork();
        self.nodes.push(Node {
            name: spec.id,
            ip: spec.ip,
            links: Vec::new(),
            kind: NodeKind::Host(host::Host::new(
                spec.tcp,
                spec.isns,
                isn_rng,
                spec.first_port,
            )),
        });
        id
    }

    /// Adds a middlebox (NAT / firewall) lifeline.
    pub fn add_middlebox(&mut self, spec: MiddleboxSpec) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.rec.middlebox(&spec);
        self.nodes.push(Node {
            name: spec.id.clone(),
            ip: spec.ip,
            links: Vec::new(),
            kind: NodeKind::Middlebox(middlebox::Middlebox::new(spec)),
        });
        id
    }

    /// Connects two nodes with a link. For a middlebox, the link added with
    /// [`Sim::add_outside_link`] leads to the outside; every other link is inside.
    pub fn add_link(&mut self, a: NodeId, b: NodeId, spec: LinkSpec) -> LinkId {
        let id = LinkId(self.links.len() as u32);
        let dirs = [
            link::Direction::new(self.rng.fork()),
            link::Direction::new(self.rng.fork()),
        ];
        self.links.push(wire::Link {
            ends: [a, b],
            spec,
            dirs,
        });
        self.nodes[a.0 as usize].links.push(id);
        self.nodes[b.0 as usize].links.push(id);
        id
    }

    /// Connects a middlebox to its outside (server side).
    pub fn add_outside_link(
        &mut self,
        middlebox: NodeId,
        outside: NodeId,
        spec: LinkSpec,
    ) -> LinkId {
        let id = self.add_link(middlebox, outside, spec);
        if let NodeKind::Middlebox(mb) = &mut self.nodes[middlebox.0 as usize].kind {
            mb.outside = Some(id.0 as usize);
        }
        id
    }

    /// Installs an application on a host; it gets [`AppEvent::Start`] at time 0.
    pub fn add_app(&mut self, node: NodeId, app: impl App + 'static) -> AppId {
        self.add_app_at(node, app, 0)
    }

    /// Installs an application that starts at `start_us`.
    pub fn add_app_at(&mut self, node: NodeId, app: impl App + 'static, start_us: u64) -> AppId {
        self.push_app(node, Box::new(app), start_us)
    }

    fn push_app(&mut self, node: NodeId, app: Box<dyn App>, start_us: u64) -> AppId {
        let id = AppId(self.apps.len() as u32);
        self.apps.push(Some(app));
        self.app_nodes.push(node);
        self.app_start.push(start_us);
        id
    }

    /// The node that owns address `ip`, if any.
    fn node_of_ip(&self, ip: IpAddr) -> Option<NodeId> {
        self.nodes
            .iter()
            .position(|n| n.ip == ip)
            .map(|i| NodeId(i as u32))
    }
}
