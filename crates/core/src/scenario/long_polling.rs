//! `long-polling`: the client asks once and the server does not answer until it has news
//! (or its hold timer runs out: then it answers `204 No Content` and the client simply asks
//! again). News reaches the client one one-way latency after it happens, over one
//! persistent connection.

use super::common::client_server;
use super::web::{
    self, CLIENT_THINK_MS, NEWS_COUNT, NEWS_EVERY_MS, NEWS_FIRST_MS, SERVER_THINK_MS,
};
use super::{ParamKind, ParamSpec, Params, ScenarioError, ScenarioInfo};
use crate::app::news::{NewsConfig, NewsServer};
use crate::app::polling::{PollConfig, PollMode, Poller};
use crate::trace::Trace;

/// `hold_ms`: how long the server keeps a request without news before answering 204.
const HOLD_MS: ParamSpec = ParamSpec {
    key: "hold_ms",
    kind: ParamKind::Int {
        min: 1,
        max: 600_000,
    },
    default: Some("1000"),
    help: "param.long_poll.hold_ms",
};

/// The scenario.
pub const INFO: ScenarioInfo = ScenarioInfo {
    id: "long-polling",
    title: "scenario.long-polling.title",
    intro: "scenario.long-polling.intro",
    params: &super::common::with_default(
        *crate::with_common![
            HOLD_MS,
            NEWS_FIRST_MS,
            NEWS_EVERY_MS,
            NEWS_COUNT,
            SERVER_THINK_MS,
            CLIENT_THINK_MS
        ],
        "news.count",
        "2",
    ),
};

/// Builds and runs it.
pub fn run(p: &mut Params) -> Result<Trace, ScenarioError> {
    let mut pair = client_server(p)?;
    let think = p.ms_as_us("server.think_ms")?;
    let news = web::news_times(p)?;
    let items = news.len();
    let server = NewsConfig {
        http_port: Some(pair.server_addr.port()),
        push_port: None,
        news_at_us: news,
        hold_us: Some(p.ms_as_us("hold_ms")?),
        think_us: think,
        offline_after_us: None,
        close_delay_us: think,
    };
    let client = PollConfig {
        server: pair.server_addr,
        mode: PollMode::Long,
        // Enough requests for every item even if each one waits out a hold.
        max_polls: 200,
        until_items: Some(items),
        think_us: p.ms_as_us("client.think_ms")?,
        label: alloc::string::String::from("term.way.long-polling"),
    };
    pair.sim.add_app(pair.server, NewsServer::new(server));
    pair.sim.add_app(pair.client, Poller::new(client));
    Ok(web::finish(pair.sim, p))
}
