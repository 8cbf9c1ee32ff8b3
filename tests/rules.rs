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

/// Every built-in rule file is named `<name>.toml` after the rule's own `name` field, so a rule is
/// found by its name and the catalogue has one convention (rules/README.md).
#[test]
fn every_rule_file_is_named_after_its_rule() {
    let rules = builtin_rules().unwrap();
    let misnamed: Vec<String> = rules
        .iter()
        .filter(|r| {
            let stem = std::path::Path::new(&r.source).file_stem();
            stem.and_then(|s| s.to_str()) != Some(r.name.as_str())
        })
        .map(|r| format!("{} ({}) should be named {}.toml", r.source, r.id, r.name))
        .collect();
    assert!(misnamed.is_empty(), "{}", misnamed.join("\n"));
}

/// Rule files stay readable: outside multi-line strings (help text, examples) no line passes 120
/// characters once its quoted strings are set aside, so long matcher expressions are spread over
/// several lines and only a single long regex or path may run past the margin.
#[test]
fn matcher_expressions_fit_in_120_columns() {
    fn toml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                toml_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    /// The line with every "…" and '…' string reduced to a pair of quotes.
    fn without_strings(line: &str) -> String {
        let (mut out, mut chars) = (String::new(), line.chars());
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '"' || c == '\'' {
                let mut escaped = false;
                for d in chars.by_ref() {
                    if c == '"' && d == '\\' && !escaped {
                        escaped = true;
                        continue;
                    }
                    if d == c && !escaped {
                        out.push(c);
                        break;
                    }
                    escaped = false;
                }
            }
        }
        out
    }
    let mut files = Vec::new();
    toml_files(&root().join("rules"), &mut files);
    assert!(files.len() > 400, "found only {} rule files", files.len());
    let mut long = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut in_multiline = false;
        for (n, line) in text.lines().enumerate() {
            let toggles = line.matches("'''").count() + line.matches("\"\"\"").count();
            if in_multiline || toggles > 0 {
                in_multiline ^= toggles % 2 == 1;
                continue;
            }
            let width = without_strings(line).chars().count();
            if line.chars().count() > 120 && width > 60 {
                long.push(format!("{}:{}: {} columns", f.display(), n + 1, line.len()));
            }
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn next_free_id_is_one_past_every_id_and_alias_in_use() {
    let rules = builtin_rules().unwrap();
    let highest = |prefix: &str| {
        rules
            .iter()
            .flat_map(|r| std::iter::once(&r.id).chain(&r.aliases))
            .filter_map(|id| id.strip_prefix(prefix)?.parse::<u32>().ok())
            .max()
            .unwrap()
    };
    for (prefix, arg) in [
        ("IAC-AWS-", "IAC-AWS"),
        ("IAC-CFN-", "iac-cfn-"),
        ("SEC-AWS-", "SEC-AWS"),
    ] {
        let o = crate::common::aseptic(&root(), &["rules", "--next-id", arg]);
        assert_eq!(o.status.code(), Some(0), "{}", crate::common::stderr(&o));
        let expected = format!("{prefix}{:03}\n", highest(prefix) + 1);
        assert_eq!(crate::common::stdout(&o), expected, "--next-id {arg}");
    }
    let o = crate::common::aseptic(&root(), &["rules", "--next-id", "SEC-NEWVENDOR"]);
    assert_eq!(crate::common::stdout(&o), "SEC-NEWVENDOR-001\n");
    let o = crate::common::aseptic(&root(), &["rules", "--next-id", "../x"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Levels between two severities (info 0 … critical 4).
fn level(s: aseptic::finding::Severity) -> i32 {
    use aseptic::finding::Severity as S;
    match s {
        S::Info => 0,
        S::Low => 1,
        S::Medium => 2,
        S::High => 3,
        S::Critical => 4,
    }
}

/// Every rule with a Trivy or KICS peer records the peer's severity (both publish one), and
/// every rule more than one level away from a peer's severity says why in `severity_reason`.
#[test]
fn severities_agree_with_the_peers_or_say_why() {
    let rules = builtin_rules().unwrap();
    let mut unexplained = Vec::new();
    let mut recorded = 0;
    for r in &rules {
        if r.peers.contains_key("trivy") && !r.peer_severity.contains_key("trivy") {
            unexplained.push(format!("{}: a Trivy peer without its severity", r.id));
        }
        for (peer, sev) in &r.peer_severity {
            assert!(
                r.peers.contains_key(peer),
                "{}: a severity for `{peer}`, which is not among its peers",
                r.id
            );
            recorded += 1;
            let gap = (level(r.severity) - level(*sev)).abs();
            if gap > 1 && r.severity_reason.as_deref().is_none_or(str::is_empty) {
                unexplained.push(format!(
                    "{}: {} where {peer} says {sev}, and no severity_reason",
                    r.id, r.severity
                ));
            }
        }
    }
    assert!(recorded >= 50, "only {recorded} peer severities recorded");
    assert!(
        unexplained.is_empty(),
        "{} rule(s):\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
}

/// "ALL not dropped" with nothing added is low, as Trivy rates it (AVD-KSV-0003); adding a
/// dangerous capability is its own, high rule.
#[test]
fn keeping_the_default_capabilities_is_low_and_adding_a_dangerous_one_is_high() {
    use aseptic::finding::Severity;
    let rules = builtin_rules().unwrap();
    let by_id = |id: &str| rules.iter().find(|r| r.id == id).unwrap();
    assert_eq!(by_id("IAC-K8S-006").severity, Severity::Low);
    assert_eq!(by_id("IAC-K8S-006").peer_severity["trivy"], Severity::Low);
    assert_eq!(by_id("IAC-K8S-028").severity, Severity::High);
}
