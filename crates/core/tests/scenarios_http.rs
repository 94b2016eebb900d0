//! The HTTP, polling, push, five-tuple and UDP scenarios (issue 5): the facts each one
//! exists to show, read from the Trace the way the page and the CLI read it.

use std::collections::{BTreeMap, BTreeSet};

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::scenario::{self, ScenarioError};
use wiretrace_core::tcp::State;
use wiretrace_core::trace::{Event, EventKind, Fate, Flag, Msg, Proto, Segment, Trace};

/// The scenarios this file covers.
const MINE: [&str; 10] = [
    "server-close",
    "http10",
    "http11-keepalive",
    "http11-pipelining",
    "http-compare",
    "short-polling",
    "long-polling",
    "server-push",
    "multi-client",
    "udp",
];

fn run(id: &str, params: &[(&str, &str)]) -> Trace {
    scenario::run_with(id, params).unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn events(t: &Trace, kind: EventKind) -> Vec<&Event> {
    t.events.iter().filter(|e| e.kind == kind).collect()
}

fn arg(e: &Event, key: &str) -> String {
    e.msg
        .as_ref()
        .and_then(|m| m.args.get(key).cloned())
        .unwrap_or_else(|| panic!("event {} has no argument {key}", e.kind))
}

fn num(e: &Event, key: &str) -> f64 {
    arg(e, key)
        .parse()
        .unwrap_or_else(|_| panic!("{key} of {} is not a number", e.kind))
}

/// Segments that start an HTTP request (from the client) on `conn`, in send order.
fn requests(t: &Trace, conn: u32) -> Vec<&Segment> {
    t.segments
        .iter()
        .filter(|s| s.conn == conn && s.http.as_deref().is_some_and(|h| h.starts_with("GET ")))
        .collect()
}

/// Segments that start an HTTP response on `conn`, in send order.
fn responses(t: &Trace, conn: u32) -> Vec<&Segment> {
    t.segments
        .iter()
        .filter(|s| s.conn == conn && s.http.as_deref().is_some_and(|h| h.starts_with("HTTP/")))
        .collect()
}

fn syn(t: &Trace, conn: u32) -> Vec<&Segment> {
    t.segments
        .iter()
        .filter(|s| s.conn == conn && s.has(Flag::Syn) && !s.has(Flag::Ack))
        .collect()
}

fn fins_from<'a>(t: &'a Trace, conn: u32, who: &str) -> Vec<&'a Segment> {
    t.segments
        .iter()
        .filter(|s| s.conn == conn && s.from == who && s.has(Flag::Fin))
        .collect()
}

/// The states `who` passes through on `conn`.
fn states(t: &Trace, who: &str, conn: u32) -> Vec<State> {
    t.states
        .iter()
        .filter(|c| c.endpoint == who && c.conn == Some(conn))
        .map(|c| c.to)
        .collect()
}

fn body(seg: &Segment) -> String {
    String::from_utf8_lossy(&seg.payload.0).into_owned()
}

// ----- server-close ----------------------------------------------------------------------

#[test]
fn server_close_puts_the_server_in_time_wait() {
    let t = run("server-close", &[("idle_timeout_ms", "700")]);
    assert_eq!(t.connections.len(), 1);
    let server_fin = fins_from(&t, 0, "server");
    let client_fin = fins_from(&t, 0, "client");
    assert_eq!((server_fin.len(), client_fin.len()), (1, 1));
    assert!(
        server_fin[0].sent_us < client_fin[0].sent_us,
        "the server closes first"
    );
    // It closes after the keep-alive timeout, counted from its last response.
    let last = responses(&t, 0).last().copied().expect("a response");
    assert_eq!(server_fin[0].sent_us - last.sent_us, 700_000);
    assert_eq!(
        states(&t, "server", 0)[2..],
        [
            State::FinWait1,
            State::FinWait2,
            State::TimeWait,
            State::Closed
        ]
    );
    assert_eq!(
        states(&t, "client", 0)[2..],
        [State::CloseWait, State::LastAck, State::Closed]
    );
    assert_eq!(events(&t, EventKind::IdleClose).len(), 1);
    let fin_key = &server_fin[0].message_kept().unwrap().key;
    assert_eq!(fin_key, "seg.http.fin.idle");
    assert!(
        server_fin[0].explain_en().contains("700 ms"),
        "{}",
        server_fin[0].explain_en()
    );
}

// ----- http10 ----------------------------------------------------------------------------

#[test]
fn http10_opens_one_connection_per_request_and_the_server_closes_each() {
    for n in [1usize, 3, 5] {
        let t = run("http10", &[("requests", &n.to_string())]);
        assert_eq!(t.connections.len(), n, "one connection per request");
        let mut ports = Vec::new();
        for c in &t.connections {
            let id = c.id;
            assert_eq!(syn(&t, id).len(), 1, "conn {id}: its own handshake");
            assert_eq!(requests(&t, id).len(), 1, "conn {id}: one request");
            assert_eq!(responses(&t, id).len(), 1, "conn {id}: one response");
            let (sf, cf) = (fins_from(&t, id, "server"), fins_from(&t, id, "client"));
            assert_eq!((sf.len(), cf.len()), (1, 1), "conn {id}: FIN both ways");
            assert!(
                sf[0].sent_us < cf[0].sent_us,
                "conn {id}: the server closes first"
            );
            assert!(states(&t, "server", id).contains(&State::TimeWait));
            assert!(!states(&t, "client", id).contains(&State::TimeWait));
            let req = requests(&t, id)[0];
            assert!(req.http.as_deref().unwrap().ends_with("HTTP/1.0"));
            assert!(!body(req).to_ascii_lowercase().contains("keep-alive"));
            ports.push(c.client.rsplit(':').next().unwrap().parse::<u16>().unwrap());
        }
        // A new ephemeral port for each connection, and each connection starts after the
        // previous response arrived.
        assert!(ports.windows(2).all(|w| w[1] == w[0] + 1), "{ports:?}");
        for w in t.connections.windows(2) {
            let prev = responses(&t, w[0].id)[0].recv_us.unwrap();
            assert!(syn(&t, w[1].id)[0].sent_us >= prev);
        }
    }
}

// ----- http11-keepalive ------------------------------------------------------------------

#[test]
fn keepalive_carries_every_request_on_one_connection_one_at_a_time() {
    let t = run("http11-keepalive", &[("requests", "4")]);
    assert_eq!(t.connections.len(), 1);
    assert_eq!(syn(&t, 0).len(), 1, "one handshake in total");
    let (req, res) = (requests(&t, 0), responses(&t, 0));
    assert_eq!((req.len(), res.len()), (4, 4));
    for k in 1..4 {
        assert!(
            req[k].sent_us >= res[k - 1].recv_us.unwrap(),
            "request {} waits for response {k}",
            k + 1
        );
        // The stream continues: request k+1 starts where request k ended.
        assert_eq!(req[k].seq, req[k - 1].seq.wrapping_add(req[k - 1].len));
    }
    assert_eq!(fins_from(&t, 0, "client").len(), 1);
    assert!(states(&t, "client", 0).contains(&State::TimeWait));
    let keys: Vec<&str> = req
        .iter()
        .map(|s| s.message_kept().unwrap().key.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "seg.http.request.first",
            "seg.http.request.reuse",
            "seg.http.request.reuse",
            "seg.http.request.reuse"
        ]
    );
    assert_eq!(req[1].rfc.as_deref(), Some("9112#9.3"));
}

// ----- http11-pipelining -----------------------------------------------------------------

#[test]
fn pipelining_sends_every_request_before_the_first_response_arrives() {
    let t = run("http11-pipelining", &[]);
    assert_eq!(t.connections.len(), 1);
    let (req, res) = (requests(&t, 0), responses(&t, 0));
    assert_eq!((req.len(), res.len()), (3, 3));
    let first_response = res[0].recv_us.unwrap();
    for r in &req[1..] {
        assert!(
            r.sent_us < first_response,
            "request sent before response 1 arrived"
        );
        assert_eq!(r.message_kept().unwrap().key, "seg.http.request.pipelined");
        assert_eq!(r.rfc.as_deref(), Some("9112#9.3.2"));
    }
    // Responses in request order: each carries the page its request asked for.
    for (q, r) in req.iter().zip(&res) {
        let target = q.http.as_deref().unwrap().split(' ').nth(1).unwrap();
        assert!(body(r).contains(&format!("GET {target}")), "{target}");
    }
    assert!(res.windows(2).all(|w| w[0].sent_us <= w[1].sent_us));
}

#[test]
fn a_slow_first_response_holds_the_ready_ones_behind_it() {
    let t = run("http11-pipelining", &[("first_response_ms", "300")]);
    let res = responses(&t, 0);
    assert_eq!(res.len(), 3);
    let held = events(&t, EventKind::ResponseHeld);
    assert_eq!(
        held.len(),
        2,
        "responses 2 and 3 were ready but had to wait"
    );
    for (e, r) in held.iter().zip(&res[1..]) {
        assert!(arg(e, "behind").contains("/index.html"));
        // Ready long before it could leave: it waited for response 1.
        assert!(r.sent_us >= res[0].sent_us);
        assert!(
            r.sent_us - e.at_us >= 250_000,
            "waited {} us",
            r.sent_us - e.at_us
        );
        assert!(r.recv_us.unwrap() >= res[0].recv_us.unwrap());
        assert_eq!(r.message_kept().unwrap().key, "seg.http.response.held");
    }
    // Without the slow first response nothing waits.
    let quick = run("http11-pipelining", &[]);
    assert!(events(&quick, EventKind::ResponseHeld).is_empty());
}

// ----- http-compare ----------------------------------------------------------------------

fn compare_results(t: &Trace) -> BTreeMap<String, &Event> {
    events(t, EventKind::CompareResult)
        .into_iter()
        .map(|e| (arg(e, "label"), e))
        .collect()
}

#[test]
fn http_compare_counts_are_right_and_ordered() {
    for n in [2usize, 3, 5] {
        let t = run("http-compare", &[("requests", &n.to_string())]);
        let r = compare_results(&t);
        assert_eq!(r.len(), 3, "{:?}", r.keys());
        let (h10, ka, pl) = (r["HTTP/1.0"], r["keep-alive"], r["pipelining"]);
        for e in [h10, ka, pl] {
            assert_eq!(num(e, "requests") as usize, n);
        }
        assert_eq!(num(h10, "connections") as usize, n);
        assert_eq!(num(ka, "connections") as usize, 1);
        assert_eq!(num(pl, "connections") as usize, 1);
        assert_eq!(t.connections.len(), n + 2, "the trace agrees");
        assert_eq!(num(h10, "round_trips") as usize, 2 * n);
        assert_eq!(num(ka, "round_trips") as usize, n + 1);
        assert_eq!(num(pl, "round_trips") as usize, 2);
        assert!(num(h10, "segments") > num(ka, "segments"));
        assert!(num(ka, "segments") >= num(pl, "segments"));
        assert!(num(pl, "ms") < num(ka, "ms"), "pipelining finishes first");
        assert!(num(ka, "ms") < num(h10, "ms"));
        // The segment counts are those of the trace.
        let total: f64 = [h10, ka, pl].iter().map(|e| num(e, "segments")).sum();
        assert_eq!(total as usize, t.segments.len());
        let summary = events(&t, EventKind::CompareSummary);
        assert_eq!(summary.len(), 1);
        assert_eq!(arg(summary[0], "first"), "pipelining");
        assert_eq!(arg(summary[0], "third"), "HTTP/1.0");
    }
}

#[test]
fn http_compare_runs_the_three_ways_one_after_another() {
    let t = run("http-compare", &[]);
    let starts = events(&t, EventKind::BatchStart);
    let dones = events(&t, EventKind::BatchDone);
    assert_eq!((starts.len(), dones.len()), (3, 3));
    for k in 0..2 {
        assert!(
            dones[k].at_us < starts[k + 1].at_us,
            "part {} ends first",
            k + 1
        );
    }
    // Every segment of a part lies between its start and the next part's start.
    let first_syn: Vec<u64> = t
        .connections
        .iter()
        .map(|c| syn(&t, c.id)[0].sent_us)
        .collect();
    assert!(first_syn.windows(2).all(|w| w[0] < w[1]));
}

// ----- short-polling and long-polling ----------------------------------------------------

#[test]
fn short_polling_opens_one_connection_per_poll() {
    let t = run("short-polling", &[("count", "5"), ("interval_ms", "800")]);
    assert_eq!(t.connections.len(), 5);
    for c in &t.connections {
        assert_eq!(syn(&t, c.id).len(), 1);
        assert_eq!(requests(&t, c.id).len(), 1, "one question per connection");
        assert_eq!(responses(&t, c.id).len(), 1);
        assert!(states(&t, "server", c.id).contains(&State::TimeWait));
    }
    let syns: Vec<u64> = t
        .connections
        .iter()
        .map(|c| syn(&t, c.id)[0].sent_us)
        .collect();
    assert!(syns.windows(2).all(|w| w[1] - w[0] == 800_000), "{syns:?}");
    // Poll timers, the online mark at the first poll and the offline mark after the last.
    let polls = t
        .timers
        .iter()
        .filter(|x| x.kind == wiretrace_core::trace::TimerKind::Poll)
        .count();
    assert_eq!(polls, 4);
    assert_eq!(events(&t, EventKind::ClientOnline).len(), 1);
    let offline = events(&t, EventKind::ClientOffline);
    assert_eq!(offline.len(), 1);
    let last_request = events(&t, EventKind::RequestReceived).last().unwrap().at_us;
    assert_eq!(offline[0].at_us - last_request, 2_500_000);
}

#[test]
fn short_polling_news_waits_for_the_next_poll() {
    let t = run("short-polling", &[]);
    let created = events(&t, EventKind::EventCreated);
    let delivered = events(&t, EventKind::EventDelivered);
    assert_eq!((created.len(), delivered.len()), (1, 1));
    let waited = delivered[0].at_us - created[0].at_us;
    assert!(waited > 500_000, "the news waited {waited} us for a poll");
    assert_eq!(num(delivered[0], "ms") * 1000.0, waited as f64);
}

#[test]
fn long_polling_delivers_news_within_one_one_way_latency() {
    for latency in ["20", "45"] {
        let t = run(
            "long-polling",
            &[("latency_ms", latency), ("news.count", "3")],
        );
        let one_way: u64 = latency.parse::<u64>().unwrap() * 1000;
        assert_eq!(t.connections.len(), 1, "one persistent connection");
        let created = events(&t, EventKind::EventCreated);
        let delivered = events(&t, EventKind::EventDelivered);
        assert_eq!((created.len(), delivered.len()), (3, 3));
        for (c, d) in created.iter().zip(&delivered) {
            assert_eq!(arg(c, "id"), arg(d, "id"));
            assert!(d.at_us - c.at_us <= one_way, "{} us", d.at_us - c.at_us);
        }
        assert!(!events(&t, EventKind::PollHeld).is_empty());
        assert!(
            !events(&t, EventKind::PollTimeout).is_empty(),
            "the hold timer ran out once"
        );
        let keys: BTreeSet<&str> = responses(&t, 0)
            .iter()
            .map(|s| s.message_kept().unwrap().key.as_str())
            .collect();
        assert!(keys.contains("seg.http.response.long_poll"));
        assert!(keys.contains("seg.http.response.long_poll.timeout"));
    }
}

// ----- server-push -----------------------------------------------------------------------

#[test]
fn push_beats_polling_for_every_item() {
    let t = run("server-push", &[]);
    let mut by_way: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for e in events(&t, EventKind::EventDelivered) {
        by_way
            .entry(arg(e, "via"))
            .or_default()
            .insert(arg(e, "id"), num(e, "ms"));
    }
    let (push, poll) = (&by_way["push"], &by_way["short polling"]);
    assert_eq!(push.len(), 3);
    assert_eq!(poll.len(), 3);
    for (id, p) in push {
        assert!(
            *p < poll[id],
            "item {id}: push {p} ms, polling {} ms",
            poll[id]
        );
        assert!(*p <= 20.0, "push arrives one one-way latency later");
    }
    let r: BTreeMap<String, &Event> = events(&t, EventKind::CompareResult)
        .into_iter()
        .map(|e| (arg(e, "label"), e))
        .collect();
    assert_eq!(num(r["push"], "requests"), 1.0);
    assert_eq!(num(r["push"], "connections"), 1.0);
    assert!(num(r["short polling"], "requests") > 1.0);
    assert!(num(r["push"], "mean_ms") < num(r["short polling"], "mean_ms"));
    assert_eq!(events(&t, EventKind::CompareSummary).len(), 1);
    // Pushed items are data on the push connection, not answers to requests.
    let pushed: Vec<&Segment> = t
        .segments
        .iter()
        .filter(|s| s.http.as_deref().is_some_and(|h| h.starts_with("EVENT ")))
        .collect();
    assert_eq!(pushed.len(), 3);
    assert!(pushed
        .iter()
        .all(|s| s.from == "server" && s.to == "client"));
}

// ----- multi-client ----------------------------------------------------------------------

#[test]
fn multi_client_tuples_differ_only_on_the_client_side() {
    let t = run("multi-client", &[]);
    assert_eq!(t.connections.len(), 3);
    let servers: BTreeSet<&str> = t.connections.iter().map(|c| c.server.as_str()).collect();
    assert_eq!(servers.len(), 1, "one server ip:port");
    let clients: BTreeSet<&str> = t.connections.iter().map(|c| c.client.as_str()).collect();
    assert_eq!(clients.len(), 3, "three distinct client sockets");
    assert!(t.connections.iter().all(|c| c.proto == Proto::Tcp));
    let split = |a: &str| {
        a.rsplit_once(':')
            .map(|(ip, port)| (ip.to_owned(), port.to_owned()))
            .unwrap()
    };
    let addrs: Vec<(String, String)> = t.connections.iter().map(|c| split(&c.client)).collect();
    // Two connections share an address (different ports), two share a port (different
    // addresses).
    let same_ip = addrs.iter().filter(|a| a.0 == addrs[0].0).count();
    let same_port = addrs.iter().filter(|a| a.1 == addrs[0].1).count();
    assert_eq!((same_ip, same_port), (2, 2), "{addrs:?}");
    // The listener enters LISTEN once and never leaves it.
    let listener: Vec<(State, State)> = t
        .states
        .iter()
        .filter(|c| c.endpoint == "server" && c.conn.is_none())
        .map(|c| (c.from, c.to))
        .collect();
    assert_eq!(listener, [(State::Closed, State::Listen)]);
    // Each connection passed SYN-RECEIVED on its own.
    for c in &t.connections {
        assert_eq!(states(&t, "server", c.id)[0], State::SynReceived);
    }
    assert_eq!(events(&t, EventKind::FiveTuple).len(), 3);
}

// ----- udp -------------------------------------------------------------------------------

#[test]
fn udp_has_no_handshake_ack_or_teardown() {
    let t = run("udp", &[]);
    assert_eq!(t.segments.len(), 2, "a question and an answer");
    assert!(t.segments.iter().all(|s| s.proto == Proto::Udp));
    assert!(t
        .segments
        .iter()
        .all(|s| s.flags.is_empty() && s.ack.is_none()));
    assert_eq!(t.connections.len(), 1);
    assert_eq!(t.connections[0].proto, Proto::Udp);
    assert!(t.states.is_empty(), "no TCP state anywhere");
    assert_eq!(events(&t, EventKind::ReplyReceived).len(), 1);
}

#[test]
fn a_lost_datagram_is_noticed_only_by_the_application() {
    let t = run("udp", &[("lose", "request")]);
    assert_eq!(t.segments[0].fate, Fate::Dropped);
    assert!(t
        .segments
        .iter()
        .all(|s| s.proto == Proto::Udp && s.flags.is_empty()));
    assert_eq!(events(&t, EventKind::ReplyTimeout).len(), 1);
    let reply = events(&t, EventKind::ReplyReceived);
    assert_eq!(arg(reply[0], "attempt"), "2");
    // The retry leaves when the application's timer fires.
    assert_eq!(t.segments[1].sent_us, 300_000);
    assert_eq!(t.segments[1].message_kept().unwrap().key, "seg.udp.retry");

    let t = run("udp", &[("lose", "reply")]);
    assert_eq!(t.segments[1].fate, Fate::Dropped);
    let asked = events(&t, EventKind::RequestReceived);
    assert_eq!(asked.len(), 2, "the server answers the same question twice");
    assert_eq!(
        asked[1].msg.as_ref().unwrap().key,
        "event.query_received.again"
    );

    let t = run("udp", &[("lose", "request"), ("retries", "0")]);
    assert_eq!(t.segments.len(), 1);
    assert_eq!(events(&t, EventKind::GaveUp).len(), 1);
}

// ----- every scenario --------------------------------------------------------------------

#[test]
fn every_scenario_is_deterministic() {
    for id in MINE {
        let a = serde_json::to_string(&run(id, &[("seed", "7")])).unwrap();
        let b = serde_json::to_string(&run(id, &[("seed", "7")])).unwrap();
        assert_eq!(a, b, "{id}");
    }
}

fn check_msg(id: &str, what: &str, m: &Msg) {
    for lang in [Lang::En, Lang::Zh] {
        assert!(
            i18n::template(lang, &m.key).is_some(),
            "{id}: {what} uses {} which has no {lang:?} text",
            m.key
        );
        let text = i18n::render(lang, m);
        assert!(
            !text.contains('{'),
            "{id}: {what} {} leaves a placeholder in {lang:?}: {text}",
            m.key
        );
    }
}

#[test]
fn every_explanation_exists_in_both_languages() {
    let variants: &[(&str, &[(&str, &str)])] = &[
        ("http11-pipelining", &[("first_response_ms", "300")]),
        ("udp", &[("lose", "reply")]),
        ("udp", &[("lose", "request"), ("retries", "0")]),
        ("server-close", &[("requests", "2")]),
    ];
    let runs = MINE
        .iter()
        .map(|id| (*id, run(id, &[])))
        .chain(variants.iter().map(|(id, p)| (*id, run(id, p))));
    for (id, t) in runs {
        for s in &t.segments {
            let m = s
                .message_kept()
                .unwrap_or_else(|| panic!("{id}: segment {} has no msg", s.id));
            check_msg(id, &format!("segment {}", s.id), m);
            assert_eq!(
                s.explain_en(),
                i18n::render(Lang::En, m),
                "{id}: segment {}",
                s.id
            );
            assert!(s.rfc.is_some(), "{id}: segment {} names no RFC", s.id);
        }
        for c in &t.states {
            check_msg(id, "state change", c.msg.as_ref().unwrap());
        }
        for x in &t.timers {
            if let Some(m) = x.msg.as_ref() {
                check_msg(id, "timer", m);
            }
        }
        for e in &t.events {
            check_msg(id, &format!("event {}", e.kind), e.msg.as_ref().unwrap());
        }
        for e in &t.endpoints {
            check_msg(id, "endpoint", e.label_msg.as_ref().unwrap());
        }
        assert_eq!(
            events(&t, EventKind::Summary).len(),
            1,
            "{id}: a closing summary"
        );
        assert!(
            t.events.windows(2).all(|w| w[0].at_us <= w[1].at_us),
            "{id}: events in time order"
        );
    }
    for id in MINE {
        let info = scenario::find(id).unwrap();
        for key in [info.title, info.intro]
            .into_iter()
            .chain(info.params.iter().map(|p| p.help))
        {
            for lang in [Lang::En, Lang::Zh] {
                assert!(
                    i18n::template(lang, key).is_some(),
                    "{id}: {key} ({lang:?})"
                );
            }
        }
    }
}

#[test]
fn the_summary_counts_what_the_trace_holds() {
    let t = run("http10", &[]);
    let s = events(&t, EventKind::Summary)[0];
    assert_eq!(num(s, "connections") as usize, 3);
    assert_eq!(num(s, "segments") as usize, t.segments.len());
    let bytes: u32 = t.segments.iter().map(|s| s.len).sum();
    assert_eq!(num(s, "bytes") as u32, bytes);
    assert_eq!(s.at_us, t.end_us);
}

#[test]
fn bad_parameters_are_refused_with_their_range() {
    let e = scenario::run_with("http10", &[("requests", "0")]).unwrap_err();
    assert!(matches!(e, ScenarioError::BadValue { .. }), "{e}");
    assert!(e.to_string().contains("from 1 to 20"), "{e}");
    let e = scenario::run_with("udp", &[("lose", "maybe")]).unwrap_err();
    assert!(e.to_string().contains("none, request, reply"), "{e}");
    let e =
        scenario::run_with("multi-client", &[("client2.addr", "192.168.1.116:4000")]).unwrap_err();
    assert!(matches!(e, ScenarioError::Conflict(_)), "{e}");
    let e = scenario::run_with("server-push", &[("push_port", "7788")]).unwrap_err();
    assert!(e.to_string().contains("push_port"), "{e}");
}

// ----- engine ----------------------------------------------------------------------------

#[test]
fn the_run_ends_with_the_last_thing_that_happens() {
    // The client's reply timer (300 ms) is cancelled when the answer arrives at 45 ms;
    // nothing happens after that, yet the run ends at 300 ms.
    let t = run("udp", &[]);
    let last = t.segments.iter().filter_map(|s| s.recv_us).max().unwrap();
    assert_eq!(t.end_us, last);
}

#[test]
fn lossy_links_slow_the_pages_down_but_every_one_arrives() {
    for seed in 1..=6 {
        let seed = seed.to_string();
        let lossy = [
            ("loss", "0.15"),
            ("reorder", "0.1"),
            ("seed", seed.as_str()),
        ];
        for (id, pages) in [
            ("http10", 3),
            ("http11-keepalive", 3),
            ("http11-pipelining", 3),
            ("http-compare", 9),
            ("multi-client", 3),
        ] {
            let t = run(id, &lossy);
            assert_eq!(
                events(&t, EventKind::ResponseReceived).len(),
                pages,
                "{id} seed {seed}"
            );
            let clean = run(id, &[("seed", seed.as_str())]);
            let done = |t: &Trace| events(t, EventKind::ResponseReceived).last().unwrap().at_us;
            assert!(
                done(&t) >= done(&clean),
                "{id} seed {seed}: loss never helps"
            );
        }
        for id in ["long-polling", "server-push", "short-polling"] {
            let t = run(id, &lossy);
            let created = events(&t, EventKind::EventCreated).len();
            let delivered: BTreeSet<(String, String)> = events(&t, EventKind::EventDelivered)
                .iter()
                .map(|e| (arg(e, "via"), arg(e, "id")))
                .collect();
            let ways = if id == "server-push" { 2 } else { 1 };
            assert_eq!(delivered.len(), created * ways, "{id} seed {seed}");
        }
    }
}
