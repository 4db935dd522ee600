//! Completion inside `manifest.json`: the known location entries in `locations`, the settings
//! field types after `"type":` in a field of `settings` or `dp.settings`, the locale codes in
//! `widget.locale`, and the known keys of `widget`, of the top level and of each block.
//!
//! Owns finding where the cursor is in a manifest that is being typed (and so is often not valid
//! JSON): a small scanner follows strings, objects and arrays up to the cursor. Every proposal
//! comes from the tables the rules judge by ([`amolint_rules::manifest::tables`] and
//! [`amolint_core::format`]), never from a list of its own.

use crate::documents::relative;
use crate::position::LineMap;
use crate::server::Session;
use crate::uri;
use amolint_core::format::{Area, FIELD_KEYS, FIELD_TYPES, locales, split_location};
use amolint_core::manifest::MANIFEST_FILE;
use amolint_core::platform::Platform;
use amolint_rules::manifest::tables;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Range, TextEdit,
};
use std::sync::Arc;

pub fn complete(session: &Session, params: CompletionParams) -> Option<CompletionResponse> {
    let at = params.text_document_position.position;
    let path = uri::to_path(params.text_document_position.text_document.uri.as_str())?;
    let docs = session.shared.docs.lock().ok()?;
    let root = docs.widget_of(&path)?;
    if relative(&root, &path).as_deref() != Some(MANIFEST_FILE) {
        return None;
    }
    let map = LineMap::new(Arc::clone(&docs.get(&path)?.text));
    drop(docs);
    let encoding = session.shared.encoding;
    let offset = map.offset_of(at, encoding);
    let text = map.text();
    let place = locate(text, offset);
    let proposals = proposals(&place);
    if proposals.is_empty() {
        return None;
    }
    // The typed part (an open string, or a bare word) and a closing quote right after the
    // cursor are replaced by the quoted proposal.
    let mut end = offset;
    if place.in_string && text[offset..].starts_with('"') {
        end += 1;
    }
    let range = Range::new(
        map.position_of_offset(place.start, encoding),
        map.position_of_offset(end, encoding),
    );
    let items = proposals
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let quoted = format!("\"{}\"", p.label);
            CompletionItem {
                label: p.label,
                kind: Some(p.kind),
                detail: Some(p.detail),
                // Clients filter by what is typed, opening quote included.
                filter_text: Some(quoted.clone()),
                sort_text: Some(format!("{i:04}")),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, quoted))),
                ..CompletionItem::default()
            }
        })
        .collect();
    Some(CompletionResponse::Array(items))
}

/// Where the cursor is in the manifest's structure.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// Keys (and `[]` for array items) from the root to the innermost container.
    pub path: Vec<String>,
    /// The cursor is where a key goes (else where a value goes).
    pub key: bool,
    /// For a value of an object: its key.
    pub value_of: Option<String>,
    /// The keys already written in the innermost object.
    pub seen: Vec<String>,
    /// The cursor is inside a string that starts at `start`.
    pub in_string: bool,
    /// Where the typed part starts.
    pub start: usize,
}

enum Frame {
    Object {
        key: Option<String>,
        after_colon: bool,
        seen: Vec<String>,
    },
    Array,
}

/// Where `offset` is in `text`, read as far as it as JSON with comments.
pub fn locate(text: &str, offset: usize) -> Place {
    let head = &text[..offset.min(text.len())];
    let bytes = head.as_bytes();
    let mut stack: Vec<(String, Frame)> = Vec::new();
    let mut i = 0;
    let mut word_start = None;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                let start = i;
                let (content, end, closed) = string_at(head, i);
                if !closed {
                    return place(&stack, true, start);
                }
                if let Some((
                    _,
                    Frame::Object {
                        key,
                        after_colon,
                        seen,
                    },
                )) = stack.last_mut()
                    && !*after_colon
                {
                    seen.push(content.clone());
                    *key = Some(content);
                }
                i = end;
                word_start = None;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = head[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = head[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                continue;
            }
            b':' => {
                if let Some((_, Frame::Object { after_colon, .. })) = stack.last_mut() {
                    *after_colon = true;
                }
            }
            b',' => {
                if let Some((
                    _,
                    Frame::Object {
                        key, after_colon, ..
                    },
                )) = stack.last_mut()
                {
                    *key = None;
                    *after_colon = false;
                }
            }
            b'{' | b'[' => {
                let name = match stack.last() {
                    Some((_, Frame::Object { key: Some(key), .. })) => key.clone(),
                    Some((_, Frame::Array)) => "[]".to_string(),
                    _ => String::new(),
                };
                let frame = if b == b'{' {
                    Frame::Object {
                        key: None,
                        after_colon: false,
                        seen: Vec::new(),
                    }
                } else {
                    Frame::Array
                };
                stack.push((name, frame));
            }
            b'}' | b']' => {
                stack.pop();
            }
            _ => {}
        }
        word_start = if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            word_start.or(Some(i))
        } else {
            None
        };
        i += 1;
    }
    place(&stack, false, word_start.unwrap_or(head.len()))
}

fn place(stack: &[(String, Frame)], in_string: bool, start: usize) -> Place {
    let path = stack.iter().skip(1).map(|(name, _)| name.clone()).collect();
    match stack.last() {
        Some((
            _,
            Frame::Object {
                key,
                after_colon,
                seen,
            },
        )) => Place {
            path,
            key: !after_colon,
            value_of: if *after_colon { key.clone() } else { None },
            seen: seen.clone(),
            in_string,
            start,
        },
        _ => Place {
            path,
            in_string,
            start,
            ..Place::default()
        },
    }
}

/// The string starting at the quote at `start`: its content (escapes kept as written, which
/// no key of the manifest has), where it ends, and whether it is closed before the end.
fn string_at(text: &str, start: usize) -> (String, usize, bool) {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return (text[start + 1..i].to_string(), i + 1, true),
            b'\n' => return (String::new(), i, false),
            _ => i += 1,
        }
    }
    (String::new(), bytes.len(), false)
}

struct Proposal {
    label: String,
    kind: CompletionItemKind,
    detail: String,
}

fn proposals(place: &Place) -> Vec<Proposal> {
    let path: Vec<&str> = place.path.iter().map(String::as_str).collect();
    if place.key {
        return keys(&path)
            .into_iter()
            .filter(|k| !place.seen.iter().any(|s| s == k))
            .map(|k| Proposal {
                label: k.to_string(),
                kind: CompletionItemKind::PROPERTY,
                detail: if path.is_empty() {
                    "manifest key".to_string()
                } else {
                    format!("key of `{}`", path.join("."))
                },
            })
            .collect();
    }
    match (path.as_slice(), place.value_of.as_deref()) {
        (["locations"], None) => tables::valid_entries()
            .into_iter()
            .map(|entry| {
                let area = Area::find(split_location(&entry).0).or_else(|| Area::find(&entry));
                Proposal {
                    detail: area.map_or_else(String::new, area_detail),
                    label: entry,
                    kind: CompletionItemKind::ENUM_MEMBER,
                }
            })
            .collect(),
        (["settings", _] | ["dp", "settings", _], Some("type")) => FIELD_TYPES
            .iter()
            .map(|t| Proposal {
                label: t.to_string(),
                kind: CompletionItemKind::ENUM_MEMBER,
                detail: "settings field type".to_string(),
            })
            .collect(),
        (["widget", "locale"], None) => crate::schema::locale_codes()
            .into_iter()
            .map(|code| Proposal {
                label: code.to_string(),
                kind: CompletionItemKind::VALUE,
                detail: locale_detail(code),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The known keys of the object at `path`.
fn keys(path: &[&str]) -> Vec<&'static str> {
    if let ["settings", _] | ["dp", "settings", _] = path {
        return FIELD_KEYS.to_vec();
    }
    tables::levels()
        .into_iter()
        .find(|level| level.path == path)
        .map(|level| level.keys.to_vec())
        .unwrap_or_default()
}

fn area_detail(area: &Area) -> String {
    let on = match (area.amocrm, area.kommo) {
        (true, true) => "amoCRM and Kommo",
        (true, false) => "amoCRM only",
        (false, true) => "Kommo only",
        (false, false) => "no platform",
    };
    format!("connection area ({on})")
}

fn locale_detail(code: &str) -> String {
    let on = |p| locales(p).contains(&code);
    match (on(Platform::Amocrm), on(Platform::Kommo)) {
        (true, true) => "locale (amoCRM and Kommo)",
        (true, false) => "locale (amoCRM only)",
        _ => "locale (Kommo only)",
    }
    .to_string()
}

/// Every area, so that a test can see the proposals cover them.
#[cfg(test)]
fn areas() -> impl Iterator<Item = &'static str> {
    amolint_core::format::AREAS.iter().map(|a| a.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_cursor(text: &str) -> Place {
        let offset = text.find('|').unwrap();
        locate(&text.replace('|', ""), offset)
    }

    fn labels(text: &str) -> Vec<String> {
        proposals(&at_cursor(text))
            .into_iter()
            .map(|p| p.label)
            .collect()
    }

    #[test]
    fn locations_propose_every_known_entry() {
        let got = labels("{\n  \"widget\": {},\n  \"locations\": [|");
        assert!(got.contains(&"lcard-1".to_string()), "{got:?}");
        for area in areas() {
            assert!(got.iter().any(|l| l == area), "{area}");
        }
        assert_eq!(labels("{\"locations\": [\"lcard-1\", \"lc|"), got);
        let place = at_cursor("{\"locations\": [\"lcard-1\", \"lc|");
        assert!(place.in_string);
        assert_eq!(place.start, "{\"locations\": [\"lcard-1\", ".len());
        assert!(labels("{\"locations\": [\"a\"], \"tour\": {\"x\": [|").is_empty());
    }

    #[test]
    fn types_after_type_in_a_settings_field() {
        let types: Vec<String> = FIELD_TYPES.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            labels("{\"settings\": {\"login\": {\"name\": \"x\", \"type\": |"),
            types
        );
        assert_eq!(
            labels("{\"dp\": {\"settings\": {\"a\": {\"type\": \"t|"),
            types
        );
        assert!(labels("{\"widget\": {\"type\": |").is_empty());
    }

    #[test]
    fn keys_of_widget_and_of_the_top_level() {
        let got = labels("{\n  \"widget\": {\n    \"name\": \"widget.name\",\n    |");
        assert!(got.contains(&"interface_version".to_string()), "{got:?}");
        assert!(
            !got.contains(&"name".to_string()),
            "already written: {got:?}"
        );
        let top = labels("{\"widget\": {\"name\": \"a\"}, |");
        assert!(top.contains(&"locations".to_string()) && !top.contains(&"widget".to_string()));
        assert_eq!(labels("{\"widget\": {\"support\": {|"), ["link", "email"]);
        assert!(labels("{\"settings\": {\"login\": {|").contains(&"type".to_string()));
    }

    #[test]
    fn strings_comments_and_nesting_are_followed() {
        // A `[` inside a string and in a comment opens nothing.
        let got = labels("{\"widget\": {\"name\": \"[\"}, /* [ */ // [\n \"locations\": [|");
        assert!(got.contains(&"settings".to_string()), "{got:?}");
        assert!(labels("{\"widget\": {\"locale\": [\"e|").contains(&"en".to_string()));
    }
}
