//! The `[matcher]` table of a secrets rule: its schema (serde, strict) and its compiled form.
//!
//! Everything is compiled once, when the analyzer is built: the path globs, the allowlist and the
//! named hooks; a bad value is a [`RuleError`] naming the rule file, so a broken rule stops the run
//! before scanning. The main regex (on bytes, Unicode classes off unless the pattern needs them) is
//! the exception for built-in rules: it is compiled on the rule's first keyword hit
//! ([`LazyRegex`]), because compiling a few hundred patterns up front costs more than a whole
//! pre-commit scan of one file. The test suite compiles every built-in pattern, and a user's rule
//! is still compiled up front.
//! This module does not search anything; [`super::scan`] does.

use super::hooks::{self, ChecksumFn, ValidateFn};
use crate::finding::Severity;
use crate::rule::{Rule, RuleError};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

/// `[matcher]` as written in a rule file. Documented in the module doc of [`super`] and in
/// `rules/README.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatcherSpec {
    /// Lower-case literals; the rule runs only on lines holding one of them (ASCII
    /// case-insensitive). Empty: the rule runs on every file its `paths` admit.
    #[serde(default)]
    pub keywords: Vec<String>,
    pub regex: String,
    /// Capture group holding the secret (0 = the whole match). A group named `secret` wins.
    #[serde(default)]
    pub secret_group: Option<usize>,
    /// Minimum Shannon entropy (bits per character) of the secret.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// Globs restricting the rule to some files (a glob without `/` matches the file name).
    #[serde(default)]
    pub paths: Vec<String>,
    /// A regex the path must match (what gitleaks' `path` is; imported rules use it).
    #[serde(default)]
    pub path_regex: Option<String>,
    #[serde(default)]
    pub allowlist: AllowlistSpec,
    /// A named checksum the secret must satisfy (see [`hooks::CHECKSUMS`]).
    #[serde(default)]
    pub checksum: Option<String>,
    /// A named structural check (see [`hooks::VALIDATORS`]); it may add properties.
    #[serde(default)]
    pub validate: Option<String>,
    /// Apply the placeholder filter (default true).
    #[serde(default = "yes")]
    pub placeholders: bool,
    /// A generic (keyword-context) rule: stricter placeholder filter, and dropped where a
    /// provider-specific rule reports the same secret.
    #[serde(default)]
    pub generic: bool,
    /// A shape-only rule (no keyword context): dropped where another rule reports the same
    /// secret, like a generic rule, but with the ordinary placeholder filter (its value may look
    /// like a dotted identifier).
    #[serde(default)]
    pub defers: bool,
    /// A credential-store rule (field-aware mode): the file and the field say the value is a
    /// secret, so it is reported whatever it looks like (`password`, a short word); only a
    /// reference or template expression ([`super::filters::is_reference_expr`]) is dropped.
    /// Replaces the placeholder filter and any entropy floor. Use with `paths`.
    #[serde(default)]
    pub store: bool,
    /// Match across lines (private key blocks); otherwise the regex only sees the lines holding a
    /// keyword.
    #[serde(default)]
    pub multiline: bool,
    /// A regex that must match somewhere in the file for the rule to run (`kind: Secret`).
    #[serde(default)]
    pub file_contains: Option<String>,
    /// The noun in the finding's message ("AWS access key id"); defaults to the summary.
    #[serde(default)]
    pub label: Option<String>,
}

fn yes() -> bool {
    true
}

/// What is never a finding: secrets matching a regex or holding a stopword, files matching a glob.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct AllowlistSpec {
    pub regexes: Vec<String>,
    pub stopwords: Vec<String>,
    pub paths: Vec<String>,
    /// Regexes over the path (gitleaks' allowlist `paths` are regexes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub path_regexes: Vec<String>,
}

/// A pattern in a rule or an allowlist that does not compile. The pattern is quoted: it is the
/// rule author's or the configuration's own text, never a scanned file's.
#[derive(Debug, Clone)]
pub enum PatternError {
    /// A path glob that does not parse.
    Glob {
        glob: String,
        source: globset::Error,
    },
    /// The globs parse but cannot be built into one set.
    GlobSet(globset::Error),
    /// An allowlist regex (over secrets, or with `path` over paths) that does not compile.
    Allowlist {
        pattern: String,
        path: bool,
        source: regex::Error,
    },
    /// The rule's main regex does not compile.
    Regex(regex::Error),
    /// `secret_group` names a group the regex does not have.
    SecretGroup { group: usize, groups: usize },
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::Glob { glob, source } => write!(f, "glob `{glob}`: {source}"),
            PatternError::GlobSet(e) => e.fmt(f),
            PatternError::Allowlist {
                pattern,
                path,
                source,
            } => {
                let kind = if *path { "path regex" } else { "regex" };
                write!(f, "allowlist {kind} `{pattern}`: {source}")
            }
            PatternError::Regex(e) => write!(f, "[matcher] regex does not compile: {e}"),
            PatternError::SecretGroup { group, groups } => write!(
                f,
                "[matcher] secret_group {group} but the regex has {groups} group(s)"
            ),
        }
    }
}

impl std::error::Error for PatternError {}

/// Globs over paths: those with a `/` match the whole path, the others the file name.
#[derive(Debug, Clone)]
pub struct PathGlobs {
    full: GlobSet,
    name: GlobSet,
}

impl PathGlobs {
    pub fn new(globs: &[String]) -> Result<Option<PathGlobs>, PatternError> {
        if globs.is_empty() {
            return Ok(None);
        }
        let mut full = GlobSetBuilder::new();
        let mut name = GlobSetBuilder::new();
        for g in globs {
            let glob = GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map_err(|source| PatternError::Glob {
                    glob: g.clone(),
                    source,
                })?;
            if g.contains('/') {
                full.add(glob);
            } else {
                name.add(glob);
            }
        }
        Ok(Some(PathGlobs {
            full: full.build().map_err(PatternError::GlobSet)?,
            name: name.build().map_err(PatternError::GlobSet)?,
        }))
    }

    pub fn is_match(&self, path: &str) -> bool {
        let file = path.rsplit('/').next().unwrap_or(path);
        self.name.is_match(file) || self.full.is_match(path)
    }
}

/// A compiled allowlist.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    regexes: Vec<Regex>,
    stopwords: Vec<String>,
    paths: Option<PathGlobs>,
    path_regexes: Vec<Regex>,
}

impl Allowlist {
    pub fn compile(spec: &AllowlistSpec) -> Result<Allowlist, PatternError> {
        let regexes = spec
            .regexes
            .iter()
            .map(|r| compile_allow(r, false))
            .collect::<Result<_, _>>()?;
        let path_regexes = spec
            .path_regexes
            .iter()
            .map(|r| compile_allow(r, true))
            .collect::<Result<_, _>>()?;
        Ok(Allowlist {
            regexes,
            stopwords: spec.stopwords.iter().map(|s| s.to_lowercase()).collect(),
            paths: PathGlobs::new(&spec.paths)?,
            path_regexes,
        })
    }

    pub fn allows_path(&self, path: &str) -> bool {
        self.paths.as_ref().is_some_and(|p| p.is_match(path))
            || self
                .path_regexes
                .iter()
                .any(|r| r.is_match(path.as_bytes()))
    }

    pub fn allows_secret(&self, secret: &str) -> bool {
        if self.regexes.iter().any(|r| r.is_match(secret.as_bytes())) {
            return true;
        }
        if self.stopwords.is_empty() {
            return false;
        }
        let lower = secret.to_lowercase();
        self.stopwords.iter().any(|w| lower.contains(w.as_str()))
    }
}

fn compile_allow(pattern: &str, path: bool) -> Result<Regex, PatternError> {
    compile_regex(pattern).map_err(|source| PatternError::Allowlist {
        pattern: pattern.to_string(),
        path,
        source,
    })
}

/// Compiles a pattern on bytes with Unicode off (fast to build, fast to run); patterns that need
/// Unicode (`\p{..}`, non-ASCII literals) fall back to a Unicode-aware build.
pub fn compile_regex(pattern: &str) -> Result<Regex, regex::Error> {
    match RegexBuilder::new(pattern).unicode(false).build() {
        Ok(r) => Ok(r),
        Err(_) => RegexBuilder::new(pattern).unicode(true).build(),
    }
}

/// A rule's main regex and the index of its secret group, compiled on first use.
pub struct LazyRegex {
    pattern: String,
    secret_group: Option<usize>,
    source: String,
    cell: std::sync::OnceLock<Result<(Regex, Option<usize>), PatternError>>,
}

impl LazyRegex {
    fn new(pattern: &str, secret_group: Option<usize>, source: &str) -> LazyRegex {
        LazyRegex {
            pattern: pattern.to_string(),
            secret_group,
            source: source.to_string(),
            cell: std::sync::OnceLock::new(),
        }
    }

    /// Compiles now; the error says what is wrong with the pattern or its group.
    pub fn force(&self) -> Result<&(Regex, Option<usize>), PatternError> {
        self.cell
            .get_or_init(|| compile_with_group(&self.pattern, self.secret_group))
            .as_ref()
            .map_err(Clone::clone)
    }

    fn get(&self) -> &(Regex, Option<usize>) {
        // Built-in patterns are all compiled by the test suite; a user's are forced at build time.
        self.force()
            .unwrap_or_else(|e| panic!("rule file {}: {e}", self.source))
    }

    pub fn regex(&self) -> &Regex {
        &self.get().0
    }

    /// The capture group holding the secret; `None`: the whole match.
    pub fn group(&self) -> Option<usize> {
        self.get().1
    }
}

fn compile_with_group(
    pattern: &str,
    secret_group: Option<usize>,
) -> Result<(Regex, Option<usize>), PatternError> {
    let regex = compile_regex(pattern).map_err(PatternError::Regex)?;
    let named = regex.capture_names().position(|n| n == Some("secret"));
    let group = match (named, secret_group) {
        (Some(i), _) => Some(i),
        (None, Some(0)) | (None, None) => None,
        (None, Some(i)) if i < regex.captures_len() => Some(i),
        (None, Some(i)) => {
            return Err(PatternError::SecretGroup {
                group: i,
                groups: regex.captures_len() - 1,
            });
        }
    };
    Ok((regex, group))
}

/// One rule, ready to run.
pub struct CompiledRule {
    pub id: String,
    pub severity: Severity,
    pub precision: crate::rule::Precision,
    pub label: String,
    pub keywords: Vec<String>,
    /// The main regex and secret group (see [`LazyRegex`]).
    pub regex: LazyRegex,
    pub entropy: Option<f64>,
    pub paths: Option<PathGlobs>,
    pub path_regex: Option<Regex>,
    pub allowlist: Allowlist,
    pub checksum: Option<(&'static str, ChecksumFn)>,
    pub validate: Option<ValidateFn>,
    pub placeholders: bool,
    pub generic: bool,
    pub defers: bool,
    pub store: bool,
    pub multiline: bool,
    pub file_contains: Option<Regex>,
}

impl CompiledRule {
    pub fn compile(rule: &Rule) -> Result<CompiledRule, RuleError> {
        let err = |m: String| RuleError::new(&rule.source, m);
        let spec: MatcherSpec = (*rule.matcher)
            .clone()
            .try_into()
            .map_err(|e: toml::de::Error| err(format!("[matcher]: {e}")))?;
        let regex = LazyRegex::new(&spec.regex, spec.secret_group, &rule.source);
        if !rule.builtin {
            regex.force().map_err(|e| err(e.to_string()))?;
        }
        for k in &spec.keywords {
            if k.is_empty() || k.to_lowercase() != *k {
                return Err(err(format!(
                    "[matcher] keyword `{k}` must be non-empty and lower-case"
                )));
            }
        }
        let checksum = match &spec.checksum {
            Some(name) => Some(
                hooks::checksum(name)
                    .map(|f| (hooks::static_name(name), f))
                    .ok_or_else(|| {
                        err(format!(
                            "[matcher] unknown checksum `{name}` (known: {})",
                            hooks::checksum_names()
                        ))
                    })?,
            ),
            None => None,
        };
        let validate = match &spec.validate {
            Some(name) => Some(hooks::validator(name).ok_or_else(|| {
                err(format!(
                    "[matcher] unknown validate hook `{name}` (known: {})",
                    hooks::validator_names()
                ))
            })?),
            None => None,
        };
        if spec.store && spec.paths.is_empty() && spec.path_regex.is_none() {
            return Err(err(
                "[matcher] store = true needs `paths` or `path_regex`: the file kind is what makes \
                 the field a secret"
                    .into(),
            ));
        }
        let file_contains = match &spec.file_contains {
            Some(p) => Some(
                compile_regex(p)
                    .map_err(|e| err(format!("[matcher] file_contains does not compile: {e}")))?,
            ),
            None => None,
        };
        Ok(CompiledRule {
            id: rule.id.clone(),
            severity: rule.severity,
            precision: rule.precision,
            label: spec.label.clone().unwrap_or_else(|| rule.summary.clone()),
            keywords: spec.keywords.clone(),
            regex,
            entropy: spec.entropy,
            paths: PathGlobs::new(&spec.paths).map_err(|e| err(format!("[matcher] paths: {e}")))?,
            path_regex: match &spec.path_regex {
                Some(p) => Some(
                    compile_regex(p)
                        .map_err(|e| err(format!("[matcher] path_regex does not compile: {e}")))?,
                ),
                None => None,
            },
            allowlist: Allowlist::compile(&spec.allowlist)
                .map_err(|e| err(format!("[matcher] allowlist: {e}")))?,
            checksum,
            validate,
            placeholders: spec.placeholders,
            generic: spec.generic,
            defers: spec.defers,
            store: spec.store,
            multiline: spec.multiline,
            file_contains,
        })
    }

    /// How much context the rule demands, to choose between generic rules reporting the same
    /// secret: severity, then precision, then file context (`file_contains`, then paths).
    pub fn rank(&self) -> (Severity, crate::rule::Precision, u8) {
        let context = if self.file_contains.is_some() {
            2
        } else if self.paths.is_some() || self.path_regex.is_some() {
            1
        } else {
            0
        };
        (self.severity, self.precision, context)
    }

    /// May the rule run on this path at all?
    pub fn admits_path(&self, path: &str) -> bool {
        self.paths.as_ref().is_none_or(|p| p.is_match(path))
            && self
                .path_regex
                .as_ref()
                .is_none_or(|r| r.is_match(path.as_bytes()))
            && !self.allowlist.allows_path(path)
    }
}
