//! The one reducer: what the user chose (scenario, parameters, step, speed, language, view
//! options) and the Trace of that choice. Everything drawn is derived from the Trace and
//! the step. Running a scenario is a pure, deterministic computation, so it happens here;
//! timers do not (they live in `hooks::use_playback`).

use std::rc::Rc;

use wiretrace_core::i18n::Lang;
use wiretrace_core::net::Limits;
use wiretrace_core::scenario::{self, ScenarioInfo};
use wiretrace_core::Trace;
use wiretrace_diagram::layout::{Layout, Options};
use wiretrace_diagram::story::{self, Question};
use wiretrace_diagram::Numbering;
use yew::Reducible;

use crate::hooks::use_import::Source;
use crate::link::Link;
use crate::ui::{t, tf, T};

/// Playback speeds offered (multiples of the normal pace).
pub const SPEEDS: [f32; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];
/// Index of 1x in [`SPEEDS`].
pub const NORMAL_SPEED: usize = 2;

/// Where the trace on screen came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Nothing could be run yet.
    Nothing,
    /// A scenario run with these parameter overrides (as given, in order).
    Scenario {
        /// Scenario id.
        id: String,
        /// Overrides as `(key, value)` text.
        params: Vec<(String, String)>,
    },
    /// A file the user opened.
    Imported {
        /// File name.
        name: String,
        /// What the worker read (a capture and the choice made, or a Trace JSON file): it
        /// reads it again for the exports of a Trace past the page's own cap.
        source: Option<Source>,
    },
}

/// "Predict" mode: before some segments the player stops and asks what comes next.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quiz {
    /// Segments whose question has been answered (or skipped) in this round.
    pub answered: Vec<usize>,
    /// The question on screen.
    pub asking: Option<Asking>,
    /// The user's answer to it, once given.
    pub verdict: Option<Verdict>,
    /// Right answers so far.
    pub right: u32,
    /// Questions answered so far.
    pub asked: u32,
}

/// A question on screen in predict mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Asking {
    /// The segment it is about (the one played next).
    pub segment: usize,
    /// The question.
    pub question: Question,
}

/// The user's answer to the question on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// What the user answered (empty when they asked to be shown).
    pub given: String,
    /// Whether it was right; `None` when they asked to be shown.
    pub right: Option<bool>,
}

/// A parameter value the engine refused, shown by its field (which keeps the value so it
/// can be corrected).
#[derive(Clone, Debug, PartialEq)]
pub struct ParamError {
    /// The parameter's key.
    pub key: String,
    /// Why it was refused.
    pub message: String,
    /// The value given.
    pub given: String,
}

/// Client and server ISNs for a predict-mode round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Isns {
    /// The client's ISN.
    pub client: u32,
    /// The server's ISN.
    pub server: u32,
}

/// A figure laid out ahead, between frames (`layout_job`), for the Trace it comes with:
/// the page draws it rather than lay the run out again, if it was made with the options
/// and texts on screen.
#[derive(Clone, Debug)]
pub struct Laid {
    /// What it was laid out with.
    pub opts: Options,
    /// `texts::generation()` when it was laid out.
    pub texts: u32,
    pub layout: Rc<Layout>,
    /// The story of the Trace it comes with, worked out ahead too (`layout_job::lay_out`),
    /// for a run new to the page, with that Trace (the App takes the story only for it).
    pub story: Option<(Rc<Trace>, Rc<story::Story>)>,
}

impl PartialEq for Laid {
    fn eq(&self, other: &Self) -> bool {
        self.opts == other.opts
            && self.texts == other.texts
            && Rc::ptr_eq(&self.layout, &other.layout)
    }
}

/// The page's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Language of the page.
    pub lang: Lang,
    /// True when the language was chosen (link or switch), so links carry it.
    pub lang_chosen: bool,
    /// The last link asked for an embed (`embed=1`): no scenario list to choose from.
    pub embedded: bool,
    /// What is on screen.
    pub origin: Origin,
    /// The trace on screen.
    pub trace: Rc<Trace>,
    /// Increments whenever `trace` is replaced (a cheap identity for memoization).
    pub run: u32,
    /// The figure of `trace`, laid out ahead (a long run's, or a big capture's); replaced
    /// with the Trace.
    pub laid: Option<Laid>,
    /// Segments played so far: 0 is the start, `trace.segments.len()` the end.
    pub step: usize,
    /// Playing (the playback hook advances the step).
    pub playing: bool,
    /// The current segment should be seen travelling (it was reached by moving forward).
    pub travel: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Absolute or relative sequence numbers.
    pub numbering: Numbering,
    /// Timer brackets drawn.
    pub timers: bool,
    /// A problem to show (`role="alert"`), if any.
    pub alert: Option<String>,
    /// A parameter value the engine refused.
    pub param_error: Option<ParamError>,
    /// Predict mode, when on.
    pub quiz: Option<Quiz>,
    /// Playing stops at this step (an embed's `end=N`).
    pub end: Option<usize>,
    /// Playing starts again from the start at the end (an embed's `loop=1`).
    pub looping: bool,
}

/// Everything the user (or a timer, or a link) can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Apply a share link (page load, or the hash changed).
    OpenLink(Link),
    /// Change one parameter of the scenario on screen and run it again at once (an empty
    /// value goes back to the default).
    SetParam {
        /// Parameter key.
        key: String,
        /// New value as text.
        value: String,
    },
    /// Run a scenario with parameter overrides.
    Open {
        /// Scenario id.
        id: String,
        /// Overrides.
        params: Vec<(String, String)>,
    },
    /// The whole of run `run`, which the page had cut (see [`crate::whole_run`]): it
    /// replaces it at the same step, if that run is still on screen.
    WholeRun {
        /// The run it completes ([`Model::run`]).
        run: u32,
        /// The whole trace.
        trace: Rc<Trace>,
        /// Its figure, laid out ahead.
        laid: Option<Laid>,
    },
    /// Show a trace read from a file.
    LoadTrace {
        /// The trace.
        trace: Rc<Trace>,
        /// File name.
        name: String,
        /// What the worker read it from.
        source: Option<Source>,
        /// Its figure, laid out ahead.
        laid: Option<Laid>,
    },
    /// Play or pause.
    TogglePlay,
    /// Play (true) or pause (false); nothing if already so (a host page's command).
    SetPlaying(bool),
    /// One segment forward (pauses playback).
    Forward,
    /// One segment back (pauses playback).
    Back,
    /// Back to the start.
    Restart,
    /// To the end.
    End,
    /// To a step.
    Seek(usize),
    /// The playback timer: next segment, or stop at the end.
    Tick,
    /// Page language.
    SetLang(Lang),
    /// Numbering of sequence numbers.
    SetNumbering(Numbering),
    /// Playback speed (index into [`SPEEDS`]).
    SetSpeed(usize),
    /// Timer brackets on or off.
    SetTimers(bool),
    /// Predict mode on (with fresh ISNs for this round, drawn by the caller) or off.
    SetQuiz {
        /// On or off.
        on: bool,
        /// ISNs for the new round (used if the scenario has them).
        isns: Isns,
    },
    /// The user's answer to the question on screen (`None`: show me).
    Answer(Option<String>),
    /// Go on after the answer was revealed.
    Continue,
    /// Show a problem.
    Fail(String),
    /// Hide the problem.
    DismissAlert,
    /// The texts of the page's language arrived (`texts.rs`): nothing changes but what
    /// they say, so the page is drawn again.
    TextsLoaded,
}

/// The language a page opening this link shows: the link's `lang=` if it is one of ours,
/// else the browser's.
pub fn opening_lang(link: &Link, browser: Lang) -> Lang {
    link_lang(link).unwrap_or(browser)
}

fn link_lang(link: &Link) -> Option<Lang> {
    match link.lang.as_deref() {
        Some(tag @ ("en" | "zh")) => Some(Lang::from_tag(tag)),
        _ => None,
    }
}

impl Action {
    /// The language this action switches to, if it does: the page loads that language's
    /// texts first when they are shipped apart (`texts.rs`).
    pub fn lang_asked(&self) -> Option<Lang> {
        match self {
            Action::SetLang(lang) => Some(*lang),
            Action::OpenLink(link) => link_lang(link),
            _ => None,
        }
    }
}

/// The scenario opened when a link names none: `browse` if present, else the first.
pub fn default_scenario() -> Option<&'static ScenarioInfo> {
    scenario::find("browse").or_else(|| scenario::list().first())
}

impl Model {
    /// A page with nothing run yet.
    pub fn empty(lang: Lang) -> Model {
        Model {
            lang,
            lang_chosen: false,
            embedded: false,
            origin: Origin::Nothing,
            trace: Rc::new(Trace::new(None, None)),
            run: 0,
            laid: None,
            step: 0,
            playing: false,
            travel: false,
            speed: NORMAL_SPEED,
            numbering: Numbering::Absolute,
            timers: true,
            alert: None,
            param_error: None,
            quiz: None,
            end: None,
            looping: false,
        }
    }

    /// The page for a link, in the browser's language unless the link names one.
    pub fn new(link: Link, browser_lang: Lang) -> Model {
        Model::empty(browser_lang).apply(Action::OpenLink(link))
    }

    /// Number of steps (segments).
    pub fn total(&self) -> usize {
        self.trace.segments.len()
    }

    /// Where playing stops: the end, or an embed's `end=N` before it.
    pub fn limit(&self) -> usize {
        self.end.map_or(self.total(), |e| e.min(self.total()))
    }

    /// The segment the player is on, if any.
    pub fn current(&self) -> Option<usize> {
        self.step.checked_sub(1)
    }

    /// The share link of what is on screen.
    pub fn link(&self) -> Link {
        let mut link = Link::default();
        if let Origin::Scenario { id, params } = &self.origin {
            link.scenario = Some(id.clone());
            link.params = params.clone();
        }
        if self.step > 0 {
            link.step = Some(self.step.to_string());
        }
        if self.lang_chosen {
            link.lang = Some(self.lang.tag().to_owned());
        }
        if self.numbering != Numbering::Absolute {
            link.numbering = Some(self.numbering.tag().to_owned());
        }
        if self.speed != NORMAL_SPEED {
            link.speed = Some(SPEEDS[self.speed].to_string());
        }
        if !self.timers {
            link.timers = Some("0".to_owned());
        }
        link
    }

    fn set_trace(&mut self, trace: Rc<Trace>, origin: Origin, laid: Option<Laid>) {
        self.trace = trace;
        self.origin = origin;
        self.run = self.run.wrapping_add(1);
        self.laid = laid;
        self.step = 0;
        self.playing = false;
        self.travel = false;
    }

    /// Runs a scenario; on failure keeps what is on screen and returns the reason, in the
    /// page's language.
    fn open(&mut self, id: &str, params: Vec<(String, String)>) -> Result<(), String> {
        self.try_open(id, params).map_err(|e| self.problem(&e))
    }

    /// A refused run in the page's words (the engine's line tells a CLI user to run
    /// `wiretrace list`; a page reader has the scenario list instead).
    fn problem(&self, e: &scenario::ScenarioError) -> String {
        match e {
            scenario::ScenarioError::UnknownScenario(id) if self.embedded => {
                tf(self.lang, T::LinkUnknownScenarioEmbed, &[("id", id)])
            }
            scenario::ScenarioError::UnknownScenario(id) => {
                tf(self.lang, T::LinkUnknownScenario, &[("id", id)])
            }
            _ => e.render(self.lang),
        }
    }

    fn try_open(
        &mut self,
        id: &str,
        params: Vec<(String, String)>,
    ) -> Result<(), scenario::ScenarioError> {
        let limits = Limits::segments(crate::whole_run::PAGE_SEGMENTS);
        match scenario::run_limited(id, &params, limits) {
            Ok(trace) => {
                self.set_trace(
                    Rc::new(trace),
                    Origin::Scenario {
                        id: id.to_owned(),
                        params,
                    },
                    None,
                );
                self.param_error = None;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Opens scenario `id` with the link's parameters, leaving out each one the engine
    /// refuses (an unknown key, a value out of range) and telling why, so that one typo in
    /// a shared link does not lose the others (pinned ISNs, a latency). False when even
    /// the scenario cannot run.
    fn open_keeping_what_is_good(
        &mut self,
        id: &str,
        mut params: Vec<(String, String)>,
        problems: &mut Vec<String>,
    ) -> bool {
        loop {
            let e = match self.try_open(id, params.clone()) {
                Ok(()) => return true,
                Err(e) => e,
            };
            problems.push(self.problem(&e));
            let culprit = match &e {
                scenario::ScenarioError::BadValue { key, .. }
                | scenario::ScenarioError::UnknownParam { key, .. } => key,
                _ => return false,
            };
            let before = params.len();
            params.retain(|(k, _)| k != culprit);
            if params.len() == before {
                return false;
            }
        }
    }

    fn open_link(&mut self, link: Link) {
        let mut problems: Vec<String> = Vec::new();
        self.param_error = None;
        // A link without embed keys keeps the page's mode (the embed API's `load` sends
        // the scenario and its parameters alone).
        if !link.embed.is_empty() {
            self.embedded = crate::embed::EmbedOptions::asked(&link);
        }
        if let Some(v) = &link.lang {
            match link_lang(&link) {
                Some(lang) => {
                    self.lang = lang;
                    self.lang_chosen = true;
                }
                None => problems.push(tf(self.lang, T::LinkLang, &[("v", v)])),
            }
        }
        if let Some(v) = &link.numbering {
            match Numbering::from_tag(v) {
                Some(n) => self.numbering = n,
                None => problems.push(tf(self.lang, T::LinkNum, &[("v", v)])),
            }
        }
        if let Some(v) = &link.speed {
            match v
                .parse::<f32>()
                .ok()
                .and_then(|s| SPEEDS.iter().position(|&x| x == s))
            {
                Some(i) => self.speed = i,
                None => problems.push(tf(self.lang, T::LinkSpeed, &[("v", v)])),
            }
        }
        if let Some(v) = &link.timers {
            match v.as_str() {
                "0" | "false" => self.timers = false,
                "1" | "true" => self.timers = true,
                _ => problems.push(tf(self.lang, T::LinkTimers, &[("v", v)])),
            }
        }

        // The run: the link's scenario, else the one on screen, else the default.
        let current = match &self.origin {
            Origin::Scenario { id, params } => Some((id.clone(), params.clone())),
            _ => None,
        };
        let wanted_id = link
            .scenario
            .clone()
            .or_else(|| current.as_ref().map(|c| c.0.clone()))
            .or_else(|| {
                // An imported trace stays unless the link names a scenario.
                (self.origin == Origin::Nothing)
                    .then(|| default_scenario().map(|s| s.id.to_owned()))
                    .flatten()
            });
        let mut ran = false;
        if let Some(id) = wanted_id {
            let same = current.as_ref() == Some(&(id.clone(), link.params.clone()));
            if id.is_empty() {
                problems.push(t(self.lang, T::LinkNoScenario).to_owned());
            } else if same {
                ran = true;
            } else {
                ran = self.open_keeping_what_is_good(&id, link.params.clone(), &mut problems);
            }
        }
        if !ran && self.origin == Origin::Nothing {
            // Nothing on screen yet: fall back to the named scenario's defaults, then to
            // the default scenario.
            let named = link.scenario.as_deref().and_then(scenario::find);
            for info in named.into_iter().chain(default_scenario()) {
                if self.open(info.id, Vec::new()).is_ok() {
                    break;
                }
            }
        }

        if let Some(v) = &link.step {
            let total = self.total();
            let step = if v == "end" {
                Some(total)
            } else {
                v.parse::<usize>().ok()
            };
            match step {
                Some(s) if s <= total => self.step = s,
                Some(_) => {
                    problems.push(tf(
                        self.lang,
                        T::LinkStepOver,
                        &[("v", v), ("total", &total.to_string())],
                    ));
                    self.step = total;
                }
                None => problems.push(tf(
                    self.lang,
                    T::LinkStepBad,
                    &[("v", v), ("total", &total.to_string())],
                )),
            }
            self.travel = false;
        }
        if matches!(link.play.as_deref(), Some("1" | "true")) && self.step < self.total() {
            self.playing = true;
        }
        self.alert = if problems.is_empty() {
            None
        } else {
            Some(tf(
                self.lang,
                T::LinkProblem,
                &[("what", &problems.join(t(self.lang, T::ListSeparator)))],
            ))
        };
    }

    /// True while a question is on screen (the player does not move on by itself).
    fn quiz_blocks(&self) -> bool {
        self.quiz.as_ref().is_some_and(|q| q.asking.is_some())
    }

    /// In predict mode, puts up the question about segment `seg` if it has one not yet
    /// answered; true if it did.
    fn ask_before(&mut self, seg: usize) -> bool {
        let Some(quiz) = self.quiz.as_mut() else {
            return false;
        };
        if quiz.answered.contains(&seg) {
            return false;
        }
        match story::question(&self.trace, seg as u32) {
            Some(q) => {
                quiz.asking = Some(Asking {
                    segment: seg,
                    question: q,
                });
                quiz.verdict = None;
                true
            }
            None => false,
        }
    }

    fn drop_question(&mut self) {
        if let Some(quiz) = self.quiz.as_mut() {
            quiz.asking = None;
            quiz.verdict = None;
        }
    }

    /// The reducer, as a plain function (for tests).
    pub fn apply(mut self, action: Action) -> Model {
        let total = self.total();
        match action {
            Action::OpenLink(link) => self.open_link(link),
            Action::SetParam { key, value } => {
                if let Origin::Scenario { id, params } = self.origin.clone() {
                    let mut params: Vec<(String, String)> =
                        params.into_iter().filter(|(k, _)| *k != key).collect();
                    if !value.trim().is_empty() {
                        params.push((key.clone(), value.trim().to_owned()));
                    }
                    match self.try_open(&id, params) {
                        Ok(()) => self.alert = None,
                        Err(e) => {
                            let culprit = match &e {
                                scenario::ScenarioError::BadValue { key, .. }
                                | scenario::ScenarioError::UnknownParam { key, .. } => key.clone(),
                                _ => key,
                            };
                            self.param_error = Some(ParamError {
                                key: culprit,
                                message: e.render(self.lang),
                                given: value,
                            });
                        }
                    }
                }
            }
            Action::Open { id, params } => match self.open(&id, params) {
                Ok(()) => self.alert = None,
                Err(e) => self.alert = Some(e),
            },
            Action::WholeRun { run, trace, laid } => {
                if run == self.run && matches!(self.origin, Origin::Scenario { .. }) {
                    self.trace = trace;
                    self.run = self.run.wrapping_add(1);
                    self.laid = laid;
                    self.step = self.step.min(self.total());
                }
            }
            Action::LoadTrace {
                trace,
                name,
                source,
                laid,
            } => {
                self.set_trace(trace, Origin::Imported { name, source }, laid);
                self.alert = None;
            }
            Action::TogglePlay => {
                if self.playing {
                    self.playing = false;
                } else if total > 0 {
                    if self.step >= self.limit() {
                        self.step = 0;
                    }
                    self.playing = true;
                    // Playing from the start: the first segment leaves at once (unless
                    // predict mode asks about it first).
                    if self.step == 0 {
                        if self.ask_before(0) {
                            self.playing = false;
                        } else {
                            self.step = 1;
                            self.travel = true;
                        }
                    }
                }
            }
            Action::SetPlaying(on) => {
                if on != self.playing && (!on || total > 0) {
                    return self.apply(Action::TogglePlay);
                }
            }
            Action::Forward => {
                self.playing = false;
                if self.quiz_blocks() {
                    // A revealed answer: Forward goes on; an open question waits.
                    if self.quiz.as_ref().is_some_and(|q| q.verdict.is_some()) {
                        return self.apply(Action::Continue);
                    }
                } else if self.step < total && !self.ask_before(self.step) {
                    self.step += 1;
                    self.travel = true;
                }
            }
            Action::Back => {
                self.playing = false;
                self.drop_question();
                self.step = self.step.saturating_sub(1);
                self.travel = false;
            }
            Action::Restart => {
                self.drop_question();
                self.step = 0;
                self.travel = false;
                self.playing = false;
            }
            Action::End => {
                self.drop_question();
                self.step = total;
                self.travel = false;
                self.playing = false;
            }
            Action::Seek(n) => {
                self.drop_question();
                self.step = n.min(total);
                self.travel = false;
                self.playing = false;
            }
            Action::Tick => {
                let limit = self.limit();
                if self.playing && self.step < limit && !self.quiz_blocks() {
                    if self.ask_before(self.step) {
                        self.playing = false;
                    } else {
                        self.step += 1;
                        self.travel = true;
                    }
                } else if self.playing && self.looping && limit > 0 && self.quiz.is_none() {
                    // Once more from the start: the first segment leaves at once.
                    self.step = 1;
                    self.travel = true;
                } else {
                    self.playing = false;
                }
            }
            Action::SetQuiz { on, isns } => {
                self.quiz = on.then(Quiz::default);
                if on {
                    // A new round: new numbers, from the start.
                    if let Origin::Scenario { id, params } = self.origin.clone() {
                        let has = |k: &str| {
                            scenario::find(&id).is_some_and(|i| i.params.iter().any(|p| p.key == k))
                        };
                        let mut params: Vec<(String, String)> = params
                            .into_iter()
                            .filter(|(k, _)| k != "client.isn" && k != "server.isn")
                            .collect();
                        if has("client.isn") {
                            params.push(("client.isn".into(), isns.client.to_string()));
                        }
                        if has("server.isn") {
                            params.push(("server.isn".into(), isns.server.to_string()));
                        }
                        let _ = self.try_open(&id, params);
                    }
                    self.step = 0;
                    self.playing = false;
                    self.travel = false;
                }
            }
            Action::Answer(given) => {
                if let Some(quiz) = self.quiz.as_mut() {
                    if let (Some(asking), None) = (&quiz.asking, &quiz.verdict) {
                        let right = given.as_deref().map(|g| check_answer(&asking.question, g));
                        if let Some(r) = right {
                            quiz.asked += 1;
                            quiz.right += u32::from(r);
                        }
                        quiz.answered.push(asking.segment);
                        quiz.verdict = Some(Verdict {
                            given: given.unwrap_or_default(),
                            right,
                        });
                    }
                }
            }
            Action::Continue => {
                if let Some(quiz) = self.quiz.as_mut() {
                    if quiz.verdict.is_some() {
                        quiz.asking = None;
                        quiz.verdict = None;
                        if self.step < total {
                            self.step += 1;
                            self.travel = true;
                        }
                    }
                }
            }
            Action::SetLang(lang) => {
                self.lang = lang;
                self.lang_chosen = true;
            }
            Action::SetNumbering(n) => self.numbering = n,
            Action::SetSpeed(i) => self.speed = i.min(SPEEDS.len() - 1),
            Action::SetTimers(on) => self.timers = on,
            Action::Fail(msg) => self.alert = Some(msg),
            Action::DismissAlert => self.alert = None,
            Action::TextsLoaded => {}
        }
        self
    }
}

/// True if `given` answers `q` (numbers as raw values; states by name, `_` or `-`).
pub fn check_answer(q: &Question, given: &str) -> bool {
    let given = given.trim();
    match q {
        Question::Ack { answer, .. }
        | Question::Seq { answer, .. }
        | Question::Cwnd { answer, .. }
        | Question::NewSegments { answer, .. } => {
            // Thousands may be grouped: "14,600" or "14 600".
            let digits: String = given
                .chars()
                .filter(|c| !matches!(c, ',' | ' ' | '_'))
                .collect();
            digits.parse::<u32>().ok() == Some(*answer)
        }
        Question::State { answer, .. } => given
            .parse::<wiretrace_core::tcp::state::State>()
            .is_ok_and(|s| s == *answer),
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_core::trace::{Flag, Segment};

    fn with_segments(n: usize) -> Model {
        let mut t = Trace::new(None, None);
        for i in 0..n {
            t.segments.push(Segment {
                id: i as u32,
                flags: [Flag::Ack].into(),
                ..Segment::default()
            });
        }
        Model::empty(Lang::En).apply(Action::LoadTrace {
            trace: Rc::new(t),
            name: "x.pcap".into(),
            source: None,
            laid: None,
        })
    }

    #[test]
    fn the_language_a_link_or_action_asks_for_is_the_one_the_model_takes() {
        let zh = Link::parse("#s=browse&lang=zh");
        let fr = Link::parse("#s=browse&lang=fr");
        let none = Link::parse("#s=browse");
        assert_eq!(opening_lang(&zh, Lang::En), Lang::Zh);
        assert_eq!(opening_lang(&fr, Lang::Zh), Lang::Zh);
        assert_eq!(opening_lang(&none, Lang::En), Lang::En);
        for (link, browser) in [(&zh, Lang::En), (&fr, Lang::En), (&none, Lang::Zh)] {
            let m = Model::new(link.clone(), browser);
            assert_eq!(m.lang, opening_lang(link, browser), "{link:?}");
        }
        let open = |l: &Link| Action::OpenLink(l.clone());
        assert_eq!(open(&zh).lang_asked(), Some(Lang::Zh));
        assert_eq!(open(&fr).lang_asked(), None);
        assert_eq!(open(&none).lang_asked(), None);
        assert_eq!(Action::SetLang(Lang::Zh).lang_asked(), Some(Lang::Zh));
        assert_eq!(Action::Forward.lang_asked(), None);
        for (action, lang) in [(open(&zh), Lang::Zh), (Action::SetLang(Lang::Zh), Lang::Zh)] {
            let m = Model::new(none.clone(), Lang::En).apply(action.clone());
            assert_eq!(Some(m.lang), action.lang_asked());
            assert_eq!(m.lang, lang);
        }
    }

    #[test]
    fn end_stops_playing_and_loop_starts_again() {
        let mut m = with_segments(5);
        m.end = Some(2);
        let m = m.apply(Action::TogglePlay).apply(Action::Tick);
        assert_eq!((m.step, m.playing), (2, true));
        let m = m.apply(Action::Tick);
        assert_eq!((m.step, m.playing), (2, false), "stops at end=2");
        let mut m = m.apply(Action::TogglePlay);
        assert_eq!((m.step, m.playing), (1, true), "from the start again");
        m.looping = true;
        let m = m.apply(Action::Tick).apply(Action::Tick);
        assert_eq!(
            (m.step, m.playing),
            (1, true),
            "loops back to the first segment"
        );
    }

    #[test]
    fn opens_paused_at_the_start() {
        let m = with_segments(3);
        assert_eq!(m.step, 0);
        assert!(!m.playing);
        assert_eq!(m.current(), None);
    }

    #[test]
    fn steps_stay_within_the_run() {
        let m = with_segments(2).apply(Action::Back);
        assert_eq!(m.step, 0);
        let m = m
            .apply(Action::Forward)
            .apply(Action::Forward)
            .apply(Action::Forward);
        assert_eq!(m.step, 2);
        assert!(m.travel);
        let m = m.apply(Action::Back);
        assert_eq!((m.step, m.travel), (1, false));
        assert_eq!(m.clone().apply(Action::Seek(99)).step, 2);
        assert_eq!(m.clone().apply(Action::End).step, 2);
        assert_eq!(m.apply(Action::Restart).step, 0);
    }

    #[test]
    fn playing_advances_on_ticks_and_stops_at_the_end() {
        let m = with_segments(2).apply(Action::TogglePlay);
        assert!(m.playing);
        assert_eq!(m.step, 1, "the first segment leaves at once");
        let m = m.apply(Action::Tick);
        assert_eq!(m.step, 2);
        assert!(m.playing, "still playing while the last one travels");
        let m = m.apply(Action::Tick);
        assert!(!m.playing);
        // Play at the end starts over.
        let m = m.apply(Action::TogglePlay);
        assert!(m.playing);
        assert_eq!(m.step, 1);
        // Stepping pauses.
        let m = m.apply(Action::Forward);
        assert!(!m.playing);
        // A tick that arrives after a pause does nothing.
        assert_eq!(m.clone().apply(Action::Tick).step, m.step);
    }

    #[test]
    fn nothing_to_play_in_an_empty_run() {
        let m = with_segments(0).apply(Action::TogglePlay);
        assert!(!m.playing);
        assert_eq!(m.step, 0);
    }

    #[test]
    fn bad_links_are_named_and_the_page_keeps_working() {
        let m = with_segments(3);
        let m = m.apply(Action::OpenLink(Link::parse(
            "#s=no-such-scenario&lang=fr&t=9&num=weird&speed=3",
        )));
        let alert = m.alert.clone().expect("an alert");
        assert!(alert.contains("no-such-scenario"), "{alert}");
        assert!(alert.contains("lang=fr"));
        assert!(alert.contains("num=weird"));
        assert!(alert.contains("speed=3"));
        assert!(alert.contains("t=9"));
        // The imported trace stays on screen; the step is clamped.
        assert_eq!(m.total(), 3);
        assert_eq!(m.step, 3);
        assert_eq!(m.lang, Lang::En);
    }

    #[test]
    fn a_bad_parameter_in_a_link_leaves_out_only_itself() {
        let m = Model::new(
            Link::parse("#s=browse&latency_ms=30&mss=0&client.isn=1000&foo=1&t=4"),
            Lang::En,
        );
        let alert = m.alert.clone().expect("an alert");
        assert!(alert.contains("mss"), "{alert}");
        assert!(alert.contains("foo"), "{alert}");
        // The good ones are kept: the run is the one they ask for, at the link's step.
        let kept = match &m.origin {
            Origin::Scenario { id, params } => (id.clone(), params.clone()),
            other => panic!("{other:?}"),
        };
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(
            kept,
            (
                "browse".to_owned(),
                vec![pair("latency_ms", "30"), pair("client.isn", "1000")]
            )
        );
        assert_eq!(m.trace.segments[0].seq, 1000);
        assert_eq!(m.step, 4);
        let link = m.link();
        assert_eq!(link.params, kept.1);
    }

    #[test]
    fn view_options_come_from_the_link_and_go_back_into_it() {
        let m = with_segments(4).apply(Action::OpenLink(Link::parse(
            "#t=2&lang=zh&num=rel&speed=2&timers=0",
        )));
        assert_eq!(m.alert, None);
        assert_eq!(m.step, 2);
        assert_eq!(m.lang, Lang::Zh);
        assert_eq!(m.numbering, Numbering::Relative);
        assert_eq!(SPEEDS[m.speed], 2.0);
        assert!(!m.timers);
        let link = m.link();
        assert_eq!(link.step.as_deref(), Some("2"));
        assert_eq!(link.lang.as_deref(), Some("zh"));
        assert_eq!(link.numbering.as_deref(), Some("rel"));
        assert_eq!(link.speed.as_deref(), Some("2"));
        assert_eq!(link.timers.as_deref(), Some("0"));
        // Imported traces cannot be re-run from a link: no scenario in it.
        assert_eq!(link.scenario, None);
    }

    #[test]
    fn a_failed_run_keeps_the_previous_trace() {
        let m = with_segments(3).apply(Action::Forward);
        let m = m.apply(Action::Open {
            id: "nope".into(),
            params: vec![],
        });
        assert!(m.alert.as_deref().unwrap().contains("nope"));
        assert_eq!(m.total(), 3);
        assert_eq!(m.step, 1);
    }

    /// The page points to its Scenario list; an embed has none, so it says the link is wrong.
    #[test]
    fn an_unknown_scenario_is_told_as_the_page_or_the_embed_shows_it() {
        let page = Model::new(Link::parse("#s=nope"), Lang::En);
        let alert = page.alert.as_deref().unwrap();
        assert!(
            alert.contains("'nope'") && alert.contains("Scenario list"),
            "{alert}"
        );
        let embed = Model::new(Link::parse("#s=nope&embed=1"), Lang::En);
        let alert = embed.alert.as_deref().unwrap();
        assert!(
            alert.contains("'nope'") && alert.contains("the link of this embed names it"),
            "{alert}"
        );
        assert!(!alert.contains("Scenario list"), "{alert}");
        let off = Model::new(Link::parse("#s=nope&embed=1&embed=0"), Lang::En);
        assert!(off.alert.as_deref().unwrap().contains("Scenario list"));
        // The embed API's load: the scenario alone, in a page opened as an embed.
        let embed = Model::new(Link::parse("#s=handshake&embed=1"), Lang::En);
        let loaded = embed.apply(Action::OpenLink(Link::parse("#s=nope")));
        let alert = loaded.alert.as_deref().unwrap();
        assert!(!alert.contains("Scenario list"), "{alert}");
        assert_eq!(loaded.trace.segments.len(), 7, "handshake stays on screen");
        let zh = Model::new(Link::parse("#s=nope&embed=1&lang=zh"), Lang::En);
        assert!(zh.alert.as_deref().unwrap().contains("嵌入图的链接"));
    }

    #[test]
    fn a_refused_parameter_is_named_by_its_field_and_the_run_stays() {
        let info = default_scenario().expect("the engine offers a scenario");
        let m = Model::new(Link::parse(&format!("#s={}", info.id)), Lang::En);
        let before = m.trace.clone();
        let m = m.apply(Action::SetParam {
            key: "latency_ms".into(),
            value: "-5".into(),
        });
        let refused = m.param_error.clone().expect("refused");
        assert_eq!(refused.key, "latency_ms");
        assert_eq!(refused.given, "-5");
        assert!(refused.message.contains("latency_ms"), "{refused:?}");
        assert!(Rc::ptr_eq(&m.trace, &before));
        // A good value runs again and clears the error; the link carries it.
        let m = m.apply(Action::SetParam {
            key: "latency_ms".into(),
            value: "40".into(),
        });
        assert_eq!(m.param_error, None);
        assert!(m.link().format().contains("latency_ms=40"));
        // An empty value goes back to the default.
        let m = m.apply(Action::SetParam {
            key: "latency_ms".into(),
            value: String::new(),
        });
        assert!(!m.link().format().contains("latency_ms"));
    }

    #[test]
    fn predict_mode_stops_asks_and_goes_on() {
        let info = scenario::find("browse").expect("browse is a scenario");
        let m = Model::new(Link::parse(&format!("#s={}", info.id)), Lang::En);
        let m = m.apply(Action::SetQuiz {
            on: true,
            isns: Isns {
                client: 1_000,
                server: 2_000,
            },
        });
        assert_eq!(m.trace.segments[0].seq, 1_000, "a new round has new ISNs");
        // The SYN moves the server's state: asked before it is shown.
        let m = m.apply(Action::Forward);
        assert_eq!(m.step, 0);
        let asking = m.quiz.as_ref().unwrap().asking.clone().expect("a question");
        assert_eq!(asking.segment, 0);
        // Forward does not skip an open question.
        let m = m.apply(Action::Forward);
        assert_eq!(m.step, 0);
        let right = match &asking.question {
            Question::State { answer, .. } => answer.name().to_owned(),
            Question::Ack { answer, .. }
            | Question::Seq { answer, .. }
            | Question::Cwnd { answer, .. }
            | Question::NewSegments { answer, .. } => answer.to_string(),
        };
        let m = m.apply(Action::Answer(Some(right.to_lowercase().replace('-', "_"))));
        let quiz = m.quiz.clone().unwrap();
        assert_eq!(quiz.verdict.as_ref().unwrap().right, Some(true));
        assert_eq!((quiz.right, quiz.asked), (1, 1));
        let m = m.apply(Action::Forward);
        assert_eq!(m.step, 1, "after the answer, Forward goes on");
        assert!(m.quiz.as_ref().unwrap().asking.is_none());
        // A wrong answer counts as asked, not right.
        let mut m = m;
        while m.quiz.as_ref().unwrap().asking.is_none() && m.step < m.total() {
            m = m.apply(Action::Forward);
        }
        let m = m.apply(Action::Answer(Some("nonsense".into())));
        let quiz = m.quiz.clone().unwrap();
        assert_eq!(quiz.verdict.as_ref().unwrap().right, Some(false));
        assert_eq!((quiz.right, quiz.asked), (1, 2));
    }

    /// Slow start from one segment: the first ACK of data asks how many new segments the
    /// server may send (two), checked like any number.
    #[test]
    fn predict_mode_asks_how_many_segments_an_ack_releases() {
        let m = Model::new(Link::parse("#s=slow-start&initial_window=1"), Lang::En);
        let mut m = m.apply(Action::SetQuiz {
            on: true,
            isns: Isns {
                client: 1_000,
                server: 2_000,
            },
        });
        let asked = loop {
            m = m.apply(Action::Forward);
            let asking = m.quiz.as_ref().unwrap().asking.clone();
            match asking {
                Some(a) if matches!(a.question, Question::NewSegments { .. }) => break a,
                Some(_) => m = m.apply(Action::Answer(None)).apply(Action::Continue),
                None => assert!(m.step < m.total(), "no count question"),
            }
        };
        assert_eq!((asked.segment, m.step), (6, 6));
        assert!(check_answer(&asked.question, " 2 "));
        assert!(!check_answer(&asked.question, "3"));
        let m = m.apply(Action::Answer(Some("3".into())));
        let quiz = m.quiz.unwrap();
        assert_eq!(quiz.verdict.unwrap().right, Some(false));
    }

    #[test]
    fn scenarios_that_exist_run_from_links() {
        // Holds for whatever scenarios the engine offers.
        for info in scenario::list() {
            let m = Model::new(Link::parse(&format!("#s={}", info.id)), Lang::En);
            assert_eq!(m.alert, None, "{}", info.id);
            assert!(matches!(&m.origin, Origin::Scenario { id, .. } if id == info.id));
            assert!(m.total() > 0);
        }
    }
}
