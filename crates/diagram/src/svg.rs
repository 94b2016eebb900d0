//! Scene -> SVG text, and the standalone SVG export.

use wiretrace_core::Trace;

use crate::layout::{layout, Options};
use crate::scene::{self, El, Node};

/// The diagram's stylesheet (the page links the same file).
pub const STYLE: &str = include_str!("diagram.css");
/// The styles of figures zoomed out in time (trains), embedded only where drawn.
pub const STYLE_ZOOMED: &str = include_str!("diagram-zoomed.css");

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

fn write(el: &El, out: &mut String) {
    out.push('<');
    out.push_str(el.tag);
    for (k, v) in &el.attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        escape(v, out);
        out.push('"');
    }
    if el.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &el.children {
        match c {
            Node::El(e) => write(e, out),
            // The stylesheet is CSS, not markup: keep it readable but never let it close the tag.
            Node::Text(t) if el.tag == "style" => out.push_str(&t.replace("</", "<\\/")),
            Node::Text(t) => escape(t, out),
        }
    }
    out.push_str("</");
    out.push_str(el.tag);
    out.push('>');
}

/// Serializes a scene element.
pub fn to_string(el: &El) -> String {
    let mut out = String::with_capacity(4096);
    write(el, &mut out);
    out
}

/// The tallest standalone figure, in px: Chromium draws a canvas (the page's PNG) and
/// opens an SVG up to 32,767 px a side. A run taller than this is exported whole but
/// zoomed out in time (trains, as the page shows them zoomed out), never cut.
pub const MAX_EXPORT_HEIGHT: f32 = 32_000.0;

/// A standalone figure and its size.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    /// The SVG file.
    pub svg: String,
    /// Width in px.
    pub width: f32,
    /// Height in px (heads and body).
    pub height: f32,
    /// The time zoom it is drawn at: 1 is every segment; below 1, trains.
    pub time_zoom: f32,
}

/// The time zoom that fits a figure of this body height (and heads) into
/// [`MAX_EXPORT_HEIGHT`]: 1 when it fits as it is.
pub fn export_zoom(layout: &crate::layout::Layout) -> f32 {
    let room = MAX_EXPORT_HEIGHT - layout.head_height;
    if layout.height <= room {
        1.0
    } else {
        room / layout.height
    }
}

/// The whole trace as a standalone SVG file (heads, body, stylesheet; light and dark).
pub fn export(trace: &Trace, opts: &Options) -> String {
    export_figure(trace, opts).svg
}

/// The whole trace as a standalone SVG figure with its size. A run whose figure would be
/// taller than [`MAX_EXPORT_HEIGHT`] is drawn zoomed out in time to fit it (the trains of
/// the page's zoomed-out view, with their styles); every other run is drawn segment by
/// segment.
pub fn export_figure(trace: &Trace, opts: &Options) -> Export {
    let l = layout(trace, opts);
    let title = crate::texts::figure_title(trace, opts.lang);
    let tz = export_zoom(&l);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&to_string(&scene::figure_at(trace, &l, &title, tz)));
    s.push('\n');
    Export {
        svg: s,
        width: l.width,
        height: l.head_height + l.height * tz,
        time_zoom: tz,
    }
}

/// [`export`] without the `<style>` element, for a page that links `diagram.css` itself:
/// the figure worker's first figure of a link. `None` for a run [`export`] draws zoomed out
/// (taller than [`MAX_EXPORT_HEIGHT`]), whose code a build calling only this leaves out.
pub fn export_unstyled(trace: &Trace, opts: &Options) -> Option<String> {
    let l = layout(trace, opts);
    if export_zoom(&l) < 1.0 {
        return None;
    }
    let title = crate::texts::figure_title(trace, opts.lang);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&to_string(&scene::figure_unstyled(trace, &l, &title)));
    s.push('\n');
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{browse, two_connections};
    use wiretrace_core::trace::HopAction;

    #[test]
    fn export_is_well_formed_and_carries_every_segment() {
        let t = browse();
        let svg = export(&t, &Options::default());
        assert!(svg.starts_with("<?xml"));
        assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        for s in &t.segments {
            assert!(svg.contains(&format!("data-segment-id=\"{}\"", s.id)));
        }
        assert!(svg.contains("SYN, ACK seq=1739326486 ack=3626544837 len=0"));
        assert!(svg.contains("GET / HTTP/1.1"));
        assert_well_formed(&svg);
        assert!(svg.contains("<style>"));
    }

    #[test]
    fn the_unstyled_export_is_the_export_without_its_stylesheet() {
        for (t, lang) in [
            (browse(), wiretrace_core::i18n::Lang::En),
            (two_connections(), wiretrace_core::i18n::Lang::Zh),
        ] {
            let opts = Options {
                lang,
                ..Options::default()
            };
            let styled = export(&t, &opts);
            let style = format!("<style>{}</style>", STYLE.replace("</", "<\\/"));
            assert!(styled.contains(&style));
            let unstyled = export_unstyled(&t, &opts).expect("fits at full zoom");
            assert_eq!(unstyled, styled.replacen(&style, "", 1));
            assert!(!unstyled.contains("<style"));
        }
        let tall = wiretrace_core::scenario::run_with("big-response", &[("body_bytes", "3000000")])
            .expect("runs");
        assert_eq!(export_unstyled(&tall, &Options::default()), None);
    }

    #[test]
    fn a_run_too_tall_for_one_file_is_exported_whole_in_trains() {
        let t = wiretrace_core::scenario::run_with("big-response", &[("body_bytes", "3000000")])
            .expect("runs");
        let opts = Options::default();
        let full = layout(&t, &opts);
        assert!(
            full.height > MAX_EXPORT_HEIGHT,
            "{} px fits: no test",
            full.height
        );
        let e = export_figure(&t, &opts);
        assert!(e.time_zoom < 1.0);
        assert!(e.height <= MAX_EXPORT_HEIGHT, "{} px", e.height);
        assert!(e
            .svg
            .contains(&format!("height=\"{}\"", crate::scene::n(e.height))));
        assert_well_formed(&e.svg);
        assert!(e.svg.contains(STYLE_ZOOMED.lines().next().unwrap()));
        // Every segment is in the file: drawn alone or inside a train's range.
        let mut seen = vec![false; t.segments.len()];
        for (k, _) in e.svg.match_indices("data-segment-id") {
            let rest = &e.svg[k..];
            let v = &rest[rest.find('"').unwrap() + 1..];
            let v = &v[..v.find('"').unwrap()];
            let (a, b) = v.split_once('-').unwrap_or((v, v));
            let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
            seen[a..=b].fill(true);
        }
        let missing: Vec<usize> = (0..seen.len()).filter(|&i| !seen[i]).collect();
        assert!(
            missing.is_empty(),
            "not in the file: {:?}",
            &missing[..missing.len().min(10)]
        );
        assert!(e.svg.matches("data-segment-ids").count() > 0, "no trains");
    }

    #[test]
    fn a_run_that_fits_is_exported_segment_by_segment() {
        let t = browse();
        let e = export_figure(&t, &Options::default());
        assert_eq!(e.time_zoom, 1.0);
        assert_eq!(e.svg, export(&t, &Options::default()));
        assert!(!e.svg.contains("data-segment-ids"));
    }

    /// Every opened element is closed, in order.
    fn assert_well_formed(svg: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name));
            } else if !tag.starts_with('?') && !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap().to_owned());
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
    }

    #[test]
    fn text_is_escaped() {
        let mut t = browse();
        t.segments[3].http = Some("GET /?a=1&b=<x> HTTP/1.1".into());
        let svg = export(&t, &Options::default());
        assert!(svg.contains("a=1&amp;b=&lt;x&gt;"));
        assert!(!svg.contains("<x>"));
    }

    #[test]
    fn malformed_traces_draw_without_panicking() {
        use wiretrace_core::trace::{Fate, Flags, Hop, StateChange, Timer, TimerOutcome};
        let mut t = browse();
        // Ids that are not indexes, unknown endpoints, times out of order, odd timers.
        t.segments[0].id = 999;
        t.segments[1].to = "nobody".into();
        t.segments[2].recv_us = Some(0);
        t.segments[3].fate = Fate::DroppedByMiddlebox;
        t.segments[3].recv_us = None;
        t.segments[3].rare_mut().via = vec![Hop {
            endpoint: "ghost".into(),
            action: HopAction::Dropped,
            ..Hop::default()
        }];
        t.segments[4].rare_mut().lost_us = Some(1);
        t.segments[4].fate = Fate::Dropped;
        t.segments[5].fate = Fate::InFlight;
        t.segments[5].recv_us = None;
        t.segments[6].flags = Flags::new();
        t.states.push(StateChange {
            at_us: 5,
            endpoint: "ghost".into(),
            segment: Some(12_345),
            ..StateChange::default()
        });
        t.timers.push(Timer {
            endpoint: "server".into(),
            armed_us: 500_000,
            deadline_us: 10,
            ended_us: Some(3),
            outcome: TimerOutcome::Fired,
            ..Timer::default()
        });
        t.end_us = 0;
        let opts = Options::default();
        let svg = export(&t, &opts);
        assert_well_formed(&svg);
        assert_eq!(svg.matches("data-segment-id=").count(), t.segments.len());
        let _ = crate::mermaid::render(&t, &opts);
        let _ = crate::plantuml::render(&t, &opts);
        let _ = crate::text::transcript(&t, &Default::default());
        let l = crate::layout::layout(&t, &opts);
        for n in 0..=t.segments.len() + 1 {
            let view = crate::scene::View {
                shown: n,
                timers: true,
                travel: true,
                playhead: true,
                hide_future: n % 2 == 0,
            };
            let _ = crate::scene::body(&t, &l, &view);
            let _ = crate::story::states_at(&t, n);
            let _ = crate::story::question(&t, n as u32);
        }
        // No endpoints at all.
        t.endpoints.clear();
        assert_well_formed(&export(&t, &opts));
    }

    #[test]
    fn several_connections_export() {
        let t = two_connections();
        let svg = export(&t, &Options::default());
        assert!(svg.contains("wt-c1 wt-d1"));
        assert_well_formed(&svg);
        assert!(svg.contains("Firewall"));
    }
}
