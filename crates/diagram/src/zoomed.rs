//! The body of a figure zoomed out in time (time zoom `tz` < 1: `tz` screen px per figure
//! row, the lifelines keeping their places). Arrows lose their labels and fold into trains
//! where they crowd ([`crate::lod`]); state names stay where they have room; timer
//! brackets stay while they can be told apart; events keep their diamonds. The playhead,
//! the veil and the classes that follow the step work as in the full-size body.

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::Trace;

use crate::fmt_time;
use crate::layout::{Arrow, End, Layout, Side, BAND_W};
use crate::lod::{self, Group, Kind, Marks};
use crate::scene::{
    body_root, clipped, n, path_d, playhead_scaled, state_class, veil_scaled, BodyParts, Clip, El,
    Phase, View, LANE_REACH,
};
use crate::story::Story;

/// Timer brackets are drawn down to this time zoom (below it they would be hairlines).
const TIMERS_MIN_TZ: f32 = 0.2;
/// Least room between two state names on one side of a lifeline (px).
const NAME_ROOM: f32 = 13.0;
/// Least room between the sample arrows drawn inside a train (px).
const SAMPLE_PX: f32 = 14.0;

/// Bytes for people: `512 B`, `894 KB`, `12.4 MB`.
pub fn fmt_bytes(b: u64) -> String {
    if b < 1_000 {
        format!("{b} B")
    } else if b < 1_000_000 {
        format!("{} KB", (b as f64 / 1e3).round())
    } else if b < 1_000_000_000 {
        format!("{:.1} MB", b as f64 / 1e6)
    } else {
        format!("{:.2} GB", b as f64 / 1e9)
    }
}

fn say(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    crate::texts::tf(lang, key, args)
}

/// What a cluster holds, in words.
fn marks_text(lang: Lang, counts: &[(u8, usize)]) -> String {
    let key = |bit: u8| match bit {
        Marks::LOST => "figure.mark.lost",
        Marks::RTX => "figure.mark.rtx",
        Marks::RST => "figure.mark.rst",
        Marks::SYN_FIN => "figure.mark.syn_fin",
        Marks::HTTP => "figure.mark.http",
        _ => "figure.mark.tagged",
    };
    let sep = if lang == Lang::Zh { "，" } else { ", " };
    counts
        .iter()
        .filter(|(_, c)| *c > 0)
        .map(|(bit, c)| say(lang, key(*bit), &[("count", &c.to_string())]))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The body at time zoom `tz`, drawing only what meets `clip` (rows of the unscaled
/// figure).
#[allow(clippy::too_many_arguments)]
pub fn body_parts(
    trace: &Trace,
    layout: &Layout,
    story: &Story,
    view: &View,
    clip: &Clip,
    tz: f32,
    lang: Lang,
) -> BodyParts {
    let sy = |y: f32| y * tz;
    let (w, h) = (layout.width, sy(layout.height));
    let phase = Phase::new(trace, layout, story, view);
    let root = body_root(layout).attr("data-time-zoom", tz.to_string());
    let mut under = vec![El::new("rect")
        .attr("class", "wt-bg")
        .attr("width", n(w))
        .attr("height", n(h))];

    // Idle breaks: a band with its duration where there is room, else a line.
    let gutter = layout.gutter;
    let first_gap = layout.gaps.partition_point(|g| g.y1 < clip.y0);
    let mut gaps = El::new("g").attr("class", "wt-gaps");
    for g in layout.gaps.iter().skip(first_gap) {
        if g.y0 > clip.y1 {
            break;
        }
        let (y0, y1) = (sy(g.y0), sy(g.y1));
        let mut el = El::new("g").child(
            El::new("rect")
                .attr("class", "wt-gap")
                .attr("x", n(gutter - 10.0))
                .attr("y", n(y0))
                .attr("width", n(w - gutter + 2.0))
                .attr("height", n((y1 - y0).max(2.0))),
        );
        if y1 - y0 >= 14.0 {
            el = el.child(
                El::new("text")
                    .attr("class", "wt-gap-label")
                    .attr("x", n(g.label_x))
                    .attr("y", n((y0 + y1) / 2.0 + 4.0))
                    .text(format!("⋯ {} ⋯", g.label)),
            );
        } else {
            el = el.child(El::new("title").text(g.label.clone()));
        }
        gaps = gaps.child(el);
    }
    under.push(gaps);

    // Lifelines: straight through (breaks are drawn over them).
    let mut lifelines = El::new("g").attr("class", "wt-lifelines");
    let (top, bottom) = (clip.y0.max(0.0), clip.y1.min(layout.height));
    for lane in layout.lanes.iter().filter(|l| clip.meets_x(l.x, l.x)) {
        let class = match lane.role {
            wiretrace_core::trace::Role::Middlebox => "wt-lifeline wt-lifeline-mb",
            _ => "wt-lifeline",
        };
        lifelines = lifelines.child(El::new("path").attr("class", class).attr(
            "d",
            format!("M{} {}V{}", n(lane.x), n(sy(top)), n(sy(bottom))),
        ));
    }
    under.push(lifelines);

    if !layout.links.is_empty() {
        let mut downs = El::new("g").attr("class", "wt-links");
        for l in &layout.links {
            if !clip.meets(l.y0, l.y1) || !clip.meets_x(l.x0, l.x1) {
                continue;
            }
            downs = downs.child(
                El::new("g")
                    .attr("class", format!("wt-down{}", phase.event(l.event)))
                    .child(El::new("title").text(l.title.clone()))
                    .child(
                        El::new("rect")
                            .attr("class", "wt-down-band")
                            .attr("x", n(l.x0))
                            .attr("y", n(sy(l.y0)))
                            .attr("width", n(l.x1 - l.x0))
                            .attr("height", n(sy(l.y1 - l.y0).max(2.0))),
                    ),
            );
        }
        under.push(downs);
    }

    let mut bands = El::new("g").attr("class", "wt-bands");
    for (_, b) in clipped(&layout.bands, &layout.index.bands, clip, |b| (b.y0, b.y1)) {
        if !clip.meets_x(b.x, b.x) {
            continue;
        }
        bands = bands.child(
            El::new("rect")
                .attr("class", state_class(b.state))
                .attr("x", n(b.x - BAND_W / 2.0))
                .attr("y", n(sy(b.y0)))
                .attr("width", n(BAND_W))
                .attr("height", n(sy(b.y1 - b.y0).max(1.0)))
                .child(El::new("title").text(say(
                    lang,
                    "figure.band",
                    &[
                        ("endpoint", &crate::scene::lane_name(layout, &b.endpoint)),
                        ("state", b.state.name()),
                    ],
                ))),
        );
    }
    under.push(bands);

    if view.timers && tz >= TIMERS_MIN_TZ && !layout.timers.is_empty() {
        let mut timers = El::new("g").attr("class", "wt-timers");
        for (_, t) in clipped(&layout.timers, &layout.index.timers, clip, |t| (t.y0, t.y1)) {
            if !clip.meets_x(t.x_lifeline - LANE_REACH, t.x_lifeline + LANE_REACH) {
                continue;
            }
            let class = match t.outcome {
                wiretrace_core::trace::TimerOutcome::Fired => "wt-timer wt-timer-fired",
                wiretrace_core::trace::TimerOutcome::Cancelled => "wt-timer wt-timer-cancelled",
                wiretrace_core::trace::TimerOutcome::Pending => "wt-timer wt-timer-pending",
            };
            timers = timers.child(
                El::new("g")
                    .attr("class", class)
                    .child(El::new("title").text(layout.timer_title(trace, t)))
                    .child(El::new("path").attr("class", "wt-timer-line").attr(
                        "d",
                        format!(
                            "M{} {}V{}",
                            n(t.x),
                            n(sy(t.y0)),
                            n(sy(t.y1).max(sy(t.y0) + 1.0))
                        ),
                    )),
            );
        }
        under.push(timers);
    }

    // State names where they have room: on each side of each lifeline, top to bottom.
    let mut names: Vec<(usize, &crate::layout::StateLabel)> = clipped(
        &layout.state_labels,
        &layout.index.state_labels,
        clip,
        |l| (l.at.y - 8.0, l.at.y + 8.0),
    )
    .filter(|(_, l)| clip.meets_x(l.at.x - LANE_REACH, l.at.x + LANE_REACH))
    .collect();
    names.sort_by(|a, b| {
        (a.1.at.x, a.1.at.y)
            .partial_cmp(&(b.1.at.x, b.1.at.y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut labels = El::new("g").attr("class", "wt-states");
    let mut last: Option<(f32, f32)> = None;
    for (_, l) in names {
        let y = sy(l.at.y);
        if last.is_some_and(|(x, ly)| x == l.at.x && y - ly < NAME_ROOM) {
            continue;
        }
        last = Some((l.at.x, y));
        labels = labels.child(
            El::new("text")
                .attr("class", phase.state_label(l))
                .attr("x", n(l.at.x))
                .attr("y", n(y + 4.0))
                .attr(
                    "text-anchor",
                    match l.side {
                        Side::Left => "end",
                        Side::Right => "start",
                    },
                )
                .text(l.text.clone()),
        );
    }
    under.push(labels);

    // Arrows, folded where they crowd.
    let arrows_in: Vec<(usize, &Arrow)> =
        clipped(&layout.arrows, &layout.index.arrows, clip, |a| {
            layout.arrow_extent(a)
        })
        .collect();
    let groups = lod::group(trace, layout, story, arrows_in, tz, phase.current);
    let mut arrows = El::new("g").attr("class", "wt-arrows");
    for g in &groups {
        arrows = arrows.child(if g.is_single() {
            thin_arrow(trace, layout, &phase, &layout.arrows[g.first], tz)
        } else {
            train(trace, layout, &phase, g, tz, lang)
        });
    }
    let mut over = vec![arrows];

    // Events: their diamonds, the full text as a tooltip.
    if !layout.events.is_empty() {
        let mut evs = El::new("g").attr("class", "wt-events");
        let mut last: Option<(f32, f32)> = None;
        for (_, e) in clipped(&layout.events, &layout.index.events, clip, |e| {
            (e.at.y, e.at.y)
        }) {
            if !clip.meets_x(e.at.x, e.at.x) {
                continue;
            }
            let (x, y) = (e.at.x, sy(e.at.y));
            if last.is_some_and(|(lx, ly)| lx == x && y - ly < 4.0) {
                continue;
            }
            last = Some((x, y));
            let s = 5.0;
            evs = evs.child(
                El::new("g")
                    .attr(
                        "class",
                        format!("wt-ev {}{}", e.tone.class(), phase.event(e.event)),
                    )
                    .attr("data-event-id", e.event.to_string())
                    .child(El::new("title").text(format!("{}: {}", e.label, e.title)))
                    .child(El::new("path").attr("class", "wt-ev-dia").attr(
                        "d",
                        format!(
                            "M{} {}L{} {}L{} {}L{} {}Z",
                            n(x),
                            n(y - s),
                            n(x + s),
                            n(y),
                            n(x),
                            n(y + s),
                            n(x - s),
                            n(y)
                        ),
                    )),
            );
        }
        over.push(evs);
    }

    BodyParts {
        root,
        under,
        veil: veil_scaled(layout, view, tz),
        over,
        now: playhead_scaled(trace, layout, view, tz, clip),
    }
}

/// One arrow without its label (the tooltip keeps it).
fn thin_arrow(trace: &Trace, layout: &Layout, phase: &Phase, a: &Arrow, tz: f32) -> El {
    let pts: Vec<crate::layout::Pt> = layout
        .points(a)
        .iter()
        .map(|p| crate::layout::Pt {
            x: p.x,
            y: p.y * tz,
        })
        .collect();
    let text = layout.text(trace, a);
    let mut title = text.label;
    if !text.note.is_empty() {
        title.push('\n');
        title.push_str(&text.note);
    }
    if let Some(seg) = trace.segments.get(a.segment as usize) {
        // In the figure's language, as a segment drawn one by one says it.
        let explain =
            wiretrace_core::i18n::render_or(layout.lang, seg.message_kept(), seg.explain());
        if !explain.is_empty() {
            title.push('\n');
            title.push_str(&explain);
        }
    }
    let d = path_d(&pts);
    let mut g = El::new("g")
        .attr("class", phase.arrow(layout, a))
        .attr("data-segment-id", a.segment.to_string())
        .child(El::new("title").text(title))
        .child(El::new("path").attr("class", "wt-hit").attr("d", d.clone()))
        .child(El::new("path").attr("class", "wt-line").attr("d", d));
    let tip = pts[pts.len() - 1];
    let prev = pts[pts.len().saturating_sub(2)];
    let (dx, dy) = (tip.x - prev.x, tip.y - prev.y);
    let len = (dx * dx + dy * dy).sqrt().max(0.001);
    let (ux, uy) = (dx / len, dy / len);
    match a.end {
        End::Head => {
            let (bx, by) = (tip.x - ux * 8.0, tip.y - uy * 8.0);
            let (px, py) = (-uy * 3.5, ux * 3.5);
            g = g.child(El::new("path").attr("class", "wt-head").attr(
                "d",
                format!(
                    "M{} {}L{} {}L{} {}Z",
                    n(tip.x),
                    n(tip.y),
                    n(bx + px),
                    n(by + py),
                    n(bx - px),
                    n(by - py)
                ),
            ));
        }
        End::Lost => {
            let s = 5.0;
            g = g.child(El::new("path").attr("class", "wt-cross").attr(
                "d",
                format!(
                    "M{} {}L{} {}M{} {}L{} {}",
                    n(tip.x - s),
                    n(tip.y - s),
                    n(tip.x + s),
                    n(tip.y + s),
                    n(tip.x - s),
                    n(tip.y + s),
                    n(tip.x + s),
                    n(tip.y - s)
                ),
            ));
        }
        End::InFlight => {}
    }
    g
}

/// A train (or a cluster): the band its arrows sweep, with what it holds written in it
/// where there is room.
fn train(trace: &Trace, layout: &Layout, phase: &Phase, g: &Group, tz: f32, lang: Lang) -> El {
    let (a0, a1) = (&layout.arrows[g.first], &layout.arrows[g.last]);
    let (s0, e0) = (layout.start(a0), layout.finish(a0));
    let (s1, e1) = (layout.start(a1), layout.finish(a1));
    let (first, last) = (a0.segment, a1.segment);
    let d = format!(
        "M{} {}L{} {}L{} {}L{} {}Z",
        n(s0.x),
        n(s0.y * tz),
        n(e0.x),
        n(e0.y * tz),
        n(e1.x),
        n(e1.y * tz),
        n(s1.x),
        n(s1.y * tz)
    );
    let shown = phase.shown;
    let step_class = if (last as usize) < shown || phase.shown == usize::MAX {
        "wt-past"
    } else if (first as usize) >= shown {
        "wt-future"
    } else {
        "wt-past wt-partly"
    };
    let conn = g.conn.map_or("wt-c0".to_owned(), |c| {
        if layout.multi_conn {
            format!("wt-c{}", c % 6)
        } else {
            "wt-c0".to_owned()
        }
    });
    let kind = match g.kind {
        Kind::Data => "wt-train wt-train-data",
        Kind::Ack => "wt-train wt-train-ack",
        Kind::Cluster => "wt-train wt-cluster",
    };
    let mut class = format!("{kind} {conn} {step_class}");
    if g.marks.has(Marks::LOST) {
        class.push_str(" wt-lost");
    }
    let count = g.count.to_string();
    let label = match g.kind {
        Kind::Data => say(
            lang,
            "figure.train.data",
            &[("count", &count), ("bytes", &fmt_bytes(g.bytes))],
        ),
        Kind::Ack => say(lang, "figure.train.acks", &[("count", &count)]),
        Kind::Cluster => {
            let mut counts: Vec<(u8, usize)> = [
                Marks::LOST,
                Marks::RTX,
                Marks::RST,
                Marks::SYN_FIN,
                Marks::HTTP,
                Marks::TAGGED,
            ]
            .iter()
            .map(|&b| (b, 0))
            .collect();
            for a in &layout.arrows[g.first..=g.last] {
                let (p, q) = (layout.start(a), layout.finish(a));
                if p.x != g.from_x || q.x != g.to_x {
                    continue;
                }
                if let Some(seg) = trace.segments.get(a.segment as usize) {
                    let m = lod::marks(trace, phase.story(), a.segment as usize, seg);
                    for c in &mut counts {
                        if m.has(c.0) {
                            c.1 += 1;
                        }
                    }
                }
            }
            say(
                lang,
                "figure.cluster",
                &[("count", &count), ("what", &marks_text(lang, &counts))],
            )
        }
    };
    let (t_from, t_to) = (
        trace.segments.get(first as usize).map_or(0, |s| s.sent_us),
        trace.segments.get(last as usize).map_or(0, |s| s.sent_us),
    );
    let detail = say(
        lang,
        "figure.train.detail",
        &[
            ("first", &first.to_string()),
            ("last", &last.to_string()),
            ("from", &fmt_time(t_from.saturating_sub(layout.t0))),
            ("to", &fmt_time(t_to.saturating_sub(layout.t0))),
        ],
    );
    let mut el = El::new("g")
        .attr("class", class)
        .attr("data-segment-ids", format!("{first}-{last}"))
        .attr("data-count", count)
        .child(El::new("title").text(format!("{label}\n{detail}")))
        .child(El::new("path").attr("class", "wt-train-band").attr("d", d));
    // A few of its arrows, far enough apart to be told apart, show which way and how
    // steeply the segments go.
    let mut last_y = f32::NEG_INFINITY;
    let mut lines = String::new();
    for a in &layout.arrows[g.first..=g.last] {
        let (p, q) = (layout.start(a), layout.finish(a));
        if p.x != g.from_x || q.x != g.to_x || p.y * tz - last_y < SAMPLE_PX {
            continue;
        }
        last_y = p.y * tz;
        lines.push_str(&format!(
            "M{} {}L{} {}",
            n(p.x),
            n(p.y * tz),
            n(q.x),
            n(q.y * tz)
        ));
    }
    if !lines.is_empty() {
        el = el.child(
            El::new("path")
                .attr("class", "wt-train-lines")
                .attr("d", lines),
        );
    }
    // The label in the band, where the band is tall enough: a third of the way from the
    // sender, so the trains of the two directions keep their labels apart.
    let height = (s1.y.max(e1.y) - s0.y.min(e0.y)) * tz;
    if height >= 16.0 {
        let x = g.from_x + (g.to_x - g.from_x) * 0.3;
        let y = ((s0.y + s1.y) / 2.0 + ((e0.y + e1.y) / 2.0 - (s0.y + s1.y) / 2.0) * 0.3) * tz;
        el = el.child(
            El::new("text")
                .attr("class", "wt-train-label")
                .attr("x", n(x))
                .attr("y", n(y + 4.0))
                .text(label),
        );
    }
    el
}
