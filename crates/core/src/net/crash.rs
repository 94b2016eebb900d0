//! A host that crashes and, maybe, boots again: the fault behind half-open connections
//! (RFC 9293 3.5.1).
//!
//! At the crash every socket of the host vanishes without a word on the wire: its
//! connections (with their timers), its listeners and UDP sockets; the applications on it
//! die with their timers. The Trace shows a `host-crashed` event on the host's lifeline and
//! each lost socket going to CLOSED with the crash as its reason. While the host is down,
//! packets reaching it are lost at its door (nothing answers a dead machine).
//!
//! At the restart (`host-restarted`) its TCP starts empty. The peers still hold their side
//! of the old connections, so the next segment of one of them meets a RST: `<SEQ=SEG.ACK>`
//! when it carried an ACK, else seq 0 with `ACK=SEG.SEQ+SEG.LEN` (RFC 9293 3.5.2). Which
//! programs come back is the scenario's choice: applications installed with
//! [`Sim::add_service`] start again from scratch (a server started at boot listens anew);
//! those installed with [`Sim::add_app`] stay dead. A segment of a forgotten connection
//! that reaches a port listening again is handled by LISTEN (RFC 9293 3.10.7.2), which
//! answers an ACK with the same `<SEQ=SEG.ACK><CTL=RST>`.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::queue::Ev;
use super::record::Transition;
use super::socket::SockKind;
use super::{App, AppId, NodeId, NodeKind, Sim, SockId};
use crate::tcp::State;
use crate::trace::{EventKind, Msg, TimerOutcome};
use crate::units::ms;

/// A host crash to play.
pub(super) struct Crash {
    host: NodeId,
    at_us: u64,
    /// When it boots again, if it does.
    restart_at_us: Option<u64>,
}

/// An application that starts again from a fresh copy each time its host boots.
pub(super) struct Service {
    node: NodeId,
    /// Makes the fresh copy.
    make: Box<dyn Fn() -> Box<dyn App>>,
}

impl Sim {
    /// Installs an application that belongs to the host's boot: it starts at time 0 and,
    /// if the host crashes and restarts ([`Sim::crash_host`]), starts again from a fresh
    /// copy of `app` (the state it had built up dies with the crash).
    pub fn add_service<A: App + Clone + 'static>(&mut self, node: NodeId, app: A) -> AppId {
        let pristine = app.clone();
        self.services.push(Service {
            node,
            make: Box::new(move || Box::new(pristine.clone()) as Box<dyn App>),
        });
        self.add_app(node, app)
    }

    /// Crashes `host` at `at_us`: every socket and application on it vanishes without
    /// sending anything. With `restart_at_us` the host boots again then (at the crash
    /// itself if that is earlier) with an empty TCP, and its services start again.
    pub fn crash_host(&mut self, host: NodeId, at_us: u64, restart_at_us: Option<u64>) {
        self.crashes.push(Crash {
            host,
            at_us,
            restart_at_us: restart_at_us.map(|r| r.max(at_us)),
        });
    }

    pub(super) fn schedule_crashes(&mut self) {
        for Crash {
            host: node,
            at_us: at,
            restart_at_us: restart,
        } in core::mem::take(&mut self.crashes)
        {
            if !matches!(self.nodes[node.0 as usize].kind, NodeKind::Host(_)) {
                continue;
            }
            self.schedule(at, Ev::HostState { node, up: false });
            if let Some(r) = restart {
                self.schedule(r, Ev::HostState { node, up: true });
            }
        }
    }

    /// The crash: sockets, their timers and the applications vanish; nothing is sent.
    pub(super) fn host_down(&mut self, node: NodeId) {
        let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind else {
            return;
        };
        if h.is_down() {
            return;
        }
        h.down_since = Some(self.now);
        // RSTs the stack had not yet put on the link die with it.
        h.ctl.clear();
        let lost_conns: Vec<_> = h.conns.keys().copied().collect();
        h.forgotten.extend(lost_conns);
        let socks = h.socks.clone();
        let ip = self.nodes[node.0 as usize].ip.to_string();
        let mut lost = 0usize;
        for s in socks {
            if self.crash_socket(node, s, &ip) {
                lost += 1;
            }
        }
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            h.conns.clear();
            h.listeners.clear();
            h.udp.clear();
        }
        // The programs die, and with them every timer they had armed.
        for i in 0..self.apps.len() {
            if self.app_nodes[i] == node {
                self.apps[i] = None;
            }
        }
        for t in &mut self.app_timers {
            if !t.active || self.app_nodes[t.app.0 as usize] != node {
                continue;
            }
            t.active = false;
            if let Some(i) = t.record {
                self.rec.timer_ended(i, self.now, TimerOutcome::Cancelled);
            }
        }
        self.notes
            .retain(|(app, _)| self.app_nodes[app.0 as usize] != node);
        let m = Msg::of(
            "event.host_crashed",
            &[("host", ip), ("conns", lost.to_string())],
        );
        self.rec
            .event(self.now, node, None, EventKind::HostCrashed, m);
    }

    /// One socket of a crashing host: its state goes to CLOSED with the crash as reason,
    /// its running timers stop. Returns true for a connection (not a listener or UDP).
    fn crash_socket(&mut self, node: NodeId, s: SockId, ip: &str) -> bool {
        let sock = &mut self.socks[s.0 as usize];
        if !sock.alive {
            return false;
        }
        let (from, conn, m) = match &sock.kind {
            SockKind::Tcp(ep) => (
                ep.state(),
                sock.conn,
                Msg::of(
                    "state.host_crashed",
                    &[
                        ("host", String::from(ip)),
                        ("state", ep.state().to_string()),
                    ],
                ),
            ),
            SockKind::Listener(li) => (
                State::Listen,
                None,
                Msg::of(
                    "state.host_crashed.listen",
                    &[("host", String::from(ip)), ("port", li.port.to_string())],
                ),
            ),
            // A UDP socket has no state to lose on the wire's account.
            SockKind::Udp { .. } => {
                self.forget(s);
                return false;
            }
        };
        let is_conn = matches!(sock.kind, SockKind::Tcp(_)) && from != State::Closed;
        let running: Vec<usize> = sock.timers.iter_mut().filter_map(Option::take).collect();
        sock.await_out.clear();
        for i in running {
            self.rec.timer_cancelled_if_running(i, self.now);
        }
        if from != State::Closed {
            let change = Transition {
                from,
                to: State::Closed,
                msg: m,
                rfc: "9293#3.5.1",
            };
            self.rec.state(self.now, node, conn, change, None);
        }
        self.forget(s);
        is_conn
    }

    /// The boot: the host answers again, with no connection at all; its services start.
    pub(super) fn host_up(&mut self, node: NodeId) {
        let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind else {
            return;
        };
        let Some(down_since) = h.down_since.take() else {
            return;
        };
        let down_us = self.now - down_since;
        let ip = self.nodes[node.0 as usize].ip.to_string();
        let fresh: Vec<Box<dyn App>> = self
            .services
            .iter()
            .filter(|s| s.node == node)
            .map(|s| (s.make)())
            .collect();
        let key = if fresh.is_empty() {
            "event.host_restarted.bare"
        } else {
            "event.host_restarted"
        };
        let m = Msg::of(key, &[("host", ip), ("ms", ms(down_us))]);
        self.rec
            .event(self.now, node, None, EventKind::HostRestarted, m);
        for app in fresh {
            let id = self.push_app(node, app, self.now);
            self.schedule(self.now, Ev::Start(id));
        }
    }
}
