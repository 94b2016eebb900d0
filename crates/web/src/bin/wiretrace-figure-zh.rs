//! The figure worker of a page that opens in Chinese (see `wiretrace_web::figure_worker`):
//! `wiretrace-figure` itself, built with the feature `zh-only`, so it carries no English
//! texts.

#[path = "wiretrace-figure.rs"]
mod figure;

fn main() {
    figure::main();
}
