//! The secrets analyzer end to end: the planted-secrets fixture repository (every secret found,
//! nothing else), the look-alike repository (nothing found), redaction in every format, the peers'
//! inline markers, the `[secrets.allowlist]` config and gitleaks rule files given to `--rules`.

use crate::common::{aseptic, root, stderr, stdout};
use aseptic::config::Config;
use aseptic::finding::Finding;
use aseptic::rule::{Rule, builtin_rules};
use aseptic::scan::{scan_bytes_with, scan_tree_with};
use std::collections::BTreeMap;
use std::path::Path;

fn secret_rules() -> Vec<Rule> {
    builtin_rules()
        .unwrap()
        .into_iter()
        .filter(|r| r.analyzer == aseptic::finding::AnalyzerKind::Secrets)
        .collect()
}

fn scan_dir(dir: &Path) -> Vec<Finding> {
    scan_tree_with(secret_rules(), dir, Config::default())
        .unwrap()
        .findings
}

/// What each planted file must produce: exactly these rules, in this order.
const PLANTED: &[(&str, &[&str])] = &[
    (
        ".env",
        &["SEC-AWS-001", "SEC-AWS-002", "SEC-STRIPE-001", "SEC-DB-001"],
    ),
    (".git-credentials", &["SEC-GITCRED-001"]),
    (".netrc", &["SEC-NETRC-001"]),
    (".npmrc", &["SEC-NPM-002"]),
    (".pgpass", &["SEC-DB-011"]),
    ("Dockerfile", &["SEC-HEALTH-001"]),
    (
        "config/app.yaml",
        &["SEC-SLACK-001", "SEC-GITHUB-001", "SEC-YAML-001"],
    ),
    (
        "config/service.toml",
        &["SEC-OPENAI-002", "SEC-ANTHROPIC-001"],
    ),
    (
        "config/settings.json",
        &["SEC-SENDGRID-001", "SEC-JSON-001"],
    ),
    (
        "encoded/blobs.txt",
        &["SEC-AWS-002", "SEC-GITHUB-001", "SEC-DB-001"],
    ),
    ("k8s/lab-db-secret.yaml", &["SEC-K8S-001"]),
    ("keys/id_rsa", &["SEC-KEY-001"]),
    ("notebooks/analysis.ipynb", &["SEC-HUGGINGFACE-001"]),
    ("scripts/deploy.sh", &["SEC-URL-001"]),
    ("src/Main.java", &["SEC-DB-009"]),
    ("src/app.rb", &["SEC-SHOPIFY-001"]),
    ("src/client.py", &["SEC-GITLAB-001", "SEC-LOGIN-001"]),
    ("src/index.js", &["SEC-NPM-001", "SEC-JWT-001"]),
    ("src/main.go", &["SEC-GCP-001"]),
];

fn positive() -> std::path::PathBuf {
    root().join("fixtures/secrets/positive")
}

#[test]
fn every_planted_secret_is_found_and_nothing_else() {
    let findings = scan_dir(&positive());
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &findings {
        by_file
            .entry(f.location.path.clone())
            .or_default()
            .push(f.rule_id.clone());
    }
    let expected: BTreeMap<String, Vec<String>> = PLANTED
        .iter()
        .map(|(p, ids)| (p.to_string(), ids.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(by_file, expected);
}

#[test]
fn encoded_secrets_point_at_the_encoded_text() {
    let findings = scan_dir(&positive());
    let enc: Vec<(u32, &str)> = findings
        .iter()
        .filter(|f| f.location.path == "encoded/blobs.txt")
        .map(|f| {
            (
                f.location.start_line,
                f.properties
                    .get("encoding")
                    .map(String::as_str)
                    .unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(enc, vec![(2, "base64"), (3, "hex"), (4, "percent")]);
    let key = findings
        .iter()
        .find(|f| f.rule_id == "SEC-KEY-001")
        .unwrap();
    assert_eq!(
        key.properties.get("encrypted").map(String::as_str),
        Some("false")
    );
    let gh = findings
        .iter()
        .find(|f| f.rule_id == "SEC-GITHUB-001" && f.location.path == "config/app.yaml")
        .unwrap();
    assert_eq!(
        gh.properties.get("checksum").map(String::as_str),
        Some("github-crc32 verified")
    );
}

#[test]
fn look_alikes_give_no_findings() {
    // Published example keys in the tree are reported as info, naming what they are: never as
    // leaks.
    let findings = scan_dir(&root().join("fixtures/secrets/negative"));
    let got: Vec<String> = findings
        .iter()
        .filter(|f| f.severity > aseptic::finding::Severity::Info)
        .map(|f| {
            format!(
                "{}:{} {}",
                f.location.path, f.location.start_line, f.rule_id
            )
        })
        .collect();
    assert!(got.is_empty(), "look-alikes reported: {got:?}");
}

/// The text a finding's location covers (the fixtures are ASCII, so columns are bytes).
fn located_text(dir: &Path, f: &Finding) -> String {
    let text = std::fs::read_to_string(dir.join(&f.location.path)).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let l = &f.location;
    let (sl, el) = (l.start_line as usize - 1, l.end_line as usize - 1);
    let (sc, ec) = (l.start_column as usize - 1, l.end_column as usize - 1);
    if sl == el {
        lines[sl][sc..ec].to_string()
    } else {
        let mut s = lines[sl][sc..].to_string();
        for line in &lines[sl + 1..el] {
            s.push('\n');
            s.push_str(line);
        }
        s.push('\n');
        s.push_str(&lines[el][..ec]);
        s
    }
}

#[test]
fn no_secret_value_appears_in_any_finding_field_or_format() {
    let dir = positive();
    let findings = scan_dir(&dir);
    // Every line of 8+ characters of each located secret (or encoded blob).
    let mut secrets: Vec<String> = Vec::new();
    for f in &findings {
        let t = located_text(&dir, f);
        assert!(t.len() >= 8, "{}: location covers `{t}`", f.rule_id);
        secrets.extend(
            t.lines()
                .map(str::trim)
                // PEM armour lines name the key type; they are not secret (rule help quotes them).
                .filter(|l| l.len() >= 8 && !l.starts_with("-----"))
                .map(str::to_string),
        );
    }
    for f in &findings {
        let fields = serde_json::to_string(f).unwrap();
        for s in &secrets {
            assert!(
                !fields.contains(s.as_str()),
                "{} at {}:{} shows a secret in full: {fields}",
                f.rule_id,
                f.location.path,
                f.location.start_line
            );
        }
    }
    for format in ["table", "json", "sarif", "github"] {
        let out = aseptic(
            &dir,
            &[
                "scan",
                ".",
                "--only",
                "secrets",
                "--format",
                format,
                "--no-progress",
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        let all = stdout(&out) + &stderr(&out);
        for s in &secrets {
            assert!(
                !all.contains(s.as_str()),
                "{format} output shows a secret in full"
            );
        }
    }
}

#[test]
fn peer_inline_markers_suppress_a_line() {
    let rules: Vec<Rule> = secret_rules()
        .into_iter()
        .filter(|r| r.id == "SEC-AWS-001")
        .collect();
    let key = "AKIA2IBYYURL7B6KJ6HB"; // aseptic:allow (a made-up key)
    let plain = format!("aws_access_key_id = \"{key}\"\n");
    let r = scan_bytes_with(rules.clone(), "app.py", plain.as_bytes(), Config::default()).unwrap();
    assert_eq!(r.findings.len(), 1);
    for marker in [
        "# aseptic:allow",
        "# gitleaks:allow",
        "# pragma: allowlist secret",
        "// secretlint-disable-line",
    ] {
        let text = format!("aws_access_key_id = \"{key}\"  {marker}\n");
        let r =
            scan_bytes_with(rules.clone(), "app.py", text.as_bytes(), Config::default()).unwrap();
        assert!(
            r.findings.is_empty(),
            "`{marker}` did not suppress the line"
        );
        assert_eq!(r.stats.suppressed, 1, "`{marker}`");
    }
}

#[test]
fn config_allowlist_silences_and_unknown_keys_fail() {
    let dir = tempfile::tempdir().unwrap();
    let key = "AKIA2IBYYURL7B6KJ6HB"; // aseptic:allow (a made-up key)
    std::fs::write(dir.path().join("app.py"), format!("k = \"{key}\"\n")).unwrap();
    std::fs::create_dir(dir.path().join("vendor")).unwrap();
    std::fs::write(
        dir.path().join("vendor/lib.py"),
        "k = \"AKIAZ3MSJQ7BLW6VZPQR\"\n", // aseptic:allow
    )
    .unwrap();
    let run = || {
        aseptic(
            dir.path(),
            &["scan", ".", "--only", "secrets", "--format", "json"],
        )
    };
    assert_eq!(run().status.code(), Some(1));
    std::fs::write(
        dir.path().join(".aseptic.toml"),
        "[secrets.allowlist]\npaths = [\"vendor/**\"]\nregexes = ['''^AKIA2IBY''']\n",
    )
    .unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    std::fs::write(
        dir.path().join(".aseptic.toml"),
        "[secrets]\nallowlists = []\n",
    )
    .unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("allowlists"), "{}", stderr(&out));
}

#[test]
fn a_gitleaks_rule_file_runs_with_rules_flag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("team-gitleaks.toml"),
        r#"[[rules]]
id = "acme-internal-token"
description = "Acme internal API token"
regex = '''acme_live_([a-z0-9]{24})'''
secretGroup = 1
keywords = ["acme_live_"]
[rules.allowlist]
stopwords = ["sandbox"]
"#,
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/a.py"),
        "t = 'acme_live_q7xv2lpr9mzt4wsk8hn3bd6c'\nu = 'acme_live_sandboxq7xv2lpr9mzt4wsab'\n",
    )
    .unwrap();
    let out = aseptic(
        dir.path(),
        &[
            "scan",
            "src",
            "--only",
            "secrets",
            "--format",
            "json",
            "--rules",
            "team-gitleaks.toml",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .filter(|id| id.starts_with("GL-"))
        .collect();
    assert_eq!(ids, vec!["GL-ACME-INTERNAL-TOKEN"], "{}", stderr(&out));
    assert!(!stdout(&out).contains("q7xv2lpr9mzt4wsk8hn3bd6c"));
}

#[test]
fn a_commit_input_is_analyzed_from_memory_with_commit_and_date() {
    use aseptic::analyzers::{Analyzer, Output, secrets::SecretsAnalyzer};
    use aseptic::input::{Input, Origin};
    let a = SecretsAnalyzer::new(secret_rules(), &Default::default()).unwrap();
    let origin = Origin::Commit {
        id: "9fceb02d0ae598e95dc970b74767f19372d61af8".into(),
        date: "2025-03-04T05:06:07Z".into(),
    };
    // A path that exists nowhere on disk: the analyzer must only use the bytes.
    let input = Input::new(
        "removed/config.env",
        b"STRIPE_SECRET_KEY=sk_live_q7Xv2LpR9mZt4WsK8hN3bD6c\n", // aseptic:allow
        origin,
        None,
    );
    let mut out = Output::default();
    a.analyze(&input, &mut out);
    assert_eq!(out.findings.len(), 1);
    let f = &out.findings[0];
    assert_eq!(f.rule_id, "SEC-STRIPE-001");
    assert_eq!(
        f.properties.get("commit").map(String::as_str),
        Some("9fceb02d0ae598e95dc970b74767f19372d61af8")
    );
    assert_eq!(
        f.properties.get("date").map(String::as_str),
        Some("2025-03-04T05:06:07Z")
    );
}

/// A minified file: thousands of credentials on one line. The first 1,000 (the per-rule cap) are
/// found each at its own column, the rest counted in a note, and each snippet is a short window
/// around its (masked) value, not the whole line.
#[test]
fn one_long_line_with_many_secrets_gives_a_finding_each_with_a_short_snippet() {
    // Made-up values, distinct and mixed enough to pass the entropy filter.
    let values: Vec<String> = (1..=3_000u32)
        .map(|i| format!("Qx{:05}Lm{:05}Vr", i, (i * 7919) % 100_000))
        .collect();
    let body: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{{\"user\":\"u{i}\",\"password\":\"{v}\"}}"))
        .collect();
    let text = format!("[{}]", body.join(","));
    let r = scan_bytes_with(
        secret_rules(),
        "seed/users.json",
        text.as_bytes(),
        Config::default(),
    )
    .unwrap();
    assert_eq!(r.findings.len(), 1_000);
    assert!(
        r.notes.iter().any(|n| n.message.starts_with(&format!(
            "SEC-JSON-001: {} more finding(s) in this file past the first 1000",
            values.len() - 1_000
        ))),
        "{:?}",
        r.notes
    );
    let all: std::collections::HashSet<&str> = values.iter().map(String::as_str).collect();
    for f in &r.findings {
        // No value shows in full, the finding's own or a neighbour's on the same line.
        for (i, _) in f.snippet.match_indices("Qx") {
            let shown = f.snippet.get(i..i + values[0].len()).unwrap_or("");
            assert!(!all.contains(shown), "{shown} shows in {}", f.snippet);
        }
        assert_eq!(f.rule_id, "SEC-JSON-001");
        assert_eq!(f.location.start_line, 1);
        let at = f.location.start_column as usize - 1;
        let value = &text[at..at + values[0].len()];
        assert!(
            values.iter().any(|v| v == value),
            "column points at {value}"
        );
        assert!(f.snippet.chars().count() <= 120, "{}", f.snippet);
        assert!(f.snippet.contains("********") && !f.snippet.contains(value));
    }
}

/// The credential-store fixture tree: one file per kind of store people commit by accident, and
/// the rules each must raise (one entry per finding, in line order).
const STORES: &[(&str, &[&str])] = &[
    (".aws/credentials", &["SEC-AWS-002"]),
    (".bash_profile", &["SEC-AWS-002", "SEC-ENV-002"]),
    (".docker/config.json", &["SEC-DOCKER-001", "SEC-DOCKER-001"]),
    (".dockercfg", &["SEC-DOCKER-001"]),
    (".env", &["SEC-LARAVEL-001", "SEC-ENV-001"]),
    (".esmtprc", &["SEC-MAIL-001"]),
    (".fetchmailrc", &["SEC-MAIL-001"]),
    (".git-credentials", &["SEC-GITCRED-001", "SEC-GITCRED-001"]),
    (".heroku.json", &["SEC-JSON-001"]),
    (".irssi/config", &["SEC-IRC-001", "SEC-IRC-002"]),
    (".msmtprc", &["SEC-MAIL-001"]),
    (".my.cnf", &["SEC-DB-012"]),
    (".netrc", &["SEC-NETRC-001", "SEC-NETRC-001"]),
    (".npmrc", &["SEC-NPM-003"]),
    (".pgpass", &["SEC-DB-011", "SEC-DB-011"]),
    (".pypirc", &["SEC-PYPI-002"]),
    (".s3cfg", &["SEC-AWS-005"]),
    (".tugboat", &["SEC-DO-004"]),
    ("azure/clinic-portal.PublishSettings", &["SEC-AZURE-007"]),
    ("code/Db.java", &["SEC-LOGIN-001"]),
    ("code/report.py", &["SEC-LOGIN-001", "SEC-LOGIN-001"]),
    ("code/salesforce.js", &["SEC-LOGIN-001"]),
    ("dbeaver/data-sources.json", &["SEC-DBTOOL-001"]),
    ("dbeaver/dbeaver-data-sources.xml", &["SEC-DBTOOL-001"]),
    ("django/settings.py", &["SEC-DJANGO-001"]),
    ("doctl/config.yaml", &["SEC-DO-004"]),
    ("ftp/.ftpconfig", &["SEC-FTP-003", "SEC-FTP-003"]),
    ("ftp/.remote-sync.json", &["SEC-FTP-003"]),
    ("ftp/WinSCP.ini", &["SEC-FTP-002"]),
    ("ftp/sftp-config.json", &["SEC-FTP-003"]),
    ("ftp/sitemanager.xml", &["SEC-FTP-001", "SEC-FTP-001"]),
    (
        "firefox/logins.json",
        &["SEC-FIREFOX-001", "SEC-FIREFOX-001"],
    ),
    ("ftpd.passwd", &["SEC-HASH-002"]),
    (
        "gcloud/application_default_credentials.json",
        &["SEC-JSON-001", "SEC-GCP-004"],
    ),
    ("hexchat/servlist.conf", &["SEC-IRC-001"]),
    (
        "keycloak/realm-export.json",
        &["SEC-KEY-013", "SEC-JSON-001"],
    ),
    (
        "keycloak/users-export.json",
        &["SEC-HASH-006", "SEC-HASH-006"],
    ),
    ("keys/clearinghouse-client.p12", &["SEC-KEY-012"]),
    ("keys/lab-gateway.ppk", &["SEC-KEY-008"]),
    ("keys/release-signing.asc", &["SEC-KEY-005"]),
    ("keys/server.jks", &["SEC-KEY-012"]),
    ("robo3t/robo3t.json", &["SEC-DBTOOL-001"; 3]),
    ("shadow", &["SEC-HASH-002"]),
    ("sql/createdb.sql", &["SEC-DB-013"]),
    ("sqldeveloper/connections.json", &["SEC-DBTOOL-002"]),
    ("sqldeveloper/connections.xml", &["SEC-DBTOOL-002"]),
    ("web/.htpasswd", &["SEC-HASH-001"]),
    ("web/config/master.key", &["SEC-RAILS-001"]),
    ("web/config/secrets.yml", &["SEC-RAILS-002"]),
    ("weechat/irc.conf", &["SEC-IRC-001", "SEC-IRC-002"]),
    (
        "wp/wp-config.php",
        &[
            "SEC-WORDPRESS-002",
            "SEC-WORDPRESS-001",
            "SEC-WORDPRESS-001",
        ],
    ),
];

fn by_file(findings: &[Finding]) -> BTreeMap<String, Vec<String>> {
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in findings {
        by_file
            .entry(f.location.path.clone())
            .or_default()
            .push(f.rule_id.clone());
    }
    by_file
}

#[test]
fn every_credential_store_is_found_with_its_rule_and_nothing_else() {
    let findings = scan_dir(&root().join("fixtures/secrets/stores/positive"));
    let expected: BTreeMap<String, Vec<String>> = STORES
        .iter()
        .map(|(p, ids)| (p.to_string(), ids.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(by_file(&findings), expected);
}

#[test]
fn every_credential_store_has_a_look_alike_that_is_not_reported() {
    let negative = root().join("fixtures/secrets/stores/negative");
    for (path, _) in STORES {
        // Rails' master.key has no harmless form; its look-alike is the encrypted credentials.
        let look_alike = match *path {
            "web/config/master.key" => "web/config/credentials.yml.enc",
            p => p,
        };
        assert!(
            negative.join(look_alike).is_file(),
            "no look-alike for {path}"
        );
    }
    let got: Vec<String> = scan_dir(&negative)
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f.location.path, f.location.start_line, f.rule_id
            )
        })
        .collect();
    assert!(got.is_empty(), "look-alikes reported: {got:?}");
}

#[test]
fn in_a_credential_file_the_field_not_the_value_makes_a_password() {
    // `.pgpass` line 2 holds the word `password`: in a .pgpass it is the password.
    let findings = scan_dir(&root().join("fixtures/secrets/stores/positive"));
    assert!(
        findings
            .iter()
            .any(|f| f.location.path == ".pgpass" && f.location.start_line == 2),
        "a word-like password in .pgpass is reported"
    );
    // The same shapes in prose (the negative tree's docs) are not.
    let findings = scan_dir(&root().join("fixtures/secrets/stores/negative"));
    assert!(
        findings
            .iter()
            .all(|f| !f.location.path.starts_with("docs/"))
    );
    // Hash files are reported as hashes, not as passwords.
    let positive = scan_dir(&root().join("fixtures/secrets/stores/positive"));
    for f in positive
        .iter()
        .filter(|f| ["shadow", "ftpd.passwd", "web/.htpasswd"].contains(&f.location.path.as_str()))
    {
        assert!(f.rule_id.starts_with("SEC-HASH-"), "{}", f.rule_id);
        assert!(f.message.contains("hash"), "{}", f.message);
    }
}

#[test]
fn references_and_templates_are_never_reported_at_medium_or_above() {
    let dir = root().join("fixtures/secrets/references");
    let got: Vec<String> = scan_dir(&dir)
        .iter()
        .filter(|f| f.severity >= aseptic::finding::Severity::Medium)
        .map(|f| {
            format!(
                "{}:{} {}",
                f.location.path, f.location.start_line, f.rule_id
            )
        })
        .collect();
    assert!(got.is_empty(), "references reported: {got:?}");
    // The fixture holds every form the generic rules must recognise.
    let mut all = String::new();
    for f in walk(&dir) {
        all.push_str(&std::fs::read_to_string(f).unwrap());
    }
    for form in [
        "${{ secrets.",
        "secrets: inherit",
        "${{ env.",
        "{{ .Values.",
        "${DB_PASSWORD}",
        "$DB_PASSWORD",
        "%(password)s",
        "${db.password}",
        "{{ vault_",
        "<%= ENV[",
        "\"hashed_secret\"",
        "user:password@localhost",
        "changeme",
        "<password>",
        "your-token-here",
    ] {
        assert!(all.contains(form), "the fixture lacks {form}");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
