//! Plots in step with the diagram (`wiretrace_diagram::plot`): the time-sequence graph,
//! cwnd, RTT and goodput of the step's TCP connection (else the busiest), drawn from the
//! same data the CLI's `--plot` writes, with the playhead at the step's time. A click on a
//! plot jumps to the first step that reaches that time. Each plot downloads as SVG or PNG.
//!
//! The plots follow the diagram's view: they draw the times it shows (of the plotted
//! connection), unless the reader asks for the whole connection.
//!
//! The plot's data is gathered once per run, kind, connection and language (a long run's
//! after the page has drawn it: [`use_plot_data`]); a view bins it again (a few thousand
//! elements at most, however long the run); a step only moves the playhead.

use std::cell::RefCell;
use std::rc::Rc;

use wiretrace_core::i18n::Lang;
use wiretrace_core::trace::{Proto, Trace};
use wiretrace_diagram::plot::{self, draw, Plot, PlotKind};
use wiretrace_diagram::scene::El;
use wiretrace_diagram::story;
use yew::prelude::*;

use super::exports::{download, download_png};
use crate::layout_job::SLICED_FROM;
use crate::pump::{Next, Pump};
use crate::render::to_vnode;
use crate::shared::Shared;
use crate::ui::{t, tf, T};

#[derive(Properties, PartialEq)]
pub struct PlotsProps {
    pub trace: Shared<Trace>,
    pub story: Shared<story::Story>,
    pub step: usize,
    pub lang: Lang,
    /// The diagram's view: its times (absolute µs), once measured.
    pub view: Option<(u64, u64)>,
    /// The file name stem of downloads.
    pub stem: String,
    /// Go to a step.
    pub on_seek: Callback<usize>,
    /// Report a failed download.
    pub on_fail: Callback<String>,
}

fn tab_label(kind: PlotKind) -> T {
    match kind {
        PlotKind::Sequence => T::PlotSequence,
        PlotKind::Cwnd => T::PlotCwnd,
        PlotKind::Rtt => T::PlotRtt,
        PlotKind::Throughput => T::PlotThroughput,
    }
}

#[derive(Properties, PartialEq)]
struct PlotFigureProps {
    trace: Shared<Trace>,
    /// The plot drawn (the same `Rc` from step to step: the figure is not drawn again).
    plot: Shared<Option<Plot>>,
}

/// The plot's figure, without the playhead.
#[component]
fn PlotFigure(props: &PlotFigureProps) -> Html {
    let Some(p) = props.plot.as_ref() else {
        return html! {};
    };
    let figure = draw::figure(&props.trace, p)
        .attr("role", "img")
        .attr("aria-label", draw::title(&props.trace, p));
    to_vnode(&figure)
}

/// What a plot's data is worked out from.
#[derive(Clone, PartialEq)]
struct Key {
    trace: Shared<Trace>,
    kind: PlotKind,
    conn: Option<u32>,
    lang: Lang,
    /// `texts::generation()`: the series' names are in the texts.
    texts: u32,
}

/// A plot's data (the whole connection), and what it was worked out from.
#[derive(Clone, PartialEq)]
struct Made {
    key: Key,
    full: Shared<Option<Plot>>,
}

/// True when `a` and `b` are the same run: the same Trace, or the same scenario, parameters
/// and seed (a run cut at the page's cap and the whole of it).
fn same_run(a: &Shared<Trace>, b: &Shared<Trace>) -> bool {
    a == b
        || (a.scenario.is_some()
            && a.scenario == b.scenario
            && a.params == b.params
            && a.seed == b.seed)
}

/// The run's index a plot hook keeps, and which Trace it is of.
type KeptIndex = RefCell<Option<(Shared<Trace>, Rc<plot::PlotIndex>)>>;

/// The index kept, if it is `trace`'s.
fn kept(index: &KeptIndex, trace: &Shared<Trace>) -> Option<Rc<plot::PlotIndex>> {
    index
        .borrow()
        .as_ref()
        .filter(|(t, _)| t == trace)
        .map(|(_, i)| i.clone())
}

/// True when `made` is `key`'s plot: the same key, or one that differs only in leaving the
/// connection to the busiest (`None`) where the other names it (the step's connection).
/// Stepping from the start onto the busiest connection, or back, then keeps the plot: the
/// 1,000,000-segment run's would otherwise be worked out again, holding two of them (32 MB)
/// meanwhile.
fn plots_key(made: &Made, key: &Key, index: Option<&plot::PlotIndex>) -> bool {
    if made.key == *key {
        return true;
    }
    let Some(plotted) = made.full.0.as_ref().as_ref().map(|p| p.subject.conn) else {
        return false;
    };
    // The busiest connection: the index's, or the one plotted for none in particular.
    let busiest =
        index
            .and_then(plot::PlotIndex::busiest)
            .or(made.key.conn.is_none().then_some(plotted));
    made.key
        == Key {
            conn: made.key.conn,
            ..key.clone()
        }
        && key.conn.or(busiest) == Some(plotted)
}

/// The data of `key`'s plot. A short run's is worked out as the page draws. A long run's
/// (more than [`SLICED_FROM`] segments) is worked out after the page has drawn, in tasks
/// of their own: the index of the run's connections, then the plot (the 1,000,000-segment
/// run's take about 70 and 165 ms natively, and held up the page's drawing of the whole
/// run). Meanwhile the last plot made of the same run stays, drawn from its own Trace
/// (another kind or connection, or the run cut at the page's cap before its whole
/// came); a plot of another run is let go at once, with its Trace. `None` before the
/// first.
#[hook]
fn use_plot_data(key: Key) -> Option<Made> {
    // Each connection's segments, found once per run: a step onto another connection
    // reads only that connection's.
    let index = use_mut_ref(|| None::<(Shared<Trace>, Rc<plot::PlotIndex>)>);
    let index_of = {
        let index = index.clone();
        move |trace: &Shared<Trace>| -> Rc<plot::PlotIndex> {
            if let Some(i) = kept(&index, trace) {
                return i;
            }
            let made = Rc::new(plot::PlotIndex::new(&trace.0));
            *index.borrow_mut() = Some((trace.clone(), made.clone()));
            made
        }
    };
    let work = move |key: &Key, index: &plot::PlotIndex| Made {
        key: key.clone(),
        full: Shared(Rc::new(
            plot::data_in(&key.trace.0, index, key.kind, key.conn, key.lang).ok(),
        )),
    };
    let long = key.trace.segments.len() > SLICED_FROM;
    let now = use_memo(key.clone(), {
        let index_of = index_of.clone();
        move |key| (!long).then(|| work(key, &index_of(&key.trace)))
    });
    let later = use_state_eq(|| None::<Made>);
    let job = use_mut_ref(|| None::<Pump>);
    use_effect_with(key, {
        let (later, index) = (later.clone(), index.clone());
        move |key: &Key| {
            // A plot of another run (or any, for a short run) goes: it holds its Trace.
            if later
                .as_ref()
                .is_some_and(|m| !long || !same_run(&m.key.trace, &key.trace))
            {
                later.set(None);
            }
            let cached = kept(&index, &key.trace);
            if let Some(m) = later.as_ref().filter(|m| m.key != *key) {
                if plots_key(m, key, cached.as_deref()) {
                    later.set(Some(Made {
                        key: key.clone(),
                        full: m.full.clone(),
                    }));
                }
            }
            let wanted = long
                && later
                    .as_ref()
                    .is_none_or(|m| !plots_key(m, key, cached.as_deref()));
            if wanted {
                let (key2, index_of2, later2) = (key.clone(), index_of.clone(), later.clone());
                let mut index: Option<Rc<plot::PlotIndex>> = None;
                let started = Pump::new(move || match index.take() {
                    None => {
                        index = Some(index_of2(&key2.trace));
                        Next::Yield
                    }
                    Some(i) => {
                        later2.set(Some(work(&key2, &i)));
                        Next::Idle
                    }
                });
                match started {
                    Ok(pump) => {
                        pump.wake();
                        *job.borrow_mut() = Some(pump);
                    }
                    // No task of its own: at once.
                    Err(_) => later.set(Some(work(key, &index_of(&key.trace)))),
                }
            }
            // Another key, or the plots gone: the work for this one stops.
            move || drop(job.borrow_mut().take())
        }
    });
    if long {
        (*later).clone()
    } else {
        (*now).clone()
    }
}

#[component]
pub fn Plots(props: &PlotsProps) -> Html {
    let kind = use_state_eq(|| PlotKind::Sequence);
    let boxed = use_node_ref();
    let lang = props.lang;
    let trace = &*props.trace;
    // The step's connection when it is TCP, else (the start, a datagram) the busiest.
    let conn = props
        .step
        .checked_sub(1)
        .and_then(|i| trace.segments.get(i))
        .filter(|s| s.proto == Proto::Tcp)
        .map(|s| s.conn);
    // All of the connection, or the diagram's view of it.
    let whole = use_state_eq(|| false);
    let key = Key {
        trace: props.trace.clone(),
        kind: *kind,
        conn,
        lang,
        texts: crate::texts::generation(),
    };
    let made = use_plot_data(key.clone());
    // A long run's plot still being worked out: the one drawn is another kind's, another
    // connection's or the cut run's, so it downloads nothing meanwhile.
    let pending = made.as_ref().is_some_and(|m| m.key != key);
    let (full, drawn_trace) = match &made {
        Some(m) => (m.full.clone(), m.key.trace.clone()),
        None => (Shared(Rc::new(None)), props.trace.clone()),
    };
    let range = if *whole { None } else { props.view };
    // The data compared by pointer: a long run's is a million points.
    let built = use_memo((full.clone(), range), |(full, range)| {
        full.0.as_ref().as_ref().map(|f| f.window(*range))
    });
    let Some(p) = built.as_ref() else {
        return html! {};
    };
    // Following the diagram, but its view misses this connection: the whole connection,
    // said so.
    let whole_x = full.0.as_ref().as_ref().map(|f| f.x);
    let outside =
        range.is_some_and(|(a, b)| whole_x.is_some_and(|x| p.x == x && (a > x.0 || b < x.1)));
    let now = story::time_at(trace, props.step);
    // The playhead over the figure, in an overlay of the same geometry: a step redraws
    // the playhead only, not the figure.
    let playhead = El::new("svg")
        .attr("class", "wp wp-overlay")
        .attr("viewBox", format!("0 0 {} {}", draw::WIDTH, draw::HEIGHT))
        .attr("aria-hidden", "true")
        .attr("data-playhead-us", now.to_string())
        .child(draw::playhead(p, now));

    let onclick = {
        let boxed = boxed.clone();
        let story = props.story.clone();
        let on_seek = props.on_seek.clone();
        let trace = props.trace.clone();
        let conn = p.subject.conn;
        let geom = draw::Geom::of(p);
        Callback::from(move |e: MouseEvent| {
            // The figure itself (the box around it may be wider; Yew delegates events, so
            // the event's current target is not the box).
            let Some(el) = boxed
                .cast::<web_sys::Element>()
                .and_then(|b| b.query_selector("svg").ok().flatten())
            else {
                return;
            };
            let rect = el.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return;
            }
            let x = (f64::from(e.client_x()) - rect.left()) / rect.width() * f64::from(draw::WIDTH);
            let us = geom.us_of(x as f32);
            // The first step whose time reaches the click (the steps' times never go back),
            // then on to one of the plotted connection's segments, so the plot stays.
            let horizons = story.horizons();
            let last = horizons.len().saturating_sub(1);
            let first = horizons.partition_point(|&h| h < us).min(last);
            let step = (first.max(1)..=last)
                .find(|&n| trace.segments.get(n - 1).is_some_and(|s| s.conn == conn))
                .unwrap_or(first);
            on_seek.emit(step);
        })
    };
    let download_as = |format: &'static str| {
        let trace = props.trace.clone();
        let stem = props.stem.clone();
        let on_fail = props.on_fail.clone();
        let (kind, conn) = (*kind, p.subject.conn);
        // What is drawn: the part in view, or all of it.
        let part = (p.x != full.0.as_ref().as_ref().map_or(p.x, |f| f.x))
            .then(|| (p.x.0 - p.t0, p.x.1 - p.t0));
        Callback::from(move |_: MouseEvent| {
            let name = format!("{stem}-{}.{format}", kind.name());
            let result = plot::export(&trace, kind, Some(conn), lang, part)
                .map_err(|e| wasm_bindgen::JsValue::from_str(&e.to_string()))
                .and_then(|svg| match format {
                    "png" => {
                        download_png(name, svg, f64::from(draw::WIDTH), f64::from(draw::HEIGHT))
                    }
                    _ => download(&name, "image/svg+xml", svg.as_bytes()),
                });
            if let Err(e) = result {
                let why = e
                    .as_string()
                    .unwrap_or_else(|| t(lang, T::ExportRefused).to_owned());
                on_fail.emit(tf(
                    lang,
                    T::ExportFailed,
                    &[("kind", &format.to_uppercase()), ("why", &why)],
                ));
            }
        })
    };
    html! {
        <section class="plots" aria-label={t(lang, T::Plots)}>
            <div class="plots-head">
                <h2 class="plots-title">{ t(lang, T::Plots) }</h2>
                <div class="seg" role="tablist" aria-label={t(lang, T::Plots)}>
                    { for PlotKind::ALL.into_iter().map(|k| {
                        let selected = k == *kind;
                        let kind = kind.clone();
                        html! {
                            <button type="button" role="tab" id={format!("plot-tab-{}", k.name())}
                                aria-selected={selected.to_string()} aria-controls="plot-panel"
                                class={classes!("seg-btn", selected.then_some("on"))}
                                onclick={Callback::from(move |_: MouseEvent| kind.set(k))}>
                                { t(lang, tab_label(k)) }
                            </button>
                        }
                    }) }
                </div>
                <div class="seg" role="group" aria-label={t(lang, T::PlotRange)}>
                    { for [(false, T::PlotRangeView), (true, T::PlotRangeWhole)].into_iter().map(|(all, label)| {
                        let on = all == *whole;
                        let whole = whole.clone();
                        html! {
                            <button type="button" aria-pressed={on.to_string()}
                                class={classes!("seg-btn", on.then_some("on"))}
                                data-testid={if all { "plot-whole" } else { "plot-view" }}
                                onclick={Callback::from(move |_: MouseEvent| whole.set(all))}>
                                { t(lang, label) }
                            </button>
                        }
                    }) }
                </div>
                <div class="plots-downloads" role="group" aria-label={t(lang, T::PlotDownload)}>
                    <span class="field-label">{ t(lang, T::PlotDownload) }</span>
                    <button type="button" class="btn btn-small" disabled={pending} onclick={download_as("svg")}>{ "SVG" }</button>
                    <button type="button" class="btn btn-small" disabled={pending} onclick={download_as("png")}>{ "PNG" }</button>
                </div>
            </div>
            <div id="plot-panel" ref={boxed} role="tabpanel" class="plot-box" data-testid="plot"
                aria-busy={pending.to_string()}
                data-plot={p.kind.name()} aria-labelledby={format!("plot-tab-{}", p.kind.name())}
                {onclick}>
                <div class="plot-frame">
                    <PlotFigure trace={drawn_trace} plot={Shared(built.clone())} />
                    { to_vnode(&playhead) }
                </div>
            </div>
            if outside {
                <p class="plot-hint" data-testid="plot-outside">{ t(lang, T::PlotOutside) }</p>
            }
            <p class="plot-hint muted">{ t(lang, T::PlotHint) }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_core::scenario;

    fn key(trace: &Shared<Trace>, kind: PlotKind, conn: Option<u32>) -> Key {
        Key {
            trace: trace.clone(),
            kind,
            conn,
            lang: Lang::En,
            texts: crate::texts::generation(),
        }
    }

    fn made(trace: &Shared<Trace>, index: &plot::PlotIndex, conn: Option<u32>) -> Made {
        let key = key(trace, PlotKind::Sequence, conn);
        let full = plot::data_in(trace, index, key.kind, conn, key.lang).ok();
        Made {
            key,
            full: Shared(Rc::new(full)),
        }
    }

    #[test]
    fn a_plot_of_the_busiest_connection_serves_a_step_onto_it_and_back() {
        // HTTP/1.0: a connection per request, the busiest one of several.
        let trace = Shared(Rc::new(scenario::run_with("http10", &[]).unwrap()));
        let index = plot::PlotIndex::new(&trace);
        let busiest = index.busiest().unwrap();
        let other = (0..trace.connections.len() as u32)
            .find(|c| *c != busiest)
            .unwrap();
        let any = made(&trace, &index, None);
        // The same data whichever way the connection is named.
        let named = made(&trace, &index, Some(busiest));
        assert!(any.full.0.is_some());
        assert_eq!(
            any.full.0.as_ref(),
            named.full.0.as_ref(),
            "the busiest connection's plot"
        );
        // From the start onto the busiest connection: kept, with or without the index.
        for ix in [None, Some(&index)] {
            assert!(plots_key(
                &any,
                &key(&trace, PlotKind::Sequence, Some(busiest)),
                ix
            ));
            assert!(!plots_key(
                &any,
                &key(&trace, PlotKind::Sequence, Some(other)),
                ix
            ));
        }
        // Back to the start: kept once the index says which connection is the busiest.
        let start = key(&trace, PlotKind::Sequence, None);
        assert!(plots_key(&named, &start, Some(&index)));
        assert!(!plots_key(&named, &start, None));
        assert!(!plots_key(
            &made(&trace, &index, Some(other)),
            &start,
            Some(&index)
        ));
        // Another kind, language or run is another plot.
        assert!(!plots_key(
            &any,
            &key(&trace, PlotKind::Cwnd, Some(busiest)),
            Some(&index)
        ));
        let zh = Key {
            lang: Lang::Zh,
            ..key(&trace, PlotKind::Sequence, Some(busiest))
        };
        assert!(!plots_key(&any, &zh, Some(&index)));
        let again = Shared(Rc::new(scenario::run_with("http10", &[]).unwrap()));
        let elsewhere = key(&again, PlotKind::Sequence, Some(busiest));
        assert!(!plots_key(&any, &elsewhere, Some(&index)));
    }
}
