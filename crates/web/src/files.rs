//! The file worker: reading captures (capture crate: pcap, pcapng, tcpdump text) and writing
//! pcap run in a Web Worker of their own (`src/bin/wiretrace-files.rs`), loaded the first time
//! the user opens a file or asks for a pcap. The page's first load stays free of the capture
//! code, and a big file is parsed off the main thread.
//!
//! The messages both ways are the typed enums of [`crate::worker_msg`].

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use wiretrace_capture::{Extractor, Indexer, Selection};
use wiretrace_core::Trace;

use crate::worker_msg::{Conn, Reply, Request};

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

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(reply: &Reply) {
    // Only a number beyond 2^53 could fail to convert; say so rather than go quiet.
    let msg = reply
        .to_js()
        .or_else(|e| Reply::error(format!("the file reader could not answer: {e}")).to_js());
    if let Ok(msg) = msg {
        let _ = scope().post_message(&msg);
    }
}

async fn read_chunks(
    file: &web_sys::File,
    pass: u8,
    mut feed: impl FnMut(&[u8]) -> Result<(), String>,
) -> Result<(), String> {
    let size = file.size();
    let mut offset = 0.0;
    while offset < size {
        let end = (offset + CHUNK).min(size);
        let blob = file
            .slice_with_f64_and_f64(offset, end)
            .map_err(|_| "the browser could not slice the file".to_owned())?;
        let buf = JsFuture::from(blob.array_buffer())
            .await
            .map_err(|_| "the browser could not read the file".to_owned())?;
        feed(&Uint8Array::new(&buf).to_vec())?;
        offset = end;
        post(&Reply::Progress {
            pass,
            done: offset,
            total: size,
        });
    }
    Ok(())
}

async fn index(file: web_sys::File) -> Result<(), String> {
    let name = file.name();
    let mut ix = Indexer::new(&name);
    read_chunks(&file, 1, |c| {
        ix.feed(c).map(|_| ()).map_err(|e| e.to_string())
    })
    .await?;
    let index = ix.finish().map_err(|e| e.to_string())?;
    let conns = index
        .connections
        .iter()
        .map(|c| Conn {
            id: c.id,
            client: c.client.clone(),
            server: c.server.clone(),
            packets: c.packets,
            bytes: c.bytes,
            start_us: c.start_us,
            end_us: c.end_us,
            first_request: c.first_request.clone(),
        })
        .collect();
    post(&Reply::Index {
        name,
        end_us: index.end_us,
        max_segments: Selection::default().max_segments as u64,
        conns,
    });
    Ok(())
}

async fn extract(file: web_sys::File, sel: Selection) -> Result<(), String> {
    let name = file.name();
    let mut ex = Extractor::new(&name, sel);
    read_chunks(&file, 2, |c| {
        ex.feed(c).map(|_| ()).map_err(|e| e.to_string())
    })
    .await?;
    let trace = ex.finish().map_err(|e| e.to_string())?;
    let json = serde_json::to_string(&trace).map_err(|e| e.to_string())?;
    post(&Reply::Trace { name, json });
    Ok(())
}

fn pcap(json: &str) -> Result<(), String> {
    let trace: Trace = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let bytes = wiretrace_capture::to_pcap(&trace, wiretrace_capture::Side::Client);
    post(&Reply::Pcap {
        bytes: Uint8Array::from(bytes.as_slice()),
    });
    Ok(())
}

/// Runs in the worker: answers the page's messages.
pub fn run_worker() {
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
            let request = match Request::from_js(e.data()) {
                Ok(r) => r,
                Err(why) => {
                    post(&Reply::error(format!(
                        "the file worker does not understand the page's request: {why}"
                    )));
                    return;
                }
            };
            match request {
                Request::Index { file } => spawn_local(async move {
                    if let Err(msg) = index(file).await {
                        post(&Reply::error(msg));
                    }
                }),
                Request::Extract {
                    file,
                    conns,
                    from_us,
                    to_us,
                } => {
                    let sel = Selection {
                        connections: conns,
                        from_us,
                        to_us,
                        ..Selection::all()
                    };
                    spawn_local(async move {
                        if let Err(msg) = extract(file, sel).await {
                            post(&Reply::error(msg));
                        }
                    })
                }
                Request::Pcap { json } => {
                    if let Err(msg) = pcap(&json) {
                        post(&Reply::error(msg));
                    }
                }
            }
        });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&Reply::Ready);
}
