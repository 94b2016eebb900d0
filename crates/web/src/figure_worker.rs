//! The figure worker: the first figure of a link with parameters, drawn before the player
//! loads (issue 13).
//!
//! A scenario's default run has a figure the build pre-rendered (`scripts/lib/figures.mjs`).
//! A link that sets parameters (`#s=browse&latency_ms=30`) has none: its run must be played
//! out by the engine. So the boot script (`scripts/lib/post-build.mjs`) starts this worker,
//! a small wasm with the engine and the figure but none of the player, and shows the SVG it
//! answers in the static note, as it shows a pre-rendered one; then it loads the player,
//! which replaces it with the same run. The figure is the CLI's `wiretrace run ID --set
//! KEY=VALUE… --format svg --lang LANG` (the page's own SVG download) without its `<style>`
//! element, which the boot script leaves out of a pre-rendered figure too: the page links
//! the same stylesheet.
//!
//! It is built twice, each build in one language, so that neither carries the other's texts
//! or the code that installs them: `wiretrace-figure` in English (the page's release build
//! of the engine and the figure, without `builtin-zh`), and `wiretrace-figure-zh` with the
//! feature `zh-only`, whose texts are Chinese where the others' are English. The boot
//! script starts the one of the language the page opens in (`figure-worker.js?zh` for
//! Chinese), by the page's rule (`state::opening_lang`), and fetches no texts file before
//! the figure: a page in Chinese fetches it with the player. In a debug build (`trunk
//! serve`) the English worker has Chinese too, and the Chinese one still no English.
//!
//! Messages: once the worker has said `{ready}`, the boot script posts `{hash, zh,
//! compact}` (the page's `location.hash`, whether the browser's language is Chinese, and
//! whether the page draws the narrow figure). The worker answers `{svg, lang}` with the
//! figure and its language (`en` or `zh`), or `{none}` with why it draws none: a link the
//! player must judge (an unknown scenario, a bad value, `timers=`, an embed without the
//! figure), a page in the other build's language, a run too long or too tall for a first
//! figure, or one that needs more memory than the worker's heap ([`heap::MAX`]:
//! `www/figure-worker.js` answers for a wasm that stopped). The boot script starts the
//! player either way.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wiretrace_core::i18n::Lang;
use wiretrace_core::net::Limits;
use wiretrace_core::scenario;
use wiretrace_diagram::layout::Options;
use wiretrace_diagram::numbers::Numbering;

use crate::embed::EmbedOptions;
use crate::link::Link;
use crate::{state, texts};

/// The longest run drawn as a first figure. A longer one waits for the player, which draws
/// it in trains and reads the rest from its own worker: a first figure of it would take as
/// long to make and to show as the player takes to load.
pub const FIGURE_SEGMENTS: usize = 3_000;

/// The figure of the run `hash` names, as the page opening it would show it first: the
/// SVG and its language, or why there is none. `browser` is the browser's language;
/// `compact` draws the narrow figure, as the page does on a phone and in an embed's frame
/// in a column of text (`app.rs`: `(max-width: 600px)`, `(max-width: 760px)` for an
/// embed; the boot script asks the same query).
pub fn figure(hash: &str, browser: Lang, compact: bool) -> Result<(String, Lang), String> {
    let link = Link::parse(hash);
    if link.timers.is_some() {
        return Err(String::from("the link changes how the page draws the run"));
    }
    // An embed's keys shape the page around the figure, not the figure, unless its panels
    // leave the figure out.
    if !EmbedOptions::figure_shown(&link) {
        return Err(String::from("the embed shows no figure"));
    }
    let numbering = match link.numbering.as_deref() {
        None => Numbering::Absolute,
        Some(tag) => Numbering::from_tag(tag).ok_or("num= is not abs or rel")?,
    };
    let lang = state::opening_lang(&link, browser);
    if !has_texts(lang) {
        return Err(format!(
            "the page opens in {}: the other figure worker draws it",
            lang.tag()
        ));
    }
    let id = match &link.scenario {
        Some(id) => id.as_str(),
        None => state::default_scenario().ok_or("no scenario")?.id,
    };
    let trace = scenario::run_limited(id, &link.params, Limits::segments(FIGURE_SEGMENTS))
        .map_err(|e| e.render(lang))?;
    if trace.segments.len() >= FIGURE_SEGMENTS {
        return Err(format!(
            "the run has {FIGURE_SEGMENTS} segments or more: the player draws it"
        ));
    }
    let opts = Options {
        numbering,
        lang,
        compact,
    };
    let svg = wiretrace_diagram::svg::export_unstyled(&trace, &opts)
        .ok_or("the run is drawn zoomed out: the player draws it")?;
    Ok((svg, lang))
}

/// Whether this build draws figures in `lang`: the English build has no Chinese (unless
/// built in, as in a debug build), and the Chinese build's English is Chinese (`zh-only`).
fn has_texts(lang: Lang) -> bool {
    match lang {
        Lang::En => !cfg!(feature = "zh-only"),
        Lang::Zh => texts::ready(Lang::Zh),
    }
}

fn post(scope: &web_sys::DedicatedWorkerGlobalScope, pairs: &[(&str, &str)]) {
    let message = js_sys::Object::new();
    for (key, value) in pairs {
        // Setting a property on a new plain object cannot fail.
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    // An answer that cannot be posted leaves the boot script to its time limit.
    let _ = scope.post_message(&message);
}

/// The worker's loop (`src/bin/wiretrace-figure.rs`): answers each message with a figure.
pub fn run_worker() {
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
            let data = e.data();
            let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
            let text = |key: &str| get(key).and_then(|v| v.as_string());
            let browser = if get("zh").and_then(|v| v.as_bool()).unwrap_or(false) {
                Lang::Zh
            } else {
                Lang::En
            };
            let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
            match text("hash").ok_or_else(|| String::from("no hash in the message")) {
                Ok(hash) => match figure(
                    &hash,
                    browser,
                    get("compact").and_then(|v| v.as_bool()).unwrap_or(false),
                ) {
                    Ok((svg, lang)) => post(&scope, &[("svg", &svg), ("lang", lang.tag())]),
                    Err(why) => post(&scope, &[("none", &why)]),
                },
                Err(why) => post(&scope, &[("none", &why)]),
            }
        });
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A message posted before the handler was set would be lost: the page waits for this.
    post(&scope, &[("ready", "1")]);
}

/// The figure worker's allocator: it hands out memory in order and takes none back (only
/// the last block given can grow in place), so it never looks for a free block. The worker
/// draws one figure and is ended (the boot script terminates it). Leaving out a general
/// allocator (dlmalloc), and the code that walks what is dropped only to free it, makes the
/// worker's wasm about 11 KB smaller gzipped, which the first load of a link with
/// parameters counts.
///
/// A figure the worker draws asks for at most about 11 MB in all; a run cut at
/// [`FIGURE_SEGMENTS`] can ask for far more before it is cut (850 MB for twenty pipelined
/// 10 MB responses): `cargo run --release -p wiretrace-web --example figure_alloc`. So the
/// heap stops at [`heap::MAX`]: past it an allocation fails, the wasm traps, and
/// `www/figure-worker.js` answers `{none}` for it; the player draws that run.
pub mod heap {
    /// The most memory the heap takes: well above what a figure it draws needs.
    pub const MAX: usize = 64 << 20;

    /// Whether the heap may take `pages` more 64 KiB pages, having taken `taken` bytes.
    pub fn may_take(taken: usize, pages: usize) -> bool {
        pages
            .checked_mul(65_536)
            .and_then(|b| b.checked_add(taken))
            .is_some_and(|total| total <= MAX)
    }

    /// Where the next block goes in a span of memory `[next, end)`: the block's start and
    /// the new `next`, or `None` when it does not fit. `align` is a power of two.
    pub fn place(next: usize, end: usize, size: usize, align: usize) -> Option<(usize, usize)> {
        let start = next.checked_add(align - 1)? & !(align - 1);
        let after = start.checked_add(size)?;
        (after <= end).then_some((start, after))
    }

    /// How many 64 KiB pages to grow by for `bytes` more: at least 1 MiB at a time.
    pub fn pages_for(bytes: usize) -> usize {
        bytes.div_ceil(65_536).max(16)
    }

    #[cfg(target_arch = "wasm32")]
    pub use wasm::OneShot;

    #[cfg(target_arch = "wasm32")]
    mod wasm {
        use std::alloc::{GlobalAlloc, Layout};
        use std::cell::Cell;

        use super::{may_take, pages_for, place};

        /// The allocator (`#[global_allocator]` of `src/bin/wiretrace-figure.rs`).
        pub struct OneShot {
            next: Cell<usize>,
            end: Cell<usize>,
            taken: Cell<usize>,
        }

        // The worker's wasm has one thread: nothing else touches the cells.
        #[cfg(not(target_feature = "atomics"))]
        unsafe impl Sync for OneShot {}

        impl OneShot {
            /// An allocator that has taken no memory yet.
            pub const fn new() -> OneShot {
                OneShot {
                    next: Cell::new(0),
                    end: Cell::new(0),
                    taken: Cell::new(0),
                }
            }

            /// Makes `[next, end)` hold at least `bytes` more, growing the wasm memory
            /// (new pages come after every byte anything else uses), up to [`super::MAX`].
            fn grow(&self, bytes: usize) -> bool {
                let pages = pages_for(bytes);
                if !may_take(self.taken.get(), pages) {
                    return false;
                }
                let old = core::arch::wasm32::memory_grow(0, pages);
                if old == usize::MAX {
                    return false;
                }
                self.taken.set(self.taken.get() + pages * 65_536);
                let (start, end) = (old * 65_536, (old + pages) * 65_536);
                if start != self.end.get() {
                    // The first pages, or memory grown by someone else: start there.
                    self.next.set(start);
                }
                self.end.set(end);
                true
            }
        }

        impl Default for OneShot {
            fn default() -> Self {
                OneShot::new()
            }
        }

        unsafe impl GlobalAlloc for OneShot {
            unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
                let (size, align) = (layout.size(), layout.align());
                let at = place(self.next.get(), self.end.get(), size, align).or_else(|| {
                    self.grow(size + align)
                        .then(|| place(self.next.get(), self.end.get(), size, align))
                        .flatten()
                });
                match at {
                    Some((start, after)) => {
                        self.next.set(after);
                        start as *mut u8
                    }
                    None => core::ptr::null_mut(),
                }
            }

            unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {
                // Nothing is taken back: so the compiler leaves out the code that walks
                // what is dropped only to free it (about 8 KB of the wasm, gzipped).
            }

            unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
                let start = ptr as usize;
                // The last block grows or shrinks where it is (a string or list being built),
                // the memory growing after it if need be: never a copy of it.
                if start + layout.size() == self.next.get() {
                    if let Some(after) = start.checked_add(new_size) {
                        if after > self.end.get() {
                            // New pages right after the span extend it (`next` stays).
                            self.grow(after - self.end.get());
                        }
                        if after <= self.end.get() && self.next.get() == start + layout.size() {
                            self.next.set(after);
                            return ptr;
                        }
                    }
                }
                if new_size <= layout.size() {
                    // Smaller, and not the last block: it stays where it is.
                    return ptr;
                }
                let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
                    return core::ptr::null_mut();
                };
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                }
                new
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_clis_figure_of_a_link_with_parameters() {
        let (svg, lang) = figure("#s=browse&latency_ms=40&t=3", Lang::En, false).unwrap();
        assert_eq!(lang, Lang::En);
        let trace = browse_40();
        assert_eq!(svg, unstyled(&trace, &Options::default()));
    }

    /// `#s=browse&latency_ms=40`'s run, as the engine plays it.
    fn browse_40() -> wiretrace_core::Trace {
        wiretrace_core::scenario::run_with("browse", &[("latency_ms", "40")]).unwrap()
    }

    fn unstyled(trace: &wiretrace_core::Trace, opts: &Options) -> String {
        wiretrace_diagram::svg::export_unstyled(trace, opts).unwrap()
    }

    #[test]
    fn relative_numbers_and_the_default_scenario() {
        let (svg, _) = figure("#num=rel&latency_ms=40", Lang::En, false).unwrap();
        let trace = browse_40();
        let opts = Options {
            numbering: Numbering::Relative,
            ..Options::default()
        };
        assert_eq!(svg, unstyled(&trace, &opts));
        assert_ne!(svg, unstyled(&trace, &Options::default()));
    }

    #[test]
    fn the_narrow_figure_on_a_phone() {
        let (svg, _) = figure("#s=browse&latency_ms=40", Lang::En, true).unwrap();
        let trace = browse_40();
        let narrow = Options {
            compact: true,
            ..Options::default()
        };
        assert_eq!(svg, unstyled(&trace, &narrow));
        assert!(svg.contains(r#"class="wt wt-figure wt-compact""#));
        assert!(!unstyled(&trace, &Options::default()).contains("wt-compact"));
    }

    #[test]
    fn in_the_language_the_page_opens_in() {
        let trace = browse_40();
        let zh = unstyled(
            &trace,
            &Options {
                lang: Lang::Zh,
                ..Options::default()
            },
        );
        for (hash, browser, want) in [
            ("#s=browse&latency_ms=40&lang=zh", Lang::En, Lang::Zh),
            ("#s=browse&latency_ms=40", Lang::Zh, Lang::Zh),
            ("#s=browse&latency_ms=40&lang=en", Lang::Zh, Lang::En),
        ] {
            let (svg, lang) = figure(hash, browser, false).unwrap();
            assert_eq!(lang, want, "{hash}");
            assert_eq!(svg == zh, want == Lang::Zh, "{hash}");
        }
    }

    #[test]
    fn the_boot_script_reads_the_embed_keys_as_the_page_does() {
        // post-build.mjs writes the boot script, which draws a first figure for a link
        // whose keys are view keys, embed keys or (for the worker) parameters, and none
        // for timers= or an embed whose panels leave the figure out. Its lists must be
        // the page's, and figure() must draw what the boot script asks it for.
        let boot = include_str!("../../../scripts/lib/post-build.mjs");
        // A list's names, sorted.
        let list = |name: &str| -> Vec<String> {
            let line = boot
                .lines()
                .find(|l| l.starts_with(&format!("const {name} = [")))
                .unwrap_or_else(|| panic!("post-build.mjs lists {name}"));
            let inner = &line[line.find('[').unwrap() + 1..line.rfind(']').unwrap()];
            let mut names: Vec<String> = inner
                .split(',')
                .map(|k| k.trim().trim_matches('\'').to_owned())
                .collect();
            names.sort();
            names
        };
        let sorted = |names: &[&str]| -> Vec<String> {
            let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            names.sort();
            names
        };
        assert_eq!(list("EMBED_KEYS"), sorted(&crate::link::EMBED_KEYS));
        assert_eq!(list("PANELS"), sorted(&crate::embed::PANEL_NAMES));
        assert_eq!(list("PLAYER_ONLY_KEYS"), ["timers"]);
        assert!(figure("#s=browse&latency_ms=40&timers=0", Lang::En, false).is_err());
        for key in crate::link::EMBED_KEYS {
            let hash = format!("#s=browse&latency_ms=40&embed=1&{key}=1");
            assert!(figure(&hash, Lang::En, false).is_ok(), "{hash}");
        }
    }

    #[test]
    fn the_heap_places_blocks_in_order_aligned_within_its_span() {
        use heap::{pages_for, place};
        assert_eq!(place(100, 200, 10, 1), Some((100, 110)));
        assert_eq!(place(101, 200, 8, 8), Some((104, 112)));
        assert_eq!(place(104, 200, 0, 8), Some((104, 104)));
        assert_eq!(place(190, 200, 10, 1), Some((190, 200)));
        assert_eq!(place(190, 200, 11, 1), None);
        assert_eq!(
            place(193, 200, 4, 8),
            None,
            "aligned to 200, then past the end"
        );
        assert_eq!(place(usize::MAX - 2, usize::MAX, 1, 8), None, "no overflow");
        assert_eq!(place(8, usize::MAX, usize::MAX, 1), None, "no overflow");
        assert_eq!(pages_for(1), 16);
        assert_eq!(pages_for(16 * 65_536), 16);
        assert_eq!(pages_for(16 * 65_536 + 1), 17);
        assert_eq!(pages_for(100 << 20), 1600);
        assert!(heap::may_take(0, 1024));
        assert!(heap::may_take(heap::MAX - 65_536, 1));
        assert!(!heap::may_take(heap::MAX - 65_536, 2));
        assert!(!heap::may_take(0, usize::MAX), "no overflow");
    }

    #[test]
    fn draws_none_where_the_player_must_judge() {
        let none = |hash: &str| figure(hash, Lang::En, false).unwrap_err();
        assert!(none("#s=nope&x=1").contains("nope"));
        assert!(none("#s=browse&latency_ms=-4").contains("latency_ms"));
        assert!(none("#s=browse&latency_ms=40&timers=0").contains("draws"));
        assert!(none("#s=browse&latency_ms=40&embed=1&panels=log,states").contains("no figure"));
        // The page drops a key that is no parameter from an embed's link; the run refuses it.
        assert!(none("#s=browse&latency_ms=40&embed=1&colour=red").contains("colour"));
        assert!(none("#s=browse&num=up").contains("num="));
        assert!(none("#s=big-response&body_bytes=4000000").contains("3000 segments or more"));
        // 1,034 segments: taller than a standalone figure, which the CLI draws in trains.
        assert!(none("#s=big-response&body_bytes=1000000").contains("zoomed out"));
    }
}
