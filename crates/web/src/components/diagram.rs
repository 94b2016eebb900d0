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

use js_sys::{Array, Object};
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
use crate::dom;
use crate::figure_patch::{self, Change};
use crate::figure_window::{
    fixed_column, holds, whole_run_tz, window_for, Anchor, BoxView, Scroll,
};
use crate::files::obj;
use crate::hooks::resize::use_resize_watch;
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
    /// The colours asked for (the overview strip draws again when they change).
    #[prop_or_default]
    pub theme: crate::embed::Theme,
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
    dom::call_method(el, "animate", &[frames, opts]);
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

/// The window's layers: every layer of the body that meets the clip, with the veil and
/// the playhead; zoomed out in time (`tz` < 1), the figure of trains.
#[allow(clippy::too_many_arguments)]
fn window_layers(
    trace: &Trace,
    layout: &Layout,
    story: &Story,
    view: &View,
    clip: &Clip,
    tz: f32,
    lang: wiretrace_core::i18n::Lang,
) -> Vec<scene::El> {
    let parts = if tz < 1.0 {
        zoomed::body_parts(trace, layout, story, view, clip, tz, lang)
    } else {
        scene::body_parts(trace, layout, story, view, clip)
    };
    parts.layers().collect()
}

/// The window as the page holds it: the layers it shows, the markup it was last parsed
/// from (as one string the browser parses in one go), and the changes made in place
/// since that are still to be made (`figure_patch`).
struct Drawn {
    layers: Rc<Vec<scene::El>>,
    markup: AttrValue,
    /// The page's elements differ from the markup (changed in place).
    changed: bool,
    pending: Vec<Change>,
    /// Changing in place failed: the next render parses the window again.
    broken: bool,
}

impl Drawn {
    /// The window parsed from its markup. A markup the same as the one parsed last, after
    /// changes in place, would not be parsed again: an empty comment tells them apart.
    fn parsed(layers: Rc<Vec<scene::El>>, last: Option<&Drawn>) -> Drawn {
        let mut markup = String::new();
        for el in layers.iter() {
            markup.push_str(&svg::to_string(el));
        }
        if last.is_some_and(|d| (d.changed || d.broken) && d.markup.as_str() == markup) {
            markup.push_str("<!---->");
        }
        Drawn {
            layers,
            markup: AttrValue::from(markup),
            changed: false,
            pending: Vec::new(),
            broken: false,
        }
    }
}

/// The markup of the window that shows `layers`: the markup parsed before when the window
/// differs from it only in attributes and texts (a step), which an effect then changes in
/// place; else the new layers' markup, which the browser parses.
#[hook]
fn use_window_markup(layers: Rc<Vec<scene::El>>, packet_ref: &NodeRef) -> AttrValue {
    let drawn = use_mut_ref(|| None::<Drawn>);
    let redraw = use_force_update();
    let markup = {
        let mut slot = drawn.borrow_mut();
        let next = match slot.as_mut() {
            Some(d) if !d.broken && Rc::ptr_eq(&d.layers, &layers) => None,
            Some(d) if !d.broken => match figure_patch::changes(&d.layers, &layers) {
                Some(c) => {
                    d.changed |= !c.is_empty();
                    d.pending.extend(c);
                    d.layers = layers;
                    None
                }
                None => Some(Drawn::parsed(layers, Some(d))),
            },
            last => Some(Drawn::parsed(layers, last.as_deref())),
        };
        if let Some(n) = next {
            *slot = Some(n);
        }
        slot.as_ref().map(|d| d.markup.clone()).unwrap_or_default()
    };
    let packet_ref = packet_ref.clone();
    use_effect(move || {
        let (pending, n) = {
            let mut slot = drawn.borrow_mut();
            let Some(d) = slot.as_mut() else {
                return;
            };
            (std::mem::take(&mut d.pending), d.layers.len())
        };
        if pending.is_empty() {
            return;
        }
        let done = window_of(&packet_ref).is_some_and(|w| {
            figure_patch::cancel_animations(&w, n);
            figure_patch::apply(&w, n, &pending)
        });
        // Not where the changes say (not seen happen): the window is parsed again (this
        // step's packet then travels over elements that go; the next step's travels).
        if !done {
            if let Some(d) = drawn.borrow_mut().as_mut() {
                d.broken = true;
            }
            redraw.force_update();
        }
    });
    markup
}

/// A zoom asked for and not drawn yet: meanwhile the figure drawn is scaled to it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Goal {
    zoom: f32,
    tz: f32,
    anchor: Anchor,
}

/// The figure's zoom: the size and time zoom drawn, and the zoom asked for and not drawn
/// yet.
#[derive(Clone)]
struct Zooms {
    zoom: UseStateHandle<f32>,
    /// Time zoom: 1 draws every segment; below, the figure of trains.
    tz: UseStateHandle<f32>,
    goal: UseStateHandle<Option<Goal>>,
    /// The row to put back where it was once a zoom is drawn.
    anchor: Rc<std::cell::RefCell<Option<Anchor>>>,
    /// Counts the zooms asked for: a zoom by a step is drawn when no other has come since.
    asked: Rc<Cell<u32>>,
}

impl Zooms {
    /// Notes one more zoom asked for (a zoom by a step still to be drawn is then not);
    /// its count.
    fn ask(&self) -> u32 {
        let n = self.asked.get().wrapping_add(1);
        self.asked.set(n);
        n
    }

    /// The zoom `(size, time)` asked for last: the one not drawn yet, else the one drawn.
    fn asked_for(&self) -> (f32, f32) {
        (*self.goal).map_or((*self.zoom, *self.tz), |g| (g.zoom, g.tz))
    }
}

/// Runs `f` after `n` animation frames, unless `still` says no at one of them.
fn after_frames(n: u32, still: impl Fn() -> bool + 'static, f: impl FnOnce() + 'static) {
    dom::next_frame(move || {
        if !still() {
            return;
        }
        if n <= 1 {
            f();
        } else {
            after_frames(n - 1, still, f);
        }
    });
}

/// While a zoom is not drawn yet, the figure drawn is scaled to it around the row kept in
/// place (and the heads with the size zoom): the scroll box's class `wt-zooming` and its
/// properties `--wt-sx`, `--wt-sy` (the scales) and `--wt-ox`, `--wt-oy` (the origin, in
/// the body) drive the transform in the style sheet.
#[hook]
fn use_zoom_preview(
    scroll_ref: &NodeRef,
    layout: &Shared<Layout>,
    zoom: f32,
    tz: f32,
    goal: Option<Goal>,
    rezoom: &Rezoom,
) {
    let scroll_ref = scroll_ref.clone();
    let layout = layout.clone();
    let measured = rezoom.measured.clone();
    let key = goal.map(|g| [g.zoom, g.tz, g.anchor.row, g.anchor.offset].map(f32::to_bits));
    use_effect_with((zoom.to_bits(), tz.to_bits(), key), move |_| {
        let Some(el) = scroll_ref.cast::<web_sys::HtmlElement>() else {
            return;
        };
        let style = el.style();
        let Some(g) = goal else {
            for p in ["--wt-sx", "--wt-sy", "--wt-ox", "--wt-oy"] {
                let _ = style.remove_property(p);
            }
            return;
        };
        let (now, next) = (
            Scroll::new(&layout, zoom, tz),
            Scroll::new(&layout, g.zoom, g.tz),
        );
        let sx = g.zoom / zoom.max(1e-6);
        let sy = next.px(1.0) / now.px(1.0).max(1e-9);
        // The column left in place: where the figure will start in the box, and how far
        // the box will be scrolled sideways, as the zoom will draw it.
        let b = *measured.borrow();
        let ox = b
            .and_then(|b| {
                let after = b.zoomed(&layout, g.zoom, next, None);
                fixed_column(layout.width, zoom, g.zoom, b, after.left)
            })
            .map_or_else(|| "50%".to_owned(), |x| format!("{x}px"));
        let oy = format!("{}px", now.px(g.anchor.row));
        for (p, v) in [
            ("--wt-sx", sx.to_string()),
            ("--wt-sy", sy.to_string()),
            ("--wt-ox", ox),
            ("--wt-oy", oy),
        ] {
            let _ = style.set_property(p, &v);
        }
    });
}

#[component]
pub fn DiagramView(props: &DiagramProps) -> Html {
    let scroll_ref = use_node_ref();
    let packet_ref = use_node_ref();
    let zooms = Zooms {
        zoom: use_state(|| 1.0f32),
        tz: use_state(|| 1.0f32),
        goal: use_state(|| None::<Goal>),
        anchor: use_mut_ref(|| None::<Anchor>),
        asked: use_memo((), |_| Cell::new(0u32)),
    };
    let (zoom, tz) = (zooms.zoom.clone(), zooms.tz.clone());
    let layout = &props.layout;
    let scroll = Scroll::new(layout, *zoom, *tz);
    let heads = use_memo((props.run, props.layout.clone()), |(_, layout)| {
        scene::heads(layout)
    });
    let overview = use_memo((props.run, props.layout.clone()), {
        let trace = props.trace.clone();
        move |(_, layout)| Overview::new(&trace, layout, 512)
    });
    use_fit_on_new_run(props, &zooms, scroll_ref.clone());
    let heads_px = layout.head_height * *zoom;
    let win = use_window(props, &scroll_ref, &zooms.anchor, *zoom, *tz);
    use_zoom_preview(&scroll_ref, layout, *zoom, *tz, *zooms.goal, &win.rezoom);
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
    let layers = {
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
                window_layers(&trace, layout, &story, view, &rows, t, lang)
            },
        )
    };
    let markup = use_window_markup(layers, &packet_ref);
    use_follow_step(props, &scroll_ref, &packet_ref, *zoom, *tz, heads_px);
    let controls = controls(props, &scroll_ref, &zooms, heads_px, &win.rezoom);
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
    // The zoom bar shows the zoom asked for, drawn or not yet.
    let zooming = zooms.goal.is_some();
    let (z_goal, t_goal) = zooms.asked_for();
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
            { zoom_bar(lang, z_goal, t_goal, &controls) }
            <div class="diagram-row">
                <div class={classes!("diagram-scroll", zooming.then_some("wt-zooming"))} ref={scroll_ref} {onclick} onscroll={win.onscroll}
                    {onwheel} {onkeydown} tabindex="0" role="region" aria-label={t(lang, T::Figure)}>
                    <div class="diagram-heads">{ VNode::VTag(Rc::new(heads_tag)) }</div>
                    { VNode::VTag(Rc::new(body)) }
                </div>
                if show_overview {
                    <OverviewStrip overview={Shared::from(overview)} height={layout.height}
                        view={shown_rows} {until} {times} {lang} theme={props.theme} {on_jump} {on_zoom} />
                }
            </div>
        </div>
    }
}

/// A new run starts at full size in time; a figure a little wider than its box starts
/// zoomed out to fit, never below a legible size: beyond that it scrolls sideways.
#[hook]
fn use_fit_on_new_run(props: &DiagramProps, zooms: &Zooms, scroll_ref: NodeRef) {
    let width = props.layout.width;
    let (height, head) = (props.layout.height, props.layout.head_height);
    let compact = props.layout.compact;
    // Another figure (a new run, language, numbers, width): a zoom not drawn yet is dropped.
    {
        let zooms = zooms.clone();
        use_effect_with(props.layout.clone(), move |_| {
            zooms.ask();
            if zooms.goal.is_some() {
                zooms.goal.set(None);
            }
        });
    }
    let zooms = zooms.clone();
    use_effect_with((props.run, width.to_bits(), compact), move |_| {
        zooms.tz.set(1.0);
        if let Some(c) = scroll_ref.cast::<web_sys::Element>() {
            // The overview strip beside the box (its width and its left border) is the last
            // figure's until this one is measured, after this: the box is taken as wide as
            // the row, less the strip only if this figure is taller than the box.
            let strip =
                super::overview::css_px(&c, "--overview-w", super::overview::WIDTH as f32) + 1.0;
            let shown = c.next_element_sibling().is_some();
            let row = c.client_width() as f32 + if shown { strip } else { 0.0 } - 2.0;
            let tall = (height + head) * (row / width).min(1.0) > c.client_height() as f32;
            let avail = if tall { row - strip } else { row };
            if avail > 0.0 && avail < width {
                zooms
                    .zoom
                    .set((avail / width).clamp(auto_zoom_min(compact), 1.0));
            } else {
                zooms.zoom.set(1.0);
            }
        }
    });
}

/// What the figure draws of itself: the window of rows, the rows in view, the scroll
/// handler that moves the window when the view leaves it, and the zoom's plan.
struct Window {
    /// The rows drawn; `None` until the scroll box has been measured.
    clip: Option<Clip>,
    /// The rows in view (for the overview); `None` until measured.
    in_view: Option<(f32, f32)>,
    onscroll: Callback<Event>,
    rezoom: Rezoom,
}

/// What a zoom needs from the window: the box as last measured, and the plan of the
/// window at the new zoom, made before the zoom renders.
#[derive(Clone)]
struct Rezoom {
    measured: Rc<std::cell::RefCell<Option<BoxView>>>,
    plan: Rc<dyn Fn(f32, f32, Option<Anchor>)>,
}

impl Rezoom {
    /// The box as last measured; measured now if it never was.
    fn box_view(&self, c: &web_sys::Element) -> BoxView {
        let last = *self.measured.borrow();
        last.unwrap_or_else(|| BoxView::measure(c))
    }
}

/// The window of the figure drawn, kept around the view: measured on a new run or figure
/// (the anchored row put back where it was first), planned before a zoom renders (from the
/// box as last measured), and measured again as the box scrolls or changes size, a frame
/// at most once.
#[hook]
fn use_window(
    props: &DiagramProps,
    scroll_ref: &NodeRef,
    anchor: &Rc<std::cell::RefCell<Option<Anchor>>>,
    zoom: f32,
    tz: f32,
) -> Window {
    let clip = use_state(|| None::<Clip>);
    let in_view = use_state(|| None::<(f32, f32)>);
    // The box as last measured, and the zoom `(size, time)` whose window was planned.
    let measured = use_mut_ref(|| None::<BoxView>);
    let planned = use_mut_ref(|| None::<(u32, u32, BoxView)>);
    let scroll = Scroll::new(&props.layout, zoom, tz);
    // Shows the box `b` (at zoom `z`, mapped by `s`): the rows in view when they moved
    // (or always, `force`), and moves the window when the view has left it (or always,
    // `redraw`; a zoom keeps a window that still holds the view).
    let show = {
        let clip = clip.clone();
        let in_view = in_view.clone();
        let height = props.layout.height;
        let head_height = props.layout.head_height;
        Rc::new(
            move |b: BoxView, z: f32, s: Scroll, force: bool, redraw: bool| {
                let view = b.rows(head_height * z, s);
                // The view is shown by the overview strip, about as tall as the box: a view
                // that moved less than one of its pixels does not render the figure again
                // (scrolling a big run would, every frame). At the ends it is exact.
                let strip_px = height / b.height.max(1.0);
                let moved = (*in_view)
                    .is_none_or(|(a, b)| (a - view.0).abs().max((b - view.1).abs()) >= strip_px);
                let edge = view.0 <= 0.5 || view.1 >= height - 0.5;
                if *in_view != Some(view) && (force || moved || edge) {
                    in_view.set(Some(view));
                }
                let cols = b.cols(z);
                let want = window_for(view, cols);
                // A window that still holds the view is kept (zooming in, the markup need
                // not change), unless it has grown to more than twice what it would be.
                let keep = (*clip).is_some_and(|w| {
                    holds(&w, view, cols) && w.y1 - w.y0 <= 2.0 * (want.y1 - want.y0)
                });
                if redraw || !keep {
                    clip.set(Some(want));
                }
            },
        )
    };
    // Measures the box and shows it.
    let refresh = {
        let scroll_ref = scroll_ref.clone();
        let measured = measured.clone();
        let show = show.clone();
        Rc::new(move |force: bool| {
            let Some(c) = scroll_ref.cast::<web_sys::Element>() else {
                return;
            };
            let b = BoxView::measure(&c);
            *measured.borrow_mut() = Some(b);
            show(b, zoom, scroll, force, force);
        })
    };
    // Measures in the next animation frame (once, however often asked before it), with
    // the zoom rendered last.
    let latest = use_mut_ref(|| None::<Rc<dyn Fn(bool)>>);
    *latest.borrow_mut() = Some(refresh.clone());
    let pending = use_memo((), |_| Cell::new(false));
    let later = {
        Rc::new(move || {
            let latest = latest.clone();
            dom::next_frame_once(&pending, move || {
                let refresh = latest.borrow().clone();
                if let Some(refresh) = refresh {
                    refresh(false);
                }
            });
        })
    };
    // A zoom plans its window and the rows in view from the box as last measured, where
    // the zoom will put it, so that it renders once.
    let plan = {
        let measured = measured.clone();
        let planned = planned.clone();
        let layout = props.layout.clone();
        Rc::new(move |z: f32, t: f32, anchor: Option<Anchor>| {
            let Some(b) = *measured.borrow() else {
                return;
            };
            let s = Scroll::new(&layout, z, t);
            let next = b.zoomed(&layout, z, s, anchor);
            show(next, z, s, true, false);
            *planned.borrow_mut() = Some((z.to_bits(), t.to_bits(), next));
        })
    };
    // A new run, zoom or figure: put the anchored row back where it was; then, unless the
    // zoom planned its window, draw the window for the view as it is now. A planned one
    // is measured in the next frame, when the page has been laid out anyway.
    {
        let later = later.clone();
        let scroll_ref = scroll_ref.clone();
        let anchor = anchor.clone();
        let measured = measured.clone();
        let head_height = props.layout.head_height;
        use_effect_with(
            (
                props.run,
                props.layout.clone(),
                zoom.to_bits(),
                tz.to_bits(),
            ),
            move |(_, _, z, t)| {
                if let (Some(a), Some(c)) = (
                    anchor.borrow_mut().take(),
                    scroll_ref.cast::<web_sys::Element>(),
                ) {
                    let heads = head_height * f32::from_bits(*z);
                    c.set_scroll_top(a.top(heads, scroll).max(0.0) as i32);
                }
                let plan = planned.borrow_mut().take();
                match plan {
                    Some((pz, pt, b)) if (pz, pt) == (*z, *t) => {
                        *measured.borrow_mut() = Some(b);
                        later();
                    }
                    _ => refresh(true),
                }
            },
        );
    }
    // The box changes size (the window, the embed's height, a panel beside it): measured
    // in the next frame, as if it had scrolled.
    {
        let later = later.clone();
        use_resize_watch(scroll_ref, move |_: &web_sys::Element| later());
    }
    // Scrolling: move the window when the view leaves it (a frame at most once).
    let onscroll = Callback::from(move |_: Event| later());
    Window {
        clip: *clip,
        in_view: *in_view,
        onscroll,
        rezoom: Rezoom { measured, plan },
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
                if let (Some(svg), Some(packet)) = (
                    window_of(&packet_ref),
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

/// The zooms the controls ask for: in time (`set_tz`: to a time zoom, around a row or the
/// middle, by a step or at once) and in size (`size_to`: around the middle), and the zoom
/// asked for last (`z_goal`, `t_goal`).
struct Zooming {
    set_tz: Callback<(f32, Option<f32>, bool)>,
    size_to: Rc<dyn Fn(f32, bool)>,
    z_goal: f32,
    t_goal: f32,
}

/// How a zoom is asked for: drawn at once, or by a step (shown scaled until the steps stop).
fn zooming(
    layout: &Shared<Layout>,
    scroll_ref: &NodeRef,
    zooms: &Zooms,
    heads_px: f32,
    rezoom: &Rezoom,
) -> Zooming {
    let layout = layout.clone();
    let scroll = Scroll::new(&layout, *zooms.zoom, *zooms.tz);
    // The zoom asked for last: the one not drawn yet, else the one drawn.
    let goal_now = *zooms.goal;
    let (z_goal, t_goal) = zooms.asked_for();
    // Draws a zoom now: its window planned before it renders, the anchored row put back.
    let zoom_to = {
        let zooms = zooms.clone();
        let plan = rezoom.plan.clone();
        Rc::new(move |z: f32, t: f32, a: Anchor| {
            zooms.ask();
            if (z, t) == (*zooms.zoom, *zooms.tz) {
                // Back where it is drawn (out and in again): nothing to draw.
                zooms.goal.set(None);
                return;
            }
            *zooms.anchor.borrow_mut() = Some(a);
            plan(z, t, Some(a));
            zooms.goal.set(None);
            zooms.zoom.set(z);
            zooms.tz.set(t);
        })
    };
    // A zoom by a step (the buttons, the wheel): the figure drawn is scaled to it at once
    // (a transform, which the compositor draws), and drawn at it when no other zoom has
    // come for a frame. Zooming on and on stays at the screen's frame rate.
    // The box is measured again when the zoom is drawn (the page has not changed since the
    // last frame: cheap), and the anchored row kept where it is then: the reader may have
    // scrolled the scaled figure, or the player moved it.
    let zoom_by = {
        let zooms = zooms.clone();
        let zoom_to = zoom_to.clone();
        let scroll_ref = scroll_ref.clone();
        let measured = rezoom.measured.clone();
        Rc::new(move |g: Goal| {
            let n = zooms.ask();
            zooms.goal.set(Some(g));
            let asked = zooms.asked.clone();
            let zoom_to = zoom_to.clone();
            let scroll_ref = scroll_ref.clone();
            let measured = measured.clone();
            let still = move || asked.get() == n;
            after_frames(2, still, move || {
                let mut anchor = g.anchor;
                if let Some(c) = scroll_ref.cast::<web_sys::Element>() {
                    let b = BoxView::measure(&c);
                    *measured.borrow_mut() = Some(b);
                    anchor = b.anchor(heads_px, scroll, g.anchor.row);
                }
                zoom_to(g.zoom, g.tz, anchor);
            });
        })
    };
    // A zoom by a step, or at once.
    let zoom = Rc::new(move |g: Goal, step: bool| {
        if step {
            zoom_by(g);
        } else {
            zoom_to(g.zoom, g.tz, g.anchor);
        }
    });
    // The row kept in place: a step keeps the pending zoom's; else `row`, else the middle.
    let anchor_at = move |b: BoxView, row: Option<f32>, step: bool| -> Anchor {
        if let Some(g) = goal_now.filter(|_| step) {
            return g.anchor;
        }
        match row {
            Some(row) => b.anchor(heads_px, scroll, row),
            None => b.middle(heads_px, scroll),
        }
    };
    // Time zoom to `want` around `row` (else the middle), by a step or at once.
    let set_tz = {
        let scroll_ref = scroll_ref.clone();
        let layout = layout.clone();
        let rezoom = rezoom.clone();
        let zoom = zoom.clone();
        Callback::from(move |(want, row, step): (f32, Option<f32>, bool)| {
            let Some(c) = scroll_ref.cast::<web_sys::Element>() else {
                return;
            };
            let b = rezoom.box_view(&c);
            let min = whole_run_tz(&layout, z_goal, b.body_px(heads_px));
            let next = want.clamp(min, 1.0);
            if next == t_goal {
                return;
            }
            let anchor = anchor_at(b, row, step);
            zoom(
                Goal {
                    zoom: z_goal,
                    tz: next,
                    anchor,
                },
                step,
            );
        })
    };
    // The size zoom keeps the middle row in the middle: by a step, or at once (Fit).
    let size_to = {
        let scroll_ref = scroll_ref.clone();
        let rezoom = rezoom.clone();
        Rc::new(move |want: f32, step: bool| {
            let next = want.clamp(ZOOM_MIN, ZOOM_MAX);
            if next == z_goal {
                return;
            }
            if let Some(c) = scroll_ref.cast::<web_sys::Element>() {
                let anchor = anchor_at(rezoom.box_view(&c), None, step);
                zoom(
                    Goal {
                        zoom: next,
                        tz: t_goal,
                        anchor,
                    },
                    step,
                );
            }
        })
    };
    Zooming {
        set_tz,
        size_to,
        z_goal,
        t_goal,
    }
}

/// The figure's controls. Zooming keeps a row where it is on screen: the row under the
/// pointer, or the middle of the view.
fn controls(
    props: &DiagramProps,
    scroll_ref: &NodeRef,
    zooms: &Zooms,
    heads_px: f32,
    rezoom: &Rezoom,
) -> Controls {
    let layout = props.layout.clone();
    let scroll = Scroll::new(&layout, *zooms.zoom, *zooms.tz);
    let Zooming {
        set_tz,
        size_to,
        z_goal,
        t_goal,
    } = zooming(&layout, scroll_ref, zooms, heads_px, rezoom);
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
                        set_tz.emit((t_goal * 4.0, Some(row), false));
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
            set_tz.emit((t_goal * factor, Some(scroll.row(px)), true));
        })
    };
    let set_zoom = |f: fn(f32) -> f32| {
        let size_to = size_to.clone();
        Callback::from(move |_: MouseEvent| size_to(f(z_goal), true))
    };
    let fit = {
        let scroll_ref = scroll_ref.clone();
        let rezoom = rezoom.clone();
        let width = layout.width;
        let size_to = size_to.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = scroll_ref.cast::<web_sys::Element>() {
                let avail = rezoom.box_view(&c).width - 8.0;
                size_to(avail / width, false);
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
        Callback::from(move |_: MouseEvent| set_tz.emit((t_goal * factor, None, true)))
    };
    let time_to = |value: f32| {
        let set_tz = set_tz.clone();
        Callback::from(move |_: MouseEvent| set_tz.emit((value, None, false)))
    };
    let on_jump = {
        let scroll_ref = scroll_ref.clone();
        let rezoom = rezoom.clone();
        Callback::from(move |row: f32| {
            if let Some(c) = scroll_ref.cast::<web_sys::Element>() {
                let half = rezoom.box_view(&c).body_px(heads_px) / 2.0;
                c.set_scroll_top((scroll.px(row) - half).max(0.0) as i32);
            }
        })
    };
    let on_zoom = {
        let set_tz = set_tz.clone();
        Callback::from(move |(factor, row): (f32, f32)| {
            set_tz.emit((t_goal * factor, Some(row), true))
        })
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

/// The window's `<svg>` (`figure_tags`): the packet's parent.
fn window_of(packet_ref: &NodeRef) -> Option<web_sys::Element> {
    packet_ref.cast::<web_sys::Element>()?.parent_element()
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
