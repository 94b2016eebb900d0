//! A host's TCP/UDP stack: what it was given ([`HostSpec`]: address, TCP defaults, ISNs,
//! first ephemeral port), its demultiplexer (connections by (local, remote), listeners and
//! UDP sockets by port), accepting a SYN on a listener within its backlog, and the RSTs the
//! stack sends itself when no connection owns a segment (RFC 9293 3.10.7.1), told as a
//! closed port, no connection, a listener's answer to an ACK, or a connection forgotten in
//! a crash. A connection that reaches CLOSED leaves the demultiplexer at once (see
//! `socket.rs`), so later segments meet this stack's RST, while its own last RST still
//! waiting for the link goes first ([`Sim::flush_node`]).

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet, VecDeque};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::explain::Ctx;
use super::record::{Addresses, Sender};
use super::socket::SockKind;
use super::wire::{Body, Packet};
use super::{NodeId, NodeKind, Rng, Sim, SockId};
use crate::i18n::{self, Lang};
use crate::tcp::endpoint::reset_for;
use crate::tcp::event::{RstWhy, Rtx, SendWhy};
use crate::tcp::{Endpoint, SeqNum, State, TcpConfig, TcpSegment, Transmit};
use crate::trace::{EventKind, Msg, Proto, Role};

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
    pub fn new(id: &str, label_key: &'static str, role: Role, ip: IpAddr) -> Self {
        let label_msg = Msg::of(label_key, &[]);
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

/// A RST the stack sends without a socket, waiting for the link.
pub(super) struct StackRst {
    pub(super) seg: TcpSegment,
    pub(super) why: RstWhy,
    pub(super) conn: u32,
}

/// A host's stack.
pub(super) struct Host {
    pub(super) tcp: TcpConfig,
    isns: VecDeque<u32>,
    isn_rng: Rng,
    pub(super) next_port: u16,
    /// Connections by (local, remote).
    pub(super) conns: BTreeMap<(SocketAddr, SocketAddr), SockId>,
    pub(super) listeners: BTreeMap<u16, SockId>,
    pub(super) udp: BTreeMap<u16, SockId>,
    pub(super) socks: Vec<SockId>,
    /// Segments the stack sends without a socket (RSTs), waiting for the link.
    pub(super) ctl: VecDeque<StackRst>,
    /// When it crashed, while it is down (not yet restarted): packets reaching it are lost.
    pub(super) down_since: Option<u64>,
    /// `(local, remote)` of the connections a crash wiped out: their segments still meet
    /// a RST after the restart, explained as a forgotten connection.
    pub(super) forgotten: BTreeSet<(SocketAddr, SocketAddr)>,
}

impl Host {
    /// A host with no socket yet.
    pub(super) fn new(tcp: TcpConfig, isns: Vec<u32>, isn_rng: Rng, first_port: u16) -> Self {
        Host {
            tcp,
            isns: isns.into_iter().collect(),
            isn_rng,
            next_port: first_port,
            conns: BTreeMap::new(),
            listeners: BTreeMap::new(),
            udp: BTreeMap::new(),
            socks: Vec::new(),
            ctl: VecDeque::new(),
            down_since: None,
            forgotten: BTreeSet::new(),
        }
    }

    /// Crashed and not yet restarted.
    pub(super) fn is_down(&self) -> bool {
        self.down_since.is_some()
    }
}

impl Sim {
    /// Demultiplexes an arriving TCP segment to a connection, a listener, or the stack's
    /// own RST (RFC 9293 3.10.7.1).
    pub(super) fn tcp_input(&mut self, node: NodeId, conn: u32, seg: TcpSegment) {
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

    /// A SYN reaches listener `l`: a new connection in SYN-RECEIVED, unless the backlog of
    /// half-open connections is full (then the SYN is dropped and the story says so).
    fn accept(&mut self, node: NodeId, l: SockId, conn: u32, seg: TcpSegment) {
        let (cfg, full, backlog) = match &self.socks[l.0 as usize].kind {
            SockKind::Listener(li) => (li.cfg, li.pending >= li.backlog, li.backlog),
            _ => return,
        };
        if full {
            let m = Msg::of("event.backlog_full", &[("backlog", backlog.to_string())]);
            self.rec
                .event(self.now, node, None, EventKind::BacklogFull, m);
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

    /// Queues a RST of the stack's own and sends what the link allows.
    fn host_ctl(&mut self, node: NodeId, seg: TcpSegment, why: RstWhy, conn: u32) {
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            h.ctl.push_back(StackRst { seg, why, conn });
        }
        self.flush_ctl(node);
    }

    /// Sends the stack's waiting RSTs, in order, as far as the link allows.
    fn flush_ctl(&mut self, node: NodeId) {
        loop {
            let NodeKind::Host(h) = &self.nodes[node.0 as usize].kind else {
                return;
            };
            let Some(rst) = h.ctl.front() else {
                return;
            };
            let Some(link) = self.route(node, rst.seg.dst.ip()) else {
                return;
            };
            if !self.link_free(node, link) {
                return;
            }
            let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind else {
                return;
            };
            let Some(StackRst { seg, why, conn }) = h.ctl.pop_front() else {
                return;
            };
            let t = Transmit {
                seg,
                why: SendWhy::Rst(why),
                rtx: Rtx::No,
                tags: Vec::new(),
                prev_ack: None,
            };
            let addrs = Addresses {
                conn,
                src: t.seg.src.to_string().into(),
                dst: t.seg.dst.to_string().into(),
            };
            let sender = Sender {
                state: State::Closed,
                http: None,
                ctx: Ctx::default(),
            };
            let id = self.rec.tcp_segment(self.now, node, addrs, &t, sender);
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

    /// `node`'s link is free again: its sockets and stack send what waited.
    pub(super) fn flush_node(&mut self, node: NodeId) {
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

    /// The next ISN of `node`: from its spec while they last, then from its seeded rng.
    pub(super) fn next_isn(&mut self, node: NodeId) -> u32 {
        match &mut self.nodes[node.0 as usize].kind {
            NodeKind::Host(h) => match h.isns.pop_front() {
                Some(isn) => isn,
                None => h.isn_rng.next_u32(),
            },
            NodeKind::Middlebox(_) => 0,
        }
    }

    /// A new connection (or UDP flow) opened by `node` from `client` to `server`.
    fn new_conn(
        &mut self,
        proto: Proto,
        client: SocketAddr,
        server: SocketAddr,
        node: NodeId,
    ) -> u32 {
        let server_node = self.node_of_ip(server.ip());
        let id = self
            .rec
            .connection(proto, client, server, node, server_node);
        self.conn_live.push(0);
        let p = super::middlebox::proto_number(proto);
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
    pub(super) fn conn_for_connect(
        &mut self,
        node: NodeId,
        local: SocketAddr,
        remote: SocketAddr,
    ) -> u32 {
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
        self.new_conn(Proto::Tcp, local, remote, node)
    }

    /// The flow of a UDP datagram between `local` and `remote`: one per pair of sockets.
    pub(super) fn udp_flow(&mut self, node: NodeId, local: SocketAddr, remote: SocketAddr) -> u32 {
        let key = if local <= remote {
            (17, local, remote)
        } else {
            (17, remote, local)
        };
        if let Some(&c) = self.live_pairs.get(&key) {
            return c;
        }
        self.new_conn(Proto::Udp, local, remote, node)
    }
}
