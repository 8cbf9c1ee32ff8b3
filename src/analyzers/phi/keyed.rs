//! JSON, NDJSON and YAML that are not FHIR: values are matched to identifier types by their key
//! names (`ssn`, `dateOfBirth`, `patient.phone`). A record is the outermost object in a list (one
//! NDJSON line, one element of a top-level array, one `- ` item of a YAML list).
//!
//! YAML is read line by line (`key: value` and `- key: value`), not parsed: flow mappings, anchors
//! and multi-line scalars are not looked into. That keeps a malformed or hostile YAML file harmless
//! and fast, at the cost of missing identifiers written in those forms.

use super::error::DocError;
use super::hit::{At, Sink};
use super::json::{self, Leaf};

fn place(l: &Leaf) -> String {
    let p: Vec<&str> = l.path.iter().map(|s| s.key.as_str()).collect();
    format!("key `{}`", p.join("."))
}

/// Judges every leaf whose key names an identifier.
pub fn judge_leaves(leaves: &[Leaf], record_base: u32, sink: &mut Sink) {
    for l in leaves {
        sink.see_key(l.key());
        let Some(m) = sink.specs.for_key(l.key()) else {
            continue;
        };
        let at = At {
            start: l.start,
            end: l.end,
            record: record_base + l.record(),
            person: false,
            generic: m.generic,
        };
        sink.judge(m.spec, &l.value, at, || place(l));
    }
}

/// JSON (one document) or NDJSON (one document per line). Returns an error message for a note.
pub fn scan_json(text: &str, ndjson: bool, sink: &mut Sink) -> Result<(), DocError> {
    if !ndjson {
        let (leaves, _) = json::leaves(text, 0, 0)?;
        judge_leaves(&leaves, 0, sink);
        return Ok(());
    }
    let mut offset = 0;
    let mut next_id = 0;
    let mut first_err = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        if !line.trim().is_empty() {
            match json::leaves(text, offset, next_id) {
                Ok((leaves, id)) => {
                    // Each line is a record: its root object id.
                    for l in &leaves {
                        sink.see_key(l.key());
                        let Some(m) = sink.specs.for_key(l.key()) else {
                            continue;
                        };
                        let at = At {
                            start: l.start,
                            end: l.end,
                            record: next_id + 1,
                            person: false,
                            generic: m.generic,
                        };
                        sink.judge(m.spec, &l.value, at, || {
                            format!("line {line_no}, {}", place(l))
                        });
                    }
                    next_id = id;
                }
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        offset += line.len();
    }
    first_err.map_or(Ok(()), Err)
}

/// YAML, line by line.
pub fn scan_yaml(text: &str, sink: &mut Sink) {
    let mut offset = 0;
    let mut record = 0u32;
    let mut list_indent: Option<usize> = None;
    let mut stack: Vec<(usize, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = body.len() - trimmed.len();
        let mut rest = trimmed;
        if let Some(r) = rest.strip_prefix("- ") {
            if list_indent.is_none_or(|li| indent <= li) {
                list_indent = Some(indent);
                record += 1;
            }
            indent += 2;
            rest = r.trim_start();
        }
        let Some(colon) = rest
            .find(": ")
            .or_else(|| rest.strip_suffix(':').map(|r| r.len()))
        else {
            continue;
        };
        let key = rest[..colon].trim().trim_matches(['"', '\'']);
        sink.see_key(key);
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        stack.push((indent, key.to_string()));
        let raw = rest[colon + 1..].trim();
        let raw = match raw.find(" #") {
            Some(i) if !raw.starts_with(['"', '\'']) => raw[..i].trim_end(),
            _ => raw,
        };
        if raw.is_empty() || raw.starts_with(['|', '>', '{', '[', '&', '*']) {
            continue;
        }
        let value = raw.trim_matches(['"', '\'']);
        let Some(m) = sink.specs.for_key(key) else {
            continue;
        };
        let start = here
            + (body.len() - rest.len())
            + colon
            + 1
            + (rest[colon + 1..].len() - rest[colon + 1..].trim_start().len());
        let at = At {
            start,
            end: start + raw.len(),
            record,
            person: false,
            generic: m.generic,
        };
        let path: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
        sink.judge(m.spec, value, at, || format!("key `{}`", path.join(".")));
    }
}
