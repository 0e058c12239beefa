//! The documents the client has open: their text as the editor holds it (never the file on
//! disk), their version, and edits applied as they come (incremental sync).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::positions::{Encoding, LineIndex};

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text, shared with the workers linting it (an edit makes a new one).
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    pub version: i32,
    /// Where the document lives (or would, for an unsaved buffer): its settings, per-file
    /// ignores and module name follow this path.
    pub path: PathBuf,
}

impl Document {
    pub fn new(text: String, version: i32, path: PathBuf) -> Document {
        let index = Arc::new(LineIndex::new(&text));
        Document {
            text: Arc::from(text),
            index,
            version,
            path,
        }
    }

    /// Applies the client's changes in order: a change with a range replaces that range
    /// (positions in `encoding`, each relative to the text after the previous change), one
    /// without replaces the whole text.
    pub fn apply(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) {
        let mut text = String::from(&*self.text);
        let mut index = LineIndex::clone(&self.index);
        let last = changes.len();
        for (number, change) in changes.into_iter().enumerate() {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let range = index.text_range(range, &text, encoding);
                    text.replace_range(std::ops::Range::<usize>::from(range), &change.text);
                }
            }
            // The next change counts positions in this one's result.
            if number + 1 < last {
                index = LineIndex::new(&text);
            }
        }
        self.index = Arc::new(LineIndex::new(&text));
        self.text = Arc::from(text);
        self.version = version;
    }
}

/// The open documents, by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, document: Document) {
        self.open.insert(uri, document);
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Uri, &Document)> {
        self.open.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l0, c0), (l1, c1))| {
                Range::new(Position::new(l0, c0), Position::new(l1, c1))
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_in_the_negotiated_units() {
        let mut document = Document::new("x = '😀'\r\ny = 2\r\n".into(), 1, PathBuf::from("a.py"));
        document.apply(
            vec![
                // After the emoji (2 UTF-16 units at character 5) insert `!`.
                change(Some(((0, 7), (0, 7))), "!"),
                // Then replace `2` on the next line, counted in the text the first made.
                change(Some(((1, 4), (1, 5))), "3"),
            ],
            2,
            Encoding::Utf16,
        );
        assert_eq!(&*document.text, "x = '😀!'\r\ny = 3\r\n");
        assert_eq!(document.version, 2);
        document.apply(vec![change(None, "z = 0\n")], 3, Encoding::Utf16);
        assert_eq!(&*document.text, "z = 0\n");
        assert_eq!(document.index.line_count(), 2);
    }

    #[test]
    fn utf8_offsets_count_bytes() {
        let mut document = Document::new("s = 'é'\n".into(), 1, PathBuf::from("a.py"));
        document.apply(vec![change(Some(((0, 7), (0, 7))), "e")], 2, Encoding::Utf8);
        assert_eq!(&*document.text, "s = 'ée'\n");
    }
}
