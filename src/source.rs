//! Input sources other than the working tree: the git index (`--staged`), files changed since the
//! merge base with a ref (`--since`) and the lines added by each commit (`--history`). Each yields
//! the same [`Item`]s as the working tree, so every analyzer works unchanged on all of them.
//!
//! Paths given on the command line (as the pre-commit framework passes them) restrict `--staged`
//! and `--since` to those files. Exclude globs apply to every source.

use crate::cli::ScanArgs;
use crate::engine::{Content, Item};
use crate::git;
use crate::input::Origin;
use crate::note::Note;
use crate::scan::{Settings, UsageError};
use crate::walk::relative;
use ignore::overrides::{Override, OverrideBuilder};
use std::collections::BTreeSet;
use std::path::Path;

/// The items for a non-working-tree source, or `None` for a plain working-tree scan.
pub fn items(
    args: &ScanArgs,
    s: &Settings,
    notes: &mut Vec<Note>,
) -> Result<Option<Vec<Item>>, UsageError> {
    let _ = notes;
    if args.staged {
        return staged(s).map(Some);
    }
    if let Some(r) = &args.since {
        return since(s, r).map(Some);
    }
    if let Some(range) = &args.history {
        return history(s, range).map(Some);
    }
    Ok(None)
}

fn excludes(s: &Settings) -> Result<Override, UsageError> {
    let mut ob = OverrideBuilder::new(&s.root);
    for g in &s.config.scan.exclude {
        ob.add(&format!("!{g}"))
            .map_err(|e| UsageError(format!("invalid exclude glob `{g}`: {e}")))?;
    }
    ob.build()
        .map_err(|e| UsageError(format!("invalid exclude globs: {e}")))
}

/// Keeps `path` when it is not excluded and, if targets were given, is one of them (or under one).
fn wanted(s: &Settings, ov: &Override, path: &str) -> bool {
    if ov.matched(path, false).is_ignore() {
        return false;
    }
    if s.targets.is_empty() {
        return true;
    }
    s.targets.iter().any(|t| {
        let t = relative(Path::new("."), t);
        t.is_empty()
            || t == "."
            || path == t
            || path.starts_with(&format!("{}/", t.trim_end_matches('/')))
    })
}

fn git_err(e: String) -> UsageError {
    UsageError(e)
}

/// The staged version of every staged (added, copied, modified, renamed) file, read from git's
/// object database, not the working copy.
fn staged(s: &Settings) -> Result<Vec<Item>, UsageError> {
    let ov = excludes(s)?;
    let names = git::output(
        &s.root,
        &[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--relative",
            "--diff-filter=ACMR",
            "--no-renames",
        ],
    )
    .map_err(git_err)?;
    let names: BTreeSet<String> = git::nul_paths(&names)
        .into_iter()
        .filter(|p| wanted(s, &ov, p))
        .collect();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    // `ls-files -s` gives the staged blob id of each path (relative to the scan root).
    let mut args = vec!["ls-files", "-s", "-z", "--"];
    args.extend(names.iter().map(String::as_str));
    let listing = git::output(&s.root, &args).map_err(git_err)?;
    let mut paths = Vec::new();
    let mut oids = Vec::new();
    for rec in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let rec = String::from_utf8_lossy(rec);
        let Some((meta, path)) = rec.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split_whitespace();
        let mode = meta.next().unwrap_or("");
        let oid = meta.next().unwrap_or("");
        // Submodules (160000) and symlinks (120000) carry no scannable content.
        if mode.starts_with("100") && names.contains(path) {
            paths.push(path.to_string());
            oids.push(oid.to_string());
        }
    }
    let blobs = git::read_blobs(&s.root, &oids).map_err(git_err)?;
    Ok(paths
        .into_iter()
        .zip(blobs)
        .map(|(path, bytes)| Item {
            path,
            origin: Origin::Index,
            content: Content::Bytes(bytes),
        })
        .collect())
}

/// Files changed between the merge base of `r` and HEAD, plus uncommitted and untracked changes;
/// deleted files are skipped. Read from the working tree.
fn since(s: &Settings, r: &str) -> Result<Vec<Item>, UsageError> {
    let ov = excludes(s)?;
    let base = git::output(&s.root, &["merge-base", r, "HEAD"]).map_err(git_err)?;
    let base = String::from_utf8_lossy(&base).trim().to_string();
    let changed = git::output(
        &s.root,
        &[
            "diff",
            "--name-only",
            "-z",
            "--relative",
            "--diff-filter=ACMR",
            "--no-renames",
            &base,
        ],
    )
    .map_err(git_err)?;
    let untracked = git::output(
        &s.root,
        &["ls-files", "--others", "--exclude-standard", "-z"],
    )
    .map_err(git_err)?;
    let mut paths: BTreeSet<String> = git::nul_paths(&changed).into_iter().collect();
    paths.extend(git::nul_paths(&untracked));
    Ok(paths
        .into_iter()
        .filter(|p| wanted(s, &ov, p))
        .map(|p| s.root.join(&p).to_path_buf())
        .filter(|abs| abs.is_file())
        .map(|abs| Item {
            path: relative(&s.root, &abs),
            origin: Origin::WorkingTree,
            content: Content::Disk(abs),
        })
        .collect())
}

/// The lines each commit in `range` added, one item per commit and file. Added lines keep their
/// line numbers in that commit's version of the file (the lines between are left empty), so a
/// finding points at the right line of the right commit.
fn history(s: &Settings, range: &str) -> Result<Vec<Item>, UsageError> {
    let ov = excludes(s)?;
    let log = git::output(
        &s.root,
        &[
            "log",
            "-p",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            "--diff-filter=AM",
            "--relative",
            "--format=%x00commit %H %cs",
            range,
        ],
    )
    .map_err(git_err)?;
    Ok(parse_log(&log)
        .into_iter()
        .filter(|i| wanted(s, &ov, &i.path))
        .collect())
}

/// Parses `git log -p -U0` output with our `\0commit <id> <date>` headers.
pub fn parse_log(log: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut commit: Option<(String, String)> = None;
    let mut path: Option<String> = None;
    let mut text: Vec<u8> = Vec::new();
    let mut line_no: usize = 0; // lines already in `text`
    let mut next_line: usize = 0;
    let flush = |items: &mut Vec<Item>,
                 commit: &Option<(String, String)>,
                 path: &mut Option<String>,
                 text: &mut Vec<u8>| {
        if let (Some((id, date)), Some(p)) = (commit, path.take()) {
            if !text.is_empty() {
                items.push(Item {
                    path: p,
                    origin: Origin::Commit {
                        id: id.clone(),
                        date: date.clone(),
                    },
                    content: Content::Bytes(std::mem::take(text)),
                });
            }
        }
        text.clear();
    };
    for raw in log.split(|&b| b == b'\n') {
        let line = raw.strip_prefix(b"\0").unwrap_or(raw);
        if let Some(rest) = line
            .strip_prefix(b"commit ")
            .filter(|_| raw.first() == Some(&0))
        {
            flush(&mut items, &commit, &mut path, &mut text);
            let rest = String::from_utf8_lossy(rest);
            let mut it = rest.split_whitespace();
            commit = Some((
                it.next().unwrap_or("").to_string(),
                it.next().unwrap_or("").to_string(),
            ));
            line_no = 0;
            continue;
        }
        if line.starts_with(b"diff --git ") {
            flush(&mut items, &commit, &mut path, &mut text);
            line_no = 0;
            continue;
        }
        if let Some(p) = line.strip_prefix(b"+++ ") {
            path = p
                .strip_prefix(b"b/")
                .map(|p| String::from_utf8_lossy(p).into_owned());
            continue;
        }
        if line.starts_with(b"--- ") {
            continue;
        }
        if let Some(h) = line.strip_prefix(b"@@ ") {
            // @@ -a,b +c,d @@
            let h = String::from_utf8_lossy(h);
            next_line = h
                .split_whitespace()
                .find_map(|t| t.strip_prefix('+'))
                .and_then(|t| t.split(',').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            continue;
        }
        if path.is_none() {
            continue;
        }
        if let Some(added) = line.strip_prefix(b"+") {
            while line_no + 1 < next_line {
                text.push(b'\n');
                line_no += 1;
            }
            text.extend_from_slice(added);
            text.push(b'\n');
            line_no += 1;
            next_line += 1;
        }
    }
    flush(&mut items, &commit, &mut path, &mut text);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_parsing_keeps_added_lines_at_their_line_numbers() {
        let log = b"\0commit abc 2026-01-02\n\ndiff --git a/x.env b/x.env\nnew file mode 100644\n--- /dev/null\n+++ b/x.env\n@@ -0,0 +1,2 @@\n+A=1\n+B=2\n\0commit def 2026-01-03\n\ndiff --git a/x.env b/x.env\n--- a/x.env\n+++ b/x.env\n@@ -2,0 +5 @@\n+C=3\n";
        let items = parse_log(log);
        assert_eq!(items.len(), 2);
        let Content::Bytes(b) = &items[1].content else {
            panic!()
        };
        assert_eq!(String::from_utf8_lossy(b), "\n\n\n\nC=3\n");
        assert_eq!(
            items[0].origin,
            Origin::Commit {
                id: "abc".into(),
                date: "2026-01-02".into()
            }
        );
        assert_eq!(items[1].path, "x.env");
    }
}
