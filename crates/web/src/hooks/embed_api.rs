//! The host page's API of an embed (`embed=1`): commands come in by `postMessage`
//! (`{wiretrace: 1, method, value?, id?}`, or reveal.js's `slide:start` / `slide:stop`),
//! events go out to the parent (`{wiretrace: 1, player_id?, event, data}`), and the embed's
//! size is posted whenever it changes. Only the parent window is heard, and only from
//! `origin=` when the link gives one; anything else is ignored without a word.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use serde_json::{json, Map, Value};
use wasm_bindgen::{JsCast, JsValue};
use wiretrace_core::i18n::Lang;
use wiretrace_diagram::story;
use yew::prelude::*;

use crate::components::app::Gate;
use crate::dom;
use crate::embed::{EmbedOptions, Theme};
use crate::link::Link;
use crate::state::{Action, Model, SPEEDS};

/// What the API reads between renders: the page as last drawn.
#[derive(Clone)]
pub struct Now {
    pub model: Model,
    pub theme: Theme,
    /// The link asked to play at once (`play=1` / `autoplay=1`): reveal.js's
    /// `slide:start` resumes only then.
    pub autoplay: bool,
    /// Autoplay is held back (reduced motion).
    pub held: bool,
    /// The page's order of actions: while a link waits for its texts, a step asked for is
    /// one of that link's run, not of the run shown.
    pub gate: Rc<Gate>,
}

/// The link the page is at, as text (what `linkchange` and `ready` carry).
fn link_text(m: &Model) -> String {
    m.link().format().trim_start_matches('#').to_owned()
}

/// `ready`'s data (also `ping`'s answer).
pub fn ready_data(now: &Now, opts: &EmbedOptions) -> Value {
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "link": link_text(&now.model),
        "step": now.model.step,
        "total": now.model.total(),
        "lang": now.model.lang.tag(),
        "theme": now.theme.tag(),
        "ignored": opts.ignored,
    })
}

/// `getState`'s answer.
pub fn state_data(now: &Now) -> Value {
    let m = &now.model;
    json!({
        "step": m.step,
        "total": m.total(),
        "playing": m.playing,
        "rate": SPEEDS[m.speed],
        "lang": m.lang.tag(),
        "theme": now.theme.tag(),
        "link": link_text(m),
    })
}

/// `step`'s data: where the player is, the current segment and each endpoint's state.
pub fn step_data(m: &Model) -> Value {
    let seg = m.current().and_then(|i| m.trace.segments.get(i));
    let states: Map<String, Value> = story::StatesNow::at(&m.trace, m.step)
        .iter()
        .map(|e| (e.id.to_owned(), Value::from(e.state.name())))
        .collect();
    json!({
        "step": m.step,
        "total": m.total(),
        "segment_id": seg.map(|s| s.id),
        "flags": seg.map_or(Value::Array(Vec::new()), |s| {
            serde_json::to_value(s.flags).unwrap_or(Value::Null)
        }),
        "states": states,
    })
}

/// A command from the host, checked: the action to take, or what was wrong with it.
pub enum Command {
    Act(Action),
    Theme(Theme),
    /// Answer with data and do nothing else.
    Answer(Value),
    /// `ping`: post `ready` again (for a listener added late).
    Ping,
}

fn whole(v: &Value) -> Option<usize> {
    let n = v.as_f64()?;
    (n >= 0.0 && n.fract() == 0.0 && n <= usize::MAX as f64).then_some(n as usize)
}

/// Reads one command. `value` is the message's `value` (absent: `Null`).
pub fn command(method: &str, value: &Value, now: &Now) -> Result<Command, String> {
    let m = &now.model;
    let total = m.total();
    Ok(match method {
        "play" => Command::Act(Action::SetPlaying(true)),
        "pause" => Command::Act(Action::SetPlaying(false)),
        "stepForward" => Command::Act(Action::Forward),
        "stepBack" => Command::Act(Action::Back),
        "seek" => {
            let v = value.get("step").unwrap_or(value);
            // A link waiting for its texts: its run is not here yet, and a step past its
            // end goes to its end.
            let waiting = now.gate.holds_link();
            match whole(v).filter(|&n| waiting || n <= total) {
                Some(n) => Command::Act(Action::Seek(n)),
                None => return Err(format!("seek: expected a step from 0 to {total}, got {v}")),
            }
        }
        "setPlaybackRate" => {
            let v = value.get("rate").unwrap_or(value);
            match v
                .as_f64()
                .and_then(|r| SPEEDS.iter().position(|&s| f64::from(s) == r))
            {
                Some(i) => Command::Act(Action::SetSpeed(i)),
                None => {
                    return Err(format!(
                        "setPlaybackRate: expected 0.25, 0.5, 1, 2 or 4, got {v}"
                    ))
                }
            }
        }
        "setLang" => match value.as_str() {
            Some(tag @ ("en" | "zh")) => Command::Act(Action::SetLang(Lang::from_tag(tag))),
            _ => return Err(format!("setLang: expected \"en\" or \"zh\", got {value}")),
        },
        "setTheme" => match value.as_str().and_then(Theme::from_tag) {
            Some(t) => Command::Theme(t),
            None => {
                return Err(format!(
                    "setTheme: expected \"auto\", \"light\" or \"dark\", got {value}"
                ))
            }
        },
        "load" => {
            // A link as the hash writes it, never a URL: nothing is fetched or navigated.
            let Some(text) = value.as_str().or_else(|| value.get("link")?.as_str()) else {
                return Err(format!("load: expected a link string, got {value}"));
            };
            if text.contains("://") || text.starts_with("//") {
                return Err("load: expected a link like \"s=handshake&t=3\", not a URL".into());
            }
            let mut link = Link::parse(text);
            link.embed = vec![("embed".into(), "1".into())];
            EmbedOptions::take(&mut link);
            link.embed.clear();
            // Runs are pure and deterministic: try it first, so a bad link is an error
            // event and the run on screen stays as it is.
            if let Some(problem) = m.clone().apply(Action::OpenLink(link.clone())).alert {
                return Err(format!("load: {problem}"));
            }
            Command::Act(Action::OpenLink(link))
        }
        "getState" => Command::Answer(state_data(now)),
        "ping" => Command::Ping,
        _ => return Err(format!("unknown method {method:?}")),
    })
}

/// The parent's origin, where the browser tells (`location.ancestorOrigins`: Chromium,
/// Safari).
fn parent_origin(w: &web_sys::Window) -> Option<String> {
    let list = js_sys::Reflect::get(&w.location(), &JsValue::from_str("ancestorOrigins")).ok()?;
    js_sys::Reflect::get(&list, &JsValue::from_f64(0.0))
        .ok()?
        .as_string()
}

/// Posts a message to the parent window (nothing when the page is not in a frame, or when
/// the parent is known not to be `origin=`: the browser would refuse it with a console
/// error).
fn post_raw(opts: &EmbedOptions, msg: &Value) {
    let Some(w) = dom::window() else { return };
    let Some(parent) = parent_of(&w) else { return };
    if let (Some(want), Some(have)) = (&opts.origin, parent_origin(&w)) {
        if *want != have {
            return;
        }
    }
    let Ok(data) = js_sys::JSON::parse(&msg.to_string()) else {
        return;
    };
    let _ = parent.post_message(&data, opts.origin.as_deref().unwrap_or("*"));
}

/// The parent window, when this page is framed.
fn parent_of(w: &web_sys::Window) -> Option<web_sys::Window> {
    let parent = w.parent().ok().flatten()?;
    (JsValue::from(&parent) != JsValue::from(w)).then_some(parent)
}

/// Posts one of our events.
pub fn emit(opts: &EmbedOptions, event: &str, data: Value) {
    let mut msg = json!({ "wiretrace": 1, "event": event, "data": data });
    if let Some(id) = &opts.player_id {
        msg["player_id"] = Value::from(id.as_str());
    }
    post_raw(opts, &msg);
}

/// Whether a message may be obeyed: it comes from the parent window, from `origin=` when
/// the link names one.
fn trusted(e: &web_sys::MessageEvent, opts: &EmbedOptions) -> bool {
    let Some(w) = dom::window() else { return false };
    let (Some(parent), Some(source)) = (parent_of(&w), e.source()) else {
        return false;
    };
    if JsValue::from(source) != JsValue::from(parent) {
        return false;
    }
    opts.origin.as_deref().is_none_or(|o| e.origin() == o)
}

/// Wires the API. `now` is refreshed on every render by the caller.
#[hook]
pub fn use_embed_api(
    opts: Rc<EmbedOptions>,
    now: Rc<RefCell<Now>>,
    on: Callback<Action>,
    on_theme: Callback<Theme>,
) {
    // Commands.
    {
        let opts = opts.clone();
        let now = now.clone();
        use_effect_with((), move |_| {
            let listener = opts.on.then(dom::window).flatten().map(|w| {
                EventListener::new(&w, "message", move |event| {
                    let Some(e) = event.dyn_ref::<web_sys::MessageEvent>() else {
                        return;
                    };
                    if !trusted(e, &opts) {
                        return;
                    }
                    handle(e.data(), &opts, &now.borrow(), &on, &on_theme);
                })
            });
            move || drop(listener)
        });
    }

    // Events, from what changed since the last render.
    let seen = use_mut_ref(|| None::<Now>);
    {
        let opts = opts.clone();
        let current = now.borrow().clone();
        let m = &current.model;
        let verdict = m.quiz.as_ref().and_then(|q| q.verdict.clone());
        let deps = (
            m.run,
            m.step,
            m.playing,
            m.speed,
            link_text(m),
            m.lang,
            current.theme,
            verdict,
        );
        use_effect_with(deps, move |_| {
            if opts.on {
                events(&opts, &mut seen.borrow_mut(), current);
            }
        });
    }
}

fn handle(
    data: JsValue,
    opts: &EmbedOptions,
    now: &Now,
    on: &Callback<Action>,
    on_theme: &Callback<Theme>,
) {
    // reveal.js tells every iframe of a slide when it is shown and left.
    if let Some(s) = data.as_string() {
        match s.as_str() {
            "slide:start" if now.autoplay && !now.held => on.emit(Action::SetPlaying(true)),
            "slide:stop" => on.emit(Action::SetPlaying(false)),
            _ => {}
        }
        return;
    }
    // Plain data only: whatever cannot be written as JSON is not for us.
    let Some(text) = js_sys::JSON::stringify(&data)
        .ok()
        .and_then(|s| s.as_string())
    else {
        return;
    };
    let Ok(Value::Object(msg)) = serde_json::from_str::<Value>(&text) else {
        return;
    };
    if msg.get("wiretrace") != Some(&Value::from(1)) {
        return;
    }
    let Some(method) = msg.get("method").and_then(Value::as_str) else {
        return;
    };
    let value = msg.get("value").cloned().unwrap_or(Value::Null);
    let id = msg.get("id").cloned();
    let answer = match command(method, &value, now) {
        Ok(Command::Act(action)) => {
            on.emit(action);
            Value::Null
        }
        Ok(Command::Theme(theme)) => {
            on_theme.emit(theme);
            Value::Null
        }
        Ok(Command::Answer(v)) => v,
        Ok(Command::Ping) => {
            let data = ready_data(now, opts);
            emit(opts, "ready", data.clone());
            data
        }
        Err(message) => {
            let mut data = json!({ "method": method, "message": message });
            if let Some(id) = &id {
                data["id"] = id.clone();
            }
            emit(opts, "error", data);
            return;
        }
    };
    if let Some(id) = id {
        post_raw(
            opts,
            &json!({ "wiretrace": 1, "id": id, "method": method, "value": answer }),
        );
    }
}

/// What a predict-mode question asks, for the `answer` event.
fn question_name(q: &story::Question) -> String {
    match q {
        story::Question::Ack { endpoint, .. } => format!("ack of {endpoint}"),
        story::Question::Seq { endpoint, .. } => format!("seq of {endpoint}"),
        story::Question::State { endpoint, .. } => format!("state of {endpoint}"),
        story::Question::Cwnd { endpoint, .. } => format!("cwnd of {endpoint}"),
        story::Question::NewSegments { endpoint, .. } => format!("segments of {endpoint}"),
    }
}

/// Posts the events between the page last seen and the page now.
fn events(opts: &EmbedOptions, seen: &mut Option<Now>, now: Now) {
    let Some(before) = seen.replace(now.clone()) else {
        emit(opts, "ready", ready_data(&now, opts));
        return;
    };
    let (a, b) = (&before.model, &now.model);
    if b.playing && !a.playing {
        emit(opts, "play", json!({ "step": b.step }));
    }
    if a.step != b.step || a.run != b.run {
        emit(opts, "step", step_data(b));
    }
    if a.playing && !b.playing {
        emit(opts, "pause", json!({ "step": b.step }));
        if b.step >= b.limit() && b.total() > 0 {
            emit(opts, "ended", json!({ "step": b.step, "total": b.total() }));
        }
    }
    if a.speed != b.speed {
        emit(opts, "ratechange", json!({ "rate": SPEEDS[b.speed] }));
    }
    let link = link_text(b);
    if link != link_text(a) {
        emit(opts, "linkchange", json!({ "link": link }));
    }
    let verdict = |m: &Model| m.quiz.as_ref().and_then(|q| q.verdict.clone());
    if let (Some(v), Some(quiz)) = (verdict(b), b.quiz.as_ref()) {
        if verdict(a).as_ref() != Some(&v) {
            let question = quiz.asking.as_ref();
            emit(
                opts,
                "answer",
                json!({
                    "question": question.map(|q| question_name(&q.question)),
                    "segment_id": question.map(|q| q.segment),
                    "step": b.step,
                    "correct": v.right,
                    "attempts": quiz.asked,
                }),
            );
        }
    }
}

/// Posts `resize {width, height}` whenever the embed's box changes size, and with
/// `autoheight=1` also the messages Canvas (`lti.frameResize`) and Embedly-style hosts
/// (`iframe.resize`) act on. The height is capped at `maxheight` by the page's CSS.
#[hook]
pub fn use_resize_reports(opts: Rc<EmbedOptions>, root: NodeRef) {
    use_effect_with((), move |_| {
        let el = root.cast::<web_sys::Element>().filter(|_| opts.on);
        if let (Some(h), Some(el)) = (opts.maxheight, el.as_ref()) {
            // The cap, for the style sheet (CSSOM: the CSP allows no style attribute).
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.style().set_property("--wt-maxh", &format!("{h}px"));
            }
        }
        let last = Rc::new(RefCell::new((0, 0)));
        let report = {
            let el = el.clone();
            move || {
                let Some(el) = &el else { return };
                let r = el.get_bounding_client_rect();
                let size = (r.width().ceil() as i64, r.height().ceil() as i64);
                if *last.borrow() == size {
                    return;
                }
                *last.borrow_mut() = size;
                emit(
                    &opts,
                    "resize",
                    json!({ "width": size.0, "height": size.1 }),
                );
                if opts.autoheight {
                    // Canvas's own message format (its key names are Canvas's, not ours).
                    post_raw(
                        &opts,
                        &json!({ "subject": "lti.frameResize", "height": size.1 }),
                    );
                    let src = dom::window()
                        .and_then(|w| w.location().href().ok())
                        .unwrap_or_default();
                    post_raw(
                        &opts,
                        &json!({ "context": "iframe.resize", "src": src, "height": size.1 }),
                    );
                }
            }
        };
        let watch = el.as_ref().and_then(|el| dom::ResizeWatch::new(el, report));
        move || drop(watch)
    });
}
