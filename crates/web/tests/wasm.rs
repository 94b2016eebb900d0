//! Browser tests of the page's parts, in headless Chromium:
//! `cargo test -p wiretrace-web --target wasm32-unknown-unknown --test wasm`.

#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wiretrace_core::i18n::Lang;
use wiretrace_core::{scenario, Trace};
use wiretrace_diagram::Numbering;
use wiretrace_web::components::app::App;
use wiretrace_web::components::segment_log::{SegmentLog, SegmentLogProps};
use wiretrace_web::shared::Shared;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_root() -> web_sys::Element {
    let doc = document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

/// Lets Yew's scheduler and the browser run until `cond` holds (or fails after ~5 s).
async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("timed out waiting for: {what}");
}

fn browse() -> Trace {
    scenario::run_with(
        "browse",
        &[("client.isn", "3626544836"), ("server.isn", "1739326486")],
    )
    .expect("browse runs")
}

fn rows(root: &web_sys::Element) -> Vec<web_sys::Element> {
    let list = root
        .query_selector_all("table[data-testid=segment-log] tbody tr")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

#[wasm_bindgen_test]
async fn segment_log_has_a_row_per_segment_with_raw_numbers() {
    let trace = browse();
    let n = trace.segments.len();
    let root = fresh_root();
    let props = SegmentLogProps {
        trace: Shared(Rc::new(trace.clone())),
        run: 1,
        step: 2,
        numbering: Numbering::Relative,
        lang: Lang::En,
        hide_future: false,
        on_seek: Callback::noop(),
    };
    yew::Renderer::<SegmentLog>::with_root_and_props(root.clone(), props).render();
    wait_for("the rows", || rows(&root).len() == n).await;
    let rows = rows(&root);
    for (row, seg) in rows.iter().zip(&trace.segments) {
        assert_eq!(
            row.get_attribute("data-segment-id").unwrap(),
            seg.id.to_string()
        );
        assert_eq!(row.get_attribute("data-flags").unwrap(), seg.flags_text());
        // Raw numbers in the attributes even while the cells show relative ones.
        assert_eq!(row.get_attribute("data-seq").unwrap(), seg.seq.to_string());
        assert_eq!(
            row.get_attribute("data-ack").unwrap_or_default(),
            seg.ack.map(|a| a.to_string()).unwrap_or_default()
        );
        assert_eq!(row.get_attribute("data-len").unwrap(), seg.len.to_string());
    }
    let current: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.get_attribute("aria-current").as_deref() == Some("step"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(current, [1], "step 2 makes the second segment current");
    // The first cell of the SYN shows its relative seq: 0.
    assert!(rows[0].text_content().unwrap().contains("SYN"));
}

#[wasm_bindgen_test]
async fn the_page_plays_steps_with_the_keyboard_and_keeps_the_link() {
    let root = fresh_root();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("s=browse&latency_ms=30")
        .unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    let n = browse().segments.len();
    wait_for("the log", || rows(&root).len() == n).await;
    let svg = root
        .query_selector("svg[data-testid=sequence-diagram]")
        .unwrap()
        .expect("the diagram");
    assert_eq!(
        svg.query_selector_all("[data-segment-id]")
            .unwrap()
            .length() as usize,
        n,
        "one element per segment"
    );
    let current = |root: &web_sys::Element| {
        rows(root)
            .iter()
            .position(|r| r.get_attribute("aria-current").as_deref() == Some("step"))
    };
    assert_eq!(current(&root), None, "opens paused at the start");

    let press = |key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        document().body().unwrap().dispatch_event(&ev).unwrap();
    };
    press("ArrowRight");
    wait_for("row 1 current", || current(&root) == Some(0)).await;
    press("ArrowRight");
    wait_for("row 2 current", || current(&root) == Some(1)).await;
    press("ArrowLeft");
    wait_for("back to row 1", || current(&root) == Some(0)).await;
    wait_for("the link holds the step", || {
        web_sys::window()
            .unwrap()
            .location()
            .hash()
            .unwrap()
            .contains("t=1")
    })
    .await;
    // Each endpoint shows its state: after the SYN, the client is in SYN-SENT.
    let client = root
        .query_selector("[data-testid=state-client]")
        .unwrap()
        .expect("client state");
    assert_eq!(
        client.get_attribute("data-state").as_deref(),
        Some("SYN-SENT")
    );
}

#[wasm_bindgen_test]
async fn a_bad_link_shows_an_alert_naming_the_culprit() {
    let root = fresh_root();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("s=browse&latency_ms=-5")
        .unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    wait_for("an alert", || {
        root.query_selector("[role=alert]")
            .ok()
            .flatten()
            .and_then(|a| a.text_content())
            .is_some_and(|t| t.contains("latency_ms"))
    })
    .await;
    // The page still shows a run to play.
    wait_for("a run", || !rows(&root).is_empty()).await;
}
