//! A browser that keeps its connection open between pages and, when the kept connection
//! turns out to be dead (it ends before the response came), sends the request again on a
//! new connection: RFC 9112 9.3.1 lets a client retry an idempotent request (a GET) by
//! itself after a connection failure. Without the retry the request is simply lost.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::http::{parse_response, report_bad_response, Request, Version};
use super::outcome::report_closed;
use super::{token, untoken};
use crate::net::{App, AppCx, AppEvent, SockId};
use crate::tcp::event::CloseReason;
use crate::tcp::State;
use crate::trace::{EventKind, Msg};
use crate::units::ms;

/// How the browser behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// The server.
    pub server: SocketAddr,
    /// Pages fetched one after another over one kept connection.
    pub paths: Vec<String>,
    /// Time before the first request on a connection, and before closing after the last
    /// response.
    pub think_us: u64,
    /// Time between a response and the next request: the kept connection sits idle.
    pub pause_us: u64,
    /// Send a request again on a new connection when its connection dies unanswered.
    pub retry: bool,
}

const T_SEND: u64 = 1;
const T_CLOSE: u64 = 2;

/// The browser. Events it writes: `request-sent`, `response-received`, `conn-kept`,
/// `request-retried` or `request-failed`, and what the socket API reports when a
/// connection ends abnormally (`connection-reset`...).
#[derive(Clone, Debug)]
pub struct RetryClient {
    cfg: RetryConfig,
    /// The connection in use.
    sock: Option<SockId>,
    /// Index of the next page to request.
    next: usize,
    /// The request written on the current connection and not yet answered.
    waiting: Option<usize>,
    /// When each request was last written.
    sent_us: Vec<u64>,
    /// Requests already sent a second time (each is retried once at most).
    retried: Vec<bool>,
    /// A request to send again as soon as the new connection is up.
    resend: Option<usize>,
    buf: Vec<u8>,
    closing: bool,
}

impl RetryClient {
    /// A browser with this behaviour.
    pub fn new(cfg: RetryConfig) -> Self {
        let n = cfg.paths.len();
        RetryClient {
            cfg,
            sock: None,
            next: 0,
            waiting: None,
            sent_us: alloc::vec![0; n],
            retried: alloc::vec![false; n],
            resend: None,
            buf: Vec::new(),
            closing: false,
        }
    }

    fn open(&mut self, cx: &mut AppCx<'_>) -> SockId {
        let s = cx.connect(self.cfg.server);
        self.sock = Some(s);
        self.buf.clear();
        s
    }

    fn send(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let index = match self.resend.take() {
            Some(i) => i,
            None if self.next < self.cfg.paths.len() => {
                self.next += 1;
                self.next - 1
            }
            None => return,
        };
        if !matches!(cx.state(s), Some(State::Established | State::CloseWait)) {
            // The kept connection is gone: the page goes out on a new one.
            self.resend = Some(index);
            self.open(cx);
            return;
        }
        let path = &self.cfg.paths[index];
        let req = Request::get(path, &self.cfg.server.to_string(), Version::Http11, false);
        let line = req.line();
        cx.send_http(s, &req.to_bytes(), &line);
        self.waiting = Some(index);
        self.sent_us[index] = cx.now();
        let m = Msg::of(
            "event.request_sent.numbered",
            &[
                ("line", line),
                ("index", (index + 1).to_string()),
                ("waiting", String::from("1")),
            ],
        );
        cx.event(EventKind::RequestSent, m, Some(s));
    }

    fn pump(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(index) = self.waiting else {
            return;
        };
        match parse_response(&self.buf, false) {
            Ok(Some(res)) => {
                self.buf.drain(..res.consumed);
                self.waiting = None;
                let took = cx.now().saturating_sub(self.sent_us[index]);
                let m = Msg::of(
                    "event.response_received.timed",
                    &[
                        ("line", res.line),
                        ("bytes", res.body_len.to_string()),
                        ("index", (index + 1).to_string()),
                        ("ms", ms(took)),
                    ],
                );
                cx.event(EventKind::ResponseReceived, m, Some(s));
                if self.next < self.cfg.paths.len() {
                    let m = Msg::of(
                        "event.conn_kept",
                        &[
                            ("index", (index + 1).to_string()),
                            ("ms", ms(self.cfg.pause_us)),
                        ],
                    );
                    cx.event(EventKind::ConnKept, m, Some(s));
                    cx.after(self.cfg.pause_us, token(s, T_SEND));
                } else {
                    cx.after(self.cfg.think_us, token(s, T_CLOSE));
                }
            }
            Ok(None) => {}
            Err(e) => {
                report_bad_response(cx, s, e);
                cx.abort(s);
            }
        }
    }

    /// The connection `s` ended: a request it left unanswered is retried or lost.
    fn ended(&mut self, cx: &mut AppCx<'_>, s: SockId, reason: CloseReason) {
        report_closed(cx, s, reason);
        if self.sock != Some(s) {
            return;
        }
        self.sock = None;
        let Some(index) = self.waiting.take() else {
            return;
        };
        let number = (index + 1).to_string();
        if self.cfg.retry && !self.retried[index] {
            self.retried[index] = true;
            self.resend = Some(index);
            let fresh = self.open(cx);
            let port = cx
                .local_addr(fresh)
                .map(|a| a.port().to_string())
                .unwrap_or_default();
            let m = Msg::of(
                "event.request_retried",
                &[("index", number), ("port", port)],
            );
            cx.event(EventKind::RequestRetried, m, Some(fresh));
        } else {
            cx.event(
                EventKind::RequestFailed,
                Msg::of("event.request_failed", &[("index", number)]),
                Some(s),
            );
        }
    }
}

impl App for RetryClient {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                if !self.cfg.paths.is_empty() {
                    self.open(cx);
                }
            }
            AppEvent::Connected(s) => {
                cx.after(self.cfg.think_us, token(s, T_SEND));
            }
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                if self.sock == Some(s) {
                    self.buf.extend_from_slice(&data);
                    self.pump(cx, s);
                }
            }
            AppEvent::PeerClosed(s) => {
                let data = cx.recv_all(s);
                if self.sock == Some(s) {
                    self.buf.extend_from_slice(&data);
                    self.pump(cx, s);
                }
                // The server closed its side: close ours too.
                if matches!(cx.state(s), Some(State::CloseWait)) {
                    cx.close(s);
                }
            }
            AppEvent::Timer(t) => {
                let (s, what) = untoken(t);
                match what {
                    T_SEND if self.sock == Some(s) => self.send(cx, s),
                    // The connection this request was meant for has gone meanwhile.
                    T_SEND if self.sock.is_none() && self.next < self.cfg.paths.len() => {
                        self.open(cx);
                    }
                    T_CLOSE
                        if !self.closing
                            && matches!(
                                cx.state(s),
                                Some(State::Established | State::CloseWait)
                            ) =>
                    {
                        self.closing = true;
                        cx.close(s);
                    }
                    _ => {}
                }
            }
            AppEvent::Closed(s, reason) => self.ended(cx, s, reason),
            AppEvent::Accepted { .. } | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}
