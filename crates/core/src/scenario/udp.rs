//! `udp`: a question and its answer in two datagrams (RFC 768): no handshake, no
//! acknowledgment, no teardown, no sequence numbers. `lose` drops the question or the
//! answer: nothing on the wire reports it, only the client's own timer notices the silence
//! and asks again, and the server cannot tell the repeated question from a new one.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::common::{self, cast};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::udp::{AnswerServer, QueryClient, QueryConfig};
use crate::trace::{Args, Msg, Segment, Trace};

/// `lose`: which datagram the network loses (the first of its kind).
const LOSE: ParamSpec = ParamSpec {
    key: "lose",
    kind: ParamKind::Choice(&["none", "request", "reply"]),
    default: Some("none"),
    help: "param.udp.lose",
};

/// `timeout_ms`: how long the client waits for the answer before asking again.
const TIMEOUT_MS: ParamSpec = ParamSpec {
    key: "timeout_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 60_000,
    },
    default: Some("300"),
    help: "param.udp.timeout_ms",
};

/// `retries`: how many times the client asks again before giving up.
const RETRIES: ParamSpec = ParamSpec {
    key: "retries",
    kind: ParamKind::Int { min: 0, max: 10 },
    default: Some("2"),
    help: "param.udp.retries",
};

/// `server.think_ms`: time the server takes to answer.
const SERVER_THINK_MS: ParamSpec = ParamSpec {
    key: "server.think_ms",
    kind: ParamKind::Int {
        min: 0,
        max: 60_000,
    },
    default: Some("5"),
    help: "param.server.think_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "udp",
    title: "scenario.udp.title",
    intro: "scenario.udp.intro",
    params: crate::with_network![LOSE, TIMEOUT_MS, RETRIES, SERVER_THINK_MS],
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut c = cast(p)?;
    // The question is datagram 0; if it arrives, the answer is datagram 1.
    let lost: Vec<u32> = match p.choice("lose")? {
        "request" => alloc::vec![0],
        "reply" => alloc::vec![1],
        _ => Vec::new(),
    };
    for id in lost {
        if !c.link.drop_ids.contains(&id) {
            c.link.drop_ids.push(id);
        }
    }
    let client_addr = c.client_addr;
    let server_addr = c.server_addr;
    let mut pair = c.pair();
    pair.sim.add_app(
        pair.server,
        AnswerServer::new(
            server_addr.port(),
            p.ms_as_us("server.think_ms")?,
            "93.184.216.34",
        ),
    );
    pair.sim.add_app(
        pair.client,
        QueryClient::new(QueryConfig {
            server: server_addr,
            local_port: client_addr.port(),
            name: alloc::string::String::from("example.com"),
            timeout_us: p.ms_as_us("timeout_ms")?,
            retries: p.u64("retries")? as u32,
        }),
    );
    let mut trace = common::finish(pair.sim, p);
    retell_retries(&mut trace, p.u64("timeout_ms")?);
    super::story::add_summary(&mut trace);
    Ok(trace)
}

/// Tells the datagrams that only exist because one was lost: the question asked again
/// after the client's timer ran out, and an answer to a question the server had already
/// answered.
fn retell_retries(trace: &mut Trace, timeout_ms: u64) {
    let client = trace
        .endpoints
        .first()
        .map(|e| e.id.clone())
        .unwrap_or_default();
    let mut answer = 0;
    let mut asked = 0u32;
    for seg in trace.segments.iter_mut() {
        let Some(m) = seg.message().map(|m| m.into_owned()) else {
            continue;
        };
        if seg.from == client {
            // Every datagram from the client is the same question.
            asked += 1;
            if asked > 1 {
                let mut extra = m.args.clone();
                extra.insert("attempt", asked.to_string());
                extra.insert("ms", timeout_ms.to_string());
                set(seg, "seg.udp.retry", extra);
            }
        } else {
            answer += 1;
            if answer > 1 {
                let mut extra = m.args.clone();
                extra.insert("times", answer.to_string());
                set(seg, "seg.udp.answer_again", extra);
            }
        }
    }
}

fn set(seg: &mut Segment, key: &'static str, args: Args) {
    let m = Msg {
        key: key.into(),
        args,
        ..Msg::default()
    };
    seg.set_explain(String::new());
    seg.msg = m.into();
}
