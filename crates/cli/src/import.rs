//! `wiretrace import`: a capture file (pcap, pcapng, tcpdump text) drawn like a scenario.
//!
//! The file is read in chunks (never whole), so a big capture needs little memory:
//! `--list` makes one pass that finds the connections; otherwise one pass keeps the
//! chosen connections (all by default) up to the segment cap.
//!
//! A capture cut short (or tcpdump text with unreadable lines) is drawn up to where it can
//! be read, with one warning line on stderr naming the byte offset (or the lines) and what
//! was left out; the exit code stays 0.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use wiretrace_capture::{ImportError, Indexer, Selection};
use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::trace::Msg;

use crate::output::{self, Out};
use crate::CliError;

/// Bytes read from the file per chunk.
const CHUNK: usize = 1 << 20;

/// What to do with the file.
pub struct Options<'a> {
    pub connections: &'a [u32],
    pub list: bool,
    pub from_s: Option<f64>,
    pub to_s: Option<f64>,
    pub max_segments: Option<u64>,
    pub out: Out<'a>,
}

/// Feeds the file to `feed` chunk by chunk.
fn read_chunks(
    path: &Path,
    lang: Lang,
    mut feed: impl FnMut(&[u8]) -> Result<(), ImportError>,
) -> Result<(), CliError> {
    let mut file =
        File::open(path).map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
        if n == 0 {
            return Ok(());
        }
        feed(&buf[..n]).map_err(|e| bad_file(path, &e, lang))?;
    }
}

fn bad_file(path: &Path, e: &ImportError, lang: Lang) -> CliError {
    CliError(format!("{}: {}", path.display(), e.render(lang)))
}

/// Writes the capture's warnings on stderr, one line each, in the chosen language.
fn warn(path: &Path, detail_msgs: &[Msg], lang: Lang) {
    for m in wiretrace_capture::warnings(detail_msgs) {
        eprintln!(
            "wiretrace: {}: warning: {}",
            path.display(),
            i18n::render(lang, m)
        );
    }
}

/// The latest `--from` / `--to`: 2^50 µs, how far from its first packet the importer reads
/// a capture's times (about 35 years). Past it a value would saturate to a time never typed.
const MAX_SECS: u64 = (1 << 50) / 1_000_000;

fn micros(s: f64, what: &str) -> Result<u64, CliError> {
    if s.is_finite() && (0.0..=MAX_SECS as f64).contains(&s) {
        Ok((s * 1e6).round() as u64)
    } else {
        Err(CliError(format!(
            "{what} expects a number of seconds from 0 to {MAX_SECS}, got {s}"
        )))
    }
}

/// `1 packet`, `2 packets`: a count and its noun, in the listing's English.
fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub fn import(path: &Path, opts: Options<'_>) -> Result<(), CliError> {
    let lang = opts.out.lang;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if opts.list {
        let mut ix = Indexer::new(&name);
        read_chunks(path, lang, |c| ix.feed(c).map(|_| ()))?;
        let index = ix.finish().map_err(|e| bad_file(path, &e, lang))?;
        warn(path, &index.detail_msgs, lang);
        let mut out = format!(
            "{} ({}): {}, {}, {:.6} s{}\n",
            index.name,
            index.kind.name(),
            counted(index.packets, "packet"),
            counted(index.connections.len() as u64, "connection"),
            index.end_us as f64 / 1e6,
            if index.detail.is_empty() {
                String::new()
            } else {
                format!("; {}", index.detail)
            }
        );
        for c in &index.connections {
            out.push_str(&format!(
                "{:>4}  {:<3}  {} -> {}  {}, {}, {:.6}..{:.6} s, {}{}{}\n",
                c.id,
                match c.proto {
                    wiretrace_core::trace::Proto::Tcp => "tcp",
                    wiretrace_core::trace::Proto::Udp => "udp",
                },
                c.client,
                c.server,
                counted(c.packets, "packet"),
                counted(c.bytes, "byte"),
                c.start_us as f64 / 1e6,
                c.end_us as f64 / 1e6,
                c.closed,
                if c.handshake { "" } else { ", no handshake" },
                c.first_request
                    .as_ref()
                    .map(|r| format!(", {r}"))
                    .unwrap_or_default()
            ));
        }
        return output::write_bytes(out.as_bytes(), opts.out.path);
    }
    let mut sel = Selection::all();
    sel.connections = opts.connections.to_vec();
    sel.from_us = opts.from_s.map(|s| micros(s, "--from")).transpose()?;
    sel.to_us = opts.to_s.map(|s| micros(s, "--to")).transpose()?;
    // As the page's picker: an empty range is a mistake, not an empty drawing.
    if let (Some(from), Some(to)) = (opts.from_s, opts.to_s) {
        if sel.from_us >= sel.to_us {
            return Err(CliError(format!(
                "--to ({to} s) must be after --from ({from} s)"
            )));
        }
    }
    if let Some(n) = opts.max_segments {
        sel.max_segments = usize::try_from(n).unwrap_or(usize::MAX);
    }
    let mut ex = wiretrace_capture::Extractor::new(&name, sel);
    read_chunks(path, lang, |c| ex.feed(c).map(|_| ()))?;
    let trace = ex.finish().map_err(|e| bad_file(path, &e, lang))?;
    if let Some(src) = &trace.source {
        warn(path, &src.detail_msgs, lang);
    }
    output::write_side(&trace, &opts.out)
}
