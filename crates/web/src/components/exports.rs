//! Downloads of the run on screen: the Trace as JSON, the figure as SVG and PNG (the same
//! figure the page shows, from the diagram crate), a pcap of the client's wire, Mermaid
//! and PlantUML. Texts follow the page's language, as the CLI's `--lang` does.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::Trace;
use wiretrace_diagram::layout::Options;
use wiretrace_diagram::Numbering;
use yew::prelude::*;

use crate::shared::Shared;
use crate::state::Action;
use crate::ui::{t, tf, T};
use crate::worker_client::run_job;
use crate::worker_msg::{Reply, Request};

#[derive(Properties, PartialEq)]
pub struct ExportsProps {
    pub lang: Lang,
    pub trace: Shared<Trace>,
    pub numbering: Numbering,
    /// File name stem (`wiretrace-browse`).
    pub stem: AttrValue,
    pub on: Callback<Action>,
}

/// Offers bytes as a file download.
fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)?;
    download_blob(name, &blob)
}

fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the URL can go once the browser has it.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// The longest side of a canvas Chromium draws (px).
const MAX_CANVAS_SIDE: f64 = 32_000.0;

/// Renders the SVG onto a canvas at twice its size (less where that would pass
/// [`MAX_CANVAS_SIDE`]) and downloads it as PNG.
fn download_png(name: String, svg: String, width: f64, height: f64) -> Result<(), JsValue> {
    let parts = Array::of1(&JsValue::from_str(&svg));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let img = web_sys::HtmlImageElement::new()?;
    let on_load = {
        let img = img.clone();
        let url = url.clone();
        // Runs once, then frees itself.
        Closure::once_into_js(move || {
            let result = (|| -> Result<(), JsValue> {
                let doc = web_sys::window()
                    .and_then(|w| w.document())
                    .ok_or_else(|| JsValue::from_str("no document"))?;
                let canvas: web_sys::HtmlCanvasElement =
                    doc.create_element("canvas")?.dyn_into()?;
                let scale = (MAX_CANVAS_SIDE / width.max(height)).min(2.0);
                canvas.set_width((width * scale) as u32);
                canvas.set_height((height * scale) as u32);
                let ctx: web_sys::CanvasRenderingContext2d = canvas
                    .get_context("2d")?
                    .ok_or_else(|| JsValue::from_str("no 2d context"))?
                    .dyn_into()?;
                ctx.scale(scale, scale)?;
                ctx.draw_image_with_html_image_element(&img, 0.0, 0.0)?;
                let name = name.clone();
                let done = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
                    if let Some(blob) = blob {
                        let _ = download_blob(&name, &blob);
                    }
                });
                canvas.to_blob(done.unchecked_ref())?;
                Ok(())
            })();
            let _ = web_sys::Url::revoke_object_url(&url);
            let _ = result;
        })
    };
    img.set_onload(Some(on_load.unchecked_ref()));
    img.set_src(&url);
    Ok(())
}

/// The alert of a failed download.
fn failed(lang: Lang, kind: &str, why: &str) -> Action {
    Action::Fail(tf(lang, T::ExportFailed, &[("kind", kind), ("why", why)]))
}

/// Asks the file worker for the pcap of a trace (given as JSON) and downloads it.
fn pcap_via_worker(
    json: String,
    name: String,
    lang: Lang,
    on: Callback<Action>,
) -> Result<(), JsValue> {
    let request = Request::Pcap {
        json,
        lang: lang.tag().to_owned(),
    };
    run_job(&request, move |reply| {
        let why = match reply {
            Reply::Pcap { bytes } => {
                if download(&name, "application/vnd.tcpdump.pcap", &bytes.to_vec()).is_err() {
                    on.emit(failed(lang, "pcap", t(lang, T::ExportRefused)));
                }
                return true;
            }
            Reply::Progress { .. } | Reply::Ready => return false,
            Reply::Error { message } => message,
            Reply::Index { .. }
            | Reply::Trace { .. }
            | Reply::RunHead { .. }
            | Reply::RunSegments { .. }
            | Reply::RunTimers { .. }
            | Reply::RunDone => t(lang, T::WorkerOtherJob).to_owned(),
        };
        on.emit(failed(lang, "pcap", &why));
        true
    })
    .map(|_| ())
}

#[component]
pub fn Exports(props: &ExportsProps) -> Html {
    let lang = props.lang;
    let make = |label: &'static str, kind: &'static str| {
        let trace = props.trace.clone();
        let stem = props.stem.to_string();
        let numbering = props.numbering;
        let on = props.on.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let opts = Options {
                numbering,
                lang,
                compact: false,
            };
            let result = match kind {
                // The texts in the page's language, next to their message keys (as the
                // CLI's `--lang`).
                "json" => match crate::json::to_json(&i18n::localized(&trace, lang), true, lang) {
                    Ok(s) => download(&format!("{stem}.json"), "application/json", s.as_bytes()),
                    Err(e) => Err(JsValue::from_str(&e.to_string())),
                },
                "svg" => {
                    let s = wiretrace_diagram::svg::export(&trace, &opts);
                    download(&format!("{stem}.svg"), "image/svg+xml", s.as_bytes())
                }
                "png" => {
                    let e = wiretrace_diagram::svg::export_figure(&trace, &opts);
                    download_png(
                        format!("{stem}.png"),
                        e.svg,
                        f64::from(e.width),
                        f64::from(e.height),
                    )
                }
                // The pcap writer lives in the file worker (not in the first load).
                "pcap" => match crate::json::to_json(&trace, false, lang) {
                    Ok(json) => pcap_via_worker(json, format!("{stem}.pcap"), lang, on.clone()),
                    Err(e) => Err(JsValue::from_str(&e.to_string())),
                },
                "plantuml" => {
                    let s = wiretrace_diagram::plantuml::render(&trace, &opts);
                    download(&format!("{stem}.puml"), "text/plain", s.as_bytes())
                }
                _ => {
                    let s = wiretrace_diagram::mermaid::render(&trace, &opts);
                    download(&format!("{stem}.mmd"), "text/plain", s.as_bytes())
                }
            };
            if let Err(e) = result {
                let why = e
                    .as_string()
                    .unwrap_or_else(|| t(lang, T::ExportRefused).to_owned());
                on.emit(failed(lang, kind, &why));
            }
        });
        html! { <button type="button" class="btn btn-small" {onclick}>{ label }</button> }
    };
    html! {
        <div class="exports" role="group" aria-label={t(lang, T::Export)}>
            <span class="field-label">{ t(lang, T::Export) }</span>
            { make("SVG", "svg") }
            { make("PNG", "png") }
            { make("JSON", "json") }
            { make("pcap", "pcap") }
            { make("Mermaid", "mermaid") }
            { make("PlantUML", "plantuml") }
        </div>
    }
}
