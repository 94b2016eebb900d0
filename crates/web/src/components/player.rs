//! The player: Restart, Step back, Play/Pause, Step forward, a scrubber and the speed.
//! Accessible names are the visible words (`Play`, `Step forward`...), in the page's
//! language.

use wasm_bindgen::JsCast;
use wiretrace_core::i18n::Lang;
use yew::prelude::*;

use super::icons;
use crate::state::{Action, SPEEDS};
use crate::ui::{t, tf, T};

#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub lang: Lang,
    pub playing: bool,
    pub step: usize,
    pub total: usize,
    pub speed: usize,
    pub time: AttrValue,
    pub on: Callback<Action>,
}

fn button(
    label: &'static str,
    icon: Html,
    class: &'static str,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        // Dimmed at an edge, and said to be so (aria-disabled), yet never `disabled`: a
        // focused button that became disabled would drop the focus.
        <button type="button" class={classes!("btn", class)} data-edge={disabled.then_some("true")}
            aria-disabled={disabled.then_some("true")} {onclick}>
            { icon }
            <span class="btn-text">{ label }</span>
        </button>
    }
}

#[component]
pub fn Player(props: &PlayerProps) -> Html {
    let lang = props.lang;
    let on = props.on.clone();
    let act = |a: Action| {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| on.emit(a.clone()))
    };
    let at_start = props.step == 0;
    let at_end = props.step >= props.total;
    let empty = props.total == 0;
    let play = if props.playing {
        button(
            t(lang, T::Pause),
            icons::pause(),
            "btn-primary",
            false,
            act(Action::TogglePlay),
        )
    } else {
        button(
            t(lang, T::Play),
            icons::play(),
            "btn-primary",
            empty,
            act(Action::TogglePlay),
        )
    };
    let on_scrub = {
        let on = on.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                if let Ok(v) = input.value().parse::<usize>() {
                    on.emit(Action::Seek(v));
                }
            }
        })
    };
    let on_speed = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                if let Ok(i) = sel.value().parse::<usize>() {
                    on.emit(Action::SetSpeed(i));
                }
            }
        })
    };
    let progress = if props.step == 0 {
        t(lang, T::AtStart).to_owned()
    } else {
        tf(
            lang,
            T::StepOf,
            &[
                ("n", &crate::ui::grouped(props.step)),
                ("total", &crate::ui::grouped(props.total)),
            ],
        )
    };
    html! {
        <div class="player" role="group" aria-label={t(lang, T::Diagram)}>
            <div class="player-buttons">
                { button(t(lang, T::Restart), icons::restart(), "btn-icon", at_start, act(Action::Restart)) }
                { button(t(lang, T::StepBack), icons::step_back(), "btn-icon", at_start, act(Action::Back)) }
                { play }
                { button(t(lang, T::StepForward), icons::step_forward(), "btn-icon", at_end, act(Action::Forward)) }
            </div>
            <div class="player-progress">
                <input type="range" class="scrubber" min="0" max={props.total.to_string()}
                    value={props.step.to_string()} step="1" disabled={empty}
                    aria-label={progress.clone()} aria-valuetext={progress.clone()}
                    oninput={on_scrub} />
                <span class="progress-text" aria-live="polite">
                    { progress }
                    if props.step > 0 {
                        <span class="progress-time">{ " · " }{ props.time.clone() }</span>
                    }
                </span>
                <label class="speed">
                <span class="speed-label">{ t(lang, T::Speed) }</span>
                <select onchange={on_speed}>
                    { for SPEEDS.iter().enumerate().map(|(i, s)| html! {
                        <option value={i.to_string()} selected={i == props.speed}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
            </div>
        </div>
    }
}
