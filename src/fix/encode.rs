//! The fixed text back to the file's bytes. Every line the fixes left alone keeps its
//! original bytes; changed and added lines are encoded the way the file is (its BOM, the
//! codec its PEP 263 cookie names, else UTF-8). Line endings and the final newline (or
//! its absence) are whatever the text holds, and fixes write the file's own line ending.
//! The result is decoded again and must give the fixed text exactly, or nothing is
//! written.

use super::indent::split_lines_keeping_ends;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bytes of a file that held `original` (decoded: `original_text`) and now holds
/// `fixed`. `Err` says why it cannot be written (a character the encoding lacks).
pub fn encode(original: &[u8], original_text: &str, fixed: &str) -> Result<Vec<u8>, String> {
    if original_text == fixed {
        return Ok(original.to_vec());
    }
    let (bom, body) = match original.strip_prefix(UTF8_BOM) {
        Some(rest) => (UTF8_BOM, rest),
        None => (&[][..], original),
    };
    let mut bytes = bom.to_vec();
    if body == original_text.as_bytes() {
        // UTF-8 (or ASCII): the text is the bytes.
        bytes.extend_from_slice(fixed.as_bytes());
    } else {
        bytes.extend(reencode_changed_lines(
            original,
            body,
            original_text,
            fixed,
        )?);
    }
    match crate::source::decode(&bytes) {
        Ok(decoded) if decoded == fixed => Ok(bytes),
        _ => Err("the fixed text does not survive the file's encoding".to_string()),
    }
}

/// For files in another encoding: a line diff between the old and new text, copying the
/// old bytes of unchanged lines and encoding the rest. The codecs Python source may use
/// keep `\n` and `\r` as those bytes, so the byte lines match the text lines one to one.
fn reencode_changed_lines(
    original: &[u8],
    body: &[u8],
    original_text: &str,
    fixed: &str,
) -> Result<Vec<u8>, String> {
    let old_lines: Vec<&str> = split_lines_keeping_ends(original_text).collect();
    let byte_lines = split_byte_lines(body);
    if byte_lines.len() != old_lines.len() {
        return Err("the file's lines could not be matched to its text".to_string());
    }
    let new_lines: Vec<&str> = split_lines_keeping_ends(fixed).collect();
    let mut bytes = Vec::with_capacity(body.len() + 64);
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_lines, &new_lines) {
        match op {
            similar::DiffOp::Equal { old_index, len, .. } => {
                for line in &byte_lines[old_index..old_index + len] {
                    bytes.extend_from_slice(line);
                }
            }
            similar::DiffOp::Delete { .. } => {}
            similar::DiffOp::Insert {
                new_index, new_len, ..
            }
            | similar::DiffOp::Replace {
                new_index, new_len, ..
            } => {
                let text: String = new_lines[new_index..new_index + new_len].concat();
                bytes.extend(crate::source::encode_like(original, &text)?);
            }
        }
    }
    Ok(bytes)
}

/// The lines of `bytes`, each with its line break (`\n`, `\r\n` or `\r`).
fn split_byte_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => {
                at += 1;
                lines.push(&bytes[start..at]);
                start = at;
            }
            b'\r' => {
                at += if bytes.get(at + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                lines.push(&bytes[start..at]);
                start = at;
            }
            _ => at += 1,
        }
    }
    if start < bytes.len() {
        lines.push(&bytes[start..]);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(original: &[u8], edit: impl Fn(&str) -> String) -> Result<Vec<u8>, String> {
        let text = crate::source::decode(original).unwrap();
        encode(original, &text, &edit(&text))
    }

    #[test]
    fn utf8_keeps_its_bom_and_endings() {
        let original = b"\xEF\xBB\xBFx = [1]\r\ny = 2";
        let fixed = roundtrip(original, |t| t.replace("[1]", "{1}")).unwrap();
        assert_eq!(fixed, b"\xEF\xBB\xBFx = {1}\r\ny = 2");
    }

    #[test]
    fn latin1_lines_keep_their_bytes_and_new_text_is_latin1() {
        let original = b"# -*- coding: latin-1 -*-\nname = '\xE9'\nx = [1]\n";
        let fixed = roundtrip(original, |t| t.replace("[1]", "{1}  # \u{e9}t\u{e9}")).unwrap();
        assert_eq!(
            fixed,
            b"# -*- coding: latin-1 -*-\nname = '\xE9'\nx = {1}  # \xE9t\xE9\n"
        );
        let refused = roundtrip(original, |t| t.replace("[1]", "'\u{20ac}'"));
        assert!(refused.unwrap_err().contains("latin-1"));
    }

    #[test]
    fn other_codecs_copy_untouched_lines_verbatim() {
        let original = b"# coding: cp1252\nprice = '\x80'\nx = [1]\r\n";
        let fixed = roundtrip(original, |t| t.replace("[1]", "{1}")).unwrap();
        assert_eq!(fixed, b"# coding: cp1252\nprice = '\x80'\nx = {1}\r\n");
    }

    #[test]
    fn unchanged_text_is_the_original_bytes() {
        let original = b"x = 1";
        assert_eq!(roundtrip(original, str::to_string).unwrap(), original);
    }
}
