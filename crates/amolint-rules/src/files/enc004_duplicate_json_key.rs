//! ENC004 duplicate-json-key: an object of `manifest.json` or an `i18n/*.json` repeats a key.

use super::common::platform_json_files;
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::json::edit::{member_at, remove_member};
use amolint_core::json::{DuplicateKey, Node, pointer_push};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct DuplicateJsonKey;

pub static META: RuleMeta = RuleMeta {
    code: "ENC004",
    name: "duplicate-json-key",
    pack: "files",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "an object repeats a key; the platform silently keeps the last one",
    docs: RuleDocs {
        what: "Reports every key that appears more than once in one object of `manifest.json` \
               or of an `i18n/*.json` file.",
        why: "JSON parsers do not refuse repeated keys: PHP's json_decode, like JavaScript's \
              JSON.parse, silently keeps the last value. The first occurrence, often the one \
              you edited, is ignored, and the widget behaves as if it were not there. amolint's \
              other rules see the same last value.",
        bad: "\"widget\": {\n  \"name\": \"widget.name\",\n  \"version\": \"1.0.1\",\n  \"name\": \"widget.title\"\n}",
        good: "\"widget\": {\n  \"name\": \"widget.name\",\n  \"version\": \"1.0.1\"\n}",
        fix: "Keep one occurrence of the key, with the value you mean, and delete the others. \
              When the two were meant to be different keys, rename one.",
        sources: &["K-MANIFEST", "K-I18N"],
        uncertain: None,
    },
    options: &[],
};

/// The fix, offered only when both occurrences hold the same value.
pub static FIX: FixDocs = FixDocs {
    safe: Some(
        "When the repeated key holds the same value both times, removes the earlier occurrence \
         with its comma. Safe: the platform keeps the last value, which does not change. Keys \
         whose values differ get no fix: which one the author meant is theirs to say.",
    ),
    unsafe_: None,
};

impl Rule for DuplicateJsonKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        Some(&FIX)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for path in platform_json_files(cx.widget) {
            let Ok(file) = cx.widget.json(&path) else {
                continue;
            };
            let Some(doc) = &file.doc else {
                continue;
            };
            for dup in &doc.duplicate_keys {
                let first = file.text.lines.position(&file.text.text, dup.first.start);
                let within = if dup.object_pointer.is_empty() {
                    "the top-level object".to_string()
                } else {
                    format!("`{}`", dup.object_pointer)
                };
                out.report(
                    Finding::new(
                        &META,
                        format!(
                            "key `{}` appears again in {within} (first on line {}); the platform \
                             keeps only the last value (PHP's json_decode does), the earlier one \
                             is ignored",
                            dup.key, first.line
                        ),
                    )
                    .file(path.as_str())
                    .span(dup.duplicate)
                    .pointer(pointer_push(&dup.object_pointer, &dup.key))
                    .help("keep one occurrence with the value you mean and delete the other")
                    .fix(
                        doc.root
                            .as_ref()
                            .and_then(|root| drop_earlier(&path, &file.text.text, root, dup)),
                    ),
                );
            }
        }
    }
}

/// Removes the earlier occurrence of a repeated key when its value equals the repeat's.
fn drop_earlier(path: &str, text: &str, root: &Node, dup: &DuplicateKey) -> Option<Fix> {
    let (object, index) = member_at(root, dup.first)?;
    let (repeat_object, repeat) = member_at(root, dup.duplicate)?;
    let members = object.as_object()?;
    let earlier = &members.get(index)?.value;
    let later = &repeat_object.as_object()?.get(repeat)?.value;
    if earlier.to_serde() != later.to_serde() {
        return None;
    }
    let edit = remove_member(text, object, index)?;
    Some(Fix::safe(
        format!(
            "remove the earlier `{}`, which holds the same value",
            dup.key
        ),
        vec![Edit::text(path, edit)],
    ))
}
