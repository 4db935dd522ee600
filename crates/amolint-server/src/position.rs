//! Positions between amolint and the client: amolint counts 1-based lines and columns in
//! characters and byte offsets into a file as read (a byte order mark included); LSP counts
//! 0-based lines and columns in the negotiated encoding's code units (UTF-16 unless the client
//! offers UTF-32 or UTF-8) in the text as the editor holds it, which never has the byte order
//! mark (editors strip it on reading and write it back on saving).
//!
//! Owns those translations and nothing else.

use lsp_types::{Position, PositionEncodingKind, Range};
use std::sync::Arc;

/// The position encoding agreed with the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The client's preference among those offered (`general.positionEncodings`); UTF-16, the
    /// protocol's default, when it offers none that amolint prefers.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        // UTF-32 counts characters, as amolint does: no conversion needed at all.
        if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// A file's text as the rules read it, with where its lines start, for translating positions.
#[derive(Clone, Debug)]
pub struct LineMap {
    /// The text as checked: a leading byte order mark included.
    text: Arc<str>,
    /// 3 when the text starts with a byte order mark, else 0.
    bom: usize,
    /// Byte offsets (into the text after the byte order mark) where each line starts.
    starts: Vec<usize>,
}

impl LineMap {
    pub fn new(text: Arc<str>) -> LineMap {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![0];
        starts.extend(
            text[bom..]
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineMap { text, bom, starts }
    }

    /// The text as checked (with its byte order mark, if any).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as the editor holds it.
    pub fn client_text(&self) -> &str {
        &self.text[self.bom..]
    }

    pub fn has_bom(&self) -> bool {
        self.bom > 0
    }

    /// Line `index` (0-based) of the client text without its line break.
    fn line(&self, index: usize) -> &str {
        let text = self.client_text();
        let Some(&start) = self.starts.get(index) else {
            return "";
        };
        let end = self
            .starts
            .get(index + 1)
            .map_or(text.len(), |next| next - 1);
        let line = text.get(start..end.max(start)).unwrap_or("");
        line.strip_suffix('\r').unwrap_or(line)
    }

    /// The LSP position of byte `offset` of the checked text (clamped into the text, and onto
    /// the character it falls in).
    pub fn position_of_offset(&self, offset: usize, encoding: Encoding) -> Position {
        let text = self.client_text();
        let mut offset = offset.saturating_sub(self.bom).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = text[start..offset].chars().map(|c| encoding.units(c)).sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The LSP position of amolint's 1-based `line` and `column` (characters, counting a byte
    /// order mark on line 1 as the rules' texts do). A column past the line's end is the end.
    pub fn position_of_column(&self, line: usize, column: usize, encoding: Encoding) -> Position {
        let index = line.saturating_sub(1);
        let mut chars = column.saturating_sub(1);
        if index == 0 && self.bom > 0 {
            chars = chars.saturating_sub(1);
        }
        let character = self
            .line(index)
            .chars()
            .take(chars)
            .map(|c| encoding.units(c))
            .sum();
        Position::new(to_u32(index.min(self.starts.len() - 1)), to_u32(character))
    }

    /// The byte offset (into the checked text) of an LSP position; a position past a line's
    /// end is the line's end, one past the last line the text's end.
    pub fn offset_of(&self, position: Position, encoding: Encoding) -> usize {
        let index = position.line as usize;
        let Some(&start) = self.starts.get(index) else {
            return self.text.len();
        };
        let line = self.line(index);
        let mut units = 0;
        let mut bytes = 0;
        for c in line.chars() {
            if units >= position.character as usize {
                break;
            }
            units += encoding.units(c);
            bytes += c.len_utf8();
        }
        self.bom + start + bytes
    }

    /// The range of the whole client text.
    pub fn whole(&self, encoding: Encoding) -> Range {
        Range::new(
            Position::new(0, 0),
            self.position_of_offset(self.text.len(), encoding),
        )
    }

    /// The range of the first line, for a finding about the whole file.
    pub fn first_line(&self, encoding: Encoding) -> Range {
        let end = self.line(0).chars().map(|c| encoding.units(c)).sum();
        Range::new(Position::new(0, 0), Position::new(0, to_u32(end)))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whether `inner` lies within `outer` or touches it (a cursor at a finding's end is on it).
pub fn touches(outer: Range, inner: Range) -> bool {
    outer.start <= inner.end && inner.start <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> LineMap {
        LineMap::new(Arc::from(text))
    }

    #[test]
    fn columns_count_code_units_of_the_encoding() {
        // "é" is 2 bytes, 1 UTF-16 unit; "😀" is 4 bytes, 2 UTF-16 units, 1 character.
        let m = map("{\n  \"é😀x\": 1\r\n}");
        let x = "{\n  \"é😀".len();
        assert_eq!(
            m.position_of_offset(x, Encoding::Utf16),
            Position::new(1, 6)
        );
        assert_eq!(
            m.position_of_offset(x, Encoding::Utf32),
            Position::new(1, 5)
        );
        assert_eq!(m.position_of_offset(x, Encoding::Utf8), Position::new(1, 9));
        // amolint's column of `x` is 6 (characters, 1-based).
        assert_eq!(
            m.position_of_column(2, 6, Encoding::Utf16),
            Position::new(1, 6)
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let p = m.position_of_offset(x, encoding);
            assert_eq!(m.offset_of(p, encoding), x, "{encoding:?}");
        }
        // A `\r\n` line ends before its `\r`.
        assert_eq!(
            m.position_of_column(2, 99, Encoding::Utf16),
            Position::new(1, 11)
        );
        assert_eq!(m.whole(Encoding::Utf16).end, Position::new(2, 1));
    }

    #[test]
    fn the_byte_order_mark_is_not_in_the_editor() {
        let m = map("\u{feff}{\"a\": 1}\n");
        assert_eq!(m.client_text(), "{\"a\": 1}\n");
        // Byte 4 of the file is `"`, the editor's column 1; amolint's column 3 (BOM counted).
        assert_eq!(
            m.position_of_offset(4, Encoding::Utf16),
            Position::new(0, 1)
        );
        assert_eq!(
            m.position_of_column(1, 3, Encoding::Utf16),
            Position::new(0, 1)
        );
        assert_eq!(m.offset_of(Position::new(0, 1), Encoding::Utf16), 4);
        assert_eq!(
            m.position_of_offset(0, Encoding::Utf16),
            Position::new(0, 0)
        );
    }

    #[test]
    fn offsets_out_of_range_are_clamped() {
        let m = map("ab\ncd");
        assert_eq!(
            m.position_of_offset(99, Encoding::Utf16),
            Position::new(1, 2)
        );
        assert_eq!(m.offset_of(Position::new(7, 0), Encoding::Utf16), 5);
        assert_eq!(m.offset_of(Position::new(0, 9), Encoding::Utf16), 2);
        assert_eq!(
            m.position_of_column(9, 1, Encoding::Utf16),
            Position::new(1, 0)
        );
        let m = map("é");
        assert_eq!(
            m.position_of_offset(1, Encoding::Utf16),
            Position::new(0, 0)
        );
    }
}
