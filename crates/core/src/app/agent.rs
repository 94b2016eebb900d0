//! A user agent (a browser fetching pages) that knows why it opens each connection and how
//! long each request took: HTTP/1.0 with one connection per request, HTTP/1.1 keep-alive
//! and pipelining, and several such batches one after another (to compare them in one
//! run). Every request and response is a story event with its number and its timing.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::http::{parse_response, report_bad_response, ClientMode, Request, Version};
use super::{token, untoken};
use crate::net::{App, AppCx, AppEvent, SockId};
use crate::tcp::State;
use crate::trace::{EventKind, Msg};
use crate::units::ms;

/// A group of requests fetched the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The way's name, a term key (`term.way.http10`): the story says it in the reader's
    /// language.
    pub label: String,
    /// HTTP version of the requests.
    pub version: Version,
    /// How the requests are spread over connections.
    pub mode: ClientMode,
    /// Paths to fetch, in order.
    pub paths: Vec<String>,
}

/// How the agent behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentConfig {
    /// The server.
    pub server: SocketAddr,
    /// The batches, fetched one after another.
    pub batches: Vec<Batch>,
    /// Time before each request (after the handshake or the previous response) and before
    /// closing.
    pub think_us: u64,
    /// Close a persistent connection after its last response; otherwise wait for the
    /// server to close it (and then close too).
    pub close_when_done: bool,
    /// Pause between the end of one batch and the start of the next.
    pub gap_us: u64,
}

/// One connection of the agent.
#[derive(Clone, Debug, Default)]
struct Conn {
    batch: usize,
    buf: Vec<u8>,
    eof: bool,
    /// Requests written whose responses are still expected (indexes in the batch).
    outstanding: VecDeque<usize>,
    /// We called close.
    closing: bool,
    /// The peer's FIN arrived.
    peer_closed: bool,
    /// The connection is gone.
    gone: bool,
}

const T_FIRST: u64 = 1;
const T_NEXT: u64 = 2;
const T_OPEN: u64 = 3;
const T_CLOSE: u64 = 4;
const T_BATCH: u64 = 5;

/// The user agent. Events it writes: `batch-start`, `request-sent`, `response-received`,
/// `request-failed`, `batch-done` (each with the request number and batch label as
/// arguments, so tests and summaries can read them).
#[derive(Clone, Debug)]
pub struct UserAgent {
    cfg: AgentConfig,
    batch: usize,
    next: usize,
    finished: usize,
    sent_us: Vec<u64>,
    batch_start_us: u64,
    batch_over: bool,
    conns: BTreeMap<SockId, Conn>,
}

impl UserAgent {
    /// An agent with this behaviour.
    pub fn new(cfg: AgentConfig) -> Self {
        UserAgent {
            cfg,
            batch: 0,
            next: 0,
            finished: 0,
            sent_us: Vec::new(),
            batch_start_us: 0,
            batch_over: false,
            conns: BTreeMap::new(),
        }
    }

    fn current(&self) -> Option<&Batch> {
        self.cfg.batches.get(self.batch)
    }

    /// The way's term key.
    fn label_key(&self) -> String {
        self.current().map(|b| b.label.clone()).unwrap_or_default()
    }

    /// The way's name in English.
    fn label(&self) -> String {
        let key = self.label_key();
        String::from(crate::i18n::template(crate::i18n::Lang::En, &key).unwrap_or(&key))
    }

    fn start_batch(&mut self, cx: &mut AppCx<'_>) {
        let Some(b) = self.current() else {
            return;
        };
        let count = b.paths.len();
        if count == 0 {
            return;
        }
        self.next = 0;
        self.finished = 0;
        self.sent_us = alloc::vec![0; count];
        self.batch_start_us = cx.now();
        self.batch_over = false;
        if self.cfg.batches.len() > 1 {
            let m = Msg::of(
                "event.batch_start",
                &[
                    ("batch", (self.batch + 1).to_string()),
                    ("requests", count.to_string()),
                ],
            )
            .with_term("label", &self.label_key());
            cx.event(EventKind::BatchStart, m, None);
        }
        self.open(cx);
    }

    fn open(&mut self, cx: &mut AppCx<'_>) {
        let s = cx.connect(self.cfg.server);
        self.conns.insert(
            s,
            Conn {
                batch: self.batch,
                ..Conn::default()
            },
        );
    }

    fn send_next(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(b) = self.current() else {
            return;
        };
        let Some(path) = b.paths.get(self.next).cloned() else {
            return;
        };
        let (version, mode) = (b.version, b.mode);
        if !matches!(cx.state(s), Some(State::Established | State::CloseWait)) {
            return;
        }
        let index = self.next;
        self.next += 1;
        // HTTP/1.0 closes by default; an HTTP/1.1 client that wants one request per
        // connection says `Connection: close` (RFC 9112 9.6).
        let close = mode == ClientMode::ConnectionPerRequest;
        let req = Request::get(&path, &self.cfg.server.to_string(), version, close);
        let line = req.line();
        cx.send_http(s, &req.to_bytes(), &line);
        let waiting = match self.conns.get_mut(&s) {
            Some(c) => {
                c.outstanding.push_back(index);
                c.outstanding.len()
            }
            None => 0,
        };
        self.sent_us[index] = cx.now();
        let m = Msg::of(
            "event.request_sent.numbered",
            &[
                ("line", line),
                ("index", (index + 1).to_string()),
                ("batch", self.label()),
                ("waiting", waiting.to_string()),
            ],
        );
        cx.event(EventKind::RequestSent, m, Some(s));
    }

    fn pump(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        loop {
            let Some(c) = self.conns.get_mut(&s) else {
                return;
            };
            let Some(&index) = c.outstanding.front() else {
                return;
            };
            match parse_response(&c.buf, c.eof) {
                Ok(Some(res)) => {
                    c.buf.drain(..res.consumed);
                    c.outstanding.pop_front();
                    self.finished += 1;
                    let took = cx.now().saturating_sub(self.sent_us[index]);
                    let m = Msg::of(
                        "event.response_received.timed",
                        &[
                            ("line", res.line),
                            ("bytes", res.body_len.to_string()),
                            ("index", (index + 1).to_string()),
                            ("batch", self.label()),
                            ("ms", ms(took)),
                        ],
                    );
                    cx.event(EventKind::ResponseReceived, m, Some(s));
                    self.after_response(cx, s);
                }
                Ok(None) => return,
                Err(e) => {
                    report_bad_response(cx, s, e);
                    cx.abort(s);
                    return;
                }
            }
        }
    }

    fn after_response(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(b) = self.current() else {
            return;
        };
        let more = self.next < b.paths.len();
        let idle = self.conns.get(&s).is_some_and(|c| c.outstanding.is_empty());
        let think = self.cfg.think_us;
        match b.mode {
            // The server closes this connection; the next request gets a new one.
            ClientMode::ConnectionPerRequest if more => {
                cx.after(think, token(s, T_OPEN));
            }
            ClientMode::ConnectionPerRequest => {}
            ClientMode::KeepAlive if more => {
                cx.after(think, token(s, T_NEXT));
            }
            ClientMode::KeepAlive | ClientMode::Pipelined => {
                if idle && !more && self.cfg.close_when_done {
                    cx.after(think, token(s, T_CLOSE));
                }
            }
        }
        self.check_done(cx);
    }

    /// Requests that will never be answered (the connection died) count as finished, so
    /// the batch still ends.
    fn fail_outstanding(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(c) = self.conns.get_mut(&s) else {
            return;
        };
        let lost: Vec<usize> = c.outstanding.drain(..).collect();
        let batch = c.batch;
        for index in lost {
            if batch == self.batch {
                self.finished += 1;
            }
            let m = Msg::of(
                "event.request_failed",
                &[("index", (index + 1).to_string())],
            );
            cx.event(EventKind::RequestFailed, m, Some(s));
        }
    }

    /// The batch is over once every request is answered and each of its connections is
    /// closed in both directions (or gone); then the next batch starts after the gap.
    fn check_done(&mut self, cx: &mut AppCx<'_>) {
        let Some(b) = self.current() else {
            return;
        };
        if self.batch_over || self.finished < b.paths.len() {
            return;
        }
        let open = self
            .conns
            .values()
            .any(|c| c.batch == self.batch && !c.gone && !(c.closing && c.peer_closed));
        if open {
            return;
        }
        self.batch_over = true;
        if self.cfg.batches.len() > 1 {
            let took = cx.now().saturating_sub(self.batch_start_us);
            let m = Msg::of(
                "event.batch_done",
                &[("batch", (self.batch + 1).to_string()), ("ms", ms(took))],
            )
            .with_term("label", &self.label_key());
            cx.event(EventKind::BatchDone, m, None);
        }
        if self.batch + 1 < self.cfg.batches.len() {
            cx.after(self.cfg.gap_us, token(SockId(0), T_BATCH));
        }
    }

    fn close(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        if let Some(c) = self.conns.get_mut(&s) {
            if c.closing {
                return;
            }
            c.closing = true;
        }
        if matches!(
            cx.state(s),
            Some(State::Established | State::CloseWait | State::SynReceived)
        ) {
            cx.close(s);
        }
        self.check_done(cx);
    }
}

impl App for UserAgent {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => self.start_batch(cx),
            AppEvent::Connected(s) => {
                // The browser takes its think time to prepare the first request.
                cx.after(self.cfg.think_us, token(s, T_FIRST));
            }
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                if let Some(c) = self.conns.get_mut(&s) {
                    c.buf.extend_from_slice(&data);
                }
                self.pump(cx, s);
            }
            AppEvent::PeerClosed(s) => {
                let data = cx.recv_all(s);
                if let Some(c) = self.conns.get_mut(&s) {
                    c.buf.extend_from_slice(&data);
                    c.eof = true;
                    c.peer_closed = true;
                }
                self.pump(cx, s);
                self.fail_outstanding(cx, s);
                // The server closed: close our side too, after our think time.
                let closing = self.conns.get(&s).is_none_or(|c| c.closing);
                if !closing {
                    cx.after(self.cfg.think_us, token(s, T_CLOSE));
                }
                self.check_done(cx);
            }
            AppEvent::Timer(t) => {
                let (s, what) = untoken(t);
                match what {
                    T_FIRST => {
                        let pipelined = self
                            .current()
                            .is_some_and(|b| b.mode == ClientMode::Pipelined);
                        if pipelined {
                            // Every request at once, without waiting for any response.
                            while self.current().is_some_and(|b| self.next < b.paths.len()) {
                                let before = self.next;
                                self.send_next(cx, s);
                                if self.next == before {
                                    break;
                                }
                            }
                        } else {
                            self.send_next(cx, s);
                        }
                    }
                    T_NEXT => self.send_next(cx, s),
                    T_OPEN => self.open(cx),
                    T_CLOSE => self.close(cx, s),
                    T_BATCH => {
                        self.batch += 1;
                        self.start_batch(cx);
                    }
                    _ => {}
                }
            }
            AppEvent::Closed(s, _) => {
                self.fail_outstanding(cx, s);
                if let Some(c) = self.conns.get_mut(&s) {
                    c.gone = true;
                }
                self.check_done(cx);
            }
            AppEvent::Accepted { .. } | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}
