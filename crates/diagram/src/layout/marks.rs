//! Events of the story drawn on the figure: a badge beside the lifeline for each event the
//! arrows do not already tell, and a link that went down as a tinted stretch across it.
//! State names and badges beside one lifeline are stacked so they never overlap.

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{Event, EventKind, Trace};

use super::axis::TimeAxis;
use super::lanes::{Columns, Slots, Sockets};
use super::metrics::{small_w, Metrics, BADGE_H, BADGE_LINE_H, BADGE_LINE_W, TOP};
use super::{EventMark, LinkDown, Pt, StateLabel};
use crate::events::{self, Tone};

/// The events the figure marks with a badge, and the link changes it draws across links.
pub(crate) struct Badges {
    /// (event index, short label, tone), in trace order.
    pub list: Vec<(usize, String, Tone)>,
    /// Indexes of `link-cut` / `link-restored` events.
    pub link_changes: Vec<usize>,
    /// A wide figure of narrow columns (3+ lifelines).
    two_line: bool,
    compact: bool,
}

impl Badges {
    pub fn new(trace: &Trace, slots: &Slots, lang: Lang, m: &Metrics, two_line: bool) -> Badges {
        let list = trace
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| !events::is_link_change(e) && slots.lane(&e.endpoint).is_some())
            .filter_map(|(i, e)| events::badge(e, lang).map(|(l, t)| (i, l, t)))
            .collect();
        let link_changes = trace
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| events::is_link_change(e))
            .map(|(i, _)| i)
            .collect();
        Badges {
            list,
            link_changes,
            two_line,
            compact: m.compact,
        }
    }

    /// Instants that keep a place of their own on the time axis.
    pub fn moments(&self, trace: &Trace) -> Vec<u64> {
        self.list
            .iter()
            .map(|(i, _, _)| *i)
            .chain(self.link_changes.iter().copied())
            .map(|i| trace.events[i].at_us)
            .collect()
    }

    /// A badge's label as drawn: one line, or (compact figure) short lines that keep the
    /// margin narrow. A lifeline inside the figure writes its badges into a column: short
    /// lines there too, and in a wide figure of narrow columns (3+ lifelines) on the outer
    /// lifelines as well.
    pub fn lines(&self, slots: &Slots, label: &str, ep: &str) -> Vec<String> {
        let max_w = if self.compact {
            BADGE_LINE_W
        } else if slots.is_inner(ep) {
            BADGE_LINE_W * 1.6
        } else if self.two_line {
            // Narrow columns: the outer margins keep narrow too.
            BADGE_LINE_W * 1.2
        } else {
            return vec![label.to_owned()];
        };
        let mut lines: Vec<String> = Vec::new();
        for word in label.split(' ') {
            match lines.last_mut() {
                Some(l) if small_w(l) + small_w(word) + 3.0 <= max_w => {
                    l.push(' ');
                    l.push_str(word);
                }
                _ => lines.push(word.to_owned()),
            }
        }
        lines
    }

    /// A badge's width.
    pub fn width(&self, slots: &Slots, label: &str, ep: &str) -> f32 {
        self.lines(slots, label, ep)
            .iter()
            .map(|l| small_w(l))
            .fold(0.0f32, f32::max)
            + 12.0
    }

    /// The widest state name or badge beside each slot.
    pub fn text_room(
        &self,
        trace: &Trace,
        m: &Metrics,
        slots: &Slots,
        sockets: &Sockets,
    ) -> Vec<f32> {
        let mut room: Vec<f32> = vec![0.0; slots.count()];
        for st in &trace.states {
            let slot = slots.of(&st.endpoint);
            let w = m.state_w(&sockets.state_text(slot, st.conn, st.to)) + 4.0;
            room[slot] = room[slot].max(w);
        }
        for (i, label, _) in &self.list {
            let ep = trace.events[*i].endpoint.as_str();
            let w = self.width(slots, label, ep) + 6.0;
            let e = &mut room[slots.of(ep)];
            *e = e.max(w);
        }
        room
    }

    /// The event marks, at their events' times.
    #[allow(clippy::too_many_arguments)]
    pub fn marks(
        &self,
        trace: &Trace,
        lang: Lang,
        axis: &TimeAxis,
        slots: &Slots,
        sockets: &Sockets,
        cols: &Columns,
    ) -> Vec<EventMark> {
        self.list
            .iter()
            .map(|(i, label, tone)| {
                let ev = &trace.events[*i];
                let ep = ev.endpoint.as_str();
                let x = match ev.conn {
                    Some(c) => cols.socket_x(slots, sockets, ep, c),
                    None => cols.lane_x(slots, ep),
                };
                let y = axis.map.y(ev.at_us);
                let lines = self.lines(slots, label, ep);
                EventMark {
                    event: *i,
                    endpoint: ep.to_owned(),
                    tone: *tone,
                    at: Pt { x, y },
                    label: label.clone(),
                    height: lines.len() as f32 * BADGE_LINE_H + (BADGE_H - BADGE_LINE_H),
                    lines,
                    badge_at: Pt {
                        x: cols.text_x(slots, ep),
                        y,
                    },
                    side: cols.lane_side(slots, ep),
                    width: self.width(slots, label, ep),
                    title: events::text(ev, lang),
                    t: ev.at_us,
                }
            })
            .collect()
    }

    /// Links that went down: from the cut to the repair, across the two lifelines it
    /// joins.
    pub fn links(
        &self,
        trace: &Trace,
        lang: Lang,
        axis: &TimeAxis,
        slots: &Slots,
        cols: &Columns,
    ) -> Vec<LinkDown> {
        let n_lanes = trace.endpoints.len();
        let lane_of_ip =
            |ip: &str| -> Option<usize> { trace.endpoints.iter().position(|e| e.ip == ip) };
        let mut links: Vec<LinkDown> = Vec::new();
        for (k, &ci) in self.link_changes.iter().enumerate() {
            let cut = &trace.events[ci];
            if cut.kind != EventKind::LinkCut {
                continue;
            }
            let arg = |name: &str| cut.msg.as_ref().and_then(|m| m.args.get(name)).cloned();
            let ends = (
                arg("a").and_then(|a| lane_of_ip(&a)),
                arg("b").and_then(|b| lane_of_ip(&b)),
            );
            let (la, lb) = match ends {
                (Some(a), Some(b)) if a != b => (a.min(b), a.max(b)),
                _ => {
                    // Unknown addresses: the event's lifeline and its neighbour.
                    let Some(i) = slots.lane(&cut.endpoint) else {
                        continue;
                    };
                    if n_lanes < 2 {
                        continue;
                    }
                    if i + 1 < n_lanes {
                        (i, i + 1)
                    } else {
                        (i - 1, i)
                    }
                }
            };
            let same_link =
                |e: &Event| e.msg.as_ref().map(|m| &m.args) == cut.msg.as_ref().map(|m| &m.args);
            let restored = self.link_changes[k + 1..].iter().copied().find(|&j| {
                let e = &trace.events[j];
                e.kind == EventKind::LinkRestored && same_link(e)
            });
            let label = events::badge(cut, lang).map(|b| b.0).unwrap_or_default();
            let restored_label = restored
                .and_then(|j| events::badge(&trace.events[j], lang))
                .map(|b| b.0);
            links.push(LinkDown {
                event: ci,
                restored,
                x0: cols.lanes[la].x,
                x1: cols.lanes[lb].x,
                y0: axis.map.y(cut.at_us),
                y1: restored.map_or(axis.map.bottom() + TOP / 2.0, |j| {
                    axis.map.y(trace.events[j].at_us)
                }),
                label_w: small_w(&label) + 16.0,
                restored_w: restored_label.as_deref().map_or(0.0, small_w) + 16.0,
                label,
                restored_label,
                title: events::text(cut, lang),
            });
        }
        links
    }
}

/// State names and badges beside one lifeline never sit on each other: in time order,
/// each goes below the one before it if it must.
pub(crate) fn stack(state_labels: &mut [StateLabel], event_marks: &mut [EventMark]) {
    struct Item<'a> {
        endpoint: &'a str,
        y: f32,
        half: f32,
        badge: bool,
        index: usize,
    }
    let mut items: Vec<Item> = state_labels
        .iter()
        .enumerate()
        .map(|(k, l)| Item {
            endpoint: l.endpoint.as_str(),
            y: l.at.y,
            half: 6.5,
            badge: false,
            index: k,
        })
        .chain(event_marks.iter().enumerate().map(|(k, e)| Item {
            endpoint: e.endpoint.as_str(),
            y: e.at.y,
            half: e.height / 2.0,
            badge: true,
            index: k,
        }))
        .collect();
    items.sort_unstable_by(|a, b| {
        (a.endpoint, a.y, a.badge, a.index)
            .partial_cmp(&(b.endpoint, b.y, b.badge, b.index))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut moved: Vec<(bool, usize, f32)> = Vec::with_capacity(items.len());
    let mut prev: Option<(&str, f32, f32)> = None;
    for it in items {
        let mut y = it.y;
        if let Some((pep, py, ph)) = prev {
            if pep == it.endpoint {
                y = y.max(py + ph + it.half + 0.5);
            }
        }
        moved.push((it.badge, it.index, y));
        prev = Some((it.endpoint, y, it.half));
    }
    for (badge, k, y) in moved {
        if badge {
            event_marks[k].badge_at.y = y;
        } else {
            state_labels[k].at.y = y;
        }
    }
}
