//! PlantUML source of the sequence diagram: connections told apart by colour and dashes,
//! lost segments ending in a cross, idle gaps as PlantUML delays.

use wiretrace_core::trace::Trace;

use crate::layout::{Layout, Options};
use crate::numbers::{segment_label, segment_note, SeqBases};
use crate::sequence::{items, participant_id, Item, Shape};

const COLORS: [&str; 6] = [
    "#1d5fd6", "#c2410c", "#0f766e", "#8b2fd6", "#8a6a00", "#be185d",
];

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('"', "'")
}

/// The PlantUML source of a trace.
pub fn render(trace: &Trace, opts: &Options) -> String {
    let layout = crate::layout::layout(trace, opts);
    render_layout(trace, &layout, opts)
}

fn render_layout(trace: &Trace, layout: &Layout, opts: &Options) -> String {
    let bases = SeqBases::new(trace);
    let mut out = String::from("@startuml\n");
    if trace.scenario.is_some() {
        let title = crate::texts::figure_title(trace, opts.lang);
        out.push_str(&format!("title {}\n", escape(&title)));
    }
    for lane in &layout.lanes {
        let kind = match lane.role {
            wiretrace_core::trace::Role::Middlebox => "boundary",
            _ => "participant",
        };
        out.push_str(&format!(
            "{kind} \"{}\\n{}\" as {}\n",
            escape(&lane.label),
            escape(&lane.detail),
            participant_id(&lane.endpoint)
        ));
    }
    for item in items(trace, layout) {
        match item {
            Item::Segment(seg, shape) => {
                let color = COLORS[seg.conn as usize % COLORS.len()];
                let style = if layout.multi_conn && seg.conn % 2 == 1 {
                    format!("[{color},dashed]")
                } else {
                    format!("[{color}]")
                };
                let arrow = match shape {
                    Shape::Arrow => format!("-{style}>"),
                    Shape::Lost => format!("-{style}>x"),
                    Shape::InFlight => format!("-{style}>>"),
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
                    "{} {arrow} {} : {}\n",
                    participant_id(&seg.from),
                    participant_id(&seg.to),
                    escape(&text)
                ));
            }
            Item::State(ch, text) => {
                out.push_str(&format!(
                    "hnote over {} : {}\n",
                    participant_id(&ch.endpoint),
                    escape(&text)
                ));
            }
            Item::Idle(label) => out.push_str(&format!("... {} ...\n", escape(&label))),
        }
    }
    out.push_str("@enduml\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{lossy, two_connections};

    #[test]
    fn plantuml_has_participants_arrows_notes_and_delays() {
        let s = render(&lossy(), &Options::default());
        assert!(s.starts_with("@startuml\n"));
        assert!(s.ends_with("@enduml\n"));
        assert!(s.contains("participant \"Client\\n192.168.1.116\" as client"));
        assert!(s.contains("client -[#1d5fd6]> server : SYN seq=3626544836 len=0"));
        assert!(s.contains("client -[#1d5fd6]>x server"));
        assert!(s.contains("hnote over client : SYN-SENT"));
        assert!(s
            .lines()
            .any(|l| l.starts_with("... ") && l.ends_with(" ...")));
        let s = render(&two_connections(), &Options::default());
        assert!(s.contains("boundary \"Firewall"));
        assert!(s.contains("[#c2410c,dashed]"));
    }
}
