//! A scan from resolved [`Settings`]: load and validate every rule, build the analyzers, list the
//! items to scan, run the engine, apply policy and the baseline, and hand back one finished
//! report. Knows nothing of the command line.

use crate::analyzers;
use crate::config::Config;
use crate::engine::{Content, Engine, EngineResult, Item};
use crate::error::Error;
use crate::finding::{AnalyzerKind, Severity};
use crate::input::Origin;
use crate::note::Note;
use crate::policy::Policy;
use crate::report::Report;
use crate::rule::{self, Rule, RuleIds};
use crate::settings::Settings;
use crate::source::Items;
use crate::walk::{self, WalkOptions};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Built-in rules plus the user's, ids unique.
pub fn load_rules(rule_dirs: &[PathBuf]) -> Result<Vec<Rule>, Error> {
    load_rules_of(rule_dirs, |_| true).map(|(rules, _)| rules)
}

/// [`load_rules`] for a scan: the built-in rules of the analyzers `wanted` picks and the user's,
/// and the ids of the other built-in rules, which are not parsed.
fn load_rules_of(
    rule_dirs: &[PathBuf],
    wanted: impl Fn(AnalyzerKind) -> bool,
) -> Result<(Vec<Rule>, Vec<RuleIds>), Error> {
    let (mut rules, others) = rule::builtin_rules_of(wanted)?;
    for d in rule_dirs {
        if !d.exists() {
            return Err(Error::Usage(format!(
                "--rules {}: no such file or directory",
                d.display()
            )));
        }
        rules.extend(rule::load_dir(d)?);
    }
    rule::check_unique_with(&rules, &others)?;
    Ok((rules, others))
}

/// Does a scan with these settings run the rules of analyzer `k`? The rust analyzer also matches
/// the secrets rules in string literals.
fn runs(s: &Settings, k: AnalyzerKind) -> bool {
    s.analyzers.contains(&k)
        || (k == AnalyzerKind::Secrets && s.analyzers.contains(&AnalyzerKind::Rust))
}

/// Lists what to scan from the working tree.
fn working_tree_items(s: &Settings, notes: &mut Vec<Note>) -> Result<Vec<Item>, Error> {
    let git_files = if s.git_repo && !s.no_ignore {
        let listed = crate::git::tracked_and_unignored(&s.root).map_err(Error::from)?;
        Some(std::sync::Arc::new(walk::GitFiles::new(listed)))
    } else {
        None
    };
    let (files, walk_notes) = walk::walk(&WalkOptions {
        git_files,
        root: &s.root,
        targets: &s.targets,
        excludes: &s.exclude,
        no_ignore: s.no_ignore,
        threads: s.threads,
    })
    .map_err(Error::Usage)?;
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
pub fn scan(s: &Settings) -> Result<Report, Error> {
    let started = Instant::now();
    let (catalogue, others) = load_rules_of(&s.rule_dirs, |k| runs(s, k))?;
    let mut notes = s.notes.clone();
    let items = match crate::source::items(s, &mut notes)? {
        Some(items) => items,
        None => Items::List(working_tree_items(s, &mut notes)?),
    };
    let mut report = execute(s, catalogue, &others, items, notes)?;
    report.group_by = s.group_by;
    report.stats.elapsed = started.elapsed();
    Ok(report)
}

/// Scans `root` with exactly `rules` (each analyzer that has one of them runs) and the default
/// settings: what the rule fixture tests and examples use.
pub fn scan_tree_with(rules: Vec<Rule>, root: &Path, config: Config) -> Result<Report, Error> {
    let (s, catalogue) = fixed_settings(&rules, root, config)?;
    let mut notes = Vec::new();
    let items = working_tree_items(&s, &mut notes)?;
    execute_with(&s, rules, catalogue, &[], Items::List(items), notes)
}

/// Scans one in-memory file, as `path`, with exactly `rules`.
pub fn scan_bytes_with(
    rules: Vec<Rule>,
    path: &str,
    bytes: &[u8],
    config: Config,
) -> Result<Report, Error> {
    let (s, catalogue) = fixed_settings(&rules, Path::new("."), config)?;
    let items = vec![Item {
        path: path.to_string(),
        origin: Origin::WorkingTree,
        content: Content::Bytes(bytes.to_vec()),
    }];
    execute_with(&s, rules, catalogue, &[], Items::List(items), Vec::new())
}

/// Default settings for exactly `rules`, and the catalogue the PHI analyzer detects with: the
/// built-in rules with `rules` in place of those of the same id.
fn fixed_settings(
    rules: &[Rule],
    root: &Path,
    config: Config,
) -> Result<(Settings, Vec<Rule>), Error> {
    let mut analyzers: Vec<AnalyzerKind> = rules.iter().map(|r| r.analyzer).collect();
    analyzers.sort();
    analyzers.dedup();
    let mut catalogue = rule::builtin_rules()?;
    for r in rules {
        match catalogue.iter_mut().find(|b| b.id == r.id) {
            Some(b) => *b = r.clone(),
            None => catalogue.push(r.clone()),
        }
    }
    Ok((
        Settings::defaults(root, analyzers).with_config(config),
        catalogue,
    ))
}

/// Runs every rule of `catalogue` that the configuration leaves enabled (`others`: the built-in
/// rules left unparsed, known by id).
fn execute(
    s: &Settings,
    catalogue: Vec<Rule>,
    others: &[RuleIds],
    items: Items,
    notes: Vec<Note>,
) -> Result<Report, Error> {
    // Only the analyzers that run get rules: copying the whole catalogue for an `--only iac` scan
    // was start-up work for nothing.
    let rules = catalogue
        .iter()
        .filter(|r| runs(s, r.analyzer))
        .cloned()
        .collect();
    execute_with(s, rules, catalogue, others, items, notes)
}

/// Builds the analyzers from the enabled ones of `rules` (`catalogue`: every rule loaded, for the
/// PHI analyzer's detection; `others`: the ids of the built-in rules not loaded), runs the engine
/// over `items`, applies policy and the baseline.
fn execute_with(
    s: &Settings,
    rules: Vec<Rule>,
    catalogue: Vec<Rule>,
    others: &[RuleIds],
    items: Items,
    notes: Vec<Note>,
) -> Result<Report, Error> {
    let mut policy = Policy::new(&s.policy)?;
    policy.learn_rules(&catalogue);
    let ids: Vec<&str> = catalogue
        .iter()
        .map(|r| r.id.as_str())
        .chain(others.iter().map(|o| o.id))
        .collect();
    let mut notes = notes;
    notes.extend(policy.check_ids(&ids));
    let rules: Vec<Rule> = rules
        .into_iter()
        .filter(|r| policy.rule_enabled(&r.id))
        .collect();
    let built = analyzers::build(&s.analyzers, &rules, &catalogue, &s.analyzer_config)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(s.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", s.threads)))?;
    let bar = crate::progress::bar(s.progress, 0);
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
                let batch = batch.map_err(Error::from)?;
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
        .into_iter()
        .filter(|r| ran.contains(&r.analyzer))
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
        crate::baseline::apply(b, &mut report)?;
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
pub fn exit_code(report: &Report, fail_on: Option<Severity>) -> u8 {
    if report
        .notes
        .iter()
        .any(|n| n.level == crate::note::NoteLevel::Error)
    {
        return 2;
    }
    match fail_on {
        Some(t) if report.findings.iter().any(|f| f.severity >= t) => 1,
        _ => 0,
    }
}
