//! `wiretrace`: the command line over the engine, the capture readers and the diagram.
//!
//! Every failure is one line on stderr naming what was wrong, and exit code 2.

mod list;
mod output;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    },
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
                print!("{e}");
                return ExitCode::SUCCESS;
            }
            // clap's message, first line only, then where to read more.
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            eprintln!("{first} (see `wiretrace --help`)");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::List { verbose } => list::list(verbose),
        Command::Run {
            scenario,
            set,
            seed,
            format,
            output,
        } => run::run(&scenario, &set, seed, format, output.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError(msg)) => {
            eprintln!("wiretrace: {msg}");
            ExitCode::from(2)
        }
    }
}
