//! Checked-in generated files (completions, man page) must match what the CLI generates now.

use crate::common::root;
use aseptic::generated::{COMPLETIONS, completion, man_page};

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

#[test]
fn readme_rule_counts_match_the_catalogue() {
    let rules = aseptic::rule::builtin_rules().unwrap();
    let path = root().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let block = aseptic::generated::rule_counts(&rules);
    let fresh = aseptic::generated::replace_block(&text, "rule-counts", &block)
        .expect("README.md has the rule-counts markers");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    assert!(
        std::fs::read_to_string(&path).unwrap() == fresh,
        "README rule counts are stale: run `UPDATE_SNAPSHOTS=1 cargo test --test main generated`"
    );
}
