//! Where the archive goes, and getting it there atomically: a temporary file next to the output,
//! filled, flushed to disk, checked, then renamed over the output (with `--force`) or linked to a
//! name nobody took meanwhile (without). A failed or refused pack leaves no file behind and never
//! a half-written output; an existing output is replaced only with `--force`.
//!
//! Owns the output's path and the file system calls that create it; it must not decide what goes
//! into the archive.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The output, resolved.
#[derive(Clone, Debug)]
pub struct Output {
    /// As given, for messages.
    pub display: String,
    /// Absolute, in a canonical folder.
    pub path: PathBuf,
}

impl Output {
    /// Resolves `given` against the current folder; its folder must exist. The file itself may or
    /// may not: that is [`Output::check_free`]'s to judge.
    pub fn resolve(given: &Path) -> Result<Output, String> {
        let display = given.display().to_string();
        let name = given
            .file_name()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| format!("`{display}` does not name a file"))?;
        let parent = match given.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let folder = fs::canonicalize(&parent).map_err(|e| {
            format!(
                "cannot write `{display}`: its folder {}: {e}",
                parent.display()
            )
        })?;
        let path = folder.join(name);
        if path.is_dir() {
            return Err(format!("`{display}` is a folder; name the archive file"));
        }
        Ok(Output { display, path })
    }

    /// Refuses an output that exists, unless `force`.
    pub fn check_free(&self, force: bool) -> Result<(), String> {
        if !force && fs::symlink_metadata(&self.path).is_ok() {
            return Err(format!(
                "`{}` exists; pass --force to replace it",
                self.display
            ));
        }
        Ok(())
    }

    /// The output's path relative to `folder` (a canonical folder), `/`-separated, when the
    /// output lies inside it.
    pub fn relative_to(&self, folder: &Path) -> Option<String> {
        let rest = self.path.strip_prefix(folder).ok()?;
        let parts: Option<Vec<&str>> = rest.components().map(|c| c.as_os_str().to_str()).collect();
        parts.map(|p| p.join("/"))
    }

    /// The folder the output goes in.
    pub fn folder(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Creates a new, empty temporary file in `folder`: the output's own folder, so that placing
    /// it is a rename within one file system.
    pub fn temporary(&self, folder: &Path) -> io::Result<Temporary> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Unique within the process by the counter, and between processes by the pid; a name
        // that exists anyway (a crashed run's leftover) is skipped, never opened.
        for _ in 0..100 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = folder.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
            match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    return Ok(Temporary {
                        path,
                        file: Some(file),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other(format!(
            "no free temporary file name in {}",
            folder.display()
        )))
    }
}

/// A temporary file that is removed when dropped, unless it was placed at the output.
pub struct Temporary {
    pub path: PathBuf,
    file: Option<File>,
}

impl Temporary {
    /// The open file, to write the archive into.
    pub fn file(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("the temporary file was closed"))
    }

    /// Flushes the archive to disk and closes the file.
    pub fn close(&mut self) -> io::Result<()> {
        if let Some(file) = self.file.take() {
            file.sync_all()?;
        }
        Ok(())
    }

    /// Moves the archive to `output`: replacing what is there with `force`, else only if the name
    /// is still free (a hard link fails on an existing name, atomically; where the file system
    /// has none, a last look before the rename).
    pub fn place(mut self, output: &Output, force: bool) -> Result<(), String> {
        self.close()
            .map_err(|e| format!("cannot write `{}`: {e}", output.display))?;
        let taken = || format!("`{}` exists; pass --force to replace it", output.display);
        if !force {
            match fs::hard_link(&self.path, &output.path) {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(taken()),
                Err(_) if fs::symlink_metadata(&output.path).is_ok() => return Err(taken()),
                Err(_) => {}
            }
        }
        fs::rename(&self.path, &output.path)
            .map_err(|e| format!("cannot write `{}`: {e}", output.display))
        // Drop removes the temporary name; after a rename there is nothing left to remove.
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        self.file = None;
        // Gone already after a rename; a leftover hard-linked name goes here.
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn an_existing_output_is_replaced_only_with_force() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("widget.zip");
        fs::write(&target, "old").expect("write");
        let output = Output::resolve(&target).expect("resolve");
        assert!(output.check_free(false).is_err());
        assert!(output.check_free(true).is_ok());

        let mut tmp = output.temporary(output.folder()).expect("temporary");
        tmp.file().expect("file").write_all(b"new").expect("write");
        assert!(tmp.place(&output, false).is_err());
        assert_eq!(fs::read_to_string(&target).expect("read"), "old");

        let mut tmp = output.temporary(output.folder()).expect("temporary");
        tmp.file().expect("file").write_all(b"new").expect("write");
        tmp.place(&output, true).expect("placed");
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        let left: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn a_temporary_file_dropped_unplaced_is_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let output = Output::resolve(&dir.path().join("w.zip")).expect("resolve");
        let tmp = output.temporary(output.folder()).expect("temporary");
        let path = tmp.path.clone();
        assert!(path.exists());
        drop(tmp);
        assert!(!path.exists());
        assert!(!output.path.exists());
    }

    #[test]
    fn the_output_must_name_a_file_in_a_folder_that_exists() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(Output::resolve(&dir.path().join("missing/w.zip")).is_err());
        assert!(Output::resolve(dir.path()).is_err());
        let output = Output::resolve(&dir.path().join("sub/../w.zip"));
        assert!(output.is_err(), "sub does not exist");
        let real = fs::canonicalize(dir.path()).expect("canonical");
        let output = Output::resolve(&dir.path().join("w.zip")).expect("resolve");
        assert_eq!(output.relative_to(&real).as_deref(), Some("w.zip"));
        assert_eq!(output.relative_to(&real.join("other")), None);
    }
}
