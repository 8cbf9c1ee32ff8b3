//! The subcommands: each takes its parsed arguments, does its work and returns the exit code
//! (0 clean, 1 findings at or above `--fail-on` or rule examples that fail) or an [`Error`] (exit
//! 2, printed by `main`). `scan` and `baseline` resolve their arguments through
//! [`crate::settings`] first; nothing past this module sees clap types.

use crate::analyzers::advisories::{command as advisory_db, db};
use crate::baseline::{self, Baseline};
use crate::cli::{Cli, Command, DbAction, ListFormat, RulesArgs, ScanArgs};
use crate::error::Error;
use crate::finding::AnalyzerKind;
use crate::note::NoteLevel;
use crate::report::{self, Format};
use crate::rule::{self, Rule};
use crate::scan;
use crate::settings::{self, Settings};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Runs the parsed command line and returns the process exit code, or the error to print.
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Scan(args) => scan_command(&args),
        Command::Baseline(args) => baseline_command(&args.scan),
        Command::Rules(args) => rules_command(&args),
        Command::Explain(args) => explain_command(
            &args.rule,
            &args.rules,
            args.advisory_db.as_deref(),
            args.osv_db.as_deref(),
        ),
        Command::Completions(args) => {
            let mut out = io::stdout().lock();
            out.write_all(&crate::generated::completion(args.shell))?;
            Ok(0)
        }
        Command::Db(args) => db_command(&args.action),
    }
}

fn scan_command(args: &ScanArgs) -> Result<u8, Error> {
    let settings = settings::resolve(args)?;
    let mut report = scan::scan(&settings)?;
    let code = scan::exit_code(&report, settings.fail_on);
    if !settings.show_severities.is_empty() {
        // `--severity` decides what is shown; the exit code above counted every finding.
        report
            .findings
            .retain(|f| settings.show_severities.contains(&f.severity));
        report.finalize();
    }
    write_report(&report, &settings)?;
    // A CI log must say why the job failed even when stdout carries JSON, SARIF or annotations,
    // or the report went to a file.
    let human_on_stdout =
        matches!(settings.format, Format::Table | Format::Markdown) && settings.output.is_none();
    if !human_on_stdout && !settings.quiet {
        eprintln!(
            "{}",
            report::summary::one_line(&report, settings.fail_on, code)
        );
    }
    Ok(code)
}

/// Writes the report to the settings' output file or stdout, then each extra report to its file.
fn write_report(report: &report::Report, s: &Settings) -> Result<(), Error> {
    let buf = render(report, s.format, s, s.output.is_some())?;
    match &s.output {
        Some(p) => std::fs::write(p, &buf)
            .map_err(|e| Error::io(format!("cannot write {}", p.display()), e))?,
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()?;
        }
    }
    for (format, path) in &s.extra_outputs {
        let buf = render(report, *format, s, true)?;
        std::fs::write(path, &buf)
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    }
    Ok(())
}

/// One report in one format. Table output shows notes beyond errors and warnings only with
/// `--verbose`, and a file gets no colour codes.
fn render(
    report: &report::Report,
    format: Format,
    s: &Settings,
    to_file: bool,
) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    if format == Format::Table && to_file {
        let opts = report::table::Options {
            verbose: s.verbose,
            color: false,
            width: Some(report::table::width(false)),
        };
        report::table::write_opts(report, &opts, &mut buf)?;
    } else if format == Format::Table {
        report::table::write_colored(report, s.verbose, s.color, &mut buf)?;
    } else if let Some(kind) = format.gitlab_kind() {
        let revision = s
            .git_repo
            .then(|| crate::git::output(&s.root, &["rev-parse", "--verify", "-q", "HEAD"]).ok())
            .flatten()
            .map(|o| String::from_utf8_lossy(&o).trim().to_string())
            .filter(|r| r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()));
        report::gitlab::write(report, kind, revision.as_deref(), &mut buf)?;
    } else {
        report::write(report, format, &mut buf)?;
    }
    Ok(buf)
}

/// `aseptic baseline`: scan, then record every finding as accepted. A scan with errors writes
/// nothing: a baseline of an incomplete scan would accept less than is there.
fn baseline_command(args: &ScanArgs) -> Result<u8, Error> {
    let mut s = settings::resolve(args)?;
    let output = s.output.take();
    s.baseline = None;
    let report = scan::scan(&s)?;
    let errors: Vec<String> = report
        .notes
        .iter()
        .filter(|n| n.level == NoteLevel::Error)
        .map(|n| {
            format!(
                "{}{}",
                n.path
                    .as_deref()
                    .map(|p| format!("{p}: "))
                    .unwrap_or_default(),
                n.message
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(Error::Incomplete(format!(
            "the scan was incomplete; no baseline written:\n  {}",
            errors.join("\n  ")
        )));
    }
    let path: PathBuf = output.unwrap_or_else(|| s.root.join(baseline::DEFAULT_FILE));
    let salt = Baseline::load(&path).ok().map(|b| b.salt);
    let b = Baseline::from_findings(&report.findings, salt);
    let mut text = serde_json::to_string_pretty(&b).map_err(io::Error::other)?;
    text.push('\n');
    std::fs::write(&path, text)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    eprintln!(
        "recorded {} finding(s) in {}",
        b.entries.len(),
        path.display()
    );
    Ok(0)
}

fn rules_command(args: &RulesArgs) -> Result<u8, Error> {
    if let Some(dir) = &args.check {
        return check_rules_command(dir);
    }
    let mut rules = scan::load_rules(&args.rules)?;
    if let Some(prefix) = &args.next_id {
        writeln!(io::stdout().lock(), "{}", next_free_id(&rules, prefix)?)?;
        return Ok(0);
    }
    let only: Vec<AnalyzerKind> = args
        .only
        .iter()
        .filter_map(|s| AnalyzerKind::parse(s))
        .collect();
    rules.retain(|r| only.is_empty() || only.contains(&r.analyzer));
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = io::stdout().lock();
    match args.format {
        ListFormat::Json => {
            let list: Vec<_> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "name": r.name, "analyzer": r.analyzer, "severity": r.severity,
                        "precision": r.precision.as_str(), "summary": r.summary, "hipaa": r.hipaa,
                        "cwe": r.cwe, "peers": r.peers,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            let mut t = Table::new();
            t.load_style(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(["id", "analyzer", "severity", "summary", "HIPAA"]);
            for r in &rules {
                t.add_row([
                    r.id.clone(),
                    r.analyzer.to_string(),
                    r.severity.to_string(),
                    r.summary.clone(),
                    r.hipaa.join(", "),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} rules", rules.len())?;
        }
    }
    Ok(0)
}

/// The id after the highest `PREFIX-NNN` among the rules' ids and aliases (`PREFIX-001` when the
/// prefix is new), keeping the widest number of digits in use.
fn next_free_id(rules: &[Rule], prefix: &str) -> Result<String, Error> {
    let prefix = prefix.trim_end_matches('-').to_ascii_uppercase();
    if prefix.is_empty()
        || !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(Error::Usage(format!(
            "--next-id: `{prefix}` is not an id prefix such as IAC-AWS or SEC-GITHUB"
        )));
    }
    let (mut highest, mut width) = (0u32, 3usize);
    for id in rules
        .iter()
        .flat_map(|r| std::iter::once(&r.id).chain(&r.aliases))
    {
        let Some(number) = id
            .strip_prefix(prefix.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
        else {
            continue;
        };
        if let Ok(n) = number.parse::<u32>() {
            highest = highest.max(n);
            width = width.max(number.len());
        }
    }
    Ok(format!("{prefix}-{:0width$}", highest + 1))
}

/// `aseptic rules --check DIR`: every rule file in DIR loads (else exit 2 naming the file), and
/// every rule's examples hold, run alone (fixture trees under `DIR/fixtures/<ID>/` too, when
/// present). Exit 1 naming each failing rule, 0 when all hold.
fn check_rules_command(dir: &Path) -> Result<u8, Error> {
    if !dir.exists() {
        return Err(Error::Usage(format!(
            "--check {}: no such file or directory",
            dir.display()
        )));
    }
    let rules = rule::load_dir(dir)?;
    let mut all = rule::builtin_rules()?;
    all.extend(rules.iter().cloned());
    rule::check_unique(&all)?;
    let fixtures = dir.join("fixtures");
    let fixtures = fixtures.is_dir().then_some(fixtures.as_path());
    let mut out = io::stdout().lock();
    let mut failed = 0;
    for r in &rules {
        let problems = crate::rule_check::check_rule(r, fixtures)?;
        if problems.is_empty() {
            writeln!(out, "ok      {}", r.id)?;
        } else {
            failed += 1;
            writeln!(out, "FAILED  {}", r.id)?;
            for p in problems {
                writeln!(out, "        {p}")?;
            }
        }
    }
    writeln!(out, "{} rule(s) checked, {} failed", rules.len(), failed)?;
    Ok(if failed == 0 { 0 } else { 1 })
}

/// `aseptic explain ID`: a rule of the catalogue, the yanked-version rule, an advisory from the
/// RustSec database, or (with `--osv-db`) an OSV advisory by id or alias: every id a finding can
/// carry. An unknown id is an error naming the closest rule ids.
fn explain_command(
    query: &str,
    dirs: &[PathBuf],
    db_dir: Option<&Path>,
    osv_dir: Option<&Path>,
) -> Result<u8, Error> {
    let mut rules = scan::load_rules(dirs)?;
    rules.push(crate::analyzers::advisories::advisory::yanked_rule());
    if let Some(r) = rules
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(query) || r.name == query)
    {
        write_explanation(r)?;
        return Ok(0);
    }
    let shown = query.escape_debug().to_string();
    let looks_like_rustsec = ["RUSTSEC-", "CVE-", "GHSA-"]
        .iter()
        .any(|p| query.len() > p.len() && query[..p.len()].eq_ignore_ascii_case(p));
    if looks_like_rustsec {
        match (rustsec_rule(query, db_dir), osv_dir) {
            (Ok(Some(r)), _) => {
                write_explanation(&r)?;
                return Ok(0);
            }
            // With an OSV database the id may be there: a missing RustSec database is no error.
            (Ok(None) | Err(_), Some(_)) => {}
            (Ok(None), None) => {
                let dir = advisory_db::location(db_dir)?;
                return Err(Error::Usage(format!(
                    "no advisory `{shown}` in the advisory database at {}; \
                     `aseptic db update` fetches newer advisories (OSV ids need --osv-db)",
                    dir.display(),
                )));
            }
            (Err(e), None) => return Err(e),
        }
    }
    if let Some(dir) = osv_dir {
        return match osv_rule(query, dir)? {
            Some(r) => {
                write_explanation(&r)?;
                Ok(0)
            }
            None => Err(Error::Usage(format!(
                "no rule or advisory `{shown}` in the catalogue, the RustSec database or the OSV \
                 database at {}",
                dir.display()
            ))),
        };
    }
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    Err(Error::Usage(format!(
        "no rule `{shown}` (closest: {}; see `aseptic rules` for the list; OSV advisory ids need \
         --osv-db)",
        crate::policy::closest_ids(query, &ids).join(", ")
    )))
}

/// The rule of a RustSec advisory (by id or alias), `None` when the database has no such id.
fn rustsec_rule(query: &str, db_dir: Option<&Path>) -> Result<Option<Rule>, Error> {
    let dir = advisory_db::location(db_dir)?;
    let db = db::load(&dir).map_err(Error::from)?;
    Ok(db
        .find(query)
        .map(|a| crate::analyzers::advisories::advisory::rule(&a)))
}

/// The rule of an OSV advisory whose id or alias is `query`, as a finding about its first
/// affected package would carry it.
fn osv_rule(query: &str, dir: &Path) -> Result<Option<Rule>, Error> {
    use crate::analyzers::advisories::osv::{db::Db, record, version::Ecosystem};
    let db = Db::open(dir).map_err(Error::from)?;
    for eco in Ecosystem::ALL {
        let Some(index) = db.ecosystem(eco) else {
            continue;
        };
        let hit = index.records.iter().find(|r| {
            r.id.eq_ignore_ascii_case(query)
                || r.aliases.iter().any(|a| a.eq_ignore_ascii_case(query))
        });
        if let Some(r) = hit {
            let pkg = r
                .packages()
                .find(|(e, _)| *e == eco)
                .map(|(_, name)| name)
                .unwrap_or_default();
            return Ok(Some(record::rule(r, eco, &pkg)));
        }
    }
    Ok(None)
}

fn write_explanation(r: &Rule) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{} {} ({}, {})", r.id, r.name, r.analyzer, r.severity)?;
    writeln!(out, "{}", r.summary)?;
    writeln!(
        out,
        "HIPAA: {}",
        r.hipaa
            .iter()
            .map(|h| format!("45 CFR {h}"))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    if !r.cwe.is_empty() {
        writeln!(out, "CWE: {}", r.cwe.join(", "))?;
    }
    for (tool, ids) in &r.peers {
        writeln!(out, "{tool}: {}", ids.join(", "))?;
    }
    writeln!(out, "precision: {}", r.precision.as_str())?;
    writeln!(out)?;
    writeln!(out, "{}", r.help.trim_end())
}

/// `aseptic db update|info`: 0 on success; every failure is an error whose message says what to
/// do.
fn db_command(action: &DbAction) -> Result<u8, Error> {
    let (dir, update_first) = match action {
        DbAction::Update { offline: true, .. } => {
            return Err(Error::Usage(
                "`db update` needs the network and --offline forbids it".into(),
            ));
        }
        DbAction::Update {
            osv: true,
            osv_db,
            ecosystem,
            ..
        } => {
            return crate::analyzers::advisories::osv::update::command(
                osv_db.as_deref(),
                ecosystem,
            );
        }
        DbAction::Update { advisory_db, .. } => (advisory_db, true),
        DbAction::Info { advisory_db } => (advisory_db, false),
    };
    let dir = advisory_db::location(dir.as_deref())?;
    if update_first {
        let what = advisory_db::update(&dir)?;
        eprintln!("{what} the advisory database at {}", dir.display());
    }
    let db = db::load(&dir).map_err(Error::from)?;
    let parsed = db.load_all();
    let summary = db.summary();
    let mut out = io::stdout().lock();
    writeln!(out, "path: {}", dir.display())?;
    writeln!(out, "revision: {}", db.revision_label())?;
    if let Some(d) = db.revision.date {
        writeln!(out, "revision date: {d}")?;
    }
    writeln!(
        out,
        "newest advisory: {}",
        summary.newest.map(|d| d.to_string()).unwrap_or_default()
    )?;
    writeln!(out, "advisories: {}", summary.count)?;
    if parsed != summary.count {
        writeln!(out, "usable advisories: {parsed}")?;
    }
    for (f, e) in &db.skipped() {
        writeln!(out, "skipped: {f}: {e}")?;
    }
    Ok(0)
}
