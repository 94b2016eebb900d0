//! The figure worker (see `wiretrace_web::figure_worker`): trunk builds it as a Web Worker.

// It draws one figure and is ended: memory handed out in order, none looked for.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: wiretrace_web::figure_worker::heap::OneShot =
    wiretrace_web::figure_worker::heap::OneShot::new();

pub fn main() {
    wiretrace_web::figure_worker::run_worker();
}
