//! A long layout in slices, so that a page stays responsive while it lays out a run of a
//! hundred thousand segments (about half a second in wasm). The phases of
//! [`layout_paced`](super::layout_paced) call [`Pace::point`] between them and every few
//! hundred items inside the long ones; with [`Pace::straight`] that is nothing and
//! [`layout`](super::layout) runs through at once. [`Slices`] is the same layout stopped
//! wherever its `due` says the slice's time is up: the page resumes it between frames.
//! Nothing here knows of time or of the browser; the same input gives the same layout
//! however it is sliced.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use wiretrace_core::Trace;

use super::{layout_paced, Layout, Options};

/// Every so many items (segments, arrows, timers) a long phase may stop.
pub(crate) const ITEMS_PER_POINT: usize = 256;

/// Where a layout may stop, and how far it got.
pub(crate) struct Pace {
    /// True when the slice's time is up; `None`: never.
    due: Option<Rc<dyn Fn() -> bool>>,
    /// How far the layout got, 0 to 1.
    done: Rc<Cell<f32>>,
}

impl Pace {
    /// A pace that never stops.
    pub(crate) fn straight() -> Pace {
        Pace {
            due: None,
            done: Rc::default(),
        }
    }

    /// At item `k` of `n` of a long phase that takes the layout from `span.0` to `span.1`
    /// of the way: a [`Pace::point`] every [`ITEMS_PER_POINT`] items.
    pub(crate) async fn item(&self, k: usize, n: usize, span: (f32, f32)) {
        if k % ITEMS_PER_POINT == 0 {
            let f = k as f32 / n.max(1) as f32;
            self.point(span.0 + (span.1 - span.0) * f).await;
        }
    }

    /// Notes that the layout got as far as `done` (0 to 1), and stops there if the
    /// slice's time is up.
    pub(crate) async fn point(&self, done: f32) {
        self.done.set(done);
        if self.due.as_ref().is_some_and(|due| due()) {
            StopOnce(false).await;
        }
    }
}

/// A future that is pending once: the layout stops, and goes on when polled again.
struct StopOnce(bool);

impl Future for StopOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

/// Polls a layout once, with no waker: the caller decides when to go on.
fn poll_once(f: Pin<&mut (dyn Future<Output = Layout> + '_)>) -> Poll<Layout> {
    f.poll(&mut Context::from_waker(Waker::noop()))
}

/// Runs a layout that never stops to the end.
pub(crate) fn run_straight(f: impl Future<Output = Layout>) -> Layout {
    let mut f = std::pin::pin!(f);
    loop {
        if let Poll::Ready(l) = poll_once(f.as_mut()) {
            return l;
        }
    }
}

/// A layout made in slices: each [`Slices::resume`] goes on until `due` says the slice's
/// time is up (checked between phases and every few hundred arrows), and the last one
/// gives the layout. Dropping it drops the work.
pub struct Slices {
    /// The layout under way; `None` once it gave its result.
    work: Option<Pin<Box<dyn Future<Output = Layout>>>>,
    done: Rc<Cell<f32>>,
}

impl Slices {
    /// Starts laying out `trace` (nothing is done before the first [`Slices::resume`]).
    pub fn new(trace: Rc<Trace>, opts: Options, due: impl Fn() -> bool + 'static) -> Slices {
        Slices::due(trace, opts, Rc::new(due))
    }

    /// [`Slices::new`], not generic: one copy of the layout's future whatever `due` is.
    fn due(trace: Rc<Trace>, opts: Options, due: Rc<dyn Fn() -> bool>) -> Slices {
        let done = Rc::new(Cell::new(0.0));
        let pace = Pace {
            due: Some(due),
            done: done.clone(),
        };
        let work = Box::pin(async move { layout_paced(&trace, &opts, &pace).await });
        Slices {
            work: Some(work),
            done,
        }
    }

    /// Lays out one more slice: the layout once it is complete, else `None` (and `None`
    /// again after the layout was given).
    pub fn resume(&mut self) -> Option<Layout> {
        let work = self.work.as_mut()?;
        match poll_once(work.as_mut()) {
            Poll::Ready(l) => {
                self.work = None;
                self.done.set(1.0);
                Some(l)
            }
            Poll::Pending => None,
        }
    }

    /// How far the layout got, 0 to 1.
    pub fn done(&self) -> f32 {
        self.done.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layout;
    use std::cell::Cell;
    use wiretrace_core::scenario;

    #[test]
    fn a_layout_in_slices_is_the_layout_at_once() {
        let params = [("body_bytes", "400000"), ("mss", "536")];
        let trace = Rc::new(scenario::run_with("big-response", &params).unwrap());
        assert!(trace.segments.len() > 1_000, "{}", trace.segments.len());
        for opts in [
            Options::default(),
            Options {
                compact: true,
                ..Options::default()
            },
        ] {
            let whole = layout(&trace, &opts);
            // Every point is the end of a slice.
            let mut slices = Slices::new(trace.clone(), opts, || true);
            let (mut resumed, mut last) = (0, 0.0);
            let sliced = loop {
                resumed += 1;
                if let Some(l) = slices.resume() {
                    break l;
                }
                assert!(slices.done() >= last, "progress went back");
                last = slices.done();
            };
            assert!(resumed > 10, "{resumed} slices");
            assert!(last > 0.9 && last < 1.0, "progress before the end: {last}");
            assert_eq!(slices.done(), 1.0);
            assert!(sliced == whole, "the sliced layout differs");
            assert!(slices.resume().is_none(), "a layout is given once");
        }
    }

    #[test]
    fn a_slice_ends_only_when_its_time_is_up() {
        let trace = Rc::new(scenario::run_with("browse", &[]).unwrap());
        let asked = Rc::new(Cell::new(0));
        let asked2 = asked.clone();
        let mut slices = Slices::new(trace.clone(), Options::default(), move || {
            asked2.set(asked2.get() + 1);
            false
        });
        let l = slices
            .resume()
            .expect("a slice that is never due runs to the end");
        assert!(asked.get() > 5, "asked {} times", asked.get());
        assert!(l == layout(&trace, &Options::default()));
    }
}
