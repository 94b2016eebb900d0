//! The page's side of the file worker (`files.rs`): a worker per job, kept for a few
//! seconds after a job that ended well, so that the next job (a capture's second pass, an
//! export right after) skips starting a worker and compiling its wasm.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::files::worker_url;
use crate::ui::{t, tf, T};
use crate::worker_msg::{Reply, Request};

type Handler = Closure<dyn FnMut(web_sys::MessageEvent)>;
type ErrorHandler = Closure<dyn FnMut(web_sys::Event)>;
type Slot = Rc<RefCell<Option<(Handler, ErrorHandler)>>>;

/// A job's worker, to stop it before it is done, or tell it how the page is getting on.
#[derive(Clone)]
pub struct Job {
    cancel: Rc<dyn Fn()>,
    worker: web_sys::Worker,
    ended: Rc<Cell<bool>>,
}

impl Job {
    /// Ends the worker at once and `on` hears nothing more; nothing once the job has ended
    /// (its worker may be doing another job by then).
    pub fn cancel(&self) {
        (self.cancel)();
    }

    /// Sends the job's worker `request` (not a job: [`Request::PartsRead`]); nothing once
    /// the job has ended.
    pub fn tell(&self, request: &Request) {
        if self.ended.get() {
            return;
        }
        if let Ok(msg) = request.to_js() {
            let _ = self.worker.post_message(&msg);
        }
    }
}

/// How long a worker whose job ended well waits for another job before it ends.
const SPARE_MS: i32 = 10_000;

thread_local! {
    /// The worker kept after a job that ended well, with the number of its keeping.
    static SPARE: RefCell<Option<(web_sys::Worker, u32)>> = const { RefCell::new(None) };
    static KEPT: Cell<u32> = const { Cell::new(0) };
}

/// The spare worker, if one waits: it has loaded its wasm and takes a job at once.
fn take_spare() -> Option<web_sys::Worker> {
    SPARE.with(|s| s.borrow_mut().take()).map(|(w, _)| w)
}

/// The spare worker, given `msg`, if one waits and takes it (one that does not is ended).
fn spare_taking(msg: &JsValue) -> Option<web_sys::Worker> {
    let w = take_spare()?;
    if w.post_message(msg).is_ok() {
        Some(w)
    } else {
        w.terminate();
        None
    }
}

/// Keeps `worker` (idle, its handlers removed) for the next job, ending the one kept before;
/// it ends after [`SPARE_MS`] if no job takes it.
fn keep_spare(worker: web_sys::Worker) {
    let n = KEPT.with(|k| {
        k.set(k.get().wrapping_add(1));
        k.get()
    });
    if let Some((old, _)) = SPARE.with(|s| s.borrow_mut().replace((worker, n))) {
        old.terminate();
    }
    let expire = Closure::once_into_js(move || {
        let stale = SPARE.with(|s| {
            let mut s = s.borrow_mut();
            match s.as_ref() {
                Some((_, kept)) if *kept == n => s.take().map(|(w, _)| w),
                _ => None,
            }
        });
        if let Some(w) = stale {
            w.terminate();
        }
    });
    let set = web_sys::window().map(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(expire.unchecked_ref(), SPARE_MS)
    });
    if !matches!(set, Some(Ok(_))) {
        // No timer to end it later: no spare.
        if let Some(w) = take_spare() {
            w.terminate();
        }
    }
}

/// Starts a worker (or takes the spare one), sends it `request` once it is ready, and
/// passes every reply it sends back to `on`, until `on` returns true (the job is done);
/// then the worker is kept as the spare if the job ended well (its last reply one that
/// leaves it idle, [`Reply::ends_job_well`]) and the worker did not say it grew heavy
/// ([`Reply::Heavy`]), and ends otherwise. A reply the page cannot read, a refused job or a worker that fails
/// to start reach `on` as [`Reply::Error`], in the request's language.
pub fn run_job(request: &Request, on: impl FnMut(Reply) -> bool + 'static) -> Result<Job, JsValue> {
    run_boxed(request, Box::new(on))
}

/// [`run_job`], once for every caller's `on` (the page's wasm holds one copy).
fn run_boxed(request: &Request, on: Box<dyn FnMut(Reply) -> bool>) -> Result<Job, JsValue> {
    let lang = request.lang();
    let msg = request.to_js().map_err(|e| JsValue::from_str(&e))?;
    // A spare worker said it was ready long ago: it takes the job at once (its replies
    // come in a later task, once the handlers below are set).
    let worker = match spare_taking(&msg) {
        Some(w) => w,
        None => web_sys::Worker::new(&worker_url())?,
    };
    let slot: Slot = Rc::new(RefCell::new(None));
    let on = Rc::new(RefCell::new(on));
    // Once the job ended, the worker may serve another: ending this job again (a cancel
    // after it finished) must not touch it.
    let ended = Rc::new(Cell::new(false));
    let finish = {
        let worker = worker.clone();
        let slot = slot.clone();
        let ended = ended.clone();
        move |keep: bool| {
            if ended.replace(true) {
                return;
            }
            worker.set_onmessage(None);
            worker.set_onerror(None);
            if keep {
                keep_spare(worker.clone());
            } else {
                worker.terminate();
            }
            // Dropping the handlers from inside one of them waits for the next turn.
            let slot = slot.clone();
            gloo_timers::callback::Timeout::new(0, move || drop(slot.borrow_mut().take())).forget();
        }
    };
    // The worker grew past what a spare may hold ([`Reply::Heavy`]).
    let heavy = Cell::new(false);
    let handler = {
        let on = on.clone();
        let finish = finish.clone();
        let worker = worker.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let reply = Reply::from_js(e.data()).unwrap_or_else(|why| {
                Reply::error(tf(lang, T::WorkerUnreadableReply, &[("why", &why)]))
            });
            // The worker says "ready" once its wasm runs: only then can it take the job.
            if matches!(reply, Reply::Ready) {
                if worker.post_message(&msg).is_err() {
                    (on.borrow_mut())(Reply::error(t(lang, T::WorkerRefusedJob)));
                    finish(false);
                }
                return;
            }
            if matches!(reply, Reply::Heavy) {
                heavy.set(true);
                return;
            }
            let idle = reply.ends_job_well() && !heavy.get();
            if (on.borrow_mut())(reply) {
                finish(idle);
            }
        })
    };
    // The worker's script failed to load or crashed: report it as the job's error.
    let stop = finish.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        (on.borrow_mut())(Reply::error(t(lang, T::WorkerStopped)));
        stop(false);
    });
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    *slot.borrow_mut() = Some((handler, on_error));
    Ok(Job {
        cancel: Rc::new(move || finish(false)),
        worker,
        ended,
    })
}
