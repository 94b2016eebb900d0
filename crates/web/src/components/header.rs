//! The top bar: name, scenario choice, numbering, timers, language.

use wasm_bindgen::JsCast;
use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::scenario;
use wiretrace_diagram::Numbering;
use yew::prelude::*;

use crate::state::{Action, Origin};
use crate::ui::{t, T};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub origin: Origin,
    pub numbering: Numbering,
    pub timers: bool,
    pub quiz: bool,
    pub on: Callback<Action>,
    /// Opens the Share dialog (the full page; an embed has none).
    #[prop_or_default]
    pub on_share: Option<Callback<MouseEvent>>,
}

/// A scenario's title in a language (the key itself if the table lacks it).
pub fn scenario_title(lang: Lang, key: &str) -> String {
    i18n::template(lang, key).map_or_else(|| key.to_owned(), str::to_owned)
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    let on = props.on.clone();
    let list = scenario::list();
    let current_id = match &props.origin {
        Origin::Scenario { id, .. } => id.clone(),
        _ => String::new(),
    };
    let on_scenario = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                let id = sel.value();
                if !id.is_empty() {
                    on.emit(Action::Open {
                        id,
                        params: Vec::new(),
                    });
                }
            }
        })
    };
    let numbering = |n: Numbering, key: T| {
        let on = on.clone();
        let pressed = props.numbering == n;
        html! {
            <button type="button" class={classes!("seg-btn", pressed.then_some("on"))}
                aria-pressed={if pressed { "true" } else { "false" }}
                onclick={Callback::from(move |_: MouseEvent| on.emit(Action::SetNumbering(n)))}>
                { t(lang, key) }
            </button>
        }
    };
    let on_timers = {
        let on = on.clone();
        let timers = props.timers;
        Callback::from(move |_: Event| on.emit(Action::SetTimers(!timers)))
    };
    let on_quiz = {
        let on = on.clone();
        let quiz = props.quiz;
        Callback::from(move |_: Event| {
            on.emit(Action::SetQuiz {
                on: !quiz,
                isns: super::quiz::random_isns(),
            })
        })
    };
    let other = match lang {
        Lang::En => Lang::Zh,
        Lang::Zh => Lang::En,
    };
    let on_lang = {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Action::SetLang(other)))
    };
    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
                    <path d="M7 4v24M25 4v24" class="logo-life" />
                    <path d="M7 9 25 14M25 17 7 22" class="logo-arrow" />
                </svg>
                <div>
                    <h1 class="brand-name">{ "wiretrace" }</h1>
                    <span class="brand-tag">{ t(lang, T::Tagline) }</span>
                </div>
            </div>
            // Share comes where it shows, right of the brand (the controls are ordered after
            // it by CSS), so that Tab reaches it in the order the eye does.
            if let Some(onclick) = props.on_share.clone() {
                <button type="button" class="btn share-btn" aria-haspopup="dialog" {onclick}>
                    { t(lang, T::Share) }
                </button>
            }
            <div class="controls">
                <label class="field">
                    <span class="field-label">{ t(lang, T::Scenario) }</span>
                    <select class="scenario-select" onchange={on_scenario} disabled={list.is_empty()}>
                        if list.is_empty() {
                            <option value="" selected=true>{ t(lang, T::NoScenarios) }</option>
                        }
                        if let Origin::Imported { name, .. } = &props.origin {
                            <option value="" selected=true>{ name.clone() }</option>
                        }
                        { for list.iter().map(|s| html! {
                            <option value={s.id} selected={s.id == current_id}>
                                { scenario_title(lang, s.title) }
                            </option>
                        }) }
                    </select>
                </label>
                <div class="field" role="group" aria-labelledby="numbers-label">
                    <span class="field-label" id="numbers-label">{ t(lang, T::Numbers) }</span>
                    <div class="seg">
                        { numbering(Numbering::Absolute, T::Absolute) }
                        { numbering(Numbering::Relative, T::Relative) }
                    </div>
                </div>
                <label class="check">
                    <input type="checkbox" checked={props.timers} onchange={on_timers} />
                    <span>{ t(lang, T::Timers) }</span>
                </label>
                <label class="check">
                    <input type="checkbox" checked={props.quiz} onchange={on_quiz} />
                    <span>{ t(lang, T::Predict) }</span>
                </label>
            </div>
            <button type="button" class="btn btn-ghost lang-btn" onclick={on_lang}
                lang={other.tag()}
                title={t(lang, T::Language)}>
                { t(lang, T::OtherLanguage) }
            </button>
        </header>
    }
}
