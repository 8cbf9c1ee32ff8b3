//! `yarn.lock`, classic (v1) and berry (v2+), read line by line: both put each entry's
//! descriptors on an unindented line ending in `:` and its `version` on an indented line below
//! (`version "1.2.3"` in v1, `version: 1.2.3` in berry).
//!
//! A yarn lockfile does not say which entries are direct, so that stays unknown; edges are not
//! read either (they name ranges, not entries). Workspace, link, portal and file entries are not
//! registry releases and are counted in the skipped note; berry's `__metadata` is not a package.

use super::{Lockfile, LockfileError, Package};

/// The package name of a descriptor: `lodash@^4`, `@babel/core@npm:^7`, `"x@patch:x@npm%3A..."`.
fn name_of(descriptor: &str) -> Option<&str> {
    let d = descriptor.trim().trim_matches('"');
    let at = d.get(1..)?.find('@')? + 1;
    Some(&d[..at])
}

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let mut lock = Lockfile::default();
    // The open entry: (name, line, version, skip reason).
    let mut open: Option<(String, u32, Option<String>, Option<&'static str>)> = None;
    let mut saw_entry = false;
    let close = |open: &mut Option<(String, u32, Option<String>, Option<&'static str>)>,
                 lock: &mut Lockfile| {
        if let Some((name, line, version, skip)) = open.take() {
            match (version, skip) {
                (_, Some(why)) => lock.skipped.push(format!("{name} ({why})")),
                (Some(v), None) if super::super::version::semver_go::parse_npm(&v).is_some() => {
                    lock.packages.push(Package::new(name, v, line))
                }
                (Some(_), None) => lock
                    .skipped
                    .push(format!("{name} (not a registry release)")),
                (None, None) => lock.skipped.push(format!("{name} (no version)")),
            }
        }
    };
    for (i, raw) in src.lines().enumerate() {
        let line = i as u32 + 1;
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if !raw.starts_with(' ') && !raw.starts_with('\t') {
            close(&mut open, &mut lock);
            let Some(head) = raw.trim_end().strip_suffix(':') else {
                return Err(LockfileError::Line {
                    line,
                    problem: "expected an entry header ending in `:`",
                });
            };
            if head.trim_matches('"') == "__metadata" {
                continue;
            }
            let first = head.split(',').next().unwrap_or(head);
            let Some(name) = name_of(first) else {
                return Err(LockfileError::Line {
                    line,
                    problem: "an entry header without `name@range`",
                });
            };
            saw_entry = true;
            let skip = ["@workspace:", "@link:", "@portal:", "@file:", "@exec:"]
                .iter()
                .any(|p| head.contains(p))
                .then_some("a workspace or local package");
            open = Some((name.to_string(), line, None, skip));
            continue;
        }
        let t = raw.trim();
        let indent = raw.len() - raw.trim_start().len();
        if let Some((_, _, version, _)) = open.as_mut()
            && indent <= 2
        {
            let value = t
                .strip_prefix("version:")
                .or_else(|| t.strip_prefix("version "));
            if let Some(v) = value {
                *version = Some(v.trim().trim_matches('"').to_string());
            }
        }
    }
    close(&mut open, &mut lock);
    if !saw_entry && !src.contains("__metadata") && !src.trim().is_empty() {
        return Err(LockfileError::NotThisFormat("no entries found"));
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_classic_and_berry() {
        let classic = "# yarn lockfile v1\n\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n  version \"7.1.2\"\n  resolved \"https://r/x.tgz\"\n\nlodash@^4.17.0:\n  version \"4.17.15\"\n  dependencies:\n    version \"9.9.9\"\n";
        let l = parse(classic).unwrap();
        let got: Vec<(&str, &str, u32)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line))
            .collect();
        assert_eq!(
            got,
            vec![("@babel/core", "7.1.2", 4), ("lodash", "4.17.15", 8)]
        );

        let berry = "__metadata:\n  version: 6\n  cacheKey: 8\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n\n\"minimist@npm:^1.2.0, minimist@npm:^1.2.5\":\n  version: 1.2.5\n  resolution: \"minimist@npm:1.2.5\"\n";
        let l = parse(berry).unwrap();
        assert_eq!(l.packages.len(), 1);
        assert_eq!(
            (
                l.packages[0].name.as_str(),
                l.packages[0].version.as_str(),
                l.packages[0].line
            ),
            ("minimist", "1.2.5", 9)
        );
        assert_eq!(
            l.skipped,
            vec!["app (a workspace or local package)".to_string()]
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse("this is not a lockfile\n").is_err());
    }
}
