//! The interface between the network and the programs on its hosts. The network owns it:
//! [`Sim`] drives applications through [`App::on_event`], and an application acts on the
//! world only through the [`AppCx`] it is handed (socket calls, timers, story events).
//! `crate::app` implements the programs and depends on this module; nothing in `net`
//! depends on `crate::app`.
//!
//! The `Sim` side of each call is here too: opening a connection (the next free ephemeral
//! port, the host's next ISN, one connection for both SYNs of a simultaneous open),
//! listening (recorded as CLOSED -> LISTEN), sending and reading, closing and aborting,
//! UDP, and application timers (recorded in the Trace unless armed with [`AppCx::after`]).
//!
//! Applications never see segments: everything on the wire comes out of the TCP endpoints.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::queue::Ev;
use super::record::{Arming, Transition};
use super::socket::{Datagram, Listener, SockKind};
use super::{explain, AppId, NodeId, NodeKind, Sim, SockId, TimerId};
use crate::tcp::event::{CloseReason, Why};
use crate::tcp::{Endpoint, SeqNum, State, TcpConfig};
use crate::trace::{EventKind, Msg, TimerKind, TimerOutcome};

/// What happened, for an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppEvent {
    /// The simulation started (time 0, or the application's start time).
    Start,
    /// A connection this application opened reached ESTABLISHED.
    Connected(SockId),
    /// A listening socket of this application accepted a connection (now ESTABLISHED).
    Accepted {
        /// The listening socket.
        listener: SockId,
        /// The new connection.
        sock: SockId,
    },
    /// In-order data is waiting: call [`AppCx::recv`].
    Readable(SockId),
    /// Everything written so far was acknowledged.
    Writable(SockId),
    /// The peer sent FIN: after the buffered data, the stream ends.
    PeerClosed(SockId),
    /// The connection is gone.
    Closed(SockId, CloseReason),
    /// A timer of this application fired, with the token given when arming it.
    Timer(u64),
    /// A UDP datagram arrived on a bound socket.
    Datagram {
        /// The receiving socket.
        sock: SockId,
        /// Sender.
        from: SocketAddr,
        /// Payload.
        data: Vec<u8>,
    },
}

/// A program on a host.
pub trait App {
    /// Reacts to one event.
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent);
}

/// A timer an application arms, recorded in the Trace.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerSpec {
    /// Delay from now.
    pub delay_us: u64,
    /// Handed back in [`AppEvent::Timer`].
    pub token: u64,
    /// What it is for (heartbeat, poll, liveness, app...).
    pub kind: TimerKind,
    /// Explanation shown with the timer.
    pub note: Option<Msg>,
    /// The connection it belongs to, if any.
    pub sock: Option<SockId>,
}

/// The application's handle on its host: socket calls, timers, story events.
pub struct AppCx<'a> {
    pub(super) sim: &'a mut Sim,
    pub(super) app: AppId,
    pub(super) node: NodeId,
}

impl AppCx<'_> {
    /// Simulated time now (microseconds).
    pub fn now(&self) -> u64 {
        self.sim.now()
    }

    /// This application's id.
    pub fn app(&self) -> AppId {
        self.app
    }

    /// The lifeline id of the host this application runs on.
    pub fn host_id(&self) -> &str {
        self.sim.node_name(self.node)
    }

    /// Opens a TCP connection to `remote` from the host's next ephemeral port.
    pub fn connect(&mut self, remote: SocketAddr) -> SockId {
        self.sim
            .app_connect(self.app, self.node, None, remote, None)
    }

    /// Opens a TCP connection from a chosen local port (e.g. both sides of a simultaneous
    /// open) with an optional configuration of its own.
    pub fn connect_from(
        &mut self,
        local_port: u16,
        remote: SocketAddr,
        cfg: Option<TcpConfig>,
    ) -> SockId {
        self.sim
            .app_connect(self.app, self.node, Some(local_port), remote, cfg)
    }

    /// Listens on `port`; up to `backlog` connections may wait half-open.
    pub fn listen(&mut self, port: u16, backlog: u32) -> SockId {
        self.sim
            .app_listen(self.app, self.node, port, backlog, None)
    }

    /// Listens with a configuration of its own for the accepted connections.
    pub fn listen_with(&mut self, port: u16, backlog: u32, cfg: TcpConfig) -> SockId {
        self.sim
            .app_listen(self.app, self.node, port, backlog, Some(cfg))
    }

    /// Writes bytes; returns how many were queued (0 if the connection cannot send).
    pub fn send(&mut self, sock: SockId, data: &[u8]) -> usize {
        self.sim.app_send(sock, Cow::Borrowed(data), None)
    }

    /// Writes bytes that start an HTTP message; `line` (request or status line) is shown on
    /// the segment that carries its first byte.
    pub fn send_http(&mut self, sock: SockId, data: &[u8], line: &str) -> usize {
        self.sim.app_send(sock, Cow::Borrowed(data), Some(line))
    }

    /// [`send_http`](Self::send_http) of bytes made for it: into an empty send buffer they
    /// go without a copy (a whole response of megabytes, written at once).
    pub fn send_http_owned(&mut self, sock: SockId, data: Vec<u8>, line: &str) -> usize {
        self.sim.app_send(sock, Cow::Owned(data), Some(line))
    }

    /// Reads up to `max` in-order bytes.
    pub fn recv(&mut self, sock: SockId, max: usize) -> Vec<u8> {
        self.sim.app_recv(sock, max)
    }

    /// Reads every byte waiting.
    pub fn recv_all(&mut self, sock: SockId) -> Vec<u8> {
        self.sim.app_recv(sock, usize::MAX)
    }

    /// Reads every byte waiting without a copy: `read` gets them in one or two parts.
    pub fn recv_all_with(&mut self, sock: SockId, read: &mut dyn FnMut(&[u8])) {
        self.sim.app_recv_with(sock, usize::MAX, read);
    }

    /// Closes our direction (FIN after the queued data). Reading stays possible.
    pub fn close(&mut self, sock: SockId) {
        self.sim.app_close(sock);
    }

    /// Shuts down only our sending direction, `shutdown(SHUT_WR)`: the same FIN as
    /// [`close`](Self::close), told as a half-close (the application reads on).
    pub fn shutdown(&mut self, sock: SockId) {
        self.sim.app_shutdown(sock);
    }

    /// Aborts the connection (RST).
    pub fn abort(&mut self, sock: SockId) {
        self.sim.app_abort(sock);
    }

    /// The TCP state of a socket (`None` for UDP or a forgotten socket).
    pub fn state(&self, sock: SockId) -> Option<State> {
        self.sim.sock_state(sock)
    }

    /// Bytes received in order and not yet read by the application (they fill the window).
    pub fn buffered(&self, sock: SockId) -> usize {
        self.sim.endpoint(sock).map_or(0, |ep| ep.recv_queue())
    }

    /// True once the peer's FIN arrived and every byte before it was read.
    pub fn at_eof(&self, sock: SockId) -> bool {
        self.sim.sock_at_eof(sock)
    }

    /// Local socket address.
    pub fn local_addr(&self, sock: SockId) -> Option<SocketAddr> {
        self.sim.sock_local(sock)
    }

    /// Remote socket address.
    pub fn peer_addr(&self, sock: SockId) -> Option<SocketAddr> {
        self.sim.sock_remote(sock)
    }

    /// Binds a UDP socket on `port`.
    pub fn udp_bind(&mut self, port: u16) -> SockId {
        self.sim.app_udp_bind(self.app, self.node, port)
    }

    /// Sends a UDP datagram; `label` (e.g. a request line) is shown on it.
    pub fn udp_send(&mut self, sock: SockId, to: SocketAddr, data: &[u8], label: Option<&str>) {
        self.sim.app_udp_send(sock, to, data, label);
    }

    /// Arms a timer that the Trace shows (heartbeat, poll, liveness...).
    pub fn set_timer(&mut self, spec: TimerSpec) -> TimerId {
        self.sim.app_timer(self.app, self.node, spec, true)
    }

    /// Runs again after `delay_us` (the application's own processing time): not a protocol
    /// timer, so the Trace does not show it.
    pub fn after(&mut self, delay_us: u64, token: u64) -> TimerId {
        let spec = TimerSpec {
            delay_us,
            token,
            kind: TimerKind::App,
            note: None,
            sock: None,
        };
        self.sim.app_timer(self.app, self.node, spec, false)
    }

    /// Cancels a timer that has not fired.
    pub fn cancel_timer(&mut self, timer: TimerId) {
        self.sim.app_cancel_timer(timer);
    }

    /// Writes an event into the story ([`EventKind::RequestSent`],
    /// [`EventKind::PeerOffline`]...).
    pub fn event(&mut self, kind: EventKind, msg: Msg, sock: Option<SockId>) {
        self.sim.app_event(self.node, kind, msg, sock);
    }
}

/// An application timer: whose it is, the token it hands back, and its Trace index when
/// the Trace shows it.
pub(super) struct AppTimer {
    pub(super) app: AppId,
    pub(super) token: u64,
    pub(super) record: Option<usize>,
    pub(super) active: bool,
}

impl Sim {
    fn app_timer(&mut self, app: AppId, node: NodeId, spec: TimerSpec, recorded: bool) -> TimerId {
        let id = TimerId(self.app_timers.len() as u32);
        let deadline = self.now + spec.delay_us;
        let record = if recorded {
            let conn = spec.sock.and_then(|s| self.socks[s.0 as usize].conn);
            let arming = Arming {
                kind: spec.kind,
                deadline_us: deadline,
                msg: spec.note.into(),
                segment: None,
            };
            Some(self.rec.timer(self.now, node, conn, arming))
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

    fn app_cancel_timer(&mut self, t: TimerId) {
        if let Some(timer) = self.app_timers.get_mut(t.0 as usize) {
            if timer.active {
                timer.active = false;
                if let Some(i) = timer.record {
                    self.rec.timer_ended(i, self.now, TimerOutcome::Cancelled);
                }
            }
        }
    }

    fn app_event(&mut self, node: NodeId, kind: EventKind, msg: Msg, sock: Option<SockId>) {
        let conn = sock
            .and_then(|s| self.socks.get(s.0 as usize))
            .and_then(|s| s.conn);
        self.rec.event(self.now, node, conn, kind, msg);
    }
}

/// The socket calls behind [`AppCx`].
impl Sim {
    pub(super) fn app_connect(
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

    pub(super) fn app_listen(
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
        let msg = explain::state_msg(State::Closed, State::Listen, Why::PassiveOpen, port);
        let change = Transition {
            from: State::Closed,
            to: State::Listen,
            msg,
            rfc: "9293#3.10.1",
        };
        self.rec.state(self.now, node, None, change, None);
        s
    }

    pub(super) fn app_send(&mut self, s: SockId, data: Cow<'_, [u8]>, mark: Option<&str>) -> usize {
        let sock = &mut self.socks[s.0 as usize];
        if !sock.alive {
            return 0;
        }
        let SockKind::Tcp(ep) = &mut sock.kind else {
            return 0;
        };
        let n = ep.send_cow(self.now, data).unwrap_or(0);
        if n > 0 {
            sock.wrote(n, mark);
        }
        self.flush(s);
        n
    }

    pub(super) fn app_recv(&mut self, s: SockId, max: usize) -> Vec<u8> {
        let mut out = Vec::new();
        self.app_recv_with(s, max, &mut |part| out.extend_from_slice(part));
        out
    }

    pub(super) fn app_recv_with(&mut self, s: SockId, max: usize, read: &mut dyn FnMut(&[u8])) {
        let sock = &mut self.socks[s.0 as usize];
        let SockKind::Tcp(ep) = &mut sock.kind else {
            return;
        };
        ep.recv_with(self.now, max, read);
        if sock.alive {
            self.flush(s);
        }
    }

    /// `shutdown(SHUT_WR)`: TCP's CLOSE, told as a half-close (the application reads on).
    pub(super) fn app_shutdown(&mut self, s: SockId) {
        self.socks[s.0 as usize].shutdown = true;
        self.app_close(s);
    }

    pub(super) fn app_close(&mut self, s: SockId) {
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
                let msg =
                    explain::state_msg(State::Listen, State::Closed, Why::CloseUnconnected, port);
                let change = Transition {
                    from: State::Listen,
                    to: State::Closed,
                    msg,
                    rfc: "9293#3.10.4",
                };
                self.rec.state(self.now, node, None, change, None);
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

    pub(super) fn app_abort(&mut self, s: SockId) {
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

    pub(super) fn sock_state(&self, s: SockId) -> Option<State> {
        match &self.socks.get(s.0 as usize)?.kind {
            SockKind::Tcp(ep) => Some(ep.state()),
            SockKind::Listener(_) => Some(State::Listen),
            SockKind::Udp { .. } => None,
        }
    }

    pub(super) fn sock_at_eof(&self, s: SockId) -> bool {
        match self.socks.get(s.0 as usize).map(|x| &x.kind) {
            Some(SockKind::Tcp(ep)) => ep.at_eof(),
            _ => false,
        }
    }

    pub(super) fn sock_local(&self, s: SockId) -> Option<SocketAddr> {
        match &self.socks.get(s.0 as usize)?.kind {
            SockKind::Tcp(ep) => Some(ep.local()),
            SockKind::Listener(li) => Some(SocketAddr::new(
                self.nodes[self.socks[s.0 as usize].node.0 as usize].ip,
                li.port,
            )),
            SockKind::Udp { local, .. } => Some(*local),
        }
    }

    pub(super) fn sock_remote(&self, s: SockId) -> Option<SocketAddr> {
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

    pub(super) fn app_udp_bind(&mut self, app: AppId, node: NodeId, port: u16) -> SockId {
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

    pub(super) fn app_udp_send(
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
            out.push_back(Datagram {
                to,
                data: data.to_vec(),
                label: label.map(String::from),
            });
        }
        self.flush(s);
    }
}
