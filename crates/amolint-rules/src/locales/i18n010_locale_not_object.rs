//! I18N010 locale-not-object: a locale file's root is not a JSON object.

use super::support::{head, shipped_locale_files};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct LocaleNotObject;

pub static META: RuleMeta = RuleMeta {
    code: "I18N010",
    name: "locale-not-object",
    pack: "locales",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a locale file's root is not a JSON object",
    docs: RuleDocs {
        what: "Checks that every `i18n/<code>.json` that is valid JSON has an object at its \
               root, the nested key → text tree the manifest's keys point into.",
        why: "The platform resolves `widget.name` as `file[\"widget\"][\"name\"]`; an array, a \
              string or `null` at the root holds no keys, so every text of that language is \
              missing. The other locale rules skip such a file: this is its one finding.",
        bad: "[ {\"widget\": {\"name\": \"Order sync\"}} ]",
        good: "{\"widget\": {\"name\": \"Order sync\"}}",
        fix: "Make the file one JSON object whose keys are the sections (`widget`, `settings`, \
              …).",
        sources: &["K-I18N", "K-MANIFEST", "A-FIELDS", "decision 8"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for LocaleNotObject {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for (_, path) in shipped_locale_files(cx.widget) {
            let Ok(file) = cx.widget.json(&path) else {
                continue;
            };
            // Not valid JSON is ENC003's.
            let Some(root) = file.root() else {
                continue;
            };
            if root.as_object().is_some() {
                continue;
            }
            let kind = root.type_name();
            let article = if kind == "array" { "an" } else { "a" };
            let what = if root.is_null() {
                "`null`".to_string()
            } else {
                format!("{article} {kind}")
            };
            out.report(
                Finding::new(
                    &META,
                    format!("`{path}` holds {what}, not an object of translations"),
                )
                .file(path.as_str())
                .span(head(root))
                .pointer("")
                .help("make the file one object: {\"widget\": {\"name\": \"…\"}, …}"),
            );
        }
    }
}
