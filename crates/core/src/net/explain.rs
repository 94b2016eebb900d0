//! Turns the engine's reasons (send reasons, state-change reasons, timer notes) into message
//! keys with arguments. The words live in [`crate::i18n`]; this module only picks the key
//! and the numbers.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use crate::tcp::event::{AckWhy, RstWhy, Rtx, SendWhy, TimerNote, Why};
use crate::tcp::{State, Transmit};
use crate::trace::{Analysis, Msg};
use crate::units::ms;

fn n(v: impl ToString) -> String {
    v.to_string()
}

/// The message of a transmitted TCP segment.
pub fn segment_msg(t: &Transmit, state: State, http: Option<&str>) -> Msg {
    let seg = &t.seg;
    let seq = seg.seq;
    let len = seg.payload.len();
    let ack = seg.ack;
    let prev = t.prev_ack;
    let moved = match prev {
        Some(p) if ack > p => ack - p,
        _ => 0,
    };
    let mut args: Vec<(&str, String)> = Vec::with_capacity(6);
    let key: &str = match t.why {
        SendWhy::Syn => {
            args.push(("seq", n(seq)));
            args.push(("next", n(seq + 1)));
            match t.rtx {
                Rtx::Timeout { attempt, rto_us } => {
                    args.push(("attempt", n(attempt)));
                    args.push(("rto", ms(rto_us)));
                    "seg.rtx.syn"
                }
                Rtx::No | Rtx::Fast | Rtx::Partial | Rtx::Sack | Rtx::Probe => {
                    if seq.0 == u32::MAX {
                        "seg.syn.wrap"
                    } else {
                        "seg.syn"
                    }
                }
            }
        }
        SendWhy::SynAck { simultaneous } => {
            args.push(("seq", n(seq)));
            args.push(("ack", n(ack)));
            args.push(("peer_isn", n(ack - 1)));
            match (t.rtx, simultaneous) {
                (Rtx::Timeout { attempt, rto_us }, _) => {
                    args.push(("attempt", n(attempt)));
                    args.push(("rto", ms(rto_us)));
                    "seg.rtx.syn_ack"
                }
                (_, true) => "seg.syn_ack.simultaneous",
                (_, false) => "seg.syn_ack",
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
                    if seg.fin() {
                        args.push(("fin", n(end)));
                        "seg.data_fin"
                    } else if let Some(line) = http {
                        args.push(("http", String::from(line)));
                        "seg.data.http"
                    } else if moved > 0 {
                        args.push(("ack", n(ack)));
                        args.push(("moved", n(moved)));
                        "seg.data.piggyback"
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
                AckWhy::Handshake => {
                    args.push(("peer_isn", n(ack - 1)));
                    "seg.ack.handshake"
                }
                AckWhy::Data => {
                    args.push(("prev", prev.map(n).unwrap_or_default()));
                    args.push(("moved", n(moved)));
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
                AckWhy::OutOfOrder if t.tags.contains(&Analysis::WindowUpdate) => {
                    args.push(("win", n(seg.window)));
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
                    args.push(("win", n(seg.window)));
                    "seg.ack.zero_window_probe"
                }
                AckWhy::TimeWaitFin => "seg.ack.time_wait_fin",
                AckWhy::Challenge => "seg.ack.challenge",
                AckWhy::AckTooNew => "seg.ack.too_new",
                AckWhy::WindowUpdate => {
                    args.push(("win", n(seg.window)));
                    "seg.ack.window_update"
                }
            }
        }
        SendWhy::Rst(why) => {
            args.push(("seq", n(seq)));
            // RFC 9293 3.5.2: a reset answering a segment with an ACK takes SEQ=SEG.ACK;
            // one answering a segment without an ACK has seq 0 and acknowledges it.
            let answers_ack = !seg.is_ack();
            if !answers_ack {
                args.push(("ack", n(ack)));
            }
            match why {
                RstWhy::ClosedPort => {
                    args.push(("port", n(seg.src.port())));
                    "seg.rst.closed_port"
                }
                RstWhy::NoConnection if answers_ack => "seg.rst.no_connection",
                RstWhy::NoConnection => "seg.rst.no_connection.no_ack",
                RstWhy::Listening => {
                    args.push(("port", n(seg.src.port())));
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
    Msg::new(key, &args)
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
            Msg::new("seg.udp.labelled", &args)
        }
        None => Msg::new("seg.udp", &args),
    }
}

/// The message of a state change.
pub fn state_msg(from: State, to: State, why: Why, port: u16) -> Msg {
    match why {
        Why::PassiveOpen => Msg::new("state.listen", &[("port", n(port))]),
        Why::ActiveOpen { iss } => Msg::new("state.connect", &[("iss", n(iss))]),
        Why::SynReceived { irs, iss } => {
            Msg::new("state.syn_received", &[("irs", n(irs)), ("iss", n(iss))])
        }
        Why::SimultaneousOpen { irs } => Msg::new("state.simultaneous_open", &[("irs", n(irs))]),
        Why::SynAckReceived { ack } => Msg::new("state.established.active", &[("ack", n(ack))]),
        Why::SynAcked { ack } => Msg::new("state.established.passive", &[("ack", n(ack))]),
        Why::Close { fin } => match from {
            State::CloseWait => Msg::new("state.close.passive", &[("fin", n(fin))]),
            _ => Msg::new("state.close.active", &[("fin", n(fin))]),
        },
        Why::FinAcked { ack } => match to {
            State::FinWait2 => Msg::new("state.fin_acked.fin_wait_2", &[("ack", n(ack))]),
            State::TimeWait => Msg::new("state.fin_acked.time_wait", &[("ack", n(ack))]),
            _ => Msg::new("state.fin_acked.closed", &[("ack", n(ack))]),
        },
        Why::FinReceived { fin } => match to {
            State::Closing => Msg::new("state.fin.closing", &[("fin", n(fin))]),
            State::TimeWait => Msg::new("state.fin.time_wait", &[("fin", n(fin))]),
            _ => Msg::new("state.fin.close_wait", &[("fin", n(fin))]),
        },
        Why::TimeWaitOver { wait_us } => Msg::new("state.time_wait_over", &[("ms", ms(wait_us))]),
        Why::FinWait2Timeout => Msg::new("state.fin_wait_2_timeout", &[]),
        Why::Reset { seq } => match to {
            State::Listen => Msg::new("state.reset.listen", &[("seq", n(seq))]),
            _ => Msg::new("state.reset", &[("seq", n(seq))]),
        },
        Why::Refused => Msg::new("state.refused", &[]),
        Why::Abort => Msg::new("state.abort", &[]),
        Why::CloseUnconnected => Msg::new("state.close_unconnected", &[]),
        Why::RetriesExhausted { retries } => Msg::new("state.retries", &[("retries", n(retries))]),
        Why::UserTimeout => Msg::new("state.user_timeout", &[]),
        Why::KeepAliveDead { probes } => Msg::new("state.keepalive_dead", &[("probes", n(probes))]),
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
            (_, b) if b > 1 => Msg::new(
                "timer.rto.backoff",
                &[("rto", ms(rto_us)), ("backoff", n(b))],
            ),
            (Some(srtt), _) => Msg::new(
                "timer.rto",
                &[
                    ("rto", ms(rto_us)),
                    ("srtt", ms(srtt)),
                    ("rttvar", ms(rttvar_us.unwrap_or(0))),
                ],
            ),
            (None, _) if fallback => Msg::new("timer.rto.fallback", &[("rto", ms(rto_us))]),
            (None, _) => Msg::new("timer.rto.initial", &[("rto", ms(rto_us))]),
        },
        TimerNote::DelayedAck => Msg::new("timer.delayed_ack", &[("ms", ms(delay_us))]),
        TimerNote::TimeWait { msl_us } => Msg::new(
            // RFC 9293's MSL is 2 minutes; a shorter one is the scenario's choice, said so.
            if msl_us < 120_000_000 {
                "timer.time_wait.short"
            } else {
                "timer.time_wait"
            },
            &[("ms", ms(2 * msl_us)), ("msl", ms(msl_us))],
        ),
        TimerNote::KeepAliveIdle => Msg::new("timer.keepalive.idle", &[("ms", ms(delay_us))]),
        TimerNote::KeepAliveInterval { probe, count } => Msg::new(
            "timer.keepalive.interval",
            &[
                ("ms", ms(delay_us)),
                ("probe", n(probe)),
                ("count", n(count)),
            ],
        ),
        TimerNote::Persist { backoff } => Msg::new(
            "timer.persist",
            &[("ms", ms(delay_us)), ("backoff", n(backoff))],
        ),
        TimerNote::UserTimeout => Msg::new("timer.user_timeout", &[("ms", ms(delay_us))]),
        TimerNote::FinWait2 => Msg::new("timer.fin_wait_2", &[("ms", ms(delay_us))]),
    }
}
