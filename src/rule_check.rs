//! Runs a rule's own examples through the real analyzers, the rule alone: every positive example
//! (and positive fixture tree) must give a finding of the rule, every negative one none. The test
//! suite runs it over the built-in catalogue, and `aseptic rules --check DIR` over a rule
//! author's files, so a rule can be tested without building aseptic.
//!
//! Problems name the rule, the example and, for a negative that fires, the lines; never the
//! finding's message or the matched text (a rule's examples may hold real-looking values).

use crate::config::Config;
use crate::error::Error;
use crate::report::Report;
use crate::rule::Rule;
use crate::scan::{scan_bytes_with, scan_tree_with};
use std::path::Path;

fn hits<'a>(report: &'a Report, id: &'a str) -> impl Iterator<Item = String> + 'a {
    report
        .findings
        .iter()
        .filter(move |f| f.rule_id == id)
        .map(|f| format!("{}:{}", f.location.path, f.location.start_line))
}

/// Checks `rule` against its inline examples and, when `fixtures` is given, the trees
/// `fixtures/<ID>/positive` and `fixtures/<ID>/negative`. Returns one line per problem; a rule
/// with no positive or no negative example at all is a problem too.
pub fn check_rule(rule: &Rule, fixtures: Option<&Path>) -> Result<Vec<String>, Error> {
    let mut problems = Vec::new();
    let alone = || vec![rule.clone()];
    let (mut positives, mut negatives) = (0, 0);
    for (want, list) in [
        (true, &rule.examples.positive),
        (false, &rule.examples.negative),
    ] {
        for (i, ex) in list.iter().enumerate() {
            let r = scan_bytes_with(alone(), &ex.path, ex.text.as_bytes(), Config::default())?;
            let at: Vec<String> = hits(&r, &rule.id).collect();
            if want {
                positives += 1;
                if at.is_empty() {
                    problems.push(format!(
                        "{}: positive example {} ({}) gives no finding",
                        rule.id,
                        i + 1,
                        ex.path
                    ));
                }
            } else {
                negatives += 1;
                if !at.is_empty() {
                    problems.push(format!(
                        "{}: negative example {} ({}) fires at {}",
                        rule.id,
                        i + 1,
                        ex.path,
                        at.join(", ")
                    ));
                }
            }
        }
    }
    if let Some(base) = fixtures {
        for (kind, want) in [("positive", true), ("negative", false)] {
            let d = base.join(&rule.id).join(kind);
            if !d.is_dir() {
                continue;
            }
            if want {
                positives += 1
            } else {
                negatives += 1
            }
            let r = scan_tree_with(alone(), &d, Config::default())?;
            let at: Vec<String> = hits(&r, &rule.id).collect();
            if want && at.is_empty() {
                problems.push(format!(
                    "{}: fixtures {}/{kind} give no finding",
                    rule.id, rule.id
                ));
            }
            if !want && !at.is_empty() {
                problems.push(format!(
                    "{}: fixtures {}/{kind} fire at {}",
                    rule.id,
                    rule.id,
                    at.join(", ")
                ));
            }
        }
    }
    if positives == 0 {
        problems.push(format!("{}: no positive example or fixture", rule.id));
    }
    if negatives == 0 {
        problems.push(format!("{}: no negative example or fixture", rule.id));
    }
    Ok(problems)
}
