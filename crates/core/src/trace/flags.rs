//! [`Flags`]: a segment's control bits, kept inline.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::Deref;

use serde::de::{Error, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Flag;

/// A segment's control bits as a list, in the order they were given (the engine and the
/// importers give them in wire-name order, [`Flag::ALL`]). Kept inline, so recording a
/// segment allocates nothing for them (a `Vec<Flag>` cost a heap block per segment). It
/// reads as a `&[Flag]`, compares with slices, arrays and `Vec<Flag>`, and is written to
/// JSON as the list it holds: the Trace's format does not change. A TCP header has eight
/// control bits, so a list holds at most eight; JSON with more is refused by name.
#[derive(Clone, Copy)]
pub struct Flags {
    list: [Flag; 8],
    len: u8,
}

impl Flags {
    /// The most a list holds.
    pub const MAX: usize = 8;

    /// No flags (a UDP datagram).
    pub const fn new() -> Flags {
        Flags {
            list: [Flag::Fin; 8],
            len: 0,
        }
    }

    /// The flags set in a TCP header's flags byte, in wire-name order.
    pub fn from_bits(bits: u8) -> Flags {
        let mut out = Flags::new();
        for f in Flag::ALL {
            if bits & f.bit() != 0 {
                out.push(f);
            }
        }
        out
    }

    /// The flags byte.
    pub fn bits(&self) -> u8 {
        Flag::to_bits(self)
    }

    /// The list.
    pub fn as_slice(&self) -> &[Flag] {
        &self.list[..usize::from(self.len)]
    }

    /// Adds a flag at the end; false (and nothing added) when the list is full.
    pub fn push(&mut self, f: Flag) -> bool {
        let Some(slot) = self.list.get_mut(usize::from(self.len)) else {
            return false;
        };
        *slot = f;
        self.len += 1;
        true
    }
}

impl Default for Flags {
    fn default() -> Self {
        Flags::new()
    }
}

impl Deref for Flags {
    type Target = [Flag];
    fn deref(&self) -> &[Flag] {
        self.as_slice()
    }
}

impl AsRef<[Flag]> for Flags {
    fn as_ref(&self) -> &[Flag] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Flags {
    type Item = &'a Flag;
    type IntoIter = core::slice::Iter<'a, Flag>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

/// The first [`Flags::MAX`] of a list, in its order (lists from input go through
/// deserializing, which refuses longer ones).
impl FromIterator<Flag> for Flags {
    fn from_iter<I: IntoIterator<Item = Flag>>(iter: I) -> Flags {
        let mut out = Flags::new();
        for f in iter {
            if !out.push(f) {
                break;
            }
        }
        out
    }
}

impl From<&[Flag]> for Flags {
    fn from(list: &[Flag]) -> Flags {
        list.iter().copied().collect()
    }
}

impl<const N: usize> From<[Flag; N]> for Flags {
    fn from(list: [Flag; N]) -> Flags {
        list.into_iter().collect()
    }
}

impl From<alloc::vec::Vec<Flag>> for Flags {
    fn from(list: alloc::vec::Vec<Flag>) -> Flags {
        list.into_iter().collect()
    }
}

impl PartialEq for Flags {
    fn eq(&self, other: &Flags) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Flags {}

impl Hash for Flags {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state)
    }
}

impl PartialEq<[Flag]> for Flags {
    fn eq(&self, other: &[Flag]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<&[Flag]> for Flags {
    fn eq(&self, other: &&[Flag]) -> bool {
        self.as_slice() == *other
    }
}

impl<const N: usize> PartialEq<[Flag; N]> for Flags {
    fn eq(&self, other: &[Flag; N]) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl PartialEq<alloc::vec::Vec<Flag>> for Flags {
    fn eq(&self, other: &alloc::vec::Vec<Flag>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl Serialize for Flags {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Flags {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Flags, D::Error> {
        struct List;
        impl<'de> Visitor<'de> for List {
            type Value = Flags;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of at most 8 TCP flags")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Flags, A::Error> {
                let mut out = Flags::new();
                while let Some(f) = seq.next_element::<Flag>()? {
                    if !out.push(f) {
                        return Err(A::Error::invalid_length(Flags::MAX + 1, &self));
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_seq(List)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn reads_writes_and_compares_as_the_list_it_holds() {
        let f = Flags::from_bits(0x12);
        assert_eq!(f, [Flag::Syn, Flag::Ack]);
        assert_eq!(f, vec![Flag::Syn, Flag::Ack]);
        assert_eq!(f.bits(), 0x12);
        assert!(f.contains(&Flag::Ack) && !f.contains(&Flag::Fin));
        assert_eq!(f.len(), 2);
        assert!(Flags::new().is_empty());
        assert_eq!(Flags::default(), Flags::from_bits(0));
        assert_eq!(Flags::from_bits(0xff).as_slice(), Flag::ALL);
        // As a Vec<Flag> was: the JSON does not change.
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            json,
            serde_json::to_string(&vec![Flag::Syn, Flag::Ack]).unwrap()
        );
        assert_eq!(serde_json::from_str::<Flags>(&json).unwrap(), f);
        // Equal lists are equal whatever the unused slots hold.
        let mut a = Flags::from([Flag::Fin, Flag::Ack]);
        let b = Flags::from([Flag::Ack]);
        assert_ne!(a, b);
        a = Flags::from(&a[1..]);
        assert_eq!(a, b);
        assert_eq!(alloc::format!("{a:?}"), "[Ack]");
    }

    #[test]
    fn keeps_the_order_given_and_refuses_more_than_eight() {
        let given: Flags = serde_json::from_str(r#"["ACK","SYN"]"#).unwrap();
        assert_eq!(given, [Flag::Ack, Flag::Syn]);
        let nine = r#"["ACK","ACK","ACK","ACK","ACK","ACK","ACK","ACK","ACK"]"#;
        let err = serde_json::from_str::<Flags>(nine).unwrap_err().to_string();
        assert!(err.contains("at most 8 TCP flags"), "{err}");
        assert!(serde_json::from_str::<Flags>(r#"["NOPE"]"#).is_err());
        assert!(serde_json::from_str::<Flags>(r#""ACK""#).is_err());
        let mut full = Flags::from_bits(0xff);
        assert!(!full.push(Flag::Ack), "a full list takes no more");
        assert_eq!(full.len(), 8);
    }
}
