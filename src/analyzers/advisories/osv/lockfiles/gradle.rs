//! `gradle.lockfile` (Gradle dependency locking): `group:artifact:version=configurations` lines.
//!
//! The file lists the resolved set without edges or a direct mark; an entry used only by test
//! configurations (`testCompileClasspath`, ...) is development-only. `empty=` lists
//! configurations that resolved nothing.

use super::{Lockfile, LockfileError, Package};

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let mut lock = Lockfile::default();
    for (n, raw) in src.lines().enumerate() {
        let n = n as u32 + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("empty=") {
            continue;
        }
        let (coords, confs) = t.split_once('=').unwrap_or((t, ""));
        let parts: Vec<&str> = coords.split(':').collect();
        if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(LockfileError::Line {
                line: n,
                problem: "expected `group:artifact:version=configurations`",
            });
        }
        let mut p = Package::new(format!("{}:{}", parts[0], parts[1]), parts[2], n);
        p.dev = !confs.is_empty()
            && confs
                .split(',')
                .all(|c| c.trim().to_ascii_lowercase().starts_with("test"));
        lock.packages.push(p);
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_coordinates_and_test_only_entries() {
        let t = "# This is a Gradle generated file for dependency locking.\norg.apache.logging.log4j:log4j-core:2.14.1=compileClasspath,runtimeClasspath\njunit:junit:4.12=testCompileClasspath,testRuntimeClasspath\nempty=annotationProcessor\n";
        let l = parse(t).unwrap();
        let got: Vec<(&str, &str, u32, bool)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.dev))
            .collect();
        assert_eq!(
            got,
            vec![
                ("org.apache.logging.log4j:log4j-core", "2.14.1", 2, false),
                ("junit:junit", "4.12", 3, true),
            ]
        );
        assert!(parse("not a lockfile\n").is_err());
    }
}
