//! The two implementations the smoltcp differential tests drive side by side: a pair of
//! our `Endpoint`s or a pair of smoltcp sockets, behind one `Side` trait, exchanging
//! `Packet`s over a link the test owns. Included by `smoltcp_diff.rs` and `smoltcp_cc.rs`
//! (`#[path = "common/smoltcp.rs"] mod smol;`), not by `common/mod.rs`: smoltcp is a
//! native-only dev-dependency and the other test crates have no use for it.

// Each including test uses a part of this module.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;

use smoltcp::iface::{Config, Interface, SocketHandle, SocketSet};
use smoltcp::phy::{self, Device, DeviceCapabilities, Medium};
use smoltcp::socket::tcp;
use smoltcp::time::Instant;
use smoltcp::wire::{HardwareAddress, IpAddress, IpCidr, Ipv4Packet, TcpPacket};
use wiretrace_core::tcp::segment::{ACK, FIN, PSH, RST, SYN};
use wiretrace_core::tcp::{Endpoint, SeqNum, State, TcpConfig, TcpSegment};

/// One implementation of a side of the connection.
pub trait Side {
    fn state(&self) -> State;
    fn open(&mut self, now: u64);
    fn send(&mut self, data: &[u8]);
    fn recv(&mut self) -> Vec<u8>;
    fn close(&mut self);
    /// Hands in what arrived and returns what goes out.
    fn poll(&mut self, now: u64, arrived: Vec<Packet>) -> Vec<Packet>;
}

#[derive(Clone, Debug)]
pub enum Packet {
    Ours(TcpSegment),
    Ip(Vec<u8>),
}

/// The header fields the tests compare, read the same way from both kinds of packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub seq: u32,
    pub ack: u32,
    /// FIN, SYN, RST, PSH and ACK.
    pub flags: u8,
    pub len: usize,
}

impl Packet {
    pub fn flags_len(&self) -> (u8, usize) {
        let h = self.header();
        (h.flags, h.len)
    }

    pub fn header(&self) -> Header {
        match self {
            Packet::Ours(s) => Header {
                seq: s.seq.raw(),
                ack: s.ack.raw(),
                flags: s.flags & (FIN | SYN | RST | PSH | ACK),
                len: s.payload.len(),
            },
            Packet::Ip(b) => {
                let ip = Ipv4Packet::new_checked(&b[..]).unwrap();
                let tcp = TcpPacket::new_checked(ip.payload()).unwrap();
                let mut f = 0;
                for (on, bit) in [
                    (tcp.fin(), FIN),
                    (tcp.syn(), SYN),
                    (tcp.rst(), RST),
                    (tcp.psh(), PSH),
                    (tcp.ack(), ACK),
                ] {
                    if on {
                        f |= bit;
                    }
                }
                Header {
                    seq: tcp.seq_number().0 as u32,
                    ack: tcp.ack_number().0 as u32,
                    flags: f,
                    len: tcp.payload().len(),
                }
            }
        }
    }
}

// ----- our engine ----------------------------------------------------------------------

pub struct OurSide {
    pub ep: Endpoint,
    pub client: bool,
    pub peer: SocketAddr,
    pub isn: u32,
}

/// Our client at `c_addr` (ISN 1234) and server at `s_addr` (ISN 5678), both with `cfg`.
pub fn our_pair(
    cfg: TcpConfig,
    c_addr: SocketAddr,
    s_addr: SocketAddr,
) -> (Box<OurSide>, Box<OurSide>) {
    (
        Box::new(OurSide {
            ep: Endpoint::new(cfg, c_addr),
            client: true,
            peer: s_addr,
            isn: 1234,
        }),
        Box::new(OurSide {
            ep: Endpoint::new(cfg, s_addr),
            client: false,
            peer: c_addr,
            isn: 5678,
        }),
    )
}

impl Side for OurSide {
    fn state(&self) -> State {
        self.ep.state()
    }
    fn open(&mut self, now: u64) {
        if self.client {
            self.ep
                .connect(now * 1000, self.peer, SeqNum(self.isn))
                .unwrap();
        } else {
            self.ep.listen(now * 1000, SeqNum(self.isn)).unwrap();
        }
    }
    fn send(&mut self, data: &[u8]) {
        self.ep.send(0, data).unwrap();
    }
    fn recv(&mut self) -> Vec<u8> {
        self.ep.recv(0, usize::MAX)
    }
    fn close(&mut self) {
        self.ep.close(0).unwrap();
    }
    fn poll(&mut self, now: u64, arrived: Vec<Packet>) -> Vec<Packet> {
        let us = now * 1000;
        for p in arrived {
            if let Packet::Ours(s) = p {
                self.ep.handle_segment(us, &s);
            }
        }
        if self.ep.poll_timeout().is_some_and(|t| t <= us) {
            self.ep.handle_timeout(us);
        }
        while self.ep.poll_event().is_some() {}
        let mut out = Vec::new();
        while let Some(t) = self.ep.poll_transmit(us) {
            out.push(Packet::Ours(t.seg));
        }
        out
    }
}

// ----- smoltcp -------------------------------------------------------------------------

/// How a smoltcp side is set up. `Default` is what `smoltcp_diff.rs` compares: 64240-byte
/// buffers, MTU 1500, no congestion control, Nagle off. Delayed ACK is always off.
#[derive(Clone, Copy, Debug)]
pub struct SmolOpts {
    /// The IP MTU: smoltcp announces MSS = MTU - 40.
    pub mtu: usize,
    pub rx_buf: usize,
    pub tx_buf: usize,
    /// `None` unless set: with the crate feature `socket-tcp-reno` on, smoltcp would
    /// otherwise pick Reno for every socket.
    pub congestion: tcp::CongestionControl,
    pub nagle: bool,
}

impl Default for SmolOpts {
    fn default() -> Self {
        SmolOpts {
            mtu: 1500,
            rx_buf: 64240,
            tx_buf: 64240,
            congestion: tcp::CongestionControl::None,
            nagle: false,
        }
    }
}

pub struct Queue {
    rx: VecDeque<Vec<u8>>,
    tx: VecDeque<Vec<u8>>,
    mtu: usize,
}

pub struct RxToken(Vec<u8>);
pub struct TxToken<'a>(&'a mut VecDeque<Vec<u8>>);

impl phy::RxToken for RxToken {
    fn consume<R, F: FnOnce(&[u8]) -> R>(self, f: F) -> R {
        f(&self.0)
    }
}

impl phy::TxToken for TxToken<'_> {
    fn consume<R, F: FnOnce(&mut [u8]) -> R>(self, len: usize, f: F) -> R {
        let mut buf = vec![0; len];
        let r = f(&mut buf);
        self.0.push_back(buf);
        r
    }
}

impl Device for Queue {
    type RxToken<'a> = RxToken;
    type TxToken<'a> = TxToken<'a>;

    fn receive(&mut self, _t: Instant) -> Option<(RxToken, TxToken<'_>)> {
        let p = self.rx.pop_front()?;
        Some((RxToken(p), TxToken(&mut self.tx)))
    }

    fn transmit(&mut self, _t: Instant) -> Option<TxToken<'_>> {
        Some(TxToken(&mut self.tx))
    }

    fn capabilities(&self) -> DeviceCapabilities {
        let mut caps = DeviceCapabilities::default();
        caps.medium = Medium::Ip;
        caps.max_transmission_unit = self.mtu;
        caps
    }
}

pub struct SmolSide {
    iface: Interface,
    dev: Queue,
    sockets: SocketSet<'static>,
    handle: SocketHandle,
    client: bool,
    local: (IpAddress, u16),
    peer: (IpAddress, u16),
}

impl SmolSide {
    pub fn new(
        client: bool,
        local: (IpAddress, u16),
        peer: (IpAddress, u16),
        seed: u64,
        opts: SmolOpts,
    ) -> Self {
        let mut dev = Queue {
            rx: VecDeque::new(),
            tx: VecDeque::new(),
            mtu: opts.mtu,
        };
        let mut cfg = Config::new(HardwareAddress::Ip);
        cfg.random_seed = seed;
        let mut iface = Interface::new(cfg, &mut dev, Instant::from_millis(0));
        iface.update_ip_addrs(|a| {
            a.push(IpCidr::new(local.0, 24)).unwrap();
        });
        let rx = tcp::SocketBuffer::new(vec![0; opts.rx_buf]);
        let tx = tcp::SocketBuffer::new(vec![0; opts.tx_buf]);
        let mut sock = tcp::Socket::new(rx, tx);
        sock.set_ack_delay(None);
        sock.set_nagle_enabled(opts.nagle);
        sock.set_congestion_control(opts.congestion);
        let mut sockets = SocketSet::new(vec![]);
        let handle = sockets.add(sock);
        SmolSide {
            iface,
            dev,
            sockets,
            handle,
            client,
            local,
            peer,
        }
    }

    fn sock(&mut self) -> &mut tcp::Socket<'static> {
        self.sockets.get_mut::<tcp::Socket>(self.handle)
    }
}

impl Side for SmolSide {
    fn state(&self) -> State {
        let st = self.sockets.get::<tcp::Socket>(self.handle).state();
        st.to_string().parse().unwrap()
    }
    fn open(&mut self, _now: u64) {
        let (local, peer) = (self.local, self.peer);
        if self.client {
            let cx = self.iface.context();
            self.sockets
                .get_mut::<tcp::Socket>(self.handle)
                .connect(cx, peer, local.1)
                .unwrap();
        } else {
            self.sock().listen(local.1).unwrap();
        }
    }
    fn send(&mut self, data: &[u8]) {
        let n = self.sock().send_slice(data).unwrap();
        assert_eq!(n, data.len());
    }
    fn recv(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let s = self.sock();
        // The ring buffer hands out at most its contiguous part per call.
        while s.can_recv() {
            let mut buf = vec![0; 65536];
            let n = s.recv_slice(&mut buf).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    }
    fn close(&mut self) {
        self.sock().close();
    }
    fn poll(&mut self, now: u64, arrived: Vec<Packet>) -> Vec<Packet> {
        for p in arrived {
            if let Packet::Ip(b) = p {
                self.dev.rx.push_back(b);
            }
        }
        self.iface.poll(
            Instant::from_millis(now as i64),
            &mut self.dev,
            &mut self.sockets,
        );
        self.dev.tx.drain(..).map(Packet::Ip).collect()
    }
}
