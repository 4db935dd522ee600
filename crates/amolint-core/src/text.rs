//! Byte spans in a text file and their translation to 1-based line and column.
//!
//! Owns only positions: a [`Span`] is a half-open byte range into one file's text, and a
//! [`LineIndex`] turns a byte offset into a [`Position`] whose column counts characters (not
//! bytes), as editors, GitHub annotations and SARIF `region`s expect. It knows nothing of JSON or
//! rules.

use std::sync::OnceLock;

/// A half-open byte range `start..end` into one file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset`, for findings that point at a place rather than a range.
    pub const fn at(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Bytes between two column checkpoints on one line. Small enough that turning an offset into a
/// column counts at most this many bytes; large enough that the checkpoints of a text cost a
/// fraction of a percent of its size.
const CHECKPOINT_BYTES: usize = 4096;

/// Where each line starts, and column checkpoints inside long lines, so that offsets can be
/// turned into positions without rescanning. Without the checkpoints, every position on a
/// minified file that is one 10 MB line would count up to 10 MB of characters, and a few
/// thousand findings on it would take minutes.
///
/// An index made with [`LineIndex::lazy`] is built on first use, from the text that use passes
/// in: every text file a widget reads gets one, and most are never asked for a position
/// (building them all was about 8% of a bulk audit).
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    table: OnceLock<Table>,
}

#[derive(Clone, Debug, Default)]
struct Table {
    line_starts: Vec<usize>,
    /// `(offset, column)` every [`CHECKPOINT_BYTES`] or so within a line, sorted by offset:
    /// `column` counts the characters from the start of the offset's line.
    checkpoints: Vec<(usize, usize)>,
}

impl Table {
    fn build(text: &str) -> Table {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut checkpoints = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]) {
            // Only a line longer than one checkpoint's distance gets checkpoints.
            if end - start > CHECKPOINT_BYTES {
                line_checkpoints(bytes, start, end, &mut checkpoints);
            }
            if end < bytes.len() {
                line_starts.push(end + 1);
            }
            start = end + 1;
        }
        Table {
            line_starts,
            checkpoints,
        }
    }
}

/// The checkpoints of the line `bytes[start..end]`: one at the first character boundary at
/// least [`CHECKPOINT_BYTES`] past the previous one (or the line's start).
fn line_checkpoints(bytes: &[u8], start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut last_mark = start;
    let mut column = 0;
    for (i, &b) in bytes.iter().enumerate().take(end).skip(start) {
        // Continuation bytes of a multi-byte character neither start a character nor give
        // a boundary to put a checkpoint on.
        if b & 0xC0 != 0x80 {
            if i - last_mark >= CHECKPOINT_BYTES {
                out.push((i, column));
                last_mark = i;
            }
            column += 1;
        }
    }
}

impl LineIndex {
    /// The index of `text`, built now.
    pub fn new(text: &str) -> Self {
        let index = LineIndex::lazy();
        index.table(text);
        index
    }

    /// An index built the first time it is used. Every later call must pass the same text.
    pub fn lazy() -> Self {
        LineIndex::default()
    }

    fn table(&self, text: &str) -> &Table {
        self.table.get_or_init(|| Table::build(text))
    }

    /// The position of byte `offset` in `text` (the text this index was built from). Offsets past
    /// the end, or inside a multi-byte character, are clamped to the nearest character boundary
    /// before them, so a position is always defined.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let table = self.table(text);
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match table.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = table.line_starts.get(line).copied().unwrap_or(0);
        // The last checkpoint at or before `offset`, if it is on the same line.
        let after = table.checkpoints.partition_point(|(at, _)| *at <= offset);
        let (from, base) = match after.checked_sub(1).and_then(|i| table.checkpoints.get(i)) {
            Some(&(at, column)) if at >= line_start => (at, column),
            _ => (line_start, 0),
        };
        let column = text.get(from..offset).map_or(0, |s| s.chars().count()) + base + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte range of 1-based `line`, without its line terminator.
    pub fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let table = self.table(text);
        let start = *table.line_starts.get(line.checked_sub(1)?)?;
        let mut end = table
            .line_starts
            .get(line)
            .map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(Span::new(start, end))
    }

    /// How many lines `text` has (one more than its line feeds), without building the index.
    pub fn line_count(&self, text: &str) -> usize {
        match self.table.get() {
            Some(table) => table.line_starts.len(),
            None => memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1,
        }
    }
}

/// The largest character boundary of `text` at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "{\n  \"имя\": 1\r\n}";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        let colon = text.find(':').unwrap();
        assert_eq!(index.position(text, colon), Position { line: 2, column: 8 });
        assert_eq!(
            index.position(text, text.len()),
            Position { line: 3, column: 2 }
        );
        assert_eq!(index.line_span(text, 2), Some(Span::new(2, 15)));
        assert_eq!(&text[2..15], "  \"имя\": 1");
    }

    #[test]
    fn columns_on_long_lines_match_a_plain_count() {
        // Multi-byte characters straddle the checkpoints, and a second long line follows.
        let line = "aж😀".repeat(5000);
        let text = format!("{line}\n{line}");
        let index = LineIndex::new(&text);
        assert!(index.table(&text).checkpoints.len() > 10);
        for offset in (0..text.len()).step_by(997).chain([text.len()]) {
            let offset = floor_char_boundary(&text, offset);
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = Position {
                line: if offset > line.len() { 2 } else { 1 },
                column: text[line_start..offset].chars().count() + 1,
            };
            assert_eq!(index.position(&text, offset), expected, "offset {offset}");
        }
    }

    /// The index a byte at a time, as it was built before lines were found with `memchr`.
    fn naive(text: &str) -> Table {
        let mut line_starts = vec![0];
        let mut checkpoints = Vec::new();
        let (mut last_mark, mut column) = (0, 0);
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
                (last_mark, column) = (i + 1, 0);
            } else if b & 0xC0 != 0x80 {
                if i - last_mark >= CHECKPOINT_BYTES {
                    checkpoints.push((i, column));
                    last_mark = i;
                }
                column += 1;
            }
        }
        Table {
            line_starts,
            checkpoints,
        }
    }

    #[test]
    fn lazy_and_eager_indexes_agree_with_a_byte_by_byte_build() {
        let long = "aж😀".repeat(3000);
        let texts = [
            String::new(),
            "\n".to_string(),
            "a\nb\n".to_string(),
            "a\r\n\r\nb".to_string(),
            format!("{long}\n{long}\n"),
            format!("x\n{}\n{long}", "y".repeat(CHECKPOINT_BYTES)),
            format!(
                "{}\n{}",
                "z".repeat(CHECKPOINT_BYTES + 1),
                "é".repeat(CHECKPOINT_BYTES)
            ),
        ];
        for text in &texts {
            let expected = naive(text);
            let eager = LineIndex::new(text);
            let lazy = LineIndex::lazy();
            assert_eq!(
                lazy.line_count(text),
                expected.line_starts.len(),
                "{text:?}"
            );
            assert!(lazy.table.get().is_none(), "counting lines builds nothing");
            for index in [&eager, &lazy] {
                let table = index.table(text);
                assert_eq!(table.line_starts, expected.line_starts);
                assert_eq!(table.checkpoints, expected.checkpoints);
                assert_eq!(index.line_count(text), expected.line_starts.len());
            }
        }
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "ж";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 99), Position { line: 1, column: 2 });
    }
}
