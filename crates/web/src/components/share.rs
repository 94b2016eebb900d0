//! The Share dialog of the full page: the link to this moment, an `<iframe>` snippet (with
//! its `title`) and a `<wiretrace-player>` snippet, written from a few options. Copy uses
//! the clipboard when the browser allows it, else selects the text for the user to copy.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wiretrace_core::i18n::Lang;
use yew::prelude::*;

use crate::dom;
use crate::embed::{share_texts, Panels, ShareChoice, PANEL_NAMES};
use crate::link::Link;
use crate::ui::{t, tf, T};

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub lang: Lang,
    /// The page's link now.
    pub link: Link,
    pub step: usize,
    /// The run's title (the iframe's accessible name).
    pub title: AttrValue,
    /// The stem of the exports' file names (`wiretrace-browse`): the figure a run with
    /// parameters names as the component's poster is `{stem}.svg`.
    pub stem: AttrValue,
    pub on_close: Callback<()>,
}

/// What happened to the last Copy: which field, and whether the clipboard took it.
#[derive(Clone, Copy, PartialEq)]
struct Copied {
    field: usize,
    by_clipboard: bool,
}

fn panel_label(name: &str) -> T {
    match name {
        "diagram" => T::PanelDiagram,
        "log" => T::PanelLog,
        "explain" => T::PanelExplain,
        "states" => T::PanelStates,
        "params" => T::PanelParams,
        _ => T::PanelHeader,
    }
}

/// `navigator.clipboard.writeText(text)`, if the browser offers it here (a secure context).
async fn write_clipboard(text: &str) -> bool {
    let Some(w) = dom::window() else { return false };
    let Ok(clip) = Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")) else {
        return false;
    };
    if clip.is_undefined() || clip.is_null() {
        return false;
    }
    match dom::call_method(&clip, "writeText", &[&JsValue::from_str(text)]) {
        Some(p) => match p.dyn_into::<Promise>() {
            Ok(p) => JsFuture::from(p).await.is_ok(),
            Err(_) => false,
        },
        None => false,
    }
}

#[component]
pub fn ShareDialog(props: &ShareProps) -> Html {
    let lang = props.lang;
    let dialog = use_node_ref();
    let choice = use_state(|| ShareChoice {
        at_step: props.step > 0,
        autoplay: false,
        lang: None,
        panels: Panels::default(),
        lock: false,
    });
    let copied = use_state(|| None::<Copied>);
    let fields = [use_node_ref(), use_node_ref(), use_node_ref()];
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                let _ = d.show_modal();
            }
        });
    }
    let mut texts = share_texts(
        &props.link,
        &choice,
        &dom::page_address_no_query(),
        &tf(lang, T::EmbedTitle, &[("title", &props.title)]),
        &format!("{}.svg", props.stem),
    );
    if !choice.at_step {
        // Nothing else to do: share_texts left the step out.
        texts.page = texts.page.trim_end_matches('#').to_owned();
    }
    let poster = texts.poster.clone();
    let values = [texts.page, texts.iframe, texts.component];

    let toggle = |set: fn(&mut ShareChoice, bool)| {
        let choice = choice.clone();
        let copied = copied.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                let mut c = (*choice).clone();
                set(&mut c, i.checked());
                choice.set(c);
                copied.set(None);
            }
        })
    };
    let on_lang = {
        let choice = choice.clone();
        let copied = copied.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                let mut c = (*choice).clone();
                c.lang = Some(s.value()).filter(|v| !v.is_empty());
                choice.set(c);
                copied.set(None);
            }
        })
    };
    let on_panel = |name: &'static str| {
        let choice = choice.clone();
        let copied = copied.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                let mut c = (*choice).clone();
                let p = &mut c.panels;
                let flag = match name {
                    "diagram" => &mut p.diagram,
                    "log" => &mut p.log,
                    "explain" => &mut p.explain,
                    "states" => &mut p.states,
                    "params" => &mut p.params,
                    _ => &mut p.header,
                };
                *flag = i.checked();
                choice.set(c);
                copied.set(None);
            }
        })
    };
    let copy = |field: usize| {
        let text = values[field].clone();
        let area = fields[field].clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let text = text.clone();
            let area = area.clone();
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let by_clipboard = write_clipboard(&text).await;
                if !by_clipboard {
                    // No clipboard here: select the text, the user copies it.
                    if let Some(a) = area.cast::<web_sys::HtmlTextAreaElement>() {
                        let _ = a.focus();
                        a.select();
                    }
                }
                copied.set(Some(Copied {
                    field,
                    by_clipboard,
                }));
            });
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                d.close();
            }
        })
    };
    let onclose = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: Event| on_close.emit(()))
    };
    let labels = [T::ShareLink, T::ShareIframe, T::ShareComponent];
    let rows = [3u32, 4, 5];
    html! {
        <dialog class="share" ref={dialog} aria-labelledby="share-title" {onclose}>
            <div class="share-head">
                <h2 id="share-title">{ t(lang, T::ShareTitle) }</h2>
                <button type="button" class="btn btn-small" onclick={close}>{ t(lang, T::Close) }</button>
            </div>
            <fieldset class="share-options">
                <legend>{ t(lang, T::ShareOptions) }</legend>
                <label class="check">
                    <input type="checkbox" checked={choice.at_step} disabled={props.step == 0}
                        onchange={toggle(|c, on| c.at_step = on)} />
                    <span>{ t(lang, T::ShareAtStep) }
                        if props.step > 0 { <span class="muted">{ format!(" ({})", props.step) }</span> }
                    </span>
                </label>
                <label class="check">
                    <input type="checkbox" checked={choice.autoplay} onchange={toggle(|c, on| c.autoplay = on)} />
                    <span>{ t(lang, T::ShareAutoplay) }</span>
                </label>
                <label class="check">
                    <input type="checkbox" checked={choice.lock} onchange={toggle(|c, on| c.lock = on)} />
                    <span>{ t(lang, T::ShareLock) }</span>
                </label>
                <label class="field">
                    <span class="field-label">{ t(lang, T::ShareLang) }</span>
                    <select onchange={on_lang}>
                        <option value="" selected={choice.lang.is_none()}>{ t(lang, T::ShareLangPage) }</option>
                        <option value="en" lang="en" selected={choice.lang.as_deref() == Some("en")}>{ "English" }</option>
                        <option value="zh" lang="zh" selected={choice.lang.as_deref() == Some("zh")}>{ "中文" }</option>
                    </select>
                </label>
                <fieldset class="share-panels">
                    <legend>{ t(lang, T::SharePanels) }</legend>
                    { for PANEL_NAMES.iter().map(|&name| html! {
                        <label class="check">
                            <input type="checkbox" checked={choice.panels.has(name)}
                                onchange={on_panel(name)} />
                            <span>{ t(lang, panel_label(name)) }</span>
                        </label>
                    }) }
                </fieldset>
            </fieldset>
            { for (0..3).map(|i| {
                let id = format!("share-text-{i}");
                let status = copied.filter(|c| c.field == i).map(|c| {
                    t(lang, if c.by_clipboard { T::Copied } else { T::CopyByHand })
                });
                html! {
                    <div class="share-item">
                        <label for={id.clone()}>{ t(lang, labels[i]) }</label>
                        <div class="share-row">
                            <textarea id={id} ref={fields[i].clone()} readonly=true rows={rows[i].to_string()}
                                spellcheck="false" value={values[i].clone()} />
                            <button type="button" class="btn" onclick={copy(i)}>{ t(lang, T::Copy) }</button>
                        </div>
                        if i == 2 {
                            if let Some(file) = &poster {
                                <p class="share-hint">{ tf(lang, T::SharePosterHint, &[("file", file)]) }</p>
                            }
                        }
                        <p class="share-status" role="status">{ status.unwrap_or_default() }</p>
                    </div>
                }
            }) }
        </dialog>
    }
}
