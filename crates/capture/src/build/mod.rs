//! Kept packets → Trace: endpoints, connections, segments with their timing as seen from
//! one observation point, inferred states, explanations and HTTP events.
//!
//! **Timing.** A capture is taken at one point of the path, so it knows when each packet
//! passed *that point*, not when it left its sender or reached its receiver. The distance
//! (one-way delay) from the capture point to each side is estimated from request/answer
//! pairs: a segment passing at `t` that the other side acknowledges with an ACK passing at
//! `t'` gives `t' - t` = twice that side's distance plus its reaction time; the smallest
//! such gap per side (the handshake gives one for each side) is taken as twice the
//! distance. Then a segment from side A passing at `t` has `sent_us = t - d(A)` and
//! `recv_us = t + d(B)`. A capture on the client machine gives `d(client) = 0`: the client's
//! segments leave when captured and the server's arrive when captured, exactly what the
//! client saw. With no pair to learn from, both distances are 0 (`recv_us = sent_us`).
//! Times start at 0 with the earliest `sent_us`. tcpdump text without timestamps is taken
//! as one line per millisecond, which this rule turns into an evenly slanted ladder.
//!
//! **Fate.** Everything captured is taken as delivered, except (seen from near the sender
//! only) an original that was later retransmitted with no acknowledgment of it in between,
//! and a pure ACK that acknowledged in time what its peer still retransmitted (the lost last
//! ACK of a close brings the FIN again): those are marked `dropped` between the capture
//! point and the receiver. A segment lost after the capture point leaves no other trace.
//!
//! The steps, each in its own module: [`cast`] (connections and lifelines), [`timing`]
//! (distances and time 0), [`fate`] (losses after the capture point), [`explain`] (a
//! message per packet), [`states`] (each side's inferred states) and [`detail`] (what the
//! source says about itself); [`build`] runs them in that order.
//!
//! **States.** Each side's RFC 9293 state is run from what it sent and received, in its own
//! time order (sends and receives are put in order by their estimated local times, except
//! that a received segment its own next segment acknowledges must come first). Every
//! change is `inferred: true`. A capture that starts mid-connection starts both sides in
//! ESTABLISHED; the side answering a SYN with RST had no listener and gets no states.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::{
    Bytes, Event, EventKind, Fate, Flag, Msg, Name, Proto, Rare, SegMsg, SegNote, Segment, Source,
    TcpOptions, Trace,
};

use crate::analysis::Tags;
use crate::flow::{addr_text, Flow};
use crate::http::Message;
use crate::packet::{FIN, SYN};
use crate::reader::Kind;
use crate::selection::Selection;

mod cast;
mod detail;
mod explain;
mod fate;
mod states;
mod tcb;
mod timing;

pub(crate) use detail::{file_detail, file_detail_msgs};

use cast::Cast;
use detail::TraceDetail;
use timing::Timing;

/// A kept packet.
#[derive(Clone, Debug)]
pub(crate) struct Rec {
    pub conn: u32,
    pub dir: u8,
    pub ts_us: u64,
    pub proto: Proto,
    pub flags: u8,
    pub seq: u32,
    pub ack: Option<u32>,
    pub len: u32,
    pub window: u32,
    /// The source did not give the window (tcpdump text without `win`).
    pub window_unknown: bool,
    pub options: TcpOptions,
    pub payload: Vec<u8>,
    pub tags: Tags,
    pub src: SocketAddr,
    pub dst: SocketAddr,
}

impl Rec {
    fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }

    fn seq_len(&self) -> u32 {
        self.len
            .wrapping_add(u32::from(self.has(SYN)))
            .wrapping_add(u32::from(self.has(FIN)))
    }

    fn end(&self) -> u32 {
        self.seq.wrapping_add(self.seq_len())
    }

    /// The other side of its connection: (connection, side), a connection's sides being 0
    /// and 1.
    fn peer(&self) -> (u32, u8) {
        debug_assert!(self.dir <= 1, "side {}", self.dir);
        (self.conn, self.dir ^ 1)
    }
}

pub(crate) struct BuildInput<'a> {
    pub name: String,
    pub kind: Kind,
    pub frames: u64,
    pub file_detail: Vec<Msg>,
    pub flows: &'a [Flow],
    pub names: &'a HashMap<IpAddr, String>,
    pub recs: Vec<Rec>,
    pub http: Vec<(usize, Message)>,
    pub selection: &'a Selection,
    pub dropped_segments: u64,
    pub payload_capped: bool,
    pub untimed: bool,
}

/// Messages rendered in English and joined by `"; "`: what `Source::detail` holds.
fn join_english(msgs: &[Msg]) -> String {
    msgs.iter().map(english).collect::<Vec<_>>().join("; ")
}

/// `a - b` in sequence space (negative: `a` is before `b`).
fn sub(a: u32, b: u32) -> i32 {
    a.wrapping_sub(b) as i32
}

fn english(m: &Msg) -> String {
    i18n::render(Lang::En, m)
}

/// The Trace of the kept packets: the steps of the module docs, in order.
pub(crate) fn build(input: BuildInput<'_>) -> Trace {
    let BuildInput {
        name,
        kind,
        frames,
        file_detail,
        flows,
        names,
        recs,
        http,
        selection,
        dropped_segments,
        payload_capped,
        untimed,
    } = input;

    let cast = Cast::new(flows, names, &recs);
    let timing = Timing::new(&recs);
    let lost = fate::lost_after_capture(&recs, &timing);
    let segments = segments(&recs, &http, &cast, &timing, &lost, names);
    let states = states::infer(&recs, &segments, &cast);
    let events = http_events(&http, &segments);
    let end_us = segments
        .iter()
        .map(|s| {
            s.recv_us
                .or(s.lost_us())
                .unwrap_or(s.sent_us)
                .max(s.sent_us)
        })
        .max()
        .unwrap_or(0);
    let detail = TraceDetail {
        file: file_detail,
        total_conns: flows.len(),
        shown: &cast.conn_ids,
        selection,
        kept: recs.len(),
        dropped_segments,
        payload_capped,
        untimed,
    }
    .msgs();

    let mut trace = Trace::new(None, None);
    trace.source = Some(Source {
        kind: kind.name().to_owned(),
        name,
        packets: frames,
        detail: join_english(&detail),
        detail_msgs: detail,
    });
    trace.endpoints = cast.endpoints();
    trace.connections = cast.connections();
    trace.tcb = tcb::infer(&segments, &trace.connections, &trace.endpoints).into();
    trace.segments = segments;
    trace.states = states;
    trace.events = events;
    trace.end_us = end_us;
    trace
}

/// One Trace segment per kept packet: its lifelines, times and fate, HTTP label and
/// explanation.
fn segments(
    recs: &[Rec],
    http: &[(usize, Message)],
    cast: &Cast<'_>,
    timing: &Timing,
    lost: &[bool],
    names: &HashMap<IpAddr, String>,
) -> Vec<Segment> {
    // HTTP labels per kept packet.
    let mut labels: HashMap<usize, Vec<&Message>> = HashMap::new();
    for (i, m) in http {
        labels.entry(*i).or_default().push(m);
    }
    let mut segments = Vec::with_capacity(recs.len());
    // The lifelines and addresses of each connection's direction, made once and shared by
    // its segments.
    let mut named: HashMap<(u32, u8), [Name; 4]> = HashMap::new();
    for (i, r) in recs.iter().enumerate() {
        let [from, to, src, dst] = named
            .entry((r.conn, r.dir))
            .or_insert_with(|| {
                let [client, server] = cast.ends(r.conn).map(Name::from);
                let (from, to) = if r.dir == 0 {
                    (client, server)
                } else {
                    (server, client)
                };
                let (src, dst) = (addr_text(r.src, names), addr_text(r.dst, names));
                [from, to, Name::from(src), Name::from(dst)]
            })
            .clone();
        let pass = timing.passed_us(r);
        let dr = timing.to_receiver(r);
        let http_label = labels.get(&i).map(|ms| {
            ms.iter()
                .map(|m| m.line.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        });
        let (fate, recv_us, lost_us) = if lost[i] {
            (Fate::Dropped, None, Some(pass + dr / 2))
        } else {
            (Fate::Delivered, Some(pass + dr), None)
        };
        let note = explain::explain(r, http_label.as_deref(), recs, i);
        segments.push(Segment {
            id: i as u32,
            conn: cast.trace_id(r.conn),
            proto: r.proto,
            from,
            to,
            src,
            dst,
            flags: Flag::from_bits(r.flags),
            seq: r.seq,
            ack: r.ack,
            len: r.len,
            window: r.window,
            window_unknown: r.window_unknown,
            options: r.options.clone(),
            sent_us: timing.sent_us(r),
            recv_us,
            fate,
            analysis: r.tags.to_vec(),
            http: http_label,
            rare: lost_us.map(|lost_us| {
                Box::new(Rare {
                    lost_us: Some(lost_us),
                    ..Rare::default()
                })
            }),
            msg: SegMsg::noted(SegNote::Captured(note)),
            rfc: note.rfc().map(std::borrow::Cow::Borrowed),
            payload: Bytes::from(&r.payload[..]),
        });
    }
    segments
}

/// The HTTP requests and responses as story events, at the send of the segment that
/// carries each one's first byte.
fn http_events(http: &[(usize, Message)], segments: &[Segment]) -> Vec<Event> {
    let mut events = Vec::new();
    for (i, m) in http {
        let seg = &segments[*i];
        let args = [("index", m.index.to_string()), ("line", m.line.clone())];
        let key = if m.request {
            if m.pipelined {
                "capture.http.request-pipelined"
            } else if m.index > 1 {
                "capture.http.request-keepalive"
            } else {
                "capture.http.request"
            }
        } else if m.persistent {
            "capture.http.response"
        } else {
            "capture.http.response-close"
        };
        let mm = Msg::new(key, &args);
        events.push(Event {
            at_us: seg.sent_us,
            endpoint: seg.from.to_string(),
            conn: Some(seg.conn),
            kind: if m.request {
                EventKind::HttpRequest
            } else {
                EventKind::HttpResponse
            },
            text: english(&mm),
            msg: Some(mm),
        });
    }
    events.sort_by_key(|e| e.at_us);
    events
}

/// Kept packets and flows for the steps' tests.
#[cfg(test)]
mod testing {
    use std::net::SocketAddr;

    use wiretrace_core::trace::{Proto, TcpOptions};

    use super::Rec;
    use crate::analysis::Tags;
    use crate::flow::{Flow, FlowTable};
    use crate::packet::{Opts, Packet};

    /// A TCP packet of connection `conn` (client `10.0.0.1:{40000 + conn}`, server
    /// `10.0.0.{2 + conn}:80`) sent by side `dir` (0: client), passing the capture point at
    /// `ts_us`.
    pub fn rec(
        conn: u32,
        dir: u8,
        ts_us: u64,
        flags: u8,
        seq: u32,
        ack: Option<u32>,
        len: u32,
    ) -> Rec {
        let client: SocketAddr = format!("10.0.0.1:{}", 40_000 + conn).parse().unwrap();
        let server: SocketAddr = format!("10.0.0.{}:80", 2 + conn).parse().unwrap();
        let (src, dst) = if dir == 0 {
            (client, server)
        } else {
            (server, client)
        };
        Rec {
            conn,
            dir,
            ts_us,
            proto: Proto::Tcp,
            flags,
            seq,
            ack,
            len,
            window: 1000,
            window_unknown: false,
            options: TcpOptions::default(),
            payload: Vec::new(),
            tags: Tags::default(),
            src,
            dst,
        }
    }

    /// The flows of `recs` as the extractor finds them (connections numbered in order of
    /// first packet, as `rec` numbers them when its first packets come in that order).
    pub fn flows(recs: &[Rec]) -> Vec<Flow> {
        let mut table = FlowTable::default();
        for r in recs {
            let opts = TcpOptions::default();
            let (id, dir) = table.classify(&Packet {
                ts_us: r.ts_us,
                untimed: false,
                proto: r.proto,
                src: r.src,
                dst: r.dst,
                flags: r.flags,
                seq: r.seq,
                ack: r.ack.unwrap_or(0),
                window: 1000,
                window_known: true,
                len: r.len,
                payload: &[],
                opts: Opts::Parsed(&opts),
                http_hint: None,
            });
            assert_eq!(
                (id, dir),
                (r.conn, r.dir),
                "the flow table agrees with the test"
            );
        }
        table.flows
    }
}
