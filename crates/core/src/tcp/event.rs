//! What an endpoint reports besides segments: state changes, timers, notes about arriving
//! segments, and news for the application. Each carries the numbers that explain it; the
//! network layer turns them into Trace entries and message keys.

use super::seq::SeqNum;
use super::state::State;
use crate::trace::{Analysis, TimerKind, TimerOutcome};

/// What caused a state change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The segment being handled.
    Incoming,
    /// The segment this change makes the endpoint send next (SYN on connect, FIN on close).
    Outgoing,
    /// A timer, or a user call that sends nothing.
    Other,
}

/// Why a state changed, with the numbers that explain it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// CLOSED -> LISTEN: the application listens.
    PassiveOpen,
    /// CLOSED -> SYN-SENT: the application connects; the SYN carries `iss`.
    ActiveOpen {
        /// Our initial sequence number.
        iss: SeqNum,
    },
    /// LISTEN -> SYN-RECEIVED: a SYN arrived.
    SynReceived {
        /// The peer's ISN.
        irs: SeqNum,
        /// Our ISN.
        iss: SeqNum,
    },
    /// SYN-SENT -> SYN-RECEIVED: the peer's SYN crossed ours.
    SimultaneousOpen {
        /// The peer's ISN.
        irs: SeqNum,
    },
    /// SYN-SENT -> ESTABLISHED: the SYN,ACK acknowledged our SYN.
    SynAckReceived {
        /// The acknowledgment number (our ISN + 1).
        ack: SeqNum,
    },
    /// SYN-RECEIVED -> ESTABLISHED: our SYN was acknowledged.
    SynAcked {
        /// The acknowledgment number (our ISN + 1).
        ack: SeqNum,
    },
    /// ESTABLISHED / SYN-RECEIVED -> FIN-WAIT-1, CLOSE-WAIT -> LAST-ACK: the application
    /// closed; the FIN will take sequence number `fin`.
    Close {
        /// Sequence number of our FIN.
        fin: SeqNum,
    },
    /// FIN-WAIT-1 -> FIN-WAIT-2, CLOSING -> TIME-WAIT, LAST-ACK -> CLOSED: our FIN was
    /// acknowledged.
    FinAcked {
        /// The acknowledgment number (our FIN + 1).
        ack: SeqNum,
    },
    /// ESTABLISHED -> CLOSE-WAIT, FIN-WAIT-2 -> TIME-WAIT, FIN-WAIT-1 -> CLOSING: the peer's
    /// FIN arrived.
    FinReceived {
        /// Sequence number of the peer's FIN.
        fin: SeqNum,
    },
    /// TIME-WAIT -> CLOSED: 2*MSL passed.
    TimeWaitOver {
        /// The length of TIME-WAIT.
        wait_us: u64,
    },
    /// FIN-WAIT-2 -> CLOSED: the FIN-WAIT-2 timeout passed.
    FinWait2Timeout,
    /// -> CLOSED (or LISTEN) on an acceptable RST.
    Reset {
        /// The RST's sequence number.
        seq: SeqNum,
    },
    /// SYN-SENT -> CLOSED: the peer refused (RST with an acceptable ACK).
    Refused,
    /// -> CLOSED: the application aborted.
    Abort,
    /// LISTEN / SYN-SENT -> CLOSED: the application closed before a connection existed.
    CloseUnconnected,
    /// -> CLOSED: retransmissions exhausted.
    RetriesExhausted {
        /// Retransmissions made.
        retries: u32,
    },
    /// -> CLOSED: the user timeout expired.
    UserTimeout,
    /// -> CLOSED: keep-alive probes went unanswered.
    KeepAliveDead {
        /// Probes sent.
        probes: u32,
    },
}

/// Why a pure ACK is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AckWhy {
    /// Third segment of the handshake.
    Handshake,
    /// In-order data arrived and ACKs are immediate.
    Data,
    /// The delayed-ACK timer expired.
    Delayed,
    /// A second full-sized segment arrived (RFC 9293 3.8.6.3).
    SecondSegment,
    /// Data arrived out of order: a duplicate ACK tells the sender where the hole is.
    OutOfOrder,
    /// Data filled a hole: everything up to the new RCV.NXT is acknowledged at once.
    HoleFilled,
    /// Data filled a hole, but another one lies beyond it (data after it is buffered):
    /// the ACK moves up to that hole and no further, a partial ACK for a sender in fast
    /// recovery (RFC 6582).
    NextHole,
    /// The peer's FIN arrived.
    Fin,
    /// A segment outside the window (e.g. an old duplicate) arrived.
    Unacceptable,
    /// A keep-alive probe arrived.
    KeepAliveReply,
    /// A zero-window probe arrived while the window is zero.
    ZeroWindowProbeReply,
    /// A retransmitted FIN reached TIME-WAIT; the ACK is sent again and 2*MSL restarts.
    TimeWaitFin,
    /// RFC 5961: an in-window RST or a SYN arrived; prove it with a challenge ACK.
    Challenge,
    /// The peer acknowledged data not yet sent.
    AckTooNew,
    /// The receive window opened again after the application read.
    WindowUpdate,
}

/// Why a RST is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RstWhy {
    /// No socket listens on the port.
    ClosedPort,
    /// The connection the segment belongs to no longer exists.
    NoConnection,
    /// No connection matches, only a listening socket: LISTEN answers any ACK with a reset
    /// (RFC 9293 3.10.7.2).
    Listening,
    /// The connection was lost when this host crashed; the peer still has it (a half-open
    /// connection, RFC 9293 3.5.1).
    Forgotten,
    /// An ACK that acknowledges something never sent (LISTEN, SYN-SENT, SYN-RECEIVED).
    BadAck,
    /// The application aborted.
    Abort,
    /// Keep-alive probes went unanswered.
    KeepAliveDead,
}

/// Why a segment is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendWhy {
    /// Active open.
    Syn,
    /// Answer to a SYN (passive open, or simultaneous open when `simultaneous`).
    SynAck {
        /// Both sides sent a SYN.
        simultaneous: bool,
    },
    /// Data (maybe with a FIN when the application closed right after writing).
    Data,
    /// A FIN without data.
    Fin,
    /// A pure acknowledgment.
    Ack(AckWhy),
    /// A reset.
    Rst(RstWhy),
    /// A keep-alive probe.
    KeepAlive {
        /// Probes sent so far, this one included.
        probe: u32,
        /// Probes allowed.
        count: u32,
    },
    /// A zero-window probe.
    ZeroWindowProbe,
}

/// How a segment is a retransmission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rtx {
    /// First transmission.
    No,
    /// After the retransmission timer expired.
    Timeout {
        /// Retransmission count (1 for the first).
        attempt: u32,
        /// The RTO that expired.
        rto_us: u64,
    },
    /// After three duplicate ACKs (RFC 5681 3.2).
    Fast,
    /// In NewReno fast recovery, after a partial ACK: the next hole goes at once (RFC 6582
    /// 3.2).
    Partial,
    /// In SACK recovery, a hole the peer's SACK blocks reveal (RFC 6675), resent at once.
    Sack,
    /// The window opened after a zero-window probe: the refused probe octet and what
    /// follows it go out again (RFC 9293 3.8.6.1).
    Probe,
}

/// The detail of a timer arming.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerNote {
    /// RTO with the estimator's values.
    Rto {
        /// The timeout.
        rto_us: u64,
        /// Smoothed RTT, if measured.
        srtt_us: Option<u64>,
        /// RTT variation, if measured.
        rttvar_us: Option<u64>,
        /// Backoff multiplier (1, 2, 4...).
        backoff: u32,
        /// The RTO is the 3 s of RFC 6298 5.7: a SYN was retransmitted, so the handshake
        /// gave no round-trip sample.
        fallback: bool,
    },
    /// Delayed ACK.
    DelayedAck,
    /// TIME-WAIT.
    TimeWait {
        /// MSL.
        msl_us: u64,
    },
    /// Keep-alive idle wait.
    KeepAliveIdle,
    /// Keep-alive wait for the answer to probe `probe`.
    KeepAliveInterval {
        /// Probes sent.
        probe: u32,
        /// Probes allowed.
        count: u32,
    },
    /// Persist timer (zero window).
    Persist {
        /// Backoff multiplier.
        backoff: u32,
    },
    /// User timeout.
    UserTimeout,
    /// FIN-WAIT-2 timeout.
    FinWait2,
}

/// Which segment a timer guards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// Nothing in particular.
    None,
    /// The segment just sent.
    LastSent,
    /// The first transmission of the data at this sequence number.
    Seq(SeqNum),
}

/// News for the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserEvent {
    /// The connection reached ESTABLISHED.
    Connected,
    /// In-order data is waiting in the receive buffer.
    Readable,
    /// Everything written so far has been acknowledged.
    Writable,
    /// The peer's FIN arrived: after the buffered data, the stream ends.
    PeerClosed,
    /// The connection is gone (normal end, reset, timeout, refusal).
    Closed(CloseReason),
}

/// How a connection ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseReason {
    /// Both FINs exchanged and acknowledged.
    Normal,
    /// The peer reset it.
    Reset,
    /// The peer refused the connection.
    Refused,
    /// Retransmissions, the user timeout or keep-alive gave up.
    TimedOut,
    /// The application aborted it.
    Aborted,
}

/// Something an endpoint reports, drained with [`super::Endpoint::poll_event`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpEvent {
    /// A state change.
    State {
        /// Before.
        from: State,
        /// After.
        to: State,
        /// Why.
        why: Why,
        /// What caused it.
        cause: Cause,
        /// RFC section, e.g. `9293#3.10.7.3`.
        rfc: &'static str,
    },
    /// A timer was armed (any earlier arming of the same kind was reported stopped first).
    TimerArmed {
        /// Kind.
        kind: TimerKind,
        /// Deadline.
        deadline: u64,
        /// Detail.
        note: TimerNote,
        /// The segment it guards.
        guard: Guard,
    },
    /// A timer fired or was cancelled.
    TimerStopped {
        /// Kind.
        kind: TimerKind,
        /// Fired or cancelled.
        outcome: TimerOutcome,
    },
    /// An analysis tag for the segment being handled (e.g. out-of-order on arrival).
    Arrival(Analysis),
    /// News for the application.
    User(UserEvent),
}
