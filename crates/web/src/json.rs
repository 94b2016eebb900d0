//! Trace <-> JSON text on the page, through the browser's own `JSON` and
//! serde-wasm-bindgen: the page's first load carries no JSON parser of its own (the file
//! worker, which needs one anyway, uses serde_json).

use serde::Serialize;
use wasm_bindgen::JsValue;
use wiretrace_core::i18n::Lang;
use wiretrace_core::Trace;

use crate::ui::{t, tf, T};

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

/// A Trace from JSON text; the message (in `lang`) names what was wrong.
pub fn from_json(text: &str, lang: Lang) -> Result<Trace, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| {
        let detail = js_sys::Error::from(e)
            .message()
            .as_string()
            .unwrap_or_default();
        tf(lang, T::NotJson, &[("detail", &detail)])
    })?;
    serde_wasm_bindgen::from_value::<Trace>(value)
        .map_err(|e| tf(lang, T::NotATrace, &[("detail", &e.to_string())]))
}
