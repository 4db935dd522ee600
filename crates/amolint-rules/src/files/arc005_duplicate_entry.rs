//! ARC005 duplicate-entry: two entries with the same name (a warning when the names differ only
//! by letter case).

use super::common::printable;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};
use amolint_core::source::SourceIssue;

pub struct DuplicateEntry;

pub static META: RuleMeta = RuleMeta {
    code: "ARC005",
    name: "duplicate-entry",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "two zip entries with the same name (W when names differ only by letter case)",
    docs: RuleDocs {
        what: "Checks that no two entries of the archive have the same name. Names that differ \
               only by letter case (`Logo.png` and `logo.png`) are a warning.",
        why: "A zip can hold one name twice (appending to an existing archive does that), and \
              which copy an extractor keeps depends on the tool: the platform may install a \
              different manifest or script than the one you tested. amolint checks the first \
              copy. Names differing only by case collide on case-insensitive file systems \
              (Windows, macOS), where one file silently replaces the other.",
        bad: "widget.zip\n  manifest.json\n  script.js\n  manifest.json   (added again by `zip -u`)",
        good: "widget.zip\n  manifest.json\n  script.js",
        fix: "Re-create the archive from scratch instead of adding to an old one: delete \
              `widget.zip`, then `cd widget && zip -r ../widget.zip .`. Rename files that differ \
              only by case.",
        sources: &["K-STRUCT"],
        uncertain: Some(
            "Which copy of a duplicated name the platform keeps is not documented; amolint checks \
             the first one.",
        ),
    },
    options: &[],
};

impl Rule for DuplicateEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for issue in cx.widget.source().issues() {
            let SourceIssue::Duplicate {
                name,
                first,
                case_only,
            } = issue
            else {
                continue;
            };
            let (name, first) = (printable(&name), printable(&first));
            let finding = if case_only {
                Finding::new(
                    &META,
                    format!(
                        "`{name}` and `{first}` differ only by letter case; on the \
                         case-insensitive file systems of Windows and macOS one replaces the other"
                    ),
                )
                .help("rename one of the two, or remove the one the widget does not use")
                .severity(Warning)
            } else {
                Finding::new(
                    &META,
                    format!(
                        "the archive holds `{name}` twice; which copy the platform unpacks depends \
                         on its zip reader (amolint checked the first one)"
                    ),
                )
                .help(
                    "re-create the archive from scratch rather than adding to an old one: \
                     `cd widget && zip -r ../widget.zip .`",
                )
            };
            out.report(finding.source_file(name));
        }
    }
}
