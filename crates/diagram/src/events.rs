//! The story's events (`Trace::events`: a link cut, a client marked offline, a flow
//! forgotten, the result of a comparison...) as the figure and the transcripts tell them:
//! the full text in a language, a short badge label for the diagram, a tone, and whether
//! the diagram draws them at all (events the arrows already tell, such as "the client
//! writes the request", stay in the transcripts only).

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::{Event, EventKind, Trace};

use crate::texts;

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

/// `(kind, tone)`: the kinds that have a badge; its words are the key `badge.kind.<kind>`
/// of [`texts::TEXTS`], with `{name}` filled from the event's message arguments (`{#}` is
/// its connection number).
const BADGES: &[(&str, Tone)] = &[
    ("app-abort", Tone::Alert),
    ("app-close", Tone::Info),
    ("app-idle", Tone::Info),
    ("app-read", Tone::Info),
    ("backlog-full", Tone::Alert),
    ("bad-request", Tone::Alert),
    ("bad-response", Tone::Alert),
    ("batch-start", Tone::Info),
    ("client-offline", Tone::Alert),
    ("client-online", Tone::Info),
    ("compare-result", Tone::Result),
    ("compare-summary", Tone::Result),
    ("conn-kept", Tone::Info),
    ("connection-refused", Tone::Alert),
    ("connection-reset", Tone::Alert),
    ("connection-timed-out", Tone::Alert),
    ("drop-unused", Tone::Warn),
    ("event-created", Tone::Info),
    ("event-delivered", Tone::Result),
    ("five-tuple", Tone::Info),
    ("flow-expired", Tone::Alert),
    ("gave-up", Tone::Alert),
    ("half-close", Tone::Info),
    ("heartbeat-missed", Tone::Warn),
    ("host-crashed", Tone::Alert),
    ("host-restarted", Tone::Warn),
    ("idle-close", Tone::Info),
    ("link-cut", Tone::Alert),
    ("link-restored", Tone::Info),
    ("network-down", Tone::Alert),
    ("peer-offline", Tone::Alert),
    ("poll-held", Tone::Info),
    ("poll-timeout", Tone::Info),
    ("polling-done", Tone::Info),
    ("reply-duplicate", Tone::Info),
    ("reply-missed", Tone::Warn),
    ("reply-timeout", Tone::Warn),
    ("request-failed", Tone::Alert),
    ("request-retried", Tone::Warn),
    ("response-held", Tone::Warn),
    ("run-truncated", Tone::Alert),
    ("subscribed", Tone::Info),
];

/// Badges chosen by message key before kind (`badge.msg.<key>`): one kind told two ways (a
/// comparison of page loads, or of deliveries).
const BADGES_BY_KEY: &[(&str, Tone)] = &[
    ("event.delivery_result", Tone::Result),
    ("event.delivery_summary", Tone::Result),
];

/// The event's full text in a language (its message, else the English `text`).
pub fn text(ev: &Event, lang: Lang) -> String {
    i18n::render_or(lang, ev.msg.as_ref(), &ev.text)
}

/// The endpoint an event is told of, or `None` for the run's own: its summary (which the
/// Trace files under the first endpoint), a cut at the cap, a `drop` that matched nothing
/// (filed under none). The transcript, the log and the explanation name no one for those.
pub fn teller(ev: &Event) -> Option<&str> {
    (!ev.endpoint.is_empty() && ev.kind != EventKind::Summary).then_some(ev.endpoint.as_str())
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
            .and_then(|m| i18n::arg(lang, m, name))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let key = ev.msg.as_ref().map_or("", |m| m.key.as_str());
    let entry = BADGES_BY_KEY
        .iter()
        .find(|b| b.0 == key)
        .map(|&(k, tone)| (format!("badge.msg.{k}"), tone))
        .or_else(|| {
            BADGES
                .iter()
                .find(|b| b.0 == ev.kind.as_str())
                .map(|&(k, tone)| (format!("badge.kind.{k}"), tone))
        });
    let Some((text_key, tone)) = entry else {
        return Some((ev.kind.as_str().replace('-', " "), Tone::Info));
    };
    let Some(tpl) = texts::TEXTS.get(lang, &text_key) else {
        return Some((ev.kind.as_str().replace('-', " "), tone));
    };
    // Fill by hand so that a missing argument falls back to the kind's own name.
    let values: Vec<(String, Option<String>)> = placeholders(tpl)
        .into_iter()
        .map(|n| {
            let v = lookup(&n);
            (n, v)
        })
        .collect();
    if values.iter().any(|(_, v)| v.is_none()) {
        return Some((ev.kind.as_str().replace('-', " "), tone));
    }
    let filled = i18n::fill(tpl, |name| {
        values
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    });
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
                key: key.to_owned().into(),
                args: args
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect::<BTreeMap<_, _>>()
                    .into(),
                ..Msg::default()
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
    fn every_badge_has_its_words_in_every_language() {
        for pair in BADGES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        let keys = BADGES
            .iter()
            .map(|b| format!("badge.kind.{}", b.0))
            .chain(BADGES_BY_KEY.iter().map(|b| format!("badge.msg.{}", b.0)));
        for key in keys {
            for lang in Lang::ALL {
                assert!(texts::TEXTS.get(lang, &key).is_some(), "{key} {lang:?}");
            }
        }
        for (kind, _) in BADGES {
            assert!(!UNMARKED.contains(&EventKind::from_name(kind)), "{kind}");
            let known = !matches!(EventKind::from_name(kind), EventKind::Other(_));
            assert!(known, "{kind} is no EventKind");
        }
    }

    #[test]
    fn terms_in_badges_follow_the_language() {
        let mut e = ev("batch-start", "event.batch_start", &[("batch", "1")]);
        e.msg = e.msg.map(|m| m.with_term("label", "term.way.pipelining"));
        assert_eq!(badge(&e, Lang::En).unwrap().0, "batch 1: pipelining");
        assert_eq!(badge(&e, Lang::Zh).unwrap().0, "第 1 组：流水线");
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
