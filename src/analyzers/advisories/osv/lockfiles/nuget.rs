//! NuGet `packages.lock.json`: `dependencies -> target framework -> package -> {type, resolved,
//! dependencies}`.
//!
//! `type` says `Direct`, `Transitive` or `CentralTransitive`; `Project` entries are project
//! references, not packages. A package locked for several frameworks is reported once (at its
//! first entry) per version; edges are resolved by name within each framework.

use super::{Lockfile, LockfileError, Package, entries, text, tree};
use std::collections::HashMap;

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let root = tree(src)?;
    let Some(deps) = root.get("dependencies") else {
        return Err(LockfileError::NotThisFormat(
            "no `dependencies`: not a packages.lock.json",
        ));
    };
    let mut lock = Lockfile::default();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (_framework, pkgs) in entries(Some(deps)) {
        let mut local: HashMap<String, usize> = HashMap::new();
        let mut edges: Vec<(usize, String)> = Vec::new();
        for (name, node) in entries(Some(pkgs)) {
            let kind = text(node.get("type")).unwrap_or_default();
            if kind == "Project" {
                continue;
            }
            let Some(version) = text(node.get("resolved")) else {
                lock.skipped.push(format!("{name} (no resolved version)"));
                continue;
            };
            let key = (name.to_ascii_lowercase(), version.clone());
            let i = match seen.get(&key) {
                Some(&i) => i,
                None => {
                    let mut p = Package::new(name.clone(), version, node.line);
                    p.direct = Some(kind == "Direct");
                    lock.packages.push(p);
                    seen.insert(key, lock.packages.len() - 1);
                    lock.packages.len() - 1
                }
            };
            if kind == "Direct" {
                lock.packages[i].direct = Some(true);
            }
            local.insert(name.to_ascii_lowercase(), i);
            edges.extend(
                entries(node.get("dependencies"))
                    .iter()
                    .map(|(d, _)| (i, d.to_ascii_lowercase())),
            );
        }
        for (from, name) in edges {
            if let Some(&to) = local.get(&name)
                && to != from
                && !lock.packages[from].deps.contains(&to)
            {
                lock.packages[from].deps.push(to);
            }
        }
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_frameworks_types_and_edges() {
        let j = "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net6.0\": {\n      \"Newtonsoft.Json\": {\n        \"type\": \"Direct\",\n        \"requested\": \"[12.0.1, )\",\n        \"resolved\": \"12.0.1\",\n        \"dependencies\": { \"System.Text.Encodings.Web\": \"4.5.0\" }\n      },\n      \"System.Text.Encodings.Web\": {\n        \"type\": \"Transitive\",\n        \"resolved\": \"4.5.0\"\n      },\n      \"MyLib\": { \"type\": \"Project\" }\n    },\n    \"net7.0\": {\n      \"Newtonsoft.Json\": { \"type\": \"Direct\", \"resolved\": \"12.0.1\" }\n    }\n  }\n}\n";
        let l = parse(j).unwrap();
        let got: Vec<(&str, u32, Option<bool>)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.line, p.direct))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Newtonsoft.Json", 5, Some(true)),
                ("System.Text.Encodings.Web", 11, Some(false))
            ]
        );
        assert_eq!(l.introduced_by(), vec![Some(0), Some(0)]);
    }
}
