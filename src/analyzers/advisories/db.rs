//! The RustSec advisory database on disk: where it is, loading it one file at a time, and what it
//! says about itself (revision, newest advisory, age).
//!
//! We read the plain directory layout (`crates/<name>/RUSTSEC-*.md`, `rust/<name>/...`) with the
//! `rustsec` crate's advisory parser instead of `rustsec::Database::open`, because `open` gives up
//! on the first malformed file; here a bad file is recorded in [`Db::skipped`] and every other
//! advisory still applies. No git library is involved: the revision is read from `.git/HEAD` (and
//! its ref) or from the `SNAPSHOT.txt` of a plain export. Fetching and updating live in
//! [`super::command`] and use the system `git`.
//!
//! Parsing is lazy, per crate: opening lists `crates/` only, and a crate's advisories are parsed
//! the first time a lockfile contains that crate (most of the ~1,200 advisories concern crates a
//! given lockfile does not have). So a malformed file is reported when its crate is looked up;
//! `aseptic db info` parses everything. The advisory count and newest date come from a quick pass
//! that reads only each file's `date` line.

use crate::date::Date;
use rustsec::advisory::Advisory;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

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

/// An opened database: crate names known, advisories parsed on demand.
#[derive(Debug)]
pub struct Db {
    root: PathBuf,
    /// Folder names under `crates/`.
    crates: HashSet<String>,
    cache: Mutex<HashMap<String, Arc<Vec<Advisory>>>>,
    skipped: Mutex<BTreeSet<(String, String)>>,
    summary: OnceLock<Summary>,
    /// The quick pass, started when the database opens so it overlaps the lockfile work.
    summary_job: Mutex<Option<std::thread::JoinHandle<Summary>>>,
    pub revision: Revision,
}

/// What the pass over every advisory file finds.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    /// Advisory files (`crates/` and `rust/`).
    pub count: usize,
    /// Of those, the ones that parse as advisories.
    pub valid: usize,
    pub newest: Option<Date>,
}

/// The share of advisory files that may fail to parse before the database counts as unusable:
/// one malformed file is a warning, a database mostly of garbage would hide every advisory.
const MAX_BROKEN_PERCENT: usize = 5;

impl Summary {
    /// Why the database cannot be trusted to report what applies, if it cannot: it yields no
    /// advisory, or more than one file and more than [`MAX_BROKEN_PERCENT`] of its files do not
    /// parse (a single malformed file stays a warning, however small the database). Exit 2.
    pub fn unusable(&self) -> Option<String> {
        let broken = self.count - self.valid;
        if self.valid == 0 {
            Some(format!(
                "the RustSec advisory database yields no advisory ({} advisory file(s), none parses); the lockfiles were not checked",
                self.count
            ))
        } else if broken > 1 && broken * 100 > self.count * MAX_BROKEN_PERCENT {
            Some(format!(
                "the RustSec advisory database is mostly unreadable: {broken} of {} advisory files do not parse (more than {MAX_BROKEN_PERCENT}%); results may be missing",
                self.count
            ))
        } else {
            None
        }
    }
}

impl Db {
    /// Every advisory about crate `name` (withdrawn ones included; the matcher skips them),
    /// parsed on first use.
    pub fn for_crate(&self, name: &str) -> Arc<Vec<Advisory>> {
        if !self.crates.contains(name) {
            return Arc::default();
        }
        if let Some(a) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
        {
            return a.clone();
        }
        // Parsed outside the lock; a rare double parse by two threads is harmless.
        let mut parsed = Vec::new();
        for p in advisory_files(&self.root.join("crates").join(name)) {
            match parse_one(&self.root, &p) {
                Ok(a) => parsed.push(a),
                Err(skip) => {
                    self.skipped
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(skip);
                }
            }
        }
        let parsed = Arc::new(parsed);
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(name.to_string())
            .or_insert(parsed)
            .clone()
    }

    /// The advisory with id (or alias: a CVE or GHSA id) `id`, for `aseptic explain`. Ids are
    /// file names (`crates/<crate>/<ID>.md`), so an id is found without parsing the database;
    /// an alias needs every advisory parsed.
    pub fn find(&self, id: &str) -> Option<Advisory> {
        let file = format!("{}.md", id.trim().to_ascii_uppercase());
        if file.contains(['/', '\\']) || file.starts_with('.') {
            return None;
        }
        let mut names: Vec<&String> = self.crates.iter().collect();
        names.sort();
        let mut files: Vec<PathBuf> = names
            .iter()
            .map(|c| self.root.join("crates").join(c).join(&file))
            .collect();
        files.extend(
            advisory_files_below(&self.root.join("rust"))
                .into_iter()
                .filter(|p| p.file_name().is_some_and(|n| *n == *file)),
        );
        if let Some(p) = files.iter().find(|p| p.is_file()) {
            return parse_one(&self.root, p).ok();
        }
        let matches = |a: &Advisory| {
            a.metadata
                .aliases
                .iter()
                .any(|al| al.as_str().eq_ignore_ascii_case(id.trim()))
        };
        for c in names {
            if let Some(a) = self.for_crate(c).iter().find(|a| matches(a)) {
                return Some(a.clone());
            }
        }
        None
    }

    /// Parses every advisory (for `aseptic db info`); returns how many parsed cleanly.
    pub fn load_all(&self) -> usize {
        let mut names: Vec<&String> = self.crates.iter().collect();
        names.sort();
        let mut n = names.iter().map(|c| self.for_crate(c).len()).sum::<usize>();
        for p in advisory_files_below(&self.root.join("rust")) {
            match parse_one(&self.root, &p) {
                Ok(_) => n += 1,
                Err(skip) => {
                    self.skipped
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(skip);
                }
            }
        }
        n
    }

    /// Files skipped so far: (path relative to the database, why).
    pub fn skipped(&self) -> Vec<(String, String)> {
        self.skipped
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    /// Count and newest date of all advisories (computed once).
    pub fn summary(&self) -> Summary {
        *self.summary.get_or_init(|| {
            let job = self
                .summary_job
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            job.and_then(|h| h.join().ok())
                .unwrap_or_else(|| summarize(&self.root))
        })
    }

    /// What reports record as `advisory-db.revision`: the commit, else the newest advisory date.
    pub fn revision_label(&self) -> String {
        revision_label(&self.revision, self.summary().newest)
    }

    /// The database's age in days on `today`: from the newer of the newest advisory and the
    /// snapshot's commit date.
    pub fn age_days(&self, today: Date) -> Option<i64> {
        let newest = self.summary().newest.max(self.revision.date)?;
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

/// Why the RustSec database cannot be used. Each message ends in [`guidance`] (how to get a
/// database), except when there is no home directory to look in.
#[derive(Debug)]
pub enum DbError {
    /// No location was given and there is no home directory for the default one.
    NoHome,
    /// Nothing at the default location `dir`, and `--offline` forbids fetching it.
    Offline { dir: PathBuf },
    /// Nothing at `dir`, and cloning it there failed.
    FetchFailed {
        dir: PathBuf,
        source: crate::error::Error,
    },
    /// `dir` has no `crates/` directory.
    NotADatabase { dir: PathBuf },
    /// `dir/crates` cannot be listed.
    Unreadable {
        dir: PathBuf,
        source: std::io::Error,
    },
    /// `dir/crates` holds no crate folders.
    Empty { dir: PathBuf },
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::NoHome => f.write_str(
                "no advisory database: no home directory to find $CARGO_HOME/advisory-db in; \
                        pass --advisory-db DIR",
            ),
            DbError::Offline { dir } => write!(
                f,
                "no advisory database at the default location and --offline forbids fetching \
                     it; {}",
                guidance(dir)
            ),
            DbError::FetchFailed { dir, source } => write!(
                f,
                "no advisory database, and fetching it failed: {source}; {}",
                guidance(dir)
            ),
            DbError::NotADatabase { dir } => write!(
                f,
                "the RustSec advisory database is missing or not a database (no `crates/` directory); {}",
                guidance(dir)
            ),
            DbError::Unreadable { dir, source } => write!(
                f,
                "cannot read the advisory database: {source}; {}",
                guidance(dir)
            ),
            DbError::Empty { dir } => write!(
                f,
                "the RustSec advisory database holds no advisories; {}",
                guidance(dir)
            ),
        }
    }
}

impl std::error::Error for DbError {}

impl From<DbError> for crate::error::Error {
    fn from(e: DbError) -> Self {
        crate::error::Error::Database(e.to_string())
    }
}

/// Does `dir` look like an advisory database at all (cheap)?
pub fn looks_like_db(dir: &Path) -> bool {
    dir.join("crates").is_dir()
}

/// Opens the database under `dir`: lists `crates/` and reads the revision. Fails when the
/// directory is not a database.
pub fn load(dir: &Path) -> Result<Db, DbError> {
    if !looks_like_db(dir) {
        return Err(DbError::NotADatabase {
            dir: dir.to_path_buf(),
        });
    }
    let crates: HashSet<String> = std::fs::read_dir(dir.join("crates"))
        .map_err(|source| DbError::Unreadable {
            dir: dir.to_path_buf(),
            source,
        })?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if crates.is_empty() {
        return Err(DbError::Empty {
            dir: dir.to_path_buf(),
        });
    }
    let root = dir.to_path_buf();
    let job = std::thread::spawn(move || summarize(&root));
    Ok(Db {
        root: dir.to_path_buf(),
        crates,
        cache: Mutex::default(),
        skipped: Mutex::default(),
        summary: OnceLock::new(),
        summary_job: Mutex::new(Some(job)),
        revision: revision(dir),
    })
}

/// The advisory files in one crate folder, sorted.
fn advisory_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            !n.starts_with('.') && n.ends_with(".md")
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// The advisory files of every crate folder below a collection directory.
fn advisory_files_below(collection: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in std::fs::read_dir(collection)
        .into_iter()
        .flatten()
        .flatten()
    {
        if d.file_type().is_ok_and(|t| t.is_dir()) {
            out.extend(advisory_files(&d.path()));
        }
    }
    out.sort();
    out
}

/// Counts advisory files, parses each (to know how many are usable; the parsed advisories are
/// dropped, lookups parse their crate again) and finds the newest `date = "YYYY-MM-DD"`, on a few
/// plain threads (not rayon: this may run inside the engine's pool, see `for_crate`).
fn summarize(root: &Path) -> Summary {
    let mut files = advisory_files_below(&root.join("crates"));
    files.extend(advisory_files_below(&root.join("rust")));
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    let chunk = files.len().div_ceil(threads).max(64);
    let (valid, newest) = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    let valid = c.iter().filter(|p| parse_one(root, p).is_ok()).count();
                    let newest = c
                        .iter()
                        .filter_map(|p| std::fs::read(p).ok())
                        .filter_map(|b| date_line(&b))
                        .max();
                    (valid, newest)
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok())
            .fold((0, None), |(v, n), (cv, cn)| (v + cv, n.max(cn)))
    });
    Summary {
        count: files.len(),
        valid,
        newest,
    }
}

/// The front matter's `date = "YYYY-MM-DD"`.
fn date_line(bytes: &[u8]) -> Option<Date> {
    let at = memchr::memmem::find(bytes, b"\ndate = \"")? + 9;
    Date::parse(std::str::from_utf8(bytes.get(at..at + 10)?).ok()?)
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
        assert!(db.for_crate("smallvec").len() >= 3);
        let parsed = db.load_all();
        assert!(db.skipped().is_empty(), "{:?}", db.skipped());
        assert_eq!(db.summary().count, parsed);
        assert!(parsed > 500, "{parsed}");
        let rev = db.revision.commit.clone().unwrap();
        assert_eq!(rev.len(), 40);
        assert!(db.revision.date.is_some());
        let newest = db.summary().newest.unwrap();
        assert!(newest.year >= 2024, "{newest}");
    }

    #[test]
    fn a_missing_directory_is_an_error_with_the_fix() {
        let e = load(Path::new("/nonexistent/advisory-db")).unwrap_err();
        assert!(matches!(e, DbError::NotADatabase { .. }), "{e}");
        let e = e.to_string();
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
