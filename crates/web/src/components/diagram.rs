//! The sequence diagram: the diagram crate's scene drawn through Yew, heads kept in view
//! while the body scrolls, the current segment's packet travelling along its arrow (unless
//! the user prefers reduced motion), and a click on an arrow jumps to it.

use js_sys::{Array, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wiretrace_core::Trace;

use wiretrace_diagram::scene::{self, El, Marks, View};
use wiretrace_diagram::svg;
use wiretrace_diagram::Layout;
use yew::prelude::*;
use yew::virtual_dom::VNode;

use crate::dom;
use crate::files::obj;
use crate::render::{to_vnode, to_vtag};
use crate::shared::Shared;
use crate::ui::{t, T};

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub trace: Shared<Trace>,
    pub layout: Shared<Layout>,
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

fn sized(
    mut tag: yew::virtual_dom::VTag,
    width: f32,
    height: f32,
    zoom: f32,
) -> yew::virtual_dom::VTag {
    tag.add_attribute("width", scene::n(width * zoom));
    tag.add_attribute("height", scene::n(height * zoom));
    tag
}

/// How long a segment takes to travel on screen at normal speed: longer arrows take a
/// little longer, within limits.
pub fn travel_ms(layout: &Layout, segment: usize) -> f64 {
    layout.arrows.get(segment).map_or(0.0, |a| {
        (260.0 + f64::from(a.length) * 1.4).clamp(500.0, 1400.0)
    })
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
    for (i, p) in arrow.points.iter().enumerate() {
        if i > 0 {
            let q = arrow.points[i - 1];
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

/// The parts of the figure that do not move with the playhead.
struct Still {
    /// The `<svg>` element, without children.
    root: El,
    /// Markup under the veil.
    under: AttrValue,
    /// Markup over the veil (arrows, events).
    over: AttrValue,
}

impl Still {
    fn new(trace: &Trace, layout: &Layout, view: &View) -> Still {
        let parts = scene::body_parts(trace, layout, view);
        let markup =
            |els: &[El]| AttrValue::from(els.iter().map(svg::to_string).collect::<String>());
        Still {
            under: markup(&parts.under),
            over: markup(&parts.over),
            root: parts.root,
        }
    }
}

/// The elements whose classes follow the playhead, and the classes they have now.
struct Applied {
    still: Rc<Still>,
    /// Children of `.wt-links`, `.wt-states`, `.wt-arrows` and `.wt-events`, in order.
    layers: [Vec<web_sys::Element>; 4],
    marks: Marks,
}

fn children_of(svg: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    match svg.query_selector(selector) {
        Ok(Some(layer)) => Array::from(&layer.children())
            .iter()
            .map(|e| e.unchecked_into())
            .collect(),
        _ => Vec::new(),
    }
}

/// Gives the figure's elements the classes of `marks`, touching only those that change
/// (all of them when the markup is new: it may have been kept, with the classes of
/// another step, if it came out the same).
fn mark(svg: &web_sys::Element, applied: &mut Option<Applied>, still: &Rc<Still>, marks: &Marks) {
    let fresh = !applied
        .as_ref()
        .is_some_and(|a| Rc::ptr_eq(&a.still, still));
    if fresh {
        *applied = Some(Applied {
            still: still.clone(),
            layers: [".wt-links", ".wt-states", ".wt-arrows", ".wt-events"]
                .map(|sel| children_of(svg, sel)),
            marks: Marks::default(),
        });
    }
    let Some(a) = applied.as_mut() else {
        return;
    };
    let lists = [
        (&marks.downs, &a.marks.downs),
        (&marks.state_labels, &a.marks.state_labels),
        (&marks.arrows, &a.marks.arrows),
        (&marks.events, &a.marks.events),
    ];
    for ((want, had), els) in lists.into_iter().zip(&a.layers) {
        for (i, (class, el)) in want.iter().zip(els).enumerate() {
            if had.get(i) != Some(class) {
                let _ = el.set_attribute("class", class);
            }
        }
    }
    a.marks = marks.clone();
}

#[component]
pub fn DiagramView(props: &DiagramProps) -> Html {
    let scroll_ref = use_node_ref();
    let packet_ref = use_node_ref();
    let zoom = use_state(|| 1.0f32);
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
    let z = *zoom;
    let view = View {
        shown: props.step,
        timers: props.timers,
        travel: props.travel,
        playhead: true,
        hide_future: props.hide_future,
    };
    // What stays while the playhead moves (thousands of elements in a long run) is drawn
    // once per run, layout and timer choice, as markup the browser parses in one go; a step
    // then redraws the veil and the playhead, and sets the classes that changed (marks).
    let still = {
        let trace = props.trace.clone();
        use_memo(
            (props.run, props.layout.clone(), props.timers),
            move |(_, layout, _)| Still::new(&trace, layout, &view),
        )
    };
    let marks = {
        let trace = props.trace.clone();
        use_memo(
            (props.run, props.layout.clone(), view),
            move |(_, layout, view)| scene::marks(&trace, layout, view),
        )
    };
    {
        let scroll_ref = scroll_ref.clone();
        let applied = use_mut_ref(|| None::<Applied>);
        use_effect_with(
            (Shared::from(still.clone()), Shared::from(marks)),
            move |(still, marks)| {
                if let Some(svg) = scroll_ref
                    .cast::<web_sys::Element>()
                    .and_then(|c| c.query_selector("svg.wt-body").ok().flatten())
                {
                    mark(&svg, &mut applied.borrow_mut(), &still.0, marks);
                }
            },
        );
    }
    let layout = &props.layout;
    let mut svg = sized(to_vtag(&still.root), layout.width, layout.height, z);
    svg.add_attribute("aria-label", props.label.clone());
    let opt = |el: Option<El>| el.as_ref().map(to_vnode).unwrap_or_default();
    svg.add_child(VNode::from_html_unchecked(still.under.clone()));
    svg.add_child(opt(scene::veil(layout, &view)));
    svg.add_child(VNode::from_html_unchecked(still.over.clone()));
    svg.add_child(opt(scene::playhead(&props.trace, layout, &view)));
    let heads = sized(to_vtag(&heads), layout.width, layout.head_height, z);
    svg.add_child(html! {
        <circle class="wt-packet" ref={packet_ref.clone()} r="6" cx="0" cy="0" />
    });

    // Travel and keep the current arrow in view.
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
                let sel = format!("[data-segment-id=\"{seg}\"]");
                if let Ok(Some(target)) = container.query_selector(&sel) {
                    dom::scroll_into(&container, &target, 72.0);
                    if animate_now {
                        if let (Ok(Some(svg)), Some(packet)) = (
                            container.query_selector("svg.wt-body"),
                            packet_ref.cast::<web_sys::Element>(),
                        ) {
                            animate(&svg, &packet, &layout, seg, ms);
                        }
                    }
                }
            },
        );
    }

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
            <div class="diagram-scroll" ref={scroll_ref} {onclick} {onkeydown} tabindex="0"
                role="region" aria-label={t(lang, T::Figure)}>
                <div class="diagram-heads">{ VNode::VTag(std::rc::Rc::new(heads)) }</div>
                { VNode::VTag(std::rc::Rc::new(svg)) }
            </div>
        </div>
    }
}
