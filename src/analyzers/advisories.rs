//! The advisories analyzer (see the module's issue for the full scope).

use super::{Analyzer, BuildError, Output};
use crate::config::Config;
use crate::finding::AnalyzerKind;
use crate::input::Input;
use crate::rule::Rule;
use serde::{Deserialize, Serialize};

/// `[advisories]` in `.aseptic.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdvisoriesConfig {}

pub struct AdvisoriesAnalyzer {
    _rules: Vec<Rule>,
}

impl AdvisoriesAnalyzer {
    pub fn new(rules: Vec<Rule>, _config: &Config) -> Result<Self, BuildError> {
        Ok(AdvisoriesAnalyzer { _rules: rules })
    }
}

impl Analyzer for AdvisoriesAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Advisories
    }
    fn applies_to(&self, _input: &Input) -> bool {
        false
    }
    fn analyze(&self, _input: &Input, _out: &mut Output) {}
}

/// `aseptic db update|info`.
pub fn db_command(_action: &crate::cli::DbAction) -> std::io::Result<u8> {
    eprintln!("error: the advisory database commands are not available yet");
    Ok(2)
}
