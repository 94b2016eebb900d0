//! Shared by the integration tests: hand-built traces (until and besides the engine's
//! scenarios) and a tshark reader.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use wiretrace_core::tcp::state::State;
use wiretrace_core::trace::{
    Analysis, Bytes, Connection, Endpoint, Fate, Flag, HopAction, Proto, Rare, Role, Segment,
    StateChange, TcpOptions, Trace,
};

/// Builds a trace segment by segment, like a packet log.
pub struct Builder {
    pub trace: Trace,
    latency: u64,
}

pub const C: &str = "client";
pub const S: &str = "server";

impl Builder {
    pub fn new(client: &str, server: &str, latency_us: u64) -> Self {
        let mut trace = Trace::new(Some("handmade".into()), Some(1));
        let ip = |s: &str| {
            s.rsplit_once(':')
                .unwrap()
                .0
                .trim_matches(['[', ']'])
                .to_owned()
        };
        trace.endpoints = vec![
            Endpoint {
                id: C.into(),
                label: "Client".into(),
                ip: ip(client),
                role: Role::Client,
                label_msg: None,
            },
            Endpoint {
                id: S.into(),
                label: "Server".into(),
                ip: ip(server),
                role: Role::Server,
                label_msg: None,
            },
        ];
        trace.connections = vec![Connection {
            id: 0,
            proto: Proto::Tcp,
            client: client.into(),
            server: server.into(),
            client_endpoint: C.into(),
            server_endpoint: S.into(),
            server_side: None,
        }];
        Builder {
            trace,
            latency: latency_us,
        }
    }

    /// Adds a segment sent at `t` from `from`; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn seg(
        &mut self,
        t: u64,
        from: &str,
        flags: &[Flag],
        seq: u32,
        ack: Option<u32>,
        payload: &[u8],
        window: u32,
    ) -> u32 {
        let conn = &self.trace.connections[0];
        let (src, dst, to) = if from == C {
            (conn.client.clone(), conn.server.clone(), S)
        } else {
            (conn.server.clone(), conn.client.clone(), C)
        };
        let id = self.trace.segments.len() as u32;
        let mut flags = flags.to_vec();
        flags.sort();
        self.trace.segments.push(Segment {
            id,
            conn: 0,
            proto: Proto::Tcp,
            from: from.into(),
            to: to.into(),
            src: src.into(),
            dst: dst.into(),
            flags: flags.into(),
            seq,
            ack,
            len: payload.len() as u32,
            window,
            options: TcpOptions::default(),
            sent_us: t,
            recv_us: Some(t + self.latency),
            fate: Fate::Delivered,
            payload: Bytes::from(payload),
            rare: Some(Box::new(Rare {
                explain: "handmade".into(),
                ..Rare::default()
            })),
            ..Segment::default()
        });
        self.trace.end_us = self.trace.end_us.max(t + self.latency);
        id
    }

    pub fn last(&mut self) -> &mut Segment {
        self.trace.segments.last_mut().unwrap()
    }

    pub fn state(&mut self, t: u64, ep: &str, from: State, to: State, seg: Option<u32>) {
        self.trace.states.push(StateChange {
            at_us: t,
            endpoint: ep.into(),
            conn: Some(0),
            from,
            to,
            why: "handmade".into(),
            segment: seg,
            ..StateChange::default()
        });
    }
}

pub const REQ: &[u8] = b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n";
pub const RESP: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

/// The seed's connection: handshake with its ISNs, one GET, a response, and a close
/// started by the client. Latency 10 ms each way.
pub fn browse(ipv6: bool) -> Trace {
    use Flag::*;
    let (c, s) = if ipv6 {
        ("[2001:db8::116]:3337", "[2001:db8::123]:7788")
    } else {
        ("192.168.1.116:3337", "192.168.1.123:7788")
    };
    let mut b = Builder::new(c, s, 10_000);
    let ci = 3_626_544_836u32;
    let si = 1_739_326_486u32;
    let syn_opts = TcpOptions {
        mss: Some(1460),
        wscale: Some(7),
        sack_perm: true,
        sack: vec![],
        ts: Some((100, 0)),
    };
    b.seg(0, C, &[Syn], ci, None, b"", 64240);
    b.last().options = syn_opts.clone();
    b.state(0, C, State::Closed, State::SynSent, Some(0));
    b.state(10_000, S, State::Listen, State::SynReceived, Some(0));
    b.seg(10_000, S, &[Syn, Ack], si, Some(ci + 1), b"", 65160);
    b.last().options = TcpOptions {
        ts: Some((200, 100)),
        ..syn_opts
    };
    b.state(20_000, C, State::SynSent, State::Established, Some(1));
    b.seg(20_000, C, &[Ack], ci + 1, Some(si + 1), b"", 502);
    b.last().options.ts = Some((110, 200));
    b.state(30_000, S, State::SynReceived, State::Established, Some(2));
    b.seg(20_000, C, &[Psh, Ack], ci + 1, Some(si + 1), REQ, 502);
    b.last().options.ts = Some((110, 200));
    let r = REQ.len() as u32;
    b.seg(30_000, S, &[Ack], si + 1, Some(ci + 1 + r), b"", 509);
    b.last().options.ts = Some((210, 110));
    b.seg(30_000, S, &[Psh, Ack], si + 1, Some(ci + 1 + r), RESP, 509);
    b.last().options.ts = Some((210, 110));
    let p = RESP.len() as u32;
    b.seg(40_000, C, &[Ack], ci + 1 + r, Some(si + 1 + p), b"", 501);
    b.last().options.ts = Some((130, 210));
    b.seg(
        50_000,
        C,
        &[Fin, Ack],
        ci + 1 + r,
        Some(si + 1 + p),
        b"",
        501,
    );
    b.last().options.ts = Some((140, 210));
    b.state(50_000, C, State::Established, State::FinWait1, Some(7));
    b.state(60_000, S, State::Established, State::CloseWait, Some(7));
    b.seg(60_000, S, &[Ack], si + 1 + p, Some(ci + 2 + r), b"", 509);
    b.last().options.ts = Some((240, 140));
    b.state(70_000, C, State::FinWait1, State::FinWait2, Some(8));
    b.seg(
        60_000,
        S,
        &[Fin, Ack],
        si + 1 + p,
        Some(ci + 2 + r),
        b"",
        509,
    );
    b.last().options.ts = Some((240, 140));
    b.state(60_000, S, State::CloseWait, State::LastAck, Some(9));
    b.state(70_000, C, State::FinWait2, State::TimeWait, Some(9));
    b.seg(70_000, C, &[Ack], ci + 2 + r, Some(si + 2 + p), b"", 501);
    b.last().options.ts = Some((150, 240));
    b.state(80_000, S, State::LastAck, State::Closed, Some(10));
    b.trace
}

/// A request lost on the way and sent again after a 1 s timeout.
pub fn lost_request() -> Trace {
    use Flag::*;
    let mut b = Builder::new("10.0.0.1:40000", "10.0.0.2:80", 5_000);
    let (ci, si) = (1000u32, 5000u32);
    b.seg(0, C, &[Syn], ci, None, b"", 64240);
    b.state(0, C, State::Closed, State::SynSent, Some(0));
    b.state(5_000, S, State::Listen, State::SynReceived, Some(0));
    b.seg(5_000, S, &[Syn, Ack], si, Some(ci + 1), b"", 65160);
    b.state(10_000, C, State::SynSent, State::Established, Some(1));
    b.seg(10_000, C, &[Ack], ci + 1, Some(si + 1), b"", 64240);
    b.state(15_000, S, State::SynReceived, State::Established, Some(2));
    let lost = b.seg(10_000, C, &[Psh, Ack], ci + 1, Some(si + 1), REQ, 64240);
    {
        let s = b.last();
        s.fate = Fate::Dropped;
        s.recv_us = None;
        s.rare_mut().lost_us = Some(12_000);
    }
    let _ = lost;
    b.seg(1_010_000, C, &[Psh, Ack], ci + 1, Some(si + 1), REQ, 64240);
    b.last().analysis = vec![Analysis::Retransmission];
    let r = REQ.len() as u32;
    b.seg(
        1_015_000,
        S,
        &[Psh, Ack],
        si + 1,
        Some(ci + 1 + r),
        RESP,
        65160,
    );
    b.seg(
        1_020_000,
        C,
        &[Ack],
        ci + 1 + r,
        Some(si + 1 + RESP.len() as u32),
        b"",
        64240,
    );
    b.trace
}

/// A connection through a NAT: the client's private tuple on its side, the NAT's public
/// one on the server's; every segment passes the middlebox (`via`).
pub fn through_nat() -> Trace {
    use wiretrace_core::trace::{Hop, TupleView};
    use Flag::*;
    let mut b = Builder::new("192.168.1.10:5000", "198.51.100.7:80", 8_000);
    b.trace.connections[0].server_side = Some(TupleView {
        client: "203.0.113.1:40000".into(),
        server: "198.51.100.7:80".into(),
    });
    b.trace.endpoints.insert(
        1,
        Endpoint {
            id: "nat".into(),
            label: "NAT".into(),
            ip: "203.0.113.1".into(),
            role: Role::Middlebox,
            label_msg: None,
        },
    );
    let (ci, si) = (77u32, 99_000u32);
    b.seg(0, C, &[Syn], ci, None, b"", 64240);
    b.seg(8_000, S, &[Syn, Ack], si, Some(ci + 1), b"", 65160);
    b.seg(16_000, C, &[Ack], ci + 1, Some(si + 1), b"", 64240);
    b.seg(16_000, C, &[Psh, Ack], ci + 1, Some(si + 1), REQ, 64240);
    let r = REQ.len() as u32;
    b.seg(
        24_000,
        S,
        &[Psh, Ack],
        si + 1,
        Some(ci + 1 + r),
        RESP,
        65160,
    );
    b.seg(
        32_000,
        C,
        &[Rst, Ack],
        ci + 1 + r,
        Some(si + 1 + RESP.len() as u32),
        b"",
        0,
    );
    for s in &mut b.trace.segments {
        let to_server = s.from == C;
        s.rare_mut().via = vec![Hop {
            endpoint: "nat".into(),
            at_us: s.sent_us + 4_000,
            src: if to_server {
                "203.0.113.1:40000".into()
            } else {
                s.src.to_string()
            },
            dst: if to_server {
                s.dst.to_string()
            } else {
                "192.168.1.10:5000".into()
            },
            action: HopAction::Forwarded,
        }];
    }
    b.state(0, C, State::Closed, State::SynSent, Some(0));
    b.state(8_000, S, State::Listen, State::SynReceived, Some(0));
    b.state(16_000, C, State::SynSent, State::Established, Some(1));
    b.state(24_000, S, State::SynReceived, State::Established, Some(2));
    b.state(32_000, C, State::Established, State::Closed, Some(5));
    b.state(40_000, S, State::Established, State::Closed, Some(5));
    b.trace
}

/// Hand-built traces the tests run on besides the engine's scenarios.
pub fn handmade() -> Vec<(&'static str, Trace)> {
    vec![
        ("browse-v4", browse(false)),
        ("browse-v6", browse(true)),
        ("lost-request", lost_request()),
        ("through-nat", through_nat()),
    ]
}

/// Every trace to test: hand-built ones and every scenario of the engine (with defaults).
pub fn all_traces() -> Vec<(String, Trace)> {
    let mut out: Vec<(String, Trace)> = handmade()
        .into_iter()
        .map(|(n, t)| (n.to_owned(), t))
        .collect();
    for s in wiretrace_core::scenario::list() {
        match wiretrace_core::scenario::run(s.id, &[]) {
            Ok(t) => out.push((s.id.to_owned(), t)),
            Err(e) => panic!("scenario {} does not run with its defaults: {e}", s.id),
        }
    }
    out
}

/// A temporary file path under the target directory.
pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wiretrace-capture-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(bytes).unwrap();
    path
}

/// One TCP/UDP frame as tshark reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TsharkRow {
    pub frame: u64,
    pub time_us: u64,
    pub proto: Proto,
    pub flags: u8,
    pub seq: u32,
    pub ack: Option<u32>,
    pub len: u32,
    /// `tcp.analysis.*` names present (without the prefix), sorted.
    pub analysis: Vec<String>,
    /// Highest expert severity on the frame: 0 none, 1 chat, 2 note, 3 warning, 4 error.
    pub severity: u8,
    pub expert: Vec<String>,
}

const ANALYSIS_FIELDS: [&str; 14] = [
    "retransmission",
    "fast_retransmission",
    "spurious_retransmission",
    "out_of_order",
    "lost_segment",
    "ack_lost_segment",
    "window_update",
    "window_full",
    "keep_alive",
    "keep_alive_ack",
    "duplicate_ack",
    "zero_window",
    "zero_window_probe",
    "zero_window_probe_ack",
];

/// The variable that lets the tshark checks be skipped on a machine without tshark.
pub const SKIP_TSHARK: &str = "WIRETRACE_SKIP_TSHARK";

/// Whether the tshark checks run. tshark is the only independent reader of our pcap
/// writer and analysis tags, so a missing tshark fails the test instead of passing it
/// silently, unless `WIRETRACE_SKIP_TSHARK=1` says to skip on purpose.
pub fn tshark_required() -> bool {
    let found = Command::new("tshark")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    let skip = std::env::var(SKIP_TSHARK).is_ok_and(|v| v == "1");
    assert!(
        skip,
        "tshark is not installed: install it (./scripts/test does, or apt-get install \
         tshark), or set {SKIP_TSHARK}=1 to skip the checks against tshark"
    );
    println!("NOTICE: {SKIP_TSHARK}=1 and no tshark: the checks against tshark are skipped");
    false
}

/// Tells how many frames tshark agreed on: printed (seen with `--nocapture`) and, when
/// `WIRETRACE_TSHARK_REPORT` names a file, appended to it as `<check>\t<frames>` so that
/// ./scripts/test can print the figure and check that the comparison ran.
pub fn report_tshark_frames(check: &str, frames: usize) {
    println!("tshark agreed with {check} on {frames} frames");
    if let Ok(path) = std::env::var("WIRETRACE_TSHARK_REPORT") {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .expect("the tshark report file opens");
        writeln!(f, "{check}\t{frames}").expect("the tshark report is written");
    }
}

/// Reads a capture with tshark: absolute numbers, checksums verified.
pub fn tshark(path: &std::path::Path) -> Vec<TsharkRow> {
    let (rows, ok, stderr) = tshark_run(path);
    assert!(ok, "tshark failed on {}: {stderr}", path.display());
    rows
}

/// Reads a capture that may be cut short or damaged with tshark: the frames it read
/// (none when it could not read the file), and its complaint on stderr if any.
pub fn tshark_lenient(path: &std::path::Path) -> (Vec<TsharkRow>, String) {
    let (rows, _, stderr) = tshark_run(path);
    (rows, stderr)
}

/// tshark's reading: the rows, whether it exited 0, its stderr.
fn tshark_run(path: &std::path::Path) -> (Vec<TsharkRow>, bool, String) {
    let mut cmd = Command::new("tshark");
    cmd.arg("-r").arg(path).args([
        "-o",
        "tcp.relative_sequence_numbers:FALSE",
        "-o",
        "tcp.check_checksum:TRUE",
        "-o",
        "ip.check_checksum:TRUE",
        "-o",
        "udp.check_checksum:TRUE",
        "-T",
        "fields",
        "-E",
        "separator=\t",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=|",
        "-e",
        "frame.number",
        "-e",
        "frame.time_epoch",
        "-e",
        "tcp.flags",
        "-e",
        "tcp.seq",
        "-e",
        "tcp.ack",
        "-e",
        "tcp.len",
        "-e",
        "udp.length",
        "-e",
        "_ws.expert.severity",
        "-e",
        "_ws.expert.message",
    ]);
    for f in ANALYSIS_FIELDS {
        cmd.arg("-e").arg(format!("tcp.analysis.{f}"));
    }
    let out = cmd.output().expect("tshark runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = Vec::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| cols.get(i).copied().unwrap_or("");
        let is_tcp = !get(2).is_empty();
        let is_udp = !get(6).is_empty();
        if !is_tcp && !is_udp {
            continue;
        }
        let time: f64 = get(1).parse().unwrap_or(0.0);
        let mut analysis: Vec<String> = ANALYSIS_FIELDS
            .iter()
            .enumerate()
            .filter(|(i, _)| !get(9 + i).is_empty())
            .map(|(_, f)| (*f).to_owned())
            .collect();
        analysis.sort();
        let severity = get(7)
            .split('|')
            .filter_map(|s| s.parse::<u32>().ok())
            .map(|s| match s {
                0x0020_0000 => 1,
                0x0040_0000 => 2,
                0x0060_0000 => 3,
                0x0080_0000 => 4,
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        let flags = u8::from_str_radix(get(2).trim_start_matches("0x").trim_start_matches("0"), 16)
            .unwrap_or(0);
        rows.push(TsharkRow {
            frame: get(0).parse().unwrap(),
            time_us: (time * 1e6).round() as u64,
            proto: if is_tcp { Proto::Tcp } else { Proto::Udp },
            flags,
            seq: get(3).parse().unwrap_or(0),
            ack: if flags & 0x10 != 0 {
                get(4).parse().ok()
            } else {
                None
            },
            len: if is_tcp {
                get(5).parse().unwrap_or(0)
            } else {
                get(6).parse::<u32>().unwrap_or(8) - 8
            },
            analysis,
            severity,
            expert: get(8)
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        });
    }
    (rows, out.status.success(), stderr)
}

/// The tshark names a Trace analysis tag stands for (Wireshark also marks fast and
/// spurious retransmissions as retransmissions).
pub fn tshark_names(a: &Analysis) -> &'static [&'static str] {
    match a {
        Analysis::Retransmission => &["retransmission"],
        Analysis::FastRetransmission => &["fast_retransmission", "retransmission"],
        Analysis::SpuriousRetransmission => &["spurious_retransmission", "retransmission"],
        Analysis::DuplicateAck => &["duplicate_ack"],
        Analysis::KeepAlive => &["keep_alive"],
        Analysis::KeepAliveAck => &["keep_alive_ack"],
        Analysis::ZeroWindow => &["zero_window"],
        Analysis::ZeroWindowProbe => &["zero_window_probe"],
        Analysis::ZeroWindowProbeAck => &["zero_window_probe_ack"],
        Analysis::WindowUpdate => &["window_update"],
        Analysis::WindowFull => &["window_full"],
        Analysis::OutOfOrder => &["out_of_order"],
        Analysis::LostSegment => &["lost_segment"],
        Analysis::AckedUnseen => &["ack_lost_segment"],
    }
}

/// The sorted tshark names of a list of tags.
pub fn tshark_set(tags: &[Analysis]) -> Vec<String> {
    let mut v: Vec<String> = tags
        .iter()
        .flat_map(|a| tshark_names(a).iter().map(|s| (*s).to_owned()))
        .collect();
    v.sort();
    v.dedup();
    v
}
