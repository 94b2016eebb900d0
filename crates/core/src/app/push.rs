//! A push subscriber: it opens one TCP connection to the [`super::news::NewsServer`]'s push
//! port, says `SUBSCRIBE news after=0` once, and from then on only listens: the server writes each
//! item (`EVENT 2 created_us=...`) the moment it exists.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::news::parse_item;
use crate::net::{App, AppCx, AppEvent, SockId};
use crate::tcp::State;
use crate::trace::{EventKind, Msg};
use crate::units::ms;

/// How the subscriber behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushConfig {
    /// The news server's push endpoint.
    pub server: SocketAddr,
    /// Close once this many items arrived.
    pub until_items: usize,
    /// Time between the handshake and the subscription, and before closing.
    pub think_us: u64,
}

const T_SUBSCRIBE: u64 = 1;
const T_CLOSE: u64 = 2;

/// The subscriber. Events: `request-sent` (the subscription), `event-delivered` (with the
/// item `id`, its latency `ms` and `via` = `push`).
#[derive(Clone, Debug)]
pub struct PushClient {
    cfg: PushConfig,
    sock: Option<SockId>,
    buf: Vec<u8>,
    seen: usize,
    closing: bool,
}

impl PushClient {
    /// A subscriber with this behaviour.
    pub fn new(cfg: PushConfig) -> Self {
        PushClient {
            cfg,
            sock: None,
            buf: Vec::new(),
            seen: 0,
            closing: false,
        }
    }

    fn read(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        while let Some(end) = self.buf.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.buf.drain(..=end).collect();
            let text = String::from_utf8_lossy(&line);
            let Some((id, created)) = parse_item(&text) else {
                continue;
            };
            self.seen = self.seen.max(id);
            let m = Msg::of(
                "event.news_delivered",
                &[
                    ("id", id.to_string()),
                    ("ms", ms(cx.now().saturating_sub(created))),
                ],
            )
            .with_term("via", "term.way.push");
            cx.event(EventKind::EventDelivered, m, Some(s));
        }
        if self.seen >= self.cfg.until_items && !self.closing {
            self.closing = true;
            cx.after(self.cfg.think_us, T_CLOSE);
        }
    }
}

impl App for PushClient {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => self.sock = Some(cx.connect(self.cfg.server)),
            AppEvent::Connected(_) => {
                cx.after(self.cfg.think_us, T_SUBSCRIBE);
            }
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                self.buf.extend_from_slice(&data);
                self.read(cx, s);
            }
            AppEvent::PeerClosed(s) => {
                let data = cx.recv_all(s);
                self.buf.extend_from_slice(&data);
                self.read(cx, s);
                if !self.closing {
                    self.closing = true;
                    cx.after(self.cfg.think_us, T_CLOSE);
                }
            }
            AppEvent::Timer(T_SUBSCRIBE) => {
                if let Some(s) = self.sock {
                    let line = alloc::format!("SUBSCRIBE news after={}\n", self.seen);
                    cx.send_http(s, line.as_bytes(), "SUBSCRIBE news");
                    let m = Msg::of("event.subscribe_sent", &[]);
                    cx.event(EventKind::RequestSent, m, Some(s));
                    // Waiting for nothing: leave again.
                    if self.cfg.until_items == 0 && !self.closing {
                        self.closing = true;
                        cx.after(self.cfg.think_us, T_CLOSE);
                    }
                }
            }
            AppEvent::Timer(_) => {
                if let Some(s) = self.sock {
                    if matches!(cx.state(s), Some(State::Established | State::CloseWait)) {
                        cx.close(s);
                    }
                }
            }
            AppEvent::Closed(..)
            | AppEvent::Accepted { .. }
            | AppEvent::Writable(_)
            | AppEvent::Datagram { .. } => {}
        }
    }
}
