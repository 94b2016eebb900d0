//! Checked parameters: text from a command line or a share link, parsed against a
//! scenario's [`ParamSpec`](super::ParamSpec)s, with every value used recorded for the Trace.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::SocketAddr;

use super::{ParamKind, ScenarioError, ScenarioInfo};
use crate::net::Limits;
use crate::trace::{Msg, ParamValue};

/// A parsed value.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Int(i64),
    Float(f64),
    Bool(bool),
    Addr(SocketAddr),
    Ids(Vec<u32>),
    Word(&'static str),
    /// No default: the scenario draws it from the seed.
    Unset,
}

/// The parameters of one run, checked.
#[derive(Clone, Debug)]
pub struct Params {
    scenario: &'static str,
    values: BTreeMap<&'static str, Value>,
    resolved: BTreeMap<String, ParamValue>,
    /// How far each of the run's worlds may go.
    limits: Limits,
}

/// What a kind accepts, as a message (for error messages).
pub fn expected(kind: &ParamKind) -> Msg {
    match kind {
        ParamKind::Int { min, max } => Msg::of(
            "error.expected.int",
            &[("min", min.to_string()), ("max", max.to_string())],
        ),
        ParamKind::Float { min, max } => Msg::of(
            "error.expected.number",
            &[("min", min.to_string()), ("max", max.to_string())],
        ),
        ParamKind::Bool => Msg::of("error.expected.bool", &[]),
        ParamKind::SocketAddr => Msg::of("error.expected.addr", &[]),
        ParamKind::IdList => Msg::of("error.expected.ids", &[]),
        ParamKind::Choice(words) => {
            Msg::of("error.expected.choice", &[("words", words.join(", "))])
        }
    }
}

fn parse_value(kind: &ParamKind, text: &str) -> Option<Value> {
    match *kind {
        ParamKind::Int { min, max } => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let v: i64 = text.parse().ok()?;
            (min..=max).contains(&v).then_some(Value::Int(v))
        }
        ParamKind::Float { min, max } => {
            let ok_chars = text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'e' | b'E' | b'+'));
            if text.is_empty() || !ok_chars {
                return None;
            }
            let v: f64 = text.parse().ok()?;
            (v.is_finite() && v >= min && v <= max).then_some(Value::Float(v))
        }
        ParamKind::Bool => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        ParamKind::SocketAddr => {
            let a: SocketAddr = text.parse().ok()?;
            (a.port() != 0).then_some(Value::Addr(a))
        }
        ParamKind::IdList => {
            if text.is_empty() {
                return Some(Value::Ids(Vec::new()));
            }
            let mut ids = Vec::new();
            for part in text.split(',') {
                if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                ids.push(part.parse::<u32>().ok()?);
            }
            Some(Value::Ids(ids))
        }
        ParamKind::Choice(words) => words.iter().find(|w| **w == text).map(|w| Value::Word(w)),
    }
}

/// A value shortened for an error message (a pasted megabyte must not become the message).
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

impl Params {
    /// Checks `overrides` against the scenario's parameters and fills in the defaults.
    pub fn parse(
        info: &ScenarioInfo,
        overrides: &[(String, String)],
    ) -> Result<Params, ScenarioError> {
        let mut values = BTreeMap::new();
        for spec in info.params {
            let v = match spec.default {
                Some(d) => parse_value(&spec.kind, d).ok_or_else(|| {
                    ScenarioError::Conflict(Msg::of(
                        "error.param.default",
                        &[
                            ("scenario", String::from(info.id)),
                            ("default", String::from(d)),
                            ("key", String::from(spec.key)),
                            (
                                "expected",
                                crate::i18n::render(crate::i18n::Lang::En, &expected(&spec.kind)),
                            ),
                        ],
                    ))
                })?,
                None => Value::Unset,
            };
            values.insert(spec.key, v);
        }
        for (key, text) in overrides {
            let Some(spec) = info.params.iter().find(|p| p.key == key) else {
                return Err(ScenarioError::UnknownParam {
                    scenario: String::from(info.id),
                    key: shorten(key),
                });
            };
            let v = parse_value(&spec.kind, text).ok_or_else(|| ScenarioError::BadValue {
                key: String::from(spec.key),
                value: shorten(text),
                expected: expected(&spec.kind),
            })?;
            values.insert(spec.key, v);
        }
        let mut p = Params {
            scenario: info.id,
            values,
            resolved: BTreeMap::new(),
            limits: Limits::default(),
        };
        let keys: Vec<&'static str> = p.values.keys().copied().collect();
        for k in keys {
            let rv = match &p.values[k] {
                Value::Int(i) => Some(ParamValue::Int(*i)),
                Value::Float(f) => Some(ParamValue::Float(*f)),
                Value::Bool(b) => Some(ParamValue::Bool(*b)),
                Value::Addr(a) => Some(ParamValue::Text(a.to_string())),
                Value::Ids(ids) => Some(ParamValue::Text(
                    ids.iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                )),
                Value::Word(w) => Some(ParamValue::Text(String::from(*w))),
                Value::Unset => None,
            };
            if let Some(rv) = rv {
                p.resolved.insert(String::from(k), rv);
            }
        }
        Ok(p)
    }

    /// The scenario id.
    pub fn scenario(&self) -> &'static str {
        self.scenario
    }

    /// How far the run may go.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Sets how far the run may go.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// True when the scenario lists this parameter (a UDP scenario lists no TCP knobs).
    pub fn declares(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    fn get(&self, key: &str) -> Result<&Value, ScenarioError> {
        self.values
            .get(key)
            .ok_or_else(|| ScenarioError::UnknownParam {
                scenario: String::from(self.scenario),
                key: String::from(key),
            })
    }

    fn wrong(&self, key: &str) -> ScenarioError {
        ScenarioError::Conflict(Msg::of(
            "error.param.wrong_type",
            &[
                ("scenario", String::from(self.scenario)),
                ("key", String::from(key)),
            ],
        ))
    }

    /// An integer parameter.
    pub fn int(&self, key: &str) -> Result<i64, ScenarioError> {
        match self.get(key)? {
            Value::Int(i) => Ok(*i),
            _ => Err(self.wrong(key)),
        }
    }

    /// A non-negative integer parameter as `u64`.
    pub fn u64(&self, key: &str) -> Result<u64, ScenarioError> {
        let i = self.int(key)?;
        u64::try_from(i).map_err(|_| self.wrong(key))
    }

    /// Milliseconds parameter as microseconds.
    pub fn ms_as_us(&self, key: &str) -> Result<u64, ScenarioError> {
        Ok(self.u64(key)?.saturating_mul(1000))
    }

    /// A number parameter.
    pub fn float(&self, key: &str) -> Result<f64, ScenarioError> {
        match self.get(key)? {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            _ => Err(self.wrong(key)),
        }
    }

    /// A boolean parameter.
    pub fn bool(&self, key: &str) -> Result<bool, ScenarioError> {
        match self.get(key)? {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.wrong(key)),
        }
    }

    /// An address parameter.
    pub fn addr(&self, key: &str) -> Result<SocketAddr, ScenarioError> {
        match self.get(key)? {
            Value::Addr(a) => Ok(*a),
            _ => Err(self.wrong(key)),
        }
    }

    /// A list of segment ids.
    pub fn ids(&self, key: &str) -> Result<Vec<u32>, ScenarioError> {
        match self.get(key)? {
            Value::Ids(v) => Ok(v.clone()),
            _ => Err(self.wrong(key)),
        }
    }

    /// A choice parameter.
    pub fn choice(&self, key: &str) -> Result<&'static str, ScenarioError> {
        match self.get(key)? {
            Value::Word(w) => Ok(w),
            _ => Err(self.wrong(key)),
        }
    }

    /// A `u32` parameter that may be unset (no default): then `draw` is used. The value used
    /// is recorded either way, so the Trace shows the ISNs a run really had.
    pub fn u32_or(&mut self, key: &str, draw: u32) -> Result<u32, ScenarioError> {
        let v = match self.get(key)? {
            Value::Int(i) => u32::try_from(*i).map_err(|_| self.wrong(key))?,
            Value::Unset => draw,
            _ => return Err(self.wrong(key)),
        };
        self.resolved
            .insert(String::from(key), ParamValue::Int(i64::from(v)));
        Ok(v)
    }

    /// Records a value the scenario derived (shown in the Trace's `params`).
    pub fn record(&mut self, key: &str, value: ParamValue) {
        self.resolved.insert(String::from(key), value);
    }

    /// Every parameter with the value used.
    pub fn resolved(&self) -> &BTreeMap<String, ParamValue> {
        &self.resolved
    }
}
