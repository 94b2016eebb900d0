//! The figure of a long run laid out between frames. Laying out 100,000 segments takes
//! about half a second in wasm: done at once, the page would answer no input for that
//! long. [`LayoutJob`] resumes the layout's [`Slices`] in the slices of a [`Pump`], so the
//! browser draws frames and answers input in between. The run on screen stays until the
//! new figure is ready (`Laid`, handed to the reducer with the new Trace). Dropping the
//! job drops the work.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wiretrace_core::Trace;
use wiretrace_diagram::layout::{Layout, Options, Slices};
use wiretrace_diagram::story::Story;

use crate::pump::{Next, Pump, SLICE_MS};
use crate::state::Laid;
use crate::texts;

/// Runs with more segments than this are laid out in slices by the page (the layout of
/// fewer takes less than a frame or two).
pub const SLICED_FROM: usize = 4_000;

/// What a job hands over: the layout, and the story if it was asked for.
type Done = Box<dyn FnOnce(Layout, Option<Story>)>;

/// A layout under way. Dropping it cancels it.
pub struct LayoutJob {
    /// Held for its `Drop`: the work stops with it.
    _pump: Pump,
}

impl LayoutJob {
    /// Starts laying out `trace`: `on_progress` hears how far it got (0 to 1) after every
    /// slice, `on_done` gets the layout once, in a slice of its own (the page's render of
    /// the new run is long enough on its own). Both are called from a task of their own,
    /// never from inside `start`.
    pub fn start(
        trace: Rc<Trace>,
        opts: Options,
        on_progress: impl Fn(f32) + 'static,
        on_done: impl FnOnce(Layout) + 'static,
    ) -> Result<LayoutJob, JsValue> {
        let on_done = Box::new(move |layout, _| on_done(layout));
        LayoutJob::boxed(trace, opts, false, Box::new(on_progress), on_done)
    }

    /// [`LayoutJob::start`] for a run new to the page: its [`Story`] is worked out too,
    /// in a slice of its own after the layout (the 1,000,000-segment run's takes about
    /// 60 ms natively, which the page's drawing of the new run would otherwise add).
    pub fn start_with_story(
        trace: Rc<Trace>,
        opts: Options,
        on_progress: impl Fn(f32) + 'static,
        on_done: impl FnOnce(Layout, Option<Story>) + 'static,
    ) -> Result<LayoutJob, JsValue> {
        LayoutJob::boxed(trace, opts, true, Box::new(on_progress), Box::new(on_done))
    }

    /// [`LayoutJob::start`], not generic: one copy of its code whatever the callbacks are.
    fn boxed(
        trace: Rc<Trace>,
        opts: Options,
        with_story: bool,
        on_progress: Box<dyn Fn(f32)>,
        on_done: Done,
    ) -> Result<LayoutJob, JsValue> {
        let slice_start = Rc::new(Cell::new(0.0));
        let due = {
            let slice_start = slice_start.clone();
            move || js_sys::Date::now() - slice_start.get() >= SLICE_MS
        };
        let mut slices = Slices::new(trace.clone(), opts, due);
        let mut made: Option<(Layout, Option<Story>)> = None;
        let mut on_done = Some(on_done);
        let pump = Pump::new(move || {
            match made.take() {
                // The layout came in the last slice: the story in this one.
                Some((layout, None)) if with_story => {
                    made = Some((layout, Some(Story::new(&trace))));
                    Next::Yield
                }
                Some((layout, story)) => {
                    if let Some(done) = on_done.take() {
                        done(layout, story);
                    }
                    Next::Idle
                }
                None => {
                    slice_start.set(js_sys::Date::now());
                    made = slices.resume().map(|layout| (layout, None));
                    on_progress(slices.done());
                    Next::Yield
                }
            }
        })?;
        pump.wake();
        Ok(LayoutJob { _pump: pump })
    }
}

/// Lays `trace` out in slices with `opts` and works out its story, then hands both to
/// `hand` as a [`Laid`] (with the texts installed now); if the job cannot start, hands
/// `None` at once (the page then lays the run out itself). The job, to keep while it
/// runs.
pub fn lay_out(
    trace: Rc<Trace>,
    opts: Options,
    on_progress: impl Fn(f32) + 'static,
    hand: impl Fn(Option<Laid>) + 'static,
) -> Option<LayoutJob> {
    let hand = Rc::new(hand);
    let (texts, hand2, of) = (texts::generation(), hand.clone(), trace.clone());
    let done = move |layout, story: Option<Story>| {
        hand2(Some(Laid {
            opts,
            texts,
            layout: Rc::new(layout),
            story: story.map(|s| (of, Rc::new(s))),
        }))
    };
    match LayoutJob::start_with_story(trace, opts, on_progress, done) {
        Ok(job) => Some(job),
        Err(_) => {
            hand(None);
            None
        }
    }
}
