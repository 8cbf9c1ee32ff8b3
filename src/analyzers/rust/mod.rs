//! The rust analyzer: security mistakes health-tech Rust services make, found in the syntax tree.
//!
//! Each rule is a data file (`rules/rust/*.toml`) whose `[matcher]` names a check; the checks are
//! registered in one table ([`checks::CHECKS`]) and each lives in its own module. Per file:
//!
//! 1. Generated files (`@generated`, bindgen output) are skipped, and so are test files
//!    (`tests/`, `benches/`, `examples/`) unless a rule reports in tests. A keyword prefilter
//!    ([`prefilter`], one Aho-Corasick pass) decides which checks can match at all; a file no check
//!    cares about is never parsed, which keeps the analyzer close to the cost of a text scan.
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
mod prefilter;
mod shell;
mod sql;
mod strings;
mod syntax;
mod tls;

use super::{Analyzer, Output};
use crate::analyzers::secrets::SecretsAnalyzer;
use crate::error::Error;
use crate::finding::{AnalyzerKind, Finding, fingerprint};
use crate::input::{FileKind, Input};
use crate::note::Note;
use crate::redact;
use crate::rule::{Rule, RuleError};
use checks::{Check, Cx, Hit, NamesTrigger, Params};
use prefilter::{NameUse, Prefilter, RuleWords};
use std::sync::Arc;

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
    secrets: Option<Arc<SecretsAnalyzer>>,
    /// Which rules can match a file at all.
    prefilter: Prefilter,
}

impl RustAnalyzer {
    /// Builds the checks. The secrets matcher for literal values is handed in afterwards with
    /// [`RustAnalyzer::set_secrets`], when [`RustAnalyzer::needs_secrets`] says a rule uses it.
    pub fn new(rules: Vec<Rule>) -> Result<Self, Error> {
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
        let words: Vec<RuleWords> = compiled
            .iter()
            .map(|c| RuleWords {
                groups: c
                    .check
                    .triggers
                    .iter()
                    .map(|g| g.iter().map(|w| w.to_string()).collect())
                    .collect(),
                names: match c.check.names_trigger {
                    NamesTrigger::No => None,
                    how => Some((
                        c.params
                            .names
                            .spellings()
                            .into_iter()
                            .chain(c.params.types.spellings())
                            .collect(),
                        if how == NamesTrigger::WordOnQuotedLine {
                            NameUse::WordOnQuotedLine
                        } else {
                            NameUse::Word
                        },
                    )),
                },
            })
            .collect();
        let prefilter = Prefilter::new(&words).map_err(|e| RuleError::new("rust rules", e))?;
        Ok(RustAnalyzer {
            rules: compiled,
            secrets: None,
            prefilter,
        })
    }

    /// Does an enabled rule check literal values with the secrets rules?
    pub fn needs_secrets(&self) -> bool {
        self.rules
            .iter()
            .any(|c| c.check.name == "hard-coded-credential")
    }

    /// The secrets analyzer whose rules judge literal values (shared with the secrets analyzer).
    pub fn set_secrets(&mut self, secrets: Option<Arc<SecretsAnalyzer>>) {
        self.secrets = secrets.filter(|_| self.needs_secrets());
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
        let index = location::SpanMap::new(text, base);
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
            secrets: self.secrets.as_deref().map(|s| s as &dyn Analyzer),
        };
        let mut hits: Vec<(&CompiledRule, Hit)> = Vec::new();
        for (c, _) in self.rules.iter().zip(active).filter(|(_, a)| **a) {
            let mut found = Vec::new();
            (c.check.run)(&cx, &c.params, &mut found);
            hits.extend(
                found
                    .into_iter()
                    .filter(|h| c.in_tests || !map.in_test(h.start))
                    .map(|h| (c, h)),
            );
        }
        // Every secret value reported in the file is masked in every snippet that shows it: the
        // value inside its literal when it is written there verbatim, else the whole literal.
        let values: Vec<(usize, usize, String)> = hits
            .iter()
            .filter_map(|(_, h)| {
                let v = h.secret.as_ref()?;
                let (s, e) = (h.start, h.end);
                Some(match text.get(s..e).and_then(|t| t.find(v.as_str())) {
                    Some(i) if !v.is_empty() => (s + i, s + i + v.len(), v.clone()),
                    _ => (s, e, v.clone()),
                })
            })
            .collect();
        let secrets = redact::Spans::new(
            values
                .iter()
                .map(|(s, e, v)| (*s, *e, v.as_str()))
                .collect(),
        );
        for (c, h) in hits {
            out.findings
                .push(self.finding(c, input, &index, &map, &secrets, h));
        }
    }

    fn finding(
        &self,
        c: &CompiledRule,
        input: &Input,
        index: &location::SpanMap,
        map: &code_map::CodeMap,
        secrets: &redact::Spans,
        h: Hit,
    ) -> Finding {
        let location = index.location(input.path, h.start, h.end);
        let snippet = redact::snippet(index.lines(), h.start, h.end, secrets);
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
        // Test files (`tests/`, `benches/`, `examples/`, `*_test.rs`) only matter to rules that
        // report in tests: for the others no hit there could become a finding.
        let test_file = code_map::is_test_path(input.path);
        let eligible = |c: &CompiledRule| !test_file || c.in_tests;
        if !self.rules.iter().any(eligible) {
            return;
        }
        let mut active = self.prefilter.triggered(&input.text);
        for (a, c) in active.iter_mut().zip(&self.rules) {
            *a &= eligible(c);
        }
        if !active.iter().any(|a| *a) {
            return;
        }
        // A file that is parsed anyway also has its string literals run through the secrets rules
        // (by the credential check). Files no check needs are not parsed for that alone: the
        // secrets analyzer scans their whole text, and parsing every file would cost more than
        // that scan.
        if self.secrets.is_some()
            && let Some(i) = self
                .rules
                .iter()
                .position(|c| c.check.name == "hard-coded-credential" && eligible(c))
        {
            active[i] = true;
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
