//! One RFC 9293 TCP endpoint, sans-IO: time is passed in, segments are handed in and polled out.

pub mod seq;
pub mod state;
