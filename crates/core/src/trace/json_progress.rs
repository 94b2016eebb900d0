//! How far a Trace read from JSON got, told while it is read.
//!
//! Making a long Trace's JSON a Trace takes seconds (about 7 s in the page's worker for the
//! 1.2 GB of a million segments, once its bytes are read), and serde hands the whole Trace
//! back only at the end. The segments and the TCB samples, nearly all of such a file, are
//! read by visitors of this crate ([`super::Trace`]'s `segments`, [`super::TcbLog`]), which
//! tell a hook, if one is set, how many they have read: every [`EVERY`], and at the end
//! (unless that number was just told).
//! The page's file worker sets it once and posts each report to the page, which shows it.

use alloc::boxed::Box;
use once_cell::race::OnceBox;

/// What a Trace being read from JSON has read so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonProgress {
    /// Segments read, in order; the last report of a Trace's segments is their number.
    Segments(usize),
    /// TCB samples read (after the segments, in the CLI's JSON); the last report is their
    /// number.
    TcbSamples(usize),
}

/// Items read between two reports.
pub const EVERY: usize = 16_384;

type Hook = Box<dyn Fn(JsonProgress) + Send + Sync>;

static HOOK: OnceBox<Hook> = OnceBox::new();

/// Sets what hears how far a Trace read from JSON got, once for the program; false (and
/// `hook` dropped) if one was set already. The hook runs inside the read: it should only
/// pass the report on.
pub fn on_json_progress(hook: impl Fn(JsonProgress) + Send + Sync + 'static) -> bool {
    HOOK.set(Box::new(Box::new(hook))).is_ok()
}

/// Tells the hook, if any, of `n` items read, when `n` is a multiple of [`EVERY`].
pub(super) fn every(n: usize, what: fn(usize) -> JsonProgress) {
    if n % EVERY == 0 {
        tell(what(n));
    }
}

/// Tells the hook, if any, of all `n` items read, unless [`every`] just did.
pub(super) fn last(n: usize, what: fn(usize) -> JsonProgress) {
    if n % EVERY != 0 {
        tell(what(n));
    }
}

fn tell(p: JsonProgress) {
    if let Some(hook) = HOOK.get() {
        hook(p);
    }
}
