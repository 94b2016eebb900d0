//! The accessible transcript: one row per segment in send order, every row there from the
//! start, the current one marked `aria-current="step"`. Selecting a row jumps to it.
//! The story's events sit between them in time order as rows of their own
//! (`data-event-id`, never `data-segment-id`); selecting one goes to the step that tells it.
//! The rows themselves are drawn in chunks by [`LogRows`].

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::Trace;
use wiretrace_diagram::numbers::{Numbering, SeqBases};
use yew::prelude::*;

use super::log_rows::{Chunks, LogRows};
use crate::dom;
use crate::shared::Shared;
use crate::ui::{t, T};

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
    let scroll_ref = use_node_ref();
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
    // The rows come in chunks that each re-render only when the step changes something in
    // them (a long run has thousands of rows; a step touches one or two chunks).
    let bases = use_memo(props.run, {
        let trace = props.trace.clone();
        move |_| SeqBases::new(&trace)
    });
    let chunks = use_memo(props.run, {
        let trace = props.trace.clone();
        move |_| Chunks::new(&trace)
    });
    let rows = chunks.list.iter().enumerate().map(|(k, c)| {
        html! {
            <LogRows key={k} trace={props.trace.clone()} chunk={c.clone()}
                step={c.step_key(props.step)} numbering={props.numbering} lang={lang}
                hide_future={props.hide_future} bases={Shared::from(bases.clone())}
                on_seek={props.on_seek.clone()} />
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
