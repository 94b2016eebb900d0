//! Trace → pcap: the segments as they appear on one side's wire, as real Ethernet frames.
//!
//! What a capture point sees (the client side by default):
//! - a segment sent by that side's endpoint appears at its `sent_us`, whatever its fate
//!   (a segment lost further down the path still crossed this wire);
//! - a segment sent towards that side's endpoint appears at its `recv_us`; one that never
//!   arrived (`recv_us == None`: lost, dropped by a middlebox, still in flight) is **not** in
//!   the file, because it never reached this wire;
//! - a segment between two other lifelines (middlebox to middlebox) is not in the file.
//!
//! Addresses are the five-tuple as seen on that side (`Connection.client/server` on the
//! client side, `Connection.server_side` on the server side when a NAT rewrites them).
//! Frames are deterministic: MAC addresses are derived from the IP addresses, the IPv4
//! identification counts up per sender from 1, TTL / hop limit is 64 for a frame sent by the
//! near host and 64 minus the hops passed for a frame from the far side. Checksums are real
//! (etherparse). A payload shorter than `len` (imported traces keep only what they need) is
//! padded with zeros; a segment too long for one IP packet is written with its payload cut
//! to fit and the real length in the record's original-length field.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use etherparse::{
    IpNumber, Ipv4Extensions, Ipv4Header, Ipv6Extensions, Ipv6FlowLabel, Ipv6Header, PacketBuilder,
    TcpHeader, TcpOptionElement,
};
use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};
use pcap_file::{DataLink, Endianness};
use wiretrace_core::trace::{Connection, Flag, Proto, Segment, TcpOptions, Trace};

/// Which side of the path the capture is taken on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Side {
    /// The wire next to each connection's client (where `tcpdump` on a laptop sits).
    #[default]
    Client,
    /// The wire next to each connection's server (after any NAT on the path).
    Server,
}

impl Side {
    /// `client` or `server`.
    pub fn name(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

impl std::str::FromStr for Side {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "client" => Ok(Side::Client),
            "server" => Ok(Side::Server),
            _ => Err(format!("unknown side '{s}': expected client or server")),
        }
    }
}

/// Largest payload one frame carries (IPv4 total length is 16 bits; keep room for headers).
const MAX_FRAME_PAYLOAD: usize = 65_535 - 20 - 60;

/// One segment as it appears on the chosen side's wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireView {
    /// Index in `Trace::segments`.
    pub segment: u32,
    /// Time the frame crosses this wire (simulated microseconds).
    pub at_us: u64,
    /// Source socket on this wire.
    pub src: SocketAddr,
    /// Destination socket on this wire.
    pub dst: SocketAddr,
    /// True when the sender is the near endpoint (so the frame has a full TTL).
    pub near: bool,
}

/// The segments visible on one side's wire, in the order their frames cross it (stable for
/// equal times: trace order). `to_pcap` writes exactly these, one frame each.
pub fn wire_view(trace: &Trace, side: Side) -> Vec<WireView> {
    let mut out = Vec::with_capacity(trace.segments.len());
    for (i, seg) in (0u32..).zip(&trace.segments) {
        let Some(conn) = trace.connections.get(seg.conn as usize) else {
            continue;
        };
        let near = match side {
            Side::Client => &conn.client_endpoint,
            Side::Server => &conn.server_endpoint,
        };
        let (at_us, from_near) = if &seg.from == near {
            (seg.sent_us, true)
        } else if &seg.to == near {
            match seg.recv_us {
                Some(t) => (t, false),
                None => continue,
            }
        } else {
            continue;
        };
        // Which way the segment travels in the connection's terms: towards the client if it
        // is addressed to the client lifeline (this covers a middlebox forging a RST), else
        // towards the server.
        let to_server = seg.to != conn.client_endpoint;
        let (client, server) = tuple(conn, seg, side);
        let (src, dst) = if to_server {
            (client, server)
        } else {
            (server, client)
        };
        out.push(WireView {
            // The index, not `seg.id`: a Trace read from a file may carry any id.
            segment: i,
            at_us,
            src,
            dst,
            near: from_near,
        });
    }
    out.sort_by_key(|v| v.at_us);
    out
}

/// The client and server sockets on the chosen side of the path.
fn tuple(conn: &Connection, seg: &Segment, side: Side) -> (SocketAddr, SocketAddr) {
    let (c, s) = match (side, &conn.server_side) {
        (Side::Server, Some(view)) => (view.client.as_str(), view.server.as_str()),
        _ => (conn.client.as_str(), conn.server.as_str()),
    };
    // Fall back on the segment's own addresses when the connection has none.
    let c = if c.is_empty() { &seg.src } else { c };
    let s = if s.is_empty() { &seg.dst } else { s };
    let (c, s) = (socket(c), socket(s));
    same_family(c, s)
}

/// Parses `ip:port` / `[v6]:port`; anything else (a host name from a tcpdump text without
/// `-n`) becomes a stable made-up address in 10.0.0.0/8 so the frame can still be written.
pub(crate) fn socket(text: &str) -> SocketAddr {
    if let Ok(sa) = text.parse::<SocketAddr>() {
        return sa;
    }
    let (host, port) = match text.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().unwrap_or(0)),
        None => (text, 0),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<IpAddr>() {
        return SocketAddr::new(ip, port);
    }
    let h = fnv(host.as_bytes()).to_be_bytes();
    SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, h[0], h[1], h[2].max(1))), port)
}

/// Both addresses in one family: an IPv4 address facing an IPv6 one is written mapped.
fn same_family(a: SocketAddr, b: SocketAddr) -> (SocketAddr, SocketAddr) {
    let map = |s: SocketAddr| match s.ip() {
        IpAddr::V4(v4) => SocketAddr::new(IpAddr::V6(v4.to_ipv6_mapped()), s.port()),
        IpAddr::V6(_) => s,
    };
    match (a.ip(), b.ip()) {
        (IpAddr::V4(_), IpAddr::V6(_)) => (map(a), b),
        (IpAddr::V6(_), IpAddr::V4(_)) => (a, map(b)),
        _ => (a, b),
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A locally administered MAC derived from an IP address.
fn mac(ip: IpAddr) -> [u8; 6] {
    let h = match ip {
        IpAddr::V4(v4) => fnv(&v4.octets()),
        IpAddr::V6(v6) => fnv(&v6.octets()),
    }
    .to_be_bytes();
    [0x02, h[0], h[1], h[2], h[3], h[4]]
}

/// TCP options in the order Linux writes them, cut to the 40 bytes a header can hold.
fn tcp_options(opts: &TcpOptions, syn: bool) -> Vec<TcpOptionElement> {
    let mut out = Vec::new();
    let mut room: usize = 40;
    if syn {
        if let Some(mss) = opts.mss {
            out.push(TcpOptionElement::MaximumSegmentSize(mss));
            room -= 4;
        }
        if opts.sack_perm {
            out.push(TcpOptionElement::SelectiveAcknowledgementPermitted);
            room -= 2;
        }
        if let Some((val, ecr)) = opts.ts {
            if !opts.sack_perm {
                out.push(TcpOptionElement::Noop);
                out.push(TcpOptionElement::Noop);
                room -= 2;
            }
            out.push(TcpOptionElement::Timestamp(val, ecr));
            room -= 10;
        }
        if let Some(ws) = opts.wscale {
            out.push(TcpOptionElement::Noop);
            out.push(TcpOptionElement::WindowScale(ws));
            room -= 4;
        }
    } else {
        if opts.mss.is_some() || opts.wscale.is_some() || opts.sack_perm {
            // Only meaningful on a SYN; a trace that sets them elsewhere still gets them.
            if let Some(mss) = opts.mss {
                out.push(TcpOptionElement::MaximumSegmentSize(mss));
                room -= 4;
            }
            if let Some(ws) = opts.wscale {
                out.push(TcpOptionElement::Noop);
                out.push(TcpOptionElement::WindowScale(ws));
                room -= 4;
            }
            if opts.sack_perm {
                out.push(TcpOptionElement::Noop);
                out.push(TcpOptionElement::Noop);
                out.push(TcpOptionElement::SelectiveAcknowledgementPermitted);
                room -= 4;
            }
        }
        if let Some((val, ecr)) = opts.ts {
            out.push(TcpOptionElement::Noop);
            out.push(TcpOptionElement::Noop);
            out.push(TcpOptionElement::Timestamp(val, ecr));
            room -= 12;
        }
    }
    if !opts.sack.is_empty() && room >= 12 {
        let fit = ((room - 4) / 8).min(4).min(opts.sack.len());
        if fit > 0 {
            let mut rest = [None; 3];
            for (i, b) in opts.sack[1..fit].iter().enumerate() {
                rest[i] = Some(*b);
            }
            out.push(TcpOptionElement::Noop);
            out.push(TcpOptionElement::Noop);
            out.push(TcpOptionElement::SelectiveAcknowledgement(
                opts.sack[0],
                rest,
            ));
        }
    }
    out
}

/// Builds one Ethernet frame for a segment as it crosses the wire in `view`.
fn frame(seg: &Segment, view: &WireView, ip_id: u16, ttl: u8) -> (Vec<u8>, u32) {
    let want = seg.len as usize;
    let cut = want.min(MAX_FRAME_PAYLOAD);
    let mut payload = Vec::with_capacity(cut);
    payload.extend_from_slice(&seg.payload.0[..seg.payload.0.len().min(cut)]);
    payload.resize(cut, 0);

    let (src, dst) = (view.src, view.dst);
    let eth = PacketBuilder::ethernet2(mac(src.ip()), mac(dst.ip()));
    let ip = match (src.ip(), dst.ip()) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            let mut h = Ipv4Header::new(0, ttl, IpNumber::TCP, s.octets(), d.octets())
                .expect("zero payload length always fits");
            h.identification = ip_id;
            h.dont_fragment = true;
            etherparse::IpHeaders::Ipv4(h, Ipv4Extensions::default())
        }
        (s, d) => {
            let v6 = |ip: IpAddr| match ip {
                IpAddr::V6(v6) => v6,
                IpAddr::V4(v4) => v4.to_ipv6_mapped(),
            };
            let h = Ipv6Header {
                traffic_class: 0,
                flow_label: Ipv6FlowLabel::ZERO,
                payload_length: 0,
                next_header: IpNumber::TCP,
                hop_limit: ttl,
                source: v6(s).octets(),
                destination: v6(d).octets(),
            };
            etherparse::IpHeaders::Ipv6(h, Ipv6Extensions::default())
        }
    };
    let step = eth.ip(ip);
    let mut out = Vec::with_capacity(14 + 40 + 60 + payload.len());
    match seg.proto {
        Proto::Udp => {
            let b = step.udp(src.port(), dst.port());
            b.write(&mut out, &payload)
                .expect("writing to a Vec cannot fail for a payload that fits");
        }
        Proto::Tcp => {
            // A pcap header must carry some window. When the source never gave one (old
            // tcpdump text), write 65535, the largest unscaled window: it stands for "no
            // limit seen" and, unlike 0, tells no zero-window story in Wireshark. The
            // file cannot mark the value as made up; re-importing it reads 65535 as known.
            let window = if seg.window_unknown {
                u16::MAX
            } else {
                window16(seg.window)
            };
            let mut tcp = TcpHeader::new(src.port(), dst.port(), seg.seq, window);
            tcp.fin = seg.has(Flag::Fin);
            tcp.syn = seg.has(Flag::Syn);
            tcp.rst = seg.has(Flag::Rst);
            tcp.psh = seg.has(Flag::Psh);
            tcp.ack = seg.has(Flag::Ack);
            tcp.urg = seg.has(Flag::Urg);
            tcp.ece = seg.has(Flag::Ece);
            tcp.cwr = seg.has(Flag::Cwr);
            tcp.acknowledgment_number = if tcp.ack { seg.ack.unwrap_or(0) } else { 0 };
            // An option list that does not fit (it cannot, by construction) is left out.
            let _ = tcp.set_options(&tcp_options(&seg.options, tcp.syn));
            step.tcp_header(tcp)
                .write(&mut out, &payload)
                .expect("writing to a Vec cannot fail for a payload that fits");
        }
    }
    // A pcap record's original length is 32 bits: a Trace read from a file may claim more.
    let orig = (out.len() as u32).saturating_add((want - cut) as u32);
    (out, orig)
}

fn window16(w: u32) -> u16 {
    u16::try_from(w).unwrap_or(u16::MAX)
}

/// The trace as a pcap file (Ethernet link type, microsecond timestamps from the simulated
/// clock) of what the chosen side's wire carries. Pure: usable from wasm for the page's
/// "download pcap" button.
pub fn to_pcap(trace: &Trace, side: Side) -> Vec<u8> {
    let header = PcapHeader {
        version_major: 2,
        version_minor: 4,
        ts_correction: 0,
        ts_accuracy: 0,
        snaplen: 262_144,
        datalink: DataLink::ETHERNET,
        ts_resolution: pcap_file::pcap::PcapTsResolution::MicroSecond,
        endianness: Endianness::Little,
    };
    let mut writer =
        PcapWriter::with_header(Vec::new(), header).expect("writing to a Vec cannot fail");
    let mut ip_ids: BTreeMap<IpAddr, u16> = BTreeMap::new();
    for view in wire_view(trace, side) {
        let seg = &trace.segments[view.segment as usize];
        let id = ip_ids.entry(view.src.ip()).or_insert(0);
        *id = id.wrapping_add(1);
        let ttl = if view.near {
            64
        } else {
            64u8.saturating_sub(1 + seg.via().len().min(32) as u8)
        };
        let (data, orig) = frame(seg, &view, *id, ttl);
        // Simulated time starts at the epoch; seconds beyond u32 cannot be written and are
        // clamped (a run of 136 years is not a scenario).
        let us = view.at_us.min(u64::from(u32::MAX) * 1_000_000);
        let packet = PcapPacket::new(Duration::from_micros(us), orig, &data[..])
            .expect("timestamp and lengths are within range");
        writer
            .write_packet(&packet)
            .expect("writing to a Vec cannot fail");
    }
    writer.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockets_parse_both_families_and_names() {
        assert_eq!(socket("10.0.0.1:80"), "10.0.0.1:80".parse().unwrap());
        assert_eq!(socket("[::1]:443"), "[::1]:443".parse().unwrap());
        let named = socket("myhost.example:8080");
        assert_eq!(named.port(), 8080);
        assert!(matches!(named.ip(), IpAddr::V4(v4) if v4.octets()[0] == 10));
        assert_eq!(named, socket("myhost.example:8080"), "stable");
        let (a, b) = same_family(socket("1.2.3.4:1"), socket("[::1]:2"));
        assert!(a.is_ipv6() && b.is_ipv6());
    }

    #[test]
    fn syn_options_follow_linux_order_and_fit() {
        let opts = TcpOptions {
            mss: Some(1460),
            wscale: Some(7),
            sack_perm: true,
            sack: vec![],
            ts: Some((1, 0)),
        };
        let elems = tcp_options(&opts, true);
        assert_eq!(
            elems,
            [
                TcpOptionElement::MaximumSegmentSize(1460),
                TcpOptionElement::SelectiveAcknowledgementPermitted,
                TcpOptionElement::Timestamp(1, 0),
                TcpOptionElement::Noop,
                TcpOptionElement::WindowScale(7),
            ]
        );
        let many = TcpOptions {
            ts: Some((5, 6)),
            sack: vec![(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)],
            ..TcpOptions::default()
        };
        let elems = tcp_options(&many, false);
        let mut h = TcpHeader::new(1, 2, 3, 4);
        h.set_options(&elems).expect("fits in 40 bytes");
        match elems.last() {
            Some(TcpOptionElement::SelectiveAcknowledgement(first, rest)) => {
                assert_eq!(*first, (1, 2));
                assert_eq!(
                    rest.iter().flatten().count(),
                    2,
                    "TS leaves room for 3 blocks"
                );
            }
            other => panic!("expected SACK last, got {other:?}"),
        }
    }
}
