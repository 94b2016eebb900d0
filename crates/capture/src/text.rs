//! tcpdump text, as people paste it.
//!
//! Understood, line by line:
//! - the modern form `12:00:00.000001 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S.], seq 1,
//!   ack 1, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0`
//!   (`IP6` too), with or without a timestamp (`-t`, `-tt`, `-tttt`), with `-i any`'s
//!   interface and direction, with `-e`'s MAC addresses, with `-v`'s IP header line that
//!   wraps the addresses onto the next line;
//! - the old form `192.168.1.116.3337 > 192.168.1.123.7788: S 3626544836:3626544836(0) win
//!   5840 <mss 1460>` and its hand-written cousins such as the seed's
//!   `ack 1739326487,ack 1` (the first `ack N` is the number, later ones are the flag);
//! - host names and service names (without `-n`), mapped to stable made-up addresses in
//!   240.0.0.0/4 whose names are kept for display;
//! - `-x`/`-X` hex dumps (decoded as the IP packet, so payload and options are exact) and
//!   `-A` ASCII payload lines (used for the HTTP request and status lines);
//! - UDP lines (`UDP, length 29`, or an application summary ending in a length).
//!
//! Sequence numbers: tcpdump prints them relative to the first segment with ACK of each
//! conversation (which itself is printed absolute) unless `-S` was given; the reader
//! undoes that the same way, deciding per conversation whether the numbers look absolute.
//! A segment printed without a sequence number (a pure ACK) gets the sender's next
//! sequence number as seen so far (so an empty keep-alive probe, whose only mark is a
//! sequence number one below that, reads as a plain ACK: tcpdump does not print it). Lines
//! that are none of the above are counted and skipped. Without timestamps, lines are taken to be one millisecond apart.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use etherparse::{LaxNetSlice, LaxSlicedPacket, TransportSlice};
use wiretrace_core::trace::{Proto, TcpOptions};

use crate::error::ImportError;
use crate::packet::{Opts, Packet, ACK, FIN, RST, SYN};
use crate::reader::Stats;
use crate::warning::LINES_NAMED;

/// Longest line kept; the rest of a longer line is skipped.
const MAX_LINE: usize = 64 * 1024;
/// Most payload bytes kept from `-A`/`-X` lines per packet.
const MAX_TEXT_PAYLOAD: usize = 64 * 1024;
/// Time between lines when the text has no timestamps.
const UNTIMED_STEP_US: u64 = 1000;

/// A packet line being assembled (its payload lines may follow).
struct Pending {
    line: u64,
    ts_us: u64,
    untimed: bool,
    proto: Proto,
    src: SocketAddr,
    dst: SocketAddr,
    flags: u8,
    seq: Option<u32>,
    ack: u32,
    window: u16,
    window_known: bool,
    len: u32,
    opts: TcpOptions,
    /// SACK blocks as printed (maybe relative), resolved with the conversation's base.
    sack_printed: Vec<(u32, u32)>,
    /// HTTP summary tcpdump printed after the length (`HTTP: GET / HTTP/1.1`).
    summary: String,
    hex: Vec<u8>,
    ascii: Vec<u8>,
}

/// Relative-number state of one conversation (tcpdump's `tcp_seq_hash`).
#[derive(Default)]
struct Conv {
    /// Base per direction: index 0 for the lower socket sending, 1 for the higher.
    base: [u32; 2],
    known: bool,
    /// `Some(true)` once the numbers look absolute (`-S`), `Some(false)` relative.
    absolute: Option<bool>,
    /// Next sequence number per direction, for lines that print none.
    next: [Option<u32>; 2],
}

/// The tcpdump text reader (line-oriented; fed by [`crate::reader::Reader`]).
pub(crate) struct TextReader {
    line: u64,
    packets: u64,
    /// Packet lines recognised (the pending one included).
    seen: u64,
    /// Lines that were not packets (unreadable ones included).
    ignored: u64,
    /// Lines that start like packet lines but could not be read (cut or garbled).
    unreadable: u64,
    /// The first [`LINES_NAMED`] of them (line numbers from 1).
    unreadable_first: Vec<u64>,
    skipping_long_line: bool,
    /// A `-v` IP header line waiting for its address line: (timestamp, untimed, proto).
    wrapped: Option<(Option<u64>, Option<Proto>)>,
    pending: Option<Pending>,
    convs: HashMap<(SocketAddr, SocketAddr), Conv>,
    /// Names of made-up addresses (host names printed without `-n`).
    pub names: HashMap<IpAddr, String>,
    day_base_us: u64,
    last_tod_us: Option<u64>,
    /// Set by [`TextReader::packet_line`] for a packet line it cannot use: a time that is
    /// no time (`99:99:99`), flags or numbers out of range. The line is skipped as
    /// unreadable and named, not read as something it does not say.
    garbled: bool,
}

impl TextReader {
    pub fn new() -> Self {
        TextReader {
            line: 0,
            packets: 0,
            seen: 0,
            ignored: 0,
            unreadable: 0,
            unreadable_first: Vec::new(),
            skipping_long_line: false,
            wrapped: None,
            pending: None,
            convs: HashMap::new(),
            names: HashMap::new(),
            day_base_us: 0,
            last_tod_us: None,
            garbled: false,
        }
    }

    pub fn packets(&self) -> u64 {
        self.packets
    }

    pub fn ignored_lines(&self) -> u64 {
        self.ignored
    }

    /// How many lines could not be read, and the first few line numbers.
    pub fn unreadable_lines(&self) -> (u64, &[u64]) {
        (self.unreadable, &self.unreadable_first)
    }

    /// Skips the current line as unreadable.
    fn unreadable_line(&mut self) {
        self.ignored += 1;
        self.unreadable += 1;
        if self.unreadable_first.len() < LINES_NAMED {
            self.unreadable_first.push(self.line);
        }
    }

    /// Consumes whole lines of `data` (all of it when `last`); returns the bytes used.
    pub fn feed(
        &mut self,
        data: &[u8],
        last: bool,
        offset: u64,
        stats: &mut Stats,
        sink: &mut dyn FnMut(&Packet<'_>),
    ) -> Result<usize, ImportError> {
        let _ = offset;
        let mut used = 0;
        while used < data.len() {
            let rest = &data[used..];
            let (line, n) = match rest.iter().position(|&b| b == b'\n') {
                Some(i) => (&rest[..i], i + 1),
                None if last => (rest, rest.len()),
                None if rest.len() > MAX_LINE => {
                    // An endless line: skip what there is and the rest up to its newline.
                    self.skipping_long_line = true;
                    (&rest[..0], rest.len())
                }
                None => break,
            };
            used += n;
            if self.skipping_long_line {
                if n > line.len() {
                    // This chunk held the newline that ends the long line.
                    self.skipping_long_line = false;
                    self.line += 1;
                    self.ignored += 1;
                }
                continue;
            }
            self.line += 1;
            let line = if line.len() > MAX_LINE {
                &line[..MAX_LINE]
            } else {
                line
            };
            let text = String::from_utf8_lossy(line);
            self.line_in(text.trim_end_matches('\r'), stats, sink);
        }
        if last {
            self.flush(stats, sink);
        }
        Ok(used)
    }

    fn line_in(&mut self, line: &str, stats: &mut Stats, sink: &mut dyn FnMut(&Packet<'_>)) {
        if line.trim().is_empty() {
            // In `-A` output an empty line is a CRLF of the payload (e.g. the end of HTTP
            // headers).
            if let Some(p) = &mut self.pending {
                if p.len > 0 && !p.ascii.is_empty() && p.ascii.len() < MAX_TEXT_PAYLOAD {
                    p.ascii.extend_from_slice(b"\r\n");
                }
            }
            return;
        }
        if let Some(bytes) = hex_line(line) {
            if let Some(p) = &mut self.pending {
                if p.hex.len() < MAX_TEXT_PAYLOAD {
                    p.hex.extend_from_slice(&bytes);
                }
            } else {
                self.ignored += 1;
            }
            return;
        }
        if let Some((ts, wrapped_proto)) = self.wrapped.take() {
            // The address line of a `-v` packet.
            if let Some(p) = self.packet_line(line, Some(ts), wrapped_proto) {
                self.flush(stats, sink);
                self.pending = Some(p);
                return;
            }
            if std::mem::take(&mut self.garbled) {
                self.flush(stats, sink);
                self.unreadable_line();
                return;
            }
        }
        if let Some(p) = self.packet_line(line, None, None) {
            self.flush(stats, sink);
            self.pending = Some(p);
            return;
        }
        if std::mem::take(&mut self.garbled) {
            self.flush(stats, sink);
            self.unreadable_line();
            return;
        }
        if let Some(ts) = self.wrapped_header(line) {
            self.flush(stats, sink);
            self.wrapped = Some(ts);
            return;
        }
        if is_tool_chatter(line) {
            self.ignored += 1;
            return;
        }
        // A line with a timestamp is no payload of the packet before it.
        if after_timestamp(line).is_some() && unreadable_packet_line(line) {
            self.unreadable_line();
            return;
        }
        match &mut self.pending {
            Some(p) if p.len > 0 && p.ascii.len() < MAX_TEXT_PAYLOAD => {
                if !p.ascii.is_empty() {
                    p.ascii.extend_from_slice(b"\r\n");
                }
                p.ascii.extend_from_slice(line.as_bytes());
            }
            _ if unreadable_packet_line(line) => self.unreadable_line(),
            _ => self.ignored += 1,
        }
    }

    /// A `-v` first line: timestamp and `IP (tos ..., proto TCP (6), length 60)` with the
    /// addresses on the next line.
    fn wrapped_header(&mut self, line: &str) -> Option<(Option<u64>, Option<Proto>)> {
        let (ts, rest) = self.timestamp(line);
        let rest = skip_interface(rest);
        let rest = rest
            .strip_prefix("IP6 (")
            .or_else(|| rest.strip_prefix("IP ("))?;
        if rest.contains(" > ") {
            return None;
        }
        let proto = if rest.contains("proto TCP") || rest.contains("next-header TCP") {
            Some(Proto::Tcp)
        } else if rest.contains("proto UDP") || rest.contains("next-header UDP") {
            Some(Proto::Udp)
        } else {
            None
        };
        Some((ts, proto))
    }

    /// Splits a leading timestamp off; returns it in microseconds (None if absent).
    fn timestamp<'l>(&mut self, line: &'l str) -> (Option<u64>, &'l str) {
        let line = line.trim_start();
        let mut words = line.splitn(2, ' ');
        let first = words.next().unwrap_or("");
        let after = words.next().unwrap_or("").trim_start();
        // -tttt: `2024-01-02 12:34:56.789012`
        if let Some(days) = parse_date(first) {
            let mut w = after.splitn(2, ' ');
            let t = w.next().unwrap_or("");
            if let Some(tod) = parse_tod(t) {
                return (
                    Some(days * 86_400_000_000 + tod),
                    w.next().unwrap_or("").trim_start(),
                );
            }
        }
        if let Some(tod) = parse_tod(first) {
            // Time of day: carry across midnight.
            if let Some(prev) = self.last_tod_us {
                if tod + 43_200_000_000 < prev {
                    self.day_base_us += 86_400_000_000;
                }
            }
            self.last_tod_us = Some(tod);
            return (Some(self.day_base_us + tod), after);
        }
        // -tt: `1700000000.123456`
        if let Some(us) = parse_epoch(first) {
            return (Some(us), after);
        }
        (None, line)
    }

    fn packet_line(
        &mut self,
        line: &str,
        wrapped_ts: Option<Option<u64>>,
        wrapped_proto: Option<Proto>,
    ) -> Option<Pending> {
        let (ts, rest) = match wrapped_ts {
            Some(ts) => (ts, line.trim_start()),
            None => self.timestamp(line),
        };
        // Find `src > dst:` with both sides looking like address.port.
        let mut search = rest;
        let mut found = None;
        while let Some(i) = search.find(" > ") {
            let before = &search[..i];
            let after = &search[i + 3..];
            let src_tok = before.rsplit([' ', '\t']).next().unwrap_or("");
            let colon = after
                .find(": ")
                .or_else(|| after.strip_suffix(':').map(|s| s.len()));
            if let Some(c) = colon {
                let dst_tok = &after[..c];
                if !dst_tok.contains(' ') {
                    if let (Some(s), Some(d)) = (self.addr(src_tok), self.addr(dst_tok)) {
                        let tail = after.get(c + 1..).unwrap_or("").trim_start();
                        let head = &search[..i - src_tok.len()];
                        found = Some((s, d, head, tail));
                        break;
                    }
                }
            }
            search = after;
        }
        let (src, dst, head, tail) = found?;
        // A first word that looks like a time of day but is none (`99:99:99`) is not a
        // packet without a timestamp: the line is garbled.
        if ts.is_none() && wrapped_ts.is_none() && looks_like_time(line) {
            self.garbled = true;
            return None;
        }
        let untimed = ts.is_none();
        let ts_us = ts.unwrap_or(self.seen * UNTIMED_STEP_US);
        self.seen += 1;
        let mut p = Pending {
            line: self.line,
            ts_us,
            untimed,
            proto: Proto::Tcp,
            src,
            dst,
            flags: 0,
            seq: None,
            ack: 0,
            window: 0,
            window_known: false,
            len: 0,
            opts: TcpOptions::default(),
            sack_printed: Vec::new(),
            summary: String::new(),
            hex: Vec::new(),
            ascii: Vec::new(),
        };
        if let Some(flags) = tail.strip_prefix("Flags [") {
            let close = flags.find(']')?;
            let fields = modern_flags(&flags[..close])
                .and_then(|f| Self::modern_fields(&flags[close + 1..], &mut p).then_some(f));
            match fields {
                Some(f) => p.flags = f,
                None => {
                    self.seen -= 1;
                    self.garbled = true;
                    return None;
                }
            }
        } else if let Some(ok) = self.old_fields(tail, &mut p) {
            if !ok {
                return None;
            }
        } else {
            // UDP: `UDP, length 29`, or an application summary (DNS prints `(29)`).
            let is_udp = wrapped_proto == Some(Proto::Udp)
                || tail.starts_with("UDP")
                || head.contains("UDP");
            let len = find_number_after(tail, "length ").or_else(|| trailing_paren_number(tail));
            match (is_udp || wrapped_proto.is_none(), len) {
                (true, Some(len)) if is_udp || looks_like_udp_summary(tail) => {
                    p.proto = Proto::Udp;
                    p.len = len;
                }
                _ => return None,
            }
        }
        if wrapped_proto == Some(Proto::Udp) && p.proto == Proto::Tcp && p.flags == 0 {
            p.proto = Proto::Udp;
        }
        Some(p)
    }

    /// `, seq 1:79, ack 1, win 502, options [...], length 78: HTTP: GET / HTTP/1.1`;
    /// false when a number is not one a TCP header can hold (`win -5`, `seq 1:99999999999`).
    fn modern_fields(s: &str, p: &mut Pending) -> bool {
        let mut rest = s;
        loop {
            rest = rest.trim_start_matches([',', ' ']);
            if rest.is_empty() {
                break;
            }
            if let Some(r) = rest.strip_prefix("options [") {
                let end = r.find(']').unwrap_or(r.len());
                parse_text_options(&r[..end], &mut p.opts, &mut p.sack_printed);
                rest = r.get(end + 1..).unwrap_or("");
                continue;
            }
            if let Some(r) = rest.strip_prefix("length ") {
                let digits = r.chars().take_while(char::is_ascii_digit).count();
                let Ok(len) = r[..digits].parse() else {
                    return false;
                };
                p.len = len;
                // What follows `length N:` is the application's summary.
                if let Some(summary) = r[digits..].strip_prefix(':') {
                    p.summary = summary.trim().to_owned();
                }
                break;
            }
            let end = rest.find(',').unwrap_or(rest.len());
            let item = rest[..end].trim();
            let mut words = item.split_whitespace();
            match (words.next(), words.next()) {
                (Some("seq"), Some(v)) => {
                    let mut ends = v.split(':').map(str::parse::<u32>);
                    match (ends.next(), ends.next(), ends.next()) {
                        (Some(Ok(first)), None | Some(Ok(_)), None) => p.seq = Some(first),
                        _ => return false,
                    }
                }
                (Some("ack"), Some(v)) => match v.parse() {
                    Ok(a) => p.ack = a,
                    Err(_) => return false,
                },
                (Some("win"), Some(v)) => match v.parse::<u32>() {
                    Ok(w) => {
                        p.window = w.min(65535) as u16;
                        p.window_known = true;
                    }
                    Err(_) => return false,
                },
                _ => {}
            }
            rest = &rest[end..];
        }
        true
    }

    /// The old form: `S 3626544836:3626544836(0) ack 1 win 5840 <mss 1460>`. Returns
    /// `None` when the tail is not TCP at all, `Some(false)` when it is unusable.
    fn old_fields(&mut self, tail: &str, p: &mut Pending) -> Option<bool> {
        let (main, opts) = match tail.find('<') {
            Some(i) => {
                let end = tail[i..].find('>').map(|j| i + j).unwrap_or(tail.len());
                (&tail[..i], Some(&tail[i + 1..end]))
            }
            None => (tail, None),
        };
        let toks: Vec<&str> = main
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|t| !t.is_empty())
            .collect();
        let mut i = 0;
        let mut saw_tcp = false;
        if let Some(t) = toks.first() {
            if !t.is_empty() && t.chars().all(|c| "SFPRUEW.".contains(c)) {
                p.flags = old_flags(t);
                saw_tcp = true;
                i = 1;
            }
        }
        let mut got_ack = false;
        while i < toks.len() {
            let t = toks[i];
            if let Some((a, b)) = t.split_once(':') {
                // `first:last(nbytes)`: the length is nbytes where it is printed (a line
                // edited by hand may disagree with last - first).
                let (b, n) = match b.split_once('(') {
                    Some((b, n)) => (b, n.strip_suffix(')').and_then(|n| n.parse::<u32>().ok())),
                    None => (b, None),
                };
                if let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) {
                    p.seq = Some(a);
                    p.len = n.unwrap_or(b.wrapping_sub(a));
                    saw_tcp = true;
                }
            } else if t == "ack" {
                if let Some(v) = toks.get(i + 1).and_then(|v| v.parse::<u32>().ok()) {
                    if !got_ack {
                        p.ack = v;
                        got_ack = true;
                    }
                    i += 1;
                }
                saw_tcp = true;
            } else if t == "win" {
                if let Some(v) = toks.get(i + 1).and_then(|v| v.parse::<u32>().ok()) {
                    p.window = v.min(65535) as u16;
                    p.window_known = true;
                    i += 1;
                }
            } else if t == "seq" {
                if let Some(v) = toks.get(i + 1).and_then(|v| v.parse::<u32>().ok()) {
                    p.seq = Some(v);
                    i += 1;
                }
            }
            i += 1;
        }
        if !saw_tcp {
            return None;
        }
        if got_ack {
            p.flags |= ACK;
        }
        if let Some(o) = opts {
            parse_text_options(o, &mut p.opts, &mut p.sack_printed);
        }
        Some(true)
    }

    /// Parses `host.port`, registering made-up addresses for names.
    fn addr(&mut self, tok: &str) -> Option<SocketAddr> {
        let (host, port) = tok.rsplit_once('.')?;
        if host.is_empty() || port.is_empty() {
            return None;
        }
        let port = match port.parse::<u16>() {
            Ok(p) => p,
            Err(_) => service_port(port)?,
        };
        let host_clean = host.split('%').next().unwrap_or(host);
        if let Ok(ip) = host_clean.parse::<IpAddr>() {
            return Some(SocketAddr::new(ip, port));
        }
        // Not an address: a name (tcpdump without -n). Reject things that are addresses
        // without a port (`10.0.0.1 > 10.0.0.2: ICMP`) and MAC addresses.
        if tok.parse::<IpAddr>().is_ok() || host.contains(':') {
            return None;
        }
        if !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
        {
            return None;
        }
        let h = {
            let mut x: u32 = 0x811c_9dc5;
            for b in host.bytes() {
                x ^= u32::from(b);
                x = x.wrapping_mul(0x0100_0193);
            }
            x
        };
        let mut ip = IpAddr::V4(Ipv4Addr::from(0xF000_0000 | (h & 0x0FFF_FFFF)));
        // Resolve the (unlikely) collision of two names on one made-up address.
        let mut bump = 1u32;
        while let Some(existing) = self.names.get(&ip) {
            if existing == host {
                break;
            }
            ip = IpAddr::V4(Ipv4Addr::from(
                0xF000_0000 | (h.wrapping_add(bump) & 0x0FFF_FFFF),
            ));
            bump += 1;
        }
        self.names.entry(ip).or_insert_with(|| host.to_owned());
        Some(SocketAddr::new(ip, port))
    }

    /// Emits the pending packet, resolving relative numbers and payload lines.
    fn flush(&mut self, stats: &mut Stats, sink: &mut dyn FnMut(&Packet<'_>)) {
        let Some(mut p) = self.pending.take() else {
            return;
        };
        self.packets += 1;
        stats.frames += 1;
        if !stats.links.contains(&"tcpdump text") {
            stats.links.push("tcpdump text");
        }
        // Exact bytes from a hex dump, when it decodes as this packet.
        let mut payload: Vec<u8> = Vec::new();
        let mut from_hex = false;
        if !p.hex.is_empty() {
            if let Some((pl, opts)) = decode_hex(&p.hex, &p) {
                payload = pl;
                if let Some(o) = opts {
                    p.opts = o;
                }
                from_hex = true;
            }
        }
        if p.proto == Proto::Tcp {
            self.resolve_numbers(&mut p, from_hex);
        }
        if !from_hex {
            payload = ascii_payload(&p);
        }
        let seq = p.seq.unwrap_or(0);
        let packet = Packet {
            ts_us: p.ts_us,
            untimed: p.untimed,
            proto: p.proto,
            src: p.src,
            dst: p.dst,
            flags: p.flags,
            seq,
            ack: p.ack,
            window: p.window,
            window_known: p.window_known || p.proto == Proto::Udp,
            len: p.len,
            payload: &payload,
            opts: Opts::Parsed(&p.opts),
            http_hint: if payload.is_empty() {
                p.summary.strip_prefix("HTTP: ").map(str::trim)
            } else {
                None
            },
        };
        let _ = p.line;
        sink(&packet);
    }

    /// Undoes tcpdump's relative numbering (see the module docs) and fills a missing seq.
    fn resolve_numbers(&mut self, p: &mut Pending, exact: bool) {
        let (lo, hi) = if p.src <= p.dst {
            (p.src, p.dst)
        } else {
            (p.dst, p.src)
        };
        let dir = usize::from(p.src != lo);
        let conv = self.convs.entry((lo, hi)).or_default();
        let has_ack = p.flags & ACK != 0;
        if has_ack && !exact {
            if !conv.known || p.flags & SYN != 0 {
                // tcpdump records the bases here and prints this line absolute.
                if let Some(s) = p.seq.or(conv.next[dir]) {
                    conv.base[dir] = s;
                } else {
                    // No seq printed on the first acking line: it is the sender's next
                    // sequence number, which the peer's acks reveal; assume base = 0.
                    conv.base[dir] = 0;
                }
                conv.base[1 - dir] = p.ack.wrapping_sub(1);
                conv.known = true;
            } else {
                let absolute = match conv.absolute {
                    Some(a) => a,
                    None => {
                        let a = looks_absolute(p.ack, conv.base[1 - dir]);
                        conv.absolute = Some(a);
                        a
                    }
                };
                if !absolute {
                    if let Some(s) = p.seq.as_mut() {
                        *s = s.wrapping_add(conv.base[dir]);
                    }
                    p.ack = p.ack.wrapping_add(conv.base[1 - dir]);
                    for (l, r) in &mut p.sack_printed {
                        *l = l.wrapping_add(conv.base[1 - dir]);
                        *r = r.wrapping_add(conv.base[1 - dir]);
                    }
                }
            }
        }
        if !exact && !p.sack_printed.is_empty() {
            p.opts.sack = std::mem::take(&mut p.sack_printed);
        }
        if p.seq.is_none() {
            // Pure ACKs print no sequence number: the sender's next one, or what the peer
            // last acknowledged.
            p.seq = Some(
                conv.next[dir]
                    .unwrap_or_else(|| conv.base[dir].wrapping_add(u32::from(conv.known))),
            );
        }
        let s = p.seq.unwrap_or(0);
        let mut next = s.wrapping_add(p.len);
        if p.flags & SYN != 0 {
            next = next.wrapping_add(1);
        }
        if p.flags & FIN != 0 {
            next = next.wrapping_add(1);
        }
        let advance = match conv.next[dir] {
            Some(n) => (next.wrapping_sub(n) as i32) > 0,
            None => true,
        };
        if advance && p.flags & RST == 0 {
            conv.next[dir] = Some(next);
        }
    }
}

/// True when an acknowledgment number printed after the conversation's first line looks
/// like an absolute number (`-S`): close to the base rather than a small offset.
fn looks_absolute(printed: u32, base: u32) -> bool {
    const NEAR: u32 = 1 << 24;
    let dist = printed.wrapping_sub(base);
    let near_base = dist <= NEAR;
    let small = printed <= NEAR;
    match (near_base, small) {
        (true, false) => true,
        (false, _) => false,
        // Both readings are plausible (a small base): absolute only if it moved forward
        // from the base, i.e. the printed value is not below it.
        (true, true) => printed >= base && base > 0,
    }
}

/// The bits of `Flags [S.]`; `None` for a letter tcpdump does not print there. `none` is no
/// flag; `e` (tcpdump's AE, the old NS bit) has no place in the byte and is left out.
fn modern_flags(s: &str) -> Option<u8> {
    if s == "none" {
        return Some(0);
    }
    let mut f = 0;
    for c in s.chars() {
        f |= match c {
            'F' => FIN,
            'S' => SYN,
            'R' => RST,
            'P' => 0x08,
            '.' => ACK,
            'U' => 0x20,
            'E' => 0x40,
            'W' => 0x80,
            'e' => 0,
            _ => return None,
        };
    }
    Some(f)
}

/// True when the line's first word is shaped like a time of day (`12:34:56.789`), read or
/// not.
fn looks_like_time(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    first.contains(':')
        && first
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
}

fn old_flags(s: &str) -> u8 {
    // In the old form '.' means "no other flag"; ACK comes from `ack N`.
    modern_flags(&s.replace('.', "")).unwrap_or(0)
}

/// `mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7,sack 1 {1:2}` (and the old
/// `timestamp 1 0`).
fn parse_text_options(s: &str, o: &mut TcpOptions, sack: &mut Vec<(u32, u32)>) {
    for item in s.split(',') {
        let item = item.trim();
        let mut w = item.split_whitespace();
        match w.next() {
            Some("mss") => o.mss = w.next().and_then(|v| v.parse().ok()),
            Some("wscale") => o.wscale = w.next().and_then(|v| v.parse().ok()),
            Some("sackOK") => o.sack_perm = true,
            Some("TS") => {
                let v: Vec<&str> = w.collect();
                let num = |k: &str| {
                    v.iter()
                        .position(|x| *x == k)
                        .and_then(|i| v.get(i + 1))
                        .and_then(|x| x.parse::<u32>().ok())
                };
                if let (Some(a), Some(b)) = (num("val"), num("ecr")) {
                    o.ts = Some((a, b));
                }
            }
            Some("timestamp") => {
                if let (Some(a), Some(b)) = (
                    w.next().and_then(|x| x.parse().ok()),
                    w.next().and_then(|x| x.parse().ok()),
                ) {
                    o.ts = Some((a, b));
                }
            }
            Some("sack") => {
                let rest = item.get(4..).unwrap_or("");
                for block in rest.split('{').skip(1) {
                    let b = block.split('}').next().unwrap_or("");
                    if let Some((l, r)) = b.split_once(':') {
                        if let (Ok(l), Ok(r)) = (l.trim().parse(), r.trim().parse()) {
                            sack.push((l, r));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// `\t0x0010:  4500 003c 1c46 4000  E..<.F@.` → the bytes.
fn hex_line(line: &str) -> Option<Vec<u8>> {
    let t = line.trim_start();
    let rest = t.strip_prefix("0x")?;
    let (off, rest) = rest.split_once(':')?;
    if off.len() != 4 || !off.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = Vec::with_capacity(16);
    // Groups of 4 hex digits separated by one space; two spaces start the ASCII column.
    let rest = rest.trim_start();
    let hex_part = match rest.find("  ") {
        Some(i) => &rest[..i],
        None => rest,
    };
    for group in hex_part.split(' ') {
        if group.is_empty() || group.len() > 4 || group.len() % 2 != 0 {
            break;
        }
        let mut i = 0;
        while i < group.len() {
            let b = u8::from_str_radix(&group[i..i + 2], 16).ok()?;
            out.push(b);
            i += 2;
        }
    }
    Some(out)
}

/// The TCP/UDP payload (and TCP options) of a hex-dumped IP packet (or Ethernet frame with
/// `-xx`), if it is the packet of the line.
fn decode_hex(bytes: &[u8], p: &Pending) -> Option<(Vec<u8>, Option<TcpOptions>)> {
    let sliced = match LaxSlicedPacket::from_ip(bytes) {
        Ok(s) => s,
        Err(_) => LaxSlicedPacket::from_ethernet(bytes).ok()?,
    };
    match (&sliced.net, &sliced.transport) {
        (Some(LaxNetSlice::Ipv4(_) | LaxNetSlice::Ipv6(_)), Some(TransportSlice::Tcp(t))) => {
            if t.source_port() != p.src.port() || t.destination_port() != p.dst.port() {
                return None;
            }
            Some((
                t.payload().to_vec(),
                Some(crate::packet::parse_tcp_options(t.options())),
            ))
        }
        (Some(_), Some(TransportSlice::Udp(u))) => Some((u.payload().to_vec(), None)),
        _ => None,
    }
}

/// The payload of a packet from its `-A` lines: tcpdump prints the whole IP packet as
/// characters (non-printables as '.') and drops the CR of each CRLF, so the payload is the
/// last `len` bytes once line breaks are CRLF again. Without such lines there are no
/// bytes (the HTTP summary tcpdump prints after the length becomes a hint instead).
fn ascii_payload(p: &Pending) -> Vec<u8> {
    let len = p.len as usize;
    if len == 0 {
        return Vec::new();
    }
    if !p.ascii.is_empty() {
        let a = &p.ascii;
        if a.len() >= len {
            return a[a.len() - len..].to_vec();
        }
        // Shorter than expected: keep from where an HTTP message starts, if anywhere.
        if let Some(i) = find_http_start(a) {
            return a[i..].to_vec();
        }
        return a.clone();
    }
    Vec::new()
}

fn find_http_start(a: &[u8]) -> Option<usize> {
    const STARTS: [&[u8]; 9] = [
        b"GET ",
        b"POST ",
        b"HEAD ",
        b"PUT ",
        b"DELETE ",
        b"OPTIONS ",
        b"PATCH ",
        b"CONNECT ",
        b"HTTP/1.",
    ];
    (0..a.len()).find(|&i| STARTS.iter().any(|s| a[i..].starts_with(s)))
}

/// The rest of a line after a leading timestamp (any of tcpdump's forms), if it has one.
fn after_timestamp(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let (first, after) = line.split_once(' ').unwrap_or((line, ""));
    let after = after.trim_start();
    if parse_date(first).is_some() {
        // `-tttt`: the time of day follows (or what is left of it).
        let (t, rest) = after.split_once(' ').unwrap_or((after, ""));
        return Some(if parse_tod(t).is_some() {
            rest.trim_start()
        } else {
            after
        });
    }
    (parse_tod(first).is_some() || parse_epoch(first).is_some()).then_some(after)
}

/// True for a line that is not a packet the reader could read but starts as a packet line
/// does, so it was cut or garbled: a timestamp and nothing more, or tcpdump's `IP` / `IP6`
/// among the first words (after a timestamp, `-i any`'s interface and direction) followed
/// by an address. A
/// whole line of another protocol over IP (`IP 10.0.0.1 > 10.0.0.2: ICMP echo request`:
/// addresses without ports) is read fine, only not drawn, and so is a line of another
/// link protocol (`ARP, Request who-has ...`).
fn unreadable_packet_line(line: &str) -> bool {
    let timed = after_timestamp(line);
    let rest = timed.unwrap_or(line.trim_start());
    if timed.is_some() && rest.split_whitespace().nth(1).is_none() {
        return true;
    }
    let mut words = rest.split_whitespace();
    if !words.by_ref().take(3).any(|w| w == "IP" || w == "IP6") {
        return false;
    }
    match (words.next(), words.next()) {
        // `src > dst: ...` with a portless source: another protocol, read fine.
        (Some(src), Some(">")) => has_port(src),
        // An address, then no `>`: cut or garbled.
        (Some(src), _) => src.contains('.') || src.parse::<IpAddr>().is_ok(),
        (None, _) => timed.is_some(),
    }
}

/// True for `address.port` / `name.service`, false for a bare address or name.
fn has_port(tok: &str) -> bool {
    if tok.parse::<IpAddr>().is_ok() {
        return false;
    }
    tok.rsplit_once('.').is_some_and(|(host, port)| {
        !host.is_empty() && (port.parse::<u16>().is_ok() || service_port(port).is_some())
    })
}

fn is_tool_chatter(line: &str) -> bool {
    let l = line.trim();
    l.starts_with("tcpdump:")
        || l.starts_with("listening on")
        || l.starts_with("reading from file")
        || l.ends_with("packets captured")
        || l.ends_with("packets received by filter")
        || l.ends_with("packets dropped by kernel")
        || l.ends_with("packet captured")
}

/// Skips `-i any`'s `lo In ` / `eth0 Out ` / `-e`'s MAC part up to the IP keyword.
fn skip_interface(s: &str) -> &str {
    for key in ["IP6 ", "IP "] {
        if let Some(i) = s.find(key) {
            return &s[i..];
        }
    }
    s
}

fn find_number_after(s: &str, key: &str) -> Option<u32> {
    let i = s.rfind(key)?;
    let digits: String = s[i + key.len()..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

/// DNS and friends end with `(29)`.
fn trailing_paren_number(s: &str) -> Option<u32> {
    let s = s.trim_end();
    let inner = s.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    inner[open + 1..].parse().ok()
}

fn looks_like_udp_summary(tail: &str) -> bool {
    // Application summaries of common UDP protocols as tcpdump prints them.
    let t = tail.trim_start();
    t.starts_with("UDP")
        || t.starts_with("NTP")
        || t.contains(" A? ")
        || t.contains(" AAAA? ")
        || t.contains(" PTR? ")
        || t.starts_with("BOOTP")
        || t.starts_with("SNMP")
        || t.starts_with("QUIC")
        || t.starts_with("syslog")
        || t.trim_end().ends_with(')')
            && t.split_whitespace().next().is_some_and(|w| {
                w.trim_end_matches(['+', '*', '-', '%', '$'])
                    .chars()
                    .all(|c| c.is_ascii_digit())
            })
}

fn service_port(name: &str) -> Option<u16> {
    Some(match name {
        "http" | "www" => 80,
        "https" => 443,
        "http-alt" | "webcache" => 8080,
        "ssh" => 22,
        "telnet" => 23,
        "ftp" => 21,
        "ftp-data" => 20,
        "smtp" => 25,
        "domain" => 53,
        "bootps" => 67,
        "bootpc" => 68,
        "pop3" => 110,
        "imap" | "imap2" => 143,
        "ntp" => 123,
        "snmp" => 161,
        "ldap" => 389,
        "imaps" => 993,
        "pop3s" => 995,
        "mdns" => 5353,
        "mysql" => 3306,
        "postgresql" => 5432,
        "irdmi" => 8000,
        _ => return None,
    })
}

/// `HH:MM:SS[.frac]` → microseconds of the day.
fn parse_tod(s: &str) -> Option<u64> {
    let (hms, frac) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let mut parts = hms.split(':');
    let h: u64 = parts.next()?.parse().ok()?;
    let m: u64 = parts.next()?.parse().ok()?;
    let sec: u64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some((h * 3600 + m * 60 + sec) * 1_000_000 + frac_us(frac)?)
}

fn frac_us(frac: Option<&str>) -> Option<u64> {
    match frac {
        None => Some(0),
        Some(f) if !f.is_empty() && f.len() <= 9 && f.chars().all(|c| c.is_ascii_digit()) => {
            let mut v: u64 = f.parse().ok()?;
            let mut digits = f.len();
            while digits < 6 {
                v *= 10;
                digits += 1;
            }
            while digits > 6 {
                v /= 10;
                digits -= 1;
            }
            Some(v)
        }
        _ => None,
    }
}

/// `1700000000.123456` → microseconds since the epoch.
fn parse_epoch(s: &str) -> Option<u64> {
    let (a, b) = s.split_once('.')?;
    if a.len() < 9 || a.len() > 11 || !a.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let secs: u64 = a.parse().ok()?;
    Some(secs * 1_000_000 + frac_us(Some(b))?)
}

/// `YYYY-MM-DD` → days since 1970-01-01.
fn parse_date(s: &str) -> Option<u64> {
    let mut it = s.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if it.next().is_some()
        || !(1970..=9999).contains(&y)
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
    {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    u64::try_from(era * 146_097 + doe - 719_468).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_dates_and_epochs() {
        assert_eq!(parse_tod("00:00:01.5"), Some(1_500_000));
        assert_eq!(
            parse_tod("12:34:56.789012"),
            Some((12 * 3600 + 34 * 60 + 56) * 1_000_000 + 789_012)
        );
        assert_eq!(parse_tod("25:00:00"), None);
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert_eq!(parse_date("2024-03-01"), Some(19_783));
        assert_eq!(
            parse_epoch("1700000000.000001"),
            Some(1_700_000_000_000_001)
        );
        assert_eq!(parse_epoch("12.5"), None);
    }

    #[test]
    fn hex_lines_and_options() {
        assert_eq!(
            hex_line("\t0x0000:  4500 003c 1c46  E..<.F"),
            Some(vec![0x45, 0, 0, 0x3c, 0x1c, 0x46])
        );
        assert_eq!(hex_line("GET / HTTP/1.1"), None);
        let mut o = TcpOptions::default();
        let mut sack = Vec::new();
        parse_text_options(
            "mss 1460,sackOK,TS val 10 ecr 0,nop,wscale 7",
            &mut o,
            &mut sack,
        );
        assert_eq!(
            (o.mss, o.wscale, o.sack_perm, o.ts),
            (Some(1460), Some(7), true, Some((10, 0)))
        );
        parse_text_options("nop,nop,sack 2 {1001:2001}{3001:4001}", &mut o, &mut sack);
        assert_eq!(sack, [(1001, 2001), (3001, 4001)]);
    }

    #[test]
    fn unreadable_lines_are_packet_lines_cut_or_garbled() {
        for cut in [
            "12:00:00.040100 IP 10.0.0.1.5000 > 10.0",
            "12:00:00.04",
            "2024-01-02 12:3",
            "1700000000.123456 IP6 2001:db8::1.40000",
            "IP 10.0.0.1.5000 10.0.0.2.80: Flags [S], seq 1, win 10, length 0",
            "12:00:00.000001 eth0  Out IP laptop.lan.51514 > exa",
        ] {
            assert!(unreadable_packet_line(cut), "{cut}");
        }
        for fine in [
            "12:00:08.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64",
            "12:00:08.000000 IP6 fe80::1 > ff02::1: ICMP6, router solicitation, length 16",
            "12:00:00.000000 ARP, Request who-has 10.0.0.1 tell 10.0.0.2, length 28",
            "Host: localhost",
            "E..<c.@.@............fF.g............0.........",
            "IP address: 10.0.0.1",
        ] {
            assert!(!unreadable_packet_line(fine), "{fine}");
        }
    }

    #[test]
    fn absolute_or_relative() {
        assert!(looks_absolute(1_739_326_487, 1_739_326_486));
        assert!(!looks_absolute(1, 1_739_326_486));
        assert!(!looks_absolute(79, 3_626_544_836));
        assert!(!looks_absolute(5, 1000), "below a small base: relative");
    }
}
