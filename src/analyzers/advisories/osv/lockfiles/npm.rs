//! `package-lock.json` and `npm-shrinkwrap.json`: v2/v3 (`packages`, keyed by install path) and
//! v1 (`dependencies`, nested).
//!
//! v2/v3 say which packages are direct (the root entry `""` lists them) and give every edge;
//! each edge is resolved the way Node resolves `require`: the nearest `node_modules/NAME` up the
//! install path. v1 has no root entry, so directness is unknown there; its `requires` edges are
//! resolved through the enclosing `dependencies` scopes. Aliases (`npm:real@1.2.3`) are read as
//! the real package. Links, workspaces, git, file and tarball URLs are not registry releases and
//! are counted in the skipped note.

use super::{Lockfile, LockfileError, Package, entries, is_true, text, tree};
use crate::analyzers::iac::model::Node;
use std::collections::HashMap;

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let root = tree(src)?;
    if root.get("packages").is_some() {
        Ok(v2(&root))
    } else if root.get("dependencies").is_some() || root.get("lockfileVersion").is_some() {
        Ok(v1(&root))
    } else {
        Err(LockfileError::NotThisFormat(
            "neither `packages` (lockfile v2/v3) nor `dependencies` (v1) found",
        ))
    }
}

/// `npm:real@1.2.3` -> (`real`, `1.2.3`); a plain version stays as is.
fn alias(name: &str, version: &str) -> (String, String) {
    if let Some(rest) = version.strip_prefix("npm:")
        && let Some(at) = rest[1.min(rest.len())..].find('@').map(|i| i + 1)
    {
        return (rest[..at].to_string(), rest[at + 1..].to_string());
    }
    (name.to_string(), version.to_string())
}

fn registry_version(v: &str) -> bool {
    super::super::version::semver_go::parse_npm(v).is_some()
}

fn dep_names(n: &Node) -> Vec<String> {
    let mut out = Vec::new();
    for key in [
        "dependencies",
        "optionalDependencies",
        "peerDependencies",
        "devDependencies",
    ] {
        out.extend(entries(n.get(key)).iter().map(|(k, _)| k.clone()));
    }
    out
}

fn v2(root: &Node) -> Lockfile {
    let mut lock = Lockfile::default();
    let pkgs = entries(root.get("packages"));
    let mut root_deps: Vec<String> = Vec::new();
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    let mut edges: Vec<(usize, &str, Vec<String>)> = Vec::new();
    for (key, node) in pkgs {
        if key.is_empty() {
            root_deps = dep_names(node);
            continue;
        }
        let Some(at) = key.rfind("node_modules/") else {
            continue; // a workspace package's own folder: its source, not an installed release
        };
        let path_name = &key[at + "node_modules/".len()..];
        if is_true(node.get("link")) {
            continue; // a symlink to a workspace folder
        }
        let name = text(node.get("name")).unwrap_or_else(|| path_name.to_string());
        let Some(version) = text(node.get("version")) else {
            lock.skipped.push(format!("{path_name} (no version)"));
            continue;
        };
        let (name, version) = alias(&name, &version);
        if !registry_version(&version) {
            lock.skipped
                .push(format!("{name} (not a registry release)"));
            continue;
        }
        let mut p = Package::new(name, version, node.line);
        p.dev = is_true(node.get("dev")) || is_true(node.get("devOptional"));
        let i = lock.packages.len();
        by_path.insert(key.as_str(), i);
        edges.push((i, key.as_str(), dep_names(node)));
        // Direct: installed at the top level under a name the root asks for.
        p.direct = Some(at == 0 && root_deps.iter().any(|d| d == path_name));
        lock.packages.push(p);
    }
    for (i, path, names) in edges {
        for name in names {
            if let Some(to) = resolve(&by_path, path, &name) {
                lock.packages[i].deps.push(to);
            }
        }
    }
    lock
}

/// Node's lookup: `PATH/node_modules/NAME`, then each enclosing `.../node_modules/NAME`.
fn resolve(by_path: &HashMap<&str, usize>, from: &str, name: &str) -> Option<usize> {
    let mut base = from.to_string();
    loop {
        let candidate = if base.is_empty() {
            format!("node_modules/{name}")
        } else {
            format!("{base}/node_modules/{name}")
        };
        if let Some(&i) = by_path.get(candidate.as_str()) {
            return Some(i);
        }
        if base.is_empty() {
            return None;
        }
        // Up one install level: strip the last `/node_modules/X` (or `node_modules/X`).
        base = match base.rfind("/node_modules/") {
            Some(i) => base[..i].to_string(),
            None => String::new(),
        };
    }
}

fn v1(root: &Node) -> Lockfile {
    /// What the walk records: each entry's enclosing scope owner, its `requires` names, and
    /// every scope (owner -> name -> index; owner `None` is the top level).
    #[derive(Default)]
    struct Walk {
        lock: Lockfile,
        parent: Vec<Option<usize>>,
        requires: Vec<Vec<String>>,
        scopes: HashMap<Option<usize>, HashMap<String, usize>>,
    }
    fn walk(n: &Node, owner: Option<usize>, w: &mut Walk, depth: usize) {
        if depth > 64 {
            return;
        }
        for (name, node) in entries(n.get("dependencies")) {
            let Some(version) = text(node.get("version")) else {
                w.lock.skipped.push(format!("{name} (no version)"));
                continue;
            };
            let (real, version) = alias(name, &version);
            if !registry_version(&version) {
                w.lock
                    .skipped
                    .push(format!("{real} (not a registry release)"));
                continue;
            }
            let mut p = Package::new(real, version, node.line);
            p.dev = is_true(node.get("dev"));
            let i = w.lock.packages.len();
            w.lock.packages.push(p);
            w.parent.push(owner);
            w.requires.push(
                entries(node.get("requires"))
                    .iter()
                    .map(|(k, _)| k.clone())
                    .collect(),
            );
            w.scopes.entry(owner).or_default().insert(name.clone(), i);
            walk(node, Some(i), w, depth + 1);
        }
    }
    let mut w = Walk::default();
    walk(root, None, &mut w, 0);
    for i in 0..w.lock.packages.len() {
        for name in &w.requires[i] {
            // The entry's own nested scope, then each enclosing one, up to the top level.
            let mut owner = Some(i);
            let found = loop {
                if let Some(&to) = w.scopes.get(&owner).and_then(|s| s.get(name)) {
                    break Some(to);
                }
                match owner {
                    None => break None,
                    Some(o) => owner = w.parent[o],
                }
            };
            if let Some(to) = found
                && to != i
                && !w.lock.packages[i].deps.contains(&to)
            {
                w.lock.packages[i].deps.push(to);
            }
        }
    }
    w.lock
}

#[cfg(test)]
mod tests {
    use super::*;

    const V3: &str = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": { "name": "app", "dependencies": { "express": "^4.0.0", "alias": "npm:lodash@4.17.20" },
          "devDependencies": { "jest": "^29" } },
    "node_modules/express": { "version": "4.17.1", "dependencies": { "qs": "6.7.0" } },
    "node_modules/qs": { "version": "6.11.0" },
    "node_modules/express/node_modules/qs": { "version": "6.7.0" },
    "node_modules/alias": { "name": "lodash", "version": "4.17.20" },
    "node_modules/jest": { "version": "29.0.0", "dev": true },
    "node_modules/local": { "resolved": "packages/local", "link": true },
    "node_modules/gitdep": { "version": "git+ssh://git@example.com/x.git#abc" }
  }
}"#;

    #[test]
    fn v3_reads_paths_aliases_direct_and_nested_edges() {
        let l = parse(V3).unwrap();
        let got: Vec<(&str, &str, u32, Option<bool>, bool)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.direct, p.dev))
            .collect();
        assert_eq!(
            got,
            vec![
                ("express", "4.17.1", 7, Some(true), false),
                ("qs", "6.11.0", 8, Some(false), false),
                ("qs", "6.7.0", 9, Some(false), false),
                ("lodash", "4.17.20", 10, Some(true), false),
                ("jest", "29.0.0", 11, Some(true), true),
            ]
        );
        // express resolves its own nested qs, not the hoisted one
        assert_eq!(l.packages[0].deps, vec![2]);
        assert_eq!(l.introduced_by()[2], Some(0));
        assert_eq!(l.introduced_by()[1], None);
        assert_eq!(
            l.skipped,
            vec!["gitdep (not a registry release)".to_string()]
        );
    }

    #[test]
    fn v1_walks_nested_dependencies_and_requires() {
        let v1 = r#"{
  "lockfileVersion": 1,
  "dependencies": {
    "a": { "version": "1.0.0", "requires": { "b": "^2" },
           "dependencies": { "b": { "version": "2.0.0" } } },
    "b": { "version": "3.0.0", "dev": true }
  }
}"#;
        let l = parse(v1).unwrap();
        let got: Vec<(&str, &str, u32, bool)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.dev))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", "1.0.0", 4, false),
                ("b", "2.0.0", 5, false),
                ("b", "3.0.0", 6, true)
            ]
        );
        assert_eq!(l.packages[0].deps, vec![1]);
        assert!(l.packages.iter().all(|p| p.direct.is_none()));
    }

    #[test]
    fn not_a_lockfile_is_an_error() {
        assert!(parse("{\"name\": \"x\"}").is_err());
        assert!(parse("{").is_err());
    }
}
