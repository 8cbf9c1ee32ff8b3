//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository.
#[allow(dead_code)] // used once the advisory tests land
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
