//! Applications: the programs on the simulated hosts that drive the endpoints.
//!
//! An application implements [`App`]: the simulator calls [`App::on_event`] with an
//! [`AppEvent`] (start, connection established, data readable, peer closed, timer...) and
//! an [`AppCx`] through which it makes socket calls (`connect`, `listen`, `send`, `recv`,
//! `close`, `abort`, UDP `send_to`), arms timers and writes story events into the Trace.
//! Applications never see segments; everything on the wire comes out of the TCP endpoints.

pub mod agent;
pub mod download;
pub mod fetch;
pub mod heartbeat;
pub mod http;
pub mod idle;
pub mod news;
pub mod outcome;
pub mod peer;
pub mod polling;
pub mod push;
pub mod retry;
pub mod simple;
pub mod udp;

use alloc::string::String;
use alloc::vec::Vec;
use core::net::SocketAddr;

use crate::net::{AppId, NodeId, Sim, SockId, TimerId};
use crate::tcp::event::CloseReason;
use crate::tcp::{State, TcpConfig};
use crate::trace::{Msg, TimerKind};

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
    pub(crate) sim: &'a mut Sim,
    pub(crate) app: AppId,
    pub(crate) node: NodeId,
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
        self.sim.app_send(sock, data, None)
    }

    /// Writes bytes that start an HTTP message; `line` (request or status line) is shown on
    /// the segment that carries its first byte.
    pub fn send_http(&mut self, sock: SockId, data: &[u8], line: &str) -> usize {
        self.sim.app_send(sock, data, Some(line))
    }

    /// Reads up to `max` in-order bytes.
    pub fn recv(&mut self, sock: SockId, max: usize) -> Vec<u8> {
        self.sim.app_recv(sock, max)
    }

    /// Reads every byte waiting.
    pub fn recv_all(&mut self, sock: SockId) -> Vec<u8> {
        self.sim.app_recv(sock, usize::MAX)
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

    /// Writes an event into the story (`request-sent`, `peer-offline`...).
    pub fn event(&mut self, kind: &str, msg: Msg, sock: Option<SockId>) {
        self.sim.app_event(self.node, kind, msg, sock);
    }
}

/// Builds a [`Msg`] from a key and `(name, value)` pairs.
pub fn msg(key: &str, args: &[(&str, String)]) -> Msg {
    Msg::new(key, args)
}

/// A timer token naming a connection and what to do with it (`what` below 16), for
/// applications that keep timers per socket; [`untoken`] splits it again.
fn token(sock: SockId, what: u64) -> u64 {
    (u64::from(sock.0) << 4) | what
}

/// The socket and the `what` of a [`token`].
fn untoken(t: u64) -> (SockId, u64) {
    (SockId((t >> 4) as u32), t & 0xF)
}
