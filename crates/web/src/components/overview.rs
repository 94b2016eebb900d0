//! The overview strip beside the figure: the whole run from top to bottom, drawn on a
//! canvas from the layout's bins (a few hundred, whatever the run's size). Each bin shows
//! how many segments leave going right and going left, and ticks mark losses,
//! retransmissions, resets and state changes; the part of the run in view is a window.
//! A click or a drag moves the view there; the wheel zooms in time; the keyboard moves it
//! too (it is a vertical scrollbar to assistive technology).
//!
//! The canvas is drawn again only when the run, the predict mode's limit, the colours or
//! its size change; the window of the view is an element over it, moved by its style.
//! Scrolling or zooming the figure moves the window and reads nothing from the page's
//! layout (reading it right after the figure has changed would lay the page out twice in
//! a frame).

use std::cell::Cell;

use wasm_bindgen::JsCast;
use wiretrace_core::i18n::Lang;
use wiretrace_diagram::overview::Overview;
use yew::prelude::*;

use crate::embed::Theme;
use crate::hooks::media::use_media_query;
use crate::hooks::resize::use_resize_watch;
use crate::shared::Shared;
use crate::ui::{t, tf, T};

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub overview: Shared<Overview>,
    /// Rows of the whole figure.
    pub height: f32,
    /// The rows in view.
    pub view: (f32, f32),
    /// Predict mode: the rows past this one are not drawn (what is still to come).
    #[prop_or_default]
    pub until: Option<f32>,
    /// The times at the top and bottom of the view and at the end, as written.
    pub times: (AttrValue, AttrValue, AttrValue),
    pub lang: Lang,
    /// The colours asked for: the canvas is drawn again when they change.
    #[prop_or_default]
    pub theme: Theme,
    /// Centre the view on a row.
    pub on_jump: Callback<f32>,
    /// Zoom in time by a factor around a row.
    pub on_zoom: Callback<(f32, f32)>,
}

/// Width of the strip in CSS px (the stylesheet's `--overview-w` beside a wide figure).
pub(crate) const WIDTH: f64 = 44.0;

fn css_var(el: &web_sys::Element, name: &str, fallback: &str) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(el).ok().flatten())
        .and_then(|s| s.get_property_value(name).ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| fallback.to_owned())
}

/// A length in CSS px that the stylesheet sets on `el` as a custom property, `fallback`
/// where it sets none.
pub(crate) fn css_px(el: &web_sys::Element, name: &str, fallback: f32) -> f32 {
    css_var(el, name, "")
        .trim_end_matches("px")
        .parse()
        .unwrap_or(fallback)
}

/// What the canvas shows: the run's bins, its height in rows, and predict mode's limit.
#[derive(Clone, PartialEq)]
struct Drawn {
    overview: Shared<Overview>,
    height: f32,
    until: Option<f32>,
}

/// The window of the view on the strip: its top and height in % of the strip.
fn view_box(height: f32, view: (f32, f32)) -> (f64, f64) {
    let total = f64::from(height.max(1.0));
    let v0 = f64::from(view.0.max(0.0)).min(total);
    let v1 = f64::from(view.1.min(height)).max(v0);
    (v0 / total * 100.0, (v1 - v0) / total * 100.0)
}

/// Draws the canvas, `css_h` CSS px tall.
fn draw(canvas: &web_sys::HtmlCanvasElement, d: &Drawn, css_h: f64) {
    let Some(win) = web_sys::window() else {
        return;
    };
    let (o, height, until) = (&*d.overview, d.height, d.until);
    let dpr = win.device_pixel_ratio().max(1.0);
    let css_h = css_h.max(1.0);
    let (w, h) = ((WIDTH * dpr).round(), (css_h * dpr).round());
    if canvas.width() != w as u32 || canvas.height() != h as u32 {
        canvas.set_width(w as u32);
        canvas.set_height(h as u32);
    }
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let el: &web_sys::Element = canvas.as_ref();
    let bg = css_var(el, "--panel", "#ffffff");
    let right = css_var(el, "--wt-conn0", "#1d5fd6");
    let left = css_var(el, "--wt-conn2", "#0f766e");
    let lost = css_var(el, "--wt-lost", "#c81e1e");
    let muted = css_var(el, "--muted", "#667085");
    ctx.set_fill_style_str(&bg);
    ctx.fill_rect(0.0, 0.0, w, h);
    let n = o.bins.len().max(1) as f64;
    let bin_h = h / n;
    let peak = f64::from(o.peak.max(1)).ln_1p();
    // In predict mode only the bins wholly above the row the story has reached (the bin
    // it falls in may hold what is still to come).
    let shown = until.map_or(o.bins.len(), |row| {
        let f = f64::from(row.max(0.0)) / f64::from(height.max(1.0));
        ((f * n).floor() as usize).min(o.bins.len())
    });
    // Density: segments going right in the left half, going left in the right half.
    let half = w / 2.0 - 4.0 * dpr;
    for (i, b) in o.bins.iter().enumerate().take(shown) {
        let y = i as f64 * bin_h;
        let bar = |count: u32| f64::from(count).ln_1p() / peak * half;
        if b.right > 0 {
            ctx.set_fill_style_str(&right);
            let len = bar(b.right).max(dpr);
            ctx.fill_rect(w / 2.0 - 1.0 * dpr - len, y, len, bin_h.max(dpr));
        }
        if b.left > 0 {
            ctx.set_fill_style_str(&left);
            let len = bar(b.left).max(dpr);
            ctx.fill_rect(w / 2.0 + 1.0 * dpr, y, len, bin_h.max(dpr));
        }
    }
    // Marks: state changes at the left edge, losses, resets and retransmissions at the
    // right edge (shapes differ, not only colours).
    for (i, b) in o.bins.iter().enumerate().take(shown) {
        let y = i as f64 * bin_h + bin_h / 2.0;
        if b.states > 0 {
            ctx.set_fill_style_str(&muted);
            ctx.fill_rect(0.0, y - dpr, 4.0 * dpr, 2.0 * dpr);
        }
        if b.lost > 0 || b.rst > 0 {
            ctx.set_stroke_style_str(&lost);
            ctx.set_line_width(1.5 * dpr);
            let (x, s) = (w - 4.0 * dpr, 3.0 * dpr);
            ctx.begin_path();
            ctx.move_to(x - s, y - s);
            ctx.line_to(x + s, y + s);
            ctx.move_to(x - s, y + s);
            ctx.line_to(x + s, y - s);
            ctx.stroke();
        } else if b.rtx > 0 {
            ctx.set_fill_style_str(&lost);
            ctx.begin_path();
            let _ = ctx.arc(w - 4.0 * dpr, y, 2.5 * dpr, 0.0, std::f64::consts::TAU);
            ctx.fill();
        }
    }
}

#[component]
pub fn OverviewStrip(props: &OverviewProps) -> Html {
    let canvas_ref = use_node_ref();
    let view_ref = use_node_ref();
    let dragging = use_mut_ref(|| false);
    // What the canvas shows, and its height as last measured (0 before).
    let drawn = use_mut_ref(|| None::<Drawn>);
    let css_h = use_memo((), |_| Cell::new(0.0f64));
    {
        let canvas_ref = canvas_ref.clone();
        let d = Drawn {
            overview: props.overview.clone(),
            height: props.height,
            until: props.until,
        };
        let drawn = drawn.clone();
        let css_h = css_h.clone();
        // The system's light or dark, for the automatic theme.
        let dark = use_media_query("(prefers-color-scheme: dark)");
        use_effect_with((d, (props.theme, dark)), move |(d, _)| {
            *drawn.borrow_mut() = Some(d.clone());
            let Some(c) = canvas_ref.cast::<web_sys::HtmlCanvasElement>() else {
                return;
            };
            if css_h.get() <= 0.0 {
                css_h.set(f64::from(c.client_height()));
            }
            draw(&c, d, css_h.get());
        });
    }
    // Its size: measured when the browser says it changed (after laying the page out).
    use_resize_watch(&canvas_ref, move |c: &web_sys::HtmlCanvasElement| {
        let h = f64::from(c.client_height());
        if h != css_h.get() {
            css_h.set(h);
            let d = drawn.borrow().clone();
            if let Some(d) = d {
                draw(c, &d, h);
            }
        }
    });
    // The window of the view: placed by its style, in % of the strip.
    {
        let view_ref = view_ref.clone();
        let (height, view) = (props.height, props.view);
        use_effect_with(
            (height.to_bits(), view.0.to_bits(), view.1.to_bits()),
            move |_| {
                if let Some(el) = view_ref.cast::<web_sys::HtmlElement>() {
                    let (top, h) = view_box(height, view);
                    let style = el.style();
                    let _ = style.set_property("top", &format!("{top:.3}%"));
                    let _ = style.set_property("height", &format!("{h:.3}%"));
                }
            },
        );
    }
    let row_at = {
        let height = props.height;
        move |e: &MouseEvent| -> Option<f32> {
            let el = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())?;
            let r = el.get_bounding_client_rect();
            let f = ((f64::from(e.client_y()) - r.top()) / r.height().max(1.0)).clamp(0.0, 1.0);
            Some(f as f32 * height)
        }
    };
    let onpointerdown = {
        let dragging = dragging.clone();
        let on_jump = props.on_jump.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            *dragging.borrow_mut() = true;
            if let Some(el) = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            if let Some(row) = row_at(&e) {
                on_jump.emit(row);
            }
        })
    };
    let onpointermove = {
        let dragging = dragging.clone();
        let on_jump = props.on_jump.clone();
        Callback::from(move |e: PointerEvent| {
            if *dragging.borrow() {
                if let Some(row) = row_at(&e) {
                    on_jump.emit(row);
                }
            }
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false)
    };
    let onwheel = {
        let on_zoom = props.on_zoom.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            if let Some(row) = row_at(&e) {
                on_zoom.emit((if e.delta_y() < 0.0 { 2.0 } else { 0.5 }, row));
            }
        })
    };
    let view_h = (props.view.1 - props.view.0).max(1.0);
    let onkeydown = {
        let on_jump = props.on_jump.clone();
        let (view, height) = (props.view, props.height);
        Callback::from(move |e: KeyboardEvent| {
            let centre = (view.0 + view.1) / 2.0;
            let to = match e.key().as_str() {
                "ArrowUp" => centre - view_h / 10.0,
                "ArrowDown" => centre + view_h / 10.0,
                "PageUp" => centre - view_h,
                "PageDown" => centre + view_h,
                "Home" => 0.0,
                "End" => height,
                _ => return,
            };
            // The page's own shortcuts (Home/End step the player) leave this key alone.
            e.prevent_default();
            on_jump.emit(to.clamp(0.0, height));
        })
    };
    let lang = props.lang;
    let pct = if props.height > 0.0 {
        (props.view.0.max(0.0) / props.height * 100.0).round()
    } else {
        0.0
    };
    let text = tf(
        lang,
        T::OverviewAt,
        &[
            ("from", &props.times.0),
            ("to", &props.times.1),
            ("end", &props.times.2),
        ],
    );
    html! {
        <div class="overview-box">
        <canvas class="overview" ref={canvas_ref} tabindex="0" role="scrollbar"
            aria-orientation="vertical" aria-label={t(lang, T::Overview)}
            aria-valuemin="0" aria-valuemax="100" aria-valuenow={pct.to_string()}
            aria-valuetext={text.clone()} title={text}
            data-testid="overview"
            {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()}
            onpointercancel={onpointerup} {onwheel} {onkeydown}>
        </canvas>
        <div class="overview-view" ref={view_ref} aria-hidden="true"></div>
        </div>
    }
}
