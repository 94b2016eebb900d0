//! Opening a file: a capture (pcap, pcapng, tcpdump text) or a Trace JSON, chosen with the
//! file picker or dropped on the page. A capture is read in chunks twice by the file worker
//! (`files.rs`: index, then extract) with a progress bar. When it holds several connections,
//! or one too long to draw whole (more packets than the extractor's segment cap), the user
//! picks the connections and a time range (From / To, seconds after the first packet: the
//! CLI's `import --conn N --from S --to S`). Every failure is shown with `role="alert"`.

use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::{Msg, Source};
use wiretrace_core::Trace;
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
    /// Several connections, or one too long to draw whole: the user picks (the choices
    /// live in [`PickForm`]).
    Picking {
        file: web_sys::File,
        conns: Rc<Vec<ConnInfo>>,
        /// The capture's last packet, microseconds after its first.
        end_us: u64,
        /// The extractor's segment cap.
        cap: f64,
    },
    Failed(String),
}

/// Microseconds as seconds, exactly and without trailing zeros: `18455` -> `0.018455`.
fn secs_text(us: u64) -> String {
    let s = format!("{}.{:06}", us / 1_000_000, us % 1_000_000);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One end of the time range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    From,
    To,
}

/// Why a time range is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RangeError {
    /// The field is not a number of seconds from 0 to the capture's end.
    Bad(Edge),
    /// From is not before To (`to_us`: the To in effect).
    Order { to_us: u64 },
}

/// A time range for the extractor; `None` is the capture's own start / end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Range {
    from_us: Option<u64>,
    to_us: Option<u64>,
}

/// Seconds typed in a field, as whole microseconds rounded the way the CLI's `--from` /
/// `--to` round them; empty is `None` (the capture's edge).
fn parse_secs(text: &str, end_us: u64) -> Result<Option<u64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let s: f64 = text.parse().map_err(|_| ())?;
    if !s.is_finite() || s < 0.0 {
        return Err(());
    }
    let us = (s * 1e6).round();
    if us > end_us as f64 {
        return Err(());
    }
    Ok(Some(us as u64))
}

/// The From / To fields checked against a capture whose last packet is `end_us` after its
/// first. Values at the capture's edges mean the edge (no cut), so the defaults draw what
/// `wiretrace import` without `--from` / `--to` draws.
fn check_range(from: &str, to: &str, end_us: u64) -> Result<Range, Vec<RangeError>> {
    let (f, t) = (parse_secs(from, end_us), parse_secs(to, end_us));
    let (Ok(f), Ok(t)) = (f, t) else {
        let mut errors = Vec::new();
        if f.is_err() {
            errors.push(RangeError::Bad(Edge::From));
        }
        if t.is_err() {
            errors.push(RangeError::Bad(Edge::To));
        }
        return Err(errors);
    };
    let from_us = f.filter(|us| *us > 0);
    let to_us = t.filter(|us| *us < end_us);
    let (lo, hi) = (from_us.unwrap_or(0), to_us.unwrap_or(end_us));
    if (from_us.is_some() || to_us.is_some()) && lo >= hi {
        return Err(vec![RangeError::Order { to_us: hi }]);
    }
    Ok(Range { from_us, to_us })
}

/// Key of the capture crate's segment-cap message in `source.detail_msgs`.
const CAP_KEY: &str = "capture.detail.cap";

/// What an imported Trace's source says about itself (link type, connections, time range,
/// caps), in the page's language: `detail_msgs` rendered one by one, or the English
/// `detail` for a Trace saved before the messages existed (or holding a key this page
/// does not know).
pub(crate) fn source_detail(src: &Source, lang: Lang) -> String {
    let known = |m: &Msg| i18n::template(lang, &m.key).is_some();
    if src.detail_msgs.is_empty() || !src.detail_msgs.iter().all(known) {
        return src.detail.clone();
    }
    let sep = i18n::template(lang, "capture.detail.separator").unwrap_or("; ");
    let parts: Vec<String> = src
        .detail_msgs
        .iter()
        .map(|m| i18n::render(lang, m))
        .collect();
    parts.join(sep)
}

/// The segment cap an imported Trace's source states: `(kept, left out)`, from the
/// arguments of the cap message. A Trace saved before `detail_msgs` existed has only the
/// English `detail`; its `capped: first N segments kept, M more left out` is parsed.
pub(crate) fn capped(src: &Source) -> Option<(u64, u64)> {
    if src.detail_msgs.is_empty() {
        return capped_text(&src.detail);
    }
    let m = src.detail_msgs.iter().find(|m| m.key == CAP_KEY)?;
    let num = |name: &str| m.args.get(name)?.parse().ok();
    Some((num("kept")?, num("left")?))
}

/// The cap as the English `detail` text states it (Traces from before `detail_msgs`).
fn capped_text(detail: &str) -> Option<(u64, u64)> {
    detail.split("; ").find_map(|part| {
        let rest = part.strip_prefix("capped: first ")?;
        let (kept, rest) = rest.split_once(" segments kept, ")?;
        let left = rest.strip_suffix(" more left out")?;
        Some((kept.parse().ok()?, left.parse().ok()?))
    })
}

/// What the user has chosen in the picker.
#[derive(Clone, Debug, Default, PartialEq)]
struct PickForm {
    chosen: Vec<u32>,
    from: String,
    to: String,
    /// Show what is wrong (after a field was left or "Draw them" pressed); from then on
    /// the messages follow the typing, so a fixed value clears its message at once.
    checked: bool,
}

enum FormAction {
    Reset { chosen: Vec<u32>, to: String },
    Toggle(u32),
    From(String),
    To(String),
    Check,
}

impl Reducible for PickForm {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut f = (*self).clone();
        match action {
            FormAction::Reset { chosen, to } => {
                f = PickForm {
                    chosen,
                    from: "0".to_owned(),
                    to,
                    checked: false,
                }
            }
            FormAction::Toggle(id) => match f.chosen.iter().position(|c| *c == id) {
                Some(i) => {
                    f.chosen.remove(i);
                }
                None => f.chosen.push(id),
            },
            FormAction::From(v) => f.from = v,
            FormAction::To(v) => f.to = v,
            FormAction::Check => f.checked = true,
        }
        Rc::new(f)
    }
}

/// A second-pass job: the file, the connections (empty: all) and the time range.
type Job = (web_sys::File, Vec<u32>, Range);

fn input_value(e: &InputEvent) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

fn is_json(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".json")
}

/// Reads a Trace JSON file (one the page or the CLI exported).
async fn read_json(file: &web_sys::File, lang: Lang) -> Result<Trace, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| t(lang, T::FileUnreadable).to_owned())?;
    let bytes = Uint8Array::new(&buf).to_vec();
    let text = String::from_utf8(bytes).map_err(|_| t(lang, T::NotUtf8).to_owned())?;
    crate::json::from_json(&text, lang)
}

/// A failure with a file, in the page's words.
fn failed(lang: Lang, name: &str, why: &str) -> Phase {
    Phase::Failed(tf(lang, T::FileProblem, &[("name", name), ("why", why)]))
}

/// Handles the worker's progress and error messages; true if the message was one of them
/// (an error ends the job).
fn common(msg: &JsValue, name: &str, lang: Lang, phase: &UseStateHandle<Phase>) -> Option<bool> {
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
            phase.set(failed(lang, name, &why));
            Some(true)
        }
        _ => None,
    }
}

/// Ends a job with the Trace it read (drawn under the file's name), or with why not.
fn finish(
    read: Result<Trace, String>,
    name: &str,
    lang: Lang,
    phase: &UseStateHandle<Phase>,
    on: &Callback<Action>,
) {
    match read {
        Ok(trace) => {
            phase.set(Phase::Idle);
            on.emit(Action::LoadTrace {
                trace: Rc::new(trace),
                name: name.to_owned(),
            });
        }
        Err(e) => phase.set(failed(lang, name, &e)),
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
    let form = use_reducer(PickForm::default);
    let dragging = use_state(|| false);
    let from_ref = use_node_ref();
    let to_ref = use_node_ref();

    // Second pass: draw the chosen connections.
    let extract = {
        let phase = phase.clone();
        let on = props.on.clone();
        Callback::from(move |(file, chosen, range): Job| {
            let name = file.name();
            let conns = Array::new();
            for c in &chosen {
                conns.push(&JsValue::from_f64(f64::from(*c)));
            }
            let mut fields = vec![
                ("op", "extract".into()),
                ("file", file.into()),
                ("conns", conns.into()),
                ("lang", lang.tag().into()),
            ];
            if let Some(us) = range.from_us {
                fields.push(("from_us", (us as f64).into()));
            }
            if let Some(us) = range.to_us {
                fields.push(("to_us", (us as f64).into()));
            }
            let msg = obj(&fields);
            let phase2 = phase.clone();
            let on = on.clone();
            let name2 = name.clone();
            let started = run_job(&msg, move |m| {
                if let Some(done) = common(&m, &name2, lang, &phase2) {
                    return done;
                }
                let json = field(&m, "json").as_string().unwrap_or_default();
                finish(
                    crate::json::from_json(&json, lang),
                    &name2,
                    lang,
                    &phase2,
                    &on,
                );
                true
            });
            if started.is_err() {
                phase.set(failed(lang, &name, t(lang, T::WorkerFailed)));
            }
        })
    };

    // First pass: find the connections (or read a Trace JSON at once).
    let open_file = {
        let phase = phase.clone();
        let on = props.on.clone();
        let extract = extract.clone();
        let form = form.dispatcher();
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
                    finish(read_json(&file, lang).await, &name, lang, &phase, &on);
                });
                return;
            }
            let msg = obj(&[
                ("op", "index".into()),
                ("file", file.clone().into()),
                ("lang", lang.tag().into()),
            ]);
            let phase2 = phase.clone();
            let extract = extract.clone();
            let form = form.clone();
            let name2 = name.clone();
            let started = run_job(&msg, move |m| {
                if let Some(done) = common(&m, &name2, lang, &phase2) {
                    return done;
                }
                let conns: Vec<ConnInfo> = Array::from(&field(&m, "conns"))
                    .iter()
                    .map(|c| ConnInfo::from_js(&c))
                    .collect();
                let end_us = field(&m, "end_us").as_f64().unwrap_or(0.0).max(0.0) as u64;
                let cap = field(&m, "max_segments").as_f64().unwrap_or(f64::INFINITY);
                let packets: f64 = conns.iter().map(|c| c.packets).sum();
                match conns.len() {
                    0 => phase2.set(failed(lang, &name2, t(lang, T::NoPackets))),
                    1 if packets <= cap => {
                        extract.emit((file.clone(), Vec::new(), Range::default()))
                    }
                    _ => {
                        let chosen = conns.iter().take(8).map(|c| c.id).collect();
                        form.dispatch(FormAction::Reset {
                            chosen,
                            to: secs_text(end_us),
                        });
                        phase2.set(Phase::Picking {
                            file: file.clone(),
                            conns: Rc::new(conns),
                            end_us,
                            cap,
                        });
                    }
                }
                true
            });
            if started.is_err() {
                phase.set(failed(lang, &name, t(lang, T::WorkerFailed)));
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
            end_us,
            cap,
        } => picker(
            lang,
            file,
            conns,
            *end_us,
            *cap,
            &form,
            &extract,
            [&from_ref, &to_ref],
        ),
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

/// The picker: connections, the time range, "Draw them".
#[allow(clippy::too_many_arguments)]
fn picker(
    lang: Lang,
    file: &web_sys::File,
    conns: &Rc<Vec<ConnInfo>>,
    end_us: u64,
    cap: f64,
    form: &UseReducerHandle<PickForm>,
    extract: &Callback<Job>,
    [from_ref, to_ref]: [&NodeRef; 2],
) -> Html {
    let range = check_range(&form.from, &form.to, end_us);
    let errors = if form.checked {
        range.err().unwrap_or_default()
    } else {
        Vec::new()
    };
    let none_chosen = form.checked && form.chosen.is_empty();
    let bad = |edge: Edge| {
        errors
            .iter()
            .any(|e| *e == RangeError::Bad(edge) || matches!(e, RangeError::Order { .. }))
    };
    let error_id = |e: &RangeError| match e {
        RangeError::Bad(Edge::From) => "import-from-error",
        RangeError::Bad(Edge::To) => "import-to-error",
        RangeError::Order { .. } => "import-order-error",
    };
    let described = |edge: Edge| {
        let ids: Vec<&str> = errors
            .iter()
            .filter(|e| **e == RangeError::Bad(edge) || matches!(e, RangeError::Order { .. }))
            .map(error_id)
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let end = secs_text(end_us);
    let message = |e: &RangeError| match e {
        RangeError::Bad(edge) => {
            let name = t(
                lang,
                if *edge == Edge::From {
                    T::ImportFrom
                } else {
                    T::ImportTo
                },
            );
            tf(lang, T::ImportRangeBad, &[("field", name), ("end", &end)])
        }
        RangeError::Order { to_us } => tf(
            lang,
            T::ImportRangeOrder,
            &[("to", &secs_text(*to_us)), ("end", &end)],
        ),
    };

    let draw = {
        let extract = extract.clone();
        let file = file.clone();
        let form = form.clone();
        let refs = [from_ref.clone(), to_ref.clone()];
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match check_range(&form.from, &form.to, end_us) {
                Ok(range) if !form.chosen.is_empty() => {
                    extract.emit((file.clone(), form.chosen.clone(), range))
                }
                result => {
                    form.dispatch(FormAction::Check);
                    // Take the keyboard to the first field to fix.
                    let to_fix = match result.err().as_deref() {
                        Some([RangeError::Bad(Edge::To)]) => Some(&refs[1]),
                        Some(_) => Some(&refs[0]),
                        None => None,
                    };
                    if let Some(el) = to_fix.and_then(|r| r.cast::<web_sys::HtmlElement>()) {
                        let _ = el.focus();
                    }
                }
            }
        })
    };
    let check = {
        let form = form.dispatcher();
        Callback::from(move |_: Event| form.dispatch(FormAction::Check))
    };
    let field = |edge: Edge| {
        let (id, key, value, node) = match edge {
            Edge::From => ("import-from", T::ImportFrom, &form.from, from_ref),
            Edge::To => ("import-to", T::ImportTo, &form.to, to_ref),
        };
        let oninput = {
            let form = form.dispatcher();
            Callback::from(move |e: InputEvent| {
                let v = input_value(&e);
                form.dispatch(match edge {
                    Edge::From => FormAction::From(v),
                    Edge::To => FormAction::To(v),
                })
            })
        };
        let invalid = bad(edge);
        let placeholder = match edge {
            Edge::From => "0".to_owned(),
            Edge::To => end.clone(),
        };
        html! {
            <div class={classes!("range-field", invalid.then_some("invalid"))}>
                <label for={id}>{ t(lang, key) }</label>
                <input type="text" {id} ref={node.clone()} value={value.clone()} {placeholder}
                    inputmode="decimal" spellcheck="false" autocomplete="off"
                    oninput={oninput} onchange={check.clone()}
                    aria-invalid={invalid.then_some("true")}
                    aria-describedby={described(edge)} />
                <span class="muted">{ t(lang, T::ImportSeconds) }</span>
            </div>
        }
    };

    let row = |c: &ConnInfo| {
        let checked = form.chosen.contains(&c.id);
        let toggle = {
            let form = form.dispatcher();
            let id = c.id;
            Callback::from(move |_: Event| form.dispatch(FormAction::Toggle(id)))
        };
        let span = tf(
            lang,
            T::ImportSpan,
            &[
                ("from", &secs_text(c.start_us as u64)),
                ("to", &secs_text(c.end_us as u64)),
            ],
        );
        html! {
            <li key={c.id}>
                <label>
                    <input type="checkbox" {checked} onchange={toggle} />
                    <span class="conn-tuple">{ format!("#{} {} → {}", c.id, c.client, c.server) }</span>
                    <span class="muted">
                        { tf(lang, T::ConnRow, &[("packets", &c.packets.to_string()), ("bytes", &c.bytes.to_string()), ("span", &span)]) }
                        { c.first_request.as_ref().map(|r| format!(" · {r}")).unwrap_or_default() }
                    </span>
                </label>
            </li>
        }
    };
    let name = file.name();
    let packets: f64 = conns.iter().map(|c| c.packets).sum();
    let intro = if conns.len() == 1 {
        tf(
            lang,
            T::ImportPickOne,
            &[
                ("name", &name),
                ("n", &packets.to_string()),
                ("cap", &cap.to_string()),
            ],
        )
    } else {
        tf(
            lang,
            T::ImportPick,
            &[("name", &name), ("n", &conns.len().to_string())],
        )
    };
    let chosen_packets: f64 = conns
        .iter()
        .filter(|c| form.chosen.contains(&c.id))
        .map(|c| c.packets)
        .sum();
    let over_cap = conns.len() > 1 && chosen_packets > cap;
    html! {
        <form class="import-pick" onsubmit={draw} novalidate=true>
            <p>{ intro }</p>
            <ul class="conn-list">{ for conns.iter().map(row) }</ul>
            if none_chosen {
                <p class="param-error" role="alert">{ t(lang, T::ImportNoneChosen) }</p>
            }
            if over_cap {
                <p class="import-note">
                    { tf(lang, T::ImportOverCap, &[("n", &chosen_packets.to_string()), ("cap", &cap.to_string())]) }
                </p>
            }
            <fieldset class="import-range">
                <legend>{ tf(lang, T::ImportRange, &[("end", &end)]) }</legend>
                <div class="range-fields">
                    { field(Edge::From) }
                    { field(Edge::To) }
                </div>
                { for errors.iter().map(|e| html! {
                    <p class="param-error" id={error_id(e)} role="alert">{ message(e) }</p>
                }) }
            </fieldset>
            <button type="submit" class="btn btn-primary">{ t(lang, T::ImportDraw) }</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const END: u64 = 19_899;

    #[test]
    fn seconds_are_written_exactly() {
        assert_eq!(secs_text(0), "0");
        assert_eq!(secs_text(18_455), "0.018455");
        assert_eq!(secs_text(2_000_000), "2");
        assert_eq!(secs_text(12_500_000), "12.5");
        for us in [0, 1, 18_455, 18_666, END, 3_600_000_001] {
            assert_eq!(parse_secs(&secs_text(us), u64::MAX), Ok(Some(us)));
        }
    }

    #[test]
    fn the_defaults_are_the_whole_capture() {
        assert_eq!(check_range("0", &secs_text(END), END), Ok(Range::default()));
        assert_eq!(check_range("", " ", END), Ok(Range::default()));
        // A capture of one instant: the defaults still draw it.
        assert_eq!(check_range("0", "0", 0), Ok(Range::default()));
    }

    #[test]
    fn a_range_is_rounded_to_microseconds_like_the_cli() {
        // The CLI: (s * 1e6).round().
        assert_eq!(
            check_range("0.0185", "", END),
            Ok(Range {
                from_us: Some(18_500),
                to_us: None
            })
        );
        assert_eq!(
            check_range(" 0.0000004 ", "0.01", END),
            Ok(Range {
                from_us: None,
                to_us: Some(10_000)
            })
        );
        assert_eq!(
            check_range("1e-3", "0.019", END),
            Ok(Range {
                from_us: Some(1_000),
                to_us: Some(19_000)
            })
        );
        // Beyond the end by less than half a microsecond is the end.
        assert_eq!(check_range("", "0.0198994", END), Ok(Range::default()));
        assert_eq!(
            check_range("", "0.0199", END),
            Err(vec![RangeError::Bad(Edge::To)])
        );
    }

    #[test]
    fn bad_values_name_their_field() {
        for bad in ["abc", "-1", "-0.001", "NaN", "inf", "1..2", "0.5", "0x10"] {
            assert_eq!(
                check_range(bad, "", END),
                Err(vec![RangeError::Bad(Edge::From)]),
                "{bad}"
            );
            assert_eq!(
                check_range("", bad, END),
                Err(vec![RangeError::Bad(Edge::To)]),
                "{bad}"
            );
        }
        assert_eq!(
            check_range("x", "y", END),
            Err(vec![RangeError::Bad(Edge::From), RangeError::Bad(Edge::To)])
        );
    }

    #[test]
    fn from_must_come_before_to() {
        assert_eq!(
            check_range("0.015", "0.01", END),
            Err(vec![RangeError::Order { to_us: 10_000 }])
        );
        assert_eq!(
            check_range("0.01", "0.01", END),
            Err(vec![RangeError::Order { to_us: 10_000 }])
        );
        assert_eq!(
            check_range(&secs_text(END), "", END),
            Err(vec![RangeError::Order { to_us: END }])
        );
        assert_eq!(
            check_range("", "0", END),
            Err(vec![RangeError::Order { to_us: 0 }])
        );
    }

    const PCAP: &[u8] = include_bytes!("../../../../tests/captures/http10-two-conns.pcap");

    /// The two-connection capture, cut to its first 5 segments.
    fn capped_import() -> Trace {
        let sel = wiretrace_capture::Selection {
            max_segments: 5,
            ..wiretrace_capture::Selection::all()
        };
        wiretrace_capture::import("x.pcap", PCAP, &sel).unwrap()
    }

    #[test]
    fn the_cap_is_read_from_the_capture_crates_message() {
        let trace = capped_import();
        let src = trace.source.as_ref().unwrap();
        assert_eq!(capped(src), Some((5, 19)), "{:?}", src.detail_msgs);
        // The numbers come from the message's arguments, not from the English text.
        let mut edited = src.clone();
        edited.detail = String::new();
        let cap = edited
            .detail_msgs
            .iter_mut()
            .find(|m| m.key == CAP_KEY)
            .unwrap();
        cap.args.insert("left".into(), "7".into());
        assert_eq!(capped(&edited), Some((5, 7)));
        // A cap message with a missing or bad number is no cap.
        let mut bad = edited.clone();
        for m in &mut bad.detail_msgs {
            m.args.insert("kept".into(), "many".into());
        }
        assert_eq!(capped(&bad), None);
        // Uncapped: no cap message, so none, even with cap-like English text.
        let all = wiretrace_capture::Selection::all();
        let whole = wiretrace_capture::import("x.pcap", PCAP, &all).unwrap();
        let mut whole = whole.source.unwrap();
        assert_eq!(capped(&whole), None);
        whole
            .detail
            .push_str("; capped: first 1 segments kept, 2 more left out");
        assert_eq!(capped(&whole), None);
        // A Trace saved before detail_msgs: the English text is parsed.
        let old = Source {
            detail_msgs: Vec::new(),
            ..src.clone()
        };
        assert_eq!(capped(&old), Some((5, 19)), "{}", old.detail);
        assert_eq!(
            capped(&Source {
                detail: "Ethernet; 1 connection".into(),
                ..Source::default()
            }),
            None
        );
    }

    #[test]
    fn the_source_detail_follows_the_page_language() {
        let trace = capped_import();
        let src = trace.source.as_ref().unwrap();
        assert_eq!(source_detail(src, Lang::En), src.detail);
        let zh = source_detail(src, Lang::Zh);
        assert!(
            zh.contains("已截断：只保留前 5 个报文段，另有 19 个未纳入"),
            "{zh}"
        );
        assert!(zh.contains("2 个连接"), "{zh}");
        assert!(!zh.contains("capped") && !zh.contains("inferred"), "{zh}");
        // Old JSON (no messages) and an unknown key fall back to the English text.
        let old = Source {
            detail_msgs: Vec::new(),
            ..src.clone()
        };
        assert_eq!(source_detail(&old, Lang::Zh), src.detail);
        let mut newer = src.clone();
        newer.detail_msgs[0].key = "capture.detail.from-the-future".into();
        assert_eq!(source_detail(&newer, Lang::Zh), src.detail);
    }
}
