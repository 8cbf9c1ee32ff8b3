//! The one finding type every analyzer produces and every report consumes.
//!
//! A [`Finding`] knows nothing about output formats. Its [`Location`] holds 1-based lines and
//! 1-based columns counted in UTF-16 code units (what SARIF's `utf16CodeUnits` and editors expect),
//! computed from byte offsets by [`Location::from_byte_span`].
//!
//! The fingerprint never depends on a finding's value: it hashes the rule, the path and either a
//! name that is no value (a resource address, a crate and version, a function and call) or the
//! finding's snippet after the engine's redaction pass (the line's text with every value masked),
//! plus an occurrence index among findings that share all of these. A report therefore reveals
//! nothing through a fingerprint that its masked snippet does not show: hashing the value itself
//! would let anyone who reads the report try every SSN (a billion guesses, seconds of work) until
//! one matches. It never includes the line number, so baselines and ignores survive code moving
//! around a finding. What must bind to a value (a `--phi-detail` baseline entry) uses
//! [`ValueKey`], which never leaves memory, through the memory-hard KDF in [`crate::baseline`].

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
    /// Stable identity: see [`fingerprint`]. An analyzer whose finding is about a value leaves it
    /// empty; the engine then derives it from the redacted snippet.
    pub fingerprint: String,
    /// What the finding is about, when it is a named thing: `aws_s3_bucket.data`,
    /// `Deployment/payments/api`, `smallvec 0.6.9`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logical_location: Option<String>,
    /// Analyzer-specific facts (commit, fix version, identifier type, ...), string to string so
    /// every format can print them. Sorted for deterministic output.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub properties: std::collections::BTreeMap<String, String>,
    /// For a finding about one value whose acceptance must bind to that value (`--phi-detail`):
    /// a key derived from it. In memory only: never serialized, never printed.
    #[serde(skip)]
    pub value_key: Option<ValueKey>,
}

/// SHA-256 of a finding's value, held in memory so a baseline can bind an entry to the value
/// through a memory-hard KDF. Its `Debug` shows nothing of it, and it is never serialized: a
/// fast hash of a low-entropy value is as good as the value.
#[derive(Clone, PartialEq, Eq)]
pub struct ValueKey([u8; 32]);

impl ValueKey {
    pub fn of(value: &str) -> ValueKey {
        ValueKey(Sha256::digest(value.as_bytes()).into())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for ValueKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ValueKey(..)")
    }
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

/// A stable fingerprint: SHA-256 over rule id, path and `identity` (whitespace collapsed),
/// truncated to 32 hex digits. `identity` is a name that is no value, or a snippet with every value
/// masked; never a value (see the module doc). Never includes a line number.
pub fn fingerprint(rule_id: &str, path: &str, identity: &str) -> String {
    let mut h = Sha256::new();
    h.update(rule_id.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    // The words of `identity` joined by single spaces, hashed as they come.
    for (i, word) in identity.split_whitespace().enumerate() {
        if i > 0 {
            h.update(b" ");
        }
        h.update(word.as_bytes());
    }
    let digest = h.finalize();
    hex::encode(&digest[..16])
}

/// Fills in the fingerprints analyzers left empty (from the redacted snippet), then makes equal
/// fingerprints distinct by occurrence: in position order, the second and later findings that share
/// one get it hashed again with their index (1, 2, ...), so the first keeps the plain fingerprint.
/// `findings` are one file's (or one batch's) findings, already redacted.
pub fn settle_fingerprints(findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| f.fingerprint.is_empty()) {
        f.fingerprint = fingerprint(&f.rule_id, &f.location.path, &f.snippet);
    }
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| {
        (&findings[a].fingerprint, &findings[a].location)
            .cmp(&(&findings[b].fingerprint, &findings[b].location))
    });
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && findings[order[j]].fingerprint == findings[order[i]].fingerprint {
            j += 1;
        }
        let base = findings[order[i]].fingerprint.clone();
        for (n, &k) in order[i + 1..j].iter().enumerate() {
            findings[k].fingerprint = fingerprint(&base, "", &(n + 1).to_string());
        }
        i = j;
    }
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
    fn equal_fingerprints_are_told_apart_by_occurrence_in_position_order() {
        let at = |line: u32| Finding {
            rule_id: "R".into(),
            analyzer: AnalyzerKind::Secrets,
            severity: Severity::High,
            message: String::new(),
            location: Location::line("a.env", line),
            snippet: "KEY=AKIA********".into(),
            fingerprint: String::new(),
            logical_location: None,
            properties: Default::default(),
            value_key: None,
        };
        let mut f = vec![at(9), at(2), at(5)];
        settle_fingerprints(&mut f);
        let plain = fingerprint("R", "a.env", "KEY=AKIA********");
        assert_eq!(f[1].fingerprint, plain);
        assert!(f[2].fingerprint != plain && f[0].fingerprint != plain);
        assert_ne!(f[0].fingerprint, f[2].fingerprint);
        // The same findings in another order get the same fingerprints.
        let mut g = vec![at(5), at(2), at(9)];
        settle_fingerprints(&mut g);
        assert_eq!(g[0].fingerprint, f[2].fingerprint);
        assert_eq!(g[2].fingerprint, f[0].fingerprint);
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
