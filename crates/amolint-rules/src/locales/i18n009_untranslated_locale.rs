//! I18N009 untranslated-locale: `tr.json` or `id.json` is a copy of `en.json`.

use super::support::{LocaleFile, head, listed_locales};
use amolint_core::manifest::Manifest;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Info;

pub struct UntranslatedLocale;

pub static META: RuleMeta = RuleMeta {
    code: "I18N009",
    name: "untranslated-locale",
    pack: "locales",
    amocrm: None,
    kommo: Some(Info),
    summary: "`tr.json` or `id.json` identical to `en.json`",
    docs: RuleDocs {
        what: "On Kommo, reports a listed Turkish (`tr`) or Indonesian (`id`) locale file whose \
               keys and texts are exactly those of `i18n/en.json`.",
        why: "Kommo's marketplace lets a widget ship English copies for the newer `tr` and `id` \
              languages, but only for six months: after that the files must be translated. \
              This is a reminder, not a defect today.",
        bad: "i18n/tr.json is a byte-for-byte copy of i18n/en.json",
        good: "i18n/tr.json: {\"widget\": {\"name\": \"Sipariş senkronizasyonu\", …}}",
        fix: "Translate the file within six months of adding the language.",
        sources: &["K-MANIFEST", "K-I18N"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for UntranslatedLocale {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(english) = LocaleFile::load(cx.widget, "en") else {
            return;
        };
        let english_tree = english.root().to_serde();
        for (_, locale) in listed_locales(&manifest) {
            if !matches!(locale.value, "tr" | "id") {
                continue;
            }
            let Some(file) = LocaleFile::load(cx.widget, locale.value) else {
                continue;
            };
            if file.root().to_serde() != english_tree {
                continue;
            }
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`{}` is an untranslated copy of `{}`",
                        file.path, english.path
                    ),
                )
                .file(file.path.as_str())
                .span(head(file.root()))
                .pointer("")
                .help(format!(
                    "Kommo accepts English texts for `{}` for six months after the language is \
                     added; translate the file before then",
                    file.code
                )),
            );
        }
    }
}
