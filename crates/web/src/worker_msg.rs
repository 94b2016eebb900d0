//! The file worker's messages, one serde enum each way, used by both sides: the worker
//! (`files.rs`, run by `src/bin/wiretrace-files.rs`) and the page (`worker_client.rs`, the
//! import panel, the pcap export). They cross `postMessage` as plain JS objects through
//! serde-wasm-bindgen, externally tagged (`{"extract": {"file": …, "conns": [0, 2]}}`,
//! `"ready"`), with the `File` and the pcap bytes passed as the JS objects they are. Each
//! request names the page's language (`lang`: `en` or `zh`), the language of its errors.

use js_sys::{JsString, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use wiretrace_core::i18n::Lang;

/// Page -> worker: a job (after the worker said [`Reply::Ready`]); a worker does one at a
/// time, and may be kept for the next (`worker_client`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// First pass over a capture: its connections ([`Reply::Index`]).
    Index {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: web_sys::File,
        /// The page's language tag: errors are told in it.
        lang: String,
    },
    /// Second pass: the Trace of the chosen connections and time range, in parts
    /// ([`Reply::TraceHead`] ... [`Reply::TraceDone`]).
    Extract {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: web_sys::File,
        /// Connection ids from the index; empty means all.
        conns: Vec<u32>,
        /// Keep packets from this many microseconds after the first; `None`: from the start.
        from_us: Option<u64>,
        /// Keep packets up to this many microseconds after the first; `None`: to the end.
        to_us: Option<u64>,
        /// The page's language tag: errors are told in it.
        lang: String,
    },
    /// A scenario run to its end (past the page's own cap): [`Reply::Progress`] (pass 3,
    /// segments so far), then the Trace in parts ([`Reply::TraceHead`], [`Reply::TraceSegments`],
    /// [`Reply::TraceTimers`], [`Reply::TraceTcb`]) and [`Reply::TraceDone`].
    Run {
        /// Scenario id.
        id: String,
        /// Parameter overrides, as the link gives them.
        params: Vec<(String, String)>,
        /// The run stops after this many segments.
        max_segments: u64,
        /// The page's language tag: errors are told in it.
        lang: String,
    },
    /// A scenario run again as the page shows it (runs are deterministic), written as a file
    /// the page would take seconds to write itself: its JSON in the page's language
    /// ([`Reply::Json`]) or the client side's pcap ([`Reply::Pcap`]).
    RunFile {
        /// Scenario id.
        id: String,
        /// Parameter overrides, as the link gives them.
        params: Vec<(String, String)>,
        /// The run stops after this many segments, as the one on screen did.
        max_segments: u64,
        /// `json` or `pcap`.
        format: String,
        /// The page's language tag: the JSON's texts and the errors are in it.
        lang: String,
    },
    /// A capture's extraction made again as the page drew it (the same file and choice give
    /// the same Trace), written as a file the page would take seconds to write itself: its
    /// JSON in the page's language ([`Reply::Json`]) or the client side's pcap
    /// ([`Reply::Pcap`]).
    ExtractFile {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: web_sys::File,
        /// Connection ids from the index; empty means all.
        conns: Vec<u32>,
        /// As [`Request::Extract`].
        from_us: Option<u64>,
        /// As [`Request::Extract`].
        to_us: Option<u64>,
        /// `json` or `pcap`.
        format: String,
        /// The page's language tag: the JSON's texts and the errors are in it.
        lang: String,
    },
    /// A Trace JSON file (one the page or the CLI exported), read with progress (pass 2)
    /// and sent in parts ([`Reply::TraceHead`] ... [`Reply::TraceDone`]).
    ReadJson {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: web_sys::File,
        /// The page's language tag: errors are told in it.
        lang: String,
    },
    /// A Trace JSON file read again, written as [`Request::ExtractFile`] writes.
    JsonFile {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: web_sys::File,
        /// `json` or `pcap`.
        format: String,
        /// The page's language tag: the JSON's texts and the errors are in it.
        lang: String,
    },
    /// A Trace (JSON text) as the client side's pcap ([`Reply::Pcap`]).
    Pcap {
        json: String,
        /// The page's language tag: errors are told in it.
        lang: String,
    },
    /// Not a job: the page has read `parts` more parts of the Trace being sent, so the
    /// worker may send as many more (it keeps at most [`PARTS_AHEAD`] unread).
    PartsRead { parts: u32 },
}

/// Parts of a Trace the worker sends ahead of the page's reading. Sent all at once, the
/// 100k run's parts waited in the page as JS strings (its JS heap grew by about 60 MB), and
/// a million segments' would have been several hundred.
pub const PARTS_AHEAD: u32 = 4;

/// One connection the first pass found (the capture crate's `ConnSummary`, as the picker
/// lists it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conn {
    pub id: u32,
    /// Client `ip:port`.
    pub client: String,
    /// Server `ip:port`.
    pub server: String,
    pub packets: u64,
    /// Payload bytes, both directions.
    pub bytes: u64,
    /// First packet, microseconds after the capture's first.
    pub start_us: u64,
    /// Last packet, microseconds after the capture's first.
    pub end_us: u64,
    /// The first HTTP request line, if the connection starts with one.
    pub first_request: Option<String>,
}

/// The JSON text of a part of a Trace, kept as the JS string `postMessage` brought: a
/// burst of parts waits in the page's queue (`whole_run::Reader`) as JS strings, and only
/// the part being read is copied into wasm memory. Copied on arrival, the 100k run's
/// queue held about 25 MB more wasm memory by the end of its reading, which wasm never
/// gives back.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(#[serde(with = "serde_wasm_bindgen::preserve")] pub JsString);

impl Text {
    /// The text in wasm memory.
    pub fn read(&self) -> String {
        String::from(&self.0)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(JsString::from(s))
    }
}

/// Worker -> page.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The worker's wasm runs: it can take its job now (a message sent earlier would find
    /// no handler).
    Ready,
    /// Bytes of the file read so far; `pass` 1 is the index, 2 the extraction.
    Progress { pass: u8, done: f64, total: f64 },
    /// A Trace JSON file's bytes are read; while they are made a Trace: its segments read
    /// so far, then (once they all are) its TCB samples.
    JsonRead { segments: f64, samples: f64 },
    /// What the first pass found.
    Index {
        name: String,
        /// The capture's last packet, microseconds after its first.
        end_us: u64,
        /// The extractor's segment cap.
        max_segments: u64,
        conns: Vec<Conn>,
    },
    /// A Trace (a long run, or a capture's extraction) without its segments and timers
    /// (JSON text): the first of its parts, with how many segments and timers are to come,
    /// so the page keeps them in lists of exactly that size.
    TraceHead { json: Text, sizes: Sizes },
    /// The Trace's next segments, in order (a JSON array): a few thousand per part, so
    /// that the page reads each between two frames.
    TraceSegments { json: Text },
    /// The Trace's next timers, in order (a JSON array).
    TraceTimers { json: Text },
    /// The Trace's next TCB samples, in order, each [`TcbSample::BYTES`] bytes as
    /// [`TcbSample::write_bytes`] writes them (a quarter of their JSON, read at once).
    ///
    /// [`TcbSample::BYTES`]: wiretrace_core::trace::TcbSample::BYTES
    /// [`TcbSample::write_bytes`]: wiretrace_core::trace::TcbSample::write_bytes
    TraceTcb {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        bytes: Uint8Array,
    },
    /// Every part of the Trace was sent.
    TraceDone,
    /// The job's last message comes next, and the worker's wasm memory has grown past
    /// [`SPARE_MAX_BYTES`] doing it (a long run, a big capture): wasm memory never shrinks,
    /// so the worker ends after the job rather than wait as the spare (`worker_client`).
    /// The page's handler takes it; a job's `on` never hears it.
    Heavy,
    /// A JSON file (UTF-8), made a `Blob` in the worker ([`file_blob`]): a `Blob` goes to
    /// the page by reference, and the page makes the download of it without reading it
    /// (the JSON of a 100k run is 225 MB: passed as bytes, the page stopped for most of a
    /// second to copy them).
    Json {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: web_sys::Blob,
    },
    /// The pcap file, the same way.
    Pcap {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: web_sys::Blob,
    },
    /// The job failed: one line saying why.
    Error { message: String },
}

/// The most wasm memory a worker may hold and still wait for the next job ([`Reply::Heavy`]):
/// a fresh one holds a few megabytes, one that read a capture's index a few more, one that
/// ran the 100k run about 150 MB more of the tab's memory (the renderer process's RSS).
pub const SPARE_MAX_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// The type of a JSON file the page makes.
pub const JSON_MIME: &str = "application/json";
/// The type of a pcap file.
pub const PCAP_MIME: &str = "application/vnd.tcpdump.pcap";

/// A file's bytes as a `Blob` of type `mime`, for [`Reply::Json`] and [`Reply::Pcap`].
pub fn file_blob(bytes: &[u8], mime: &str) -> Result<web_sys::Blob, JsValue> {
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
}

/// How many segments and timers the parts of a Trace hold: the page makes its lists that
/// size at once (the TCB samples are packed as they come).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sizes {
    pub segments: u32,
    pub timers: u32,
}

impl Request {
    /// The language the request's errors are told in.
    pub fn lang(&self) -> Lang {
        match self {
            Request::Index { lang, .. }
            | Request::Extract { lang, .. }
            | Request::Run { lang, .. }
            | Request::RunFile { lang, .. }
            | Request::ExtractFile { lang, .. }
            | Request::ReadJson { lang, .. }
            | Request::JsonFile { lang, .. }
            | Request::Pcap { lang, .. } => Lang::from_tag(lang),
            Request::PartsRead { .. } => Lang::En,
        }
    }

    /// The request as the JS object `postMessage` carries.
    pub fn to_js(&self) -> Result<JsValue, String> {
        serde_wasm_bindgen::to_value(self).map_err(|e| e.to_string())
    }

    /// The request a message carries.
    pub fn from_js(value: JsValue) -> Result<Request, String> {
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }
}

impl Reply {
    /// True for a part of a Trace ([`crate::whole_run::Reader::push`] takes it).
    pub fn is_part(&self) -> bool {
        matches!(
            self,
            Reply::TraceHead { .. }
                | Reply::TraceSegments { .. }
                | Reply::TraceTimers { .. }
                | Reply::TraceTcb { .. }
                | Reply::TraceDone
        )
    }

    /// True for the worker's last message of a job that went well (the index, the last part
    /// of a Trace, a file): after it the worker is idle, and may take another job.
    pub fn ends_job_well(&self) -> bool {
        matches!(
            self,
            Reply::Index { .. } | Reply::TraceDone | Reply::Json { .. } | Reply::Pcap { .. }
        )
    }

    /// The bytes a reply carries, if any: `postMessage` hands them over rather than copy
    /// them.
    pub fn bytes(&self) -> Option<&Uint8Array> {
        match self {
            Reply::TraceTcb { bytes } => Some(bytes),
            _ => None,
        }
    }

    /// The reply as the JS object `postMessage` carries.
    pub fn to_js(&self) -> Result<JsValue, String> {
        serde_wasm_bindgen::to_value(self).map_err(|e| e.to_string())
    }

    /// The reply a message carries.
    pub fn from_js(value: JsValue) -> Result<Reply, String> {
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }

    /// A failed job.
    pub fn error(message: impl Into<String>) -> Reply {
        Reply::Error {
            message: message.into(),
        }
    }
}
