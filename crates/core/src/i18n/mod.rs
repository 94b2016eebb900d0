//! The one text mechanism: every visible text of wiretrace, in English and Chinese, keyed.
//!
//! A [`Catalog`] holds one table per language (`(key, template)`, sorted by key), each in a
//! file of its own, with the same keys in every language. The Chinese half ([`Zh`]) is
//! compiled in (feature `builtin-zh`, and every debug build) or shipped apart: the page's
//! release build loads it from a texts file (`wiretrace texts --lang zh`) when a reader
//! asks for Chinese, and installs it with [`Catalog::install_zh`]. A build with the feature
//! `zh-only` (the figure worker of a page in Chinese) has the Chinese tables in place of
//! the English ones, which it leaves out: there [`Lang::En`] reads Chinese, and the
//! program shows Chinese only. Every crate that shows words owns one catalogue and looks it
//! up through this module: [`MESSAGES`] here (the engine's explanations, capture and
//! parameter errors), the figure's words in `wiretrace_diagram::texts`, the page's words in
//! `wiretrace_web::ui`. [`check`] holds the tests every catalogue passes (same keys and
//! placeholders in every language, the glossary's terms, no English left in Chinese).
//!
//! The engine records a [`Msg`] (key + named arguments) next to each English text it puts
//! into the Trace; the page and the exports render the same key in the reader's language.
//! Templates use `{name}` placeholders. An argument named in [`Msg::terms`] is itself a
//! key (a middlebox's name, a way of polling) and is rendered in the same language.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use once_cell::race::OnceBox;

use crate::trace::{Msg, Trace};

pub mod check;
#[cfg(not(feature = "zh-only"))]
mod en;
#[cfg(any(feature = "builtin-zh", debug_assertions))]
mod zh;

/// A language the texts are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag (`en`, `zh`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language for a BCP 47 tag such as `zh-CN` or `en-US`; English otherwise.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// One language's texts: `(key, template)`, sorted by key.
pub type Table = &'static [(&'static str, &'static str)];

/// A template only the player shows (the capture importer's words, the scenarios'
/// introductions, the parameters' help): empty in a `figure-only` build, the figure
/// worker's, which never imports a capture and draws only the figure (its alerts and side
/// panel are the player's). The linker cannot leave such texts out, since they are looked
/// up by key at run time; this keeps their bytes out of the worker's first load.
pub(crate) const fn player(template: &'static str) -> &'static str {
    if cfg!(feature = "figure-only") {
        ""
    } else {
        template
    }
}

/// A keyed set of texts, one table per language, the same keys in each.
#[derive(Debug)]
pub struct Catalog {
    /// What the catalogue holds (named in test failures and in the texts file).
    pub name: &'static str,
    /// English.
    pub en: Table,
    /// Simplified Chinese: built in, or installed at run time.
    pub zh: Zh,
}

/// The Chinese table of a catalogue: compiled in ([`Zh::built_in`]) or installed once at
/// run time ([`Zh::apart`], then [`Catalog::install_zh`]).
pub struct Zh {
    built_in: Option<Table>,
    installed: OnceBox<Vec<(&'static str, &'static str)>>,
}

impl Zh {
    /// The table compiled into the program.
    pub const fn built_in(table: Table) -> Zh {
        Zh {
            built_in: Some(table),
            installed: OnceBox::new(),
        }
    }

    /// No table yet: [`Catalog::install_zh`] gives it one.
    pub const fn apart() -> Zh {
        Zh {
            built_in: None,
            installed: OnceBox::new(),
        }
    }

    /// The table, if it is built in or installed.
    pub fn table(&self) -> Option<&[(&'static str, &'static str)]> {
        self.built_in
            .or_else(|| self.installed.get().map(|t| t.as_slice()))
    }
}

impl core::fmt::Debug for Zh {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let how = match (self.built_in, self.installed.get()) {
            (Some(_), _) => "built in",
            (None, Some(_)) => "installed",
            (None, None) => "not loaded",
        };
        f.write_str(how)
    }
}

impl Catalog {
    /// The table of a language. Chinese not loaded yet is an empty table.
    pub fn table(&self, lang: Lang) -> &[(&'static str, &'static str)] {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh.table().unwrap_or(&[]),
        }
    }

    /// Whether the texts of a language are here (English always is; Chinese when built in
    /// or installed).
    pub fn has(&self, lang: Lang) -> bool {
        match lang {
            Lang::En => true,
            Lang::Zh => self.zh.table().is_some(),
        }
    }

    /// The template of a key in a language, if the key exists. Chinese not loaded yet
    /// reads as English, so a page never shows bare keys while the texts arrive.
    pub fn get(&self, lang: Lang, key: &str) -> Option<&'static str> {
        let table = match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh.table().unwrap_or(self.en),
        };
        find(table, key).map(|(_, tpl)| tpl)
    }

    /// What is wrong with a Chinese table read from a texts file, if anything: it must
    /// hold exactly the English keys, once each, in any order. Names the first key given
    /// twice, unknown or missing.
    pub fn check_zh(&self, pairs: &[(String, String)]) -> Result<(), String> {
        let mut keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        keys.sort_unstable();
        if let Some(pair) = keys.windows(2).find(|p| p[0] == p[1]) {
            return Err(format!("{}: {} is given twice", self.name, pair[0]));
        }
        if let Some(k) = keys
            .iter()
            .find(|k| self.en.binary_search_by(|(e, _)| e.cmp(k)).is_err())
        {
            return Err(format!("{}: {k} is not a key of this version", self.name));
        }
        if let Some((k, _)) = self.en.iter().find(|(k, _)| keys.binary_search(k).is_err()) {
            return Err(format!("{}: {k} has no Chinese", self.name));
        }
        Ok(())
    }

    /// Installs the Chinese table read from a texts file, if [`Catalog::check_zh`] finds
    /// nothing wrong with it (else nothing is installed). Installed once; a second call
    /// changes nothing.
    pub fn install_zh(&self, pairs: Vec<(String, String)>) -> Result<(), String> {
        if self.zh.table().is_some() {
            return Ok(());
        }
        self.check_zh(&pairs)?;
        let mut table: Vec<(&'static str, &'static str)> = pairs
            .into_iter()
            .filter_map(|(key, tpl)| {
                let i = self
                    .en
                    .binary_search_by(|(k, _)| (*k).cmp(key.as_str()))
                    .ok()?;
                // Installed once for the life of the program: its templates live as long.
                Some((self.en[i].0, &*Box::leak(tpl.into_boxed_str())))
            })
            .collect();
        table.sort_unstable_by(|a, b| a.0.cmp(b.0));
        // Another caller may have installed the same table meanwhile: either is right.
        let _ = self.zh.installed.set(Box::new(table));
        Ok(())
    }

    /// The text of a key with its `{name}` arguments filled in; an unknown key renders as
    /// itself, so a missing entry is visible rather than silent.
    pub fn text(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        match self.get(lang, key) {
            Some(tpl) => fill(tpl, |name| {
                args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
            }),
            None => String::from(key),
        }
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> {
        self.en.iter().map(|(k, _)| *k)
    }
}

/// The engine's catalogue: explanations of runs and captures, scenario titles, parameter
/// help, and the errors of parameters and capture files.
pub static MESSAGES: Catalog = Catalog {
    name: "wiretrace-core messages",
    #[cfg(not(feature = "zh-only"))]
    en: en::TABLE,
    // Chinese only: the English table left out (see the module's doc).
    #[cfg(feature = "zh-only")]
    en: zh::TABLE,
    #[cfg(any(feature = "builtin-zh", debug_assertions))]
    zh: Zh::built_in(zh::TABLE),
    #[cfg(not(any(feature = "builtin-zh", debug_assertions)))]
    zh: Zh::apart(),
};

/// The entry of `key` in a table sorted by key.
fn find(table: &[(&'static str, &'static str)], key: &str) -> Option<(&'static str, &'static str)> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| table[i])
}

/// A key of [`MESSAGES`] as the table's own text, and its English template.
pub fn entry(key: &str) -> Option<(&'static str, &'static str)> {
    find(MESSAGES.en, key)
}

/// The template for a key of [`MESSAGES`] in a language, if the key exists.
pub fn template(lang: Lang, key: &str) -> Option<&'static str> {
    MESSAGES.get(lang, key)
}

/// One argument of a message as the reader of `lang` sees it: a term (see
/// [`Msg::terms`]) in that language, else the value as recorded.
pub fn arg<'m>(lang: Lang, msg: &'m Msg, name: &str) -> Option<&'m str> {
    if let Some(tpl) = msg.terms.get(name).and_then(|k| template(lang, k)) {
        return Some(tpl);
    }
    msg.args.get(name).map(String::as_str)
}

/// Renders a message of [`MESSAGES`] in a language. An unknown key renders as the key
/// itself, so a missing entry is visible rather than silent (tests check that every key the
/// engine uses exists).
pub fn render(lang: Lang, msg: &Msg) -> String {
    let Some(tpl) = template(lang, &msg.key) else {
        return String::from(msg.key.as_str());
    };
    fill(tpl, |name| arg(lang, msg, name))
}

/// The text of an optional message in a language, or `fallback` (the English text a Trace
/// carries) when there is no message or the table does not know its key (a Trace written
/// by another version).
pub fn render_or(lang: Lang, msg: Option<&Msg>, fallback: &str) -> String {
    match msg {
        Some(m) if template(lang, &m.key).is_some() => render(lang, m),
        _ => String::from(fallback),
    }
}

/// The Trace with every text field (explanations, reasons, timer notes, events, endpoint
/// labels, an import's details) rendered in `lang` from its message; the messages stay,
/// so a reader can still render another language. In English it is the Trace as it is.
pub fn localized(trace: &Trace, lang: Lang) -> Trace {
    let mut t = trace.clone();
    localize(&mut t, lang);
    t
}

/// [`localized`] in place, for a Trace too long to copy (the file worker's JSON of a long
/// run).
pub fn localize(t: &mut Trace, lang: Lang) {
    if lang == Lang::En {
        return;
    }
    for s in &mut t.segments {
        let explain = render_or(lang, s.message_kept(), s.explain());
        s.set_explain(explain);
    }
    for s in &mut t.states {
        s.why = render_or(lang, s.msg.as_ref(), &s.why);
    }
    for tm in &mut t.timers {
        tm.note = render_or(lang, tm.msg.as_ref(), &tm.note);
    }
    for e in &mut t.events {
        e.text = render_or(lang, e.msg.as_ref(), &e.text);
    }
    for e in &mut t.endpoints {
        e.label = render_or(lang, e.label_msg.as_ref(), &e.label);
    }
    if let Some(src) = &mut t.source {
        if !src.detail_msgs.is_empty() {
            let parts: Vec<String> = src.detail_msgs.iter().map(|m| render(lang, m)).collect();
            src.detail = parts.join(template(lang, "capture.detail.separator").unwrap_or("; "));
        }
    }
}

/// Substitutes `{name}` placeholders; an unknown name is left as written.
pub fn fill<'a>(tpl: &str, lookup: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(tpl.len() + 16);
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match lookup(name) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every key of [`MESSAGES`] (for tests and tools).
pub fn keys() -> impl Iterator<Item = &'static str> {
    MESSAGES.keys()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use alloc::vec::Vec;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (String::from(*k), String::from(*v)))
            .collect()
    }

    #[test]
    fn chinese_shipped_apart_reads_as_english_until_installed() {
        static CAT: Catalog = Catalog {
            name: "apart",
            en: &[("a", "the {x} timer"), ("b", "ACK")],
            zh: Zh::apart(),
        };
        assert!(!CAT.has(Lang::Zh) && CAT.has(Lang::En));
        assert_eq!(CAT.get(Lang::Zh, "a"), Some("the {x} timer"));
        assert_eq!(CAT.text(Lang::Zh, "a", &[("x", "RTO")]), "the RTO timer");
        assert_eq!(format!("{:?}", CAT.zh), "not loaded");
        // In any order; the keys must be exactly the English ones.
        assert_eq!(
            CAT.install_zh(pairs(&[("b", "确认"), ("a", "{x} 定时器")])),
            Ok(())
        );
        assert!(CAT.has(Lang::Zh));
        assert_eq!(CAT.text(Lang::Zh, "a", &[("x", "RTO")]), "RTO 定时器");
        assert_eq!(CAT.get(Lang::En, "a"), Some("the {x} timer"));
        assert_eq!(CAT.table(Lang::Zh), &[("a", "{x} 定时器"), ("b", "确认")]);
        assert_eq!(format!("{:?}", CAT.zh), "installed");
        // Installed once: a second file changes nothing.
        assert_eq!(CAT.install_zh(pairs(&[("a", "x"), ("b", "y")])), Ok(()));
        assert_eq!(CAT.get(Lang::Zh, "b"), Some("确认"));
    }

    #[test]
    fn a_texts_file_of_another_version_is_refused_by_name() {
        static CAT: Catalog = Catalog {
            name: "apart",
            en: &[("a", "A"), ("b", "B")],
            zh: Zh::apart(),
        };
        let missing = CAT.install_zh(pairs(&[("a", "甲")])).unwrap_err();
        assert_eq!(missing, "apart: b has no Chinese");
        let unknown = CAT
            .install_zh(pairs(&[("a", "甲"), ("b", "乙"), ("c", "丙")]))
            .unwrap_err();
        assert_eq!(unknown, "apart: c is not a key of this version");
        let twice = CAT
            .install_zh(pairs(&[("a", "甲"), ("b", "乙"), ("a", "甲")]))
            .unwrap_err();
        assert_eq!(twice, "apart: a is given twice");
        assert!(
            !CAT.has(Lang::Zh),
            "nothing is installed from a refused file"
        );
        assert_eq!(CAT.get(Lang::Zh, "a"), Some("A"));
    }

    #[test]
    fn a_built_in_table_is_there_from_the_start() {
        assert!(MESSAGES.has(Lang::Zh));
        assert_eq!(format!("{:?}", MESSAGES.zh), "built in");
        assert_eq!(MESSAGES.table(Lang::Zh).len(), MESSAGES.en.len());
    }

    #[test]
    fn the_message_catalogue_passes_every_check() {
        let problems = check::problems(&MESSAGES);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn chinese_uses_the_textbook_terms() {
        // The glossary covers the words; a few keys must use a fixed term.
        let zh = |k: &str| template(Lang::Zh, k).unwrap();
        assert!(zh("scenario.handshake.title").contains("四次挥手"));
        assert!(zh("seg.fin.acks_fin").contains("三次挥手"));
        assert!(zh("timer.persist").contains("持续定时器"));
        assert!(zh("scenario.zero-window.intro").contains("持续定时器"));
        for (key, en) in MESSAGES.en {
            assert!(
                !en.contains("SYN_SEND") && !en.contains("SYN_RECV"),
                "{key}"
            );
        }
    }

    #[test]
    fn renders_arguments_and_terms_in_both_languages() {
        let mut args = BTreeMap::new();
        args.insert(String::from("ack"), String::from("3626544837"));
        let msg = Msg {
            key: "seg.ack".into(),
            args: args.into(),
            ..Msg::default()
        };
        assert!(render(Lang::En, &msg).contains("3626544837"));
        assert!(render(Lang::Zh, &msg).contains("3626544837"));
        assert_eq!(render(Lang::En, &Msg::of("nope", &[])), "nope");
        // A term is rendered in the reader's language; its English stays in `args`.
        let m = Msg::of("seg.rst.middlebox", &[("ms", String::from("5000"))])
            .with_term("mb", "term.mb.firewall");
        assert_eq!(m.args["mb"], "the firewall");
        assert!(
            render(Lang::En, &m).contains("the firewall"),
            "{}",
            render(Lang::En, &m)
        );
        let zh = render(Lang::Zh, &m);
        assert!(zh.contains("防火墙") && !zh.contains("firewall"), "{zh}");
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    }

    #[test]
    fn a_localized_trace_carries_the_language_and_keeps_its_messages() {
        let t = crate::scenario::run_with("middlebox-idle-timeout", &[]).unwrap();
        assert_eq!(localized(&t, Lang::En), t, "English is the Trace as it is");
        let zh = localized(&t, Lang::Zh);
        let first = &zh.segments[0];
        assert_eq!(
            first.explain(),
            render(Lang::Zh, first.message_kept().unwrap())
        );
        assert_eq!(first.message(), t.segments[0].message());
        assert!(zh.endpoints.iter().any(|e| e.label == "防火墙"));
        let ev = zh
            .events
            .iter()
            .find(|e| e.kind == crate::trace::EventKind::FlowExpired)
            .unwrap();
        assert!(ev.text.starts_with("防火墙在"), "{}", ev.text);
        assert!(zh
            .timers
            .iter()
            .all(|tm| tm.note == render(Lang::Zh, tm.msg.as_ref().unwrap())));
    }

    #[test]
    fn a_catalogue_finds_its_keys_in_each_language() {
        let keys: Vec<&str> = MESSAGES.keys().collect();
        assert!(keys.len() > 300);
        for lang in Lang::ALL {
            assert!(MESSAGES.get(lang, "seg.syn").is_some());
            assert_eq!(MESSAGES.get(lang, "no.such.key"), None);
        }
        assert_eq!(
            MESSAGES.text(Lang::En, "endpoint.client_n", &[("n", "2")]),
            "Client 2"
        );
    }
}
