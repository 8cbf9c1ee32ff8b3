//! The settings of one scan, resolved once: command-line flags over `ASEPTIC_*` environment
//! variables (clap folds those into the flags) over `.aseptic.toml` over defaults, into a plain
//! [`Settings`] value. This module and [`crate::cli`] are the only ones that see clap types;
//! everything below (the scan, the sources, the analyzers, the report) takes `Settings` or a part
//! of it.
//!
//! A `.aseptic.toml` found in the scanned tree is as hostile as the rest of the tree: paths it
//! names (extra rules, the baseline, the advisory database) must stay inside the scan root, and
//! thread counts from anywhere are bounded. A config file named with `--config` or
//! `ASEPTIC_CONFIG` is the user's own choice and may name any path, like the command line.

use crate::analyzers::{self, phi};
use crate::cli::{self, ScanArgs};
use crate::config::{self, Config};
use crate::error::Error;
use crate::finding::{AnalyzerKind, Severity};
use crate::note::Note;
use crate::policy::{IgnoreEntry, PolicyConfig};
use crate::report::{Format, GroupBy};
use std::path::{Path, PathBuf};

pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;
/// Worker threads are capped at this many per CPU, and at [`MAX_THREADS`] in all: more threads
/// than that only add contention, and a scanned repository's config must not start 100,000.
const THREADS_PER_CPU: usize = 4;
const MAX_THREADS: usize = 256;

/// What to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The files of the working tree (the default).
    WorkingTree,
    /// The staged (index) version of staged files.
    Staged,
    /// Files changed since the merge base with this ref.
    Since(String),
    /// The lines added by each commit in this revision range.
    History(String),
    /// Standard input (`aseptic scan -`), scanned as one file of this name.
    Stdin { name: String, bytes: StdinBytes },
}

/// What standard input held. Its `Debug` shows the length only: it may be a secret.
#[derive(Clone, PartialEq, Eq)]
pub struct StdinBytes(pub Vec<u8>);

impl std::fmt::Debug for StdinBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StdinBytes({} bytes)", self.0.len())
    }
}

/// The name standard input is scanned as when `--stdin-filename` is not given.
pub const STDIN_NAME: &str = "stdin";

/// `--stdin-filename`: a relative, `/`-separated path with no `..`, which rules that look at file
/// names (a Dockerfile, `*.tf`, `.env`) then see.
fn stdin_name(name: Option<&str>) -> Result<String, Error> {
    let Some(raw) = name else {
        return Ok(STDIN_NAME.to_string());
    };
    let name = raw.replace('\\', "/");
    let name = name.trim_start_matches("./");
    let bad = name.is_empty()
        || name.starts_with('/')
        || name.split('/').any(|c| c == ".." || c.is_empty())
        || name.chars().any(char::is_control);
    if bad {
        return Err(Error::Usage(format!(
            "--stdin-filename `{}` must be a relative file name such as Dockerfile or infra/main.tf",
            raw.escape_debug()
        )));
    }
    Ok(name.to_string())
}

/// Reads standard input, at most `max + 1` bytes (the engine notes a file over the limit).
fn read_stdin(max: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("cannot read standard input".to_string(), e))?;
    Ok(bytes)
}

/// Everything a scan needs to know, with no trace of where each value came from.
#[derive(Debug, Clone)]
pub struct Settings {
    /// What locations are relative to: the top level of the git work tree when the scanned paths
    /// are in one, else the scanned directory (or the current one).
    pub root: PathBuf,
    /// Is `root` the top level of a git work tree? Then the working-tree file set is what git
    /// lists (tracked, plus untracked and not ignored).
    pub git_repo: bool,
    /// The paths to scan when not the whole root: absolute in a git repository; otherwise the
    /// paths given on the command line when they are not a single directory, relative to the
    /// current directory.
    pub targets: Vec<PathBuf>,
    pub source: Source,
    pub format: Format,
    /// Where the report goes (standard output when `None`).
    pub output: Option<PathBuf>,
    /// More reports of the same findings: each format to its file.
    pub extra_outputs: Vec<(Format, PathBuf)>,
    /// No one-line summary on standard error.
    pub quiet: bool,
    /// Colour in the table on standard output: forced on or off, or `None` to decide from the
    /// terminal and `NO_COLOR`.
    pub color: Option<bool>,
    /// Show only findings of these severities (all when empty); the exit code still counts all.
    pub show_severities: Vec<Severity>,
    pub group_by: GroupBy,
    /// List every note in the table, skipped files included.
    pub verbose: bool,
    pub progress: bool,
    /// Exit 1 when a finding at or above this remains; `None` never fails on findings.
    pub fail_on: Option<Severity>,
    pub analyzers: Vec<AnalyzerKind>,
    pub threads: usize,
    pub max_file_size: u64,
    /// Extra rule files or directories.
    pub rule_dirs: Vec<PathBuf>,
    pub baseline: Option<PathBuf>,
    /// Globs (gitignore syntax, relative to the root) never scanned.
    pub exclude: Vec<String>,
    pub no_ignore: bool,
    pub policy: PolicyConfig,
    pub analyzer_config: analyzers::Configs,
    /// Warnings from resolving the settings (a lowered thread count, say), for the report.
    pub notes: Vec<Note>,
}

impl Settings {
    /// The defaults for scanning `root` with the given analyzers: what rule fixture tests use.
    pub fn defaults(root: &Path, analyzers: Vec<AnalyzerKind>) -> Settings {
        Settings {
            root: root.to_path_buf(),
            git_repo: false,
            targets: Vec::new(),
            source: Source::WorkingTree,
            format: Format::Json,
            output: None,
            extra_outputs: Vec::new(),
            quiet: false,
            color: None,
            show_severities: Vec::new(),
            group_by: GroupBy::Severity,
            verbose: false,
            progress: false,
            fail_on: Some(Severity::Low),
            analyzers,
            threads: 1,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            rule_dirs: Vec::new(),
            baseline: None,
            exclude: Vec::new(),
            no_ignore: false,
            policy: PolicyConfig::default(),
            analyzer_config: analyzers::Configs::default(),
            notes: Vec::new(),
        }
    }

    /// Lays a loaded configuration file over these settings (the rule fixture tests' entry).
    pub fn with_config(mut self, config: Config) -> Settings {
        self.exclude.extend(config.scan.exclude.iter().cloned());
        self.policy.rules = config.rules.clone();
        self.policy.ignore = config.ignore.clone();
        self.policy.context = config.context.clone();
        self.analyzer_config = analyzers::Configs {
            secrets: config.secrets,
            advisories: config.advisories,
            phi: config.phi,
        };
        self
    }
}

/// Parses a `--fail-on` / `fail_on` word: a severity, or `none`.
pub fn parse_fail_on(s: &str) -> Option<Option<Severity>> {
    if s.eq_ignore_ascii_case("none") {
        return Some(None);
    }
    Severity::parse(s).map(Some)
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

/// `p` as an absolute path with its directories resolved as git resolves the top level (so one
/// strips off the other), but the last component kept: a named symlink stays the link.
fn absolute(p: &Path) -> PathBuf {
    if p.is_dir() {
        return p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    }
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (parent.canonicalize(), p.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => p.to_path_buf(),
    }
}

/// In a git work tree, locations are relative to its top level whatever the current directory
/// and the paths given: the top level becomes the root, and the scanned directory (unless it is
/// the top level) or the named paths become absolute targets. Outside one, nothing changes.
fn repository_scope(dir: &Path, targets: Vec<PathBuf>) -> (PathBuf, Vec<PathBuf>, bool) {
    let Some(top) = crate::git::toplevel(dir) else {
        return (dir.to_path_buf(), targets, false);
    };
    let top = top.canonicalize().unwrap_or(top);
    let targets: Vec<PathBuf> = if targets.is_empty() {
        let d = absolute(dir);
        if d == top { Vec::new() } else { vec![d] }
    } else {
        targets.iter().map(|t| absolute(t)).collect()
    };
    (top, targets, true)
}

/// A git mode (`--staged`, `--since`, `--history`) needs a repository and, for a ref, one that
/// resolves: say so in one line instead of git's usage text.
fn check_git_mode(source: &Source, git_repo: bool, dir: &Path) -> Result<(), Error> {
    let (flag, rev) = match source {
        Source::WorkingTree | Source::Stdin { .. } => return Ok(()),
        Source::Staged => ("--staged", None),
        Source::Since(r) => ("--since", Some(r)),
        Source::History(r) => ("--history", Some(r)),
    };
    if !git_repo {
        let shown = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        return Err(Error::Usage(format!(
            "{flag} needs a git repository, and {} is not inside one",
            shown.display()
        )));
    }
    if let Some(r) = rev
        && !crate::git::resolves(dir, r)
    {
        return Err(Error::Usage(format!(
            "{flag}: `{}` is not a revision in this repository",
            r.escape_debug()
        )));
    }
    Ok(())
}

fn parse_analyzers(names: &[String], what: &str) -> Result<Vec<AnalyzerKind>, Error> {
    names
        .iter()
        .map(|n| {
            AnalyzerKind::parse(n.trim()).ok_or_else(|| {
                Error::Usage(format!(
                    "{what}: unknown analyzer `{n}` (expected one of advisories, iac, secrets, phi, rust)"
                ))
            })
        })
        .collect()
}

/// Where a config file came from decides what its paths may name.
struct ConfigOrigin {
    path: Option<PathBuf>,
    /// Found in the scanned tree (not named by the user): its paths must stay inside the root.
    in_tree: bool,
}

/// Resolves a path named in the config file against the root. A path from a config file found
/// in the scanned tree must lead inside the root, so a hostile repository cannot make aseptic
/// read (and quote in an error) a file elsewhere on the machine.
fn confined(root: &Path, origin: &ConfigOrigin, key: &str, p: &Path) -> Result<PathBuf, Error> {
    let joined = root.join(p);
    if !origin.in_tree {
        return Ok(joined);
    }
    let escapes = || {
        Error::Config(format!(
            "config file {}: `{key}` names {}, which is outside the scanned tree; a repository's \
             own configuration may only name paths inside it (pass the path on the command line \
             instead)",
            origin
                .path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            p.display()
        ))
    };
    if p.is_absolute()
        || p.components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(escapes());
    }
    // A symlink inside the tree may still lead out of it.
    if let (Ok(real), Ok(real_root)) = (joined.canonicalize(), root.canonicalize())
        && !real.starts_with(&real_root)
    {
        return Err(escapes());
    }
    Ok(joined)
}

fn bounded_threads(requested: usize, notes: &mut Vec<Note>) -> usize {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let max = (cpus * THREADS_PER_CPU).min(MAX_THREADS);
    if requested > max {
        notes.push(Note::warning(
            None,
            format!("{requested} threads requested; lowered to {max} ({THREADS_PER_CPU} per CPU, at most {MAX_THREADS})"),
        ));
        max
    } else {
        requested.max(1)
    }
}

/// Resolves `aseptic scan` (and `aseptic baseline`) arguments into settings.
pub fn resolve(args: &ScanArgs) -> Result<Settings, Error> {
    // `root` is the scanned directory here: where the configuration is found and what its paths
    // are relative to. Locations are made relative to the repository below.
    let stdin = args.paths.len() == 1 && args.paths[0].as_os_str() == "-";
    if args.stdin_filename.is_some() && !stdin {
        return Err(Error::Usage(
            "--stdin-filename names standard input; scan it with `aseptic scan -`".into(),
        ));
    }
    if stdin && (args.staged || args.since.is_some() || args.history.is_some()) {
        return Err(Error::Usage(
            "`aseptic scan -` reads standard input; it cannot run with --staged, --since or --history"
                .into(),
        ));
    }
    let (root, targets) = if stdin {
        (PathBuf::from("."), Vec::new())
    } else {
        root_and_targets(&args.paths)
    };
    for t in &targets {
        if !t.exists() {
            return Err(Error::Usage(format!(
                "{}: no such file or directory",
                t.display()
            )));
        }
    }
    if !root.exists() {
        return Err(Error::Usage(format!(
            "{}: no such directory",
            root.display()
        )));
    }
    let origin = match &args.config {
        Some(p) => ConfigOrigin {
            path: Some(p.clone()),
            in_tree: false,
        },
        None => ConfigOrigin {
            path: Some(root.join(config::FILE_NAME)).filter(|p| p.is_file()),
            in_tree: true,
        },
    };
    let config = match &origin.path {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    let mut notes = Vec::new();

    let format = match args.format {
        Some(f) => f.into(),
        None => match config.scan.format.as_deref() {
            Some(s) => Format::parse(s).ok_or_else(|| {
                Error::Config(format!(
                    "config: [scan] format `{s}` is not one of table, json, sarif, github, markdown, gitlab-secrets, gitlab-sast, gitlab-dependency"
                ))
            })?,
            None => Format::Table,
        },
    };
    let fail_on = match args.fail_on {
        Some(f) => f.threshold(),
        None => match config.scan.fail_on.as_deref() {
            Some(s) => parse_fail_on(s).ok_or_else(|| {
                Error::Config(format!(
                    "config: [scan] fail_on `{s}` is not one of critical, high, medium, low, info, none"
                ))
            })?,
            None => Some(Severity::Low),
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
    let mut kinds: Vec<AnalyzerKind> = AnalyzerKind::ALL
        .into_iter()
        .filter(|k| (only.is_empty() || only.contains(k)) && !skip.contains(k))
        .collect();
    let source = if args.staged {
        Source::Staged
    } else if let Some(r) = &args.since {
        Source::Since(r.clone())
    } else if let Some(r) = &args.history {
        Source::History(r.clone())
    } else if stdin {
        Source::Stdin {
            name: stdin_name(args.stdin_filename.as_deref())?,
            bytes: StdinBytes(Vec::new()),
        }
    } else {
        Source::WorkingTree
    };
    if matches!(source, Source::History(_)) {
        // History items are the lines each commit added, not whole files: only line-oriented
        // secret detection is meaningful on them.
        kinds.retain(|k| *k == AnalyzerKind::Secrets);
        if kinds.is_empty() {
            return Err(Error::Usage(
                "--history scans for secrets; it cannot run with the secrets analyzer skipped"
                    .into(),
            ));
        }
    }
    let threads = bounded_threads(
        args.threads.or(config.scan.threads).unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }),
        &mut notes,
    );
    let max_file_size = args
        .max_file_size
        .or(config.scan.max_file_size)
        .unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let mut rule_dirs = config
        .scan
        .rules
        .iter()
        .map(|p| confined(&root, &origin, "[scan] rules", p))
        .collect::<Result<Vec<_>, _>>()?;
    rule_dirs.extend(args.rules.iter().cloned());
    let baseline = match (&args.baseline, &config.scan.baseline) {
        (Some(b), _) => Some(b.clone()),
        (None, Some(p)) => Some(confined(&root, &origin, "[scan] baseline", p)?),
        (None, None) => None,
    };
    let mut exclude = config.scan.exclude.clone();
    exclude.extend(args.exclude.iter().cloned());

    let mut advisories = config.advisories.clone();
    if let Some(p) = &args.advisory_db {
        advisories.db = Some(p.clone());
        advisories.db_from_cli = true;
    } else if let Some(p) = advisories.db.clone() {
        advisories.db = Some(confined(&root, &origin, "[advisories] db", &p)?);
    }
    if let Some(p) = &args.osv_db {
        advisories.osv_db = Some(p.clone());
        advisories.osv_db_from_cli = true;
    } else if let Some(p) = advisories.osv_db.clone() {
        advisories.osv_db = Some(confined(&root, &origin, "[advisories] osv_db", &p)?);
    }
    advisories.offline |= args.offline;
    if let Some(d) = args.max_db_age {
        advisories.max_db_age = Some(d);
    }
    let mut phi = config.phi.clone();
    if let Some(scope) = args.phi_scope {
        phi.scope = Some(match scope {
            cli::PhiScope::Fixtures => phi::Scope::Fixtures,
            cli::PhiScope::All => phi::Scope::All,
        });
    }
    if args.phi_detail {
        phi.detail = Some(true);
    }
    let show_severities = args
        .severity
        .iter()
        .map(|w| {
            Severity::parse(w.trim()).ok_or_else(|| {
                Error::Usage(format!(
                    "--severity: `{}` is not one of critical, high, medium, low, info",
                    w.escape_debug()
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut rules = config.rules;
    for id in &args.ignore_rule {
        rules.entry(id.trim().to_string()).or_default().enabled = Some(false);
    }
    let mut source = source;
    let (report_root, targets, git_repo) = if let Source::Stdin { bytes, .. } = &mut source {
        // Standard input is no file of the tree: its name is its location, as given.
        *bytes = StdinBytes(read_stdin(max_file_size)?);
        (root.clone(), targets, false)
    } else {
        repository_scope(&root, targets)
    };
    check_git_mode(&source, git_repo, &root)?;
    let mut ignore = config.ignore.clone();
    // `[[advisories.ignore]]` entries are ordinary rule ignores, so expiry and its note are
    // handled by the policy like every other ignore.
    ignore.extend(advisories.ignore.iter().map(|ig| IgnoreEntry {
        rule: Some(ig.id.trim().to_string()),
        path: None,
        fingerprint: None,
        reason: ig.reason.clone(),
        expires: ig.expires,
    }));

    Ok(Settings {
        root: report_root,
        git_repo,
        targets,
        source,
        format,
        output: args.output.clone(),
        extra_outputs: [
            (Format::Sarif, &args.sarif_output),
            (Format::Json, &args.json_output),
            (Format::Table, &args.table_output),
            (Format::Github, &args.github_output),
            (Format::Markdown, &args.markdown_output),
            (Format::GitlabSecrets, &args.gitlab_secrets_output),
            (Format::GitlabSast, &args.gitlab_sast_output),
            (Format::GitlabDependency, &args.gitlab_dependency_output),
        ]
        .into_iter()
        .filter_map(|(f, p)| p.clone().map(|p| (f, p)))
        .collect(),
        quiet: args.quiet,
        color: match args.color {
            cli::ColorArg::Auto => None,
            cli::ColorArg::Always => Some(true),
            cli::ColorArg::Never => Some(false),
        },
        show_severities,
        group_by: args.group_by.into(),
        verbose: args.verbose,
        progress: !args.no_progress,
        fail_on,
        analyzers: kinds,
        threads,
        max_file_size,
        rule_dirs,
        baseline,
        exclude,
        no_ignore: args.no_ignore || config.scan.no_ignore.unwrap_or(false),
        policy: PolicyConfig {
            rules,
            ignore,
            context: config.context,
        },
        analyzer_config: analyzers::Configs {
            secrets: config.secrets,
            advisories,
            phi,
        },
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_bounded_with_a_note() {
        let mut notes = Vec::new();
        let n = bounded_threads(100_000, &mut notes);
        assert!(n <= MAX_THREADS, "{n}");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].message.contains("100000 threads requested"));
        let mut notes = Vec::new();
        assert_eq!(bounded_threads(1, &mut notes), 1);
        assert_eq!(bounded_threads(0, &mut notes), 1);
        assert!(notes.is_empty());
    }

    #[test]
    fn in_tree_config_paths_stay_inside_the_root() {
        let d = tempfile::tempdir().unwrap();
        let origin = ConfigOrigin {
            path: Some(d.path().join(".aseptic.toml")),
            in_tree: true,
        };
        for bad in ["/proc/self/environ", "../outside", "a/../../b"] {
            let e = confined(d.path(), &origin, "[scan] rules", Path::new(bad)).unwrap_err();
            assert!(e.to_string().contains("outside the scanned tree"), "{e}");
        }
        assert!(confined(d.path(), &origin, "[scan] rules", Path::new("ci/rules")).is_ok());
        let trusted = ConfigOrigin {
            path: None,
            in_tree: false,
        };
        assert!(confined(d.path(), &trusted, "[scan] rules", Path::new("../x")).is_ok());
    }

    #[test]
    fn fail_on_words() {
        assert_eq!(parse_fail_on("none"), Some(None));
        assert_eq!(parse_fail_on("high"), Some(Some(Severity::High)));
        assert_eq!(parse_fail_on("loud"), None);
    }
}
