//! GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff
//! without uploading SARIF.
//!
//! `::error file=PATH,line=L,endLine=L2,col=C,endColumn=C2,title=RULE-ID name::message`, with
//! `error` for critical and high, `warning` for medium and low, `notice` for info; most severe first,
//! then by path and position. Columns are given only for a non-empty span on one line (GitHub
//! ignores them across lines). Error and warning notes follow as `::error`/`::warning` lines naming
//! their file; info notes (files deliberately not scanned) are summed up in one `::notice`, since
//! an annotation per skipped binary would bury the findings. GitHub shows only the first few
//! annotations of each level per step (the rest stay in the log), which is why the order matters.
//!
//! Escaping follows the runner's rules: in the message `%`, CR and LF are encoded; in property
//! values also `:` and `,`. Nothing else is interpreted, so a message cannot inject a command.

use super::Report;
use crate::finding::{Finding, Severity};
use crate::note::NoteLevel;
use std::io::{self, Write};

/// Escapes a command's message (the part after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`, ...).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command of a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "notice",
    }
}

fn annotation(report: &Report, f: &Finding) -> String {
    let l = &f.location;
    let mut props = vec![
        format!("file={}", escape_property(&l.path)),
        format!("line={}", l.start_line.max(1)),
    ];
    if l.end_line > l.start_line {
        props.push(format!("endLine={}", l.end_line));
    } else if l.end_column > l.start_column {
        props.push(format!("endLine={}", l.end_line));
        props.push(format!("col={}", l.start_column.max(1)));
        props.push(format!("endColumn={}", l.end_column));
    }
    let title = match report.rule(&f.rule_id) {
        Some(r) => format!("{} {}", f.rule_id, r.name),
        None => f.rule_id.clone(),
    };
    props.push(format!("title={}", escape_property(&title)));
    format!(
        "::{} {}::{}",
        command(f.severity),
        props.join(","),
        escape_data(&f.message)
    )
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    // Stable: within a severity, the report's own (path, position, rule) order stays.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for f in findings {
        writeln!(out, "{}", annotation(report, f))?;
    }
    let mut info = 0usize;
    for n in &report.notes {
        let cmd = match n.level {
            NoteLevel::Error => "error",
            NoteLevel::Warning => "warning",
            NoteLevel::Info => {
                info += 1;
                continue;
            }
        };
        match &n.path {
            Some(p) => writeln!(
                out,
                "::{cmd} file={},title=aseptic::{}",
                escape_property(p),
                escape_data(&n.message)
            )?,
            None => writeln!(out, "::{cmd} title=aseptic::{}", escape_data(&n.message))?,
        }
    }
    if info > 0 {
        writeln!(
            out,
            "::notice title=aseptic::{info} file(s) not scanned (binary, too large or similar); \
             `--format table --verbose` lists them"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(escape_property("dir,x/a:b%.tf\n"), "dir%2Cx/a%3Ab%25.tf%0A");
    }
}
