//! Byte spans in a text file and their translation to 1-based line and column.
//!
//! Owns only positions: a [`Span`] is a half-open byte range into one file's text, and a
//! [`LineIndex`] turns a byte offset into a [`Position`] whose column counts characters (not
//! bytes), as editors, GitHub annotations and SARIF `region`s expect. It knows nothing of JSON or
//! rules.

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
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// `(offset, column)` every [`CHECKPOINT_BYTES`] or so within a line, sorted by offset:
    /// `column` counts the characters from the start of the offset's line.
    checkpoints: Vec<(usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        let mut checkpoints = Vec::new();
        let mut last_mark = 0;
        let mut column = 0;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
                last_mark = i + 1;
                column = 0;
                continue;
            }
            // Continuation bytes of a multi-byte character neither start a character nor
            // give a boundary to put a checkpoint on.
            if b & 0xC0 != 0x80 {
                if i - last_mark >= CHECKPOINT_BYTES {
                    checkpoints.push((i, column));
                    last_mark = i;
                }
                column += 1;
            }
        }
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    /// The position of byte `offset` in `text` (the text this index was built from). Offsets past
    /// the end, or inside a multi-byte character, are clamped to the nearest character boundary
    /// before them, so a position is always defined.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line).copied().unwrap_or(0);
        // The last checkpoint at or before `offset`, if it is on the same line.
        let after = self.checkpoints.partition_point(|(at, _)| *at <= offset);
        let (from, base) = match after.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
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
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let mut end = self
            .line_starts
            .get(line)
            .map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(Span::new(start, end))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
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
        assert!(index.checkpoints.len() > 10);
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

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "ж";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 99), Position { line: 1, column: 2 });
    }
}
