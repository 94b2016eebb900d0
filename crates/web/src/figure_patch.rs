//! A step redraws the figure's window in place. The window is drawn as markup the browser
//! parses in one go (`components::diagram`); between two steps its layers differ in a
//! few attributes and texts (the veil, the playhead, the state chips, the classes of the
//! segment that arrived and the one that leaves), so a step changes those [`changes`]
//! in the elements already there instead of parsing the window again. The browser then
//! lays out and paints what changed, not the whole window.
//!
//! A window whose elements differ in any other way (another range of rows or a zoom that
//! draws other elements, a view that adds or drops some), or in what `setAttribute` would
//! not set as the parser does, is drawn from its markup again.

use wiretrace_diagram::scene::{El, Node};

/// Past this many changes, parsing the window again costs less than changing it.
pub const MAX_CHANGES: usize = 400;

/// One change to an element of the window, found by its path: its index among the
/// window's layers, then among its parent's elements (text nodes not counted), down to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub path: Vec<u32>,
    pub what: What,
}

/// What changes in the element.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// An attribute is set to this value (added or changed).
    Set(&'static str, String),
    /// An attribute is removed.
    Remove(&'static str),
    /// The element's text (it holds text only).
    Text(String),
}

/// What turns the layers `old` (as drawn) into `new`, or `None` when they differ in more
/// than attributes and texts (or in more than [`MAX_CHANGES`]): then the window is
/// drawn again.
pub fn changes(old: &[El], new: &[El]) -> Option<Vec<Change>> {
    if old.len() != new.len() {
        return None;
    }
    let mut out = Vec::new();
    let mut path = Vec::new();
    for (i, (a, b)) in old.iter().zip(new).enumerate() {
        path.push(i as u32);
        element(a, b, &mut path, &mut out)?;
        path.pop();
    }
    Some(out)
}

/// True for what `setAttribute` and `textContent` set as the parser would have: an
/// attribute name without a namespace prefix (`xlink:href`) or capitals (which the parser
/// may change), and a value without a CR or a NUL (which the parser changes).
fn settable_name(name: &str) -> bool {
    !name.contains(':') && !name.bytes().any(|b| b.is_ascii_uppercase())
}

fn settable_value(value: &str) -> bool {
    !value.contains(['\r', '\0'])
}

fn element(a: &El, b: &El, path: &mut Vec<u32>, out: &mut Vec<Change>) -> Option<()> {
    if a.tag != b.tag || a.children.len() != b.children.len() {
        return None;
    }
    for (i, (k, v)) in b.attrs.iter().enumerate() {
        // An attribute given twice: the parser keeps the first.
        if b.attrs[..i].iter().any(|(kb, _)| kb == k) {
            return None;
        }
        if a.attrs.iter().find(|(ka, _)| ka == k).map(|(_, va)| va) != Some(v) {
            if !settable_name(k) || !settable_value(v) {
                return None;
            }
            out.push(Change {
                path: path.clone(),
                what: What::Set(k, v.clone()),
            });
        }
    }
    for (k, _) in &a.attrs {
        if !b.attrs.iter().any(|(kb, _)| kb == k) {
            if !settable_name(k) {
                return None;
            }
            out.push(Change {
                path: path.clone(),
                what: What::Remove(k),
            });
        }
    }
    let text_only =
        |e: &El| !e.children.is_empty() && e.children.iter().all(|c| matches!(c, Node::Text(_)));
    if text_only(a) && text_only(b) {
        let (ta, tb) = (text_of(a), text_of(b));
        if ta != tb {
            if !settable_value(&tb) {
                return None;
            }
            out.push(Change {
                path: path.clone(),
                what: What::Text(tb),
            });
        }
        return (out.len() <= MAX_CHANGES).then_some(());
    }
    let mut index = 0u32;
    for (ca, cb) in a.children.iter().zip(&b.children) {
        match (ca, cb) {
            (Node::El(ea), Node::El(eb)) => {
                path.push(index);
                element(ea, eb, path, out)?;
                path.pop();
                index += 1;
            }
            // Text beside elements: the same, or the window is drawn again.
            (Node::Text(ta), Node::Text(tb)) if ta == tb => {}
            _ => return None,
        }
    }
    (out.len() <= MAX_CHANGES).then_some(())
}

fn text_of(e: &El) -> String {
    e.children
        .iter()
        .filter_map(|c| match c {
            Node::Text(t) => Some(t.as_str()),
            Node::El(_) => None,
        })
        .collect()
}

/// Makes `changes` in the window's layers, the first `layers` element children of
/// `window`. False if an element is not where its path says (the window is then drawn
/// again).
pub fn apply(window: &web_sys::Element, layers: usize, changes: &[Change]) -> bool {
    let top = window.children();
    if (top.length() as usize) < layers {
        return false;
    }
    for c in changes {
        let Some((first, rest)) = c.path.split_first() else {
            return false;
        };
        let mut el = match top.item(*first) {
            Some(e) if (*first as usize) < layers => e,
            _ => return false,
        };
        for &i in rest {
            match el.children().item(i) {
                Some(e) => el = e,
                None => return false,
            }
        }
        let ok = match &c.what {
            What::Set(k, v) => el.set_attribute(k, v).is_ok(),
            What::Remove(k) => el.remove_attribute(k).is_ok(),
            What::Text(t) => {
                el.set_text_content(Some(t));
                true
            }
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Stops the animations running in the window's layers (a segment's line drawing itself,
/// its head appearing): a window drawn again starts without them, and so does a window
/// changed in place. `Element.getAnimations` is called through JS, as `animate` is.
pub fn cancel_animations(window: &web_sys::Element, layers: usize) {
    let opts = crate::files::obj(&[("subtree", wasm_bindgen::JsValue::TRUE)]);
    let top = window.children();
    for i in 0..layers.min(top.length() as usize) {
        let Some(layer) = top.item(i as u32) else {
            continue;
        };
        let Some(list) = crate::dom::call_method(&layer, "getAnimations", &[&opts]) else {
            continue;
        };
        for a in js_sys::Array::from(&list).iter() {
            crate::dom::call_method(&a, "cancel", &[]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiretrace_core::scenario;
    use wiretrace_diagram::scene::{self, Clip, View};
    use wiretrace_diagram::story::Story;
    use wiretrace_diagram::{layout::layout, Options};

    fn g(class: &str) -> El {
        El::new("g").attr("class", class)
    }

    /// Applies `changes` to `layers` as the DOM would be changed.
    fn applied(mut layers: Vec<El>, changes: &[Change]) -> Vec<El> {
        for c in changes {
            let (first, rest) = c.path.split_first().unwrap();
            let mut el = &mut layers[*first as usize];
            for &i in rest {
                el = el
                    .children
                    .iter_mut()
                    .filter_map(|n| match n {
                        Node::El(e) => Some(e),
                        Node::Text(_) => None,
                    })
                    .nth(i as usize)
                    .unwrap();
            }
            match &c.what {
                What::Set(k, v) => match el.attrs.iter_mut().find(|(ka, _)| ka == k) {
                    Some(a) => a.1 = v.clone(),
                    None => el.attrs.push((k, v.clone())),
                },
                What::Remove(k) => el.attrs.retain(|(ka, _)| ka != k),
                What::Text(t) => el.children = vec![Node::Text(t.clone())],
            }
        }
        layers
    }

    /// The same attributes in any order, the same texts (as the DOM compares them).
    fn same(a: &El, b: &El) -> bool {
        let mut x = a.attrs.clone();
        let mut y = b.attrs.clone();
        x.sort();
        y.sort();
        a.tag == b.tag
            && x == y
            && a.children.len() == b.children.len()
            && a.children.iter().zip(&b.children).all(|p| match p {
                (Node::El(c), Node::El(d)) => same(c, d),
                (Node::Text(c), Node::Text(d)) => c == d,
                _ => false,
            })
    }

    #[test]
    fn attributes_and_texts_are_changed_in_place() {
        let old = vec![
            g("a").child(El::new("text").attr("x", "1").text("LISTEN")),
            g("b").attr("data-x", "1"),
        ];
        let new = vec![
            g("a").child(El::new("text").attr("x", "2").text("SYN-RECEIVED")),
            g("c"),
        ];
        let c = changes(&old, &new).unwrap();
        assert_eq!(
            c,
            vec![
                Change {
                    path: vec![0, 0],
                    what: What::Set("x", "2".into())
                },
                Change {
                    path: vec![0, 0],
                    what: What::Text("SYN-RECEIVED".into())
                },
                Change {
                    path: vec![1],
                    what: What::Set("class", "c".into())
                },
                Change {
                    path: vec![1],
                    what: What::Remove("data-x")
                },
            ]
        );
        let after = applied(old, &c);
        assert!(after.iter().zip(&new).all(|(a, b)| same(a, b)));
        assert_eq!(changes(&new, &new), Some(vec![]));
    }

    #[test]
    fn other_elements_draw_the_window_again() {
        let one = vec![g("a").child(El::new("path"))];
        assert_eq!(changes(&one, &[]), None, "a layer more or less");
        let two = vec![g("a").child(El::new("path")).child(El::new("path"))];
        assert_eq!(changes(&one, &two), None, "an element more");
        let other = vec![g("a").child(El::new("rect"))];
        assert_eq!(changes(&one, &other), None, "another element");
        let texted = vec![g("a").child(El::new("path")).text("x")];
        let retexted = vec![g("a").child(El::new("path")).text("y")];
        assert_eq!(changes(&texted, &retexted), None, "text beside elements");
        let many_old: Vec<El> = (0..MAX_CHANGES + 1).map(|_| g("a")).collect();
        let many_new: Vec<El> = (0..MAX_CHANGES + 1).map(|_| g("b")).collect();
        assert_eq!(changes(&many_old, &many_new), None, "too many changes");
        let linked = vec![g("a").attr("xlink:href", "#x")];
        let relinked = vec![g("a").attr("xlink:href", "#y")];
        assert_eq!(changes(&linked, &relinked), None, "a namespaced attribute");
        let boxed = vec![g("a").attr("viewBox", "0 0 1 1")];
        let reboxed = vec![g("a").attr("viewBox", "0 0 2 2")];
        assert_eq!(changes(&boxed, &reboxed), None, "a name with capitals");
        let twice = vec![g("a").attr("x", "1").attr("x", "2")];
        assert_eq!(changes(&[g("a")], &twice), None, "an attribute given twice");
        let texts = vec![El::new("text").text("a")];
        let cr = vec![El::new("text").text("a\r\nb")];
        assert_eq!(changes(&texts, &cr), None, "a CR, which the parser drops");
        let fewer: Vec<El> = (0..MAX_CHANGES).map(|_| g("b")).collect();
        assert!(changes(&many_old[..MAX_CHANGES], &fewer).is_some());
    }

    /// The window of a real run, step after step, back and forth: the changes turn each
    /// step's layers into the next one's, and a step changes only a few things.
    #[test]
    fn steps_of_a_run_change_a_few_attributes() {
        let t = scenario::run_with("big-response", &[("body_bytes", "200000")]).unwrap();
        let l = layout(&t, &Options::default());
        let story = Story::new(&t);
        let clip = Clip::rows(0.0, 1200.0);
        let layers = |shown: usize| -> Vec<El> {
            let view = View {
                shown,
                timers: true,
                travel: true,
                playhead: true,
                hide_future: false,
            };
            scene::body_parts(&t, &l, &story, &view, &clip)
                .layers()
                .collect()
        };
        let mut patched = 0;
        for (from, to) in [
            (0, 1),
            (1, 2),
            (5, 6),
            (6, 7),
            (12, 13),
            (13, 12),
            (7, 5),
            (9, 9),
        ] {
            let (a, b) = (layers(from), layers(to));
            if let Some(c) = changes(&a, &b) {
                assert!(c.len() <= 40, "{from} -> {to}: {} changes", c.len());
                let after = applied(a, &c);
                assert!(
                    after.iter().zip(&b).all(|(x, y)| same(x, y)),
                    "{from} -> {to}"
                );
                patched += 1;
            }
        }
        assert!(patched >= 6, "only {patched} steps changed in place");
    }
}
