//! Links: one-way latency, jitter, bandwidth (serialization delay), faults, and a drop-tail
//! queue in front of the wire.

use alloc::vec::Vec;

use super::rng::Rng;

/// How a link behaves, the same in both directions (each direction draws its own random
/// numbers). Times in microseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSpec {
    /// One-way propagation delay.
    pub latency_us: u64,
    /// Extra delay drawn uniformly from `0..=jitter_us` per packet (may reorder).
    pub jitter_us: u64,
    /// Bits per second; 0 means unlimited (no serialization delay).
    pub bandwidth_bps: u64,
    /// Probability that a packet is lost.
    pub loss: f64,
    /// Trace segment ids that are lost on this link (the `drop=3,7` parameter).
    pub drop_ids: Vec<u32>,
    /// Probability that a packet is duplicated (the copy arrives too).
    pub dup: f64,
    /// Probability that a packet is held back long enough to arrive after later ones.
    pub reorder: f64,
    /// The link goes down at this time (packets on it are lost) ...
    pub cut_at_us: Option<u64>,
    /// ... and comes back at this time (`None`: never).
    pub restore_at_us: Option<u64>,
    /// A drop-tail queue of this many packets in front of the wire, the one being sent
    /// included (a router's buffer at a bottleneck): a sender may always hand a packet
    /// over; one that finds the queue full is lost there (without drawing the link's random
    /// numbers). `None`: no queue of its own, the sender waits for the wire.
    pub queue: Option<u32>,
}

impl Default for LinkSpec {
    fn default() -> Self {
        LinkSpec {
            latency_us: 20_000,
            jitter_us: 0,
            bandwidth_bps: 0,
            loss: 0.0,
            drop_ids: Vec::new(),
            dup: 0.0,
            reorder: 0.0,
            cut_at_us: None,
            restore_at_us: None,
            queue: None,
        }
    }
}

impl LinkSpec {
    /// A fault-free link with this one-way latency.
    pub fn with_latency(latency_us: u64) -> Self {
        LinkSpec {
            latency_us,
            ..LinkSpec::default()
        }
    }

    /// Serialization delay of `bytes` on the wire.
    pub fn tx_time(&self, bytes: usize) -> u64 {
        if self.bandwidth_bps == 0 {
            0
        } else {
            (bytes as u64 * 8 * 1_000_000).div_ceil(self.bandwidth_bps)
        }
    }

    /// True when the link is down at `t`.
    pub fn is_cut(&self, t: u64) -> bool {
        match (self.cut_at_us, self.restore_at_us) {
            (Some(c), Some(r)) => c <= t && t < r,
            (Some(c), None) => c <= t,
            (None, _) => false,
        }
    }
}

/// What a link does to one packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Arrives at the far end at this time.
    Arrive(u64),
    /// Lost; it would have been halfway at this time.
    Lost(u64),
}

/// One direction of a link: its queue and its random numbers.
#[derive(Clone, Debug)]
pub struct Direction {
    /// The wire is busy until this time (serialization of earlier packets).
    pub busy_until: u64,
    /// A "link free" wake-up is already scheduled.
    pub wake_scheduled: bool,
    /// With a queue: when each packet waiting or on the wire leaves it, oldest first.
    leaving: alloc::collections::VecDeque<u64>,
    rng: Rng,
}

impl Direction {
    /// A fresh direction with its own generator.
    pub fn new(rng: Rng) -> Self {
        Direction {
            busy_until: 0,
            wake_scheduled: false,
            leaving: alloc::collections::VecDeque::new(),
            rng,
        }
    }

    /// Puts a packet of `bytes` (trace id `id`) on the wire at `now` (after anything queued).
    /// Returns when it leaves, what happens to it, and whether the network duplicates it
    /// (with the copy's own verdict).
    pub fn transmit(
        &mut self,
        spec: &LinkSpec,
        now: u64,
        bytes: usize,
        id: u32,
        first_hop: bool,
    ) -> (u64, Verdict, Option<Verdict>) {
        let depart = now.max(self.busy_until);
        let tx = spec.tx_time(bytes);
        if let Some(limit) = spec.queue {
            // Packets still waiting (or being sent) take room in the queue.
            while self.leaving.front().is_some_and(|&t| t <= now) {
                self.leaving.pop_front();
            }
            if self.leaving.len() >= limit as usize {
                // Drop-tail: the full queue loses the newcomer at its door.
                return (now, Verdict::Lost(now), None);
            }
            self.leaving.push_back(depart + tx);
        }
        self.busy_until = depart + tx;
        let verdict = self.fate(spec, depart, tx, id, first_hop);
        let copy = if spec.dup > 0.0 && self.rng.chance(spec.dup) {
            Some(self.fate(spec, depart, tx, u32::MAX, false))
        } else {
            None
        };
        (depart, verdict, copy)
    }

    fn fate(&mut self, spec: &LinkSpec, depart: u64, tx: u64, id: u32, first_hop: bool) -> Verdict {
        let mut delay = tx + spec.latency_us;
        if spec.jitter_us > 0 {
            delay += self.rng.below(spec.jitter_us + 1);
        }
        if spec.reorder > 0.0 && self.rng.chance(spec.reorder) {
            // Held back by one to two extra latencies (at least 1 ms): later packets pass.
            let extra = spec.latency_us.max(1_000);
            delay += extra + self.rng.below(extra + 1);
        }
        let lost_at = depart + tx + spec.latency_us / 2;
        let arrive = depart + delay;
        let dropped_by_id = first_hop && spec.drop_ids.contains(&id);
        // Draw the loss even when another fault decides, so one fault does not shift the
        // random numbers of the others.
        let lost = spec.loss > 0.0 && self.rng.chance(spec.loss);
        if spec.is_cut(depart) || spec.is_cut(arrive) {
            let cut = spec.cut_at_us.unwrap_or(depart).max(depart);
            Verdict::Lost(cut.min(lost_at.max(depart)))
        } else if dropped_by_id || lost {
            Verdict::Lost(lost_at)
        } else {
            Verdict::Arrive(arrive)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialization_queues_packets_back_to_back() {
        let spec = LinkSpec {
            latency_us: 10_000,
            bandwidth_bps: 8_000_000, // one byte per microsecond
            ..LinkSpec::default()
        };
        let mut d = Direction::new(Rng::new(1));
        let (dep1, v1, _) = d.transmit(&spec, 0, 1500, 0, true);
        let (dep2, v2, _) = d.transmit(&spec, 0, 1500, 1, true);
        assert_eq!((dep1, v1), (0, Verdict::Arrive(11_500)));
        assert_eq!((dep2, v2), (1_500, Verdict::Arrive(13_000)));
    }

    #[test]
    fn a_drop_tail_queue_holds_its_packets_and_loses_the_next_one() {
        let spec = LinkSpec {
            latency_us: 10_000,
            bandwidth_bps: 8_000_000,
            queue: Some(3),
            ..LinkSpec::default()
        };
        let mut d = Direction::new(Rng::new(1));
        // Three packets at once: one on the wire, two waiting; each leaves after the last.
        for k in 0..3u32 {
            let (dep, v, _) = d.transmit(&spec, 0, 1500, k, true);
            assert_eq!(dep, u64::from(k) * 1_500);
            assert_eq!(v, Verdict::Arrive(u64::from(k + 1) * 1_500 + 10_000));
        }
        // A fourth finds the queue full: lost at its door, now.
        assert_eq!(d.transmit(&spec, 100, 1500, 3, true).1, Verdict::Lost(100));
        // Once the first has left, there is room again, behind the others.
        let (dep, v, _) = d.transmit(&spec, 1_500, 1500, 4, true);
        assert_eq!((dep, v), (4_500, Verdict::Arrive(16_000)));
    }

    #[test]
    fn drop_list_and_cut_lose_packets() {
        let spec = LinkSpec {
            drop_ids: alloc::vec![3],
            cut_at_us: Some(50_000),
            ..LinkSpec::default()
        };
        let mut d = Direction::new(Rng::new(1));
        assert!(matches!(
            d.transmit(&spec, 0, 40, 3, true).1,
            Verdict::Lost(_)
        ));
        assert!(matches!(
            d.transmit(&spec, 0, 40, 3, false).1,
            Verdict::Arrive(_)
        ));
        assert_eq!(
            d.transmit(&spec, 10_000, 40, 5, true).1,
            Verdict::Arrive(30_000)
        );
        assert_eq!(
            d.transmit(&spec, 40_000, 40, 4, true).1,
            Verdict::Lost(50_000)
        );
    }
}
