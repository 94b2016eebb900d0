//! A run of consecutive rows of the segment log: some segments and the story's events
//! that come before them. Its props name the step only as far as it matters to these rows
//! ([`Chunk::step_key`]), so a step re-renders the one or two chunks it changes and Yew
//! skips the rest (a long run has thousands of rows).

use std::rc::Rc;

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{Fate, Proto, Trace};
use wiretrace_diagram::numbers::{flags_label, segment_note, Numbering, SeqBases};
use wiretrace_diagram::{events, fmt_time, story, text::fate_word};
use yew::prelude::*;

use super::explanation::endpoint_name;
use crate::shared::Shared;
use crate::ui::{t, tf, T};

/// Segments per chunk.
const CHUNK: usize = 64;

/// Consecutive rows: segments `segs`, each after the events placed before it.
#[derive(Debug, PartialEq)]
pub struct Chunk {
    /// Segment indexes.
    pub segs: std::ops::Range<usize>,
    /// Events by slot: `events[k]` go before segment `segs.start + k`; with one more entry
    /// in the last chunk, the events after every segment.
    pub events: Vec<Vec<usize>>,
    /// The step at which each event is told (indexed like `Trace::events`).
    pub steps: Rc<Vec<usize>>,
    /// The steps these rows compare the step with (each row is past, current or future).
    lo: usize,
    hi: usize,
}

impl Chunk {
    /// The step as far as these rows can tell: every step below the first one that
    /// matters looks the same to them, and so does every step above the last.
    pub fn step_key(&self, step: usize) -> usize {
        step.clamp(self.lo.saturating_sub(1), self.hi.saturating_add(1))
    }
}

/// The log's rows, in chunks.
#[derive(Debug, PartialEq)]
pub struct Chunks {
    /// In order.
    pub list: Vec<Shared<Chunk>>,
}

impl Chunks {
    /// Cuts a trace's rows into chunks.
    pub fn new(trace: &Trace) -> Chunks {
        let n = trace.segments.len();
        let mut by_slot: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
        for (i, slot) in story::event_slots(trace).into_iter().enumerate() {
            by_slot[slot.min(n)].push(i);
        }
        let steps = Rc::new(story::event_steps(trace));
        let mut list = Vec::new();
        let mut a = 0;
        loop {
            let b = (a + CHUNK).min(n);
            let last = b == n;
            let events = by_slot[a..if last { n + 1 } else { b }].to_vec();
            // Row i (a segment) compares the step with i + 1; an event row with its step.
            let ev_steps = events.iter().flatten().map(|&e| steps[e]);
            let lo = ev_steps.clone().chain((a < b).then_some(a + 1)).min();
            let hi = ev_steps.chain((a < b).then_some(b)).max();
            list.push(Shared(Rc::new(Chunk {
                segs: a..b,
                events,
                steps: steps.clone(),
                lo: lo.unwrap_or(0),
                hi: hi.unwrap_or(0),
            })));
            if last {
                break;
            }
            a = b;
        }
        Chunks { list }
    }
}

#[derive(Properties, PartialEq)]
pub struct LogRowsProps {
    pub trace: Shared<Trace>,
    pub chunk: Shared<Chunk>,
    /// The step, as [`Chunk::step_key`] gives it.
    pub step: usize,
    pub numbering: Numbering,
    pub lang: Lang,
    /// Predict mode: rows not yet played keep their numbers to themselves.
    pub hide_future: bool,
    pub bases: Shared<SeqBases>,
    pub on_seek: Callback<usize>,
}

#[component]
pub fn LogRows(props: &LogRowsProps) -> Html {
    let lang = props.lang;
    let trace = &*props.trace;
    let chunk = &*props.chunk;
    let current = props.step.checked_sub(1);
    let t0 = trace.segments.first().map_or(0, |s| s.sent_us);
    let multi = trace.connections.len() > 1;
    let event_row = |i: usize| -> Option<Html> {
        let ev = &trace.events[i];
        let step = chunk.steps.get(i).copied().unwrap_or(0);
        let done = step <= props.step;
        if props.hide_future && !done {
            // Predict mode: the story ahead stays hidden.
            return None;
        }
        let phase = if step == props.step {
            "now"
        } else if done {
            "past"
        } else {
            "future"
        };
        let on_seek = props.on_seek.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_seek.emit(step));
        let badge = events::badge(ev, lang);
        let tone = badge.as_ref().map_or("wt-ev-info", |b| b.1.class());
        Some(html! {
            <tr key={format!("ev-{i}")} class={classes!("ev-row", phase, tone)}
                data-event-id={i.to_string()} {onclick}>
                <td class="c-no">
                    <button type="button" class="rowbtn ev-btn"
                        aria-label={tf(lang, T::GoToStep, &[("n", &step.to_string())])}>
                        <span class="ev-dia" aria-hidden="true"></span>
                    </button>
                </td>
                <td class="c-time">{ fmt_time(ev.at_us.saturating_sub(t0)) }</td>
                <td class="c-route">{ endpoint_name(trace, lang, &ev.endpoint) }</td>
                <td class="c-ev" colspan="5">
                    <span class="ev-tag">{ t(lang, T::EventTag) }</span>
                    if let Some((label, _)) = &badge {
                        <strong class="ev-label">{ label.clone() }</strong>
                    }
                    <span class="ev-text">{ events::text(ev, lang) }</span>
                </td>
            </tr>
        })
    };
    // One flat list of keyed rows: each segment after the events that came before it.
    let mut rows: Vec<Html> = Vec::with_capacity(chunk.segs.len() + chunk.events.len());
    for (k, i) in chunk.segs.clone().enumerate() {
        let seg = &trace.segments[i];
        rows.extend(
            chunk
                .events
                .get(k)
                .into_iter()
                .flatten()
                .filter_map(|&e| event_row(e)),
        );
        let on_seek = props.on_seek.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_seek.emit(i + 1));
        let is_current = current == Some(i);
        let phase = if is_current {
            "current"
        } else if i < props.step {
            "past"
        } else {
            "future"
        };
        let ack_text = seg.ack.map(|a| a.to_string()).unwrap_or_default();
        let tcp = seg.proto == Proto::Tcp;
        let shown_seq = if tcp {
            props.bases.seq(seg, props.numbering).to_string()
        } else {
            String::new()
        };
        let shown_ack = props
            .bases
            .ack(seg, props.numbering)
            .map(|a| a.to_string())
            .unwrap_or_default();
        let mut info = segment_note(seg, lang);
        if let Some(w) = fate_word(seg.fate, lang) {
            if !info.is_empty() {
                info.push_str("  ");
            }
            info.push_str(w);
        }
        let route = format!(
            "{} → {}{}",
            endpoint_name(trace, lang, &seg.from),
            endpoint_name(trace, lang, &seg.to),
            if multi {
                format!(" #{}", seg.conn)
            } else {
                String::new()
            }
        );
        let n = seg.id.to_string();
        let masked = props.hide_future && i >= props.step;
        let mask = |s: String| if masked { "?".to_owned() } else { s };
        let (shown_seq, shown_ack, info) = (mask(shown_seq), mask(shown_ack), mask(info));
        let flags = mask(flags_label(seg));
        let len = mask(seg.len.to_string());
        rows.push(html! {
            <tr key={i}
                class={classes!("row", phase, (!matches!(seg.fate, Fate::Delivered)).then_some("odd-fate"))}
                data-segment-id={i.to_string()}
                data-flags={seg.flags_text()}
                data-seq={seg.seq.to_string()}
                data-ack={ack_text}
                data-len={seg.len.to_string()}
                aria-current={is_current.then_some("step")}
                {onclick}>
                <td class="c-no">
                    <button type="button" class="rowbtn" aria-label={tf(lang, T::GoToSegment, &[("n", &n)])}>{ n.clone() }</button>
                </td>
                <td class="c-time">{ fmt_time(seg.sent_us.saturating_sub(t0)) }</td>
                <td class="c-route">{ route }</td>
                <td class="c-flags">{ flags }</td>
                <td class="c-num">{ shown_seq }</td>
                <td class="c-num">{ shown_ack }</td>
                <td class="c-num">{ len }</td>
                <td class="c-info">{ info }</td>
            </tr>
        });
    }
    if chunk.events.len() > chunk.segs.len() {
        rows.extend(
            chunk
                .events
                .last()
                .into_iter()
                .flatten()
                .filter_map(|&e| event_row(e)),
        );
    }
    html! { <>{ for rows }</> }
}
