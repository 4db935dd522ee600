//! A finding as reports show it: resolved severity, line and column, and the source line.
//!
//! Owns the output model shared by every renderer and the runner. Produced by the engine from a
//! rule's [`Finding`](crate::rule::Finding); renderers only read it.

use crate::fix::Applicability;
use crate::platform::Platform;
use crate::severity::Severity;
use crate::source::SourceKind;
use crate::text::Span;
use serde::Serialize;

/// One finding, as every report format shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: String,
    pub name: String,
    pub pack: String,
    pub severity: Severity,
    pub message: String,
    /// Path of the file inside the widget (the member path inside a zip); `None` for findings
    /// about the widget as a whole.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub pointer: Option<String>,
    pub help: Option<String>,
    /// What `--fix` would change, when the rule proposes a fix that can be applied here (never
    /// inside a zip).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<DiagnosticFix>,
    /// The source lines the finding points at, for text output. Not part of the JSON report.
    #[serde(skip)]
    pub snippet: Option<Snippet>,
    /// How large `file` is, for formats that must give every finding a region (SARIF) even when
    /// it has no line: recorded by the engine from what it already knows, never by reading the
    /// file for it. `None` without a file, or when `file` is not a regular file of the listing.
    /// Not part of the JSON report.
    #[serde(skip)]
    pub extent: Option<Extent>,
}

/// The size of a whole file, as a finding about all of it covers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    /// A text file the rules read: its last line (1 for an empty file; a final line break does
    /// not start another line).
    Lines(usize),
    /// Any other file (an image, a junk file, a text file no rule read): its size in bytes from
    /// the listing.
    Bytes(u64),
}

impl Diagnostic {
    /// A diagnostic with no place in a file yet: the engine sets the place from a finding's
    /// span, and the cache from what it stored.
    pub fn new(
        code: impl Into<String>,
        name: impl Into<String>,
        pack: impl Into<String>,
        severity: Severity,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            name: name.into(),
            pack: pack.into(),
            severity,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            end_line: None,
            end_column: None,
            pointer: None,
            help: None,
            fix: None,
            snippet: None,
            extent: None,
        }
    }

    /// The fix's applicability, when the finding has a fix.
    pub fn applicability(&self) -> Option<Applicability> {
        self.fix.as_ref().map(|f| f.applicability)
    }
}

/// A rule's [`Fix`](crate::fix::Fix) as reports show it and `amolint-fix` applies it: each edit
/// with its place in lines and columns (for the JSON report, SARIF and editors) and in bytes
/// (for applying it without reading the file again).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiagnosticFix {
    pub applicability: Applicability,
    pub message: String,
    pub edits: Vec<FixEdit>,
}

/// One edit of a [`DiagnosticFix`]. Lines and columns are 1-based, columns count characters,
/// and the end is exclusive, as a diagnostic's are; an insertion starts and ends at one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixEdit {
    /// The file's path in the source (as [`Diagnostic::file`] names files).
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The text that replaces the range.
    pub content: String,
    /// The file does not exist yet and is created with `content` (the range is then 1:1 to
    /// 1:1). Left out of the JSON report when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub create: bool,
    /// The byte range replaced, in the file as the rules read it. Not part of the JSON report.
    #[serde(skip)]
    pub range: Span,
}

/// Source lines around a finding: `text` starts at line `first_line`; `start..end` is the marked
/// byte range inside `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub first_line: usize,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Everything found in one widget.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WidgetReport {
    /// The widget's path as given or discovered.
    pub path: String,
    #[serde(serialize_with = "kind_as_str")]
    pub kind: SourceKind,
    pub platform: Platform,
    pub platform_reason: String,
    pub diagnostics: Vec<Diagnostic>,
    /// For a zip, the archive's length in bytes: findings inside an archive are located on the
    /// archive as a whole in formats that cannot point into it (SARIF). `None` for a folder, or
    /// when the target could not be opened. Not part of the JSON report.
    #[serde(skip)]
    pub archive_size: Option<u64>,
    /// Whether the `given` of each declarative rule that ran on the widget matched anything.
    /// Not part of the JSON report; the cache keeps it with the findings.
    #[serde(skip)]
    pub givens: Vec<GivenMatch>,
}

/// Whether a declarative rule's `given` matched anything in one widget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GivenMatch {
    pub code: String,
    pub matched: bool,
}

impl WidgetReport {
    /// The report of a widget that could not be checked: the engine's one diagnostic saying
    /// why, and the platform it would have been checked for.
    pub fn failed(
        path: &str,
        kind: SourceKind,
        platform: Platform,
        reason: &str,
        diagnostic: Diagnostic,
    ) -> WidgetReport {
        WidgetReport {
            path: path.to_string(),
            kind,
            platform,
            platform_reason: reason.to_string(),
            diagnostics: vec![diagnostic],
            archive_size: None,
            givens: Vec::new(),
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// Sorts diagnostics the way every report lists them: by file (widget-level findings first),
/// position, code and message.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, &b.code, &b.message))
    });
}

fn kind_as_str<S: serde::Serializer>(kind: &SourceKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.as_str())
}
