//! MAN009 empty-value: a required string is empty or blank, or `locale` / `locations` is an
//! empty array.

use super::man_keys;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct EmptyValue;

pub static META: RuleMeta = RuleMeta {
    code: "MAN009",
    name: "empty-value",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a required manifest value is empty",
    docs: RuleDocs {
        what: "Checks that the required texts `widget.name`, `widget.description` and \
               `widget.short_description` are not empty or blank, and that `widget.locale` and \
               `locations` are not empty arrays.",
        why: "A field that is present but empty satisfies a presence check and nothing else: \
              the widget has no name or description to show (these values are i18n keys that \
              must lead to the texts), no language, or no area to appear in.",
        bad: r#"{ "widget": { "name": "", "locale": [], … }, "locations": [] }"#,
        good: r#"{ "widget": { "name": "widget.name", "locale": ["en"], … }, "locations": ["lcard-1"] }"#,
        fix: "Fill the value in: an i18n key for the texts (with the text in every \
              i18n/<lang>.json), the language codes of your i18n files for `locale`, the areas \
              the widget works in for `locations`.",
        sources: &["K-MANIFEST", "A-STRUCT", "K-LOC"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for EmptyValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for key in ["name", "description", "short_description"] {
            // Absent is MAN002's, another type MAN003's.
            let Some(node) = manifest.widget_field(key) else {
                continue;
            };
            let Some(text) = node.as_str() else {
                continue;
            };
            if text.trim().is_empty() {
                let what = if text.is_empty() { "empty" } else { "blank" };
                out.report(
                    Finding::new(&META, format!("`widget.{key}` is {what}"))
                        .at(MANIFEST_FILE, node, format!("/widget/{key}"))
                        .help(format!(
                            "write \"{key}\": \"widget.{key}\" and put the text under \
                             {{\"widget\": {{\"{key}\": …}}}} in every i18n file"
                        )),
                );
            }
        }
        if let Some(node) = manifest.widget_field("locale")
            && node.as_array().is_some_and(<[_]>::is_empty)
        {
            let files = man_keys::locale_files(cx.widget);
            let help = if files.is_empty() {
                "list the language codes of the widget, such as [\"en\"], with an \
                 i18n/<code>.json file for each"
                    .to_string()
            } else {
                format!(
                    "list the languages of the i18n files: \"locale\": {}",
                    man_keys::json_list(&files)
                )
            };
            out.report(
                Finding::new(&META, "`widget.locale` is an empty array")
                    .at(MANIFEST_FILE, node, "/widget/locale")
                    .help(help),
            );
        }
        if let Some(node) = manifest.get("locations")
            && node.as_array().is_some_and(<[_]>::is_empty)
        {
            out.report(
                Finding::new(&META, "`locations` is an empty array")
                    .at(MANIFEST_FILE, node, "/locations")
                    .help(
                        "list the areas the widget works in, such as [\"lcard-1\", \"settings\"]",
                    ),
            );
        }
    }
}
