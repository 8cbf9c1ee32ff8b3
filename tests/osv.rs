//! OSV advisories for npm, PyPI, Go, Maven and NuGet lockfiles, end to end.
//!
//! `fixtures/advisories/osv/repo/` holds one lockfile of each supported kind; `pins.tsv` beside it
//! lists every package entry they pin (file, line, ecosystem, name, version, direct or not), and
//! the test checks each listed line really holds that package. The expected findings are
//! computed here by an independent matcher over the raw OSV JSON (real PyPI and Go records from
//! `../shared/osv`, small records of our own for npm, Maven and NuGet in
//! `fixtures/advisories/osv/db`), never copied from aseptic's output. Nothing touches the network.

use crate::common::{root, shared, stderr, stdout};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

const TODAY: &str = "2026-09-01";

fn fixture() -> PathBuf {
    root().join("fixtures/advisories/osv")
}

/// A database directory: the shared PyPI and Go folders and our own npm, Maven and NuGet ones,
/// linked (or copied, for `copy_go`) into a temporary directory.
fn database(copy_go: bool) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let link = |from: &Path, name: &str| {
        #[cfg(unix)]
        std::os::unix::fs::symlink(from, d.path().join(name)).unwrap();
        #[cfg(not(unix))]
        copy_dir(from, &d.path().join(name));
    };
    link(&shared().join("osv/PyPI"), "PyPI");
    if copy_go {
        copy_dir(&shared().join("osv/Go"), &d.path().join("Go"));
    } else {
        link(&shared().join("osv/Go"), "Go");
    }
    for e in ["npm", "Maven", "NuGet"] {
        link(&fixture().join("db").join(e), e);
    }
    d
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Runs aseptic in `dir` with no ASEPTIC_* from the caller and an empty cache/home directory.
fn run(dir: &Path, args: &[&str], home: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aseptic"));
    cmd.current_dir(dir).args(args);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("ASEPTIC_") {
            cmd.env_remove(&k);
        }
    }
    cmd.env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("CARGO_HOME", home.join("cargo"))
        .env("ASEPTIC_TODAY", TODAY)
        .output()
        .expect("run aseptic")
}

fn scan(dir: &Path, db: Option<&Path>, extra: &[&str], home: &Path) -> (Output, Value) {
    let mut args = vec![
        "scan",
        ".",
        "--only",
        "advisories",
        "--offline",
        "--no-progress",
        "-f",
        "json",
        // The pinned snapshots age by design; staleness has its own test.
        "--max-db-age",
        "3650",
    ];
    if let Some(db) = db {
        args.push("--osv-db");
        args.push(db.to_str().unwrap());
    }
    args.extend_from_slice(extra);
    let out = run(dir, &args, home);
    let json = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", stdout(&out), stderr(&out)));
    (out, json)
}

fn notes(json: &Value) -> Vec<(String, String, String)> {
    json["notes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|n| {
            (
                n["level"].as_str().unwrap_or("").to_string(),
                n["path"].as_str().unwrap_or("").to_string(),
                n["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// (rule id, path, line, fix) of every finding.
type Hit = (String, String, u64, String);

fn hits(json: &Value) -> BTreeSet<Hit> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["location"]["path"].as_str().unwrap().to_string(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["properties"]["fix"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

// ---- the independent matcher -------------------------------------------------------------------

struct Pin {
    path: String,
    line: u64,
    eco: String,
    name: String,
    version: String,
    kind: String,
}

fn pins() -> Vec<Pin> {
    let text = std::fs::read_to_string(fixture().join("pins.tsv")).unwrap();
    let pins: Vec<Pin> = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Pin {
                path: f[0].into(),
                line: f[1].parse().unwrap(),
                eco: f[2].into(),
                name: f[3].into(),
                version: f[4].into(),
                kind: f[5].into(),
            }
        })
        .collect();
    // Each listed line names the package, and its version is on it or just below it.
    for p in &pins {
        let text = std::fs::read_to_string(fixture().join("repo").join(&p.path)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let at = p.line as usize - 1;
        let short = p.name.rsplit([':', '/']).next().unwrap();
        let near = lines[at..(at + 4).min(lines.len())].join("\n");
        assert!(
            near.contains(short),
            "{}:{} lacks {}",
            p.path,
            p.line,
            p.name
        );
        // (pom.xml may name its version through a property)
        let bare = p.version.trim_start_matches('v');
        assert!(
            near.contains(bare) || p.path.ends_with("pom.xml"),
            "{}:{} lacks {}",
            p.path,
            p.line,
            p.version
        );
    }
    pins
}

fn norm(eco: &str, name: &str) -> String {
    match eco {
        "PyPI" => {
            let lower = name.to_ascii_lowercase();
            let mut out = String::new();
            for part in lower.split(['-', '_', '.']).filter(|s| !s.is_empty()) {
                if !out.is_empty() {
                    out.push('-');
                }
                out.push_str(part);
            }
            out
        }
        "NuGet" => name.to_ascii_lowercase(),
        _ => name.to_string(),
    }
}

/// A plain key for the Maven and NuGet versions the fixtures use: numbers, then a pre-release
/// rank (alpha < beta < milestone < rc < release) and its number.
fn plain_key(v: &str) -> (Vec<u64>, u64, u64) {
    let v = v.to_ascii_lowercase();
    let (nums, qual) = match v.find(|c: char| c == '-' || c.is_ascii_alphabetic()) {
        Some(i) => (&v[..i], v[i..].trim_start_matches('-')),
        None => (&v[..], ""),
    };
    let mut n: Vec<u64> = nums
        .split('.')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    while n.last() == Some(&0) {
        n.pop();
    }
    let word: String = qual
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let num: u64 = qual[word.len()..]
        .trim_start_matches(['-', '.'])
        .parse()
        .unwrap_or(0);
    let rank = match word.as_str() {
        "" => 9,
        "alpha" | "a" => 1,
        "beta" | "b" => 2,
        "milestone" | "m" => 3,
        "rc" | "cr" => 4,
        other => panic!("the plain comparator does not know `{other}`"),
    };
    (n, rank, num)
}

fn cmp(eco: &str, a: &str, b: &str) -> Option<Ordering> {
    match eco {
        "npm" | "Go" => {
            let p = |s: &str| {
                let mut v = semver::Version::parse(s.trim_start_matches('v')).ok()?;
                v.build = semver::BuildMetadata::EMPTY;
                Some(v)
            };
            Some(p(a)?.cmp(&p(b)?))
        }
        "PyPI" => Some(
            pep440_rs::Version::from_str(a)
                .ok()?
                .cmp(&pep440_rs::Version::from_str(b).ok()?),
        ),
        _ => Some(plain_key(a).cmp(&plain_key(b))),
    }
}

/// Does a range (its events in any order) affect `v`, and with which first fix?
fn range_hit(eco: &str, events: &[Value], v: &str) -> Option<Option<String>> {
    let get = |k: &str| -> Vec<String> {
        events
            .iter()
            .filter_map(|e| e[k].as_str().map(str::to_string))
            .collect()
    };
    let ge = |a: &str, b: &str| b == "0" || cmp(eco, a, b).is_some_and(|o| o != Ordering::Less);
    // The nearest `introduced` at or below v.
    let intro = get("introduced")
        .into_iter()
        .filter(|i| ge(v, i))
        .max_by(|a, b| {
            if a == "0" {
                Ordering::Less
            } else if b == "0" {
                Ordering::Greater
            } else {
                cmp(eco, a, b).unwrap_or(Ordering::Equal)
            }
        })?;
    let after_intro = |x: &str| intro == "0" || cmp(eco, x, &intro) == Some(Ordering::Greater);
    let closed = get("fixed").iter().any(|f| after_intro(f) && ge(v, f))
        || get("last_affected")
            .iter()
            .any(|l| (intro == "0" || ge(l, &intro)) && cmp(eco, v, l) == Some(Ordering::Greater));
    if closed {
        return None;
    }
    let fix = get("fixed")
        .into_iter()
        .filter(|f| cmp(eco, f, v) == Some(Ordering::Greater))
        .min_by(|a, b| cmp(eco, a, b).unwrap_or(Ordering::Equal));
    Some(fix)
}

fn expected(db: &Path, pins: &[Pin]) -> BTreeSet<Hit> {
    let mut out = BTreeSet::new();
    let mut records: std::collections::HashMap<String, Vec<Value>> = Default::default();
    for p in pins {
        let recs = records.entry(p.eco.clone()).or_insert_with(|| {
            let mut v = Vec::new();
            for e in std::fs::read_dir(db.join(&p.eco)).unwrap().flatten() {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                if let Ok(j) = serde_json::from_str::<Value>(&text) {
                    v.push(j);
                }
            }
            v
        });
        for r in recs.iter() {
            if !r["withdrawn"].is_null() {
                continue;
            }
            let mut hit = false;
            let mut fix: Option<String> = None;
            for a in r["affected"].as_array().into_iter().flatten() {
                if a["package"]["ecosystem"].as_str() != Some(p.eco.as_str())
                    || a["package"]["name"].as_str().map(|n| norm(&p.eco, n))
                        != Some(norm(&p.eco, &p.name))
                {
                    continue;
                }
                if a["versions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|x| x.as_str() == Some(p.version.as_str()))
                {
                    hit = true;
                }
                for g in a["ranges"].as_array().into_iter().flatten() {
                    if !matches!(g["type"].as_str(), Some("ECOSYSTEM" | "SEMVER")) {
                        continue;
                    }
                    let ev = g["events"].as_array().cloned().unwrap_or_default();
                    if let Some(f) = range_hit(&p.eco, &ev, &p.version) {
                        hit = true;
                        if let Some(f) = f
                            && fix
                                .as_ref()
                                .is_none_or(|b| cmp(&p.eco, &f, b) == Some(Ordering::Less))
                        {
                            fix = Some(f);
                        }
                    }
                }
            }
            if hit {
                out.insert((
                    r["id"].as_str().unwrap().to_string(),
                    p.path.clone(),
                    p.line,
                    fix.unwrap_or_else(|| "none".into()),
                ));
            }
        }
    }
    out
}

// ---- the tests ---------------------------------------------------------------------------------

#[test]
fn every_lockfile_kind_reports_exactly_the_expected_advisories() {
    let db = database(false);
    let home = tempfile::tempdir().unwrap();
    let pins = pins();
    let (out, json) = scan(&fixture().join("repo"), Some(db.path()), &[], home.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let want = expected(db.path(), &pins);
    let got = hits(&json);
    assert_eq!(
        got, want,
        "aseptic (left) vs the independent matcher (right)"
    );
    // Every lockfile kind contributes, and every ecosystem.
    let files: BTreeSet<&str> = want
        .iter()
        .map(|h| h.1.split('/').next().unwrap())
        .collect();
    assert_eq!(files.len(), 15, "{files:?}");
    assert!(want.len() >= 40, "{}", want.len());
    // Direct vs transitive, as each file says, and the direct dependency that pulls it in.
    for f in json["findings"].as_array().unwrap() {
        let path = f["location"]["path"].as_str().unwrap();
        let line = f["location"]["start_line"].as_u64().unwrap();
        let pin = pins
            .iter()
            .find(|p| p.path == path && p.line == line)
            .unwrap();
        assert_eq!(
            f["properties"]["dependency-kind"],
            pin.kind.as_str(),
            "{path}:{line}"
        );
        assert_eq!(f["properties"]["version"], pin.version.as_str());
        assert!(
            f["properties"]["aliases"]
                .as_str()
                .is_some_and(|a| !a.is_empty())
                || f["rule_id"].as_str().unwrap().starts_with("GO-")
        );
    }
    let by = |path: &str, id: &str| -> String {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["location"]["path"] == path && f["rule_id"] == id)
            .map(|f| {
                f["properties"]["introduced-by"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        by("npm-v3/package-lock.json", "GHSA-hrpp-h998-j3pp"),
        "express 4.17.1"
    );
    assert_eq!(
        by("pnpm/pnpm-lock.yaml", "GHSA-hrpp-h998-j3pp"),
        "express 4.17.1"
    );
    assert_eq!(
        by("nuget/packages.lock.json", "GHSA-ghhp-997w-qr28"),
        "Microsoft.AspNetCore.Html.Abstractions 2.2.0"
    );
    // Severity from CVSS v3, v4 and the database's word.
    let sev = |id: &str| -> String {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == id)
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(sev("GHSA-jfh8-c2jp-5v3q"), "critical");
    assert_eq!(sev("GHSA-qw6h-vgh9-j6wx"), "low");
    assert_eq!(sev("GHSA-29mw-wpgm-hmr9"), "medium");
    // What was not checked is said, per file, never guessed.
    let n = notes(&json);
    assert!(
        n.iter().any(|(l, p, m)| l == "info"
            && p == "requirements/requirements.txt"
            && m.contains("gunicorn (unpinned")),
        "{n:?}"
    );
    assert!(
        n.iter().any(|(l, p, m)| l == "info"
            && p == "maven/pom.xml"
            && m.contains("fhir.model.version")),
        "{n:?}"
    );
    assert!(
        !n.iter().any(|(l, _, _)| l == "error" || l == "warning"),
        "{n:?}"
    );
}

#[test]
fn offline_without_an_osv_db_exits_2_with_how_to_get_it() {
    let home = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture().join("repo/npm-v3/package-lock.json"),
        repo.path().join("package-lock.json"),
    )
    .unwrap();
    let (out, json) = scan(repo.path(), None, &[], home.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let n = notes(&json);
    let msg = &n.iter().find(|(l, _, _)| l == "error").unwrap().2;
    assert!(msg.contains("all.zip"), "{msg}");
    assert!(msg.contains("--osv-db"), "{msg}");
    assert!(msg.contains("ASEPTIC_OSV_DB"), "{msg}");
    assert!(msg.contains("aseptic db update --osv"), "{msg}");
    assert!(json["findings"].as_array().unwrap().is_empty());

    // `db update` never touches the network under --offline.
    let out = run(
        repo.path(),
        &["db", "update", "--osv", "--offline"],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--offline"), "{}", stderr(&out));

    // A named directory that holds no database stops the scan before it starts.
    let out = run(
        repo.path(),
        &[
            "scan",
            ".",
            "--only",
            "advisories",
            "--offline",
            "--osv-db",
            "nowhere",
        ],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("OSV database"), "{}", stderr(&out));

    // With the database: findings, exit 1.
    let db = database(false);
    let (out, json) = scan(repo.path(), Some(db.path()), &[], home.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(json["findings"].as_array().unwrap().len() >= 4);

    // The same database through the environment and through `[advisories] osv_db`.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aseptic"));
    let o = cmd
        .current_dir(repo.path())
        .args([
            "scan",
            ".",
            "--only",
            "advisories",
            "--offline",
            "-f",
            "json",
        ])
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("ASEPTIC_OSV_DB", db.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // A repository's own configuration may only name a database inside the tree.
    copy_dir(&fixture().join("db/npm"), &repo.path().join("osv-db/npm"));
    std::fs::write(
        repo.path().join(".aseptic.toml"),
        "[advisories]\nosv_db = \"osv-db\"\n",
    )
    .unwrap();
    let (out, _) = scan(repo.path(), None, &[], home.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    std::fs::write(
        repo.path().join(".aseptic.toml"),
        format!("[advisories]\nosv_db = {:?}\n", db.path().to_str().unwrap()),
    )
    .unwrap();
    let out = run(
        repo.path(),
        &["scan", ".", "--only", "advisories", "--offline"],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("outside the scanned tree"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_corrupted_record_among_thousands_is_one_note_and_hides_nothing() {
    let db = database(true);
    let go = db.path().join("Go");
    let files = std::fs::read_dir(&go).unwrap().count();
    assert!(files > 4000, "{files}");
    std::fs::write(
        go.join("GO-2099-0001.json"),
        "{\"id\": \"GO-2099-0001\", \"affected\": [",
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (out, json) = scan(
        &fixture().join("repo/go"),
        Some(db.path()),
        &[],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let n = notes(&json);
    let bad: Vec<_> = n.iter().filter(|(l, _, _)| l == "warning").collect();
    assert_eq!(bad.len(), 1, "{n:?}");
    assert!(bad[0].2.contains("Go/GO-2099-0001.json"), "{}", bad[0].2);
    let go_pins: Vec<Pin> = pins()
        .into_iter()
        .filter(|p| p.path.starts_with("go/"))
        .map(|mut p| {
            p.path = p.path.trim_start_matches("go/").to_string();
            p
        })
        .collect();
    let want = expected(db.path(), &go_pins);
    assert!(want.len() >= 5, "{want:?}");
    assert_eq!(hits(&json), want);
}

#[test]
fn an_ignore_by_any_alias_applies() {
    let db = database(false);
    let home = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture().join("repo/gradle/gradle.lockfile"),
        repo.path().join("gradle.lockfile"),
    )
    .unwrap();
    let (_, before) = scan(repo.path(), Some(db.path()), &[], home.path());
    assert!(hits(&before).iter().any(|h| h.0 == "GHSA-jfh8-c2jp-5v3q"));
    std::fs::write(
        repo.path().join(".aseptic.toml"),
        "[[advisories.ignore]]\nid = \"CVE-2021-44228\"\nreason = \"JNDI lookups disabled by configuration\"\n",
    )
    .unwrap();
    let (out, after) = scan(repo.path(), Some(db.path()), &[], home.path());
    assert!(!hits(&after).iter().any(|h| h.0 == "GHSA-jfh8-c2jp-5v3q"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn sarif_of_the_osv_findings_is_valid() {
    let validator = shared().join("sarif/validate");
    if !validator.exists() {
        return;
    }
    let db = database(false);
    let home = tempfile::tempdir().unwrap();
    let out = run(
        &fixture().join("repo"),
        &[
            "scan",
            ".",
            "--only",
            "advisories",
            "--offline",
            "--no-progress",
            "-f",
            "sarif",
            "--osv-db",
            db.path().to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let f = home.path().join("report.sarif");
    std::fs::write(&f, &out.stdout).unwrap();
    let v = Command::new(&validator).arg(&f).output().unwrap();
    assert!(v.status.success(), "{}{}", stdout(&v), stderr(&v));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == "GHSA-jfh8-c2jp-5v3q"));
}
