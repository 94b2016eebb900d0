//! The checks every catalogue passes, for the tests of each crate that owns one: the same
//! keys and placeholders in every language, the terms of the glossary
//! (`docs/glossary.md`), and no English sentence left in the Chinese.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::Catalog;

/// The glossary: the English and Chinese words of wiretrace, one word per thing.
pub const GLOSSARY: &str = include_str!("../../../../docs/glossary.md");

/// The TCP states, as the RFC names them (for the "⟨state⟩ 中" rule of the glossary).
const STATES: [&str; 11] = [
    "CLOSED",
    "LISTEN",
    "SYN-SENT",
    "SYN-RECEIVED",
    "ESTABLISHED",
    "FIN-WAIT-1",
    "FIN-WAIT-2",
    "CLOSE-WAIT",
    "CLOSING",
    "LAST-ACK",
    "TIME-WAIT",
];

/// One row of the glossary's term table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// English forms (any of them in an English text calls for the term).
    pub en: Vec<String>,
    /// The Chinese term.
    pub zh: String,
    /// True when a Chinese text must use `zh` wherever its English text uses `en`.
    pub required: bool,
    /// Chinese words never to use for this thing.
    pub avoid: Vec<String>,
}

/// One row of the glossary's table of phrasings to avoid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrasing {
    /// The phrasing (`⟨state⟩` stands for any TCP state name).
    pub avoid: String,
    /// What to write instead.
    pub instead: String,
}

fn cells(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

fn list(cell: &str) -> Vec<String> {
    cell.split(" / ")
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && s != "—")
        .collect()
}

/// The glossary's two tables: terms (header `| English | 中文 | …`) and phrasings to avoid
/// (header `| Avoid | …`).
pub fn glossary() -> (Vec<Term>, Vec<Phrasing>) {
    let mut terms = Vec::new();
    let mut phrasings = Vec::new();
    let mut table = "";
    for line in GLOSSARY.lines() {
        let Some(c) = cells(line) else {
            table = "";
            continue;
        };
        if c.first().is_some_and(|h| h == "English") {
            table = "terms";
            continue;
        }
        if c.first().is_some_and(|h| h == "Avoid") {
            table = "phrasings";
            continue;
        }
        if c.iter().all(|x| x.chars().all(|ch| ch == '-' || ch == ':')) {
            continue;
        }
        match (table, c.as_slice()) {
            ("terms", [en, zh, check, avoid, ..]) => terms.push(Term {
                en: list(en),
                zh: zh.trim_matches('`').to_string(),
                required: check == "required",
                avoid: list(avoid),
            }),
            ("phrasings", [avoid, instead, ..]) => phrasings.push(Phrasing {
                avoid: avoid.trim_matches('`').to_string(),
                instead: instead.trim_matches('`').to_string(),
            }),
            _ => {}
        }
    }
    (terms, phrasings)
}

/// The `{name}` placeholders of a template, sorted, each once.
pub fn placeholders(tpl: &str) -> Vec<String> {
    let mut v: Vec<String> = tpl
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| String::from(n)))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// A template with its placeholders taken out (what the translator wrote).
fn bare(tpl: &str) -> String {
    super::fill(tpl, |_| Some(" "))
}

/// Words that may stand in Chinese text as written: what a program prints or a user types
/// (error strings of the socket API, option and parameter names), and units.
const ALLOWED: &[&str] = &[
    "connection refused",
    "connection reset by peer",
    "connection timed out",
    "persist timer",
    "No Content",
    "Connection: close",
    "Connection: Keep-Alive",
    "on_unknown=reset",
    "peer=restart",
    "lose=request",
    "lose=reply",
    "aborter=client",
    "aborter=server",
];

/// The first run of English words (two or more lower-case words in a row) in a Chinese
/// text, if any: an untranslated sentence or phrase. Names (SYN, TIME-WAIT, RFC), numbers,
/// addresses, HTTP lines and the [`ALLOWED`] strings do not count.
pub fn untranslated(zh: &str) -> Option<String> {
    // Code in backticks (`wiretrace list`) is what the reader types, not prose.
    let mut text = String::new();
    for (i, part) in zh.split('`').enumerate() {
        if i % 2 == 0 {
            text.push_str(part);
        }
        text.push(' ');
    }
    for a in ALLOWED {
        text = text.replace(a, " ");
    }
    // Runs of tokens joined by single spaces; anything else (Chinese, punctuation, two
    // spaces) ends a run.
    let mut runs: Vec<Vec<&str>> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut rest = text.as_str();
    let is_tok = |c: char| c.is_ascii_alphanumeric() || "'-_.=/:".contains(c);
    while let Some(c) = rest.chars().next() {
        if is_tok(c) {
            let end = rest.find(|c: char| !is_tok(c)).unwrap_or(rest.len());
            run.push(&rest[..end]);
            rest = &rest[end..];
            let joined = rest.starts_with(' ') && rest[1..].chars().next().is_some_and(is_tok);
            if joined {
                rest = &rest[1..];
            } else {
                runs.push(core::mem::take(&mut run));
            }
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    runs.push(run);
    // A formula (`ssthresh = max`) is not a sentence.
    runs.into_iter()
        .filter(|r| !r.contains(&"="))
        .find(|r| r.iter().filter(|w| is_word(w)).count() >= 2)
        .map(|r| r.join(" "))
}

/// An English word: lower-case letters (an apostrophe or hyphen inside), not a name, not
/// a parameter (`delayed_ack_ms`, `mb.kind`), not an address or path.
fn is_word(t: &str) -> bool {
    let t = t.trim_matches(|c: char| c == '.' || c == ':' || c == '\'');
    t.len() >= 2
        && t.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || c == '\'' || c == '-')
}

/// True if `hay` holds `word` as a word, or its plural (not inside a longer one: `push`
/// is not in `push_port`).
fn has_word(hay: &str, word: &str) -> bool {
    let inner = |c: char| c.is_alphanumeric() || c == '_';
    hay.match_indices(word).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        // A plural counts: `segments` holds `segment`.
        let rest = &hay[i + word.len()..];
        let rest = match rest.strip_prefix('s') {
            Some(r) if !r.starts_with(inner) => r,
            _ => rest,
        };
        let after = rest.chars().next();
        // `timers=1` is a parameter, not the word.
        !before.is_some_and(inner) && !after.is_some_and(|c| inner(c) || c == '=')
    })
}

/// Everything wrong with a catalogue, one line each (empty when it is fine).
pub fn problems(cat: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    let name = cat.name;
    for (lang, table) in [("en", cat.en), ("zh", cat.table(super::Lang::Zh))] {
        for pair in table.windows(2) {
            if pair[0].0 >= pair[1].0 {
                out.push(format!(
                    "{name} {lang}: {} must sort before {}",
                    pair[0].0, pair[1].0
                ));
            }
        }
    }
    let en_keys: Vec<&str> = cat.en.iter().map(|(k, _)| *k).collect();
    let zh_keys: Vec<&str> = cat.table(super::Lang::Zh).iter().map(|(k, _)| *k).collect();
    for k in &en_keys {
        if !zh_keys.contains(k) {
            out.push(format!("{name}: {k} has no Chinese"));
        }
    }
    for k in &zh_keys {
        if !en_keys.contains(k) {
            out.push(format!("{name}: {k} has no English"));
        }
    }
    let (terms, phrasings) = glossary();
    for (key, en) in cat.en {
        let Some(zh) = cat.get(super::Lang::Zh, key) else {
            continue;
        };
        if en.is_empty() || zh.is_empty() {
            out.push(format!("{name}: {key} is empty in a language"));
        }
        if placeholders(en) != placeholders(zh) {
            out.push(format!("{name}: {key}: placeholders differ"));
        }
        let en_lower = bare(en).to_lowercase();
        for t in &terms {
            if t.required
                && t.en.iter().any(|w| has_word(&en_lower, &w.to_lowercase()))
                && !zh.contains(t.zh.as_str())
            {
                out.push(format!(
                    "{name}: {key}: the English says \"{}\", the Chinese must say {}: {zh}",
                    t.en.join(" / "),
                    t.zh
                ));
            }
            for a in &t.avoid {
                if zh.contains(a.as_str()) {
                    out.push(format!(
                        "{name}: {key}: {a} (the glossary's word is {}): {zh}",
                        t.zh
                    ));
                }
            }
        }
        for p in &phrasings {
            let bad: Vec<String> = if p.avoid.contains("⟨state⟩") {
                STATES
                    .iter()
                    .flat_map(|s| {
                        let with = p.avoid.replace("⟨state⟩", s);
                        let tight = with.replace(' ', "");
                        [with, tight]
                    })
                    .collect()
            } else {
                alloc::vec![p.avoid.clone()]
            };
            if let Some(b) = bad.iter().find(|b| zh.contains(b.as_str())) {
                out.push(format!(
                    "{name}: {key}: \"{b}\" reads like a word-for-word translation ({}): {zh}",
                    p.instead
                ));
            }
        }
        if let Some(words) = untranslated(&bare(zh)) {
            out.push(format!(
                "{name}: {key}: English left in the Chinese: \"{words}\""
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glossary_has_terms_and_phrasings() {
        let (terms, phrasings) = glossary();
        let timer = terms
            .iter()
            .find(|t| t.zh == "定时器")
            .expect("the timer row");
        assert!(timer.avoid.iter().any(|a| a == "计时器"));
        assert!(terms.iter().filter(|t| t.required).count() > 10);
        assert!(phrasings.iter().any(|p| p.avoid.contains("⟨state⟩")));
    }

    #[test]
    fn english_words_in_chinese_are_found_and_names_are_not() {
        assert_eq!(
            untranslated("fw 忘掉了这个流").as_deref(),
            None,
            "one short id is not a sentence"
        );
        assert_eq!(
            untranslated("第 1 组：浏览器用 short polling 的方式").as_deref(),
            Some("short polling")
        );
        assert_eq!(
            untranslated("名字：no TCP or UDP packets in it").as_deref(),
            Some("no TCP or UDP packets in it")
        );
        for fine in [
            "收到 SYN,ACK：进入 ESTABLISHED（RFC 9293 3.5）",
            "GET /index.html HTTP/1.1 的响应",
            "连接被拒绝（connection refused）",
            "192.168.1.116:3337 → 10.0.0.2:80",
            "把 heartbeat_ms 设得小于 mb.idle_timeout_ms",
            "HTTP/1.1 200 OK",
        ] {
            assert_eq!(untranslated(fine), None, "{fine}");
        }
    }

    #[test]
    fn a_bad_catalogue_is_caught() {
        static BAD: Catalog = Catalog {
            name: "bad",
            en: &[("a", "{x} timer"), ("c", "the timer ran out"), ("b", "x")],
            zh: super::super::Zh::built_in(&[("a", "{y} 计时器"), ("c", "the timer ran out")]),
        };
        let p = problems(&BAD).join("\n");
        assert!(p.contains("c must sort before b"), "{p}");
        assert!(p.contains("b has no Chinese"), "{p}");
        assert!(p.contains("placeholders differ"), "{p}");
        assert!(p.contains("计时器"), "{p}");
        assert!(p.contains("English left in the Chinese"), "{p}");
    }
}
