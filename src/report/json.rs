//! JSON report: a small, versioned schema for scripts and dashboards.
//!
//! Schema version 1 (a field is only ever added within a version; a rename or removal bumps it):
//!
//! ```text
//! {
//!   "version": 1,                          // this schema's version
//!   "tool": {"name": "aseptic", "version": "0.1.0"},
//!   "findings": [                          // sorted by path, line, column, rule id
//!     {
//!       "rule_id": "SEC-AWS-001",
//!       "analyzer": "secrets",             // advisories | iac | secrets | phi | rust
//!       "severity": "critical",            // critical | high | medium | low | info
//!       "message": "...",                  // never holds a secret or PHI value in full
//!       "location": {"path": "src/a.rs",   // repository-relative, `/`-separated
//!                    "start_line": 3, "start_column": 9,   // 1-based; columns in UTF-16 units
//!                    "end_line": 3, "end_column": 29},     // end column exclusive
//!       "snippet": "...",                  // redacted
//!       "fingerprint": "32 hex digits",    // rule + path + masked snippet or name, no value, no line
//!       "logical_location": "aws_s3_bucket.data",   // optional
//!       "properties": {"key": "value"}     // optional, analyzer-specific
//!     }
//!   ],
//!   "rules": [                             // the rules that produced findings, sorted by id
//!     {"id", "name", "severity", "hipaa": [...], "cwe": [...], "summary"}
//!   ],
//!   "hipaa": {                             // only with --group-by hipaa
//!     "164.312(a)(1)": ["fingerprint", ...] // safeguard -> its findings, in finding order;
//!   },                                     // a finding whose rule cites two is in both;
//!                                          // "unmapped" holds findings of unknown rules
//!   "notes": [{"level": "error|warning|info", "path": "optional", "message": "..."}],
//!   "stats": {"files_scanned", "bytes_scanned", "files_skipped",
//!             "findings_by_severity": {"high": 2, ...}, "findings_by_analyzer": {"iac": 1, ...},
//!             "suppressed", "baseline_matched"},
//!   "properties": {"advisory-db.revision": "..."}   // facts about the run
//! }
//! ```
//!
//! Deliberately absent: timestamps and durations (the same input gives byte-identical output at
//! any thread count), and rule help text (`aseptic explain RULE` and the SARIF report carry it).
//! Safeguard keys group citations by standard, as described in [`super::hipaa`].

use super::{GroupBy, Report, Stats, hipaa};
use crate::finding::{Finding, Severity};
use crate::note::Note;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    tool: Tool,
    findings: &'a [Finding],
    rules: Vec<RuleSummary<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hipaa: Option<BTreeMap<String, Vec<&'a str>>>,
    notes: &'a [Note],
    stats: &'a Stats,
    properties: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct RuleSummary<'a> {
    id: &'a str,
    name: &'a str,
    severity: Severity,
    hipaa: &'a [String],
    cwe: &'a [String],
    summary: &'a str,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let fired: std::collections::BTreeSet<&str> =
        report.findings.iter().map(|f| f.rule_id.as_str()).collect();
    let rules = report
        .rules
        .iter()
        .filter(|r| fired.contains(r.id.as_str()))
        .map(|r| RuleSummary {
            id: &r.id,
            name: &r.name,
            severity: r.severity,
            hipaa: &r.hipaa,
            cwe: &r.cwe,
            summary: &r.summary,
        })
        .collect();
    let hipaa = (report.group_by == GroupBy::Hipaa).then(|| {
        hipaa::groups(report)
            .into_iter()
            .map(|g| {
                let fps = g.findings.iter().map(|f| f.fingerprint.as_str()).collect();
                (g.key, fps)
            })
            .collect()
    });
    let doc = Doc {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "aseptic",
            version: crate::VERSION,
        },
        findings: &report.findings,
        rules,
        hipaa,
        notes: &report.notes,
        stats: &report.stats,
        properties: &report.properties,
    };
    // serde_json writes a few bytes at a time: through a buffer, not each through `dyn Write`.
    let mut buf = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buf, &doc)?;
    writeln!(buf)?;
    buf.flush()
}
