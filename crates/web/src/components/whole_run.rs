//! The rest of a run the page cut at its own cap ([`crate::whole_run`]): the file worker
//! runs it whole while this bar shows how far it got, with a Stop button; the page then
//! lays its figure out between frames ([`LayoutJob`]), and the whole run replaces the cut
//! one at the same step. Stopped, the cut run stays on screen.

use std::cell::RefCell;
use std::rc::Rc;

use wiretrace_core::i18n::Lang;
use wiretrace_core::Trace;
use wiretrace_diagram::layout::Options;
use yew::prelude::*;

use crate::layout_job;
use crate::shared::Shared;
use crate::state::{Action, Laid, Origin};
use crate::ui::{grouped, t, tf, T};
use crate::whole_run::{needs_whole, Read, Reader, Work, PAGE_SEGMENTS, RUN_SEGMENTS};
use crate::worker_client::run_job;
use crate::worker_msg::{Reply, Request};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// The figure on screen: the whole run's is laid out with these options.
    pub figure: Options,
    /// The run on screen ([`crate::state::Model::run`]).
    pub run: u32,
    /// Compared by pointer: a step must not compare the whole Trace.
    pub trace: Shared<Trace>,
    pub origin: Origin,
    /// Predict mode is on: its rounds stay as the page ran them.
    pub quiz: bool,
    pub on: Callback<Action>,
}

/// Where the rest of the run is.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    /// The worker runs it: segments so far.
    Running(usize),
    /// The page reads its parts: segments read so far, of how many.
    Reading(usize, usize),
    /// The page lays out the figure of this many segments: how far it got, 0 to 1.
    Laying(usize, f32),
    Stopped,
    Failed(String),
}

/// The phase a failure leaves: why, in the page's words.
fn failed(lang: Lang, why: &str) -> Phase {
    Phase::Failed(tf(lang, T::WholeRunFailed, &[("why", why)]))
}

/// What one reply of the worker does (a part goes to `reader`); true when the job is over.
fn on_reply(reply: Reply, reader: &Reader, phase: &UseStateHandle<Phase>, lang: Lang) -> bool {
    if reply.is_part() {
        return reader.push(reply);
    }
    match reply {
        Reply::Progress { done, .. } => {
            phase.set(Phase::Running(done as usize));
            false
        }
        Reply::Error { message } => {
            phase.set(failed(lang, &message));
            true
        }
        _ => {
            phase.set(failed(lang, t(lang, T::WorkerOtherJob)));
            true
        }
    }
}

/// Lays out the whole run's figure between frames, then hands the run to `on` with it
/// (without it if the layout cannot start: the page lays it out at once).
fn lay_out_whole(
    trace: Trace,
    run: u32,
    figure: Options,
    phase: &UseStateHandle<Phase>,
    work: &Rc<RefCell<Work>>,
    on: &Callback<Action>,
) {
    let trace = Rc::new(trace);
    let finish = {
        let (phase, on, trace) = (phase.clone(), on.clone(), trace.clone());
        move |laid: Option<Laid>| {
            phase.set(Phase::Idle);
            on.emit(Action::WholeRun {
                run,
                trace: trace.clone(),
                laid,
            });
        }
    };
    let n = trace.segments.len();
    phase.set(Phase::Laying(n, 0.0));
    let progress = {
        let phase = phase.clone();
        move |done: f32| phase.set(Phase::Laying(n, done))
    };
    let laying = layout_job::lay_out(trace, figure, progress, finish);
    work.borrow_mut().laying = laying;
}

#[component]
pub fn WholeRun(p: &Props) -> Html {
    let phase = use_state(|| Phase::Idle);
    let work = use_mut_ref(Work::default);
    // The figure on screen when the run comes (the options may change while it runs).
    let figure = use_mut_ref(|| p.figure);
    *figure.borrow_mut() = p.figure;
    {
        let (phase, work, on, lang, run) =
            (phase.clone(), work.clone(), p.on.clone(), p.lang, p.run);
        let wanted = match &p.origin {
            Origin::Scenario { id, params } if !p.quiz && needs_whole(&p.trace) => {
                Some((id.clone(), params.clone()))
            }
            _ => None,
        };
        // The previous run's work was stopped by this effect's cleanup.
        use_effect_with(run, move |_| {
            match wanted {
                None => phase.set(Phase::Idle),
                Some((id, params)) => {
                    let request = Request::Run {
                        id,
                        params,
                        max_segments: RUN_SEGMENTS as u64,
                        lang: lang.tag().to_owned(),
                    };
                    phase.set(Phase::Running(PAGE_SEGMENTS));
                    let read = {
                        let (phase, work) = (phase.clone(), work.clone());
                        move |read: Read| match read {
                            Read::Part { read, of } => phase.set(Phase::Reading(read, of)),
                            Read::Done(trace) => {
                                let figure = *figure.borrow();
                                lay_out_whole(*trace, run, figure, &phase, &work, &on);
                            }
                            Read::Failed(why) => phase.set(failed(lang, &why)),
                        }
                    };
                    let started = Reader::new(read).map(Rc::new).and_then(|reader| {
                        let (reader2, phase2) = (reader.clone(), phase.clone());
                        let job = run_job(&request, move |reply| {
                            on_reply(reply, &reader2, &phase2, lang)
                        })?;
                        reader.reads_for(&job);
                        Ok((job, reader))
                    });
                    match started {
                        Ok((job, reader)) => {
                            let mut w = work.borrow_mut();
                            w.job = Some(job);
                            w.reader = Some(reader);
                        }
                        Err(_) => phase.set(failed(lang, t(lang, T::WorkerFailed))),
                    }
                }
            }
            move || work.borrow_mut().stop()
        });
    }
    let stop = {
        let (phase, work) = (phase.clone(), work.clone());
        Callback::from(move |_: MouseEvent| {
            work.borrow_mut().stop();
            phase.set(Phase::Stopped);
        })
    };
    let lang = p.lang;
    let cap = grouped(PAGE_SEGMENTS);
    let bar = |text: String, done: f64, max: f64| {
        html! {
            <div class="whole-run" role="status" data-testid="whole-run">
                <label>
                    { text }
                    <progress max={max.to_string()} value={done.to_string()}></progress>
                </label>
                <button type="button" class="btn btn-small" onclick={stop.clone()}>
                    { t(lang, T::WholeRunStop) }
                </button>
            </div>
        }
    };
    match &*phase {
        Phase::Idle => html! {},
        // How long the run is shows only at its end: the bar fills towards the cap.
        Phase::Running(n) => bar(
            tf(
                lang,
                T::WholeRunRunning,
                &[
                    ("cap", &cap),
                    ("n", &grouped(*n)),
                    ("max", &grouped(RUN_SEGMENTS)),
                ],
            ),
            *n as f64,
            RUN_SEGMENTS as f64,
        ),
        Phase::Reading(n, of) => bar(
            tf(
                lang,
                T::WholeRunReading,
                &[("n", &grouped(*n)), ("of", &grouped(*of))],
            ),
            *n as f64,
            (*of).max(*n).max(1) as f64,
        ),
        Phase::Laying(n, done) => bar(
            tf(
                lang,
                T::WholeRunLaying,
                &[
                    ("n", &grouped(*n)),
                    ("pct", &format!("{:.0}", done * 100.0)),
                ],
            ),
            f64::from(*done),
            1.0,
        ),
        Phase::Stopped => html! {
            <p class="whole-run" role="status" data-testid="whole-run">
                { tf(lang, T::WholeRunStopped, &[("cap", &cap)]) }
            </p>
        },
        Phase::Failed(msg) => html! {
            <p class="whole-run whole-run-failed" role="alert" data-testid="whole-run">{ msg.clone() }</p>
        },
    }
}
