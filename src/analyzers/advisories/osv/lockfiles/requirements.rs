//! `requirements*.txt`: pip requirement lines pinned with `==` (or `===`).
//!
//! Only exact pins are checked; an unpinned or range requirement (`django>=3`), a wildcard pin
//! (`==3.*`), an editable, URL or VCS requirement is left out and named in the skipped note —
//! never guessed. Options (`-r`, `-c`, `-i`, `--hash`, ...) are not requirements; included files
//! are scanned on their own when the walk reaches them. Each pin is direct, unless pip-compile's
//! `# via` comments under it name other packages (then it is transitive, pulled in by them) —
//! `# via -r file` marks a direct requirement.

use super::pdm::requirement_name;
use super::{Lockfile, LockfileError, Package};
use crate::analyzers::advisories::osv::version::Ecosystem;
use crate::clip::clip;

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let mut lock = Lockfile::default();
    let mut edges: Vec<(String, usize)> = Vec::new();
    // The logical line being joined (`\` continuations) and its first physical line.
    let mut joined = String::new();
    let mut start = 0u32;
    // The last pin, to attach the `# via` comments that follow it.
    let mut last: Option<usize> = None;
    let mut in_via = false;
    let mut via: Vec<String> = Vec::new();
    let mut finish_via = |last: Option<usize>, via: &mut Vec<String>, lock: &mut Lockfile| {
        if let Some(i) = last
            && !via.is_empty()
        {
            let from_file = via
                .iter()
                .any(|v| v.starts_with("-r") || v.starts_with("-c"));
            let parents: Vec<String> = via
                .iter()
                .filter(|v| !v.starts_with('-'))
                .cloned()
                .collect();
            lock.packages[i].direct = Some(from_file);
            edges.extend(parents.into_iter().map(|p| (p, i)));
        }
        via.clear();
    };
    for (n, raw) in src.lines().enumerate() {
        let n = n as u32 + 1;
        let t = raw.trim();
        if joined.is_empty() {
            if let Some(c) = t.strip_prefix('#') {
                let c = c.trim();
                if let Some(rest) = c.strip_prefix("via") {
                    in_via = true;
                    let rest = rest.trim();
                    if !rest.is_empty() {
                        via.push(rest.to_string());
                    }
                } else if in_via && !c.is_empty() {
                    via.push(c.to_string());
                }
                continue;
            }
            if t.is_empty() {
                continue;
            }
            finish_via(last, &mut via, &mut lock);
            in_via = false;
            last = None;
            start = n;
        }
        // Strip an end-of-line comment (` #`), then handle a continuation.
        let body = match raw.find(" #") {
            Some(i) => &raw[..i],
            None => raw,
        };
        let body = body.trim_end();
        if let Some(b) = body.strip_suffix('\\') {
            joined.push_str(b);
            joined.push(' ');
            continue;
        }
        joined.push_str(body);
        let line = std::mem::take(&mut joined);
        let line = line.trim();
        if line.starts_with('-') {
            if line.starts_with("-e") || line.starts_with("--editable") {
                lock.skipped.push(format!("{} (editable)", clip(line, 60)));
            }
            continue;
        }
        // Drop environment markers and per-requirement options.
        let req = line.split(';').next().unwrap_or(line);
        let req = req.split(" --").next().unwrap_or(req).trim();
        let name = requirement_name(req);
        if name.is_empty() || req.contains("://") || req.contains(" @ ") {
            lock.skipped.push(format!(
                "{} (a URL or path, not a PyPI release)",
                clip(req, 60)
            ));
            continue;
        }
        let mut spec = req[name.len()..].trim();
        if spec.starts_with('[') {
            spec = spec.find(']').map(|i| spec[i + 1..].trim()).unwrap_or("");
        }
        let pin = spec
            .strip_prefix("===")
            .or_else(|| spec.strip_prefix("=="))
            .map(str::trim)
            .filter(|v| !v.is_empty() && !v.contains(['*', ',', '<', '>', '!', '~', ' ']));
        match pin {
            Some(v) => {
                let mut p = Package::new(name, v, start);
                p.direct = Some(true);
                last = Some(lock.packages.len());
                lock.packages.push(p);
            }
            None => lock.skipped.push(format!(
                "{name} (unpinned{}: only `==` pins are checked)",
                if spec.is_empty() {
                    String::new()
                } else {
                    format!(" `{}`", clip(spec, 60))
                }
            )),
        }
    }
    finish_via(last, &mut via, &mut lock);
    // `# via parent` gives parent -> child edges.
    let mut index = std::collections::HashMap::new();
    for (i, p) in lock.packages.iter().enumerate() {
        index
            .entry(Ecosystem::PyPI.normalize_name(&p.name))
            .or_insert(i);
    }
    for (parent, child) in edges {
        if let Some(&from) = index.get(&Ecosystem::PyPI.normalize_name(&parent))
            && from != child
            && !lock.packages[from].deps.contains(&child)
        {
            lock.packages[from].deps.push(child);
        }
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_only_and_unpinned_named() {
        let t = "# top\n-r base.txt\nDjango==3.2.0 ; python_version >= \"3.8\"\nrequests[socks] == 2.19.0 \\\n    --hash=sha256:abc\nflask>=1.0\nnumpy\nurllib3==1.*\n-e ./local\n";
        let l = parse(t).unwrap();
        let got: Vec<(&str, &str, u32)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line))
            .collect();
        assert_eq!(got, vec![("Django", "3.2.0", 3), ("requests", "2.19.0", 4)]);
        assert_eq!(l.skipped.len(), 4, "{:?}", l.skipped);
        assert!(l.skipped[0].starts_with("flask (unpinned `>=1.0`"));
    }

    #[test]
    fn pip_compile_via_comments_give_direct_and_parents() {
        let t = "django==3.2.0\n    # via -r requirements.in\nsqlparse==0.4.1\n    # via\n    #   django\n";
        let l = parse(t).unwrap();
        assert_eq!(l.packages[0].direct, Some(true));
        assert_eq!(l.packages[1].direct, Some(false));
        assert_eq!(l.introduced_by(), vec![Some(0), Some(0)]);
    }
}
