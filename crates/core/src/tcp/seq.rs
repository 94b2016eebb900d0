//! Sequence numbers: 32-bit values compared modulo 2^32 (RFC 9293 section 3.4).

use core::cmp::Ordering;
use core::fmt;
use core::ops::{Add, AddAssign, Sub};

/// A TCP sequence number. Arithmetic wraps; ordering is defined only between numbers less
/// than 2^31 apart, as RFC 9293 section 3.4 requires, and is computed by signed difference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SeqNum(pub u32);

impl SeqNum {
    /// The raw value on the wire.
    pub fn raw(self) -> u32 {
        self.0
    }

    /// The signed distance `self - other`, valid when they are less than 2^31 apart.
    pub fn diff(self, other: SeqNum) -> i32 {
        self.0.wrapping_sub(other.0) as i32
    }

    /// `low <= self < high`, modulo 2^32.
    pub fn in_window(self, low: SeqNum, high: SeqNum) -> bool {
        low <= self && self < high
    }

    /// The larger of two sequence numbers (in modular order).
    pub fn max(self, other: SeqNum) -> SeqNum {
        if self >= other {
            self
        } else {
            other
        }
    }

    /// The smaller of two sequence numbers (in modular order).
    pub fn min(self, other: SeqNum) -> SeqNum {
        if self <= other {
            self
        } else {
            other
        }
    }
}

impl PartialOrd for SeqNum {
    fn partial_cmp(&self, other: &SeqNum) -> Option<Ordering> {
        Some(self.diff(*other).cmp(&0))
    }
}

impl Add<usize> for SeqNum {
    type Output = SeqNum;

    fn add(self, rhs: usize) -> SeqNum {
        // Only lengths below 2^31 are meaningful; larger ones are a caller bug, but still wrap.
        SeqNum(self.0.wrapping_add(rhs as u32))
    }
}

impl AddAssign<usize> for SeqNum {
    fn add_assign(&mut self, rhs: usize) {
        *self = *self + rhs;
    }
}

impl Sub<usize> for SeqNum {
    type Output = SeqNum;

    fn sub(self, rhs: usize) -> SeqNum {
        SeqNum(self.0.wrapping_sub(rhs as u32))
    }
}

impl Sub for SeqNum {
    type Output = usize;

    /// Bytes from `rhs` up to `self`; `rhs` must not be after `self`.
    fn sub(self, rhs: SeqNum) -> usize {
        let d = self.diff(rhs);
        debug_assert!(d >= 0, "sequence subtraction underflow: {self} - {rhs}");
        d.max(0) as usize
    }
}

impl fmt::Display for SeqNum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_across_the_wrap() {
        let near_top = SeqNum(u32::MAX - 2);
        let wrapped = near_top + 5;
        assert_eq!(wrapped, SeqNum(2));
        assert!(near_top < wrapped);
        assert!(wrapped > near_top);
        assert_eq!(wrapped - near_top, 5);
        assert!(SeqNum(0).in_window(near_top, wrapped));
        assert_eq!(near_top.max(wrapped), wrapped);
    }

    /// RFC 9293 3.4: a window `low <= x < high` holds its left edge, not its right one; the
    /// raw value is the one on the wire and prints as a plain number.
    #[test]
    fn window_edges_min_and_the_wire_value() {
        let low = SeqNum(u32::MAX - 1);
        let high = low + 4;
        assert!(low.in_window(low, high));
        assert!((high - 1).in_window(low, high));
        assert!(!high.in_window(low, high));
        assert!(!(low - 1).in_window(low, high));
        assert_eq!(low.min(high), low);
        assert_eq!(high.min(low), low);
        assert_eq!(high.max(low), high);
        assert_eq!(high.raw(), 2);
        assert_eq!(SeqNum(3_141_592_653).raw(), 3_141_592_653);
        assert_eq!(alloc::format!("{}", SeqNum(3_141_592_653)), "3141592653");
    }
}
