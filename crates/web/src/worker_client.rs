//! The page's side of the file worker (`files.rs`): one short-lived worker per job.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Object;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::files::WORKER_URL;

type Handler = Closure<dyn FnMut(web_sys::MessageEvent)>;
type ErrorHandler = Closure<dyn FnMut(web_sys::Event)>;
type Slot = Rc<RefCell<Option<(Handler, ErrorHandler)>>>;

/// Starts a worker, sends it `msg` once it is ready, and passes every message it sends back to `on`, until
/// `on` returns true (the job is done); then the worker ends.
pub fn run_job(msg: &Object, on: impl FnMut(JsValue) -> bool + 'static) -> Result<(), JsValue> {
    let worker = web_sys::Worker::new(WORKER_URL)?;
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
        let msg = msg.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            // The worker says "ready" once its wasm runs: only then can it take the job
            // (a message sent earlier would find no handler).
            if crate::files::field(&data, "type").as_string().as_deref() == Some("ready") {
                if worker.post_message(&msg).is_err() {
                    let err = crate::files::obj(&[
                        ("type", "error".into()),
                        ("message", "the file reader refused the job".into()),
                    ]);
                    (on.borrow_mut())(err.into());
                    finish();
                }
                return;
            }
            if (on.borrow_mut())(data) {
                finish();
            }
        })
    };
    // The worker's script failed to load or crashed: report it as the job's error.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let msg = crate::files::obj(&[
            ("type", "error".into()),
            (
                "message",
                "the file reader could not start or stopped".into(),
            ),
        ]);
        (on.borrow_mut())(msg.into());
        finish();
    });
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    *slot.borrow_mut() = Some((handler, on_error));
    Ok(())
}
