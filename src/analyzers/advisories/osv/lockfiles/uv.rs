//! `uv.lock`: `[[package]]` tables with their `dependencies` (`{ name = ... }`), where the
//! project itself (and each workspace member) is the package whose `source` is `editable` or
//! `virtual`: its dependencies (and optional and dev dependencies) are the direct ones.
//!
//! Packages from git, a path or a directory are not PyPI releases.

use super::{Lockfile, LockfileError, Package, toml_packages, toml_str};
use crate::analyzers::advisories::osv::version::Ecosystem;

fn dep_names(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|d| d.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|d| d.as_table().and_then(|t| toml_str(t, "name")))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Dependencies under a table of groups (`[package.optional-dependencies]`, `dev-dependencies`).
fn group_names(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|g| g.as_table())
        .map(|t| t.values().flat_map(|g| dep_names(Some(g))).collect())
        .unwrap_or_default()
}

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let mut lock = Lockfile::default();
    let mut edges = Vec::new();
    let mut direct: Vec<String> = Vec::new();
    let mut dev_direct: Vec<String> = Vec::new();
    for tp in toml_packages(src)? {
        let t = &tp.table;
        let Some(name) = toml_str(t, "name") else {
            lock.skipped.push("a [[package]] without a name".into());
            continue;
        };
        let source = t.get("source").and_then(|s| s.as_table());
        let is = |k: &str| source.is_some_and(|s| s.contains_key(k));
        if is("editable") || is("virtual") {
            direct.extend(dep_names(t.get("dependencies")));
            direct.extend(group_names(t.get("optional-dependencies")));
            dev_direct.extend(group_names(t.get("dev-dependencies")));
            continue;
        }
        if is("git") || is("path") || is("directory") || is("url") {
            lock.skipped.push(format!("{name} (not a PyPI release)"));
            continue;
        }
        let Some(version) = toml_str(t, "version") else {
            lock.skipped.push(format!("{name} (no version)"));
            continue;
        };
        let i = lock.packages.len();
        edges.extend(dep_names(t.get("dependencies")).into_iter().map(|d| (i, d)));
        lock.packages.push(Package::new(name, version, tp.line));
    }
    lock.link_by_name(Ecosystem::PyPI, edges);
    if !direct.is_empty() || !dev_direct.is_empty() {
        let norm = |n: &str| Ecosystem::PyPI.normalize_name(n);
        let d: Vec<String> = direct.iter().map(|n| norm(n)).collect();
        let dd: Vec<String> = dev_direct.iter().map(|n| norm(n)).collect();
        for p in &mut lock.packages {
            let n = norm(&p.name);
            p.direct = Some(d.contains(&n) || dd.contains(&n));
            p.dev = dd.contains(&n) && !d.contains(&n);
        }
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editable_root_names_the_direct_dependencies() {
        let t = "version = 1\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\ndependencies = [\n    { name = \"jinja2\" },\n]\n\n[package.dev-dependencies]\ndev = [{ name = \"pytest\" }]\n\n[[package]]\nname = \"jinja2\"\nversion = \"2.10\"\nsource = { registry = \"https://pypi.org/simple\" }\ndependencies = [{ name = \"markupsafe\" }]\n\n[[package]]\nname = \"markupsafe\"\nversion = \"1.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n\n[[package]]\nname = \"pytest\"\nversion = \"7.0.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        let l = parse(t).unwrap();
        let got: Vec<(&str, u32, Option<bool>, bool)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.line, p.direct, p.dev))
            .collect();
        assert_eq!(
            got,
            vec![
                ("jinja2", 15, Some(true), false),
                ("markupsafe", 21, Some(false), false),
                ("pytest", 26, Some(true), true),
            ]
        );
        assert_eq!(l.introduced_by()[1], Some(0));
    }
}
