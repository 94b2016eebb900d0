//! Named scenarios and their typed parameters: the entry point every consumer (CLI, page,
//! tests) uses to turn `(scenario id, parameters)` into a [`Trace`].
//!
//! Parameters arrive as text (`--set key=value`, a URL hash) and are checked against the
//! scenario's [`ParamSpec`]s; an unknown key or a value out of range is refused with a
//! [`ScenarioError`] that names the key and the accepted range.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::i18n::{self, Lang};
use crate::net::Limits;
use crate::trace::{Event, EventKind, Msg, Proto, Trace};

/// The type and range of a parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    /// A whole number in `min..=max`.
    Int {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// A number in `min..=max`.
    Float {
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value.
        max: f64,
    },
    /// `true` or `false`.
    Bool,
    /// An `ip:port` socket address (IPv4 or `[v6]:port`).
    SocketAddr,
    /// A comma-separated list of segment ids (may be empty).
    IdList,
    /// One of the listed words.
    Choice(&'static [&'static str]),
}

/// One parameter a scenario accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// Key as written in `--set key=value` and in share links (`client.isn`).
    pub key: &'static str,
    /// Type and range.
    pub kind: ParamKind,
    /// Default as text; `None` when the value is drawn from the seed (ISNs, ports).
    pub default: Option<&'static str>,
    /// Message key of a one-line description (`param.latency_ms`).
    pub help: &'static str,
}

/// A named scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScenarioInfo {
    /// Stable id used by the CLI, share links and embeds.
    pub id: &'static str,
    /// Message key of the title.
    pub title: &'static str,
    /// Message key of the introduction (what to watch for).
    pub intro: &'static str,
    /// Every parameter it accepts, common ones included.
    pub params: &'static [ParamSpec],
}

/// Why a scenario could not be run. `Display` gives one line naming what was wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioError {
    /// No scenario has this id.
    UnknownScenario(String),
    /// The scenario has no parameter with this key.
    UnknownParam {
        /// Scenario id.
        scenario: String,
        /// The key given.
        key: String,
    },
    /// The value does not parse or is out of range.
    BadValue {
        /// Parameter key.
        key: String,
        /// The value given.
        value: String,
        /// What is accepted, e.g. "an integer from 0 to 4294967295" (`error.expected.*`).
        expected: Msg,
    },
    /// The parameters are each valid but do not fit together (`error.conflict.*`).
    Conflict(Msg),
}

impl ScenarioError {
    /// The one line naming what was wrong, in a language (`error.*` keys).
    pub fn render(&self, lang: Lang) -> String {
        let t = |key: &str, args: &[(&str, &str)]| i18n::MESSAGES.text(lang, key, args);
        match self {
            ScenarioError::UnknownScenario(id) => t("error.scenario.unknown", &[("id", id)]),
            ScenarioError::UnknownParam { scenario, key } => t(
                "error.param.unknown",
                &[("scenario", scenario), ("key", key)],
            ),
            ScenarioError::BadValue {
                key,
                value,
                expected,
            } => t(
                "error.param.bad_value",
                &[
                    ("key", key),
                    ("value", value),
                    ("expected", &i18n::render(lang, expected)),
                ],
            ),
            ScenarioError::Conflict(why) => i18n::render(lang, why),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

mod abort;
mod big_response;
mod bottleneck_queue;
mod browse;
pub mod common;
mod congestion_avoidance;
mod data_loss;
mod fast_recovery;
mod fast_retransmit;
mod flow_control;
mod half_close;
mod handshake;
mod heartbeat;
mod http10;
mod http11_keepalive;
mod http11_pipelining;
mod http_compare;
mod long_polling;
mod lose;
mod lost_final_ack;
mod middlebox_idle_timeout;
mod multi_client;
mod nagle_delayed_ack;
pub mod params;
mod peer_restart;
mod rst_closed_port;
mod server_close;
mod server_push;
mod short_polling;
mod simultaneous_close;
mod simultaneous_open;
mod slow_start;
mod story;
mod syn_loss;
mod tcp_keepalive;
mod udp;
mod web;
mod zero_window;

pub use params::Params;

/// Every scenario, in the order a course would take them.
static LIST: &[ScenarioInfo] = &[
    handshake::INFO,
    browse::INFO,
    server_close::INFO,
    http10::INFO,
    http11_keepalive::INFO,
    http11_pipelining::INFO,
    http_compare::INFO,
    multi_client::INFO,
    short_polling::INFO,
    long_polling::INFO,
    server_push::INFO,
    udp::INFO,
    heartbeat::INFO,
    tcp_keepalive::INFO,
    middlebox_idle_timeout::INFO,
    rst_closed_port::INFO,
    peer_restart::INFO,
    abort::INFO,
    syn_loss::INFO,
    data_loss::INFO,
    fast_retransmit::INFO,
    lost_final_ack::INFO,
    simultaneous_open::INFO,
    simultaneous_close::INFO,
    half_close::INFO,
    zero_window::INFO,
    big_response::INFO,
    slow_start::INFO,
    congestion_avoidance::INFO,
    fast_recovery::INFO,
    flow_control::INFO,
    nagle_delayed_ack::INFO,
    bottleneck_queue::INFO,
];

/// Builds and runs one scenario from its checked parameters.
type Build = fn(&mut Params) -> Result<Trace, ScenarioError>;

/// The builder of a scenario id in [`LIST`].
fn builder(id: &str) -> Option<Build> {
    match id {
        "handshake" => Some(handshake::run),
        "browse" => Some(browse::run),
        "server-close" => Some(server_close::run),
        "http10" => Some(http10::run),
        "http11-keepalive" => Some(http11_keepalive::run),
        "http11-pipelining" => Some(http11_pipelining::run),
        "http-compare" => Some(http_compare::run),
        "multi-client" => Some(multi_client::run),
        "short-polling" => Some(short_polling::run),
        "long-polling" => Some(long_polling::run),
        "server-push" => Some(server_push::run),
        "udp" => Some(udp::run),
        "heartbeat" => Some(heartbeat::run),
        "tcp-keepalive" => Some(tcp_keepalive::run),
        "middlebox-idle-timeout" => Some(middlebox_idle_timeout::run),
        "rst-closed-port" => Some(rst_closed_port::run),
        "peer-restart" => Some(peer_restart::run),
        "abort" => Some(abort::run),
        "syn-loss" => Some(syn_loss::run),
        "data-loss" => Some(data_loss::run),
        "fast-retransmit" => Some(fast_retransmit::run),
        "lost-final-ack" => Some(lost_final_ack::run),
        "simultaneous-open" => Some(simultaneous_open::run),
        "simultaneous-close" => Some(simultaneous_close::run),
        "half-close" => Some(half_close::run),
        "zero-window" => Some(zero_window::run),
        "big-response" => Some(big_response::run),
        "slow-start" => Some(slow_start::run),
        "congestion-avoidance" => Some(congestion_avoidance::run),
        "fast-recovery" => Some(fast_recovery::run),
        "flow-control" => Some(flow_control::run),
        "nagle-delayed-ack" => Some(nagle_delayed_ack::run),
        "bottleneck-queue" => Some(bottleneck_queue::run),
        _ => None,
    }
}

/// Every scenario, in the order a course would take them.
pub fn list() -> &'static [ScenarioInfo] {
    LIST
}

/// The scenario with this id.
pub fn find(id: &str) -> Option<&'static ScenarioInfo> {
    list().iter().find(|s| s.id == id)
}

/// Runs a scenario with parameters given as `(key, value)` text pairs (later pairs win).
/// The key `seed` selects the seed of the run's random generator.
pub fn run(id: &str, overrides: &[(String, String)]) -> Result<Trace, ScenarioError> {
    run_limited(id, overrides, Limits::default())
}

/// [`run`] within `limits`: at most so many segments (the Trace then ends with a
/// `run-truncated` event), with progress told to a listener.
pub fn run_limited(
    id: &str,
    overrides: &[(String, String)],
    limits: Limits,
) -> Result<Trace, ScenarioError> {
    let (Some(info), Some(build)) = (find(id), builder(id)) else {
        return Err(ScenarioError::UnknownScenario(String::from(id)));
    };
    let mut params = Params::parse(info, overrides)?;
    params.set_limits(limits);
    let mut trace = build(&mut params)?;
    if let Ok(ids) = params.ids("drop") {
        note_unused_drops(&mut trace, &ids);
    }
    Ok(trace)
}

/// Says so when `drop` named segments past the run's last (`drop=99` on a run of 11): the
/// value is valid, but only the run can tell that nothing was dropped for it. A run cut at
/// the cap says nothing here: the whole run may have sent them.
fn note_unused_drops(trace: &mut Trace, ids: &[u32]) {
    if trace
        .events
        .iter()
        .any(|e| e.kind == EventKind::RunTruncated)
    {
        return;
    }
    let sent = trace.segments.len();
    let mut unused: Vec<String> = Vec::new();
    for id in ids.iter().filter(|&&id| id as usize >= sent) {
        let name = alloc::format!("#{id}");
        if !unused.contains(&name) {
            unused.push(name);
        }
    }
    if unused.is_empty() {
        return;
    }
    // A run of datagrams only numbers datagrams, as its summary counts them.
    let udp = trace.segments.iter().all(|s| s.proto == Proto::Udp);
    let key = match (udp, unused.len() == 1) {
        (false, true) => "event.drop_unused.one",
        (false, false) => "event.drop_unused.many",
        (true, true) => "event.drop_unused.udp.one",
        (true, false) => "event.drop_unused.udp.many",
    };
    let msg = Msg::of(
        key,
        &[
            ("ids", unused.join(", ")),
            ("last", sent.saturating_sub(1).to_string()),
        ],
    );
    // Before the summary, which stays the run's last word.
    let at = trace
        .events
        .iter()
        .rposition(|e| e.kind != EventKind::Summary)
        .map_or(0, |i| i + 1);
    trace.events.insert(
        at,
        Event {
            at_us: trace.end_us,
            endpoint: String::new(),
            conn: None,
            kind: EventKind::DropUnused,
            text: i18n::render(Lang::En, &msg),
            msg: Some(msg),
        },
    );
}

/// Convenience for tests and tools: `run` with `&str` pairs.
pub fn run_with(id: &str, overrides: &[(&str, &str)]) -> Result<Trace, ScenarioError> {
    let owned: Vec<(String, String)> = overrides
        .iter()
        .map(|(k, v)| (String::from(*k), String::from(*v)))
        .collect();
    run(id, &owned)
}
