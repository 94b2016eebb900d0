//! The parameter editor: one field per `ParamSpec` of the scenario on screen, with its range
//! and default; a change runs the engine again at once, and a value the engine refuses is
//! shown by its field with the accepted range.

use std::collections::BTreeMap;

use wasm_bindgen::JsCast;
use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::scenario::{self, ParamKind, ParamSpec};
use wiretrace_core::trace::ParamValue;
use yew::prelude::*;

use crate::state::{Action, ParamError};
use crate::ui::{t, T};

#[derive(Properties, PartialEq)]
pub struct ParamsProps {
    pub lang: Lang,
    pub scenario: AttrValue,
    /// The overrides the user (or the link) set.
    pub overrides: Vec<(String, String)>,
    /// The values the run used (defaults included).
    pub used: BTreeMap<String, ParamValue>,
    pub error: Option<ParamError>,
    pub on: Callback<Action>,
    /// An embed's `lock=1`: the values are shown, open, and cannot be changed.
    #[prop_or_default]
    pub locked: bool,
}

fn range_text(spec: &ParamSpec) -> String {
    match spec.kind {
        ParamKind::Int { min, max } => format!("{min} – {max}"),
        ParamKind::Float { min, max } => format!("{min} – {max}"),
        ParamKind::Bool => "true / false".to_owned(),
        ParamKind::SocketAddr => "ip:port".to_owned(),
        ParamKind::IdList => "1,4,7".to_owned(),
        ParamKind::Choice(words) => words.join(" / "),
    }
}

fn input_value(e: &Event) -> Option<String> {
    let target = e.target()?;
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(if i.type_() == "checkbox" {
            i.checked().to_string()
        } else {
            i.value()
        });
    }
    target
        .dyn_ref::<web_sys::HtmlSelectElement>()
        .map(|s| s.value())
}

#[component]
pub fn ParamEditor(props: &ParamsProps) -> Html {
    let lang = props.lang;
    // Fields exist only while the editor is open (a closed editor holds no hidden inputs);
    // once a value has been refused it opens, since the message is by the field.
    let open = use_state(|| props.locked);
    {
        let open = open.clone();
        use_effect_with(props.error.is_some(), move |&err| {
            if err {
                open.set(true);
            }
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            {
                open.set(d.open());
            }
        })
    };
    let is_open = *open || props.error.is_some();
    let Some(info) = scenario::find(&props.scenario) else {
        return html! {};
    };
    let locked = props.locked;
    let fields = info.params.iter().map(|spec| {
        let key = spec.key;
        let current = props
            .overrides
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .or_else(|| props.used.get(key).map(|v| v.to_string()))
            .unwrap_or_default();
        let onchange = {
            let on = props.on.clone();
            Callback::from(move |e: Event| {
                if let Some(value) = input_value(&e) {
                    on.emit(Action::SetParam { key: key.to_owned(), value });
                }
            })
        };
        let id = format!("param-{}", key.replace('.', "-"));
        let err_id = format!("{id}-error");
        let refused = props.error.as_ref().filter(|e| e.key == key);
        let error = refused.map(|e| e.message.clone());
        let current = refused.map_or(current, |e| e.given.clone());
        let help = i18n::template(lang, spec.help).unwrap_or("");
        let default = spec
            .default
            .filter(|d| !d.is_empty())
            .map(|d| format!(" · {} {d}", t(lang, T::Default)));
        let input = match spec.kind {
            ParamKind::Bool => html! {
                <input type="checkbox" id={id.clone()} checked={current == "true"} {onchange}
                    disabled={locked} />
            },
            ParamKind::Choice(words) => html! {
                <select id={id.clone()} {onchange} disabled={locked}>
                    { for words.iter().map(|w| html! { <option value={*w} selected={*w == current}>{ *w }</option> }) }
                </select>
            },
            _ => html! {
                <input type="text" id={id.clone()} value={current.clone()} {onchange} readonly={locked}
                    inputmode={matches!(spec.kind, ParamKind::Int { .. } | ParamKind::Float { .. }).then_some("decimal")}
                    spellcheck="false" autocomplete="off"
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then(|| err_id.clone())} />
            },
        };
        html! {
            <div class={classes!("param", error.is_some().then_some("invalid"))} key={key}>
                <label for={id.clone()}>
                    <code class="param-key">{ key }</code>
                    if !help.is_empty() { <span class="param-help">{ help }</span> }
                </label>
                { input }
                <span class="param-range">{ range_text(spec) }{ default.unwrap_or_default() }</span>
                if let Some(msg) = error {
                    <p class="param-error" id={err_id} role="alert">{ msg }</p>
                }
            </div>
        }
    });
    let reset = {
        let on = props.on.clone();
        let id = info.id.to_owned();
        Callback::from(move |_: MouseEvent| {
            on.emit(Action::Open {
                id: id.clone(),
                params: Vec::new(),
            })
        })
    };
    html! {
        <details class="params" open={is_open} {ontoggle}>
            <summary>{ t(lang, T::Parameters) }<span class="muted">{ format!(" ({})", info.params.len()) }</span></summary>
            if is_open {
                <p class="param-hint">{ t(lang, if locked { T::ParamsLocked } else { T::ParamHint }) }</p>
                <div class="param-list">{ for fields }</div>
                if !locked {
                    <button type="button" class="btn btn-ghost" onclick={reset}>{ t(lang, T::ResetParams) }</button>
                }
            }
        </details>
    }
}
