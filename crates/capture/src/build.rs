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
//! **States.** Each side's RFC 9293 state is run from what it sent and received, in its own
//! time order (sends and receives are put in order by their estimated local times, except
//! that a received segment its own next segment acknowledges must come first). Every
//! change is `inferred: true`. A capture that starts mid-connection starts both sides in
//! ESTABLISHED; the side answering a SYN with RST had no listener and gets no states.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{
    Analysis, Bytes, Connection, Endpoint, Event, Fate, Flag, Msg, Proto, Role, Segment, Source,
    StateChange, TcpOptions, Trace,
};

use crate::analysis::Tags;
use crate::extract::{addr_text, Selection};
use crate::flow::Flow;
use crate::http::Message;
use crate::packet::{ACK, FIN, RST, SYN};
use crate::reader::{Kind, Reader};

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

/// Link types and anything else worth saying about the file itself, one message a part.
pub(crate) fn file_detail_msgs(r: &Reader) -> Vec<Msg> {
    let count = |n: u64| [("count", n.to_string())];
    let mut parts: Vec<Msg> = Vec::new();
    if !r.stats.links.is_empty() {
        parts.push(msg(
            "capture.detail.links",
            &[("links", r.stats.links.join(", "))],
        ));
    }
    if !r.stats.unknown_links.is_empty() {
        let l: Vec<String> = r
            .stats
            .unknown_links
            .iter()
            .map(|x| x.to_string())
            .collect();
        parts.push(msg(
            "capture.detail.unknown-links",
            &[("types", l.join(", "))],
        ));
    }
    if r.stats.other > 0 {
        parts.push(msg("capture.detail.other-frames", &count(r.stats.other)));
    }
    if r.stats.truncated > 0 {
        parts.push(msg("capture.detail.truncated", &count(r.stats.truncated)));
    }
    if r.stats.skipped_blocks > 0 {
        parts.push(msg(
            "capture.detail.skipped-blocks",
            &count(r.stats.skipped_blocks),
        ));
    }
    if r.ignored_lines() > 0 {
        parts.push(msg(
            "capture.detail.text-lines-ignored",
            &count(r.ignored_lines()),
        ));
    }
    parts
}

/// [`file_detail_msgs`] in English, joined by `"; "` (the CLI's `--list` line).
pub(crate) fn file_detail(r: &Reader) -> String {
    join_english(&file_detail_msgs(r))
}

/// Messages rendered in English and joined by `"; "`: what `Source::detail` holds.
fn join_english(msgs: &[Msg]) -> String {
    msgs.iter().map(english).collect::<Vec<_>>().join("; ")
}

fn sub(a: u32, b: u32) -> i32 {
    a.wrapping_sub(b) as i32
}

fn msg(key: &str, args: &[(&str, String)]) -> Msg {
    Msg::new(key, args)
}

fn english(m: &Msg) -> String {
    i18n::render(Lang::En, m)
}

/// One-way distances (client side, server side) from the capture point of a connection.
fn distances(recs: &[&Rec]) -> [u64; 2] {
    let mut best: [Option<u64>; 2] = [None, None];
    // Pending segments per direction that occupy sequence space: (end, time).
    let mut pending: [Vec<(u32, u64)>; 2] = [Vec::new(), Vec::new()];
    for r in recs {
        if r.proto != Proto::Tcp {
            continue;
        }
        let d = usize::from(r.dir);
        let o = 1 - d;
        if let Some(ack) = r.ack {
            // The newest pending segment of the other side this acknowledges.
            let mut hit = None;
            pending[o].retain(|&(end, t)| {
                if sub(ack, end) >= 0 {
                    hit = Some(hit.map_or(t, |h: u64| h.max(t)));
                    false
                } else {
                    true
                }
            });
            if let Some(t) = hit {
                let gap = r.ts_us.saturating_sub(t);
                best[d] = Some(best[d].map_or(gap, |b| b.min(gap)));
            }
        }
        if r.seq_len() > 0 && !r.has(RST) && r.tags.is_empty() && pending[d].len() < 64 {
            pending[d].push((r.end(), r.ts_us));
        }
    }
    [best[0].unwrap_or(0) / 2, best[1].unwrap_or(0) / 2]
}

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

    // Connections that have kept packets, renumbered from 0 in order of first packet.
    let mut conn_ids: Vec<u32> = recs.iter().map(|r| r.conn).collect();
    conn_ids.sort_unstable();
    conn_ids.dedup();
    let new_id: HashMap<u32, u32> = conn_ids
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i as u32))
        .collect();

    // Lifelines: one per (address, role); clients first.
    let mut clients: Vec<IpAddr> = Vec::new();
    let mut servers: Vec<IpAddr> = Vec::new();
    for c in &conn_ids {
        let f = &flows[*c as usize];
        if !clients.contains(&f.client.ip()) {
            clients.push(f.client.ip());
        }
        if !servers.contains(&f.server.ip()) {
            servers.push(f.server.ip());
        }
    }
    let ep_id = |role: &str, i: usize| {
        if i == 0 {
            role.to_owned()
        } else {
            format!("{role}{}", i + 1)
        }
    };
    let ip_text = |ip: IpAddr| names.get(&ip).cloned().unwrap_or_else(|| ip.to_string());
    let mut endpoints = Vec::new();
    // "Client", "Client 2"...: a message, so that the page names them in its language.
    let ep_name = |key: &str, i: usize| {
        if i == 0 {
            msg(key, &[])
        } else {
            msg(&format!("{key}_n"), &[("n", (i + 1).to_string())])
        }
    };
    for (i, ip) in clients.iter().enumerate() {
        let m = ep_name("endpoint.client", i);
        endpoints.push(Endpoint {
            id: ep_id("client", i),
            label: english(&m),
            ip: ip_text(*ip),
            role: Role::Client,
            label_msg: Some(m),
        });
    }
    for (i, ip) in servers.iter().enumerate() {
        let m = ep_name("endpoint.server", i);
        endpoints.push(Endpoint {
            id: ep_id("server", i),
            label: english(&m),
            ip: ip_text(*ip),
            role: Role::Server,
            label_msg: Some(m),
        });
    }
    let client_ep = |f: &Flow| {
        ep_id(
            "client",
            clients
                .iter()
                .position(|x| *x == f.client.ip())
                .unwrap_or(0),
        )
    };
    let server_ep = |f: &Flow| {
        ep_id(
            "server",
            servers
                .iter()
                .position(|x| *x == f.server.ip())
                .unwrap_or(0),
        )
    };

    let connections: Vec<Connection> = conn_ids
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let f = &flows[*c as usize];
            Connection {
                id: i as u32,
                proto: f.proto,
                client: addr_text(f.client, names),
                server: addr_text(f.server, names),
                client_endpoint: client_ep(f),
                server_endpoint: server_ep(f),
                server_side: None,
            }
        })
        .collect();

    // Distances per connection.
    let mut by_conn: HashMap<u32, Vec<&Rec>> = HashMap::new();
    for r in &recs {
        by_conn.entry(r.conn).or_default().push(r);
    }
    let dist: HashMap<u32, [u64; 2]> = by_conn.iter().map(|(c, rs)| (*c, distances(rs))).collect();
    // Time 0 is the earliest estimated send (which may precede the first capture time).
    let origin: i128 = recs
        .iter()
        .map(|r| i128::from(r.ts_us) - i128::from(dist[&r.conn][usize::from(r.dir)]))
        .min()
        .unwrap_or(0);
    let rel = |t: u64, minus: u64| -> u64 {
        u64::try_from(i128::from(t) - i128::from(minus) - origin).unwrap_or(0)
    };

    // Originals lost after the capture point.
    let lost = lost_originals(&recs, &dist);

    // HTTP labels per kept packet.
    let mut labels: HashMap<usize, Vec<&Message>> = HashMap::new();
    for (i, m) in &http {
        labels.entry(*i).or_default().push(m);
    }

    let mut segments = Vec::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        let f = &flows[r.conn as usize];
        let d = dist[&r.conn];
        let (ds, dr) = (d[usize::from(r.dir)], d[usize::from(1 - r.dir)]);
        let sent = rel(r.ts_us, ds);
        let pass = rel(r.ts_us, 0);
        let (from, to) = if r.dir == 0 {
            (client_ep(f), server_ep(f))
        } else {
            (server_ep(f), client_ep(f))
        };
        let http_label = labels.get(&i).map(|ms| {
            ms.iter()
                .map(|m| m.line.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        });
        let (fate, recv_us, lost_us) = if lost.contains(&i) {
            (Fate::Dropped, None, Some(pass + dr / 2))
        } else {
            (Fate::Delivered, Some(pass + dr), None)
        };
        let src = addr_text(r.src, names);
        let dst = addr_text(r.dst, names);
        let (m, rfc) = explain(r, &src, http_label.as_deref(), &recs, i);
        segments.push(Segment {
            id: i as u32,
            conn: new_id[&r.conn],
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
            sent_us: sent,
            recv_us,
            fate,
            lost_us,
            dup_of: None,
            via: Vec::new(),
            analysis: r.tags.to_vec(),
            http: http_label,
            explain: english(&m),
            msg: Some(m),
            rfc,
            payload: Bytes(r.payload.clone()),
        });
    }

    // States.
    let mut states = Vec::new();
    for c in &conn_ids {
        let f = &flows[*c as usize];
        if f.proto != Proto::Tcp {
            continue;
        }
        let idx: Vec<usize> = recs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.conn == *c)
            .map(|(i, _)| i)
            .collect();
        infer_states(
            &idx,
            &recs,
            &segments,
            new_id[c],
            [client_ep(f), server_ep(f)],
            &mut states,
        );
    }
    states.sort_by_key(|s: &StateChange| s.at_us);

    // HTTP events.
    let mut events = Vec::new();
    for (i, m) in &http {
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
        let mm = msg(key, &args);
        events.push(Event {
            at_us: seg.sent_us,
            endpoint: seg.from.clone(),
            conn: Some(seg.conn),
            kind: if m.request {
                "http-request".to_owned()
            } else {
                "http-response".to_owned()
            },
            text: english(&mm),
            msg: Some(mm),
        });
    }
    events.sort_by_key(|e| e.at_us);

    let end_us = segments
        .iter()
        .map(|s| s.recv_us.or(s.lost_us).unwrap_or(s.sent_us).max(s.sent_us))
        .max()
        .unwrap_or(0);

    // What the reader should know about this Trace: one message a part, in English in
    // `detail` (joined by "; ") and as keys in `detail_msgs` for the page's language.
    let mut detail = file_detail;
    let total_conns = flows.len();
    if conn_ids.len() < total_conns {
        let shown: Vec<String> = conn_ids.iter().map(|c| c.to_string()).collect();
        detail.push(msg(
            "capture.detail.connections-shown",
            &[
                ("shown", conn_ids.len().to_string()),
                ("total", total_conns.to_string()),
                ("ids", shown.join(", ")),
            ],
        ));
    } else {
        let key = if total_conns == 1 {
            "capture.detail.connection"
        } else {
            "capture.detail.connections"
        };
        detail.push(msg(key, &[("count", total_conns.to_string())]));
    }
    if selection.from_us.is_some() || selection.to_us.is_some() {
        let from = ("from", selection.from_us.unwrap_or(0).to_string());
        detail.push(match selection.to_us {
            Some(to) => msg("capture.detail.time-range", &[from, ("to", to.to_string())]),
            None => msg("capture.detail.time-range-open", &[from]),
        });
    }
    if dropped_segments > 0 {
        detail.push(msg(
            "capture.detail.cap",
            &[
                ("kept", recs.len().to_string()),
                ("left", dropped_segments.to_string()),
            ],
        ));
    }
    if payload_capped {
        detail.push(msg(
            "capture.detail.payload-cap",
            &[("bytes", selection.max_payload_bytes.to_string())],
        ));
    }
    if untimed {
        detail.push(msg("capture.detail.no-timestamps", &[]));
    }
    detail.push(msg("capture.detail.inferred", &[]));

    let mut trace = Trace::new(None, None);
    trace.source = Some(Source {
        kind: kind.name().to_owned(),
        name,
        packets: frames,
        detail: join_english(&detail),
        detail_msgs: detail,
    });
    trace.endpoints = endpoints;
    trace.connections = connections;
    trace.segments = segments;
    trace.states = states;
    trace.events = events;
    trace.end_us = end_us;
    trace
}

/// Kept packets that were probably lost after the capture point (see the module docs).
fn lost_originals(recs: &[Rec], dist: &HashMap<u32, [u64; 2]>) -> Vec<usize> {
    let mut out = Vec::new();
    for (j, r) in recs.iter().enumerate() {
        let retrans = r
            .tags
            .to_vec()
            .iter()
            .any(|a| matches!(a, Analysis::Retransmission | Analysis::FastRetransmission));
        if !retrans || r.proto != Proto::Tcp {
            continue;
        }
        let d = dist[&r.conn];
        if d[usize::from(r.dir)] > d[usize::from(1 - r.dir)] {
            continue;
        }
        // The latest earlier copy from the same side starting at the same sequence number.
        let Some(i) = (0..j).rev().find(|&i| {
            let o = &recs[i];
            // Same control bits too: a SYN+ACK after one's own SYN (simultaneous open)
            // repeats the sequence number without the SYN having been lost.
            o.conn == r.conn
                && o.dir == r.dir
                && o.seq == r.seq
                && o.seq_len() > 0
                && o.flags & (SYN | FIN | ACK) == r.flags & (SYN | FIN | ACK)
        }) else {
            continue;
        };
        let o = &recs[i];
        let acked = recs[i + 1..j].iter().any(|a| {
            a.conn == r.conn && a.dir != r.dir && a.ack.is_some_and(|ack| sub(ack, o.end()) >= 0)
        });
        if !acked && !out.contains(&i) {
            out.push(i);
        }
    }
    // The other way round: a segment retransmitted although the peer had acknowledged it
    // in time means that acknowledgment never arrived (e.g. the last ACK of a close, which
    // makes the FIN come again). Seen from near the acknowledging side only.
    for (j, r) in recs.iter().enumerate() {
        let retrans = r.tags.to_vec().contains(&Analysis::Retransmission);
        if !retrans || r.proto != Proto::Tcp {
            continue;
        }
        let d = dist[&r.conn];
        let (d_sender, d_acker) = (d[usize::from(r.dir)], d[usize::from(1 - r.dir)]);
        if d_acker > d_sender {
            continue;
        }
        for (i, a) in recs[..j].iter().enumerate() {
            let in_time = a.ts_us + 2 * d_sender < r.ts_us;
            let covers = a.ack.is_some_and(|ack| sub(ack, r.end()) >= 0);
            if a.conn == r.conn
                && a.dir != r.dir
                && a.seq_len() == 0
                && !a.has(RST)
                && covers
                && in_time
                && !out.contains(&i)
            {
                out.push(i);
            }
        }
    }
    out
}

/// The explanation of a kept packet and the RFC section that governs it.
fn explain(
    r: &Rec,
    src: &str,
    http: Option<&str>,
    recs: &[Rec],
    i: usize,
) -> (Msg, Option<String>) {
    let seq = r.seq.to_string();
    let ack = r.ack.unwrap_or(0).to_string();
    let s = || ("src", src.to_owned());
    if r.proto == Proto::Udp {
        return (
            msg("capture.seg.udp", &[s(), ("len", r.len.to_string())]),
            None,
        );
    }
    let tags = r.tags.to_vec();
    let first = tags.first().copied();
    let analysis_key = match first {
        Some(Analysis::Retransmission) => Some(("capture.seg.retransmission", "6298#5")),
        Some(Analysis::FastRetransmission) => Some(("capture.seg.fast-retransmission", "5681#3.2")),
        Some(Analysis::SpuriousRetransmission) => {
            Some(("capture.seg.spurious-retransmission", "6298#5"))
        }
        Some(Analysis::DuplicateAck) => Some(("capture.seg.dup-ack", "5681#4.2")),
        Some(Analysis::KeepAlive) => Some(("capture.seg.keep-alive", "1122#4.2.3.6")),
        Some(Analysis::KeepAliveAck) => Some(("capture.seg.keep-alive-ack", "1122#4.2.3.6")),
        Some(Analysis::ZeroWindow) => Some(("capture.seg.zero-window", "9293#3.8.6.1")),
        Some(Analysis::ZeroWindowProbe) => Some(("capture.seg.zero-window-probe", "9293#3.8.6.1")),
        Some(Analysis::ZeroWindowProbeAck) => {
            Some(("capture.seg.zero-window-probe-ack", "9293#3.8.6.1"))
        }
        Some(Analysis::WindowUpdate) => Some(("capture.seg.window-update", "9293#3.8.6.2.2")),
        Some(Analysis::WindowFull) => Some(("capture.seg.window-full", "9293#3.8.6")),
        Some(Analysis::OutOfOrder) => Some(("capture.seg.out-of-order", "9293#3.10.7.4")),
        Some(Analysis::LostSegment) => Some(("capture.seg.lost-segment", "9293#3.10.7.4")),
        Some(Analysis::AckedUnseen) => Some(("capture.seg.acked-unseen", "9293#3.10.7.4")),
        None => None,
    };
    // A RST answering a SYN: refused.
    if r.has(RST) {
        let answers_syn = recs[..i]
            .iter()
            .rev()
            .find(|o| o.conn == r.conn && o.dir != r.dir)
            .is_some_and(|o| o.has(SYN) && !o.has(ACK));
        if answers_syn {
            return (
                msg(
                    "capture.seg.refused",
                    &[s(), ("port", r.src.port().to_string())],
                ),
                Some("9293#3.10.7.1".to_owned()),
            );
        }
        return (
            msg("capture.seg.rst", &[s()]),
            Some("9293#3.5.2".to_owned()),
        );
    }
    if let Some((key, rfc)) = analysis_key {
        let m = msg(
            key,
            &[
                s(),
                ("seq", seq),
                ("ack", ack),
                ("win", r.window.to_string()),
            ],
        );
        return (m, Some(rfc.to_owned()));
    }
    if r.has(SYN) && r.has(ACK) {
        return (
            msg("capture.seg.syn-ack", &[s(), ("seq", seq), ("ack", ack)]),
            Some("9293#3.5".to_owned()),
        );
    }
    if r.has(SYN) {
        return (
            msg("capture.seg.syn", &[s(), ("seq", seq)]),
            Some("9293#3.5".to_owned()),
        );
    }
    if r.has(FIN) {
        return (msg("capture.seg.fin", &[s()]), Some("9293#3.6".to_owned()));
    }
    if r.len > 0 {
        if let Some(h) = http {
            return (
                msg(
                    "capture.seg.http",
                    &[s(), ("len", r.len.to_string()), ("http", h.to_owned())],
                ),
                Some(
                    if h.starts_with("HTTP/") {
                        "9112#4"
                    } else {
                        "9112#3"
                    }
                    .to_owned(),
                ),
            );
        }
        let end = r.seq.wrapping_add(r.len).to_string();
        return (
            msg(
                "capture.seg.data",
                &[s(), ("len", r.len.to_string()), ("seq", seq), ("end", end)],
            ),
            Some("9293#3.8".to_owned()),
        );
    }
    (
        msg("capture.seg.ack", &[s(), ("ack", ack)]),
        Some("9293#3.4".to_owned()),
    )
}

/// Runs both sides' states of one TCP connection (see the module docs).
fn infer_states(
    idx: &[usize],
    recs: &[Rec],
    segs: &[Segment],
    conn: u32,
    eps: [String; 2],
    out: &mut Vec<StateChange>,
) {
    let Some(&first) = idx.first() else { return };
    let r0 = &recs[first];
    let opening = r0.has(SYN) && !r0.has(ACK);
    let synack_first = r0.has(SYN) && r0.has(ACK);
    for side in 0..2u8 {
        let ep = &eps[usize::from(side)];
        // Sends at their sent time, receives at their arrival time.
        let sends: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| recs[i].dir == side)
            .collect();
        let recvs: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| recs[i].dir != side && segs[i].recv_us.is_some())
            .collect();
        // No listener: the side answers the opening SYN with RST and never with SYN+ACK.
        let first_send = sends.first().map(|&i| &recs[i]);
        if opening
            && r0.dir != side
            && first_send.is_some_and(|s| s.has(RST))
            && !sends.iter().any(|&i| recs[i].has(SYN))
        {
            continue;
        }
        // A side that sends a bare SYN of its own opens actively (simultaneous open).
        let active = sends.iter().any(|&i| recs[i].has(SYN) && !recs[i].has(ACK));
        let mut st = if opening {
            if r0.dir == side || active {
                State::Closed
            } else {
                State::Listen
            }
        } else if synack_first {
            if r0.dir == side {
                State::SynReceived
            } else {
                State::SynSent
            }
        } else {
            State::Closed
        };
        let mut last_at = 0u64;
        let mut push =
            |st: &mut State, to: State, at: u64, seg: Option<usize>, key: &str, rfc: &str| {
                if *st == to {
                    return;
                }
                let at = at.max(last_at);
                last_at = at;
                let m = msg(key, &[]);
                out.push(StateChange {
                    at_us: at,
                    endpoint: ep.clone(),
                    conn: Some(conn),
                    from: *st,
                    to,
                    why: english(&m),
                    msg: Some(m),
                    segment: seg.map(|i| i as u32),
                    rfc: Some(rfc.to_owned()),
                    inferred: true,
                });
                *st = to;
            };
        if !opening && !synack_first {
            push(
                &mut st,
                State::Established,
                segs[first].sent_us,
                None,
                "capture.state.mid-stream",
                "9293#3.3.2",
            );
        }
        let mut my_syn_end: Option<u32> = None;
        let mut my_fin_end: Option<u32> = None;
        let (mut si, mut ri) = (0usize, 0usize);
        while si < sends.len() || ri < recvs.len() {
            let take_recv = match (sends.get(si), recvs.get(ri)) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(&s), Some(&r)) => {
                    let (sr, rr) = (&recs[s], &recs[r]);
                    let t_send = segs[s].sent_us;
                    let t_recv = segs[r].recv_us.unwrap_or(u64::MAX);
                    match sr.ack {
                        Some(a) if rr.seq_len() > 0 => sub(a, rr.end()) >= 0,
                        _ => t_recv <= t_send,
                    }
                }
                (None, None) => break,
            };
            if take_recv {
                let i = recvs[ri];
                ri += 1;
                let r = &recs[i];
                let at = segs[i].recv_us.unwrap_or(segs[i].sent_us);
                if r.has(RST) {
                    if !matches!(st, State::Listen | State::Closed) {
                        push(
                            &mut st,
                            State::Closed,
                            at,
                            Some(i),
                            "capture.state.reset-received",
                            "9293#3.10.7.4",
                        );
                    }
                    continue;
                }
                if r.has(SYN) && !r.has(ACK) {
                    match st {
                        State::Listen => push(
                            &mut st,
                            State::SynReceived,
                            at,
                            Some(i),
                            "capture.state.got-syn",
                            "9293#3.10.7.2",
                        ),
                        State::SynSent => push(
                            &mut st,
                            State::SynReceived,
                            at,
                            Some(i),
                            "capture.state.simultaneous-open",
                            "9293#3.10.7.3",
                        ),
                        _ => {}
                    }
                    continue;
                }
                if r.has(SYN) && r.has(ACK) {
                    if matches!(st, State::SynSent | State::SynReceived) {
                        push(
                            &mut st,
                            State::Established,
                            at,
                            Some(i),
                            "capture.state.established",
                            "9293#3.10.7.3",
                        );
                    }
                    continue;
                }
                if let Some(a) = r.ack {
                    if st == State::SynReceived && my_syn_end.is_none_or(|e| sub(a, e) >= 0) {
                        push(
                            &mut st,
                            State::Established,
                            at,
                            Some(i),
                            "capture.state.established",
                            "9293#3.10.7.4",
                        );
                    }
                    if my_fin_end.is_some_and(|e| sub(a, e) >= 0) {
                        match st {
                            State::FinWait1 => push(
                                &mut st,
                                State::FinWait2,
                                at,
                                Some(i),
                                "capture.state.fin-acked",
                                "9293#3.10.7.4",
                            ),
                            State::Closing => push(
                                &mut st,
                                State::TimeWait,
                                at,
                                Some(i),
                                "capture.state.time-wait",
                                "9293#3.10.7.4",
                            ),
                            State::LastAck => push(
                                &mut st,
                                State::Closed,
                                at,
                                Some(i),
                                "capture.state.closed",
                                "9293#3.10.7.4",
                            ),
                            _ => {}
                        }
                    }
                }
                if r.has(FIN) {
                    match st {
                        State::Established | State::SynReceived => push(
                            &mut st,
                            State::CloseWait,
                            at,
                            Some(i),
                            "capture.state.got-fin",
                            "9293#3.10.7.4",
                        ),
                        State::FinWait1 => push(
                            &mut st,
                            State::Closing,
                            at,
                            Some(i),
                            "capture.state.both-closing",
                            "9293#3.10.7.4",
                        ),
                        State::FinWait2 => push(
                            &mut st,
                            State::TimeWait,
                            at,
                            Some(i),
                            "capture.state.time-wait",
                            "9293#3.10.7.4",
                        ),
                        _ => {}
                    }
                }
            } else {
                let i = sends[si];
                si += 1;
                let r = &recs[i];
                let at = segs[i].sent_us;
                if r.has(RST) {
                    if !matches!(st, State::Listen | State::Closed) {
                        push(
                            &mut st,
                            State::Closed,
                            at,
                            Some(i),
                            "capture.state.reset-sent",
                            "9293#3.10.7.4",
                        );
                    }
                    continue;
                }
                if r.has(SYN) {
                    my_syn_end = Some(r.seq.wrapping_add(1));
                    if !r.has(ACK) && st == State::Closed {
                        push(
                            &mut st,
                            State::SynSent,
                            at,
                            Some(i),
                            "capture.state.sent-syn",
                            "9293#3.10.1",
                        );
                    }
                    if r.has(ACK) && st == State::Listen {
                        // The SYN it answers was not seen arriving (e.g. cut by a range).
                        push(
                            &mut st,
                            State::SynReceived,
                            at,
                            Some(i),
                            "capture.state.got-syn",
                            "9293#3.10.7.2",
                        );
                    }
                }
                if r.has(FIN) {
                    my_fin_end = Some(r.end());
                    match st {
                        State::Established | State::SynReceived => push(
                            &mut st,
                            State::FinWait1,
                            at,
                            Some(i),
                            "capture.state.sent-fin",
                            "9293#3.10.4",
                        ),
                        State::CloseWait => push(
                            &mut st,
                            State::LastAck,
                            at,
                            Some(i),
                            "capture.state.last-ack",
                            "9293#3.10.4",
                        ),
                        _ => {}
                    }
                }
            }
        }
    }
}
