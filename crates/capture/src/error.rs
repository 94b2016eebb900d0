//! The one error type of the importers: where in the file, and what was expected there.

use std::fmt;

/// Where in the input a problem was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// Byte offset from the start of the file (binary formats).
    Byte(u64),
    /// Line number, from 1 (tcpdump text).
    Line(u64),
    /// The whole file (nothing usable in it).
    File,
}

/// Why a capture could not be read. `Display` gives one line naming the place and what was
/// expected there, e.g. `at byte 24: packet record claims 4000000000 bytes, expected at most
/// 262144 (corrupt file?)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// Where.
    pub at: Location,
    /// What was wrong, and what was expected instead.
    pub what: String,
}

impl ImportError {
    pub(crate) fn at_byte(offset: u64, what: impl Into<String>) -> Self {
        ImportError {
            at: Location::Byte(offset),
            what: what.into(),
        }
    }

    pub(crate) fn file(what: impl Into<String>) -> Self {
        ImportError {
            at: Location::File,
            what: what.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Location::Byte(b) => write!(f, "at byte {b}: {}", self.what),
            Location::Line(l) => write!(f, "at line {l}: {}", self.what),
            Location::File => f.write_str(&self.what),
        }
    }
}

impl std::error::Error for ImportError {}
