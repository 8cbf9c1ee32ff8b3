//! The words that say how a scan ended, shared by every human-readable output: the headline of an
//! incomplete scan ("Scan incomplete: 2 errors"), which replaces "No findings" whenever the exit
//! code is 2, and the one-line summary written to standard error when standard output carries no
//! human-readable report (JSON, SARIF, annotations, or a report written to a file).
//!
//! Not here: the full table summary ([`super::table`]) or the exit code itself
//! ([`crate::scan::exit_code`]), which this only puts into words.

use super::Report;
use crate::finding::Severity;
use crate::note::NoteLevel;

/// How many error notes the report holds: each means results may be missing (exit 2).
pub fn errors(report: &Report) -> usize {
    report
        .notes
        .iter()
        .filter(|n| n.level == NoteLevel::Error)
        .count()
}

/// `Scan incomplete: 1 error` when the scan missed something, else `None`.
pub fn incomplete_headline(report: &Report) -> Option<String> {
    match errors(report) {
        0 => None,
        1 => Some("Scan incomplete: 1 error".to_string()),
        n => Some(format!("Scan incomplete: {n} errors")),
    }
}

/// `3 findings (1 high, 2 medium)` or `no findings`.
pub fn findings_count(report: &Report) -> String {
    if report.findings.is_empty() {
        return "no findings".to_string();
    }
    let parts: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|sev| {
            let n = report
                .findings
                .iter()
                .filter(|f| f.severity == *sev)
                .count();
            (n > 0).then(|| format!("{n} {sev}"))
        })
        .collect();
    let n = report.findings.len();
    format!(
        "{n} finding{} ({})",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// One line for standard error: the counts and why the exit code is what it is.
pub fn one_line(report: &Report, fail_on: Option<Severity>, exit: u8) -> String {
    let counts = findings_count(report);
    let reason = match exit {
        2 => {
            let first = report
                .notes
                .iter()
                .find(|n| n.level == NoteLevel::Error)
                .map(|n| match &n.path {
                    Some(p) => format!("{p}: {}", n.message),
                    None => n.message.clone(),
                })
                .unwrap_or_default();
            let first: String = first.replace(['\r', '\n'], " ").chars().take(200).collect();
            format!(
                "exit 2: {} (first: {first})",
                incomplete_headline(report)
                    .unwrap_or_default()
                    .to_lowercase()
            )
        }
        1 => match fail_on {
            Some(t) => format!("exit 1: findings at or above {t} (--fail-on)"),
            None => "exit 1".to_string(),
        },
        _ => "exit 0".to_string(),
    };
    format!("aseptic: {counts}; {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::Note;

    #[test]
    fn an_incomplete_scan_says_so_and_why() {
        let mut r = Report::default();
        assert_eq!(incomplete_headline(&r), None);
        assert_eq!(
            one_line(&r, Some(Severity::Low), 0),
            "aseptic: no findings; exit 0"
        );
        r.notes
            .push(Note::error(Some("a.txt"), "cannot read: denied"));
        assert_eq!(incomplete_headline(&r).unwrap(), "Scan incomplete: 1 error");
        let line = one_line(&r, Some(Severity::Low), 2);
        assert!(line.contains("exit 2: scan incomplete: 1 error"), "{line}");
        assert!(line.contains("a.txt: cannot read"), "{line}");
        r.notes.push(Note::error(None, "db missing"));
        assert_eq!(
            incomplete_headline(&r).unwrap(),
            "Scan incomplete: 2 errors"
        );
    }
}
