//! Turns the engine's reasons (send reasons, state-change reasons, timer notes) into message
//! keys with arguments. The words live in [`crate::i18n`]; this module only picks the key
//! and the numbers.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use crate::tcp::event::{AckWhy, RstWhy, Rtx, SendWhy, TimerNote, Why};
use crate::tcp::{SeqNum, State, Transmit};
use crate::trace::{Analysis, Msg};
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

/// What the engine knew when it sent a TCP segment, all that its message is made of: the
/// Trace keeps this (about 80 bytes, no allocation without an HTTP line) and makes the
/// message when it is read ([`crate::trace::SegMsg`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegNote {
    why: SendWhy,
    rtx: Rtx,
    prev_ack: Option<SeqNum>,
    state: State,
    ctx: Ctx,
    window_update: bool,
    seq: SeqNum,
    ack: SeqNum,
    len: u32,
    flags: u8,
    mss: Option<u16>,
    window: u16,
    src_port: u16,
    http: Option<Box<str>>,
}

impl SegNote {
    /// The note of segment `t`, sent in `state`, starting the HTTP line `http` if any.
    pub fn of(t: &Transmit, state: State, http: Option<&str>, ctx: Ctx) -> SegNote {
        let seg = &t.seg;
        SegNote {
            why: t.why,
            rtx: t.rtx,
            prev_ack: t.prev_ack,
            state,
            ctx,
            window_update: t.tags.contains(&Analysis::WindowUpdate),
            seq: seg.seq,
            ack: seg.ack,
            len: seg.payload.len() as u32,
            flags: seg.flags,
            mss: seg.options.mss,
            window: seg.window,
            src_port: seg.src.port(),
            http: http.map(Box::from),
        }
    }

    /// The segment's message.
    pub fn msg(&self) -> Msg {
        note_msg(self)
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
    note_msg(&SegNote::of(t, state, http, ctx))
}

fn note_msg(t: &SegNote) -> Msg {
    let (state, ctx, http) = (t.state, t.ctx, t.http.as_deref());
    let seq = t.seq;
    let len = t.len as usize;
    let ack = t.ack;
    let prev = t.prev_ack;
    let moved = match prev {
        Some(p) if ack > p => ack - p,
        _ => 0,
    };
    let psh = t.flags & crate::tcp::segment::PSH != 0;
    let fin = t.flags & crate::tcp::segment::FIN != 0;
    let is_ack = t.flags & crate::tcp::segment::ACK != 0;
    let mut args: Vec<(&'static str, String)> = Vec::with_capacity(6);
    let key: &'static str = match t.why {
        SendWhy::Syn => {
            args.push(("seq", n(seq)));
            args.push(("next", n(seq + 1)));
            if let Some(mss) = t.mss {
                args.push(("mss", n(mss)));
            }
            match t.rtx {
                Rtx::Timeout { attempt, rto_us } => {
                    args.push(("attempt", n(attempt)));
                    args.push(("rto", ms(rto_us)));
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
            args.push(("seq", n(seq)));
            args.push(("ack", n(ack)));
            args.push(("peer_isn", n(ack - 1)));
            if let Some(mss) = t.mss {
                args.push(("mss", n(mss)));
            }
            match (t.rtx, simultaneous) {
                (Rtx::Timeout { attempt, rto_us }, _) => {
                    args.push(("attempt", n(attempt)));
                    args.push(("rto", ms(rto_us)));
                    "seg.rtx.syn_ack"
                }
                (_, true) => "seg.syn_ack.simultaneous",
                (_, false) if t.mss.is_some() => "seg.syn_ack",
                (_, false) => "seg.syn_ack.no_mss",
            }
        }
        SendWhy::Data => {
            let last = seq + (len - 1);
            let end = seq + len;
            args.push(("seq", n(seq)));
            args.push(("len", n(len)));
            args.push(("last", n(last)));
            args.push(("end", n(end)));
            match t.rtx {
                Rtx::Timeout { attempt, rto_us } => {
                    args.push(("attempt", n(attempt)));
                    args.push(("rto", ms(rto_us)));
                    "seg.rtx.data"
                }
                Rtx::Fast => "seg.rtx.fast",
                Rtx::Partial => "seg.rtx.partial",
                Rtx::Sack => "seg.rtx.sack",
                Rtx::Probe => "seg.rtx.after_probe",
                Rtx::No => {
                    if fin {
                        args.push(("fin", n(end)));
                        "seg.data_fin"
                    } else if let Some(line) = http {
                        args.push(("http", String::from(line)));
                        if psh {
                            "seg.data.http.push"
                        } else {
                            "seg.data.http"
                        }
                    } else if moved > 0 {
                        args.push(("ack", n(ack)));
                        args.push(("moved", n(moved)));
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
            args.push(("seq", n(seq)));
            args.push(("ack", n(ack)));
            match t.rtx {
                Rtx::Timeout { attempt, rto_us } => {
                    args.push(("attempt", n(attempt)));
                    args.push(("rto", ms(rto_us)));
                    "seg.rtx.fin"
                }
                Rtx::No | Rtx::Fast | Rtx::Partial | Rtx::Sack | Rtx::Probe => {
                    if moved > 0 && matches!(state, State::LastAck | State::CloseWait) {
                        // FIN,ACK that also acknowledges the peer's FIN: a three-segment close.
                        args.push(("peer_fin", n(ack - 1)));
                        "seg.fin.acks_fin"
                    } else if state == State::LastAck {
                        "seg.fin.passive"
                    } else if moved > 0 {
                        args.push(("moved", n(moved)));
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
            args.push(("seq", n(seq)));
            args.push(("ack", n(ack)));
            match why {
                // Window 0: the receive buffer is full (RFC 9293 3.8.6.2.1).
                AckWhy::Data | AckWhy::Delayed | AckWhy::SecondSegment if t.window == 0 => {
                    args.push(("moved", n(moved)));
                    "seg.ack.zero_window"
                }
                AckWhy::Handshake => {
                    args.push(("peer_isn", n(ack - 1)));
                    "seg.ack.handshake"
                }
                AckWhy::Data => {
                    args.push(("prev", prev.map(n).unwrap_or_default()));
                    args.push(("moved", n(moved)));
                    args.push(("win", n(t.window)));
                    "seg.ack.data"
                }
                AckWhy::Delayed => {
                    args.push(("moved", n(moved)));
                    "seg.ack.delayed"
                }
                AckWhy::SecondSegment => {
                    args.push(("moved", n(moved)));
                    "seg.ack.second"
                }
                AckWhy::OutOfOrder if moved > 0 => {
                    args.push(("moved", n(moved)));
                    "seg.ack.out_of_order.moved"
                }
                AckWhy::OutOfOrder if t.window_update => {
                    args.push(("win", n(t.window)));
                    "seg.ack.out_of_order.window"
                }
                AckWhy::OutOfOrder => "seg.ack.out_of_order",
                AckWhy::HoleFilled => {
                    args.push(("prev", prev.map(n).unwrap_or_default()));
                    "seg.ack.hole_filled"
                }
                AckWhy::Fin => {
                    args.push(("fin", n(ack - 1)));
                    match state {
                        State::TimeWait => "seg.ack.fin.time_wait",
                        State::Closing => "seg.ack.fin.closing",
                        _ => "seg.ack.fin",
                    }
                }
                AckWhy::Unacceptable => "seg.ack.unacceptable",
                AckWhy::KeepAliveReply => "seg.ack.keepalive",
                AckWhy::ZeroWindowProbeReply => {
                    args.push(("win", n(t.window)));
                    "seg.ack.zero_window_probe"
                }
                AckWhy::TimeWaitFin => "seg.ack.time_wait_fin",
                AckWhy::Challenge => "seg.ack.challenge",
                AckWhy::AckTooNew => "seg.ack.too_new",
                AckWhy::WindowUpdate => {
                    args.push(("win", n(t.window)));
                    "seg.ack.window_update"
                }
            }
        }
        SendWhy::Rst(why) => {
            args.push(("seq", n(seq)));
            // RFC 9293 3.5.2: a reset answering a segment with an ACK takes SEQ=SEG.ACK;
            // one answering a segment without an ACK has seq 0 and acknowledges it.
            let answers_ack = !is_ack;
            if !answers_ack {
                args.push(("ack", n(ack)));
            }
            match why {
                RstWhy::ClosedPort => {
                    args.push(("port", n(t.src_port)));
                    "seg.rst.closed_port"
                }
                RstWhy::NoConnection if answers_ack => "seg.rst.no_connection",
                RstWhy::NoConnection => "seg.rst.no_connection.no_ack",
                RstWhy::Listening => {
                    args.push(("port", n(t.src_port)));
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
            args.push(("seq", n(seq)));
            args.push(("probe", n(probe)));
            args.push(("count", n(count)));
            "seg.keepalive"
        }
        SendWhy::ZeroWindowProbe => {
            args.push(("seq", n(seq)));
            "seg.zero_window_probe"
        }
    };
    Msg::of(key, &args)
}

/// The RFC section that decides what a segment does.
pub fn segment_rfc(t: &Transmit) -> &'static str {
    match (t.why, t.rtx) {
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
        (SendWhy::Ack(AckWhy::OutOfOrder | AckWhy::HoleFilled), _) => "5681#4.2",
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
            &[("ms", ms(2 * msl_us)), ("msl", ms(msl_us))],
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
