//! Free text (logs, docs, source string literals, FHIR narratives): validated patterns that must be
//! preceded by one of their rule's context words on the same line (`SSN: ...`, `DOB ...`,
//! `phone ...`).
//!
//! A line is looked at only when it holds a context word of some rule (one aho-corasick pass over
//! the file), so ordinary text costs almost nothing and a bare number never fires. A value counts
//! as a person's when the line also talks about a person ("patient", "name", "DOB", "member", ...),
//! or when the caller already knows (a Patient's narrative). Names found in free text must be in the
//! bundled census lists or carry Synthea's digits; this module never guesses a name from
//! capitalisation alone.

use super::context;
use super::hit::{At, Sink};
use super::spec::Specs;
use super::validate::Verdict;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

/// How far before a value its context word may be, in bytes.
const CONTEXT_WINDOW: usize = 48;
/// Lines longer than this (minified code, one-line dumps) are not looked into; the sink counts
/// them so the analyzer can say so. Finding the lines is linear in the text whatever their length.
pub const MAX_LINE: usize = 4096;

pub struct TextScanner {
    words: Vec<String>,
    prefilter: AhoCorasick,
}

/// What to scan: `text[start..end]`; `forced` when the caller already ties it to a person;
/// `record_base` keeps line records apart from other records of the file; `strong_only` (a file
/// without health context, where nothing else could be reported) runs only the patterns of strong
/// identifiers.
pub struct Region<'a> {
    pub start: usize,
    pub end: usize,
    pub forced: Option<&'a Forced<'a>>,
    pub record_base: u32,
    pub strong_only: bool,
    /// Keep values that are only the right shape (a record number, a name not in the census
    /// lists): in logs and narratives, where a labelled value is a record; not in source code or
    /// markup, where `MRN_123` is a test constant.
    pub weak_ok: bool,
}

/// A region the caller already ties to a person.
pub struct Forced<'a> {
    pub record: u32,
    pub place: &'a str,
}

impl TextScanner {
    pub fn new(specs: &Specs) -> TextScanner {
        let words = specs.context_words();
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(&words)
            .expect("context words compile");
        TextScanner { words, prefilter }
    }

    /// Scans a region of `text`, line by line.
    pub fn scan(&self, text: &str, sink: &mut Sink, region: Region) {
        let Region {
            start,
            end,
            forced,
            record_base,
            strong_only,
            weak_ok,
        } = region;
        if self.words.is_empty() {
            return;
        }
        let region = &text[start..end];
        let bytes = region.as_bytes();
        // Lines holding a context word at a word start.
        // Each line is searched for its ends once: matches inside a line already listed are
        // skipped before any search, so a long line with many context words stays linear.
        let mut line_starts: Vec<(usize, usize)> = Vec::new();
        for m in self.prefilter.find_iter(region) {
            if line_starts.last().is_some_and(|l| m.start() < l.1) {
                continue;
            }
            if m.start() > 0 && bytes[m.start() - 1].is_ascii_alphanumeric() {
                continue;
            }
            let from = line_starts.last().map_or(0, |l| l.1);
            let ls = memchr::memrchr2(b'\n', b'\r', &bytes[from..m.start()])
                .map_or(from, |i| from + i + 1);
            let le = memchr::memchr2(b'\n', b'\r', &bytes[m.end()..])
                .map_or(bytes.len(), |i| m.end() + i);
            line_starts.push((ls, le));
        }
        // Line numbers, counted forward once (a bare CR ends a line, as in `finding::line_col`).
        let tb = text.as_bytes();
        let (mut counted_to, mut line_no) = (0usize, 1u32);
        for (ls, le) in line_starts {
            let line = &region[ls..le];
            for i in counted_to..start + ls {
                if tb[i] == b'\n' || (tb[i] == b'\r' && tb.get(i + 1) != Some(&b'\n')) {
                    line_no += 1;
                }
            }
            counted_to = start + ls;
            if line.len() > MAX_LINE {
                sink.long_lines += 1;
                continue;
            }
            let lower = line.to_ascii_lowercase();
            let person = forced.is_some() || context::mentions_person(line);
            // A name in free text: only in logs and narratives (not in code, markup or prose), and
            // with a person word besides `name` itself.
            let names_ok =
                weak_ok && (forced.is_some() || context::mentions_person_besides_name(line));
            let mut line_words_added = false;
            for (si, spec) in sink.specs.identifiers() {
                let Some(re) = &spec.pattern else { continue };
                if (strong_only && !spec.strong) || (spec.is_name && !names_ok) {
                    continue;
                }
                if !spec.context.iter().any(|c| lower.contains(c.as_str())) {
                    continue;
                }
                for caps in re.captures_iter(line) {
                    let m = caps.get(1).unwrap_or_else(|| caps.get(0).unwrap());
                    let before = &lower[..m.start()];
                    let mut w0 = before.len().saturating_sub(CONTEXT_WINDOW);
                    while !before.is_char_boundary(w0) {
                        w0 += 1;
                    }
                    let window = &before[w0..];
                    let has_context = spec.context.iter().any(|c| {
                        window.match_indices(c.as_str()).any(|(i, _)| {
                            let abs = before.len() - window.len() + i;
                            abs == 0 || !lower.as_bytes()[abs - 1].is_ascii_alphanumeric()
                        })
                    });
                    if !has_context {
                        continue;
                    }
                    let at = At {
                        start: start + ls + m.start(),
                        end: start + ls + m.end(),
                        record: forced.map_or(record_base + line_no, |f| f.record),
                        person,
                        generic: spec.is_name,
                    };
                    let place = || match forced {
                        Some(f) => f.place.to_string(),
                        None => format!("line {line_no}"),
                    };
                    if !weak_ok && (sink.specs.all[si].validator)(m.as_str()) == Verdict::Weak {
                        continue;
                    }
                    if !line_words_added {
                        line_words_added = true;
                        sink.line_words
                            .entry(at.record)
                            .or_default()
                            .extend(super::samples::name_words(line));
                    }
                    sink.judge(si, m.as_str(), at, place);
                }
            }
        }
    }
}
