//! The message table: every explanation the engine writes, in English and Chinese, keyed.
//!
//! The engine records a [`Msg`] (key + named arguments) next to each English text it puts
//! into the Trace; the page renders the same key in the reader's language. Templates use
//! `{name}` placeholders. Keep the table sorted by key (a test checks it).

use alloc::string::String;

use crate::trace::Msg;

/// A language the explanations are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
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

/// `(key, English, Chinese)`, sorted by key.
static TABLE: &[(&str, &str, &str)] = &[(
    "seg.ack",
    "ACK: acknowledges every byte up to {ack}.",
    "ACK:确认 {ack} 之前的全部字节。",
)];

/// The template for a key in a language, if the key exists.
pub fn template(lang: Lang, key: &str) -> Option<&'static str> {
    TABLE
        .binary_search_by(|(k, _, _)| (*k).cmp(key))
        .ok()
        .map(|i| match lang {
            Lang::En => TABLE[i].1,
            Lang::Zh => TABLE[i].2,
        })
}

/// Renders a message in a language. An unknown key renders as the key itself, so a missing
/// entry is visible rather than silent (tests check that every key the engine uses exists).
pub fn render(lang: Lang, msg: &Msg) -> String {
    let Some(tpl) = template(lang, &msg.key) else {
        return msg.key.clone();
    };
    fill(tpl, |name| msg.args.get(name).map(String::as_str))
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

/// Every key in the table (for tests and tools).
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(k, _, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    #[test]
    fn table_is_sorted_and_unique() {
        for pair in TABLE.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "{} must sort before {}",
                pair[0].0,
                pair[1].0
            );
        }
    }

    #[test]
    fn every_entry_has_both_languages_with_the_same_placeholders() {
        for (key, en, zh) in TABLE {
            assert!(!en.is_empty() && !zh.is_empty(), "{key}");
            let names = |s: &str| {
                let mut v: alloc::vec::Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| String::from(n)))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(names(en), names(zh), "placeholders differ for {key}");
        }
    }

    #[test]
    fn renders_arguments_in_both_languages() {
        let mut args = BTreeMap::new();
        args.insert(String::from("ack"), String::from("3626544837"));
        let msg = Msg {
            key: "seg.ack".into(),
            args,
        };
        assert!(render(Lang::En, &msg).contains("3626544837"));
        assert!(render(Lang::Zh, &msg).contains("3626544837"));
        assert_eq!(
            render(
                Lang::En,
                &Msg {
                    key: "nope".into(),
                    args: BTreeMap::new()
                }
            ),
            "nope"
        );
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    }
}
