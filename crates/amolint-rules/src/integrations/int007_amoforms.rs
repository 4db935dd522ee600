//! INT007 amoforms: the web-forms block or its `amoforms.js` is missing or malformed (amoCRM).

use super::{area_entry, at_key};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::EntryKind;

pub struct Amoforms;

pub static META: RuleMeta = RuleMeta {
    code: "INT007",
    name: "amoforms",
    pack: "integrations",
    amocrm: Some(Error),
    kommo: None,
    summary: "`amoforms_settings` without a `title` string or with a non-boolean `required`, or no `amoforms.js`",
    docs: RuleDocs {
        what: "For widgets that work in amoCRM web forms: checks that `amoforms_settings` has a \
               `title` string (an i18n key) and, when present, a boolean `required`, and that a \
               widget using the `amoforms` location ships `amoforms.js` next to `script.js` at the \
               widget root.",
        why: "amoCRM shows the widget as a field in the form builder under that title, and loads \
              `amoforms.js` (which calls `amoFormsWidget(fn)`) on the published form: without it \
              the widget does nothing in the form.",
        bad: "\"locations\": [\"amoforms\"],\n\"amoforms_settings\": { \"required\": \"yes\" }\n(no amoforms.js in the archive)",
        good: "\"locations\": [\"amoforms\"],\n\"amoforms_settings\": { \"title\": \"amoforms.title\", \"required\": false }\n(amoforms.js next to script.js)",
        fix: "Give `amoforms_settings` a `title` i18n key, write `required` as `true` or `false`, \
              and put `amoforms.js` at the root of the archive beside `script.js`.",
        sources: &["A-FORMS", "A-AREAS"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for Amoforms {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        if let Some(block) = manifest.root().member("amoforms_settings")
            && block.value.as_object().is_some()
        {
            match block.value.get("title") {
                None => out.report(
                    at_key(
                        &META,
                        "`amoforms_settings` has no `title`".to_string(),
                        block,
                        "/amoforms_settings",
                    )
                    .help("add \"title\": an i18n key for the field's name in the form builder, e.g. \"amoforms.title\""),
                ),
                Some(title) if title.as_str().is_none() => out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`amoforms_settings.title` is {}, not a string (an i18n key)",
                            title.describe()
                        ),
                    )
                    .at(MANIFEST_FILE, title, "/amoforms_settings/title")
                    .help("write the i18n key of the title as a string, e.g. \"amoforms.title\""),
                ),
                Some(_) => {}
            }
            if let Some(error_text) = block.value.get("error_text")
                && error_text.as_str().is_none()
            {
                out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`amoforms_settings.error_text` is {}, not a string (an i18n key)",
                            error_text.describe()
                        ),
                    )
                    .at(MANIFEST_FILE, error_text, "/amoforms_settings/error_text")
                    .help("write the i18n key of the error message as a string, e.g. \"amoforms.error_text\""),
                );
            }
            if let Some(required) = block.value.get("required")
                && required.as_bool().is_none()
            {
                out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`amoforms_settings.required` is {}; it must be `true` or `false`",
                            required.describe()
                        ),
                    )
                    .at(MANIFEST_FILE, required, "/amoforms_settings/required")
                    .help("write a JSON boolean without quotes"),
                );
            }
        }
        let Some((index, location)) = area_entry(&manifest, "amoforms") else {
            return;
        };
        if cx.widget.has_file("amoforms.js") {
            return;
        }
        let elsewhere = cx.widget.files().iter().find(|e| {
            e.kind == EntryKind::File
                && e.path.rsplit('/').next() == Some("amoforms.js")
                && e.path != "amoforms.js"
        });
        let help = match elsewhere {
            Some(e) => format!("move `{}` to the widget root, next to `script.js`", e.path),
            None => "add `amoforms.js` (calling `amoFormsWidget(fn)`) at the widget root, next to `script.js`".to_string(),
        };
        out.report(
            Finding::new(
                &META,
                format!(
                    "the location `{}` needs `amoforms.js` next to `script.js` at the widget root, and the widget has none",
                    location.value
                ),
            )
            .at(MANIFEST_FILE, location.node, format!("/locations/{index}"))
            .help(help),
        );
    }
}
