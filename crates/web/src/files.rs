//! The file worker: reading captures (capture crate: pcap, pcapng, tcpdump text) and Trace
//! JSON files, running scenarios past the page's own cap, and writing big JSON and pcap
//! files run in a Web Worker of their own (`src/bin/wiretrace-files.rs`), loaded the first
//! time the user opens a file or asks for such a file. The page's first load stays free of
//! the capture code, and a big file is parsed off the main thread, with progress, and can
//! be stopped (the page ends the worker).
//!
//! The messages both ways are the typed enums of [`crate::worker_msg`]; errors are told in
//! the language the request names.

use std::cell::RefCell;
use std::future::Future;
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use wiretrace_capture::{Extractor, Indexer, Selection};
use wiretrace_core::i18n::Lang;
use wiretrace_core::net::{Limits, Progress};
use wiretrace_core::trace::{Held, JsonProgress, TcbSample, WriteHeld};
use wiretrace_core::{scenario, Trace};

use crate::ui::{t, tf, T};
use crate::whole_run::{Outgoing, WORKER_SEGMENTS};
use crate::worker_msg::{
    file_blob, Conn, Reply, Request, Text, JSON_MIME, PARTS_AHEAD, PCAP_MIME, SPARE_MAX_BYTES,
};

/// Bytes read from the file per step (progress is reported between them).
const CHUNK: f64 = 1024.0 * 1024.0;

/// The worker's script, relative to the page (`www/files-worker.js`, which loads the
/// `wiretrace-files` binary that trunk builds as a worker).
pub const WORKER_URL: &str = "./files-worker.js";

/// The global function by which the single-file page (`wiretrace.html`, written by
/// `scripts/lib/post-build.mjs`) gives the worker it carries inside: it returns a `blob:`
/// URL of the worker's glue and wasm, made on first use. The served page has none.
pub const INLINE_WORKER_FN: &str = "wiretraceFilesWorkerUrl";

/// Where the worker's script is: the single file's `blob:` URL, or [`WORKER_URL`].
pub fn worker_url() -> String {
    let global = js_sys::global();
    Reflect::get(&global, &JsValue::from_str(INLINE_WORKER_FN))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&global).ok())
        .and_then(|url| url.as_string())
        .unwrap_or_else(|| WORKER_URL.to_owned())
}

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

fn post(reply: &Reply, lang: Lang) {
    if reply.ends_job_well() && wasm_memory_bytes() > SPARE_MAX_BYTES {
        if let Ok(heavy) = Reply::Heavy.to_js() {
            let _ = scope().post_message(&heavy);
        }
    }
    // Only a number beyond 2^53 could fail to convert; say so rather than go quiet.
    let msg = reply
        .to_js()
        .or_else(|e| Reply::error(tf(lang, T::WorkerCannotAnswer, &[("why", &e)])).to_js());
    let Ok(msg) = msg else { return };
    // Bytes of their own are handed over; the wasm memory itself never is (it would be
    // detached), nor is anything whose handing over fails: that is copied.
    let transferred = reply
        .bytes()
        .map(|b| b.buffer())
        .filter(|buffer| !is_wasm_memory(buffer))
        .is_some_and(|buffer| {
            let transfer = js_sys::Array::of1(&buffer);
            scope().post_message_with_transfer(&msg, &transfer).is_ok()
        });
    if !transferred {
        let _ = scope().post_message(&msg);
    }
}

/// The worker's wasm memory.
fn wasm_memory() -> Option<js_sys::WebAssembly::Memory> {
    wasm_bindgen::memory().dyn_into().ok()
}

/// The size of the worker's wasm memory.
fn wasm_memory_bytes() -> f64 {
    wasm_memory()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()))
}

/// True if `buffer` is the wasm memory's.
fn is_wasm_memory(buffer: &js_sys::ArrayBuffer) -> bool {
    wasm_memory().is_none_or(|m| Object::is(&m.buffer(), buffer))
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
        post(
            &Reply::Progress {
                pass,
                done: offset,
                total: size,
            },
            lang,
        );
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
    post(
        &Reply::Index {
            name,
            end_us: index.end_us,
            max_segments: WORKER_SEGMENTS as u64,
            conns,
        },
        lang,
    );
    Ok(())
}

/// What the page draws of a capture: the chosen connections and time range, up to
/// [`WORKER_SEGMENTS`] segments.
fn selection(conns: Vec<u32>, from_us: Option<u64>, to_us: Option<u64>) -> Selection {
    Selection {
        connections: conns,
        from_us,
        to_us,
        max_segments: WORKER_SEGMENTS,
        ..Selection::all()
    }
}

/// The second pass over a capture: its Trace for `sel`.
async fn extracted(file: &web_sys::File, sel: Selection, lang: Lang) -> Result<Trace, String> {
    let mut ex = Extractor::new(&file.name(), sel);
    read_chunks(file, 2, lang, |c| {
        ex.feed(c).map(|_| ()).map_err(|e| e.render(lang))
    })
    .await?;
    ex.finish().map_err(|e| e.render(lang))
}

async fn extract(file: web_sys::File, sel: Selection, lang: Lang) -> Result<(), String> {
    let trace = extracted(&file, sel, lang).await?;
    send_parts(trace, lang).await;
    Ok(())
}

/// A Trace JSON file, read in chunks (progress as pass 2); the message (in `lang`) says
/// whether it is no JSON or no Trace.
async fn read_json(file: &web_sys::File, lang: Lang) -> Result<Trace, String> {
    let mut bytes = Vec::with_capacity(file.size() as usize);
    read_chunks(file, 2, lang, |c| {
        bytes.extend_from_slice(c);
        Ok(())
    })
    .await?;
    let text = std::str::from_utf8(&bytes).map_err(|_| t(lang, T::NotUtf8).to_owned())?;
    let trace = trace_from_json(text).map_err(|e| {
        let detail = e.to_string();
        match e.classify() {
            serde_json::error::Category::Data => tf(lang, T::NotATrace, &[("detail", &detail)]),
            _ => tf(lang, T::NotJson, &[("detail", &detail)]),
        }
    })?;
    // Times past what a Trace holds come only from a hand-made file: refused by name.
    trace
        .check_times()
        .map_err(|detail| tf(lang, T::NotATrace, &[("detail", &detail)]))?;
    Ok(trace)
}

/// Extracts again what the page drew and sends it as a file ([`post_file`]).
async fn extract_file(
    file: web_sys::File,
    sel: Selection,
    format: String,
    lang: Lang,
) -> Result<(), String> {
    let trace = extracted(&file, sel, lang).await?;
    post_file(trace, &format, lang)
}

/// A Trace from its JSON, telling the page how far it got as it goes ([`json_read`]).
fn trace_from_json(text: &str) -> Result<Trace, serde_json::Error> {
    JSON_READ.with(|r| r.set((0, 0)));
    serde_json::from_str(text)
}

fn pcap(json: &str, lang: Lang) -> Result<(), String> {
    let trace = trace_from_json(json).map_err(|e| e.to_string())?;
    post_pcap(&trace, lang)
}

/// The client side's pcap of `trace`, to the page.
fn post_pcap(trace: &Trace, lang: Lang) -> Result<(), String> {
    let bytes = wiretrace_capture::to_pcap(trace, wiretrace_capture::Side::Client);
    let file = file_blob(&bytes, PCAP_MIME).map_err(|_| refused(lang))?;
    post(&Reply::Pcap { file }, lang);
    Ok(())
}

/// The browser refused to make a file of the bytes (out of memory).
fn refused(lang: Lang) -> String {
    t(lang, T::ExportRefused).to_owned()
}

/// Runs a scenario again within `max_segments` and sends it as a file ([`post_file`]): the
/// CLI's JSON (its texts in `lang`), or the pcap.
fn run_file(
    id: &str,
    params: &[(String, String)],
    max_segments: u64,
    format: &str,
    lang: Lang,
) -> Result<(), String> {
    let limits = Limits::segments(usize::try_from(max_segments).unwrap_or(usize::MAX));
    let trace = scenario::run_limited(id, params, limits).map_err(|e| e.render(lang))?;
    post_file(trace, format, lang)
}

/// Sends `trace` to the page as a file: the JSON the CLI writes (`wiretrace run --format
/// json`, its texts in `lang`) for `json`, the client side's pcap for `pcap`. The JSON goes
/// straight from serde_json into [`FILE_PART`]-byte parts of a `Blob` ([`Chunked`]): a
/// long run's is too big for one string (a million segments, about 1.9 GB; V8's strings
/// stop at 512 MiB) or one buffer of the worker's memory.
fn post_file(mut trace: Trace, format: &str, lang: Lang) -> Result<(), String> {
    match format {
        "pcap" => post_pcap(&trace, lang)?,
        _ => {
            wiretrace_core::i18n::localize(&mut trace, lang);
            let parts = js_sys::Array::new();
            let mut out = Chunked::new(FILE_PART, |bytes: &[u8]| {
                file_blob(bytes, JSON_MIME)
                    .map(|part| {
                        parts.push(&part);
                    })
                    .map_err(|_| io::Error::other("refused"))
            });
            serde_json::to_writer_pretty(&mut out, &trace)
                .and_then(|()| out.write_all(b"\n").map_err(serde_json::Error::io))
                .and_then(|()| out.flush().map_err(serde_json::Error::io))
                .map_err(|e| {
                    // A part the browser would not make a Blob of, or the JSON itself.
                    if e.is_io() {
                        refused(lang)
                    } else {
                        t(lang, T::JsonUnwritable).to_owned()
                    }
                })?;
            drop(out);
            // A Blob of Blobs refers to its parts: nothing is copied again.
            let opts = web_sys::BlobPropertyBag::new();
            opts.set_type(JSON_MIME);
            let file = web_sys::Blob::new_with_blob_sequence_and_options(&parts, &opts)
                .map_err(|_| refused(lang))?;
            post(&Reply::Json { file }, lang);
        }
    }
    Ok(())
}

/// The bytes of a file the worker writes that it holds at once: each such part becomes a
/// `Blob`, which the browser keeps (on disk when it is big).
const FILE_PART: usize = 8 << 20;

/// A writer that hands what is written to `sink` in parts of `size` bytes (the last one
/// shorter), on [`io::Write::flush`] for the last.
struct Chunked<F: FnMut(&[u8]) -> io::Result<()>> {
    buf: Vec<u8>,
    size: usize,
    sink: F,
}

impl<F: FnMut(&[u8]) -> io::Result<()>> Chunked<F> {
    fn new(size: usize, sink: F) -> Self {
        let size = size.max(1);
        Chunked {
            buf: Vec::with_capacity(size),
            size,
            sink,
        }
    }
}

impl<F: FnMut(&[u8]) -> io::Result<()>> io::Write for Chunked<F> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = bytes.len().min(self.size - self.buf.len());
        self.buf.extend_from_slice(&bytes[..n]);
        if self.buf.len() == self.size {
            (self.sink)(&self.buf)?;
            self.buf.clear();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            (self.sink)(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// Segments (or timers) per part of a run sent to the page: about a megabyte of JSON, which
/// the page reads in a few milliseconds.
const PART: usize = 2_000;

/// Runs a scenario to its end (or `max_segments`), telling the page how far it got, and
/// sends the Trace in parts ([`send_parts`]).
async fn run_whole(id: &str, params: &[(String, String)], max_segments: u64, lang: Lang) {
    let total = max_segments as f64;
    let progress = Progress::new(move |n| {
        post(
            &Reply::Progress {
                pass: 3,
                done: n as f64,
                total,
            },
            lang,
        )
    });
    let limits = Limits {
        max_segments: usize::try_from(max_segments).unwrap_or(usize::MAX),
        progress: Some(progress),
    };
    match scenario::run_limited(id, params, limits) {
        Ok(trace) => send_parts(trace, lang).await,
        Err(e) => post(&Reply::error(e.render(lang)), lang),
    }
}

/// A part of a Trace's segments or timers as the page reads it ([`WriteHeld`]).
fn held_json<T: Held>(part: &[T]) -> Result<Text, serde_json::Error> {
    serde_json::to_string(&WriteHeld(part)).map(Text::from)
}

thread_local! {
    /// Parts the Trace being sent may still send before the page reads more, and the
    /// sender waiting for room.
    static ROOM: RefCell<(u32, Option<Waker>)> = const { RefCell::new((0, None)) };
}

/// The page read `parts` more parts: as many more may go.
fn room_for(parts: u32) {
    let waiting = ROOM.with(|r| {
        let mut r = r.borrow_mut();
        r.0 = r.0.saturating_add(parts);
        r.1.take()
    });
    if let Some(w) = waiting {
        w.wake();
    }
}

/// Waits until one more part may go, and takes its room.
struct Room;

impl Future for Room {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        ROOM.with(|r| {
            let mut r = r.borrow_mut();
            if r.0 > 0 {
                r.0 -= 1;
                Poll::Ready(())
            } else {
                r.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

/// Sends a Trace to the page in parts ([`Reply::TraceHead`], then segments, timers and TCB
/// samples a few thousand at a time, then [`Reply::TraceDone`]): the page reads them
/// between frames (`whole_run::Reader`), however big the Trace, and says when it has read
/// one ([`Request::PartsRead`]); no more than [`PARTS_AHEAD`] wait unread. What goes is
/// [`Outgoing::of`] the Trace (a long one's segments without their payloads).
async fn send_parts(trace: Trace, lang: Lang) {
    ROOM.with(|r| *r.borrow_mut() = (PARTS_AHEAD, None));
    let out = Outgoing::of(trace);
    let sizes = out.sizes();
    let Outgoing {
        head: trace,
        segments,
        timers,
        tcb,
    } = out;
    let send = |reply: Result<Reply, serde_json::Error>| match reply {
        Ok(r) => {
            post(&r, lang);
            true
        }
        Err(e) => {
            post(&Reply::error(e.to_string()), lang);
            false
        }
    };
    Room.await;
    if !send(serde_json::to_string(&trace).map(|json| Reply::TraceHead {
        json: json.into(),
        sizes,
    })) {
        return;
    }
    // As held: the page makes the English of what it shows, and keeps the engine's notes.
    for part in segments.chunks(PART) {
        Room.await;
        if !send(held_json(part).map(|json| Reply::TraceSegments { json })) {
            return;
        }
    }
    for part in timers.chunks(PART) {
        Room.await;
        if !send(held_json(part).map(|json| Reply::TraceTimers { json })) {
            return;
        }
    }
    let mut bytes = Vec::with_capacity(PART * TcbSample::BYTES);
    let mut samples = tcb.iter().peekable();
    while samples.peek().is_some() {
        bytes.clear();
        samples
            .by_ref()
            .take(PART)
            .for_each(|s| s.write_bytes(&mut bytes));
        Room.await;
        post(
            &Reply::TraceTcb {
                bytes: Uint8Array::from(bytes.as_slice()),
            },
            lang,
        );
    }
    post(&Reply::TraceDone, lang);
}

thread_local! {
    /// What the Trace JSON being read has read so far: segments, TCB samples.
    static JSON_READ: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// Posts how far the Trace JSON being read got ([`wiretrace_core::trace::on_json_progress`]):
/// a Trace JSON file's, or the page's Trace for its pcap (whose job takes it as progress).
fn json_read(p: JsonProgress) {
    let (segments, samples) = JSON_READ.with(|r| {
        let (segments, samples) = match (p, r.get()) {
            (JsonProgress::Segments(n), _) => (n, 0),
            (JsonProgress::TcbSamples(n), (segments, _)) => (segments, n),
        };
        r.set((segments, samples));
        (segments, samples)
    });
    // Numbers this small always convert, so the language of a failure to say is moot.
    post(
        &Reply::JsonRead {
            segments: segments as f64,
            samples: samples as f64,
        },
        Lang::En,
    );
}

/// Runs in the worker: answers the page's messages.
pub fn run_worker() {
    wiretrace_core::trace::on_json_progress(json_read);
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
            let data = e.data();
            let request = match Request::from_js(data.clone()) {
                Ok(r) => r,
                Err(why) => {
                    let lang = lang_hint(&data);
                    post(
                        &Reply::error(tf(lang, T::WorkerUnknownJob, &[("why", &why)])),
                        lang,
                    );
                    return;
                }
            };
            let lang = request.lang();
            match request {
                Request::Index { file, .. } => spawn_local(async move {
                    if let Err(msg) = index(file, lang).await {
                        post(&Reply::error(msg), lang);
                    }
                }),
                Request::Extract {
                    file,
                    conns,
                    from_us,
                    to_us,
                    ..
                } => {
                    let sel = selection(conns, from_us, to_us);
                    spawn_local(async move {
                        if let Err(msg) = extract(file, sel, lang).await {
                            post(&Reply::error(msg), lang);
                        }
                    })
                }
                Request::ExtractFile {
                    file,
                    conns,
                    from_us,
                    to_us,
                    format,
                    ..
                } => {
                    let sel = selection(conns, from_us, to_us);
                    spawn_local(async move {
                        if let Err(msg) = extract_file(file, sel, format, lang).await {
                            post(&Reply::error(msg), lang);
                        }
                    })
                }
                Request::ReadJson { file, .. } => spawn_local(async move {
                    match read_json(&file, lang).await {
                        Ok(trace) => send_parts(trace, lang).await,
                        Err(msg) => post(&Reply::error(msg), lang),
                    }
                }),
                Request::JsonFile { file, format, .. } => spawn_local(async move {
                    let written = match read_json(&file, lang).await {
                        Ok(trace) => post_file(trace, &format, lang),
                        Err(msg) => Err(msg),
                    };
                    if let Err(msg) = written {
                        post(&Reply::error(msg), lang);
                    }
                }),
                Request::Run {
                    id,
                    params,
                    max_segments,
                    ..
                } => spawn_local(async move { run_whole(&id, &params, max_segments, lang).await }),
                Request::RunFile {
                    id,
                    params,
                    max_segments,
                    format,
                    ..
                } => {
                    if let Err(msg) = run_file(&id, &params, max_segments, &format, lang) {
                        post(&Reply::error(msg), lang);
                    }
                }
                Request::Pcap { json, .. } => {
                    if let Err(msg) = pcap(&json, lang) {
                        post(&Reply::error(msg), lang);
                    }
                }
                Request::PartsRead { parts } => room_for(parts),
            }
        });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&Reply::Ready, Lang::En);
}

/// The language a request that could not be read asks for, if it says
/// (`{"index": {"lang": "zh", …}}`); English otherwise.
fn lang_hint(data: &JsValue) -> Lang {
    if !data.is_object() {
        return Lang::En;
    }
    let job: JsValue = Object::values(data.unchecked_ref()).get(0);
    let tag = if job.is_object() {
        Reflect::get(&job, &JsValue::from_str("lang"))
            .ok()
            .and_then(|v| v.as_string())
    } else {
        None
    };
    Lang::from_tag(&tag.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_core::scenario;

    /// The parts `Chunked` hands on for `trace` written as the worker writes its JSON.
    fn parts_of(trace: &Trace, size: usize) -> Vec<Vec<u8>> {
        let mut parts = Vec::new();
        let mut out = Chunked::new(size, |bytes: &[u8]| {
            parts.push(bytes.to_vec());
            Ok(())
        });
        serde_json::to_writer_pretty(&mut out, trace).unwrap();
        out.write_all(b"\n").unwrap();
        out.flush().unwrap();
        drop(out);
        parts
    }

    #[test]
    fn a_file_in_parts_is_the_clis_json_and_each_part_but_the_last_is_full() {
        let trace = scenario::run("browse", &[]).unwrap();
        let mut cli = serde_json::to_string_pretty(&trace).unwrap();
        cli.push('\n');
        for size in [1, 7, 4096, cli.len() - 1, cli.len(), cli.len() + 1] {
            let parts = parts_of(&trace, size);
            assert_eq!(parts.concat(), cli.as_bytes(), "parts of {size} bytes");
            let (last, full) = parts.split_last().unwrap();
            assert!(
                full.iter().all(|p| p.len() == size),
                "parts of {size} bytes"
            );
            assert!(
                !last.is_empty() && last.len() <= size,
                "the last part of {size} bytes"
            );
            assert_eq!(
                parts.len(),
                cli.len().div_ceil(size),
                "parts of {size} bytes"
            );
        }
    }

    #[test]
    fn a_part_the_sink_refuses_fails_the_write() {
        let trace = scenario::run("browse", &[]).unwrap();
        let mut out = Chunked::new(1000, |_: &[u8]| Err(io::Error::other("refused")));
        assert!(serde_json::to_writer_pretty(&mut out, &trace).is_err());
    }

    /// The worker's JSON in Chinese: every text rendered from its message in place, the
    /// messages kept; in English the Trace as it is.
    #[test]
    fn a_trace_localized_in_place_has_its_texts_in_that_language() {
        use wiretrace_core::i18n::{self, Lang};
        let trace = scenario::run("browse", &[]).unwrap();
        let mut en = trace.clone();
        i18n::localize(&mut en, Lang::En);
        assert_eq!(en, trace);
        let mut zh = trace.clone();
        i18n::localize(&mut zh, Lang::Zh);
        for (a, b) in trace.segments.iter().zip(&zh.segments) {
            let msg = b.message().expect("every segment has a message");
            assert_eq!(
                b.explain(),
                i18n::render(Lang::Zh, &msg),
                "segment {}",
                b.id
            );
            assert_ne!(b.explain(), a.explain_en(), "segment {}", b.id);
            assert_eq!(a.message_key(), b.message_key());
        }
        for (a, b) in trace.states.iter().zip(&zh.states) {
            assert_eq!(b.why, i18n::render(Lang::Zh, b.msg.as_ref().unwrap()));
            assert_ne!(b.why, a.why);
        }
        assert_eq!(zh.segments.len(), trace.segments.len());
    }
}
