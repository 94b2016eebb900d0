//! The recorder: the only code that writes the [`Trace`] while the world runs.
//!
//! The rest of `net` decides what happened and tells the [`Recorder`] in engine terms (a
//! node, a connection, a [`Transmit`], a state change or timer with its message, picked by
//! the caller through [`super::explain`]); the recorder turns that into Trace entries, asks
//! `explain` for the message of a segment, renders the English texts, and keeps the
//! Trace's ids (a segment's id is its index; a state change or timer is named by its index
//! until the segment that realizes it is known). Its `trace` field is private to this file,
//! so the compiler keeps every write (and read) of the Trace here.
//!
//! What the Trace looks like at the end is decided in [`Recorder::finish`] (segments still
//! travelling, reordering) and [`Recorder::run_truncated`] (a run cut at the segment cap).

use alloc::borrow::Cow;
use alloc::collections::btree_map::Entry;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::middlebox::MiddleboxSpec;
use super::{explain, HostSpec, NodeId};
use crate::i18n::{self, Lang};
use crate::tcp::{State, TcpSegment, Transmit};
use crate::trace::{
    Analysis, Bytes, Connection, Endpoint, Event, EventKind, Fate, Flag, Flags, Hop, Msg, Name,
    Proto, Role, SegMsg, SegNote, Segment, StateChange, TcbSample, Timer, TimerKind, TimerMsg,
    TimerOutcome, Trace, TupleView,
};

/// What the sender of a TCP segment adds to its explanation.
pub(super) struct Sender {
    /// The sender's state when it sent the segment.
    pub state: State,
    /// The HTTP line the segment starts, if any.
    pub http: Option<String>,
    /// What the socket's history adds to the words (a half-close, an accepted socket).
    pub ctx: explain::Ctx,
}

/// A segment's connection and its addresses as the Trace writes them (`ip:port`).
pub(super) struct Addresses {
    /// Trace connection id.
    pub conn: u32,
    /// Source as text.
    pub src: Name,
    /// Destination as text.
    pub dst: Name,
}

/// A socket's change of state: from, to, why (its message) and the RFC section.
pub(super) struct Transition {
    pub from: State,
    pub to: State,
    pub msg: Msg,
    pub rfc: &'static str,
}

/// A timer being armed.
pub(super) struct Arming {
    pub kind: TimerKind,
    pub deadline_us: u64,
    /// What it is for; `None` for a timer without a note.
    pub msg: TimerMsg,
    /// The segment it guards, when already known.
    pub segment: Option<u32>,
}

/// The Trace being written, and the only way to write it.
pub(super) struct Recorder {
    trace: Trace,
    /// Each lifeline's id (by node), made once and shared by the segments it sends.
    names: Vec<Name>,
    /// Each connection's client and server lifeline (the server's empty when unknown).
    ends: Vec<(Name, Name)>,
}

impl Recorder {
    /// An empty Trace for `scenario` run with `seed`.
    pub(super) fn new(scenario: &str, seed: u64) -> Self {
        Recorder {
            trace: Trace::new(Some(String::from(scenario)), Some(seed)),
            names: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// The lifeline id of a node (nodes and lifelines are added in the same order).
    fn name(&self, node: NodeId) -> &str {
        &self.trace.endpoints[node.0 as usize].id
    }

    /// A node's lifeline id, shared.
    fn node_name(&self, node: NodeId) -> Name {
        self.names[node.0 as usize].clone()
    }

    // ----- lifelines and connections -----------------------------------------------------

    /// The lifeline of a new host.
    pub(super) fn host(&mut self, spec: &HostSpec) {
        self.names.push(Name::from(&spec.id));
        self.trace.endpoints.push(Endpoint {
            id: spec.id.clone(),
            label: spec.label.clone(),
            ip: spec.ip.to_string(),
            role: spec.role,
            label_msg: spec.label_msg.clone(),
        });
    }

    /// The lifeline of a new middlebox.
    pub(super) fn middlebox(&mut self, spec: &MiddleboxSpec) {
        self.names.push(Name::from(&spec.id));
        self.trace.endpoints.push(Endpoint {
            id: spec.id.clone(),
            label: spec.label.clone(),
            ip: spec.ip.to_string(),
            role: Role::Middlebox,
            label_msg: Some(Msg::of(spec.label_key, &[])),
        });
    }

    /// A new connection (or UDP flow) opened by `client_node`; returns its id.
    pub(super) fn connection(
        &mut self,
        proto: Proto,
        client: SocketAddr,
        server: SocketAddr,
        client_node: NodeId,
        server_node: Option<NodeId>,
    ) -> u32 {
        let id = self.trace.connections.len() as u32;
        let client_end = self.node_name(client_node);
        let server_end = server_node.map_or_else(Name::default, |n| self.node_name(n));
        let (client_endpoint, server_endpoint) = (client_end.to_string(), server_end.to_string());
        self.ends.push((client_end, server_end));
        self.trace.connections.push(Connection {
            id,
            proto,
            client: client.to_string(),
            server: server.to_string(),
            client_endpoint,
            server_endpoint,
            server_side: None,
        });
        id
    }

    /// The client's address as the server sees it, behind a NAT.
    pub(super) fn nat_view(&mut self, conn: u32, public: SocketAddr, server: SocketAddr) {
        if let Some(c) = self.trace.connections.get_mut(conn as usize) {
            c.server_side = Some(TupleView {
                client: public.to_string(),
                server: server.to_string(),
            });
        }
    }

    /// The lifeline at the other end of a connection from `from`.
    fn other_end(&self, conn: u32, from: &Name) -> Name {
        match self.ends.get(conn as usize) {
            Some((client, server)) if client == from => server.clone(),
            Some((client, _)) => client.clone(),
            None => Name::default(),
        }
    }

    // ----- segments ----------------------------------------------------------------------

    /// Segments recorded so far.
    pub(super) fn segment_count(&self) -> usize {
        self.trace.segments.len()
    }

    /// A segment of connection `conn` with nothing recorded of it but its number: the
    /// `measure-no-record` build's, which measures the run without its recording.
    pub(super) fn unrecorded_segment(&mut self, conn: u32) -> u32 {
        let id = self.trace.segments.len() as u32;
        self.trace.segments.push(Segment {
            id,
            conn,
            ..Segment::default()
        });
        id
    }

    /// A TCP segment `from` sends (an endpoint's, or its stack's RST), explained by what
    /// the endpoint said of it (`t`) and by its [`Sender`].
    pub(super) fn tcp_segment(
        &mut self,
        now: u64,
        from: NodeId,
        addrs: Addresses,
        t: &Transmit,
        sender: Sender,
    ) -> u32 {
        let id = self.trace.segments.len() as u32;
        let seg = &t.seg;
        let Sender { state, http, ctx } = sender;
        let note = explain::SentNote::of(t, state, ctx);
        let from = self.node_name(from);
        let to = self.other_end(addrs.conn, &from);
        self.trace.segments.push(Segment {
            id,
            conn: addrs.conn,
            proto: Proto::Tcp,
            from,
            to,
            src: addrs.src,
            dst: addrs.dst,
            flags: Flag::from_bits(seg.flags),
            seq: seg.seq.0,
            ack: seg.ack_num().map(|a| a.0),
            len: seg.payload.len() as u32,
            window: u32::from(seg.window),
            window_unknown: false,
            options: seg.options.clone(),
            sent_us: now,
            recv_us: None,
            fate: Fate::InFlight,
            analysis: t.tags.clone(),
            http,
            rare: None,
            msg: SegMsg::noted(SegNote::Sent(note)),
            rfc: Some(Cow::Borrowed(explain::segment_rfc(t))),
            payload: Bytes(seg.payload.clone()),
        });
        // The message made from the note and the recorded segment is the one the segment
        // sent makes (what the note keeps and what it leaves to the segment are split
        // right): checked in every test run.
        #[cfg(debug_assertions)]
        if let Some(rec) = self.trace.segments.last() {
            let sent = explain::segment_msg(t, state, rec.http.as_deref(), ctx);
            debug_assert_eq!(rec.message().as_deref(), Some(&sent), "segment {id}");
        }
        id
    }

    /// A UDP datagram `from` sends; `label` (a request line) is shown on it.
    pub(super) fn udp_datagram(
        &mut self,
        now: u64,
        from: NodeId,
        (src, dst): (SocketAddr, SocketAddr),
        conn: u32,
        data: &[u8],
        label: Option<String>,
    ) -> u32 {
        let id = self.trace.segments.len() as u32;
        let from = self.node_name(from);
        let to = self.other_end(conn, &from);
        let msg = explain::udp_msg(src, dst, data.len(), label.as_deref());
        self.trace.segments.push(Segment {
            id,
            conn,
            proto: Proto::Udp,
            from,
            to,
            src: Name::from(src.to_string()),
            dst: Name::from(dst.to_string()),
            flags: Flags::new(),
            seq: 0,
            ack: None,
            len: data.len() as u32,
            window: 0,
            window_unknown: false,
            options: Default::default(),
            sent_us: now,
            recv_us: None,
            fate: Fate::InFlight,
            analysis: Vec::new(),
            http: label,
            rare: None,
            msg: msg.into(),
            rfc: Some(Cow::Borrowed("768")),
            payload: Bytes::from(data),
        });
        id
    }

    /// A RST a middlebox sends in the name of the other side, toward `to` (the lifeline
    /// owning the destination address, if any), explained by `msg`.
    pub(super) fn middlebox_rst(
        &mut self,
        now: u64,
        from: NodeId,
        to: Option<NodeId>,
        conn: u32,
        seg: &TcpSegment,
        msg: Msg,
    ) -> u32 {
        let id = self.trace.segments.len() as u32;
        let to = to.map_or_else(Name::default, |n| self.node_name(n));
        self.trace.segments.push(Segment {
            id,
            conn,
            proto: Proto::Tcp,
            from: self.node_name(from),
            to,
            src: Name::from(seg.src.to_string()),
            dst: Name::from(seg.dst.to_string()),
            flags: Flag::from_bits(seg.flags),
            seq: seg.seq.0,
            ack: seg.ack_num().map(|a| a.0),
            len: 0,
            window: 0,
            window_unknown: false,
            options: Default::default(),
            sent_us: now,
            recv_us: None,
            fate: Fate::InFlight,
            analysis: Vec::new(),
            http: None,
            // Its explanation is `msg`'s English, rendered when read (`explain_en`): kept
            // here, the Trace would not compare equal to itself read back from its JSON.
            rare: None,
            msg: msg.into(),
            rfc: Some(Cow::Borrowed("9293#3.10.7.1")),
            payload: Bytes::default(),
        });
        id
    }

    /// A second copy of segment `of` that the link made at `now`; returns the copy's id.
    pub(super) fn duplicate(&mut self, of: u32, now: u64) -> u32 {
        let mut rec = self.trace.segments[of as usize].clone();
        let id = self.trace.segments.len() as u32;
        rec.id = id;
        rec.fate = Fate::Duplicated;
        rec.sent_us = now;
        rec.recv_us = None;
        let rare = rec.rare_mut();
        rare.dup_of = Some(of);
        rare.lost_us = None;
        rare.via.clear();
        self.trace.segments.push(rec);
        id
    }

    /// Segment `id` was lost at `at` (never before it was sent).
    pub(super) fn lost(&mut self, id: u32, at: u64) {
        let seg = &mut self.trace.segments[id as usize];
        seg.fate = Fate::Dropped;
        let at = at.max(seg.sent_us);
        seg.rare_mut().lost_us = Some(at);
    }

    /// Segment `id` reached its destination host at `now`.
    pub(super) fn arrived(&mut self, id: u32, now: u64) {
        let seg = &mut self.trace.segments[id as usize];
        seg.recv_us = Some(now);
        if seg.fate == Fate::InFlight {
            seg.fate = Fate::Delivered;
        }
    }

    /// Segment `id` passed a middlebox (`hop` says which and how it left).
    pub(super) fn hop(&mut self, id: u32, hop: Hop) {
        self.trace.segments[id as usize].rare_mut().via.push(hop);
    }

    /// Segment `id` was stopped by a middlebox (`hop` says which and whether it reset).
    pub(super) fn stopped_by_middlebox(&mut self, id: u32, hop: Hop) {
        let seg = &mut self.trace.segments[id as usize];
        seg.fate = Fate::DroppedByMiddlebox;
        let rare = seg.rare_mut();
        rare.lost_us = Some(hop.at_us);
        rare.via.push(hop);
    }

    /// The receiver's analysis of segment `id` (a duplicate ACK, a window probe...).
    pub(super) fn tag(&mut self, id: u32, tag: Analysis) {
        let seg = &mut self.trace.segments[id as usize];
        if !seg.analysis.contains(&tag) {
            seg.analysis.push(tag);
        }
    }

    // ----- socket variables --------------------------------------------------------------

    /// A socket's variables changed ([`TcbSample`]).
    pub(super) fn tcb(&mut self, sample: TcbSample) {
        self.trace.tcb.push(sample);
    }

    /// Samples so far.
    pub(super) fn tcb_count(&self) -> usize {
        self.trace.tcb.len()
    }

    /// Sample `at` (the same socket's last) takes these values instead: more changed at the
    /// same moment.
    pub(super) fn retake_tcb(&mut self, at: usize, sample: TcbSample) {
        self.trace.tcb.set(at, sample);
    }

    // ----- state changes -----------------------------------------------------------------

    /// A state change of one of `node`'s sockets, caused by `segment` if known; returns
    /// its index for [`Recorder::state_realized_by`].
    pub(super) fn state(
        &mut self,
        now: u64,
        node: NodeId,
        conn: Option<u32>,
        change: Transition,
        segment: Option<u32>,
    ) -> usize {
        let idx = self.trace.states.len();
        let endpoint = String::from(self.name(node));
        self.trace.states.push(StateChange {
            at_us: now,
            endpoint,
            conn,
            from: change.from,
            to: change.to,
            why: i18n::render(Lang::En, &change.msg),
            msg: Some(change.msg),
            segment,
            rfc: Some(String::from(change.rfc)),
            inferred: false,
        });
        idx
    }

    /// State change `idx` happened with segment `id` (the SYN of a connect, the FIN of a
    /// close, the RST of an abort).
    pub(super) fn state_realized_by(&mut self, idx: usize, id: u32) {
        self.trace.states[idx].segment = Some(id);
    }

    // ----- timers ------------------------------------------------------------------------

    /// A timer armed at `now` on `node`; returns its index, which names it until it ends.
    pub(super) fn timer(
        &mut self,
        now: u64,
        node: NodeId,
        conn: Option<u32>,
        arming: Arming,
    ) -> usize {
        let idx = self.trace.timers.len();
        let endpoint = self.node_name(node);
        self.trace.timers.push(Timer {
            endpoint,
            conn,
            kind: arming.kind,
            armed_us: now,
            deadline_us: arming.deadline_us,
            ended_us: None,
            outcome: TimerOutcome::Pending,
            note: String::new(),
            msg: arming.msg,
            segment: arming.segment,
        });
        idx
    }

    /// Timer `idx` guards segment `id` (sent after the timer was armed).
    pub(super) fn timer_guards(&mut self, idx: usize, id: u32) {
        self.trace.timers[idx].segment = Some(id);
    }

    /// Timer `idx` fired or was cancelled at `now`.
    pub(super) fn timer_ended(&mut self, idx: usize, now: u64, outcome: TimerOutcome) {
        let t = &mut self.trace.timers[idx];
        t.ended_us = Some(now);
        t.outcome = outcome;
    }

    /// Timer `idx`, if still running, is cancelled at `now` (its host crashed).
    pub(super) fn timer_cancelled_if_running(&mut self, idx: usize, now: u64) {
        let t = &mut self.trace.timers[idx];
        if t.ended_us.is_none() {
            t.ended_us = Some(now);
            t.outcome = TimerOutcome::Cancelled;
        }
    }

    // ----- events and the end ------------------------------------------------------------

    /// A story event on `node`'s lifeline.
    pub(super) fn event(
        &mut self,
        now: u64,
        node: NodeId,
        conn: Option<u32>,
        kind: EventKind,
        msg: Msg,
    ) {
        let endpoint = String::from(self.name(node));
        self.trace.events.push(Event {
            at_us: now,
            endpoint,
            conn,
            kind,
            text: i18n::render(Lang::En, &msg),
            msg: Some(msg),
        });
    }

    /// The run stops at `now` with `max_segments` segments at most and a `run-truncated`
    /// event that says how many.
    ///
    /// The event that reached the cap may have sent a few more (a segment and its network
    /// copy, a burst the window allowed). What those later segments caused goes with them,
    /// so every id the Trace names still exists.
    pub(super) fn run_truncated(&mut self, now: u64, max_segments: usize) {
        if self.trace.segments.len() > max_segments {
            self.trace.segments.truncate(max_segments);
            let n = max_segments as u32;
            let kept = |s: Option<u32>| s.is_none_or(|id| id < n);
            self.trace.states.retain(|c| kept(c.segment));
            self.trace.timers.retain(|t| kept(t.segment));
            self.trace.tcb.retain(|t| kept(t.segment()));
        }
        let m = Msg::of(
            "event.run_truncated",
            &[("segments", self.trace.segments.len().to_string())],
        );
        self.trace.events.push(Event {
            at_us: now,
            endpoint: String::new(),
            conn: None,
            kind: EventKind::RunTruncated,
            text: i18n::render(Lang::En, &m),
            msg: Some(m),
        });
    }

    /// The finished Trace, ending at `end_us`: segments still travelling are marked in
    /// flight, a delivered segment that arrived after one sent later in the same direction
    /// of the same connection is marked reordered, and a link that went down or came back
    /// after everything else was over is left out (it changed nothing).
    pub(super) fn finish(mut self, end_us: u64) -> Trace {
        self.trace.events.retain(|e| {
            !(e.at_us > end_us && matches!(e.kind, EventKind::LinkCut | EventKind::LinkRestored))
        });
        // One pass from the last segment back: a segment that has not arrived is in flight;
        // one delivered before a later-sent segment of its direction arrived was reordered.
        let mut earliest_later: BTreeMap<(u32, Name), u64> = BTreeMap::new();
        for seg in self.trace.segments.iter_mut().rev() {
            let Some(recv) = seg.recv_us else {
                if matches!(seg.fate, Fate::Delivered | Fate::Duplicated) {
                    seg.fate = Fate::InFlight;
                }
                continue;
            };
            match earliest_later.entry((seg.conn, seg.from.clone())) {
                Entry::Vacant(e) => {
                    e.insert(recv);
                }
                Entry::Occupied(mut e) => {
                    let later = e.get_mut();
                    if *later < recv && seg.fate == Fate::Delivered {
                        seg.fate = Fate::Reordered;
                    }
                    *later = (*later).min(recv);
                }
            }
        }
        self.trace.end_us = end_us;
        self.trace.tcb.shrink_to_fit();
        self.trace
    }
}
