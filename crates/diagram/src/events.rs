//! The story's events (`Trace::events`: a link cut, a client marked offline, a flow
//! forgotten, the result of a comparison...) as the figure and the transcripts tell them:
//! the full text in a language, a short badge label for the diagram, a tone, and whether
//! the diagram draws them at all (events the arrows already tell, such as "the client
//! writes the request", stay in the transcripts only).

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::{Event, EventKind, Trace};

/// How an event reads at a glance (a class on its marker; the label says what it is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Something broke or gave up (link down, peer offline, connection timed out).
    Alert,
    /// A warning sign on the way (a missed heartbeat, a response held back).
    Warn,
    /// A measured result (a comparison's figures, a delivery latency).
    Result,
    /// Anything else worth a mark.
    Info,
}

impl Tone {
    /// The CSS class of the marker (`wt-ev-alert`).
    pub fn class(self) -> &'static str {
        match self {
            Tone::Alert => "wt-ev-alert",
            Tone::Warn => "wt-ev-warn",
            Tone::Result => "wt-ev-result",
            Tone::Info => "wt-ev-info",
        }
    }
}

/// Kinds the diagram does not mark: the arrows already show them (a request written, a
/// response read, a heartbeat sent), or they belong to the whole run (`summary`).
const UNMARKED: &[EventKind] = &[
    EventKind::BatchDone,
    EventKind::EventPushed,
    EventKind::HeartbeatReceived,
    EventKind::HeartbeatReply,
    EventKind::HeartbeatSent,
    EventKind::HttpRequest,
    EventKind::HttpResponse,
    EventKind::MessageAnswered,
    EventKind::ReplyReceived,
    EventKind::RequestReceived,
    EventKind::RequestSent,
    EventKind::ResponseReceived,
    EventKind::ResponseSent,
    EventKind::Summary,
];

/// `(kind, English, Chinese, tone)`: the badge of each kind, with `{name}` filled from the
/// event's message arguments (`{#}` is its connection number, from 1).
const BADGES: &[(&str, &str, &str, Tone)] = &[
    ("app-abort", "app aborts: RST", "应用中止：RST", Tone::Alert),
    ("app-close", "app closes", "应用关闭连接", Tone::Info),
    ("app-idle", "app goes quiet", "应用不再说话", Tone::Info),
    (
        "app-read",
        "app reads {bytes} B",
        "应用读走 {bytes} 字节",
        Tone::Info,
    ),
    ("backlog-full", "backlog full", "监听队列已满", Tone::Alert),
    ("bad-request", "bad request", "请求无法解析", Tone::Alert),
    ("bad-response", "bad response", "响应无法解析", Tone::Alert),
    (
        "batch-start",
        "batch {batch}: {label}",
        "第 {batch} 组：{label}",
        Tone::Info,
    ),
    (
        "client-offline",
        "client offline",
        "客户端离线",
        Tone::Alert,
    ),
    ("client-online", "client online", "客户端在线", Tone::Info),
    (
        "compare-result",
        "{label}: {ms} ms, {round_trips} RTT",
        "{label}：{ms} 毫秒，{round_trips} 个往返",
        Tone::Result,
    ),
    (
        "compare-summary",
        "fastest: {first}",
        "最快：{first}",
        Tone::Result,
    ),
    ("conn-kept", "kept open", "连接保持打开", Tone::Info),
    (
        "connection-refused",
        "connection refused",
        "连接被拒绝",
        Tone::Alert,
    ),
    (
        "connection-reset",
        "connection reset",
        "连接被重置",
        Tone::Alert,
    ),
    (
        "connection-timed-out",
        "connection timed out",
        "连接超时",
        Tone::Alert,
    ),
    (
        "event-created",
        "item {id} created",
        "第 {id} 条消息产生",
        Tone::Info,
    ),
    (
        "event-delivered",
        "item {id}: +{ms} ms",
        "第 {id} 条：延迟 {ms} 毫秒",
        Tone::Result,
    ),
    (
        "five-tuple",
        "#{#} from {client}",
        "#{#} 来自 {client}",
        Tone::Info,
    ),
    (
        "flow-expired",
        "flow forgotten",
        "忘掉了这条流",
        Tone::Alert,
    ),
    ("gave-up", "gives up", "放弃", Tone::Alert),
    ("half-close", "half-close", "半关闭", Tone::Info),
    (
        "heartbeat-missed",
        "missed {missed}/{k}",
        "漏掉 {missed}/{k}",
        Tone::Warn,
    ),
    ("host-crashed", "host crashes", "主机崩溃", Tone::Alert),
    (
        "host-restarted",
        "back after {ms} ms",
        "{ms} 毫秒后恢复",
        Tone::Warn,
    ),
    ("idle-close", "idle: closes", "空闲关闭", Tone::Info),
    ("link-cut", "link down", "链路断开", Tone::Alert),
    ("link-restored", "link up", "链路恢复", Tone::Info),
    ("network-down", "network gone", "判定网络断开", Tone::Alert),
    (
        "peer-offline",
        "client offline",
        "判定客户端离线",
        Tone::Alert,
    ),
    ("poll-held", "request held", "请求被挂起", Tone::Info),
    ("poll-timeout", "no news: 204", "无新消息：204", Tone::Info),
    ("polling-done", "stops polling", "停止轮询", Tone::Info),
    (
        "reply-duplicate",
        "duplicate reply",
        "重复的回答",
        Tone::Info,
    ),
    (
        "reply-missed",
        "no reply {missed}/{k}",
        "无回复 {missed}/{k}",
        Tone::Warn,
    ),
    ("reply-timeout", "no answer yet", "仍无回答", Tone::Warn),
    (
        "request-failed",
        "request {index} lost",
        "第 {index} 个请求落空",
        Tone::Alert,
    ),
    (
        "request-retried",
        "retries request {index}",
        "重发第 {index} 个请求",
        Tone::Warn,
    ),
    (
        "response-held",
        "response waits",
        "响应排队等待",
        Tone::Warn,
    ),
    (
        "run-truncated",
        "run stops here",
        "运行到此截止",
        Tone::Alert,
    ),
    ("subscribed", "subscriber", "登记为订阅者", Tone::Info),
];

/// Badges chosen by message key before kind: one kind told two ways (a comparison of
/// page loads, or of deliveries).
const BADGES_BY_KEY: &[(&str, &str, &str, Tone)] = &[
    (
        "event.delivery_result",
        "{label}: avg {mean_ms} ms",
        "{label}：平均 {mean_ms} 毫秒",
        Tone::Result,
    ),
    (
        "event.delivery_summary",
        "push {push_ms} ms, polling {poll_ms} ms",
        "推送 {push_ms} 毫秒，轮询 {poll_ms} 毫秒",
        Tone::Result,
    ),
];

/// The event's full text in a language (its message, else the English `text`).
pub fn text(ev: &Event, lang: Lang) -> String {
    match &ev.msg {
        Some(m) if i18n::template(lang, &m.key).is_some() => i18n::render(lang, m),
        _ => ev.text.clone(),
    }
}

/// True when the diagram marks this event (see [`UNMARKED`]).
pub fn marked(ev: &Event) -> bool {
    !UNMARKED.contains(&ev.kind)
}

/// True for a link going down or coming back: drawn across the link, not on a lifeline.
pub fn is_link_change(ev: &Event) -> bool {
    matches!(ev.kind, EventKind::LinkCut | EventKind::LinkRestored)
}

/// The badge of an event the diagram marks: a short label in a language and its tone.
/// A kind this table does not know gets its own name (`"odd-thing"` -> `odd thing`).
pub fn badge(ev: &Event, lang: Lang) -> Option<(String, Tone)> {
    if !marked(ev) {
        return None;
    }
    let conn = ev.conn.map(|c| c.to_string()).unwrap_or_default();
    let lookup = |name: &str| -> Option<String> {
        if name == "#" {
            return (!conn.is_empty()).then(|| conn.clone());
        }
        ev.msg
            .as_ref()
            .and_then(|m| m.args.get(name))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    let key = ev.msg.as_ref().map_or("", |m| m.key.as_str());
    let entry = BADGES_BY_KEY
        .iter()
        .find(|b| b.0 == key)
        .or_else(|| BADGES.iter().find(|b| b.0 == ev.kind.as_str()));
    let Some(&(_, en, zh, tone)) = entry else {
        return Some((ev.kind.as_str().replace('-', " "), Tone::Info));
    };
    let tpl = match lang {
        Lang::En => en,
        Lang::Zh => zh,
    };
    // Fill by hand so that a missing argument falls back to the kind's own name.
    let mut missing = false;
    let filled = {
        let values: Vec<(String, Option<String>)> = placeholders(tpl)
            .into_iter()
            .map(|n| {
                let v = lookup(&n);
                missing |= v.is_none();
                (n, v)
            })
            .collect();
        i18n::fill(tpl, |name| {
            values
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| v.as_deref())
        })
    };
    if missing {
        return Some((ev.kind.as_str().replace('-', " "), tone));
    }
    Some((filled, tone))
}

fn placeholders(tpl: &str) -> Vec<String> {
    tpl.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
        .collect()
}

/// The figures of a comparison, one row per way compared, for the end-of-run summary:
/// every `compare-result` event, grouped by message key (page loads and deliveries are
/// compared with different figures), in trace order.
pub fn results(trace: &Trace) -> Vec<(&str, Vec<&Event>)> {
    let mut out: Vec<(&str, Vec<&Event>)> = Vec::new();
    for ev in trace
        .events
        .iter()
        .filter(|e| e.kind == EventKind::CompareResult)
    {
        let key = ev.msg.as_ref().map_or("", |m| m.key.as_str());
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(ev),
            None => out.push((key, vec![ev])),
        }
    }
    out
}

/// The closing sentences of a comparison (`compare-summary`), in trace order.
pub fn conclusions(trace: &Trace) -> Vec<&Event> {
    trace
        .events
        .iter()
        .filter(|e| e.kind == EventKind::CompareSummary)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use wiretrace_core::trace::Msg;

    fn ev(kind: &str, key: &str, args: &[(&str, &str)]) -> Event {
        Event {
            at_us: 0,
            endpoint: "client".into(),
            conn: Some(1),
            kind: EventKind::from_name(kind),
            text: "English".into(),
            msg: Some(Msg {
                key: key.into(),
                args: args
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect::<BTreeMap<_, _>>(),
            }),
        }
    }

    #[test]
    fn badges_fill_their_arguments_in_both_languages() {
        let e = ev(
            "compare-result",
            "event.compare_result",
            &[("label", "HTTP/1.0"), ("ms", "320"), ("round_trips", "6")],
        );
        assert_eq!(
            badge(&e, Lang::En),
            Some(("HTTP/1.0: 320 ms, 6 RTT".into(), Tone::Result))
        );
        assert_eq!(
            badge(&e, Lang::Zh).unwrap().0,
            "HTTP/1.0：320 毫秒，6 个往返"
        );
        let t = ev(
            "five-tuple",
            "event.five_tuple",
            &[("client", "192.168.1.117:3337")],
        );
        assert_eq!(badge(&t, Lang::En).unwrap().0, "#1 from 192.168.1.117:3337");
        // One kind, two stories: the message key picks the badge.
        let d = ev(
            "compare-result",
            "event.delivery_result",
            &[("label", "push"), ("mean_ms", "20")],
        );
        assert_eq!(badge(&d, Lang::En).unwrap().0, "push: avg 20 ms");
    }

    #[test]
    fn routine_events_are_left_to_the_arrows_and_unknown_kinds_still_show() {
        assert_eq!(
            badge(&ev("request-sent", "event.request_sent", &[]), Lang::En),
            None
        );
        assert_eq!(badge(&ev("summary", "event.summary", &[]), Lang::En), None);
        let odd = ev("odd-thing", "nope", &[]);
        assert_eq!(
            badge(&odd, Lang::Zh),
            Some(("odd thing".into(), Tone::Info))
        );
        // A missing argument never leaves a `{placeholder}` in the figure.
        let bare = ev("event-delivered", "event.news_delivered", &[("id", "1")]);
        assert_eq!(badge(&bare, Lang::En).unwrap().0, "event delivered");
    }

    #[test]
    fn the_badge_table_is_sorted_with_the_same_placeholders_in_both_languages() {
        for pair in BADGES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        for (kind, en, zh, _) in BADGES.iter().chain(BADGES_BY_KEY) {
            assert_eq!(placeholders(en), placeholders(zh), "{kind}");
            assert!(!UNMARKED.contains(&EventKind::from_name(kind)), "{kind}");
        }
        for (kind, ..) in BADGES {
            let known = !matches!(EventKind::from_name(kind), EventKind::Other(_));
            assert!(known, "{kind} is no EventKind");
        }
    }

    #[test]
    fn every_kind_the_scenarios_tell_has_a_badge_or_is_left_to_the_arrows() {
        let mut missing = Vec::new();
        for info in wiretrace_core::scenario::list() {
            let t = wiretrace_core::scenario::run_with(info.id, &[]).unwrap();
            for e in &t.events {
                let known = UNMARKED.contains(&e.kind)
                    || BADGES.iter().any(|b| b.0 == e.kind.as_str())
                    || e.msg
                        .as_ref()
                        .is_some_and(|m| BADGES_BY_KEY.iter().any(|b| b.0 == m.key));
                if !known {
                    missing.push(format!("{}: {}", info.id, e.kind));
                }
            }
        }
        assert!(missing.is_empty(), "kinds without a badge: {missing:?}");
    }

    #[test]
    fn text_follows_the_language_and_falls_back_to_english() {
        let e = ev(
            "link-cut",
            "event.link_cut",
            &[("a", "10.0.0.1"), ("b", "10.0.0.2")],
        );
        assert!(text(&e, Lang::Zh).contains("10.0.0.1"));
        assert_ne!(text(&e, Lang::Zh), text(&e, Lang::En));
        let unknown = ev("x", "no.such.key", &[]);
        assert_eq!(text(&unknown, Lang::Zh), "English");
    }
}
