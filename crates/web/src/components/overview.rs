//! The overview strip beside the figure: the whole run from top to bottom, drawn on a
//! canvas from the layout's bins (a few hundred, whatever the run's size). Each bin shows
//! how many segments leave going right and going left, and ticks mark losses,
//! retransmissions, resets and state changes; the part of the run in view is a window.
//! A click or a drag moves the view there; the wheel zooms in time; the keyboard moves it
//! too (it is a vertical scrollbar to assistive technology).

use wasm_bindgen::JsCast;
use wiretrace_core::i18n::Lang;
use wiretrace_diagram::overview::Overview;
use yew::prelude::*;

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
    /// Centre the view on a row.
    pub on_jump: Callback<f32>,
    /// Zoom in time by a factor around a row.
    pub on_zoom: Callback<(f32, f32)>,
}

/// Width of the strip in CSS px.
const WIDTH: f64 = 44.0;

fn css_var(el: &web_sys::Element, name: &str, fallback: &str) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(el).ok().flatten())
        .and_then(|s| s.get_property_value(name).ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| fallback.to_owned())
}

fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    o: &Overview,
    height: f32,
    view: (f32, f32),
    until: Option<f32>,
) {
    let Some(win) = web_sys::window() else {
        return;
    };
    let dpr = win.device_pixel_ratio().max(1.0);
    let css_h = f64::from(canvas.client_height().max(1));
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
    let accent = css_var(el, "--accent", "#1d5fd6");
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
    // The part in view.
    let total = f64::from(height.max(1.0));
    let (v0, v1) = (f64::from(view.0.max(0.0)), f64::from(view.1.min(height)));
    let (y0, y1) = (
        v0 / total * h,
        (v1 / total * h).max(v0 / total * h + 3.0 * dpr),
    );
    ctx.set_stroke_style_str(&accent);
    ctx.set_line_width(2.0 * dpr);
    ctx.stroke_rect(dpr, y0 + dpr, w - 2.0 * dpr, (y1 - y0 - 2.0 * dpr).max(dpr));
    ctx.set_global_alpha(0.12);
    ctx.set_fill_style_str(&accent);
    ctx.fill_rect(0.0, y0, w, y1 - y0);
    ctx.set_global_alpha(1.0);
}

#[component]
pub fn OverviewStrip(props: &OverviewProps) -> Html {
    let canvas_ref = use_node_ref();
    let dragging = use_mut_ref(|| false);
    {
        let canvas_ref = canvas_ref.clone();
        let overview = props.overview.clone();
        let (height, view, until) = (props.height, props.view, props.until);
        use_effect_with(
            (
                overview.clone(),
                height.to_bits(),
                view.0.to_bits(),
                view.1.to_bits(),
                until.map(f32::to_bits),
            ),
            move |_| {
                if let Some(c) = canvas_ref.cast::<web_sys::HtmlCanvasElement>() {
                    draw(&c, &overview, height, view, until);
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
        </div>
    }
}
