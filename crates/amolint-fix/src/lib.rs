//! Applying fixes to widget folders: `amolint check --fix`, `--unsafe-fixes` and `--diff`.
//!
//! Owns what happens between a report whose findings carry fixes and the files on disk: which
//! fixes a pass applies (the first in the report's order wins where two overlap, the others wait
//! for the next pass), the passes themselves (check, apply, check again, at most
//! [`MAX_PASSES`], all in memory over an [`Overlay`](amolint_core::source::Overlay) of the
//! folder), the atomic writes at the end, and the unified diff `--diff` prints.
//!
//! It must not decide what a fix is (rules do, as data on their findings), and it never writes
//! anything but the changed files of the folder it was given: each once, through a temporary
//! file in the same folder and a rename, with its permissions kept, and only when its bytes on
//! disk are still those that were read. A symlinked file, a file outside the folder and a zip
//! are never written.

mod diff;
mod plan;
mod record;
mod write;

pub use diff::unified_diff;
pub use plan::{AppliedFix, Change, MAX_PASSES, Plan, plan, plan_over};
pub use write::{WriteResult, write_changes};

use amolint_core::WidgetReport;
use amolint_core::engine::{Engine, unreadable_widget};
use amolint_core::fix::Applicability;
use amolint_core::source::{DirSource, SourceKind};
use std::collections::BTreeSet;
use std::path::Path;

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Apply unsafe fixes too (`--unsafe-fixes`); safe ones always are.
    pub unsafe_fixes: bool,
}

impl Options {
    pub fn allows(&self, applicability: Applicability) -> bool {
        applicability == Applicability::Safe || self.unsafe_fixes
    }
}

/// Whether the fixed files are written (`--fix`) or only shown (`--diff`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Write,
    Diff,
}

/// What fixing one widget folder did.
#[derive(Debug)]
pub struct Outcome {
    /// The findings that remain: of the fixed files (in `--diff` mode, of the files as they
    /// would be after `--fix`).
    pub report: WidgetReport,
    /// The fixes applied (in `--diff` mode, that would be applied).
    pub fixed: Vec<AppliedFix>,
    /// The unified diff of the changes; empty when nothing changes.
    pub diff: String,
    /// Things the user must know: files left alone, fixes that misbehaved.
    pub notes: Vec<String>,
}

/// Fixes the widget folder `root`, shown as `display`: plans the passes in memory, then writes
/// the changed files ([`Mode::Write`]) or only diffs them ([`Mode::Diff`]).
pub fn fix_folder(
    engine: &Engine<'_>,
    display: &str,
    root: &Path,
    options: &Options,
    mode: Mode,
) -> Outcome {
    let plan = match plan(engine, display, root, options) {
        Ok(plan) => plan,
        Err(e) => {
            return Outcome {
                report: unreadable_widget(
                    display,
                    SourceKind::Directory,
                    engine.config.fallback_platform(),
                    &e.to_string(),
                ),
                fixed: Vec::new(),
                diff: String::new(),
                notes: Vec::new(),
            };
        }
    };
    let diff = unified_diff(display, &plan.changes);
    let mut notes = plan.problems;
    if mode == Mode::Diff || plan.changes.is_empty() {
        return Outcome {
            report: plan.report,
            fixed: plan.fixes,
            diff,
            notes,
        };
    }
    let written = write_changes(root, &plan.changes);
    for (path, reason) in &written.left_alone {
        notes.push(format!("{display}/{path}: not fixed: {reason}"));
    }
    if written.left_alone.is_empty() {
        return Outcome {
            report: plan.report,
            fixed: plan.fixes,
            diff,
            notes,
        };
    }
    // Some files kept their old content: what remains is what the disk now holds.
    let done: BTreeSet<&str> = written.written.iter().map(String::as_str).collect();
    let fixed = plan
        .fixes
        .into_iter()
        .filter(|f| f.files.iter().all(|file| done.contains(file.as_str())))
        .collect();
    let report = match DirSource::open(root, engine.config.limits().0) {
        Ok(source) => engine.check(display, &source),
        Err(e) => unreadable_widget(
            display,
            SourceKind::Directory,
            engine.config.fallback_platform(),
            &e.to_string(),
        ),
    };
    Outcome {
        report,
        fixed,
        diff,
        notes,
    }
}
