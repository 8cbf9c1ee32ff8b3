//! Table report, for a person at a terminal (the default format).
//!
//! Findings are grouped by severity, most severe first, or with `--group-by hipaa` by the HIPAA
//! safeguard their rule supports (see [`super::hipaa`]; a finding under two safeguards is listed
//! under both). Each group is a comfy-table with the columns severity, context (only when a
//! finding is outside production code: `test`, `example`, `dev` or `ci`), rule, location
//! (`path:line:col`, and the named resource below it when there is one) and the message, wrapped
//! to the width. A plain-text summary follows: counts by severity and analyzer, files scanned and
//! skipped, suppressed and baseline-matched findings, notes (errors and warnings listed with their
//! file; info notes only counted unless `--verbose`), and the elapsed time, which only this format
//! shows.
//!
//! The table fits the width ([`width`]: `COLUMNS` when set, else the terminal's, else 80): the
//! severity column is fixed, rule names wrap, the location column wraps only after a `/` (a path
//! is never cut inside a name) and the message takes what is left. Note lines in the summary wrap
//! at spaces.
//!
//! Colour and width are options ([`Options`]) so the golden test is independent of the terminal;
//! [`write_with`] decides them from stdout, `COLUMNS` and `NO_COLOR`. Not done here: paging, or
//! any interactive behaviour.

use super::{GroupBy, Report, hipaa};
use crate::finding::{Finding, Severity};
use crate::note::{Note, NoteLevel};
use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};

/// How to render. `width: None` lets comfy-table ask the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub verbose: bool,
    pub color: bool,
    pub width: Option<u16>,
}

/// Width when neither `COLUMNS` nor a terminal says otherwise (a file, a pipe, a CI log).
pub const DEFAULT_WIDTH: u16 = 80;

/// The narrowest table we lay out; below it lines may exceed the width.
const MIN_WIDTH: u16 = 40;

/// The width to render at: `COLUMNS` when it holds a number, else the terminal's width when
/// `terminal` and standard output is one, else [`DEFAULT_WIDTH`].
pub fn width(terminal: bool) -> u16 {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|c| *c > 0);
    if let Some(c) = columns {
        return c.max(MIN_WIDTH);
    }
    if terminal && io::stdout().is_terminal() {
        // comfy-table asks the terminal when it is one.
        if let Some(w) = Table::new().width() {
            return w.max(MIN_WIDTH);
        }
    }
    DEFAULT_WIDTH
}

/// Non-verbose, as [`write_with`] decides colour and width.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_with(report, false, out)
}

/// What the CLI calls for standard output: colour only when stdout is a terminal and `NO_COLOR`
/// is unset or empty; the width from [`width`].
pub fn write_with(report: &Report, verbose: bool, out: &mut dyn Write) -> io::Result<()> {
    write_colored(report, verbose, None, out)
}

/// As [`write_with`], with colour forced on or off (`--color always|never`) or, for `None`,
/// decided from the terminal and `NO_COLOR`.
pub fn write_colored(
    report: &Report,
    verbose: bool,
    color: Option<bool>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let tty = io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let opts = Options {
        verbose,
        color: color.unwrap_or(tty && !no_color),
        width: Some(width(true)),
    };
    write_opts(report, &opts, out)
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
        Severity::Info => Color::Grey,
    }
}

fn bold(s: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// One row's cells as text: severity, rule (id and name), location (and the named resource).
fn cells(report: &Report, f: &Finding) -> [String; 4] {
    let rule = match report.rule(&f.rule_id) {
        Some(r) => format!("{}\n{}", f.rule_id, r.name),
        None => f.rule_id.clone(),
    };
    let l = &f.location;
    let mut location = format!("{}:{}:{}", l.path, l.start_line, l.start_column);
    if let Some(name) = &f.logical_location {
        location.push('\n');
        location.push_str(name);
    }
    [
        f.severity.as_str().to_string(),
        rule,
        location,
        f.message.clone(),
    ]
}

/// A finding's context (`test`, `example`, `dev`, `ci`) when it is not production.
fn context(f: &Finding) -> Option<&str> {
    f.properties
        .get("context")
        .map(String::as_str)
        .filter(|c| *c != "production")
}

/// The context column's width (padding included), or 0 when every finding is in production code
/// and the table has no such column.
fn context_width(report: &Report) -> u16 {
    let longest = report
        .findings
        .iter()
        .filter_map(context)
        .map(str::len)
        .max();
    longest.map_or(0, |n| u16::try_from(n.max(7) + 2).unwrap_or(u16::MAX))
}

/// Widths (padding included) of the four columns for a table `total` wide, measured over every
/// finding so that all group tables line up. Each column first gets its least width (the
/// severity word; a rule id; the longest single path name (with `:line:col`) in the location column; a
/// readable message), then what is left goes to the location column, then the rule, up to what
/// they hold, and the message takes the rest. A context column, when there is one, is taken off
/// the total first.
fn column_widths(report: &Report, total: u16) -> [u16; 4] {
    let ctx = context_width(report);
    let total = if ctx > 0 {
        total.saturating_sub(ctx + 1)
    } else {
        total
    };
    let mut natural = [8usize, 4, 8, 7];
    let mut longest_name = 8usize;
    for f in &report.findings {
        let c = cells(report, f);
        for (i, text) in c.iter().enumerate() {
            let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            natural[i] = natural[i].max(longest);
        }
        for name in c[2].lines().next().unwrap_or("").split_inclusive('/') {
            longest_name = longest_name.max(name.chars().count());
        }
    }
    let natural = natural.map(|n| u16::try_from(n + 2).unwrap_or(u16::MAX));
    // Five borders.
    let avail = total.saturating_sub(5);
    let sev = natural[0];
    let mut loc = natural[2].min(
        u16::try_from(longest_name + 2)
            .unwrap_or(u16::MAX)
            .min(avail / 3),
    );
    let msg_min = natural[3].min(MIN_MESSAGE);
    // A whole advisory id (`RUSTSEC-2023-0071`) when there is room, else a narrower column.
    let mut rule = natural[1].min(19);
    if sev + rule + loc + msg_min > avail {
        rule = natural[1].min(12);
    }
    let mut left = avail.saturating_sub(sev + rule + loc + msg_min);
    let grow = |w: &mut u16, want: u16, left: &mut u16| {
        let add = want.saturating_sub(*w).min(*left);
        *w += add;
        *left -= add;
    };
    grow(&mut loc, natural[2], &mut left);
    grow(&mut rule, natural[1], &mut left);
    // With a context column the message gives up a few columns rather than the table overflow.
    let floor = if ctx > 0 { msg_min.min(16) } else { msg_min };
    let msg = avail.saturating_sub(sev + rule + loc).max(floor);
    [sev, rule, loc, msg]
}

/// The message column's least width, padding included.
const MIN_MESSAGE: u16 = 24;

/// `location` laid out in `width` columns: a path wraps only after a `/`.
fn wrap_location(location: &str, width: usize) -> String {
    let mut lines = location.lines();
    let mut out = String::new();
    let mut line_len = 0;
    for piece in lines.next().unwrap_or("").split_inclusive('/') {
        let n = piece.chars().count();
        if line_len > 0 && line_len + n > width {
            out.push('\n');
            line_len = 0;
        }
        out.push_str(piece);
        line_len += n;
    }
    for rest in lines {
        out.push('\n');
        out.push_str(rest);
    }
    out
}

/// `text` wrapped at spaces into lines of at most `width` columns, continuation lines indented
/// by `indent` spaces; a word longer than a line stays whole.
fn wrap_words(text: &str, width: usize, indent: usize) -> String {
    let body = text.trim_start_matches(' ');
    let mut out = text[..text.len() - body.len()].to_string();
    let mut len = out.len();
    let start = len;
    for word in body.split(' ') {
        let n = word.chars().count();
        if len > indent.max(start) && len + 1 + n > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            len = indent;
        } else if len > start {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += n;
    }
    out
}

fn findings_table(report: &Report, findings: &[&Finding], opts: &Options) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = opts.width {
        t.force_no_tty().set_width(w);
    }
    let total = t.width().unwrap_or(DEFAULT_WIDTH);
    let widths = column_widths(report, total);
    if opts.color {
        t.enforce_styling();
    }
    let header = |s: &str| {
        let c = Cell::new(s);
        if opts.color {
            c.add_attribute(Attribute::Bold)
        } else {
            c
        }
    };
    let ctx = context_width(report);
    let mut headers = vec![header("severity")];
    if ctx > 0 {
        headers.push(header("context"));
    }
    headers.extend([header("rule"), header("location"), header("message")]);
    t.set_header(headers);
    for f in findings {
        let [sev, rule, location, message] = cells(report, f);
        let location = wrap_location(&location, usize::from(widths[2].saturating_sub(2)));
        let mut sev = Cell::new(sev);
        if opts.color {
            sev = sev.fg(severity_color(f.severity));
            if f.severity >= Severity::High {
                sev = sev.add_attribute(Attribute::Bold);
            }
        }
        let mut row = vec![sev];
        if ctx > 0 {
            row.push(Cell::new(context(f).unwrap_or("")));
        }
        row.extend([Cell::new(rule), Cell::new(location), Cell::new(message)]);
        t.add_row(row);
    }
    let mut constraints: Vec<u16> = widths.to_vec();
    if ctx > 0 {
        constraints.insert(1, ctx);
    }
    t.set_constraints(
        constraints
            .iter()
            .map(|w| ColumnConstraint::Absolute(Width::Fixed(*w)))
            .collect::<Vec<_>>(),
    );
    t
}

fn count_list<K: std::fmt::Display>(items: impl IntoIterator<Item = (K, u64)>) -> String {
    let parts: Vec<String> = items
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

/// `1.5 KiB`, `12.0 MiB`: binary units with one decimal.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = UNITS[0];
    for u in &UNITS[1..] {
        if v < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    format!("{v:.1} {unit}")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn note_line(n: &Note, width: u16) -> String {
    let msg = n.message.replace(['\r', '\n'], " ");
    let line = match &n.path {
        Some(p) => format!("    {:<8} {p}: {msg}", n.level.as_str()),
        None => format!("    {:<8} {msg}", n.level.as_str()),
    };
    wrap_words(&line, usize::from(width), 13)
}

fn summary(report: &Report, opts: &Options) -> String {
    let st = &report.stats;
    let mut s = String::new();
    let _ = writeln!(s, "{}", bold("Summary", opts.color));
    let by_severity = count_list(Severity::ALL.iter().map(|sev| {
        let n = report
            .findings
            .iter()
            .filter(|f| f.severity == *sev)
            .count();
        (sev.as_str(), n as u64)
    }));
    if report.findings.is_empty() {
        let _ = writeln!(s, "  findings      0");
    } else {
        let _ = writeln!(
            s,
            "  findings      {} ({by_severity})",
            report.findings.len()
        );
    }
    let mut by_analyzer = std::collections::BTreeMap::new();
    for f in &report.findings {
        *by_analyzer.entry(f.analyzer.as_str()).or_insert(0u64) += 1;
    }
    let by_analyzer: Vec<String> = by_analyzer
        .into_iter()
        .map(|(a, n)| format!("{a} {n}"))
        .collect();
    if !by_analyzer.is_empty() {
        let _ = writeln!(s, "  by analyzer   {}", by_analyzer.join(", "));
    }
    let _ = writeln!(
        s,
        "  files         {} scanned ({}), {} skipped",
        st.files_scanned,
        human_bytes(st.bytes_scanned),
        st.files_skipped
    );
    let _ = writeln!(
        s,
        "  suppressed    {} (inline markers and ignore entries), {} matched the baseline",
        st.suppressed, st.baseline_matched
    );
    let count = |l: NoteLevel| report.notes.iter().filter(|n| n.level == l).count();
    let (errors, warnings, infos) = (
        count(NoteLevel::Error),
        count(NoteLevel::Warning),
        count(NoteLevel::Info),
    );
    let mut notes = format!(
        "{}, {}, {} info",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        infos
    );
    if infos > 0 && !opts.verbose {
        notes.push_str(" (--verbose lists info notes)");
    }
    let _ = writeln!(s, "  notes         {notes}");
    for n in &report.notes {
        if n.level != NoteLevel::Info || opts.verbose {
            let _ = writeln!(s, "{}", note_line(n, opts.width.unwrap_or(DEFAULT_WIDTH)));
        }
    }
    let _ = writeln!(s, "  elapsed       {:.2}s", st.elapsed.as_secs_f64());
    s
}

pub fn write_opts(report: &Report, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    if let Some(headline) = super::summary::incomplete_headline(report) {
        // Exit 2: whatever follows, the scan missed something; never open with "No findings".
        writeln!(out, "{} (see the notes below)", bold(&headline, opts.color))?;
        writeln!(out)?;
    }
    if report.findings.is_empty() {
        if super::summary::errors(report) == 0 {
            writeln!(out, "No findings.")?;
            writeln!(out)?;
        }
    } else {
        let groups: Vec<(String, Vec<&Finding>)> = match report.group_by {
            GroupBy::Severity => Severity::ALL
                .iter()
                .map(|sev| {
                    let fs: Vec<&Finding> = report
                        .findings
                        .iter()
                        .filter(|f| f.severity == *sev)
                        .collect();
                    (sev.as_str().to_string(), fs)
                })
                .filter(|(_, fs)| !fs.is_empty())
                .collect(),
            GroupBy::Hipaa => hipaa::groups(report)
                .into_iter()
                .map(|g| {
                    let title = if g.label.is_empty() {
                        g.key
                    } else if g.key == hipaa::UNMAPPED {
                        g.label.to_string()
                    } else {
                        format!("{} {}", g.key, g.label)
                    };
                    let mut fs = g.findings;
                    // Most severe first; the sort is stable, so report order within a severity.
                    fs.sort_by_key(|f| std::cmp::Reverse(f.severity));
                    (title, fs)
                })
                .collect(),
        };
        for (title, fs) in groups {
            let heading = format!("{title} ({})", fs.len());
            writeln!(out, "{}", bold(&heading, opts.color))?;
            writeln!(out, "{}", findings_table(report, &fs, opts))?;
            writeln!(out)?;
        }
    }
    out.write_all(summary(report, opts).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_human_readable() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MiB");
    }

    /// The table as a terminal of 80 columns without colour shows it.
    fn plain_80(report: &Report) -> String {
        let mut out = Vec::new();
        let opts = Options {
            verbose: false,
            color: false,
            width: Some(80),
        };
        write_opts(report, &opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn no_findings_says_so_and_still_summarizes() {
        let report = Report::default();
        let s = plain_80(&report);
        assert!(s.starts_with("No findings.\n"));
        assert!(s.contains("files         0 scanned"));
        assert!(!s.contains('\x1b'));
    }

    #[test]
    fn an_incomplete_scan_never_opens_with_no_findings() {
        let mut report = Report::default();
        report
            .notes
            .push(Note::error(None, "advisory database missing"));
        let s = plain_80(&report);
        assert!(s.starts_with("Scan incomplete: 1 error"), "{s}");
        assert!(!s.contains("No findings"), "{s}");
    }

    #[test]
    fn a_context_column_appears_only_for_findings_outside_production() {
        let finding = |path: &str, context: Option<&str>| Finding {
            rule_id: "IAC-DKR-001".into(),
            analyzer: crate::finding::AnalyzerKind::Iac,
            severity: Severity::Low,
            message: "container runs as root".into(),
            location: crate::finding::Location::line(path, 2),
            snippet: "USER root".into(),
            fingerprint: path.into(),
            logical_location: None,
            properties: context
                .map(|c| [("context".to_string(), c.to_string())].into())
                .unwrap_or_default(),
            value_key: None,
        };
        let render = |findings: Vec<Finding>| {
            let mut report = Report {
                findings,
                ..Report::default()
            };
            report.finalize();
            plain_80(&report)
        };
        let prod = render(vec![finding("Dockerfile", None)]);
        assert!(!prod.contains("context"), "{prod}");
        let mixed = render(vec![
            finding("Dockerfile", None),
            finding(".devcontainer/Dockerfile", Some("dev")),
        ]);
        assert!(mixed.contains("┆ context ┆"), "{mixed}");
        assert!(mixed.lines().any(|l| l.contains("┆ dev ")), "{mixed}");
        assert!(mixed.lines().all(|l| l.chars().count() <= 80), "{mixed}");
    }
}
