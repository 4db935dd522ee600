//! The two checks around packing: which findings of the widget block it, and what the check of
//! the written archive may and may not find.
//!
//! Owns those judgements over reports the engine made; it must not run checks or read files.
//!
//! Before: a finding at or above `--fail-on` blocks, unless packing itself fixes it: ARC006,
//! ARC007 and SEC001 on a file the archive leaves out (as not part of the widget, by `.gitignore`
//! or by `[pack] exclude`), and ARC002 (the nested folder, hoisted) and ARC009 (the archive's name)
//! on a zip being repacked. Findings about entries left out because they cannot be packed
//! (symlinks, unsafe names, duplicates) still block: the archive would lack those files.
//!
//! After: the archive is checked as a zip, and compared with the widget, finding by finding
//! (by rule and by file, in archive names). An archive finding (ARC*) the widget did not have
//! is a bug of amolint's: packing must never make the archive worse. ARC009 is the exception: the
//! output's name is the user's to choose. Any other new finding (a file `.gitignore` or `exclude`
//! left out that the widget needs, say) blocks like a finding before packing would.

use crate::select::Selection;
use amolint_core::diagnostic::{Diagnostic, WidgetReport};
use amolint_core::severity::FailOn;
use amolint_core::source::SourceKind;
use std::collections::HashMap;

/// Rules whose findings on a left-out file packing fixes.
const FIXED_ON_LEFT_OUT: [&str; 3] = ["ARC006", "ARC007", "SEC001"];
/// Rules whose findings on a zip packing fixes by repacking it.
const FIXED_BY_REPACKING: [&str; 2] = ["ARC002", "ARC009"];
/// The archive's name: the user chooses the output's.
pub const NAME_RULE: &str = "ARC009";

/// Whether packing fixes `d`, a finding of the widget being packed.
pub fn fixed_by_packing(d: &Diagnostic, kind: SourceKind, selection: &Selection) -> bool {
    if kind == SourceKind::Zip && FIXED_BY_REPACKING.contains(&d.code.as_str()) {
        return true;
    }
    FIXED_ON_LEFT_OUT.contains(&d.code.as_str())
        && d.file
            .as_deref()
            .and_then(|file| selection.left_out_reason(file))
            .is_some_and(|reason| reason.by_choice())
}

/// The widget's findings that packing does not fix, in report order.
pub fn remaining<'r>(
    report: &'r WidgetReport,
    selection: &Selection,
) -> impl Iterator<Item = &'r Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(move |d| !fixed_by_packing(d, report.kind, selection))
}

/// The findings that stop packing: those packing does not fix, at or above `fail_on`.
pub fn blocking<'r>(
    report: &'r WidgetReport,
    selection: &Selection,
    fail_on: FailOn,
) -> Vec<&'r Diagnostic> {
    remaining(report, selection)
        .filter(|d| fail_on.fails(d.severity))
        .collect()
}

/// What the check of the written archive found that the widget did not have.
#[derive(Debug, Default)]
pub struct After<'r> {
    /// Archive findings packing caused: bugs.
    pub bugs: Vec<&'r Diagnostic>,
    /// Other new findings, every severity.
    pub new: Vec<&'r Diagnostic>,
    /// Archive findings the widget had too and packing does not fix (a file `include` brought
    /// back, two names differing only in case), and ARC009 on the output's name.
    pub carried: Vec<&'r Diagnostic>,
}

/// Compares the archive's findings (`after`) with the widget's (`before`).
pub fn compare<'r>(
    before: &WidgetReport,
    after: &'r WidgetReport,
    selection: &Selection,
) -> After<'r> {
    // What the widget had that packing leaves in place, by (rule, file in archive names).
    let mut had: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for d in remaining(before, selection) {
        let file = match d.file.as_deref() {
            Some(file) => match selection.archive_name(file) {
                Some(name) => Some(name),
                // A finding about a file outside the widget folder has no counterpart.
                None => continue,
            },
            None => None,
        };
        *had.entry((d.code.as_str(), file)).or_default() += 1;
    }
    let mut result = After::default();
    for d in &after.diagnostics {
        let key = (d.code.as_str(), d.file.as_deref());
        let carried = match had.get_mut(&key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        };
        let archive_rule = d.code.starts_with("ARC");
        if carried {
            if archive_rule {
                result.carried.push(d);
            }
        } else if d.code == NAME_RULE {
            result.carried.push(d);
        } else if archive_rule {
            result.bugs.push(d);
        } else {
            result.new.push(d);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::{LeftOut, Reason};
    use amolint_core::{Platform, Severity};

    fn finding(code: &str, severity: Severity, file: Option<&str>) -> Diagnostic {
        let mut d = Diagnostic::new(code, "name", "pack", severity, "message");
        d.file = file.map(str::to_string);
        d
    }

    fn report(kind: SourceKind, diagnostics: Vec<Diagnostic>) -> WidgetReport {
        let mut report = WidgetReport::failed(
            "w",
            kind,
            Platform::Kommo,
            "",
            finding("X", Severity::Info, None),
        );
        report.diagnostics = diagnostics;
        report
    }

    fn selection(root: &str, left_out: &[(&str, Reason)]) -> Selection {
        Selection {
            root: root.to_string(),
            left_out: left_out
                .iter()
                .map(|(path, reason)| LeftOut {
                    path: path.to_string(),
                    reason: reason.clone(),
                })
                .collect(),
            ..Selection::default()
        }
    }

    fn junk() -> Reason {
        Reason::Unshipped {
            code: "ARC006",
            what: "junk",
        }
    }

    #[test]
    fn findings_packing_fixes_do_not_block() {
        let widget = report(
            SourceKind::Zip,
            vec![
                finding("ARC002", Severity::Error, Some("widget/manifest.json")),
                finding("ARC006", Severity::Warning, Some("widget/node_modules/")),
                finding("SEC001", Severity::Error, Some("widget/.env")),
                finding("SEC001", Severity::Error, Some("widget/script.js")),
                finding("ARC010", Severity::Error, Some("widget/images/logo.png")),
                finding("MAN003", Severity::Error, Some("widget/manifest.json")),
            ],
        );
        let chosen = selection(
            "widget/",
            &[
                ("widget/node_modules/", junk()),
                (
                    "widget/.env",
                    Reason::Unshipped {
                        code: "SEC001",
                        what: "env",
                    },
                ),
                (
                    "widget/images/logo.png",
                    Reason::Symlink {
                        target: "/etc/passwd".into(),
                    },
                ),
            ],
        );
        let codes = |found: Vec<&Diagnostic>| -> Vec<String> {
            found
                .iter()
                .map(|d| format!("{} {}", d.code, d.file.as_deref().unwrap_or("")))
                .collect()
        };
        // A token in script.js stays (the file ships); a symlink left out is a file missing.
        assert_eq!(
            codes(blocking(&widget, &chosen, FailOn::Error)),
            [
                "SEC001 widget/script.js",
                "ARC010 widget/images/logo.png",
                "MAN003 widget/manifest.json"
            ]
        );
        // Repacking fixes ARC002 only for a zip.
        let folder = report(SourceKind::Directory, widget.diagnostics.clone());
        assert!(
            codes(blocking(&folder, &chosen, FailOn::Error))
                .contains(&"ARC002 widget/manifest.json".to_string())
        );
        assert!(blocking(&widget, &chosen, FailOn::Never).is_empty());
    }

    #[test]
    fn after_packing_new_archive_findings_are_bugs_and_old_ones_are_carried() {
        let chosen = selection("widget/", &[("widget/x.map", junk())]);
        let before = report(
            SourceKind::Zip,
            vec![
                finding("ARC006", Severity::Warning, Some("widget/x.map")),
                finding("ARC005", Severity::Warning, Some("widget/Logo.png")),
                finding("I18N004", Severity::Error, Some("widget/i18n/en.json")),
            ],
        );
        let after = report(
            SourceKind::Zip,
            vec![
                finding("ARC005", Severity::Warning, Some("Logo.png")),
                finding("I18N004", Severity::Error, Some("i18n/en.json")),
                finding("ARC009", Severity::Info, None),
                finding("ARC006", Severity::Warning, Some("x.map")),
                finding("IMG001", Severity::Error, None),
            ],
        );
        let found = compare(&before, &after, &chosen);
        let codes = |v: &[&Diagnostic]| v.iter().map(|d| d.code.clone()).collect::<Vec<_>>();
        // ARC006 was fixed by leaving x.map out: finding it again is packing's fault.
        assert_eq!(codes(&found.bugs), ["ARC006"]);
        assert_eq!(codes(&found.carried), ["ARC005", "ARC009"]);
        assert_eq!(codes(&found.new), ["IMG001"]);
    }
}
