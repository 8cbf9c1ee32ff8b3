//! Checked-in generated files (completions, man page) must match what the CLI generates now.

use crate::common::root;
use aseptic::generated::{COMPLETIONS, DOC_BLOCKS, completion, man_page};

fn check(rel: &str, actual: &[u8], stale: &mut Vec<String>) {
    let path = root().join(rel);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    if std::fs::read(&path).ok().as_deref() != Some(actual) {
        stale.push(rel.to_string());
    }
}

#[test]
fn completions_and_man_page_are_fresh() {
    let mut stale = Vec::new();
    for (shell, file) in COMPLETIONS {
        check(
            &format!("completions/{file}"),
            &completion(shell),
            &mut stale,
        );
    }
    check("man/aseptic.1", &man_page().unwrap(), &mut stale);
    assert!(
        stale.is_empty(),
        "stale generated files {stale:?}: run `UPDATE_SNAPSHOTS=1 cargo test --test main generated`"
    );
}

/// The README's rule counts and the docs' matcher tables (every [`DOC_BLOCKS`] entry) match the
/// catalogue: a rule added, removed or moved to another platform or check makes this fail.
#[test]
fn documentation_tables_match_the_catalogue() {
    let rules = aseptic::rule::builtin_rules().unwrap();
    let mut stale = Vec::new();
    for b in DOC_BLOCKS {
        let path = root().join(b.file);
        let text = std::fs::read_to_string(&path).unwrap();
        let fresh = aseptic::generated::replace_block(&text, b.name, &(b.generate)(&rules))
            .unwrap_or_else(|| panic!("{} has no `{}` markers", b.file, b.name));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        if std::fs::read_to_string(&path).unwrap() != fresh {
            stale.push(format!("{} ({})", b.file, b.name));
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated tables {stale:?}: run `UPDATE_SNAPSHOTS=1 cargo test --test main generated`"
    );
}

#[test]
fn a_doc_table_names_every_platform_and_check() {
    let rules = aseptic::rule::builtin_rules().unwrap();
    let iac = aseptic::generated::iac_platforms(&rules);
    for p in aseptic::analyzers::iac::matcher::PLATFORMS {
        assert!(iac.contains(&format!("| `{p}` |")), "{p} missing:\n{iac}");
    }
    // Every IaC rule is counted under at least one platform.
    let counted: usize = iac
        .lines()
        .skip(2)
        .filter_map(|l| l.split('|').nth(2)?.trim().parse::<usize>().ok())
        .sum();
    let n = rules
        .iter()
        .filter(|r| r.analyzer == aseptic::finding::AnalyzerKind::Iac)
        .count();
    assert!(counted >= n && n > 0, "{counted} matchers for {n} rules");
    let rust = aseptic::generated::rust_checks(&rules);
    assert!(rust.contains("| `hard-coded-credential` |") && rust.contains("RS-CRED-001"));
    let phi = aseptic::generated::phi_rules(&rules);
    assert!(
        phi.contains("| `PHI-SSN` | Social Security number | `ssn` |"),
        "{phi}"
    );
}
