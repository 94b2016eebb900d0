//! Inside the sockets: for the current segment's connection, each side's transmission
//! control block at the playhead (RFC 9293 3.3.1) from the Trace's samples
//! (`Trace::tcb`): its five-tuple and state, its send and receive sequence spaces drawn as
//! RFC 9293 draws them (figures 3 and 4), every variable with what changed since the
//! previous step marked, what limits the sender now, and its running timers.
//!
//! Each side is `data-testid="tcb-<endpoint>"` with a `data-<variable>` attribute per known
//! variable (`data-snd_una`, `data-cwnd`...), the values of the sample in effect.

use wiretrace_core::i18n::Lang;
use wiretrace_core::tcp::State;
use wiretrace_core::trace::{Flag, Proto, Segment, TcbSample, TcbVar, Trace};
use wiretrace_diagram::layout::timer_label;
use wiretrace_diagram::numbers::{Numbering, SeqBases};
use wiretrace_diagram::{fmt_duration, story};
use yew::prelude::*;

use super::explanation::endpoint_name;
use crate::ui::{grouped, t, tf, T};

/// The `data-*` attribute of each variable, in the order of [`TcbVar::ALL`].
const DATA: [&str; 13] = [
    "data-snd_una",
    "data-snd_nxt",
    "data-snd_wnd",
    "data-rcv_nxt",
    "data-rcv_wnd",
    "data-cwnd",
    "data-ssthresh",
    "data-srtt_us",
    "data-rttvar_us",
    "data-rto_us",
    "data-in_flight",
    "data-snd_buf",
    "data-rcv_buf",
];

/// The two sides of the connection of the step's segment, or nothing for a UDP datagram,
/// the start, or a Trace without samples (a version-1 file, a capture).
pub fn socket_panel(
    trace: &Trace,
    story: &story::Story,
    bases: &SeqBases,
    lang: Lang,
    step: usize,
    numbering: Numbering,
) -> Html {
    let Some(seg) = step.checked_sub(1).and_then(|i| trace.segments.get(i)) else {
        return html! {};
    };
    if seg.proto != Proto::Tcp || trace.tcb.is_empty() {
        return html! {};
    }
    let sides = [seg.from.as_str(), seg.to.as_str()];
    let cards: Vec<Html> = sides
        .iter()
        .filter_map(|id| {
            let index = trace.endpoints.iter().position(|e| e.id == *id)? as u32;
            let now = story.tcb_at(trace, index, seg.conn, step)?;
            let before = story.tcb_at(trace, index, seg.conn, step - 1);
            let side = Side {
                trace,
                story,
                bases,
                lang,
                numbering,
                id,
                seg,
                now,
                before,
            };
            Some(side.card(step))
        })
        .collect();
    if cards.is_empty() {
        return html! {};
    }
    html! {
        <section class="exp-section socket-panel">
            <h3>{ t(lang, T::SocketsInside) }</h3>
            <div class="tcb-sides">{ for cards }</div>
        </section>
    }
}

/// One side of the connection at the playhead.
struct Side<'a> {
    trace: &'a Trace,
    story: &'a story::Story,
    bases: &'a SeqBases,
    lang: Lang,
    numbering: Numbering,
    /// Endpoint id.
    id: &'a str,
    /// The step's segment.
    seg: &'a Segment,
    now: TcbSample,
    before: Option<TcbSample>,
}

impl Side<'_> {
    fn get(&self, var: TcbVar) -> Option<u32> {
        self.now.get(var)
    }

    /// The peer's endpoint id.
    fn peer(&self) -> &str {
        if self.seg.from == self.id {
            &self.seg.to
        } else {
            &self.seg.from
        }
    }

    /// `local → remote` as this side sees its connection.
    fn tuple(&self) -> String {
        let (local, remote) = if self.seg.from == self.id {
            (&self.seg.src, &self.seg.dst)
        } else {
            (&self.seg.dst, &self.seg.src)
        };
        // Behind a NAT the server side sees the tuple rewritten.
        let conn = self.trace.connections.get(self.seg.conn as usize);
        if let Some(c) = conn.filter(|c| c.server_endpoint == self.id) {
            if let Some(view) = &c.server_side {
                return format!("TCP {} ⇄ {}", view.server, view.client);
            }
        }
        format!("TCP {local} ⇄ {remote}")
    }

    /// A sequence number as the page's numbering shows it (relative to the ISN of the
    /// side that sends that sequence space).
    fn seq(&self, var: TcbVar, v: u32) -> String {
        let owner = match var {
            TcbVar::RcvNxt => self.peer(),
            _ => self.id,
        };
        match (self.numbering, self.bases.base(self.seg.conn, owner)) {
            (Numbering::Relative, Some(base)) => format!("{} ({v})", v.wrapping_sub(base)),
            (Numbering::Absolute, Some(base)) => format!("{v} ({})", v.wrapping_sub(base)),
            (_, None) => v.to_string(),
        }
    }

    /// A variable's value as text.
    fn value(&self, var: TcbVar, v: u32) -> String {
        match var {
            _ if var.is_seq() => self.seq(var, v),
            _ if var.is_time() => fmt_duration(u64::from(v)),
            TcbVar::Ssthresh if v == TcbSample::UNLIMITED => {
                t(self.lang, T::TcbUnlimited).to_owned()
            }
            _ => tf(self.lang, T::TcbBytes, &[("n", &grouped(v as usize))]),
        }
    }

    fn label(&self, var: TcbVar) -> String {
        let name = match var {
            TcbVar::SndUna => "SND.UNA",
            TcbVar::SndNxt => "SND.NXT",
            TcbVar::SndWnd => "SND.WND",
            TcbVar::RcvNxt => "RCV.NXT",
            TcbVar::RcvWnd => "RCV.WND",
            TcbVar::Cwnd => "cwnd",
            TcbVar::Ssthresh => "ssthresh",
            TcbVar::SrttUs => "SRTT",
            TcbVar::RttvarUs => "RTTVAR",
            TcbVar::RtoUs => "RTO",
            TcbVar::InFlight => return t(self.lang, T::TcbInFlight).to_owned(),
            TcbVar::SndBuf => return t(self.lang, T::TcbSndBuf).to_owned(),
            TcbVar::RcvBuf => return t(self.lang, T::TcbRcvBuf).to_owned(),
        };
        name.to_owned()
    }

    fn card(&self, step: usize) -> Html {
        let lang = self.lang;
        let state = self
            .trace
            .states
            .iter()
            .rev()
            .filter(|c| c.endpoint == self.id && c.conn == Some(self.seg.conn))
            .find(|c| story::change_done(self.trace, c, step))
            .map(|c| c.to);
        let mut card = html! {
            <article class="tcb" data-testid={format!("tcb-{}", self.id)}>
                <h4>
                    <span class="who">{ endpoint_name(self.trace, lang, self.id) }</span>
                    if let Some(st) = state {
                        <span class={classes!("chip", format!("chip-{}", st.name().to_ascii_lowercase()))}>{ st.name() }</span>
                    }
                </h4>
                <p class="tcb-tuple"><code>{ self.tuple() }</code></p>
                { self.send_bar(state, step) }
                { self.recv_bar(self.fin_in(step)) }
                { self.limit() }
                <dl class="tcb-vars">
                    { for TcbVar::ALL.into_iter().map(|v| self.row(v)) }
                </dl>
                { self.timers(step) }
            </article>
        };
        if let Html::VTag(tag) = &mut card {
            for (var, name) in TcbVar::ALL.into_iter().zip(DATA) {
                if let Some(v) = self.get(var) {
                    std::rc::Rc::make_mut(tag).add_attribute(name, v.to_string());
                }
            }
        }
        card
    }

    /// One variable: its name, value, and a mark when it changed since the previous step.
    fn row(&self, var: TcbVar) -> Html {
        let value = self.get(var);
        let changed = self.before.is_some_and(|b| b.get(var) != value);
        let text = match value {
            Some(v) => self.value(var, v),
            None => t(self.lang, T::TcbUnknown).to_owned(),
        };
        html! {
            <div class={classes!(changed.then_some("changed"))} data-var={var.name()}>
                <dt>{ self.label(var) }</dt>
                <dd>
                    <code class={classes!(value.is_none().then_some("muted"))}>{ text }</code>
                    if changed {
                        <span class="tcb-changed">{ "▲ " }{ t(self.lang, T::TcbChanged) }</span>
                    }
                </dd>
            </div>
        }
    }

    /// The send sequence space from SND.UNA: sent and not acknowledged, what may be sent
    /// now, and what the application wrote that the window does not allow yet. A SYN or
    /// FIN sent and not acknowledged takes a sequence number but no byte: it is named
    /// beside the bytes ("0 + SYN" while connecting), and an acknowledged FIN is not
    /// counted as a byte acknowledged.
    fn send_bar(&self, state: Option<State>, step: usize) -> Html {
        let (Some(una), Some(nxt)) = (self.get(TcbVar::SndUna), self.get(TcbVar::SndNxt)) else {
            return html! {};
        };
        let unacked = self.get(TcbVar::InFlight).unwrap_or(nxt.wrapping_sub(una));
        let wnd = self.effective_window();
        let usable = wnd.saturating_sub(unacked);
        let written = self.get(TcbVar::SndBuf).unwrap_or(0);
        let waiting = written.saturating_sub(unacked);
        let blocked = waiting.saturating_sub(usable);
        let fin = self.fin_out(step);
        let fin_acked = fin.is_some_and(|f| (una.wrapping_sub(f) as i32) > 0);
        let acked = self.bases.base(self.seg.conn, self.id).map(|iss| {
            una.wrapping_sub(iss)
                .saturating_sub(1)
                .saturating_sub(u32::from(fin_acked))
        });
        // Named by the state, not by SND.NXT - SND.UNA: a timeout or a duplicate SYN moves
        // SND.NXT back to SND.UNA while the SYN or FIN is still unacknowledged.
        let control = match state {
            Some(State::SynSent | State::SynReceived) => " + SYN",
            Some(State::FinWait1 | State::Closing | State::LastAck) if fin.is_some() => " + FIN",
            _ => "",
        };
        let parts = [
            Part::behind(T::TcbAcked, "acked", acked.unwrap_or(0)),
            Part {
                control,
                ..Part::live(T::TcbUnacked, "unacked", unacked)
            },
            Part::live(T::TcbUsable, "usable", usable),
            Part::live(T::TcbBlocked, "blocked", blocked),
        ];
        bar(self.lang, T::TcbSendSide, &parts)
    }

    /// The sequence number of this side's FIN, once sent by `step`: found from the state
    /// change the FIN made (FIN-WAIT-1 or LAST-ACK names it), a few entries, rather than
    /// by reading the segments up to the step at every step of a long run.
    fn fin_out(&self, step: usize) -> Option<u32> {
        self.trace
            .states
            .iter()
            .filter(|c| c.endpoint == self.id && c.conn == Some(self.seg.conn))
            .filter(|c| matches!(c.to, State::FinWait1 | State::LastAck))
            .filter(|c| story::change_done(self.trace, c, step))
            .find_map(|c| self.trace.segments.get(c.segment? as usize))
            .filter(|s| s.has(Flag::Fin))
            .map(|s| s.seq.wrapping_add(s.len))
    }

    /// True once the peer's FIN has arrived by `step`: this side went through CLOSE-WAIT,
    /// CLOSING or TIME-WAIT, the states a received FIN leads to.
    fn fin_in(&self, step: usize) -> bool {
        self.trace
            .states
            .iter()
            .filter(|c| c.endpoint == self.id && c.conn == Some(self.seg.conn))
            .filter(|c| matches!(c.to, State::CloseWait | State::Closing | State::TimeWait))
            .any(|c| story::change_done(self.trace, c, step))
    }

    /// The receive sequence space around RCV.NXT: read by the application, received and
    /// not read, and the window still free. `fin_in`: the peer's FIN has arrived, and took
    /// the sequence number before RCV.NXT, not a byte the application read.
    fn recv_bar(&self, fin_in: bool) -> Html {
        let Some(nxt) = self.get(TcbVar::RcvNxt) else {
            return html! {};
        };
        let unread = self.get(TcbVar::RcvBuf).unwrap_or(0);
        let free = self.get(TcbVar::RcvWnd).unwrap_or(0);
        let read = self.bases.base(self.seg.conn, self.peer()).map(|irs| {
            nxt.wrapping_sub(irs)
                .saturating_sub(1)
                .saturating_sub(u32::from(fin_in))
                .saturating_sub(unread)
        });
        let parts = [
            Part::behind(T::TcbRead, "read", read.unwrap_or(0)),
            Part::live(T::TcbUnread, "unread", unread),
            Part::live(T::TcbFree, "free", free),
        ];
        bar(self.lang, T::TcbRecvSide, &parts)
    }

    /// SND.WND, or cwnd when congestion control allows less.
    fn effective_window(&self) -> u32 {
        let wnd = self.get(TcbVar::SndWnd).unwrap_or(0);
        self.get(TcbVar::Cwnd).map_or(wnd, |c| c.min(wnd))
    }

    /// Which window limits the sender now, when it has something to send.
    fn limit(&self) -> Html {
        let (Some(wnd), Some(cwnd)) = (self.get(TcbVar::SndWnd), self.get(TcbVar::Cwnd)) else {
            return html! {};
        };
        // Only while data waits for room: more written than in flight.
        let flight = self.get(TcbVar::InFlight).unwrap_or(0);
        if flight == 0 || self.get(TcbVar::SndBuf).unwrap_or(0) <= flight {
            return html! {};
        }
        let key = if cwnd < wnd {
            T::TcbLimitCwnd
        } else {
            T::TcbLimitRwnd
        };
        let (cwnd, wnd) = (grouped(cwnd as usize), grouped(wnd as usize));
        html! { <p class="tcb-limit">{ tf(self.lang, key, &[("cwnd", &cwnd), ("wnd", &wnd)]) }</p> }
    }

    fn timers(&self, step: usize) -> Html {
        let running = self
            .story
            .socket_timers_running(self.trace, self.id, self.seg.conn, step);
        if running.is_empty() {
            return html! {};
        }
        html! {
            <>
                <h5>{ t(self.lang, T::TcbTimers) }</h5>
                <ul class="tcb-timers">
                    { for running.iter().map(|(timer, left)| html! {
                        <li data-timer={format!("{:?}", timer.kind)}>
                            <strong>{ timer_label(timer.kind, self.lang) }</strong>
                            { " " }
                            { tf(self.lang, T::TcbLeft, &[("time", &fmt_duration(*left))]) }
                        </li>
                    }) }
                </ul>
            </>
        }
    }
}

/// One part of a sequence space's bar.
struct Part {
    /// Its name in the legend.
    name: T,
    /// Its CSS class (the colour of its rectangle and swatch).
    class: &'static str,
    /// Its bytes.
    n: u32,
    /// What is behind (acknowledged, read): drawn at a fixed width whatever its size.
    stub: bool,
    /// A control flag it holds beside its bytes (" + SYN", " + FIN"), or "".
    control: &'static str,
}

impl Part {
    fn live(name: T, class: &'static str, n: u32) -> Part {
        Part {
            name,
            class,
            n,
            stub: false,
            control: "",
        }
    }

    fn behind(name: T, class: &'static str, n: u32) -> Part {
        Part {
            stub: true,
            ..Part::live(name, class, n)
        }
    }

    /// Its bytes as the legend writes them, and its control flag.
    fn value(&self) -> String {
        format!("{}{}", grouped(self.n as usize), self.control)
    }
}

/// A sequence space as a bar of [`Part`]s: a stub part keeps a fixed width whatever its
/// size, the others are as wide as their bytes. Each part is named in a legend with its
/// number, so the bar never depends on its colours; the bar's own name says it all for a
/// screen reader.
fn bar(lang: Lang, title: T, parts: &[Part]) -> Html {
    let live: u64 = parts
        .iter()
        .filter(|p| !p.stub)
        .map(|p| u64::from(p.n))
        .sum();
    let described: Vec<String> = parts
        .iter()
        .map(|p| format!("{} {}", t(lang, p.name), p.value()))
        .collect();
    let label = format!("{}: {}", t(lang, title), described.join(", "));
    // Each part's place on a 100-wide bar (an SVG: the page's CSP allows no inline style).
    let mut x = 0.0;
    let rects: Vec<Html> = parts
        .iter()
        .filter_map(|&Part { class, n, stub, .. }| {
            let width = if n == 0 {
                0.0
            } else if stub {
                12.0
            } else if live == 0 {
                0.0
            } else {
                (88.0 * f64::from(n) / live as f64).max(1.0)
            };
            let at = x;
            x += width;
            (width > 0.0).then(|| {
                html! {
                    <rect class={classes!("part", class)} x={format!("{at:.2}")} y="0"
                        width={format!("{width:.2}")} height="10" />
                }
            })
        })
        .collect();
    html! {
        <div class="tcb-space">
            <p class="tcb-space-title">{ t(lang, title) }</p>
            <svg class="tcb-bar" role="img" aria-label={label} viewBox="0 0 100 10" preserveAspectRatio="none">
                { for rects.into_iter() }
            </svg>
            <ul class="tcb-legend" aria-hidden="true">
                { for parts.iter().map(|p| html! {
                    <li><span class={classes!("swatch", p.class)}></span>{ t(lang, p.name) }{ " " }<code>{ p.value() }</code></li>
                }) }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_variable_has_its_data_attribute() {
        for (var, name) in TcbVar::ALL.into_iter().zip(DATA) {
            assert_eq!(name, format!("data-{}", var.name()));
        }
    }
}
