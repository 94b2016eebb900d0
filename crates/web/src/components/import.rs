//! Opening a file: a capture (pcap, pcapng, tcpdump text) or a Trace JSON, chosen with the
//! file picker or dropped on the page. A capture is read in chunks twice with the capture
//! crate's streaming API (index, then extract), with a progress bar; when it holds several
//! connections the user picks which to draw. Every failure is shown with `role="alert"`.

use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use wiretrace_capture::{ConnSummary, Extractor, Index, Indexer, Selection};
use wiretrace_core::i18n::Lang;
use wiretrace_core::Trace;
use wiretrace_diagram::fmt_duration;
use yew::prelude::*;

use crate::state::Action;
use crate::ui::{t, tf, T};

/// Bytes read from the file per step (the progress bar moves between them).
const CHUNK: f64 = 1024.0 * 1024.0;

/// Where an import is.
#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    /// Reading: bytes done of total; `pass` 1 = finding connections, 2 = drawing.
    Reading {
        name: String,
        done: u64,
        total: u64,
        pass: u8,
    },
    /// Several connections: the user picks.
    Picking {
        file: web_sys::File,
        index: Rc<Index>,
        chosen: Vec<u32>,
    },
    Failed(String),
}

/// Reads `file` chunk by chunk, calling `feed` on each and `progress` after each.
async fn read_chunks(
    file: &web_sys::File,
    mut feed: impl FnMut(&[u8]) -> Result<(), String>,
    progress: impl Fn(u64),
) -> Result<(), String> {
    let size = file.size();
    let mut offset = 0.0;
    while offset < size {
        let end = (offset + CHUNK).min(size);
        let blob = file
            .slice_with_f64_and_f64(offset, end)
            .map_err(|_| "the browser could not slice the file".to_owned())?;
        let buf = JsFuture::from(blob.array_buffer())
            .await
            .map_err(|_| "the browser could not read the file".to_owned())?;
        let bytes = Uint8Array::new(&buf).to_vec();
        feed(&bytes)?;
        offset = end;
        progress(offset as u64);
    }
    Ok(())
}

fn is_json(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".json")
}

/// Reads a Trace JSON file (one the page or the CLI exported).
async fn read_json(file: &web_sys::File) -> Result<Trace, String> {
    let mut bytes = Vec::new();
    read_chunks(
        file,
        |c| {
            bytes.extend_from_slice(c);
            Ok(())
        },
        |_| {},
    )
    .await?;
    serde_json::from_slice::<Trace>(&bytes).map_err(|e| format!("not a wiretrace Trace: {e}"))
}

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    pub lang: Lang,
    pub on: Callback<Action>,
}

#[component]
pub fn ImportPanel(props: &ImportProps) -> Html {
    let lang = props.lang;
    let phase = use_state(|| Phase::Idle);
    let dragging = use_state(|| false);

    // Second pass: draw the chosen connections.
    let extract = {
        let phase = phase.clone();
        let on = props.on.clone();
        Callback::from(move |(file, chosen): (web_sys::File, Vec<u32>)| {
            let phase = phase.clone();
            let on = on.clone();
            spawn_local(async move {
                let name = file.name();
                let total = file.size() as u64;
                let mut sel = Selection::all();
                sel.connections = chosen;
                let mut ex = Extractor::new(&name, sel);
                let result = read_chunks(
                    &file,
                    |c| ex.feed(c).map(|_| ()).map_err(|e| e.to_string()),
                    |done| {
                        phase.set(Phase::Reading {
                            name: name.clone(),
                            done,
                            total,
                            pass: 2,
                        })
                    },
                )
                .await
                .and_then(|_| ex.finish().map_err(|e| e.to_string()));
                match result {
                    Ok(trace) => {
                        phase.set(Phase::Idle);
                        on.emit(Action::LoadTrace {
                            trace: Rc::new(trace),
                            name,
                        });
                    }
                    Err(e) => phase.set(Phase::Failed(format!("{name}: {e}"))),
                }
            });
        })
    };

    // First pass: find the connections (or read a Trace JSON at once).
    let open_file = {
        let phase = phase.clone();
        let on = props.on.clone();
        let extract = extract.clone();
        Callback::from(move |file: web_sys::File| {
            let phase = phase.clone();
            let on = on.clone();
            let extract = extract.clone();
            spawn_local(async move {
                let name = file.name();
                let total = file.size() as u64;
                phase.set(Phase::Reading {
                    name: name.clone(),
                    done: 0,
                    total,
                    pass: 1,
                });
                if is_json(&name) {
                    match read_json(&file).await {
                        Ok(trace) => {
                            phase.set(Phase::Idle);
                            on.emit(Action::LoadTrace {
                                trace: Rc::new(trace),
                                name,
                            });
                        }
                        Err(e) => phase.set(Phase::Failed(format!("{name}: {e}"))),
                    }
                    return;
                }
                let mut ix = Indexer::new(&name);
                let result = read_chunks(
                    &file,
                    |c| ix.feed(c).map(|_| ()).map_err(|e| e.to_string()),
                    |done| {
                        phase.set(Phase::Reading {
                            name: name.clone(),
                            done,
                            total,
                            pass: 1,
                        })
                    },
                )
                .await
                .and_then(|_| ix.finish().map_err(|e| e.to_string()));
                match result {
                    Ok(index) if index.connections.is_empty() => phase.set(Phase::Failed(format!(
                        "{name}: no TCP or UDP packets in it"
                    ))),
                    Ok(index) if index.connections.len() == 1 => extract.emit((file, Vec::new())),
                    Ok(index) => {
                        let chosen = index.connections.iter().take(8).map(|c| c.id).collect();
                        phase.set(Phase::Picking {
                            file,
                            index: Rc::new(index),
                            chosen,
                        });
                    }
                    Err(e) => phase.set(Phase::Failed(format!("{name}: {e}"))),
                }
            });
        })
    };

    let on_pick = {
        let open_file = open_file.clone();
        Callback::from(move |e: Event| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(input) = input {
                if let Some(file) = input.files().and_then(|f| f.get(0)) {
                    open_file.emit(file);
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
        let open_file = open_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                open_file.emit(file);
            }
        })
    };

    let body = match &*phase {
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
            html! {
                <div class="import-progress">
                    <label>
                        { tf(lang, what, &[("name", name)]) }
                        <progress max={total.max(&1).to_string()} value={done.to_string()}>
                            { format!("{done} / {total}") }
                        </progress>
                    </label>
                </div>
            }
        }
        Phase::Failed(msg) => html! { <p class="import-error" role="alert">{ msg.clone() }</p> },
        Phase::Picking {
            file,
            index,
            chosen,
        } => {
            let toggle = |id: u32| {
                let phase = phase.clone();
                Callback::from(move |_: Event| {
                    if let Phase::Picking {
                        file,
                        index,
                        chosen,
                    } = &*phase
                    {
                        let mut chosen = chosen.clone();
                        match chosen.iter().position(|c| *c == id) {
                            Some(i) => {
                                chosen.remove(i);
                            }
                            None => chosen.push(id),
                        }
                        phase.set(Phase::Picking {
                            file: file.clone(),
                            index: index.clone(),
                            chosen,
                        });
                    }
                })
            };
            let draw = {
                let extract = extract.clone();
                let file = file.clone();
                let chosen = chosen.clone();
                Callback::from(move |_: MouseEvent| extract.emit((file.clone(), chosen.clone())))
            };
            let row = |c: &ConnSummary| {
                let checked = chosen.contains(&c.id);
                html! {
                    <li key={c.id}>
                        <label>
                            <input type="checkbox" {checked} onchange={toggle(c.id)} />
                            <span class="conn-tuple">{ format!("#{} {} → {}", c.id + 1, c.client, c.server) }</span>
                            <span class="muted">
                                { format!(" · {} pkts · {} B · {}–{}", c.packets, c.bytes,
                                    fmt_duration(c.start_us), fmt_duration(c.end_us)) }
                                { c.first_request.as_ref().map(|r| format!(" · {r}")).unwrap_or_default() }
                            </span>
                        </label>
                    </li>
                }
            };
            html! {
                <div class="import-pick">
                    <p>{ tf(lang, T::ImportPick, &[("name", &index.name), ("n", &index.connections.len().to_string())]) }</p>
                    <ul class="conn-list">{ for index.connections.iter().map(row) }</ul>
                    <button type="button" class="btn btn-primary" onclick={draw}>{ t(lang, T::ImportDraw) }</button>
                </div>
            }
        }
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
