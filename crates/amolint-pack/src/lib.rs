//! `amolint pack`: builds the `widget.zip` amoCRM and Kommo accept from a widget folder or a widget
//! zip, byte for byte reproducible, checked before and after.
//!
//! This crate owns packing: choosing the files ([`select`], from the rules' own classification of
//! what is not part of a widget, `.gitignore` files ([`gitignore`]) and `[pack]` in `rules.toml`),
//! the reproducible writer ([`writer`]), the atomic placement of the output ([`output`]), and which
//! findings of the checks before and after block ([`gate`]). It must not parse arguments, print or
//! pick exit codes (the CLI does, from the [`Outcome`]), nor run rules other than through the
//! [`Engine`] it is given.
//!
//! The steps, each of which can stop the pack with nothing written:
//!
//! 1. the widget is checked with the run's configuration; findings at or above `fail-on` that
//!    packing does not fix block (unless `allow_errors`);
//! 2. every file that goes in is read through the widget's source, within its limits (an
//!    unreadable file blocks, or with `allow_errors` is left out and listed);
//! 3. the archive is written to a temporary file next to the output;
//! 4. that file is checked again as a zip, limits included: an archive finding packing caused is
//!    a bug ([`Status::Bug`]); another new finding at or above `fail-on` blocks;
//! 5. the temporary file becomes the output (not with `dry_run`).

pub mod gate;
pub mod gitignore;
pub mod output;
mod render;
pub mod select;
pub mod writer;

pub use render::render_summary;

use amolint_core::config::Config;
use amolint_core::diagnostic::{Diagnostic, WidgetReport};
use amolint_core::engine::Engine;
use amolint_core::source::{self, RATIO_FLOOR, SourceKind};
use amolint_core::widget::Widget;
use gitignore::GitignoreSet;
use output::Output;
use select::{LeftOut, Reason, Selection};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::PathBuf;
use writer::{ArchiveWriter, Compression, Written};

/// What to pack, where, and how strictly.
#[derive(Clone, Debug)]
pub struct Request {
    /// A widget folder or a widget zip.
    pub source: PathBuf,
    /// The archive to write.
    pub output: PathBuf,
    /// Replace an existing output.
    pub force: bool,
    /// Pack even when findings at or above `fail-on` remain; leave out files that cannot be read.
    pub allow_errors: bool,
    /// Build and check the archive, but do not place it at the output.
    pub dry_run: bool,
}

/// How packing ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The archive was written (or, with `dry_run`, built and checked, then discarded).
    Packed { dry_run: bool },
    /// Nothing was written: findings block, a file could not be read, or the archive's check
    /// found what the widget had not.
    Refused(Refusal),
    /// Nothing was written: the archive's check found archive problems packing caused.
    Bug,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Findings of the widget at or above `fail-on` ([`Outcome::blocking`]).
    Findings,
    /// A file that should go in could not be read.
    Unreadable { path: String, detail: String },
    /// The archive has new findings at or above `fail-on` ([`Outcome::after`]).
    After,
}

/// Everything a pack did and found, for the CLI to print.
#[derive(Debug)]
pub struct Outcome {
    pub status: Status,
    pub source: String,
    pub output: Output,
    /// The widget's check.
    pub before: WidgetReport,
    /// Its findings that packing does not fix, in report order.
    pub remaining: Vec<Diagnostic>,
    /// Those of them that block.
    pub blocking: Vec<Diagnostic>,
    pub selection: Selection,
    /// Entries as written, in archive order (empty when nothing was written).
    pub written: Vec<Written>,
    /// The archive's size and SHA-256, when it was built.
    pub archive: Option<(u64, String)>,
    /// The archive's check, when it was built.
    pub after: Option<After>,
}

/// What the archive's check found beyond the widget's.
#[derive(Debug, Default)]
pub struct After {
    pub bugs: Vec<Diagnostic>,
    pub new: Vec<Diagnostic>,
    pub carried: Vec<Diagnostic>,
}

/// Packs `request.source` as `engine`'s configuration says. `Err` for what stops it before any
/// check: an unusable source or output (exit status 2 in the CLI).
pub fn pack(engine: &Engine<'_>, request: &Request) -> Result<Outcome, String> {
    let config = engine.config;
    let (limits, parse_limits) = config.limits();
    let output = Output::resolve(&request.output)?;
    if !request.dry_run {
        output.check_free(request.force)?;
    }
    let display = request.source.display().to_string();
    let checked = source::open(&request.source, &limits).map_err(|e| e.to_string())?;
    let kind = checked.kind();
    let before = engine.check(&display, checked.as_ref());
    drop(checked);

    // A second opening: packing reads every file, and must not share the check's read budget.
    let packed = source::open(&request.source, &limits).map_err(|e| e.to_string())?;
    let widget = Widget::new(
        display.as_str(),
        packed.as_ref(),
        config.platform,
        parse_limits,
    );
    let gitignore = GitignoreSet::read(packed.as_ref());
    let mut selection = select::select(&widget, &config.pack, &gitignore);
    if kind == SourceKind::Directory {
        refuse_output_inside(&request.source, &output, &selection, config, &gitignore)?;
    }

    let remaining: Vec<Diagnostic> = gate::remaining(&before, &selection).cloned().collect();
    let blocking: Vec<Diagnostic> = gate::blocking(&before, &selection, config.fail_on)
        .into_iter()
        .cloned()
        .collect();
    let mut outcome = Outcome {
        status: Status::Refused(Refusal::Findings),
        source: display,
        output,
        before,
        remaining,
        blocking,
        selection: Selection::default(),
        written: Vec::new(),
        archive: None,
        after: None,
    };
    if !outcome.blocking.is_empty() && !request.allow_errors {
        outcome.selection = selection;
        return Ok(outcome);
    }

    // A dry run builds its archive in the system's temporary folder: it writes nothing where the
    // output would go.
    let folder = if request.dry_run {
        std::env::temp_dir()
    } else {
        outcome.output.folder().to_path_buf()
    };
    let mut temporary = outcome
        .output
        .temporary(&folder)
        .map_err(|e| format!("cannot write a temporary file in {}: {e}", folder.display()))?;
    let compression = Compression {
        max_ratio: limits.max_ratio,
        ratio_floor: RATIO_FLOOR,
    };
    let file = temporary.file().map_err(|e| e.to_string())?;
    let mut archive = ArchiveWriter::new(BufWriter::new(&mut *file), compression);
    let mut unreadable = Vec::new();
    for member in &selection.members {
        match packed.read(&member.source_path, limits.max_entry_bytes) {
            Ok(bytes) => {
                let written = archive
                    .add(&member.name, &bytes)
                    .map_err(|e| format!("cannot write `{}`: {e}", outcome.output.display))?;
                outcome.written.push(written);
            }
            Err(e) if request.allow_errors => unreadable.push(LeftOut {
                path: member.source_path.clone(),
                reason: Reason::Unreadable {
                    detail: e.to_string(),
                },
            }),
            Err(e) => {
                outcome.status = Status::Refused(Refusal::Unreadable {
                    path: member.source_path.clone(),
                    detail: e.to_string(),
                });
                outcome.written.clear();
                outcome.selection = selection;
                return Ok(outcome);
            }
        }
    }
    let write_error = |e: std::io::Error| format!("cannot write `{}`: {e}", outcome.output.display);
    archive
        .finish()
        .and_then(|mut out| out.flush())
        .map_err(write_error)?;
    selection
        .members
        .retain(|m| !unreadable.iter().any(|u| u.path == m.source_path));
    selection.left_out.extend(unreadable);
    let digest = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| writer::digest(file))
        .map_err(write_error)?;
    temporary.close().map_err(write_error)?;
    outcome.archive = Some(digest);

    // The archive as the platform will get it: a zip target, under the output's name.
    let after = source::open(&temporary.path, &limits).map_err(|e| e.to_string())?;
    let after_report = engine.check(&outcome.output.display, after.as_ref());
    drop(after);
    let compared = gate::compare(&outcome.before, &after_report, &selection);
    let after = After {
        bugs: compared.bugs.into_iter().cloned().collect(),
        new: compared.new.into_iter().cloned().collect(),
        carried: compared.carried.into_iter().cloned().collect(),
    };
    outcome.status = if !after.bugs.is_empty() {
        Status::Bug
    } else if after.new.iter().any(|d| config.fail_on.fails(d.severity)) && !request.allow_errors {
        Status::Refused(Refusal::After)
    } else if request.dry_run {
        Status::Packed { dry_run: true }
    } else {
        temporary.place(&outcome.output, request.force)?;
        Status::Packed { dry_run: false }
    };
    outcome.after = Some(after);
    outcome.selection = selection;
    Ok(outcome)
}

/// Refuses an output inside the widget's folder that the archive would take in (it would pack
/// itself, or an older copy of itself).
fn refuse_output_inside(
    source: &std::path::Path,
    output: &Output,
    selection: &Selection,
    config: &Config,
    gitignore: &GitignoreSet,
) -> Result<(), String> {
    let Ok(folder) = std::fs::canonicalize(source) else {
        return Ok(());
    };
    let Some(inside) = output.relative_to(&folder) else {
        return Ok(());
    };
    if select::new_file_left_out(selection, &config.pack, gitignore, &inside).is_some() {
        return Ok(());
    }
    Err(format!(
        "`{}` is inside the widget folder `{}` and would be packed into the archive; write it \
         elsewhere, or leave it out with `[pack] exclude = [\"{inside}\"]` in rules.toml",
        output.display,
        source.display()
    ))
}
