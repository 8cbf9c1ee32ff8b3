//! Configuration: `.aseptic.toml` (or `--config FILE`), deserialized with serde derive and
//! `deny_unknown_fields`, so a misspelled key is an error naming the key and the file.
//!
//! This is the file's model only: [`crate::settings`] lays the command line and environment over
//! it (CLI > `ASEPTIC_*` environment variables > file > defaults) and decides which of its paths
//! may be used. Each analyzer owns the type of its own section.

use crate::analyzers::{advisories::AdvisoriesConfig, phi::PhiConfig, secrets::SecretsConfig};
use crate::error::Error;
use crate::policy::{IgnoreEntry, RuleSetting};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = ".aseptic.toml";

/// The whole file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub scan: ScanConfig,
    /// Per-rule settings: `[rules.SEC-AWS-001] severity = "low"` or `enabled = false`.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Accepted findings: `[[ignore]]` by rule, path glob or fingerprint, each with a reason.
    pub ignore: Vec<IgnoreEntry>,
    pub secrets: SecretsConfig,
    pub advisories: AdvisoriesConfig,
    pub phi: PhiConfig,
    /// Path contexts: extra globs per context and severity-policy overrides.
    pub context: crate::context::ContextConfig,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScanConfig {
    /// Globs (gitignore syntax, relative to the scan root) never scanned.
    pub exclude: Vec<String>,
    pub only: Vec<String>,
    pub skip: Vec<String>,
    pub fail_on: Option<String>,
    pub format: Option<String>,
    /// Bytes.
    pub max_file_size: Option<u64>,
    pub threads: Option<usize>,
    /// Directories or files of extra rules.
    pub rules: Vec<PathBuf>,
    pub no_ignore: Option<bool>,
    pub baseline: Option<PathBuf>,
}

impl Config {
    /// Reads and validates a config file. The error names the file and, for an unknown key, the key.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Config(format!("cannot read config file {}: {e}", path.display()))
        })?;
        let config: Config = toml::from_str(&text).map_err(|e| {
            Error::Config(format!(
                "config file {}: {}",
                path.display(),
                e.to_string().trim_end()
            ))
        })?;
        for (i, ig) in config.ignore.iter().enumerate() {
            if ig.rule.is_none() && ig.path.is_none() && ig.fingerprint.is_none() {
                return Err(Error::Config(format!(
                    "config file {}: [[ignore]] entry {} needs at least one of `rule`, `path`, `fingerprint`",
                    path.display(),
                    i + 1
                )));
            }
            if ig.reason.trim().is_empty() {
                return Err(Error::Config(format!(
                    "config file {}: [[ignore]] entry {} needs a non-empty `reason`",
                    path.display(),
                    i + 1
                )));
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".aseptic.toml");
        std::fs::write(&p, "[scan]\nexclued = [\"x\"]\n").unwrap();
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(e.contains("exclued"), "{e}");
        assert!(e.contains(".aseptic.toml"), "{e}");
    }
}
