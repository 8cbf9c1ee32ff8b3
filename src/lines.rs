//! Lines of one file: byte offsets to 1-based lines and UTF-16 columns, and the part of a line a
//! snippet shows. `\n`, `\r\n` and a bare `\r` (HL7 v2 segments) each end a line.
//!
//! An analyzer that reports many findings in one file builds one [`LineIndex`] and asks it for
//! every location and snippet: each lookup costs a binary search plus the characters between the
//! line start and the offset (nothing at all in an ASCII file), so a 4 MB one-line file with
//! tens of thousands of findings stays linear. It does not redact: [`crate::redact::snippet`]
//! masks what a [`Window`] shows. It is the one line model of the crate: every analyzer counts
//! lines through it (or [`split_lines`], which agrees with it).

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A line longer than this is shown as a window around the match, not whole (a snippet shows at
/// most 120 characters).
const WHOLE_LINE: usize = 120;
/// Bytes of context kept before and after a match in a long line.
const BEFORE: usize = 40;
const AFTER: usize = 100;

/// Line starts of one text: borrowed for one file's analysis, or owned where a parsed file
/// outlives its bytes (Terraform files are kept until every module is read).
pub struct LineIndex<'a> {
    text: Cow<'a, str>,
    starts: Vec<usize>,
    /// An ASCII text has UTF-16 columns equal to byte distances.
    ascii: bool,
}

impl LineIndex<'static> {
    /// An index that owns its text.
    pub fn owned(text: String) -> Self {
        Self::of(Cow::Owned(text))
    }
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::of(Cow::Borrowed(text))
    }

    fn of(text: Cow<'a, str>) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            if b[i] == b'\n' || b.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        let ascii = text.is_ascii();
        LineIndex {
            text,
            starts,
            ascii,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many lines the text has (a final line without a terminator counts).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line number of byte offset `at`.
    pub fn line(&self, at: usize) -> u32 {
        self.line_of(at) as u32 + 1
    }

    /// 0-based line number of byte offset `at`.
    pub fn line_of(&self, at: usize) -> usize {
        match self.starts.binary_search(&at) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of 0-based line `line`, without its terminator.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let t = self.text[start..end].trim_end_matches(['\n', '\r']);
        (start, start + t.len())
    }

    /// The text of 0-based line `line`, without its terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let (s, e) = self.line_range(line);
        &self.text[s..e]
    }

    /// 1-based line and UTF-16 column of byte offset `at` (clamped to the text and to a char
    /// boundary).
    pub fn line_col(&self, at: usize) -> (u32, u32) {
        let at = floor(&self.text, at);
        let line = self.line_of(at);
        let start = self.starts[line];
        let col = if self.ascii {
            at - start
        } else {
            self.text[start..at].chars().map(char::len_utf16).sum()
        };
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

    /// What a snippet of `start..end` shows: the line holding `start`, or for a long line the
    /// part around the match (the match whole up to the line's end, some context either side).
    pub fn window(&self, start: usize, end: usize) -> Window {
        let (ls, le) = self.line_range(self.line_of(floor(&self.text, start)));
        if le - ls <= WHOLE_LINE {
            return Window {
                from: ls,
                to: le,
                cut_before: false,
                cut_after: false,
            };
        }
        let from = floor(&self.text, start.saturating_sub(BEFORE).max(ls));
        let to = floor(&self.text, end.max(start).saturating_add(AFTER).min(le)).max(from);
        Window {
            from,
            to,
            cut_before: from > ls,
            cut_after: to < le,
        }
    }
}

/// Splits text into lines the same way [`LineIndex`] counts them.
pub fn split_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&text[start..]);
    out
}

/// Where a finding is: a repository-relative path with `/` separators and a 1-based range.
/// Columns count UTF-16 code units; `end_column` is exclusive.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Location {
    /// A location covering a whole line (or the file's first line when `line` is 0).
    pub fn line(path: &str, line: u32) -> Location {
        let line = line.max(1);
        Location {
            path: path.to_string(),
            start_line: line,
            start_column: 1,
            end_line: line,
            end_column: 1,
        }
    }

    /// Converts a byte span of `text` into lines and UTF-16 columns. Lines end at `\n`, at `\r\n`
    /// and at a bare `\r` (HL7 v2 segments end in one), so a segment is its own line.
    pub fn from_byte_span(path: &str, text: &str, start: usize, end: usize) -> Location {
        crate::lines::LineIndex::new(text).location(path, start, end)
    }
}

/// A byte range of one line shown in a snippet, and whether the line goes on either side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: usize,
    pub to: usize,
    pub cut_before: bool,
    pub cut_after: bool,
}

/// The largest char boundary of `text` at or before `i` (a byte regex may stop inside a
/// character).
pub fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_utf16_columns_round_trip() {
        let text = "é😀x\r\nab\rcd";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let loc = idx.location("f", x, x + 1);
        // é is 1 UTF-16 unit, 😀 is 2.
        assert_eq!((loc.start_line, loc.start_column), (1, 4));
        let c = text.find('c').unwrap();
        assert_eq!(idx.line_of(c), 2);
        assert_eq!(idx.line_col(c), (3, 1));
        assert_eq!(idx.line_text(1), "ab");
        assert_eq!(LineIndex::new("a\nb").line_col(2), (2, 1));
    }

    #[test]
    fn long_lines_are_shown_around_the_match() {
        let short = "key = value\nnext";
        let w = LineIndex::new(short).window(6, 11);
        assert_eq!(
            (w.from, w.to, w.cut_before, w.cut_after),
            (0, 11, false, false)
        );
        let long = format!("{}TOKEN{}", "a".repeat(5_000), "b".repeat(5_000));
        let at = long.find("TOKEN").unwrap();
        let w = LineIndex::new(&long).window(at, at + 5);
        assert!(w.cut_before && w.cut_after);
        assert!(w.from < at && at + 5 < w.to && w.to - w.from < BEFORE + AFTER + 10);
        // Cut at char boundaries, whatever the offsets.
        let wide = "é".repeat(3_000);
        let w = LineIndex::new(&wide).window(3_001, 3_003);
        assert!(wide.is_char_boundary(w.from) && wide.is_char_boundary(w.to));
    }
}
