//! The HIPAA view (`--group-by hipaa`): which safeguard of the Security Rule each finding's rule
//! supports, shared by the table and JSON reports so both group the same way.
//!
//! Rules cite the standard or one of its implementation specifications, sometimes with a remark
//! (`164.312(e)(2)(ii)`, `164.312(c)(1) (indirect)`). Findings are grouped by the *standard* a
//! citation belongs to, so `164.312(e)(2)(ii)` lands under transmission security `164.312(e)(1)`,
//! with one exception: encryption at rest `164.312(a)(2)(iv)` keeps its own group, since it is the
//! safeguard most IaC findings map to. Citations outside 45 CFR 164.312 (administrative safeguards
//! in 164.308, documentation in 164.316, ...) group under themselves. This module does not decide
//! which citation a rule carries; the rule files do.

use super::Report;
use crate::finding::Finding;

/// The key for findings whose rule is unknown to the report or cites nothing.
pub const UNMAPPED: &str = "unmapped";

/// The safeguard group of one citation: `(key, label)`, e.g. `("164.312(e)(1)", "transmission
/// security")`.
pub fn safeguard(citation: &str) -> (String, &'static str) {
    // Drop a trailing remark such as "(indirect)" or "(availability; weak mapping)".
    let c = citation.split_whitespace().next().unwrap_or("");
    let Some(rest) = c.strip_prefix("164.312") else {
        let label = if c.starts_with("164.308") {
            "administrative safeguards"
        } else if c.starts_with("164.310") {
            "physical safeguards"
        } else if c.starts_with("164.314") {
            "organizational requirements"
        } else if c.starts_with("164.316") {
            "policies and documentation"
        } else {
            ""
        };
        return (c.to_string(), label);
    };
    let (key, label) = if rest.starts_with("(a)(2)(iv)") {
        ("(a)(2)(iv)", "encryption and decryption")
    } else if rest.starts_with("(a)") {
        ("(a)(1)", "access control")
    } else if rest.starts_with("(b)") {
        ("(b)", "audit controls")
    } else if rest.starts_with("(c)") {
        ("(c)(1)", "integrity")
    } else if rest.starts_with("(d)") {
        ("(d)", "person or entity authentication")
    } else if rest.starts_with("(e)") {
        ("(e)(1)", "transmission security")
    } else {
        return (c.to_string(), "");
    };
    (format!("164.312{key}"), label)
}

/// One safeguard group: its key, label and the findings (in report order) whose rule cites it.
pub struct Group<'a> {
    pub key: String,
    pub label: &'static str,
    pub findings: Vec<&'a Finding>,
}

/// Groups the report's findings by safeguard, keys sorted (which puts 164.308 before 164.312(a)(1)
/// before 164.312(e)(1)), with [`UNMAPPED`] last. A finding whose rule cites two safeguards appears
/// in both groups, once in each.
pub fn groups(report: &Report) -> Vec<Group<'_>> {
    let mut map: std::collections::BTreeMap<String, Group<'_>> = Default::default();
    let mut unmapped = Vec::new();
    for f in &report.findings {
        let mut keys: Vec<(String, &'static str)> = report
            .rule(&f.rule_id)
            .map(|r| r.hipaa.iter().map(|c| safeguard(c)).collect())
            .unwrap_or_default();
        keys.retain(|(k, _)| !k.is_empty());
        keys.sort();
        keys.dedup();
        if keys.is_empty() {
            unmapped.push(f);
        }
        for (key, label) in keys {
            map.entry(key.clone())
                .or_insert_with(|| Group {
                    key,
                    label,
                    findings: Vec::new(),
                })
                .findings
                .push(f);
        }
    }
    let mut out: Vec<Group<'_>> = map.into_values().collect();
    if !unmapped.is_empty() {
        out.push(Group {
            key: UNMAPPED.to_string(),
            label: "no HIPAA citation",
            findings: unmapped,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::safeguard;

    #[test]
    fn citations_group_under_their_standard() {
        assert_eq!(safeguard("164.312(a)(1)").0, "164.312(a)(1)");
        assert_eq!(safeguard("164.312(a)(2)(ii)").0, "164.312(a)(1)");
        assert_eq!(
            safeguard("164.312(a)(2)(iv)"),
            ("164.312(a)(2)(iv)".into(), "encryption and decryption")
        );
        assert_eq!(safeguard("164.312(e)(2)(ii)").0, "164.312(e)(1)");
        assert_eq!(safeguard("164.312(c)(1) (indirect)").0, "164.312(c)(1)");
        assert_eq!(safeguard("164.312(c)(2)").0, "164.312(c)(1)");
        assert_eq!(
            safeguard("164.308(a)(7)(ii)(A)"),
            ("164.308(a)(7)(ii)(A)".into(), "administrative safeguards")
        );
    }
}
