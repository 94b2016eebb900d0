//! The wiretrace page: plays a Trace as an animated sequence diagram with an explanation of
//! every segment and an accessible transcript. `main.rs` mounts [`components::root::Root`],
//! which holds the page ([`components::app::App`]); the modules are public so the browser
//! tests (`tests/wasm.rs`) can mount parts of it.

pub mod components;
pub mod dom;
pub mod embed;
pub mod figure_patch;
pub mod figure_window;
pub mod figure_worker;
pub mod files;
pub mod hooks;
pub mod json;
pub mod layout_job;
pub mod link;
pub mod log_index;
pub mod pump;
pub mod render;
pub mod shared;
pub mod state;
pub mod texts;
pub mod ui;
pub mod virtual_list;
pub mod whole_run;
pub mod worker_client;
pub mod worker_msg;

/// Mounts the page on `<body>`, in place of the static note (and the pre-rendered figure
/// the boot script may have drawn in it): removed first, so the app never lays out below it.
/// A page opening in a language whose texts are shipped apart loads them first (the note
/// stays meanwhile): see [`texts`].
pub fn start() {
    texts::remember_address();
    let lang = state::opening_lang(
        &link::Link::parse(&dom::location_hash()),
        dom::browser_lang(),
    );
    if texts::ready(lang) {
        mount();
        return;
    }
    // A file that never comes (a stuck proxy) does not keep the page from starting: after
    // a while it mounts, and the App loads the texts again and draws once they are here.
    texts::load_then(lang, Some(texts::WAIT_MS), mount);
}

fn mount() {
    dom::remove_static_note();
    yew::Renderer::<components::root::Root>::new().render();
}
