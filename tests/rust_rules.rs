//! The rust analyzer as a user meets it: every syntactic variant in the positive fixtures fires on
//! its line, inline suppression works, a file that does not parse (or nests absurdly) becomes a
//! note and the scan goes on, and locations are UTF-16 columns.

use crate::common::root;
use aseptic::config::Config;
use aseptic::finding::Finding;
use aseptic::note::NoteLevel;
use aseptic::rule::{Rule, builtin_rules};
use aseptic::scan::{scan_bytes_with, scan_tree_with};

fn rule(id: &str) -> Rule {
    builtin_rules()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("rule {id}"))
}

fn rust_rules() -> Vec<Rule> {
    builtin_rules()
        .unwrap()
        .into_iter()
        .filter(|r| r.id.starts_with("RS-"))
        .collect()
}

fn lines_of(findings: &[Finding], id: &str) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = findings
        .iter()
        .filter(|f| f.rule_id == id)
        .map(|f| (f.location.path.clone(), f.location.start_line))
        .collect();
    v.sort();
    v
}

fn scan_text(rules: Vec<Rule>, path: &str, text: &str) -> aseptic::report::Report {
    scan_bytes_with(rules, path, text.as_bytes(), Config::default()).unwrap()
}

/// Each positive fixture line is one syntactic variant; all of them must fire, each once.
#[test]
fn every_variant_in_the_positive_fixtures_fires_on_its_line() {
    let expect: &[(&str, &[(&str, u32)])] = &[
        (
            "RS-TLS-001",
            &[
                ("aliased_native_tls.rs", 6),
                ("newer_clients.rs", 4),
                ("newer_clients.rs", 11),
                ("no_manual_check.rs", 9),
                ("no_manual_check.rs", 19),
                ("openssl_none.rs", 5),
                ("openssl_none.rs", 11),
                ("reqwest_chain.rs", 5),
                ("reqwest_chain.rs", 13),
                ("rustls_verifier.rs", 8),
            ],
        ),
        (
            "RS-TLS-002",
            &[
                ("versions.rs", 6),
                ("versions.rs", 13),
                ("versions.rs", 18),
                ("versions.rs", 26),
            ],
        ),
        (
            "RS-CRED-001",
            &[
                ("creds.rs", 3),
                ("creds.rs", 4),
                ("creds.rs", 14),
                ("creds.rs", 23),
                ("creds.rs", 24),
                ("creds.rs", 26),
                ("creds.rs", 30),
                ("creds.rs", 31),
                ("pairs.rs", 2),
            ],
        ),
        (
            "RS-PHI-001",
            &[
                ("logs.rs", 12),
                ("logs.rs", 13),
                ("logs.rs", 14),
                ("logs.rs", 18),
                ("logs.rs", 22),
                ("logs.rs", 27),
                ("logs.rs", 31),
                ("logs.rs", 34),
            ],
        ),
        (
            "RS-RNG-001",
            &[
                ("rng.rs", 5),
                ("rng.rs", 11),
                ("rng.rs", 18),
                ("rng.rs", 27),
            ],
        ),
        (
            "RS-HASH-001",
            &[
                ("hash.rs", 5),
                ("hash.rs", 10),
                ("hash.rs", 18),
                ("hash.rs", 24),
            ],
        ),
        (
            "RS-SQL-001",
            &[
                ("runtime_origins.rs", 14),
                ("runtime_origins.rs", 30),
                ("runtime_origins.rs", 35),
                ("runtime_origins.rs", 54),
                ("sql.rs", 5),
                ("sql.rs", 9),
                ("sql.rs", 14),
                ("sql.rs", 20),
                ("sql.rs", 25),
            ],
        ),
        (
            "RS-CMD-001",
            &[
                ("runtime_args.rs", 5),
                ("shell.rs", 4),
                ("shell.rs", 14),
                ("shell.rs", 19),
            ],
        ),
    ];
    for (id, want) in expect {
        let dir = root().join("fixtures/rules").join(id).join("positive");
        let r = scan_tree_with(vec![rule(id)], &dir, Config::default()).unwrap();
        let got = lines_of(&r.findings, id);
        let want: Vec<(String, u32)> = want.iter().map(|(p, l)| (p.to_string(), *l)).collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn all_rust_rules_together_stay_quiet_on_every_negative_fixture() {
    for r in rust_rules() {
        let dir = root().join("fixtures/rules").join(&r.id).join("negative");
        let rep = scan_tree_with(rust_rules(), &dir, Config::default()).unwrap();
        let own = lines_of(&rep.findings, &r.id);
        assert!(own.is_empty(), "{}: {own:?}", r.id);
    }
}

#[test]
fn inline_marker_suppresses_on_the_line_and_the_line_above() {
    let text = r#"
fn a() -> reqwest::Client {
    // aseptic:ignore RS-TLS-001 staging proxy re-signs traffic, tracked in SEC-12
    reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap()
}
fn b() -> reqwest::Client {
    reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap() // aseptic:ignore RS-TLS-001 lab only
}
fn c() -> reqwest::Client {
    // aseptic:ignore RS-SQL-001 a marker for another rule does not hide this one
    reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap()
}
"#;
    let r = scan_text(vec![rule("RS-TLS-001")], "src/client.rs", text);
    assert_eq!(
        lines_of(&r.findings, "RS-TLS-001"),
        vec![("src/client.rs".to_string(), 11)]
    );
    assert_eq!(r.stats.suppressed, 2);
}

#[test]
fn a_file_that_does_not_parse_is_a_warning_naming_it_and_others_are_still_scanned() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.rs"),
        "fn f( { danger_accept_invalid_certs(true) ",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ok.rs"),
        "fn f() { reqwest::Client::builder().danger_accept_invalid_certs(true); }",
    )
    .unwrap();
    let r = scan_tree_with(vec![rule("RS-TLS-001")], dir.path(), Config::default()).unwrap();
    assert_eq!(
        lines_of(&r.findings, "RS-TLS-001"),
        vec![("ok.rs".to_string(), 1)]
    );
    let note = r
        .notes
        .iter()
        .find(|n| n.path.as_deref() == Some("broken.rs"))
        .expect("a note for broken.rs");
    assert_eq!(note.level, NoteLevel::Warning);
    assert!(
        note.message.contains("not parsed as Rust"),
        "{}",
        note.message
    );
}

#[test]
fn pathological_nesting_is_skipped_with_a_note_not_a_crash() {
    let deep = format!(
        "fn f() {{ let x = {}1{}; reqwest::Client::builder().danger_accept_invalid_certs(true); }}",
        "(".repeat(50_000),
        ")".repeat(50_000)
    );
    let r = scan_text(vec![rule("RS-TLS-001")], "src/deep.rs", &deep);
    assert!(r.findings.is_empty());
    assert!(
        r.notes
            .iter()
            .any(|n| n.message.contains("nesting is too deep"))
    );
    // Deep but plausible nesting is parsed (on a big stack) and checked.
    let chain = format!(
        "fn f() {{ let x = 1{}; reqwest::Client::builder().danger_accept_invalid_certs(true); }}",
        " + 1".repeat(1_500)
    );
    let r = scan_text(vec![rule("RS-TLS-001")], "src/chain.rs", &chain);
    assert_eq!(r.findings.len(), 1, "{:?}", r.notes);
}

#[test]
fn columns_are_utf16_units_and_secrets_never_reach_the_output() {
    let text = "const NOTE: &str = \"é😀\"; const DB_PASSWORD: &str = \"Tr0ub4dor&3xyz\";\n";
    let r = scan_text(vec![rule("RS-CRED-001")], "src/cfg.rs", text);
    assert_eq!(r.findings.len(), 1);
    let f = &r.findings[0];
    // The literal starts after `const NOTE: &str = "é😀"; const DB_PASSWORD: &str = `, which is
    // 53 UTF-16 units (é is one unit, 😀 two).
    let prefix = &text[..text.find("\"Tr0").unwrap()];
    let units = prefix.encode_utf16().count() as u32;
    assert_eq!(
        (f.location.start_line, f.location.start_column),
        (1, units + 1)
    );
    let json = serde_json::to_string(f).unwrap();
    assert!(!json.contains("Tr0ub4dor&3xyz"), "{json}");
}

#[test]
fn fingerprints_survive_the_code_moving() {
    let a = "fn conn() { b.danger_accept_invalid_certs(true); }\n";
    let b = format!("// a new header\n\n{a}");
    let fa = &scan_text(vec![rule("RS-TLS-001")], "src/c.rs", a).findings[0];
    let fb = &scan_text(vec![rule("RS-TLS-001")], "src/c.rs", &b).findings[0];
    assert_eq!(fa.fingerprint, fb.fingerprint);
    assert_ne!(fa.location.start_line, fb.location.start_line);
}

#[test]
fn a_rule_with_an_unknown_check_stops_the_run() {
    let mut r = rule("RS-TLS-001");
    std::sync::Arc::make_mut(&mut r.matcher)
        .insert("check".into(), toml::Value::String("no-such-check".into()));
    let e = scan_bytes_with(vec![r], "src/a.rs", b"fn main() {}", Config::default()).unwrap_err();
    assert!(e.to_string().contains("no-such-check"), "{e}");
}

#[test]
fn generated_files_are_not_checked() {
    let text = "/* automatically generated by rust-bindgen 0.69.4 */\npub const SN_setct_PANToken: &[u8; 15] = b\"setct-PANToken\\0\";\nfn f() { b.danger_accept_invalid_certs(true); }\n";
    let r = scan_text(rust_rules(), "src/bindings.rs", text);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let r = scan_text(
        rust_rules(),
        "src/client.rs",
        &text[text.find('\n').unwrap()..],
    );
    assert_eq!(lines_of(&r.findings, "RS-TLS-001").len(), 1);
}

#[test]
fn test_code_is_checked_only_by_rules_that_ask_for_it() {
    let code = "fn f() { reqwest::Client::builder().danger_accept_invalid_certs(true); }\n";
    let module = format!("#[cfg(test)]\nmod tests {{\n    {code}}}\n");
    let cases = [
        ("tests/integration.rs", code.to_string()),
        ("examples/demo.rs", code.to_string()),
        ("src/lib.rs", module),
    ];
    let mut wants = rule("RS-TLS-001");
    std::sync::Arc::make_mut(&mut wants.matcher)
        .insert("in_tests".into(), toml::Value::Boolean(true));
    for (path, text) in &cases {
        let default = scan_text(vec![rule("RS-TLS-001")], path, text);
        assert!(
            default.findings.is_empty(),
            "{path}: {:?}",
            default.findings
        );
        let asked = scan_text(vec![wants.clone()], path, text);
        assert_eq!(asked.findings.len(), 1, "{path}");
    }
}
