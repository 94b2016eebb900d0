//! Browser tests of the page's parts, in headless Chromium:
//! `cargo test -p wiretrace-web --target wasm32-unknown-unknown --test wasm`.

#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::EventKind;
use wiretrace_core::{scenario, Trace};
use wiretrace_diagram::story::Story;
use wiretrace_diagram::Numbering;
use wiretrace_web::components::explanation::{Explanation, ExplanationProps};
use wiretrace_web::components::root::Root;
use wiretrace_web::components::segment_log::{SegmentLog, SegmentLogProps};
use wiretrace_web::shared::Shared;
use wiretrace_web::state::Origin;
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
    if !eventually(cond).await {
        panic!("timed out waiting for: {what}");
    }
}

/// True once `cond` holds, false if it still does not after ~5 s.
async fn eventually(cond: impl Fn() -> bool) -> bool {
    for _ in 0..500 {
        if cond() {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    false
}

fn browse() -> Trace {
    scenario::run_with(
        "browse",
        &[("client.isn", "3626544836"), ("server.isn", "1739326486")],
    )
    .expect("browse runs")
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

fn rows(root: &web_sys::Element) -> Vec<web_sys::Element> {
    let list = root
        .query_selector_all("table[data-testid=segment-log] tr[data-segment-id]")
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
        story: Shared(Rc::new(Story::new(&trace))),
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
    // Relative numbering: the cells count from each side's ISN (the SYN is seq 0, the
    // SYN,ACK acknowledges 1); the raw numbers appear only in the attributes.
    let numbers = |row: &web_sys::Element| -> Vec<u64> {
        all(row, "td")
            .iter()
            .flat_map(|cell| {
                cell.text_content()
                    .unwrap()
                    .split(|c: char| !c.is_ascii_digit())
                    .filter_map(|n| n.parse().ok())
                    .collect::<Vec<u64>>()
            })
            .collect()
    };
    let (syn, synack) = (&trace.segments[0], &trace.segments[1]);
    assert!(rows[0].text_content().unwrap().contains("SYN"));
    assert!(numbers(&rows[0]).contains(&0), "{:?}", numbers(&rows[0]));
    assert!(!numbers(&rows[0]).contains(&u64::from(syn.seq)));
    assert!(numbers(&rows[1]).contains(&1), "{:?}", numbers(&rows[1]));
    assert!(!numbers(&rows[1]).contains(&u64::from(synack.ack.unwrap())));
    assert!(!numbers(&rows[1]).contains(&u64::from(synack.seq)));
}

/// Gives the log a box that scrolls and rows of one height, as www/style.css does (the
/// tests run without the page's style sheet).
fn log_style() {
    let doc = document();
    if doc.get_element_by_id("test-log-style").is_some() {
        return;
    }
    let style = doc.create_element("style").unwrap();
    style.set_id("test-log-style");
    style.set_text_content(Some(
        ".log-scroll { max-height: 300px; overflow: auto; overflow-anchor: none; } \
         .log tbody tr.row, .log tbody tr.ev-row { height: 30px; } \
         .log td { padding: 0; white-space: nowrap; overflow: hidden; } \
         .log { border-spacing: 0; } .log th { position: sticky; top: 0; background: white; } \
         .log button { height: 24px; } .log tr.log-gap td { padding: 0; }",
    ));
    doc.head().unwrap().append_child(&style).unwrap();
}

fn rowindex(row: &web_sys::Element) -> usize {
    row.get_attribute("aria-rowindex").unwrap().parse().unwrap()
}

#[wasm_bindgen_test]
async fn a_long_log_draws_the_rows_in_view_and_keeps_the_current_one() {
    log_style();
    let trace = scenario::run_with("big-response", &[("body_bytes", "3000000")]).unwrap();
    let n = trace.segments.len();
    assert!(n > 2000, "{n} segments");
    let total = n + trace.events.len();
    let root = fresh_root();
    let props = |step: usize| SegmentLogProps {
        trace: Shared(Rc::new(trace.clone())),
        story: Shared(Rc::new(Story::new(&trace))),
        run: 1,
        step,
        numbering: Numbering::Relative,
        lang: Lang::En,
        hide_future: false,
        on_seek: Callback::noop(),
    };
    let mut app = yew::Renderer::<SegmentLog>::with_root_and_props(root.clone(), props(0)).render();
    wait_for("the rows", || !rows(&root).is_empty()).await;
    let table = root.query_selector("table").unwrap().unwrap();
    assert_eq!(
        table.get_attribute("aria-rowcount"),
        Some((total + 1).to_string()),
        "the rows, and the header"
    );
    let drawn = || all(&root, "tbody tr[aria-rowindex]");
    assert!(drawn().len() <= 60, "{} rows drawn", drawn().len());
    assert_eq!(rowindex(&drawn()[0]), 2, "the first row follows the header");
    assert!(drawn()
        .windows(2)
        .all(|w| rowindex(&w[1]) == rowindex(&w[0]) + 1));

    // A step far down: the log scrolls to the current row, drawn within the box.
    let box_ = root.query_selector(".log-scroll").unwrap().unwrap();
    let current = || root.query_selector("tr[aria-current=step]").unwrap();
    app.update(props(2000));
    wait_for("row 1999 current", || {
        current().and_then(|r| r.get_attribute("data-segment-id")) == Some("1999".into())
    })
    .await;
    let inside = |row: &web_sys::Element| {
        let (r, b) = (
            row.get_bounding_client_rect(),
            box_.get_bounding_client_rect(),
        );
        r.top() >= b.top() && r.bottom() <= b.bottom()
    };
    if !eventually(|| current().is_some_and(|r| inside(&r))).await {
        let r = current().unwrap().get_bounding_client_rect();
        let b = box_.get_bounding_client_rect();
        panic!(
            "the current row is not in view: at {}..{}, the box at {}..{}, scrollTop {} of {}",
            r.top(),
            r.bottom(),
            b.top(),
            b.bottom(),
            box_.scroll_top(),
            box_.scroll_height()
        );
    }
    assert!(drawn().len() <= 60, "{} rows drawn", drawn().len());

    // Scrolled back to the top by the user: the rows there are drawn at their place, and
    // the current row stays in the page (out of view).
    box_.set_scroll_top(0);
    wait_for("the first rows drawn again", || {
        drawn()
            .first()
            .is_some_and(|r| rowindex(r) == 2 && inside(r))
    })
    .await;
    let row = current().expect("the current row stays drawn");
    assert_eq!(
        row.get_attribute("data-segment-id").as_deref(),
        Some("1999")
    );
    assert!(!inside(&row));
    assert!(drawn().len() <= 60, "{} rows drawn", drawn().len());
    // Halfway down, the rows drawn are the ones in view.
    let half = box_.scroll_height() / 2;
    box_.set_scroll_top(half);
    wait_for("the rows halfway drawn", || {
        drawn().iter().any(|r| inside(r) && rowindex(r) > total / 3)
    })
    .await;
    let seen: Vec<usize> = drawn().iter().filter(|r| inside(r)).map(rowindex).collect();
    assert!(seen.windows(2).all(|w| w[1] == w[0] + 1), "{seen:?}");
    // A row's place on the scroll range is its index times the row height.
    let first = drawn().into_iter().find(|r| inside(r)).unwrap();
    let head = table.query_selector("th").unwrap().unwrap();
    let offset = first.get_bounding_client_rect().top() - head.get_bounding_client_rect().bottom()
        + f64::from(half);
    let height = first.get_bounding_client_rect().height();
    assert!(
        ((offset / height) - (rowindex(&first) - 2) as f64).abs() < 0.05,
        "row {} at {offset} px",
        rowindex(&first)
    );
}

#[wasm_bindgen_test]
async fn the_page_plays_steps_with_the_keyboard_and_keeps_the_link() {
    let root = fresh_root();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("s=browse&latency_ms=30")
        .unwrap();
    yew::Renderer::<Root>::with_root(root.clone()).render();
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
    yew::Renderer::<Root>::with_root(root.clone()).render();
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

#[wasm_bindgen_test]
async fn events_have_rows_of_their_own_between_the_segments() {
    log_style();
    let trace = scenario::run_with("heartbeat", &[]).expect("heartbeat runs");
    let n = trace.segments.len();
    let root = fresh_root();
    let step = 17;
    let props = SegmentLogProps {
        trace: Shared(Rc::new(trace.clone())),
        story: Shared(Rc::new(Story::new(&trace))),
        run: 1,
        step,
        numbering: Numbering::Absolute,
        lang: Lang::Zh,
        hide_future: false,
        on_seek: Callback::noop(),
    };
    yew::Renderer::<SegmentLog>::with_root_and_props(root.clone(), props).render();
    wait_for("the rows", || !rows(&root).is_empty()).await;
    let body = scroll_through(&root).await;
    let events: Vec<&LogLine> = body.iter().filter(|r| r.event.is_some()).collect();
    assert_eq!(events.len(), trace.events.len(), "one row per event");
    assert_eq!(body.len(), n + trace.events.len());
    assert!(events.iter().all(|r| r.segment.is_none()));
    // The link cut sits between the last segment before it and the first one after it.
    let cut = trace
        .events
        .iter()
        .position(|e| e.kind == EventKind::LinkCut)
        .unwrap();
    let at_event = |e: usize| body.iter().position(|r| r.event == Some(e)).unwrap();
    let at_segment = |i: usize| body.iter().position(|r| r.segment == Some(i)).unwrap();
    let cut_row = at_event(cut);
    let cut_us = trace.events[cut].at_us;
    let before = trace
        .segments
        .iter()
        .filter(|s| s.sent_us <= cut_us)
        .count();
    assert!(at_segment(before - 1) < cut_row);
    assert!(cut_row < at_segment(before));
    // In the page's language.
    assert!(body[cut_row].text.contains("链路"));
}

/// A row of the log as read while scrolling through it.
#[derive(Debug)]
struct LogLine {
    segment: Option<usize>,
    event: Option<usize>,
    text: String,
}

/// Every row of a mounted log, in order, read by scrolling its box from the top to the end
/// (only the rows near the view exist at a time).
async fn scroll_through(root: &web_sys::Element) -> Vec<LogLine> {
    let table = root.query_selector("table").unwrap().unwrap();
    let total: usize = table
        .get_attribute("aria-rowcount")
        .unwrap()
        .parse()
        .unwrap();
    let box_ = root.query_selector(".log-scroll").unwrap().unwrap();
    // Once mounted, the log sizes its scroll range (and may scroll to the current row).
    let row = all(root, "tbody tr[aria-rowindex]")[0].get_bounding_client_rect();
    let range = (total - 1) as f64 * row.height();
    wait_for("the scroll range", || {
        f64::from(box_.scroll_height()) >= range
    })
    .await;
    box_.set_scroll_top(0);
    let mut seen = std::collections::BTreeMap::new();
    let mut next = 2;
    loop {
        let sel = format!("tbody tr[aria-rowindex=\"{next}\"]");
        if !eventually(|| !all(root, &sel).is_empty()).await {
            let drawn: Vec<usize> = all(root, "tbody tr[aria-rowindex]")
                .iter()
                .map(rowindex)
                .collect();
            panic!(
                "row {next} never drawn: scrollTop {} of {} ({} tall), rows drawn {drawn:?}",
                box_.scroll_top(),
                box_.scroll_height(),
                box_.client_height()
            );
        }
        for r in all(root, "tbody tr[aria-rowindex]") {
            let num = |a: &str| r.get_attribute(a).and_then(|v| v.parse().ok());
            seen.insert(
                rowindex(&r),
                LogLine {
                    segment: num("data-segment-id"),
                    event: num("data-event-id"),
                    text: r.text_content().unwrap_or_default(),
                },
            );
        }
        while seen.contains_key(&next) {
            next += 1;
        }
        if next > total {
            break;
        }
        // The last row read to the top of the box: the next ones come into view.
        let last = all(root, &format!("tbody tr[aria-rowindex=\"{}\"]", next - 1));
        let by = last[0].get_bounding_client_rect().top() - box_.get_bounding_client_rect().top();
        box_.set_scroll_top(box_.scroll_top() + (by as i32).max(1));
    }
    assert!(seen.keys().copied().eq(2..=total), "every row once");
    seen.into_values().collect()
}

#[wasm_bindgen_test]
async fn the_explanation_tells_the_events_since_the_previous_step_and_compares_at_the_end() {
    let trace = scenario::run_with("heartbeat", &[]).expect("heartbeat runs");
    let cut = trace
        .events
        .iter()
        .position(|e| e.kind == EventKind::LinkCut)
        .unwrap();
    let step = wiretrace_diagram::story::event_steps(&trace)[cut];
    let root = fresh_root();
    let props = ExplanationProps {
        story: Shared(Rc::new(Story::new(&trace))),
        trace: Shared(Rc::new(trace)),
        step,
        lang: Lang::En,
        numbering: Numbering::Absolute,
        origin: Origin::Scenario {
            id: "heartbeat".into(),
            params: Vec::new(),
        },
    };
    yew::Renderer::<Explanation>::with_root_and_props(root.clone(), props).render();
    wait_for("the events", || {
        !all(&root, &format!(".events [data-event-id=\"{cut}\"]")).is_empty()
    })
    .await;
    let text = root.text_content().unwrap();
    assert!(
        text.contains("link down") && text.contains("goes down"),
        "{text}"
    );
    // The introduction is still there, folded.
    assert!(all(&root, "details.about").len() == 1);

    // http-compare at its end: one table row per way of fetching, with its figures.
    let trace = scenario::run_with("http-compare", &[]).expect("http-compare runs");
    let total = trace.segments.len();
    // HTTP/1.0's time, from its first SYN to the last response of its batch (the first).
    let batch_done = trace
        .events
        .iter()
        .find(|e| e.kind == EventKind::BatchDone)
        .expect("a first batch")
        .at_us;
    let last_response = trace
        .events
        .iter()
        .filter(|e| e.kind == EventKind::ResponseReceived && e.at_us <= batch_done)
        .map(|e| e.at_us)
        .max()
        .expect("HTTP/1.0 responses");
    let http10_ms = format!("{} ms", (last_response - trace.segments[0].sent_us) / 1000);
    // Round trips for n pages: HTTP/1.0 two per page (handshake, request), keep-alive one
    // handshake plus one per page, pipelining one handshake plus one for all.
    let n: usize = trace.params["requests"].to_string().parse().unwrap();
    let round_trips_expected = [2 * n, n + 1, 2].map(|r| r.to_string());
    let root = fresh_root();
    let props = ExplanationProps {
        story: Shared(Rc::new(Story::new(&trace))),
        trace: Shared(Rc::new(trace)),
        step: total,
        lang: Lang::Zh,
        numbering: Numbering::Absolute,
        origin: Origin::Scenario {
            id: "http-compare".into(),
            params: Vec::new(),
        },
    };
    yew::Renderer::<Explanation>::with_root_and_props(root.clone(), props).render();
    wait_for("the table", || {
        all(&root, ".results-table thead th").len() == 4
    })
    .await;
    let ways: Vec<String> = all(&root, ".results-table thead th")
        .iter()
        .map(|h| h.text_content().unwrap())
        .collect();
    // The ways are named in the page's language (terms, not the recorded English).
    assert_eq!(ways[1..], ["HTTP/1.0", "持久连接", "流水线"]);
    let round_trips = all(&root, ".results-table tbody tr")
        .into_iter()
        .find(|r| r.text_content().unwrap().contains("往返"))
        .expect("a row of round trips");
    let cells: Vec<String> = all(&round_trips, "td")
        .iter()
        .map(|c| c.text_content().unwrap())
        .collect();
    assert_eq!(cells, round_trips_expected);
    assert!(all(&root, ".results-conclusion").len() == 1);
    let time = all(&root, ".results-table tbody tr")
        .into_iter()
        .find(|r| r.text_content().unwrap().contains("用时"))
        .expect("a row of times");
    assert_eq!(all(&time, "td")[0].text_content().unwrap(), http10_ms);

    // server-push: deliveries compared; a count is not a duration.
    let trace = scenario::run_with("server-push", &[]).expect("server-push runs");
    let total = trace.segments.len();
    let root = fresh_root();
    let props = ExplanationProps {
        story: Shared(Rc::new(Story::new(&trace))),
        trace: Shared(Rc::new(trace)),
        step: total,
        lang: Lang::En,
        numbering: Numbering::Absolute,
        origin: Origin::Scenario {
            id: "server-push".into(),
            params: Vec::new(),
        },
    };
    yew::Renderer::<Explanation>::with_root_and_props(root.clone(), props).render();
    wait_for("the table", || !all(&root, ".results-table").is_empty()).await;
    let cells = |head: &str| -> Vec<String> {
        let row = all(&root, ".results-table tbody tr")
            .into_iter()
            .find(|r| r.text_content().unwrap().starts_with(head))
            .unwrap_or_else(|| panic!("a row {head}"));
        all(&row, "td")
            .iter()
            .map(|c| c.text_content().unwrap())
            .collect()
    };
    assert_eq!(cells("Items"), ["3", "3"], "a count is not a duration");
    assert_eq!(cells("Mean delay")[0], "20 ms");
}

#[wasm_bindgen_test]
fn the_file_workers_messages_cross_as_typed_enums() {
    use js_sys::{Array, Reflect, Uint8Array};
    use wasm_bindgen::JsValue;
    use wiretrace_web::worker_msg::{file_blob, Conn, Reply, Request, PCAP_MIME};

    let parts = Array::of1(&JsValue::from_str(
        "IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S]",
    ));
    let file = web_sys::File::new_with_str_sequence(&parts, "x.txt").unwrap();
    let request = Request::Extract {
        file: file.clone(),
        conns: vec![0, 2],
        from_us: Some(18_500),
        to_us: None,
        lang: "zh".into(),
    };
    let js = request.to_js().unwrap();
    // Externally tagged, with the browser's File itself inside (postMessage clones it).
    let job = Reflect::get(&js, &"extract".into()).unwrap();
    let sent = Reflect::get(&job, &"file".into()).unwrap();
    assert!(sent.is_instance_of::<web_sys::File>());
    assert_eq!(Request::from_js(js).unwrap(), request);
    assert_eq!(request.lang(), wiretrace_core::i18n::Lang::Zh);

    let conn = Conn {
        id: 1,
        client: "10.0.0.1:5000".into(),
        server: "10.0.0.2:80".into(),
        packets: 12,
        bytes: 1_234,
        start_us: 18_666,
        end_us: 19_899,
        first_request: Some("GET / HTTP/1.1".into()),
    };
    let index = Reply::Index {
        name: "x.pcap".into(),
        end_us: 19_899,
        max_segments: 20_000,
        conns: vec![conn.clone()],
    };
    match Reply::from_js(index.to_js().unwrap()).unwrap() {
        Reply::Index { conns, end_us, .. } => assert_eq!((conns, end_us), (vec![conn], 19_899)),
        other => panic!("an index came back as {other:?}"),
    }
    let bytes = Uint8Array::from(&[0xd4u8, 0xc3, 0xb2, 0xa1][..]);
    match Reply::from_js(Reply::TraceTcb { bytes }.to_js().unwrap()).unwrap() {
        Reply::TraceTcb { bytes } => assert_eq!(bytes.to_vec(), [0xd4, 0xc3, 0xb2, 0xa1]),
        other => panic!("TCB bytes came back as {other:?}"),
    }
    // A file goes as the Blob the worker made, not a copy.
    let file = file_blob(&[0xd4u8, 0xc3, 0xb2, 0xa1], PCAP_MIME).unwrap();
    match Reply::from_js(Reply::Pcap { file: file.clone() }.to_js().unwrap()).unwrap() {
        Reply::Pcap { file: back } => {
            assert!(js_sys::Object::is(&back, &file), "the same Blob");
            assert_eq!((back.size(), back.type_()), (4.0, PCAP_MIME.to_owned()));
        }
        other => panic!("a pcap file came back as {other:?}"),
    }
    assert!(matches!(
        Reply::from_js(JsValue::from_str("ready")),
        Ok(Reply::Ready)
    ));
    // What is none of them is refused, not guessed.
    assert!(Reply::from_js(JsValue::from_str("progress")).is_err());
    assert!(Request::from_js(js_sys::Object::new().into()).is_err());
}
