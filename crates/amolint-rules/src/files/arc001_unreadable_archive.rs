//! ARC001 unreadable-archive: the target is not a readable zip, or holds entries that cannot be
//! read (encrypted, an unsupported compression method, corrupt data).

use super::common::printable;
use amolint_core::rule::{Context, Finding, Phase, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::{SourceIssue, SourceKind};
use amolint_core::widget::ReadProblem;

pub struct UnreadableArchive;

pub static META: RuleMeta = RuleMeta {
    code: "ARC001",
    name: "unreadable-archive",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "the target is not a readable zip, or holds entries that cannot be read",
    docs: RuleDocs {
        what: "Checks that the widget archive is a zip the platform can open: a zip at all (not a \
               RAR, a 7z, a renamed file or a truncated download), with an intact central \
               directory, no password-protected entries and only the stored or deflate \
               compression methods. Files of a widget folder that cannot be read (permission \
               denied) are reported here too.",
        why: "The platform unpacks the uploaded archive with a standard zip reader. An archive it \
              cannot open, or an entry it cannot decompress, makes the upload fail or leaves the \
              widget without that file.",
        bad: "widget.zip   (created with 7-Zip using LZMA, or with \"Encrypt with password\")",
        good: "widget.zip   (a plain zip: `zip -r ../widget.zip .`)",
        fix: "Re-create the archive with a standard zip tool and its default settings: \
              `cd widget && zip -r ../widget.zip .` on macOS and Linux, \"Send to > Compressed \
              (zipped) folder\" on Windows. Do not set a password; choose the \"deflate\" (or \
              \"store\") method if the tool asks.",
        sources: &["K-STRUCT", "A-UPLOAD"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for UnreadableArchive {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Runs last so that data found corrupt by any rule's read is reported here.
    fn phase(&self) -> Phase {
        Phase::Last
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let widget = cx.widget;
        let zip = widget.kind() == SourceKind::Zip;
        // Files the engine already reports as unreadable (AMO000), by their path in the source.
        let engine_reported: Vec<String> = widget
            .read_problems()
            .into_iter()
            .filter(|(_, p)| matches!(p, ReadProblem::Failed(_)))
            .map(|(path, _)| widget.source_path(&path))
            .collect();
        for issue in widget.source().issues() {
            match issue {
                SourceIssue::NotAZip { detail } => out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`{}` is not a readable zip archive ({detail}); nothing in it could be checked",
                            widget.path()
                        ),
                    )
                    .help(
                        "make sure the file is a complete zip (not a RAR or 7z, not cut short by \
                         a download), e.g. re-create it with `cd widget && zip -r ../widget.zip .`",
                    ),
                ),
                SourceIssue::Encrypted { name } => out.report(
                    Finding::new(
                        &META,
                        format!(
                            "zip entry `{}` is encrypted (password-protected); the platform cannot unpack it",
                            printable(&name)
                        ),
                    )
                    .source_file(printable(&name))
                    .help("re-create the archive without a password"),
                ),
                SourceIssue::UnsupportedCompression { name, method } => out.report(
                    Finding::new(
                        &META,
                        format!(
                            "zip entry `{}` uses the compression method {method}; zip readers are only \
                             required to support stored and deflate",
                            printable(&name)
                        ),
                    )
                    .source_file(printable(&name))
                    .help("re-create the archive with the deflate method (the default of `zip` and of Windows' \"Compressed folder\")"),
                ),
                SourceIssue::Unreadable { name, detail } if !engine_reported.contains(&name) => {
                    let message = if zip {
                        format!(
                            "zip entry `{}` is corrupt and cannot be unpacked ({detail})",
                            printable(&name)
                        )
                    } else {
                        format!(
                            "`{}` could not be read ({detail}); what it holds was not checked",
                            printable(&name)
                        )
                    };
                    out.report(
                        Finding::new(&META, message)
                            .source_file(printable(&name))
                            .help(if zip {
                                "re-create the archive from the original files"
                            } else {
                                "make the file or folder readable (check its permissions)"
                            }),
                    );
                }
                _ => {}
            }
        }
    }
}
