//! The page's own words (buttons, headings, alerts, import messages), English and Chinese,
//! keyed, through the one text mechanism of `wiretrace_core::i18n`: a table per language
//! (`ui/en.rs`, `ui/zh.rs`, the same keys in each), looked up by a typed key [`T`]. The
//! protocol explanations come from the engine's catalogue, the figure's words from
//! `wiretrace_diagram::texts`.
//!
//! Rule for accessible names: they follow the UI language, like the visible text (a
//! Chinese screen-reader user hears Chinese). End-to-end tests run in English, where the
//! names are exactly `Play`, `Pause`, `Step forward`, `Step back`.

use wiretrace_core::i18n::{Catalog, Lang};

/// A count with its thousands grouped (`102,747`), as the page writes counts.
pub fn grouped(n: usize) -> String {
    grouped_u64(n as u64)
}

/// [`grouped`] for a count that may pass 2^32 on wasm32 (a capture's bytes).
pub fn grouped_u64(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

mod en;
mod zh;

/// The page's catalogue.
pub static UI: Catalog = Catalog {
    name: "wiretrace-web page words",
    en: en::TABLE,
    // The page's own words are always built in: it speaks Chinese while it loads the rest.
    zh: wiretrace_core::i18n::Zh::built_in(zh::TABLE),
};

/// Declares the typed keys: each variant of [`T`] names one key of [`UI`].
macro_rules! ui_keys {
    ($($name:ident = $key:literal,)*) => {
        /// A UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T {
            $(
                #[doc = $key]
                $name,
            )*
        }

        impl T {
            /// Every key, in declaration order.
            pub const ALL: &'static [T] = &[$(T::$name,)*];

            /// The key in the catalogue.
            pub fn key(self) -> &'static str {
                match self {
                    $(T::$name => $key,)*
                }
            }
        }
    };
}

ui_keys! {
    Tagline = "ui.tagline",
    Play = "ui.play",
    Pause = "ui.pause",
    StepForward = "ui.step-forward",
    StepBack = "ui.step-back",
    Restart = "ui.restart",
    Speed = "ui.speed",
    Scenario = "ui.scenario",
    NoScenarios = "ui.no-scenarios",
    Numbers = "ui.numbers",
    Absolute = "ui.absolute",
    Relative = "ui.relative",
    Timers = "ui.timers",
    Language = "ui.language",
    OtherLanguage = "ui.other-language",
    Diagram = "ui.diagram",
    Explanation = "ui.explanation",
    SegmentLog = "ui.segment-log",
    SegmentLogCaption = "ui.segment-log-caption",
    ColNo = "ui.col-no",
    ColTime = "ui.col-time",
    ColFromTo = "ui.col-from-to",
    ColFlags = "ui.col-flags",
    ColSeq = "ui.col-seq",
    ColAck = "ui.col-ack",
    ColLen = "ui.col-len",
    ColInfo = "ui.col-info",
    GoToSegment = "ui.go-to-segment",
    StepOf = "ui.step-of",
    AtStart = "ui.at-start",
    StartHint = "ui.start-hint",
    StateChanges = "ui.state-changes",
    NoStateChange = "ui.no-state-change",
    NumbersMoved = "ui.numbers-moved",
    NextSeq = "ui.next-seq",
    Window = "ui.window",
    WindowUnknown = "ui.window-unknown",
    Options = "ui.options",
    Lost = "ui.lost",
    LostMiddlebox = "ui.lost-middlebox",
    InFlight = "ui.in-flight",
    Duplicate = "ui.duplicate",
    Reordered = "ui.reordered",
    TimersLinked = "ui.timers-linked",
    ReadRfc = "ui.read-rfc",
    Dismiss = "ui.dismiss",
    LinkProblem = "ui.link-problem",
    EmptyRun = "ui.empty-run",
    CurrentStates = "ui.current-states",
    StatesOthers = "ui.states-others",
    StatesAll = "ui.states-all",
    StatesFewer = "ui.states-fewer",
    SocketsMore = "ui.sockets-more",
    SocketConnection = "ui.socket-connection",
    SocketListener = "ui.socket-listener",
    Plots = "ui.plots",
    PlotSequence = "ui.plot-sequence",
    PlotCwnd = "ui.plot-cwnd",
    PlotRtt = "ui.plot-rtt",
    PlotThroughput = "ui.plot-throughput",
    PlotDownload = "ui.plot-download",
    PlotHint = "ui.plot-hint",
    PlotOutside = "ui.plot-outside",
    PlotRange = "ui.plot-range",
    PlotRangeView = "ui.plot-range-view",
    PlotRangeWhole = "ui.plot-range-whole",
    SocketsInside = "ui.sockets-inside",
    TcbAcked = "ui.tcb-acked",
    TcbBlocked = "ui.tcb-blocked",
    TcbBytes = "ui.tcb-bytes",
    TcbChanged = "ui.tcb-changed",
    TcbFree = "ui.tcb-free",
    TcbInFlight = "ui.tcb-in-flight",
    TcbLeft = "ui.tcb-left",
    TcbLimitCwnd = "ui.tcb-limit-cwnd",
    TcbLimitRwnd = "ui.tcb-limit-rwnd",
    TcbRcvBuf = "ui.tcb-rcv-buf",
    TcbRead = "ui.tcb-read",
    TcbRecvSide = "ui.tcb-recv-side",
    TcbSendSide = "ui.tcb-send-side",
    TcbSndBuf = "ui.tcb-snd-buf",
    TcbTimers = "ui.tcb-timers",
    TcbUnacked = "ui.tcb-unacked",
    TcbUnknown = "ui.tcb-unknown",
    TcbUnlimited = "ui.tcb-unlimited",
    TcbUnread = "ui.tcb-unread",
    TcbUsable = "ui.tcb-usable",
    Finished = "ui.finished",
    KeyboardHint = "ui.keyboard-hint",
    ImportedFrom = "ui.imported-from",
    Zoom = "ui.zoom",
    Predict = "ui.predict",
    QuizOn = "ui.quiz-on",
    QuizTitle = "ui.quiz-title",
    QuizScore = "ui.quiz-score",
    QuizAck = "ui.quiz-ack",
    QuizSeq = "ui.quiz-seq",
    QuizState = "ui.quiz-state",
    QuizCwnd = "ui.quiz-cwnd",
    QuizCwndAcked = "ui.quiz-cwnd-acked",
    QuizCwndAvoidance = "ui.quiz-cwnd-avoidance",
    QuizCwndFastRetransmit = "ui.quiz-cwnd-fast-retransmit",
    QuizCwndFullAck = "ui.quiz-cwnd-full-ack",
    QuizCwndInflate = "ui.quiz-cwnd-inflate",
    QuizCwndPartialAck = "ui.quiz-cwnd-partial-ack",
    QuizCwndSlowStart = "ui.quiz-cwnd-slow-start",
    QuizSegments = "ui.quiz-segments",
    QuizSegmentsAcked = "ui.quiz-segments-acked",
    QuizSegmentsRoom = "ui.quiz-segments-room",
    QuizSegmentsFull = "ui.quiz-segments-full",
    QuizSegmentsData = "ui.quiz-segments-data",
    QuizCheck = "ui.quiz-check",
    QuizShow = "ui.quiz-show",
    QuizRight = "ui.quiz-right",
    QuizWrong = "ui.quiz-wrong",
    QuizAnswer = "ui.quiz-answer",
    QuizContinue = "ui.quiz-continue",
    WholeRunFailed = "ui.whole-run-failed",
    WholeRunLaying = "ui.whole-run-laying",
    FigureRelaying = "ui.figure-relaying",
    WholeRunReading = "ui.whole-run-reading",
    WholeRunRunning = "ui.whole-run-running",
    WholeRunStop = "ui.whole-run-stop",
    WholeRunStopped = "ui.whole-run-stopped",
    ImportOpen = "ui.import-open",
    ImportHint = "ui.import-hint",
    ImportScanning = "ui.import-scanning",
    ImportDrawing = "ui.import-drawing",
    ImportLaying = "ui.import-laying",
    ImportParsing = "ui.import-parsing",
    ImportParsingTcb = "ui.import-parsing-tcb",
    ImportParts = "ui.import-parts",
    ImportPick = "ui.import-pick",
    ImportDraw = "ui.import-draw",
    ImportPickOne = "ui.import-pick-one",
    ImportRange = "ui.import-range",
    ImportFrom = "ui.import-from",
    ImportTo = "ui.import-to",
    ImportSeconds = "ui.import-seconds",
    ImportSpan = "ui.import-span",
    ImportRangeBad = "ui.import-range-bad",
    ImportRangeOrder = "ui.import-range-order",
    ImportNoneChosen = "ui.import-none-chosen",
    ImportChooseAll = "ui.import-choose-all",
    ImportChooseNone = "ui.import-choose-none",
    ImportChooseFound = "ui.import-choose-found",
    ImportFilter = "ui.import-filter",
    ImportFilterHint = "ui.import-filter-hint",
    ImportFilterFound = "ui.import-filter-found",
    ImportListed = "ui.import-listed",
    ImportShowMore = "ui.import-show-more",
    ImportOverCap = "ui.import-over-cap",
    ImportCapped = "ui.import-capped",
    Export = "ui.export",
    Parameters = "ui.parameters",
    ParamHint = "ui.param-hint",
    ResetParams = "ui.reset-params",
    Default = "ui.default",
    Summary = "ui.summary",
    SumConnections = "ui.sum-connections",
    SumSegments = "ui.sum-segments",
    SumBytes = "ui.sum-bytes",
    SumTime = "ui.sum-time",
    SumRetransmissions = "ui.sum-retransmissions",
    SumLost = "ui.sum-lost",
    SumHttp = "ui.sum-http",
    ZoomIn = "ui.zoom-in",
    ZoomOut = "ui.zoom-out",
    ZoomFit = "ui.zoom-fit",
    EventsSince = "ui.events-since",
    EventsAtStart = "ui.events-at-start",
    EventTag = "ui.event-tag",
    GoToStep = "ui.go-to-step",
    AboutScenario = "ui.about-scenario",
    Results = "ui.results",
    SumFlows = "ui.sum-flows",
    ColWay = "ui.col-way",
    ColPages = "ui.col-pages",
    ColTotal = "ui.col-total",
    ColRoundTrips = "ui.col-round-trips",
    ColConns = "ui.col-conns",
    ColSegs = "ui.col-segs",
    ColBytes = "ui.col-bytes",
    ColItems = "ui.col-items",
    ColMean = "ui.col-mean",
    ColWorst = "ui.col-worst",
    ColRequests = "ui.col-requests",
    ScrollHint = "ui.scroll-hint",
    Figure = "ui.figure",
    FilesArea = "ui.files-area",
    TimeZoom = "ui.time-zoom",
    TimeZoomIn = "ui.time-zoom-in",
    TimeZoomOut = "ui.time-zoom-out",
    TimeWhole = "ui.time-whole",
    TimeDetail = "ui.time-detail",
    Overview = "ui.overview",
    OverviewAt = "ui.overview-at",
    ParamsLocked = "ui.params-locked",
    OpenFull = "ui.open-full",
    OpenFullLabel = "ui.open-full-label",
    AutoplayHeld = "ui.autoplay-held",
    Share = "ui.share",
    ShareTitle = "ui.share-title",
    ShareLink = "ui.share-link",
    ShareIframe = "ui.share-iframe",
    ShareComponent = "ui.share-component",
    SharePosterHint = "ui.share-poster-hint",
    ShareOptions = "ui.share-options",
    ShareAtStep = "ui.share-at-step",
    ShareAutoplay = "ui.share-autoplay",
    ShareLock = "ui.share-lock",
    SharePanels = "ui.share-panels",
    ShareLang = "ui.share-lang",
    ShareLangPage = "ui.share-lang-page",
    Copy = "ui.copy",
    Copied = "ui.copied",
    CopyByHand = "ui.copy-by-hand",
    Close = "ui.close",
    PanelDiagram = "ui.panel-diagram",
    PanelLog = "ui.panel-log",
    PanelExplain = "ui.panel-explain",
    PanelStates = "ui.panel-states",
    PanelParams = "ui.panel-params",
    PanelHeader = "ui.panel-header",
    EmbedTitle = "ui.embed-title",
    LinkLang = "ui.link-lang",
    TextsFailed = "ui.texts-failed",
    LinkNum = "ui.link-num",
    LinkSpeed = "ui.link-speed",
    LinkTimers = "ui.link-timers",
    LinkStepOver = "ui.link-step-over",
    LinkStepBad = "ui.link-step-bad",
    LinkNoScenario = "ui.link-no-scenario",
    LinkUnknownScenario = "ui.link-unknown-scenario",
    LinkUnknownScenarioEmbed = "ui.link-unknown-scenario-embed",
    ListSeparator = "ui.list-separator",
    ExportFailed = "ui.export-failed",
    ExportRefused = "ui.export-refused",
    ExportWriting = "ui.export-writing",
    FileUnreadable = "ui.file-unreadable",
    NotUtf8 = "ui.not-utf8",
    NotATrace = "ui.not-a-trace",
    JsonUnwritable = "ui.json-unwritable",
    WorkerFailed = "ui.worker-failed",
    WorkerUnknownJob = "ui.worker-unknown-job",
    WorkerUnreadableReply = "ui.worker-unreadable-reply",
    WorkerRefusedJob = "ui.worker-refused-job",
    WorkerStopped = "ui.worker-stopped",
    WorkerOtherJob = "ui.worker-other-job",
    WorkerCannotAnswer = "ui.worker-cannot-answer",
    NoPackets = "ui.no-packets",
    FileProblem = "ui.file-problem",
    ConnRow = "ui.conn-row",
    SackPermitted = "ui.sack-permitted",
    TimerFired = "ui.timer-fired",
    TimerCancelled = "ui.timer-cancelled",
    TimerPending = "ui.timer-pending",
    TimerEndedAt = "ui.timer-ended-at",
    NotJson = "ui.not-json",
}

/// The text of a key in a language (the key itself if a table lacks it: visible, not
/// silent; a test proves none does).
pub fn t(lang: Lang, key: T) -> &'static str {
    UI.get(lang, key.key()).unwrap_or(key.key())
}

/// A UI string with `{name}` arguments filled in.
pub fn tf(lang: Lang, key: T, args: &[(&str, &str)]) -> String {
    UI.text(lang, key.key(), args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_core::i18n::check;

    #[test]
    fn test_hooks_keep_their_english_names() {
        assert_eq!(t(Lang::En, T::Play), "Play");
        assert_eq!(t(Lang::En, T::Pause), "Pause");
        assert_eq!(t(Lang::En, T::StepForward), "Step forward");
        assert_eq!(t(Lang::En, T::StepBack), "Step back");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(20_000), "20,000");
        assert_eq!(grouped_u64(5_000_000_000), "5,000,000,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn arguments_are_filled_in_both_languages() {
        for lang in Lang::ALL {
            let s = tf(lang, T::StepOf, &[("n", "3"), ("total", "10")]);
            assert!(s.contains('3') && s.contains("10"), "{s}");
        }
    }

    #[test]
    fn every_key_has_every_language_and_every_entry_a_key() {
        for key in T::ALL {
            for lang in Lang::ALL {
                assert!(UI.get(lang, key.key()).is_some(), "{key:?} in {lang:?}");
            }
        }
        let used: Vec<&str> = T::ALL.iter().map(|k| k.key()).collect();
        for key in UI.keys() {
            assert!(used.contains(&key), "{key} has no T");
        }
    }

    #[test]
    fn the_page_catalogue_passes_every_check() {
        let problems = check::problems(&UI);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
