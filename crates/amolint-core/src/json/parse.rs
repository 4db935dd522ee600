//! The byte-level parser: an explicit-stack state machine, so input depth never becomes call
//! depth, and an error classifier that looks at the offending bytes to name the author's mistake.

use super::node::push_token;
use super::{
    Document, DuplicateKey, Member, Node, Number, ParseOptions, SyntaxError, SyntaxErrorKind, Value,
};
use crate::text::Span;

use SyntaxErrorKind as K;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Up to this many members, duplicate keys are found by comparing every pair: cheaper than
/// sorting for the small objects manifests are made of, and bounded at 16²/2 comparisons.
const PAIRWISE_LIMIT: usize = 16;

/// Parses `text` as one strict JSON value. Never panics; time is linear in the text, and memory
/// proportional to the tree built (plus the open containers when an error stops it).
pub fn parse(text: &str, options: &ParseOptions) -> Document {
    let bom = text.as_bytes().starts_with(BOM);
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: if bom { BOM.len() } else { 0 },
        max_depth: options.max_depth,
        max_values: options.max_values,
        values: 0,
        stack: Vec::new(),
        root: None,
        last_comma: 0,
        duplicates: Vec::new(),
    };
    let result = parser.run();
    let mut duplicate_keys = parser.duplicates;
    // Objects finish inner-first, so their repeats were collected out of source order.
    duplicate_keys.sort_by_key(|d| d.duplicate.start);
    let (root, error) = match result {
        Ok(root) => (Some(root), None),
        Err(error) => (None, Some(error)),
    };
    Document {
        root,
        error,
        duplicate_keys,
        bom,
    }
}

/// What the parser expects at the next non-whitespace byte.
#[derive(Clone, Copy)]
enum State {
    /// A value: the root, or after `:`.
    Value,
    /// Right after `[`: a value or `]`.
    ArrayFirst,
    /// After `,` in an array: a value; `]` means a trailing comma.
    ArrayNext,
    /// Right after `{`: a key or `}`.
    ObjectFirst,
    /// After `,` in an object: a key; `}` means a trailing comma.
    ObjectNext,
    /// After a key.
    Colon,
    /// After a complete value: `,` or the closing bracket, or the end of the text at the root.
    AfterValue,
}

/// An array or object whose closing bracket has not been seen yet.
enum Frame {
    Array {
        start: usize,
        items: Vec<Node>,
    },
    Object {
        start: usize,
        members: Vec<Member>,
        /// The key whose value is being parsed.
        key: Option<(String, Span)>,
    },
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    max_depth: usize,
    max_values: usize,
    /// Values started so far (containers, keys' values and scalars alike).
    values: usize,
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Position of the latest `,`, for pointing at it when a trailing comma is found.
    last_comma: usize,
    duplicates: Vec<DuplicateKey>,
}

type Result<T> = std::result::Result<T, SyntaxError>;

fn error(kind: SyntaxErrorKind, span: Span, message: impl Into<String>) -> SyntaxError {
    SyntaxError {
        kind,
        span,
        message: message.into(),
    }
}

impl<'t> Parser<'t> {
    fn run(&mut self) -> Result<Node> {
        let after_bom = self.pos;
        self.skip_whitespace();
        if self.pos >= self.bytes.len() {
            let what = if self.pos > after_bom {
                "the text holds only whitespace, expected a JSON value"
            } else {
                "the text is empty, expected a JSON value"
            };
            return Err(error(K::Empty, Span::at(0), what));
        }
        let mut state = State::Value;
        loop {
            self.skip_whitespace();
            let peek = self.bytes.get(self.pos).copied();
            state = match state {
                State::Value => self.value(state)?,
                State::ArrayFirst if peek == Some(b']') => self.close()?,
                State::ArrayFirst => self.value(state)?,
                State::ArrayNext if peek == Some(b']') => {
                    return Err(self.trailing_comma(']'));
                }
                State::ArrayNext => self.value(state)?,
                State::ObjectFirst if peek == Some(b'}') => self.close()?,
                State::ObjectFirst => self.key(state)?,
                State::ObjectNext if peek == Some(b'}') => {
                    return Err(self.trailing_comma('}'));
                }
                State::ObjectNext => self.key(state)?,
                State::Colon if peek == Some(b':') => {
                    self.pos += 1;
                    State::Value
                }
                State::Colon => return Err(self.missing_colon()),
                State::AfterValue => match (self.stack.last(), peek) {
                    (None, None) => {
                        return self.root.take().ok_or_else(|| {
                            // Unreachable: AfterValue at the root is entered only by attaching
                            // the root. Kept as an error rather than a panic all the same.
                            error(K::UnexpectedEnd, Span::at(self.pos), "no JSON value")
                        });
                    }
                    (None, Some(_)) => return Err(self.trailing_content()),
                    (Some(_), Some(b',')) => {
                        self.last_comma = self.pos;
                        self.pos += 1;
                        match self.stack.last() {
                            Some(Frame::Array { .. }) => State::ArrayNext,
                            _ => State::ObjectNext,
                        }
                    }
                    (Some(Frame::Array { .. }), Some(b']')) => self.close()?,
                    (Some(Frame::Object { .. }), Some(b'}')) => self.close()?,
                    (Some(frame), _) => return Err(self.missing_comma(frame)),
                },
            };
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Parses or opens the value at `pos`; `state` says where it stands, for error messages.
    fn value(&mut self, state: State) -> Result<State> {
        let start = self.pos;
        // Counted before anything is built: millions of `0,` cost a `Node` each (tens of bytes
        // for one byte of input), which is what exhausts memory, not the text's size.
        // The end of the text is not a value: it stays an `UnexpectedEnd`.
        if start < self.bytes.len() {
            self.values += 1;
        }
        if self.values > self.max_values {
            return Err(error(
                K::TooManyValues,
                Span::new(start, (start + 1).min(self.bytes.len())),
                format!("more than {} values", self.max_values),
            ));
        }
        let node = match self.bytes.get(start) {
            Some(b'{') => {
                self.open(Frame::Object {
                    start,
                    members: Vec::new(),
                    key: None,
                })?;
                return Ok(State::ObjectFirst);
            }
            Some(b'[') => {
                self.open(Frame::Array {
                    start,
                    items: Vec::new(),
                })?;
                return Ok(State::ArrayFirst);
            }
            Some(b'"') => {
                let (s, span) = self.string()?;
                Node {
                    value: Value::String(s),
                    span,
                }
            }
            Some(b'-' | b'0'..=b'9' | b'+' | b'.') => self.number()?,
            Some(b) if is_word_byte(*b) => self.literal()?,
            Some(b'\'') => return Err(self.single_quote()),
            _ => {
                let expected = match state {
                    State::ArrayFirst => "a value or `]`",
                    _ => "a value",
                };
                return Err(self.unexpected(expected));
            }
        };
        self.attach(node);
        Ok(State::AfterValue)
    }

    fn open(&mut self, frame: Frame) -> Result<()> {
        if self.stack.len() >= self.max_depth {
            // Stop at once: the rest of a hostile text is never scanned.
            return Err(error(
                K::TooDeep,
                Span::new(self.pos, self.pos + 1),
                format!("nesting deeper than {} levels", self.max_depth),
            ));
        }
        self.stack.push(frame);
        self.pos += 1;
        Ok(())
    }

    /// Closes the innermost container at the bracket at `pos`, which the caller has matched.
    fn close(&mut self) -> Result<State> {
        let end = self.pos + 1;
        self.pos = end;
        let node = match self.stack.pop() {
            Some(Frame::Array { start, items }) => Node {
                value: Value::Array(items),
                span: Span::new(start, end),
            },
            Some(Frame::Object { start, members, .. }) => {
                self.find_duplicates(&members);
                Node {
                    value: Value::Object(members),
                    span: Span::new(start, end),
                }
            }
            None => {
                // Unreachable: callers only close when a frame is open.
                return Err(error(
                    K::UnexpectedCharacter,
                    Span::new(end - 1, end),
                    "closing bracket without an opening one",
                ));
            }
        };
        self.attach(node);
        Ok(State::AfterValue)
    }

    /// Hands a finished value to its container, or makes it the root.
    fn attach(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Array { items, .. }) => items.push(node),
            Some(Frame::Object { members, key, .. }) => {
                // The state machine only parses a member value after storing its key.
                if let Some((key, key_span)) = key.take() {
                    members.push(Member {
                        key,
                        key_span,
                        value: node,
                    });
                }
            }
        }
    }

    fn key(&mut self, state: State) -> Result<State> {
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                let parsed = self.string()?;
                if let Some(Frame::Object { key, .. }) = self.stack.last_mut() {
                    *key = Some(parsed);
                }
                Ok(State::Colon)
            }
            Some(b'\'') => Err(self.single_quote()),
            Some(&b) if is_word_byte(b) || (b >= 0x80 && !self.at_bom()) => {
                let start = self.pos;
                let end = self.scan(start, |b| is_word_byte(b) || b >= 0x80);
                let word = &self.text[start..end];
                Err(error(
                    K::UnquotedKey,
                    Span::new(start, end),
                    format!("object keys must be double-quoted: `{word}`"),
                ))
            }
            _ => Err(self.unexpected(match state {
                State::ObjectFirst => "a double-quoted key or `}`",
                _ => "a double-quoted key",
            })),
        }
    }

    /// Parses the string whose opening quote is at `pos`, returning it unescaped with its span.
    fn string(&mut self) -> Result<(String, Span)> {
        let start = self.pos;
        let mut i = start + 1;
        // Most strings have no escapes: find the end first and copy once.
        loop {
            match self.bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    let s = self.text[start + 1..i].to_owned();
                    return Ok((s, Span::new(start, i + 1)));
                }
                Some(b'\\') => break,
                Some(&b) if b < 0x20 => return Err(control_character(b, i)),
                Some(_) => i += 1,
                None => return Err(unterminated(self.bytes.len())),
            }
        }
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(&self.text[start + 1..i]);
        let mut run = i;
        loop {
            match self.bytes.get(i) {
                Some(b'"') => {
                    out.push_str(&self.text[run..i]);
                    self.pos = i + 1;
                    return Ok((out, Span::new(start, i + 1)));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..i]);
                    i = self.escape(i, &mut out)?;
                    run = i;
                }
                Some(&b) if b < 0x20 => return Err(control_character(b, i)),
                Some(_) => i += 1,
                None => return Err(unterminated(self.bytes.len())),
            }
        }
    }

    /// Decodes the escape whose backslash is at `at` into `out`; returns the offset after it.
    fn escape(&self, at: usize, out: &mut String) -> Result<usize> {
        let c = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4(at)?;
                let mut next = at + 6;
                let c = match first {
                    0xD800..=0xDBFF => {
                        if self.bytes.get(next..next + 2) == Some(b"\\u") {
                            let second = self.hex4(next)?;
                            if (0xDC00..=0xDFFF).contains(&second) {
                                next += 6;
                                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                                char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                            } else {
                                // The second escape is decoded on its own by the caller's loop.
                                char::REPLACEMENT_CHARACTER
                            }
                        } else {
                            char::REPLACEMENT_CHARACTER
                        }
                    }
                    code => char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
                };
                out.push(c);
                return Ok(next);
            }
            Some(_) => {
                let end = self.char_end(at + 1);
                let seq = &self.text[at..end];
                return Err(error(
                    K::InvalidEscape,
                    Span::new(at, end),
                    format!("invalid escape `{seq}` in string"),
                ));
            }
            None => return Err(unterminated(self.bytes.len())),
        };
        out.push(c);
        Ok(at + 2)
    }

    /// The four hex digits after the `\u` at `at`.
    fn hex4(&self, at: usize) -> Result<u32> {
        let mut code = 0;
        for i in at + 2..at + 6 {
            let digit = match self.bytes.get(i) {
                Some(&b) => (b as char).to_digit(16),
                None => return Err(unterminated(self.bytes.len())),
            };
            match digit {
                Some(d) => code = code * 16 + d,
                None => {
                    let seq = &self.text[at..i];
                    return Err(error(
                        K::InvalidEscape,
                        Span::new(at, i),
                        format!("invalid escape `{seq}`, `\\u` needs four hex digits"),
                    ));
                }
            }
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<Node> {
        let start = self.pos;
        let b = self.bytes;
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let mut problem = None;
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while digit(i) {
                    i += 1;
                }
            }
            _ => problem = Some(NumberProblem::NoIntegerDigits),
        }
        if problem.is_none() && b.get(i) == Some(&b'.') {
            i += 1;
            if digit(i) {
                while digit(i) {
                    i += 1;
                }
            } else {
                problem = Some(NumberProblem::NoFractionDigits);
            }
        }
        if problem.is_none() && matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digit(i) {
                while digit(i) {
                    i += 1;
                }
            } else {
                problem = Some(NumberProblem::NoExponentDigits);
            }
        }
        // A number running straight into more number-like bytes (`01`, `1.2.3`, `0x1F`, `1px`)
        // is one malformed token, not a number followed by a separate mistake.
        if problem.is_none() && b.get(i).copied().is_some_and(is_number_byte) {
            problem = Some(NumberProblem::Trailing);
        }
        let Some(problem) = problem else {
            self.pos = i;
            return Ok(Node {
                value: Value::Number(Number {
                    raw: self.text[start..i].to_owned(),
                }),
                span: Span::new(start, i),
            });
        };
        let end = self.scan(start, is_number_byte);
        let token = &self.text[start..end];
        let unsigned = token.strip_prefix('-').unwrap_or(token);
        let message = if token.starts_with('+') {
            format!("numbers cannot start with `+`: `{token}`")
        } else if unsigned.starts_with('.') {
            format!("numbers need a digit before the decimal point: `{token}`")
        } else if unsigned.eq_ignore_ascii_case("infinity") {
            format!("`{token}` is not valid JSON, numbers must be finite")
        } else if unsigned.starts_with("0x") || unsigned.starts_with("0X") {
            format!("hexadecimal numbers are not allowed: `{token}`")
        } else if unsigned.len() > 1
            && unsigned.starts_with('0')
            && unsigned.as_bytes().get(1).is_some_and(u8::is_ascii_digit)
        {
            format!("numbers cannot have leading zeros: `{token}`")
        } else {
            match problem {
                NumberProblem::NoIntegerDigits => {
                    format!("`-` must be followed by digits: `{token}`")
                }
                NumberProblem::NoFractionDigits => {
                    format!("the decimal point must be followed by digits: `{token}`")
                }
                NumberProblem::NoExponentDigits => {
                    format!("the exponent must have digits: `{token}`")
                }
                NumberProblem::Trailing => format!("invalid number `{token}`"),
            }
        };
        Err(error(K::InvalidNumber, Span::new(start, end), message))
    }

    fn literal(&mut self) -> Result<Node> {
        let start = self.pos;
        let end = self.scan(start, is_word_byte);
        let word = &self.text[start..end];
        let value = match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => {
                let lower = word.to_ascii_lowercase();
                let message = match lower.as_str() {
                    "true" | "false" | "null" => {
                        format!("invalid literal `{word}`, JSON literals are lower case: `{lower}`")
                    }
                    "nan" | "infinity" => {
                        format!("`{word}` is not valid JSON, numbers must be finite")
                    }
                    "undefined" | "none" | "nil" => {
                        format!("`{word}` is not valid JSON, use `null`")
                    }
                    _ => match ["true", "false", "null"]
                        .into_iter()
                        .find(|lit| lit.starts_with(word))
                    {
                        Some(lit) => format!("incomplete literal `{word}`, expected `{lit}`"),
                        None => {
                            format!("invalid literal `{word}`, strings must be in double quotes")
                        }
                    },
                };
                return Err(error(K::InvalidLiteral, Span::new(start, end), message));
            }
        };
        self.pos = end;
        Ok(Node {
            value,
            span: Span::new(start, end),
        })
    }

    /// The error for a `'` where a key or value should start. The span covers the whole
    /// single-quoted string when it closes on the same line, so the fix is visible at once.
    fn single_quote(&self) -> SyntaxError {
        let start = self.pos;
        let mut end = start + 1;
        let mut i = start + 1;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'\'' => {
                    end = i + 1;
                    break;
                }
                b'\n' | b'\r' => break,
                // Skip the escaped byte; only ASCII `'`, CR, LF and the end can stop the scan,
                // so `end` stays on a character boundary even if this lands mid-character.
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        error(
            K::SingleQuote,
            Span::new(start, end),
            "strings must use double quotes, not single quotes",
        )
    }

    fn trailing_comma(&self, before: char) -> SyntaxError {
        error(
            K::TrailingComma,
            Span::new(self.last_comma, self.last_comma + 1),
            format!("trailing comma before `{before}`"),
        )
    }

    fn missing_colon(&self) -> SyntaxError {
        if let Some(e) = self.common_error("`:`") {
            return e;
        }
        let key = match self.stack.last() {
            Some(Frame::Object {
                key: Some((k, _)), ..
            }) => k.as_str(),
            _ => "",
        };
        let (span, found) = self.describe_char();
        error(
            K::MissingColon,
            span,
            format!("expected `:` after key \"{key}\", found {found}"),
        )
    }

    fn missing_comma(&self, frame: &Frame) -> SyntaxError {
        let (close, container) = match frame {
            Frame::Array { .. } => (']', "array items"),
            Frame::Object { .. } => ('}', "object members"),
        };
        let expected = format!("`,` or `{close}`");
        if let Some(e) = self.common_error(&expected) {
            return e;
        }
        let (span, found) = self.describe_char();
        match self.bytes.get(self.pos) {
            Some(&b) if starts_value(b) => error(
                K::MissingComma,
                span,
                format!("missing `,` between {container}"),
            ),
            _ => error(
                K::UnexpectedCharacter,
                span,
                format!("expected {expected}, found {found}"),
            ),
        }
    }

    fn trailing_content(&self) -> SyntaxError {
        if let Some(e) = self.common_error("the end of the text") {
            return e;
        }
        let (span, found) = self.describe_char();
        error(
            K::TrailingContent,
            span,
            format!("unexpected {found} after the end of the JSON value"),
        )
    }

    /// The error for an unexpected byte at `pos` when `expected` was wanted.
    fn unexpected(&self, expected: &str) -> SyntaxError {
        if let Some(e) = self.common_error(expected) {
            return e;
        }
        let (span, found) = self.describe_char();
        error(
            K::UnexpectedCharacter,
            span,
            format!("expected {expected}, found {found}"),
        )
    }

    /// Mistakes recognisable wherever they occur between tokens: the end of the text, a comment,
    /// a BOM.
    fn common_error(&self, expected: &str) -> Option<SyntaxError> {
        let at = self.pos;
        match self.bytes.get(at..).unwrap_or_default() {
            [] => Some(error(
                K::UnexpectedEnd,
                Span::at(self.bytes.len()),
                format!("unexpected end of the text, expected {expected}"),
            )),
            [b'/', b'/', ..] => {
                let end = self.scan(at, |b| b != b'\n' && b != b'\r');
                Some(comment(at, end))
            }
            [b'/', b'*', rest @ ..] => {
                let end = rest
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(self.bytes.len(), |i| at + 2 + i + 2);
                Some(comment(at, end))
            }
            rest if rest.starts_with(BOM) => Some(error(
                K::Bom,
                Span::new(at, at + BOM.len()),
                "byte order mark inside the text",
            )),
            _ => None,
        }
    }

    /// The character at `pos` (which is not the end) and how messages show it.
    fn describe_char(&self) -> (Span, String) {
        let end = self.char_end(self.pos);
        let s = self.text.get(self.pos..end).unwrap_or_default();
        let shown = match s.chars().next() {
            Some(c) if c.is_control() || c.is_whitespace() || c == '\u{feff}' => {
                format!("U+{:04X}", u32::from(c))
            }
            Some(c) => format!("`{c}`"),
            None => "the end of the text".to_owned(),
        };
        (Span::new(self.pos, end), shown)
    }

    /// The end of the character starting at byte `at`.
    fn char_end(&self, at: usize) -> usize {
        let mut end = (at + 1).min(self.bytes.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        end
    }

    fn at_bom(&self) -> bool {
        self.bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(BOM))
    }

    /// The first offset from `start` whose byte fails `keep`.
    fn scan(&self, start: usize, keep: impl Fn(u8) -> bool) -> usize {
        let len = self.bytes.get(start..).map_or(0, |rest| {
            rest.iter().position(|&b| !keep(b)).unwrap_or(rest.len())
        });
        start + len
    }

    /// Records the repeated keys of an object that has just closed; its parent chain is still on
    /// the stack, which is what the object's pointer is built from.
    fn find_duplicates(&mut self, members: &[Member]) {
        let mut found: Vec<(usize, usize)> = Vec::new();
        if members.len() <= PAIRWISE_LIMIT {
            for (j, later) in members.iter().enumerate().skip(1) {
                if let Some(i) = members[..j].iter().position(|m| m.key == later.key) {
                    found.push((i, j));
                }
            }
        } else {
            // Sorting indices by key groups repeats; the stable sort keeps each group in source
            // order, so its head is the first occurrence.
            let mut order: Vec<usize> = (0..members.len()).collect();
            order.sort_by(|&a, &b| members[a].key.cmp(&members[b].key));
            for group in order.chunk_by(|&a, &b| members[a].key == members[b].key) {
                if let [first, repeats @ ..] = group {
                    found.extend(repeats.iter().map(|&r| (*first, r)));
                }
            }
        }
        if found.is_empty() {
            return;
        }
        let pointer = self.pointer();
        for (first, repeat) in found {
            self.duplicates.push(DuplicateKey {
                key: members[repeat].key.clone(),
                first: members[first].key_span,
                duplicate: members[repeat].key_span,
                object_pointer: pointer.clone(),
            });
        }
    }

    /// RFC 6901 pointer of the value about to be attached to the innermost open container.
    fn pointer(&self) -> String {
        let mut out = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Array { items, .. } => push_token(&mut out, &items.len().to_string()),
                Frame::Object { key, .. } => {
                    push_token(&mut out, key.as_ref().map_or("", |(k, _)| k.as_str()));
                }
            }
        }
        out
    }
}

#[derive(Clone, Copy)]
enum NumberProblem {
    NoIntegerDigits,
    NoFractionDigits,
    NoExponentDigits,
    Trailing,
}

fn comment(start: usize, end: usize) -> SyntaxError {
    error(
        K::Comment,
        Span::new(start, end),
        "comments are not allowed in JSON",
    )
}

fn unterminated(len: usize) -> SyntaxError {
    error(
        K::UnexpectedEnd,
        Span::at(len),
        "unexpected end of the text inside a string",
    )
}

fn control_character(b: u8, at: usize) -> SyntaxError {
    let message = match b {
        b'\n' | b'\r' => "line break inside a string, write it as `\\n`".to_owned(),
        b'\t' => "tab character inside a string, write it as `\\t`".to_owned(),
        _ => format!("control character U+{b:04X} inside a string must be escaped"),
    };
    error(K::ControlCharacter, Span::new(at, at + 1), message)
}

/// Bytes of identifier-like words: literals, and the unquoted keys and values authors write.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

fn is_number_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_')
}

/// Bytes that begin a value (or a botched one), so that finding one where `,` was expected
/// means the comma is missing.
fn starts_value(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'{' | b'[' | b'-' | b'+' | b'.') || is_word_byte(b)
}
