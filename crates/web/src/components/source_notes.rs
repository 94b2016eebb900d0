//! What an imported Trace says about its source, on the explanation's start: the segment
//! cap in a highlighted sentence, what could not be read (a capture cut short, unreadable
//! text lines) as a note, then the source's other details (link types, connections, time
//! range, caps), all in the page's language.

use wiretrace_capture::WARNING_KEYS;
use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::{Msg, Source};
use yew::prelude::*;

use crate::ui::{tf, T};

/// Key of the capture crate's segment-cap message in `source.detail_msgs`.
const CAP_KEY: &str = "capture.detail.cap";

/// What an imported Trace's source says about itself (link type, connections, time range,
/// caps), in the page's language: `detail_msgs` rendered one by one but for the warnings
/// (the note tells those), or the English `detail` for a Trace saved before the messages
/// existed (or holding a key this page does not know).
fn source_detail(src: &Source, lang: Lang) -> String {
    let known = |m: &Msg| i18n::template(lang, &m.key).is_some();
    if src.detail_msgs.is_empty() || !src.detail_msgs.iter().all(known) {
        return src.detail.clone();
    }
    let sep = i18n::template(lang, "capture.detail.separator").unwrap_or("; ");
    let parts: Vec<String> = src
        .detail_msgs
        .iter()
        .filter(|m| !WARNING_KEYS.contains(&m.key.as_str()))
        .map(|m| i18n::render(lang, m))
        .collect();
    parts.join(sep)
}

/// What the capture crate could not read of the file (its warnings), in the page's
/// language, one sentence each.
fn warnings(src: &Source, lang: Lang) -> Vec<String> {
    wiretrace_capture::warnings(&src.detail_msgs)
        .map(|m| i18n::render(lang, m))
        .collect()
}

/// The segment cap an imported Trace's source states: `(kept, left out)`, from the
/// arguments of the cap message. A Trace saved before `detail_msgs` existed has only the
/// English `detail`; its `capped: first N segments kept, M more left out` is parsed.
fn capped(src: &Source) -> Option<(u64, u64)> {
    if src.detail_msgs.is_empty() {
        return capped_text(&src.detail);
    }
    let m = src.detail_msgs.iter().find(|m| m.key == CAP_KEY)?;
    let num = |name: &str| m.args.get(name)?.parse().ok();
    Some((num("kept")?, num("left")?))
}

/// The cap as the English `detail` text states it (Traces from before `detail_msgs`).
fn capped_text(detail: &str) -> Option<(u64, u64)> {
    detail.split("; ").find_map(|part| {
        let rest = part.strip_prefix("capped: first ")?;
        let (kept, rest) = rest.split_once(" segments kept, ")?;
        let left = rest.strip_suffix(" more left out")?;
        Some((kept.parse().ok()?, left.parse().ok()?))
    })
}

#[derive(Properties, PartialEq)]
pub struct SourceNotesProps {
    pub lang: Lang,
    pub source: Source,
}

/// The notes of an imported Trace's source.
#[component]
pub fn SourceNotes(props: &SourceNotesProps) -> Html {
    let lang = props.lang;
    let src = &props.source;
    let detail = source_detail(src, lang);
    let warnings = warnings(src, lang);
    let capped = capped(src).map(|(kept, left)| {
        tf(
            lang,
            T::ImportCapped,
            &[("kept", &kept.to_string()), ("left", &left.to_string())],
        )
    });
    html! {
        <>
            if let Some(capped) = capped { <p class="exp-fate exp-capped">{ capped }</p> }
            // A note, not an alert: the file was read as far as it goes.
            { for warnings.into_iter().map(|w| html! { <p class="exp-note" role="note">{ w }</p> }) }
            if !detail.is_empty() { <p class="exp-source muted">{ detail }</p> }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_core::Trace;

    const PCAP: &[u8] = include_bytes!("../../../../tests/captures/http10-two-conns.pcap");

    /// The two-connection capture, cut to its first 5 segments.
    fn capped_import() -> Trace {
        let sel = wiretrace_capture::Selection {
            max_segments: 5,
            ..wiretrace_capture::Selection::all()
        };
        wiretrace_capture::import("x.pcap", PCAP, &sel).unwrap()
    }

    #[test]
    fn the_cap_is_read_from_the_capture_crates_message() {
        let trace = capped_import();
        let src = trace.source.as_ref().unwrap();
        assert_eq!(capped(src), Some((5, 19)), "{:?}", src.detail_msgs);
        // The numbers come from the message's arguments, not from the English text.
        let mut edited = src.clone();
        edited.detail = String::new();
        let cap = edited
            .detail_msgs
            .iter_mut()
            .find(|m| m.key == CAP_KEY)
            .unwrap();
        cap.args.insert("left", "7".into());
        assert_eq!(capped(&edited), Some((5, 7)));
        // A cap message with a missing or bad number is no cap.
        let mut bad = edited.clone();
        for m in &mut bad.detail_msgs {
            m.args.insert("kept", "many".into());
        }
        assert_eq!(capped(&bad), None);
        // Uncapped: no cap message, so none, even with cap-like English text.
        let all = wiretrace_capture::Selection::all();
        let whole = wiretrace_capture::import("x.pcap", PCAP, &all).unwrap();
        let mut whole = whole.source.unwrap();
        assert_eq!(capped(&whole), None);
        whole
            .detail
            .push_str("; capped: first 1 segments kept, 2 more left out");
        assert_eq!(capped(&whole), None);
        // A Trace saved before detail_msgs: the English text is parsed.
        let old = Source {
            detail_msgs: Vec::new(),
            ..src.clone()
        };
        assert_eq!(capped(&old), Some((5, 19)), "{}", old.detail);
        assert_eq!(
            capped(&Source {
                detail: "Ethernet; 1 connection".into(),
                ..Source::default()
            }),
            None
        );
    }

    #[test]
    fn the_source_detail_follows_the_page_language() {
        let trace = capped_import();
        let src = trace.source.as_ref().unwrap();
        assert_eq!(source_detail(src, Lang::En), src.detail);
        let zh = source_detail(src, Lang::Zh);
        assert!(
            zh.contains("已截断：只保留前 5 个报文段，另有 19 个未纳入"),
            "{zh}"
        );
        assert!(zh.contains("2 个连接"), "{zh}");
        assert!(!zh.contains("capped") && !zh.contains("inferred"), "{zh}");
        // Old JSON (no messages) and an unknown key fall back to the English text.
        let old = Source {
            detail_msgs: Vec::new(),
            ..src.clone()
        };
        assert_eq!(source_detail(&old, Lang::Zh), src.detail);
        let mut newer = src.clone();
        newer.detail_msgs[0].key = "capture.detail.from-the-future".into();
        assert_eq!(source_detail(&newer, Lang::Zh), src.detail);
    }

    #[test]
    fn a_capture_cut_short_is_a_note_in_the_page_language() {
        let cut = &PCAP[..PCAP.len() - 20];
        let all = wiretrace_capture::Selection::all();
        let trace = wiretrace_capture::import("cut.pcap", cut, &all).unwrap();
        let src = trace.source.unwrap();
        let en = warnings(&src, Lang::En);
        assert_eq!(en.len(), 1, "{:?}", src.detail_msgs);
        assert!(
            en[0].starts_with("the capture was cut short at byte "),
            "{}",
            en[0]
        );
        let zh = warnings(&src, Lang::Zh);
        assert!(zh[0].starts_with("抓包文件在第 "), "{}", zh[0]);
        assert!(zh[0].contains("被截断"), "{}", zh[0]);
        // The note says it; the details line does not say it again.
        let detail = source_detail(&src, Lang::En);
        assert!(!detail.contains("cut short"), "{detail}");
        assert!(detail.starts_with("Ethernet; 2 connections"), "{detail}");
        // A whole capture has no note.
        let whole = wiretrace_capture::import("x.pcap", PCAP, &all).unwrap();
        assert!(warnings(&whole.source.unwrap(), Lang::En).is_empty());
    }
}
