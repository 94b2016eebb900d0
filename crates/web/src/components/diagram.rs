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

use wiretrace_diagram::scene::{self, Clip, View};
use wiretrace_diagram::story::Story;
use wiretrace_diagram::svg;
use wiretrace_diagram::Layout;
use yew::prelude::*;
use yew::virtual_dom::VNode;

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
    /// Screen px per figure px.
    zoom: f32,
    /// Figure rows per scroll px beyond the zoom (1 unless the figure is taller than
    /// [`MAX_SCROLL_PX`]).
    squeeze: f32,
}

impl Scroll {
    fn new(layout: &Layout, zoom: f32) -> Scroll {
        let tall = layout.height * zoom;
        Scroll {
            zoom,
            squeeze: (tall / MAX_SCROLL_PX).max(1.0),
        }
    }

    /// Scroll px of a figure row.
    fn px(&self, y: f32) -> f32 {
        y * self.zoom / self.squeeze
    }

    /// Figure row at a scroll px.
    fn row(&self, px: f32) -> f32 {
        px * self.squeeze / self.zoom
    }
}

/// The rows in view of the scroll box: `(first, last)` figure rows.
fn rows_in_view(scroll_box: &web_sys::Element, heads: f32, s: Scroll) -> (f32, f32) {
    let top = scroll_box.scroll_top() as f32;
    let h = scroll_box.client_height() as f32 - heads;
    (s.row(top), s.row(top + h.max(1.0)))
}

/// The window drawn for rows in view: those rows and one view's height above and below.
fn window_for(view: (f32, f32)) -> Clip {
    let h = (view.1 - view.0).max(200.0);
    Clip {
        y0: view.0 - h,
        y1: view.1 + h,
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
/// the playhead, as one string the browser parses in one go.
fn window_markup(
    trace: &Trace,
    layout: &Layout,
    story: &Story,
    view: &View,
    clip: &Clip,
) -> String {
    let parts = scene::body_parts(trace, layout, story, view, clip);
    let mut out = String::new();
    for el in parts.layers() {
        out.push_str(&svg::to_string(&el));
    }
    out
}

#[component]
pub fn DiagramView(props: &DiagramProps) -> Html {
    let scroll_ref = use_node_ref();
    let heads_ref = use_node_ref();
    let packet_ref = use_node_ref();
    let zoom = use_state(|| 1.0f32);
    // The rows drawn; `None` until the scroll box has been measured.
    let clip = use_state(|| None::<Clip>);
    let layout = &props.layout;
    let scroll = Scroll::new(layout, *zoom);
    let heads = use_memo((props.run, props.layout.clone()), |(_, layout)| {
        scene::heads(layout)
    });
    // A figure a little wider than its box starts zoomed out to fit, never below a legible
    // size: beyond that it scrolls sideways (once per run and figure shape).
    {
        let zoom = zoom.clone();
        let scroll_ref = scroll_ref.clone();
        let width = props.layout.width;
        let compact = props.layout.compact;
        use_effect_with((props.run, width.to_bits(), compact), move |_| {
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
    let heads_px = layout.head_height * *zoom;
    // Measures what is in view and moves the window when the view has left it.
    let refresh = {
        let scroll_ref = scroll_ref.clone();
        let clip = clip.clone();
        Rc::new(move |force: bool| {
            let Some(c) = scroll_ref.cast::<web_sys::Element>() else {
                return;
            };
            let view = rows_in_view(&c, heads_px, scroll);
            let inside = (*clip).is_some_and(|w| w.y0 <= view.0 && view.1 <= w.y1);
            if force || !inside {
                clip.set(Some(window_for(view)));
            }
        })
    };
    // A new run, zoom or figure: draw the window for the view as it is now.
    {
        let refresh = refresh.clone();
        use_effect_with(
            (props.run, props.layout.clone(), zoom.to_bits()),
            move |_| refresh(true),
        );
    }
    let view = View {
        shown: props.step,
        timers: props.timers,
        travel: props.travel,
        playhead: true,
        hide_future: props.hide_future,
    };
    // Until the box is measured (the first render), the top of the figure.
    let rows = (*clip).unwrap_or_else(|| window_for((0.0, 900.0)));
    let markup = {
        let trace = props.trace.clone();
        let story = props.story.clone();
        use_memo(
            (
                props.run,
                props.layout.clone(),
                view,
                rows.y0.to_bits(),
                rows.y1.to_bits(),
            ),
            move |(_, layout, view, _, _)| {
                AttrValue::from(window_markup(&trace, layout, &story, view, &rows))
            },
        )
    };

    // Travel, and keep the current arrow in view.
    {
        let scroll_ref = scroll_ref.clone();
        let packet_ref = packet_ref.clone();
        let layout = props.layout.clone();
        let animate_now = props.travel && !props.reduced_motion;
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
    // Scrolling: move the window when the view leaves it (a frame at most once).
    let pending = use_mut_ref(|| Rc::new(Cell::new(false)));
    let onscroll = {
        let refresh = refresh.clone();
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

    let onclick = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |e: MouseEvent| {
            let hit = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("[data-segment-id]").ok().flatten())
                .and_then(|el| el.get_attribute("data-segment-id"))
                .and_then(|id| id.parse::<usize>().ok());
            if let Some(id) = hit {
                on_seek.emit(id + 1);
            }
        })
    };
    let lang = props.lang;
    let z = *zoom;
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

    // The body: as tall as the figure on the scroll range, the window nested at its rows.
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
    let win_top = rows.y0.max(0.0);
    let win_bottom = rows.y1.min(layout.height).max(win_top + 1.0);
    let mut window = yew::virtual_dom::VTag::new("svg");
    window.add_attribute("class", "wt wt-window");
    window.add_attribute("x", "0");
    window.add_attribute("y", scene::n(scroll.px(win_top)));
    window.add_attribute("width", scene::n(layout.width * z));
    // Drawn at the zoom (a figure squeezed onto the scroll range is not squeezed itself).
    window.add_attribute("height", scene::n((win_bottom - win_top) * z));
    window.add_attribute(
        "viewBox",
        format!(
            "0 {} {} {}",
            scene::n(win_top),
            scene::n(layout.width),
            scene::n(win_bottom - win_top)
        ),
    );
    window.add_child(VNode::from_html_unchecked((*markup).clone()));
    window.add_child(html! {
        <circle class="wt-packet" ref={packet_ref.clone()} r="6" cx="0" cy="0" />
    });
    body.add_child(VNode::VTag(Rc::new(window)));
    let mut heads_tag = to_vtag(&heads);
    heads_tag.add_attribute("width", scene::n(layout.width * z));
    heads_tag.add_attribute("height", scene::n(layout.head_height * z));

    html! {
        <div class="diagram-wrap">
            <div class="zoom" role="group" aria-label={t(lang, T::Zoom)}>
                <span class="zoom-label" aria-hidden="true">{ t(lang, T::Zoom) }</span>
                <button type="button" class="zbtn" aria-label={t(lang, T::ZoomOut)} title={t(lang, T::ZoomOut)}
                    onclick={set_zoom(|z| z / 1.25)}>{ "−" }</button>
                <span class="zoom-pct" aria-live="polite">{ format!("{}%", (z * 100.0).round()) }</span>
                <button type="button" class="zbtn" aria-label={t(lang, T::ZoomIn)} title={t(lang, T::ZoomIn)}
                    onclick={set_zoom(|z| z * 1.25)}>{ "+" }</button>
                <button type="button" class="zbtn zfit" onclick={fit}>{ t(lang, T::ZoomFit) }</button>
            </div>
            <div class="diagram-scroll" ref={scroll_ref} {onclick} {onscroll}>
                <div class="diagram-heads" ref={heads_ref}>{ VNode::VTag(Rc::new(heads_tag)) }</div>
                { VNode::VTag(Rc::new(body)) }
            </div>
        </div>
    }
}
