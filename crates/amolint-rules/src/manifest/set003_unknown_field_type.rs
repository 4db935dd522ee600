//! SET003 unknown-field-type: a settings field `type` outside the documented five.

use super::settings_fields::{BLOCKS, Block, field_type};
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::format::FIELD_TYPES;
use amolint_core::json::edit::string_literal;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};
use amolint_core::suggest::nearest;

pub struct UnknownFieldType;

pub static META: RuleMeta = RuleMeta {
    code: "SET003",
    name: "unknown-field-type",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a settings field `type` outside `text pass users users_lp custom`",
    docs: RuleDocs {
        what: "Checks that the `type` of every field in `settings` is one of `text`, `pass`, \
               `users`, `users_lp`, `custom` (an error), and the same in `dp.settings` (a \
               warning there). Suggests `pass` for `password` and the nearest type for a typo.",
        why: "These five are the complete list on both platforms, and the widgets API reports \
              no other. There is no `password`, `numeric`, `checkbox`, `select` or `textarea` \
              field: such a field is not drawn as intended, or not at all. (`numeric` and `url` \
              exist only in salesbot handler settings.)",
        bad: r#""api_key": { "name": "settings.api_key", "type": "password", "required": true }"#,
        good: r#""api_key": { "name": "settings.api_key", "type": "pass", "required": true }"#,
        fix: "Use `text` for any text or number input, `pass` for secrets, `users` / `users_lp` \
              for per-user values, and one `custom` field when the widget needs its own control \
              (checkbox, select, textarea), drawn by script.js.",
        sources: &["A-FIELDS", "K-FIELDS", "A-WAPI", "K-INSTALL-API", "K-DP"],
        uncertain: Some(
            "`dp.settings` is documented as \"like settings\" without its own list of types, so \
             an unknown type there is a warning rather than an error.",
        ),
    },
    options: &[],
};

/// The fix, where one type is meant.
pub static FIX: FixDocs = FixDocs {
    safe: None,
    unsafe_: Some(
        "Replaces the type with the one field type it is closest to (`password` → `pass`, \
         `Text` → `text`), when there is one. Unsafe: the settings page then draws another \
         control than it did, and the closest type is a guess at the one meant.",
    ),
};

impl Rule for UnknownFieldType {
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
        for block in BLOCKS {
            for field in block.fields(&manifest) {
                // A missing or non-string `type` is SET002's.
                let Some((kind, node, pointer)) = field_type(&field) else {
                    continue;
                };
                if FIELD_TYPES.contains(&kind) {
                    continue;
                }
                let mut finding = Finding::new(
                    &META,
                    format!(
                        "`{}.type` is `{kind}`, which is not a settings field type",
                        block.field_label(&field)
                    ),
                )
                .at(MANIFEST_FILE, node, pointer)
                .help(help(kind))
                .fix(guess(kind).map(|t| {
                    Fix::unsafe_(
                        format!("replace the type `{kind}` with `{t}`"),
                        vec![Edit::replace(MANIFEST_FILE, node.span, string_literal(t))],
                    )
                }));
                if block == Block::DpSettings {
                    finding = finding.severity(Warning);
                }
                out.report(finding);
            }
        }
    }
}

/// The field type an unknown one most likely means.
fn guess(kind: &str) -> Option<&'static str> {
    let folded = kind.trim().to_ascii_lowercase();
    match folded.as_str() {
        "password" | "passwd" | "secret" => Some("pass"),
        _ => nearest(kind.trim(), FIELD_TYPES),
    }
}

fn help(kind: &str) -> String {
    match guess(kind) {
        Some(t) => format!("did you mean `{t}`?"),
        None => "use one of `text`, `pass`, `users`, `users_lp`, `custom`; a `custom` field \
                 lets script.js draw any other control"
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::help;

    #[test]
    fn suggests_the_type_meant() {
        assert_eq!(help("password"), "did you mean `pass`?");
        assert_eq!(help("Text"), "did you mean `text`?");
        assert_eq!(help("user"), "did you mean `users`?");
        assert!(help("textarea").starts_with("use one of"));
    }
}
