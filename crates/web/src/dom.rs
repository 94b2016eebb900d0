//! Small helpers over the browser (window, location, history, scrolling). Failures here
//! (no window in a worker, a blocked history API) are ignored: the page keeps working.

use wasm_bindgen::JsValue;
use wiretrace_core::i18n::Lang;

/// The window (always present on the page).
pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The current URL hash, `#` included (empty if none).
pub fn location_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the URL hash without adding a history entry (and without a `hashchange`).
pub fn replace_hash(hash: &str) {
    let Some(w) = window() else { return };
    if location_hash() == hash {
        return;
    }
    let loc = w.location();
    let url = if hash.is_empty() {
        format!(
            "{}{}",
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        )
    } else {
        hash.to_owned()
    };
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The browser's preferred language among ours.
pub fn browser_lang() -> Lang {
    let Some(w) = window() else {
        return Lang::En;
    };
    let nav = w.navigator();
    let first = nav
        .languages()
        .get(0)
        .as_string()
        .or_else(|| nav.language());
    first.map(|t| Lang::from_tag(&t)).unwrap_or(Lang::En)
}

/// Sets `<html lang>` and the document title (each only if it changes: a new `lang`
/// styles and lays out every text of the page again).
pub fn set_document_lang(lang: Lang, title: &str) {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = doc.document_element() {
        let tag = match lang {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        };
        if root.get_attribute("lang").as_deref() != Some(tag) {
            let _ = root.set_attribute("lang", tag);
        }
    }
    if doc.title() != title {
        doc.set_title(title);
    }
}

/// True if the user asked for less motion.
pub fn media_matches(query: &str) -> bool {
    window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Scrolls `container` (only it, not the page) so that `target` is in view with a margin.
pub fn scroll_into(container: &web_sys::Element, target: &web_sys::Element, margin: f64) {
    let c = container.get_bounding_client_rect();
    let t = target.get_bounding_client_rect();
    let top = container.scroll_top() as f64;
    if t.top() < c.top() + margin {
        container.set_scroll_top((top - (c.top() + margin - t.top())) as i32);
    } else if t.bottom() > c.bottom() - margin {
        let want = top + (t.bottom() - (c.bottom() - margin));
        // Never scroll the top of a tall target out of view.
        let max = top + (t.top() - (c.top() + margin));
        container.set_scroll_top(want.min(max) as i32);
    }
    let left = container.scroll_left() as f64;
    if t.left() < c.left() {
        container.set_scroll_left((left - (c.left() - t.left()) - margin) as i32);
    } else if t.right() > c.right() && t.width() < c.width() {
        container.set_scroll_left((left + (t.right() - c.right()) + margin) as i32);
    }
}

/// Sets (or with `None` removes) an attribute of `<html>`: the page's embed mode, theme
/// and transparency are read from there by the style sheet.
pub fn set_root_attr(name: &str, value: Option<&str>) {
    let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match value {
        Some(v) => root.set_attribute(name, v),
        None => root.remove_attribute(name),
    };
}

/// The page's address without its hash (`https://host/course/wiretrace/`).
pub fn page_address() -> String {
    let href = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_owned(),
        None => href,
    }
}

/// Removes the text `index.html` shows until the app starts (`#wt-static`).
pub fn remove_static_note() {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("wt-static"))
    {
        el.remove();
    }
}

/// The page's address without its query and hash: where the full page of an embed is.
pub fn page_address_no_query() -> String {
    let a = page_address();
    match a.split_once('?') {
        Some((base, _)) => base.to_owned(),
        None => a,
    }
}

/// Watches an element's size (`ResizeObserver`): `f` runs after the browser has laid the
/// page out with a new size (and once at the start). It stops when the guard is dropped.
pub struct ResizeWatch {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl ResizeWatch {
    /// Watches `el`; `None` if the browser has no `ResizeObserver`.
    pub fn new(el: &web_sys::Element, f: impl FnMut() + 'static) -> Option<ResizeWatch> {
        use wasm_bindgen::JsCast;
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(el);
        Some(ResizeWatch {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for ResizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Runs `f` in the next animation frame.
pub fn next_frame(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let cb = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

/// Runs `f` in the next animation frame, unless a call with the same `pending` flag is
/// waiting for it already (work asked for many times a frame, such as on scroll, runs once).
pub fn next_frame_once(pending: &std::rc::Rc<std::cell::Cell<bool>>, f: impl FnOnce() + 'static) {
    if pending.replace(true) {
        return;
    }
    let pending = pending.clone();
    next_frame(move || {
        pending.set(false);
        f();
    });
}

/// `target.name(...args)`, for methods web-sys has no stable binding for (`animate`,
/// `getAnimations`, `navigator.clipboard.writeText`); `None` if there is no such method
/// or it threw.
pub fn call_method(
    target: &wasm_bindgen::JsValue,
    name: &str,
    args: &[&wasm_bindgen::JsValue],
) -> Option<wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let f = js_sys::Reflect::get(target, &wasm_bindgen::JsValue::from_str(name)).ok()?;
    let f = f.dyn_ref::<js_sys::Function>()?;
    let list: js_sys::Array = args.iter().copied().collect();
    f.apply(target, &list).ok()
}
