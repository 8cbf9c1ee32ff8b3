//! The advisories analyzer end to end, against the RustSec snapshot in `../shared/advisory-db`.
//!
//! The expected advisory ids are computed here by an independent matcher (read each
//! `crates/<name>/*.md` front matter, match `[versions] patched/unaffected` with `semver`), never
//! copied from aseptic's output. Every run pins `CARGO_HOME` to a temporary directory (so the
//! machine's index cache cannot change the yanked findings) and `ASEPTIC_TODAY` (so staleness and
//! ignore expiry do not depend on the clock); nothing here touches the network.

use crate::common::{root, shared, stderr, stdout};
use semver::{Version, VersionReq};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-09-01";
/// An advisories-only scan of the current directory that never fetches, as JSON.
const OFFLINE_SCAN: &[&str] = &[
    "scan",
    ".",
    "--only",
    "advisories",
    "--offline",
    "-f",
    "json",
];

fn db() -> PathBuf {
    shared().join("advisory-db")
}

fn fixture(v: u32) -> PathBuf {
    root().join(format!("fixtures/advisories/lockfile-v{v}"))
}

/// Runs aseptic with a clean environment: no ASEPTIC_* from the caller, CARGO_HOME = `home`.
fn run(dir: &Path, args: &[&str], home: &Path, today: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aseptic"));
    cmd.current_dir(dir).args(args);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("ASEPTIC_") {
            cmd.env_remove(&k);
        }
    }
    cmd.env("CARGO_HOME", home)
        .env("ASEPTIC_TODAY", today)
        .output()
        .expect("run aseptic")
}

fn scan_json(dir: &Path, extra: &[&str], home: &Path, today: &str) -> (Output, Value) {
    let db = db();
    let mut args = vec![
        "scan",
        ".",
        "--only",
        "advisories",
        "--no-progress",
        "-f",
        "json",
        "--advisory-db",
        db.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = run(dir, &args, home, today);
    let json: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", stdout(&out), stderr(&out)));
    (out, json)
}

fn findings(json: &Value) -> Vec<Value> {
    json["findings"].as_array().cloned().unwrap_or_default()
}

fn notes(json: &Value) -> Vec<(String, String)> {
    json["notes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|n| {
            (
                n["level"].as_str().unwrap_or("").to_string(),
                n["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn prop<'a>(f: &'a Value, k: &str) -> &'a str {
    f["properties"][k].as_str().unwrap_or("")
}

/// (advisory id, package, version) for every RustSec finding.
fn advisory_hits(json: &Value) -> BTreeSet<(String, String, String)> {
    findings(json)
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with("RUSTSEC-"))
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                prop(f, "package").to_string(),
                prop(f, "version").to_string(),
            )
        })
        .collect()
}

// ---- the independent matcher -------------------------------------------------------------------

/// crates.io packages of a lockfile (any format), read with plain TOML.
fn registry_packages(lock: &str) -> Vec<(String, String)> {
    let v: toml::Table = lock.parse().unwrap();
    v.get("package")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
        .filter(|p| {
            p.get("source")
                .and_then(|s| s.as_str())
                .is_some_and(|s| s.contains("crates.io-index") || s.contains("index.crates.io"))
        })
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["version"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every advisory in `db` that applies to `name version`: the front matter's `[versions]`
/// `patched` and `unaffected` ranges, withdrawn advisories left out.
fn expected_for(db: &Path, name: &str, version: &str) -> Vec<String> {
    let v = Version::parse(version).unwrap();
    let Ok(rd) = std::fs::read_dir(db.join("crates").join(name)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in rd.flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let Some(front) = text
            .split("```toml")
            .nth(1)
            .and_then(|s| s.split("```").next())
        else {
            continue;
        };
        let Ok(t) = front.parse::<toml::Table>() else {
            continue; // a corrupted copy: aseptic must skip it too
        };
        let adv = t["advisory"].as_table().unwrap();
        if adv.contains_key("withdrawn") {
            continue;
        }
        let reqs = |key: &str| -> Vec<VersionReq> {
            t.get("versions")
                .and_then(|x| x.get(key))
                .and_then(|x| x.as_array())
                .into_iter()
                .flatten()
                .map(|r| VersionReq::parse(r.as_str().unwrap()).unwrap())
                .collect()
        };
        let safe = reqs("patched")
            .iter()
            .chain(reqs("unaffected").iter())
            .any(|r| r.matches(&v));
        if !safe {
            out.push(adv["id"].as_str().unwrap().to_string());
        }
    }
    out
}

fn expected(db: &Path, lock: &Path) -> BTreeSet<(String, String, String)> {
    let text = std::fs::read_to_string(lock).unwrap();
    let mut out = BTreeSet::new();
    for (name, version) in registry_packages(&text) {
        for id in expected_for(db, &name, &version) {
            out.insert((id, name.clone(), version.clone()));
        }
    }
    out
}

/// The 1-based line of `name version`'s `[[package]]` header, found by scanning the text.
fn entry_line(text: &str, name: &str, version: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let n = format!("name = \"{name}\"");
    let v = format!("version = \"{version}\"");
    for i in 0..lines.len() - 1 {
        if lines[i] == n && lines[i + 1] == v {
            assert_eq!(lines[i - 1], "[[package]]");
            return i; // the header is line i (1-based) when `name` is at index i
        }
    }
    panic!("{name} {version} not in the lockfile");
}

// ---- tests -------------------------------------------------------------------------------------

#[test]
fn reports_every_applicable_advisory_identically_in_lockfile_formats_v1_to_v4() {
    let home = tempfile::tempdir().unwrap();
    let mut comparable: Vec<BTreeSet<String>> = Vec::new();
    for v in 1..=4 {
        let dir = fixture(v);
        let lock_path = dir.join("Cargo.lock");
        let lock = std::fs::read_to_string(&lock_path).unwrap();
        let (out, json) = scan_json(&dir, &[], home.path(), TODAY);
        assert_eq!(out.status.code(), Some(1), "v{v}: {}", stderr(&out));

        let want = expected(&db(), &lock_path);
        assert!(want.len() >= 20, "the fixture should pin many advisories");
        assert_eq!(
            advisory_hits(&json),
            want,
            "v{v}: ids differ from the matcher"
        );

        let fs = findings(&json);
        let kinds: BTreeSet<&str> = fs.iter().map(|f| prop(f, "kind")).collect();
        for k in ["vulnerability", "unmaintained", "unsound"] {
            assert!(kinds.contains(k), "v{v}: no {k} finding");
        }
        for f in &fs {
            let (name, version) = (prop(f, "package"), prop(f, "version"));
            let line = entry_line(&lock, name, version);
            assert_eq!(
                f["location"]["start_line"].as_u64().unwrap() as usize,
                line,
                "v{v}: {} line",
                f["rule_id"]
            );
            assert_eq!(f["location"]["path"], "Cargo.lock");
            assert!(!prop(f, "fix").is_empty() && !prop(f, "patched").is_empty());
            assert!(
                prop(f, "dependency-path").starts_with("fixture-app 0.1.0 > "),
                "{f}"
            );
        }
        // Specific facts a user relies on.
        let by = |id: &str| {
            fs.iter()
                .find(|f| f["rule_id"] == id)
                .unwrap_or_else(|| panic!("v{v}: no {id}"))
                .clone()
        };
        let regex = by("RUSTSEC-2022-0013");
        assert_eq!(prop(&regex, "fix"), "1.5.5");
        assert_eq!(prop(&regex, "dependency-kind"), "dev", "{regex}");
        assert!(
            regex["message"]
                .as_str()
                .unwrap()
                .contains("CVE-2022-24713")
        );
        assert_eq!(regex["severity"], "high"); // CVSS 7.5
        let smallvec = by("RUSTSEC-2021-0003");
        assert_eq!(prop(&smallvec, "fix"), "0.6.14");
        assert_eq!(smallvec["logical_location"], "smallvec 0.6.9");
        let atty = by("RUSTSEC-2021-0145");
        assert!(
            atty["message"]
                .as_str()
                .unwrap()
                .contains("Only affects os windows"),
            "{atty}"
        );
        assert!(
            atty["message"]
                .as_str()
                .unwrap()
                .contains("no fixed version")
        );
        assert_eq!(prop(&by("RUSTSEC-2024-0375"), "kind"), "unmaintained");

        // The report records the database revision (the snapshot's commit).
        let snapshot = std::fs::read_to_string(db().join("SNAPSHOT.txt")).unwrap();
        let rev = json["properties"]["advisory-db.revision"].as_str().unwrap();
        assert!(rev.len() == 40 && snapshot.contains(rev), "{rev}");
        // No yanked finding without an index cache, and never "clean": one note says so.
        assert!(!fs.iter().any(|f| f["rule_id"] == "ADV-YANKED"));
        let ns = notes(&json);
        assert_eq!(
            ns.iter()
                .filter(|(_, m)| m.contains("yanked status unknown"))
                .count(),
            1
        );
        assert!(
            !ns.iter().any(|(l, _)| l == "error" || l == "warning"),
            "{ns:?}"
        );

        comparable.push(
            fs.iter()
                .map(|f| {
                    format!(
                        "{} {} {} {} {}",
                        f["rule_id"],
                        f["severity"],
                        f["message"],
                        f["logical_location"],
                        f["properties"]
                    )
                })
                .collect(),
        );
    }
    for (i, c) in comparable.iter().enumerate().skip(1) {
        assert_eq!(c, &comparable[0], "v{} differs from v1", i + 1);
    }
}

#[test]
fn a_named_but_missing_database_exits_2_with_the_fix() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("no-such-db");
    let out = run(
        &fixture(3),
        &[
            "scan",
            ".",
            "--only",
            "advisories",
            "--advisory-db",
            missing.to_str().unwrap(),
        ],
        home.path(),
        TODAY,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("aseptic db update"), "{err}");
    assert!(err.contains("--advisory-db"), "{err}");
}

#[test]
fn the_default_database_is_needed_only_when_there_is_a_lockfile() {
    let home = tempfile::tempdir().unwrap();
    // No Cargo.lock: no database needed, nothing fetched.
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("notes.txt"), "hello\n").unwrap();
    let out = run(plain.path(), OFFLINE_SCAN, home.path(), TODAY);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A Cargo.lock and no database anywhere, offline: exit 2 with guidance, no findings.
    let out = run(&fixture(3), OFFLINE_SCAN, home.path(), TODAY);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(findings(&json).is_empty());
    let ns = notes(&json);
    assert!(
        ns.iter().any(|(l, m)| l == "error"
            && m.contains("--offline")
            && m.contains("aseptic db update")),
        "{ns:?}"
    );
    assert!(!home.path().join("advisory-db").exists());
}

#[test]
fn one_corrupted_advisory_is_skipped_and_named_and_the_rest_still_apply() {
    let home = tempfile::tempdir().unwrap();
    let copy = tempfile::tempdir().unwrap();
    for name in ["smallvec", "regex"] {
        let to = copy.path().join("crates").join(name);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(db().join("crates").join(name)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
    let bad = copy.path().join("crates/smallvec/RUSTSEC-2021-0003.md");
    let text = std::fs::read_to_string(&bad).unwrap();
    std::fs::write(
        &bad,
        text.replacen("[versions]", "[versions\npatched = ", 1),
    )
    .unwrap();

    let dir = fixture(3);
    let out = run(
        &dir,
        &[
            "scan",
            ".",
            "--only",
            "advisories",
            "--no-progress",
            "-f",
            "json",
            "--advisory-db",
            copy.path().to_str().unwrap(),
        ],
        home.path(),
        TODAY,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let hits = advisory_hits(&json);
    let want = expected(copy.path(), &dir.join("Cargo.lock"));
    assert!(want.iter().any(|(id, _, _)| id == "RUSTSEC-2022-0013"));
    assert!(want.iter().any(|(id, _, _)| id == "RUSTSEC-2019-0009"));
    assert_eq!(hits, want);
    assert!(!hits.iter().any(|(id, _, _)| id == "RUSTSEC-2021-0003"));
    let ns = notes(&json);
    assert!(
        ns.iter().any(|(l, m)| l == "warning"
            && m.contains("crates/smallvec/RUSTSEC-2021-0003.md")
            && !m.contains(copy.path().to_str().unwrap())),
        "{ns:?}"
    );
}

#[test]
fn an_ignore_holds_until_it_expires_and_needs_a_reason() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(3).join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.path().join(".aseptic.toml"),
        "[[advisories.ignore]]\nid = \"RUSTSEC-2022-0013\"\nreason = \"regex only parses our own \
         patterns\"\nexpires = 2026-06-30\n",
    )
    .unwrap();
    let has = |json: &Value| {
        advisory_hits(json)
            .iter()
            .any(|(id, _, _)| id == "RUSTSEC-2022-0013")
    };

    let (_, json) = scan_json(dir.path(), &[], home.path(), "2026-06-30");
    assert!(!has(&json), "suppressed on its last day");
    assert!(
        advisory_hits(&json).len() > 10,
        "other advisories still reported"
    );

    let (_, json) = scan_json(dir.path(), &[], home.path(), "2026-07-01");
    assert!(has(&json), "reported again after expiry");
    assert!(
        notes(&json)
            .iter()
            .any(|(_, m)| m.contains("expired") && m.contains("RUSTSEC-2022-0013")),
        "{:?}",
        notes(&json)
    );

    std::fs::write(
        dir.path().join(".aseptic.toml"),
        "[[advisories.ignore]]\nid = \"RUSTSEC-2022-0013\"\nreason = \"\"\n",
    )
    .unwrap();
    let (out, _) = (
        run(
            dir.path(),
            &[
                "scan",
                ".",
                "--only",
                "advisories",
                "--advisory-db",
                db().to_str().unwrap(),
            ],
            home.path(),
            TODAY,
        ),
        (),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("reason"), "{}", stderr(&out));
}

#[test]
fn yanked_versions_come_from_cargos_index_cache() {
    let home = tempfile::tempdir().unwrap();
    let cache = home
        .path()
        .join("registry/index/index.crates.io-1949cf8c6b5b557f/.cache/sm/al");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(
        cache.join("smallvec"),
        aseptic::analyzers::advisories::yanked::encode(&[
            (
                "0.6.9",
                r#"{"name":"smallvec","vers":"0.6.9","yanked":true}"#,
            ),
            (
                "0.6.10",
                r#"{"name":"smallvec","vers":"0.6.10","yanked":false}"#,
            ),
        ]),
    )
    .unwrap();
    let (_, json) = scan_json(&fixture(4), &[], home.path(), TODAY);
    let yanked: Vec<Value> = findings(&json)
        .into_iter()
        .filter(|f| f["rule_id"] == "ADV-YANKED")
        .collect();
    assert_eq!(yanked.len(), 1, "{yanked:?}");
    assert_eq!(yanked[0]["logical_location"], "smallvec 0.6.9");
    // The other packages are unknown, and the run says so once.
    assert!(
        notes(&json)
            .iter()
            .any(|(l, m)| l == "info" && m.contains("yanked status unknown"))
    );
    // Switched off in the config: no lookups, no finding.
    let cfg = home.path().join("no-yanked.toml");
    std::fs::write(&cfg, "[advisories]\nyanked = false\n").unwrap();
    let (_, json) = scan_json(
        &fixture(4),
        &["--config", cfg.to_str().unwrap()],
        home.path(),
        TODAY,
    );
    assert!(!findings(&json).iter().any(|f| f["rule_id"] == "ADV-YANKED"));
    assert!(!advisory_hits(&json).is_empty());
}

#[test]
fn an_old_database_is_a_warning() {
    let home = tempfile::tempdir().unwrap();
    let (out, json) = scan_json(
        &fixture(2),
        &["--max-db-age", "30"],
        home.path(),
        "2027-01-01",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        notes(&json)
            .iter()
            .any(|(l, m)| l == "warning" && m.contains("days old") && m.contains("db update")),
        "{:?}",
        notes(&json)
    );
}

#[test]
fn this_repository_has_no_vulnerable_unmaintained_or_unsound_crate() {
    let home = tempfile::tempdir().unwrap();
    let db = db();
    let out = run(
        &root(),
        &[
            "scan",
            "Cargo.lock",
            "--only",
            "advisories",
            "--no-progress",
            "-f",
            "json",
            "--advisory-db",
            db.to_str().unwrap(),
        ],
        home.path(),
        TODAY,
    );
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let hits: Vec<String> = findings(&json)
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert!(hits.is_empty(), "{hits:#?}");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // And the expectation holds by the independent matcher too.
    assert!(expected(&db, &root().join("Cargo.lock")).is_empty());
}

#[test]
fn each_advisory_becomes_a_documented_rule() {
    use aseptic::cli::{Cli, Command};
    use clap::Parser;
    let dir = fixture(3);
    let db = db();
    let cli = Cli::try_parse_from([
        "aseptic",
        "scan",
        dir.to_str().unwrap(),
        "--only",
        "advisories",
        "--advisory-db",
        db.to_str().unwrap(),
    ])
    .unwrap();
    let Command::Scan(args) = cli.command else {
        unreachable!()
    };
    let mut settings = aseptic::settings::resolve(&args).unwrap();
    settings.progress = false;
    let report = aseptic::scan::scan(&settings).unwrap();
    let ids: BTreeSet<&str> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
    let rules: BTreeMap<&str, &aseptic::rule::Rule> =
        report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    for id in ids {
        let r = rules.get(id).unwrap_or_else(|| panic!("no rule for {id}"));
        r.validate().unwrap_or_else(|e| panic!("{id}: {e}"));
        if id.starts_with("RUSTSEC-") {
            assert_eq!(
                r.help_uri().as_deref(),
                Some(format!("https://rustsec.org/advisories/{id}.html").as_str())
            );
            assert_eq!(r.peers["cargo-audit"], vec![id.to_string()]);
            assert!(!r.cwe.is_empty());
        }
    }
    let r = rules["RUSTSEC-2022-0013"];
    assert!(
        r.summary.contains("Regexes with large repetitions"),
        "{}",
        r.summary
    );
    assert!(r.help.contains("CVE-2022-24713"));
}

#[test]
fn db_info_prints_revision_newest_date_and_count() {
    let db = db();
    let out = crate::common::aseptic(
        &root(),
        &["db", "info", "--advisory-db", db.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let snapshot = std::fs::read_to_string(db.join("SNAPSHOT.txt")).unwrap();
    let rev = text
        .lines()
        .find_map(|l| l.strip_prefix("revision: "))
        .unwrap();
    assert!(snapshot.contains(rev), "{text}");
    let count: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("advisories: "))
        .unwrap()
        .parse()
        .unwrap();
    let files = walk_md(&db.join("crates")) + walk_md(&db.join("rust"));
    assert_eq!(count, files, "{text}");
    assert!(text.contains("newest advisory: 20"), "{text}");
}

fn walk_md(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    rd.flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk_md(&p)
            } else {
                usize::from(p.extension().is_some_and(|x| x == "md"))
            }
        })
        .sum()
}

#[test]
fn cargo_metadata_ignores_the_scanned_repositorys_toolchain_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for f in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(fixture(3).join(f), dir.path().join(f)).unwrap();
    }
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/main.rs"), "fn main() {}\n").unwrap();
    // Were it honoured, rustup would fail (or try to install) this toolchain.
    std::fs::write(
        dir.path().join("rust-toolchain.toml"),
        "[toolchain]\nchannel = \"aseptic-no-such-toolchain\"\n",
    )
    .unwrap();
    let db = db();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aseptic"));
    cmd.current_dir(dir.path())
        .args([
            "scan",
            ".",
            "--only",
            "advisories",
            "--no-progress",
            "-f",
            "json",
        ])
        .arg("--advisory-db")
        .arg(&db)
        .env_remove("CARGO") // use `cargo` from PATH: the rustup proxy, when there is one
        .env_remove("RUSTUP_TOOLCHAIN")
        .env("RUSTUP_AUTO_INSTALL", "0")
        .env("CARGO_HOME", home.path())
        .env("ASEPTIC_TODAY", TODAY);
    let out = cmd.output().unwrap();
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let regex = findings(&json)
        .into_iter()
        .find(|f| f["rule_id"] == "RUSTSEC-2022-0013")
        .unwrap();
    assert_eq!(prop(&regex, "dependency-kind"), "dev", "{regex}");
    assert_eq!(prop(&regex, "dependency-kind-source"), "cargo metadata");
}

#[test]
fn every_lockfile_of_a_monorepo_is_checked_against_one_database() {
    let home = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    for (sub, v) in [("services/api", 3), ("tools/cli", 4)] {
        let d = repo.path().join(sub);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(fixture(v).join("Cargo.lock"), d.join("Cargo.lock")).unwrap();
    }
    let (out, json) = scan_json(repo.path(), &[], home.path(), TODAY);
    assert_eq!(out.status.code(), Some(1));
    let paths: BTreeSet<String> = findings(&json)
        .iter()
        .filter(|f| f["rule_id"] == "RUSTSEC-2022-0013")
        .map(|f| f["location"]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        BTreeSet::from([
            "services/api/Cargo.lock".to_string(),
            "tools/cli/Cargo.lock".to_string()
        ])
    );
}

#[cfg(unix)]
#[test]
fn a_configured_database_that_is_absent_falls_back_to_the_default_location() {
    let home = tempfile::tempdir().unwrap();
    // The default location ($CARGO_HOME/advisory-db) holds the database.
    std::os::unix::fs::symlink(db(), home.path().join("advisory-db")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(3).join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.path().join(".aseptic.toml"),
        "[advisories]\ndb = \"no-such-db\"\n",
    )
    .unwrap();
    let out = run(dir.path(), OFFLINE_SCAN, home.path(), TODAY);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        advisory_hits(&json),
        expected(&db(), &dir.path().join("Cargo.lock"))
    );
    assert!(
        notes(&json)
            .iter()
            .any(|(l, m)| l == "warning" && m.contains("no-such-db") && m.contains("default")),
        "{:?}",
        notes(&json)
    );
}
