//! A plain-text transcript: one line per segment in send order, each followed by the state
//! changes it caused and, optionally, its explanation, with the story's events (marked `*`)
//! between them at their time. What a screen reader or a terminal user reads instead of
//! the figure.

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::{Event, EventKind, Fate, StateChange, Trace};

use crate::numbers::{segment_label, segment_note, Numbering, SeqBases};
use crate::story;
use crate::{events, fmt_time, texts};

/// What the transcript contains.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Absolute or relative sequence numbers.
    pub numbering: Numbering,
    /// Language of the explanations.
    pub lang: Lang,
    /// Add each segment's explanation under it.
    pub explain: bool,
}

/// What happened to a segment, in a word in a language, when it is not a plain delivery.
pub fn fate_word(fate: Fate, lang: Lang) -> Option<&'static str> {
    texts::fate_key(fate).and_then(|k| texts::TEXTS.get(lang, k))
}

/// A line told between the segments, at its time.
struct Told<'a> {
    /// Told before the segment of this index (the number of segments sent before it).
    slot: usize,
    /// The run's summary: after everything else at its slot and time.
    summary: bool,
    at_us: u64,
    what: What<'a>,
}

/// What a [`Told`] line tells.
enum What<'a> {
    Event(&'a Event),
    /// A state change no segment caused.
    Change(&'a StateChange),
}

/// The transcript of a trace.
pub fn transcript(trace: &Trace, opts: &TextOptions) -> String {
    let bases = SeqBases::new(trace);
    let t0 = trace.segments.first().map_or(0, |s| s.sent_us);
    let multi = trace.connections.len() > 1;
    let mut out = String::new();
    let times: Vec<String> = trace
        .segments
        .iter()
        .map(|s| fmt_time(s.sent_us.saturating_sub(t0)))
        .collect();
    // Events and the state changes no segment caused (a timer's: TIME-WAIT ending, a
    // connection given up; a crash's) in time order, each before the first segment sent
    // after it; at one instant the trace's order, events before changes, and the run's own
    // summary closes the transcript.
    let slots = story::event_slots(trace);
    let of_events = trace.events.iter().zip(&slots).map(|(ev, &slot)| Told {
        slot,
        summary: ev.kind == EventKind::Summary,
        at_us: ev.at_us,
        what: What::Event(ev),
    });
    let of_changes = trace
        .states
        .iter()
        .filter(|c| c.segment.is_none())
        .map(|c| Told {
            slot: trace.segments.partition_point(|s| s.sent_us < c.at_us),
            summary: false,
            at_us: c.at_us,
            what: What::Change(c),
        });
    let mut told: Vec<Told> = of_events.chain(of_changes).collect();
    told.sort_by_key(|t| {
        let change = matches!(t.what, What::Change(_));
        (t.slot, t.summary, t.at_us, change)
    });
    let told_times: Vec<String> = told
        .iter()
        .map(|t| fmt_time(t.at_us.saturating_sub(t0)))
        .collect();
    let tw = times
        .iter()
        .chain(&told_times)
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(4);
    let name = |id: &str| texts::endpoint_name(trace, id, opts.lang);
    let change_text = |ch: &StateChange| {
        texts::tf(
            opts.lang,
            "text.change",
            &[
                ("endpoint", &name(&ch.endpoint)),
                ("from", ch.from.name()),
                ("to", ch.to.name()),
            ],
        )
    };
    // Segments and connections carry their Trace ids (from 0), the numbers `drop=`
    // and `import --conn` take, as the page's log does.
    let idw = trace.segments.len().to_string().len();
    let mut next = 0;
    let mut flush = |out: &mut String, before: usize| {
        while let Some(item) = told.get(next) {
            if item.slot > before {
                break;
            }
            let text = match item.what {
                // The run's summary and its cut are the run's, not an endpoint's.
                What::Event(ev) => match events::teller(ev) {
                    None => events::text(ev, opts.lang).trim_end().to_owned(),
                    Some(endpoint) => {
                        let text = events::text(ev, opts.lang);
                        texts::tf(
                            opts.lang,
                            "text.event",
                            &[("endpoint", &name(endpoint)), ("text", text.trim_end())],
                        )
                    }
                },
                What::Change(ch) => change_text(ch),
            };
            out.push_str(&format!(
                "{:>tw$}  {:>idw$}  {text}\n",
                told_times[next], "*"
            ));
            next += 1;
        }
    };
    for (k, (seg, time)) in trace.segments.iter().zip(&times).enumerate() {
        // What happened up to the moment this segment leaves comes first.
        flush(&mut out, k);
        let mut line = format!(
            "{time:>tw$}  {:>idw$}  {} -> {}  ",
            seg.id,
            name(&seg.from),
            name(&seg.to),
        );
        if multi {
            line.push_str(&texts::tf(
                opts.lang,
                "text.conn",
                &[("n", &seg.conn.to_string())],
            ));
            line.push(' ');
        }
        line.push_str(&segment_label(seg, &bases, opts.numbering));
        if seg.proto == wiretrace_core::trace::Proto::Tcp {
            // A capture that did not give the window (old tcpdump text) says `win=?`:
            // `win=0` would read as a zero window.
            if seg.window_unknown {
                line.push_str(" win=?");
            } else {
                line.push_str(&format!(" win={}", seg.window));
            }
        }
        let note = segment_note(seg, opts.lang);
        if !note.is_empty() {
            line.push_str("  ");
            line.push_str(&note);
        }
        if let Some(w) = fate_word(seg.fate, opts.lang) {
            line.push_str("  ");
            line.push_str(w);
        }
        out.push_str(line.trim_end());
        out.push('\n');
        let indent = " ".repeat(tw + idw + 4);
        if opts.explain {
            let text = i18n::render_or(opts.lang, seg.message_kept(), seg.explain());
            if !text.is_empty() {
                out.push_str(&format!("{indent}{text}\n"));
            }
        }
        for ch in story::changes_of(trace, seg.id) {
            out.push_str(&format!("{indent}{}\n", change_text(ch)));
        }
    }
    flush(&mut out, usize::MAX);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{browse, lossy};
    use wiretrace_core::trace::EventKind;

    #[test]
    fn one_line_per_segment_with_state_changes_under_it() {
        let t = browse();
        let s = transcript(&t, &TextOptions::default());
        let seg_lines: Vec<&str> = s.lines().filter(|l| l.contains(" win=")).collect();
        assert_eq!(seg_lines.len(), t.segments.len());
        assert!(seg_lines[0].contains("Client -> Server  SYN seq=3626544836 len=0 win=64240"));
        assert!(s.contains("Server: LISTEN -> SYN-RECEIVED"));
        assert!(seg_lines[3].contains("GET / HTTP/1.1"));
        assert!(
            seg_lines[0].trim_start().starts_with("0 ms   0  Client"),
            "{}",
            seg_lines[0]
        );
    }

    #[test]
    fn a_window_the_capture_did_not_give_reads_as_unknown_not_zero() {
        let mut t = browse();
        t.segments[0].window = 0;
        t.segments[0].window_unknown = true;
        t.segments[1].window = 0;
        let s = transcript(&t, &TextOptions::default());
        let seg_lines: Vec<&str> = s.lines().filter(|l| l.contains(" win=")).collect();
        assert_eq!(seg_lines.len(), t.segments.len());
        assert!(
            seg_lines[0].contains("SYN seq=3626544836 len=0 win=?"),
            "{s}"
        );
        assert!(!seg_lines[0].contains("win=0"), "{s}");
        // A known zero window still says 0.
        assert!(seg_lines[1].contains(" win=0"), "{s}");
    }

    #[test]
    fn events_are_told_between_the_segments_at_their_time() {
        let t = wiretrace_core::scenario::run_with("heartbeat", &[]).expect("heartbeat runs");
        let s = transcript(&t, &TextOptions::default());
        let lines: Vec<&str> = s.lines().collect();
        let cut = lines
            .iter()
            .position(|l| l.contains("* ") && l.contains("goes down"))
            .expect("the link cut is told");
        // Just after the last segment sent before the cut, just before the first one after.
        let cut_us = t
            .events
            .iter()
            .find(|e| e.kind == EventKind::LinkCut)
            .unwrap()
            .at_us;
        let before = t.segments.iter().filter(|s| s.sent_us <= cut_us).count();
        let seg_lines: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.contains(" win="))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(seg_lines.len(), t.segments.len());
        assert!(seg_lines[before - 1] < cut && cut < seg_lines[before]);
        let timed_changes = t.states.iter().filter(|c| c.segment.is_none()).count();
        assert_eq!(
            lines.iter().filter(|l| l.contains(" *  ")).count(),
            t.events.len() + timed_changes,
            "one line per event and per state change no segment caused"
        );
        // In Chinese, the events read in Chinese.
        let zh = transcript(
            &t,
            &TextOptions {
                lang: Lang::Zh,
                ..TextOptions::default()
            },
        );
        assert!(zh.contains("链路断了"), "{zh}");
    }

    #[test]
    fn state_changes_no_segment_caused_are_told_at_their_time() {
        let t = wiretrace_core::scenario::run_with("lost-final-ack", &[]).expect("it runs");
        let s = transcript(&t, &TextOptions::default());
        let lines: Vec<&str> = s.lines().collect();
        let at = |needle: &str| {
            lines
                .iter()
                .position(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("no {needle:?} in\n{s}"))
        };
        // The server listens before the first segment; TIME-WAIT ends after the last one,
        // 2 MSL after the ACK that entered it was sent again, and before the summary.
        assert!(at("Server: CLOSED -> LISTEN") < at(" 0  Client -> Server  SYN"));
        let last = lines.iter().rposition(|l| l.contains(" win=")).unwrap();
        let closed = at("Client: TIME-WAIT -> CLOSED");
        assert!(last < closed && closed < at("Summary: "), "{s}");
        assert!(lines[closed].trim_start().starts_with("3.14 s  *  "), "{s}");
        // The summary is the run's, not the client's.
        assert!(!s.contains("Client: Summary"), "{s}");
        let zh = transcript(
            &t,
            &TextOptions {
                lang: Lang::Zh,
                ..TextOptions::default()
            },
        );
        assert!(zh.contains("TIME-WAIT -> CLOSED"), "{zh}");
        // A run cut short says so as the run's, with no empty name before it.
        let limits = wiretrace_core::net::Limits {
            max_segments: 3,
            ..Default::default()
        };
        let cut = wiretrace_core::scenario::run_limited("browse", &[], limits).expect("it runs");
        let s = transcript(&cut, &TextOptions::default());
        let stop = s
            .lines()
            .find(|l| l.contains("The run stops here"))
            .expect(&s);
        assert!(stop.contains("  *  The run stops here"), "{s}");
    }

    #[test]
    fn lost_and_retransmitted_are_marked() {
        let t = lossy();
        let s = transcript(
            &t,
            &TextOptions {
                numbering: Numbering::Relative,
                explain: true,
                ..TextOptions::default()
            },
        );
        let first_segment = s.lines().find(|l| l.contains(" win=")).unwrap();
        assert!(first_segment.contains("SYN seq=0 len=0"), "{s}");
        assert!(s.contains("LOST"));
        assert!(s.contains("[retransmission]"));
        assert!(s.contains("ACK: acknowledges every byte up to"));
    }
}
