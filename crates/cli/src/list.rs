//! `wiretrace list`.

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::scenario;
use wiretrace_core::trace::Msg;

use crate::output;
use crate::CliError;

fn text(key: &str) -> String {
    i18n::render(Lang::En, &Msg::new(key, &[]))
}

pub fn list(verbose: bool) -> Result<(), CliError> {
    use std::fmt::Write as _;
    let all = scenario::list();
    let width = all.iter().map(|s| s.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for s in all {
        let _ = writeln!(out, "{:width$}  {}", s.id, text(s.title));
        if verbose {
            let _ = writeln!(out, "    {}", text(s.intro));
            for p in s.params {
                let default = match p.default {
                    None => "drawn from the seed",
                    Some("") => "none",
                    Some(d) => d,
                };
                let _ = writeln!(
                    out,
                    "    --set {}=<{}> (default {default}): {}",
                    p.key,
                    describe(&p.kind),
                    text(p.help)
                );
            }
            out.push('\n');
        }
    }
    output::write_bytes(out.as_bytes(), None)
}

/// The accepted values of a parameter, in words.
pub fn describe(kind: &scenario::ParamKind) -> String {
    use scenario::ParamKind::*;
    match kind {
        Int { min, max } => format!("integer {min}..={max}"),
        Float { min, max } => format!("number {min}..={max}"),
        Bool => "true|false".to_owned(),
        SocketAddr => "ip:port".to_owned(),
        IdList => "segment ids, comma-separated".to_owned(),
        Choice(words) => words.join("|"),
    }
}
