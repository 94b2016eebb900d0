//! One large download that either side may abort: the client (a user cancelling the
//! download, a browser closing a socket with SO_LINGER set to 0) or the server (a process
//! killed, a handler giving up). An abort is the ABORT call of RFC 9293 3.10.5: TCP throws
//! the connection away and sends RST instead of FIN.

use alloc::string::ToString;
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::http::{parse_request, report_response, send_page, Request, ResponseReader, Version};
use super::outcome::report_closed;
use super::{token, untoken};
use crate::net::{App, AppCx, AppEvent, SockId};
use crate::tcp::State;
use crate::trace::{EventKind, Msg};
use crate::units::ms;

const T_REQUEST: u64 = 1;
const T_RESPOND: u64 = 2;
const T_ABORT: u64 = 3;
const T_CLOSE: u64 = 4;

/// True while a connection still has something to abort (RFC 9293 3.10.5 sends a RST in
/// these states).
fn abortable(state: Option<State>) -> bool {
    matches!(
        state,
        Some(
            State::SynReceived
                | State::Established
                | State::FinWait1
                | State::FinWait2
                | State::CloseWait
        )
    )
}

/// How the downloading client behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloaderConfig {
    /// The server.
    pub server: SocketAddr,
    /// The file requested.
    pub path: alloc::string::String,
    /// Time before the request, and before closing after the response.
    pub think_us: u64,
    /// Abort this long after the first byte of the response arrived (`None`: never).
    pub abort_after_us: Option<u64>,
}

/// Fetches one file; closes politely once it has it, unless it aborts first.
#[derive(Clone, Debug)]
pub struct Downloader {
    cfg: DownloaderConfig,
    reader: ResponseReader,
    /// Bytes of the response received so far (the abort's event tells them).
    received: usize,
    first_byte_us: Option<u64>,
    done: bool,
}

impl Downloader {
    /// A client with this behaviour.
    pub fn new(cfg: DownloaderConfig) -> Self {
        Downloader {
            cfg,
            reader: ResponseReader::default(),
            received: 0,
            first_byte_us: None,
            done: false,
        }
    }

    fn take(&mut self, cx: &mut AppCx<'_>, s: SockId, data: &[u8], eof: bool) {
        if data.is_empty() && !eof {
            return;
        }
        self.received += data.len();
        self.reader.push(data);
        if self.first_byte_us.is_none() && !data.is_empty() {
            self.first_byte_us = Some(cx.now());
            if let Some(after) = self.cfg.abort_after_us {
                cx.after(after, token(s, T_ABORT));
            }
        }
        if self.done {
            return;
        }
        if let Ok(Some(res)) = self.reader.next(eof) {
            self.done = true;
            report_response(cx, s, res);
            // A client that is going to abort keeps the connection until it does.
            if self.cfg.abort_after_us.is_none() {
                cx.after(self.cfg.think_us, token(s, T_CLOSE));
            }
        }
    }
}

impl App for Downloader {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                cx.connect(self.cfg.server);
            }
            AppEvent::Connected(s) => {
                cx.after(self.cfg.think_us, token(s, T_REQUEST));
            }
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                self.take(cx, s, &data, false);
            }
            AppEvent::PeerClosed(s) => {
                let data = cx.recv_all(s);
                self.take(cx, s, &data, true);
                if cx.state(s) == Some(State::CloseWait) && self.cfg.abort_after_us.is_none() {
                    cx.close(s);
                }
            }
            AppEvent::Timer(t) => {
                let (s, what) = untoken(t);
                match what {
                    T_REQUEST => {
                        let req = Request::get(
                            &self.cfg.path,
                            &self.cfg.server.to_string(),
                            Version::Http11,
                            false,
                        );
                        let line = req.line();
                        cx.send_http(s, &req.to_bytes(), &line);
                        cx.event(
                            EventKind::RequestSent,
                            Msg::of("event.request_sent", &[("line", line)]),
                            Some(s),
                        );
                    }
                    T_ABORT if abortable(cx.state(s)) => {
                        let since = cx.now() - self.first_byte_us.unwrap_or(cx.now());
                        let m = Msg::of(
                            "event.abort.client",
                            &[("ms", ms(since)), ("bytes", self.received.to_string())],
                        );
                        cx.event(EventKind::AppAbort, m, Some(s));
                        cx.abort(s);
                    }
                    T_CLOSE
                        if matches!(cx.state(s), Some(State::Established | State::CloseWait)) =>
                    {
                        cx.close(s);
                    }
                    _ => {}
                }
            }
            AppEvent::Closed(s, reason) => report_closed(cx, s, reason),
            AppEvent::Accepted { .. } | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}

/// How the file server behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileServerConfig {
    /// Port to listen on.
    pub port: u16,
    /// Size of the file served.
    pub body_bytes: usize,
    /// Time to produce the response once the request is complete.
    pub think_us: u64,
    /// Abort each connection this long after writing its response (`None`: never).
    pub abort_after_us: Option<u64>,
}

/// Answers each request with the file; closes after the client's FIN, or aborts.
#[derive(Clone, Debug)]
pub struct FileServer {
    cfg: FileServerConfig,
    bufs: alloc::collections::BTreeMap<SockId, Vec<u8>>,
}

impl FileServer {
    /// A server with this behaviour.
    pub fn new(cfg: FileServerConfig) -> Self {
        FileServer {
            cfg,
            bufs: alloc::collections::BTreeMap::new(),
        }
    }
}

impl App for FileServer {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => {
                cx.listen(self.cfg.port, 16);
            }
            AppEvent::Accepted { sock, .. } => {
                self.bufs.insert(sock, Vec::new());
            }
            AppEvent::Readable(s) => {
                let data = cx.recv_all(s);
                let Some(buf) = self.bufs.get_mut(&s) else {
                    return;
                };
                buf.extend_from_slice(&data);
                if let Ok(Some(req)) = parse_request(buf) {
                    buf.drain(..req.consumed);
                    cx.event(
                        EventKind::RequestReceived,
                        Msg::of("event.request_received", &[("line", req.line())]),
                        Some(s),
                    );
                    cx.after(self.cfg.think_us, token(s, T_RESPOND));
                }
            }
            AppEvent::PeerClosed(s) => {
                cx.recv_all(s);
                if cx.state(s) == Some(State::CloseWait) {
                    cx.close(s);
                }
            }
            AppEvent::Timer(t) => {
                let (s, what) = untoken(t);
                match what {
                    T_RESPOND if abortable(cx.state(s)) => {
                        send_page(
                            cx,
                            s,
                            Version::Http11,
                            "download",
                            self.cfg.body_bytes,
                            false,
                        );
                        if let Some(after) = self.cfg.abort_after_us {
                            cx.after(after, token(s, T_ABORT));
                        }
                    }
                    T_ABORT if abortable(cx.state(s)) => {
                        let m = Msg::of(
                            "event.abort.server",
                            &[("ms", ms(self.cfg.abort_after_us.unwrap_or(0)))],
                        );
                        cx.event(EventKind::AppAbort, m, Some(s));
                        cx.abort(s);
                    }
                    _ => {}
                }
            }
            AppEvent::Closed(s, reason) => {
                self.bufs.remove(&s);
                report_closed(cx, s, reason);
            }
            AppEvent::Connected(_) | AppEvent::Writable(_) | AppEvent::Datagram { .. } => {}
        }
    }
}
