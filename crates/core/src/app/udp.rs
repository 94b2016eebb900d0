//! A question and its answer over UDP (in the manner of a DNS lookup): the client sends a
//! datagram `QUERY #1 A example.com` and waits; the server answers `ANSWER #1 ...`. No
//! connection exists, so nothing on the wire reports a loss: only the client's own timer
//! notices the silence and asks again, and the server cannot tell a repeated question from
//! a new one.

use alloc::format;
use alloc::string::{String, ToString};
use core::net::SocketAddr;

use crate::net::{App, AppCx, AppEvent, SockId, TimerId, TimerSpec};
use crate::trace::{EventKind, Msg, TimerKind};
use crate::units::ms;

/// How the asking side behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryConfig {
    /// The answering side.
    pub server: SocketAddr,
    /// Local port to send from.
    pub local_port: u16,
    /// The name asked about.
    pub name: String,
    /// How long to wait for an answer before asking again.
    pub timeout_us: u64,
    /// How many times to ask again before giving up.
    pub retries: u32,
}

const T_TIMEOUT: u64 = 1;

/// The asking side. Events: `request-sent`, `reply-timeout`, `reply-received`, `gave-up`.
#[derive(Clone, Debug)]
pub struct QueryClient {
    cfg: QueryConfig,
    sock: Option<SockId>,
    attempt: u32,
    first_sent_us: u64,
    timer: Option<TimerId>,
    answered: bool,
}

impl QueryClient {
    /// A client with this behaviour.
    pub fn new(cfg: QueryConfig) -> Self {
        QueryClient {
            cfg,
            sock: None,
            attempt: 0,
            first_sent_us: 0,
            timer: None,
            answered: false,
        }
    }

    fn ask(&mut self, cx: &mut AppCx<'_>) {
        let Some(s) = self.sock else {
            return;
        };
        self.attempt += 1;
        if self.attempt == 1 {
            self.first_sent_us = cx.now();
        }
        let data = format!("QUERY #1 A {}\n", self.cfg.name);
        // Every attempt is the same query, with the same ID: the application can tell a
        // repeat by it (UDP cannot); the explanation counts the attempts.
        let label = format!("QUERY #1 {}", self.cfg.name);
        cx.udp_send(s, self.cfg.server, data.as_bytes(), Some(&label));
        let m = Msg::of(
            "event.query_sent",
            &[
                ("name", self.cfg.name.clone()),
                ("attempt", self.attempt.to_string()),
            ],
        );
        cx.event(EventKind::RequestSent, m, None);
        let note = Msg::of(
            "timer.udp_reply",
            &[
                ("ms", ms(self.cfg.timeout_us)),
                ("attempt", self.attempt.to_string()),
                ("max", (self.cfg.retries + 1).to_string()),
            ],
        );
        self.timer = Some(cx.set_timer(TimerSpec {
            delay_us: self.cfg.timeout_us,
            token: T_TIMEOUT,
            kind: TimerKind::App,
            note: Some(note),
            sock: None,
        }));
    }
}

impl App for QueryClient {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                self.sock = Some(cx.udp_bind(self.cfg.local_port));
                self.ask(cx);
            }
            AppEvent::Datagram { data, .. } => {
                let text = String::from_utf8_lossy(&data);
                if !text.starts_with("ANSWER #1") {
                    return;
                }
                if self.answered {
                    let m = Msg::of("event.reply_duplicate", &[]);
                    cx.event(EventKind::ReplyDuplicate, m, None);
                    return;
                }
                self.answered = true;
                if let Some(t) = self.timer.take() {
                    cx.cancel_timer(t);
                }
                let m = Msg::of(
                    "event.reply_received",
                    &[
                        ("answer", String::from(text.trim_end())),
                        ("ms", ms(cx.now().saturating_sub(self.first_sent_us))),
                        ("attempt", self.attempt.to_string()),
                    ],
                );
                cx.event(EventKind::ReplyReceived, m, None);
            }
            AppEvent::Timer(_) => {
                self.timer = None;
                if self.answered {
                    return;
                }
                let retry = self.attempt <= self.cfg.retries;
                let m = Msg::of(
                    "event.reply_timeout",
                    &[
                        ("ms", ms(self.cfg.timeout_us)),
                        ("attempt", self.attempt.to_string()),
                    ],
                );
                cx.event(EventKind::ReplyTimeout, m, None);
                if retry {
                    self.ask(cx);
                } else {
                    let m = Msg::of(
                        "event.query_gave_up",
                        &[("tries", self.attempt.to_string())],
                    );
                    cx.event(EventKind::GaveUp, m, None);
                }
            }
            AppEvent::Connected(_)
            | AppEvent::Accepted { .. }
            | AppEvent::Readable(_)
            | AppEvent::Writable(_)
            | AppEvent::PeerClosed(_)
            | AppEvent::Closed(..) => {}
        }
    }
}

/// The answering side: binds a port and answers every question after its think time.
/// Events: `request-received` (saying when the same question came before).
#[derive(Clone, Debug)]
pub struct AnswerServer {
    port: u16,
    think_us: u64,
    address: String,
    sock: Option<SockId>,
    /// Questions waiting for their answer: (asker, question).
    pending: alloc::collections::VecDeque<(SocketAddr, String)>,
    /// How many times each question arrived.
    seen: alloc::collections::BTreeMap<String, u32>,
}

impl AnswerServer {
    /// Answers on `port` after `think_us`, giving `address` for every name.
    pub fn new(port: u16, think_us: u64, address: &str) -> Self {
        AnswerServer {
            port,
            think_us,
            address: String::from(address),
            sock: None,
            pending: alloc::collections::VecDeque::new(),
            seen: alloc::collections::BTreeMap::new(),
        }
    }
}

impl App for AnswerServer {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => self.sock = Some(cx.udp_bind(self.port)),
            AppEvent::Datagram { from, data, .. } => {
                let text = String::from(String::from_utf8_lossy(&data).trim_end());
                let Some(rest) = text.strip_prefix("QUERY ") else {
                    return;
                };
                let rest = String::from(rest);
                let n = self.seen.entry(rest.clone()).or_insert(0);
                *n += 1;
                let m = if *n == 1 {
                    Msg::of("event.query_received", &[("query", text.clone())])
                } else {
                    Msg::of(
                        "event.query_received.again",
                        &[("query", text.clone()), ("times", n.to_string())],
                    )
                };
                cx.event(EventKind::RequestReceived, m, None);
                self.pending.push_back((from, rest));
                cx.after(self.think_us, 0);
            }
            AppEvent::Timer(_) => {
                let (Some(s), Some((to, rest))) = (self.sock, self.pending.pop_front()) else {
                    return;
                };
                // `#1 A example.com` -> `ANSWER #1 A example.com 93.184.216.34`.
                let answer = format!("ANSWER {rest} {}\n", self.address);
                let id = rest.split_whitespace().next().unwrap_or("");
                let label = format!("ANSWER {id} {}", self.address);
                cx.udp_send(s, to, answer.as_bytes(), Some(&label));
            }
            AppEvent::Connected(_)
            | AppEvent::Accepted { .. }
            | AppEvent::Readable(_)
            | AppEvent::Writable(_)
            | AppEvent::PeerClosed(_)
            | AppEvent::Closed(..) => {}
        }
    }
}
