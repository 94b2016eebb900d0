//! Entry point of the page (trunk builds this binary).

fn main() {
    wiretrace_web::start();
}
