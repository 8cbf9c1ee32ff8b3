//! Settings resolved from a hostile tree's `.aseptic.toml` (bounded threads, paths confined to
//! the scan root) and `aseptic rules --check` for rule authors.

use crate::common::{aseptic, root, stderr, stdout};
use std::time::{Duration, Instant};

#[test]
fn repository_thread_count_is_bounded_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join(".aseptic.toml"), "[scan]\nthreads = 100000\n").unwrap();
    std::fs::write(d.path().join("a.txt"), "hello\n").unwrap();
    let started = Instant::now();
    let o = aseptic(d.path(), &["scan", ".", "--only", "secrets", "-f", "json"]);
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // 100,000 threads took minutes; a bounded pool starts in milliseconds.
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["message"]
            .as_str()
            .unwrap()
            .contains("100000 threads requested; lowered to")),
        "{notes:?}"
    );
}

#[test]
fn repository_config_cannot_name_paths_outside_the_tree() {
    let d = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let leak = outside.path().join("secret.toml");
    std::fs::write(&leak, "CANARY_VALUE_91f3 = not toml at all [[[\n").unwrap();
    for (key, value) in [
        (
            "[scan]\nrules",
            format!("[{:?}]", leak.display().to_string()),
        ),
        ("[scan]\nrules", "[\"../../etc\"]".to_string()),
        (
            "[scan]\nbaseline",
            format!("{:?}", leak.display().to_string()),
        ),
        ("[advisories]\ndb", "\"/etc\"".to_string()),
    ] {
        std::fs::write(d.path().join(".aseptic.toml"), format!("{key} = {value}\n")).unwrap();
        let o = aseptic(d.path(), &["scan", ".", "--no-progress"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{key}: {err}");
        assert!(err.contains("outside the scanned tree"), "{key}: {err}");
        assert!(!err.contains("CANARY_VALUE"), "{key}: {err}");
        assert!(!stdout(&o).contains("CANARY_VALUE"));
    }
    // The same file named on the command line is the user's choice, and is read.
    std::fs::write(d.path().join(".aseptic.toml"), "").unwrap();
    let o = aseptic(
        d.path(),
        &[
            "scan",
            ".",
            "--rules",
            leak.to_str().unwrap(),
            "--no-progress",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("secret.toml"), "{}", stderr(&o));
}

fn rule_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(root().join("rules/secrets/cloud/alibaba-access-key-id.toml"))
            .unwrap()
            .replace("SEC-ALIBABA-001", "SEC-TEAM-001")
            .replace(
                "name = \"alibaba-access-key-id\"",
                "name = \"team-alibaba-key\"",
            );
    std::fs::write(d.path().join("team.toml"), text).unwrap();
    d
}

#[test]
fn rules_check_passes_valid_rules() {
    let d = rule_dir();
    let o = aseptic(d.path(), &["rules", "--check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("ok      SEC-TEAM-001"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn rules_check_names_a_rule_whose_examples_fail() {
    // A positive example that cannot match.
    let d = rule_dir();
    let p = d.path().join("team.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen("LTAIc248NzEzlaebzZc0iNhb", "LTAIshort", 1), // aseptic:allow
    )
    .unwrap();
    let o = aseptic(d.path(), &["rules", "--check", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("FAILED  SEC-TEAM-001"), "{out}");
    assert!(
        out.contains("positive example 1 (.env) gives no finding"),
        "{out}"
    );

    // A negative example that fires.
    let d = rule_dir();
    let p = d.path().join("team.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen("LTAIxxxxxxxxxxxxxxxxxxxx", "LTAIq248NzEzlaebzZc0iNhc", 1), // aseptic:allow
    )
    .unwrap();
    let o = aseptic(d.path(), &["rules", "--check", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("negative example 1 (.env) fires at .env:"),
        "{out}"
    );
    assert!(!out.contains("LTAIq248"), "values are never printed: {out}");
}

#[test]
fn rules_check_of_a_broken_file_exits_2_naming_it() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("bad.toml"), "id = \"X\"\n").unwrap();
    let o = aseptic(d.path(), &["rules", "--check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.toml"), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("error:").count(), 1, "{}", stderr(&o));
}
