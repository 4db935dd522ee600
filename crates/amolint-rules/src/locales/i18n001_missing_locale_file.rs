//! I18N001 missing-locale-file: a `widget.locale` code has no `i18n/<code>.json`.

use super::support::{
    listed_locales, locale_path, misspelled_with_file, shipped_locale_files, suggested_locale,
};
use amolint_core::format::locales;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::platform::Platform;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct MissingLocaleFile;

pub static META: RuleMeta = RuleMeta {
    code: "I18N001",
    name: "missing-locale-file",
    pack: "locales",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a `widget.locale` code has no `i18n/<code>.json`",
    docs: RuleDocs {
        what: "Checks that every language code in `widget.locale` has its translation file \
               `i18n/<code>.json` in the widget.",
        why: "The platform shows the widget's name, description and settings from the locale \
              file of the user's language. A listed language without its file leaves those texts \
              untranslated or empty, and moderation rejects widgets whose locale list and files \
              do not match. This is reported once per language: the keys that file would hold \
              are not reported again (I18N004).",
        bad: "\"locale\": [\"en\", \"es\"]   with only i18n/en.json in the archive",
        good: "\"locale\": [\"en\", \"es\"]   with i18n/en.json and i18n/es.json",
        fix: "Add `i18n/<code>.json` with the same keys as the other locale files (the file name \
              is case-sensitive and must be exactly the code), or remove the code from \
              `widget.locale`. When the code itself is not one the platform takes (`es_ES`, \
              which I18N003 reports), the help names the valid code (`es`) and its file instead.",
        sources: &[
            "K-MANIFEST",
            "K-I18N",
            "A-STRUCT",
            "A-REQ",
            "decision 8",
            "decision 14",
        ],
        uncertain: None,
    },
    options: &[],
};

impl Rule for MissingLocaleFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let shipped = shipped_locale_files(cx.widget);
        for (index, locale) in listed_locales(&manifest) {
            let code = locale.value;
            // An empty code is no language at all: I18N003 says so.
            if code.trim().is_empty() {
                continue;
            }
            let path = locale_path(code);
            // Present but not a regular file (a symlink, a folder): ARC010 and the read
            // problem report are about that, not a missing translation.
            if cx.widget.entry(&path).is_some() {
                continue;
            }
            // `es_ES` listed with `i18n/es.json` shipped: I18N003 says to write `es`.
            if misspelled_with_file(cx.widget, code, cx.platform()) {
                continue;
            }
            let folder = format!("i18n/{code}/");
            let allowed = locales(cx.platform());
            let help = if !allowed.contains(&code) {
                // A code I18N003 rejects: never suggest a file named after it.
                unsupported_help(code, &manifest, cx.platform())
            } else if let Some((_, other)) =
                shipped.iter().find(|(c, _)| c.eq_ignore_ascii_case(code))
            {
                format!("rename `{other}` to `{path}`: file names are case-sensitive")
            } else if cx
                .widget
                .files()
                .iter()
                .any(|e| e.path.starts_with(&folder))
            {
                format!(
                    "the platform reads the file `{path}`, not the folder `{folder}`: move the \
                     `{code}` translations into `{path}`"
                )
            } else {
                format!(
                    "add `{path}` with the same keys as the other locale files, or remove \
                     `\"{code}\"` from `widget.locale`"
                )
            };
            let message = if allowed.contains(&code) {
                format!("`widget.locale` lists `{code}`, but the widget has no `{path}`")
            } else {
                format!(
                    "`widget.locale` lists `{code}`, and the widget has no translation file for it"
                )
            };
            out.report(
                Finding::new(&META, message)
                    .at(
                        MANIFEST_FILE,
                        locale.node,
                        format!("/widget/locale/{index}"),
                    )
                    .help(help),
            );
        }
    }
}

/// The help for a listed code the platform does not take (I18N003's finding): the valid code it
/// stands for and that code's file, or the platform's codes when none is close.
fn unsupported_help(code: &str, manifest: &Manifest, platform: Platform) -> String {
    let name = platform.display_name();
    match suggested_locale(code, platform) {
        Some(valid) if manifest.locales().iter().any(|(_, l)| l.value == valid) => format!(
            "`{code}` is not a locale code {name} takes and `{valid}` is listed already: remove \
             `\"{code}\"` from `widget.locale`"
        ),
        Some(valid) => format!(
            "`{code}` is not a locale code {name} takes: list `\"{valid}\"` instead and add \
             `{}` with the same keys as the other locale files",
            locale_path(valid)
        ),
        None => format!(
            "`{code}` is not a locale code {name} takes: remove it, or list one of `{}` and add \
             its file",
            locales(platform).join(" ")
        ),
    }
}
