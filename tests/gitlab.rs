//! GitLab security reports: one scan writes the secret detection, SAST and dependency scanning
//! reports, each holding its analyzers' findings, with masked snippets only, and each valid
//! against GitLab's schema.
//!
//! The schemas under `tests/schemas/gitlab/` are a subset of GitLab's published
//! security-report-schemas v15.0.6, written from the published files: every constraint on the
//! fields aseptic writes is kept, the definitions of fields it never writes (`details`,
//! `tracking`, `flags`, `remediations`) are left out. They are checked with python-jsonschema
//! (`.ci/run` installs it and sets `ASEPTIC_REQUIRE_JSONSCHEMA=1`; elsewhere the validation
//! tests are skipped when it is missing).

use crate::common::{aseptic, git, root, scan_without_advisory_db, shared, stderr, stdout};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const KINDS: [(&str, &str, &str); 3] = [
    ("gitlab-secrets", "secret_detection", "secret-detection"),
    ("gitlab-sast", "sast", "sast"),
    (
        "gitlab-dependency",
        "dependency_scanning",
        "dependency-scanning",
    ),
];

fn read(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// Scans `fixtures/mixed` (secrets, IaC, PHI, Rust and advisories) writing the JSON report and
/// the three GitLab reports into `dir`.
fn scan_mixed(dir: &Path) -> (Value, Vec<Value>) {
    let db = shared().join("advisory-db");
    let mut args: Vec<String> = [
        "scan",
        "fixtures/mixed",
        "--advisory-db",
        db.to_str().unwrap(),
        "--offline",
        "--format",
        "json",
        "-q",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (format, _, _) in KINDS {
        args.push(format!("--{format}-output"));
        args.push(dir.join(format!("{format}.json")).display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = aseptic(&root(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    let reports = KINDS
        .iter()
        .map(|(format, _, _)| read(&dir.join(format!("{format}.json"))))
        .collect();
    (json, reports)
}

#[test]
fn each_gitlab_report_holds_its_analyzers_findings_with_masked_snippets() {
    let dir = tempfile::tempdir().unwrap();
    let (json, reports) = scan_mixed(dir.path());
    let findings = json["findings"].as_array().unwrap();
    let mut total = 0;
    for ((format, scan_type, _), report) in KINDS.iter().zip(&reports) {
        assert_eq!(report["scan"]["type"], *scan_type, "{format}");
        assert_eq!(report["version"], "15.0.6");
        let vulns = report["vulnerabilities"].as_array().unwrap();
        assert!(!vulns.is_empty(), "{format} has no vulnerabilities");
        total += vulns.len();
        for v in vulns {
            let id = v["identifiers"][0]["value"].as_str().unwrap();
            let file = v["location"]["file"].as_str().unwrap();
            let f = findings
                .iter()
                .find(|f| f["rule_id"] == id && f["location"]["path"] == file)
                .unwrap_or_else(|| panic!("{format}: {id} in {file} is not a finding"));
            let analyzer = f["analyzer"].as_str().unwrap();
            let want = match analyzer {
                "secrets" => "secret_detection",
                "advisories" => "dependency_scanning",
                _ => "sast",
            };
            assert_eq!(want, *scan_type, "{analyzer} finding in {format}");
            // The snippet is the redacted one every format shows, never the raw line.
            if let Some(extract) = v["raw_source_code_extract"].as_str() {
                assert!(
                    findings.iter().any(|f| f["snippet"] == extract),
                    "{format}: extract is not a masked snippet"
                );
            }
        }
    }
    assert_eq!(
        total,
        findings.len(),
        "every finding is in exactly one report"
    );
    // The masked AWS key is in the secrets report, and its value is in no report.
    let secrets = serde_json::to_string(&reports[0]).unwrap();
    assert!(secrets.contains("AKIA"), "the masked key prefix is shown");
    let raw = std::fs::read_to_string(root().join("fixtures/mixed/config/settings.py")).unwrap();
    for token in raw
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '/' && c != '+')
        .filter(|t| t.len() >= 16)
    {
        for r in &reports {
            assert!(
                !serde_json::to_string(r).unwrap().contains(token),
                "a value from settings.py is in a GitLab report"
            );
        }
    }
}

#[test]
fn secret_detection_names_the_scanned_commit() {
    let d = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| git(d.path(), args);
    git(&["init", "-q", "-b", "main"]);
    let key = ["AKIA", "Q4T7XW2M", "ZP3LKV9R"].concat();
    std::fs::write(
        d.path().join("app.py"),
        format!("AWS_ACCESS_KEY_ID = \"{key}\"\n"),
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "key"]);
    let head = git(&["rev-parse", "HEAD"]);
    let o = aseptic(
        d.path(),
        &["scan", "--only", "secrets", "--format", "gitlab-secrets"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let v = &report["vulnerabilities"][0];
    assert_eq!(v["location"]["commit"]["sha"], head.as_str());
    assert_eq!(v["location"]["file"], "app.py");
    assert_eq!(v["location"]["start_line"], 1);
    assert!(!stdout(&o).contains(&key), "the key is in the report");
    assert_eq!(report["scan"]["status"], "success");
}

/// Whether python-jsonschema can run; panics when CI requires it.
fn jsonschema_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok && std::env::var("ASEPTIC_REQUIRE_JSONSCHEMA").as_deref() == Ok("1") {
        panic!("python-jsonschema is required (ASEPTIC_REQUIRE_JSONSCHEMA=1) but not installed");
    }
    if !ok {
        eprintln!("skipped: python3 -m pip install jsonschema");
    }
    ok
}

/// The schema's errors for `doc` (empty when valid).
fn schema_errors(schema: &str, doc: &Value) -> String {
    const CHECK: &str = r#"
import json, sys
from jsonschema import Draft7Validator
schema = json.load(open(sys.argv[1]))
doc = json.load(sys.stdin)
for e in Draft7Validator(schema).iter_errors(doc):
    print("/".join(map(str, e.absolute_path)) + ": " + e.message)
"#;
    let path = root().join("tests/schemas/gitlab").join(schema);
    let mut child = Command::new("python3")
        .args(["-c", CHECK])
        .arg(&path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(serde_json::to_string(doc).unwrap().as_bytes())
            .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "python3: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn every_gitlab_report_validates_against_gitlabs_schema() {
    if !jsonschema_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, reports) = scan_mixed(dir.path());
    for ((format, _, schema), report) in KINDS.iter().zip(&reports) {
        let errors = schema_errors(&format!("{schema}-report-format.json"), report);
        assert!(errors.is_empty(), "{format}:\n{errors}");
    }
    // The check can fail: a secret without its commit, a dependency without its package, and a
    // severity GitLab does not know are each refused.
    let mut bad = reports[0].clone();
    bad["vulnerabilities"][0]["location"]
        .as_object_mut()
        .unwrap()
        .remove("commit");
    assert!(schema_errors("secret-detection-report-format.json", &bad).contains("commit"));
    let mut bad = reports[2].clone();
    bad["vulnerabilities"][0]["location"]["dependency"]
        .as_object_mut()
        .unwrap()
        .remove("package");
    assert!(schema_errors("dependency-scanning-report-format.json", &bad).contains("package"));
    let mut bad = reports[1].clone();
    bad["vulnerabilities"][0]["severity"] = "high".into();
    assert!(!schema_errors("sast-report-format.json", &bad).is_empty());
}

#[test]
fn an_incomplete_scan_is_a_failed_gitlab_scan() {
    // A lockfile with a package and no advisory database while --offline forbids fetching one:
    // the scan ends with an error note (exit 2), which GitLab must not read as a clean scan.
    let o = scan_without_advisory_db("gitlab-dependency");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["scan"]["status"], "failure");
    assert!(!report["scan"]["messages"].as_array().unwrap().is_empty());
    // The one-line summary still goes to stderr, as for every machine-readable format.
    assert!(stderr(&o).contains("exit 2"), "{}", stderr(&o));
}

/// The example pipeline runs in merge request pipelines and declares each report file the scan
/// writes under `artifacts:reports`, with the key of its report type; a flag whose file is not
/// declared (or a key GitLab does not know) would leave the widget empty without an error.
#[test]
fn the_gitlab_example_declares_every_report_it_writes() {
    let text = std::fs::read_to_string(root().join("examples/gitlab-ci.yml")).unwrap();
    assert!(
        text.contains("$CI_PIPELINE_SOURCE == \"merge_request_event\""),
        "no merge request rule"
    );
    let reports = text
        .split("reports:")
        .nth(1)
        .expect("an artifacts:reports section");
    for (format, key, _) in KINDS {
        let flag = format!("--{format}-output ");
        let at = text
            .find(&flag)
            .unwrap_or_else(|| panic!("the example does not pass {flag}"));
        let file = text[at + flag.len()..].split_whitespace().next().unwrap();
        assert!(
            reports.contains(&format!("{key}: {file}")),
            "{file} is not declared as artifacts:reports:{key}"
        );
    }
    // The flags exist.
    let help = stdout(&aseptic(&root(), &["scan", "--help"]));
    for (format, _, _) in KINDS {
        assert!(help.contains(&format!("--{format}-output")), "{format}");
    }
}
