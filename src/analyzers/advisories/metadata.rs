//! Dependency kinds (normal, dev, build) of a workspace's direct dependencies, from
//! `cargo metadata --no-deps --offline --locked --format-version 1`.
//!
//! The scanned repository is untrusted, so cargo runs from a neutral working directory (the
//! system temp dir) with `--manifest-path`: rustup then ignores the repository's
//! `rust-toolchain(.toml)` (it looks at the working directory), cargo ignores the repository's
//! `.cargo/config.toml` (also found from the working directory, so no `build.rustc`, wrapper or
//! alias of theirs), and `RUSTC_WRAPPER`/`RUSTC_WORKSPACE_WRAPPER` are removed. `--no-deps`
//! resolves nothing and runs no rustc and no build script; `--offline` keeps it off the network.
//! It is given a few seconds; on any failure the caller falls back to the lockfile graph and says
//! why. Only runs when a lockfile has findings and a `Cargo.toml` sits beside it.

use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
pub fn workspace(dir: &Path) -> Result<Workspace, String> {
    // Absolute, because cargo runs from another working directory.
    let dir = &std::fs::canonicalize(dir).map_err(|e| format!("lockfile directory: {e}"))?;
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        return Err("no Cargo.toml beside the lockfile".into());
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(&cargo)
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
        .current_dir(std::env::temp_dir())
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_BUILD_RUSTC_WRAPPER")
        .env_remove("CARGO_TARGET_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cargo is not available ({e})"))?;
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
                return Err(format!(
                    "cargo metadata took longer than {}s",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cargo metadata: {e}")),
        }
    };
    let out = reader
        .join()
        .map_err(|_| "cargo metadata output could not be read".to_string())?
        .map_err(|e| format!("cargo metadata: {e}"))?;
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        let msg = String::from_utf8_lossy(&err);
        let line = msg
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or_else(|| msg.lines().next().unwrap_or("failed"));
        // Keep the message free of this machine's paths.
        let line = line.replace(&dir.display().to_string(), ".");
        return Err(format!(
            "cargo metadata failed: {}",
            line.chars().take(200).collect::<String>()
        ));
    }
    parse(&out)
}

fn parse(json: &[u8]) -> Result<Workspace, String> {
    let m: Metadata =
        serde_json::from_slice(json).map_err(|e| format!("cargo metadata output: {e}"))?;
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
        assert!(e.contains("no Cargo.toml"), "{e}");
    }
}
