//! SemVer 2 precedence for npm and Go versions, with the `semver` crate.
//!
//! Go writes versions with a `v` (`v1.2.3`) and OSV's Go records without; both parse here.
//! Build metadata never affects precedence (SemVer 2 §10), so it is cleared: Go's
//! `v2.0.0+incompatible` equals `v2.0.0`. Go pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`,
//! `v1.2.4-0.2019...`) are ordinary pre-releases and order as the Go documentation says: before
//! the release they precede, after the version they build on. npm lockfiles hold exact versions;
//! a leading `v` or `=` (accepted by node-semver) is stripped. Go's shorthand `v1`/`v1.2` (only
//! valid in queries, never in `go.mod`) is not accepted.

pub fn parse_go(s: &str) -> Option<semver::Version> {
    parse(s.trim().strip_prefix('v').unwrap_or(s.trim()))
}

pub fn parse_npm(s: &str) -> Option<semver::Version> {
    let s = s.trim();
    let s = s.strip_prefix('=').unwrap_or(s).trim();
    parse(s.strip_prefix('v').unwrap_or(s))
}

fn parse(s: &str) -> Option<semver::Version> {
    let mut v = semver::Version::parse(s).ok()?;
    v.build = semver::BuildMetadata::EMPTY;
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::super::{Ecosystem, Version, check_table};

    /// From semver.org §11 and the Go Modules Reference (go.dev/ref/mod: "Versions",
    /// "Pseudo-versions", "Compatibility with non-module repositories").
    #[test]
    fn go_ordering_follows_the_go_modules_reference() {
        check_table(
            Ecosystem::Go,
            &[
                // semver.org §11: precedence examples
                ("v1.0.0", "<", "v2.0.0"),
                ("v2.0.0", "<", "v2.1.0"),
                ("v2.1.0", "<", "v2.1.1"),
                ("v1.0.0-alpha", "<", "v1.0.0"),
                ("v1.0.0-alpha", "<", "v1.0.0-alpha.1"),
                ("v1.0.0-alpha.1", "<", "v1.0.0-alpha.beta"),
                ("v1.0.0-alpha.beta", "<", "v1.0.0-beta"),
                ("v1.0.0-beta", "<", "v1.0.0-beta.2"),
                ("v1.0.0-beta.2", "<", "v1.0.0-beta.11"),
                ("v1.0.0-beta.11", "<", "v1.0.0-rc.1"),
                ("v1.0.0-rc.1", "<", "v1.0.0"),
                // numeric, not lexical
                ("v1.9.0", "<", "v1.10.0"),
                ("v1.10.0", ">", "v1.9.9"),
                ("v0.10.0", ">", "v0.9.0"),
                // build metadata is ignored; +incompatible is build metadata
                ("v1.0.0+build.1", "=", "v1.0.0"),
                ("v2.0.0+incompatible", "=", "v2.0.0"),
                ("v2.0.0+incompatible", ">", "v1.9.9"),
                ("v3.2.1+incompatible", "<", "v3.2.2+incompatible"),
                ("v4.0.0+incompatible", ">", "v3.99.0+incompatible"),
                // the `v` is optional in OSV records
                ("v1.2.3", "=", "1.2.3"),
                // pseudo-version forms: vX.0.0-yyyymmddhhmmss-abcdefabcdef (no base version)
                ("v0.0.0-20191109021931-daa7c04131f5", "<", "v0.0.1"),
                (
                    "v0.0.0-20191109021931-daa7c04131f5",
                    ">",
                    "v0.0.0-20191001000000-0123456789ab",
                ),
                ("v0.0.0-20200101000000-aaaaaaaaaaaa", "<", "v0.0.0"),
                // vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef: after vX.Y.Z, before vX.Y.(Z+1)
                ("v1.2.4-0.20191109021931-daa7c04131f5", ">", "v1.2.3"),
                ("v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4"),
                (
                    "v1.2.4-0.20191109021931-daa7c04131f5",
                    ">",
                    "v1.2.4-0.20190101000000-0123456789ab",
                ),
                // vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef: after vX.Y.Z-pre, before the release
                (
                    "v1.2.3-pre.0.20191109021931-daa7c04131f5",
                    ">",
                    "v1.2.3-pre",
                ),
                ("v1.2.3-pre.0.20191109021931-daa7c04131f5", "<", "v1.2.3"),
                (
                    "v1.2.3-pre.0.20191109021931-daa7c04131f5",
                    "<",
                    "v1.2.3-pre.1",
                ),
                // a pseudo-version of an incompatible major
                (
                    "v2.0.1-0.20191109021931-daa7c04131f5+incompatible",
                    ">",
                    "v2.0.0+incompatible",
                ),
                (
                    "v2.0.1-0.20191109021931-daa7c04131f5+incompatible",
                    "<",
                    "v2.0.1",
                ),
                // numeric identifiers sort before alphanumeric ones
                ("v1.0.0-1", "<", "v1.0.0-a"),
                ("v1.0.0-rc.1", "<", "v1.0.0-rc.a"),
            ],
        );
    }

    #[test]
    fn go_rejects_what_go_mod_never_holds() {
        for bad in ["v1", "v1.2", "1.2.3.4", "v01.2.3", "latest", ""] {
            assert!(Version::parse(Ecosystem::Go, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn npm_strips_v_and_equals() {
        check_table(
            Ecosystem::Npm,
            &[
                ("=1.2.3", "=", "1.2.3"),
                ("v1.2.3", "=", "1.2.3"),
                ("1.2.3-beta.1", "<", "1.2.3"),
                ("4.17.20", "<", "4.17.21"),
            ],
        );
    }
}
