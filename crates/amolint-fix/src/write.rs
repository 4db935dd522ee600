//! Writing the fixed files: each once, atomically (a temporary file in the same folder, then a
//! rename), with its permissions kept, and only when what is on disk is still what was read.
//! A symlinked file, or a file reached through a symlinked folder, is left alone, and nothing
//! outside the widget folder is ever written.

use crate::plan::Change;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What [`write_changes`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteResult {
    /// The paths written.
    pub written: Vec<String>,
    /// The paths left as they were, each with why.
    pub left_alone: Vec<(String, String)>,
}

/// Writes `changes` into the folder `root`; each file that cannot be written safely is left
/// alone and said why.
pub fn write_changes(root: &Path, changes: &[Change]) -> WriteResult {
    let mut result = WriteResult::default();
    let root = match fs::canonicalize(root) {
        Ok(root) => root,
        Err(e) => {
            for change in changes {
                result.left_alone.push((
                    change.path.clone(),
                    format!("the folder cannot be read: {e}"),
                ));
            }
            return result;
        }
    };
    for change in changes {
        match write_one(&root, change) {
            Ok(()) => result.written.push(change.path.clone()),
            Err(why) => result.left_alone.push((change.path.clone(), why)),
        }
    }
    result
}

fn write_one(root: &Path, change: &Change) -> Result<(), String> {
    let target = inside(root, &change.path)?;
    let parent = target.parent().unwrap_or(root);
    let existing = fs::symlink_metadata(&target);
    let permissions = match (&change.original, &existing) {
        (Some(original), Ok(md)) => {
            if md.file_type().is_symlink() {
                return Err("it is a symbolic link, which amolint does not write through".into());
            }
            if !md.is_file() {
                return Err("it is no longer a regular file".into());
            }
            let now = fs::read(&target).map_err(|e| format!("it cannot be read again: {e}"))?;
            if &now != original {
                return Err(
                    "it changed on disk since amolint read it; run amolint again".to_string(),
                );
            }
            Some(md.permissions())
        }
        (Some(_), Err(_)) => return Err("it was removed since amolint read it".into()),
        (None, Ok(_)) => return Err("it was created since amolint looked".into()),
        (None, Err(_)) => None,
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".amolint-fix-")
        .tempfile_in(parent)
        .map_err(|e| format!("no temporary file can be made next to it: {e}"))?;
    temporary
        .write_all(&change.fixed)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|e| format!("writing it failed: {e}"))?;
    if let Some(permissions) = permissions.or_else(|| new_file_permissions(parent)) {
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(|e| format!("its permissions cannot be kept: {e}"))?;
    }
    let persisted = if change.original.is_some() {
        temporary.persist(&target).map(drop)
    } else {
        temporary.persist_noclobber(&target).map(drop)
    };
    persisted.map_err(|e| format!("renaming the fixed file into place failed: {}", e.error))
}

/// `root/path` when it is a file inside `root` reached through real folders only: the path is
/// relative, without `..`, and its folder resolves to itself under the root.
fn inside(root: &Path, path: &str) -> Result<PathBuf, String> {
    let clean = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if !clean {
        return Err("its path does not name a file inside the widget folder".into());
    }
    let target = root.join(path);
    let parent = target.parent().unwrap_or(root);
    let real = fs::canonicalize(parent).map_err(|e| format!("its folder cannot be read: {e}"))?;
    if real != parent || !real.starts_with(root) {
        return Err(
            "its folder is reached through a symbolic link, which amolint does not \
                    write through"
                .into(),
        );
    }
    Ok(target)
}

/// A created file gets what a file created by hand in its folder would: read and write for
/// the owner, read for the others the folder lets in. Elsewhere than on Unix, the temporary
/// file's own permissions stay.
#[cfg(unix)]
fn new_file_permissions(folder: &Path) -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    let folder_mode = fs::metadata(folder).map_or(0o755, |m| m.permissions().mode());
    Some(fs::Permissions::from_mode(0o644 & (folder_mode | 0o600)))
}

#[cfg(not(unix))]
fn new_file_permissions(_folder: &Path) -> Option<fs::Permissions> {
    None
}
