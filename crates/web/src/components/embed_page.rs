//! The page as an embed (`embed=1`): only the parts asked for (`panels=`), no header
//! unless asked, sized to its frame (or, with `autoheight=1`, to its content), and a small
//! "Open in wiretrace ↗" link to the full page at the same moment.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wiretrace_core::i18n::Lang;
use yew::prelude::*;

use crate::embed::EmbedOptions;
use crate::state::Action;
use crate::ui::{t, T};

/// The parts the app drew, for the embed to lay out.
pub struct EmbedParts {
    pub lang: Lang,
    pub opts: Rc<EmbedOptions>,
    /// The embed's box: its size is what `resize` reports.
    pub root: NodeRef,
    /// Autoplay was asked and held back (reduced motion): say why it is not playing.
    pub held: bool,
    /// The full page at this moment.
    pub full_link: String,
    pub header: Option<Html>,
    pub alert: Html,
    pub player: Option<Html>,
    pub diagram: Option<Html>,
    /// Quiz, parameters, explanation, states (each may be empty).
    pub side: [Html; 4],
    pub has_side: bool,
    pub log: Option<Html>,
    pub on: Callback<Action>,
}

/// Lays the parts out as an embed.
pub fn embed_page(p: EmbedParts) -> Html {
    let lang = p.lang;
    let opts = &p.opts;
    let fit = if opts.autoheight {
        "fit-content"
    } else {
        "fit-frame"
    };
    // Without the player bar, a click on the figure (not on an arrow, which seeks) plays
    // or pauses, as Space does.
    let onclick = (!opts.controls).then(|| {
        let on = p.on.clone();
        Callback::from(move |e: MouseEvent| {
            let on_control = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| {
                    el.closest("[data-segment-id], button, a, input, select")
                        .ok()
                        .flatten()
                })
                .is_some();
            if !on_control {
                on.emit(Action::TogglePlay);
            }
        })
    });
    let has_stage = p.player.is_some() || p.diagram.is_some();
    let main_class = classes!(
        "embed-main",
        p.has_side.then_some("with-side"),
        p.log.is_some().then_some("with-log"),
        (!has_stage).then_some("no-stage"),
    );
    html! {
        <div id="wt-embed" class={classes!("embed", fit, opts.maxheight.is_some().then_some("capped"))}
            ref={p.root.clone()}>
            { p.header.unwrap_or_default() }
            { p.alert }
            if p.held {
                <p class="embed-note" role="status">{ t(lang, T::AutoplayHeld) }</p>
            }
            <main class={main_class}>
                if has_stage {
                    <section class="stage" aria-label={t(lang, T::Diagram)} {onclick}>
                        { p.player.unwrap_or_default() }
                        { p.diagram.unwrap_or_default() }
                    </section>
                }
                if p.has_side {
                    <aside class="side embed-side" aria-label={t(lang, T::Explanation)}>
                        { for p.side }
                    </aside>
                }
                if let Some(log) = p.log {
                    <section class="logbox" aria-label={t(lang, T::SegmentLog)}>{ log }</section>
                }
            </main>
            if opts.links {
                <footer class="embed-foot">
                    <a class="open-full" href={p.full_link} target="_blank" rel="noopener"
                        title={t(lang, T::OpenFullLabel)}>
                        { t(lang, T::OpenFull) }
                    </a>
                </footer>
            }
        </div>
    }
}
