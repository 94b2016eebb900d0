//! Keeps the URL hash and the page in step: the page writes its share link with
//! `history.replaceState` (no history spam, no `hashchange`), and a hash typed or followed
//! by the user is applied.

use gloo_events::EventListener;
use yew::prelude::*;

use crate::dom;
use crate::link::Link;

/// Writes `hash` whenever it changes and calls `on_link` when the user changes the URL.
#[hook]
pub fn use_link_sync(hash: String, on_link: Callback<Link>) {
    use_effect_with(hash, |hash| dom::replace_hash(hash));
    use_effect_with((), move |_| {
        let listener = dom::window().map(|w| {
            EventListener::new(&w, "hashchange", move |_| {
                on_link.emit(Link::parse(&dom::location_hash()));
            })
        });
        move || drop(listener)
    });
}
