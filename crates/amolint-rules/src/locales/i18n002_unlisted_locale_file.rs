//! I18N002 unlisted-locale-file: an `i18n/*.json` whose code is not in `widget.locale`.

use super::support::{
    code_list, listed_locales, locale_path, shipped_locale_files, suggested_locale,
};
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::format::locales;
use amolint_core::json::edit::{insert_element, string_literal};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use std::collections::HashSet;

pub struct UnlistedLocaleFile;

pub static META: RuleMeta = RuleMeta {
    code: "I18N002",
    name: "unlisted-locale-file",
    pack: "locales",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "an `i18n/*.json` whose code is not in `widget.locale`",
    docs: RuleDocs {
        what: "Checks that every `i18n/<code>.json` file belongs to a language listed in \
               `widget.locale`.",
        why: "The platform only uses the languages `widget.locale` lists, so the translations \
              in an unlisted file are never shown. Usually the code was forgotten in the list, \
              or the file is left over from a language the widget dropped; amo moderation asks \
              that the number of locales equal the number of language files.",
        bad: "\"locale\": [\"en\"]   with i18n/en.json and i18n/es.json",
        good: "\"locale\": [\"en\", \"es\"]   with i18n/en.json and i18n/es.json",
        fix: "Add the code to `widget.locale` if the widget should offer that language (and the \
              platform supports it, see I18N003), or delete the file.",
        sources: &["K-I18N", "K-MANIFEST", "A-STRUCT", "A-REQ"],
        uncertain: None,
    },
    options: &[],
};

/// The fix, for a language the platform offers.
pub static FIX: FixDocs = FixDocs {
    safe: None,
    unsafe_: Some(
        "Adds the file's language to the end of `widget.locale`, when the platform offers that \
         language. Unsafe: the widget is then offered in that language, with the file's texts, \
         which its author may not have finished. A file for a language the platform does not \
         offer gets no fix (deleting files is the author's call).",
    ),
};

impl Rule for UnlistedLocaleFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        Some(&FIX)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let listed: Vec<&str> = listed_locales(&manifest)
            .iter()
            .map(|(_, l)| l.value)
            .collect();
        // No usable `widget.locale` is MAN002, MAN003 or MAN009's; every file would be unlisted.
        if listed.is_empty() {
            return;
        }
        let platform = cx.platform();
        let exact: HashSet<&str> = listed.iter().copied().collect();
        // `EN.json` for a listed `en` that has no `en.json`: I18N001 says to rename it.
        let renamed: HashSet<String> = listed
            .iter()
            .filter(|l| !cx.widget.has_file(&locale_path(l)))
            .map(|l| l.to_ascii_lowercase())
            .collect();
        // `es.json` for a listed `es_ES`: I18N003 says to list `es`.
        let misspelled: HashSet<&str> = listed
            .iter()
            .filter_map(|l| suggested_locale(l, platform))
            .collect();
        let text = &manifest.file().text.text;
        let list = manifest
            .widget_field("locale")
            .filter(|l| l.as_array().is_some());
        for (code, path) in shipped_locale_files(cx.widget) {
            if exact.contains(code.as_str())
                || renamed.contains(&code.to_ascii_lowercase())
                || misspelled.contains(code.as_str())
            {
                continue;
            }
            let offered = locales(cx.platform()).contains(&code.as_str());
            let fix = list
                .filter(|_| offered)
                .and_then(|list| {
                    let end = list.as_array().map_or(0, <[_]>::len);
                    insert_element(text, list, end, &string_literal(&code))
                })
                .map(|e| {
                    Fix::unsafe_(
                        format!("add \"{code}\" to `widget.locale`"),
                        vec![Edit::text(MANIFEST_FILE, e)],
                    )
                });
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`{path}` is never used: `{code}` is not in `widget.locale` ({})",
                        code_list(&listed)
                    ),
                )
                .file(path.as_str())
                .fix(fix)
                .help(if offered {
                    format!(
                        "add `\"{code}\"` to `widget.locale` if the widget should offer that \
                         language, or delete `{path}`"
                    )
                } else {
                    format!(
                        "delete `{path}`: `{code}` is not a locale {} offers either",
                        cx.platform().display_name()
                    )
                }),
            );
        }
    }
}
