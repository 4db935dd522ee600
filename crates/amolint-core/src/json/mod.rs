//! Strict JSON parsing into a tree whose every value and key knows its byte span.
//!
//! Owns the JSON syntax and the spanned tree only: [`parse`] turns one text into a [`Document`]
//! (root [`Node`], the first [`SyntaxError`], every repeated key, whether a BOM led the text), and
//! [`Node`] offers the lookups rules need (member, RFC 6901 pointer, conversion to
//! `serde_json::Value`). It knows nothing of widgets, rules, platforms or file reading, and must
//! not grow such knowledge: callers decide what a syntax error or a duplicate key means for them.
//! It is hand-written rather than built on serde_json because serde_json gives no spans for
//! values or keys, silently keeps the last of repeated keys, and reports every mistake as a
//! generic "expected ..." error, whereas a widget author needs to be told that a comment, a
//! trailing comma or a single-quoted string is what PHP's `json_decode` will refuse.
//!
//! The grammar is RFC 8259 as `json_decode` accepts it: no comments, no trailing commas, only
//! `true`/`false`/`null`, whitespace limited to space, tab, CR and LF. Two deliberate leniencies:
//! a leading U+FEFF is skipped (and reported through [`Document::bom`], because whether it
//! matters is a rule's decision, not a syntax one), and a lone UTF-16 surrogate in a `\u` escape
//! becomes U+FFFD instead of an error, so that one odd escape does not hide the whole file from
//! every other rule.
//!
//! Parsing is iterative with an explicit stack, so hostile nesting cannot overflow the call
//! stack; depth is capped by [`ParseOptions::max_depth`], which is also what keeps the recursive
//! `Drop`, `Clone` and [`Node::to_serde`] of the finished tree safe. Callers must keep that cap
//! modest (the default 128 matches serde_json).

pub mod edit;
mod node;
mod parse;
#[cfg(test)]
mod tests;

use std::fmt;

use crate::text::Span;

pub use node::{pointer_parent, pointer_push};
pub use parse::parse;

/// How [`parse`] bounds its work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// Arrays and objects nested deeper than this are a [`SyntaxErrorKind::TooDeep`] error.
    pub max_depth: usize,
    /// More values than this (every scalar, array and object counts) are a
    /// [`SyntaxErrorKind::TooManyValues`] error. The tree costs tens of bytes per value, so this,
    /// not the text's size, is what bounds the memory a parse takes.
    pub max_values: usize,
}

/// The default [`ParseOptions::max_values`]: a real manifest or locale file holds hundreds of
/// values, and a million keeps the tree of one file well under 100 MB.
pub const DEFAULT_MAX_VALUES: usize = 1_000_000;

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_depth: 128,
            max_values: DEFAULT_MAX_VALUES,
        }
    }
}

/// The outcome of parsing one text. Spans are byte offsets into that text, BOM included.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The value, or `None` when the text is not valid JSON (see `error`).
    pub root: Option<Node>,
    /// The first syntax error; parsing stops there, so there is never a second one to report.
    pub error: Option<SyntaxError>,
    /// Every repeated key of every object, ordered by the repeat's position. Kept even when a
    /// later syntax error discards the tree, for the objects completed before it.
    pub duplicate_keys: Vec<DuplicateKey>,
    /// The text started with U+FEFF, which was skipped.
    pub bom: bool,
}

impl Document {
    /// Whether the text parsed without a syntax error.
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }
}

/// A JSON value and the bytes it occupies (strings with their quotes, containers bracket to
/// bracket).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    /// Members in source order, repeats included: rules may need every occurrence, and
    /// [`Node::get`] resolves repeats the way PHP does.
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The unescaped key.
    pub key: String,
    /// The key as written, quotes included.
    pub key_span: Span,
    pub value: Node,
}

/// A number kept as written, because rules care about `2` versus `2.0` and about precision that
/// an `f64` would lose.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Number {
    pub raw: String,
}

/// A key that appears more than once in one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    /// Key span of the first occurrence.
    pub first: Span,
    /// Key span of this repeat.
    pub duplicate: Span,
    /// RFC 6901 pointer of the object holding both, `""` for the root. Built from the keys and
    /// indices leading to it; if one of those keys is itself repeated, [`Node::pointer`] resolves
    /// it to the last occurrence, which may be a different object.
    pub object_pointer: String,
}

/// Why a text is not JSON, and exactly where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub span: Span,
    /// A short lower-case sentence without a trailing period.
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// The classes of syntax error, fine-grained where a widget author's usual mistake (a comment,
/// a trailing comma, single quotes, an unquoted key, a stray BOM) deserves its own advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    Comment,
    TrailingComma,
    SingleQuote,
    UnquotedKey,
    Bom,
    Empty,
    UnexpectedEnd,
    UnexpectedCharacter,
    MissingComma,
    MissingColon,
    InvalidEscape,
    InvalidNumber,
    ControlCharacter,
    InvalidLiteral,
    TrailingContent,
    TooDeep,
    TooManyValues,
}

impl SyntaxErrorKind {
    pub const ALL: [SyntaxErrorKind; 17] = [
        SyntaxErrorKind::Comment,
        SyntaxErrorKind::TrailingComma,
        SyntaxErrorKind::SingleQuote,
        SyntaxErrorKind::UnquotedKey,
        SyntaxErrorKind::Bom,
        SyntaxErrorKind::Empty,
        SyntaxErrorKind::UnexpectedEnd,
        SyntaxErrorKind::UnexpectedCharacter,
        SyntaxErrorKind::MissingComma,
        SyntaxErrorKind::MissingColon,
        SyntaxErrorKind::InvalidEscape,
        SyntaxErrorKind::InvalidNumber,
        SyntaxErrorKind::ControlCharacter,
        SyntaxErrorKind::InvalidLiteral,
        SyntaxErrorKind::TrailingContent,
        SyntaxErrorKind::TooDeep,
        SyntaxErrorKind::TooManyValues,
    ];

    /// The kebab-case name used in reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            SyntaxErrorKind::Comment => "comment",
            SyntaxErrorKind::TrailingComma => "trailing-comma",
            SyntaxErrorKind::SingleQuote => "single-quote",
            SyntaxErrorKind::UnquotedKey => "unquoted-key",
            SyntaxErrorKind::Bom => "bom",
            SyntaxErrorKind::Empty => "empty",
            SyntaxErrorKind::UnexpectedEnd => "unexpected-end",
            SyntaxErrorKind::UnexpectedCharacter => "unexpected-character",
            SyntaxErrorKind::MissingComma => "missing-comma",
            SyntaxErrorKind::MissingColon => "missing-colon",
            SyntaxErrorKind::InvalidEscape => "invalid-escape",
            SyntaxErrorKind::InvalidNumber => "invalid-number",
            SyntaxErrorKind::ControlCharacter => "control-character",
            SyntaxErrorKind::InvalidLiteral => "invalid-literal",
            SyntaxErrorKind::TrailingContent => "trailing-content",
            SyntaxErrorKind::TooDeep => "too-deep",
            SyntaxErrorKind::TooManyValues => "too-many-values",
        }
    }
}

impl fmt::Display for SyntaxErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
