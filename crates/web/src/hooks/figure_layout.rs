//! The figure's layout, made again for a new run, numbering, language or figure (the
//! compact one on phones). A new run's is made at once, unless it came laid out ahead
//! ([`Laid`]: a long run, a big capture). The same run of more than [`SLICED_FROM`]
//! segments in other options is laid out between frames ([`LayoutJob`]): the figure in
//! the old options stays on screen meanwhile, with a note, rather than the page answering
//! no input for half a second (100,000 segments).

use std::cell::RefCell;
use std::rc::Rc;

use wiretrace_core::Trace;
use wiretrace_diagram::layout::{layout, Layout, Options};
use yew::prelude::*;

use crate::layout_job::{LayoutJob, SLICED_FROM};
use crate::shared::Shared;
use crate::state::Laid;
use crate::texts;

/// What a layout was made for: the run, the options, the texts' generation.
type Key = (u32, Options, u32);

/// The layout drawn last, and what it was made for.
type Drawn = Rc<RefCell<Option<(Key, Rc<Layout>)>>>;

/// The layout under way between frames, and what for.
type Job = Rc<RefCell<Option<(Key, LayoutJob)>>>;

/// The figure to draw, and whether it is being laid out again in other options (the
/// figure given is then the one in the old options).
pub struct FigureLayout {
    pub layout: Shared<Layout>,
    pub relaying: bool,
}

/// The layout of run `run` of `trace` with `opts` (see the module's notes); `laid` is the
/// model's figure of that run laid out ahead, if any.
#[hook]
pub fn use_figure_layout(
    trace: &Shared<Trace>,
    run: u32,
    opts: Options,
    laid: Option<Laid>,
) -> FigureLayout {
    let key: Key = (run, opts, texts::generation());
    let drawn: Drawn = use_mut_ref(|| None);
    // Relaying is having a job: it draws the page again when it is done.
    let job: Job = use_mut_ref(|| None);
    let redraw = use_force_update();
    {
        // The job holds its own cell (its result goes there): dropped with the page.
        let job = job.clone();
        use_effect_with((), move |_| move || drop(job.borrow_mut().take()));
    }
    // A new run laid out ahead is the figure of that run, whatever its options: if they
    // changed meanwhile, it stays on screen while the run is laid out again in slices.
    let new_run = drawn.borrow().as_ref().is_none_or(|(k, _)| k.0 != run);
    if let Some(l) = laid.as_ref().filter(|_| new_run) {
        *drawn.borrow_mut() = Some(((run, l.opts, l.texts), l.layout.clone()));
    }

    let current = drawn.borrow().as_ref().map(|(k, l)| (*k, l.clone()));
    let layout = match current {
        Some((k, l)) if k == key => {
            job.borrow_mut().take();
            l
        }
        // The same run in other options: the old figure stays while the new one is made.
        Some((k, l)) if k.0 == run && trace.segments.len() > SLICED_FROM && !ready(&laid, key) => {
            let running = job.borrow().as_ref().is_some_and(|(k, _)| *k == key);
            if running || relay(trace.0.clone(), key, &drawn, &job, &redraw) {
                l
            } else {
                lay_out_now(trace, key, &laid, &drawn, &job)
            }
        }
        _ => lay_out_now(trace, key, &laid, &drawn, &job),
    };
    let relaying = job.borrow().is_some();
    FigureLayout {
        layout: Shared::from(layout),
        relaying,
    }
}

/// True when `laid` (the run on screen's) is the figure of `key`.
fn ready(laid: &Option<Laid>, key: Key) -> bool {
    laid.as_ref()
        .is_some_and(|l| (l.opts, l.texts) == (key.1, key.2))
}

/// The layout of `key` now: the one laid out ahead if it is that, else made at once.
fn lay_out_now(
    trace: &Shared<Trace>,
    key: Key,
    laid: &Option<Laid>,
    drawn: &Drawn,
    job: &Job,
) -> Rc<Layout> {
    job.borrow_mut().take();
    let made = match laid {
        Some(l) if ready(laid, key) => l.layout.clone(),
        _ => Rc::new(layout(trace, &key.1)),
    };
    *drawn.borrow_mut() = Some((key, made.clone()));
    made
}

/// Starts laying out `key` between frames; when it is done, it becomes the layout drawn and
/// the page draws again. False if it could not start.
fn relay(
    trace: Rc<Trace>,
    key: Key,
    drawn: &Drawn,
    job: &Job,
    redraw: &UseForceUpdateHandle,
) -> bool {
    let done = {
        let (drawn, job, redraw) = (drawn.clone(), job.clone(), redraw.clone());
        move |layout: Layout| {
            *drawn.borrow_mut() = Some((key, Rc::new(layout)));
            job.borrow_mut().take();
            redraw.force_update();
        }
    };
    match LayoutJob::start(trace, key.1, |_| {}, done) {
        Ok(j) => {
            *job.borrow_mut() = Some((key, j));
            true
        }
        Err(_) => false,
    }
}
