//! ENC001 utf8-bom: a text file starts with a UTF-8 byte order mark.

use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::format::is_text_file;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::EntryKind;
use amolint_core::text::Span;

pub struct Utf8Bom;

pub static META: RuleMeta = RuleMeta {
    code: "ENC001",
    name: "utf8-bom",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a text file starts with a UTF-8 BOM",
    docs: RuleDocs {
        what: "Checks that no text file (.json .js .css .twig .html .txt .svg) starts with the \
               UTF-8 byte order mark EF BB BF.",
        why: "The platforms require UTF-8 without BOM. PHP's json_decode rejects a manifest that \
              starts with a BOM, so the upload fails with an invalid-manifest error although the \
              file looks fine in an editor.",
        bad: "EF BB BF 7B 0A …   (\"\\u{feff}{\" at the start of manifest.json)",
        good: "7B 0A …   (the file starts directly with \"{\")",
        fix: "Save the file as \"UTF-8\" rather than \"UTF-8 with BOM\" (VS Code: the encoding \
              in the status bar, then \"Save with Encoding\"), or strip the first three bytes.",
        sources: &["K-STRUCT", "A-STRUCT", "T-COMMUNITY"],
        uncertain: None,
    },
    options: &[],
};

/// The fix: delete the three bytes of the mark, nothing else.
pub static FIX: FixDocs = FixDocs {
    safe: Some(
        "Deletes the byte order mark (the bytes EF BB BF) at the start of the file. Safe: the \
         mark is no text, every other byte stays, and the platform reads the file as the \
         author sees it in an editor.",
    ),
    unsafe_: None,
};

impl Rule for Utf8Bom {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        Some(&FIX)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for entry in cx.widget.files() {
            if entry.kind != EntryKind::File || !is_text_file(&entry.path) {
                continue;
            }
            let Ok(text) = cx.widget.text(&entry.path) else {
                continue;
            };
            if text.bom {
                out.report(
                    Finding::new(
                        &META,
                        format!("`{}` starts with a UTF-8 byte order mark (BOM)", entry.path),
                    )
                    .file(entry.path.as_str())
                    .span(Span::new(0, 3))
                    .help("save the file as UTF-8 without BOM")
                    .fix(Fix::safe(
                        "remove the byte order mark",
                        vec![Edit::delete(entry.path.as_str(), Span::new(0, 3))],
                    )),
                );
            }
        }
    }
}
