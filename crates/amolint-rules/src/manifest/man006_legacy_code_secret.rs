//! MAN006 legacy-code-secret: `widget.code` or `widget.secret_key` is present.

use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::json::edit::remove_member;
use amolint_core::json::pointer_push;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct LegacyCodeSecret;

pub static META: RuleMeta = RuleMeta {
    code: "MAN006",
    name: "legacy-code-secret",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "`widget.code` or `widget.secret_key` is present",
    docs: RuleDocs {
        what: "Reports `widget.code` and `widget.secret_key` in the manifest, one finding each.",
        why: "Both platforms now generate the widget code when the archive is uploaded, so new \
              widgets need neither field. The secret key is worse than useless: manifest.json \
              ships inside widget.zip, so anyone who gets the archive (or the repository it is \
              built from) can read the key. Old documentation examples still carry both fields, and \
              copying them is a known mistake.",
        bad: r#""widget": { "name": "widget.name", "code": "my_widget", "secret_key": "f85c24e6…", … }"#,
        good: r#""widget": { "name": "widget.name", … }"#,
        fix: "Delete both lines. Keep them only when you update an old integration that was \
              uploaded with this code and key and has not been converted to the current upload \
              flow; then keep the key out of any public repository.",
        sources: &["A-UPLOAD", "K-PRIVATE", "A-FIELDS", "A-CUSTOM", "K-STRUCT"],
        uncertain: Some(
            "A-UPLOAD says the fields are still needed to update an already uploaded, not yet \
             converted legacy integration, and K-STRUCT still tells authors to set them; hence \
             a warning, not an error.",
        ),
    },
    options: &[],
};

/// The fix: remove the field.
pub static FIX: FixDocs = FixDocs {
    safe: None,
    unsafe_: Some(
        "Removes the `code` or `secret_key` line from `widget`. Unsafe: an old integration that \
         is updated by uploading the archive again may still need its code and key, and only \
         its author knows whether it is one.",
    ),
};

impl Rule for LegacyCodeSecret {
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
        let Some(widget) = manifest.widget() else {
            return; // MAN001
        };
        for (key, message, help) in [
            (
                "code",
                "`widget.code` is a legacy field: the widget code is generated when the archive \
                 is uploaded",
                "remove the `code` line (keep it only to update an old, not yet converted \
                 integration uploaded with this code)",
            ),
            (
                "secret_key",
                "`widget.secret_key` ships inside the archive, where anyone who has it can read \
                 it; widget codes and keys are generated on upload",
                "remove the `secret_key` line (keep it only to update an old, not yet \
                 converted integration)",
            ),
        ] {
            let Some(member) = widget.member(key) else {
                continue;
            };
            let text = &manifest.file().text.text;
            let fix = widget
                .as_object()
                .and_then(|members| members.iter().position(|m| m.key_span == member.key_span))
                .and_then(|index| remove_member(text, widget, index))
                .map(|e| {
                    Fix::unsafe_(
                        format!("remove `widget.{key}`"),
                        vec![Edit::text(MANIFEST_FILE, e)],
                    )
                });
            out.report(
                Finding::new(&META, message)
                    .file(MANIFEST_FILE)
                    .span(member.key_span)
                    .pointer(pointer_push("/widget", key))
                    .help(help)
                    .fix(fix),
            );
        }
    }
}
