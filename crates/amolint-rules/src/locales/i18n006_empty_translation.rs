//! I18N006 empty-translation: a referenced key resolves to an empty or blank string.

use super::support::{Resolved, is_i18n_key, listed_files, resolve};
use amolint_core::manifest::Manifest;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use std::collections::HashSet;

pub struct EmptyTranslation;

pub static META: RuleMeta = RuleMeta {
    code: "I18N006",
    name: "empty-translation",
    pack: "locales",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a referenced key resolves to an empty or blank string",
    docs: RuleDocs {
        what: "Checks that the texts the manifest's i18n keys lead to (widget name, \
               descriptions, settings names, titles; the list of I18N004) are not empty or only \
               whitespace in any listed locale file. Points at the empty string in the locale \
               file. The name of a `custom` settings field may be blank: the widget draws that \
               field itself.",
        why: "An empty translation is a blank label: a settings field without a name, a widget \
              without a name or description in the marketplace for users of that language. \
              Moderation asks that the language files be filled in.",
        bad: "i18n/es.json: {\"settings\": {\"login\": \"\"}}",
        good: "i18n/es.json: {\"settings\": {\"login\": \"Usuario\"}}",
        fix: "Write the translation.",
        sources: &["K-I18N", "A-REQ", "K-MANIFEST"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for EmptyTranslation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let files = listed_files(cx.widget, &manifest);
        let mut seen: HashSet<&str> = HashSet::new();
        for r in manifest.i18n_references() {
            if !is_i18n_key(r.value)
                || is_custom_field_name(&manifest, &r.pointer)
                || !seen.insert(r.value)
            {
                continue;
            }
            for file in &files {
                let Resolved::Text(node, pointer) = resolve(file.root(), r.value) else {
                    continue; // missing or not a string: I18N004
                };
                let Some(text) = node.as_str() else {
                    continue;
                };
                if !text.trim().is_empty() {
                    continue;
                }
                let what = if text.is_empty() {
                    "is empty"
                } else {
                    "holds only whitespace"
                };
                let via = if r.field == r.value {
                    String::new()
                } else {
                    format!(" (the text of `{}`)", r.field)
                };
                out.report(
                    Finding::new(
                        &META,
                        format!("`{}` {what} in `{}`{via}", r.value, file.path),
                    )
                    .at(&file.path, node, pointer)
                    .help(format!("write the `{}` text for `{}`", file.code, r.value)),
                );
            }
        }
    }
}

/// True for the `name` of a `custom` settings field: its widget draws the field itself, and a
/// blank label above that UI is a deliberate choice rather than a forgotten translation.
fn is_custom_field_name(manifest: &Manifest, pointer: &str) -> bool {
    if !(pointer.starts_with("/settings/") || pointer.starts_with("/dp/settings/")) {
        return false;
    }
    pointer
        .strip_suffix("/name")
        .and_then(|field| manifest.root().pointer(field))
        .and_then(|field| field.get("type"))
        .and_then(|t| t.as_str())
        == Some("custom")
}
