//! `wiretrace run`.

use wiretrace_core::net::Limits;
use wiretrace_core::scenario;

use crate::output::{self, Out};
use crate::CliError;

pub fn run(
    id: &str,
    set: &[String],
    seed: Option<u64>,
    max_segments: Option<u64>,
    out: Out<'_>,
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
    let limits = match max_segments {
        Some(n) => Limits::segments(usize::try_from(n).unwrap_or(usize::MAX)),
        None => Limits::default(),
    };
    let trace =
        scenario::run_limited(id, &pairs, limits).map_err(|e| CliError(e.render(out.lang)))?;
    output::write_side(&trace, &out)
}
