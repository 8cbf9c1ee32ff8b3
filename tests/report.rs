//! The four report formats over one fixed, hand-built report, compared with golden files under
//! `tests/golden/` (`UPDATE_SNAPSHOTS=1` rewrites them); plus the properties each format promises:
//! order-independence, SARIF structure, GitHub escaping, the HIPAA grouping, and (with
//! `ASEPTIC_SARIF_VALIDATE=1`) the SARIF validator.

use crate::common::{root, shared};
use aseptic::finding::{AnalyzerKind, Finding, Location, Severity, fingerprint};
use aseptic::note::Note;
use aseptic::report::{self, Format, GroupBy, Report, table};
use aseptic::rule::{Rule, parse_rule};
use std::collections::BTreeMap;
use std::time::Duration;

const HELP: &str = "## What it does\nFinds the thing.\n\n## Why it matters\nIt leaks ePHI.\n\n## Example\n```\nbad\n```\n\n## Fix\nDo not.\n\n## References\n- https://example.org\n";

fn rule(id: &str, name: &str, analyzer: &str, severity: &str, extra: &str) -> Rule {
    let text = format!(
        "id = \"{id}\"\nname = \"{name}\"\nanalyzer = \"{analyzer}\"\nseverity = \"{severity}\"\n\
         summary = \"Summary of {name}.\"\nhelp = '''\n{HELP}'''\n{extra}\n"
    );
    parse_rule(&format!("rules/{analyzer}/{name}.toml"), &text).expect("test rule parses")
}

fn rules() -> Vec<Rule> {
    vec![
        rule(
            "SEC-TEST-001",
            "aws-access-key-id",
            "secrets",
            "critical",
            "hipaa = [\"164.312(a)(1)\", \"164.312(d)\"]\ncwe = [\"CWE-798\"]\nprecision = \"high\"\n\
             [peers]\ngitleaks = [\"aws-access-token\"]\n",
        ),
        rule(
            "IAC-TEST-002",
            "s3-bucket-unencrypted",
            "iac",
            "high",
            "hipaa = [\"164.312(a)(2)(iv)\", \"164.312(e)(2)(ii)\"]\ncwe = [\"CWE-311\"]\n\
             [peers]\ncheckov = [\"CKV_AWS_19\", \"CKV_AWS_145\"]\ntrivy = [\"AVD-AWS-0088\"]\n",
        ),
        rule(
            "RS-TEST-003",
            "unwrap-on-phi",
            "rust",
            "info",
            "hipaa = [\"164.312(c)(1) (indirect)\"]\nprecision = \"low\"\n",
        ),
    ]
}

#[allow(clippy::too_many_arguments)]
fn finding(
    rule_id: &str,
    analyzer: AnalyzerKind,
    severity: Severity,
    message: &str,
    location: Location,
    snippet: &str,
    matched: &str,
) -> Finding {
    Finding {
        rule_id: rule_id.into(),
        analyzer,
        severity,
        message: message.into(),
        fingerprint: fingerprint(rule_id, &location.path, matched),
        location,
        snippet: snippet.into(),
        logical_location: None,
        properties: BTreeMap::new(),
        value_key: None,
    }
}

/// One fixed report: every analyzer, every severity, a logical location, properties, a line with
/// an emoji (UTF-16 columns), a whole-line and a multi-line span, a path with a space, a rule
/// not in `rules`, and a note of each level.
pub fn fixture() -> Report {
    let emoji_line = "    let tag = \"😀é\"; let ssn = record.ssn.unwrap();\n";
    let rust_text = format!("fn f() {{\n{emoji_line}}}\n");
    let start = rust_text.find("record.ssn").unwrap();
    let end = start + "record.ssn.unwrap()".len();
    let mut rust = finding(
        "RS-TEST-003",
        AnalyzerKind::Rust,
        Severity::Low,
        "`unwrap()` on a field named `ssn` can panic with the value in the message",
        Location::from_byte_span("src/patient.rs", &rust_text, start, end),
        "let ssn = record.ssn.unwrap();",
        "record.ssn.unwrap()",
    );
    rust.logical_location = Some("patient::f".into());

    let mut bucket = finding(
        "IAC-TEST-002",
        AnalyzerKind::Iac,
        Severity::High,
        "S3 bucket `data` has no server-side encryption configuration",
        Location::line("infra/main.tf", 12),
        "resource \"aws_s3_bucket\" \"data\" {",
        "aws_s3_bucket.data",
    );
    bucket.logical_location = Some("aws_s3_bucket.data".into());
    bucket
        .properties
        .insert("resource".into(), "aws_s3_bucket".into());

    let mut policy = finding(
        "IAC-TEST-002",
        AnalyzerKind::Iac,
        Severity::High,
        "Bucket policy allows plain HTTP: aws:SecureTransport is not enforced",
        Location {
            path: "infra/modules/storage/policy.tf".into(),
            start_line: 20,
            start_column: 3,
            end_line: 24,
            end_column: 4,
        },
        "statement {",
        "module.storage.aws_s3_bucket_policy.logs",
    );
    policy.logical_location = Some("module.storage.aws_s3_bucket_policy.logs".into());

    let mut key = finding(
        "SEC-TEST-001",
        AnalyzerKind::Secrets,
        Severity::Critical,
        "AWS access key id AKIA******** in an environment file",
        Location {
            path: "config/prod settings.env".into(),
            start_line: 3,
            start_column: 9,
            end_line: 3,
            end_column: 29,
        },
        "AWS_KEY=AKIA********",
        "AKIAZ3MSJQ7BLW6VZPQR", // aseptic:allow made-up test value
    );
    key.properties.insert("entropy".into(), "3.92".into());

    let escaped = finding(
        "SEC-TEST-001",
        AnalyzerKind::Secrets,
        Severity::Medium,
        "100% sure: key, id\nand a second line",
        Location {
            path: "docs/a,b:c.md".into(),
            start_line: 7,
            start_column: 1,
            end_line: 7,
            end_column: 21,
        },
        "AKIA********",
        "AKIAZ3MSJQ7BLW6VZPQS", // aseptic:allow made-up test value
    );

    let mut ssn = finding(
        "PHI-SSN",
        AnalyzerKind::Phi,
        Severity::Medium,
        "PID-19 social security number 12*-**-**** in an HL7 message",
        Location {
            path: "fixtures/adt.hl7".into(),
            start_line: 3,
            start_column: 64,
            end_line: 3,
            end_column: 75,
        },
        "PID|1||MRN0042^^^HOSP^MR||DOE^JANE||19700101|F|||...|12*-**-****", // aseptic:allow made-up test value
        "123-45-6789",
    );
    ssn.properties.insert("identifier".into(), "ssn".into());
    // A fixture: the table gains a context column, and the other formats carry the property.
    ssn.properties.insert("context".into(), "test".into());

    let mut advisory = finding(
        "RUSTSEC-2019-0009",
        AnalyzerKind::Advisories,
        Severity::Info,
        "smallvec 0.6.9: double-free and use-after-free in SmallVec::grow()",
        Location::line("Cargo.lock", 88),
        "name = \"smallvec\"",
        "smallvec 0.6.9",
    );
    advisory.logical_location = Some("smallvec 0.6.9".into());
    advisory
        .properties
        .insert("patched".into(), ">=0.6.10".into());

    let mut report = Report {
        findings: vec![rust, bucket, policy, key, escaped, ssn, advisory],
        notes: vec![
            Note::warning(
                Some("k8s/deploy.yaml"),
                "malformed YAML at line 4: mapping values are not allowed here",
            ),
            Note::info(Some("assets/logo.png"), "binary file, not scanned"),
            Note::error(
                Some("src/broken.rs"),
                "the rust analyzer panicked on this file; its results may be missing",
            ),
            Note::info(None, "advisory database revision 0123abcd"),
        ],
        rules: rules(),
        properties: BTreeMap::from([("advisory-db.revision".to_string(), "0123abcd".to_string())]),
        ..Report::default()
    };
    report.stats.files_scanned = 12;
    report.stats.bytes_scanned = 48_213;
    report.stats.files_skipped = 2;
    report.stats.suppressed = 3;
    report.stats.baseline_matched = 1;
    report.stats.elapsed = Duration::from_millis(1250);
    report.finalize();
    report
}

fn table_opts() -> table::Options {
    table::Options {
        verbose: false,
        color: false,
        width: Some(table::DEFAULT_WIDTH),
    }
}

fn render(report: &Report, format: Format) -> String {
    let mut out = Vec::new();
    if format == Format::Table {
        table::write_opts(report, &table_opts(), &mut out).unwrap();
    } else {
        report::write(report, format, &mut out).unwrap();
    }
    String::from_utf8(out).unwrap()
}

fn check_golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "tests/golden/{name} differs from the output; review the difference and run with \
         UPDATE_SNAPSHOTS=1 to update it.\n--- output ---\n{actual}"
    );
}

#[test]
fn golden_sarif() {
    check_golden("report.sarif", &render(&fixture(), Format::Sarif));
}

#[test]
fn golden_json() {
    check_golden("report.json", &render(&fixture(), Format::Json));
}

#[test]
fn golden_table() {
    check_golden("report.table.txt", &render(&fixture(), Format::Table));
}

#[test]
fn golden_github() {
    check_golden("report.github.txt", &render(&fixture(), Format::Github));
}

#[test]
fn golden_table_grouped_by_hipaa() {
    let mut r = fixture();
    r.group_by = GroupBy::Hipaa;
    check_golden("report.hipaa.table.txt", &render(&r, Format::Table));
}

#[test]
fn output_does_not_depend_on_the_order_findings_arrive_in() {
    let a = fixture();
    let mut b = a.clone();
    b.findings.reverse();
    b.findings.rotate_left(3);
    b.notes.reverse();
    b.rules.reverse();
    b.finalize();
    for format in [Format::Sarif, Format::Json, Format::Table, Format::Github] {
        assert_eq!(render(&a, format), render(&b, format), "{format:?}");
    }
}

#[test]
fn sarif_has_the_structure_code_scanning_needs() {
    let log: serde_json::Value = serde_json::from_str(&render(&fixture(), Format::Sarif)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(
        run["newlineSequences"],
        serde_json::json!(["\r\n", "\n", "\r"])
    );
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(run["properties"]["advisory-db.revision"], "0123abcd");

    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    let iac = rules.iter().find(|r| r["id"] == "IAC-TEST-002").unwrap();
    let tags: Vec<&str> = iac["properties"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for t in [
        "security",
        "iac",
        "external/cwe/cwe-311",
        "hipaa/164.312(a)(2)(iv)",
        "hipaa/164.312(e)(2)(ii)",
    ] {
        assert!(tags.contains(&t), "tag {t} missing from {tags:?}");
    }
    assert_eq!(iac["properties"]["security-severity"], "8.0");
    assert_eq!(
        iac["properties"]["peers.checkov"],
        serde_json::json!(["CKV_AWS_19", "CKV_AWS_145"])
    );
    assert_eq!(iac["defaultConfiguration"]["level"], "error");
    let info_rule = rules.iter().find(|r| r["id"] == "RS-TEST-003").unwrap();
    assert!(info_rule["properties"].get("security-severity").is_none());

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 7);
    for r in results {
        let fp = r["partialFingerprints"]["asepticFingerprint/v2"]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 32);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.contains(' ') && !uri.starts_with('/'), "{uri}");
        match r["ruleIndex"].as_u64() {
            Some(i) => assert_eq!(rules[i as usize]["id"], r["ruleId"]),
            None => {
                assert!(["PHI-SSN", "RUSTSEC-2019-0009"].contains(&r["ruleId"].as_str().unwrap()))
            }
        }
    }
    // The emoji counts two UTF-16 units and `é` one: `record` starts at UTF-16 column 32 (it
    // would be 35 in bytes, 31 in chars).
    let rust = results
        .iter()
        .find(|r| r["ruleId"] == "RS-TEST-003")
        .unwrap();
    let region = &rust["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["startColumn"], 32);
    assert_eq!(region["endColumn"], 51);
    assert_eq!(
        rust["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "patient::f"
    );
    // A whole-line finding has no columns (SARIF reads that as the whole line).
    let bucket = results
        .iter()
        .find(|r| r["ruleId"] == "IAC-TEST-002")
        .unwrap();
    let region = &bucket["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 12);
    assert!(region.get("startColumn").is_none() && region.get("endColumn").is_none());
}

#[test]
fn sarif_without_results_or_notes_is_still_a_complete_run() {
    let mut r = fixture();
    r.findings.clear();
    r.notes.clear();
    r.finalize();
    let log: serde_json::Value = serde_json::from_str(&render(&r, Format::Sarif)).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["results"], serde_json::json!([]));
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 3);
}

#[test]
fn github_annotations_escape_and_put_the_most_severe_first() {
    let out = render(&fixture(), Format::Github);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("::error file=config/prod settings.env,line=3,endLine=3,col=9,endColumn=29,title=SEC-TEST-001 aws-access-key-id::"));
    assert!(out.contains(
        "::warning file=docs/a%2Cb%3Ac.md,line=7,endLine=7,col=1,endColumn=21,title=SEC-TEST-001 aws-access-key-id::100%25 sure: key, id%0Aand a second line"
    ));
    // One line per finding, then the error and warning notes and one notice for the info notes.
    assert_eq!(lines.len(), 7 + 2 + 1);
    assert!(lines.iter().all(|l| l.starts_with("::")));
    let severities: Vec<&str> = lines[..7]
        .iter()
        .map(|l| l[2..].split(' ').next().unwrap())
        .collect();
    assert_eq!(
        severities,
        [
            "error", "error", "error", "warning", "warning", "warning", "notice"
        ]
    );
}

#[test]
fn json_groups_fingerprints_by_hipaa_safeguard() {
    let mut r = fixture();
    let plain: serde_json::Value = serde_json::from_str(&render(&r, Format::Json)).unwrap();
    assert!(plain.get("hipaa").is_none());
    r.group_by = GroupBy::Hipaa;
    let doc: serde_json::Value = serde_json::from_str(&render(&r, Format::Json)).unwrap();
    let hipaa = doc["hipaa"].as_object().unwrap();
    let keys: Vec<&str> = hipaa.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "164.312(a)(1)",
            "164.312(a)(2)(iv)",
            "164.312(c)(1)",
            "164.312(d)",
            "164.312(e)(1)",
            "unmapped"
        ]
    );
    // The IaC rule cites encryption and transmission security: its findings are under both.
    let fp = |id: &str| -> Vec<String> {
        r.findings
            .iter()
            .filter(|f| f.rule_id == id)
            .map(|f| f.fingerprint.clone())
            .collect()
    };
    let list = |k: &str| -> Vec<String> {
        hipaa[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(list("164.312(a)(2)(iv)"), fp("IAC-TEST-002"));
    assert_eq!(list("164.312(e)(1)"), fp("IAC-TEST-002"));
    assert_eq!(list("164.312(d)"), fp("SEC-TEST-001"));
    assert_eq!(list("unmapped").len(), 2);
    // `rules` lists the known rules that fired, without help text.
    let rules = doc["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    assert!(rules.iter().all(|r| r.get("help").is_none()));
}

#[test]
fn table_lists_info_notes_only_when_verbose() {
    let r = fixture();
    let quiet = render(&r, Format::Table);
    assert!(quiet.contains("src/broken.rs: the rust analyzer panicked"));
    assert!(quiet.contains("k8s/deploy.yaml: malformed YAML"));
    assert!(!quiet.contains("assets/logo.png"));
    let mut out = Vec::new();
    let opts = table::Options {
        verbose: true,
        ..table_opts()
    };
    table::write_opts(&r, &opts, &mut out).unwrap();
    let verbose = String::from_utf8(out).unwrap();
    assert!(verbose.contains("assets/logo.png: binary file, not scanned"));
    assert!(!verbose.contains('\x1b'), "no colour was asked for");
}

#[test]
fn table_colours_severities_only_when_asked() {
    let r = fixture();
    let mut out = Vec::new();
    let opts = table::Options {
        color: true,
        ..table_opts()
    };
    table::write_opts(&r, &opts, &mut out).unwrap();
    let coloured = String::from_utf8(out).unwrap();
    assert!(coloured.contains('\x1b'));
    // Colour changes nothing but escape codes.
    let plain: String = strip_ansi(&coloured);
    assert_eq!(plain, render(&r, Format::Table));
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_planted_value_appears_in_no_format() {
    // The fixture carries only redacted values; a writer must not add any (e.g. from the
    // fingerprint's input).
    let r = fixture();
    for format in [Format::Sarif, Format::Json, Format::Table, Format::Github] {
        let out = render(&r, format);
        assert!(!out.contains("Z3MSJQ7BLW6VZPQR"), "{format:?}");
        assert!(!out.contains("123-45-6789"), "{format:?}");
    }
}

/// Runs `../shared/sarif/validate` on the golden SARIF and on a report without results. Needs
/// tools from PyPI and npm on first use, so only when `ASEPTIC_SARIF_VALIDATE=1` (CI sets it).
#[test]
fn golden_sarif_passes_the_validator() {
    if std::env::var("ASEPTIC_SARIF_VALIDATE").as_deref() != Ok("1") {
        eprintln!("skipped: set ASEPTIC_SARIF_VALIDATE=1 to run ../shared/sarif/validate");
        return;
    }
    let validate = shared().join("sarif/validate");
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sarif");
    let mut r = fixture();
    r.findings.clear();
    r.notes.clear();
    r.finalize();
    std::fs::write(&empty, render(&r, Format::Sarif)).unwrap();
    let golden = dir.path().join("report.sarif");
    std::fs::write(&golden, render(&fixture(), Format::Sarif)).unwrap();
    let out = std::process::Command::new(validate)
        .arg(&golden)
        .arg(&empty)
        .output()
        .expect("run ../shared/sarif/validate");
    assert!(
        out.status.success(),
        "validator failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
