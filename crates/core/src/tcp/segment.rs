//! A TCP segment as the engine sees it: addresses, numbers, control bits, options, payload.
//!
//! This is the parsed form (smoltcp calls it a "repr"); the capture crate turns it into
//! Ethernet/IPv4/TCP frames with real checksums.

use alloc::sync::Arc;
use core::net::SocketAddr;

use super::seq::SeqNum;
use crate::trace::{Flag, TcpOptions};

/// FIN control bit.
pub const FIN: u8 = 0x01;
/// SYN control bit.
pub const SYN: u8 = 0x02;
/// RST control bit.
pub const RST: u8 = 0x04;
/// PSH control bit.
pub const PSH: u8 = 0x08;
/// ACK control bit.
pub const ACK: u8 = 0x10;

/// One TCP segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcpSegment {
    /// Source socket.
    pub src: SocketAddr,
    /// Destination socket.
    pub dst: SocketAddr,
    /// Sequence number of the first octet (or of the SYN).
    pub seq: SeqNum,
    /// Acknowledgment number; meaningful only with [`ACK`].
    pub ack: SeqNum,
    /// Control bits, as in the header's flags byte.
    pub flags: u8,
    /// Raw (unscaled) window field.
    pub window: u16,
    /// Options.
    pub options: TcpOptions,
    /// Payload bytes, shared (not copied) with the Trace's record of the segment and with
    /// a network duplicate.
    pub payload: Arc<[u8]>,
}

impl TcpSegment {
    /// A segment with no payload and no options.
    pub fn new(src: SocketAddr, dst: SocketAddr, seq: SeqNum, flags: u8) -> Self {
        TcpSegment {
            src,
            dst,
            seq,
            ack: SeqNum(0),
            flags,
            window: 0,
            options: TcpOptions::default(),
            payload: Arc::default(),
        }
    }

    /// True if every bit of `bits` is set.
    pub fn has(&self, bits: u8) -> bool {
        self.flags & bits == bits
    }

    /// SYN set.
    pub fn syn(&self) -> bool {
        self.has(SYN)
    }

    /// FIN set.
    pub fn fin(&self) -> bool {
        self.has(FIN)
    }

    /// RST set.
    pub fn rst(&self) -> bool {
        self.has(RST)
    }

    /// ACK set.
    pub fn is_ack(&self) -> bool {
        self.has(ACK)
    }

    /// The acknowledgment number if the ACK bit is set.
    pub fn ack_num(&self) -> Option<SeqNum> {
        self.is_ack().then_some(self.ack)
    }

    /// SEG.LEN of RFC 9293: payload octets plus one for SYN and one for FIN.
    pub fn seg_len(&self) -> usize {
        self.payload.len() + usize::from(self.syn()) + usize::from(self.fin())
    }

    /// The control bits as trace flags, in wire order.
    pub fn trace_flags(&self) -> crate::trace::Flags {
        Flag::from_bits(self.flags)
    }

    /// Header length in bytes with options, padded to 4 (as on the wire).
    pub fn header_len(&self) -> usize {
        let o = &self.options;
        let mut n = 0;
        if o.mss.is_some() {
            n += 4;
        }
        if o.wscale.is_some() {
            n += 3;
        }
        if o.sack_perm {
            n += 2;
        }
        if o.ts.is_some() {
            n += 10;
        }
        if !o.sack.is_empty() {
            n += 2 + 8 * o.sack.len();
        }
        20 + n.div_ceil(4) * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(options: TcpOptions) -> TcpSegment {
        let a: SocketAddr = "10.0.0.1:1000".parse().unwrap();
        let b: SocketAddr = "10.0.0.2:80".parse().unwrap();
        let mut s = TcpSegment::new(a, b, SeqNum(1), SYN);
        s.options = options;
        s
    }

    /// RFC 9293 3.1: the header is 20 octets plus its options, padded to a multiple of 4
    /// (Data Offset counts 32-bit words). Option sizes: MSS 4 (RFC 9293 3.2), window scale 3
    /// and timestamps 10 (RFC 7323 2.2, 3.2), SACK-permitted 2 and SACK 2 + 8 per block
    /// (RFC 2018 2, 3).
    #[test]
    fn header_length_counts_each_option_and_pads_to_words() {
        let none = TcpOptions::default();
        let sack = |n: u32| TcpOptions {
            sack: (0..n).map(|i| (100 * i, 100 * i + 50)).collect(),
            ..TcpOptions::default()
        };
        let cases = [
            (none.clone(), 20),
            (
                TcpOptions {
                    mss: Some(1460),
                    ..TcpOptions::default()
                },
                24,
            ),
            (
                TcpOptions {
                    wscale: Some(7),
                    ..TcpOptions::default()
                },
                24,
            ),
            (
                TcpOptions {
                    sack_perm: true,
                    ..TcpOptions::default()
                },
                24,
            ),
            (
                TcpOptions {
                    ts: Some((1, 2)),
                    ..TcpOptions::default()
                },
                32,
            ),
            (sack(1), 32),
            (sack(2), 40),
            (sack(3), 48),
            (sack(4), 56),
            // A SYN's usual set: 4 + 3 + 2 + 10 = 19, padded to 20.
            (
                TcpOptions {
                    mss: Some(1460),
                    wscale: Some(7),
                    sack_perm: true,
                    ts: Some((1, 0)),
                    ..TcpOptions::default()
                },
                40,
            ),
            // Timestamps and three SACK blocks: 10 + 26 = 36.
            (
                TcpOptions {
                    ts: Some((1, 2)),
                    ..sack(3)
                },
                56,
            ),
        ];
        for (options, len) in cases {
            let s = with(options);
            assert_eq!(s.header_len(), len, "{:?}", s.options);
        }
    }
}
