//! `peer-restart`: a browser keeps an HTTP/1.1 connection open between two pages; while it
//! is idle the server host crashes and boots again, forgetting the connection. The client
//! still holds its side (a half-open connection, RFC 9293 3.5.1), so its next request
//! reaches a host with no such connection, which answers with RST (RFC 9293 3.5.2): the
//! reset's sequence number is the request's acknowledgment number, exactly what the client
//! expects next, so the client accepts it (RFC 5961 3.2), goes to CLOSED and is told
//! "connection reset by peer". With `reconnect` the browser then sends the GET again on a
//! new connection (RFC 9112 9.3.1) and gets its page.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::common::{self, client_server};
use super::story;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::http::{HttpServer, ServerConfig};
use crate::app::retry::{RetryClient, RetryConfig};
use crate::trace::{EventKind, Trace};
use crate::units::ms;

/// `crash_at_ms`: when the server host crashes.
const CRASH_AT_MS: ParamSpec = ParamSpec {
    key: "crash_at_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 3_600_000,
    },
    default: Some("1000"),
    help: "param.crash_at_ms",
};

/// `down_ms`: how long the host takes to come back.
pub const DOWN_MS: ParamSpec = ParamSpec {
    key: "down_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 600_000,
    },
    default: Some("2000"),
    help: "param.down_ms",
};

/// `pause_ms`: the idle time between the first page and the request for the next.
const PAUSE_MS: ParamSpec = ParamSpec {
    key: "pause_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 3_600_000,
    },
    default: Some("5000"),
    help: "param.pause_ms",
};

/// `reconnect`: the browser sends the failed GET again on a new connection.
const RECONNECT: ParamSpec = ParamSpec {
    key: "reconnect",
    kind: ParamKind::Bool,
    default: Some("true"),
    help: "param.reconnect",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "peer-restart",
    title: "scenario.peer-restart.title",
    intro: "scenario.peer-restart.intro",
    params: crate::with_common![CRASH_AT_MS, DOWN_MS, PAUSE_MS, RECONNECT],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let crash = p.ms_as_us("crash_at_ms")?;
    let down = p.ms_as_us("down_ms")?;
    let pause = p.ms_as_us("pause_ms")?;
    let retry = p.bool("reconnect")?;
    let mut pair = client_server(p)?;
    // The web server is started at boot: after the restart it listens again.
    let server = ServerConfig {
        port: pair.server_addr.port(),
        ..ServerConfig::default()
    };
    pair.sim.add_service(pair.server, HttpServer::new(server));
    pair.sim.add_app(
        pair.client,
        RetryClient::new(RetryConfig {
            server: pair.server_addr,
            paths: super::web::paths(2),
            think_us: 10_000,
            pause_us: pause,
            retry,
        }),
    );
    pair.sim.crash_host(pair.server, crash, Some(crash + down));
    let mut trace = common::finish(pair.sim, p);
    story::annotate_http(&mut trace);
    tell_requests(&mut trace);
    story::add_summary(&mut trace);
    Ok(trace)
}

/// Tells the two requests this story is about: the one written on the kept connection
/// after the server forgot it, and the one sent again on a new connection.
fn tell_requests(trace: &mut Trace) {
    let crashes: Vec<u64> = trace
        .events
        .iter()
        .filter(|e| e.kind == EventKind::HostCrashed)
        .map(|e| e.at_us)
        .collect();
    // Connections on which the browser retried a request: conn -> request number.
    let retried: Vec<(u32, String)> = trace
        .events
        .iter()
        .filter(|e| e.kind == EventKind::RequestRetried)
        .filter_map(|e| Some((e.conn?, e.msg.as_ref()?.args.get("index")?.clone())))
        .collect();
    let mut count: Vec<(u32, usize)> = Vec::new();
    let mut retold_retry: Vec<u32> = Vec::new();
    let mut renumbered: Vec<u32> = Vec::new();
    for i in 0..trace.segments.len() {
        let seg = &trace.segments[i];
        let key = seg.message_key().unwrap_or_default();
        let from_client = trace
            .connections
            .get(seg.conn as usize)
            .is_some_and(|c| c.client_endpoint == seg.from);
        if !from_client {
            // The answer to the request sent again carries the browser's number for it,
            // not 1 (the first response on the server's new connection).
            if key.starts_with("seg.http.response") && !renumbered.contains(&seg.conn) {
                if let Some((conn, n)) = retried.iter().find(|(c, _)| *c == seg.conn) {
                    renumbered.push(*conn);
                    let seg = &mut trace.segments[i];
                    if let Some(mut m) = seg.message_kept().cloned() {
                        m.args.insert("index", n.clone());
                        seg.set_explain(String::new());
                        seg.msg = m.into();
                    }
                }
            }
            continue;
        }
        if !key.starts_with("seg.http.request") {
            continue;
        }
        let conn = seg.conn;
        let index = match count.iter_mut().find(|(c, _)| *c == conn) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                count.push((conn, 1));
                1
            }
        };
        let opened = trace
            .segments
            .iter()
            .find(|s| s.conn == conn)
            .map_or(0, |s| s.sent_us);
        let sent = seg.sent_us;
        // Written on a connection the server lost in a crash since it was opened.
        let lost = crashes.iter().copied().find(|&c| opened < c && c <= sent);
        if let Some(at) = lost {
            story::retell(
                &mut trace.segments[i],
                "seg.http.request.half_open",
                &[("index", index.to_string()), ("crash", ms(at))],
                "9293#3.5.1",
            );
        } else if let Some((_, n)) = retried.iter().find(|(c, _)| *c == conn) {
            if !retold_retry.contains(&conn) {
                retold_retry.push(conn);
                story::retell(
                    &mut trace.segments[i],
                    "seg.http.request.retry",
                    &[("index", n.clone())],
                    "9112#9.3.1",
                );
            }
        }
    }
}
