//! Compact text of a [`super::Msg`]: its key and argument names point into the program's
//! tables when the engine wrote them ([`Text`]), and its arguments are a small sorted list
//! ([`Args`]), not a map of owned strings. A run of a million segments records a message per
//! segment and per timer, so these two types decide much of a Trace's size in memory; in
//! JSON they read and write exactly as the string and the map they replace.

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::borrow::Borrow;
use core::fmt;
use core::ops::{Deref, Index};

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A piece of text in a Trace: borrowed from the program when the engine wrote it (a message
/// key, an argument name, an RFC section), owned when it was read from JSON or built.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Cow<'static, str>);

impl Text {
    /// Text that lives as long as the program (no allocation).
    pub const fn from_static(s: &'static str) -> Text {
        Text(Cow::Borrowed(s))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when it is the program's own text (no allocation of its own).
    pub fn is_static(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&'static str> for Text {
    fn from(s: &'static str) -> Text {
        Text(Cow::Borrowed(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Cow::Owned(s))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.into_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, o: &str) -> bool {
        *self.0 == *o
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, o: &&str) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, o: &String) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, o: &Text) -> bool {
        **self == *o.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, o: &Text) -> bool {
        **self == *o.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

/// A message's named arguments, sorted by name, each name once: what a
/// `BTreeMap<String, String>` held, in one small allocation plus the values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args(Vec<(Text, String)>);

impl Args {
    /// No arguments.
    pub const fn new() -> Args {
        Args(Vec::new())
    }

    /// No arguments, room for `n`.
    pub fn with_capacity(n: usize) -> Args {
        Args(Vec::with_capacity(n))
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    /// The value of argument `name`.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.find(name).ok().map(|i| &self.0[i].1)
    }

    /// The value of argument `name`, to change it.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut String> {
        match self.find(name) {
            Ok(i) => Some(&mut self.0[i].1),
            Err(_) => None,
        }
    }

    /// True if argument `name` is set.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets argument `name`; returns the value it replaced.
    pub fn insert(&mut self, name: impl Into<Text>, value: String) -> Option<String> {
        let name = name.into();
        match self.find(&name) {
            Ok(i) => Some(core::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    /// Removes argument `name`; returns its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        match self.find(name) {
            Ok(i) => Some(self.0.remove(i).1),
            Err(_) => None,
        }
    }

    /// The arguments in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&Text, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The names in order.
    pub fn keys(&self) -> impl Iterator<Item = &Text> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values in name order.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, v)| v)
    }

    /// How many arguments there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True without arguments.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Names read from JSON that are placeholders of `template` (`{seq}`) become the
    /// template's own text, so they take no allocation of their own.
    pub fn share_names(&mut self, template: &'static str) {
        for (name, _) in &mut self.0 {
            if !name.is_static() {
                if let Some(own) = placeholder(template, name) {
                    *name = Text::from_static(own);
                }
            }
        }
    }
}

/// The placeholder `{name}` of a template, as the template's text (`name`).
fn placeholder(template: &'static str, name: &str) -> Option<&'static str> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        if &after[..close] == name {
            return Some(&after[..close]);
        }
        rest = &after[close + 1..];
    }
    None
}

impl Index<&str> for Args {
    type Output = String;
    fn index(&self, name: &str) -> &String {
        self.get(name).expect("no argument with this name")
    }
}

impl<'a> IntoIterator for &'a Args {
    type Item = (&'a Text, &'a String);
    type IntoIter = core::iter::Map<
        core::slice::Iter<'a, (Text, String)>,
        fn(&'a (Text, String)) -> (&'a Text, &'a String),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Into<Text>> FromIterator<(K, String)> for Args {
    fn from_iter<I: IntoIterator<Item = (K, String)>>(iter: I) -> Args {
        let mut args = Args::new();
        for (k, v) in iter {
            args.insert(k, v);
        }
        args
    }
}

impl<K: Into<Text>> Extend<(K, String)> for Args {
    fn extend<I: IntoIterator<Item = (K, String)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl From<BTreeMap<String, String>> for Args {
    fn from(map: BTreeMap<String, String>) -> Args {
        // A map's keys are already sorted and unique.
        Args(map.into_iter().map(|(k, v)| (Text::from(k), v)).collect())
    }
}

impl Serialize for Args {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k.as_str(), v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Args {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::<String, String>::deserialize(d).map(Args::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_from_json_become_the_templates_own_text() {
        let tpl: &'static str = "RST from {src}: nothing listens on port {port}{}.";
        assert_eq!(placeholder(tpl, "port"), Some("port"));
        assert_eq!(placeholder(tpl, "src"), Some("src"));
        assert_eq!(placeholder(tpl, "por"), None);
        assert_eq!(placeholder(tpl, ""), Some(""));
        assert_eq!(placeholder("{unclosed", "unclosed"), None);
        let mut a: Args = serde_json::from_str(r#"{"port":"80","src":"a","other":"b"}"#).unwrap();
        assert!(a.keys().all(|k| !k.is_static()));
        a.share_names(tpl);
        let shared: Vec<(&str, bool)> = a.keys().map(|k| (k.as_str(), k.is_static())).collect();
        assert_eq!(shared, [("other", false), ("port", true), ("src", true)]);
        // The name points into the template itself.
        let port = a.keys().find(|k| *k == "port").unwrap().as_str();
        let start = tpl.as_ptr() as usize;
        let at = port.as_ptr() as usize;
        assert!(at > start && at < start + tpl.len());
        assert_eq!(a["port"], "80");
    }

    #[test]
    fn args_keep_names_sorted_and_once_like_the_map_they_replace() {
        let mut a = Args::new();
        assert_eq!(a.insert("seq", String::from("1")), None);
        assert_eq!(a.insert("ack", String::from("2")), None);
        assert_eq!(a.insert("len", String::from("3")), None);
        assert_eq!(a.insert("seq", String::from("4")), Some(String::from("1")));
        let names: Vec<&str> = a.keys().map(Text::as_str).collect();
        assert_eq!(names, ["ack", "len", "seq"]);
        assert_eq!(a["seq"], "4");
        assert_eq!(a.get("nope"), None);
        assert!(a.contains_key("len") && !a.contains_key("le"));
        assert_eq!(a.remove("len"), Some(String::from("3")));
        assert_eq!(a.len(), 2);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"ack":"2","seq":"4"}"#);
        let map: BTreeMap<String, String> = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&map).unwrap(), json);
        let back: Args = serde_json::from_str(r#"{"z":"1","a":"2"}"#).unwrap();
        assert_eq!(
            back.keys().map(Text::as_str).collect::<Vec<_>>(),
            ["a", "z"]
        );
    }

    #[test]
    fn text_is_the_same_whether_borrowed_or_owned() {
        let a = Text::from("seg.syn");
        let b = Text::from(String::from("seg.syn"));
        assert_eq!(a, b);
        assert_eq!(a, "seg.syn");
        assert_eq!(b.as_str(), "seg.syn");
        let owned = String::from("seg.syn");
        assert!(owned == b, "a String compares with a Text");
        assert_eq!(serde_json::to_string(&a).unwrap(), r#""seg.syn""#);
    }
}
