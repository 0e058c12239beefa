//! Positions as the client counts them. LSP addresses text by line and character, where a
//! "character" is a UTF-8 byte or a UTF-16 code unit, as negotiated at initialisation (a
//! client offering only UTF-32 gets UTF-16, which every client must support); pyexpert works in byte offsets of the decoded text. Lines end at
//! `\n`, `\r\n` or a lone `\r`, as both LSP and Python say.
//!
//! Offsets that fall outside the text or the line are clamped (the end of the line, the end
//! of the text), as the protocol asks of positions past a line's end.

use lsp_types::{Position, PositionEncodingKind, Range};
use rustpython_parser::text_size::{TextRange, TextSize};

/// How the client counts characters within a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// The protocol's default.
    #[default]
    Utf16,
}

impl Encoding {
    /// The encoding to use of those a client offers (`general.positionEncodings`): UTF-8
    /// when offered (no conversion at all), else UTF-16, which every client supports.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, character: char) -> usize {
        match self {
            Encoding::Utf8 => character.len_utf8(),
            Encoding::Utf16 => character.len_utf16(),
        }
    }
}

/// Where each line of a text starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut at = 0;
        while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[at..]) {
            let position = at + found;
            let next = if bytes[position] == b'\r' && bytes.get(position + 1) == Some(&b'\n') {
                position + 2
            } else {
                position + 1
            };
            starts.push(next);
            at = next;
        }
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of line `line` (0-based) without its line break; empty past the end.
    pub fn line_range(&self, line: usize, text: &str) -> std::ops::Range<usize> {
        let Some(&start) = self.starts.get(line) else {
            return text.len()..text.len();
        };
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The byte offset of `position`, clamped to its line and to the text.
    pub fn offset(&self, position: Position, text: &str, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let range = self.line_range(line, text);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (index, character) in text[range.clone()].char_indices() {
            if counted >= wanted {
                return range.start + index;
            }
            counted += encoding.width(character);
        }
        range.end
    }

    /// The position of byte `offset` (moved back to a character boundary if inside one).
    pub fn position(&self, offset: usize, text: &str, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => text[start..offset].encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, range: TextRange, text: &str, encoding: Encoding) -> Range {
        Range::new(
            self.position(usize::from(range.start()), text, encoding),
            self.position(usize::from(range.end()), text, encoding),
        )
    }

    /// The byte range of an LSP range (start and end swapped if given backwards).
    pub fn text_range(&self, range: Range, text: &str, encoding: Encoding) -> TextRange {
        let start = self.offset(range.start, text, encoding);
        let end = self.offset(range.end, text, encoding);
        let (start, end) = (start.min(end), start.max(end));
        TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a = 1\r\ns = \"😀 漢字 é\"\tx\rlast";

    #[test]
    fn lines_end_at_every_kind_of_break() {
        let index = LineIndex::new(TEXT);
        assert_eq!(index.line_count(), 3);
        assert_eq!(&TEXT[index.line_range(0, TEXT)], "a = 1");
        assert_eq!(&TEXT[index.line_range(2, TEXT)], "last");
        assert_eq!(index.line_range(9, TEXT), TEXT.len()..TEXT.len());
    }

    #[test]
    fn characters_count_in_the_negotiated_unit() {
        let index = LineIndex::new(TEXT);
        let x = TEXT.find('x').unwrap();
        // `s = "` is 5, the emoji 2 UTF-16 units (4 bytes), then ` 漢字 ` 4 characters of
        // 1 unit (8 bytes), the precomposed `é` 1 (2 bytes), `"` and the tab 1 each.
        assert_eq!(
            index.position(x, TEXT, Encoding::Utf16),
            Position::new(1, 14)
        );
        assert_eq!(
            index.position(x, TEXT, Encoding::Utf8),
            Position::new(1, (x - index.line_range(1, TEXT).start) as u32)
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let position = index.position(x, TEXT, encoding);
            assert_eq!(index.offset(position, TEXT, encoding), x, "{encoding:?}");
        }
    }

    #[test]
    fn combining_marks_are_characters_of_their_own() {
        let text = "e\u{301}x";
        let index = LineIndex::new(text);
        assert_eq!(
            index.position(3, text, Encoding::Utf16),
            Position::new(0, 2)
        );
        assert_eq!(index.offset(Position::new(0, 1), text, Encoding::Utf16), 1);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let index = LineIndex::new(TEXT);
        let line_end = index.line_range(0, TEXT).end;
        assert_eq!(
            index.offset(Position::new(0, 99), TEXT, Encoding::Utf16),
            line_end
        );
        assert_eq!(
            index.offset(Position::new(7, 0), TEXT, Encoding::Utf16),
            TEXT.len()
        );
        // The middle of a surrogate pair rounds up to the character's end.
        let emoji = TEXT.find('😀').unwrap();
        let inside = index.offset(Position::new(1, 6), TEXT, Encoding::Utf16);
        assert_eq!(inside, emoji + 4);
    }

    #[test]
    fn negotiation_prefers_utf8_and_defaults_to_utf16() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let utf32 = [PositionEncodingKind::UTF32];
        assert_eq!(Encoding::negotiate(Some(&utf32)), Encoding::Utf16);
    }
}
