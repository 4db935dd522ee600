//! I18N003 unsupported-locale: a `widget.locale` code outside the platform's set.

use super::support::{listed_locales, locale_path, suggested_locale};
use amolint_core::format::locales;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::platform::Platform;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct UnsupportedLocale;

pub static META: RuleMeta = RuleMeta {
    code: "I18N003",
    name: "unsupported-locale",
    pack: "locales",
    amocrm: Some(Warning),
    kommo: Some(Error),
    summary: "a locale code outside the platform's set",
    docs: RuleDocs {
        what: "Checks that every code in `widget.locale` is a language the platform offers: \
               amoCRM `ru en es pt`, Kommo `en es pt tr id`. Codes are two lower-case letters \
               without a region (`es`, not `es_ES`).",
        why: "The platform picks the locale file by the account's interface language; a code it \
              does not know (`es_ES`, `ua`, `EN`) is never picked, so that translation is dead \
              weight, and Kommo documents its five codes as the allowed values.",
        bad: "\"locale\": [\"en\", \"es_ES\"]",
        good: "\"locale\": [\"en\", \"es\"]   (and the file renamed to i18n/es.json)",
        fix: "Use the platform's two-letter code and rename the locale file to match, or remove \
              the language.",
        sources: &["K-MANIFEST", "K-I18N", "A-STRUCT", "decision 2"],
        uncertain: Some(
            "amoCRM's allowed set is not stated in one place (the structure page names ru, en, es \
             and pt; older pages only ru and en). amolint accepts ru en es pt on amoCRM and warns \
             about other codes there rather than failing.",
        ),
    },
    options: &[],
};

impl Rule for UnsupportedLocale {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let platform = cx.platform();
        let allowed = locales(platform);
        let list = allowed.join(" ");
        for (index, locale) in listed_locales(&manifest) {
            let code = locale.value;
            if allowed.contains(&code) {
                continue;
            }
            let name = platform.display_name();
            let message = if code.trim().is_empty() {
                format!("`widget.locale` holds an empty code; {name} accepts `{list}`")
            } else {
                format!("`{code}` is not a locale {name} accepts (`{list}`)")
            };
            let base = code
                .split(['_', '-'])
                .next()
                .unwrap_or(code)
                .to_ascii_lowercase();
            let other = match platform {
                Platform::Amocrm => Platform::Kommo,
                Platform::Kommo => Platform::Amocrm,
            };
            let help = if let Some(near) = suggested_locale(code, platform) {
                let mut help = if near == base {
                    format!(
                        "use `{near}`: locale codes are two lower-case letters without a region"
                    )
                } else {
                    format!("did you mean `{near}`?")
                };
                let (file, wanted) = (locale_path(code), locale_path(near));
                if cx.widget.has_file(&wanted) {
                    help.push_str(&format!(" (the widget has `{wanted}`)"));
                } else if cx.widget.has_file(&file) {
                    help.push_str(&format!(", and rename `{file}` to `{wanted}`"));
                }
                help
            } else if locales(other).contains(&code) {
                format!(
                    "`{code}` is a {} locale; remove it for {name}, or check the widget for the \
                     other platform (--platform {other})",
                    other.display_name()
                )
            } else {
                format!("remove it, or use one of `{list}`")
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
