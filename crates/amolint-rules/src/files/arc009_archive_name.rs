//! ARC009 archive-name: the archive file is not named `widget.zip`.

use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Info;
use amolint_core::source::{SourceIssue, SourceKind};

pub struct ArchiveName;

pub static META: RuleMeta = RuleMeta {
    code: "ARC009",
    name: "archive-name",
    pack: "files",
    amocrm: Some(Info),
    kommo: Some(Info),
    summary: "the archive file is not named `widget.zip`",
    docs: RuleDocs {
        what: "Checks that a zipped widget is named `widget.zip`. Widget folders are not \
               concerned.",
        why: "amoCRM's upload page says the archive must be called `widget.zip`, and the official \
              Kommo scaffolder always builds `widget.zip`. Whether another name is actually \
              refused is not documented, hence only an info.",
        bad: "my-widget-v1.2.zip",
        good: "widget.zip",
        fix: "Rename the archive to `widget.zip` before uploading it (keep versions in folder \
              names, or in `widget.version` of the manifest).",
        sources: &["A-UPLOAD", "A-UPLOAD-EN", "G-KOMMO-CLI", "G-INSTALLER"],
        uncertain: Some(
            "amo's upload page asks for `widget.zip`; whether a different name is rejected is not \
             documented (tools that upload for you send the name `widget.zip` whatever the local \
             file is called).",
        ),
    },
    options: &[],
};

const EXPECTED: &str = "widget.zip";

impl Rule for ArchiveName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let widget = cx.widget;
        if widget.kind() != SourceKind::Zip {
            return;
        }
        // Not a zip at all: ARC001 is the one finding.
        if widget
            .source()
            .issues()
            .iter()
            .any(|i| matches!(i, SourceIssue::NotAZip { .. }))
        {
            return;
        }
        let path = widget.path();
        let name = path
            .rsplit(['/', '\\'])
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or(path);
        if name == EXPECTED {
            return;
        }
        out.report(
            Finding::new(
                &META,
                format!(
                    "the archive is named `{name}`; amoCRM's upload page asks for `{EXPECTED}`"
                ),
            )
            .help(format!("rename it to `{EXPECTED}` before uploading")),
        );
    }
}
