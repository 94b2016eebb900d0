//! A media query (`prefers-reduced-motion`) as state that follows changes.

use gloo_events::EventListener;
use yew::prelude::*;

use crate::dom;

/// Whether the media query matches, updated when it changes.
#[hook]
pub fn use_media_query(query: &'static str) -> bool {
    let matches = use_state(|| dom::media_matches(query));
    {
        let matches = matches.clone();
        use_effect_with(query, move |q| {
            let q = *q;
            let mql = dom::window().and_then(|w| w.match_media(q).ok().flatten());
            let listener = mql.map(|m| {
                EventListener::new(&m, "change", move |_| matches.set(dom::media_matches(q)))
            });
            move || drop(listener)
        });
    }
    *matches
}
