//! Importer for gitleaks-format rule files (`[[rules]]` with `id`, `regex`, `keywords`, ...), so a
//! team moving to aseptic keeps its custom rules: `aseptic scan --rules .gitleaks.toml`.
//!
//! Each gitleaks rule becomes one of our [`Rule`]s: id `GL-<ID-UPPER>`, analyzer `secrets`,
//! severity high, HIPAA 164.312(a)(1), CWE-798, a generated help text with the five sections, and a
//! `[matcher]` built from `regex`, `secretGroup`, `entropy`, `keywords` (lower-cased), `path` (a
//! regex over the path, kept as `path_regex`) and the rule's allowlists (`regexes`, `stopwords`,
//! `paths` as path regexes). The rule is then compiled like any other, so a regex that does not
//! compile stops the run naming the file.
//!
//! Deliberately approximated or ignored: allowlist `regexTarget = "line"` (we test the secret, not
//! the line), allowlist `commits`, `condition = "AND"` (treated as OR), `[extend]` (our built-in
//! rules always run), the file-level `[allowlist]` (use `[secrets.allowlist]` in `.aseptic.toml`),
//! and path-only rules without a `regex` (rejected with a message, since they report a file's
//! existence rather than a secret).

use crate::finding::{AnalyzerKind, Severity};
use crate::rule::{Examples, Precision, Rule, RuleError};
use serde::Deserialize;
use std::collections::BTreeMap;

/// True when the text looks like a gitleaks config (a top-level `[[rules]]` array).
pub fn is_gitleaks_config(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "[[rules]]")
}

#[derive(Debug, Deserialize)]
struct GitleaksFile {
    #[serde(default)]
    rules: Vec<GlRule>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GlRule {
    id: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default)]
    secret_group: Option<usize>,
    #[serde(default)]
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    /// Older single allowlist table.
    #[serde(default)]
    allowlist: Option<GlAllowlist>,
    /// Newer array of allowlists.
    #[serde(default)]
    allowlists: Vec<GlAllowlist>,
}

#[derive(Debug, Default, Deserialize)]
struct GlAllowlist {
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
}

/// `GL-` and the gitleaks id in upper case, other characters turned into `-`.
fn our_id(id: &str) -> String {
    let up: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("GL-{up}")
}

fn our_name(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() {
        "imported-rule".into()
    } else {
        name
    }
}

fn help(rule: &GlRule, source: &str) -> String {
    let what = rule
        .description
        .clone()
        .unwrap_or_else(|| format!("Secrets matching the gitleaks rule `{}`", rule.id));
    format!(
        "## What it does\n{what}. Imported from the gitleaks rule `{id}` in `{source}`.\n\n\
         ## Why it matters\nA credential committed to a repository can be used by anyone who can read \
         the repository, its forks and its history; HIPAA's access control safeguard (45 CFR \
         164.312(a)(1)) assumes credentials stay with the people they were issued to.\n\n\
         ## Example\nA line matching:\n\n```\n{regex}\n```\n\n\
         ## Fix\nRevoke or rotate the credential, remove it from the code and from git history, and \
         load it at run time from a secret manager or the environment.\n\n\
         ## References\n- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)\n\
         - Your team's gitleaks configuration: `{source}`\n",
        id = rule.id,
        regex = rule.regex.as_deref().unwrap_or(""),
    )
}

fn matcher(rule: &GlRule, regex: &str) -> toml::Table {
    let mut m = toml::Table::new();
    m.insert("regex".into(), regex.into());
    let keywords: Vec<toml::Value> = rule
        .keywords
        .iter()
        .filter(|k| !k.is_empty())
        .map(|k| k.to_lowercase().into())
        .collect();
    m.insert("keywords".into(), keywords.into());
    if let Some(g) = rule.secret_group {
        m.insert("secret_group".into(), (g as i64).into());
    }
    if let Some(e) = rule.entropy {
        m.insert("entropy".into(), e.into());
    }
    if let Some(p) = &rule.path {
        m.insert("path_regex".into(), p.as_str().into());
    }
    if let Some(d) = &rule.description {
        m.insert("label".into(), d.as_str().into());
    }
    // gitleaks rules may match across lines, and their keywords need not be on the match's line.
    m.insert("multiline".into(), true.into());
    let mut allow = GlAllowlist::default();
    for a in rule.allowlist.iter().chain(rule.allowlists.iter()) {
        allow.regexes.extend(a.regexes.iter().cloned());
        allow.stopwords.extend(a.stopwords.iter().cloned());
        allow.paths.extend(a.paths.iter().cloned());
    }
    if !(allow.regexes.is_empty() && allow.stopwords.is_empty() && allow.paths.is_empty()) {
        let mut t = toml::Table::new();
        let arr = |v: &[String]| -> toml::Value {
            v.iter()
                .map(|s| toml::Value::from(s.as_str()))
                .collect::<Vec<_>>()
                .into()
        };
        t.insert("regexes".into(), arr(&allow.regexes));
        t.insert("stopwords".into(), arr(&allow.stopwords));
        t.insert("path_regexes".into(), arr(&allow.paths));
        m.insert("allowlist".into(), t.into());
    }
    m
}

/// Converts every `[[rules]]` entry of a gitleaks config into one of our rules.
pub fn from_gitleaks(source: &str, text: &str) -> Result<Vec<Rule>, RuleError> {
    let file: GitleaksFile = toml::from_str(text)
        .map_err(|e| RuleError::new(source, format!("gitleaks rule file: {e}")))?;
    let mut out = Vec::new();
    for gl in &file.rules {
        let Some(regex) = gl.regex.as_deref().filter(|r| !r.is_empty()) else {
            return Err(RuleError::new(
                source,
                format!(
                    "gitleaks rule `{}` has no regex; path-only rules are not supported",
                    gl.id
                ),
            ));
        };
        let mut peers = BTreeMap::new();
        peers.insert("gitleaks".to_string(), vec![gl.id.clone()]);
        let rule = Rule {
            id: our_id(&gl.id),
            name: our_name(&gl.id),
            analyzer: AnalyzerKind::Secrets,
            severity: Severity::High,
            summary: gl
                .description
                .clone()
                .filter(|d| !d.trim().is_empty() && !d.contains('\n'))
                .unwrap_or_else(|| format!("Secret matching the gitleaks rule {}", gl.id)),
            help: help(gl, source),
            hipaa: vec!["164.312(a)(1)".into()],
            cwe: vec!["CWE-798".into()],
            precision: Precision::Medium,
            peers,
            peer_severity: Default::default(),
            severity_reason: None,
            tags: gl.tags.clone(),
            help_uri: None,
            aliases: Vec::new(),
            examples: Examples::default(),
            matcher: matcher(gl, regex).into(),
            source: source.to_string(),
            builtin: false,
        };
        rule.validate()
            .map_err(|m| RuleError::new(source, format!("gitleaks rule `{}`: {m}", gl.id)))?;
        // Compile now so a bad regex names this file before any scanning.
        super::matcher::CompiledRule::compile(&rule)?;
        out.push(rule);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GITLEAKS: &str = r#"
title = "team rules"

[[rules]]
id = "acme-internal-token"
description = "Acme internal API token"
regex = '''acme_(?:live|test)_([a-z0-9]{24})'''
secretGroup = 1
entropy = 3.0
keywords = ["ACME_"]
path = '''\.(?:env|ya?ml)$'''
tags = ["acme"]

[rules.allowlist]
regexes = ['''^0{24}$''']
stopwords = ["sandbox"]
paths = ['''^docs/''']
"#;

    #[test]
    fn a_gitleaks_rule_becomes_ours() {
        assert!(is_gitleaks_config(GITLEAKS));
        let rules = from_gitleaks("team/.gitleaks.toml", GITLEAKS).unwrap();
        assert_eq!(rules.len(), 1);
        let r = &rules[0];
        assert_eq!(r.id, "GL-ACME-INTERNAL-TOKEN");
        assert_eq!(r.name, "acme-internal-token");
        assert_eq!(r.severity, Severity::High);
        assert_eq!(r.hipaa, vec!["164.312(a)(1)".to_string()]);
        assert_eq!(r.peers["gitleaks"], vec!["acme-internal-token".to_string()]);
        r.validate().unwrap();
        assert_eq!(
            r.matcher["keywords"].as_array().unwrap()[0].as_str(),
            Some("acme_")
        );
    }

    #[test]
    fn a_bad_gitleaks_regex_names_the_file() {
        let bad = "[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\n";
        let e = from_gitleaks("team/.gitleaks.toml", bad).unwrap_err();
        assert!(e.to_string().contains("team/.gitleaks.toml"), "{e}");
    }
}
