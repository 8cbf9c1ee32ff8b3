//! A small JSON reader that keeps byte spans, for JSON, NDJSON and FHIR JSON.
//!
//! serde_json drops positions, and a finding must point at its value, so this reads the document
//! into a flat list of [`Leaf`] values (strings and numbers) each with its key path, the ids of the
//! objects that hold each key, and its byte span. It validates only as much as it needs to walk;
//! it does not build a tree, keep booleans or nulls, or unescape anything but the common escapes.
//! Nesting deeper than [`MAX_DEPTH`] is an error (a note), never a stack overflow.

use super::error::DocError;

pub const MAX_DEPTH: usize = 256;

/// One path step: the key, the id of the object that holds it, and whether that object is an
/// element of an array (a record in a list).
#[derive(Debug, Clone)]
pub struct Step {
    pub key: String,
    pub object: u32,
    pub in_array: bool,
}

#[derive(Debug, Clone)]
pub struct Leaf {
    pub path: Vec<Step>,
    pub value: String,
    /// Span of the value (inside the quotes for strings).
    pub start: usize,
    pub end: usize,
}

impl Leaf {
    /// The outermost object that is an element of an array: the record this value belongs to
    /// (0 for a document that is one object).
    pub fn record(&self) -> u32 {
        self.path
            .iter()
            .find(|s| s.in_array)
            .map_or(0, |s| s.object)
    }

    pub fn key(&self) -> &str {
        self.path.last().map_or("", |s| s.key.as_str())
    }
}

struct Reader<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
    next_id: u32,
    path: Vec<Step>,
    out: Vec<Leaf>,
}

/// Reads one JSON document starting at byte `offset` of `text`; object ids start at `first_id`.
pub fn leaves(text: &str, offset: usize, first_id: u32) -> Result<(Vec<Leaf>, u32), DocError> {
    let mut r = Reader {
        b: text.as_bytes(),
        text,
        i: offset,
        next_id: first_id,
        path: Vec::new(),
        out: Vec::new(),
    };
    // A UTF-8 byte order mark before the document is not an error (editors on Windows write one).
    if r.b[r.i..].starts_with("\u{feff}".as_bytes()) {
        r.i += 3;
    }
    r.ws();
    r.value(0, false)?;
    Ok((r.out, r.next_id))
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn err<T>(&self, problem: &'static str) -> Result<T, DocError> {
        let (line, column) = crate::finding::line_col(self.text, self.i);
        Err(DocError::Json {
            line,
            column,
            problem,
        })
    }

    fn value(&mut self, depth: usize, in_array: bool) -> Result<(), DocError> {
        if depth > MAX_DEPTH {
            return self.err("nested too deeply");
        }
        match self.b.get(self.i) {
            Some(b'{') => self.object(depth, in_array),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let (s, start, end) = self.string()?;
                self.leaf(s, start, end);
                Ok(())
            }
            Some(c) if c.is_ascii_digit() || *c == b'-' => {
                let start = self.i;
                while self.i < self.b.len()
                    && (self.b[self.i].is_ascii_digit() || b"+-.eE".contains(&self.b[self.i]))
                {
                    self.i += 1;
                }
                let v = self.text[start..self.i].to_string();
                self.leaf(v, start, self.i);
                Ok(())
            }
            Some(b't') | Some(b'f') | Some(b'n') => {
                for lit in ["true", "false", "null"] {
                    if self.b[self.i..].starts_with(lit.as_bytes()) {
                        self.i += lit.len();
                        return Ok(());
                    }
                }
                self.err("unexpected literal")
            }
            Some(_) => self.err("unexpected character"),
            None => self.err("unexpected end"),
        }
    }

    fn leaf(&mut self, value: String, start: usize, end: usize) {
        if self.path.is_empty() {
            return;
        }
        self.out.push(Leaf {
            path: self.path.clone(),
            value,
            start,
            end,
        });
    }

    fn object(&mut self, depth: usize, in_array: bool) -> Result<(), DocError> {
        self.i += 1;
        self.next_id += 1;
        let id = self.next_id;
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.b.get(self.i) != Some(&b'"') {
                return self.err("expected a key");
            }
            let (key, _, _) = self.string()?;
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return self.err("expected `:`");
            }
            self.i += 1;
            self.ws();
            self.path.push(Step {
                key,
                object: id,
                in_array,
            });
            self.value(depth + 1, false)?;
            self.path.pop();
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.err("expected `,` or `}`"),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), DocError> {
        self.i += 1;
        self.ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            self.value(depth + 1, true)?;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.err("expected `,` or `]`"),
            }
        }
    }

    /// Reads a string at `self.i` (on the opening quote); returns it with the span of its content.
    fn string(&mut self) -> Result<(String, usize, usize), DocError> {
        let start = self.i + 1;
        let mut j = start;
        let mut escaped = false;
        while j < self.b.len() {
            match self.b[j] {
                b'\\' => {
                    escaped = true;
                    j += 2;
                }
                b'"' => break,
                _ => j += 1,
            }
        }
        if j >= self.b.len() {
            self.i = self.b.len();
            return self.err("unterminated string");
        }
        let raw = &self.text[start..j];
        self.i = j + 1;
        let s = if escaped {
            unescape(raw)
        } else {
            raw.to_string()
        };
        Ok((s, start, j))
    }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = it.by_ref().take(4).collect();
                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_keep_paths_spans_and_records() {
        let t =
            r#"{"patients":[{"name":{"first":"Ana"},"ssn":"212-48-7713"},{"ssn":"x\"y"}],"n":3}"#; // aseptic:allow made-up test value
        let (l, _) = leaves(t, 0, 0).unwrap();
        assert_eq!(l.len(), 4);
        assert_eq!(l[0].key(), "first");
        assert_eq!(&t[l[0].start..l[0].end], "Ana");
        assert_eq!(l[0].record(), l[1].record());
        assert_ne!(l[1].record(), l[2].record());
        assert_eq!(l[2].value, "x\"y");
        assert_eq!(l[3].value, "3");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let t = "\u{feff}{\"a\": \"b\"}";
        let (l, _) = leaves(t, 0, 0).unwrap();
        assert_eq!(&t[l[0].start..l[0].end], "b");
    }

    #[test]
    fn bad_json_and_deep_nesting_are_errors() {
        assert!(leaves("{\"a\":", 0, 0).is_err());
        let deep = "[".repeat(10_000);
        assert!(leaves(&deep, 0, 0).is_err());
    }
}
