//! ARC010 symlink-entry: a symlink inside the archive, or a symlink in a widget folder that leads
//! outside the widget (or nowhere).

use super::common::printable;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::{EntryKind, SourceKind};

pub struct SymlinkEntry;

pub static META: RuleMeta = RuleMeta {
    code: "ARC010",
    name: "symlink-entry",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a symlink in the archive, or a folder symlink leading outside the widget",
    docs: RuleDocs {
        what: "Reports every symbolic link stored in the archive, and every symbolic link in a \
               widget folder that leads outside the widget or to nothing. Links inside a folder \
               that resolve to files of the widget are followed and checked like the files \
               themselves.",
        why: "A symlink entry is not a file: the platform gets a link to a path on its own \
              server, which it must refuse (links to `/etc/passwd` are a classic archive attack), \
              so the file the widget expects is simply missing. A folder symlink leading outside \
              the widget means the packed widget will lack that file, or carry a copy of \
              something that is not part of it.",
        bad: "widget.zip\n  images/logo.png -> ../../shared/logo.png   (symlink)",
        good: "widget.zip\n  images/logo.png   (the image itself)",
        fix: "Replace the link by the file it points to (`cp -L`), or pack with a tool that \
              stores the target's content: `zip -r` without `--symlinks` (`-y`).",
        sources: &["K-STRUCT"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for SymlinkEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let zip = cx.widget.kind() == SourceKind::Zip;
        for entry in cx.widget.source().entries() {
            let EntryKind::Symlink { target } = &entry.kind else {
                continue;
            };
            let shown = printable(&entry.path);
            let to = if target.is_empty() {
                String::new()
            } else {
                format!(" to `{}`", printable(target))
            };
            let (message, help) = if zip {
                (
                    format!(
                        "zip entry `{shown}` is a symbolic link{to}, not a file; the platform \
                         cannot follow it, so the widget will lack this file"
                    ),
                    "store the file itself: re-create the archive with `zip -r` (without `-y`)",
                )
            } else {
                (
                    format!(
                        "`{shown}` is a symbolic link{to} that leads outside the widget or to \
                         nothing; a zip of this folder will lack the file or carry something \
                         that is not part of the widget"
                    ),
                    "replace the link by a copy of the file it should point to (`cp -L`)",
                )
            };
            out.report(Finding::new(&META, message).source_file(shown).help(help));
        }
    }
}
