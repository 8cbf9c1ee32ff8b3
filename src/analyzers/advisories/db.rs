//! The RustSec advisory database on disk: where it is, loading it one file at a time, and what it
//! says about itself (revision, newest advisory, age).
//!
//! We read the plain directory layout (`crates/<name>/RUSTSEC-*.md`, `rust/<name>/...`) with the
//! `rustsec` crate's advisory parser instead of `rustsec::Database::open`, because `open` gives up
//! on the first malformed file; here a bad file is recorded in [`Db::skipped`] and every other
//! advisory still applies. No git library is involved: the revision is read from `.git/HEAD` (and
//! its ref) or from the `SNAPSHOT.txt` of a plain export. Fetching and updating live in
//! [`super::command`] and use the system `git`.

use crate::config::Date;
use rustsec::advisory::Advisory;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where cargo-audit keeps the database, and where `aseptic db update` and a first scan put it.
pub fn default_location() -> Option<PathBuf> {
    cargo_home().map(|h| h.join("advisory-db"))
}

/// `$CARGO_HOME`, else `~/.cargo`.
pub fn cargo_home() -> Option<PathBuf> {
    if let Some(h) = std::env::var_os("CARGO_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(h));
    }
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".cargo"))
}

/// What identifies the loaded database: a commit id when one is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// A git commit id, or `None` when neither `.git` nor `SNAPSHOT.txt` names one.
    pub commit: Option<String>,
    /// The commit date, when a snapshot file records it.
    pub date: Option<Date>,
}

/// A loaded database.
#[derive(Debug)]
pub struct Db {
    /// Advisories about crates (the `crates/` collection); `rust/` advisories about the toolchain
    /// are counted but not matched against lockfiles, as cargo-audit does.
    advisories: Vec<Advisory>,
    by_crate: HashMap<String, Vec<usize>>,
    pub rust_count: usize,
    /// Files that could not be used: (path relative to the database, why).
    pub skipped: Vec<(String, String)>,
    pub newest: Option<Date>,
    pub revision: Revision,
}

impl Db {
    /// Every advisory about crate `name` (withdrawn ones included; the matcher skips them).
    pub fn for_crate(&self, name: &str) -> impl Iterator<Item = &Advisory> {
        self.by_crate
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.advisories[i])
    }

    pub fn count(&self) -> usize {
        self.advisories.len() + self.rust_count
    }

    /// What reports record as `advisory-db.revision`: the commit, else the newest advisory date.
    pub fn revision_label(&self) -> String {
        revision_label(&self.revision, self.newest)
    }

    /// The database's age in days on `today`: from the newer of the newest advisory and the
    /// snapshot's commit date.
    pub fn age_days(&self, today: Date) -> Option<i64> {
        let newest = self.newest.max(self.revision.date)?;
        Some(today.to_days() - newest.to_days())
    }
}

pub fn revision_label(rev: &Revision, newest: Option<Date>) -> String {
    match (&rev.commit, newest) {
        (Some(c), _) => c.clone(),
        (None, Some(d)) => format!("newest advisory {d}"),
        (None, None) => "unknown".to_string(),
    }
}

/// The guidance printed whenever the database is missing or unusable.
pub fn guidance(path: &Path) -> String {
    format!(
        "fix: run `aseptic db update` (clones https://github.com/rustsec/advisory-db with git into \
         {default}), or pass `--advisory-db DIR` / set ASEPTIC_ADVISORY_DB / `[advisories] db` in \
         .aseptic.toml to a local copy of the RustSec advisory database (the directory holding \
         `crates/`); tried {}",
        path.display(),
        default = default_location()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "$CARGO_HOME/advisory-db".into()),
    )
}

/// Does `dir` look like an advisory database at all (cheap)?
pub fn looks_like_db(dir: &Path) -> bool {
    dir.join("crates").is_dir()
}

/// Loads every advisory under `dir`. Fails only when the directory is not a database or holds no
/// usable advisory; single bad files end up in [`Db::skipped`].
pub fn load(dir: &Path) -> Result<Db, String> {
    if !looks_like_db(dir) {
        return Err(format!(
            "the RustSec advisory database is missing or not a database (no `crates/` directory); {}",
            guidance(dir)
        ));
    }
    let mut files: Vec<(bool, PathBuf)> = Vec::new();
    for (crates, collection) in [(true, "crates"), (false, "rust")] {
        let Ok(dirs) = std::fs::read_dir(dir.join(collection)) else {
            continue;
        };
        for d in dirs.flatten() {
            if !d.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(d.path()) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                let name = e.file_name();
                let name = name.to_string_lossy();
                if name.starts_with('.') || !name.ends_with(".md") {
                    continue;
                }
                files.push((crates, p));
            }
        }
    }
    files.sort();
    let parsed = parse_all(dir, &files);
    let mut db = Db {
        advisories: Vec::new(),
        by_crate: HashMap::new(),
        rust_count: 0,
        skipped: Vec::new(),
        newest: None,
        revision: revision(dir),
    };
    for ((crates, _), r) in files.iter().zip(parsed) {
        match r {
            Ok(a) => {
                let date = Date::parse(a.date().as_str());
                db.newest = db.newest.max(date);
                if *crates {
                    db.by_crate
                        .entry(a.metadata.package.as_str().to_string())
                        .or_default()
                        .push(db.advisories.len());
                    db.advisories.push(a);
                } else {
                    db.rust_count += 1;
                }
            }
            Err(skip) => db.skipped.push(skip),
        }
    }
    if db.count() == 0 {
        let why = db
            .skipped
            .first()
            .map(|(f, e)| format!(" (first problem: {f}: {e})"))
            .unwrap_or_default();
        return Err(format!(
            "the RustSec advisory database holds no usable advisory{why}; {}",
            guidance(dir)
        ));
    }
    Ok(db)
}

/// Parses the files on a few plain threads. Not rayon: loading happens lazily from inside the
/// engine's rayon pool, and a rayon join there could steal another lockfile's job, which would then
/// wait on the very initialization it is part of.
fn parse_all(root: &Path, files: &[(bool, PathBuf)]) -> Vec<Result<Advisory, (String, String)>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(64);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(|(_, p)| parse_one(root, p)).collect()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err((
                        "?".to_string(),
                        "the advisory parser panicked".to_string(),
                    ))]
                })
            })
            .collect::<Vec<_>>()
    })
}

/// Parses one advisory file and checks that its name and folder agree with its content (as the
/// RustSec tooling does). Errors name the file relative to the database, never an absolute path.
fn parse_one(root: &Path, path: &Path) -> Result<Advisory, (String, String)> {
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let err = |m: String| (rel.clone(), m);
    let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
    let a: Advisory = text
        .parse()
        .map_err(|e: rustsec::Error| err(first_line(&e.to_string())))?;
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
    if file != format!("{}.md", a.id()) && !file.starts_with("RUSTSEC-0000-0000.") {
        return Err(err(format!("holds advisory {} under another name", a.id())));
    }
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|f| f.to_str())
        .unwrap_or("");
    if folder != a.metadata.package.as_str() {
        return Err(err(format!(
            "is about crate `{}` but sits in folder `{folder}`",
            a.metadata.package
        )));
    }
    Ok(a)
}

fn first_line(s: &str) -> String {
    let l = s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim();
    l.chars().take(200).collect()
}

/// The database's revision without loading it: `.git` HEAD, else `SNAPSHOT.txt`.
pub fn revision(dir: &Path) -> Revision {
    if let Some(c) = git_head(dir) {
        return Revision {
            commit: Some(c),
            date: None,
        };
    }
    if let Ok(text) = std::fs::read_to_string(dir.join("SNAPSHOT.txt")) {
        let commit = text
            .split(|c: char| !c.is_ascii_hexdigit())
            .find(|w| w.len() == 40)
            .map(str::to_string);
        let date = text
            .find("committed ")
            .and_then(|i| Date::parse(text[i + "committed ".len()..].get(..10)?));
        return Revision { commit, date };
    }
    Revision {
        commit: None,
        date: None,
    }
}

/// Reads `.git/HEAD` and the ref it names (loose or packed). No git process, no git library.
fn git_head(dir: &Path) -> Option<String> {
    let git = dir.join(".git");
    let head = std::fs::read_to_string(git.join("HEAD")).ok()?;
    let head = head.trim();
    let is_sha = |s: &str| s.len() >= 40 && s.chars().all(|c| c.is_ascii_hexdigit());
    if is_sha(head) {
        return Some(head.to_string());
    }
    let r = head.strip_prefix("ref: ")?.trim();
    if let Ok(s) = std::fs::read_to_string(git.join(r)) {
        let s = s.trim();
        if is_sha(s) {
            return Some(s.to_string());
        }
    }
    let packed = std::fs::read_to_string(git.join("packed-refs")).ok()?;
    packed.lines().find_map(|l| {
        let (sha, name) = l.split_once(' ')?;
        (name.trim() == r && is_sha(sha)).then(|| sha.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_db() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/advisory-db")
    }

    #[test]
    fn loads_the_shared_snapshot_with_its_revision() {
        let dir = shared_db();
        if !dir.is_dir() {
            return;
        }
        let db = load(&dir).unwrap();
        assert!(db.count() > 500, "{}", db.count());
        assert!(db.skipped.is_empty(), "{:?}", db.skipped);
        assert!(db.for_crate("smallvec").count() >= 3);
        let rev = db.revision.commit.clone().unwrap();
        assert_eq!(rev.len(), 40);
        assert!(db.revision.date.is_some());
        assert!(db.newest.is_some());
    }

    #[test]
    fn a_missing_directory_is_an_error_with_the_fix() {
        let e = load(Path::new("/nonexistent/advisory-db")).unwrap_err();
        assert!(e.contains("aseptic db update"), "{e}");
        assert!(e.contains("--advisory-db"), "{e}");
    }

    #[test]
    fn reads_a_loose_or_packed_git_ref() {
        let d = tempfile::tempdir().unwrap();
        let git = d.path().join(".git");
        std::fs::create_dir_all(git.join("refs/heads")).unwrap();
        std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        let sha = "0123456789abcdef0123456789abcdef01234567";
        std::fs::write(git.join("packed-refs"), format!("{sha} refs/heads/main\n")).unwrap();
        assert_eq!(git_head(d.path()).as_deref(), Some(sha));
        let sha2 = "89abcdef0123456789abcdef0123456789abcdef";
        std::fs::write(git.join("refs/heads/main"), format!("{sha2}\n")).unwrap();
        assert_eq!(git_head(d.path()).as_deref(), Some(sha2));
    }
}
