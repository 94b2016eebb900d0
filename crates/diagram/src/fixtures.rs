//! Hand-built traces for the layout and renderer tests (the engine's scenarios are tested
//! where they live; these pin down shapes the diagram must handle: stacked sends, a lost
//! segment, a long idle gap, several connections, a middlebox).

use std::collections::BTreeMap;

use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{
    Analysis, Connection, Endpoint, Fate, Flag, Hop, HopAction, Msg, Rare, Role, Segment,
    StateChange, Timer, TimerKind, TimerOutcome, Trace,
};

const C: &str = "192.168.1.116:3337";
const S: &str = "192.168.1.123:7788";

fn endpoint(id: &str, label: &str, ip: &str, role: Role) -> Endpoint {
    Endpoint {
        id: id.into(),
        label: label.into(),
        ip: ip.into(),
        role,
        label_msg: None,
    }
}

struct Builder {
    trace: Trace,
}

impl Builder {
    fn new() -> Self {
        let mut trace = Trace::new(Some("browse".into()), Some(1));
        trace.endpoints = vec![
            endpoint("client", "Client", "192.168.1.116", Role::Client),
            endpoint("server", "Server", "192.168.1.123", Role::Server),
        ];
        trace.connections = vec![Connection {
            id: 0,
            client: C.into(),
            server: S.into(),
            client_endpoint: "client".into(),
            server_endpoint: "server".into(),
            ..Connection::default()
        }];
        Builder { trace }
    }

    #[allow(clippy::too_many_arguments)]
    fn seg(
        &mut self,
        conn: u32,
        from: &str,
        flags: &[Flag],
        seq: u32,
        ack: Option<u32>,
        len: u32,
        sent: u64,
        recv: Option<u64>,
    ) -> u32 {
        let id = self.trace.segments.len() as u32;
        let (src, dst, to) = if from == "client" {
            (C, S, "server")
        } else {
            (S, C, "client")
        };
        let mut args = BTreeMap::new();
        args.insert("ack".to_owned(), ack.unwrap_or(0).to_string());
        self.trace.segments.push(Segment {
            id,
            conn,
            from: from.into(),
            to: to.into(),
            src: src.into(),
            dst: dst.into(),
            flags: flags.into(),
            seq,
            ack,
            len,
            window: 64240,
            sent_us: sent,
            recv_us: recv,
            fate: if recv.is_some() {
                Fate::Delivered
            } else {
                Fate::Dropped
            },
            rare: Some(Box::new(Rare {
                explain: format!("segment {id} explained"),
                ..Rare::default()
            })),
            msg: Some(Msg {
                key: "seg.ack".into(),
                args: args.into(),
                ..Msg::default()
            })
            .into(),
            rfc: Some("9293#3.5".into()),
            ..Segment::default()
        });
        id
    }

    fn state(&mut self, at: u64, ep: &str, conn: Option<u32>, from: State, to: State, seg: u32) {
        self.trace.states.push(StateChange {
            at_us: at,
            endpoint: ep.into(),
            conn,
            from,
            to,
            why: format!("{from} to {to}"),
            segment: if seg == u32::MAX { None } else { Some(seg) },
            ..StateChange::default()
        });
    }

    fn finish(mut self, end: u64) -> Trace {
        self.trace.states.sort_by_key(|s| s.at_us);
        self.trace.end_us = end;
        self.trace
    }
}

const CI: u32 = 3_626_544_836;
const SI: u32 = 1_739_326_486;

/// The seed's browse: handshake, GET, ACK, response, ACK, four-segment teardown (20 ms links).
pub fn browse() -> Trace {
    use Flag::*;
    let mut b = Builder::new();
    b.state(0, "server", None, State::Closed, State::Listen, u32::MAX);
    let syn = b.seg(0, "client", &[Syn], CI, None, 0, 0, Some(20_000));
    b.state(0, "client", Some(0), State::Closed, State::SynSent, syn);
    b.state(
        20_000,
        "server",
        Some(0),
        State::Listen,
        State::SynReceived,
        syn,
    );
    let synack = b.seg(
        0,
        "server",
        &[Syn, Ack],
        SI,
        Some(CI + 1),
        0,
        20_000,
        Some(40_000),
    );
    b.state(
        40_000,
        "client",
        Some(0),
        State::SynSent,
        State::Established,
        synack,
    );
    let ack = b.seg(
        0,
        "client",
        &[Ack],
        CI + 1,
        Some(SI + 1),
        0,
        40_000,
        Some(60_000),
    );
    b.state(
        60_000,
        "server",
        Some(0),
        State::SynReceived,
        State::Established,
        ack,
    );
    let get = b.seg(
        0,
        "client",
        &[Psh, Ack],
        CI + 1,
        Some(SI + 1),
        77,
        40_000,
        Some(60_000),
    );
    b.trace.segments[get as usize].http = Some("GET / HTTP/1.1".into());
    b.seg(
        0,
        "server",
        &[Ack],
        SI + 1,
        Some(CI + 78),
        0,
        60_000,
        Some(80_000),
    );
    let resp = b.seg(
        0,
        "server",
        &[Psh, Ack],
        SI + 1,
        Some(CI + 78),
        512,
        60_100,
        Some(80_100),
    );
    b.trace.segments[resp as usize].http = Some("HTTP/1.1 200 OK".into());
    b.seg(
        0,
        "client",
        &[Ack],
        CI + 78,
        Some(SI + 513),
        0,
        80_100,
        Some(100_100),
    );
    let fin1 = b.seg(
        0,
        "client",
        &[Fin, Ack],
        CI + 78,
        Some(SI + 513),
        0,
        80_200,
        Some(100_200),
    );
    b.state(
        80_200,
        "client",
        Some(0),
        State::Established,
        State::FinWait1,
        fin1,
    );
    b.state(
        100_200,
        "server",
        Some(0),
        State::Established,
        State::CloseWait,
        fin1,
    );
    let ack1 = b.seg(
        0,
        "server",
        &[Ack],
        SI + 513,
        Some(CI + 79),
        0,
        100_200,
        Some(120_200),
    );
    b.state(
        120_200,
        "client",
        Some(0),
        State::FinWait1,
        State::FinWait2,
        ack1,
    );
    let fin2 = b.seg(
        0,
        "server",
        &[Fin, Ack],
        SI + 513,
        Some(CI + 79),
        0,
        100_300,
        Some(120_300),
    );
    b.state(
        100_300,
        "server",
        Some(0),
        State::CloseWait,
        State::LastAck,
        fin2,
    );
    b.state(
        120_300,
        "client",
        Some(0),
        State::FinWait2,
        State::TimeWait,
        fin2,
    );
    let last = b.seg(
        0,
        "client",
        &[Ack],
        CI + 79,
        Some(SI + 514),
        0,
        120_300,
        Some(140_300),
    );
    b.state(
        140_300,
        "server",
        Some(0),
        State::LastAck,
        State::Closed,
        last,
    );
    b.trace.timers.push(Timer {
        endpoint: "client".into(),
        conn: Some(0),
        kind: TimerKind::Rto,
        armed_us: 0,
        deadline_us: 1_000_000,
        ended_us: Some(40_000),
        outcome: TimerOutcome::Cancelled,
        note: "RTO 1 s".into(),
        segment: Some(syn),
        ..Timer::default()
    });
    b.trace.timers.push(Timer {
        endpoint: "client".into(),
        conn: Some(0),
        kind: TimerKind::TimeWait,
        armed_us: 120_300,
        deadline_us: 60_120_300,
        ended_us: None,
        outcome: TimerOutcome::Pending,
        ..Timer::default()
    });
    b.finish(140_300)
}

/// A lost request retransmitted after the RTO, then 30 s idle before the close.
pub fn lossy() -> Trace {
    use Flag::*;
    let mut t = browse();
    // Request (id 3) lost on the way; its retransmission goes out 1 s later.
    let get = &mut t.segments[3];
    get.fate = Fate::Dropped;
    get.recv_us = None;
    get.rare_mut().lost_us = Some(50_000);
    let mut retx = t.segments[3].clone();
    retx.fate = Fate::Delivered;
    retx.rare_mut().lost_us = None;
    retx.analysis = vec![Analysis::Retransmission];
    // Shift everything after the request by 1 s (retransmission) and then 30 s (idle close).
    for seg in t.segments.iter_mut().skip(4) {
        let shift = if seg.id >= 7 { 31_000_000 } else { 1_000_000 };
        seg.sent_us += shift;
        seg.recv_us = seg.recv_us.map(|r| r + shift);
    }
    for st in t.states.iter_mut().filter(|s| s.at_us > 60_000) {
        st.at_us += 31_000_000;
    }
    retx.sent_us = 1_040_000;
    retx.recv_us = Some(1_060_000);
    t.segments.insert(4, retx);
    for (i, seg) in t.segments.iter_mut().enumerate() {
        seg.id = i as u32;
    }
    for st in t.states.iter_mut() {
        if let Some(s) = st.segment.as_mut() {
            if *s >= 4 {
                *s += 1;
            }
        }
    }
    t.timers.push(Timer {
        endpoint: "client".into(),
        conn: Some(0),
        kind: TimerKind::Rto,
        armed_us: 40_000,
        deadline_us: 1_040_000,
        ended_us: Some(1_040_000),
        outcome: TimerOutcome::Fired,
        segment: Some(3),
        ..Timer::default()
    });
    let _ = Syn;
    t.end_us += 31_000_000;
    t
}

/// Two connections one after the other, the second through a firewall lifeline.
pub fn two_connections() -> Trace {
    let mut t = browse();
    t.endpoints.insert(
        1,
        endpoint("fw", "Firewall", "203.0.113.1", Role::Middlebox),
    );
    let mut second: Vec<Segment> = t.segments.clone();
    let offset = t.segments.len() as u32;
    for seg in &mut second {
        seg.id += offset;
        seg.conn = 1;
        seg.sent_us += 200_000;
        seg.recv_us = seg.recv_us.map(|r| r + 200_000);
        seg.rare_mut().via = vec![Hop {
            endpoint: "fw".into(),
            at_us: seg.sent_us + 10_000,
            src: seg.src.to_string(),
            dst: seg.dst.to_string(),
            action: HopAction::Forwarded,
        }];
    }
    let mut states: Vec<StateChange> = t
        .states
        .iter()
        .filter(|s| s.conn.is_some())
        .cloned()
        .collect();
    for st in &mut states {
        st.conn = Some(1);
        st.at_us += 200_000;
        st.segment = st.segment.map(|s| s + offset);
    }
    t.segments.extend(second);
    t.states.extend(states);
    t.states.sort_by_key(|s| s.at_us);
    t.connections.push(Connection {
        id: 1,
        client: "192.168.1.116:3338".into(),
        server: S.into(),
        client_endpoint: "client".into(),
        server_endpoint: "server".into(),
        ..Connection::default()
    });
    t.end_us += 200_000;
    t
}
