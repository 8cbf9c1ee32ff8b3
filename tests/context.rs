//! The severity policy by path context, table-driven over rule kind x context: the same
//! configuration weakness, credentials (by format and by field name) and PHI record placed in production code, a test, an
//! example, a development-only setup and CI, with the severity the README documents for each.

use crate::common::{aseptic, root, stderr};
use std::collections::BTreeMap;
use std::path::Path;

const CONTEXT_DIRS: [(&str, &str); 5] = [
    ("production", "app"),
    ("test", "tests"),
    ("example", "examples"),
    ("dev", ".devcontainer"),
    ("ci", ".gitlab/ci"),
];

/// (rule id, file name, source file under fixtures/, severity per context in CONTEXT_DIRS order)
/// — the README's "Severity and context" table.
const CASES: [(&str, &str, &str, [&str; 5]); 4] = [
    // A configuration weakness drops two levels outside production and CI.
    (
        "IAC-DKR-001",
        "Dockerfile",
        "mixed/Dockerfile",
        ["high", "low", "low", "low", "high"],
    ),
    // A real-looking credential stays as severe everywhere.
    (
        "SEC-AWS-001",
        "settings.py",
        "mixed/config/settings.py",
        ["high"; 5],
    ),
    // A password known only by its field name drops one level in tests and examples.
    (
        "SEC-GENERIC-001",
        "database.py",
        "context/database.py",
        ["high", "medium", "medium", "high", "high"],
    ),
    // PHI in a fixture is exactly the leak the analyzer exists for.
    (
        "PHI-SSN",
        "patients.csv",
        "mixed/tests/data/patients.csv",
        ["high"; 5],
    ),
];

fn severities(dir: &Path) -> BTreeMap<(String, String), String> {
    let o = aseptic(
        dir,
        &[
            "scan",
            ".",
            "-f",
            "json",
            "--skip",
            "advisories",
            "--no-progress",
        ],
    );
    assert!(o.status.code() == Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                (
                    f["rule_id"].as_str().unwrap().to_string(),
                    f["location"]["path"].as_str().unwrap().to_string(),
                ),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn severity_follows_the_documented_policy_in_every_context() {
    let d = tempfile::tempdir().unwrap();
    for (_, dir) in CONTEXT_DIRS {
        for (_, name, src, _) in CASES {
            let to = d.path().join(dir).join(name);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(root().join("fixtures").join(src), &to).unwrap();
        }
    }
    let got = severities(d.path());
    let mut problems = Vec::new();
    for (id, name, _, want) in CASES {
        for (i, (context, dir)) in CONTEXT_DIRS.iter().enumerate() {
            let path = format!("{dir}/{name}");
            match got.get(&(id.to_string(), path.clone())) {
                Some(s) if s == want[i] => {}
                other => problems.push(format!(
                    "{id} in {context} ({path}): want {}, got {other:?}",
                    want[i]
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn context_config_adds_globs_and_overrides_the_policy() {
    let d = tempfile::tempdir().unwrap();
    for dir in ["qa", "sandbox"] {
        let to = d.path().join(dir).join("Dockerfile");
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join("fixtures/mixed/Dockerfile"), &to).unwrap();
    }
    std::fs::write(
        d.path().join(".aseptic.toml"),
        "[context]\ntest = [\"qa/**\"]\ndev = [\"sandbox/**\"]\n\n[context.drop]\nconfiguration = { dev = 1 }\n",
    )
    .unwrap();
    let got = severities(d.path());
    let sev = |p: &str| {
        got.get(&("IAC-DKR-001".to_string(), p.to_string()))
            .cloned()
    };
    assert_eq!(sev("qa/Dockerfile").as_deref(), Some("low"));
    assert_eq!(sev("sandbox/Dockerfile").as_deref(), Some("medium"));
}

#[test]
fn published_example_and_emulator_keys_are_info_naming_what_they_are() {
    let d = tempfile::tempdir().unwrap();
    // Split so this file does not itself hold the values.
    let aws_id = ["AKIAIOSF", "ODNN7EXAMPLE"].concat();
    let aws_secret = ["wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY"].concat();
    let stripe = ["sk_test_", "4eC39HqLyjWDarjtT1zdp7dc"].concat();
    let azurite = [
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/",
        "K1SZFPTOtr/KBHBeksoGMGw==",
    ]
    .concat();
    std::fs::write(
        d.path().join("settings.py"),
        format!(
            "AWS_ACCESS_KEY_ID = \"{aws_id}\"\nAWS_SECRET_ACCESS_KEY = \"{aws_secret}\"\nSTRIPE_KEY = \"{stripe}\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        d.path().join("storage.env"),
        format!("AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={azurite};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;\"\n"),
    )
    .unwrap();
    let o = aseptic(
        d.path(),
        &[
            "scan",
            ".",
            "--only",
            "secrets",
            "-f",
            "json",
            "--no-progress",
        ],
    );
    // Info does not fail the default gate.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    for (rule, what) in [
        ("SEC-AWS-001", "AWS documentation example access key id"),
        ("SEC-AWS-002", "AWS documentation example secret access key"),
        (
            "SEC-STRIPE-003",
            "Stripe documentation test-mode secret key",
        ),
        ("SEC-AZURE-001", "Azurite"),
    ] {
        let f = findings
            .iter()
            .find(|f| f["rule_id"] == rule)
            .unwrap_or_else(|| panic!("{rule} missing: {findings:#?}"));
        assert_eq!(f["severity"], "info", "{rule}");
        assert!(f["message"].as_str().unwrap().contains(what), "{f}");
    }
    let out = String::from_utf8_lossy(&o.stdout);
    for v in [&aws_secret, &stripe, &azurite] {
        assert!(!out.contains(v.as_str()), "a value is printed in full");
    }
}
