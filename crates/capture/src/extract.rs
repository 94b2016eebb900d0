//! The two passes over a capture: [`Indexer`] (connections, counts, time range, with
//! memory that does not grow with the number of packets) and [`Extractor`] (the chosen
//! connections / time range materialized into a Trace).

use wiretrace_core::trace::{Msg, Proto, TcpOptions, Trace};

use crate::analysis::{Analyzer, Tags};
use crate::build::{self, BuildInput, Rec};
use crate::error::ImportError;
use crate::flow::{addr_text, FlowTable};
use crate::http::{HttpConn, Message};
use crate::packet::{Packet, ACK, FIN, RST, SYN};
use crate::reader::{Kind, Reader};
use crate::selection::Selection;

/// How far a reader has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the file decoded so far (what a progress bar shows against the file size).
    pub bytes: u64,
    /// Frames read so far.
    pub packets: u64,
}

/// One connection (or UDP flow) found by the [`Indexer`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnSummary {
    /// Number to pass in [`Selection::connections`] (order of first packet, from 0).
    pub id: u32,
    /// TCP or UDP.
    pub proto: Proto,
    /// Client `ip:port`.
    pub client: String,
    /// Server `ip:port`.
    pub server: String,
    /// Segments or datagrams.
    pub packets: u64,
    /// Payload bytes, both directions.
    pub bytes: u64,
    /// First packet, microseconds after the capture's first packet.
    pub start_us: u64,
    /// Last packet, microseconds after the capture's first packet.
    pub end_us: u64,
    /// The capture holds the opening SYN.
    pub handshake: bool,
    /// `fin` (closed by FINs both ways), `rst` (reset) or `open`.
    pub closed: &'static str,
    /// The first HTTP request line, if the connection starts with one.
    pub first_request: Option<String>,
}

/// What the first pass found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    /// File format.
    pub kind: Kind,
    /// File name as given.
    pub name: String,
    /// Bytes read.
    pub bytes: u64,
    /// Frames (or packet lines) in the file, TCP/UDP or not.
    pub packets: u64,
    /// Time of the first packet, microseconds since the Unix epoch (or since midnight for
    /// tcpdump text with times of day only).
    pub start_unix_us: u64,
    /// Time of the last packet after the first.
    pub end_us: u64,
    /// Link types and anything worth saying about the file (warnings included).
    pub detail: String,
    /// The same parts as messages, one per part, for rendering in the reader's language.
    pub detail_msgs: Vec<Msg>,
    /// Every connection and UDP flow, in order of first packet.
    pub connections: Vec<ConnSummary>,
}

/// First pass: finds the connections. Feed chunks of the file in order, then `finish`.
pub struct Indexer {
    name: String,
    reader: Reader,
    flows: FlowTable,
    first_request: Vec<Option<String>>,
    /// Connections whose first client payload has been looked at.
    looked: Vec<bool>,
    first_ts: Option<u64>,
    last_ts: u64,
}

impl Indexer {
    /// A new first pass over a file called `name`.
    pub fn new(name: &str) -> Self {
        Indexer {
            name: base_name(name),
            reader: Reader::new(),
            flows: FlowTable::default(),
            first_request: Vec::new(),
            looked: Vec::new(),
            first_ts: None,
            last_ts: 0,
        }
    }

    /// Reads the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Progress, ImportError> {
        let Indexer {
            reader,
            flows,
            first_request,
            looked,
            first_ts,
            last_ts,
            ..
        } = self;
        let mut sink =
            |p: &Packet<'_>| index_packet(p, flows, first_request, looked, first_ts, last_ts);
        reader.feed(chunk, &mut sink)?;
        Ok(progress(reader))
    }

    /// Ends the file and returns what was found.
    pub fn finish(mut self) -> Result<Index, ImportError> {
        let Indexer {
            reader,
            flows,
            first_request,
            looked,
            first_ts,
            last_ts,
            ..
        } = &mut self;
        let mut sink =
            |p: &Packet<'_>| index_packet(p, flows, first_request, looked, first_ts, last_ts);
        reader.finish(&mut sink)?;
        let start = self.first_ts.unwrap_or(0);
        let names = self.reader.host_names();
        let connections = self
            .flows
            .flows
            .iter()
            .enumerate()
            .map(|(i, f)| ConnSummary {
                id: i as u32,
                proto: f.proto,
                client: addr_text(f.client, &names),
                server: addr_text(f.server, &names),
                packets: f.packets,
                bytes: f.bytes,
                start_us: f.first_us.saturating_sub(start),
                end_us: f.last_us.saturating_sub(start),
                handshake: f.syn_seen,
                closed: if f.rst {
                    "rst"
                } else if f.fin[0] && f.fin[1] {
                    "fin"
                } else {
                    "open"
                },
                first_request: self.first_request.get(i).cloned().flatten(),
            })
            .collect();
        Ok(Index {
            kind: self.reader.kind().unwrap_or(Kind::Pcap),
            name: self.name.clone(),
            bytes: self.reader.consumed(),
            packets: self.reader.stats.frames,
            start_unix_us: start,
            end_us: self.last_ts.saturating_sub(start),
            detail: build::file_detail(&self.reader),
            detail_msgs: build::file_detail_msgs(&self.reader),
            connections,
        })
    }
}

/// How far from its first packet a capture's times are read, in µs, either way: 2^50, about
/// 35 years. A time further (a corrupt record, a hand-edited line) is read as this far, so
/// the packets span at most 2^51 µs; a side's distance is at most half of that, so every
/// time of the Trace (the start moved back by a distance, a transit added) stays within
/// 2^52, half of [`MAX_TIME_US`](wiretrace_core::trace::MAX_TIME_US). The first packet is
/// the reference because both passes read as a stream: when it is the corrupt one, the
/// others are read 35 years from it, drawn together at one end (the file is broken; the
/// page still opens it).
const MAX_SPAN_US: u64 = 1 << 50;

/// Microseconds as seconds, exactly and without trailing zeros, as `--from` and the page's
/// picker take them: `18455` -> `0.018455`, `100000000` -> `100`.
pub fn secs_text(us: u64) -> String {
    let s = format!("{}.{:06}", us / 1_000_000, us % 1_000_000);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// `p`, within [`MAX_SPAN_US`] of `start`. Both passes read times this way.
fn within_span<'a>(p: &Packet<'a>, start: u64) -> Packet<'a> {
    Packet {
        ts_us: p.ts_us.clamp(
            start.saturating_sub(MAX_SPAN_US),
            start.saturating_add(MAX_SPAN_US),
        ),
        ..*p
    }
}

fn index_packet(
    p: &Packet<'_>,
    flows: &mut FlowTable,
    first_request: &mut Vec<Option<String>>,
    looked: &mut Vec<bool>,
    first_ts: &mut Option<u64>,
    last_ts: &mut u64,
) {
    let start = *first_ts.get_or_insert(p.ts_us);
    let p = &within_span(p, start);
    *last_ts = (*last_ts).max(p.ts_us);
    let (id, dir) = flows.classify(p);
    let i = id as usize;
    if first_request.len() <= i {
        first_request.resize(i + 1, None);
        looked.resize(i + 1, false);
    }
    if dir == 0 && p.len > 0 && !looked[i] {
        looked[i] = true;
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut req = httparse::Request::new(&mut headers);
        if let Ok(httparse::Status::Complete(_) | httparse::Status::Partial) = req.parse(p.payload)
        {
            if let (Some(m), Some(path)) = (req.method, req.path) {
                first_request[i] = Some(format!("{m} {path} HTTP/1.{}", req.version.unwrap_or(1)));
            }
        }
    }
}

/// Per-connection state of the second pass (only for selected connections).
struct ConnWork {
    analyzer: Analyzer,
    http: HttpConn,
}

/// Second pass: builds the Trace of the selected connections. Feed the same file again.
pub struct Extractor {
    name: String,
    sel: Selection,
    /// The selection's connection ids, sorted, to find each packet's by bisection (a
    /// page's "Choose all" of thousands of connections was a scan per packet).
    wanted: Vec<u32>,
    reader: Reader,
    flows: FlowTable,
    work: Vec<Option<Box<ConnWork>>>,
    recs: Vec<Rec>,
    http: Vec<(usize, Message)>,
    first_ts: Option<u64>,
    /// The latest packet's time (clamped as `within_span` clamps it), of any connection.
    last_ts: u64,
    /// Segments of selected connections in range that were not kept (caps).
    dropped_segments: u64,
    payload_kept: usize,
    payload_capped: bool,
    untimed: bool,
}

impl Extractor {
    /// A new second pass over a file called `name`.
    pub fn new(name: &str, selection: Selection) -> Self {
        let mut wanted = selection.connections.clone();
        wanted.sort_unstable();
        wanted.dedup();
        Extractor {
            name: base_name(name),
            sel: selection,
            wanted,
            reader: Reader::new(),
            flows: FlowTable::default(),
            work: Vec::new(),
            recs: Vec::new(),
            http: Vec::new(),
            first_ts: None,
            last_ts: 0,
            dropped_segments: 0,
            payload_kept: 0,
            payload_capped: false,
            untimed: false,
        }
    }

    /// Reads the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Progress, ImportError> {
        let mut reader = std::mem::replace(&mut self.reader, Reader::new());
        let r = reader.feed(chunk, &mut |p| self.packet(p));
        self.reader = reader;
        r?;
        Ok(progress(&self.reader))
    }

    /// Ends the file and builds the Trace.
    pub fn finish(mut self) -> Result<Trace, ImportError> {
        let mut reader = std::mem::replace(&mut self.reader, Reader::new());
        let r = reader.finish(&mut |p| self.packet(p));
        self.reader = reader;
        r?;
        let found = self.flows.flows.len();
        if let Some(bad) = self.sel.connections.iter().find(|c| **c as usize >= found) {
            let args = [
                ("bad", bad.to_string()),
                ("count", found.to_string()),
                ("last", found.saturating_sub(1).to_string()),
            ];
            return Err(ImportError::file(
                match found {
                    0 => "error.capture.no_connection.none",
                    1 => "error.capture.no_connection.one",
                    _ => "error.capture.no_connection.many",
                },
                &args,
            ));
        }
        // As the page's picker refuses a range past the capture's end: a time range that
        // keeps no packet is a mistake, not an empty drawing.
        let ranged = self.sel.from_us.is_some() || self.sel.to_us.is_some();
        if ranged && self.recs.is_empty() && self.dropped_segments == 0 && found > 0 {
            let start = self.first_ts.unwrap_or(0);
            let mut args = vec![
                ("from", secs_text(self.sel.from_us.unwrap_or(0))),
                ("end", secs_text(self.last_ts.saturating_sub(start))),
            ];
            // Which connections: all (none named, or every one: the page's picker names
            // what is ticked), one, or some of them.
            let all = self.wanted.is_empty() || self.wanted.len() >= found;
            let one = match self.wanted.as_slice() {
                [c] if !all => Some(*c),
                _ => None,
            };
            if let Some(c) = one {
                args.push(("conn", c.to_string()));
            }
            if let Some(to) = self.sel.to_us {
                args.push(("to", secs_text(to)));
            }
            let closed = self.sel.to_us.is_some();
            let key = match (all, one.is_some(), closed) {
                (true, _, true) => "error.capture.empty_range",
                (true, _, false) => "error.capture.empty_range.open",
                (false, true, true) => "error.capture.empty_range.conn",
                (false, true, false) => "error.capture.empty_range.conn_open",
                (false, false, true) => "error.capture.empty_range.chosen",
                (false, false, false) => "error.capture.empty_range.chosen_open",
            };
            return Err(ImportError::file(key, &args));
        }
        let names = self.reader.host_names();
        let input = BuildInput {
            name: self.name,
            kind: self.reader.kind().unwrap_or(Kind::Pcap),
            frames: self.reader.stats.frames,
            file_detail: build::file_detail_msgs(&self.reader),
            flows: &self.flows.flows,
            names: &names,
            recs: self.recs,
            http: self.http,
            selection: &self.sel,
            dropped_segments: self.dropped_segments,
            payload_capped: self.payload_capped,
            untimed: self.untimed,
        };
        Ok(build::build(input))
    }

    fn packet(&mut self, p: &Packet<'_>) {
        let start = *self.first_ts.get_or_insert(p.ts_us);
        let p = &within_span(p, start);
        self.last_ts = self.last_ts.max(p.ts_us);
        self.untimed |= p.untimed;
        let (id, dir) = self.flows.classify(p);
        if !(self.wanted.is_empty() || self.wanted.binary_search(&id).is_ok()) {
            return;
        }
        let i = id as usize;
        if self.work.len() <= i {
            self.work.resize_with(i + 1, || None);
        }
        let work = self.work[i].get_or_insert_with(|| {
            Box::new(ConnWork {
                analyzer: Analyzer::default(),
                http: HttpConn::default(),
            })
        });
        // Analysis and HTTP run on every packet of the connection, kept or not, so the
        // tags and message boundaries are right even when a time range cuts in.
        let tcp = p.proto == Proto::Tcp;
        let opts = if tcp {
            p.opts.to_options()
        } else {
            TcpOptions::default()
        };
        let tags = if tcp {
            let ws = if p.has(SYN) { opts.wscale } else { None };
            work.analyzer.segment(dir, p, ws)
        } else {
            Tags::default()
        };
        let mut msgs = if p.len > 0 {
            work.http.segment(dir, p.seq, p.len, p.payload)
        } else {
            Vec::new()
        };
        if msgs.is_empty() {
            if let Some(m) = p.http_hint.and_then(|h| work.http.hinted(dir, h)) {
                msgs.push(m);
            }
        }
        if tcp && p.has(FIN | RST) {
            work.http.close(dir);
        }
        let rel = p.ts_us.saturating_sub(start);
        let in_range =
            self.sel.from_us.is_none_or(|f| rel >= f) && self.sel.to_us.is_none_or(|t| rel <= t);
        if !in_range {
            return;
        }
        if self.recs.len() >= self.sel.max_segments {
            self.dropped_segments += 1;
            return;
        }
        let want = p.payload.len();
        let keep = if self.payload_kept + want <= self.sel.max_payload_bytes {
            want
        } else {
            // Past the budget, keep only the heads of HTTP messages.
            self.payload_capped = true;
            if msgs.is_empty() {
                0
            } else {
                want.min(2048)
            }
        };
        self.payload_kept += keep;
        let rec_index = self.recs.len();
        for m in msgs {
            self.http.push((rec_index, m));
        }
        self.recs.push(Rec {
            conn: id,
            dir,
            ts_us: p.ts_us,
            proto: p.proto,
            flags: p.flags,
            seq: p.seq,
            ack: if p.has(ACK) { Some(p.ack) } else { None },
            len: p.len,
            window: if p.window_known {
                u32::from(p.window)
            } else {
                0
            },
            window_unknown: !p.window_known,
            options: opts,
            payload: p.payload[..keep].to_vec(),
            tags,
            src: p.src,
            dst: p.dst,
        });
    }
}

fn progress(r: &Reader) -> Progress {
    Progress {
        bytes: r.consumed(),
        packets: r.stats.frames,
    }
}

/// The file name without directories.
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_owned()
}

/// Reads a whole file held in memory through the first pass.
pub fn index(name: &str, bytes: &[u8]) -> Result<Index, ImportError> {
    let mut ix = Indexer::new(name);
    for chunk in bytes.chunks(1 << 20) {
        ix.feed(chunk)?;
    }
    ix.finish()
}

/// Reads a whole file held in memory into a Trace of the selected connections.
pub fn import(name: &str, bytes: &[u8], selection: &Selection) -> Result<Trace, ImportError> {
    let mut ex = Extractor::new(name, selection.clone());
    for chunk in bytes.chunks(1 << 20) {
        ex.feed(chunk)?;
    }
    ex.finish()
}
