//! The order in which text diagrams (Mermaid, PlantUML) tell a trace: segments in send
//! order, each socket's state change next to the segment that caused it, and a note for
//! each idle gap the figure compresses.

use wiretrace_core::trace::{Fate, Segment, StateChange, Trace};

use crate::layout::{End, Layout};

/// How an arrow ends in a text diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Arrived.
    Arrow,
    /// Lost or dropped.
    Lost,
    /// Still travelling at the end.
    InFlight,
}

/// One line of a text diagram.
pub enum Item<'a> {
    /// A segment.
    Segment(&'a Segment, Shape),
    /// A state change with its label (`ESTABLISHED`, `ESTABLISHED #2`).
    State(&'a StateChange, String),
    /// A compressed idle gap with its duration.
    Idle(String),
}

/// An identifier safe in Mermaid and PlantUML for an endpoint id.
pub fn participant_id(id: &str) -> String {
    const RESERVED: [&str; 12] = [
        "end", "box", "loop", "alt", "else", "opt", "par", "and", "rect", "note", "critical",
        "break",
    ];
    let clean: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty()
        || clean.starts_with(|c: char| c.is_ascii_digit())
        || RESERVED.contains(&clean.to_ascii_lowercase().as_str())
    {
        format!("p_{clean}")
    } else {
        clean
    }
}

/// The lines of a trace in telling order.
pub fn items<'a>(trace: &'a Trace, layout: &Layout) -> Vec<Item<'a>> {
    // Endpoints with states for several connections (their notes carry `#n`).
    let multi: Vec<&str> = {
        let mut pairs: Vec<(&str, u32)> = trace
            .states
            .iter()
            .filter_map(|st| st.conn.map(|c| (st.endpoint.as_str(), c)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut out: Vec<&str> = pairs
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| w[0].0)
            .collect();
        out.dedup();
        out
    };
    let label = |ch: &StateChange| match ch.conn {
        Some(c) if multi.contains(&ch.endpoint.as_str()) => {
            format!("{} #{c}", ch.to)
        }
        _ => ch.to.name().to_owned(),
    };
    let mut out = Vec::new();
    let mut done = vec![false; trace.states.len()];
    let mut gaps = layout.gaps.iter().zip(layout.map.breaks()).peekable();
    for seg in &trace.segments {
        // Unlinked changes that happened before this segment left, and the sender's own
        // change made by sending it (CLOSED -> SYN-SENT).
        for (i, ch) in trace.states.iter().enumerate() {
            let before = ch.segment.is_none() && ch.at_us <= seg.sent_us;
            let by_sending =
                ch.segment == Some(seg.id) && ch.endpoint == seg.from && ch.at_us <= seg.sent_us;
            if !done[i] && (before || by_sending) {
                done[i] = true;
                out.push(Item::State(ch, label(ch)));
            }
        }
        while let Some((g, b)) = gaps.peek() {
            if b.t1 <= seg.sent_us {
                out.push(Item::Idle(g.label.clone()));
                gaps.next();
            } else {
                break;
            }
        }
        let shape = match layout.arrow(seg.id).map(|a| a.end) {
            Some(End::Lost) => Shape::Lost,
            Some(End::InFlight) => Shape::InFlight,
            Some(End::Head) => Shape::Arrow,
            None if matches!(seg.fate, Fate::Dropped | Fate::DroppedByMiddlebox) => Shape::Lost,
            None => Shape::Arrow,
        };
        out.push(Item::Segment(seg, shape));
        for (i, ch) in trace.states.iter().enumerate() {
            if !done[i] && ch.segment == Some(seg.id) {
                done[i] = true;
                out.push(Item::State(ch, label(ch)));
            }
        }
    }
    for (i, ch) in trace.states.iter().enumerate() {
        if !done[i] {
            out.push(Item::State(ch, label(ch)));
        }
    }
    out
}
