//! PEP 440 versions for PyPI, with the `pep440_rs` crate (epochs, pre/post/dev releases, local
//! versions, and the spec's normalizations such as `1.0-post1` = `1.0.post1`).
//!
//! Not here: specifier sets (`>=1,<2`); requirements files are read for `==` pins only.

use std::str::FromStr;

pub fn parse(s: &str) -> Option<pep440_rs::Version> {
    pep440_rs::Version::from_str(s.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::super::{Ecosystem, Version, check_table};

    /// From PEP 440 ("Summary of permitted suffixes and relative ordering", "Normalization",
    /// "Version epochs", "Local version identifiers") and the ordered list in the `packaging`
    /// project's tests.
    #[test]
    fn pep440_ordering_follows_the_spec() {
        check_table(
            Ecosystem::PyPI,
            &[
                // the spec's example of relative ordering
                ("1.dev0", "<", "1.0.dev456"),
                ("1.0.dev456", "<", "1.0a1"),
                ("1.0a1", "<", "1.0a2.dev456"),
                ("1.0a2.dev456", "<", "1.0a12.dev456"),
                ("1.0a12.dev456", "<", "1.0a12"),
                ("1.0a12", "<", "1.0b1.dev456"),
                ("1.0b1.dev456", "<", "1.0b2"),
                ("1.0b2", "<", "1.0b2.post345.dev456"),
                ("1.0b2.post345.dev456", "<", "1.0b2.post345"),
                ("1.0b2.post345", "<", "1.0rc1.dev456"),
                ("1.0rc1.dev456", "<", "1.0rc1"),
                ("1.0rc1", "<", "1.0"),
                ("1.0", "<", "1.0+abc.5"),
                ("1.0+abc.5", "<", "1.0+abc.7"),
                ("1.0+abc.7", "<", "1.0+5"),
                ("1.0+5", "<", "1.0.post456.dev34"),
                ("1.0.post456.dev34", "<", "1.0.post456"),
                ("1.0.post456", "<", "1.0.15"),
                ("1.0.15", "<", "1.1.dev1"),
                // release segments: trailing zeros do not count; numeric comparison
                ("1.0", "=", "1.0.0"),
                ("1", "=", "1.0.0.0"),
                ("1.9", "<", "1.10"),
                ("1.0.0.1", ">", "1.0"),
                // epochs beat everything
                ("1!1.0", ">", "2.0"),
                ("1!1.0", "<", "2!0.1"),
                ("0!1.0", "=", "1.0"),
                // normalization
                ("1.0alpha1", "=", "1.0a1"),
                ("1.0-beta.2", "=", "1.0b2"),
                ("1.0c1", "=", "1.0rc1"),
                ("1.0pre1", "=", "1.0rc1"),
                ("1.0-post1", "=", "1.0.post1"),
                ("1.0-1", "=", "1.0.post1"),
                ("1.0rev1", "=", "1.0.post1"),
                ("1.0.DEV1", "=", "1.0.dev1"),
                ("v1.0", "=", "1.0"),
                ("1.0a", "=", "1.0a0"),
                ("1.0+Ubuntu-1", "=", "1.0+ubuntu.1"),
                // local segments: numeric beats alphanumeric; longer beats shorter
                ("1.0+abc", "<", "1.0+1"),
                ("1.0+1.2", ">", "1.0+1"),
                // dev of a post release
                ("1.0.post1.dev1", "<", "1.0.post1"),
                ("1.0.post1.dev1", ">", "1.0"),
            ],
        );
    }

    #[test]
    fn pep440_rejects_non_versions() {
        for bad in ["", "latest", "1.0-", "==1.0", "1.0 ; python_version"] {
            assert!(Version::parse(Ecosystem::PyPI, bad).is_none(), "{bad}");
        }
    }
}
