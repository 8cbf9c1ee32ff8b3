//! A thin wrapper over the system `git`: the few plumbing commands the staged, changed-files and
//! history sources need. We shell out instead of linking a git library: it keeps the build small
//! (cargo-deny reports the same trade-off), and `git log -p` streams history faster than walking
//! objects one by one through a library.
//!
//! Every git process starts from [`command`], which makes the scanned repository's configuration
//! and attributes unable to run anything or to hide text from us:
//! - `-c` overrides (they win over every config file): `core.fsmonitor=false`,
//!   `core.hooksPath=/dev/null`, `log.showSignature=false` (no `gpg.program`),
//!   `protocol.allow=never` plus `GIT_NO_LAZY_FETCH` (a partial clone's missing blob is never
//!   fetched, so no transport, ssh command or credential helper runs), no pager, no auto gc.
//! - Every filter driver the configuration defines gets its `clean`, `smudge` and `process`
//!   emptied and `required` turned off. Driver names are open-ended, so they are listed first
//!   with `git config --get-regexp` (reading configuration runs nothing). Git applies a clean
//!   filter whenever it compares a working-tree file by content (`--since`).
//! - Callers that diff pass `--no-ext-diff --no-textconv` (see [`DIFF_ARGS`]), and `git log -p`
//!   passes `--text` so an attribute (`-diff`, `binary`) cannot turn added lines into "Binary
//!   files differ"; prefixes and root-commit diffs are fixed on the command line because
//!   `diff.noprefix` or `log.showRoot=false` would otherwise blind the history parser.
//! - Blobs are read with `cat-file --batch`, which applies no filter and no textconv.
//!
//! What this deliberately leaves alone: `safe.directory` (git's refusal to work in a repository
//! owned by another user stays in force: it guards against configuration we do not know about
//! yet, and the user can lift it knowingly), and system and global configuration
//! (`GIT_CONFIG_NOSYSTEM` is not set: those files belong to the machine's owner, not to the
//! scanned repository, and may carry the `safe.directory` entries a CI runner needs).

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Why a git command gave us nothing to use. Git's own message is kept: it names the ref or path
/// the user got wrong, and comes from git, not from a scanned file's contents.
#[derive(Debug)]
pub enum GitError {
    /// git could not be started (not installed, not executable).
    Spawn(io::Error),
    /// git ran and exited with a failure: the command line and git's message (stderr, trimmed).
    Failed { command: String, stderr: String },
    /// Reading git's output, or waiting for it, failed: what we were doing and the error.
    Io { during: String, source: io::Error },
    /// `cat-file --batch` has no such object.
    MissingObject(String),
    /// `cat-file --batch` answered with a header we cannot read.
    BadHeader(String),
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::Spawn(e) => write!(f, "cannot run git: {e}"),
            GitError::Failed { command, stderr } => write!(f, "`{command}` failed: {stderr}"),
            GitError::Io { during, source } => write!(f, "{during}: {source}"),
            GitError::MissingObject(oid) => write!(f, "git cat-file: object {oid} is missing"),
            GitError::BadHeader(h) => write!(f, "git cat-file: bad header `{h}`"),
        }
    }
}

impl std::error::Error for GitError {}

impl From<GitError> for crate::error::Error {
    fn from(e: GitError) -> Self {
        crate::error::Error::Git(e.to_string())
    }
}

/// Settings that win over the repository's own configuration on every git command.
const HARDENING: &[&str] = &[
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.untrackedCache=false",
    "log.showSignature=false",
    "protocol.allow=never",
    "gc.auto=0",
    "maintenance.auto=false",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.relative=false",
    "log.showRoot=true",
];

/// Options every diffing command (`diff`, `log -p`) takes: no external diff program, no textconv
/// driver, no colour.
pub const DIFF_ARGS: &[&str] = &["--no-ext-diff", "--no-textconv", "--no-color"];

/// A git command in `dir` with the repository's configurable commands disabled (see the module
/// doc). Stdin is closed; the caller sets stdout and stderr.
pub fn command(dir: &Path) -> Result<Command, GitError> {
    let mut cmd = base(dir);
    for key in filter_keys(dir)? {
        cmd.arg("-c").arg(format!("{key}="));
    }
    Ok(cmd)
}

/// The hardened command without the filter overrides (for listing the filters themselves).
fn base(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("--no-pager").arg("-C").arg(dir);
    for kv in HARDENING {
        cmd.arg("-c").arg(kv);
    }
    cmd.env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF")
        .stdin(Stdio::null());
    cmd
}

/// `filter.<driver>.{clean,smudge,process}` for every driver the configuration (any scope,
/// includes followed) defines, and `filter.<driver>.required` (to be set to empty = false).
fn filter_keys(dir: &Path) -> Result<Vec<String>, GitError> {
    let out = base(dir)
        .args([
            "config",
            "--null",
            "--name-only",
            "--get-regexp",
            r"^filter\.",
        ])
        .output()
        .map_err(GitError::Spawn)?;
    // Exit 1 means no such key; anything else is a broken configuration the real command will
    // report in its own words.
    if !out.status.success() {
        return Ok(Vec::new());
    }
    let mut drivers: Vec<String> = nul_paths(&out.stdout)
        .into_iter()
        .filter_map(|k| {
            let rest = k.strip_prefix("filter.")?;
            let (driver, _) = rest.rsplit_once('.')?;
            Some(driver.to_string())
        })
        .collect();
    drivers.sort();
    drivers.dedup();
    Ok(drivers
        .iter()
        .flat_map(|d| ["clean", "smudge", "process", "required"].map(|k| format!("filter.{d}.{k}")))
        .collect())
}

/// Runs `git ARGS` in `dir` and returns stdout, or an error naming the command and git's message.
pub fn output(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = command(dir)?.args(args).output().map_err(GitError::Spawn)?;
    if !out.status.success() {
        return Err(GitError::Failed {
            command: format!("git {}", args.join(" ")),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(out.stdout)
}

/// Splits NUL-separated output into paths.
pub fn nul_paths(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

/// Reads the given blob ids with one `git cat-file --batch` process (no filter, no textconv).
/// Returns the contents in order; a missing object is an error.
pub fn read_blobs(dir: &Path, oids: &[String]) -> Result<Vec<Vec<u8>>, GitError> {
    if oids.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = command(dir)?
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(GitError::Spawn)?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let list: String = oids.iter().map(|o| format!("{o}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut blobs = Vec::with_capacity(oids.len());
    for oid in oids {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(cat_file_io)?;
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.len() != 3 {
            return Err(GitError::MissingObject(oid.clone()));
        }
        let size: usize = parts[2]
            .parse()
            .map_err(|_| GitError::BadHeader(header.trim().to_string()))?;
        let mut buf = vec![0; size + 1];
        reader.read_exact(&mut buf).map_err(cat_file_io)?;
        buf.pop();
        blobs.push(buf);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

fn cat_file_io(source: io::Error) -> GitError {
    GitError::Io {
        during: "git cat-file".into(),
        source,
    }
}

/// The top level of the git work tree that contains `dir`, or `None` when `dir` is not inside a
/// work tree (or git is missing, or refuses the repository). Locations are relative to it.
pub fn toplevel(dir: &Path) -> Option<std::path::PathBuf> {
    // rev-parse reads no file's content, so no filter driver can run: the hardened base command
    // is enough, without the second git process that lists the filters to turn off.
    let out = base(dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let top = text.trim_end_matches(['\n', '\r']);
    (!top.is_empty()).then(|| std::path::PathBuf::from(top))
}

/// What git would commit from the work tree at `top`: tracked files plus untracked files that
/// git's own ignore rules (`.gitignore`, `.git/info/exclude`, `core.excludesFile`) leave in.
/// Paths are relative to `top`, `/`-separated.
pub fn tracked_and_unignored(top: &Path) -> Result<Vec<String>, GitError> {
    let out = output(
        top,
        &[
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ],
    )?;
    Ok(nul_paths(&out))
}

/// Does `rev` (a ref, or a revision range like `main..HEAD`) resolve in the repository at `dir`?
pub fn resolves(dir: &Path, rev: &str) -> bool {
    output(dir, &["rev-parse", "--quiet", "--end-of-options", rev]).is_ok()
}
