//! The wiretrace engine: a sans-IO TCP (RFC 9293), a deterministic simulated network, the
//! applications that drive it, the named scenarios, and the [`trace::Trace`] they produce.
//!
//! No clock, no OS randomness, no I/O: time and seeds come from the caller, so the same
//! scenario and parameters give the same trace natively and in wasm.

#![no_std]
#![deny(missing_docs)]

extern crate alloc;

pub mod app;
pub mod i18n;
pub mod net;
pub mod scenario;
pub mod tcp;
pub mod trace;
pub mod units;

pub use trace::Trace;
