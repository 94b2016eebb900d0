//! Import speed on a generated capture: HTTP downloads over many connections (handshake,
//! GET, 1448-byte data segments acked every second segment, close), written with
//! `to_pcap`. Reports MB/s (bytes of file) and packets/s for the index pass and the
//! extraction pass.
//!
//! `WIRETRACE_BENCH_PCAP=/tmp/big.pcap WIRETRACE_BENCH_MB=100 cargo bench -p
//! wiretrace-capture --bench import` also writes a file of that size for comparing with
//! `tshark -r` and measuring peak memory with `/usr/bin/time -v wiretrace import ...`.

use criterion::{criterion_group, Criterion, Throughput};
use wiretrace_capture::{to_pcap, Extractor, Indexer, Selection, Side};
use wiretrace_core::trace::{Connection, Endpoint, Fate, Flag, Proto, Role, Segment, Trace};

/// A trace of `conns` downloads of `segs` data segments each.
fn downloads(conns: u32, segs: u32) -> Trace {
    let mut t = Trace::new(Some("bench".into()), None);
    t.endpoints = vec![
        Endpoint {
            id: "client".into(),
            label: "Client".into(),
            ip: "10.0.0.1".into(),
            role: Role::Client,
            label_msg: None,
        },
        Endpoint {
            id: "server".into(),
            label: "Server".into(),
            ip: "10.0.0.2".into(),
            role: Role::Server,
            label_msg: None,
        },
    ];
    let mut now = 0u64;
    for c in 0..conns {
        let client = format!("10.0.0.1:{}", 20000 + c);
        let server = "10.0.0.2:80".to_owned();
        t.connections.push(Connection {
            id: c,
            proto: Proto::Tcp,
            client: client.clone(),
            server: server.clone(),
            client_endpoint: "client".into(),
            server_endpoint: "server".into(),
            server_side: None,
        });
        let (ci, si) = (1000u32.wrapping_mul(c + 1), 7_000_000u32.wrapping_add(c));
        let mut push = |from_client: bool,
                        flags: &[Flag],
                        seq: u32,
                        ack: Option<u32>,
                        len: u32,
                        payload: &[u8]| {
            let id = t.segments.len() as u32;
            let (from, to, src, dst) = if from_client {
                ("client", "server", client.clone(), server.clone())
            } else {
                ("server", "client", server.clone(), client.clone())
            };
            t.segments.push(Segment {
                id,
                conn: c,
                proto: Proto::Tcp,
                from: from.into(),
                to: to.into(),
                src: src.into(),
                dst: dst.into(),
                flags: flags.into(),
                seq,
                ack,
                len,
                window: 65535,
                sent_us: now,
                recv_us: Some(now + 500),
                fate: Fate::Delivered,
                payload: wiretrace_core::trace::Bytes::from(payload),
                ..Segment::default()
            });
            now += 20;
        };
        use Flag::*;
        let req = b"GET /file HTTP/1.1\r\nHost: bench\r\n\r\n";
        let body = u64::from(segs) * 1448;
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body - 40);
        push(true, &[Syn], ci, None, 0, b"");
        push(false, &[Syn, Ack], si, Some(ci + 1), 0, b"");
        push(true, &[Ack], ci + 1, Some(si + 1), 0, b"");
        push(
            true,
            &[Psh, Ack],
            ci + 1,
            Some(si + 1),
            req.len() as u32,
            req,
        );
        let cseq = ci + 1 + req.len() as u32;
        let mut sseq = si + 1;
        for k in 0..segs {
            let p: &[u8] = if k == 0 { head.as_bytes() } else { b"" };
            push(false, &[Ack], sseq, Some(cseq), 1448, p);
            sseq = sseq.wrapping_add(1448);
            if k % 2 == 1 {
                push(true, &[Ack], cseq, Some(sseq), 0, b"");
            }
        }
        push(true, &[Fin, Ack], cseq, Some(sseq), 0, b"");
        push(false, &[Fin, Ack], sseq, Some(cseq + 1), 0, b"");
        push(true, &[Ack], cseq + 1, Some(sseq + 1), 0, b"");
    }
    t.end_us = now + 500;
    t
}

/// About `mb` megabytes of pcap.
fn capture(mb: u64) -> Vec<u8> {
    // One connection of 200 data segments is about 0.32 MB.
    let conns = ((mb * 1_000_000) / 320_000).max(1) as u32;
    to_pcap(&downloads(conns, 200), Side::Client)
}

fn bench(c: &mut Criterion) {
    let pcap = capture(16);
    let packets = {
        let mut ix = Indexer::new("b.pcap");
        ix.feed(&pcap).unwrap();
        ix.finish().unwrap().packets
    };
    println!(
        "generated capture: {:.1} MB, {packets} packets",
        pcap.len() as f64 / 1e6
    );
    for (unit, tp) in [
        ("bytes", Throughput::Bytes(pcap.len() as u64)),
        ("packets", Throughput::Elements(packets)),
    ] {
        let mut g = c.benchmark_group(format!("import-{unit}"));
        g.sample_size(10);
        g.throughput(tp);
        g.bench_function("index pass", |b| {
            b.iter(|| {
                let mut ix = Indexer::new("b.pcap");
                for chunk in pcap.chunks(1 << 20) {
                    ix.feed(chunk).unwrap();
                }
                ix.finish().unwrap()
            })
        });
        g.bench_function("extract one connection", |b| {
            b.iter(|| {
                let mut ex = Extractor::new("b.pcap", Selection::connection(3));
                for chunk in pcap.chunks(1 << 20) {
                    ex.feed(chunk).unwrap();
                }
                ex.finish().unwrap()
            })
        });
        g.bench_function("extract all (20000-segment cap)", |b| {
            b.iter(|| {
                let mut ex = Extractor::new("b.pcap", Selection::all());
                for chunk in pcap.chunks(1 << 20) {
                    ex.feed(chunk).unwrap();
                }
                ex.finish().unwrap()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);

fn main() {
    if let Ok(path) = std::env::var("WIRETRACE_BENCH_PCAP") {
        let mb = std::env::var("WIRETRACE_BENCH_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100);
        let bytes = capture(mb);
        std::fs::write(&path, &bytes).expect("write the generated capture");
        println!("wrote {path}: {} bytes", bytes.len());
        return;
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
