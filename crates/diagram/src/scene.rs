//! Layout -> a tree of SVG elements. The page turns this tree into Yew nodes and the
//! exporters into text, so the figure a user downloads is the figure the page shows.
//! Styling lives in `diagram.css` (classes only, no inline styles: a strict
//! Content-Security-Policy stays possible).

use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{TimerOutcome, Trace};

use crate::layout::{Align, Arrow, End, Layout, Pt, Side, BADGE_H, BADGE_LINE_H, TOP};
use crate::story;

/// A node of the scene.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// An element.
    El(El),
    /// Text content.
    Text(String),
}

/// An SVG element.
#[derive(Clone, Debug, PartialEq)]
pub struct El {
    /// Tag name (`g`, `path`, `text`...).
    pub tag: &'static str,
    /// Attributes in order.
    pub attrs: Vec<(&'static str, String)>,
    /// Children.
    pub children: Vec<Node>,
    /// A stable identity for the page's diffing (not written out).
    pub key: Option<String>,
}

impl El {
    /// A new element.
    pub fn new(tag: &'static str) -> El {
        El {
            tag,
            attrs: Vec::new(),
            children: Vec::new(),
            key: None,
        }
    }

    /// Adds an attribute.
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> El {
        self.attrs.push((name, value.into()));
        self
    }

    /// Adds a child element.
    pub fn child(mut self, child: El) -> El {
        self.children.push(Node::El(child));
        self
    }

    /// Adds text content.
    pub fn text(mut self, text: impl Into<String>) -> El {
        self.children.push(Node::Text(text.into()));
        self
    }

    /// Sets the key.
    pub fn key(mut self, key: impl Into<String>) -> El {
        self.key = Some(key.into());
        self
    }

    /// Adds a child if present.
    pub fn child_opt(self, child: Option<El>) -> El {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }

    /// The value of an attribute.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every element below this one (depth first), itself included.
    pub fn walk(&self) -> Vec<&El> {
        let mut out = vec![self];
        for c in &self.children {
            if let Node::El(e) = c {
                out.extend(e.walk());
            }
        }
        out
    }
}

/// Formats a coordinate with at most one decimal.
pub fn n(v: f32) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A matrix coefficient, to three decimals.
fn n3(v: f32) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    if r == 0.0 {
        "0".to_owned()
    } else {
        format!("{r}")
    }
}

fn path_d(points: &[Pt]) -> String {
    let mut d = String::with_capacity(points.len() * 14);
    for (i, p) in points.iter().enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        d.push_str(&n(p.x));
        d.push(' ');
        d.push_str(&n(p.y));
    }
    d
}

/// What the player shows: how many segments have been played, which one is current.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    /// Segments played so far (step); `usize::MAX` shows everything as played.
    pub shown: usize,
    /// Draw the timer brackets.
    pub timers: bool,
    /// Mark the current segment as travelling (the page animates it).
    pub travel: bool,
    /// Draw the playhead (the "now" line and each socket's current state).
    pub playhead: bool,
    /// Hide what has not happened yet instead of showing it faintly (predict mode).
    pub hide_future: bool,
}

impl View {
    /// Everything played, no playhead: the figure for exports.
    pub fn complete() -> View {
        View {
            shown: usize::MAX,
            timers: true,
            travel: false,
            playhead: false,
            hide_future: false,
        }
    }

    fn current(&self, total: usize) -> Option<usize> {
        if self.shown == usize::MAX || self.shown == 0 {
            None
        } else {
            Some(self.shown.min(total) - 1)
        }
    }
}

/// CSS class of a state (`wt-st-syn-sent`).
pub fn state_class(state: State) -> String {
    format!("wt-st wt-st-{}", state.name().to_ascii_lowercase())
}

/// The lifeline heads (names and addresses), as their own `<svg>` so the page can keep
/// them in view while the body scrolls.
pub fn heads(layout: &Layout) -> El {
    let h = layout.head_height;
    let mut svg = El::new("svg")
        .attr("class", "wt wt-heads")
        .attr("viewBox", format!("0 0 {} {}", n(layout.width), n(h)))
        .attr("width", n(layout.width))
        .attr("height", n(h))
        .attr("aria-hidden", "true");
    svg = svg.child(
        El::new("rect")
            .attr("class", "wt-bg")
            .attr("width", n(layout.width))
            .attr("height", n(h)),
    );
    for lane in &layout.lanes {
        let name_w = crate::layout::text_width(&lane.label, 14.0, 0.62);
        let ip_w = crate::layout::text_width(&lane.detail, 11.0, 0.6);
        let w = (name_w.max(ip_w) + 24.0).clamp(if layout.compact { 72.0 } else { 96.0 }, 220.0);
        let class = match lane.role {
            wiretrace_core::trace::Role::Middlebox => "wt-head wt-head-mb",
            _ => "wt-head",
        };
        svg = svg.child(
            El::new("g")
                .attr("class", class)
                .key(format!("head-{}", lane.endpoint))
                .child(
                    El::new("rect")
                        .attr("x", n(lane.x - w / 2.0))
                        .attr("y", "6")
                        .attr("width", n(w))
                        .attr("height", n(h - 12.0))
                        .attr("rx", "8"),
                )
                .child(
                    El::new("text")
                        .attr("class", "wt-head-name")
                        .attr("x", n(lane.x))
                        .attr("y", "27")
                        .text(lane.label.clone()),
                )
                .child(
                    El::new("text")
                        .attr("class", "wt-head-ip")
                        .attr("x", n(lane.x))
                        .attr("y", "43")
                        .text(lane.detail.clone()),
                ),
        );
    }
    svg
}

/// The classes of the body's elements that change with the view (the playhead), in the
/// order the body draws them: what the page updates in place when only the step moves.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    /// Links that went down: the groups of `.wt-links`.
    pub downs: Vec<String>,
    /// State names at each transition: the texts of `.wt-states`.
    pub state_labels: Vec<String>,
    /// One per segment, in segment order: the groups of `.wt-arrows`.
    pub arrows: Vec<String>,
    /// Event marks and the labels of links that went down: the groups of `.wt-events`.
    pub events: Vec<String>,
}

/// The marks of a view.
pub fn marks(trace: &Trace, layout: &Layout, view: &View) -> Marks {
    let total = layout.arrows.len();
    let current = view.current(total);
    let shown = view.shown.min(total);
    // Which step tells each event (drawn faint, or hidden, until then).
    let event_steps = story::event_steps(trace);
    let event_phase = |i: usize| -> &'static str {
        let done = view.shown == usize::MAX || event_steps.get(i).is_some_and(|&s| s <= shown);
        match (done, view.hide_future) {
            (true, _) => "",
            (false, false) => " wt-future",
            (false, true) => " wt-future wt-hidden",
        }
    };
    let downs = layout
        .links
        .iter()
        .map(|l| format!("wt-down{}", event_phase(l.event)))
        .collect();
    let state_labels = layout
        .state_labels
        .iter()
        .map(|l| {
            let done = story::change_done(trace, &trace.states[l.change], shown)
                || view.shown == usize::MAX;
            let mut class = format!(
                "wt-state-label wt-stl-{}",
                l.state.name().to_ascii_lowercase()
            );
            if !done {
                class.push_str(" wt-future");
            }
            class
        })
        .collect();
    let arrows = layout
        .arrows
        .iter()
        .map(|a| {
            let i = a.segment as usize;
            let phase = if view.shown == usize::MAX {
                "wt-past"
            } else if Some(i) == current {
                "wt-current"
            } else if i < shown {
                "wt-past"
            } else if view.hide_future {
                "wt-future wt-hidden"
            } else {
                "wt-future"
            };
            let end_class = match a.end {
                End::Head => "",
                End::Lost => " wt-lost",
                End::InFlight => " wt-inflight",
            };
            let travel = view.travel && Some(i) == current;
            format!(
                "wt-seg {} {}{}{}",
                a.class,
                phase,
                end_class,
                if travel { " wt-travel" } else { "" }
            )
        })
        .collect();
    let mut events = Vec::new();
    for l in &layout.links {
        events.push(format!("wt-ev wt-ev-alert{}", event_phase(l.event)));
        if let (Some(j), Some(_)) = (l.restored, &l.restored_label) {
            events.push(format!("wt-ev wt-ev-info{}", event_phase(j)));
        }
    }
    for e in &layout.events {
        events.push(format!("wt-ev {}{}", e.tone.class(), event_phase(e.event)));
    }
    Marks {
        downs,
        state_labels,
        arrows,
        events,
    }
}

/// Where the playhead is drawn.
fn y_now(layout: &Layout, view: &View) -> f32 {
    match view.current(layout.arrows.len()) {
        Some(c) => layout.step_y(c as u32),
        None if view.shown == usize::MAX => layout.height,
        None => TOP - 14.0,
    }
}

/// The veil over what has not happened yet, if any.
pub fn veil(layout: &Layout, view: &View) -> Option<El> {
    let (w, h) = (layout.width, layout.height);
    let y_now = y_now(layout, view);
    (view.playhead && y_now < h).then(|| {
        El::new("rect")
            .attr(
                "class",
                if view.hide_future {
                    "wt-veil wt-veil-solid"
                } else {
                    "wt-veil"
                },
            )
            .attr("x", "0")
            .attr("y", n(y_now))
            .attr("width", n(w))
            .attr("height", n(h - y_now))
    })
}

/// The playhead: the "now" line and each socket's state at this moment.
pub fn playhead(trace: &Trace, layout: &Layout, view: &View) -> Option<El> {
    if !view.playhead {
        return None;
    }
    let shown = view.shown.min(layout.arrows.len());
    let y_now = y_now(layout, view);
    let mut now = El::new("g").attr("class", "wt-now").key("now");
    now = now.child(El::new("path").attr("class", "wt-now-line").attr(
        "d",
        format!(
            "M{} {}H{}",
            n(layout.gutter - 6.0),
            n(y_now),
            n(layout.width - 6.0)
        ),
    ));
    // One pill per endpoint: its headline state at this step.
    for lane in &layout.lanes {
        if !trace.states.iter().any(|c| c.endpoint == lane.endpoint) {
            continue;
        }
        let state = story::endpoint_state(trace, &lane.endpoint, shown);
        let text = state.name();
        let pw = text.chars().count() as f32 * 6.9 + 16.0;
        let x = match lane.outer {
            Side::Left => lane.x - 10.0 - pw,
            Side::Right => lane.x + 10.0,
        };
        let y = y_now + 4.0;
        now = now.child(
            El::new("g")
                .attr(
                    "class",
                    format!("wt-pill wt-pill-{}", text.to_ascii_lowercase()),
                )
                .child(
                    El::new("rect")
                        .attr("x", n(x))
                        .attr("y", n(y))
                        .attr("width", n(pw))
                        .attr("height", "18")
                        .attr("rx", "9"),
                )
                .child(
                    El::new("text")
                        .attr("x", n(x + pw / 2.0))
                        .attr("y", n(y + 13.0))
                        .text(text),
                ),
        );
    }
    Some(now)
}

/// The diagram body in layers, so that a page can keep what does not move with the
/// playhead and redraw only the rest: the root `<svg>` (attributes only), what lies under
/// the veil, the veil, what lies over it, and the playhead. The classes in `under` and
/// `over` that depend on the view are `marks`.
#[derive(Clone, Debug)]
pub struct BodyParts {
    /// The `<svg>` element, without children.
    pub root: El,
    /// Background, idle breaks, lifelines, links down, state bands, timers, state names.
    pub under: Vec<El>,
    /// The veil over the future.
    pub veil: Option<El>,
    /// Arrows and events.
    pub over: Vec<El>,
    /// The playhead.
    pub now: Option<El>,
    /// The view-dependent classes used in `under` and `over`.
    pub marks: Marks,
}

/// The diagram body: lifelines, bands, timers, arrows, and the playhead.
pub fn body(trace: &Trace, layout: &Layout, view: &View) -> El {
    let parts = body_parts(trace, layout, view);
    let mut svg = parts.root;
    svg.children.extend(parts.under.into_iter().map(Node::El));
    svg.children.extend(parts.veil.map(Node::El));
    svg.children.extend(parts.over.into_iter().map(Node::El));
    svg.children.extend(parts.now.map(Node::El));
    svg
}

/// The diagram body, in layers.
pub fn body_parts(trace: &Trace, layout: &Layout, view: &View) -> BodyParts {
    let total = layout.arrows.len();
    let (w, h) = (layout.width, layout.height);
    let marks = marks(trace, layout, view);

    let gutter = layout.gutter;
    let root = El::new("svg")
        .attr(
            "class",
            if layout.compact {
                "wt wt-body wt-compact"
            } else {
                "wt wt-body"
            },
        )
        .attr("data-testid", "sequence-diagram")
        .attr("viewBox", format!("0 0 {} {}", n(w), n(h)))
        .attr("width", n(w))
        .attr("height", n(h))
        .attr("role", "img")
        .attr(
            "aria-label",
            crate::texts::tf(
                layout.lang,
                "figure.aria",
                &[
                    ("lanes", &layout.lanes.len().to_string()),
                    ("segments", &total.to_string()),
                ],
            ),
        );
    let mut under = Vec::new();
    under.push(
        El::new("rect")
            .attr("class", "wt-bg")
            .attr("width", n(w))
            .attr("height", n(h)),
    );

    // Idle breaks.
    let mut gaps = El::new("g").attr("class", "wt-gaps");
    for (i, g) in layout.gaps.iter().enumerate() {
        let mid = (g.y0 + g.y1) / 2.0;
        let zig = |y: f32| {
            let mut d = format!("M{} {}", n(gutter - 10.0), n(y));
            let mut x = gutter - 10.0;
            let mut up = true;
            while x < w - 8.0 {
                x += 8.0;
                d.push_str(&format!(
                    " L{} {}",
                    n(x),
                    n(if up { y - 3.0 } else { y + 3.0 })
                ));
                up = !up;
            }
            d
        };
        gaps = gaps.child(
            El::new("g")
                .key(format!("gap-{i}"))
                .child(
                    El::new("rect")
                        .attr("class", "wt-gap")
                        .attr("x", n(gutter - 10.0))
                        .attr("y", n(g.y0 + 8.0))
                        .attr("width", n(w - gutter + 2.0))
                        .attr("height", n(g.y1 - g.y0 - 16.0)),
                )
                .child(
                    El::new("path")
                        .attr("class", "wt-zig")
                        .attr("d", zig(g.y0 + 8.0)),
                )
                .child(
                    El::new("path")
                        .attr("class", "wt-zig")
                        .attr("d", zig(g.y1 - 8.0)),
                )
                .child(
                    El::new("text")
                        .attr("class", "wt-gap-label")
                        .attr("x", n(g.label_x))
                        .attr("y", n(mid + 4.0))
                        .text(format!("⋯ {} ⋯", g.label)),
                ),
        );
    }
    under.push(gaps);

    // Lifelines, interrupted by the breaks.
    let mut lifelines = El::new("g").attr("class", "wt-lifelines");
    for lane in &layout.lanes {
        let mut y = 0.0;
        let mut d = String::new();
        for g in &layout.gaps {
            d.push_str(&format!("M{} {}V{}", n(lane.x), n(y), n(g.y0 + 8.0)));
            y = g.y1 - 8.0;
        }
        d.push_str(&format!("M{} {}V{}", n(lane.x), n(y), n(h)));
        let class = match lane.role {
            wiretrace_core::trace::Role::Middlebox => "wt-lifeline wt-lifeline-mb",
            _ => "wt-lifeline",
        };
        lifelines = lifelines.child(
            El::new("path")
                .attr("class", class)
                .attr("d", d)
                .key(format!("life-{}", lane.endpoint)),
        );
    }
    under.push(lifelines);

    // Links that went down: a tinted stretch between the two lifelines, cut at the top.
    if !layout.links.is_empty() {
        let mut downs = El::new("g").attr("class", "wt-links");
        for (k, l) in layout.links.iter().enumerate() {
            let mut g = El::new("g")
                .attr("class", marks.downs[k].clone())
                .key(format!("down-{k}"))
                .child(El::new("title").text(l.title.clone()))
                .child(
                    El::new("rect")
                        .attr("class", "wt-down-band")
                        .attr("x", n(l.x0))
                        .attr("y", n(l.y0))
                        .attr("width", n(l.x1 - l.x0))
                        .attr("height", n((l.y1 - l.y0).max(2.0))),
                )
                .child(
                    El::new("path")
                        .attr("class", "wt-down-cut")
                        .attr("d", format!("M{} {}H{}", n(l.x0), n(l.y0), n(l.x1))),
                );
            if l.restored.is_some() {
                g = g.child(
                    El::new("path")
                        .attr("class", "wt-down-mend")
                        .attr("d", format!("M{} {}H{}", n(l.x0), n(l.y1), n(l.x1))),
                );
            }
            downs = downs.child(g);
        }
        under.push(downs);
    }

    // State bands.
    let mut bands = El::new("g").attr("class", "wt-bands");
    for (i, b) in layout.bands.iter().enumerate() {
        bands = bands.child(
            El::new("rect")
                .attr("class", state_class(b.state))
                .attr("x", n(b.x - crate::layout::BAND_W / 2.0))
                .attr("y", n(b.y0))
                .attr("width", n(crate::layout::BAND_W))
                .attr("height", n((b.y1 - b.y0).max(2.0)))
                .attr("rx", "3")
                .key(format!("band-{i}"))
                .child(El::new("title").text(crate::texts::tf(
                    layout.lang,
                    "figure.band",
                    &[
                        ("endpoint", &lane_name(layout, &b.endpoint)),
                        ("state", b.state.name()),
                    ],
                ))),
        );
    }
    under.push(bands);

    // Timer brackets.
    if view.timers && !layout.timers.is_empty() {
        let mut timers = El::new("g").attr("class", "wt-timers");
        for t in &layout.timers {
            let tick = |y: f32| format!("M{} {}H{}", n(t.x_lifeline), n(y), n(t.x));
            let mut d = tick(t.y0);
            d.push_str(&format!("M{} {}V{}", n(t.x), n(t.y0), n(t.y1)));
            let class = match t.outcome {
                TimerOutcome::Fired => "wt-timer wt-timer-fired",
                TimerOutcome::Cancelled => "wt-timer wt-timer-cancelled",
                TimerOutcome::Pending => "wt-timer wt-timer-pending",
            };
            let mut g = El::new("g")
                .attr("class", class)
                .key(format!("timer-{}", t.timer))
                .child(El::new("title").text(t.title.clone()))
                .child(El::new("path").attr("class", "wt-timer-line").attr("d", d));
            g = match t.outcome {
                // Fired: a filled dot where it went off.
                TimerOutcome::Fired => g.child(
                    El::new("circle")
                        .attr("class", "wt-timer-end")
                        .attr("cx", n(t.x))
                        .attr("cy", n(t.y1))
                        .attr("r", "3.5"),
                ),
                // Cancelled: a closing tick back to the lifeline.
                TimerOutcome::Cancelled => g.child(
                    El::new("path")
                        .attr("class", "wt-timer-line")
                        .attr("d", tick(t.y1)),
                ),
                TimerOutcome::Pending => g,
            };
            if let Some(Pt { x, y }) = t.label_at {
                let angle = if t.x < t.x_lifeline { 90.0 } else { -90.0 };
                g = g.child(
                    El::new("text")
                        .attr("class", "wt-timer-label")
                        .attr("x", n(x))
                        .attr("y", n(y))
                        .attr("transform", format!("rotate({} {} {})", angle, n(x), n(y)))
                        .text(t.label),
                );
            }
            timers = timers.child(g);
        }
        under.push(timers);
    }

    // State names at each transition.
    let mut labels = El::new("g").attr("class", "wt-states");
    for (i, l) in layout.state_labels.iter().enumerate() {
        let anchor = match l.side {
            Side::Left => "end",
            Side::Right => "start",
        };
        labels = labels.child(
            El::new("text")
                .attr("class", marks.state_labels[i].clone())
                .attr("x", n(l.at.x))
                .attr("y", n(l.at.y + 4.0))
                .attr("text-anchor", anchor)
                .key(format!("stl-{i}"))
                .text(l.text.clone()),
        );
    }
    under.push(labels);

    // Arrows.
    let mut over = Vec::new();
    let mut arrows = El::new("g").attr("class", "wt-arrows");
    let mut last_time = String::new();
    for a in &layout.arrows {
        let show_time = a.sent != last_time;
        last_time = a.sent.clone();
        arrows = arrows.child(arrow(
            trace,
            layout,
            a,
            marks.arrows[a.segment as usize].clone(),
            show_time,
        ));
    }
    over.push(arrows);

    // Events: a diamond on the lifeline at their time and a labelled badge beside it; the
    // labels of links that went down, across the link.
    if !layout.events.is_empty() || !layout.links.is_empty() {
        let mut evs = El::new("g").attr("class", "wt-events");
        let mut ev_class = marks.events.iter().cloned();
        let pill = |class: &str, x: f32, y: f32, w: f32, h: f32, lines: &[String]| {
            let rx = if class == "wt-ev-pill" { h / 2.0 } else { 3.0 };
            let mut g = El::new("g").attr("class", class.to_owned()).child(
                El::new("rect")
                    .attr("class", "wt-ev-box")
                    .attr("x", n(x - w / 2.0))
                    .attr("y", n(y - h / 2.0))
                    .attr("width", n(w))
                    .attr("height", n(h))
                    .attr("rx", n(rx)),
            );
            let first = y + 4.0 - (lines.len().saturating_sub(1)) as f32 * BADGE_LINE_H / 2.0;
            for (k, line) in lines.iter().enumerate() {
                g = g.child(
                    El::new("text")
                        .attr("class", "wt-ev-text")
                        .attr("x", n(x))
                        .attr("y", n(first + k as f32 * BADGE_LINE_H))
                        .text(line.clone()),
                );
            }
            g
        };
        for l in &layout.links {
            let mid = (l.x0 + l.x1) / 2.0;
            evs = evs.child(
                El::new("g")
                    .attr("class", ev_class.next().unwrap_or_default())
                    .attr("data-event-id", l.event.to_string())
                    .key(format!("ev-{}", l.event))
                    .child(El::new("title").text(l.title.clone()))
                    .child(pill(
                        "wt-ev-pill",
                        mid,
                        l.y0,
                        l.label_w,
                        BADGE_H,
                        std::slice::from_ref(&l.label),
                    )),
            );
            if let (Some(j), Some(text)) = (l.restored, &l.restored_label) {
                evs = evs.child(
                    El::new("g")
                        .attr("class", ev_class.next().unwrap_or_default())
                        .attr("data-event-id", j.to_string())
                        .key(format!("ev-{j}"))
                        .child(pill(
                            "wt-ev-pill",
                            mid,
                            l.y1,
                            l.restored_w,
                            BADGE_H,
                            std::slice::from_ref(text),
                        )),
                );
            }
        }
        for e in &layout.events {
            let dir = e.side.dir();
            let (bx, by) = (e.badge_at.x, e.badge_at.y);
            let (dx, dy) = (e.at.x, e.at.y);
            let s = 5.5;
            let cx = bx + dir * e.width / 2.0;
            evs = evs.child(
                El::new("g")
                    .attr("class", ev_class.next().unwrap_or_default())
                    .attr("data-event-id", e.event.to_string())
                    .key(format!("ev-{}", e.event))
                    .child(El::new("title").text(e.title.clone()))
                    .child(
                        El::new("path")
                            .attr("class", "wt-ev-lead")
                            .attr("d", format!("M{} {}L{} {}", n(dx), n(dy), n(bx), n(by))),
                    )
                    .child(El::new("path").attr("class", "wt-ev-dia").attr(
                        "d",
                        format!(
                            "M{} {}L{} {}L{} {}L{} {}Z",
                            n(dx),
                            n(dy - s),
                            n(dx + s),
                            n(dy),
                            n(dx),
                            n(dy + s),
                            n(dx - s),
                            n(dy)
                        ),
                    ))
                    .child(pill("wt-ev-badge", cx, by, e.width, e.height, &e.lines)),
            );
        }
        over.push(evs);
    }

    BodyParts {
        root,
        under,
        veil: veil(layout, view),
        over,
        now: playhead(trace, layout, view),
        marks,
    }
}

/// The name a lifeline shows (its label in the figure's language).
fn lane_name(layout: &Layout, endpoint: &str) -> String {
    layout
        .lanes
        .iter()
        .find(|l| l.endpoint == endpoint)
        .map_or_else(|| endpoint.to_owned(), |l| l.label.clone())
}

fn arrow(trace: &Trace, layout: &Layout, a: &Arrow, class: String, show_time: bool) -> El {
    let seg = &trace.segments[a.segment as usize];
    let mut g = El::new("g")
        .attr("class", class)
        .attr("data-segment-id", a.segment.to_string())
        .key(format!("seg-{}", a.segment));
    let mut title = a.label.clone();
    if !a.note.is_empty() {
        title.push('\n');
        title.push_str(&a.note);
    }
    let explain = wiretrace_core::i18n::render_or(layout.lang, seg.msg.as_ref(), &seg.explain);
    if !explain.is_empty() {
        title.push('\n');
        title.push_str(&explain);
    }
    g = g.child(El::new("title").text(title));
    let d = path_d(&a.points);
    g = g.child(El::new("path").attr("class", "wt-hit").attr("d", d.clone()));
    g = g.child(El::new("path").attr("class", "wt-line").attr("d", d));
    let tip = a.finish();
    let prev = a.points[a.points.len().saturating_sub(2)];
    let (dx, dy) = (tip.x - prev.x, tip.y - prev.y);
    let len = (dx * dx + dy * dy).sqrt().max(0.001);
    let (ux, uy) = (dx / len, dy / len);
    match a.end {
        End::Head => {
            let (bx, by) = (tip.x - ux * 10.0, tip.y - uy * 10.0);
            let (px, py) = (-uy * 4.5, ux * 4.5);
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
            let s = 7.0;
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
    let align = match a.label_align {
        Align::Middle => "middle",
        Align::Start => "start",
        Align::End => "end",
    };
    let note_class = if seg.http.is_some() {
        "wt-note wt-http"
    } else {
        "wt-note"
    };
    let (lx, ly) = (a.label_at.x, a.label_at.y);
    if a.horizontal {
        // A block of short lines centred on the anchor.
        let lh = layout.line_height;
        let count = (a.label_lines.len() + a.note_lines.len()) as f32;
        let top = ly - count * lh / 2.0;
        // A card behind the block keeps it apart from the lines it sits on.
        let widest = a
            .label_lines
            .iter()
            .chain(&a.note_lines)
            .map(|l| crate::layout::text_width(l, 11.0, 0.6))
            .fold(0.0f32, f32::max);
        let x0 = match a.label_align {
            Align::Middle => lx - widest / 2.0,
            Align::Start => lx,
            Align::End => lx - widest,
        };
        g = g.child(
            El::new("rect")
                .attr("class", "wt-label-bg")
                .attr("x", n(x0 - 2.5))
                .attr("y", n(top - 1.0))
                .attr("width", n(widest + 5.0))
                .attr("height", n(count * lh + 2.0))
                .attr("rx", "4"),
        );
        let lines = a
            .label_lines
            .iter()
            .map(|l| ("wt-label", l))
            .chain(a.note_lines.iter().map(|l| (note_class, l)));
        for (k, (class, line)) in lines.enumerate() {
            // Baseline about a third of the line below its centre.
            let y = top + lh * (k as f32 + 0.5) + lh * 0.3;
            g = g.child(
                El::new("text")
                    .attr("class", class)
                    .attr("text-anchor", align)
                    .attr("x", n(lx))
                    .attr("y", n(y))
                    .text(line.clone()),
            );
        }
    } else {
        // Turned about the anchor along the line (a matrix: no trigonometry needed).
        let (c, s) = a.dir;
        let rot = format!(
            "matrix({} {} {} {} {} {})",
            n3(c),
            n3(s),
            n3(-s),
            n3(c),
            n(lx - c * lx + s * ly),
            n(ly - s * lx - c * ly)
        );
        // Lines stack upwards: the last one runs along the arrow.
        let count = a.label_lines.len();
        for (k, label) in a.label_lines.iter().enumerate() {
            let up = (count - 1 - k) as f32 * layout.line_height;
            g = g.child(
                El::new("text")
                    .attr("class", "wt-label")
                    .attr("text-anchor", align)
                    .attr("x", n(lx))
                    .attr("y", n(ly - 6.0 - up))
                    .attr("transform", rot.clone())
                    .text(label.clone()),
            );
        }
        if let Some(note) = a.note_lines.first() {
            g = g.child(
                El::new("text")
                    .attr("class", note_class)
                    .attr("text-anchor", align)
                    .attr("x", n(lx))
                    .attr("y", n(ly + 14.0))
                    .attr("transform", rot)
                    .text(note.clone()),
            );
        }
    }
    if show_time {
        g = g.child(
            El::new("text")
                .attr("class", "wt-time")
                .attr(
                    "x",
                    n(layout.gutter - if layout.compact { 5.0 } else { 10.0 }),
                )
                .attr("y", n(a.start().y + 4.0))
                .text(a.sent.clone()),
        );
    }
    g
}

/// A standalone figure: heads above the body, with the stylesheet inside, for export.
pub fn figure(trace: &Trace, layout: &Layout, title: &str) -> El {
    let head = heads(layout);
    let body = body(trace, layout, &View::complete());
    let (w, hh) = (layout.width, layout.head_height);
    let total_h = hh + layout.height;
    let mut svg = El::new("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("class", "wt wt-figure")
        .attr("viewBox", format!("0 0 {} {}", n(w), n(total_h)))
        .attr("width", n(w))
        .attr("height", n(total_h))
        .attr("role", "img")
        .child(El::new("title").text(title.to_owned()))
        .child(El::new("style").text(crate::svg::STYLE));
    let mut top = El::new("g").attr("class", "wt-heads");
    top.children = head.children;
    let mut rest = El::new("g")
        .attr("class", "wt-body")
        .attr("transform", format!("translate(0 {})", n(hh)));
    rest.children = body.children;
    svg = svg.child(top).child(rest);
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{browse, lossy};
    use crate::layout::{layout, Options};
    use wiretrace_core::trace::EventKind;

    fn segs(el: &El) -> Vec<&El> {
        el.walk()
            .into_iter()
            .filter(|e| e.get("data-segment-id").is_some())
            .collect()
    }

    #[test]
    fn one_element_per_segment_with_its_id() {
        let t = browse();
        let l = layout(&t, &Options::default());
        let svg = body(&t, &l, &View::complete());
        assert_eq!(svg.get("data-testid"), Some("sequence-diagram"));
        let ids: Vec<&str> = segs(&svg)
            .iter()
            .map(|e| e.get("data-segment-id").unwrap())
            .collect();
        let want: Vec<String> = (0..t.segments.len()).map(|i| i.to_string()).collect();
        assert_eq!(ids, want);
    }

    #[test]
    fn playback_marks_past_current_and_future() {
        let t = browse();
        let l = layout(&t, &Options::default());
        let view = View {
            shown: 3,
            timers: true,
            travel: true,
            playhead: true,
            hide_future: false,
        };
        let svg = body(&t, &l, &view);
        let classes: Vec<&str> = segs(&svg).iter().map(|e| e.get("class").unwrap()).collect();
        assert!(classes[0].contains("wt-past") && classes[1].contains("wt-past"));
        assert!(classes[2].contains("wt-current") && classes[2].contains("wt-travel"));
        assert!(classes[3].contains("wt-future"));
        // One pill per endpoint with its state at this step (the ACK has landed).
        let pills: Vec<String> = svg
            .walk()
            .into_iter()
            .filter(|e| e.get("class").is_some_and(|c| c.starts_with("wt-pill")))
            .map(|e| e.get("class").unwrap().to_owned())
            .collect();
        assert_eq!(pills.len(), 2);
        assert!(pills.iter().all(|c| c.contains("established")), "{pills:?}");
    }

    /// Sets the view-dependent classes of a body's layers to `marks`, as the page does.
    fn apply(layers: &mut [El], marks: &Marks) {
        for layer in layers {
            let list = match layer.get("class") {
                Some("wt-links") => &marks.downs,
                Some("wt-states") => &marks.state_labels,
                Some("wt-arrows") => &marks.arrows,
                Some("wt-events") => &marks.events,
                _ => continue,
            };
            let kids: Vec<&mut El> = layer
                .children
                .iter_mut()
                .filter_map(|c| match c {
                    Node::El(e) => Some(e),
                    Node::Text(_) => None,
                })
                .collect();
            assert_eq!(kids.len(), list.len(), "{:?}", layer.get("class"));
            for (el, class) in kids.into_iter().zip(list) {
                let slot = el.attrs.iter_mut().find(|(k, _)| *k == "class").unwrap();
                slot.1 = class.clone();
            }
        }
    }

    #[test]
    fn a_body_with_the_marks_of_another_view_is_that_views_body() {
        let view = |shown: usize, travel: bool, hide_future: bool| View {
            shown,
            timers: true,
            travel,
            playhead: true,
            hide_future,
        };
        for t in [
            browse(),
            lossy(),
            wiretrace_core::scenario::run_with("heartbeat", &[]).unwrap(),
        ] {
            let l = layout(&t, &Options::default());
            let total = t.segments.len();
            for hide in [false, true] {
                let base = body_parts(&t, &l, &view(0, false, hide));
                for (shown, travel) in [(1, true), (3, false), (total, true), (usize::MAX, false)] {
                    let v = view(shown, travel, hide);
                    let want = body_parts(&t, &l, &v);
                    let (mut under, mut over) = (base.under.clone(), base.over.clone());
                    apply(&mut under, &want.marks);
                    apply(&mut over, &want.marks);
                    assert_eq!(under, want.under);
                    assert_eq!(over, want.over);
                    assert_eq!(want.marks, marks(&t, &l, &v));
                    // The body is its layers in order.
                    let mut whole = want.root.clone();
                    whole.children = want
                        .under
                        .iter()
                        .cloned()
                        .chain(want.veil.clone())
                        .chain(want.over.iter().cloned())
                        .chain(want.now.clone())
                        .map(Node::El)
                        .collect();
                    assert_eq!(whole, body(&t, &l, &v));
                }
            }
        }
    }

    #[test]
    fn lost_segments_end_in_a_cross() {
        let t = lossy();
        let l = layout(&t, &Options::default());
        let svg = body(&t, &l, &View::complete());
        let lost = segs(&svg)[3];
        assert!(lost.get("class").unwrap().contains("wt-lost"));
        assert!(lost
            .walk()
            .iter()
            .any(|e| e.get("class") == Some("wt-cross")));
        assert!(svg
            .walk()
            .iter()
            .any(|e| e.get("class") == Some("wt-gap-label")));
    }

    #[test]
    fn events_have_marks_of_their_own_and_wait_for_their_step() {
        let t = wiretrace_core::scenario::run_with("heartbeat", &[]).unwrap();
        let l = layout(&t, &Options::default());
        let marks = |svg: &El| -> Vec<(String, String)> {
            svg.walk()
                .into_iter()
                .filter(|e| e.get("data-event-id").is_some())
                .map(|e| {
                    assert!(e.get("data-segment-id").is_none());
                    (
                        e.get("data-event-id").unwrap().to_owned(),
                        e.get("class").unwrap().to_owned(),
                    )
                })
                .collect()
        };
        let start = body(
            &t,
            &l,
            &View {
                shown: 0,
                timers: true,
                travel: false,
                playhead: true,
                hide_future: true,
            },
        );
        // Still exactly one element per segment.
        assert_eq!(segs(&start).len(), t.segments.len());
        let m = marks(&start);
        assert_eq!(m.len(), l.events.len() + l.links.len());
        let cut = t
            .events
            .iter()
            .position(|e| e.kind == EventKind::LinkCut)
            .unwrap();
        let (_, class) = m.iter().find(|(id, _)| *id == cut.to_string()).unwrap();
        assert!(
            class.contains("wt-future") && class.contains("wt-hidden"),
            "{class}"
        );
        assert!(class.contains("wt-ev-alert"));
        let all = body(&t, &l, &View::complete());
        assert!(marks(&all).iter().all(|(_, c)| !c.contains("wt-future")));
        let texts: Vec<String> = all
            .walk()
            .into_iter()
            .filter(|e| e.get("class") == Some("wt-ev-text"))
            .flat_map(|e| e.children.iter())
            .filter_map(|c| match c {
                Node::Text(t) => Some(t.clone()),
                Node::El(_) => None,
            })
            .collect();
        assert!(texts.contains(&"link down".to_owned()), "{texts:?}");
        assert!(texts.contains(&"network gone".to_owned()), "{texts:?}");
        assert!(all
            .walk()
            .iter()
            .any(|e| e.get("class") == Some("wt-down-band")));
    }

    #[test]
    fn the_compact_figure_says_so_and_draws_label_blocks() {
        let t = browse();
        let l = layout(
            &t,
            &Options {
                compact: true,
                ..Options::default()
            },
        );
        let svg = body(&t, &l, &View::complete());
        assert!(svg.get("class").unwrap().contains("wt-compact"));
        let first = segs(&svg)[0];
        let lines = first
            .walk()
            .into_iter()
            .filter(|e| e.get("class") == Some("wt-label"))
            .count();
        assert_eq!(lines, 2, "SYN len=0 / seq=...");
        assert!(first
            .walk()
            .iter()
            .any(|e| e.get("class") == Some("wt-label-bg")));
    }

    #[test]
    fn coordinates_are_short() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.04), "12");
        assert_eq!(n(12.25), "12.3");
        assert_eq!(n(-3.5), "-3.5");
    }
}
