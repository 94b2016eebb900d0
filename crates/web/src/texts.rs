//! The engine's and the figure's Chinese, loaded when a reader asks for Chinese.
//!
//! The page's release build goes without the `builtin-zh` feature (index.html): their
//! Chinese tables (`wiretrace_diagram::texts::SHIPPED_APART`, about 26 KB gzipped) are not
//! in its wasm but in a texts file beside it, `texts/zh-<hash>.json`, written by
//! `wiretrace texts --lang zh` (scripts/lib/figures.mjs, which names it on the static
//! note's `data-texts-zh`). A reader who never asks for Chinese never fetches it. The
//! page's own words (`ui`) stay built in, so the page speaks Chinese while the rest comes.
//!
//! Where the file comes from, first found: the single-file page's inline
//! `<script type="application/json" id="wt-texts-zh">`; the boot script's early fetch of it
//! for a link or browser in Chinese (`self.wiretraceZhTexts`, a promise of its text); a
//! fetch of the name the static note gave. Until it is installed, the engine's and the
//! figure's texts read as English (`Catalog::get`), never as bare keys.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wiretrace_core::i18n::Lang;
use wiretrace_diagram::texts::SHIPPED_APART;

/// The id of the single-file page's inline texts.
const INLINE_ID: &str = "wt-texts-zh";
/// The global the boot script sets to a promise of the file's text.
const EARLY_FETCH: &str = "wiretraceZhTexts";

thread_local! {
    /// The file's address, read from the static note before it is removed.
    static ADDRESS: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The boot script's fetch was read: a later load (a retry) fetches again.
    static EARLY_READ: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How many texts files were installed: what is drawn from texts is drawn again when
    /// it changes ([`generation`]).
    static GENERATION: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Changes when texts are installed: a key for what caches words (the figure's layout,
/// the plots), so a page already drawn in English-for-now is drawn again in its language.
pub fn generation() -> u32 {
    GENERATION.with(|g| g.get())
}

/// Whether every text of a language is here (built in or installed).
pub fn ready(lang: Lang) -> bool {
    SHIPPED_APART.iter().all(|c| c.has(lang))
}

/// Reads the texts file's address off the static note (call before it is removed).
pub fn remember_address() {
    let name = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("wt-static"))
        .and_then(|n| n.get_attribute("data-texts-zh"));
    ADDRESS.with(|a| *a.borrow_mut() = name);
}

/// Installs a texts file: `[name, [[key, template], ...]]` for each catalogue of
/// [`SHIPPED_APART`].
pub fn install(json: &str) -> Result<(), String> {
    let mut all: Vec<(String, Vec<(String, String)>)> =
        serde_json::from_str(json).map_err(|e| format!("the texts file is not readable: {e}"))?;
    // Every table is checked before any is installed: never half a language.
    let mut tables = Vec::with_capacity(SHIPPED_APART.len());
    for cat in SHIPPED_APART {
        let i = all
            .iter()
            .position(|(n, _)| n == cat.name)
            .ok_or_else(|| format!("the texts file has no {}", cat.name))?;
        let (_, table) = all.swap_remove(i);
        cat.check_zh(&table)?;
        tables.push((cat, table));
    }
    for (cat, table) in tables {
        cat.install_zh(table)?;
    }
    GENERATION.with(|g| g.set(g.get() + 1));
    Ok(())
}

/// How long a page waits for texts before it goes on without them (a file that never
/// comes, behind a stuck proxy): it draws again once they are here.
pub const WAIT_MS: u32 = 4_000;

/// Runs `then` once: when the texts of `lang` are loaded or failed to load, or after
/// `wait_ms` if given, whichever comes first. A failure is told by the App, which loads
/// them again (`use_texts_gate`).
pub fn load_then(lang: Lang, wait_ms: Option<u32>, then: impl FnOnce() + 'static) {
    let then = std::rc::Rc::new(RefCell::new(Some(then)));
    let run = move || {
        let f = then.borrow_mut().take();
        if let Some(f) = f {
            f();
        }
    };
    if let Some(ms) = wait_ms {
        gloo_timers::callback::Timeout::new(ms, run.clone()).forget();
    }
    wasm_bindgen_futures::spawn_local(async move {
        let _ = load(lang).await;
        run();
    });
}

/// Loads and installs the texts of `lang` unless they are here.
pub async fn load(lang: Lang) -> Result<(), String> {
    if ready(lang) {
        return Ok(());
    }
    install(&fetch_text().await?)
}

async fn fetch_text() -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    if let Some(inline) = window
        .document()
        .and_then(|d| d.get_element_by_id(INLINE_ID))
        .and_then(|e| e.text_content())
    {
        return Ok(inline);
    }
    let Some(address) = ADDRESS.with(|a| a.borrow().clone()) else {
        return Err(String::from("this build names no texts file"));
    };
    let early = if EARLY_READ.with(|r| r.replace(true)) {
        None
    } else {
        js_sys::Reflect::get(&window, &JsValue::from_str(EARLY_FETCH))
            .ok()
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    };
    let failed = |e: JsValue| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| String::from("network error"));
        format!("{address}: {why}")
    };
    if let Some(p) = early {
        // Its failure is the file's: no second fetch of it now.
        let text = JsFuture::from(p).await.map_err(failed)?;
        return text
            .as_string()
            .ok_or_else(|| format!("{address}: not text"));
    }
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&address))
        .await
        .map_err(failed)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("{address}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    text.as_string()
        .ok_or_else(|| format!("{address}: not text"))
}
