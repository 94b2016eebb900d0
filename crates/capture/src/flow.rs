//! Packets into connections: by five-tuple, with a SYN after a closed exchange (FIN both
//! ways or RST, e.g. a port reused out of TIME-WAIT) or with a new initial sequence number
//! starting a new connection. Which side is the client: the sender of the first SYN (the
//! receiver of a first SYN+ACK); otherwise the higher (ephemeral) port; for UDP, a port
//! below 1024 is the server, else the first sender is the client.
//!
//! Memory is one small record per connection, whatever the number of packets.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::{IpAddr, SocketAddr};

use wiretrace_core::trace::Proto;

use crate::packet::{Packet, ACK, FIN, RST, SYN};

/// FNV-1a: deterministic (same ids natively and in wasm) and fast on small keys.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

type Key = (Proto, SocketAddr, SocketAddr);

/// One connection (or UDP flow) as the classifier tracks it.
#[derive(Clone, Debug)]
pub(crate) struct Flow {
    pub proto: Proto,
    pub client: SocketAddr,
    pub server: SocketAddr,
    /// The client's SYN was seen (the capture holds the handshake).
    pub syn_seen: bool,
    syn_seq: Option<u32>,
    /// FIN seen from client (0) / server (1).
    pub fin: [bool; 2],
    pub rst: bool,
    pub packets: u64,
    /// Payload bytes, both directions.
    pub bytes: u64,
    pub first_us: u64,
    pub last_us: u64,
}

/// The classifier. Both passes (index, extraction) run the same one, so connection ids
/// agree between them.
#[derive(Default)]
pub(crate) struct FlowTable {
    map: FnvMap<Key, u32>,
    pub flows: Vec<Flow>,
}

impl FlowTable {
    /// The connection and direction (0: from the client, 1: from the server) of a packet.
    pub fn classify(&mut self, p: &Packet<'_>) -> (u32, u8) {
        let key = if p.src <= p.dst {
            (p.proto, p.src, p.dst)
        } else {
            (p.proto, p.dst, p.src)
        };
        if let Some(&id) = self.map.get(&key) {
            let f = &self.flows[id as usize];
            let opening = p.proto == Proto::Tcp && p.has(SYN) && !p.has(ACK);
            let split = opening
                && (f.rst
                    || (f.fin[0] && f.fin[1])
                    || (p.src == f.client && f.syn_seq.is_some_and(|s| s != p.seq))
                    || (f.syn_seq.is_none() && f.packets > 0));
            if !split {
                let dir = u8::from(p.src != f.client);
                self.update(id, dir, p);
                return (id, dir);
            }
        }
        let id = self.flows.len() as u32;
        let (client, server) = pick_client(p);
        self.flows.push(Flow {
            proto: p.proto,
            client,
            server,
            syn_seen: false,
            syn_seq: None,
            fin: [false; 2],
            rst: false,
            packets: 0,
            bytes: 0,
            first_us: p.ts_us,
            last_us: p.ts_us,
        });
        self.map.insert(key, id);
        let dir = u8::from(p.src != client);
        self.update(id, dir, p);
        (id, dir)
    }

    fn update(&mut self, id: u32, dir: u8, p: &Packet<'_>) {
        let f = &mut self.flows[id as usize];
        f.packets += 1;
        f.bytes += u64::from(p.len);
        f.first_us = f.first_us.min(p.ts_us);
        f.last_us = f.last_us.max(p.ts_us);
        if p.proto == Proto::Tcp {
            if p.has(SYN) && !p.has(ACK) && dir == 0 {
                f.syn_seen = true;
                if f.syn_seq.is_none() {
                    f.syn_seq = Some(p.seq);
                }
            }
            if p.has(FIN) {
                f.fin[usize::from(dir)] = true;
            }
            if p.has(RST) {
                f.rst = true;
            }
        }
    }
}

fn pick_client(p: &Packet<'_>) -> (SocketAddr, SocketAddr) {
    let src_is_client = match p.proto {
        Proto::Tcp if p.has(SYN) => !p.has(ACK),
        Proto::Tcp => match p.src.port().cmp(&p.dst.port()) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => true,
        },
        Proto::Udp => {
            let (s, d) = (p.src.port(), p.dst.port());
            !(s < 1024 && d >= 1024)
        }
    };
    if src_is_client {
        (p.src, p.dst)
    } else {
        (p.dst, p.src)
    }
}

/// `ip:port`, `[v6]:port`, or `name:port` for a made-up address of a host name.
pub(crate) fn addr_text(a: SocketAddr, names: &HashMap<IpAddr, String>) -> String {
    match names.get(&a.ip()) {
        Some(n) => format!("{n}:{}", a.port()),
        None => a.to_string(),
    }
}
