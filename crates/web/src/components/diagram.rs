//! The sequence diagram, drawn by windows: the layout is computed once per run, and only
//! the rows in view (plus a margin) are drawn, so a run of a million segments costs no
//! more DOM than one of ten. The heads stay in view while the body scrolls; the current
//! segment's packet travels along its arrow (unless the user prefers reduced motion); a
//! click on an arrow jumps to it.
//!
//! The body is an `<svg>` as tall as the whole figure (its size set by attributes, so a
//! strict Content-Security-Policy holds) holding one nested `<svg>`: the window, placed at
//! its rows and drawn by the diagram crate's scene for that clip. Scrolling moves the
//! window natively; it is drawn again when the view leaves it.

use js_sys::{Array, Object, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wiretrace_core::Trace;

use wiretrace_diagram::overview::Overview;
use wiretrace_diagram::scene::{self, Clip, View};
use wiretrace_diagram::story::Story;
use wiretrace_diagram::{fmt_time, svg, zoomed, Layout};
use yew::prelude::*;
use yew::virtual_dom::{VNode, VTag};

use super::overview::OverviewStrip;
use crate::files::obj;
use crate::render::to_vtag;
use crate::shared::Shared;
use crate::ui::{t, T};

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub trace: Shared<Trace>,
    pub layout: Shared<Layout>,
    pub story: Shared<Story>,
    pub run: u32,
    pub step: usize,
    pub timers: bool,
    pub travel: bool,
    pub reduced_motion: bool,
    /// How long the current segment's travel takes, in ms.
    pub travel_ms: u32,
    pub label: AttrValue,
    /// Predict mode: what has not happened yet stays hidden.
    pub hide_future: bool,
    pub lang: wiretrace_core::i18n::Lang,
    pub on_seek: Callback<usize>,
    /// The times at the top and bottom of the view (absolute µs), when they change: the
    /// plots follow them.
    #[prop_or_default]
    pub on_view: Callback<(u64, u64)>,
}

/// Zoom limits: small enough to see a whole run on a phone, large enough for a projector.
const ZOOM_MIN: f32 = 0.4;
const ZOOM_MAX: f32 = 2.0;
/// The page never shrinks a figure below this on its own: arrow labels stay at 11 px or
/// more in the wide figure (drawn at 12 px), and at 10 px or more in the compact one
/// (drawn at 11 px, so a two-lifeline figure fits a 360-px phone). Wider figures scroll.
fn auto_zoom_min(compact: bool) -> f32 {
    if compact {
        10.0 / 11.0
    } else {
        11.0 / 12.0
    }
}

/// The tallest scroll range the page makes (browsers stop laying out past about 16 to 33
/// million pixels); a taller figure maps its rows onto it.
const MAX_SCROLL_PX: f32 = 8_000_000.0;

/// How long a segment takes to travel on screen at normal speed: longer arrows take a
/// little longer, within limits.
pub fn travel_ms(layout: &Layout, segment: usize) -> f64 {
    layout.arrows.get(segment).map_or(0.0, |a| {
        (260.0 + f64::from(a.length) * 1.4).clamp(500.0, 1400.0)
    })
}

/// How the figure's rows map onto the scroll range at a zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Scroll {
    /// Screen px per figure row: the size zoom times the time zoom.
    scale: f32,
    /// Figure rows per scroll px beyond the zoom (1 unless the figure is taller than
    /// [`MAX_SCROLL_PX`]).
    squeeze: f32,
}

impl Scroll {
    fn new(layout: &Layout, zoom: f32, tz: f32) -> Scroll {
        let scale = zoom * tz;
        let tall = layout.height * scale;
        Scroll {
            scale,
            squeeze: (tall / MAX_SCROLL_PX).max(1.0),
        }
    }

    /// Scroll px of a figure row.
    fn px(&self, y: f32) -> f32 {
        y * self.scale / self.squeeze
    }

    /// Figure row at a scroll px.
    fn row(&self, px: f32) -> f32 {
        px * self.squeeze / self.scale
    }
}

/// The least time zoom: the whole run in the box (never more than full size).
fn whole_run_tz(layout: &Layout, zoom: f32, view_px: f32) -> f32 {
    (view_px / (layout.height * zoom).max(1.0)).clamp(1e-6, 1.0)
}

/// The rows in view of the scroll box: `(first, last)` figure rows.
fn rows_in_view(scroll_box: &web_sys::Element, heads: f32, s: Scroll) -> (f32, f32) {
    let top = scroll_box.scroll_top() as f32;
    let h = scroll_box.client_height() as f32 - heads;
    (s.row(top), s.row(top + h.max(1.0)))
}

/// The columns in view of the scroll box at zoom `zoom`: `(first, last)` figure columns.
fn cols_in_view(scroll_box: &web_sys::Element, zoom: f32) -> (f32, f32) {
    let left = scroll_box.scroll_left() as f32;
    let w = (scroll_box.client_width() as f32).max(1.0);
    let z = zoom.max(1e-6);
    (left / z, (left + w) / z)
}

/// The window drawn for the rows and columns in view: those, and half a view's height
/// above and below, half a view's width left and right. A zoom redraws the texts of the
/// whole window at the new scale (about 0.1 ms each in Chromium): with a whole view on
/// each side, a click of Zoom in or out took more than a frame.
fn window_for(rows: (f32, f32), cols: (f32, f32)) -> Clip {
    let h = (rows.1 - rows.0).max(200.0) / 2.0;
    let w = (cols.1 - cols.0).max(400.0) / 2.0;
    Clip {
        y0: rows.0 - h,
        y1: rows.1 + h,
        x0: cols.0 - w,
        x1: cols.1 + w,
    }
}

/// `element.animate(frames, options)` (Web Animations), called through JS so that no
/// unstable web-sys API is needed.
fn web_animate(el: &web_sys::Element, frames: &Array, opts: &Object) {
    if let Ok(f) = Reflect::get(el, &JsValue::from_str("animate")) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call2(el, frames, opts);
        }
    }
}

/// Animates the packet along the arrow and draws the line as it goes (Web Animations:
/// nothing to clean up in the DOM, and no inline styles).
fn animate(
    svg: &web_sys::Element,
    packet: &web_sys::Element,
    layout: &Layout,
    seg: usize,
    ms: f64,
) {
    let Some(arrow) = layout.arrows.get(seg) else {
        return;
    };
    let total: f32 = arrow.length.max(1.0);
    let frames = Array::new();
    let mut run = 0.0f32;
    let points = layout.points(arrow);
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            let q = points[i - 1];
            run += ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt();
        }
        frames.push(&obj(&[
            (
                "transform",
                JsValue::from_str(&format!("translate({}px, {}px)", p.x, p.y)),
            ),
            ("offset", JsValue::from_f64(f64::from(run / total))),
            ("opacity", JsValue::from_f64(1.0)),
        ]));
    }
    let opts = obj(&[
        ("duration", JsValue::from_f64(ms)),
        ("easing", JsValue::from_str("ease-in-out")),
    ]);
    web_animate(packet, &frames, &opts);

    let sel = format!("[data-segment-id=\"{seg}\"]");
    let Ok(Some(group)) = svg.query_selector(&sel) else {
        return;
    };
    if let Ok(Some(line)) = group.query_selector(".wt-line") {
        let len = f64::from(total);
        let dash = JsValue::from_str(&format!("{len} {len}"));
        let frames = Array::of2(
            &obj(&[
                ("strokeDasharray", dash.clone()),
                ("strokeDashoffset", JsValue::from_f64(len)),
            ]),
            &obj(&[
                ("strokeDasharray", dash),
                ("strokeDashoffset", JsValue::from_f64(0.0)),
            ]),
        );
        web_animate(&line, &frames, &opts);
    }
    // The arrowhead (or the cross) appears when the packet gets there.
    if let Ok(Some(end)) = group.query_selector(".wt-head, .wt-cross") {
        let frames = Array::of3(
            &obj(&[("opacity", JsValue::from_f64(0.0))]),
            &obj(&[
                ("opacity", JsValue::from_f64(0.0)),
                ("offset", JsValue::from_f64(0.92)),
            ]),
            &obj(&[("opacity", JsValue::from_f64(1.0))]),
        );
        web_animate(&end, &frames, &opts);
    }
}

/// The window's markup: every layer of the body that meets the clip, with the veil and
/// the playhead, as one string the browser parses in one go; zoomed out in time (`tz` <
/// 1), the figure of trains.
#[allow(clippy::too_many_arguments)]
fn window_markup(
    trace: &Trace,
    layout: &Layout,
    story: &Story,
    view: &View,
    clip: &Clip,
    tz: f32,
    lang: wiretrace_core::i18n::Lang,
) -> String {
    let parts = if tz < 1.0 {
        zoomed::body_parts(trace, layout, story, view, clip, tz, lang)
    } else {
        scene::body_parts(trace, layout, story, view, clip)
    };
    let mut out = String::new();
    for el in parts.layers() {
        out.push_str(&svg::to_string(&el));
    }
    out
}

/// Where the view should be after a zoom: this figure row at this many px from the top
/// of the box's body.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Anchor {
    row: f32,
    offset: f32,
}

#[component]
pub fn DiagramView(props: &DiagramProps) -> Html {
    let scroll_ref = use_node_ref();
    let packet_ref = use_node_ref();
    let zoom = use_state(|| 1.0f32);
    // Time zoom: 1 draws every segment; below, the figure of trains.
    let tz = use_state(|| 1.0f32);
    let anchor = use_mut_ref(|| None::<Anchor>);
    let layout = &props.layout;
    let scroll = Scroll::new(layout, *zoom, *tz);
    let heads = use_memo((props.run, props.layout.clone()), |(_, layout)| {
        scene::heads(layout)
    });
    let overview = use_memo((props.run, props.layout.clone()), {
        let trace = props.trace.clone();
        move |(_, layout)| Overview::new(&trace, layout, 512)
    });
    use_fit_on_new_run(props, zoom.clone(), tz.clone(), scroll_ref.clone());
    let heads_px = layout.head_height * *zoom;
    let win = use_window(props, &scroll_ref, &anchor, *zoom, *tz, heads_px);
    let view = View {
        shown: props.step,
        timers: props.timers,
        travel: props.travel,
        playhead: true,
        hide_future: props.hide_future,
    };
    // Until the box is measured (the first render), the top of the figure.
    let rows = win.clip.unwrap_or_else(|| {
        let h = 900.0 / (*tz).max(1e-6);
        Clip::rows(-h, 2.0 * h)
    });
    let markup = {
        let trace = props.trace.clone();
        let story = props.story.clone();
        let lang = props.lang;
        let t = *tz;
        use_memo(
            (
                props.run,
                props.layout.clone(),
                view,
                [rows.y0, rows.y1, rows.x0, rows.x1].map(f32::to_bits),
                t.to_bits(),
                lang,
            ),
            move |(_, layout, view, _, _, _)| {
                AttrValue::from(window_markup(&trace, layout, &story, view, &rows, t, lang))
            },
        )
    };
    use_follow_step(props, &scroll_ref, &packet_ref, *zoom, *tz, heads_px);
    let controls = controls(props, &scroll_ref, &anchor, &zoom, &tz, heads_px);
    use_view_times(props, win.in_view);

    let shown_rows = win.in_view.unwrap_or((0.0, layout.height));
    let time_of = |row: f32| {
        AttrValue::from(fmt_time(
            layout
                .map
                .time_at(row.clamp(0.0, layout.height))
                .saturating_sub(layout.t0),
        ))
    };
    let times = (
        time_of(shown_rows.0),
        time_of(shown_rows.1),
        time_of(layout.height),
    );
    // Predict mode: the overview shows the run down to where the step's segment leaves
    // (a segment sent later starts no higher), not the bursts still to come.
    let until = props.hide_future.then(|| {
        props
            .step
            .checked_sub(1)
            .and_then(|i| layout.arrows.get(i))
            .map_or(0.0, |a| layout.arrow_extent(a).0)
    });
    // The overview is for figures that do not fit the box.
    let show_overview = win
        .in_view
        .is_some_and(|(a, b)| a > 0.5 || b < layout.height - 0.5);
    let lang = props.lang;
    let (body, heads_tag) = figure_tags(
        props,
        &heads,
        &markup,
        &packet_ref,
        &rows,
        (*zoom, *tz),
        scroll,
    );
    let Controls {
        onclick,
        onwheel,
        onkeydown,
        on_jump,
        on_zoom,
        ..
    } = controls.clone();

    html! {
        <div class="diagram-wrap">
            { zoom_bar(lang, *zoom, *tz, &controls) }
            <div class="diagram-row">
                <div class="diagram-scroll" ref={scroll_ref} {onclick} onscroll={win.onscroll}
                    {onwheel} {onkeydown} tabindex="0" role="region" aria-label={t(lang, T::Figure)}>
                    <div class="diagram-heads">{ VNode::VTag(Rc::new(heads_tag)) }</div>
                    { VNode::VTag(Rc::new(body)) }
                </div>
                if show_overview {
                    <OverviewStrip overview={Shared::from(overview)} height={layout.height}
                        view={shown_rows} {until} {times} {lang} {on_jump} {on_zoom} />
                }
            </div>
        </div>
    }
}

/// A new run starts at full size in time; a figure a little wider than its box starts
/// zoomed out to fit, never below a legible size: beyond that it scrolls sideways.
#[hook]
fn use_fit_on_new_run(
    props: &DiagramProps,
    zoom: UseStateHandle<f32>,
    tz: UseStateHandle<f32>,
    scroll_ref: NodeRef,
) {
    let width = props.layout.width;
    let compact = props.layout.compact;
    use_effect_with((props.run, width.to_bits(), compact), move |_| {
        tz.set(1.0);
        if let Some(c) = scroll_ref.cast::<web_sys::Element>() {
            let avail = c.client_width() as f32 - 2.0;
            if avail > 0.0 && avail < width {
                zoom.set((avail / width).clamp(auto_zoom_min(compact), 1.0));
            } else {
                zoom.set(1.0);
            }
        }
    });
}

/// What the figure draws of itself: the window of rows, the rows in view, and the scroll
/// handler that moves the window when the view leaves it.
struct Window {
    /// The rows drawn; `None` until the scroll box has been measured.
    clip: Option<Clip>,
    /// The rows in view (for the overview); `None` until measured.
    in_view: Option<(f32, f32)>,
    onscroll: Callback<Event>,
}

/// The window of the figure drawn, kept around the view: measured on a new run, zoom or
/// figure (the anchored row put back where it was first), and again as the box scrolls,
/// a frame at most once.
#[hook]
fn use_window(
    props: &DiagramProps,
    scroll_ref: &NodeRef,
    anchor: &Rc<std::cell::RefCell<Option<Anchor>>>,
    zoom: f32,
    tz: f32,
    heads_px: f32,
) -> Window {
    let clip = use_state(|| None::<Clip>);
    let in_view = use_state(|| None::<(f32, f32)>);
    let scroll = Scroll::new(&props.layout, zoom, tz);
    // Measures what is in view and moves the window when the view has left it.
    let refresh = {
        let scroll_ref = scroll_ref.clone();
        let clip = clip.clone();
        let in_view = in_view.clone();
        let height = props.layout.height;
        Rc::new(move |force: bool| {
            let Some(c) = scroll_ref.cast::<web_sys::Element>() else {
                return;
            };
            let view = rows_in_view(&c, heads_px, scroll);
            // The view is shown by the overview strip, about as tall as the box: a view
            // that moved less than one of its pixels does not render the figure again
            // (scrolling a big run would, every frame). At the ends it is exact.
            let strip_px = height / (c.client_height().max(1) as f32);
            let moved = (*in_view)
                .is_none_or(|(a, b)| (a - view.0).abs().max((b - view.1).abs()) >= strip_px);
            let edge = view.0 <= 0.5 || view.1 >= height - 0.5;
            if *in_view != Some(view) && (force || moved || edge) {
                in_view.set(Some(view));
            }
            let cols = cols_in_view(&c, zoom);
            let inside = (*clip).is_some_and(|w| {
                w.y0 <= view.0 && view.1 <= w.y1 && w.x0 <= cols.0 && cols.1 <= w.x1
            });
            if force || !inside {
                clip.set(Some(window_for(view, cols)));
            }
        })
    };
    // A new run, zoom or figure: put the anchored row back where it was, then draw the
    // window for the view as it is now.
    {
        let refresh = refresh.clone();
        let scroll_ref = scroll_ref.clone();
        let anchor = anchor.clone();
        use_effect_with(
            (
                props.run,
                props.layout.clone(),
                zoom.to_bits(),
                tz.to_bits(),
            ),
            move |_| {
                if let (Some(a), Some(c)) = (
                    anchor.borrow_mut().take(),
                    scroll_ref.cast::<web_sys::Element>(),
                ) {
                    c.set_scroll_top((scroll.px(a.row) - a.offset).max(0.0) as i32);
                }
                refresh(true)
            },
        );
    }
    // Scrolling: move the window when the view leaves it (a frame at most once).
    let pending = use_mut_ref(|| Rc::new(Cell::new(false)));
    let onscroll = {
        let pending = pending.borrow().clone();
        Callback::from(move |_: Event| {
            if pending.replace(true) {
                return;
            }
            let refresh = refresh.clone();
            let pending = pending.clone();
            let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
                pending.set(false);
                refresh(false);
            });
            if let Some(w) = web_sys::window() {
                let _ = w.request_animation_frame(cb.unchecked_ref());
            }
        })
    };
    Window {
        clip: *clip,
        in_view: *in_view,
        onscroll,
    }
}

/// A step: the current arrow is brought into view (with a margin, never pushing its start
/// out; sideways too, in a figure of many lifelines), and its packet travels.
#[hook]
fn use_follow_step(
    props: &DiagramProps,
    scroll_ref: &NodeRef,
    packet_ref: &NodeRef,
    zoom: f32,
    tz: f32,
    heads_px: f32,
) {
    let scroll_ref = scroll_ref.clone();
    let packet_ref = packet_ref.clone();
    let layout = props.layout.clone();
    let scroll = Scroll::new(&layout, zoom, tz);
    let z = zoom;
    let animate_now = props.travel && !props.reduced_motion && tz >= 1.0;
    let ms = f64::from(props.travel_ms);
    use_effect_with(
        (props.run, props.step, animate_now),
        move |&(_, step, animate_now)| {
            let Some(container) = scroll_ref.cast::<web_sys::Element>() else {
                return;
            };
            let Some(seg) = step.checked_sub(1) else {
                container.set_scroll_top(0);
                return;
            };
            let Some(a) = layout.arrows.get(seg) else {
                return;
            };
            // The arrow's rows, on the scroll range.
            let (lo, hi) = layout
                .points(a)
                .iter()
                .fold((f32::MAX, f32::MIN), |(lo, hi), p| {
                    (lo.min(p.y), hi.max(p.y))
                });
            let (top, bottom) = (scroll.px(lo), scroll.px(hi));
            let view_top = container.scroll_top() as f32;
            let view_h = container.client_height() as f32 - heads_px;
            let margin = 72.0f32.min(view_h / 4.0);
            if top < view_top + margin || bottom > view_top + view_h - margin {
                // Bring it in with the margin above, never pushing its start out.
                let want = if bottom - top > view_h - 2.0 * margin || top < view_top + margin {
                    top - margin
                } else {
                    bottom - view_h + margin
                };
                container.set_scroll_top(want.max(0.0) as i32);
            }
            // Sideways (a figure of many lifelines): an arrow wholly out of view comes
            // in, centred if it fits, else from its sender.
            let (left, right) = layout
                .points(a)
                .iter()
                .fold((f32::MAX, f32::MIN), |(lo, hi), p| {
                    (lo.min(p.x * z), hi.max(p.x * z))
                });
            let view_left = container.scroll_left() as f32;
            let view_w = container.client_width() as f32;
            if right < view_left || left > view_left + view_w {
                let start = layout.start(a).x * z;
                let want = if right - left <= view_w {
                    (left + right - view_w) / 2.0
                } else if start <= left + 1.0 {
                    left - 24.0
                } else {
                    right - view_w + 24.0
                };
                container.set_scroll_left(want.max(0.0) as i32);
            }
            if animate_now {
                if let (Ok(Some(svg)), Some(packet)) = (
                    container.query_selector("svg.wt-window"),
                    packet_ref.cast::<web_sys::Element>(),
                ) {
                    animate(&svg, &packet, &layout, seg, ms);
                }
            }
        },
    );
}

/// The plots follow the view's times; a view that reaches an end of the figure reaches
/// that end of the run (the figure's last row is the run's end, which may come before
/// the plot's own margin).
#[hook]
fn use_view_times(props: &DiagramProps, in_view: Option<(f32, f32)>) {
    let on_view = props.on_view.clone();
    let rows = in_view.map(|(a, b)| (a.to_bits(), b.to_bits()));
    use_effect_with(
        (props.run, props.layout.clone(), rows),
        move |(_, layout, rows)| {
            if let Some((a, b)) = rows {
                let (a, b) = (f32::from_bits(*a), f32::from_bits(*b));
                let at = |row: f32| layout.map.time_at(row.clamp(0.0, layout.height));
                let top = if a <= 0.5 { 0 } else { at(a) };
                let bottom = if b >= layout.height - 0.5 {
                    u64::MAX
                } else {
                    at(b)
                };
                on_view.emit((top, bottom));
            }
        },
    );
}

/// What the user does to the figure: clicks, the wheel, keys, the zoom buttons, the
/// overview strip.
#[derive(Clone)]
struct Controls {
    /// A click on an arrow seeks to it; on a train, zooms in on it.
    onclick: Callback<MouseEvent>,
    /// Ctrl (or ⌘) and the wheel zoom in time around the pointer.
    onwheel: Callback<WheelEvent>,
    /// Shift+←/→ scroll the figure sideways.
    onkeydown: Callback<KeyboardEvent>,
    /// The overview: a click or drag centres the view on a row.
    on_jump: Callback<f32>,
    /// The overview's wheel zooms in time around a row.
    on_zoom: Callback<(f32, f32)>,
    /// Size zoom: out, in, fit.
    zoom_out: Callback<MouseEvent>,
    zoom_in: Callback<MouseEvent>,
    fit: Callback<MouseEvent>,
    /// Time zoom: out, in, the whole run, every segment.
    time_out: Callback<MouseEvent>,
    time_in: Callback<MouseEvent>,
    time_whole: Callback<MouseEvent>,
    time_detail: Callback<MouseEvent>,
}

/// The figure's controls. Zooming in time keeps a row where it is on screen: the row
/// under the pointer, or the middle of the view.
fn controls(
    props: &DiagramProps,
    scroll_ref: &NodeRef,
    anchor: &Rc<std::cell::RefCell<Option<Anchor>>>,
    zoom: &UseStateHandle<f32>,
    tz: &UseStateHandle<f32>,
    heads_px: f32,
) -> Controls {
    let layout = props.layout.clone();
    let scroll = Scroll::new(&layout, **zoom, **tz);
    let view_px = move |c: &web_sys::Element| (c.client_height() as f32 - heads_px).max(1.0);
    let set_tz = {
        let tz = tz.clone();
        let anchor = anchor.clone();
        let scroll_ref = scroll_ref.clone();
        let zoom = **zoom;
        let layout = layout.clone();
        Callback::from(move |(want, row): (f32, Option<f32>)| {
            let Some(c) = scroll_ref.cast::<web_sys::Element>() else {
                return;
            };
            let min = whole_run_tz(&layout, zoom, view_px(&c));
            let next = want.clamp(min, 1.0);
            if next == *tz {
                return;
            }
            let top = c.scroll_top() as f32;
            let (row, offset) = match row {
                Some(r) => (r, scroll.px(r) - top),
                None => {
                    let mid = top + view_px(&c) / 2.0;
                    (scroll.row(mid), mid - top)
                }
            };
            *anchor.borrow_mut() = Some(Anchor { row, offset });
            tz.set(next);
        })
    };
    let tz_now = **tz;
    let onclick = {
        let on_seek = props.on_seek.clone();
        let set_tz = set_tz.clone();
        let layout = layout.clone();
        Callback::from(move |e: MouseEvent| {
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let hit = target
                .as_ref()
                .and_then(|el| el.closest("[data-segment-id]").ok().flatten())
                .and_then(|el| el.get_attribute("data-segment-id"))
                .and_then(|id| id.parse::<usize>().ok());
            if let Some(id) = hit {
                on_seek.emit(id + 1);
                return;
            }
            // A train opens: zoom in on it until its arrows stand apart.
            let train = target
                .as_ref()
                .and_then(|el| el.closest("[data-segment-ids]").ok().flatten())
                .and_then(|el| el.get_attribute("data-segment-ids"));
            if let Some((a, b)) = train.as_deref().and_then(|r| r.split_once('-')) {
                if let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) {
                    if let (Some(x), Some(y)) = (layout.arrows.get(a), layout.arrows.get(b)) {
                        let row = (layout.start(x).y + layout.finish(y).y) / 2.0;
                        set_tz.emit((tz_now * 4.0, Some(row)));
                    }
                }
            }
        })
    };
    let onwheel = {
        let set_tz = set_tz.clone();
        Callback::from(move |e: WheelEvent| {
            if !(e.ctrl_key() || e.meta_key()) {
                return;
            }
            e.prevent_default();
            let Some(c) = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let r = c.get_bounding_client_rect();
            let px = c.scroll_top() as f32 + (e.client_y() as f32 - r.top() as f32) - heads_px;
            let factor = if e.delta_y() < 0.0 { 1.5 } else { 1.0 / 1.5 };
            set_tz.emit((tz_now * factor, Some(scroll.row(px))));
        })
    };
    let set_zoom = |f: fn(f32) -> f32| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(f(*zoom).clamp(ZOOM_MIN, ZOOM_MAX)))
    };
    let fit = {
        let zoom = zoom.clone();
        let scroll_ref = scroll_ref.clone();
        let width = layout.width;
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = scroll_ref.cast::<web_sys::Element>() {
                let avail = c.client_width() as f32 - 8.0;
                zoom.set((avail / width).clamp(ZOOM_MIN, ZOOM_MAX));
            }
        })
    };
    // The figure scrolls, so it takes the focus (axe: scrollable-region-focusable): ↑/↓
    // scroll it natively; ←/→ stay the player's steps, so Shift+←/→ scroll it sideways.
    let onkeydown = {
        let scroll_ref = scroll_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let dx = match e.key().as_str() {
                "ArrowLeft" => -40.0,
                "ArrowRight" => 40.0,
                _ => return,
            };
            if e.shift_key() && !(e.ctrl_key() || e.meta_key() || e.alt_key()) {
                if let Some(el) = scroll_ref.cast::<web_sys::Element>() {
                    e.prevent_default();
                    el.scroll_by_with_x_and_y(dx, 0.0);
                }
            }
        })
    };
    let time_btn = |factor: f32| {
        let set_tz = set_tz.clone();
        Callback::from(move |_: MouseEvent| set_tz.emit((tz_now * factor, None)))
    };
    let time_to = |value: f32| {
        let set_tz = set_tz.clone();
        Callback::from(move |_: MouseEvent| set_tz.emit((value, None)))
    };
    let on_jump = {
        let scroll_ref = scroll_ref.clone();
        Callback::from(move |row: f32| {
            if let Some(c) = scroll_ref.cast::<web_sys::Element>() {
                let half = view_px(&c) / 2.0;
                c.set_scroll_top((scroll.px(row) - half).max(0.0) as i32);
            }
        })
    };
    let on_zoom = {
        let set_tz = set_tz.clone();
        Callback::from(move |(factor, row): (f32, f32)| set_tz.emit((tz_now * factor, Some(row))))
    };
    Controls {
        onclick,
        onwheel,
        onkeydown,
        on_jump,
        on_zoom,
        zoom_out: set_zoom(|z| z / 1.25),
        zoom_in: set_zoom(|z| z * 1.25),
        fit,
        time_out: time_btn(0.5),
        time_in: time_btn(2.0),
        time_whole: time_to(0.0),
        time_detail: time_to(1.0),
    }
}

/// The body (as tall as the figure on the scroll range, the window nested at its rows)
/// and the heads.
fn figure_tags(
    props: &DiagramProps,
    heads: &scene::El,
    markup: &AttrValue,
    packet_ref: &NodeRef,
    rows: &Clip,
    (z, t_zoom): (f32, f32),
    scroll: Scroll,
) -> (VTag, VTag) {
    let layout = &props.layout;
    let body_h = scroll.px(layout.height);
    let root = scene::body_root(layout);
    let mut body = to_vtag(&root);
    body.add_attribute("width", scene::n(layout.width * z));
    body.add_attribute("height", scene::n(body_h));
    body.add_attribute(
        "viewBox",
        format!("0 0 {} {}", scene::n(layout.width * z), scene::n(body_h)),
    );
    body.add_attribute("aria-label", props.label.clone());
    body.add_attribute("data-segment-count", props.trace.segments.len().to_string());
    body.add_attribute("data-time-zoom", t_zoom.to_string());
    let win_top = rows.y0.max(0.0);
    let win_bottom = rows.y1.min(layout.height).max(win_top + 1.0);
    let mut window = VTag::new("svg");
    window.add_attribute("class", "wt wt-window");
    window.add_attribute("x", "0");
    window.add_attribute("y", scene::n(scroll.px(win_top)));
    window.add_attribute("width", scene::n(layout.width * z));
    // Drawn at the zoom (a figure squeezed onto the scroll range is not squeezed itself).
    window.add_attribute("height", scene::n((win_bottom - win_top) * t_zoom * z));
    window.add_attribute(
        "viewBox",
        format!(
            "0 {} {} {}",
            scene::n(win_top * t_zoom),
            scene::n(layout.width),
            scene::n((win_bottom - win_top) * t_zoom)
        ),
    );
    window.add_child(VNode::from_html_unchecked(markup.clone()));
    window.add_child(html! {
        <circle class="wt-packet" ref={packet_ref.clone()} r="6" cx="0" cy="0" />
    });
    body.add_child(VNode::VTag(Rc::new(window)));
    let mut heads_tag = to_vtag(heads);
    heads_tag.add_attribute("width", scene::n(layout.width * z));
    heads_tag.add_attribute("height", scene::n(layout.head_height * z));
    (body, heads_tag)
}

/// The zoom buttons: the size (out, the percentage, in, fit) and the time (out, the
/// scale, in, the whole run, every segment).
fn zoom_bar(lang: wiretrace_core::i18n::Lang, z: f32, t_zoom: f32, c: &Controls) -> Html {
    let full = t_zoom >= 1.0;
    let tz_label = if full {
        "1:1".to_owned()
    } else {
        format!("1:{}", (1.0 / t_zoom).round())
    };
    html! {
        <div class="zoom">
            <div class="zoom-group" role="group" aria-label={t(lang, T::Zoom)}>
                <span class="zoom-label" aria-hidden="true">{ t(lang, T::Zoom) }</span>
                <button type="button" class="zbtn" aria-label={t(lang, T::ZoomOut)} title={t(lang, T::ZoomOut)}
                    onclick={c.zoom_out.clone()}>{ "−" }</button>
                <span class="zoom-pct" aria-live="polite">{ format!("{}%", (z * 100.0).round()) }</span>
                <button type="button" class="zbtn" aria-label={t(lang, T::ZoomIn)} title={t(lang, T::ZoomIn)}
                    onclick={c.zoom_in.clone()}>{ "+" }</button>
                <button type="button" class="zbtn zfit" onclick={c.fit.clone()}>{ t(lang, T::ZoomFit) }</button>
            </div>
            <div class="zoom-group" role="group" aria-label={t(lang, T::TimeZoom)}>
                <span class="zoom-label" aria-hidden="true">{ t(lang, T::TimeZoom) }</span>
                <button type="button" class="zbtn" aria-label={t(lang, T::TimeZoomOut)} title={t(lang, T::TimeZoomOut)}
                    data-testid="time-zoom-out" onclick={c.time_out.clone()}>{ "−" }</button>
                <span class="zoom-pct" aria-live="polite" data-testid="time-zoom">{ tz_label }</span>
                <button type="button" class="zbtn" aria-label={t(lang, T::TimeZoomIn)} title={t(lang, T::TimeZoomIn)}
                    data-testid="time-zoom-in" disabled={full} onclick={c.time_in.clone()}>{ "+" }</button>
                <button type="button" class="zbtn zfit" data-testid="time-whole" onclick={c.time_whole.clone()}>{ t(lang, T::TimeWhole) }</button>
                <button type="button" class="zbtn zfit" data-testid="time-detail" disabled={full} onclick={c.time_detail.clone()}>{ t(lang, T::TimeDetail) }</button>
            </div>
        </div>
    }
}
