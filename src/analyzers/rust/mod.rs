//! The rust analyzer (see the module's issue for the full scope).

use super::{Analyzer, BuildError, Output};
use crate::config::Config;
use crate::finding::AnalyzerKind;
use crate::input::Input;
use crate::rule::Rule;
use serde::{Deserialize, Serialize};

/// `[rust]` in `.aseptic.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RustConfig {}

pub struct RustAnalyzer {
    _rules: Vec<Rule>,
}

impl RustAnalyzer {
    pub fn new(
        rules: Vec<Rule>,
        _all_rules: &[Rule],
        _config: &Config,
    ) -> Result<Self, BuildError> {
        Ok(RustAnalyzer { _rules: rules })
    }
}

impl Analyzer for RustAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Rust
    }
    fn applies_to(&self, _input: &Input) -> bool {
        false
    }
    fn analyze(&self, _input: &Input, _out: &mut Output) {}
}
