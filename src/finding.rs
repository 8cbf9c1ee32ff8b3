//! The one finding type every analyzer produces and every report consumes.
//!
//! A [`Finding`] knows nothing about output formats. Its [`Location`] holds 1-based lines and
//! 1-based columns counted in UTF-16 code units (what SARIF's `utf16CodeUnits` and editors expect),
//! computed from byte offsets by [`Location::from_byte_span`]. The fingerprint hashes the rule, the
//! path and the normalized matched value, never the line number, so baselines and ignores survive
//! code moving around a finding.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// How bad a finding is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.to_ascii_lowercase().as_str() {
            "info" | "note" => Severity::Info,
            "low" => Severity::Low,
            "medium" | "moderate" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The analyzers aseptic runs. The names are the ones `--only` and `--skip` take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnalyzerKind {
    Advisories,
    Iac,
    Secrets,
    Phi,
    Rust,
}

impl AnalyzerKind {
    pub const ALL: [AnalyzerKind; 5] = [
        AnalyzerKind::Advisories,
        AnalyzerKind::Iac,
        AnalyzerKind::Secrets,
        AnalyzerKind::Phi,
        AnalyzerKind::Rust,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AnalyzerKind::Advisories => "advisories",
            AnalyzerKind::Iac => "iac",
            AnalyzerKind::Secrets => "secrets",
            AnalyzerKind::Phi => "phi",
            AnalyzerKind::Rust => "rust",
        }
    }

    pub fn parse(s: &str) -> Option<AnalyzerKind> {
        AnalyzerKind::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl fmt::Display for AnalyzerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use crate::lines::Location;

/// 1-based line and UTF-16 column of byte offset `at` in `text` (clamped to the text and to a char
/// boundary). For many lookups in one text, build a [`crate::lines::LineIndex`] once.
pub fn line_col(text: &str, at: usize) -> (u32, u32) {
    crate::lines::LineIndex::new(text).line_col(at)
}

/// One problem found in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub analyzer: AnalyzerKind,
    pub severity: Severity,
    /// One sentence for a person; never contains a secret or PHI value in full.
    pub message: String,
    pub location: Location,
    /// The matched text, already redacted (see [`crate::redact`]).
    pub snippet: String,
    /// Stable identity: see [`fingerprint`].
    pub fingerprint: String,
    /// What the finding is about, when it is a named thing: `aws_s3_bucket.data`,
    /// `Deployment/payments/api`, `smallvec 0.6.9`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logical_location: Option<String>,
    /// Analyzer-specific facts (commit, fix version, identifier type, ...), string to string so
    /// every format can print them. Sorted for deterministic output.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub properties: std::collections::BTreeMap<String, String>,
}

impl Finding {
    /// Sort key: path, then position, then rule. Reports sort by this so output is deterministic.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.location.path,
            self.location.start_line,
            self.location.start_column,
            &self.rule_id,
            &self.fingerprint,
        )
    }
}

/// A stable fingerprint: SHA-256 over rule id, path and the normalized matched value (whitespace
/// collapsed), truncated to 32 hex digits. Never includes a line number.
pub fn fingerprint(rule_id: &str, path: &str, matched: &str) -> String {
    let normalized: String = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut h = Sha256::new();
    h.update(rule_id.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(normalized.as_bytes());
    let digest = h.finalize();
    hex::encode(&digest[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_and_lines_split_on_bare_cr() {
        let text = "a\r\néx = 1\rPID|1";
        // "é" is 2 bytes in UTF-8, 1 unit in UTF-16.
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 2));
        let pid = text.find("PID").unwrap();
        assert_eq!(line_col(text, pid), (3, 1));
        // An astral char counts as two UTF-16 units.
        let t = "😀k";
        assert_eq!(line_col(t, t.find('k').unwrap()), (1, 3));
    }

    #[test]
    fn fingerprint_ignores_position_and_spacing() {
        let a = fingerprint("R", "a.txt", "key =  v");
        let b = fingerprint("R", "a.txt", "key = v");
        assert_eq!(a, b);
        assert_ne!(a, fingerprint("R", "b.txt", "key = v"));
        assert_eq!(a.len(), 32);
    }
}
