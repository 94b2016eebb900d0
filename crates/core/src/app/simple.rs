//! The simplest applications: open a connection and close it; accept and close on EOF.

use alloc::collections::BTreeSet;
use core::net::SocketAddr;

use crate::net::{App, AppCx, AppEvent, SockId};

/// Connects at start, keeps the connection for `hold_us` once established, then closes.
/// Reads and discards anything the peer sends.
#[derive(Clone, Debug)]
pub struct Connector {
    remote: SocketAddr,
    hold_us: u64,
    sock: Option<SockId>,
}

impl Connector {
    /// Connect to `remote`; close `hold_us` after the handshake completes.
    pub fn new(remote: SocketAddr, hold_us: u64) -> Self {
        Connector {
            remote,
            hold_us,
            sock: None,
        }
    }
}

impl App for Connector {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => self.sock = Some(cx.connect(self.remote)),
            AppEvent::Connected(s) => {
                if self.hold_us == 0 {
                    cx.close(s);
                } else {
                    cx.after(self.hold_us, u64::from(s.0));
                }
            }
            AppEvent::Timer(t) => cx.close(SockId(t as u32)),
            AppEvent::Readable(s) => {
                cx.recv_all(s);
            }
            AppEvent::Accepted { .. }
            | AppEvent::Writable(_)
            | AppEvent::PeerClosed(_)
            | AppEvent::Closed(..)
            | AppEvent::Datagram { .. } => {}
        }
    }
}

/// Listens on a port, reads and discards, and closes each connection `delay_us` after the
/// peer's FIN (so the ACK of that FIN goes out first, unless ACKs are delayed).
#[derive(Clone, Debug)]
pub struct Closer {
    port: u16,
    delay_us: u64,
    closing: BTreeSet<SockId>,
}

impl Closer {
    /// Listen on `port`; close `delay_us` after each peer's FIN.
    pub fn new(port: u16, delay_us: u64) -> Self {
        Closer {
            port,
            delay_us,
            closing: BTreeSet::new(),
        }
    }
}

impl App for Closer {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                cx.listen(self.port, 16);
            }
            AppEvent::Readable(s) => {
                cx.recv_all(s);
            }
            AppEvent::PeerClosed(s) => {
                cx.recv_all(s);
                if self.closing.insert(s) {
                    if self.delay_us == 0 {
                        cx.close(s);
                    } else {
                        cx.after(self.delay_us, u64::from(s.0));
                    }
                }
            }
            AppEvent::Timer(t) => cx.close(SockId(t as u32)),
            AppEvent::Connected(_)
            | AppEvent::Accepted { .. }
            | AppEvent::Writable(_)
            | AppEvent::Closed(..)
            | AppEvent::Datagram { .. } => {}
        }
    }
}
