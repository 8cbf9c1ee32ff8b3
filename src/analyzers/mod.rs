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

use crate::error::Error;
use crate::finding::{AnalyzerKind, Finding};
use crate::input::Input;
use crate::note::Note;
use crate::rule::Rule;

/// What an analyzer produces for one file (or in `finish`).
#[derive(Debug, Default)]
pub struct Output {
    pub findings: Vec<Finding>,
    pub notes: Vec<Note>,
    /// Rules made at run time (one per advisory, say), so SARIF can describe them.
    pub rules: Vec<Rule>,
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

/// Each analyzer's section of the configuration, already resolved (flags laid over the file).
/// The IaC and rust analyzers have no settings.
#[derive(Debug, Clone, Default)]
pub struct Configs {
    pub secrets: secrets::SecretsConfig,
    pub advisories: advisories::AdvisoriesConfig,
    pub phi: phi::PhiConfig,
}

/// A shared analyzer is still one analyzer (the rust analyzer borrows the secrets analyzer's
/// matcher for literal values; both run from one build).
impl<A: Analyzer + ?Sized> Analyzer for std::sync::Arc<A> {
    fn kind(&self) -> AnalyzerKind {
        (**self).kind()
    }
    fn applies_to(&self, input: &Input) -> bool {
        (**self).applies_to(input)
    }
    fn analyze(&self, input: &Input, out: &mut Output) {
        (**self).analyze(input, out)
    }
    fn finish(&self, out: &mut Output) {
        (**self).finish(out)
    }
    fn report_properties(&self, props: &mut std::collections::BTreeMap<String, String>) {
        (**self).report_properties(props)
    }
}

/// Builds the selected analyzers, each from its own rules and its own config section. `rules`
/// are the enabled rules; `catalogue` is every rule loaded (enabled or not), which the PHI
/// analyzer detects with (a disabled PHI rule still shapes what its neighbours decide, it just
/// reports nothing). This is the one place analyzers are registered.
pub fn build(
    kinds: &[AnalyzerKind],
    rules: &[Rule],
    catalogue: &[Rule],
    configs: &Configs,
) -> Result<Vec<Box<dyn Analyzer>>, Error> {
    let of = |k: AnalyzerKind| -> Vec<Rule> {
        rules.iter().filter(|r| r.analyzer == k).cloned().collect()
    };
    let mut rust = None;
    if kinds.contains(&AnalyzerKind::Rust) {
        rust = Some(rust::RustAnalyzer::new(of(AnalyzerKind::Rust))?);
    }
    let secret_rules = of(AnalyzerKind::Secrets);
    let rust_wants_secrets =
        !secret_rules.is_empty() && rust.as_ref().is_some_and(|r| r.needs_secrets());
    let secrets = if kinds.contains(&AnalyzerKind::Secrets) || rust_wants_secrets {
        Some(std::sync::Arc::new(secrets::SecretsAnalyzer::new(
            secret_rules,
            &configs.secrets,
        )?))
    } else {
        None
    };
    let mut out: Vec<Box<dyn Analyzer>> = Vec::new();
    for &k in kinds {
        out.push(match k {
            AnalyzerKind::Secrets => Box::new(secrets.clone().expect("built above")),
            AnalyzerKind::Advisories => Box::new(advisories::AdvisoriesAnalyzer::new(
                of(k),
                &configs.advisories,
            )?),
            AnalyzerKind::Iac => Box::new(iac::IacAnalyzer::new(of(k))?),
            AnalyzerKind::Phi => {
                let enabled = rules
                    .iter()
                    .filter(|r| r.analyzer == k)
                    .map(|r| r.id.clone());
                let all: Vec<Rule> = catalogue
                    .iter()
                    .filter(|r| r.analyzer == k)
                    .cloned()
                    .collect();
                Box::new(phi::PhiAnalyzer::new(all, enabled.collect(), &configs.phi)?)
            }
            AnalyzerKind::Rust => {
                let mut r = rust.take().expect("built above");
                if rust_wants_secrets {
                    r.set_secrets(secrets.clone());
                }
                Box::new(r)
            }
        });
    }
    Ok(out)
}
