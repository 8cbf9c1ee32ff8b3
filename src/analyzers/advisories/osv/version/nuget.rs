//! NuGet versions: SemVer 2 with an optional fourth (revision) part, as `NuGetVersion` orders
//! them.
//!
//! Missing parts are zero (`1.0` = `1.0.0` = `1.0.0.0`); release labels compare per SemVer 2 but
//! case-insensitively (NuGet's `VersionComparer.Default`); build metadata is ignored. Leading
//! zeros in numeric parts are accepted (legacy `1.01`), as NuGet does. Not here: floating
//! versions (`1.*`) and ranges (`[1.0,2.0)`), which lockfiles and OSV do not hold.

use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    parts: [u64; 4],
    /// Lower-cased pre-release identifiers; empty for a release.
    pre: Vec<String>,
}

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim();
        let s = s.split('+').next()?;
        let (nums, pre) = match s.split_once('-') {
            Some((n, p)) => (n, Some(p)),
            None => (s, None),
        };
        let mut parts = [0u64; 4];
        let mut n = 0;
        for p in nums.split('.') {
            if n == 4 || p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            parts[n] = p.parse().ok()?;
            n += 1;
        }
        if n == 0 {
            return None;
        }
        let pre = match pre {
            None => Vec::new(),
            Some(p) => {
                let ids: Vec<String> = p.split('.').map(|i| i.to_ascii_lowercase()).collect();
                if ids.iter().any(|i| {
                    i.is_empty() || !i.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                }) {
                    return None;
                }
                ids
            }
        };
        Some(Version { parts, pre })
    }
}

fn cmp_id(a: &str, b: &str) -> Ordering {
    let num = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    match (num(a), num(b)) {
        (true, true) => {
            let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
            a.len().cmp(&b.len()).then_with(|| a.cmp(b))
        }
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.cmp(b),
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Version) -> Ordering {
        self.parts.cmp(&other.parts).then_with(|| {
            match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (a, b) in self.pre.iter().zip(&other.pre) {
                        let c = cmp_id(a, b);
                        if c != Ordering::Equal {
                            return c;
                        }
                    }
                    self.pre.len().cmp(&other.pre.len())
                }
            }
        })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Ecosystem, Version as V, check_table};

    /// From NuGet's "Package versioning" documentation (SemVer 2, four-part versions,
    /// normalization) and semver.org §11.
    #[test]
    fn nuget_ordering_follows_the_package_versioning_docs() {
        check_table(
            Ecosystem::NuGet,
            &[
                ("1.0", "=", "1.0.0"),
                ("1.0.0", "=", "1.0.0.0"),
                ("1.0.0.1", ">", "1.0.0"),
                ("1.0.0.10", ">", "1.0.0.9"),
                ("1.01", "=", "1.1"),
                ("1.0.0-alpha", "<", "1.0.0"),
                ("1.0.0-Alpha", "=", "1.0.0-alpha"),
                ("1.0.0-alpha", "<", "1.0.0-alpha.1"),
                ("1.0.0-alpha.1", "<", "1.0.0-alpha.beta"),
                ("1.0.0-beta.2", "<", "1.0.0-beta.11"),
                ("1.0.0-rc.1", "<", "1.0.0"),
                ("1.0.0+git.abc", "=", "1.0.0"),
                ("4.3.0.1-beta", "<", "4.3.0.1"),
                ("4.3.0.1-beta", ">", "4.3.0"),
                ("13.0.1", ">", "12.0.3"),
            ],
        );
        for bad in ["", "1.0.0.0.0", "1.*", "[1.0,2.0)", "1..0"] {
            assert!(V::parse(Ecosystem::NuGet, bad).is_none(), "{bad}");
        }
    }
}
