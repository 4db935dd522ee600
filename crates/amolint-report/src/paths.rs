//! Where a finding is, as CI systems want it: a path relative to the repository root (or
//! `--sarif-root`) with `/` separators. Shared by SARIF, GitHub annotations and JUnit.

use amolint_core::WidgetReport;
use amolint_core::diagnostic::Diagnostic;
use amolint_core::source::SourceKind;
use std::path::{Component, Path, PathBuf};

/// Resolves widget paths (as shown in reports: relative to the current folder, or absolute)
/// against a root.
#[derive(Clone, Debug)]
pub struct ArtifactPaths {
    cwd: PathBuf,
    root: PathBuf,
}

/// A finding's artifact: the file a CI system can open, and the zip member when the file is
/// inside an archive (the location then points at the zip and the message names the member).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    pub uri: String,
    pub member: Option<String>,
}

impl ArtifactPaths {
    pub fn new(cwd: PathBuf, root: PathBuf) -> Self {
        let root = if root.is_absolute() {
            root
        } else {
            cwd.join(root)
        };
        ArtifactPaths {
            cwd: normalize(&cwd),
            root: normalize(&root),
        }
    }

    /// The widget's own path relative to the root.
    pub fn widget(&self, widget_path: &str) -> String {
        let absolute = normalize(&self.cwd.join(widget_path));
        match absolute.strip_prefix(&self.root) {
            Ok(rel) => to_slashes(rel),
            // Outside the root: keep the path as given rather than invent `../` chains.
            Err(_) => widget_path.replace('\\', "/"),
        }
    }

    pub fn artifact(&self, widget: &WidgetReport, d: &Diagnostic) -> Artifact {
        let base = self.widget(&widget.path);
        match (&d.file, widget.kind) {
            (Some(file), SourceKind::Directory) => Artifact {
                uri: join(&base, file),
                member: None,
            },
            (Some(file), SourceKind::Zip) => Artifact {
                uri: base,
                member: Some(file.clone()),
            },
            (None, _) => Artifact {
                uri: base,
                member: None,
            },
        }
    }
}

fn join(base: &str, file: &str) -> String {
    if base.is_empty() || base == "." {
        file.to_string()
    } else {
        format!("{}/{file}", base.trim_end_matches('/'))
    }
}

fn to_slashes(path: &Path) -> String {
    let text = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}

/// Removes `.` and resolves `..` lexically (the paths may name files inside zips, which
/// `canonicalize` cannot resolve).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_root() {
        let paths = ArtifactPaths::new(PathBuf::from("/repo/sub"), PathBuf::from("/repo"));
        assert_eq!(paths.widget("widgets/a"), "sub/widgets/a");
        assert_eq!(paths.widget("./widgets/../b"), "sub/b");
        assert_eq!(paths.widget("/elsewhere/w"), "/elsewhere/w");
        let at_root = ArtifactPaths::new(PathBuf::from("/repo"), PathBuf::from("."));
        assert_eq!(at_root.widget("."), ".");
        assert_eq!(join(&at_root.widget("."), "manifest.json"), "manifest.json");
    }
}
