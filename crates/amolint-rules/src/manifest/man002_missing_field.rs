//! MAN002 missing-field: a required field of the manifest is absent.

use super::man_keys::{self, levels};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct MissingField;

pub static META: RuleMeta = RuleMeta {
    code: "MAN002",
    name: "missing-field",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a required manifest field is absent",
    docs: RuleDocs {
        what: "Checks that the fields both platforms require are present: `widget.name`, \
               `widget.description`, `widget.short_description`, `widget.interface_version`, \
               `widget.locale`, `widget.installation` and the top-level `locations`. When a key \
               that looks like a misspelling of a missing field (`nmae`), or the field written \
               in the wrong object (`locations` inside `widget`), is found, the help says so.",
        why: "The platform reads these fields to list, install and load the widget; a manifest \
              without one of them is refused on upload or gives a widget that never shows up. \
              (`tour` and `settings` are required too: TOUR001 and SET001 report them.)",
        bad: r#"{
  "widget": { "name": "widget.name", "description": "widget.description",
              "interface_version": 2, "locale": ["en"], "installation": true },
  "locations": ["lcard-1"]
}"#,
        good: r#"{
  "widget": { "name": "widget.name", "description": "widget.description",
              "short_description": "widget.short_description",
              "interface_version": 2, "locale": ["en"], "installation": true },
  "locations": ["lcard-1"]
}"#,
        fix: "Add the field with a value of the documented type: i18n keys for the three texts \
              (with the texts in every i18n/<lang>.json), `2` for interface_version, the list \
              of language codes for locale, a boolean for installation, the list of areas for \
              locations.",
        sources: &["K-MANIFEST", "A-STRUCT"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for MissingField {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let root = manifest.root();
        let levels = levels();
        for level in &levels {
            // A missing or malformed `widget` is MAN001's: its fields are not looked at.
            let Some(object) = level.object(root) else {
                continue;
            };
            for field in level.required {
                // `widget` itself is MAN001's.
                if level.path.is_empty() && *field == "widget" {
                    continue;
                }
                if object.get(field).is_some() {
                    continue;
                }
                let help = match man_keys::stand_in(root, &levels, level, field) {
                    Some(stand_in) => stand_in.help(field, level),
                    None => format!(
                        "add to {}: {}",
                        level.place(),
                        line_to_add(cx, &manifest, field)
                    ),
                };
                out.report(
                    Finding::new(
                        &META,
                        format!("required field `{}` is missing", level.field(field)),
                    )
                    .file(MANIFEST_FILE)
                    .span(man_keys::anchor(root, &level.path))
                    .pointer(level.pointer())
                    .help(help),
                );
            }
        }
    }
}

/// The line a widget author would add for `field`, filled from what the widget already has.
fn line_to_add(cx: &Context<'_>, manifest: &Manifest, field: &str) -> String {
    match field {
        "name" | "description" | "short_description" => format!(
            "\"{field}\": \"widget.{field}\" (an i18n key; put the text under \
             {{\"widget\": {{\"{field}\": …}}}} in every i18n file)"
        ),
        "interface_version" => "\"interface_version\": 2".to_string(),
        "locale" => {
            let files = man_keys::locale_files(cx.widget);
            if files.is_empty() {
                "\"locale\": [\"en\"] (one code per i18n/<code>.json file)".to_string()
            } else {
                format!(
                    "\"locale\": {} (the languages of the i18n files)",
                    man_keys::json_list(&files)
                )
            }
        }
        "installation" => {
            let has_settings = manifest
                .get("settings")
                .and_then(|s| s.as_object())
                .is_some_and(|s| !s.is_empty());
            if has_settings {
                "\"installation\": true (the widget has settings to fill in on install)".to_string()
            } else {
                "\"installation\": false (or true when users must fill in settings on install)"
                    .to_string()
            }
        }
        "locations" => {
            "\"locations\": [\"lcard-1\", \"settings\"] (the areas the widget works in)".to_string()
        }
        other => format!("\"{other}\""),
    }
}
