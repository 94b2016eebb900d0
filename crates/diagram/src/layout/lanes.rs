//! The horizontal axis: which endpoint is which lifeline, the sockets on each lifeline (a
//! listener and its connections side by side when they overlap), and how wide each column
//! must be for the texts beside the lifelines and the labels between them.

use std::collections::BTreeMap;

use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::Trace;

use super::axis::TimeAxis;
use super::metrics::{Metrics, BAND_W, CHAR_W, INNER_ROOM_SHARE, NARROW_COL_MIN};
use super::timers::TimerLanes;
use super::{Lane, Side};
use wiretrace_core::i18n::{self, Lang};

/// Endpoints by position: the trace's lifelines first, then any id the trace uses without
/// declaring it (a malformed import), so that facts per endpoint live in plain vectors.
pub(crate) struct Slots<'a> {
    pub ids: Vec<&'a str>,
    /// How many of `ids` are declared lifelines.
    pub lanes: usize,
}

impl<'a> Slots<'a> {
    pub fn new(trace: &'a Trace) -> Slots<'a> {
        let mut ids: Vec<&str> = trace.endpoints.iter().map(|e| e.id.as_str()).collect();
        let lanes = ids.len();
        let used = trace
            .segments
            .iter()
            .flat_map(|s| {
                [s.from.as_str(), s.to.as_str()]
                    .into_iter()
                    .chain(s.via().iter().map(|h| h.endpoint.as_str()))
            })
            .chain(trace.states.iter().map(|s| s.endpoint.as_str()))
            .chain(trace.timers.iter().map(|t| t.endpoint.as_str()))
            .chain(trace.events.iter().map(|e| e.endpoint.as_str()));
        for id in used {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Slots { ids, lanes }
    }

    /// How many slots there are (at least one, so per-slot vectors are never empty).
    pub fn count(&self) -> usize {
        self.ids.len().max(1)
    }

    /// The slot of an id the trace uses.
    pub fn of(&self, id: &str) -> usize {
        self.ids.iter().position(|s| *s == id).unwrap_or(0)
    }

    /// The lifeline of an id, if the trace declares it.
    pub fn lane(&self, id: &str) -> Option<usize> {
        self.ids[..self.lanes].iter().position(|s| *s == id)
    }

    /// True for a lifeline with others on both sides.
    pub fn is_inner(&self, id: &str) -> bool {
        self.lane(id).is_some_and(|i| i > 0 && i + 1 < self.lanes)
    }
}

/// Which side of the figure a lifeline writes its texts on: the first one to the left,
/// every other one to the right.
pub(crate) fn outer_of(lane: usize) -> Side {
    if lane == 0 {
        Side::Left
    } else {
        Side::Right
    }
}

/// One socket: an endpoint's connection, or its listener.
pub(crate) struct Socket {
    /// The endpoint's slot.
    pub slot: usize,
    /// The connection, or `None` for a listener.
    pub conn: Option<u32>,
    /// Its state changes (indexes into `Trace::states`), in time order.
    pub changes: Vec<usize>,
    /// When a segment or a state change first shows it.
    pub first_seen: u64,
    /// Its place beside the lifeline: 0 on the lifeline, 1, 2... further in.
    pub sublane: usize,
}

/// Every socket, sorted by (slot, connection), and how many sub-lanes each slot needs.
pub(crate) struct Sockets {
    pub list: Vec<Socket>,
    /// Sub-lanes per slot (at least 1).
    pub sublanes_of: Vec<usize>,
    /// Connections with states per slot (several: state names carry `#n`).
    pub conns_at: Vec<usize>,
}

impl Sockets {
    pub fn new(trace: &Trace, slots: &Slots, axis: &TimeAxis) -> Sockets {
        // Each socket (slot, connection) once, in that order, with the state changes it
        // had (in index order) and when a change or a segment first showed it: a long run
        // adds no list as long as its segments.
        let mut seen: BTreeMap<(usize, Option<u32>), (u64, Vec<usize>)> = BTreeMap::new();
        for (i, st) in trace.states.iter().enumerate() {
            let (first, changes) = seen
                .entry((slots.of(&st.endpoint), st.conn))
                .or_insert((u64::MAX, Vec::new()));
            *first = (*first).min(st.at_us);
            changes.push(i);
        }
        for s in &trace.segments {
            for ep in [&s.from, &s.to] {
                let (first, _) = seen
                    .entry((slots.of(ep), Some(s.conn)))
                    .or_insert((u64::MAX, Vec::new()));
                *first = (*first).min(s.sent_us);
            }
        }
        let mut list: Vec<Socket> = seen
            .into_iter()
            .map(|((slot, conn), (first_seen, changes))| Socket {
                slot,
                conn,
                changes,
                first_seen,
                sublane: 0,
            })
            .collect();
        let n_slots = slots.count();
        let mut sublanes_of = vec![1; n_slots];
        // A listener and its connections side by side when they overlap.
        let mut k = 0;
        while k < list.len() {
            let slot = list[k].slot;
            let end_k = k + list[k..].iter().take_while(|s| s.slot == slot).count();
            // Listeners first, so they keep the centre line, then connections in the order
            // they begin.
            struct Item {
                is_conn: bool,
                start: f32,
                socket: usize,
                end: f32,
            }
            let mut items: Vec<Item> = (k..end_k)
                .map(|j| {
                    let s = &list[j];
                    let start = s
                        .changes
                        .first()
                        .map(|&i| trace.states[i].at_us)
                        .map_or(s.first_seen, |t| t.min(s.first_seen));
                    let end = match s.changes.last().map(|&i| &trace.states[i]) {
                        Some(st) if st.to == State::Closed => st.at_us,
                        _ => axis.end_us,
                    };
                    Item {
                        is_conn: s.conn.is_some(),
                        start: axis.map.y(start),
                        socket: j,
                        end: axis.map.y(end) + 1.0,
                    }
                })
                .collect();
            items.sort_unstable_by(|a, b| {
                (a.is_conn, a.start, a.socket)
                    .partial_cmp(&(b.is_conn, b.start, b.socket))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            // Listeners occupy their lane for the whole run.
            let mut lane_end: Vec<f32> = Vec::new();
            for it in &items {
                let lane = lane_end
                    .iter()
                    .position(|&e| e <= it.start)
                    .unwrap_or(lane_end.len());
                let end = if it.is_conn { it.end } else { f32::INFINITY };
                if lane == lane_end.len() {
                    lane_end.push(end);
                } else {
                    lane_end[lane] = end;
                }
                list[it.socket].sublane = lane;
            }
            sublanes_of[slot] = lane_end.len().max(1);
            k = end_k;
        }
        let mut conns_at = vec![0; n_slots];
        for s in &list {
            if s.conn.is_some() && !s.changes.is_empty() {
                conns_at[s.slot] += 1;
            }
        }
        Sockets {
            list,
            sublanes_of,
            conns_at,
        }
    }

    /// The socket of an endpoint slot and connection.
    pub fn index(&self, slot: usize, conn: Option<u32>) -> Option<usize> {
        self.list
            .binary_search_by(|s| (s.slot, s.conn).cmp(&(slot, conn)))
            .ok()
    }

    /// A state's name as written beside its lifeline (`SYN-SENT`, with the connection
    /// number where the endpoint has states for several).
    pub fn state_text(&self, slot: usize, conn: Option<u32>, st: State) -> String {
        match conn {
            Some(c) if self.conns_at[slot] > 1 => format!("{st} #{c}"),
            _ => st.name().to_owned(),
        }
    }
}

/// What sets the columns' widths.
pub(crate) struct ColumnNeeds {
    /// Widest state name or badge beside each slot.
    pub text_room: Vec<f32>,
    /// Widest label line between two lifelines.
    pub longest_label: f32,
    /// Labels break into two lines above their arrows (3+ lifelines, wide figure).
    pub two_line: bool,
}

/// Lifelines placed left to right, and where each socket's band is.
pub(crate) struct Columns {
    pub lanes: Vec<Lane>,
    pub width: f32,
    /// Band position of each socket (same order as `Sockets::list`).
    pub socket_xs: Vec<f32>,
    /// Room from a lifeline to the outer edge of its texts, per slot.
    side_room: Vec<f32>,
    /// Room a slot's timer brackets take.
    timer_room: Vec<f32>,
    gutter: f32,
    band_to_text: f32,
}

impl Columns {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        trace: &Trace,
        lang: Lang,
        m: &Metrics,
        slots: &Slots,
        sockets: &Sockets,
        timers: &TimerLanes,
        needs: &ColumnNeeds,
    ) -> Columns {
        let n_lanes = trace.endpoints.len();
        let n_slots = slots.count();
        let timer_room: Vec<f32> = (0..n_slots)
            .map(|s| timers.lanes_of[s] as f32 * m.timer_step)
            .collect();
        let side_room: Vec<f32> = (0..n_slots)
            .map(|s| {
                let text = needs.text_room[s].max(m.min_text_room);
                BAND_W / 2.0 + m.text_gap + 2.0 + timer_room[s] + text
            })
            .collect();
        // Sockets side by side (a listener and its connections) sit on the inner side.
        let inner_room = |slot: usize| -> f32 {
            if m.compact {
                return 0.0;
            }
            sockets.sublanes_of[slot].saturating_sub(1) as f32 * (BAND_W + 2.0)
        };
        // Column width: wide enough for the longest label (line) between neighbours.
        let longest = needs
            .longest_label
            .max(if m.compact { 0.0 } else { 20.0 * CHAR_W });
        // Beside an inner lifeline, labels slide along their arrows: less room is needed.
        let pad = if n_lanes > 2 {
            m.col_pad * 0.5
        } else {
            m.col_pad
        };
        // Two-line labels need narrower columns (a label that fits on one line still uses
        // it).
        let col_min = if needs.two_line {
            NARROW_COL_MIN
        } else {
            m.col_min
        };
        let col_gap = (longest + pad).clamp(col_min, m.col_max);
        let edge = if m.compact { 60.0 } else { 90.0 };
        let mut lanes: Vec<Lane> = Vec::with_capacity(n_lanes);
        let mut x = m.gutter;
        for (i, ep) in trace.endpoints.iter().enumerate() {
            let slot = slots.of(&ep.id);
            x += match i {
                0 => side_room[slot].max(edge),
                // A lifeline inside the figure writes its states into the column on its
                // right.
                1 => col_gap + inner_room(slots.of(&trace.endpoints[0].id)) + inner_room(slot),
                // A column beside an inner lifeline: its states and badges take room near
                // the lifeline only, so where columns are narrow (two-line labels) the
                // labels slide along their arrows past them (placement checks) and share
                // part of that room.
                _ => {
                    let share = if needs.two_line {
                        INNER_ROOM_SHARE
                    } else {
                        1.0
                    };
                    col_gap
                        + side_room[slots.of(&trace.endpoints[i - 1].id)] * share
                        + inner_room(slot)
                }
            };
            let label = ep
                .label_msg
                .as_ref()
                .filter(|m| i18n::template(lang, &m.key).is_some())
                .map(|m| i18n::render(lang, m))
                .unwrap_or_else(|| ep.label.clone());
            lanes.push(Lane {
                endpoint: ep.id.clone(),
                x,
                label,
                detail: ep.ip.clone(),
                role: ep.role,
                outer: outer_of(i),
            });
        }
        let width = x + lanes
            .last()
            .map_or(m.gutter, |l| side_room[slots.of(&l.endpoint)].max(edge));
        let mut cols = Columns {
            lanes,
            width,
            socket_xs: Vec::new(),
            side_room,
            timer_room,
            gutter: m.gutter,
            band_to_text: BAND_W / 2.0 + m.text_gap,
        };
        cols.socket_xs = sockets
            .list
            .iter()
            .map(|s| {
                let ep = slots.ids[s.slot];
                cols.lane_x(slots, ep)
                    - cols.lane_side(slots, ep).dir() * s.sublane as f32 * (BAND_W + 2.0)
            })
            .collect();
        cols
    }

    /// A lifeline's position (the gutter for an undeclared id).
    pub fn lane_x(&self, slots: &Slots, ep: &str) -> f32 {
        slots.lane(ep).map_or(self.gutter, |i| self.lanes[i].x)
    }

    /// Which side a lifeline writes its texts on.
    pub fn lane_side(&self, slots: &Slots, ep: &str) -> Side {
        slots.lane(ep).map_or(Side::Left, outer_of)
    }

    /// Where a socket's band is (its lifeline if the socket is unknown).
    pub fn socket_at(&self, slots: &Slots, sockets: &Sockets, ep: &str, conn: Option<u32>) -> f32 {
        sockets
            .index(slots.of(ep), conn)
            .map_or_else(|| self.lane_x(slots, ep), |k| self.socket_xs[k])
    }

    /// Where a connection's band is on an endpoint.
    pub fn socket_x(&self, slots: &Slots, sockets: &Sockets, ep: &str, conn: u32) -> f32 {
        self.socket_at(slots, sockets, ep, Some(conn))
    }

    /// Where names and badges start beside a lifeline (past its timer brackets).
    pub fn text_x(&self, slots: &Slots, ep: &str) -> f32 {
        let timers = self.timer_room[slots.of(ep)];
        self.lane_x(slots, ep) + self.lane_side(slots, ep).dir() * (self.band_to_text + timers)
    }

    /// Room from a lifeline to the outer edge of its texts.
    pub fn side_room(&self, slots: &Slots, ep: &str) -> f32 {
        self.side_room[slots.of(ep)]
    }
}
