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
/// When the manifest is missing or invalid, its rules stay silent and the one finding is ARC003,
/// ENC002 or ENC003 (one defect, one finding: decision 8 in `docs/decisions.md`).
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

/// A string value of the manifest with where it is: [`Manifest::strings`] gives every one.
#[derive(Clone, Debug)]
pub struct StringAt<'a> {
    pub value: &'a str,
    pub node: &'a Node,
    pub pointer: String,
    /// The manifest path in dotted form, for messages: `settings.login.name`, `dp.webhook_url`.
    pub field: String,
}

/// A manifest string that the platform looks up as an i18n key in every locale file: a widget
/// text, a settings field name, a block title ([`Manifest::i18n_references`]). `value` is what
/// the manifest holds, which may be plain text by mistake (I18N007 judges that, not this view).
pub type I18nRef<'a> = StringAt<'a>;

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

    /// Every string value of the manifest, at any depth, in source order (the URLs it hands to
    /// the platform are among them, wherever a block keeps them).
    pub fn strings(&self) -> Vec<StringAt<'_>> {
        let mut out = Vec::new();
        collect_strings(self.root(), String::new(), &mut out);
        out
    }

    /// Every string the manifest gives as an i18n key, in manifest order: `widget.name`,
    /// `description`, `short_description`; `tour.tour_description`; `settings.*.name`;
    /// `dp.title` and `dp.settings.*.name`; `advanced.title`; salesbot handler names and their
    /// settings' names; `amoforms_settings.title`/`error_text`; `left_menu` item and submenu
    /// titles. Sources: K-MANIFEST, A-STRUCT, A-FIELDS, A-CUSTOM, A-SALESBOT, A-FORMS,
    /// A-LEFTMENU, K-LEFTMENU. Values that are not strings are left out (MAN003/SET002 own them).
    pub fn i18n_references(&self) -> Vec<I18nRef<'_>> {
        let mut refs = Vec::new();
        for key in ["name", "description", "short_description"] {
            push_ref(&mut refs, self.widget_field(key), format!("/widget/{key}"));
        }
        push_ref(
            &mut refs,
            self.get("tour").and_then(|t| t.get("tour_description")),
            "/tour/tour_description".to_string(),
        );
        for field in self.fields(None) {
            push_ref(
                &mut refs,
                field.node.get("name"),
                pointer_push(&field.pointer, "name"),
            );
        }
        push_ref(
            &mut refs,
            self.get("dp").and_then(|d| d.get("title")),
            "/dp/title".to_string(),
        );
        for field in self.fields(Some("dp")) {
            push_ref(
                &mut refs,
                field.node.get("name"),
                pointer_push(&field.pointer, "name"),
            );
        }
        push_ref(
            &mut refs,
            self.get("advanced").and_then(|a| a.get("title")),
            "/advanced/title".to_string(),
        );
        for (handler, base) in members_of(self.get("salesbot_designer"), "/salesbot_designer") {
            push_ref(&mut refs, handler.get("name"), pointer_push(&base, "name"));
            let settings_base = pointer_push(&base, "settings");
            for (param, base) in members_of(handler.get("settings"), &settings_base) {
                push_ref(&mut refs, param.get("name"), pointer_push(&base, "name"));
            }
        }
        let forms = self.get("amoforms_settings");
        for key in ["title", "error_text"] {
            push_ref(
                &mut refs,
                forms.and_then(|f| f.get(key)),
                format!("/amoforms_settings/{key}"),
            );
        }
        for (item, base) in members_of(self.get("left_menu"), "/left_menu") {
            push_ref(&mut refs, item.get("title"), pointer_push(&base, "title"));
            let submenu_base = pointer_push(&base, "submenu");
            for (sub, base) in members_of(item.get("submenu"), &submenu_base) {
                push_ref(&mut refs, sub.get("title"), pointer_push(&base, "title"));
            }
        }
        refs
    }
}

/// `/dp/webhook_url` → `dp.webhook_url`.
fn dotted(pointer: &str) -> String {
    let tokens = pointer.trim_start_matches('/');
    // Nearly every pointer escapes nothing: then the tokens are joined as they are, in one
    // allocation (this runs for every string of every manifest).
    if !tokens.contains('~') {
        return tokens.replace('/', ".");
    }
    tokens
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}

/// Every string below `node`, depth first in source order. The parser caps the tree's depth,
/// which bounds the recursion.
fn collect_strings<'a>(node: &'a Node, pointer: String, out: &mut Vec<StringAt<'a>>) {
    match &node.value {
        crate::json::Value::String(value) => out.push(StringAt {
            value,
            node,
            field: dotted(&pointer),
            pointer,
        }),
        crate::json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_strings(item, pointer_push(&pointer, &i.to_string()), out);
            }
        }
        crate::json::Value::Object(members) => {
            for m in members {
                collect_strings(&m.value, pointer_push(&pointer, &m.key), out);
            }
        }
        _ => {}
    }
}

fn push_ref<'a>(refs: &mut Vec<I18nRef<'a>>, node: Option<&'a Node>, pointer: String) {
    if let Some(node) = node
        && let Some(value) = node.as_str()
    {
        let field = dotted(&pointer);
        refs.push(I18nRef {
            value,
            node,
            pointer,
            field,
        });
    }
}

/// The members of an object whose values are objects, each with its pointer below `base`. A
/// repeated key counts once, as its last occurrence, which is the one PHP keeps (ENC004).
fn members_of<'a>(node: Option<&'a Node>, base: &str) -> Vec<(&'a Node, String)> {
    node.map(Node::distinct_members)
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.value.as_object().is_some())
        .map(|m| (&m.value, pointer_push(base, &m.key)))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::dotted;

    #[test]
    fn pointers_read_as_dotted_paths() {
        assert_eq!(dotted("/dp/webhook_url"), "dp.webhook_url");
        assert_eq!(dotted("/settings/0/name"), "settings.0.name");
        assert_eq!(dotted(""), "");
        // Escaped `/` and `~` in a key, `~1` unescaped before `~0` as RFC 6901 says.
        assert_eq!(dotted("/a~1b/c~0d/~01"), "a/b.c~d.~1");
    }
}
