//! HTTP/1.x in a captured connection: follows both byte streams in sequence order (only
//! the message heads are buffered; bodies are skipped by Content-Length or chunk sizes),
//! finds where each request and response starts, and tells keep-alive and pipelining
//! apart. Heads are parsed with httparse. A gap in a stream (bytes not captured) drops
//! the stream back to looking for the next message start; a stream that does not start
//! with HTTP is left alone.

use std::collections::VecDeque;

/// Most bytes of one message head kept while waiting for its end.
const MAX_HEAD: usize = 16 * 1024;

/// A request or response found in a stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Message {
    /// True for a request (client to server).
    pub request: bool,
    /// The request line or status line.
    pub line: String,
    /// 1 for the first request (or response) on the connection, 2 for the next...
    pub index: u32,
    /// A request sent while an earlier response was still incomplete.
    pub pipelined: bool,
    /// The connection stays open after this message (HTTP/1.1 without `Connection:
    /// close`, or HTTP/1.0 with `keep-alive`).
    pub persistent: bool,
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Body {
    None,
    Length(u64),
    Chunked,
    UntilClose,
}

#[derive(Clone, Debug)]
enum Chunk {
    Size {
        digits: u64,
        in_ext: bool,
        seen_digit: bool,
    },
    SizeLf {
        size: u64,
    },
    Data(u64),
    DataCr,
    DataLf,
    Trailer {
        line_len: usize,
        cr: bool,
    },
}

#[derive(Clone, Debug)]
enum St {
    /// Expecting the start of a message.
    Start,
    Head,
    Body(u64),
    Chunked(Chunk),
    UntilClose,
    /// Lost track (a gap, garbage): wait for a segment that starts a message.
    Lost,
    /// Not HTTP.
    Off,
}

#[derive(Clone, Debug)]
struct Stream {
    next: Option<u32>,
    st: St,
    head: Vec<u8>,
}

impl Default for Stream {
    fn default() -> Self {
        Stream {
            next: None,
            st: St::Start,
            head: Vec::new(),
        }
    }
}

/// Both streams of one connection.
#[derive(Clone, Debug, Default)]
pub(crate) struct HttpConn {
    streams: [Stream; 2],
    requests: u32,
    responses: u32,
    /// Methods of requests awaiting a complete response (true = HEAD).
    waiting: VecDeque<bool>,
    /// A response is being received (its head is parsed, its body is not over).
    response_open: bool,
}

const METHODS: [&[u8]; 9] = [
    b"GET ",
    b"POST ",
    b"HEAD ",
    b"PUT ",
    b"DELETE ",
    b"OPTIONS ",
    b"PATCH ",
    b"CONNECT ",
    b"TRACE ",
];

fn starts_message(b: &[u8], request: bool) -> bool {
    if request {
        METHODS
            .iter()
            .any(|m| b.starts_with(m) || (b.len() < m.len() && m.starts_with(b) && !b.is_empty()))
    } else {
        b.starts_with(b"HTTP/1.") || (!b.is_empty() && b.len() < 7 && b"HTTP/1.".starts_with(b))
    }
}

impl HttpConn {
    /// Feeds one segment's payload (`captured` may be shorter than `len`); returns the
    /// messages that start in it.
    pub fn segment(&mut self, dir: u8, seq: u32, len: u32, captured: &[u8]) -> Vec<Message> {
        let mut out = Vec::new();
        if len == 0 {
            return out;
        }
        let d = usize::from(dir & 1);
        if matches!(self.streams[d].st, St::Off) {
            return out;
        }
        let next = *self.streams[d].next.get_or_insert(seq);
        let offset = next.wrapping_sub(seq) as i32;
        let mut bytes = captured;
        if offset > 0 {
            // Overlaps what was already seen (a retransmission): skip that part.
            let skip = offset as usize;
            if skip >= len as usize {
                return out;
            }
            bytes = bytes.get(skip..).unwrap_or(&[]);
        } else if offset < 0 {
            // A gap: bytes were not captured.
            self.lost(d);
        }
        let start = if offset > 0 {
            seq.wrapping_add(offset as u32)
        } else {
            seq
        };
        let end = seq.wrapping_add(len);
        self.streams[d].next = Some(end);
        let full = bytes.len() as u64 == u64::from(end.wrapping_sub(start));
        self.consume(d, bytes, &mut out);
        if !full {
            // The capture kept only part of the payload (snap length): the rest is a gap.
            self.lost(d);
        }
        out
    }

    /// A message known only by its first line (tcpdump's `HTTP: GET / HTTP/1.1` summary,
    /// without the bytes).
    pub fn hinted(&mut self, dir: u8, line: &str) -> Option<Message> {
        let request = dir & 1 == 0;
        let version = if line.contains("HTTP/1.0") { 0 } else { 1 };
        if request {
            if !METHODS.iter().any(|m| line.as_bytes().starts_with(m)) {
                return None;
            }
            self.requests += 1;
            let pipelined = !self.waiting.is_empty();
            self.waiting.push_back(line.starts_with("HEAD "));
            Some(Message {
                request,
                line: line.to_owned(),
                index: self.requests,
                pipelined,
                persistent: version == 1,
                version,
            })
        } else {
            if !line.starts_with("HTTP/1.") {
                return None;
            }
            self.responses += 1;
            self.waiting.pop_front();
            Some(Message {
                request,
                line: line.to_owned(),
                index: self.responses,
                pipelined: false,
                persistent: version == 1,
                version,
            })
        }
    }

    /// A stream ended (FIN or RST): a response delimited by the close is complete.
    pub fn close(&mut self, dir: u8) {
        let d = usize::from(dir & 1);
        if d == 1 && self.response_open {
            self.response_done();
        }
        self.streams[d].st = St::Off;
    }

    fn lost(&mut self, d: usize) {
        let s = &mut self.streams[d];
        if !matches!(s.st, St::Off | St::UntilClose) {
            s.st = St::Lost;
            s.head.clear();
        }
    }

    fn response_done(&mut self) {
        self.response_open = false;
        self.waiting.pop_front();
    }

    fn consume(&mut self, d: usize, mut b: &[u8], out: &mut Vec<Message>) {
        let request = d == 0;
        while !b.is_empty() {
            let st = std::mem::replace(&mut self.streams[d].st, St::Off);
            match st {
                St::Off => return,
                St::UntilClose => {
                    self.streams[d].st = St::UntilClose;
                    return;
                }
                St::Start | St::Lost => {
                    if starts_message(b, request) {
                        self.streams[d].head.clear();
                        self.streams[d].st = St::Head;
                    } else if matches!(st, St::Start) && self.requests == 0 && self.responses == 0 {
                        // The first bytes of the stream are not HTTP: leave it alone.
                        self.streams[d].st = St::Off;
                        return;
                    } else {
                        self.streams[d].st = St::Lost;
                        return;
                    }
                }
                St::Head => {
                    let before = self.streams[d].head.len();
                    let room = MAX_HEAD - before;
                    let take = b.len().min(room);
                    self.streams[d].head.extend_from_slice(&b[..take]);
                    match self.parse_head(d, out) {
                        Some((used_total, body)) => {
                            let used = used_total.saturating_sub(before).min(b.len());
                            b = &b[used..];
                            self.streams[d].head.clear();
                            self.streams[d].st = match body {
                                Body::None => {
                                    if !request {
                                        self.response_done_if_final();
                                    }
                                    St::Start
                                }
                                Body::Length(0) => {
                                    if !request {
                                        self.response_done();
                                    }
                                    St::Start
                                }
                                Body::Length(n) => St::Body(n),
                                Body::Chunked => St::Chunked(Chunk::Size {
                                    digits: 0,
                                    in_ext: false,
                                    seen_digit: false,
                                }),
                                Body::UntilClose => St::UntilClose,
                            };
                            continue;
                        }
                        None => {
                            if matches!(self.streams[d].st, St::Off) {
                                // parse_head gave up (not HTTP after all).
                                self.streams[d].st = St::Lost;
                                return;
                            }
                            if take < b.len() {
                                // Head longer than we keep: give up on this message.
                                self.streams[d].st = St::Lost;
                                self.streams[d].head.clear();
                            } else {
                                self.streams[d].st = St::Head;
                            }
                            return;
                        }
                    }
                }
                St::Body(n) => {
                    let take = (b.len() as u64).min(n);
                    b = &b[take as usize..];
                    if take == n {
                        if !request {
                            self.response_done();
                        }
                        self.streams[d].st = St::Start;
                    } else {
                        self.streams[d].st = St::Body(n - take);
                    }
                }
                St::Chunked(c) => {
                    let (used, next) = chunk_step(c, b);
                    b = &b[used..];
                    match next {
                        Some(c) => self.streams[d].st = St::Chunked(c),
                        None => {
                            if !request {
                                self.response_done();
                            }
                            self.streams[d].st = St::Start;
                        }
                    }
                }
            }
        }
        if matches!(self.streams[d].st, St::Off) {
            self.streams[d].st = St::Start;
        }
    }

    fn response_done_if_final(&mut self) {
        // Called for a response without body: 1xx are interim (the request still waits).
        self.response_open = false;
    }

    /// Tries to parse the buffered head. On success: bytes of the head and how the body is
    /// delimited. Sets the stream `Off` when the bytes are not HTTP.
    fn parse_head(&mut self, d: usize, out: &mut Vec<Message>) -> Option<(usize, Body)> {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let head = std::mem::take(&mut self.streams[d].head);
        let result = if d == 0 {
            let mut req = httparse::Request::new(&mut headers);
            match req.parse(&head) {
                Ok(httparse::Status::Complete(n)) => {
                    let method = req.method.unwrap_or("");
                    let version = req.version.unwrap_or(1);
                    let line = format!("{method} {} HTTP/1.{version}", req.path.unwrap_or(""));
                    let body = request_body(req.headers);
                    let persistent = persistent(version, req.headers);
                    self.requests += 1;
                    let pipelined = !self.waiting.is_empty();
                    self.waiting.push_back(method.eq_ignore_ascii_case("HEAD"));
                    out.push(Message {
                        request: true,
                        line,
                        index: self.requests,
                        pipelined,
                        persistent,
                        version,
                    });
                    Some((n, body))
                }
                Ok(httparse::Status::Partial) => None,
                Err(_) => {
                    self.streams[d].head = head;
                    self.streams[d].st = St::Off;
                    return None;
                }
            }
        } else {
            let mut resp = httparse::Response::new(&mut headers);
            match resp.parse(&head) {
                Ok(httparse::Status::Complete(n)) => {
                    let code = resp.code.unwrap_or(0);
                    let version = resp.version.unwrap_or(1);
                    let line = format!("HTTP/1.{version} {code} {}", resp.reason.unwrap_or(""))
                        .trim_end()
                        .to_owned();
                    let head_req = self.waiting.front().copied().unwrap_or(false);
                    let interim = (100..200).contains(&code) && code != 101;
                    let body = if interim || code == 204 || code == 304 || head_req {
                        Body::None
                    } else if code == 101 {
                        // Switching protocols: the rest of both streams is not HTTP.
                        self.streams[0].st = St::Off;
                        Body::UntilClose
                    } else {
                        response_body(version, resp.headers)
                    };
                    let persistent = persistent(version, resp.headers);
                    if !interim {
                        self.responses += 1;
                        self.response_open = true;
                        if matches!(body, Body::None) {
                            // Complete at once.
                            self.waiting.pop_front();
                        }
                    }
                    out.push(Message {
                        request: false,
                        line,
                        index: self.responses.max(1),
                        pipelined: false,
                        persistent,
                        version,
                    });
                    Some((n, body))
                }
                Ok(httparse::Status::Partial) => None,
                Err(_) => {
                    self.streams[d].head = head;
                    self.streams[d].st = St::Off;
                    return None;
                }
            }
        };
        if result.is_none() {
            self.streams[d].head = head;
        }
        result
    }
}

fn header<'h>(headers: &'h [httparse::Header<'_>], name: &str) -> Option<&'h [u8]> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value)
}

fn has_token(value: &[u8], token: &str) -> bool {
    String::from_utf8_lossy(value)
        .split(',')
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

fn content_length(headers: &[httparse::Header<'_>]) -> Option<u64> {
    header(headers, "content-length")
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse().ok())
}

fn chunked(headers: &[httparse::Header<'_>]) -> bool {
    header(headers, "transfer-encoding").is_some_and(|v| has_token(v, "chunked"))
}

fn request_body(headers: &[httparse::Header<'_>]) -> Body {
    if chunked(headers) {
        Body::Chunked
    } else {
        match content_length(headers) {
            Some(n) => Body::Length(n),
            None => Body::Length(0),
        }
    }
}

fn response_body(version: u8, headers: &[httparse::Header<'_>]) -> Body {
    if chunked(headers) && version >= 1 {
        Body::Chunked
    } else {
        match content_length(headers) {
            Some(n) => Body::Length(n),
            None => Body::UntilClose,
        }
    }
}

fn persistent(version: u8, headers: &[httparse::Header<'_>]) -> bool {
    match header(headers, "connection") {
        Some(v) if has_token(v, "close") => false,
        Some(v) if has_token(v, "keep-alive") => true,
        _ => version >= 1,
    }
}

/// Advances the chunked-body parser over `b`; `None` when the body is over.
fn chunk_step(mut c: Chunk, b: &[u8]) -> (usize, Option<Chunk>) {
    let size_start = Chunk::Size {
        digits: 0,
        in_ext: false,
        seen_digit: false,
    };
    let mut i = 0;
    while i < b.len() {
        if let Chunk::Data(n) = c {
            let take = ((b.len() - i) as u64).min(n);
            i += take as usize;
            c = if take == n {
                Chunk::DataCr
            } else {
                Chunk::Data(n - take)
            };
            continue;
        }
        let x = b[i];
        i += 1;
        c = match c {
            Chunk::Size {
                digits,
                in_ext,
                seen_digit,
            } => match x {
                b'\r' => Chunk::SizeLf { size: digits },
                b'\n' => after_size(digits),
                _ if in_ext => Chunk::Size {
                    digits,
                    in_ext,
                    seen_digit,
                },
                b';' | b' ' | b'\t' => Chunk::Size {
                    digits,
                    in_ext: true,
                    seen_digit,
                },
                _ => match (x as char).to_digit(16) {
                    Some(v) => Chunk::Size {
                        digits: digits.saturating_mul(16).saturating_add(u64::from(v)),
                        in_ext,
                        seen_digit: true,
                    },
                    // Not a chunk size: treat the body as over (resynchronise on a head).
                    None => return (i - 1, None),
                },
            },
            Chunk::SizeLf { size } => after_size(size),
            Chunk::Data(_) => unreachable!("handled above"),
            Chunk::DataCr => match x {
                b'\r' => Chunk::DataLf,
                b'\n' => size_start.clone(),
                _ => return (i - 1, None),
            },
            Chunk::DataLf => size_start.clone(),
            Chunk::Trailer { line_len, cr } => match x {
                b'\n' if line_len == 0 => return (i, None),
                b'\n' => Chunk::Trailer {
                    line_len: 0,
                    cr: false,
                },
                b'\r' => Chunk::Trailer { line_len, cr: true },
                _ => Chunk::Trailer {
                    line_len: line_len + 1 + usize::from(cr),
                    cr: false,
                },
            },
        };
    }
    (i, Some(c))
}

fn after_size(size: u64) -> Chunk {
    if size == 0 {
        Chunk::Trailer {
            line_len: 0,
            cr: false,
        }
    } else {
        Chunk::Data(size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_alive_pipelining_and_bodies() {
        let mut h = HttpConn::default();
        let r1 = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        let r2 = b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n";
        let mut both = r1.to_vec();
        both.extend_from_slice(r2);
        let m = h.segment(0, 100, both.len() as u32, &both);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].line, "GET /a HTTP/1.1");
        assert!(!m[0].pipelined && m[1].pipelined && m[1].index == 2);
        // First response with a chunked body split over two segments, then the second.
        let a = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel";
        let m = h.segment(1, 1, a.len() as u32, a);
        assert_eq!(m[0].line, "HTTP/1.1 200 OK");
        let b = b"lo\r\n0\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!";
        let m = h.segment(1, 1 + a.len() as u32, b.len() as u32, b);
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].line.as_str(), m[0].index),
            ("HTTP/1.1 404 Not Found", 2)
        );
        assert!(h.waiting.is_empty());
        // A retransmitted copy finds nothing new.
        assert!(h.segment(1, 1, a.len() as u32, a).is_empty());
    }

    #[test]
    fn not_http_and_gaps() {
        let mut h = HttpConn::default();
        assert!(h.segment(0, 0, 5, b"\x16\x03\x01\x02\x00").is_empty());
        assert!(
            h.segment(0, 5, 18, b"GET / HTTP/1.1\r\n\r\n").is_empty(),
            "TLS stream stays off"
        );
        let mut h = HttpConn::default();
        let req = b"POST /x HTTP/1.0\r\nContent-Length: 4\r\n\r\nbody";
        assert_eq!(h.segment(0, 0, req.len() as u32, req).len(), 1);
        // Bytes missing, then a new request: found again after the gap.
        let next = b"GET /y HTTP/1.0\r\n\r\n";
        let m = h.segment(0, req.len() as u32 + 50, next.len() as u32, next);
        assert_eq!(m[0].line, "GET /y HTTP/1.0");
        assert!(!m[0].persistent);
    }
}
