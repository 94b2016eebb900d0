//! The page: one reducer, the hooks that drive it (link, keys, playback), and the parts,
//! laid out as the full page or, with `embed=1` in the link, as an embed (`embed_page`).
//! The embed keys are read when it opens; [`super::root::Root`] opens it again when a hash
//! changed in place asks for other ones.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wiretrace_core::i18n::Lang;
use wiretrace_core::scenario;
use wiretrace_core::Trace;
use wiretrace_diagram::layout::{Layout, Options};
use wiretrace_diagram::{fmt_time, story};
use yew::prelude::*;

use super::alert::AlertBanner;
use super::diagram::{travel_ms, DiagramView};
use super::embed_page::{embed_page, EmbedParts};
use super::explanation::Explanation;
use super::explanation::StatesPanel;
use super::exports::Exports;
use super::header::{scenario_title, Header};
use super::import::ImportPanel;
use super::params::ParamEditor;
use super::player::Player;
use super::plots::Plots;
use super::quiz::QuizCard;
use super::segment_log::SegmentLog;
use super::share::ShareDialog;
use super::whole_run::WholeRun;
use crate::dom;
use crate::embed::{EmbedOptions, Theme};
use crate::hooks::embed_api::{use_embed_api, use_resize_reports, Now};
use crate::hooks::figure_layout::{use_figure_layout, FigureLayout};
use crate::hooks::keyboard::use_player_keys;
use crate::hooks::link_sync::use_link_sync;
use crate::hooks::media::use_media_query;
use crate::hooks::playback::use_playback;
use crate::link::Link;
use crate::shared::Shared;
use crate::state::Origin;
use crate::state::{Action, Laid, Model, SPEEDS};
use crate::texts;
use crate::ui::{t, tf, T};

/// Pause after each segment arrives, at normal speed (ms).
const DWELL_MS: f64 = 650.0;

/// What the page's address asked for when it was opened.
struct Boot {
    link: Link,
    embed: Rc<EmbedOptions>,
    /// `play=1` / `autoplay=1` was asked.
    autoplay: bool,
    /// ...and held back, because the reader prefers reduced motion (an embed only).
    held: bool,
}

impl Boot {
    fn read() -> Boot {
        let mut link = Link::parse(&dom::location_hash());
        let embed = EmbedOptions::take(&mut link);
        let autoplay = matches!(link.play.as_deref(), Some("1" | "true"));
        let held = embed.on && autoplay && dom::media_matches("(prefers-reduced-motion: reduce)");
        if held {
            link.play = None;
        }
        Boot {
            link,
            embed: Rc::new(embed),
            autoplay,
            held,
        }
    }
}

/// What the page is given by [`super::root::Root`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Open the page again from its address: a hash changed in place asks for other embed
    /// options (`embed=1` added or removed, other panels...), which shape the whole page.
    pub reopen: Callback<()>,
}

/// The stem of the exports' file names for what is on screen (`wiretrace-browse`).
fn file_stem(origin: &Origin) -> String {
    match origin {
        Origin::Scenario { id, .. } => format!("wiretrace-{id}"),
        Origin::Imported { name, .. } => format!(
            "wiretrace-{}",
            name.rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem)
        ),
        Origin::Nothing => "wiretrace".to_owned(),
    }
}

/// The run's title in the page's language (the Share dialog's iframe title).
fn run_title(origin: &Origin, lang: Lang) -> String {
    match origin {
        Origin::Scenario { id, .. } => {
            scenario::find(id).map_or_else(|| id.clone(), |info| scenario_title(lang, info.title))
        }
        Origin::Imported { name, .. } => name.clone(),
        Origin::Nothing => String::new(),
    }
}

/// The figure's accessible name: its lifelines and its number of segments.
fn diagram_label(layout: &Layout, lang: Lang, total: usize) -> String {
    format!(
        "{}: {} / {}",
        t(lang, T::Diagram),
        layout
            .lanes
            .iter()
            .map(|l| l.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        total
    )
}

/// Dispatches actions; one that switches to a language whose texts are shipped apart waits
/// until they are loaded (`texts.rs`), so the page never shows half a language. A page in
/// a language whose texts are not here (their load failed, it was opened again by `Root`
/// with other embed options, or `start` mounted it before a slow file came) loads them
/// once more and draws again, or says why it could not (the engine's and the figure's
/// texts then read as English). That is the one place a failure is told.
///
/// A link held for its texts opens the run that what comes after it refers to: the actions
/// and links asked for after it wait for it, in order (an embed's `seek` right after its
/// `load`); a switch of language does not (the reader's choice shows at once). A link
/// waits [`texts::WAIT_MS`] at most: then it opens, and its texts draw
/// again when they come.
#[hook]
fn use_texts_gate(
    dispatcher: UseReducerDispatcher<Model>,
    lang: Lang,
) -> (Callback<Action>, Rc<Gate>) {
    {
        let dispatcher = dispatcher.clone();
        use_effect_with(lang, move |&lang| {
            if !texts::ready(lang) {
                wasm_bindgen_futures::spawn_local(async move {
                    match texts::load(lang).await {
                        Ok(()) => dispatcher.dispatch(Action::TextsLoaded),
                        Err(why) => {
                            let why = tf(lang, T::TextsFailed, &[("why", &why)]);
                            dispatcher.dispatch(Action::Fail(why));
                        }
                    }
                });
            }
        });
    }
    let gate = use_memo((), move |_| {
        Rc::new(Gate {
            dispatcher,
            latest: Cell::new(None),
            links: Cell::new(0),
            after: RefCell::new(VecDeque::new()),
        })
    });
    let gate = (*gate).clone();
    let on = {
        let gate = gate.clone();
        use_callback((), move |action: Action, _| gate.ask(action, false))
    };
    (on, gate)
}

/// The page's title in `lang`.
fn document_title(lang: Lang) -> String {
    format!("wiretrace · {}", t(lang, T::Tagline))
}

/// The order of actions around texts being loaded (see [`use_texts_gate`]).
pub struct Gate {
    dispatcher: UseReducerDispatcher<Model>,
    /// The language asked for last: a switch made while texts load is not undone when
    /// they arrive (English clicked while Chinese loads stays English).
    latest: Cell<Option<Lang>>,
    /// Links held for their texts.
    links: Cell<usize>,
    /// What was asked for after them, in order.
    after: RefCell<VecDeque<Action>>,
}

impl Gate {
    /// True while a link waits for its texts: a step asked for now is one of its run.
    pub fn holds_link(&self) -> bool {
        self.links.get() > 0
    }

    /// Asks for `action` (`again`: it waited, and its language was noted when asked).
    fn ask(self: &Rc<Self>, action: Action, again: bool) {
        let asked = action.lang_asked();
        let link = matches!(action, Action::OpenLink(_));
        if !again && asked.is_some() {
            self.latest.set(asked);
        }
        if self.holds_link() && (link || asked.is_none()) {
            self.after.borrow_mut().push_back(action);
            return;
        }
        match asked {
            Some(lang) if !texts::ready(lang) => {
                if link {
                    self.links.set(self.links.get() + 1);
                }
                // A file that never comes does not keep a link from opening for long.
                let gate = self.clone();
                let wait = link.then_some(texts::WAIT_MS);
                texts::load_then(lang, wait, move || gate.arrived(action, lang, link));
            }
            _ => self.send(action),
        }
    }

    /// Dispatches `action`. A language switch (a `SetLang`, a link with `lang=`: the model
    /// always takes their language) sets `<html lang>` first: the page is then laid out
    /// once in the new language (the render's layout already has it), not once for the new
    /// texts and again for the attribute the App's effect sets after them.
    fn send(&self, action: Action) {
        if let Some(lang) = action.lang_asked() {
            dom::set_document_lang(lang, &document_title(lang));
        }
        self.dispatcher.dispatch(action);
    }

    /// The texts of `action`'s language came (or the link waited long enough).
    fn arrived(self: &Rc<Self>, action: Action, lang: Lang, link: bool) {
        match self.latest.get() {
            Some(l) if l != lang => {
                // Superseded: a link still opens (in the language asked last).
                if link {
                    self.send(action);
                    self.send(Action::SetLang(l));
                }
            }
            _ => self.send(action),
        }
        if link {
            self.links.set(self.links.get() - 1);
            while !self.holds_link() {
                let Some(next) = self.after.borrow_mut().pop_front() else {
                    break;
                };
                self.ask(next, true);
            }
        }
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let boot = use_memo((), |_| Boot::read());
    let embed = boot.embed.clone();
    let model = {
        let boot = boot.clone();
        use_reducer(move || {
            let mut m = Model::new(boot.link.clone(), dom::browser_lang());
            m.end = boot.embed.end;
            m.looping = boot.embed.looping;
            m
        })
    };
    let theme = use_state(|| embed.theme);
    use_root_attrs(&embed, *theme);
    let reduced_motion = use_media_query("(prefers-reduced-motion: reduce)");
    let (on, gate) = use_texts_gate(model.dispatcher(), model.lang);
    // Phones get the compact figure: short label lines in narrow columns; so does an
    // embed in a column of text (a 640-px frame).
    let compact = use_media_query(if embed.on {
        "(max-width: 760px)"
    } else {
        "(max-width: 600px)"
    });
    let lang = model.lang;
    let trace = Shared::from(model.trace.clone());
    let figure = Options {
        numbering: model.numbering,
        lang,
        compact,
    };
    let FigureLayout { layout, relaying } =
        use_figure_layout(&trace, model.run, figure, model.laid.clone());
    let story = use_story(&trace, model.run, model.laid.as_ref());

    use_effect_with(lang, |&lang| {
        dom::set_document_lang(lang, &document_title(lang))
    });
    // An embed keeps its embed keys in its own address (a reload stays an embed). A hash
    // changed in place is read the way the first one was: with the same embed options it
    // opens its run here, with others the page opens again.
    let mut own_link = model.link();
    if embed.on {
        own_link.embed = boot.link.embed.clone();
    }
    let on_link = {
        let embed = embed.clone();
        let reopen = props.reopen.clone();
        let on = on.clone();
        Callback::from(move |mut link: Link| {
            if EmbedOptions::take(&mut link).same_view(&embed) {
                on.emit(Action::OpenLink(link));
            } else {
                reopen.emit(());
            }
        })
    };
    use_link_sync(own_link.format(), on_link);
    use_player_keys(on.clone(), embed.keyboard);
    let now = use_mut_ref(|| Now {
        model: (*model).clone(),
        theme: *theme,
        autoplay: boot.autoplay,
        held: boot.held,
        gate: gate.clone(),
    });
    *now.borrow_mut() = Now {
        model: (*model).clone(),
        theme: *theme,
        autoplay: boot.autoplay,
        held: boot.held,
        gate: gate.clone(),
    };
    // The root takes the colours before the render, as `Gate::send` does the language:
    // what draws itself in its effects (the overview's canvas) reads them already.
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |t: Theme| {
            set_theme_attr(t);
            theme.set(t)
        })
    };
    use_embed_api(embed.clone(), now.clone(), on.clone(), on_theme);
    let embed_root = use_node_ref();
    let share_open = use_state(|| false);
    use_resize_reports(embed.clone(), embed_root.clone());

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
    // The diagram's view (its times), which the plots follow.
    let view_us = use_state_eq(|| None::<(u64, u64)>);
    let on_view = use_callback(view_us.setter(), |v: (u64, u64), set| set.set(Some(v)));
    let file_stem = file_stem(&model.origin);
    let share_title = run_title(&model.origin, lang);
    let time = if model.step > 0 {
        fmt_time(story::time_at(&model.trace, model.step).saturating_sub(layout.t0))
    } else {
        String::new()
    };
    let diagram_label = diagram_label(&layout, lang, model.total());
    let player = html! {
        <Player lang={lang} playing={model.playing} step={model.step} total={model.total()}
            speed={model.speed} time={time} on={on.clone()} />
    };
    let diagram = html! { <>
        if relaying {
            <p class="whole-run" role="status" data-testid="relayout">{ t(lang, T::FigureRelaying) }</p>
        }
        <WholeRun lang={lang} {figure} run={model.run} trace={Shared(model.trace.clone())} origin={model.origin.clone()}
            quiz={model.quiz.is_some()} on={on.clone()} />
        <DiagramView trace={trace.clone()} layout={layout.clone()} story={story.clone()} run={model.run}
            step={model.step} timers={model.timers} travel={model.travel}
            reduced_motion={reduced_motion} travel_ms={(travel / speed) as u32}
            label={diagram_label} hide_future={model.quiz.is_some()} lang={lang} on_seek={on_seek.clone()}
            {on_view} theme={*theme} />
    </> };
    let quiz = match &model.quiz {
        Some(quiz) => html! {
            <QuizCard lang={lang} trace={trace.clone()} quiz={quiz.clone()} on={on.clone()} />
        },
        None => html! {},
    };
    let params = |locked: bool| match &model.origin {
        Origin::Scenario { id, params } => html! {
            <ParamEditor lang={lang} scenario={id.clone()} overrides={params.clone()}
                used={model.trace.params.clone()} error={model.param_error.clone()}
                on={on.clone()} {locked} />
        },
        _ => html! {},
    };
    let explanation = html! {
        <Explanation trace={trace.clone()} story={story.clone()} step={model.step} lang={lang}
            numbering={model.numbering} origin={model.origin.clone()} />
    };
    let on_seek_plots = on_seek.clone();
    let log = html! {
        <SegmentLog trace={trace.clone()} story={story.clone()} run={model.run} step={model.step}
            numbering={model.numbering} lang={lang} hide_future={model.quiz.is_some()}
            on_seek={on_seek} />
    };
    let alert = match &model.alert {
        Some(msg) => html! {
            <AlertBanner lang={lang} message={msg.clone()} on_dismiss={on.reform(|_| Action::DismissAlert)} />
        },
        None => html! {},
    };
    let header = |on_share: Option<Callback<MouseEvent>>| {
        html! {
            <Header lang={lang} origin={model.origin.clone()} numbering={model.numbering}
                timers={model.timers} quiz={model.quiz.is_some()} on={on.clone()} {on_share} />
        }
    };

    if embed.on {
        let panels = embed.panels;
        return embed_page(EmbedParts {
            lang,
            opts: embed.clone(),
            root: embed_root,
            held: boot.held && !model.playing,
            full_link: format!("{}{}", dom::page_address_no_query(), model.link().format()),
            header: panels.header.then(|| header(None)),
            alert,
            player: embed.controls.then_some(player),
            diagram: panels.diagram.then_some(diagram),
            side: [
                quiz,
                if panels.params {
                    params(embed.lock)
                } else {
                    html! {}
                },
                if panels.explain {
                    explanation
                } else {
                    html! {}
                },
                if panels.states && !panels.explain {
                    html! { <StatesPanel trace={trace.clone()} {lang} step={model.step} /> }
                } else {
                    html! {}
                },
            ],
            has_side: panels.params || panels.explain || panels.states || model.quiz.is_some(),
            log: panels.log.then_some(log),
            on: on.clone(),
        });
    }

    let on_share = {
        let share_open = share_open.clone();
        Callback::from(move |_: MouseEvent| share_open.set(true))
    };
    html! {
        <>
            { header(Some(on_share)) }
            { alert }
            <main class="layout">
                <section class="stage" aria-label={t(lang, T::Diagram)}>
                    { player }
                    { diagram }
                </section>
                <aside class="side" aria-label={t(lang, T::Explanation)}>
                    { quiz }
                    { params(false) }
                    { explanation }
                </aside>
                if model.quiz.is_none() {
                    <Plots trace={trace.clone()} story={story.clone()} step={model.step} {lang} view={*view_us}
                        stem={file_stem.clone()} on_seek={on_seek_plots}
                        on_fail={on.reform(Action::Fail)} />
                }
                <section class="logbox" aria-label={t(lang, T::SegmentLog)}>
                    { log }
                </section>
            </main>
            // A landmark of its own, so that every part of the page is in one.
            <section class="below" aria-label={t(lang, T::FilesArea)}>
                <Exports lang={lang} trace={trace.clone()} numbering={model.numbering}
                    origin={model.origin.clone()} stem={file_stem.clone()} on={on.clone()} />
                <ImportPanel lang={lang} {figure} on={on.clone()} />
            </section>
            <footer class="foot">
                <span>{ t(lang, T::KeyboardHint) }</span>
            </footer>
            if *share_open {
                <ShareDialog lang={lang} link={model.link()} step={model.step}
                    title={share_title} stem={file_stem} on_close={Callback::from(move |_| share_open.set(false))} />
            }
        </>
    }
}

/// The page's root says whether it is an embed, its theme and whether it is transparent
/// (`www/style.css` reads them).
/// What is true at each step of run `run` of `trace`, worked out once per run (a long
/// run's came with its figure, worked out between frames: `layout_job::lay_out`).
#[hook]
fn use_story(trace: &Shared<Trace>, run: u32, laid: Option<&Laid>) -> Shared<story::Story> {
    let trace = trace.clone();
    let ahead = laid.and_then(|l| l.story.clone());
    let made = use_memo(run, move |_| {
        ahead
            .filter(|(of, _)| Rc::ptr_eq(of, &trace.0))
            .map(|(_, story)| story)
            .unwrap_or_else(|| Rc::new(story::Story::new(&trace)))
    });
    Shared((*made).clone())
}

#[hook]
fn use_root_attrs(embed: &EmbedOptions, theme: Theme) {
    let embed = embed.clone();
    use_effect_with(theme, move |&theme| {
        dom::set_root_attr("data-embed", embed.on.then_some("1"));
        set_theme_attr(theme);
        dom::set_root_attr("data-transparent", embed.transparent.then_some("1"));
    });
}

/// `<html data-theme>`: the colours asked for (none for the system's).
fn set_theme_attr(theme: Theme) {
    dom::set_root_attr("data-theme", (theme != Theme::Auto).then(|| theme.tag()));
}
