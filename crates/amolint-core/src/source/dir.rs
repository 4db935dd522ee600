//! A widget as an unpacked folder (a developer's checkout, or an audit's unpacked copy),
//! optionally with an [`Overlay`] of files laid over the disk: the fix passes check a widget
//! whose fixed files are still only in memory, and the language server one whose open documents
//! are unsaved editor buffers. Rules cannot tell an overlaid file from one on disk.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs::{self, File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::limits::{Budget, LimitKind, Limits, Want};
use super::{
    Entry, EntryKind, Lister, Lookup, OpenError, ReadError, Source, SourceIssue, SourceKind,
    UnsafePathReason, has_drive_letter, is_skipped_dir, lookup,
};

pub struct DirSource {
    root: PathBuf,
    entries: Vec<Entry>,
    /// Where to read each entry from, parallel to `entries`.
    locations: Vec<Location>,
    open_issues: Vec<SourceIssue>,
    budget: Budget,
}

/// Where the bytes of a listed entry come from.
#[derive(Clone, Debug)]
enum Location {
    /// A file on disk: the canonical path of a followed symlink, so a read never re-resolves a
    /// link.
    Disk(PathBuf),
    /// The overlay's content for this path.
    Memory(Arc<[u8]>),
    /// Nothing to read: a folder, a symlink not followed, a special file.
    None,
}

/// Files laid over a folder: widget-relative path (as [`Entry::path`] names files) → content.
/// An overlaid path that exists on disk is read from the overlay instead; one that does not is
/// listed as a regular file. Cheap to clone: contents are shared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overlay {
    files: BTreeMap<String, Arc<[u8]>>,
}

impl Overlay {
    pub fn new() -> Overlay {
        Overlay::default()
    }

    /// Lays `content` over `path`, replacing what the overlay held there. A path that could not
    /// name a file of the widget (absolute, with `..`, empty) is refused with the reason.
    pub fn insert(
        &mut self,
        path: &str,
        content: impl Into<Arc<[u8]>>,
    ) -> Result<(), UnsafePathReason> {
        let path = super::normalize_path(path)?;
        self.files.insert(path, content.into());
        Ok(())
    }

    /// Takes `path` out of the overlay (the disk shows again).
    pub fn remove(&mut self, path: &str) -> Option<Arc<[u8]>> {
        let path = super::normalize_path(path).ok()?;
        self.files.remove(&path)
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        let path = super::normalize_path(path).ok()?;
        self.files.get(&path).map(|c| &c[..])
    }

    /// Paths and contents, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, c)| (p.as_str(), &c[..]))
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }
}

struct Frame {
    /// Where the folder is on disk (canonical when reached through a symlink).
    dir: PathBuf,
    /// Its widget-relative path, "" for the root.
    rel: String,
    /// Canonical paths of this folder and every folder above it in the walk. A
    /// symlink resolving to one of these would walk forever.
    ancestors: Vec<PathBuf>,
}

impl DirSource {
    pub fn open(path: &Path, limits: Limits) -> Result<DirSource, OpenError> {
        DirSource::open_with_overlay(path, limits, &Overlay::default())
    }

    /// Opens the folder at `path` with `overlay` laid over it.
    pub fn open_with_overlay(
        path: &Path,
        limits: Limits,
        overlay: &Overlay,
    ) -> Result<DirSource, OpenError> {
        let fail = |e: std::io::Error| OpenError {
            detail: format!("{}: {e}", path.display()),
        };
        // Everything inside is judged against the canonical root, so a widget path
        // that itself goes through symlinks still has a well-defined "inside".
        let root = fs::canonicalize(path).map_err(fail)?;
        // A root we cannot list is a root we cannot audit at all: that is an open
        // error, unlike an unreadable subfolder, which is an issue.
        fs::read_dir(&root).map_err(fail)?;

        let mut lister: Lister<Location> = Lister::new();
        let mut examined: usize = 0;
        let mut stack = vec![Frame {
            dir: root.clone(),
            rel: String::new(),
            ancestors: vec![root.clone()],
        }];
        'walk: while let Some(frame) = stack.pop() {
            let children = match list_dir(&frame.dir) {
                Ok(c) => c,
                Err(e) => {
                    lister.issue(SourceIssue::Unreadable {
                        name: display_rel(&frame.rel),
                        detail: e.to_string(),
                    });
                    continue;
                }
            };
            let mut subdirs = Vec::new();
            for (name, fs_path) in children {
                examined += 1;
                if examined > limits.max_entries {
                    lister.issue(SourceIssue::LimitExceeded {
                        limit: LimitKind::Entries,
                        name: None,
                        detail: format!(
                            "more than {} items in the folder; stopped walking",
                            limits.max_entries
                        ),
                    });
                    break 'walk;
                }
                let rel = if frame.rel.is_empty() {
                    name.clone()
                } else {
                    format!("{}/{name}", frame.rel)
                };
                if let Some(reason) = unsafe_component(&name, frame.rel.is_empty()) {
                    lister.issue(SourceIssue::UnsafePath { name: rel, reason });
                    continue;
                }
                let md = match fs::symlink_metadata(&fs_path) {
                    Ok(md) => md,
                    Err(e) => {
                        lister.issue(SourceIssue::Unreadable {
                            name: rel,
                            detail: e.to_string(),
                        });
                        continue;
                    }
                };
                let ft = md.file_type();
                if ft.is_symlink() {
                    match follow(&root, &fs_path, &frame.ancestors) {
                        Followed::File(target, tmd) => {
                            push(
                                &mut lister,
                                rel,
                                EntryKind::File,
                                tmd.len(),
                                Location::Disk(target),
                            );
                        }
                        Followed::Dir(_) if is_skipped_dir(&name) => {
                            push(&mut lister, rel, EntryKind::SkippedDir, 0, Location::None);
                        }
                        Followed::Dir(target) => {
                            let mut ancestors = frame.ancestors.clone();
                            ancestors.push(target.clone());
                            subdirs.push(Frame {
                                dir: target,
                                rel,
                                ancestors,
                            });
                        }
                        Followed::Special(kind) => {
                            push(
                                &mut lister,
                                rel,
                                EntryKind::Special(kind),
                                0,
                                Location::None,
                            );
                        }
                        Followed::No => {
                            let target = fs::read_link(&fs_path)
                                .map(|t| lossy(t.as_os_str()))
                                .unwrap_or_default();
                            push(
                                &mut lister,
                                rel,
                                EntryKind::Symlink { target },
                                md.len(),
                                Location::None,
                            );
                        }
                    }
                } else if ft.is_dir() {
                    if is_skipped_dir(&name) {
                        push(&mut lister, rel, EntryKind::SkippedDir, 0, Location::None);
                    } else {
                        // Reached through real folders from a canonical root, so this
                        // path is canonical too; no need to resolve it again.
                        let mut ancestors = frame.ancestors.clone();
                        ancestors.push(fs_path.clone());
                        subdirs.push(Frame {
                            dir: fs_path,
                            rel,
                            ancestors,
                        });
                    }
                } else if ft.is_file() {
                    push(
                        &mut lister,
                        rel,
                        EntryKind::File,
                        md.len(),
                        Location::Disk(fs_path),
                    );
                } else {
                    push(
                        &mut lister,
                        rel,
                        EntryKind::Special(special_kind(&md)),
                        md.len(),
                        Location::None,
                    );
                }
            }
            // Reversed so the stack pops sub-folders in name order: depth-first,
            // deterministic.
            stack.extend(subdirs.into_iter().rev());
        }

        let (mut entries, mut locations, open_issues) = lister.finish();
        lay_over(&mut entries, &mut locations, overlay);
        Ok(DirSource {
            root,
            entries,
            locations,
            open_issues,
            budget: Budget::new(limits),
        })
    }

    /// The canonical folder this source lists.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn locate(&self, path: &str) -> Result<(&Entry, &Location), ReadError> {
        match lookup(&self.entries, path) {
            Lookup::Found(i) => match (self.entries.get(i), self.locations.get(i)) {
                (Some(e), Some(at @ (Location::Disk(_) | Location::Memory(_)))) => Ok((e, at)),
                _ => Err(ReadError::NotAFile),
            },
            Lookup::NotAFile => Err(ReadError::NotAFile),
            Lookup::NotFound => Err(ReadError::NotFound),
        }
    }

    /// Opens a listed file for reading, re-checking it first: the listing may be
    /// stale, and opening something that has become a FIFO would block forever.
    fn open_file(&self, entry: &Entry, at: &Path) -> Result<(File, Metadata), ReadError> {
        let md = fs::symlink_metadata(at)
            .map_err(|e| self.budget.unreadable(&entry.path, e.to_string()))?;
        if !md.is_file() {
            return Err(ReadError::NotAFile);
        }
        let file =
            File::open(at).map_err(|e| self.budget.unreadable(&entry.path, e.to_string()))?;
        Ok((file, md))
    }
}

/// Reads the whole of `file` within `max` and the budget, trusting its length
/// only to refuse early: files can grow after `metadata`, and some (procfs) report
/// a length of 0, so the read itself is capped too.
pub(crate) fn read_file_capped(
    budget: &Budget,
    name: &str,
    file: &mut dyn Read,
    len: u64,
    max: u64,
) -> Result<Vec<u8>, ReadError> {
    if len > max {
        return Err(ReadError::TooLarge { limit: max });
    }
    let lim = *budget.limits();
    if len > lim.max_entry_bytes {
        return Err(budget.exceeded(
            LimitKind::EntryBytes,
            name,
            format!("file is {len} bytes, more than {}", lim.max_entry_bytes),
        ));
    }
    if len > budget.remaining() {
        return Err(budget.exceeded(
            LimitKind::TotalBytes,
            name,
            format!(
                "reading this {len}-byte file would take reads of this widget past {} bytes",
                lim.max_total_bytes
            ),
        ));
    }
    budget.pull_sized(file, name, None, Want::Whole(max), Some(len))
}

impl Source for DirSource {
    fn kind(&self) -> SourceKind {
        SourceKind::Directory
    }

    fn limits(&self) -> Limits {
        *self.budget.limits()
    }

    fn archive_size(&self) -> Option<u64> {
        None
    }

    fn entries(&self) -> &[Entry] {
        &self.entries
    }

    fn issues(&self) -> Vec<SourceIssue> {
        let mut all = self.open_issues.clone();
        all.extend(self.budget.issues());
        all
    }

    fn read(&self, path: &str, max: u64) -> Result<Vec<u8>, ReadError> {
        match self.locate(path)? {
            (entry, Location::Memory(content)) => read_file_capped(
                &self.budget,
                &entry.path,
                &mut &content[..],
                content.len() as u64,
                max,
            ),
            (entry, Location::Disk(at)) => {
                let (mut file, md) = self.open_file(entry, at)?;
                read_file_capped(&self.budget, &entry.path, &mut file, md.len(), max)
            }
            (_, Location::None) => Err(ReadError::NotAFile),
        }
    }

    fn read_prefix(&self, path: &str, n: usize) -> Result<Vec<u8>, ReadError> {
        let want = Want::Prefix(n as u64);
        match self.locate(path)? {
            (entry, Location::Memory(content)) => {
                self.budget.pull(&mut &content[..], &entry.path, None, want)
            }
            (entry, Location::Disk(at)) => {
                let (mut file, _) = self.open_file(entry, at)?;
                self.budget.pull(&mut file, &entry.path, None, want)
            }
            (_, Location::None) => Err(ReadError::NotAFile),
        }
    }
}

/// Lays the overlay over a sorted listing: an overlaid path that is listed becomes a regular
/// file read from memory, one that is not is added in its sorted place.
fn lay_over(entries: &mut Vec<Entry>, locations: &mut Vec<Location>, overlay: &Overlay) {
    for (path, content) in &overlay.files {
        let size = content.len() as u64;
        let at = Location::Memory(content.clone());
        match entries.binary_search_by(|e| e.path.as_bytes().cmp(path.as_bytes())) {
            Ok(i) => {
                let entry = &mut entries[i];
                entry.kind = EntryKind::File;
                entry.size = size;
                entry.compressed_size = size;
                locations[i] = at;
            }
            Err(i) => {
                entries.insert(
                    i,
                    Entry {
                        path: path.clone(),
                        raw_name: path.clone(),
                        size,
                        compressed_size: size,
                        kind: EntryKind::File,
                    },
                );
                locations.insert(i, at);
            }
        }
    }
}

fn push(
    lister: &mut Lister<Location>,
    rel: String,
    kind: EntryKind,
    size: u64,
    location: Location,
) {
    let entry = Entry {
        raw_name: rel.clone(),
        path: rel,
        size,
        compressed_size: size,
        kind,
    };
    lister.push(entry, location);
}

enum Followed {
    /// Resolves inside the widget to a regular file at this canonical path.
    File(PathBuf, Metadata),
    /// Resolves inside the widget to a folder that is not one being walked.
    Dir(PathBuf),
    /// Resolves inside the widget to a FIFO, socket or device.
    Special(&'static str),
    /// Dangles, loops, leads outside the widget, or back into a folder being walked.
    No,
}

fn follow(root: &Path, link: &Path, ancestors: &[PathBuf]) -> Followed {
    // canonicalize fails with ELOOP on link cycles and ENOENT on dangling links,
    // which is exactly the set we must not follow.
    let Ok(target) = fs::canonicalize(link) else {
        return Followed::No;
    };
    if !target.starts_with(root) {
        return Followed::No;
    }
    let Ok(md) = fs::metadata(&target) else {
        return Followed::No;
    };
    if md.is_file() {
        Followed::File(target, md)
    } else if md.is_dir() {
        if ancestors.contains(&target) {
            Followed::No
        } else {
            Followed::Dir(target)
        }
    } else {
        Followed::Special(special_kind(&md))
    }
}

/// Children of a folder, sorted by name bytes, names converted lossily: a name
/// that is not UTF-8 cannot be looked up by rules anyway, but it must still show.
fn list_dir(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for item in fs::read_dir(dir)? {
        // An entry that vanished between readdir and here is not worth failing
        // the whole folder for.
        let Ok(item) = item else { continue };
        let name = item.file_name();
        out.push((os_bytes(&name), item.path()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out
        .into_iter()
        .map(|(raw, p)| (lossy_bytes(&raw), p))
        .collect())
}

/// A folder item name that would be unsafe as a zip entry name. Only what can
/// occur in one path component on this platform is checked: '/' and NUL cannot.
fn unsafe_component(name: &str, first: bool) -> Option<UnsafePathReason> {
    if name.contains('\\') {
        Some(UnsafePathReason::Backslash)
    } else if first && has_drive_letter(name) {
        Some(UnsafePathReason::DriveLetter)
    } else {
        None
    }
}

fn display_rel(rel: &str) -> String {
    if rel.is_empty() {
        ".".to_string()
    } else {
        rel.to_string()
    }
}

#[cfg(unix)]
fn os_bytes(s: &OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn os_bytes(s: &OsStr) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

fn lossy_bytes(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn lossy(s: &OsStr) -> String {
    lossy_bytes(&os_bytes(s))
}

#[cfg(unix)]
fn special_kind(md: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let ft = md.file_type();
    if ft.is_fifo() {
        "fifo"
    } else if ft.is_socket() {
        "socket"
    } else {
        "device"
    }
}

#[cfg(not(unix))]
fn special_kind(_md: &Metadata) -> &'static str {
    "device"
}
