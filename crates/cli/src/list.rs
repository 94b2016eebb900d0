//! `wiretrace list`.

use wiretrace_core::i18n::{self, Lang};
use wiretrace_core::scenario;
use wiretrace_core::trace::Msg;

use crate::CliError;

fn text(key: &str) -> String {
    i18n::render(
        Lang::En,
        &Msg {
            key: key.to_owned(),
            args: Default::default(),
        },
    )
}

pub fn list(verbose: bool) -> Result<(), CliError> {
    let all = scenario::list();
    let width = all.iter().map(|s| s.id.len()).max().unwrap_or(0);
    for s in all {
        println!("{:width$}  {}", s.id, text(s.title));
        if verbose {
            println!("    {}", text(s.intro));
            for p in s.params {
                let default = p.default.unwrap_or("from the seed");
                println!(
                    "    --set {}=<{}> (default {default}): {}",
                    p.key,
                    describe(&p.kind),
                    text(p.help)
                );
            }
            println!();
        }
    }
    Ok(())
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
