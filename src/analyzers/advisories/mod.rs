//! The advisories analyzer: every `Cargo.lock` in the scan against the RustSec advisory database,
//! offline, with the smallest fixing upgrade, the lockfile line, and the dependency path.
//!
//! Database location, first found wins: `--advisory-db DIR` / `ASEPTIC_ADVISORY_DB` (clap folds
//! the variable into the flag), `[advisories] db` in `.aseptic.toml` (relative to the scan root),
//! then `$CARGO_HOME/advisory-db` (`~/.cargo/advisory-db`, where cargo-audit keeps it).
//!
//! When the database is opened (a deliberate deviation from "open at build time"): the analyzer
//! is built for every scan that runs it, including scans of repositories without any Rust, which
//! must not fail, fetch or spend time for lack of a database. So:
//! - at build time we only *resolve* the location; a directory named by the flag or variable that
//!   holds no database is a setup error, and the scan exits 2 with the fix spelled out before
//!   anything is scanned (a config `db` that does not exist falls through to the default location
//!   with a warning, so a checkout without the team's pinned copy still works);
//! - the database is opened on the first `Cargo.lock` (once, shared by every lockfile; each
//!   crate's advisories are parsed when a lockfile first has that crate, see [`db`]). When the
//!   default location is empty it is cloned there with the system `git` first, unless
//!   `--offline`. If that fails, one error note with the fix is reported and the scan exits 2: a
//!   missing database is never reported as findings and never passes silently.
//!
//! Findings: one per (advisory, package version), rule id = advisory id, with a run-time
//! [`crate::rule::Rule`] per advisory (see [`advisory`] for severity and HIPAA/CWE mapping), plus
//! `ADV-YANKED` for versions cargo's local index cache marks yanked ([`yanked`]). Ignores:
//! `[[advisories.ignore]]` entries (`id`, required `reason`, optional `expires`) are turned into
//! ordinary `[[ignore]]` rule entries by [`crate::settings`], so expiry and its note are handled
//! by [`crate::policy`] like every other ignore. Not done here: vulnerable-function reachability,
//! toolchain (`rust/`) advisories, and fetching cargo's index for yanked status.

pub mod advisory;
pub mod command;
pub mod db;
pub mod lockfile;
pub mod metadata;
pub mod osv;
pub mod yanked;

use super::{Analyzer, Output};
use crate::date::Date;
use crate::error::Error;
use crate::finding::{AnalyzerKind, Finding, Location, fingerprint};
use crate::input::{FileKind, Input, Origin};
use crate::note::Note;
use crate::rule::Rule;
use db::Db;
use lockfile::Lock;
use rustsec::advisory::Advisory;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

pub const DEFAULT_MAX_DB_AGE: u32 = 90;

/// `[advisories]` in `.aseptic.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdvisoriesConfig {
    /// The advisory database directory (resolved against the scan root by the settings).
    pub db: Option<PathBuf>,
    /// Never fetch a missing database.
    pub offline: bool,
    /// Warn when the database is older than this many days (default 90).
    pub max_db_age: Option<u32>,
    /// Accepted advisories.
    pub ignore: Vec<AdvisoryIgnore>,
    /// Look up yanked versions in cargo's local index cache (default true).
    pub yanked: Option<bool>,
    /// Set when `db` came from `--advisory-db`/`ASEPTIC_ADVISORY_DB` (not from the file).
    #[serde(skip)]
    pub db_from_cli: bool,
    /// The OSV database directory for npm, PyPI, Go, Maven and NuGet lockfiles (resolved against
    /// the scan root by the settings).
    pub osv_db: Option<PathBuf>,
    /// Set when `osv_db` came from `--osv-db`/`ASEPTIC_OSV_DB`.
    #[serde(skip)]
    pub osv_db_from_cli: bool,
}

/// `[[advisories.ignore]]`: an accepted advisory, with a reason, until an optional date.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisoryIgnore {
    /// The advisory id, e.g. `RUSTSEC-2021-0003`.
    pub id: String,
    pub reason: String,
    /// The last day the entry applies (`YYYY-MM-DD`); after it the finding returns with a note.
    #[serde(default)]
    pub expires: Option<Date>,
}

pub struct AdvisoriesAnalyzer {
    /// Where the database is (or will be fetched to); `None` without a home directory.
    dir: Option<PathBuf>,
    explicit: bool,
    /// Why the configured location was passed over, reported when a lockfile needed the database.
    fallback: Option<String>,
    offline: bool,
    max_db_age: u32,
    db: OnceLock<Result<Db, db::DbError>>,
    yanked: yanked::YankedIndex,
    yanked_enabled: bool,
    yanked_unknown: AtomicUsize,
    /// npm, PyPI, Go, Maven and NuGet lockfiles against the OSV database.
    osv: osv::Osv,
}

impl AdvisoriesAnalyzer {
    pub fn new(_rules: Vec<Rule>, c: &AdvisoriesConfig) -> Result<Self, Error> {
        for (i, ig) in c.ignore.iter().enumerate() {
            if ig.id.trim().is_empty() || ig.reason.trim().is_empty() {
                return Err(Error::Config(format!(
                    "config: [[advisories.ignore]] entry {} needs a non-empty `id` and `reason`",
                    i + 1
                )));
            }
        }
        // First found wins. A directory named on the command line (or in the environment) must
        // hold a database: that is an immediate setup error. One named in the config file that
        // does not exist (a checkout without the team's pinned copy, say) falls through to the
        // default location, with a warning.
        let default = db::default_location();
        let (dir, explicit, fallback) = match &c.db {
            Some(d) if c.db_from_cli || db::looks_like_db(d) => (Some(d.clone()), true, None),
            Some(d) => (
                default,
                false,
                Some(format!(
                    "`[advisories] db` {} holds no advisory database; used the default location \
                     ($CARGO_HOME/advisory-db) instead",
                    d.display()
                )),
            ),
            None => (default, false, None),
        };
        if explicit
            && let Some(d) = &dir
            && !db::looks_like_db(d)
        {
            return Err(Error::Database(format!(
                "advisory database {} not found (no `crates/` directory in it); {}",
                d.display(),
                db::guidance(d)
            )));
        }
        let max_db_age = c.max_db_age.unwrap_or(DEFAULT_MAX_DB_AGE);
        let osv = osv::Osv::new(c.osv_db.as_ref(), c.osv_db_from_cli, max_db_age)?;
        Ok(AdvisoriesAnalyzer {
            osv,
            dir,
            explicit,
            fallback,
            offline: c.offline,
            max_db_age: c.max_db_age.unwrap_or(DEFAULT_MAX_DB_AGE),
            db: OnceLock::new(),
            yanked: if c.yanked.unwrap_or(true) {
                yanked::YankedIndex::new(db::cargo_home().as_deref())
            } else {
                yanked::YankedIndex::disabled()
            },
            yanked_enabled: c.yanked.unwrap_or(true),
            yanked_unknown: AtomicUsize::new(0),
        })
    }

    fn db(&self) -> &Result<Db, db::DbError> {
        self.db.get_or_init(|| self.open())
    }

    fn open(&self) -> Result<Db, db::DbError> {
        let Some(dir) = &self.dir else {
            return Err(db::DbError::NoHome);
        };
        if !db::looks_like_db(dir) && !self.explicit {
            if self.offline {
                return Err(db::DbError::Offline { dir: dir.clone() });
            }
            if !dir.exists() {
                eprintln!(
                    "aseptic: fetching the RustSec advisory database into {} (once) ...",
                    dir.display()
                );
                command::clone(dir).map_err(|source| db::DbError::FetchFailed {
                    dir: dir.clone(),
                    source,
                })?;
            }
        }
        db::load(dir)
    }

    fn check(&self, input: &Input, db: &Db, pending: Pending, out: &mut Output) {
        let path = input.path;
        let mut lock = match Lock::parse(&input.text) {
            Ok(l) => l,
            Err(e) => {
                // Fail closed: an unreadable lockfile hides every advisory that applies to it.
                out.notes.push(Note::error(
                    Some(path),
                    format!("cannot parse this Cargo.lock ({e}); its packages were not checked"),
                ));
                return;
            }
        };
        // Advisories of each package (parsed on first use) and yanked status (one index cache file
        // per package), side by side. Safe inside the engine's pool: the database is already open,
        // and neither side waits on anything a stolen job could hold.
        let (per_pkg, status): (Vec<Arc<Vec<Advisory>>>, Vec<Option<bool>>) = rayon::join(
            || {
                lock.packages
                    .iter()
                    .map(|p| db.for_crate(p.name.as_str()))
                    .collect()
            },
            || {
                use rayon::prelude::*;
                lock.packages
                    .par_iter()
                    .map(|p| {
                        if self.yanked_enabled
                            && p.source.as_ref().is_some_and(|s| s.is_default_registry())
                        {
                            self.yanked.status(p.name.as_str(), &p.version.to_string())
                        } else {
                            Some(false)
                        }
                    })
                    .collect()
            },
        );
        let mut hits = Vec::new();
        for (i, p) in lock.packages.iter().enumerate() {
            for a in per_pkg[i].iter() {
                if advisory::applies(a, p) {
                    hits.push((i, a));
                }
            }
        }
        let yanked: Vec<usize> = (0..status.len())
            .filter(|&i| status[i] == Some(true))
            .collect();
        let unknown = status.iter().filter(|s| s.is_none()).count();
        self.yanked_unknown.fetch_add(unknown, Ordering::Relaxed);
        if hits.is_empty() && yanked.is_empty() {
            return;
        }
        let ws = match pending {
            Pending::Running(h) => h.join().unwrap_or(Err(metadata::MetadataError::Panicked)),
            Pending::NotRun(why) => Err(why),
        };
        let kind_source = match &ws {
            Ok(w) => {
                lock.set_roots(&w.members);
                "cargo metadata".to_string()
            }
            Err(why) => {
                out.notes.push(Note::info(
                    Some(path),
                    format!(
                        "dependency kinds (normal/dev/build) unknown: {why}; dependency paths come \
                         from the lockfile graph alone"
                    ),
                ));
                format!("lockfile graph ({why})")
            }
        };
        let kinds = dependency_kinds(&lock, ws.as_ref().ok());
        let parents = lock.shortest_paths();
        let mut rules_seen = BTreeSet::new();
        for (i, a) in hits {
            let p = &lock.packages[i];
            let id = a.id().to_string();
            if rules_seen.insert(id.clone()) {
                out.rules.push(advisory::rule(a));
            }
            let name = p.name.as_str();
            let version = p.version.to_string();
            let kind = advisory::kind(a);
            let aliases = advisory::aliases(a);
            let fix = advisory::smallest_fix(a, &p.version);
            let patched = advisory::patched(a);
            let mut msg = format!("{name} {version}: {id}");
            if !aliases.is_empty() {
                msg.push_str(&format!(" ({})", aliases.join(", ")));
            }
            if kind != "vulnerability" {
                msg.push_str(&format!(" [{kind}]"));
            }
            msg.push_str(&format!(": {}. Patched: {patched}; ", a.title().trim()));
            match &fix {
                Some(v) => msg.push_str(&format!("smallest fix: upgrade to {v}.")),
                None => msg.push_str("no fixed version."),
            }
            if let Some(pl) = advisory::platforms(a) {
                msg.push_str(&format!(" Only affects {pl}."));
            }
            let dep_kind = kinds[i];
            match dep_kind {
                "dev" => msg.push_str(" Dev-dependency only."),
                "build" => msg.push_str(" Build-dependency only."),
                "dev+build" => msg.push_str(" Dev- and build-dependency only."),
                _ => {}
            }
            let mut props = BTreeMap::new();
            props.insert("package".into(), name.to_string());
            props.insert("version".into(), version.clone());
            props.insert("kind".into(), kind.to_string());
            props.insert("patched".into(), patched);
            props.insert(
                "fix".into(),
                fix.map(|v| v.to_string()).unwrap_or_else(|| "none".into()),
            );
            if !aliases.is_empty() {
                props.insert("aliases".into(), aliases.join(", "));
            }
            if let Some(pl) = advisory::platforms(a) {
                props.insert("platforms".into(), pl);
            }
            if let Some(c) = &a.metadata.cvss {
                props.insert("cvss".into(), c.to_string());
                props.insert("cvss-score".into(), format!("{:.1}", c.score()));
            }
            props.insert("advisory-date".into(), a.date().as_str().to_string());
            self.common_props(&lock, &parents, i, dep_kind, &kind_source, &mut props);
            out.findings.push(self.finding(
                input,
                &lock,
                i,
                &id,
                msg,
                advisory::severity(a),
                props,
            ));
        }
        if !yanked.is_empty() {
            out.rules.push(advisory::yanked_rule());
        }
        for i in yanked {
            let p = &lock.packages[i];
            let msg = format!(
                "{} {} is yanked from crates.io; run `cargo update -p {}` to move to a published \
                 version.",
                p.name, p.version, p.name
            );
            let mut props = BTreeMap::new();
            props.insert("package".into(), p.name.to_string());
            props.insert("version".into(), p.version.to_string());
            props.insert("kind".into(), "yanked".into());
            self.common_props(&lock, &parents, i, kinds[i], &kind_source, &mut props);
            out.findings.push(self.finding(
                input,
                &lock,
                i,
                advisory::YANKED_ID,
                msg,
                crate::finding::Severity::Low,
                props,
            ));
        }
    }

    fn common_props(
        &self,
        lock: &Lock,
        parents: &[Option<usize>],
        i: usize,
        dep_kind: &str,
        kind_source: &str,
        props: &mut BTreeMap<String, String>,
    ) {
        props.insert(
            "dependency-path".into(),
            lock.path_to(parents, i)
                .unwrap_or_else(|| "unreachable from a workspace member".into()),
        );
        props.insert("dependency-kind".into(), dep_kind.to_string());
        props.insert("dependency-kind-source".into(), kind_source.to_string());
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        input: &Input,
        lock: &Lock,
        i: usize,
        rule_id: &str,
        message: String,
        severity: crate::finding::Severity,
        properties: BTreeMap<String, String>,
    ) -> Finding {
        let p = &lock.packages[i];
        let version = p.version.to_string();
        let (location, snippet) = match lock.entry(p.name.as_str(), &version) {
            // Lines were counted once for the whole lockfile, not per finding.
            Some(e) => (
                Location {
                    path: input.path.to_string(),
                    start_line: e.start_line,
                    start_column: 1,
                    end_line: e.end_line,
                    end_column: e.end_column,
                },
                input.text[e.start..e.end].to_string(),
            ),
            None => (
                Location::line(input.path, 1),
                format!("name = \"{}\"\nversion = \"{version}\"", p.name),
            ),
        };
        let logical = format!("{} {version}", p.name);
        Finding {
            rule_id: rule_id.to_string(),
            analyzer: AnalyzerKind::Advisories,
            severity,
            message,
            fingerprint: fingerprint(rule_id, input.path, &logical),
            location,
            snippet,
            logical_location: Some(logical),
            properties,
            value_key: None,
        }
    }
}

/// `cargo metadata` for one lockfile: started, or why not.
enum Pending {
    Running(std::thread::JoinHandle<Result<metadata::Workspace, metadata::MetadataError>>),
    NotRun(metadata::MetadataError),
}

/// Each package's dependency kind: `normal` when a workspace member reaches it through a normal
/// first edge, else `dev`, `build` or `dev+build`; `unknown` without cargo's word or when no member
/// reaches it. Below the first edge the lockfile has no kinds, so a normal dependency's own
/// build-dependencies count as normal (the conservative side).
fn dependency_kinds(lock: &Lock, ws: Option<&metadata::Workspace>) -> Vec<&'static str> {
    let n = lock.packages.len();
    let Some(ws) = ws else {
        return vec!["unknown"; n];
    };
    let reach = |k: &str| {
        lock.bfs(&lock.roots, |from, to| {
            if !lock.roots.contains(&from) {
                return true;
            }
            let key = (
                lock.packages[from].name.to_string(),
                lock.packages[to].name.to_string(),
            );
            match ws.kinds.get(&key) {
                Some(kinds) => kinds.contains(&k),
                // Not named by the member (renamed, or a member-to-member edge): assume normal.
                None => k == "normal",
            }
        })
        .0
    };
    let (normal, dev, build) = (reach("normal"), reach("dev"), reach("build"));
    (0..n)
        .map(|i| match (normal[i], dev[i], build[i]) {
            (true, _, _) => "normal",
            (false, true, true) => "dev+build",
            (false, true, false) => "dev",
            (false, false, true) => "build",
            _ => "unknown",
        })
        .collect()
}

impl Analyzer for AdvisoriesAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Advisories
    }

    /// Whole lockfiles only: `--history` inputs are a commit's added lines, not a lockfile.
    fn applies_to(&self, input: &Input) -> bool {
        (input.kind == FileKind::CargoLock && !matches!(input.origin, Origin::Commit { .. }))
            || osv::Osv::applies_to(input)
    }

    fn analyze(&self, input: &Input, out: &mut Output) {
        if input.kind != FileKind::CargoLock {
            self.osv.analyze(input, out);
            return;
        }
        // cargo metadata runs while the database is read and matched; its answer is used only
        // when there are findings (otherwise the thread and the child finish on their own).
        let pending = match (&input.origin, input.disk_path.and_then(|p| p.parent())) {
            (Origin::WorkingTree, Some(dir)) if dir.join("Cargo.toml").is_file() => {
                let dir = dir.to_path_buf();
                Pending::Running(std::thread::spawn(move || metadata::workspace(&dir)))
            }
            (Origin::WorkingTree, Some(_)) => Pending::NotRun(metadata::MetadataError::NoManifest),
            _ => Pending::NotRun(metadata::MetadataError::NotWorkingTree),
        };
        // A database failure is reported once, in `finish`.
        if let Ok(db) = self.db() {
            self.check(input, db, pending, out);
        }
    }

    fn finish(&self, out: &mut Output) {
        self.osv.finish(out);
        let Some(r) = self.db.get() else {
            return; // no lockfile in the scan: nothing to say
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
        if let Some(e) = db.summary().unusable() {
            out.notes.push(Note::error(None, e));
        }
        for (f, e) in &db.skipped() {
            out.notes.push(Note::warning(
                None,
                format!(
                    "advisory database: skipped malformed advisory file {f} ({e}); every other \
                     advisory still applies"
                ),
            ));
        }
        if let Some(age) = db.age_days(Date::today())
            && age > self.max_db_age as i64
        {
            out.notes.push(Note::warning(
                None,
                format!(
                    "the advisory database is {age} days old (newest advisory {}, revision {}), \
                     over the {}-day limit (--max-db-age); run `aseptic db update`",
                    db.summary()
                        .newest
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    db.revision_label(),
                    self.max_db_age
                ),
            ));
        }
        let unknown = self.yanked_unknown.load(Ordering::Relaxed);
        if unknown > 0 {
            out.notes.push(Note::info(
                None,
                format!(
                    "yanked status unknown for {unknown} package version(s): cargo's local \
                     crates.io index cache does not hold them (any cargo command that resolves, \
                     e.g. `cargo update --dry-run`, fills it); they were not checked for yanks"
                ),
            ));
        }
    }

    fn report_properties(&self, props: &mut BTreeMap<String, String>) {
        self.osv.report_properties(props);
        match self.db.get() {
            Some(Ok(db)) => {
                props.insert("advisory-db.revision".into(), db.revision_label());
                let summary = db.summary();
                if let Some(d) = summary.newest {
                    props.insert("advisory-db.newest-advisory".into(), d.to_string());
                }
                props.insert("advisory-db.advisories".into(), summary.count.to_string());
            }
            _ => {
                if let Some(dir) = &self.dir
                    && db::looks_like_db(dir)
                {
                    let rev = db::revision(dir);
                    if rev.commit.is_some() {
                        props.insert(
                            "advisory-db.revision".into(),
                            db::revision_label(&rev, None),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["both", "builder", "normal", "tester"]

[[package]]
name = "both"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "builder"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["deep"]

[[package]]
name = "deep"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "normal"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "tester"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

    #[test]
    fn kinds_follow_the_members_first_edge() {
        let lock = Lock::parse(LOCK).unwrap();
        let mut ws = metadata::Workspace {
            members: vec!["app".into()],
            ..Default::default()
        };
        for (dep, kinds) in [
            ("both", vec!["dev", "build"]),
            ("builder", vec!["build"]),
            ("normal", vec!["normal"]),
            ("tester", vec!["dev"]),
        ] {
            ws.kinds.insert(("app".into(), dep.into()), kinds);
        }
        let kinds = dependency_kinds(&lock, Some(&ws));
        let of = |n: &str| {
            kinds[lock
                .packages
                .iter()
                .position(|p| p.name.as_str() == n)
                .unwrap()]
        };
        assert_eq!(of("app"), "normal");
        assert_eq!(of("normal"), "normal");
        assert_eq!(of("tester"), "dev");
        assert_eq!(of("builder"), "build");
        assert_eq!(of("deep"), "build");
        assert_eq!(of("both"), "dev+build");
        assert!(
            dependency_kinds(&lock, None)
                .iter()
                .all(|k| *k == "unknown")
        );
    }
}
