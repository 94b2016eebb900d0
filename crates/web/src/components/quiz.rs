//! Predict mode: the question the player stopped on, an answer field, and the answer from
//! the trace once the user has tried (or asked to see it).

use wiretrace_core::i18n::Lang;
use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::TcbSample;
use wiretrace_core::Trace;
use wiretrace_diagram::story::{CwndChange, CwndRule, Question, SendRoom};
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
    let card_ref = use_node_ref();
    // A new question is brought into view: on a phone the player's bar is fixed at the
    // bottom, and the question under it would look as if the step did nothing.
    let asking = props.quiz.asking.is_some() && props.quiz.verdict.is_none();
    {
        let card_ref = card_ref.clone();
        use_effect_with((props.quiz.asked, asking), move |&(_, asking)| {
            if asking {
                if let Some(card) = card_ref.cast::<web_sys::Element>() {
                    show_whole(&card);
                }
            }
        });
    }
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
            // Bytes, grouped as the reveal and the socket panel write them.
            grouped(*answer as usize),
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
        <div class="quiz" aria-live="polite" ref={card_ref}>
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

/// Scrolls `el` into view, its bottom above the player's bar where that bar is fixed at
/// the window's bottom (phones; `.quiz`'s `scroll-margin-bottom` keeps it clear), unless
/// it is in view already.
fn show_whole(el: &web_sys::Element) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let fixed_bar_top = window
        .document()
        .and_then(|d| d.query_selector(".player").ok().flatten())
        .filter(|bar| {
            window
                .get_computed_style(bar)
                .ok()
                .flatten()
                .and_then(|st| st.get_property_value("position").ok())
                .is_some_and(|p| p == "fixed")
        })
        .map(|bar| bar.get_bounding_client_rect().top());
    let bottom = fixed_bar_top.unwrap_or(height).min(height);
    let r = el.get_bounding_client_rect();
    if r.top() < 0.0 || r.bottom() > bottom {
        el.scroll_into_view_with_bool(false);
    }
}

/// Why the trace's answer is what it is, for the questions that explain it: the segments
/// an ACK lets the sender send, from its windows and data once the ACK is processed; the
/// cwnd an ACK leaves, from the rule that set it.
fn why(lang: Lang, q: &Question) -> Option<String> {
    match q {
        Question::NewSegments { answer, room, .. } => Some(segments_why(lang, *answer, room)),
        Question::Cwnd { change, .. } => Some(cwnd_why(lang, change)),
        Question::Ack { .. } | Question::Seq { .. } | Question::State { .. } => None,
    }
}

fn segments_why(lang: Lang, answer: u32, room: &SendRoom) -> String {
    let n = |v: u32| grouped(v as usize);
    let args = [
        ("answer", n(answer)),
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
    format!(
        "{} {}",
        tf(lang, T::QuizSegmentsAcked, &args),
        tf(lang, reason, &args)
    )
}

/// What the ACK did to cwnd, then the rule's arithmetic with the trace's numbers; only
/// the numbers when no rule gives them ([`CwndChange::rule`]).
fn cwnd_why(lang: Lang, c: &CwndChange) -> String {
    let n = |v: u32| grouped(v as usize);
    let ss_before = if c.ssthresh_before == TcbSample::UNLIMITED {
        t(lang, T::TcbUnlimited).to_owned()
    } else {
        tf(lang, T::TcbBytes, &[("n", &n(c.ssthresh_before))])
    };
    let args = [
        ("cwnd_before", n(c.cwnd_before)),
        ("cwnd", n(c.cwnd)),
        ("ss_before", ss_before),
        ("ss", n(c.ssthresh)),
        ("smss", n(c.smss)),
        ("flight_before", n(c.in_flight_before)),
        ("acked", n(c.acked)),
        // The rule is checked against the numbers: its increase is the difference.
        ("step", n(c.cwnd.saturating_sub(c.cwnd_before))),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let acked = tf(lang, T::QuizCwndAcked, &args);
    let rule = match c.rule {
        None => return acked,
        Some(CwndRule::SlowStart) => T::QuizCwndSlowStart,
        Some(CwndRule::CongestionAvoidance) => T::QuizCwndAvoidance,
        Some(CwndRule::FastRetransmit) => T::QuizCwndFastRetransmit,
        Some(CwndRule::Inflate) => T::QuizCwndInflate,
        Some(CwndRule::PartialAck) => T::QuizCwndPartialAck,
        Some(CwndRule::FullAck) => T::QuizCwndFullAck,
    };
    format!("{acked} {}", tf(lang, rule, &args))
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

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_diagram::story::question;

    /// The reveal of the cwnd questions of the fast-recovery story, one per rule, in both
    /// languages: what the ACK did, then the rule's arithmetic with the trace's numbers.
    #[test]
    fn the_cwnd_reveal_shows_the_rule_with_its_numbers() {
        let t = wiretrace_core::scenario::run_with("fast-recovery", &[]).unwrap();
        let reveal = |lang, id| why(lang, &question(&t, id).unwrap()).unwrap();
        let cases = [
            (10, "min(1,460, 1,460) = 1,460 B: 14,600 + 1,460 = 16,060 B"),
            (21, "max(17,520 / 2, 2 × 1,460) = 8,760 B"),
            (21, "8,760 + 3 × 1,460 = 13,140 B"),
            (25, "14,600 + 1,460 = 16,060 B"),
            (32, "21,900 − 2,920 + 1,460 = 20,440 B"),
            (52, "ssthresh = 8,760 B"),
            (54, "1,460 × 1,460 / 8,760 → 243 B (rounded down"),
            (54, "8,760 + 243 = 9,003 B"),
        ];
        for (id, part) in cases {
            let en = reveal(Lang::En, id);
            assert!(en.contains(part), "segment {id}: {en}");
            assert!(en.starts_with("The ACK took cwnd from"), "{en}");
            let zh = reveal(Lang::Zh, id);
            assert!(zh.contains(part.split(" B").next().unwrap()), "{zh}");
            assert!(
                !zh.contains('{') && zh.starts_with("这个 ACK 使 cwnd"),
                "{zh}"
            );
        }
        assert!(reveal(Lang::En, 10).contains("ssthresh ∞ (no loss yet): slow start"));
        assert!(reveal(Lang::En, 54).contains("ssthresh 8,760 B: congestion avoidance"));
    }

    /// A change no rule explains: the numbers only.
    #[test]
    fn a_cwnd_change_without_a_rule_reveals_only_the_numbers() {
        let Some(Question::Cwnd { change, .. }) = question(
            &wiretrace_core::scenario::run_with("fast-recovery", &[]).unwrap(),
            54,
        ) else {
            panic!("segment 54 asks cwnd");
        };
        let c = CwndChange {
            rule: None,
            ..change
        };
        assert_eq!(
            cwnd_why(Lang::En, &c),
            "The ACK took cwnd from 8,760 B to 9,003 B (8,760 B were in flight before it)."
        );
    }
}
