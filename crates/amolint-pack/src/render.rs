//! The plain-text account of a pack: what was left out and why, what `[pack] include` brought
//! back, every entry (with `--list`), and how it ended. Findings are not rendered here: the CLI
//! prints them with the report crate's renderer, as `amolint check` does.

use crate::{Outcome, Refusal, Status};
use amolint_core::diagnostic::Diagnostic;
use amolint_core::severity::FailOn;
use amolint_core::widget::human_bytes;
use std::fmt::Write;

/// The account of `outcome`, ending with one line that says how packing ended. `list` adds every
/// entry of the archive; `fail_on` is named in a refusal.
pub fn render_summary(outcome: &Outcome, list: bool, fail_on: FailOn) -> String {
    let mut out = String::new();
    let selection = &outcome.selection;
    if !selection.left_out.is_empty() {
        let width = column(selection.left_out.iter().map(|l| l.path.as_str()));
        let _ = writeln!(out, "Left out of the archive:");
        for item in &selection.left_out {
            let _ = writeln!(out, "  {:width$}  {}", item.path, item.reason.describe());
        }
    }
    if !selection.included.is_empty() {
        let width = column(selection.included.iter().map(|i| i.name.as_str()));
        let _ = writeln!(out, "Brought back by [pack] include:");
        for item in &selection.included {
            let _ = writeln!(
                out,
                "  {:width$}  `{}`, although {}",
                item.name,
                item.pattern,
                item.reason.describe()
            );
        }
    }
    for note in &selection.notes {
        let _ = writeln!(out, "note: {note}");
    }
    if list && !outcome.written.is_empty() {
        let width = column(outcome.written.iter().map(|w| w.name.as_str()));
        let _ = writeln!(out, "Entries:");
        for w in &outcome.written {
            let _ = writeln!(
                out,
                "  {:width$}  {:>10}  {:>10}  {}",
                w.name,
                human_bytes(w.size),
                human_bytes(w.compressed),
                w.method.as_str()
            );
        }
    }
    if let Some(after) = &outcome.after {
        for d in &after.carried {
            if d.code == crate::gate::NAME_RULE {
                let _ = writeln!(out, "note: {} ({})", d.message, d.code);
            } else {
                let _ = writeln!(
                    out,
                    "note: the archive keeps, as the widget had: {}",
                    one_line(d)
                );
            }
        }
        for d in &after.new {
            let _ = writeln!(out, "after packing: {}", one_line(d));
        }
        for d in &after.bugs {
            let _ = writeln!(out, "BUG: {}", one_line(d));
        }
    }
    let _ = writeln!(out, "{}", ending(outcome, fail_on));
    out
}

fn ending(outcome: &Outcome, fail_on: FailOn) -> String {
    let output = &outcome.output.display;
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    match &outcome.status {
        Status::Packed { dry_run } => {
            let (size, sha) = outcome.archive.clone().unwrap_or_default();
            let verb = if *dry_run {
                "Dry run: would pack"
            } else {
                "Packed"
            };
            let new = outcome.after.as_ref().map_or(0, |a| a.new.len());
            let checked = if new == 0 {
                "no new finding".to_string()
            } else {
                format!("{} the widget had not, listed above", findings(new))
            };
            let mut line = format!(
                "{verb} {} into {output} ({}, sha256 {sha}); checked again as a zip: {checked}",
                files(outcome.written.len()),
                human_bytes(size)
            );
            if !outcome.blocking.is_empty() {
                line.push_str(&format!(
                    "; packed despite {} at or above {} (--allow-errors)",
                    findings(outcome.blocking.len()),
                    fail_on.as_str()
                ));
            }
            line
        }
        Status::Refused(Refusal::Findings) => format!(
            "Not packed: {} at or above {} (pass --allow-errors to pack anyway); nothing was \
             written",
            findings(outcome.blocking.len()),
            fail_on.as_str()
        ),
        Status::Refused(Refusal::Unreadable { path, detail }) => format!(
            "Not packed: `{path}` could not be read ({detail}); nothing was written \
             (--allow-errors leaves such files out)"
        ),
        Status::Refused(Refusal::After) => format!(
            "Not packed: the archive has findings at or above {} that the widget had not (see \
             `after packing` above: a file it needs was left out?); nothing was written",
            fail_on.as_str()
        ),
        Status::Bug => format!(
            "BUG: the archive amolint built has problems the widget had not (see above); nothing \
             was written to {output}. Please report this to amolint with the widget"
        ),
    }
}

fn findings(n: usize) -> String {
    format!("{n} finding{}", if n == 1 { "" } else { "s" })
}

/// `error[MAN003] manifest.json:10:18: message`.
fn one_line(d: &Diagnostic) -> String {
    let place = match (&d.file, d.line, d.column) {
        (Some(file), Some(line), Some(column)) => format!(" {file}:{line}:{column}"),
        (Some(file), _, _) => format!(" {file}"),
        (None, _, _) => String::new(),
    };
    format!("{}[{}]{place}: {}", d.severity, d.code, d.message)
}

/// The width of the first column: the longest path, within reason.
fn column<'a>(paths: impl Iterator<Item = &'a str>) -> usize {
    paths.map(|p| p.chars().count()).max().unwrap_or(0).min(40)
}
