//! Captures cut short are read to the cut. The real captures of `tests/captures/` are cut
//! at many offsets: inside the file header, a record header, packet data, a pcapng block.
//!
//! - tshark reads every whole packet of a cut file: the import reads the same segments
//!   (flags, sequence and acknowledgment numbers, lengths, analysis tags) and warns where
//!   the cut is and how much was lost; where tshark reads no packet, the import refuses
//!   the file (a damaged header, or nothing readable).
//! - At every offset of every capture (every 11th of the 20 KB one), read in small chunks
//!   as the page reads Blob slices, the import equals that of the file cut back to its
//!   last whole record, plus the warning.

mod common;

use std::thread;

use wiretrace_capture::{import, index, warnings, Extractor, Location, Selection};
use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::{Msg, Trace};

const FILES: [&str; 5] = [
    "single-get.pcap",
    "http10-two-conns.pcap",
    "ipv6-any.pcap",
    "single-get.pcapng",
    "two-interfaces.pcapng",
];

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/captures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// How a capture is laid out: where its file header (pcap) or first block (pcapng)
/// ends, where each later record or block ends, and which of those hold a packet.
struct Layout {
    /// End offsets: the file header (pcap) or section header block (pcapng) first.
    ends: Vec<usize>,
    /// `packet[i]`: the record or block ending at `ends[i]` holds a packet.
    packet: Vec<bool>,
}

fn layout(bytes: &[u8]) -> Layout {
    let word = |at: usize, big: bool| {
        let b = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
        if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        }
    } as usize;
    let (mut ends, mut packet) = (Vec::new(), Vec::new());
    if bytes[..4] == [0x0A, 0x0D, 0x0D, 0x0A] {
        let big = bytes[8..12] == [0x1A, 0x2B, 0x3C, 0x4D];
        let mut at = 0;
        while at < bytes.len() {
            let kind = word(at, big);
            at += word(at + 4, big);
            ends.push(at);
            // Enhanced, simple and obsolete packet blocks.
            packet.push(matches!(kind, 6 | 3 | 2));
        }
    } else {
        let big = bytes[..4] == [0xA1, 0xB2, 0xC3, 0xD4];
        let mut at = 24;
        ends.push(at);
        packet.push(false);
        while at < bytes.len() {
            at += 16 + word(at + 8, big);
            ends.push(at);
            packet.push(true);
        }
    }
    assert_eq!(
        ends.last(),
        Some(&bytes.len()),
        "the layout walks the whole file"
    );
    Layout { ends, packet }
}

impl Layout {
    /// The last record end at or before `cut`, and the packets before it.
    fn whole_before(&self, cut: usize) -> Option<(usize, usize)> {
        let i = self.ends.iter().rposition(|&e| e <= cut)?;
        let packets = self.packet[..=i].iter().filter(|p| **p).count();
        Some((self.ends[i], packets))
    }

    /// Offsets worth cutting at: inside the file header; inside the first records, a
    /// middle one and the last one: just after its start, inside its header, where the
    /// header ends, inside its data, one byte short; and at a record's end.
    fn cuts(&self) -> Vec<usize> {
        let mut cuts = vec![1, self.ends[0] / 2, self.ends[0] - 1, self.ends[0]];
        let n = self.ends.len();
        for i in [1, n / 2, n - 1] {
            let (start, end) = (self.ends[i - 1], self.ends[i]);
            for c in [1, 8, 12, 16, (end - start) / 2, end - start - 1] {
                cuts.push(start + c);
            }
        }
        cuts.push(self.ends[n / 2]);
        cuts.retain(|&c| c > 0 && c < *self.ends.last().unwrap());
        cuts.sort_unstable();
        cuts.dedup();
        cuts
    }
}

/// The Trace without the warning: what the file cut back to a record end gives.
fn without_warnings(mut t: Trace) -> Trace {
    let src = t.source.as_mut().unwrap();
    let warned: Vec<Msg> = warnings(&src.detail_msgs).cloned().collect();
    src.detail_msgs.retain(|m| !warned.contains(m));
    let english: Vec<String> = src
        .detail_msgs
        .iter()
        .map(|m| i18n::render(Lang::En, m))
        .collect();
    src.detail = english.join("; ");
    t
}

/// Reads `bytes` through the Extractor in chunks of `size` bytes (the page's Blob slices).
fn import_chunked(name: &str, bytes: &[u8], size: usize) -> Result<Trace, String> {
    let mut ex = Extractor::new(name, Selection::all());
    for c in bytes.chunks(size) {
        ex.feed(c).map_err(|e| e.to_string())?;
    }
    ex.finish().map_err(|e| e.to_string())
}

/// The one warning of a Trace read to a cut.
fn the_warning(t: &Trace) -> Msg {
    let src = t.source.as_ref().unwrap();
    let w: Vec<&Msg> = warnings(&src.detail_msgs).collect();
    assert_eq!(w.len(), 1, "{:?}", src.detail_msgs);
    w[0].clone()
}

#[test]
fn every_offset_reads_the_whole_records_before_it_and_says_where_it_was_cut() {
    for name in FILES {
        let bytes = fixture(name);
        let lay = layout(&bytes);
        let step = if bytes.len() > 4096 { 11 } else { 1 };
        for cut in (0..bytes.len()).step_by(step) {
            let part = &bytes[..cut];
            // Chunks of 7 bytes cut records and headers everywhere; every 50th offset
            // also byte by byte.
            let got = import_chunked(name, part, 7);
            if cut % 50 == 0 {
                assert_eq!(import_chunked(name, part, 1), got, "{name} cut at {cut}");
            }
            match lay.whole_before(cut) {
                // Inside the file header (or an empty file).
                None => {
                    assert!(
                        got.is_err(),
                        "{name} cut at {cut} inside its header: {got:?}"
                    );
                }
                // Only the file's header (and pcapng's interface blocks).
                Some((end, 0)) if end == cut => {
                    let e = got.expect_err("no packet: refused");
                    assert!(e.contains("only its header"), "{name} cut at {cut}: {e}");
                }
                Some((end, packets)) if end == cut => {
                    let t = got.unwrap_or_else(|e| panic!("{name} cut at record end {cut}: {e}"));
                    assert_eq!(t.source.as_ref().unwrap().packets, packets as u64);
                    assert_eq!(warnings(&t.source.unwrap().detail_msgs).count(), 0);
                }
                Some((_, 0)) => {
                    let e = got.expect_err("no whole packet: refused");
                    assert!(e.contains("cut short"), "{name} cut at {cut}: {e}");
                }
                Some((end, packets)) => {
                    let t = got.unwrap_or_else(|e| panic!("{name} cut at {cut}: {e}"));
                    let w = the_warning(&t);
                    assert_eq!(w.args["at"], end.to_string(), "{name} cut at {cut}: {w:?}");
                    if let Some(missing) = w.args.get("missing") {
                        let len: usize = w.args["len"].parse().unwrap();
                        let next = lay.ends[lay.ends.iter().position(|&e| e == end).unwrap() + 1];
                        assert_eq!(len, next - end, "{name} cut at {cut}: {w:?}");
                        assert_eq!(missing, &(next - cut).to_string(), "{name}: {w:?}");
                    } else {
                        assert_eq!(w.args["present"], (cut - end).to_string());
                    }
                    let whole = import(name, &bytes[..end], &Selection::all()).unwrap();
                    assert_eq!(whole.source.as_ref().unwrap().packets, packets as u64);
                    assert_eq!(without_warnings(t), whole, "{name} cut at {cut}");
                }
            }
        }
    }
}

#[test]
fn the_segments_of_a_cut_file_are_tsharks() {
    if !common::tshark_required() {
        return;
    }
    let mut jobs = Vec::new();
    for name in FILES {
        let bytes = fixture(name);
        for cut in layout(&bytes).cuts() {
            jobs.push((name, cut, bytes[..cut].to_vec()));
        }
    }
    let cuts = jobs.len();
    // tshark takes a while to start: four at a time.
    let per = jobs.len().div_ceil(4);
    let workers: Vec<_> = jobs
        .chunks(per)
        .map(|chunk| {
            let chunk = chunk.to_vec();
            thread::spawn(move || {
                chunk
                    .into_iter()
                    .filter_map(|(name, cut, part)| check_against_tshark(name, cut, &part))
                    .fold((0, 0), |(files, frames), n| (files + 1, frames + n))
            })
        })
        .collect();
    let (compared, frames) = workers
        .into_iter()
        .map(|w| w.join().expect("every cut reads as tshark reads it"))
        .fold((0, 0), |(files, frames), (f, n)| (files + f, frames + n));
    assert!(cuts >= 90, "{cuts} cut files");
    assert!(
        compared * 10 >= cuts * 9,
        "only {compared} of {cuts} cut files read as pcap or pcapng by tshark"
    );
    common::report_tshark_frames(&format!("the reader of {compared} files cut short"), frames);
}

/// What tshark takes a file for (`capinfos -t`): a short pcap file can pass for one of
/// the 1999 variants with longer record headers (`RedHat 6.1 tcpdump - pcap`, guessed
/// from the first records), which tshark then reads differently.
fn tshark_file_type(path: &std::path::Path) -> String {
    let out = std::process::Command::new("capinfos")
        .arg("-t")
        .arg(path)
        .output()
        .expect("capinfos runs");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("File type:"))
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// One segment as both readings give it: flags, seq, ack, length, analysis tags.
type Row = (u8, u32, Option<u32>, u32, Vec<String>);

/// Compares the import of a cut file with tshark's reading of it: the frames both read, or
/// None when tshark took it for one of the old pcap variants (not compared).
fn check_against_tshark(name: &str, cut: usize, part: &[u8]) -> Option<usize> {
    let path = common::temp_file(&format!("cut-{cut}-{name}"), part);
    let (rows, complaint) = common::tshark_lenient(&path);
    let want: Vec<Row> = rows
        .iter()
        .map(|r| (r.flags, r.seq, r.ack, r.len, r.analysis.clone()))
        .collect();
    let ours = import(name, part, &Selection::all());
    // Refused: a damaged header, or part of a record and nothing whole. Read: the
    // segments, and whether it warned. (A file of whole headers only is an empty capture.)
    let got: Result<(Vec<Row>, bool), String> = ours.map_err(|e| e.to_string()).map(|t| {
        let segs = t
            .segments
            .iter()
            .map(|s| {
                let flags = s.flags.iter().fold(0u8, |b, f| b | f.bit());
                (flags, s.seq, s.ack, s.len, common::tshark_set(&s.analysis))
            })
            .collect();
        (segs, warnings(&t.source.unwrap().detail_msgs).count() == 1)
    });
    let agrees = match &got {
        Err(_) => want.is_empty(),
        Ok((segs, warned)) => {
            *segs == want && (want.is_empty() || *warned == complaint.contains("cut short"))
        }
    };
    if agrees {
        return Some(want.len());
    }
    let kind = tshark_file_type(&path);
    if kind.ends_with(" - pcap") && kind != "Wireshark/tcpdump/... - pcap" {
        eprintln!("{name} cut at {cut}: tshark takes it for {kind:?}: not compared");
        return None;
    }
    panic!(
        "{name} cut at {cut}: tshark ({kind}) reads {want:?} and says {complaint:?}; the import: {got:?}"
    );
}

#[test]
fn the_index_warns_too_and_counts_only_whole_packets() {
    let bytes = fixture("single-get.pcap");
    let cut = &bytes[..bytes.len() - 20];
    let ix = index("cut.pcap", cut).unwrap();
    assert_eq!(ix.packets, 11);
    let w: Vec<String> = warnings(&ix.detail_msgs)
        .map(|m| i18n::render(Lang::En, m))
        .collect();
    assert_eq!(
        w,
        ["the capture was cut short at byte 1192: packet 12 lacks 20 of its 82 bytes, so it is left out; the packets before it are read"]
    );
    assert!(ix.detail.ends_with(&w[0]), "{}", ix.detail);
    let zh = i18n::render(Lang::Zh, warnings(&ix.detail_msgs).next().unwrap());
    assert!(zh.contains("1192") && zh.contains("被截断"), "{zh}");
}

#[test]
fn a_damaged_header_or_nothing_whole_is_still_an_error() {
    let pcap = fixture("single-get.pcap");
    // The file header cut short.
    let e = import("x.pcap", &pcap[..20], &Selection::all()).unwrap_err();
    assert_eq!(e.at, Location::Byte(0), "{e}");
    // A header, then a record header cut short: nothing readable.
    let e = import("x.pcap", &pcap[..30], &Selection::all()).unwrap_err();
    assert_eq!(e.at, Location::Byte(24), "{e}");
    assert!(e.to_string().contains("cut short"), "{e}");
    // A damaged record after whole ones is not a cut: still refused.
    let mut bad = pcap.clone();
    let second = layout(&pcap).ends[1];
    bad[second + 8..second + 12].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    let e = import("x.pcap", &bad, &Selection::all()).unwrap_err();
    assert_eq!(e.at, Location::Byte(second as u64), "{e}");
    // pcapng: the section header cut short, or only the section header and part of the
    // interface description.
    let ng = fixture("single-get.pcapng");
    let lay = layout(&ng);
    assert!(import("x.pcapng", &ng[..10], &Selection::all()).is_err());
    let e = import("x.pcapng", &ng[..lay.ends[0] + 10], &Selection::all()).unwrap_err();
    assert!(e.to_string().contains("cut short"), "{e}");
}

/// A capture started and stopped at once is its header alone: refused by name, not drawn
/// as an empty figure without a word.
#[test]
fn a_capture_of_only_its_header_is_refused_by_name() {
    let pcap = fixture("single-get.pcap");
    let ng = fixture("single-get.pcapng");
    let blocks = layout(&ng).ends;
    // The section header and the interface description, before the first packet.
    for (name, bytes) in [("x.pcap", &pcap[..24]), ("x.pcapng", &ng[..blocks[1]])] {
        let e = import(name, bytes, &Selection::all()).unwrap_err();
        assert_eq!(e.what.key, "error.capture.no_frames", "{name}: {e}");
        assert_eq!(
            e.to_string(),
            "the capture holds no packet, only its header: there is nothing to draw"
        );
        let mut ix = wiretrace_capture::Indexer::new(name);
        ix.feed(bytes).unwrap();
        let e = ix.finish().unwrap_err();
        assert_eq!(e.what.key, "error.capture.no_frames", "{name}: {e}");
    }
    // One packet more and it is read.
    assert!(import("x.pcapng", &ng[..blocks[2]], &Selection::all()).is_ok());
}

/// A capture of other traffic only (here one ARP request) has nothing to draw either: it
/// is refused by name, with the count of frames it does hold.
#[test]
fn a_capture_without_tcp_or_udp_is_refused_by_name() {
    let pcap = fixture("single-get.pcap");
    let mut arp = pcap[..24].to_vec();
    // Ethernet to broadcast, ethertype ARP, then an ARP request (28 bytes).
    let mut frame = vec![0xff; 6];
    frame.extend_from_slice(&[2, 0, 0, 0, 0, 1, 0x08, 0x06]);
    frame.extend_from_slice(&[0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 0, 0, 1]);
    frame.extend_from_slice(&[0; 6]);
    frame.extend_from_slice(&[10, 0, 0, 2]);
    for _ in 0..2 {
        arp.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0]);
        let n = (frame.len() as u32).to_le_bytes();
        arp.extend_from_slice(&n);
        arp.extend_from_slice(&n);
        arp.extend_from_slice(&frame);
    }
    let e = import("arp.pcap", &arp, &Selection::all()).unwrap_err();
    assert_eq!(e.what.key, "error.capture.no_tcp_udp", "{e}");
    assert_eq!(
        e.to_string(),
        "the capture holds no TCP or UDP packet, only other traffic (2 frames): there is nothing to draw"
    );
    // With one TCP packet after them, it reads.
    let whole = layout(&pcap).ends;
    arp.extend_from_slice(&pcap[24..whole[1]]);
    assert!(import("arp.pcap", &arp, &Selection::all()).is_ok());
}

#[test]
fn tcpdump_text_skips_unreadable_lines_and_names_the_first_few() {
    let text = String::from_utf8(fixture("single-get.tcpdump-S.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Lines 2, 4, 5, 7, 9 and 11 (from 1) cut or garbled as a copy can leave them.
    let broken = [2, 4, 5, 7, 9, 11];
    let (mut garbled, mut kept) = (Vec::new(), Vec::new());
    for (i, line) in lines.iter().enumerate() {
        if broken.contains(&(i + 1)) {
            garbled.push(match i % 3 {
                0 => line[..40].to_owned(),
                1 => line[..12].to_owned(),
                _ => line.replacen(" > ", " ", 1),
            });
        } else {
            garbled.push((*line).to_owned());
            kept.push(*line);
        }
    }
    let garbled = garbled.join("\n");
    let t = import("cut.txt", garbled.as_bytes(), &Selection::all()).unwrap();
    let w = the_warning(&t);
    assert_eq!(w.key, "capture.detail.text-lines-unreadable");
    assert_eq!(w.args["count"], "6");
    assert_eq!(w.args["lines"], "2, 4, 5, 7, 9, …");
    assert_eq!(
        i18n::render(Lang::En, &w),
        "6 lines could not be read as packets and were skipped (lines 2, 4, 5, 7, 9, …)"
    );
    assert!(i18n::render(Lang::Zh, &w).contains("第 2, 4, 5, 7, 9, … 行"));
    // The lines that could be read give what the file without the others gives.
    let whole = import("cut.txt", kept.join("\n").as_bytes(), &Selection::all()).unwrap();
    assert_eq!(t.segments.len(), 6);
    assert_eq!(t.segments, whole.segments);
    assert_eq!(t.states, whole.states);

    // Five or fewer are all named.
    let few = lines[..3].join("\n") + "\n" + &lines[3][..30];
    let t = import("few.txt", few.as_bytes(), &Selection::all()).unwrap();
    assert_eq!(the_warning(&t).args["lines"], "4");

    // Nothing readable at all is refused.
    let none: Vec<String> = lines.iter().map(|l| l[..40].to_owned()).collect();
    let e = import("none.txt", none.join("\n").as_bytes(), &Selection::all()).unwrap_err();
    assert!(e.to_string().contains("no packet found"), "{e}");

    // tcpdump's own chatter and packets of other protocols are read fine, not warned of.
    let hand = import(
        "handwritten.txt",
        &fixture("handwritten.txt"),
        &Selection::all(),
    )
    .unwrap();
    let src = hand.source.unwrap();
    assert_eq!(warnings(&src.detail_msgs).count(), 0, "{}", src.detail);
    assert!(
        src.detail.contains("4 text lines ignored"),
        "{}",
        src.detail
    );
}

#[test]
fn tcpdump_text_skips_lines_whose_time_flags_or_numbers_are_none() {
    let text = String::from_utf8(fixture("single-get.tcpdump.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let whole = import("whole.txt", text.as_bytes(), &Selection::all()).unwrap();
    // Each garbled in one way, as an edited or damaged file can be: a time that is no time,
    // flags tcpdump never prints, numbers a TCP header cannot hold.
    type Garble = fn(&str) -> String;
    let garble: [(&str, Garble); 6] = [
        ("a time of 99:99:99", |l| {
            let (_, rest) = l.split_once(' ').unwrap();
            format!("99:99:99.000000 {rest}")
        }),
        ("flags [XYZ]", |l| {
            let (head, rest) = l.split_once("Flags [").unwrap();
            let (_, tail) = rest.split_once(']').unwrap();
            format!("{head}Flags [XYZ]{tail}")
        }),
        ("a negative window", |l| l.replacen(", win ", ", win -", 1)),
        ("an ack past 2^32", |l| {
            l.replacen(", ack ", ", ack 99999999999", 1)
        }),
        ("a length past 2^32", |l| {
            l.replacen(", length ", ", length 99999999999", 1)
        }),
        ("a sequence range past 2^32", |l| {
            let (head, rest) = l.split_once(", seq ").unwrap();
            let (_, tail) = rest.split_once(',').unwrap();
            format!("{head}, seq 1:99999999999,{tail}")
        }),
    ];
    // The line garbled is one that has every field (the request: seq, ack, win, length).
    let at = lines.iter().position(|l| l.contains("length 89")).unwrap();
    for (what, f) in garble {
        let mut edited: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        edited[at] = f(lines[at]);
        assert_ne!(edited[at], lines[at], "{what}");
        let t = import(
            "garbled.txt",
            edited.join("\n").as_bytes(),
            &Selection::all(),
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));
        let w = the_warning(&t);
        assert_eq!(w.key, "capture.detail.text-line-unreadable", "{what}");
        assert_eq!(w.args["lines"], (at + 1).to_string(), "{what}");
        assert_eq!(
            t.segments.len(),
            whole.segments.len() - 1,
            "{what}: the line is left out, not read as something else"
        );
    }
    assert_eq!(
        i18n::render(
            Lang::En,
            &wiretrace_core::trace::Msg::new(
                "capture.detail.text-line-unreadable",
                &[("lines", "7".to_owned())]
            )
        ),
        "line 7 could not be read as a packet and was skipped"
    );
}
