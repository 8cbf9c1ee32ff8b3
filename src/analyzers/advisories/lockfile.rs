//! One `Cargo.lock`: its packages (formats v1 to v4, into the `cargo-lock` crate's types that
//! `rustsec` re-exports), the line of each `[[package]]` entry, and the dependency graph, from
//! which we derive the path from a workspace member to each package.
//!
//! The TOML is read with serde and the abbreviated v2+ dependency entries (`"serde"`,
//! `"serde 1.0.1"`) are resolved here through hash maps: `cargo-lock`'s own reader looks each one
//! up by scanning every package, which is quadratic (100,000 packages took over a minute). So the
//! whole read is linear in the file's size. Checksums, `replace` and `[patch]` are not read: no
//! check uses them.
//!
//! The lockfile knows edges but not their kinds (normal, dev, build); [`super::metadata`] adds
//! those for the workspace members' direct dependencies. This module never runs cargo.

use rustsec::Version;
use rustsec::cargo_lock::{Dependency, Name, Package, SourceId};
use serde::Deserialize;
use std::collections::{HashMap, VecDeque};

/// The parser's own error for one field (a version, a source id, a crate name).
type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Why a `Cargo.lock` could not be read: which entry and which field, with the parser's error.
#[derive(Debug)]
pub enum LockError {
    /// Not TOML, or not the shape of a lockfile.
    Toml(toml::de::Error),
    UnsupportedVersion(u32),
    EmptyDependency,
    /// A dependency entry whose version or source does not parse.
    DependencyField {
        dependency: String,
        source: Cause,
    },
    /// A dependency entry with a source not in parentheses (`part` = "source") or extra words
    /// (`part` = "entry").
    MalformedDependency {
        dependency: String,
        part: &'static str,
    },
    DependencyName(Cause),
    PackageName(Cause),
    /// A package whose `field` (version, source) does not parse.
    PackageField {
        package: String,
        field: &'static str,
        source: Cause,
    },
    /// A dependency without version or source that names no package of the file.
    Unresolved(String),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // The first line: toml goes on with a snippet of the file.
            LockError::Toml(e) => {
                let m = e.message();
                f.write_str(m.lines().next().unwrap_or(m).trim())
            }
            LockError::UnsupportedVersion(v) => write!(f, "unsupported lockfile version {v}"),
            LockError::EmptyDependency => f.write_str("an empty dependency entry"),
            LockError::DependencyField { dependency, source } => {
                write!(f, "dependency `{dependency}`: {source}")
            }
            LockError::MalformedDependency { dependency, part } => {
                write!(f, "dependency `{dependency}`: malformed {part}")
            }
            LockError::DependencyName(e) => write!(f, "dependency name: {e}"),
            LockError::PackageName(e) => write!(f, "package name: {e}"),
            LockError::PackageField {
                package,
                field,
                source,
            } => write!(f, "package `{package}`: {field}: {source}"),
            LockError::Unresolved(name) => write!(f, "cannot resolve dependency `{name}`"),
        }
    }
}

impl std::error::Error for LockError {}

/// The file as written.
#[derive(Deserialize)]
struct RawLock {
    version: Option<u32>,
    #[serde(default)]
    package: Vec<RawPackage>,
    /// v1 keeps the root package here.
    root: Option<RawPackage>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: String,
    version: String,
    source: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

/// A dependency entry: `name`, `name version` or `name version (source)`.
struct RawDep<'a> {
    name: &'a str,
    version: Option<Version>,
    source: Option<SourceId>,
}

fn raw_dep(s: &str) -> Result<RawDep<'_>, LockError> {
    let mut parts = s.split_whitespace();
    let name = parts.next().ok_or(LockError::EmptyDependency)?;
    let field = |e: Cause| LockError::DependencyField {
        dependency: name.to_string(),
        source: e,
    };
    let malformed = |part| LockError::MalformedDependency {
        dependency: name.to_string(),
        part,
    };
    let version = parts
        .next()
        .map(|v| v.parse::<Version>().map_err(|e| field(e.into())))
        .transpose()?;
    let source = parts
        .next()
        .map(|src| {
            src.strip_prefix('(')
                .and_then(|x| x.strip_suffix(')'))
                .ok_or_else(|| malformed("source"))?
                .parse::<SourceId>()
                .map_err(|e| field(e.into()))
        })
        .transpose()?;
    if parts.next().is_some() {
        return Err(malformed("entry"));
    }
    Ok(RawDep {
        name,
        version,
        source,
    })
}

fn package(raw: &RawPackage) -> Result<Package, LockError> {
    let name = raw
        .name
        .parse::<Name>()
        .map_err(|e| LockError::PackageName(e.into()))?;
    let field = |field, e: Cause| LockError::PackageField {
        package: name.to_string(),
        field,
        source: e,
    };
    Ok(Package {
        version: raw
            .version
            .parse::<Version>()
            .map_err(|e| field("version", e.into()))?,
        source: raw
            .source
            .as_deref()
            .map(str::parse::<SourceId>)
            .transpose()
            .map_err(|e| field("source", e.into()))?,
        name,
        checksum: None,
        dependencies: Vec::new(),
        replace: None,
    })
}

/// Reads the lockfile's packages, with every dependency entry resolved to a name, version and
/// source, in time linear in the text.
fn read(text: &str) -> Result<(Vec<Package>, Option<Package>), LockError> {
    let raw: RawLock = toml::from_str(text).map_err(LockError::Toml)?;
    if let Some(v) = raw.version
        && !(1..=4).contains(&v)
    {
        return Err(LockError::UnsupportedVersion(v));
    }
    let mut packages = raw
        .package
        .iter()
        .map(package)
        .collect::<Result<Vec<_>, _>>()?;
    let mut first_by_name: HashMap<&str, usize> = HashMap::new();
    let mut by_name_version: HashMap<(&str, &Version), usize> = HashMap::new();
    for (i, p) in packages.iter().enumerate() {
        first_by_name.entry(p.name.as_str()).or_insert(i);
        by_name_version
            .entry((p.name.as_str(), &p.version))
            .or_insert(i);
    }
    let mut resolved: Vec<Vec<Dependency>> = Vec::with_capacity(packages.len());
    for r in &raw.package {
        let mut deps = Vec::with_capacity(r.dependencies.len());
        for d in &r.dependencies {
            let d = raw_dep(d)?;
            // As cargo writes it: an entry without a source names a package of the file (by
            // name, and version when given); one with a source is complete as written.
            let found = match (&d.source, &d.version) {
                (Some(_), _) => None,
                (None, Some(v)) => by_name_version.get(&(d.name, v)).copied(),
                (None, None) => first_by_name.get(d.name).copied(),
            };
            let dep = match (found, d.version, d.source) {
                (Some(i), _, _) => Dependency {
                    name: packages[i].name.clone(),
                    version: packages[i].version.clone(),
                    source: packages[i].source.clone(),
                },
                (None, Some(version), source) => Dependency {
                    name: d
                        .name
                        .parse::<Name>()
                        .map_err(|e| LockError::DependencyName(e.into()))?,
                    version,
                    source,
                },
                (None, None, _) => {
                    return Err(LockError::Unresolved(d.name.to_string()));
                }
            };
            deps.push(dep);
        }
        resolved.push(deps);
    }
    for (p, deps) in packages.iter_mut().zip(resolved) {
        p.dependencies = deps;
    }
    let root = raw.root.as_ref().map(package).transpose()?;
    Ok((packages, root))
}

/// A parsed lockfile plus what we derive from its text and graph.
pub struct Lock {
    pub packages: Vec<Package>,
    /// Indices of the packages a path starts from: workspace members.
    pub roots: Vec<usize>,
    /// `edges[i]`: the packages that package `i` depends on.
    pub edges: Vec<Vec<usize>>,
    /// Where each package's entry is: from `[[package]]` to the end of its `version` line.
    spans: HashMap<(String, String), Entry>,
}

impl Lock {
    pub fn parse(text: &str) -> Result<Lock, LockError> {
        let (mut packages, root) = read(text)?;
        // v1 lockfiles keep the root package in `[root]`.
        if let Some(root) = root
            && !packages
                .iter()
                .any(|p| p.name == root.name && p.version == root.version)
        {
            packages.push(root);
        }
        let edges = edges(&packages);
        let roots = default_roots(&packages, &edges);
        Ok(Lock {
            packages,
            roots,
            edges,
            spans: entry_spans(text),
        })
    }

    /// `name version`'s entry in the text, when found.
    pub fn entry(&self, name: &str, version: &str) -> Option<Entry> {
        self.spans
            .get(&(name.to_string(), version.to_string()))
            .copied()
    }

    /// Uses the workspace members cargo reported, when they are in the lockfile.
    pub fn set_roots(&mut self, names: &[String]) {
        let roots: Vec<usize> = self
            .packages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.source.is_none() && names.iter().any(|n| n == p.name.as_str()))
            .map(|(i, _)| i)
            .collect();
        if !roots.is_empty() {
            self.roots = roots;
        }
    }

    /// The shortest path from any root to every package: `parent[i]` is the previous package.
    /// Packages unreachable from a root have no path.
    pub fn shortest_paths(&self) -> Vec<Option<usize>> {
        self.bfs(&self.roots, |_, _| true).1
    }

    /// Which packages are reachable from `starts` following edges allowed by `follow(from, to)`,
    /// and the BFS parent of each.
    pub fn bfs(
        &self,
        starts: &[usize],
        follow: impl Fn(usize, usize) -> bool,
    ) -> (Vec<bool>, Vec<Option<usize>>) {
        let n = self.packages.len();
        let mut seen = vec![false; n];
        let mut parent = vec![None; n];
        let mut queue = VecDeque::new();
        for &r in starts {
            if !seen[r] {
                seen[r] = true;
                queue.push_back(r);
            }
        }
        while let Some(i) = queue.pop_front() {
            for &j in &self.edges[i] {
                if !seen[j] && follow(i, j) {
                    seen[j] = true;
                    parent[j] = Some(i);
                    queue.push_back(j);
                }
            }
        }
        (seen, parent)
    }

    /// `app 0.1.0 > hyper 0.14.9 > h2 0.3.0`, or `None` when no root reaches `i`.
    pub fn path_to(&self, parents: &[Option<usize>], i: usize) -> Option<String> {
        let mut chain = vec![i];
        let mut on_chain = std::collections::HashSet::from([i]);
        let mut at = i;
        while let Some(p) = parents[at] {
            if !on_chain.insert(p) {
                break;
            }
            chain.push(p);
            at = p;
        }
        if !self.roots.contains(&at) {
            return None;
        }
        Some(
            chain
                .iter()
                .rev()
                .map(|&k| format!("{} {}", self.packages[k].name, self.packages[k].version))
                .collect::<Vec<_>>()
                .join(" > "),
        )
    }
}

/// Resolves each package's dependency entries to package indices (by name, then version and
/// source when the entry carries them; v2+ lockfiles omit them when unambiguous).
fn edges(packages: &[Package]) -> Vec<Vec<usize>> {
    // Hash lookups, not scans: a lockfile with thousands of versions of one name stays linear.
    let mut by_name: HashMap<&str, (usize, usize)> = HashMap::new(); // (first, count)
    let mut by_name_version: HashMap<(&str, &Version), usize> = HashMap::new();
    for (i, p) in packages.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_insert((i, 0)).1 += 1;
        by_name_version
            .entry((p.name.as_str(), &p.version))
            .or_insert(i);
    }
    packages
        .iter()
        .map(|p| {
            let mut out: Vec<usize> = p
                .dependencies
                .iter()
                .filter_map(|d| {
                    by_name_version
                        .get(&(d.name.as_str(), &d.version))
                        .copied()
                        .or_else(|| {
                            by_name
                                .get(d.name.as_str())
                                .and_then(|&(first, n)| (n == 1).then_some(first))
                        })
                })
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect()
}

/// Without cargo's word: local packages (no source) that no other local package depends on; else
/// every local package; else every package nothing depends on.
fn default_roots(packages: &[Package], edges: &[Vec<usize>]) -> Vec<usize> {
    let n = packages.len();
    let local: Vec<usize> = (0..n).filter(|&i| packages[i].source.is_none()).collect();
    let mut depended_by_local = vec![false; n];
    let mut depended = vec![false; n];
    for (i, e) in edges.iter().enumerate() {
        for &j in e {
            depended[j] = true;
            if packages[i].source.is_none() {
                depended_by_local[j] = true;
            }
        }
    }
    let top: Vec<usize> = local
        .iter()
        .copied()
        .filter(|&i| !depended_by_local[i])
        .collect();
    if !top.is_empty() {
        return top;
    }
    if !local.is_empty() {
        return local;
    }
    (0..n).filter(|&i| !depended[i]).collect()
}

/// One `[[package]]` entry's place: byte span and 1-based lines; `end_column` is the UTF-16
/// column just past the `version` line (exclusive, as in [`crate::finding::Location`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub start: usize,
    pub end: usize,
    pub start_line: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// Finds each `[[package]]` entry's `name` and `version` lines in the text, counting lines as it
/// goes (one pass for the whole file; cargo writes one key per line).
fn entry_spans(text: &str) -> HashMap<(String, String), Entry> {
    let mut out = HashMap::new();
    let mut start: Option<(usize, u32)> = None;
    let mut name: Option<String> = None;
    let mut version: Option<(String, usize, u32, u32)> = None;
    let mut flush =
        |start: Option<(usize, u32)>, name: &mut Option<String>, version: &mut Option<_>| {
            if let (Some((s, sl)), Some(n), Some((v, end, el, ec))) =
                (start, name.take(), version.take())
            {
                out.entry((n, v)).or_insert(Entry {
                    start: s,
                    end,
                    start_line: sl,
                    end_line: el,
                    end_column: ec,
                });
            }
        };
    let mut at = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i as u32 + 1;
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim();
        if t.starts_with('[') {
            flush(start, &mut name, &mut version);
            start = (t == "[[package]]" || t == "[root]").then_some((at, line_no));
        } else if start.is_some() {
            if let Some(v) = string_value(t, "name") {
                name = Some(v);
            } else if let Some(v) = string_value(t, "version") {
                let col = body.chars().map(char::len_utf16).sum::<usize>() as u32 + 1;
                version = Some((v, at + body.len(), line_no, col));
            }
        }
        at += line.len();
    }
    flush(start, &mut name, &mut version);
    out
}

/// `key = "value"` → `value`.
fn string_value(line: &str, key: &str) -> Option<String> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let v = rest.strip_prefix('"')?.split('"').next()?;
    Some(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "mid",
 "leaf 1.0.0",
]

[[package]]
name = "leaf"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "leaf"
version = "2.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "mid"
version = "0.3.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "leaf 2.0.0",
]
"#;

    #[test]
    fn finds_entries_roots_and_paths() {
        let lock = Lock::parse(LOCK).unwrap();
        let e = lock.entry("leaf", "2.0.0").unwrap();
        let (s, end) = (e.start, e.end);
        assert!(LOCK[s..end].starts_with("[[package]]\nname = \"leaf\"\nversion = \"2.0.0\""));
        assert!(LOCK[s..end].ends_with("version = \"2.0.0\""));
        // The same place the generic byte-offset conversion computes.
        let loc = crate::finding::Location::from_byte_span("Cargo.lock", LOCK, s, end);
        assert_eq!(
            (
                loc.start_line,
                loc.start_column,
                loc.end_line,
                loc.end_column
            ),
            (e.start_line, 1, e.end_line, e.end_column)
        );
        let app = lock
            .packages
            .iter()
            .position(|p| p.name.as_str() == "app")
            .unwrap();
        assert_eq!(lock.roots, vec![app]);
        let parents = lock.shortest_paths();
        let leaf2 = lock
            .packages
            .iter()
            .position(|p| p.name.as_str() == "leaf" && p.version.to_string() == "2.0.0")
            .unwrap();
        assert_eq!(
            lock.path_to(&parents, leaf2).unwrap(),
            "app 0.1.0 > mid 0.3.0 > leaf 2.0.0"
        );
    }

    #[test]
    fn a_broken_lockfile_is_an_error_not_a_panic() {
        assert!(Lock::parse("[[package]]\nname = 3\n").is_err());
        assert!(Lock::parse("version = 99\n").is_err());
    }
}
