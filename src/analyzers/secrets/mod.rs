//! Secrets analyzer: committed credentials found by keyword prefilter (aho-corasick), then regex,
//! then entropy, then allowlist.

pub mod import;

use super::{Analyzer, BuildError, Output};
use crate::config::Config;
use crate::finding::AnalyzerKind;
use crate::input::Input;
use crate::rule::Rule;
use serde::{Deserialize, Serialize};

/// `[secrets]` in `.aseptic.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecretsConfig {}

pub struct SecretsAnalyzer {
    _rules: Vec<Rule>,
}

impl SecretsAnalyzer {
    pub fn new(rules: Vec<Rule>, _config: &Config) -> Result<Self, BuildError> {
        Ok(SecretsAnalyzer { _rules: rules })
    }
}

impl Analyzer for SecretsAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Secrets
    }
    fn applies_to(&self, _input: &Input) -> bool {
        true
    }
    fn analyze(&self, _input: &Input, _out: &mut Output) {}
}
