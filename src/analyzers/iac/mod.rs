//! The iac analyzer (see the module's issue for the full scope).

use super::{Analyzer, BuildError, Output};
use crate::config::Config;
use crate::finding::AnalyzerKind;
use crate::input::Input;
use crate::rule::Rule;
use serde::{Deserialize, Serialize};

/// `[iac]` in `.aseptic.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IacConfig {}

pub struct IacAnalyzer {
    _rules: Vec<Rule>,
}

impl IacAnalyzer {
    pub fn new(rules: Vec<Rule>, _config: &Config) -> Result<Self, BuildError> {
        Ok(IacAnalyzer { _rules: rules })
    }
}

impl Analyzer for IacAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Iac
    }
    fn applies_to(&self, _input: &Input) -> bool {
        false
    }
    fn analyze(&self, _input: &Input, _out: &mut Output) {}
}
