//! The socket's variables over time: [`TcbSample`], one per change of a TCP connection's
//! transmission control block (RFC 9293 3.3.1), its congestion control (RFC 5681) and its
//! RTT estimator (RFC 6298).
//!
//! Samples are change-only: the engine writes one when any value of a socket differs from
//! the socket's previous sample, and changes at one moment without a segment of their own
//! (the application reads what just arrived) join that moment's sample. The value of a
//! variable at a moment is therefore the one of the socket's last sample in effect then.
//!
//! A sample is 80 bytes of plain numbers and holds no heap memory. A run records one or
//! two per segment, and a Trace of a million segments must stay compact, so `Trace::tcb`
//! keeps them packed ([`super::TcbLog`]: about 17 bytes a sample for the engine's runs) and
//! gives them back by value. In JSON each variable is a field of its own, left out when not
//! known.

use alloc::vec::Vec;
use core::fmt;

use serde::de::{Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// One variable of a [`TcbSample`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TcbVar {
    /// SND.UNA: the oldest unacknowledged sequence number.
    SndUna,
    /// SND.NXT: the next sequence number to send.
    SndNxt,
    /// SND.WND: the window the peer offered (scaled), in bytes.
    SndWnd,
    /// RCV.NXT: the next sequence number expected.
    RcvNxt,
    /// RCV.WND: the window last advertised (scaled), in bytes.
    RcvWnd,
    /// The congestion window (RFC 5681), in bytes; not known when congestion control is
    /// off.
    Cwnd,
    /// The slow-start threshold, in bytes; [`TcbSample::UNLIMITED`] before the first loss
    /// ("arbitrarily high", RFC 5681 3.1).
    Ssthresh,
    /// The smoothed round-trip time (RFC 6298), in microseconds, once measured.
    SrttUs,
    /// The round-trip time variation, in microseconds, once measured.
    RttvarUs,
    /// The retransmission timeout that would be armed now (backoff included), in
    /// microseconds.
    RtoUs,
    /// Data sent and not yet acknowledged, in bytes (RFC 5681's FlightSize; the SYN and
    /// FIN are no data).
    InFlight,
    /// Bytes the application wrote that are not yet acknowledged (the send buffer).
    SndBuf,
    /// Bytes received in order that the application has not read (the receive buffer).
    RcvBuf,
}

impl TcbVar {
    /// Every variable, in the order of the JSON.
    pub const ALL: [TcbVar; 13] = [
        TcbVar::SndUna,
        TcbVar::SndNxt,
        TcbVar::SndWnd,
        TcbVar::RcvNxt,
        TcbVar::RcvWnd,
        TcbVar::Cwnd,
        TcbVar::Ssthresh,
        TcbVar::SrttUs,
        TcbVar::RttvarUs,
        TcbVar::RtoUs,
        TcbVar::InFlight,
        TcbVar::SndBuf,
        TcbVar::RcvBuf,
    ];

    /// Its field name in the JSON (`snd_una`, `srtt_us`...).
    pub fn name(self) -> &'static str {
        match self {
            TcbVar::SndUna => "snd_una",
            TcbVar::SndNxt => "snd_nxt",
            TcbVar::SndWnd => "snd_wnd",
            TcbVar::RcvNxt => "rcv_nxt",
            TcbVar::RcvWnd => "rcv_wnd",
            TcbVar::Cwnd => "cwnd",
            TcbVar::Ssthresh => "ssthresh",
            TcbVar::SrttUs => "srtt_us",
            TcbVar::RttvarUs => "rttvar_us",
            TcbVar::RtoUs => "rto_us",
            TcbVar::InFlight => "in_flight",
            TcbVar::SndBuf => "snd_buf",
            TcbVar::RcvBuf => "rcv_buf",
        }
    }

    /// The variable of a JSON field name.
    pub fn from_name(name: &str) -> Option<TcbVar> {
        TcbVar::ALL.into_iter().find(|v| v.name() == name)
    }

    /// True for a sequence number (absolute, on the wire); else a size or a time.
    pub fn is_seq(self) -> bool {
        matches!(self, TcbVar::SndUna | TcbVar::SndNxt | TcbVar::RcvNxt)
    }

    /// True for a time in microseconds.
    pub fn is_time(self) -> bool {
        matches!(self, TcbVar::SrttUs | TcbVar::RttvarUs | TcbVar::RtoUs)
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The TCB of one socket (an endpoint's side of one connection) after something changed
/// it: each [`TcbVar`]'s value, or nothing where it is not known (before the first RTT
/// measurement the engine has no SRTT; a capture seen from one point cannot tell a
/// congestion window). Sequence numbers are absolute wire numbers.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct TcbSample {
    /// When the values took effect.
    pub at_us: u64,
    /// The endpoint: its index in [`crate::trace::Trace::endpoints`].
    pub endpoint: u32,
    /// The connection.
    pub conn: u32,
    /// [`TcbSample::segment`], or `u32::MAX`.
    segment: u32,
    /// A bit per known variable ([`TcbVar::bit`]); the top bit is [`TcbSample::inferred`].
    known: u16,
    values: [u32; 13],
}

const INFERRED: u16 = 1 << 15;

impl TcbSample {
    /// [`TcbVar::Ssthresh`] before it was ever set: no threshold yet.
    pub const UNLIMITED: u32 = u32::MAX;

    /// A sample with no value known yet.
    pub fn new(at_us: u64, endpoint: u32, conn: u32, segment: Option<u32>) -> TcbSample {
        TcbSample {
            at_us,
            endpoint,
            conn,
            segment: segment.unwrap_or(u32::MAX),
            known: 0,
            values: [0; 13],
        }
    }

    /// The segment whose sending (by this endpoint) or arrival (at it) caused the change;
    /// `None` for the application (a write, a read) or a timer.
    pub fn segment(&self) -> Option<u32> {
        (self.segment != u32::MAX).then_some(self.segment)
    }

    /// Names the segment that caused the change.
    pub fn set_segment(&mut self, segment: Option<u32>) {
        self.segment = segment.unwrap_or(u32::MAX);
    }

    /// True when inferred from a capture rather than produced by the engine.
    pub fn inferred(&self) -> bool {
        self.known & INFERRED != 0
    }

    /// Marks the sample inferred (or not).
    pub fn set_inferred(&mut self, inferred: bool) {
        if inferred {
            self.known |= INFERRED;
        } else {
            self.known &= !INFERRED;
        }
    }

    /// A variable's value, if known.
    pub fn get(&self, var: TcbVar) -> Option<u32> {
        (self.known & var.bit() != 0).then(|| self.values[var as usize])
    }

    /// Sets a variable (`None`: not known).
    pub fn set(&mut self, var: TcbVar, value: Option<u32>) {
        match value {
            Some(v) => {
                self.known |= var.bit();
                self.values[var as usize] = v;
            }
            None => {
                self.known &= !var.bit();
                self.values[var as usize] = 0;
            }
        }
    }

    /// The same sample with this variable set.
    pub fn with(mut self, var: TcbVar, value: Option<u32>) -> TcbSample {
        self.set(var, value);
        self
    }

    /// Which variables are known, a bit each, and the top bit for inferred ([`super::TcbLog`]).
    pub(super) fn known_bits(&self) -> u16 {
        self.known
    }

    pub(super) fn set_known_bits(&mut self, known: u16) {
        self.known = known;
    }

    /// The values, 0 where unknown ([`super::TcbLog`]).
    pub(super) fn raw_values(&self) -> &[u32; 13] {
        &self.values
    }

    pub(super) fn raw_values_mut(&mut self) -> &mut [u32; 13] {
        &mut self.values
    }

    /// True if both hold the same values (whenever and whyever they were taken).
    pub fn same_values(&self, other: &TcbSample) -> bool {
        // Compared without branching or a call (the engine asks for each sample it takes).
        let differ = (self.values.iter().zip(&other.values)).fold(0, |d, (a, b)| d | (a ^ b));
        self.known == other.known && differ == 0
    }

    /// Appends the sample as [`TcbSample::BYTES`] little-endian bytes: `at_us`, `endpoint`,
    /// `conn`, the segment (`u32::MAX` for none), which variables are known and whether it
    /// was inferred, then the thirteen values. For moving many samples between two parts of
    /// one program (the page's worker sends them so), not a file format: JSON is that.
    pub fn write_bytes(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.at_us.to_le_bytes());
        for n in [self.endpoint, self.conn, self.segment] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&self.known.to_le_bytes());
        for v in self.values {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// A sample from the bytes [`TcbSample::write_bytes`] wrote; `None` unless there are
    /// exactly [`TcbSample::BYTES`].
    pub fn read_bytes(b: &[u8]) -> Option<TcbSample> {
        if b.len() != Self::BYTES {
            return None;
        }
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let mut at = [0u8; 8];
        at.copy_from_slice(&b[..8]);
        let mut values = [0u32; 13];
        for (k, v) in values.iter_mut().enumerate() {
            *v = u32_at(22 + 4 * k);
        }
        Some(TcbSample {
            at_us: u64::from_le_bytes(at),
            endpoint: u32_at(8),
            conn: u32_at(12),
            segment: u32_at(16),
            known: u16::from_le_bytes([b[20], b[21]]),
            values,
        })
    }

    /// The length of a sample in [`TcbSample::write_bytes`]' form.
    pub const BYTES: usize = 8 + 3 * 4 + 2 + 13 * 4;
}

impl fmt::Debug for TcbSample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("TcbSample");
        d.field("at_us", &self.at_us)
            .field("endpoint", &self.endpoint)
            .field("conn", &self.conn)
            .field("segment", &self.segment())
            .field("inferred", &self.inferred());
        for var in TcbVar::ALL {
            if let Some(v) = self.get(var) {
                d.field(var.name(), &v);
            }
        }
        d.finish()
    }
}

impl Serialize for TcbSample {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("at_us", &self.at_us)?;
        m.serialize_entry("endpoint", &self.endpoint)?;
        m.serialize_entry("conn", &self.conn)?;
        if let Some(seg) = self.segment() {
            m.serialize_entry("segment", &seg)?;
        }
        if self.inferred() {
            m.serialize_entry("inferred", &true)?;
        }
        for var in TcbVar::ALL {
            if let Some(v) = self.get(var) {
                m.serialize_entry(var.name(), &v)?;
            }
        }
        m.end()
    }
}

/// A field name of a sample in JSON, read without copying it.
enum Key {
    At,
    Endpoint,
    Conn,
    Segment,
    Inferred,
    Var(TcbVar),
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct K;
        impl Visitor<'_> for K {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
                Ok(match name {
                    "at_us" => Key::At,
                    "endpoint" => Key::Endpoint,
                    "conn" => Key::Conn,
                    "segment" => Key::Segment,
                    "inferred" => Key::Inferred,
                    other => TcbVar::from_name(other).map_or(Key::Other, Key::Var),
                })
            }
        }
        d.deserialize_identifier(K)
    }
}

impl<'de> Deserialize<'de> for TcbSample {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TcbSample;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a TCB sample (an object with at_us, endpoint, conn)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TcbSample, A::Error> {
                let mut s = TcbSample::new(0, 0, 0, None);
                let (mut at, mut endpoint, mut conn) = (None, None, None);
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::At => at = Some(map.next_value::<u64>()?),
                        Key::Endpoint => endpoint = Some(map.next_value::<u32>()?),
                        Key::Conn => conn = Some(map.next_value::<u32>()?),
                        Key::Segment => s.set_segment(map.next_value::<Option<u32>>()?),
                        Key::Inferred => s.set_inferred(map.next_value::<bool>()?),
                        Key::Var(var) => s.set(var, map.next_value::<Option<u32>>()?),
                        // A field this version does not know.
                        Key::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                s.at_us = at.ok_or_else(|| A::Error::missing_field("at_us"))?;
                s.endpoint = endpoint.ok_or_else(|| A::Error::missing_field("endpoint"))?;
                s.conn = conn.ok_or_else(|| A::Error::missing_field("conn"))?;
                Ok(s)
            }
        }
        d.deserialize_map(V)
    }
}

/// Microseconds as a sample holds them (saturating).
pub fn us(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Bytes or a window as a sample holds them (saturating).
pub fn bytes(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_comes_back_the_same_from_its_bytes() {
        let mut a = TcbSample::new(u64::MAX - 7, 3, 70_000, Some(12))
            .with(TcbVar::Cwnd, Some(14_600))
            .with(TcbVar::SndUna, Some(u32::MAX))
            .with(TcbVar::RcvBuf, Some(0));
        a.set_inferred(true);
        let b = TcbSample::new(5, 0, 1, None).with(TcbVar::SrttUs, Some(41_619));
        let mut bytes = Vec::new();
        a.write_bytes(&mut bytes);
        b.write_bytes(&mut bytes);
        assert_eq!(bytes.len(), 2 * TcbSample::BYTES);
        let (x, y) = bytes.split_at(TcbSample::BYTES);
        assert_eq!(TcbSample::read_bytes(x), Some(a));
        assert_eq!(TcbSample::read_bytes(y), Some(b));
        assert_eq!(TcbSample::read_bytes(y).unwrap().segment(), None);
        assert_eq!(TcbSample::read_bytes(&bytes[1..TcbSample::BYTES]), None);
        assert_eq!(TcbSample::read_bytes(&bytes), None);
    }
}
