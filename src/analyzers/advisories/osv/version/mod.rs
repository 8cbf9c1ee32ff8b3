//! Versions as each package ecosystem orders them, for matching OSV ranges.
//!
//! One [`Version`] per ecosystem ordering: SemVer 2 for npm and Go ([`semver_go`]), PEP 440 for
//! PyPI ([`pep440`]), Maven's `ComparableVersion` ([`maven`]) and NuGet's four-part SemVer 2
//! ([`nuget`]). Versions of different ecosystems never compare (`partial_cmp` is `None`). A
//! version string an ordering cannot parse is `None` from [`Version::parse`]; the caller says so
//! in a note instead of guessing. Range syntax (npm `^1.2`, PEP 440 specifiers) is deliberately
//! not here: OSV records carry plain versions in `introduced`/`fixed` events.

pub mod maven;
pub mod nuget;
pub mod pep440;
pub mod semver_go;

use std::cmp::Ordering;

/// The package ecosystems OSV matching covers, with their OSV names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ecosystem {
    Npm,
    PyPI,
    Go,
    Maven,
    NuGet,
}

impl Ecosystem {
    pub const ALL: [Ecosystem; 5] = [
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::Go,
        Ecosystem::Maven,
        Ecosystem::NuGet,
    ];

    /// The name OSV records and osv.dev's archive folders use.
    pub fn osv_name(self) -> &'static str {
        match self {
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Go => "Go",
            Ecosystem::Maven => "Maven",
            Ecosystem::NuGet => "NuGet",
        }
    }

    /// The ecosystem of an OSV `affected[].package.ecosystem` value (`PyPI`, `npm`, ...; a
    /// `:suffix` such as `Maven:https://repo...` keeps the base ecosystem).
    pub fn from_osv(s: &str) -> Option<Ecosystem> {
        let base = s.split(':').next().unwrap_or(s);
        Ecosystem::ALL.into_iter().find(|e| e.osv_name() == base)
    }

    /// The package name as the ecosystem compares names: PyPI per PEP 503 (case-insensitive,
    /// runs of `-_.` are one `-`), NuGet case-insensitive, Maven `group:artifact` as is, npm and
    /// Go as is.
    pub fn normalize_name(self, name: &str) -> String {
        match self {
            Ecosystem::PyPI => {
                let mut out = String::with_capacity(name.len());
                let mut sep = false;
                for c in name.trim().chars() {
                    if matches!(c, '-' | '_' | '.') {
                        sep = true;
                    } else {
                        if sep && !out.is_empty() {
                            out.push('-');
                        }
                        sep = false;
                        out.push(c.to_ascii_lowercase());
                    }
                }
                out
            }
            Ecosystem::NuGet => name.trim().to_ascii_lowercase(),
            _ => name.trim().to_string(),
        }
    }
}

/// A parsed version of one ecosystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    Semver(semver::Version),
    Pep440(pep440_rs::Version),
    Maven(maven::Version),
    NuGet(nuget::Version),
}

impl Version {
    /// Parses `s` with the ecosystem's own grammar; `None` when it is not a version there.
    pub fn parse(eco: Ecosystem, s: &str) -> Option<Version> {
        match eco {
            Ecosystem::Npm => semver_go::parse_npm(s).map(Version::Semver),
            Ecosystem::Go => semver_go::parse_go(s).map(Version::Semver),
            Ecosystem::PyPI => pep440::parse(s).map(Version::Pep440),
            Ecosystem::Maven => maven::Version::parse(s).map(Version::Maven),
            Ecosystem::NuGet => nuget::Version::parse(s).map(Version::NuGet),
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        match (self, other) {
            (Version::Semver(a), Version::Semver(b)) => Some(a.cmp(b)),
            (Version::Pep440(a), Version::Pep440(b)) => Some(a.cmp(b)),
            (Version::Maven(a), Version::Maven(b)) => Some(a.cmp(b)),
            (Version::NuGet(a), Version::NuGet(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

/// Table-driven test support: `a OP b` for each row, where OP is `<`, `=` or `>`.
#[cfg(test)]
pub fn check_table(eco: Ecosystem, rows: &[(&str, &str, &str)]) {
    let mut failures = Vec::new();
    for (a, op, b) in rows {
        let (Some(va), Some(vb)) = (Version::parse(eco, a), Version::parse(eco, b)) else {
            failures.push(format!("{a} {op} {b}: does not parse"));
            continue;
        };
        let want = match *op {
            "<" => Ordering::Less,
            "=" => Ordering::Equal,
            ">" => Ordering::Greater,
            _ => panic!("bad op {op}"),
        };
        if va.partial_cmp(&vb) != Some(want) || vb.partial_cmp(&va) != Some(want.reverse()) {
            failures.push(format!("{a} {op} {b}: got {:?}", va.partial_cmp(&vb)));
        }
    }
    assert!(failures.is_empty(), "{eco:?}: {failures:#?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_the_way_each_registry_does() {
        assert_eq!(
            Ecosystem::PyPI.normalize_name("Foo.Bar__baz-_Qux"),
            "foo-bar-baz-qux"
        );
        assert_eq!(
            Ecosystem::NuGet.normalize_name("Newtonsoft.Json"),
            "newtonsoft.json"
        );
        assert_eq!(Ecosystem::Npm.normalize_name("@Scope/pkg"), "@Scope/pkg");
        assert_eq!(
            Ecosystem::from_osv("Maven:https://repo1"),
            Some(Ecosystem::Maven)
        );
        assert_eq!(Ecosystem::from_osv("crates.io"), None);
    }

    #[test]
    fn versions_of_different_ecosystems_never_compare() {
        let a = Version::parse(Ecosystem::Npm, "1.0.0").unwrap();
        let b = Version::parse(Ecosystem::PyPI, "1.0.0").unwrap();
        assert_eq!(a.partial_cmp(&b), None);
    }
}
