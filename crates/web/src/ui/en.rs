//! The English half of the page's words: `(key, template)`, sorted by key, the same
//! keys as every other language (a test checks).

/// `(key, template)`, sorted by key.
pub(super) static TABLE: &[(&str, &str)] = &[
    (
        "ui.about-scenario",
        "About this scenario",
    ),
    (
        "ui.absolute",
        "Absolute",
    ),
    (
        "ui.at-start",
        "Start",
    ),
    (
        "ui.col-ack",
        "Ack",
    ),
    (
        "ui.col-bytes",
        "Payload bytes",
    ),
    (
        "ui.col-conns",
        "Connections",
    ),
    (
        "ui.col-flags",
        "Flags",
    ),
    (
        "ui.col-from-to",
        "From → To",
    ),
    (
        "ui.col-info",
        "Info",
    ),
    (
        "ui.col-items",
        "Items",
    ),
    (
        "ui.col-len",
        "Len",
    ),
    (
        "ui.col-mean",
        "Mean delay",
    ),
    (
        "ui.col-no",
        "#",
    ),
    (
        "ui.col-pages",
        "Pages",
    ),
    (
        "ui.col-requests",
        "Requests",
    ),
    (
        "ui.col-round-trips",
        "Round trips",
    ),
    (
        "ui.col-segs",
        "Segments",
    ),
    (
        "ui.col-seq",
        "Seq",
    ),
    (
        "ui.col-time",
        "Time",
    ),
    (
        "ui.col-total",
        "Time",
    ),
    (
        "ui.col-way",
        "Way",
    ),
    (
        "ui.col-worst",
        "Worst delay",
    ),
    (
        "ui.conn-row",
        " · {packets} pkts · {bytes} B · {span}",
    ),
    (
        "ui.current-states",
        "States now",
    ),
    (
        "ui.default",
        "default",
    ),
    (
        "ui.diagram",
        "Sequence diagram",
    ),
    (
        "ui.dismiss",
        "Dismiss",
    ),
    (
        "ui.duplicate",
        "A copy made by the network: it arrives a second time.",
    ),
    (
        "ui.empty-run",
        "Nothing to show yet: this run has no segments.",
    ),
    (
        "ui.event-tag",
        "event",
    ),
    (
        "ui.events-at-start",
        "At the start",
    ),
    (
        "ui.events-since",
        "Since the previous step",
    ),
    (
        "ui.explanation",
        "What is happening",
    ),
    (
        "ui.export",
        "Download",
    ),
    (
        "ui.export-failed",
        "{kind} export failed: {why}",
    ),
    (
        "ui.export-refused",
        "the browser refused the download",
    ),
    (
        "ui.figure",
        "Figure",
    ),
    (
        "ui.file-problem",
        "{name}: {why}",
    ),
    (
        "ui.file-unreadable",
        "the browser could not read the file",
    ),
    (
        "ui.files-area",
        "Download and open",
    ),
    (
        "ui.finished",
        "End of the run.",
    ),
    (
        "ui.go-to-segment",
        "Go to segment #{n}",
    ),
    (
        "ui.go-to-step",
        "Go to step {n}",
    ),
    (
        "ui.import-capped",
        "Only the first {kept} segments are drawn: {left} more were left out (the cap of one drawing). Open the file again and choose a shorter time range or fewer connections to see them.",
    ),
    (
        "ui.import-draw",
        "Draw them",
    ),
    (
        "ui.import-drawing",
        "Drawing {name}",
    ),
    (
        "ui.import-from",
        "From",
    ),
    (
        "ui.import-hint",
        "pcap, pcapng, tcpdump text or a Trace JSON; or drop the file here.",
    ),
    (
        "ui.import-none-chosen",
        "Choose at least one connection to draw.",
    ),
    (
        "ui.import-open",
        "Open a capture…",
    ),
    (
        "ui.import-over-cap",
        "The chosen connections hold {n} packets: a drawing keeps the first {cap} segments of the time range and counts the rest. Choose fewer connections or a shorter range to see them all.",
    ),
    (
        "ui.import-pick",
        "{name} holds {n} connections. Choose the ones to draw:",
    ),
    (
        "ui.import-pick-one",
        "{name} holds 1 connection of {n} packets, more than the {cap} segments one drawing keeps. Choose a time range to draw:",
    ),
    (
        "ui.import-range",
        "Time range, in seconds after the first packet (the capture lasts {end} s):",
    ),
    (
        "ui.import-range-bad",
        "{field} must be a number of seconds from 0 to {end}.",
    ),
    (
        "ui.import-range-order",
        "From must be less than To: choose From from 0 up to (not including) {to}, or a later To (up to {end}).",
    ),
    (
        "ui.import-scanning",
        "Reading {name}",
    ),
    (
        "ui.import-seconds",
        "s",
    ),
    (
        "ui.import-span",
        "{from}–{to} s",
    ),
    (
        "ui.import-to",
        "To",
    ),
    (
        "ui.imported-from",
        "Imported from {name}",
    ),
    (
        "ui.in-flight",
        "Still travelling when the run ended.",
    ),
    (
        "ui.json-unwritable",
        "the browser could not write JSON",
    ),
    (
        "ui.keyboard-hint",
        "Keys: Space play/pause · ← → step · in the figure: ↑ ↓ scroll, Shift+← → sideways",
    ),
    (
        "ui.language",
        "Language",
    ),
    (
        "ui.link-lang",
        "lang={v}: expected en or zh",
    ),
    (
        "ui.link-no-scenario",
        "s= names no scenario",
    ),
    (
        "ui.link-num",
        "num={v}: expected abs or rel",
    ),
    (
        "ui.link-problem",
        "This link has a problem: {what}",
    ),
    (
        "ui.link-speed",
        "speed={v}: expected 0.25, 0.5, 1, 2 or 4",
    ),
    (
        "ui.link-step-bad",
        "t={v}: expected a step from 0 to {total}",
    ),
    (
        "ui.link-step-over",
        "t={v}: this run has {total} steps",
    ),
    (
        "ui.link-timers",
        "timers={v}: expected 0 or 1",
    ),
    (
        "ui.link-unknown-scenario",
        "there is no scenario '{id}': choose one from the Scenario list",
    ),
    (
        "ui.list-separator",
        "; ",
    ),
    (
        "ui.lost",
        "This segment was lost on the way and never arrived.",
    ),
    (
        "ui.lost-middlebox",
        "A middlebox on the path discarded this segment.",
    ),
    (
        "ui.next-seq",
        "next seq",
    ),
    (
        "ui.no-packets",
        "no TCP or UDP packets in it",
    ),
    (
        "ui.no-scenarios",
        "No scenarios available",
    ),
    (
        "ui.no-state-change",
        "No state changes.",
    ),
    (
        "ui.not-a-trace",
        "not a wiretrace Trace: {detail}",
    ),
    (
        "ui.not-json",
        "not JSON: {detail}",
    ),
    (
        "ui.not-utf8",
        "not UTF-8 text",
    ),
    (
        "ui.numbers",
        "Numbers",
    ),
    (
        "ui.numbers-moved",
        "Numbers",
    ),
    (
        "ui.options",
        "options",
    ),
    (
        "ui.other-language",
        "中文",
    ),
    (
        "ui.param-hint",
        "Change a value and the run plays again with it. The link keeps it.",
    ),
    (
        "ui.parameters",
        "Parameters",
    ),
    (
        "ui.pause",
        "Pause",
    ),
    (
        "ui.play",
        "Play",
    ),
    (
        "ui.predict",
        "Predict",
    ),
    (
        "ui.quiz-ack",
        "What acknowledgment number will {who} send next?",
    ),
    (
        "ui.quiz-answer",
        "The answer: {answer}.",
    ),
    (
        "ui.quiz-check",
        "Check",
    ),
    (
        "ui.quiz-continue",
        "Continue",
    ),
    (
        "ui.quiz-on",
        "Predict mode: the player stops before key segments and asks what comes next.",
    ),
    (
        "ui.quiz-right",
        "Right: {answer}.",
    ),
    (
        "ui.quiz-score",
        "{right} of {asked} right",
    ),
    (
        "ui.quiz-seq",
        "What sequence number will {who}'s next segment carry?",
    ),
    (
        "ui.quiz-show",
        "Show me",
    ),
    (
        "ui.quiz-state",
        "Which state will {who} be in once the next segment has done its work?",
    ),
    (
        "ui.quiz-title",
        "Your prediction",
    ),
    (
        "ui.quiz-wrong",
        "Not quite: you said {given}, the trace says {answer}.",
    ),
    (
        "ui.read-rfc",
        "Read {rfc}",
    ),
    (
        "ui.relative",
        "Relative",
    ),
    (
        "ui.reordered",
        "Arrived after a segment sent later than it.",
    ),
    (
        "ui.reset-params",
        "Back to the defaults",
    ),
    (
        "ui.restart",
        "Restart",
    ),
    (
        "ui.results",
        "How they compare",
    ),
    (
        "ui.sack-permitted",
        "SACK permitted",
    ),
    (
        "ui.scenario",
        "Scenario",
    ),
    (
        "ui.scroll-hint",
        "The figure is wider than the screen: scroll it sideways.",
    ),
    (
        "ui.segment-log",
        "Segment log",
    ),
    (
        "ui.segment-log-caption",
        "Every segment in the order it was sent. Select a row to jump to it.",
    ),
    (
        "ui.speed",
        "Speed",
    ),
    (
        "ui.start-hint",
        "Press Play, or → to go one segment at a time.",
    ),
    (
        "ui.state-changes",
        "State changes",
    ),
    (
        "ui.step-back",
        "Step back",
    ),
    (
        "ui.step-forward",
        "Step forward",
    ),
    (
        "ui.step-of",
        "Step {n} of {total}",
    ),
    (
        "ui.sum-bytes",
        "payload bytes",
    ),
    (
        "ui.sum-connections",
        "connections opened",
    ),
    (
        "ui.sum-flows",
        "UDP flows",
    ),
    (
        "ui.sum-http",
        "HTTP messages",
    ),
    (
        "ui.sum-lost",
        "lost on the way",
    ),
    (
        "ui.sum-retransmissions",
        "retransmissions",
    ),
    (
        "ui.sum-segments",
        "segments",
    ),
    (
        "ui.sum-time",
        "total time",
    ),
    (
        "ui.summary",
        "Summary of the run",
    ),
    (
        "ui.tagline",
        "TCP and HTTP, segment by segment",
    ),
    (
        "ui.timer-cancelled",
        "cancelled",
    ),
    (
        "ui.timer-fired",
        "fired",
    ),
    (
        "ui.timer-pending",
        "pending",
    ),
    (
        "ui.timers",
        "Timers",
    ),
    (
        "ui.timers-linked",
        "Timers",
    ),
    (
        "ui.window",
        "window",
    ),
    (
        "ui.window-unknown",
        "not in the capture",
    ),
    (
        "ui.worker-cannot-answer",
        "the file reader could not answer: {why}",
    ),
    (
        "ui.worker-failed",
        "the file reader could not start",
    ),
    (
        "ui.worker-other-job",
        "the file reader answered another job",
    ),
    (
        "ui.worker-refused-job",
        "the file reader refused the job",
    ),
    (
        "ui.worker-stopped",
        "the file reader could not start or stopped",
    ),
    (
        "ui.worker-unknown-job",
        "the file reader does not understand the page's request: {why}",
    ),
    (
        "ui.worker-unreadable-reply",
        "the file reader sent a message the page cannot read: {why}",
    ),
    (
        "ui.zoom",
        "Zoom",
    ),
    (
        "ui.zoom-fit",
        "Fit",
    ),
    (
        "ui.zoom-in",
        "Zoom in",
    ),
    (
        "ui.zoom-out",
        "Zoom out",
    ),
];
