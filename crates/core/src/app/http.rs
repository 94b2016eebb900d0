//! HTTP/1.0 and HTTP/1.1 over the simulated TCP: message building, parsing with httparse,
//! and two applications: [`HttpServer`] and [`HttpClient`].

use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::{token, untoken};
use crate::net::{App, AppCx, AppEvent, SockId, TimerSpec};
use crate::trace::{EventKind, Msg};

/// HTTP version of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// HTTP/1.0 (RFC 1945): one request per connection unless keep-alive is asked for.
    Http10,
    /// HTTP/1.1 (RFC 9112): persistent connections by default.
    Http11,
}

impl Version {
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
        }
    }
}

/// A request as the client writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`...
    pub method: String,
    /// Request target (`/index.html`).
    pub target: String,
    /// Version.
    pub version: Version,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
    /// Body (with a Content-Length header when not empty).
    pub body: Vec<u8>,
}

impl Request {
    /// A GET with a Host header (and `Connection: close` when `close`).
    pub fn get(target: &str, host: &str, version: Version, close: bool) -> Self {
        let mut headers = alloc::vec![
            (String::from("Host"), String::from(host)),
            (String::from("User-Agent"), String::from("wiretrace/0.1")),
            (String::from("Accept"), String::from("text/html")),
        ];
        if close && version == Version::Http11 {
            headers.push((String::from("Connection"), String::from("close")));
        }
        Request {
            method: String::from("GET"),
            target: String::from(target),
            version,
            headers,
            body: Vec::new(),
        }
    }

    /// The request line (`GET / HTTP/1.1`).
    pub fn line(&self) -> String {
        format!("{} {} {}", self.method, self.target, self.version.as_str())
    }

    /// The bytes on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = self.line();
        s.push_str("\r\n");
        for (k, v) in &self.headers {
            s.push_str(k);
            s.push_str(": ");
            s.push_str(v);
            s.push_str("\r\n");
        }
        if !self.body.is_empty() {
            s.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        s.push_str("\r\n");
        let mut out = s.into_bytes();
        out.extend_from_slice(&self.body);
        out
    }
}

/// A response as the server writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Version.
    pub version: Version,
    /// Status code.
    pub status: u16,
    /// Reason phrase.
    pub reason: String,
    /// Header fields (Content-Length is added).
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Response {
    /// `200 OK` with an HTML page of about `size` bytes (what [`Response::page_bytes`]
    /// writes, made the plain way: the tests compare them).
    #[cfg(test)]
    fn page(version: Version, title: &str, size: usize, close: bool) -> Self {
        Response {
            body: html_page(title, size),
            ..Response::page_head(version, close)
        }
    }

    /// [`Response::page`] without its body.
    fn page_head(version: Version, close: bool) -> Self {
        let mut headers = alloc::vec![(
            String::from("Content-Type"),
            String::from("text/html; charset=utf-8")
        )];
        if close && version == Version::Http11 {
            headers.push((String::from("Connection"), String::from("close")));
        }
        Response {
            version,
            status: 200,
            reason: String::from("OK"),
            headers,
            body: Vec::new(),
        }
    }

    /// The bytes on the wire of [`Response::page`], its status line and its body's length:
    /// the same bytes as `page(..).to_bytes()`, with the page written once, straight after
    /// the head (a page of megabytes is not copied).
    fn page_bytes(
        version: Version,
        title: &str,
        size: usize,
        close: bool,
    ) -> (Vec<u8>, String, usize) {
        let head = Response::page_head(version, close);
        let top = page_top(title);
        let body_len = html_page_len(&top, size);
        let mut out = head.head_bytes(body_len);
        out.reserve_exact(body_len);
        let start = out.len();
        html_page_into(&mut out, &top, size);
        debug_assert_eq!(out.len() - start, body_len);
        (out, head.line(), body_len)
    }

    /// The status line (`HTTP/1.1 200 OK`).
    pub fn line(&self) -> String {
        format!("{} {} {}", self.version.as_str(), self.status, self.reason)
    }

    /// The head on the wire, for a body of `body_len` bytes.
    fn head_bytes(&self, body_len: usize) -> Vec<u8> {
        let mut s = self.line();
        s.push_str("\r\n");
        for (k, v) in &self.headers {
            s.push_str(k);
            s.push_str(": ");
            s.push_str(v);
            s.push_str("\r\n");
        }
        s.push_str(&format!("Content-Length: {body_len}\r\n\r\n"));
        s.into_bytes()
    }

    /// The bytes on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.head_bytes(self.body.len());
        out.extend_from_slice(&self.body);
        out
    }
}

const PAGE_TAIL: &str = "</body></html>\n";
const PAGE_LINE: &str = "<p>Every byte of this page travels in TCP segments.</p>\n";

fn page_top(title: &str) -> String {
    format!(
        "<!doctype html>\n<html><head><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n"
    )
}

/// The length of a page of about `size` bytes under `top` (its [`page_top`]): `size`, or
/// the skeleton if it is longer.
fn html_page_len(top: &str, size: usize) -> usize {
    size.max(top.len() + PAGE_TAIL.len())
}

/// A small HTML page padded to about `size` bytes (at least the skeleton).
#[cfg(test)]
fn html_page(title: &str, size: usize) -> Vec<u8> {
    let top = page_top(title);
    let mut page = Vec::with_capacity(html_page_len(&top, size));
    html_page_into(&mut page, &top, size);
    page
}

/// Appends a page of about `size` bytes under `top` (its [`page_top`]) to `page`.
fn html_page_into(page: &mut Vec<u8>, top: &str, size: usize) {
    let room = size.saturating_sub(top.len() + PAGE_TAIL.len());
    page.extend_from_slice(top.as_bytes());
    // The lines written once, then copied from themselves in doubling runs: a page of
    // megabytes is written in place, with no second buffer of it.
    let start = page.len();
    let lines = room / PAGE_LINE.len() * PAGE_LINE.len();
    if lines > 0 {
        page.extend_from_slice(PAGE_LINE.as_bytes());
    }
    while page.len() - start < lines {
        let have = page.len() - start;
        page.extend_from_within(start..start + have.min(lines - have));
    }
    page.resize(page.len() + room % PAGE_LINE.len(), b' ');
    page.extend_from_slice(PAGE_TAIL.as_bytes());
}

/// A parsed request head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedRequest {
    /// Method.
    pub method: String,
    /// Target.
    pub target: String,
    /// Version.
    pub version: Version,
    /// The client asked to keep the connection open (1.1 default, or 1.0 + keep-alive).
    pub keep_alive: bool,
    /// Bytes taken from the buffer (head + body).
    pub consumed: usize,
}

impl ParsedRequest {
    /// The request line.
    pub fn line(&self) -> String {
        format!("{} {} {}", self.method, self.target, self.version.as_str())
    }
}

/// Why bytes are not an HTTP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpError(pub String);

fn version_of(v: Option<u8>) -> Version {
    match v {
        Some(0) => Version::Http10,
        _ => Version::Http11,
    }
}

fn header_value<'a>(headers: &'a [httparse::Header<'_>], name: &str) -> Option<&'a [u8]> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value)
}

fn content_length(headers: &[httparse::Header<'_>]) -> Result<Option<usize>, HttpError> {
    match header_value(headers, "Content-Length") {
        None => Ok(None),
        Some(v) => core::str::from_utf8(v)
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok())
            .map(Some)
            .ok_or_else(|| HttpError(String::from("bad Content-Length"))),
    }
}

fn wants(headers: &[httparse::Header<'_>], token: &str) -> bool {
    header_value(headers, "Connection")
        .and_then(|v| core::str::from_utf8(v).ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
}

/// Parses one request from the front of `buf` (httparse): `Ok(None)` while incomplete.
pub fn parse_request(buf: &[u8]) -> Result<Option<ParsedRequest>, HttpError> {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut req = httparse::Request::new(&mut headers);
    let head = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(HttpError(e.to_string())),
    };
    let version = version_of(req.version);
    let body = content_length(req.headers)?.unwrap_or(0);
    if buf.len() < head + body {
        return Ok(None);
    }
    let keep_alive = match version {
        Version::Http11 => !wants(req.headers, "close"),
        Version::Http10 => wants(req.headers, "keep-alive"),
    };
    Ok(Some(ParsedRequest {
        method: String::from(req.method.unwrap_or("GET")),
        target: String::from(req.path.unwrap_or("/")),
        version,
        keep_alive,
        consumed: head + body,
    }))
}

/// A parsed response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedResponse {
    /// Status line.
    pub line: String,
    /// Body length.
    pub body_len: usize,
    /// Bytes taken from the buffer.
    pub consumed: usize,
    /// The server will close the connection after it.
    pub closes: bool,
}

/// A response's header section, parsed.
struct ResponseHead {
    /// Its length in bytes.
    len: usize,
    /// The status line.
    line: String,
    /// The server will close the connection after it.
    closes: bool,
    /// Its body's length: `Some(0)` for 1xx, 204 and 304 (RFC 9112 6.3 rule 1), the
    /// Content-Length, or `None`: the body ends with the stream.
    body: Option<usize>,
}

/// Parses the header section at the front of `buf` (httparse): `Ok(None)` while incomplete.
fn parse_head(buf: &[u8]) -> Result<Option<ResponseHead>, HttpError> {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut res = httparse::Response::new(&mut headers);
    let len = match res.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(HttpError(e.to_string())),
    };
    let version = version_of(res.version);
    let code = res.code.unwrap_or(0);
    let line = format!("{} {} {}", version.as_str(), code, res.reason.unwrap_or(""));
    let closes = match version {
        Version::Http11 => wants(res.headers, "close"),
        Version::Http10 => !wants(res.headers, "keep-alive"),
    };
    let body = if (100..200).contains(&code) || code == 204 || code == 304 {
        Some(0)
    } else {
        content_length(res.headers)?
    };
    Ok(Some(ResponseHead {
        len,
        line,
        closes,
        body,
    }))
}

/// Parses one response from the front of `buf`; `eof` says the stream ended (a response
/// without Content-Length ends there). `Ok(None)` while incomplete.
pub fn parse_response(buf: &[u8], eof: bool) -> Result<Option<ParsedResponse>, HttpError> {
    let Some(h) = parse_head(buf)? else {
        return Ok(None);
    };
    match h.body {
        Some(n) if buf.len() >= h.len + n => Ok(Some(ParsedResponse {
            line: h.line,
            body_len: n,
            consumed: h.len + n,
            closes: h.closes,
        })),
        Some(_) => Ok(None),
        None if eof => Ok(Some(ParsedResponse {
            line: h.line,
            body_len: buf.len() - h.len,
            consumed: buf.len(),
            closes: true,
        })),
        None => Ok(None),
    }
}

/// Writes [`Response::page_bytes`] on `s`, and tells the run the response was sent.
pub(super) fn send_page(
    cx: &mut AppCx<'_>,
    s: SockId,
    version: Version,
    title: &str,
    size: usize,
    close: bool,
) {
    let (bytes, line, body_len) = Response::page_bytes(version, title, size, close);
    cx.send_http_owned(s, bytes, &line);
    cx.event(
        EventKind::ResponseSent,
        Msg::of(
            "event.response_sent",
            &[("line", line), ("bytes", body_len.to_string())],
        ),
        Some(s),
    );
}

/// Writes the event of a response read whole on `sock`: its status line and body size.
pub fn report_response(cx: &mut AppCx<'_>, sock: SockId, res: ParsedResponse) {
    cx.event(
        EventKind::ResponseReceived,
        Msg::of(
            "event.response_received",
            &[("line", res.line), ("bytes", res.body_len.to_string())],
        ),
        Some(sock),
    );
}

/// Writes the event of a response on `sock` that cannot be parsed (the caller then aborts
/// the connection).
pub fn report_bad_response(cx: &mut AppCx<'_>, sock: SockId, error: HttpError) {
    cx.event(
        EventKind::BadResponse,
        Msg::of("event.bad_response", &[("error", error.0)]),
        Some(sock),
    );
}

/// Reads responses from a byte stream as they complete, the way [`parse_response`] reads
/// them from a buffer of everything received, but without keeping their bodies: once a
/// head is parsed, body bytes are only counted. A client of a 10 MB page holds its head,
/// not the page.
#[derive(Clone, Debug, Default)]
pub struct ResponseReader {
    /// Received bytes not yet taken: a head in progress, or what follows a body.
    buf: Vec<u8>,
    /// The response whose body is arriving.
    body: Option<BodyInProgress>,
}

#[derive(Clone, Debug)]
struct BodyInProgress {
    line: String,
    closes: bool,
    /// Content-Length, or `None`: the body ends with the stream.
    len: Option<usize>,
    got: usize,
}

impl ResponseReader {
    /// Takes bytes received.
    pub fn push(&mut self, mut data: &[u8]) {
        if self.buf.is_empty() {
            if let Some(b) = &mut self.body {
                // Body bytes go straight into the count.
                let take = match b.len {
                    Some(n) => (n - b.got).min(data.len()),
                    None => data.len(),
                };
                b.got += take;
                data = &data[take..];
            }
        }
        self.buf.extend_from_slice(data);
    }

    /// The next complete response, if there is one; `eof` says the stream ended (a
    /// response without Content-Length ends there).
    pub fn next(&mut self, eof: bool) -> Result<Option<ParsedResponse>, HttpError> {
        loop {
            if let Some(b) = &mut self.body {
                let done = match b.len {
                    Some(n) => {
                        let take = (n - b.got).min(self.buf.len());
                        self.buf.drain(..take);
                        b.got += take;
                        b.got == n
                    }
                    None => {
                        b.got += self.buf.len();
                        self.buf.clear();
                        eof
                    }
                };
                if !done {
                    return Ok(None);
                }
                let Some(b) = self.body.take() else {
                    return Ok(None);
                };
                return Ok(Some(ParsedResponse {
                    line: b.line,
                    body_len: b.got,
                    consumed: 0,
                    closes: b.closes || b.len.is_none(),
                }));
            }
            let Some(h) = parse_head(&self.buf)? else {
                return Ok(None);
            };
            self.buf.drain(..h.len);
            self.body = Some(BodyInProgress {
                line: h.line,
                closes: h.closes,
                len: h.body,
                got: 0,
            });
        }
    }
}

/// How the server behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// Port to listen on.
    pub port: u16,
    /// Listen backlog.
    pub backlog: u32,
    /// Time to produce each response after its request is complete.
    pub think_us: u64,
    /// Time between reading the client's FIN and closing.
    pub close_delay_us: u64,
    /// Size of the HTML page served.
    pub body_bytes: usize,
    /// Close after every response, whatever the client asked (HTTP/1.0 style).
    pub close_after_response: bool,
    /// Close a persistent connection idle this long (`None`: never).
    pub idle_close_us: Option<u64>,
    /// Time to produce the first response of each connection, when it differs from
    /// `think_us` (a slow first response shows head-of-line blocking behind it).
    pub first_think_us: Option<u64>,
    /// Work on all the requests of a connection at once (as a server with worker threads
    /// does) and still answer in request order (RFC 9112 9.3.2); otherwise one at a time.
    pub concurrent: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            port: 80,
            backlog: 16,
            think_us: 10_000,
            close_delay_us: 10_000,
            body_bytes: 200,
            close_after_response: false,
            idle_close_us: None,
            first_think_us: None,
            concurrent: false,
        }
    }
}

/// A request waiting for its response: when the response is ready (concurrent mode), and
/// whether the story already said that it waits behind an earlier one.
#[derive(Clone, Debug)]
struct Pending {
    req: ParsedRequest,
    ready_us: u64,
    held: bool,
}

#[derive(Clone, Debug, Default)]
struct ServerConn {
    buf: Vec<u8>,
    queue: VecDeque<Pending>,
    /// Requests parsed so far on this connection.
    received: u32,
    busy: bool,
    eof: bool,
    closed: bool,
    served: u32,
    idle_timer: Option<crate::net::TimerId>,
}

const T_RESPOND: u64 = 1;
const T_CLOSE: u64 = 2;
const T_IDLE: u64 = 3;

/// An HTTP server: parses requests with httparse, answers each with an HTML page after a
/// think time, keeps HTTP/1.1 connections open unless told to close, closes after the
/// client's FIN.
#[derive(Clone, Debug)]
pub struct HttpServer {
    cfg: ServerConfig,
    conns: BTreeMap<SockId, ServerConn>,
}

impl HttpServer {
    /// A server with this behaviour.
    pub fn new(cfg: ServerConfig) -> Self {
        HttpServer {
            cfg,
            conns: BTreeMap::new(),
        }
    }

    /// Time to produce the response to the `index`-th request of a connection.
    fn think_for(&self, index: u32) -> u64 {
        match (index, self.cfg.first_think_us) {
            (0, Some(first)) => first,
            _ => self.cfg.think_us,
        }
    }

    fn pump(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let now = cx.now();
        let first_think = self.think_for(0);
        let think = self.think_for(1);
        let concurrent = self.cfg.concurrent;
        let Some(c) = self.conns.get_mut(&s) else {
            return;
        };
        loop {
            match parse_request(&c.buf) {
                Ok(Some(req)) => {
                    c.buf.drain(..req.consumed);
                    cx.event(
                        EventKind::RequestReceived,
                        Msg::of("event.request_received", &[("line", req.line())]),
                        Some(s),
                    );
                    let t = if c.received == 0 { first_think } else { think };
                    c.received += 1;
                    if concurrent {
                        // Work on it now; its response still goes out in request order.
                        cx.after(t, token(s, T_RESPOND));
                    }
                    c.queue.push_back(Pending {
                        req,
                        ready_us: now + t,
                        held: false,
                    });
                }
                Ok(None) => break,
                Err(e) => {
                    cx.event(
                        EventKind::BadRequest,
                        Msg::of("event.bad_request", &[("error", e.0)]),
                        Some(s),
                    );
                    c.buf.clear();
                    cx.abort(s);
                    c.closed = true;
                    return;
                }
            }
        }
        if !c.queue.is_empty() {
            if let Some(t) = c.idle_timer.take() {
                cx.cancel_timer(t);
            }
        }
        if !concurrent && !c.busy && !c.queue.is_empty() {
            // One at a time: the head is request number `served`.
            c.busy = true;
            let t = if c.served == 0 { first_think } else { think };
            cx.after(t, token(s, T_RESPOND));
        }
    }

    fn respond(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        if self.cfg.concurrent {
            self.respond_ready(cx, s);
        } else {
            self.respond_next(cx, s);
        }
    }

    /// One request at a time: answer the oldest, then start on the next.
    fn respond_next(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(c) = self.conns.get_mut(&s) else {
            return;
        };
        c.busy = false;
        let Some(p) = c.queue.pop_front() else {
            return;
        };
        if c.closed || self.send_response(cx, s, &p.req) {
            return;
        }
        let think = self.think_for(1);
        let Some(c) = self.conns.get_mut(&s) else {
            return;
        };
        if c.queue.is_empty() {
            self.went_idle(cx, s);
        } else {
            c.busy = true;
            cx.after(think, token(s, T_RESPOND));
        }
    }

    /// Concurrent work: send every response that is ready and not behind an unfinished
    /// one (RFC 9112 9.3.2: responses in the order of the requests); say which ready
    /// responses are held back.
    fn respond_ready(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let now = cx.now();
        loop {
            let Some(c) = self.conns.get_mut(&s) else {
                return;
            };
            if c.closed {
                return;
            }
            if c.queue.front().is_none_or(|p| p.ready_us > now) {
                break;
            }
            let Some(p) = c.queue.pop_front() else {
                return;
            };
            if self.send_response(cx, s, &p.req) {
                return;
            }
        }
        let Some(c) = self.conns.get_mut(&s) else {
            return;
        };
        let Some(head) = c.queue.front().map(|p| p.req.line()) else {
            self.went_idle(cx, s);
            return;
        };
        for p in c.queue.iter_mut().skip(1) {
            if !p.held && p.ready_us <= now {
                p.held = true;
                cx.event(
                    EventKind::ResponseHeld,
                    Msg::of(
                        "event.response_held",
                        &[("line", p.req.line()), ("behind", head.clone())],
                    ),
                    Some(s),
                );
            }
        }
    }

    /// Writes the response to `req`; returns true if the connection is now closing.
    fn send_response(&mut self, cx: &mut AppCx<'_>, s: SockId, req: &ParsedRequest) -> bool {
        let Some(c) = self.conns.get_mut(&s) else {
            return true;
        };
        let close = self.cfg.close_after_response || !req.keep_alive;
        let title = format!("{} {}", req.method, req.target);
        send_page(cx, s, req.version, &title, self.cfg.body_bytes, close);
        c.served += 1;
        if close {
            c.closed = true;
            c.queue.clear();
            cx.close(s);
        }
        close
    }

    /// Every request is answered: close if the client has, else wait for the next one
    /// (for at most the idle timeout).
    fn went_idle(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(c) = self.conns.get_mut(&s) else {
            return;
        };
        if c.eof {
            cx.after(self.cfg.close_delay_us, token(s, T_CLOSE));
        } else if let Some(idle) = self.cfg.idle_close_us {
            let t = cx.set_timer(TimerSpec {
                delay_us: idle,
                token: token(s, T_IDLE),
                kind: crate::trace::TimerKind::App,
                note: Some(Msg::of(
                    "timer.http_idle",
                    &[("ms", crate::units::ms(idle))],
                )),
                sock: Some(s),
            });
            c.idle_timer = Some(t);
        }
    }
}

impl App for HttpServer {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                cx.listen(self.cfg.port, self.cfg.backlog);
            }
            AppEvent::Accepted { sock, .. } => {
                self.conns.insert(sock, ServerConn::default());
                if let Some(idle) = self.cfg.idle_close_us {
                    let t = cx.set_timer(TimerSpec {
                        delay_us: idle,
                        token: token(sock, T_IDLE),
                        kind: crate::trace::TimerKind::App,
                        note: Some(Msg::of(
                            "timer.http_idle",
                            &[("ms", crate::units::ms(idle))],
                        )),
                        sock: Some(sock),
                    });
                    if let Some(c) = self.conns.get_mut(&sock) {
                        c.idle_timer = Some(t);
                    }
                }
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
                let Some(c) = self.conns.get_mut(&s) else {
                    return;
                };
                c.buf.extend_from_slice(&data);
                c.eof = true;
                if let Some(t) = c.idle_timer.take() {
                    cx.cancel_timer(t);
                }
                let idle = !c.busy && c.queue.is_empty();
                let closed = c.closed;
                self.pump(cx, s);
                if idle && !closed {
                    let still_idle = self
                        .conns
                        .get(&s)
                        .is_some_and(|c| !c.busy && c.queue.is_empty());
                    if still_idle {
                        cx.after(self.cfg.close_delay_us, token(s, T_CLOSE));
                    }
                }
            }
            AppEvent::Timer(t) => {
                let (s, what) = untoken(t);
                match what {
                    T_RESPOND => self.respond(cx, s),
                    T_CLOSE | T_IDLE => {
                        if let Some(c) = self.conns.get_mut(&s) {
                            if !c.closed {
                                c.closed = true;
                                c.idle_timer = None;
                                if what == T_IDLE {
                                    cx.event(
                                        EventKind::IdleClose,
                                        Msg::of("event.server_idle_close", &[]),
                                        Some(s),
                                    );
                                }
                                cx.close(s);
                            }
                        }
                    }
                    _ => {}
                }
            }
            AppEvent::Closed(s, _) => {
                if let Some(mut c) = self.conns.remove(&s) {
                    if let Some(t) = c.idle_timer.take() {
                        cx.cancel_timer(t);
                    }
                }
            }
            AppEvent::Connected(_) | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}

/// How a client spreads its requests over connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientMode {
    /// A new connection for each request, closed after its response (HTTP/1.0).
    ConnectionPerRequest,
    /// One persistent connection, the next request after the previous response.
    KeepAlive,
    /// One persistent connection, every request written at once (pipelining).
    Pipelined,
}

/// How the client behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    /// The server.
    pub server: SocketAddr,
    /// Paths to fetch, in order.
    pub paths: Vec<String>,
    /// HTTP version of the requests.
    pub version: Version,
    /// Connections and requests.
    pub mode: ClientMode,
    /// Time between a response and the next request (or the close).
    pub think_us: u64,
    /// Close the connection after the last response (otherwise leave it to the server).
    pub close_when_done: bool,
}

#[derive(Clone, Debug, Default)]
struct ClientConn {
    reader: ResponseReader,
    outstanding: u32,
    eof: bool,
}

const T_NEXT: u64 = 5;
const T_DONE: u64 = 6;
const T_FIRST: u64 = 7;

/// An HTTP client (a browser fetching pages).
#[derive(Clone, Debug)]
pub struct HttpClient {
    cfg: ClientConfig,
    next: usize,
    done: usize,
    conns: BTreeMap<SockId, ClientConn>,
    current: Option<SockId>,
}

impl HttpClient {
    /// A client with this behaviour.
    pub fn new(cfg: ClientConfig) -> Self {
        HttpClient {
            cfg,
            next: 0,
            done: 0,
            conns: BTreeMap::new(),
            current: None,
        }
    }

    fn host(&self) -> String {
        self.cfg.server.to_string()
    }

    fn open(&mut self, cx: &mut AppCx<'_>) {
        let s = cx.connect(self.cfg.server);
        self.conns.insert(s, ClientConn::default());
        self.current = Some(s);
    }

    fn send_next(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let Some(path) = self.cfg.paths.get(self.next).cloned() else {
            return;
        };
        self.next += 1;
        let close = match self.cfg.mode {
            ClientMode::ConnectionPerRequest => true,
            ClientMode::KeepAlive | ClientMode::Pipelined => false,
        };
        let req = Request::get(&path, &self.host(), self.cfg.version, close);
        let line = req.line();
        cx.send_http(s, &req.to_bytes(), &line);
        if let Some(c) = self.conns.get_mut(&s) {
            c.outstanding += 1;
        }
        cx.event(
            EventKind::RequestSent,
            Msg::of("event.request_sent", &[("line", line)]),
            Some(s),
        );
    }

    /// Reads what waits on `s` into its response reader, without a copy (a body of
    /// megabytes is only counted).
    fn read(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        match self.conns.get_mut(&s) {
            Some(c) => cx.recv_all_with(s, &mut |part| c.reader.push(part)),
            None => cx.recv_all_with(s, &mut |_| {}),
        }
    }

    fn pump(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        loop {
            let Some(c) = self.conns.get_mut(&s) else {
                return;
            };
            if c.outstanding == 0 {
                return;
            }
            match c.reader.next(c.eof) {
                Ok(Some(res)) => {
                    c.outstanding -= 1;
                    self.done += 1;
                    report_response(cx, s, res);
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
        let more = self.next < self.cfg.paths.len();
        match self.cfg.mode {
            ClientMode::ConnectionPerRequest => {
                // This connection's work is done; the next request gets a new connection.
                cx.after(self.cfg.think_us, token(s, T_DONE));
                if more {
                    cx.after(self.cfg.think_us, token(s, T_NEXT));
                }
            }
            ClientMode::KeepAlive => {
                if more {
                    cx.after(self.cfg.think_us, token(s, T_NEXT));
                } else if self.cfg.close_when_done {
                    cx.after(self.cfg.think_us, token(s, T_DONE));
                }
            }
            ClientMode::Pipelined => {
                let idle = self.conns.get(&s).is_some_and(|c| c.outstanding == 0);
                if idle && !more && self.cfg.close_when_done {
                    cx.after(self.cfg.think_us, token(s, T_DONE));
                }
            }
        }
    }
}

impl App for HttpClient {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                if !self.cfg.paths.is_empty() {
                    self.open(cx);
                }
            }
            AppEvent::Connected(s) => {
                // The browser takes its think time to prepare the first request.
                cx.after(self.cfg.think_us, token(s, T_FIRST));
            }
            AppEvent::Readable(s) => {
                self.read(cx, s);
                self.pump(cx, s);
            }
            AppEvent::PeerClosed(s) => {
                self.read(cx, s);
                if let Some(c) = self.conns.get_mut(&s) {
                    c.eof = true;
                }
                self.pump(cx, s);
                // The server closed: close our side too (after our think time).
                cx.after(self.cfg.think_us, token(s, T_DONE));
            }
            AppEvent::Timer(t) => {
                let (s, what) = untoken(t);
                match what {
                    T_FIRST => match self.cfg.mode {
                        ClientMode::ConnectionPerRequest | ClientMode::KeepAlive => {
                            self.send_next(cx, s)
                        }
                        ClientMode::Pipelined => {
                            while self.next < self.cfg.paths.len() {
                                self.send_next(cx, s);
                            }
                        }
                    },
                    T_NEXT => match self.cfg.mode {
                        ClientMode::ConnectionPerRequest => self.open(cx),
                        ClientMode::KeepAlive | ClientMode::Pipelined => self.send_next(cx, s),
                    },
                    T_DONE => {
                        if matches!(
                            cx.state(s),
                            Some(crate::tcp::State::Established | crate::tcp::State::CloseWait)
                        ) {
                            cx.close(s);
                        }
                    }
                    _ => {}
                }
            }
            AppEvent::Closed(s, _) => {
                self.conns.remove(&s);
                if self.current == Some(s) {
                    self.current = None;
                }
            }
            AppEvent::Accepted { .. } | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_its_skeleton_padded_with_whole_lines_then_spaces() {
        let line = "<p>Every byte of this page travels in TCP segments.</p>\n";
        for size in [0usize, 10, 95, 96, 97, 200, 4_000_000, 4_000_017] {
            let head = "<!doctype html>\n<html><head><title>T</title></head>\n<body>\n<h1>T</h1>\n";
            let tail = "</body></html>\n";
            let room = size.saturating_sub(head.len() + tail.len());
            let mut want = String::from(head);
            for _ in 0..room / line.len() {
                want.push_str(line);
            }
            want.push_str(&" ".repeat(room % line.len()));
            want.push_str(tail);
            let page = html_page("T", size);
            assert_eq!(page, want.as_bytes(), "size {size}");
            assert_eq!(page.len(), size.max(head.len() + tail.len()), "size {size}");
        }
    }

    #[test]
    fn page_bytes_are_the_page_on_the_wire() {
        for (version, close) in [
            (Version::Http11, false),
            (Version::Http11, true),
            (Version::Http10, true),
        ] {
            for (title, size) in [
                ("T", 0usize),
                ("GET /", 96),
                ("GET /a", 97),
                ("GET /é/页", 40),
                ("GET /é/页", 3_000),
                ("x", 4_000_017),
            ] {
                let res = Response::page(version, title, size, close);
                let (bytes, line, body_len) = Response::page_bytes(version, title, size, close);
                assert_eq!(bytes, res.to_bytes(), "{title} {size}");
                assert_eq!(line, res.line());
                assert_eq!(body_len, res.body.len());
                assert_eq!(body_len, html_page_len(&page_top(title), size));
            }
        }
    }

    /// Responses as `parse_response` reads them from everything received so far.
    fn by_buffer(chunks: &[&[u8]]) -> Vec<(String, usize, bool)> {
        let mut buf = Vec::new();
        let mut out = Vec::new();
        for (k, c) in chunks.iter().enumerate() {
            buf.extend_from_slice(c);
            let eof = k + 1 == chunks.len();
            while let Ok(Some(r)) = parse_response(&buf, eof) {
                buf.drain(..r.consumed);
                out.push((r.line, r.body_len, r.closes));
            }
        }
        out
    }

    /// The same through a [`ResponseReader`].
    fn by_reader(chunks: &[&[u8]]) -> Vec<(String, usize, bool)> {
        let mut reader = ResponseReader::default();
        let mut out = Vec::new();
        for (k, c) in chunks.iter().enumerate() {
            reader.push(c);
            let eof = k + 1 == chunks.len();
            while let Ok(Some(r)) = reader.next(eof) {
                out.push((r.line, r.body_len, r.closes));
            }
        }
        out
    }

    #[test]
    fn a_response_reader_reads_what_parse_response_reads_however_the_bytes_come() {
        let mut stream = Vec::new();
        stream.extend_from_slice(&Response::page(Version::Http11, "a", 3000, false).to_bytes());
        stream.extend_from_slice(b"HTTP/1.1 204 No Content\r\n\r\n");
        stream.extend_from_slice(&Response::page(Version::Http11, "b", 10, false).to_bytes());
        stream.extend_from_slice(b"HTTP/1.0 200 OK\r\n\r\nuntil the end");
        let whole = by_buffer(&[&stream]);
        assert_eq!(whole.len(), 4);
        assert_eq!(whole[3], (String::from("HTTP/1.0 200 OK"), 13, true));
        for size in 1..=64 {
            let chunks: Vec<&[u8]> = stream.chunks(size).collect();
            assert_eq!(by_reader(&chunks), whole, "chunks of {size}");
            assert_eq!(by_buffer(&chunks), whole, "chunks of {size}");
        }
        // A bad head is an error, as parse_response says.
        let mut r = ResponseReader::default();
        r.push(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n");
        assert!(r.next(false).is_err());
    }

    #[test]
    fn request_round_trips_through_httparse() {
        let req = Request::get("/index.html", "192.168.1.123:7788", Version::Http11, false);
        let bytes = req.to_bytes();
        let parsed = parse_request(&bytes).unwrap().unwrap();
        assert_eq!(parsed.line(), "GET /index.html HTTP/1.1");
        assert!(parsed.keep_alive);
        assert_eq!(parsed.consumed, bytes.len());
        assert_eq!(parse_request(&bytes[..10]), Ok(None));
        assert!(parse_request(b"\x00\x01 nonsense\r\n\r\n").is_err());
    }

    #[test]
    fn no_content_ends_with_its_head() {
        let bytes = b"HTTP/1.1 204 No Content\r\nCache-Control: no-store\r\n\r\nHTTP/1.1 200";
        let p = parse_response(bytes, false).unwrap().unwrap();
        assert_eq!(p.line, "HTTP/1.1 204 No Content");
        assert_eq!((p.body_len, p.consumed), (0, bytes.len() - 12));
    }

    #[test]
    fn response_needs_its_whole_body() {
        let res = Response::page(Version::Http10, "t", 300, true);
        let bytes = res.to_bytes();
        assert!(res.body.len() >= 300);
        assert_eq!(parse_response(&bytes[..bytes.len() - 1], false), Ok(None));
        let p = parse_response(&bytes, false).unwrap().unwrap();
        assert_eq!(p.line, "HTTP/1.0 200 OK");
        assert!(p.closes);
        assert_eq!(p.consumed, bytes.len());
    }
}
