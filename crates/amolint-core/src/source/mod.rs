//! Widget sources: one read-only view of a widget's files, over either a folder (with, if
//! asked, an [`Overlay`] of in-memory files laid over it) or a zip archive (`widget.zip`),
//! with safety caps on everything an untrusted widget can make us do. This module owns listing entries, normalising and vetting their
//! paths, and reading their bytes within limits; it reports structural problems as
//! [`SourceIssue`]s. It must not parse JSON or any other content, apply rules, or
//! word findings, and it never writes, extracts or caches anything to disk.
//!
//! Bulk audits run this over widgets nobody has vetted, so every input is treated
//! as hostile:
//!
//! * Sizes declared in zip headers are never trusted: entries are inflated through
//!   a counter, in chunks, and reading stops one byte past the first cap.
//! * Folders are walked with `symlink_metadata`; symlinks are followed only when
//!   their canonical target lies inside the widget and does not loop back to a
//!   folder being walked. FIFOs, sockets and devices are listed, never opened.
//! * Entry names that would escape an extraction folder (`..`, absolute, drive
//!   letters, backslashes, NUL) are reported and left out of the listing.
//!
//! # Limits ([`Limits`])
//!
//! * `max_entries` = 10 000. Real widgets hold tens of files; the cap bounds the
//!   work and memory of listing a zip with millions of tiny records or a folder
//!   fanned out by symlinks. Every item examined counts, folders included, because
//!   the cap is about work done, not about what the widget "contains".
//! * `max_total_bytes` = 256 MiB, summed over every byte actually produced by all
//!   reads of one widget (symlink targets read while opening included). A widget
//!   that is a thousand legitimate-looking 60 MiB files is still a bomb.
//! * `max_entry_bytes` = 64 MiB per read of one entry. The largest legitimate
//!   files (bundled `script.js`, images) are a few MiB; 64 MiB leaves headroom and
//!   still keeps one read's buffer bounded.
//! * `max_ratio` = 100, applied once an entry has produced more than 1 MiB.
//!   Text and JSON deflate to roughly 3–10:1 and images hardly at all, while
//!   zeros deflate to about 1000:1; the 1 MiB floor keeps small, very repetitive
//!   files from tripping it.
//!
//! Hitting a cap while reading records a `SourceIssue::LimitExceeded` (once per
//! entry and kind) and fails that read with `ReadError::Limit`.

mod dir;
mod limits;
#[cfg(test)]
mod tests;
mod zip;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

pub use dir::{DirSource, Overlay};
pub use limits::{LimitKind, Limits, RATIO_FLOOR};
pub use zip::ZipSource;

/// Which container a widget came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    Directory,
    Zip,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Directory => "directory",
            SourceKind::Zip => "zip",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    /// A symlink: in a zip, an entry whose unix mode is S_IFLNK (target = its
    /// content, read with a small cap); in a folder, a symlink whose target resolves
    /// inside the widget is followed and listed as File (or walked, if a directory,
    /// guarding against loops); one that leads outside the widget (or dangles, or
    /// loops) is listed as Symlink and never followed.
    Symlink {
        target: String,
    },
    /// A folder amolint deliberately did not descend into: `node_modules`, `.git`,
    /// `.svn`, `.hg` (path without trailing '/').
    SkippedDir,
    /// Not a regular file: FIFO, socket, block/char device (never opened):
    /// "fifo" | "socket" | "device".
    Special(&'static str),
}

#[derive(Clone, Debug)]
pub struct Entry {
    /// Widget-relative, '/'-separated, no leading '/', as it will be looked up.
    pub path: String,
    /// Zip: the name as stored (lossy UTF-8); folder: same as `path`.
    pub raw_name: String,
    /// Folder: metadata length; zip: declared uncompressed size (not trusted for reading).
    pub size: u64,
    /// Zip only; equal to `size` for folders.
    pub compressed_size: u64,
    pub kind: EntryKind,
}

/// Structural problems found while opening or reading; rules turn them into findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceIssue {
    /// Not a zip at all, or a corrupt central directory.
    NotAZip {
        detail: String,
    },
    Encrypted {
        name: String,
    },
    UnsupportedCompression {
        name: String,
        method: String,
    },
    /// The entry is left out of `entries()`.
    UnsafePath {
        name: String,
        reason: UnsafePathReason,
    },
    /// Exact duplicates: the later one is left out of `entries()` (first wins).
    /// Case-only duplicates: both are kept.
    Duplicate {
        name: String,
        first: String,
        case_only: bool,
    },
    LimitExceeded {
        limit: LimitKind,
        name: Option<String>,
        detail: String,
    },
    /// An I/O error on one file or entry (permission denied, corrupt data, ...).
    Unreadable {
        name: String,
        detail: String,
    },
}

/// Why an entry name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnsafePathReason {
    Absolute,
    ParentDir,
    Backslash,
    DriveLetter,
    Nul,
    Empty,
}

impl UnsafePathReason {
    pub fn as_str(self) -> &'static str {
        match self {
            UnsafePathReason::Absolute => "absolute",
            UnsafePathReason::ParentDir => "parent_dir",
            UnsafePathReason::Backslash => "backslash",
            UnsafePathReason::DriveLetter => "drive_letter",
            UnsafePathReason::Nul => "nul",
            UnsafePathReason::Empty => "empty",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            UnsafePathReason::Absolute => "path is absolute (starts with '/')",
            UnsafePathReason::ParentDir => "path contains a '..' component",
            UnsafePathReason::Backslash => "path contains a backslash",
            UnsafePathReason::DriveLetter => "path starts with a drive letter",
            UnsafePathReason::Nul => "path contains a NUL byte",
            UnsafePathReason::Empty => "path is empty",
        }
    }
}

#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// The path names a folder, a symlink that was not followed, a skipped folder
    /// or a special file.
    NotAFile,
    /// The content is larger than the `max` the caller passed.
    TooLarge {
        limit: u64,
    },
    /// A safety cap was hit; the issue has also been recorded in `issues()`.
    Limit(SourceIssue),
    Io(String),
    /// Encrypted entry or unsupported compression method.
    Unsupported(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("not found"),
            ReadError::NotAFile => f.write_str("not a regular file"),
            ReadError::TooLarge { limit } => write!(f, "larger than {limit} bytes"),
            ReadError::Limit(SourceIssue::LimitExceeded { detail, .. }) => f.write_str(detail),
            ReadError::Limit(other) => write!(f, "limit exceeded: {other:?}"),
            ReadError::Io(detail) => write!(f, "I/O error: {detail}"),
            ReadError::Unsupported(detail) => write!(f, "unsupported: {detail}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// `open` fails only when the path itself cannot be used at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenError {
    pub detail: String,
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for OpenError {}

pub trait Source: Send {
    fn kind(&self) -> SourceKind;
    /// The archive file's length in bytes (known from opening it, whether or not it is a valid
    /// zip); `None` for a folder. Reports that must give a finding about a zip a byte range
    /// (SARIF) cover the whole archive with it.
    fn archive_size(&self) -> Option<u64>;
    /// Sorted by path (byte order), deterministic.
    fn entries(&self) -> &[Entry];
    /// Open-time issues, then those recorded by reads so far, in the order found.
    fn issues(&self) -> Vec<SourceIssue>;
    /// The whole content, at most `max` bytes: if the real content exceeds `max`,
    /// `Err(TooLarge { limit: max })` without reading it all.
    fn read(&self, path: &str, max: u64) -> Result<Vec<u8>, ReadError>;
    /// At most the first `n` bytes (for image headers); cheap.
    fn read_prefix(&self, path: &str, n: usize) -> Result<Vec<u8>, ReadError>;
    /// The caps this source was opened with.
    fn limits(&self) -> Limits;
}

/// Opens a folder, or a file tried as a zip. A file that is not a zip still gives
/// `Ok`: a zip source with no entries and a `NotAZip` issue. `Err` only when the
/// path itself cannot be used: missing, permission denied, or neither a regular
/// file nor a folder (a FIFO given as the target would block on open).
pub fn open(path: &Path, limits: &Limits) -> Result<Box<dyn Source>, OpenError> {
    // Following a symlink for the target itself is deliberate: pointing amolint at
    // a link to a widget is the user's choice, not the widget's.
    let md = std::fs::metadata(path).map_err(|e| OpenError {
        detail: format!("{}: {e}", path.display()),
    })?;
    if md.is_dir() {
        Ok(Box::new(DirSource::open(path, *limits)?))
    } else if md.is_file() {
        Ok(Box::new(ZipSource::open(path, *limits)?))
    } else {
        Err(OpenError {
            detail: format!("{}: not a regular file or folder", path.display()),
        })
    }
}

/// Folders amolint does not descend into (and, in a zip, does not list the contents of).
pub(crate) const SKIPPED_DIRS: [&str; 4] = ["node_modules", ".git", ".svn", ".hg"];

pub(crate) fn is_skipped_dir(name: &str) -> bool {
    SKIPPED_DIRS.contains(&name)
}

/// Turns an entry name into the path it will be looked up by, or says why it is
/// refused. `.` and empty segments (`a/./b`, `a//b`) are dropped rather than
/// refused: extractors resolve them harmlessly, and keeping them would let
/// `a//b` and `a/b` both be listed for one file. A trailing '/' (a directory
/// entry) is accepted and dropped.
pub(crate) fn normalize_path(name: &str) -> Result<String, UnsafePathReason> {
    if name.contains('\0') {
        return Err(UnsafePathReason::Nul);
    }
    if name.is_empty() {
        return Err(UnsafePathReason::Empty);
    }
    if name.contains('\\') {
        return Err(UnsafePathReason::Backslash);
    }
    if name.starts_with('/') {
        return Err(UnsafePathReason::Absolute);
    }
    if has_drive_letter(name) {
        return Err(UnsafePathReason::DriveLetter);
    }
    let mut parts = Vec::new();
    for seg in name.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(UnsafePathReason::ParentDir),
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return Err(UnsafePathReason::Empty);
    }
    Ok(parts.join("/"))
}

/// `C:` and `C:foo` are both drive-qualified on Windows, so only the colon after a
/// single ASCII letter matters.
pub(crate) fn has_drive_letter(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// Accumulates entries in discovery order, applying duplicate rules uniformly for
/// both kinds of source, and carries a per-entry payload (how to read it).
pub(crate) struct Lister<T> {
    items: Vec<(Entry, T)>,
    issues: Vec<SourceIssue>,
    /// path → raw name of the first entry with that path
    exact: HashMap<String, String>,
    /// lowercased path → raw name of the first entry with that folded path
    folded: HashMap<String, String>,
}

impl<T> Lister<T> {
    pub(crate) fn new() -> Self {
        Lister {
            items: Vec::new(),
            issues: Vec::new(),
            exact: HashMap::new(),
            folded: HashMap::new(),
        }
    }

    pub(crate) fn issue(&mut self, issue: SourceIssue) {
        self.issues.push(issue);
    }

    /// Adds an entry unless its path is already taken. Returns the index of the
    /// new item, or `None` for an exact duplicate (reported, first wins). A name
    /// differing only in case is reported but kept: both can exist in a zip or on
    /// a case-sensitive disk, and which one a case-insensitive platform keeps is
    /// not ours to decide.
    pub(crate) fn push(&mut self, entry: Entry, payload: T) -> Option<usize> {
        if let Some(first) = self.exact.get(&entry.path) {
            self.issues.push(SourceIssue::Duplicate {
                name: entry.raw_name,
                first: first.clone(),
                case_only: false,
            });
            return None;
        }
        let folded = entry.path.to_lowercase();
        match self.folded.get(&folded) {
            Some(first) => self.issues.push(SourceIssue::Duplicate {
                name: entry.raw_name.clone(),
                first: first.clone(),
                case_only: true,
            }),
            None => {
                self.folded.insert(folded, entry.raw_name.clone());
            }
        }
        self.exact
            .insert(entry.path.clone(), entry.raw_name.clone());
        self.items.push((entry, payload));
        Some(self.items.len() - 1)
    }

    pub(crate) fn entry_mut(&mut self, index: usize) -> Option<&mut Entry> {
        self.items.get_mut(index).map(|(e, _)| e)
    }

    /// Entries sorted by path bytes, their payloads in the same order, and the
    /// issues in discovery order.
    pub(crate) fn finish(mut self) -> (Vec<Entry>, Vec<T>, Vec<SourceIssue>) {
        // Paths are unique here (exact duplicates were dropped), so an unstable
        // sort is still deterministic.
        self.items
            .sort_unstable_by(|a, b| a.0.path.as_bytes().cmp(b.0.path.as_bytes()));
        let (entries, payloads) = self.items.into_iter().unzip();
        (entries, payloads, self.issues)
    }
}

/// Outcome of looking a caller's path up in a sorted entry list.
pub(crate) enum Lookup {
    Found(usize),
    NotAFile,
    NotFound,
}

/// Finds `query` among `entries` (sorted by path). A path that only exists as a
/// folder prefix of other entries is `NotAFile`, matching what a folder source
/// says for a directory.
pub(crate) fn lookup(entries: &[Entry], query: &str) -> Lookup {
    let Ok(path) = normalize_path(query) else {
        return Lookup::NotFound;
    };
    match entries.binary_search_by(|e| e.path.as_bytes().cmp(path.as_bytes())) {
        Ok(i) => match entries[i].kind {
            EntryKind::File => Lookup::Found(i),
            _ => Lookup::NotAFile,
        },
        Err(i) => {
            let prefix = format!("{path}/");
            // Entries starting with "path/" sort right after where "path" would be,
            // except for siblings like "path.txt" ('.' < '/'), so scan forward past
            // those.
            let is_dir = entries[i..]
                .iter()
                .take_while(|e| e.path.starts_with(&path))
                .any(|e| e.path.starts_with(&prefix));
            if is_dir {
                Lookup::NotAFile
            } else {
                Lookup::NotFound
            }
        }
    }
}
