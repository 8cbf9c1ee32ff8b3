//! SQL dumps: `INSERT INTO table (col, ...) VALUES (...), (...);` statements, read as rows of a
//! table whose column names say which identifier each value is. Each tuple is one record.
//!
//! Only INSERTs with a column list are read (a dump made with `--complete-insert`, or hand-written
//! seeds); matching a bare INSERT to an earlier CREATE TABLE is not done. Quoted strings use `''`
//! or backslash escapes; NULL, numbers and function calls are values like any other.

use super::csv::{self, judge_row};
use super::hit::Sink;

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Reads a parenthesised, comma-separated list at `i` (on `(`): each item's span and unquoted text.
/// Items of a tuple: span and text.
type Items = Vec<(usize, usize, String)>;

fn tuple(text: &str, mut i: usize) -> Option<(Items, usize)> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'(') {
        return None;
    }
    i += 1;
    let mut out = Vec::new();
    loop {
        i = skip_ws(b, i);
        let c = *b.get(i)?;
        if c == b'\'' || c == b'"' || c == b'`' {
            let s = i + 1;
            let mut j = s;
            while j < b.len() {
                if b[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if b[j] == c {
                    if b.get(j + 1) == Some(&c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            if j >= b.len() {
                return None;
            }
            let q = c as char;
            let v = text[s..j].replace(&format!("{q}{q}"), &q.to_string());
            out.push((s, j, v));
            i = j + 1;
        } else {
            let s = i;
            let mut depth = 0;
            while i < b.len() && !(depth == 0 && (b[i] == b',' || b[i] == b')')) {
                match b[i] {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            out.push((s, i, text[s..i].trim().to_string()));
        }
        i = skip_ws(b, i);
        match b.get(i)? {
            b',' => i += 1,
            b')' => return Some((out, i + 1)),
            _ => return None,
        }
    }
}

pub fn scan(text: &str, sink: &mut Sink) {
    let b = text.as_bytes();
    let finder = memchr::memmem::Finder::new(b"INSERT");
    let lower_finder = memchr::memmem::Finder::new(b"insert");
    let mut starts: Vec<usize> = finder
        .find_iter(b)
        .chain(lower_finder.find_iter(b))
        .collect();
    starts.sort_unstable();
    let mut record = 0u32;
    for at in starts {
        let mut i = skip_ws(b, at + 6);
        if !text[i..]
            .get(..4)
            .is_some_and(|s| s.eq_ignore_ascii_case("into"))
        {
            continue;
        }
        i = skip_ws(b, i + 4);
        let ts = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'(' {
            i += 1;
        }
        let table = text[ts..i].trim_matches(['`', '"', '[', ']']).to_string();
        i = skip_ws(b, i);
        let Some((cols, next)) = tuple(text, i) else {
            continue;
        };
        let columns: Vec<String> = cols
            .into_iter()
            .map(|(_, _, c)| c.trim_matches(['`', '"', '[', ']']).to_string())
            .collect();
        sink.see_key(&table);
        for c in &columns {
            sink.see_key(c);
        }
        if !columns.iter().any(|c| sink.specs.for_key(c).is_some()) {
            continue;
        }
        let people =
            !csv::non_person_table(&table) && !columns.iter().any(|c| csv::non_person_table(c));
        i = skip_ws(b, next);
        if !text[i..]
            .get(..6)
            .is_some_and(|s| s.eq_ignore_ascii_case("values"))
        {
            continue;
        }
        i = skip_ws(b, i + 6);
        let mut row = 0u32;
        while let Some((values, next)) = tuple(text, i) {
            record += 1;
            row += 1;
            let place = |c: &str| format!("INSERT into `{table}`, column `{c}`, row {row}");
            judge_row(sink, &columns, &values, record, people, &place);
            i = skip_ws(b, next);
            if b.get(i) == Some(&b',') {
                i = skip_ws(b, i + 1);
            } else {
                break;
            }
        }
    }
}
