//! The command line, declared with clap derive. Flags that can also come from the environment name
//! their `ASEPTIC_*` variable; a flag that is set (by either) overrides `.aseptic.toml`. Only this
//! module, [`crate::settings`] (which resolves these types into plain settings) and the
//! subcommand dispatch in [`crate::commands`] see clap types.

use crate::report::{Format, GroupBy};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "aseptic",
    version,
    about = "Keeps health-tech repositories free of what turns into a breach: vulnerable dependencies, \
             IaC misconfigurations, committed secrets, PHI in fixtures, and insecure Rust.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and report findings.
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
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
        }
    }
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
    /// the current directory and only the given paths are scanned.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Configuration file [default: .aseptic.toml at the scan root].
    #[arg(long, env = "ASEPTIC_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format [default: table].
    #[arg(long, short = 'f', env = "ASEPTIC_FORMAT", value_enum)]
    pub format: Option<FormatArg>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity remains [default: low].
    #[arg(long, env = "ASEPTIC_FAIL_ON", value_enum)]
    pub fail_on: Option<FailOn>,
    /// Run only these analyzers (advisories, iac, secrets, phi, rust).
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub only: Vec<String>,
    /// Skip these analyzers.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub skip: Vec<String>,
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
    /// Never touch the network (do not fetch a missing advisory database).
    #[arg(long, env = "ASEPTIC_OFFLINE")]
    pub offline: bool,
    /// Warn when the advisory database is older than this many days [default: 90].
    #[arg(long, value_name = "DAYS")]
    pub max_db_age: Option<u32>,
    /// Where PHI findings get full severity.
    #[arg(long, value_enum)]
    pub phi_scope: Option<PhiScope>,
    /// One PHI finding per value instead of one per file and identifier type.
    #[arg(long)]
    pub phi_detail: bool,
    /// Group findings in the table and JSON by severity or by HIPAA safeguard.
    #[arg(long, value_enum, default_value = "severity")]
    pub group_by: GroupByArg,
    /// Print every note in the table (skipped files included).
    #[arg(long, short = 'v')]
    pub verbose: bool,
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
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// Rule id (`SEC-AWS-001`) or name (`aws-access-key-id`).
    pub rule: String,
    /// Extra rule files or directories.
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
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
    /// Clone the advisory database, or fast-forward it, with the system git.
    Update {
        #[arg(long, env = "ASEPTIC_ADVISORY_DB", value_name = "DIR")]
        advisory_db: Option<PathBuf>,
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
