//! `zero-window`: a slow reader. The client asks for a large page but its application does
//! not read for a while, so the bytes pile up in its receive buffer and the window it
//! advertises shrinks to zero. The server must stop; its persist timer sends zero-window
//! probes so that a lost window update cannot deadlock the two (RFC 9293 3.8.6.1). When the
//! application finally reads, the client announces the open window (a window update) and
//! the data flows again.

use super::common;
use super::flow_control::add_slow_reader;
use super::lose;
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::fetch::Reading;
use crate::trace::Trace;

/// `body_bytes`: size of the page.
const BODY_BYTES: ParamSpec = ParamSpec {
    key: "body_bytes",
    kind: ParamKind::Int {
        min: 0,
        max: 10_000_000,
    },
    default: Some("12000"),
    help: "param.body_bytes",
};

/// `read_delay_ms`: how long the client application waits before its first read.
const READ_DELAY_MS: ParamSpec = ParamSpec {
    key: "read_delay_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 600_000,
    },
    default: Some("3500"),
    help: "param.read_delay_ms",
};

/// `read_bytes`: bytes the application takes per read.
const READ_BYTES: ParamSpec = ParamSpec {
    key: "read_bytes",
    kind: ParamKind::Int {
        min: 1,
        max: 1_073_741_824,
    },
    default: Some("4380"),
    help: "param.read_bytes",
};

/// `read_every_ms`: time between reads.
const READ_EVERY_MS: ParamSpec = ParamSpec {
    key: "read_every_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 600_000,
    },
    default: Some("500"),
    help: "param.read_every_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "zero-window",
    title: "scenario.zero-window.title",
    intro: "scenario.zero-window.intro",
    params: &common::with_default(
        *crate::with_common![BODY_BYTES, READ_DELAY_MS, READ_BYTES, READ_EVERY_MS],
        "rcv_buf",
        "4380",
    ),
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let body = p.u64("body_bytes")? as usize;
    let reading = Reading::Paced {
        first_us: p.ms_as_us("read_delay_ms")?,
        chunk: p.u64("read_bytes")? as usize,
        every_us: p.ms_as_us("read_every_ms")?,
    };
    let mut pair = common::client_server(p)?;
    add_slow_reader(&mut pair, body, reading);
    Ok(lose::finish(pair.sim, p))
}
