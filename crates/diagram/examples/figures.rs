//! Writes every scenario's figure as SVG, wide and compact, in English and Chinese, for
//! looking at them all: `cargo run -p wiretrace-diagram --example figures -- OUT_DIR`.

use wiretrace_core::i18n::Lang;
use wiretrace_core::scenario;
use wiretrace_diagram::{svg, Options};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "figures".to_owned());
    std::fs::create_dir_all(&dir).expect("output folder");
    for info in scenario::list() {
        let trace = scenario::run_with(info.id, &[]).expect("scenario runs");
        for (lang, compact) in [
            (Lang::En, false),
            (Lang::Zh, false),
            (Lang::En, true),
            (Lang::Zh, true),
        ] {
            let opts = Options {
                lang,
                compact,
                ..Options::default()
            };
            let name = format!(
                "{dir}/{}-{}{}.svg",
                info.id,
                lang.tag(),
                if compact { "-compact" } else { "" }
            );
            std::fs::write(&name, svg::export(&trace, &opts)).expect("write");
        }
    }
}
