//! Opening a file: a capture (pcap, pcapng, tcpdump text) or a Trace JSON, chosen with the
//! file picker or dropped on the page. A capture is read in chunks twice by the file worker
//! (`files.rs`: index, then extract) with a progress bar; the phases are
//! [`use_import`]'s. When it holds several connections, or one too long to draw whole
//! (more packets than the extractor's segment cap), the user picks the connections and a
//! time range in the [`ImportPicker`]. Every failure is shown with `role="alert"`.

use wasm_bindgen::JsCast;
use wiretrace_core::i18n::Lang;
use wiretrace_diagram::layout::Options;
use yew::prelude::*;

use super::import_picker::ImportPicker;
use crate::hooks::use_import::{use_import, Phase};
use crate::state::Action;
use crate::ui::{grouped, t, tf, T};

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    pub lang: Lang,
    /// The figure on screen: a long Trace's is laid out with these options.
    pub figure: Options,
    pub on: Callback<Action>,
}

#[component]
pub fn ImportPanel(props: &ImportProps) -> Html {
    let lang = props.lang;
    let import = use_import(props.on.clone(), lang, props.figure);
    let dragging = use_state(|| false);

    let on_pick = {
        let open = import.open.clone();
        Callback::from(move |e: Event| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(input) = input {
                if let Some(file) = input.files().and_then(|f| f.get(0)) {
                    open.emit(file);
                }
                input.set_value("");
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let open = import.open.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                open.emit(file);
            }
        })
    };

    let stop = {
        let stop = import.stop.clone();
        Callback::from(move |_: MouseEvent| stop.emit(()))
    };
    // A progress bar with its words, and Stop; without a value (how far is not known, only
    // how much is done: the words say it), the bar shows that work goes on.
    let bar = |text: String, value: Option<String>, max: String, fallback: String| {
        html! {
            <div class="import-progress">
                <label>
                    { text }
                    <progress {max} {value}>{ fallback }</progress>
                </label>
                <button type="button" class="btn btn-small" onclick={stop.clone()}>
                    { t(lang, T::WholeRunStop) }
                </button>
            </div>
        }
    };
    let body = match &import.phase {
        Phase::Idle => html! {},
        Phase::Reading {
            name,
            done,
            total,
            pass,
        } => {
            let what = if *pass == 1 {
                T::ImportScanning
            } else {
                T::ImportDrawing
            };
            bar(
                tf(lang, what, &[("name", name)]),
                Some(done.to_string()),
                total.max(1.0).to_string(),
                format!("{done} / {total}"),
            )
        }
        Phase::Parts { name, read, of } => bar(
            tf(
                lang,
                T::ImportParts,
                &[
                    ("name", name),
                    ("n", &grouped(*read)),
                    ("of", &grouped(*of)),
                ],
            ),
            Some(read.to_string()),
            (*of).max(*read).max(1).to_string(),
            format!("{read} / {of}"),
        ),
        Phase::Parsing {
            name,
            segments,
            samples,
        } => {
            let n = grouped(*segments);
            let (text, fallback) = if *samples == 0 {
                let text = tf(lang, T::ImportParsing, &[("name", name), ("n", &n)]);
                (text, n)
            } else {
                let samples = grouped(*samples);
                let args = [("name", name.as_str()), ("n", &n), ("samples", &samples)];
                (tf(lang, T::ImportParsingTcb, &args), samples)
            };
            bar(text, None, "1".to_owned(), fallback)
        }
        Phase::Laying {
            name,
            segments,
            done,
        } => {
            let pct = format!("{:.0}", done * 100.0);
            let text = tf(
                lang,
                T::ImportLaying,
                &[("name", name), ("n", &grouped(*segments)), ("pct", &pct)],
            );
            bar(
                text,
                Some(done.to_string()),
                "1".to_owned(),
                format!("{pct}%"),
            )
        }
        Phase::Failed(msg) => html! { <p class="import-error" role="alert">{ msg.clone() }</p> },
        Phase::Picking {
            file,
            conns,
            end_us,
            cap,
            refused,
        } => html! {
            <ImportPicker {lang} file={file.clone()} conns={conns.clone()} end_us={*end_us}
                cap={*cap} refused={refused.clone()} on_draw={import.draw.clone()} />
        },
    };
    html! {
        <div class={classes!("import", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
            <label class="btn btn-small file-btn">
                { t(lang, T::ImportOpen) }
                <input type="file" class="file-input" accept=".pcap,.pcapng,.cap,.txt,.log,.json" onchange={on_pick} />
            </label>
            <span class="import-hint">{ t(lang, T::ImportHint) }</span>
            { body }
        </div>
    }
}
