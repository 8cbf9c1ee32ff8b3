//! The pre-commit and CI workflows: `--staged`, `--since`, `--history`, baselines and ignores that
//! expire. Each test builds its own temporary git repository.

use crate::common::{aseptic, git, stderr, stdout};
use std::process::Command;

/// A fake AWS key id, assembled at run time so this file holds none.
fn key_id(n: u8) -> String {
    format!(
        "AKIA{}{}",
        "Q4T7XW2M",
        ["ZP3LKV9R", "ZP3LKV9S", "ZP3LKV9T"][n as usize]
    )
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "commit.gpgsign", "false"]);
    std::fs::write(dir.path().join("README.md"), "hello\n").unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "init"]);
    dir
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(o), stderr(o)))
}

fn secret_line(n: u8) -> String {
    format!("aws_access_key_id = \"{}\"\n", key_id(n))
}

#[test]
fn staged_scans_the_index_not_the_working_copy() {
    let r = repo();
    let d = r.path();
    std::fs::write(d.join("app.cfg"), secret_line(0)).unwrap();
    git(d, &["add", "app.cfg"]);
    std::fs::write(d.join("app.cfg"), "aws_access_key_id = from_env\n").unwrap();
    let o = aseptic(
        d,
        &["scan", "--staged", "--only", "secrets", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(json(&o)["findings"][0]["location"]["path"], "app.cfg");

    // A secret only in the working copy is not what is about to be committed.
    git(d, &["commit", "-qm", "x", "--no-verify"]);
    std::fs::write(d.join("app.cfg"), "clean\n").unwrap();
    git(d, &["commit", "-qam", "clean"]);
    std::fs::write(d.join("other.cfg"), secret_line(1)).unwrap();
    let o = aseptic(
        d,
        &["scan", "--staged", "--only", "secrets", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn staged_with_paths_restricts_to_them() {
    let r = repo();
    let d = r.path();
    std::fs::write(d.join("a.cfg"), secret_line(0)).unwrap();
    std::fs::write(d.join("b.cfg"), secret_line(1)).unwrap();
    git(d, &["add", "."]);
    let o = aseptic(
        d,
        &[
            "scan", "--staged", "--only", "secrets", "--format", "json", "b.cfg",
        ],
    );
    let v = json(&o);
    let paths: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["path"].clone())
        .collect();
    assert_eq!(paths, vec![serde_json::json!("b.cfg")]);
}

#[test]
fn since_reads_only_changed_files() {
    let r = repo();
    let d = r.path();
    for i in 0..1000 {
        std::fs::write(d.join(format!("f{i:04}.txt")), format!("file {i}\n")).unwrap();
    }
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "many"]);
    git(d, &["checkout", "-qb", "feature"]);
    std::fs::write(d.join("f0007.txt"), secret_line(0)).unwrap();
    std::fs::write(d.join("f0500.txt"), "changed\n").unwrap();
    git(d, &["commit", "-qam", "change two"]);
    let o = aseptic(
        d,
        &[
            "scan", "--since", "main", "--only", "secrets", "--format", "json",
        ],
    );
    let v = json(&o);
    assert_eq!(v["stats"]["files_scanned"], 2, "{v:#}");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn history_finds_a_secret_deleted_later_and_names_its_commit() {
    let r = repo();
    let d = r.path();
    std::fs::write(d.join("deploy.sh"), format!("export {}", secret_line(2))).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "add deploy script"]);
    let sha = String::from_utf8(
        Command::new("git")
            .current_dir(d)
            .args(["rev-parse", "HEAD"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    std::fs::write(d.join("deploy.sh"), "export AWS_PROFILE=prod\n").unwrap();
    git(d, &["commit", "-qam", "remove key"]);
    let o = aseptic(d, &["scan", "--history", "--format", "json"]);
    let v = json(&o);
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["properties"]["commit"], sha.trim());
    assert_eq!(f[0]["location"]["path"], "deploy.sh");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn baseline_round_trip() {
    let r = repo();
    let d = r.path();
    std::fs::write(d.join("old.cfg"), secret_line(0)).unwrap();
    let b = aseptic(
        d,
        &["baseline", "--only", "secrets", "--output", "base.json"],
    );
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    let text = std::fs::read_to_string(d.join("base.json")).unwrap();
    assert!(
        !text.contains(&key_id(0)) && !text.contains("Q4T7XW2M"),
        "baseline holds the value"
    );
    let o = aseptic(
        d,
        &[
            "scan",
            "--only",
            "secrets",
            "--baseline",
            "base.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["stats"]["baseline_matched"], 1);
    // Lines added above the finding do not break the match.
    std::fs::write(d.join("old.cfg"), format!("# header\n\n{}", secret_line(0))).unwrap();
    std::fs::write(d.join("new.cfg"), secret_line(1)).unwrap();
    let o = aseptic(
        d,
        &[
            "scan",
            "--only",
            "secrets",
            "--baseline",
            "base.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["location"]["path"], "new.cfg");
}

#[test]
fn expired_ignore_stops_suppressing_and_says_so() {
    let r = repo();
    let d = r.path();
    std::fs::write(d.join("a.cfg"), secret_line(0)).unwrap();
    std::fs::write(
        d.join(".aseptic.toml"),
        "[[ignore]]\npath = \"a.cfg\"\nreason = \"rotated, kept for the migration test\"\nexpires = 2026-06-30\n",
    )
    .unwrap();
    let run = |today: &str| {
        Command::new(env!("CARGO_BIN_EXE_aseptic"))
            .current_dir(d)
            .args(["scan", "--only", "secrets", "--format", "json"])
            .env("ASEPTIC_TODAY", today)
            .output()
            .unwrap()
    };
    let before = run("2026-06-30");
    assert_eq!(before.status.code(), Some(0), "{}", stdout(&before));
    assert_eq!(json(&before)["stats"]["suppressed"], 1);
    let after = run("2026-07-01");
    assert_eq!(after.status.code(), Some(1));
    let v = json(&after);
    assert!(
        v["notes"].as_array().unwrap().iter().any(|n| n["message"]
            .as_str()
            .unwrap()
            .contains("expired on 2026-06-30")),
        "{v:#}"
    );
}
