//! The accessible transcript: one row per segment in send order, every row there from the
//! start, the current one marked `aria-current="step"`. Selecting a row jumps to it.
//! The story's events sit between them in time order as rows of their own
//! (`data-event-id`, never `data-segment-id`); selecting one goes to the step that tells it.

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{Proto, Trace};
use wiretrace_diagram::numbers::{flags_label, segment_note, Numbering, SeqBases};
use wiretrace_diagram::{events, fmt_time, story, text::fate_word};
use yew::prelude::*;

use super::explanation::endpoint_name;
use crate::dom;
use crate::shared::Shared;
use crate::ui::{t, tf, T};

#[derive(Properties, PartialEq)]
pub struct SegmentLogProps {
    pub trace: Shared<Trace>,
    pub run: u32,
    pub step: usize,
    pub numbering: Numbering,
    pub lang: Lang,
    /// Predict mode: rows not yet played keep their numbers to themselves.
    pub hide_future: bool,
    pub on_seek: Callback<usize>,
}

#[component]
pub fn SegmentLog(props: &SegmentLogProps) -> Html {
    let lang = props.lang;
    let trace = &*props.trace;
    let scroll_ref = use_node_ref();
    let current = props.step.checked_sub(1);
    {
        let scroll_ref = scroll_ref.clone();
        use_effect_with((props.run, props.step), move |&(_, step)| {
            let Some(container) = scroll_ref.cast::<web_sys::Element>() else {
                return;
            };
            let Some(seg) = step.checked_sub(1) else {
                container.set_scroll_top(0);
                return;
            };
            let sel = format!("tr[data-segment-id=\"{seg}\"]");
            if let Ok(Some(row)) = container.query_selector(&sel) {
                dom::scroll_into(&container, &row, 40.0);
            }
        });
    }
    // The rows depend on the trace, numbering, language and step only.
    let bases = use_memo(props.run, {
        let trace = props.trace.clone();
        move |_| SeqBases::new(&trace)
    });
    let t0 = trace.segments.first().map_or(0, |s| s.sent_us);
    let multi = trace.connections.len() > 1;
    // Events in time order between the segments (each before the first segment sent after
    // it), and the step that tells each (its row's phase, where a click goes).
    let (by_slot, steps) = {
        let memo = use_memo(props.run, {
            let trace = props.trace.clone();
            move |_| {
                let mut by_slot: Vec<Vec<usize>> = vec![Vec::new(); trace.segments.len() + 1];
                for (i, slot) in story::event_slots(&trace).into_iter().enumerate() {
                    by_slot[slot.min(trace.segments.len())].push(i);
                }
                (by_slot, story::event_steps(&trace))
            }
        });
        (memo.0.clone(), memo.1.clone())
    };
    let event_row = |i: usize| -> Option<Html> {
        let ev = &trace.events[i];
        let step = steps.get(i).copied().unwrap_or(0);
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
    let mut rows: Vec<Html> = Vec::with_capacity(trace.segments.len() + trace.events.len());
    for (i, seg) in trace.segments.iter().enumerate() {
        rows.extend(
            by_slot
                .get(i)
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
            bases.seq(seg, props.numbering).to_string()
        } else {
            String::new()
        };
        let shown_ack = bases
            .ack(seg, props.numbering)
            .map(|a| a.to_string())
            .unwrap_or_default();
        let mut info = segment_note(seg);
        if let Some(w) = fate_word(seg.fate) {
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
                class={classes!("row", phase, (!matches!(seg.fate, wiretrace_core::trace::Fate::Delivered)).then_some("odd-fate"))}
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
    rows.extend(
        by_slot
            .last()
            .into_iter()
            .flatten()
            .filter_map(|&e| event_row(e)),
    );
    html! {
        <div class="log-scroll" ref={scroll_ref}>
            <table data-testid="segment-log" class="log">
                <caption>
                    <span class="log-title">{ t(lang, T::SegmentLog) }</span>
                    <span class="log-hint">{ t(lang, T::SegmentLogCaption) }</span>
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="c-no">{ t(lang, T::ColNo) }</th>
                        <th scope="col">{ t(lang, T::ColTime) }</th>
                        <th scope="col">{ t(lang, T::ColFromTo) }</th>
                        <th scope="col">{ t(lang, T::ColFlags) }</th>
                        <th scope="col" class="c-num">{ t(lang, T::ColSeq) }</th>
                        <th scope="col" class="c-num">{ t(lang, T::ColAck) }</th>
                        <th scope="col" class="c-num">{ t(lang, T::ColLen) }</th>
                        <th scope="col">{ t(lang, T::ColInfo) }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
