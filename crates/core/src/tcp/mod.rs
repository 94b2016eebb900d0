//! One RFC 9293 TCP endpoint, sans-IO: time is passed in, segments are handed in and polled out.
//!
//! - [`endpoint::Endpoint`]: one connection (a TCB): user calls, the state machine, output.
//! - [`segment::TcpSegment`]: a segment in parsed form.
//! - [`event`]: what an endpoint reports (state changes, timers, news for the application),
//!   with the reasons the Trace explains.
//! - [`config::TcpConfig`]: MSS, buffers, options, timers.

pub mod assembler;
pub mod config;
pub mod endpoint;
pub mod event;
pub mod segment;
pub mod seq;
pub mod state;
pub mod timers;

pub use config::{KeepAlive, TcpConfig};
pub use endpoint::{Endpoint, TcpError, Transmit};
pub use segment::TcpSegment;
pub use seq::SeqNum;
pub use state::State;

#[cfg(test)]
mod tests;
