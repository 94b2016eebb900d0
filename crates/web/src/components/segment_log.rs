//! The accessible transcript: one row per segment in send order, with the story's events
//! between them in time order as rows of their own (`data-event-id`, never
//! `data-segment-id`). The current segment's row is marked `aria-current="step"` and kept
//! in view as the player moves; selecting a row jumps to it (an event: to the step that
//! tells it).
//!
//! The table is windowed, so a run of a million segments costs no more DOM than one of a
//! hundred: rows have one height, and only those in view, some more on each side, the
//! current row and the row holding the focus exist in the page, with gaps that keep the
//! scroll range ([`crate::virtual_list`]). The table says how many rows it has
//! (`aria-rowcount`) and each row where it is (`aria-rowindex`). Which item is on which row
//! comes from [`LogIndex`], built once per run: a step or a scroll costs the rows drawn.

use std::cell::Cell;
use std::ops::Range;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::Trace;
use wiretrace_diagram::numbers::{Numbering, SeqBases};
use wiretrace_diagram::story::Story;
use yew::prelude::*;

use super::log_rows::{LogRow, Phase};
use crate::log_index::{Item, LogIndex};
use crate::shared::Shared;
use crate::ui::{t, T};
use crate::virtual_list::{self, Geometry};

#[derive(Properties, PartialEq)]
pub struct SegmentLogProps {
    pub trace: Shared<Trace>,
    /// The run's story (where events go and when they are told).
    pub story: Shared<Story>,
    pub run: u32,
    pub step: usize,
    pub numbering: Numbering,
    pub lang: Lang,
    /// Predict mode: rows not yet played keep their numbers to themselves, and events not
    /// yet told are left out.
    pub hide_future: bool,
    pub on_seek: Callback<usize>,
}

/// A row's height as www/style.css draws it, until a drawn row is measured.
const ROW_PX: f64 = 36.0;
/// Rows drawn before the log has been measured: a view's worth and some more.
const FIRST_ROWS: usize = 40;
/// Rows drawn beyond the view on each side: at least this, at most a view's worth.
const OVERSCAN: usize = 12;
/// The most rows a window holds, whatever the view (a box that does not scroll, as when
/// printing, would otherwise ask for every row).
const MAX_WINDOW: usize = 400;
/// Room kept above and below the current row when following it (px).
const FOLLOW_PX: f64 = 40.0;

/// What the last render drew, for the handlers that run between renders.
#[derive(Default)]
struct Drawn {
    /// Rows in the table.
    rows: usize,
    /// The window as drawn (within the rows).
    window: Range<usize>,
    /// Runs of drawn rows, in order; a gap row comes before each and after the last.
    runs: Vec<Range<usize>>,
    /// Which run is the window.
    anchor: usize,
}

/// The log's elements: the scrolling box, what it scrolls, the header and the body.
#[derive(Clone, PartialEq)]
struct Parts {
    scroll: NodeRef,
    sizer: NodeRef,
    head: NodeRef,
    body: NodeRef,
}

/// Where the view is: its scroll position over the rows, its height below the header, and
/// a row's height.
struct View {
    top: f64,
    height: f64,
    head: f64,
    row_px: f64,
}

impl Parts {
    fn view(&self) -> Option<View> {
        let scroll = self.scroll.cast::<web_sys::Element>()?;
        let head = self
            .head
            .cast::<web_sys::Element>()
            .map_or(0.0, |h| h.get_bounding_client_rect().height());
        let row_px = self
            .body
            .cast::<web_sys::Element>()
            .and_then(|b| b.query_selector("tr[aria-rowindex]").ok().flatten())
            .map(|r| r.get_bounding_client_rect().height())
            .filter(|h| *h >= 1.0)
            .unwrap_or(ROW_PX);
        Some(View {
            top: f64::from(scroll.scroll_top()),
            height: (f64::from(scroll.client_height()) - head).max(row_px),
            head,
            row_px,
        })
    }

    /// Sizes the gap rows so that each run of drawn rows sits at its place.
    fn place(&self, drawn: &Drawn) {
        let (Some(view), Some(body)) = (self.view(), self.body.cast::<web_sys::Element>()) else {
            return;
        };
        let geometry = geometry(drawn.rows, &view);
        // What the box scrolls keeps its height while rows come and go, so that the browser
        // never pulls the scroll position back to a shorter range in between.
        if let Some(sizer) = self.sizer.cast::<web_sys::HtmlElement>() {
            let px = view.head + geometry.height();
            let _ = sizer
                .style()
                .set_property("min-height", &format!("{px:.2}px"));
        }
        let gaps = geometry.gaps(view.top, &drawn.runs, drawn.anchor);
        let Ok(rows) = body.query_selector_all(":scope > tr.log-gap") else {
            return;
        };
        for (k, px) in gaps.iter().enumerate() {
            let Some(row) = rows
                .item(k as u32)
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                break;
            };
            let _ = row.style().set_property("height", &format!("{px:.2}px"));
        }
    }
}

fn geometry(rows: usize, view: &View) -> Geometry {
    Geometry {
        rows,
        row_px: view.row_px,
        view_px: view.height,
    }
}

/// The item a row element (or anything inside it) shows.
fn item_of(target: Option<web_sys::EventTarget>) -> Option<Item> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    let row = el
        .closest("tr[data-segment-id], tr[data-event-id]")
        .ok()??;
    if let Some(i) = row.get_attribute("data-segment-id") {
        return i.parse().ok().map(Item::Segment);
    }
    row.get_attribute("data-event-id")?
        .parse()
        .ok()
        .map(Item::Event)
}

#[component]
pub fn SegmentLog(props: &SegmentLogProps) -> Html {
    let lang = props.lang;
    let parts = Parts {
        scroll: use_node_ref(),
        sizer: use_node_ref(),
        head: use_node_ref(),
        body: use_node_ref(),
    };
    let index = use_memo(props.run, {
        let trace = props.trace.clone();
        let story = props.story.clone();
        move |_| {
            LogIndex::new(
                trace.segments.len(),
                story.event_slots(),
                story.event_steps(),
            )
        }
    });
    let bases = use_memo(props.run, {
        let trace = props.trace.clone();
        move |_| Shared(Rc::new(SeqBases::new(&trace)))
    });
    let window = use_state_eq(|| 0..FIRST_ROWS);
    // The row holding the focus stays drawn, so scrolling never takes the focus away.
    let focus = use_state_eq(|| None::<Item>);
    let drawn = use_mut_ref(Drawn::default);

    let n = props.trace.segments.len();
    let rows = index.rows(props.hide_future.then_some(props.step));
    let total = rows.len();
    let current = props
        .step
        .checked_sub(1)
        .filter(|&i| i < n)
        .map(|i| rows.row_of_segment(i));
    let pins: Vec<usize> = current
        .into_iter()
        .chain(focus.and_then(|item| rows.row_of(item)))
        .collect();
    let win = window.start.min(total)..window.end.min(total);
    let (runs, anchor) = virtual_list::runs(win.clone(), &pins);
    *drawn.borrow_mut() = Drawn {
        rows: total,
        window: win,
        runs: runs.clone(),
        anchor,
    };

    // Draws another window when the view has left this one; else, on a squeezed list,
    // moves this one along with the view.
    let refresh = {
        let parts = parts.clone();
        let drawn = drawn.clone();
        let window = window.setter();
        Rc::new(move || {
            let Some(view) = parts.view() else {
                return;
            };
            let d = drawn.borrow();
            let geometry = geometry(d.rows, &view);
            let seen = geometry.in_view(view.top);
            if seen.start < d.window.start || seen.end > d.window.end {
                let more = OVERSCAN.max(seen.len());
                let w = geometry.window(view.top, more);
                window.set(w.start..w.end.min(w.start + MAX_WINDOW));
            } else if geometry.squeezed() {
                parts.place(&d);
            }
        })
    };

    // Keep the current row in view as the player moves (the top at the start).
    {
        let parts = parts.clone();
        let drawn = drawn.clone();
        let refresh = refresh.clone();
        // Predict mode moves rows too (events told later are left out or come back).
        use_effect_with(
            (props.run, props.step, props.hide_future),
            move |&(_, step, _)| {
                // The gaps first: the scroll range must be there to scroll within it.
                parts.place(&drawn.borrow());
                if let (Some(scroll), Some(view)) =
                    (parts.scroll.cast::<web_sys::Element>(), parts.view())
                {
                    let geometry = geometry(drawn.borrow().rows, &view);
                    let to = match (step, current) {
                        (0, _) => Some(0.0),
                        (_, Some(row)) => geometry.follow(view.top, row, FOLLOW_PX),
                        (_, None) => None,
                    };
                    if let Some(y) = to {
                        scroll.set_scroll_top(y.round() as i32);
                    }
                }
                refresh();
            },
        );
    }
    // After every render: the gaps for what was drawn.
    {
        let parts = parts.clone();
        let drawn = drawn.clone();
        use_effect(move || parts.place(&drawn.borrow()));
    }
    // A resized view may show rows not drawn yet.
    {
        let refresh = refresh.clone();
        use_effect_with((), move |_| {
            let listener =
                web_sys::window().map(|w| EventListener::new(&w, "resize", move |_| refresh()));
            move || drop(listener)
        });
    }
    // Scrolling: at most once a frame.
    let pending = use_memo((), |_| Cell::new(false));
    let onscroll = {
        let refresh = refresh.clone();
        Callback::from(move |_: Event| {
            let refresh = refresh.clone();
            crate::dom::next_frame_once(&pending, move || refresh());
        })
    };
    let onclick = {
        let on_seek = props.on_seek.clone();
        let story = props.story.clone();
        Callback::from(move |e: MouseEvent| match item_of(e.target()) {
            Some(Item::Segment(i)) => on_seek.emit(i + 1),
            Some(Item::Event(i)) => {
                if let Some(&step) = story.event_steps().get(i) {
                    on_seek.emit(step);
                }
            }
            None => {}
        })
    };
    let onfocusin = {
        let focus = focus.setter();
        Callback::from(move |e: FocusEvent| focus.set(item_of(e.target())))
    };
    let onfocusout = {
        let focus = focus.setter();
        Callback::from(move |_: FocusEvent| focus.set(None))
    };

    let steps = props.story.event_steps();
    let row_of = |row: usize, item: Item| -> Html {
        let (phase, step, masked, key) = match item {
            Item::Segment(i) => {
                let phase = if current == Some(row) {
                    Phase::Now
                } else if i < props.step {
                    Phase::Past
                } else {
                    Phase::Future
                };
                (
                    phase,
                    i + 1,
                    props.hide_future && i >= props.step,
                    format!("s{i}"),
                )
            }
            Item::Event(e) => {
                let step = steps.get(e).copied().unwrap_or(0);
                let phase = match step.cmp(&props.step) {
                    std::cmp::Ordering::Less => Phase::Past,
                    std::cmp::Ordering::Equal => Phase::Now,
                    std::cmp::Ordering::Greater => Phase::Future,
                };
                (phase, step, false, format!("e{e}"))
            }
        };
        html! {
            <LogRow key={key} trace={props.trace.clone()} item={item} row={row + 2}
                phase={phase} step={step} masked={masked} numbering={props.numbering}
                lang={lang} bases={(*bases).clone()} />
        }
    };
    let gap = |k: usize| {
        html! {
            <tr key={format!("gap{k}")} class="log-gap" aria-hidden="true"><td colspan="8"></td></tr>
        }
    };
    let mut body: Vec<Html> =
        Vec::with_capacity(runs.iter().map(|r| r.len() + 1).sum::<usize>() + 1);
    for (k, run) in runs.iter().enumerate() {
        body.push(gap(k));
        body.extend(
            rows.items(run.clone())
                .into_iter()
                .map(|(row, item)| row_of(row, item)),
        );
    }
    body.push(gap(runs.len()));

    html! {
        <>
            <div class="log-cap">
                <span class="log-title" id="log-title">{ t(lang, T::SegmentLog) }</span>
                <span class="log-hint" id="log-hint">{ t(lang, T::SegmentLogCaption) }</span>
            </div>
            <div class="log-scroll" ref={parts.scroll.clone()} {onscroll}>
                <div class="log-sizer" ref={parts.sizer.clone()}>
                <table data-testid="segment-log" class="log" aria-labelledby="log-title"
                    aria-describedby="log-hint" aria-rowcount={(total + 1).to_string()}>
                    <thead ref={parts.head.clone()}>
                        <tr aria-rowindex="1">
                            <th scope="col" class="c-no">{ t(lang, T::ColNo) }</th>
                            <th scope="col" class="c-time">{ t(lang, T::ColTime) }</th>
                            <th scope="col" class="c-route">{ t(lang, T::ColFromTo) }</th>
                            <th scope="col" class="c-flags">{ t(lang, T::ColFlags) }</th>
                            <th scope="col" class="c-num">{ t(lang, T::ColSeq) }</th>
                            <th scope="col" class="c-num">{ t(lang, T::ColAck) }</th>
                            <th scope="col" class="c-num c-len">{ t(lang, T::ColLen) }</th>
                            <th scope="col" class="c-info">{ t(lang, T::ColInfo) }</th>
                        </tr>
                    </thead>
                    <tbody ref={parts.body.clone()} {onclick} {onfocusin} {onfocusout}>
                        { for body }
                    </tbody>
                </table>
                </div>
            </div>
        </>
    }
}
