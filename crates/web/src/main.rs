//! The wiretrace page: plays a Trace as an animated sequence diagram with an explanation of
//! every segment and an accessible transcript.

mod components;
mod dom;
mod hooks;
mod link;
mod render;
mod shared;
mod state;
mod ui;

fn main() {
    yew::Renderer::<components::app::App>::new().render();
}
