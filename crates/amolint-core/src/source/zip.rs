//! A widget as a zip archive (what is uploaded to amoCRM/Kommo).
//!
//! `zip::ZipArchive` (zip 9) locates and parses the central directory and does the
//! inflating. It keeps entries in an `IndexMap` keyed by name, so when a name
//! occurs twice the later record silently replaces the earlier one (at the
//! earlier one's index) and only `has_duplicate_names()` hints that anything was
//! lost. To report duplicates and to let the first occurrence win, this module
//! walks the central directory itself, matches its records to the archive's by
//! central-header offset, and reads a shadowed first occurrence straight from its
//! local header with `read_zipfile_from_stream_with_options`.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use ::zip::read::read_zipfile_from_stream_with_options;
use ::zip::result::ZipError;
use ::zip::{CompressionMethod, ZipArchive, ZipReadOptions};

use super::limits::{Budget, LimitKind, Limits, Want};
use super::{
    Entry, EntryKind, Lister, Lookup, OpenError, ReadError, Source, SourceIssue, SourceKind,
    is_skipped_dir, lookup, normalize_path,
};

/// Longest symlink target read while listing. Targets are paths; PATH_MAX is 4096
/// on Linux, and anything longer is not a real link but a way to make us read.
const SYMLINK_TARGET_CAP: u64 = 4096;

const CENTRAL_HEADER_SIG: u32 = 0x0201_4b50;
const CENTRAL_HEADER_LEN: usize = 46;
/// Local header: 30 fixed bytes plus a name and an extra field of up to 64 KiB each.
const LOCAL_HEADER_MAX: u64 = 30 + 2 * 0xFFFF;

const S_IFMT: u32 = 0o170000;
const S_IFLNK: u32 = 0o120000;

pub struct ZipSource {
    entries: Vec<Entry>,
    /// How to read each entry, parallel to `entries`.
    items: Vec<Item>,
    open_issues: Vec<SourceIssue>,
    budget: Budget,
    /// `None` when the file is not a zip: such a source has no entries.
    inner: Option<Mutex<Inner>>,
    /// The archive file's length in bytes, as opened.
    file_len: u64,
}

struct Inner {
    archive: ZipArchive<File>,
    /// A second handle on the same file for entries the archive cannot reach
    /// (shadowed duplicates). Every use seeks first, so sharing the file offset
    /// with `archive` is harmless.
    raw: File,
}

#[derive(Clone, Debug)]
struct Item {
    loc: Loc,
    /// Why reads are refused (encrypted, unsupported method), if they are.
    blocked: Option<String>,
    /// Declared compressed size, clamped to the file's length, for the ratio cap:
    /// a header may lie upwards to make the ratio look harmless.
    compressed: u64,
}

#[derive(Clone, Copy, Debug)]
enum Loc {
    /// An entry the archive knows, by its index.
    Index(usize),
    /// A first occurrence of a duplicated name, hidden by the archive.
    Local(LocalRecord),
    /// Nothing to read (skipped folders).
    Nowhere,
}

#[derive(Clone, Copy, Debug)]
struct LocalRecord {
    /// Absolute offset of the local header in the file.
    header_start: u64,
    compressed: u64,
    uncompressed: u64,
    crc: u32,
}

/// One central-directory record as this module parses it.
#[derive(Clone, Debug)]
struct CdRecord {
    offset: u64,
    name_raw: Vec<u8>,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u64,
    uncompressed: u64,
    external: u32,
    /// Relative to the archive's start (add `ZipArchive::offset()`).
    local_offset: u64,
}

/// A record to list, in central-directory order.
enum Planned {
    /// Known to the archive; `CdRecord` when our own walk agreed with it.
    Known(usize, Option<CdRecord>),
    /// An earlier record whose name a later one took over in the archive.
    Shadowed(usize, CdRecord),
}

impl ZipSource {
    pub fn open(path: &Path, limits: Limits) -> Result<ZipSource, OpenError> {
        let fail = |e: std::io::Error| OpenError {
            detail: format!("{}: {e}", path.display()),
        };
        // Checked before opening: opening a FIFO blocks until a writer appears.
        let not_regular = || OpenError {
            detail: format!("{}: not a regular file", path.display()),
        };
        if !std::fs::metadata(path).map_err(fail)?.is_file() {
            return Err(not_regular());
        }
        let file = File::open(path).map_err(fail)?;
        let md = file.metadata().map_err(fail)?;
        if !md.is_file() {
            return Err(not_regular());
        }
        let file_len = md.len();
        let raw = file.try_clone().map_err(fail)?;
        let budget = Budget::new(limits);
        // The zip crate parses the whole central directory before our entry cap applies, at
        // a few hundred bytes of memory per record: 2,000,000 records took 470 MB. An archive
        // declaring far more records than the cap is refused before that parse.
        let guard = limits
            .max_entries
            .saturating_mul(ENTRY_GUARD_FACTOR)
            .max(ENTRY_GUARD_FLOOR) as u64;
        if let Some(declared) = declared_entries(&raw, file_len).filter(|&n| n > guard) {
            let max = limits.max_entries;
            return Ok(ZipSource {
                entries: Vec::new(),
                items: Vec::new(),
                open_issues: vec![SourceIssue::LimitExceeded {
                    limit: LimitKind::Entries,
                    name: None,
                    detail: format!(
                        "the archive declares {declared} entries, far more than the {max} of \
                         `max-entries`; it was not read"
                    ),
                }],
                budget,
                inner: None,
                file_len,
            });
        }
        let archive = match ZipArchive::new(file) {
            Ok(a) => a,
            Err(e) => {
                return Ok(ZipSource {
                    entries: Vec::new(),
                    items: Vec::new(),
                    open_issues: vec![SourceIssue::NotAZip {
                        detail: e.to_string(),
                    }],
                    budget,
                    inner: None,
                    file_len,
                });
            }
        };
        let mut inner = Inner { archive, raw };
        let plan = plan(&inner.archive, &inner.raw, limits.max_entries);
        let (entries, items, open_issues) =
            list(&mut inner, &plan, &budget, file_len, limits.max_entries);
        Ok(ZipSource {
            entries,
            items,
            open_issues,
            budget,
            inner: Some(Mutex::new(inner)),
            file_len,
        })
    }

    fn inner(&self) -> Option<MutexGuard<'_, Inner>> {
        // Poisoning means a read panicked half-way; the archive itself is
        // immutable and every read seeks first, so carrying on is safe.
        self.inner
            .as_ref()
            .map(|m| m.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn locate(&self, path: &str) -> Result<(&Entry, &Item), ReadError> {
        match lookup(&self.entries, path) {
            Lookup::Found(i) => match (self.entries.get(i), self.items.get(i)) {
                (Some(e), Some(it)) => Ok((e, it)),
                _ => Err(ReadError::NotFound),
            },
            Lookup::NotAFile => Err(ReadError::NotAFile),
            Lookup::NotFound => Err(ReadError::NotFound),
        }
    }
}

impl Source for ZipSource {
    fn kind(&self) -> SourceKind {
        SourceKind::Zip
    }

    fn limits(&self) -> Limits {
        *self.budget.limits()
    }

    fn archive_size(&self) -> Option<u64> {
        Some(self.file_len)
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
        let (entry, item) = self.locate(path)?;
        if let Some(why) = &item.blocked {
            return Err(ReadError::Unsupported(why.clone()));
        }
        // The declared size may only make us give up early, never read more: a
        // header that under-declares is caught by counting while inflating.
        if entry.size > max {
            return Err(ReadError::TooLarge { limit: max });
        }
        let mut inner = self.inner().ok_or(ReadError::NotFound)?;
        read_item(
            &mut inner,
            &self.budget,
            &entry.path,
            item,
            Want::Whole(max),
        )
    }

    fn read_prefix(&self, path: &str, n: usize) -> Result<Vec<u8>, ReadError> {
        let (entry, item) = self.locate(path)?;
        if let Some(why) = &item.blocked {
            return Err(ReadError::Unsupported(why.clone()));
        }
        let mut inner = self.inner().ok_or(ReadError::NotFound)?;
        read_item(
            &mut inner,
            &self.budget,
            &entry.path,
            item,
            Want::Prefix(n as u64),
        )
    }
}

/// Decides which central-directory records to list and how each can be read.
fn plan(archive: &ZipArchive<File>, raw: &File, max_entries: usize) -> Vec<Planned> {
    let count = archive.len();
    let starts: Vec<u64> = (0..count)
        .map(|i| {
            archive
                .by_index_data(i)
                .map(|e| e.central_header_start())
                .unwrap_or(u64::MAX)
        })
        .collect();
    let by_start: HashMap<u64, usize> = starts.iter().enumerate().map(|(i, s)| (*s, i)).collect();

    let mut walk = CdWalk::new(raw, archive.central_directory_start());
    let mut planned = Vec::new();
    let mut known = 0usize;
    // One record past the cap is enough to know the cap was exceeded.
    while planned.len() <= max_entries && known < count {
        let Some(rec) = walk.next_record() else { break };
        if let Some(&i) = by_start.get(&rec.offset) {
            planned.push(Planned::Known(i, Some(rec)));
            known += 1;
        } else if let Some(i) = archive.index_for_name_raw(&rec.name_raw)
            && starts.get(i).is_some_and(|s| *s > rec.offset)
        {
            planned.push(Planned::Shadowed(i, rec));
        } else {
            // Not a record the archive parsed: our walk has diverged from it.
            break;
        }
    }
    let agreed = known == count || planned.len() > max_entries;
    if agreed {
        planned
    } else {
        // Our walk disagrees with the archive's (an exotic layout zip accepts);
        // trust the archive's order rather than guess. Duplicates it hid stay hidden.
        (0..count.min(max_entries.saturating_add(1)))
            .map(|i| Planned::Known(i, None))
            .collect()
    }
}

/// Everything needed to list one record, however it was found.
struct Meta {
    raw_name: String,
    name: String,
    encrypted: bool,
    supported: bool,
    method: String,
    size: u64,
    compressed: u64,
    external: u32,
    loc: Loc,
}

fn meta(archive: &ZipArchive<File>, planned: &Planned) -> Meta {
    match planned {
        Planned::Known(i, rec) => {
            let i = *i;
            match archive.by_index_data(i) {
                Ok(e) => {
                    let compression = e.compression();
                    Meta {
                        raw_name: String::from_utf8_lossy(e.name_raw()).into_owned(),
                        name: decoded_name(archive, i, e.name_raw()),
                        encrypted: e.encrypted(),
                        supported: matches!(
                            compression,
                            CompressionMethod::Stored | CompressionMethod::Deflated
                        ),
                        method: match rec {
                            Some(r) => method_label(r.method),
                            None => compression.to_string(),
                        },
                        size: e.size(),
                        compressed: e.compressed_size(),
                        external: e.external_attributes(),
                        loc: Loc::Index(i),
                    }
                }
                // The index came from the archive itself, so this cannot happen;
                // an unreadable placeholder is still better than a panic.
                Err(_) => Meta {
                    raw_name: String::new(),
                    name: String::new(),
                    encrypted: false,
                    supported: false,
                    method: String::new(),
                    size: 0,
                    compressed: 0,
                    external: 0,
                    loc: Loc::Nowhere,
                },
            }
        }
        Planned::Shadowed(i, rec) => {
            // The archive's key for this name is the later record's: decode the
            // name the way the archive would when the bytes are the same.
            let same_key = archive
                .by_index_data(*i)
                .is_ok_and(|e| e.name_raw() == rec.name_raw.as_slice());
            let raw_name = String::from_utf8_lossy(&rec.name_raw).into_owned();
            Meta {
                name: if same_key {
                    decoded_name(archive, *i, &rec.name_raw)
                } else {
                    raw_name.clone()
                },
                raw_name,
                encrypted: rec.flags & 1 != 0,
                supported: matches!(rec.method, 0 | 8),
                method: method_label(rec.method),
                size: rec.uncompressed,
                compressed: rec.compressed,
                external: rec.external,
                loc: Loc::Local(LocalRecord {
                    header_start: rec.local_offset.saturating_add(archive.offset()),
                    compressed: rec.compressed,
                    uncompressed: rec.uncompressed,
                    crc: rec.crc,
                }),
            }
        }
    }
}

/// UTF-8 if the bytes are UTF-8, else whatever the archive decodes (CP437 for
/// names without the UTF-8 flag), which is what extraction tools would create.
fn decoded_name(archive: &ZipArchive<File>, i: usize, raw: &[u8]) -> String {
    match archive.name_for_index(i) {
        Some(Ok(n)) => n.into_owned(),
        _ => String::from_utf8_lossy(raw).into_owned(),
    }
}

fn method_label(code: u16) -> String {
    match CompressionMethod::name_from_u16(code) {
        "Unknown" => format!("method {code}"),
        name => format!("{} (method {code})", name.to_ascii_lowercase()),
    }
}

fn list(
    inner: &mut Inner,
    plan: &[Planned],
    budget: &Budget,
    file_len: u64,
    max_entries: usize,
) -> (Vec<Entry>, Vec<Item>, Vec<SourceIssue>) {
    let mut lister: Lister<Item> = Lister::new();
    let mut skipped_dirs: HashSet<String> = HashSet::new();
    for (n, planned) in plan.iter().enumerate() {
        if n >= max_entries {
            lister.issue(SourceIssue::LimitExceeded {
                limit: LimitKind::Entries,
                name: None,
                detail: format!(
                    "more than {max_entries} entries in the central directory; \
                     listing the first {max_entries}"
                ),
            });
            break;
        }
        let m = meta(&inner.archive, planned);
        let is_dir = m.name.ends_with('/');
        let path = match normalize_path(&m.name) {
            Ok(p) => p,
            // "./" and the like are harmless folder records, not escapes.
            Err(super::UnsafePathReason::Empty) if is_dir => continue,
            Err(reason) => {
                lister.issue(SourceIssue::UnsafePath {
                    name: m.raw_name,
                    reason,
                });
                continue;
            }
        };
        // Same view as a folder source: the contents of node_modules & co are not
        // listed, the folder itself is, once.
        if let Some(skipped) = skipped_prefix(&path, is_dir) {
            if skipped_dirs.insert(skipped.clone()) {
                let entry = Entry {
                    raw_name: skipped.clone(),
                    path: skipped,
                    size: 0,
                    compressed_size: 0,
                    kind: EntryKind::SkippedDir,
                };
                lister.push(
                    entry,
                    Item {
                        loc: Loc::Nowhere,
                        blocked: None,
                        compressed: 0,
                    },
                );
            }
            continue;
        }
        if is_dir {
            continue;
        }
        let is_symlink = (m.external >> 16) & S_IFMT == S_IFLNK;
        let disagreement = match m.loc {
            Loc::Index(i) => local_header_disagrees(&inner.archive, &inner.raw, i),
            _ => None,
        };
        let blocked = if m.encrypted {
            Some("encrypted entry".to_string())
        } else if !m.supported {
            Some(format!("compression method {}", m.method))
        } else {
            disagreement.clone()
        };
        let item = Item {
            loc: m.loc,
            blocked: blocked.clone(),
            compressed: m.compressed.min(file_len),
        };
        let entry = Entry {
            path: path.clone(),
            raw_name: m.raw_name.clone(),
            size: m.size,
            compressed_size: m.compressed,
            kind: if is_symlink {
                EntryKind::Symlink {
                    target: String::new(),
                }
            } else {
                EntryKind::File
            },
        };
        let Some(index) = lister.push(entry, item.clone()) else {
            continue;
        };
        if let Some(detail) = disagreement {
            lister.issue(SourceIssue::Unreadable {
                name: path.clone(),
                detail,
            });
        }
        if m.encrypted {
            lister.issue(SourceIssue::Encrypted {
                name: m.raw_name.clone(),
            });
        } else if !m.supported {
            lister.issue(SourceIssue::UnsupportedCompression {
                name: m.raw_name.clone(),
                method: m.method.clone(),
            });
        }
        if is_symlink && blocked.is_none() {
            let target = read_item(
                inner,
                budget,
                &path,
                &item,
                Want::Prefix(SYMLINK_TARGET_CAP),
            )
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
            if let Some(e) = lister.entry_mut(index) {
                e.kind = EntryKind::Symlink { target };
            }
        }
    }
    lister.finish()
}

/// Why the local header of the archive's entry `i` cannot be trusted, if it cannot: missing, or
/// naming another file than the central directory does. Extractors differ in which of the two
/// they believe, so such an entry is a way to show a reviewer one file and install another; it is
/// reported (ARC001) and not read. The zip crate reads the data from the local header's offset
/// without comparing the names, hence this check.
/// An archive declaring more than `max-entries` times this many records (and more than
/// [`ENTRY_GUARD_FLOOR`]) is not parsed at all; below that the first `max-entries` are listed.
const ENTRY_GUARD_FACTOR: usize = 4;
const ENTRY_GUARD_FLOOR: usize = 0xFFFF;

/// The record count the end of central directory (or its zip64 form) declares, read from the
/// archive's tail without the zip crate; `None` when there is no such record to read. Declared
/// counts can lie, but only upwards matters here: the zip crate parses as many records as the
/// count says, so a smaller lie costs it less.
fn declared_entries(file: &File, len: u64) -> Option<u64> {
    const EOCD_SIG: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const LOCATOR_SIG: [u8; 4] = [0x50, 0x4b, 0x06, 0x07];
    const ZIP64_EOCD_SIG: [u8; 4] = [0x50, 0x4b, 0x06, 0x06];
    let read_at = |offset: u64, buf: &mut [u8]| -> Option<()> {
        let mut f = file;
        f.seek(SeekFrom::Start(offset)).ok()?;
        f.read_exact(buf).ok()
    };
    // The record is 22 bytes plus a comment of at most 65535.
    let tail_len = len.min(22 + 0xFFFF);
    let tail_start = len - tail_len;
    let mut tail = vec![0u8; usize::try_from(tail_len).ok()?];
    read_at(tail_start, &mut tail)?;
    let eocd = (0..tail.len().checked_sub(21)?)
        .rev()
        .find(|&i| tail[i..i + 4] == EOCD_SIG)?;
    let total = u64::from(u16::from_le_bytes([tail[eocd + 10], tail[eocd + 11]]));
    if total != 0xFFFF {
        return Some(total);
    }
    // zip64: a 20-byte locator right before the record points at the zip64 record.
    let locator_at = (tail_start + eocd as u64).checked_sub(20)?;
    let mut locator = [0u8; 20];
    read_at(locator_at, &mut locator)?;
    if locator[..4] != LOCATOR_SIG {
        return Some(total);
    }
    let mut offset = [0u8; 8];
    offset.copy_from_slice(&locator[8..16]);
    let mut record = [0u8; 40];
    read_at(u64::from_le_bytes(offset), &mut record)?;
    if record[..4] != ZIP64_EOCD_SIG {
        return Some(total);
    }
    let mut count = [0u8; 8];
    count.copy_from_slice(&record[32..40]);
    Some(u64::from_le_bytes(count).max(total))
}

fn local_header_disagrees(archive: &ZipArchive<File>, raw: &File, i: usize) -> Option<String> {
    let data = archive.by_index_data(i).ok()?;
    let central_name = data.name_raw();
    let mut file = raw;
    let mut fixed = [0u8; 30];
    let missing = || Some("no local header at the offset the central directory records".into());
    if file.seek(SeekFrom::Start(data.header_start())).is_err()
        || file.read_exact(&mut fixed).is_err()
        || fixed[..4] != 0x0403_4b50u32.to_le_bytes()
    {
        return missing();
    }
    let name_len = usize::from(u16::from_le_bytes([fixed[26], fixed[27]]));
    let mut local_name = vec![0u8; name_len];
    if file.read_exact(&mut local_name).is_err() {
        return missing();
    }
    (local_name != central_name).then(|| {
        format!(
            "its local header names `{}` where the central directory names `{}`",
            String::from_utf8_lossy(&local_name).escape_debug(),
            String::from_utf8_lossy(central_name).escape_debug()
        )
    })
}

/// The first folder component of `path` that is one we do not descend into. For a
/// file the last component is its own name, which may legitimately be `.git`
/// (a worktree's pointer file).
fn skipped_prefix(path: &str, is_dir: bool) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    let folders = if is_dir {
        parts.len()
    } else {
        parts.len().saturating_sub(1)
    };
    parts
        .iter()
        .take(folders)
        .position(|p| is_skipped_dir(p))
        .map(|k| parts[..=k].join("/"))
}

fn read_item(
    inner: &mut Inner,
    budget: &Budget,
    name: &str,
    item: &Item,
    want: Want,
) -> Result<Vec<u8>, ReadError> {
    if let Some(why) = &item.blocked {
        return Err(ReadError::Unsupported(why.clone()));
    }
    match item.loc {
        Loc::Index(i) => {
            let mut zf = inner
                .archive
                .by_index(i)
                .map_err(|e| zip_error(budget, name, e))?;
            let declared = zf.size();
            budget.pull_sized(&mut zf, name, Some(item.compressed), want, Some(declared))
        }
        Loc::Local(rec) => {
            let mut file = &inner.raw;
            file.seek(SeekFrom::Start(rec.header_start))
                .map_err(|e| budget.unreadable(name, e.to_string()))?;
            // Bounded so that even the crate's drain-on-drop cannot wander past
            // this entry.
            let mut bounded = file.take(LOCAL_HEADER_MAX.saturating_add(rec.compressed));
            let options = ZipReadOptions::new()
                .override_compressed_size(rec.compressed)
                .override_uncompressed_size(rec.uncompressed)
                .override_crc(rec.crc);
            match read_zipfile_from_stream_with_options(&mut bounded, options) {
                Ok(Some(mut zf)) => {
                    let declared = zf.size();
                    budget.pull_sized(&mut zf, name, Some(item.compressed), want, Some(declared))
                }
                Ok(None) => {
                    Err(budget.unreadable(name, "no local header at the recorded offset".into()))
                }
                Err(e) => Err(zip_error(budget, name, e)),
            }
        }
        Loc::Nowhere => Err(ReadError::NotAFile),
    }
}

/// Every error met while reading is recorded as the entry being unreadable: reads the listing
/// already knew it could not do (encrypted, unsupported method) never get here, so anything
/// else is news that must reach a finding.
fn zip_error(budget: &Budget, name: &str, e: ZipError) -> ReadError {
    let detail = match e {
        ZipError::CompressionMethodNotSupported(m) => {
            format!("compression method {}", method_label(m))
        }
        ZipError::InvalidPassword => "encrypted entry".into(),
        other => other.to_string(),
    };
    budget.unreadable(name, detail)
}

/// Sequential reader of central-directory records, stopping at the first thing
/// that is not one. Only used to see what `ZipArchive` hides, so it parses just
/// what listing and reading a record needs.
struct CdWalk<'a> {
    reader: BufReader<&'a File>,
    pos: u64,
    ok: bool,
}

impl<'a> CdWalk<'a> {
    fn new(file: &'a File, start: u64) -> Self {
        let mut f = file;
        let ok = f.seek(SeekFrom::Start(start)).is_ok();
        CdWalk {
            reader: BufReader::new(file),
            pos: start,
            ok,
        }
    }

    fn next_record(&mut self) -> Option<CdRecord> {
        if !self.ok {
            return None;
        }
        let rec = self.parse();
        if rec.is_none() {
            self.ok = false;
        }
        rec
    }

    fn parse(&mut self) -> Option<CdRecord> {
        let mut h = [0u8; CENTRAL_HEADER_LEN];
        self.reader.read_exact(&mut h).ok()?;
        let u16_at = |o: usize| u16::from_le_bytes([h[o], h[o + 1]]);
        let u32_at = |o: usize| u32::from_le_bytes([h[o], h[o + 1], h[o + 2], h[o + 3]]);
        if u32_at(0) != CENTRAL_HEADER_SIG {
            return None;
        }
        let name_len = usize::from(u16_at(28));
        let extra_len = usize::from(u16_at(30));
        let comment_len = usize::from(u16_at(32));
        let mut name_raw = vec![0u8; name_len];
        self.reader.read_exact(&mut name_raw).ok()?;
        let mut extra = vec![0u8; extra_len];
        self.reader.read_exact(&mut extra).ok()?;
        let mut comment = vec![0u8; comment_len];
        self.reader.read_exact(&mut comment).ok()?;

        let mut uncompressed = u64::from(u32_at(24));
        let mut compressed = u64::from(u32_at(20));
        let mut local_offset = u64::from(u32_at(42));
        apply_zip64(
            &extra,
            &mut uncompressed,
            &mut compressed,
            &mut local_offset,
        );

        let offset = self.pos;
        self.pos = self
            .pos
            .saturating_add((CENTRAL_HEADER_LEN + name_len + extra_len + comment_len) as u64);
        Some(CdRecord {
            offset,
            name_raw,
            flags: u16_at(8),
            method: u16_at(10),
            crc: u32_at(16),
            compressed,
            uncompressed,
            external: u32_at(38),
            local_offset,
        })
    }
}

/// Replaces 32-bit fields saturated at 0xFFFFFFFF with their values from a zip64
/// extended-information extra field (APPNOTE 4.5.3), which lists only the
/// saturated ones, in this order.
fn apply_zip64(extra: &[u8], uncompressed: &mut u64, compressed: &mut u64, offset: &mut u64) {
    let mut rest = extra;
    while rest.len() >= 4 {
        let id = u16::from_le_bytes([rest[0], rest[1]]);
        let len = usize::from(u16::from_le_bytes([rest[2], rest[3]]));
        let Some(body) = rest.get(4..4 + len) else {
            return;
        };
        if id == 0x0001 {
            let mut fields = body.chunks_exact(8).map(|c| {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                u64::from_le_bytes(b)
            });
            for slot in [uncompressed, compressed, offset] {
                if *slot == 0xFFFF_FFFF {
                    match fields.next() {
                        Some(v) => *slot = v,
                        None => return,
                    }
                }
            }
            return;
        }
        rest = &rest[4 + len..];
    }
}
