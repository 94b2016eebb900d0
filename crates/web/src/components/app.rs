//! The page: one reducer, the hooks that drive it (link, keys, playback), and the parts.

use wiretrace_diagram::layout::{layout, Options};
use wiretrace_diagram::{fmt_time, story};
use yew::prelude::*;

use super::alert::AlertBanner;
use super::diagram::{travel_ms, DiagramView};
use super::explanation::Explanation;
use super::exports::Exports;
use super::header::Header;
use super::import::ImportPanel;
use super::params::ParamEditor;
use super::player::Player;
use super::quiz::QuizCard;
use super::segment_log::SegmentLog;
use crate::dom;
use crate::hooks::keyboard::use_player_keys;
use crate::hooks::link_sync::use_link_sync;
use crate::hooks::media::use_media_query;
use crate::hooks::playback::use_playback;
use crate::link::Link;
use crate::shared::Shared;
use crate::state::Origin;
use crate::state::{Action, Model, SPEEDS};
use crate::ui::{t, T};

/// Pause after each segment arrives, at normal speed (ms).
const DWELL_MS: f64 = 650.0;

#[component]
pub fn App() -> Html {
    let model = use_reducer(|| Model::new(Link::parse(&dom::location_hash()), dom::browser_lang()));
    let reduced_motion = use_media_query("(prefers-reduced-motion: reduce)");
    let on: Callback<Action> = {
        let dispatcher = model.dispatcher();
        use_callback((), move |action: Action, _| dispatcher.dispatch(action))
    };
    // Phones get the compact figure: short label lines in narrow columns.
    let compact = use_media_query("(max-width: 600px)");
    let lang = model.lang;
    let trace = Shared::from(model.trace.clone());
    let layout = {
        let trace = trace.clone();
        use_memo(
            (model.run, model.numbering, lang, compact),
            move |&(_, numbering, lang, compact)| {
                layout(
                    &trace,
                    &Options {
                        numbering,
                        lang,
                        compact,
                    },
                )
            },
        )
    };
    let layout = Shared::from(layout);
    // What is true at each step, worked out once per run.
    let story = {
        let trace = trace.clone();
        Shared::from(use_memo(model.run, move |_| story::Story::new(&trace)))
    };

    use_effect_with(lang, |&lang| {
        dom::set_document_lang(lang, &format!("wiretrace · {}", t(lang, T::Tagline)))
    });
    use_link_sync(model.link().format(), on.reform(Action::OpenLink));
    use_player_keys(on.clone());

    let speed = f64::from(SPEEDS[model.speed]);
    let travel = match model.current() {
        Some(seg) if !reduced_motion => travel_ms(&layout, seg),
        _ => 0.0,
    };
    let delay = ((travel + DWELL_MS) / speed) as u32;
    use_playback(
        model.playing,
        model.step,
        model.run,
        delay,
        on.reform(|_| Action::Tick),
    );

    // Kept from render to render, so the log's chunks compare equal unless they changed.
    let on_seek = use_callback(on.clone(), |step: usize, on| on.emit(Action::Seek(step)));
    let trace_for_export = trace.clone();
    let file_stem = match &model.origin {
        Origin::Scenario { id, .. } => format!("wiretrace-{id}"),
        Origin::Imported { name } => format!(
            "wiretrace-{}",
            name.rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem)
        ),
        Origin::Nothing => "wiretrace".to_owned(),
    };
    let time = if model.step > 0 {
        fmt_time(story::time_at(&model.trace, model.step).saturating_sub(layout.t0))
    } else {
        String::new()
    };
    let diagram_label = format!(
        "{}: {} / {}",
        t(lang, T::Diagram),
        layout
            .lanes
            .iter()
            .map(|l| l.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        model.total()
    );
    html! {
        <>
            <Header lang={lang} origin={model.origin.clone()} numbering={model.numbering}
                timers={model.timers} quiz={model.quiz.is_some()} on={on.clone()} />
            if let Some(msg) = &model.alert {
                <AlertBanner lang={lang} message={msg.clone()} on_dismiss={on.reform(|_| Action::DismissAlert)} />
            }
            <main class="layout">
                <section class="stage" aria-label={t(lang, T::Diagram)}>
                    <Player lang={lang} playing={model.playing} step={model.step} total={model.total()}
                        speed={model.speed} time={time} on={on.clone()} />
                    <DiagramView trace={trace.clone()} layout={layout.clone()} story={story.clone()} run={model.run}
                        step={model.step} timers={model.timers} travel={model.travel}
                        reduced_motion={reduced_motion} travel_ms={(travel / speed) as u32}
                        label={diagram_label} hide_future={model.quiz.is_some()} lang={lang}
                        on_seek={on_seek.clone()} />
                </section>
                <aside class="side" aria-label={t(lang, T::Explanation)}>
                    if let Some(quiz) = &model.quiz {
                        <QuizCard lang={lang} trace={trace.clone()} quiz={quiz.clone()} on={on.clone()} />
                    }
                    if let Origin::Scenario { id, params } = &model.origin {
                        <ParamEditor lang={lang} scenario={id.clone()} overrides={params.clone()}
                            used={model.trace.params.clone()} error={model.param_error.clone()}
                            on={on.clone()} />
                    }
                    <Explanation trace={trace.clone()} step={model.step} lang={lang}
                        numbering={model.numbering} origin={model.origin.clone()} />
                </aside>
                <section class="logbox" aria-label={t(lang, T::SegmentLog)}>
                    <SegmentLog trace={trace} story={story} run={model.run} step={model.step}
                        numbering={model.numbering} lang={lang} hide_future={model.quiz.is_some()}
                        on_seek={on_seek} />
                </section>
            </main>
            // A landmark of its own, so that every part of the page is in one.
            <section class="below" aria-label={t(lang, T::FilesArea)}>
                <Exports lang={lang} trace={trace_for_export} numbering={model.numbering}
                    stem={file_stem} on={on.clone()} />
                <ImportPanel lang={lang} on={on.clone()} />
            </section>
            <footer class="foot">
                <span>{ t(lang, T::KeyboardHint) }</span>
            </footer>
        </>
    }
}
