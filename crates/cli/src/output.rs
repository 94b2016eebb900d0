//! Output formats shared by `run` and `import`.

use std::io::Write;
use std::path::Path;

use wiretrace_capture::Side;
use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::Trace;
use wiretrace_diagram::layout::Options;
use wiretrace_diagram::plot::{self, PlotKind};
use wiretrace_diagram::text::TextOptions;

use crate::CliError;

/// How a trace is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The Trace as JSON (the format every other tool reads).
    Json,
    /// A readable transcript: one line per segment, with the state changes it caused.
    Text,
    /// The sequence diagram as a standalone SVG (the figure the page shows).
    Svg,
    /// Mermaid `sequenceDiagram` source.
    Mermaid,
    /// PlantUML source.
    Plantuml,
    /// A pcap file of the frames on the client side's wire (`--side server` for the
    /// server's), for Wireshark / tcpdump.
    Pcap,
}

/// How and where a trace is written.
pub struct Out<'a> {
    /// The format.
    pub format: Format,
    /// The wire a pcap is captured on.
    pub side: Side,
    /// The language of the texts (JSON: the texts next to the message keys).
    pub lang: Lang,
    /// A file, or standard output.
    pub path: Option<&'a Path>,
    /// The narrow figure (`--narrow`, SVG only).
    pub narrow: bool,
    /// A plot instead of the diagram (`--plot`).
    pub plot: Option<PlotOut>,
}

/// A plot asked for: `--plot`, `--plot-conn` and `--plot-range`.
#[derive(Clone, Copy, Debug)]
pub struct PlotOut {
    /// Which plot.
    pub kind: PlotKind,
    /// The connection, else the busiest.
    pub conn: Option<u32>,
    /// The time range, µs from the connection's start, else all of it.
    pub range: Option<(u64, u64)>,
}

/// Writes the trace as `out` says.
pub fn write_side(trace: &Trace, out: &Out<'_>) -> Result<(), CliError> {
    let lang = out.lang;
    let figure = Options {
        lang,
        compact: out.narrow,
        ..Options::default()
    };
    if out.narrow && (out.format != Format::Svg || out.plot.is_some()) {
        return Err(CliError(String::from(
            "--narrow draws the sequence diagram as SVG: use it with --format svg and without --plot",
        )));
    }
    if let Some(PlotOut { kind, conn, range }) = out.plot {
        if out.format != Format::Svg {
            return Err(CliError(format!(
                "--plot {} draws an SVG figure: add --format svg",
                kind.name()
            )));
        }
        let svg =
            plot::export(trace, kind, conn, lang, range).map_err(|e| CliError(e.to_string()))?;
        return write_bytes(svg.as_bytes(), out.path);
    }
    let bytes: Vec<u8> = match out.format {
        Format::Pcap => wiretrace_capture::to_pcap(trace, out.side),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&i18n::localized(trace, lang))?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Text => wiretrace_diagram::text::transcript(
            trace,
            &TextOptions {
                lang,
                ..TextOptions::default()
            },
        )
        .into_bytes(),
        Format::Svg => wiretrace_diagram::svg::export(trace, &figure).into_bytes(),
        Format::Mermaid => wiretrace_diagram::mermaid::render(trace, &figure).into_bytes(),
        Format::Plantuml => wiretrace_diagram::plantuml::render(trace, &figure).into_bytes(),
    };
    write_bytes(&bytes, out.path)
}

/// Writes bytes to a file or standard output.
pub fn write_bytes(bytes: &[u8], out: Option<&Path>) -> Result<(), CliError> {
    match out {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| CliError(format!("cannot write {}: {e}", path.display()))),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|_| stdout.flush())
                .or_else(|e| {
                    // A closed pipe (`| head`) is not an error worth reporting.
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })?;
            Ok(())
        }
    }
}
