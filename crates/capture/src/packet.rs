//! One captured frame, decoded down to TCP/UDP: link layers (Ethernet with VLANs, Linux
//! cooked v1/v2, raw IP, BSD loopback/null), IPv4/IPv6 (etherparse, lax so that frames cut
//! by a snap length still give their real lengths), TCP/UDP headers.

use std::net::{IpAddr, SocketAddr};

use etherparse::{EtherType, LaxNetSlice, LaxSlicedPacket, TransportSlice};
use wiretrace_core::trace::{Proto, TcpOptions};

/// Link-layer header types (tcpdump.org LINKTYPE_ values) the reader understands.
pub(crate) mod link {
    pub const NULL: u32 = 0;
    pub const ETHERNET: u32 = 1;
    pub const RAW_OLD_A: u32 = 12;
    pub const RAW_OLD_B: u32 = 14;
    pub const RAW: u32 = 101;
    pub const LOOP: u32 = 108;
    pub const LINUX_SLL: u32 = 113;
    pub const IPV4: u32 = 228;
    pub const IPV6: u32 = 229;
    pub const LINUX_SLL2: u32 = 276;

    /// A readable name for a link type, or `None` if the reader cannot decode it.
    pub fn name(lt: u32) -> Option<&'static str> {
        Some(match lt {
            NULL => "BSD loopback",
            ETHERNET => "Ethernet",
            RAW | RAW_OLD_A | RAW_OLD_B => "raw IP",
            LOOP => "OpenBSD loopback",
            LINUX_SLL => "Linux cooked v1",
            IPV4 => "raw IPv4",
            IPV6 => "raw IPv6",
            LINUX_SLL2 => "Linux cooked v2",
            _ => return None,
        })
    }
}

/// TCP options as found: raw bytes from a binary capture (parsed only when the packet is
/// kept), or already parsed from a text line.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Opts<'a> {
    Raw(&'a [u8]),
    Parsed(&'a TcpOptions),
}

impl Opts<'_> {
    pub fn to_options(self) -> TcpOptions {
        match self {
            Opts::Raw(bytes) => parse_tcp_options(bytes),
            Opts::Parsed(o) => o.clone(),
        }
    }
}

/// A TCP segment or UDP datagram, borrowed from the reader's buffer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Packet<'a> {
    /// Capture time, microseconds (since the Unix epoch for binary files).
    pub ts_us: u64,
    /// True when the time is made up (tcpdump text without timestamps).
    pub untimed: bool,
    pub proto: Proto,
    pub src: SocketAddr,
    pub dst: SocketAddr,
    /// TCP flags byte (0 for UDP).
    pub flags: u8,
    pub seq: u32,
    pub ack: u32,
    pub window: u16,
    /// False when the window is not known (a tcpdump line without `win`).
    pub window_known: bool,
    /// Payload length on the wire.
    pub len: u32,
    /// Payload bytes captured (may be shorter than `len`).
    pub payload: &'a [u8],
    pub opts: Opts<'a>,
    /// An HTTP request or status line printed by tcpdump when the bytes are not there.
    pub http_hint: Option<&'a str>,
}

pub(crate) const FIN: u8 = 0x01;
pub(crate) const SYN: u8 = 0x02;
pub(crate) const RST: u8 = 0x04;
pub(crate) const ACK: u8 = 0x10;

impl Packet<'_> {
    pub fn has(&self, bit: u8) -> bool {
        self.flags & bit != 0
    }
}

/// What a frame turned out to be.
pub(crate) enum Decoded<'a> {
    /// TCP or UDP over IP: the packet minus frame number and time.
    Transport {
        proto: Proto,
        src: SocketAddr,
        dst: SocketAddr,
        flags: u8,
        seq: u32,
        ack: u32,
        window: u16,
        len: u32,
        payload: &'a [u8],
        opts: &'a [u8],
    },
    /// Anything else (ARP, ICMP, IP fragments after the first, frames too short).
    Other,
}

/// Decodes a frame of a link type.
pub(crate) fn decode(linktype: u32, data: &[u8]) -> Decoded<'_> {
    let sliced = match linktype {
        link::ETHERNET => match LaxSlicedPacket::from_ethernet(data) {
            Ok(p) => p,
            Err(_) => return Decoded::Other,
        },
        link::LINUX_SLL => {
            // 16-byte header; the protocol (an EtherType for IP) is in its last two bytes.
            if data.len() < 16 {
                return Decoded::Other;
            }
            let et = u16::from_be_bytes([data[14], data[15]]);
            LaxSlicedPacket::from_ether_type(EtherType(et), &data[16..])
        }
        link::LINUX_SLL2 => {
            // 20-byte header that starts with the protocol.
            if data.len() < 20 {
                return Decoded::Other;
            }
            let et = u16::from_be_bytes([data[0], data[1]]);
            LaxSlicedPacket::from_ether_type(EtherType(et), &data[20..])
        }
        link::NULL | link::LOOP => {
            // A 4-byte address family, in the writer's byte order (NULL) or big-endian (LOOP).
            if data.len() < 4 {
                return Decoded::Other;
            }
            match LaxSlicedPacket::from_ip(&data[4..]) {
                Ok(p) => p,
                Err(_) => return Decoded::Other,
            }
        }
        link::RAW | link::RAW_OLD_A | link::RAW_OLD_B | link::IPV4 | link::IPV6 => {
            match LaxSlicedPacket::from_ip(data) {
                Ok(p) => p,
                Err(_) => return Decoded::Other,
            }
        }
        _ => return Decoded::Other,
    };
    let Some(net) = sliced.net.as_ref() else {
        return Decoded::Other;
    };
    // The IP payload length the header declares (a snap length may have cut the bytes).
    let (src, dst, declared) = match net {
        LaxNetSlice::Ipv4(v4) => {
            let h = v4.header();
            let pl = &v4.payload();
            if pl.fragmented && h.fragments_offset().value() != 0 {
                return Decoded::Other;
            }
            let declared = if pl.incomplete {
                usize::from(h.total_len()).saturating_sub(
                    h.slice().len() + v4.extensions().auth.map_or(0, |a| a.slice().len()),
                )
            } else {
                pl.payload.len()
            };
            (
                IpAddr::V4(h.source_addr()),
                IpAddr::V4(h.destination_addr()),
                declared,
            )
        }
        LaxNetSlice::Ipv6(v6) => {
            let h = v6.header();
            let pl = &v6.payload();
            let declared = if pl.incomplete {
                usize::from(h.payload_length()).saturating_sub(v6.extensions().slice().len())
            } else {
                pl.payload.len()
            };
            (
                IpAddr::V6(h.source_addr()),
                IpAddr::V6(h.destination_addr()),
                declared,
            )
        }
        LaxNetSlice::Arp(_) => return Decoded::Other,
    };
    match sliced.transport {
        Some(TransportSlice::Tcp(tcp)) => {
            let hl = tcp.header_len();
            let len = declared.saturating_sub(hl);
            let payload = tcp.payload();
            Decoded::Transport {
                proto: Proto::Tcp,
                src: SocketAddr::new(src, tcp.source_port()),
                dst: SocketAddr::new(dst, tcp.destination_port()),
                flags: tcp.header_slice()[13],
                seq: tcp.sequence_number(),
                ack: tcp.acknowledgment_number(),
                window: tcp.window_size(),
                len: u32::try_from(len).unwrap_or(u32::MAX),
                payload: &payload[..payload.len().min(len)],
                opts: &tcp.header_slice()[20..hl],
            }
        }
        Some(TransportSlice::Udp(udp)) => {
            let len = if udp.length() >= 8 {
                usize::from(udp.length()) - 8
            } else {
                declared.saturating_sub(8)
            };
            let payload = udp.payload();
            Decoded::Transport {
                proto: Proto::Udp,
                src: SocketAddr::new(src, udp.source_port()),
                dst: SocketAddr::new(dst, udp.destination_port()),
                flags: 0,
                seq: 0,
                ack: 0,
                window: 0,
                len: u32::try_from(len).unwrap_or(u32::MAX),
                payload: &payload[..payload.len().min(len)],
                opts: &[],
            }
        }
        _ => Decoded::Other,
    }
}

/// Parses the TCP options the Trace carries (MSS, window scale, SACK-permitted, SACK
/// blocks, timestamps); unknown kinds are skipped by their length, a malformed list ends
/// the walk.
pub(crate) fn parse_tcp_options(mut b: &[u8]) -> TcpOptions {
    let mut o = TcpOptions::default();
    while let Some(&kind) = b.first() {
        match kind {
            0 => break,
            1 => {
                b = &b[1..];
                continue;
            }
            _ => {}
        }
        let Some(&len) = b.get(1) else { break };
        let len = usize::from(len);
        if len < 2 || len > b.len() {
            break;
        }
        let body = &b[2..len];
        match (kind, body.len()) {
            (2, 2) => o.mss = Some(u16::from_be_bytes([body[0], body[1]])),
            (3, 1) => o.wscale = Some(body[0]),
            (4, 0) => o.sack_perm = true,
            (5, n) if n % 8 == 0 => {
                o.sack = body
                    .chunks_exact(8)
                    .map(|c| {
                        (
                            u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                            u32::from_be_bytes([c[4], c[5], c[6], c[7]]),
                        )
                    })
                    .collect();
            }
            (8, 8) => {
                o.ts = Some((
                    u32::from_be_bytes([body[0], body[1], body[2], body[3]]),
                    u32::from_be_bytes([body[4], body[5], body[6], body[7]]),
                ))
            }
            _ => {}
        }
        b = &b[len..];
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_walk_skips_unknown_kinds() {
        // MSS 1460, NOP, unknown kind 34 (TFO cookie, 4 bytes), SACK-permitted, TS 7/9, WS 7.
        let bytes = [
            2, 4, 0x05, 0xb4, 1, 34, 4, 0xaa, 0xbb, 4, 2, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9, 3, 3, 7,
        ];
        let o = parse_tcp_options(&bytes);
        assert_eq!(o.mss, Some(1460));
        assert!(o.sack_perm);
        assert_eq!(o.ts, Some((7, 9)));
        assert_eq!(o.wscale, Some(7));
        // A length running past the end stops without panicking.
        assert_eq!(parse_tcp_options(&[2, 40, 1]), TcpOptions::default());
        assert_eq!(
            parse_tcp_options(&[5, 10, 0, 0, 0, 1, 0, 0, 0, 2]).sack,
            [(1, 2)]
        );
    }
}
