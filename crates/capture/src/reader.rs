//! The push reader: bytes in (any chunk sizes), decoded packets out. Detects the format
//! from the first bytes (pcap in both byte orders and resolutions, pcapng, tcpdump text),
//! keeps only the bytes of an unfinished record between calls, and bounds every record so
//! that a corrupt length cannot make it buffer without end.

use pcap_file::pcap::{PcapParseError, PcapParser, PcapTsResolution};
use pcap_file::pcapng::blocks::block_common::Block;
use pcap_file::pcapng::{PcapNgParseError, PcapNgParser};
use pcap_file::Endianness;

use crate::error::ImportError;
use crate::packet::{decode, link, Decoded, Opts, Packet};
use crate::text::TextReader;
use crate::warning::{CutShort, Unit};

/// The kinds of input the reader understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// libpcap format.
    Pcap,
    /// pcapng.
    PcapNg,
    /// tcpdump's text output.
    Tcpdump,
}

impl Kind {
    /// `pcap`, `pcapng` or `tcpdump` (the value of `Source.kind`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Pcap => "pcap",
            Kind::PcapNg => "pcapng",
            Kind::Tcpdump => "tcpdump",
        }
    }
}

/// Largest packet record accepted (the largest snap length tools use is 256 KiB; jumbo
/// GSO captures stay well below 1 MiB).
const MAX_RECORD: usize = 1 << 20;
/// Largest pcapng block accepted (name-resolution blocks can be big).
const MAX_BLOCK: usize = 16 << 20;
/// The block type of a pcapng section header.
const SHB: [u8; 4] = [0x0A, 0x0D, 0x0D, 0x0A];

enum State {
    Detect,
    Pcap {
        parser: PcapParser,
        linktype: u32,
        nano: bool,
    },
    PcapNg {
        parser: Box<PcapNgParser>,
    },
    Text(Box<TextReader>),
    Failed(ImportError),
}

/// Counts and details gathered while reading.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    /// Every frame / block holding a packet / packet line.
    pub frames: u64,
    /// Frames that were not TCP or UDP over IP.
    pub other: u64,
    /// Link types seen (names), in order of first appearance.
    pub links: Vec<&'static str>,
    /// Link types seen that the reader cannot decode.
    pub unknown_links: Vec<u32>,
    /// pcapng blocks skipped because pcap-file could not decode them.
    pub skipped_blocks: u64,
    /// Frames cut by the snap length.
    pub truncated: u64,
}

impl Stats {
    fn saw_link(&mut self, lt: u32) {
        match link::name(lt) {
            Some(n) if !self.links.contains(&n) => self.links.push(n),
            Some(_) => {}
            None if !self.unknown_links.contains(&lt) => self.unknown_links.push(lt),
            None => {}
        }
    }
}

/// The push reader. `feed` any number of chunks, then `finish`.
pub(crate) struct Reader {
    state: State,
    /// Bytes of an unfinished record (or the first few bytes before detection).
    buf: Vec<u8>,
    /// File offset of `buf[0]` (or of the next chunk when `buf` is empty).
    offset: u64,
    /// Time of the previous packet (pcapng simple packets carry none).
    last_ts: u64,
    pub stats: Stats,
    /// The file ended inside a record after whole packets: they were read, it was not.
    pub cut: Option<CutShort>,
}

impl Reader {
    pub fn new() -> Self {
        Reader {
            state: State::Detect,
            buf: Vec::new(),
            offset: 0,
            last_ts: 0,
            stats: Stats::default(),
            cut: None,
        }
    }

    /// The detected kind, once known.
    pub fn kind(&self) -> Option<Kind> {
        match &self.state {
            State::Detect | State::Failed(_) => None,
            State::Pcap { .. } => Some(Kind::Pcap),
            State::PcapNg { .. } => Some(Kind::PcapNg),
            State::Text(_) => Some(Kind::Tcpdump),
        }
    }

    /// Lines of text that were not packets (tcpdump text only).
    pub fn ignored_lines(&self) -> u64 {
        match &self.state {
            State::Text(t) => t.ignored_lines(),
            _ => 0,
        }
    }

    /// Lines that start like a packet line but could not be read (tcpdump text only): how
    /// many, and the first few line numbers.
    pub fn unreadable_lines(&self) -> (u64, &[u64]) {
        match &self.state {
            State::Text(t) => t.unreadable_lines(),
            _ => (0, &[]),
        }
    }

    /// Names of made-up addresses (host names in tcpdump text without `-n`).
    pub fn host_names(&self) -> std::collections::HashMap<std::net::IpAddr, String> {
        match &self.state {
            State::Text(t) => t.names.clone(),
            _ => Default::default(),
        }
    }

    /// Bytes consumed so far (the file offset up to which everything is decoded).
    pub fn consumed(&self) -> u64 {
        self.offset
    }

    /// Reads a chunk; `sink` gets every TCP/UDP packet found, in file order.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        sink: &mut dyn FnMut(&Packet<'_>),
    ) -> Result<(), ImportError> {
        if let State::Failed(e) = &self.state {
            return Err(e.clone());
        }
        let result = if self.buf.is_empty() {
            match self.process(chunk, false, sink) {
                Ok(used) => {
                    self.buf.extend_from_slice(&chunk[used..]);
                    Ok(())
                }
                Err(e) => Err(e),
            }
        } else {
            let mut buf = std::mem::take(&mut self.buf);
            buf.extend_from_slice(chunk);
            let r = self.process(&buf, false, sink);
            if let Ok(used) = r {
                buf.drain(..used);
            }
            self.buf = buf;
            r.map(|_| ())
        };
        if let Err(e) = &result {
            self.state = State::Failed(e.clone());
        }
        result
    }

    /// Ends the input. A record cut short after whole packets is left out and noted in
    /// [`Reader::cut`] (tshark reads such a file the same way); cut short before any whole
    /// packet, it is an error naming where it starts.
    pub fn finish(&mut self, sink: &mut dyn FnMut(&Packet<'_>)) -> Result<(), ImportError> {
        if let State::Failed(e) = &self.state {
            return Err(e.clone());
        }
        let buf = std::mem::take(&mut self.buf);
        let used = match self.process(&buf, true, sink) {
            Ok(u) => u,
            Err(e) => {
                self.state = State::Failed(e.clone());
                return Err(e);
            }
        };
        let rest = &buf[used..];
        let unit = match &self.state {
            State::Pcap { .. } => Some(Unit::PcapRecord),
            State::PcapNg { .. } => Some(Unit::PcapNgBlock),
            State::Detect | State::Text(_) | State::Failed(_) => None,
        };
        if let (Some(unit), false, true) = (unit, rest.is_empty(), self.stats.frames > 0) {
            self.cut = Some(CutShort {
                unit,
                at: self.offset,
                present: rest.len() as u64,
                len: self.unfinished_len(rest),
                packets: self.stats.frames,
            });
            return Ok(());
        }
        let rest = rest.len();
        let err = match &self.state {
            State::Detect => Some(if self.offset == 0 && buf.is_empty() {
                ImportError::file("error.capture.empty", &[])
            } else {
                ImportError::at_byte(
                    0,
                    "error.capture.too_short",
                    &[("bytes", buf.len().to_string())],
                )
            }),
            State::Pcap { .. } if rest > 0 => Some(ImportError::at_byte(
                self.offset,
                if rest < 16 {
                    "error.capture.cut_record_header"
                } else {
                    "error.capture.cut_record"
                },
                &if rest < 16 {
                    vec![("rest", rest.to_string())]
                } else {
                    let incl = self.record_len_hint(&buf[used..]);
                    vec![
                        ("incl", incl.to_string()),
                        ("found", (rest - 16).to_string()),
                    ]
                },
            )),
            State::PcapNg { .. } if rest > 0 => Some(ImportError::at_byte(
                self.offset,
                "error.capture.cut_block",
                &[("rest", rest.to_string())],
            )),
            // A file of only its header (a capture started and stopped at once).
            State::Pcap { .. } | State::PcapNg { .. } if self.stats.frames == 0 => {
                Some(ImportError::file("error.capture.no_frames", &[]))
            }
            // Packets, none of them TCP or UDP (ARP, ICMP...).
            State::Pcap { .. } | State::PcapNg { .. } if self.stats.other == self.stats.frames => {
                Some(ImportError::file(
                    "error.capture.no_tcp_udp",
                    &[("count", self.stats.frames.to_string())],
                ))
            }
            State::Text(t) if t.packets() == 0 => {
                Some(ImportError::file("error.capture.no_packets", &[]))
            }
            _ => None,
        };
        if let Some(e) = err {
            self.state = State::Failed(e.clone());
            return Err(e);
        }
        Ok(())
    }

    /// The whole length of the unfinished record or block at the start of `rest`, when
    /// enough of its header is there to say (and it says something plausible).
    fn unfinished_len(&self, rest: &[u8]) -> Option<u64> {
        let (len, max) = match &self.state {
            State::Pcap { .. } if rest.len() >= 12 => (
                16 + u64::from(self.record_len_hint(rest)),
                16 + MAX_RECORD as u64,
            ),
            State::PcapNg { parser } if rest.len() >= 12 || rest.len() >= 8 && rest[..4] != SHB => {
                (
                    block_len(rest, Some(parser.section().endianness)) as u64,
                    MAX_BLOCK as u64,
                )
            }
            _ => return None,
        };
        (len > rest.len() as u64 && len <= max).then_some(len)
    }

    fn record_len_hint(&self, rec: &[u8]) -> u32 {
        let be = matches!(&self.state, State::Pcap { parser, .. } if parser.header().endianness == Endianness::Big);
        let b = [rec[8], rec[9], rec[10], rec[11]];
        if be {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        }
    }

    /// Decodes what it can of `data` (which starts at `self.offset`); returns the bytes used.
    fn process(
        &mut self,
        data: &[u8],
        last: bool,
        sink: &mut dyn FnMut(&Packet<'_>),
    ) -> Result<usize, ImportError> {
        let mut used = 0usize;
        loop {
            let rest = &data[used..];
            let at = self.offset;
            match &mut self.state {
                State::Failed(e) => return Err(e.clone()),
                State::Detect => match detect(rest, last, &mut self.stats)? {
                    Detected::More => return Ok(used),
                    Detected::Found(state, n) => {
                        self.state = state;
                        used += n;
                        self.offset += n as u64;
                    }
                },
                State::Pcap {
                    parser,
                    linktype,
                    nano,
                } => {
                    if rest.len() < 16 {
                        return Ok(used);
                    }
                    let be = parser.header().endianness == Endianness::Big;
                    let word = |i: usize| {
                        let b = [rest[i], rest[i + 1], rest[i + 2], rest[i + 3]];
                        if be {
                            u32::from_be_bytes(b)
                        } else {
                            u32::from_le_bytes(b)
                        }
                    };
                    let incl = word(8) as usize;
                    if incl > MAX_RECORD {
                        return Err(ImportError::at_byte(
                            at,
                            "error.capture.record_big",
                            &[
                                ("frame", (self.stats.frames + 1).to_string()),
                                ("incl", incl.to_string()),
                                ("max", MAX_RECORD.to_string()),
                            ],
                        ));
                    }
                    let (rem, raw) = match parser.next_raw_packet(rest) {
                        Ok(x) => x,
                        Err(_) => return Ok(used),
                    };
                    let n = rest.len() - rem.len();
                    let frac = u64::from(raw.ts_frac);
                    let ts =
                        u64::from(raw.ts_sec) * 1_000_000 + if *nano { frac / 1000 } else { frac };
                    self.stats.frames += 1;
                    if raw.orig_len > raw.incl_len {
                        self.stats.truncated += 1;
                    }
                    let lt = *linktype;
                    emit(lt, &raw.data, ts, &mut self.stats, sink);
                    self.last_ts = ts;
                    used += n;
                    self.offset += n as u64;
                }
                State::PcapNg { parser } => {
                    if rest.len() < 12 {
                        return Ok(used);
                    }
                    let len = block_len(rest, Some(parser.section().endianness));
                    if len > MAX_BLOCK {
                        return Err(ImportError::at_byte(
                            at,
                            "error.capture.block_big",
                            &[("len", len.to_string()), ("max", MAX_BLOCK.to_string())],
                        ));
                    }
                    let (rem, block) = match parser.next_block(rest) {
                        Ok(x) => x,
                        Err(PcapNgParseError::IncompleteBuffer(..)) => return Ok(used),
                        Err(e) => {
                            // A block pcap-file cannot decode (an odd option): skip it by its
                            // length if the raw framing is sound, else give up here.
                            match parser.next_raw_block(rest) {
                                Ok((rem, _)) => {
                                    self.stats.skipped_blocks += 1;
                                    let n = rest.len() - rem.len();
                                    used += n;
                                    self.offset += n as u64;
                                    continue;
                                }
                                Err(PcapNgParseError::IncompleteBuffer(..)) => return Ok(used),
                                Err(_) => {
                                    return Err(ImportError::at_byte(
                                        at,
                                        "error.capture.block_bad",
                                        &[("detail", e.to_string())],
                                    ))
                                }
                            }
                        }
                    };
                    let n = rest.len() - rem.len();
                    let (iface, ts, data, orig) = match &block {
                        Block::EnhancedPacket(b) => (
                            b.interface_id,
                            Some(b.timestamp.as_micros() as u64),
                            &b.data[..],
                            b.original_len,
                        ),
                        Block::SimplePacket(b) => (0, None, &b.data[..], b.original_len),
                        Block::Packet(b) => (
                            u32::from(b.interface_id),
                            Some(b.timestamp.as_micros() as u64),
                            &b.data[..],
                            b.original_len,
                        ),
                        _ => {
                            used += n;
                            self.offset += n as u64;
                            continue;
                        }
                    };
                    self.stats.frames += 1;
                    let frame = self.stats.frames;
                    let Some(idb) = parser.interfaces().get(iface as usize) else {
                        return Err(ImportError::at_byte(
                            at,
                            "error.capture.interface",
                            &[
                                ("frame", frame.to_string()),
                                ("iface", iface.to_string()),
                                ("count", parser.interfaces().len().to_string()),
                            ],
                        ));
                    };
                    let lt = u32::from(idb.linktype);
                    if (orig as usize) > data.len() {
                        self.stats.truncated += 1;
                    }
                    let ts = ts.unwrap_or(self.last_ts);
                    self.stats.saw_link(lt);
                    emit(lt, data, ts, &mut self.stats, sink);
                    self.last_ts = ts;
                    used += n;
                    self.offset += n as u64;
                }
                State::Text(t) => {
                    let n = t.feed(rest, last, at, &mut self.stats, sink)?;
                    used += n;
                    self.offset += n as u64;
                    return Ok(used);
                }
            }
        }
    }
}

/// What the first bytes of a file said.
enum Detected {
    /// Not enough yet to tell.
    More,
    /// The format, and the bytes its header took.
    Found(State, usize),
}

/// The format of a capture from its first bytes: the pcap or pcapng header (read), tcpdump
/// text, or an error naming what the bytes are instead (gzip, an unknown format).
fn detect(rest: &[u8], last: bool, stats: &mut Stats) -> Result<Detected, ImportError> {
    if rest.len() < 4 && !last {
        return Ok(Detected::More);
    }
    let magic = rest
        .get(..4)
        .map(|m| u32::from_be_bytes([m[0], m[1], m[2], m[3]]));
    match magic {
        Some(0xA1B2_C3D4 | 0xD4C3_B2A1 | 0xA1B2_3C4D | 0x4D3C_B2A1) => {
            match PcapParser::new(rest) {
                Ok((_, parser)) => {
                    let linktype = u32::from(parser.header().datalink);
                    let nano = parser.header().ts_resolution == PcapTsResolution::NanoSecond;
                    stats.saw_link(linktype);
                    if link::name(linktype).is_none() {
                        return Err(ImportError::at_byte(
                            20,
                            "error.capture.link_type",
                            &[("linktype", linktype.to_string())],
                        ));
                    }
                    Ok(Detected::Found(
                        State::Pcap {
                            parser,
                            linktype,
                            nano,
                        },
                        24,
                    ))
                }
                Err(PcapParseError::IncompleteBuffer(..)) if !last => Ok(Detected::More),
                Err(PcapParseError::IncompleteBuffer(..)) => Err(ImportError::at_byte(
                    0,
                    "error.capture.pcap_header_cut",
                    &[("rest", rest.len().to_string())],
                )),
                Err(e) => Err(ImportError::at_byte(
                    0,
                    "error.capture.pcap_header_bad",
                    &[("detail", e.to_string())],
                )),
            }
        }
        Some(0x0A0D_0D0A) => {
            if rest.len() < 12 {
                if last {
                    return Err(ImportError::at_byte(
                        0,
                        "error.capture.pcapng_header_cut",
                        &[],
                    ));
                }
                return Ok(Detected::More);
            }
            let len = block_len(rest, None);
            if len > MAX_BLOCK {
                return Err(ImportError::at_byte(
                    0,
                    "error.capture.pcapng_header_big",
                    &[("len", len.to_string()), ("max", MAX_BLOCK.to_string())],
                ));
            }
            match PcapNgParser::new(rest) {
                Ok((rem, parser)) => {
                    let n = rest.len() - rem.len();
                    Ok(Detected::Found(
                        State::PcapNg {
                            parser: Box::new(parser),
                        },
                        n,
                    ))
                }
                Err(PcapNgParseError::IncompleteBuffer(..)) if !last => Ok(Detected::More),
                Err(e) => Err(ImportError::at_byte(
                    0,
                    "error.capture.pcapng_header_bad",
                    &[("detail", e.to_string())],
                )),
            }
        }
        Some(0x1F8B_0800..=0x1F8B_08FF) => Err(ImportError::at_byte(0, "error.capture.gzip", &[])),
        _ => {
            if looks_like_text(rest) {
                Ok(Detected::Found(State::Text(Box::new(TextReader::new())), 0))
            } else if rest.is_empty() {
                Ok(Detected::More)
            } else {
                let n = rest.len().min(4);
                let hex: String = rest[..n].iter().map(|b| format!("{b:02x}")).collect();
                Err(ImportError::at_byte(
                    0,
                    "error.capture.unknown_format",
                    &[("hex", hex)],
                ))
            }
        }
    }
}

/// Decodes one frame and hands a TCP/UDP packet to the sink.
fn emit(lt: u32, data: &[u8], ts: u64, stats: &mut Stats, sink: &mut dyn FnMut(&Packet<'_>)) {
    match decode(lt, data) {
        Decoded::Transport {
            proto,
            src,
            dst,
            flags,
            seq,
            ack,
            window,
            len,
            payload,
            opts,
        } => sink(&Packet {
            ts_us: ts,
            untimed: false,
            proto,
            src,
            dst,
            flags,
            seq,
            ack,
            window,
            window_known: true,
            len,
            payload,
            opts: Opts::Raw(opts),
            http_hint: None,
        }),
        Decoded::Other => stats.other += 1,
    }
}

/// Total length of the pcapng block at the start of `b` (at least 12 bytes there). For a
/// section header the byte order comes from its own byte-order magic.
fn block_len(b: &[u8], order: Option<Endianness>) -> usize {
    let is_shb = b[..4] == SHB;
    let big = if is_shb {
        b[8..12] == [0x1A, 0x2B, 0x3C, 0x4D]
    } else {
        order == Some(Endianness::Big)
    };
    let w = [b[4], b[5], b[6], b[7]];
    (if big {
        u32::from_be_bytes(w)
    } else {
        u32::from_le_bytes(w)
    }) as usize
}

/// True when the first bytes read as text (UTF-8 without control characters other than
/// tab, CR, LF, form feed).
fn looks_like_text(b: &[u8]) -> bool {
    let head = &b[..b.len().min(512)];
    if head.is_empty() {
        return false;
    }
    let ok = head
        .iter()
        .all(|&c| c >= 0x20 || matches!(c, b'\t' | b'\n' | b'\r' | 0x0c));
    // A multi-byte UTF-8 sequence may be cut at 512: check validity up to that point.
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    ok && valid
}
