//! Application heartbeats over one long-lived TCP connection: the way chat and push clients
//! keep themselves "online".
//!
//! The client writes `PING n` every interval and expects `PONG n` back. The server answers
//! each ping and, when asked to, counts the intervals in which no ping came: after K of them
//! it marks the client offline. The client, when asked to, counts the pings left without a
//! reply: after K of them it declares the network gone. TCP alone tells neither side: a
//! connection whose peer vanished looks exactly like a quiet one until something is sent.
//! Both liveness checks are timers in the Trace (`heartbeat`, `liveness`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::outcome::report_closed;
use crate::net::{App, AppCx, AppEvent, SockId, TimerId, TimerSpec};
use crate::trace::{EventKind, Msg, TimerKind};
use crate::units::ms;

/// How the heartbeat client behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeartbeatClientConfig {
    /// The server.
    pub server: SocketAddr,
    /// Time between two heartbeats.
    pub interval_us: u64,
    /// Heartbeats to send; one interval after the last one the client closes politely.
    pub beats: u32,
    /// How long to wait for the reply to a heartbeat before counting it missing.
    pub reply_timeout_us: u64,
    /// Declare the network gone after this many missing replies in a row (`None`: never
    /// check replies).
    pub misses: Option<u32>,
}

const T_BEAT: u64 = 1;
const T_REPLY: u64 = 2;
const T_CLOSE: u64 = 3;

/// Sends `PING n` every interval over one connection and watches for the replies.
#[derive(Clone, Debug)]
pub struct HeartbeatClient {
    cfg: HeartbeatClientConfig,
    sock: Option<SockId>,
    sent: u32,
    /// Send time of each heartbeat (index n-1), for the reply's round trip.
    sent_at: Vec<u64>,
    missed: u32,
    buf: Vec<u8>,
    beat_timer: Option<TimerId>,
    /// The running reply wait and the heartbeat it waits for.
    reply_timer: Option<(TimerId, u32)>,
    done: bool,
}

impl HeartbeatClient {
    /// A client with this behaviour.
    pub fn new(cfg: HeartbeatClientConfig) -> Self {
        HeartbeatClient {
            cfg,
            sock: None,
            sent: 0,
            sent_at: Vec::new(),
            missed: 0,
            buf: Vec::new(),
            beat_timer: None,
            reply_timer: None,
            done: false,
        }
    }

    fn beat(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        self.sent += 1;
        let n = self.sent;
        cx.send(s, format!("PING {n}\n").as_bytes());
        self.sent_at.push(cx.now());
        cx.event(
            EventKind::HeartbeatSent,
            Msg::of("event.heartbeat_sent", &[("n", n.to_string())]),
            Some(s),
        );
        if self.cfg.misses.is_some() && self.reply_timer.is_none() {
            let t = cx.set_timer(TimerSpec {
                delay_us: self.cfg.reply_timeout_us,
                token: T_REPLY,
                kind: TimerKind::Liveness,
                note: Some(Msg::of(
                    "timer.reply_wait",
                    &[("n", n.to_string()), ("ms", ms(self.cfg.reply_timeout_us))],
                )),
                sock: Some(s),
            });
            self.reply_timer = Some((t, n));
        }
        if n < self.cfg.beats {
            let t = cx.set_timer(TimerSpec {
                delay_us: self.cfg.interval_us,
                token: T_BEAT,
                kind: TimerKind::Heartbeat,
                note: Some(Msg::of(
                    "timer.heartbeat",
                    &[("n", (n + 1).to_string()), ("ms", ms(self.cfg.interval_us))],
                )),
                sock: Some(s),
            });
            self.beat_timer = Some(t);
        } else {
            // The last heartbeat: say goodbye one interval later.
            self.beat_timer = Some(cx.after(self.cfg.interval_us, T_CLOSE));
        }
    }

    fn replies(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        while let Some(end) = self.buf.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.buf.drain(..=end).collect();
            let Some(n) = parse_numbered(&line, "PONG") else {
                continue;
            };
            let rtt = self
                .sent_at
                .get(n.wrapping_sub(1) as usize)
                .map(|at| cx.now().saturating_sub(*at))
                .unwrap_or(0);
            cx.event(
                EventKind::HeartbeatReply,
                Msg::of(
                    "event.heartbeat_reply",
                    &[("n", n.to_string()), ("ms", ms(rtt))],
                ),
                Some(s),
            );
            self.missed = 0;
            if let Some((t, waits_for)) = self.reply_timer {
                if waits_for <= n {
                    cx.cancel_timer(t);
                    self.reply_timer = None;
                }
            }
        }
    }

    fn reply_missing(&mut self, cx: &mut AppCx<'_>) {
        let Some((_, n)) = self.reply_timer.take() else {
            return;
        };
        let (Some(s), Some(k)) = (self.sock, self.cfg.misses) else {
            return;
        };
        self.missed += 1;
        cx.event(
            EventKind::ReplyMissed,
            Msg::of(
                "event.reply_missed",
                &[
                    ("n", n.to_string()),
                    ("ms", ms(self.cfg.reply_timeout_us)),
                    ("missed", self.missed.to_string()),
                    ("k", k.to_string()),
                ],
            ),
            Some(s),
        );
        if self.missed >= k {
            cx.event(
                EventKind::NetworkDown,
                Msg::of("event.network_down", &[("k", k.to_string())]),
                Some(s),
            );
            self.stop(cx);
            cx.abort(s);
        }
    }

    fn stop(&mut self, cx: &mut AppCx<'_>) {
        self.done = true;
        if let Some(t) = self.beat_timer.take() {
            cx.cancel_timer(t);
        }
        if let Some((t, _)) = self.reply_timer.take() {
            cx.cancel_timer(t);
        }
    }
}

impl App for HeartbeatClient {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => self.sock = Some(cx.connect(self.cfg.server)),
            AppEvent::Connected(s) => self.beat(cx, s),
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                self.buf.extend_from_slice(&data);
                self.replies(cx, s);
            }
            AppEvent::Timer(T_BEAT) => {
                self.beat_timer = None;
                if let (Some(s), false) = (self.sock, self.done) {
                    self.beat(cx, s);
                }
            }
            AppEvent::Timer(T_REPLY) => {
                if !self.done {
                    self.reply_missing(cx);
                }
            }
            AppEvent::Timer(T_CLOSE) => {
                self.beat_timer = None;
                if let (Some(s), false) = (self.sock, self.done) {
                    self.stop(cx);
                    cx.close(s);
                }
            }
            AppEvent::PeerClosed(s) => {
                cx.recv_all(s);
                if !self.done {
                    self.stop(cx);
                    cx.close(s);
                }
            }
            AppEvent::Closed(s, reason) => {
                if !self.done {
                    self.stop(cx);
                }
                report_closed(cx, s, reason);
            }
            AppEvent::Timer(_)
            | AppEvent::Accepted { .. }
            | AppEvent::Writable(_)
            | AppEvent::Datagram { .. } => {}
        }
    }
}

/// How the heartbeat server behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeartbeatServerConfig {
    /// Port to listen on.
    pub port: u16,
    /// Watch each client for its heartbeats; `None`: only answer.
    pub watch: Option<Watch>,
}

/// How a heartbeat server watches its clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Watch {
    /// A heartbeat is expected this often.
    pub interval_us: u64,
    /// The client is marked offline after this many intervals without one (K).
    pub misses: u32,
}

#[derive(Clone, Debug, Default)]
struct Watched {
    buf: Vec<u8>,
    missed: u32,
    last_beat: u64,
    timer: Option<TimerId>,
    done: bool,
}

/// Answers every line: `PING n` with `PONG n`, anything else with `OK` and the line; marks
/// a client offline after K missed heartbeats when configured to watch.
#[derive(Clone, Debug)]
pub struct HeartbeatServer {
    cfg: HeartbeatServerConfig,
    conns: alloc::collections::BTreeMap<SockId, Watched>,
}

impl HeartbeatServer {
    /// A server with this behaviour.
    pub fn new(cfg: HeartbeatServerConfig) -> Self {
        HeartbeatServer {
            cfg,
            conns: alloc::collections::BTreeMap::new(),
        }
    }

    /// (Re)arms the wait for the next heartbeat: one interval plus half an interval of
    /// slack after a heartbeat, one interval after each missed one.
    fn watch(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(Watch {
            interval_us: interval,
            ..
        }) = self.cfg.watch
        else {
            return;
        };
        let Some(c) = self.conns.get_mut(&s) else {
            return;
        };
        if let Some(t) = c.timer.take() {
            cx.cancel_timer(t);
        }
        let wait = if c.missed == 0 {
            interval + interval / 2
        } else {
            interval
        };
        c.timer = Some(cx.set_timer(TimerSpec {
            delay_us: wait,
            token: u64::from(s.0),
            kind: TimerKind::Liveness,
            note: Some(Msg::of(
                "timer.beat_wait",
                &[("ms", ms(wait)), ("missed", c.missed.to_string())],
            )),
            sock: Some(s),
        }));
    }

    fn lines(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let mut beat = false;
        loop {
            let Some(c) = self.conns.get_mut(&s) else {
                return;
            };
            let Some(end) = c.buf.iter().position(|b| *b == b'\n') else {
                break;
            };
            let line: Vec<u8> = c.buf.drain(..=end).collect();
            if let Some(n) = parse_numbered(&line, "PING") {
                c.missed = 0;
                c.last_beat = cx.now();
                beat = true;
                cx.send(s, format!("PONG {n}\n").as_bytes());
                cx.event(
                    EventKind::HeartbeatReceived,
                    Msg::of("event.heartbeat_received", &[("n", n.to_string())]),
                    Some(s),
                );
            } else {
                let text = String::from_utf8_lossy(&line);
                let text = text.trim_end();
                cx.send(s, format!("OK {text}\n").as_bytes());
                cx.event(
                    EventKind::MessageAnswered,
                    Msg::of("event.message_answered", &[("line", String::from(text))]),
                    Some(s),
                );
            }
        }
        if beat {
            self.watch(cx, s);
        }
    }

    fn beat_missing(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(Watch { misses: k, .. }) = self.cfg.watch else {
            return;
        };
        let Some(c) = self.conns.get_mut(&s) else {
            return;
        };
        c.timer = None;
        if c.done {
            return;
        }
        c.missed += 1;
        let silent = cx.now().saturating_sub(c.last_beat);
        let missed = c.missed;
        cx.event(
            EventKind::HeartbeatMissed,
            Msg::of(
                "event.heartbeat_missed",
                &[
                    ("ms", ms(silent)),
                    ("missed", missed.to_string()),
                    ("k", k.to_string()),
                ],
            ),
            Some(s),
        );
        if missed >= k {
            c.done = true;
            cx.event(
                EventKind::PeerOffline,
                Msg::of("event.peer_offline", &[("k", k.to_string())]),
                Some(s),
            );
            cx.abort(s);
        } else {
            self.watch(cx, s);
        }
    }

    fn forget(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        if let Some(c) = self.conns.get_mut(&s) {
            c.done = true;
            if let Some(t) = c.timer.take() {
                cx.cancel_timer(t);
            }
        }
    }
}

impl App for HeartbeatServer {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                cx.listen(self.cfg.port, 16);
            }
            AppEvent::Accepted { sock, .. } => {
                self.conns.insert(
                    sock,
                    Watched {
                        last_beat: cx.now(),
                        ..Watched::default()
                    },
                );
                self.watch(cx, sock);
            }
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                if let Some(c) = self.conns.get_mut(&s) {
                    c.buf.extend_from_slice(&data);
                }
                self.lines(cx, s);
            }
            AppEvent::Timer(t) => self.beat_missing(cx, SockId(t as u32)),
            AppEvent::PeerClosed(s) => {
                let data = cx.recv_all(s);
                if let Some(c) = self.conns.get_mut(&s) {
                    c.buf.extend_from_slice(&data);
                }
                self.lines(cx, s);
                self.forget(cx, s);
                cx.close(s);
            }
            AppEvent::Closed(s, reason) => {
                self.forget(cx, s);
                self.conns.remove(&s);
                report_closed(cx, s, reason);
            }
            AppEvent::Connected(_) | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}

/// `WORD n\n` -> `n`.
fn parse_numbered(line: &[u8], word: &str) -> Option<u32> {
    let text = core::str::from_utf8(line).ok()?.trim_end();
    let rest = text.strip_prefix(word)?.strip_prefix(' ')?;
    rest.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::parse_numbered;

    #[test]
    fn numbered_lines_parse() {
        assert_eq!(parse_numbered(b"PING 12\n", "PING"), Some(12));
        assert_eq!(parse_numbered(b"PONG 3\r\n", "PONG"), Some(3));
        assert_eq!(parse_numbered(b"PONG 3\n", "PING"), None);
        assert_eq!(parse_numbered(b"PING x\n", "PING"), None);
        assert_eq!(parse_numbered(b"\xff\n", "PING"), None);
    }
}
