//! The result cache (`--cache DIR`): owns keeping each widget's report on disk, keyed by a
//! BLAKE3 hash of the widget's bytes, amolint's version, the run's organisation rules, the
//! effective configuration for the widget and the path it is shown as, so that re-auditing an
//! unchanged collection skips the parsing. It must never trust an entry it cannot verify: an entry that does not parse, was
//! written by another version or for another key is ignored (and replaced on the next store).
//!
//! Writes go to a temporary file in the entry's folder and are renamed into place, so parallel
//! runs sharing a folder and a crash mid-write can never leave a half entry under a key's name.
//! BLAKE3 rather than the FNV of [`amolint_core::hash`]: the key covers every byte of every
//! image and must be fast on megabytes, and a cryptographic hash keeps a crafted widget from
//! colliding with a clean one's entry.

use crate::discover::Target;
use amolint_core::diagnostic::{Extent, GivenMatch, Snippet};
use amolint_core::source::{EntryKind, Source, SourceKind};
use amolint_core::{Diagnostic, Platform, Severity, WidgetReport};
use serde_json::{Map, Value, json};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Names the entry format; bumped when it changes so that old entries are ignored.
const FORMAT: &str = "amolint-cache-3";

/// A cache folder, for one amolint version and one set of organisation rules.
pub struct Cache {
    dir: PathBuf,
    version: String,
    /// What every key covers besides a widget's own bytes and configuration: the definitions
    /// of the run's organisation rules (see `amolint_org::OrgRun::identity`).
    rules: String,
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
                hasher.update_reader(File::open(&target.path).ok()?).ok()?;
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
                        hasher
                            .update_reader(File::open(target.path.join(&entry.path)).ok()?)
                            .ok()?;
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

    /// Stores `report` under `key`: written to a temporary file, then renamed into place.
    pub fn store(&self, key: &CacheKey, report: &WidgetReport) -> io::Result<()> {
        static UNIQUE: AtomicU64 = AtomicU64::new(0);
        let path = self.entry_path(key);
        let folder = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(folder)?;
        let temporary = folder.join(format!(
            ".tmp-{}-{}-{}",
            key.0,
            std::process::id(),
            UNIQUE.fetch_add(1, Ordering::Relaxed)
        ));
        let entry = json!({
            "format": FORMAT,
            "version": self.version,
            "key": key.0,
            "report": encode_report(report),
        });
        let written = (|| {
            let mut file = File::create(&temporary)?;
            file.write_all(&serde_json::to_vec(&entry).map_err(io::Error::other)?)?;
            fs::rename(&temporary, &path)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written
    }
}

fn encode_report(report: &WidgetReport) -> Value {
    json!({
        "path": report.path,
        "kind": report.kind.as_str(),
        "platform": report.platform.as_str(),
        "platform_reason": report.platform_reason,
        "diagnostics": report.diagnostics.iter().map(encode_diagnostic).collect::<Vec<_>>(),
        "archive_size": report.archive_size,
        "givens": report.givens.iter().map(|g| json!({"code": g.code, "matched": g.matched})).collect::<Vec<_>>(),
    })
}

fn encode_diagnostic(d: &Diagnostic) -> Value {
    json!({
        "code": d.code,
        "name": d.name,
        "pack": d.pack,
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "pointer": d.pointer,
        "help": d.help,
        "snippet": d.snippet.as_ref().map(|s| json!({
            "first_line": s.first_line,
            "text": s.text,
            "start": s.start,
            "end": s.end,
        })),
        "extent": d.extent.map(|e| match e {
            Extent::Lines(lines) => json!({"lines": lines}),
            Extent::Bytes(bytes) => json!({"bytes": bytes}),
        }),
    })
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
