//! Reading a finished run back for the student: the HTTP meaning of segments (which request
//! this is, why it reuses or opens a connection, why a response waited, why the server
//! closes), and the figures worth noticing at the end (connections, segments, bytes, round
//! trips, time). Everything here is computed from the Trace the engine wrote; the TCP
//! numbers of each explanation stay the engine's.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::i18n::{self, Lang};
use crate::trace::{Event, EventKind, Fate, Flag, Msg, Proto, Segment, Trace};
use crate::units::ms;

/// Replaces a segment's explanation, keeping the engine's arguments (sequence numbers,
/// lengths) and adding `extra`.
pub(super) fn retell(
    seg: &mut Segment,
    key: &'static str,
    extra: &[(&'static str, String)],
    rfc: &'static str,
) {
    let mut args = seg
        .message_kept()
        .map(|m| m.args.clone())
        .unwrap_or_default();
    for (k, v) in extra {
        args.insert(*k, v.clone());
    }
    let m = Msg {
        key: key.into(),
        args,
        terms: seg
            .message_kept()
            .map(|m| m.terms.clone())
            .unwrap_or_default(),
    };
    seg.set_explain(String::new());
    seg.msg = m.into();
    seg.rfc = Some(alloc::borrow::Cow::Borrowed(rfc));
}

fn key_of(seg: &Segment) -> alloc::borrow::Cow<'_, str> {
    seg.message_key().unwrap_or_default()
}

/// The head of an HTTP message at the start of a payload, lowercased, if the payload
/// holds it.
fn head_of(seg: &Segment) -> String {
    let bytes = &seg.payload.0;
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase()
}

/// Why the server will close after this response, if it will: `http10` (HTTP/1.0
/// without keep-alive, RFC 1945) or `close` (`Connection: close`, RFC 9112 9.6).
fn closing_response(seg: &Segment, line: &str) -> Option<&'static str> {
    let head = head_of(seg);
    if line.starts_with("HTTP/1.0") && !head.contains("connection: keep-alive") {
        Some("http10")
    } else if head.contains("connection: close") {
        Some("close")
    } else {
        None
    }
}

#[derive(Default)]
struct ConnStory {
    /// Request lines in order, with their send time.
    requests: Vec<(String, u64)>,
    /// Arrival of the first byte of each response, in order.
    responses: Vec<Option<u64>>,
    /// The last response said the server will close (and why).
    closing: Option<&'static str>,
    /// When the last response left.
    last_response_us: u64,
}

/// Tells the HTTP side of every segment that starts an HTTP message, and of the FINs an
/// HTTP server sends (after a closing response, or when its keep-alive timer ran out).
pub fn annotate_http(trace: &mut Trace) {
    // Responses a concurrent server had ready but held back: (conn, request line) -> when.
    let mut held: BTreeMap<(u32, String), (u64, String)> = BTreeMap::new();
    let mut idle_close: BTreeMap<u32, u64> = BTreeMap::new();
    // Long polls the server held: conn -> when each hold began.
    let mut polls_held: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
    for e in &trace.events {
        let (Some(conn), Some(m)) = (e.conn, e.msg.as_ref()) else {
            continue;
        };
        match e.kind {
            EventKind::ResponseHeld => {
                if let (Some(line), Some(behind)) = (m.args.get("line"), m.args.get("behind")) {
                    held.insert((conn, line.clone()), (e.at_us, behind.clone()));
                }
            }
            EventKind::IdleClose => {
                idle_close.insert(conn, e.at_us);
            }
            EventKind::PollHeld => polls_held.entry(conn).or_default().push(e.at_us),
            _ => {}
        }
    }
    let idle_ms: BTreeMap<u32, String> = trace
        .timers
        .iter()
        .filter_map(|t| {
            let m = t.msg.as_ref()?;
            if m.key != "timer.http_idle" {
                return None;
            }
            Some((t.conn?, m.args.get("ms")?.clone()))
        })
        .collect();
    let clients: BTreeMap<u32, String> = trace
        .connections
        .iter()
        .filter(|c| c.proto == Proto::Tcp)
        .map(|c| (c.id, c.client_endpoint.clone()))
        .collect();
    let mut stories: BTreeMap<u32, ConnStory> = BTreeMap::new();
    for seg in trace.segments.iter_mut() {
        let Some(client) = clients.get(&seg.conn) else {
            continue;
        };
        let from_client = seg.from == *client;
        let story = stories.entry(seg.conn).or_default();
        let key = key_of(seg);
        if key == "seg.data.http" || key == "seg.data.http.push" {
            let Some(http) = seg.http.clone() else {
                continue;
            };
            let line = http.split(" | ").next().unwrap_or("").to_string();
            if let Some(id) = line.strip_prefix("EVENT ") {
                // A pushed item on a plain TCP connection: no request asked for it.
                let id = id.to_string();
                retell(seg, "seg.push.event", &[("id", id)], "9293#3.8");
                continue;
            }
            if line.starts_with("SUBSCRIBE") {
                retell(seg, "seg.push.subscribe", &[], "9293#3.8");
                continue;
            }
            let is_request = line.ends_with(" HTTP/1.0") || line.ends_with(" HTTP/1.1");
            if !(is_request || line.starts_with("HTTP/")) {
                continue;
            }
            if from_client {
                let index = story.requests.len() + 1;
                story.requests.push((line.clone(), seg.sent_us));
                let idx = index.to_string();
                let head = head_of(seg);
                if line.ends_with("HTTP/1.0") && !head.contains("connection: keep-alive") {
                    retell(seg, "seg.http.request.http10", &[], "1945#1.3");
                } else if head.contains("connection: close") {
                    retell(seg, "seg.http.request.close", &[("index", idx)], "9112#9.6");
                } else if index == 1 {
                    retell(seg, "seg.http.request.first", &[], "9112#9.3");
                } else {
                    let prev = index - 1;
                    let answered = story
                        .responses
                        .get(prev - 1)
                        .copied()
                        .flatten()
                        .is_some_and(|at| at <= seg.sent_us);
                    let extra = [("index", idx), ("prev", prev.to_string())];
                    if answered {
                        retell(seg, "seg.http.request.reuse", &extra, "9112#9.3");
                    } else {
                        retell(seg, "seg.http.request.pipelined", &extra, "9112#9.3.2");
                    }
                }
            } else {
                let index = story.responses.len() + 1;
                story.responses.push(seg.recv_us);
                story.closing = closing_response(seg, &line);
                let since = core::mem::replace(&mut story.last_response_us, seg.sent_us);
                let held_poll = polls_held.get(&seg.conn).and_then(|v| {
                    v.iter()
                        .rev()
                        .find(|&&h| h <= seg.sent_us && h >= since)
                        .copied()
                });
                if let Some(h) = held_poll {
                    let key = if line.contains(" 204") {
                        "seg.http.response.long_poll.timeout"
                    } else {
                        "seg.http.response.long_poll"
                    };
                    let held = ms(seg.sent_us - h);
                    retell(seg, key, &[("held", held)], "6202#2.1");
                    continue;
                }
                let idx = index.to_string();
                let request = story.requests.get(index - 1).map(|r| r.0.clone());
                let held_at = request
                    .as_ref()
                    .and_then(|r| held.get(&(seg.conn, r.clone())).cloned());
                let request = request.unwrap_or_default();
                match (held_at, story.closing) {
                    (Some((at, behind)), _) => retell(
                        seg,
                        "seg.http.response.held",
                        &[
                            ("index", idx),
                            ("request", request),
                            ("behind", behind),
                            ("ready", ms(at)),
                            ("waited", ms(seg.sent_us.saturating_sub(at))),
                        ],
                        "9112#9.3.2",
                    ),
                    (None, Some("http10")) => retell(
                        seg,
                        "seg.http.response.http10",
                        &[("index", idx), ("request", request)],
                        "1945#1.3",
                    ),
                    (None, Some(_)) => retell(
                        seg,
                        "seg.http.response.close",
                        &[("index", idx), ("request", request)],
                        "9112#9.6",
                    ),
                    (None, None) => retell(
                        seg,
                        "seg.http.response",
                        &[("index", idx), ("request", request)],
                        "9112#9.3",
                    ),
                }
            }
        } else if !from_client && seg.has(Flag::Fin) && key == "seg.fin" {
            if let Some(why) = story.closing {
                let (k, rfc) = match why {
                    "http10" => ("seg.http.fin.http10", "1945#1.3"),
                    _ => ("seg.http.fin.close", "9112#9.6"),
                };
                retell(seg, k, &[], rfc);
            } else if idle_close
                .get(&seg.conn)
                .is_some_and(|&at| at <= seg.sent_us)
            {
                let idle = idle_ms.get(&seg.conn).cloned().unwrap_or_default();
                retell(seg, "seg.http.fin.idle", &[("ms", idle)], "9112#9.5");
            }
        } else if from_client
            && key == "seg.fin"
            && !story.responses.is_empty()
            && story.closing.is_none()
        {
            let count = story.responses.len().to_string();
            retell(seg, "seg.http.fin.done", &[("count", count)], "9112#9.6");
        }
    }
}

/// Inserts an event at its place in time (after the events of the same instant).
pub fn insert_event(trace: &mut Trace, e: Event) {
    let at = trace.events.partition_point(|x| x.at_us <= e.at_us);
    trace.events.insert(at, e);
}

/// A story event on `endpoint`.
pub fn event(at_us: u64, endpoint: &str, conn: Option<u32>, kind: EventKind, m: Msg) -> Event {
    Event {
        at_us,
        endpoint: String::from(endpoint),
        conn,
        kind,
        text: i18n::render(Lang::En, &m),
        msg: Some(m),
    }
}

/// Figures of a set of connections.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Connections.
    pub connections: usize,
    /// Segments and datagrams put on the wire (retransmissions included).
    pub segments: usize,
    /// Payload bytes (retransmissions included).
    pub bytes: u64,
    /// Segments that were retransmissions.
    pub retransmissions: usize,
    /// Segments lost on the way.
    pub lost: usize,
    /// From the first segment sent to the last one received.
    pub first_us: u64,
    /// See `first_us`.
    pub last_us: u64,
}

/// The figures of the connections `conns` (all of them if `None`).
pub fn figures(trace: &Trace, conns: Option<&[u32]>) -> Figures {
    let mut f = Figures {
        first_us: u64::MAX,
        ..Figures::default()
    };
    let mut seen: Vec<u32> = Vec::new();
    for s in &trace.segments {
        if conns.is_some_and(|c| !c.contains(&s.conn)) {
            continue;
        }
        if !seen.contains(&s.conn) {
            seen.push(s.conn);
        }
        f.segments += 1;
        f.bytes += u64::from(s.len);
        // What the tags call a retransmission (as Wireshark would): data resuming after a
        // refused zero-window probe is not one.
        if s.analysis.iter().any(|a| {
            matches!(
                a,
                crate::trace::Analysis::Retransmission
                    | crate::trace::Analysis::FastRetransmission
                    | crate::trace::Analysis::SpuriousRetransmission
            )
        }) {
            f.retransmissions += 1;
        }
        if matches!(s.fate, Fate::Dropped | Fate::DroppedByMiddlebox) {
            f.lost += 1;
        }
        f.first_us = f.first_us.min(s.sent_us);
        f.last_us = f
            .last_us
            .max(s.recv_us.or(s.lost_us()).unwrap_or(s.sent_us));
    }
    f.connections = seen.len();
    if f.segments == 0 {
        f.first_us = 0;
    }
    f
}

/// Appends the closing summary of a run: connections opened, segments, bytes,
/// retransmissions, losses and time on the wire.
pub fn add_summary(trace: &mut Trace) {
    if cfg!(feature = "measure-no-record") {
        return;
    }
    let f = figures(trace, None);
    let tcp = trace
        .connections
        .iter()
        .filter(|c| c.proto == Proto::Tcp)
        .count();
    // A run of datagrams only counts datagrams, not segments.
    let key = if tcp == 0 && f.connections > 0 {
        "event.summary.udp"
    } else {
        "event.summary"
    };
    let m = Msg::of(
        key,
        &[
            ("connections", tcp.to_string()),
            ("flows", (f.connections.saturating_sub(tcp)).to_string()),
            ("segments", f.segments.to_string()),
            ("bytes", f.bytes.to_string()),
            ("retransmissions", f.retransmissions.to_string()),
            ("lost", f.lost.to_string()),
            ("ms", ms(f.last_us.saturating_sub(f.first_us))),
        ],
    );
    let at = trace.end_us;
    let first = trace
        .endpoints
        .first()
        .map(|e| e.id.clone())
        .unwrap_or_default();
    let e = event(at, &first, None, EventKind::Summary, m);
    insert_event(trace, e);
}
