//! Every rule against its own examples and fixtures, each rule alone; and the catalogue snapshot.

use crate::common::root;
use aseptic::config::Config;
use aseptic::rule::{Rule, builtin_rules};
use aseptic::scan::{scan_bytes_with, scan_tree_with};

fn hits(report: &aseptic::report::Report, id: &str) -> usize {
    report.findings.iter().filter(|f| f.rule_id == id).count()
}

/// Runs one rule over its inline examples and fixture trees; returns the problems found.
pub fn check_rule(rule: &Rule) -> Vec<String> {
    let mut problems = Vec::new();
    let alone = || vec![rule.clone()];
    let (mut positives, mut negatives) = (0, 0);
    for (i, ex) in rule.examples.positive.iter().enumerate() {
        positives += 1;
        let r = scan_bytes_with(alone(), &ex.path, ex.text.as_bytes(), Config::default()).unwrap();
        if hits(&r, &rule.id) == 0 {
            problems.push(format!(
                "{}: positive example {} ({}) gives no finding",
                rule.id,
                i + 1,
                ex.path
            ));
        }
    }
    for (i, ex) in rule.examples.negative.iter().enumerate() {
        negatives += 1;
        let r = scan_bytes_with(alone(), &ex.path, ex.text.as_bytes(), Config::default()).unwrap();
        if hits(&r, &rule.id) != 0 {
            problems.push(format!(
                "{}: negative example {} ({}) fires: {:?}",
                rule.id,
                i + 1,
                ex.path,
                r.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
            ));
        }
    }
    let dir = root().join("fixtures/rules").join(&rule.id);
    for (kind, want) in [("positive", true), ("negative", false)] {
        let d = dir.join(kind);
        if !d.is_dir() {
            continue;
        }
        if want {
            positives += 1
        } else {
            negatives += 1
        }
        let r = scan_tree_with(alone(), &d, Config::default()).unwrap();
        let n = hits(&r, &rule.id);
        if want && n == 0 {
            problems.push(format!(
                "{}: fixtures/rules/{}/positive gives no finding",
                rule.id, rule.id
            ));
        }
        if !want && n != 0 {
            let at: Vec<String> = r
                .findings
                .iter()
                .filter(|f| f.rule_id == rule.id)
                .map(|f| format!("{}:{}", f.location.path, f.location.start_line))
                .collect();
            problems.push(format!(
                "{}: fixtures/rules/{}/negative fires at {at:?}",
                rule.id, rule.id
            ));
        }
    }
    if positives == 0 {
        problems.push(format!("{}: no positive example or fixture", rule.id));
    }
    if negatives == 0 {
        problems.push(format!("{}: no negative example or fixture", rule.id));
    }
    problems
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
