//! TCP states along the lifelines: a band per state a socket holds (none for CLOSED), and
//! the state's name written beside the lifeline where it begins.

use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::Trace;

use super::axis::TimeAxis;
use super::lanes::{Columns, Slots, Sockets};
use super::{Band, Pt, StateLabel};

/// The bands and the names, socket by socket.
pub(crate) fn bands_and_labels(
    trace: &Trace,
    axis: &TimeAxis,
    slots: &Slots,
    sockets: &Sockets,
    cols: &Columns,
) -> (Vec<Band>, Vec<StateLabel>) {
    let mut bands = Vec::new();
    let mut labels = Vec::new();
    for (s, &x) in sockets.list.iter().zip(&cols.socket_xs) {
        let ep: &str = slots.ids[s.slot];
        for (k, &ci) in s.changes.iter().enumerate() {
            let st = &trace.states[ci];
            let next_t = s
                .changes
                .get(k + 1)
                .map_or(axis.end_us, |&n| trace.states[n].at_us);
            if st.to != State::Closed {
                bands.push(Band {
                    endpoint: ep.to_owned(),
                    conn: s.conn,
                    state: st.to,
                    x,
                    y0: axis.map.y(st.at_us),
                    y1: axis.map.y(next_t),
                    t0: st.at_us,
                });
            }
            labels.push(StateLabel {
                at: Pt {
                    x: cols.text_x(slots, ep),
                    y: axis.map.y(st.at_us),
                },
                side: cols.lane_side(slots, ep),
                text: sockets.state_text(s.slot, s.conn, st.to),
                state: st.to,
                endpoint: ep.to_owned(),
                conn: s.conn,
                t: st.at_us,
                change: ci,
            });
        }
    }
    (bands, labels)
}
