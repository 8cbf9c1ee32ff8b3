//! `go.mod`: the module versions it requires (`require x v1.2.3`, single or in a block), which
//! since Go 1.17 include every module the build needs; `// indirect` marks a transitive one.
//!
//! A `replace` with a version swaps in that module and version; one that points at a local
//! directory takes the module out (it is not a published release) and says so. `exclude` and
//! `retract` do not change what is built from this file. `go.sum` is not read: it lists hashes
//! of every version ever considered, not the ones selected.

use super::{Lockfile, LockfileError, Package};

/// `replace OLD [VERSION] => NEW [VERSION]`; `new` is `None` for a local directory.
struct Replace {
    old: String,
    old_version: Option<String>,
    new: Option<(String, String)>,
}

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let mut lock = Lockfile::default();
    let mut block: Option<String> = None;
    let mut saw_module = false;
    let mut replaces: Vec<Replace> = Vec::new();
    for (n, raw) in src.lines().enumerate() {
        let n = n as u32 + 1;
        let (code, comment) = match raw.find("//") {
            Some(i) => (&raw[..i], &raw[i + 2..]),
            None => (raw, ""),
        };
        let t = code.trim();
        if t.is_empty() {
            continue;
        }
        let (verb, rest) = match &block {
            Some(b) if t == ")" => {
                let _ = b;
                block = None;
                continue;
            }
            Some(b) => (b.clone(), t.to_string()),
            None => {
                let mut it = t.splitn(2, char::is_whitespace);
                let verb = it.next().unwrap_or("").to_string();
                let rest = it.next().unwrap_or("").trim().to_string();
                if rest == "(" {
                    block = Some(verb);
                    continue;
                }
                (verb, rest)
            }
        };
        match verb.as_str() {
            "module" => saw_module = true,
            "require" => {
                let f: Vec<&str> = rest.split_whitespace().collect();
                if f.len() < 2 {
                    return Err(LockfileError::Line {
                        line: n,
                        problem: "a `require` without a version",
                    });
                }
                let mut p = Package::new(f[0].trim_matches('"'), f[1], n);
                p.direct = Some(!comment.trim().split(';').any(|c| c.trim() == "indirect"));
                lock.packages.push(p);
            }
            "replace" => {
                let Some((old, new)) = rest.split_once("=>") else {
                    return Err(LockfileError::Line {
                        line: n,
                        problem: "a `replace` without `=>`",
                    });
                };
                let o: Vec<&str> = old.split_whitespace().collect();
                let w: Vec<&str> = new.split_whitespace().collect();
                let (Some(om), Some(nm)) = (o.first(), w.first()) else {
                    continue;
                };
                replaces.push(Replace {
                    old: om.to_string(),
                    old_version: o.get(1).map(|s| s.to_string()),
                    new: w.get(1).map(|v| (nm.to_string(), v.to_string())),
                });
            }
            _ => {}
        }
    }
    if !saw_module && lock.packages.is_empty() {
        return Err(LockfileError::NotThisFormat(
            "no `module` or `require` directive: not a go.mod",
        ));
    }
    for Replace {
        old,
        old_version: old_v,
        new,
    } in replaces
    {
        let mut keep = Vec::new();
        for mut p in std::mem::take(&mut lock.packages) {
            if p.name == old && old_v.as_ref().is_none_or(|v| *v == p.version) {
                match &new {
                    Some((m, v)) => {
                        p.name = m.clone();
                        p.version = v.clone();
                    }
                    None => {
                        lock.skipped
                            .push(format!("{} (replaced by a local directory)", p.name));
                        continue;
                    }
                }
            }
            keep.push(p);
        }
        lock.packages = keep;
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_indirect_and_replace() {
        let t = "module example.com/app\n\ngo 1.21\n\nrequire github.com/gin-gonic/gin v1.5.0\n\nrequire (\n\tgolang.org/x/text v0.3.0 // indirect\n\tgithub.com/old/mod v1.0.0\n\texample.com/local v0.0.0-00010101000000-000000000000\n)\n\nreplace github.com/old/mod => github.com/new/mod v1.2.0\nreplace example.com/local => ../local\n";
        let l = parse(t).unwrap();
        let got: Vec<(&str, &str, u32, Option<bool>)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.direct))
            .collect();
        assert_eq!(
            got,
            vec![
                ("github.com/gin-gonic/gin", "v1.5.0", 5, Some(true)),
                ("golang.org/x/text", "v0.3.0", 8, Some(false)),
                ("github.com/new/mod", "v1.2.0", 9, Some(true)),
            ]
        );
        assert_eq!(
            l.skipped,
            vec!["example.com/local (replaced by a local directory)"]
        );
        assert!(parse("hello world\n").is_err());
    }
}
