//! Predict mode: the question the player stopped on, an answer field, and the answer from
//! the trace once the user has tried (or asked to see it).

use wiretrace_core::i18n::Lang;
use wiretrace_core::tcp::state::State;
use wiretrace_core::Trace;
use wiretrace_diagram::story::Question;
use yew::prelude::*;

use super::explanation::endpoint_name;
use crate::shared::Shared;
use crate::state::{Action, Asking, Isns, Quiz, Verdict};
use crate::ui::{grouped, t, tf, T};

#[derive(Properties, PartialEq)]
pub struct QuizProps {
    pub lang: Lang,
    pub trace: Shared<Trace>,
    pub quiz: Quiz,
    pub on: Callback<Action>,
}

#[component]
pub fn QuizCard(props: &QuizProps) -> Html {
    let lang = props.lang;
    let input_ref = use_node_ref();
    let score = tf(
        lang,
        T::QuizScore,
        &[
            ("right", &props.quiz.right.to_string()),
            ("asked", &props.quiz.asked.to_string()),
        ],
    );
    let Some(Asking { question: q, .. }) = &props.quiz.asking else {
        return html! {
            <div class="quiz quiz-idle" aria-live="polite">
                <p><strong>{ t(lang, T::QuizOn) }</strong>{ " " }{ score }</p>
            </div>
        };
    };
    let who = |id: &str| endpoint_name(&props.trace, lang, id);
    let (text, answer) = match q {
        Question::Ack { endpoint, answer } => (
            tf(lang, T::QuizAck, &[("who", &who(endpoint))]),
            answer.to_string(),
        ),
        Question::Seq { endpoint, answer } => (
            tf(lang, T::QuizSeq, &[("who", &who(endpoint))]),
            answer.to_string(),
        ),
        Question::State { endpoint, answer } => (
            tf(lang, T::QuizState, &[("who", &who(endpoint))]),
            answer.name().to_owned(),
        ),
        Question::Cwnd {
            endpoint, answer, ..
        } => (
            tf(lang, T::QuizCwnd, &[("who", &who(endpoint))]),
            answer.to_string(),
        ),
        Question::NewSegments {
            endpoint, answer, ..
        } => (
            tf(lang, T::QuizSegments, &[("who", &who(endpoint))]),
            answer.to_string(),
        ),
    };
    let field = match q {
        Question::State { .. } => html! {
            <select ref={input_ref.clone()} class="quiz-input" aria-label={text.clone()}>
                { for State::ALL.iter().map(|s| html! { <option value={s.name()}>{ s.name() }</option> }) }
            </select>
        },
        _ => html! {
            <input ref={input_ref.clone()} type="text" class="quiz-input" inputmode="numeric"
                autocomplete="off" aria-label={text.clone()} />
        },
    };
    let submit = {
        let on = props.on.clone();
        let input_ref = input_ref.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = input_ref
                .cast::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| {
                    input_ref
                        .cast::<web_sys::HtmlSelectElement>()
                        .map(|s| s.value())
                });
            on.emit(Action::Answer(value));
        })
    };
    let reveal = props.on.reform(|_: MouseEvent| Action::Answer(None));
    let go_on = props.on.reform(|_: MouseEvent| Action::Continue);
    html! {
        <div class="quiz" aria-live="polite">
            <p class="quiz-kicker">{ t(lang, T::QuizTitle) }<span class="muted">{ " · " }{ score }</span></p>
            <p class="quiz-q">{ text }</p>
            {
                match &props.quiz.verdict {
                    None => html! {
                        <form class="quiz-form" onsubmit={submit}>
                            { field }
                            <button type="submit" class="btn btn-primary">{ t(lang, T::QuizCheck) }</button>
                            <button type="button" class="btn btn-ghost" onclick={reveal}>{ t(lang, T::QuizShow) }</button>
                        </form>
                    },
                    Some(Verdict { given, right }) => {
                        let (class, msg) = match right {
                            Some(true) => ("quiz-right", tf(lang, T::QuizRight, &[("answer", &answer)])),
                            Some(false) => ("quiz-wrong", tf(lang, T::QuizWrong, &[("given", given), ("answer", &answer)])),
                            None => ("quiz-shown", tf(lang, T::QuizAnswer, &[("answer", &answer)])),
                        };
                        html! {
                            <>
                                <p class={classes!("quiz-verdict", class)}>{ msg }</p>
                                if let Some(why) = why(lang, q) {
                                    <p class="quiz-why">{ why }</p>
                                }
                                <button type="button" class="btn btn-primary" onclick={go_on}>{ t(lang, T::QuizContinue) }</button>
                            </>
                        }
                    }
                }
            }
        </div>
    }
}

/// Why the trace's answer is what it is, for the questions that explain it: the segments
/// an ACK lets the sender send, from its windows and data once the ACK is processed.
fn why(lang: Lang, q: &Question) -> Option<String> {
    let Question::NewSegments { answer, room, .. } = q else {
        return None;
    };
    let n = |v: u32| grouped(v as usize);
    let args = [
        ("answer", n(*answer)),
        ("cwnd_before", n(room.cwnd_before)),
        ("cwnd", n(room.cwnd)),
        ("wnd", n(room.snd_wnd)),
        ("flight_before", n(room.in_flight_before)),
        ("flight", n(room.in_flight)),
        ("smss", n(room.smss)),
        ("room", n(room.room())),
        ("waiting", n(room.waiting)),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reason = if room.room() == 0 {
        T::QuizSegmentsFull
    } else if room.data_limited() {
        T::QuizSegmentsData
    } else {
        T::QuizSegmentsRoom
    };
    Some(format!(
        "{} {}",
        tf(lang, T::QuizSegmentsAcked, &args),
        tf(lang, reason, &args)
    ))
}

/// Fresh ISNs for a new round (the engine stays deterministic: the numbers go in as
/// parameters).
pub fn random_isns() -> Isns {
    let r = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    Isns {
        client: r(),
        server: r(),
    }
}
