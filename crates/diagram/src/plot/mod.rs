//! Plots of one TCP connection over time, from the Trace alone, in step with the diagram:
//!
//! - [`PlotKind::Sequence`]: the time-sequence graph of one direction (Stevens, tcptrace,
//!   Wireshark's "Stevens"/"tcptrace" graphs): data segments as I-bars from their first to
//!   their last sequence number, retransmissions and losses marked, the ACK line, the
//!   receive window's right edge (ACK + window), SACK blocks;
//! - [`PlotKind::Cwnd`]: the sender's cwnd, ssthresh, bytes in flight and the peer's window
//!   (`Trace::tcb`; for a capture, bytes in flight as seen on the wire);
//! - [`PlotKind::Rtt`]: RTT samples (an ACK of a segment sent once, Karn's rule), SRTT and
//!   RTO;
//! - [`PlotKind::Throughput`]: goodput, the bytes the receiver acknowledged per time bin.
//!
//! [`build`] makes the data (binned: at most [`BINS`] columns of marks, so a plot of a
//! million segments draws in a few thousand elements); [`draw::figure`] draws it as a
//! [`crate::scene::El`] tree, which the page turns into Yew nodes and [`export`] into a
//! standalone SVG file, as the sequence diagram is.

pub mod draw;

use std::collections::HashMap;

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{
    Analysis, Fate, Flag, Proto, Segment, TcbLog, TcbSample, TcbVar, Trace,
};

use crate::numbers::seq_space;

/// Columns a plot's marks are binned into, at most.
pub const BINS: usize = 1_200;

/// What a plot shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlotKind {
    /// Sequence numbers over time: data, ACKs, window, SACK.
    Sequence,
    /// cwnd, ssthresh, bytes in flight and the peer's window over time.
    Cwnd,
    /// RTT samples, SRTT and RTO over time.
    Rtt,
    /// Goodput over time.
    Throughput,
}

impl PlotKind {
    /// Every plot, in the order the page lists them.
    pub const ALL: [PlotKind; 4] = [
        PlotKind::Sequence,
        PlotKind::Cwnd,
        PlotKind::Rtt,
        PlotKind::Throughput,
    ];

    /// Its name on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            PlotKind::Sequence => "sequence",
            PlotKind::Cwnd => "cwnd",
            PlotKind::Rtt => "rtt",
            PlotKind::Throughput => "throughput",
        }
    }

    /// The plot of a name.
    pub fn from_name(name: &str) -> Option<PlotKind> {
        PlotKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// Why there is no plot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlotError {
    /// The Trace has no TCP connection.
    NoTcp,
    /// The connection asked for does not exist or is not TCP.
    NoSuchConnection(u32),
    /// The time range asked for (µs from the connection's start) misses the connection,
    /// which lasts `lasts` µs.
    OutOfRange {
        /// The range asked for.
        range: (u64, u64),
        /// The connection's time on the plot.
        lasts: u64,
    },
}

impl std::fmt::Display for PlotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlotError::NoTcp => f.write_str("the trace has no TCP connection to plot"),
            PlotError::NoSuchConnection(c) => write!(f, "there is no TCP connection {c}"),
            PlotError::OutOfRange { range, lasts } => write!(
                f,
                "the time range {}..{} ms misses the connection, which is plotted from 0 to {} ms",
                range.0 as f64 / 1e3,
                range.1 as f64 / 1e3,
                *lasts as f64 / 1e3
            ),
        }
    }
}

/// The direction a plot is about: `sender`'s data to `receiver` in connection `conn`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// The connection.
    pub conn: u32,
    /// Endpoint id of the side whose data is plotted.
    pub sender: String,
    /// Endpoint id of the other side.
    pub receiver: String,
}

/// The connection to plot (`conn`, else the TCP connection that carried the most data) and
/// its direction (the side that sent more data; the client when neither sent any).
pub fn subject(trace: &Trace, conn: Option<u32>) -> Result<Subject, PlotError> {
    PlotIndex::new(trace).subject(trace, conn)
}

/// What every plot of a trace looks up, found in one pass: each connection's segments and
/// TCB samples (indexes, in order) and the busiest TCP connection. A page that plots the
/// step's connection keeps one, so a step onto another connection reads only that
/// connection's segments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlotIndex {
    segments: Vec<Vec<u32>>,
    /// Per connection, the blocks of `Trace::tcb` that hold its samples ([`TcbLog::block`]).
    tcb: Vec<Vec<u32>>,
    busiest: Option<u32>,
}

impl PlotIndex {
    /// The index of a trace.
    pub fn new(trace: &Trace) -> PlotIndex {
        let n = trace.connections.len();
        // Each connection's list made its size at once (no spare room, no copy as it grows).
        let mut counts = vec![0usize; n];
        for s in &trace.segments {
            if let Some(c) = counts.get_mut(s.conn as usize) {
                *c += 1;
            }
        }
        let mut segments: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
        let mut bytes = vec![0u64; n];
        for (i, s) in trace.segments.iter().enumerate() {
            if let Some(list) = segments.get_mut(s.conn as usize) {
                list.push(i as u32);
                if s.proto == Proto::Tcp {
                    bytes[s.conn as usize] += u64::from(s.len);
                }
            }
        }
        let mut tcb = vec![Vec::new(); n];
        for (i, s) in trace.tcb.heads().enumerate() {
            let block = (i / TcbLog::BLOCK) as u32;
            if let Some(list) = tcb.get_mut(s.conn as usize) {
                if list.last() != Some(&block) {
                    list.push(block);
                }
            }
        }
        let busiest = (0..n as u32)
            .filter(|&c| trace.connections[c as usize].proto == Proto::Tcp)
            .max_by_key(|&c| (bytes[c as usize], std::cmp::Reverse(c)));
        PlotIndex {
            segments,
            tcb,
            busiest,
        }
    }

    /// Connection `conn`'s segments, in order.
    fn segments_of<'a>(
        &'a self,
        trace: &'a Trace,
        conn: u32,
    ) -> impl Iterator<Item = &'a Segment> + Clone {
        self.segments
            .get(conn as usize)
            .into_iter()
            .flatten()
            .map(move |&i| &trace.segments[i as usize])
    }

    /// The TCP connection that carried the most data: what a plot of no connection in
    /// particular plots.
    pub fn busiest(&self) -> Option<u32> {
        self.busiest
    }

    /// See [`subject`].
    pub fn subject(&self, trace: &Trace, conn: Option<u32>) -> Result<Subject, PlotError> {
        let tcp = |c: u32| {
            trace
                .connections
                .get(c as usize)
                .is_some_and(|k| k.proto == Proto::Tcp)
        };
        let conn = match conn {
            Some(c) if tcp(c) => c,
            Some(c) => return Err(PlotError::NoSuchConnection(c)),
            None => self.busiest.ok_or(PlotError::NoTcp)?,
        };
        let c = &trace.connections[conn as usize];
        let (client, server) = (c.client_endpoint.clone(), c.server_endpoint.clone());
        // What each side sent, in one pass over the connection's segments.
        let (mut by_client, mut by_server) = (0u64, 0u64);
        for s in self.segments_of(trace, conn) {
            if s.proto != Proto::Tcp {
                continue;
            }
            if s.from == client {
                by_client += u64::from(s.len);
            }
            if s.from == server {
                by_server += u64::from(s.len);
            }
        }
        Ok(if by_server > by_client {
            Subject {
                conn,
                sender: server,
                receiver: client,
            }
        } else {
            Subject {
                conn,
                sender: client,
                receiver: server,
            }
        })
    }
}

/// What a value on the y axis is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A sequence number relative to the sender's ISN (bytes).
    Seq,
    /// Bytes.
    Bytes,
    /// Microseconds.
    Time,
    /// Bits per second.
    Rate,
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Holds its value until the next point.
    Step,
    /// A dot per point.
    Dots,
}

/// A point of a series: a time (µs) and a value, or a break in the line. 16 bytes: a
/// break is a NaN value, where `(u64, Option<f64>)` took 24 (a long run's plot holds two
/// points per ACK).
#[derive(Clone, Copy, Debug)]
pub struct Point {
    /// Time, µs.
    pub t: u64,
    v: f64,
}

impl Point {
    /// A point at `t` of value `v`, or a break (`None`).
    pub fn new(t: u64, v: Option<f64>) -> Point {
        Point {
            t,
            v: v.unwrap_or(f64::NAN),
        }
    }

    /// Its value; `None` for a break.
    pub fn value(self) -> Option<f64> {
        (!self.v.is_nan()).then_some(self.v)
    }
}

impl PartialEq for Point {
    fn eq(&self, other: &Point) -> bool {
        self.t == other.t && self.value() == other.value()
    }
}

/// One series: its legend key (`plot.series.*`), CSS class, shape and points, in time
/// order; a break ([`Point::value`] `None`) breaks the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The key of its name in the figure's texts.
    pub key: &'static str,
    /// Its CSS class (`wp-cwnd`...).
    pub class: &'static str,
    /// Its shape.
    pub shape: Shape,
    /// Its points.
    pub points: Vec<Point>,
}

/// A vertical bar from `y0` to `y1` at time `x` (a data segment, a SACK block, a bin).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    /// Time, µs.
    pub x: u64,
    /// Bottom.
    pub y0: f64,
    /// Top.
    pub y1: f64,
    /// What it is.
    pub kind: BarKind,
    /// Segments it stands for (more than 1 once binned).
    pub count: u32,
}

/// What a bar is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BarKind {
    /// Data sent the first time.
    Data,
    /// A SACK block the receiver reported.
    Sack,
    /// Data sent again.
    Retransmission,
    /// Data lost on the way.
    Lost,
}

impl BarKind {
    /// Its CSS class and legend key.
    pub fn class(self) -> &'static str {
        match self {
            BarKind::Data => "wp-data",
            BarKind::Sack => "wp-sack",
            BarKind::Retransmission => "wp-rtx",
            BarKind::Lost => "wp-lost",
        }
    }

    /// The key of its name in the figure's texts.
    pub fn key(self) -> &'static str {
        match self {
            BarKind::Data => "plot.series.data",
            BarKind::Sack => "plot.series.sack",
            BarKind::Retransmission => "plot.series.retransmission",
            BarKind::Lost => "plot.series.lost",
        }
    }
}

/// A plot's data, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    /// What it shows.
    pub kind: PlotKind,
    /// Whose data.
    pub subject: Subject,
    /// The run's start (time 0 of the x axis), µs.
    pub t0: u64,
    /// The x range, µs (absolute).
    pub x: (u64, u64),
    /// The y range.
    pub y: (f64, f64),
    /// What y means.
    pub unit: Unit,
    /// Lines and dots.
    pub series: Vec<Series>,
    /// Bars (sequence graph), binned; in time order.
    pub bars: Vec<Bar>,
    /// True when the values are inferred from the segments (a capture), not the engine's.
    pub inferred: bool,
    /// The figure's language.
    pub lang: Lang,
}

/// The data of a plot of `trace` (connection `conn`, else the busiest), over the whole
/// connection: [`data`] drawn whole.
pub fn build(
    trace: &Trace,
    kind: PlotKind,
    conn: Option<u32>,
    lang: Lang,
) -> Result<Plot, PlotError> {
    Ok(data(trace, kind, conn, lang)?.window(None))
}

/// The data of a plot at full resolution: every bar and point, over the connection's
/// time, not yet binned and with no y range. [`Plot::window`] makes a drawable plot of it
/// for a time range (the page keeps this and draws the diagram's view from it).
pub fn data(
    trace: &Trace,
    kind: PlotKind,
    conn: Option<u32>,
    lang: Lang,
) -> Result<Plot, PlotError> {
    data_in(trace, &PlotIndex::new(trace), kind, conn, lang)
}

/// [`data`] with the trace's index at hand (`index` is `PlotIndex::new(trace)`).
pub fn data_in(
    trace: &Trace,
    index: &PlotIndex,
    kind: PlotKind,
    conn: Option<u32>,
    lang: Lang,
) -> Result<Plot, PlotError> {
    let subject = index.subject(trace, conn)?;
    // The connection's own time: from its first segment to the last one's arrival.
    let (mut first, mut last) = (None::<u64>, None::<u64>);
    for s in index.segments_of(trace, subject.conn) {
        let done = crate::layout::segment_done_us(s, trace.end_us);
        first = Some(first.map_or(s.sent_us, |f| f.min(s.sent_us)));
        last = Some(last.map_or(done, |l| l.max(done)));
    }
    let t0 = first.unwrap_or(0);
    let last = last.unwrap_or(t0);
    let end = last
        .saturating_add(last.saturating_sub(t0) / 50)
        .max(t0.saturating_add(1));
    let mut plot = Plot {
        kind,
        subject,
        t0,
        x: (t0, end),
        y: (0.0, 1.0),
        unit: Unit::Bytes,
        series: Vec::new(),
        bars: Vec::new(),
        inferred: false,
        lang,
    };
    let view = Direction::new(trace, index, &plot.subject);
    match kind {
        PlotKind::Sequence => sequence(&view, &mut plot),
        PlotKind::Cwnd => cwnd(&view, &mut plot),
        PlotKind::Rtt => rtt(&view, &mut plot),
        PlotKind::Throughput => throughput(&view, &mut plot),
    }
    // In time order (stable: each kind keeps its order), so a window finds its bars by
    // bisection.
    // A stable sort takes room for half the list before it looks: most runs' bars come
    // in order already (no SACK blocks), and then no room is taken.
    if !plot.bars.is_sorted_by_key(|b| b.x) {
        plot.bars.sort_by_key(|b| b.x);
    }
    Ok(plot)
}

impl Plot {
    /// The plot of the times `range` (absolute µs; `None`, or a range that misses the
    /// connection: all of it), ready to draw: what falls in the range, a step line's value
    /// carried in from its left, binned for the range, the y axis fitted to it. The time
    /// axis still counts from the connection's start ([`Plot::t0`]). `self` is the full
    /// data ([`data`]).
    pub fn window(&self, range: Option<(u64, u64)>) -> Plot {
        let clipped = range
            .map(|(a, b)| (a.max(self.x.0), b.min(self.x.1)))
            .filter(|(a, b)| b > a && (*a, *b) != self.x);
        let x = clipped.unwrap_or(self.x);
        // What falls in the range, borrowed from the full data: nothing is copied but what
        // is drawn (a plot of the whole of a long run reads its data in place).
        let bars = match clipped {
            None => &self.bars[..],
            Some((a, b)) => {
                let first = self.bars.partition_point(|bar| bar.x < a);
                let last = self.bars.partition_point(|bar| bar.x <= b);
                &self.bars[first..last.max(first)]
            }
        };
        let parts: Vec<Part> = self
            .series
            .iter()
            .map(|s| match clipped {
                None => Part {
                    carried: None,
                    points: &s.points,
                },
                Some(r) => Part::clip(&s.points, r, s.shape),
            })
            .collect();
        Plot {
            kind: self.kind,
            subject: self.subject.clone(),
            t0: self.t0,
            x,
            y: fit_y(self.kind, &self.series, &parts, bars, clipped.is_some()),
            unit: self.unit,
            series: self
                .series
                .iter()
                .zip(&parts)
                .map(|(s, part)| Series {
                    key: s.key,
                    class: s.class,
                    shape: s.shape,
                    points: decimate(part, x),
                })
                .collect(),
            bars: bin_bars(bars, x),
            inferred: self.inferred,
            lang: self.lang,
        }
    }
}

/// The points of a series within a time range, borrowed: a step line's value at the
/// range's start (its last point before) carried in as a point there, then the points in
/// the range.
#[derive(Clone, Copy)]
struct Part<'a> {
    carried: Option<Point>,
    points: &'a [Point],
}

impl<'a> Part<'a> {
    /// The points of a series within `a..=b`.
    fn clip(points: &'a [Point], (a, b): (u64, u64), shape: Shape) -> Part<'a> {
        let first = points.partition_point(|p| p.t < a);
        let last = points.partition_point(|p| p.t <= b);
        let before = first.checked_sub(1).and_then(|i| points[i].value());
        let carried = match (shape, before) {
            (Shape::Step, Some(v)) if points.get(first).is_none_or(|p| p.t > a) => {
                Some(Point::new(a, Some(v)))
            }
            _ => None,
        };
        Part {
            carried,
            points: &points[first..last.max(first)],
        }
    }

    fn len(&self) -> usize {
        usize::from(self.carried.is_some()) + self.points.len()
    }

    fn iter(&self) -> impl Iterator<Item = Point> + 'a {
        self.carried.into_iter().chain(self.points.iter().copied())
    }

    /// The known values, in order.
    fn values(&self) -> impl Iterator<Item = f64> + 'a {
        self.iter().filter_map(Point::value)
    }
}

/// The y range of a plot: from 0 to a little above its highest value (a peer's window or
/// an RTO far above the rest runs along the top edge instead). A window of a
/// time-sequence graph (`windowed`) fits its lowest value too: sequence numbers far from 0.
/// `parts` are the series' points in the window, `bars` its bars.
fn fit_y(
    kind: PlotKind,
    series: &[Series],
    parts: &[Part],
    bars: &[Bar],
    windowed: bool,
) -> (f64, f64) {
    // The known values of the series `keep` takes, in order, read in place.
    fn values<'a>(
        series: &'a [Series],
        parts: &'a [Part],
        keep: &'a dyn Fn(&Series) -> bool,
    ) -> impl Iterator<Item = f64> + 'a {
        series
            .iter()
            .zip(parts)
            .filter(move |(s, _)| keep(s))
            .flat_map(|(_, p)| p.values())
    }
    let max_of = |keep: &dyn Fn(&Series) -> bool| {
        values(series, parts, keep)
            .chain(bars.iter().map(|b| b.y1))
            .fold(0.0f64, f64::max)
    };
    let mut top = max_of(&|_| true);
    // A peer's window far above the congestion window (a large, scaled receive buffer)
    // would flatten the curves that matter: it runs along the top edge instead.
    // The same for an RTO far above the round trips it guards (RFC 6298's 1 s floor).
    let far = match kind {
        PlotKind::Cwnd => Some("plot.series.rwnd"),
        PlotKind::Rtt => Some("plot.series.rto"),
        _ => None,
    };
    if let Some(far) = far {
        let own = max_of(&|s| s.key != far);
        if own > 0.0 && top > 2.0 * own {
            top = own * 1.15;
        }
    }
    if windowed && kind == PlotKind::Sequence {
        // Sequence numbers are far from 0 in the middle of a transfer: fit the data, the
        // ACKs and the window's edge, with a margin.
        let not_window = |s: &Series| s.key != "plot.series.window";
        let window = |s: &Series| s.key == "plot.series.window";
        let own = || values(series, parts, &not_window);
        let bars = || bars.iter().flat_map(|b| [b.y0, b.y1]);
        let lo = own().chain(bars()).fold(f64::INFINITY, f64::min);
        let mut hi = own().chain(bars()).fold(0.0f64, f64::max);
        // The window's edge too, unless it is far above (a large scaled window): then
        // it runs along the top edge.
        let edge = values(series, parts, &window).fold(0.0f64, f64::max);
        if edge <= hi + 2.0 * (hi - lo) {
            hi = hi.max(edge);
        }
        if lo.is_finite() && hi > lo {
            let pad = (hi - lo) * 0.05;
            return ((lo - pad).max(0.0), hi + pad);
        }
    }
    (0.0, if top > 0.0 { top * 1.05 } else { 1.0 })
}

/// The segments and samples of one direction of one connection.
struct Direction<'a> {
    /// The sender's data segments (TCP, in send order).
    data: Vec<&'a Segment>,
    /// The receiver's segments to the sender (its ACKs), in send order.
    acks: Vec<&'a Segment>,
    /// Where the sender's TCB samples are: the blocks of `Trace::tcb` that hold the
    /// connection's ([`Direction::tcb`] reads them when a plot asks).
    tcb_blocks: &'a [u32],
    tcb_log: &'a TcbLog,
    conn: u32,
    sender: Option<usize>,
    /// The sender's ISN, the base of relative sequence numbers.
    base: u32,
    /// The receiver's window scale shift, when both SYNs were seen.
    shift: Option<u8>,
}

impl<'a> Direction<'a> {
    fn new(trace: &'a Trace, index: &'a PlotIndex, who: &Subject) -> Direction<'a> {
        // The sender's and the receiver's segments, each list made its size at once: one
        // pass counts them, one fills them.
        let mine = || {
            index
                .segments_of(trace, who.conn)
                .filter(|s| s.proto == Proto::Tcp)
        };
        let (mut sent, mut received) = (0, 0);
        for s in mine() {
            sent += usize::from(s.from == who.sender);
            received += usize::from(s.from == who.receiver);
        }
        let (mut data, mut acks) = (Vec::with_capacity(sent), Vec::with_capacity(received));
        for s in mine() {
            if s.from == who.sender {
                data.push(s);
            }
            if s.from == who.receiver {
                acks.push(s);
            }
        }
        // The sender's ISN: its first SYN, else its first TCP segment (as `SeqBases`).
        let base = data
            .iter()
            .find(|s| s.flags.contains(&Flag::Syn))
            .or(data.first())
            .map_or(0, |s| s.seq);
        // RFC 7323 2.2: the shift a side announced in its SYN applies to the windows it
        // sends, when both SYNs carried the option.
        // Without both SYNs (a capture that starts later) the shift is not known.
        let syn =
            |segs: &[&'a Segment]| segs.iter().copied().find(|s| s.flags.contains(&Flag::Syn));
        let shift = match (syn(&data), syn(&acks)) {
            (Some(d), Some(r)) => Some(match (d.options.wscale, r.options.wscale) {
                (Some(_), Some(k)) => k.min(14),
                _ => 0,
            }),
            _ => None,
        };
        let sender = trace.endpoints.iter().position(|e| e.id == who.sender);
        Direction {
            data,
            acks,
            tcb_blocks: index
                .tcb
                .get(who.conn as usize)
                .map_or(&[], |b| b.as_slice()),
            tcb_log: &trace.tcb,
            conn: who.conn,
            sender,
            base,
            shift,
        }
    }

    /// The sender's TCB samples, in record order, read from the blocks that hold the
    /// connection's: no copy of them is kept (a plot of the 100k run reads its 100,000
    /// samples a few times, once per series).
    fn tcb(&self) -> impl Iterator<Item = TcbSample> + '_ {
        self.tcb_blocks
            .iter()
            .flat_map(|&b| self.tcb_log.block(b as usize))
            .filter(|s| s.conn == self.conn && Some(s.endpoint as usize) == self.sender)
    }

    /// A sequence number relative to the sender's first seen (0 for one before it: a
    /// capture that starts mid-connection sees ACKs of data sent before it began).
    fn rel(&self, seq: u32) -> f64 {
        f64::from((seq.wrapping_sub(self.base) as i32).max(0))
    }

    /// When an ACK reached the sender (or was seen, in a capture).
    fn ack_at(s: &Segment) -> u64 {
        s.recv_us.unwrap_or(s.sent_us)
    }

    /// The receiver's segments that reached the sender with an ACK, in arrival order.
    fn arrived_acks(&self) -> Vec<&'a Segment> {
        let arrived = |s: &&&Segment| {
            s.ack.is_some() && !matches!(s.fate, Fate::Dropped | Fate::DroppedByMiddlebox)
        };
        let mut v: Vec<&Segment> = Vec::with_capacity(self.acks.iter().filter(arrived).count());
        v.extend(self.acks.iter().filter(arrived).copied());
        if !v.is_sorted_by_key(|s| (Direction::ack_at(s), s.id)) {
            v.sort_by_key(|s| (Direction::ack_at(s), s.id));
        }
        v
    }

    /// A step series of one TCB variable of the sender.
    fn tcb_series(&self, var: TcbVar, key: &'static str, class: &'static str) -> Series {
        let points = self
            .tcb()
            .map(|s| {
                let v = s
                    .get(var)
                    .filter(|v| *v != TcbSample::UNLIMITED || var != TcbVar::Ssthresh);
                Point::new(s.at_us, v.map(f64::from))
            })
            .fold(Vec::new(), |mut v: Vec<Point>, p| {
                // One break per unknown stretch, not a point per sample.
                if p.value().is_some() || v.last().is_none_or(|l| l.value().is_some()) {
                    v.push(p);
                }
                v
            });
        Series {
            key,
            class,
            shape: Shape::Step,
            points,
        }
    }
}

fn sequence(d: &Direction, plot: &mut Plot) {
    plot.unit = Unit::Seq;
    let arrived = d.arrived_acks();
    // Each list made its size at once: a long run's plot holds no spare room, and no
    // copy is made as a list grows.
    let sacks: usize = arrived.iter().map(|s| s.options.sack.len()).sum();
    let data = d.data.iter().filter(|s| seq_space(s) != 0).count();
    plot.bars.reserve_exact(data + sacks);
    for s in &d.data {
        let space = seq_space(s);
        if space == 0 {
            continue;
        }
        let again = s.analysis.iter().any(|a| {
            matches!(
                a,
                Analysis::Retransmission
                    | Analysis::FastRetransmission
                    | Analysis::SpuriousRetransmission
            )
        });
        let kind = match s.fate {
            Fate::Dropped | Fate::DroppedByMiddlebox => BarKind::Lost,
            _ if again => BarKind::Retransmission,
            _ => BarKind::Data,
        };
        let y0 = d.rel(s.seq);
        plot.bars.push(Bar {
            x: s.sent_us,
            y0,
            y1: y0 + f64::from(space),
            kind,
            count: 1,
        });
    }
    let mut acked = Vec::with_capacity(arrived.len());
    // The window's edge is known once both SYNs were seen (else only at a SYN).
    let mut window = Vec::with_capacity(if d.shift.is_some() { arrived.len() } else { 0 });
    for s in arrived {
        let (Some(ack), at) = (s.ack, Direction::ack_at(s)) else {
            continue;
        };
        let a = d.rel(ack);
        acked.push(Point::new(at, Some(a)));
        let scale = if s.flags.contains(&Flag::Syn) {
            Some(0)
        } else {
            d.shift
        };
        if let (false, Some(scale)) = (s.window_unknown, scale) {
            window.push(Point::new(
                at,
                Some(a + f64::from(s.window) * f64::from(1u32 << scale)),
            ));
        }
        for &(l, r) in &s.options.sack {
            plot.bars.push(Bar {
                x: at,
                y0: d.rel(l),
                y1: d.rel(r),
                kind: BarKind::Sack,
                count: 1,
            });
        }
    }
    // Windows a text capture did not print leave room: let it go.
    window.shrink_to_fit();
    plot.series.push(Series {
        key: "plot.series.ack",
        class: "wp-ack",
        shape: Shape::Step,
        points: acked,
    });
    plot.series.push(Series {
        key: "plot.series.window",
        class: "wp-window",
        shape: Shape::Step,
        points: window,
    });
}

fn cwnd(d: &Direction, plot: &mut Plot) {
    if d.tcb().next().is_none() {
        // A capture: bytes in flight as seen on the wire (the highest sequence number sent
        // less the last ACK), as Wireshark counts them.
        plot.inferred = true;
        let mut points = Vec::new();
        let mut high: Option<u32> = None;
        let mut una: Option<u32> = None;
        let mut events: Vec<(u64, bool, &Segment)> = d
            .data
            .iter()
            .map(|s| (s.sent_us, true, *s))
            .chain(
                d.arrived_acks()
                    .into_iter()
                    .map(|s| (Direction::ack_at(s), false, s)),
            )
            .collect();
        events.sort_by_key(|(at, _, s)| (*at, s.id));
        for (at, sent, s) in events {
            if sent {
                let end = s.seq.wrapping_add(s.len);
                if high.is_none_or(|h| (end.wrapping_sub(h) as i32) > 0) {
                    high = Some(end);
                }
            } else if let Some(a) = s.ack {
                if una.is_none_or(|u| (a.wrapping_sub(u) as i32) > 0) {
                    una = Some(a);
                }
            }
            if let (Some(h), Some(u)) = (high, una) {
                let flight = h.wrapping_sub(u) as i32;
                points.push(Point::new(at, Some(f64::from(flight.max(0)))));
            }
        }
        plot.series.push(Series {
            key: "plot.series.in-flight",
            class: "wp-flight",
            shape: Shape::Step,
            points,
        });
        return;
    }
    // A capture's samples are inferred from its segments (no cwnd, no ssthresh).
    plot.inferred = d.tcb().any(|s| s.inferred());
    plot.series
        .push(d.tcb_series(TcbVar::SndWnd, "plot.series.rwnd", "wp-window"));
    plot.series
        .push(d.tcb_series(TcbVar::Ssthresh, "plot.series.ssthresh", "wp-ssthresh"));
    plot.series
        .push(d.tcb_series(TcbVar::Cwnd, "plot.series.cwnd", "wp-cwnd"));
    plot.series
        .push(d.tcb_series(TcbVar::InFlight, "plot.series.in-flight", "wp-flight"));
}

fn rtt(d: &Direction, plot: &mut Plot) {
    plot.unit = Unit::Time;
    // The first sending of each end of data, dropped when it was sent again (Karn).
    let mut first: HashMap<u32, Option<u64>> = HashMap::new();
    for s in &d.data {
        let space = seq_space(s);
        if space == 0 {
            continue;
        }
        let end = s.seq.wrapping_add(space);
        first
            .entry(end)
            .and_modify(|e| *e = None)
            .or_insert(Some(s.sent_us));
    }
    // Ends of data sent more than once: an ACK that covers one of them says nothing of the
    // round trip of the segment it names (it may have waited for the repair).
    let again: Vec<u32> = first
        .iter()
        .filter(|(_, sent)| sent.is_none())
        .map(|(end, _)| *end)
        .collect();
    let after = |a: u32, b: u32| (a.wrapping_sub(b) as i32) > 0;
    let mut una: Option<u32> = None;
    let mut samples = Vec::new();
    for s in d.arrived_acks() {
        let Some(ack) = s.ack else { continue };
        let covers_repair =
            una.is_some_and(|u| again.iter().any(|&e| after(e, u) && !after(e, ack)));
        if una.is_none_or(|u| after(ack, u)) {
            una = Some(ack);
        }
        if let Some(Some(sent)) = first.remove(&ack) {
            if covers_repair {
                continue;
            }
            let at = Direction::ack_at(s);
            samples.push(Point::new(at, Some(at.saturating_sub(sent) as f64)));
        }
    }
    let sampled = d.tcb().next().is_some();
    plot.inferred = !sampled || d.tcb().any(|s| s.inferred());
    if sampled {
        plot.series
            .push(d.tcb_series(TcbVar::RtoUs, "plot.series.rto", "wp-rto"));
        plot.series
            .push(d.tcb_series(TcbVar::SrttUs, "plot.series.srtt", "wp-srtt"));
    }
    plot.series.push(Series {
        key: "plot.series.rtt",
        class: "wp-rtt",
        shape: Shape::Dots,
        points: samples,
    });
}

fn throughput(d: &Direction, plot: &mut Plot) {
    plot.unit = Unit::Rate;
    let (a, b) = plot.x;
    // A bin per round trip (the median RTT sample), 10 to 100 of them: goodput per round
    // trip is what a window delivers.
    let mut rtts: Vec<f64> = {
        let mut probe = plot.clone();
        probe.series.clear();
        rtt(d, &mut probe);
        probe
            .series
            .iter()
            .filter(|s| s.key == "plot.series.rtt")
            .flat_map(|s| s.points.iter().filter_map(|p| p.value()))
            .collect()
    };
    rtts.sort_by(f64::total_cmp);
    let span = (b - a) as f64;
    let bins = match rtts.get(rtts.len() / 2) {
        Some(&r) if r > 0.0 => ((span / r).round() as usize).clamp(10, 100),
        _ => 100,
    };
    let width = ((b - a) as f64 / bins as f64).max(1.0);
    let mut bytes = vec![0u64; bins];
    let mut una: Option<u32> = None;
    // Acknowledged as the receiver sent its ACKs: what it got, in order.
    let mut acks: Vec<&Segment> = d.acks.iter().copied().filter(|s| s.ack.is_some()).collect();
    acks.sort_by_key(|s| (s.sent_us, s.id));
    for s in acks {
        let Some(ack) = s.ack else { continue };
        match una {
            None => una = Some(ack),
            Some(u) => {
                let delta = ack.wrapping_sub(u) as i32;
                if delta > 0 {
                    let i = (((s.sent_us.saturating_sub(a)) as f64 / width) as usize).min(bins - 1);
                    bytes[i] += delta as u64;
                    una = Some(ack);
                }
            }
        }
    }
    let points = bytes
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let x = a + (i as f64 * width) as u64;
            Point::new(x, Some(n as f64 * 8.0 / (width / 1e6)))
        })
        .chain(std::iter::once(Point::new(b, None)))
        .collect();
    plot.series.push(Series {
        key: "plot.series.goodput",
        class: "wp-goodput",
        shape: Shape::Step,
        points,
    });
}

/// Bars binned into at most [`BINS`] columns: each column keeps, per kind, one bar from
/// the lowest to the highest sequence number of its bars (losses and retransmissions
/// are never merged into data).
fn bin_bars(bars: &[Bar], (a, b): (u64, u64)) -> Vec<Bar> {
    if bars.len() <= BINS * 2 {
        return bars.to_vec();
    }
    let width = ((b - a) as f64 / BINS as f64).max(1.0);
    let mut cols: HashMap<(usize, BarKind), Bar> = HashMap::new();
    // SACK blocks stay as reported: merging them would fill the holes they show.
    let sack = |bar: &&Bar| bar.kind == BarKind::Sack;
    for bar in bars.iter().filter(|b| !sack(b)) {
        let i = ((bar.x.saturating_sub(a)) as f64 / width) as usize;
        cols.entry((i, bar.kind))
            .and_modify(|c| {
                c.y0 = c.y0.min(bar.y0);
                c.y1 = c.y1.max(bar.y1);
                c.count += bar.count;
            })
            .or_insert(Bar {
                x: a + (i as f64 * width) as u64,
                ..*bar
            });
    }
    let mut out: Vec<Bar> = cols.into_values().collect();
    // Past a few columns' worth, every k-th SACK block (each still whole).
    let k = (bars.iter().filter(sack).count() / (BINS * 2)).max(1);
    out.extend(bars.iter().filter(sack).step_by(k));
    out.sort_by_key(|b| (b.x, b.kind));
    out
}

/// At most four points per column of [`BINS`] (the first, lowest, highest and last: the
/// line keeps its shape), breaks kept.
fn decimate(part: &Part, (a, b): (u64, u64)) -> Vec<Point> {
    if part.len() <= BINS * 4 {
        return part.iter().collect();
    }
    let width = ((b - a) as f64 / BINS as f64).max(1.0);
    let col = |p: &Point| ((p.t.saturating_sub(a)) as f64 / width) as usize;
    let mut out = Vec::with_capacity(BINS * 4);
    // The points of one column, read in turn (only one column is held).
    let mut run: Vec<Point> = Vec::new();
    let mut flush = |run: &mut Vec<Point>| {
        if run.len() <= 4 || run.iter().any(|p| p.value().is_none()) {
            out.extend_from_slice(run);
        } else {
            // No break in this column: every value is a number.
            let lo = run.iter().min_by(|p, q| p.v.total_cmp(&q.v)).unwrap();
            let hi = run.iter().max_by(|p, q| p.v.total_cmp(&q.v)).unwrap();
            let mut keep = [run[0], *lo, *hi, run[run.len() - 1]];
            keep.sort_by_key(|p| p.t);
            for p in keep {
                if out.last() != Some(&p) {
                    out.push(p);
                }
            }
        }
        run.clear();
    };
    for p in part.iter() {
        if run.first().is_some_and(|q| col(q) != col(&p)) {
            flush(&mut run);
        }
        run.push(p);
    }
    flush(&mut run);
    out
}

/// A plot of `trace` as a standalone SVG file: the whole connection, or the times
/// `range` (µs from the connection's start, as the time axis counts them).
pub fn export(
    trace: &Trace,
    kind: PlotKind,
    conn: Option<u32>,
    lang: Lang,
    range: Option<(u64, u64)>,
) -> Result<String, PlotError> {
    let full = data(trace, kind, conn, lang)?;
    let plot = match range {
        None => full.window(None),
        Some((a, b)) => {
            let lasts = full.x.1 - full.t0;
            if b <= a || a >= lasts {
                return Err(PlotError::OutOfRange {
                    range: (a, b),
                    lasts,
                });
            }
            full.window(Some((full.t0 + a, full.t0.saturating_add(b))))
        }
    };
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&crate::svg::to_string(&draw::standalone(trace, &plot)));
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests;
