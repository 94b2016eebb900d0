//! One TCP connection (a TCB in RFC 9293's words), sans-IO.
//!
//! The caller hands in segments ([`Endpoint::handle_segment`]) and time
//! ([`Endpoint::handle_timeout`]), polls out segments ([`Endpoint::poll_transmit`]), the next
//! deadline ([`Endpoint::poll_timeout`]) and events ([`Endpoint::poll_event`]), and makes the
//! user calls of RFC 9293 3.10 (`connect`, `listen`, `send`, `recv`, `close`, `abort`). The
//! endpoint never reads a clock. Every state change goes through one `set_state`;
//! every incoming segment goes through the one `match (state, kind)` of `handle_segment`
//! (each arm names its RFC section; the synchronized states then follow 3.10.7.4's ordered
//! checks in `synchronized`).
//!
//! Where the RFCs leave a choice, or real stacks differ from the text, the code says so
//! where it happens:
//! - loss recovery: RTO with go-back and backoff (`rto_expired`; 3 s after a retransmitted
//!   SYN, `handshake_rto`, RFC 6298 5.7; the backoff ends only with a valid RTT sample, and
//!   none comes from a sequence number sent twice, Karn's rule in `Rtt::sample`), fast
//!   retransmit on the third duplicate ACK (`duplicate_ack`; none below the `recover` a
//!   timeout records, `rto_recover`, RFC 6582 3.2), NewReno partial ACKs (`on_new_ack`,
//!   `Rtx::Partial`, tagged a plain retransmission as Wireshark does) or, with SACK, one
//!   reported hole per duplicate ACK (`next_sack_hole`); `data_segment` decides what a
//!   repair sends;
//! - out-of-order data counts against the receive buffer, as in Linux (`wnd_candidate`), so
//!   the duplicate ACKs of a hole keep their window;
//! - keep-alive probes only an idle connection (`arm_keepalive`, RFC 1122 4.2.3.6);
//! - an empty segment exactly at the receive window's right edge is accepted, as BSD and
//!   Linux do (RFC 9293's test is exclusive), so a peer with its whole window in flight can
//!   still deliver its ACKs (`synchronized`).

use alloc::borrow::Cow;
use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::assembler::Assembler;
use super::config::TcpConfig;
use super::event::{
    AckWhy, Cause, CloseReason, Guard, RstWhy, Rtx, SendWhy, TcpEvent, TimerNote, UserEvent, Why,
};
use super::segment::{TcpSegment, ACK, FIN, PSH, RST, SYN};
use super::seq::SeqNum;
use super::state::State;
use super::timers::{Deadlines, Rtt};
use crate::trace::{Analysis, TimerKind, TimerOutcome};

/// The MSS assumed when the peer sends no MSS option (RFC 9293 3.7.1).
const DEFAULT_PEER_MSS: usize = 536;
/// At most one ACK per this interval answers out-of-window segments without data and
/// RFC 5961 challenges (Linux's `tcp_invalid_ratelimit` is 500 ms).
const OOW_ACK_INTERVAL_US: u64 = 500_000;
/// Octets the timestamps option takes from every segment's payload room (10 + 2 padding).
const TS_ROOM: usize = 12;
/// The RTO once the handshake is over if a SYN (or SYN,ACK) had to be retransmitted and
/// no round trip could be measured (RFC 6298 5.7).
const RTO_FALLBACK_US: u64 = 3_000_000;

/// A segment the endpoint wants on the wire, with the reason it is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transmit {
    /// The segment.
    pub seg: TcpSegment,
    /// Why it is sent.
    pub why: SendWhy,
    /// Whether (and how) it is a retransmission.
    pub rtx: Rtx,
    /// Analysis tags the sender knows.
    pub tags: Vec<Analysis>,
    /// The acknowledgment number this endpoint sent last before this segment, if any.
    pub prev_ack: Option<SeqNum>,
}

/// A user call made in a state that does not allow it (RFC 9293 3.10 error replies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpError {
    /// "connection already exists".
    AlreadyExists,
    /// "connection closing": no more sends after close.
    Closing,
    /// "connection does not exist".
    NotConnected,
}

impl core::fmt::Display for TcpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            TcpError::AlreadyExists => "connection already exists",
            TcpError::Closing => "connection closing",
            TcpError::NotConnected => "connection does not exist",
        })
    }
}

/// The kind of an incoming segment, as the state machine distinguishes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// RST set.
    Rst,
    /// SYN without ACK.
    Syn,
    /// SYN and ACK.
    SynAck,
    /// ACK without SYN or RST (with or without data and FIN).
    Ack,
    /// None of SYN, ACK, RST.
    Bare,
}

fn kind_of(seg: &TcpSegment) -> Kind {
    match (seg.rst(), seg.syn(), seg.is_ack()) {
        (true, _, _) => Kind::Rst,
        (false, true, false) => Kind::Syn,
        (false, true, true) => Kind::SynAck,
        (false, false, true) => Kind::Ack,
        (false, false, false) => Kind::Bare,
    }
}

/// What processing an incoming segment should do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Stop,
}

/// One TCP connection endpoint.
#[derive(Debug)]
pub struct Endpoint {
    cfg: TcpConfig,
    state: State,
    local: SocketAddr,
    remote: SocketAddr,
    /// Came from LISTEN (RFC 9293 3.10.7.4: an RST returns it to LISTEN).
    passive: bool,

    // Send sequence space (RFC 9293 3.3.1).
    iss: SeqNum,
    snd_una: SeqNum,
    snd_nxt: SeqNum,
    /// One past the highest sequence number ever sent (snd_nxt goes back on a timeout).
    snd_max: SeqNum,
    snd_wnd: u32,
    max_snd_wnd: u32,
    snd_wl1: SeqNum,
    snd_wl2: SeqNum,
    snd_mss: usize,
    snd_shift: u8,
    /// Unacknowledged and unsent data; `tx[0]` has sequence number `tx_seq`.
    tx: VecDeque<u8>,
    tx_seq: SeqNum,
    fin_queued: bool,
    syn_due: bool,
    /// The SYN,ACK goes again because the peer repeated its SYN.
    syn_repeat: bool,

    // Receive sequence space.
    irs: SeqNum,
    rcv_nxt: SeqNum,
    /// Right edge of the window we advertised last (never moves left: RFC 9293 3.8.6.2.2).
    rcv_adv: SeqNum,
    rcv_shift: u8,
    rx: VecDeque<u8>,
    /// Stream offset of `rcv_nxt` (bytes delivered in order so far).
    rcv_off: u64,
    ooo: Assembler,
    last_ooo: u64,
    /// Stream offset of the peer's FIN, once seen (possibly ahead of `rcv_off`).
    fin_at: Option<u64>,
    fin_in: bool,
    /// Bytes received in order since our last ACK (delayed-ACK accounting).
    unacked_in: usize,

    // Options.
    wscale_ok: bool,
    sack_ok: bool,
    ts_ok: bool,
    ts_recent: u32,
    ts_offset: u32,
    /// SACK blocks reported by the peer (sender side), as sequence ranges.
    sacked: Vec<(SeqNum, SeqNum)>,
    /// In SACK recovery: the next sequence number to consider for retransmission.
    sack_next: SeqNum,
    /// In SACK recovery: holes that may be sent again now (one per duplicate ACK).
    sack_budget: u32,

    // Pending control output.
    ack_now: Option<AckWhy>,
    rst_out: Option<(TcpSegment, RstWhy)>,
    /// A retransmission from SND.UNA is due: after three duplicate ACKs (`Rtx::Fast`) or
    /// a NewReno partial ACK (`Rtx::Partial`).
    fast_rtx: Option<Rtx>,
    keepalive_due: bool,
    probe_due: bool,
    last_ack_sent: Option<SeqNum>,
    last_win_sent: u16,
    last_oow_ack: Option<u64>,

    // Timers and retransmission.
    timers: Deadlines,
    rtt: Rtt,
    /// RTT sample in progress: (sequence number that must be acknowledged, sent at).
    rtt_probe: Option<(SeqNum, u64)>,
    retries: u32,
    rtx_info: Rtx,
    /// Our SYN (or SYN,ACK) was retransmitted after a timeout (RFC 6298 5.7).
    syn_timed_out: bool,
    /// The RTO is the RFC 6298 5.7 fallback (until the first round-trip sample).
    rto_fallback: bool,
    persisting: bool,
    persist_backoff: u32,
    keepalive_probes: u32,

    // Congestion control (RFC 5681, RFC 6582).
    cwnd: usize,
    ssthresh: usize,
    dupacks: u32,
    recover: Option<SeqNum>,
    /// RFC 6582's `recover` as a timeout records it (3.2 step 4): the highest sequence
    /// number sent. Until SND.UNA reaches it, a third duplicate ACK starts no fast
    /// retransmit (step 1): the duplicates are of data the timeout already sends again.
    rto_recover: Option<SeqNum>,

    events: VecDeque<TcpEvent>,
}

impl Endpoint {
    /// A closed endpoint bound to `local`.
    pub fn new(cfg: TcpConfig, local: SocketAddr) -> Self {
        let unspecified = SocketAddr::new(local.ip(), 0);
        Endpoint {
            cfg,
            state: State::Closed,
            local,
            remote: unspecified,
            passive: false,
            iss: SeqNum(0),
            snd_una: SeqNum(0),
            snd_nxt: SeqNum(0),
            snd_max: SeqNum(0),
            snd_wnd: 0,
            max_snd_wnd: 0,
            snd_wl1: SeqNum(0),
            snd_wl2: SeqNum(0),
            snd_mss: DEFAULT_PEER_MSS,
            snd_shift: 0,
            tx: VecDeque::new(),
            tx_seq: SeqNum(0),
            fin_queued: false,
            syn_due: false,
            syn_repeat: false,
            irs: SeqNum(0),
            rcv_nxt: SeqNum(0),
            rcv_adv: SeqNum(0),
            rcv_shift: 0,
            rx: VecDeque::new(),
            rcv_off: 0,
            ooo: Assembler::default(),
            last_ooo: 0,
            fin_at: None,
            fin_in: false,
            unacked_in: 0,
            wscale_ok: false,
            sack_ok: false,
            ts_ok: false,
            ts_recent: 0,
            ts_offset: 0,
            sacked: Vec::new(),
            sack_next: SeqNum(0),
            sack_budget: 0,
            ack_now: None,
            rst_out: None,
            fast_rtx: None,
            keepalive_due: false,
            probe_due: false,
            last_ack_sent: None,
            last_win_sent: 0,
            last_oow_ack: None,
            timers: Deadlines::default(),
            rtt: Rtt::new(cfg.rto_initial_us, cfg.rto_min_us, cfg.rto_max_us),
            rtt_probe: None,
            retries: 0,
            rtx_info: Rtx::No,
            syn_timed_out: false,
            rto_fallback: false,
            persisting: false,
            persist_backoff: 1,
            keepalive_probes: 0,
            cwnd: 0,
            ssthresh: usize::MAX / 2,
            dupacks: 0,
            recover: None,
            rto_recover: None,
            events: VecDeque::new(),
        }
    }

    /// A child of a listening socket: already in LISTEN (the listener recorded its own
    /// CLOSED -> LISTEN), about to handle the SYN that creates it.
    pub fn new_listening(cfg: TcpConfig, local: SocketAddr, iss: SeqNum) -> Self {
        let mut ep = Endpoint::new(cfg, local);
        ep.state = State::Listen;
        ep.passive = true;
        ep.iss = iss;
        ep
    }

    // ----- introspection -------------------------------------------------------------

    /// Current state.
    pub fn state(&self) -> State {
        self.state
    }
    /// Local socket.
    pub fn local(&self) -> SocketAddr {
        self.local
    }
    /// Remote socket (port 0 until known).
    pub fn remote(&self) -> SocketAddr {
        self.remote
    }
    /// The configuration.
    pub fn config(&self) -> &TcpConfig {
        &self.cfg
    }
    /// Our initial sequence number.
    pub fn iss(&self) -> SeqNum {
        self.iss
    }
    /// The peer's initial sequence number.
    pub fn irs(&self) -> SeqNum {
        self.irs
    }
    /// SND.UNA.
    pub fn snd_una(&self) -> SeqNum {
        self.snd_una
    }
    /// SND.NXT.
    pub fn snd_nxt(&self) -> SeqNum {
        self.snd_nxt
    }
    /// SND.WND (scaled).
    pub fn snd_wnd(&self) -> u32 {
        self.snd_wnd
    }
    /// RCV.NXT.
    pub fn rcv_nxt(&self) -> SeqNum {
        self.rcv_nxt
    }
    /// RCV.WND as last advertised. In SYN-SENT, before RCV.NXT is known, the window the
    /// SYN offered.
    pub fn rcv_wnd(&self) -> u32 {
        if self.state == State::SynSent {
            return self.syn_window() as u32;
        }
        self.adv_wnd() as u32
    }
    /// The congestion window.
    pub fn cwnd(&self) -> usize {
        self.cwnd
    }
    /// The slow-start threshold (`usize::MAX / 2` until a loss sets it: "arbitrarily
    /// high", RFC 5681 3.1).
    pub fn ssthresh(&self) -> usize {
        self.ssthresh
    }
    /// True if the window is limited by congestion control as well as by SND.WND.
    pub fn congestion_control(&self) -> bool {
        self.cfg.congestion_control
    }
    /// Data sent and not yet acknowledged (RFC 5681's FlightSize): from the oldest
    /// unacknowledged octet of data to the highest sent (after a timeout SND.NXT goes
    /// back; this does not). The SYN and FIN are no data and do not count.
    pub fn in_flight(&self) -> usize {
        if matches!(self.state, State::Closed | State::Listen) {
            return 0;
        }
        let fin = self.fin_seq();
        let high = if self.snd_max > fin {
            fin
        } else {
            self.snd_max
        };
        if high > self.tx_seq {
            high - self.tx_seq
        } else {
            0
        }
    }
    /// RTTVAR, once an RTT was measured.
    pub fn rttvar(&self) -> Option<u64> {
        self.rtt.srtt.map(|_| self.rtt.rttvar)
    }
    /// The RTO that would be armed now (with backoff).
    pub fn rto(&self) -> u64 {
        self.rtt.current()
    }
    /// SRTT, once measured.
    pub fn srtt(&self) -> Option<u64> {
        self.rtt.srtt
    }
    /// Effective send MSS.
    pub fn mss(&self) -> usize {
        self.snd_mss
    }
    /// Bytes waiting for the application.
    pub fn recv_queue(&self) -> usize {
        self.rx.len()
    }
    /// Bytes written but not yet acknowledged.
    pub fn send_queue(&self) -> usize {
        self.tx.len()
    }
    /// True once the peer's FIN was received and every byte before it was read.
    pub fn at_eof(&self) -> bool {
        self.fin_in && self.rx.is_empty()
    }
    /// Deadline of a timer kind, if armed.
    pub fn timer(&self, kind: TimerKind) -> Option<u64> {
        self.timers.get(kind)
    }

    // ----- user calls (RFC 9293 3.10.1 - 3.10.6) ---------------------------------------

    /// OPEN (active): send a SYN with initial sequence number `iss` to `remote`.
    ///
    /// On a socket in LISTEN this is RFC 9293's SEND with a remote socket: the connection
    /// turns from passive to active (LISTEN -> SYN-SENT, section 3.10.2).
    pub fn connect(&mut self, now: u64, remote: SocketAddr, iss: SeqNum) -> Result<(), TcpError> {
        let rfc = match self.state {
            State::Closed => "9293#3.10.1",
            State::Listen => {
                self.passive = false;
                "9293#3.10.2"
            }
            State::SynSent
            | State::SynReceived
            | State::Established
            | State::FinWait1
            | State::FinWait2
            | State::CloseWait
            | State::Closing
            | State::LastAck
            | State::TimeWait => return Err(TcpError::AlreadyExists),
        };
        self.remote = remote;
        self.iss = iss;
        self.snd_una = iss;
        self.snd_nxt = iss;
        self.snd_max = iss;
        self.tx_seq = iss + 1;
        self.ts_offset = iss.0.rotate_left(13);
        self.syn_due = true;
        self.set_state(
            now,
            State::SynSent,
            Why::ActiveOpen { iss },
            Cause::Outgoing,
            rfc,
        );
        Ok(())
    }

    /// OPEN (passive): wait in LISTEN; a SYN will be answered with initial sequence `iss`.
    pub fn listen(&mut self, now: u64, iss: SeqNum) -> Result<(), TcpError> {
        if self.state != State::Closed {
            return Err(TcpError::AlreadyExists);
        }
        self.passive = true;
        self.iss = iss;
        self.set_state(
            now,
            State::Listen,
            Why::PassiveOpen,
            Cause::Other,
            "9293#3.10.1",
        );
        Ok(())
    }

    /// SEND: queue bytes; they go out as the windows allow. Returns the bytes queued.
    pub fn send(&mut self, now: u64, data: &[u8]) -> Result<usize, TcpError> {
        self.send_cow(now, Cow::Borrowed(data))
    }

    /// SEND of bytes given or lent: given into an empty send buffer, they become it, not a
    /// copy of them (an HTTP server's whole response, written at once).
    pub fn send_cow(&mut self, _now: u64, data: Cow<'_, [u8]>) -> Result<usize, TcpError> {
        match self.state {
            State::SynSent | State::SynReceived | State::Established | State::CloseWait => {
                if self.fin_queued {
                    return Err(TcpError::Closing);
                }
                let n = data.len();
                match data {
                    Cow::Owned(v) if self.tx.is_empty() => self.tx = VecDeque::from(v),
                    // From a slice: one memcpy, also in the page's size-optimised build.
                    data => self.tx.extend(&data[..]),
                }
                Ok(n)
            }
            State::FinWait1
            | State::FinWait2
            | State::Closing
            | State::LastAck
            | State::TimeWait => Err(TcpError::Closing),
            State::Closed | State::Listen => Err(TcpError::NotConnected),
        }
    }

    /// RECEIVE: takes up to `max` in-order bytes. Reading may open the window enough to
    /// deserve a window update (RFC 9293 3.8.6.2.2).
    pub fn recv(&mut self, now: u64, max: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(max.min(self.rx.len()));
        self.recv_with(now, max, &mut |part| out.extend_from_slice(part));
        out
    }

    /// [`Endpoint::recv`] without a copy: hands up to `max` in-order bytes to `read`, in
    /// one or two parts as they wait in the receive buffer, then takes them; answers how
    /// many (an application that only counts or parses what it reads).
    pub fn recv_with(&mut self, _now: u64, max: usize, read: &mut dyn FnMut(&[u8])) -> usize {
        let n = max.min(self.rx.len());
        let (a, b) = self.rx.as_slices();
        let first = n.min(a.len());
        if first > 0 {
            read(&a[..first]);
        }
        if n > first {
            read(&b[..n - first]);
        }
        self.rx.drain(..n);
        if n > 0 && self.state.is_synchronized() && !self.fin_in {
            let old = self.adv_wnd();
            let new = self.wnd_candidate();
            let threshold = self.sws_threshold();
            if new >= old + threshold && old * 2 <= self.cfg.rcv_buf as usize {
                self.want_ack(AckWhy::WindowUpdate);
            }
        }
        n
    }

    /// CLOSE: no more data from us. Queues a FIN after the data (RFC 9293 3.10.4).
    pub fn close(&mut self, now: u64) -> Result<(), TcpError> {
        match self.state {
            // 9293#3.10.4: LISTEN and SYN-SENT just delete the TCB.
            State::Listen | State::SynSent => {
                self.set_state(
                    now,
                    State::Closed,
                    Why::CloseUnconnected,
                    Cause::Other,
                    "9293#3.10.4",
                );
                self.finish(CloseReason::Aborted);
                Ok(())
            }
            // 9293#3.10.4: queue a FIN and go to FIN-WAIT-1 (or LAST-ACK after the peer's FIN).
            State::SynReceived | State::Established | State::CloseWait => {
                if self.fin_queued {
                    return Err(TcpError::Closing);
                }
                self.fin_queued = true;
                let fin = self.fin_seq();
                let to = if self.state == State::CloseWait {
                    State::LastAck
                } else {
                    State::FinWait1
                };
                self.cancel(TimerKind::Keepalive);
                self.set_state(now, to, Why::Close { fin }, Cause::Outgoing, "9293#3.10.4");
                Ok(())
            }
            State::FinWait1
            | State::FinWait2
            | State::Closing
            | State::LastAck
            | State::TimeWait => Err(TcpError::Closing),
            State::Closed => Err(TcpError::NotConnected),
        }
    }

    /// ABORT: send a RST where the peer may still hold state, then CLOSED (RFC 9293 3.10.5).
    pub fn abort(&mut self, now: u64) {
        match self.state {
            State::SynReceived
            | State::Established
            | State::FinWait1
            | State::FinWait2
            | State::CloseWait => {
                let seg = self.make(self.snd_max, RST);
                self.rst_out = Some((seg, RstWhy::Abort));
                self.set_state(
                    now,
                    State::Closed,
                    Why::Abort,
                    Cause::Outgoing,
                    "9293#3.10.5",
                );
                self.finish(CloseReason::Aborted);
            }
            State::Listen | State::SynSent | State::Closing | State::LastAck | State::TimeWait => {
                self.set_state(now, State::Closed, Why::Abort, Cause::Other, "9293#3.10.5");
                self.finish(CloseReason::Aborted);
            }
            State::Closed => {}
        }
    }

    // ----- the state machine -----------------------------------------------------------

    /// Handles one arriving segment (RFC 9293 3.10.7).
    pub fn handle_segment(&mut self, now: u64, seg: &TcpSegment) {
        if self.state.is_synchronized() || self.state == State::SynReceived {
            self.note_activity(now);
        }
        match (self.state, kind_of(seg)) {
            // 9293#3.10.7.1: an incoming RST to a closed connection is discarded.
            (State::Closed, Kind::Rst) => {}
            // 9293#3.10.7.1: anything else to a closed connection is answered with a RST.
            // A reset of our own still waiting to leave (an abort) is not replaced.
            (State::Closed, Kind::Syn | Kind::SynAck | Kind::Ack | Kind::Bare) => {
                if self.rst_out.is_none() {
                    self.rst_out = Some((reset_for(seg), RstWhy::NoConnection));
                }
            }
            // 9293#3.10.7.2 first: a RST to LISTEN is ignored.
            (State::Listen, Kind::Rst) => {}
            // 9293#3.10.7.2 second: any ACK in LISTEN is bad: RST <SEQ=SEG.ACK>.
            (State::Listen, Kind::Ack | Kind::SynAck) => {
                self.rst_out = Some((reset_for(seg), RstWhy::BadAck));
            }
            // 9293#3.10.7.2 third: a SYN: SYN-RECEIVED, answer SYN,ACK.
            (State::Listen, Kind::Syn) => self.listen_syn(now, seg),
            // 9293#3.10.7.2 fourth: anything else is dropped.
            (State::Listen, Kind::Bare) => {}
            // 9293#3.10.7.3: our SYN answered by SYN,ACK (or an unacceptable ACK: RST).
            (State::SynSent, Kind::SynAck) => self.syn_sent_synack(now, seg),
            // 9293#3.10.7.3 fourth: the peer's SYN crossed ours: simultaneous open.
            (State::SynSent, Kind::Syn) => self.simultaneous_open(now, seg),
            // 9293#3.10.7.3 second: a RST is acceptable only with an ACK of our SYN: refused.
            (State::SynSent, Kind::Rst) => {
                if seg.is_ack() && seg.ack == self.snd_nxt {
                    self.set_state(
                        now,
                        State::Closed,
                        Why::Refused,
                        Cause::Incoming,
                        "9293#3.10.7.3",
                    );
                    self.finish(CloseReason::Refused);
                }
            }
            // 9293#3.10.7.3 first and fifth: ACK without SYN: RST if it acknowledges
            // something we never sent, else drop.
            (State::SynSent, Kind::Ack) => {
                if seg.ack <= self.iss || seg.ack > self.snd_nxt {
                    self.rst_out = Some((reset_for(seg), RstWhy::BadAck));
                }
            }
            // 9293#3.10.7.3 fifth: neither SYN nor RST: drop.
            (State::SynSent, Kind::Bare) => {}
            // 9293#3.10.7.4: the synchronized states (and SYN-RECEIVED) check in order:
            // sequence number, RST, SYN, ACK, text, FIN.
            (
                State::SynReceived
                | State::Established
                | State::FinWait1
                | State::FinWait2
                | State::CloseWait
                | State::Closing
                | State::LastAck
                | State::TimeWait,
                kind,
            ) => self.synchronized(now, seg, kind),
        }
    }

    /// LISTEN + SYN (RFC 9293 3.10.7.2 third).
    fn listen_syn(&mut self, now: u64, seg: &TcpSegment) {
        self.remote = seg.src;
        self.irs = seg.seq;
        self.rcv_nxt = seg.seq + 1;
        self.snd_una = self.iss;
        self.snd_nxt = self.iss;
        self.snd_max = self.iss;
        self.tx_seq = self.iss + 1;
        self.ts_offset = self.iss.0.rotate_left(13);
        self.take_syn_options(seg);
        self.rcv_adv = self.rcv_nxt + self.syn_window();
        self.snd_wnd = u32::from(seg.window);
        self.max_snd_wnd = self.snd_wnd;
        self.snd_wl1 = seg.seq;
        self.syn_due = true;
        let (irs, iss) = (self.irs, self.iss);
        self.set_state(
            now,
            State::SynReceived,
            Why::SynReceived { irs, iss },
            Cause::Incoming,
            "9293#3.10.7.2",
        );
        // Data on a SYN is legal; keep it for after the handshake (RFC 9293 3.10.7.2).
        if !seg.payload.is_empty() {
            self.accept_text(now, seg.seq + 1, &seg.payload, seg.fin());
        }
    }

    /// SYN-SENT + SYN,ACK (RFC 9293 3.10.7.3 first and fourth).
    fn syn_sent_synack(&mut self, now: u64, seg: &TcpSegment) {
        if seg.ack <= self.iss || seg.ack > self.snd_nxt {
            self.rst_out = Some((reset_for(seg), RstWhy::BadAck));
            return;
        }
        self.irs = seg.seq;
        self.rcv_nxt = seg.seq + 1;
        self.take_syn_options(seg);
        self.rcv_adv = self.rcv_nxt + self.syn_window();
        self.snd_wnd = u32::from(seg.window);
        self.max_snd_wnd = self.snd_wnd;
        self.snd_wl1 = seg.seq;
        self.snd_wl2 = seg.ack;
        self.ack_advance(now, seg.ack);
        self.handshake_rto();
        self.set_state(
            now,
            State::Established,
            Why::SynAckReceived { ack: seg.ack },
            Cause::Incoming,
            "9293#3.10.7.3",
        );
        self.ack_now = Some(AckWhy::Handshake);
        self.push(TcpEvent::User(UserEvent::Connected));
        self.arm_keepalive(now);
        if !seg.payload.is_empty() || seg.fin() {
            self.accept_text(now, seg.seq + 1, &seg.payload, seg.fin());
        }
    }

    /// SYN-SENT + SYN: both sides opened at once (RFC 9293 3.10.7.3 fourth, figure 8).
    fn simultaneous_open(&mut self, now: u64, seg: &TcpSegment) {
        self.irs = seg.seq;
        self.rcv_nxt = seg.seq + 1;
        self.take_syn_options(seg);
        self.rcv_adv = self.rcv_nxt + self.syn_window();
        self.snd_wnd = u32::from(seg.window);
        self.max_snd_wnd = self.snd_wnd;
        self.snd_wl1 = seg.seq;
        // Our SYN goes again, now with an ACK: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
        self.snd_nxt = self.iss;
        self.syn_due = true;
        let irs = self.irs;
        self.set_state(
            now,
            State::SynReceived,
            Why::SimultaneousOpen { irs },
            Cause::Incoming,
            "9293#3.10.7.3",
        );
    }

    /// The synchronized states and SYN-RECEIVED (RFC 9293 3.10.7.4), step by step.
    fn synchronized(&mut self, now: u64, seg: &TcpSegment, kind: Kind) {
        // Simultaneous open, figure 8 line 6: the peer's SYN,ACK repeats its SYN (already
        // counted in RCV.NXT) and acknowledges ours.
        if self.state == State::SynReceived
            && !self.passive
            && kind == Kind::SynAck
            && seg.seq == self.irs
        {
            if seg.ack > self.snd_una && seg.ack <= self.snd_max {
                self.establish(now, seg);
            } else {
                self.rst_out = Some((reset_for(seg), RstWhy::BadAck));
            }
            return;
        }
        // A repeated SYN while we are in SYN-RECEIVED: our SYN,ACK was lost; send it again.
        if self.state == State::SynReceived && kind == Kind::Syn && seg.seq == self.irs {
            self.syn_due = true;
            self.syn_repeat = true;
            self.snd_nxt = self.iss;
            return;
        }

        // First: the sequence number (the acceptance test of 3.10.7.4). An empty segment
        // exactly at the window's right edge passes too, as in BSD and Linux: a peer whose
        // whole window is in flight sends its ACKs with that number (its SND.NXT), and if
        // they were refused while its retransmissions are old duplicates here, neither
        // side would ever read the other's acknowledgment again.
        let len = seg.seg_len();
        let at_edge = len == 0 && kind != Kind::Rst && seg.seq == self.rcv_nxt + self.adv_wnd();
        if !self.acceptable(seg.seq, len) && !at_edge {
            if kind == Kind::Rst {
                // RFC 5961 3.2: a RST outside the window is silently dropped.
                return;
            }
            let why = self.unacceptable_reply(seg);
            // An ACK answering a segment without data is rate-limited (as Linux does), so
            // two confused endpoints cannot feed each other ACKs forever.
            let limited = len == 0
                && matches!(why, AckWhy::Unacceptable)
                && self
                    .last_oow_ack
                    .is_some_and(|t| now < t + OOW_ACK_INTERVAL_US);
            // RCV.WND = 0: still take valid ACKs (RFC 9293 3.10.7.4, "special allowance").
            if self.adv_wnd() == 0 && seg.seq == self.rcv_nxt && seg.is_ack() {
                let _ = self.process_ack(now, seg);
            }
            if why == AckWhy::TimeWaitFin {
                self.arm_time_wait(now);
            }
            if !limited {
                if len == 0 {
                    self.last_oow_ack = Some(now);
                }
                self.want_ack(why);
            }
            return;
        }

        // RFC 7323 4.3: remember the peer's newest timestamp for our TSecr.
        if let (true, Some((tsval, _))) = (self.ts_ok, seg.options.ts) {
            if self.last_ack_sent.is_none_or(|a| seg.seq <= a) {
                self.ts_recent = tsval;
            }
        }

        // Second: RST (RFC 9293 3.10.7.4 second, RFC 5961 3.2).
        if kind == Kind::Rst {
            if seg.seq != self.rcv_nxt {
                self.challenge_ack(now);
                return;
            }
            match self.state {
                // A passive open goes back to LISTEN.
                State::SynReceived if self.passive => {
                    self.set_state(
                        now,
                        State::Listen,
                        Why::Reset { seq: seg.seq },
                        Cause::Incoming,
                        "9293#3.10.7.4",
                    );
                    self.finish(CloseReason::Reset);
                }
                State::SynReceived => {
                    self.set_state(
                        now,
                        State::Closed,
                        Why::Refused,
                        Cause::Incoming,
                        "9293#3.10.7.4",
                    );
                    self.finish(CloseReason::Refused);
                }
                State::Established
                | State::FinWait1
                | State::FinWait2
                | State::CloseWait
                | State::Closing
                | State::LastAck
                | State::TimeWait => {
                    self.set_state(
                        now,
                        State::Closed,
                        Why::Reset { seq: seg.seq },
                        Cause::Incoming,
                        "9293#3.10.7.4",
                    );
                    self.finish(CloseReason::Reset);
                }
                State::Closed | State::Listen | State::SynSent => {}
            }
            return;
        }

        // Fourth: SYN in a synchronized state (RFC 9293 3.10.7.4 fourth, RFC 5961 4).
        if seg.syn() {
            if self.state == State::SynReceived && self.passive {
                self.set_state(
                    now,
                    State::Listen,
                    Why::Reset { seq: seg.seq },
                    Cause::Incoming,
                    "9293#3.10.7.4",
                );
                self.finish(CloseReason::Reset);
            } else {
                self.challenge_ack(now);
            }
            return;
        }

        // Fifth: the ACK field.
        if !seg.is_ack() {
            return;
        }
        match self.state {
            State::SynReceived => {
                if seg.ack > self.snd_una && seg.ack <= self.snd_max {
                    self.establish(now, seg);
                } else {
                    self.rst_out = Some((reset_for(seg), RstWhy::BadAck));
                    return;
                }
            }
            State::Established | State::CloseWait | State::FinWait2 => {
                if self.process_ack(now, seg) == Flow::Stop {
                    return;
                }
            }
            State::FinWait1 => {
                if self.process_ack(now, seg) == Flow::Stop {
                    return;
                }
                if self.fin_acked() {
                    self.set_state(
                        now,
                        State::FinWait2,
                        Why::FinAcked { ack: seg.ack },
                        Cause::Incoming,
                        "9293#3.10.7.4",
                    );
                    if let Some(t) = self.cfg.fin_wait2_us {
                        self.arm(
                            TimerKind::FinWait2,
                            now + t,
                            TimerNote::FinWait2,
                            Guard::None,
                        );
                    }
                }
            }
            State::Closing => {
                if self.process_ack(now, seg) == Flow::Stop {
                    return;
                }
                if self.fin_acked() {
                    self.set_state(
                        now,
                        State::TimeWait,
                        Why::FinAcked { ack: seg.ack },
                        Cause::Incoming,
                        "9293#3.10.7.4",
                    );
                    self.arm_time_wait(now);
                }
                return;
            }
            State::LastAck => {
                if self.process_ack(now, seg) == Flow::Stop {
                    return;
                }
                if self.fin_acked() {
                    self.set_state(
                        now,
                        State::Closed,
                        Why::FinAcked { ack: seg.ack },
                        Cause::Incoming,
                        "9293#3.10.7.4",
                    );
                    self.finish(CloseReason::Normal);
                }
                return;
            }
            State::TimeWait => {
                // Only a retransmitted FIN can arrive; it is handled below.
            }
            State::Closed | State::Listen | State::SynSent => return,
        }

        // Sixth (URG) is not used. Seventh and eighth: text and FIN.
        match self.state {
            State::Established | State::FinWait1 | State::FinWait2 => {
                if !seg.payload.is_empty() || seg.fin() {
                    self.accept_text(now, seg.seq, &seg.payload, seg.fin());
                }
            }
            // The peer already sent its FIN: text cannot follow it.
            State::CloseWait
            | State::Closing
            | State::LastAck
            | State::TimeWait
            | State::SynReceived
            | State::Closed
            | State::Listen
            | State::SynSent => {}
        }
    }

    /// SYN-RECEIVED -> ESTABLISHED on an acceptable ACK (RFC 9293 3.10.7.4 fifth).
    fn establish(&mut self, now: u64, seg: &TcpSegment) {
        self.snd_wnd = u32::from(seg.window) << self.snd_shift;
        self.max_snd_wnd = self.max_snd_wnd.max(self.snd_wnd);
        self.snd_wl1 = seg.seq;
        self.snd_wl2 = seg.ack;
        self.ack_advance(now, seg.ack);
        self.handshake_rto();
        self.set_state(
            now,
            State::Established,
            Why::SynAcked { ack: seg.ack },
            Cause::Incoming,
            "9293#3.10.7.4",
        );
        self.push(TcpEvent::User(UserEvent::Connected));
        self.arm_keepalive(now);
    }

    /// The handshake is over: if a SYN had to be retransmitted, no round trip was measured
    /// (Karn) and the RTO is re-initialized: 3 s rather than 1 s, no backoff (RFC 6298 5.7).
    fn handshake_rto(&mut self) {
        if self.syn_timed_out && self.rtt.fall_back(RTO_FALLBACK_US) {
            self.rto_fallback = true;
        }
    }

    /// RFC 5961 challenge ACK, at most one per [`OOW_ACK_INTERVAL_US`] (RFC 5961 7).
    fn challenge_ack(&mut self, now: u64) {
        if self
            .last_oow_ack
            .is_none_or(|t| now >= t + OOW_ACK_INTERVAL_US)
        {
            self.last_oow_ack = Some(now);
            self.want_ack(AckWhy::Challenge);
        }
    }

    /// Which ACK answers an unacceptable segment.
    fn unacceptable_reply(&mut self, seg: &TcpSegment) -> AckWhy {
        let probe_like = !seg.syn() && !seg.fin() && seg.payload.len() <= 1;
        if probe_like && seg.seq + 1 == self.rcv_nxt && self.state.is_synchronized() {
            self.push(TcpEvent::Arrival(Analysis::KeepAlive));
            AckWhy::KeepAliveReply
        } else if self.adv_wnd() == 0 && seg.seq == self.rcv_nxt && !seg.payload.is_empty() {
            self.push(TcpEvent::Arrival(Analysis::ZeroWindowProbe));
            AckWhy::ZeroWindowProbeReply
        } else if self.state == State::TimeWait
            && seg.fin()
            && seg.seq + (seg.seg_len()) == self.rcv_nxt
        {
            AckWhy::TimeWaitFin
        } else {
            AckWhy::Unacceptable
        }
    }

    /// RFC 9293 3.10.7.4 acceptance test (the table of four cases).
    fn acceptable(&self, seq: SeqNum, len: usize) -> bool {
        let wnd = self.adv_wnd();
        let nxt = self.rcv_nxt;
        let end = nxt + wnd;
        match (len, wnd) {
            (0, 0) => seq == nxt,
            (0, _) => seq.in_window(nxt, end),
            (_, 0) => false,
            (_, _) => seq.in_window(nxt, end) || (seq + (len - 1)).in_window(nxt, end),
        }
    }

    /// ACK processing in the synchronized states (RFC 9293 3.10.7.4 fifth, RFC 5961 5.2,
    /// RFC 5681 and RFC 6582 for duplicate ACKs).
    fn process_ack(&mut self, now: u64, seg: &TcpSegment) -> Flow {
        let ack = seg.ack;
        if ack > self.snd_max {
            // It acknowledges something not yet sent: answer with an ACK and drop it.
            self.want_ack(AckWhy::AckTooNew);
            return Flow::Stop;
        }
        if ack < self.snd_una - self.max_snd_wnd as usize {
            // RFC 5961 5.2: far too old to be real.
            self.want_ack(AckWhy::Challenge);
            return Flow::Stop;
        }
        if self.sack_ok && !seg.options.sack.is_empty() {
            self.take_sack(&seg.options.sack);
        }
        let old_wnd = self.snd_wnd;
        let new_wnd = u32::from(seg.window) << self.snd_shift;
        if ack > self.snd_una {
            self.ack_advance(now, ack);
        } else if ack == self.snd_una
            && seg.payload.is_empty()
            && !seg.fin()
            && new_wnd == old_wnd
            && self.snd_max > self.snd_una
        {
            self.duplicate_ack();
        }
        // Window update (RFC 9293 3.10.7.4: SND.WL1 / SND.WL2 keep old segments out).
        if self.snd_una <= ack
            && (self.snd_wl1 < seg.seq || (self.snd_wl1 == seg.seq && self.snd_wl2 <= ack))
        {
            self.snd_wnd = new_wnd;
            self.max_snd_wnd = self.max_snd_wnd.max(new_wnd);
            self.snd_wl1 = seg.seq;
            self.snd_wl2 = ack;
            if self.persisting && new_wnd > 0 {
                // The window opened: leave persist mode, resend the probe byte as data.
                self.persisting = false;
                self.persist_backoff = 1;
                self.cancel(TimerKind::Persist);
                if self.snd_nxt > self.snd_una {
                    self.snd_nxt = self.snd_una;
                    self.rtx_info = Rtx::Probe;
                }
            }
        }
        Flow::Continue
    }

    /// SND.UNA moves to `ack`: drop acknowledged data, measure the RTT, grow the window,
    /// restart or stop the retransmission timer (RFC 6298 5.2, 5.3).
    fn ack_advance(&mut self, now: u64, ack: SeqNum) {
        // Data octets acknowledged (the SYN and FIN take no room in `tx`).
        let mut data_acked = 0;
        if ack > self.tx_seq {
            data_acked = (ack - self.tx_seq).min(self.tx.len());
            self.tx.drain(..data_acked);
            self.tx_seq += data_acked;
        }
        if let Some((target, sent)) = self.rtt_probe {
            if ack >= target {
                self.rtt.sample(now - sent);
                self.rtt_probe = None;
            }
        }
        // New data acknowledged: the retry count starts again. The backoff ends only with
        // a valid sample (in `Rtt::sample`): Karn's rule keeps it after an ACK that covers
        // retransmitted data only (RFC 6298 5).
        self.retries = 0;
        self.rtx_info = Rtx::No;
        self.dupacks = 0;
        if self.rto_recover.is_some_and(|r| ack >= r) {
            self.rto_recover = None;
        }
        // RFC 5681 3.1 counts the data acknowledged: the SYN and FIN grow no window.
        self.on_new_ack(data_acked, ack);
        self.snd_una = ack;
        if self.snd_nxt < ack {
            self.snd_nxt = ack;
        }
        self.sacked.retain(|&(_, e)| e > ack);
        if self.snd_una == self.snd_max {
            self.cancel(TimerKind::Rto);
            self.cancel(TimerKind::UserTimeout);
            if self.tx.is_empty() && data_acked > 0 {
                self.push(TcpEvent::User(UserEvent::Writable));
            }
        } else {
            let rto = self.rtt.current();
            self.arm(
                TimerKind::Rto,
                now + rto,
                self.rto_note(),
                Guard::Seq(self.snd_una),
            );
        }
    }

    /// Congestion window growth on a new ACK of `acked` octets of data (RFC 5681 3.1,
    /// RFC 6582 3.2).
    fn on_new_ack(&mut self, acked: usize, ack: SeqNum) {
        let cc = self.cfg.congestion_control;
        let mss = self.payload_room();
        if let Some(recover) = self.recover {
            if ack >= recover {
                // Full acknowledgment: recovery is over, deflate to ssthresh.
                self.recover = None;
                self.sack_budget = 0;
                if cc {
                    self.cwnd = self.ssthresh;
                }
            } else {
                // Partial acknowledgment: retransmit the next hole (with SACK: the next
                // hole the peer reports), deflate by what was acknowledged and add back
                // one segment.
                if self.sack_ok {
                    self.sack_budget += 1;
                } else {
                    self.fast_rtx = Some(Rtx::Partial);
                }
                if cc {
                    self.cwnd = self.cwnd.saturating_sub(acked) + mss;
                }
            }
        } else if cc && acked > 0 {
            if self.cwnd < self.ssthresh {
                // Slow start.
                self.cwnd += acked.min(mss);
            } else {
                // Congestion avoidance: about one segment per round trip.
                self.cwnd += (mss * mss / self.cwnd.max(1)).max(1);
            }
        }
    }

    /// A duplicate ACK (RFC 5681 3.2): the third starts fast retransmit.
    fn duplicate_ack(&mut self) {
        self.dupacks += 1;
        let mss = self.payload_room();
        if self.recover.is_some() {
            if self.cfg.congestion_control {
                self.cwnd += mss;
            }
            // RFC 6675 in spirit: each duplicate ACK lets one more SACK hole go again.
            if self.sack_ok {
                self.sack_budget += 1;
            }
            return;
        }
        // RFC 6582 3.2 step 1: not for duplicates of data a timeout sends again.
        if self.dupacks == 3 && self.rto_recover.is_none() {
            if self.cfg.congestion_control {
                // RFC 5681 3.2 step 2: FlightSize is the data in flight.
                self.ssthresh = (self.in_flight() / 2).max(2 * mss);
                self.cwnd = self.ssthresh + 3 * mss;
            }
            self.recover = Some(self.snd_max);
            self.fast_rtx = Some(Rtx::Fast);
            self.rtt_probe = None;
            self.sack_next = self.snd_una;
            self.sack_budget = 0;
        }
    }

    fn take_sack(&mut self, blocks: &[(u32, u32)]) {
        for &(l, r) in blocks {
            let (l, r) = (SeqNum(l), SeqNum(r));
            if l >= r || l < self.snd_una || r > self.snd_max {
                continue;
            }
            self.sacked.push((l, r));
        }
        self.sacked.sort_by(|a, b| a.0.diff(b.0).cmp(&0));
        let mut merged: Vec<(SeqNum, SeqNum)> = Vec::with_capacity(self.sacked.len());
        for &(l, r) in &self.sacked {
            match merged.last_mut() {
                Some(last) if l <= last.1 => last.1 = last.1.max(r),
                _ => merged.push((l, r)),
            }
        }
        self.sacked = merged;
    }

    /// Text and FIN (RFC 9293 3.10.7.4 seventh and eighth): in-order data goes to the
    /// application, out-of-order data waits in the assembler.
    fn accept_text(&mut self, now: u64, seq: SeqNum, data: &[u8], fin: bool) {
        let mut seq = seq;
        let mut data = data;
        let mut fin = fin;
        // Trim what we already have.
        if seq < self.rcv_nxt {
            let d = self.rcv_nxt - seq;
            if d > data.len() {
                // Only a FIN could remain, and it is a duplicate too.
                return;
            }
            data = &data[d..];
            seq = self.rcv_nxt;
        }
        // Trim what does not fit in the window (a FIN beyond it is dropped with it).
        let room = self.adv_wnd().saturating_sub(seq - self.rcv_nxt);
        if data.len() > room {
            data = &data[..room];
            fin = false;
        }
        let offset = self.rcv_off + (seq - self.rcv_nxt) as u64;
        if fin && self.fin_at.is_none() {
            self.fin_at = Some(offset + data.len() as u64);
        }
        if seq == self.rcv_nxt {
            let had_ooo = !self.ooo.is_empty();
            self.rx.extend(data);
            let mut delivered = data.len();
            self.rcv_off += data.len() as u64;
            if had_ooo {
                let more = self.ooo.pull(self.rcv_off, &mut self.rx);
                self.rcv_off += more as u64;
                delivered += more;
            }
            self.rcv_nxt += delivered;
            self.unacked_in += delivered;
            if delivered > 0 {
                self.push(TcpEvent::User(UserEvent::Readable));
            }
            let fin_now = self.fin_at == Some(self.rcv_off) && !self.fin_in;
            if fin_now {
                self.receive_fin(now);
            } else if had_ooo && !self.ooo.is_empty() {
                self.want_ack(AckWhy::NextHole);
            } else if had_ooo {
                self.want_ack(AckWhy::HoleFilled);
            } else if delivered > 0 {
                self.data_ack_policy(now);
            }
        } else {
            self.push(TcpEvent::Arrival(Analysis::OutOfOrder));
            if !data.is_empty() {
                self.ooo.insert(offset, data);
                self.last_ooo = offset;
            }
            // RFC 5681 4.2: an out-of-order segment is acknowledged at once.
            self.want_ack(AckWhy::OutOfOrder);
        }
    }

    /// Decide between an immediate and a delayed ACK for in-order data (RFC 9293 3.8.6.3).
    fn data_ack_policy(&mut self, now: u64) {
        if self.cfg.delayed_ack_us == 0 {
            self.want_ack(AckWhy::Data);
        } else if self.unacked_in >= 2 * self.payload_room() {
            // Two full-sized segments: the largest payload the peer can put in one (both
            // sides send at most the smaller MSS, less the options every segment carries).
            self.want_ack(AckWhy::SecondSegment);
        } else if self.timers.get(TimerKind::DelayedAck).is_none() {
            let at = now + self.cfg.delayed_ack_us;
            self.arm(
                TimerKind::DelayedAck,
                at,
                TimerNote::DelayedAck,
                Guard::None,
            );
        }
    }

    /// The peer's FIN is next in sequence (RFC 9293 3.10.7.4 eighth).
    fn receive_fin(&mut self, now: u64) {
        self.fin_in = true;
        let fin = self.rcv_nxt;
        self.rcv_nxt += 1;
        self.push(TcpEvent::User(UserEvent::PeerClosed));
        let why = Why::FinReceived { fin };
        match self.state {
            State::SynReceived | State::Established => {
                self.set_state(now, State::CloseWait, why, Cause::Incoming, "9293#3.10.7.4");
                if self.cfg.delayed_ack_us == 0 {
                    self.want_ack(AckWhy::Fin);
                } else if self.timers.get(TimerKind::DelayedAck).is_none() {
                    let at = now + self.cfg.delayed_ack_us;
                    self.arm(
                        TimerKind::DelayedAck,
                        at,
                        TimerNote::DelayedAck,
                        Guard::None,
                    );
                }
            }
            State::FinWait1 => {
                // Our FIN is not acknowledged yet (else we would be in FIN-WAIT-2): both
                // sides closed at once.
                self.set_state(now, State::Closing, why, Cause::Incoming, "9293#3.10.7.4");
                self.want_ack(AckWhy::Fin);
            }
            State::FinWait2 => {
                self.cancel(TimerKind::FinWait2);
                self.set_state(now, State::TimeWait, why, Cause::Incoming, "9293#3.10.7.4");
                self.arm_time_wait(now);
                self.want_ack(AckWhy::Fin);
            }
            State::CloseWait
            | State::Closing
            | State::LastAck
            | State::TimeWait
            | State::Closed
            | State::Listen
            | State::SynSent => self.want_ack(AckWhy::Fin),
        }
    }

    // ----- timers ----------------------------------------------------------------------

    /// The earliest deadline of any running timer.
    pub fn poll_timeout(&self) -> Option<u64> {
        self.timers.earliest()
    }

    /// Runs every timer due at `now`.
    pub fn handle_timeout(&mut self, now: u64) {
        while let Some(kind) = self.timers.due(now) {
            self.timers.set(kind, None);
            self.push(TcpEvent::TimerStopped {
                kind,
                outcome: TimerOutcome::Fired,
            });
            self.fire(now, kind);
        }
    }

    fn fire(&mut self, now: u64, kind: TimerKind) {
        match kind {
            TimerKind::Rto => self.rto_expired(now),
            TimerKind::Persist => {
                self.probe_due = true;
            }
            TimerKind::DelayedAck => {
                if self.state.is_synchronized() {
                    self.want_ack(AckWhy::Delayed);
                }
            }
            TimerKind::Keepalive => self.keepalive_expired(now),
            TimerKind::UserTimeout => {
                self.set_state(now, State::Closed, Why::UserTimeout, Cause::Other, "5482#3");
                self.finish(CloseReason::TimedOut);
            }
            TimerKind::FinWait2 => {
                self.set_state(
                    now,
                    State::Closed,
                    Why::FinWait2Timeout,
                    Cause::Other,
                    "9293#3.10.7.4",
                );
                self.finish(CloseReason::TimedOut);
            }
            TimerKind::TimeWait => {
                let wait_us = 2 * self.cfg.msl_us;
                self.set_state(
                    now,
                    State::Closed,
                    Why::TimeWaitOver { wait_us },
                    Cause::Other,
                    "9293#3.10.8",
                );
                self.finish(CloseReason::Normal);
            }
            TimerKind::Heartbeat
            | TimerKind::Liveness
            | TimerKind::Poll
            | TimerKind::IdleTimeout
            | TimerKind::App => {}
        }
    }

    /// RFC 6298 5.4 - 5.7: retransmit the earliest unacknowledged segment, back off.
    fn rto_expired(&mut self, now: u64) {
        let limit = match self.state {
            State::SynSent | State::SynReceived => self.cfg.syn_retries,
            _ => self.cfg.max_retries,
        };
        if self.retries >= limit {
            let retries = self.retries;
            self.set_state(
                now,
                State::Closed,
                Why::RetriesExhausted { retries },
                Cause::Other,
                "9293#3.8.3",
            );
            self.finish(CloseReason::TimedOut);
            return;
        }
        let expired = self.rtt.current();
        self.retries += 1;
        self.rtx_info = Rtx::Timeout {
            attempt: self.retries,
            rto_us: expired,
        };
        self.rtt.back_off();
        self.rtt_probe = None;
        match self.state {
            // Our SYN is not acknowledged yet (also after a close in SYN-RECEIVED).
            _ if self.snd_una == self.iss => {
                self.syn_timed_out = true;
                self.syn_due = true;
                self.snd_nxt = self.iss;
            }
            _ => {
                if self.cfg.congestion_control {
                    let mss = self.payload_room();
                    // RFC 5681 3.1, equation (4), when the segment times out the first
                    // time; a later timeout of the same segment holds ssthresh.
                    if self.retries == 1 {
                        self.ssthresh = (self.in_flight() / 2).max(2 * mss);
                    }
                    self.cwnd = mss;
                }
                self.recover = None;
                self.rto_recover = Some(self.snd_max);
                self.dupacks = 0;
                self.fast_rtx = None;
                // Go back: everything from SND.UNA is sent again as the window allows.
                self.snd_nxt = self.snd_una;
            }
        }
    }

    /// RFC 1122 4.2.3.6: probe an idle connection; give up after `count` probes.
    fn keepalive_expired(&mut self, now: u64) {
        let Some(ka) = self.cfg.keepalive else {
            return;
        };
        if !matches!(self.state, State::Established | State::CloseWait) {
            return;
        }
        // Keep-alive probes an idle connection only (RFC 1122 4.2.3.6): with data in
        // flight or waiting, the retransmission timer watches the peer; wait again.
        if self.snd_una != self.snd_max || !self.tx.is_empty() || self.persisting {
            self.arm_keepalive(now);
            return;
        }
        if self.keepalive_probes >= ka.count {
            let probes = self.keepalive_probes;
            let seg = self.make(self.snd_max, RST);
            self.rst_out = Some((seg, RstWhy::KeepAliveDead));
            self.set_state(
                now,
                State::Closed,
                Why::KeepAliveDead { probes },
                Cause::Outgoing,
                "1122#4.2.3.6",
            );
            self.finish(CloseReason::TimedOut);
            return;
        }
        self.keepalive_probes += 1;
        self.keepalive_due = true;
        let note = TimerNote::KeepAliveInterval {
            probe: self.keepalive_probes,
            count: ka.count,
        };
        self.arm(
            TimerKind::Keepalive,
            now + ka.interval_us,
            note,
            Guard::LastSent,
        );
    }

    fn arm_keepalive(&mut self, now: u64) {
        if let Some(ka) = self.cfg.keepalive {
            self.arm(
                TimerKind::Keepalive,
                now + ka.idle_us,
                TimerNote::KeepAliveIdle,
                Guard::None,
            );
        }
    }

    /// A segment arrived: the connection is not idle; keep-alive starts over.
    fn note_activity(&mut self, now: u64) {
        if self.cfg.keepalive.is_some()
            && matches!(self.state, State::Established | State::CloseWait)
        {
            self.keepalive_probes = 0;
            self.arm_keepalive(now);
        }
    }

    fn arm_time_wait(&mut self, now: u64) {
        for k in [
            TimerKind::Rto,
            TimerKind::Persist,
            TimerKind::Keepalive,
            TimerKind::UserTimeout,
            TimerKind::DelayedAck,
        ] {
            self.cancel(k);
        }
        let msl_us = self.cfg.msl_us;
        self.arm(
            TimerKind::TimeWait,
            now + 2 * msl_us,
            TimerNote::TimeWait { msl_us },
            Guard::None,
        );
    }

    fn rto_note(&self) -> TimerNote {
        TimerNote::Rto {
            rto_us: self.rtt.current(),
            srtt_us: self.rtt.srtt,
            rttvar_us: self.rtt.srtt.map(|_| self.rtt.rttvar),
            backoff: self.rtt.backoff,
            fallback: self.rto_fallback && self.rtt.srtt.is_none(),
        }
    }

    fn arm(&mut self, kind: TimerKind, at: u64, note: TimerNote, guard: Guard) {
        if let Some(old) = self.timers.get(kind) {
            if old == at {
                return;
            }
            self.push(TcpEvent::TimerStopped {
                kind,
                outcome: TimerOutcome::Cancelled,
            });
        }
        self.timers.set(kind, Some(at));
        self.push(TcpEvent::TimerArmed {
            kind,
            deadline: at,
            note,
            guard,
        });
    }

    fn cancel(&mut self, kind: TimerKind) {
        if self.timers.get(kind).is_some() {
            self.timers.set(kind, None);
            self.push(TcpEvent::TimerStopped {
                kind,
                outcome: TimerOutcome::Cancelled,
            });
        }
    }

    // ----- output ----------------------------------------------------------------------

    /// The next segment to put on the wire, if any.
    pub fn poll_transmit(&mut self, now: u64) -> Option<Transmit> {
        if let Some((seg, why)) = self.rst_out.take() {
            return Some(Transmit {
                seg,
                why: SendWhy::Rst(why),
                rtx: Rtx::No,
                tags: Vec::new(),
                prev_ack: self.last_ack_sent,
            });
        }
        match self.state {
            State::Closed | State::Listen => None,
            State::SynSent | State::SynReceived => {
                if self.syn_due {
                    Some(self.send_syn(now))
                } else if self.state == State::SynReceived && self.ack_now.is_some() {
                    // In SYN-RECEIVED the only useful acknowledgment is the SYN,ACK again.
                    self.ack_now = None;
                    Some(self.send_syn(now))
                } else {
                    self.ack_now = None;
                    None
                }
            }
            State::Established
            | State::FinWait1
            | State::FinWait2
            | State::CloseWait
            | State::Closing
            | State::LastAck
            | State::TimeWait => self.send_synchronized(now),
        }
    }

    fn send_syn(&mut self, now: u64) -> Transmit {
        self.syn_due = false;
        // Once the peer's SYN is known, our SYN always goes with an ACK.
        let synack = self.state != State::SynSent;
        let mut seg = self.make(self.iss, if synack { SYN | ACK } else { SYN });
        seg.options.mss = Some(self.cfg.mss);
        if synack {
            // A SYN,ACK only echoes the options the peer offered (RFC 7323 1.3, RFC 2018 2).
            seg.options.wscale = if self.wscale_ok {
                self.cfg.wscale
            } else {
                None
            };
            seg.options.sack_perm = self.sack_ok;
            if self.ts_ok {
                seg.options.ts = Some((self.ts_val(now), self.ts_recent));
            }
            seg.flags |= ACK;
            seg.ack = self.rcv_nxt;
        } else {
            seg.options.wscale = self.cfg.wscale;
            seg.options.sack_perm = self.cfg.sack;
            if self.cfg.timestamps {
                seg.options.ts = Some((self.ts_val(now), 0));
            }
        }
        // A SYN's window is never scaled (RFC 7323 2.2).
        seg.window = self.syn_window() as u16;
        let prev_ack = if synack { self.last_ack_sent } else { None };
        if synack {
            self.rcv_adv = self.rcv_nxt + usize::from(seg.window);
            self.last_win_sent = seg.window;
            self.last_ack_sent = Some(self.rcv_nxt);
        }
        // A retransmission only after the timer expired; the SYN,ACK of a simultaneous
        // open repeats our SYN on purpose and is not one.
        let rtx = match self.rtx_info {
            Rtx::Timeout { .. } if self.snd_max > self.iss => self.rtx_info,
            _ => Rtx::No,
        };
        let repeat = core::mem::take(&mut self.syn_repeat);
        // The first time the ISN goes out it starts an RTT sample. Sent again (a timeout,
        // a SYN,ACK answering a repeated SYN, the SYN,ACK of a simultaneous open), the
        // ACK could answer either copy: no sample (RFC 6298 3, Karn).
        let first = self.snd_max == self.iss;
        self.rtt_probe = first.then_some((self.iss + 1, now));
        self.snd_nxt = self.iss + 1;
        if self.snd_max < self.snd_nxt {
            self.snd_max = self.snd_nxt;
        }
        let rto = self.rtt.current();
        self.arm(TimerKind::Rto, now + rto, self.rto_note(), Guard::LastSent);
        let mut tags = Vec::new();
        if rtx != Rtx::No || repeat {
            tags.push(Analysis::Retransmission);
        }
        let why = if synack {
            SendWhy::SynAck {
                simultaneous: !self.passive,
            }
        } else {
            SendWhy::Syn
        };
        Transmit {
            seg,
            why,
            rtx,
            tags,
            prev_ack,
        }
    }

    fn send_synchronized(&mut self, now: u64) -> Option<Transmit> {
        if self.syn_due {
            return Some(self.send_syn(now));
        }
        if self.snd_una == self.iss && self.snd_nxt == self.iss {
            // The SYN waits for its retransmission: nothing may overtake it.
            return None;
        }
        // Fast retransmit / NewReno partial ACK: one segment from SND.UNA.
        if let Some(rtx) = self.fast_rtx.take() {
            if self.snd_una < self.snd_max {
                let t = self.data_segment(now, self.snd_una, rtx, usize::MAX);
                if let Some(t) = t {
                    let end = t.seg.seq + t.seg.payload.len();
                    self.sack_next = self.sack_next.max(end);
                    return Some(t);
                }
            }
        }
        if self.sack_budget > 0 && self.recover.is_some() {
            if let Some((hole, len)) = self.next_sack_hole() {
                self.sack_budget -= 1;
                if let Some(t) = self.data_segment(now, hole, Rtx::Sack, len) {
                    self.sack_next = hole + t.seg.payload.len();
                    return Some(t);
                }
            } else {
                self.sack_budget = 0;
            }
        }
        if self.probe_due {
            self.probe_due = false;
            if self.persisting && !self.tx.is_empty() {
                return Some(self.zero_window_probe(now));
            }
        }
        // New data, go-back retransmission, or the FIN.
        if matches!(
            self.state,
            State::Established
                | State::CloseWait
                | State::FinWait1
                | State::LastAck
                | State::Closing
        ) {
            if let Some(t) = self.send_data(now) {
                return Some(t);
            }
        }
        if self.keepalive_due {
            self.keepalive_due = false;
            return Some(self.keepalive_probe(now));
        }
        if let Some(why) = self.ack_now.take() {
            let prev_win = self.last_win_sent;
            // SND.NXT may have gone back for a retransmission; a pure ACK carries the next
            // new sequence number (the highest sent), as BSD does, so the peer accepts it.
            let mut seg = self.make(self.snd_max, ACK);
            self.fill_ack(&mut seg);
            self.add_ts(now, &mut seg);
            return Some(self.finish_pure_ack(seg, why, prev_win));
        }
        None
    }

    /// Sends data (new, or again after a timeout) and the FIN, as the windows allow.
    fn send_data(&mut self, now: u64) -> Option<Transmit> {
        let data_end = self.tx_seq + self.tx.len();
        let fin_pending = self.fin_queued && self.snd_nxt <= data_end;
        // Skip what the peer already holds (SACK) when sending again.
        if self.snd_nxt < self.snd_max {
            while let Some(&(_, r)) = self
                .sacked
                .iter()
                .find(|&&(l, r)| l <= self.snd_nxt && self.snd_nxt < r)
            {
                self.snd_nxt = r;
            }
        }
        let unsent = if self.snd_nxt < data_end {
            data_end - self.snd_nxt
        } else {
            0
        };
        if unsent == 0 && !fin_pending {
            return None;
        }
        let flight = self.snd_nxt - self.snd_una;
        let wnd = if self.cfg.congestion_control {
            (self.snd_wnd as usize).min(self.cwnd)
        } else {
            self.snd_wnd as usize
        };
        let room = wnd.saturating_sub(flight);
        if unsent > 0 {
            if self.snd_wnd == 0 {
                // Zero window: the persist timer probes it (RFC 9293 3.8.6.1).
                if flight == 0 && !self.persisting {
                    self.persisting = true;
                    self.persist_backoff = 1;
                    self.cancel(TimerKind::Rto);
                    let at = now + self.rtt.current();
                    self.arm(
                        TimerKind::Persist,
                        at,
                        TimerNote::Persist { backoff: 1 },
                        Guard::None,
                    );
                }
                return None;
            }
            let mss = self.payload_room();
            let len = unsent.min(mss).min(room);
            if len == 0 {
                return None;
            }
            // Sender silly-window avoidance (RFC 9293 3.8.6.2.1): no tiny segment while a
            // full one or the rest of the data could follow soon.
            if len < mss && len < unsent && len < (self.max_snd_wnd as usize) / 2 && flight > 0 {
                return None;
            }
            // Nagle (RFC 9293 3.7.4, RFC 896): with data in flight, a short segment waits
            // until everything sent is acknowledged. New data only, never a retransmission.
            if self.cfg.nagle
                && len < mss
                && self.snd_una < self.snd_max
                && self.snd_nxt == self.snd_max
            {
                return None;
            }
            let rtx = if self.snd_nxt < self.snd_max {
                self.rtx_info_or_timeout()
            } else {
                Rtx::No
            };
            return self.data_segment(now, self.snd_nxt, rtx, usize::MAX);
        }
        // Only the FIN remains.
        let rtx = if self.snd_nxt < self.snd_max {
            self.rtx_info_or_timeout()
        } else {
            Rtx::No
        };
        self.data_segment(now, self.snd_nxt, rtx, usize::MAX)
    }

    fn rtx_info_or_timeout(&self) -> Rtx {
        match self.rtx_info {
            Rtx::No => Rtx::Timeout {
                attempt: self.retries.max(1),
                rto_us: self.rtt.current(),
            },
            other => other,
        }
    }

    /// The first range from `sack_next` (or SND.UNA) that the peer has not SACKed and that
    /// lies below the highest SACKed octet: (start, length up to the next SACKed block).
    fn next_sack_hole(&self) -> Option<(SeqNum, usize)> {
        let highest = self.sacked.iter().map(|&(_, r)| r).reduce(SeqNum::max)?;
        let mut h = self.sack_next.max(self.snd_una);
        while let Some(&(_, r)) = self.sacked.iter().find(|&&(l, r)| l <= h && h < r) {
            h = r;
        }
        if h >= highest {
            return None;
        }
        let next_block = self
            .sacked
            .iter()
            .map(|&(l, _)| l)
            .filter(|&l| l > h)
            .reduce(SeqNum::min)
            .unwrap_or(highest);
        Some((h, next_block - h))
    }

    /// Builds a data segment (maybe with FIN) starting at `seq`, at most `max_len` octets.
    fn data_segment(
        &mut self,
        now: u64,
        seq: SeqNum,
        rtx: Rtx,
        max_len: usize,
    ) -> Option<Transmit> {
        let data_end = self.tx_seq + self.tx.len();
        let mss = self.payload_room();
        let avail = if seq < data_end { data_end - seq } else { 0 };
        let mut len = avail.min(mss).min(max_len);
        // A repair (fast, partial-ACK or SACK retransmission) resends one segment of what
        // was sent, leaving SND.NXT where it is.
        let repair = matches!(rtx, Rtx::Fast | Rtx::Partial | Rtx::Sack);
        if repair {
            len = len.min(self.snd_max - seq);
        } else {
            // Respect the window for first transmissions and go-back retransmissions.
            let flight = seq - self.snd_una;
            let wnd = if self.cfg.congestion_control {
                (self.snd_wnd as usize).min(self.cwnd)
            } else {
                self.snd_wnd as usize
            };
            len = len.min(wnd.saturating_sub(flight));
        }
        let end = seq + len;
        // The FIN rides on the segment that ends the data (a fast retransmission repeats it
        // only if it was sent before).
        let fin = self.fin_queued && end == data_end && (!repair || self.snd_max > data_end);
        if len == 0 && !fin {
            return None;
        }
        let mut flags = ACK;
        if fin {
            flags |= FIN;
        }
        if len > 0 && end == data_end {
            flags |= PSH;
        }
        let mut seg = self.make(seq, flags);
        let from = seq - self.tx_seq;
        seg.payload = shared_range(&self.tx, from, len);
        self.fill_ack(&mut seg);
        self.add_ts(now, &mut seg);
        let seg_end = end + usize::from(fin);
        if !repair {
            self.snd_nxt = seg_end;
        }
        let first = seg_end > self.snd_max;
        if first {
            self.snd_max = seg_end;
            if self.rtt_probe.is_none() && rtx == Rtx::No {
                self.rtt_probe = Some((seg_end, now));
            }
        } else {
            // Karn's rule: no sample from a retransmitted segment.
            self.rtt_probe = None;
        }
        if self.timers.get(TimerKind::Rto).is_none() || rtx != Rtx::No {
            let rto = self.rtt.current();
            self.arm(TimerKind::Rto, now + rto, self.rto_note(), Guard::LastSent);
        }
        if let Some(ut) = self.cfg.user_timeout_us {
            if self.timers.get(TimerKind::UserTimeout).is_none() {
                self.arm(
                    TimerKind::UserTimeout,
                    now + ut,
                    TimerNote::UserTimeout,
                    Guard::LastSent,
                );
            }
        }
        let mut tags = Vec::new();
        match rtx {
            Rtx::No => {}
            Rtx::Timeout { .. } => tags.push(Analysis::Retransmission),
            // The refused probe octet is not counted as sent (Wireshark does not advance
            // its next expected sequence number for a zero-window probe either).
            Rtx::Probe => {}
            Rtx::Fast => tags.push(Analysis::FastRetransmission),
            // Wireshark calls a resend fast only right after duplicate ACKs; the one a
            // partial ACK triggers is a plain retransmission to it.
            Rtx::Partial => tags.push(Analysis::Retransmission),
            // Only the first repair after three duplicate ACKs is a fast retransmission in
            // Wireshark's words; later holes are plain retransmissions.
            Rtx::Sack => tags.push(Analysis::Retransmission),
        }
        if len > 0 && rtx == Rtx::No && seq + len == self.snd_una + self.snd_wnd as usize {
            tags.push(Analysis::WindowFull);
        }
        if seg.window == 0 {
            tags.push(Analysis::ZeroWindow);
        }
        let prev_ack = self.last_ack_sent;
        self.last_ack_sent = Some(seg.ack);
        let why = if len > 0 { SendWhy::Data } else { SendWhy::Fin };
        Some(Transmit {
            seg,
            why,
            rtx,
            tags,
            prev_ack,
        })
    }

    fn zero_window_probe(&mut self, now: u64) -> Transmit {
        // One octet beyond the zero window (RFC 9293 3.8.6.1); the answer tells whether the
        // window opened. Later probes repeat the same octet.
        let seq = self.snd_una;
        let mut seg = self.make(seq, ACK);
        let from = seq - self.tx_seq;
        seg.payload = shared_range(&self.tx, from, 1);
        self.fill_ack(&mut seg);
        self.add_ts(now, &mut seg);
        if self.snd_nxt < seq + 1 {
            self.snd_nxt = seq + 1;
        }
        if self.snd_max < self.snd_nxt {
            self.snd_max = self.snd_nxt;
        }
        self.persist_backoff = self.persist_backoff.saturating_mul(2).min(64);
        let at = now
            + (self.rtt.rto.saturating_mul(u64::from(self.persist_backoff)))
                .min(self.cfg.rto_max_us);
        let backoff = self.persist_backoff;
        self.arm(
            TimerKind::Persist,
            at,
            TimerNote::Persist { backoff },
            Guard::LastSent,
        );
        let prev_ack = self.last_ack_sent;
        self.last_ack_sent = Some(seg.ack);
        let mut tags = alloc::vec![Analysis::ZeroWindowProbe];
        if seg.window == 0 {
            tags.push(Analysis::ZeroWindow);
        }
        Transmit {
            seg,
            why: SendWhy::ZeroWindowProbe,
            rtx: Rtx::No,
            tags,
            prev_ack,
        }
    }

    fn keepalive_probe(&mut self, now: u64) -> Transmit {
        let ka = self.cfg.keepalive.unwrap_or(super::config::KeepAlive {
            idle_us: 0,
            interval_us: 0,
            count: 0,
            with_byte: false,
        });
        let mut seg = self.make(self.snd_max - 1, ACK);
        if ka.with_byte {
            seg.payload = Arc::from([0u8]);
        }
        self.fill_ack(&mut seg);
        self.add_ts(now, &mut seg);
        let prev_ack = self.last_ack_sent;
        self.last_ack_sent = Some(seg.ack);
        Transmit {
            seg,
            why: SendWhy::KeepAlive {
                probe: self.keepalive_probes,
                count: ka.count,
            },
            rtx: Rtx::No,
            tags: alloc::vec![Analysis::KeepAlive],
            prev_ack,
        }
    }

    fn finish_pure_ack(&mut self, seg: TcpSegment, why: AckWhy, prev_win: u16) -> Transmit {
        let mut tags = Vec::new();
        let same_ack = self.last_ack_sent == Some(seg.ack);
        match why {
            AckWhy::KeepAliveReply => tags.push(Analysis::KeepAliveAck),
            AckWhy::ZeroWindowProbeReply => tags.push(Analysis::ZeroWindowProbeAck),
            _ if same_ack && seg.window == prev_win && why != AckWhy::Handshake => {
                tags.push(Analysis::DuplicateAck)
            }
            _ if same_ack && seg.window != prev_win => tags.push(Analysis::WindowUpdate),
            _ => {}
        }
        if seg.window == 0 {
            tags.push(Analysis::ZeroWindow);
        }
        let prev_ack = self.last_ack_sent;
        self.last_ack_sent = Some(seg.ack);
        self.last_win_sent = seg.window;
        Transmit {
            seg,
            why: SendWhy::Ack(why),
            rtx: Rtx::No,
            tags,
            prev_ack,
        }
    }

    /// A segment from us to the peer with no ACK field yet.
    fn make(&self, seq: SeqNum, flags: u8) -> TcpSegment {
        TcpSegment::new(self.local, self.remote, seq, flags)
    }

    /// Sets ACK = RCV.NXT and the window; the ACK cancels a pending delayed ACK.
    fn fill_ack(&mut self, seg: &mut TcpSegment) {
        seg.flags |= ACK;
        seg.ack = self.rcv_nxt;
        // Advance the advertised right edge only by useful amounts (receiver SWS avoidance,
        // RFC 9293 3.8.6.2.2), and never move it left.
        let candidate = self.wnd_candidate();
        let current = self.adv_wnd();
        if candidate >= current + self.sws_threshold()
            || candidate == self.cfg.rcv_buf as usize
            || self.rcv_adv < self.rcv_nxt
        {
            self.rcv_adv = self.rcv_nxt + candidate.max(current);
        }
        let wnd = self.adv_wnd() >> self.rcv_shift;
        seg.window = wnd.min(65535) as u16;
        self.last_win_sent = seg.window;
        if self.sack_ok && !self.ooo.is_empty() {
            let base = self.rcv_off;
            seg.options.sack = self
                .ooo
                .blocks(self.last_ooo, if self.ts_ok { 3 } else { 4 })
                .into_iter()
                .map(|(s, e)| {
                    (
                        (self.rcv_nxt + (s - base) as usize).0,
                        (self.rcv_nxt + (e - base) as usize).0,
                    )
                })
                .collect();
        }
        self.ack_now = None;
        self.unacked_in = 0;
        self.cancel(TimerKind::DelayedAck);
    }

    fn add_ts(&self, now: u64, seg: &mut TcpSegment) {
        if self.ts_ok {
            seg.options.ts = Some((self.ts_val(now), self.ts_recent));
        }
    }

    fn ts_val(&self, now: u64) -> u32 {
        self.ts_offset.wrapping_add((now / 1000) as u32)
    }

    /// The window a SYN or SYN,ACK advertises (never scaled).
    fn syn_window(&self) -> usize {
        (self.cfg.rcv_buf as usize).min(65535)
    }

    /// The window the buffer allows now. Data held out of order takes buffer room too (as
    /// in Linux, where both queues count against the receive buffer): while a hole is open,
    /// reading in-order data does not widen the window, so the duplicate ACKs that report
    /// the hole carry an unchanged window, as RFC 5681 (section 2) requires of them.
    fn wnd_candidate(&self) -> usize {
        let cap = 65535usize << self.rcv_shift;
        (self.cfg.rcv_buf as usize)
            .saturating_sub(self.rx.len() + self.ooo.len())
            .min(cap)
    }

    /// RCV.WND as advertised: right edge minus RCV.NXT.
    fn adv_wnd(&self) -> usize {
        if self.rcv_adv > self.rcv_nxt {
            self.rcv_adv - self.rcv_nxt
        } else {
            0
        }
    }

    fn sws_threshold(&self) -> usize {
        (self.cfg.rcv_buf as usize / 2)
            .min(usize::from(self.cfg.mss))
            .max(1)
    }

    /// Payload octets per segment: the MSS less the room options take on every segment.
    fn payload_room(&self) -> usize {
        let room = if self.ts_ok { TS_ROOM } else { 0 };
        self.snd_mss.saturating_sub(room).max(1)
    }

    fn fin_seq(&self) -> SeqNum {
        self.tx_seq + self.tx.len()
    }

    fn fin_acked(&self) -> bool {
        self.fin_queued && self.snd_una > self.fin_seq()
    }

    fn want_ack(&mut self, why: AckWhy) {
        if self.ack_now.is_none() {
            self.ack_now = Some(why);
        }
    }

    /// Reads the peer's SYN options (RFC 9293 3.7.1, RFC 7323, RFC 2018).
    fn take_syn_options(&mut self, seg: &TcpSegment) {
        let o = &seg.options;
        let peer_mss = o.mss.map(usize::from).unwrap_or(DEFAULT_PEER_MSS);
        self.snd_mss = peer_mss.min(usize::from(self.cfg.mss));
        match (o.wscale, self.cfg.wscale) {
            (Some(theirs), Some(ours)) => {
                self.wscale_ok = true;
                self.snd_shift = theirs.min(14);
                self.rcv_shift = ours.min(14);
            }
            _ => {
                self.wscale_ok = false;
                self.snd_shift = 0;
                self.rcv_shift = 0;
            }
        }
        self.sack_ok = o.sack_perm && self.cfg.sack;
        if let (Some((tsval, _)), true) = (o.ts, self.cfg.timestamps) {
            self.ts_ok = true;
            self.ts_recent = tsval;
        }
        if self.cfg.congestion_control {
            let mss = self.payload_room();
            // RFC 6928: IW = min(10*MSS, max(2*MSS, 14600)), for any count of segments.
            let k = self.cfg.initial_window.max(1) as usize;
            self.cwnd = (k * mss).min((2 * mss).max(k * 1460));
            if let Some(ss) = self.cfg.initial_ssthresh {
                self.ssthresh = ss as usize;
            }
        } else {
            self.cwnd = usize::MAX / 2;
        }
    }

    fn set_state(&mut self, _now: u64, to: State, why: Why, cause: Cause, rfc: &'static str) {
        let from = self.state;
        debug_assert!(from.can_go_to(to), "illegal transition {from} -> {to}");
        self.state = to;
        self.push(TcpEvent::State {
            from,
            to,
            why,
            cause,
            rfc,
        });
    }

    /// The connection is over: stop every timer and tell the application.
    fn finish(&mut self, reason: CloseReason) {
        for k in super::timers::KINDS {
            self.cancel(k);
        }
        self.ack_now = None;
        self.fast_rtx = None;
        self.keepalive_due = false;
        self.probe_due = false;
        self.syn_due = false;
        self.push(TcpEvent::User(UserEvent::Closed(reason)));
    }

    fn push(&mut self, ev: TcpEvent) {
        self.events.push_back(ev);
    }

    /// The next event, in the order they happened.
    pub fn poll_event(&mut self) -> Option<TcpEvent> {
        self.events.pop_front()
    }
}

/// `len` octets of `buf` from `from`, as a segment's payload: one allocation and one copy
/// when they lie in one run of the ring.
fn shared_range(buf: &VecDeque<u8>, from: usize, len: usize) -> Arc<[u8]> {
    if len == 0 {
        return Arc::default();
    }
    let (a, _) = buf.as_slices();
    match a.get(from..from + len) {
        Some(run) => Arc::from(run),
        // Across the ring's wrap (rare): copied out first.
        None => Arc::from(copy_range(buf, from, len)),
    }
}

/// `len` octets of a ring buffer from `from`, copied slice by slice (memcpy, not an
/// iterator per octet: this is the hot path of a long transfer).
fn copy_range(buf: &VecDeque<u8>, from: usize, len: usize) -> Vec<u8> {
    let (a, b) = buf.as_slices();
    let mut out = Vec::with_capacity(len);
    let end = from + len;
    if from < a.len() {
        out.extend_from_slice(&a[from..end.min(a.len())]);
    }
    if end > a.len() {
        let start = from.saturating_sub(a.len());
        out.extend_from_slice(&b[start..end - a.len()]);
    }
    out
}

/// The RST that answers `seg` when no connection wants it (RFC 9293 3.10.7.1):
/// `<SEQ=SEG.ACK><CTL=RST>` if it had an ACK, else `<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>`.
pub fn reset_for(seg: &TcpSegment) -> TcpSegment {
    if seg.is_ack() {
        TcpSegment::new(seg.dst, seg.src, seg.ack, RST)
    } else {
        let mut r = TcpSegment::new(seg.dst, seg.src, SeqNum(0), RST | ACK);
        r.ack = seg.seq + seg.seg_len();
        r
    }
}
