//! Fixes as data: what a rule proposes to change so that its finding goes away ([`Fix`]), how
//! sure it is that the change keeps the widget's behaviour ([`Applicability`]), and how each rule
//! documents its fixes ([`FixDocs`]).
//!
//! Owns the model only. A rule builds a [`Fix`] from the spans it already has (the JSON edits of
//! [`crate::json::edit`] take the right commas and whitespace along); the engine turns it into a
//! [`DiagnosticFix`](crate::diagnostic::DiagnosticFix) with lines and columns. Nothing here
//! reads or writes a file: applying fixes (ordering, conflicts, passes, atomic writes) is the
//! `amolint-fix` crate's, and the language server turns the same data into code actions.

use crate::text::Span;
use serde::Serialize;

/// Whether a fix may be applied without the author looking at it, in ruff's sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The widget behaves exactly as before on the platform (or could not load before, and now
    /// loads with the values the author wrote): `--fix` applies it.
    Safe,
    /// The change is most likely what the author meant but changes what the platform does, or
    /// guesses: applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }

    /// `"safe"` or `"unsafe"`; anything else is `None`.
    pub fn parse(text: &str) -> Option<Applicability> {
        match text {
            "safe" => Some(Applicability::Safe),
            "unsafe" => Some(Applicability::Unsafe),
            _ => None,
        }
    }
}

/// One change to one file of the widget. Paths are relative to the widget root, as
/// [`Finding::file`](crate::rule::Finding) names files.
///
/// Two edits of different fixes conflict when their byte ranges overlap, or when an insertion
/// (an empty range) falls inside or at either end of another edit's range: the first in the
/// report's order wins and the other waits for the next pass. Insertions at the very same
/// offset do not conflict unless they are identical: they are applied one after the other in
/// the report's order. An insertion must therefore be valid next to any other insertion at its
/// place, as those of [`crate::json::edit`] are (they add `, item` after an existing item; an
/// empty container is rewritten whole, which conflicts instead).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Replace the bytes `span` of `file` by `content` (an empty span inserts, an empty content
    /// deletes). Spans are byte offsets into the file as read, byte order mark included.
    Replace {
        file: String,
        span: Span,
        content: String,
    },
    /// Create `file`, which must not exist, with `content`.
    Create { file: String, content: String },
}

impl Edit {
    pub fn replace(file: impl Into<String>, span: Span, content: impl Into<String>) -> Edit {
        Edit::Replace {
            file: file.into(),
            span,
            content: content.into(),
        }
    }

    pub fn delete(file: impl Into<String>, span: Span) -> Edit {
        Edit::replace(file, span, "")
    }

    pub fn insert(file: impl Into<String>, offset: usize, content: impl Into<String>) -> Edit {
        Edit::replace(file, Span::at(offset), content)
    }

    /// An edit of `file` from a [`TextEdit`](crate::json::edit::TextEdit) of its text.
    pub fn text(file: impl Into<String>, edit: crate::json::edit::TextEdit) -> Edit {
        Edit::replace(file, edit.span, edit.content)
    }

    pub fn create(file: impl Into<String>, content: impl Into<String>) -> Edit {
        Edit::Create {
            file: file.into(),
            content: content.into(),
        }
    }

    pub fn file(&self) -> &str {
        match self {
            Edit::Replace { file, .. } | Edit::Create { file, .. } => file,
        }
    }
}

/// What a rule proposes for one finding: a message saying what changes, and the edits, all
/// applied or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, in the imperative: "remove the byte order mark".
    pub message: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            message: message.into(),
            edits,
        }
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            message: message.into(),
            edits,
        }
    }
}

/// What `--fix` can do for a rule, documented next to the rule's code: `amolint explain`, the
/// rule reference and `amolint rules` show it. Each text says what the fix changes and why it is
/// safe or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixDocs {
    /// The fix `--fix` applies; `None` when the rule has no safe fix.
    pub safe: Option<&'static str>,
    /// The fix only `--unsafe-fixes` applies; `None` when the rule has no unsafe fix.
    pub unsafe_: Option<&'static str>,
}

impl FixDocs {
    /// `safe`, `unsafe` or `safe, unsafe`: which kinds of fix the rule offers.
    pub fn label(&self) -> &'static str {
        match (self.safe.is_some(), self.unsafe_.is_some()) {
            (true, true) => "safe, unsafe",
            (true, false) => "safe",
            (false, true) => "unsafe",
            (false, false) => "",
        }
    }

    /// The applicabilities offered, safe first.
    pub fn applicabilities(&self) -> Vec<Applicability> {
        let mut out = Vec::new();
        if self.safe.is_some() {
            out.push(Applicability::Safe);
        }
        if self.unsafe_.is_some() {
            out.push(Applicability::Unsafe);
        }
        out
    }
}
