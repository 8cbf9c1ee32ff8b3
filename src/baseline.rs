//! Baselines: a file of accepted findings, so a CI gate on a repository that already has findings
//! fails only on new ones.
//!
//! An entry is a finding's rule, path and fingerprint. Fingerprints hold no value (see
//! [`crate::finding`]), so they are stored as they are, and a reviewer can match an entry to the
//! report line it came from. Entries that no longer match anything are listed as notes, so the
//! file can be pruned.
//!
//! A per-value PHI finding (`--phi-detail`) must stay accepted only while the value is the same:
//! a fingerprint shows only the masked value (`52********`), so another SSN in the same place
//! would match it. Its entry also carries a tag bound to the value, and that tag is where a
//! baseline could leak: whoever holds the file could try every SSN (10^9, or 10^7 once the mask's
//! prefix is known) until one reproduces the tag. The reasoning behind the tag's shape:
//! - It is Argon2id (4 MiB, one pass), so each guess costs milliseconds and that much memory,
//!   which GPUs and ASICs cannot make cheap. It is lighter than a password store's (OWASP's 19 MiB,
//!   2 passes) because every CI run recomputes one tag per per-value finding, thousands in a big
//!   fixture set, and because the tag's strength does not rest on the cost (next points).
//! - The salt is random per baseline file and mixed with the entry's fingerprint, so no table can
//!   be computed ahead and each entry must be attacked on its own. The salt has to sit in the file
//!   (CI must recompute tags without a secret), so it cannot be what protects the value.
//! - What protects the value is that the tag keeps only [`TAG_BITS`] bits of the KDF output: every
//!   tag is reproduced by about one value in 256, so even a complete search over all candidates
//!   ends with thousands of SSNs, or about 140 birth dates of a century, that fit equally well,
//!   and none of them can be told apart from the file. Recovery is impossible, not just slow; the
//!   price is that a changed value keeps its acceptance with probability 1/256.
//! - The value itself, and any fast hash of it, never leaves memory
//!   ([`crate::finding::ValueKey`]).
//!
//! Version 1 files (salted hashes of fingerprints that hashed the value) are rejected with the
//! command that rewrites them. The `aseptic baseline` subcommand that writes one lives with the
//! others in [`crate::commands`].

use crate::error::Error;
use crate::finding::{Finding, ValueKey};
use crate::note::Note;
use crate::report::Report;
use argon2::{Algorithm, Argon2, Params, Version};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::path::Path;

pub const DEFAULT_FILE: &str = ".aseptic-baseline.json";

/// The format version this build reads and writes.
pub const VERSION: u32 = 2;

/// Bits of the Argon2id output a value tag keeps (see the module doc).
pub const TAG_BITS: u32 = 8;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    /// Random per file; salts the value tags.
    pub salt: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
    /// For a per-value finding: [`TAG_BITS`] bits of Argon2id over its value, in hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_tag: Option<String>,
}

/// The tag of `key` for an entry with `fingerprint` in a baseline salted with `salt`.
pub fn value_tag(salt: &str, fingerprint: &str, key: &ValueKey) -> String {
    let params = Params::new(4 * 1024, 1, 1, Some(32)).expect("fixed Argon2id parameters");
    let kdf = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = [0u8; 32];
    kdf.hash_password_into(
        key.as_bytes(),
        format!("aseptic-baseline:{salt}:{fingerprint}").as_bytes(),
        &mut out,
    )
    .expect("salt and output lengths are within Argon2's bounds");
    hex::encode(&out[..(TAG_BITS / 8) as usize])
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
            .par_iter()
            .map(|f| Entry {
                rule: f.rule_id.clone(),
                path: f.location.path.clone(),
                fingerprint: f.fingerprint.clone(),
                value_tag: f
                    .value_key
                    .as_ref()
                    .map(|k| value_tag(&salt, &f.fingerprint, k)),
            })
            .collect();
        entries.sort();
        entries.dedup();
        Baseline {
            version: VERSION,
            salt,
            entries,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Config(format!("cannot read baseline {}: {e}", path.display())))?;
        // The version first, so an old file gets its own message rather than a field error.
        let version = serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| Error::Config(format!("baseline {}: {e}", path.display())))?
            .get("version")
            .and_then(serde_json::Value::as_u64);
        match version {
            Some(v) if v == VERSION as u64 => {}
            Some(1) => {
                return Err(Error::Config(format!(
                    "baseline {}: version 1 was written by an older aseptic whose fingerprints \
                     hashed the matched value; write it again with `aseptic baseline` (version {VERSION})",
                    path.display()
                )));
            }
            other => {
                return Err(Error::Config(format!(
                    "baseline {}: version {} is not supported (expected {VERSION})",
                    path.display(),
                    other.map_or("(none)".to_string(), |v| v.to_string())
                )));
            }
        }
        serde_json::from_str(&text)
            .map_err(|e| Error::Config(format!("baseline {}: {e}", path.display())))
    }

    /// Whether `entry` accepts `f` (same fingerprint; same value when the entry is bound to one).
    fn accepts(&self, entry: &Entry, f: &Finding) -> bool {
        entry.fingerprint == f.fingerprint
            && match (&entry.value_tag, &f.value_key) {
                (None, _) => true,
                (Some(tag), Some(key)) => *tag == value_tag(&self.salt, &f.fingerprint, key),
                (Some(_), None) => false,
            }
    }
}

/// Removes findings the baseline accepts, counts them, and notes entries that matched nothing.
pub fn apply(path: &Path, report: &mut Report) -> Result<(), Error> {
    let b = Baseline::load(path)?;
    let mut by_fingerprint: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in b.entries.iter().enumerate() {
        by_fingerprint
            .entry(e.fingerprint.as_str())
            .or_default()
            .push(i);
    }
    // Tags are costly by design: computed in parallel, and only for findings whose fingerprint
    // has an entry.
    let hits: Vec<Option<usize>> = report
        .findings
        .par_iter()
        .map(|f| {
            by_fingerprint
                .get(f.fingerprint.as_str())
                .and_then(|ix| ix.iter().copied().find(|&i| b.accepts(&b.entries[i], f)))
        })
        .collect();
    let used: HashSet<usize> = hits.iter().flatten().copied().collect();
    let before = report.findings.len();
    let mut hit = hits.into_iter();
    report.findings.retain(|_| hit.next().flatten().is_none());
    report.stats.baseline_matched += (before - report.findings.len()) as u64;
    for (i, e) in b.entries.iter().enumerate() {
        if !used.contains(&i) {
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
