//! The widget as rules see it: its files (from a folder or a zip), each text file read and
//! decoded at most once, each JSON file parsed at most once, and the platform it is checked for.
//!
//! Owns the lazy, cached view over a [`Source`]. It must not judge anything: problems it meets
//! while reading (a file over a limit, an I/O error) are recorded as [`ReadProblem`]s for the
//! rules and the engine to report.

use crate::diagnostic::Extent;
use crate::json::{self, Document, Node, ParseOptions};
use crate::platform::{Platform, PlatformChoice};
use crate::profile::{self, Phase};
use crate::source::{Entry, EntryKind, ReadError, Source, SourceKind};
use crate::text::LineIndex;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// Caps on what amolint reads and parses from one file, on top of the source's archive caps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseLimits {
    /// Text files larger than this are not read (a finding says so). Default 16 MiB: the largest
    /// real bundled `script.js` seen is a few MB; manifests and locale files are a few KB.
    pub max_file_bytes: u64,
    /// JSON nesting deeper than this is a syntax finding. Default 128, as serde_json; real
    /// manifests nest fewer than ten levels.
    pub max_json_depth: usize,
    /// More values than this in one JSON file is a syntax finding. Default 1 000 000: a real
    /// locale file holds hundreds, and the parsed tree costs tens of bytes per value, so this is
    /// what bounds the memory of one JSON parse (a 16 MiB file of `0,` would otherwise build 8
    /// million nodes).
    pub max_json_values: usize,
    /// A `script.js` larger than this is not parsed (ARC008 says so). Default 12 MiB, measured:
    /// real minified bundles are a few MB, and parsing 12 MiB of dense minified code stays far
    /// below the 512 MB a check may take (see docs/security.md).
    pub max_script_bytes: u64,
    /// Nesting deeper than this in `script.js` is refused before parsing (JS002). Default 1000,
    /// which is also the most it can be raised to: the parser's stack is sized for it.
    pub max_script_nesting: usize,
}

impl ParseLimits {
    /// The defaults; ARC008 documents them from here.
    pub const DEFAULT: ParseLimits = ParseLimits {
        max_file_bytes: 16 * 1024 * 1024,
        max_json_depth: 128,
        max_json_values: json::DEFAULT_MAX_VALUES,
        max_script_bytes: 12 * 1024 * 1024,
        max_script_nesting: crate::script::MAX_NESTING,
    };
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits::DEFAULT
    }
}

/// How a text file's bytes decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Not valid UTF-8; `offset` is the first bad byte. The text was decoded lossily.
    InvalidUtf8 {
        offset: usize,
    },
    /// UTF-16 (detected from its byte order mark or from NUL bytes between ASCII characters).
    Utf16 {
        little_endian: bool,
    },
}

/// A text file, read and decoded once.
#[derive(Debug)]
pub struct TextFile {
    /// Widget-relative path.
    pub path: String,
    /// The decoded text, including a leading BOM if there was one (so spans match the bytes).
    pub text: String,
    pub bom: bool,
    pub encoding: Encoding,
    pub lines: LineIndex,
}

/// How much of a file's start is searched for a NUL byte to tell binary content from text, as
/// git does.
const BINARY_PROBE_BYTES: usize = 8000;

impl TextFile {
    /// Whether the content is text rather than binary bytes a rule read as text (the secret scan
    /// reads every file, images included): valid UTF-8 without a NUL byte near the start, as git
    /// tells them apart, or UTF-16.
    pub fn is_textual(&self) -> bool {
        match self.encoding {
            Encoding::Utf16 { .. } => true,
            Encoding::InvalidUtf8 { .. } => false,
            Encoding::Utf8 => {
                let head = &self.text.as_bytes()[..self.text.len().min(BINARY_PROBE_BYTES)];
                !head.contains(&0)
            }
        }
    }

    /// The number of the last line: 1 for an empty file, and a final line break does not start
    /// another line (`"a\nb\n"` ends on line 2), as editors count.
    pub fn last_line(&self) -> usize {
        let starts = self.lines.line_count(&self.text);
        if starts > 1 && self.text.ends_with('\n') {
            starts - 1
        } else {
            starts
        }
    }
}

/// A JSON file, parsed once. `doc` is `None` when the bytes are not text that a JSON parser could
/// read (UTF-16): that is reported as an encoding problem, not as a syntax error.
#[derive(Debug)]
pub struct JsonFile {
    pub text: Rc<TextFile>,
    pub doc: Option<Document>,
}

impl JsonFile {
    /// The root value, when the file parsed.
    pub fn root(&self) -> Option<&Node> {
        self.doc.as_ref().and_then(|d| d.root.as_ref())
    }
}

/// Why a file could not be given to a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadProblem {
    Missing,
    /// The path exists but is not a regular file (a FIFO, a symlink, a skipped folder).
    NotAFile(String),
    /// Larger than the parse limit; not read.
    TooLarge {
        limit: u64,
    },
    /// Stopped by an archive safety limit while inflating.
    ArchiveLimit(String),
    /// The read failed (permission denied, corrupt data).
    Failed(String),
    /// The source refused to read it for a reason it reports itself as a source issue (an
    /// encrypted entry, an unsupported compression method, headers that disagree): ARC001 says
    /// so, once, and the engine does not repeat it as AMO000.
    Refused(String),
}

impl ReadProblem {
    pub fn describe(&self) -> String {
        match self {
            ReadProblem::Missing => "it does not exist".to_string(),
            ReadProblem::NotAFile(kind) => format!("it is a {kind}, not a regular file"),
            ReadProblem::TooLarge { limit } => {
                format!(
                    "it is larger than the {} limit for files amolint reads",
                    human_bytes(*limit)
                )
            }
            ReadProblem::ArchiveLimit(detail) => detail.clone(),
            ReadProblem::Failed(detail) | ReadProblem::Refused(detail) => detail.clone(),
        }
    }
}

/// `1048576` → `1 MiB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else if value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The widget checked by the rules.
pub struct Widget<'s> {
    path: String,
    source: &'s dyn Source,
    /// `""`, or the one top-level folder holding `manifest.json` (`"widget/"`, ARC002): the rest of
    /// the rules then check the widget as if it had been packed correctly.
    root: String,
    files: Vec<Entry>,
    limits: ParseLimits,
    platform: Platform,
    platform_reason: String,
    texts: RefCell<HashMap<String, Result<Rc<TextFile>, ReadProblem>>>,
    jsons: RefCell<HashMap<String, Result<Rc<JsonFile>, ReadProblem>>>,
    images: RefCell<HashMap<String, Result<crate::image::Probe, ReadProblem>>>,
    script: OnceCell<Option<Rc<crate::script::ScriptFacts>>>,
    /// Set to the script's size when a rule asked for the script and it was over
    /// `max_script_bytes`, so that ARC008 can say it was not parsed.
    script_too_large: std::cell::Cell<Option<u64>>,
}

impl<'s> Widget<'s> {
    /// A widget over `source`, displayed as `path` in reports. Parses the manifest once, to
    /// resolve the platform.
    pub fn new(
        path: impl Into<String>,
        source: &'s dyn Source,
        platform: PlatformChoice,
        limits: ParseLimits,
    ) -> Self {
        let root = find_root(source.entries());
        let files = source
            .entries()
            .iter()
            .filter_map(|e| {
                e.path.strip_prefix(root.as_str()).map(|rel| Entry {
                    path: rel.to_string(),
                    ..e.clone()
                })
            })
            .filter(|e| !e.path.is_empty())
            .collect();
        let mut widget = Widget {
            path: path.into(),
            source,
            root,
            files,
            limits,
            platform: Platform::Kommo,
            platform_reason: String::new(),
            texts: RefCell::default(),
            jsons: RefCell::default(),
            images: RefCell::default(),
            script: OnceCell::new(),
            script_too_large: std::cell::Cell::new(None),
        };
        let manifest = widget.json("manifest.json").ok();
        let (platform, reason) = platform.resolve(manifest.as_ref().and_then(|m| m.root()));
        widget.platform = platform;
        widget.platform_reason = reason;
        widget
    }

    /// The path shown in reports (as given or discovered).
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn kind(&self) -> SourceKind {
        self.source.kind()
    }

    pub fn source(&self) -> &dyn Source {
        self.source
    }

    pub fn platform(&self) -> Platform {
        self.platform
    }

    pub fn platform_reason(&self) -> &str {
        &self.platform_reason
    }

    pub fn limits(&self) -> &ParseLimits {
        &self.limits
    }

    /// The folder inside the source the widget was found in: `""` normally, `"widget/"` when the
    /// files were packed one level too deep.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Every entry under the widget root, with root-relative paths, sorted by path.
    pub fn files(&self) -> &[Entry] {
        &self.files
    }

    pub fn entry(&self, path: &str) -> Option<&Entry> {
        self.files
            .binary_search_by(|e| e.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// True when `path` is a regular file of the widget.
    pub fn has_file(&self, path: &str) -> bool {
        self.entry(path).is_some_and(|e| e.kind == EntryKind::File)
    }

    /// The file at `path` (root-relative) as decoded text, read at most once.
    pub fn text(&self, path: &str) -> Result<Rc<TextFile>, ReadProblem> {
        if let Some(cached) = self.texts.borrow().get(path) {
            return cached.clone();
        }
        let loaded = self.load_text(path);
        self.texts
            .borrow_mut()
            .insert(path.to_string(), loaded.clone());
        loaded
    }

    /// The file at `path` parsed as JSON, at most once.
    pub fn json(&self, path: &str) -> Result<Rc<JsonFile>, ReadProblem> {
        if let Some(cached) = self.jsons.borrow().get(path) {
            return cached.clone();
        }
        let parsed = self.text(path).map(|text| {
            let doc = match text.encoding {
                Encoding::Utf16 { .. } => None,
                _ => Some(profile::time(Phase::Json, || {
                    json::parse(
                        &text.text,
                        &ParseOptions {
                            max_depth: self.limits.max_json_depth,
                            max_values: self.limits.max_json_values,
                        },
                    )
                })),
            };
            Rc::new(JsonFile { text, doc })
        });
        self.jsons
            .borrow_mut()
            .insert(path.to_string(), parsed.clone());
        parsed
    }

    /// The parsed `manifest.json`, whatever its root's type; `None` when it is missing, unreadable
    /// or not valid JSON.
    pub fn manifest(&self) -> Option<Rc<JsonFile>> {
        self.json("manifest.json")
            .ok()
            .filter(|m| m.root().is_some())
    }

    /// How large the file at `source_path` (a path in the source, as diagnostics name files) is,
    /// from what the run already knows: a text file a rule read counts its lines; any other
    /// regular file (binary content, or a file no rule read) gives its listed size. Never reads
    /// anything: a file named without being read (a junk file, an image, an encrypted entry) must
    /// not be read just to be sized. `None` for what the source does not list as a regular file.
    pub fn extent(&self, source_path: &str) -> Option<Extent> {
        let read = source_path
            .strip_prefix(self.root.as_str())
            .and_then(|path| match self.texts.borrow().get(path) {
                Some(Ok(text)) if text.is_textual() => Some(text.last_line()),
                _ => None,
            });
        if let Some(lines) = read {
            return Some(Extent::Lines(lines));
        }
        let entries = self.source.entries();
        entries
            .binary_search_by(|e| e.path.as_str().cmp(source_path))
            .ok()
            .and_then(|i| entries.get(i))
            .filter(|e| e.kind == EntryKind::File)
            .map(|e| Extent::Bytes(e.size))
    }

    /// Every problem met so far while reading files, by path, sorted.
    pub fn read_problems(&self) -> Vec<(String, ReadProblem)> {
        let mut problems: Vec<(String, ReadProblem)> = self
            .texts
            .borrow()
            .iter()
            .filter_map(|(path, r)| r.as_ref().err().map(|p| (path.clone(), p.clone())))
            .filter(|(_, p)| *p != ReadProblem::Missing)
            .collect();
        problems.sort_by(|a, b| a.0.cmp(&b.0));
        problems
    }

    /// The path of a root-relative file as it appears in the source (`widget/manifest.json` when
    /// the widget sits one folder deep).
    pub fn source_path(&self, path: &str) -> String {
        format!("{}{}", self.root, path)
    }

    fn load_text(&self, path: &str) -> Result<Rc<TextFile>, ReadProblem> {
        profile::time(Phase::Reading, || self.read_text(path))
    }

    fn read_text(&self, path: &str) -> Result<Rc<TextFile>, ReadProblem> {
        let entry = self.entry(path).ok_or(ReadProblem::Missing)?;
        match &entry.kind {
            EntryKind::File => {}
            EntryKind::Symlink { .. } => return Err(ReadProblem::NotAFile("symlink".into())),
            EntryKind::SkippedDir => return Err(ReadProblem::NotAFile("folder".into())),
            EntryKind::Special(kind) => return Err(ReadProblem::NotAFile((*kind).into())),
        }
        let limit = self.limits.max_file_bytes;
        if entry.size > limit {
            return Err(ReadProblem::TooLarge { limit });
        }
        let bytes = self
            .source
            .read(&self.source_path(path), limit)
            .map_err(read_problem)?;
        Ok(Rc::new(decode(path, bytes)))
    }

    /// The facts about `script.js`, analysed at most once and only when a rule asks; `None` when
    /// there is no readable `script.js` or it is UTF-16 (ENC002's). A parser crash is raised
    /// as a panic once, for the engine to report (AMO001); later calls see empty facts.
    pub fn script(&self) -> Option<Rc<crate::script::ScriptFacts>> {
        let facts = self
            .script
            .get_or_init(|| {
                let text = self.text("script.js").ok()?;
                if matches!(text.encoding, Encoding::Utf16 { .. }) {
                    return None;
                }
                // Checked here rather than in the parser: the parse's memory grows with the
                // text, and a file this large is refused before any of it is spent.
                let size = text.text.len() as u64;
                if size > self.limits.max_script_bytes {
                    self.script_too_large.set(Some(size));
                    return None;
                }
                Some(Rc::new(profile::time(Phase::JavaScript, || {
                    crate::script::analyze_with_nesting(&text.text, self.limits.max_script_nesting)
                })))
            })
            .clone()?;
        if let Some(failure) = facts.take_failure() {
            panic!("script.js could not be analysed: {failure}");
        }
        Some(facts)
    }

    /// The size of `script.js` when a rule asked for it and it was not parsed because it is larger
    /// than `max_script_bytes`.
    pub fn script_too_large(&self) -> Option<u64> {
        self.script_too_large.get()
    }

    /// The format and pixel size of the image at `path`, from its header (see
    /// [`crate::image`]), probed at most once: a few KiB are read, never the whole file.
    pub fn image(&self, path: &str) -> Result<crate::image::Probe, ReadProblem> {
        if let Some(cached) = self.images.borrow().get(path) {
            return cached.clone();
        }
        let probed = profile::time(Phase::Images, || match self.entry(path).map(|e| &e.kind) {
            None => Err(ReadProblem::Missing),
            Some(EntryKind::File) => {
                crate::image::probe_with(|n| self.source.read_prefix(&self.source_path(path), n))
                    .map_err(read_problem)
            }
            Some(_) => Err(ReadProblem::NotAFile("not a regular file".into())),
        });
        self.images
            .borrow_mut()
            .insert(path.to_string(), probed.clone());
        probed
    }
}

fn read_problem(e: ReadError) -> ReadProblem {
    match e {
        ReadError::NotFound => ReadProblem::Missing,
        ReadError::NotAFile => ReadProblem::NotAFile("not a regular file".into()),
        ReadError::TooLarge { limit } => ReadProblem::TooLarge { limit },
        ReadError::Limit(issue) => ReadProblem::ArchiveLimit(format!("{issue:?}")),
        ReadError::Io(detail) => ReadProblem::Failed(detail),
        ReadError::Unsupported(detail) => ReadProblem::Refused(detail),
    }
}

/// Decodes bytes as UTF-8, detecting a BOM, invalid sequences and UTF-16.
pub fn decode(path: &str, bytes: Vec<u8>) -> TextFile {
    let utf16 = detect_utf16(&bytes);
    let (text, encoding) = match String::from_utf8(bytes) {
        Ok(text) => (text, Encoding::Utf8),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            (text, Encoding::InvalidUtf8 { offset })
        }
    };
    let encoding = match utf16 {
        Some(little_endian) => Encoding::Utf16 { little_endian },
        None => encoding,
    };
    let bom = !matches!(encoding, Encoding::Utf16 { .. }) && text.starts_with('\u{feff}');
    // Built only if a finding points into the file.
    let lines = LineIndex::lazy();
    TextFile {
        path: path.to_string(),
        text,
        bom,
        encoding,
        lines,
    }
}

/// UTF-16 by its BOM, or by NUL bytes in every other position of an ASCII-looking start.
fn detect_utf16(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(true),
        [0xFE, 0xFF, ..] => return Some(false),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64)];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.chunks_exact(2);
    let n = pairs.len();
    let (mut le, mut be) = (0, 0);
    for pair in pairs {
        if pair[1] == 0 && pair[0] != 0 {
            le += 1;
        }
        if pair[0] == 0 && pair[1] != 0 {
            be += 1;
        }
    }
    if le * 4 >= n * 3 {
        Some(true)
    } else if be * 4 >= n * 3 {
        Some(false)
    } else {
        None
    }
}

/// `""` when `manifest.json` is at the root; `"x/"` when it is not but exactly one top-level
/// folder `x` holds it (the `widget/` packaging mistake, ARC002).
pub fn find_root(entries: &[Entry]) -> String {
    if entries.iter().any(|e| e.path == "manifest.json") {
        return String::new();
    }
    let holders: Vec<&str> = entries
        .iter()
        .filter_map(|e| e.path.strip_suffix("/manifest.json"))
        .filter(|dir| !dir.contains('/') && !dir.is_empty() && *dir != "__MACOSX")
        .collect();
    match holders.as_slice() {
        [one] => format!("{one}/"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{self, Limits};

    #[test]
    fn the_last_line_is_the_last_one_an_editor_shows() {
        for (text, last) in [
            ("", 1),
            ("a", 1),
            ("\n", 1),
            ("a\nb", 2),
            ("a\nb\n", 2),
            ("a\n\n", 2),
        ] {
            assert_eq!(
                decode("f", text.as_bytes().to_vec()).last_line(),
                last,
                "{text:?}"
            );
        }
    }

    #[test]
    fn nul_bytes_and_invalid_utf8_are_binary_and_utf16_is_text() {
        assert!(decode("f", b"{\"a\": 1}\n".to_vec()).is_textual());
        assert!(!decode("f", b"\0\0\0\x01Bud1".to_vec()).is_textual());
        assert!(!decode("f", b"\x89PNG\r\n\x1a\n".to_vec()).is_textual());
        assert!(decode("f", b"\xff\xfea\0\n\0".to_vec()).is_textual());
    }

    #[test]
    fn extents_come_from_what_was_read_or_the_listing() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("i18n")).unwrap();
        std::fs::write(tmp.path().join("manifest.json"), "{\n\"widget\": {}\n}\n").unwrap();
        std::fs::write(tmp.path().join("i18n/en.json"), "{}\n").unwrap();
        std::fs::write(tmp.path().join("logo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
        std::fs::write(tmp.path().join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();
        let source = source::open(tmp.path(), &Limits::default()).unwrap();
        assert_eq!(source.archive_size(), None);
        let widget = Widget::new(
            "w",
            source.as_ref(),
            PlatformChoice::Auto,
            ParseLimits::default(),
        );
        // The manifest was read (for the platform); the locale file was not, and is not read
        // for its extent.
        assert_eq!(widget.extent("manifest.json"), Some(Extent::Lines(3)));
        assert_eq!(widget.extent("i18n/en.json"), Some(Extent::Bytes(3)));
        assert!(widget.texts.borrow().get("i18n/en.json").is_none());
        // Binary content read as text keeps its size in bytes.
        let _ = widget.text(".DS_Store");
        assert_eq!(widget.extent(".DS_Store"), Some(Extent::Bytes(8)));
        assert_eq!(widget.extent("logo.png"), Some(Extent::Bytes(8)));
        assert_eq!(widget.extent("i18n"), None);
        assert_eq!(widget.extent("missing.json"), None);
    }

    #[test]
    fn a_zip_knows_its_own_size_even_when_it_is_not_a_zip() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("widget.zip");
        std::fs::write(&path, b"not a zip at all").unwrap();
        let source = source::open(&path, &Limits::default()).unwrap();
        assert_eq!(source.archive_size(), Some(16));
    }
}
