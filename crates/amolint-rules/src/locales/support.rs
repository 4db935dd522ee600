//! What the locale rules share: which locale files a widget lists and ships, loading one as an
//! object, resolving a dotted i18n key in it, and telling an i18n key from plain text.
//!
//! Lookups only: nothing here reports. A file that is missing, not valid JSON or not an object
//! is simply not loaded, because I18N001, ENC003 and I18N010 own those defects: one defect, one
//! finding (decision 8 in `docs/decisions.md`).

use amolint_core::format::locales;
use amolint_core::json::{Node, Value, pointer_push};
use amolint_core::manifest::{Located, Manifest};
use amolint_core::platform::Platform;
use amolint_core::source::EntryKind;
use amolint_core::suggest::nearest;
use amolint_core::text::Span;
use amolint_core::widget::{JsonFile, Widget};
use std::collections::HashSet;
use std::rc::Rc;

/// `en` → `i18n/en.json`.
pub fn locale_path(code: &str) -> String {
    format!("i18n/{code}.json")
}

/// The string entries of `widget.locale`, each code once (its first occurrence): a repeated
/// code is MAN010's, and one defect gets one finding.
pub fn listed_locales(manifest: &Manifest) -> Vec<(usize, Located<'_>)> {
    let mut seen: HashSet<&str> = HashSet::new();
    manifest
        .locales()
        .into_iter()
        .filter(|(_, l)| seen.insert(l.value))
        .collect()
}

/// `en, es` for messages; a hostile list is cut short so that messages stay small.
pub fn code_list(codes: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut list = codes
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if codes.len() > SHOWN {
        list.push_str(", …");
    }
    list
}

/// The platform's locale code that an unsupported `code` most likely means: `es` for `es_ES`,
/// `pt-BR` or `ES`, or a close spelling. `None` for a supported code or no plausible one.
pub fn suggested_locale(code: &str, platform: Platform) -> Option<&'static str> {
    let allowed = locales(platform);
    if allowed.contains(&code) {
        return None;
    }
    let base = code
        .split(['_', '-'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase();
    allowed
        .iter()
        .copied()
        .find(|a| *a == base)
        .or_else(|| nearest(code, allowed.iter().copied()))
}

/// True when the listed `code` is an unsupported spelling of a locale whose file the widget
/// ships (`es_ES` listed, `i18n/es.json` shipped): one mistake, which I18N003 reports alone.
pub fn misspelled_with_file(widget: &Widget<'_>, code: &str, platform: Platform) -> bool {
    suggested_locale(code, platform).is_some_and(|s| widget.has_file(&locale_path(s)))
}

/// Every regular file directly in `i18n/` whose name ends in `.json`, as (code, path), in path
/// order.
pub fn shipped_locale_files(widget: &Widget<'_>) -> Vec<(String, String)> {
    widget
        .files()
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter_map(|e| {
            let name = e.path.strip_prefix("i18n/")?;
            let code = name.strip_suffix(".json")?;
            (!name.contains('/')).then(|| (code.to_string(), e.path.clone()))
        })
        .collect()
}

/// A locale file that exists, parsed, and whose root is an object.
pub struct LocaleFile {
    pub code: String,
    pub path: String,
    file: Rc<JsonFile>,
}

static EMPTY_OBJECT: Node = Node {
    value: Value::Object(Vec::new()),
    span: Span::new(0, 0),
};

impl LocaleFile {
    pub fn load(widget: &Widget<'_>, code: &str) -> Option<LocaleFile> {
        let path = locale_path(code);
        let file = widget.json(&path).ok()?;
        file.root()?.as_object()?;
        Some(LocaleFile {
            code: code.to_string(),
            path,
            file,
        })
    }

    /// The root object.
    pub fn root(&self) -> &Node {
        // `load` only builds a LocaleFile whose root is an object.
        self.file.root().unwrap_or(&EMPTY_OBJECT)
    }

    /// The file's text, for spans inside string values.
    pub fn text(&self) -> &str {
        &self.file.text.text
    }
}

/// Where a finding about a whole value points: the opening bracket of an array or object (a
/// span over the whole file would quote all of it), the value itself otherwise.
pub fn head(node: &Node) -> Span {
    match node.value {
        Value::Array(_) | Value::Object(_) => Span::new(node.span.start, node.span.start + 1),
        _ => node.span,
    }
}

/// The listed locales whose files load as objects, each code once, in `widget.locale` order.
pub fn listed_files(widget: &Widget<'_>, manifest: &Manifest) -> Vec<LocaleFile> {
    listed_locales(manifest)
        .iter()
        .filter_map(|(_, l)| LocaleFile::load(widget, l.value))
        .collect()
}

/// True when `value` can be an i18n key: not empty, ASCII, no whitespace or control characters.
/// Anything else is text a human wrote for humans (I18N007), which no locale file is searched for.
pub fn is_i18n_key(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_graphic())
}

/// What a dotted key leads to in a locale file.
pub enum Resolved<'a> {
    /// A string: its node and its pointer in the locale file.
    Text(&'a Node, String),
    /// Something other than a string (an object, a number, …).
    NotText(&'a Node),
    /// The path breaks off: the first `depth` segments resolved to `at` (the root when 0), and
    /// the next segment is not a member of it (or `at` is not an object).
    Missing { depth: usize, at: &'a Node },
}

/// Follows `widget.name` as `root["widget"]["name"]`, the way the platform reads a key.
pub fn resolve<'a>(root: &'a Node, key: &str) -> Resolved<'a> {
    let mut node = root;
    let mut pointer = String::new();
    for (depth, segment) in key.split('.').enumerate() {
        match node.get(segment) {
            Some(next) => {
                node = next;
                pointer = pointer_push(&pointer, segment);
            }
            None => return Resolved::Missing { depth, at: node },
        }
    }
    match node.as_str() {
        Some(_) => Resolved::Text(node, pointer),
        None => Resolved::NotText(node),
    }
}

/// The JSON shape `"a": {"b": "…"}` that would hold `segments`, for help texts.
pub fn nested_shape(segments: &[&str]) -> String {
    let mut shape = "\"…\"".to_string();
    for segment in segments.iter().rev() {
        shape = format!("{{\"{segment}\": {shape}}}");
    }
    // The outermost braces belong to the object the shape is added to.
    shape
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .map(str::to_string)
        .unwrap_or(shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_plain_text() {
        assert!(is_i18n_key("widget.name"));
        assert!(is_i18n_key("settings.api-key_2"));
        assert!(!is_i18n_key(""));
        assert!(!is_i18n_key("My widget"));
        assert!(!is_i18n_key("Виджет"));
        assert!(!is_i18n_key("widget.name "));
    }

    #[test]
    fn shapes_for_help() {
        assert_eq!(nested_shape(&["login"]), "\"login\": \"…\"");
        assert_eq!(
            nested_shape(&["settings", "login"]),
            "\"settings\": {\"login\": \"…\"}"
        );
    }
}
