//! The command line, declared with clap derive. Flags that can also come from the environment name
//! their `ASEPTIC_*` variable; a flag that is set (by either) overrides `.aseptic.toml`. Only this
//! module, [`crate::settings`] (which resolves these types into plain settings) and the
//! subcommand dispatch in [`crate::commands`] see clap types.

use crate::report::{Format, GroupBy};
use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsStr;
use std::path::PathBuf;

/// `--help`'s closing lines: a few examples and the exit codes (the man page has them too).
pub const AFTER_HELP: &str = "\
Examples:
  aseptic scan                              scan the repository (or directory) you are in
  aseptic scan --staged                     what is about to be committed (a git hook)
  aseptic scan . --format github --sarif-output aseptic.sarif
                                            annotations in the CI log, SARIF for code scanning
  aseptic scan --since origin/main --fail-on high
                                            only files changed on this branch
  aseptic explain RUSTSEC-2023-0071         what a finding's rule or advisory means

Exit status:
  0  no finding at or above --fail-on (default: low)
  1  findings at or above --fail-on
  2  the scan is incomplete or could not run (a usage error, an unreadable file, no database)";

/// Accepts any string (the settings name a bad value in their own words) while offering a list
/// of values to shell completion.
#[derive(Clone)]
pub struct Offered(fn() -> Vec<String>);

impl TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(PossibleValue::new)))
    }
}

fn analyzer_names() -> Vec<String> {
    crate::finding::AnalyzerKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect()
}

/// Every built-in rule id, for completing `explain` (advisory ids come from the database).
pub fn rule_ids() -> Vec<String> {
    let mut ids: Vec<String> = crate::rule::builtin_rules()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.id)
        .collect();
    ids.push(crate::analyzers::advisories::advisory::YANKED_ID.to_string());
    ids.sort();
    ids
}

#[derive(Debug, Parser)]
#[command(
    name = "aseptic",
    version,
    about = "Keeps health-tech repositories free of what turns into a breach: vulnerable dependencies, \
             IaC misconfigurations, committed secrets, PHI in fixtures, and insecure Rust.",
    propagate_version = true,
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and report findings.
    #[command(after_help = AFTER_HELP)]
    Scan(ScanArgs),
    /// Record the current findings as accepted, so later scans report only new ones.
    Baseline(BaselineArgs),
    /// List every rule: id, analyzer, severity, summary and HIPAA citations.
    Rules(RulesArgs),
    /// Show a rule's full documentation.
    Explain(ExplainArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Manage the local RustSec advisory database.
    Db(DbArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Info,
    None,
}

impl FailOn {
    pub fn threshold(self) -> Option<crate::finding::Severity> {
        use crate::finding::Severity as S;
        match self {
            FailOn::Critical => Some(S::Critical),
            FailOn::High => Some(S::High),
            FailOn::Medium => Some(S::Medium),
            FailOn::Low => Some(S::Low),
            FailOn::Info => Some(S::Info),
            FailOn::None => None,
        }
    }
}

/// `--format`: the report formats, as the command line spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Sarif,
    Github,
    /// For a GitHub job summary or a pull request comment.
    Markdown,
    /// GitLab secret detection report (secrets findings).
    GitlabSecrets,
    /// GitLab SAST report (IaC, PHI and Rust findings).
    GitlabSast,
    /// GitLab dependency scanning report (advisories).
    GitlabDependency,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::GitlabSecrets => Format::GitlabSecrets,
            FormatArg::GitlabSast => Format::GitlabSast,
            FormatArg::GitlabDependency => Format::GitlabDependency,
        }
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorArg {
    /// Colour on a terminal unless NO_COLOR is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// `--group-by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum GroupByArg {
    #[default]
    Severity,
    /// By HIPAA Security Rule safeguard (45 CFR 164.312).
    Hipaa,
}

impl From<GroupByArg> for GroupBy {
    fn from(g: GroupByArg) -> GroupBy {
        match g {
            GroupByArg::Severity => GroupBy::Severity,
            GroupByArg::Hipaa => GroupBy::Hipaa,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PhiScope {
    /// Full severity only on fixture-like paths (tests/, fixtures/, seeds/, *.csv, *.hl7, ...).
    Fixtures,
    /// Full severity everywhere.
    All,
}

#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    /// Files or directories to scan. One directory becomes the scan root; otherwise the root is
    /// the current directory and only the given paths are scanned. `-` scans standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The file name standard input is scanned as (`aseptic scan - --stdin-filename Dockerfile`),
    /// for rules that look at names [default: stdin].
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Configuration file [default: .aseptic.toml at the scan root].
    #[arg(long, env = "ASEPTIC_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format [default: table].
    #[arg(long, short = 'f', env = "ASEPTIC_FORMAT", value_enum)]
    pub format: Option<FormatArg>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a SARIF report of the same findings to FILE (beside the --format report).
    #[arg(long, value_name = "FILE")]
    pub sarif_output: Option<PathBuf>,
    /// Also write a JSON report of the same findings to FILE.
    #[arg(long, value_name = "FILE")]
    pub json_output: Option<PathBuf>,
    /// Also write a table report (no colour) to FILE.
    #[arg(long, value_name = "FILE")]
    pub table_output: Option<PathBuf>,
    /// Also write GitHub annotations to FILE.
    #[arg(long, value_name = "FILE")]
    pub github_output: Option<PathBuf>,
    /// Also write a Markdown report to FILE (e.g. "$GITHUB_STEP_SUMMARY").
    #[arg(long, value_name = "FILE")]
    pub markdown_output: Option<PathBuf>,
    /// Also write GitLab's secret detection report to FILE (`artifacts:reports:secret_detection`).
    #[arg(long, value_name = "FILE")]
    pub gitlab_secrets_output: Option<PathBuf>,
    /// Also write GitLab's SAST report to FILE (`artifacts:reports:sast`).
    #[arg(long, value_name = "FILE")]
    pub gitlab_sast_output: Option<PathBuf>,
    /// Also write GitLab's dependency scanning report to FILE
    /// (`artifacts:reports:dependency_scanning`).
    #[arg(long, value_name = "FILE")]
    pub gitlab_dependency_output: Option<PathBuf>,
    /// No one-line summary on standard error (it is printed when stdout has no table).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Exit 1 when a finding at or above this severity remains [default: low].
    #[arg(long, env = "ASEPTIC_FAIL_ON", value_enum)]
    pub fail_on: Option<FailOn>,
    /// Run only these analyzers (advisories, iac, secrets, phi, rust).
    #[arg(long, value_delimiter = ',', value_name = "A,B", value_parser = Offered(analyzer_names), hide_possible_values = true)]
    pub only: Vec<String>,
    /// Skip these analyzers.
    #[arg(long, value_delimiter = ',', value_name = "A,B", value_parser = Offered(analyzer_names), hide_possible_values = true)]
    pub skip: Vec<String>,
    /// Switch off this rule (an id or a glob like `PHI-*`) for this run; repeatable.
    #[arg(long, value_name = "ID")]
    pub ignore_rule: Vec<String>,
    /// Show only findings of these severities (e.g. `critical,high`); `--fail-on` still decides
    /// the exit code from every finding.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub severity: Vec<String>,
    /// Worker threads [default: number of CPUs].
    #[arg(long, short = 'j', env = "ASEPTIC_THREADS")]
    pub threads: Option<usize>,
    /// Never scan paths matching GLOB (gitignore syntax; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Do not honour .gitignore, .ignore and .asepticignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Skip files larger than this many bytes (suffixes K, M, G; default 5M).
    #[arg(long, env = "ASEPTIC_MAX_FILE_SIZE", value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
    /// Extra rule files or directories (aseptic TOML rules, or a gitleaks rule file).
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, env = "ASEPTIC_BASELINE", value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Scan the staged (index) version of staged files: what is about to be committed.
    #[arg(long, conflicts_with_all = ["since", "history"])]
    pub staged: bool,
    /// Scan only files changed between the merge base of REF and the working tree.
    #[arg(long, value_name = "REF", conflicts_with = "history")]
    pub since: Option<String>,
    /// Scan the lines added by every commit reachable from HEAD, or in REV_RANGE.
    #[arg(long, value_name = "REV_RANGE", num_args = 0..=1, default_missing_value = "HEAD", require_equals = true)]
    pub history: Option<String>,
    /// RustSec advisory database directory.
    #[arg(long, env = "ASEPTIC_ADVISORY_DB", value_name = "DIR")]
    pub advisory_db: Option<PathBuf>,
    /// OSV database directory (osv.dev's per-ecosystem archives, unpacked) for npm, PyPI, Go,
    /// Maven and NuGet lockfiles.
    #[arg(long, env = "ASEPTIC_OSV_DB", value_name = "DIR")]
    pub osv_db: Option<PathBuf>,
    /// Never touch the network (do not fetch a missing advisory database).
    #[arg(long, env = "ASEPTIC_OFFLINE")]
    pub offline: bool,
    /// Warn when the advisory database is older than this many days [default: 90].
    #[arg(long, value_name = "DAYS")]
    pub max_db_age: Option<u32>,
    /// Where PHI findings get full severity.
    #[arg(long, value_enum)]
    pub phi_scope: Option<PhiScope>,
    /// One PHI finding per value instead of one per file.
    #[arg(long)]
    pub phi_detail: bool,
    /// Group findings in the table and JSON by severity or by HIPAA safeguard.
    #[arg(long, value_enum, default_value = "severity")]
    pub group_by: GroupByArg,
    /// Print every note in the table (skipped files included).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Colour in the table on standard output.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorArg,
    /// No progress indicator, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Clone, Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Only rules of these analyzers.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Extra rule files or directories.
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Load the rule files in DIR and run each rule's positive and negative examples through the
    /// analyzers; exit 1 naming every rule whose examples fail, 0 when all hold.
    #[arg(long, value_name = "DIR", conflicts_with = "rules")]
    pub check: Option<PathBuf>,
    /// Print the next free id with this prefix (`IAC-AWS`, `SEC-GITHUB`, `RS-TLS`) for a new rule:
    /// one past the highest id or alias ever used with it, so retired ids are never reused.
    #[arg(long, value_name = "PREFIX", conflicts_with = "check")]
    pub next_id: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// Rule id (`SEC-AWS-001`), rule name (`aws-access-key-id`), or advisory id
    /// (`RUSTSEC-2023-0071`, or one of its CVE/GHSA aliases; OSV ids such as `PYSEC-2021-19`
    /// with --osv-db).
    #[arg(value_parser = Offered(rule_ids), hide_possible_values = true)]
    pub rule: String,
    /// Extra rule files or directories.
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// RustSec advisory database directory (for advisory ids).
    #[arg(long, env = "ASEPTIC_ADVISORY_DB", value_name = "DIR")]
    pub advisory_db: Option<PathBuf>,
    /// OSV database directory (for GHSA, PYSEC, GO and other OSV advisory ids).
    #[arg(long, env = "ASEPTIC_OSV_DB", value_name = "DIR")]
    pub osv_db: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    #[command(subcommand)]
    pub action: DbAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum DbAction {
    /// Clone the advisory database, or fast-forward it, with the system git; with `--osv`,
    /// download osv.dev's archives into the OSV database instead.
    Update {
        #[arg(long, env = "ASEPTIC_ADVISORY_DB", value_name = "DIR")]
        advisory_db: Option<PathBuf>,
        /// Update the OSV database (npm, PyPI, Go, Maven, NuGet) over HTTPS: resumable, and each
        /// archive verified before it replaces the old copy.
        #[arg(long)]
        osv: bool,
        /// The OSV database directory [default: aseptic/osv in the user's cache directory].
        #[arg(long, env = "ASEPTIC_OSV_DB", value_name = "DIR")]
        osv_db: Option<PathBuf>,
        /// Ecosystems to download with --osv (default: the ones the database already has, else
        /// all five).
        #[arg(long, value_delimiter = ',', value_name = "NAME")]
        ecosystem: Vec<String>,
        /// Never touch the network: refuse to update.
        #[arg(long, env = "ASEPTIC_OFFLINE")]
        offline: bool,
    },
    /// Print the database's path, revision, newest advisory date and advisory count.
    Info {
        #[arg(long, env = "ASEPTIC_ADVISORY_DB", value_name = "DIR")]
        advisory_db: Option<PathBuf>,
    },
}

/// Parses `5M`, `512K`, `1G` or plain bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let unit = s[i..].to_ascii_lowercase();
            let m = match unit.as_str() {
                "b" => 1,
                "k" | "kb" | "kib" => 1024,
                "m" | "mb" | "mib" => 1024 * 1024,
                "g" | "gb" | "gib" => 1024 * 1024 * 1024,
                _ => return Err(format!("unknown size unit `{unit}` (use K, M or G)")),
            };
            (&s[..i], m)
        }
        None => (s, 1),
    };
    num.trim()
        .parse::<u64>()
        .map(|n| n * mult)
        .map_err(|_| format!("`{s}` is not a size like 5M"))
}
