//! MAN010 duplicate-locale: `widget.locale` lists a language code twice.

use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::json::edit::remove_element;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct DuplicateLocale;

pub static META: RuleMeta = RuleMeta {
    code: "MAN010",
    name: "duplicate-locale",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "`widget.locale` repeats a language code",
    docs: RuleDocs {
        what: "Reports every repeat of a code in `widget.locale`, pointing at the repeat and \
               naming the first occurrence.",
        why: "Each code stands for one i18n/<code>.json file; amoCRM moderation checks that the \
              number of languages equals the number of language files, and a repeated code \
              breaks that count. A repeat is also often a typo for a language that was meant \
              (`[\"en\", \"es\", \"en\"]` where `pt` was intended).",
        bad: r#""locale": ["en", "es", "en"]"#,
        good: r#""locale": ["en", "es"]"#,
        fix: "Remove the repeated code, or replace it with the language that was meant.",
        sources: &["K-MANIFEST", "K-I18N", "A-REQ"],
        uncertain: None,
    },
    options: &[],
};

/// The fix: drop the repeat.
pub static FIX: FixDocs = FixDocs {
    safe: Some(
        "Removes the repeated code with its comma. Safe: the widget offers the same languages \
         afterwards.",
    ),
    unsafe_: None,
};

impl Rule for DuplicateLocale {
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
        let text = &manifest.file().text.text;
        let list = manifest.widget_field("locale");
        let locales = manifest.locales();
        for (n, (index, locale)) in locales.iter().enumerate() {
            let Some((first, _)) = locales
                .iter()
                .take(n)
                .find(|(_, earlier)| earlier.value == locale.value)
            else {
                continue;
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`widget.locale` lists \"{}\" again at index {index}; it is already at \
                         index {first}",
                        locale.value
                    ),
                )
                .at(
                    MANIFEST_FILE,
                    locale.node,
                    format!("/widget/locale/{index}"),
                )
                .help(format!(
                    "remove this \"{}\", or replace it with the language that was meant",
                    locale.value
                ))
                .fix(
                    list.and_then(|list| remove_element(text, list, *index))
                        .map(|e| {
                            Fix::safe(
                                format!("remove the repeated \"{}\"", locale.value),
                                vec![Edit::text(MANIFEST_FILE, e)],
                            )
                        }),
                ),
            );
        }
    }
}
