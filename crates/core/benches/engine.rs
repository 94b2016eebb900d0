//! Simulated segments per second for a long transfer: `cargo bench -p wiretrace-core`.
//!
//! The workload is the `browse` scenario fetching a large page (every segment recorded in
//! the Trace with its explanation, as the page and the CLI get it), and the same transfer
//! over a lossy link (retransmissions, out-of-order reassembly). Criterion prints the
//! throughput in segments per second ("elem/s").
//!
//! It also measures the TCP alone, without the simulator and the Trace: two endpoints
//! moving 8 MB over an instant link, and the same workload through two smoltcp sockets
//! (the roadmap asks for at least smoltcp's throughput).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{criterion_group, Criterion, Throughput};
    use wiretrace_core::scenario;

    fn transfer(c: &mut Criterion) {
        let mut group = c.benchmark_group("engine");
        group.sample_size(10);
        for (name, params) in [
            ("browse 4 MB", vec![("body_bytes", "4000000")]),
            (
                "browse 4 MB, 1% loss",
                vec![
                    ("body_bytes", "4000000"),
                    ("loss", "0.01"),
                    ("sack", "true"),
                ],
            ),
        ] {
            let trace = scenario::run_with("browse", &params).expect("the workload runs");
            let segments = trace.segments.len() as u64;
            println!("{name}: {segments} segments per run");
            group.throughput(Throughput::Elements(segments));
            group.bench_function(name, |b| {
                b.iter(|| scenario::run_with("browse", &params).expect("runs"))
            });
        }
        group.finish();
    }

    const BULK: usize = 8 << 20;

    /// Our two endpoints move `BULK` bytes; returns the segments exchanged.
    fn ours_bulk() -> u64 {
        use wiretrace_core::tcp::{Endpoint, SeqNum, TcpConfig};
        let (ca, sa) = (
            "10.0.0.1:40000".parse().unwrap(),
            "10.0.0.2:80".parse().unwrap(),
        );
        let cfg = TcpConfig::default();
        let mut c = Endpoint::new(cfg, ca);
        let mut s = Endpoint::new(cfg, sa);
        s.listen(0, SeqNum(7)).unwrap();
        c.connect(0, sa, SeqNum(u32::MAX - 5)).unwrap();
        let data = vec![0x5a; 64 << 10];
        let (mut written, mut read, mut segments, mut now) = (0, 0, 0u64, 0u64);
        while read < BULK {
            now += 100;
            if c.state() == wiretrace_core::tcp::State::Established
                && written < BULK
                && c.send_queue() < (1 << 20)
            {
                let n = (BULK - written).min(data.len());
                written += c.send(now, &data[..n]).unwrap();
            }
            while let Some(t) = c.poll_transmit(now) {
                segments += 1;
                s.handle_segment(now, &t.seg);
            }
            read += s.recv(now, usize::MAX).len();
            while let Some(t) = s.poll_transmit(now) {
                segments += 1;
                c.handle_segment(now, &t.seg);
            }
            while c.poll_event().is_some() {}
            while s.poll_event().is_some() {}
        }
        segments
    }

    /// The same workload through smoltcp.
    fn smoltcp_bulk() -> u64 {
        use smoltcp::iface::{Config, Interface, SocketSet};
        use smoltcp::phy::{self, Device, DeviceCapabilities, Medium};
        use smoltcp::socket::tcp;
        use smoltcp::time::Instant;
        use smoltcp::wire::{HardwareAddress, IpAddress, IpCidr};
        use std::collections::VecDeque;

        #[derive(Default)]
        struct Q {
            rx: VecDeque<Vec<u8>>,
            tx: VecDeque<Vec<u8>>,
        }
        struct Rx(Vec<u8>);
        struct Tx<'a>(&'a mut VecDeque<Vec<u8>>);
        impl phy::RxToken for Rx {
            fn consume<R, F: FnOnce(&[u8]) -> R>(self, f: F) -> R {
                f(&self.0)
            }
        }
        impl phy::TxToken for Tx<'_> {
            fn consume<R, F: FnOnce(&mut [u8]) -> R>(self, len: usize, f: F) -> R {
                let mut b = vec![0; len];
                let r = f(&mut b);
                self.0.push_back(b);
                r
            }
        }
        impl Device for Q {
            type RxToken<'a> = Rx;
            type TxToken<'a> = Tx<'a>;
            fn receive(&mut self, _: Instant) -> Option<(Rx, Tx<'_>)> {
                let p = self.rx.pop_front()?;
                Some((Rx(p), Tx(&mut self.tx)))
            }
            fn transmit(&mut self, _: Instant) -> Option<Tx<'_>> {
                Some(Tx(&mut self.tx))
            }
            fn capabilities(&self) -> DeviceCapabilities {
                let mut c = DeviceCapabilities::default();
                c.medium = Medium::Ip;
                c.max_transmission_unit = 1500;
                c
            }
        }
        let mk = |ip: IpAddress| {
            let mut dev = Q::default();
            let mut iface = Interface::new(
                Config::new(HardwareAddress::Ip),
                &mut dev,
                Instant::from_millis(0),
            );
            iface.update_ip_addrs(|a| a.push(IpCidr::new(ip, 24)).unwrap());
            let mut sock = tcp::Socket::new(
                tcp::SocketBuffer::new(vec![0; 64240]),
                tcp::SocketBuffer::new(vec![0; 1 << 20]),
            );
            sock.set_ack_delay(None);
            sock.set_nagle_enabled(false);
            let mut set = SocketSet::new(vec![]);
            let h = set.add(sock);
            (dev, iface, set, h)
        };
        let (cip, sip) = (IpAddress::v4(10, 0, 0, 1), IpAddress::v4(10, 0, 0, 2));
        let (mut cd, mut ci, mut cs, ch) = mk(cip);
        let (mut sd, mut si, mut ss, sh) = mk(sip);
        ss.get_mut::<tcp::Socket>(sh).listen(80).unwrap();
        ci.context();
        let cx = ci.context();
        cs.get_mut::<tcp::Socket>(ch)
            .connect(cx, (sip, 80), 40000)
            .unwrap();
        let data = vec![0x5a; 64 << 10];
        let mut buf = vec![0; 1 << 20];
        let (mut written, mut read, mut segments, mut now) = (0, 0, 0u64, 0i64);
        while read < BULK {
            now += 1;
            let t = Instant::from_micros(now * 100);
            {
                let c = cs.get_mut::<tcp::Socket>(ch);
                if c.may_send() && written < BULK {
                    let n = (BULK - written).min(data.len());
                    written += c.send_slice(&data[..n]).unwrap();
                }
            }
            ci.poll(t, &mut cd, &mut cs);
            segments += cd.tx.len() as u64;
            sd.rx.extend(cd.tx.drain(..));
            si.poll(t, &mut sd, &mut ss);
            {
                let s = ss.get_mut::<tcp::Socket>(sh);
                while s.can_recv() {
                    read += s.recv_slice(&mut buf).unwrap();
                }
            }
            si.poll(t, &mut sd, &mut ss);
            segments += sd.tx.len() as u64;
            cd.rx.extend(sd.tx.drain(..));
        }
        segments
    }

    fn tcp_only(c: &mut Criterion) {
        let mut group = c.benchmark_group("tcp only, 8 MB");
        group.sample_size(10);
        let ours = ours_bulk();
        let smol = smoltcp_bulk();
        println!("tcp only: ours {ours} segments, smoltcp {smol} segments per run");
        group.throughput(Throughput::Elements(ours));
        group.bench_function("wiretrace endpoints", |b| b.iter(ours_bulk));
        group.throughput(Throughput::Elements(smol));
        group.bench_function("smoltcp sockets", |b| b.iter(smoltcp_bulk));
        group.finish();
    }

    criterion_group!(benches, transfer, tcp_only);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
