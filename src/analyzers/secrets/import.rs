//! Importer for gitleaks-format rule files (`[[rules]]` with `id`, `regex`, `keywords`), so a team
//! moving to aseptic keeps its custom rules.

use crate::rule::{Rule, RuleError};

/// True when the text looks like a gitleaks config (a top-level `[[rules]]` array).
pub fn is_gitleaks_config(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "[[rules]]")
}

pub fn from_gitleaks(source: &str, _text: &str) -> Result<Vec<Rule>, RuleError> {
    Err(RuleError::new(
        source,
        "gitleaks rule files are not supported yet",
    ))
}
