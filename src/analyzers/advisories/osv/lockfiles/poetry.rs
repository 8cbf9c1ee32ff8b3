//! `poetry.lock`: one `[[package]]` table per release, with its `[package.dependencies]`.
//!
//! poetry.lock does not name the project's own requirements (pyproject.toml does), so
//! directness stays unknown; `category = "dev"` (poetry < 1.5) marks development-only packages.
//! Packages from git, a directory or a URL (`[package.source]` of that type) are not PyPI
//! releases.

use super::{Lockfile, LockfileError, Package, toml_packages, toml_str};
use crate::analyzers::advisories::osv::version::Ecosystem;

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let mut lock = Lockfile::default();
    let mut edges = Vec::new();
    for tp in toml_packages(src)? {
        let t = &tp.table;
        let (Some(name), Some(version)) = (toml_str(t, "name"), toml_str(t, "version")) else {
            lock.skipped
                .push("a [[package]] without name or version".into());
            continue;
        };
        if let Some(kind) = t
            .get("source")
            .and_then(|s| s.as_table())
            .and_then(|s| toml_str(s, "type"))
            && kind != "legacy"
        {
            lock.skipped
                .push(format!("{name} (from {kind}, not a PyPI release)"));
            continue;
        }
        let mut p = Package::new(name, version, tp.line);
        p.dev = toml_str(t, "category") == Some("dev");
        let i = lock.packages.len();
        if let Some(d) = t.get("dependencies").and_then(|d| d.as_table()) {
            edges.extend(d.keys().map(|k| (i, k.clone())));
        }
        lock.packages.push(p);
    }
    lock.link_by_name(Ecosystem::PyPI, edges);
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_packages_sources_and_categories() {
        let t = "[[package]]\nname = \"Django\"\nversion = \"3.2.0\"\ncategory = \"main\"\n\n[package.dependencies]\nsqlparse = \">=0.2.2\"\n\n[[package]]\nname = \"sqlparse\"\nversion = \"0.4.1\"\ncategory = \"dev\"\n\n[[package]]\nname = \"mylib\"\nversion = \"0.1.0\"\n\n[package.source]\ntype = \"git\"\nurl = \"https://example.com/x.git\"\n";
        let l = parse(t).unwrap();
        let got: Vec<(&str, u32, bool)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.line, p.dev))
            .collect();
        assert_eq!(got, vec![("Django", 2, false), ("sqlparse", 10, true)]);
        assert_eq!(l.packages[0].deps, vec![1]);
        assert_eq!(l.skipped.len(), 1);
        assert!(parse("[[package]\n").is_err());
    }
}
