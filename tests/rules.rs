//! Every rule against its own examples and fixtures, each rule alone; and the catalogue snapshot.

use crate::common::root;
use aseptic::rule::{Rule, builtin_rules};

/// Runs one rule over its inline examples and fixture trees; returns the problems found.
pub fn check_rule(rule: &Rule) -> Vec<String> {
    let fixtures = root().join("fixtures/rules");
    aseptic::rule_check::check_rule(rule, Some(&fixtures)).expect("rule check runs")
}

#[test]
fn every_rule_passes_its_examples_and_fixtures() {
    let rules = builtin_rules().expect("built-in rules load");
    // Plain threads, each taking every n-th rule: a scan builds its own rayon pool, and calling
    // `install` from inside another pool's worker lets that worker steal more rule checks while it
    // waits, nesting them on one stack until it overflows (hundreds of rules).
    let n = std::thread::available_parallelism().map_or(2, |n| n.get());
    let problems: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .map(|k| {
                let rules = &rules;
                s.spawn(move || {
                    rules
                        .iter()
                        .skip(k)
                        .step_by(n)
                        .flat_map(check_rule)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("rule check thread"))
            .collect()
    });
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_fixture_folder_belongs_to_a_rule() {
    let rules = builtin_rules().unwrap();
    let Ok(entries) = std::fs::read_dir(root().join("fixtures/rules")) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            rules.iter().any(|r| r.id == name),
            "fixtures/rules/{name} has no rule"
        );
    }
}

#[test]
fn catalogue_snapshot_is_current_and_ids_unique() {
    let rules = builtin_rules().unwrap();
    aseptic::rule::check_unique(&rules).unwrap();
    let mut lines: Vec<String> = rules
        .iter()
        .map(|r| format!("{} {} {} {}", r.id, r.analyzer, r.severity, r.name))
        .collect();
    lines.sort();
    let actual = lines.join("\n") + "\n";
    let path = root().join("tests/catalogue.snapshot");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "the rule catalogue changed; review and run with UPDATE_SNAPSHOTS=1 to update tests/catalogue.snapshot"
    );
}
