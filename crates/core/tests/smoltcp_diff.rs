//! Differential test against smoltcp: the same applications (connect, transfer both ways,
//! close) drive a pair of smoltcp sockets and a pair of our endpoints over the same link
//! (10 ms one way, everything delivered in millisecond ticks). Both must pass through the
//! same states and put segments with the same flags and lengths on the wire.
//!
//! Where smoltcp differs on purpose, the test sets it up like ours or leaves the detail
//! out of the comparison:
//! - smoltcp delays ACKs by 10 ms and runs Nagle by default: both are turned off, as our
//!   endpoint acknowledges at once and sends small writes at once by default.
//! - smoltcp offers window scaling (and timestamps) on its SYN: options are not compared,
//!   only control bits and payload lengths.
//! - smoltcp lingers 10 s in TIME-WAIT; ours waits 2 * MSL. Times are not compared.
//! - smoltcp cannot put PSH and FIN on one segment (its representation holds one control
//!   kind); ours marks the segment that empties the send buffer with PSH, FIN or not.

// Native only: proptest and smoltcp do not build for wasm32 (tests/wasm.rs runs there).
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/smoltcp.rs"]
mod smol;

use std::net::SocketAddr;

use smol::{Packet, Side, SmolOpts, SmolSide};
use smoltcp::wire::IpAddress;
use wiretrace_core::tcp::segment::{ACK, FIN, PSH};
use wiretrace_core::tcp::{State, TcpConfig};

const LATENCY_MS: u64 = 10;
const A_LEN: usize = 3000;
const B_LEN: usize = 1000;

/// What one side put on the wire: (from client?, control bits, payload length).
type Wire = Vec<(bool, u8, usize)>;

// ----- the shared applications and link ------------------------------------------------

/// Runs both sides for `limit_ms`; returns the wire and each side's states in order.
fn run(
    mut c: Box<dyn Side>,
    mut s: Box<dyn Side>,
    limit_ms: u64,
) -> (Wire, Vec<State>, Vec<State>) {
    let a: Vec<u8> = (0..A_LEN).map(|i| (i % 199) as u8).collect();
    let b: Vec<u8> = (0..B_LEN).map(|i| (i % 97) as u8).collect();
    let mut wire = Wire::new();
    let mut in_flight: Vec<(u64, bool, Packet)> = Vec::new();
    let (mut c_states, mut s_states) = (vec![c.state()], vec![s.state()]);
    let (mut got_a, mut got_b) = (Vec::new(), Vec::new());
    let (mut c_sent, mut s_sent, mut c_closed) = (false, false, false);
    s.open(0);
    c.open(0);
    for now in 0..limit_ms {
        let (to_c, to_s): (Vec<_>, Vec<_>) = {
            let (due, rest): (Vec<_>, Vec<_>) = in_flight.drain(..).partition(|p| p.0 == now);
            in_flight = rest;
            due.into_iter().partition(|p| !p.1)
        };
        for round in 0..2 {
            let arrive_c = if round == 0 {
                to_c.iter().map(|p| p.2.clone()).collect()
            } else {
                vec![]
            };
            let arrive_s = if round == 0 {
                to_s.iter().map(|p| p.2.clone()).collect()
            } else {
                vec![]
            };
            for p in c.poll(now, arrive_c) {
                let (f, l) = p.flags_len();
                wire.push((true, f, l));
                in_flight.push((now + LATENCY_MS, true, p));
            }
            for p in s.poll(now, arrive_s) {
                let (f, l) = p.flags_len();
                wire.push((false, f, l));
                in_flight.push((now + LATENCY_MS, false, p));
            }
            // The applications.
            got_a.extend(s.recv());
            got_b.extend(c.recv());
            if !c_sent && c.state() == State::Established {
                c.send(&a);
                c_sent = true;
            }
            if !s_sent && got_a.len() == A_LEN {
                s.send(&b);
                s.close();
                s_sent = true;
            }
            if !c_closed && got_b.len() == B_LEN && c.state() == State::CloseWait {
                c.close();
                c_closed = true;
            }
        }
        for (side, states) in [(&c, &mut c_states), (&s, &mut s_states)] {
            let st = side.state();
            if states.last() != Some(&st) {
                states.push(st);
            }
        }
    }
    assert_eq!(got_a, a, "the server got the client's bytes");
    assert_eq!(got_b, b, "the client got the server's bytes");
    (wire, c_states, s_states)
}

#[test]
fn same_states_and_segments_as_smoltcp() {
    let c_ip = IpAddress::v4(10, 0, 0, 1);
    let s_ip = IpAddress::v4(10, 0, 0, 2);
    let c_addr: SocketAddr = "10.0.0.1:40000".parse().unwrap();
    let s_addr: SocketAddr = "10.0.0.2:80".parse().unwrap();
    let smol = run(
        Box::new(SmolSide::new(
            true,
            (c_ip, 40000),
            (s_ip, 80),
            1,
            SmolOpts::default(),
        )),
        Box::new(SmolSide::new(
            false,
            (s_ip, 80),
            (c_ip, 40000),
            2,
            SmolOpts::default(),
        )),
        30_000,
    );
    let cfg = TcpConfig {
        msl_us: 5_000_000,
        ..TcpConfig::default()
    };
    let (c, s) = smol::our_pair(cfg, c_addr, s_addr);
    let ours = run(c, s, 30_000);
    use State::*;
    assert_eq!(ours.1, [Closed, SynSent, Established, LastAck, Closed]);
    assert_eq!(
        ours.2,
        [Closed, Listen, SynReceived, FinWait1, TimeWait, Closed]
    );
    assert_eq!(ours.1, smol.1, "client states");
    assert_eq!(ours.2, smol.2, "server states");
    // smoltcp's segment representation holds one of SYN, FIN, RST or PSH, so its last data
    // segment with FIN has no PSH; ours sets PSH on the segment that empties the buffer, as
    // BSD and Linux do. PSH is compared everywhere else.
    let no_psh_with_fin = |w: &Wire| -> Wire {
        w.iter()
            .map(|&(c, f, l)| (c, if f & FIN != 0 { f & !PSH } else { f }, l))
            .collect()
    };
    assert_eq!(
        ours.0[7],
        (false, FIN | PSH | ACK, B_LEN),
        "data, PSH and FIN in one segment"
    );
    let ours_wire = no_psh_with_fin(&ours.0);
    assert_eq!(ours_wire, smol.0, "flags and lengths on the wire");
    assert_eq!(ours.0.len(), 11);
}
