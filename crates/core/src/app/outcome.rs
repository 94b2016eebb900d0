//! What an application is told when its connection ends abnormally, written into the story
//! the way a socket API reports it (connection refused, reset by peer, timed out).

use crate::net::{AppCx, SockId};
use crate::tcp::event::CloseReason;
use crate::trace::{EventKind, Msg};

/// Writes the event an application sees when `sock` ends for `reason`. A normal close and
/// the application's own abort need no event: the states and segments already tell them.
pub fn report_closed(cx: &mut AppCx<'_>, sock: SockId, reason: CloseReason) {
    let (kind, key) = match reason {
        CloseReason::Refused => (EventKind::ConnectionRefused, "event.conn_refused"),
        CloseReason::Reset => (EventKind::ConnectionReset, "event.conn_reset"),
        CloseReason::TimedOut => (EventKind::ConnectionTimedOut, "event.conn_timed_out"),
        CloseReason::Normal | CloseReason::Aborted => return,
    };
    cx.event(kind, Msg::of(key, &[]), Some(sock));
}
