//! The one error type of the importers: where in the file, and what was expected there.

use std::fmt;

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::Msg;

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
/// expected there, e.g. `at byte 24: packet record 1 claims 4000000000 bytes, expected at
/// most 1048576 (corrupt file?)`; [`ImportError::render`] gives it in a language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// Where.
    pub at: Location,
    /// What was wrong, and what was expected instead (an `error.capture.*` message).
    pub what: Msg,
}

impl ImportError {
    pub(crate) fn at_byte(offset: u64, key: &str, args: &[(&str, String)]) -> Self {
        ImportError {
            at: Location::Byte(offset),
            what: Msg::new(key, args),
        }
    }

    pub(crate) fn file(key: &str, args: &[(&str, String)]) -> Self {
        ImportError {
            at: Location::File,
            what: Msg::new(key, args),
        }
    }

    /// The one line, in a language.
    pub fn render(&self, lang: Lang) -> String {
        let what = i18n::render(lang, &self.what);
        let at = |key: &str, n: u64| {
            i18n::MESSAGES.text(lang, key, &[("n", &n.to_string()), ("what", &what)])
        };
        match self.at {
            Location::Byte(b) => at("error.capture.at_byte", b),
            Location::Line(l) => at("error.capture.at_line", l),
            Location::File => what,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for ImportError {}
