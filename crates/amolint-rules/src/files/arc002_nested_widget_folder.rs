//! ARC002 nested-widget-folder: the widget's files sit in one top-level folder instead of at the
//! root (the `widget/` packaging mistake).

use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::SourceKind;

pub struct NestedWidgetFolder;

pub static META: RuleMeta = RuleMeta {
    code: "ARC002",
    name: "nested-widget-folder",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "the widget's files are inside one folder instead of at the archive root",
    docs: RuleDocs {
        what: "Checks that `manifest.json` sits at the root of the archive, not inside a single \
               top-level folder. When exactly one top-level folder holds it, amolint reports this \
               and checks the rest of the widget as if it had been packed correctly.",
        why: "The platform looks for `manifest.json` at the root of the uploaded archive. Zipping \
              the widget folder itself (right-click > Compress on `widget/`) puts every file one \
              level too deep, and the upload fails as if there were no manifest at all.",
        bad: "widget.zip\n  widget/manifest.json\n  widget/script.js\n  widget/i18n/en.json",
        good: "widget.zip\n  manifest.json\n  script.js\n  i18n/en.json",
        fix: "Zip the folder's contents, not the folder: `cd widget && zip -r ../widget.zip .` \
              (on Windows, open the folder, select all files and \"Send to > Compressed (zipped) \
              folder\").",
        sources: &["K-STRUCT", "A-STRUCT", "T-COMMUNITY"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for NestedWidgetFolder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let widget = cx.widget;
        let root = widget.root();
        if root.is_empty() {
            return;
        }
        let folder = root.trim_end_matches('/');
        let finding = match widget.kind() {
            SourceKind::Zip => Finding::new(
                &META,
                format!(
                    "the widget's files are inside the folder `{root}` of the archive, not at its \
                     root: the platform looks for `manifest.json` at the root and will not find it"
                ),
            )
            .help(format!(
                "zip the folder's contents, not the folder itself: `cd {folder} && zip -r ../widget.zip .`"
            )),
            SourceKind::Directory => Finding::new(
                &META,
                format!(
                    "`manifest.json` is in the subfolder `{root}`, not at the root of the checked \
                     folder; packing this folder would put every file one level too deep"
                ),
            )
            .help(format!(
                "check and pack the folder `{root}` itself: `cd {folder} && zip -r ../widget.zip .`"
            )),
        };
        out.report(finding.source_file(format!("{root}manifest.json")));
    }
}
