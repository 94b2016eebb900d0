//! `wiretrace run`.

use std::path::Path;

use wiretrace_core::scenario;

use crate::output::{self, Format};
use crate::CliError;

pub fn run(
    id: &str,
    set: &[String],
    seed: Option<u64>,
    format: Format,
    side: wiretrace_capture::Side,
    out: Option<&Path>,
) -> Result<(), CliError> {
    let mut pairs = Vec::with_capacity(set.len() + 1);
    for item in set {
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| CliError(format!("--set expects KEY=VALUE, got '{item}'")))?;
        pairs.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    if let Some(seed) = seed {
        pairs.push(("seed".to_owned(), seed.to_string()));
    }
    let trace = scenario::run(id, &pairs)?;
    output::write_side(&trace, format, side, out)
}
