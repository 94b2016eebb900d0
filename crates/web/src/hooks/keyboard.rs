//! Player shortcuts that work wherever the focus is, except in a text field: Space plays
//! or pauses, Left/Right step, Home/End jump.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Action;

/// True when the key belongs to the focused element: typing in a text field, moving a
/// slider or a list. `space_too` also keeps Space for checkboxes and radios (it ticks them).
fn owned_by_focus(target: Option<web_sys::EventTarget>, space: bool) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    // A dialog (Share) owns its keys: Space there presses its buttons.
    if el.is_content_editable() || el.closest("dialog").ok().flatten().is_some() {
        return true;
    }
    match el.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => {
            let kind = el
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            match kind.as_str() {
                "button" | "submit" | "reset" | "image" => false,
                "checkbox" | "radio" => space,
                _ => true,
            }
        }
        _ => false,
    }
}

fn is_space(e: &web_sys::KeyboardEvent) -> bool {
    e.key() == " " || e.key() == "Spacebar"
}

/// Installs the shortcuts on the window for the lifetime of the component, unless
/// `enabled` is false (an embed's `keyboard=0`).
#[hook]
pub fn use_player_keys(on: Callback<Action>, enabled: bool) {
    use_effect_with(enabled, move |&enabled| {
        let window = gloo_utils_window().filter(|_| enabled);
        let opts = EventListenerOptions::enable_prevent_default();
        let down = window.as_ref().map(|w| {
            EventListener::new_with_options(w, "keydown", opts, move |event| {
                let Some(e) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if e.default_prevented()
                    || e.ctrl_key()
                    || e.meta_key()
                    || e.alt_key()
                    || owned_by_focus(e.target(), is_space(e))
                {
                    return;
                }
                let action = match e.key().as_str() {
                    _ if is_space(e) => Action::TogglePlay,
                    "ArrowRight" => Action::Forward,
                    "ArrowLeft" => Action::Back,
                    "Home" => Action::Restart,
                    "End" => Action::End,
                    _ => return,
                };
                e.prevent_default();
                if !(is_space(e) && e.repeat()) {
                    on.emit(action);
                }
            })
        });
        // A focused button would also "click" on Space's keyup: the keydown already acted.
        let up = window.as_ref().map(|w| {
            EventListener::new_with_options(w, "keyup", opts, move |event| {
                if let Some(e) = event.dyn_ref::<web_sys::KeyboardEvent>() {
                    if is_space(e) && !owned_by_focus(e.target(), true) {
                        e.prevent_default();
                    }
                }
            })
        });
        move || drop((down, up))
    });
}

fn gloo_utils_window() -> Option<web_sys::Window> {
    web_sys::window()
}
