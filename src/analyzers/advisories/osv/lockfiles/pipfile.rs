//! `Pipfile.lock`: JSON with `default` and `develop` sections, `name -> {"version": "==1.2.3"}`.
//!
//! Both sections hold the whole resolved set (direct and transitive alike, without edges), so
//! directness stays unknown; `develop` entries are development-only. Entries without an `==`
//! version (git, path, editable) are not PyPI releases.

use super::{Lockfile, LockfileError, Package, entries, text, tree};

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let root = tree(src)?;
    if root.get("default").is_none() && root.get("develop").is_none() {
        return Err(LockfileError::NotThisFormat(
            "neither `default` nor `develop` found: not a Pipfile.lock",
        ));
    }
    let mut lock = Lockfile::default();
    for (section, dev) in [("default", false), ("develop", true)] {
        for (name, node) in entries(root.get(section)) {
            match text(node.get("version")) {
                Some(v) if v.starts_with("==") && !v.contains('*') => {
                    let mut p =
                        Package::new(name.clone(), v.trim_start_matches('=').trim(), node.line);
                    p.dev = dev;
                    lock.packages.push(p);
                }
                _ => lock
                    .skipped
                    .push(format!("{name} (no `==` version: not a PyPI release)")),
            }
        }
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_default_and_develop() {
        let j = "{\n  \"_meta\": {\"hash\": {}},\n  \"default\": {\n    \"django\": {\"hashes\": [], \"version\": \"==3.2.0\"},\n    \"mylib\": {\"git\": \"https://x\", \"ref\": \"abc\"}\n  },\n  \"develop\": {\n    \"pytest\": {\"version\": \"==7.0.0\"}\n  }\n}\n";
        let l = parse(j).unwrap();
        let got: Vec<(&str, &str, u32, bool)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.dev))
            .collect();
        assert_eq!(
            got,
            vec![("django", "3.2.0", 4, false), ("pytest", "7.0.0", 8, true)]
        );
        assert_eq!(l.skipped.len(), 1);
    }
}
