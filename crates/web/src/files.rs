//! The file worker: reading captures (capture crate: pcap, pcapng, tcpdump text) and writing
//! pcap run in a Web Worker of their own (`src/bin/wiretrace-files.rs`), loaded the first time
//! the user opens a file or asks for a pcap. The page's first load stays free of the capture
//! code, and a big file is parsed off the main thread.
//!
//! Messages are plain JS objects. Page -> worker (each with `lang`, `en` or `zh`, the
//! language of an error message): `{op: "index", file}`,
//! `{op: "extract", file, conns: [ids], from_us?, to_us?}` (the Extractor's [`Selection`]:
//! no conns means all; a missing `from_us` / `to_us` means the capture's own start / end),
//! `{op: "pcap", json}`. Worker -> page: `{type: "ready"}` (then the page sends the job),
//! `{type: "progress", pass, done, total}`,
//! `{type: "index", name, end_us, max_segments, conns: [...]}` (`end_us`: the last packet,
//! microseconds after the first; `max_segments`: the extractor's segment cap),
//! `{type: "trace", name, json}`, `{type: "pcap", bytes}`, `{type: "error", message}`.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use wiretrace_capture::{Extractor, Indexer, Selection};
use wiretrace_core::i18n::Lang;
use wiretrace_core::Trace;

use crate::ui::{t, tf, T};

/// Bytes read from the file per step (progress is reported between them).
const CHUNK: f64 = 1024.0 * 1024.0;

/// The worker's script, relative to the page (`www/files-worker.js`, which loads the
/// `wiretrace-files` binary that trunk builds as a worker).
pub const WORKER_URL: &str = "./files-worker.js";

/// Builds a JS object from `(key, value)` pairs.
pub fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// A field of a JS object (`undefined` if absent).
pub fn field(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(msg: &Object) {
    let _ = scope().post_message(msg);
}

fn post_error(message: String) {
    post(&obj(&[
        ("type", "error".into()),
        ("message", message.into()),
    ]));
}

async fn read_chunks(
    file: &web_sys::File,
    pass: u8,
    lang: Lang,
    mut feed: impl FnMut(&[u8]) -> Result<(), String>,
) -> Result<(), String> {
    let size = file.size();
    let mut offset = 0.0;
    while offset < size {
        let end = (offset + CHUNK).min(size);
        let blob = file
            .slice_with_f64_and_f64(offset, end)
            .map_err(|_| t(lang, T::FileUnreadable).to_owned())?;
        let buf = JsFuture::from(blob.array_buffer())
            .await
            .map_err(|_| t(lang, T::FileUnreadable).to_owned())?;
        feed(&Uint8Array::new(&buf).to_vec())?;
        offset = end;
        post(&obj(&[
            ("type", "progress".into()),
            ("pass", f64::from(pass).into()),
            ("done", offset.into()),
            ("total", size.into()),
        ]));
    }
    Ok(())
}

async fn index(file: web_sys::File, lang: Lang) -> Result<(), String> {
    let name = file.name();
    let mut ix = Indexer::new(&name);
    read_chunks(&file, 1, lang, |c| {
        ix.feed(c).map(|_| ()).map_err(|e| e.render(lang))
    })
    .await?;
    let index = ix.finish().map_err(|e| e.render(lang))?;
    let conns = Array::new();
    for c in &index.connections {
        conns.push(&obj(&[
            ("id", f64::from(c.id).into()),
            ("client", c.client.as_str().into()),
            ("server", c.server.as_str().into()),
            ("packets", (c.packets as f64).into()),
            ("bytes", (c.bytes as f64).into()),
            ("start_us", (c.start_us as f64).into()),
            ("end_us", (c.end_us as f64).into()),
            (
                "first_request",
                c.first_request
                    .as_deref()
                    .map_or(JsValue::NULL, JsValue::from_str),
            ),
        ]));
    }
    post(&obj(&[
        ("type", "index".into()),
        ("name", name.into()),
        ("end_us", (index.end_us as f64).into()),
        (
            "max_segments",
            (Selection::default().max_segments as f64).into(),
        ),
        ("conns", conns.into()),
    ]));
    Ok(())
}

async fn extract(file: web_sys::File, sel: Selection, lang: Lang) -> Result<(), String> {
    let name = file.name();
    let mut ex = Extractor::new(&name, sel);
    read_chunks(&file, 2, lang, |c| {
        ex.feed(c).map(|_| ()).map_err(|e| e.render(lang))
    })
    .await?;
    let trace = ex.finish().map_err(|e| e.render(lang))?;
    let json = serde_json::to_string(&trace).map_err(|e| e.to_string())?;
    post(&obj(&[
        ("type", "trace".into()),
        ("name", name.into()),
        ("json", json.into()),
    ]));
    Ok(())
}

fn pcap(json: &str) -> Result<(), String> {
    let trace: Trace = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let bytes = wiretrace_capture::to_pcap(&trace, wiretrace_capture::Side::Client);
    post(&obj(&[
        ("type", "pcap".into()),
        ("bytes", Uint8Array::from(bytes.as_slice()).into()),
    ]));
    Ok(())
}

/// Runs in the worker: answers the page's messages.
pub fn run_worker() {
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
            let data = e.data();
            let op = field(&data, "op").as_string().unwrap_or_default();
            // Errors are told in the page's language.
            let lang = Lang::from_tag(&field(&data, "lang").as_string().unwrap_or_default());
            let file = field(&data, "file").dyn_into::<web_sys::File>().ok();
            match (op.as_str(), file) {
                ("index", Some(file)) => spawn_local(async move {
                    if let Err(msg) = index(file, lang).await {
                        post_error(msg);
                    }
                }),
                ("extract", Some(file)) => {
                    let conns: Vec<u32> = Array::from(&field(&data, "conns"))
                        .iter()
                        .filter_map(|v| v.as_f64())
                        .map(|v| v as u32)
                        .collect();
                    // Whole microseconds, as the CLI's --from / --to give them.
                    let micros = |k: &str| {
                        field(&data, k)
                            .as_f64()
                            .filter(|v| v.is_finite() && *v >= 0.0)
                            .map(|v| v.round() as u64)
                    };
                    let sel = Selection {
                        connections: conns,
                        from_us: micros("from_us"),
                        to_us: micros("to_us"),
                        ..Selection::all()
                    };
                    spawn_local(async move {
                        if let Err(msg) = extract(file, sel, lang).await {
                            post_error(msg);
                        }
                    })
                }
                ("pcap", _) => {
                    let json = field(&data, "json").as_string().unwrap_or_default();
                    if let Err(msg) = pcap(&json) {
                        post_error(msg);
                    }
                }
                _ => post_error(tf(lang, T::WorkerUnknownJob, &[("op", &op)])),
            }
        });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&obj(&[("type", "ready".into())]));
}
