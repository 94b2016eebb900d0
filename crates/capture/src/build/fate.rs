//! Which kept packets were lost after the capture point (see the module docs of
//! [`super`]): the packets show it only when seen from near the sender.

use wiretrace_core::trace::{Analysis, Proto};

use super::timing::Timing;
use super::{sub, Rec};
use crate::packet::{ACK, FIN, RST, SYN};

/// Indexes of the kept packets that were lost between the capture point and their
/// receiver: [`lost_originals`] and [`lost_acks`].
pub(super) fn lost_after_capture(recs: &[Rec], timing: &Timing) -> Vec<usize> {
    let mut out = lost_originals(recs, timing);
    for i in lost_acks(recs, timing) {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// Originals retransmitted with no acknowledgment of them in between, seen from near
/// their sender.
fn lost_originals(recs: &[Rec], timing: &Timing) -> Vec<usize> {
    let mut out = Vec::new();
    for (j, r) in recs.iter().enumerate() {
        let retrans = r
            .tags
            .to_vec()
            .iter()
            .any(|a| matches!(a, Analysis::Retransmission | Analysis::FastRetransmission));
        if !retrans || r.proto != Proto::Tcp {
            continue;
        }
        if timing.to_sender(r) > timing.to_receiver(r) {
            continue;
        }
        // The latest earlier copy from the same side starting at the same sequence number.
        let Some(i) = (0..j).rev().find(|&i| {
            let o = &recs[i];
            // Same control bits too: a SYN+ACK after one's own SYN (simultaneous open)
            // repeats the sequence number without the SYN having been lost.
            o.conn == r.conn
                && o.dir == r.dir
                && o.seq == r.seq
                && o.seq_len() > 0
                && o.flags & (SYN | FIN | ACK) == r.flags & (SYN | FIN | ACK)
        }) else {
            continue;
        };
        let o = &recs[i];
        let acked = recs[i + 1..j].iter().any(|a| {
            a.conn == r.conn && a.dir != r.dir && a.ack.is_some_and(|ack| sub(ack, o.end()) >= 0)
        });
        if !acked && !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// The other way round: a segment retransmitted although the peer had acknowledged it in
/// time means that acknowledgment never arrived (e.g. the last ACK of a close, which makes
/// the FIN come again). Seen from near the acknowledging side only.
fn lost_acks(recs: &[Rec], timing: &Timing) -> Vec<usize> {
    let mut out = Vec::new();
    for (j, r) in recs.iter().enumerate() {
        let retrans = r.tags.to_vec().contains(&Analysis::Retransmission);
        if !retrans || r.proto != Proto::Tcp {
            continue;
        }
        let (d_sender, d_acker) = (timing.to_sender(r), timing.to_receiver(r));
        if d_acker > d_sender {
            continue;
        }
        for (i, a) in recs[..j].iter().enumerate() {
            let in_time = a.ts_us.saturating_add(2 * d_sender) < r.ts_us;
            let covers = a.ack.is_some_and(|ack| sub(ack, r.end()) >= 0);
            if a.conn == r.conn
                && a.dir != r.dir
                && a.seq_len() == 0
                && !a.has(RST)
                && covers
                && in_time
                && !out.contains(&i)
            {
                out.push(i);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::rec;
    use super::*;
    use crate::analysis::Tags;

    #[test]
    fn an_original_retransmitted_unacknowledged_was_lost_after_the_capture_point() {
        let mut recs = vec![
            rec(0, 0, 0, ACK, 1, Some(1), 10),
            rec(0, 0, 300_000, ACK, 1, Some(1), 10),
        ];
        recs[1].tags = Tags::retransmission();
        let t = Timing::new(&recs);
        assert_eq!(lost_after_capture(&recs, &t), vec![0]);
        // Acknowledged in between: the retransmission was not caused by its loss.
        recs.insert(1, rec(0, 1, 100_000, ACK, 1, Some(11), 0));
        let t = Timing::new(&recs);
        assert_eq!(lost_originals(&recs, &t), Vec::<usize>::new());
    }

    #[test]
    fn an_ack_answered_by_a_retransmission_was_lost_after_the_capture_point() {
        // Captured near the client (the server answers its data 20 ms later, the client
        // the server's FIN at once). The client acknowledges the FIN; the FIN comes again:
        // the ACK was lost on its way to the server.
        let mut recs = vec![
            rec(0, 0, 0, ACK, 1, Some(50), 10),
            rec(0, 1, 20_000, FIN | ACK, 50, Some(11), 0),
            rec(0, 0, 20_050, ACK, 11, Some(51), 0),
            rec(0, 1, 300_000, FIN | ACK, 50, Some(11), 0),
        ];
        recs[3].tags = Tags::retransmission();
        let t = Timing::new(&recs);
        assert_eq!(t.dist(0), [25, 10_000]);
        assert_eq!(lost_acks(&recs, &t), vec![2]);
        assert_eq!(lost_after_capture(&recs, &t), vec![2]);
        // Seen from near the server instead, the capture cannot tell.
        let mut far = recs.clone();
        far[1].ts_us = 100;
        far[2].ts_us = 39_000;
        let t = Timing::new(&far);
        assert!(t.to_receiver(&far[3]) > t.to_sender(&far[3]));
        assert_eq!(lost_after_capture(&far, &t), Vec::<usize>::new());
    }
}
