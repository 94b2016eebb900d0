//! Wireshark-style sequence analysis (`tcp.analysis.*`), one connection at a time, in
//! capture order. The rules are those of Wireshark's TCP dissector (the same order of
//! tests, the same thresholds), so that the tags agree with what `tshark` reports on the
//! same file; the tests check that on every scenario and on real captures.

use wiretrace_core::trace::Analysis;

use crate::packet::{Packet, ACK, FIN, RST, SYN};

/// Per-direction state (Wireshark's `tcp_flow_t` and `tcp_analyze_seq_info`).
#[derive(Clone, Debug, Default)]
struct Dir {
    /// Highest sequence number seen + 1 (0 = nothing seen yet, as in Wireshark).
    nextseq: u32,
    nextseq_time: u64,
    /// Highest contiguous sequence number the peer may acknowledge.
    maxseqtobeacked: u32,
    lastack: u32,
    lastack_time: u64,
    /// Raw window of the last segment; `None` when the capture did not give it (tcpdump
    /// text without `win`). Starts at `Some(NOT_SEEN)`.
    window: Option<u32>,
    /// Window scale: -1 unknown, -2 not in use, else the shift.
    win_scale: i8,
    /// The direction has not sent a segment with ACK yet (its window is a SYN's).
    first_ack: bool,
    /// Tags of the last segment sent this way.
    last_flags: Tags,
    dupacknum: i32,
}

/// Tag bits (Wireshark's `TCP_A_*`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tags(u16);

impl Tags {
    const RETRANSMISSION: u16 = 1 << 0;
    const FAST_RETRANSMISSION: u16 = 1 << 1;
    const SPURIOUS: u16 = 1 << 2;
    const DUP_ACK: u16 = 1 << 3;
    const KEEP_ALIVE: u16 = 1 << 4;
    const KEEP_ALIVE_ACK: u16 = 1 << 5;
    const ZERO_WINDOW: u16 = 1 << 6;
    const ZWP: u16 = 1 << 7;
    const ZWP_ACK: u16 = 1 << 8;
    const WINDOW_UPDATE: u16 = 1 << 9;
    const WINDOW_FULL: u16 = 1 << 10;
    const OUT_OF_ORDER: u16 = 1 << 11;
    const LOST: u16 = 1 << 12;
    const ACK_LOST: u16 = 1 << 13;

    fn has(self, bit: u16) -> bool {
        self.0 & bit != 0
    }

    /// The tags as the Trace spells them, in a fixed order.
    pub fn to_vec(self) -> Vec<Analysis> {
        const ORDER: [(u16, Analysis); 14] = [
            (Tags::LOST, Analysis::LostSegment),
            (Tags::ACK_LOST, Analysis::AckedUnseen),
            (Tags::RETRANSMISSION, Analysis::Retransmission),
            (Tags::FAST_RETRANSMISSION, Analysis::FastRetransmission),
            (Tags::SPURIOUS, Analysis::SpuriousRetransmission),
            (Tags::OUT_OF_ORDER, Analysis::OutOfOrder),
            (Tags::DUP_ACK, Analysis::DuplicateAck),
            (Tags::KEEP_ALIVE, Analysis::KeepAlive),
            (Tags::KEEP_ALIVE_ACK, Analysis::KeepAliveAck),
            (Tags::ZERO_WINDOW, Analysis::ZeroWindow),
            (Tags::ZWP, Analysis::ZeroWindowProbe),
            (Tags::ZWP_ACK, Analysis::ZeroWindowProbeAck),
            (Tags::WINDOW_UPDATE, Analysis::WindowUpdate),
            (Tags::WINDOW_FULL, Analysis::WindowFull),
        ];
        ORDER
            .iter()
            .filter(|(bit, _)| self.has(*bit))
            .map(|(_, a)| *a)
            .collect()
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Just the retransmission tag (for tests of what follows from it).
    #[cfg(test)]
    pub fn retransmission() -> Tags {
        Tags(Tags::RETRANSMISSION)
    }

    /// Just the fast retransmission tag (for tests of what follows from it).
    #[cfg(test)]
    pub fn fast_retransmission() -> Tags {
        Tags(Tags::FAST_RETRANSMISSION)
    }
}

fn gt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) > 0
}

fn lt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

fn le(a: u32, b: u32) -> bool {
    !gt(a, b)
}

/// A direction's window before its first segment: Wireshark's `G_MAXUINT32`, equal to no
/// real window and not zero.
const NOT_SEEN: u32 = u32::MAX;

/// Sequence analysis of one TCP connection.
#[derive(Clone, Debug)]
pub(crate) struct Analyzer {
    dirs: [Dir; 2],
    /// Time of the most recent SYN (without ACK), for the initial RTT.
    syn_time: Option<u64>,
    /// Initial RTT: SYN to the first ACK without SYN (Wireshark's `ts_first_rtt`).
    first_rtt: Option<u64>,
}

impl Default for Analyzer {
    fn default() -> Self {
        let d = Dir {
            window: Some(NOT_SEEN),
            win_scale: -1,
            first_ack: true,
            ..Dir::default()
        };
        Analyzer {
            dirs: [d.clone(), d],
            syn_time: None,
            first_rtt: None,
        }
    }
}

impl Analyzer {
    /// Analyses the next segment of the connection, sent in direction `dir`; `wscale` is
    /// the window-scale option of a SYN (`None` when absent or not a SYN).
    pub fn segment(&mut self, dir: u8, p: &Packet<'_>, wscale: Option<u8>) -> Tags {
        let (f, r) = if dir == 0 { (0, 1) } else { (1, 0) };
        let now = p.ts_us;
        let flags = p.flags;
        let (seq, ack, seglen) = (p.seq, p.ack, p.len);
        // An unknown window (text without `win`) is neither zero nor a change: no
        // zero-window, window-update or window-full tag comes from it, and it does not stop
        // an ACK from counting as a duplicate (Wireshark's "same window" test), since the
        // capture never said the window moved.
        let window = p.window_known.then_some(u32::from(p.window));
        let mut t = Tags::default();

        // Initial RTT bookkeeping (done before the analysis, as Wireshark's dissector does).
        // Wireshark keeps these times as `nstime` values where zero means "unset", so a
        // SYN stamped at the epoch (a simulated capture) gives no initial RTT there; the
        // same here, so that the tags agree.
        if flags & SYN != 0 && flags & ACK == 0 && now != 0 {
            self.syn_time = Some(now);
        }
        if flags & (SYN | ACK) == ACK && self.first_rtt.is_none() {
            if let Some(s) = self.syn_time {
                self.first_rtt = Some(now.saturating_sub(s));
            }
        }
        // Window scaling as negotiated by the SYNs.
        if flags & SYN != 0 {
            match wscale {
                Some(ws) => self.dirs[f].win_scale = ws.min(14) as i8,
                None => {
                    self.dirs[f].win_scale = -2;
                    if flags & ACK != 0 {
                        self.dirs[r].win_scale = -2;
                    }
                }
            }
            if flags & ACK != 0 && wscale.is_some() && self.dirs[r].win_scale == -2 {
                self.dirs[f].win_scale = -2;
            }
        }

        let no_sfr = flags & (SYN | FIN | RST) == 0;
        let fwd_next = self.dirs[f].nextseq;
        'fwd: {
            // Zero window probe.
            if seglen == 1 && seq == fwd_next && self.dirs[r].window == Some(0) {
                t.0 |= Tags::ZWP;
                break 'fwd;
            }
            // Zero window.
            if window == Some(0) && flags & (RST | FIN | SYN) == 0 {
                t.0 |= Tags::ZERO_WINDOW;
            }
            // Previous segment not captured.
            if fwd_next != 0 && gt(seq, fwd_next) && flags & RST == 0 {
                t.0 |= Tags::LOST;
            }
            // Keep-alive.
            if (seglen == 0 || seglen == 1) && seq == fwd_next.wrapping_sub(1) && no_sfr {
                t.0 |= Tags::KEEP_ALIVE;
            }
            let d = &self.dirs[f];
            // Window update.
            let opened = match (window, d.window) {
                (Some(w), Some(before)) => w != 0 && w != before,
                _ => false,
            };
            if seglen == 0 && opened && seq == d.nextseq && ack == d.lastack && no_sfr {
                t.0 |= Tags::WINDOW_UPDATE;
            }
            // Window full.
            let rv = &self.dirs[r];
            let rwin = rv.window.filter(|&w| w != NOT_SEEN);
            if let (true, Some(rwin)) = (seglen > 0 && rv.win_scale != -1 && no_sfr, rwin) {
                let shift = if rv.first_ack || rv.win_scale == -2 {
                    0
                } else {
                    rv.win_scale as u32
                };
                let edge = rv.lastack.wrapping_add(rwin << shift);
                if seq.wrapping_add(seglen) == edge {
                    t.0 |= Tags::WINDOW_FULL;
                }
            }
            // Unknown on either side: no change seen. For the zero test an unknown window
            // stands for the last one this way, and is not zero if that was unknown too.
            let unchanged = match (window, d.window) {
                (Some(w), Some(before)) => w == before,
                _ => true,
            };
            let nonzero = window.or(d.window) != Some(0);
            let same = seglen == 0 && unchanged && seq == d.nextseq && ack == d.lastack && no_sfr;
            // Keep-alive ACK.
            if same && nonzero && rv.last_flags.has(Tags::KEEP_ALIVE) {
                t.0 |= Tags::KEEP_ALIVE_ACK;
                break 'fwd;
            }
            // Zero window probe ACK.
            if same && window == Some(0) && rv.last_flags.has(Tags::ZWP) {
                t.0 |= Tags::ZWP_ACK;
                break 'fwd;
            }
            // Duplicate ACK.
            if same && nonzero {
                let d = &mut self.dirs[f];
                d.dupacknum = if d.dupacknum == -1 {
                    1
                } else {
                    d.dupacknum + 1
                };
                t.0 |= Tags::DUP_ACK;
            }
        }
        // The ack number changed: reset the duplicate counter.
        if ack != self.dirs[f].lastack {
            self.dirs[f].dupacknum = 0;
        }
        // ACKed unseen segment.
        let rmax = self.dirs[r].maxseqtobeacked;
        if rmax != 0 && gt(ack, rmax) && flags & ACK != 0 {
            let rnext = self.dirs[r].nextseq;
            if rmax > rnext {
                self.dirs[r].maxseqtobeacked = rnext;
                t.0 |= Tags::ACK_LOST;
            } else {
                if self.dirs[r].dupacknum == 0 {
                    t.0 |= Tags::ACK_LOST;
                }
                self.dirs[r].dupacknum = -1;
            }
        }
        // Retransmission, fast retransmission, spurious retransmission, out-of-order.
        if seglen > 0 || flags & (SYN | FIN) != 0 {
            let d = &self.dirs[f];
            let mut not_advanced = d.nextseq != 0 && lt(seq, d.nextseq);
            'rt: {
                if t.has(Tags::KEEP_ALIVE) {
                    break 'rt;
                }
                if seglen > 1 && d.nextseq.wrapping_sub(1) == seq {
                    not_advanced = false;
                }
                let rv = &self.dirs[r];
                if seglen > 0 && rv.lastack != 0 && le(seq.wrapping_add(seglen), rv.lastack) {
                    t.0 |= Tags::SPURIOUS;
                    break 'rt;
                }
                // Fast retransmission takes precedence over out-of-order (the default).
                if not_advanced
                    && rv.dupacknum >= 2
                    && rv.lastack == seq
                    && now.saturating_sub(rv.lastack_time) < 20_000
                {
                    t.0 |= Tags::FAST_RETRANSMISSION;
                    break 'rt;
                }
                let ooo_thres = match self.first_rtt {
                    Some(rtt) if rtt > 0 => rtt,
                    _ => 3_000,
                };
                let end = seq
                    .wrapping_add(seglen)
                    .wrapping_add(u32::from(flags & (SYN | FIN) != 0));
                if not_advanced
                    && now.saturating_sub(d.nextseq_time) < ooo_thres
                    && d.nextseq != end
                {
                    t.0 |= Tags::OUT_OF_ORDER;
                    break 'rt;
                }
                if not_advanced {
                    t.0 |= Tags::RETRANSMISSION;
                }
            }
        }
        // Bookkeeping.
        let mut nextseq = seq.wrapping_add(seglen);
        if flags & (SYN | FIN) != 0 {
            nextseq = nextseq.wrapping_add(1);
        }
        let d = &mut self.dirs[f];
        let zwp = t.has(Tags::ZWP);
        if (gt(nextseq, d.nextseq) || d.nextseq == 0) && !zwp {
            d.nextseq = nextseq;
            d.nextseq_time = now;
        }
        if (seq == d.maxseqtobeacked || d.maxseqtobeacked == 0) && !zwp {
            d.maxseqtobeacked = d.nextseq;
        }
        d.window = window;
        d.lastack = ack;
        d.lastack_time = now;
        d.last_flags = t;
        if flags & ACK != 0 {
            d.first_ack = false;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    use crate::packet::Opts;
    use wiretrace_core::trace::{Proto, TcpOptions};

    /// A packet whose window the capture did not give (tcpdump text without `win`).
    fn pkt_nowin(t: u64, flags: u8, seq: u32, ack: u32, len: u32) -> Packet<'static> {
        Packet {
            window: 0,
            window_known: false,
            ..pkt(t, flags, seq, ack, len, 0)
        }
    }

    fn pkt(t: u64, flags: u8, seq: u32, ack: u32, len: u32, win: u16) -> Packet<'static> {
        static NONE: TcpOptions = TcpOptions {
            mss: None,
            wscale: None,
            sack_perm: false,
            sack: Vec::new(),
            ts: None,
        };
        let a: SocketAddr = "10.0.0.1:5000".parse().unwrap();
        let b: SocketAddr = "10.0.0.2:80".parse().unwrap();
        Packet {
            ts_us: t,
            untimed: false,
            proto: Proto::Tcp,
            src: a,
            dst: b,
            flags,
            seq,
            ack,
            window: win,
            window_known: true,
            len,
            payload: &[],
            opts: Opts::Parsed(&NONE),
            http_hint: None,
        }
    }

    #[test]
    fn handshake_data_and_a_retransmission() {
        let mut a = Analyzer::default();
        let c = 1000u32;
        let s = 5000u32;
        assert!(a.segment(0, &pkt(0, SYN, c, 0, 0, 64240), None).is_empty());
        assert!(a
            .segment(1, &pkt(10_000, SYN | ACK, s, c + 1, 0, 65160), None)
            .is_empty());
        assert!(a
            .segment(0, &pkt(10_100, ACK, c + 1, s + 1, 0, 502), None)
            .is_empty());
        assert!(a
            .segment(0, &pkt(10_200, ACK | 0x08, c + 1, s + 1, 100, 502), None)
            .is_empty());
        // Sent again 200 ms later: a retransmission.
        let t = a.segment(0, &pkt(210_200, ACK | 0x08, c + 1, s + 1, 100, 502), None);
        assert_eq!(t.to_vec(), [Analysis::Retransmission]);
        // The server acks, then repeats the ack: a duplicate ACK.
        assert!(a
            .segment(1, &pkt(220_000, ACK, s + 1, c + 101, 0, 509), None)
            .is_empty());
        let t = a.segment(1, &pkt(220_100, ACK, s + 1, c + 101, 0, 509), None);
        assert_eq!(t.to_vec(), [Analysis::DuplicateAck]);
        // A keep-alive probe (SND.NXT - 1, no data) and its answer.
        let t = a.segment(0, &pkt(9_000_000, ACK, c + 100, s + 1, 0, 502), None);
        assert_eq!(t.to_vec(), [Analysis::KeepAlive]);
        let t = a.segment(1, &pkt(9_000_100, ACK, s + 1, c + 101, 0, 509), None);
        assert_eq!(t.to_vec(), [Analysis::KeepAliveAck]);
    }

    #[test]
    fn an_unknown_window_is_neither_zero_nor_a_change() {
        let mut a = Analyzer::default();
        let (c, s) = (1000u32, 5000u32);
        let all = [
            a.segment(0, &pkt_nowin(0, SYN, c, 0, 0), None),
            a.segment(1, &pkt_nowin(1_000, SYN | ACK, s, c + 1, 0), None),
            a.segment(0, &pkt_nowin(2_000, ACK, c + 1, s + 1, 0), None),
            a.segment(0, &pkt_nowin(3_000, ACK | 0x08, c + 1, s + 1, 100), None),
            a.segment(1, &pkt_nowin(4_000, ACK, s + 1, c + 101, 0), None),
        ];
        for tags in &all {
            assert!(tags.is_empty(), "{:?}", tags.to_vec());
        }
        // The same ACK again: a duplicate (the window is not known to have moved).
        let t = a.segment(1, &pkt_nowin(5_000, ACK, s + 1, c + 101, 0), None);
        assert_eq!(t.to_vec(), [Analysis::DuplicateAck]);
        // A known window after unknown ones is no window update; a known zero is a zero
        // window, and the unknown window after it is not.
        let t = a.segment(1, &pkt(6_000, ACK, s + 1, c + 101, 0, 0), None);
        assert_eq!(t.to_vec(), [Analysis::ZeroWindow]);
        let t = a.segment(1, &pkt_nowin(7_000, ACK, s + 1, c + 101, 0), None);
        assert!(
            !t.to_vec().contains(&Analysis::ZeroWindow),
            "{:?}",
            t.to_vec()
        );
        let t = a.segment(1, &pkt(8_000, ACK, s + 1, c + 101, 0, 4096), None);
        assert!(
            !t.to_vec().contains(&Analysis::WindowUpdate),
            "{:?}",
            t.to_vec()
        );
        // Known to known: the update is told as before.
        let t = a.segment(1, &pkt(9_000, ACK, s + 1, c + 101, 0, 8192), None);
        assert_eq!(t.to_vec(), [Analysis::WindowUpdate]);
    }
}
