//! The subcommands and the mapping of every outcome to an exit code: 0 clean, 1 findings at or
//! above `--fail-on`, 2 a usage or config error or missing results. A broken pipe exits 0.

use crate::cli::{Cli, Command, ListFormat};
use crate::finding::AnalyzerKind;
use crate::report::{self, Format};
use crate::rule::Rule;
use crate::scan;
use clap::CommandFactory;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::io::{self, Write};

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Command::Scan(args) => scan_command(&args),
        Command::Baseline(args) => crate::baseline::command(&args.scan),
        Command::Rules(args) => rules_command(&args.rules, &args.only, args.format),
        Command::Explain(args) => explain_command(&args.rule, &args.rules),
        Command::Completions(args) => {
            let mut cmd = Cli::command();
            let mut out = io::stdout();
            clap_complete::generate(args.shell, &mut cmd, "aseptic", &mut out);
            Ok(0)
        }
        Command::Db(args) => crate::analyzers::advisories::db_command(&args.action),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

fn scan_command(args: &crate::cli::ScanArgs) -> io::Result<u8> {
    let (report, settings) = match scan::scan(args, true) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}", crate::redact::mask_tokens(&e.to_string()));
            return Ok(2);
        }
    };
    write_report(
        &report,
        settings.format,
        args.output.as_deref(),
        args.verbose,
    )?;
    Ok(scan::exit_code(&report, settings.fail_on))
}

/// Writes the report to a file or stdout. Table output shows notes beyond errors and warnings only
/// with `--verbose`.
pub fn write_report(
    report: &report::Report,
    format: Format,
    output: Option<&std::path::Path>,
    verbose: bool,
) -> io::Result<()> {
    let mut buf = Vec::new();
    if format == Format::Table && output.is_some() {
        // A file gets no colour codes, whatever the terminal.
        let opts = report::table::Options {
            verbose,
            color: false,
            width: Some(report::table::DEFAULT_WIDTH),
        };
        report::table::write_opts(report, &opts, &mut buf)?;
    } else if format == Format::Table {
        report::table::write_with(report, verbose, &mut buf)?;
    } else {
        report::write(report, format, &mut buf)?;
    }
    match output {
        Some(p) => std::fs::write(p, &buf)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", p.display()))),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()
        }
    }
}

fn load_rules(dirs: &[std::path::PathBuf]) -> io::Result<Result<Vec<Rule>, u8>> {
    match scan::load_rules(dirs) {
        Ok(r) => Ok(Ok(r)),
        Err(e) => {
            eprintln!("error: {e}");
            Ok(Err(2))
        }
    }
}

fn rules_command(
    dirs: &[std::path::PathBuf],
    only: &[String],
    format: ListFormat,
) -> io::Result<u8> {
    let mut rules = match load_rules(dirs)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let only: Vec<AnalyzerKind> = only.iter().filter_map(|s| AnalyzerKind::parse(s)).collect();
    rules.retain(|r| only.is_empty() || only.contains(&r.analyzer));
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = io::stdout().lock();
    match format {
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
            serde_json::to_writer_pretty(&mut out, &list)?;
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

fn explain_command(query: &str, dirs: &[std::path::PathBuf]) -> io::Result<u8> {
    let rules = match load_rules(dirs)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let Some(r) = rules
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(query) || r.name == query)
    else {
        eprintln!("error: no rule `{query}` (see `aseptic rules` for the list)");
        return Ok(2);
    };
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
    writeln!(out, "{}", r.help.trim_end())?;
    Ok(0)
}
