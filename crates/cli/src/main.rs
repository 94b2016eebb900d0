//! `wiretrace`: the command line over the engine, the capture readers and the diagram.
//!
//! Every failure is one line on stderr naming what was wrong, and exit code 2.

mod import;
mod list;
mod output;
mod run;
mod texts;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use wiretrace_capture::Side;
use wiretrace_core::i18n::Lang;
use wiretrace_diagram::plot::PlotKind;

use output::Format;

/// Watch TCP and HTTP play out, segment by segment.
#[derive(Parser, Debug)]
#[command(name = "wiretrace", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List the scenarios (ids and titles).
    List {
        /// Also show each scenario's introduction and parameters with ranges and defaults.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Run a scenario and print its trace.
    Run {
        /// Scenario id (see `wiretrace list`).
        scenario: String,
        /// Set a parameter, e.g. `--set client.isn=3626544836` (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Seed of the run's random generator (same as `--set seed=N`).
        #[arg(long)]
        seed: Option<u64>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// With `--format pcap`: the wire the capture is taken on (the server side sees
        /// the addresses a NAT rewrote, and none of the segments lost before it).
        #[arg(long, value_enum, default_value_t = SideArg::Client)]
        side: SideArg,
        /// Language of the texts (labels, explanations, events; JSON keeps the message
        /// keys and gives the texts in this language).
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Stop the run after this many segments, with a note (default 1000000).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        max_segments: Option<u64>,
        /// With `--format svg`: the narrow figure (short label lines in narrow columns), as
        /// the page draws it on a phone or in an embed's frame up to 760 px wide.
        #[arg(long)]
        narrow: bool,
        /// Draw a plot of one TCP connection instead of the sequence diagram (with
        /// `--format svg`): the time-sequence graph, cwnd, RTT or goodput.
        #[arg(long, value_enum, value_name = "PLOT")]
        plot: Option<PlotArg>,
        /// With `--plot`: the connection to plot (default: the one that carried the most
        /// data).
        #[arg(long = "plot-conn", value_name = "N", requires = "plot")]
        plot_conn: Option<u32>,
        /// With `--plot`: only this part of the connection, in milliseconds from its start
        /// as the plot's time axis counts them (e.g. `120..450.5`); default all of it.
        #[arg(long = "plot-range", value_name = "FROM..TO", value_parser = parse_range_ms, requires = "plot")]
        plot_range: Option<(u64, u64)>,
    },
    /// Print the texts of the engine and the figure in one language, as JSON (an object
    /// per catalogue, key to template). The page's build ships its Chinese in this file and
    /// loads it when a reader asks for Chinese.
    Texts {
        /// Language of the texts.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Draw a capture: pcap, pcapng or tcpdump text, with TCP states inferred.
    Import {
        /// The capture file.
        file: PathBuf,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Keep only this connection (repeatable; numbers from `--list`).
        #[arg(long = "conn", value_name = "N")]
        conn: Vec<u32>,
        /// List the connections found (one pass, little memory) instead of drawing.
        #[arg(long)]
        list: bool,
        /// Keep packets from this many seconds after the first one.
        #[arg(long, value_name = "SECONDS")]
        from: Option<f64>,
        /// Keep packets up to this many seconds after the first one.
        #[arg(long, value_name = "SECONDS")]
        to: Option<f64>,
        /// Most segments to keep (default 1000000).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        max_segments: Option<u64>,
        /// With `--format pcap`: the side of the path to write.
        #[arg(long, value_enum, default_value_t = SideArg::Client)]
        side: SideArg,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Language of the texts (labels, explanations, events; JSON keeps the message
        /// keys and gives the texts in this language).
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// With `--format svg`: the narrow figure (short label lines in narrow columns), as
        /// the page draws it on a phone or in an embed's frame up to 760 px wide.
        #[arg(long)]
        narrow: bool,
        /// Draw a plot of one TCP connection instead of the sequence diagram (with
        /// `--format svg`): the time-sequence graph, cwnd, RTT or goodput.
        #[arg(long, value_enum, value_name = "PLOT")]
        plot: Option<PlotArg>,
        /// With `--plot`: the connection to plot (default: the one that carried the most
        /// data).
        #[arg(long = "plot-conn", value_name = "N", requires = "plot")]
        plot_conn: Option<u32>,
        /// With `--plot`: only this part of the connection, in milliseconds from its start
        /// as the plot's time axis counts them (e.g. `120..450.5`); default all of it.
        #[arg(long = "plot-range", value_name = "FROM..TO", value_parser = parse_range_ms, requires = "plot")]
        plot_range: Option<(u64, u64)>,
    },
}

/// `--plot-range FROM..TO`: milliseconds (to the microsecond) as microseconds.
fn parse_range_ms(s: &str) -> Result<(u64, u64), String> {
    let us = |v: &str| -> Result<u64, String> {
        let ms: f64 = v
            .trim()
            .parse()
            .map_err(|_| format!("{v:?} is not a number of milliseconds"))?;
        if !(0.0..=1e12).contains(&ms) {
            return Err(format!("{v:?} ms is out of range (0 and up)"));
        }
        Ok((ms * 1e3).round() as u64)
    };
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("{s:?} is not FROM..TO (milliseconds, e.g. 120..450)"))?;
    let (a, b) = (us(a)?, us(b)?);
    if b <= a {
        return Err(format!("{s:?}: TO must be after FROM"));
    }
    Ok((a, b))
}

/// A plot (`--plot`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum PlotArg {
    /// Sequence numbers over time: data segments, ACKs, the window's edge, SACK blocks.
    Sequence,
    /// The sender's cwnd, ssthresh, bytes in flight and the peer's window.
    Cwnd,
    /// RTT samples, SRTT and RTO.
    Rtt,
    /// Goodput: the bytes the receiver acknowledged per time bin.
    Throughput,
}

impl From<PlotArg> for PlotKind {
    fn from(p: PlotArg) -> PlotKind {
        match p {
            PlotArg::Sequence => PlotKind::Sequence,
            PlotArg::Cwnd => PlotKind::Cwnd,
            PlotArg::Rtt => PlotKind::Rtt,
            PlotArg::Throughput => PlotKind::Throughput,
        }
    }
}

/// The language of the texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LangArg {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

/// Which wire a pcap shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum SideArg {
    /// Next to each connection's client.
    Client,
    /// Next to each connection's server.
    Server,
}

impl From<SideArg> for Side {
    fn from(s: SideArg) -> Side {
        match s {
            SideArg::Client => Side::Client,
            SideArg::Server => Side::Server,
        }
    }
}

/// A failure reported to the user as one line.
#[derive(Debug)]
pub struct CliError(pub String);

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                // A reader that stops early (`| head`) is no failure: no panic on a closed pipe.
                let _ = write!(std::io::stdout(), "{e}");
                return ExitCode::SUCCESS;
            }
            // clap's message on one line (a first line ending in ':' names what it means
            // on the next lines: the missing arguments), then where to read more.
            let text = e.to_string();
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let mut first = lines.next().unwrap_or("invalid arguments").to_owned();
            if first.ends_with(':') {
                let more: Vec<&str> = lines.take_while(|l| !l.starts_with("Usage:")).collect();
                if !more.is_empty() {
                    first = format!("{first} {}", more.join(", "));
                }
            }
            eprintln!("{first} (see `wiretrace --help`)");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::List { verbose } => list::list(verbose),
        Command::Texts { lang, output } => texts::texts(lang.into(), output.as_deref()),
        Command::Run {
            scenario,
            set,
            seed,
            format,
            output,
            side,
            lang,
            max_segments,
            narrow,
            plot,
            plot_conn,
            plot_range,
        } => run::run(
            &scenario,
            &set,
            seed,
            max_segments,
            output::Out {
                format,
                side: side.into(),
                lang: lang.into(),
                path: output.as_deref(),
                narrow,
                plot: plot.map(|p| output::PlotOut {
                    kind: p.into(),
                    conn: plot_conn,
                    range: plot_range,
                }),
            },
        ),
        Command::Import {
            file,
            format,
            conn,
            list,
            from,
            to,
            max_segments,
            side,
            output,
            lang,
            narrow,
            plot,
            plot_conn,
            plot_range,
        } => import::import(
            &file,
            import::Options {
                connections: &conn,
                list,
                from_s: from,
                to_s: to,
                max_segments,
                out: output::Out {
                    format,
                    side: side.into(),
                    lang: lang.into(),
                    path: output.as_deref(),
                    narrow,
                    plot: plot.map(|p| output::PlotOut {
                        kind: p.into(),
                        conn: plot_conn,
                        range: plot_range,
                    }),
                },
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError(msg)) => {
            eprintln!("wiretrace: {msg}");
            ExitCode::from(2)
        }
    }
}
