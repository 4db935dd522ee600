//! The JSON Schema (draft 2020-12) of `manifest.json`, `amolint schema manifest`: what an
//! editor's own JSON support needs to complete and validate a manifest without the server.
//!
//! Owns the schema's shape and its descriptions. The facts come from the tables the rules judge
//! by: the keys of each object ([`tables::levels`]), the required fields
//! ([`tables::REQUIRED_TOP`], [`tables::REQUIRED_WIDGET`]), the documented types
//! ([`tables::TYPES`]), the `locations` entries ([`tables::valid_entries`]), the settings field
//! types and keys ([`FIELD_TYPES`], [`FIELD_KEYS`]) and the locale codes ([`locales`]). It must
//! not contradict the rules, so it says only what amolint reports as an error on both platforms:
//!
//! - unknown keys are allowed everywhere (amolint warns about them, MAN007; a schema error would
//!   be louder than the rule);
//! - a type is required where MAN003 reports another as an error; the legacy booleans `"Y"` and
//!   `"true"`, which MAN003 only warns about, are accepted;
//! - `locations` entries are an `enum` (LOC001, LOC002; a suffix on an area that takes none,
//!   which LOC002 only warns about, is accepted), and so are the field types of `settings`
//!   (SET003; in `dp.settings`, where it warns, they are `examples`);
//! - required keys are those MAN001, MAN002, TOUR001, TOUR002 (`tour.is_tour`), INT003
//!   (`dp.action_multiple`) and INT010 (`advanced.title`) require, non-empty values those MAN009
//!   requires, and `interface_version` is 2 (MAN004), `is_tour` true (TOUR002), `mobile.color`
//!   a hex colour (INT006);
//! - what depends on the platform (the support contact, the settings of a widget that installs,
//!   the locale codes) is described, with the codes proposed as `examples`, never required.

use amolint_core::format::{AREAS, FIELD_KEYS, FIELD_TYPES, locales};
use amolint_core::platform::Platform;
use amolint_core::rule::HOME_PAGE;
use amolint_rules::manifest::tables::{self, Kind};
use serde_json::{Map, Value, json};

/// The schema's path in the repository; its `$id` is where the repository serves it.
pub const SCHEMA_PATH: &str = "schemas/manifest.schema.json";

/// The schema's address: the file kept in the repository, as served raw.
pub fn schema_url() -> String {
    format!("{HOME_PAGE}/raw/main/{SCHEMA_PATH}")
}

/// A description of every key the rules know, by dotted path; a test holds it complete.
const DESCRIPTIONS: &[(&str, &str)] = &[
    (
        "widget",
        "The widget itself: its texts (i18n keys), versions, languages and contact.",
    ),
    (
        "locations",
        "The connection areas where the widget appears (`lcard-1`, `settings`, `everywhere`, …). Card and list areas take `-0` (hidden from the right panel) or `-1` (shown).",
    ),
    (
        "tour",
        "The tour shown before installation: images per language and a description. Required on both platforms.",
    ),
    (
        "settings",
        "The fields of the settings form, keyed by field code.",
    ),
    (
        "dp",
        "The Digital Pipeline action (with the `digital_pipeline` location).",
    ),
    (
        "advanced",
        "The advanced-settings page (with the `advanced_settings` location).",
    ),
    (
        "salesbot_designer",
        "Salesbot handlers, keyed by handler code (with the `salesbot_designer` location).",
    ),
    ("sms", "The SMS sender (with the `sms` location)."),
    (
        "mobile",
        "The mobile app card (with the `mobile_card` location).",
    ),
    (
        "amoforms_settings",
        "The amoForms integration (with the `amoforms` location, amoCRM).",
    ),
    (
        "left_menu",
        "Left-menu items and sections, keyed by item code (with the `widget_page` location).",
    ),
    (
        "widget.name",
        "The widget's name: an i18n key (such as `widget.name`) of every locale file.",
    ),
    (
        "widget.description",
        "The long description: an i18n key of every locale file.",
    ),
    (
        "widget.short_description",
        "The short description: an i18n key of every locale file.",
    ),
    (
        "widget.version",
        "The widget's version, dotted numbers such as `1.0.0` (MAN008).",
    ),
    (
        "widget.interface_version",
        "The widget interface version: 2, the only one both platforms document.",
    ),
    (
        "widget.init_once",
        "Whether script.js is initialised once per page rather than on every visit to an area.",
    ),
    (
        "widget.locale",
        "The languages of the widget: each needs `i18n/<code>.json`. amoCRM accepts ru, en, es, pt; Kommo en, es, pt, tr, id.",
    ),
    (
        "widget.installation",
        "Whether the widget can be installed from the marketplace (then it needs settings on Kommo).",
    ),
    (
        "widget.support",
        "How users reach the author: a `link`, an `email`, or both (required on amoCRM).",
    ),
    (
        "widget.is_showcase",
        "Whether the widget is a showcase (amoCRM).",
    ),
    (
        "widget.code",
        "Legacy: the widget code is now given at upload, not in the manifest (MAN006).",
    ),
    (
        "widget.secret_key",
        "Legacy: the secret key is now given at upload, not in the manifest (MAN006).",
    ),
    (
        "widget.support.link",
        "An https address where users get support.",
    ),
    ("widget.support.email", "An e-mail address for support."),
    ("tour.is_tour", "Must be true: the tour is mandatory."),
    (
        "tour.tour_images",
        "The tour's images per language: `{ \"en\": [\"/images/tour_1_en.png\"] }`.",
    ),
    (
        "tour.tour_description",
        "The tour's text: an i18n key of every locale file.",
    ),
    (
        "dp.settings",
        "The fields of the Digital Pipeline action's form, keyed by field code.",
    ),
    (
        "dp.action_multiple",
        "Whether the action may span several pipeline stages: true or false (required).",
    ),
    (
        "dp.webhook_url",
        "The absolute http(s) address the platform calls for the action.",
    ),
    ("dp.title", "The action's title: an i18n key."),
    (
        "advanced.title",
        "The advanced-settings page's title: an i18n key (required).",
    ),
    (
        "sms.endpoint",
        "The absolute http(s) address the platform sends messages to.",
    ),
    (
        "mobile.frame_url",
        "The absolute http(s) address the mobile card loads.",
    ),
    ("mobile.color", "The card's colour: `#RGB` or `#RRGGBB`."),
    (
        "amoforms_settings.title",
        "The integration's title: an i18n key.",
    ),
    (
        "amoforms_settings.required",
        "Whether the form field is required: true or false.",
    ),
    (
        "amoforms_settings.error_text",
        "The error text: an i18n key.",
    ),
    (
        "field.name",
        "The field's label: an i18n key of every locale file.",
    ),
    (
        "field.type",
        "The kind of input: text, pass (password), users, users_lp or custom (at most one).",
    ),
    (
        "field.required",
        "Whether the field must be filled in: true or false.",
    ),
];

fn description(path: &str) -> Option<&'static str> {
    DESCRIPTIONS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, d)| *d)
}

/// The schema, as a JSON value.
pub fn manifest() -> Value {
    let mut root = object_schema(&[]);
    if let Some(props) = root["properties"].as_object_mut() {
        props.insert(
            "settings".into(),
            with_description(json!({"$ref": "#/$defs/settings"}), "settings"),
        );
        if let Some(dp) = props
            .get_mut("dp")
            .and_then(|dp| dp["properties"].as_object_mut())
        {
            dp.insert(
                "settings".into(),
                with_description(json!({"$ref": "#/$defs/dpSettings"}), "dp.settings"),
            );
        }
    }
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    schema.insert("$id".into(), json!(schema_url()));
    schema.insert(
        "title".into(),
        json!("manifest.json of an amoCRM or Kommo widget"),
    );
    schema.insert(
        "description".into(),
        json!(format!(
            "Generated by `amolint schema manifest` from the tables amolint's rules judge by \
             ({HOME_PAGE}). It reports only what amolint reports as an error on both platforms; \
             keys no documentation knows are allowed here and reported by amolint as warnings."
        )),
    );
    if let Value::Object(body) = root {
        schema.extend(body);
    }
    schema.insert("$defs".into(), defs());
    Value::Object(schema)
}

/// The schema as the repository keeps it: pretty-printed, with a final line break.
pub fn manifest_text() -> String {
    let mut text = serde_json::to_string_pretty(&manifest()).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema of the object at `path`: its known keys, each with its description and type.
fn object_schema(path: &[&str]) -> Value {
    let levels = tables::levels();
    let Some(level) = levels.iter().find(|l| l.path == path) else {
        return json!({"type": "object"});
    };
    let mut properties = Map::new();
    for key in level.keys {
        let mut child: Vec<&str> = path.to_vec();
        child.push(key);
        let schema = value_schema(&child);
        properties.insert(
            (*key).to_string(),
            with_description(schema, &child.join(".")),
        );
    }
    let mut required: Vec<&str> = level.required.to_vec();
    required.extend(extra_required(path));
    let mut out = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        out["required"] = json!(required);
    }
    out
}

/// Keys required by rules other than MAN001/MAN002 (whose lists the levels hold).
fn extra_required(path: &[&str]) -> Vec<&'static str> {
    match path {
        // TOUR001: a manifest without a tour is an error on both platforms.
        [] => vec!["tour"],
        // TOUR002: `is_tour` must be there and true.
        ["tour"] => vec!["is_tour"],
        // INT003: `dp.action_multiple` must be there, a boolean.
        ["dp"] => vec!["action_multiple"],
        // INT010: `advanced.title` must be there, a string.
        ["advanced"] => vec!["title"],
        _ => Vec::new(),
    }
}

/// The schema of the value at `path`.
fn value_schema(path: &[&str]) -> Value {
    let has_level = tables::levels().iter().any(|l| l.path == path);
    let typed = tables::TYPES.iter().find(|t| t.path == path);
    let mut schema = match typed.map(|t| t.kind) {
        Some(Kind::Object) | None if has_level => object_schema(path),
        Some(kind) => kind_schema(kind),
        None => json!({}),
    };
    match path {
        // MAN004: the number 2.
        ["widget", "interface_version"] => schema["const"] = json!(2),
        // MAN009: the texts are not empty or blank.
        ["widget", "name" | "description" | "short_description"] => {
            schema["pattern"] = json!("\\S");
        }
        // MAN009: not empty; the codes of either platform proposed (I18N003 depends on it).
        ["widget", "locale"] => {
            schema["minItems"] = json!(1);
            schema["items"]["examples"] = json!(locale_codes());
        }
        // LOC001, LOC002: a known area with a valid suffix; MAN009: not empty.
        ["locations"] => {
            schema["minItems"] = json!(1);
            schema["items"] = location_entry();
        }
        // TOUR002: the boolean true.
        ["tour", "is_tour"] => schema = json!({"const": true}),
        // INT003: a boolean.
        ["dp", "action_multiple"] => schema = json!({"type": "boolean"}),
        // INT010: a string.
        ["advanced", "title"] => schema = json!({"type": "string"}),
        // INT006: a hex colour.
        ["mobile", "color"] => {
            schema = json!({"type": "string", "pattern": "^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$"});
        }
        _ => {}
    }
    schema
}

/// A `locations` entry: a known one (LOC001 and LOC002 report anything else as an error), or an
/// area with a suffix LOC002 only warns about.
fn location_entry() -> Value {
    let bare: Vec<&str> = AREAS
        .iter()
        .filter(|a| tables::suffix_only_warned(a))
        .map(|a| a.code)
        .collect();
    json!({"anyOf": [
        {"type": "string", "enum": tables::valid_entries()},
        {
            "type": "string",
            "pattern": format!("^(?:{})-[^-]*$", bare.join("|")),
            "description": "A suffix on an area that takes none: the platform ignores it; amolint warns (LOC002). Write the area alone.",
        },
    ]})
}

fn kind_schema(kind: Kind) -> Value {
    match kind {
        Kind::String => json!({"type": "string"}),
        Kind::Number => json!({"type": "number"}),
        Kind::Object => json!({"type": "object"}),
        Kind::Strings => json!({"type": "array", "items": {"type": "string"}}),
        // MAN003 warns about "Y" and "true" (the platform reads them as true) and reports any
        // other non-boolean as an error.
        Kind::Boolean => json!({"anyOf": [
            {"type": "boolean"},
            {
                "enum": ["Y", "true"],
                "description": "A legacy spelling of true: the platform reads it as true; amolint warns (MAN003). Write the boolean.",
            },
        ]}),
    }
}

fn with_description(mut schema: Value, path: &str) -> Value {
    if let (Some(text), Some(object)) = (description(path), schema.as_object_mut()) {
        object.insert("description".into(), json!(text));
    }
    schema
}

/// Every locale code of either platform, amoCRM's first.
pub(crate) fn locale_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = locales(Platform::Amocrm).to_vec();
    for code in locales(Platform::Kommo) {
        if !codes.contains(code) {
            codes.push(code);
        }
    }
    codes
}

/// The settings blocks (SET002: an object of field objects, each with a `type` string, a
/// `name` string and a boolean `required` when present). SET003 reports an unknown `type` as an
/// error in `settings` and warns in `dp.settings`: an `enum` in one, `examples` in the other.
fn defs() -> Value {
    let field = |known_types: &str| {
        let mut properties = Map::new();
        for key in FIELD_KEYS {
            let schema = match key {
                "type" => json!({"type": "string", known_types: FIELD_TYPES}),
                "required" => json!({"type": "boolean"}),
                _ => json!({"type": "string"}),
            };
            properties.insert(
                key.to_string(),
                with_description(schema, &format!("field.{key}")),
            );
        }
        json!({
            "type": "object",
            "description": "A settings field.",
            "required": ["type"],
            "properties": properties,
        })
    };
    json!({
        "settings": {
            "type": "object",
            "additionalProperties": {"$ref": "#/$defs/field"},
        },
        "field": field("enum"),
        "dpSettings": {
            "type": "object",
            "additionalProperties": {"$ref": "#/$defs/dpField"},
        },
        "dpField": field("examples"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_key_has_a_description() {
        for level in tables::levels() {
            for key in level.keys {
                let mut path = level.path.clone();
                path.push(key);
                let dotted = path.join(".");
                assert!(
                    description(&dotted).is_some(),
                    "no description of `{dotted}`"
                );
            }
        }
        for key in FIELD_KEYS {
            assert!(description(&format!("field.{key}")).is_some(), "{key}");
        }
    }

    #[test]
    fn every_description_names_a_known_key() {
        let levels = tables::levels();
        for (path, _) in DESCRIPTIONS {
            let parts: Vec<&str> = path.split('.').collect();
            let (last, parent) = parts.split_last().unwrap();
            let known = match parent {
                ["field"] => FIELD_KEYS.contains(last),
                _ => levels
                    .iter()
                    .any(|l| l.path == parent && l.keys.contains(last)),
            };
            assert!(known, "`{path}` is described but is no key the rules know");
        }
    }
}
