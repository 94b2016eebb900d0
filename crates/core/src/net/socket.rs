//! Sockets: a TCP connection (an [`Endpoint`]), a listener, or a UDP socket, owned by an
//! application on a host.
//!
//! [`Sim::flush`] is where an endpoint meets the network: it records what the endpoint
//! reported, sends what it has to send as far as the link allows (applications are polled
//! only when their host's link is free, so `sent_us` is when a segment really leaves), and
//! schedules its next timer. Each [`TcpEvent`] becomes a Trace entry through the recorder:
//! a state change caused by an arriving segment names it, one the socket causes (a
//! connect's SYN, a close's FIN, an abort's RST) and a timer guarding the next segment wait
//! in `await_out` for the segment that realizes them. A connection that reaches CLOSED
//! leaves its host's demultiplexer at once. The socket calls that create and drive sockets
//! (`connect`, `listen`, `send`...) are in `api.rs`, behind [`super::AppCx`].

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::api::AppEvent;
use super::queue::Ev;
use super::record::{Addresses, Arming, Sender, Transition};
use super::wire::{Body, Packet};
use super::{explain, AppId, NodeId, NodeKind, Sim, SockId};
use crate::tcp::event::{Cause, Guard, Rtx, TcpEvent, UserEvent, Why};
use crate::tcp::segment::{FIN, RST, SYN};
use crate::tcp::timers::slot;
use crate::tcp::{Endpoint, SeqNum, State, TcpConfig, TcpSegment, Transmit};
use crate::trace::tcb_units::{bytes, us};
use crate::trace::{Name, TcbSample, TcbVar};

/// A listening socket.
pub(super) struct Listener {
    pub(super) port: u16,
    /// How many connections may wait half-open (SYN-RECEIVED).
    pub(super) backlog: u32,
    /// Connections now half-open.
    pub(super) pending: u32,
    /// The configuration of the connections it accepts.
    pub(super) cfg: TcpConfig,
}

/// A UDP datagram waiting for the link.
pub(super) struct Datagram {
    pub(super) to: SocketAddr,
    pub(super) data: Vec<u8>,
    /// Shown on the datagram (a request line).
    pub(super) label: Option<String>,
}

/// What a socket is.
pub(super) enum SockKind {
    Tcp(Box<Endpoint>),
    Listener(Listener),
    Udp {
        local: SocketAddr,
        out: VecDeque<Datagram>,
    },
}

/// A Trace entry waiting for the segment that realizes it.
#[derive(Clone, Copy)]
pub(super) enum Pending {
    /// State change `index`, resolved by the next segment with control bit `bit` (SYN for
    /// a connect, FIN for a close, RST for an abort).
    State { index: usize, bit: u8 },
    /// Timer `index`, guarding the next segment sent.
    Timer { index: usize },
}

/// The first transmission of some sequence space: what an RTO armed for `seq` guards.
struct FirstSent {
    seq: SeqNum,
    /// Its Trace segment id.
    id: u32,
}

/// Where an HTTP message starts in the stream, and its first line.
struct HttpMark {
    /// Stream offset of the message's first byte.
    offset: u64,
    line: String,
}

/// The socket's addresses as text, formatted once.
struct AddrText {
    src: SocketAddr,
    dst: SocketAddr,
    src_text: Name,
    dst_text: Name,
}

/// A socket and what the simulator keeps about it.
pub(super) struct Socket {
    pub(super) node: NodeId,
    pub(super) app: AppId,
    pub(super) kind: SockKind,
    pub(super) conn: Option<u32>,
    /// When its endpoint's earliest timer is due (scheduled as [`Ev::Wake`]).
    pub(super) wake: Option<u64>,
    /// The Trace index of each running TCP timer, by [`slot`].
    pub(super) timers: [Option<usize>; 7],
    /// State changes and timers that name the next segment this socket sends.
    pub(super) await_out: Vec<Pending>,
    /// First transmissions of sequence space, oldest first.
    sent: VecDeque<FirstSent>,
    /// HTTP message starts, in stream order.
    marks: Vec<HttpMark>,
    /// Bytes the application wrote so far.
    written: u64,
    /// The listener that accepted it.
    pub(super) parent: Option<SockId>,
    /// Its application was told of it (connected or accepted).
    pub(super) announced: bool,
    pub(super) alive: bool,
    /// The application shut down only its sending side (the texts say so).
    pub(super) shutdown: bool,
    addr_text: Option<AddrText>,
    /// Its last [`TcbSample`] and where it is in the Trace, to record only changes.
    tcb: Option<(TcbSample, usize)>,
}

impl Socket {
    /// The application wrote `n` more bytes; `line` starts an HTTP message at the first.
    pub(super) fn wrote(&mut self, n: usize, line: Option<&str>) {
        if let Some(line) = line {
            self.marks.push(HttpMark {
                offset: self.written,
                line: String::from(line),
            });
        }
        self.written += n as u64;
    }

    /// The addresses of a segment it sends, as text (formatted once per socket).
    fn addresses(&mut self, conn: u32, seg: &TcpSegment) -> Addresses {
        match &self.addr_text {
            Some(a) if a.src == seg.src && a.dst == seg.dst => Addresses {
                conn,
                src: a.src_text.clone(),
                dst: a.dst_text.clone(),
            },
            _ => {
                let (src_text, dst_text) = (
                    Name::from(seg.src.to_string()),
                    Name::from(seg.dst.to_string()),
                );
                self.addr_text = Some(AddrText {
                    src: seg.src,
                    dst: seg.dst,
                    src_text: src_text.clone(),
                    dst_text: dst_text.clone(),
                });
                Addresses {
                    conn,
                    src: src_text,
                    dst: dst_text,
                }
            }
        }
    }

    /// The first lines of the HTTP messages that start in `seg`'s payload, joined by `|`.
    fn http_lines(&self, seg: &TcpSegment) -> Option<String> {
        let SockKind::Tcp(ep) = &self.kind else {
            return None;
        };
        if seg.payload.is_empty() {
            return None;
        }
        // Modulo 2^32 (a keep-alive octet may sit just before the first byte).
        let off = u64::from(seg.seq.0.wrapping_sub(ep.iss().0.wrapping_add(1)));
        let end = off + seg.payload.len() as u64;
        let lo = self.marks.partition_point(|m| m.offset < off);
        let hi = self.marks.partition_point(|m| m.offset < end);
        (lo < hi).then(|| {
            let lines: Vec<&str> = self.marks[lo..hi].iter().map(|m| m.line.as_str()).collect();
            lines.join(" | ")
        })
    }
}

impl Sim {
    /// What a socket's history adds to the words of its explanations.
    pub(super) fn text_ctx(&self, s: Option<SockId>) -> explain::Ctx {
        s.map_or_else(explain::Ctx::default, |s| {
            let sock = &self.socks[s.0 as usize];
            explain::Ctx {
                shutdown: sock.shutdown,
                accepted: sock.parent.is_some(),
            }
        })
    }

    pub(super) fn new_socket(
        &mut self,
        node: NodeId,
        app: AppId,
        kind: SockKind,
        conn: Option<u32>,
    ) -> SockId {
        let id = SockId(self.socks.len() as u32);
        self.socks.push(Socket {
            node,
            app,
            kind,
            conn,
            wake: None,
            timers: [None; 7],
            await_out: Vec::new(),
            sent: VecDeque::new(),
            marks: Vec::new(),
            written: 0,
            parent: None,
            announced: false,
            alive: true,
            shutdown: false,
            addr_text: None,
            tcb: None,
        });
        if let Some(c) = conn {
            if let Some(n) = self.conn_live.get_mut(c as usize) {
                *n += 1;
            }
        }
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            h.socks.push(id);
        }
        id
    }

    /// Sends whatever a socket has to send (as far as its link allows), records what it
    /// reports, and schedules its next timer.
    pub(super) fn flush(&mut self, s: SockId) {
        if !self.socks[s.0 as usize].alive {
            return;
        }
        self.drain(s, None);
        // What the arriving segment (or the call) changed, before anything goes out.
        self.sample_tcb(s, self.current_in);
        let node = self.socks[s.0 as usize].node;
        let mut blocked = false;
        loop {
            let remote_ip = match &self.socks[s.0 as usize].kind {
                SockKind::Tcp(ep) => ep.remote().ip(),
                SockKind::Udp { out, .. } => match out.front() {
                    Some(d) => d.to.ip(),
                    None => break,
                },
                SockKind::Listener(_) => break,
            };
            let Some(link) = self.route(node, remote_ip) else {
                break;
            };
            if !self.link_free(node, link) {
                blocked = true;
                break;
            }
            let sock = &mut self.socks[s.0 as usize];
            match &mut sock.kind {
                SockKind::Tcp(ep) => {
                    let Some(t) = ep.poll_transmit(self.now) else {
                        break;
                    };
                    let state = ep.state();
                    let conn = sock.conn.unwrap_or(0);
                    let id = self.record_sent(s, conn, &t, state);
                    self.drain(s, Some(id));
                    self.sample_tcb(s, Some(id));
                    self.transmit(
                        node,
                        link,
                        Packet {
                            id,
                            conn,
                            body: Body::Tcp(t.seg),
                        },
                        true,
                    );
                }
                SockKind::Udp { local, out } => {
                    let local = *local;
                    let Some(Datagram { to, data, label }) = out.pop_front() else {
                        break;
                    };
                    let conn = self.udp_flow(node, local, to);
                    let id = self
                        .rec
                        .udp_datagram(self.now, node, (local, to), conn, &data, label);
                    self.transmit(
                        node,
                        link,
                        Packet {
                            id,
                            conn,
                            body: Body::Udp {
                                src: local,
                                dst: to,
                                data,
                            },
                        },
                        true,
                    );
                }
                SockKind::Listener(_) => break,
            }
        }
        self.drain(s, None);
        self.sample_tcb(s, self.current_in);
        // Forget a finished connection once it has nothing left to send: later segments
        // for it meet the stack's RST (RFC 9293 3.10.7.1).
        let finished = match &self.socks[s.0 as usize].kind {
            SockKind::Tcp(ep) => {
                ep.state() == State::Closed
                    || (ep.state() == State::Listen && self.socks[s.0 as usize].parent.is_some())
            }
            _ => false,
        };
        if finished {
            // The TCB is gone: from now on arriving segments meet the stack (RFC 9293
            // 3.10.7.1), even while a last RST still waits for the link.
            let sock = &self.socks[s.0 as usize];
            if let (SockKind::Tcp(ep), NodeKind::Host(h)) =
                (&sock.kind, &mut self.nodes[sock.node.0 as usize].kind)
            {
                let key = (ep.local(), ep.remote());
                if h.conns.get(&key) == Some(&s) {
                    h.conns.remove(&key);
                }
            }
            if !blocked {
                self.forget(s);
                return;
            }
        }
        self.reschedule(s);
    }

    /// Records socket `s`'s variables if they changed since its last sample; `segment` is
    /// the one just sent or being received, if that is what changed them.
    fn sample_tcb(&mut self, s: SockId, segment: Option<u32>) {
        if cfg!(feature = "measure-no-record") {
            return;
        }
        let sock = &mut self.socks[s.0 as usize];
        let (SockKind::Tcp(ep), Some(conn)) = (&sock.kind, sock.conn) else {
            return;
        };
        if matches!(ep.state(), State::Closed | State::Listen) {
            return;
        }
        let cc = ep.congestion_control();
        // In SYN-SENT nothing came from the peer: no RCV.NXT, no window offered yet, and no
        // congestion window (it is set when the handshake completes).
        let heard = ep.state() != State::SynSent;
        let sample = TcbSample::new(self.now, sock.node.0, conn, segment)
            .with(TcbVar::SndUna, Some(ep.snd_una().0))
            .with(TcbVar::SndNxt, Some(ep.snd_nxt().0))
            .with(TcbVar::SndWnd, heard.then(|| ep.snd_wnd()))
            .with(TcbVar::RcvNxt, heard.then(|| ep.rcv_nxt().0))
            .with(TcbVar::RcvWnd, Some(ep.rcv_wnd()))
            .with(TcbVar::Cwnd, (cc && heard).then(|| bytes(ep.cwnd())))
            .with(
                TcbVar::Ssthresh,
                (cc && heard).then(|| ssthresh(ep.ssthresh())),
            )
            .with(TcbVar::SrttUs, ep.srtt().map(us))
            .with(TcbVar::RttvarUs, ep.rttvar().map(us))
            .with(TcbVar::RtoUs, Some(us(ep.rto())))
            .with(TcbVar::InFlight, Some(bytes(ep.in_flight())))
            .with(TcbVar::SndBuf, Some(bytes(ep.send_queue())))
            .with(TcbVar::RcvBuf, Some(bytes(ep.recv_queue())));
        match sock.tcb {
            Some((last, _)) if last.same_values(&sample) => {}
            // More changes at the same moment, one of them without a segment of its own (the
            // application read what just arrived, wrote what is sent next): one sample.
            Some((last, at))
                if last.at_us == sample.at_us
                    && (last.segment().is_none() || sample.segment().is_none()) =>
            {
                let mut merged = sample;
                merged.set_segment(sample.segment().or(last.segment()));
                sock.tcb = Some((merged, at));
                self.rec.retake_tcb(at, merged);
            }
            _ => {
                sock.tcb = Some((sample, self.rec.tcb_count()));
                self.rec.tcb(sample);
            }
        }
    }

    /// Records a segment socket `s` sends: the segment itself, then the state changes and
    /// timers that waited for it; remembers a first transmission for the RTO it may guard.
    fn record_sent(&mut self, s: SockId, conn: u32, t: &Transmit, state: State) -> u32 {
        let seg = &t.seg;
        let ctx = self.text_ctx(Some(s));
        let sk = &mut self.socks[s.0 as usize];
        let id = if cfg!(feature = "measure-no-record") {
            self.rec.unrecorded_segment(conn)
        } else {
            let http = sk.http_lines(seg);
            let addrs = sk.addresses(conn, seg);
            self.rec
                .tcp_segment(self.now, sk.node, addrs, t, Sender { state, http, ctx })
        };
        let rec = &mut self.rec;
        sk.await_out.retain(|p| match *p {
            Pending::State { index, bit } if seg.flags & bit != 0 => {
                rec.state_realized_by(index, id);
                false
            }
            Pending::State { .. } => true,
            Pending::Timer { index } => {
                rec.timer_guards(index, id);
                false
            }
        });
        // New sequence space: data, or a SYN or FIN.
        if t.rtx == Rtx::No && (!seg.payload.is_empty() || seg.syn() || seg.fin()) {
            sk.sent.push_back(FirstSent { seq: seg.seq, id });
        }
        id
    }

    /// Schedules the socket's next TCP timer, if it moved.
    fn reschedule(&mut self, s: SockId) {
        let next = match &self.socks[s.0 as usize].kind {
            SockKind::Tcp(ep) => ep.poll_timeout(),
            _ => None,
        };
        let sock = &mut self.socks[s.0 as usize];
        if next != sock.wake {
            sock.wake = next;
            if let Some(at) = next {
                self.schedule(at.max(self.now), Ev::Wake(s));
                // A deadline already past fires at once.
                if at < self.now {
                    self.socks[s.0 as usize].wake = Some(self.now);
                }
            }
        }
    }

    /// The socket is gone: out of its host's tables, its connection one socket fewer.
    pub(super) fn forget(&mut self, s: SockId) {
        let sock = &mut self.socks[s.0 as usize];
        if !sock.alive {
            return;
        }
        sock.alive = false;
        sock.wake = None;
        let node = sock.node;
        let key = match &sock.kind {
            SockKind::Tcp(ep) => Some((ep.local(), ep.remote())),
            _ => None,
        };
        if let Some(c) = sock.conn {
            if let Some(n) = self.conn_live.get_mut(c as usize) {
                *n = n.saturating_sub(1);
            }
        }
        if let NodeKind::Host(h) = &mut self.nodes[node.0 as usize].kind {
            if let Some(k) = key {
                if h.conns.get(&k) == Some(&s) {
                    h.conns.remove(&k);
                }
            }
            h.socks.retain(|&x| x != s);
        }
    }

    /// Records everything the endpoint reported. `sent`: the segment it just sent.
    fn drain(&mut self, s: SockId, sent: Option<u32>) {
        loop {
            let ev = match &mut self.socks[s.0 as usize].kind {
                SockKind::Tcp(ep) => ep.poll_event(),
                _ => None,
            };
            let Some(ev) = ev else { break };
            self.on_tcp_event(s, ev, sent);
        }
    }

    /// One thing the endpoint reported: into the Trace, or to the application.
    fn on_tcp_event(&mut self, s: SockId, ev: TcpEvent, sent: Option<u32>) {
        let node = self.socks[s.0 as usize].node;
        let conn = self.socks[s.0 as usize].conn;
        match ev {
            TcpEvent::State {
                from,
                to,
                why,
                cause,
                rfc,
            } => {
                let port = match &self.socks[s.0 as usize].kind {
                    SockKind::Tcp(ep) => ep.local().port(),
                    _ => 0,
                };
                let msg = explain::state_msg_in(from, to, why, port, self.text_ctx(Some(s)));
                let segment = match cause {
                    Cause::Incoming => self.current_in,
                    Cause::Outgoing => None,
                    Cause::Other => None,
                };
                let change = Transition { from, to, msg, rfc };
                let index = self.rec.state(self.now, node, conn, change, segment);
                if cause == Cause::Outgoing {
                    let bit = match why {
                        Why::ActiveOpen { .. } => SYN,
                        Why::Close { .. } => FIN,
                        _ => RST,
                    };
                    self.socks[s.0 as usize]
                        .await_out
                        .push(Pending::State { index, bit });
                }
                if from == State::SynReceived || to == State::Closed {
                    self.child_settled(s);
                }
            }
            TcpEvent::TimerArmed {
                kind,
                deadline,
                note,
                guard,
            } => {
                let msg = crate::trace::TimerMsg::noted(explain::TimerNoteMsg::new(
                    note,
                    deadline.saturating_sub(self.now),
                ));
                let segment = match guard {
                    Guard::None => None,
                    Guard::LastSent => sent,
                    Guard::Seq(seq) => {
                        let sock = &mut self.socks[s.0 as usize];
                        while sock.sent.front().is_some_and(|f| f.seq < seq) {
                            sock.sent.pop_front();
                        }
                        sock.sent.front().filter(|f| f.seq == seq).map(|f| f.id)
                    }
                };
                let arming = Arming {
                    kind,
                    deadline_us: deadline,
                    msg,
                    segment,
                };
                let index = self.rec.timer(self.now, node, conn, arming);
                let sock = &mut self.socks[s.0 as usize];
                if guard == Guard::LastSent && sent.is_none() {
                    sock.await_out.push(Pending::Timer { index });
                }
                sock.timers[slot(kind)] = Some(index);
            }
            TcpEvent::TimerStopped { kind, outcome } => {
                if let Some(index) = self.socks[s.0 as usize].timers[slot(kind)].take() {
                    self.rec.timer_ended(index, self.now, outcome);
                }
            }
            TcpEvent::Arrival(tag) => {
                if let Some(id) = self.current_in {
                    self.rec.tag(id, tag);
                }
            }
            TcpEvent::User(u) => self.user_event(s, u),
        }
    }

    /// A child of a listener left SYN-RECEIVED: it no longer counts against the backlog.
    fn child_settled(&mut self, s: SockId) {
        if let Some(l) = self.socks[s.0 as usize].parent {
            let was_pending = !self.socks[s.0 as usize].announced;
            if was_pending {
                if let SockKind::Listener(li) = &mut self.socks[l.0 as usize].kind {
                    li.pending = li.pending.saturating_sub(1);
                }
            }
        }
    }

    /// News for the socket's application.
    fn user_event(&mut self, s: SockId, u: UserEvent) {
        let app = self.socks[s.0 as usize].app;
        let ev = match u {
            UserEvent::Connected => {
                let parent = self.socks[s.0 as usize].parent;
                self.socks[s.0 as usize].announced = true;
                match parent {
                    Some(l) => AppEvent::Accepted {
                        listener: l,
                        sock: s,
                    },
                    None => AppEvent::Connected(s),
                }
            }
            UserEvent::Readable => AppEvent::Readable(s),
            UserEvent::Writable => AppEvent::Writable(s),
            UserEvent::PeerClosed => AppEvent::PeerClosed(s),
            UserEvent::Closed(r) => {
                let sock = &self.socks[s.0 as usize];
                // A connection the application never saw ends silently.
                if sock.parent.is_some() && !sock.announced {
                    return;
                }
                AppEvent::Closed(s, r)
            }
        };
        self.notes.push_back((app, ev));
    }
}

/// ssthresh as a sample holds it: the engine's "arbitrarily high" start (half the range of
/// `usize`, which differs between the CLI and the page's wasm) is [`TcbSample::UNLIMITED`].
fn ssthresh(v: usize) -> u32 {
    if v >= usize::MAX / 2 {
        TcbSample::UNLIMITED
    } else {
        bytes(v)
    }
}
