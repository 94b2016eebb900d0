//! An element's size, watched for as long as the component lives.

use yew::prelude::*;

use crate::dom::ResizeWatch;

/// Runs `f` with the element of `node` after the browser has laid the page out with a new
/// size of it (and once at the start); nothing if it is not mounted or the browser has no
/// `ResizeObserver`.
#[hook]
pub fn use_resize_watch<T, F>(node: &NodeRef, f: F)
where
    T: wasm_bindgen::JsCast
        + AsRef<web_sys::Node>
        + AsRef<web_sys::Element>
        + From<wasm_bindgen::JsValue>
        + 'static,
    F: Fn(&T) + 'static,
{
    let node = node.clone();
    use_effect_with((), move |_| {
        let watch = node.cast::<T>().and_then(|el| {
            let watched: web_sys::Element = AsRef::<web_sys::Element>::as_ref(&el).clone();
            ResizeWatch::new(&watched, move || f(&el))
        });
        move || drop(watch)
    });
}
