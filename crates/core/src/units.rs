//! Quantities as the text of message arguments: a [`crate::trace::Msg`] carries its
//! numbers as strings, and every duration in a sentence reads the same way.

use alloc::string::{String, ToString};

/// Microseconds as milliseconds for a sentence: `20`, `1.5`, `0.125`.
pub fn ms(us: u64) -> String {
    let whole = us / 1000;
    let frac = us % 1000;
    if frac == 0 {
        whole.to_string()
    } else {
        let mut s = alloc::format!("{whole}.{frac:03}");
        while s.ends_with('0') {
            s.pop();
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::ms;

    #[test]
    fn milliseconds_read_naturally() {
        assert_eq!(ms(20_000), "20");
        assert_eq!(ms(1_500), "1.5");
        assert_eq!(ms(125), "0.125");
        assert_eq!(ms(0), "0");
    }
}
