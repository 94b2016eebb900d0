//! Captures in and out.
//!
//! **Out:** [`to_pcap`] writes a [`Trace`] as a pcap file of what one side's wire carries
//! (Ethernet / IPv4 or IPv6 / TCP or UDP frames with real checksums, timestamps from the
//! simulated clock). Pure, so the page offers the same file from wasm.
//!
//! **In:** pcap (Ethernet, Linux cooked v1/v2, raw IP, BSD/OpenBSD loopback), pcapng
//! (several interfaces and link types) and tcpdump text, IPv4 and IPv6, TCP and UDP,
//! become a Trace like a scenario's (`"scenario": null`, `source` naming the file), with
//! connections grouped by five-tuple, each side's TCP states inferred (`inferred: true`),
//! Wireshark-style analysis tags, HTTP/1.x requests and responses, and an explanation of
//! every segment (`capture.*` message keys, English and Chinese).
//!
//! # Reading big files, in the browser too
//!
//! Everything works on byte chunks pushed in order (no threads, no file system), with
//! memory that does not grow with the number of packets in the first pass:
//!
//! 1. [`Indexer`]: `feed` chunks (each call returns [`Progress`] in bytes, for a progress
//!    bar), then `finish` gives an [`Index`]: the connections with their five-tuple,
//!    packet and byte counts, time range and first HTTP request.
//! 2. The user picks connections and/or a time range: a [`Selection`].
//! 3. [`Extractor`]: `feed` the same bytes again, `finish` gives the [`Trace`] of just
//!    that, with at most `max_segments` segments and `max_payload_bytes` of payload kept
//!    (HTTP is recognised on all bytes regardless); `source.detail` says what was capped.
//!
//! ```
//! use wiretrace_capture::{Extractor, Indexer, Selection};
//! # let run = wiretrace_core::scenario::run_with("handshake", &[]).unwrap();
//! # let pcap_bytes = wiretrace_capture::to_pcap(&run, wiretrace_capture::Side::Client);
//! // e.g. chunks from `File.slice()` in the page, or 1 MiB reads in the CLI
//! let chunks: Vec<&[u8]> = pcap_bytes.chunks(65536).collect();
//!
//! let mut ix = Indexer::new("capture.pcap");
//! for c in &chunks {
//!     let progress = ix.feed(c)?; // progress.bytes of the file done
//!     let _ = progress;
//! }
//! let index = ix.finish()?;
//! for c in &index.connections {
//!     println!("{} {} -> {} ({} packets)", c.id, c.client, c.server, c.packets);
//! }
//!
//! let mut sel = Selection::all();
//! if let Some(first) = index.connections.first() {
//!     sel.connections = vec![first.id];
//! }
//! let mut ex = Extractor::new("capture.pcap", sel);
//! for c in &chunks {
//!     ex.feed(c)?;
//! }
//! let trace = ex.finish()?;
//! assert!(trace.scenario.is_none());
//! # Ok::<(), wiretrace_capture::ImportError>(())
//! ```
//!
//! A file already in memory can go through [`index`] and [`import`] in one call each.
//! Every failure is an [`ImportError`] naming the byte offset (or text line) and what was
//! expected there; no input makes these functions panic (the readers are fuzzed).
//!
//! A pcap or pcapng file cut short inside a record (tcpdump killed, disk full, a copy
//! stopped early) is read up to its last whole record, as tshark reads it, with a warning
//! naming the byte offset and what was left out; so are tcpdump text lines that cannot be
//! read (skipped, counted, the first few line numbers named). [`warnings`] picks these out
//! of `source.detail_msgs` (or [`Index::detail_msgs`]). A damaged file header, or a file
//! with no whole packet in it, is still an [`ImportError`].
//!
//! # Timing, fates and states from one observation point
//!
//! A capture knows when each packet passed the capture point, not when it left or arrived.
//! The distance from the capture point to each side is estimated from request/answer gaps
//! (a segment and the first ACK covering it: twice the answering side's distance plus its
//! reaction time; the smallest gap per side counts). A segment from side A passing at `t`
//! gets `sent_us = t - d(A)` and `recv_us = t + d(B)`; time 0 is the earliest send. On the
//! client's own machine `d(client) = 0`, so the client's view is exact; with nothing to
//! learn from (UDP, a lone segment) `recv_us = sent_us`. tcpdump text without timestamps
//! is read as one line per millisecond, which gives an evenly slanted ladder.
//!
//! Captured segments are delivered, except two losses after the capture point that the
//! packets reveal (seen from near the sender only): an original retransmitted with no ACK
//! of it in between, and a pure ACK whose data its peer still retransmitted.
//!
//! Each side's RFC 9293 state is run from its own sends and receives in its own time order
//! (a received segment that its next sent segment acknowledges comes first), all marked
//! `inferred: true`. A capture starting mid-connection starts both sides ESTABLISHED; a
//! side answering a SYN with RST had no listener and gets no states; a side that sends its
//! own bare SYN opens actively (simultaneous open). What happens after the last packet
//! (TIME-WAIT expiring) is not shown.

#![deny(missing_docs)]

mod analysis;
mod build;
mod error;
mod extract;
mod flow;
mod http;
mod packet;
mod reader;
mod selection;
mod text;
mod warning;
mod write;

pub use error::{ImportError, Location};
pub use extract::{import, index, secs_text, ConnSummary, Extractor, Index, Indexer, Progress};
pub use reader::Kind;
pub use selection::Selection;
pub use warning::{warnings, WARNING_KEYS};
pub use write::{to_pcap, wire_view, Side, WireView};

#[doc(no_inline)]
pub use wiretrace_core::Trace;
