//! The one place checks are registered: a table from the `check` name a rule's `[matcher]` names
//! to the visitor function that implements it, with the words that must appear in a file for the
//! check to be worth parsing it. Adding a check is one module plus one line in [`CHECKS`].
//!
//! A check sees the parsed file through [`Cx`] and reports [`Hit`]s (byte ranges and a message);
//! turning hits into findings (location, snippet, redaction, fingerprint, test code) is the
//! analyzer's job, so no check formats output or knows its rule's id.

use super::location::SpanMap;
use super::names::NameList;
use super::syntax::Aliases;
use super::{creds, crypto, phi_logs, shell, sql, tls};
use crate::analyzers::Analyzer;
use crate::input::Input;
use serde::Deserialize;

/// What a check gets to look at.
pub struct Cx<'a> {
    pub file: &'a syn::File,
    /// The file's `const` and `static` names (for value origins).
    pub consts: std::sync::Arc<super::origin::FileFacts>,
    pub aliases: &'a Aliases,
    pub index: &'a SpanMap<'a>,
    pub input: &'a Input<'a>,
    /// The secrets rules, for checks that run literal values through them.
    pub secrets: Option<&'a dyn Analyzer>,
}

/// One match of a check, before it becomes a finding.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Byte range in the file.
    pub start: usize,
    pub end: usize,
    /// One sentence, naming what matched but never a secret value.
    pub message: String,
    /// What identifies this hit for the fingerprint besides the rule and the enclosing function
    /// (a name, a call), never a secret value.
    pub key: String,
    /// A secret value to mask in the snippet.
    pub secret: Option<String>,
    /// Extra finding properties.
    pub properties: Vec<(String, String)>,
    /// Held back for the crate pass, which reports it unless what it waits for is constant.
    pub unless_constant: Option<super::calls::Held>,
}

impl Hit {
    pub fn new(span: (usize, usize), message: impl Into<String>, key: impl Into<String>) -> Hit {
        Hit {
            start: span.0,
            end: span.1,
            message: message.into(),
            key: key.into(),
            secret: None,
            properties: Vec::new(),
            unless_constant: None,
        }
    }
}

/// A rule's `[matcher]` table, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matcher {
    /// The check that implements the rule (a name in [`CHECKS`]).
    pub check: String,
    /// Report in test code (`#[cfg(test)]`, `#[test]`, `tests/`) too. Default: no.
    #[serde(default)]
    pub in_tests: bool,
    /// Names that make a binding interesting (credential names, PHI field names, ...).
    #[serde(default)]
    pub names: Vec<String>,
    /// Words that, right after a listed name, make it mean something else (`password_env`).
    #[serde(default)]
    pub qualifiers: Vec<String>,
    /// Type names that make a value interesting (`Patient`).
    #[serde(default)]
    pub types: Vec<String>,
    /// Calls that make a value safe to use (`mask`, `redact`, `len`).
    #[serde(default)]
    pub sanitizers: Vec<String>,
}

/// A matcher compiled for its check.
#[derive(Debug, Clone)]
pub struct Params {
    pub names: NameList,
    pub qualifiers: NameList,
    pub types: NameList,
    pub sanitizers: NameList,
}

pub type CheckFn = fn(&Cx, &Params, &mut Vec<Hit>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamesTrigger {
    No,
    /// A name must occur as a word.
    Word,
    /// ... on a line that also holds a string literal (a `"`).
    WordOnQuotedLine,
}

#[derive(Debug)]
pub struct Check {
    pub name: &'static str,
    /// What the check reports, in a line of the rules README's generated table.
    pub looks_for: &'static str,
    pub run: CheckFn,
    /// Groups of words: the file must contain a word of every group for the check to run (no
    /// groups: always). Words with an upper-case letter match as written, others in any case.
    pub triggers: &'static [&'static [&'static str]],
    /// Whether the matcher's `names` and `types` form one more group.
    pub names_trigger: NamesTrigger,
    /// Matcher keys the check needs non-empty.
    pub requires: &'static [&'static str],
    /// The check asks where values come from ([`super::origin`]) and may hold hits back for the
    /// crate pass ([`super::calls`]).
    pub uses_origins: bool,
}

/// Every check. The rule files name them by `check = "..."`.
pub const CHECKS: &[Check] = &[
    Check {
        name: "tls-verification-disabled",
        looks_for: "`danger_accept_invalid_*(true)`, `SslVerifyMode::NONE`, accept-all rustls verifiers",
        run: tls::verification_disabled,
        triggers: &[&[
            "danger_accept_invalid",
            "SslVerifyMode",
            "CertVerifier",
            "set_verify_hostname",
            "set_verify_callback",
            "DANGER_ACCEPT_INVALID",
            "disable_verification",
        ]],
        names_trigger: NamesTrigger::No,
        requires: &[],
        uses_origins: false,
    },
    Check {
        name: "tls-legacy-version",
        looks_for: "minimum/maximum TLS version below 1.2",
        run: tls::legacy_version,
        triggers: &[&["proto_version", "protocol_version", "tls_version"]],
        names_trigger: NamesTrigger::No,
        requires: &[],
        uses_origins: false,
    },
    Check {
        name: "hard-coded-credential",
        looks_for: "string literals bound to credential `names` (minus `qualifiers`), literals matched by the secrets rules",
        run: creds::hard_coded,
        triggers: &[],
        names_trigger: NamesTrigger::WordOnQuotedLine,
        requires: &["names"],
        uses_origins: false,
    },
    Check {
        name: "phi-in-logs",
        looks_for: "log/tracing/print macros and `#[instrument]` naming PHI `names` or Debug-formatting `types`",
        run: phi_logs::phi_in_logs,
        // The macro forms only: the bare words (`error`, `info`) occur in nearly every file and
        // cost the prefilter a match each.
        triggers: &[&[
            "info!",
            "warn!",
            "error!",
            "debug!",
            "trace!",
            "event!",
            "span!",
            "print!",
            "println!",
            "dbg!",
            "log!",
            "instrument",
        ]],
        names_trigger: NamesTrigger::Word,
        requires: &["names", "types"],
        uses_origins: false,
    },
    Check {
        name: "weak-rng-for-secret",
        looks_for: "values named like `names` from non-cryptographic or constant-seeded RNGs",
        run: crypto::weak_rng,
        triggers: &[&[
            "fastrand",
            "SmallRng",
            "seed_from_u64",
            "from_seed",
            "XorShift",
            "Pcg",
            "Xoshiro",
            "oorandom",
            "StepRng",
            "wyrand",
        ]],
        names_trigger: NamesTrigger::Word,
        requires: &["names"],
        uses_origins: false,
    },
    Check {
        name: "weak-hash-for-password",
        looks_for: "MD5/SHA-1 applied to values named like `names`",
        run: crypto::weak_hash,
        triggers: &[&["md5", "sha1", "sha_1", "MessageDigest"]],
        names_trigger: NamesTrigger::Word,
        requires: &["names"],
        uses_origins: false,
    },
    Check {
        name: "sql-built-from-strings",
        looks_for: "SQL text built from run-time values reaching a query API",
        run: sql::injection,
        triggers: &[
            &["query", "execute", "prepare", "sql"],
            &[
                "SELECT ",
                "INSERT INTO",
                "UPDATE ",
                "DELETE FROM",
                " WHERE ",
                "select * from",
                "insert into",
                "delete from",
            ],
            // String concatenation, not arithmetic: a bare `+` occurs in nearly every file and
            // made the prefilter pass most of them to the parser.
            &[
                "format!", "+ &", "+ \"", "\" +", "+=", "push_str", "write!", "concat",
            ],
        ],
        names_trigger: NamesTrigger::No,
        requires: &[],
        uses_origins: true,
    },
    Check {
        name: "shell-command-from-format",
        looks_for: "`sh -c` (and friends) with a command line built from run-time values",
        run: shell::injection,
        triggers: &[
            &["Command"],
            &[
                "\"sh\"",
                "/sh\"",
                "\"bash\"",
                "/bash\"",
                "\"zsh\"",
                "\"dash\"",
                "\"ksh\"",
                "\"fish\"",
                "\"cmd\"",
                "\"cmd.exe\"",
                "\"powershell",
                "\"pwsh\"",
            ],
        ],
        names_trigger: NamesTrigger::No,
        requires: &[],
        uses_origins: true,
    },
];

pub fn find(name: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.name == name)
}

/// Compiles a matcher for its check, or says what is wrong with it.
pub fn compile(m: &Matcher) -> Result<(&'static Check, Params), String> {
    let check = find(&m.check).ok_or_else(|| {
        format!(
            "[matcher] check `{}` is not one of: {}",
            m.check,
            CHECKS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
        )
    })?;
    for key in check.requires {
        let empty = match *key {
            "names" => m.names.is_empty(),
            "types" => m.types.is_empty(),
            _ => false,
        };
        if empty {
            return Err(format!(
                "[matcher] check `{}` needs a non-empty `{key}` list",
                check.name
            ));
        }
    }
    Ok((
        check,
        Params {
            names: NameList::new(&m.names),
            qualifiers: NameList::new(&m.qualifiers),
            types: NameList::new(&m.types),
            sanitizers: NameList::new(&m.sanitizers),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_are_unique_and_unknown_ones_are_rejected() {
        for (i, c) in CHECKS.iter().enumerate() {
            assert!(
                CHECKS[i + 1..].iter().all(|d| d.name != c.name),
                "{}",
                c.name
            );
        }
        let m: Matcher = toml::from_str("check = \"nope\"").unwrap();
        assert!(
            compile(&m)
                .unwrap_err()
                .contains("tls-verification-disabled")
        );
        let m: Matcher = toml::from_str("check = \"hard-coded-credential\"").unwrap();
        assert!(compile(&m).unwrap_err().contains("names"));
    }
}
