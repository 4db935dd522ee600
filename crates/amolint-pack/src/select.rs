//! Which files of a widget go into its archive, under which names, and why every other one is
//! left out.
//!
//! Owns that decision and nothing else: it reads no file content itself (the classification it
//! uses reads `script.js` and possible key files through the widget), and never writes.
//!
//! What goes in is every regular file under the widget root (the folder holding `manifest.json`,
//! hoisted to the archive root), except, in this order of precedence:
//!
//! 1. entries that cannot be packed: outside the widget folder, symlinks that were not followed
//!    (they lead out of the widget), FIFOs, sockets and devices, and in a zip the entries the
//!    source already refused (unsafe names, exact duplicates);
//! 2. what the rules say is not part of a widget ([`amolint_rules::unshipped`]): ARC006's junk,
//!    ARC007's build inputs, SEC001's environment files and private keys;
//! 3. paths a `.gitignore` inside the widget ignores;
//! 4. paths matched by `[pack] exclude`.
//!
//! `[pack] include` brings back a file left out by 2 to 4, never one of 1. The root
//! `manifest.json` is never left out by 3 or 4: without it there is no widget.

use crate::gitignore::GitignoreSet;
use amolint_core::config::PackSettings;
use amolint_core::source::{EntryKind, SourceIssue};
use amolint_core::widget::Widget;
use amolint_rules::printable;
use amolint_rules::unshipped::{Unshipped, unshipped, unshipped_name};
use std::collections::HashSet;

/// Why a file is not in the archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// ARC006, ARC007 or SEC001 say it is not part of a widget.
    Unshipped {
        code: &'static str,
        what: &'static str,
    },
    /// A `.gitignore` inside the widget ignores it.
    Gitignore { file: String, pattern: String },
    /// `[pack] exclude` matches it.
    Excluded { pattern: String },
    /// It sits outside the folder holding `manifest.json`.
    OutsideWidget { root: String },
    /// A symlink that leads out of the widget or nowhere (ARC010): never followed.
    Symlink { target: String },
    /// Not a regular file: a FIFO, a socket, a device, or a folder amolint does not walk.
    NotAFile { kind: String },
    /// A zip entry whose name would escape an extraction folder (ARC004).
    UnsafeName { why: &'static str },
    /// A second zip entry with a name already taken (ARC005); the first one is packed.
    Duplicate { first: String },
    /// Reading it failed; left out only with `--allow-errors`.
    Unreadable { detail: String },
}

impl Reason {
    /// Whether the archive leaves the file out because it is not part of the widget (the
    /// classification, `.gitignore`, `[pack] exclude`), as opposed to because it cannot be packed.
    /// Findings about the former are fixed by packing; about the latter, they stand.
    pub fn by_choice(&self) -> bool {
        matches!(
            self,
            Reason::Unshipped { .. } | Reason::Gitignore { .. } | Reason::Excluded { .. }
        )
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        match self {
            Reason::Unshipped { code, what } => format!("{what} ({code})"),
            Reason::Gitignore { file, pattern } => format!("ignored by `{pattern}` in {file}"),
            Reason::Excluded { pattern } => format!("[pack] exclude `{pattern}`"),
            Reason::OutsideWidget { root } => {
                format!("outside the widget folder `{root}`")
            }
            Reason::Symlink { target } if target.is_empty() => {
                "a symbolic link, not followed (ARC010)".to_string()
            }
            Reason::Symlink { target } => {
                format!("a symbolic link to `{target}`, not followed (ARC010)")
            }
            Reason::NotAFile { kind } => format!("a {kind}, not a regular file"),
            Reason::UnsafeName { why } => format!("an unsafe entry name: {why} (ARC004)"),
            Reason::Duplicate { first } => {
                format!("a second entry named like `{first}`, which is packed (ARC005)")
            }
            Reason::Unreadable { detail } => format!("could not be read: {detail}"),
        }
    }
}

/// A file that goes into the archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Its name in the archive: relative to the widget root, `/`-separated.
    pub name: String,
    /// Its path in the source.
    pub source_path: String,
    pub size: u64,
}

/// A file or folder left out, with why. A folder ends with `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    pub path: String,
    pub reason: Reason,
}

/// A file `[pack] include` brought back, and what would have left it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Included {
    pub name: String,
    pub pattern: String,
    pub reason: Reason,
}

/// What goes into the archive and what does not.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// The widget's folder in the source: `""`, or `"widget/"` for a nested archive.
    pub root: String,
    /// Sorted by name (byte order), unique.
    pub members: Vec<Member>,
    /// In source order, each folder once.
    pub left_out: Vec<LeftOut>,
    pub included: Vec<Included>,
    /// Patterns that did not apply, and why (from `.gitignore`, or a protected manifest).
    pub notes: Vec<String>,
}

impl Selection {
    /// Why the archive leaves out the file or folder at `source_path`, if it does.
    pub fn left_out_reason(&self, source_path: &str) -> Option<&Reason> {
        self.left_out
            .iter()
            .find(|l| covers(&l.path, source_path))
            .map(|l| &l.reason)
    }

    /// The archive name of a source path under the widget root.
    pub fn archive_name<'p>(&self, source_path: &'p str) -> Option<&'p str> {
        source_path.strip_prefix(self.root.as_str())
    }
}

/// Whether `item` (a file, or a folder ending with `/`) is `path` or holds it.
fn covers(item: &str, path: &str) -> bool {
    if item.ends_with('/') {
        path.starts_with(item) || path == item.trim_end_matches('/')
    } else {
        path == item
    }
}

/// Decides what goes into the archive of `widget`.
pub fn select(widget: &Widget<'_>, settings: &PackSettings, gitignore: &GitignoreSet) -> Selection {
    let root = widget.root().to_string();
    let classified = unshipped(widget);
    let mut selection = Selection {
        root: root.clone(),
        notes: gitignore.notes.clone(),
        ..Selection::default()
    };
    let mut listed: HashSet<String> = HashSet::new();
    let mut leave_out = |selection: &mut Selection, path: String, reason: Reason| {
        if listed.insert(path.clone()) {
            selection.left_out.push(LeftOut { path, reason });
        }
    };
    for issue in widget.source().issues() {
        match issue {
            SourceIssue::UnsafePath { name, reason } => leave_out(
                &mut selection,
                printable(&name),
                Reason::UnsafeName {
                    why: reason.description(),
                },
            ),
            SourceIssue::Duplicate {
                name,
                first,
                case_only: false,
            } => leave_out(
                &mut selection,
                printable(&name),
                Reason::Duplicate {
                    first: printable(&first),
                },
            ),
            _ => {}
        }
    }
    for entry in widget.source().entries() {
        let path = entry.path.as_str();
        let chosen = classified.iter().find(|u| u.covers(path));
        let Some(name) = path.strip_prefix(root.as_str()) else {
            let reason = match chosen {
                Some(u) => unshipped_reason(u),
                None => Reason::OutsideWidget { root: root.clone() },
            };
            let shown = chosen.map_or_else(|| path.to_string(), |u| u.path.clone());
            leave_out(&mut selection, shown, reason);
            continue;
        };
        match &entry.kind {
            EntryKind::File => {}
            EntryKind::Symlink { target } => {
                leave_out(
                    &mut selection,
                    path.to_string(),
                    Reason::Symlink {
                        target: printable(target),
                    },
                );
                continue;
            }
            EntryKind::Special(kind) => {
                leave_out(
                    &mut selection,
                    path.to_string(),
                    Reason::NotAFile {
                        kind: (*kind).to_string(),
                    },
                );
                continue;
            }
            EntryKind::SkippedDir => {
                let (shown, reason) = match chosen {
                    Some(u) => (u.path.clone(), unshipped_reason(u)),
                    None => (
                        format!("{path}/"),
                        Reason::NotAFile {
                            kind: "folder amolint does not walk".to_string(),
                        },
                    ),
                };
                leave_out(&mut selection, shown, reason);
                continue;
            }
        }
        let mut reason = chosen.map(|u| (u.path.clone(), unshipped_reason(u)));
        if reason.is_none()
            && let Some(ignored) = gitignore.ignored(path)
        {
            reason = Some((
                ignored.path,
                Reason::Gitignore {
                    file: ignored.file,
                    pattern: ignored.pattern,
                },
            ));
        }
        if reason.is_none()
            && let Some((pattern, matched)) = settings.exclude.matching(name)
        {
            let shown = if matched == name {
                path.to_string()
            } else {
                format!("{root}{matched}/")
            };
            reason = Some((
                shown,
                Reason::Excluded {
                    pattern: pattern.to_string(),
                },
            ));
        }
        if let Some((shown, why)) = reason {
            if let Some((pattern, _)) = settings.include.matching(name) {
                selection.included.push(Included {
                    name: name.to_string(),
                    pattern: pattern.to_string(),
                    reason: why,
                });
            } else if name == "manifest.json" && !matches!(why, Reason::Unshipped { .. }) {
                selection.notes.push(format!(
                    "`{path}` is packed although {}: without it there is no widget",
                    why.describe()
                ));
            } else {
                leave_out(&mut selection, shown, why);
                continue;
            }
        }
        selection.members.push(Member {
            name: name.to_string(),
            source_path: path.to_string(),
            size: entry.size,
        });
    }
    selection
        .members
        .sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    selection
}

/// Whether a file written at `source_path` inside the widget's folder would be left out of the
/// archive (by its name, `.gitignore` or `[pack] exclude`, and not brought back by `include`);
/// `Some` with the reason when it would be.
pub fn new_file_left_out(
    selection: &Selection,
    settings: &PackSettings,
    gitignore: &GitignoreSet,
    source_path: &str,
) -> Option<Reason> {
    let Some(name) = selection.archive_name(source_path) else {
        return Some(Reason::OutsideWidget {
            root: selection.root.clone(),
        });
    };
    let reason = selection
        .left_out_reason(source_path)
        .cloned()
        .or_else(|| unshipped_name(source_path, &selection.root).map(|u| unshipped_reason(&u)))
        .or_else(|| {
            gitignore.ignored(source_path).map(|i| Reason::Gitignore {
                file: i.file,
                pattern: i.pattern,
            })
        })
        .or_else(|| {
            settings
                .exclude
                .matching(name)
                .map(|(p, _)| Reason::Excluded {
                    pattern: p.to_string(),
                })
        })?;
    (settings.include.matching(name).is_none() || !reason.by_choice()).then_some(reason)
}

fn unshipped_reason(u: &Unshipped) -> Reason {
    Reason::Unshipped {
        code: u.code,
        what: u.what,
    }
}
