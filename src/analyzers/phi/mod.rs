//! The phi analyzer (see the module's issue for the full scope).

use super::{Analyzer, BuildError, Output};
use crate::config::Config;
use crate::finding::AnalyzerKind;
use crate::input::Input;
use crate::rule::Rule;
use serde::{Deserialize, Serialize};

/// `[phi]` in `.aseptic.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PhiConfig {}

pub struct PhiAnalyzer {
    _rules: Vec<Rule>,
}

impl PhiAnalyzer {
    pub fn new(rules: Vec<Rule>, _config: &Config) -> Result<Self, BuildError> {
        Ok(PhiAnalyzer { _rules: rules })
    }
}

impl Analyzer for PhiAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Phi
    }
    fn applies_to(&self, _input: &Input) -> bool {
        false
    }
    fn analyze(&self, _input: &Input, _out: &mut Output) {}
}
