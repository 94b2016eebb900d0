//! Turns the engine's reasons (send reasons, state-change reasons, timer notes) into message
//! keys with arguments. The words live in [`crate::i18n`]; this module only picks the key
//! and the numbers.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use serde::ser::{Error as _, SerializeTuple};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::tcp::event::{AckWhy, RstWhy, Rtx, SendWhy, TimerNote, Why};
use crate::tcp::{SeqNum, State, Transmit};
use crate::trace::{Analysis, Msg, Segment};
use crate::units::ms;

fn n(v: impl ToString) -> String {
    v.to_string()
}

/// What the socket's history adds to the choice of words (the endpoint does not know it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ctx {
    /// The application shut down only its sending side (`shutdown(SHUT_WR)`).
    pub shutdown: bool,
    /// The connection was accepted by a listening socket (not a simultaneous open).
    pub accepted: bool,
}

/// Below these defaults a scenario has shortened a constant so that it can be watched, and
/// the text says so (as `timer.time_wait.short` does for the MSL).
/// RFC 1122 4.2.3.6: keep-alive idle time, at least two hours by default.
const KEEPALIVE_IDLE_US: u64 = 2 * 3_600_000_000;
/// RFC 5382 REQ-5: a NAT's established-TCP idle timeout, at least 2 h 4 min.
const NAT_IDLE_US: u64 = 124 * 60_000_000;
/// Linux `tcp_retries2` and `tcp_syn_retries`.
const LINUX_RETRIES: u32 = 15;
const LINUX_SYN_RETRIES: u32 = 6;

/// What the engine knew when it sent a TCP segment that the segment itself does not say:
/// with the segment's own fields (its numbers and HTTP line), all that its message is made
/// of. The Trace
/// keeps this (40 bytes in wasm32, no allocation) and makes the message when it is read
/// ([`crate::trace::SegMsg`], [`crate::trace::Segment::message`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentNote {
    why: SendWhy,
    rtx: Rtx,
    prev_ack: Option<SeqNum>,
    state: State,
    ctx: Ctx,
    window_update: bool,
}

/// What a segment's message needs of the segment: its numbers as sent and its HTTP line.
struct Wire<'a> {
    seq: SeqNum,
    ack: SeqNum,
    len: u32,
    flags: u8,
    mss: Option<u16>,
    window: u16,
    src_port: u16,
    http: Option<&'a str>,
}

impl<'a> Wire<'a> {
    /// Of a segment being sent, starting the HTTP line `http` if any.
    fn of_transmit(t: &Transmit, http: Option<&'a str>) -> Wire<'a> {
        let seg = &t.seg;
        Wire {
            seq: seg.seq,
            ack: seg.ack,
            len: seg.payload.len() as u32,
            flags: seg.flags,
            mss: seg.options.mss,
            window: seg.window,
            src_port: seg.src.port(),
            http,
        }
    }

    /// Of a recorded segment: what the recorder wrote from the segment sent (the
    /// acknowledgment number only with the ACK flag, the window widened, the source as
    /// `ip:port`).
    fn of_segment(s: &'a Segment) -> Wire<'a> {
        Wire {
            seq: SeqNum(s.seq),
            ack: SeqNum(s.ack.unwrap_or(0)),
            len: s.len,
            flags: s.flags.bits(),
            mss: s.options.mss,
            window: u16::try_from(s.window).unwrap_or(u16::MAX),
            src_port: s
                .src
                .rsplit(':')
                .next()
                .and_then(|p| p.parse().ok())
                .unwrap_or(0),
            http: s.http.as_deref(),
        }
    }
}

impl SentNote {
    /// The note of segment `t`, sent in `state`.
    pub fn of(t: &Transmit, state: State, ctx: Ctx) -> SentNote {
        SentNote {
            why: t.why,
            rtx: t.rtx,
            prev_ack: t.prev_ack,
            state,
            ctx,
            window_update: t.tags.contains(&Analysis::WindowUpdate),
        }
    }

    /// The message of segment `seg`, whose note this is.
    pub fn msg(&self, seg: &Segment) -> Msg {
        note_msg(self, &Wire::of_segment(seg))
    }

    /// The key of that message, without making its arguments.
    pub fn key(&self, seg: &Segment) -> &'static str {
        note_key(self, &Wire::of_segment(seg))
    }

    /// The RFC section that decides what the segment does ([`segment_rfc`]).
    pub fn rfc(&self) -> &'static str {
        rfc_of(self.why, self.rtx)
    }
}

/// What the engine knew when it armed a TCP timer: its message is made from it when read
/// ([`crate::trace::TimerMsg`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerNoteMsg {
    note: TimerNote,
    delay_us: u64,
}

impl TimerNoteMsg {
    /// The note of a timer armed with `note`, due in `delay_us`.
    pub fn new(note: TimerNote, delay_us: u64) -> TimerNoteMsg {
        TimerNoteMsg { note, delay_us }
    }

    /// The timer's message.
    pub fn msg(&self) -> Msg {
        timer_msg(self.note, self.delay_us)
    }
}

/// The message of a transmitted TCP segment.
pub fn segment_msg(t: &Transmit, state: State, http: Option<&str>, ctx: Ctx) -> Msg {
    note_msg(&SentNote::of(t, state, ctx), &Wire::of_transmit(t, http))
}

/// A segment's message: its key, and the arguments its words name.
fn note_msg(note: &SentNote, t: &Wire) -> Msg {
    let mut args = Args::Made(Vec::with_capacity(6));
    let key = note_words(note, t, &mut args);
    // Made above: never skipped here.
    let Args::Made(args) = args else {
        return Msg::of(key, &[]);
    };
    Msg::of(key, &args)
}

/// A segment's message key alone: the words are chosen as for [`note_msg`], and no
/// argument is made (a story reading the keys of a million segments).
fn note_key(note: &SentNote, t: &Wire) -> &'static str {
    note_words(note, t, &mut Args::Skipped)
}

/// The arguments [`note_words`] names: made, or skipped when only the key is wanted.
enum Args {
    Made(Vec<(&'static str, String)>),
    Skipped,
}

impl Args {
    fn put(&mut self, name: &'static str, value: impl FnOnce() -> String) {
        if let Args::Made(args) = self {
            args.push((name, value()));
        }
    }
}

/// The words of a segment's message (its key), naming their arguments in `args`.
fn note_words(note: &SentNote, t: &Wire, args: &mut Args) -> &'static str {
    let (state, ctx, http) = (note.state, note.ctx, t.http);
    let seq = t.seq;
    let len = t.len as usize;
    let ack = t.ack;
    let prev = note.prev_ack;
    let moved = match prev {
        Some(p) if ack > p => ack - p,
        _ => 0,
    };
    let psh = t.flags & crate::tcp::segment::PSH != 0;
    let fin = t.flags & crate::tcp::segment::FIN != 0;
    let is_ack = t.flags & crate::tcp::segment::ACK != 0;
    match note.why {
        SendWhy::Syn => {
            args.put("seq", || n(seq));
            args.put("next", || n(seq + 1));
            if let Some(mss) = t.mss {
                args.put("mss", || n(mss));
            }
            match note.rtx {
                Rtx::Timeout { attempt, rto_us } => {
                    args.put("attempt", || n(attempt));
                    args.put("rto", || ms(rto_us));
                    "seg.rtx.syn"
                }
                Rtx::No | Rtx::Fast | Rtx::Partial | Rtx::Sack | Rtx::Probe => {
                    match (seq.0 == u32::MAX, t.mss.is_some()) {
                        (true, _) => "seg.syn.wrap",
                        (false, true) => "seg.syn",
                        (false, false) => "seg.syn.no_mss",
                    }
                }
            }
        }
        SendWhy::SynAck { simultaneous } => {
            args.put("seq", || n(seq));
            args.put("ack", || n(ack));
            args.put("peer_isn", || n(ack - 1));
            if let Some(mss) = t.mss {
                args.put("mss", || n(mss));
            }
            match (note.rtx, simultaneous) {
                (Rtx::Timeout { attempt, rto_us }, _) => {
                    args.put("attempt", || n(attempt));
                    args.put("rto", || ms(rto_us));
                    "seg.rtx.syn_ack"
                }
                (_, true) => "seg.syn_ack.simultaneous",
                (_, false) if t.mss.is_some() => "seg.syn_ack",
                (_, false) => "seg.syn_ack.no_mss",
            }
        }
        SendWhy::Data => {
            let last = seq + len.saturating_sub(1);
            let end = seq + len;
            args.put("seq", || n(seq));
            args.put("len", || n(len));
            args.put("last", || n(last));
            args.put("end", || n(end));
            match note.rtx {
                Rtx::Timeout { attempt, rto_us } => {
                    args.put("attempt", || n(attempt));
                    args.put("rto", || ms(rto_us));
                    "seg.rtx.data"
                }
                Rtx::Fast => "seg.rtx.fast",
                Rtx::Partial => "seg.rtx.partial",
                Rtx::Sack => "seg.rtx.sack",
                Rtx::Probe => "seg.rtx.after_probe",
                Rtx::No => {
                    if fin {
                        args.put("fin", || n(end));
                        "seg.data_fin"
                    } else if let Some(line) = http {
                        args.put("http", || String::from(line));
                        if psh {
                            "seg.data.http.push"
                        } else {
                            "seg.data.http"
                        }
                    } else if moved > 0 {
                        args.put("ack", || n(ack));
                        args.put("moved", || n(moved));
                        "seg.data.piggyback"
                    } else if psh {
                        "seg.data.push"
                    } else {
                        "seg.data"
                    }
                }
            }
        }
        SendWhy::Fin => {
            args.put("seq", || n(seq));
            args.put("ack", || n(ack));
            match note.rtx {
                Rtx::Timeout { attempt, rto_us } => {
                    args.put("attempt", || n(attempt));
                    args.put("rto", || ms(rto_us));
                    "seg.rtx.fin"
                }
                Rtx::No | Rtx::Fast | Rtx::Partial | Rtx::Sack | Rtx::Probe => {
                    if moved > 0 && matches!(state, State::LastAck | State::CloseWait) {
                        // FIN,ACK that also acknowledges the peer's FIN: a three-segment close.
                        args.put("peer_fin", || n(ack - 1));
                        "seg.fin.acks_fin"
                    } else if state == State::LastAck {
                        "seg.fin.passive"
                    } else if moved > 0 {
                        args.put("moved", || n(moved));
                        "seg.fin.piggyback"
                    } else if ctx.shutdown {
                        "seg.fin.shutdown"
                    } else {
                        "seg.fin"
                    }
                }
            }
        }
        SendWhy::Ack(why) => {
            args.put("seq", || n(seq));
            args.put("ack", || n(ack));
            match why {
                // Window 0: the receive buffer is full (RFC 9293 3.8.6.2.1).
                AckWhy::Data | AckWhy::Delayed | AckWhy::SecondSegment if t.window == 0 => {
                    args.put("moved", || n(moved));
                    "seg.ack.zero_window"
                }
                AckWhy::Handshake => {
                    args.put("peer_isn", || n(ack - 1));
                    "seg.ack.handshake"
                }
                AckWhy::Data => {
                    args.put("prev", || prev.map(n).unwrap_or_default());
                    args.put("moved", || n(moved));
                    args.put("win", || n(t.window));
                    "seg.ack.data"
                }
                AckWhy::Delayed => {
                    args.put("moved", || n(moved));
                    "seg.ack.delayed"
                }
                AckWhy::SecondSegment => {
                    args.put("moved", || n(moved));
                    "seg.ack.second"
                }
                AckWhy::OutOfOrder if moved > 0 => {
                    args.put("moved", || n(moved));
                    "seg.ack.out_of_order.moved"
                }
                AckWhy::OutOfOrder if note.window_update => {
                    args.put("win", || n(t.window));
                    "seg.ack.out_of_order.window"
                }
                AckWhy::OutOfOrder => "seg.ack.out_of_order",
                AckWhy::HoleFilled => {
                    args.put("prev", || prev.map(n).unwrap_or_default());
                    "seg.ack.hole_filled"
                }
                AckWhy::NextHole => {
                    args.put("prev", || prev.map(n).unwrap_or_default());
                    "seg.ack.next_hole"
                }
                AckWhy::Fin => {
                    args.put("fin", || n(ack - 1));
                    match state {
                        State::TimeWait => "seg.ack.fin.time_wait",
                        State::Closing => "seg.ack.fin.closing",
                        _ => "seg.ack.fin",
                    }
                }
                AckWhy::Unacceptable => "seg.ack.unacceptable",
                AckWhy::KeepAliveReply => "seg.ack.keepalive",
                AckWhy::ZeroWindowProbeReply => {
                    args.put("win", || n(t.window));
                    "seg.ack.zero_window_probe"
                }
                AckWhy::TimeWaitFin => "seg.ack.time_wait_fin",
                AckWhy::Challenge => "seg.ack.challenge",
                AckWhy::AckTooNew => "seg.ack.too_new",
                AckWhy::WindowUpdate => {
                    args.put("win", || n(t.window));
                    "seg.ack.window_update"
                }
            }
        }
        SendWhy::Rst(why) => {
            args.put("seq", || n(seq));
            // RFC 9293 3.5.2: a reset answering a segment with an ACK takes SEQ=SEG.ACK;
            // one answering a segment without an ACK has seq 0 and acknowledges it.
            let answers_ack = !is_ack;
            if !answers_ack {
                args.put("ack", || n(ack));
            }
            match why {
                RstWhy::ClosedPort => {
                    args.put("port", || n(t.src_port));
                    "seg.rst.closed_port"
                }
                RstWhy::NoConnection if answers_ack => "seg.rst.no_connection",
                RstWhy::NoConnection => "seg.rst.no_connection.no_ack",
                RstWhy::Listening => {
                    args.put("port", || n(t.src_port));
                    "seg.rst.listening"
                }
                RstWhy::Forgotten if answers_ack => "seg.rst.forgotten",
                RstWhy::Forgotten => "seg.rst.forgotten.no_ack",
                RstWhy::BadAck => "seg.rst.bad_ack",
                RstWhy::Abort => "seg.rst.abort",
                RstWhy::KeepAliveDead => "seg.rst.keepalive",
            }
        }
        SendWhy::KeepAlive { probe, count } => {
            args.put("seq", || n(seq));
            args.put("probe", || n(probe));
            args.put("count", || n(count));
            "seg.keepalive"
        }
        SendWhy::ZeroWindowProbe => {
            args.put("seq", || n(seq));
            "seg.zero_window_probe"
        }
    }
}

/// The RFC section that decides what a segment does.
pub fn segment_rfc(t: &Transmit) -> &'static str {
    rfc_of(t.why, t.rtx)
}

fn rfc_of(why: SendWhy, rtx: Rtx) -> &'static str {
    match (why, rtx) {
        (_, Rtx::Fast) => "5681#3.2",
        (_, Rtx::Partial) => "6582#3.2",
        (_, Rtx::Sack) => "6675#5",
        (_, Rtx::Probe) => "9293#3.8.6.1",
        (
            SendWhy::Syn | SendWhy::SynAck { .. } | SendWhy::Data | SendWhy::Fin,
            Rtx::Timeout { .. },
        ) => "6298#5",
        (SendWhy::Syn, Rtx::No) => "9293#3.5",
        (SendWhy::SynAck { simultaneous: true }, Rtx::No) => "9293#3.5",
        (
            SendWhy::SynAck {
                simultaneous: false,
            },
            Rtx::No,
        ) => "9293#3.10.7.2",
        (SendWhy::Data, Rtx::No) => "9293#3.8",
        (SendWhy::Fin, Rtx::No) => "9293#3.6",
        (SendWhy::Ack(AckWhy::Handshake), _) => "9293#3.5",
        (SendWhy::Ack(AckWhy::Delayed | AckWhy::SecondSegment), _) => "9293#3.8.6.3",
        (SendWhy::Ack(AckWhy::OutOfOrder | AckWhy::HoleFilled | AckWhy::NextHole), _) => "5681#4.2",
        (SendWhy::Ack(AckWhy::Fin | AckWhy::TimeWaitFin), _) => "9293#3.6",
        (SendWhy::Ack(AckWhy::Challenge), _) => "5961#3.2",
        (SendWhy::Ack(AckWhy::KeepAliveReply), _) => "1122#4.2.3.6",
        (SendWhy::Ack(AckWhy::ZeroWindowProbeReply | AckWhy::WindowUpdate), _) => "9293#3.8.6.2.2",
        (SendWhy::Ack(AckWhy::Unacceptable | AckWhy::AckTooNew), _) => "9293#3.10.7.4",
        (SendWhy::Ack(AckWhy::Data), _) => "9293#3.10.7.4",
        (SendWhy::Rst(RstWhy::ClosedPort | RstWhy::NoConnection), _) => "9293#3.10.7.1",
        (SendWhy::Rst(RstWhy::Forgotten), _) => "9293#3.5.2",
        (SendWhy::Rst(RstWhy::Listening), _) => "9293#3.10.7.2",
        (SendWhy::Rst(RstWhy::BadAck), _) => "9293#3.10.7.3",
        (SendWhy::Rst(RstWhy::Abort), _) => "9293#3.10.5",
        (SendWhy::Rst(RstWhy::KeepAliveDead), _) => "1122#4.2.3.6",
        (SendWhy::KeepAlive { .. }, _) => "1122#4.2.3.6",
        (SendWhy::ZeroWindowProbe, _) => "9293#3.8.6.1",
    }
}

/// The message of a UDP datagram.
pub fn udp_msg(src: SocketAddr, dst: SocketAddr, len: usize, label: Option<&str>) -> Msg {
    let mut args = alloc::vec![
        ("len", n(len)),
        ("sport", n(src.port())),
        ("dport", n(dst.port())),
    ];
    match label {
        Some(l) => {
            args.push(("label", String::from(l)));
            Msg::of("seg.udp.labelled", &args)
        }
        None => Msg::of("seg.udp", &args),
    }
}

/// The message of a state change.
pub fn state_msg(from: State, to: State, why: Why, port: u16) -> Msg {
    state_msg_in(from, to, why, port, Ctx::default())
}

/// The message of a state change of a socket with a history ([`Ctx`]).
pub fn state_msg_in(from: State, to: State, why: Why, port: u16, ctx: Ctx) -> Msg {
    match why {
        Why::PassiveOpen => Msg::of("state.listen", &[("port", n(port))]),
        Why::ActiveOpen { iss } => Msg::of("state.connect", &[("iss", n(iss))]),
        Why::SynReceived { irs, iss } => {
            Msg::of("state.syn_received", &[("irs", n(irs)), ("iss", n(iss))])
        }
        Why::SimultaneousOpen { irs } => Msg::of("state.simultaneous_open", &[("irs", n(irs))]),
        Why::SynAckReceived { ack } => Msg::of("state.established.active", &[("ack", n(ack))]),
        // A SYN-RECEIVED that no listener made is the second half of a simultaneous open.
        Why::SynAcked { ack } if !ctx.accepted => {
            Msg::of("state.established.simultaneous", &[("ack", n(ack))])
        }
        Why::SynAcked { ack } => Msg::of("state.established.passive", &[("ack", n(ack))]),
        Why::Close { fin } => match from {
            State::CloseWait => Msg::of("state.close.passive", &[("fin", n(fin))]),
            _ if ctx.shutdown => Msg::of("state.close.shutdown", &[("fin", n(fin))]),
            _ => Msg::of("state.close.active", &[("fin", n(fin))]),
        },
        Why::FinAcked { ack } => match to {
            State::FinWait2 => Msg::of("state.fin_acked.fin_wait_2", &[("ack", n(ack))]),
            State::TimeWait => Msg::of("state.fin_acked.time_wait", &[("ack", n(ack))]),
            _ => Msg::of("state.fin_acked.closed", &[("ack", n(ack))]),
        },
        Why::FinReceived { fin } => match to {
            State::Closing => Msg::of("state.fin.closing", &[("fin", n(fin))]),
            State::TimeWait => Msg::of("state.fin.time_wait", &[("fin", n(fin))]),
            _ => Msg::of("state.fin.close_wait", &[("fin", n(fin))]),
        },
        Why::TimeWaitOver { wait_us } => Msg::of("state.time_wait_over", &[("ms", ms(wait_us))]),
        Why::FinWait2Timeout => Msg::of("state.fin_wait_2_timeout", &[]),
        Why::Reset { seq } => match to {
            State::Listen => Msg::of("state.reset.listen", &[("seq", n(seq))]),
            _ => Msg::of("state.reset", &[("seq", n(seq))]),
        },
        Why::Refused => Msg::of("state.refused", &[]),
        Why::Abort => Msg::of("state.abort", &[]),
        Why::CloseUnconnected => Msg::of("state.close_unconnected", &[]),
        Why::RetriesExhausted { retries } => {
            let key = match (from, retries) {
                (State::SynSent, r) if r < LINUX_SYN_RETRIES => "state.retries.syn.short",
                (State::SynSent, _) => "state.retries.syn",
                (_, r) if r < LINUX_RETRIES => "state.retries.short",
                _ => "state.retries",
            };
            Msg::of(key, &[("retries", n(retries))])
        }
        Why::UserTimeout => Msg::of("state.user_timeout", &[]),
        Why::KeepAliveDead { probes } => Msg::of("state.keepalive_dead", &[("probes", n(probes))]),
    }
}

/// The message of a timer arming.
pub fn timer_msg(note: TimerNote, delay_us: u64) -> Msg {
    match note {
        TimerNote::Rto {
            rto_us,
            srtt_us,
            rttvar_us,
            backoff,
            fallback,
        } => match (srtt_us, backoff) {
            (_, b) if b > 1 => Msg::of(
                "timer.rto.backoff",
                &[("rto", ms(rto_us)), ("backoff", n(b))],
            ),
            (Some(srtt), _) => Msg::of(
                "timer.rto",
                &[
                    ("rto", ms(rto_us)),
                    ("srtt", ms(srtt)),
                    ("rttvar", ms(rttvar_us.unwrap_or(0))),
                ],
            ),
            (None, _) if fallback => Msg::of("timer.rto.fallback", &[("rto", ms(rto_us))]),
            (None, _) => Msg::of("timer.rto.initial", &[("rto", ms(rto_us))]),
        },
        TimerNote::DelayedAck => Msg::of("timer.delayed_ack", &[("ms", ms(delay_us))]),
        TimerNote::TimeWait { msl_us } => Msg::of(
            // RFC 9293's MSL is 2 minutes; a shorter one is the scenario's choice, said so.
            if msl_us < 120_000_000 {
                "timer.time_wait.short"
            } else {
                "timer.time_wait"
            },
            &[("ms", ms(msl_us.saturating_mul(2))), ("msl", ms(msl_us))],
        ),
        TimerNote::KeepAliveIdle => Msg::of(
            if delay_us < KEEPALIVE_IDLE_US {
                "timer.keepalive.idle.short"
            } else {
                "timer.keepalive.idle"
            },
            &[("ms", ms(delay_us))],
        ),
        TimerNote::KeepAliveInterval { probe, count } => Msg::of(
            "timer.keepalive.interval",
            &[
                ("ms", ms(delay_us)),
                ("probe", n(probe)),
                ("count", n(count)),
            ],
        ),
        TimerNote::Persist { backoff } => Msg::of(
            "timer.persist",
            &[("ms", ms(delay_us)), ("backoff", n(backoff))],
        ),
        TimerNote::UserTimeout => Msg::of("timer.user_timeout", &[("ms", ms(delay_us))]),
        TimerNote::FinWait2 => Msg::of("timer.fin_wait_2", &[("ms", ms(delay_us))]),
    }
}

/// The term for a middlebox in sentences ("the firewall", "the NAT router").
fn middlebox_term(nat: bool) -> &'static str {
    if nat {
        "term.mb.nat"
    } else {
        "term.mb.firewall"
    }
}

/// The message of a middlebox's idle timer for a flow.
pub fn idle_timer_msg(nat: bool, idle_us: u64) -> Msg {
    let key = if idle_us < NAT_IDLE_US {
        "timer.idle_timeout.short"
    } else {
        "timer.idle_timeout"
    };
    Msg::of(key, &[("ms", ms(idle_us))]).with_term("mb", middlebox_term(nat))
}

/// The message of a middlebox forgetting a flow.
pub fn flow_expired_msg(nat: bool, client: SocketAddr, server: SocketAddr, idle_us: u64) -> Msg {
    Msg::of(
        "event.flow_expired",
        &[
            ("client", client.to_string()),
            ("server", server.to_string()),
            ("ms", ms(idle_us)),
        ],
    )
    .with_term("mb", middlebox_term(nat))
}

/// The message of a RST a middlebox forges for a flow it forgot.
pub fn middlebox_rst_msg(nat: bool, idle_us: u64) -> Msg {
    Msg::of("seg.rst.middlebox", &[("ms", ms(idle_us))]).with_term("mb", middlebox_term(nat))
}

// The notes in JSON, for a Trace that goes from the file worker to the page as held
// (`trace::HeldPart`): numbers in a fixed order, each enum a tag and its fields. Written
// by hand: derived, the enums' readers added about 17 KB to the page's wasm.

/// An unknown tag or a value out of range, in a note read from JSON.
fn bad<E: serde::de::Error>(what: &str) -> E {
    E::custom(alloc::format!("a note with a bad {what}"))
}

fn num<T: TryFrom<u64>, E: serde::de::Error>(v: u64, what: &str) -> Result<T, E> {
    T::try_from(v).map_err(|_| bad(what))
}

/// The number a note writes for an ACK's reason: its place in [`ACKS`]. The match has
/// no catch-all, so a new reason does not compile until it has a number (and a place in
/// `ACKS`, which the tests check against these numbers).
fn ack_code(a: AckWhy) -> u64 {
    match a {
        AckWhy::Handshake => 0,
        AckWhy::Data => 1,
        AckWhy::Delayed => 2,
        AckWhy::SecondSegment => 3,
        AckWhy::OutOfOrder => 4,
        AckWhy::HoleFilled => 5,
        AckWhy::Fin => 6,
        AckWhy::Unacceptable => 7,
        AckWhy::KeepAliveReply => 8,
        AckWhy::ZeroWindowProbeReply => 9,
        AckWhy::TimeWaitFin => 10,
        AckWhy::Challenge => 11,
        AckWhy::AckTooNew => 12,
        AckWhy::WindowUpdate => 13,
        AckWhy::NextHole => 14,
    }
}

/// The number a note writes for a reset's reason: its place in [`RSTS`] (as [`ack_code`]).
fn rst_code(r: RstWhy) -> u64 {
    match r {
        RstWhy::ClosedPort => 0,
        RstWhy::NoConnection => 1,
        RstWhy::Listening => 2,
        RstWhy::Forgotten => 3,
        RstWhy::BadAck => 4,
        RstWhy::Abort => 5,
        RstWhy::KeepAliveDead => 6,
    }
}

/// The ACK reasons by their number ([`ack_code`]).
const ACKS: [AckWhy; 15] = [
    AckWhy::Handshake,
    AckWhy::Data,
    AckWhy::Delayed,
    AckWhy::SecondSegment,
    AckWhy::OutOfOrder,
    AckWhy::HoleFilled,
    AckWhy::Fin,
    AckWhy::Unacceptable,
    AckWhy::KeepAliveReply,
    AckWhy::ZeroWindowProbeReply,
    AckWhy::TimeWaitFin,
    AckWhy::Challenge,
    AckWhy::AckTooNew,
    AckWhy::WindowUpdate,
    AckWhy::NextHole,
];

/// The reset reasons by their number ([`rst_code`]).
const RSTS: [RstWhy; 7] = [
    RstWhy::ClosedPort,
    RstWhy::NoConnection,
    RstWhy::Listening,
    RstWhy::Forgotten,
    RstWhy::BadAck,
    RstWhy::Abort,
    RstWhy::KeepAliveDead,
];

/// `(tag, a, b)`.
fn why_out(w: SendWhy) -> (u8, u64, u64) {
    match w {
        SendWhy::Syn => (0, 0, 0),
        SendWhy::SynAck { simultaneous } => (1, simultaneous as u64, 0),
        SendWhy::Data => (2, 0, 0),
        SendWhy::Fin => (3, 0, 0),
        SendWhy::Ack(a) => (4, ack_code(a), 0),
        SendWhy::Rst(r) => (5, rst_code(r), 0),
        SendWhy::KeepAlive { probe, count } => (6, probe.into(), count.into()),
        SendWhy::ZeroWindowProbe => (7, 0, 0),
    }
}

fn pick<T: Copy, E: serde::de::Error>(all: &[T], i: u64, what: &str) -> Result<T, E> {
    usize::try_from(i)
        .ok()
        .and_then(|i| all.get(i).copied())
        .ok_or_else(|| bad(what))
}

fn why_in<E: serde::de::Error>((tag, a, b): (u8, u64, u64)) -> Result<SendWhy, E> {
    Ok(match tag {
        0 => SendWhy::Syn,
        1 => SendWhy::SynAck {
            simultaneous: a != 0,
        },
        2 => SendWhy::Data,
        3 => SendWhy::Fin,
        4 => SendWhy::Ack(pick(&ACKS, a, "ACK reason")?),
        5 => SendWhy::Rst(pick(&RSTS, a, "reset reason")?),
        6 => SendWhy::KeepAlive {
            probe: num(a, "probe")?,
            count: num(b, "probe count")?,
        },
        7 => SendWhy::ZeroWindowProbe,
        _ => return Err(bad("reason")),
    })
}

/// `(tag, attempt, rto_us)`.
fn rtx_out(r: Rtx) -> (u8, u64, u64) {
    match r {
        Rtx::No => (0, 0, 0),
        Rtx::Timeout { attempt, rto_us } => (1, attempt.into(), rto_us),
        Rtx::Fast => (2, 0, 0),
        Rtx::Partial => (3, 0, 0),
        Rtx::Sack => (4, 0, 0),
        Rtx::Probe => (5, 0, 0),
    }
}

fn rtx_in<E: serde::de::Error>((tag, a, b): (u8, u64, u64)) -> Result<Rtx, E> {
    Ok(match tag {
        0 => Rtx::No,
        1 => Rtx::Timeout {
            attempt: num(a, "attempt")?,
            rto_us: b,
        },
        2 => Rtx::Fast,
        3 => Rtx::Partial,
        4 => Rtx::Sack,
        5 => Rtx::Probe,
        _ => return Err(bad("retransmission")),
    })
}

/// `[why, rtx, prev_ack, state, shutdown + 2 accepted + 4 window_update]` (the segment
/// carries the rest).
type SegNoteWire = ((u8, u64, u64), (u8, u64, u64), Option<u32>, u8, u8);

impl Serialize for SentNote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bits = self.ctx.shutdown as u8
            | (self.ctx.accepted as u8) << 1
            | (self.window_update as u8) << 2;
        let mut t = s.serialize_tuple(5)?;
        t.serialize_element(&why_out(self.why))?;
        t.serialize_element(&rtx_out(self.rtx))?;
        t.serialize_element(&self.prev_ack.map(SeqNum::raw))?;
        let state = State::ALL
            .iter()
            .position(|&x| x == self.state)
            .ok_or_else(|| S::Error::custom("a state missing from State::ALL"))?;
        t.serialize_element(&(state as u8))?;
        t.serialize_element(&bits)?;
        t.end()
    }
}

impl<'de> Deserialize<'de> for SentNote {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (why, rtx, prev_ack, state, bits) = SegNoteWire::deserialize(d)?;
        Ok(SentNote {
            why: why_in(why)?,
            rtx: rtx_in(rtx)?,
            prev_ack: prev_ack.map(SeqNum),
            state: pick(&State::ALL, state.into(), "state")?,
            ctx: Ctx {
                shutdown: bits & 1 != 0,
                accepted: bits & 2 != 0,
            },
            window_update: bits & 4 != 0,
        })
    }
}

/// `[tag, a, b, c, d, e, delay_us]`: RTO `[0, rto_us, srtt_us, rttvar_us, backoff,
/// fallback]`, TIME-WAIT `[2, msl_us]`, keep-alive interval `[4, probe, -, -, count]`,
/// persist `[5, 0, -, -, backoff]`, the others their tag.
type TimerNoteWire = (u8, u64, Option<u64>, Option<u64>, u32, bool, u64);

impl Serialize for TimerNoteMsg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (tag, a, b, c, d, e) = match self.note {
            TimerNote::Rto {
                rto_us,
                srtt_us,
                rttvar_us,
                backoff,
                fallback,
            } => (0, rto_us, srtt_us, rttvar_us, backoff, fallback),
            TimerNote::DelayedAck => (1, 0, None, None, 0, false),
            TimerNote::TimeWait { msl_us } => (2, msl_us, None, None, 0, false),
            TimerNote::KeepAliveIdle => (3, 0, None, None, 0, false),
            TimerNote::KeepAliveInterval { probe, count } => {
                (4, probe.into(), None, None, count, false)
            }
            TimerNote::Persist { backoff } => (5, 0, None, None, backoff, false),
            TimerNote::UserTimeout => (6, 0, None, None, 0, false),
            TimerNote::FinWait2 => (7, 0, None, None, 0, false),
        };
        let wire: TimerNoteWire = (tag, a, b, c, d, e, self.delay_us);
        wire.serialize(s)
    }
}

impl<'de> Deserialize<'de> for TimerNoteMsg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (tag, a, b, c, n, e, delay_us) = TimerNoteWire::deserialize(d)?;
        let note = match tag {
            0 => TimerNote::Rto {
                rto_us: a,
                srtt_us: b,
                rttvar_us: c,
                backoff: n,
                fallback: e,
            },
            1 => TimerNote::DelayedAck,
            2 => TimerNote::TimeWait { msl_us: a },
            3 => TimerNote::KeepAliveIdle,
            4 => TimerNote::KeepAliveInterval {
                probe: num(a, "probe")?,
                count: n,
            },
            5 => TimerNote::Persist { backoff: n },
            6 => TimerNote::UserTimeout,
            7 => TimerNote::FinWait2,
            _ => return Err(bad("timer kind")),
        };
        Ok(TimerNoteMsg { note, delay_us })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn note(why: SendWhy, rtx: Rtx, state: State, ctx: Ctx, window_update: bool) -> SentNote {
        SentNote {
            why,
            rtx,
            prev_ack: Some(SeqNum(7)),
            state,
            ctx,
            window_update,
        }
    }

    /// A segment such notes are made with: its numbers and an HTTP line.
    fn segment() -> Segment {
        Segment {
            src: "10.0.0.2:80".into(),
            flags: crate::trace::Flags::from_bits(0x18),
            seq: u32::MAX,
            ack: Some(1),
            len: 1460,
            window: 65535,
            options: crate::trace::TcpOptions {
                mss: Some(536),
                ..Default::default()
            },
            http: Some("GET / HTTP/1.1".into()),
            ..Segment::default()
        }
    }

    #[test]
    fn every_note_reads_back_from_its_json_as_it_was() {
        assert!(ACKS
            .iter()
            .enumerate()
            .all(|(i, &a)| ack_code(a) == i as u64));
        assert!(RSTS
            .iter()
            .enumerate()
            .all(|(i, &r)| rst_code(r) == i as u64));
        let mut whys = alloc::vec![
            SendWhy::Syn,
            SendWhy::SynAck { simultaneous: true },
            SendWhy::SynAck {
                simultaneous: false,
            },
            SendWhy::Data,
            SendWhy::Fin,
            SendWhy::KeepAlive { probe: 3, count: 9 },
            SendWhy::ZeroWindowProbe,
        ];
        whys.extend(ACKS.map(SendWhy::Ack));
        whys.extend(RSTS.map(SendWhy::Rst));
        let rtxs = [
            Rtx::No,
            Rtx::Timeout {
                attempt: 2,
                rto_us: 1 << 40,
            },
            Rtx::Fast,
            Rtx::Partial,
            Rtx::Sack,
            Rtx::Probe,
        ];
        let mut seen = Vec::new();
        for (i, &why) in whys.iter().enumerate() {
            for (j, &rtx) in rtxs.iter().enumerate() {
                let state = State::ALL[(i + j) % State::ALL.len()];
                let ctx = Ctx {
                    shutdown: i % 2 == 0,
                    accepted: j % 2 == 0,
                };
                let n = note(why, rtx, state, ctx, (i + j) % 3 == 0);
                let json = serde_json::to_string(&n).unwrap();
                let back: SentNote = serde_json::from_str(&json).unwrap();
                assert_eq!(back, n, "{json}");
                assert_eq!(back.msg(&segment()), n.msg(&segment()));
                seen.push(json);
            }
        }
        // Each note has JSON of its own.
        let n = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), n);
        let bare = SentNote {
            prev_ack: None,
            ..note(SendWhy::Syn, Rtx::No, State::SynSent, Ctx::default(), false)
        };
        let json = serde_json::to_string(&bare).unwrap();
        assert_eq!(json, "[[0,0,0],[0,0,0],null,1,0]");
        assert_eq!(serde_json::from_str::<SentNote>(&json).unwrap(), bare);

        let timers = [
            TimerNote::Rto {
                rto_us: 1_000_000,
                srtt_us: Some(20_000),
                rttvar_us: None,
                backoff: 4,
                fallback: true,
            },
            TimerNote::DelayedAck,
            TimerNote::TimeWait { msl_us: 30_000_000 },
            TimerNote::KeepAliveIdle,
            TimerNote::KeepAliveInterval { probe: 2, count: 9 },
            TimerNote::Persist { backoff: 8 },
            TimerNote::UserTimeout,
            TimerNote::FinWait2,
        ];
        for t in timers {
            let n = TimerNoteMsg::new(t, 123_456);
            let back: TimerNoteMsg =
                serde_json::from_str(&serde_json::to_string(&n).unwrap()).unwrap();
            assert_eq!(back, n);
        }
    }

    #[test]
    fn a_note_out_of_range_is_refused_by_name() {
        for (json, what) in [
            ("[[8,0,0],[0,0,0],null,1,0]", "reason"),
            ("[[4,15,0],[0,0,0],null,1,0]", "ACK reason"),
            ("[[5,7,0],[0,0,0],null,1,0]", "reset reason"),
            ("[[6,4294967296,1],[0,0,0],null,1,0]", "probe"),
            ("[[0,0,0],[6,0,0],null,1,0]", "retransmission"),
            ("[[0,0,0],[0,0,0],null,11,0]", "state"),
        ] {
            let e = serde_json::from_str::<SentNote>(json).unwrap_err();
            assert!(
                e.to_string().contains(&alloc::format!("bad {what}")),
                "{json}: {e}"
            );
        }
        assert!(serde_json::from_str::<SentNote>("[[0,0,0]]").is_err());
        let e = serde_json::from_str::<TimerNoteMsg>("[8,0,null,null,0,false,0]").unwrap_err();
        assert!(e.to_string().contains("bad timer kind"), "{e}");
    }
}
