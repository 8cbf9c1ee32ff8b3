//! One OSV record (https://ossf.github.io/osv-schema/): what aseptic reads of it, whether it
//! affects a package version, the first fixed version of the affected branch, its severity, and
//! the run-time [`Rule`] that describes it in reports.
//!
//! Matching follows the schema's evaluation: an `affected` entry of the package's ecosystem and
//! (normalized) name affects a version listed in its `versions`, or inside one of its `ECOSYSTEM`
//! or `SEMVER` ranges: events sorted by version, `introduced` opens, `fixed` closes at that
//! version, `last_affected` closes after it. `GIT` ranges are skipped (they name commits, not
//! releases), as are events whose version the ecosystem cannot parse. Withdrawn records never
//! match. The fix is the smallest `fixed` event above the version in a range that affects it.
//!
//! Severity: the highest CVSS v3/v4 base score among the record's and the entry's vectors (>= 9
//! critical, >= 7 high, >= 4 medium, > 0 low); else the database's own word
//! (`database_specific.severity`: GitHub's LOW/MODERATE/HIGH/CRITICAL); else the severity the
//! summary or details state, else `medium`, as for an unscored RustSec vulnerability. HIPAA: 164.312(c)(1) and 164.308(a)(1)(ii)(B), as for RustSec.

use super::version::{Ecosystem, Version};
use crate::analyzers::advisories::advisory::{
    demote_headings, rule_name, score_severity, stated_severity,
};
use crate::finding::{AnalyzerKind, Severity};
use crate::rule::{Precision, Rule};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;

#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub id: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub details: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub modified: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub withdrawn: Option<String>,
    #[serde(default)]
    pub affected: Vec<Affected>,
    #[serde(default)]
    pub severity: Vec<SeverityEntry>,
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
    #[serde(default)]
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Affected {
    #[serde(default)]
    pub package: Option<Package>,
    #[serde(default)]
    pub ranges: Vec<Range>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub severity: Vec<SeverityEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Package {
    pub ecosystem: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Range {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Event {
    pub introduced: Option<String>,
    pub fixed: Option<String>,
    pub last_affected: Option<String>,
    pub limit: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeverityEntry {
    #[serde(rename = "type")]
    pub kind: String,
    pub score: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Reference {
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    pub url: String,
}

/// A record that affects a package version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The first fixed version above the package's version in a range that affects it.
    pub fixed: Option<String>,
}

/// Why one OSV record file was skipped (named with its path in a note; the rest still load).
/// A JSON error carries serde_json's message, which names a line and column and at most a short
/// token, cut to 160 characters.
#[derive(Debug)]
pub enum RecordError {
    Io(std::io::Error),
    /// The file's size in bytes, over [`super::db::MAX_RECORD_BYTES`].
    TooBig(u64),
    Json(serde_json::Error),
    /// The `id` is empty, too long or not one token.
    BadId,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Io(e) => write!(f, "cannot read: {e}"),
            RecordError::TooBig(n) => write!(
                f,
                "{n} bytes, over the {}-byte limit for one record",
                super::db::MAX_RECORD_BYTES
            ),
            RecordError::Json(e) => {
                let m = e.to_string();
                write!(
                    f,
                    "not an OSV record: {}",
                    m.chars().take(160).collect::<String>()
                )
            }
            RecordError::BadId => f.write_str("the `id` is empty or not a plain advisory id"),
        }
    }
}

impl std::error::Error for RecordError {}

impl Record {
    /// Checks what the rest of the scan relies on: an id that is one token, `affected` entries
    /// with a package. Anything else unusual is tolerated (OSV records grow new fields).
    pub fn validate(&self) -> Result<(), RecordError> {
        if self.id.is_empty()
            || self.id.len() > 100
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        {
            return Err(RecordError::BadId);
        }
        Ok(())
    }

    /// The (ecosystem, normalized name) pairs this record is about.
    pub fn packages(&self) -> impl Iterator<Item = (Ecosystem, String)> + '_ {
        self.affected.iter().filter_map(|a| {
            let p = a.package.as_ref()?;
            let eco = Ecosystem::from_osv(&p.ecosystem)?;
            Some((eco, eco.normalize_name(&p.name)))
        })
    }

    /// Does this record affect `name` (normalized) at `version` (`raw` as written)?
    pub fn affects(&self, eco: Ecosystem, name: &str, raw: &str, version: &Version) -> Option<Hit> {
        if self.withdrawn.is_some() {
            return None;
        }
        let mut hit = false;
        let mut fixed: Option<(Version, String)> = None;
        for a in &self.affected {
            let Some(p) = &a.package else { continue };
            if Ecosystem::from_osv(&p.ecosystem) != Some(eco) || eco.normalize_name(&p.name) != name
            {
                continue;
            }
            if a.versions
                .iter()
                .any(|v| v == raw || Version::parse(eco, v).is_some_and(|pv| pv == *version))
            {
                hit = true;
            }
            for r in &a.ranges {
                if r.kind != "ECOSYSTEM" && r.kind != "SEMVER" {
                    continue;
                }
                if let Some(f) = range_affects(eco, r, version) {
                    hit = true;
                    if let Some(f) = f
                        && fixed.as_ref().is_none_or(|(b, _)| f.0 < *b)
                    {
                        fixed = Some(f);
                    }
                }
            }
        }
        hit.then(|| Hit {
            fixed: fixed.map(|(_, s)| s),
        })
    }

    pub fn severity(&self) -> Severity {
        let mut best: Option<f64> = None;
        let all = self
            .severity
            .iter()
            .chain(self.affected.iter().flat_map(|a| a.severity.iter()));
        for s in all {
            if (s.kind == "CVSS_V3" || s.kind == "CVSS_V4")
                && let Ok(c) = cvss::Cvss::from_str(s.score.trim())
            {
                let v = c.score();
                if best.is_none_or(|b| v > b) {
                    best = Some(v);
                }
            }
        }
        if let Some(s) = best {
            return score_severity(s);
        }
        let word = self
            .database_specific
            .as_ref()
            .and_then(|d| d.get("severity"))
            .and_then(|s| s.as_str())
            .map(|s| s.to_ascii_uppercase());
        match word.as_deref() {
            Some("CRITICAL") => Severity::Critical,
            Some("HIGH") => Severity::High,
            Some("MODERATE") | Some("MEDIUM") => Severity::Medium,
            Some("LOW") => Severity::Low,
            _ => stated_severity(&format!(
                "{}\n{}",
                self.summary.as_deref().unwrap_or(""),
                self.details.as_deref().unwrap_or("")
            ))
            .unwrap_or(Severity::Medium),
        }
    }

    /// The highest CVSS vector, as written, for the `cvss` property.
    pub fn cvss(&self) -> Option<(String, f64)> {
        self.severity
            .iter()
            .chain(self.affected.iter().flat_map(|a| a.severity.iter()))
            .filter(|s| s.kind == "CVSS_V3" || s.kind == "CVSS_V4")
            .filter_map(|s| {
                let c = cvss::Cvss::from_str(s.score.trim()).ok()?;
                Some((s.score.trim().to_string(), c.score()))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The one-line title: `summary`, else the first sentence of `details`, else the id.
    pub fn title(&self) -> String {
        let s = self
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .or_else(|| {
                self.details
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            })
            .unwrap_or(&self.id);
        let line = s.lines().next().unwrap_or(s).trim();
        crate::clip::clip(line, 160).into_owned()
    }

    /// The newest of `modified` and `published` as `YYYY-MM-DD` (for the database's age).
    pub fn date(&self) -> Option<crate::date::Date> {
        [&self.modified, &self.published]
            .into_iter()
            .flatten()
            .filter_map(|d| crate::date::Date::parse(d.get(..10)?))
            .filter(|d| d.year > 1970)
            .max()
    }
}

/// `Some(fix)` when range `r` affects `v` (`fix` = the first `fixed` above it, if any).
fn range_affects(eco: Ecosystem, r: &Range, v: &Version) -> Option<Option<(Version, String)>> {
    enum Kind {
        Introduced,
        Fixed,
        LastAffected,
    }
    // "0" is below every version; it is kept as `None`.
    let mut events: Vec<(Option<Version>, Kind, &str)> = Vec::new();
    for e in &r.events {
        let (kind, s) = if let Some(s) = &e.introduced {
            (Kind::Introduced, s)
        } else if let Some(s) = &e.fixed {
            (Kind::Fixed, s)
        } else if let Some(s) = &e.last_affected {
            (Kind::LastAffected, s)
        } else {
            continue; // `limit`: only meaningful for GIT ranges
        };
        if matches!(kind, Kind::Introduced) && s == "0" {
            events.push((None, kind, s));
            continue;
        }
        let Some(pv) = Version::parse(eco, s) else {
            continue;
        };
        events.push((Some(pv), kind, s));
    }
    events.sort_by(|a, b| match (&a.0, &b.0) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
    });
    let mut affected = false;
    for (ev, kind, _) in &events {
        match kind {
            Kind::Introduced => {
                if ev.as_ref().is_none_or(|e| v >= e) {
                    affected = true;
                }
            }
            Kind::Fixed => {
                if ev.as_ref().is_some_and(|e| v >= e) {
                    affected = false;
                }
            }
            Kind::LastAffected => {
                if ev.as_ref().is_some_and(|e| v > e) {
                    affected = false;
                }
            }
        }
    }
    if !affected {
        return None;
    }
    let fix = events
        .iter()
        .filter(|(ev, k, _)| matches!(k, Kind::Fixed) && ev.as_ref().is_some_and(|e| e > v))
        .map(|(ev, _, s)| (ev.clone(), s.to_string()))
        .next()
        .and_then(|(ev, s)| ev.map(|e| (e, s)));
    Some(fix)
}

pub fn help_uri(id: &str) -> String {
    format!("https://osv.dev/vulnerability/{id}")
}

/// The run-time rule for record `r` about package `pkg` of `eco`.
pub fn rule(r: &Record, eco: Ecosystem, pkg: &str) -> Rule {
    let id = r.id.clone();
    let summary = r.title();
    let fixed: Vec<String> = r
        .affected
        .iter()
        .flat_map(|a| a.ranges.iter())
        .flat_map(|g| g.events.iter())
        .filter_map(|e| e.fixed.clone())
        .collect();
    let fixed_text = if fixed.is_empty() {
        "none".to_string()
    } else {
        fixed.join(", ")
    };
    let mut refs = vec![format!("- {}", help_uri(&id))];
    for x in r.references.iter().take(20) {
        refs.push(format!("- {}", x.url));
    }
    if !r.aliases.is_empty() {
        refs.push(format!("- Aliases: {}", r.aliases.join(", ")));
    }
    let details = r.details.as_deref().unwrap_or("").trim();
    let details = demote_headings(details);
    let help = format!(
        "## What it does\n\nReports every {eco} lockfile entry of `{pkg}` in a version that OSV \
         advisory {id} affects.\n\nFixed in: {fixed_text}.\n\n## Why it matters\n\n{}\n\n\
         ## Example\n\nA lockfile that pins `{pkg}` to an affected version.\n\n## Fix\n\n\
         Upgrade `{pkg}` to a fixed version (the finding's `fix` property names the first fixed \
         version of the affected branch), or accept the risk with an `[[advisories.ignore]]` \
         entry (by this id or any alias) that gives a reason and an `expires` date.\n\n\
         ## References\n\n{}\n",
        if details.trim().is_empty() {
            summary.clone()
        } else {
            details.trim_end().to_string()
        },
        refs.join("\n"),
        eco = eco.osv_name()
    );
    let mut cwe = vec!["CWE-1395".to_string()];
    if let Some(ids) = r
        .database_specific
        .as_ref()
        .and_then(|d| d.get("cwe_ids"))
        .and_then(|c| c.as_array())
    {
        for c in ids.iter().filter_map(|c| c.as_str()) {
            if c.starts_with("CWE-") && !cwe.iter().any(|x| x == c) {
                cwe.push(c.to_string());
            }
        }
    }
    let mut peers = BTreeMap::new();
    peers.insert("osv-scanner".to_string(), vec![id.clone()]);
    let name = rule_name(pkg, &id);
    Rule {
        id: id.clone(),
        name,
        analyzer: AnalyzerKind::Advisories,
        severity: r.severity(),
        summary,
        help,
        hipaa: vec!["164.312(c)(1)".into(), "164.308(a)(1)(ii)(B)".into()],
        cwe,
        precision: Precision::High,
        peers,
        peer_severity: Default::default(),
        severity_reason: None,
        tags: vec![
            "dependency".into(),
            "osv".into(),
            eco.osv_name().to_ascii_lowercase(),
        ],
        help_uri: Some(help_uri(&id)),
        aliases: Vec::new(),
        examples: Default::default(),
        matcher: Default::default(),
        source: format!("osv/{}/{id}.json", eco.osv_name()),
        builtin: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(json: &str) -> Record {
        serde_json::from_str(json).unwrap()
    }

    fn affects(r: &Record, eco: Ecosystem, name: &str, v: &str) -> Option<Hit> {
        let pv = Version::parse(eco, v).unwrap();
        r.affects(eco, &eco.normalize_name(name), v, &pv)
    }

    const TWO_BRANCHES: &str = r#"{"id":"GHSA-aaaa-bbbb-cccc","aliases":["CVE-2099-1"],
      "affected":[{"package":{"ecosystem":"npm","name":"lib"},
        "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.3"},
                   {"introduced":"2.0.0"},{"fixed":"2.1.0"}]}]}]}"#;

    #[test]
    fn the_fix_is_the_first_fixed_version_of_the_affected_branch() {
        let r = rec(TWO_BRANCHES);
        let fix = |v| affects(&r, Ecosystem::Npm, "lib", v).map(|h| h.fixed);
        assert_eq!(fix("1.0.0"), Some(Some("1.2.3".into())));
        assert_eq!(fix("1.2.3"), None);
        assert_eq!(fix("1.9.0"), None);
        assert_eq!(fix("2.0.0"), Some(Some("2.1.0".into())));
        assert_eq!(fix("2.0.5-beta"), Some(Some("2.1.0".into())));
        assert_eq!(fix("2.1.0"), None);
        assert_eq!(affects(&r, Ecosystem::Npm, "other", "1.0.0"), None);
        assert_eq!(affects(&r, Ecosystem::PyPI, "lib", "1.0.0"), None);
    }

    #[test]
    fn last_affected_explicit_versions_and_withdrawn() {
        let r = rec(
            r#"{"id":"PYSEC-2099-1","affected":[{"package":{"ecosystem":"PyPI","name":"Py_Lib"},
              "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"1.0"},{"last_affected":"1.4"}]},
                        {"type":"GIT","events":[{"introduced":"0"},{"fixed":"abc"}]}],
              "versions":["0.9.1"]}]}"#,
        );
        assert_eq!(
            affects(&r, Ecosystem::PyPI, "py-lib", "1.4"),
            Some(Hit { fixed: None })
        );
        assert!(affects(&r, Ecosystem::PyPI, "PY.LIB", "1.0.0").is_some());
        assert!(affects(&r, Ecosystem::PyPI, "py-lib", "1.4.post1").is_none());
        assert!(affects(&r, Ecosystem::PyPI, "py-lib", "0.9.1").is_some());
        assert!(affects(&r, Ecosystem::PyPI, "py-lib", "0.9.2").is_none());
        let mut w = r.clone();
        w.withdrawn = Some("2099-01-01T00:00:00Z".into());
        assert!(affects(&w, Ecosystem::PyPI, "py-lib", "1.2").is_none());
    }

    #[test]
    fn severity_from_cvss_then_database_word_then_text_then_medium() {
        let mut r = rec(TWO_BRANCHES);
        assert_eq!(r.severity(), Severity::Medium);
        r.details = Some("A low severity issue.".into());
        assert_eq!(r.severity(), Severity::Low);
        r.database_specific = Some(serde_json::json!({"severity": "MODERATE"}));
        assert_eq!(r.severity(), Severity::Medium);
        r.severity = vec![SeverityEntry {
            kind: "CVSS_V3".into(),
            score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H".into(),
        }];
        assert_eq!(r.severity(), Severity::Critical);
        r.severity = vec![SeverityEntry {
            kind: "CVSS_V4".into(),
            score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N".into(),
        }];
        assert_eq!(r.severity(), Severity::Medium);
        assert!(r.cvss().unwrap().0.starts_with("CVSS:4.0"));
    }

    #[test]
    fn the_rule_validates() {
        let r = rec(TWO_BRANCHES);
        let rule = rule(&r, Ecosystem::Npm, "lib");
        // Rule ids of built-in rules are upper case; OSV ids (GHSA-xxxx) keep their own spelling.
        let mut upper = rule.clone();
        upper.id = upper.id.to_ascii_uppercase();
        upper.validate().unwrap();
        assert!(rule.help.contains("CVE-2099-1"));
        assert!(rule.help.contains("Fixed in: 1.2.3, 2.1.0"));
    }
}
