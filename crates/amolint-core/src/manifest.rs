//! A read-only view of `manifest.json` for the rules: the root object, the `widget` block, the
//! locations, the locales and the settings fields, each with the JSON pointer a finding needs.
//!
//! Navigation only: it never reports anything. A value of the wrong type is simply absent from
//! these views; MAN001/MAN003 are the rules that say so.

use crate::json::{Node, pointer_push};
use crate::widget::{JsonFile, Widget};
use std::rc::Rc;

pub const MANIFEST_FILE: &str = "manifest.json";

/// A manifest that parsed and whose root is an object: what every manifest-based rule needs.
/// When the manifest is missing or invalid, its rules stay silent (`rules.md` decision 8) and
/// the one finding is ARC003, ENC002 or ENC003.
pub struct Manifest {
    file: Rc<JsonFile>,
}

/// A string value inside the manifest, with where it is.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a> {
    pub value: &'a str,
    pub node: &'a Node,
}

/// A field of `settings` (or `dp.settings`): its code, its object, its pointer.
#[derive(Clone, Debug)]
pub struct Field<'a> {
    pub code: &'a str,
    pub key_span: crate::text::Span,
    pub node: &'a Node,
    pub pointer: String,
}

impl Manifest {
    pub fn of(widget: &Widget<'_>) -> Option<Manifest> {
        let file = widget.manifest()?;
        file.root()?.as_object()?;
        Some(Manifest { file })
    }

    pub fn file(&self) -> &JsonFile {
        &self.file
    }

    pub fn root(&self) -> &Node {
        // `of` only builds a Manifest whose root exists; an empty object stands in otherwise.
        self.file.root().unwrap_or(&EMPTY_OBJECT)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.root().get(key)
    }

    /// The `widget` block, when it is an object.
    pub fn widget(&self) -> Option<&Node> {
        self.get("widget").filter(|w| w.as_object().is_some())
    }

    /// `widget.<key>`.
    pub fn widget_field(&self, key: &str) -> Option<&Node> {
        self.widget()?.get(key)
    }

    /// The string entries of `locations`, with their index in the array.
    pub fn locations(&self) -> Vec<(usize, Located<'_>)> {
        strings_of(self.get("locations"))
    }

    /// True when an entry of `locations` is `area` with or without a suffix.
    pub fn uses_area(&self, area: &str) -> bool {
        self.locations()
            .iter()
            .any(|(_, l)| crate::format::split_location(l.value).0 == area || l.value == area)
    }

    /// The string entries of `widget.locale`, with their index.
    pub fn locales(&self) -> Vec<(usize, Located<'_>)> {
        strings_of(self.widget_field("locale"))
    }

    /// The fields of `settings` (`block = None`) or of `<block>.settings`, when that is an object.
    pub fn fields(&self, block: Option<&str>) -> Vec<Field<'_>> {
        let (settings, base) = match block {
            None => (self.get("settings"), "/settings".to_string()),
            Some(b) => (
                self.get(b).and_then(|n| n.get("settings")),
                format!("/{b}/settings"),
            ),
        };
        settings
            .and_then(Node::as_object)
            .map(|members| {
                members
                    .iter()
                    .map(|m| Field {
                        code: m.key.as_str(),
                        key_span: m.key_span,
                        node: &m.value,
                        pointer: pointer_push(&base, &m.key),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

static EMPTY_OBJECT: Node = Node {
    value: crate::json::Value::Object(Vec::new()),
    span: crate::text::Span::new(0, 0),
};

fn strings_of(node: Option<&Node>) -> Vec<(usize, Located<'_>)> {
    node.and_then(Node::as_array)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| n.as_str().map(|value| (i, Located { value, node: n })))
                .collect()
        })
        .unwrap_or_default()
}
