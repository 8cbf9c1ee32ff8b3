//! The rust analyzer: security mistakes health-tech Rust services make, found in the syntax tree.
//!
//! Each rule is a data file (`rules/rust/*.toml`) whose `[matcher]` names a check; the checks are
//! registered in one table ([`checks::CHECKS`]) and each lives in its own module. Per file:
//!
//! 1. Generated files (`@generated`, bindgen output) are skipped. A keyword prefilter (Aho-Corasick)
//!    decides which checks can match at all; a file no check cares about is never parsed, which
//!    keeps the analyzer close to the cost of a text scan.
//! 2. A lexical nesting estimate ([`guard`]) skips pathological files with a note; deep but sane
//!    files are parsed on a thread with a large stack, ordinary ones on the calling worker.
//! 3. `syn` parses the file once; a file that does not parse (future syntax) gets a warning note.
//! 4. Each triggered check walks the tree and reports hits; hits in test code are dropped unless
//!    the rule says `in_tests = true`; hits become findings with UTF-16 locations, a redacted
//!    snippet and a fingerprint of rule, path, enclosing function and matched name.
//!
//! The hard-coded-credential check also runs the string literals of every file it parses through
//! the secrets rules (see [`creds`]), using only the secrets analyzer's public API. Parsing is parallel because the
//! engine calls `analyze` from its rayon workers; `proc-macro2` keeps every parsed file in a
//! thread-local source map for span locations, so the analyzer clears it after each file.
//! Inline suppression and severity overrides are applied by the engine and policy, not here.

mod checks;
mod code_map;
mod creds;
mod crypto;
mod guard;
mod location;
mod names;
mod phi_logs;
mod shell;
mod sql;
mod strings;
mod syntax;
mod tls;

use super::{Analyzer, BuildError, Output};
use crate::analyzers::secrets::SecretsAnalyzer;
use crate::config::Config;
use crate::finding::{AnalyzerKind, Finding, fingerprint};
use crate::input::{FileKind, Input};
use crate::note::Note;
use crate::redact;
use crate::rule::{Rule, RuleError};
use aho_corasick::AhoCorasick;
use checks::{Check, Cx, Hit, NamesTrigger, Params};
use serde::{Deserialize, Serialize};

/// `[rust]` in `.aseptic.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RustConfig {}

/// Files whose nesting estimate is above this are parsed on a thread with [`BIG_STACK`]. Measured
/// on a debug build: a 2 MiB stack (a rayon worker's) parses and visits 100 nested parentheses plus
/// a 100-term chain, and overflows at 200; ordinary code estimates well below 100.
const INLINE_DEPTH: usize = 100;
/// Files whose nesting estimate is above this are not parsed (a note says so). A 256 MiB stack
/// handled 4,000 levels on a debug build, twice this limit.
const MAX_DEPTH: usize = 2_000;
const BIG_STACK: usize = 256 * 1024 * 1024;

struct CompiledRule {
    rule: Rule,
    check: &'static Check,
    params: Params,
    in_tests: bool,
}

pub struct RustAnalyzer {
    rules: Vec<CompiledRule>,
    /// The secrets rules, for literal values (only when the credential check is enabled).
    secrets: Option<SecretsAnalyzer>,
    /// Trigger words with an upper-case letter are matched as written (`Command`, `SELECT `),
    /// lower-case ones in any case (`password` finds `PASSWORD`).
    /// Indexed `[phase][case]`. Phase 0 holds every trigger group and the names of checks that
    /// have no other trigger (the credential check); phase 1 the names of checks that also need
    /// other triggers, searched only when one of those checks' other groups all matched: short
    /// names such as `key` or `iv` would otherwise cost a match on nearly every line.
    prefilter: [[Option<AhoCorasick>; 2]; 2],
    /// For each pattern of each automaton: (rule index, trigger group).
    owners: [[Vec<(usize, usize)>; 2]; 2],
}

impl RustAnalyzer {
    pub fn new(rules: Vec<Rule>, all_rules: &[Rule], config: &Config) -> Result<Self, BuildError> {
        let mut compiled = Vec::new();
        for rule in rules {
            let matcher: checks::Matcher =
                rule.matcher
                    .clone()
                    .try_into()
                    .map_err(|e: toml::de::Error| {
                        RuleError::new(&rule.source, format!("[matcher]: {e}"))
                    })?;
            let (check, params) =
                checks::compile(&matcher).map_err(|m| RuleError::new(&rule.source, m))?;
            compiled.push(CompiledRule {
                rule,
                check,
                params,
                in_tests: matcher.in_tests,
            });
        }
        let wants_secrets = compiled
            .iter()
            .any(|c| c.check.name == "hard-coded-credential");
        let secret_rules: Vec<Rule> = all_rules
            .iter()
            .filter(|r| r.analyzer == AnalyzerKind::Secrets)
            .cloned()
            .collect();
        let secrets = if wants_secrets && !secret_rules.is_empty() {
            Some(SecretsAnalyzer::new(secret_rules, config)?)
        } else {
            None
        };
        let mut patterns: [[Vec<String>; 2]; 2] = Default::default();
        let mut owners: [[Vec<(usize, usize)>; 2]; 2] = Default::default();
        let mut add = |phase: usize, t: String, owner: (usize, usize)| {
            let k = usize::from(t.chars().any(|c| c.is_ascii_uppercase()));
            patterns[phase][k].push(t);
            owners[phase][k].push(owner);
        };
        for (i, c) in compiled.iter().enumerate() {
            for (g, group) in c.check.triggers.iter().enumerate() {
                for t in *group {
                    add(0, t.to_string(), (i, g));
                }
            }
            if c.check.names_trigger != NamesTrigger::No {
                let phase = usize::from(!c.check.triggers.is_empty());
                for t in c
                    .params
                    .names
                    .spellings()
                    .into_iter()
                    .chain(c.params.types.spellings())
                {
                    add(phase, t, (i, c.check.triggers.len()));
                }
            }
        }
        let build = |pats: &[String], ci: bool| -> Result<Option<AhoCorasick>, BuildError> {
            if pats.is_empty() {
                return Ok(None);
            }
            // A DFA: built once per run, and the prefilter reads every byte of every `.rs` file.
            AhoCorasick::builder()
                .ascii_case_insensitive(ci)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(pats)
                .map(Some)
                .map_err(|e| BuildError::Setup(format!("rust analyzer prefilter: {e}")))
        };
        let prefilter = [
            [
                build(&patterns[0][0], true)?,
                build(&patterns[0][1], false)?,
            ],
            [
                build(&patterns[1][0], true)?,
                build(&patterns[1][1], false)?,
            ],
        ];
        Ok(RustAnalyzer {
            rules: compiled,
            secrets,
            prefilter,
            owners,
        })
    }

    /// Which rules can match `text` at all: every trigger group of the rule's check has a word in
    /// the text. Name words must stand as words (`ssn` in `patient_ssn` or `userSsn`, not in
    /// `classname`); for the credential check also on a line with a string literal.
    fn triggered(&self, text: &str) -> Vec<bool> {
        let groups = |c: &CompiledRule| {
            c.check.triggers.len() + usize::from(c.check.names_trigger != NamesTrigger::No)
        };
        let mut hit: Vec<Vec<bool>> = self.rules.iter().map(|c| vec![false; groups(c)]).collect();
        let all = |h: &Vec<bool>| h.iter().all(|x| *x);
        let b = text.as_bytes();
        for phase in 0..2 {
            if phase == 1 {
                // Names of checks whose other trigger groups all matched, and only those.
                let pending = self.rules.iter().zip(&hit).any(|(c, h)| {
                    !c.check.triggers.is_empty()
                        && h.len() > c.check.triggers.len()
                        && h[..c.check.triggers.len()].iter().all(|x| *x)
                        && !h[c.check.triggers.len()]
                });
                if !pending {
                    break;
                }
            }
            for (k, ac) in self.prefilter[phase].iter().enumerate() {
                let Some(ac) = ac else { continue };
                if hit.iter().all(all) {
                    break;
                }
                for m in ac.find_overlapping_iter(text) {
                    let (r, g) = self.owners[phase][k][m.pattern().as_usize()];
                    if hit[r][g] {
                        continue;
                    }
                    let c = &self.rules[r];
                    if g == c.check.triggers.len() {
                        if !word_at(b, m.start(), m.end()) {
                            continue;
                        }
                        if c.check.names_trigger == NamesTrigger::WordOnQuotedLine {
                            let ls = memchr::memrchr(b'\n', &b[..m.start()]).map_or(0, |i| i + 1);
                            let le = memchr::memchr(b'\n', &b[m.end()..])
                                .map_or(b.len(), |i| m.end() + i);
                            if memchr::memchr(b'"', &b[ls..le]).is_none() {
                                continue;
                            }
                        }
                    }
                    hit[r][g] = true;
                    if hit.iter().all(all) {
                        break;
                    }
                }
            }
        }
        hit.iter().map(all).collect()
    }

    fn run(&self, input: &Input, active: &[bool], out: &mut Output) {
        // Spans refer to this thread's source map; start from an empty one.
        proc_macro2::extra::invalidate_current_thread_spans();
        self.parse_and_check(input, active, out);
        proc_macro2::extra::invalidate_current_thread_spans();
    }

    fn parse_and_check(&self, input: &Input, active: &[bool], out: &mut Output) {
        let text: &str = &input.text;
        let base = location::parse_base(text);
        let index = location::LineIndex::new(text, base);
        let file: syn::File = match syn::parse_str(&text[base..]) {
            Ok(f) => f,
            Err(e) => {
                let (start, _) = index.range(e.span());
                let line = index.line_of(start) + 1;
                out.notes.push(Note::warning(
                    Some(input.path),
                    format!(
                        "not parsed as Rust (line {line}: {e}); the rust checks skipped this file"
                    ),
                ));
                return;
            }
        };
        let aliases = syntax::Aliases::of(&file);
        let map = code_map::CodeMap::of(&file, &index, input.path);
        let cx = Cx {
            file: &file,
            aliases: &aliases,
            index: &index,
            input,
            secrets: self.secrets.as_ref().map(|s| s as &dyn Analyzer),
        };
        for (c, _) in self.rules.iter().zip(active).filter(|(_, a)| **a) {
            let mut hits = Vec::new();
            (c.check.run)(&cx, &c.params, &mut hits);
            for h in hits {
                if !c.in_tests && map.in_test(h.start) {
                    continue;
                }
                out.findings.push(self.finding(c, input, &index, &map, h));
            }
        }
    }

    fn finding(
        &self,
        c: &CompiledRule,
        input: &Input,
        index: &location::LineIndex,
        map: &code_map::CodeMap,
        h: Hit,
    ) -> Finding {
        let location = index.location(input.path, h.start, h.end);
        let line = index.line_text(index.line_of(h.start));
        let snippet = match &h.secret {
            Some(s) => redact::redact_in_line(line, s),
            None => redact::redact_in_line(line, ""),
        };
        let enclosing = map.enclosing_fn(h.start);
        let mut properties: std::collections::BTreeMap<String, String> =
            h.properties.into_iter().collect();
        if !enclosing.is_empty() {
            properties.insert("function".into(), enclosing.to_string());
        }
        Finding {
            rule_id: c.rule.id.clone(),
            analyzer: AnalyzerKind::Rust,
            severity: c.rule.severity,
            message: h.message,
            location,
            snippet,
            fingerprint: fingerprint(&c.rule.id, input.path, &format!("{enclosing}::{}", h.key)),
            logical_location: (!enclosing.is_empty()).then(|| enclosing.to_string()),
            properties,
        }
    }
}

/// Generated code (bindgen output, `@generated` files) is not written or reviewed by people and is
/// not checked: its first 2 KiB carry the generator's marker.
fn is_generated(text: &str) -> bool {
    let mut end = text.len().min(2048);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].to_ascii_lowercase();
    [
        "@generated",
        "automatically generated",
        "auto-generated",
        "autogenerated",
        "do not edit",
    ]
    .iter()
    .any(|m| head.contains(m))
}

/// Does `b[start..end]` stand as a word: not glued to letters on either side, except at a
/// camelCase boundary (`userSsn`, `ssnValue`)?
fn word_at(b: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| b[i]);
    let after = b.get(end).copied();
    let first = b[start];
    let last = b[end - 1];
    let ok_before = match before {
        Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() => first.is_ascii_uppercase(),
        Some(c) if c.is_ascii_uppercase() => {
            !first.is_ascii_lowercase() && !first.is_ascii_uppercase()
                || (first.is_ascii_uppercase()
                    && b.get(start + 1).is_some_and(|n| n.is_ascii_lowercase()))
        }
        _ => true,
    };
    let ok_after = match after {
        Some(c) if c.is_ascii_lowercase() => false,
        Some(c) if c.is_ascii_uppercase() => last.is_ascii_lowercase(),
        Some(c) if c.is_ascii_digit() => false,
        _ => true,
    };
    ok_before && ok_after
}

impl Analyzer for RustAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Rust
    }

    fn applies_to(&self, input: &Input) -> bool {
        input.kind == FileKind::Rust && !self.rules.is_empty()
    }

    fn analyze(&self, input: &Input, out: &mut Output) {
        if is_generated(&input.text) {
            return;
        }
        let mut active = self.triggered(&input.text);
        if !active.iter().any(|a| *a) {
            return;
        }
        // A file that is parsed anyway also has its string literals run through the secrets rules
        // (by the credential check). Files no check needs are not parsed for that alone: the
        // secrets analyzer scans their whole text, and parsing every file would cost more than
        // that scan.
        if self.secrets.is_some() {
            if let Some(i) = self
                .rules
                .iter()
                .position(|c| c.check.name == "hard-coded-credential")
            {
                active[i] = true;
            }
        }
        let depth = guard::nesting_estimate(&input.text);
        if depth > MAX_DEPTH {
            out.notes.push(Note::warning(
                Some(input.path),
                format!(
                    "not parsed as Rust: nesting is too deep (estimate {depth}, limit {MAX_DEPTH}); the rust checks skipped this file"
                ),
            ));
            return;
        }
        if depth <= INLINE_DEPTH {
            self.run(input, &active, out);
            return;
        }
        // Deep but plausible: parse on a thread with a big stack so recursion cannot overflow.
        std::thread::scope(|s| {
            let handle = std::thread::Builder::new()
                .name("aseptic-rust-deep".into())
                .stack_size(BIG_STACK)
                .spawn_scoped(s, || {
                    let mut o = Output::default();
                    self.run(input, &active, &mut o);
                    o
                });
            match handle {
                Ok(h) => match h.join() {
                    Ok(o) => {
                        out.findings.extend(o.findings);
                        out.notes.extend(o.notes);
                    }
                    Err(p) => std::panic::resume_unwind(p),
                },
                Err(e) => out.notes.push(Note::warning(
                    Some(input.path),
                    format!("not parsed as Rust: cannot start a parser thread ({e})"),
                )),
            }
        });
    }
}
