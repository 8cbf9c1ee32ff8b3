//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository.
pub fn shared() -> PathBuf {
    root().join("..").join("shared")
}

/// Runs the built `aseptic` binary in `dir` with `args`.
pub fn aseptic(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aseptic"))
        .current_dir(dir)
        .args(args)
        .env_remove("ASEPTIC_FORMAT")
        .env_remove("ASEPTIC_FAIL_ON")
        .env_remove("ASEPTIC_CONFIG")
        .env_remove("ASEPTIC_THREADS")
        .output()
        .expect("run aseptic")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `aseptic scan --only advisories --offline --format FORMAT` in a new directory holding a
/// `Cargo.lock` with one registry package and no advisory database anywhere (`.aseptic.toml`
/// names a missing one, `CARGO_HOME` is empty): a scan that cannot complete (exit 2).
pub fn scan_without_advisory_db(format: &str) -> Output {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("Cargo.lock"),
        "[[package]]\nname = \"smallvec\"\nversion = \"0.6.9\"\n\
         source = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join(".aseptic.toml"),
        "[advisories]\ndb = \"no-db\"\n",
    )
    .unwrap();
    Command::new(env!("CARGO_BIN_EXE_aseptic"))
        .current_dir(d.path())
        .args([
            "scan",
            "--only",
            "advisories",
            "--offline",
            "--format",
            format,
        ])
        .env("CARGO_HOME", d.path().join("cargo-home"))
        .env_remove("ASEPTIC_ADVISORY_DB")
        .output()
        .expect("run aseptic")
}

/// Runs git in `dir` with a fixed author and committer; panics with git's message on failure.
/// Returns stdout, trimmed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.test")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.test")
        .output()
        .expect("run git");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    stdout(&o).trim().to_string()
}
