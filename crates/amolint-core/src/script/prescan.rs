//! The nesting pre-scan: owns the rough tokenizer that estimates how deep the parser would
//! recurse (bracket depth plus the statements and operators that nest without brackets) and
//! refuses a script nested deeper than [`MAX_NESTING`], or the configured lower limit, before
//! oxc sees it.
//!
//! It is what keeps a hostile script.js from overflowing the parser's stack, so it must not
//! recurse itself and must finish in one pass on any input. It only estimates (strings,
//! comments, regexes and templates are skipped approximately) and must not report syntax
//! errors: the parser does.

use super::facts::TooDeep;
use crate::text::Span;

/// Deepest nesting of brackets and nesting operators the pre-scan lets through to the parser.
/// Real scripts, bundles included, stay far below a hundred levels.
pub const MAX_NESTING: usize = 1000;

/// One bracket level of the pre-scan: the nesting the parser will recurse through inside it
/// without brackets (`if (a) if (b) …`, `!!!x`, `a = b = c`, `x ? y : z ? …`, `a => b => c`).
#[derive(Clone, Copy, Default)]
struct Level {
    /// Statements nested without braces: `if`, `for`, `while`, `with`, `do`, labels.
    statements: usize,
    /// Operators the parser recurses through: prefix operators, assignments, `?`, `=>`, `**`,
    /// `new`, `typeof`, … Reset at `,`.
    operators: usize,
    /// `do` statements whose `while` tail is still to come.
    pending_do: usize,
    /// Opened by `${` in a template literal.
    template: bool,
}

/// What the previous token lets the next one be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of input, after `;`, `{`, `}` or `:`: a statement may start; `/` starts a regex.
    StatementStart,
    /// After an operator or keyword: an expression starts; `/` starts a regex.
    Operator,
    /// After a value (identifier, literal, `)`, `]`): `/` divides, `+` is binary.
    Value,
    /// After `.` or `?.`: a word is a property name, whatever it spells.
    Dot,
}

/// Where a statement may have ended, to be confirmed by the next token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Boundary {
    Semicolon,
    Brace,
}

struct Prescan {
    levels: Vec<(Level, usize)>,
    level: Level,
    /// Nesting of the enclosing levels.
    base: usize,
    limit: usize,
    max: usize,
    over_at: Option<usize>,
}

impl Prescan {
    fn depth(&self) -> usize {
        self.base + self.level.statements + self.level.operators
    }

    fn check(&mut self, at: usize) {
        let depth = self.depth();
        if depth > self.max {
            self.max = depth;
        }
        if depth > self.limit && self.over_at.is_none() {
            self.over_at = Some(at);
        }
    }

    fn push(&mut self, template: bool, at: usize) {
        let parent = std::mem::take(&mut self.level);
        self.levels.push((parent, self.base));
        self.base += 1 + parent.statements + parent.operators;
        self.level.template = template;
        self.check(at);
    }

    /// Closes a level; true when it was a template's `${`.
    fn pop(&mut self) -> bool {
        let was_template = self.level.template;
        if let Some((parent, base)) = self.levels.pop() {
            self.level = parent;
            self.base = base;
        }
        was_template
    }
}

/// What a word is to the pre-scan: a keyword it acts on, or a plain name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    /// A property name after `.`, or not a word at all.
    Name,
    /// An identifier or a keyword the pre-scan does not act on.
    Plain,
    If,
    For,
    With,
    While,
    Do,
    /// A word the parser recurses through as a prefix operator: `typeof`, `void`, `delete`,
    /// `await`, `new`, `yield`.
    Prefix,
    /// A keyword after which an expression (so a regex) may start: `return`, `throw`, `case`,
    /// `extends`.
    Operator,
    Else,
    In,
    Of,
    Instanceof,
    /// `catch` and `finally`, which continue a statement after its `}`.
    Continues,
}

/// Which keyword `word` is. This runs for every word of the file: a word that cannot be a
/// keyword (all are 2 to 10 lower-case ASCII letters) is compared with none of them, and
/// the others only with the keywords of their length and first letter.
fn classify(word: &[u8]) -> Word {
    let [first, ..] = word else {
        return Word::Plain;
    };
    if !(2..=10).contains(&word.len()) || !first.is_ascii_lowercase() {
        return Word::Plain;
    }
    match (word.len(), *first) {
        (2, b'i') if word == b"if" => Word::If,
        (2, b'i') if word == b"in" => Word::In,
        (2, b'd') if word == b"do" => Word::Do,
        (2, b'o') if word == b"of" => Word::Of,
        (3, b'f') if word == b"for" => Word::For,
        (3, b'n') if word == b"new" => Word::Prefix,
        (4, b'w') if word == b"with" => Word::With,
        (4, b'v') if word == b"void" => Word::Prefix,
        (4, b'c') if word == b"case" => Word::Operator,
        (4, b'e') if word == b"else" => Word::Else,
        (5, b'w') if word == b"while" => Word::While,
        (5, b'a') if word == b"await" => Word::Prefix,
        (5, b'y') if word == b"yield" => Word::Prefix,
        (5, b't') if word == b"throw" => Word::Operator,
        (5, b'c') if word == b"catch" => Word::Continues,
        (6, b't') if word == b"typeof" => Word::Prefix,
        (6, b'd') if word == b"delete" => Word::Prefix,
        (6, b'r') if word == b"return" => Word::Operator,
        (7, b'e') if word == b"extends" => Word::Operator,
        (7, b'f') if word == b"finally" => Word::Continues,
        (10, b'i') if word == b"instanceof" => Word::Instanceof,
        _ => Word::Plain,
    }
}

/// The byte classes the main loop dispatches on: one table lookup per token start.
const OTHER: u8 = 0;
const SPACE: u8 = 1;
/// Starts a word: a letter, `_`, `$`, `\` (an escape), `#` (a private name) or any non-ASCII
/// byte.
const WORD: u8 = 2;
const DIGIT: u8 = 3;
const QUOTE: u8 = 4;
const BACKTICK: u8 = 5;
const SLASH: u8 = 6;
/// `(`, `[` and `{`.
const OPEN: u8 = 7;
/// `)` and `]`.
const CLOSE: u8 = 8;
const RBRACE: u8 = 9;
const SEMICOLON: u8 = 10;
const COMMA: u8 = 11;
const DOT: u8 = 12;

const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0C => SPACE,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'$' | b'\\' | b'#' | 0x80..=0xFF => WORD,
            b'0'..=b'9' => DIGIT,
            b'\'' | b'"' => QUOTE,
            b'`' => BACKTICK,
            b'/' => SLASH,
            b'(' | b'[' | b'{' => OPEN,
            b')' | b']' => CLOSE,
            b'}' => RBRACE,
            b';' => SEMICOLON,
            b',' => COMMA,
            b'.' => DOT,
            _ => OTHER,
        };
        c += 1;
    }
    t
};

/// Bytes that continue a word: those of an identifier (any non-ASCII byte may be part of one)
/// and `\` (an escape).
const WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'\\' || b >= 0x80;
        c += 1;
    }
    t
};

fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

/// A rough tokenizer that estimates how deep the parser will recurse: bracket depth plus the
/// statements and operators that nest without brackets. It skips strings, comments, regex and
/// template literals approximately. Returns the deepest nesting and where it first went over
/// `limit`, when it did.
///
/// It runs over every script before the parse, so it is written for speed: a table lookup per
/// token, keywords found by length and first letter, punctuators by their first bytes, comments
/// and line ends with `memchr` (on the benchmark's scripts, 0.41× the parse's instructions,
/// down from 0.56× when it tried lists of keywords and punctuators).
pub(super) fn prescan(text: &str, limit: usize) -> Option<TooDeep> {
    let b = text.as_bytes();
    let n = b.len();
    let mut s = Prescan {
        levels: Vec::new(),
        level: Level::default(),
        base: 0,
        limit,
        max: 0,
        over_at: None,
    };
    let mut prev = Prev::StatementStart;
    let mut boundary: Option<Boundary> = None;
    let mut label_candidate = false;
    let mut i = 0;
    if b.starts_with(b"#!") {
        i = skip_line(b, 0);
    }
    while i < n {
        let c = b[i];
        let kind = class(c);
        if kind == SPACE {
            i += 1;
            while i < n && class(b[i]) == SPACE {
                i += 1;
            }
            continue;
        }
        if kind == SLASH {
            match b.get(i + 1) {
                Some(b'/') => {
                    i = skip_line(b, i);
                    continue;
                }
                Some(b'*') => {
                    i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(n, |p| i + 2 + p + 2);
                    continue;
                }
                _ => {}
            }
        }
        let at = i;
        // A word, when this token is one.
        let word_end = (kind == WORD).then(|| {
            let mut end = i + 1;
            while end < n && WORD_BYTE[b[end] as usize] {
                end += 1;
            }
            end
        });
        // What the word is; a property name after `.` is a name whatever it spells.
        let word = match word_end {
            Some(end)
                if prev != Prev::Dot && text.is_char_boundary(i) && text.is_char_boundary(end) =>
            {
                classify(&b[i..end])
            }
            _ => Word::Name,
        };
        // A statement ends at `;` or `}` unless the next token continues it.
        let mut while_tail = false;
        if let Some(ended) = boundary.take() {
            let continues = match word {
                Word::Else | Word::Continues => true,
                Word::While if s.level.pending_do > 0 => {
                    s.level.pending_do -= 1;
                    while_tail = true;
                    true
                }
                Word::Instanceof | Word::In | Word::Of => ended == Boundary::Brace,
                _ => false,
            };
            let starts_statement =
                word_end.is_some() || matches!(kind, DIGIT | QUOTE | BACKTICK) || c == b'{';
            if !continues && (ended == Boundary::Semicolon || starts_statement) {
                s.level.statements = 0;
                s.level.operators = 0;
            }
        }
        let was_label_candidate = std::mem::take(&mut label_candidate);
        if let Some(end) = word_end {
            i = end;
            match word {
                Word::Name => prev = Prev::Value, // a property name after `.`
                Word::If | Word::For | Word::With => {
                    s.level.statements += 1;
                    s.check(at);
                    prev = Prev::Operator;
                }
                Word::While => {
                    if !while_tail {
                        s.level.statements += 1;
                        s.check(at);
                    }
                    prev = Prev::Operator;
                }
                Word::Do => {
                    s.level.statements += 1;
                    s.level.pending_do += 1;
                    s.check(at);
                    prev = Prev::Operator;
                }
                Word::Prefix => {
                    s.level.operators += 1;
                    s.check(at);
                    prev = Prev::Operator;
                }
                Word::Operator | Word::Else | Word::In | Word::Of | Word::Instanceof => {
                    prev = Prev::Operator
                }
                Word::Plain | Word::Continues => {
                    label_candidate = prev == Prev::StatementStart;
                    prev = Prev::Value;
                }
            }
            continue;
        }
        match kind {
            QUOTE => {
                i = skip_string(b, i);
                prev = Prev::Value;
            }
            BACKTICK => {
                let (end, interpolation) = skip_template(b, i + 1);
                i = end;
                if interpolation {
                    s.push(true, at);
                    prev = Prev::Operator;
                } else {
                    prev = Prev::Value;
                }
            }
            SLASH if matches!(prev, Prev::StatementStart | Prev::Operator) => {
                i = skip_regex(b, i);
                prev = Prev::Value;
            }
            DIGIT => {
                i = skip_number(b, i + 1);
                prev = Prev::Value;
            }
            DOT if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = skip_number(b, i + 1);
                prev = Prev::Value;
            }
            OPEN => {
                i += 1;
                s.push(false, at);
                prev = if c == b'{' {
                    Prev::StatementStart
                } else {
                    Prev::Operator
                };
            }
            CLOSE => {
                i += 1;
                s.pop();
                prev = Prev::Value;
            }
            RBRACE => {
                i += 1;
                if s.pop() {
                    // The end of a `${…}`: the template literal goes on.
                    let (end, interpolation) = skip_template(b, i);
                    i = end;
                    if interpolation {
                        s.push(true, at);
                        prev = Prev::Operator;
                    } else {
                        prev = Prev::Value;
                    }
                } else {
                    boundary = Some(Boundary::Brace);
                    prev = Prev::StatementStart;
                }
            }
            SEMICOLON => {
                i += 1;
                boundary = Some(Boundary::Semicolon);
                prev = Prev::StatementStart;
            }
            COMMA => {
                i += 1;
                s.level.operators = 0;
                prev = Prev::Operator;
            }
            // Member access, the commonest punctuator: what `punctuator` returns for a lone `.`
            // (a digit after it was taken as a number above; `...` is a spread).
            DOT if b.get(i + 1) != Some(&b'.') => {
                i += 1;
                prev = Prev::Dot;
            }
            _ => {
                let (len, nests, next) = punctuator(&b[i..], prev, was_label_candidate);
                i += len;
                match nests {
                    Nests::Operator => s.level.operators += 1,
                    Nests::Statement => s.level.statements += 1,
                    Nests::No => {}
                }
                if nests != Nests::No {
                    s.check(at);
                }
                prev = next;
            }
        }
    }
    s.over_at.map(|at| TooDeep {
        depth: s.max,
        span: Span::new(at, (at + 1).min(n)),
    })
}

/// Past the rest of a number literal from `from`: digits, letters, `.` and `_`.
fn skip_number(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'_')) {
        i += 1;
    }
    i
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Nests {
    No,
    Operator,
    Statement,
}

/// The punctuator at the start of `rest`: its length, whether the parser recurses through it,
/// and what it lets the next token be. It is the longest punctuator `rest` starts with (a
/// single byte for anything else), found from its first bytes: this runs for most tokens of
/// the file, so it compares bytes rather than trying a list of punctuators.
fn punctuator(rest: &[u8], prev: Prev, label_candidate: bool) -> (usize, Nests, Prev) {
    // A byte past the end reads as 0, which no punctuator contains.
    let at = |k: usize| rest.get(k).copied().unwrap_or(0);
    let (c0, c1, c2) = (at(0), at(1), at(2));
    // Assignments, `=>`, `?`, `**`, `!`, `~` and prefix `+ - ++ --` nest; the rest do not.
    let nests = |len| (len, Nests::Operator, Prev::Operator);
    let plain = |len| (len, Nests::No, Prev::Operator);
    match c0 {
        b'>' => match (c1, c2, at(3)) {
            (b'>', b'>', b'=') => nests(4),
            (b'>', b'=', _) => nests(3),
            (b'>', b'>', _) => plain(3),
            (b'=' | b'>', _, _) => plain(2),
            _ => plain(1),
        },
        // Only `..` gets here (`.` alone and `.5` are taken before): `...` is a spread.
        b'.' if c1 == b'.' && c2 == b'.' => plain(3),
        b'.' => (1, Nests::No, Prev::Dot),
        b'=' => match (c1, c2) {
            (b'=', b'=') => plain(3),
            (b'>', _) => nests(2),
            (b'=', _) => plain(2),
            _ => nests(1),
        },
        b'!' => match (c1, c2) {
            (b'=', b'=') => plain(3),
            (b'=', _) => plain(2),
            _ => nests(1),
        },
        b'*' => match (c1, c2) {
            (b'*', b'=') => nests(3),
            (b'*' | b'=', _) => nests(2),
            _ => plain(1),
        },
        b'<' => match (c1, c2) {
            (b'<', b'=') => nests(3),
            (b'<' | b'=', _) => plain(2),
            _ => plain(1),
        },
        b'&' | b'|' => match (c1, c2) {
            (a, b'=') if a == c0 => nests(3),
            (a, _) if a == c0 => plain(2),
            (b'=', _) => nests(2),
            _ => plain(1),
        },
        b'?' => match (c1, c2) {
            (b'?', b'=') => nests(3),
            (b'?', _) => plain(2),
            // `a?.5:b` is a conditional, not optional chaining.
            (b'.', digit) if !digit.is_ascii_digit() => (2, Nests::No, Prev::Dot),
            _ => nests(1),
        },
        b'+' | b'-' => {
            let prefix_position = prev != Prev::Value;
            match c1 {
                b'=' => nests(2),
                same if same == c0 && prefix_position => nests(2),
                same if same == c0 => (2, Nests::No, Prev::Value),
                _ if prefix_position => nests(1),
                _ => plain(1),
            }
        }
        b'/' | b'%' | b'^' if c1 == b'=' => nests(2),
        b'~' => nests(1),
        b':' if label_candidate => (1, Nests::Statement, Prev::StatementStart),
        b':' => (1, Nests::No, Prev::StatementStart),
        _ => plain(1),
    }
}

fn skip_line(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &b[from..]).map_or(b.len(), |p| from + p)
}

/// Past a quoted string starting at `from` (an unterminated one ends at its line).
fn skip_string(b: &[u8], from: usize) -> usize {
    let quote = b[from];
    let mut i = from + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Past a regex literal starting at `from` (its flags are read as a word afterwards).
fn skip_regex(b: &[u8], from: usize) -> usize {
    let mut i = from + 1;
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b'[' => {
                class = true;
                i += 1;
            }
            b']' => {
                class = false;
                i += 1;
            }
            b'/' if !class => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Through template literal text from `from`: returns where it stopped and whether at a `${`
/// (true) or past the closing backtick (false).
fn skip_template(b: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return (i + 1, false),
            b'$' if b.get(i + 1) == Some(&b'{') => return (i + 2, true),
            _ => i += 1,
        }
    }
    (b.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::analyze;
    use crate::script::samples::AMD;

    fn assert_refused(name: &str, text: &str) {
        let facts = analyze(text);
        let too_deep = facts.too_deep.unwrap_or_else(|| {
            panic!("{name}: not refused ({} errors)", facts.syntax_errors.len())
        });
        assert!(too_deep.depth > MAX_NESTING, "{name}: {}", too_deep.depth);
    }

    #[test]
    fn hostile_nesting_is_refused_without_crashing() {
        const N: usize = 300_000;
        assert_refused("parens", &format!("{}1{}", "(".repeat(N), ")".repeat(N)));
        assert_refused("brackets", &"[".repeat(N));
        assert_refused("braces", &"{".repeat(N));
        assert_refused("not", &format!("{}x", "!".repeat(N)));
        assert_refused("minus", &format!("{}x", "- ".repeat(N)));
        assert_refused("typeof", &format!("{}x", "typeof ".repeat(N)));
        assert_refused("new", &format!("{}X", "new ".repeat(N)));
        assert_refused("assign", &format!("{}0", "a=".repeat(N)));
        assert_refused("conditional", &format!("{}0", "x?x:".repeat(N)));
        assert_refused("arrow", &format!("{}0", "a=>".repeat(N)));
        assert_refused("exponent", &format!("{}2", "2**".repeat(N)));
        assert_refused("if", &format!("{}x;", "if(1)".repeat(N)));
        assert_refused("else-if", &format!("if(1)x;{}", "else if(1)x;".repeat(N)));
        assert_refused("while", &format!("{}x;", "while(1)".repeat(N)));
        assert_refused("do", &format!("{}x;", "do ".repeat(N)));
        assert_refused("labels", &format!("{}x;", "a:".repeat(N)));
        assert_refused(
            "template",
            &format!("{}{}", "`${".repeat(N), "}`".repeat(N)),
        );
        assert_refused("functions", &"function f(){".repeat(N));
        assert_refused(
            "else-if with braces",
            &format!("if(1){{}}{}", "else if(1){}".repeat(N)),
        );
    }

    #[test]
    fn nesting_just_under_the_limit_parses() {
        let n = MAX_NESTING - 10;
        let facts = analyze(&format!("x={}1{};", "(".repeat(n), ")".repeat(n)));
        assert!(facts.too_deep.is_none());
        assert!(facts.parsed(), "{:?}", facts.syntax_errors.first());
        let facts = analyze(&format!("x={}1{};", "[".repeat(n), "]".repeat(n)));
        assert!(facts.parsed());
    }

    #[test]
    fn real_code_stays_shallow() {
        let text = format!(
            "{AMD}\nvar re = /[(\\[{{]/g, s = \"(((\", t = `${{a}}(((`; // (((\n/* [[[ */\n"
        );
        assert!(prescan(&text, 20).is_none());
    }
}
