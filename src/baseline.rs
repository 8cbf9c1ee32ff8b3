//! Baselines: a file of accepted findings, so a CI gate on a repository that already has findings
//! fails only on new ones.
//!
//! Entries hold a salted hash of each finding's fingerprint, never the fingerprint itself: the
//! fingerprint hashes the matched value, and an unsalted hash of a short password could be looked
//! up in a precomputed table. Rule id and path stay readable so a reviewer can see what was
//! accepted. Entries that no longer match anything are listed as notes, so the file can be pruned.
//! The `aseptic baseline` subcommand that writes one lives with the others in [`crate::commands`].

use crate::error::Error;
use crate::finding::Finding;
use crate::note::Note;
use crate::report::Report;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;

pub const DEFAULT_FILE: &str = ".aseptic-baseline.json";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub salt: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub hash: String,
}

fn salted(salt: &str, fingerprint: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0]);
    h.update(fingerprint.as_bytes());
    hex::encode(&h.finalize()[..16])
}

fn new_salt() -> String {
    let mut bytes = Vec::new();
    for _ in 0..2 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        bytes.extend_from_slice(&h.finish().to_le_bytes());
    }
    hex::encode(bytes)
}

impl Baseline {
    pub fn from_findings(findings: &[Finding], salt: Option<String>) -> Baseline {
        let salt = salt.unwrap_or_else(new_salt);
        let mut entries: Vec<Entry> = findings
            .iter()
            .map(|f| Entry {
                rule: f.rule_id.clone(),
                path: f.location.path.clone(),
                hash: salted(&salt, &f.fingerprint),
            })
            .collect();
        entries.sort();
        entries.dedup();
        Baseline {
            version: 1,
            salt,
            entries,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Config(format!("cannot read baseline {}: {e}", path.display())))?;
        let b: Baseline = serde_json::from_str(&text)
            .map_err(|e| Error::Config(format!("baseline {}: {e}", path.display())))?;
        if b.version != 1 {
            return Err(Error::Config(format!(
                "baseline {}: version {} is not supported (expected 1)",
                path.display(),
                b.version
            )));
        }
        Ok(b)
    }
}

/// Removes findings the baseline accepts, counts them, and notes entries that matched nothing.
pub fn apply(path: &Path, report: &mut Report) -> Result<(), Error> {
    let b = Baseline::load(path)?;
    let known: HashSet<&str> = b.entries.iter().map(|e| e.hash.as_str()).collect();
    let mut used: HashSet<String> = HashSet::new();
    let before = report.findings.len();
    report.findings.retain(|f| {
        let h = salted(&b.salt, &f.fingerprint);
        if known.contains(h.as_str()) {
            used.insert(h);
            false
        } else {
            true
        }
    });
    report.stats.baseline_matched += (before - report.findings.len()) as u64;
    for e in &b.entries {
        if !used.contains(&e.hash) {
            report.notes.push(Note::info(
                Some(&e.path),
                format!(
                    "baseline entry for {} no longer matches any finding; remove it from {}",
                    e.rule,
                    path.file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default()
                ),
            ));
        }
    }
    Ok(())
}
