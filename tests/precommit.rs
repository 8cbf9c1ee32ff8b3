//! The pre-commit framework end to end, with this repository's `.pre-commit-hooks.yaml`: a commit
//! that adds a secret is blocked, a clean commit passes, and `pre-commit run --all-files` (how CI
//! runs hooks) fails on a key already committed. Needs `pre-commit` (PyPI) on PATH; CI
//! installs it and sets ASEPTIC_REQUIRE_PRECOMMIT=1 so a missing tool fails instead of skipping.

use crate::common::root;
use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, program: &str, args: &[&str], pre_commit_home: &Path) -> Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_aseptic")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new(program)
        .current_dir(dir)
        .args(args)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", pre_commit_home)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.test")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.test")
        .output()
        .unwrap()
}

#[test]
fn pre_commit_blocks_a_secret_and_passes_a_clean_commit() {
    let available = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("ASEPTIC_REQUIRE_PRECOMMIT").is_none(),
            "pre-commit is required (ASEPTIC_REQUIRE_PRECOMMIT is set) but not on PATH"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    let d = repo.path();
    let h = home.path();
    let ok = |o: Output| {
        assert!(
            o.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    };
    // The hook definitions come from this repository, as committed at HEAD.
    let rev = Command::new("git")
        .current_dir(root())
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    let rev = String::from_utf8(rev.stdout).unwrap();
    ok(run(d, "git", &["init", "-q", "-b", "main"], h));
    ok(run(d, "git", &["config", "commit.gpgsign", "false"], h));
    std::fs::write(
        d.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: aseptic-system\n        args: [--only, secrets]\n",
            root().display(),
            rev.trim()
        ),
    )
    .unwrap();
    ok(run(d, "pre-commit", &["install"], h));

    std::fs::write(d.join("README.md"), "clean\n").unwrap();
    ok(run(d, "git", &["add", "."], h));
    ok(run(d, "git", &["commit", "-qm", "clean commit"], h));

    let key = format!("AKIA{}{}", "Q4T7XW2M", "ZP3LKV9R");
    std::fs::write(
        d.join("settings.py"),
        format!("AWS_ACCESS_KEY_ID = \"{key}\"\n"),
    )
    .unwrap();
    ok(run(d, "git", &["add", "settings.py"], h));
    let blocked = run(d, "git", &["commit", "-qm", "add key"], h);
    assert!(
        !blocked.status.success(),
        "the commit with a secret went through"
    );
    let out = String::from_utf8_lossy(&blocked.stdout).into_owned()
        + &String::from_utf8_lossy(&blocked.stderr);
    assert!(out.contains("settings.py"), "{out}");
    assert!(!out.contains(&key), "the hook printed the secret");

    // A clean tree passes `--all-files`; the key committed without the hook then fails it.
    ok(run(d, "git", &["reset", "-q", "HEAD", "settings.py"], h));
    std::fs::remove_file(d.join("settings.py")).unwrap();
    ok(run(d, "pre-commit", &["run", "--all-files"], h));
    std::fs::create_dir_all(d.join("app/conf")).unwrap();
    std::fs::write(
        d.join("app/conf/settings.py"),
        format!("AWS_ACCESS_KEY_ID = \"{key}\"\n"),
    )
    .unwrap();
    ok(run(d, "git", &["add", "."], h));
    ok(run(d, "git", &["commit", "-qm", "key", "--no-verify"], h));
    let all = run(d, "pre-commit", &["run", "--all-files"], h);
    let out =
        String::from_utf8_lossy(&all.stdout).into_owned() + &String::from_utf8_lossy(&all.stderr);
    assert!(
        !all.status.success(),
        "--all-files passed a committed key: {out}"
    );
    // The table may wrap the path after a `/`.
    assert!(
        out.contains("app/conf/") && out.contains("settings.py"),
        "{out}"
    );
    assert!(!out.contains(&key), "the hook printed the secret");
}
