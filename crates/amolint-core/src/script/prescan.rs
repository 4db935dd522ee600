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
use super::metrics::is_ident_byte;
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

/// Words the parser recurses through as prefix operators.
const PREFIX_WORDS: [&str; 6] = ["typeof", "void", "delete", "await", "new", "yield"];
/// Keywords after which an expression (so a regex) may start.
const OPERATOR_WORDS: [&str; 9] = [
    "return",
    "throw",
    "case",
    "else",
    "in",
    "of",
    "instanceof",
    "do",
    "extends",
];

/// A rough tokenizer that estimates how deep the parser will recurse: bracket depth plus the
/// statements and operators that nest without brackets. It skips strings, comments, regex and
/// template literals approximately. Returns the deepest nesting and where it first went over
/// `limit`, when it did.
pub(super) fn prescan(text: &str, limit: usize) -> Option<TooDeep> {
    let b = text.as_bytes();
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
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            i = skip_line(b, i);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = text
                .get(i + 2..)
                .and_then(|rest| rest.find("*/"))
                .map_or(b.len(), |p| i + 2 + p + 2);
            continue;
        }
        let at = i;
        // A word, when this token is one.
        let word_end = if is_ident_start(c) {
            let mut end = i + 1;
            while end < b.len() && is_ident_byte_or_escape(b[end]) {
                end += 1;
            }
            Some(end)
        } else {
            None
        };
        // A word that cannot be a keyword is compared with none of them: most words are plain
        // identifiers, and this runs for every one. `""` is no keyword.
        let word = word_end
            .and_then(|end| text.get(i..end))
            .filter(|_| prev != Prev::Dot)
            .map(|w| if maybe_keyword(w) { w } else { "" });
        // A statement ends at `;` or `}` unless the next token continues it.
        let mut while_tail = false;
        if let Some(kind) = boundary.take() {
            let continues = match word {
                Some("else" | "catch" | "finally") => true,
                Some("while") if s.level.pending_do > 0 => {
                    s.level.pending_do -= 1;
                    while_tail = true;
                    true
                }
                Some("instanceof" | "in" | "of") => kind == Boundary::Brace,
                _ => false,
            };
            let starts_statement =
                word_end.is_some() || c.is_ascii_digit() || matches!(c, b'"' | b'\'' | b'`' | b'{');
            if !continues && (kind == Boundary::Semicolon || starts_statement) {
                s.level.statements = 0;
                s.level.operators = 0;
            }
        }
        let was_label_candidate = std::mem::take(&mut label_candidate);
        if let Some(end) = word_end {
            i = end;
            match word {
                None => prev = Prev::Value, // a property name after `.`
                Some("if" | "for" | "with") => {
                    s.level.statements += 1;
                    s.check(at);
                    prev = Prev::Operator;
                }
                Some("while") => {
                    if !while_tail {
                        s.level.statements += 1;
                        s.check(at);
                    }
                    prev = Prev::Operator;
                }
                Some("do") => {
                    s.level.statements += 1;
                    s.level.pending_do += 1;
                    s.check(at);
                    prev = Prev::Operator;
                }
                Some(w) if PREFIX_WORDS.contains(&w) => {
                    s.level.operators += 1;
                    s.check(at);
                    prev = Prev::Operator;
                }
                Some(w) if OPERATOR_WORDS.contains(&w) => prev = Prev::Operator,
                Some(_) => {
                    label_candidate = prev == Prev::StatementStart;
                    prev = Prev::Value;
                }
            }
            continue;
        }
        match c {
            b'\'' | b'"' => {
                i = skip_string(b, i);
                prev = Prev::Value;
            }
            b'`' => {
                let (end, interpolation) = skip_template(b, i + 1);
                i = end;
                if interpolation {
                    s.push(true, at);
                    prev = Prev::Operator;
                } else {
                    prev = Prev::Value;
                }
            }
            b'/' if matches!(prev, Prev::StatementStart | Prev::Operator) => {
                i = skip_regex(b, i);
                prev = Prev::Value;
            }
            b'0'..=b'9' => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'_')) {
                    i += 1;
                }
                prev = Prev::Value;
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'_')) {
                    i += 1;
                }
                prev = Prev::Value;
            }
            b'(' | b'[' | b'{' => {
                i += 1;
                s.push(false, at);
                prev = if c == b'{' {
                    Prev::StatementStart
                } else {
                    Prev::Operator
                };
            }
            b')' | b']' => {
                i += 1;
                s.pop();
                prev = Prev::Value;
            }
            b'}' => {
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
            b';' => {
                i += 1;
                boundary = Some(Boundary::Semicolon);
                prev = Prev::StatementStart;
            }
            b',' => {
                i += 1;
                s.level.operators = 0;
                prev = Prev::Operator;
            }
            // Member access, the commonest punctuator: what `punctuator` returns for a lone `.`
            // (a digit after it was taken as a number above; `...` is a spread).
            b'.' if b.get(i + 1) != Some(&b'.') => {
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
        span: Span::new(at, (at + 1).min(b.len())),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Nests {
    No,
    Operator,
    Statement,
}

/// The punctuator at the start of `rest`: its length, whether the parser recurses through it,
/// and what it lets the next token be.
fn punctuator(rest: &[u8], prev: Prev, label_candidate: bool) -> (usize, Nests, Prev) {
    // The candidates for the first byte, in the order of a longest-first list of every
    // punctuator: this runs for most tokens of the file, so it must not try them all.
    let candidates: &[&[u8]] = match rest.first() {
        Some(b'>') => &[b">>>=", b">>=", b">>>", b">=", b">>"],
        Some(b'.') => &[b"...", b"."],
        Some(b'=') => &[b"===", b"=>", b"==", b"="],
        Some(b'!') => &[b"!==", b"!=", b"!"],
        Some(b'*') => &[b"**=", b"**", b"*=", b"*"],
        Some(b'<') => &[b"<<=", b"<=", b"<<", b"<"],
        Some(b'&') => &[b"&&=", b"&&", b"&="],
        Some(b'|') => &[b"||=", b"||", b"|="],
        Some(b'?') => &[b"??=", b"??", b"?.", b"?"],
        Some(b'+') => &[b"++", b"+=", b"+"],
        Some(b'-') => &[b"--", b"-=", b"-"],
        Some(b'/') => &[b"/="],
        Some(b'%') => &[b"%=", b"%"],
        Some(b'^') => &[b"^="],
        Some(b'~') => &[b"~"],
        Some(b':') => &[b":"],
        _ => &[],
    };
    let token: &[u8] = candidates
        .iter()
        .find(|p| rest.starts_with(p))
        .copied()
        .unwrap_or(&rest[..1]);
    // `a?.5:b` is a conditional, not optional chaining.
    let token: &[u8] = if token == b"?." && rest.get(2).is_some_and(u8::is_ascii_digit) {
        b"?"
    } else {
        token
    };
    let len = token.len();
    let prefix_position = prev != Prev::Value;
    match token {
        b"=" | b"+=" | b"-=" | b"*=" | b"/=" | b"%=" | b"**=" | b"<<=" | b">>=" | b">>>="
        | b"&=" | b"|=" | b"^=" | b"&&=" | b"||=" | b"??=" | b"=>" | b"?" | b"**" | b"!" | b"~" => {
            (len, Nests::Operator, Prev::Operator)
        }
        b"+" | b"-" | b"++" | b"--" if prefix_position => (len, Nests::Operator, Prev::Operator),
        b"++" | b"--" => (len, Nests::No, Prev::Value),
        b":" if label_candidate => (len, Nests::Statement, Prev::StatementStart),
        b":" => (len, Nests::No, Prev::StatementStart),
        b"." | b"?." => (len, Nests::No, Prev::Dot),
        _ => (len, Nests::No, Prev::Operator),
    }
}

/// True unless `word` is certainly none of the keywords the pre-scan looks at (all 2 to 10
/// lower-case letters, starting with one of these).
fn maybe_keyword(word: &str) -> bool {
    (2..=10).contains(&word.len())
        && matches!(
            word.as_bytes()[0],
            b'a' | b'c'
                | b'd'
                | b'e'
                | b'f'
                | b'i'
                | b'n'
                | b'o'
                | b'r'
                | b't'
                | b'v'
                | b'w'
                | b'y'
        )
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'_' | b'$' | b'\\' | b'#') || c >= 0x80
}

fn is_ident_byte_or_escape(c: u8) -> bool {
    is_ident_byte(c) || c == b'\\'
}

fn skip_line(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|c| *c == b'\n')
        .map_or(b.len(), |p| from + p)
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
