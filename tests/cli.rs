//! The binary end to end: exit codes, formats, configuration precedence, redaction, determinism
//! and robustness against bad input.

use crate::common::{aseptic, root, stderr, stdout};
use std::path::Path;

/// The planted AWS secret key in `fixtures/mixed/config/settings.py`, split so this file does not
/// itself hold it.
fn planted_secret() -> String {
    ["Zk3c9Qm1T8vXa0Lr", "B7yN2pWd5HsJ4uEo6GfKiQ1t"].concat()
}

fn planted_key_id() -> String {
    ["AKIAZ3MS", "JQ7BLW6VZPQR"].concat()
}

fn mixed() -> std::path::PathBuf {
    root().join("fixtures/mixed")
}

#[test]
fn mixed_fixture_finds_planted_aws_key_and_exits_1() {
    let o = aseptic(&mixed(), &["scan", "--only", "secrets", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(
            |f| f["location"]["path"] == "fixtures/mixed/config/settings.py"
                && f["rule_id"].as_str().unwrap().starts_with("SEC-AWS")
        ),
        "no AWS finding in {findings:#?}"
    );
}

#[test]
fn clean_directory_exits_0() {
    let o = aseptic(
        &root().join("fixtures/clean"),
        &["scan", "--skip", "advisories"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
}

#[test]
fn unknown_config_key_exits_2_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".aseptic.toml"),
        "[scan]\nfail_onn = \"high\"\n",
    )
    .unwrap();
    let o = aseptic(dir.path(), &["scan"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("fail_onn") && err.contains(".aseptic.toml"),
        "{err}"
    );
}

#[test]
fn planted_secret_never_printed_in_full() {
    for format in ["table", "json", "sarif", "github"] {
        let o = aseptic(
            &mixed(),
            &["scan", "--only", "secrets", "--format", format, "-v"],
        );
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        for value in [planted_secret(), planted_key_id()] {
            assert!(
                !stdout(&o).contains(&value),
                "{format} output holds the value"
            );
            assert!(
                !stderr(&o).contains(&value),
                "{format} stderr holds the value"
            );
        }
    }
}

#[test]
fn output_is_identical_at_any_thread_count() {
    for format in ["json", "sarif"] {
        let one = aseptic(
            &mixed(),
            &[
                "scan",
                "--skip",
                "advisories",
                "--format",
                format,
                "--threads",
                "1",
            ],
        );
        let eight = aseptic(
            &mixed(),
            &[
                "scan",
                "--skip",
                "advisories",
                "--format",
                format,
                "--threads",
                "8",
            ],
        );
        assert!(!one.stdout.is_empty());
        assert!(
            one.stdout == eight.stdout,
            "{format} differs between --threads 1 and 8"
        );
    }
}

#[test]
fn fail_on_precedence_cli_over_env_over_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        mixed().join("config/settings.py"),
        dir.path().join("settings.py"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".aseptic.toml"),
        "[scan]\nfail_on = \"none\"\n",
    )
    .unwrap();
    let run = |env: Option<&str>, args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_aseptic"));
        cmd.current_dir(dir.path())
            .arg("scan")
            .args(args)
            .env_remove("ASEPTIC_FAIL_ON");
        if let Some(v) = env {
            cmd.env("ASEPTIC_FAIL_ON", v);
        }
        cmd.output().unwrap().status.code()
    };
    assert_eq!(run(None, &["--only", "secrets"]), Some(0), "file says none");
    assert_eq!(
        run(Some("low"), &["--only", "secrets"]),
        Some(1),
        "env overrides file"
    );
    assert_eq!(
        run(Some("low"), &["--only", "secrets", "--fail-on", "none"]),
        Some(0),
        "CLI overrides env"
    );
}

#[test]
fn exit_code_does_not_depend_on_format() {
    let codes: Vec<_> = ["table", "json", "sarif", "github"]
        .iter()
        .map(|f| {
            aseptic(&mixed(), &["scan", "--only", "secrets", "--format", f])
                .status
                .code()
        })
        .collect();
    assert!(codes.iter().all(|c| *c == Some(1)), "{codes:?}");
}

#[test]
fn bad_input_becomes_notes_naming_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", d.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink("self-b", d.join("self-a")).unwrap();
        std::os::unix::fs::symlink("self-a", d.join("self-b")).unwrap();
    }
    let big = std::fs::File::create(d.join("big.log")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    std::fs::write(
        d.join("image.bin"),
        [0x89, b'P', b'N', b'G', 0, 0, 1, 2, 0, 3],
    )
    .unwrap();
    std::fs::write(d.join("latin1.txt"), b"caf\xe9 cr\xe8me\n").unwrap();
    let o = aseptic(d, &["scan", "--skip", "advisories", "--format", "json"]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        o.status.code(),
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let notes = v["notes"].as_array().unwrap();
    let about = |p: &str| notes.iter().any(|n| n["path"] == p);
    for p in ["big.log", "image.bin", "latin1.txt"] {
        assert!(about(p), "no note about {p}: {notes:#?}");
    }
    #[cfg(unix)]
    for p in ["sub/loop", "self-a", "self-b"] {
        assert!(about(p), "no note about {p}: {notes:#?}");
    }
}

#[test]
fn broken_pipe_exits_0() {
    let bash = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' rules | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}",
            env!("CARGO_BIN_EXE_aseptic")
        ))
        .output()
        .unwrap();
    assert_eq!(
        bash.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&bash.stderr)
    );
}

#[test]
fn rules_explain_and_completions() {
    let o = aseptic(Path::new("."), &["rules", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = list[0]["id"]
        .as_str()
        .expect("at least one rule")
        .to_string();
    let e = aseptic(Path::new("."), &["explain", &first]);
    assert_eq!(e.status.code(), Some(0));
    for section in aseptic::rule::HELP_SECTIONS {
        assert!(stdout(&e).contains(section), "explain lacks {section}");
    }
    assert_eq!(
        aseptic(Path::new("."), &["explain", "NOPE-404"])
            .status
            .code(),
        Some(2)
    );
    let c = aseptic(Path::new("."), &["completions", "zsh"]);
    assert!(stdout(&c).contains("aseptic"));
}

#[test]
fn unknown_analyzer_is_a_usage_error() {
    let o = aseptic(
        &root().join("fixtures/clean"),
        &["scan", "--only", "secretz"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("secretz"));
}
