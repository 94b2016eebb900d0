//! Mermaid `sequenceDiagram` source: paste it into a Markdown file or a wiki. Time is not to
//! scale there; lost segments end in a cross, long idle gaps become notes, and state
//! changes become notes over their lifeline.

use wiretrace_core::trace::Trace;

use crate::layout::{Layout, Options};
use crate::numbers::{segment_label, segment_note, SeqBases};
use crate::sequence::{items, participant_id, Item, Shape};

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '\n' => out.push_str("<br/>"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// The Mermaid source of a trace.
pub fn render(trace: &Trace, opts: &Options) -> String {
    let layout = crate::layout::layout(trace, opts);
    render_layout(trace, &layout, opts)
}

fn render_layout(trace: &Trace, layout: &Layout, opts: &Options) -> String {
    let bases = SeqBases::new(trace);
    let mut out = String::from("sequenceDiagram\n");
    for lane in &layout.lanes {
        out.push_str(&format!(
            "    participant {} as {}<br/>{}\n",
            participant_id(&lane.endpoint),
            escape(&lane.label),
            escape(&lane.detail)
        ));
    }
    let first = layout.lanes.first().map(|l| participant_id(&l.endpoint));
    let last = layout.lanes.last().map(|l| participant_id(&l.endpoint));
    for item in items(trace, layout) {
        match item {
            Item::Segment(seg, shape) => {
                let arrow = match (shape, layout.multi_conn && seg.conn % 2 == 1) {
                    (Shape::Lost, _) => "-x",
                    (Shape::InFlight, _) => "-)",
                    (Shape::Arrow, false) => "->>",
                    (Shape::Arrow, true) => "-->>",
                };
                let mut text = segment_label(seg, &bases, opts.numbering);
                if layout.multi_conn {
                    text = format!("#{} {text}", seg.conn);
                }
                let note = segment_note(seg, opts.lang);
                if !note.is_empty() {
                    text.push('\n');
                    text.push_str(&note);
                }
                out.push_str(&format!(
                    "    {}{arrow}{}: {}\n",
                    participant_id(&seg.from),
                    participant_id(&seg.to),
                    escape(&text)
                ));
            }
            Item::State(ch, text) => {
                out.push_str(&format!(
                    "    Note over {}: {}\n",
                    participant_id(&ch.endpoint),
                    escape(&text)
                ));
            }
            Item::Idle(label) => {
                if let (Some(a), Some(b)) = (&first, &last) {
                    out.push_str(&format!("    Note over {a},{b}: ⋯ {} ⋯\n", escape(&label)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{browse, lossy, two_connections};

    #[test]
    fn browse_reads_as_a_sequence_diagram() {
        let s = render(&browse(), &Options::default());
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "sequenceDiagram");
        assert!(lines[1].starts_with("    participant client as Client<br/>192.168.1.116"));
        assert!(s.contains("    client->>server: SYN seq=3626544836 len=0\n"));
        assert!(s.contains("    Note over server: LISTEN\n"));
        assert!(s.contains("<br/>GET / HTTP/1.1"));
        let arrows = lines.iter().filter(|l| l.contains("->>")).count();
        assert_eq!(arrows, 11);
    }

    #[test]
    fn loss_and_idle_and_connections_show() {
        let s = render(&lossy(), &Options::default());
        assert!(s.contains("client-xserver:"));
        assert!(s.contains("Note over client,server: ⋯"));
        let s = render(&two_connections(), &Options::default());
        assert!(s.contains("-->>"));
        assert!(s.contains("#35;1 SYN"));
    }
}
