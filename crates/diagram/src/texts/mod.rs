//! The figure's own words (badges, analysis tags, timer names and tooltips, what became of
//! a segment, the transcript's marks), English and Chinese, keyed, through the one text
//! mechanism of `wiretrace_core::i18n` (a table per language, the same keys in each).
//! Explanations of segments, states, timers and events come from the engine's catalogue.

use wiretrace_core::i18n::{self, Catalog, Lang};
use wiretrace_core::trace::{Analysis, Fate, Timer, TimerKind, TimerOutcome, Trace};

use crate::{fmt_duration, fmt_time};

#[cfg(not(feature = "zh-only"))]
mod en;
#[cfg(any(feature = "builtin-zh", debug_assertions))]
mod zh;

/// The figure's catalogue.
pub static TEXTS: Catalog = Catalog {
    name: "wiretrace-diagram texts",
    #[cfg(not(feature = "zh-only"))]
    en: en::TABLE,
    // Chinese only: the English table left out (see the module's doc).
    #[cfg(feature = "zh-only")]
    en: zh::TABLE,
    #[cfg(any(feature = "builtin-zh", debug_assertions))]
    zh: i18n::Zh::built_in(zh::TABLE),
    #[cfg(not(any(feature = "builtin-zh", debug_assertions)))]
    zh: i18n::Zh::apart(),
};

/// The catalogues whose Chinese a page build ships apart, in the texts file
/// (`wiretrace texts --lang zh`): the engine's messages and the figure's words. The page's
/// own words stay built in.
pub static SHIPPED_APART: [&Catalog; 2] = [&i18n::MESSAGES, &TEXTS];

/// The text of a key (the key itself if it is missing: visible, not silent).
pub fn t(lang: Lang, key: &str) -> &str {
    TEXTS.get(lang, key).unwrap_or(key)
}

/// The text of a key with `{name}` arguments filled in.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    TEXTS.text(lang, key, args)
}

/// The key of an analysis tag's short name (Wireshark's wording in English).
pub fn analysis_key(a: Analysis) -> &'static str {
    match a {
        Analysis::Retransmission => "tag.retransmission",
        Analysis::FastRetransmission => "tag.fast-retransmission",
        Analysis::SpuriousRetransmission => "tag.spurious-retransmission",
        Analysis::DuplicateAck => "tag.duplicate-ack",
        Analysis::KeepAlive => "tag.keep-alive",
        Analysis::KeepAliveAck => "tag.keep-alive-ack",
        Analysis::ZeroWindow => "tag.zero-window",
        Analysis::ZeroWindowProbe => "tag.zero-window-probe",
        Analysis::ZeroWindowProbeAck => "tag.zero-window-probe-ack",
        Analysis::WindowUpdate => "tag.window-update",
        Analysis::WindowFull => "tag.window-full",
        Analysis::OutOfOrder => "tag.out-of-order",
        Analysis::LostSegment => "tag.lost-segment",
        Analysis::AckedUnseen => "tag.acked-unseen",
    }
}

/// The key of a timer kind's short name, as drawn on its bracket.
pub fn timer_key(kind: TimerKind) -> &'static str {
    match kind {
        TimerKind::Rto => "timer.name.rto",
        TimerKind::DelayedAck => "timer.name.delayed-ack",
        TimerKind::TimeWait => "timer.name.time-wait",
        TimerKind::Keepalive => "timer.name.keepalive",
        TimerKind::Persist => "timer.name.persist",
        TimerKind::UserTimeout => "timer.name.user-timeout",
        TimerKind::FinWait2 => "timer.name.fin-wait-2",
        TimerKind::Heartbeat => "timer.name.heartbeat",
        TimerKind::Liveness => "timer.name.liveness",
        TimerKind::Poll => "timer.name.poll",
        TimerKind::IdleTimeout => "timer.name.idle-timeout",
        TimerKind::App => "timer.name.app",
    }
}

/// The key of what became of a segment, when it is not a plain delivery.
pub fn fate_key(fate: Fate) -> Option<&'static str> {
    match fate {
        Fate::Delivered => None,
        Fate::Dropped => Some("fate.dropped"),
        Fate::Duplicated => Some("fate.duplicated"),
        Fate::Reordered => Some("fate.reordered"),
        Fate::DroppedByMiddlebox => Some("fate.dropped-by-middlebox"),
        Fate::InFlight => Some("fate.in-flight"),
    }
}

/// The figure's title: the scenario's title in a language (its id if it is not one of
/// ours), or the captured file's name.
pub fn figure_title(trace: &Trace, lang: Lang) -> String {
    let title = match (&trace.scenario, &trace.source) {
        (Some(id), _) => wiretrace_core::scenario::find(id)
            .and_then(|info| i18n::template(lang, info.title))
            .unwrap_or(id)
            .to_owned(),
        (None, Some(src)) => src.name.clone(),
        (None, None) => return "wiretrace".to_owned(),
    };
    tf(lang, "figure.title", &[("title", &title)])
}

/// An endpoint's name in a language (its label message), else its label, else its id.
pub fn endpoint_name(trace: &Trace, id: &str, lang: Lang) -> String {
    trace.endpoint(id).map_or_else(
        || id.to_owned(),
        |e| i18n::render_or(lang, e.label_msg.as_ref(), &e.label),
    )
}

/// A timer's tooltip: its name, whose it is, when it was armed, its deadline, how it ended
/// and when (times from `t0`), then what it waits for.
pub fn timer_title(trace: &Trace, tm: &Timer, end: u64, t0: u64, lang: Lang) -> String {
    let outcome = t(
        lang,
        match tm.outcome {
            TimerOutcome::Fired => "timer.outcome.fired",
            TimerOutcome::Cancelled => "timer.outcome.cancelled",
            TimerOutcome::Pending => "timer.outcome.pending",
        },
    );
    let title = tf(
        lang,
        "timer.tooltip",
        &[
            ("name", t(lang, timer_key(tm.kind))),
            ("endpoint", &endpoint_name(trace, &tm.endpoint, lang)),
            ("armed", &fmt_time(tm.armed_us.saturating_sub(t0))),
            (
                "deadline",
                &fmt_duration(tm.deadline_us.saturating_sub(tm.armed_us)),
            ),
            ("outcome", outcome),
            ("end", &fmt_time(end.saturating_sub(t0))),
        ],
    );
    let note = i18n::render_or(lang, tm.msg.as_ref(), &tm.note);
    if note.is_empty() {
        title
    } else {
        tf(
            lang,
            "timer.tooltip.note",
            &[("title", &title), ("note", &note)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_core::i18n::check;

    #[test]
    fn the_figure_catalogue_passes_every_check() {
        let problems = check::problems(&TEXTS);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_key_the_code_names_exists_in_every_language() {
        use Analysis::*;
        let mut keys: Vec<&str> = [
            Retransmission,
            FastRetransmission,
            SpuriousRetransmission,
            DuplicateAck,
            KeepAlive,
            KeepAliveAck,
            ZeroWindow,
            ZeroWindowProbe,
            ZeroWindowProbeAck,
            WindowUpdate,
            WindowFull,
            OutOfOrder,
            LostSegment,
            AckedUnseen,
        ]
        .into_iter()
        .map(analysis_key)
        .collect();
        use TimerKind as K;
        keys.extend(
            [
                K::Rto,
                K::DelayedAck,
                K::TimeWait,
                K::Keepalive,
                K::Persist,
                K::UserTimeout,
                K::FinWait2,
                K::Heartbeat,
                K::Liveness,
                K::Poll,
                K::IdleTimeout,
                K::App,
            ]
            .into_iter()
            .map(timer_key),
        );
        keys.extend(
            [
                Fate::Dropped,
                Fate::Duplicated,
                Fate::Reordered,
                Fate::DroppedByMiddlebox,
                Fate::InFlight,
            ]
            .into_iter()
            .filter_map(fate_key),
        );
        for k in keys {
            for lang in Lang::ALL {
                assert!(TEXTS.get(lang, k).is_some(), "{k} in {lang:?}");
            }
        }
    }
}
