//! `pnpm-lock.yaml`, lockfile versions 5 (`/name/1.2.3`), 6 (`/name@1.2.3`) and 9
//! (`name@1.2.3`, edges under `snapshots`).
//!
//! Direct dependencies come from `importers` (every workspace project) or, in single-project v5
//! and v6 files, the top-level `dependencies`/`devDependencies`/`optionalDependencies`; edges from
//! each entry's `dependencies`. Peer-dependency suffixes (`(react@18.2.0)`, `_react@18.2.0`) are
//! not part of the version. `link:` and `file:` entries are not registry releases.

use super::{Lockfile, LockfileError, Package, entries, is_true, text, tree};
use crate::analyzers::iac::model::Node;
use std::collections::HashMap;

/// `/@scope/name@1.2.3(peer@1)` (v6/v9) or `/name/1.2.3_peer@1` (v5) -> (name, version).
fn split_key(key: &str) -> Option<(String, String)> {
    let k = key.strip_prefix('/').unwrap_or(key);
    let k = k.split('(').next().unwrap_or(k);
    if let Some(at) = k.get(1..).and_then(|r| r.rfind('@')).map(|i| i + 1) {
        let (n, v) = (&k[..at], &k[at + 1..]);
        let slashes = n.matches('/').count();
        let name_ok = if n.starts_with('@') {
            slashes == 1
        } else {
            slashes == 0
        };
        if name_ok && !v.is_empty() && !v.contains('/') {
            return Some((n.to_string(), v.to_string()));
        }
    }
    let slash = k.rfind('/')?;
    let (n, v) = (&k[..slash], &k[slash + 1..]);
    let v = v.split('_').next().unwrap_or(v);
    (!n.is_empty()).then(|| (n.to_string(), v.to_string()))
}

/// A dependency's version as written in an importer or an entry (`1.2.3(peer@1)`,
/// `1.2.3_peer@1`, `{version: ...}` in v6+ importers).
fn dep_version(n: &Node) -> Option<String> {
    let v = text(n.get("version")).or_else(|| text(Some(n)))?;
    let v = v.split('(').next().unwrap_or(&v).to_string();
    Some(v.split('_').next().unwrap_or(&v).to_string())
}

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let root = tree(src)?;
    if root.get("lockfileVersion").is_none() {
        return Err(LockfileError::NotThisFormat(
            "no `lockfileVersion`: not a pnpm lockfile",
        ));
    }
    let mut lock = Lockfile::default();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for (key, node) in entries(root.get("packages")) {
        let Some((kname, kversion)) = split_key(key) else {
            lock.skipped.push(format!("{key} (not a registry release)"));
            continue;
        };
        let name = text(node.get("name")).unwrap_or(kname);
        let version = text(node.get("version")).unwrap_or(kversion);
        if super::super::version::semver_go::parse_npm(&version).is_none() {
            lock.skipped
                .push(format!("{name} (not a registry release)"));
            continue;
        }
        if index.contains_key(&(name.clone(), version.clone())) {
            continue; // the same release with other peers
        }
        let mut p = Package::new(name.clone(), version.clone(), node.line);
        p.dev = is_true(node.get("dev"));
        index.insert((name, version), lock.packages.len());
        lock.packages.push(p);
    }
    // Direct dependencies.
    let mut direct: Vec<(String, String)> = Vec::new();
    let sections = ["dependencies", "devDependencies", "optionalDependencies"];
    let mut projects: Vec<&Node> = entries(root.get("importers"))
        .iter()
        .map(|(_, n)| n)
        .collect();
    if projects.is_empty() {
        projects.push(&root);
    }
    for proj in projects {
        for s in sections {
            for (name, n) in entries(proj.get(s)) {
                if let Some(v) = dep_version(n) {
                    direct.push((name.clone(), v));
                }
            }
        }
    }
    let has_importers = !direct.is_empty() || root.get("importers").is_some();
    if has_importers {
        for p in &mut lock.packages {
            p.direct = Some(false);
        }
        for key in &direct {
            if let Some(&i) = index.get(key) {
                lock.packages[i].direct = Some(true);
            }
        }
    }
    // Edges: v9 keeps them under `snapshots`, older versions on the entry itself.
    for section in ["packages", "snapshots"] {
        for (key, node) in entries(root.get(section)) {
            let Some(from) = split_key(key).and_then(|k| index.get(&k).copied()) else {
                continue;
            };
            for s in ["dependencies", "optionalDependencies"] {
                for (name, n) in entries(node.get(s)) {
                    if let Some(v) = dep_version(n)
                        && let Some(&to) = index.get(&(name.clone(), v))
                        && to != from
                        && !lock.packages[from].deps.contains(&to)
                    {
                        lock.packages[from].deps.push(to);
                    }
                }
            }
        }
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_every_lockfile_version() {
        let s = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(split_key("/lodash/4.17.20"), s("lodash", "4.17.20"));
        assert_eq!(
            split_key("/@types/node/18.0.0_abc@1.0.0"),
            s("@types/node", "18.0.0")
        );
        assert_eq!(split_key("/lodash@4.17.20"), s("lodash", "4.17.20"));
        assert_eq!(
            split_key("@scope/x@1.0.0(react@18.2.0)"),
            s("@scope/x", "1.0.0")
        );
    }

    #[test]
    fn v9_importers_and_snapshots() {
        let y = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      express:\n        specifier: ^4.17.1\n        version: 4.17.1\n\npackages:\n\n  express@4.17.1:\n    resolution: {integrity: sha512-x}\n\n  qs@6.7.0:\n    resolution: {integrity: sha512-y}\n\nsnapshots:\n\n  express@4.17.1:\n    dependencies:\n      qs: 6.7.0\n\n  qs@6.7.0: {}\n";
        let l = parse(y).unwrap();
        let got: Vec<(&str, &str, u32, Option<bool>)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.direct))
            .collect();
        assert_eq!(
            got,
            vec![
                ("express", "4.17.1", 13, Some(true)),
                ("qs", "6.7.0", 16, Some(false))
            ]
        );
        assert_eq!(l.introduced_by(), vec![Some(0), Some(0)]);
    }

    #[test]
    fn v5_top_level_dependencies() {
        let y = "lockfileVersion: 5.4\n\nspecifiers:\n  minimist: ^1.2.0\n\ndevDependencies:\n  minimist: 1.2.5\n\npackages:\n\n  /minimist/1.2.5:\n    resolution: {integrity: sha512-z}\n    dev: true\n";
        let l = parse(y).unwrap();
        assert_eq!(l.packages.len(), 1);
        let p = &l.packages[0];
        assert_eq!((p.line, p.direct, p.dev), (11, Some(true), true));
    }
}
