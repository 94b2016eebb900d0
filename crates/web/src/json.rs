//! A Trace as JSON text on the page, through serde-wasm-bindgen and the browser's own
//! `JSON`. Reading a Trace JSON file is the file worker's job (serde_json, with progress).

use serde::Serialize;
use wasm_bindgen::JsValue;
use wiretrace_core::i18n::Lang;
use wiretrace_core::Trace;

use crate::ui::{t, T};

/// The Trace as JSON text (indented when `pretty`); a failure is told in `lang`.
pub fn to_json(trace: &Trace, pretty: bool, lang: Lang) -> Result<String, String> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let value = trace.serialize(&ser).map_err(|e| e.to_string())?;
    let text = if pretty {
        js_sys::JSON::stringify_with_replacer_and_space(
            &value,
            &JsValue::NULL,
            &JsValue::from_f64(2.0),
        )
    } else {
        js_sys::JSON::stringify(&value)
    };
    text.ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| t(lang, T::JsonUnwritable).to_owned())
}
