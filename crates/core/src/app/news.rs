//! A news server: items of news appear at chosen times, and clients learn about them by
//! polling over HTTP (`GET /news?after=N`, answered at once or, for long polling, held until
//! there is news) or by keeping a plain TCP connection on which the server pushes each item
//! the moment it exists. It also notes which clients are "online": a client that has not
//! asked for a while is marked offline.
//!
//! Wire formats: an HTTP answer with news is `200 OK` with one line per item
//! (`item 2 created_us=1000000`), without news `204 No Content`; a pushed item is the line
//! `EVENT 2 created_us=1000000`; a push client subscribes with the line
//! `SUBSCRIBE news after=N` (N: the last item it has) and first gets what it missed.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::IpAddr;

use super::http::{parse_request, ParsedRequest, Response, Version};
use crate::net::{App, AppCx, AppEvent, SockId, TimerId, TimerSpec};
use crate::trace::{EventKind, Msg, TimerKind};
use crate::units::ms;

/// How the news server behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsConfig {
    /// Port of the HTTP polling endpoint, if any.
    pub http_port: Option<u16>,
    /// Port of the push endpoint, if any.
    pub push_port: Option<u16>,
    /// When each item of news is created (item `i + 1` at `news_at_us[i]`).
    pub news_at_us: Vec<u64>,
    /// Long polling: hold a request without news for up to this long; `None` answers at
    /// once (short polling).
    pub hold_us: Option<u64>,
    /// Time to answer a request.
    pub think_us: u64,
    /// Mark a client offline after this long without a request (`None`: never).
    pub offline_after_us: Option<u64>,
    /// Time between a client's FIN and ours.
    pub close_delay_us: u64,
}

/// The body line of one item (as sent in a poll answer).
pub fn item_line(id: usize, created_us: u64) -> String {
    format!("item {id} created_us={created_us}\n")
}

/// Reads `(id, created_us)` from a line `item 2 created_us=...` or `EVENT 2 created_us=...`.
pub fn parse_item(line: &str) -> Option<(usize, u64)> {
    let mut words = line.split_whitespace();
    let kind = words.next()?;
    if kind != "item" && kind != "EVENT" {
        return None;
    }
    let id = words.next()?.parse().ok()?;
    let created = words.next()?.strip_prefix("created_us=")?.parse().ok()?;
    Some((id, created))
}

/// The `after` number of a target `/news?after=N` (0 when absent).
fn after_of(target: &str) -> usize {
    target
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("after="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

const T_NEWS: u64 = 1;
const T_ANSWER: u64 = 2;
const T_HOLD: u64 = 3;
const T_OFFLINE: u64 = 4;
const T_CLOSE: u64 = 5;

fn token(n: u64, what: u64) -> u64 {
    (n << 8) | what
}

fn untoken(t: u64) -> (u64, u64) {
    (t >> 8, t & 0xFF)
}

#[derive(Clone, Debug, Default)]
struct HttpConn {
    buf: Vec<u8>,
    queue: VecDeque<ParsedRequest>,
    busy: bool,
    /// The request being held (long polling) and its timer.
    held: Option<(ParsedRequest, TimerId)>,
    closed: bool,
}

#[derive(Clone, Debug, Default)]
struct PushConn {
    buf: Vec<u8>,
    subscribed: bool,
    closed: bool,
}

#[derive(Clone, Debug)]
struct Client {
    ip: IpAddr,
    online: bool,
    timer: Option<TimerId>,
}

/// The news server.
#[derive(Clone, Debug)]
pub struct NewsServer {
    cfg: NewsConfig,
    /// Creation times of the items created so far.
    created: Vec<u64>,
    http: BTreeMap<SockId, HttpConn>,
    push: BTreeMap<SockId, PushConn>,
    push_listener: Option<SockId>,
    clients: Vec<Client>,
}

impl NewsServer {
    /// A server with this behaviour.
    pub fn new(cfg: NewsConfig) -> Self {
        NewsServer {
            cfg,
            created: Vec::new(),
            http: BTreeMap::new(),
            push: BTreeMap::new(),
            push_listener: None,
            clients: Vec::new(),
        }
    }

    /// The client with this address asked: it is online, and its offline timer restarts.
    fn seen(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(after) = self.cfg.offline_after_us else {
            return;
        };
        let Some(ip) = cx.peer_addr(s).map(|a| a.ip()) else {
            return;
        };
        let i = match self.clients.iter().position(|c| c.ip == ip) {
            Some(i) => i,
            None => {
                self.clients.push(Client {
                    ip,
                    online: false,
                    timer: None,
                });
                self.clients.len() - 1
            }
        };
        let c = &mut self.clients[i];
        if !c.online {
            c.online = true;
            let m = Msg::of("event.client_online", &[("client", ip.to_string())]);
            cx.event(EventKind::ClientOnline, m, Some(s));
        }
        if let Some(t) = c.timer.take() {
            cx.cancel_timer(t);
        }
        let note = Msg::of(
            "timer.offline_after",
            &[("client", ip.to_string()), ("ms", ms(after))],
        );
        c.timer = Some(cx.set_timer(TimerSpec {
            delay_us: after,
            token: token(i as u64, T_OFFLINE),
            kind: TimerKind::Liveness,
            note: Some(note),
            sock: None,
        }));
    }

    fn offline(&mut self, cx: &mut AppCx<'_>, i: usize) {
        let Some(after) = self.cfg.offline_after_us else {
            return;
        };
        let Some(c) = self.clients.get_mut(i) else {
            return;
        };
        c.timer = None;
        if c.online {
            c.online = false;
            let m = Msg::of(
                "event.client_offline",
                &[("client", c.ip.to_string()), ("ms", ms(after))],
            );
            cx.event(EventKind::ClientOffline, m, None);
        }
    }

    /// A new item of news: answer every held poll, push it to every subscriber.
    fn create(&mut self, cx: &mut AppCx<'_>, id: usize) {
        let now = cx.now();
        self.created.push(now);
        cx.event(
            EventKind::EventCreated,
            Msg::of("event.news_created", &[("id", id.to_string())]),
            None,
        );
        let held: Vec<SockId> = self
            .http
            .iter()
            .filter(|(_, c)| c.held.is_some())
            .map(|(s, _)| *s)
            .collect();
        for s in held {
            let Some((req, timer)) = self.http.get_mut(&s).and_then(|c| c.held.take()) else {
                continue;
            };
            cx.cancel_timer(timer);
            self.answer(cx, s, &req);
        }
        let line = format!("EVENT {id} created_us={now}\n");
        let label = format!("EVENT {id}");
        let mut count = 0;
        for (s, c) in &self.push {
            if c.subscribed && !c.closed {
                cx.send_http(*s, line.as_bytes(), &label);
                count += 1;
            }
        }
        if count > 0 {
            let m = Msg::of(
                "event.news_pushed",
                &[("id", id.to_string()), ("subscribers", count.to_string())],
            );
            cx.event(EventKind::EventPushed, m, None);
        }
    }

    /// Answers a poll with what is newer than its `after` (204 if nothing), then goes on
    /// with the next queued request.
    fn answer(&mut self, cx: &mut AppCx<'_>, s: SockId, req: &ParsedRequest) {
        let after = after_of(&req.target);
        let close = !req.keep_alive;
        let items: String = self
            .created
            .iter()
            .enumerate()
            .skip(after)
            .map(|(i, &t)| item_line(i + 1, t))
            .collect();
        let count = self.created.len().saturating_sub(after);
        let (bytes, line) = if count == 0 {
            let mut head = String::from("HTTP/1.1 204 No Content\r\nCache-Control: no-store\r\n");
            if close {
                head.push_str("Connection: close\r\n");
            }
            head.push_str("\r\n");
            (head.into_bytes(), String::from("HTTP/1.1 204 No Content"))
        } else {
            let mut headers = alloc::vec![
                (String::from("Content-Type"), String::from("text/plain")),
                (String::from("Cache-Control"), String::from("no-store")),
            ];
            if close {
                headers.push((String::from("Connection"), String::from("close")));
            }
            let res = Response {
                version: Version::Http11,
                status: 200,
                reason: String::from("OK"),
                headers,
                body: items.into_bytes(),
            };
            (res.to_bytes(), res.line())
        };
        cx.send_http(s, &bytes, &line);
        let m = Msg::of(
            "event.news_answer",
            &[("line", line), ("items", count.to_string())],
        );
        cx.event(EventKind::ResponseSent, m, Some(s));
        let Some(c) = self.http.get_mut(&s) else {
            return;
        };
        c.busy = false;
        if close {
            c.closed = true;
            c.queue.clear();
            cx.close(s);
        } else if !c.queue.is_empty() {
            c.busy = true;
            cx.after(self.cfg.think_us, token(u64::from(s.0), T_ANSWER));
        }
    }

    /// The request at the front of a connection's queue, after the think time.
    fn handle(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(c) = self.http.get_mut(&s) else {
            return;
        };
        let Some(req) = c.queue.pop_front() else {
            c.busy = false;
            return;
        };
        if c.closed {
            return;
        }
        let after = after_of(&req.target);
        match self.cfg.hold_us {
            Some(hold) if self.created.len() <= after => {
                // Long polling: nothing new yet, so keep the request until there is.
                let note = Msg::of("timer.long_poll_hold", &[("ms", ms(hold))]);
                let t = cx.set_timer(TimerSpec {
                    delay_us: hold,
                    token: token(u64::from(s.0), T_HOLD),
                    kind: TimerKind::App,
                    note: Some(note),
                    sock: Some(s),
                });
                let m = Msg::of(
                    "event.poll_held",
                    &[("after", after.to_string()), ("ms", ms(hold))],
                );
                cx.event(EventKind::PollHeld, m, Some(s));
                c.held = Some((req, t));
            }
            _ => self.answer(cx, s, &req),
        }
    }

    fn read_http(&mut self, cx: &mut AppCx<'_>, s: SockId, data: &[u8]) {
        let mut parsed = Vec::new();
        {
            let Some(c) = self.http.get_mut(&s) else {
                return;
            };
            c.buf.extend_from_slice(data);
            loop {
                match parse_request(&c.buf) {
                    Ok(Some(req)) => {
                        c.buf.drain(..req.consumed);
                        parsed.push(req);
                    }
                    Ok(None) => break,
                    Err(e) => {
                        cx.event(
                            EventKind::BadRequest,
                            Msg::of("event.bad_request", &[("error", e.0)]),
                            Some(s),
                        );
                        c.buf.clear();
                        c.closed = true;
                        cx.abort(s);
                        return;
                    }
                }
            }
        }
        for req in parsed {
            cx.event(
                EventKind::RequestReceived,
                Msg::of("event.request_received", &[("line", req.line())]),
                Some(s),
            );
            self.seen(cx, s);
            let Some(c) = self.http.get_mut(&s) else {
                return;
            };
            c.queue.push_back(req);
            if !c.busy && c.held.is_none() {
                c.busy = true;
                cx.after(self.cfg.think_us, token(u64::from(s.0), T_ANSWER));
            }
        }
    }

    fn read_push(&mut self, cx: &mut AppCx<'_>, s: SockId, data: &[u8]) {
        let Some(c) = self.push.get_mut(&s) else {
            return;
        };
        c.buf.extend_from_slice(data);
        while let Some(end) = c.buf.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = c.buf.drain(..=end).collect();
            let text = String::from_utf8_lossy(&line);
            let Some(rest) = text.trim().strip_prefix("SUBSCRIBE news") else {
                continue;
            };
            if c.subscribed {
                continue;
            }
            c.subscribed = true;
            let who = cx.peer_addr(s).map(|a| a.to_string()).unwrap_or_default();
            cx.event(
                EventKind::Subscribed,
                Msg::of("event.subscribed", &[("client", who)]),
                Some(s),
            );
            // What the subscriber missed (it names the last item it has) comes at once.
            let after = after_of(&format!("?{}", rest.trim()));
            for (i, &t) in self.created.iter().enumerate().skip(after) {
                let id = i + 1;
                let line = format!("EVENT {id} created_us={t}\n");
                cx.send_http(s, line.as_bytes(), &format!("EVENT {id}"));
                let m = Msg::of("event.news_catch_up", &[("id", id.to_string())]);
                cx.event(EventKind::EventPushed, m, Some(s));
            }
        }
    }
}

impl App for NewsServer {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                if let Some(port) = self.cfg.http_port {
                    cx.listen(port, 16);
                }
                if let Some(port) = self.cfg.push_port {
                    self.push_listener = Some(cx.listen(port, 16));
                }
                let now = cx.now();
                for (i, &at) in self.cfg.news_at_us.iter().enumerate() {
                    cx.after(at.saturating_sub(now), token(i as u64 + 1, T_NEWS));
                }
            }
            AppEvent::Accepted { listener, sock } => {
                if Some(listener) == self.push_listener {
                    self.push.insert(sock, PushConn::default());
                } else {
                    self.http.insert(sock, HttpConn::default());
                }
            }
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                if self.push.contains_key(&s) {
                    self.read_push(cx, s, &data);
                } else {
                    self.read_http(cx, s, &data);
                }
            }
            AppEvent::PeerClosed(s) => {
                let data = cx.recv_all(s);
                if self.push.contains_key(&s) {
                    self.read_push(cx, s, &data);
                } else {
                    self.read_http(cx, s, &data);
                }
                let closed = match (self.http.get_mut(&s), self.push.get_mut(&s)) {
                    (Some(c), _) => {
                        if let Some((_, t)) = c.held.take() {
                            cx.cancel_timer(t);
                        }
                        core::mem::replace(&mut c.closed, true)
                    }
                    (_, Some(c)) => core::mem::replace(&mut c.closed, true),
                    _ => true,
                };
                if !closed {
                    cx.after(self.cfg.close_delay_us, token(u64::from(s.0), T_CLOSE));
                }
            }
            AppEvent::Timer(t) => {
                let (n, what) = untoken(t);
                let s = SockId(n as u32);
                match what {
                    T_NEWS => self.create(cx, n as usize),
                    T_ANSWER => self.handle(cx, s),
                    T_HOLD => {
                        let Some((req, _)) = self.http.get_mut(&s).and_then(|c| c.held.take())
                        else {
                            return;
                        };
                        let hold = self.cfg.hold_us.unwrap_or(0);
                        cx.event(
                            EventKind::PollTimeout,
                            Msg::of("event.poll_timeout", &[("ms", ms(hold))]),
                            Some(s),
                        );
                        self.answer(cx, s, &req);
                    }
                    T_OFFLINE => self.offline(cx, n as usize),
                    T_CLOSE => cx.close(s),
                    _ => {}
                }
            }
            AppEvent::Closed(s, _) => {
                if let Some(mut c) = self.http.remove(&s) {
                    if let Some((_, t)) = c.held.take() {
                        cx.cancel_timer(t);
                    }
                }
                self.push.remove(&s);
            }
            AppEvent::Connected(_) | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_targets_read_back() {
        assert_eq!(parse_item(&item_line(3, 1_500_000)), Some((3, 1_500_000)));
        assert_eq!(parse_item("EVENT 2 created_us=7"), Some((2, 7)));
        assert_eq!(parse_item("item x created_us=7"), None);
        assert_eq!(after_of("/news?after=4"), 4);
        assert_eq!(after_of("/news"), 0);
    }
}
