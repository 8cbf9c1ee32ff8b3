//! Turning `proc-macro2` spans into byte offsets and [`Location`]s of the original file.
//!
//! `syn` parses the text after an optional byte-order mark and shebang line, so every span's byte
//! range is shifted by that prefix (`base`). Lines and columns are computed by our own line index
//! (same line rules as [`crate::finding::line_col`]: `\n`, `\r\n` and a bare `\r` end a line;
//! columns in UTF-16 code units, 1-based), not by `proc-macro2`'s char-based columns.
//! It does not keep spans alive: the analyzer invalidates them after each file.

use crate::finding::Location;
use proc_macro2::Span;

/// Line starts of one file, for offset → (line, UTF-16 column) lookups in O(log n).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Byte offset of the text `syn` parsed inside `text`.
    pub base: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str, base: usize) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, starts, base }
    }

    /// Byte range of `span` in the whole file.
    pub fn range(&self, span: Span) -> (usize, usize) {
        let r = span.byte_range();
        (
            (r.start + self.base).min(self.text.len()),
            (r.end + self.base).min(self.text.len()),
        )
    }

    /// 0-based line number of byte offset `at`.
    pub fn line_of(&self, at: usize) -> usize {
        match self.starts.binary_search(&at) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The text of 0-based line `line`, without its terminator.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    fn line_col(&self, at: usize) -> (u32, u32) {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.line_of(at);
        let col: usize = self.text[self.starts[line]..at]
            .chars()
            .map(char::len_utf16)
            .sum();
        (line as u32 + 1, col as u32 + 1)
    }

    pub fn location(&self, path: &str, start: usize, end: usize) -> Location {
        let (start_line, start_column) = self.line_col(start);
        let (end_line, end_column) = self.line_col(end.max(start));
        Location {
            path: path.to_string(),
            start_line,
            start_column,
            end_line,
            end_column,
        }
    }
}

/// Length of the prefix `syn::parse_file` strips: a byte-order mark and a shebang line (but not an
/// inner attribute `#![...]`).
pub fn parse_base(text: &str) -> usize {
    let mut base = 0;
    if text.starts_with('\u{feff}') {
        base = '\u{feff}'.len_utf8();
    }
    let rest = &text[base..];
    if let Some(after) = rest.strip_prefix("#!")
        && !after.trim_start().starts_with('[')
    {
        base += rest.find('\n').unwrap_or(rest.len());
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_utf16_columns_round_trip() {
        let text = "é😀x\r\nab\rcd";
        let idx = LineIndex::new(text, 0);
        let x = text.find('x').unwrap();
        let loc = idx.location("f.rs", x, x + 1);
        // é is 1 UTF-16 unit, 😀 is 2.
        assert_eq!((loc.start_line, loc.start_column), (1, 4));
        let c = text.find('c').unwrap();
        assert_eq!(idx.line_of(c), 2);
        assert_eq!(idx.line_text(1), "ab");
    }

    #[test]
    fn shebang_and_bom_are_skipped_but_inner_attributes_are_not() {
        assert_eq!(parse_base("#!/usr/bin/env run\nfn main(){}"), 18);
        assert_eq!(parse_base("#![allow(x)]\nfn main(){}"), 0);
        assert_eq!(parse_base("\u{feff}fn main(){}"), 3);
    }
}
