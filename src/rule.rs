//! Rules are data: one TOML file per rule, embedded at build time from `rules/` (see `build.rs`)
//! and optionally extended with a user's own files (`--rules DIR`).
//!
//! This module owns the schema that every rule shares (identity, documentation, HIPAA mapping,
//! examples). The analyzer-specific part is the `[matcher]` table, which this module keeps as raw
//! TOML; each analyzer compiles the matchers of its own rules when it is built and reports a bad one
//! as a [`RuleError`] naming the file, so a broken rule stops the run before any scanning.
//! `rules/README.md` documents the schema for rule authors.

use crate::finding::{AnalyzerKind, Severity};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// How likely a finding of the rule is a true positive (SARIF `precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    Low,
    #[default]
    Medium,
    High,
    VeryHigh,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Low => "low",
            Precision::Medium => "medium",
            Precision::High => "high",
            Precision::VeryHigh => "very-high",
        }
    }
}

/// An inline example in a rule file: a text that must (or must not) produce a finding when the rule
/// runs alone. Negative examples say `why` they are not findings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The file name the text is scanned as (it decides which analyzers apply), e.g. `config.py`.
    #[serde(default = "default_example_path")]
    pub path: String,
    pub text: String,
    /// Required on negative examples: why this is not a finding.
    #[serde(default)]
    pub why: Option<String>,
}

fn default_example_path() -> String {
    "example.txt".to_string()
}

/// A rule's positive and negative inline examples.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub positive: Vec<Example>,
    #[serde(default)]
    pub negative: Vec<Example>,
}

/// One rule, as written in its TOML file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, e.g. `SEC-AWS-001`, `IAC-AWS-004`, `PHI-SSN`, `RS-TLS-001`, `RUSTSEC-2021-0001`.
    pub id: String,
    /// kebab-case name naming the bad pattern, e.g. `aws-access-key-id`.
    pub name: String,
    pub analyzer: AnalyzerKind,
    pub severity: Severity,
    /// One line.
    pub summary: String,
    /// Markdown with the sections What it does / Why it matters / Example / Fix / References.
    pub help: String,
    /// HIPAA Security Rule citations, e.g. `164.312(a)(2)(iv)`.
    pub hipaa: Vec<String>,
    #[serde(default)]
    pub cwe: Vec<String>,
    #[serde(default)]
    pub precision: Precision,
    /// Equivalent ids in peer tools: `gitleaks`, `checkov`, `trivy`, `kics`, `cargo-audit`, ...
    #[serde(default)]
    pub peers: BTreeMap<String, Vec<String>>,
    /// The peers' own severities for the checks in `peers` (the most severe of them), where the
    /// peer publishes one: `[peer_severity] trivy = "low"`. A test lists every rule more than one
    /// level away from a peer without a `severity_reason`.
    #[serde(default)]
    pub peer_severity: BTreeMap<String, Severity>,
    /// Why the severity differs from a peer's by more than one level.
    #[serde(default)]
    pub severity_reason: Option<String>,
    /// Extra SARIF tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Former ids of this rule (`IAC-CFN-001` before CloudFormation joined `IAC-AWS-004`): for one
    /// release they still work in inline markers, `[rules.ID]`, `[[ignore]]` and baselines, with a
    /// deprecation note. The analyzer decides which findings carry which alias.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A link for `helpUri`; defaults to the rule's page in the README.
    #[serde(default)]
    pub help_uri: Option<String>,
    #[serde(default)]
    pub examples: Examples,
    /// Analyzer-specific matcher, compiled by the analyzer. Shared, not copied, when the rule is
    /// cloned: a scan hands each rule to its analyzer, the engine and the report.
    #[serde(default, with = "shared_table")]
    pub matcher: Arc<toml::Table>,
    /// Where the rule came from (`rules/secrets/aws-access-key-id.toml`, or a user's file).
    #[serde(skip)]
    pub source: String,
    /// True for the rules embedded from `rules/`.
    #[serde(skip)]
    pub builtin: bool,
}

/// (De)serializes a shared matcher table as the table itself.
mod shared_table {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(t: &Arc<toml::Table>, s: S) -> Result<S::Ok, S::Error> {
        t.as_ref().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<toml::Table>, D::Error> {
        toml::Table::deserialize(d).map(Arc::new)
    }
}

/// The help sections every built-in rule must have, in order.
pub const HELP_SECTIONS: [&str; 5] = [
    "## What it does",
    "## Why it matters",
    "## Example",
    "## Fix",
    "## References",
];

impl Rule {
    /// The rule's own `help_uri`, else, for a built-in rule, its file in our repository. A user's
    /// rule without one has none (a link built from a local path would point nowhere).
    pub fn help_uri(&self) -> Option<String> {
        self.help_uri.clone().or_else(|| {
            self.builtin
                .then(|| format!("{}/blob/main/{}", crate::REPOSITORY_URL, self.source))
        })
    }

    /// Checks what serde cannot: id and name shapes, a known HIPAA citation, help sections.
    pub fn validate(&self) -> Result<(), String> {
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err(format!(
                "id `{}` must be upper-case letters, digits and dashes",
                self.id
            ));
        }
        if self.name.is_empty()
            || !self
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(format!("name `{}` must be kebab-case", self.name));
        }
        if self.summary.trim().is_empty() || self.summary.contains('\n') {
            return Err("summary must be one non-empty line".into());
        }
        if self.hipaa.is_empty() {
            return Err("hipaa must cite at least one 45 CFR 164.312 safeguard".into());
        }
        for h in &self.hipaa {
            if !h.starts_with("164.3") {
                return Err(format!(
                    "hipaa citation `{h}` must be a 45 CFR 164.3xx section such as 164.312(a)(1)"
                ));
            }
        }
        for c in &self.cwe {
            if !c.starts_with("CWE-") {
                return Err(format!("cwe `{c}` must look like CWE-798"));
            }
        }
        let mut at = 0;
        for section in HELP_SECTIONS {
            match self.help[at..].find(section) {
                Some(i) => at += i + section.len(),
                None => {
                    return Err(format!(
                        "help lacks the section `{section}` (sections, in order: {})",
                        HELP_SECTIONS.join(", ")
                    ));
                }
            }
        }
        for ex in &self.examples.negative {
            if ex.why.as_deref().is_none_or(|w| w.trim().is_empty()) {
                return Err("every negative example needs `why` it is not a finding".into());
            }
        }
        Ok(())
    }
}

/// A rule file that could not be loaded or compiled.
#[derive(Debug, Clone)]
pub struct RuleError {
    pub source: String,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rule file {}: {}", self.source, self.message)
    }
}

impl std::error::Error for RuleError {}

impl RuleError {
    pub fn new(source: impl Into<String>, message: impl Into<String>) -> RuleError {
        RuleError {
            source: source.into(),
            message: message.into(),
        }
    }
}

mod embedded {
    // (path, analyzer, id and aliases, the rule file converted from TOML to JSON by the build
    // script)
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// Parses one rule file's text.
pub fn parse_rule(source: &str, text: &str) -> Result<Rule, RuleError> {
    let rule: Rule = toml::from_str(text).map_err(|e| RuleError::new(source, e.to_string()))?;
    finish_rule(source, rule)
}

/// Names a parsed rule's file and validates it.
fn finish_rule(source: &str, mut rule: Rule) -> Result<Rule, RuleError> {
    rule.source = source.to_string();
    rule.validate().map_err(|m| RuleError::new(source, m))?;
    Ok(rule)
}

/// The built-in rules, parsed and validated. A broken built-in rule is a bug caught by the tests.
pub fn builtin_rules() -> Result<Vec<Rule>, RuleError> {
    builtin_rules_of(|_| true).map(|(rules, _)| rules)
}

/// A built-in rule left unparsed: its id and former ids, what a configuration or a user's rule
/// is checked against.
#[derive(Debug, Clone, Copy)]
pub struct RuleIds {
    pub id: &'static str,
    pub aliases: &'static [&'static str],
}

/// The built-in rules of the analyzers `wanted` picks, parsed and validated, and the ids of the
/// others. A scan by one analyzer needs no other analyzer's rules (an IaC scan would parse two
/// secrets rules for each of its own); they stay embedded text.
pub fn builtin_rules_of(
    wanted: impl Fn(AnalyzerKind) -> bool,
) -> Result<(Vec<Rule>, Vec<RuleIds>), RuleError> {
    // The build script converted the rule files to JSON; reading them all takes a few
    // milliseconds, less than starting a thread pool to share the work would cost.
    let mut rules = Vec::new();
    let mut others = Vec::new();
    for (path, analyzer, ids, json) in embedded::RULES {
        // A rule whose analyzer is not known here is parsed, for its parser to report.
        if let (Some(kind), [id, aliases @ ..]) = (AnalyzerKind::parse(analyzer), ids)
            && !wanted(kind)
        {
            others.push(RuleIds { id, aliases });
            continue;
        }
        let mut rule = serde_json::from_str(json)
            .map_err(|e| RuleError::new(*path, e.to_string()))
            .and_then(|r| finish_rule(path, r))?;
        rule.builtin = true;
        rules.push(rule);
    }
    Ok((rules, others))
}

/// Loads every `*.toml` below `dir` (a user's rules). Files in the gitleaks format (a top-level
/// `[[rules]]` array) are handed to the secrets analyzer's importer.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, RuleError> {
    let mut files = Vec::new();
    if dir.is_file() {
        files.push(dir.to_path_buf());
    } else {
        let walk = ignore::WalkBuilder::new(dir)
            .standard_filters(false)
            .build();
        for entry in walk {
            let entry =
                entry.map_err(|e| RuleError::new(dir.display().to_string(), e.to_string()))?;
            if entry.file_type().is_some_and(|t| t.is_file())
                && entry.path().extension().is_some_and(|e| e == "toml")
            {
                files.push(entry.into_path());
            }
        }
    }
    files.sort();
    let mut rules = Vec::new();
    for file in files {
        let source = file.display().to_string();
        let text =
            std::fs::read_to_string(&file).map_err(|e| RuleError::new(&source, e.to_string()))?;
        if crate::analyzers::secrets::import::is_gitleaks_config(&text) {
            rules.extend(crate::analyzers::secrets::import::from_gitleaks(
                &source, &text,
            )?);
        } else {
            rules.push(parse_rule(&source, &text)?);
        }
    }
    Ok(rules)
}

/// Rejects duplicate ids (aliases included) across the whole set.
pub fn check_unique(rules: &[Rule]) -> Result<(), RuleError> {
    check_unique_with(rules, &[])
}

/// [`check_unique`] over `rules` and the unparsed built-in rules `others`, which come first.
pub fn check_unique_with(rules: &[Rule], others: &[RuleIds]) -> Result<(), RuleError> {
    let mut seen: HashSet<&str> = others
        .iter()
        .flat_map(|o| std::iter::once(o.id).chain(o.aliases.iter().copied()))
        .collect();
    for r in rules {
        for id in std::iter::once(&r.id).chain(&r.aliases) {
            if !seen.insert(id.as_str()) {
                return Err(RuleError::new(
                    &r.source,
                    format!("duplicate rule id `{id}`"),
                ));
            }
        }
    }
    Ok(())
}
