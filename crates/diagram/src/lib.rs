//! Trace -> sequence diagram, with no DOM: the layout (lifelines, slanted arrows, state
//! bands, timer brackets, idle breaks, in pixels), a scene of SVG elements built from it
//! (which the page turns into Yew nodes and the exporters into text, so both show the same
//! figure), and the other renderers: Mermaid, PlantUML and a text transcript.
//!
//! Data flows one way: `Trace` -> [`layout::layout`] -> [`scene`] -> [`svg::to_string`]
//! (or the page). [`story`] answers "what is true after step N" for the player.

pub mod events;
pub mod layout;
pub mod lod;
pub mod mermaid;
pub mod numbers;
pub mod overview;
pub mod place;
pub mod plantuml;
pub mod plot;
pub mod scene;
pub mod sequence;
pub mod story;
pub mod svg;
pub mod text;
pub mod texts;
pub mod timemap;
pub mod zoomed;

#[cfg(test)]
mod fixtures;

pub use layout::{layout, Layout, Options};
pub use numbers::{Numbering, SeqBases};

/// A time since the start of the run, for people: `0 ms`, `20.1 ms`, `1.04 s`, `2 min 5 s`.
pub fn fmt_time(us: u64) -> String {
    fmt_duration(us)
}

/// A duration for people: `350 µs`, `20.1 ms`, `1.04 s`, `2 min 5 s`, `1 h 2 min`.
pub fn fmt_duration(us: u64) -> String {
    if us == 0 {
        return "0 ms".to_owned();
    }
    if us < 1_000 {
        return format!("{us} µs");
    }
    if us < 1_000_000 {
        return trim(format!("{:.1}", us as f64 / 1e3)) + " ms";
    }
    if us < 60_000_000 {
        return trim(format!("{:.3}", us as f64 / 1e6)) + " s";
    }
    let secs = us / 1_000_000;
    if secs < 3_600 {
        let (m, s) = (secs / 60, secs % 60);
        return if s == 0 {
            format!("{m} min")
        } else {
            format!("{m} min {s} s")
        };
    }
    let (h, m) = (secs / 3_600, (secs % 3_600) / 60);
    if m == 0 {
        format!("{h} h")
    } else {
        format!("{h} h {m} min")
    }
}

/// A time in the fewest characters, for narrow figures: `350µs`, `20.1ms`, `140ms`,
/// `1.04s`, `13.06s`, `2m5s`, `1h2m`.
pub fn fmt_time_short(us: u64) -> String {
    if us == 0 {
        return "0ms".to_owned();
    }
    if us < 1_000 {
        return format!("{us}µs");
    }
    if us < 100_000 {
        return trim(format!("{:.1}", us as f64 / 1e3)) + "ms";
    }
    if us < 1_000_000 {
        return format!("{}ms", (us + 500) / 1_000);
    }
    if us < 60_000_000 {
        let digits = if us < 10_000_000 { 2 } else { 1 };
        return trim(format!("{:.*}", digits, us as f64 / 1e6)) + "s";
    }
    let secs = us / 1_000_000;
    if secs < 3_600 {
        return format!("{}m{}s", secs / 60, secs % 60);
    }
    format!("{}h{}m", secs / 3_600, (secs % 3_600) / 60)
}

fn trim(mut s: String) -> String {
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// The address of an RFC section given as `9293#3.5` (or `9293`).
pub fn rfc_url(rfc: &str) -> Option<String> {
    let (num, section) = match rfc.split_once('#') {
        Some((n, s)) => (n.trim(), Some(s.trim())),
        None => (rfc.trim(), None),
    };
    let num = num
        .trim_start_matches("RFC")
        .trim_start_matches("rfc")
        .trim();
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match section.filter(|s| !s.is_empty()) {
        Some(s) => format!("https://www.rfc-editor.org/rfc/rfc{num}#section-{s}"),
        None => format!("https://www.rfc-editor.org/rfc/rfc{num}"),
    })
}

/// How an RFC reference reads: `RFC 9293 §3.5`.
pub fn rfc_text(rfc: &str) -> String {
    match rfc.split_once('#') {
        Some((n, s)) => format!("RFC {} §{}", n.trim(), s.trim()),
        None => format!("RFC {}", rfc.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(fmt_duration(0), "0 ms");
        assert_eq!(fmt_duration(350), "350 µs");
        assert_eq!(fmt_duration(20_000), "20 ms");
        assert_eq!(fmt_duration(20_100), "20.1 ms");
        assert_eq!(fmt_duration(1_040_000), "1.04 s");
        assert_eq!(fmt_duration(45_000_000), "45 s");
        assert_eq!(fmt_duration(125_000_000), "2 min 5 s");
        assert_eq!(fmt_duration(7_320_000_000), "2 h 2 min");
    }

    #[test]
    fn short_times_fit_a_narrow_gutter() {
        assert_eq!(fmt_time_short(0), "0ms");
        assert_eq!(fmt_time_short(20_100), "20.1ms");
        assert_eq!(fmt_time_short(140_300), "140ms");
        assert_eq!(fmt_time_short(1_040_000), "1.04s");
        assert_eq!(fmt_time_short(13_060_000), "13.1s");
        assert_eq!(fmt_time_short(125_000_000), "2m5s");
        for us in [0, 999, 99_999, 999_999, 59_999_999, 3_599_999_999] {
            assert!(fmt_time_short(us).chars().count() <= 6, "{us}");
        }
    }

    #[test]
    fn rfc_references_become_links() {
        assert_eq!(
            rfc_url("9293#3.5").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc9293#section-3.5")
        );
        assert_eq!(
            rfc_url("6298").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc6298")
        );
        assert_eq!(rfc_url("javascript:alert(1)#x"), None);
        assert_eq!(rfc_text("9293#3.10.7.3"), "RFC 9293 §3.10.7.3");
    }
}
