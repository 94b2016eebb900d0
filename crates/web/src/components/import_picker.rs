//! The connection picker of an import: a checkbox per connection (the first
//! [`FIRST_CHOSEN`] checked; "Choose all" and "Choose none" for a capture of many), a From /
//! To time range in seconds after the capture's first packet (checked as the CLI's
//! `--from` / `--to`: whole microseconds, within the capture, From before To) and "Draw
//! them", which hands the choice to `on_draw`.
//!
//! A capture of thousands of connections lists [`PAGE_ROWS`] at a time ("Show N more"),
//! so the page's DOM stays bounded, and a filter finds connections by address, port or
//! request; "Choose the N that match" chooses exactly those.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wiretrace_capture::secs_text;
use wiretrace_core::i18n::Lang;
use yew::prelude::*;

use crate::hooks::use_import::{Extraction, Range, Refused};
use crate::ui::{grouped, grouped_u64, t, tf, T};
use crate::worker_msg::Conn;

/// Most connections checked at first.
pub const FIRST_CHOSEN: usize = 8;

/// Connections listed at first, and added by each "Show more".
pub const PAGE_ROWS: usize = 100;

/// A connection's words as its row writes them (`#3 10.0.0.1:49152 → 93.184.216.34:80
/// GET / HTTP/1.1`), lower case: what the filter searches.
fn conn_words(c: &Conn) -> String {
    let mut words = format!("#{} {} → {}", c.id, c.client, c.server);
    if let Some(r) = &c.first_request {
        words.push(' ');
        words.push_str(r);
    }
    words.to_ascii_lowercase()
}

/// The connections whose words hold every word typed in the filter (any order, any case of ASCII letters);
/// all of them for an empty filter.
fn matching<'a>(conns: &'a [Conn], filter: &str) -> Vec<&'a Conn> {
    let needles: Vec<String> = filter
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    if needles.is_empty() {
        return conns.iter().collect();
    }
    conns
        .iter()
        .filter(|c| {
            let words = conn_words(c);
            needles.iter().all(|n| words.contains(n.as_str()))
        })
        .collect()
}

/// One end of the time range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    From,
    To,
}

/// Why a time range is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RangeError {
    /// The field is not a number of seconds from 0 to the capture's end.
    Bad(Edge),
    /// From is not before To (`to_us`: the To in effect).
    Order { to_us: u64 },
}

impl RangeError {
    /// True when the field at `edge` is marked for it (an order concerns both).
    fn concerns(&self, edge: Edge) -> bool {
        *self == RangeError::Bad(edge) || matches!(self, RangeError::Order { .. })
    }

    /// The id of its message, which the fields it concerns are described by.
    fn id(&self) -> &'static str {
        match self {
            RangeError::Bad(Edge::From) => "import-from-error",
            RangeError::Bad(Edge::To) => "import-to-error",
            RangeError::Order { .. } => "import-order-error",
        }
    }

    /// Its words, for a capture that ends `end_us` after its first packet.
    fn message(&self, lang: Lang, end_us: u64) -> String {
        let end = secs_text(end_us);
        match self {
            RangeError::Bad(edge) => {
                let field = match edge {
                    Edge::From => T::ImportFrom,
                    Edge::To => T::ImportTo,
                };
                tf(
                    lang,
                    T::ImportRangeBad,
                    &[("field", t(lang, field)), ("end", &end)],
                )
            }
            RangeError::Order { to_us } => tf(
                lang,
                T::ImportRangeOrder,
                &[("to", &secs_text(*to_us)), ("end", &end)],
            ),
        }
    }
}

/// Seconds typed in a field, as whole microseconds rounded the way the CLI's `--from` /
/// `--to` round them; empty is `None` (the capture's edge).
fn parse_secs(text: &str, end_us: u64) -> Result<Option<u64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let s: f64 = text.parse().map_err(|_| ())?;
    if !s.is_finite() || s < 0.0 {
        return Err(());
    }
    let us = (s * 1e6).round();
    if us > end_us as f64 {
        return Err(());
    }
    Ok(Some(us as u64))
}

/// The From / To fields checked against a capture whose last packet is `end_us` after its
/// first. Values at the capture's edges mean the edge (no cut), so the defaults draw what
/// `wiretrace import` without `--from` / `--to` draws.
fn check_range(from: &str, to: &str, end_us: u64) -> Result<Range, Vec<RangeError>> {
    let (f, t) = (parse_secs(from, end_us), parse_secs(to, end_us));
    let (Ok(f), Ok(t)) = (f, t) else {
        let mut errors = Vec::new();
        if f.is_err() {
            errors.push(RangeError::Bad(Edge::From));
        }
        if t.is_err() {
            errors.push(RangeError::Bad(Edge::To));
        }
        return Err(errors);
    };
    let from_us = f.filter(|us| *us > 0);
    let to_us = t.filter(|us| *us < end_us);
    let (lo, hi) = (from_us.unwrap_or(0), to_us.unwrap_or(end_us));
    if (from_us.is_some() || to_us.is_some()) && lo >= hi {
        return Err(vec![RangeError::Order { to_us: hi }]);
    }
    Ok(Range { from_us, to_us })
}

/// What the user has chosen in the picker.
#[derive(Clone, Debug, PartialEq)]
struct PickForm {
    chosen: Vec<u32>,
    from: String,
    to: String,
    /// The filter as typed.
    filter: String,
    /// How many of the matching connections are listed.
    listed: usize,
    /// Show what is wrong (after a field was left or "Draw them" pressed); from then on
    /// the messages follow the typing, so a fixed value clears its message at once.
    checked: bool,
    /// This is the choice the importer refused, unchanged: its words stay shown.
    refused: bool,
}

impl PickForm {
    /// What the picker opens on: the choice the importer refused, as it was typed (whole
    /// microseconds), or the first [`FIRST_CHOSEN`] connections over the whole capture.
    fn first(conns: &[Conn], end_us: u64, refused: Option<&Refused>) -> Self {
        match refused {
            Some(r) => PickForm {
                from: secs_text(r.range.from_us.unwrap_or(0)),
                refused: true,
                ..PickForm::new(r.conns.clone(), secs_text(r.range.to_us.unwrap_or(end_us)))
            },
            None => PickForm::new(
                conns.iter().take(FIRST_CHOSEN).map(|c| c.id).collect(),
                secs_text(end_us),
            ),
        }
    }

    /// The first choice: `chosen` checked, the whole capture (From 0 to its end, `to`).
    fn new(chosen: Vec<u32>, to: String) -> Self {
        PickForm {
            chosen,
            from: "0".to_owned(),
            to,
            filter: String::new(),
            listed: PAGE_ROWS,
            checked: false,
            refused: false,
        }
    }
}

enum FormAction {
    Toggle(u32),
    /// Choose exactly these connections (all of them, or none).
    Choose(Vec<u32>),
    From(String),
    To(String),
    /// A new filter: the list starts again at its first page.
    Filter(String),
    /// List [`PAGE_ROWS`] more.
    More,
    Check,
}

impl Reducible for PickForm {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut f = (*self).clone();
        // A changed choice is no longer the one refused.
        if matches!(
            action,
            FormAction::Toggle(_) | FormAction::Choose(_) | FormAction::From(_) | FormAction::To(_)
        ) {
            f.refused = false;
        }
        match action {
            FormAction::Toggle(id) => match f.chosen.iter().position(|c| *c == id) {
                Some(i) => {
                    f.chosen.remove(i);
                }
                None => f.chosen.push(id),
            },
            FormAction::Choose(ids) => f.chosen = ids,
            FormAction::From(v) => f.from = v,
            FormAction::To(v) => f.to = v,
            FormAction::Filter(v) => {
                f.filter = v;
                f.listed = PAGE_ROWS;
            }
            FormAction::More => f.listed += PAGE_ROWS,
            FormAction::Check => f.checked = true,
        }
        Rc::new(f)
    }
}

fn input_value(e: &InputEvent) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct ImportPickerProps {
    pub lang: Lang,
    /// The capture being read.
    pub file: web_sys::File,
    /// Its connections, as the first pass found them.
    pub conns: Rc<Vec<Conn>>,
    /// The capture's last packet, microseconds after its first.
    pub end_us: u64,
    /// The extractor's segment cap.
    pub cap: u64,
    /// The choice drawn last, which the importer refused, and why: the picker opens on it
    /// and says why until it is changed.
    #[prop_or_default]
    pub refused: Option<Rc<Refused>>,
    /// "Draw them" with a valid choice.
    pub on_draw: Callback<Extraction>,
}

/// The picker: connections, the time range, "Draw them".
#[component]
pub fn ImportPicker(props: &ImportPickerProps) -> Html {
    let ImportPickerProps {
        lang,
        file,
        conns,
        end_us,
        cap,
        refused,
        on_draw,
    } = props;
    let (lang, end_us, cap) = (*lang, *end_us, *cap);
    let form = {
        let (conns, refused) = (conns.clone(), refused.clone());
        use_reducer(move || PickForm::first(&conns, end_us, refused.as_deref()))
    };
    let from_ref = use_node_ref();
    let to_ref = use_node_ref();
    let list_ref = use_node_ref();
    let focus_row = use_focus_row(list_ref.clone(), form.listed);

    let range = check_range(&form.from, &form.to, end_us);
    let errors = if form.checked {
        range.err().unwrap_or_default()
    } else {
        Vec::new()
    };
    let none_chosen = form.checked && form.chosen.is_empty();
    let bad = |edge: Edge| errors.iter().any(|e| e.concerns(edge));
    let described = |edge: Edge| {
        let ids: Vec<&str> = errors
            .iter()
            .filter(|e| e.concerns(edge))
            .map(RangeError::id)
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let end = secs_text(end_us);

    let draw = {
        let on_draw = on_draw.clone();
        let file = file.clone();
        let form = form.clone();
        let refs = [from_ref.clone(), to_ref.clone()];
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match check_range(&form.from, &form.to, end_us) {
                Ok(range) if !form.chosen.is_empty() => on_draw.emit(Extraction {
                    file: file.clone(),
                    conns: form.chosen.clone(),
                    range,
                }),
                result => {
                    form.dispatch(FormAction::Check);
                    // Take the keyboard to the first field to fix.
                    let to_fix = match result.err().as_deref() {
                        Some([RangeError::Bad(Edge::To)]) => Some(&refs[1]),
                        Some(_) => Some(&refs[0]),
                        None => None,
                    };
                    if let Some(el) = to_fix.and_then(|r| r.cast::<web_sys::HtmlElement>()) {
                        let _ = el.focus();
                    }
                }
            }
        })
    };
    let check = {
        let form = form.dispatcher();
        Callback::from(move |_: Event| form.dispatch(FormAction::Check))
    };
    let field = |edge: Edge| {
        let (id, key, value, node) = match edge {
            Edge::From => ("import-from", T::ImportFrom, &form.from, &from_ref),
            Edge::To => ("import-to", T::ImportTo, &form.to, &to_ref),
        };
        let oninput = {
            let form = form.dispatcher();
            Callback::from(move |e: InputEvent| {
                let v = input_value(&e);
                form.dispatch(match edge {
                    Edge::From => FormAction::From(v),
                    Edge::To => FormAction::To(v),
                })
            })
        };
        let invalid = bad(edge);
        let placeholder = match edge {
            Edge::From => "0".to_owned(),
            Edge::To => end.clone(),
        };
        html! {
            <div class={classes!("range-field", invalid.then_some("invalid"))}>
                <label for={id}>{ t(lang, key) }</label>
                <input type="text" {id} ref={node.clone()} value={value.clone()} {placeholder}
                    inputmode="decimal" spellcheck="false" autocomplete="off"
                    oninput={oninput} onchange={check.clone()}
                    aria-invalid={invalid.then_some("true")}
                    aria-describedby={described(edge)} />
                <span class="muted">{ t(lang, T::ImportSeconds) }</span>
            </div>
        }
    };

    // The choice sorted, to look each row up by bisection.
    let chosen = {
        let mut ids = form.chosen.clone();
        ids.sort_unstable();
        ids
    };
    let row = |c: &Conn| {
        let id = c.id;
        let form = form.dispatcher();
        let toggle = Callback::from(move |_: Event| form.dispatch(FormAction::Toggle(id)));
        conn_row(lang, c, chosen.binary_search(&id).is_ok(), toggle)
    };
    let intro = intro_text(lang, &file.name(), conns, cap);
    let chosen_packets: u64 = conns
        .iter()
        .filter(|c| chosen.binary_search(&c.id).is_ok())
        .map(|c| c.packets)
        .sum();
    let over_cap = conns.len() > 1 && chosen_packets > cap;
    // A capture of many connections: all of them, or none, in one click.
    let choose = |ids: Vec<u32>| {
        let form = form.dispatcher();
        Callback::from(move |_: MouseEvent| form.dispatch(FormAction::Choose(ids.clone())))
    };
    let all: Vec<u32> = conns.iter().map(|c| c.id).collect();
    let choose_all = choose(all);
    let choose_none = choose(Vec::new());
    let filtering = !form.filter.trim().is_empty();
    let found = matching(conns, &form.filter);
    let choose_found = choose(found.iter().map(|c| c.id).collect());
    let listed = found.len().min(form.listed);
    let more = (found.len() - listed).min(PAGE_ROWS);
    let on_filter = {
        let form = form.dispatcher();
        Callback::from(move |e: InputEvent| form.dispatch(FormAction::Filter(input_value(&e))))
    };
    let on_more = {
        let (form, focus_row) = (form.dispatcher(), focus_row.clone());
        Callback::from(move |_: MouseEvent| {
            *focus_row.borrow_mut() = Some(listed);
            form.dispatch(FormAction::More)
        })
    };
    // Enter in the filter filters (as typing does); it does not draw.
    let filter_keys = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
        }
    });
    // What the list shows, said where a screen reader hears it change.
    let status = list_status(
        lang,
        filtering,
        found.len(),
        listed,
        conns.len(),
        chosen.len(),
    );
    // A filter is offered where the list is longer than one page.
    let long = conns.len() > PAGE_ROWS;
    html! {
        <form class="import-pick" onsubmit={draw} novalidate=true>
            <p>{ intro }</p>
            if conns.len() > 1 {
                <div class="conn-choose">
                    <button type="button" class="btn btn-small" onclick={choose_all}>
                        { tf(lang, T::ImportChooseAll, &[("n", &grouped(conns.len()))]) }
                    </button>
                    <button type="button" class="btn btn-small" onclick={choose_none}>
                        { t(lang, T::ImportChooseNone) }
                    </button>
                    if filtering && !found.is_empty() {
                        <button type="button" class="btn btn-small" onclick={choose_found}>
                            { tf(lang, T::ImportChooseFound, &[("n", &grouped(found.len()))]) }
                        </button>
                    }
                </div>
            }
            if long {
                <div class="conn-filter">
                    <label for="import-filter">{ t(lang, T::ImportFilter) }</label>
                    <input type="search" id="import-filter" value={form.filter.clone()}
                        placeholder={t(lang, T::ImportFilterHint)}
                        spellcheck="false" autocomplete="off" oninput={on_filter}
                        onkeydown={filter_keys} />
                </div>
                <p class="conn-status muted" aria-live="polite">{ status }</p>
            }
            <ul class="conn-list" ref={list_ref}>{ for found.iter().take(listed).copied().map(row) }</ul>
            if more > 0 {
                <button type="button" class="btn btn-small conn-more" onclick={on_more}>
                    { tf(lang, T::ImportShowMore, &[("n", &grouped(more))]) }
                </button>
            }
            if none_chosen {
                <p class="param-error" role="alert">{ t(lang, T::ImportNoneChosen) }</p>
            }
            if over_cap {
                <p class="import-note">
                    { tf(lang, T::ImportOverCap, &[("n", &grouped_u64(chosen_packets)), ("cap", &grouped_u64(cap))]) }
                </p>
            }
            <fieldset class="import-range">
                <legend>{ tf(lang, T::ImportRange, &[("end", &end)]) }</legend>
                <div class="range-fields">
                    { field(Edge::From) }
                    { field(Edge::To) }
                </div>
                { for errors.iter().map(|e| html! {
                    <p class="param-error" id={e.id()} role="alert">{ e.message(lang, end_us) }</p>
                }) }
            </fieldset>
            if let Some(r) = refused.as_ref().filter(|_| form.refused) {
                <p class="param-error" role="alert">{ r.why.clone() }</p>
            }
            <button type="submit" class="btn btn-primary">{ t(lang, T::ImportDraw) }</button>
        </form>
    }
}

/// The picker's first sentence: the file's connections, or its one connection's packets
/// against the cap.
fn intro_text(lang: Lang, name: &str, conns: &[Conn], cap: u64) -> String {
    if conns.len() == 1 {
        let packets: u64 = conns.iter().map(|c| c.packets).sum();
        tf(
            lang,
            T::ImportPickOne,
            &[
                ("name", name),
                ("n", &grouped_u64(packets)),
                ("cap", &grouped_u64(cap)),
            ],
        )
    } else {
        tf(
            lang,
            T::ImportPick,
            &[("name", name), ("n", &grouped(conns.len()))],
        )
    }
}

/// One connection's row: its checkbox, five-tuple, counts, span and first request.
fn conn_row(lang: Lang, c: &Conn, checked: bool, toggle: Callback<Event>) -> Html {
    let span = tf(
        lang,
        T::ImportSpan,
        &[
            ("from", &secs_text(c.start_us)),
            ("to", &secs_text(c.end_us)),
        ],
    );
    html! {
        <li key={c.id}>
            <label>
                <input type="checkbox" {checked} onchange={toggle} />
                <span class="conn-tuple">{ format!("#{} {} → {}", c.id, c.client, c.server) }</span>
                <span class="muted">
                    { tf(lang, T::ConnRow, &[("packets", &grouped_u64(c.packets)), ("bytes", &grouped_u64(c.bytes)), ("span", &span)]) }
                    { c.first_request.as_ref().map(|r| format!(" · {r}")).unwrap_or_default() }
                </span>
            </label>
        </li>
    }
}

/// What the list shows: how many are listed (and match the filter) of all, and chosen.
fn list_status(
    lang: Lang,
    filtering: bool,
    found: usize,
    listed: usize,
    total: usize,
    chosen: usize,
) -> String {
    let (listed, n, chosen) = (grouped(listed), grouped(total), grouped(chosen));
    if filtering {
        let found = grouped(found);
        let args = [
            ("found", &found),
            ("listed", &listed),
            ("n", &n),
            ("chosen", &chosen),
        ];
        tf(
            lang,
            T::ImportFilterFound,
            &args.map(|(k, v)| (k, v.as_str())),
        )
    } else {
        let args = [("listed", &listed), ("n", &n), ("chosen", &chosen)];
        tf(lang, T::ImportListed, &args.map(|(k, v)| (k, v.as_str())))
    }
}

/// After "Show N more", the keyboard goes to the first row it listed (the button may be
/// gone): the row's index goes in the cell this returns, and the effect on `listed`
/// focuses that row's checkbox in `list_ref`.
#[hook]
fn use_focus_row(list_ref: NodeRef, listed: usize) -> Rc<std::cell::RefCell<Option<usize>>> {
    let focus_row = use_mut_ref(|| None::<usize>);
    {
        let focus_row = focus_row.clone();
        use_effect_with(listed, move |_| {
            if let Some(k) = focus_row.borrow_mut().take() {
                let input = list_ref
                    .cast::<web_sys::Element>()
                    .and_then(|list| list.query_selector_all("input").ok())
                    .and_then(|inputs| inputs.item(k as u32))
                    .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(input) = input {
                    let _ = input.focus();
                }
            }
        });
    }
    focus_row
}

#[cfg(test)]
mod tests {
    use super::*;

    const END: u64 = 19_899;

    fn conn(id: u32, client: &str, request: Option<&str>) -> Conn {
        Conn {
            id,
            client: client.to_owned(),
            server: "93.184.216.34:80".to_owned(),
            packets: 9,
            bytes: 300,
            start_us: 0,
            end_us: 10,
            first_request: request.map(str::to_owned),
        }
    }

    #[test]
    fn the_filter_finds_connections_by_their_words() {
        let conns = [
            conn(0, "10.0.0.1:49152", Some("GET / HTTP/1.1")),
            conn(1, "10.0.0.1:49153", Some("GET /api/items HTTP/1.1")),
            conn(12, "10.0.0.7:50000", None),
        ];
        let ids = |f: &str| -> Vec<u32> { matching(&conns, f).iter().map(|c| c.id).collect() };
        assert_eq!(ids(""), [0, 1, 12], "an empty filter lists all");
        assert_eq!(ids("   "), [0, 1, 12]);
        assert_eq!(ids("49153"), [1], "a port");
        assert_eq!(ids("10.0.0.7"), [12], "an address");
        assert_eq!(ids("/API"), [1], "a request, in any case");
        assert_eq!(ids("get 49152"), [0], "every word, in any order");
        assert_eq!(ids("#12"), [12], "the connection's number");
        assert_eq!(ids("93.184.216.34:80"), [0, 1, 12], "the server");
        assert!(ids("POST").is_empty());
    }

    #[test]
    fn a_new_filter_lists_from_the_first_page_and_more_adds_a_page() {
        let f = Rc::new(PickForm::new(vec![0], "1".to_owned()));
        assert_eq!(f.listed, PAGE_ROWS);
        let f = f.reduce(FormAction::More).reduce(FormAction::More);
        assert_eq!(f.listed, 3 * PAGE_ROWS);
        let f = f.reduce(FormAction::Filter("api".to_owned()));
        assert_eq!((f.listed, f.filter.as_str()), (PAGE_ROWS, "api"));
        assert_eq!(f.chosen, [0], "filtering keeps the choice");
    }

    #[test]
    fn seconds_are_written_exactly() {
        assert_eq!(secs_text(0), "0");
        assert_eq!(secs_text(18_455), "0.018455");
        assert_eq!(secs_text(2_000_000), "2");
        assert_eq!(secs_text(12_500_000), "12.5");
        for us in [0, 1, 18_455, 18_666, END, 3_600_000_001] {
            assert_eq!(parse_secs(&secs_text(us), u64::MAX), Ok(Some(us)));
        }
    }

    #[test]
    fn the_defaults_are_the_whole_capture() {
        assert_eq!(check_range("0", &secs_text(END), END), Ok(Range::default()));
        assert_eq!(check_range("", " ", END), Ok(Range::default()));
        // A capture of one instant: the defaults still draw it.
        assert_eq!(check_range("0", "0", 0), Ok(Range::default()));
    }

    #[test]
    fn a_range_is_rounded_to_microseconds_like_the_cli() {
        // The CLI: (s * 1e6).round().
        assert_eq!(
            check_range("0.0185", "", END),
            Ok(Range {
                from_us: Some(18_500),
                to_us: None
            })
        );
        assert_eq!(
            check_range(" 0.0000004 ", "0.01", END),
            Ok(Range {
                from_us: None,
                to_us: Some(10_000)
            })
        );
        assert_eq!(
            check_range("1e-3", "0.019", END),
            Ok(Range {
                from_us: Some(1_000),
                to_us: Some(19_000)
            })
        );
        // Beyond the end by less than half a microsecond is the end.
        assert_eq!(check_range("", "0.0198994", END), Ok(Range::default()));
        assert_eq!(
            check_range("", "0.0199", END),
            Err(vec![RangeError::Bad(Edge::To)])
        );
    }

    #[test]
    fn bad_values_name_their_field() {
        for bad in ["abc", "-1", "-0.001", "NaN", "inf", "1..2", "0.5", "0x10"] {
            assert_eq!(
                check_range(bad, "", END),
                Err(vec![RangeError::Bad(Edge::From)]),
                "{bad}"
            );
            assert_eq!(
                check_range("", bad, END),
                Err(vec![RangeError::Bad(Edge::To)]),
                "{bad}"
            );
        }
        assert_eq!(
            check_range("x", "y", END),
            Err(vec![RangeError::Bad(Edge::From), RangeError::Bad(Edge::To)])
        );
    }

    #[test]
    fn from_must_come_before_to() {
        assert_eq!(
            check_range("0.015", "0.01", END),
            Err(vec![RangeError::Order { to_us: 10_000 }])
        );
        assert_eq!(
            check_range("0.01", "0.01", END),
            Err(vec![RangeError::Order { to_us: 10_000 }])
        );
        assert_eq!(
            check_range(&secs_text(END), "", END),
            Err(vec![RangeError::Order { to_us: END }])
        );
        assert_eq!(
            check_range("", "0", END),
            Err(vec![RangeError::Order { to_us: 0 }])
        );
    }
}
