//! The fix passes, in memory: check the folder with what has been fixed so far laid over it,
//! pick the fixes of the report that do not overlap, apply them to the bytes the rules read,
//! and check again, until no fix is left or [`MAX_PASSES`] passes have applied fixes.

use crate::Options;
use crate::record::Recorded;
use amolint_core::diagnostic::{DiagnosticFix, FixEdit};
use amolint_core::engine::Engine;
use amolint_core::source::{DirSource, OpenError, Overlay};
use amolint_core::{Diagnostic, WidgetReport};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Passes that apply fixes, at most. Fixes that still come after as many are a loop (a fix that
/// undoes another, or one that does not remove its own finding): a bug, reported as such rather
/// than run without end. Real widgets settle in two or three.
pub const MAX_PASSES: usize = 10;

/// The outcome of the passes over one folder, before anything is written.
#[derive(Debug)]
pub struct Plan {
    /// The findings on the fixed content (the last pass's check).
    pub report: WidgetReport,
    /// Every file whose content changes, by path; empty when nothing does.
    pub changes: Vec<Change>,
    /// The fixes applied, in the order they were.
    pub fixes: Vec<AppliedFix>,
    /// The passes that applied fixes.
    pub passes: usize,
    /// False when fixes were still proposed after [`MAX_PASSES`] passes.
    pub settled: bool,
    /// Fixes that could not be applied, and why; a loop that did not settle.
    pub problems: Vec<String>,
}

/// One changed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The file's path in the folder.
    pub path: String,
    /// The bytes read from disk, on which the first fix of the file was computed; `None` for a
    /// file a fix creates.
    pub original: Option<Vec<u8>>,
    pub fixed: Vec<u8>,
}

/// A fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    pub code: String,
    pub message: String,
    /// The files it edits.
    pub files: Vec<String>,
}

/// Runs the fix passes over the folder `root` (shown as `display`) without writing anything.
/// Fails only when the folder cannot be opened at all.
pub fn plan(
    engine: &Engine<'_>,
    display: &str,
    root: &Path,
    options: &Options,
) -> Result<Plan, OpenError> {
    plan_over(engine, display, root, options, Overlay::new())
}

/// [`plan`] over the folder with `overlay` laid over it (the language server's unsaved
/// buffers): a file of the overlay is fixed from its overlaid content, which is then its
/// [`Change::original`].
pub fn plan_over(
    engine: &Engine<'_>,
    display: &str,
    root: &Path,
    options: &Options,
    mut overlay: Overlay,
) -> Result<Plan, OpenError> {
    let (limits, parse) = engine.config.limits();
    let mut originals: BTreeMap<String, Option<Vec<u8>>> = BTreeMap::new();
    let mut fixes = Vec::new();
    let mut problems = Vec::new();
    let mut passes = 0;
    loop {
        let source = Recorded::new(DirSource::open_with_overlay(root, limits, &overlay)?);
        let report = engine.check(display, &source);
        let wanted: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| options.allows(f.applicability))
            })
            .collect();
        let mut applied = 0;
        if !wanted.is_empty() && passes < MAX_PASSES {
            passes += 1;
            let accepted = select(&wanted, &mut problems);
            let mut pass = Pass {
                source: &source,
                overlay: &mut overlay,
                originals: &mut originals,
                max: parse.max_file_bytes,
                problems: &mut problems,
            };
            let done = pass.apply(&accepted);
            applied = done.len();
            fixes.extend(done);
        }
        if applied == 0 {
            let settled = wanted.is_empty() || passes < MAX_PASSES;
            if !settled {
                let codes: BTreeSet<&str> = wanted.iter().map(|d| d.code.as_str()).collect();
                problems.push(format!(
                    "the fixes did not settle after {MAX_PASSES} passes ({} still propose \
                     fixes); this is a bug in amolint, please report it. The changes of the \
                     {MAX_PASSES} passes are kept",
                    codes.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
            let changes = changes(&originals, &overlay);
            return Ok(Plan {
                report,
                changes,
                fixes,
                passes,
                settled,
                problems,
            });
        }
    }
}

/// The fixes of one pass that do not conflict, in the report's order: a fix is taken whole when
/// none of its edits conflicts with an edit already taken, and waits for the next pass
/// otherwise. A fix whose own edits conflict is a rule's bug: it is left out and noted.
fn select<'r>(wanted: &[&'r Diagnostic], problems: &mut Vec<String>) -> Vec<&'r Diagnostic> {
    let mut taken: Vec<&FixEdit> = Vec::new();
    let mut accepted = Vec::new();
    for d in wanted {
        let Some(fix) = &d.fix else { continue };
        let own = &fix.edits;
        let inconsistent = own
            .iter()
            .enumerate()
            .any(|(i, a)| own[..i].iter().any(|b| conflict(a, b)));
        if inconsistent {
            problems.push(format!(
                "the fix of {} ({}) has overlapping edits and was not applied; this is a bug, \
                 please report it",
                d.code, fix.message
            ));
            continue;
        }
        if own.iter().any(|e| taken.iter().any(|t| conflict(e, t))) {
            continue;
        }
        taken.extend(own.iter());
        accepted.push(*d);
    }
    accepted
}

/// Whether two edits cannot both be applied in one pass: overlapping ranges; an insertion inside
/// or at either end of a replaced range; the same insertion twice; two creations of one file.
/// Distinct insertions at one offset can: they go in the report's order.
fn conflict(a: &FixEdit, b: &FixEdit) -> bool {
    if a.file != b.file {
        return false;
    }
    if a.create || b.create {
        return true;
    }
    let (a_range, b_range) = (a.range, b.range);
    match (a_range.is_empty(), b_range.is_empty()) {
        (false, false) => a_range.start < b_range.end && b_range.start < a_range.end,
        (true, false) => b_range.start <= a_range.start && a_range.start <= b_range.end,
        (false, true) => a_range.start <= b_range.start && b_range.start <= a_range.end,
        (true, true) => a_range.start == b_range.start && a.content == b.content,
    }
}

/// What one pass changes.
struct Pass<'p> {
    source: &'p Recorded,
    overlay: &'p mut Overlay,
    originals: &'p mut BTreeMap<String, Option<Vec<u8>>>,
    max: u64,
    problems: &'p mut Vec<String>,
}

impl Pass<'_> {
    /// Applies the accepted fixes; a fix whose file cannot be had as the rules read it, or whose
    /// edits do not fit that file, is dropped with a note. Returns the fixes applied.
    fn apply(&mut self, accepted: &[&Diagnostic]) -> Vec<AppliedFix> {
        // The bytes each touched file had when the rules read it (`None` for one to create).
        let mut bases: BTreeMap<&str, Result<Option<Vec<u8>>, String>> = BTreeMap::new();
        for d in accepted {
            for edit in d.fix.iter().flat_map(|f| &f.edits) {
                if !bases.contains_key(edit.file.as_str()) {
                    let base = self.base(edit);
                    bases.insert(edit.file.as_str(), base);
                }
            }
        }
        let mut kept: Vec<(&Diagnostic, &DiagnosticFix)> = Vec::new();
        for d in accepted {
            let Some(fix) = &d.fix else { continue };
            let unusable = fix
                .edits
                .iter()
                .find_map(|e| match bases.get(e.file.as_str()) {
                    Some(Ok(base)) => fits(e, base.as_deref()).err(),
                    Some(Err(why)) => Some(format!("`{}`: {why}", e.file)),
                    None => Some(format!("`{}` was not read", e.file)),
                });
            match unusable {
                Some(why) => self.problems.push(format!(
                    "the fix of {} ({}) was not applied: {why}",
                    d.code, fix.message
                )),
                None => kept.push((d, fix)),
            }
        }
        let mut by_file: BTreeMap<&str, Vec<&FixEdit>> = BTreeMap::new();
        for (_, fix) in &kept {
            for edit in &fix.edits {
                by_file.entry(edit.file.as_str()).or_default().push(edit);
            }
        }
        for (file, mut edits) in by_file {
            let Some(Ok(base)) = bases.remove(file) else {
                continue;
            };
            // Stable: insertions at one offset keep the report's order.
            edits.sort_by_key(|e| e.range.start);
            let fixed = splice(base.as_deref().unwrap_or_default(), &edits);
            // A file first changed in this pass keeps what was read as its original.
            self.originals.entry(file.to_string()).or_insert(base);
            // Paths come from the listing or from a checked creation: they are valid.
            let _ = self.overlay.insert(file, fixed);
        }
        kept.into_iter()
            .map(|(d, fix)| {
                let mut files: Vec<String> = fix.edits.iter().map(|e| e.file.clone()).collect();
                files.sort();
                files.dedup();
                AppliedFix {
                    code: d.code.clone(),
                    message: fix.message.clone(),
                    files,
                }
            })
            .collect()
    }

    /// The file an edit applies to, as the rules read it in this pass.
    fn base(&self, edit: &FixEdit) -> Result<Option<Vec<u8>>, String> {
        if edit.create {
            return Ok(None);
        }
        if let Some(content) = self.overlay.get(&edit.file) {
            return Ok(Some(content.to_vec()));
        }
        self.source.reread(&edit.file, self.max).map(Some)
    }
}

/// Whether `edit` can be applied to `base`: a creation to no file, a replacement to a range of
/// whole characters of a UTF-8 file.
fn fits(edit: &FixEdit, base: Option<&[u8]>) -> Result<(), String> {
    match (edit.create, base) {
        (true, None) => Ok(()),
        (true, Some(_)) => Err(format!("`{}` exists", edit.file)),
        (false, None) => Err(format!("`{}` does not exist", edit.file)),
        (false, Some(bytes)) => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| format!("`{}` is not UTF-8 text", edit.file))?;
            let range = edit.range;
            if range.start <= range.end
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end)
            {
                Ok(())
            } else {
                Err(format!(
                    "its range {}..{} does not fit `{}`",
                    range.start, range.end, edit.file
                ))
            }
        }
    }
}

/// `base` with `edits` (sorted by start, checked to fit and not to overlap) applied.
fn splice(base: &[u8], edits: &[&FixEdit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(base.len() + 64);
    let mut at = 0;
    for edit in edits {
        if edit.create {
            out.extend_from_slice(edit.content.as_bytes());
            continue;
        }
        let start = edit.range.start.max(at).min(base.len());
        out.extend_from_slice(&base[at..start]);
        out.extend_from_slice(edit.content.as_bytes());
        at = edit.range.end.max(start).min(base.len());
    }
    out.extend_from_slice(&base[at..]);
    out
}

/// Every file whose content in the overlay differs from what was read (or is new).
fn changes(originals: &BTreeMap<String, Option<Vec<u8>>>, overlay: &Overlay) -> Vec<Change> {
    originals
        .iter()
        .filter_map(|(path, original)| {
            let fixed = overlay.get(path)?;
            (original.as_deref() != Some(fixed)).then(|| Change {
                path: path.clone(),
                original: original.clone(),
                fixed: fixed.to_vec(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use amolint_core::fix::Applicability;
    use amolint_core::text::Span;

    fn edit(file: &str, start: usize, end: usize, content: &str) -> FixEdit {
        FixEdit {
            file: file.to_string(),
            line: 1,
            column: start + 1,
            end_line: 1,
            end_column: end + 1,
            content: content.to_string(),
            create: false,
            range: Span::new(start, end),
        }
    }

    #[test]
    fn what_conflicts() {
        let a = edit("f", 2, 5, "");
        assert!(conflict(&a, &edit("f", 4, 8, "")));
        assert!(!conflict(&a, &edit("f", 5, 8, "")), "touching ranges");
        assert!(!conflict(&a, &edit("g", 2, 5, "")), "another file");
        assert!(conflict(&a, &edit("f", 5, 5, "x")), "insertion at an end");
        assert!(conflict(&a, &edit("f", 2, 2, "x")), "insertion at a start");
        assert!(conflict(&a, &edit("f", 3, 3, "x")), "insertion inside");
        assert!(!conflict(&edit("f", 7, 7, "x"), &edit("f", 7, 7, "y")));
        assert!(conflict(&edit("f", 7, 7, "x"), &edit("f", 7, 7, "x")));
        let mut create = edit("f", 0, 0, "new");
        create.create = true;
        assert!(conflict(&create, &create.clone()));
    }

    #[test]
    fn insertions_at_one_place_go_in_order() {
        let base = b"[1]";
        let (x, y, z) = (
            edit("f", 2, 2, ", 2"),
            edit("f", 2, 2, ", 3"),
            edit("f", 1, 2, "0"),
        );
        assert_eq!(splice(base, &[&z, &x, &y]), b"[0, 2, 3]");
    }

    #[test]
    fn the_first_fix_wins_and_the_rest_wait() {
        let diagnostic = |code: &str, edits: Vec<FixEdit>| {
            let mut d = Diagnostic::new(code, "n", "p", amolint_core::Severity::Error, "m");
            d.fix = Some(DiagnosticFix {
                applicability: Applicability::Safe,
                message: format!("fix {code}"),
                edits,
            });
            d
        };
        let first = diagnostic("A", vec![edit("f", 0, 3, ""), edit("g", 0, 1, "")]);
        let second = diagnostic("B", vec![edit("f", 10, 12, "")]);
        let blocked = diagnostic("C", vec![edit("h", 0, 1, ""), edit("g", 0, 1, "x")]);
        let broken = diagnostic("D", vec![edit("k", 0, 4, ""), edit("k", 2, 6, "")]);
        let mut problems = Vec::new();
        let chosen = select(&[&first, &second, &blocked, &broken], &mut problems);
        let codes: Vec<&str> = chosen.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["A", "B"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("D"), "{problems:?}");
    }
}
