//! The figure of a long run laid out between frames. Laying out 100,000 segments takes
//! about half a second in wasm: done at once, the page would answer no input for that
//! long. [`LayoutJob`] runs the layout's [`Slices`] a few milliseconds at a time, each
//! slice a task of its own (posted through a `MessageChannel`, which, unlike a timer,
//! adds no delay between them), so the browser draws frames and answers input in between.
//! The run on screen stays until the new figure is ready (`Laid`, handed to the reducer
//! with the new Trace). Dropping the job, or [`LayoutJob::cancel`], drops the work.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wiretrace_core::Trace;
use wiretrace_diagram::layout::{Layout, Options, Slices};

use crate::state::Laid;
use crate::texts;

/// How long one slice may run, in milliseconds: about a frame. Between two slices the
/// browser answers input and draws a frame if one is due; shorter slices draw more frames
/// and take longer in all (the 100k run: 0.97 s in slices of 10 ms, 0.81 s in 16).
pub const SLICE_MS: f64 = 16.0;

/// Runs with more segments than this are laid out in slices by the page (the layout of
/// fewer takes less than a frame or two).
pub const SLICED_FROM: usize = 4_000;

type Handler = Closure<dyn FnMut(web_sys::MessageEvent)>;

/// What a job holds while it runs.
struct Running {
    slices: Slices,
    /// The layout, once made: handed over in a task of its own, as the page's render of
    /// the new run is long enough on its own.
    made: Option<Layout>,
    /// Posted to once per slice; the next slice runs when it arrives at the other port.
    port: web_sys::MessagePort,
    on_progress: Box<dyn Fn(f32)>,
    on_done: Box<dyn FnOnce(Layout)>,
}

/// A layout under way. Dropping it cancels it.
pub struct LayoutJob {
    running: Rc<RefCell<Option<Running>>>,
    /// The port the slices arrive at, and its handler (kept alive while the job runs).
    receiver: Rc<RefCell<Option<(web_sys::MessagePort, Handler)>>>,
}

impl LayoutJob {
    /// Starts laying out `trace`: `on_progress` hears how far it got (0 to 1) after every
    /// slice, `on_done` gets the layout once. Both are called from a task of their own,
    /// never from inside `start`.
    pub fn start(
        trace: Rc<Trace>,
        opts: Options,
        on_progress: impl Fn(f32) + 'static,
        on_done: impl FnOnce(Layout) + 'static,
    ) -> Result<LayoutJob, JsValue> {
        LayoutJob::boxed(trace, opts, Box::new(on_progress), Box::new(on_done))
    }

    /// [`LayoutJob::start`], not generic: one copy of its code whatever the callbacks are.
    fn boxed(
        trace: Rc<Trace>,
        opts: Options,
        on_progress: Box<dyn Fn(f32)>,
        on_done: Box<dyn FnOnce(Layout)>,
    ) -> Result<LayoutJob, JsValue> {
        let channel = web_sys::MessageChannel::new()?;
        let slice_start = Rc::new(std::cell::Cell::new(0.0));
        let due = {
            let slice_start = slice_start.clone();
            move || js_sys::Date::now() - slice_start.get() >= SLICE_MS
        };
        let running = Rc::new(RefCell::new(Some(Running {
            slices: Slices::new(trace, opts, due),
            made: None,
            port: channel.port2(),
            on_progress,
            on_done,
        })));
        let receiver = Rc::new(RefCell::new(None));
        let handler: Handler = {
            let running = running.clone();
            let receiver = receiver.clone();
            Closure::new(move |_: web_sys::MessageEvent| {
                slice_start.set(js_sys::Date::now());
                // The callbacks are called with nothing borrowed: they may cancel the job.
                let mut slot = running.borrow_mut();
                let Some(job) = slot.as_mut() else { return };
                if job.made.is_some() {
                    let job = slot.take();
                    drop(slot);
                    close(&receiver);
                    if let Some(Running {
                        made: Some(layout),
                        on_done,
                        ..
                    }) = job
                    {
                        on_done(layout);
                    }
                    return;
                }
                job.made = job.slices.resume();
                let done = job.slices.done();
                let posted = job.port.post_message(&JsValue::NULL);
                drop(slot);
                if posted.is_err() {
                    running.borrow_mut().take();
                    close(&receiver);
                    return;
                }
                if let Some(job) = running.borrow().as_ref() {
                    (job.on_progress)(done);
                }
            })
        };
        let port1 = channel.port1();
        port1.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        *receiver.borrow_mut() = Some((port1, handler));
        channel.port2().post_message(&JsValue::NULL)?;
        Ok(LayoutJob { running, receiver })
    }

    /// Ends the job: its callbacks are not called.
    pub fn cancel(&self) {
        self.running.borrow_mut().take();
        close(&self.receiver);
    }
}

impl Drop for LayoutJob {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Lays `trace` out in slices with `opts`, then hands the figure to `hand` as a [`Laid`]
/// (with the texts installed now); if the job cannot start, hands `None` at once (the
/// page then lays the run out itself). The job, to keep while it runs.
pub fn lay_out(
    trace: Rc<Trace>,
    opts: Options,
    on_progress: impl Fn(f32) + 'static,
    hand: impl Fn(Option<Laid>) + 'static,
) -> Option<LayoutJob> {
    let hand = Rc::new(hand);
    let (texts, hand2) = (texts::generation(), hand.clone());
    let done = move |layout| {
        hand2(Some(Laid {
            opts,
            texts,
            layout: Rc::new(layout),
        }))
    };
    match LayoutJob::start(trace, opts, on_progress, done) {
        Ok(job) => Some(job),
        Err(_) => {
            hand(None);
            None
        }
    }
}

/// Closes the port the slices arrive at. Its handler may be the caller: it is dropped on
/// the next turn, not from inside itself.
fn close(receiver: &Rc<RefCell<Option<(web_sys::MessagePort, Handler)>>>) {
    let Some((port, handler)) = receiver.borrow_mut().take() else {
        return;
    };
    port.set_onmessage(None);
    port.close();
    gloo_timers::callback::Timeout::new(0, move || drop(handler)).forget();
}
