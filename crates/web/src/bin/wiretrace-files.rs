//! The file worker (see `wiretrace_web::files`): trunk builds it as a Web Worker.

fn main() {
    wiretrace_web::files::run_worker();
}
