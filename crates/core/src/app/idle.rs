//! A client with nothing to say: it connects, exchanges one greeting, then keeps the
//! connection open and silent until it closes. Whatever is sent during the silence comes
//! from TCP itself (keep-alive probes), not from the application.

use alloc::vec::Vec;
use core::net::SocketAddr;

use super::outcome::report_closed;
use crate::net::{App, AppCx, AppEvent, SockId};
use crate::tcp::TcpConfig;
use crate::trace::{EventKind, Msg};
use crate::units::ms;

/// Connects, sends `HELLO`, reads the answer, stays idle, closes `hold_us` after the
/// handshake (unless TCP gives the connection up first).
#[derive(Clone, Debug)]
pub struct IdleClient {
    server: SocketAddr,
    local_port: u16,
    cfg: Option<TcpConfig>,
    hold_us: u64,
    sock: Option<SockId>,
    buf: Vec<u8>,
    answered: bool,
    closed: bool,
}

impl IdleClient {
    /// Connect from `local_port` to `server` with the socket options `cfg` (e.g.
    /// `SO_KEEPALIVE`), close after `hold_us`.
    pub fn new(server: SocketAddr, local_port: u16, cfg: Option<TcpConfig>, hold_us: u64) -> Self {
        IdleClient {
            server,
            local_port,
            cfg,
            hold_us,
            sock: None,
            buf: Vec::new(),
            answered: false,
            closed: false,
        }
    }
}

impl App for IdleClient {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                self.sock = Some(cx.connect_from(self.local_port, self.server, self.cfg));
            }
            AppEvent::Connected(s) => {
                cx.send(s, b"HELLO\n");
                cx.after(self.hold_us, u64::from(s.0));
            }
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                self.buf.extend_from_slice(&data);
                if !self.answered && self.buf.contains(&b'\n') {
                    self.answered = true;
                    cx.event(
                        EventKind::AppIdle,
                        Msg::of("event.app_idle", &[("ms", ms(self.hold_us))]),
                        Some(s),
                    );
                }
            }
            AppEvent::Timer(t) => {
                let s = SockId(t as u32);
                if !self.closed {
                    self.closed = true;
                    cx.event(
                        EventKind::AppClose,
                        Msg::of("event.app_close", &[("ms", ms(self.hold_us))]),
                        Some(s),
                    );
                    cx.close(s);
                }
            }
            AppEvent::PeerClosed(s) => {
                cx.recv_all(s);
                if !self.closed {
                    self.closed = true;
                    cx.close(s);
                }
            }
            AppEvent::Closed(s, reason) => {
                self.closed = true;
                report_closed(cx, s, reason);
            }
            AppEvent::Accepted { .. } | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}
