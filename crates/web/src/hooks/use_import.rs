//! The import's phase machine: a file opened goes Idle -> Reading (pass 1, the file
//! worker's index) -> either straight on to Reading (pass 2, the extraction) or Picking
//! (several connections, or one longer than the segment cap: the user chooses) -> Idle
//! with the Trace handed to the reducer, or Failed with one line naming the file (a choice
//! made in the picker that the importer refuses goes back to Picking, on that choice and
//! with why, to be changed). A Trace JSON goes straight to Reading (pass 2) in the worker
//! too, then Parsing while the worker makes its bytes a Trace (how many segments, then TCB
//! samples, so far). A Trace of more than [`SLICED_FROM`] segments goes through Laying
//! first: its figure is laid out between frames ([`LayoutJob`]) and handed over with it.
//! Stop ends the worker's job or the layout wherever it is and keeps what was drawn before.

use std::cell::RefCell;
use std::rc::Rc;

use wiretrace_core::i18n::Lang;
use wiretrace_core::Trace;
use wiretrace_diagram::layout::Options;
use yew::prelude::*;

use crate::layout_job::{lay_out, SLICED_FROM};
use crate::state::{Action, Laid};
use crate::ui::{t, tf, T};
use crate::whole_run::{Read, Reader, Work};
use crate::worker_client::{run_job, Job};
use crate::worker_msg::{Conn, Reply, Request};

/// Where an import is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Idle,
    /// Reading: bytes done of total; `pass` 1 = finding connections, 2 = drawing.
    Reading {
        name: String,
        done: f64,
        total: f64,
        pass: u8,
    },
    /// A Trace JSON file's bytes are read and made a Trace: its segments read so far, then
    /// its TCB samples (0 until the segments are all read).
    Parsing {
        name: String,
        segments: usize,
        samples: usize,
    },
    /// Several connections, or one too long to draw whole: the user picks.
    Picking {
        file: web_sys::File,
        conns: Rc<Vec<Conn>>,
        /// The capture's last packet, microseconds after its first.
        end_us: u64,
        /// The extractor's segment cap.
        cap: u64,
        /// The choice drawn last and why the importer refused it (a time range that keeps
        /// no packet of the chosen connections): the picker opens on it, to be changed.
        refused: Option<Rc<Refused>>,
    },
    /// The worker sends the Trace in parts and the page reads them: segments read, of how
    /// many.
    Parts {
        name: String,
        read: usize,
        of: usize,
    },
    /// The figure of the Trace read is laid out: how far it got, 0 to 1.
    Laying {
        name: String,
        segments: usize,
        done: f32,
    },
    Failed(String),
}

/// A choice the importer refused, and its words.
#[derive(Clone, Debug, PartialEq)]
pub struct Refused {
    pub conns: Vec<u32>,
    pub range: Range,
    pub why: String,
}

/// What the picker was opened with: the capture's connections, its end and the cap, kept
/// to open it again on a refused choice.
type Picked = (Rc<Vec<Conn>>, u64, u64);

/// A time range for the extractor, in whole microseconds after the capture's first
/// packet; `None` is the capture's own start / end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Range {
    pub from_us: Option<u64>,
    pub to_us: Option<u64>,
}

/// A second pass to run: what the CLI's `import --conn N --from S --to S` reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Extraction {
    pub file: web_sys::File,
    /// Connection ids from the index; empty means all.
    pub conns: Vec<u32>,
    pub range: Range,
}

/// What an import read: the worker reads it again to write an export past the page's own
/// cap.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A capture, with the connections and time range chosen.
    Capture(Extraction),
    /// A Trace JSON file.
    Json(web_sys::File),
}

impl Source {
    fn file(&self) -> &web_sys::File {
        match self {
            Source::Capture(e) => &e.file,
            Source::Json(f) => f,
        }
    }

    /// The worker's job that reads it, in parts.
    fn request(&self, lang: Lang) -> Request {
        let lang = lang.tag().to_owned();
        match self.clone() {
            Source::Capture(Extraction { file, conns, range }) => Request::Extract {
                file,
                conns,
                from_us: range.from_us,
                to_us: range.to_us,
                lang,
            },
            Source::Json(file) => Request::ReadJson { file, lang },
        }
    }
}

/// The import as a component sees it.
#[derive(Clone)]
pub struct UseImport {
    pub phase: Phase,
    /// Opens a file (the first pass, or a Trace JSON at once).
    pub open: Callback<web_sys::File>,
    /// Runs a second pass.
    pub extract: Callback<Extraction>,
    /// Runs the second pass the user chose in the picker; if the importer refuses the
    /// choice, the picker opens again on it with why.
    pub draw: Callback<Extraction>,
    /// Ends the job under way; what is drawn stays.
    pub stop: Callback<()>,
}

fn is_json(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".json")
}

/// A failure with a file, in the page's words.
fn failed(lang: Lang, name: &str, why: &str) -> Phase {
    Phase::Failed(tf(lang, T::FileProblem, &[("name", name), ("why", why)]))
}

/// Where a Trace read goes: the reducer, with the figure on screen's options.
struct Target {
    name: String,
    source: Option<Source>,
    lang: Lang,
    figure: Options,
    phase: UseStateHandle<Phase>,
    work: Rc<RefCell<Work>>,
    on: Callback<Action>,
}

/// Ends a job with the Trace it read (drawn under the file's name; `source` is what gave
/// it, for exports made again in the worker), or with why not. A long Trace's figure is
/// laid out first, between frames.
fn finish(read: Result<Trace, String>, to: Target) {
    let trace = match read {
        Ok(trace) => Rc::new(trace),
        Err(e) => return to.phase.set(failed(to.lang, &to.name, &e)),
    };
    let segments = trace.segments.len();
    let hand = {
        let (trace, phase, on) = (trace.clone(), to.phase.clone(), to.on.clone());
        let (name, source) = (to.name.clone(), to.source);
        Rc::new(move |laid: Option<Laid>| {
            phase.set(Phase::Idle);
            on.emit(Action::LoadTrace {
                trace: trace.clone(),
                name: name.clone(),
                source: source.clone(),
                laid,
            });
        })
    };
    if segments <= SLICED_FROM {
        return hand(None);
    }
    to.phase.set(Phase::Laying {
        name: to.name.clone(),
        segments,
        done: 0.0,
    });
    let progress = {
        let (phase, name) = (to.phase.clone(), to.name.clone());
        move |done: f32| {
            phase.set(Phase::Laying {
                name: name.clone(),
                segments,
                done,
            })
        }
    };
    let laying = lay_out(trace, to.figure, progress, move |laid| hand(laid));
    to.work.borrow_mut().laying = laying;
}

/// What a reply that is no job's answer does: progress moves the bar, an error ends the
/// job (true). `None` for the job's own answer.
fn progress_or_error(
    reply: &Reply,
    name: &str,
    lang: Lang,
    phase: &UseStateHandle<Phase>,
) -> Option<bool> {
    match reply {
        Reply::Progress { pass, done, total } => {
            phase.set(Phase::Reading {
                name: name.to_owned(),
                done: *done,
                total: *total,
                pass: *pass,
            });
            Some(false)
        }
        Reply::JsonRead { segments, samples } => {
            phase.set(Phase::Parsing {
                name: name.to_owned(),
                segments: *segments as usize,
                samples: *samples as usize,
            });
            Some(false)
        }
        Reply::Error { message } => {
            phase.set(failed(lang, name, message));
            Some(true)
        }
        Reply::Ready
        | Reply::Heavy
        | Reply::Index { .. }
        | Reply::Pcap { .. }
        | Reply::Json { .. }
        | Reply::TraceHead { .. }
        | Reply::TraceSegments { .. }
        | Reply::TraceTimers { .. }
        | Reply::TraceTcb { .. }
        | Reply::TraceDone => None,
    }
}

/// The import: its phase, and callbacks to open a file and to draw a choice. Hands the
/// Trace read to `on` as [`Action::LoadTrace`], with its figure laid out with `figure`'s
/// options if it is long. Errors are told in `lang`.
#[hook]
pub fn use_import(on: Callback<Action>, lang: Lang, figure: Options) -> UseImport {
    let phase = use_state(|| Phase::Idle);
    // The worker's job under way, the reading of its parts and the layout, for Stop.
    let work = use_mut_ref(Work::default);
    // The picker's capture, while its choice is read: a refusal opens the picker again.
    let picked = use_mut_ref(|| None::<Picked>);
    // The figure on screen when the Trace comes (the options may change while it is read).
    let latest = use_mut_ref(|| figure);
    *latest.borrow_mut() = figure;
    let started = {
        let work = work.clone();
        let phase = phase.clone();
        move |name: &str, started: Result<Job, wasm_bindgen::JsValue>| match started {
            Ok(j) => work.borrow_mut().job = Some(j),
            Err(_) => phase.set(failed(lang, name, t(lang, T::WorkerFailed))),
        }
    };

    // The last pass: the chosen connections of a capture, or a Trace JSON, read in the
    // worker and sent in parts, read between frames.
    let read = {
        let phase = phase.clone();
        let on = on.clone();
        let started = started.clone();
        let (work, latest, picked) = (work.clone(), latest.clone(), picked.clone());
        Callback::from(move |source: Source| {
            // A file opened while another is read or laid out replaces it.
            work.borrow_mut().stop();
            let name = source.file().name();
            phase.set(Phase::Reading {
                name: name.clone(),
                done: 0.0,
                total: source.file().size(),
                pass: 2,
            });
            let request = source.request(lang);
            let chosen = source.clone();
            let target = {
                let (phase, on, name, work, latest) = (
                    phase.clone(),
                    on.clone(),
                    name.clone(),
                    work.clone(),
                    latest.clone(),
                );
                move || Target {
                    name: name.clone(),
                    source: Some(source.clone()),
                    lang,
                    figure: *latest.borrow(),
                    phase: phase.clone(),
                    work: work.clone(),
                    on: on.clone(),
                }
            };
            let target2 = target.clone();
            let reader = Reader::new(move |read| match read {
                Read::Part { read, of } => {
                    let to = target2();
                    to.phase.set(Phase::Parts {
                        name: to.name,
                        read,
                        of,
                    });
                }
                Read::Done(trace) => finish(Ok(*trace), target2()),
                Read::Failed(e) => {
                    finish(Err(tf(lang, T::NotATrace, &[("detail", &e)])), target2())
                }
            });
            let Ok(reader) = reader.map(Rc::new) else {
                return phase.set(failed(lang, &name, t(lang, T::WorkerFailed)));
            };
            work.borrow_mut().reader = Some(reader.clone());
            let (phase2, name2, reader2) = (phase.clone(), name.clone(), reader.clone());
            // A choice made in the picker that the importer refuses goes back to the picker.
            let again = match (&chosen, picked.borrow_mut().take()) {
                (Source::Capture(choice), Some((conns, end_us, cap))) => {
                    Some((choice.clone(), conns, end_us, cap))
                }
                _ => None,
            };
            let job = run_job(&request, move |reply| {
                if let (Reply::Error { message }, Some((choice, conns, end_us, cap))) =
                    (&reply, &again)
                {
                    phase2.set(Phase::Picking {
                        file: choice.file.clone(),
                        conns: conns.clone(),
                        end_us: *end_us,
                        cap: *cap,
                        refused: Some(Rc::new(Refused {
                            conns: choice.conns.clone(),
                            range: choice.range,
                            why: message.clone(),
                        })),
                    });
                    return true;
                }
                if let Some(done) = progress_or_error(&reply, &name2, lang, &phase2) {
                    return done;
                }
                if reply.is_part() {
                    return reader2.push(reply);
                }
                finish(Err(t(lang, T::WorkerOtherJob).to_owned()), target());
                true
            });
            if let Ok(job) = &job {
                reader.reads_for(job);
            }
            started(&name, job);
        })
    };
    let extract = {
        let read = read.clone();
        Callback::from(move |job: Extraction| read.emit(Source::Capture(job)))
    };
    // "Draw them": the choice is read, and the picker's capture kept while it is.
    let draw = {
        let (phase, picked, extract) = (phase.clone(), picked.clone(), extract.clone());
        Callback::from(move |job: Extraction| {
            if let Phase::Picking {
                conns, end_us, cap, ..
            } = &*phase
            {
                *picked.borrow_mut() = Some((conns.clone(), *end_us, *cap));
            }
            extract.emit(job)
        })
    };

    // First pass: find the connections (or read a Trace JSON at once).
    let open = {
        let phase = phase.clone();
        let extract = extract.clone();
        let work = work.clone();
        Callback::from(move |file: web_sys::File| {
            work.borrow_mut().stop();
            let name = file.name();
            if is_json(&name) {
                read.emit(Source::Json(file));
                return;
            }
            phase.set(Phase::Reading {
                name: name.clone(),
                done: 0.0,
                total: file.size(),
                pass: 1,
            });
            let request = Request::Index {
                file: file.clone(),
                lang: lang.tag().to_owned(),
            };
            let phase2 = phase.clone();
            let extract = extract.clone();
            let name2 = name.clone();
            let job = run_job(&request, move |reply| {
                if let Some(done) = progress_or_error(&reply, &name2, lang, &phase2) {
                    return done;
                }
                let Reply::Index {
                    end_us,
                    max_segments: cap,
                    conns,
                    ..
                } = reply
                else {
                    phase2.set(failed(lang, &name2, t(lang, T::WorkerOtherJob)));
                    return true;
                };
                let packets: u64 = conns.iter().map(|c| c.packets).sum();
                match conns.len() {
                    0 => phase2.set(failed(lang, &name2, t(lang, T::NoPackets))),
                    // Once this job has ended (after this reply), so that the second pass
                    // takes its worker, which has its wasm running already (unless the
                    // index left it heavy: `Reply::Heavy`).
                    1 if packets <= cap => {
                        let (extract, file) = (extract.clone(), file.clone());
                        wasm_bindgen_futures::spawn_local(async move {
                            extract.emit(Extraction {
                                file,
                                conns: Vec::new(),
                                range: Range::default(),
                            })
                        });
                    }
                    _ => phase2.set(Phase::Picking {
                        file: file.clone(),
                        conns: Rc::new(conns),
                        end_us,
                        cap,
                        refused: None,
                    }),
                }
                true
            });
            started(&name, job);
        })
    };

    let stop = {
        let phase = phase.clone();
        Callback::from(move |()| {
            work.borrow_mut().stop();
            phase.set(Phase::Idle);
        })
    };

    UseImport {
        phase: (*phase).clone(),
        open,
        extract,
        draw,
        stop,
    }
}
