//! GitLab security reports: what puts findings in a merge request's security widget, the
//! pipeline's Security tab and the vulnerability report. GitLab reads one JSON document per report
//! type (`artifacts:reports:secret_detection`, `sast`, `dependency_scanning`), each following its
//! published schema (security-report-schemas, version [`SCHEMA_VERSION`]).
//!
//! Each analyzer's findings go to one report type: secrets to secret detection, advisories to
//! dependency scanning, and IaC, PHI and Rust findings to SAST (GitLab has no report type of its
//! own for configuration or for personal data). A report holds only its type's findings, so a run
//! writes up to three files. Every vulnerability carries the masked snippet, never a value: the
//! schema's `raw_source_code_extract` ("unsanitized") gets the same redacted text every other
//! format shows. Vulnerability ids are the finding's fingerprint in UUID form, so GitLab tracks a
//! finding across pipelines as our baselines do.
//!
//! Secret detection requires the commit a secret was found in: the finding's own commit in a
//! history scan, else the scanned revision (`HEAD`), else `0000000` (GitLab's own analyzer writes
//! the same for a tree that is not a repository). The scan's `status` is `failure` when the scan
//! was incomplete (exit 2), and the error and warning notes become the scan's messages.
//!
//! Not done: remediations (patch diffs), `dependency_files` inventories (written empty) and
//! GitLab's `details` and `tracking` structures, which the widget does not need.

use super::Report;
use crate::finding::{AnalyzerKind, Finding, Severity};
use crate::note::NoteLevel;
use serde_json::{Value, json};
use std::io::{self, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The security-report-schemas release these documents follow.
pub const SCHEMA_VERSION: &str = "15.0.6";

/// At most this many notes become scan messages; a note about every skipped file would bury the
/// errors.
const MAX_MESSAGES: usize = 50;

/// GitLab's report types, one per `artifacts:reports` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    SecretDetection,
    Sast,
    DependencyScanning,
}

impl Kind {
    /// `scan.type` and the `artifacts:reports` key.
    pub fn scan_type(self) -> &'static str {
        match self {
            Kind::SecretDetection => "secret_detection",
            Kind::Sast => "sast",
            Kind::DependencyScanning => "dependency_scanning",
        }
    }

    fn schema_file(self) -> &'static str {
        match self {
            Kind::SecretDetection => "secret-detection-report-format.json",
            Kind::Sast => "sast-report-format.json",
            Kind::DependencyScanning => "dependency-scanning-report-format.json",
        }
    }

    /// The report type an analyzer's findings belong to.
    pub fn of(analyzer: AnalyzerKind) -> Kind {
        match analyzer {
            AnalyzerKind::Secrets => Kind::SecretDetection,
            AnalyzerKind::Advisories => Kind::DependencyScanning,
            AnalyzerKind::Iac | AnalyzerKind::Phi | AnalyzerKind::Rust => Kind::Sast,
        }
    }
}

/// Writes the `kind` report of `report`'s findings; `revision` is the scanned commit, when the
/// scan was of a git repository.
pub fn write(
    report: &Report,
    kind: Kind,
    revision: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let end = SystemTime::now();
    let start = end.checked_sub(report.stats.elapsed).unwrap_or(end);
    let doc = document(report, kind, revision, start, end);
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// The report as a JSON value (the scan bracketed by `start` and `end`).
pub fn document(
    report: &Report,
    kind: Kind,
    revision: Option<&str>,
    start: SystemTime,
    end: SystemTime,
) -> Value {
    let tool = json!({
        "id": "aseptic",
        "name": "aseptic",
        "version": crate::VERSION,
        "url": crate::REPOSITORY_URL,
        "vendor": {"name": "aseptic"},
    });
    let messages: Vec<Value> = report
        .notes
        .iter()
        .filter(|n| n.level != NoteLevel::Info)
        .take(MAX_MESSAGES)
        .map(|n| {
            let text = match &n.path {
                Some(p) => format!("{p}: {}", n.message),
                None => n.message.clone(),
            };
            json!({"level": "warn", "value": text})
        })
        .collect();
    let status = if super::summary::errors(report) > 0 {
        "failure"
    } else {
        "success"
    };
    let vulnerabilities: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| Kind::of(f.analyzer) == kind)
        .map(|f| vulnerability(report, kind, revision, f))
        .collect();
    let mut doc = json!({
        "version": SCHEMA_VERSION,
        "schema": format!(
            "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v{SCHEMA_VERSION}/dist/{}",
            kind.schema_file()
        ),
        "scan": {
            "analyzer": tool,
            "scanner": tool,
            "type": kind.scan_type(),
            "start_time": timestamp(start),
            "end_time": timestamp(end),
            "status": status,
            "messages": messages,
        },
        "vulnerabilities": vulnerabilities,
    });
    if kind == Kind::DependencyScanning {
        doc["dependency_files"] = json!([]);
    }
    doc
}

fn vulnerability(report: &Report, kind: Kind, revision: Option<&str>, f: &Finding) -> Value {
    let rule = report.rule(&f.rule_id);
    let name = rule
        .map(|r| r.summary.clone())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| f.rule_id.clone());
    let mut description = f.message.clone();
    if let Some(c) = f.properties.get("context") {
        description.push_str(&format!(" (context: {c})"));
    }
    let mut v = json!({
        "id": uuid_form(&f.fingerprint),
        "name": crate::clip::clip(&name, 255),
        "description": description,
        "severity": gitlab_severity(f.severity),
        "identifiers": identifiers(report, f),
        "location": location(kind, revision, f),
    });
    if let Some(uri) = rule.and_then(|r| r.help_uri()).filter(|u| is_url(u)) {
        v["links"] = json!([{"name": f.rule_id, "url": uri}]);
    }
    if !f.snippet.is_empty() {
        // Already redacted by the engine: the masked snippet, never the value.
        v["raw_source_code_extract"] = json!(f.snippet);
    }
    v
}

fn location(kind: Kind, revision: Option<&str>, f: &Finding) -> Value {
    let l = &f.location;
    match kind {
        Kind::Sast => json!({
            "file": l.path, "start_line": l.start_line, "end_line": l.end_line,
        }),
        Kind::SecretDetection => {
            let sha = f
                .properties
                .get("commit")
                .cloned()
                .or_else(|| revision.map(str::to_string))
                .unwrap_or_else(|| "0000000".to_string());
            json!({
                "file": l.path, "start_line": l.start_line, "end_line": l.end_line,
                "commit": {"sha": sha},
            })
        }
        Kind::DependencyScanning => {
            let logical = f.logical_location.clone().unwrap_or_default();
            let (name, version) = logical
                .rsplit_once(' ')
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .unwrap_or((logical.clone(), String::new()));
            json!({
                "file": l.path,
                "dependency": {"package": {"name": name}, "version": version},
            })
        }
    }
}

/// The rule id first (GitLab's primary identifier), then the advisory's aliases and the CWEs.
fn identifiers(report: &Report, f: &Finding) -> Vec<Value> {
    let mut ids = vec![{
        let mut id = json!({
            "type": primary_type(&f.rule_id),
            "name": f.rule_id,
            "value": f.rule_id,
        });
        if let Some(uri) = report
            .rule(&f.rule_id)
            .and_then(|r| r.help_uri())
            .filter(|u| is_url(u))
        {
            id["url"] = json!(uri);
        }
        id
    }];
    if let Some(r) = report.rule(&f.rule_id) {
        for a in &r.aliases {
            if a.starts_with("CVE-") || a.starts_with("GHSA-") {
                ids.push(json!({"type": primary_type(a), "name": a, "value": a}));
            }
        }
        for c in &r.cwe {
            let number = c.trim_start_matches("CWE-");
            if !number.is_empty() {
                ids.push(json!({"type": "cwe", "name": c, "value": number}));
            }
        }
    }
    ids
}

/// GitLab correlates findings across scanners by identifier type: CVE and GHSA ids are theirs,
/// everything else is ours.
fn primary_type(id: &str) -> &'static str {
    if id.starts_with("CVE-") {
        "cve"
    } else if id.starts_with("GHSA-") {
        "ghsa"
    } else if id.starts_with("RUSTSEC-") {
        "rustsec"
    } else {
        "aseptic_rule_id"
    }
}

fn gitlab_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

fn is_url(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

/// A 32-hex-digit fingerprint as 8-4-4-4-12; anything else is returned as it is.
fn uuid_form(fp: &str) -> String {
    if fp.len() == 32 && fp.bytes().all(|b| b.is_ascii_hexdigit()) {
        format!(
            "{}-{}-{}-{}-{}",
            &fp[..8],
            &fp[8..12],
            &fp[12..16],
            &fp[16..20],
            &fp[20..]
        )
    } else {
        fp.to_string()
    }
}

/// `yyyy-mm-ddThh:mm:ss` in UTC, as the schema's pattern requires.
fn timestamp(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let d = crate::date::Date::from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.year,
        d.month,
        d.day,
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_seconds() {
        let t = UNIX_EPOCH + Duration::from_secs(1_580_181_962);
        assert_eq!(timestamp(t), "2020-01-28T03:26:02");
    }

    #[test]
    fn fingerprints_take_uuid_form() {
        assert_eq!(
            uuid_form("0123456789abcdef0123456789abcdef"),
            "01234567-89ab-cdef-0123-456789abcdef"
        );
    }

    #[test]
    fn each_analyzer_has_one_report_type() {
        assert_eq!(Kind::of(AnalyzerKind::Secrets), Kind::SecretDetection);
        assert_eq!(Kind::of(AnalyzerKind::Advisories), Kind::DependencyScanning);
        assert_eq!(Kind::of(AnalyzerKind::Iac), Kind::Sast);
        assert_eq!(Kind::of(AnalyzerKind::Phi), Kind::Sast);
    }
}
