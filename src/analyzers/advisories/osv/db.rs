//! The OSV database on disk: one folder per ecosystem (`npm/`, `PyPI/`, `Go/`, `Maven/`,
//! `NuGet/`), each holding one OSV JSON record per file — the layout of osv.dev's
//! per-ecosystem `all.zip` archives, unpacked.
//!
//! An ecosystem is loaded the first time a lockfile needs it: every record parsed once and
//! indexed by (normalized) package name. A file that is not a valid record (bad JSON, a missing
//! `id`, over [`MAX_RECORD_BYTES`]) is recorded in [`Db::skipped`] with its path relative to the
//! database and the reason, and every other record still applies. Loading runs on a few plain
//! threads, not rayon: it happens inside the engine's pool, under a `OnceLock` another pool
//! thread may be waiting on. Not here: fetching (see `aseptic db update`) and matching
//! (see [`super::record`]).

use super::record::{Record, RecordError};
use super::version::Ecosystem;
use crate::date::Date;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A record file larger than this is not read (the biggest real ones are well under 1 MB).
pub const MAX_RECORD_BYTES: u64 = 8 * 1024 * 1024;

/// The records of one ecosystem, by normalized package name.
#[derive(Debug, Default)]
pub struct Index {
    pub records: Vec<Arc<Record>>,
    by_name: HashMap<String, Vec<usize>>,
    /// Files read (valid or not).
    pub files: usize,
    pub newest: Option<Date>,
}

impl Index {
    pub fn for_package(&self, normalized: &str) -> Vec<Arc<Record>> {
        self.by_name
            .get(normalized)
            .map(|ix| ix.iter().map(|&i| self.records[i].clone()).collect())
            .unwrap_or_default()
    }
}

#[derive(Debug)]
pub struct Db {
    pub root: PathBuf,
    loaded: [OnceLock<Option<Arc<Index>>>; 5],
    skipped: Mutex<BTreeSet<(String, String)>>,
}

/// The default location: `aseptic/osv` under the user's cache directory
/// (`$XDG_CACHE_HOME`, else `~/.cache`; `~/Library/Caches` on macOS; `%LOCALAPPDATA%` on
/// Windows).
pub fn default_location() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        var("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library/Caches"))
    } else {
        var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|h| h.join(".cache")))
    };
    base.map(|b| b.join("aseptic").join("osv"))
}

/// osv.dev's archive of one ecosystem.
pub fn archive_url(eco: Ecosystem) -> String {
    format!(
        "https://osv-vulnerabilities.storage.googleapis.com/{}/all.zip",
        eco.osv_name()
    )
}

/// How to get the database, printed whenever it is missing or lacks an ecosystem.
pub fn guidance(tried: Option<&Path>) -> String {
    format!(
        "fix: run `aseptic db update --osv` (downloads osv.dev's archives into the default \
         location {1}), or download the archive of each ecosystem you use ({0}), unzip each into \
         DIR/<Ecosystem>/ (e.g. DIR/npm/*.json), and pass `--osv-db DIR`, set ASEPTIC_OSV_DB, or \
         set `[advisories] osv_db` in .aseptic.toml{2}",
        archive_url(Ecosystem::Npm).replace("/npm/", "/<Ecosystem>/"),
        default_location()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none: no home directory)".into()),
        tried
            .map(|p| format!("; tried {}", p.display()))
            .unwrap_or_default()
    )
}

/// Does `dir` look like an OSV database (a folder of at least one known ecosystem)?
pub fn looks_like_db(dir: &Path) -> bool {
    Ecosystem::ALL
        .iter()
        .any(|e| dir.join(e.osv_name()).is_dir())
}

/// Why there is no OSV database to match against. Each message ends in [`guidance`].
#[derive(Debug)]
pub enum OsvDbError {
    /// No location was given and there is no home directory for the default one.
    NoHome,
    /// Nothing at the default location, and a scan never downloads.
    NotDownloaded { dir: PathBuf },
    /// The location the user gave has no ecosystem folder.
    NotFound { dir: PathBuf },
    /// [`Db::open`] on a directory with no ecosystem folder.
    NotADatabase { dir: PathBuf },
}

impl std::fmt::Display for OsvDbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OsvDbError::NoHome => write!(
                f,
                "no OSV database: no home directory to find the default location in; {}",
                guidance(None)
            ),
            OsvDbError::NotDownloaded { dir } => write!(
                f,
                "no OSV database, and a scan never downloads one; {}",
                guidance(Some(dir))
            ),
            OsvDbError::NotFound { dir } => write!(
                f,
                "OSV database {} not found (no npm/, PyPI/, Go/, Maven/ or NuGet/ folder in it); {}",
                dir.display(),
                guidance(None)
            ),
            OsvDbError::NotADatabase { dir } => write!(
                f,
                "no OSV database at {} (no npm/, PyPI/, Go/, Maven/ or NuGet/ folder); {}",
                dir.display(),
                guidance(None)
            ),
        }
    }
}

impl std::error::Error for OsvDbError {}

impl From<OsvDbError> for crate::error::Error {
    fn from(e: OsvDbError) -> Self {
        crate::error::Error::Database(e.to_string())
    }
}

impl Db {
    pub fn open(dir: &Path) -> Result<Db, OsvDbError> {
        if !looks_like_db(dir) {
            return Err(OsvDbError::NotADatabase {
                dir: dir.to_path_buf(),
            });
        }
        Ok(Db {
            root: dir.to_path_buf(),
            loaded: Default::default(),
            skipped: Mutex::default(),
        })
    }

    /// The index of `eco`, loaded on first use; `None` when the database has no folder for it.
    pub fn ecosystem(&self, eco: Ecosystem) -> Option<Arc<Index>> {
        let slot = &self.loaded[eco as usize];
        slot.get_or_init(|| {
            let dir = self.root.join(eco.osv_name());
            dir.is_dir().then(|| Arc::new(self.load(eco, &dir)))
        })
        .clone()
    }

    /// Ecosystems loaded so far, with their index.
    pub fn loaded(&self) -> Vec<(Ecosystem, Arc<Index>)> {
        Ecosystem::ALL
            .iter()
            .filter_map(|&e| Some((e, self.loaded[e as usize].get()?.clone()?)))
            .collect()
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

    fn load(&self, eco: Ecosystem, dir: &Path) -> Index {
        let mut files = Vec::new();
        json_files(dir, &mut files, 0);
        files.sort();
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let chunk = files.len().div_ceil(threads).max(256);
        let results: Vec<Vec<(PathBuf, Result<Record, RecordError>)>> = std::thread::scope(|s| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|c| {
                    s.spawn(move || {
                        c.iter()
                            .map(|p| (p.clone(), read_record(p)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        let mut index = Index {
            files: files.len(),
            ..Default::default()
        };
        let mut skipped = Vec::new();
        for (path, r) in results.into_iter().flatten() {
            match r {
                Ok(rec) => {
                    let i = index.records.len();
                    let mut names: Vec<String> = rec
                        .packages()
                        .filter(|(e, _)| *e == eco)
                        .map(|(_, n)| n)
                        .collect();
                    names.sort();
                    names.dedup();
                    for n in names {
                        index.by_name.entry(n).or_default().push(i);
                    }
                    index.newest = index.newest.max(rec.date());
                    index.records.push(Arc::new(rec));
                }
                Err(why) => skipped.push((self.relative(&path), why.to_string())),
            }
        }
        self.skipped
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(skipped);
        index
    }

    fn relative(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    }
}

/// `*.json` files below `dir` (osv.dev archives are flat; a nested copy works too).
fn json_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 4 {
        return;
    }
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(t) = e.file_type() else { continue };
        let p = e.path();
        if t.is_dir() {
            json_files(&p, out, depth + 1);
        } else if t.is_file() && p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn read_record(p: &Path) -> Result<Record, RecordError> {
    let meta = std::fs::metadata(p).map_err(RecordError::Io)?;
    if meta.len() > MAX_RECORD_BYTES {
        return Err(RecordError::TooBig(meta.len()));
    }
    let bytes = std::fs::read(p).map_err(RecordError::Io)?;
    parse_record(&bytes)
}

/// One record's JSON text, parsed and validated (what [`Db::open`] does with each file).
pub fn parse_record(bytes: &[u8]) -> Result<Record, RecordError> {
    // serde_json's messages name the line and column, never more than a short token.
    let rec: Record = serde_json::from_slice(bytes).map_err(RecordError::Json)?;
    rec.validate()?;
    Ok(rec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_record_is_skipped_and_named_and_the_rest_load() {
        let d = tempfile::tempdir().unwrap();
        let npm = d.path().join("npm");
        std::fs::create_dir(&npm).unwrap();
        std::fs::write(
            npm.join("GHSA-1.json"),
            r#"{"id":"GHSA-1","affected":[{"package":{"ecosystem":"npm","name":"a"}}]}"#,
        )
        .unwrap();
        std::fs::write(npm.join("GHSA-2.json"), "{\"id\": ").unwrap();
        std::fs::write(npm.join("README.md"), "not a record").unwrap();
        let db = Db::open(d.path()).unwrap();
        let ix = db.ecosystem(Ecosystem::Npm).unwrap();
        assert_eq!(ix.records.len(), 1);
        assert_eq!(ix.files, 2);
        assert_eq!(ix.for_package("a").len(), 1);
        let skipped = db.skipped();
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].0, "npm/GHSA-2.json");
        assert!(db.ecosystem(Ecosystem::Go).is_none());
    }

    #[test]
    fn a_directory_without_ecosystems_is_not_a_database() {
        let d = tempfile::tempdir().unwrap();
        let e = Db::open(d.path()).unwrap_err();
        assert!(matches!(e, OsvDbError::NotADatabase { .. }), "{e}");
        let e = e.to_string();
        assert!(e.contains("--osv-db"), "{e}");
        assert!(e.contains("all.zip"), "{e}");
    }
}
