//! The one text mechanism: every visible text of wiretrace, in English and Chinese, keyed.
//!
//! A [`Catalog`] holds one table per language (`(key, template)`, sorted by key), each in a
//! file of its own, with the same keys in every language: the Chinese half can be shipped
//! apart from the English one. Every crate that shows words owns one catalogue and looks it
//! up through this module: [`MESSAGES`] here (the engine's explanations, capture and
//! parameter errors), the figure's words in `wiretrace_diagram::texts`, the page's words in
//! `wiretrace_web::ui`. [`check`] holds the tests every catalogue passes (same keys and
//! placeholders in every language, the glossary's terms, no English left in Chinese).
//!
//! The engine records a [`Msg`] (key + named arguments) next to each English text it puts
//! into the Trace; the page and the exports render the same key in the reader's language.
//! Templates use `{name}` placeholders. An argument named in [`Msg::terms`] is itself a
//! key (a middlebox's name, a way of polling) and is rendered in the same language.

use alloc::string::String;
use alloc::vec::Vec;

use crate::trace::{Msg, Trace};

pub mod check;
mod en;
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

/// A keyed set of texts, one table per language, the same keys in each.
#[derive(Debug)]
pub struct Catalog {
    /// What the catalogue holds (named in test failures).
    pub name: &'static str,
    /// English.
    pub en: Table,
    /// Simplified Chinese.
    pub zh: Table,
}

impl Catalog {
    /// The table of a language.
    pub fn table(&self, lang: Lang) -> Table {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }

    /// The template of a key in a language, if the key exists.
    pub fn get(&self, lang: Lang, key: &str) -> Option<&'static str> {
        let table = self.table(lang);
        table
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| table[i].1)
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
    en: en::TABLE,
    zh: zh::TABLE,
};

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
    if lang == Lang::En {
        return t;
    }
    for s in &mut t.segments {
        s.explain = render_or(lang, s.msg.as_ref(), &s.explain);
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
    t
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
        assert_eq!(first.explain, render(Lang::Zh, first.msg.as_ref().unwrap()));
        assert_eq!(first.msg, t.segments[0].msg);
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
