//! The figure worker of a page that opens in Chinese (see `wiretrace_web::figure_worker`):
//! `wiretrace-figure` built with the feature `zh-only`, so it carries no English texts.

// It draws one figure and is ended: memory handed out in order, none looked for.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: wiretrace_web::figure_worker::heap::OneShot =
    wiretrace_web::figure_worker::heap::OneShot::new();

fn main() {
    wiretrace_web::figure_worker::run_worker();
}
