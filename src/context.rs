//! Path context and the severity policy built on it. Where a file sits (a test, an example, a
//! development-only setup, CI, or production code) says how much a finding in it matters: a
//! root container in a devcontainer is not a root container in production, while a real-looking
//! key in a test is still a real key. Every analyzer's findings are classified here, in one place,
//! after analysis ([`crate::policy`] calls [`Contexts::apply`]); analyzers never grade by path.
//!
//! The globs are data (`rules/data/contexts.toml`, plus `[context]` in `.aseptic.toml`); the
//! policy is a small table of how many severity levels each kind of rule drops in each context,
//! which `[context.drop]` overrides. A lowered finding records its context and the rule's own
//! severity as properties, so every format shows why it is lower. Not done here: guessing context
//! from file contents (a test helper in `src/`): paths only, so the result is predictable.

use crate::error::Error;
use crate::finding::{AnalyzerKind, Finding, Severity};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const BUILTIN: &str = include_str!("../rules/data/contexts.toml");

/// Where a file sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Context {
    Production,
    Test,
    Example,
    Dev,
    Ci,
}

impl Context {
    pub const ALL: [Context; 5] = [
        Context::Production,
        Context::Test,
        Context::Example,
        Context::Dev,
        Context::Ci,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Context::Production => "production",
            Context::Test => "test",
            Context::Example => "example",
            Context::Dev => "dev",
            Context::Ci => "ci",
        }
    }
}

/// What a rule is about, for the severity policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// A committed credential in a provider's own format (secrets rules of high or very-high
    /// precision, hard-coded credentials in Rust).
    Credential,
    /// A credential recognised only by the name of its field, flag or argument (`password = …`),
    /// not by a format (secrets rules of medium or low precision).
    #[serde(rename = "guessed-credential")]
    GuessedCredential,
    /// A weakness in how something is configured or written (IaC, Rust source checks).
    Configuration,
    /// Protected health information.
    Phi,
    /// A vulnerable or unmaintained dependency.
    Dependency,
}

impl RuleKind {
    /// The kind of `f`; `guessed` says whether its rule finds credentials by name only.
    pub fn of(f: &Finding, guessed: bool) -> RuleKind {
        match f.analyzer {
            AnalyzerKind::Secrets if guessed => RuleKind::GuessedCredential,
            AnalyzerKind::Secrets => RuleKind::Credential,
            AnalyzerKind::Rust if f.rule_id.starts_with("RS-CRED") => RuleKind::Credential,
            AnalyzerKind::Iac | AnalyzerKind::Rust => RuleKind::Configuration,
            AnalyzerKind::Phi => RuleKind::Phi,
            AnalyzerKind::Advisories => RuleKind::Dependency,
        }
    }
}

/// The default policy: levels dropped by kind and context. A credential in a provider's format
/// keeps its severity everywhere (a key in a test can be a live key); one recognised only by its
/// field name drops one level in tests and examples, where such values are mostly made up for the
/// test or the page; PHI keeps its severity (fixtures are where PHI leaks). A configuration weakness that never reaches production drops two levels; a
/// dependency that only tests or examples lock drops one. CI configuration runs with real
/// credentials and deploys, so nothing drops there.
pub fn default_drop(kind: RuleKind, context: Context) -> u8 {
    use Context as C;
    use RuleKind as K;
    match (kind, context) {
        (K::Configuration, C::Test | C::Example | C::Dev) => 2,
        (K::Dependency | K::GuessedCredential, C::Test | C::Example) => 1,
        _ => 0,
    }
}

/// `[context]` in `.aseptic.toml`: more globs per context, and policy overrides.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContextConfig {
    pub test: Vec<String>,
    pub example: Vec<String>,
    pub dev: Vec<String>,
    pub ci: Vec<String>,
    /// Paths that are production whatever the built-in globs say (checked first).
    pub production: Vec<String>,
    /// `[context.drop] configuration = { dev = 1 }`: levels a kind of rule drops in a context.
    pub drop: BTreeMap<RuleKind, BTreeMap<Context, u8>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Builtin {
    test: Vec<String>,
    example: Vec<String>,
    dev: Vec<String>,
    ci: Vec<String>,
}

/// The compiled classifier and policy.
pub struct Contexts {
    /// In order: production overrides, then test, example, dev, ci.
    sets: Vec<(Context, Globs)>,
    drop: BTreeMap<RuleKind, BTreeMap<Context, u8>>,
    /// Ids of the secrets rules that recognise a credential by name only (precision below high).
    guessed: std::collections::BTreeSet<String>,
}

/// One context's globs. Most are `**/NAME/**` (a directory anywhere, NAME without wildcards),
/// which globset compiles, with the rest, into one regex `^(?:/?|.*/)NAME/.*$`: building it was
/// the largest part of a small scan's start-up. That regex matches exactly the paths that start
/// with `NAME/` or contain `/NAME/`, which `dirs` tests directly; the other globs go to `set`.
struct Globs {
    /// (`NAME/`, `/NAME/`) of each `**/NAME/**` glob.
    dirs: Vec<(String, String)>,
    set: GlobSet,
}

impl Globs {
    fn is_match(&self, path: &str) -> bool {
        self.dirs
            .iter()
            .any(|(root, inner)| path.starts_with(root.as_str()) || path.contains(inner.as_str()))
            || self.set.is_match(path)
    }
}

/// `(NAME/, /NAME/)` for a `**/NAME/**` glob whose NAME has no wildcard, class, alternation or
/// escape.
fn directory_glob(g: &str) -> Option<(String, String)> {
    let name = g.strip_prefix("**/")?.strip_suffix("/**")?;
    let plain = !name.is_empty() && !name.contains(['*', '?', '[', ']', '{', '}', '\\']);
    plain.then(|| (format!("{name}/"), format!("/{name}/")))
}

/// Globs match case-insensitively: they are lower-cased here and [`Contexts::classify`] lower-cases
/// the path, which lets globset use its literal and extension strategies instead of compiling
/// every glob into one case-insensitive regex (a visible share of a small scan's start-up).
fn compile(globs: &[String], what: &str) -> Result<Globs, Error> {
    let mut b = GlobSetBuilder::new();
    let mut dirs = Vec::new();
    for g in globs {
        let g = &g.to_lowercase();
        if let Some(d) = directory_glob(g) {
            dirs.push(d);
            continue;
        }
        let glob = GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::Config(format!("[context] {what}: glob `{g}`: {e}")))?;
        b.add(glob);
        // `**/x/**` should also match `x/...` at the root and `x` itself.
        if let Some(rest) = g.strip_prefix("**/") {
            let glob = GlobBuilder::new(rest)
                .literal_separator(true)
                .build()
                .map_err(|e| Error::Config(format!("[context] {what}: glob `{g}`: {e}")))?;
            b.add(glob);
        }
    }
    let set = b
        .build()
        .map_err(|e| Error::Config(format!("[context] {what}: {e}")))?;
    Ok(Globs { dirs, set })
}

impl Contexts {
    pub fn new(config: &ContextConfig) -> Result<Contexts, Error> {
        let builtin: Builtin = toml::from_str(BUILTIN)
            .map_err(|e| Error::Config(format!("rules/data/contexts.toml: {e}")))?;
        let join = |a: &[String], b: &[String]| a.iter().chain(b).cloned().collect::<Vec<_>>();
        let sets = vec![
            (
                Context::Production,
                compile(&config.production, "production")?,
            ),
            (
                Context::Test,
                compile(&join(&config.test, &builtin.test), "test")?,
            ),
            (
                Context::Example,
                compile(&join(&config.example, &builtin.example), "example")?,
            ),
            (
                Context::Dev,
                compile(&join(&config.dev, &builtin.dev), "dev")?,
            ),
            (Context::Ci, compile(&join(&config.ci, &builtin.ci), "ci")?),
        ];
        Ok(Contexts {
            sets,
            drop: config.drop.clone(),
            guessed: Default::default(),
        })
    }

    /// Learns which rules find credentials by name only: secrets rules whose precision is medium
    /// or low (a provider-format rule is high or very-high).
    pub fn learn_rules(&mut self, rules: &[crate::rule::Rule]) {
        use crate::rule::Precision;
        self.guessed = rules
            .iter()
            .filter(|r| {
                r.analyzer == AnalyzerKind::Secrets
                    && matches!(r.precision, Precision::Medium | Precision::Low)
            })
            .map(|r| r.id.clone())
            .collect();
    }

    /// The context of a repository-relative path (`/`-separated). User globs of a context are
    /// checked together with the built-in ones; `production` globs win over everything.
    pub fn classify(&self, path: &str) -> Context {
        let path: std::borrow::Cow<str> = if path.chars().any(char::is_uppercase) {
            path.to_lowercase().into()
        } else {
            path.into()
        };
        self.sets
            .iter()
            .find(|(_, set)| set.is_match(path.as_ref()))
            .map(|(c, _)| *c)
            .unwrap_or(Context::Production)
    }

    /// Levels `kind` drops in `context`, after `[context.drop]`.
    pub fn drop_for(&self, kind: RuleKind, context: Context) -> u8 {
        self.drop
            .get(&kind)
            .and_then(|m| m.get(&context))
            .copied()
            .unwrap_or_else(|| default_drop(kind, context))
    }

    /// Classifies a finding and applies the policy: a finding outside production records its
    /// `context`; one whose severity drops records the rule's own as `rule_severity`.
    pub fn apply(&self, f: &mut Finding) {
        self.apply_context(f, self.classify(&f.location.path));
    }

    /// [`Contexts::apply`] with the context of the finding's path already known (a caller with
    /// many findings per file classifies each path once).
    pub fn apply_context(&self, f: &mut Finding, context: Context) {
        if context == Context::Production {
            return;
        }
        f.properties
            .insert("context".into(), context.as_str().into());
        let kind = RuleKind::of(f, self.guessed.contains(&f.rule_id));
        let n = self.drop_for(kind, context);
        let lowered = lower(f.severity, n);
        if lowered != f.severity {
            f.properties
                .insert("rule_severity".into(), f.severity.as_str().into());
            f.severity = lowered;
        }
    }
}

/// `s` lowered by `n` levels, never below info.
pub fn lower(s: Severity, n: u8) -> Severity {
    let order = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];
    let i = order.iter().position(|x| *x == s).unwrap_or(0);
    order[i.saturating_sub(n as usize)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contexts() -> Contexts {
        Contexts::new(&ContextConfig::default()).unwrap()
    }

    #[test]
    fn paths_are_classified_by_the_builtin_globs() {
        let c = contexts();
        for (path, want) in [
            ("src/main.rs", Context::Production),
            ("infra/prod/main.tf", Context::Production),
            ("tests/it.rs", Context::Test),
            ("api/tests/fixtures/db.csv", Context::Test),
            ("API/Tests/Fixtures/DB.csv", Context::Test),
            ("Docs/Setup.MD", Context::Example),
            ("pkg/store_test.go", Context::Test),
            ("src/test_util.rs", Context::Test),
            ("web/src/app.spec.ts", Context::Test),
            ("examples/k8s/deploy.yaml", Context::Example),
            ("docs/setup.md", Context::Example),
            ("README.md", Context::Example),
            (".devcontainer/Dockerfile", Context::Dev),
            ("docker-compose.override.yml", Context::Dev),
            ("Tiltfile", Context::Dev),
            (".github/workflows/ci.yml", Context::Ci),
            (".gitlab-ci.yml", Context::Ci),
            (".github/actions/dotnet-build/action.yml", Context::Ci),
            (".azure-pipelines/release.yml", Context::Ci),
            ("build/azure-pipelines-pr.yml", Context::Ci),
            // A published action's own definition at the root is the product, not a pipeline.
            ("action.yml", Context::Production),
        ] {
            assert_eq!(c.classify(path), want, "{path}");
        }
    }

    #[test]
    fn directory_globs_match_as_globset_would() {
        let paths = [
            "test/x",
            "test",
            "a/test",
            "a/test/b",
            "/test/x",
            "a//test/b",
            "atest/b",
            "a/testx/b",
            "a/test/test/b",
            "x/.github/workflows/ci.yml",
            ".github/workflows",
            ".github/workflows/",
            "a/.github/workflowsx/b",
            "a.b/c",
            "axb/c",
            "q/a.b/",
            "line\nbreak/test/x",
            "",
        ];
        for g in ["**/test/**", "**/.github/workflows/**", "**/a.b/**"] {
            let ours = compile(&[g.to_string()], "test").unwrap();
            assert_eq!(ours.dirs.len(), 1, "{g}");
            let mut b = GlobSetBuilder::new();
            for g in [g, &g[3..]] {
                b.add(GlobBuilder::new(g).literal_separator(true).build().unwrap());
            }
            let globset = b.build().unwrap();
            for p in paths {
                assert_eq!(ours.is_match(p), globset.is_match(p), "{g} on {p:?}");
            }
        }
        // A glob with a wildcard in the directory name stays a glob.
        assert!(
            compile(&["**/test*/**".to_string()], "test")
                .unwrap()
                .dirs
                .is_empty()
        );
    }

    #[test]
    fn config_adds_globs_and_production_wins() {
        let cfg = ContextConfig {
            test: vec!["qa/**".into()],
            production: vec!["docs/runbooks/**".into()],
            ..Default::default()
        };
        let c = Contexts::new(&cfg).unwrap();
        assert_eq!(c.classify("qa/load.tf"), Context::Test);
        assert_eq!(c.classify("docs/runbooks/deploy.md"), Context::Production);
        assert_eq!(c.classify("docs/intro.md"), Context::Example);
    }

    #[test]
    fn lowering_stops_at_info() {
        assert_eq!(lower(Severity::High, 2), Severity::Low);
        assert_eq!(lower(Severity::Medium, 2), Severity::Info);
        assert_eq!(lower(Severity::Low, 5), Severity::Info);
        assert_eq!(lower(Severity::Critical, 0), Severity::Critical);
    }
}
