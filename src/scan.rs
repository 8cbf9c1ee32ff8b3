//! `aseptic scan`: merge flags over the config, load and validate every rule, build the analyzers,
//! list the items to scan, run the engine, apply policy, and hand back one finished report.

use crate::analyzers;
use crate::cli::{FailOn, ScanArgs};
use crate::config::{self, Config};
use crate::engine::{Content, Engine, EngineResult, Item};
use crate::finding::AnalyzerKind;
use crate::input::Origin;
use crate::note::Note;
use crate::policy::Policy;
use crate::report::{Format, Report};
use crate::rule::{self, Rule};
use crate::source::Items;
use crate::walk::{self, WalkOptions};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// A usage or configuration problem: exit 2 before any scanning.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for UsageError {}

fn usage(msg: impl Into<String>) -> UsageError {
    UsageError(msg.into())
}

/// The settings of one scan, after CLI > environment > file > defaults.
pub struct Settings {
    pub root: PathBuf,
    pub targets: Vec<PathBuf>,
    pub config: Config,
    pub format: Format,
    pub fail_on: FailOn,
    pub analyzers: Vec<AnalyzerKind>,
    pub threads: usize,
    pub max_file_size: u64,
    pub rule_dirs: Vec<PathBuf>,
    pub baseline: Option<PathBuf>,
}

/// Chooses the scan root: a single directory argument is the root; anything else scans the given
/// paths under the current directory.
fn root_and_targets(paths: &[PathBuf]) -> (PathBuf, Vec<PathBuf>) {
    if paths.len() == 1 && paths[0].is_dir() {
        (paths[0].clone(), Vec::new())
    } else {
        (PathBuf::from("."), paths.to_vec())
    }
}

fn parse_analyzers(names: &[String], what: &str) -> Result<Vec<AnalyzerKind>, UsageError> {
    names
        .iter()
        .map(|n| {
            AnalyzerKind::parse(n.trim()).ok_or_else(|| {
                usage(format!(
                    "{what}: unknown analyzer `{n}` (expected one of advisories, iac, secrets, phi, rust)"
                ))
            })
        })
        .collect()
}

pub fn settings(args: &ScanArgs) -> Result<Settings, UsageError> {
    let (root, targets) = root_and_targets(&args.paths);
    for t in &targets {
        if !t.exists() {
            return Err(usage(format!("{}: no such file or directory", t.display())));
        }
    }
    if !root.exists() {
        return Err(usage(format!("{}: no such directory", root.display())));
    }
    let config_path = args
        .config
        .clone()
        .or_else(|| Some(root.join(config::FILE_NAME)).filter(|p| p.is_file()));
    let mut config = match &config_path {
        Some(p) => Config::load(p).map_err(usage)?,
        None => Config::default(),
    };
    config.root = root.clone();

    let format = match args.format {
        Some(f) => f,
        None => match config.scan.format.as_deref() {
            Some(s) => Format::parse(s).ok_or_else(|| {
                usage(format!(
                    "config: [scan] format `{s}` is not one of table, json, sarif, github"
                ))
            })?,
            None => Format::Table,
        },
    };
    let fail_on = match args.fail_on {
        Some(f) => f,
        None => match config.scan.fail_on.as_deref() {
            Some(s) => <FailOn as clap::ValueEnum>::from_str(s, true).map_err(|_| {
                usage(format!(
                    "config: [scan] fail_on `{s}` is not one of critical, high, medium, low, info, none"
                ))
            })?,
            None => FailOn::Low,
        },
    };
    let only = if args.only.is_empty() {
        &config.scan.only
    } else {
        &args.only
    };
    let skip = if args.skip.is_empty() {
        &config.scan.skip
    } else {
        &args.skip
    };
    let only = parse_analyzers(only, "--only")?;
    let skip = parse_analyzers(skip, "--skip")?;
    let mut analyzers: Vec<AnalyzerKind> = AnalyzerKind::ALL
        .into_iter()
        .filter(|k| (only.is_empty() || only.contains(k)) && !skip.contains(k))
        .collect();
    if args.history.is_some() {
        // History items are the lines each commit added, not whole files: only line-oriented
        // secret detection is meaningful on them.
        analyzers.retain(|k| *k == AnalyzerKind::Secrets);
        if analyzers.is_empty() {
            return Err(usage(
                "--history scans for secrets; it cannot run with the secrets analyzer skipped",
            ));
        }
    }
    let threads = args
        .threads
        .or(config.scan.threads)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .max(1);
    let max_file_size = args
        .max_file_size
        .or(config.scan.max_file_size)
        .unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let mut rule_dirs = config
        .scan
        .rules
        .iter()
        .map(|p| root.join(p))
        .collect::<Vec<_>>();
    rule_dirs.extend(args.rules.iter().cloned());
    if args.no_ignore {
        config.scan.no_ignore = Some(true);
    }
    config.scan.exclude.extend(args.exclude.iter().cloned());
    let baseline = args
        .baseline
        .clone()
        .or_else(|| config.scan.baseline.as_ref().map(|p| root.join(p)));
    analyzers::configure(&mut config, args);
    Ok(Settings {
        root,
        targets,
        config,
        format,
        fail_on,
        analyzers,
        threads,
        max_file_size,
        rule_dirs,
        baseline,
    })
}

/// Built-in rules plus the user's, switched off ones removed, ids unique.
pub fn load_rules(rule_dirs: &[PathBuf]) -> Result<Vec<Rule>, UsageError> {
    let mut rules = rule::builtin_rules().map_err(|e| usage(e.to_string()))?;
    for d in rule_dirs {
        if !d.exists() {
            return Err(usage(format!(
                "--rules {}: no such file or directory",
                d.display()
            )));
        }
        rules.extend(rule::load_dir(d).map_err(|e| usage(e.to_string()))?);
    }
    rule::check_unique(&rules).map_err(|e| usage(e.to_string()))?;
    Ok(rules)
}

/// Lists what to scan from the working tree.
fn working_tree_items(s: &Settings, notes: &mut Vec<Note>) -> Result<Vec<Item>, UsageError> {
    let (files, walk_notes) = walk::walk(&WalkOptions {
        root: &s.root,
        targets: &s.targets,
        excludes: &s.config.scan.exclude,
        no_ignore: s.config.scan.no_ignore.unwrap_or(false),
        threads: s.threads,
    })
    .map_err(usage)?;
    notes.extend(walk_notes);
    Ok(files
        .into_iter()
        .map(|f| Item {
            path: f.rel,
            origin: Origin::WorkingTree,
            content: Content::Disk(f.abs),
        })
        .collect())
}

/// Runs a whole scan and returns the finished report (policy applied, sorted).
pub fn scan(args: &ScanArgs, progress: bool) -> Result<(Report, Settings), UsageError> {
    let started = Instant::now();
    let s = settings(args)?;
    let rules = load_rules(&s.rule_dirs)?;
    let mut notes = Vec::new();
    let items = match crate::source::items(args, &s)? {
        Some(items) => items,
        None => Items::List(working_tree_items(&s, &mut notes)?),
    };
    let mut report = execute(&s, rules, items, notes, progress && !args.no_progress)?;
    report.group_by = args.group_by;
    report.stats.elapsed = started.elapsed();
    Ok((report, s))
}

/// Scans `root` with exactly `rules` (each analyzer that has one of them runs) and the default
/// settings: what the rule fixture tests and examples use.
pub fn scan_tree_with(rules: Vec<Rule>, root: &Path, config: Config) -> Result<Report, UsageError> {
    let s = fixed_settings(&rules, root, config);
    let mut notes = Vec::new();
    let items = working_tree_items(&s, &mut notes)?;
    execute(&s, rules, Items::List(items), notes, false)
}

/// Scans one in-memory file, as `path`, with exactly `rules`.
pub fn scan_bytes_with(
    rules: Vec<Rule>,
    path: &str,
    bytes: &[u8],
    config: Config,
) -> Result<Report, UsageError> {
    let s = fixed_settings(&rules, Path::new("."), config);
    let items = vec![Item {
        path: path.to_string(),
        origin: Origin::WorkingTree,
        content: Content::Bytes(bytes.to_vec()),
    }];
    execute(&s, rules, Items::List(items), Vec::new(), false)
}

fn fixed_settings(rules: &[Rule], root: &Path, mut config: Config) -> Settings {
    let mut analyzers: Vec<AnalyzerKind> = rules.iter().map(|r| r.analyzer).collect();
    analyzers.sort();
    analyzers.dedup();
    config.root = root.to_path_buf();
    Settings {
        root: root.to_path_buf(),
        targets: Vec::new(),
        config,
        format: Format::Json,
        fail_on: FailOn::Low,
        analyzers,
        threads: 1,
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        rule_dirs: Vec::new(),
        baseline: None,
    }
}

/// Builds the analyzers, runs the engine over `items`, applies policy and the baseline.
fn execute(
    s: &Settings,
    rules: Vec<Rule>,
    items: Items,
    notes: Vec<Note>,
    progress: bool,
) -> Result<Report, UsageError> {
    let policy = Policy::new(&s.config).map_err(usage)?;
    let rules: Vec<Rule> = rules
        .into_iter()
        .filter(|r| policy.rule_enabled(&r.id))
        .collect();
    let built =
        analyzers::build(&s.analyzers, &rules, &s.config).map_err(|e| usage(e.to_string()))?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(s.threads)
        .build()
        .map_err(|e| usage(format!("cannot start {} threads: {e}", s.threads)))?;
    let bar = crate::progress::bar(progress, 0);
    let tick = || bar.inc(1);
    let engine = Engine {
        analyzers: &built,
        rules: rules.iter().map(|r| (r.id.as_str(), r)).collect(),
        max_file_size: s.max_file_size,
        on_item: Some(&tick),
    };
    let result = match items {
        Items::List(items) => {
            bar.inc_length(items.len() as u64);
            pool.install(|| engine.run(&items))
        }
        Items::Batches(batches) => {
            let mut total = EngineResult::default();
            for batch in batches {
                let batch = batch.map_err(usage)?;
                bar.inc_length(batch.len() as u64);
                pool.install(|| engine.scan(&batch, &mut total));
            }
            engine.finish(&[], &mut total);
            total
        }
    };
    bar.finish_and_clear();

    let mut report = Report {
        findings: result.findings,
        notes,
        ..Report::default()
    };
    report.notes.extend(result.notes);
    let ran: Vec<AnalyzerKind> = built.iter().map(|a| a.kind()).collect();
    report.rules = rules
        .iter()
        .filter(|r| ran.contains(&r.analyzer))
        .cloned()
        .chain(result.rules)
        .collect();
    report.stats.files_scanned = result.files_scanned;
    report.stats.files_skipped = result.files_skipped;
    report.stats.bytes_scanned = result.bytes_scanned;
    report.stats.suppressed =
        result.suppressed + policy.apply(&mut report.findings, &mut report.notes);
    keep_first_introduction(&mut report.findings);
    for a in &built {
        a.report_properties(&mut report.properties);
    }
    if let Some(b) = &s.baseline {
        crate::baseline::apply(b, &mut report).map_err(usage)?;
    }
    report.finalize();
    Ok(report)
}

/// In a history scan the same secret appears in every commit that touched its line; keep the one
/// finding from the commit that introduced it (the oldest), so each distinct secret is reported
/// once.
fn keep_first_introduction(findings: &mut Vec<crate::finding::Finding>) {
    if !findings.iter().any(|f| f.properties.contains_key("commit")) {
        return;
    }
    findings.sort_by(|a, b| {
        a.fingerprint.cmp(&b.fingerprint).then_with(|| {
            a.properties
                .get("commit_date")
                .cmp(&b.properties.get("commit_date"))
        })
    });
    findings.dedup_by(|later, first| later.fingerprint == first.fingerprint);
}

/// The exit code for a finished report: 2 when an error note says results may be missing, 1 when a
/// finding at or above the threshold remains, else 0.
pub fn exit_code(report: &Report, fail_on: FailOn) -> u8 {
    if report
        .notes
        .iter()
        .any(|n| n.level == crate::note::NoteLevel::Error)
    {
        return 2;
    }
    match fail_on.threshold() {
        Some(t) if report.findings.iter().any(|f| f.severity >= t) => 1,
        _ => 0,
    }
}
