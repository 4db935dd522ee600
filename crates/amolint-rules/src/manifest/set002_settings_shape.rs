//! SET002 settings-shape: `settings` / `dp.settings` not an object of field objects, or a field
//! whose `name`, `type` or `required` has the wrong type.

use super::settings_fields::{BLOCKS, Block};
use amolint_core::json::Node;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct SettingsShape;

pub static META: RuleMeta = RuleMeta {
    code: "SET002",
    name: "settings-shape",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`settings` (or `dp.settings`) is not an object of field objects",
    docs: RuleDocs {
        what: "Checks the shape of `settings` and `dp.settings`: an object keyed by field code, \
               each field an object with a `type` string, and, when present, a `name` string \
               and a boolean `required`. Unknown keys inside a field (such as `placeholder`) \
               are not judged here. Which `type` values are valid is SET003's.",
        why: "The platform builds the settings form from this object: the key becomes the \
              input's name and the key under which the value is saved, `name` its label (an \
              i18n key), `type` the kind of input. An array of fields, a field given as a \
              string, or `\"required\": \"true\"` do not describe a form the platform can build.",
        bad: r#""settings": [ { "name": "api_key", "type": "pass", "required": "true" } ]"#,
        good: r#""settings": { "api_key": { "name": "settings.api_key", "type": "pass", "required": true } }"#,
        fix: "Write `settings` as an object: one member per field, keyed by the field code, \
              whose value is `{ \"name\": \"settings.<code>\", \"type\": \"text\", \"required\": \
              true }`; booleans without quotes.",
        sources: &["K-MANIFEST", "K-FIELDS", "A-FIELDS", "A-WAPI"],
        uncertain: Some(
            "Kommo's manifest table does not mark `name`, `type` and `required` as required, \
             while every example gives all three. amolint requires `type` (without it the \
             platform cannot tell which input to draw) and accepts a field without `name` or \
             `required`; I18N rules judge the `name` key itself.",
        ),
    },
    options: &[],
};

impl Rule for SettingsShape {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for block in BLOCKS {
            let Some(node) = block.node(&manifest) else {
                continue;
            };
            if node.as_object().is_none() {
                out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`{}` is {}; it must be an object keyed by field code",
                            block.label(),
                            describe(node)
                        ),
                    )
                    .at(MANIFEST_FILE, node, block.pointer())
                    .help(block_help(block, node)),
                );
                continue;
            }
            for field in block.fields(&manifest) {
                let label = block.field_label(&field);
                if field.node.as_object().is_none() {
                    out.report(
                        Finding::new(
                            &META,
                            format!(
                                "`{label}` is {}; a settings field must be an object with \
                                 `name`, `type` and `required`",
                                describe(field.node)
                            ),
                        )
                        .at(MANIFEST_FILE, field.node, field.pointer.as_str())
                        .help(format!(
                            "write \"{}\": {{ \"name\": \"<i18n key>\", \"type\": \"text\", \
                             \"required\": false }}",
                            field.code
                        )),
                    );
                    continue;
                }
                match field.node.get("type") {
                    None => out.report(
                        Finding::new(&META, format!("`{label}` has no `type`"))
                            .file(MANIFEST_FILE)
                            .span(field.key_span)
                            .pointer(field.pointer.as_str())
                            .help(
                                "add \"type\" with one of `text`, `pass`, `users`, `users_lp`, \
                                 `custom`",
                            ),
                    ),
                    Some(t) if t.as_str().is_none() => out.report(
                        Finding::new(
                            &META,
                            format!("`{label}.type` is {}; it must be a string", describe(t)),
                        )
                        .at(MANIFEST_FILE, t, format!("{}/type", field.pointer))
                        .help("use one of \"text\", \"pass\", \"users\", \"users_lp\", \"custom\""),
                    ),
                    Some(_) => {}
                }
                if let Some(name) = field.node.get("name")
                    && name.as_str().is_none()
                {
                    out.report(
                        Finding::new(
                            &META,
                            format!(
                                "`{label}.name` is {}; it must be a string (an i18n key)",
                                describe(name)
                            ),
                        )
                        .at(MANIFEST_FILE, name, format!("{}/name", field.pointer))
                        .help(match block {
                            Block::Settings => format!(
                                "write \"name\": \"settings.{}\" and put the label in the i18n \
                                 files",
                                field.code
                            ),
                            Block::DpSettings => "write the i18n key of the field's label as a \
                                                  string"
                                .to_string(),
                        }),
                    );
                }
                if let Some(required) = field.node.get("required")
                    && required.as_bool().is_none()
                {
                    out.report(
                        Finding::new(
                            &META,
                            format!(
                                "`{label}.required` is {}; it must be a boolean",
                                describe(required)
                            ),
                        )
                        .at(
                            MANIFEST_FILE,
                            required,
                            format!("{}/required", field.pointer),
                        )
                        .help(match intended_bool(required) {
                            Some(b) => format!("write \"required\": {b} (without quotes)"),
                            None => "write \"required\": true or \"required\": false".to_string(),
                        }),
                    );
                }
            }
        }
    }
}

/// The value as a message names it: `an array`, `the string "true"`, `the number 1`.
fn describe(node: &Node) -> String {
    if let Some(s) = node.as_str() {
        return format!("the string \"{s}\"");
    }
    if let Some(n) = node.as_number() {
        return format!("the number {}", n.raw);
    }
    match node.type_name() {
        "null" => "null".to_string(),
        t @ ("array" | "object") => format!("an {t}"),
        t => format!("a {t}"),
    }
}

/// The boolean a string or number most likely stands for (`"true"`, `"Y"`, `1`).
fn intended_bool(node: &Node) -> Option<bool> {
    let text = match (node.as_str(), node.as_number()) {
        (Some(s), _) => s.trim().to_ascii_lowercase(),
        (None, Some(n)) => n.raw.clone(),
        _ => return None,
    };
    match text.as_str() {
        "true" | "y" | "yes" | "1" | "on" => Some(true),
        "false" | "n" | "no" | "0" | "off" | "" => Some(false),
        _ => None,
    }
}

/// How to write the block, using the first array item's own name and type when it has them.
fn block_help(block: Block, node: &Node) -> String {
    let first = node.as_array().and_then(|items| items.first());
    let code = first
        .and_then(|f| f.get("name"))
        .and_then(Node::as_str)
        .filter(|s| !s.is_empty() && !s.contains(char::is_whitespace))
        .unwrap_or("<field_code>");
    let kind = first
        .and_then(|f| f.get("type"))
        .and_then(Node::as_str)
        .unwrap_or("text");
    let name = match block {
        Block::Settings => format!("settings.{code}"),
        Block::DpSettings => "<i18n key>".to_string(),
    };
    let more = if first.is_some() { ", …" } else { "" };
    format!(
        "write it as an object keyed by field code: {{ \"{code}\": {{ \"name\": \"{name}\", \
         \"type\": \"{kind}\", \"required\": true }}{more} }}"
    )
}

#[cfg(test)]
mod tests {
    use super::intended_bool;
    use amolint_core::json::{ParseOptions, parse};

    fn node(text: &str) -> amolint_core::json::Node {
        parse(text, &ParseOptions::default())
            .root
            .unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn guesses_the_boolean_meant() {
        assert_eq!(intended_bool(&node("\"true\"")), Some(true));
        assert_eq!(intended_bool(&node("\"Y\"")), Some(true));
        assert_eq!(intended_bool(&node("0")), Some(false));
        assert_eq!(intended_bool(&node("\"maybe\"")), None);
        assert_eq!(intended_bool(&node("null")), None);
    }
}
