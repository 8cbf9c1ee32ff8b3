//! Input sources other than the working tree: the git index (`--staged`), files changed since the
//! merge base with a ref (`--since`), the lines added by each commit (`--history`, streamed in
//! batches by [`crate::history`]) and standard input (`aseptic scan -`, one file named by
//! `--stdin-filename`). Each yields the same [`Item`]s as the working tree, so every
//! analyzer works unchanged on all of them.
//!
//! Paths given on the command line (as the pre-commit framework passes them) restrict `--staged`
//! and `--since` to those files. Exclude globs apply to every source.

use crate::engine::{Content, Item};
use crate::error::Error;
use crate::git::{self, GitError};
use crate::history::History;
use crate::input::Origin;
use crate::note::Note;
use crate::settings::{Settings, Source};
use crate::walk::relative;
use ignore::overrides::{Override, OverrideBuilder};
use std::collections::BTreeSet;

/// What to scan: a list known up front, or batches produced while git runs (`--history`), so a
/// long history is never held in memory at once.
pub enum Items<'a> {
    List(Vec<Item>),
    Batches(Box<dyn Iterator<Item = Result<Vec<Item>, GitError>> + 'a>),
}

/// The items for a non-working-tree source, or `None` for a plain working-tree scan. A file named
/// on the command line that the source leaves out (not staged, not changed) gets a note saying
/// so, never a silent empty scan.
pub fn items<'a>(s: &'a Settings, notes: &mut Vec<Note>) -> Result<Option<Items<'a>>, Error> {
    match &s.source {
        Source::WorkingTree => Ok(None),
        Source::Stdin { name, bytes } => Ok(Some(Items::List(vec![Item {
            path: name.clone(),
            origin: crate::input::Origin::WorkingTree,
            content: Content::Bytes(bytes.0.clone()),
        }]))),
        Source::Staged => {
            let items = staged(s)?;
            note_unscanned(
                s,
                &items,
                "it has no staged changes; --staged scans only staged files",
                notes,
            );
            Ok(Some(Items::List(items)))
        }
        Source::Since(r) => {
            let items = since(s, r)?;
            let why = format!("it has not changed since `{}`", r.escape_debug());
            note_unscanned(s, &items, &why, notes);
            Ok(Some(Items::List(items)))
        }
        Source::History(range) => {
            let ov = excludes(s)?;
            let history =
                History::start(&s.root, range, move |p| wanted(s, &ov, p)).map_err(Error::from)?;
            Ok(Some(Items::Batches(Box::new(history))))
        }
    }
}

fn excludes(s: &Settings) -> Result<Override, Error> {
    let mut ob = OverrideBuilder::new(&s.root);
    for g in &s.exclude {
        ob.add(&format!("!{g}"))
            .map_err(|e| Error::Config(format!("invalid exclude glob `{g}`: {e}")))?;
    }
    ob.build()
        .map_err(|e| Error::Config(format!("invalid exclude globs: {e}")))
}

/// A warning for each file named on the command line that is not among `items`.
fn note_unscanned(s: &Settings, items: &[Item], why: &str, notes: &mut Vec<Note>) {
    for t in s.targets.iter().filter(|t| !t.is_dir()) {
        let rel = relative(&s.root, t);
        if !items.iter().any(|i| i.path == rel) {
            notes.push(Note::warning(Some(&rel), format!("not scanned: {why}")));
        }
    }
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
        let t = relative(&s.root, t);
        t.is_empty()
            || t == "."
            || path == t
            || path.starts_with(&format!("{}/", t.trim_end_matches('/')))
    })
}

/// The staged version of every staged (added, copied, modified, renamed) file, read from git's
/// object database, not the working copy.
fn staged(s: &Settings) -> Result<Vec<Item>, Error> {
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
    .map_err(Error::from)?;
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
    let listing = git::output(&s.root, &args).map_err(Error::from)?;
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
    let blobs = git::read_blobs(&s.root, &oids).map_err(Error::from)?;
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
fn since(s: &Settings, r: &str) -> Result<Vec<Item>, Error> {
    let ov = excludes(s)?;
    let base = git::output(&s.root, &["merge-base", r, "HEAD"]).map_err(Error::from)?;
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
    .map_err(Error::from)?;
    let untracked = git::output(
        &s.root,
        &["ls-files", "--others", "--exclude-standard", "-z"],
    )
    .map_err(Error::from)?;
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
