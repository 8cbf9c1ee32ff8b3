//! `pdm.lock`: `[[package]]` tables whose `dependencies` are requirement strings
//! (`"idna>=2.5"`). pdm.lock does not name the project's own requirements, so directness stays
//! unknown; a package whose `groups` lack `default` is development-only.

use super::{Lockfile, LockfileError, Package, toml_packages, toml_str};
use crate::analyzers::advisories::osv::version::Ecosystem;

/// The distribution name at the start of a requirement string.
pub(crate) fn requirement_name(req: &str) -> &str {
    let r = req.trim();
    let end = r
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(r.len());
    &r[..end]
}

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
        if t.contains_key("git") || t.contains_key("path") || t.contains_key("url") {
            lock.skipped.push(format!("{name} (not a PyPI release)"));
            continue;
        }
        let mut p = Package::new(name, version, tp.line);
        if let Some(g) = t.get("groups").and_then(|g| g.as_array()) {
            p.dev = !g.iter().any(|x| x.as_str() == Some("default"));
        }
        let i = lock.packages.len();
        if let Some(d) = t.get("dependencies").and_then(|d| d.as_array()) {
            for r in d.iter().filter_map(|r| r.as_str()) {
                let n = requirement_name(r);
                if !n.is_empty() {
                    edges.push((i, n.to_string()));
                }
            }
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
    fn reads_packages_groups_and_requirement_edges() {
        let t = "[metadata]\ngroups = [\"default\", \"dev\"]\n\n[[package]]\nname = \"requests\"\nversion = \"2.19.0\"\ngroups = [\"default\"]\ndependencies = [\"idna<2.8,>=2.5\", \"urllib3[socks]>=1.21\"]\n\n[[package]]\nname = \"idna\"\nversion = \"2.7\"\ngroups = [\"default\"]\n\n[[package]]\nname = \"pytest\"\nversion = \"7.0\"\ngroups = [\"dev\"]\n";
        let l = parse(t).unwrap();
        let got: Vec<(&str, u32, bool)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.line, p.dev))
            .collect();
        assert_eq!(
            got,
            vec![
                ("requests", 5, false),
                ("idna", 11, false),
                ("pytest", 16, true)
            ]
        );
        assert_eq!(l.packages[0].deps, vec![1]);
        assert_eq!(requirement_name("urllib3[socks]>=1.21"), "urllib3");
    }
}
