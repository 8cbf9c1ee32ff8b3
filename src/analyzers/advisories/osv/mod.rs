//! OSV advisories for the lockfiles of other ecosystems: npm, PyPI, Go, Maven and NuGet, matched
//! offline against a local copy of osv.dev's data, with the same finding shape, ignores and exit
//! codes as the RustSec findings of `Cargo.lock`.
//!
//! Database location, first found wins: `--osv-db DIR` / `ASEPTIC_OSV_DB`, `[advisories] osv_db`
//! (relative to the scan root), then the default under the user's cache directory
//! ([`db::default_location`]). A directory named by the flag or variable that holds no ecosystem
//! folder is a setup error (exit 2 before scanning); a config `osv_db` that does not exist falls
//! through to the default with a warning. The database is opened when the first lockfile with
//! packages needs it, and each ecosystem is loaded when a lockfile first needs it, so a scan
//! without such lockfiles neither needs nor reads it. A missing database, or one without the
//! folder of an ecosystem a lockfile needs, is one error note with the fix (exit 2): a missing
//! database is never reported as "no findings". A scan never downloads anything.
//!
//! Findings: one per (advisory, package entry), rule id = the OSV id (`GHSA-…`, `PYSEC-…`,
//! `GO-…`), at the entry's line, with the first fixed version of the affected branch, the aliases
//! (an `[[advisories.ignore]]` by any alias applies, see [`crate::policy`]), and the direct
//! dependency that pulls the package in when the lockfile gives the graph. Not here: reachability,
//! OS packages, and ecosystems other than these five.

pub mod db;
pub mod lockfiles;
pub mod record;
pub mod update;
pub mod version;

use crate::analyzers::Output;
use crate::clip::clip;
use crate::date::Date;
use crate::finding::{AnalyzerKind, Finding, Location, fingerprint};
use crate::input::{Input, Origin};
use crate::note::Note;
use db::Db;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use version::{Ecosystem, Version};

/// Entries named in one "not checked" note at most; the rest are counted.
const NAMED_IN_NOTE: usize = 10;

pub struct Osv {
    dir: Option<PathBuf>,
    explicit: bool,
    fallback: Option<String>,
    max_db_age: u32,
    db: OnceLock<Result<Db, db::OsvDbError>>,
    /// Ecosystems a lockfile needed that the database has no folder for.
    missing: Mutex<BTreeSet<Ecosystem>>,
}

impl Osv {
    /// Resolves the location (see the module doc). `Err` is a setup error with the fix.
    pub fn new(
        configured: Option<&PathBuf>,
        from_cli: bool,
        max_db_age: u32,
    ) -> Result<Osv, db::OsvDbError> {
        let default = db::default_location();
        let (dir, explicit, fallback) = match configured {
            Some(d) if from_cli || db::looks_like_db(d) => (Some(d.clone()), true, None),
            Some(d) => (
                default,
                false,
                Some(format!(
                    "`[advisories] osv_db` {} holds no OSV database; used the default location \
                     instead",
                    d.display()
                )),
            ),
            None => (default, false, None),
        };
        if explicit
            && let Some(d) = &dir
            && !db::looks_like_db(d)
        {
            return Err(db::OsvDbError::NotFound { dir: d.clone() });
        }
        Ok(Osv {
            dir,
            explicit,
            fallback,
            max_db_age,
            db: OnceLock::new(),
            missing: Mutex::default(),
        })
    }

    /// Whole lockfiles of the OSV ecosystems in the working tree or index (not `--history`
    /// added lines).
    pub fn applies_to(input: &Input) -> bool {
        lockfiles::kind_of(input.path).is_some() && !matches!(input.origin, Origin::Commit { .. })
    }

    fn db(&self) -> &Result<Db, db::OsvDbError> {
        self.db.get_or_init(|| {
            let Some(dir) = &self.dir else {
                return Err(db::OsvDbError::NoHome);
            };
            if !self.explicit && !db::looks_like_db(dir) {
                return Err(db::OsvDbError::NotDownloaded { dir: dir.clone() });
            }
            Db::open(dir)
        })
    }

    pub fn analyze(&self, input: &Input, out: &mut Output) {
        let Some(kind) = lockfiles::kind_of(input.path) else {
            return;
        };
        let path = input.path;
        let file = input.file_name();
        let lock = match lockfiles::parse(kind, &input.text) {
            Ok(l) => l,
            Err(e) => {
                out.notes.push(Note::warning(
                    Some(path),
                    quoted(&format!(
                        "cannot read this {file} ({e}); its packages were not checked"
                    )),
                ));
                return;
            }
        };
        let eco = kind.ecosystem();
        let mut not_checked = lock.skipped.clone();
        let parsed: Vec<Option<Version>> = lock
            .packages
            .iter()
            .map(|p| Version::parse(eco, &p.version))
            .collect();
        for (p, v) in lock.packages.iter().zip(&parsed) {
            if v.is_none() {
                not_checked.push(format!(
                    "{} (version `{}` is not a {} version)",
                    p.name,
                    clip(&p.version, 40),
                    eco.osv_name()
                ));
            }
        }
        if !not_checked.is_empty() {
            let n = not_checked.len();
            let mut named = not_checked[..n.min(NAMED_IN_NOTE)].join("; ");
            if n > NAMED_IN_NOTE {
                named.push_str(&format!("; and {} more", n - NAMED_IN_NOTE));
            }
            out.notes.push(Note::info(
                Some(path),
                quoted(&format!(
                    "{n} entr{} not checked for advisories: {named}",
                    if n == 1 { "y" } else { "ies" }
                )),
            ));
        }
        if lock.packages.is_empty() {
            return;
        }
        let Ok(db) = self.db() else {
            return; // reported once, in `finish`
        };
        let Some(index) = db.ecosystem(eco) else {
            self.missing
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(eco);
            return;
        };
        let via = lock.introduced_by();
        let lines = crate::lines::LineIndex::new(&input.text);
        let mut rules_seen = BTreeSet::new();
        for (i, p) in lock.packages.iter().enumerate() {
            let Some(v) = &parsed[i] else { continue };
            let name = eco.normalize_name(&p.name);
            let mut records = index.for_package(&name);
            records.sort_by(|a, b| a.id.cmp(&b.id));
            for r in records {
                let Some(hit) = r.affects(eco, &name, &p.version, v) else {
                    continue;
                };
                if rules_seen.insert(r.id.clone()) {
                    out.rules.push(record::rule(&r, eco, &p.name));
                }
                let mut msg = format!("{} {}: {}", p.name, p.version, r.id);
                if !r.aliases.is_empty() {
                    msg.push_str(&format!(" ({})", r.aliases.join(", ")));
                }
                msg.push_str(&format!(": {}. ", r.title().trim_end_matches('.')));
                match &hit.fixed {
                    Some(f) => msg.push_str(&format!("Fixed in {f}; upgrade to {f} or later.")),
                    None => msg.push_str("No fixed version."),
                }
                let mut props = BTreeMap::new();
                props.insert("package".into(), p.name.clone());
                props.insert("version".into(), p.version.clone());
                props.insert("ecosystem".into(), eco.osv_name().to_string());
                props.insert("kind".into(), "vulnerability".into());
                props.insert(
                    "fix".into(),
                    hit.fixed.clone().unwrap_or_else(|| "none".into()),
                );
                if !r.aliases.is_empty() {
                    props.insert("aliases".into(), r.aliases.join(", "));
                }
                if let Some((vector, score)) = r.cvss() {
                    props.insert("cvss".into(), vector);
                    props.insert("cvss-score".into(), format!("{score:.1}"));
                }
                if let Some(d) = r.date() {
                    props.insert("advisory-date".into(), d.to_string());
                }
                let dep_kind = match p.direct {
                    Some(true) => "direct",
                    Some(false) => "transitive",
                    None => "unknown",
                };
                props.insert("dependency-kind".into(), dep_kind.into());
                if p.dev {
                    props.insert("dev".into(), "true".into());
                    msg.push_str(" Development dependency only.");
                }
                if p.direct == Some(false)
                    && let Some(Some(d)) = via.get(i)
                {
                    let d = &lock.packages[*d];
                    let by = format!("{} {}", d.name, d.version);
                    msg.push_str(&format!(" Pulled in by {by}."));
                    props.insert("introduced-by".into(), by);
                }
                let line = p.line.max(1);
                let text = lines.line_text(line as usize - 1);
                let snippet = crate::redact::redact_in_line(&quoted(text), "");
                let logical = format!("{} {}", p.name, p.version);
                out.findings.push(Finding {
                    rule_id: r.id.clone(),
                    analyzer: AnalyzerKind::Advisories,
                    severity: r.severity(),
                    message: msg,
                    fingerprint: fingerprint(&r.id, path, &logical),
                    location: Location::line(path, line),
                    snippet,
                    logical_location: Some(logical),
                    properties: props,
                    value_key: None,
                });
            }
        }
    }

    pub fn finish(&self, out: &mut Output) {
        let Some(r) = self.db.get() else {
            return; // no lockfile needed the database
        };
        if let Some(f) = &self.fallback {
            out.notes.push(Note::warning(None, f.clone()));
        }
        let db = match r {
            Ok(db) => db,
            Err(e) => {
                out.notes.push(Note::error(None, e.to_string()));
                return;
            }
        };
        for eco in self
            .missing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            out.notes.push(Note::error(
                None,
                format!(
                    "the OSV database at {} has no {}/ folder, so {} lockfiles were not checked; {}",
                    db.root.display(),
                    eco.osv_name(),
                    eco.osv_name(),
                    db::guidance(None)
                ),
            ));
        }
        for (f, e) in db.skipped() {
            out.notes.push(Note::warning(
                None,
                format!("OSV database: skipped malformed record {f} ({e}); every other record still applies"),
            ));
        }
        let newest = db.loaded().iter().filter_map(|(_, ix)| ix.newest).max();
        if let Some(n) = newest {
            let age = Date::today().to_days() - n.to_days();
            if age > self.max_db_age as i64 {
                out.notes.push(Note::warning(
                    None,
                    format!(
                        "the OSV database is {age} days old (newest record {n}), over the \
                         {}-day limit (--max-db-age); download osv.dev's archives again",
                        self.max_db_age
                    ),
                ));
            }
        }
    }

    pub fn report_properties(&self, props: &mut BTreeMap<String, String>) {
        let Some(Ok(db)) = self.db.get() else {
            return;
        };
        for (eco, ix) in db.loaded() {
            let k = format!("osv-db.{}", eco.osv_name());
            props.insert(format!("{k}.records"), ix.records.len().to_string());
            if let Some(d) = ix.newest {
                props.insert(format!("{k}.newest-record"), d.to_string());
            }
        }
    }
}

/// Lockfile text as a note or snippet may quote it: credentials in URLs (`https://user:token@`)
/// and credential-named values masked. Lockfiles are hostile input like any other file.
fn quoted(s: &str) -> String {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(?i)([a-z][a-z0-9+.-]*://)[^/@\s]+@").expect("URL pattern compiles")
    });
    crate::redact::mask_credential_values(&re.replace_all(s, "${1}********@"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_lockfile_text_masks_url_credentials() {
        let q = quoted("x (a URL: git+https://bob:s3cr3tT0ken@example.com/x.git)"); // aseptic:allow
        assert!(!q.contains("s3cr3tT0ken"), "{q}");
        assert!(q.contains("git+https://********@example.com"), "{q}");
    }
}
