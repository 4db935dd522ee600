//! ARC004 unsafe-entry-path: an entry name that would escape the folder it is extracted to.

use super::common::printable;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::{SourceIssue, SourceKind, UnsafePathReason};

pub struct UnsafeEntryPath;

pub static META: RuleMeta = RuleMeta {
    code: "ARC004",
    name: "unsafe-entry-path",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a zip entry name is absolute, climbs out with `..`, or uses backslashes, a drive letter or NUL",
    docs: RuleDocs {
        what: "Checks every entry name of the archive: no absolute path (`/etc/x`), no `..` \
               component, no backslash separator, no drive letter (`C:`), no NUL byte, no empty \
               name. In a widget folder, file names with a backslash or a drive letter are \
               reported too, since they become such entries once zipped. amolint leaves these \
               entries out of every other check.",
        why: "Such names are how \"zip slip\" archives write outside the folder they are \
              extracted to; a platform that unpacks uploads refuses them or, worse, does not. \
              Backslash names are also what some Windows tools write instead of `/`, and then \
              `i18n\\en.json` is one file with a strange name rather than `en.json` in `i18n/`.",
        bad: "../../var/www/shell.php\ni18n\\en.json",
        good: "i18n/en.json",
        fix: "Re-create the archive from the widget folder with a standard zip tool (`cd widget \
              && zip -r ../widget.zip .`), which stores relative names with `/`. Rename files \
              whose names contain a backslash or a colon.",
        sources: &["K-STRUCT"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for UnsafeEntryPath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let zip = cx.widget.kind() == SourceKind::Zip;
        for issue in cx.widget.source().issues() {
            let SourceIssue::UnsafePath { name, reason } = issue else {
                continue;
            };
            let shown = printable(&name);
            let what = match reason {
                UnsafePathReason::Absolute => "is an absolute path",
                UnsafePathReason::ParentDir => "climbs out of the widget with a `..` component",
                UnsafePathReason::Backslash => {
                    "uses a backslash, which is not a zip path separator"
                }
                UnsafePathReason::DriveLetter => "starts with a Windows drive letter",
                UnsafePathReason::Nul => "contains a NUL byte",
                UnsafePathReason::Empty => "is empty",
            };
            let message = if zip {
                format!(
                    "zip entry name `{shown}` {what}; extracting it could write outside the \
                     widget folder, so amolint left it out of the checks"
                )
            } else {
                format!(
                    "file name `{shown}` {what}; zipped, it becomes an entry that extractors \
                     refuse or place outside the widget folder"
                )
            };
            let help = match reason {
                UnsafePathReason::Backslash if !zip => "rename the file without `\\`",
                UnsafePathReason::DriveLetter if !zip => "rename the file without the `:`",
                UnsafePathReason::Backslash => {
                    "re-create the archive with a tool that writes `/` separators, such as \
                     `zip -r` or 7-Zip"
                }
                _ => {
                    "re-create the archive from the widget folder with relative names: \
                     `cd widget && zip -r ../widget.zip .`"
                }
            };
            out.report(Finding::new(&META, message).source_file(shown).help(help));
        }
    }
}
