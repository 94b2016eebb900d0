//! A client that sends one POST in two writes, the header section and then the body, and
//! reads the answer: the write-write-read pattern that meets Nagle's algorithm (RFC 896)
//! on its side and a delayed ACK (RFC 9293 3.8.6.3) on the server's.

use alloc::string::{String, ToString};
use alloc::vec;
use core::net::SocketAddr;

use super::http::{report_response, Request, ResponseReader, Version};
use super::outcome::report_closed;
use crate::net::{App, AppCx, AppEvent, SockId};
use crate::trace::{EventKind, Msg};

/// How the poster behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostConfig {
    /// The server.
    pub server: SocketAddr,
    /// Path posted to.
    pub path: String,
    /// Bytes of the body (the second write).
    pub body_bytes: usize,
    /// Time between the connection and the first write.
    pub think_us: u64,
}

/// Sends `POST path` (with `Connection: close`) as a header write and a body write, reads
/// the response, and closes after the server's FIN.
#[derive(Clone, Debug)]
pub struct Poster {
    cfg: PostConfig,
    sock: Option<SockId>,
    reader: ResponseReader,
    eof: bool,
    done: bool,
}

const T_WRITE: u64 = 1;

impl Poster {
    /// A poster with this behaviour.
    pub fn new(cfg: PostConfig) -> Self {
        Poster {
            cfg,
            sock: None,
            reader: ResponseReader::default(),
            eof: false,
            done: false,
        }
    }

    fn write(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let mut req = Request::get(
            &self.cfg.path,
            &self.cfg.server.to_string(),
            Version::Http11,
            true,
        );
        req.method = String::from("POST");
        req.body = vec![b'x'; self.cfg.body_bytes.max(1)];
        let bytes = req.to_bytes();
        let head = bytes.len() - req.body.len();
        let line = req.line();
        // Two writes, as a program that writes the header and then the body does.
        cx.send_http(s, &bytes[..head], &line);
        cx.event(
            EventKind::RequestSent,
            Msg::of("event.request_sent", &[("line", line)]),
            Some(s),
        );
        cx.send(s, &bytes[head..]);
    }

    fn read(&mut self, cx: &mut AppCx<'_>, s: SockId) {
        let data = cx.recv_all(s);
        self.reader.push(&data);
        if self.done {
            return;
        }
        if let Ok(Some(res)) = self.reader.next(self.eof) {
            self.done = true;
            report_response(cx, s, res);
        }
    }
}

impl App for Poster {
    fn on_event(&mut self, cx: &mut AppCx<'_>, ev: AppEvent) {
        match ev {
            AppEvent::Start => self.sock = Some(cx.connect(self.cfg.server)),
            AppEvent::Connected(_) => {
                cx.after(self.cfg.think_us, T_WRITE);
            }
            AppEvent::Timer(T_WRITE) => {
                if let Some(s) = self.sock {
                    self.write(cx, s);
                }
            }
            AppEvent::Readable(s) => self.read(cx, s),
            // The request asked the server to close: its FIN ends the exchange, and the
            // client closes its side in turn.
            AppEvent::PeerClosed(s) => {
                self.eof = true;
                self.read(cx, s);
                cx.close(s);
            }
            AppEvent::Closed(s, reason) => report_closed(cx, s, reason),
            AppEvent::Timer(_)
            | AppEvent::Accepted { .. }
            | AppEvent::Writable(_)
            | AppEvent::Datagram { .. } => {}
        }
    }
}
