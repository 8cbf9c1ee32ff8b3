//! Configuration: `.aseptic.toml` (or `--config FILE`), deserialized with serde derive and
//! `deny_unknown_fields`, so a misspelled key is an error naming the key and the file.
//!
//! Precedence is CLI > `ASEPTIC_*` environment variables > file > defaults. clap folds the
//! environment into each flag's value, so [`crate::cli`] only has to lay the flags that are set
//! over what this module loaded.

use crate::analyzers::{
    advisories::AdvisoriesConfig, iac::IacConfig, phi::PhiConfig, rust::RustConfig,
    secrets::SecretsConfig,
};
use crate::finding::Severity;
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
    pub iac: IacConfig,
    pub phi: PhiConfig,
    pub rust: RustConfig,
    /// The scan root (set by the engine, not read from the file).
    #[serde(skip)]
    pub root: PathBuf,
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RuleSetting {
    pub severity: Option<Severity>,
    pub enabled: Option<bool>,
}

/// One accepted finding or class of findings. At least one of `rule`, `path`, `fingerprint` is set;
/// all that are set must match. `reason` is required; after `expires` (a `YYYY-MM-DD` date) the
/// entry lapses and the finding returns with a note.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreEntry {
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub fingerprint: Option<String>,
    pub reason: String,
    #[serde(default)]
    pub expires: Option<Date>,
}

/// A calendar date, written in TOML either as a bare date (`2026-12-31`) or a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let year = it.next()?.parse().ok()?;
        let month = it.next()?.parse().ok()?;
        let day = it.next()?.get(..2)?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }

    /// Today in UTC (or `ASEPTIC_TODAY=YYYY-MM-DD`, which tests use to pin the clock).
    pub fn today() -> Date {
        if let Some(d) = std::env::var("ASEPTIC_TODAY")
            .ok()
            .and_then(|s| Date::parse(&s))
        {
            return d;
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days((secs / 86_400) as i64)
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            year: (if m <= 2 { y + 1 } else { y }) as i32,
            month: m,
            day: d,
        }
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        } as i64;
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = toml::Value::deserialize(d)?;
        let s = match &v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(dt) => dt.to_string(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "expected a date like 2026-12-31, found {other}"
                )));
            }
        };
        Date::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a date like 2026-12-31")))
    }
}

impl Config {
    /// Reads and validates a config file. The error names the file and, for an unknown key, the key.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config file {}: {e}", path.display()))?;
        let config: Config = toml::from_str(&text).map_err(|e| {
            format!(
                "config file {}: {}",
                path.display(),
                e.to_string().trim_end()
            )
        })?;
        for (i, ig) in config.ignore.iter().enumerate() {
            if ig.rule.is_none() && ig.path.is_none() && ig.fingerprint.is_none() {
                return Err(format!(
                    "config file {}: [[ignore]] entry {} needs at least one of `rule`, `path`, `fingerprint`",
                    path.display(),
                    i + 1
                ));
            }
            if ig.reason.trim().is_empty() {
                return Err(format!(
                    "config file {}: [[ignore]] entry {} needs a non-empty `reason`",
                    path.display(),
                    i + 1
                ));
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_days() {
        for days in [-1000, 0, 19_000, 20_785, 30_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::parse("2026-11-28").unwrap().to_string(), "2026-11-28");
        assert!(Date::parse("2026-13-01").is_none());
    }

    #[test]
    fn unknown_key_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".aseptic.toml");
        std::fs::write(&p, "[scan]\nexclued = [\"x\"]\n").unwrap();
        let e = Config::load(&p).unwrap_err();
        assert!(e.contains("exclued"), "{e}");
        assert!(e.contains(".aseptic.toml"), "{e}");
    }
}
