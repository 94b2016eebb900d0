//! Runs longer than the page runs at once. The page runs a scenario up to
//! [`PAGE_SEGMENTS`] segments on the spot, so any link draws at once; a run cut there
//! ([`needs_whole`]) goes on in the file worker up to [`RUN_SEGMENTS`], with progress
//! and a Stop button (`components::whole_run`). The worker sends the Trace in parts, a few
//! ahead of the page's reading; a [`Reader`] queues them and reads them into [`Parts`] in
//! the slices of a [`Pump`], so the page draws frames in between, and says to the worker
//! when it has read one; the whole run then replaces the cut one, at the same step.

use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::rc::Rc;

use wasm_bindgen::JsValue;

use wiretrace_core::trace::{
    Bytes, EventKind, HeldPart, Name, Segment, TcbLog, TcbSample, Timer, Trace,
};

use crate::layout_job::LayoutJob;
use crate::pump::{Next, Pump};
use crate::worker_client::Job;
use crate::worker_msg::{Reply, Request, Sizes};

/// Segments the page runs at once; a longer Trace's JSON and pcap are written by the worker.
pub const PAGE_SEGMENTS: usize = 20_000;

/// Segments a run may reach in the worker: the engine's own cap
/// ([`wiretrace_core::net::MAX_SEGMENTS`]), which a run cut there says. A million segments
/// take the page's wasm memory to about 390 MB (`./scripts/bench --page`, ARCHITECTURE.md,
/// long runs); `browse` with 10 MB at a 64-byte MSS is 312,515 segments, 155 MB.
pub const RUN_SEGMENTS: usize = wiretrace_core::net::MAX_SEGMENTS;

/// The cap of a capture drawn in the page: a run's. A capture of a million packets is
/// drawn whole: its explanations are notes made into text when shown
/// ([`wiretrace_core::trace::CapturedNote`]), so the page held 363 MB of wasm memory with
/// the 999,450 packets of the capped run's capture (one connection at a 64-byte MSS, the
/// e2e test `huge.test.mjs`), and the worker, which holds the kept packets while it builds
/// the Trace, ends with the job. (A Trace JSON file has no cap of its own: the 1,000,000-segment run's,
/// 1.9 GB, opens whole.)
pub const WORKER_SEGMENTS: usize = RUN_SEGMENTS;

/// The most entries a list of [`Parts`] is made room for before they come (the segments
/// and timers of the longest run the worker sends fit).
pub const RESERVE_MAX: usize = 4 * RUN_SEGMENTS;

/// True for a run the page cut at [`PAGE_SEGMENTS`]: the worker can run it whole.
pub fn needs_whole(trace: &Trace) -> bool {
    trace.segments.len() == PAGE_SEGMENTS
        && trace
            .events
            .iter()
            .any(|e| e.kind == EventKind::RunTruncated)
}

/// A Trace as the worker sends it to the page: its head (the Trace without segments,
/// timers and TCB samples), then those in parts.
#[derive(Debug)]
pub struct Outgoing {
    pub head: Trace,
    pub segments: Vec<Segment>,
    pub timers: Vec<Timer>,
    pub tcb: TcbLog,
}

impl Outgoing {
    /// The parts of `trace`. Past [`PAGE_SEGMENTS`] the page writes no JSON or pcap of the
    /// Trace itself (the worker writes them again from the source:
    /// `components::exports`), and nothing else in the page reads a payload: such a
    /// Trace's segments go without their bytes, which were most of what the page held
    /// (1,460 of about 1,900 B per data segment) and of the JSON it parsed.
    pub fn of(mut trace: Trace) -> Outgoing {
        let mut segments = std::mem::take(&mut trace.segments);
        if segments.len() > PAGE_SEGMENTS {
            for s in &mut segments {
                s.payload = Bytes::default();
            }
        }
        Outgoing {
            segments,
            timers: std::mem::take(&mut trace.timers),
            tcb: std::mem::take(&mut trace.tcb),
            head: trace,
        }
    }

    /// How many segments and timers the parts hold (the head says so).
    pub fn sizes(&self) -> Sizes {
        Sizes {
            segments: self.segments.len() as u32,
            timers: self.timers.len() as u32,
        }
    }
}

/// What a [`Reader`] tells as it reads.
#[derive(Debug)]
pub enum Read {
    /// A part was read: the segments read so far, of how many the head said are coming.
    Part { read: usize, of: usize },
    /// The whole Trace.
    Done(Box<Trace>),
    /// A part could not be read: why. Nothing more is read.
    Failed(String),
}

/// The parts of a Trace as the worker sends them, read between frames: [`Reader::push`]
/// queues a part as it comes, and the reader's [`Pump`] reads the queue, a part or a few
/// a slice (a part of 2,000 segments takes about 14 ms in wasm). Read at once, a burst of
/// 60 parts held the page for a second with a frame every 110 ms. Dropping the reader
/// drops what is left to read.
pub struct Reader {
    queue: Rc<RefCell<VecDeque<Reply>>>,
    pump: Pump,
    /// The job sending the parts ([`Reader::reads_for`]).
    job: Rc<RefCell<Option<Job>>>,
}

impl Reader {
    /// A reader telling `on` what it read; after [`Read::Done`] or [`Read::Failed`], `on`
    /// hears nothing more.
    pub fn new(mut on: impl FnMut(Read) + 'static) -> Result<Reader, JsValue> {
        let queue: Rc<RefCell<VecDeque<Reply>>> = Rc::default();
        let job: Rc<RefCell<Option<Job>>> = Rc::default();
        let (waiting, sender) = (queue.clone(), job.clone());
        let (mut parts, mut over) = (Parts::default(), false);
        let pump = Pump::new(move || {
            let next = waiting.borrow_mut().pop_front();
            let Some(reply) = next.filter(|_| !over) else {
                return Next::Idle;
            };
            let read = match parts.receive(reply) {
                Ok(None) => Read::Part {
                    read: parts.segment_count(),
                    of: parts.segments_coming(),
                },
                Ok(Some(trace)) => Read::Done(Box::new(trace)),
                Err(e) => Read::Failed(e),
            };
            over = !matches!(read, Read::Part { .. });
            // Room for one more part; after a part it cannot read, nothing more comes. Once
            // over, the reader lets go of the job (which holds the reader until it ends).
            let job = if over {
                sender.borrow_mut().take()
            } else {
                sender.borrow().clone()
            };
            match (job, &read) {
                (Some(job), Read::Part { .. }) => job.tell(&Request::PartsRead { parts: 1 }),
                (Some(job), Read::Failed(_)) => job.cancel(),
                _ => {}
            }
            on(read);
            if over {
                Next::Idle
            } else {
                Next::More
            }
        })?;
        Ok(Reader { queue, pump, job })
    }

    /// Reads the parts `job` sends: says to its worker when it has read one, so that it
    /// sends no more than [`crate::worker_msg::PARTS_AHEAD`] ahead, and ends it after one it
    /// cannot read.
    pub fn reads_for(&self, job: &Job) {
        *self.job.borrow_mut() = Some(job.clone());
    }

    /// Queues a part to read in a slice to come; true for the last ([`Reply::TraceDone`]).
    pub fn push(&self, reply: Reply) -> bool {
        let last = matches!(reply, Reply::TraceDone);
        self.queue.borrow_mut().push_back(reply);
        self.pump.wake();
        last
    }

    /// Reads nothing more, whoever still holds the reader (the worker's handler does
    /// until its next turn).
    pub fn stop(&self) {
        self.pump.stop();
        self.queue.borrow_mut().clear();
        self.job.borrow_mut().take();
    }
}

/// The page's side of reading a Trace from the worker (the rest of a run, a file): the
/// worker's job, the reading of its parts, the layout of its figure.
#[derive(Default)]
pub struct Work {
    pub job: Option<Job>,
    pub reader: Option<Rc<Reader>>,
    pub laying: Option<LayoutJob>,
}

impl Work {
    /// Ends all of it: nothing more is read, laid out or handed over.
    pub fn stop(&mut self) {
        if let Some(j) = self.job.take() {
            j.cancel();
        }
        if let Some(r) = self.reader.take() {
            r.stop();
        }
        self.laying = None;
    }
}

/// A part of a Trace, from the worker's JSON text, read in wasm by serde_json: a part of
/// 2,000 segments read through the browser's `JSON` and serde-wasm-bindgen (an object and a
/// call into JavaScript for every field) took several times as long.
fn parse<V: DeserializeOwned>(json: &str) -> Result<V, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

/// Makes `name` the copy in `names`, or puts it there.
fn share(names: &mut HashSet<Name>, name: &mut Name) {
    match names.get(name.as_str()) {
        Some(known) => *name = known.clone(),
        None => {
            names.insert(name.clone());
        }
    }
}

/// The parts of a Trace (a long run, a capture) as the worker sends them.
#[derive(Debug, Default)]
pub struct Parts {
    head: Option<Trace>,
    /// The lifelines and addresses read so far: a segment's names and a timer's endpoint
    /// are made these, so the page keeps one copy of each, not four per segment.
    names: HashSet<Name>,
    segments: Vec<Segment>,
    /// How many segments the head said are coming.
    coming: usize,
    timers: Vec<Timer>,
    /// Packed as they come: 74 bytes a sample on the way, 15 to 17 in the log.
    tcb: TcbLog,
}

impl Parts {
    /// The Trace without its segments and timers (the first part), and how many of each
    /// are to come: the lists are made that size at once, so a long Trace is neither
    /// copied as they grow nor left with room to spare (up to [`RESERVE_MAX`] each, in
    /// case a message says more than it brings). The TCB samples are packed as they come
    /// ([`TcbLog`]).
    pub fn head(&mut self, head: Trace, sizes: Sizes) {
        self.head = Some(head);
        self.coming = sizes.segments as usize;
        let room = |n: u32| (n as usize).min(RESERVE_MAX);
        self.segments.reserve_exact(room(sizes.segments));
        self.timers.reserve_exact(room(sizes.timers));
    }

    /// The next segments, in the compact form the engine records ([`HeldPart`]).
    pub fn segments(&mut self, mut part: Vec<Segment>) -> Result<(), String> {
        let next = self.segments.len();
        for (i, s) in part.iter_mut().enumerate() {
            if s.id as usize != next + i {
                return Err(format!("segment {} arrived as number {}", s.id, next + i));
            }
            for name in [&mut s.from, &mut s.to, &mut s.src, &mut s.dst] {
                share(&mut self.names, name);
            }
        }
        self.segments.append(&mut part);
        Ok(())
    }

    /// The next timers ([`HeldPart`]), their endpoints shared as the segments' names are.
    pub fn timers(&mut self, mut part: Vec<Timer>) {
        for t in &mut part {
            share(&mut self.names, &mut t.endpoint);
        }
        self.timers.append(&mut part);
    }

    /// The next TCB samples, as [`TcbSample::write_bytes`] wrote them.
    pub fn tcb_bytes(&mut self, bytes: &[u8]) -> Result<(), String> {
        if bytes.len() % TcbSample::BYTES != 0 {
            return Err(format!(
                "TCB samples of {} bytes, not a multiple of {}",
                bytes.len(),
                TcbSample::BYTES
            ));
        }
        self.tcb.extend(
            bytes
                .chunks_exact(TcbSample::BYTES)
                .filter_map(TcbSample::read_bytes),
        );
        Ok(())
    }

    /// Segments received so far.
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// Segments the head said are coming (0 before it).
    pub fn segments_coming(&self) -> usize {
        self.coming
    }

    /// Reads a part of the worker's: `None` for one more, the whole Trace after the last.
    /// A reply that is no part of a Trace is refused.
    pub fn receive(&mut self, reply: Reply) -> Result<Option<Trace>, String> {
        match reply {
            Reply::TraceHead { json, sizes } => self.head(parse(&json.read())?, sizes),
            Reply::TraceSegments { json } => {
                self.segments(parse::<HeldPart<_>>(&json.read())?.0)?
            }
            Reply::TraceTimers { json } => self.timers(parse::<HeldPart<_>>(&json.read())?.0),
            Reply::TraceTcb { bytes } => self.tcb_bytes(&bytes.to_vec())?,
            Reply::TraceDone => return std::mem::take(self).finish().map(Some),
            _ => return Err("not a part of a Trace".to_owned()),
        }
        Ok(None)
    }

    /// The whole Trace, once every part came.
    pub fn finish(self) -> Result<Trace, String> {
        let mut trace = self.head.ok_or("the run's first part never came")?;
        trace.segments = self.segments;
        trace.timers = self.timers;
        trace.tcb = self.tcb;
        trace.tcb.shrink_to_fit();
        Ok(trace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_core::net::Limits;
    use wiretrace_core::scenario;
    use wiretrace_core::trace::WriteHeld;

    fn run(max: usize) -> Trace {
        let params = vec![
            ("body_bytes".to_owned(), "10000000".to_owned()),
            ("mss".to_owned(), "536".to_owned()),
        ];
        scenario::run_limited("big-response", &params, Limits::segments(max)).unwrap()
    }

    #[test]
    fn a_run_cut_at_the_page_cap_is_run_whole_and_comes_back_the_same_in_parts() {
        let cut = run(PAGE_SEGMENTS);
        assert!(needs_whole(&cut));
        let whole = run(RUN_SEGMENTS);
        assert!(
            whole.segments.len() > PAGE_SEGMENTS,
            "{}",
            whole.segments.len()
        );
        assert!(!needs_whole(&whole));
        // The cut run is the start of the whole one (only the fate of the segments still
        // travelling at the cut differs).
        let sent = |s: &Segment| (s.id, s.seq, s.ack, s.len, s.sent_us, s.flags);
        let same = cut
            .segments
            .iter()
            .zip(&whole.segments)
            .all(|(a, b)| sent(a) == sent(b));
        assert!(same, "the cut run is not the start of the whole one");

        // As the worker sends it: JSON parts, read back in order.
        let out = Outgoing::of(whole.clone());
        let sizes = out.sizes();
        let Outgoing {
            head,
            segments,
            timers,
            tcb,
        } = out;
        assert!(!tcb.is_empty());
        // Past the page's cap the segments come without their payload (the page never
        // reads one; its JSON and pcap of such a run are the worker's).
        assert!(whole.segments.iter().any(|s| !s.payload.0.is_empty()));
        assert!(segments.iter().all(|s| s.payload.0.is_empty()));
        let mut whole = whole;
        whole
            .segments
            .iter_mut()
            .for_each(|s| s.payload = Bytes::default());
        let mut parts = Parts::default();
        parts.head(
            serde_json::from_str(&serde_json::to_string(&head).unwrap()).unwrap(),
            sizes,
        );
        for p in segments.chunks(3_000) {
            let json = serde_json::to_string(&WriteHeld(p)).unwrap();
            assert!(json.contains("\"explain\":\"\""), "the English is left out");
            let read: HeldPart<Segment> = serde_json::from_str(&json).unwrap();
            parts.segments(read.0).unwrap();
        }
        for p in timers.chunks(3_000) {
            let json = serde_json::to_string(&WriteHeld(p)).unwrap();
            parts.timers(serde_json::from_str::<HeldPart<Timer>>(&json).unwrap().0);
        }
        for p in tcb.iter().collect::<Vec<_>>().chunks(3_000) {
            let mut bytes = Vec::new();
            p.iter().for_each(|s| s.write_bytes(&mut bytes));
            parts.tcb_bytes(&bytes).unwrap();
        }
        assert_eq!(parts.segment_count(), whole.segments.len());
        let back = parts.finish().unwrap();
        // A name is kept once, shared by the segments that carry it.
        let (a, b) = (&back.segments[0], &back.segments[back.segments.len() - 1]);
        assert!(
            a.from == b.from && a.from.shares(&b.from),
            "{} {}",
            a.from,
            b.from
        );
        assert!(
            a.src == b.src && a.src.shares(&b.src),
            "{} {}",
            a.src,
            b.src
        );
        let server = back.timers.iter().filter(|t| *t.endpoint == *"server");
        assert!(server.clone().count() > 100);
        assert!(server
            .clone()
            .all(|t| t.endpoint.shares(&a.from) || t.endpoint.shares(&a.to)));
        // The head said how many: the lists were made that size, not grown by doubling.
        assert_eq!(back.segments.capacity(), back.segments.len());
        assert_eq!(back.timers.capacity(), back.timers.len());
        // The TCB samples were packed as they came: 80 bytes each on the way.
        let packed = back.tcb.heap_bytes() as f64 / back.tcb.len() as f64;
        assert!(packed < 24.0, "{packed:.1} bytes a sample");
        // The engine's notes came along: the page makes a message when it shows one.
        let noted = |s: &Segment| s.msg.note().is_some();
        assert!(back.segments.iter().all(noted) && whole.segments.iter().all(noted));
        assert!(back.timers.iter().all(|t| t.msg.note().is_some()));
        assert!(back == whole, "the run read back in parts differs");
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            serde_json::to_string(&whole).unwrap()
        );
    }

    #[test]
    fn a_trace_the_page_writes_itself_keeps_its_payloads() {
        let t = run(PAGE_SEGMENTS);
        let out = Outgoing::of(t.clone());
        assert_eq!(out.segments, t.segments);
        let import = scenario::run_with("browse", &[]).unwrap();
        assert_eq!(Outgoing::of(import.clone()).segments, import.segments);
    }

    #[test]
    fn a_part_out_of_order_is_refused() {
        let t = run(50);
        let mut parts = Parts::default();
        let err = parts.segments(t.segments[10..20].to_vec()).unwrap_err();
        assert!(err.contains("segment 10"), "{err}");
        let err = parts.tcb_bytes(&[0; TcbSample::BYTES + 1]).unwrap_err();
        assert!(
            err.contains(&format!("not a multiple of {}", TcbSample::BYTES)),
            "{err}"
        );
        assert!(Parts::default().finish().is_err());
    }

    #[test]
    fn a_short_run_or_an_import_is_not_run_again() {
        // Cut at another cap (the worker's): nothing more to run.
        assert!(!needs_whole(&run(PAGE_SEGMENTS + 1)));
        let small = scenario::run_with("browse", &[]).unwrap();
        assert!(!needs_whole(&small));
    }
}
