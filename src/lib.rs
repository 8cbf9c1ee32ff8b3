//! aseptic: one scanner for health-tech repositories.
//!
//! Modules, in the order data flows through them:
//! - [`cli`]: the command line (clap derive).
//! - [`config`]: `.aseptic.toml`, strict about unknown keys.
//! - [`settings`]: flags, environment and config resolved once into plain settings.
//! - [`error`]: the one error type, and the exit code each error means.
//! - [`date`]: calendar dates (ignore expiry, advisory dates).
//! - [`rule`]: rules as data, embedded from `rules/` at build time.
//! - [`rule_check`]: a rule's examples run through the analyzers (`rules --check`, the tests).
//! - [`walk`]: listing the working tree (gitignore-aware, parallel).
//! - [`source`]: the git index, changed files and history as inputs.
//! - [`history`]: `git log -p` read as it streams, in batches of added lines.
//! - [`input`]: one file's bytes, kind and origin; the single classification table.
//! - [`analyzers`]: the analyzers and their shared trait.
//! - [`engine`]: read once, analyze in parallel, contain failures.
//! - [`panics`]: a panic inside an analyzer becomes a location, its payload never shown.
//! - [`context`]: a file's path context (test, example, dev, ci, production) and the severity
//!   policy by context.
//! - [`policy`]: inline markers, severity overrides, ignores with expiry.
//! - [`baseline`]: accepted findings by value-free fingerprint (Argon2id-tagged per-value PHI).
//! - [`finding`], [`note`], [`redact`]: what the scan produces, and keeping values out of it.
//! - [`lines`]: offsets to lines and UTF-16 columns, and snippet windows of long lines.
//! - [`words`]: identifiers split into words, for key and variable names.
//! - [`report`]: the report and its formats (table, JSON, SARIF, GitHub annotations).
//! - [`scan`]: one scan from settings to finished report.
//! - [`commands`]: the subcommands, tying the above together.
//! - [`generated`]: completions and the man page, from the CLI definition.

pub mod analyzers;
pub mod baseline;
pub mod cli;
pub mod clip;
pub mod commands;
pub mod config;
pub mod context;
pub mod date;
pub mod engine;
pub mod error;
pub mod finding;
pub mod generated;
pub mod git;
pub mod history;
pub mod input;
pub mod lines;
pub mod note;
pub mod panics;
pub mod policy;
pub mod progress;
pub mod redact;
pub mod report;
pub mod rule;
pub mod rule_check;
pub mod scan;
pub mod settings;
pub mod source;
pub mod walk;
pub mod words;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const REPOSITORY_URL: &str = "https://github.com/aseptic-dev/aseptic";

pub use commands::run;
