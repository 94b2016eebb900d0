//! The knobs of one TCP endpoint. Times are microseconds of simulated time.

/// Keep-alive settings (RFC 1122 4.2.3.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeepAlive {
    /// Idle time before the first probe.
    pub idle_us: u64,
    /// Time between unanswered probes.
    pub interval_us: u64,
    /// Unanswered probes after which the connection is given up.
    pub count: u32,
    /// Send one garbage octet in each probe (some old stacks needed it) instead of none.
    pub with_byte: bool,
}

/// Configuration of a TCP endpoint. `Default` gives the values a first diagram wants:
/// MSS 1460, a 64240-byte receive buffer, no window scaling, no SACK, no timestamps,
/// immediate ACKs, RTO per RFC 6298 (initial 1 s, minimum 1 s), MSL 1 s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpConfig {
    /// The MSS we announce and the largest payload we send (RFC 9293 3.7.1).
    pub mss: u16,
    /// Receive buffer in bytes: the largest window we advertise.
    pub rcv_buf: u32,
    /// Window scale shift we offer on our SYN (RFC 7323), or `None` to send no option.
    pub wscale: Option<u8>,
    /// Offer SACK-permitted (RFC 2018).
    pub sack: bool,
    /// Offer the timestamps option (RFC 7323).
    pub timestamps: bool,
    /// Delayed ACK timeout; 0 acknowledges every segment at once (RFC 9293 3.8.6.3).
    pub delayed_ack_us: u64,
    /// Maximum segment lifetime; TIME-WAIT lasts twice this.
    pub msl_us: u64,
    /// RTO before any round-trip measurement (RFC 6298 2.1: 1 s).
    pub rto_initial_us: u64,
    /// Lower bound of the RTO (RFC 6298 2.4: 1 s; Linux uses 200 ms).
    pub rto_min_us: u64,
    /// Upper bound of the RTO (RFC 6298 2.5: at least 60 s).
    pub rto_max_us: u64,
    /// Retransmissions of a SYN (or SYN,ACK) before giving up.
    pub syn_retries: u32,
    /// Retransmissions of data or FIN before giving up (RFC 9293 3.8.3 R2).
    pub max_retries: u32,
    /// Give up when sent data stays unacknowledged this long (RFC 5482); `None`: never.
    pub user_timeout_us: Option<u64>,
    /// Keep-alive, off by default (RFC 1122: MUST default to off).
    pub keepalive: Option<KeepAlive>,
    /// Give up an orphaned FIN-WAIT-2 after this long; `None`: wait forever.
    pub fin_wait2_us: Option<u64>,
    /// Congestion control (RFC 5681 slow start, congestion avoidance, fast recovery).
    pub congestion_control: bool,
    /// Nagle's algorithm (RFC 896, RFC 9293 3.7.4): hold a short segment while data is
    /// unacknowledged. Off by default, as browsers and most servers set TCP_NODELAY.
    pub nagle: bool,
    /// The initial window in segments (RFC 6928's 10 by default): IW = min(IW_SEGMENTS *
    /// SMSS, max(2 * SMSS, IW_SEGMENTS * 1460)), RFC 6928's formula for 10.
    pub initial_window: u32,
    /// The initial slow-start threshold in bytes; `None`: arbitrarily high (RFC 5681 3.1).
    pub initial_ssthresh: Option<u32>,
}

impl Default for TcpConfig {
    fn default() -> Self {
        TcpConfig {
            mss: 1460,
            rcv_buf: 64240,
            wscale: None,
            sack: false,
            timestamps: false,
            delayed_ack_us: 0,
            msl_us: 1_000_000,
            rto_initial_us: 1_000_000,
            rto_min_us: 1_000_000,
            rto_max_us: 60_000_000,
            syn_retries: 6,
            max_retries: 15,
            user_timeout_us: None,
            keepalive: None,
            fin_wait2_us: None,
            congestion_control: true,
            nagle: false,
            initial_window: 10,
            initial_ssthresh: None,
        }
    }
}
