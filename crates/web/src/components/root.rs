//! The component `main.rs` mounts: the page ([`super::app::App`]), opened again from its
//! address when a hash changed in place asks for other embed options. Those shape the
//! whole page (its layout, its hooks, the host API), so they are read the way the first
//! address was, by a fresh page: a new key mounts one.

use yew::prelude::*;

use super::app::App;

#[component]
pub fn Root() -> Html {
    let opened = use_state(|| 0_u32);
    let reopen = {
        let opened = opened.clone();
        Callback::from(move |()| opened.set(opened.wrapping_add(1)))
    };
    html! { <App key={*opened} {reopen} /> }
}
