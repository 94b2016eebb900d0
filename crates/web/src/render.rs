//! The diagram crate's SVG scene -> Yew nodes: the page draws exactly the figure the
//! exporters write.

use wiretrace_diagram::scene::{El, Node};
use yew::virtual_dom::{Key, VNode, VTag, VText};

/// Converts a scene element (and its children) into a Yew node.
pub fn to_vnode(el: &El) -> VNode {
    VNode::VTag(std::rc::Rc::new(to_vtag(el)))
}

/// Converts a scene element into a Yew tag, so the caller can add children of its own.
pub fn to_vtag(el: &El) -> VTag {
    let mut tag = VTag::new(el.tag);
    for (k, v) in &el.attrs {
        tag.add_attribute(k, v.clone());
    }
    if let Some(key) = &el.key {
        tag.key = Some(Key::from(key.as_str()));
    }
    for child in &el.children {
        tag.add_child(match child {
            Node::El(e) => to_vnode(e),
            Node::Text(t) => VNode::VText(VText::new(t.clone())),
        });
    }
    tag
}
