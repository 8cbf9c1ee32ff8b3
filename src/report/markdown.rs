//! Markdown report, for a GitHub job summary (`$GITHUB_STEP_SUMMARY`) or a pull request comment:
//! a headline that states an incomplete scan, counts by severity, one table row per finding (the
//! first [`MAX_ROWS`], most severe first) and the error and warning notes.
//!
//! Every cell is escaped (`|`, backticks, `<`, `>`, `&`, line breaks), so a file name or message
//! from the scanned repository cannot close the table or inject markup. Messages are the
//! findings' own, already redacted. Not here: colour, or anything that needs a live terminal.

use super::{Report, summary};
use crate::finding::Severity;
use crate::note::NoteLevel;
use std::io::{self, Write};

/// Rows shown before "and N more": a job summary is capped at 1 MiB, a comment at 64 KiB.
pub const MAX_ROWS: usize = 100;

/// Escapes text for a table cell or a line of Markdown.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '`' => out.push_str("\\`"),
            '*' | '_' | '[' | ']' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let headline = match summary::incomplete_headline(report) {
        Some(h) => h,
        None if report.findings.is_empty() => "No findings".to_string(),
        None => {
            let mut s = summary::findings_count(report);
            if let Some(first) = s.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            s
        }
    };
    writeln!(out, "## aseptic: {}", escape(&headline))?;
    writeln!(out)?;
    if !report.findings.is_empty() {
        writeln!(out, "| severity | findings |")?;
        writeln!(out, "| --- | ---: |")?;
        for sev in Severity::ALL {
            let n = report.findings.iter().filter(|f| f.severity == sev).count();
            if n > 0 {
                writeln!(out, "| {sev} | {n} |")?;
            }
        }
        writeln!(out)?;
        writeln!(out, "| severity | rule | location | message |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        let mut findings: Vec<_> = report.findings.iter().collect();
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        for f in findings.iter().take(MAX_ROWS) {
            let rule = match report.rule(&f.rule_id) {
                Some(r) => format!("{} {}", f.rule_id, r.name),
                None => f.rule_id.clone(),
            };
            let l = &f.location;
            writeln!(
                out,
                "| {} | {} | {}:{} | {} |",
                f.severity,
                escape(&rule),
                escape(&l.path),
                l.start_line,
                escape(&f.message)
            )?;
        }
        if findings.len() > MAX_ROWS {
            writeln!(out)?;
            writeln!(
                out,
                "… and {} more (see the SARIF or JSON report).",
                findings.len() - MAX_ROWS
            )?;
        }
        writeln!(out)?;
    }
    let notes: Vec<_> = report
        .notes
        .iter()
        .filter(|n| n.level != NoteLevel::Info)
        .collect();
    if !notes.is_empty() {
        writeln!(out, "### Notes")?;
        writeln!(out)?;
        for n in notes {
            let path = n
                .path
                .as_deref()
                .map(|p| format!("{}: ", escape(p)))
                .unwrap_or_default();
            writeln!(out, "- {}: {path}{}", n.level.as_str(), escape(&n.message))?;
        }
        writeln!(out)?;
    }
    let st = &report.stats;
    writeln!(
        out,
        "{} files scanned, {} skipped; {} suppressed, {} matched the baseline.",
        st.files_scanned, st.files_skipped, st.suppressed, st.baseline_matched
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::Note;

    #[test]
    fn cells_cannot_break_the_table_or_inject_markup() {
        assert_eq!(escape("a|b`c\nd<e>"), "a\\|b\\`c d&lt;e&gt;");
        assert_eq!(escape("[x](javascript:1)"), "\\[x\\](javascript:1)");
    }

    #[test]
    fn an_incomplete_scan_is_the_headline() {
        let mut r = Report::default();
        let mut out = Vec::new();
        write(&r, &mut out).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .starts_with("## aseptic: No findings\n")
        );
        r.notes.push(Note::error(Some("a|b"), "cannot read"));
        let mut out = Vec::new();
        write(&r, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.starts_with("## aseptic: Scan incomplete: 1 error\n"),
            "{s}"
        );
        assert!(s.contains("- error: a\\|b: cannot read"), "{s}");
    }
}
