//! Inline icons for the player (no icon font, no network).

use yew::prelude::*;

fn icon(d: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d={d} />
        </svg>
    }
}

pub fn play() -> Html {
    icon("M7 4.5v15a1 1 0 0 0 1.5.86l12-7.5a1 1 0 0 0 0-1.72l-12-7.5A1 1 0 0 0 7 4.5z")
}

pub fn pause() -> Html {
    icon("M6 4h4v16H6zM14 4h4v16h-4z")
}

pub fn step_forward() -> Html {
    icon("M5 5.5v13a1 1 0 0 0 1.54.84L16 13.2V19h3V5h-3v5.8L6.54 4.66A1 1 0 0 0 5 5.5z")
}

pub fn step_back() -> Html {
    icon("M19 5.5v13a1 1 0 0 1-1.54.84L8 13.2V19H5V5h3v5.8l9.46-6.14A1 1 0 0 1 19 5.5z")
}

pub fn restart() -> Html {
    icon("M12 4a8 8 0 1 1-7.75 10h2.08A6 6 0 1 0 12 6v3L7.5 5 12 1v3z")
}
