//! Turning a file's bytes into text the way CPython does (UTF-8 BOM, PEP 263 coding
//! cookie), and mapping byte offsets in that text to lines and columns.

use rustpython_parser::text_size::{TextRange, TextSize};

use crate::diagnostic::Location;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a file's bytes are not Python source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte: CPython refuses such files, and they are almost always binaries.
    NulByte { offset: usize },
    /// The bytes are not valid in the declared (or default UTF-8) encoding.
    Invalid { encoding: String, offset: usize },
    /// The coding cookie names an encoding nobody knows.
    UnknownEncoding { name: String },
    /// A UTF-8 byte-order mark together with a cookie declaring something else.
    BomMismatch { declared: String },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NulByte { .. } => {
                f.write_str("the file contains a NUL byte: it is binary, not Python source")
            }
            DecodeError::Invalid { encoding, .. } => write!(
                f,
                "the file is not valid {encoding}: a byte here starts no {encoding} character"
            ),
            DecodeError::UnknownEncoding { name } => {
                write!(f, "the coding cookie names an unknown encoding `{name}`")
            }
            DecodeError::BomMismatch { declared }
                if matches!(Codec::from_cookie(declared), Some(Codec::Utf8)) =>
            {
                write!(
                    f,
                    "the file starts with a UTF-8 byte-order mark and its coding cookie spells the encoding `{declared}`; beside a byte-order mark Python accepts only `utf-8`"
                )
            }
            DecodeError::BomMismatch { declared } => write!(
                f,
                "the file starts with a UTF-8 byte-order mark but its coding cookie declares `{declared}`"
            ),
        }
    }
}

/// Decodes Python source bytes into text. The returned text never contains the BOM, so byte
/// offsets from the parser index straight into it.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(offset) = memchr_nul(bytes) {
        return Err(DecodeError::NulByte { offset });
    }
    let (has_bom, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let cookie = coding_cookie(body);
    if has_bom
        && cookie
            .as_deref()
            .is_some_and(|name| !names_utf8_exactly(name))
    {
        return Err(DecodeError::BomMismatch {
            declared: cookie.unwrap_or_default(),
        });
    }
    match cookie.as_deref().map(Codec::from_cookie) {
        None | Some(Some(Codec::Utf8)) => decode_utf8(body),
        Some(_) if has_bom => Err(DecodeError::BomMismatch {
            declared: cookie.unwrap_or_default(),
        }),
        Some(Some(Codec::Latin1)) => Ok(body.iter().map(|&b| char::from(b)).collect()),
        Some(Some(Codec::Ascii)) => match body.iter().position(|b| !b.is_ascii()) {
            Some(offset) => Err(DecodeError::Invalid {
                encoding: "ascii".into(),
                offset,
            }),
            None => Ok(String::from_utf8(body.to_vec()).expect("ASCII is UTF-8")),
        },
        Some(Some(Codec::Other(encoding))) => {
            let (text, had_errors) = encoding.decode_without_bom_handling(body);
            if had_errors {
                let offset = first_invalid_offset(encoding, body);
                return Err(DecodeError::Invalid {
                    encoding: encoding.name().to_ascii_lowercase(),
                    offset,
                });
            }
            Ok(text.into_owned())
        }
        Some(None) => Err(DecodeError::UnknownEncoding {
            name: cookie.unwrap_or_default(),
        }),
    }
}

/// Beside a byte-order mark CPython accepts only a cookie that its tokenizer normalises to
/// `utf-8` (any case, `_` for `-`, and `utf-8-...` such as `utf-8-sig`): `utf8` is refused
/// ("encoding problem: utf-8") though it means the same.
fn names_utf8_exactly(name: &str) -> bool {
    let normal = name.to_ascii_lowercase().replace('_', "-");
    normal == "utf-8" || normal.starts_with("utf-8-")
}

/// Where in the file a decoding error is: the 1-based line (lines end at `\n`, `\r\n` or
/// `\r`, as in Python) and the character column of the offending byte, counted in what
/// decodes before it. Errors about the file as a whole (an unknown cookie) are at 1:1.
pub fn error_location(bytes: &[u8], error: &DecodeError) -> Location {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let (text, offset, encoding) = match error {
        // Found before the byte-order mark was stripped.
        DecodeError::NulByte { offset } => (bytes, *offset, None),
        DecodeError::Invalid { encoding, offset } => (body, *offset, Some(encoding.as_str())),
        _ => return Location { line: 1, column: 1 },
    };
    let prefix = &text[..offset.min(text.len())];
    let mut line = 1;
    let mut line_start = 0;
    for (at, &byte) in prefix.iter().enumerate() {
        let ends_line = byte == b'\n' || (byte == b'\r' && prefix.get(at + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = at + 1;
        }
    }
    let on_line = &prefix[line_start..];
    let characters = match encoding
        .filter(|name| *name != "utf-8")
        .and_then(|name| encoding_rs::Encoding::for_label(name.as_bytes()))
    {
        Some(encoding) => encoding
            .decode_without_bom_handling(on_line)
            .0
            .chars()
            .count(),
        None => String::from_utf8_lossy(on_line).chars().count(),
    };
    Location {
        line,
        column: characters as u32 + 1,
    }
}

/// Encodes `text` (a piece of a file's new contents, without BOM) the way the file whose
/// bytes are `original` is encoded: its PEP 263 cookie's codec, else UTF-8. `Err` names the
/// encoding when it has no bytes for a character of `text`.
pub fn encode_like(original: &[u8], text: &str) -> Result<Vec<u8>, String> {
    let body = original.strip_prefix(UTF8_BOM).unwrap_or(original);
    let cookie = coding_cookie(body);
    let unrepresentable = |encoding: &str| {
        format!("the new text has characters that {encoding} (the file's encoding) cannot hold")
    };
    match cookie.as_deref().map(Codec::from_cookie) {
        None | Some(Some(Codec::Utf8)) => Ok(text.as_bytes().to_vec()),
        Some(Some(Codec::Latin1)) => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).map_err(|_| unrepresentable("latin-1")))
            .collect(),
        Some(Some(Codec::Ascii)) if text.is_ascii() => Ok(text.as_bytes().to_vec()),
        Some(Some(Codec::Ascii)) => Err(unrepresentable("ascii")),
        Some(Some(Codec::Other(encoding))) => {
            let (bytes, _, had_errors) = encoding.encode(text);
            if had_errors {
                return Err(unrepresentable(&encoding.name().to_ascii_lowercase()));
            }
            Ok(bytes.into_owned())
        }
        Some(None) => Err(format!(
            "the coding cookie names an unknown encoding `{}`",
            cookie.unwrap_or_default()
        )),
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn decode_utf8(body: &[u8]) -> Result<String, DecodeError> {
    String::from_utf8(body.to_vec()).map_err(|err| DecodeError::Invalid {
        encoding: "utf-8".into(),
        offset: err.utf8_error().valid_up_to(),
    })
}

fn first_invalid_offset(encoding: &'static encoding_rs::Encoding, body: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len() * 4);
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => read - bad as usize - after as usize,
        _ => body.len(),
    }
}

enum Codec {
    Utf8,
    Latin1,
    Ascii,
    Other(&'static encoding_rs::Encoding),
}

impl Codec {
    /// Maps a cookie's encoding name to a codec, following Python's codec aliases for the
    /// common names and the WHATWG label table for the rest. Python's `latin-1` is true
    /// ISO-8859-1, which WHATWG would silently turn into windows-1252, so it is handled here.
    fn from_cookie(name: &str) -> Option<Codec> {
        let normalized = name.to_ascii_lowercase().replace('_', "-");
        let codec = match normalized.as_str() {
            "utf-8" | "utf8" | "u8" | "utf" | "utf-8-sig" | "cp65001" => Codec::Utf8,
            "latin-1" | "latin1" | "l1" | "iso-8859-1" | "iso8859-1" | "iso-latin-1" | "8859"
            | "cp819" | "latin" => Codec::Latin1,
            "ascii" | "us-ascii" | "646" => Codec::Ascii,
            other => {
                let label = python_alias_to_whatwg(other);
                Codec::Other(encoding_rs::Encoding::for_label(label.as_bytes())?)
            }
        };
        Some(codec)
    }
}

/// Python spells a few encodings differently from the WHATWG labels encoding_rs knows.
fn python_alias_to_whatwg(name: &str) -> String {
    if let Some(number) = name.strip_prefix("cp") {
        if let Ok(n) = number.parse::<u32>() {
            if (1250..=1258).contains(&n) {
                return format!("windows-{n}");
            }
            if n == 932 {
                return "shift_jis".into();
            }
            if n == 936 {
                return "gbk".into();
            }
            if n == 950 {
                return "big5".into();
            }
            if n == 866 {
                return "ibm866".into();
            }
        }
    }
    match name {
        "sjis" | "shift-jis" | "s-jis" => "shift_jis".into(),
        "eucjp" | "euc-jp" | "ujis" => "euc-jp".into(),
        "euckr" | "euc-kr" => "euc-kr".into(),
        "koi8-r" | "koi8r" => "koi8-r".into(),
        "koi8-u" | "koi8u" => "koi8-u".into(),
        other => other.replacen("iso8859-", "iso-8859-", 1),
    }
}

/// Finds a PEP 263 coding cookie: `coding[:=]\s*([-\w.]+)` in a comment on line 1, or on
/// line 2 when line 1 is blank or only a comment (as CPython's tokenizer does).
fn coding_cookie(body: &[u8]) -> Option<String> {
    let mut lines = body.split(|&b| b == b'\n');
    let first = lines.next()?;
    if let Some(name) = cookie_in_line(first) {
        return Some(name);
    }
    if !line_is_blank_or_comment(first) {
        return None;
    }
    lines.next().and_then(cookie_in_line)
}

fn line_is_blank_or_comment(line: &[u8]) -> bool {
    let trimmed = trim_leading_space(line);
    trimmed.is_empty() || trimmed[0] == b'#' || trimmed == b"\r"
}

fn trim_leading_space(line: &[u8]) -> &[u8] {
    let start = line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
        .unwrap_or(line.len());
    &line[start..]
}

fn cookie_in_line(line: &[u8]) -> Option<String> {
    let comment = trim_leading_space(line);
    if comment.first() != Some(&b'#') {
        return None;
    }
    let at = find(comment, b"coding")?;
    let rest = &comment[at + b"coding".len()..];
    let rest = match rest.first() {
        Some(b':' | b'=') => &rest[1..],
        _ => return cookie_in_line_after(comment, at),
    };
    let rest = &rest[rest
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(rest.len())..];
    let len = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
        .unwrap_or(rest.len());
    (len > 0).then(|| String::from_utf8_lossy(&rest[..len]).into_owned())
}

/// `coding` may appear more than once (`# decoding coding: latin-1`): retry after the first.
fn cookie_in_line_after(comment: &[u8], at: usize) -> Option<String> {
    let mut rebuilt = vec![b'#'];
    rebuilt.extend_from_slice(&comment[at + 1..]);
    cookie_in_line(&rebuilt)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Line starts of a text, built only for files that have something to report.
/// Python ends lines at `\n`, `\r\n` and a lone `\r`; so does this index.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        let mut skip_newline_at = usize::MAX;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if i == skip_newline_at {
                // The `\n` of a `\r\n` pair: the line started after the pair.
                continue;
            }
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                skip_newline_at = i + 1;
                starts.push((i + 2) as u32);
            } else {
                starts.push((i + 1) as u32);
            }
        }
        LineIndex { starts }
    }

    /// Number of lines (a final line terminator does not start another line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_of(&self, offset: TextSize) -> usize {
        let offset = u32::from(offset);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line] as usize
    }

    /// Byte offset just past 0-based `line`, its line terminator included.
    pub fn line_end_with_terminator(&self, line: usize, text: &str) -> usize {
        self.starts
            .get(line + 1)
            .map_or(text.len(), |&next| next as usize)
    }

    /// Byte range of 0-based `line`, without its line terminator.
    pub fn line_range(&self, line: usize, text: &str) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next as usize);
        let content = &text[start..end];
        let trimmed = content.trim_end_matches(['\n', '\r']);
        start..start + trimmed.len()
    }

    /// 1-based line and character column of a byte offset. An offset inside a character
    /// counts as that character's start.
    pub fn location(&self, offset: TextSize, text: &str) -> Location {
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let offset = floor_char_boundary(text, u32::from(offset) as usize).max(start);
        let column = text[start..offset].chars().count() + 1;
        Location {
            line: line as u32 + 1,
            column: column as u32,
        }
    }
}

/// The nearest character boundary of `text` at or before `offset` (at most the text's end).
/// Offsets come from the parser, rules and the comment scanner; whatever one of them gets
/// wrong, slicing the text by it must not panic.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The nearest character boundary of `text` at or after `offset` (at most the text's end).
pub fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// `range` widened to whole characters of `text` and kept inside it: what a diagnostic may
/// point at.
pub fn whole_characters(text: &str, range: TextRange) -> TextRange {
    let (start, end) = (
        u32::from(range.start()) as usize,
        u32::from(range.end()) as usize,
    );
    let start = floor_char_boundary(text, start);
    let end = ceil_char_boundary(text, end).max(start);
    TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32))
}

/// 1-based line number of a byte offset. Builds a line index, so it is meant for the rare
/// message that names another line, not for hot paths.
pub fn line_number(text: &str, offset: TextSize) -> usize {
    LineIndex::new(text).line_of(offset) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_errors_have_a_line_and_column() {
        let at = |bytes: &[u8]| {
            let error = decode(bytes).unwrap_err();
            let location = error_location(bytes, &error);
            (location.line, location.column)
        };
        assert_eq!(at(b"x = '\xc3\x28'\n"), (1, 6));
        assert_eq!(at(b"a = 1\r\nb = '\xe9t\xe9'\n"), (2, 6));
        assert_eq!(at(b"\xef\xbb\xbfs = '\xc3\xa9\xff'"), (1, 7));
        assert_eq!(at(b"one\rtwo\x00"), (2, 4));
        assert_eq!(at(b"# coding: klingon\n"), (1, 1));
    }

    #[test]
    fn plain_utf8_and_bom() {
        assert_eq!(decode(b"x = 1\n").unwrap(), "x = 1\n");
        assert_eq!(
            decode(b"\xEF\xBB\xBFx = '\xC3\xA9'\n").unwrap(),
            "x = 'é'\n"
        );
    }

    #[test]
    fn latin1_cookie_on_first_or_second_line() {
        let text = decode(b"# -*- coding: latin-1 -*-\nname = '\xE9'\n").unwrap();
        assert!(text.ends_with("name = 'é'\n"));
        let text =
            decode(b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nx='\xFF'\n")
                .unwrap();
        assert!(text.ends_with("x='ÿ'\n"));
    }

    #[test]
    fn cookie_on_line_two_ignored_after_code() {
        let err = decode(b"x = 1\n# coding: latin-1\ny = '\xE9'\n").unwrap_err();
        assert!(matches!(err, DecodeError::Invalid { .. }));
    }

    #[test]
    fn other_encodings_through_labels() {
        let text = decode(b"# coding: cp1252\ns = '\x80'\n").unwrap();
        assert!(text.contains('€'));
        let text = decode(b"# coding=koi8-r\ns = '\xC1'\n").unwrap();
        assert!(text.contains('а'));
    }

    #[test]
    fn errors_are_specific() {
        assert_eq!(
            decode(b"x = 1\x00\n").unwrap_err(),
            DecodeError::NulByte { offset: 5 }
        );
        assert_eq!(
            decode(b"x = '\xFF'\n").unwrap_err(),
            DecodeError::Invalid {
                encoding: "utf-8".into(),
                offset: 5
            }
        );
        assert!(matches!(
            decode(b"# coding: klingon\n").unwrap_err(),
            DecodeError::UnknownEncoding { .. }
        ));
        assert!(matches!(
            decode(b"\xEF\xBB\xBF# coding: latin-1\n").unwrap_err(),
            DecodeError::BomMismatch { .. }
        ));
        // As CPython: beside a BOM only the spelling `utf-8` will do.
        assert!(matches!(
            decode(b"\xEF\xBB\xBF# coding: utf8\nprint('x')\n").unwrap_err(),
            DecodeError::BomMismatch { .. }
        ));
        assert!(decode(b"\xEF\xBB\xBF# coding: UTF_8\n").is_ok());
        assert!(decode(b"\xEF\xBB\xBF# coding: utf-8-sig\n").is_ok());
        assert!(matches!(
            decode(b"# coding: ascii\nx = '\xC3\xA9'\n").unwrap_err(),
            DecodeError::Invalid { offset: 21, .. }
        ));
    }

    #[test]
    fn line_index_handles_all_line_endings() {
        let text = "a\r\nbé\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.location(TextSize::from(0), text),
            Location { line: 1, column: 1 }
        );
        assert_eq!(
            index.location(TextSize::from(3), text),
            Location { line: 2, column: 1 }
        );
        // 'é' is two bytes but one column.
        assert_eq!(
            index.location(TextSize::from(6), text),
            Location { line: 2, column: 3 }
        );
        assert_eq!(
            index.location(TextSize::from(7), text),
            Location { line: 3, column: 1 }
        );
        assert_eq!(
            index.location(TextSize::from(9), text),
            Location { line: 4, column: 1 }
        );
        assert_eq!(&text[index.line_range(0, text)], "a");
        assert_eq!(&text[index.line_range(1, text)], "bé");
    }
}
