//! The simulated network: hosts with TCP and UDP sockets, links, middleboxes, one event
//! queue ordered by (time, insertion), and the recorder that writes the [`Trace`].
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

mod crash;
pub mod explain;
pub mod link;
pub mod middlebox;
pub mod rng;

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::net::{IpAddr, SocketAddr};

use crate::app::{App, AppCx, AppEvent, TimerSpec};
use crate::i18n::{self, Lang};
use crate::tcp::endpoint::reset_for;
use crate::tcp::event::{Cause, Guard, RstWhy, SendWhy, TcpEvent, UserEvent};
use crate::tcp::timers::slot;
use crate::tcp::{Endpoint, SeqNum, State, TcpConfig, TcpSegment, Transmit};
use crate::trace::{
    Bytes, Connection, Endpoint as TraceEndpoint, Event, Fate, Flag, Hop, Msg, Proto, Role,
    Segment, StateChange, Timer, TimerKind, TimerOutcome, Trace, TupleView,
};

pub use link::LinkSpec;
pub use middlebox::{MiddleboxSpec, OnUnknown};
pub use rng::Rng;

/// A run stops after this many segments (see [`Sim::run`]), the same cap as a capture's
/// import: the largest page a scenario offers (10 MB at the default MSS, about 10 300
/// segments) still runs to its end, while odd parameters (a 64-byte MSS, a network that
/// duplicates everything) stop with a note instead of drawing a trace no page can show.
pub const MAX_SEGMENTS: usize = 20_000;
/// A run stops after this many events, whatever they are.
pub const MAX_EVENTS: u64 = 5_000_000;
/// `Event::kind` of a link going down.
pub const LINK_CUT: &str = "link-cut";
/// `Event::kind` of a link coming back up.
pub const LINK_RESTORED: &str = "link-restored";
/// `Event::kind` of a host crashing (see [`Sim::crash_host`]).
pub const HOST_CRASHED: &str = "host-crashed";
/// `Event::kind` of a crashed host coming back.
pub const HOST_RESTARTED: &str = "host-restarted";

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

/// A host: its lifeline, address, TCP defaults, ISNs and first ephemeral port.
#[derive(Clone, Debug, PartialEq)]
pub struct HostSpec {
    /// Lifeline id (`client`, `server`, `client2`).
    pub id: String,
    /// English label.
    pub label: String,
    /// Localized label.
    pub label_msg: Option<Msg>,
    /// Address.
    pub ip: IpAddr,
    /// What the lifeline stands for.
    pub role: Role,
    /// TCP configuration of its sockets (unless a call gives its own).
    pub tcp: TcpConfig,
    /// ISNs for its connections, in order; when used up, ISNs come from the run's seed.
    pub isns: Vec<u32>,
    /// First port handed to an outgoing connection; later ones count up from it.
    pub first_port: u16,
}

impl HostSpec {
    /// A host with an id, a label key (`endpoint.client`) and an address.
    pub fn new(id: &str, label_key: &str, role: Role, ip: IpAddr) -> Self {
        let label_msg = crate::app::msg(label_key, &[]);
        HostSpec {
            id: String::from(id),
            label: i18n::render(Lang::En, &label_msg),
            label_msg: Some(label_msg),
            ip,
            role,
            tcp: TcpConfig::default(),
            isns: Vec::new(),
            first_port: 49152,
        }
    }

    /// The lifeline `client`; its first connection leaves from `addr`'s port.
    pub fn client(addr: SocketAddr) -> Self {
        let mut h = HostSpec::new("client", "endpoint.client", Role::Client, addr.ip());
        h.first_port = addr.port();
        h
    }

    /// The lifeline `server`.
    pub fn server(ip: IpAddr) -> Self {
        HostSpec::new("server", "endpoint.server", Role::Server, ip)
    }
}

/// What a packet carries.
#[derive(Clone, Debug)]
enum Body {
    Tcp(TcpSegment),
    Udp {
        src: SocketAddr,
        dst: SocketAddr,
        data: Vec<u8>,
    },
}

impl Body {
    fn src(&self) -> SocketAddr {
        match self {
            Body::Tcp(s) => s.src,
            Body::Udp { src, .. } => *src,
        }
    }
    fn dst(&self) -> SocketAddr {
        match self {
            Body::Tcp(s) => s.dst,
            Body::Udp { dst, .. } => *dst,
        }
    }
    fn set_src(&mut self, a: SocketAddr) {
        match self {
            Body::Tcp(s) => s.src = a,
            Body::Udp { src, .. } => *src = a,
        }
    }
    fn set_dst(&mut self, a: SocketAddr) {
        match self {
            Body::Tcp(s) => s.dst = a,
            Body::Udp { dst, .. } => *dst = a,
        }
    }
    fn proto(&self) -> Proto {
        match self {
            Body::Tcp(_) => Proto::Tcp,
            Body::Udp { .. } => Proto::Udp,
        }
    }
    /// IP packet size: 20 (IPv4) or 40 (IPv6) + transport header + payload.
    fn wire_len(&self) -> usize {
        let ip = if self.src().is_ipv4() { 20 } else { 40 };
        match self {
            Body::Tcp(s) => ip + s.header_len() + s.payload.len(),
            Body::Udp { data, .. } => ip + 8 + data.len(),
        }
    }
}

/// A packet on the way: its Trace segment id, its connection, its contents.
#[derive(Clone, Debug)]
struct Packet {
    id: u32,
    conn: u32,
    body: Body,
}

#[derive(Debug)]
enum Ev {
    Start(AppId),
    Arrive {
        node: NodeId,
        link: LinkId,
        pkt: Packet,
    },
    Wake(SockId),
    LinkFree(NodeId, LinkId),
    AppTimer(TimerId),
    FlowIdle {
        node: NodeId,
        key: middlebox::FlowKey,
    },
    /// A link goes down (`up: false`) or comes back (`up: true`), as its spec says.
    LinkState {
        link: LinkId,
        up: bool,
    },
    /// A host crashes (`up: false`) or boots again (`up: true`), see [`Sim::crash_host`].
    HostState {
        node: NodeId,
        up: bool,
    },
}

struct Queued {
    at: u64,
    order: u64,
    ev: Ev,
}

impl PartialEq for Queued {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.order) == (o.at, o.order)
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Queued {
    // Reversed: the heap pops the earliest time, then the earliest insertion.
    fn cmp(&self, o: &Self) -> Ordering {
        (o.at, o.order).cmp(&(self.at, self.order))
    }
}

struct Host {
    tcp: TcpConfig,
    isns: VecDeque<u32>,
    isn_rng: Rng,
    next_port: u16,
    conns: BTreeMap<(SocketAddr, SocketAddr), SockId>,
    listeners: BTreeMap<u16, SockId>,
    udp: BTreeMap<u16, SockId>,
    socks: Vec<SockId>,
    /// Segments the stack sends without a socket (RSTs), waiting for the link.
    ctl: VecDeque<(TcpSegment, RstWhy, u32)>,
    /// Crashed and not yet restarted: packets reaching it are lost.
    down: bool,
    /// `(local, remote)` of the connections a crash wiped out: their segments still meet
    /// a RST after the restart, explained as a forgotten connection.
    forgotten: BTreeSet<(SocketAddr, SocketAddr)>,
}

enum NodeKind {
    Host(Host),
    Middlebox(middlebox::Middlebox),
}

struct Node {
    name: String,
    ip: IpAddr,
    links: Vec<LinkId>,
    kind: NodeKind,
}

struct Link {
    ends: [NodeId; 2],
    spec: LinkSpec,
    dirs: [link::Direction; 2],
}

struct Listener {
    port: u16,
    backlog: u32,
    pending: u32,
    cfg: TcpConfig,
}

enum SockKind {
    Tcp(Box<Endpoint>),
    Listener(Listener),
    Udp {
        local: SocketAddr,
        out: VecDeque<(SocketAddr, Vec<u8>, Option<String>)>,
    },
}

struct Socket {
    node: NodeId,
    app: AppId,
    kind: SockKind,
    conn: Option<u32>,
    wake: Option<u64>,
    timers: [Option<usize>; 7],
    /// State changes and timers that name the next segment this socket sends.
    await_out: Vec<Pending>,
    /// First transmissions of sequence space: (seq, segment id), oldest first.
    sent: VecDeque<(SeqNum, u32)>,
    /// HTTP message starts: (stream offset, line).
    marks: Vec<(u64, String)>,
    written: u64,
    parent: Option<SockId>,
    announced: bool,
    alive: bool,
    /// The application shut down only its sending side (the texts say so).
    shutdown: bool,
    /// The socket's (source, destination) as text, formatted once.
    addr_text: Option<(SocketAddr, SocketAddr, String, String)>,
}

/// A Trace entry waiting for the segment that realizes it.
#[derive(Clone, Copy)]
enum Pending {
    /// A state change, resolved by the next segment with this control bit (SYN for a
    /// connect, FIN for a close, RST for an abort).
    State(usize, u8),
    /// A timer guarding the next segment sent.
    Timer(usize),
}

struct AppTimer {
    app: AppId,
    token: u64,
    record: Option<usize>,
    active: bool,
}

/// The simulated world. See the module documentation for an example.
pub struct Sim {
    now: u64,
    rng: Rng,
    nodes: Vec<Node>,
    links: Vec<Link>,
    socks: Vec<Socket>,
    apps: Vec<Option<Box<dyn App>>>,
    app_nodes: Vec<NodeId>,
    app_start: Vec<u64>,
    queue: BinaryHeap<Queued>,
    order: u64,
    trace: Trace,
    notes: VecDeque<(AppId, AppEvent)>,
    current_in: Option<u32>,
    live_pairs: BTreeMap<(u8, SocketAddr, SocketAddr), u32>,
    conn_live: Vec<u32>,
    app_timers: Vec<AppTimer>,
    routes: Vec<BTreeMap<IpAddr, LinkId>>,
    /// RSTs middleboxes send, waiting for their link: (middlebox, link, segment, conn).
    mb_ctl: VecDeque<(NodeId, LinkId, TcpSegment, u32)>,
    /// Host crashes to play: (host, crash time, restart time).
    crashes: Vec<(NodeId, u64, Option<u64>)>,
    /// Applications started again from scratch when their host restarts.
    services: Vec<(NodeId, crash::Factory)>,
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
            queue: BinaryHeap::new(),
            order: 0,
            trace: Trace::new(Some(String::from(scenario)), Some(seed)),
            notes: VecDeque::new(),
            current_in: None,
            live_pairs: BTreeMap::new(),
            conn_live: Vec::new(),
            app_timers: Vec::new(),
            routes: Vec::new(),
            mb_ctl: VecDeque::new(),
            crashes: Vec::new(),
            services: Vec::new(),
        }
    }

    /// The Trace being written (e.g. to set `params` before running).
    pub fn trace_mut(&mut self) -> &mut Trace {
        &mut self.trace
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
        self.trace.endpoints.push(TraceEndpoint {
            id: spec.id.clone(),
            label: spec.label.clone(),
            ip: spec.ip.to_string(),
            role: spec.role,
            label_msg: spec.label_msg.clone(),
        });
        let isn_rng = self.rng.fork();
        self.nodes.push(Node {
            name: spec.id,
            ip: spec.ip,
            links: Vec::new(),
            kind: NodeKind::Host(Host {
                tcp: spec.tcp,
                isns: spec.isns.into_iter().collect(),
                isn_rng,
                next_port: spec.first_port,
                conns: BTreeMap::new(),
                listeners: BTreeMap::new(),
                udp: BTreeMap::new(),
                socks: Vec::new(),
                ctl: VecDeque::new(),
                down: false,
                forgotten: BTreeSet::new(),
            }),
        });
        id
    }

    /// Adds a middlebox (NAT / firewall) lifeline.
    pub fn add_middlebox(&mut self, spec: MiddleboxSpec) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.trace.endpoints.push(TraceEndpoint {
            id: spec.id.clone(),
            label: spec.label.clone(),
            ip: spec.ip.to_string(),
            role: Role::Middlebox,
            label_msg: Some(crate::app::msg(spec.label_key, &[])),
        });
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
        self.links.push(Link {
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

    /// Runs until nothing is left to happen, `limit_us` of simulated time passed, or the
    /// run reached [`MAX_SEGMENTS`] segments or [`MAX_EVENTS`] events (then the Trace ends
    /// with a `run-truncated` event), and returns the Trace.
    pub fn run(mut self, limit_us: u64) -> Trace {
        self.compute_routes();
        self.schedule_link_changes();
        self.schedule_crashes();
        for i in 0..self.apps.len() {
            let at = self.app_start[i];
            self.schedule(at, Ev::Start(AppId(i as u32)));
        }
        let mut stopped_early = false;
        let mut events: u64 = 0;
        // The time of the last event that did something: the run's end when nothing is left.
        let mut last = 0;
        while let Some(q) = self.queue.pop() {
            if q.at > limit_us {
                stopped_early = true;
                break;
            }
            self.now = q.at;
            if self.handle(q.ev) {
                last = self.now;
            }
            self.dispatch_notes();
            events += 1;
            // A page must never freeze: parameters that would make a run endless (a 1-byte
            // window for a 10 MB page) stop it with a note instead.
            if self.trace.segments.len() >= MAX_SEGMENTS || events >= MAX_EVENTS {
                self.keep_first_segments(MAX_SEGMENTS);
                let m = crate::app::msg(
                    "event.run_truncated",
                    &[("segments", self.trace.segments.len().to_string())],
                );
                self.trace.events.push(Event {
                    at_us: self.now,
                    endpoint: String::new(),
                    conn: None,
                    kind: String::from("run-truncated"),
                    text: i18n::render(Lang::En, &m),
                    msg: Some(m),
                });
                last = self.now;
                break;
            }
        }
        self.now = if stopped_early { limit_us } else { last };
        self.finish()
    }

    fn schedule(&mut self, at: u64, ev: Ev) {
        self.order += 1;
        self.queue.push(Queued {
            at,
            order: self.order,
            ev,
        });
    }

    /// Handles one event; returns false for a stale one (a timer cancelled or moved since
    /// it was scheduled), which must not count as the run's last moment.
    fn handle(&mut self, ev: Ev) -> bool {
        match ev {
            Ev::Start(app) => {
                self.notes.push_back((app, AppEvent::Start));
                true
            }
            Ev::Arrive { node, link, pkt } => {
                self.arrive(node, link, pkt);
                true
            }
            Ev::Wake(s) => {
                let due = self.socks[s.0 as usize].wake;
                if due != Some(self.now) || !self.socks[s.0 as usize].alive {
                    return false;
                }
                self.socks[s.0 as usize].wake = None;
                if let SockKind::Tcp(ep) = &mut self.socks[s.0 as usize].kind {
                    ep.handle_timeout(self.now);
                }
                self.flush(s);
                true
            }
            Ev::LinkFree(node, link) => {
                let d = self.dir_index(link, node);
                self.links[link.0 as usize].dirs[d].wake_scheduled = false;
                let before = self.trace.segments.len();
                self.flush_node(node);
                self.trace.segments.len() > before
            }
            Ev::AppTimer(t) => {
                let timer = &mut self.app_timers[t.0 as usize];
                if !timer.active {
                    return false;
                }
                timer.active = false;
                let (app, token, rec) = (timer.app, timer.token, timer.record);
                if let Some(i) = rec {
                    self.trace.timers[i].ended_us = Some(self.now);
                    self.trace.timers[i].outcome = TimerOutcome::Fired;
                }
                self.notes.push_back((app, AppEvent::Timer(token)));
                true
            }
            Ev::FlowIdle { node, key } => self.flow_idle(node, key),
            Ev::LinkState { link, up } => {
                self.link_changed(link, up);
                // A link's state alone does not keep a run going: the event stays in the
                // story only if something happens after it (see `finish`).
                false
            }
            Ev::HostState { node, up } => {
                if up {
                    self.host_up(node);
                } else {
                    self.host_down(node);
                }
                true
            }
        }
    }

    fn dispatch_notes(&mut self) {
        while let Some((app, ev)) = self.notes.pop_front() {
            let Some(mut a) = self.apps[app.0 as usize].take() else {
                continue;
            };
            let node = self.app_nodes[app.0 as usize];
            {
                let mut cx = AppCx {
                    sim: self,
                    app,
                    node,
                };
                a.on_event(&mut cx, ev);
            }
            self.apps[app.0 as usize] = Some(a);
        }
    }

    /// Cuts a truncated run's Trace to its first `n` segments: the event that reached the
    /// cap may have sent a few more (a segment and its network copy, a burst the window
    /// allowed). What those later segments caused goes with them, so every id the Trace
    /// names still exists.
    fn keep_first_segments(&mut self, n: usize) {
        if self.trace.segments.len() <= n {
            return;
        }
        self.trace.segments.truncate(n);
        let n = n as u32;
        let kept = |s: Option<u32>| s.is_none_or(|id| id < n);
        self.trace.states.retain(|c| kept(c.segment));
        self.trace.timers.retain(|t| kept(t.segment));
    }

    fn finish(mut self) -> Trace {
        // A link that went down or came back after everything else was over changed nothing.
        let end = self.now;
        self.trace
            .events
            .retain(|e| !(e.at_us > end && matches!(e.kind.as_str(), LINK_CUT | LINK_RESTORED)));
        for seg in &mut self.trace.segments {
            if seg.recv_us.is_none() && matches!(seg.fate, Fate::Delivered | Fate::Duplicated) {
                seg.fate = Fate::InFlight;
            }
        }
        // A delivered segment that arrived after one sent later in the same direction of
        // the same connection was reordered.
        let mut earliest_later: BTreeMap<(u32, &str), u64> = BTreeMap::new();
        let mut reordered = Vec::new();
        for seg in self.trace.segments.iter().rev() {
            let Some(recv) = seg.recv_us else { continue };
            let key = (seg.conn, seg.from.as_str());
            if let Some(&later) = earliest_later.get(&key) {
                if later < recv && seg.fate == Fate::Delivered {
                    reordered.push(seg.id);
                }
            }
            let e = earliest_later.entry(key).or_insert(recv);
            *e = (*e).min(recv);
        }
        for id in reordered {
            self.trace.segments[id as usize].fate = Fate::Reordered;
        }
        self.trace.end_us = self.now;
        self.trace
    }

    // ----- routing and links -------------------------------------------------------------

    /// Schedules the moments links go down and come back (`LinkSpec::cut_at_us`,
    /// `restore_at_us`), so that the Trace tells them.
    fn schedule_link_changes(&mut self) {
        for i in 0..self.links.len() {
            let spec = &self.links[i].spec;
            let (cut, restore) = (spec.cut_at_us, spec.restore_at_us);
            let link = LinkId(i as u32);
            if let Some(c) = cut {
                self.schedule(c, Ev::LinkState { link, up: false });
                if let Some(r) = restore.filter(|&r| r > c) {
                    self.schedule(r, Ev::LinkState { link, up: true });
                }
            }
        }
    }

    /// Writes a link's change of state into the story (`link-cut` / `link-restored`), on
    /// the lifeline of its first end. The packets themselves learn it from the link's spec.
    fn link_changed(&mut self, link: LinkId, up: bool) {
        let [a, b] = self.links[link.0 as usize].ends;
        let args = [
            ("a", self.nodes[a.0 as usize].ip.to_string()),
            ("b", self.nodes[b.0 as usize].ip.to_string()),
        ];
        let (kind, key) = if up {
            (LINK_RESTORED, "event.link_restored")
        } else {
            (LINK_CUT, "event.link_cut")
        };
        let m = crate::app::msg(key, &args);
        self.push_event(a, kind, m, None);
    }

    fn compute_routes(&mut self) {
        let n = self.nodes.len();
        self.routes = Vec::with_capacity(n);
        for start in 0..n {
            let mut first: Vec<Option<LinkId>> = alloc::vec![None; n];
            let mut seen = alloc::vec![false; n];
            seen[start] = true;
            let mut q = VecDeque::new();
            q.push_back(start);
            while let Some(u) = q.pop_front() {
                for &l in &self.nodes[u].links {
                    let e = self.links[l.0 as usize].ends;
                    let v = if e[0].0 as usize == u { e[1] } else { e[0] }.0 as usize;
                    if !seen[v] {
                        seen[v] = true;
                        first[v] = if u == start { Some(l) } else { first[u] };
                        q.push_back(v);
                    }
                }
            }
            let mut table = BTreeMap::new();
            for (v, l) in first.iter().enumerate() {
                if let Some(l) = l {
                    table.entry(self.nodes[v].ip).or_insert(*l);
                }
            }
            self.routes.push(table);
        }
    }

    fn route(&self, node: NodeId, ip: IpAddr) -> Option<LinkId> {
        self.routes
            .get(node.0 as usize)
            .and_then(|t| t.get(&ip).copied())
            .or_else(|| self.nodes[node.0 as usize].links.first().copied())
    }

    fn dir_index(&self, link: LinkId, from: NodeId) -> usize {
        usize::from(self.links[link.0 as usize].ends[0] != from)
    }

    fn link_free(&mut self, node: NodeId, link: LinkId) -> bool {
        let d = self.dir_index(link, node);
        let dir = &self.links[link.0 as usize].dirs[d];
        if dir.busy_until <= self.now {
            return true;
        }
        if !dir.wake_scheduled {
            let at = dir.busy_until;
            self.links[link.0 as usize].dirs[d].wake_scheduled = true;
            self.schedule(at, Ev::LinkFree(node, link));
        }
        false
    }

    /// Puts a packet on a link from `node`.
    fn transmit(&mut self, node: NodeId, link: LinkId, pkt: Packet, first_hop: bool) {
        let d = self.dir_index(link, node);
        let l = &mut self.links[link.0 as usize];
        let to = l.ends[1 - d];
        let (_, verdict, copy) =
            l.dirs[d].transmit(&l.spec, self.now, pkt.body.wire_len(), pkt.id, first_hop);
        if let Some(copy_verdict) = copy {
            let mut rec = self.trace.segments[pkt.id as usize].clone();
            let id = self.trace.segments.len() as u32;
            rec.id = id;
            rec.dup_of = Some(pkt.id);
            rec.fate = Fate::Duplicated;
            rec.sent_us = self.now;
            rec.recv_us = None;
            rec.lost_us = None;
            rec.via.clear();
            self.trace.segments.push(rec);
            let copy = Packet {
                id,
                conn: pkt.conn,
                body: pkt.body.clone(),
            };
            self.apply_verdict(to, link, copy, copy_verdict);
        }
        self.apply_verdict(to, link, pkt, verdict);
    }

    fn apply_verdict(&mut self, to: NodeId, link: LinkId, pkt: Packet, v: link::Verdict) {
        match v {
            link::Verdict::Arrive(at) => self.schedule(
                at,
                Ev::Arrive {
                    node: to,
                    link,
                    pkt,
                },
            ),
            link::Verdict::Lost(at) => {
                let seg = &mut self.trace.segments[pkt.id as usize];
                seg.fate = Fate::Dropped;
                seg.lost_us = Some(at.max(seg.sent_us));
            }
        }
    }

    fn arrive(&mut self, node: NodeId, link: LinkId, mut pkt: Packet) {
        if matches!(self.nodes[node.0 as usize].kind, NodeKind::Middlebox(_)) {
            self.middlebox_forward(node, link, pkt);
            return;
        }
        if matches!(&self.nodes[node.0 as usize].kind, NodeKind::Host(h) if h.down) {
            // A crashed host answers nothing: the packet is lost at its door.
            let seg = &mut self.trace.segments[pkt.id as usize];
            seg.fate = Fate::Dropped;
            seg.lost_us = Some(self.now);
            return;
        }
        if pkt.body.dst().ip() != self.nodes[node.0 as usize].ip {
            // Hosts do not forward: the packet had no route.
            let seg = &mut self.trace.segments[pkt.id as usize];
            seg.fate = Fate::Dropped;
            seg.lost_us = Some(self.now);
            return;
        }
        {
            let seg = &mut self.trace.segments[pkt.id as usize];
            seg.recv_us = Some(self.now);
            if seg.fate == Fate::InFlight {
                seg.fate = Fate::Delivered;
            }
        }
        self.current_in = Some(pkt.id);
        match core::mem::replace(
            &mut pkt.body,
            Body::Udp {
                src: SocketAddr::new(IpAddr::from([0, 0, 0, 0]), 0),
                dst: SocketAddr::new(IpAddr::from([0, 0, 0, 0]), 0),
                data: Vec::new(),
            },
        ) {
            Body::Tcp(seg) => self.tcp_input(node, pkt.conn, seg),
            Body::Udp { src, dst, data } => {
                let sock = match &self.nodes[node.0 as usize].kind {
                    NodeKind::Host(h) => h.udp.get(&dst.port()).copied(),
                    NodeKind::Middlebox(_) => None,
                };
                if let Some(s) = sock {
                    let app = self.socks[s.0 as usize].app;
                    self.notes.push_back((
                        app,
                        AppEvent::Datagram {
                            sock: s,
                            from: src,
                            data,
                        },
                    ));
                }
            }
        }
        self.current_in = None;
    }

    /// Demultiplexes an arriving TCP segment to a connection, a listener, or the stack's
    /// own RST (RFC 9293 3.10.7.1).
    fn tcp_input(&mut self, node: NodeId, conn: u32, seg: TcpSegment) {
        let NodeKind::Host(host) = &self.nodes[node.0 as usize].kind else {
            return;
        };
        if let Some(&s) = host.conns.get(&(seg.dst, seg.src)) {
            if let SockKind::Tcp(ep) = &mut self.socks[s.0 as usize].kind {
                ep.handle_segment(self.now, &seg);
            }
            self.flush(s);
            return;
        }
        // A connection this host had before it crashed (RFC 9293 3.5.1: half-open).
        let forgotten = host.forgotten.contains(&(seg.dst, seg.src));
        if let Some(&l) = host.listeners.get(&seg.dst.port()) {
            if seg.syn() && !seg.is_ack() && !seg.rst() {
                self.accept(node, l, conn, seg);
            } else {
                // 9293#3.10.7.2: what LISTEN does with a non-SYN (RST for an ACK, else drop).
                let mut probe = Endpoint::new_listening(host.tcp, seg.dst, SeqNum(0));
                probe.handle_segment(self.now, &seg);
                if let Some(t) = probe.poll_transmit(self.now) {
                    if let SendWhy::Rst(why) = t.why {
                        let why = match why {
                            _ if forgotten => RstWhy::Forgotten,
                            RstWhy::BadAck => RstWhy::Listening,
                            other => other,
                        };
                        self.host_ctl(node, t.seg, why, conn);
                    }
                }
            }
            return;
        }
        if !seg.rst() {
            let why = if seg.syn() && !seg.is_ack() {
                RstWhy::ClosedPort
            } else if forgotten {
                RstWhy::Forgotten
            } else {
                RstWhy::NoConnection
            };
            self.host_ctl(node, reset_for(&seg), why, conn);
        }
    }

    fn accept(&mut self, node: NodeId, l: SockId, conn: u32, seg: TcpSegment) {
        let (cfg, full, backlog) = match &self.socks[l.0 as usize].kind {
            SockKind::Listener(li) => (li.cfg, li.pending >= li.backlog, li.backlog),
            _ => return,
        };
        if full {
            let m = crate::app::msg("event.backlog_full", &[("backlog", backlog.to_string())]);
            self.app_event(node, "backlog-full", m, None);
            return;
        }
        let iss = self.next_isn(node);
        let mut ep = Endpoint::new_listening(cfg, seg.dst, SeqNum(iss));
        ep.handle_segment(self.now, &seg);
        let app = self.socks[l.0 as usize].app;
        let s = self.new_socket(node, app, SockKind::Tcp(Box::new(ep)), Some(conn));
        self.socks[s.0 as usize].parent = Some(l);
        if let SockKind::Listener(li) = &mut self.socks[l.0 as usize].kind {
            li.pending += 1;
        }
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            h.conns.insert((seg.dst, seg.src), s);
            h.forgotten.remove(&(seg.dst, seg.src));
        }
        self.flush(s);
    }

    fn host_ctl(&mut self, node: NodeId, seg: TcpSegment, why: RstWhy, conn: u32) {
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            h.ctl.push_back((seg, why, conn));
        }
        self.flush_ctl(node);
    }

    fn flush_ctl(&mut self, node: NodeId) {
        loop {
            let NodeKind::Host(h) = &self.nodes[node.0 as usize].kind else {
                return;
            };
            let Some((seg, _, _)) = h.ctl.front() else {
                return;
            };
            let Some(link) = self.route(node, seg.dst.ip()) else {
                return;
            };
            if !self.link_free(node, link) {
                return;
            }
            let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind else {
                return;
            };
            let Some((seg, why, conn)) = h.ctl.pop_front() else {
                return;
            };
            let t = Transmit {
                seg,
                why: SendWhy::Rst(why),
                rtx: crate::tcp::event::Rtx::No,
                tags: Vec::new(),
                prev_ack: None,
            };
            let from = self.nodes[node.0 as usize].name.clone();
            let id = self.record_tcp(&from, conn, &t, State::Closed, None);
            self.transmit(
                node,
                link,
                Packet {
                    id,
                    conn,
                    body: Body::Tcp(t.seg),
                },
                true,
            );
        }
    }

    fn flush_node(&mut self, node: NodeId) {
        match &self.nodes[node.0 as usize].kind {
            NodeKind::Host(h) => {
                let socks = h.socks.clone();
                // A connection already CLOSED handed its last segment (an abort's RST) down
                // before the stack made any reset for segments arriving after it.
                let (last, rest): (Vec<SockId>, Vec<SockId>) = socks
                    .into_iter()
                    .partition(|&s| self.sock_state(s) == Some(State::Closed));
                for s in last {
                    self.flush(s);
                }
                self.flush_ctl(node);
                for s in rest {
                    self.flush(s);
                }
            }
            NodeKind::Middlebox(_) => self.flush_ctl_mb(node),
        }
    }

    // ----- sockets -----------------------------------------------------------------------

    fn new_socket(
        &mut self,
        node: NodeId,
        app: AppId,
        kind: SockKind,
        conn: Option<u32>,
    ) -> SockId {
        let id = SockId(self.socks.len() as u32);
        self.socks.push(Socket {
            node,
            app,
            kind,
            conn,
            wake: None,
            timers: [None; 7],
            await_out: Vec::new(),
            sent: VecDeque::new(),
            marks: Vec::new(),
            written: 0,
            parent: None,
            announced: false,
            alive: true,
            shutdown: false,
            addr_text: None,
        });
        if let Some(c) = conn {
            if let Some(n) = self.conn_live.get_mut(c as usize) {
                *n += 1;
            }
        }
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            h.socks.push(id);
        }
        id
    }

    fn next_isn(&mut self, node: NodeId) -> u32 {
        match &mut self.nodes[node.0 as usize].kind {
            NodeKind::Host(h) => match h.isns.pop_front() {
                Some(isn) => isn,
                None => h.isn_rng.next_u32(),
            },
            NodeKind::Middlebox(_) => 0,
        }
    }

    /// Sends whatever a socket has to send (as far as its link allows), records what it
    /// reports, and schedules its next timer.
    fn flush(&mut self, s: SockId) {
        if !self.socks[s.0 as usize].alive {
            return;
        }
        self.drain(s, None);
        let node = self.socks[s.0 as usize].node;
        let mut blocked = false;
        loop {
            let remote_ip = match &self.socks[s.0 as usize].kind {
                SockKind::Tcp(ep) => ep.remote().ip(),
                SockKind::Udp { out, .. } => match out.front() {
                    Some((dst, _, _)) => dst.ip(),
                    None => break,
                },
                SockKind::Listener(_) => break,
            };
            let Some(link) = self.route(node, remote_ip) else {
                break;
            };
            if !self.link_free(node, link) {
                blocked = true;
                break;
            }
            let sock = &mut self.socks[s.0 as usize];
            match &mut sock.kind {
                SockKind::Tcp(ep) => {
                    let Some(t) = ep.poll_transmit(self.now) else {
                        break;
                    };
                    let state = ep.state();
                    let conn = sock.conn.unwrap_or(0);
                    let from = self.nodes[node.0 as usize].name.clone();
                    let id = self.record_tcp(&from, conn, &t, state, Some(s));
                    self.drain(s, Some(id));
                    self.transmit(
                        node,
                        link,
                        Packet {
                            id,
                            conn,
                            body: Body::Tcp(t.seg),
                        },
                        true,
                    );
                }
                SockKind::Udp { local, out } => {
                    let local = *local;
                    let Some((dst, data, label)) = out.pop_front() else {
                        break;
                    };
                    let conn = self.udp_flow(node, local, dst);
                    let id = self.record_udp(node, conn, local, dst, &data, label);
                    self.transmit(
                        node,
                        link,
                        Packet {
                            id,
                            conn,
                            body: Body::Udp {
                                src: local,
                                dst,
                                data,
                            },
                        },
                        true,
                    );
                }
                SockKind::Listener(_) => break,
            }
        }
        self.drain(s, None);
        // Forget a finished connection once it has nothing left to send: later segments
        // for it meet the stack's RST (RFC 9293 3.10.7.1).
        let finished = match &self.socks[s.0 as usize].kind {
            SockKind::Tcp(ep) => {
                ep.state() == State::Closed
                    || (ep.state() == State::Listen && self.socks[s.0 as usize].parent.is_some())
            }
            _ => false,
        };
        if finished {
            // The TCB is gone: from now on arriving segments meet the stack (RFC 9293
            // 3.10.7.1), even while a last RST still waits for the link.
            let sock = &self.socks[s.0 as usize];
            if let (SockKind::Tcp(ep), NodeKind::Host(h)) =
                (&sock.kind, &mut self.nodes[sock.node.0 as usize].kind)
            {
                let key = (ep.local(), ep.remote());
                if h.conns.get(&key) == Some(&s) {
                    h.conns.remove(&key);
                }
            }
            if !blocked {
                self.forget(s);
                return;
            }
        }
        self.reschedule(s);
    }

    fn reschedule(&mut self, s: SockId) {
        let next = match &self.socks[s.0 as usize].kind {
            SockKind::Tcp(ep) => ep.poll_timeout(),
            _ => None,
        };
        let sock = &mut self.socks[s.0 as usize];
        if next != sock.wake {
            sock.wake = next;
            if let Some(at) = next {
                self.schedule(at.max(self.now), Ev::Wake(s));
                // A deadline already past fires at once.
                if at < self.now {
                    self.socks[s.0 as usize].wake = Some(self.now);
                }
            }
        }
    }

    fn forget(&mut self, s: SockId) {
        let sock = &mut self.socks[s.0 as usize];
        if !sock.alive {
            return;
        }
        sock.alive = false;
        sock.wake = None;
        let node = sock.node;
        let key = match &sock.kind {
            SockKind::Tcp(ep) => Some((ep.local(), ep.remote())),
            _ => None,
        };
        if let Some(c) = sock.conn {
            if let Some(n) = self.conn_live.get_mut(c as usize) {
                *n = n.saturating_sub(1);
            }
        }
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            if let Some(k) = key {
                if h.conns.get(&k) == Some(&s) {
                    h.conns.remove(&k);
                }
            }
            h.socks.retain(|&x| x != s);
        }
    }

    /// Records everything the endpoint reported. `sent`: the segment it just sent.
    fn drain(&mut self, s: SockId, sent: Option<u32>) {
        loop {
            let ev = match &mut self.socks[s.0 as usize].kind {
                SockKind::Tcp(ep) => ep.poll_event(),
                _ => None,
            };
            let Some(ev) = ev else { break };
            self.record_event(s, ev, sent);
        }
    }

    fn record_event(&mut self, s: SockId, ev: TcpEvent, sent: Option<u32>) {
        let node = self.socks[s.0 as usize].node;
        let conn = self.socks[s.0 as usize].conn;
        match ev {
            TcpEvent::State {
                from,
                to,
                why,
                cause,
                rfc,
            } => {
                let port = match &self.socks[s.0 as usize].kind {
                    SockKind::Tcp(ep) => ep.local().port(),
                    _ => 0,
                };
                let msg = explain::state_msg_in(from, to, why, port, self.text_ctx(Some(s)));
                let segment = match cause {
                    Cause::Incoming => self.current_in,
                    Cause::Outgoing => None,
                    Cause::Other => None,
                };
                let idx = self.trace.states.len();
                self.push_state(node, conn, (from, to), msg, segment, rfc);
                if cause == Cause::Outgoing {
                    use crate::tcp::event::Why;
                    use crate::tcp::segment::{FIN, RST, SYN};
                    let bit = match why {
                        Why::ActiveOpen { .. } => SYN,
                        Why::Close { .. } => FIN,
                        _ => RST,
                    };
                    self.socks[s.0 as usize]
                        .await_out
                        .push(Pending::State(idx, bit));
                }
                if from == State::SynReceived || to == State::Closed {
                    self.child_settled(s, to);
                }
            }
            TcpEvent::TimerArmed {
                kind,
                deadline,
                note,
                guard,
            } => {
                let msg = explain::timer_msg(note, deadline.saturating_sub(self.now));
                let idx = self.trace.timers.len();
                let segment = match guard {
                    Guard::None => None,
                    Guard::LastSent => sent,
                    Guard::Seq(seq) => {
                        let sock = &mut self.socks[s.0 as usize];
                        while sock.sent.front().is_some_and(|&(q, _)| q < seq) {
                            sock.sent.pop_front();
                        }
                        sock.sent
                            .front()
                            .filter(|&&(q, _)| q == seq)
                            .map(|&(_, id)| id)
                    }
                };
                self.trace.timers.push(Timer {
                    endpoint: self.nodes[node.0 as usize].name.clone(),
                    conn,
                    kind,
                    armed_us: self.now,
                    deadline_us: deadline,
                    ended_us: None,
                    outcome: TimerOutcome::Pending,
                    note: i18n::render(Lang::En, &msg),
                    msg: Some(msg),
                    segment,
                });
                let sock = &mut self.socks[s.0 as usize];
                if guard == Guard::LastSent && sent.is_none() {
                    sock.await_out.push(Pending::Timer(idx));
                }
                sock.timers[slot(kind)] = Some(idx);
            }
            TcpEvent::TimerStopped { kind, outcome } => {
                if let Some(idx) = self.socks[s.0 as usize].timers[slot(kind)].take() {
                    let t = &mut self.trace.timers[idx];
                    t.ended_us = Some(self.now);
                    t.outcome = outcome;
                }
            }
            TcpEvent::Arrival(tag) => {
                if let Some(id) = self.current_in {
                    let seg = &mut self.trace.segments[id as usize];
                    if !seg.analysis.contains(&tag) {
                        seg.analysis.push(tag);
                    }
                }
            }
            TcpEvent::User(u) => self.user_event(s, u),
        }
    }

    /// A child of a listener left SYN-RECEIVED: it no longer counts against the backlog.
    fn child_settled(&mut self, s: SockId, _to: State) {
        if let Some(l) = self.socks[s.0 as usize].parent {
            let was_pending = !self.socks[s.0 as usize].announced;
            if was_pending {
                if let SockKind::Listener(li) = &mut self.socks[l.0 as usize].kind {
                    li.pending = li.pending.saturating_sub(1);
                }
            }
        }
    }

    fn user_event(&mut self, s: SockId, u: UserEvent) {
        let app = self.socks[s.0 as usize].app;
        let ev = match u {
            UserEvent::Connected => {
                let parent = self.socks[s.0 as usize].parent;
                self.socks[s.0 as usize].announced = true;
                match parent {
                    Some(l) => AppEvent::Accepted {
                        listener: l,
                        sock: s,
                    },
                    None => AppEvent::Connected(s),
                }
            }
            UserEvent::Readable => AppEvent::Readable(s),
            UserEvent::Writable => AppEvent::Writable(s),
            UserEvent::PeerClosed => AppEvent::PeerClosed(s),
            UserEvent::Closed(r) => {
                let sock = &self.socks[s.0 as usize];
                // A connection the application never saw ends silently.
                if sock.parent.is_some() && !sock.announced {
                    return;
                }
                AppEvent::Closed(s, r)
            }
        };
        self.notes.push_back((app, ev));
    }

    // ----- the Trace ---------------------------------------------------------------------

    fn record_tcp(
        &mut self,
        from: &str,
        conn: u32,
        t: &Transmit,
        state: State,
        sock: Option<SockId>,
    ) -> u32 {
        let id = self.trace.segments.len() as u32;
        let seg = &t.seg;
        let mut http = None;
        if let Some(s) = sock {
            let sk = &mut self.socks[s.0 as usize];
            let states = &mut self.trace.states;
            let timers = &mut self.trace.timers;
            sk.await_out.retain(|p| match *p {
                Pending::State(i, bit) if seg.flags & bit != 0 => {
                    states[i].segment = Some(id);
                    false
                }
                Pending::State(..) => true,
                Pending::Timer(i) => {
                    timers[i].segment = Some(id);
                    false
                }
            });
            if !seg.payload.is_empty() {
                if let SockKind::Tcp(ep) = &sk.kind {
                    // Modulo 2^32 (a keep-alive octet may sit just before the first byte).
                    let off = u64::from(seg.seq.0.wrapping_sub(ep.iss().0.wrapping_add(1)));
                    let end = off + seg.payload.len() as u64;
                    let lo = sk.marks.partition_point(|(o, _)| *o < off);
                    let hi = sk.marks.partition_point(|(o, _)| *o < end);
                    if lo < hi {
                        let lines: Vec<&str> =
                            sk.marks[lo..hi].iter().map(|(_, l)| l.as_str()).collect();
                        http = Some(lines.join(" | "));
                    }
                }
                if t.rtx == crate::tcp::event::Rtx::No {
                    sk.sent.push_back((seg.seq, id));
                }
            } else if (seg.syn() || seg.fin()) && t.rtx == crate::tcp::event::Rtx::No {
                sk.sent.push_back((seg.seq, id));
            }
        }
        let (src, dst) = match sock {
            Some(s) => {
                let sk = &mut self.socks[s.0 as usize];
                match &sk.addr_text {
                    Some((a, b, x, y)) if *a == seg.src && *b == seg.dst => (x.clone(), y.clone()),
                    _ => {
                        let (x, y) = (seg.src.to_string(), seg.dst.to_string());
                        sk.addr_text = Some((seg.src, seg.dst, x.clone(), y.clone()));
                        (x, y)
                    }
                }
            }
            None => (seg.src.to_string(), seg.dst.to_string()),
        };
        let msg = explain::segment_msg(t, state, http.as_deref(), self.text_ctx(sock));
        let to = self.other_end(conn, from);
        self.trace.segments.push(Segment {
            id,
            conn,
            proto: Proto::Tcp,
            from: String::from(from),
            to,
            src,
            dst,
            flags: Flag::from_bits(seg.flags),
            seq: seg.seq.0,
            ack: seg.ack_num().map(|a| a.0),
            len: seg.payload.len() as u32,
            window: u32::from(seg.window),
            window_unknown: false,
            options: seg.options.clone(),
            sent_us: self.now,
            recv_us: None,
            fate: Fate::InFlight,
            lost_us: None,
            dup_of: None,
            via: Vec::new(),
            analysis: t.tags.clone(),
            http,
            explain: i18n::render(Lang::En, &msg),
            msg: Some(msg),
            rfc: Some(String::from(explain::segment_rfc(t))),
            payload: Bytes(seg.payload.clone()),
        });
        id
    }

    fn record_udp(
        &mut self,
        node: NodeId,
        conn: u32,
        src: SocketAddr,
        dst: SocketAddr,
        data: &[u8],
        label: Option<String>,
    ) -> u32 {
        let id = self.trace.segments.len() as u32;
        let from = self.nodes[node.0 as usize].name.clone();
        let to = self.other_end(conn, &from);
        let msg = explain::udp_msg(src, dst, data.len(), label.as_deref());
        self.trace.segments.push(Segment {
            id,
            conn,
            proto: Proto::Udp,
            from,
            to,
            src: src.to_string(),
            dst: dst.to_string(),
            flags: Vec::new(),
            seq: 0,
            ack: None,
            len: data.len() as u32,
            window: 0,
            window_unknown: false,
            options: Default::default(),
            sent_us: self.now,
            recv_us: None,
            fate: Fate::InFlight,
            lost_us: None,
            dup_of: None,
            via: Vec::new(),
            analysis: Vec::new(),
            http: label,
            explain: i18n::render(Lang::En, &msg),
            msg: Some(msg),
            rfc: Some(String::from("768")),
            payload: Bytes(data.to_vec()),
        });
        id
    }

    /// The lifeline at the other end of a connection from `from`.
    fn other_end(&self, conn: u32, from: &str) -> String {
        match self.trace.connections.get(conn as usize) {
            Some(c) if c.client_endpoint == from => c.server_endpoint.clone(),
            Some(c) => c.client_endpoint.clone(),
            None => String::new(),
        }
    }

    fn endpoint_of_ip(&self, ip: IpAddr) -> String {
        self.nodes
            .iter()
            .find(|n| n.ip == ip)
            .map(|n| n.name.clone())
            .unwrap_or_default()
    }

    fn new_conn(
        &mut self,
        proto: Proto,
        client: SocketAddr,
        server: SocketAddr,
        client_ep: &str,
    ) -> u32 {
        let id = self.trace.connections.len() as u32;
        let server_ep = self.endpoint_of_ip(server.ip());
        self.trace.connections.push(Connection {
            id,
            proto,
            client: client.to_string(),
            server: server.to_string(),
            client_endpoint: String::from(client_ep),
            server_endpoint: server_ep,
            server_side: None,
        });
        self.conn_live.push(0);
        let p = middlebox::proto_number(proto);
        let key = if client <= server {
            (p, client, server)
        } else {
            (p, server, client)
        };
        self.live_pairs.insert(key, id);
        id
    }

    /// The connection a new outgoing TCP connection belongs to: a fresh one, or the one the
    /// peer opened toward us at the same time (simultaneous open: one connection, two SYNs).
    fn conn_for_connect(&mut self, node: NodeId, local: SocketAddr, remote: SocketAddr) -> u32 {
        let key = if local <= remote {
            (6, local, remote)
        } else {
            (6, remote, local)
        };
        if let Some(&c) = self.live_pairs.get(&key) {
            if self.conn_live.get(c as usize).copied().unwrap_or(0) > 0 {
                return c;
            }
        }
        let name = self.nodes[node.0 as usize].name.clone();
        self.new_conn(Proto::Tcp, local, remote, &name)
    }

    fn udp_flow(&mut self, node: NodeId, local: SocketAddr, remote: SocketAddr) -> u32 {
        let key = if local <= remote {
            (17, local, remote)
        } else {
            (17, remote, local)
        };
        if let Some(&c) = self.live_pairs.get(&key) {
            return c;
        }
        let name = self.nodes[node.0 as usize].name.clone();
        self.new_conn(Proto::Udp, local, remote, &name)
    }

    // ----- middleboxes -------------------------------------------------------------------

    fn middlebox_forward(&mut self, node: NodeId, link: LinkId, mut pkt: Packet) {
        let now = self.now;
        let NodeKind::Middlebox(mb) = &mut self.nodes[node.0 as usize].kind else {
            return;
        };
        let from_outside = mb.outside == Some(link.0 as usize);
        let proto = middlebox::proto_number(pkt.body.proto());
        let (src, dst) = (pkt.body.src(), pkt.body.dst());
        let tcp_flags = match &pkt.body {
            Body::Tcp(s) => Some(s.flags),
            Body::Udp { .. } => None,
        };
        let opens = match tcp_flags {
            Some(f) => f & crate::tcp::segment::SYN != 0 && f & crate::tcp::segment::ACK == 0,
            None => true,
        };
        let inside_key = if from_outside {
            mb.by_public.get(&(proto, dst, src)).copied()
        } else if mb.flows.contains_key(&(proto, src, dst)) {
            Some((proto, src, dst))
        } else if opens {
            let public = mb.public_for(proto, src, dst);
            mb.flows.insert(
                (proto, src, dst),
                middlebox::Flow {
                    conn: pkt.conn,
                    public,
                    deadline: 0,
                    timer: None,
                    fin_in: false,
                    fin_out: false,
                },
            );
            mb.by_public.insert((proto, public, dst), (proto, src, dst));
            if public != src {
                if let Some(c) = self.trace.connections.get_mut(pkt.conn as usize) {
                    c.server_side = Some(TupleView {
                        client: public.to_string(),
                        server: dst.to_string(),
                    });
                }
            }
            Some((proto, src, dst))
        } else {
            None
        };
        let name = self.nodes[node.0 as usize].name.clone();
        let Some(key) = inside_key else {
            // Unknown flow: drop, or reset in the name of the other side.
            let NodeKind::Middlebox(mb) = &self.nodes[node.0 as usize].kind else {
                return;
            };
            let reset = mb.spec.on_unknown == OnUnknown::Reset;
            let seg = &mut self.trace.segments[pkt.id as usize];
            seg.fate = Fate::DroppedByMiddlebox;
            seg.lost_us = Some(now);
            seg.via.push(Hop {
                endpoint: name.clone(),
                at_us: now,
                src: src.to_string(),
                dst: dst.to_string(),
                action: String::from(if reset && tcp_flags.is_some() {
                    "reset"
                } else {
                    "dropped"
                }),
            });
            if let (true, Body::Tcp(s)) = (reset, &pkt.body) {
                if !s.rst() {
                    let rst = reset_for(s);
                    self.mb_ctl.push_back((node, link, rst, pkt.conn));
                    self.flush_ctl_mb(node);
                }
            }
            return;
        };
        // Known flow: refresh the idle timer, rewrite, forward.
        let NodeKind::Middlebox(mb) = &mut self.nodes[node.0 as usize].kind else {
            return;
        };
        let idle = mb.spec.idle_timeout_us;
        let nat = mb.spec.nat;
        let Some(flow) = mb.flows.get_mut(&key) else {
            return;
        };
        let conn = flow.conn;
        if from_outside {
            pkt.body.set_dst(key.1);
        } else {
            pkt.body.set_src(flow.public);
        }
        let mut close_flow = false;
        if let Some(f) = tcp_flags {
            if f & crate::tcp::segment::RST != 0 {
                close_flow = true;
            }
            if f & crate::tcp::segment::FIN != 0 {
                if from_outside {
                    flow.fin_out = true;
                } else {
                    flow.fin_in = true;
                }
            } else if flow.fin_in && flow.fin_out && f & crate::tcp::segment::ACK != 0 {
                // The last ACK of the close: the flow is over.
                close_flow = true;
            }
        }
        let old_timer = flow.timer.take();
        let deadline = now + idle;
        flow.deadline = if close_flow { 0 } else { deadline };
        let (new_src, new_dst) = (pkt.body.src(), pkt.body.dst());
        self.trace.segments[pkt.id as usize].via.push(Hop {
            endpoint: name.clone(),
            at_us: now,
            src: new_src.to_string(),
            dst: new_dst.to_string(),
            action: String::from("forwarded"),
        });
        if let Some(i) = old_timer {
            let t = &mut self.trace.timers[i];
            t.ended_us = Some(now);
            t.outcome = TimerOutcome::Cancelled;
        }
        if close_flow {
            if let NodeKind::Middlebox(mb) = &mut self.nodes[node.0 as usize].kind {
                if let Some(f) = mb.flows.remove(&key) {
                    mb.by_public.remove(&(key.0, f.public, key.2));
                }
            }
        } else {
            let msg = explain::idle_timer_msg(nat, idle);
            let idx = self.trace.timers.len();
            self.trace.timers.push(Timer {
                endpoint: name.clone(),
                conn: Some(conn),
                kind: TimerKind::IdleTimeout,
                armed_us: now,
                deadline_us: deadline,
                ended_us: None,
                outcome: TimerOutcome::Pending,
                note: i18n::render(Lang::En, &msg),
                msg: Some(msg),
                segment: Some(pkt.id),
            });
            if let NodeKind::Middlebox(mb) = &mut self.nodes[node.0 as usize].kind {
                if let Some(f) = mb.flows.get_mut(&key) {
                    f.timer = Some(idx);
                }
            }
            self.schedule(deadline, Ev::FlowIdle { node, key });
        }
        let out = self.route(node, new_dst.ip());
        match out {
            Some(l) => self.transmit(node, l, pkt, false),
            None => {
                let seg = &mut self.trace.segments[pkt.id as usize];
                seg.fate = Fate::Dropped;
                seg.lost_us = Some(now);
            }
        }
    }

    /// A middlebox flow's idle deadline; false if the flow was active since (stale).
    fn flow_idle(&mut self, node: NodeId, key: middlebox::FlowKey) -> bool {
        let now = self.now;
        let NodeKind::Middlebox(mb) = &mut self.nodes[node.0 as usize].kind else {
            return false;
        };
        let due = mb.flows.get(&key).is_some_and(|f| f.deadline == now);
        if !due {
            return false;
        }
        let idle = mb.spec.idle_timeout_us;
        let nat = mb.spec.nat;
        let Some(flow) = mb.flows.remove(&key) else {
            return false;
        };
        mb.by_public.remove(&(key.0, flow.public, key.2));
        if let Some(i) = flow.timer {
            let t = &mut self.trace.timers[i];
            t.ended_us = Some(now);
            t.outcome = TimerOutcome::Fired;
        }
        let m = explain::flow_expired_msg(nat, key.1, key.2, idle);
        self.push_event(node, "flow-expired", m, Some(flow.conn));
        true
    }

    fn flush_ctl_mb(&mut self, node: NodeId) {
        let mut i = 0;
        while i < self.mb_ctl.len() {
            if self.mb_ctl[i].0 != node {
                i += 1;
                continue;
            }
            let link = self.mb_ctl[i].1;
            if !self.link_free(node, link) {
                return;
            }
            let Some((_, _, seg, conn)) = self.mb_ctl.remove(i) else {
                return;
            };
            let t = Transmit {
                seg,
                why: SendWhy::Rst(RstWhy::NoConnection),
                rtx: crate::tcp::event::Rtx::No,
                tags: Vec::new(),
                prev_ack: None,
            };
            let name = self.nodes[node.0 as usize].name.clone();
            let id = self.trace.segments.len() as u32;
            let (idle, nat) = match &self.nodes[node.0 as usize].kind {
                NodeKind::Middlebox(mb) => (mb.spec.idle_timeout_us, mb.spec.nat),
                NodeKind::Host(_) => (0, false),
            };
            let msg = explain::middlebox_rst_msg(nat, idle);
            let to = self.endpoint_of_ip(t.seg.dst.ip());
            self.trace.segments.push(Segment {
                id,
                conn,
                proto: Proto::Tcp,
                from: name,
                to,
                src: t.seg.src.to_string(),
                dst: t.seg.dst.to_string(),
                flags: Flag::from_bits(t.seg.flags),
                seq: t.seg.seq.0,
                ack: t.seg.ack_num().map(|a| a.0),
                len: 0,
                window: 0,
                window_unknown: false,
                options: Default::default(),
                sent_us: self.now,
                recv_us: None,
                fate: Fate::InFlight,
                lost_us: None,
                dup_of: None,
                via: Vec::new(),
                analysis: Vec::new(),
                http: None,
                explain: i18n::render(Lang::En, &msg),
                msg: Some(msg),
                rfc: Some(String::from("9293#3.10.7.1")),
                payload: Bytes::default(),
            });
            self.transmit(
                node,
                link,
                Packet {
                    id,
                    conn,
                    body: Body::Tcp(t.seg),
                },
                false,
            );
        }
    }

    /// Writes a state change of one of `node`'s sockets into the Trace.
    fn push_state(
        &mut self,
        node: NodeId,
        conn: Option<u32>,
        (from, to): (State, State),
        msg: Msg,
        segment: Option<u32>,
        rfc: &str,
    ) {
        self.trace.states.push(StateChange {
            at_us: self.now,
            endpoint: self.nodes[node.0 as usize].name.clone(),
            conn,
            from,
            to,
            why: i18n::render(Lang::En, &msg),
            msg: Some(msg),
            segment,
            rfc: Some(String::from(rfc)),
            inferred: false,
        });
    }

    fn push_event(&mut self, node: NodeId, kind: &str, msg: Msg, conn: Option<u32>) {
        self.trace.events.push(Event {
            at_us: self.now,
            endpoint: self.nodes[node.0 as usize].name.clone(),
            conn,
            kind: String::from(kind),
            text: i18n::render(Lang::En, &msg),
            msg: Some(msg),
        });
    }

    // ----- application calls (through AppCx) ---------------------------------------------

    pub(crate) fn app_connect(
        &mut self,
        app: AppId,
        node: NodeId,
        local_port: Option<u16>,
        remote: SocketAddr,
        cfg: Option<TcpConfig>,
    ) -> SockId {
        let ip = self.nodes[node.0 as usize].ip;
        let (port, cfg) = match &mut self.nodes[node.0 as usize].kind {
            NodeKind::Host(h) => {
                let cfg = cfg.unwrap_or(h.tcp);
                let port = match local_port {
                    Some(p) => p,
                    None => {
                        // The next free port from the host's counter.
                        let mut p = h.next_port;
                        while h.conns.keys().any(|(l, _)| l.port() == p)
                            || h.listeners.contains_key(&p)
                        {
                            p = p.checked_add(1).unwrap_or(49152);
                        }
                        h.next_port = p.checked_add(1).unwrap_or(49152);
                        p
                    }
                };
                (port, cfg)
            }
            NodeKind::Middlebox(_) => (0, TcpConfig::default()),
        };
        let local = SocketAddr::new(ip, port);
        let conn = self.conn_for_connect(node, local, remote);
        let iss = self.next_isn(node);
        let ep = Endpoint::new(cfg, local);
        let s = self.new_socket(node, app, SockKind::Tcp(Box::new(ep)), Some(conn));
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            h.conns.insert((local, remote), s);
            h.forgotten.remove(&(local, remote));
        }
        if let SockKind::Tcp(ep) = &mut self.socks[s.0 as usize].kind {
            let _ = ep.connect(self.now, remote, SeqNum(iss));
        }
        self.flush(s);
        s
    }

    pub(crate) fn app_listen(
        &mut self,
        app: AppId,
        node: NodeId,
        port: u16,
        backlog: u32,
        cfg: Option<TcpConfig>,
    ) -> SockId {
        let cfg = match &self.nodes[node.0 as usize].kind {
            NodeKind::Host(h) => cfg.unwrap_or(h.tcp),
            NodeKind::Middlebox(_) => TcpConfig::default(),
        };
        let s = self.new_socket(
            node,
            app,
            SockKind::Listener(Listener {
                port,
                backlog: backlog.max(1),
                pending: 0,
                cfg,
            }),
            None,
        );
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            h.listeners.insert(port, s);
        }
        let msg = explain::state_msg(
            State::Closed,
            State::Listen,
            crate::tcp::event::Why::PassiveOpen,
            port,
        );
        self.push_state(
            node,
            None,
            (State::Closed, State::Listen),
            msg,
            None,
            "9293#3.10.1",
        );
        s
    }

    pub(crate) fn app_send(&mut self, s: SockId, data: &[u8], mark: Option<&str>) -> usize {
        let sock = &mut self.socks[s.0 as usize];
        if !sock.alive {
            return 0;
        }
        let SockKind::Tcp(ep) = &mut sock.kind else {
            return 0;
        };
        let n = ep.send(self.now, data).unwrap_or(0);
        if n > 0 {
            if let Some(line) = mark {
                sock.marks.push((sock.written, String::from(line)));
            }
            sock.written += n as u64;
        }
        self.flush(s);
        n
    }

    pub(crate) fn app_recv(&mut self, s: SockId, max: usize) -> Vec<u8> {
        let sock = &mut self.socks[s.0 as usize];
        let SockKind::Tcp(ep) = &mut sock.kind else {
            return Vec::new();
        };
        let out = ep.recv(self.now, max);
        if sock.alive {
            self.flush(s);
        }
        out
    }

    /// What a socket's history adds to the words of its explanations.
    fn text_ctx(&self, s: Option<SockId>) -> explain::Ctx {
        s.map_or_else(explain::Ctx::default, |s| {
            let sock = &self.socks[s.0 as usize];
            explain::Ctx {
                shutdown: sock.shutdown,
                accepted: sock.parent.is_some(),
            }
        })
    }

    /// `shutdown(SHUT_WR)`: TCP's CLOSE, told as a half-close (the application reads on).
    pub(crate) fn app_shutdown(&mut self, s: SockId) {
        self.socks[s.0 as usize].shutdown = true;
        self.app_close(s);
    }

    pub(crate) fn app_close(&mut self, s: SockId) {
        let sock = &mut self.socks[s.0 as usize];
        if !sock.alive {
            return;
        }
        match &mut sock.kind {
            SockKind::Tcp(ep) => {
                let _ = ep.close(self.now);
                self.flush(s);
            }
            SockKind::Listener(li) => {
                let port = li.port;
                let node = sock.node;
                if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
                    h.listeners.remove(&port);
                }
                let msg = explain::state_msg(
                    State::Listen,
                    State::Closed,
                    crate::tcp::event::Why::CloseUnconnected,
                    port,
                );
                self.push_state(
                    node,
                    None,
                    (State::Listen, State::Closed),
                    msg,
                    None,
                    "9293#3.10.4",
                );
                self.forget(s);
            }
            SockKind::Udp { local, .. } => {
                let (port, node) = (local.port(), sock.node);
                if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
                    h.udp.remove(&port);
                }
                self.forget(s);
            }
        }
    }

    pub(crate) fn app_abort(&mut self, s: SockId) {
        let sock = &mut self.socks[s.0 as usize];
        if !sock.alive {
            return;
        }
        if let SockKind::Tcp(ep) = &mut sock.kind {
            ep.abort(self.now);
            self.flush(s);
        } else {
            self.app_close(s);
        }
    }

    pub(crate) fn sock_state(&self, s: SockId) -> Option<State> {
        match &self.socks.get(s.0 as usize)?.kind {
            SockKind::Tcp(ep) => Some(ep.state()),
            SockKind::Listener(_) => Some(State::Listen),
            SockKind::Udp { .. } => None,
        }
    }

    pub(crate) fn sock_at_eof(&self, s: SockId) -> bool {
        match self.socks.get(s.0 as usize).map(|x| &x.kind) {
            Some(SockKind::Tcp(ep)) => ep.at_eof(),
            _ => false,
        }
    }

    pub(crate) fn sock_local(&self, s: SockId) -> Option<SocketAddr> {
        match &self.socks.get(s.0 as usize)?.kind {
            SockKind::Tcp(ep) => Some(ep.local()),
            SockKind::Listener(li) => Some(SocketAddr::new(
                self.nodes[self.socks[s.0 as usize].node.0 as usize].ip,
                li.port,
            )),
            SockKind::Udp { local, .. } => Some(*local),
        }
    }

    pub(crate) fn sock_remote(&self, s: SockId) -> Option<SocketAddr> {
        match &self.socks.get(s.0 as usize)?.kind {
            SockKind::Tcp(ep) => Some(ep.remote()),
            SockKind::Listener(_) | SockKind::Udp { .. } => None,
        }
    }

    /// The endpoint of a TCP socket (for tests and the endpoint panel).
    pub fn endpoint(&self, s: SockId) -> Option<&Endpoint> {
        match &self.socks.get(s.0 as usize)?.kind {
            SockKind::Tcp(ep) => Some(ep),
            _ => None,
        }
    }

    pub(crate) fn app_udp_bind(&mut self, app: AppId, node: NodeId, port: u16) -> SockId {
        let local = SocketAddr::new(self.nodes[node.0 as usize].ip, port);
        let s = self.new_socket(
            node,
            app,
            SockKind::Udp {
                local,
                out: VecDeque::new(),
            },
            None,
        );
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            h.udp.insert(port, s);
        }
        s
    }

    pub(crate) fn app_udp_send(
        &mut self,
        s: SockId,
        to: SocketAddr,
        data: &[u8],
        label: Option<&str>,
    ) {
        let sock = &mut self.socks[s.0 as usize];
        if !sock.alive {
            return;
        }
        if let SockKind::Udp { out, .. } = &mut sock.kind {
            out.push_back((to, data.to_vec(), label.map(String::from)));
        }
        self.flush(s);
    }

    pub(crate) fn app_timer(
        &mut self,
        app: AppId,
        node: NodeId,
        spec: TimerSpec,
        recorded: bool,
    ) -> TimerId {
        let id = TimerId(self.app_timers.len() as u32);
        let deadline = self.now + spec.delay_us;
        let record = if recorded {
            let conn = spec.sock.and_then(|s| self.socks[s.0 as usize].conn);
            let idx = self.trace.timers.len();
            let note = spec
                .note
                .as_ref()
                .map(|m| i18n::render(Lang::En, m))
                .unwrap_or_default();
            self.trace.timers.push(Timer {
                endpoint: self.nodes[node.0 as usize].name.clone(),
                conn,
                kind: spec.kind,
                armed_us: self.now,
                deadline_us: deadline,
                ended_us: None,
                outcome: TimerOutcome::Pending,
                note,
                msg: spec.note,
                segment: None,
            });
            Some(idx)
        } else {
            None
        };
        self.app_timers.push(AppTimer {
            app,
            token: spec.token,
            record,
            active: true,
        });
        self.schedule(deadline, Ev::AppTimer(id));
        id
    }

    pub(crate) fn app_cancel_timer(&mut self, t: TimerId) {
        if let Some(timer) = self.app_timers.get_mut(t.0 as usize) {
            if timer.active {
                timer.active = false;
                if let Some(i) = timer.record {
                    self.trace.timers[i].ended_us = Some(self.now);
                    self.trace.timers[i].outcome = TimerOutcome::Cancelled;
                }
            }
        }
    }

    pub(crate) fn app_event(&mut self, node: NodeId, kind: &str, msg: Msg, sock: Option<SockId>) {
        let conn = sock
            .and_then(|s| self.socks.get(s.0 as usize))
            .and_then(|s| s.conn);
        self.push_event(node, kind, msg, conn);
    }
}
