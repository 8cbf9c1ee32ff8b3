//! CSV and TSV: columns are matched to identifier types by their header names, then each cell of a
//! matched column is validated. A file whose header names no identifier column costs one line.
//!
//! The reader handles quoted fields (with `""` escapes and embedded newlines) and guesses the
//! delimiter (tab for `.tsv`, else the most frequent of `,`, `;`, `|`, tab in the header). It does
//! not guess headers: a file without a header row is left to the free-text scan.

use super::hit::{At, Sink};

/// One row: each field's byte span (inside quotes) in the file.
fn next_row(b: &[u8], mut i: usize, delim: u8, row: &mut Vec<(usize, usize)>) -> usize {
    row.clear();
    loop {
        if i < b.len() && b[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() {
                if b[j] == b'"' {
                    if b.get(j + 1) == Some(&b'"') {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            row.push((start, j.min(b.len())));
            i = (j + 1).min(b.len());
            while i < b.len() && b[i] != delim && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
        } else {
            let start = i;
            while i < b.len() && b[i] != delim && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
            row.push((start, i));
        }
        if i < b.len() && b[i] == delim {
            i += 1;
            continue;
        }
        if i < b.len() && b[i] == b'\r' {
            i += 1;
        }
        if i < b.len() && b[i] == b'\n' {
            i += 1;
        }
        return i;
    }
}

fn delimiter(path: &str, header: &str) -> u8 {
    if path.to_ascii_lowercase().ends_with(".tsv") {
        return b'\t';
    }
    [b',', b';', b'|', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

/// Scans a delimited file. Records are rows (numbered from 1 after the header).
pub fn scan(path: &str, text: &str, sink: &mut Sink) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && matches!(b[i], b'\n' | b'\r' | b' ' | b'\t') {
        i += 1;
    }
    let header_end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
    let delim = delimiter(path, &text[i..header_end]);
    let mut row = Vec::new();
    let body = next_row(b, i, delim, &mut row);
    let names: Vec<String> = row
        .iter()
        .map(|&(s, e)| text[s..e].trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    for n in &names {
        sink.see_key(n);
    }
    // A generic `name` column names a person only in a table about people: not in `tracks.csv`
    // (with a `composer` column), `products.csv` or `artists.csv`.
    let people = !non_person_table(path) && !names.iter().any(|n| non_person_table(n));
    let columns: Vec<(usize, super::spec::KeyMatch)> = names
        .iter()
        .enumerate()
        .filter_map(|(c, n)| sink.specs.for_key(n).map(|m| (c, m)))
        .filter(|(_, m)| people || !m.generic)
        .collect();
    if columns.is_empty() {
        return;
    }
    let mut i = body;
    let mut n = 0u32;
    while i < b.len() {
        let next = next_row(b, i, delim, &mut row);
        if next == i {
            break;
        }
        i = next;
        if row.len() == 1 && row[0].0 == row[0].1 {
            continue;
        }
        n += 1;
        for &(c, m) in &columns {
            let Some(&(s, e)) = row.get(c) else { continue };
            let raw = &text[s..e];
            let value = if raw.contains("\"\"") {
                raw.replace("\"\"", "\"")
            } else {
                raw.to_string()
            };
            let at = At {
                start: s,
                end: e,
                record: n,
                person: false,
                generic: m.generic,
            };
            sink.judge(m.spec, &value, at, || {
                format!("column `{}`, row {n}", names[c])
            });
        }
    }
}

/// Words of a table, file or column name that say its rows are not people, or that its `name`
/// is not a person's: a track's composer, a book's author, an artist, a product.
const NON_PERSON_ROLES: &[&str] = &[
    "composer",
    "author",
    "artist",
    "album",
    "track",
    "song",
    "playlist",
    "genre",
    "product",
    "item",
    "sku",
    "company",
    "organization",
    "organisation",
    "vendor",
    "supplier",
    "publisher",
    "book",
    "movie",
    "film",
    "city",
    "country",
    "region",
    "category",
    "brand",
    "store",
    "band",
];

/// Does a table, file or column name say its rows (or its `name`) are not about a person?
pub fn non_person_table(name: &str) -> bool {
    let stem = name.rsplit('/').next().unwrap_or(name);
    let stem = stem.split('.').next().unwrap_or(stem);
    super::spec::tokens(stem)
        .iter()
        .any(|w| NON_PERSON_ROLES.contains(&w.as_str()))
}

/// A row of values under named columns, for readers that found a table elsewhere (SQL `INSERT`).
/// `people` is false for a table whose rows are not people (`tracks`, `products`): its generic
/// `name` column is then not a person's name.
pub fn judge_row(
    sink: &mut Sink,
    columns: &[String],
    values: &[(usize, usize, String)],
    record: u32,
    people: bool,
    place: &dyn Fn(&str) -> String,
) {
    for (c, (s, e, v)) in columns.iter().zip(values) {
        if let Some(m) = sink.specs.for_key(c).filter(|m| people || !m.generic) {
            let at = At {
                start: *s,
                end: *e,
                record,
                person: false,
                generic: m.generic,
            };
            sink.judge(m.spec, v, at, || place(c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_split_on_quotes_and_delimiters() {
        let t = "a,\"b,\"\"c\"\"\",d\r\nx";
        let mut row = Vec::new();
        let next = next_row(t.as_bytes(), 0, b',', &mut row);
        let fields: Vec<&str> = row.iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(fields, ["a", "b,\"\"c\"\"", "d"]);
        assert_eq!(&t[next..], "x");
    }
}
