//! Turning the paths a user gives into widget targets: widget folders, zips, and folders of many
//! widgets searched recursively.

use amolint_core::source::SourceKind;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// Folders never searched for widgets: dependency trees and VCS metadata.
const SKIPPED_DIRS: [&str; 4] = ["node_modules", ".git", ".svn", ".hg"];

/// One widget to check.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// The path shown in reports: as the user wrote it, or below it, with `/` separators.
    pub display: String,
    pub path: PathBuf,
    pub kind: SourceKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscoveryError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for DiscoveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Finds the widgets under `paths`, sorted by display path and without duplicates.
///
/// A PATH that does not exist and holds `*`, `?`, `[` or `{` is a glob pattern (quoted for
/// shells and CI that do not expand it, e.g. `'widgets/**/widget.zip'`): it selects the widget
/// folders and files it matches. A zip (or any file) given explicitly is a target. A folder is a widget when it has
/// `manifest.json`, or when it has none but looks like one (`script.js`, `i18n/` or `images/` at
/// its root: it then gets ARC003); otherwise it is searched recursively for widget folders and
/// `*.zip` files. A path with no widget at all is an error naming it.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Target>, DiscoveryError> {
    let mut targets = Vec::new();
    for path in paths {
        let display = display_path(path);
        if !path.exists() && is_pattern(&display) {
            expand_pattern(&display, &mut targets)?;
            continue;
        }
        let meta = fs::metadata(path).map_err(|e| DiscoveryError {
            path: display.clone(),
            message: match e.kind() {
                std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
                _ => e.to_string(),
            },
        })?;
        if meta.is_file() {
            targets.push(Target {
                display,
                path: path.clone(),
                kind: SourceKind::Zip,
            });
        } else if meta.is_dir() {
            // A folder that cannot be listed cannot be told apart from a widget: it is a
            // target, reported as unreadable (AMO000), rather than a silent "no widget here".
            if is_widget_dir(path) || looks_like_widget(path) || unlistable(path) {
                targets.push(Target {
                    display,
                    path: path.clone(),
                    kind: SourceKind::Directory,
                });
            } else {
                let before = targets.len();
                search(path, &display, None, &mut targets);
                if targets.len() == before {
                    return Err(DiscoveryError {
                        path: display,
                        message:
                            "no widget found here (no folder with a manifest.json, no .zip file)"
                                .to_string(),
                    });
                }
            }
        } else {
            return Err(DiscoveryError {
                path: display,
                message: "not a file or a folder".to_string(),
            });
        }
    }
    targets.sort();
    targets.dedup_by(|a, b| a.display == b.display);
    Ok(targets)
}

fn is_widget_dir(path: &Path) -> bool {
    path.join("manifest.json").symlink_metadata().is_ok()
}

fn unlistable(path: &Path) -> bool {
    fs::read_dir(path).is_err()
}

fn looks_like_widget(path: &Path) -> bool {
    path.join("script.js").is_file() || path.join("i18n").is_dir() || path.join("images").is_dir()
}

/// Depth-first search without following symlinks; a widget folder is not searched further.
/// Without a pattern, folders with `manifest.json` and `.zip` files are targets; with one, only
/// those whose path matches it, and then also folders that merely look like a widget.
fn search(
    dir: &Path,
    display: &str,
    pattern: Option<&globset::GlobMatcher>,
    targets: &mut Vec<Target>,
) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let child = entry.path();
        let child_display = if display == "." {
            name.clone()
        } else {
            format!("{}/{}", display.trim_end_matches('/'), name)
        };
        let selected = pattern.is_none_or(|p| p.is_match(&child_display));
        if file_type.is_dir() {
            if SKIPPED_DIRS.contains(&name.as_str()) {
                continue;
            }
            let widget = is_widget_dir(&child)
                || (pattern.is_some() && looks_like_widget(&child))
                || unlistable(&child);
            if selected && widget {
                targets.push(Target {
                    display: child_display,
                    path: child,
                    kind: SourceKind::Directory,
                });
            } else {
                search(&child, &child_display, pattern, targets);
            }
        } else if file_type.is_file() && selected && name.to_ascii_lowercase().ends_with(".zip") {
            targets.push(Target {
                display: child_display,
                path: child,
                kind: SourceKind::Zip,
            });
        }
    }
}

fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let trimmed = text.trim_end_matches('/');
    if trimmed.is_empty() {
        text
    } else {
        trimmed.to_string()
    }
}

fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?', '[', '{'])
}

/// Expands a glob: walks from the longest literal folder prefix of the pattern and keeps the
/// `.zip` files and widget folders whose path matches (`*` stays within a folder, `**` crosses them).
fn expand_pattern(pattern: &str, targets: &mut Vec<Target>) -> Result<(), DiscoveryError> {
    let error = |message: String| DiscoveryError {
        path: pattern.to_string(),
        message,
    };
    let matcher = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| error(format!("invalid glob pattern: {}", e.kind())))?
        .compile_matcher();
    let literal: Vec<&str> = pattern
        .split('/')
        .take_while(|part| !is_pattern(part))
        .collect();
    let base = if literal.is_empty() {
        ".".to_string()
    } else {
        literal.join("/")
    };
    let base = if base.is_empty() {
        "/".to_string()
    } else {
        base
    };
    let before = targets.len();
    search(Path::new(&base), &base, Some(&matcher), targets);
    if targets.len() == before {
        return Err(error(
            "the pattern matched no widget folder or file".to_string(),
        ));
    }
    Ok(())
}
