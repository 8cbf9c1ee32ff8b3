//! Lockfile readers for OSV matching: each turns one file into the packages it pins, with the
//! line of each entry, whether it is a direct dependency (when the file says so) and the
//! dependency edges (when the file has them), so a finding can name the direct dependency that
//! pulls a vulnerable package in.
//!
//! One module per format; the file name alone decides the format ([`kind_of`]). Readers never
//! guess: an entry they cannot read as a registry release (a git or path dependency, an unpinned
//! requirement, a version a build would have to compute) is left out and counted in an info note
//! that names it. A file that does not parse at all is an error for that file only. Not here:
//! resolving anything a package manager would (no network, no parent POMs, no `-r` includes
//! followed: each file is read on its own, and included files are scanned when the walk reaches
//! them).

pub mod gomod;
pub mod gradle;
pub mod npm;
pub mod nuget;
pub mod pdm;
pub mod pipfile;
pub mod pnpm;
pub mod poetry;
pub mod pom;
pub mod requirements;
pub mod uv;
pub mod yarn;

use super::version::Ecosystem;
use crate::analyzers::iac::model::{Node, Value};
use crate::analyzers::iac::yaml::YamlError;
use std::collections::{HashMap, VecDeque};

/// The lockfile formats, each named for the file it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `package-lock.json` (v1, v2, v3) and `npm-shrinkwrap.json`.
    PackageLock,
    Yarn,
    Pnpm,
    Poetry,
    Pipfile,
    Uv,
    Pdm,
    Requirements,
    GoMod,
    Gradle,
    Pom,
    NuGet,
}

impl Kind {
    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Kind::PackageLock | Kind::Yarn | Kind::Pnpm => Ecosystem::Npm,
            Kind::Poetry | Kind::Pipfile | Kind::Uv | Kind::Pdm | Kind::Requirements => {
                Ecosystem::PyPI
            }
            Kind::GoMod => Ecosystem::Go,
            Kind::Gradle | Kind::Pom => Ecosystem::Maven,
            Kind::NuGet => Ecosystem::NuGet,
        }
    }
}

/// The format of a file, from its name (`path` is `/`-separated).
pub fn kind_of(path: &str) -> Option<Kind> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "package-lock.json" | "npm-shrinkwrap.json" => Kind::PackageLock,
        "yarn.lock" => Kind::Yarn,
        "pnpm-lock.yaml" => Kind::Pnpm,
        "poetry.lock" => Kind::Poetry,
        "pipfile.lock" => Kind::Pipfile,
        "uv.lock" => Kind::Uv,
        "pdm.lock" => Kind::Pdm,
        "go.mod" => Kind::GoMod,
        "gradle.lockfile" => Kind::Gradle,
        "pom.xml" => Kind::Pom,
        "packages.lock.json" => Kind::NuGet,
        _ if lower.starts_with("requirements") && lower.ends_with(".txt") => Kind::Requirements,
        _ if lower.ends_with(".gradle.lockfile") || lower.ends_with("-gradle.lockfile") => {
            Kind::Gradle
        }
        _ => return None,
    })
}

/// One pinned package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// As the file spells it (Maven: `group:artifact`).
    pub name: String,
    pub version: String,
    /// 1-based line of the entry.
    pub line: u32,
    /// `Some(true)` for a direct dependency, `Some(false)` for a transitive one, `None` when the
    /// file does not say.
    pub direct: Option<bool>,
    /// Only needed for development (npm `dev`, Pipfile `develop`, Maven `test` scope, ...).
    pub dev: bool,
    /// Indices of the packages this one depends on.
    pub deps: Vec<usize>,
}

impl Package {
    pub fn new(name: impl Into<String>, version: impl Into<String>, line: u32) -> Package {
        Package {
            name: name.into(),
            version: version.into(),
            line,
            direct: None,
            dev: false,
            deps: Vec::new(),
        }
    }
}

/// What a reader made of one file.
#[derive(Debug, Default)]
pub struct Lockfile {
    pub packages: Vec<Package>,
    /// Entries left out, each described in one line (`name (why)`); reported in one info note.
    pub skipped: Vec<String>,
}

impl Lockfile {
    /// For each package, the direct dependency that pulls it in (itself when it is direct), by
    /// the shortest path from any direct package; `None` when the file has no direct marks or
    /// no path reaches it.
    pub fn introduced_by(&self) -> Vec<Option<usize>> {
        let n = self.packages.len();
        let mut via = vec![None; n];
        let mut queue = VecDeque::new();
        for (i, p) in self.packages.iter().enumerate() {
            if p.direct == Some(true) {
                via[i] = Some(i);
                queue.push_back(i);
            }
        }
        while let Some(i) = queue.pop_front() {
            for &d in &self.packages[i].deps {
                if d < n && via[d].is_none() {
                    via[d] = via[i];
                    queue.push_back(d);
                }
            }
        }
        via
    }

    /// Adds edges `from -> name` to the first package called `name` (per `eco`'s name rules).
    pub fn link_by_name(&mut self, eco: Ecosystem, edges: Vec<(usize, String)>) {
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, p) in self.packages.iter().enumerate() {
            index.entry(eco.normalize_name(&p.name)).or_insert(i);
        }
        for (from, name) in edges {
            if let Some(&to) = index.get(&eco.normalize_name(&name))
                && to != from
                && let Some(p) = self.packages.get_mut(from)
                && !p.deps.contains(&to)
            {
                p.deps.push(to);
            }
        }
    }
}

/// Why a lockfile could not be read at all (an entry a reader cannot use is not an error: it is
/// skipped and named in [`Lockfile::skipped`]). The message says where and what, never the
/// file's text beyond a tag name the format defines.
#[derive(Debug)]
pub enum LockfileError {
    /// JSON or YAML that does not parse, or exceeds the parser's budgets.
    Yaml(YamlError),
    /// TOML that does not parse.
    Toml(toml::de::Error),
    /// The file holds no document.
    Empty,
    /// A line the format does not allow: its 1-based number and what is wrong with it.
    Line { line: u32, problem: &'static str },
    /// An XML end tag with no open element (`</name>`).
    StrayEndTag { line: u32, tag: String },
    /// An XML element still open at the end of the file.
    Unclosed { tag: String },
    /// The file parses but lacks what every file of its format has.
    NotThisFormat(&'static str),
}

impl std::fmt::Display for LockfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockfileError::Yaml(e) => e.fmt(f),
            // toml's message goes on with a snippet of the file: its first line is the what.
            LockfileError::Toml(e) => {
                let m = e.to_string();
                f.write_str(m.lines().next().unwrap_or("invalid TOML"))
            }
            LockfileError::Empty => f.write_str("the file is empty"),
            LockfileError::Line { line, problem } => write!(f, "line {line}: {problem}"),
            LockfileError::StrayEndTag { line, tag } => {
                write!(f, "line {line}: `</{tag}>` closes nothing open")
            }
            LockfileError::Unclosed { tag } => write!(f, "`<{tag}>` is never closed"),
            LockfileError::NotThisFormat(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for LockfileError {}

/// Reads `text` as a lockfile of `kind`. `Err` when the file cannot be read at all.
pub fn parse(kind: Kind, text: &str) -> Result<Lockfile, LockfileError> {
    match kind {
        Kind::PackageLock => npm::parse(text),
        Kind::Yarn => yarn::parse(text),
        Kind::Pnpm => pnpm::parse(text),
        Kind::Poetry => poetry::parse(text),
        Kind::Pipfile => pipfile::parse(text),
        Kind::Uv => uv::parse(text),
        Kind::Pdm => pdm::parse(text),
        Kind::Requirements => requirements::parse(text),
        Kind::GoMod => gomod::parse(text),
        Kind::Gradle => gradle::parse(text),
        Kind::Pom => pom::parse(text),
        Kind::NuGet => nuget::parse(text),
    }
}

/// A JSON or YAML file as a positioned tree (JSON is YAML's flow subset), with the parser's
/// budgets.
pub(crate) fn tree(text: &str) -> Result<Node, LockfileError> {
    match crate::analyzers::iac::yaml::parse_one(text) {
        Ok(Some(n)) => Ok(n),
        Ok(None) => Err(LockfileError::Empty),
        Err(e) => Err(LockfileError::Yaml(e)),
    }
}

/// A map's entries (empty for anything else).
pub(crate) fn entries(n: Option<&Node>) -> &[(String, Node)] {
    match n.map(|n| &n.value) {
        Some(Value::Map(m)) => m,
        _ => &[],
    }
}

/// A scalar as text.
pub(crate) fn text(n: Option<&Node>) -> Option<String> {
    n.and_then(|n| n.scalar_text()).map(|s| s.into_owned())
}

pub(crate) fn is_true(n: Option<&Node>) -> bool {
    matches!(n.map(|n| &n.value), Some(Value::Bool(true)))
}

/// One `[[package]]` table of a TOML lockfile (poetry, uv, pdm): its parsed value and the line
/// of its `name = ` key (else of the header).
pub(crate) struct TomlPackage {
    pub table: toml::Table,
    pub line: u32,
}

/// The `[[package]]` tables of a TOML lockfile, in order, each with its line.
pub(crate) fn toml_packages(text: &str) -> Result<Vec<TomlPackage>, LockfileError> {
    let doc: toml::Table = toml::from_str(text).map_err(LockfileError::Toml)?;
    let tables: Vec<toml::Table> = match doc.get("package") {
        Some(toml::Value::Array(a)) => a.iter().filter_map(|v| v.as_table().cloned()).collect(),
        _ => Vec::new(),
    };
    // The line of each `[[package]]` header, replaced by its `name = ` key's line when the
    // table has one before its next header.
    let mut lines: Vec<u32> = Vec::new();
    let mut pending = false;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        let n = i as u32 + 1;
        if t == "[[package]]" {
            lines.push(n);
            pending = true;
        } else if t.starts_with('[') {
            pending = false;
        } else if pending && (t.starts_with("name =") || t.starts_with("name=")) {
            if let Some(last) = lines.last_mut() {
                *last = n;
            }
            pending = false;
        }
    }
    Ok(tables
        .into_iter()
        .enumerate()
        .map(|(i, table)| TomlPackage {
            table,
            line: lines.get(i).copied().unwrap_or(1),
        })
        .collect())
}

pub(crate) fn toml_str<'a>(t: &'a toml::Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(|v| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_decide_the_format() {
        assert_eq!(kind_of("a/package-lock.json"), Some(Kind::PackageLock));
        assert_eq!(kind_of("npm-shrinkwrap.json"), Some(Kind::PackageLock));
        assert_eq!(kind_of("requirements-dev.txt"), Some(Kind::Requirements));
        assert_eq!(kind_of("sub/requirements.txt"), Some(Kind::Requirements));
        assert_eq!(kind_of("Pipfile.lock"), Some(Kind::Pipfile));
        assert_eq!(kind_of("buildscript-gradle.lockfile"), Some(Kind::Gradle));
        assert_eq!(kind_of("package.json"), None);
        assert_eq!(kind_of("go.sum"), None);
        assert_eq!(kind_of("notes.txt"), None);
    }

    #[test]
    fn toml_package_lines_point_at_the_name_key() {
        let text = "version = 1\n\n[[package]]\nname = \"a\"\nversion = \"1\"\n\n[package.dependencies]\nb = \"*\"\n\n[[package]]\n# c\nname = \"b\"\nversion = \"2\"\n";
        let p = toml_packages(text).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].line, p[1].line), (4, 12));
    }

    #[test]
    fn introduced_by_follows_the_shortest_path_from_a_direct_package() {
        let mut l = Lockfile::default();
        for (n, d) in [
            ("app-dep", true),
            ("mid", false),
            ("leaf", false),
            ("orphan", false),
        ] {
            let mut p = Package::new(n, "1.0.0", 1);
            p.direct = Some(d);
            l.packages.push(p);
        }
        l.link_by_name(
            Ecosystem::Npm,
            vec![(0, "mid".into()), (1, "leaf".into()), (1, "nope".into())],
        );
        assert_eq!(l.introduced_by(), vec![Some(0), Some(0), Some(0), None]);
    }
}
