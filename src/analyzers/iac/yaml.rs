//! YAML (and JSON, which is YAML's flow subset) into positioned [`Node`] trees, one per document,
//! built from `saphyr-parser` events so every node keeps its line.
//!
//! Bounded by design: aliases are expanded under a node budget per document (a "billion laughs"
//! file stops with [`YamlError::AliasBudget`] instead of eating memory), documents are handed to
//! the caller one at a time and counted (a file with more than [`MAX_DOCS`] stops with
//! [`YamlError::TooManyDocs`] after the first ones were analyzed), and each document has a total
//! node budget. CloudFormation short tags (`!Ref`, `!GetAtt`, `!Sub`, ...) become the equivalent
//! long form (`{Ref: ...}`, `{"Fn::GetAtt": ...}`) so the CloudFormation adapter sees one shape.
//!
//! It does not resolve anything beyond YAML itself (no intrinsic functions: see
//! `cloudformation.rs`), and it does not keep comments.

use super::model::{Node, Value};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::HashMap;

/// Documents analyzed per file at most; the rest of a bigger stream is reported in a note.
pub const MAX_DOCS: usize = 5_000;
/// Nodes (aliases expanded) per document at most.
pub const MAX_NODES: usize = 250_000;

#[derive(Debug, Clone, PartialEq)]
pub enum YamlError {
    Syntax { line: u32, message: String },
    AliasBudget,
    TooManyDocs(usize),
    TooBig,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            YamlError::Syntax { line, message } => {
                write!(f, "could not parse (line {line}): {message}")
            }
            YamlError::AliasBudget => write!(
                f,
                "alias expansion exceeds {MAX_NODES} nodes (a YAML alias bomb?); the document was not analyzed"
            ),
            YamlError::TooManyDocs(n) => write!(
                f,
                "more than {n} YAML documents; only the first {n} were analyzed"
            ),
            YamlError::TooBig => write!(
                f,
                "a document has more than {MAX_NODES} nodes; it was not analyzed"
            ),
        }
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        line: u32,
        anchor: usize,
        tag: Option<String>,
    },
    Map {
        entries: Vec<(String, Node)>,
        key: Option<(String, u32)>,
        line: u32,
        anchor: usize,
        tag: Option<String>,
    },
}

/// Reparses of one file after a leniency fix (see [`parse_stream`]) at most, and at most this
/// many bytes parsed again in all, so a hostile file cannot make the retries expensive.
const MAX_FIXES: usize = 256;
const MAX_REPARSE_BYTES: usize = 64 << 20;

/// Parses every document of `text`, calling `on_doc` with each as soon as it is complete.
/// Documents before an error have already been delivered when the error is returned.
///
/// Two leniencies, as libyaml (PyYAML, Ruby, the CloudFormation service, Kubernetes' parser) has
/// them and YAML 1.2 and `saphyr-parser` do not: a flow collection's closing `]` or `}` on its own
/// line at its key's indentation (`key: [` ... `]`), and a quoted scalar's continuation line at
/// its key's indentation. On either error the offending line is moved right (whitespace only,
/// which neither a flow closer nor a quoted scalar's folded line break keeps, so values and line
/// numbers do not change) and the stream is parsed again, without delivering a document twice.
pub fn parse_stream(text: &str, mut on_doc: impl FnMut(Node)) -> Result<(), YamlError> {
    let mut delivered = 0usize;
    let mut fixed: Option<String> = None;
    let attempts = MAX_FIXES.min(MAX_REPARSE_BYTES / text.len().max(1));
    for attempt in 0..=attempts {
        let src = fixed.as_deref().unwrap_or(text);
        let mut seen = 0usize;
        let result = parse_events(src, |doc| {
            seen += 1;
            if seen > delivered {
                delivered = seen;
                on_doc(doc);
            }
        });
        let lenient = match &result {
            Err(YamlError::Syntax { line, message }) if attempt < attempts => {
                match message.as_str() {
                    "invalid indentation" => indent_line(src, *line, false),
                    "invalid indentation in quoted scalar" => indent_line(src, *line, true),
                    _ => None,
                }
            }
            _ => None,
        };
        match lenient {
            Some(t) => fixed = Some(t),
            None => return result,
        }
    }
    unreachable!("the last attempt returns")
}

/// `text` with one line moved right, or `None` when there is no such line. For a flow closer
/// (`quoted` false), line `line` (1-based) when it starts with `]` or `}`, to the indentation of
/// the nearest non-blank line above. For a quoted scalar starting on line `line` (`quoted`), the
/// first non-blank line after it indented no further than the scalar's key, to one column past
/// the key.
fn indent_line(text: &str, line: u32, quoted: bool) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = (line as usize).checked_sub(1)?;
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let (at, target) = if quoted {
        let start = lines.get(at)?;
        let key = start.len() - start.trim_start_matches([' ', '-']).len();
        // The scalar must still be open after its first line, and the moved line inside it.
        let quote = start[key..].find(['"', '\''])? + key;
        let q = start.as_bytes()[quote] as char;
        let quotes = |l: &str| l.replace("\\\\", "").replace("\\\"", "").matches(q).count();
        if quotes(&start[quote..]) % 2 == 0 {
            return None;
        }
        let next = (at + 1..lines.len())
            .find(|&i| !lines[i].trim().is_empty() && indent_of(lines[i]) <= key)?;
        if lines[at + 1..next].iter().any(|l| quotes(l) > 0) {
            return None;
        }
        (next, key + 1)
    } else {
        if !lines
            .get(at)?
            .trim_start_matches(' ')
            .starts_with([']', '}'])
        {
            return None;
        }
        let above = lines[..at].iter().rev().find(|l| !l.trim().is_empty())?;
        (at, indent_of(above))
    };
    let indent = indent_of(lines[at]);
    if target <= indent {
        return None;
    }
    let mut out = String::with_capacity(text.len() + target - indent);
    for (i, l) in lines.iter().enumerate() {
        if i == at {
            out.extend(std::iter::repeat_n(' ', target - indent));
        }
        out.push_str(l);
    }
    Some(out)
}

fn parse_events(text: &str, mut on_doc: impl FnMut(Node)) -> Result<(), YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut root: Option<Node> = None;
    let mut docs = 0usize;
    let mut nodes = 0usize;
    while let Some(ev) = parser.next_event() {
        let (ev, span) = ev.map_err(|e| YamlError::Syntax {
            line: e.marker().line() as u32,
            message: e.info().to_string(),
        })?;
        let line = span.start.line() as u32;
        let produced: Option<(Node, usize)> = match ev {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                if docs >= MAX_DOCS {
                    return Err(YamlError::TooManyDocs(MAX_DOCS));
                }
                anchors.clear();
                nodes = 0;
                None
            }
            Event::DocumentEnd => {
                docs += 1;
                if let Some(doc) = root.take() {
                    on_doc(doc);
                }
                None
            }
            Event::Alias(id) => {
                let node = anchors
                    .get(&id)
                    .cloned()
                    .unwrap_or(Node::new(Value::Null, line));
                nodes += node.size();
                if nodes > MAX_NODES {
                    return Err(YamlError::AliasBudget);
                }
                Some((Node { line, ..node }, 0))
            }
            Event::Scalar(v, style, anchor, tag) => {
                nodes += 1;
                let node = Node::new(scalar(&v, style, tag.as_deref()), line);
                Some((wrap_tag(node, tag.as_deref().map(tag_name)), anchor))
            }
            Event::SequenceStart(anchor, tag) => {
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    line,
                    anchor,
                    tag: tag.as_deref().map(tag_name),
                });
                None
            }
            Event::MappingStart(anchor, tag) => {
                stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    line,
                    anchor,
                    tag: tag.as_deref().map(tag_name),
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    items,
                    line,
                    anchor,
                    tag,
                }) => {
                    nodes += 1;
                    Some((wrap_tag(Node::new(Value::List(items), line), tag), anchor))
                }
                Some(Frame::Map {
                    entries,
                    line,
                    anchor,
                    tag,
                    ..
                }) => {
                    nodes += 1;
                    let entries = merge_keys(entries);
                    Some((wrap_tag(Node::new(Value::Map(entries), line), tag), anchor))
                }
                None => None,
            },
            Event::StreamStart | Event::Nothing => None,
        };
        if nodes > MAX_NODES {
            return Err(YamlError::TooBig);
        }
        let Some((node, anchor)) = produced else {
            continue;
        };
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let k = node
                        .scalar_text()
                        .map(|s| s.into_owned())
                        .unwrap_or_else(|| "?".to_string());
                    *key = Some((k, node.line));
                }
                Some((k, kline)) => entries.push((
                    k,
                    Node {
                        line: kline,
                        ..node
                    },
                )),
            },
        }
    }
    if let Some(doc) = root.take() {
        on_doc(doc);
    }
    Ok(())
}

/// Parses a single-document file (CloudFormation, compose, a workflow).
pub fn parse_one(text: &str) -> Result<Option<Node>, YamlError> {
    let mut first = None;
    parse_stream(text, |d| {
        if first.is_none() {
            first = Some(d);
        }
    })?;
    Ok(first)
}

fn tag_name(t: &Tag) -> String {
    if t.handle == "!" {
        t.suffix.clone()
    } else {
        String::new()
    }
}

/// `!Ref x` → `{Ref: x}`, `!GetAtt a.b` → `{"Fn::GetAtt": a.b}`, other local tags likewise.
fn wrap_tag(node: Node, tag: Option<String>) -> Node {
    match tag.as_deref() {
        None | Some("") => node,
        Some("Ref") => Node::map(vec![("Ref".into(), node.clone())], node.line),
        Some(t) => {
            let line = node.line;
            Node::map(vec![(format!("Fn::{t}"), node)], line)
        }
    }
}

/// YAML `<<: *base` merge keys: entries of the merged map(s) that the map does not set itself.
fn merge_keys(entries: Vec<(String, Node)>) -> Vec<(String, Node)> {
    if !entries.iter().any(|(k, _)| k == "<<") {
        return entries;
    }
    let mut own: Vec<(String, Node)> = Vec::new();
    let mut merged: Vec<(String, Node)> = Vec::new();
    for (k, v) in entries {
        if k == "<<" {
            let maps = match v.value {
                Value::List(l) => l,
                other => vec![Node::new(other, v.line)],
            };
            for m in maps {
                if let Value::Map(es) = m.value {
                    merged.extend(es);
                }
            }
        } else {
            own.push((k, v));
        }
    }
    for (k, v) in merged {
        if !own.iter().any(|(o, _)| *o == k) {
            own.push((k, v));
        }
    }
    own
}

fn scalar(v: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if style != ScalarStyle::Plain || tag.is_some_and(|t| t.handle == "!!" && t.suffix == "str") {
        return Value::Str(v.to_string());
    }
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let numeric = v
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && v.bytes().any(|b| b.is_ascii_digit());
    if numeric && let Ok(n) = v.parse::<f64>() {
        return Value::Num(n);
    }
    Value::Str(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str) -> Result<Vec<Node>, YamlError> {
        let mut out = Vec::new();
        parse_stream(text, |d| out.push(d))?;
        Ok(out)
    }

    #[test]
    fn keeps_lines_types_and_short_tags() {
        let d = docs("a: 1\nb:\n  c: true\n  d: [x, 'y']\ne: !Ref Bucket\n---\nk: v\n").unwrap();
        assert_eq!(d.len(), 2);
        let a = d[0].get("a").unwrap();
        assert_eq!((a.as_num(), a.line), (Some(1.0), 1));
        let b = d[0].get("b").unwrap();
        assert_eq!(b.line, 2);
        assert_eq!(b.get("c").unwrap().value, Value::Bool(true));
        assert_eq!(b.get("c").unwrap().line, 3);
        let e = d[0].get("e").unwrap();
        assert_eq!(e.get("Ref").unwrap().as_str(), Some("Bucket"));
        assert_eq!(d[1].get("k").unwrap().line, 7);
    }

    #[test]
    fn json_parses_as_yaml() {
        let d = docs("{\n\t\"Resources\": {\n\t\t\"B\": {\"Type\": \"AWS::S3::Bucket\"}\n\t}\n}\n")
            .unwrap();
        let b = d[0].get("Resources").unwrap().get("B").unwrap();
        assert_eq!(b.get("Type").unwrap().as_str(), Some("AWS::S3::Bucket"));
        assert_eq!(b.line, 3);
    }

    #[test]
    fn alias_bomb_stops_within_budget() {
        let mut s = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut prev = 'a';
        for c in 'b'..='j' {
            s.push_str(&format!(
                "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = c;
        }
        assert_eq!(docs(&s).unwrap_err(), YamlError::AliasBudget);
    }

    #[test]
    fn a_flow_closer_at_its_keys_indentation_parses_as_libyaml_has_it() {
        let text = "---\nk: 1\n---\nA:\n  x: [\n    \"k\",\n    \"j\"\n  ]\n  y: {\n    a: 1\n  }\n  z: 2\n";
        let d = docs(text).unwrap();
        assert_eq!(d.len(), 2, "no document is delivered twice");
        let a = d[1].get("A").unwrap();
        assert!(matches!(&a.get("x").unwrap().value, Value::List(l) if l.len() == 2));
        assert_eq!(a.get("y").unwrap().get("a").unwrap().as_num(), Some(1.0));
        assert_eq!(a.get("z").unwrap().line, 12);
        // A quoted scalar continued at its key's indentation keeps its value.
        let d = docs("a:\n  b: \"one two\n  three\n  four\"\n  c: 'x\n  y'\n").unwrap();
        let a = d[0].get("a").unwrap();
        assert_eq!(a.get("b").unwrap().as_str(), Some("one two three four"));
        assert_eq!(a.get("c").unwrap().as_str(), Some("x y"));
        assert_eq!(a.get("c").unwrap().line, 5);
        // A closer that is not alone at a smaller indentation is still an error.
        assert!(docs("a:\n  b: 1\n c: 2\n").is_err());
    }

    #[test]
    fn lenient_retries_are_bounded() {
        // Every closer needs its own retry: under the bound the file parses, over it the file
        // is reported as a syntax error instead of being parsed again and again.
        let closers = |n: usize| {
            let mut s = String::from("a:\n");
            for i in 0..n {
                s.push_str(&format!("  k{i}: [\n    \"x\",\n    \"y\"\n  ]\n"));
            }
            s
        };
        let d = docs(&closers(MAX_FIXES)).unwrap();
        assert_eq!(d[0].get("a").unwrap().get("k0").unwrap().line, 2);
        assert!(matches!(
            docs(&closers(MAX_FIXES + 1)).unwrap_err(),
            YamlError::Syntax { .. }
        ));
        // A big file gets fewer retries: its re-parsed bytes stay within MAX_REPARSE_BYTES.
        let mut big = "#".repeat(MAX_REPARSE_BYTES / 2);
        big.push_str(&closers(3));
        assert!(docs(&big).is_err());
    }

    #[test]
    fn merge_keys_and_malformed_input() {
        let d = docs("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n").unwrap();
        assert!(d[0].get("m").unwrap().get("x").is_some());
        assert!(matches!(
            docs("a: [1, 2\nb: }").unwrap_err(),
            YamlError::Syntax { .. }
        ));
    }
}
