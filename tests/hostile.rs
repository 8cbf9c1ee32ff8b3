//! Hostile inputs: files built to crash the scanner, exhaust its time or memory, or make it report
//! nothing and exit 0. Each case builds its input in a temporary directory, runs the binary with a
//! wall-clock limit (and, where memory is the risk, under a 1 GiB address-space limit with
//! `prlimit`), and asserts the exit code, the note naming the file and the time bound.
//!
//! The time limits are generous for a debug build on a busy machine; the quadratic or unbounded
//! behaviour each case guards against takes many times longer (or aborts).

use crate::common::shared;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// 1 GiB of address space: enough for a scan of these inputs, far below what unbounded growth
/// takes.
const MEMORY_LIMIT: &str = "--as=1073741824";

struct Run {
    code: Option<i32>,
    json: Value,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn notes(&self) -> Vec<(String, String, String)> {
        self.json["notes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|n| {
                        let s = |k: &str| n[k].as_str().unwrap_or_default().to_string();
                        (s("level"), s("path"), s("message"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The note about `path` whose message contains `text`, with its level.
    fn note(&self, path: &str, text: &str) -> Option<String> {
        self.notes()
            .into_iter()
            .find(|(_, p, m)| p == path && m.contains(text))
            .map(|(l, _, _)| l)
    }

    fn findings(&self, rule: &str, path: &str) -> usize {
        self.json["findings"].as_array().map_or(0, |a| {
            a.iter()
                .filter(|f| f["rule_id"] == rule && f["location"]["path"] == path)
                .count()
        })
    }

    fn no_errors(&self) {
        let errors: Vec<_> = self
            .notes()
            .into_iter()
            .filter(|(l, _, _)| l == "error")
            .collect();
        assert!(errors.is_empty(), "error notes: {errors:?}");
    }
}

/// Runs `aseptic scan ARGS -f json --offline` in `dir`, killed after `limit`; under the memory
/// limit when `memory` is set.
fn scan(dir: &Path, args: &[&str], limit: Duration, memory: bool) -> Run {
    let bin = env!("CARGO_BIN_EXE_aseptic");
    let mut cmd = if memory {
        let mut c = Command::new("prlimit");
        c.arg(MEMORY_LIMIT).arg("--").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.current_dir(dir)
        .arg("scan")
        .args(args)
        .args(["-f", "json", "--offline"])
        .env_remove("ASEPTIC_FORMAT")
        .env_remove("ASEPTIC_FAIL_ON")
        .env_remove("ASEPTIC_CONFIG")
        .env_remove("ASEPTIC_THREADS")
        .env_remove("ASEPTIC_ADVISORY_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .expect("run aseptic (and prlimit, for memory-bound cases)");
    // Drain the pipes on threads so a large report cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut b).ok();
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut b).ok();
        b
    });
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("aseptic scan {args:?} ran over its time limit of {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let elapsed = start.elapsed();
    let stdout = out_t.join().unwrap();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap()).into_owned();
    let json = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report (exit {:?}, {e}); stderr: {}",
            status.code(),
            stderr.chars().take(2000).collect::<String>()
        )
    });
    Run {
        code: status.code(),
        json,
        stderr,
        elapsed,
    }
}

/// `aseptic scan .` in `dir` against the advisory database `db`, whatever its age.
fn scan_db(dir: &Path, db: &Path, limit: Duration, memory: bool) -> Run {
    let db = db.to_str().unwrap();
    scan(
        dir,
        &[".", "--advisory-db", db, "--max-db-age", "100000"],
        limit,
        memory,
    )
}

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A hard-coded credential both the rust analyzer and the secrets analyzer report: proof that a
/// file was parsed and checked.
const CREDENTIAL: &str = "fn g() { let password = \"Xk29vq81zzTqWm\"; }\n"; // aseptic:allow made-up test value

#[test]
fn rust_keyword_chains_never_overflow_the_stack() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // A 5.7 KB file: deep enough for a worker's stack, parsed on the big one.
    write(
        d,
        "ret.rs",
        format!(
            "{CREDENTIAL}fn f() -> u8 {{ {}1 }}\n",
            "return ".repeat(800)
        ),
    );
    write(
        d,
        "yield.rs",
        format!("{CREDENTIAL}fn f() {{ {}1; }}\n", "yield ".repeat(5_000)),
    );
    write(
        d,
        "cast.rs",
        format!(
            "{CREDENTIAL}fn f() {{ let x = 1{}; }}\n",
            " as u8".repeat(10_000)
        ),
    );
    write(
        d,
        "elseif.rs",
        format!(
            "{CREDENTIAL}fn f() {{ if a {{}}{} }}\n",
            " else if a {}".repeat(50_000)
        ),
    );
    let r = scan(d, &["."], Duration::from_secs(60), false);
    assert_eq!(r.code, Some(1), "stderr: {}", r.stderr);
    r.no_errors();
    assert_eq!(r.findings("RS-CRED-001", "ret.rs"), 1);
    for f in ["yield.rs", "cast.rs", "elseif.rs"] {
        assert_eq!(
            r.note(f, "nesting is too deep").as_deref(),
            Some("warning"),
            "{f}: {:?}",
            r.notes()
        );
    }
}

#[test]
fn terraform_module_fan_out_stays_within_budget() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // 17 files, four calls a level, sixteen levels: 4^16 instances unbounded.
    for level in 0..17 {
        let dir = if level == 0 {
            String::new()
        } else {
            format!("m{level}/")
        };
        let mut tf = String::from("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n");
        if level < 16 {
            let next = if level == 0 {
                "./m1".to_string()
            } else {
                format!("../m{}", level + 1)
            };
            for k in 0..4 {
                tf.push_str(&format!("module \"c{k}\" {{\n  source = \"{next}\"\n}}\n"));
            }
        }
        write(d, &format!("{dir}main.tf"), tf);
    }
    let r = scan(d, &["."], Duration::from_secs(60), true);
    assert_eq!(r.code, Some(1), "stderr: {}", r.stderr);
    let (_, path, _) = r
        .notes()
        .into_iter()
        .find(|(l, _, m)| l == "warning" && m.contains("evaluation budget"))
        .unwrap_or_else(|| panic!("no budget note: {:?}", r.notes()));
    assert!(path.ends_with("main.tf"), "{path}");
    let buckets = r.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["location"]["path"] == "main.tf")
        .count();
    assert!(buckets > 0, "the root module's own resources are checked");
}

#[test]
fn phi_free_text_is_linear_on_a_long_line() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // 3 MiB on one line, a context word every few bytes.
    write(d, "notes.txt", "patient ip ".repeat(3 * 1024 * 1024 / 11));
    let r = scan(d, &["."], Duration::from_secs(30), false);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert_eq!(
        r.note("notes.txt", "longer than 4096 bytes").as_deref(),
        Some("info"),
        "{:?}",
        r.notes()
    );
}

#[test]
fn findings_are_capped_per_file_and_rule() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "every.gitleaks.toml",
        "[[rules]]\nid = \"every-char\"\ndescription = \"every letter\"\nregex = '''[a-z]'''\n",
    );
    // 500,000 matches of one rule in one file.
    write(
        d,
        "repo/data.txt",
        format!("{}\n", "abcdefghij".repeat(10)).repeat(5_000),
    );
    let r = scan(
        d,
        &["repo", "--rules", "every.gitleaks.toml"],
        Duration::from_secs(90),
        true,
    );
    assert_eq!(r.code, Some(1), "stderr: {}", r.stderr);
    let n = r.findings("GL-EVERY-CHAR", "data.txt");
    assert!(n > 0 && n <= 1_000, "{n} findings");
    let (_, _, msg) = r
        .notes()
        .into_iter()
        .find(|(l, p, m)| l == "warning" && p == "data.txt" && m.contains("past the first 1000"))
        .unwrap_or_else(|| panic!("no cap note: {:?}", r.notes()));
    assert!(msg.starts_with("GL-EVERY-CHAR: 499000 more"), "{msg}");
}

#[test]
fn cargo_lock_reading_is_linear() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // 40,000 packages in a chain, each naming the next in the abbreviated v3 form.
    let n = 40_000;
    let mut lock = String::from(
        "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"p0\"]\n",
    );
    for i in 0..n {
        lock.push_str(&format!(
            "\n[[package]]\nname = \"p{i}\"\nversion = \"1.0.0\"\n"
        ));
        if i + 1 < n {
            lock.push_str(&format!("dependencies = [\"p{}\"]\n", i + 1));
        }
    }
    write(d, "Cargo.lock", lock);
    let db = shared().join("advisory-db");
    let r = scan_db(d, &db, Duration::from_secs(40), true);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    r.no_errors();
    assert!(r.elapsed < Duration::from_secs(40));
}

#[test]
fn malformed_inputs_that_panicked_are_read() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "src/q.rs",
        "fn main() { let q = format!(\"SELECT {a.b} FROM t\"); let r = format!(\"{1x}\"); \
         let s = format!(\"{r#type}\"); sqlx::query(&q); }\n",
    );
    // A multi-byte character at byte 2 of a segment.
    write(d, "adt.hl7", "MSH|^~\\&|A|B\rPIé|x\rPID|1||x\r");
    write(
        d,
        "patient.xml",
        "<Patient xmlns=\"http://hl7.org/fhir\"><name a=éé b=\"x\"/></Patient>\n",
    );
    let r = scan(d, &["."], Duration::from_secs(30), false);
    r.no_errors();
    assert!(
        !r.notes()
            .iter()
            .any(|(_, _, m)| m.contains("failed on this file")),
        "{:?}",
        r.notes()
    );
    assert_ne!(r.code, Some(2), "stderr: {}", r.stderr);
}

/// A lockfile naming a crate the shared database has advisories for, and a database built from
/// `files`: (path under the database, contents).
fn lock_with_db(d: &Path, files: &[(String, Vec<u8>)]) -> std::path::PathBuf {
    write(
        d,
        "repo/Cargo.lock",
        "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"smallvec\"]\n\n\
         [[package]]\nname = \"smallvec\"\nversion = \"0.6.9\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    );
    let db = d.join("db");
    std::fs::create_dir_all(db.join("crates")).unwrap();
    for (rel, text) in files {
        write(&db, rel, text);
    }
    db
}

#[test]
fn an_advisory_database_of_garbage_is_exit_2() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let db = lock_with_db(
        d,
        &[
            (
                "crates/smallvec/RUSTSEC-2019-0009.md".into(),
                (0..3000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            ),
            ("crates/junk/notes.md".into(), b"garbage\n".to_vec()),
        ],
    );
    let r = scan_db(&d.join("repo"), &db, Duration::from_secs(30), false);
    assert_eq!(r.code, Some(2), "{:?}", r.notes());
    assert_eq!(r.note("", "yields no advisory").as_deref(), Some("error"));
}

#[test]
fn an_advisory_database_of_corrupted_advisories_is_exit_2() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let real = shared().join("advisory-db").join("crates").join("smallvec");
    let mut files = Vec::new();
    for e in std::fs::read_dir(&real).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        // Each advisory cut off inside its front matter.
        let text = std::fs::read(e.path()).unwrap();
        files.push((
            format!("crates/smallvec/{name}"),
            text[..text.len() / 3].to_vec(),
        ));
    }
    assert!(files.len() >= 2);
    let db = lock_with_db(d, &files);
    let r = scan_db(&d.join("repo"), &db, Duration::from_secs(30), false);
    assert_eq!(r.code, Some(2), "{:?}", r.notes());
    assert!(
        r.note("", "yields no advisory").as_deref() == Some("error"),
        "{:?}",
        r.notes()
    );
}

#[test]
fn a_mostly_broken_advisory_database_is_exit_2_and_one_bad_file_is_not() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let real = shared().join("advisory-db").join("crates");
    let mut good = Vec::new();
    for c in ["smallvec", "hyper", "tokio", "openssl", "time"] {
        for e in std::fs::read_dir(real.join(c)).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            good.push((
                format!("crates/{c}/{name}"),
                std::fs::read(e.path()).unwrap(),
            ));
        }
    }
    let n = good.len();
    assert!(n >= 20, "{n} advisories");
    let broken = |k: usize| {
        let mut f = good.clone();
        for (_, text) in f.iter_mut().take(k) {
            text.truncate(40);
        }
        f
    };
    let repo = d.join("repo");
    // One broken file of many: a warning, the rest apply.
    let db = lock_with_db(&d.join("one"), &broken(1));
    std::fs::rename(d.join("one/repo"), &repo).unwrap();
    let r = scan_db(&repo, &db, Duration::from_secs(30), false);
    r.no_errors();
    assert_eq!(r.code, Some(1));
    // Half of them broken: results may be missing.
    let db = lock_with_db(&d.join("half"), &broken(n / 2));
    let r = scan_db(&repo, &db, Duration::from_secs(30), false);
    assert_eq!(r.code, Some(2), "{:?}", r.notes());
    assert_eq!(r.note("", "do not parse").as_deref(), Some("error"));
}

#[test]
fn a_malformed_cargo_lock_is_exit_2() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "Cargo.lock",
        "version = 3\n\n[[package]]\nname = \"app\"\nversion = [1, 2\n",
    );
    let db = shared().join("advisory-db");
    let r = scan_db(d, &db, Duration::from_secs(30), false);
    assert_eq!(r.code, Some(2), "{:?}", r.notes());
    assert_eq!(
        r.note("Cargo.lock", "cannot parse this Cargo.lock")
            .as_deref(),
        Some("error")
    );
}

#[test]
fn utf16_text_with_a_bom_is_scanned() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let text = "[default]\naws_access_key_id = AKIAZ3MSJQ7BLW6VZPQR\n"; // aseptic:allow made-up test value
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    write(d, "creds.ini", le);
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    write(d, "creds-be.ini", be);
    let r = scan(d, &["."], Duration::from_secs(30), false);
    assert_eq!(r.code, Some(1), "{:?}", r.notes());
    for f in ["creds.ini", "creds-be.ini"] {
        assert_eq!(r.findings("SEC-AWS-001", f), 1, "{f}: {:?}", r.json);
        assert!(r.note(f, "binary").is_none());
    }
    let snippet = r.json["findings"][0]["snippet"].as_str().unwrap();
    assert!(!snippet.contains("Z3MSJQ7BLW6VZPQR"), "{snippet}"); // aseptic:allow made-up test value
}

#[test]
fn a_fifo_is_a_note_never_a_hang() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "a.txt", "hello\n");
    let made = Command::new("mkfifo")
        .arg(d.join("pipe"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // In the tree, and named on the command line.
    for target in [".", "pipe"] {
        let r = scan(d, &[target], Duration::from_secs(30), false);
        assert_eq!(r.code, Some(0), "{target}: {:?}", r.notes());
        assert_eq!(
            r.note("pipe", "not a regular file").as_deref(),
            Some("warning"),
            "{target}: {:?}",
            r.notes()
        );
    }
}

#[test]
fn a_yaml_stream_over_the_documents_budget_is_cut_with_a_note() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // 20,000 documents of 9 lines each (the budget is 5,000), every one a finding when checked.
    const DOC: &str = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n";
    write(d, "k8s/many.yaml", DOC.repeat(20_000));
    // One manifest, then a million empty documents: 4 MB of `---`.
    write(
        d,
        "k8s/empty.yaml",
        format!("{DOC}{}", "---\n".repeat(1_000_000)),
    );
    // The scan goes on past both.
    write(d, "k8s/one.yaml", DOC);
    let r = scan(d, &["."], Duration::from_secs(90), true);
    assert_eq!(r.code, Some(1), "stderr: {}", r.stderr);
    for f in ["k8s/many.yaml", "k8s/empty.yaml"] {
        assert_eq!(
            r.note(f, "more than 5000 YAML documents").as_deref(),
            Some("warning"),
            "{f}: {:?}",
            r.notes()
        );
    }
    assert!(r.findings("IAC-K8S-002", "k8s/one.yaml") > 0);
    // The first 5,000 documents were checked, none after them.
    let lines: Vec<u64> = r.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["location"]["path"] == "k8s/many.yaml")
        .filter_map(|f| f["location"]["start_line"].as_u64())
        .collect();
    assert!(
        !lines.is_empty(),
        "the documents within the budget are checked"
    );
    let last_line_in_budget = 5_000 * DOC.lines().count() as u64;
    assert!(
        lines.iter().all(|l| *l <= last_line_in_budget),
        "a finding past the budget: {:?}",
        lines.iter().max()
    );
}

/// Found by the `git_log` fuzz target: a hunk header naming a huge line number made the history
/// parser write that many newlines before the added line (over 2 GB from a 14 KB log).
#[test]
fn a_hunk_header_with_a_huge_line_number_stays_bounded() {
    use aseptic::engine::Content;
    use aseptic::history::{LogParser, MAX_LINE};
    let start = Instant::now();
    let mut log = b"\0commit 0123456789abcdef 2026-01-01\ndiff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n".to_vec();
    for n in ["99999999999", "18446744073709551615", "4294967296"] {
        log.extend_from_slice(format!("@@ -0,0 +{n} @@\n+x\n").as_bytes());
    }
    log.extend_from_slice(b"diff --git a/b.txt b/b.txt\n");
    let mut p = LogParser::default();
    let mut items = Vec::new();
    for line in log.split(|b| *b == b'\n') {
        items.extend(p.line(line));
    }
    items.extend(p.flush());
    assert_eq!(items.len(), 1);
    let Content::Bytes(text) = &items[0].content else {
        panic!("a history item holds bytes");
    };
    assert!(text.len() <= MAX_LINE + 16, "{} bytes", text.len());
    // The first added line sits at the cap, the next ones right after it.
    assert_eq!(text.iter().filter(|b| **b == b'x').count(), 3);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}
