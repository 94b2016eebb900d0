//! The playback timer: while playing, waits for the current step's animation and a pause,
//! then asks for the next step.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// Calls `on_tick` `delay_ms` after each step while `playing`. A new step, run or delay
/// re-arms it; pausing or unmounting cancels it.
#[hook]
pub fn use_playback(playing: bool, step: usize, run: u32, delay_ms: u32, on_tick: Callback<()>) {
    use_effect_with(
        (playing, step, run, delay_ms),
        move |&(playing, _, _, delay)| {
            let timeout = playing.then(|| Timeout::new(delay, move || on_tick.emit(())));
            move || drop(timeout)
        },
    );
}
