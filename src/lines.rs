//! Lines of one file: byte offsets to 1-based lines and UTF-16 columns, and the part of a line a
//! snippet shows. `\n`, `\r\n` and a bare `\r` (HL7 v2 segments) each end a line.
//!
//! An analyzer that reports many findings in one file builds one [`LineIndex`] and asks it for
//! every location and snippet: each lookup costs a binary search plus the characters between the
//! line start and the offset (nothing at all in an ASCII file), so a 4 MB one-line file with
//! tens of thousands of findings stays linear. It does not redact: [`crate::redact::snippet`]
//! masks what a [`Window`] shows.

use crate::finding::Location;

/// A line longer than this is shown as a window around the match, not whole (a snippet shows at
/// most 120 characters).
const WHOLE_LINE: usize = 120;
/// Bytes of context kept before and after a match in a long line.
const BEFORE: usize = 40;
const AFTER: usize = 100;

/// Line starts of one text.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// An ASCII text has UTF-16 columns equal to byte distances.
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            if b[i] == b'\n' || b.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex {
            text,
            starts,
            ascii: text.is_ascii(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// How many lines the text has (a final line without a terminator counts).
    pub fn line_count(&self) -> usize {
        self.starts.len()
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
    pub fn line_text(&self, line: usize) -> &'a str {
        let (s, e) = self.line_range(line);
        &self.text[s..e]
    }

    /// 1-based line and UTF-16 column of byte offset `at` (clamped to the text and to a char
    /// boundary).
    pub fn line_col(&self, at: usize) -> (u32, u32) {
        let at = floor(self.text, at);
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
        let (ls, le) = self.line_range(self.line_of(floor(self.text, start)));
        if le - ls <= WHOLE_LINE {
            return Window {
                from: ls,
                to: le,
                cut_before: false,
                cut_after: false,
            };
        }
        let from = floor(self.text, start.saturating_sub(BEFORE).max(ls));
        let to = floor(self.text, end.max(start).saturating_add(AFTER).min(le)).max(from);
        Window {
            from,
            to,
            cut_before: from > ls,
            cut_after: to < le,
        }
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
