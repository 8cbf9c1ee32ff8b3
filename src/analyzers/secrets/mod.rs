//! Secrets analyzer: committed credentials, found by keyword prefilter (Aho-Corasick) → regex on
//! bytes → captures → entropy → allowlists → placeholder filter → checksum → validate hook, and
//! again on text that is base64-, hex- or percent-encoded once.
//!
//! # The `[matcher]` table of a secrets rule
//!
//! | key | meaning |
//! | --- | --- |
//! | `keywords` | lower-case literals; the rule runs only on lines holding one (ASCII case-insensitive). Empty: every file its `paths` admit |
//! | `regex` | `regex` crate syntax, compiled on bytes with Unicode classes off (falls back to Unicode only when the pattern needs it) |
//! | `secret_group` | capture group of the secret (default 0, the whole match); a group named `secret` wins |
//! | `entropy` | minimum Shannon entropy of the secret, bits per character |
//! | `paths` | globs the file must match (no `/`: the file name, e.g. `.npmrc`) |
//! | `path_regex` | a regex the path must match (gitleaks' `path`; imported rules use it) |
//! | `allowlist` | `{ regexes, stopwords, paths, path_regexes }`: secrets matching / containing them, or files matching, are never findings |
//! | `checksum` | named checksum the secret must pass (`github-crc32`, `npm-crc32`) |
//! | `validate` | named structural check (`jwt`, `private-key`, `base64-text`, `pypi-macaroon`) |
//! | `placeholders` | apply the placeholder filter (default `true`) |
//! | `generic` | a keyword-context rule: stricter placeholder filter (identifiers, UUIDs), and dropped where a provider rule reports the same secret |
//! | `defers` | a shape-only rule (no keyword context): dropped where another rule reports the same secret, like a generic rule, with the ordinary placeholder filter |
//! | `store` | a credential-store rule (field-aware mode, needs `paths`): the value is reported whatever it looks like; only a reference or template expression ([`filters::is_reference_expr`]) is dropped |
//! | `multiline` | the regex sees the whole file (private key blocks); otherwise only keyword lines |
//! | `file_contains` | regex that must match somewhere in the file (e.g. `kind: Secret`) |
//! | `label` | noun for the message, e.g. "AWS access key id"; defaults to the summary |
//!
//! A match lying inside a template or variable expression of its line (`${{ secrets.X }}`,
//! `{{ .Values.x }}`, `${VAR}`, `%(x)s`; [`filters::inside_template`]) is a reference, not a
//! value, for every rule that keeps the placeholder filter on.
//!
//! Hooks are registered in one place, [`hooks`]. The analyzer is built once per run: every regex
//! is compiled at construction and a bad one is a `RuleError` naming the rule file.
//!
//! A finding's message names the kind of secret and shows it masked (`AKIA********`), the snippet
//! is the line with the value masked, the fingerprint hashes that masked line (never the value), and
//! properties record `encoding` (a decoded blob), `encrypted` (private keys), `checksum`, and
//! `commit`/`date` when the input is a commit's added lines. Nothing here reads the disk: the
//! analyzer sees only the bytes it is handed, so history and staged inputs work unchanged.
//!
//! Not done here: inline suppression markers and `[[ignore]]` entries (central, in
//! [`crate::policy`]), and live verification of secrets against provider APIs (never: no network).

pub mod encoded;
pub mod filters;
pub mod hooks;
pub mod import;
pub mod known;
pub mod matcher;
pub mod scan;

use super::{Analyzer, Output};
use crate::error::Error;
use crate::finding::{AnalyzerKind, Finding};
use crate::input::{Input, Origin};
use crate::lines::{LineIndex, floor};
use crate::redact;
use crate::rule::{Rule, RuleError};
use matcher::{Allowlist, AllowlistSpec, CompiledRule};
use scan::{Hit, Matcher};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// `[secrets]` in `.aseptic.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecretsConfig {
    /// Global allowlist: `[secrets.allowlist] paths = [..], regexes = [..], stopwords = [..]`.
    pub allowlist: AllowlistSpec,
    /// Look inside base64, hex and percent-encoded text (default true).
    pub decode: bool,
}

impl Default for SecretsConfig {
    fn default() -> Self {
        SecretsConfig {
            allowlist: AllowlistSpec::default(),
            decode: true,
        }
    }
}

pub struct SecretsAnalyzer {
    matcher: Matcher,
    global: Allowlist,
    decode: bool,
}

impl SecretsAnalyzer {
    pub fn new(rules: Vec<Rule>, config: &SecretsConfig) -> Result<Self, Error> {
        let compiled = rules
            .iter()
            .map(CompiledRule::compile)
            .collect::<Result<Vec<_>, RuleError>>()?;
        let global = Allowlist::compile(&config.allowlist)
            .map_err(|e| Error::Config(format!("config: [secrets.allowlist]: {e}")))?;
        Ok(SecretsAnalyzer {
            matcher: Matcher::new(compiled),
            global,
            decode: config.decode,
        })
    }

    /// Every rule keyword (lower-case, sorted), e.g. for a fixed-string search to compare with.
    pub fn keywords(&self) -> Vec<String> {
        self.matcher.keyword_list()
    }

    fn finding(
        &self,
        input: &Input,
        index: &LineIndex,
        secrets: &redact::Spans,
        hit: &Hit,
        span: (usize, usize),
    ) -> Finding {
        let rule = &self.matcher.rules[hit.rule];
        let text: &str = &input.text;
        let (start, end) = (floor(text, span.0), floor(text, span.1));
        // Every secret of the file that shows is masked (an encoded blob as a whole).
        let snippet = redact::snippet(index, start, end, secrets);
        let mut properties = hit.props.clone();
        if let Origin::Commit { id, date } = &input.origin {
            properties.insert("commit".into(), id.clone());
            properties.insert("date".into(), date.clone());
        }
        // A published value (an emulator default, a documentation example key) grants nothing:
        // still shown, as info, saying what it is.
        let known = known::lookup(&hit.secret);
        let (severity, message) = match known {
            Some(k) => {
                properties.insert("known_value".into(), k.name.clone());
                (
                    crate::finding::Severity::Info,
                    format!(
                        "{} ({}): {}, published on purpose",
                        rule.label,
                        redact::mask(hit.secret.trim()),
                        k.name
                    ),
                )
            }
            None => (
                rule.severity,
                format!("{} ({})", rule.label, redact::mask(hit.secret.trim())),
            ),
        };
        Finding {
            rule_id: rule.id.clone(),
            analyzer: AnalyzerKind::Secrets,
            severity,
            message,
            location: index.location(input.path, start, end),
            snippet,
            // Left to the engine: derived from the snippet once every value on it is masked.
            fingerprint: String::new(),
            logical_location: None,
            properties,
            value_key: None,
        }
    }
}

impl SecretsAnalyzer {
    /// A binary key store: only rules restricted to its file name run, over the raw bytes (the
    /// format's magic), and a finding points at the file, showing no bytes of it.
    fn analyze_key_store(&self, input: &Input, out: &mut Output) {
        let index = LineIndex::new("");
        for hit in self
            .matcher
            .scan(input.path, input.bytes, &self.global)
            .hits
        {
            let rule = &self.matcher.rules[hit.rule];
            if rule.paths.is_none() {
                continue;
            }
            out.findings.push(Finding {
                rule_id: rule.id.clone(),
                analyzer: AnalyzerKind::Secrets,
                severity: rule.severity,
                message: format!("{} (binary, {} bytes)", rule.label, input.bytes.len()),
                location: index.location(input.path, 0, 0),
                snippet: String::new(),
                // Left to the engine, like every other finding: the rule, the path and the
                // (empty) snippet; no bytes of the store.
                fingerprint: String::new(),
                logical_location: None,
                properties: hit.props,
                value_key: None,
            });
        }
    }
}

/// Drops generic hits whose secret overlaps a provider-specific hit (the specific rule says more),
/// and of generic hits on the same secret keeps only the best-ranked ([`CompiledRule::rank`]).
/// Overlapping pairs are found by a sweep over the spans sorted by start, so a file with tens of
/// thousands of hits costs the pairs that really overlap, not every pair.
fn drop_shadowed_generics(hits: &mut Vec<(Hit, (usize, usize), Option<usize>)>, m: &Matcher) {
    let spans: Vec<(usize, (usize, usize), bool)> = hits
        .iter()
        .map(|(h, span, _)| {
            let r = &m.rules[h.rule];
            (h.rule, *span, r.generic || r.defers)
        })
        .collect();
    // Does hit `b` shadow generic hit `a`?
    let shadows = |a: usize, b: usize| {
        let (rule, _, generic) = spans[a];
        let (other, _, ogeneric) = spans[b];
        generic && (!ogeneric || m.rules[other].rank() > m.rules[rule].rank())
    };
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| spans[i].1);
    let mut keep = vec![true; hits.len()];
    for (k, &i) in order.iter().enumerate() {
        let (_, (start, end), _) = spans[i];
        // Later spans start at or after `start`; those starting before `end` overlap unless empty.
        for &j in order[k + 1..].iter().take_while(|&&j| spans[j].1.0 < end) {
            if spans[j].1.1 <= start {
                continue;
            }
            if shadows(i, j) {
                keep[i] = false;
            }
            if shadows(j, i) {
                keep[j] = false;
            }
        }
    }
    let mut k = keep.into_iter();
    hits.retain(|_| k.next().unwrap_or(true));
}

/// The base64 body of a line: the line without indentation, quotes, a trailing `\n` escape or
/// comma, when what is left is at least 60 base64 characters; else `None`.
fn base64_body(line: &str) -> Option<&str> {
    let core = line
        .trim()
        .trim_end_matches(',')
        .trim_matches(['"', '\''])
        .trim_end_matches("\\n");
    (core.len() >= 60
        && core
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')))
    .then_some(core)
}

/// Drops single-line hits whose line is one line of an encoded block (a key or certificate
/// body, test vectors): the line is all base64 and a neighbour line is too, of the same length,
/// without a hit of the same rule. A list of tokens, one per line, has a hit on every line and
/// stays.
fn drop_block_lines(hits: &mut Vec<(Hit, (usize, usize), Option<usize>)>, index: &LineIndex) {
    let lines_of = |h: &Hit| {
        (
            index.line_of(h.start),
            index.line_of(h.end.max(h.start + 1) - 1),
        )
    };
    let hit_lines: std::collections::HashSet<(usize, usize)> = hits
        .iter()
        .map(|(h, _, _)| (h.rule, lines_of(h).0))
        .collect();
    hits.retain(|(h, _, blob)| {
        let (first, last) = lines_of(h);
        if blob.is_some() || first != last {
            return true;
        }
        let Some(body) = base64_body(index.line_text(first)) else {
            return true;
        };
        let neighbour = |n: usize| {
            !hit_lines.contains(&(h.rule, n))
                && base64_body(index.line_text(n)).is_some_and(|b| b.len() == body.len())
        };
        let prev = first.checked_sub(1).is_some_and(neighbour);
        let next = first + 1 < index.line_count() && neighbour(first + 1);
        !(prev || next)
    });
}

impl Analyzer for SecretsAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Secrets
    }

    /// Every text file: secrets turn up in any of them (the engine has already skipped binaries).
    fn applies_to(&self, input: &Input) -> bool {
        // A DICOM file is binary; only its header is read, by the PHI analyzer.
        input.kind != crate::input::FileKind::Dicom
    }

    fn analyze(&self, input: &Input, out: &mut Output) {
        if self.global.allows_path(input.path) {
            return;
        }
        if input.kind == crate::input::FileKind::KeyStore {
            self.analyze_key_store(input, out);
            return;
        }
        let text: &str = &input.text;
        let hay = text.as_bytes();
        // (hit, span reported, index of the decoded blob it came from)
        let scanned = self.matcher.scan(input.path, hay, &self.global);
        // Hits past the per-rule cap: counted in a note and masked in snippets, never reported.
        let mut over_cap: BTreeMap<usize, usize> = BTreeMap::new();
        let mut over_spans: Vec<(usize, usize)> = Vec::new();
        for (r, spans) in scanned.over_cap {
            *over_cap.entry(r).or_default() += spans.len();
            over_spans.extend(spans);
        }
        let mut hits: Vec<(Hit, (usize, usize), Option<usize>)> = scanned
            .hits
            .into_iter()
            .map(|h| {
                let span = (h.start, h.end);
                (h, span, None)
            })
            .collect();
        let blobs = if self.decode {
            encoded::find(hay)
        } else {
            Vec::new()
        };
        let mut direct: HashMap<usize, Vec<(usize, usize, &str)>> = HashMap::new();
        for (h, _, _) in &hits {
            direct.entry(h.rule).or_default().push((h.start, h.end, ""));
        }
        let direct: HashMap<usize, redact::Spans> = direct
            .into_iter()
            .map(|(r, spans)| (r, redact::Spans::new(spans)))
            .collect();
        for (bi, blob) in blobs.iter().enumerate() {
            let decoded = self.matcher.scan(input.path, &blob.decoded, &self.global);
            for (r, spans) in decoded.over_cap {
                *over_cap.entry(r).or_default() += spans.len();
                over_spans.push((blob.start, blob.end));
            }
            for mut h in decoded.hits {
                // Already found in the plain text (a percent-encoded URL often still reads as one).
                if direct
                    .get(&h.rule)
                    .is_some_and(|d| d.overlaps(blob.start, blob.end))
                {
                    continue;
                }
                h.props
                    .insert("encoding".into(), blob.encoding.as_str().into());
                hits.push((h, (blob.start, blob.end), Some(bi)));
            }
        }
        drop_shadowed_generics(&mut hits, &self.matcher);
        for (r, n) in &over_cap {
            out.notes.push(crate::engine::over_cap_note(
                input.path,
                &self.matcher.rules[*r].id,
                *n,
            ));
        }
        if hits.is_empty() {
            return;
        }
        let index = LineIndex::new(text);
        drop_block_lines(&mut hits, &index);
        hits.retain(|(h, _, _)| {
            !filters::is_peer_baseline_hash(index.line_text(index.line_of(h.start)))
        });
        out.values.extend(hits.iter().map(|(_, span, _)| *span));
        let secrets = redact::Spans::new(
            hits.iter()
                .map(|(h, (s, e), blob)| match blob {
                    // An encoded secret is hidden as the whole blob it was decoded from.
                    Some(_) => (*s, *e, text.get(*s..*e).unwrap_or(h.secret.as_str())),
                    None => (*s, *e, h.secret.as_str()),
                })
                .chain(over_spans.iter().map(|&(s, e)| (s, e, "")))
                .collect(),
        );
        let mut seen = std::collections::HashSet::new();
        for (hit, span, _) in &hits {
            if !seen.insert((hit.rule, *span, hit.secret.clone())) {
                continue;
            }
            out.findings
                .push(self.finding(input, &index, &secrets, hit, *span));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_builtin_pattern_compiles() {
        let rules = crate::rule::builtin_rules().unwrap();
        let mut n = 0;
        for r in rules
            .iter()
            .filter(|r| r.analyzer == crate::finding::AnalyzerKind::Secrets)
        {
            let c = super::matcher::CompiledRule::compile(r).unwrap();
            c.regex
                .force()
                .unwrap_or_else(|e| panic!("{}: {e}", r.source));
            n += 1;
        }
        assert!(n >= 200, "only {n} secrets rules");
    }

    use super::*;
    use crate::rule::parse_rule;

    fn rule(matcher: &str) -> Rule {
        let text = format!(
            r#"id = "SEC-TEST-001"
name = "test-rule"
analyzer = "secrets"
severity = "high"
summary = "test token"
hipaa = ["164.312(d)"]
help = """
## What it does
x
## Why it matters
x
## Example
x
## Fix
x
## References
x
"""
[matcher]
{matcher}
"#
        );
        parse_rule("rules/secrets/test.toml", &text).unwrap()
    }

    fn run(rules: Vec<Rule>, path: &str, text: &str) -> Vec<Finding> {
        let a = SecretsAnalyzer::new(rules, &SecretsConfig::default()).unwrap();
        let input = Input::new(path, text.as_bytes(), Origin::WorkingTree, None);
        let mut out = Output::default();
        a.analyze(&input, &mut out);
        out.findings
    }

    #[test]
    fn a_bad_regex_names_the_rule_file() {
        let r = rule(
            r#"keywords = ["tok"]
regex = '''tok_([a-z'''"#,
        );
        let err = SecretsAnalyzer::new(vec![r], &SecretsConfig::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("rules/secrets/test.toml"), "{err}");
        assert!(err.contains("regex"), "{err}");
    }

    #[test]
    fn keyword_gates_the_regex_and_the_value_is_masked() {
        let r = rule(
            r#"keywords = ["tok_"]
regex = '''\b(tok_[A-Za-z0-9]{16})\b'''
secret_group = 1
label = "Test token""#,
        );
        let f = run(vec![r.clone()], "a.py", "x = 'tok_q7Xv2LpR9mZt4WsK'\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "Test token (tok_********)");
        assert!(!f[0].snippet.contains("q7Xv2LpR9mZt4WsK"));
        assert_eq!(f[0].location.start_line, 1);
        assert_eq!(f[0].location.start_column, 6);
        // Case-insensitive keyword, case-sensitive regex: no match.
        assert!(run(vec![r], "a.py", "x = 'TOK_q7Xv2LpR9mZt4WsK'\n").is_empty());
    }

    #[test]
    fn encoded_secret_is_reported_at_the_blob() {
        use base64::Engine as _;
        let r = rule(
            r#"keywords = ["tok_"]
regex = '''tok_[A-Za-z0-9]{16}'''"#,
        );
        let b64 = base64::engine::general_purpose::STANDARD.encode("token=tok_q7Xv2LpR9mZt4WsK");
        let text = format!("line one\nvalue: {b64}\n");
        let f = run(vec![r], "c.yaml", &text);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].properties.get("encoding").map(String::as_str),
            Some("base64")
        );
        assert_eq!(f[0].location.start_line, 2);
        assert_eq!(f[0].location.start_column, 8);
        assert!(!f[0].snippet.contains(&b64));
    }

    #[test]
    fn commit_origin_adds_commit_and_date() {
        let r = rule(
            r#"keywords = ["tok_"]
regex = '''tok_[A-Za-z0-9]{16}'''"#,
        );
        let a = SecretsAnalyzer::new(vec![r], &SecretsConfig::default()).unwrap();
        let origin = Origin::Commit {
            id: "0123abcd".into(),
            date: "2026-01-02T03:04:05Z".into(),
        };
        let input = Input::new(
            "deleted/later.py",
            b"k = 'tok_q7Xv2LpR9mZt4WsK'",
            origin,
            None,
        );
        let mut out = Output::default();
        a.analyze(&input, &mut out);
        assert_eq!(out.findings.len(), 1);
        let p = &out.findings[0].properties;
        assert_eq!(p.get("commit").map(String::as_str), Some("0123abcd"));
        assert_eq!(
            p.get("date").map(String::as_str),
            Some("2026-01-02T03:04:05Z")
        );
    }

    #[test]
    fn global_allowlist_from_config() {
        let r = rule(
            r#"keywords = ["tok_"]
regex = '''tok_[A-Za-z0-9]{16}'''"#,
        );
        let mut config = SecretsConfig::default();
        config.allowlist.stopwords = vec!["q7xv".into()];
        let a = SecretsAnalyzer::new(vec![r.clone()], &config).unwrap();
        let input = Input::new("a.py", b"tok_q7Xv2LpR9mZt4WsK", Origin::WorkingTree, None);
        let mut out = Output::default();
        a.analyze(&input, &mut out);
        assert!(out.findings.is_empty());
        let mut config = SecretsConfig::default();
        config.allowlist.paths = vec!["vendor/**".into()];
        let a = SecretsAnalyzer::new(vec![r], &config).unwrap();
        let input = Input::new(
            "vendor/x/a.py",
            b"tok_q7Xv2LpR9mZt4WsK",
            Origin::WorkingTree,
            None,
        );
        let mut out = Output::default();
        a.analyze(&input, &mut out);
        assert!(out.findings.is_empty());
    }

    #[test]
    fn a_token_shaped_line_inside_an_encoded_block_is_not_a_token() {
        let square: Vec<Rule> = crate::rule::builtin_rules()
            .unwrap()
            .into_iter()
            .filter(|r| r.id == "SEC-SQUARE-001")
            .collect();
        // Built at run time so this file holds no token-shaped literal.
        let token = |seed: &str| format!("EAAA{}", seed.repeat(20));
        let filler = |seed: &str| seed.repeat(16);
        // A key or test-vector body: 64-character base64 lines, one of them starting with EAAA.
        let block = format!(
            "const V: &str =\n\"{}\\n\"\n\"{}\\n\"\n\"{}\\n\"\n",
            filler("hY0Q"),
            token("lSj"),
            filler("FiIY")
        );
        assert!(run(square.clone(), "vectors.rs", &block).is_empty());
        // Tokens one per line are a list of tokens, every one reported.
        let list = format!("{}\n{}\n", token("Kq7"), token("Zp4"));
        assert_eq!(run(square, "tokens.txt", &list).len(), 2);
    }
}
