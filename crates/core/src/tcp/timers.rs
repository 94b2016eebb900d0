//! The endpoint's timers (one deadline per kind) and the RFC 6298 round-trip estimator.

use crate::trace::TimerKind;

/// The timer kinds an endpoint runs, in the order they are checked when several are due.
pub const KINDS: [TimerKind; 7] = [
    TimerKind::Rto,
    TimerKind::Persist,
    TimerKind::DelayedAck,
    TimerKind::Keepalive,
    TimerKind::UserTimeout,
    TimerKind::FinWait2,
    TimerKind::TimeWait,
];

/// Index of a kind in [`KINDS`].
pub fn slot(kind: TimerKind) -> usize {
    match kind {
        TimerKind::Rto => 0,
        TimerKind::Persist => 1,
        TimerKind::DelayedAck => 2,
        TimerKind::Keepalive => 3,
        TimerKind::UserTimeout => 4,
        TimerKind::FinWait2 => 5,
        TimerKind::TimeWait => 6,
        // Application and middlebox timers never live in an endpoint.
        TimerKind::Heartbeat
        | TimerKind::Liveness
        | TimerKind::Poll
        | TimerKind::IdleTimeout
        | TimerKind::App => unreachable!("not an endpoint timer: {kind:?}"),
    }
}

/// One deadline per kind.
#[derive(Clone, Copy, Debug, Default)]
pub struct Deadlines {
    at: [Option<u64>; 7],
}

impl Deadlines {
    /// The deadline of a kind.
    pub fn get(&self, kind: TimerKind) -> Option<u64> {
        self.at[slot(kind)]
    }

    /// Sets or clears a deadline.
    pub fn set(&mut self, kind: TimerKind, at: Option<u64>) {
        self.at[slot(kind)] = at;
    }

    /// The earliest deadline.
    pub fn earliest(&self) -> Option<u64> {
        self.at.iter().flatten().copied().min()
    }

    /// The first kind (in [`KINDS`] order) due at `now`.
    pub fn due(&self, now: u64) -> Option<TimerKind> {
        KINDS
            .iter()
            .copied()
            .find(|&k| self.at[slot(k)].is_some_and(|t| t <= now))
    }
}

/// Clock granularity G of RFC 6298 (we measure in microseconds; 1 ms is a typical tick).
const GRANULARITY_US: u64 = 1_000;

/// RFC 6298 retransmission timer state: SRTT, RTTVAR, RTO and the backoff.
#[derive(Clone, Copy, Debug)]
pub struct Rtt {
    /// Smoothed round-trip time, once measured.
    pub srtt: Option<u64>,
    /// Round-trip time variation.
    pub rttvar: u64,
    /// The RTO before backoff.
    pub rto: u64,
    /// Backoff multiplier (doubles on each expiry, RFC 6298 5.5).
    pub backoff: u32,
    min: u64,
    max: u64,
}

impl Rtt {
    /// An estimator with no measurement: RTO = `initial` (RFC 6298 2.1).
    pub fn new(initial: u64, min: u64, max: u64) -> Self {
        Rtt {
            srtt: None,
            rttvar: 0,
            rto: initial.clamp(min.min(initial), max),
            backoff: 1,
            min,
            max,
        }
    }

    /// The timeout to arm now: RTO times the backoff, capped at the maximum.
    pub fn current(&self) -> u64 {
        self.rto
            .saturating_mul(u64::from(self.backoff))
            .min(self.max)
    }

    /// Feeds a measurement R (RFC 6298 2.2 and 2.3), then clamps (2.4, 2.5). A valid
    /// measurement is also what ends a backoff (Karn's rule, RFC 6298 5): an ACK of
    /// retransmitted data gives none and leaves the backed-off RTO in place.
    pub fn sample(&mut self, r: u64) {
        self.backoff = 1;
        match self.srtt {
            None => {
                self.srtt = Some(r);
                self.rttvar = r / 2;
            }
            Some(srtt) => {
                // RTTVAR <- 3/4 RTTVAR + 1/4 |SRTT - R'|; SRTT <- 7/8 SRTT + 1/8 R'.
                let delta = srtt.abs_diff(r);
                self.rttvar = (3 * self.rttvar + delta) / 4;
                self.srtt = Some((7 * srtt + r) / 8);
            }
        }
        let srtt = self.srtt.unwrap_or(r);
        let rto = srtt + GRANULARITY_US.max(4 * self.rttvar);
        self.rto = rto.clamp(self.min, self.max);
    }

    /// RFC 6298 5.7: when a SYN had to be retransmitted and no round trip was measured,
    /// the RTO is re-initialized once data transmission begins: the backoff ends and the
    /// RTO is `fallback` (3 s) if it was shorter. Returns true if it changed the RTO.
    pub fn fall_back(&mut self, fallback: u64) -> bool {
        if self.srtt.is_some() {
            return false;
        }
        self.backoff = 1;
        let rto = fallback.min(self.max);
        if self.rto < rto {
            self.rto = rto;
            true
        } else {
            false
        }
    }

    /// Doubles the backoff after an expiry (RFC 6298 5.5), stopping at the maximum RTO.
    pub fn back_off(&mut self) {
        if self.current() < self.max {
            self.backoff = self.backoff.saturating_mul(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sample_sets_srtt_and_half_rttvar() {
        let mut r = Rtt::new(1_000_000, 200_000, 60_000_000);
        assert_eq!(r.current(), 1_000_000);
        r.sample(100_000);
        assert_eq!(r.srtt, Some(100_000));
        assert_eq!(r.rttvar, 50_000);
        // 100 ms + 4 * 50 ms = 300 ms.
        assert_eq!(r.current(), 300_000);
        r.sample(100_000);
        assert_eq!(r.rttvar, 37_500);
        assert_eq!(r.current(), 250_000);
    }

    #[test]
    fn only_a_sample_or_the_syn_fallback_ends_a_backoff() {
        let mut r = Rtt::new(1_000_000, 1_000_000, 60_000_000);
        r.back_off();
        assert_eq!(r.current(), 2_000_000);
        r.sample(40_000);
        assert_eq!((r.backoff, r.current()), (1, 1_000_000));
        // RFC 6298 5.7: no sample from a retransmitted SYN, so 3 s and no backoff.
        let mut r = Rtt::new(1_000_000, 1_000_000, 60_000_000);
        r.back_off();
        r.back_off();
        assert_eq!(r.current(), 4_000_000);
        assert!(r.fall_back(3_000_000));
        assert_eq!((r.backoff, r.current()), (1, 3_000_000));
        // Already at least 3 s: the RTO stays, the backoff still ends.
        let mut r = Rtt::new(5_000_000, 1_000_000, 60_000_000);
        r.back_off();
        assert!(!r.fall_back(3_000_000));
        assert_eq!(r.current(), 5_000_000);
        // Once measured, the fallback does not apply.
        let mut r = Rtt::new(1_000_000, 1_000_000, 60_000_000);
        r.sample(40_000);
        r.back_off();
        assert!(!r.fall_back(3_000_000));
        assert_eq!(r.current(), 2_000_000);
    }

    #[test]
    fn rto_is_clamped_and_backs_off_to_the_maximum() {
        let mut r = Rtt::new(1_000_000, 1_000_000, 60_000_000);
        r.sample(40_000);
        assert_eq!(r.current(), 1_000_000);
        for _ in 0..10 {
            r.back_off();
        }
        assert_eq!(r.current(), 60_000_000);
    }

    /// RFC 6298 5.5 and 2.5: the backoff doubles the timer until it reaches the maximum RTO;
    /// past it the multiplier stops (the trace's timer note reports it), as the timer does.
    #[test]
    fn the_backoff_stops_doubling_at_the_maximum() {
        let mut r = Rtt::new(1_000_000, 1_000_000, 60_000_000);
        for _ in 0..6 {
            r.back_off();
        }
        // 1 s * 64 is past 60 s: capped, and the multiplier that got there stays.
        assert_eq!((r.backoff, r.current()), (64, 60_000_000));
        r.back_off();
        assert_eq!((r.backoff, r.current()), (64, 60_000_000));
        // Exactly at the maximum counts as reached.
        let mut r = Rtt::new(15_000_000, 1_000_000, 60_000_000);
        r.back_off();
        r.back_off();
        assert_eq!((r.backoff, r.current()), (4, 60_000_000));
        r.back_off();
        assert_eq!(r.backoff, 4);
    }

    /// RFC 6298 5.7: the fallback raises an RTO below 3 s; an RTO of exactly 3 s is not
    /// changed, and `fall_back` says so (the RTO note's fallback flag reads this answer).
    #[test]
    fn the_syn_fallback_changes_only_a_shorter_rto() {
        let mut r = Rtt::new(3_000_000, 1_000_000, 60_000_000);
        r.back_off();
        assert!(!r.fall_back(3_000_000));
        assert_eq!((r.backoff, r.current()), (1, 3_000_000));
    }
}
