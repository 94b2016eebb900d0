//! A client that fetches one HTTP response in an unusual way: it may shut down its sending
//! side right after the request (a half-close: the response still flows toward it), and it
//! may read slowly, leaving the bytes in its receive buffer until the window closes.

use alloc::string::{String, ToString};
use core::net::SocketAddr;

use super::http::{report_bad_response, report_response, Request, ResponseReader, Version};
use super::outcome::report_closed;
use crate::net::{App, AppCx, AppEvent, SockId};
use crate::tcp::State;
use crate::trace::{EventKind, Msg};

/// How the application reads its socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Everything, as soon as it arrives.
    Eager,
    /// A slow reader: nothing for `first_us` after the request, then `chunk` bytes every
    /// `every_us`.
    Paced {
        /// Pause before the first read.
        first_us: u64,
        /// Bytes taken per read.
        chunk: usize,
        /// Time between reads.
        every_us: u64,
    },
}

/// How the fetcher behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchConfig {
    /// The server.
    pub server: SocketAddr,
    /// Path requested.
    pub path: String,
    /// Close our direction (FIN) right after writing the request.
    pub half_close: bool,
    /// How the socket is read.
    pub reading: Reading,
}

const T_READ: u64 = 1;

/// Fetches one response over one connection (`Connection: close`), then closes.
#[derive(Clone, Debug)]
pub struct Fetcher {
    cfg: FetchConfig,
    sock: Option<SockId>,
    reader: ResponseReader,
    complete: bool,
    closed: bool,
}

impl Fetcher {
    /// A fetcher with this behaviour.
    pub fn new(cfg: FetchConfig) -> Self {
        Fetcher {
            cfg,
            sock: None,
            reader: ResponseReader::default(),
            complete: false,
            closed: false,
        }
    }

    fn request(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let req = Request::get(
            &self.cfg.path,
            &self.cfg.server.to_string(),
            Version::Http11,
            true,
        );
        let line = req.line();
        cx.send_http(s, &req.to_bytes(), &line);
        cx.event(
            EventKind::RequestSent,
            Msg::of("event.request_sent", &[("line", line)]),
            Some(s),
        );
        if self.cfg.half_close {
            self.closed = true;
            cx.shutdown(s);
            cx.event(
                EventKind::HalfClose,
                Msg::of("event.half_close", &[]),
                Some(s),
            );
        }
        if let Reading::Paced { first_us, .. } = self.cfg.reading {
            cx.after(first_us, T_READ);
        }
    }

    fn take(&mut self, cx: &mut AppCx<'_>, s: SockId, max: usize) -> usize {
        let data = cx.recv(s, max);
        self.reader.push(&data);
        data.len()
    }

    /// Checks for a complete response; closes once it is in and the server is done.
    fn progress(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let eof = cx.at_eof(s);
        if !self.complete {
            match self.reader.next(eof) {
                Ok(Some(res)) => {
                    self.complete = true;
                    report_response(cx, s, res);
                }
                Ok(None) => {}
                Err(e) => {
                    report_bad_response(cx, s, e);
                    self.closed = true;
                    cx.abort(s);
                    return;
                }
            }
        }
        if eof && !self.closed && matches!(cx.state(s), Some(State::CloseWait)) {
            self.closed = true;
            cx.close(s);
        }
    }
}

impl App for Fetcher {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => self.sock = Some(cx.connect(self.cfg.server)),
            AppEvent::Connected(s) => self.request(cx, s),
            AppEvent::Readable(s) | AppEvent::PeerClosed(s) => {
                if self.cfg.reading == Reading::Eager {
                    self.take(cx, s, usize::MAX);
                    self.progress(cx, s);
                }
            }
            AppEvent::Timer(T_READ) => {
                let (
                    Some(s),
                    Reading::Paced {
                        chunk, every_us, ..
                    },
                ) = (self.sock, self.cfg.reading)
                else {
                    return;
                };
                let Some(state) = cx.state(s) else {
                    return;
                };
                if state == State::Closed {
                    return;
                }
                let got = self.take(cx, s, chunk);
                let left = cx.buffered(s);
                if got > 0 {
                    cx.event(
                        EventKind::AppRead,
                        Msg::of(
                            "event.app_read",
                            &[("bytes", got.to_string()), ("left", left.to_string())],
                        ),
                        Some(s),
                    );
                }
                self.progress(cx, s);
                if !(cx.at_eof(s) && left == 0) {
                    cx.after(every_us, T_READ);
                }
            }
            AppEvent::Closed(s, reason) => report_closed(cx, s, reason),
            AppEvent::Timer(_)
            | AppEvent::Accepted { .. }
            | AppEvent::Writable(_)
            | AppEvent::Datagram { .. } => {}
        }
    }
}
