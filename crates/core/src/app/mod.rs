//! Applications: the programs on the simulated hosts that drive the endpoints.
//!
//! An application implements [`crate::net::App`], the interface the network owns
//! (`net/api.rs`): the simulator calls `on_event` with an [`crate::net::AppEvent`] (start,
//! connection established, data readable, peer closed, timer...) and an
//! [`crate::net::AppCx`] through which it makes socket calls (`connect`, `listen`, `send`,
//! `recv`, `close`, `abort`, UDP `send_to`), arms timers and writes story events into the
//! Trace. Applications never see segments; everything on the wire comes out of the TCP
//! endpoints.

pub mod agent;
pub mod download;
pub mod fetch;
pub mod heartbeat;
pub mod http;
pub mod idle;
pub mod news;
pub mod outcome;
pub mod peer;
pub mod polling;
pub mod post;
pub mod push;
pub mod retry;
pub mod simple;
pub mod udp;

use crate::net::SockId;

/// A timer token naming a connection and what to do with it (`what` below 16), for
/// applications that keep timers per socket; [`untoken`] splits it again.
fn token(sock: SockId, what: u64) -> u64 {
    (u64::from(sock.0) << 4) | what
}

/// The socket and the `what` of a [`token`].
fn untoken(t: u64) -> (SockId, u64) {
    (SockId((t >> 4) as u32), t & 0xF)
}
