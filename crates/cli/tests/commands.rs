//! The `wiretrace` binary as a user (and the browser tests, which use it as their oracle)
//! runs it: every mistake is one line on stderr and exit code 2; `--side`, `import --list`,
//! `--conn` and `--from`/`--to` give what an independent reading says they should: the
//! pcap's own records, tshark's committed reading of the real captures, and the Trace.

use std::path::PathBuf;
use std::process::{Command, Output};

use wiretrace_core::trace::{Fate, Flag, Trace};

fn capture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/captures")
        .join(name)
}

/// Runs the binary; a backtrace, if any panic happened, would show on stderr.
fn wiretrace(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wiretrace"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the binary runs")
}

/// Runs the binary, expecting success; returns stdout.
fn ok(args: &[&str]) -> Vec<u8> {
    let out = wiretrace(args);
    assert!(
        out.status.success(),
        "wiretrace {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn json(args: &[&str]) -> Trace {
    serde_json::from_slice(&ok(args)).expect("a JSON Trace")
}

/// The records of a classic pcap, read by hand: (microseconds, captured bytes).
fn pcap_records(bytes: &[u8]) -> Vec<(u64, Vec<u8>)> {
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
    assert_eq!(u32_at(0), 0xa1b2_c3d4, "a little-endian microsecond pcap");
    let mut at = 24;
    let mut out = Vec::new();
    while at < bytes.len() {
        let us = u64::from(u32_at(at)) * 1_000_000 + u64::from(u32_at(at + 4));
        let len = u32_at(at + 8) as usize;
        out.push((us, bytes[at + 16..at + 16 + len].to_vec()));
        at += 16 + len;
    }
    out
}

/// One row of a committed tshark reading (`*.tshark.tsv`): flags, seq, ack, len.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    flags: u8,
    seq: u32,
    ack: Option<u32>,
    len: u32,
}

fn tshark_rows(name: &str) -> Vec<Row> {
    let text = std::fs::read_to_string(capture(name)).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            // tshark's 12-bit tcp.flags; the low eight are the classic ones.
            let flags = u16::from_str_radix(c[1].trim_start_matches("0x"), 16).unwrap() as u8;
            let ack = (flags & 0x10 != 0).then(|| c[3].parse().unwrap());
            Row {
                flags,
                seq: c[2].parse().unwrap(),
                ack,
                len: c[4].parse().unwrap(),
            }
        })
        .collect()
}

fn rows_of(t: &Trace) -> Vec<Row> {
    t.segments
        .iter()
        .map(|s| Row {
            flags: Flag::to_bits(&s.flags),
            seq: s.seq,
            ack: s.ack,
            len: s.len,
        })
        .collect()
}

#[test]
fn every_mistake_is_one_line_on_stderr_and_exit_code_2() {
    let dir = std::env::temp_dir().join(format!("wiretrace-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A pcap header that promises a packet, then a record header cut short.
    let broken = dir.join("broken.pcap");
    let mut bytes = capture("single-get.pcap")
        .to_str()
        .map(std::fs::read)
        .unwrap()
        .unwrap();
    bytes.truncate(24 + 6);
    std::fs::write(&broken, &bytes).unwrap();
    let broken = broken.to_str().unwrap();
    let two = capture("http10-two-conns.pcap");
    let two = two.to_str().unwrap();
    let missing = dir.join("no-such.pcap");
    let missing = missing.to_str().unwrap();
    // A pcap of its file header alone: a capture started and stopped at once.
    let header = dir.join("header.pcap");
    std::fs::write(&header, &bytes[..24]).unwrap();
    let header = header.to_str().unwrap();
    let plot = ["run", "slow-start", "--format", "svg", "--plot", "cwnd"];
    let cases: [(&[&str], &str); 26] = [
        (&["run", "nope"], "nope"),
        (&["run", "browse", "--set", "latency_ms=-5"], "latency_ms"),
        (&["run", "browse", "--set", "no.such.key=1"], "no.such.key"),
        (&["run", "browse", "--set", "latency_ms"], "latency_ms"),
        (
            &["run", "handshake", "--set", "client.isn=4294967296"],
            "client.isn",
        ),
        (&["run", "browse", "--format", "xml"], "xml"),
        (&["run", "browse", "--max-segments", "0"], "--max-segments"),
        (&["run", "browse", "--max-segments", "many"], "many"),
        (&["import", missing], "no-such.pcap"),
        (&["import", broken], "broken.pcap"),
        (&["import", two, "--conn", "7"], "7"),
        (&["import", two, "--max-segments", "0"], "--max-segments"),
        (&["import", header], "only its header"),
        (&["import", header, "--list"], "only its header"),
        (&["import", two, "--from=-1"], "--from"),
        (&["import", two, "--from", "0.015", "--to", "0.01"], "--to"),
        // Past the capture's end (it spans 0.019899 s): nothing to draw, said so.
        (&["import", two, "--from", "100"], "100 s or more"),
        // Past what a capture's times can be: refused, not saturated to another number.
        (
            &["import", two, "--from", "1e15"],
            "from 0 to 1125899906, got 1000000000000000",
        ),
        (&["launch"], "launch"),
        (&[&plot[..], &["--plot-range", "5..x"]].concat(), "\"x\""),
        (&[&plot[..], &["--plot-range", "50..10"]].concat(), "50..10"),
        (
            &[&plot[..], &["--plot-range", "9000..9500"]].concat(),
            "9000..9500",
        ),
        (&[&plot[..], &["--plot-conn", "3"]].concat(), "connection 3"),
        (
            &["run", "handshake", "--plot-range", "5..10"],
            "--plot <PLOT>",
        ),
        (&["run", "handshake", "--narrow"], "--narrow"),
        (&[&plot[..], &["--narrow"]].concat(), "--narrow"),
    ];
    for (args, culprit) in cases {
        let out = wiretrace(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "wiretrace {args:?}: {err}");
        assert!(out.stdout.is_empty(), "wiretrace {args:?} wrote to stdout");
        assert!(
            err.ends_with('\n') && err.matches('\n').count() == 1,
            "wiretrace {args:?}: one line on stderr, got {err:?}"
        );
        assert!(
            err.contains(culprit),
            "wiretrace {args:?} names {culprit}: {err:?}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err:?}"
        );
    }
    // A broken capture is located: the byte where it goes wrong (after the 24-byte header).
    let out = wiretrace(&["import", broken]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("at byte 24"));
}

/// `--narrow` draws the figure the page draws on a phone: the same arrows, in narrow
/// columns (the root says `wt-compact`), narrower than the wide one.
#[test]
fn narrow_draws_the_same_arrows_in_a_narrower_figure() {
    let width = |svg: &str| -> f64 {
        let at = svg.find(" width=\"").unwrap() + 8;
        svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
    };
    let ids = |svg: &str| -> Vec<String> {
        svg.split("data-segment-id=\"")
            .skip(1)
            .map(|r| r[..r.find('"').unwrap()].to_owned())
            .collect()
    };
    for lang in ["en", "zh"] {
        let wide =
            String::from_utf8(ok(&["run", "browse", "--format", "svg", "--lang", lang])).unwrap();
        let narrow = String::from_utf8(ok(&[
            "run", "browse", "--format", "svg", "--lang", lang, "--narrow",
        ]))
        .unwrap();
        assert!(
            narrow.contains("class=\"wt wt-figure wt-compact\""),
            "{lang}"
        );
        let root = |svg: &str| {
            svg[svg.find("<svg").unwrap()..]
                .split('>')
                .next()
                .unwrap()
                .to_owned()
        };
        assert!(!root(&wide).contains("wt-compact"), "{lang}");
        assert_eq!(ids(&narrow), ids(&wide), "{lang}: the same arrows");
        assert!(ids(&wide).len() >= 10);
        assert!(
            width(&narrow) < 0.6 * width(&wide),
            "{lang}: {} against {}",
            width(&narrow),
            width(&wide)
        );
    }
}

/// `run --max-segments N` stops the run after N segments with its `run-truncated` event,
/// and the run up to there is the uncut run's start; a run shorter than N is whole.
#[test]
fn max_segments_cuts_a_run_where_it_says() {
    let whole = json(&["run", "browse", "--format", "json"]);
    let cut = json(&["run", "browse", "--format", "json", "--max-segments", "5"]);
    assert_eq!(cut.segments.len(), 5);
    assert!(cut
        .events
        .iter()
        .any(|e| e.kind == wiretrace_core::trace::EventKind::RunTruncated));
    for (a, b) in cut.segments.iter().zip(&whole.segments) {
        assert_eq!(
            (a.seq, a.ack, a.len, a.sent_us),
            (b.seq, b.ack, b.len, b.sent_us)
        );
    }
    for n in [whole.segments.len(), whole.segments.len() + 1] {
        let n = n.to_string();
        let same = json(&["run", "browse", "--format", "json", "--max-segments", &n]);
        assert_eq!(
            same, whole,
            "a cap the run does not pass ({n}) changes nothing"
        );
    }
}

/// A reader that stops early (`| head`, `| true`) closes the pipe: the CLI still exits 0,
/// with no panic and nothing on stderr (Rust's `print!` would panic on the closed pipe).
#[test]
fn a_closed_pipe_is_no_failure() {
    for args in [
        "run --help",
        "--help",
        "list",
        "run browse",
        "run browse --format json",
    ] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "{{ sleep 0.3; \"$0\" {args}; echo \"exit $?\" >&2; }} | true"
            ))
            .arg(env!("CARGO_BIN_EXE_wiretrace"))
            .output()
            .expect("sh runs");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "exit 0\n",
            "wiretrace {args} into a closed pipe"
        );
    }
}

#[test]
fn side_server_shows_what_crossed_the_server_s_wire() {
    // browse with its request (segment 3) lost on the way: the client's wire carries every
    // segment, the server's all but that one, and each frame at its own side's time.
    let args = ["run", "browse", "--set", "drop=3"];
    let trace = json(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(trace.segments[3].fate, Fate::Dropped);
    let client = pcap_records(&ok(&[&args[..], &["--format", "pcap"]].concat()));
    let server = pcap_records(&ok(
        &[&args[..], &["--format", "pcap", "--side", "server"]].concat()
    ));
    let client_times: Vec<u64> = client.iter().map(|r| r.0).collect();
    let server_times: Vec<u64> = server.iter().map(|r| r.0).collect();
    let mut want_client = Vec::new();
    let mut want_server = Vec::new();
    for s in &trace.segments {
        let (near, far) = if s.from == "client" {
            (Some(s.sent_us), s.recv_us)
        } else {
            (s.recv_us, Some(s.sent_us))
        };
        want_client.extend(near);
        want_server.extend(far);
    }
    want_client.sort_unstable();
    want_server.sort_unstable();
    assert_eq!(
        client_times, want_client,
        "client side: when each frame passed"
    );
    assert_eq!(
        server_times, want_server,
        "server side: when each frame passed"
    );
    assert_eq!(server.len(), trace.segments.len() - 1);
    // Behind a NAT, the server's side shows the rewritten client address.
    let args = ["run", "middlebox-idle-timeout", "--set", "mb.kind=nat"];
    let trace = json(&[&args[..], &["--format", "json"]].concat());
    let conn = &trace.connections[0];
    let outside = conn
        .server_side
        .as_ref()
        .expect("the NAT rewrote the tuple");
    assert_ne!(outside.client, conn.client);
    let ipv4 = |addr: &str| -> [u8; 4] {
        let ip: std::net::SocketAddrV4 = addr.parse().unwrap();
        ip.ip().octets()
    };
    for (side, client_ip) in [
        ("client", ipv4(&conn.client)),
        ("server", ipv4(&outside.client)),
    ] {
        let records = pcap_records(&ok(
            &[&args[..], &["--format", "pcap", "--side", side]].concat()
        ));
        let first = &records[0].1;
        // Ethernet (14 bytes), then IPv4: the SYN's source address at offset 12.
        assert_eq!(
            first[14 + 12..14 + 16],
            client_ip,
            "{side} side: the SYN's source"
        );
    }
}

#[test]
fn import_list_conn_from_and_to_agree_with_tshark_and_the_records() {
    let file = capture("http10-two-conns.pcap");
    let file = file.to_str().unwrap();
    let rows = tshark_rows("http10-two-conns.tshark.tsv");
    let records = pcap_records(&std::fs::read(file).unwrap());
    assert_eq!(rows.len(), records.len());
    // Each bare SYN (tshark flags 0x002) starts a connection; here they follow each other.
    let starts: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].flags == 0x02).collect();
    assert_eq!(starts.len(), 2);
    let (first, second) = (&rows[..starts[1]], &rows[starts[1]..]);
    let t0 = records[0].0;
    let secs = |us: u64| format!("{:.6}", (us - t0) as f64 / 1e6);

    // --list: the packets, the connections, and each one's packets and time span.
    let list = String::from_utf8(ok(&["import", file, "--list"])).unwrap();
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert!(
        lines[0].starts_with(&format!(
            "http10-two-conns.pcap (pcap): {} packets, 2 connections, {} s",
            rows.len(),
            secs(records.last().unwrap().0)
        )),
        "{list}"
    );
    // One of a thing is counted in the singular.
    let single = capture("single-get.pcap");
    let single = String::from_utf8(ok(&["import", single.to_str().unwrap(), "--list"])).unwrap();
    assert!(
        single.starts_with("single-get.pcap (pcap): 12 packets, 1 connection, "),
        "{single}"
    );
    for (k, (range, line)) in [(0..starts[1], lines[1]), (starts[1]..rows.len(), lines[2])]
        .into_iter()
        .enumerate()
    {
        let span = format!("{} packets, ", range.len());
        assert!(
            line.trim_start().starts_with(&format!("{k}  tcp  ")),
            "{line}"
        );
        assert!(line.contains(&span), "{line}");
        assert!(
            line.contains(&format!(
                "{}..{} s",
                secs(records[range.start].0),
                secs(records[range.end - 1].0)
            )),
            "{line}"
        );
    }

    // --conn N keeps connection N only; both together are the whole file.
    assert_eq!(
        rows_of(&json(&["import", file, "--conn", "0", "--format", "json"])),
        first
    );
    assert_eq!(
        rows_of(&json(&["import", file, "--conn", "1", "--format", "json"])),
        second
    );
    assert_eq!(
        rows_of(&json(&[
            "import", file, "--conn", "1", "--conn", "0", "--format", "json"
        ])),
        rows
    );

    // --from / --to keep the packets inside the range (seconds after the first packet).
    let mid = (records[starts[1] - 1].0 + records[starts[1]].0) / 2 - t0;
    let from = format!("{:.6}", mid as f64 / 1e6);
    assert_eq!(
        rows_of(&json(&[
            "import", file, "--from", &from, "--format", "json"
        ])),
        second,
        "--from {from}: the second connection only"
    );
    let to_us = 10_000;
    let before: Vec<Row> = rows
        .iter()
        .zip(&records)
        .filter(|(_, r)| r.0 - t0 <= to_us)
        .map(|(row, _)| row.clone())
        .collect();
    assert!(!before.is_empty() && before.len() < first.len());
    assert_eq!(
        rows_of(&json(&["import", file, "--to", "0.01", "--format", "json"])),
        before,
        "--to 0.01: the packets of the first 10 ms"
    );
}
