//! Opening a file: a capture (pcap, pcapng, tcpdump text) or a Trace JSON, chosen with the
//! file picker or dropped on the page. A capture is read in chunks twice by the file worker
//! (`files.rs`: index, then extract) with a progress bar; when it holds several connections
//! the user picks which to draw. Every failure is shown with `role="alert"`.

use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use wiretrace_core::i18n::Lang;
use wiretrace_core::Trace;
use wiretrace_diagram::fmt_duration;
use yew::prelude::*;

use crate::files::{field, obj};
use crate::state::Action;
use crate::ui::{t, tf, T};
use crate::worker_client::run_job;

/// One connection the worker found.
#[derive(Clone, Debug, PartialEq)]
struct ConnInfo {
    id: u32,
    client: String,
    server: String,
    packets: f64,
    bytes: f64,
    start_us: f64,
    end_us: f64,
    first_request: Option<String>,
}

impl ConnInfo {
    fn from_js(v: &JsValue) -> ConnInfo {
        let num = |k: &str| field(v, k).as_f64().unwrap_or(0.0);
        let text = |k: &str| field(v, k).as_string().unwrap_or_default();
        ConnInfo {
            id: num("id") as u32,
            client: text("client"),
            server: text("server"),
            packets: num("packets"),
            bytes: num("bytes"),
            start_us: num("start_us"),
            end_us: num("end_us"),
            first_request: field(v, "first_request").as_string(),
        }
    }
}

/// Where an import is.
#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    /// Reading: bytes done of total; `pass` 1 = finding connections, 2 = drawing.
    Reading {
        name: String,
        done: f64,
        total: f64,
        pass: u8,
    },
    /// Several connections: the user picks.
    Picking {
        file: web_sys::File,
        conns: Rc<Vec<ConnInfo>>,
        chosen: Vec<u32>,
    },
    Failed(String),
}

fn is_json(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".json")
}

/// Reads a Trace JSON file (one the page or the CLI exported).
async fn read_json(file: &web_sys::File) -> Result<Trace, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read the file".to_owned())?;
    let bytes = Uint8Array::new(&buf).to_vec();
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())?;
    crate::json::from_json(&text)
}

/// Handles the worker's progress and error messages; true if the message was one of them
/// (an error ends the job).
fn common(msg: &JsValue, name: &str, phase: &UseStateHandle<Phase>) -> Option<bool> {
    match field(msg, "type").as_string().as_deref() {
        Some("progress") => {
            phase.set(Phase::Reading {
                name: name.to_owned(),
                done: field(msg, "done").as_f64().unwrap_or(0.0),
                total: field(msg, "total").as_f64().unwrap_or(0.0),
                pass: field(msg, "pass").as_f64().unwrap_or(1.0) as u8,
            });
            Some(false)
        }
        Some("error") => {
            let why = field(msg, "message").as_string().unwrap_or_default();
            phase.set(Phase::Failed(format!("{name}: {why}")));
            Some(true)
        }
        _ => None,
    }
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
            let name = file.name();
            let conns = Array::new();
            for c in &chosen {
                conns.push(&JsValue::from_f64(f64::from(*c)));
            }
            let msg = obj(&[
                ("op", "extract".into()),
                ("file", file.into()),
                ("conns", conns.into()),
            ]);
            let phase2 = phase.clone();
            let on = on.clone();
            let name2 = name.clone();
            let started = run_job(&msg, move |m| {
                if let Some(done) = common(&m, &name2, &phase2) {
                    return done;
                }
                let json = field(&m, "json").as_string().unwrap_or_default();
                match crate::json::from_json(&json) {
                    Ok(trace) => {
                        phase2.set(Phase::Idle);
                        on.emit(Action::LoadTrace {
                            trace: Rc::new(trace),
                            name: name2.clone(),
                        });
                    }
                    Err(e) => phase2.set(Phase::Failed(format!("{name2}: {e}"))),
                }
                true
            });
            if started.is_err() {
                phase.set(Phase::Failed(format!(
                    "{name}: the file reader could not start"
                )));
            }
        })
    };

    // First pass: find the connections (or read a Trace JSON at once).
    let open_file = {
        let phase = phase.clone();
        let on = props.on.clone();
        let extract = extract.clone();
        Callback::from(move |file: web_sys::File| {
            let name = file.name();
            phase.set(Phase::Reading {
                name: name.clone(),
                done: 0.0,
                total: file.size(),
                pass: 1,
            });
            if is_json(&name) {
                let phase = phase.clone();
                let on = on.clone();
                spawn_local(async move {
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
                });
                return;
            }
            let msg = obj(&[("op", "index".into()), ("file", file.clone().into())]);
            let phase2 = phase.clone();
            let extract = extract.clone();
            let name2 = name.clone();
            let started = run_job(&msg, move |m| {
                if let Some(done) = common(&m, &name2, &phase2) {
                    return done;
                }
                let conns: Vec<ConnInfo> = Array::from(&field(&m, "conns"))
                    .iter()
                    .map(|c| ConnInfo::from_js(&c))
                    .collect();
                match conns.len() {
                    0 => phase2.set(Phase::Failed(format!(
                        "{name2}: no TCP or UDP packets in it"
                    ))),
                    1 => extract.emit((file.clone(), Vec::new())),
                    _ => {
                        let chosen = conns.iter().take(8).map(|c| c.id).collect();
                        phase2.set(Phase::Picking {
                            file: file.clone(),
                            conns: Rc::new(conns),
                            chosen,
                        });
                    }
                }
                true
            });
            if started.is_err() {
                phase.set(Phase::Failed(format!(
                    "{name}: the file reader could not start"
                )));
            }
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
                        <progress max={total.max(1.0).to_string()} value={done.to_string()}>
                            { format!("{done} / {total}") }
                        </progress>
                    </label>
                </div>
            }
        }
        Phase::Failed(msg) => html! { <p class="import-error" role="alert">{ msg.clone() }</p> },
        Phase::Picking {
            file,
            conns,
            chosen,
        } => {
            let toggle = |id: u32| {
                let phase = phase.clone();
                Callback::from(move |_: Event| {
                    if let Phase::Picking {
                        file,
                        conns,
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
                            conns: conns.clone(),
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
            let row = |c: &ConnInfo| {
                let checked = chosen.contains(&c.id);
                html! {
                    <li key={c.id}>
                        <label>
                            <input type="checkbox" {checked} onchange={toggle(c.id)} />
                            <span class="conn-tuple">{ format!("#{} {} → {}", c.id, c.client, c.server) }</span>
                            <span class="muted">
                                { format!(" · {} pkts · {} B · {}–{}", c.packets, c.bytes,
                                    fmt_duration(c.start_us as u64), fmt_duration(c.end_us as u64)) }
                                { c.first_request.as_ref().map(|r| format!(" · {r}")).unwrap_or_default() }
                            </span>
                        </label>
                    </li>
                }
            };
            html! {
                <div class="import-pick">
                    <p>{ tf(lang, T::ImportPick, &[("name", &file.name()), ("n", &conns.len().to_string())]) }</p>
                    <ul class="conn-list">{ for conns.iter().map(row) }</ul>
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
