//! Round trip: every trace's own pcap (client side), imported, gives back the same
//! segments (flags, seq, ack, len, payload, options) and the same states, allowing only
//! the differences inherent to one observation point:
//! - segments that never reached the client's wire are not in the capture;
//! - a listening socket's own state (`conn: None`), what happens after the last packet
//!   (TIME-WAIT expiring into CLOSED), and changes caused by segments that never crossed
//!   the client's wire or by timers alone cannot be seen;
//! - a segment the client sent that was lost further on looks delivered, so the change
//!   its arrival would have made is inferred anyway (those are left out of the check);
//! - times are estimates (exact for the hand-built traces, whose paths are symmetric);
//! - a segment lost after the capture point is only recognised when it is retransmitted.
//!
//! Also: the import's analysis tags equal tshark's on the same file.

mod common;

use common::*;
use wiretrace_capture::{import, to_pcap, wire_view, Selection, Side};
use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{Fate, Proto, Role, Trace};

/// `(role, from, to)` per connection, in each side's order, as a capture can show them.
fn visible_states(t: &Trace, conn: u32) -> Vec<(Role, State, State)> {
    let c = &t.connections[conn as usize];
    let mut out = Vec::new();
    for s in t.states.iter().filter(|s| s.conn == Some(conn)) {
        let role = if s.endpoint == c.client_endpoint {
            Role::Client
        } else if s.endpoint == c.server_endpoint {
            Role::Server
        } else {
            continue;
        };
        if s.from == State::TimeWait && s.to == State::Closed {
            continue;
        }
        out.push((role, s.from, s.to));
    }
    // Each side's order is what counts; between sides, equal or estimated times may tie.
    out.sort_by_key(|(r, _, _)| *r == Role::Server);
    out
}

#[test]
fn every_trace_comes_back_from_its_pcap() {
    for (name, trace) in all_traces() {
        let bytes = to_pcap(&trace, Side::Client);
        let back = import(&format!("{name}.pcap"), &bytes, &Selection::all())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let view = wire_view(&trace, Side::Client);
        assert_eq!(back.scenario, None);
        let src = back.source.as_ref().unwrap();
        assert_eq!(
            (src.kind.as_str(), src.packets),
            ("pcap", view.len() as u64)
        );
        assert_eq!(back.segments.len(), view.len(), "{name}: segment count");
        for (v, got) in view.iter().zip(&back.segments) {
            let want = &trace.segments[v.segment as usize];
            let at = format!("{name}: segment {} (imported {})", want.id, got.id);
            assert_eq!(got.flags, want.flags, "{at}: flags");
            assert_eq!(got.seq, want.seq, "{at}: seq");
            assert_eq!(got.ack, want.ack, "{at}: ack");
            assert_eq!(got.len, want.len, "{at}: len");
            assert_eq!(got.window, want.window.min(65535), "{at}: window");
            assert_eq!(got.proto, want.proto, "{at}: proto");
            if want.proto == Proto::Tcp {
                assert_eq!(got.options, want.options, "{at}: options");
            }
            let mut payload = want.payload.0.to_vec();
            payload.resize(want.len as usize, 0);
            assert_eq!(&got.payload.0[..], &payload[..], "{at}: payload");
            // Same lifelines by role.
            let wc = &trace.connections[want.conn as usize];
            let gc = &back.connections[got.conn as usize];
            assert_eq!(
                want.from == wc.client_endpoint,
                got.from == gc.client_endpoint,
                "{at}: direction"
            );
            assert_eq!(
                (&gc.client, &gc.server),
                (&wc.client, &wc.server),
                "{at}: five-tuple"
            );
            assert!(
                !got.explain_en().is_empty() && got.msg.is_some(),
                "{at}: explained"
            );
        }
        // States: per connection, the visible transitions in order.
        for (ci, wc) in trace.connections.iter().enumerate() {
            if wc.proto != Proto::Tcp {
                continue;
            }
            let Some(gi) = back
                .connections
                .iter()
                .position(|g| g.client == wc.client && g.server == wc.server)
            else {
                continue;
            };
            // What the engine did because of segments that never crossed the client's wire
            // (or of timers alone) cannot be seen there.
            let on_wire: Vec<u32> = view.iter().map(|v| v.segment).collect();
            let mut trace_known = trace.clone();
            trace_known
                .states
                .retain(|s| s.segment.is_some_and(|i| on_wire.contains(&i)));
            let want = visible_states(&trace_known, ci as u32);
            // A segment the client sent that was lost further on looks delivered from the
            // client's wire; what its arrival would have changed cannot be known there.
            let mut back_known = back.clone();
            back_known.states.retain(|s| match s.segment {
                Some(i) => {
                    let orig = &trace.segments[view[i as usize].segment as usize];
                    orig.fate == Fate::Delivered || s.endpoint != back.segments[i as usize].to
                }
                None => true,
            });
            let mut got = visible_states(&back_known, gi as u32);
            // A host crash cannot be seen on the wire: the engine ends the connection the
            // crash wiped out at the crash itself, while a capture only sees the restarted
            // host's RST later and ends it there.
            let crashed: Vec<Role> = trace
                .states
                .iter()
                .filter(|s| s.conn == Some(ci as u32))
                .filter(|s| {
                    s.msg
                        .as_ref()
                        .is_some_and(|m| m.key == "state.host_crashed")
                })
                .map(|s| {
                    if s.endpoint == wc.client_endpoint {
                        Role::Client
                    } else {
                        Role::Server
                    }
                })
                .collect();
            got.retain(|(r, _, to)| !(crashed.contains(r) && *to == State::Closed));
            assert_eq!(got, want, "{name}: states of connection {ci}");
            assert!(back.states.iter().all(|s| s.inferred));
        }
    }
}

#[test]
fn hand_built_traces_keep_their_times_and_losses() {
    for (name, trace) in handmade() {
        let bytes = to_pcap(&trace, Side::Client);
        let back = import("x.pcap", &bytes, &Selection::all()).unwrap();
        let view = wire_view(&trace, Side::Client);
        for (v, got) in view.iter().zip(&back.segments) {
            let want = &trace.segments[v.segment as usize];
            assert_eq!(got.sent_us, want.sent_us, "{name}: sent_us of {}", want.id);
            assert_eq!(got.fate, want.fate, "{name}: fate of {}", want.id);
            if want.fate == Fate::Delivered {
                assert_eq!(got.recv_us, want.recv_us, "{name}: recv_us of {}", want.id);
            }
            let same_tags = tshark_set(&got.analysis) == tshark_set(&want.analysis);
            assert!(
                same_tags,
                "{name}: analysis of {}: {:?} vs {:?}",
                want.id, got.analysis, want.analysis
            );
        }
        // The request carries its request line, the response its status line.
        if name.starts_with("browse") {
            let http: Vec<_> = back
                .segments
                .iter()
                .filter_map(|s| s.http.clone())
                .collect();
            assert_eq!(http, ["GET /index.html HTTP/1.1", "HTTP/1.1 200 OK"]);
            assert_eq!(back.events.len(), 2);
        }
    }
}

#[test]
fn import_tags_agree_with_tshark_on_every_trace() {
    if !tshark_required() {
        return;
    }
    let mut n = 0;
    for (name, trace) in all_traces() {
        for side in [Side::Client, Side::Server] {
            let bytes = to_pcap(&trace, side);
            let path = temp_file(&format!("rt-{name}-{}.pcap", side.name()), &bytes);
            let rows = tshark(&path);
            let back = import("x.pcap", &bytes, &Selection::all()).unwrap();
            assert_eq!(rows.len(), back.segments.len());
            for (row, seg) in rows.iter().zip(&back.segments) {
                assert_eq!(
                    row.analysis,
                    tshark_set(&seg.analysis),
                    "{name}/{side:?} frame {}: tshark vs import",
                    row.frame
                );
                n += 1;
            }
        }
    }
    assert!(n > 0, "tshark read no frame");
    report_tshark_frames("the import's analysis tags", n);
}
