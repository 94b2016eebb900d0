//! The eleven connection states of RFC 9293 section 3.3.2.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A TCP connection state. `Display` and serde use the RFC's names (`SYN-SENT`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// No connection (RFC 9293: "fictional", but useful as the start and the end).
    #[default]
    Closed,
    /// Waiting for a connection request from any remote TCP.
    Listen,
    /// Sent a SYN, waiting for a matching SYN.
    SynSent,
    /// Received and sent a SYN, waiting for the acknowledgment of ours.
    SynReceived,
    /// Open: data flows both ways.
    Established,
    /// We closed; waiting for the ACK of our FIN or the peer's FIN.
    FinWait1,
    /// Our FIN is acknowledged; waiting for the peer's FIN.
    FinWait2,
    /// The peer closed; waiting for our user to close.
    CloseWait,
    /// Both closed at once; waiting for the ACK of our FIN.
    Closing,
    /// The peer closed first, then we did; waiting for the ACK of our FIN.
    LastAck,
    /// Waiting 2*MSL so that the peer surely received the ACK of its FIN.
    TimeWait,
}

impl State {
    /// All states, in the order RFC 9293 lists them.
    pub const ALL: [State; 11] = [
        State::Listen,
        State::SynSent,
        State::SynReceived,
        State::Established,
        State::FinWait1,
        State::FinWait2,
        State::CloseWait,
        State::Closing,
        State::LastAck,
        State::TimeWait,
        State::Closed,
    ];

    /// The RFC name.
    pub fn name(self) -> &'static str {
        match self {
            State::Closed => "CLOSED",
            State::Listen => "LISTEN",
            State::SynSent => "SYN-SENT",
            State::SynReceived => "SYN-RECEIVED",
            State::Established => "ESTABLISHED",
            State::FinWait1 => "FIN-WAIT-1",
            State::FinWait2 => "FIN-WAIT-2",
            State::CloseWait => "CLOSE-WAIT",
            State::Closing => "CLOSING",
            State::LastAck => "LAST-ACK",
            State::TimeWait => "TIME-WAIT",
        }
    }

    /// True in the states where the connection is synchronized (RFC 9293 3.5.2 "synchronized").
    pub fn is_synchronized(self) -> bool {
        !matches!(
            self,
            State::Closed | State::Listen | State::SynSent | State::SynReceived
        )
    }
}

impl State {
    /// True when RFC 9293 allows going from `self` to `to` in one step: the arrows of the
    /// state diagram (section 3.3.2, figure 5) plus the edges every state has to CLOSED on
    /// ABORT, on an acceptable RST and on a timeout (sections 3.10.7.4 and 3.10.8).
    pub fn can_go_to(self, to: State) -> bool {
        use State::*;
        match (self, to) {
            // OPEN calls.
            (Closed, Listen) | (Closed, SynSent) => true,
            // Receive SYN; SEND on a listening socket; CLOSE.
            (Listen, SynReceived) | (Listen, SynSent) | (Listen, Closed) => true,
            // Simultaneous open; SYN,ACK; CLOSE, RST or timeout.
            (SynSent, SynReceived) | (SynSent, Established) | (SynSent, Closed) => true,
            // ACK of SYN; CLOSE; RST of a passive open; RST, abort or timeout.
            (SynReceived, Established)
            | (SynReceived, FinWait1)
            | (SynReceived, Listen)
            | (SynReceived, Closed) => true,
            // CLOSE; FIN received; RST, abort or timeout.
            (Established, FinWait1) | (Established, CloseWait) | (Established, Closed) => true,
            // ACK of FIN; FIN received; FIN and ACK of FIN together; RST, abort, timeout.
            (FinWait1, FinWait2)
            | (FinWait1, Closing)
            | (FinWait1, TimeWait)
            | (FinWait1, Closed) => true,
            // FIN received; RST, abort or the FIN-WAIT-2 timeout.
            (FinWait2, TimeWait) | (FinWait2, Closed) => true,
            // CLOSE; RST, abort or timeout.
            (CloseWait, LastAck) | (CloseWait, Closed) => true,
            // ACK of FIN; RST, abort or timeout.
            (Closing, TimeWait) | (Closing, Closed) => true,
            // ACK of FIN (or RST, abort, timeout).
            (LastAck, Closed) => true,
            // 2*MSL passed (or RST).
            (TimeWait, Closed) => true,
            _ => false,
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error for a string that names no state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownState;

impl fmt::Display for UnknownState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a TCP state name (expected e.g. SYN-SENT or ESTABLISHED)")
    }
}

impl FromStr for State {
    type Err = UnknownState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        State::ALL
            .iter()
            .copied()
            .find(|st| st.name().eq_ignore_ascii_case(s) || st.name().replace_dash_eq(s))
            .ok_or(UnknownState)
    }
}

/// Accept `SYN_SENT` for `SYN-SENT` (the spelling many tools and the seed use).
trait ReplaceDashEq {
    fn replace_dash_eq(&self, other: &str) -> bool;
}

impl ReplaceDashEq for &str {
    fn replace_dash_eq(&self, other: &str) -> bool {
        self.len() == other.len()
            && self.bytes().zip(other.bytes()).all(|(a, b)| {
                let b = if b == b'_' { b'-' } else { b };
                a.eq_ignore_ascii_case(&b)
            })
    }
}

impl Serialize for State {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <alloc::string::String as Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for st in State::ALL {
            assert_eq!(st.name().parse::<State>(), Ok(st));
        }
        assert_eq!("syn_sent".parse::<State>(), Ok(State::SynSent));
        assert_eq!("SYN_SEND".parse::<State>(), Err(UnknownState));
    }

    /// RFC 9293 3.5.2: only the states after the handshake are "synchronized".
    #[test]
    fn the_synchronized_states_are_those_after_the_handshake() {
        let before = [
            State::Closed,
            State::Listen,
            State::SynSent,
            State::SynReceived,
        ];
        for st in State::ALL {
            assert_eq!(st.is_synchronized(), !before.contains(&st), "{st}");
        }
    }

    /// RFC 9293 3.3.2, figure 5: a connection never skips the handshake or goes back to it.
    #[test]
    fn transitions_off_the_diagram_are_refused() {
        use State::*;
        for (from, to) in [
            (Closed, Established),
            (Listen, Established),
            (SynSent, FinWait1),
            (Established, SynSent),
            (Established, Listen),
            (FinWait2, FinWait1),
            (CloseWait, FinWait1),
            (TimeWait, Established),
            (LastAck, TimeWait),
        ] {
            assert!(!from.can_go_to(to), "{from} -> {to}");
        }
        // Every state can go somewhere, and no state to itself.
        for st in State::ALL {
            assert!(State::ALL.iter().any(|&to| st.can_go_to(to)), "{st}");
            assert!(!st.can_go_to(st), "{st} -> {st}");
        }
    }

    /// `Display`, serde and the parse error use the RFC's spelling (RFC 9293 3.3.2).
    #[test]
    fn display_serde_and_the_error_say_the_rfc_names() {
        use alloc::string::ToString;
        assert_eq!(State::SynSent.to_string(), "SYN-SENT");
        assert_eq!(State::TimeWait.to_string(), "TIME-WAIT");
        assert_eq!(
            serde_json::to_string(&State::FinWait2).unwrap(),
            "\"FIN-WAIT-2\""
        );
        assert_eq!(
            serde_json::from_str::<State>("\"CLOSE-WAIT\"").unwrap(),
            State::CloseWait
        );
        let err = serde_json::from_str::<State>("\"HALF-OPEN\"").unwrap_err();
        assert!(err.to_string().contains("not a TCP state name"), "{err}");
        assert!(UnknownState.to_string().contains("SYN-SENT"));
    }
}
