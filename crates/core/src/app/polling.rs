//! Clients that learn about news by asking over HTTP (the [`super::news::NewsServer`]'s
//! `GET /news?after=N`): short polling (every interval, a new connection with
//! `Connection: close`, answered at once) and long polling (one persistent connection; the
//! server holds each request until there is news, and the client asks again as soon as an
//! answer arrives).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::http::{parse_response, report_bad_response, Request, Version};
use super::news::parse_item;
use super::token;
use crate::net::{App, AppCx, AppEvent, SockId, TimerId, TimerSpec};
use crate::tcp::State;
use crate::trace::{EventKind, Msg, TimerKind};
use crate::units::ms;

/// How a poller asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PollMode {
    /// Every `interval_us`, a new connection and one request answered at once.
    Short {
        /// Time between the starts of two polls.
        interval_us: u64,
    },
    /// One persistent connection; the next request as soon as an answer arrives.
    Long,
}

/// How the poller behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollConfig {
    /// The news server's HTTP endpoint.
    pub server: SocketAddr,
    /// Short or long polling.
    pub mode: PollMode,
    /// Stop after this many requests.
    pub max_polls: u32,
    /// Stop once this many items arrived (`None`: only `max_polls` stops it).
    pub until_items: Option<usize>,
    /// Time between a connection's handshake (or an answer) and the request.
    pub think_us: u64,
    /// Term key of the way's name, in `event-delivered` events (`term.way.short-polling`).
    pub label: String,
}

const T_POLL: u64 = 1;
const T_ASK: u64 = 2;
const T_CLOSE: u64 = 3;

#[derive(Clone, Debug, Default)]
struct Conn {
    buf: Vec<u8>,
    eof: bool,
    waiting: bool,
    closing: bool,
}

/// A polling client. Events: `request-sent`, `response-received`, `event-delivered` (with
/// the item `id`, its latency `ms` and the way `via`), `polling-done`.
#[derive(Clone, Debug)]
pub struct Poller {
    cfg: PollConfig,
    /// Connections opened.
    opened: u32,
    /// Requests sent.
    polls: u32,
    /// Answers received.
    answers: u32,
    seen: usize,
    next_timer: Option<TimerId>,
    conns: alloc::collections::BTreeMap<SockId, Conn>,
    done: bool,
}

impl Poller {
    /// A poller with this behaviour.
    pub fn new(cfg: PollConfig) -> Self {
        Poller {
            cfg,
            opened: 0,
            polls: 0,
            answers: 0,
            seen: 0,
            next_timer: None,
            conns: alloc::collections::BTreeMap::new(),
            done: false,
        }
    }

    fn satisfied(&self) -> bool {
        self.answers >= self.cfg.max_polls || self.cfg.until_items.is_some_and(|n| self.seen >= n)
    }

    /// Short polling: a new connection now, and the timer for the next poll.
    fn poll(&mut self, cx: &mut AppCx<'_>) {
        let s = cx.connect(self.cfg.server);
        self.conns.insert(s, Conn::default());
        self.opened += 1;
        if let PollMode::Short { interval_us } = self.cfg.mode {
            let upcoming = self.opened + 1;
            if upcoming <= self.cfg.max_polls {
                let note = Msg::of(
                    "timer.poll",
                    &[
                        ("ms", ms(interval_us)),
                        ("poll", upcoming.to_string()),
                        ("count", self.cfg.max_polls.to_string()),
                    ],
                );
                self.next_timer = Some(cx.set_timer(TimerSpec {
                    delay_us: interval_us,
                    token: token(SockId(0), T_POLL),
                    kind: TimerKind::Poll,
                    note: Some(note),
                    sock: None,
                }));
            }
        }
    }

    fn ask(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        if !matches!(cx.state(s), Some(State::Established)) || self.done {
            return;
        }
        self.polls += 1;
        let close = matches!(self.cfg.mode, PollMode::Short { .. });
        let target = format!("/news?after={}", self.seen);
        let req = Request::get(
            &target,
            &self.cfg.server.to_string(),
            Version::Http11,
            close,
        );
        let line = req.line();
        cx.send_http(s, &req.to_bytes(), &line);
        if let Some(c) = self.conns.get_mut(&s) {
            c.waiting = true;
        }
        let m = Msg::of(
            "event.poll_sent",
            &[
                ("line", line),
                ("poll", self.polls.to_string()),
                ("after", self.seen.to_string()),
            ],
        );
        cx.event(EventKind::RequestSent, m, Some(s));
    }

    fn read(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        loop {
            let Some(c) = self.conns.get_mut(&s) else {
                return;
            };
            if !c.waiting {
                return;
            }
            let res = match parse_response(&c.buf, c.eof) {
                Ok(Some(res)) => res,
                Ok(None) => return,
                Err(e) => {
                    report_bad_response(cx, s, e);
                    cx.abort(s);
                    return;
                }
            };
            let body: Vec<u8> = c
                .buf
                .drain(..res.consumed)
                .skip(res.consumed - res.body_len)
                .collect();
            c.waiting = false;
            self.answers += 1;
            let text = String::from_utf8_lossy(&body);
            let now = cx.now();
            let mut fresh = 0;
            for (id, created) in text.lines().filter_map(parse_item) {
                if id <= self.seen {
                    continue;
                }
                self.seen = id;
                fresh += 1;
                let m = Msg::of(
                    "event.news_delivered",
                    &[
                        ("id", id.to_string()),
                        ("ms", ms(now.saturating_sub(created))),
                    ],
                )
                .with_term("via", &self.cfg.label);
                cx.event(EventKind::EventDelivered, m, Some(s));
            }
            let m = Msg::of(
                "event.poll_answer",
                &[("line", res.line), ("items", fresh.to_string())],
            );
            cx.event(EventKind::ResponseReceived, m, Some(s));
            self.after_answer(cx, s);
        }
    }

    fn after_answer(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let satisfied = self.satisfied();
        if satisfied && !self.done {
            self.done = true;
            if let Some(t) = self.next_timer.take() {
                cx.cancel_timer(t);
            }
            let m = Msg::of(
                "event.polling_done",
                &[
                    ("polls", self.polls.to_string()),
                    ("items", self.seen.to_string()),
                ],
            );
            cx.event(EventKind::PollingDone, m, None);
        }
        match self.cfg.mode {
            // The server closes a short poll's connection; we close on its FIN.
            PollMode::Short { .. } => {}
            PollMode::Long if satisfied => {
                cx.after(self.cfg.think_us, token(s, T_CLOSE));
            }
            PollMode::Long => {
                cx.after(self.cfg.think_us, token(s, T_ASK));
            }
        }
    }

    fn close(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        if let Some(c) = self.conns.get_mut(&s) {
            if c.closing {
                return;
            }
            c.closing = true;
        }
        if matches!(cx.state(s), Some(State::Established | State::CloseWait)) {
            cx.close(s);
        }
    }
}

impl App for Poller {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                if self.cfg.max_polls > 0 {
                    self.poll(cx);
                }
            }
            AppEvent::Connected(s) => {
                cx.after(self.cfg.think_us, token(s, T_ASK));
            }
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                if let Some(c) = self.conns.get_mut(&s) {
                    c.buf.extend_from_slice(&data);
                }
                self.read(cx, s);
            }
            AppEvent::PeerClosed(s) => {
                let data = cx.recv_all(s);
                if let Some(c) = self.conns.get_mut(&s) {
                    c.buf.extend_from_slice(&data);
                    c.eof = true;
                }
                self.read(cx, s);
                cx.after(self.cfg.think_us, token(s, T_CLOSE));
            }
            AppEvent::Timer(t) => {
                let s = SockId((t >> 4) as u32);
                match t & 0xF {
                    T_POLL => {
                        self.next_timer = None;
                        if !self.done {
                            self.poll(cx);
                        }
                    }
                    T_ASK => self.ask(cx, s),
                    T_CLOSE => self.close(cx, s),
                    _ => {}
                }
            }
            AppEvent::Closed(s, _) => {
                self.conns.remove(&s);
            }
            AppEvent::Accepted { .. } | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}
