//! A thin wrapper over the system `git`: the few plumbing commands the staged, changed-files and
//! history sources need. We shell out instead of linking a git library: it keeps the build small
//! (cargo-deny reports the same trade-off), and `git log -p` streams history faster than walking
//! objects one by one through a library.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `git ARGS` in `dir` and returns stdout, or an error naming the command and git's message.
pub fn output(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
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

/// Reads the given blob ids with one `git cat-file --batch` process. Returns the contents in order;
/// a missing object is an error.
pub fn read_blobs(dir: &Path, oids: &[String]) -> Result<Vec<Vec<u8>>, String> {
    if oids.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let list: String = oids.iter().map(|o| format!("{o}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut blobs = Vec::with_capacity(oids.len());
    for oid in oids {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| format!("git cat-file: {e}"))?;
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.len() != 3 {
            return Err(format!("git cat-file: object {oid} is missing"));
        }
        let size: usize = parts[2]
            .parse()
            .map_err(|_| format!("git cat-file: bad header `{}`", header.trim()))?;
        let mut buf = vec![0; size + 1];
        reader
            .read_exact(&mut buf)
            .map_err(|e| format!("git cat-file: {e}"))?;
        buf.pop();
        blobs.push(buf);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

/// The top level of the git work tree that contains `dir`, or `None` when `dir` is not inside a
/// work tree (or git is missing, or refuses the repository). Locations are relative to it.
pub fn toplevel(dir: &Path) -> Option<std::path::PathBuf> {
    let out = output(dir, &["rev-parse", "--show-toplevel"]).ok()?;
    let text = String::from_utf8(out).ok()?;
    let top = text.trim_end_matches(['\n', '\r']);
    (!top.is_empty()).then(|| std::path::PathBuf::from(top))
}

/// What git would commit from the work tree at `top`: tracked files plus untracked files that
/// git's own ignore rules (`.gitignore`, `.git/info/exclude`, `core.excludesFile`) leave in.
/// Paths are relative to `top`, `/`-separated.
pub fn tracked_and_unignored(top: &Path) -> Result<Vec<String>, String> {
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
