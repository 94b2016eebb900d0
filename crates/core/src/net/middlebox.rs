//! A NAT / stateful firewall: it keeps a table of flows started from its inside, forgets a
//! flow after an idle timeout, and then drops or resets that flow's packets.

use alloc::collections::BTreeMap;
use alloc::string::String;
use core::net::{IpAddr, SocketAddr};

use crate::trace::Proto;

/// What happens to a packet of a flow the middlebox does not know (or forgot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnUnknown {
    /// Silently discarded (most firewalls and NATs).
    Drop,
    /// Answered with a RST in the name of the other side.
    Reset,
}

/// How a middlebox behaves.
#[derive(Clone, Debug, PartialEq)]
pub struct MiddleboxSpec {
    /// Lifeline id (`fw`, `nat`).
    pub id: String,
    /// English label.
    pub label: String,
    /// Message key of the label.
    pub label_key: &'static str,
    /// Its (public) address.
    pub ip: IpAddr,
    /// Rewrite the inside source address to `ip` (NAT); otherwise only track flows.
    pub nat: bool,
    /// Forget a flow after this long without packets.
    pub idle_timeout_us: u64,
    /// What to do with packets of unknown flows.
    pub on_unknown: OnUnknown,
}

/// A flow key: IP protocol number (6 TCP, 17 UDP), inside socket, outside socket.
pub type FlowKey = (u8, SocketAddr, SocketAddr);

/// The IP protocol number of a transport.
pub fn proto_number(p: Proto) -> u8 {
    match p {
        Proto::Tcp => 6,
        Proto::Udp => 17,
    }
}

/// One tracked flow.
#[derive(Clone, Debug)]
pub struct Flow {
    /// Trace connection.
    pub conn: u32,
    /// The inside socket as the outside sees it (after NAT).
    pub public: SocketAddr,
    /// Idle deadline.
    pub deadline: u64,
    /// Index of the running idle-timeout timer in the Trace.
    pub timer: Option<usize>,
    /// FIN seen from the inside / from the outside.
    pub fin_in: bool,
    /// FIN seen from the outside.
    pub fin_out: bool,
}

/// The state of a middlebox.
#[derive(Clone, Debug)]
pub struct Middlebox {
    /// Its behaviour.
    pub spec: MiddleboxSpec,
    /// Flows by inside key.
    pub flows: BTreeMap<FlowKey, Flow>,
    /// Inside key by (protocol, public socket, outside socket).
    pub by_public: BTreeMap<FlowKey, FlowKey>,
    /// The link toward the outside (the server side).
    pub outside: Option<usize>,
}

impl Middlebox {
    /// A middlebox with no flows.
    pub fn new(spec: MiddleboxSpec) -> Self {
        Middlebox {
            spec,
            flows: BTreeMap::new(),
            by_public: BTreeMap::new(),
            outside: None,
        }
    }

    /// A public port for a new inside socket: its own port when free (as most NATs try).
    pub fn public_for(&self, proto: u8, inside: SocketAddr, outside: SocketAddr) -> SocketAddr {
        if !self.spec.nat {
            return inside;
        }
        let mut port = inside.port();
        loop {
            let cand = SocketAddr::new(self.spec.ip, port);
            if !self.by_public.contains_key(&(proto, cand, outside)) {
                return cand;
            }
            port = if port == u16::MAX { 1024 } else { port + 1 };
        }
    }
}
