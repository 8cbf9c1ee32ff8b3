//! Hostile repositories, leaks and code execution: what a scanned repository can make aseptic show
//! (a value in a note, a snippet or a fingerprint) or run (a command named in its git config or
//! attributes, a toolchain named by a file beside cargo's working directory). Each test builds the
//! hostile tree in a scratch directory and asserts the outcome a user relies on.

use crate::common::{root, shared, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// No case here may take longer than this (a git waiting on a prompt or a hook would hang); generous,
/// as CI machines are shared.
const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs the binary in `dir` with a clean environment (no ASEPTIC_* from the caller), plus `env`.
fn run(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aseptic"));
    cmd.current_dir(dir).args(args);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("ASEPTIC_") {
            cmd.env_remove(&k);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    bounded(&mut cmd)
}

/// Runs `cmd` to completion, killing it and failing the test after [`TIME_LIMIT`] (a git waiting
/// on a prompt or a planted hook would otherwise hang the suite).
fn bounded(cmd: &mut Command) -> Output {
    let child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run aseptic");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(out) => out.expect("wait for aseptic"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("{cmd:?} took longer than {TIME_LIMIT:?}");
        }
    }
}

/// Runs git in `dir` with a fixed identity; panics with git's message on failure.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.test"]) // aseptic:allow
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", stdout(out), stderr(out)))
}

/// `scan . --history=HEAD --only secrets -f json` in `repo`: the run and its findings.
fn history_findings(repo: &Path) -> (Output, Vec<Value>) {
    let args = [
        "scan",
        ".",
        "--history=HEAD",
        "--only",
        "secrets",
        "--no-progress",
        "-f",
        "json",
    ];
    let out = run(repo, &args, &[]);
    let found = findings(&json(&out));
    (out, found)
}

fn findings(v: &Value) -> Vec<Value> {
    v["findings"].as_array().cloned().unwrap_or_default()
}

/// A shell script at `dir/name` that leaves `markers/name` behind and passes its input (a file
/// argument or stdin) through, so git gets plausible output from it.
fn marker_script(dir: &Path, markers: &Path, name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    let body = format!(
        "#!/bin/sh\ntouch '{}'\nif [ -f \"$1\" ]; then cat \"$1\"; else cat; fi\nexit 0\n",
        markers.join(name).display()
    );
    std::fs::write(&path, body).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn markers_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A made-up AWS access key id the secrets analyzer reports.
const KEY: &str = "AKIA2IBYYURL7B6KJ6HB"; // aseptic:allow (a made-up key)

/// A repository with two commits whose local config names a marker script as fsmonitor, hooks
/// path, clean/smudge/process filter, textconv, external diff and gpg program, and whose
/// attributes route every file through them; one change staged and one only in the working tree.
fn booby_trapped_repo(tmp: &Path) -> (PathBuf, PathBuf) {
    let repo = tmp.join("repo");
    let markers = tmp.join("markers");
    let bin = tmp.join("bin");
    for d in [&repo, &markers, &bin] {
        std::fs::create_dir_all(d).unwrap();
    }
    git(&repo, &["init", "-q"]);
    std::fs::write(repo.join("app.env"), "MODE=dev\n").unwrap();
    std::fs::write(repo.join("notes.txt"), "hello\n").unwrap();
    std::fs::write(
        repo.join(".gitattributes"),
        "* filter=evil diff=evil\n*.cfg filter=proc\n",
    )
    .unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "one"]);
    std::fs::write(repo.join("app.env"), format!("MODE=dev\nAWS_KEY={KEY}\n")).unwrap();
    std::fs::write(repo.join("x.cfg"), "a=1\n").unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "two"]);
    // A staged change, then a change only in the working tree (stat-dirty: git must read it).
    std::fs::write(repo.join("notes.txt"), format!("hello\nkey {KEY}\n")).unwrap();
    git(&repo, &["add", "notes.txt"]);
    std::fs::write(repo.join("x.cfg"), "a=1\nb=2\n").unwrap();
    std::fs::write(repo.join("app.env"), format!("MODE=prod\nAWS_KEY={KEY}\n")).unwrap();
    // Now the traps: every configurable command git knows of on the paths aseptic takes.
    let hooks = tmp.join("hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    for h in [
        "pre-commit",
        "post-checkout",
        "post-index-change",
        "reference-transaction",
        "fsmonitor-watchman",
    ] {
        marker_script(&hooks, &markers, &format!("hook-{h}"));
    }
    let set = |k: &str, v: &str| {
        git(&repo, &["config", k, v]);
    };
    let script = |n: &str| marker_script(&bin, &markers, n).display().to_string();
    set("core.fsmonitor", &script("fsmonitor"));
    set("core.hooksPath", &hooks.display().to_string());
    set("filter.evil.clean", &script("clean"));
    set("filter.evil.smudge", &script("smudge"));
    set("filter.evil.required", "true");
    set("filter.proc.process", &script("process"));
    set("diff.evil.textconv", &script("textconv"));
    set("diff.evil.command", &script("diff-command"));
    set("diff.external", &script("diff-external"));
    set("gpg.program", &script("gpg"));
    set("log.showSignature", "true");
    (repo, markers)
}

#[test]
fn git_config_and_attributes_of_the_scanned_repository_run_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, markers) = booby_trapped_repo(tmp.path());
    let common = ["--only", "secrets", "--no-progress", "-f", "json"];
    for source in [
        vec!["scan", ".", "--staged"],
        vec!["scan", ".", "--since", "HEAD~1"],
        vec!["scan", ".", "--history=HEAD"],
    ] {
        let mut args = source.clone();
        args.extend(common);
        let out = run(&repo, &args, &[]);
        assert_eq!(
            markers_in(&markers),
            Vec::<String>::new(),
            "{source:?} ran the repository's commands; stderr: {}",
            stderr(&out)
        );
        // The scan still works: the key is found through each source.
        let v = json(&out);
        assert!(
            findings(&v).iter().any(|f| f["rule_id"] == "SEC-AWS-001"),
            "{source:?}: {}\nstderr: {}",
            stdout(&out),
            stderr(&out)
        );
    }
}

#[test]
fn attributes_cannot_hide_text_from_history() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    git(repo, &["init", "-q"]);
    std::fs::write(repo.join(".gitattributes"), "* -diff\n*.csv binary\n").unwrap();
    std::fs::write(repo.join("deploy.env"), format!("AWS_KEY={KEY}\n")).unwrap();
    std::fs::write(repo.join("keys.csv"), format!("name,key\nci,{KEY}\n")).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "add"]);
    let (out, found) = history_findings(repo);
    let mut paths: Vec<String> = found
        .iter()
        .filter(|f| f["rule_id"] == "SEC-AWS-001")
        .map(|f| f["location"]["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    assert_eq!(paths, ["deploy.env", "keys.csv"], "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn cargo_metadata_ignores_a_toolchain_file_planted_in_the_temp_dir() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let (planted, markers, home, repo) = (
        tmp.path().join("tmp"),
        tmp.path().join("markers"),
        tmp.path().join("home"),
        tmp.path().join("repo"),
    );
    let fake = tmp.path().join("toolchain");
    for d in [&planted, &markers, &home, &repo, &fake.join("bin")] {
        std::fs::create_dir_all(d).unwrap();
    }
    // A toolchain of someone else's choosing whose every binary leaves a marker.
    for b in ["cargo", "rustc"] {
        let p = fake.join("bin").join(b);
        std::fs::write(
            &p,
            format!("#!/bin/sh\ntouch '{}'\nexit 1\n", markers.join(b).display()),
        )
        .unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::write(
        planted.join("rust-toolchain.toml"),
        format!("[toolchain]\npath = \"{}\"\n", fake.display()),
    )
    .unwrap();
    std::fs::create_dir_all(planted.join(".cargo")).unwrap();
    std::fs::write(
        planted.join(".cargo/config.toml"),
        format!(
            "[build]\nrustc = \"{}\"\n",
            fake.join("bin/rustc").display()
        ),
    )
    .unwrap();
    let lockfiles = root().join("fixtures/advisories/lockfile-v3");
    for f in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(lockfiles.join(f), repo.join(f)).unwrap();
    }
    std::fs::create_dir(repo.join("src")).unwrap();
    std::fs::write(repo.join("src/main.rs"), "fn main() {}\n").unwrap();
    let db = shared().join("advisory-db");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aseptic"));
    cmd.current_dir(&repo)
        .args(["scan", ".", "--only", "advisories", "--no-progress"])
        .args(["-f", "json", "--advisory-db"])
        .arg(&db)
        .env_remove("CARGO") // `cargo` from PATH: the rustup proxy, when there is one
        .env_remove("RUSTUP_TOOLCHAIN")
        .env("RUSTUP_AUTO_INSTALL", "0")
        .env("TMPDIR", &planted)
        .env("CARGO_HOME", &home)
        .env("ASEPTIC_TODAY", "2026-06-01");
    let out = cmd.output().unwrap();
    assert_eq!(
        markers_in(&markers),
        Vec::<String>::new(),
        "{}",
        stderr(&out)
    );
    let v = json(&out);
    let regex = findings(&v)
        .into_iter()
        .find(|f| f["rule_id"] == "RUSTSEC-2022-0013")
        .expect("the regex advisory applies");
    assert_eq!(
        regex["properties"]["dependency-kind-source"], "cargo metadata",
        "{regex}"
    );
}

/// A made-up SSN, name and street for the PHI tests.
const SSN: &str = "523-71-4086"; // aseptic:allow made-up test value

/// An analyzer that panics with the whole file in its message, as slicing a `str` at a bad index
/// does with up to 256 bytes of it.
struct Quoting;

impl aseptic::analyzers::Analyzer for Quoting {
    fn kind(&self) -> aseptic::finding::AnalyzerKind {
        aseptic::finding::AnalyzerKind::Phi
    }
    fn applies_to(&self, _: &aseptic::input::Input) -> bool {
        true
    }
    fn analyze(&self, input: &aseptic::input::Input, _: &mut aseptic::analyzers::Output) {
        panic!("cannot parse `{}`", input.text);
    }
    fn finish(&self, _: &mut aseptic::analyzers::Output) {
        panic!("still holding `{SSN}`");
    }
}

#[test]
fn a_caught_panic_names_file_analyzer_and_code_line_never_its_message() {
    use aseptic::engine::{Content, Engine, Item};
    let analyzers: Vec<Box<dyn aseptic::analyzers::Analyzer>> = vec![Box::new(Quoting)];
    let engine = Engine {
        analyzers: &analyzers,
        rules: Default::default(),
        max_file_size: 1 << 20,
        on_item: None,
    };
    let item = Item {
        path: "patients.txt".into(),
        origin: aseptic::input::Origin::WorkingTree,
        content: Content::Bytes(format!("patient ssn {SSN}\n").into_bytes()),
    };
    let result = engine.run(&[item]);
    assert_eq!(result.notes.len(), 2, "{:?}", result.notes);
    for n in &result.notes {
        assert!(!n.message.contains(SSN), "{n:?}");
        assert!(!n.message.contains("cannot parse"), "{n:?}");
        assert!(n.message.contains("the phi analyzer failed"), "{n:?}");
        assert!(n.message.contains("tests/hostile_leaks.rs:"), "{n:?}");
    }
    assert_eq!(result.notes[0].path.as_deref(), Some("patients.txt"));
}

#[test]
fn a_panic_on_a_patient_record_shows_no_part_of_it_anywhere() {
    // A multi-byte character inside the segment name once panicked the HL7 reader with the
    // segment quoted; whatever the reader does with it now, no output may show the values.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("adt.hl7"),
        format!(
            "MSH|^~\\&|LAB|HOSP|||202401011200||ADT^A01|1|P|2.5\rPI\u{e9}|1||{SSN}^^^SSA^SS||\
             Garcia^Maria||19800101|F|||12 Elm St^^Boston^MA^02118\r"
        ),
    )
    .unwrap();
    for format in ["json", "sarif", "table", "github"] {
        let out = run(
            tmp.path(),
            &["scan", ".", "--no-progress", "-f", format],
            &[("RUST_BACKTRACE", Path::new("1"))],
        );
        let all = format!("{}{}", stdout(&out), stderr(&out));
        for value in [SSN, "71-4086", "Garcia^Maria", "12 Elm St"] {
            assert!(!all.contains(value), "{format} shows {value}: {all}");
        }
    }
}

/// Every value a `--format json` and `--format sarif` scan of `dir` shows, stdout and stderr.
fn all_outputs(dir: &Path, extra: &[&str]) -> String {
    let mut all = String::new();
    for format in ["json", "sarif", "table"] {
        let mut args = vec!["scan", ".", "--no-progress", "-f", format];
        args.extend(extra);
        let out = run(dir, &args, &[]);
        all.push_str(&stdout(&out));
        all.push_str(&stderr(&out));
    }
    all
}

#[test]
fn a_snippet_never_shows_a_value_another_analyzer_found_or_a_token_shaped_run() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("src")).unwrap();
    std::fs::create_dir_all(d.join("k8s")).unwrap();
    // aseptic:allow made-up values throughout this test
    let token = "glpat-Xq7Lm2Vr9TzPw4Kd8Ns1"; // aseptic:allow
    let password = "Zq8Wn3Rt6Yp"; // aseptic:allow
    std::fs::write(
        d.join("Dockerfile"),
        format!(
            "FROM alpine:3.20\nUSER app\nHEALTHCHECK CMD true\nRUN curl -H \"Authorization: \
             Bearer {token}\" https://gitlab.example.test/install.sh | sh\n"
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("src/lib.rs"),
        format!("fn log_patient(p: &Patient) {{\n    log::info!(\"patient ssn {{}} {SSN}\", p.ssn);\n}}\n"),
    )
    .unwrap();
    std::fs::write(
        d.join("k8s/pod.yaml"),
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: api}}\nspec:\n  containers:\n  - {{name: \
             api, image: \"api:1.0\", env: [{{name: AWS_KEY, value: {KEY}}}, {{name: DB_PASSWORD, \
             value: {password}}}]}}\n"
        ),
    )
    .unwrap();
    // Terraform findings come after every file was read (modules), from another code path.
    let shopify = "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"; // aseptic:allow
    std::fs::write(
        d.join("main.tf"),
        format!(
            "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"data\"\n}}\nresource \
             \"aws_s3_bucket_acl\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  acl    = \
             \"public-read\" # owner {shopify}\n}}\n"
        ),
    )
    .unwrap();
    let all = all_outputs(d, &[]);
    // The scan did find what it is about (so the lines were quoted).
    for rule in [
        "IAC-DKR-006",
        "RS-PHI-001",
        "SEC-AWS-001",
        "IAC-K8S-003",
        "IAC-AWS-001",
        "SEC-SHOPIFY-001",
    ] {
        assert!(all.contains(rule), "{rule} missing");
    }
    for value in [
        &token[8..],
        "71-4086",
        &KEY[6..],
        &password[3..],
        &shopify[8..],
    ] {
        assert!(!all.contains(value), "{value} shows: {all}");
    }
}

/// A repository with one patient row and one key; `ssn` and `key` vary.
fn patient_repo(dir: &Path, ssn: &str, key: &str) {
    std::fs::create_dir_all(dir.join("fixtures")).unwrap();
    std::fs::write(
        dir.join("fixtures/patients.csv"),
        format!("first_name,last_name,dob,ssn\nMaria,Garcia,1984-03-12,{ssn}\n"), // aseptic:allow made-up test value
    )
    .unwrap();
    std::fs::write(dir.join("deploy.env"), format!("AWS_KEY={key}\n")).unwrap();
}

fn fingerprints(dir: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["scan", ".", "--no-progress", "-f", "json"];
    args.extend(extra);
    let out = run(dir, &args, &[]);
    let mut v: Vec<(String, String)> = findings(&json(&out))
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Two SSNs and two keys that look alike once masked (same shown prefix), made up.
const OTHER_SSN: &str = "521-73-0042"; // aseptic:allow made-up test value
const OTHER_KEY: &str = "AKIAZ3MSJQ7BLW6VZPQR"; // aseptic:allow made-up test value

#[test]
fn fingerprints_do_not_depend_on_the_value() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    patient_repo(&a, SSN, KEY);
    patient_repo(&b, OTHER_SSN, OTHER_KEY);
    for extra in [&[][..], &["--phi-detail"][..]] {
        let fa = fingerprints(&a, extra);
        assert!(
            fa.iter().any(|(r, _)| r == "PHI-SSN") && fa.iter().any(|(r, _)| r == "SEC-AWS-001"),
            "{fa:?}"
        );
        // Equal masked snippets, equal fingerprints: nothing of the value is in them.
        assert_eq!(fa, fingerprints(&b, extra), "{extra:?}");
    }
}

#[test]
fn a_phi_detail_baseline_binds_to_the_value_without_making_it_recoverable() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    patient_repo(d, SSN, KEY);
    // A fixed salt (the command keeps the salt of the file it rewrites), so the test is exact.
    let salt = "00112233445566778899aabbccddeeff";
    std::fs::write(
        d.join("base.json"),
        format!("{{\"version\": 2, \"salt\": \"{salt}\", \"entries\": []}}"),
    )
    .unwrap();
    let out = run(
        d,
        &["baseline", ".", "--phi-detail", "--output", "base.json"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(d.join("base.json")).unwrap();
    let b: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["version"], 2);
    assert_eq!(b["salt"], salt);
    // Nothing that is the value, or a fast hash of it, is in the file.
    use sha2::Digest;
    let digest = hex::encode(sha2::Sha256::digest(SSN.as_bytes()));
    for v in [SSN, "71-4086", &digest[..16], &KEY[4..]] {
        assert!(!text.contains(v), "{v} in {text}");
    }
    let tags: Vec<&str> = b["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["value_tag"].as_str())
        .collect();
    assert!(
        !tags.is_empty() && tags.iter().all(|t| t.len() == 2),
        "{text}"
    );
    let scan = |dir: &Path| {
        let out = run(
            dir,
            &[
                "scan",
                ".",
                "--phi-detail",
                "--no-progress",
                "-f",
                "json",
                "--baseline",
                "base.json",
            ],
            &[],
        );
        json(&out)
    };
    // The same values stay accepted.
    let v = scan(d);
    assert_eq!(findings(&v).len(), 0, "{v}");
    // Another SSN in the same place looks the same masked, but its entry was bound to the value.
    patient_repo(d, OTHER_SSN, KEY);
    let v = scan(d);
    let rules: Vec<String> = findings(&v)
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules, ["PHI-SSN"], "{v}");
}

#[test]
fn an_old_baseline_is_refused_with_the_command_that_rewrites_it() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    patient_repo(d, SSN, KEY);
    std::fs::write(
        d.join("base.json"),
        "{\"version\": 1, \"salt\": \"ab\", \"entries\": [{\"rule\": \"PHI-SSN\", \"path\": \
         \"fixtures/patients.csv\", \"hash\": \"00\"}]}",
    )
    .unwrap();
    let out = run(
        d,
        &["scan", ".", "--no-progress", "--baseline", "base.json"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("version 1") && err.contains("aseptic baseline"),
        "{err}"
    );
}

#[test]
fn file_names_git_quotes_are_not_hidden_from_history() {
    // Git C-quotes a name with non-ASCII bytes or a quote in a diff header: `"b/donn\303\251es"`.
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    git(repo, &["init", "-q"]);
    let names = ["donn\u{e9}es.env", "a\"b.env", "tab\there.env"];
    for n in names {
        std::fs::write(repo.join(n), format!("AWS_KEY={KEY}\n")).unwrap();
    }
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "add"]);
    let (out, found) = history_findings(repo);
    let mut paths: Vec<String> = found
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    let mut want: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    want.sort();
    assert_eq!(paths, want, "{}", stdout(&out));
}
