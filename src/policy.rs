//! Policy, applied in one place after analysis: inline suppression markers, the path-context
//! severity policy ([`crate::context`]), per-rule severity overrides and switches, and
//! `[[ignore]]` entries with reasons and expiry dates. Analyzers never
//! suppress or re-grade their own findings.
//!
//! Rule ids in `[rules.*]` and `[[ignore]]` may be globs (`PHI-*`, `IAC-AWS-*`); an exact entry
//! wins over a glob, a longer glob over a shorter. [`Policy::check_ids`] turns entries that name no
//! rule of the catalogue into warnings with the closest ids, so a typo does not pass in silence.

use crate::date::Date;
use crate::error::Error;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::note::Note;
use crate::rule::Rule;
use globset::{Glob, GlobMatcher};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::HashMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RuleSetting {
    pub severity: Option<Severity>,
    pub enabled: Option<bool>,
}

/// One accepted finding or class of findings. At least one of `rule`, `path`, `fingerprint` is set;
/// all that are set must match. `reason` is required; after `expires` (a `YYYY-MM-DD` date) the
/// entry lapses and the finding returns with a note.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreEntry {
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub fingerprint: Option<String>,
    pub reason: String,
    #[serde(default)]
    pub expires: Option<Date>,
}

/// The rule switches, severity overrides and ignores to apply: `[rules.*]` and `[[ignore]]` of
/// the configuration, plus the advisories analyzer's `[[advisories.ignore]]` as rule entries.
#[derive(Debug, Clone, Default)]
pub struct PolicyConfig {
    pub rules: BTreeMap<String, RuleSetting>,
    pub ignore: Vec<IgnoreEntry>,
    /// `[context]`: extra path-context globs and severity-policy overrides.
    pub context: crate::context::ContextConfig,
}

/// The inline markers that suppress every finding on their line (or on the line below, when the
/// marker stands alone on the line above): ours and those of the secrets peers, so a team migrating
/// keeps its markers.
const LINE_MARKERS: &[&str] = &[
    "aseptic:allow",
    "gitleaks:allow",
    "pragma: allowlist secret",
    "secretlint-disable-line",
];

/// The finding property naming a former id of the finding's rule (`IAC-CFN-001`): markers,
/// `[rules.ID]` and `[[ignore]]` entries naming it still apply to the finding, with a deprecation
/// note.
pub const DEPRECATED_ID: &str = "deprecated_id";

/// Every marker contains one of these; a line holding none of them suppresses nothing.
const MARKER_HINTS: &[&str] = &[
    "aseptic:",
    "gitleaks:allow",
    "pragma: allowlist secret",
    "secretlint-disable-line",
    "checkov:skip=",
    "tfsec:ignore:",
    "trivy:ignore:",
];

/// The lines of `text` for [`inline_suppressed`], with every line that holds no marker emptied
/// (it can suppress nothing, and checking a finding then costs nothing on it, however long the
/// line); `None` when the text holds no marker at all, the usual case.
pub fn marker_lines(text: &str) -> Option<Vec<&str>> {
    let has = |t: &str| MARKER_HINTS.iter().any(|m| t.contains(m));
    if !has(text) {
        return None;
    }
    Some(
        crate::lines::split_lines(text)
            .into_iter()
            .map(|l| if has(l) { l } else { "" })
            .collect(),
    )
}

/// Is `id` one of the finding's advisory aliases (`CVE-…`, `GHSA-…`), so an ignore entry
/// written with any of an advisory's ids applies?
fn is_alias(f: &Finding, id: &str) -> bool {
    f.analyzer == crate::finding::AnalyzerKind::Advisories
        && f.properties
            .get("aliases")
            .is_some_and(|a| a.split(", ").any(|x| x == id))
}

/// Does a marker on `line` suppress `finding` of `rule`? `aseptic:ignore` with no ids suppresses
/// everything; with ids (`aseptic:ignore IAC-AWS-004 reason`) only those rules. `checkov:skip=ID`,
/// `tfsec:ignore:ID` and `trivy:ignore:ID` suppress the rules that list ID among their peers' ids.
pub fn line_suppresses(line: &str, rule_id: &str, rule: Option<&Rule>) -> bool {
    if LINE_MARKERS.iter().any(|m| line.contains(m)) {
        return true;
    }
    if let Some(i) = line.find("aseptic:ignore") {
        let rest = &line[i + "aseptic:ignore".len()..];
        let ids: Vec<&str> = rest
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .take_while(|t| {
                t.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_')
            })
            .collect();
        if ids.is_empty() || ids.contains(&rule_id) {
            return true;
        }
    }
    let Some(rule) = rule else { return false };
    for (marker, peer_keys) in [
        ("checkov:skip=", &["checkov"][..]),
        ("tfsec:ignore:", &["tfsec", "trivy"][..]),
        ("trivy:ignore:", &["trivy", "tfsec"][..]),
    ] {
        let mut rest = line;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            let hit = peer_keys.iter().any(|k| {
                rule.peers.get(*k).is_some_and(|ids| {
                    ids.iter().any(|p| {
                        p.eq_ignore_ascii_case(&id)
                            || p.split_whitespace().next() == Some(id.as_str())
                    })
                })
            });
            if hit {
                return true;
            }
        }
    }
    false
}

/// Is `finding` suppressed by a marker on its own line, on the line above, or on the line above
/// the resource it belongs to (`resource_line` property)? Inside the resource's block
/// (`resource_line` to `resource_end_line`), only markers that name a rule count
/// (`aseptic:ignore ID`, `checkov:skip=`, `tfsec:ignore:`, `trivy:ignore:`), as the IaC peers
/// scope them: a bare `aseptic:allow` there still covers its own line only. `lines` are the
/// file's lines.
pub fn inline_suppressed(finding: &Finding, lines: &[&str], rule: Option<&Rule>) -> bool {
    let mut candidates = vec![finding.location.start_line as usize];
    candidates.push(finding.location.start_line as usize - 1);
    let prop = |k: &str| {
        finding
            .properties
            .get(k)
            .and_then(|s| s.parse::<usize>().ok())
    };
    if let Some(r) = prop("resource_line") {
        candidates.push(r);
        candidates.push(r.saturating_sub(1));
    }
    let alias = finding.properties.get(DEPRECATED_ID);
    let suppresses = |l: &str| {
        line_suppresses(l, &finding.rule_id, rule)
            || alias.is_some_and(|a| line_suppresses(l, a, None))
    };
    let at = |n: usize| n >= 1 && lines.get(n - 1).is_some_and(|l| suppresses(l));
    if candidates.into_iter().any(at) {
        return true;
    }
    let (Some(first), Some(last)) = (prop("resource_line"), prop("resource_end_line")) else {
        return false;
    };
    (first..=last.min(lines.len())).any(|n| {
        let l = lines[n - 1];
        (l.contains("aseptic:ignore ")
            || l.contains("checkov:skip=")
            || l.contains("tfsec:ignore:")
            || l.contains("trivy:ignore:"))
            && suppresses(&l.replace("aseptic:allow", "").replace("gitleaks:allow", ""))
            && !named_nothing(l)
    })
}

/// An `aseptic:ignore` with no rule id after it suppresses only its own line.
fn named_nothing(line: &str) -> bool {
    let Some(i) = line.find("aseptic:ignore") else {
        return false;
    };
    let has_peer_marker = ["checkov:skip=", "tfsec:ignore:", "trivy:ignore:"]
        .iter()
        .any(|m| line.contains(m));
    let rest = line[i + "aseptic:ignore".len()..].trim_start();
    !has_peer_marker
        && !rest
            .split(|c: char| c.is_whitespace() || c == ',')
            .next()
            .is_some_and(|t| {
                !t.is_empty()
                    && t.chars().all(|c| {
                        c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_'
                    })
            })
}

struct CompiledIgnore<'a> {
    entry: &'a IgnoreEntry,
    glob: Option<GlobMatcher>,
}

/// Config-level policy over the whole set of findings.
pub struct Policy<'a> {
    config: &'a PolicyConfig,
    ignores: Vec<CompiledIgnore<'a>>,
    contexts: crate::context::Contexts,
    today: Date,
}

/// Does rule id pattern `pattern` (an id, or a glob with `*` and `?`) match `id`? Case-insensitive,
/// as ids are written in upper case by convention only.
pub fn id_matches(pattern: &str, id: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (0..=s.len()).any(|i| go(rest, &s[i..])),
            Some((b'?', rest)) => !s.is_empty() && go(rest, &s[1..]),
            Some((c, rest)) => s
                .first()
                .is_some_and(|d| c.eq_ignore_ascii_case(d) && go(rest, &s[1..])),
        }
    }
    go(pattern.trim().as_bytes(), id.as_bytes())
}

fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// Ids that come from an advisory database, not the rule catalogue: findings carry them, and
/// `[[advisories.ignore]]` names them, but the catalogue cannot list them.
fn is_advisory_id(id: &str) -> bool {
    ["RUSTSEC-", "GHSA-", "CVE-", "PYSEC-", "GO-", "OSV-"]
        .iter()
        .any(|p| id.len() > p.len() && id[..p.len()].eq_ignore_ascii_case(p))
}

/// Levenshtein distance over ASCII-folded bytes (rule ids are ASCII).
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.to_ascii_uppercase(), b.to_ascii_uppercase());
    let b = b.as_bytes();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The (at most three) catalogue ids closest to `id`.
pub fn closest_ids<'r>(id: &str, ids: &[&'r str]) -> Vec<&'r str> {
    let mut scored: Vec<(usize, &str)> = ids.iter().map(|c| (distance(id, c), *c)).collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

impl<'a> Policy<'a> {
    /// Warnings for every `[rules.*]` and `[[ignore]] rule` entry that names no rule in `ids` (the
    /// catalogue): an unknown id with the closest ids, a glob that matches nothing. Advisory ids
    /// (`RUSTSEC-...`, `GHSA-...`) come from the database and are not checked here.
    pub fn check_ids(&self, ids: &[&str]) -> Vec<Note> {
        let mut notes = Vec::new();
        let entries = self
            .config
            .rules
            .keys()
            .map(|k| (format!("[rules.{k}]"), k.as_str()))
            .chain(self.config.ignore.iter().filter_map(|e| {
                e.rule
                    .as_deref()
                    .map(|r| (format!("[[ignore]] rule = \"{r}\""), r))
            }));
        for (entry, pattern) in entries {
            if is_advisory_id(pattern) || ids.iter().any(|id| id_matches(pattern, id)) {
                continue;
            }
            let shown = entry.escape_debug().to_string();
            let message = if is_glob(pattern) {
                format!("config: {shown} matches no rule; it has no effect")
            } else {
                let close = closest_ids(pattern, ids);
                format!(
                    "config: {shown} names no rule; it has no effect (closest: {})",
                    close.join(", ")
                )
            };
            notes.push(Note::warning(None, message));
        }
        notes
    }

    /// The `[rules.*]` setting for `rule_id`: the exact entry, else the longest glob that matches.
    fn setting(&self, rule_id: &str) -> Option<&RuleSetting> {
        if let Some(s) = self.config.rules.get(rule_id) {
            return Some(s);
        }
        self.config
            .rules
            .iter()
            .filter(|(p, _)| id_matches(p, rule_id))
            .max_by_key(|(p, _)| (!is_glob(p), p.len()))
            .map(|(_, s)| s)
    }

    pub fn new(config: &'a PolicyConfig) -> Result<Policy<'a>, Error> {
        let mut ignores = Vec::new();
        for entry in &config.ignore {
            let glob = match &entry.path {
                Some(p) => Some(
                    Glob::new(p)
                        .map_err(|e| Error::Config(format!("[[ignore]] path `{p}`: {e}")))?
                        .compile_matcher(),
                ),
                None => None,
            };
            ignores.push(CompiledIgnore { entry, glob });
        }
        Ok(Policy {
            config,
            ignores,
            contexts: crate::context::Contexts::new(&config.context)?,
            today: Date::today(),
        })
    }

    /// Tells the severity policy which rules find credentials by name only (see
    /// [`crate::context::RuleKind::GuessedCredential`]).
    pub fn learn_rules(&mut self, rules: &[crate::rule::Rule]) {
        self.contexts.learn_rules(rules);
    }

    /// Is the rule switched off in the config?
    pub fn rule_enabled(&self, rule_id: &str) -> bool {
        self.setting(rule_id)
            .and_then(|s| s.enabled)
            .unwrap_or(true)
    }

    /// Applies switches, severity overrides and `[[ignore]]` entries. Returns how many findings
    /// were suppressed; adds a note for every expired entry that would have matched.
    pub fn apply(&self, findings: &mut Vec<Finding>, notes: &mut Vec<Note>) -> u64 {
        let mut suppressed = 0;
        let mut expired_hits: HashMap<usize, u64> = HashMap::new();
        // Former ids used in the config, with the id they now stand for.
        let mut deprecated: BTreeMap<String, String> = BTreeMap::new();
        // Each path is classified once, however many findings it has.
        let mut contexts: HashMap<String, crate::context::Context> = HashMap::new();
        findings.retain_mut(|f| {
            let alias = f.properties.get(DEPRECATED_ID).cloned();
            let rule_id = f.rule_id.clone();
            let mut used = |a: &str| {
                deprecated.insert(a.to_string(), rule_id.clone());
            };
            if !self.rule_enabled(&f.rule_id) {
                return false;
            }
            if let Some(a) = alias
                .as_deref()
                .filter(|a| self.config.rules.contains_key(*a))
            {
                used(a);
                if !self.rule_enabled(a) {
                    return false;
                }
            }
            // The path's context first, so an explicit per-rule severity still has the last word.
            let context = match contexts.get(&f.location.path) {
                Some(c) => *c,
                None => {
                    let c = self.contexts.classify(&f.location.path);
                    contexts.insert(f.location.path.clone(), c);
                    c
                }
            };
            self.contexts.apply_context(f, context);
            let severity_of = |id: &str| self.setting(id).and_then(|s| s.severity);
            if let Some(sev) =
                severity_of(&f.rule_id).or_else(|| alias.as_deref().and_then(severity_of))
            {
                f.severity = sev;
            }
            for (i, ig) in self.ignores.iter().enumerate() {
                let e = ig.entry;
                let by_alias = e.rule.is_some() && e.rule == alias;
                if by_alias && let Some(a) = &alias {
                    used(a);
                }
                let matches = (by_alias
                    || e.rule
                        .as_deref()
                        .is_none_or(|r| id_matches(r, &f.rule_id) || is_alias(f, r)))
                    && e.fingerprint.as_deref().is_none_or(|p| p == f.fingerprint)
                    && ig
                        .glob
                        .as_ref()
                        .is_none_or(|g| g.is_match(&f.location.path));
                if !matches {
                    continue;
                }
                if e.expires.is_some_and(|d| d < self.today) {
                    *expired_hits.entry(i).or_default() += 1;
                    continue;
                }
                suppressed += 1;
                return false;
            }
            true
        });
        for (old, new) in deprecated {
            notes.push(Note::info(
                None,
                format!(
                    "the configuration names `{old}`, a deprecated id: it is now `{new}`; change it before the next release"
                ),
            ));
        }
        let mut expired: Vec<_> = expired_hits.into_iter().collect();
        expired.sort();
        for (i, n) in expired {
            let e = self.ignores[i].entry;
            notes.push(Note::warning(
                None,
                format!(
                    "ignore entry {} ({}) expired on {}; its {n} finding(s) are reported again",
                    describe(e),
                    e.reason,
                    e.expires.map(|d| d.to_string()).unwrap_or_default()
                ),
            ));
        }
        suppressed
    }
}

fn describe(e: &IgnoreEntry) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &e.rule {
        parts.push(format!("rule={r}"));
    }
    if let Some(p) = &e.path {
        parts.push(format!("path={p}"));
    }
    if let Some(f) = &e.fingerprint {
        parts.push(format!("fingerprint={f}"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_suppress_their_line() {
        assert!(line_suppresses("key = 'x' # aseptic:allow", "SEC-X", None));
        assert!(line_suppresses("k = 1 // gitleaks:allow", "SEC-X", None));
        assert!(line_suppresses(
            "# aseptic:ignore IAC-AWS-004 logs are public",
            "IAC-AWS-004",
            None
        ));
        assert!(!line_suppresses(
            "# aseptic:ignore IAC-AWS-004 logs are public",
            "IAC-AWS-005",
            None
        ));
        assert!(!line_suppresses("password = 'x'", "SEC-X", None));
    }

    #[test]
    fn a_rule_marker_inside_the_resource_block_suppresses_its_findings() {
        let text = "resource \"aws_s3_bucket\" \"b\" {\n  #checkov:skip=CKV_AWS_18 logs bucket\n  # aseptic:ignore IAC-AWS-009 sandbox\n  # aseptic:allow\n  bucket = \"x\"\n}\n";
        let lines = crate::lines::split_lines(text);
        let mut rule = crate::rule::parse_rule("r.toml", "id = \"IAC-AWS-007\"\nname = \"x\"\nanalyzer = \"iac\"\nseverity = \"low\"\nsummary = \"s\"\nhipaa = [\"164.312(b)\"]\nhelp = \"## What it does\\n## Why it matters\\n## Example\\n## Fix\\n## References\\n\"\n[peers]\ncheckov = [\"CKV_AWS_18\"]\n").unwrap();
        let finding = |id: &str| Finding {
            rule_id: id.into(),
            analyzer: crate::finding::AnalyzerKind::Iac,
            severity: crate::finding::Severity::Low,
            message: String::new(),
            location: crate::finding::Location::line("main.tf", 1),
            snippet: String::new(),
            fingerprint: String::new(),
            logical_location: None,
            properties: [("resource_line", "1"), ("resource_end_line", "6")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            value_key: None,
        };
        assert!(inline_suppressed(
            &finding("IAC-AWS-007"),
            &lines,
            Some(&rule)
        ));
        assert!(inline_suppressed(&finding("IAC-AWS-009"), &lines, None));
        rule.peers.clear();
        assert!(
            !inline_suppressed(&finding("IAC-AWS-007"), &lines, Some(&rule)),
            "the bare allow covers only its line"
        );
    }

    #[test]
    fn rule_globs_match_ids_and_unknown_ids_get_the_closest() {
        assert!(id_matches("PHI-*", "PHI-NAME"));
        assert!(id_matches("iac-aws-*", "IAC-AWS-004"));
        assert!(!id_matches("PHI-*", "SEC-AWS-001"));
        assert!(id_matches("SEC-AWS-001", "SEC-AWS-001"));
        assert!(!id_matches("SEC-AWS-00", "SEC-AWS-001"));
        let ids = ["SEC-AWS-001", "SEC-AWS-002", "PHI-NAME", "IAC-AWS-004"];
        assert_eq!(
            closest_ids("SEC-AWS-999", &ids)[..2],
            ["SEC-AWS-001", "SEC-AWS-002"]
        );
        let config = PolicyConfig {
            rules: [
                ("SEC-AWS-999".to_string(), RuleSetting::default()),
                ("PHI-*".to_string(), RuleSetting::default()),
                ("K8S-*".to_string(), RuleSetting::default()),
            ]
            .into_iter()
            .collect(),
            ignore: vec![IgnoreEntry {
                rule: Some("RUSTSEC-2023-0071".into()),
                reason: "r".into(),
                ..IgnoreEntry::default()
            }],
            ..PolicyConfig::default()
        };
        let notes = Policy::new(&config).unwrap().check_ids(&ids);
        let text: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(notes.len(), 2, "{text:?}");
        assert!(
            text.iter()
                .any(|m| m.contains("[rules.SEC-AWS-999] names no rule")
                    && m.contains("closest: SEC-AWS-001"))
        );
        assert!(
            text.iter()
                .any(|m| m.contains("[rules.K8S-*] matches no rule"))
        );
    }

    #[test]
    fn an_exact_rule_setting_wins_over_a_glob() {
        let off = RuleSetting {
            enabled: Some(false),
            ..RuleSetting::default()
        };
        let on = RuleSetting {
            enabled: Some(true),
            ..RuleSetting::default()
        };
        let config = PolicyConfig {
            rules: [("PHI-*".to_string(), off), ("PHI-NAME".to_string(), on)]
                .into_iter()
                .collect(),
            ..PolicyConfig::default()
        };
        let p = Policy::new(&config).unwrap();
        assert!(p.rule_enabled("PHI-NAME"));
        assert!(!p.rule_enabled("PHI-SSN"));
        assert!(p.rule_enabled("SEC-AWS-001"));
    }

    #[test]
    fn lines_split_on_bare_cr() {
        assert_eq!(
            crate::lines::split_lines("a\r\nb\rc\nd"),
            vec!["a", "b", "c", "d"]
        );
    }
}
