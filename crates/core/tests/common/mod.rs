//! Helpers shared by the integration tests (`mod common;` in each test file).

use wiretrace_core::trace::Msg;
use wiretrace_core::Trace;

/// Every explanation a Trace carries: of its segments, state changes, timers, events and
/// endpoint labels.
pub fn messages(t: &Trace) -> impl Iterator<Item = &Msg> {
    t.segments
        .iter()
        .filter_map(|s| s.message_kept())
        .chain(t.states.iter().filter_map(|s| s.msg.as_ref()))
        .chain(t.timers.iter().filter_map(|s| s.msg.as_ref()))
        .chain(t.events.iter().filter_map(|s| s.msg.as_ref()))
        .chain(t.endpoints.iter().filter_map(|s| s.label_msg.as_ref()))
}
