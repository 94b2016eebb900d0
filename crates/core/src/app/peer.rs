//! A connection with no payload, opened and closed on a schedule: the application behind
//! the TCP edge cases (refused connections, lost SYNs, a lost final ACK, SYNs or FINs that
//! cross). Which side opens, from which port, and when each side closes are its knobs.

use core::net::SocketAddr;

use super::outcome::report_closed;
use crate::net::{App, AppCx, AppEvent, SockId};
use crate::tcp::State;

/// How the peer opens its side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Open {
    /// Active open toward `remote`, from `local_port` or the host's next ephemeral port.
    Connect {
        /// The other side.
        remote: SocketAddr,
        /// A fixed local port (both sides of a simultaneous open need one).
        local_port: Option<u16>,
    },
    /// Passive open on `port`.
    Listen {
        /// The port.
        port: u16,
    },
}

/// When the peer closes its direction (sends its FIN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseWhen {
    /// This long after the connection is established.
    AfterConnected(u64),
    /// At this simulated time (or at once if the connection is established later).
    At(u64),
    /// This long after the peer's FIN arrived.
    AfterPeer(u64),
}

const T_CLOSE: u64 = 1 << 32;

/// Opens (or accepts) connections and closes them on its schedule; reads and discards any
/// data; tells the story of abnormal ends (refused, reset, timed out).
#[derive(Clone, Debug)]
pub struct Peer {
    open: Open,
    close: CloseWhen,
    closing: alloc::collections::BTreeSet<SockId>,
}

impl Peer {
    /// A peer that opens with `open` and closes with `close`.
    pub fn new(open: Open, close: CloseWhen) -> Self {
        Peer {
            open,
            close,
            closing: alloc::collections::BTreeSet::new(),
        }
    }

    fn close_in(&mut self, cx: &mut AppCx<'_>, s: SockId, delay: u64) {
        if !self.closing.insert(s) {
            return;
        }
        if delay == 0 {
            cx.close(s);
        } else {
            cx.after(delay, T_CLOSE | u64::from(s.0));
        }
    }

    fn established(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        match self.close {
            CloseWhen::AfterConnected(d) => self.close_in(cx, s, d),
            CloseWhen::At(t) => {
                let d = t.saturating_sub(cx.now());
                self.close_in(cx, s, d);
            }
            CloseWhen::AfterPeer(_) => {}
        }
    }
}

impl App for Peer {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => match self.open {
                Open::Connect {
                    remote,
                    local_port: Some(port),
                } => {
                    cx.connect_from(port, remote, None);
                }
                Open::Connect {
                    remote,
                    local_port: None,
                } => {
                    cx.connect(remote);
                }
                Open::Listen { port } => {
                    cx.listen(port, 16);
                }
            },
            AppEvent::Connected(s) | AppEvent::Accepted { sock: s, .. } => self.established(cx, s),
            AppEvent::Readable(s) => {
                cx.recv_all(s);
            }
            AppEvent::PeerClosed(s) => {
                cx.recv_all(s);
                if let CloseWhen::AfterPeer(d) = self.close {
                    self.close_in(cx, s, d);
                }
            }
            AppEvent::Timer(t) => {
                let s = SockId((t & u64::from(u32::MAX)) as u32);
                if matches!(cx.state(s), Some(State::Established | State::CloseWait)) {
                    cx.close(s);
                }
            }
            AppEvent::Closed(s, reason) => report_closed(cx, s, reason),
            AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}
