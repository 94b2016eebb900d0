//! Downloads of the run on screen: the Trace as JSON, the figure as SVG and PNG (the same
//! figure the page shows, from the diagram crate), a pcap of the client's wire, Mermaid
//! and PlantUML. Texts follow the page's language, as the CLI's `--lang` does.

use js_sys::Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::EventKind;
use wiretrace_core::Trace;
use wiretrace_diagram::layout::Options;
use wiretrace_diagram::Numbering;
use yew::prelude::*;

use crate::hooks::use_import::{Extraction, Source};
use crate::shared::Shared;
use crate::state::{Action, Origin};
use crate::ui::{t, tf, T};
use crate::whole_run::{PAGE_SEGMENTS, RUN_SEGMENTS};
use crate::worker_client::run_job;
use crate::worker_msg::{file_blob, Reply, Request, JSON_MIME};

#[derive(Properties, PartialEq)]
pub struct ExportsProps {
    pub lang: Lang,
    pub trace: Shared<Trace>,
    pub numbering: Numbering,
    /// File name stem (`wiretrace-browse`).
    pub stem: AttrValue,
    /// What is on screen (a long run or a big capture is written again by the worker).
    pub origin: Origin,
    pub on: Callback<Action>,
}

/// Offers bytes as a file download.
pub(crate) fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    download_blob(name, &file_blob(bytes, mime)?)
}

/// Offers a file (a worker's, made a `Blob` there) as a download.
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
pub(crate) fn download_png(
    name: String,
    svg: String,
    width: f64,
    height: f64,
) -> Result<(), JsValue> {
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

/// Asks the file worker for a file (`request`: a pcap of a trace given as JSON, or a Trace
/// too long for the page, made again: see [`Again`]) and downloads it as `name`.
fn file_via_worker(
    request: Request,
    name: String,
    kind: &'static str,
    lang: Lang,
    on: Callback<Action>,
    over: Callback<()>,
) -> Result<(), JsValue> {
    run_job(&request, move |reply| {
        if !matches!(
            reply,
            Reply::Progress { .. } | Reply::JsonRead { .. } | Reply::Ready | Reply::Heavy
        ) {
            over.emit(());
        }
        let why = match reply {
            Reply::Pcap { file } if kind == "pcap" => {
                if download_blob(&name, &file).is_err() {
                    on.emit(failed(lang, kind, t(lang, T::ExportRefused)));
                }
                return true;
            }
            Reply::Json { file } if kind == "json" => {
                if download_blob(&name, &file).is_err() {
                    on.emit(failed(lang, kind, t(lang, T::ExportRefused)));
                }
                return true;
            }
            Reply::Progress { .. } | Reply::JsonRead { .. } | Reply::Ready | Reply::Heavy => {
                return false
            }
            Reply::Error { message } => message,
            Reply::Pcap { .. }
            | Reply::Json { .. }
            | Reply::Index { .. }
            | Reply::TraceHead { .. }
            | Reply::TraceSegments { .. }
            | Reply::TraceTimers { .. }
            | Reply::TraceTcb { .. }
            | Reply::TraceDone => t(lang, T::WorkerOtherJob).to_owned(),
        };
        on.emit(failed(lang, kind, &why));
        true
    })
    .map(|_| ())
}

/// Where the worker finds again a Trace too long for the page to write its JSON or pcap
/// (it would hold the page for seconds): a scenario run again (runs are deterministic), a
/// capture extracted again with the same choice, or a Trace JSON file read again.
#[derive(Clone)]
enum Again {
    Run {
        id: String,
        params: Vec<(String, String)>,
        /// The segment cap that gives the run on screen.
        max_segments: u64,
    },
    Import(Source),
}

impl Again {
    /// How the worker gets `trace` again, if it is longer than the page writes itself.
    fn of(origin: &Origin, trace: &Trace) -> Option<Again> {
        if trace.segments.len() <= PAGE_SEGMENTS {
            return None;
        }
        match origin {
            Origin::Scenario { id, params } => {
                let cut = trace
                    .events
                    .iter()
                    .any(|e| e.kind == EventKind::RunTruncated);
                let max = if cut {
                    trace.segments.len()
                } else {
                    RUN_SEGMENTS
                };
                Some(Again::Run {
                    id: id.clone(),
                    params: params.clone(),
                    max_segments: max as u64,
                })
            }
            Origin::Imported {
                source: Some(source),
                ..
            } => Some(Again::Import(source.clone())),
            Origin::Imported { source: None, .. } | Origin::Nothing => None,
        }
    }

    /// The worker's job: this Trace written as `format` (`json` or `pcap`) in `lang`.
    fn request(self, format: &str, lang: Lang) -> Request {
        let (format, lang) = (format.to_owned(), lang.tag().to_owned());
        match self {
            Again::Run {
                id,
                params,
                max_segments,
            } => Request::RunFile {
                id,
                params,
                max_segments,
                format,
                lang,
            },
            Again::Import(Source::Capture(Extraction { file, conns, range })) => {
                Request::ExtractFile {
                    file,
                    conns,
                    from_us: range.from_us,
                    to_us: range.to_us,
                    format,
                    lang,
                }
            }
            Again::Import(Source::Json(file)) => Request::JsonFile { file, format, lang },
        }
    }
}

#[component]
pub fn Exports(props: &ExportsProps) -> Html {
    let lang = props.lang;
    // A file the worker is writing (a long run's JSON or pcap): said beside the buttons.
    let writing = use_state(|| None::<&'static str>);
    let make = |label: &'static str, kind: &'static str| {
        let trace = props.trace.clone();
        let again = Again::of(&props.origin, &props.trace);
        let writing = writing.clone();
        let over = {
            let writing = writing.clone();
            Callback::from(move |()| writing.set(None))
        };
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
                "json" | "pcap" if again.is_some() => match again.clone() {
                    Some(again) => file_via_worker(
                        again.request(kind, lang),
                        format!("{stem}.{kind}"),
                        kind,
                        lang,
                        on.clone(),
                        over.clone(),
                    )
                    .inspect(|_| writing.set(Some(label))),
                    None => Ok(()),
                },
                "json" => match crate::json::to_json(&i18n::localized(&trace, lang), true, lang) {
                    Ok(s) => download(&format!("{stem}.json"), JSON_MIME, s.as_bytes()),
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
                    Ok(json) => file_via_worker(
                        Request::Pcap {
                            json,
                            lang: lang.tag().to_owned(),
                        },
                        format!("{stem}.pcap"),
                        kind,
                        lang,
                        on.clone(),
                        Callback::noop(),
                    ),
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
            if let Some(kind) = *writing {
                <span class="export-writing" role="status">
                    { tf(lang, T::ExportWriting, &[("kind", kind)]) }
                </span>
            }
        </div>
    }
}
