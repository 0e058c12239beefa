//! Where each cell's `source` value sits in a notebook's JSON text, so that writing a cell
//! back replaces those bytes and nothing else: key order, indentation, outputs, metadata
//! and every other cell stay byte for byte as the notebook's editor wrote them.
//!
//! A small scanner over JSON that serde has already accepted: it only needs to find the
//! top-level `cells` array, each cell object in it, and each cell's `source` value.

/// The byte range of each cell's `source` value (`None` for a cell without one), in cell
/// order. `None` when the text has no top-level `cells` array.
pub fn source_spans(json: &str) -> Option<Vec<Option<std::ops::Range<usize>>>> {
    let mut scanner = Scanner {
        bytes: json.as_bytes(),
        at: 0,
    };
    scanner.whitespace();
    let mut cells = None;
    scanner.object(|scanner, key| {
        if key == "cells" {
            cells = Some(scanner.array_of_cells()?);
        } else {
            scanner.value()?;
        }
        Some(())
    })?;
    cells
}

struct Scanner<'j> {
    bytes: &'j [u8],
    at: usize,
}

impl Scanner<'_> {
    fn whitespace(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.whitespace();
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// An object; `member` is called with each key, positioned at its value.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        self.whitespace();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Some(());
        }
        loop {
            self.whitespace();
            let key = self.string()?;
            self.expect(b':')?;
            self.whitespace();
            member(self, &key)?;
            self.whitespace();
            match self.bytes.get(self.at)? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array_of_cells(&mut self) -> Option<Vec<Option<std::ops::Range<usize>>>> {
        let mut spans = Vec::new();
        self.array(|scanner| {
            let mut source = None;
            scanner.object(|scanner, key| {
                let start = scanner.at;
                scanner.value()?;
                if key == "source" {
                    source = Some(start..scanner.at);
                }
                Some(())
            })?;
            spans.push(source);
            Some(())
        })?;
        Some(spans)
    }

    fn array(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.expect(b'[')?;
        self.whitespace();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Some(());
        }
        loop {
            self.whitespace();
            element(self)?;
            self.whitespace();
            match self.bytes.get(self.at)? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Skips any value.
    fn value(&mut self) -> Option<()> {
        self.whitespace();
        match *self.bytes.get(self.at)? {
            b'{' => self.object(|scanner, _| scanner.value()),
            b'[' => self.array(|scanner| scanner.value()),
            b'"' => self.string().map(|_| ()),
            _ => {
                // A number, true, false or null.
                let start = self.at;
                while self.at < self.bytes.len()
                    && !matches!(self.bytes[self.at], b',' | b'}' | b']')
                    && !self.bytes[self.at].is_ascii_whitespace()
                {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }

    /// A string, decoded only as far as keys need (escapes are kept as written).
    fn string(&mut self) -> Option<String> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let start = self.at + 1;
        self.at += 1;
        while *self.bytes.get(self.at)? != b'"' {
            self.at += if self.bytes[self.at] == b'\\' { 2 } else { 1 };
        }
        let text = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
        self.at += 1;
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_cells_source() {
        let json = "{\n \"cells\": [\n  {\"cell_type\": \"markdown\", \"source\": [\"# T\\\"itle\"]},\n  {\"outputs\": [{\"text\": [\"]}\"]}], \"source\": \"x = 1\"},\n  {\"metadata\": {}}\n ],\n \"nbformat\": 4\n}\n";
        let spans = source_spans(json).unwrap();
        let texts: Vec<Option<&str>> = spans.iter().map(|s| s.clone().map(|r| &json[r])).collect();
        assert_eq!(texts, [Some("[\"# T\\\"itle\"]"), Some("\"x = 1\""), None]);
        assert!(source_spans("{\"metadata\": {}}").is_none());
    }
}
