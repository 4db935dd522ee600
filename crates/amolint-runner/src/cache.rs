//! The result cache (`--cache DIR`): owns keeping each widget's report on disk, keyed by a
//! BLAKE3 hash of the widget's bytes, amolint's version, the run's organisation rules, the
//! effective configuration for the widget and the path it is shown as, so that re-auditing an
//! unchanged collection skips the parsing. It must never trust an entry it cannot verify: an entry that does not parse, was
//! written by another version or for another key is ignored (and replaced on the next store).
//!
//! Writes go to a temporary file in the entry's folder and are renamed into place, so parallel
//! runs sharing a folder and a crash mid-write can never leave a half entry under a key's name.
//! The workers only encode an entry ([`Cache::store_later`]): one writer thread creates the
//! files, off their path, and dropping the cache waits for it, so that every entry is on disk
//! when the run ends. Hashing reads each file through one buffer per thread.
//! BLAKE3 rather than the FNV of [`amolint_core::hash`]: the key covers every byte of every
//! image and must be fast on megabytes, and a cryptographic hash keeps a crafted widget from
//! colliding with a clean one's entry.

use crate::discover::Target;
use amolint_core::diagnostic::{DiagnosticFix, Extent, FixEdit, GivenMatch, Snippet};
use amolint_core::fix::Applicability;
use amolint_core::source::{EntryKind, Source, SourceKind};
use amolint_core::text::Span;
use amolint_core::{Diagnostic, Platform, Severity, WidgetReport};
use serde::Serialize;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

/// Names the entry format; bumped when it changes so that old entries are ignored.
const FORMAT: &str = "amolint-cache-4";

/// A cache folder, for one amolint version and one set of organisation rules.
pub struct Cache {
    dir: PathBuf,
    version: String,
    /// What every key covers besides a widget's own bytes and configuration: the definitions
    /// of the run's organisation rules (see `amolint_org::OrgRun::identity`).
    rules: String,
    /// The writer thread of [`Cache::store_later`], started by its first entry (`None` when
    /// it could not be started: entries are then written at once).
    writer: OnceLock<Option<Writer>>,
}

/// The thread that writes queued entries, and the queue.
struct Writer {
    queue: SyncSender<(PathBuf, Vec<u8>)>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

/// Entries queued for the writer at most; a worker that finds the queue full waits.
const QUEUED_ENTRIES: usize = 64;

/// Bytes a hashing read asks for at a time (BLAKE3 hashes a large slice fastest).
const HASH_BUFFER: usize = 64 * 1024;

thread_local! {
    /// The buffer files are read through to be hashed, one per thread: a new zeroed one for
    /// every file cost more than hashing a small file.
    static HASH_READS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The key of one widget's entry: the hex of a BLAKE3 hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheKey(String);

impl CacheKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Cache {
    /// Opens (creating it when needed) the cache folder `dir` for amolint `version` and the
    /// organisation rules `rules` (any stable text that changes when one of them could find
    /// something else).
    pub fn open(dir: &Path, version: &str, rules: &str) -> io::Result<Cache> {
        fs::create_dir_all(dir)?;
        Ok(Cache {
            dir: dir.to_path_buf(),
            version: version.to_string(),
            rules: rules.to_string(),
            writer: OnceLock::new(),
        })
    }

    /// The key of `target`, whose contents `source` lists, under the effective configuration
    /// `config` (any stable text that changes when the findings could). `None` when a file
    /// cannot be read: such a widget is checked, not cached.
    pub fn key(&self, target: &Target, source: &dyn Source, config: &str) -> Option<CacheKey> {
        let mut hasher = blake3::Hasher::new();
        for part in [FORMAT, &self.version, &self.rules, config, &target.display] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        match target.kind {
            SourceKind::Zip => {
                hasher.update(b"zip");
                hash_file(&mut hasher, &target.path).ok()?;
            }
            SourceKind::Directory => {
                hasher.update(b"directory");
                for entry in source.entries() {
                    hasher.update(&(entry.path.len() as u64).to_le_bytes());
                    hasher.update(entry.path.as_bytes());
                    let kind = format!("{:?}", entry.kind);
                    hasher.update(&(kind.len() as u64).to_le_bytes());
                    hasher.update(kind.as_bytes());
                    hasher.update(&entry.size.to_le_bytes());
                    if entry.kind == EntryKind::File {
                        hash_file(&mut hasher, &target.path.join(&entry.path)).ok()?;
                    }
                }
            }
        }
        Some(CacheKey(hasher.finalize().to_hex().to_string()))
    }

    fn entry_path(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(&key.0[..2]).join(format!("{}.json", key.0))
    }

    /// The report stored under `key`, if there is one this version wrote for this very key.
    pub fn load(&self, key: &CacheKey) -> Option<WidgetReport> {
        let bytes = fs::read(self.entry_path(key)).ok()?;
        let entry: Value = serde_json::from_slice(&bytes).ok()?;
        if entry.get("format")?.as_str()? != FORMAT
            || entry.get("version")?.as_str()? != self.version
            || entry.get("key")?.as_str()? != key.0
        {
            return None;
        }
        decode_report(entry.get("report")?)
    }

    /// Stores `report` under `key` now: written to a temporary file, then renamed into place.
    pub fn store(&self, key: &CacheKey, report: &WidgetReport) -> io::Result<()> {
        let bytes = self.encode(key, report)?;
        write_entry(&self.entry_path(key), &bytes, &mut HashSet::new())
    }

    /// Stores `report` under `key` from the writer thread: the caller only encodes it. An
    /// entry is on disk at the latest when the cache is dropped. Without a writer thread (it
    /// could not be started) the entry is written now.
    pub fn store_later(&self, key: &CacheKey, report: &WidgetReport) -> io::Result<()> {
        let bytes = self.encode(key, report)?;
        let path = self.entry_path(key);
        match self.writer.get_or_init(Writer::start) {
            Some(writer) => match writer.queue.send((path, bytes)) {
                Ok(()) => Ok(()),
                Err(mpsc::SendError((path, bytes))) => {
                    write_entry(&path, &bytes, &mut HashSet::new())
                }
            },
            None => write_entry(&path, &bytes, &mut HashSet::new()),
        }
    }

    /// The bytes of the entry for `report` under `key`.
    fn encode(&self, key: &CacheKey, report: &WidgetReport) -> io::Result<Vec<u8>> {
        let entry = EntryOut {
            format: FORMAT,
            version: &self.version,
            key: &key.0,
            report: ReportOut::of(report),
        };
        serde_json::to_vec(&entry).map_err(io::Error::other)
    }
}

impl Drop for Cache {
    /// Waits for the writer thread to write every queued entry.
    fn drop(&mut self) {
        if let Some(Some(writer)) = self.writer.take() {
            let Writer { queue, thread } = writer;
            drop(queue);
            let thread = thread.into_inner().unwrap_or_else(|e| e.into_inner());
            if let Some(thread) = thread {
                let _ = thread.join();
            }
        }
    }
}

impl Writer {
    fn start() -> Option<Writer> {
        let (queue, entries) = mpsc::sync_channel::<(PathBuf, Vec<u8>)>(QUEUED_ENTRIES);
        let thread = std::thread::Builder::new()
            .name("amolint-cache".into())
            .spawn(move || {
                // Folders already made: one `mkdir` per folder, not one per entry.
                let mut made = HashSet::new();
                for (path, bytes) in entries {
                    // A cache that cannot be written only makes the next run slower.
                    let _ = write_entry(&path, &bytes, &mut made);
                }
            })
            .ok()?;
        Some(Writer {
            queue,
            thread: Mutex::new(Some(thread)),
        })
    }
}

/// Writes an entry's bytes to a temporary file beside `path`, then renames it into place.
/// `made` holds the folders this writer already created.
fn write_entry(path: &Path, bytes: &[u8], made: &mut HashSet<PathBuf>) -> io::Result<()> {
    static UNIQUE: AtomicU64 = AtomicU64::new(0);
    let Some(folder) = path.parent() else {
        return Err(io::Error::other("an entry path has a folder"));
    };
    if !made.contains(folder) {
        fs::create_dir_all(folder)?;
        made.insert(folder.to_path_buf());
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let temporary = folder.join(format!(
        ".tmp-{}-{}-{}",
        name,
        std::process::id(),
        UNIQUE.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Feeds the bytes of the file at `path` to `hasher`.
fn hash_file(hasher: &mut blake3::Hasher, path: &Path) -> io::Result<()> {
    let mut file = File::open(path)?;
    HASH_READS.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        if buffer.len() < HASH_BUFFER {
            buffer.resize(HASH_BUFFER, 0);
        }
        loop {
            match file.read(&mut buffer[..]) {
                Ok(0) => return Ok(()),
                Ok(n) => hasher.update(&buffer[..n.min(HASH_BUFFER)]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
        }
    })
}

// The entry as it is written: borrowed from the report, serialized without building a JSON
// tree first. Field order and shapes are the entry format's (`decode_report` reads it).

#[derive(Serialize)]
struct EntryOut<'r> {
    format: &'static str,
    version: &'r str,
    key: &'r str,
    report: ReportOut<'r>,
}

#[derive(Serialize)]
struct ReportOut<'r> {
    path: &'r str,
    kind: &'static str,
    platform: &'static str,
    platform_reason: &'r str,
    diagnostics: Vec<DiagnosticOut<'r>>,
    archive_size: Option<u64>,
    givens: Vec<GivenOut<'r>>,
}

impl<'r> ReportOut<'r> {
    fn of(report: &'r WidgetReport) -> Self {
        ReportOut {
            path: &report.path,
            kind: report.kind.as_str(),
            platform: report.platform.as_str(),
            platform_reason: &report.platform_reason,
            diagnostics: report.diagnostics.iter().map(DiagnosticOut::of).collect(),
            archive_size: report.archive_size,
            givens: report
                .givens
                .iter()
                .map(|g| GivenOut {
                    code: &g.code,
                    matched: g.matched,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct GivenOut<'r> {
    code: &'r str,
    matched: bool,
}

#[derive(Serialize)]
struct DiagnosticOut<'r> {
    code: &'r str,
    name: &'r str,
    pack: &'r str,
    severity: &'static str,
    message: &'r str,
    file: Option<&'r str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    pointer: Option<&'r str>,
    help: Option<&'r str>,
    snippet: Option<SnippetOut<'r>>,
    extent: Option<ExtentOut>,
    fix: Option<FixOut<'r>>,
}

impl<'r> DiagnosticOut<'r> {
    fn of(d: &'r Diagnostic) -> Self {
        DiagnosticOut {
            code: &d.code,
            name: &d.name,
            pack: &d.pack,
            severity: d.severity.as_str(),
            message: &d.message,
            file: d.file.as_deref(),
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            pointer: d.pointer.as_deref(),
            help: d.help.as_deref(),
            snippet: d.snippet.as_ref().map(|s| SnippetOut {
                first_line: s.first_line,
                text: &s.text,
                start: s.start,
                end: s.end,
            }),
            extent: d.extent.map(|e| match e {
                Extent::Lines(lines) => ExtentOut::Lines(lines),
                Extent::Bytes(bytes) => ExtentOut::Bytes(bytes),
            }),
            fix: d.fix.as_ref().map(FixOut::of),
        }
    }
}

#[derive(Serialize)]
struct FixOut<'r> {
    applicability: &'static str,
    message: &'r str,
    edits: Vec<FixEditOut<'r>>,
}

impl<'r> FixOut<'r> {
    fn of(fix: &'r DiagnosticFix) -> Self {
        FixOut {
            applicability: fix.applicability.as_str(),
            message: &fix.message,
            edits: fix
                .edits
                .iter()
                .map(|e| FixEditOut {
                    file: &e.file,
                    line: e.line,
                    column: e.column,
                    end_line: e.end_line,
                    end_column: e.end_column,
                    content: &e.content,
                    create: e.create,
                    start: e.range.start,
                    end: e.range.end,
                })
                .collect(),
        }
    }
}

/// A fix's edit as the entry keeps it: with its byte range, which the JSON report leaves out.
#[derive(Serialize)]
struct FixEditOut<'r> {
    file: &'r str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: &'r str,
    create: bool,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct SnippetOut<'r> {
    first_line: usize,
    text: &'r str,
    start: usize,
    end: usize,
}

/// `{"lines": n}` or `{"bytes": n}`.
#[derive(Serialize)]
enum ExtentOut {
    #[serde(rename = "lines")]
    Lines(usize),
    #[serde(rename = "bytes")]
    Bytes(u64),
}

fn decode_fix(v: &Value) -> Option<Option<DiagnosticFix>> {
    let v = match v {
        Value::Null => return Some(None),
        Value::Object(v) => v,
        _ => return None,
    };
    let edits = v
        .get("edits")?
        .as_array()?
        .iter()
        .map(|e| {
            let e = e.as_object()?;
            Some(FixEdit {
                file: string(e, "file")?.to_string(),
                line: number(e, "line")?,
                column: number(e, "column")?,
                end_line: number(e, "end_line")?,
                end_column: number(e, "end_column")?,
                content: string(e, "content")?.to_string(),
                create: e.get("create")?.as_bool()?,
                range: Span::new(number(e, "start")?, number(e, "end")?),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Some(DiagnosticFix {
        applicability: Applicability::parse(string(v, "applicability")?)?,
        message: string(v, "message")?.to_string(),
        edits,
    }))
}

fn decode_report(v: &Value) -> Option<WidgetReport> {
    let v = v.as_object()?;
    let kind = match string(v, "kind")? {
        "directory" => SourceKind::Directory,
        "zip" => SourceKind::Zip,
        _ => return None,
    };
    let platform = [Platform::Amocrm, Platform::Kommo]
        .into_iter()
        .find(|p| Some(p.as_str()) == string(v, "platform"))?;
    let diagnostics = v
        .get("diagnostics")?
        .as_array()?
        .iter()
        .map(decode_diagnostic)
        .collect::<Option<Vec<_>>>()?;
    let givens = v
        .get("givens")?
        .as_array()?
        .iter()
        .map(|g| {
            let g = g.as_object()?;
            Some(GivenMatch {
                code: string(g, "code")?.to_string(),
                matched: g.get("matched")?.as_bool()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(WidgetReport {
        path: string(v, "path")?.to_string(),
        kind,
        platform,
        platform_reason: string(v, "platform_reason")?.to_string(),
        diagnostics,
        archive_size: match v.get("archive_size")? {
            Value::Null => None,
            size => Some(size.as_u64()?),
        },
        givens,
    })
}

fn decode_diagnostic(v: &Value) -> Option<Diagnostic> {
    let v = v.as_object()?;
    let snippet = match v.get("snippet")? {
        Value::Null => None,
        Value::Object(s) => Some(Snippet {
            first_line: number(s, "first_line")?,
            text: string(s, "text")?.to_string(),
            start: number(s, "start")?,
            end: number(s, "end")?,
        }),
        _ => return None,
    };
    let extent = match v.get("extent")? {
        Value::Null => None,
        Value::Object(e) => match (e.get("lines"), e.get("bytes")) {
            (Some(_), None) => Some(Extent::Lines(number(e, "lines")?)),
            (None, Some(bytes)) => Some(Extent::Bytes(bytes.as_u64()?)),
            _ => return None,
        },
        _ => return None,
    };
    let mut d = Diagnostic::new(
        string(v, "code")?,
        string(v, "name")?,
        string(v, "pack")?,
        string(v, "severity")?.parse::<Severity>().ok()?,
        string(v, "message")?,
    );
    d.file = optional_string(v, "file")?;
    d.line = optional_number(v, "line")?;
    d.column = optional_number(v, "column")?;
    d.end_line = optional_number(v, "end_line")?;
    d.end_column = optional_number(v, "end_column")?;
    d.pointer = optional_string(v, "pointer")?;
    d.help = optional_string(v, "help")?;
    d.snippet = snippet;
    d.extent = extent;
    d.fix = decode_fix(v.get("fix")?)?;
    Some(d)
}

fn string<'v>(v: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    v.get(key)?.as_str()
}

fn number(v: &Map<String, Value>, key: &str) -> Option<usize> {
    usize::try_from(v.get(key)?.as_u64()?).ok()
}

/// `Some(None)` for null, `None` (invalid entry) for a missing key or a wrong type.
fn optional_string(v: &Map<String, Value>, key: &str) -> Option<Option<String>> {
    match v.get(key)? {
        Value::Null => Some(None),
        Value::String(s) => Some(Some(s.clone())),
        _ => None,
    }
}

fn optional_number(v: &Map<String, Value>, key: &str) -> Option<Option<usize>> {
    match v.get(key)? {
        Value::Null => Some(None),
        other => Some(Some(usize::try_from(other.as_u64()?).ok()?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amolint_core::source::{self, Limits};

    fn widget(dir: &Path) -> Target {
        fs::create_dir_all(dir.join("i18n")).unwrap();
        fs::write(dir.join("manifest.json"), "{\"widget\": {}}").unwrap();
        fs::write(dir.join("i18n/en.json"), "{}").unwrap();
        fs::write(dir.join("script.js"), "define([], function () {});").unwrap();
        Target {
            display: "w".to_string(),
            path: dir.to_path_buf(),
            kind: SourceKind::Directory,
        }
    }

    fn key_of(cache: &Cache, target: &Target, config: &str) -> CacheKey {
        let source = source::open(&target.path, &Limits::default()).unwrap();
        cache.key(target, source.as_ref(), config).unwrap()
    }

    fn report() -> WidgetReport {
        let version = Diagnostic {
            pointer: Some("/widget/version".to_string()),
            fix: Some(DiagnosticFix {
                applicability: Applicability::Unsafe,
                message: "add a version".to_string(),
                edits: vec![
                    FixEdit {
                        file: "manifest.json".to_string(),
                        line: 1,
                        column: 13,
                        end_line: 1,
                        end_column: 13,
                        content: ", \"version\": \"1.0.0\"".to_string(),
                        create: false,
                        range: Span::at(12),
                    },
                    FixEdit {
                        file: "i18n/de.json".to_string(),
                        line: 1,
                        column: 1,
                        end_line: 1,
                        end_column: 1,
                        content: "{}".to_string(),
                        create: true,
                        range: Span::at(0),
                    },
                ],
            }),
            ..Diagnostic::new(
                "MAN008",
                "version",
                "manifest",
                Severity::Warning,
                "missing",
            )
        };
        WidgetReport {
            path: "w".to_string(),
            kind: SourceKind::Directory,
            platform: Platform::Amocrm,
            platform_reason: "ru locale".to_string(),
            diagnostics: vec![
                Diagnostic {
                    file: Some("script.js".to_string()),
                    line: Some(3),
                    column: Some(7),
                    end_line: Some(3),
                    end_column: Some(9),
                    help: Some("close it".to_string()),
                    snippet: Some(Snippet {
                        first_line: 3,
                        text: "  foo(;".to_string(),
                        start: 6,
                        end: 7,
                    }),
                    extent: Some(Extent::Lines(4)),
                    ..Diagnostic::new(
                        "JS002",
                        "syntax-error",
                        "script",
                        Severity::Error,
                        "does not parse",
                    )
                },
                version.clone(),
                Diagnostic {
                    code: "ARC006".to_string(),
                    file: Some(".DS_Store".to_string()),
                    pointer: None,
                    fix: None,
                    extent: Some(Extent::Bytes(6148)),
                    ..version
                },
            ],
            archive_size: Some(4096),
            givens: vec![
                GivenMatch {
                    code: "ACME001".to_string(),
                    matched: true,
                },
                GivenMatch {
                    code: "ACME002".to_string(),
                    matched: false,
                },
            ],
        }
    }

    #[test]
    fn a_stored_report_comes_back_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(&tmp.path().join("cache"), "1.2.3", "rules").unwrap();
        let target = widget(&tmp.path().join("w"));
        let key = key_of(&cache, &target, "config");
        assert_eq!(cache.load(&key), None);
        cache.store(&key, &report()).unwrap();
        assert_eq!(cache.load(&key), Some(report()));
    }

    #[test]
    fn the_key_follows_bytes_configuration_rules_version_and_path() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(&tmp.path().join("cache"), "1.2.3", "rules").unwrap();
        let other_version = Cache::open(&tmp.path().join("cache"), "1.2.4", "rules").unwrap();
        let other_rules = Cache::open(&tmp.path().join("cache"), "1.2.3", "rules'").unwrap();
        let mut target = widget(&tmp.path().join("w"));
        let first = key_of(&cache, &target, "config");
        assert_eq!(key_of(&cache, &target, "config"), first);
        assert_ne!(key_of(&cache, &target, "other config"), first);
        assert_ne!(key_of(&other_version, &target, "config"), first);
        assert_ne!(key_of(&other_rules, &target, "config"), first);
        // One byte of one file, same size.
        fs::write(target.path.join("i18n/en.json"), "[]").unwrap();
        let changed = key_of(&cache, &target, "config");
        assert_ne!(changed, first);
        target.display = "elsewhere/w".to_string();
        assert_ne!(key_of(&cache, &target, "config"), changed);
    }

    #[test]
    fn corrupt_entries_are_ignored_and_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(&tmp.path().join("cache"), "1.2.3", "rules").unwrap();
        let target = widget(&tmp.path().join("w"));
        let key = key_of(&cache, &target, "config");
        cache.store(&key, &report()).unwrap();
        let path = cache.entry_path(&key);
        let whole = fs::read(&path).unwrap();
        for broken in [
            whole[..whole.len() / 2].to_vec(),
            b"not json".to_vec(),
            Vec::new(),
            String::from_utf8(whole.clone())
                .unwrap()
                .replace("\"line\":3", "\"line\":\"three\"")
                .into_bytes(),
            String::from_utf8(whole.clone())
                .unwrap()
                .replace("\"severity\":\"error\"", "\"severity\":\"fatal\"")
                .into_bytes(),
        ] {
            fs::write(&path, &broken).unwrap();
            assert_eq!(
                cache.load(&key),
                None,
                "{}",
                String::from_utf8_lossy(&broken)
            );
        }
        cache.store(&key, &report()).unwrap();
        assert_eq!(cache.load(&key), Some(report()));
    }

    #[test]
    fn entries_of_another_version_or_key_are_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cache");
        let old = Cache::open(&dir, "1.2.2", "rules").unwrap();
        let cache = Cache::open(&dir, "1.2.3", "rules").unwrap();
        let target = widget(&tmp.path().join("w"));
        let key = key_of(&cache, &target, "config");
        // An entry the old version wrote, placed under the new key's name.
        old.store(&key, &report()).unwrap();
        assert_eq!(cache.load(&key), None);
        // An entry written for another key, copied under this key's name.
        let other = key_of(&cache, &target, "other config");
        cache.store(&other, &report()).unwrap();
        fs::copy(cache.entry_path(&other), cache.entry_path(&key)).unwrap();
        assert_eq!(cache.load(&key), None);
    }

    #[test]
    fn entries_stored_later_are_on_disk_when_the_cache_is_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cache");
        let target = widget(&tmp.path().join("w"));
        let cache = Cache::open(&dir, "1.2.3", "rules").unwrap();
        // More entries than the queue holds, from several workers.
        let keys: Vec<CacheKey> = (0..4 * QUEUED_ENTRIES)
            .map(|i| key_of(&cache, &target, &format!("config {i}")))
            .collect();
        std::thread::scope(|s| {
            for chunk in keys.chunks(QUEUED_ENTRIES) {
                let cache = &cache;
                s.spawn(move || {
                    for key in chunk {
                        cache.store_later(key, &report()).unwrap();
                    }
                });
            }
        });
        drop(cache);
        let reopened = Cache::open(&dir, "1.2.3", "rules").unwrap();
        for key in &keys {
            assert_eq!(reopened.load(key), Some(report()));
        }
        // The writer thread writes the bytes an entry stored at once has.
        let later = fs::read(reopened.entry_path(&keys[0])).unwrap();
        reopened.store(&keys[0], &report()).unwrap();
        assert_eq!(fs::read(reopened.entry_path(&keys[0])).unwrap(), later);
    }

    #[test]
    fn writes_are_atomic_under_parallel_stores() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(&tmp.path().join("cache"), "1.2.3", "rules").unwrap();
        let target = widget(&tmp.path().join("w"));
        let key = key_of(&cache, &target, "config");
        // A crash mid-write leaves only a temporary file: never read as the entry.
        let folder = cache.entry_path(&key).parent().unwrap().to_path_buf();
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join(format!(".tmp-{}-1-1", key.0)), "{\"format\":").unwrap();
        assert_eq!(cache.load(&key), None);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..20 {
                        cache.store(&key, &report()).unwrap();
                        // Every read sees a whole entry, never a partial one.
                        assert_eq!(cache.load(&key), Some(report()));
                    }
                });
            }
        });
        let leftovers: Vec<_> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with(".tmp-") && !n.ends_with("-1-1"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
