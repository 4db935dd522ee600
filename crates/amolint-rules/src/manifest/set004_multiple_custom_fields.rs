//! SET004 multiple-custom-fields: more than one field of type `custom`.

use super::settings_fields::{BLOCKS, field_type};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct MultipleCustomFields;

pub static META: RuleMeta = RuleMeta {
    code: "SET004",
    name: "multiple-custom-fields",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "more than one field of type `custom`",
    docs: RuleDocs {
        what: "Checks that `settings` holds at most one field of type `custom` (and \
               `dp.settings` at most one of its own). Every `custom` field after the first is \
               reported.",
        why: "The documentation allows no more than one custom field: the settings page gets a \
              single `#<widget_code>_custom_content` container and a single hidden \
              `#<widget_code>_custom` input for it, so a second custom field has nowhere to draw \
              and nothing to save into.",
        bad: r#""settings": { "mapping": { "type": "custom", … }, "filters": { "type": "custom", … } }"#,
        good: r#""settings": { "config": { "name": "settings.config", "type": "custom", "required": false } }"#,
        fix: "Keep one `custom` field and let script.js draw all the custom controls into its \
              container, saving them together as one JSON string.",
        sources: &["A-CUSTOM", "K-FIELDS", "A-FIELDS"],
        uncertain: Some(
            "The limit is documented for the settings page; amolint applies it to `settings` \
             and to `dp.settings` separately, since the Digital Pipeline settings are drawn in \
             a form of their own.",
        ),
    },
    options: &[],
};

impl Rule for MultipleCustomFields {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for block in BLOCKS {
            let mut first: Option<String> = None;
            for field in block.fields(&manifest) {
                let Some(("custom", node, pointer)) = field_type(&field) else {
                    continue;
                };
                let label = block.field_label(&field);
                let Some(first) = &first else {
                    first = Some(label);
                    continue;
                };
                out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`{label}` is a second `custom` field (the first is `{first}`); a \
                             widget may have only one"
                        ),
                    )
                    .at(MANIFEST_FILE, node, pointer)
                    .help(format!(
                        "draw this field's controls inside `{first}` from script.js and remove \
                         `{label}`, or give it another type"
                    )),
                );
            }
        }
    }
}
