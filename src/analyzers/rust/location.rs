//! Turning `proc-macro2` spans into byte offsets and [`Location`]s of the original file.
//!
//! `syn` parses the text after an optional byte-order mark and shebang line, so every span's byte
//! range is shifted by that prefix (`base`). Lines and columns come from [`crate::lines`] (`\n`,
//! `\r\n` and a bare `\r` end a line; columns in UTF-16 code units, 1-based), not from
//! `proc-macro2`'s char-based columns.
//! It does not keep spans alive: the analyzer invalidates them after each file.

use crate::finding::Location;
use proc_macro2::Span;

/// Maps `syn` spans of one file to byte offsets and lines: the file's
/// [`crate::lines::LineIndex`] plus where the parsed text begins.
pub struct SpanMap<'a> {
    lines: crate::lines::LineIndex<'a>,
    /// Byte offset of the text `syn` parsed inside the file.
    pub base: usize,
}

impl<'a> SpanMap<'a> {
    pub fn new(text: &'a str, base: usize) -> Self {
        SpanMap {
            lines: crate::lines::LineIndex::new(text),
            base,
        }
    }

    /// Byte range of `span` in the whole file.
    pub fn range(&self, span: Span) -> (usize, usize) {
        let r = span.byte_range();
        let len = self.lines.text().len();
        ((r.start + self.base).min(len), (r.end + self.base).min(len))
    }

    /// 0-based line number of byte offset `at`.
    pub fn line_of(&self, at: usize) -> usize {
        self.lines.line_of(at)
    }

    /// The file's lines, for snippets.
    pub fn lines(&self) -> &crate::lines::LineIndex<'a> {
        &self.lines
    }

    pub fn location(&self, path: &str, start: usize, end: usize) -> Location {
        self.lines.location(path, start, end)
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
    fn shebang_and_bom_are_skipped_but_inner_attributes_are_not() {
        assert_eq!(parse_base("#!/usr/bin/env run\nfn main(){}"), 18);
        assert_eq!(parse_base("#![allow(x)]\nfn main(){}"), 0);
        assert_eq!(parse_base("\u{feff}fn main(){}"), 3);
    }
}
