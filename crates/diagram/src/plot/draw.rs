//! A [`Plot`] as a scene ([`El`]): axes with round ticks, the bars and series as one path
//! per kind, a legend that names every mark (lines differ by dash pattern as well as
//! colour). [`Geom`] maps time to x and back, for the page's playhead and clicks.

use wiretrace_core::trace::Trace;

use super::{BarKind, Plot, PlotKind, Point, Shape, Unit};
use crate::scene::{n, El};
use crate::texts::{self, t, tf};
use crate::{fmt_duration, fmt_time_short};

/// The plot's stylesheet (the page links the same file).
pub const STYLE: &str = include_str!("plot.css");

/// Width of a plot, in px (the page scales it to its box).
pub const WIDTH: f32 = 880.0;
/// Height of a plot, in px.
pub const HEIGHT: f32 = 340.0;
const LEFT: f32 = 78.0;
const RIGHT: f32 = 18.0;
const TOP: f32 = 58.0;
const BOTTOM: f32 = 44.0;

/// How a legend entry shows its mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Bar,
    Line,
    Dot,
}

/// Where time and values go on a plot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geom {
    /// Left and right of the plotting area, px.
    pub x: (f32, f32),
    /// Top and bottom of the plotting area, px.
    pub y: (f32, f32),
    /// The time range, µs (absolute).
    pub t: (u64, u64),
    /// The value range.
    pub v: (f64, f64),
}

impl Geom {
    /// The geometry of a plot.
    pub fn of(plot: &Plot) -> Geom {
        Geom {
            x: (LEFT, WIDTH - RIGHT),
            y: (TOP, HEIGHT - BOTTOM),
            t: plot.x,
            v: plot.y,
        }
    }

    /// The x of a time.
    pub fn x_of(&self, us: u64) -> f32 {
        let span = self.t.1.saturating_sub(self.t.0).max(1) as f64;
        let f = (us.saturating_sub(self.t.0)) as f64 / span;
        self.x.0 + (f.clamp(0.0, 1.0) as f32) * (self.x.1 - self.x.0)
    }

    /// The time at an x (clamped to the range).
    pub fn us_of(&self, x: f32) -> u64 {
        let f = ((x - self.x.0) / (self.x.1 - self.x.0)).clamp(0.0, 1.0) as f64;
        self.t.0 + (f * self.t.1.saturating_sub(self.t.0) as f64).round() as u64
    }

    /// The y of a value.
    pub fn y_of(&self, v: f64) -> f32 {
        let span = (self.v.1 - self.v.0).max(f64::MIN_POSITIVE);
        let f = ((v - self.v.0) / span).clamp(0.0, 1.0);
        self.y.1 - (f as f32) * (self.y.1 - self.y.0)
    }
}

/// Round tick values covering `lo..=hi`, about `want` of them (steps of 1, 2 or 5 times a
/// power of ten).
pub fn ticks(lo: f64, hi: f64, want: usize) -> Vec<f64> {
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let raw = span / want.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A value as a tick label, with `decimals` digits at most after the point of its
/// k/M/G unit.
fn value_label(unit: Unit, v: f64, decimals: usize) -> String {
    let short = |v: f64, suffix: &str| {
        let (div, p) = if v >= 1e9 {
            (1e9, "G")
        } else if v >= 1e6 {
            (1e6, "M")
        } else if v >= 1e3 {
            (1e3, "k")
        } else {
            (1.0, "")
        };
        let s = format!("{:.*}", decimals, v / div);
        let s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
        format!("{s}{p}{suffix}")
    };
    match unit {
        Unit::Seq => short(v, ""),
        Unit::Bytes => short(v, "B"),
        Unit::Time => fmt_time_short(v.max(0.0) as u64),
        Unit::Rate => short(v, "bit/s"),
    }
}

/// A time as a tick label, to `step` µs (ticks closer than the short form tells apart:
/// a zoomed plot).
fn time_label(us: u64, step: f64) -> String {
    let (div, unit) = if us >= 1_000_000 {
        (1e6, "s")
    } else if us >= 1_000 {
        (1e3, "ms")
    } else {
        (1.0, "µs")
    };
    let decimals = (div / step.max(1.0)).log10().ceil().clamp(0.0, 6.0) as usize;
    let s = format!("{:.*}", decimals, us as f64 / div);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    format!("{s}{unit}")
}

/// Tick labels: the short form where it names every tick exactly (the step is no finer
/// than the short form's last digit at the largest tick, `grain`), else `precise`.
fn labels(
    ticks: &[f64],
    step: f64,
    grain: impl Fn(f64) -> f64,
    short: impl Fn(f64) -> String,
    precise: impl Fn(f64) -> String,
) -> Vec<String> {
    let largest = ticks.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let exact = step >= grain(largest) * (1.0 - 1e-9);
    ticks
        .iter()
        .map(|&v| if exact { short(v) } else { precise(v) })
        .collect()
}

/// The last digit of [`fmt_time_short`] at a time, µs.
fn time_grain(us: f64) -> f64 {
    match us {
        u if u < 1e3 => 1.0,
        u if u < 1e5 => 100.0,
        u if u < 1e6 => 1e3,
        u if u < 1e7 => 1e4,
        u if u < 6e7 => 1e5,
        u if u < 3.6e9 => 1e6,
        _ => 6e7,
    }
}

/// The last digit of [`value_label`] with three decimals at a value.
fn value_grain(v: f64) -> f64 {
    [1e9, 1e6, 1e3].into_iter().find(|d| v >= *d).unwrap_or(1.0) / 1e3
}

/// The path of a series: steps hold their value until the next point; dots are small
/// circles; a `None` value breaks the line.
fn series_path(g: &Geom, shape: Shape, points: &[Point]) -> String {
    let mut d = String::new();
    let mut last: Option<(f32, f32)> = None;
    for (at, v) in points.iter().map(|p| (p.t, p.value())) {
        let x = g.x_of(at);
        match (v, shape) {
            (None, _) => last = None,
            (Some(v), Shape::Dots) => {
                let y = g.y_of(v);
                d.push_str(&format!(
                    "M{} {}m-2.5 0a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0",
                    n(x),
                    n(y)
                ));
            }
            (Some(v), Shape::Step) => {
                let y = g.y_of(v);
                match last {
                    None => d.push_str(&format!("M{} {}", n(x), n(y))),
                    Some((_, py)) if py == y => d.push_str(&format!("H{}", n(x))),
                    Some(_) => d.push_str(&format!("H{}V{}", n(x), n(y))),
                }
                last = Some((x, y));
            }
        }
    }
    // A step line holds its last value to the end of the run.
    if let (Some(_), Shape::Step) = (last, shape) {
        d.push_str(&format!("H{}", n(g.x.1)));
    }
    d
}

/// The bars of one kind as one path: an I-bar per bar (caps at both ends), a cross on top
/// for a loss.
fn bars_path(g: &Geom, plot: &Plot, kind: BarKind) -> String {
    let mut d = String::new();
    for b in plot.bars.iter().filter(|b| b.kind == kind) {
        let x = g.x_of(b.x);
        let (y0, y1) = (g.y_of(b.y0), g.y_of(b.y1));
        let y1 = if (y0 - y1).abs() < 1.0 { y0 - 1.0 } else { y1 };
        d.push_str(&format!("M{} {}V{}", n(x), n(y0), n(y1)));
        match kind {
            BarKind::Lost => d.push_str(&format!("M{} {}l6 6m0-6l-6 6", n(x - 3.0), n(y1 - 3.0))),
            BarKind::Sack => {}
            _ => d.push_str(&format!(
                "M{} {}h4M{} {}h4",
                n(x - 2.0),
                n(y0),
                n(x - 2.0),
                n(y1)
            )),
        }
    }
    d
}

/// The title of a plot.
pub fn title(trace: &Trace, plot: &Plot) -> String {
    let lang = plot.lang;
    let sender = texts::endpoint_name(trace, &plot.subject.sender, lang);
    let receiver = texts::endpoint_name(trace, &plot.subject.receiver, lang);
    let key = match plot.kind {
        PlotKind::Sequence => "plot.title.sequence",
        PlotKind::Cwnd => "plot.title.cwnd",
        PlotKind::Rtt => "plot.title.rtt",
        PlotKind::Throughput => "plot.title.throughput",
    };
    let conn = plot.subject.conn.to_string();
    tf(
        lang,
        key,
        &[
            ("sender", &sender),
            ("receiver", &receiver),
            ("conn", &conn),
        ],
    )
}

/// The plot's marks, axes and legend (no title element or stylesheet: the page's figure).
pub fn figure(trace: &Trace, plot: &Plot) -> El {
    let g = Geom::of(plot);
    let svg = El::new("svg")
        .attr("class", "wp")
        .attr("viewBox", format!("0 0 {} {}", n(WIDTH), n(HEIGHT)))
        .attr("data-plot", plot.kind.name())
        .attr("data-conn", plot.subject.conn.to_string())
        .attr("data-start", plot.t0.to_string())
        .attr("data-t0", plot.x.0.to_string())
        .attr("data-t1", plot.x.1.to_string())
        .child(
            El::new("rect")
                .attr("class", "wp-bg")
                .attr("width", n(WIDTH))
                .attr("height", n(HEIGHT)),
        )
        .child(
            El::new("text")
                .attr("class", "wp-title")
                .attr("x", n(LEFT))
                .attr("y", "20")
                .text(title(trace, plot)),
        )
        .child(axes(&g, plot));
    let (marks, entries) = marks(&g, plot);
    svg.child(marks).child(legend(&g, plot, &entries))
}

/// A tick on an axis: where (a time from the connection's start, or a value) and its label.
struct Tick {
    at: f64,
    label: String,
}

/// The time axis's ticks, counted from the connection's start whatever part of it is drawn.
fn time_ticks(plot: &Plot) -> Vec<Tick> {
    let rel = (
        plot.x.0.saturating_sub(plot.t0) as f64,
        plot.x.1.saturating_sub(plot.t0) as f64,
    );
    // Ticks a whole microsecond apart at least (a range of a few µs has fewer).
    let want = ((rel.1 - rel.0) as usize).clamp(1, 8);
    let xs = ticks(rel.0, rel.1, want);
    let step = xs.get(1).zip(xs.first()).map_or(1.0, |(b, a)| b - a);
    let names = labels(
        &xs,
        step,
        time_grain,
        |v| fmt_time_short(v as u64),
        |v| time_label(v as u64, step),
    );
    xs.into_iter()
        .zip(names)
        .map(|(at, label)| Tick { at, label })
        .collect()
}

/// The value axis's ticks, labelled in the plot's unit (more digits when a zoomed range
/// needs them).
fn value_ticks(plot: &Plot) -> Vec<Tick> {
    let ys = ticks(plot.y.0, plot.y.1, 5);
    let step = ys.get(1).zip(ys.first()).map_or(1.0, |(b, a)| b - a);
    let grain = |v: f64| match plot.unit {
        Unit::Time => time_grain(v),
        _ => value_grain(v),
    };
    let names = labels(
        &ys,
        step,
        grain,
        |v| value_label(plot.unit, v, 3),
        |v| {
            let div = [1e9, 1e6, 1e3].into_iter().find(|d| v >= *d).unwrap_or(1.0);
            let decimals = (div / step.max(1e-9)).log10().ceil().clamp(3.0, 9.0) as usize;
            match plot.unit {
                Unit::Time => time_label(v.max(0.0) as u64, step),
                unit => value_label(unit, v, decimals),
            }
        },
    );
    ys.into_iter()
        .zip(names)
        .map(|(at, label)| Tick { at, label })
        .collect()
}

/// The grid, the ticks, the frame and the two axis titles.
fn axes(g: &Geom, plot: &Plot) -> El {
    let mut grid = El::new("g").attr("class", "wp-axes");
    for tick in time_ticks(plot) {
        let x = g.x_of(plot.t0 + tick.at as u64);
        grid = grid
            .child(
                El::new("path")
                    .attr("class", "wp-grid")
                    .attr("d", format!("M{} {}V{}", n(x), n(g.y.0), n(g.y.1))),
            )
            .child(
                El::new("text")
                    .attr("class", "wp-tick wp-tick-x")
                    .attr("x", n(x))
                    .attr("y", n(g.y.1 + 16.0))
                    .text(tick.label),
            );
    }
    for tick in value_ticks(plot) {
        let y = g.y_of(tick.at);
        grid = grid
            .child(
                El::new("path")
                    .attr("class", "wp-grid")
                    .attr("d", format!("M{} {}H{}", n(g.x.0), n(y), n(g.x.1))),
            )
            .child(
                El::new("text")
                    .attr("class", "wp-tick wp-tick-y")
                    .attr("x", n(g.x.0 - 6.0))
                    .attr("y", n(y + 4.0))
                    .text(tick.label),
            );
    }
    let axis_y = match plot.unit {
        Unit::Seq => "plot.axis.seq",
        Unit::Bytes => "plot.axis.bytes",
        Unit::Time => "plot.axis.rtt",
        Unit::Rate => "plot.axis.rate",
    };
    grid.child(El::new("path").attr("class", "wp-frame").attr(
        "d",
        format!("M{} {}V{}H{}", n(g.x.0), n(g.y.0), n(g.y.1), n(g.x.1)),
    ))
    .child(
        El::new("text")
            .attr("class", "wp-axis-title")
            .attr("x", n((g.x.0 + g.x.1) / 2.0))
            .attr("y", n(HEIGHT - 8.0))
            .text(t(plot.lang, "plot.axis.time")),
    )
    .child(
        El::new("text")
            .attr("class", "wp-axis-title wp-axis-y")
            .attr(
                "transform",
                format!("translate(14 {}) rotate(-90)", n((g.y.0 + g.y.1) / 2.0)),
            )
            .text(t(plot.lang, axis_y)),
    )
}

/// What the legend names: one entry per mark drawn, in drawing order.
struct LegendEntry {
    /// The message key of its name.
    key: &'static str,
    /// The class of its mark (colour and dash).
    class: &'static str,
    /// How its swatch is drawn.
    mark: Mark,
    /// A line's highest value when that is above the plot's top, where the line runs
    /// along the top edge (a large scaled window, an RTO at its 1 s floor): the plot says
    /// it.
    above: Option<f64>,
}

/// The bars (first) and the series (over them), each kind as one path, with the legend
/// entries of what was drawn (none: the plot is empty).
fn marks(g: &Geom, plot: &Plot) -> (El, Vec<LegendEntry>) {
    let mut marks = El::new("g").attr("class", "wp-marks");
    let mut entries = Vec::new();
    for kind in [
        BarKind::Data,
        BarKind::Sack,
        BarKind::Retransmission,
        BarKind::Lost,
    ] {
        if plot.bars.iter().any(|b| b.kind == kind) {
            marks = marks.child(
                El::new("path")
                    .attr("class", format!("wp-bars {}", kind.class()))
                    .attr("d", bars_path(g, plot, kind)),
            );
            entries.push(LegendEntry {
                key: kind.key(),
                class: kind.class(),
                mark: Mark::Bar,
                above: None,
            });
        }
    }
    for s in &plot.series {
        if s.points.iter().all(|p| p.value().is_none()) {
            continue;
        }
        let (class, mark) = match s.shape {
            Shape::Step => ("wp-line", Mark::Line),
            Shape::Dots => ("wp-dots", Mark::Dot),
        };
        marks = marks.child(
            El::new("path")
                .attr("class", format!("{class} {}", s.class))
                .attr("d", series_path(g, s.shape, &s.points)),
        );
        let high = s
            .points
            .iter()
            .filter_map(|p| p.value())
            .fold(f64::MIN, f64::max);
        entries.push(LegendEntry {
            key: s.key,
            class: s.class,
            mark,
            above: (high > g.v.1).then_some(high),
        });
    }
    (marks, entries)
}

/// A legend entry's swatch at `x`: its shape's class and path (the mark's own shape and
/// dash, in the legend's row).
fn swatch(entry: &LegendEntry, x: f32) -> (&'static str, String) {
    match entry.mark {
        Mark::Dot => (
            "wp-dots",
            format!(
                "M{} 38m-2.5 0a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0",
                n(x + 9.0)
            ),
        ),
        Mark::Bar if entry.class == "wp-lost" => (
            "wp-bars",
            format!("M{} 32V44M{} 29l6 6m0-6l-6 6", n(x + 9.0), n(x + 6.0)),
        ),
        Mark::Bar => (
            "wp-bars",
            format!(
                "M{} 32V44M{} 32h4M{} 44h4",
                n(x + 9.0),
                n(x + 7.0),
                n(x + 7.0)
            ),
        ),
        Mark::Line => ("wp-line", format!("M{} 38h18", n(x))),
    }
}

/// The room a legend entry takes: swatch and gap, and the name at an estimated 7 px a
/// character (wide characters, as in Chinese, 1.8 times that).
fn legend_width(name: &str) -> f32 {
    34.0 + 7.0
        * name
            .chars()
            .map(|c| if c.is_ascii() { 1.0 } else { 1.8 })
            .sum::<f32>()
}

/// The legend: a swatch and a name per entry, left to right; the notes that the values
/// are inferred or that nothing is in view.
fn legend(g: &Geom, plot: &Plot, entries: &[LegendEntry]) -> El {
    let lang = plot.lang;
    let mut key = El::new("g").attr("class", "wp-legend");
    let mut x = LEFT;
    for entry in entries {
        let (shape, d) = swatch(entry, x);
        let name = t(lang, entry.key);
        // A line above the top runs along it: said in the plot's top left corner, under
        // that line (the curves start low there), with its highest value.
        if let Some(high) = entry.above {
            key = key.child(
                El::new("text")
                    .attr("class", "wp-note wp-above")
                    .attr("x", n(g.x.0 + 6.0))
                    .attr("y", n(g.y.0 + 14.0))
                    .text(tf(
                        lang,
                        "plot.above",
                        &[("name", name), ("high", &value_label(plot.unit, high, 2))],
                    )),
            );
        }
        key = key
            .child(
                El::new("path")
                    .attr("class", format!("{shape} {}", entry.class))
                    .attr("d", d),
            )
            .child(
                El::new("text")
                    .attr("class", "wp-legend-name")
                    .attr("x", n(x + 22.0))
                    .attr("y", "42")
                    .text(name.to_owned()),
            );
        x += legend_width(name);
    }
    if plot.inferred {
        key = key.child(
            El::new("text")
                .attr("class", "wp-note")
                .attr("x", n(WIDTH - RIGHT))
                .attr("y", "20")
                .text(t(lang, "plot.inferred")),
        );
    }
    if entries.is_empty() {
        key = key.child(
            El::new("text")
                .attr("class", "wp-note wp-empty")
                .attr("x", n((g.x.0 + g.x.1) / 2.0))
                .attr("y", n((g.y.0 + g.y.1) / 2.0))
                .text(t(lang, "plot.empty")),
        );
    }
    key
}

/// The plot as a standalone figure: size, title and stylesheet.
pub fn standalone(trace: &Trace, plot: &Plot) -> El {
    let mut svg = figure(trace, plot);
    svg.attrs
        .insert(0, ("xmlns", "http://www.w3.org/2000/svg".to_owned()));
    svg.attrs.push(("width", n(WIDTH)));
    svg.attrs.push(("height", n(HEIGHT)));
    svg.attrs.push(("role", "img".to_owned()));
    let head = vec![
        crate::scene::Node::El(El::new("title").text(title(trace, plot))),
        crate::scene::Node::El(El::new("style").text(STYLE)),
    ];
    svg.children.splice(0..0, head);
    svg
}

/// The playhead at time `us` (the page draws it over the figure); nothing when the plot
/// shows another part of the run.
pub fn playhead(plot: &Plot, us: u64) -> El {
    let g = Geom::of(plot);
    let group = El::new("g").attr("class", "wp-playhead");
    if !(plot.x.0..=plot.x.1).contains(&us) {
        return group;
    }
    let x = g.x_of(us);
    group
        .child(El::new("path").attr("d", format!("M{} {}V{}", n(x), n(g.y.0), n(g.y.1))))
        .child(
            El::new("text")
                .attr("x", n(x + 4.0))
                .attr("y", n(g.y.0 + 12.0))
                .text(fmt_duration(us.saturating_sub(plot.t0))),
        )
}
