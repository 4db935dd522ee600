//! Lookups on the parsed tree and its conversion to `serde_json::Value`.

use std::borrow::Cow;

use super::{Member, Node, Number, Value};

impl Node {
    /// The value of member `key` of an object. A repeated key resolves to its last occurrence,
    /// because that is what PHP's `json_decode` keeps and so what the widget will actually see.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// Like [`Node::get`], but the whole member, for its key span.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| m.key == key)
    }

    /// The members of an object as PHP's `json_decode` keeps them: each key once, with the value
    /// of its last occurrence, in source order. Empty for anything but an object. Linear, so that
    /// an object with many repeated keys cannot make a rule quadratic.
    pub fn distinct_members(&self) -> Vec<&Member> {
        let Some(members) = self.as_object() else {
            return Vec::new();
        };
        let mut last: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(members.len());
        for (i, m) in members.iter().enumerate() {
            last.insert(m.key.as_str(), i);
        }
        members
            .iter()
            .enumerate()
            .filter(|(i, m)| last.get(m.key.as_str()) == Some(i))
            .map(|(_, m)| m)
            .collect()
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&Number> {
        match &self.value {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The JSON type's name as messages spell it.
    pub fn type_name(&self) -> &'static str {
        self.value.type_name()
    }

    /// The value as a message names it: `the string "Y"`, `the number 1`, `an array`; a long
    /// string is cut at 40 characters. The manifest and integration rules name a wrong value so.
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "null".to_string(),
            Value::Bool(b) => format!("the boolean {b}"),
            Value::Number(n) => format!("the number {}", n.raw),
            Value::String(s) => {
                let short: String = s.chars().take(40).collect();
                let more = if short.len() < s.len() { "…" } else { "" };
                format!("the string \"{short}{more}\"")
            }
            Value::Array(items) if items.is_empty() => "an empty array".to_string(),
            Value::Array(_) => "an array".to_string(),
            Value::Object(_) => "an object".to_string(),
        }
    }

    /// The node at RFC 6901 pointer `ptr` below this one (`""` is this node). Object steps follow
    /// [`Node::get`], so a repeated key resolves to its last occurrence; array steps accept only
    /// canonical indices (`0`, `12`, not `01` or `-`).
    pub fn pointer(&self, ptr: &str) -> Option<&Node> {
        if ptr.is_empty() {
            return Some(self);
        }
        let rest = ptr.strip_prefix('/')?;
        let mut node = self;
        for raw in rest.split('/') {
            let token = unescape_token(raw)?;
            node = match &node.value {
                Value::Object(_) => node.get(&token)?,
                Value::Array(items) => items.get(parse_index(&token)?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The same value as serde_json would build from the text: repeated keys keep the last
    /// value, numbers follow serde_json's own integer/float choice.
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => n.to_serde(),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_serde).collect())
            }
            Value::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members {
                    map.insert(m.key.clone(), m.value.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

impl Number {
    /// The value as a float; `None` when it overflows to infinity (e.g. `1e400`), which JSON
    /// allows syntactically but no rule can meaningfully compare.
    pub fn as_f64(&self) -> Option<f64> {
        self.raw.parse::<f64>().ok().filter(|f| f.is_finite())
    }

    /// The value as an integer, only when written without fraction or exponent (`2`, not `2.0`
    /// or `2e0`) and within `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.raw.parse().ok()
        } else {
            None
        }
    }

    /// Like [`Number::as_i64`], for values above `i64::MAX`.
    pub fn as_u64(&self) -> Option<u64> {
        if self.is_integer() {
            self.raw.parse().ok()
        } else {
            None
        }
    }

    /// Written without fraction or exponent.
    pub fn is_integer(&self) -> bool {
        !self.raw.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }

    fn to_serde(&self) -> serde_json::Value {
        // Mirrors serde_json's parser so that round-trips compare equal: non-negative integers
        // are u64, negative ones i64, `-0` and out-of-range integers become floats.
        if self.is_integer() {
            if self.raw.starts_with('-') {
                if let Ok(i) = self.raw.parse::<i64>()
                    && i != 0
                {
                    return i.into();
                }
            } else if let Ok(u) = self.raw.parse::<u64>() {
                return u.into();
            }
        }
        self.raw
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// `base` extended by one reference token, escaped per RFC 6901 (`~` as `~0`, `/` as `~1`).
pub fn pointer_push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    push_token(&mut out, token);
    out
}

/// The parent of RFC 6901 pointer `ptr` and its last reference token, unescaped:
/// `/widget/a~1b` → (`/widget`, `a/b`). `None` for the root (`""`), which has no parent, and for
/// an invalid pointer.
pub fn pointer_parent(ptr: &str) -> Option<(&str, String)> {
    let at = ptr.rfind('/')?;
    if !ptr.starts_with('/') {
        return None;
    }
    let token = unescape_token(&ptr[at + 1..])?;
    Some((&ptr[..at], token.into_owned()))
}

/// Appends `/` and the escaped `token` to `out`.
pub(super) fn push_token(out: &mut String, token: &str) {
    out.push('/');
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Decodes one reference token; `None` for a `~` not followed by `0` or `1`, which RFC 6901
/// makes an invalid pointer rather than a literal tilde.
fn unescape_token(raw: &str) -> Option<Cow<'_, str>> {
    if !raw.contains('~') {
        return Some(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(Cow::Owned(out))
}

fn parse_index(token: &str) -> Option<usize> {
    let canonical = token == "0"
        || (!token.is_empty()
            && !token.starts_with('0')
            && token.bytes().all(|b| b.is_ascii_digit()));
    if canonical { token.parse().ok() } else { None }
}
