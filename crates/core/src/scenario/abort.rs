//! `abort`: a download that one side aborts in the middle (RFC 9293 3.10.5 ABORT: a user
//! cancelling it, a socket closed with SO_LINGER 0, a server process killed). Its TCP sends
//! RST instead of FIN and deletes the connection at once: no FIN exchange, no TIME-WAIT.
//! The peer accepts the RST (its sequence number is exactly the one it expects), goes to
//! CLOSED and its application is told "connection reset by peer". Segments already on
//! their way toward the aborter find no connection there: RFC 9293 3.10.7.1 (CLOSED)
//! answers each of them with another RST, which the peer, closed by then, discards.

use alloc::string::String;
use alloc::vec::Vec;

use super::common::{self, client_server};
use super::story;
use super::web::BODY_BYTES;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::download::{Downloader, DownloaderConfig, FileServer, FileServerConfig};
use crate::tcp::State;
use crate::trace::{Flag, Name, Trace};

/// `aborter`: which side aborts.
const ABORTER: ParamSpec = ParamSpec {
    key: "aborter",
    kind: ParamKind::Choice(&["client", "server"]),
    default: Some("client"),
    help: "param.aborter",
};

/// `abort_after_ms`: when, counted from the start of the response.
const ABORT_AFTER_MS: ParamSpec = ParamSpec {
    key: "abort_after_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 600_000,
    },
    default: Some("100"),
    help: "param.abort_after_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "abort",
    title: "scenario.abort.title",
    intro: "scenario.abort.intro",
    // A big file on a slow link: the transfer lasts long enough to be cut in the middle.
    params: &common::with_defaults(
        *crate::with_common![ABORTER, ABORT_AFTER_MS, BODY_BYTES],
        &[("body_bytes", "60000"), ("bandwidth_kbps", "2000")],
    ),
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let by_client = p.choice("aborter")? == "client";
    let after = p.ms_as_us("abort_after_ms")?;
    let body = p.u64("body_bytes")? as usize;
    let mut pair = client_server(p)?;
    pair.sim.add_app(
        pair.server,
        FileServer::new(FileServerConfig {
            port: pair.server_addr.port(),
            body_bytes: body,
            think_us: 10_000,
            abort_after_us: (!by_client).then_some(after),
        }),
    );
    pair.sim.add_app(
        pair.client,
        Downloader::new(DownloaderConfig {
            server: pair.server_addr,
            path: String::from("/big.iso"),
            think_us: 10_000,
            abort_after_us: by_client.then_some(after),
        }),
    );
    let mut trace = common::finish(pair.sim, p);
    tell_late_resets(&mut trace);
    story::add_summary(&mut trace);
    Ok(trace)
}

/// The RSTs the aborter's host sends after its abort, each answering a segment that was
/// already on its way: told as such, and as discarded when the peer had closed by then.
fn tell_late_resets(trace: &mut Trace) {
    let aborts: Vec<(u32, Name, u64)> = trace
        .segments
        .iter()
        .filter(|s| s.message_key().is_some_and(|k| k == "seg.rst.abort"))
        .map(|s| (s.conn, s.from.clone(), s.sent_us))
        .collect();
    for (conn, aborter, at) in aborts {
        // When the peer's side of this connection reached CLOSED.
        let peer_closed = trace
            .states
            .iter()
            .find(|c| c.conn == Some(conn) && c.endpoint != aborter && c.to == State::Closed)
            .map(|c| c.at_us);
        for seg in trace.segments.iter_mut() {
            let late = seg.conn == conn
                && seg.from == aborter
                && seg.sent_us >= at
                && seg.has(Flag::Rst)
                && seg
                    .message_key()
                    .is_some_and(|k| matches!(&*k, "seg.rst.no_connection" | "seg.rst.listening"));
            if !late {
                continue;
            }
            let discarded = matches!((seg.recv_us, peer_closed), (Some(r), Some(c)) if c < r);
            let key = if discarded {
                "seg.rst.after_abort.discarded"
            } else {
                "seg.rst.after_abort"
            };
            story::retell(seg, key, &[], "9293#3.10.7.1");
        }
    }
}
