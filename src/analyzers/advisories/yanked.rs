//! Yanked versions, from cargo's local crates.io index cache
//! (`$CARGO_HOME/registry/index/<index.crates.io-*>/.cache/<prefix>/<name>`), which cargo fills
//! whenever it resolves. We never fetch the index: a crate or version the cache does not hold is
//! "unknown", and the analyzer says so once per run instead of calling it clean.
//!
//! The cache file format (cargo's `index_cache`): one byte cache version, a little-endian u32
//! index version, the index revision and a NUL, then for each version the version string, a NUL,
//! the index JSON line, a NUL. We look for the one version we need and parse only its JSON.

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub struct YankedIndex {
    caches: Vec<PathBuf>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    yanked: bool,
}

impl YankedIndex {
    /// The crates.io caches under `cargo_home` (the git and the sparse index).
    pub fn new(cargo_home: Option<&Path>) -> YankedIndex {
        let mut caches = Vec::new();
        if let Some(home) = cargo_home
            && let Ok(rd) = std::fs::read_dir(home.join("registry").join("index"))
        {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let cache = e.path().join(".cache");
                if (name.starts_with("index.crates.io-") || name.starts_with("github.com-"))
                    && cache.is_dir()
                {
                    caches.push(cache);
                }
            }
        }
        caches.sort();
        YankedIndex { caches }
    }

    /// No lookups (`[advisories] yanked = false`).
    pub fn disabled() -> YankedIndex {
        YankedIndex { caches: Vec::new() }
    }

    /// `Some(true)` yanked, `Some(false)` published and not yanked, `None` unknown.
    pub fn status(&self, name: &str, version: &str) -> Option<bool> {
        let rel = cache_path(name);
        self.caches
            .iter()
            .find_map(|c| read_status(&c.join(&rel), version))
    }
}

/// Versions are appended as they are published and a lockfile usually pins a recent one, so the
/// file's tail is searched first and the whole file only when the tail does not hold the version
/// (popular crates' cache files run to hundreds of KiB).
fn read_status(path: &Path, version: &str) -> Option<bool> {
    use std::io::{Read, Seek, SeekFrom};
    const TAIL: u64 = 32 * 1024;
    let mut f = std::fs::File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    if len > TAIL * 2 {
        let mut tail = Vec::with_capacity(TAIL as usize);
        f.seek(SeekFrom::Start(len - TAIL)).ok()?;
        f.by_ref().take(TAIL).read_to_end(&mut tail).ok()?;
        if let Some(s) = find_entry(&tail, version) {
            return Some(s);
        }
        f.seek(SeekFrom::Start(0)).ok()?;
    }
    let mut all = Vec::with_capacity(len as usize);
    f.read_to_end(&mut all).ok()?;
    lookup(&all, version)
}

/// Cargo's index layout: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…`, lower-cased.
pub fn cache_path(name: &str) -> PathBuf {
    let n = name.to_ascii_lowercase();
    match n.len() {
        0 => PathBuf::new(),
        1 => Path::new("1").join(&n),
        2 => Path::new("2").join(&n),
        3 => Path::new("3").join(&n[..1]).join(&n),
        _ => Path::new(&n[..2]).join(&n[2..4]).join(&n),
    }
}

/// Finds `version`'s JSON in a whole cache file and reads its `yanked` flag.
pub fn lookup(bytes: &[u8], version: &str) -> Option<bool> {
    find_entry(bytes.get(5..)?, version)
}

/// Every entry key sits between two NULs (JSON never holds a NUL), so one substring search over
/// any window that ends at the end of the file finds it.
fn find_entry(body: &[u8], version: &str) -> Option<bool> {
    let mut key = Vec::with_capacity(version.len() + 2);
    key.push(0);
    key.extend_from_slice(version.as_bytes());
    key.push(0);
    let at = memchr::memmem::rfind(body, &key)? + key.len();
    let json = &body[at..];
    let json = &json[..memchr::memchr(0, json).unwrap_or(json.len())];
    let e: Entry = serde_json::from_slice(json).ok()?;
    Some(e.yanked)
}

/// Builds a cache file (tests use it to stand in for cargo's).
pub fn encode(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut out = vec![3u8, 2, 0, 0, 0];
    out.extend_from_slice(b"Unknown\0");
    for (v, json) in entries {
        out.extend_from_slice(v.as_bytes());
        out.push(0);
        out.extend_from_slice(json.as_bytes());
        out.push(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_index_layout() {
        assert_eq!(cache_path("a"), Path::new("1/a"));
        assert_eq!(cache_path("ab"), Path::new("2/ab"));
        assert_eq!(cache_path("abc"), Path::new("3/a/abc"));
        assert_eq!(cache_path("SmallVec"), Path::new("sm/al/smallvec"));
    }

    #[test]
    fn finds_the_version_and_its_flag() {
        let b = encode(&[
            (
                "0.6.9",
                r#"{"name":"smallvec","vers":"0.6.9","yanked":true}"#,
            ),
            (
                "0.6.10",
                r#"{"name":"smallvec","vers":"0.6.10","yanked":false}"#,
            ),
        ]);
        assert_eq!(lookup(&b, "0.6.9"), Some(true));
        assert_eq!(lookup(&b, "0.6.10"), Some(false));
        assert_eq!(lookup(&b, "0.6.1"), None);
        assert_eq!(lookup(b"\x03", "1.0.0"), None);
    }

    #[test]
    fn finds_old_versions_beyond_the_tail_of_a_large_file() {
        let filler = format!(r#"{{"yanked":false,"pad":"{}"}}"#, "x".repeat(1000));
        let mut entries = vec![("0.1.0".to_string(), r#"{"yanked":true}"#.to_string())];
        for i in 0..200 {
            entries.push((format!("1.0.{i}"), filler.clone()));
        }
        let refs: Vec<(&str, &str)> = entries
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("big");
        std::fs::write(&p, encode(&refs)).unwrap();
        assert_eq!(read_status(&p, "0.1.0"), Some(true));
        assert_eq!(read_status(&p, "1.0.199"), Some(false));
        assert_eq!(read_status(&p, "9.9.9"), None);
    }

    #[test]
    fn reads_a_cargo_home() {
        let home = tempfile::tempdir().unwrap();
        let cache = home
            .path()
            .join("registry/index/index.crates.io-0000000000000000/.cache/sm/al");
        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(
            cache.join("smallvec"),
            encode(&[("0.6.9", r#"{"yanked":true}"#)]),
        )
        .unwrap();
        let idx = YankedIndex::new(Some(home.path()));
        assert_eq!(idx.status("smallvec", "0.6.9"), Some(true));
        assert_eq!(idx.status("regex", "1.5.4"), None);
    }
}
