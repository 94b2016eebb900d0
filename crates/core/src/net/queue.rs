//! The event queue and the run loop.
//!
//! Everything that happens later is an [`Ev`] in one queue ordered by (time, insertion):
//! a packet arriving, a socket's timer, a link free again, an application's timer, a
//! middlebox flow's idle deadline, a link or host going down or up. [`Sim::run`] pops them
//! in that order, hands each to the part of the world it concerns, then lets the
//! applications react to what it caused. Insertion order breaks ties, so a run is
//! deterministic.

use alloc::collections::BinaryHeap;
use alloc::vec::Vec;
use core::cmp::Ordering;

use super::api::AppEvent;
use super::middlebox::FlowKey;
use super::socket::SockKind;
use super::wire::Packet;
use super::{AppCx, AppId, LinkId, NodeId, Sim, SockId, TimerId, MAX_EVENTS};

/// Events between two progress reports of a run.
const PROGRESS_EVERY: u64 = 8192;
use crate::trace::{TimerOutcome, Trace};

/// Something that happens at a moment of simulated time.
#[derive(Debug)]
pub(super) enum Ev {
    /// An application starts.
    Start(AppId),
    /// A packet reaches `node` over `link`.
    Arrive {
        node: NodeId,
        link: LinkId,
        pkt: Packet,
    },
    /// A socket's earliest TCP timer is due.
    Wake(SockId),
    /// `node`'s side of `link` has finished sending: what waited may go.
    LinkFree { node: NodeId, link: LinkId },
    /// An application timer is due.
    AppTimer(TimerId),
    /// A middlebox flow's idle deadline.
    FlowIdle { node: NodeId, key: FlowKey },
    /// A link goes down (`up: false`) or comes back (`up: true`), as its spec says.
    LinkState { link: LinkId, up: bool },
    /// A host crashes (`up: false`) or boots again (`up: true`), see [`Sim::crash_host`].
    HostState { node: NodeId, up: bool },
}

/// The queue: earliest time first, then earliest insertion.
///
/// The heap orders small keys only; the events wait in `slots` (reused through `free`), so
/// that sifting moves 24 bytes rather than a packet with its segment.
#[derive(Default)]
pub(super) struct Queue {
    heap: BinaryHeap<Key>,
    slots: Vec<Option<Ev>>,
    free: Vec<u32>,
    order: u64,
}

impl Queue {
    fn push(&mut self, at: u64, ev: Ev) {
        self.order += 1;
        let slot = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(ev);
                i
            }
            None => {
                self.slots.push(Some(ev));
                (self.slots.len() - 1) as u32
            }
        };
        self.heap.push(Key {
            at,
            order: self.order,
            slot,
        });
    }

    /// The earliest event and its time.
    fn pop(&mut self) -> Option<(u64, Ev)> {
        let key = self.heap.pop()?;
        let ev = self.slots[key.slot as usize].take()?;
        self.free.push(key.slot);
        Some((key.at, ev))
    }
}

/// Where an event waits in the heap: its time, its insertion number, its slot.
struct Key {
    at: u64,
    order: u64,
    slot: u32,
}

impl PartialEq for Key {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.order) == (o.at, o.order)
    }
}
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Key {
    // Reversed: the heap pops the earliest time, then the earliest insertion.
    fn cmp(&self, o: &Self) -> Ordering {
        (o.at, o.order).cmp(&(self.at, self.order))
    }
}

impl Sim {
    /// Runs until nothing is left to happen, `limit_us` of simulated time passed, or the
    /// run reached its [`super::Limits`]' segments or [`MAX_EVENTS`] events (then the Trace ends
    /// with a `run-truncated` event), and returns the Trace.
    pub fn run(mut self, limit_us: u64) -> Trace {
        self.compute_routes();
        self.schedule_link_changes();
        self.schedule_crashes();
        for i in 0..self.apps.len() {
            let at = self.app_start[i];
            self.schedule(at, Ev::Start(AppId(i as u32)));
        }
        let mut stopped_early = false;
        let mut events: u64 = 0;
        // The time of the last event that did something: the run's end when nothing is left.
        let mut last = 0;
        while let Some((at, ev)) = self.queue.pop() {
            if at > limit_us {
                stopped_early = true;
                break;
            }
            self.now = at;
            if self.handle(ev) {
                last = self.now;
            }
            self.dispatch_notes();
            events += 1;
            // A page must never freeze: parameters that would make a run endless (a 1-byte
            // window for a 10 MB page) stop it with a note instead. A run is cut once it
            // sends more than the cap (then kept to the cap), so a run of exactly the cap is
            // whole and says nothing.
            let max = self.limits.max_segments;
            if self.rec.segment_count() > max || events >= MAX_EVENTS {
                self.rec.run_truncated(self.now, max);
                last = self.now;
                break;
            }
            if events % PROGRESS_EVERY == 0 {
                if let Some(p) = &self.limits.progress {
                    p.tell(self.rec.segment_count());
                }
            }
        }
        self.now = if stopped_early { limit_us } else { last };
        self.rec.finish(self.now)
    }

    /// Puts `ev` in the queue for time `at`.
    pub(super) fn schedule(&mut self, at: u64, ev: Ev) {
        self.queue.push(at, ev);
    }

    /// Handles one event; returns false for a stale one (a timer cancelled or moved since
    /// it was scheduled), which must not count as the run's last moment.
    fn handle(&mut self, ev: Ev) -> bool {
        match ev {
            Ev::Start(app) => {
                self.notes.push_back((app, AppEvent::Start));
                true
            }
            Ev::Arrive { node, link, pkt } => {
                self.arrive(node, link, pkt);
                true
            }
            Ev::Wake(s) => {
                let due = self.socks[s.0 as usize].wake;
                if due != Some(self.now) || !self.socks[s.0 as usize].alive {
                    return false;
                }
                self.socks[s.0 as usize].wake = None;
                if let SockKind::Tcp(ep) = &mut self.socks[s.0 as usize].kind {
                    ep.handle_timeout(self.now);
                }
                self.flush(s);
                true
            }
            Ev::LinkFree { node, link } => {
                let d = self.dir_index(link, node);
                self.links[link.0 as usize].dirs[d].wake_scheduled = false;
                let before = self.rec.segment_count();
                self.flush_node(node);
                self.rec.segment_count() > before
            }
            Ev::AppTimer(t) => {
                let timer = &mut self.app_timers[t.0 as usize];
                if !timer.active {
                    return false;
                }
                timer.active = false;
                let (app, token, rec) = (timer.app, timer.token, timer.record);
                if let Some(i) = rec {
                    self.rec.timer_ended(i, self.now, TimerOutcome::Fired);
                }
                self.notes.push_back((app, AppEvent::Timer(token)));
                true
            }
            Ev::FlowIdle { node, key } => self.flow_idle(node, key),
            Ev::LinkState { link, up } => {
                self.link_changed(link, up);
                // A link's state alone does not keep a run going: the event stays in the
                // story only if something happens after it (see `Recorder::finish`).
                false
            }
            Ev::HostState { node, up } => {
                if up {
                    self.host_up(node);
                } else {
                    self.host_down(node);
                }
                true
            }
        }
    }

    /// Lets each application react to what it was told, in order.
    fn dispatch_notes(&mut self) {
        while let Some((app, ev)) = self.notes.pop_front() {
            let Some(mut a) = self.apps[app.0 as usize].take() else {
                continue;
            };
            let node = self.app_nodes[app.0 as usize];
            {
                let mut cx = AppCx {
                    sim: self,
                    app,
                    node,
                };
                a.on_event(&mut cx, ev);
            }
            self.apps[app.0 as usize] = Some(a);
        }
    }
}
