//! The report: sorted findings, notes, the rules that ran, and stats; and the one function that
//! writes it in the chosen format. One file per format; none of them knows how findings were made.

pub mod github;
pub mod gitlab;
pub mod hipaa;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod summary;
pub mod table;

use crate::finding::{AnalyzerKind, Finding, Severity};
use crate::note::Note;
use crate::rule::Rule;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Sarif,
    Github,
    Markdown,
    /// GitLab's secret detection report (the secrets analyzer's findings).
    GitlabSecrets,
    /// GitLab's SAST report (IaC, PHI and Rust findings).
    GitlabSast,
    /// GitLab's dependency scanning report (advisories).
    GitlabDependency,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Table,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Markdown,
        Format::GitlabSecrets,
        Format::GitlabSast,
        Format::GitlabDependency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Markdown => "markdown",
            Format::GitlabSecrets => "gitlab-secrets",
            Format::GitlabSast => "gitlab-sast",
            Format::GitlabDependency => "gitlab-dependency",
        }
    }

    /// The GitLab report type of a GitLab format.
    pub fn gitlab_kind(self) -> Option<gitlab::Kind> {
        match self {
            Format::GitlabSecrets => Some(gitlab::Kind::SecretDetection),
            Format::GitlabSast => Some(gitlab::Kind::Sast),
            Format::GitlabDependency => Some(gitlab::Kind::DependencyScanning),
            _ => None,
        }
    }

    /// A format's name, in any case (as `[scan] format` writes it).
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// How the table and JSON group findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    #[default]
    Severity,
    /// By HIPAA Security Rule safeguard (45 CFR 164.312).
    Hipaa,
}

/// Counts, for the summary. `elapsed` is printed only by the table: JSON and SARIF must be
/// byte-identical across runs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub files_skipped: u64,
    pub findings_by_severity: BTreeMap<Severity, u64>,
    pub findings_by_analyzer: BTreeMap<AnalyzerKind, u64>,
    /// Findings left out by inline markers or `[[ignore]]` entries.
    pub suppressed: u64,
    /// Findings left out because the baseline already had them.
    pub baseline_matched: u64,
    #[serde(skip)]
    pub elapsed: Duration,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by [`Finding::sort_key`].
    pub findings: Vec<Finding>,
    /// Sorted.
    pub notes: Vec<Note>,
    /// Every rule that ran, sorted by id.
    pub rules: Vec<Rule>,
    pub stats: Stats,
    /// Facts about the run that every format records (e.g. `advisory-db.revision`).
    pub properties: BTreeMap<String, String>,
    pub group_by: GroupBy,
}

impl Report {
    /// Sorts findings, notes and rules, de-duplicates rules by id and fills the counts.
    pub fn finalize(&mut self) {
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
        // Notes about no file (a git or cargo message, a database error) quote text no analyzer
        // looked at: at least every token-shaped run in them is masked.
        for n in &mut self.notes {
            n.message = crate::redact::mask_tokens(&n.message);
        }
        self.notes.sort();
        self.notes.dedup();
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
        self.rules.dedup_by(|a, b| a.id == b.id);
        self.stats.findings_by_severity.clear();
        self.stats.findings_by_analyzer.clear();
        for f in &self.findings {
            *self
                .stats
                .findings_by_severity
                .entry(f.severity)
                .or_default() += 1;
            *self
                .stats
                .findings_by_analyzer
                .entry(f.analyzer)
                .or_default() += 1;
        }
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }
}

pub fn write(report: &Report, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::write(report, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Markdown => markdown::write(report, out),
        Format::GitlabSecrets | Format::GitlabSast | Format::GitlabDependency => {
            let kind = format.gitlab_kind().expect("a GitLab format");
            gitlab::write(report, kind, None, out)
        }
    }
}
