//! I18N007 not-an-i18n-key: a manifest text field holds plain text instead of an i18n key.

use super::support::{is_i18n_key, nested_shape};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct NotAnI18nKey;

pub static META: RuleMeta = RuleMeta {
    code: "I18N007",
    name: "not-an-i18n-key",
    pack: "locales",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a manifest text field holds plain text instead of an i18n key",
    docs: RuleDocs {
        what: "Checks that the manifest's text fields (the list of I18N004: widget name and \
               descriptions, tour description, settings names, titles) hold i18n keys such as \
               `widget.name`, not the text itself. A value with spaces or non-ASCII characters \
               is taken for plain text; it is not looked up in the locale files.",
        why: "The platform treats these values as keys into the locale files. Text written \
              straight into the manifest is shown the same in every language (or not at all, \
              where the platform expects a key), and the widget cannot be translated.",
        bad: "\"widget\": { \"name\": \"Order sync\" }",
        good: "\"widget\": { \"name\": \"widget.name\" }   and in each i18n/<code>.json: \
               {\"widget\": {\"name\": \"Order sync\"}}",
        fix: "Move the text into every locale file under a key, translated, and put the key in \
              the manifest.",
        sources: &["K-MANIFEST", "A-STRUCT", "A-FIELDS", "K-FIELDS"],
        uncertain: Some(
            "What the platform shows for a value that is no key is not documented. amolint calls \
             a value plain text when it has whitespace or non-ASCII characters; a single ASCII \
             word is taken for a key and looked up (I18N004).",
        ),
    },
    options: &[],
};

/// How much of the text a message quotes.
const QUOTED_CHARS: usize = 40;

impl Rule for NotAnI18nKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for r in manifest.i18n_references() {
            // Empty or blank values are MAN009's (or nobody's): neither text nor key.
            if r.value.trim().is_empty() || is_i18n_key(r.value) {
                continue;
            }
            let key = suggested_key(&r.field);
            let trimmed = r.value.trim();
            let (message, help) = if is_i18n_key(trimmed) {
                (
                    format!(
                        "`{}` is `{}` with whitespace around the key, so it is not the key \
                         `{trimmed}`",
                        r.field,
                        r.value.escape_debug()
                    ),
                    format!("remove the whitespace: \"{trimmed}\""),
                )
            } else {
                let segments: Vec<&str> = key.split('.').collect();
                (
                    format!(
                        "`{}` holds plain text \"{}\" instead of an i18n key",
                        r.field,
                        quote(r.value)
                    ),
                    format!(
                        "put the text in every `i18n/<code>.json` as `{}` (translated) and set \
                         `{}` to \"{key}\"",
                        nested_shape(&segments),
                        r.field
                    ),
                )
            };
            out.report(
                Finding::new(&META, message)
                    .at(MANIFEST_FILE, r.node, r.pointer.as_str())
                    .help(help),
            );
        }
    }
}

/// The key the documentation's examples use for a field: `widget.name` for `widget.name`,
/// `settings.login` for `settings.login.name`, `widget.tour_description` for the tour.
fn suggested_key(field: &str) -> String {
    if field == "tour.tour_description" {
        return "widget.tour_description".to_string();
    }
    if (field.starts_with("settings.") || field.starts_with("dp.settings."))
        && let Some(base) = field.strip_suffix(".name")
    {
        return base.to_string();
    }
    field.to_string()
}

fn quote(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= QUOTED_CHARS {
        one_line
    } else {
        let cut: String = one_line.chars().take(QUOTED_CHARS).collect();
        format!("{}…", cut.trim_end())
    }
}
