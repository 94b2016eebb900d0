//! The Trace: the one serializable boundary between the engine, the diagram, the web UI,
//! the capture importers and the CLI.
//!
//! Field names are stable (share links, exported files and tests depend on them). New
//! fields may be added with `#[serde(default)]`; existing ones keep their names and meaning.
//! Kinds are enums written by their kebab-case names ([`Fate`], [`TimerKind`],
//! [`EventKind`], [`HopAction`]...); the event and hop kinds keep a name this version does
//! not know as `Other(name)`, so a Trace written by another version or tool loads and is
//! written back unchanged.
//! Every human text carries both an English rendering (`explain`, `why`, `text`) and, where
//! the engine produced it, a [`Msg`] (message key + arguments) from which the UI renders it
//! again in the reader's language through [`crate::i18n`].

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::cell::OnceCell;
use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::net::explain::{SentNote, TimerNoteMsg};
use crate::tcp::state::State;

mod captured;
mod flags;
mod json_progress;
mod name;
mod tcb;
mod tcb_log;
mod text;
pub use captured::CapturedNote;
pub use flags::Flags;
pub use json_progress::{on_json_progress, JsonProgress, EVERY as JSON_PROGRESS_EVERY};
pub use name::Name;
pub use tcb::{TcbSample, TcbVar};
pub use tcb_log::{TcbHead, TcbLog};
pub use text::{Args, Text};
/// Conversions of engine numbers to a [`TcbSample`]'s (saturating).
pub mod tcb_units {
    pub use super::tcb::{bytes, us};
}

/// Declares a kind whose Trace form is a kebab-case name: a variant per name this version
/// knows, and `Other` for any other name, so that a Trace written by another version or
/// tool still loads and is written back unchanged.
macro_rules! named_kind {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A name this version does not know, kept as written. Build values from names
            /// with [`Self::from_name`], which never puts a known name here.
            Other(String),
        }

        impl $name {
            /// Every kind this version knows, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The name in the Trace JSON (`link-cut`).
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(name) => name,
                }
            }

            /// The kind called `name`: a known one, else [`Self::Other`].
            pub fn from_name(name: &str) -> Self {
                match name {
                    $( $text => $name::$variant, )*
                    other => $name::Other(String::from(other)),
                }
            }
        }

        /// An empty name (the empty string of older versions' `Default`).
        impl Default for $name {
            fn default() -> Self {
                $name::Other(String::new())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Name;
                impl serde::de::Visitor<'_> for Name {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a kind name")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_name(v))
                    }
                }
                d.deserialize_str(Name)
            }
        }
    };
}

/// Value of [`Trace::format`].
pub const TRACE_FORMAT: &str = "wiretrace-trace";
/// Value of [`Trace::version`].
///
/// Version 2 added [`Trace::tcb`]; a version-1 Trace loads, without samples.
pub const TRACE_VERSION: u32 = 2;

/// One run of a scenario, or one imported capture.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// Always [`TRACE_FORMAT`].
    pub format: String,
    /// Always [`TRACE_VERSION`] for this layout.
    pub version: u32,
    /// Scenario id, or `None` for an imported capture.
    pub scenario: Option<String>,
    /// For an imported capture: what file it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Every parameter of the scenario with the value used (defaults included).
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
    /// Seed of the run's deterministic random generator (`None` for imports).
    pub seed: Option<u64>,
    /// Hosts and middleboxes, one lifeline each, left to right.
    pub endpoints: Vec<Endpoint>,
    /// TCP connections and UDP flows, numbered from 0 in order of creation.
    pub connections: Vec<Connection>,
    /// Every segment or datagram put on the wire, in send order; `id` is the index.
    #[serde(deserialize_with = "compact_segments")]
    pub segments: Vec<Segment>,
    /// Every TCP state change, in time order.
    pub states: Vec<StateChange>,
    /// Every timer armed, with its deadline and how it ended.
    #[serde(deserialize_with = "compact_timers")]
    pub timers: Vec<Timer>,
    /// Application and network events worth a line in the story (request sent, client
    /// marked offline, middlebox forgot a flow, link cut...), in time order.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Each change of a TCP socket's variables (SND.UNA, cwnd, SRTT...), in record order:
    /// one sample per change, per endpoint and connection ([`TcbSample`]). Empty for a
    /// version-1 Trace and left out of the JSON when empty.
    #[serde(default, skip_serializing_if = "TcbLog::is_empty")]
    pub tcb: TcbLog,
    /// Simulated (or captured) time at which the run ended, in microseconds.
    #[serde(default)]
    pub end_us: u64,
}

impl Trace {
    /// An empty trace with the format header filled in.
    pub fn new(scenario: Option<String>, seed: Option<u64>) -> Self {
        Trace {
            format: String::from(TRACE_FORMAT),
            version: TRACE_VERSION,
            scenario,
            seed,
            ..Trace::default()
        }
    }

    /// The endpoint with this id, if any.
    pub fn endpoint(&self, id: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.id == id)
    }

    /// Checks that every time in a Trace read from a file is at most [`MAX_TIME_US`]; the
    /// engine's and the importers' Traces always are. The error names the first field past
    /// it, in English, as serde's own messages are: `segments[12].sent_us is
    /// 18446744073709551615, past the latest time a Trace holds (9007199254740991 µs)`.
    pub fn check_times(&self) -> Result<(), String> {
        let check = |what: &dyn Fn() -> String, t: u64| {
            if t > MAX_TIME_US {
                Err(alloc::format!(
                    "{} is {t}, past the latest time a Trace holds ({MAX_TIME_US} µs)",
                    what()
                ))
            } else {
                Ok(())
            }
        };
        let opt = |what: &dyn Fn() -> String, t: Option<u64>| t.map_or(Ok(()), |t| check(what, t));
        check(&|| String::from("end_us"), self.end_us)?;
        for (i, s) in self.segments.iter().enumerate() {
            check(&|| alloc::format!("segments[{i}].sent_us"), s.sent_us)?;
            opt(&|| alloc::format!("segments[{i}].recv_us"), s.recv_us)?;
            opt(&|| alloc::format!("segments[{i}].lost_us"), s.lost_us())?;
            for (j, h) in s.via().iter().enumerate() {
                check(&|| alloc::format!("segments[{i}].via[{j}].at_us"), h.at_us)?;
            }
        }
        for (i, c) in self.states.iter().enumerate() {
            check(&|| alloc::format!("states[{i}].at_us"), c.at_us)?;
        }
        for (i, t) in self.timers.iter().enumerate() {
            check(&|| alloc::format!("timers[{i}].armed_us"), t.armed_us)?;
            check(&|| alloc::format!("timers[{i}].deadline_us"), t.deadline_us)?;
            opt(&|| alloc::format!("timers[{i}].ended_us"), t.ended_us)?;
        }
        for (i, e) in self.events.iter().enumerate() {
            check(&|| alloc::format!("events[{i}].at_us"), e.at_us)?;
        }
        for (i, h) in self.tcb.heads().enumerate() {
            check(&|| alloc::format!("tcb[{i}].at_us"), h.at_us)?;
        }
        Ok(())
    }
}

/// The latest time a Trace holds, in microseconds: 2^53 - 1 (about 285 years), the largest
/// whole number a JavaScript number holds exactly. Times past it come only from a hand-made
/// file, and arithmetic on them could overflow; [`Trace::check_times`] refuses them.
pub const MAX_TIME_US: u64 = (1 << 53) - 1;

/// Where an imported trace came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// `pcap`, `pcapng` or `tcpdump` (text).
    pub kind: String,
    /// File name as the user gave it (no directories).
    pub name: String,
    /// Packets read from the file (including ones that were not TCP/UDP).
    #[serde(default)]
    pub packets: u64,
    /// Link type or other details worth showing ("Ethernet", "Linux cooked v2"): the
    /// English rendering of [`Source::detail_msgs`] joined by `"; "`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The same details as messages, one per part (link types, connections shown, time
    /// range, caps, the inference note), for rendering in the reader's language. Empty in
    /// Traces written before this field existed: fall back to `detail` then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detail_msgs: Vec<Msg>,
}

/// A scenario parameter's value, as used by the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// `true` / `false`.
    Bool(bool),
    /// Whole numbers (ISNs, ports, counts, milliseconds).
    Int(i64),
    /// Fractions (loss probability).
    Float(f64),
    /// Addresses, lists, choices.
    Text(String),
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Int(i) => write!(f, "{i}"),
            ParamValue::Float(x) => write!(f, "{x}"),
            ParamValue::Text(s) => f.write_str(s),
        }
    }
}

/// What a lifeline stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Opens connections.
    #[default]
    Client,
    /// Listens.
    Server,
    /// NAT / firewall / router in the path.
    Middlebox,
    /// A host that is neither (e.g. both sides of a simultaneous open).
    Host,
}

/// One lifeline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Stable id used by segments, states and timers (`client`, `server`, `fw`, `client2`).
    pub id: String,
    /// English label ("Client").
    pub label: String,
    /// IPv4 or IPv6 address (for a NAT: its public address).
    pub ip: String,
    /// What it stands for.
    pub role: Role,
    /// Key for a localized label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_msg: Option<Msg>,
}

/// Transport protocol of a connection or segment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Proto {
    /// TCP.
    #[default]
    Tcp,
    /// UDP.
    Udp,
}

/// A TCP connection (or a UDP flow), identified by its five-tuple.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    /// Index in [`Trace::connections`].
    pub id: u32,
    /// Transport protocol: the first element of the five-tuple.
    pub proto: Proto,
    /// Client socket `ip:port` as seen on the client side of the path.
    pub client: String,
    /// Server socket `ip:port` as seen on the client side of the path.
    pub server: String,
    /// Endpoint id of the client lifeline.
    #[serde(default)]
    pub client_endpoint: String,
    /// Endpoint id of the server lifeline.
    #[serde(default)]
    pub server_endpoint: String,
    /// When a NAT rewrites addresses: the same tuple as the server side sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side: Option<TupleView>,
}

/// A five-tuple as seen at one point of the path.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TupleView {
    /// Client `ip:port`.
    pub client: String,
    /// Server `ip:port`.
    pub server: String,
}

/// A TCP control bit, serialized by its name. Lists of flags are kept in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Flag {
    /// No more data from sender.
    Fin,
    /// Synchronize sequence numbers.
    Syn,
    /// Reset the connection.
    Rst,
    /// Push function.
    Psh,
    /// Acknowledgment field is significant.
    Ack,
    /// Urgent pointer field is significant.
    Urg,
    /// ECN-Echo.
    Ece,
    /// Congestion window reduced.
    Cwr,
}

impl Flag {
    /// All flags in wire-name order.
    pub const ALL: [Flag; 8] = [
        Flag::Fin,
        Flag::Syn,
        Flag::Rst,
        Flag::Psh,
        Flag::Ack,
        Flag::Urg,
        Flag::Ece,
        Flag::Cwr,
    ];

    /// The name used in JSON and labels.
    pub fn name(self) -> &'static str {
        match self {
            Flag::Fin => "FIN",
            Flag::Syn => "SYN",
            Flag::Rst => "RST",
            Flag::Psh => "PSH",
            Flag::Ack => "ACK",
            Flag::Urg => "URG",
            Flag::Ece => "ECE",
            Flag::Cwr => "CWR",
        }
    }

    /// The bit in the TCP header's flags byte.
    pub fn bit(self) -> u8 {
        match self {
            Flag::Fin => 0x01,
            Flag::Syn => 0x02,
            Flag::Rst => 0x04,
            Flag::Psh => 0x08,
            Flag::Ack => 0x10,
            Flag::Urg => 0x20,
            Flag::Ece => 0x40,
            Flag::Cwr => 0x80,
        }
    }

    /// The flags set in a TCP header's flags byte, in order.
    pub fn from_bits(bits: u8) -> Flags {
        Flags::from_bits(bits)
    }

    /// The flags byte for a list of flags.
    pub fn to_bits(flags: &[Flag]) -> u8 {
        flags.iter().fold(0, |acc, f| acc | f.bit())
    }
}

/// What happened to a segment on its way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fate {
    /// Arrived at `to` at `recv_us`.
    #[default]
    Delivered,
    /// Lost on a link (random loss, a `drop=` parameter, or a cut link).
    Dropped,
    /// A second copy made by the network (see `dup_of`); it arrives too.
    Duplicated,
    /// Arrived, but after a segment sent later than it.
    Reordered,
    /// Discarded by a middlebox (e.g. a firewall that forgot the flow).
    DroppedByMiddlebox,
    /// Still travelling when the run ended.
    InFlight,
}

/// Analysis tags in the manner of Wireshark's `tcp.analysis.*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Analysis {
    /// Data sent again after a timeout.
    Retransmission,
    /// Data sent again after three duplicate ACKs.
    FastRetransmission,
    /// Data sent again that the receiver had already acknowledged.
    SpuriousRetransmission,
    /// An ACK repeating the previous acknowledgment number.
    DuplicateAck,
    /// A keep-alive probe (SND.NXT-1, 0 or 1 byte).
    KeepAlive,
    /// The answer to a keep-alive probe.
    KeepAliveAck,
    /// The sender advertises a window of zero.
    ZeroWindow,
    /// A probe into a zero window.
    ZeroWindowProbe,
    /// The answer to a zero-window probe.
    ZeroWindowProbeAck,
    /// A pure ACK that only opens the window.
    WindowUpdate,
    /// The sender filled the receiver's advertised window.
    WindowFull,
    /// Data arriving before data that precedes it.
    OutOfOrder,
    /// A gap shows a segment missing from the capture.
    LostSegment,
    /// An ACK for data that the capture never showed.
    AckedUnseen,
}

/// A message key and its arguments, rendered in a language by [`crate::i18n`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    /// Key in the message table (e.g. `seg.syn`).
    pub key: Text,
    /// Named arguments substituted for `{name}` in the template.
    #[serde(default, skip_serializing_if = "Args::is_empty")]
    pub args: Args,
    /// Arguments that are words of the table themselves (a middlebox's name, a way of
    /// polling): argument name -> key, rendered in the reader's language. `args` keeps
    /// their English for readers that do not know the table.
    #[serde(default, skip_serializing_if = "Args::is_empty")]
    pub terms: Args,
}

impl Msg {
    /// A message read from JSON takes the program's own words where they are its key and
    /// argument names (what the engine and the importers write), not copies of its own:
    /// the page drawing a capture of 111,472 segments holds 10 MB less.
    pub fn share_words(&mut self) {
        let Some((key, template)) = crate::i18n::entry(&self.key) else {
            return;
        };
        self.key = Text::from_static(key);
        self.args.share_names(template);
        self.terms.share_names(template);
    }

    /// The message `key` with its `(name, value)` arguments: `Msg::new("seg.syn", &[("seq",
    /// seq.to_string())])`. A duration goes in as milliseconds text ([`crate::units::ms`]).
    /// The key and names are copied; [`Msg::of`] borrows the program's own words instead.
    pub fn new(key: &str, args: &[(&str, String)]) -> Msg {
        let mut a = Args::with_capacity(args.len());
        for (k, v) in args {
            a.insert(String::from(*k), v.clone());
        }
        Msg {
            key: Text::from(String::from(key)),
            args: a,
            terms: Args::new(),
        }
    }

    /// [`Msg::new`] with a key and names that live as long as the program (no copy): what
    /// the engine records for every segment and timer.
    pub fn of(key: &'static str, args: &[(&'static str, String)]) -> Msg {
        let mut a = Args::with_capacity(args.len());
        for (k, v) in args {
            a.insert(*k, v.clone());
        }
        Msg {
            key: Text::from_static(key),
            args: a,
            terms: Args::new(),
        }
    }

    /// The message with argument `name` set to the term `key` (its English in `args`).
    pub fn with_term(mut self, name: &'static str, key: &str) -> Msg {
        let english = crate::i18n::template(crate::i18n::Lang::En, key).unwrap_or(key);
        self.args.insert(name, String::from(english));
        self.terms.insert(name, String::from(key));
        self
    }
}

/// A point a segment passed on its way (a middlebox), and what happened there.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    /// Endpoint id of the middlebox.
    pub endpoint: String,
    /// When the segment reached it.
    pub at_us: u64,
    /// Source `ip:port` after this hop (rewritten by a NAT).
    pub src: String,
    /// Destination `ip:port` after this hop.
    pub dst: String,
    /// What the middlebox did with it.
    pub action: HopAction,
}

named_kind! {
    /// What a middlebox did with a segment ([`Hop::action`]).
    pub enum HopAction {
        /// Passed on (rewritten by a NAT).
        Forwarded = "forwarded",
        /// Stopped: the middlebox does not know its flow.
        Dropped = "dropped",
        /// Stopped and answered with a RST in the name of the other side.
        Reset = "reset",
    }
}

/// TCP options carried by a segment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TcpOptions {
    /// Maximum segment size (SYN only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mss: Option<u16>,
    /// Window scale shift (SYN only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wscale: Option<u8>,
    /// SACK permitted (SYN only).
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub sack_perm: bool,
    /// SACK blocks `[left, right)` as raw sequence numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sack: Vec<(u32, u32)>,
    /// Timestamps option `(TSval, TSecr)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<(u32, u32)>,
}

impl TcpOptions {
    /// True when no option is present.
    pub fn is_empty(&self) -> bool {
        *self == TcpOptions::default()
    }
}

/// Bytes serialized as a base64 string; shared, so that the engine records a segment's
/// payload without copying it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bytes(pub Arc<[u8]>);

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Self {
        Bytes(Arc::from(v))
    }
}

impl From<&[u8]> for Bytes {
    fn from(v: &[u8]) -> Self {
        Bytes(Arc::from(v))
    }
}

impl Bytes {
    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64::Engine;
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use base64::Engine;
        let s = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(s.as_bytes())
            .map(Bytes::from)
            .map_err(serde::de::Error::custom)
    }
}

/// One TCP segment or UDP datagram on the wire.
///
/// Its English explanation ([`Segment::explain`]) is left empty by the engine and the
/// importer, which record the message's note (`msg`) only: [`Segment::explain_en`] renders
/// it when it is read, and the JSON writes it out in full, so a million recorded or
/// imported segments hold no text until one is shown. The note leaves to the segment what
/// the segment says (its numbers, its source, its HTTP line), so a segment's fields are not
/// changed once its message is kept ([`Segment::message_kept`]): none are, after the engine
/// or the importer makes them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(from = "SegmentIn")]
pub struct Segment {
    /// Index in [`Trace::segments`] (send order).
    pub id: u32,
    /// Connection it belongs to.
    pub conn: u32,
    /// `tcp` or `udp`.
    pub proto: Proto,
    /// Endpoint id of the sender.
    pub from: Name,
    /// Endpoint id of the intended receiver.
    pub to: Name,
    /// Source `ip:port` as sent.
    pub src: Name,
    /// Destination `ip:port` as sent.
    pub dst: Name,
    /// Control bits, in the order FIN SYN RST PSH ACK URG ECE CWR (empty for UDP).
    pub flags: Flags,
    /// Raw 32-bit sequence number on the wire (0 for UDP).
    pub seq: u32,
    /// Raw acknowledgment number; `None` without the ACK flag.
    pub ack: Option<u32>,
    /// Payload length in bytes.
    pub len: u32,
    /// Raw window field on the wire (unscaled). Meaningless (0) when `window_unknown`.
    pub window: u32,
    /// True when the source did not say what the window was: an old-style tcpdump text
    /// line without `win N` (`S 3626544836:3626544836`). Such a segment's `window` is 0
    /// but is no zero window; readers show the window as not in the capture, and no
    /// window-based analysis tag comes from it. The engine and the pcap/pcapng importers
    /// always know the window and never set it; absent from JSON when false.
    pub window_unknown: bool,
    /// TCP options.
    pub options: TcpOptions,
    /// When the first bit left the sender.
    pub sent_us: u64,
    /// When it reached `to`; `None` if it never did.
    pub recv_us: Option<u64>,
    /// What happened to it on the way.
    pub fate: Fate,
    /// Wireshark-style analysis tags.
    pub analysis: Vec<Analysis>,
    /// HTTP request line or status line carried, if any.
    pub http: Option<String>,
    /// What few segments have: where one was lost, the segment a duplicate copies, the
    /// middleboxes passed, an English explanation of its own (`None` when all are
    /// absent; [`Segment::rare_mut`] makes it). Kept apart, so that the others do not
    /// carry room for them (44 bytes in wasm32).
    pub rare: Option<Box<Rare>>,
    /// The explanation as a message key, for other languages: read it through
    /// [`Segment::message`] (the note the engine took is made into the message with the
    /// segment's own fields).
    pub msg: SegMsg,
    /// The RFC section that decides what this segment does, as `RFC#section` (`9293#3.5`);
    /// the page links it to `https://www.rfc-editor.org/rfc/rfc9293#section-3.5`. The
    /// engine's are static text (no copy per segment).
    pub rfc: Option<Cow<'static, str>>,
    /// The payload bytes (base64). May be shorter than `len` for imported captures.
    pub payload: Bytes,
}

/// What few segments have ([`Segment::rare`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rare {
    /// Where it died, for a segment that never arrived.
    pub lost_us: Option<u64>,
    /// For a network duplicate: the segment it copies.
    pub dup_of: Option<u32>,
    /// Middleboxes passed on the way.
    pub via: Vec<Hop>,
    /// English explanation of what this segment does and why; empty when it is `msg`'s
    /// English, which [`Segment::explain_en`] renders and the JSON writes out.
    pub explain: String,
}

impl Rare {
    /// True when it holds nothing.
    fn is_empty(&self) -> bool {
        *self == Rare::default()
    }
}

/// Field by field, the message as the message it stands for (a note and the message made
/// from it are the same).
impl PartialEq for Segment {
    fn eq(&self, o: &Self) -> bool {
        let Segment {
            id,
            conn,
            proto,
            from,
            to,
            src,
            dst,
            flags,
            seq,
            ack,
            len,
            window,
            window_unknown,
            options,
            sent_us,
            recv_us,
            fate,
            analysis,
            http,
            rare,
            msg: _,
            rfc,
            payload,
        } = self;
        *id == o.id
            && *conn == o.conn
            && *proto == o.proto
            && *from == o.from
            && *to == o.to
            && *src == o.src
            && *dst == o.dst
            && *flags == o.flags
            && *seq == o.seq
            && *ack == o.ack
            && *len == o.len
            && *window == o.window
            && *window_unknown == o.window_unknown
            && *options == o.options
            && *sent_us == o.sent_us
            && *recv_us == o.recv_us
            && *fate == o.fate
            && *analysis == o.analysis
            && *http == o.http
            && *rare == o.rare
            && *rfc == o.rfc
            && *payload == o.payload
            && self.message() == o.message()
    }
}

impl Segment {
    /// Its message, made again each time unless it was kept (for a pass over every
    /// segment).
    pub fn message(&self) -> Option<Cow<'_, Msg>> {
        self.msg.get_of(self)
    }

    /// Its message, made once and kept (for what a reader looks at).
    pub fn message_kept(&self) -> Option<&Msg> {
        self.msg.as_ref_of(self)
    }

    /// Its message's key, without keeping the message.
    pub fn message_key(&self) -> Option<Cow<'_, str>> {
        self.msg.key_of(self)
    }

    /// The English explanation: as written in the Trace, else `msg` rendered in English.
    pub fn explain_en(&self) -> Cow<'_, str> {
        match self.message() {
            Some(m) if self.explain().is_empty() => {
                Cow::Owned(crate::i18n::render(crate::i18n::Lang::En, &m))
            }
            _ => Cow::Borrowed(self.explain()),
        }
    }

    /// The English explanation written in the Trace (empty when it is `msg`'s English:
    /// [`Segment::explain_en`]).
    pub fn explain(&self) -> &str {
        self.rare.as_ref().map_or("", |r| &r.explain)
    }

    /// Sets the English explanation written in the Trace (empty: `msg`'s English).
    pub fn set_explain(&mut self, english: String) {
        if !english.is_empty() {
            self.rare_mut().explain = english;
        } else if let Some(rare) = &mut self.rare {
            rare.explain = english;
            if rare.is_empty() {
                self.rare = None;
            }
        }
    }

    /// Where it died, for a segment that never arrived.
    pub fn lost_us(&self) -> Option<u64> {
        self.rare.as_ref().and_then(|r| r.lost_us)
    }

    /// For a network duplicate: the segment it copies.
    pub fn dup_of(&self) -> Option<u32> {
        self.rare.as_ref().and_then(|r| r.dup_of)
    }

    /// Middleboxes passed on the way.
    pub fn via(&self) -> &[Hop] {
        self.rare.as_ref().map_or(&[], |r| &r.via)
    }

    /// What few segments have, to change it (made empty when there was none). Leave
    /// something in it: an empty one makes the segment differ from one that never had one
    /// (`set_explain` drops an emptied one).
    pub fn rare_mut(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }

    /// Drops the English explanation where it is `msg`'s English, which
    /// [`Segment::explain_en`] and the JSON render again, and lets a given message share
    /// the program's words ([`Msg::share_words`]): what a Trace read from JSON does, so
    /// that it holds the engine's compact form.
    pub fn compact(&mut self) {
        if let Some(m) = self.msg.given_mut() {
            m.share_words();
        }
        if self
            .message()
            .is_some_and(|m| is_its_english(self.explain(), &m))
        {
            self.set_explain(String::new());
        }
    }

    /// Read with its note ([`HeldPart`]): the note is its message, and its RFC section,
    /// when it is the note's, the program's text rather than a copy per segment.
    fn restore(&mut self, note: SegNote) {
        if let Some(rfc) = note.rfc().filter(|r| self.rfc.as_deref() == Some(r)) {
            self.rfc = Some(Cow::Borrowed(rfc));
        }
        self.msg = LazyMsg::noted(note);
    }

    /// True if the flag is set.
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// Flags joined by commas (`SYN,ACK`), as in the page's `data-flags`.
    pub fn flags_text(&self) -> String {
        let mut out = String::new();
        for (i, f) in self.flags.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(f.name());
        }
        out
    }
}

/// A TCP state change of one endpoint's connection (or its listening socket).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateChange {
    /// When it happened.
    pub at_us: u64,
    /// Endpoint id.
    pub endpoint: String,
    /// Connection, or `None` for a listening socket.
    pub conn: Option<u32>,
    /// State before.
    pub from: State,
    /// State after.
    pub to: State,
    /// English reason.
    pub why: String,
    /// The reason as a message key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg: Option<Msg>,
    /// The segment whose arrival (or sending) caused the change, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<u32>,
    /// The RFC section that decides the transition (`9293#3.10.7.3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfc: Option<String>,
    /// True when inferred from a capture rather than produced by the engine.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub inferred: bool,
}

/// What a timer is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimerKind {
    /// Retransmission timeout (RFC 6298).
    #[default]
    Rto,
    /// Delayed acknowledgment (RFC 9293 3.8.6.3).
    DelayedAck,
    /// TIME-WAIT, 2*MSL.
    TimeWait,
    /// Keep-alive idle/interval (RFC 1122 4.2.3.6).
    Keepalive,
    /// Zero-window persist probe.
    Persist,
    /// User timeout: give up after this long without progress.
    UserTimeout,
    /// FIN-WAIT-2 timeout.
    FinWait2,
    /// Application heartbeat interval.
    Heartbeat,
    /// Application: peer declared gone after missed heartbeats or replies.
    Liveness,
    /// Application polling interval.
    Poll,
    /// Middlebox idle timeout for a flow.
    IdleTimeout,
    /// Any other application timer.
    App,
}

/// How a timer ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimerOutcome {
    /// Reached its deadline.
    Fired,
    /// Stopped before its deadline.
    Cancelled,
    /// Still running when the run ended.
    #[default]
    Pending,
}

/// One arming of a timer.
///
/// Like a segment's explanation, its English `note` is left empty when it is `msg`'s
/// English ([`Timer::note_en`]); the JSON writes it out in full.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Timer {
    /// Endpoint id (shared with the Trace's other timers of that endpoint where it was made
    /// so: the recorder's and the page's).
    pub endpoint: Name,
    /// Connection, if the timer belongs to one.
    pub conn: Option<u32>,
    /// What it is for.
    pub kind: TimerKind,
    /// When it was armed.
    pub armed_us: u64,
    /// When it would fire.
    pub deadline_us: u64,
    /// When it fired or was cancelled; `None` while pending.
    pub ended_us: Option<u64>,
    /// How it ended.
    pub outcome: TimerOutcome,
    /// English detail ("RTO 1 s, backoff 2"); empty when it is `msg`'s English, which
    /// [`Timer::note_en`] renders and the JSON writes out.
    #[serde(default)]
    pub note: String,
    /// The detail as a message key.
    #[serde(default)]
    pub msg: TimerMsg,
    /// The segment the timer guards (the one an RTO would retransmit), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<u32>,
}

/// An application or network event in the story.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened.
    pub at_us: u64,
    /// Endpoint id where it happened.
    pub endpoint: String,
    /// Connection concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conn: Option<u32>,
    /// What kind of event it is (`link-cut`, `request-sent`, `peer-offline`...).
    pub kind: EventKind,
    /// English text.
    pub text: String,
    /// The text as a message key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg: Option<Msg>,
}

named_kind! {
    /// What an [`Event`] tells. The network writes the first group, applications and
    /// scenarios the others, captures the last.
    pub enum EventKind {
        // The network and the run.
        /// A link went down (`LinkSpec::cut_at_us`).
        LinkCut = "link-cut",
        /// A cut link came back.
        LinkRestored = "link-restored",
        /// A host crashed: its sockets and applications vanished.
        HostCrashed = "host-crashed",
        /// A crashed host booted again.
        HostRestarted = "host-restarted",
        /// A middlebox forgot a flow that stayed idle too long.
        FlowExpired = "flow-expired",
        /// A listener's backlog was full: a SYN was dropped.
        BacklogFull = "backlog-full",
        /// The run stopped at the segment or event cap.
        RunTruncated = "run-truncated",
        /// The `drop` parameter named segments the run never sent.
        DropUnused = "drop-unused",
        // A connection's end, as the socket API tells the application.
        /// A connect was refused (RST to a SYN).
        ConnectionRefused = "connection-refused",
        /// The connection was reset.
        ConnectionReset = "connection-reset",
        /// The connection timed out.
        ConnectionTimedOut = "connection-timed-out",
        // Requests and responses (HTTP, UDP queries).
        /// A request was written (or a query datagram sent).
        RequestSent = "request-sent",
        /// A whole request was read.
        RequestReceived = "request-received",
        /// A response was written.
        ResponseSent = "response-sent",
        /// A whole response was read.
        ResponseReceived = "response-received",
        /// A response is ready but waits for an earlier one on its connection.
        ResponseHeld = "response-held",
        /// A request could not be parsed.
        BadRequest = "bad-request",
        /// A response could not be parsed.
        BadResponse = "bad-response",
        /// The server closed an idle persistent connection.
        IdleClose = "idle-close",
        /// A request got no response: its connection died.
        RequestFailed = "request-failed",
        /// A request is sent again on a new connection.
        RequestRetried = "request-retried",
        /// The connection is kept open for the next request.
        ConnKept = "conn-kept",
        /// A batch of requests starts.
        BatchStart = "batch-start",
        /// Every request of the batches is answered.
        BatchDone = "batch-done",
        /// The client closed its sending side only.
        HalfClose = "half-close",
        /// The application read from its receive buffer.
        AppRead = "app-read",
        /// The application aborted its connection (RST).
        AppAbort = "app-abort",
        /// The application has nothing more to say.
        AppIdle = "app-idle",
        /// The application closed its connection.
        AppClose = "app-close",
        // Heartbeats.
        /// A heartbeat was sent.
        HeartbeatSent = "heartbeat-sent",
        /// The server got a heartbeat.
        HeartbeatReceived = "heartbeat-received",
        /// The reply to a heartbeat came back.
        HeartbeatReply = "heartbeat-reply",
        /// The server missed a heartbeat.
        HeartbeatMissed = "heartbeat-missed",
        /// A heartbeat got no reply in time.
        ReplyMissed = "reply-missed",
        /// The server answered a message.
        MessageAnswered = "message-answered",
        /// The client declared the network gone.
        NetworkDown = "network-down",
        /// The server declared the client offline.
        PeerOffline = "peer-offline",
        // News: polling and push.
        /// A news item was created.
        EventCreated = "event-created",
        /// A news item was written to a subscriber.
        EventPushed = "event-pushed",
        /// A news item reached the client.
        EventDelivered = "event-delivered",
        /// A client subscribed.
        Subscribed = "subscribed",
        /// A long poll is held until news comes.
        PollHeld = "poll-held",
        /// A long poll ended without news.
        PollTimeout = "poll-timeout",
        /// The client stopped polling.
        PollingDone = "polling-done",
        /// A client is online.
        ClientOnline = "client-online",
        /// A client went offline.
        ClientOffline = "client-offline",
        // UDP queries.
        /// A reply to a query arrived.
        ReplyReceived = "reply-received",
        /// A second reply to an answered query arrived.
        ReplyDuplicate = "reply-duplicate",
        /// No reply to a query yet.
        ReplyTimeout = "reply-timeout",
        /// The client gave up its query.
        GaveUp = "gave-up",
        // A scenario's own story.
        /// The run's summary (figures of the whole run).
        Summary = "summary",
        /// One way's result in a comparison.
        CompareResult = "compare-result",
        /// The comparison's verdict.
        CompareSummary = "compare-summary",
        /// A client's five-tuple.
        FiveTuple = "five-tuple",
        // Captures.
        /// An HTTP request seen in a capture.
        HttpRequest = "http-request",
        /// An HTTP response seen in a capture.
        HttpResponse = "http-response",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_past_what_a_trace_holds_are_named() {
        let mut t = Trace::new(None, None);
        t.segments.push(Segment::default());
        t.segments.push(Segment::default());
        t.timers.push(Timer::default());
        t.end_us = MAX_TIME_US;
        assert_eq!(t.check_times(), Ok(()));
        t.segments[1].rare_mut().via.push(Hop {
            at_us: MAX_TIME_US + 1,
            ..Hop::default()
        });
        assert_eq!(
            t.check_times().unwrap_err(),
            "segments[1].via[0].at_us is 9007199254740992, past the latest time a Trace holds \
             (9007199254740991 µs)"
        );
        t.segments[1].rare_mut().via.clear();
        t.timers[0].ended_us = Some(u64::MAX);
        assert!(t
            .check_times()
            .unwrap_err()
            .starts_with("timers[0].ended_us is 18446744073709551615,"));
        t.timers[0].ended_us = None;
        t.segments[0].recv_us = Some(u64::MAX);
        assert!(t
            .check_times()
            .unwrap_err()
            .starts_with("segments[0].recv_us "));
    }

    #[test]
    fn flags_keep_wire_order_and_names() {
        let flags = Flag::from_bits(0x12);
        assert_eq!(flags, [Flag::Syn, Flag::Ack]);
        assert_eq!(Flag::to_bits(&flags), 0x12);
        let json = serde_json::to_string(&flags).unwrap();
        assert_eq!(json, r#"["SYN","ACK"]"#);
    }

    #[test]
    fn bytes_round_trip_as_base64() {
        let b = Bytes::from(&b"GET / HTTP/1.1\r\n"[..]);
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, r#""R0VUIC8gSFRUUC8xLjENCg==""#);
        let back: Bytes = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
    }

    #[test]
    fn only_segments_with_something_rare_hold_it_however_they_were_made() {
        let mut seg = Segment::default();
        assert!(seg.rare.is_none() && seg.via().is_empty() && seg.lost_us().is_none());
        seg.set_explain(String::new());
        assert!(seg.rare.is_none(), "an empty explanation makes nothing");
        seg.rare_mut().lost_us = Some(7);
        seg.set_explain(String::from("by hand"));
        let json = serde_json::to_string(&seg).unwrap();
        let mut back: Segment = serde_json::from_str(&json).unwrap();
        assert_eq!(back, seg);
        assert_eq!((back.lost_us(), back.explain()), (Some(7), "by hand"));
        back.rare_mut().lost_us = None;
        back.set_explain(String::new());
        assert!(back.rare.is_none(), "emptied, it is dropped: {back:?}");
        let plain: Segment = serde_json::from_str(&serde_json::to_string(&back).unwrap()).unwrap();
        assert_eq!(plain, Segment::default());
        assert!(plain.rare.is_none());
        // The engine's lost segments and middlebox passes read back the same, the English
        // a file writes out dropped again (as a Trace read from JSON does).
        for id in ["data-loss", "middlebox-idle-timeout"] {
            let t = crate::scenario::run_with(id, &[]).unwrap();
            assert!(t.segments.iter().any(|s| s.rare.is_some()), "{id}");
            for s in &t.segments {
                let mut back: Segment =
                    serde_json::from_str(&serde_json::to_string(s).unwrap()).unwrap();
                back.compact();
                assert_eq!(&back, s, "{id}");
                assert_eq!(back.rare.is_some(), s.rare.is_some(), "{id}");
            }
        }
    }

    #[test]
    fn as_held_leaves_out_the_english_its_message_renders_and_reads_back_the_same() {
        let mut t = crate::scenario::run_with("browse", &[]).unwrap();
        // A file's own English, which its message does not render, is kept.
        t.segments[1].set_explain(String::from("written by hand"));
        for s in &t.segments {
            let held = serde_json::to_string(&AsHeld(s)).unwrap();
            let full = serde_json::to_string(s).unwrap();
            let back: Segment = serde_json::from_str(&held).unwrap();
            assert_eq!(&back, s);
            assert_eq!(serde_json::to_string(&back).unwrap(), full);
            if s.id == 1 {
                assert!(held.contains("\"explain\":\"written by hand\""));
            } else {
                assert!(held.contains("\"explain\":\"\""), "{held}");
                assert!(held.len() < full.len());
            }
        }
        for tm in &t.timers {
            let back: Timer =
                serde_json::from_str(&serde_json::to_string(&AsHeld(tm)).unwrap()).unwrap();
            assert_eq!(&back, tm);
            assert_eq!(
                serde_json::to_string(&back).unwrap(),
                serde_json::to_string(tm).unwrap()
            );
        }
    }

    #[test]
    fn a_segments_note_reads_back_as_the_engines_or_a_captured_packets() {
        let t = crate::scenario::run_with("handshake", &[]).unwrap();
        let sent = t.segments[0].msg.note().unwrap().clone();
        assert!(matches!(sent, SegNote::Sent(_)));
        let json = serde_json::to_string(&sent).unwrap();
        assert!(json.starts_with('['), "{json}");
        assert_eq!(serde_json::from_str::<SegNote>(&json).unwrap(), sent);
        let captured = SegNote::Captured(CapturedNote::tagged(Analysis::AckedUnseen));
        assert_eq!(serde_json::to_string(&captured).unwrap(), "23");
        assert_eq!(serde_json::from_str::<SegNote>("23").unwrap(), captured);
        assert_eq!(
            serde_json::from_str::<SegNote>("0").unwrap(),
            SegNote::Captured(CapturedNote::UDP)
        );
        // What no note is: an error, never a panic.
        for bad in [
            "24",
            "256",
            "18446744073709551616",
            "-1",
            "1.5",
            "\"4\"",
            "true",
            "null",
            "{}",
            "[]",
            "[1]",
        ] {
            assert!(serde_json::from_str::<SegNote>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_held_part_keeps_the_engines_notes_and_a_given_message() {
        let mut t = crate::scenario::run_with("data-loss", &[]).unwrap();
        assert!(t.segments.iter().all(|s| s.msg.note().is_some()));
        assert!(t.timers.iter().all(|x| x.msg.note().is_some()));
        // A message given as it is (a file's, a story's) goes as the message, with
        // its own English, and is read back compact.
        let given = t.segments[2].message().map(|m| m.into_owned()).unwrap();
        t.segments[2].msg = SegMsg::from(given.clone());
        t.segments[2].set_explain(crate::i18n::render(crate::i18n::Lang::En, &given));
        t.segments[3].msg = SegMsg::default();

        let json = serde_json::to_string(&WriteHeld(&t.segments[..])).unwrap();
        let back: HeldPart<Segment> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.0.len(), t.segments.len());
        for (b, s) in back.0.iter().zip(&t.segments) {
            // Segment 2's English, which its message renders, is left out (compact).
            if s.id != 2 {
                assert_eq!(b, s);
            }
            assert_eq!(b.msg.note(), s.msg.note());
            assert_eq!(
                serde_json::to_string(b).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
        assert!(back.0[2].msg.note().is_none() && back.0[2].explain().is_empty());
        // A noted segment's RFC section is the program's text, not a copy per segment.
        let noted = back.0.iter().filter(|s| s.msg.note().is_some());
        assert!(noted.clone().count() > 5);
        assert!(noted
            .clone()
            .all(|s| matches!(s.rfc, Some(Cow::Borrowed(_)))));
        // One that is not the note's stays as it came.
        let mut odd = t.segments[..2].to_vec();
        odd[1].rfc = Some(Cow::Borrowed("9293#3.4"));
        let json = serde_json::to_string(&WriteHeld(&odd[..])).unwrap();
        let read: HeldPart<Segment> = serde_json::from_str(&json).unwrap();
        assert_eq!(read.0[1].rfc.as_deref(), Some("9293#3.4"));
        assert!(matches!(read.0[1].rfc, Some(Cow::Owned(_))));
        // Its key and argument names are the program's own text again.
        let m = back.0[2].message_kept().unwrap();
        assert!(m.key.is_static() && !m.args.is_empty());
        assert!(m.args.keys().all(Text::is_static), "{m:?}");
        assert!(back.0[3].msg.is_none());
        // Noted, the message is not written out as well: the SYN's note is its reason
        // (0, a SYN) and more.
        let one = serde_json::to_string(&WriteHeld(&t.segments[..1])).unwrap();
        assert!(
            one.contains("}],[[[0,0,0],[0,0,0],") && !one.contains("\"key\":"),
            "{one}"
        );

        let json = serde_json::to_string(&WriteHeld(&t.timers[..])).unwrap();
        let back: HeldPart<Timer> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.0, t.timers);
        assert!(back.0.iter().all(|x| x.msg.note().is_some()));

        // As many notes as items, or the part is refused.
        let (items, mut notes): (serde_json::Value, Vec<serde_json::Value>) =
            serde_json::from_str(&serde_json::to_string(&WriteHeld(&t.segments[..])).unwrap())
                .unwrap();
        notes.pop();
        let short = serde_json::to_string(&(items, notes)).unwrap();
        let e = serde_json::from_str::<HeldPart<Segment>>(&short).unwrap_err();
        assert!(alloc::format!("{e}").contains("notes for"), "{e}");
    }

    #[test]
    fn segment_json_uses_stable_names() {
        let seg = Segment {
            flags: Flags::from([Flag::Syn]),
            seq: 3_626_544_836,
            window: 64240,
            sent_us: 0,
            recv_us: Some(20_000),
            from: "client".into(),
            to: "server".into(),
            ..Segment::default()
        };
        let v: serde_json::Value = serde_json::to_value(&seg).unwrap();
        assert_eq!(v["flags"], serde_json::json!(["SYN"]));
        assert_eq!(v["seq"], 3_626_544_836u64);
        assert!(v["ack"].is_null());
        assert_eq!(v["fate"], "delivered");
        assert_eq!(v["recv_us"], 20_000);
        assert!(v.get("payload").is_none());
    }

    #[test]
    fn an_unknown_window_round_trips_and_old_json_still_parses() {
        let seg = Segment {
            flags: Flags::from([Flag::Syn]),
            seq: 3_626_544_836,
            window_unknown: true,
            ..Segment::default()
        };
        let json = serde_json::to_string(&seg).unwrap();
        assert!(json.contains(r#""window_unknown":true"#), "{json}");
        let back: Segment = serde_json::from_str(&json).unwrap();
        assert_eq!(back, seg);
        // A known window (every engine segment) writes no such key.
        let known = Segment {
            window: 0,
            ..Segment::default()
        };
        let v = serde_json::to_value(&known).unwrap();
        assert!(v.get("window_unknown").is_none());
        // JSON written before the field existed reads as a known window.
        let mut old = v;
        old["window"] = serde_json::json!(512);
        let back: Segment = serde_json::from_value(old).unwrap();
        assert_eq!((back.window, back.window_unknown), (512, false));
    }

    #[test]
    fn kinds_are_written_by_their_names_and_read_back() {
        for kind in EventKind::KNOWN {
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(json, alloc::format!("\"{}\"", kind.as_str()));
            let back: EventKind = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, kind);
            assert_eq!(&EventKind::from_name(kind.as_str()), kind);
        }
        for action in HopAction::KNOWN {
            let back: HopAction =
                serde_json::from_value(serde_json::to_value(action).unwrap()).unwrap();
            assert_eq!(&back, action);
        }
        let ev = Event {
            at_us: 7,
            endpoint: String::from("client"),
            kind: EventKind::LinkCut,
            text: String::from("down"),
            ..Event::default()
        };
        assert_eq!(
            serde_json::to_string(&ev).unwrap(),
            r#"{"at_us":7,"endpoint":"client","kind":"link-cut","text":"down"}"#
        );
    }

    #[test]
    fn a_kind_this_version_does_not_know_loads_and_is_written_back_unchanged() {
        let json = r#"{"at_us":1,"endpoint":"server","kind":"cache-warmed","text":"t"}"#;
        let ev: Event = serde_json::from_str(json).unwrap();
        assert_eq!(ev.kind, EventKind::Other(String::from("cache-warmed")));
        assert_eq!(serde_json::to_string(&ev).unwrap(), json);
        let hop = r#"{"endpoint":"fw","at_us":2,"src":"a","dst":"b","action":"mirrored"}"#;
        let h: Hop = serde_json::from_str(hop).unwrap();
        assert_eq!(h.action, HopAction::Other(String::from("mirrored")));
        assert_eq!(serde_json::to_string(&h).unwrap(), hop);
        // A known name never hides in `Other`, and the old default (an empty kind) stays.
        assert_eq!(EventKind::from_name("link-cut"), EventKind::LinkCut);
        assert_eq!(Event::default().kind.as_str(), "");
        // A kind must be a string, as before.
        assert!(serde_json::from_str::<EventKind>("3").is_err());
    }
}

/// `text` if the Trace has it, else the message in English (`""` without one).
fn english<'a>(text: &'a str, msg: Option<&Msg>) -> Cow<'a, str> {
    match msg {
        Some(m) if text.is_empty() => Cow::Owned(crate::i18n::render(crate::i18n::Lang::En, m)),
        _ => Cow::Borrowed(text),
    }
}

impl Timer {
    /// The English detail: as written in the Trace, else `msg` rendered in English.
    pub fn note_en(&self) -> Cow<'_, str> {
        english(&self.note, self.msg.get().as_deref())
    }

    /// Drops the English detail where it is `msg`'s English, and shares the program's
    /// words (see [`Segment::compact`]).
    pub fn compact(&mut self) {
        if let Some(m) = self.msg.given_mut() {
            m.share_words();
        }
        if self
            .msg
            .get()
            .is_some_and(|m| is_its_english(&self.note, &m))
        {
            self.note = String::new();
        }
    }

    /// Read with the engine's note ([`HeldPart`]).
    fn restore(&mut self, note: TimerNoteMsg) {
        self.msg = LazyMsg::noted(note);
    }
}

/// True when `english` is not empty and is what `m` renders in English.
fn is_its_english(english: &str, m: &Msg) -> bool {
    !english.is_empty() && english == crate::i18n::render(crate::i18n::Lang::En, m)
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A segment's JSON fields as read ([`Segment`]'s `Deserialize`).
#[derive(Deserialize)]
struct SegmentIn {
    id: u32,
    conn: u32,
    #[serde(default)]
    proto: Proto,
    from: Name,
    to: Name,
    src: Name,
    dst: Name,
    flags: Flags,
    seq: u32,
    ack: Option<u32>,
    len: u32,
    window: u32,
    #[serde(default)]
    window_unknown: bool,
    #[serde(default)]
    options: TcpOptions,
    sent_us: u64,
    recv_us: Option<u64>,
    fate: Fate,
    #[serde(default)]
    lost_us: Option<u64>,
    #[serde(default)]
    dup_of: Option<u32>,
    #[serde(default)]
    via: Vec<Hop>,
    analysis: Vec<Analysis>,
    http: Option<String>,
    explain: String,
    #[serde(default)]
    msg: SegMsg,
    #[serde(default)]
    rfc: Option<Cow<'static, str>>,
    #[serde(default)]
    payload: Bytes,
}

impl From<SegmentIn> for Segment {
    fn from(s: SegmentIn) -> Segment {
        let rare = Rare {
            lost_us: s.lost_us,
            dup_of: s.dup_of,
            via: s.via,
            explain: s.explain,
        };
        Segment {
            id: s.id,
            conn: s.conn,
            proto: s.proto,
            from: s.from,
            to: s.to,
            src: s.src,
            dst: s.dst,
            flags: s.flags,
            seq: s.seq,
            ack: s.ack,
            len: s.len,
            window: s.window,
            window_unknown: s.window_unknown,
            options: s.options,
            sent_us: s.sent_us,
            recv_us: s.recv_us,
            fate: s.fate,
            analysis: s.analysis,
            http: s.http,
            rare: (!rare.is_empty()).then(|| Box::new(rare)),
            msg: s.msg,
            rfc: s.rfc,
            payload: s.payload,
        }
    }
}

/// A segment's JSON fields, in order.
#[derive(Serialize)]
struct SegmentOut<'a> {
    id: u32,
    conn: u32,
    proto: &'a Proto,
    from: &'a str,
    to: &'a str,
    src: &'a str,
    dst: &'a str,
    flags: &'a [Flag],
    seq: u32,
    ack: Option<u32>,
    len: u32,
    window: u32,
    #[serde(skip_serializing_if = "is_false")]
    window_unknown: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<&'a TcpOptions>,
    sent_us: u64,
    recv_us: Option<u64>,
    fate: &'a Fate,
    #[serde(skip_serializing_if = "Option::is_none")]
    lost_us: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dup_of: Option<u32>,
    #[serde(skip_serializing_if = "<[Hop]>::is_empty")]
    via: &'a [Hop],
    analysis: &'a [Analysis],
    http: Option<&'a str>,
    explain: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    msg: Option<Cow<'a, Msg>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rfc: Option<&'a str>,
    #[serde(skip_serializing_if = "Bytes::is_empty")]
    payload: &'a Bytes,
}

impl Segment {
    /// Its JSON fields in `form`.
    fn out(&self, form: Form) -> SegmentOut<'_> {
        SegmentOut {
            id: self.id,
            conn: self.conn,
            proto: &self.proto,
            from: &self.from,
            to: &self.to,
            src: &self.src,
            dst: &self.dst,
            flags: &self.flags,
            seq: self.seq,
            ack: self.ack,
            len: self.len,
            window: self.window,
            window_unknown: self.window_unknown,
            options: (!self.options.is_empty()).then_some(&self.options),
            sent_us: self.sent_us,
            recv_us: self.recv_us,
            fate: &self.fate,
            lost_us: self.lost_us(),
            dup_of: self.dup_of(),
            via: self.via(),
            analysis: &self.analysis,
            http: self.http.as_deref(),
            explain: if form == Form::File {
                self.explain_en()
            } else {
                Cow::Borrowed(self.explain())
            },
            msg: form.msg(&self.msg, self),
            rfc: self.rfc.as_deref(),
            payload: &self.payload,
        }
    }
}

/// The JSON of a segment: its fields in order, with the English explanation written out.
impl Serialize for Segment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.out(Form::File).serialize(s)
    }
}

/// A timer's JSON fields, in order.
#[derive(Serialize)]
struct TimerOut<'a> {
    endpoint: &'a str,
    conn: Option<u32>,
    kind: &'a TimerKind,
    armed_us: u64,
    deadline_us: u64,
    ended_us: Option<u64>,
    outcome: &'a TimerOutcome,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    msg: Option<Cow<'a, Msg>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment: Option<u32>,
}

impl Timer {
    /// Its JSON fields in `form`.
    fn out(&self, form: Form) -> TimerOut<'_> {
        TimerOut {
            endpoint: &self.endpoint,
            conn: self.conn,
            kind: &self.kind,
            armed_us: self.armed_us,
            deadline_us: self.deadline_us,
            ended_us: self.ended_us,
            outcome: &self.outcome,
            note: if form == Form::File {
                self.note_en()
            } else {
                Cow::Borrowed(&self.note)
            },
            msg: form.msg(&self.msg, &()),
            segment: self.segment,
        }
    }
}

/// The JSON of a timer, with the English detail written out.
impl Serialize for Timer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.out(Form::File).serialize(s)
    }
}

/// How a segment or a timer is written in JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// With the English its message renders (a file, the CLI).
    File,
    /// Without that English ([`AsHeld`]).
    Held,
    /// Without it, and without a message made from a note, whose note goes beside it
    /// ([`WriteHeld`]).
    Part,
}

impl Form {
    /// The message written in this form (made from its note in the first two).
    fn msg<'a, N: Note>(self, m: &'a LazyMsg<N>, of: &N::Of) -> Option<Cow<'a, Msg>> {
        match self {
            Form::Part if m.note().is_some() => None,
            _ => m.get_of(of),
        }
    }
}

/// A segment or a timer in JSON as it is held, for a Trace that goes from one part of
/// wiretrace to another (the file worker to the page): the English that its message
/// renders is left out (as the engine records it), and the reader makes it when it shows
/// it. A file's JSON writes it out (`Serialize` for [`Segment`] and [`Timer`]); both read
/// back into the same Trace.
pub struct AsHeld<'a, T>(pub &'a T);

impl Serialize for AsHeld<'_, Segment> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.out(Form::Held).serialize(s)
    }
}

impl Serialize for AsHeld<'_, Timer> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.out(Form::Held).serialize(s)
    }
}

/// Segments or timers that go from one part of wiretrace to another (the file worker to
/// the page) as the engine and the importer hold them: each [`AsHeld`], except that a
/// message made from a note goes as its note (`[items, notes]`, a note or `null` per item)
/// rather than made. The reader ([`HeldPart`]'s `Deserialize`) then holds the note too, 40
/// bytes in place (wasm32), where a message read from JSON is a key and a dozen strings on
/// the heap (about 440 bytes a segment of a long download, natively).
#[derive(Debug)]
pub struct HeldPart<T>(pub Vec<T>);

/// What [`HeldPart`] needs of a segment or a timer.
pub trait Held: Sized {
    /// Its note.
    type Note: Note + Serialize + for<'de> Deserialize<'de>;
    /// Its JSON as held, without a message made from a note.
    fn held_out(&self) -> impl Serialize + '_;
    /// Its message's note.
    fn held_note(&self) -> Option<&Self::Note>;
    /// The compact form of one read from JSON ([`Segment::compact`]).
    fn compact(&mut self);
    /// One read with its note: the note becomes its message.
    fn restore(&mut self, note: Self::Note);
}

/// [`Held`] for a segment and a timer, which differ only in their types.
macro_rules! held {
    ($item:ty, $note:ty) => {
        impl Held for $item {
            type Note = $note;
            fn held_out(&self) -> impl Serialize + '_ {
                self.out(Form::Part)
            }
            fn held_note(&self) -> Option<&$note> {
                self.msg.note()
            }
            fn compact(&mut self) {
                <$item>::compact(self)
            }
            fn restore(&mut self, note: $note) {
                <$item>::restore(self, note)
            }
        }
    };
}

held!(Segment, SegNote);
held!(Timer, TimerNoteMsg);

/// Writes `items` as a [`HeldPart`] reads them.
pub struct WriteHeld<'a, T>(pub &'a [T]);

impl<T: Held> Serialize for WriteHeld<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        struct Items<'a, T>(&'a [T]);
        impl<T: Held> Serialize for Items<'_, T> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().map(Held::held_out))
            }
        }
        struct Notes<'a, T>(&'a [T]);
        impl<T: Held> Serialize for Notes<'_, T> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().map(Held::held_note))
            }
        }
        let mut t = s.serialize_tuple(2)?;
        t.serialize_element(&Items(self.0))?;
        t.serialize_element(&Notes(self.0))?;
        t.end()
    }
}

impl<'de, T: Held + Deserialize<'de>> Deserialize<'de> for HeldPart<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (mut items, notes) = <(Vec<T>, Vec<Option<T::Note>>)>::deserialize(d)?;
        if notes.len() != items.len() {
            return Err(serde::de::Error::custom(alloc::format!(
                "{} notes for {} items",
                notes.len(),
                items.len()
            )));
        }
        for (item, note) in items.iter_mut().zip(notes) {
            match note {
                Some(n) => item.restore(n),
                None => item.compact(),
            }
        }
        Ok(HeldPart(items))
    }
}

/// Segments read from JSON, in the engine's compact form ([`Segment::compact`]), each as
/// it is read; how many so far is told as it goes ([`on_json_progress`]).
fn compact_segments<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Segment>, D::Error> {
    use serde::de::{SeqAccess, Visitor};
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<Segment>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            // As serde's own `Vec` says it.
            f.write_str("a sequence")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Segment>, A::Error> {
            // As serde's own `Vec` trusts a length it is told: up to about a megabyte.
            let told = seq.size_hint().unwrap_or(0);
            let mut v = Vec::with_capacity(told.min((1 << 20) / core::mem::size_of::<Segment>()));
            while let Some(mut s) = seq.next_element::<Segment>()? {
                s.compact();
                v.push(s);
                json_progress::every(v.len(), JsonProgress::Segments);
            }
            json_progress::last(v.len(), JsonProgress::Segments);
            Ok(v)
        }
    }
    d.deserialize_seq(V)
}

/// Timers read from JSON, in the engine's compact form ([`Timer::compact`]).
fn compact_timers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Timer>, D::Error> {
    let mut v = Vec::<Timer>::deserialize(d)?;
    v.iter_mut().for_each(Timer::compact);
    Ok(v)
}

/// What the engine (or, for a captured packet, the importer) noted when something happened,
/// from which its message is made when it is read ([`LazyMsg`]).
pub trait Note: Clone + fmt::Debug {
    /// What else the message is made from, besides the note: the segment, for a segment's
    /// note (which holds only what the segment does not); nothing for a timer's.
    type Of: ?Sized;
    /// The message.
    fn msg(&self, of: &Self::Of) -> Msg;
    /// The message's key (by default the message's, made for it).
    fn key(&self, of: &Self::Of) -> Cow<'static, str> {
        Cow::Owned(String::from(self.msg(of).key))
    }
}

/// What a segment's message is made from, besides the segment: the engine's note of why it
/// sent it, or the importer's choice of words for a packet it read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SegNote {
    /// A segment the engine sent.
    Sent(SentNote),
    /// A packet read from a capture.
    Captured(CapturedNote),
}

// A captured packet's note fits beside the engine's: the enum is no bigger than it.
const _: () = assert!(core::mem::size_of::<SegNote>() == core::mem::size_of::<SentNote>());

impl SegNote {
    /// The RFC section of the message, when the note names one.
    pub fn rfc(&self) -> Option<&'static str> {
        match self {
            SegNote::Sent(n) => Some(n.rfc()),
            SegNote::Captured(n) => n.rfc(),
        }
    }
}

impl Note for SegNote {
    type Of = Segment;
    fn msg(&self, seg: &Segment) -> Msg {
        match self {
            SegNote::Sent(n) => n.msg(seg),
            SegNote::Captured(n) => n.msg(seg),
        }
    }
    fn key(&self, seg: &Segment) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            SegNote::Sent(n) => n.key(seg),
            SegNote::Captured(n) => n.key(),
        })
    }
}

/// In a [`HeldPart`]: the engine's note as its tuple, a captured packet's as its number.
impl Serialize for SegNote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SegNote::Sent(n) => n.serialize(s),
            SegNote::Captured(n) => s.serialize_u8(n.number()),
        }
    }
}

impl<'de> Deserialize<'de> for SegNote {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, SeqAccess, Visitor};
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = SegNote;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sent segment's note (an array) or a captured packet's (a number)")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<SegNote, E> {
                CapturedNote::from_number(n)
                    .map(SegNote::Captured)
                    .ok_or_else(|| E::custom(alloc::format!("no captured packet's note {n}")))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<SegNote, A::Error> {
                SentNote::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(SegNote::Sent)
            }
        }
        d.deserialize_any(Either)
    }
}

impl Note for TimerNoteMsg {
    type Of = ();
    fn msg(&self, _: &()) -> Msg {
        TimerNoteMsg::msg(self)
    }
}

/// A segment's message ([`Segment::msg`]).
pub type SegMsg = LazyMsg<SegNote>;

/// A timer's message ([`Timer::msg`]).
pub type TimerMsg = LazyMsg<TimerNoteMsg>;

/// A message that is given (read from JSON, written by a story), or made on demand from a
/// note ([`Note`]: the engine's, or the importer's for a captured packet), so that recording
/// or importing a segment, or recording a timer, formats no text. [`LazyMsg::as_ref_of`] keeps the message it made (for what a reader
/// looks at); [`LazyMsg::get_of`] does not (for a pass over every segment or timer). A
/// segment's is read through [`Segment::message_kept`] and [`Segment::message`], a timer's
/// through [`LazyMsg::as_ref`] and [`LazyMsg::get`]. It is read from JSON as the
/// `Option<Msg>` it stands for (and written by `Segment`'s and `Timer`'s own JSON).
#[derive(Clone)]
pub struct LazyMsg<N> {
    note: Option<N>,
    /// The message given, or made from `note` and kept: one cell for both (a given one is
    /// set when the value is made), 8 bytes less per segment and timer than two.
    msg: OnceCell<Box<Msg>>,
}

impl<N> Default for LazyMsg<N> {
    fn default() -> Self {
        LazyMsg {
            note: None,
            msg: OnceCell::new(),
        }
    }
}

impl<N: Note> LazyMsg<N> {
    /// A note, from which the message is made when read.
    pub fn noted(note: N) -> Self {
        LazyMsg {
            note: Some(note),
            ..LazyMsg::default()
        }
    }

    /// The message, made once (from the note and `of`) and kept.
    pub fn as_ref_of(&self, of: &N::Of) -> Option<&Msg> {
        if let Some(m) = self.msg.get() {
            return Some(m);
        }
        let note = self.note.as_ref()?;
        Some(self.msg.get_or_init(|| Box::new(note.msg(of))))
    }

    /// The message, made again each time (from the note and `of`) unless it was kept.
    pub fn get_of(&self, of: &N::Of) -> Option<Cow<'_, Msg>> {
        if let Some(m) = self.msg.get() {
            return Some(Cow::Borrowed(m));
        }
        self.note.as_ref().map(|n| Cow::Owned(n.msg(of)))
    }

    /// The message's key, without keeping the message.
    pub fn key_of(&self, of: &N::Of) -> Option<Cow<'_, str>> {
        if let Some(m) = self.msg.get() {
            return Some(Cow::Borrowed(m.key.as_str()));
        }
        self.note.as_ref().map(|n| n.key(of))
    }

    /// The note from which the message is made (`None` for a message given as it is: read
    /// from JSON, written by a story).
    pub fn note(&self) -> Option<&N> {
        self.note.as_ref()
    }

    /// True if there is a message.
    pub fn is_some(&self) -> bool {
        self.msg.get().is_some() || self.note.is_some()
    }

    /// True without a message.
    pub fn is_none(&self) -> bool {
        !self.is_some()
    }

    /// A message given as it is (not made from a note), to change it.
    pub fn given_mut(&mut self) -> Option<&mut Msg> {
        match self.note {
            Some(_) => None,
            None => self.msg.get_mut().map(|m| &mut **m),
        }
    }
}

/// A message whose note is all it is made from (a timer's).
impl<N: Note<Of = ()>> LazyMsg<N> {
    /// The message, made once and kept.
    pub fn as_ref(&self) -> Option<&Msg> {
        self.as_ref_of(&())
    }

    /// The message, made again each time unless it was kept.
    pub fn get(&self) -> Option<Cow<'_, Msg>> {
        self.get_of(&())
    }
}

impl<N> From<Msg> for LazyMsg<N> {
    fn from(m: Msg) -> Self {
        LazyMsg {
            note: None,
            msg: OnceCell::from(Box::new(m)),
        }
    }
}

impl<N> From<Option<Msg>> for LazyMsg<N> {
    fn from(m: Option<Msg>) -> Self {
        m.map(LazyMsg::from).unwrap_or_default()
    }
}

/// The same message (a segment's is compared with its segment: `PartialEq` for
/// [`Segment`]).
impl<N: Note<Of = ()>> PartialEq for LazyMsg<N> {
    fn eq(&self, o: &Self) -> bool {
        self.get() == o.get()
    }
}

/// The note, or the message given.
impl<N: Note> fmt::Debug for LazyMsg<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.note, self.msg.get()) {
            (Some(n), _) => fmt::Debug::fmt(n, f),
            (None, m) => fmt::Debug::fmt(&m, f),
        }
    }
}

impl<'de, N> Deserialize<'de> for LazyMsg<N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<Msg>::deserialize(d).map(LazyMsg::from)
    }
}
