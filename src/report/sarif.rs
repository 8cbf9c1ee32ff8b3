//! SARIF 2.1.0 report, for GitHub code scanning and other SARIF consumers.
//!
//! One run, written from private serde structs that mirror the parts of the OASIS schema we use
//! (field order is the declaration order, so the output is stable). `tool.driver.rules` holds every
//! rule that ran, with its help, CWE and HIPAA tags, `precision`, `security-severity` and the ids of
//! equivalent rules in peer tools (`peers.checkov`, ...), so teams moving from those tools can map
//! their alerts. Results point at repository-relative, percent-encoded URIs under `%SRCROOT%`, with
//! columns in UTF-16 code units (`columnKind`) and line ends `\r\n`, `\n` and a bare `\r` (HL7 v2
//! segments end in one) declared in `newlineSequences`. Notes become the invocation's
//! `toolExecutionNotifications`; an error note makes `executionSuccessful` false.
//!
//! Deliberately absent: timestamps, durations, absolute paths and anything else that would differ
//! between two runs over the same tree (the output must be byte-identical at any thread count), and
//! `primaryLocationLineHash` (GitHub's upload action computes it from the file).

use super::Report;
use crate::clip::clip;
use crate::finding::{Finding, Severity};
use crate::note::{Note, NoteLevel};
use crate::rule::Rule;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// The key of our fingerprint in `partialFingerprints`; bump the version if its recipe changes.
pub const FINGERPRINT_KEY: &str = "asepticFingerprint/v2";
/// GitHub shows at most 10 tags and rejects more than 20.
const MAX_TAGS: usize = 20;
/// GitHub rejects descriptions longer than 1024 characters.
const MAX_DESCRIPTION: usize = 1024;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    newline_sequences: [&'static str; 3],
    results: Vec<SarifResult<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    properties: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    precision: &'static str,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
    /// `peers.checkov`, `peers.trivy`, ...: equivalent rule ids in peer tools.
    #[serde(flatten)]
    peers: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Message<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation<'a>>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message<'a>,
    locations: [SarifLocation<'a>; 1],
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    properties: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
}

/// SARIF `level` of a severity: `error` for critical and high, `warning` for medium and low,
/// `note` for info.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's `security-severity` of a rule (a score in (0, 10] as a string; GitHub shows > 9.0 as
/// critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low). Info rules get none: GitHub treats a
/// score of 0 as "no severity" and then falls back to the result's `level` (`note`).
pub fn security_severity(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

/// Percent-encodes a repository-relative path into a relative URI reference: `/` and RFC 3986
/// unreserved characters stay, everything else (spaces, `%`, `#`, `?`, `:`, non-ASCII bytes) is
/// encoded. Backslashes become `/` (paths in findings already use `/`; this is a safety net).
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: Some(path_to_uri(path.trim_start_matches("./"))),
        uri_base_id: Some(SRCROOT),
        description: None,
    }
}

/// The region of a finding. An empty span (a whole-line finding from `Location::line`) is
/// written as `startLine` alone, which SARIF reads as the whole line; an explicit
/// `endColumn == startColumn` would be an empty insertion point instead.
fn region(f: &Finding) -> Region<'_> {
    let l = &f.location;
    let start_line = l.start_line.max(1);
    let start_column = l.start_column.max(1);
    let empty =
        l.end_line < start_line || (l.end_line == start_line && l.end_column <= start_column);
    let snippet = (!f.snippet.is_empty()).then_some(Message { text: &f.snippet });
    if empty {
        return Region {
            start_line,
            start_column: None,
            end_line: None,
            end_column: None,
            snippet,
        };
    }
    Region {
        start_line,
        start_column: Some(start_column),
        end_line: Some(l.end_line),
        end_column: Some(l.end_column.max(1)),
        snippet,
    }
}

/// The "What it does" section of a rule's help as one paragraph of plain text, or the summary.
fn full_description(rule: &Rule) -> String {
    let section = rule
        .help
        .split_once("## What it does")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(""))
        .unwrap_or("");
    let text = section.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if text.is_empty() {
        rule.summary.clone()
    } else {
        text
    };
    clip(&text, MAX_DESCRIPTION).into_owned()
}

fn tags(rule: &Rule) -> Vec<String> {
    let mut tags = vec!["security".to_string(), rule.analyzer.as_str().to_string()];
    for c in &rule.cwe {
        let n = c.trim_start_matches("CWE-");
        tags.push(format!("external/cwe/cwe-{n}"));
    }
    for h in &rule.hipaa {
        let citation = h.split_whitespace().next().unwrap_or(h);
        tags.push(format!("hipaa/{citation}"));
    }
    tags.extend(rule.tags.iter().cloned());
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(t.clone()));
    tags.truncate(MAX_TAGS);
    tags
}

/// The rule's `helpUri` (none for a user's rule without its own: see [`Rule::help_uri`]).
fn help_uri(rule: &Rule) -> Option<String> {
    rule.help_uri()
}

fn descriptor(rule: &Rule) -> ReportingDescriptor<'_> {
    // A rule without help (an imported one) still gets a text: GitHub requires one.
    let help = if rule.help.trim().is_empty() {
        &rule.summary
    } else {
        &rule.help
    };
    ReportingDescriptor {
        id: &rule.id,
        name: &rule.name,
        short_description: Text {
            text: clip(&rule.summary, MAX_DESCRIPTION).into_owned(),
        },
        full_description: Text {
            text: full_description(rule),
        },
        help: Help {
            text: help,
            markdown: help,
        },
        help_uri: help_uri(rule),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            tags: tags(rule),
            precision: rule.precision.as_str(),
            security_severity: security_severity(rule.severity),
            peers: rule
                .peers
                .iter()
                .filter(|(_, ids)| !ids.is_empty())
                .map(|(tool, ids)| (format!("peers.{tool}"), ids.clone()))
                .collect(),
        },
    }
}

fn result<'a>(report: &'a Report, f: &'a Finding) -> SarifResult<'a> {
    let rule_index = report
        .rules
        .binary_search_by(|r| r.id.as_str().cmp(&f.rule_id))
        .ok();
    SarifResult {
        rule_id: &f.rule_id,
        rule_index,
        level: level(f.severity),
        message: Message { text: &f.message },
        locations: [SarifLocation {
            physical_location: PhysicalLocation {
                artifact_location: artifact(&f.location.path),
                region: Some(region(f)),
            },
            logical_locations: f
                .logical_location
                .as_deref()
                .map(|name| LogicalLocation {
                    fully_qualified_name: name,
                })
                .into_iter()
                .collect(),
        }],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, f.fingerprint.as_str())]),
        properties: &f.properties,
    }
}

fn notification(n: &Note) -> Notification<'_> {
    Notification {
        level: match n.level {
            NoteLevel::Error => "error",
            NoteLevel::Warning => "warning",
            NoteLevel::Info => "note",
        },
        message: Message { text: &n.message },
        locations: n
            .path
            .as_deref()
            .map(|p| SarifLocation {
                physical_location: PhysicalLocation {
                    artifact_location: artifact(p),
                    region: None,
                },
                logical_locations: Vec::new(),
            })
            .into_iter()
            .collect(),
    }
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "aseptic",
                    version: crate::VERSION,
                    semantic_version: crate::VERSION,
                    information_uri: crate::REPOSITORY_URL,
                    rules: report.rules.iter().map(descriptor).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: !report.notes.iter().any(|n| n.level == NoteLevel::Error),
                tool_execution_notifications: report.notes.iter().map(notification).collect(),
            }],
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                ArtifactLocation {
                    uri: None,
                    uri_base_id: None,
                    description: Some(Text {
                        text: "The root of the scanned repository.".to_string(),
                    }),
                },
            )]),
            column_kind: "utf16CodeUnits",
            newline_sequences: ["\r\n", "\n", "\r"],
            results: report.findings.iter().map(|f| result(report, f)).collect(),
            properties: &report.properties,
        }],
    };
    // serde_json writes a few bytes at a time: through a buffer, not each through `dyn Write`.
    let mut buf = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buf, &log)?;
    writeln!(buf)?;
    buf.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Location;

    #[test]
    fn uris_are_percent_encoded_and_relative() {
        assert_eq!(path_to_uri("src/main.rs"), "src/main.rs");
        assert_eq!(path_to_uri("my dir/a#b?.txt"), "my%20dir/a%23b%3F.txt");
        assert_eq!(path_to_uri("100%/c:d"), "100%25/c%3Ad");
        assert_eq!(path_to_uri("donnée.csv"), "donn%C3%A9e.csv");
    }

    #[test]
    fn only_builtin_rules_get_a_default_help_uri() {
        let text = "id = \"USR-001\"\nname = \"mine\"\nanalyzer = \"secrets\"\n\
                    severity = \"low\"\nsummary = \"Mine.\"\nhipaa = [\"164.312(a)(1)\"]\n\
                    help = \"## What it does\\n## Why it matters\\n## Example\\n## Fix\\n## References\\n\"\n";
        let mut rule = crate::rule::parse_rule("/home/someone/rules/mine.toml", text).unwrap();
        assert_eq!(help_uri(&rule), None);
        rule.help_uri = Some("https://example.org/mine".into());
        assert_eq!(help_uri(&rule).as_deref(), Some("https://example.org/mine"));
        rule.source = "rules/secrets/mine.toml".into();
        rule.help_uri = None;
        assert_eq!(
            help_uri(&rule),
            None,
            "a user's rule at a relative path gets none either"
        );
        rule.builtin = true;
        assert!(
            help_uri(&rule)
                .unwrap()
                .ends_with("/blob/main/rules/secrets/mine.toml")
        );
    }

    #[test]
    fn a_whole_line_finding_has_no_columns() {
        let f = Finding {
            rule_id: "X".into(),
            analyzer: crate::finding::AnalyzerKind::Iac,
            severity: Severity::Low,
            message: "m".into(),
            location: Location::line("a.tf", 3),
            snippet: String::new(),
            fingerprint: "f".into(),
            logical_location: None,
            properties: BTreeMap::new(),
            value_key: None,
        };
        let r = region(&f);
        assert_eq!(r.start_line, 3);
        assert!(r.start_column.is_none() && r.end_column.is_none() && r.snippet.is_none());
    }
}
