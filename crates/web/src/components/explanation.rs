//! What the current segment does and why: its explanation (in the page's language), the
//! story's events since the previous step, the state changes it caused, the numbers it
//! carries and moves, its timers, the RFC section that decides it, and the variables inside
//! both sockets of its connection (`socket_panel`). At the start: the
//! scenario's introduction (later folded under "About this scenario"); at the end: the
//! summary, with the scenario's own comparison as a table.

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::scenario;
use wiretrace_core::trace::{EventKind, Fate, Msg, Proto, TimerOutcome, Trace};
use wiretrace_diagram::events;
use wiretrace_diagram::numbers::{flags_label, seq_space, Numbering, SeqBases};
use wiretrace_diagram::{fmt_duration, fmt_time, rfc_text, rfc_url, story};
use yew::prelude::*;

use super::header::scenario_title;
use super::socket_panel::socket_panel;
use super::source_notes::SourceNotes;
use crate::shared::Shared;
use crate::state::Origin;
use crate::ui::{grouped, t, tf, T};

#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    pub trace: Shared<Trace>,
    /// What is true at each step, worked out once per run.
    pub story: Shared<story::Story>,
    pub step: usize,
    pub lang: Lang,
    pub numbering: Numbering,
    pub origin: Origin,
}

/// A message in the page's language, or the English text when the table lacks the key.
pub fn localized(lang: Lang, msg: Option<&Msg>, english: &str) -> String {
    i18n::render_or(lang, msg, english)
}

/// An endpoint's name in the page's language.
pub fn endpoint_name(trace: &Trace, lang: Lang, id: &str) -> String {
    match trace.endpoint(id) {
        Some(e) => localized(lang, e.label_msg.as_ref(), &e.label),
        None => id.to_owned(),
    }
}

fn rfc_link(lang: Lang, rfc: Option<&str>) -> Html {
    let Some(rfc) = rfc else { return html! {} };
    let Some(url) = rfc_url(rfc) else {
        return html! {};
    };
    let text = tf(lang, T::ReadRfc, &[("rfc", &rfc_text(rfc))]);
    html! {
        <a class="rfc" href={url} target="_blank" rel="noopener noreferrer">{ text }<span aria-hidden="true">{ " ↗" }</span></a>
    }
}

fn state_chip(name: &str) -> Html {
    html! { <span class={classes!("chip", format!("chip-{}", name.to_ascii_lowercase()))}>{ name.to_owned() }</span> }
}

/// Endpoints listed one by one; past this many (a capture of hundreds of connections), the
/// panel lists the current segment's two and counts the others by state, all on request.
const STATES_LISTED: usize = 12;
/// Open sockets named under one endpoint; the others are counted.
const SOCKETS_LISTED: usize = 8;

/// Each endpoint's state at the playhead (`data-testid="state-<id>"`), with every open
/// socket of it when it has several (a listener and its connections). Past
/// [`STATES_LISTED`] endpoints, only those of `current` (the current segment's `from` and
/// `to`) unless `all`, and a line counting the others by state with a button that shows
/// them (`on_all`).
fn states_now(
    trace: &Trace,
    lang: Lang,
    step: usize,
    current: &[&str],
    all: bool,
    on_all: &Callback<MouseEvent>,
) -> Html {
    let now = story::StatesNow::at(trace, step);
    if now.is_empty() {
        return html! {};
    }
    let multi = trace.connections.len() > 1;
    let total = now.iter().count();
    let many = total > STATES_LISTED;
    let listed = |e: &story::EndpointNow| !many || all || current.contains(&e.id);
    // The others, counted by state (in the order the states first appear).
    let mut others: Vec<(&'static str, usize)> = Vec::new();
    for e in now.iter().filter(|e| !listed(e)) {
        match others.iter_mut().find(|(name, _)| *name == e.state.name()) {
            Some(o) => o.1 += 1,
            None => others.push((e.state.name(), 1)),
        }
    }
    let hidden: usize = others.iter().map(|(_, n)| n).sum();
    // The sentence around the counts, each count kept on one line ("1 SYN-SENT").
    const MARK: &str = "\u{1}";
    let sentence = tf(
        lang,
        T::StatesOthers,
        &[("n", &hidden.to_string()), ("counts", MARK)],
    );
    let (before, after) = sentence.split_once(MARK).unwrap_or((&sentence, ""));
    let counts = others.iter().enumerate().map(|(k, (name, n))| {
        html! {
            <>
                if k > 0 { { " · " } }
                <span class="state-count">{ format!("{n} {name}") }</span>
            </>
        }
    });
    html! {
        <section class="exp-section">
            <h3>{ t(lang, T::CurrentStates) }</h3>
            <ul class="states-now">
                { for now.iter().filter(|e| listed(e)).map(|e| {
                    let (id, state, mine) = (e.id, e.state, &e.sockets);
                    let more = mine.len().saturating_sub(SOCKETS_LISTED);
                    html! {
                        <li data-testid={format!("state-{id}")} data-state={state.name()}>
                            <span class="who">{ endpoint_name(trace, lang, id) }</span>
                            { state_chip(state.name()) }
                            if mine.len() > 1 {
                                <span class="sockets">
                                    { for mine.iter().take(SOCKETS_LISTED).map(|s| {
                                        // Which socket each chip is: a listener's and a
                                        // connection's side by side look alike.
                                        let what = match s.conn {
                                            Some(c) if multi => format!("#{c} "),
                                            Some(_) => format!("{} ", t(lang, T::SocketConnection)),
                                            None => format!("{} ", t(lang, T::SocketListener)),
                                        };
                                        html! { <span class="socket">{ what }{ s.state.name() }</span> }
                                    }) }
                                    if more > 0 {
                                        <span class="socket">{ tf(lang, T::SocketsMore, &[("n", &more.to_string())]) }</span>
                                    }
                                </span>
                            }
                        </li>
                    }
                }) }
            </ul>
            if many {
                <p class="states-others">
                    if hidden > 0 {
                        <span>{ before.to_owned() }{ for counts }{ after.to_owned() }</span>
                    }
                    <button type="button" class="btn btn-small" aria-pressed={all.to_string()} onclick={on_all.clone()}>
                        { if all {
                            t(lang, T::StatesFewer).to_owned()
                        } else {
                            tf(lang, T::StatesAll, &[("n", &total.to_string())])
                        } }
                    </button>
                </p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct StatesPanelProps {
    pub trace: Shared<Trace>,
    pub lang: Lang,
    pub step: usize,
}

/// The endpoints' states at the playhead ([`states_now`]); "Show all" is kept from step
/// to step.
#[component]
pub fn StatesPanel(props: &StatesPanelProps) -> Html {
    let all = use_state_eq(|| false);
    let on_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(!*all))
    };
    let trace = &*props.trace;
    let current: Vec<&str> = props
        .step
        .checked_sub(1)
        .and_then(|i| trace.segments.get(i))
        .map(|s| vec![s.from.as_str(), s.to.as_str()])
        .unwrap_or_default();
    states_now(trace, props.lang, props.step, &current, *all, &on_all)
}

/// The story's events told at a step (`data-event-id` = index in `Trace::events`): a short
/// label where the diagram has one, then the whole text. The run's own summary is left to
/// the summary box.
fn events_at(trace: &Trace, story: &story::Story, lang: Lang, step: usize) -> Html {
    let ids: Vec<usize> = story
        .events_of_step(step)
        .into_iter()
        .filter(|&i| trace.events[i].kind != EventKind::Summary)
        .collect();
    if ids.is_empty() {
        return html! {};
    }
    let t0 = trace.segments.first().map_or(0, |s| s.sent_us);
    let heading = if step == 0 {
        T::EventsAtStart
    } else {
        T::EventsSince
    };
    html! {
        <section class="exp-section exp-events">
            <h3>{ t(lang, heading) }</h3>
            <ul class="events">
                { for ids.iter().map(|&i| {
                    let ev = &trace.events[i];
                    let badge = events::badge(ev, lang);
                    let tone = badge.as_ref().map_or("wt-ev-info", |b| b.1.class());
                    html! {
                        <li class={classes!("event", tone)} data-event-id={i.to_string()}>
                            <span class="ev-dia" aria-hidden="true"></span>
                            <span class="ev-when">
                                { fmt_time(ev.at_us.saturating_sub(t0)) }
                                // The run's own events (cut at the cap, drop-unused)
                                // name no endpoint; the summary is not listed here.
                                if let Some(id) = events::teller(ev) {
                                    { " · " }{ endpoint_name(trace, lang, id) }
                                }
                            </span>
                            if let Some((label, _)) = &badge {
                                <strong class="ev-label">{ label.clone() }</strong>
                            }
                            <span class="ev-text">{ events::text(ev, lang) }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

/// The scenario's introduction, folded away once the run has started.
fn about(origin: &Origin, lang: Lang) -> Html {
    let Origin::Scenario { id, .. } = origin else {
        return html! {};
    };
    let Some(info) = scenario::find(id) else {
        return html! {};
    };
    html! {
        <details class="about">
            <summary>{ t(lang, T::AboutScenario) }</summary>
            <p class="about-title">{ scenario_title(lang, info.title) }</p>
            <p>{ scenario_title(lang, info.intro) }</p>
        </details>
    }
}

/// A figure of a comparison as it reads in a table cell.
fn figure(name: &str, value: &str) -> String {
    // `ms`, `mean_ms`, `max_ms` are milliseconds (`items` is not).
    if name == "ms" || name.ends_with("_ms") {
        value
            .parse::<f64>()
            .map(|ms| fmt_duration((ms * 1000.0).round() as u64))
            .unwrap_or_else(|_| value.to_owned())
    } else {
        value.to_owned()
    }
}

/// The scenario's own comparison (http-compare: the three ways of fetching the pages;
/// server-push: push against polling), one row per way, and its conclusion.
fn results_table(trace: &Trace, lang: Lang) -> Html {
    let groups = events::results(trace);
    let conclusions = events::conclusions(trace);
    if groups.is_empty() && conclusions.is_empty() {
        return html! {};
    }
    let columns = |key: &str| -> &'static [(&'static str, T)] {
        match key {
            "event.delivery_result" => &[
                ("label", T::ColWay),
                ("items", T::ColItems),
                ("mean_ms", T::ColMean),
                ("max_ms", T::ColWorst),
                ("requests", T::ColRequests),
                ("connections", T::ColConns),
                ("segments", T::ColSegs),
            ],
            _ => &[
                ("label", T::ColWay),
                ("requests", T::ColPages),
                ("ms", T::ColTotal),
                ("round_trips", T::ColRoundTrips),
                ("connections", T::ColConns),
                ("segments", T::ColSegs),
                ("bytes", T::ColBytes),
            ],
        }
    };
    html! {
        <div class="results">
            <h3>{ t(lang, T::Results) }</h3>
            { for groups.iter().map(|(key, ways)| {
                // One column per way compared, one row per figure these events carry.
                let arg = |ev: &wiretrace_core::trace::Event, name: &str| {
                    ev.msg.as_ref().and_then(|m| i18n::arg(lang, m, name)).unwrap_or_default().to_owned()
                };
                let figures: Vec<&(&str, T)> = columns(key)
                    .iter()
                    .filter(|(name, _)| *name != "label")
                    .filter(|(name, _)| ways.iter().any(|e| e.msg.as_ref().is_some_and(|m| m.args.contains_key(name))))
                    .collect();
                html! {
                    <div class="table-scroll">
                        <table class="results-table">
                            <thead><tr>
                                <th scope="col"><span class="sr-only">{ t(lang, T::ColWay) }</span></th>
                                { for ways.iter().map(|ev| html! {
                                    <th scope="col" class="num">{ arg(ev, "label") }</th>
                                }) }
                            </tr></thead>
                            <tbody>
                                { for figures.iter().map(|(name, head)| html! {
                                    <tr>
                                        <th scope="row">{ t(lang, *head) }</th>
                                        { for ways.iter().map(|ev| html! {
                                            <td class="num">{ figure(name, &arg(ev, name)) }</td>
                                        }) }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            }) }
            { for conclusions.iter().map(|ev| html! {
                <p class="results-conclusion">{ events::text(ev, lang) }</p>
            }) }
        </div>
    }
}

/// The end-of-run summary: the counts a student compares between scenarios.
fn summary_box(trace: &Trace, lang: Lang) -> Html {
    let s = story::summary(trace);
    let flows = trace
        .connections
        .iter()
        .filter(|c| c.proto == Proto::Udp)
        .count();
    let item = |value: String, key: T| {
        html! {
            <div><dt>{ t(lang, key) }</dt><dd>{ value }</dd></div>
        }
    };
    html! {
        <section class="summary" aria-labelledby="summary-title">
            <p class="exp-hint">{ t(lang, T::Finished) }</p>
            <h3 id="summary-title">{ t(lang, T::Summary) }</h3>
            <dl class="nums">
                if s.connections > 0 || flows == 0 { { item(s.connections.to_string(), T::SumConnections) } }
                if flows > 0 { { item(flows.to_string(), T::SumFlows) } }
                { item(s.segments.to_string(), T::SumSegments) }
                { item(s.bytes.to_string(), T::SumBytes) }
                { item(fmt_duration(s.duration_us), T::SumTime) }
                { item(s.retransmissions.to_string(), T::SumRetransmissions) }
                if s.lost > 0 { { item(s.lost.to_string(), T::SumLost) } }
                if s.http_messages > 0 { { item(s.http_messages.to_string(), T::SumHttp) } }
            </dl>
            { results_table(trace, lang) }
        </section>
    }
}

#[component]
pub fn Explanation(props: &ExplanationProps) -> Html {
    let lang = props.lang;
    // Once per run, not once per step: it sorts every segment.
    let bases = use_memo(props.trace.clone(), |trace| SeqBases::new(trace));
    let trace = &*props.trace;
    let total = trace.segments.len();
    let Some(seg) = props
        .step
        .checked_sub(1)
        .and_then(|i| trace.segments.get(i))
    else {
        // The start: what this run is about.
        let (title, intro) = match &props.origin {
            Origin::Scenario { id, .. } => match scenario::find(id) {
                Some(info) => (
                    scenario_title(lang, info.title),
                    scenario_title(lang, info.intro),
                ),
                None => (id.clone(), String::new()),
            },
            Origin::Imported { name, .. } => {
                (tf(lang, T::ImportedFrom, &[("name", name)]), String::new())
            }
            Origin::Nothing => (String::new(), String::new()),
        };
        // An imported Trace says what it holds (link type, connections, time range, caps).
        let source = match (&props.origin, &trace.source) {
            (Origin::Imported { .. }, Some(src)) => Some(src.clone()),
            _ => None,
        };
        return html! {
            <div class="explanation">
                <div class="exp-now" aria-live="polite">
                    <p class="exp-kicker">{ t(lang, T::AtStart) }</p>
                    if !title.is_empty() { <h2 class="exp-title">{ title }</h2> }
                    if !intro.is_empty() { <p class="exp-text">{ intro }</p> }
                </div>
                if let Some(source) = source { <SourceNotes {lang} {source} /> }
                if total == 0 {
                    <p class="exp-text muted">{ t(lang, T::EmptyRun) }</p>
                } else {
                    <p class="exp-hint">{ t(lang, T::StartHint) }</p>
                }
                { events_at(trace, &props.story, lang, 0) }
                <StatesPanel trace={props.trace.clone()} {lang} step={0} />
            </div>
        };
    };

    let from = endpoint_name(trace, lang, &seg.from);
    let to = endpoint_name(trace, lang, &seg.to);
    let text = localized(lang, seg.message_kept(), seg.explain());
    let t0 = trace.segments.first().map_or(0, |s| s.sent_us);
    let fate = match seg.fate {
        Fate::Delivered => None,
        Fate::Dropped => Some(T::Lost),
        Fate::DroppedByMiddlebox => Some(T::LostMiddlebox),
        Fate::InFlight => Some(T::InFlight),
        Fate::Duplicated => Some(T::Duplicate),
        Fate::Reordered => Some(T::Reordered),
    };
    let changes = props.story.changes_of(trace, seg.id);
    let sent = fmt_time(seg.sent_us.saturating_sub(t0));
    let timing = match seg.recv_us {
        Some(r) => format!("{sent} → {}", fmt_time(r.saturating_sub(t0))),
        None => sent,
    };
    let timers = props.story.timers_of(trace, seg.id);

    // The numbers: raw, with the relative value beside it.
    let num = |abs: u32, rel: u32| -> Html {
        let (main, other) = match props.numbering {
            Numbering::Absolute => (abs, rel),
            Numbering::Relative => (rel, abs),
        };
        html! { <><code>{ main }</code><span class="muted">{ format!(" ({other})") }</span></> }
    };
    let tcp = seg.proto == Proto::Tcp;
    let rel_seq = bases.seq(seg, Numbering::Relative);
    let next = seg.seq.wrapping_add(seq_space(seg));
    let next_rel = rel_seq.wrapping_add(seq_space(seg));
    let mut opts: Vec<String> = Vec::new();
    if let Some(mss) = seg.options.mss {
        opts.push(format!("MSS {mss}"));
    }
    if let Some(ws) = seg.options.wscale {
        opts.push(format!("WS ×{}", 1u32 << ws.min(14)));
    }
    if seg.options.sack_perm {
        opts.push(t(lang, T::SackPermitted).to_owned());
    }
    if !seg.options.sack.is_empty() {
        opts.push(format!("SACK {:?}", seg.options.sack));
    }
    if let Some((v, e)) = seg.options.ts {
        opts.push(format!("TS {v}/{e}"));
    }

    html! {
        <div class="explanation">
            { about(&props.origin, lang) }
            if props.step == total { { summary_box(trace, lang) } }
            <p class="exp-kicker">
                { tf(lang, T::StepOf, &[("n", &grouped(props.step)), ("total", &grouped(total))]) }
                <span class="muted">{ format!(" · #{} · {}", seg.id, timing) }</span>
            </p>
            // What a screen reader says at each step: the segment and what it does, not the
            // sections below (state changes, numbers, timers, the sockets), which are read
            // on demand. The step number is the player's own live text.
            <div class="exp-now" aria-live="polite" aria-atomic="true">
                <h2 class="exp-title">
                    <span class="flags">{ flags_label(seg) }</span>
                    <span class="route">{ format!("{from} → {to}") }</span>
                </h2>
                if let Some(http) = &seg.http { <p class="exp-http"><code>{ http.clone() }</code></p> }
                if !text.is_empty() { <p class="exp-text">{ text }</p> }
                if let Some(f) = fate { <p class="exp-fate">{ t(lang, f) }</p> }
            </div>
            { events_at(trace, &props.story, lang, props.step) }
            <section class="exp-section">
                <h3>{ t(lang, T::StateChanges) }</h3>
                if changes.is_empty() {
                    <p class="muted">{ t(lang, T::NoStateChange) }</p>
                } else {
                    <ul class="changes">
                        { for changes.iter().map(|c| html! {
                            <li>
                                <span class="who">{ endpoint_name(trace, lang, &c.endpoint) }</span>
                                { state_chip(c.from.name()) }<span class="arrow" aria-hidden="true">{ "→" }</span>{ state_chip(c.to.name()) }
                                <span class="why">{ localized(lang, c.msg.as_ref(), &c.why) }</span>
                                { rfc_link(lang, c.rfc.as_deref()) }
                            </li>
                        }) }
                    </ul>
                }
            </section>
            if tcp {
                <section class="exp-section">
                    <h3>{ t(lang, T::NumbersMoved) }</h3>
                    <dl class="nums">
                        <div><dt>{ "seq" }</dt><dd>{ num(seg.seq, rel_seq) }</dd></div>
                        if let Some(ack) = seg.ack {
                            <div><dt>{ "ack" }</dt><dd>{ num(ack, bases.ack(seg, Numbering::Relative).unwrap_or(ack)) }</dd></div>
                        }
                        <div><dt>{ "len" }</dt><dd><code>{ seg.len }</code></dd></div>
                        <div><dt>{ t(lang, T::NextSeq) }</dt><dd>{ num(next, next_rel) }</dd></div>
                        if seg.window_unknown {
                            <div><dt>{ t(lang, T::Window) }</dt><dd class="muted">{ t(lang, T::WindowUnknown) }</dd></div>
                        } else {
                            <div><dt>{ t(lang, T::Window) }</dt><dd><code>{ seg.window }</code></dd></div>
                        }
                        if !opts.is_empty() {
                            <div><dt>{ t(lang, T::Options) }</dt><dd>{ opts.join(", ") }</dd></div>
                        }
                    </dl>
                </section>
            }
            if !timers.is_empty() {
                <section class="exp-section">
                    <h3>{ t(lang, T::TimersLinked) }</h3>
                    <ul class="timers">
                        { for timers.iter().map(|tm| {
                            // With its time: at this step it may not have happened yet (the
                            // socket panel then shows the timer running).
                            let word = t(lang, match tm.outcome {
                                TimerOutcome::Fired => T::TimerFired,
                                TimerOutcome::Cancelled => T::TimerCancelled,
                                TimerOutcome::Pending => T::TimerPending,
                            });
                            let outcome = match (tm.outcome, tm.ended_us) {
                                (TimerOutcome::Pending, _) | (_, None) => word.to_owned(),
                                (_, Some(e)) => {
                                    let time = fmt_time(e.saturating_sub(t0));
                                    tf(lang, T::TimerEndedAt, &[("outcome", word), ("time", &time)])
                                }
                            };
                            let note = localized(lang, tm.msg.as_ref(), &tm.note);
                            html! {
                                <li>
                                    <strong>{ wiretrace_diagram::layout::timer_label(tm.kind, lang) }</strong>
                                    { format!(" {} · {}", fmt_duration(tm.deadline_us.saturating_sub(tm.armed_us)), outcome) }
                                    if !note.is_empty() { <span class="muted">{ format!(" — {note}") }</span> }
                                </li>
                            }
                        }) }
                    </ul>
                </section>
            }
            { rfc_link(lang, seg.rfc.as_deref()) }
            <StatesPanel trace={props.trace.clone()} {lang} step={props.step} />
            { socket_panel(trace, &props.story, &bases, lang, props.step, props.numbering) }

        </div>
    }
}
