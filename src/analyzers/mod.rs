//! The analyzers and the one trait they share.
//!
//! An analyzer is built once per run from its rules and the configuration (a bad rule or an
//! unusable database fails here, before any scanning), then handed each file that it
//! [`Analyzer::applies_to`]. It never knows the output format or where the bytes came from, and it
//! never applies suppressions or severity overrides: the engine and [`crate::policy`] do that in one
//! place. Work that needs every file first (Terraform modules, cross-resource checks) accumulates
//! state behind a lock during `analyze` and reports in [`Analyzer::finish`].

pub mod advisories;
pub mod iac;
pub mod phi;
pub mod rust;
pub mod secrets;

use crate::config::Config;
use crate::finding::{AnalyzerKind, Finding};
use crate::input::Input;
use crate::note::Note;
use crate::rule::{Rule, RuleError};

/// What an analyzer produces for one file (or in `finish`).
#[derive(Debug, Default)]
pub struct Output {
    pub findings: Vec<Finding>,
    pub notes: Vec<Note>,
    /// Rules made at run time (one per advisory, say), so SARIF can describe them.
    pub rules: Vec<Rule>,
    /// Byte spans of the input's text holding a value this analyzer found (a secret, a PHI value),
    /// reported or not: the engine masks them in every other analyzer's snippets too.
    pub values: Vec<(usize, usize)>,
}

pub trait Analyzer: Send + Sync {
    fn kind(&self) -> AnalyzerKind;
    /// Cheap: decided from the file's kind and path.
    fn applies_to(&self, input: &Input) -> bool;
    fn analyze(&self, input: &Input, out: &mut Output);
    /// Called once after every file was analyzed.
    fn finish(&self, _out: &mut Output) {}
    /// Facts every report should record about this run (e.g. the advisory database revision).
    fn report_properties(&self, _props: &mut std::collections::BTreeMap<String, String>) {}
}

/// Lays the scan flags that belong to one analyzer over its section of the config (CLI and
/// environment win over the file).
pub fn configure(config: &mut Config, args: &crate::cli::ScanArgs) {
    advisories::configure(config, args);
    if let Some(scope) = args.phi_scope {
        config.phi.scope = Some(match scope {
            crate::cli::PhiScope::Fixtures => phi::Scope::Fixtures,
            crate::cli::PhiScope::All => phi::Scope::All,
        });
    }
    if args.phi_detail {
        config.phi.detail = Some(true);
    }
}

/// A failure to build an analyzer: a rule that does not compile or a resource it needs.
#[derive(Debug)]
pub enum BuildError {
    Rule(RuleError),
    /// Exit 2 with this message (e.g. the advisory database is missing, with the fix spelled out).
    Setup(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Rule(e) => e.fmt(f),
            BuildError::Setup(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<RuleError> for BuildError {
    fn from(e: RuleError) -> Self {
        BuildError::Rule(e)
    }
}

/// Builds the selected analyzers, each with its own rules. This is the one place analyzers are
/// registered.
pub fn build(
    kinds: &[AnalyzerKind],
    rules: &[Rule],
    config: &Config,
) -> Result<Vec<Box<dyn Analyzer>>, BuildError> {
    let of = |k: AnalyzerKind| -> Vec<Rule> {
        rules.iter().filter(|r| r.analyzer == k).cloned().collect()
    };
    let mut out: Vec<Box<dyn Analyzer>> = Vec::new();
    for &k in kinds {
        out.push(match k {
            AnalyzerKind::Secrets => Box::new(secrets::SecretsAnalyzer::new(of(k), config)?),
            AnalyzerKind::Advisories => {
                Box::new(advisories::AdvisoriesAnalyzer::new(of(k), config)?)
            }
            AnalyzerKind::Iac => Box::new(iac::IacAnalyzer::new(of(k), config)?),
            AnalyzerKind::Phi => Box::new(phi::PhiAnalyzer::new(of(k), config)?),
            AnalyzerKind::Rust => Box::new(rust::RustAnalyzer::new(of(k), rules, config)?),
        });
    }
    Ok(out)
}
