//! Work done between frames. A [`Pump`] calls its work over and over, a slice of
//! [`SLICE_MS`] at a time (a call is made only if one as long as the slice's longest so far
//! still fits), each slice a task of its own posted through a `MessageChannel`
//! (which, unlike a chain of timers, adds no delay between them). Only one task is ever
//! waiting, so the browser draws a frame and answers input between two slices: work that
//! comes in a burst (a worker's messages, each a part to read) no longer runs back to back
//! for a second without a frame. The layout of a long run ([`crate::layout_job`]) and the
//! parts of a Trace ([`crate::whole_run::Reader`]) go through it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// How long one slice may run, in milliseconds: about a frame. Shorter slices draw more
/// frames and take longer in all (the 100k run's layout: 0.97 s in slices of 10 ms, 0.81 s
/// in 16).
pub const SLICE_MS: f64 = 16.0;

/// What the work says after a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Call again, in this slice if its time lasts.
    More,
    /// Call again in the next slice (this call used the slice's time, or what it did
    /// should be drawn before the next).
    Yield,
    /// Nothing to do until [`Pump::wake`].
    Idle,
}

type Handler = Closure<dyn FnMut(web_sys::MessageEvent)>;
type Work = Box<dyn FnMut() -> Next>;

struct Inner {
    /// The work; out of its cell while it runs, `None` for good once stopped.
    work: RefCell<Option<Work>>,
    stopped: Cell<bool>,
    /// A slice is waiting to run.
    scheduled: Cell<bool>,
    /// Posted to once per slice; the slice runs when it arrives at the other port.
    port: web_sys::MessagePort,
    /// The port the slices arrive at, and its handler.
    receiver: RefCell<Option<(web_sys::MessagePort, Handler)>>,
}

/// Work run in slices between frames. Dropping it stops it.
pub struct Pump(Rc<Inner>);

impl Pump {
    /// A pump for `work`, idle until [`Pump::wake`].
    pub fn new(work: impl FnMut() -> Next + 'static) -> Result<Pump, JsValue> {
        let channel = web_sys::MessageChannel::new()?;
        let inner = Rc::new(Inner {
            work: RefCell::new(Some(Box::new(work))),
            stopped: Cell::new(false),
            scheduled: Cell::new(false),
            port: channel.port2(),
            receiver: RefCell::new(None),
        });
        // The handler holds the pump weakly: dropping the pump ends it.
        let weak = Rc::downgrade(&inner);
        let handler: Handler = Closure::new(move |_: web_sys::MessageEvent| {
            if let Some(inner) = weak.upgrade() {
                run_slice(&inner);
            }
        });
        let port1 = channel.port1();
        port1.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        *inner.receiver.borrow_mut() = Some((port1, handler));
        Ok(Pump(inner))
    }

    /// Runs the work in the next slice, unless one is waiting already.
    pub fn wake(&self) {
        wake(&self.0);
    }

    /// Ends the work: it is not called again (the call under way, if any, ends first).
    pub fn stop(&self) {
        stop(&self.0);
    }
}

impl Drop for Pump {
    fn drop(&mut self) {
        stop(&self.0);
    }
}

fn wake(inner: &Inner) {
    if inner.stopped.get() || inner.scheduled.replace(true) {
        return;
    }
    if inner.port.post_message(&JsValue::NULL).is_err() {
        stop(inner);
    }
}

fn stop(inner: &Inner) {
    if inner.stopped.replace(true) {
        return;
    }
    // Out of its cell while it runs: then it is dropped when the call returns.
    if let Ok(mut work) = inner.work.try_borrow_mut() {
        work.take();
    }
    if let Some((port, handler)) = inner.receiver.borrow_mut().take() {
        port.set_onmessage(None);
        port.close();
        // The handler may be the caller: it goes once the call stack is empty, not from
        // inside itself.
        wasm_bindgen_futures::spawn_local(async move { drop(handler) });
    }
}

/// One slice: the work, called while it has more to do and the slice's time lasts.
fn run_slice(inner: &Inner) {
    inner.scheduled.set(false);
    let Some(mut work) = inner.work.borrow_mut().take() else {
        return;
    };
    let start = js_sys::Date::now();
    let mut before = start;
    // The longest call of this slice: another is made only if one as long still fits, so
    // that calls of 14 ms (a part of a Trace read) end a slice at 14 ms, not 28.
    let mut longest: f64 = 0.0;
    // The work is out of its cell while it runs: it may wake or stop the pump.
    let next = loop {
        let next = work();
        let now = js_sys::Date::now();
        longest = longest.max(now - before);
        before = now;
        match next {
            Next::More if !inner.stopped.get() && now - start + longest < SLICE_MS => {}
            next => break next,
        }
    };
    if inner.stopped.get() {
        return;
    }
    *inner.work.borrow_mut() = Some(work);
    if next != Next::Idle {
        wake(inner);
    }
}
