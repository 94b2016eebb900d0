//! `flow-control`: a receiver whose application reads more slowly than the network
//! delivers. Unread bytes fill the receive buffer, the window the client advertises
//! shrinks, and the server sends only what that window allows: flow control (RFC 9293
//! 3.8.6), not congestion control, limits it; the plots show rwnd below cwnd. The
//! application keeps reading, so the transfer goes on at its pace (unlike `zero-window`,
//! where it stops reading and the window closes).

use alloc::string::String;

use super::big_response::add_server_with_client;
use super::common::{self, Pair};
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::fetch::{FetchConfig, Fetcher, Reading};
use crate::trace::Trace;

const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("200000"),
    help: "param.body_bytes",
};

const READ_BYTES: ParamSpec = ParamSpec {
    key: "read_bytes",
    kind: ParamKind::Int {
        min: 1,
        max: 1_073_741_824,
    },
    default: Some("8192"),
    help: "param.read_bytes",
};

const READ_EVERY_MS: ParamSpec = ParamSpec {
    key: "read_every_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 600_000,
    },
    default: Some("40"),
    help: "param.read_every_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "flow-control",
    title: "scenario.flow-control.title",
    intro: "scenario.flow-control.intro",
    params: &common::with_defaults(
        *crate::with_common![BODY_BYTES, READ_BYTES, READ_EVERY_MS],
        &[("rcv_buf", "32768"), ("bandwidth_kbps", "20000")],
    ),
};

/// Puts a client that fetches one file of `body_bytes` and reads it as `reading` says on
/// the pair's client, and the web server on its server (`zero-window` uses it too).
pub(super) fn add_slow_reader(pair: &mut Pair, body_bytes: usize, reading: Reading) {
    let fetcher = Fetcher::new(FetchConfig {
        server: pair.server_addr,
        path: String::from("/video.bin"),
        half_close: false,
        reading,
    });
    add_server_with_client(pair, body_bytes, fetcher);
}

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let body = p.u64("body_bytes")? as usize;
    let every_us = p.ms_as_us("read_every_ms")?;
    let reading = Reading::Paced {
        first_us: every_us,
        chunk: p.u64("read_bytes")? as usize,
        every_us,
    };
    let mut pair = common::client_server(p)?;
    add_slow_reader(&mut pair, body, reading);
    Ok(lose::finish(pair.sim, p))
}
