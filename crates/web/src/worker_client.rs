//! The page's side of the file worker (`files.rs`): one short-lived worker per job.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::files::worker_url;
use crate::ui::{t, tf, T};
use crate::worker_msg::{Reply, Request};

type Handler = Closure<dyn FnMut(web_sys::MessageEvent)>;
type ErrorHandler = Closure<dyn FnMut(web_sys::Event)>;
type Slot = Rc<RefCell<Option<(Handler, ErrorHandler)>>>;

/// A job's worker, to stop it before it is done.
#[derive(Clone)]
pub struct Job(Rc<dyn Fn()>);

impl Job {
    /// Ends the worker at once; `on` hears nothing more.
    pub fn cancel(&self) {
        (self.0)();
    }
}

/// Starts a worker, sends it `request` once it is ready, and passes every reply it sends
/// back to `on`, until `on` returns true (the job is done); then the worker ends. A reply
/// the page cannot read, a refused job or a worker that fails to start reach `on` as
/// [`Reply::Error`], in the request's language.
pub fn run_job(request: &Request, on: impl FnMut(Reply) -> bool + 'static) -> Result<Job, JsValue> {
    let lang = request.lang();
    let msg = request.to_js().map_err(|e| JsValue::from_str(&e))?;
    let worker = web_sys::Worker::new(&worker_url())?;
    let slot: Slot = Rc::new(RefCell::new(None));
    let on = Rc::new(RefCell::new(on));
    let finish = {
        let worker = worker.clone();
        let slot = slot.clone();
        move || {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
            // Dropping the handlers from inside one of them waits for the next turn.
            let slot = slot.clone();
            gloo_timers::callback::Timeout::new(0, move || drop(slot.borrow_mut().take())).forget();
        }
    };
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
                    finish();
                }
                return;
            }
            if (on.borrow_mut())(reply) {
                finish();
            }
        })
    };
    // The worker's script failed to load or crashed: report it as the job's error.
    let stop = finish.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        (on.borrow_mut())(Reply::error(t(lang, T::WorkerStopped)));
        stop();
    });
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    *slot.borrow_mut() = Some((handler, on_error));
    Ok(Job(Rc::new(finish)))
}
