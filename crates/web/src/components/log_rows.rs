//! One row of the segment log: a segment or an event of the story, one line high (long
//! text ends in an ellipsis on screen; the cell keeps all of it, for screen readers, and
//! as its title). Its props say only what the row shows, so when a step or a scroll draws
//! the log again, Yew skips the rows that stay as they were.

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{Fate, Proto, Trace};
use wiretrace_diagram::numbers::{flags_label, segment_note, Numbering, SeqBases};
use wiretrace_diagram::{events, fmt_time, text::fate_word};
use yew::prelude::*;

use super::explanation::endpoint_name;
use crate::log_index::Item;
use crate::shared::Shared;
use crate::ui::{t, tf, T};

/// Where a row stands against the step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Played (a segment) or told before this step (an event).
    Past,
    /// The current segment, or an event told at this step.
    Now,
    /// Not played yet.
    Future,
}

#[derive(Properties, PartialEq)]
pub struct LogRowProps {
    pub trace: Shared<Trace>,
    pub item: Item,
    /// Its place in the table, the header being row 1 (`aria-rowindex`).
    pub row: usize,
    pub phase: Phase,
    /// The step an event is told at (a segment's is its id + 1).
    pub step: usize,
    /// Predict mode: a row not yet played keeps its numbers to itself.
    pub masked: bool,
    pub numbering: Numbering,
    pub lang: Lang,
    pub bases: Shared<SeqBases>,
}

#[component]
pub fn LogRow(props: &LogRowProps) -> Html {
    let lang = props.lang;
    let trace = &*props.trace;
    let t0 = trace.segments.first().map_or(0, |s| s.sent_us);
    let rowindex = props.row.to_string();
    match props.item {
        Item::Event(i) => {
            let Some(ev) = trace.events.get(i) else {
                return Html::default();
            };
            let phase = match props.phase {
                Phase::Past => "past",
                Phase::Now => "now",
                Phase::Future => "future",
            };
            let badge = events::badge(ev, lang);
            let tone = badge.as_ref().map_or("wt-ev-info", |b| b.1.class());
            let text = events::text(ev, lang);
            let tag = t(lang, T::EventTag);
            let whole = match &badge {
                Some((label, _)) => format!("{tag} · {label} · {text}"),
                None => format!("{tag} · {text}"),
            };
            // The run's own events (its summary, a cut) name no endpoint.
            let who = events::teller(ev)
                .map(|id| endpoint_name(trace, lang, id))
                .unwrap_or_default();
            html! {
                <tr class={classes!("ev-row", phase, tone)} data-event-id={i.to_string()}
                    aria-rowindex={rowindex}>
                    <td class="c-no">
                        <button type="button" class="rowbtn ev-btn"
                            aria-label={tf(lang, T::GoToStep, &[("n", &props.step.to_string())])}>
                            <span class="ev-dia" aria-hidden="true"></span>
                        </button>
                    </td>
                    <td class="c-time">{ fmt_time(ev.at_us.saturating_sub(t0)) }</td>
                    <td class="c-route" title={who.clone()}>{ who }</td>
                    <td class="c-ev" colspan="5" title={whole}>
                        <span class="ev-tag">{ tag }</span>
                        if let Some((label, _)) = &badge {
                            <strong class="ev-label">{ label.clone() }</strong>
                        }
                        <span class="ev-text">{ text }</span>
                    </td>
                </tr>
            }
        }
        Item::Segment(i) => {
            let Some(seg) = trace.segments.get(i) else {
                return Html::default();
            };
            let phase = match props.phase {
                Phase::Past => "past",
                Phase::Now => "current",
                Phase::Future => "future",
            };
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
                if trace.connections.len() > 1 {
                    format!(" #{}", seg.conn)
                } else {
                    String::new()
                }
            );
            let n = seg.id.to_string();
            let mask = |s: String| if props.masked { "?".to_owned() } else { s };
            let (shown_seq, shown_ack, info) = (mask(shown_seq), mask(shown_ack), mask(info));
            let flags = mask(flags_label(seg));
            let len = mask(seg.len.to_string());
            html! {
                <tr class={classes!("row", phase, (!matches!(seg.fate, Fate::Delivered)).then_some("odd-fate"))}
                    data-segment-id={i.to_string()}
                    data-flags={seg.flags_text()}
                    data-seq={seg.seq.to_string()}
                    data-ack={seg.ack.map(|a| a.to_string()).unwrap_or_default()}
                    data-len={seg.len.to_string()}
                    aria-current={(props.phase == Phase::Now).then_some("step")}
                    aria-rowindex={rowindex}>
                    <td class="c-no">
                        <button type="button" class="rowbtn" aria-label={tf(lang, T::GoToSegment, &[("n", &n)])}>{ n.clone() }</button>
                    </td>
                    <td class="c-time">{ fmt_time(seg.sent_us.saturating_sub(t0)) }</td>
                    <td class="c-route" title={route.clone()}>{ route }</td>
                    <td class="c-flags" title={flags.clone()}>{ flags }</td>
                    <td class="c-num">{ shown_seq }</td>
                    <td class="c-num">{ shown_ack }</td>
                    <td class="c-num">{ len }</td>
                    <td class="c-info" title={(!info.is_empty()).then(|| info.clone())}>{ info }</td>
                </tr>
            }
        }
    }
}
