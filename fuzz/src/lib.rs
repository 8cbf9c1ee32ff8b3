//! What the fuzz targets share: the analyzers built once from the built-in rules, and a run of
//! every analyzer that applies to one in-memory file, the way the engine runs them but with no
//! panic caught, so libFuzzer sees every crash. Deliberately not done: the advisories analyzer
//! (it needs a database on disk; its lockfile reader has its own target) and the walk.

use aseptic::analyzers::{self, Analyzer, Configs, Output};
use aseptic::finding::AnalyzerKind;
use aseptic::input::{Input, Origin};
use aseptic::rule::Rule;
use std::path::Path;
use std::sync::OnceLock;

/// Every built-in rule (parsed once).
pub fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| aseptic::rule::builtin_rules().expect("built-in rules load"))
}

/// The stateless analyzers (secrets, PHI, rust), built once.
fn stateless() -> &'static [Box<dyn Analyzer>] {
    static BUILT: OnceLock<Vec<Box<dyn Analyzer>>> = OnceLock::new();
    BUILT.get_or_init(|| {
        analyzers::build(
            &[AnalyzerKind::Secrets, AnalyzerKind::Phi, AnalyzerKind::Rust],
            rules(),
            rules(),
            &Configs::default(),
        )
        .expect("analyzers build")
    })
}

/// The IaC analyzer, built once: compiling its rules costs far more than one input. It gathers
/// Terraform directories and kustomize trees during `analyze` and `finish` drains them, so one
/// instance serves every run in turn.
fn iac() -> &'static [Box<dyn Analyzer>] {
    static BUILT: OnceLock<Vec<Box<dyn Analyzer>>> = OnceLock::new();
    BUILT.get_or_init(|| {
        analyzers::build(&[AnalyzerKind::Iac], rules(), rules(), &Configs::default())
            .expect("iac analyzer builds")
    })
}

/// Runs every analyzer that applies on `files` (path, bytes) as one scan: the stateless ones
/// per file, and the IaC analyzer (then its `finish`, which evaluates the Terraform directories
/// and kustomize trees gathered) when `iac` is set.
pub fn scan(files: &[(&str, &[u8])], iac: bool) {
    scan_in(None, files, iac)
}

/// [`scan`], with each file also given a path under `root` on disk (the kustomize support
/// decides from the directory on disk whether a manifest belongs to a kustomization).
pub fn scan_in(root: Option<&Path>, files: &[(&str, &[u8])], iac: bool) {
    let stateful: &[Box<dyn Analyzer>] = if iac { self::iac() } else { &[] };
    for (path, bytes) in files {
        let disk = root.map(|r| r.join(path));
        let input = Input::new(path, bytes, Origin::WorkingTree, disk.as_deref());
        for a in stateless().iter().chain(stateful.iter()) {
            if a.applies_to(&input) {
                let mut out = Output::default();
                a.analyze(&input, &mut out);
            }
        }
    }
    for a in stateful {
        let mut out = Output::default();
        a.finish(&mut out);
    }
}

/// Splits `data` at NUL bytes into at most `paths.len()` files named by `paths`.
pub fn files<'a>(data: &'a [u8], paths: &[&'a str]) -> Vec<(&'a str, &'a [u8])> {
    data.splitn(paths.len(), |b| *b == 0)
        .zip(paths.iter().copied())
        .map(|(b, p)| (p, b))
        .collect()
}

/// The first byte picks one of `paths` for the rest of `data`.
pub fn pick<'a>(data: &'a [u8], paths: &[&'a str]) -> (&'a str, &'a [u8]) {
    match data.split_first() {
        Some((k, rest)) => (paths[*k as usize % paths.len()], rest),
        None => (paths[0], data),
    }
}
