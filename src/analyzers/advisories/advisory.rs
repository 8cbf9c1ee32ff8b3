//! What aseptic makes of one RustSec advisory: whether it applies to a package version, its kind,
//! its severity, the smallest upgrade that fixes it, and the run-time [`Rule`] that describes it in
//! reports (SARIF shows one rule per advisory id).
//!
//! Severity: the CVSS v3 or v4 base score when the advisory has a vector (>= 9 critical, >= 7
//! high, >= 4 medium, > 0 low, 0 info). Without one: a vulnerability takes the severity its own
//! text states ("a low severity issue", "Severity: high"), else `medium` (the peers' default for an
//! unscored advisory), `unsound` is `medium` (undefined behaviour reachable from safe code),
//! `unmaintained` is `low`, `notice` and other informational kinds are `info`. A yanked version is
//! `low`.
//!
//! HIPAA mapping: every advisory supports 164.312(c)(1) (integrity: a vulnerable or unmaintained
//! dependency can alter or destroy ePHI); vulnerabilities also cite 164.308(a)(1)(ii)(B) (risk
//! management: known vulnerabilities must be remediated). CWE: 1395 (dependency on a vulnerable
//! component) or 1104 (unmaintained component), plus one per RustSec category.

use crate::finding::{AnalyzerKind, Severity};
use crate::rule::{Precision, Rule};
use rustsec::advisory::{Advisory, Category, Informational};
use rustsec::package::Package;
use rustsec::semver::{self, Op, Version, VersionReq};
use std::collections::BTreeMap;

/// The finding kinds, as the `kind` property spells them.
pub fn kind(a: &Advisory) -> &str {
    match &a.metadata.informational {
        None => "vulnerability",
        Some(i) => i.as_str(),
    }
}

/// Does advisory `a` apply to `pkg`? Withdrawn advisories never do; the package must come from the
/// registry the advisory is about (crates.io unless it names another).
pub fn applies(a: &Advisory, pkg: &Package) -> bool {
    if a.withdrawn() {
        return false;
    }
    let Some(src) = &pkg.source else {
        return false;
    };
    let from_right_registry = match &a.metadata.source {
        None => src.is_default_registry(),
        Some(s) => s.kind() == src.kind() && s.url() == src.url(),
    };
    from_right_registry && a.versions.is_vulnerable(&pkg.version)
}

/// The severity an advisory's own text states: "low severity", "high-severity", "Severity: high",
/// "severity of critical" (case-insensitive; `moderate` is medium). The first statement wins.
pub fn stated_severity(text: &str) -> Option<Severity> {
    let t = text.to_ascii_lowercase();
    let word = |w: &str| match w {
        "critical" => Some(Severity::Critical),
        "high" => Some(Severity::High),
        "medium" | "moderate" => Some(Severity::Medium),
        "low" => Some(Severity::Low),
        _ => None,
    };
    let words: Vec<&str> = t
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if *w != "severity" {
            continue;
        }
        // "<level> severity"
        if let Some(s) = i.checked_sub(1).and_then(|j| word(words[j])) {
            return Some(s);
        }
        // "severity: <level>", "severity of <level>", "severity is <level>"
        let next = words.get(i + 1).copied();
        let after = match next {
            Some("of" | "is") => words.get(i + 2).copied(),
            other => other,
        };
        if let Some(s) = after.and_then(word) {
            return Some(s);
        }
    }
    None
}

/// A CVSS base score as a severity (>= 9 critical, >= 7 high, >= 4 medium, > 0 low, else info);
/// shared by RustSec and OSV advisories.
pub fn score_severity(s: f64) -> Severity {
    if s >= 9.0 {
        Severity::Critical
    } else if s >= 7.0 {
        Severity::High
    } else if s >= 4.0 {
        Severity::Medium
    } else if s > 0.0 {
        Severity::Low
    } else {
        Severity::Info
    }
}

pub fn severity(a: &Advisory) -> Severity {
    if let Some(cvss) = &a.metadata.cvss {
        return score_severity(cvss.score());
    }
    match &a.metadata.informational {
        None => stated_severity(&format!("{}\n{}", a.title(), a.description()))
            .unwrap_or(Severity::Medium),
        Some(Informational::Unsound) => Severity::Medium,
        Some(Informational::Unmaintained) => Severity::Low,
        Some(_) => Severity::Info,
    }
}

/// The patched ranges as written (`>= 1.5.5`; `^0.6.14, >= 1.0.0`), or `none`.
pub fn patched(a: &Advisory) -> String {
    let p = a.versions.patched();
    if p.is_empty() {
        "none".into()
    } else {
        p.iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The smallest version above `current` that some patched range allows and that the advisory does
/// not affect. Candidates are each range's lower bound.
pub fn smallest_fix(a: &Advisory, current: &Version) -> Option<Version> {
    let mut best: Option<Version> = None;
    for req in a.versions.patched() {
        let Some(c) = lower_bound(req) else { continue };
        if c <= *current || !req.matches(&c) || a.versions.is_vulnerable(&c) {
            continue;
        }
        if best.as_ref().is_none_or(|b| c < *b) {
            best = Some(c);
        }
    }
    best
}

/// The smallest version a requirement could allow, from its `>=`, `>`, `=`, `^`, `~` and `*`
/// comparators (missing minor/patch count as 0; `>` bumps the last given part).
fn lower_bound(req: &VersionReq) -> Option<Version> {
    let mut best: Option<Version> = None;
    for c in &req.comparators {
        let minor = c.minor.unwrap_or(0);
        let patch = c.patch.unwrap_or(0);
        let mut v = Version::new(c.major, minor, patch);
        v.pre = c.pre.clone();
        match c.op {
            Op::GreaterEq | Op::Exact | Op::Caret | Op::Tilde | Op::Wildcard => {}
            Op::Greater => {
                v.pre = semver::Prerelease::EMPTY;
                match (c.minor, c.patch) {
                    (None, _) => v = Version::new(c.major + 1, 0, 0),
                    (Some(m), None) => v = Version::new(c.major, m + 1, 0),
                    (Some(m), Some(p)) => v = Version::new(c.major, m, p + 1),
                }
            }
            _ => continue,
        }
        if best.as_ref().is_none_or(|b| v > *b) {
            best = Some(v);
        }
    }
    best
}

/// Platforms the advisory is limited to: `os windows`, `arch x86`.
pub fn platforms(a: &Advisory) -> Option<String> {
    let aff = a.affected.as_ref()?;
    let mut parts = Vec::new();
    if !aff.os.is_empty() {
        parts.push(format!(
            "os {}",
            aff.os
                .iter()
                .map(|o| o.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !aff.arch.is_empty() {
        parts.push(format!(
            "arch {}",
            aff.arch
                .iter()
                .map(|o| o.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

pub fn aliases(a: &Advisory) -> Vec<String> {
    a.metadata.aliases.iter().map(|i| i.to_string()).collect()
}

pub fn help_uri(id: &str) -> String {
    format!("https://rustsec.org/advisories/{id}.html")
}

fn category_cwe(c: &Category) -> Option<&'static str> {
    Some(match c {
        Category::CodeExecution => "CWE-94",
        Category::CryptoFailure => "CWE-327",
        Category::DenialOfService => "CWE-400",
        Category::FileDisclosure => "CWE-552",
        Category::FormatInjection => "CWE-74",
        Category::Malicious => "CWE-506",
        Category::MemoryCorruption => "CWE-119",
        Category::MemoryExposure => "CWE-200",
        Category::PrivilegeEscalation => "CWE-269",
        Category::ThreadSafety => "CWE-362",
        _ => return None,
    })
}

/// Demotes an advisory text's own headings below ours, outside code fences (RustSec and OSV).
pub fn demote_headings(md: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && line.starts_with('#') {
            out.push_str("##");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The run-time rule for advisory `a`, with the five help sections synthesized from it.
/// A generated rule's `name`: package and advisory id, lower case, every other character `-`
/// (`smallvec-rustsec-2019-0009`). The OSV rules use it too.
pub fn rule_name(pkg: &str, id: &str) -> String {
    format!("{pkg}-{id}")
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

pub fn rule(a: &Advisory) -> Rule {
    let id = a.id().to_string();
    let pkg = a.metadata.package.as_str();
    let k = kind(a);
    let title = a.title().trim();
    let summary = if title.is_empty() {
        format!("{pkg}: {id}")
    } else {
        title.lines().next().unwrap_or(title).to_string()
    };
    let fix_text = if a.versions.patched().is_empty() {
        format!(
            "No fixed version of `{pkg}` is published. Replace the crate, remove the dependency, \
             or accept the risk with an `[[advisories.ignore]]` entry that gives a reason and an \
             `expires` date."
        )
    } else {
        format!(
            "Upgrade `{pkg}` to a version in a patched range ({}), e.g. `cargo update -p {pkg} \
             --precise VERSION`, or raise the requirement in `Cargo.toml` when it does not allow \
             one. The finding's `fix` property names the smallest such upgrade.",
            patched(a)
        )
    };
    let example_version = example_version(a).unwrap_or_else(|| "…".into());
    let mut refs = vec![format!("- {}", help_uri(&id))];
    if let Some(u) = &a.metadata.url {
        refs.push(format!("- {u}"));
    }
    for r in &a.metadata.references {
        refs.push(format!("- {r}"));
    }
    let al = aliases(a);
    if !al.is_empty() {
        refs.push(format!("- Aliases: {}", al.join(", ")));
    }
    let mut what = format!(
        "Reports every `Cargo.lock` entry of `{pkg}` in a version that RustSec advisory {id} \
         ({k}) affects.\n\nPatched: {}.",
        patched(a)
    );
    if !a.versions.unaffected().is_empty() {
        what.push_str(&format!(
            " Unaffected: {}.",
            a.versions
                .unaffected()
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if let Some(p) = platforms(a) {
        what.push_str(&format!(" Only on {p}."));
    }
    let help = format!(
        "## What it does\n\n{what}\n\n## Why it matters\n\n{}\n\n## Example\n\n```toml\n\
         [[package]]\nname = \"{pkg}\"\nversion = \"{example_version}\"\n```\n\n## Fix\n\n{fix_text}\n\n\
         ## References\n\n{}\n",
        demote_headings(a.description().trim()).trim_end(),
        refs.join("\n")
    );
    let mut cwe: Vec<String> = vec![
        if k == "unmaintained" {
            "CWE-1104"
        } else {
            "CWE-1395"
        }
        .to_string(),
    ];
    for c in &a.metadata.categories {
        if let Some(w) = category_cwe(c)
            && !cwe.iter().any(|x| x == w)
        {
            cwe.push(w.to_string());
        }
    }
    let mut hipaa = vec!["164.312(c)(1)".to_string()];
    if k == "vulnerability" {
        hipaa.push("164.308(a)(1)(ii)(B)".to_string());
    }
    let mut peers = BTreeMap::new();
    peers.insert("cargo-audit".to_string(), vec![id.clone()]);
    peers.insert("cargo-deny".to_string(), vec![id.clone()]);
    let name = rule_name(pkg, &id);
    Rule {
        id: id.clone(),
        name,
        analyzer: AnalyzerKind::Advisories,
        severity: severity(a),
        summary,
        help,
        hipaa,
        cwe,
        precision: Precision::High,
        peers,
        peer_severity: Default::default(),
        severity_reason: None,
        tags: vec!["dependency".into(), "rustsec".into(), k.to_string()],
        help_uri: Some(help_uri(&id)),
        aliases: Vec::new(),
        examples: Default::default(),
        matcher: Default::default(),
        source: format!("advisory-db/crates/{pkg}/{id}.md"),
        builtin: false,
    }
}

/// A version the advisory affects, for the help's example: the bound just below a patched range.
fn example_version(a: &Advisory) -> Option<String> {
    for req in a.versions.patched() {
        if let Some(v) = lower_bound(req)
            && v.patch > 0
        {
            let below = Version::new(v.major, v.minor, v.patch - 1);
            if a.versions.is_vulnerable(&below) {
                return Some(below.to_string());
            }
        }
    }
    ["0.1.0", "0.0.1", "1.0.0"]
        .iter()
        .find(|v| a.versions.is_vulnerable(&Version::parse(v).unwrap()))
        .map(|v| v.to_string())
}

/// The run-time rule for yanked versions.
pub fn yanked_rule() -> Rule {
    let mut peers = BTreeMap::new();
    peers.insert("cargo-audit".to_string(), vec!["yanked".to_string()]);
    peers.insert("cargo-deny".to_string(), vec!["yanked".to_string()]);
    Rule {
        id: YANKED_ID.into(),
        name: "yanked-crate-version".into(),
        analyzer: AnalyzerKind::Advisories,
        severity: Severity::Low,
        summary: "Cargo.lock pins a crate version its authors yanked from crates.io".into(),
        help: "## What it does\n\nReports `Cargo.lock` entries whose version is marked yanked in \
               cargo's local crates.io index cache (`$CARGO_HOME/registry/index/*/.cache`). The \
               index is never fetched for this: when the cache does not know a package, the scan \
               says \"yanked status unknown\" once.\n\n## Why it matters\n\nAuthors yank a release \
               when it is broken or unsafe to use; new resolutions avoid it, but an existing \
               lockfile keeps it.\n\n## Example\n\n```toml\n[[package]]\nname = \"smallvec\"\n\
               version = \"0.6.9\"  # yanked\n```\n\n## Fix\n\nRun `cargo update -p NAME` to move \
               to a published version.\n\n## References\n\n- \
               https://doc.rust-lang.org/cargo/commands/cargo-yank.html\n"
            .into(),
        hipaa: vec!["164.312(c)(1)".into()],
        cwe: vec!["CWE-1104".into()],
        precision: Precision::High,
        peers,
        peer_severity: Default::default(),
        severity_reason: None,
        tags: vec!["dependency".into(), "yanked".into()],
        help_uri: Some("https://doc.rust-lang.org/cargo/commands/cargo-yank.html".into()),
        aliases: Vec::new(),
        examples: Default::default(),
        matcher: Default::default(),
        source: "src/analyzers/advisories/advisory.rs".into(),
        builtin: false,
    }
}

pub const YANKED_ID: &str = "ADV-YANKED";

#[cfg(test)]
mod tests {
    use super::*;

    fn adv(versions: &str, extra: &str) -> Advisory {
        format!(
            "```toml\n[advisory]\nid = \"RUSTSEC-2099-0001\"\npackage = \"demo\"\n\
             date = \"2099-01-01\"\n{extra}\n[versions]\n{versions}\n```\n\n# Demo title\n\n\
             Demo description.\n\n## Impact\n\nBad.\n"
        )
        .parse()
        .unwrap()
    }

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn smallest_fix_is_the_nearest_patched_lower_bound() {
        let a = adv(r#"patched = [">= 0.6.14, < 1.0.0", ">= 1.6.1"]"#, "");
        assert_eq!(smallest_fix(&a, &v("0.6.9")), Some(v("0.6.14")));
        assert_eq!(smallest_fix(&a, &v("1.2.0")), Some(v("1.6.1")));
        let none = adv("patched = []", "");
        assert_eq!(smallest_fix(&none, &v("1.0.0")), None);
        let caret = adv(r#"patched = ["^0.3.7", ">= 0.4.2"]"#, "");
        assert_eq!(smallest_fix(&caret, &v("0.3.1")), Some(v("0.3.7")));
        assert_eq!(smallest_fix(&caret, &v("0.4.0")), Some(v("0.4.2")));
    }

    #[test]
    fn unscored_advisories_take_the_severity_their_text_states() {
        for (text, want) in [
            (
                "This is a low severity issue in the parser.",
                Some(Severity::Low),
            ),
            ("A high-severity flaw", Some(Severity::High)),
            ("Severity: Critical", Some(Severity::Critical)),
            ("rated with a severity of moderate", Some(Severity::Medium)),
            ("The severity depends on the caller.", None),
            ("Low memory use, high throughput.", None),
        ] {
            assert_eq!(stated_severity(text), want, "{text}");
        }
    }

    #[test]
    fn severity_follows_cvss_then_kind() {
        let crit = adv(
            r#"patched = [">= 1.0.0"]"#,
            "cvss = \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"",
        );
        assert_eq!(severity(&crit), Severity::Critical);
        assert_eq!(severity(&adv(r#"patched = []"#, "")), Severity::Medium);
        let unm = adv("patched = []", "informational = \"unmaintained\"");
        assert_eq!(severity(&unm), Severity::Low);
        assert_eq!(kind(&unm), "unmaintained");
        let uns = adv("patched = []", "informational = \"unsound\"");
        assert_eq!(severity(&uns), Severity::Medium);
        let notice = adv("patched = []", "informational = \"notice\"");
        assert_eq!(severity(&notice), Severity::Info);
    }

    #[test]
    fn the_rule_validates_and_demotes_description_headings() {
        let a = adv(r#"patched = [">= 1.2.3"]"#, "aliases = [\"CVE-2099-1\"]");
        let r = rule(&a);
        r.validate().unwrap();
        assert_eq!(r.summary, "Demo title");
        assert!(r.help.contains("#### Impact"), "{}", r.help);
        assert!(r.help.contains("version = \"1.2.2\""), "{}", r.help);
        assert!(r.help.contains("CVE-2099-1"));
        assert_eq!(
            r.help_uri.as_deref(),
            Some("https://rustsec.org/advisories/RUSTSEC-2099-0001.html")
        );
        yanked_rule().validate().unwrap();
    }
}
