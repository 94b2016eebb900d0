//! A NAT / stateful firewall between the inside (the client side) and its outside link.
//!
//! - **A flow starts from the inside.** A packet from the inside that opens a flow (a SYN
//!   without ACK, or any UDP datagram) enters the flow table; with `nat` its source is
//!   rewritten to the middlebox's address, keeping the inside port when free
//!   (`Middlebox::public_for`), and the connection's `server_side` in the Trace says how
//!   the server sees it.
//! - **Known flows are forwarded** and rewritten both ways; each packet refreshes the
//!   flow's idle timer (an `idle-timeout` timer in the Trace, guarding that packet). A RST,
//!   or the last ACK after a FIN each way, ends the flow.
//! - **A flow idle for `idle_timeout_us` is forgotten** (`flow-expired` event).
//! - **A packet of an unknown flow** (from the outside, or from the inside without opening
//!   one) is stopped there (`Fate::DroppedByMiddlebox`, a hop `dropped` or `reset`): with
//!   [`OnUnknown::Drop`] silently, with [`OnUnknown::Reset`] answered by a RST in the name of
//!   the other side (`seg.rst.middlebox`), which waits for the link like any segment.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use core::net::{IpAddr, SocketAddr};

use super::explain;
use super::queue::Ev;
use super::record::Arming;
use super::wire::{Body, Packet};
use super::{LinkId, NodeId, NodeKind, Sim};
use crate::tcp::endpoint::reset_for;
use crate::tcp::segment::{ACK, FIN, RST, SYN};
use crate::tcp::TcpSegment;
use crate::trace::{EventKind, Hop, HopAction, Proto, TimerKind, TimerOutcome};

/// What happens to a packet of a flow the middlebox does not know (or forgot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnUnknown {
    /// Silently discarded (most firewalls and NATs).
    Drop,
    /// Answered with a RST in the name of the other side.
    Reset,
}

/// How a middlebox behaves.
#[derive(Clone, Debug, PartialEq)]
pub struct MiddleboxSpec {
    /// Lifeline id (`fw`, `nat`).
    pub id: String,
    /// English label.
    pub label: String,
    /// Message key of the label.
    pub label_key: &'static str,
    /// Its (public) address.
    pub ip: IpAddr,
    /// Rewrite the inside source address to `ip` (NAT); otherwise only track flows.
    pub nat: bool,
    /// Forget a flow after this long without packets.
    pub idle_timeout_us: u64,
    /// What to do with packets of unknown flows.
    pub on_unknown: OnUnknown,
}

/// A flow as the inside sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct FlowKey {
    /// IP protocol number (6 TCP, 17 UDP).
    proto: u8,
    /// The inside socket.
    inside: SocketAddr,
    /// The outside socket.
    outside: SocketAddr,
}

/// A flow as the outside sees it: the inside socket's public face (after NAT).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct PublicKey {
    proto: u8,
    public: SocketAddr,
    outside: SocketAddr,
}

/// The IP protocol number of a transport.
pub(super) fn proto_number(p: Proto) -> u8 {
    match p {
        Proto::Tcp => 6,
        Proto::Udp => 17,
    }
}

/// One tracked flow.
#[derive(Clone, Debug)]
struct Flow {
    /// Trace connection.
    conn: u32,
    /// The inside socket as the outside sees it (after NAT).
    public: SocketAddr,
    /// Idle deadline; 0 once the flow is closing.
    deadline: u64,
    /// Trace index of the running idle-timeout timer.
    timer: Option<usize>,
    /// FIN seen from the inside.
    fin_in: bool,
    /// FIN seen from the outside.
    fin_out: bool,
}

/// The state of a middlebox.
#[derive(Clone, Debug)]
pub(super) struct Middlebox {
    spec: MiddleboxSpec,
    flows: BTreeMap<FlowKey, Flow>,
    by_public: BTreeMap<PublicKey, FlowKey>,
    /// The link toward the outside (the server side).
    pub(super) outside: Option<usize>,
}

/// A RST a middlebox sends, waiting for its link.
pub(super) struct PendingRst {
    node: NodeId,
    link: LinkId,
    seg: TcpSegment,
    conn: u32,
}

impl Middlebox {
    /// A middlebox with no flows.
    pub(super) fn new(spec: MiddleboxSpec) -> Self {
        Middlebox {
            spec,
            flows: BTreeMap::new(),
            by_public: BTreeMap::new(),
            outside: None,
        }
    }

    /// A public port for a new inside socket: its own port when free (as most NATs try).
    fn public_for(&self, proto: u8, inside: SocketAddr, outside: SocketAddr) -> SocketAddr {
        if !self.spec.nat {
            return inside;
        }
        let mut port = inside.port();
        loop {
            let public = SocketAddr::new(self.spec.ip, port);
            if !self.by_public.contains_key(&PublicKey {
                proto,
                public,
                outside,
            }) {
                return public;
            }
            port = if port == u16::MAX { 1024 } else { port + 1 };
        }
    }

    /// Forgets a flow, both ways.
    fn remove(&mut self, key: FlowKey) -> Option<Flow> {
        let flow = self.flows.remove(&key)?;
        self.by_public.remove(&PublicKey {
            proto: key.proto,
            public: flow.public,
            outside: key.outside,
        });
        Some(flow)
    }
}

impl Sim {
    fn middlebox(&mut self, node: NodeId) -> Option<&mut Middlebox> {
        match &mut self.nodes[node.0 as usize].kind {
            NodeKind::Middlebox(mb) => Some(mb),
            NodeKind::Host(_) => None,
        }
    }

    /// A packet reaches middlebox `node` over `link`: forwarded (rewritten, its flow's idle
    /// timer restarted) if it belongs to a known flow or opens one from the inside, else
    /// stopped there.
    pub(super) fn middlebox_forward(&mut self, node: NodeId, link: LinkId, mut pkt: Packet) {
        let now = self.now;
        let Some(mb) = self.middlebox(node) else {
            return;
        };
        let from_outside = mb.outside == Some(link.0 as usize);
        let proto = proto_number(pkt.body.proto());
        let (src, dst) = (pkt.body.src(), pkt.body.dst());
        let tcp_flags = match &pkt.body {
            Body::Tcp(s) => Some(s.flags),
            Body::Udp { .. } => None,
        };
        let opens = match tcp_flags {
            Some(f) => f & SYN != 0 && f & ACK == 0,
            None => true,
        };
        let from_inside = FlowKey {
            proto,
            inside: src,
            outside: dst,
        };
        let mut nat_view = None;
        let known = if from_outside {
            mb.by_public
                .get(&PublicKey {
                    proto,
                    public: dst,
                    outside: src,
                })
                .copied()
        } else if mb.flows.contains_key(&from_inside) {
            Some(from_inside)
        } else if opens {
            let public = mb.public_for(proto, src, dst);
            mb.flows.insert(
                from_inside,
                Flow {
                    conn: pkt.conn,
                    public,
                    deadline: 0,
                    timer: None,
                    fin_in: false,
                    fin_out: false,
                },
            );
            mb.by_public.insert(
                PublicKey {
                    proto,
                    public,
                    outside: dst,
                },
                from_inside,
            );
            if public != src {
                nat_view = Some(public);
            }
            Some(from_inside)
        } else {
            None
        };
        if let Some(public) = nat_view {
            self.rec.nat_view(pkt.conn, public, dst);
        }
        let name = self.nodes[node.0 as usize].name.clone();
        let Some(key) = known else {
            self.middlebox_stop(node, link, pkt, tcp_flags.is_some());
            return;
        };
        // Known flow: refresh the idle timer, rewrite, forward.
        let Some(mb) = self.middlebox(node) else {
            return;
        };
        let idle = mb.spec.idle_timeout_us;
        let nat = mb.spec.nat;
        let Some(flow) = mb.flows.get_mut(&key) else {
            return;
        };
        let conn = flow.conn;
        if from_outside {
            pkt.body.set_dst(key.inside);
        } else {
            pkt.body.set_src(flow.public);
        }
        let mut close_flow = false;
        if let Some(f) = tcp_flags {
            if f & RST != 0 {
                close_flow = true;
            }
            if f & FIN != 0 {
                if from_outside {
                    flow.fin_out = true;
                } else {
                    flow.fin_in = true;
                }
            } else if flow.fin_in && flow.fin_out && f & ACK != 0 {
                // The last ACK of the close: the flow is over.
                close_flow = true;
            }
        }
        let old_timer = flow.timer.take();
        let deadline = now + idle;
        flow.deadline = if close_flow { 0 } else { deadline };
        let (new_src, new_dst) = (pkt.body.src(), pkt.body.dst());
        self.rec.hop(
            pkt.id,
            Hop {
                endpoint: name.clone(),
                at_us: now,
                src: new_src.to_string(),
                dst: new_dst.to_string(),
                action: HopAction::Forwarded,
            },
        );
        if let Some(i) = old_timer {
            self.rec.timer_ended(i, now, TimerOutcome::Cancelled);
        }
        if close_flow {
            if let Some(mb) = self.middlebox(node) {
                mb.remove(key);
            }
        } else {
            let msg = explain::idle_timer_msg(nat, idle);
            let arming = Arming {
                kind: TimerKind::IdleTimeout,
                deadline_us: deadline,
                msg: msg.into(),
                segment: Some(pkt.id),
            };
            let idx = self.rec.timer(now, node, Some(conn), arming);
            if let Some(f) = self.middlebox(node).and_then(|mb| mb.flows.get_mut(&key)) {
                f.timer = Some(idx);
            }
            self.schedule(deadline, Ev::FlowIdle { node, key });
        }
        match self.route(node, new_dst.ip()) {
            Some(l) => self.transmit(node, l, pkt, false),
            None => self.rec.lost(pkt.id, now),
        }
    }

    /// A packet of a flow middlebox `node` does not know: dropped, or (with
    /// [`OnUnknown::Reset`], for TCP) reset in the name of the other side.
    fn middlebox_stop(&mut self, node: NodeId, link: LinkId, pkt: Packet, tcp: bool) {
        let Some(mb) = self.middlebox(node) else {
            return;
        };
        let reset = mb.spec.on_unknown == OnUnknown::Reset;
        let (src, dst) = (pkt.body.src(), pkt.body.dst());
        let hop = Hop {
            endpoint: self.nodes[node.0 as usize].name.clone(),
            at_us: self.now,
            src: src.to_string(),
            dst: dst.to_string(),
            action: if reset && tcp {
                HopAction::Reset
            } else {
                HopAction::Dropped
            },
        };
        self.rec.stopped_by_middlebox(pkt.id, hop);
        if let (true, Body::Tcp(s)) = (reset, &pkt.body) {
            if !s.rst() {
                self.mb_ctl.push_back(PendingRst {
                    node,
                    link,
                    seg: reset_for(s),
                    conn: pkt.conn,
                });
                self.flush_ctl_mb(node);
            }
        }
    }

    /// A middlebox flow's idle deadline; false if the flow was active since (stale).
    pub(super) fn flow_idle(&mut self, node: NodeId, key: FlowKey) -> bool {
        let now = self.now;
        let Some(mb) = self.middlebox(node) else {
            return false;
        };
        let due = mb.flows.get(&key).is_some_and(|f| f.deadline == now);
        if !due {
            return false;
        }
        let idle = mb.spec.idle_timeout_us;
        let nat = mb.spec.nat;
        let Some(flow) = mb.remove(key) else {
            return false;
        };
        if let Some(i) = flow.timer {
            self.rec.timer_ended(i, now, TimerOutcome::Fired);
        }
        let m = explain::flow_expired_msg(nat, key.inside, key.outside, idle);
        self.rec
            .event(now, node, Some(flow.conn), EventKind::FlowExpired, m);
        true
    }

    /// Sends middlebox `node`'s waiting RSTs, in order, as far as their links allow.
    pub(super) fn flush_ctl_mb(&mut self, node: NodeId) {
        let mut i = 0;
        while i < self.mb_ctl.len() {
            if self.mb_ctl[i].node != node {
                i += 1;
                continue;
            }
            let link = self.mb_ctl[i].link;
            if !self.link_free(node, link) {
                return;
            }
            let Some(PendingRst { seg, conn, .. }) = self.mb_ctl.remove(i) else {
                return;
            };
            let (idle, nat) = self
                .middlebox(node)
                .map_or((0, false), |mb| (mb.spec.idle_timeout_us, mb.spec.nat));
            let msg = explain::middlebox_rst_msg(nat, idle);
            let to = self.node_of_ip(seg.dst.ip());
            let id = self.rec.middlebox_rst(self.now, node, to, conn, &seg, msg);
            // The forged RST starts its way here: `drop` may lose it, as any segment on
            // its first link.
            self.transmit(
                node,
                link,
                Packet {
                    id,
                    conn,
                    body: Body::Tcp(seg),
                },
                true,
            );
        }
    }
}
