//! Packets between nodes: what a packet carries, the routes (each node's first link toward
//! every address, by breadth-first search), a link's direction busy while it serializes a
//! packet, the link's verdict (arrives at t, lost, duplicated), a cut link and its repair
//! told as `link-cut` / `link-restored` events, and where an arriving packet goes: to a
//! middlebox ([`super::middlebox`]), to a host's stack ([`super::host`]), or nowhere (a
//! crashed host, an address the host does not own).

use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::ToString;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::api::AppEvent;
use super::link::{self, LinkSpec};
use super::queue::Ev;
use super::{LinkId, NodeId, NodeKind, Sim};
use crate::tcp::TcpSegment;
use crate::trace::{EventKind, Msg, Proto};

/// What a packet carries.
#[derive(Clone, Debug)]
pub(super) enum Body {
    Tcp(TcpSegment),
    Udp {
        src: SocketAddr,
        dst: SocketAddr,
        data: Vec<u8>,
    },
}

impl Body {
    pub(super) fn src(&self) -> SocketAddr {
        match self {
            Body::Tcp(s) => s.src,
            Body::Udp { src, .. } => *src,
        }
    }
    pub(super) fn dst(&self) -> SocketAddr {
        match self {
            Body::Tcp(s) => s.dst,
            Body::Udp { dst, .. } => *dst,
        }
    }
    pub(super) fn set_src(&mut self, a: SocketAddr) {
        match self {
            Body::Tcp(s) => s.src = a,
            Body::Udp { src, .. } => *src = a,
        }
    }
    pub(super) fn set_dst(&mut self, a: SocketAddr) {
        match self {
            Body::Tcp(s) => s.dst = a,
            Body::Udp { dst, .. } => *dst = a,
        }
    }
    pub(super) fn proto(&self) -> Proto {
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
pub(super) struct Packet {
    pub(super) id: u32,
    pub(super) conn: u32,
    pub(super) body: Body,
}

/// A link between two nodes: its spec and the state of each direction.
pub(super) struct Link {
    pub(super) ends: [NodeId; 2],
    pub(super) spec: LinkSpec,
    pub(super) dirs: [link::Direction; 2],
}

impl Sim {
    /// Schedules the moments links go down and come back (`LinkSpec::cut_at_us`,
    /// `restore_at_us`), so that the Trace tells them.
    pub(super) fn schedule_link_changes(&mut self) {
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
    pub(super) fn link_changed(&mut self, link: LinkId, up: bool) {
        let [a, b] = self.links[link.0 as usize].ends;
        let args = [
            ("a", self.nodes[a.0 as usize].ip.to_string()),
            ("b", self.nodes[b.0 as usize].ip.to_string()),
        ];
        let (kind, key) = if up {
            (EventKind::LinkRestored, "event.link_restored")
        } else {
            (EventKind::LinkCut, "event.link_cut")
        };
        let m = Msg::of(key, &args);
        self.rec.event(self.now, a, None, kind, m);
    }

    /// Fills `routes`: for each node, the first link on a shortest path to every address.
    pub(super) fn compute_routes(&mut self) {
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

    /// The link `node` sends a packet for `ip` on (its first link if there is no route).
    pub(super) fn route(&self, node: NodeId, ip: IpAddr) -> Option<LinkId> {
        self.routes
            .get(node.0 as usize)
            .and_then(|t| t.get(&ip).copied())
            .or_else(|| self.nodes[node.0 as usize].links.first().copied())
    }

    /// Which of the link's two directions leaves from `from`.
    pub(super) fn dir_index(&self, link: LinkId, from: NodeId) -> usize {
        usize::from(self.links[link.0 as usize].ends[0] != from)
    }

    /// True when `node` may put a packet on `link` now; otherwise asks to be woken
    /// ([`Ev::LinkFree`]) when the link has finished the packet it is sending.
    pub(super) fn link_free(&mut self, node: NodeId, link: LinkId) -> bool {
        let d = self.dir_index(link, node);
        let l = &self.links[link.0 as usize];
        // A link with a queue of its own takes every packet (and drops what overflows).
        if l.spec.queue.is_some() {
            return true;
        }
        let dir = &l.dirs[d];
        if dir.busy_until <= self.now {
            return true;
        }
        if !dir.wake_scheduled {
            let at = dir.busy_until;
            self.links[link.0 as usize].dirs[d].wake_scheduled = true;
            self.schedule(at, Ev::LinkFree { node, link });
        }
        false
    }

    /// Puts a packet on a link from `node`.
    pub(super) fn transmit(&mut self, node: NodeId, link: LinkId, pkt: Packet, first_hop: bool) {
        let d = self.dir_index(link, node);
        let l = &mut self.links[link.0 as usize];
        let to = l.ends[1 - d];
        let (_, verdict, copy) =
            l.dirs[d].transmit(&l.spec, self.now, pkt.body.wire_len(), pkt.id, first_hop);
        if let Some(copy_verdict) = copy {
            let id = self.rec.duplicate(pkt.id, self.now);
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
            link::Verdict::Lost(at) => self.rec.lost(pkt.id, at),
        }
    }

    /// A packet reaches `node`: a middlebox forwards it, a host takes it in.
    pub(super) fn arrive(&mut self, node: NodeId, link: LinkId, pkt: Packet) {
        if matches!(self.nodes[node.0 as usize].kind, NodeKind::Middlebox(_)) {
            self.middlebox_forward(node, link, pkt);
            return;
        }
        if matches!(&self.nodes[node.0 as usize].kind, NodeKind::Host(h) if h.is_down()) {
            // A crashed host answers nothing: the packet is lost at its door.
            self.rec.lost(pkt.id, self.now);
            return;
        }
        if pkt.body.dst().ip() != self.nodes[node.0 as usize].ip {
            // Hosts do not forward: the packet had no route.
            self.rec.lost(pkt.id, self.now);
            return;
        }
        let Packet { id, conn, body } = pkt;
        self.rec.arrived(id, self.now);
        self.current_in = Some(id);
        match body {
            Body::Tcp(seg) => self.tcp_input(node, conn, seg),
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
}
