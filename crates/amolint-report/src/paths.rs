//! Where a finding is, as CI systems want it: a path relative to the repository root (or
//! `--sarif-root`) with `/` separators for GitHub annotations, and for SARIF a percent-encoded
//! reference relative to that root, or an absolute `file:` URI for a file outside it. Shared by
//! SARIF and GitHub annotations.
//!
//! Owns resolving report paths against the root; the encoding itself is [`crate::uri`]'s. It
//! reads nothing but the root folder's canonical name (so that a root given through a symbolic
//! link still contains the files under its real name).

use crate::uri::{encode_path, file_uri};
use amolint_core::WidgetReport;
use amolint_core::diagnostic::Diagnostic;
use amolint_core::source::SourceKind;
use std::path::{Component, Path, PathBuf};

/// Resolves widget paths (as shown in reports: relative to the current folder, or absolute)
/// against a root.
#[derive(Clone, Debug)]
pub struct ArtifactPaths {
    cwd: PathBuf,
    /// The root as given, made absolute and normalised.
    root: PathBuf,
    /// The root with symbolic links resolved (`root` when it cannot be resolved).
    real_root: PathBuf,
    root_uri: String,
}

/// A finding's artifact: the file a CI system can open, and the zip member when the file is
/// inside an archive (the location then points at the zip and the message names the member).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Relative to the root with `/` separators; outside the root, the path as given.
    pub path: String,
    pub uri: ArtifactUri,
    pub member: Option<String>,
}

/// The artifact as a SARIF `artifactLocation` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArtifactUri {
    /// Inside the root: a percent-encoded relative reference, resolved against
    /// [`ArtifactPaths::root_uri`] (SARIF's `uriBaseId`).
    Relative(String),
    /// Outside the root: an absolute `file:` URI, which needs no base (a `uriBaseId` next to it
    /// would be invalid, and a `../` chain would depend on where the report is read).
    Absolute(String),
}

impl ArtifactPaths {
    /// `cwd` is the folder report paths are relative to (the current folder); `root` the folder
    /// locations are relative to, absolute or relative to `cwd`.
    pub fn new(cwd: PathBuf, root: PathBuf) -> Self {
        let cwd = normalize(&cwd);
        let root = normalize(&cwd.join(root));
        let real_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        let mut root_uri = file_uri(&real_root);
        if !root_uri.ends_with('/') {
            root_uri.push('/');
        }
        ArtifactPaths {
            cwd,
            root,
            real_root,
            root_uri,
        }
    }

    /// The root's `file:` URI, ending in `/`: the base of every [`ArtifactUri::Relative`].
    pub fn root_uri(&self) -> &str {
        &self.root_uri
    }

    /// The widget itself (its folder or its zip).
    pub fn widget(&self, widget_path: &str) -> Artifact {
        self.locate(widget_path, None)
    }

    pub fn artifact(&self, widget: &WidgetReport, d: &Diagnostic) -> Artifact {
        match (&d.file, widget.kind) {
            (Some(file), SourceKind::Directory) => self.locate(&widget.path, Some(file)),
            (Some(file), SourceKind::Zip) => Artifact {
                member: Some(file.clone()),
                ..self.widget(&widget.path)
            },
            (None, _) => self.widget(&widget.path),
        }
    }

    /// A file of a widget folder (`/`-separated, inside it), such as one a fix edits.
    pub fn file(&self, widget_path: &str, file: &str) -> Artifact {
        self.locate(widget_path, Some(file))
    }

    /// `file` (inside the widget, `/`-separated) or the widget itself.
    fn locate(&self, widget_path: &str, file: Option<&str>) -> Artifact {
        let widget = normalize(&self.cwd.join(widget_path));
        let absolute = match file {
            Some(file) => normalize(&widget.join(file)),
            None => widget,
        };
        // A path under the root as given is the same file under its real name, so either
        // prefix gives a reference that resolves against the (real) root's URI.
        let relative = absolute
            .strip_prefix(&self.root)
            .or_else(|_| absolute.strip_prefix(&self.real_root));
        match relative {
            Ok(relative) => {
                let path = to_slashes(relative);
                Artifact {
                    uri: ArtifactUri::Relative(encode_path(&path)),
                    path,
                    member: None,
                }
            }
            // Outside the root: keep the path as given rather than invent `../` chains.
            Err(_) => {
                let given = widget_path.replace('\\', "/");
                Artifact {
                    path: file.map_or_else(|| given.clone(), |file| join(&given, file)),
                    uri: ArtifactUri::Absolute(file_uri(&absolute)),
                    member: None,
                }
            }
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

    fn relative(artifact: Artifact) -> (String, String) {
        match artifact.uri {
            ArtifactUri::Relative(uri) => (artifact.path, uri),
            other => panic!("expected a relative reference, got {other:?}"),
        }
    }

    #[test]
    fn paths_are_relative_to_the_root() {
        let paths = ArtifactPaths::new(PathBuf::from("/repo/sub"), PathBuf::from("/repo"));
        assert_eq!(paths.root_uri(), "file:///repo/");
        assert_eq!(
            relative(paths.widget("widgets/a")),
            ("sub/widgets/a".into(), "sub/widgets/a".into())
        );
        assert_eq!(relative(paths.widget("./widgets/../b")).0, "sub/b");
        let at_root = ArtifactPaths::new(PathBuf::from("/repo"), PathBuf::from("."));
        assert_eq!(relative(at_root.widget(".")), (".".into(), ".".into()));
        assert_eq!(
            relative(at_root.locate(".", Some("manifest.json"))),
            ("manifest.json".into(), "manifest.json".into())
        );
    }

    #[test]
    fn references_are_percent_encoded_and_paths_are_not() {
        let paths = ArtifactPaths::new(PathBuf::from("/repo"), PathBuf::from("/repo"));
        assert_eq!(
            relative(paths.locate("Мой виджет #1", Some("i18n/100%.json"))),
            (
                "Мой виджет #1/i18n/100%.json".into(),
                "%D0%9C%D0%BE%D0%B9%20%D0%B2%D0%B8%D0%B4%D0%B6%D0%B5%D1%82%20%231/i18n/100%25.json"
                    .into()
            )
        );
    }

    #[test]
    fn files_outside_the_root_get_absolute_file_uris() {
        let paths = ArtifactPaths::new(PathBuf::from("/repo/sub"), PathBuf::from("/repo/sub"));
        let outside = paths.locate("../../elsewhere/w x", Some("manifest.json"));
        assert_eq!(outside.path, "../../elsewhere/w x/manifest.json");
        assert_eq!(
            outside.uri,
            ArtifactUri::Absolute("file:///elsewhere/w%20x/manifest.json".into())
        );
        assert_eq!(
            paths.widget("/abs/w").uri,
            ArtifactUri::Absolute("file:///abs/w".into())
        );
        // A sibling whose name starts like the root is not inside it.
        assert!(matches!(
            paths.widget("/repo/subway").uri,
            ArtifactUri::Absolute(_)
        ));
    }
}
