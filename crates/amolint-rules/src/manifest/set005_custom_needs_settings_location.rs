//! SET005 custom-needs-settings-location: a `custom` field while `settings` is not a location.

use super::locations::entries;
use super::settings_fields::{Block, field_type};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct CustomNeedsSettingsLocation;

pub static META: RuleMeta = RuleMeta {
    code: "SET005",
    name: "custom-needs-settings-location",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a `custom` field while `settings` is not in `locations`",
    docs: RuleDocs {
        what: "Checks that a widget with a `custom` field in `settings` lists the `settings` \
               area in `locations`. Fields of `dp.settings` are drawn by the Digital Pipeline \
               and are not judged.",
        why: "The documentation requires the `settings` area for a custom field: the widget \
              draws the field itself, in the `settings` callback of script.js, which the \
              platform runs in that area. Without it the settings page shows an empty \
              container and the field's value is never filled in.",
        bad: r#""locations": ["lcard-1"],
"settings": { "config": { "name": "settings.config", "type": "custom", "required": false } }"#,
        good: r#""locations": ["lcard-1", "settings"],
"settings": { "config": { "name": "settings.config", "type": "custom", "required": false } }"#,
        fix: "Add `\"settings\"` to `locations` and draw the field in the `settings` callback of \
              script.js.",
        sources: &["A-CUSTOM", "K-FIELDS", "A-SCRIPT"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for CustomNeedsSettingsLocation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        // Without a `locations` array there is nothing to compare with (MAN002/MAN003). A
        // misspelt `settings` entry counts as present: the typo is LOC001's one finding.
        if manifest
            .get("locations")
            .and_then(|l| l.as_array())
            .is_none()
            || entries(&manifest)
                .iter()
                .any(|e| e.intended_area().is_some_and(|a| a.code == "settings"))
        {
            return;
        }
        let block = Block::Settings;
        let fields = block.fields(&manifest);
        // One finding per widget: the location is missing once, however many custom fields.
        let Some((field, node, pointer)) = fields.iter().find_map(|f| match field_type(f) {
            Some(("custom", node, pointer)) => Some((f, node, pointer)),
            _ => None,
        }) else {
            return;
        };
        out.report(
            Finding::new(
                &META,
                format!(
                    "`{}` is a `custom` field, but `settings` is not in `locations`; custom \
                     fields are drawn by script.js in the `settings` area",
                    block.field_label(field)
                ),
            )
            .at(MANIFEST_FILE, node, pointer)
            .help("add \"settings\" to `locations` and draw the field in the `settings` callback"),
        );
    }
}
