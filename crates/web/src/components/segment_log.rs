//! The accessible transcript: one row per segment in send order, every row there from the
//! start, the current one marked `aria-current="step"`. Selecting a row jumps to it.

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{Proto, Trace};
use wiretrace_diagram::numbers::{flags_label, segment_note, Numbering, SeqBases};
use wiretrace_diagram::{fmt_time, text::fate_word};
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
    let rows = trace.segments.iter().enumerate().map(|(i, seg)| {
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
        let shown_seq = if tcp { bases.seq(seg, props.numbering).to_string() } else { String::new() };
        let shown_ack = bases.ack(seg, props.numbering).map(|a| a.to_string()).unwrap_or_default();
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
            if multi { format!(" #{}", seg.conn + 1) } else { String::new() }
        );
        let n = (i + 1).to_string();
        let masked = props.hide_future && i >= props.step;
        let mask = |s: String| if masked { "?".to_owned() } else { s };
        let (shown_seq, shown_ack, info) = (mask(shown_seq), mask(shown_ack), mask(info));
        let flags = mask(flags_label(seg));
        let len = mask(seg.len.to_string());
        html! {
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
        }
    });
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
