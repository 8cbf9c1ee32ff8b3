//! Dependency kinds (normal, dev, build) of a workspace's direct dependencies, from
//! `cargo metadata --no-deps --offline --locked --format-version 1`.
//!
//! The scanned repository is untrusted, and so is anything a stranger can write where cargo and
//! rustup look for settings, which they do from the working directory up to the root:
//! `rust-toolchain(.toml)` (rustup: which toolchain's binaries run) and `.cargo/config.toml`
//! (cargo: `build.rustc`, wrappers, aliases). So cargo runs with `--manifest-path`:
//! - from a private, empty working directory made for this one run (mode 0700, removed after)
//!   inside `$CARGO_HOME`, whose ancestors belong to the user, never in the repository nor in the
//!   shared temp dir (anyone can plant a `rust-toolchain.toml` in `/tmp`); the temp dir is only
//!   the fallback when there is no cargo home;
//! - with `RUSTUP_TOOLCHAIN` pinned to the caller's (or, unset, to rustup's default as
//!   `rustup default` reports it), which rustup ranks above every toolchain file; when rustup is
//!   installed but names no default, cargo is not run at all;
//! - without `RUSTC_WRAPPER`/`RUSTC_WORKSPACE_WRAPPER`. `--no-deps` resolves nothing and runs no
//!   rustc and no build script; `--offline` keeps it off the network.
//!
//! It is given a few seconds; on any failure the caller falls back to the lockfile graph and says
//! why. Only runs when a lockfile has findings and a `Cargo.toml` sits beside it.

use serde::Deserialize;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Why the dependency kinds from `cargo metadata` are not known. Shown in an info note and in
/// the SARIF property that says where dependency paths came from; the scan goes on without them.
#[derive(Debug)]
pub enum MetadataError {
    /// The lockfile's directory cannot be resolved.
    LockfileDir(std::io::Error),
    NoManifest,
    /// The lockfile was not read from the working tree (staged, history), so there is no
    /// workspace to ask cargo about.
    NotWorkingTree,
    /// No private directory could be made for cargo to run in (the last error, if any).
    PrivateDir(Option<std::io::Error>),
    Rustup(std::io::Error),
    NoToolchain,
    CargoMissing(std::io::Error),
    Timeout(Duration),
    /// Waiting for cargo or reading its output failed.
    Io(std::io::Error),
    OutputLost,
    Panicked,
    /// cargo exited with a failure: its first `error` line, this machine's paths removed,
    /// at most 200 characters.
    Failed(String),
    /// cargo's output is not the JSON we expect.
    Output(serde_json::Error),
}

impl std::fmt::Display for MetadataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MetadataError::LockfileDir(e) => write!(f, "lockfile directory: {e}"),
            MetadataError::NoManifest => f.write_str("no Cargo.toml beside the lockfile"),
            MetadataError::NotWorkingTree => f.write_str("not a working-tree file"),
            MetadataError::PrivateDir(e) => write!(
                f,
                "cannot make a private working directory for cargo ({})",
                e.as_ref().map(|e| e.to_string()).unwrap_or_default()
            ),
            MetadataError::Rustup(e) => write!(f, "cannot run rustup ({e})"),
            MetadataError::NoToolchain => {
                f.write_str("rustup has no default toolchain to pin cargo to")
            }
            MetadataError::CargoMissing(e) => write!(f, "cargo is not available ({e})"),
            MetadataError::Timeout(t) => {
                write!(f, "cargo metadata took longer than {}s", t.as_secs())
            }
            MetadataError::Io(e) => write!(f, "cargo metadata: {e}"),
            MetadataError::OutputLost => f.write_str("cargo metadata output could not be read"),
            MetadataError::Panicked => f.write_str("cargo metadata panicked"),
            MetadataError::Failed(line) => write!(f, "cargo metadata failed: {line}"),
            MetadataError::Output(e) => write!(f, "cargo metadata output: {e}"),
        }
    }
}

impl std::error::Error for MetadataError {}

const TIMEOUT: Duration = Duration::from_secs(20);

/// The kinds under which each workspace member names each direct dependency.
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    /// Member package names.
    pub members: Vec<String>,
    /// (member name, dependency package name) → kinds: `normal`, `dev`, `build`.
    pub kinds: HashMap<(String, String), Vec<&'static str>>,
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<MetaPackage>,
    #[serde(default)]
    workspace_members: Vec<String>,
}

#[derive(Deserialize)]
struct MetaPackage {
    name: String,
    id: String,
    #[serde(default)]
    dependencies: Vec<MetaDep>,
}

#[derive(Deserialize)]
struct MetaDep {
    name: String,
    #[serde(default)]
    kind: Option<String>,
}

/// Runs `cargo metadata` for the lockfile in `dir`. `Err` says why not, for a property/note.
pub fn workspace(dir: &Path) -> Result<Workspace, MetadataError> {
    // Absolute, because cargo runs from another working directory.
    let dir = &std::fs::canonicalize(dir).map_err(MetadataError::LockfileDir)?;
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        return Err(MetadataError::NoManifest);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let cwd = PrivateDir::new()?;
    let toolchain = pinned_toolchain(&cwd.0)?;
    let mut cmd = Command::new(&cargo);
    if let Some(t) = toolchain {
        cmd.env("RUSTUP_TOOLCHAIN", t);
    }
    let mut child = cmd
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--locked",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(&manifest)
        .current_dir(&cwd.0)
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_BUILD_RUSTC_WRAPPER")
        .env_remove("CARGO_TARGET_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(MetadataError::CargoMissing)?;
    // Read stdout on a thread so a large output cannot fill the pipe while we wait.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut b).map(|_| b)
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut b);
        b
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(MetadataError::Timeout(TIMEOUT));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(MetadataError::Io(e)),
        }
    };
    let out = reader
        .join()
        .map_err(|_| MetadataError::OutputLost)?
        .map_err(MetadataError::Io)?;
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        let msg = String::from_utf8_lossy(&err);
        let line = msg
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or_else(|| msg.lines().next().unwrap_or("failed"));
        // Keep the message free of this machine's paths.
        let line = line.replace(&dir.display().to_string(), ".");
        return Err(MetadataError::Failed(line.chars().take(200).collect()));
    }
    parse(&out)
}

/// An empty directory only this process uses, removed when dropped.
struct PrivateDir(PathBuf);

impl PrivateDir {
    fn new() -> Result<PrivateDir, MetadataError> {
        static SEQ: AtomicU64 = AtomicU64::new(0);
        // The cargo home first (its ancestors are the user's); the temp dir only when the home
        // is missing or read-only (the pinned toolchain still holds there).
        let parents = super::db::cargo_home()
            .filter(|h| h.is_dir())
            .into_iter()
            .chain([std::env::temp_dir()]);
        let name = format!(
            ".aseptic-cargo-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        );
        let mut last = None;
        for parent in parents {
            let dir = parent.join(&name);
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&dir) {
                Ok(()) => return Ok(PrivateDir(dir)),
                Err(e) => last = Some(e),
            }
        }
        Err(MetadataError::PrivateDir(last))
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// The toolchain cargo must run with: the caller's `RUSTUP_TOOLCHAIN`, else rustup's default;
/// `None` when rustup is not installed (then `cargo` is no proxy and reads no toolchain file).
fn pinned_toolchain(cwd: &Path) -> Result<Option<OsString>, MetadataError> {
    if let Some(t) = std::env::var_os("RUSTUP_TOOLCHAIN").filter(|t| !t.is_empty()) {
        return Ok(Some(t));
    }
    let out = match Command::new("rustup")
        .arg("default")
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
    {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(MetadataError::Rustup(e)),
    };
    // `stable-x86_64-unknown-linux-gnu (default)`
    let text = String::from_utf8_lossy(&out.stdout);
    match text.split_whitespace().next() {
        Some(t) if out.status.success() && !t.is_empty() => Ok(Some(t.into())),
        _ => Err(MetadataError::NoToolchain),
    }
}

fn parse(json: &[u8]) -> Result<Workspace, MetadataError> {
    let m: Metadata = serde_json::from_slice(json).map_err(MetadataError::Output)?;
    let mut ws = Workspace::default();
    for p in &m.packages {
        if !m.workspace_members.is_empty() && !m.workspace_members.contains(&p.id) {
            continue;
        }
        ws.members.push(p.name.clone());
        for d in &p.dependencies {
            let kind = match d.kind.as_deref() {
                Some("dev") => "dev",
                Some("build") => "build",
                _ => "normal",
            };
            let e = ws
                .kinds
                .entry((p.name.clone(), d.name.clone()))
                .or_default();
            if !e.contains(&kind) {
                e.push(kind);
            }
        }
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kinds_of_members_direct_dependencies() {
        let json = br#"{"packages":[{"name":"app","id":"path+file:///x#app@0.1.0","dependencies":[
            {"name":"regex","kind":"dev"},{"name":"time","kind":"build"},
            {"name":"hyper","kind":null},{"name":"regex","kind":null}]}],
            "workspace_members":["path+file:///x#app@0.1.0"]}"#;
        let ws = parse(json).unwrap();
        assert_eq!(ws.members, vec!["app"]);
        let k = |d: &str| ws.kinds[&("app".to_string(), d.to_string())].clone();
        assert_eq!(k("regex"), vec!["dev", "normal"]);
        assert_eq!(k("time"), vec!["build"]);
        assert_eq!(k("hyper"), vec!["normal"]);
    }

    #[test]
    fn without_a_manifest_it_says_so() {
        let d = tempfile::tempdir().unwrap();
        let e = workspace(d.path()).unwrap_err();
        assert!(matches!(e, MetadataError::NoManifest), "{e}");
        let e = e.to_string();
        assert!(e.contains("no Cargo.toml"), "{e}");
    }
}
