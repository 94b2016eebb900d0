//! Layout -> a tree of SVG elements. The page turns this tree into Yew nodes and the
//! exporters into text, so the figure a user downloads is the figure the page shows.
//! Styling lives in `diagram.css` (classes only, no inline styles: a strict
//! Content-Security-Policy stays possible).

use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{TimerOutcome, Trace};

use crate::layout::index::YIndex;
use crate::layout::{Align, Arrow, End, Layout, Pt, Side, StateLabel, BADGE_H, BADGE_LINE_H, TOP};
use crate::story::{self, Story};

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
pub(crate) fn n3(v: f32) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    if r == 0.0 {
        "0".to_owned()
    } else {
        format!("{r}")
    }
}

pub(crate) fn path_d(points: &[Pt]) -> String {
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

    pub(crate) fn current(&self, total: usize) -> Option<usize> {
        if self.shown == usize::MAX {
            None
        } else {
            self.shown.min(total).checked_sub(1)
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

/// The part of the body a page draws: rows `y0..=y1` and columns `x0..=x1` of the unscaled
/// figure (what is in view, with a margin). Exports draw everything.
///
/// Columns matter for a figure of hundreds of lifelines (a capture of many hosts): what
/// belongs to lifelines out of view (the lifeline, its state bands, timers, state names,
/// its state at the playhead, events, and arrows that neither start, end nor cross there)
/// is left out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clip {
    /// Top row.
    pub y0: f32,
    /// Bottom row.
    pub y1: f32,
    /// Leftmost column.
    pub x0: f32,
    /// Rightmost column.
    pub x1: f32,
}

impl Clip {
    /// The whole figure.
    pub const ALL: Clip = Clip {
        y0: f32::NEG_INFINITY,
        y1: f32::INFINITY,
        x0: f32::NEG_INFINITY,
        x1: f32::INFINITY,
    };

    /// Rows `y0..=y1`, every column.
    pub const fn rows(y0: f32, y1: f32) -> Clip {
        Clip {
            y0,
            y1,
            x0: f32::NEG_INFINITY,
            x1: f32::INFINITY,
        }
    }

    /// True when an item from `a` to `b` (either order) meets the clip's rows.
    pub fn meets(&self, a: f32, b: f32) -> bool {
        a.max(b) >= self.y0 && a.min(b) <= self.y1
    }

    /// True when an item from column `a` to `b` (either order) meets the clip's columns.
    pub fn meets_x(&self, a: f32, b: f32) -> bool {
        a.max(b) >= self.x0 && a.min(b) <= self.x1
    }

    fn is_all(&self) -> bool {
        self.y0 == f32::NEG_INFINITY && self.y1 == f32::INFINITY
    }
}

/// How far a lifeline's own marks reach sideways from it (state names, timer brackets and
/// their labels, the state pill at the playhead): a lifeline this near the clip's columns
/// is drawn.
pub(crate) const LANE_REACH: f32 = 160.0;

/// Items of a layer that meet the clip, in order: all of them for the whole figure, else
/// the candidates of the layer's index checked one by one.
pub(crate) fn clipped<'a, T>(
    items: &'a [T],
    index: &YIndex,
    clip: &Clip,
    extent: impl Fn(&T) -> (f32, f32) + 'a,
) -> Box<dyn Iterator<Item = (usize, &'a T)> + 'a> {
    if clip.is_all() || index.len() != items.len() {
        return Box::new(items.iter().enumerate());
    }
    let clip = *clip;
    Box::new(
        index
            .candidates(clip.y0, clip.y1)
            .into_iter()
            .flatten()
            .map(move |i| (i, &items[i]))
            .filter(move |(_, it)| {
                let (a, b) = extent(it);
                clip.meets(a, b)
            }),
    )
}

/// Where the view stands: which segments, state changes and events have happened.
pub(crate) struct Phase<'a> {
    trace: &'a Trace,
    story: &'a Story,
    view: &'a View,
    pub(crate) shown: usize,
    pub(crate) current: Option<usize>,
}

impl<'a> Phase<'a> {
    pub(crate) fn new(
        trace: &'a Trace,
        layout: &Layout,
        story: &'a Story,
        view: &'a View,
    ) -> Phase<'a> {
        let total = layout.arrows.len();
        Phase {
            trace,
            story,
            view,
            shown: view.shown.min(total),
            current: view.current(total),
        }
    }

    /// The story of the trace.
    pub(crate) fn story(&self) -> &'a Story {
        self.story
    }

    /// `""`, or the classes of an event not told yet (faint, or hidden in predict mode).
    pub(crate) fn event(&self, i: usize) -> &'static str {
        let done = self.view.shown == usize::MAX
            || self
                .story
                .event_steps()
                .get(i)
                .is_some_and(|&s| s <= self.shown);
        match (done, self.view.hide_future) {
            (true, _) => "",
            (false, false) => " wt-future",
            (false, true) => " wt-future wt-hidden",
        }
    }

    pub(crate) fn state_label(&self, l: &StateLabel) -> String {
        let done = self.view.shown == usize::MAX
            || story::change_done(self.trace, &self.trace.states[l.change], self.shown);
        let mut class = format!(
            "wt-state-label wt-stl-{}",
            l.state.name().to_ascii_lowercase()
        );
        if !done {
            class.push_str(" wt-future");
        }
        class
    }

    pub(crate) fn arrow(&self, layout: &Layout, a: &Arrow) -> String {
        let i = a.segment as usize;
        let phase = if self.view.shown == usize::MAX {
            "wt-past"
        } else if Some(i) == self.current {
            "wt-current"
        } else if i < self.shown {
            "wt-past"
        } else if self.view.hide_future {
            "wt-future wt-hidden"
        } else {
            "wt-future"
        };
        let end_class = match a.end {
            End::Head => "",
            End::Lost => " wt-lost",
            End::InFlight => " wt-inflight",
        };
        let travel = self.view.travel && Some(i) == self.current;
        format!(
            "wt-seg {} {}{}{}",
            layout.class(a),
            phase,
            end_class,
            if travel { " wt-travel" } else { "" }
        )
    }
}

/// Where the playhead is drawn.
pub(crate) fn y_now(layout: &Layout, view: &View) -> f32 {
    match view.current(layout.arrows.len()) {
        Some(c) => layout.step_y(c as u32),
        None if view.shown == usize::MAX => layout.height,
        None => TOP - 14.0,
    }
}

/// The veil over what has not happened yet, if any.
pub fn veil(layout: &Layout, view: &View) -> Option<El> {
    veil_scaled(layout, view, 1.0)
}

/// The veil of a figure drawn at time zoom `tz`.
pub(crate) fn veil_scaled(layout: &Layout, view: &View, tz: f32) -> Option<El> {
    let (w, h) = (layout.width, layout.height * tz);
    let y_now = y_now(layout, view) * tz;
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
    playhead_scaled(trace, layout, view, 1.0, &Clip::ALL)
}

/// The playhead of a figure drawn at time zoom `tz`, with the state pills of the
/// lifelines in the clip's columns.
pub(crate) fn playhead_scaled(
    trace: &Trace,
    layout: &Layout,
    view: &View,
    tz: f32,
    clip: &Clip,
) -> Option<El> {
    if !view.playhead {
        return None;
    }
    let shown = view.shown.min(layout.arrows.len());
    let y_now = y_now(layout, view) * tz;
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
    let states = story::StatesNow::at(trace, shown);
    for lane in &layout.lanes {
        if !clip.meets_x(lane.x - LANE_REACH, lane.x + LANE_REACH) {
            continue;
        }
        let Some(state) = states.get(&lane.endpoint).map(|e| e.state) else {
            continue;
        };
        let text = state.name();
        let pw = text.chars().count() as f32 * 6.9 + 16.0;
        let x = match lane.outer {
            Side::Left => lane.x - 10.0 - pw,
            Side::Right => lane.x + 10.0,
        };
        // Centred on the now-line: a state that began at this moment has its label there,
        // and the pill (the same name) covers it rather than half of it.
        let y = y_now - 9.0;
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

/// The diagram body in layers: the root `<svg>` (attributes only), what lies under the
/// veil, the veil, what lies over it, and the playhead.
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
}

impl BodyParts {
    /// The layers in drawing order.
    pub fn layers(self) -> impl Iterator<Item = El> {
        self.under
            .into_iter()
            .chain(self.veil)
            .chain(self.over)
            .chain(self.now)
    }
}

/// The body's `<svg>` element, without children: its size, class and accessible name.
pub fn body_root(layout: &Layout) -> El {
    let (w, h) = (layout.width, layout.height);
    let total = layout.arrows.len();
    El::new("svg")
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
        )
}

/// The whole diagram body: lifelines, bands, timers, arrows, and the playhead.
pub fn body(trace: &Trace, layout: &Layout, view: &View) -> El {
    let story = Story::new(trace);
    let parts = body_parts(trace, layout, &story, view, &Clip::ALL);
    let mut svg = parts.root.clone();
    svg.children.extend(parts.layers().map(Node::El));
    svg
}

/// The diagram body in layers, drawing only what meets `clip`.
pub fn body_parts(
    trace: &Trace,
    layout: &Layout,
    story: &Story,
    view: &View,
    clip: &Clip,
) -> BodyParts {
    let (w, h) = (layout.width, layout.height);
    let phase = Phase::new(trace, layout, story, view);

    let gutter = layout.gutter;
    let root = body_root(layout);
    let mut under = Vec::new();
    under.push(
        El::new("rect")
            .attr("class", "wt-bg")
            .attr("width", n(w))
            .attr("height", n(h)),
    );

    // Idle breaks.
    let mut gaps = El::new("g").attr("class", "wt-gaps");
    // Breaks are in order: skip to the first one the clip meets.
    let first_gap = layout.gaps.partition_point(|g| g.y1 < clip.y0);
    for (i, g) in layout.gaps.iter().enumerate().skip(first_gap) {
        if g.y0 > clip.y1 {
            break;
        }
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
    under.push(lifelines_layer(layout, clip));

    // Links that went down: a tinted stretch between the two lifelines, cut at the top.
    if !layout.links.is_empty() {
        let mut downs = El::new("g").attr("class", "wt-links");
        for (k, l) in layout.links.iter().enumerate() {
            if !clip.meets(l.y0, l.y1) || !clip.meets_x(l.x0, l.x1) {
                continue;
            }
            let mut g = El::new("g")
                .attr("class", format!("wt-down{}", phase.event(l.event)))
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
    for (i, b) in clipped(&layout.bands, &layout.index.bands, clip, |b| (b.y0, b.y1)) {
        if !clip.meets_x(b.x, b.x) {
            continue;
        }
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
        under.push(timers_layer(trace, layout, clip));
    }

    // State names at each transition.
    under.push(state_names_layer(layout, &phase, clip));

    // Arrows.
    let mut over = Vec::new();
    let mut arrows = El::new("g").attr("class", "wt-arrows");
    // The time of a send is written once, by the first arrow leaving at that time.
    let mut before: Option<(usize, String)> = None;
    for (k, a) in clipped(&layout.arrows, &layout.index.arrows, clip, |a| {
        layout.arrow_extent(a)
    }) {
        let (left, right) = layout.arrow_x_extent(a);
        if !clip.meets_x(left, right) {
            continue;
        }
        let sent = layout.sent(trace, a);
        let last = match before.take() {
            Some((j, t)) if j + 1 == k => t,
            _ => k
                .checked_sub(1)
                .map(|j| layout.sent(trace, &layout.arrows[j]))
                .unwrap_or_default(),
        };
        let show_time = sent != last;
        arrows = arrows.child(arrow(trace, layout, a, phase.arrow(layout, a), show_time));
        before = Some((k, sent));
    }
    over.push(arrows);

    // Events: a diamond on the lifeline at their time and a labelled badge beside it; the
    // labels of links that went down, across the link.
    if !layout.events.is_empty() || !layout.links.is_empty() {
        over.push(events_layer(layout, &phase, clip));
    }

    BodyParts {
        root,
        under,
        veil: veil(layout, view),
        over,
        now: playhead_scaled(trace, layout, view, 1.0, clip),
    }
}

/// The lifelines, interrupted by the breaks, in the clip.
fn lifelines_layer(layout: &Layout, clip: &Clip) -> El {
    let h = layout.height;
    let mut lifelines = El::new("g").attr("class", "wt-lifelines");
    for lane in layout.lanes.iter().filter(|l| clip.meets_x(l.x, l.x)) {
        // From the top to the first break, between breaks, and on to the bottom: the
        // pieces the clip meets, cut to it.
        let mut y = 0.0;
        let mut d = String::new();
        let piece = |from: f32, to: f32, d: &mut String| {
            if clip.meets(from, to) {
                d.push_str(&format!(
                    "M{} {}V{}",
                    n(lane.x),
                    n(from.max(clip.y0)),
                    n(to.min(clip.y1))
                ));
            }
        };
        for g in &layout.gaps {
            if y > clip.y1 {
                break;
            }
            piece(y, g.y0 + 8.0, &mut d);
            y = g.y1 - 8.0;
        }
        if y <= clip.y1 {
            piece(y, h, &mut d);
        }
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
    lifelines
}

/// The timer brackets in the clip.
fn timers_layer(trace: &Trace, layout: &Layout, clip: &Clip) -> El {
    let mut timers = El::new("g").attr("class", "wt-timers");
    for (_, t) in clipped(&layout.timers, &layout.index.timers, clip, |t| (t.y0, t.y1)) {
        if !clip.meets_x(t.x_lifeline - LANE_REACH, t.x_lifeline + LANE_REACH) {
            continue;
        }
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
            .child(El::new("title").text(layout.timer_title(trace, t)))
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
    timers
}

/// The state names at each transition, in the clip.
fn state_names_layer(layout: &Layout, phase: &Phase, clip: &Clip) -> El {
    let mut labels = El::new("g").attr("class", "wt-states");
    for (i, l) in clipped(
        &layout.state_labels,
        &layout.index.state_labels,
        clip,
        |l| (l.at.y - 8.0, l.at.y + 8.0),
    ) {
        if !clip.meets_x(l.at.x - LANE_REACH, l.at.x + LANE_REACH) {
            continue;
        }
        let anchor = match l.side {
            Side::Left => "end",
            Side::Right => "start",
        };
        labels = labels.child(
            El::new("text")
                .attr("class", phase.state_label(l))
                .attr("x", n(l.at.x))
                .attr("y", n(l.at.y + 4.0))
                .attr("text-anchor", anchor)
                .key(format!("stl-{i}"))
                .text(l.text.clone()),
        );
    }
    labels
}

/// Events: a diamond on the lifeline at their time and a labelled badge beside it; the
/// labels of links that went down, across the link.
fn events_layer(layout: &Layout, phase: &Phase, clip: &Clip) -> El {
    let mut evs = El::new("g").attr("class", "wt-events");
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
        if !clip.meets(l.y0 - BADGE_H, l.y1 + BADGE_H)
            || !clip.meets_x(
                l.x0.min(mid - l.label_w / 2.0),
                l.x1.max(mid + l.label_w / 2.0),
            )
        {
            continue;
        }
        let mid = (l.x0 + l.x1) / 2.0;
        evs = evs.child(
            El::new("g")
                .attr(
                    "class",
                    format!("wt-ev wt-ev-alert{}", phase.event(l.event)),
                )
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
                    .attr("class", format!("wt-ev wt-ev-info{}", phase.event(j)))
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
    for (_, e) in clipped(&layout.events, &layout.index.events, clip, |e| {
        (
            e.at.y.min(e.badge_at.y - e.height / 2.0),
            e.at.y.max(e.badge_at.y + e.height / 2.0),
        )
    }) {
        let dir = e.side.dir();
        let (bx, by) = (e.badge_at.x, e.badge_at.y);
        let far = bx + dir * e.width;
        if !clip.meets_x(e.at.x.min(bx).min(far), e.at.x.max(bx).max(far)) {
            continue;
        }
        let (dx, dy) = (e.at.x, e.at.y);
        let s = 5.5;
        let cx = bx + dir * e.width / 2.0;
        evs = evs.child(
            El::new("g")
                .attr(
                    "class",
                    format!("wt-ev {}{}", e.tone.class(), phase.event(e.event)),
                )
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
    evs
}

/// The name a lifeline shows (its label in the figure's language).
pub(crate) fn lane_name(layout: &Layout, endpoint: &str) -> String {
    layout
        .lanes
        .iter()
        .find(|l| l.endpoint == endpoint)
        .map_or_else(|| endpoint.to_owned(), |l| l.label.clone())
}

fn arrow(trace: &Trace, layout: &Layout, a: &Arrow, class: String, show_time: bool) -> El {
    let seg = &trace.segments[a.segment as usize];
    let text = layout.text(trace, a);
    let mut g = El::new("g")
        .attr("class", class)
        .attr("data-segment-id", a.segment.to_string())
        .key(format!("seg-{}", a.segment));
    let mut title = text.label.clone();
    if !text.note.is_empty() {
        title.push('\n');
        title.push_str(&text.note);
    }
    let explain = wiretrace_core::i18n::render_or(layout.lang, seg.message_kept(), seg.explain());
    if !explain.is_empty() {
        title.push('\n');
        title.push_str(&explain);
    }
    g = g.child(El::new("title").text(title));
    let points = layout.points(a);
    let d = path_d(points);
    g = g.child(El::new("path").attr("class", "wt-hit").attr("d", d.clone()));
    g = g.child(El::new("path").attr("class", "wt-line").attr("d", d));
    let tip = layout.finish(a);
    let prev = points[points.len().saturating_sub(2)];
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
    if layout.compact {
        // A block of short lines centred on the anchor.
        let lh = layout.line_height;
        let count = (text.label_lines.len() + text.note_lines.len()) as f32;
        let top = ly - count * lh / 2.0;
        // A card behind the block keeps it apart from the lines it sits on.
        let widest = text
            .label_lines
            .iter()
            .chain(&text.note_lines)
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
        let lines = text
            .label_lines
            .iter()
            .map(|l| ("wt-label", l))
            .chain(text.note_lines.iter().map(|l| (note_class, l)));
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
        let count = text.label_lines.len();
        for (k, label) in text.label_lines.iter().enumerate() {
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
        if let Some(note) = text.note_lines.first() {
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
                .attr("y", n(layout.start(a).y + 4.0))
                .text(layout.sent(trace, a)),
        );
    }
    g
}

/// A standalone figure: heads above the body, with the stylesheet inside, for export.
pub fn figure(trace: &Trace, layout: &Layout, title: &str) -> El {
    figure_at(trace, layout, title, 1.0)
}

/// The standalone figure at time zoom `tz`: 1 draws every segment (what [`figure`] does);
/// below 1 the body is the zoomed-out figure of trains ([`crate::zoomed`]), whose styles
/// are embedded too.
pub fn figure_at(trace: &Trace, layout: &Layout, title: &str, tz: f32) -> El {
    let body = if tz < 1.0 {
        let story = Story::new(trace);
        let parts = crate::zoomed::body_parts(
            trace,
            layout,
            &story,
            &View::complete(),
            &Clip::ALL,
            tz,
            layout.lang,
        );
        let mut svg = parts.root.clone();
        svg.children.extend(parts.layers().map(Node::El));
        svg
    } else {
        body(trace, layout, &View::complete())
    };
    framed(layout, title, tz, body, true)
}

/// [`figure`] without its stylesheet, for a page that links `diagram.css` itself (the
/// figure worker's first figure). It draws every segment and never needs the zoomed-out
/// figure's code, so a build that calls only this leaves that code out.
pub fn figure_unstyled(trace: &Trace, layout: &Layout, title: &str) -> El {
    framed(
        layout,
        title,
        1.0,
        body(trace, layout, &View::complete()),
        false,
    )
}

/// The standalone figure around a body drawn at time zoom `tz`: the title, the stylesheets
/// when `styled`, the heads and the body.
fn framed(layout: &Layout, title: &str, tz: f32, body: El, styled: bool) -> El {
    let head = heads(layout);
    let (w, hh) = (layout.width, layout.head_height);
    let total_h = hh + layout.height * tz.min(1.0);
    let mut svg = El::new("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr(
            "class",
            // The narrow figure's type sizes (diagram.css) hang on `wt-compact`.
            if layout.compact {
                "wt wt-figure wt-compact"
            } else {
                "wt wt-figure"
            },
        )
        .attr("viewBox", format!("0 0 {} {}", n(w), n(total_h)))
        .attr("width", n(w))
        .attr("height", n(total_h))
        .attr("role", "img")
        .child(El::new("title").text(title.to_owned()));
    if styled {
        svg = svg.child(El::new("style").text(crate::svg::STYLE));
        if tz < 1.0 {
            svg = svg.child(El::new("style").text(crate::svg::STYLE_ZOOMED));
        }
    }
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
        // Each pill sits on the now-line, over the label of the state that began there.
        let line_y: f32 = svg
            .walk()
            .into_iter()
            .find(|e| e.get("class") == Some("wt-now-line"))
            .and_then(|e| e.get("d"))
            .and_then(|d| d.split(['M', ' ', 'H']).nth(2).map(str::to_owned))
            .and_then(|y| y.parse().ok())
            .expect("the now-line");
        let rects: Vec<f32> = svg
            .walk()
            .into_iter()
            .filter(|e| e.get("class").is_some_and(|c| c.starts_with("wt-pill")))
            .filter_map(|g| match g.children.first() {
                Some(Node::El(r)) => r.get("y")?.parse().ok(),
                _ => None,
            })
            .collect();
        assert_eq!(rects.len(), 2);
        for y in rects {
            assert!(
                (y + 9.0 - line_y).abs() < 0.01,
                "pill at {y}, line at {line_y}"
            );
        }
        let established = l
            .state_labels
            .iter()
            .filter(|s| s.state == State::Established)
            .map(|s| s.at.y)
            .collect::<Vec<_>>();
        assert!(
            established.iter().any(|&y| (y - line_y).abs() < 0.01),
            "a label at the line to cover: {established:?}, line {line_y}"
        );
    }

    #[test]
    fn a_window_of_the_body_is_the_whole_body_cut_to_its_rows() {
        let view = |shown: usize, travel: bool, hide_future: bool| View {
            shown,
            timers: true,
            travel,
            playhead: true,
            hide_future,
        };
        // The ids of a layer's groups (segments, events), and the classes of everything.
        fn items(els: &[El]) -> Vec<(String, String)> {
            els.iter()
                .flat_map(|e| e.walk())
                .filter_map(|e| {
                    let id = e
                        .get("data-segment-id")
                        .or(e.get("data-event-id"))
                        .or(e.key.as_deref())?;
                    Some((id.to_owned(), e.get("class").unwrap_or("").to_owned()))
                })
                .collect()
        }
        for t in [
            browse(),
            lossy(),
            wiretrace_core::scenario::run_with("heartbeat", &[]).unwrap(),
            wiretrace_core::scenario::run_with("big-response", &[("body_bytes", "300000")])
                .unwrap(),
        ] {
            let l = layout(&t, &Options::default());
            let story = Story::new(&t);
            let total = t.segments.len();
            for (shown, travel, hide) in [(0, false, true), (3, true, false), (total, false, false)]
            {
                let v = view(shown, travel, hide);
                let all = body_parts(&t, &l, &story, &v, &Clip::ALL);
                assert_eq!(
                    all.clone().layers().collect::<Vec<_>>(),
                    body(&t, &l, &v)
                        .children
                        .iter()
                        .filter_map(|c| match c {
                            Node::El(e) => Some(e.clone()),
                            Node::Text(_) => None,
                        })
                        .collect::<Vec<_>>(),
                    "the whole body is its layers"
                );
                let whole = items(&all.clone().layers().collect::<Vec<_>>());
                for (y0, y1) in [
                    (0.0, 300.0),
                    (l.height / 2.0, l.height / 2.0 + 500.0),
                    (l.height - 200.0, l.height),
                ] {
                    let clip = Clip::rows(y0, y1);
                    let part = items(
                        &body_parts(&t, &l, &story, &v, &clip)
                            .layers()
                            .collect::<Vec<_>>(),
                    );
                    // Everything drawn is drawn as in the whole body...
                    for it in &part {
                        assert!(whole.contains(it), "{it:?} not in the whole body");
                    }
                    // ...and every arrow that crosses the rows is drawn.
                    for a in &l.arrows {
                        let ys: Vec<f32> = l.points(a).iter().map(|p| p.y).collect();
                        let (lo, hi) = ys
                            .iter()
                            .fold((f32::MAX, f32::MIN), |(lo, hi), &y| (lo.min(y), hi.max(y)));
                        if hi >= y0 && lo <= y1 {
                            let id = a.segment.to_string();
                            assert!(
                                part.iter().any(|(k, _)| *k == id),
                                "arrow {id} crosses {y0}..{y1}"
                            );
                        }
                    }
                }
                let far = body_parts(
                    &t,
                    &l,
                    &story,
                    &v,
                    &Clip::rows(l.height + 1000.0, l.height + 2000.0),
                );
                assert!(
                    items(&far.clone().layers().collect::<Vec<_>>())
                        .iter()
                        .all(|(k, _)| !k.starts_with("seg") && k.parse::<u32>().is_err()),
                    "nothing below the figure"
                );
            }
        }
    }

    /// Columns: a figure of several lifelines (clients on two hosts, one server) cut to the
    /// columns of the first draws a part of the whole body: every arrow that reaches those
    /// columns, and the lifelines and state pills there only.
    #[test]
    fn a_window_of_the_body_cut_to_its_columns_keeps_what_reaches_them() {
        let t = wiretrace_core::scenario::run_with("multi-client", &[]).unwrap();
        let l = layout(&t, &Options::default());
        assert!(l.lanes.len() >= 3, "{} lanes", l.lanes.len());
        let story = Story::new(&t);
        let v = View {
            shown: t.segments.len() / 2,
            timers: true,
            travel: false,
            playhead: true,
            hide_future: false,
        };
        // The leaves (elements holding only text, or nothing but not groups), as written.
        let strings = |p: BodyParts| -> Vec<String> {
            p.layers()
                .flat_map(|e| {
                    e.walk()
                        .into_iter()
                        .filter(|e| {
                            !e.children.is_empty()
                                && e.children.iter().all(|c| matches!(c, Node::Text(_)))
                                || e.children.is_empty() && e.tag != "g"
                        })
                        .map(|e| format!("{e:?}"))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let whole = strings(body_parts(&t, &l, &story, &v, &Clip::ALL));
        let (x0, x1) = (l.lanes[0].x - 50.0, l.lanes[0].x + 50.0);
        let clip = Clip {
            x0,
            x1,
            ..Clip::ALL
        };
        let part = body_parts(&t, &l, &story, &v, &clip);
        let keys: Vec<String> = part
            .clone()
            .layers()
            .flat_map(|e| {
                e.walk()
                    .into_iter()
                    .filter_map(|e| e.key.clone())
                    .collect::<Vec<_>>()
            })
            .collect();
        let ids: Vec<String> = part
            .clone()
            .layers()
            .flat_map(|e| {
                e.walk()
                    .into_iter()
                    .filter_map(|e| e.get("data-segment-id").map(str::to_owned))
                    .collect::<Vec<_>>()
            })
            .collect();
        let drawn = strings(part);
        assert!(
            drawn.len() < whole.len(),
            "{} of {}",
            drawn.len(),
            whole.len()
        );
        for it in &drawn {
            assert!(whole.contains(it), "{it} not in the whole body");
        }
        for a in &l.arrows {
            let xs: Vec<f32> = l.points(a).iter().map(|p| p.x).collect();
            let (lo, hi) = xs
                .iter()
                .fold((f32::MAX, f32::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            if hi >= x0 && lo <= x1 {
                let id = a.segment.to_string();
                assert!(ids.contains(&id), "arrow {id} reaches the columns");
            }
        }
        for lane in &l.lanes {
            let key = format!("life-{}", lane.endpoint);
            let near = lane.x >= x0 && lane.x <= x1;
            assert_eq!(keys.contains(&key), near, "{key} at x {}", lane.x);
            if lane.x > x1 + LANE_REACH {
                assert!(!drawn
                    .iter()
                    .any(|d| d.contains("wt-pill") && d.contains(&n(lane.x + 10.0))));
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
