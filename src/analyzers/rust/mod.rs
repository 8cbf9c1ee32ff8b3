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
//! 5. A hit of an injection check whose text depends only on what the file cannot tell (a
//!    parameter of the enclosing function, a function or field defined in another file) is held
//!    back; [`Analyzer::finish`] settles it from the crate's other files ([`calls`]), re-reading
//!    only the files that mention a waited-for name, so the pass stays linear and costs nothing
//!    on a crate with no held-back hit.
//!
//! The hard-coded-credential check also runs the string literals of every file it parses through
//! the secrets rules (see [`creds`]), using only the secrets analyzer's public API. Parsing is parallel because the
//! engine calls `analyze` from its rayon workers; `proc-macro2` keeps every parsed file in a
//! thread-local source map for span locations, so the analyzer clears it after each file.
//! Inline suppression and severity overrides are applied by the engine and policy, not here.

mod calls;
mod checks;
mod code_map;
mod creds;
mod crypto;
mod fn_scope;
mod guard;
mod location;
mod names;
mod origin;
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

/// Every check as the rules README documents it: name, what it reports, the matcher keys it needs.
pub fn check_docs() -> impl Iterator<Item = (&'static str, &'static str, &'static [&'static str])> {
    checks::CHECKS
        .iter()
        .map(|c| (c.name, c.looks_for, c.requires))
}

/// Files whose nesting estimate is above this are parsed on a thread with [`BIG_STACK`]. Measured
/// on a debug build: a 2 MiB stack (a rayon worker's) parses and visits 100 nested parentheses plus
/// a 100-term chain, and overflows at 200; ordinary code estimates well below 100.
const INLINE_DEPTH: usize = 100;
/// Files whose nesting estimate is above this are not parsed (a note says so). A 256 MiB stack
/// handled 4,000 levels on a debug build, twice this limit.
const MAX_DEPTH: usize = 2_000;
const BIG_STACK: usize = 256 * 1024 * 1024;

/// The Rust files of one crate and the findings held back for its call sites ([`calls`]).
#[derive(Default)]
struct CrateFiles {
    files: Vec<Source>,
    pending: Vec<(calls::Held, Finding)>,
}

/// Where to read a file again in [`Analyzer::finish`].
enum Source {
    Disk(std::path::PathBuf),
    /// A staged blob has no file to read again.
    Text(String),
}

/// The crate a file belongs to, from its path: what comes before its last `src/` folder, else
/// its folder. No manifest is read, so this works the same for staged files.
fn crate_of(path: &str) -> &str {
    let dir = path.rfind('/').map_or("", |i| &path[..i]);
    if dir == "src" || dir.starts_with("src/") {
        return "";
    }
    match dir
        .rfind("/src/")
        .or_else(|| dir.ends_with("/src").then(|| dir.len() - 4))
    {
        Some(i) => &dir[..i],
        None => dir,
    }
}

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
    /// Whether a rule can hold a hit back for the crate pass (the injection checks).
    crate_pass: bool,
    /// Per crate (see [`crate_of`]): its files and held-back findings.
    crates: std::sync::Mutex<std::collections::HashMap<String, CrateFiles>>,
}

impl RustAnalyzer {
    /// Builds the checks. The secrets matcher for literal values is handed in afterwards with
    /// [`RustAnalyzer::set_secrets`], when [`RustAnalyzer::needs_secrets`] says a rule uses it.
    pub fn new(rules: Vec<Rule>) -> Result<Self, Error> {
        let mut compiled = Vec::new();
        for rule in rules {
            let matcher: checks::Matcher =
                (*rule.matcher)
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
        let crate_pass = compiled.iter().any(|c| c.check.uses_origins);
        Ok(RustAnalyzer {
            rules: compiled,
            secrets: None,
            prefilter,
            crate_pass,
            crates: Default::default(),
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
        let wants_origins = self
            .rules
            .iter()
            .zip(active)
            .any(|(c, a)| *a && c.check.uses_origins);
        let consts = std::sync::Arc::new(if wants_origins {
            origin::file_consts(&file)
        } else {
            Default::default()
        });
        let cx = Cx {
            file: &file,
            consts,
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
        out.values.extend(values.iter().map(|(s, e, _)| (*s, *e)));
        let secrets = redact::Spans::new(
            values
                .iter()
                .map(|(s, e, v)| (*s, *e, v.as_str()))
                .collect(),
        );
        let mut pending = Vec::new();
        for (c, mut h) in hits {
            let callee = h.unless_constant.take();
            let f = self.finding(c, input, &index, &map, &secrets, h);
            match callee {
                Some(callee) => pending.push((callee, f)),
                None => out.findings.push(f),
            }
        }
        if !pending.is_empty() {
            let mut crates = self.crates.lock().unwrap_or_else(|e| e.into_inner());
            crates
                .entry(crate_of(input.path).to_string())
                .or_default()
                .pending
                .extend(pending);
        }
    }

    /// Remembers a file of a crate for the crate pass.
    fn remember(&self, input: &Input) {
        let source = match input.disk_path {
            Some(p) => Source::Disk(p.to_path_buf()),
            None => Source::Text(input.text.to_string()),
        };
        let mut crates = self.crates.lock().unwrap_or_else(|e| e.into_inner());
        crates
            .entry(crate_of(input.path).to_string())
            .or_default()
            .files
            .push(source);
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
            value_key: None,
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

    /// The crate pass: a held-back finding is reported unless what it waits for is constant
    /// everywhere in its crate ([`calls`]). Each round reads the files that mention a name the
    /// previous one found wanted (a caller's own call sites, a field's values).
    fn finish(&self, out: &mut Output) {
        use rayon::prelude::*;
        let crates = std::mem::take(&mut *self.crates.lock().unwrap_or_else(|e| e.into_inner()));
        for c in crates.into_values().filter(|c| !c.pending.is_empty()) {
            let mut facts = calls::CrateFacts::default();
            let mut done = calls::Wants::default();
            let mut want = calls::Wants::of_held(c.pending.iter().map(|(h, _)| h));
            for _ in 0..calls::MAX_DEPTH {
                let new = want.minus(&done);
                if new.is_empty() {
                    break;
                }
                let Ok(ac) = aho_corasick::AhoCorasick::new(new.words()) else {
                    facts.unknown(new.names());
                    break;
                };
                let answers: Vec<FileAnswer> = c
                    .files
                    .par_iter()
                    .map(|src| read_crate_file(src, &ac, &new))
                    .collect();
                for a in answers {
                    match a {
                        FileAnswer::Nothing => {}
                        FileAnswer::Facts(found, file) => facts.add(found, &file),
                        FileAnswer::Unknown => facts.unknown(new.names()),
                    }
                }
                done.extend(&new);
                want = facts.wanted();
            }
            for (held, f) in c.pending {
                if !facts.settled(&held) {
                    out.findings.push(f);
                }
            }
        }
    }

    fn analyze(&self, input: &Input, out: &mut Output) {
        if is_generated(&input.text) {
            return;
        }
        // Test files (`tests/`, `benches/`, `examples/`, `*_test.rs`) only matter to rules that
        // report in tests: for the others no hit there could become a finding.
        let test_file = code_map::is_test_path(input.path);
        if self.crate_pass && !test_file {
            self.remember(input);
        }
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

/// What one file of a crate says for the crate pass.
enum FileAnswer {
    /// It mentions none of the words.
    Nothing,
    Facts(calls::FileCalls, std::sync::Arc<origin::FileFacts>),
    /// It could not be read or parsed: every name waited for counts as unknown.
    Unknown,
}

/// Does `text` hold `word` with no identifier character glued to either end?
fn whole_word_at(text: &[u8], start: usize, end: usize) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    (start == 0 || !ident(text[start - 1]) || !ident(text[start]))
        && (end >= text.len() || !ident(text[end]) || !ident(text[end - 1]))
}

/// Reads one file of a crate for the crate pass: the call sites and field values `want` names
/// and what it defines, if it mentions any of the automaton's words.
fn read_crate_file(
    src: &Source,
    ac: &aho_corasick::AhoCorasick,
    want: &calls::Wants,
) -> FileAnswer {
    let text: std::borrow::Cow<str> = match src {
        Source::Disk(p) => match std::fs::read(p) {
            Ok(b) => std::borrow::Cow::Owned(String::from_utf8_lossy(&b).into_owned()),
            Err(_) => return FileAnswer::Unknown,
        },
        Source::Text(t) => std::borrow::Cow::Borrowed(t),
    };
    let bytes = text.as_bytes();
    let mentioned = ac
        .find_overlapping_iter(bytes)
        .any(|m| whole_word_at(bytes, m.start(), m.end()));
    if !mentioned || is_generated(&text) {
        return FileAnswer::Nothing;
    }
    if guard::nesting_estimate(&text) > INLINE_DEPTH {
        return FileAnswer::Unknown;
    }
    let base = location::parse_base(&text);
    proc_macro2::extra::invalidate_current_thread_spans();
    let answer = match syn::parse_str::<syn::File>(&text[base..]) {
        Ok(file) => {
            let facts = std::sync::Arc::new(origin::file_consts(&file));
            let found = calls::sites_in(&file, &want.callees, &want.fields, facts.clone());
            FileAnswer::Facts(found, facts)
        }
        Err(_) => FileAnswer::Unknown,
    };
    proc_macro2::extra::invalidate_current_thread_spans();
    answer
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_belongs_to_the_crate_above_its_last_src_folder() {
        assert_eq!(super::crate_of("src/main.rs"), "");
        assert_eq!(super::crate_of("build.rs"), "");
        assert_eq!(super::crate_of("crates/db/src/lib.rs"), "crates/db");
        assert_eq!(super::crate_of("crates/db/src/store/sql.rs"), "crates/db");
        assert_eq!(super::crate_of("tools/probe/main.rs"), "tools/probe");
    }
}
