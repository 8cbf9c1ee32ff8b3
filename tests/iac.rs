//! The IaC analyzer end to end: the catalogue it promises, Terraform evaluation across variables,
//! tfvars, locals, count, for_each and local modules, inline suppressions of ours and the peers',
//! and robustness against malformed input, alias bombs and huge multi-document streams.

use crate::common::{aseptic, root, shared, stdout};
use aseptic::config::Config;
use aseptic::finding::{AnalyzerKind, Finding};
use aseptic::note::NoteLevel;
use aseptic::report::Report;
use aseptic::rule::{Rule, builtin_rules};
use aseptic::scan::scan_tree_with;
use std::path::Path;

fn iac_rules() -> Vec<Rule> {
    builtin_rules()
        .unwrap()
        .into_iter()
        .filter(|r| r.analyzer == AnalyzerKind::Iac)
        .collect()
}

fn scan(dir: &Path) -> Report {
    scan_tree_with(iac_rules(), dir, Config::default()).unwrap()
}

fn find<'a>(r: &'a Report, id: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.rule_id == id).collect()
}

fn logicals(r: &Report, id: &str) -> Vec<String> {
    let mut v: Vec<String> = find(r, id)
        .iter()
        .filter_map(|f| f.logical_location.clone())
        .collect();
    v.sort();
    v
}

/// Catalogue rules whose peers check more than one control: (catalogue id, a rule that has the
/// peers of one of them). Each part keeps the peers that check its own control.
const SPLIT: [(&str, &str); 8] = [
    ("IAC-K8S-006", "IAC-K8S-028"),
    // CKV_K8S_25 and KICS's 19ebaa28: any added capability.
    ("IAC-K8S-006", "IAC-K8S-031"),
    ("IAC-K8S-009", "IAC-K8S-029"),
    ("IAC-GHA-004", "IAC-GHA-011"),
    // CKV_K8S_40: a UID of 10000 or more.
    ("IAC-K8S-003", "IAC-K8S-030"),
    // CKV_K8S_27 and Trivy's KSV006: the Docker socket.
    ("IAC-K8S-004", "IAC-K8S-033"),
    // CKV_K8S_35 and KICS's 3d658f8b: a Secret passed through env.
    ("IAC-K8S-010", "IAC-K8S-032"),
    // Trivy's KSV109 checks a ConfigMap's data, not container env.
    ("IAC-K8S-010", "IAC-K8S-013"),
];

#[test]
fn every_catalogue_rule_exists_with_its_hipaa_citations_and_peers() {
    let text = std::fs::read_to_string(shared().join("iac-rule-catalogue.json"))
        .expect("the IaC rule catalogue is readable");
    let catalogue: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(catalogue.len(), 58);
    let rules = iac_rules();
    for entry in &catalogue {
        let id = entry["id"].as_str().unwrap();
        let rule = rules
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("catalogue rule {id} is missing"));
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(rule.hipaa, strings(&entry["hipaa"]), "{id}: hipaa");
        // A catalogue rule may differ in severity only with a written reason (the peer
        // severity test checks those reasons against the peers).
        if rule.severity_reason.is_none() {
            assert_eq!(
                rule.severity.as_str(),
                entry["severity"].as_str().unwrap().to_ascii_lowercase(),
                "{id}: severity"
            );
        }
        // A catalogue rule split in parts keeps every one of the catalogue's peers on one of
        // them; a part may name further peers of its own control.
        let parts: Vec<&aseptic::rule::Rule> = std::iter::once(rule)
            .chain(
                SPLIT
                    .iter()
                    .filter(|(from, _)| *from == id)
                    .map(|(_, to)| rules.iter().find(|r| r.id == *to).unwrap()),
            )
            .collect();
        for peer in ["checkov", "trivy", "kics"] {
            // Compared by id: a peer may carry its check's title after it.
            let id_of = |p: &str| p.split_whitespace().next().unwrap_or_default().to_string();
            let have: Vec<String> = parts
                .iter()
                .flat_map(|r| r.peers.get(peer).cloned().unwrap_or_default())
                .map(|p| id_of(&p))
                .collect();
            for want in strings(&entry[peer]) {
                assert!(
                    have.contains(&id_of(&want)),
                    "{id}: peers.{peer} lacks {want}"
                );
            }
        }
    }
}

#[test]
fn there_are_at_least_120_iac_rules_across_platforms() {
    let rules = iac_rules();
    assert!(rules.len() >= 120, "only {} IaC rules", rules.len());
    for prefix in [
        "IAC-AWS-", "IAC-AZ-", "IAC-GCP-", "IAC-K8S-", "IAC-CMP-", "IAC-GHA-", "IAC-DKR-",
    ] {
        assert!(
            rules.iter().any(|r| r.id.starts_with(prefix)),
            "no {prefix} rule"
        );
    }
}

#[test]
fn terraform_variables_tfvars_locals_count_for_each_and_modules_are_evaluated() {
    let r = scan(&root().join("fixtures/iac/terraform-eval"));
    // `encrypted` defaults to true, terraform.tfvars sets it to false.
    assert_eq!(logicals(&r, "IAC-AWS-008"), ["aws_db_instance.db"]);
    let enc = find(&r, "IAC-AWS-008")[0];
    assert_eq!(
        (enc.location.path.as_str(), enc.location.start_line),
        ("main.tf", 18)
    );
    // `db_public` stays at its default (false).
    assert!(!logicals(&r, "IAC-AWS-009").contains(&"aws_db_instance.db".to_string()));
    // count: only the second rule (local.open_cidr) opens SSH to the world; the rule with
    // `for_each = {}` is not created; the one with `count = var.create_open_rule ? 1 : 0` (false
    // by default) is checked, as the variable can be set.
    assert_eq!(
        logicals(&r, "IAC-AWS-014"),
        [
            "aws_security_group_rule.disabled",
            "aws_security_group_rule.ssh[1]"
        ]
    );
    // for_each over a local map: only the instance whose value is true is public.
    assert_eq!(
        logicals(&r, "IAC-AWS-009"),
        ["aws_rds_cluster_instance.node[\"primary\"]"]
    );
    // The local module gets `acl = "public-read"` from its caller; the finding points at the
    // module's own file and line. The remote module is never fetched, and the unknown variable
    // alone gives no finding. Module calls with `count = 0` or an empty `for_each` create
    // nothing; `count = 1` (from a condition) creates its instance.
    assert_eq!(
        logicals(&r, "IAC-AWS-001"),
        [
            "module.one.aws_s3_bucket_acl.this",
            "module.storage.aws_s3_bucket_acl.this"
        ]
    );
    let acl: Vec<_> = find(&r, "IAC-AWS-001")
        .into_iter()
        .filter(|f| f.logical_location.as_deref() == Some("module.storage.aws_s3_bucket_acl.this"))
        .collect();
    assert_eq!(
        (
            acl[0].location.path.as_str(),
            acl[0].location.start_line,
            acl[0].properties["resource_line"].as_str()
        ),
        ("modules/storage/main.tf", 12, "10")
    );
    assert_eq!(acl[0].properties["resource_end_line"], "13");
}

#[test]
fn inline_markers_of_ours_and_the_peers_suppress_on_the_resource() {
    let r = scan(&root().join("fixtures/iac/suppressions"));
    assert_eq!(
        logicals(&r, "IAC-AWS-009"),
        ["aws_db_instance.other_rule", "aws_db_instance.plain"]
    );
    assert!(r.stats.suppressed >= 4, "{:?}", r.stats);
}

#[test]
fn kubernetes_dockerfile_and_cloudformation_findings_name_their_place() {
    let r = scan(&root().join("fixtures/iac/formats"));
    let p = find(&r, "IAC-K8S-001");
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].logical_location.as_deref(),
        Some("Deployment/payments/api/web")
    );
    assert_eq!(
        (p[0].location.path.as_str(), p[0].location.start_line),
        ("k8s/app.yaml", 18)
    );
    // One finding per container for container rules.
    assert_eq!(find(&r, "IAC-K8S-002").len(), 2);
    // Dockerfile: the final stage builds on an earlier one (no base-image finding) and has no
    // USER (the text inside the heredoc is not an instruction).
    let root_user = find(&r, "IAC-DKR-001");
    assert_eq!(root_user.len(), 1);
    assert_eq!(root_user[0].location.start_line, 4);
    assert!(find(&r, "IAC-DKR-002").is_empty());
    assert_eq!(find(&r, "IAC-DKR-005")[0].location.start_line, 8);
    // CloudFormation: `!Ref` to a parameter with a default resolves; `!If` is unknown.
    let public = find(&r, "IAC-AWS-009");
    assert_eq!(public.len(), 1);
    assert_eq!(public[0].location.start_line, 11);
    assert!(find(&r, "IAC-AWS-008").is_empty());
}

fn billion_laughs() -> String {
    let mut s = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='m' {
        let refs = vec![format!("*{prev}"); 9].join(",");
        s.push_str(&format!("  {c}: &{c} [{refs}]\n"));
        prev = c;
    }
    s
}

fn write_problem_files(dir: &Path) {
    std::fs::write(
        dir.join("bad.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  acl = \n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("k8s")).unwrap();
    std::fs::write(
        dir.join("k8s/bad.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n  name: x\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("template.json"),
        "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\",",
    )
    .unwrap();
    std::fs::write(dir.join("k8s/bomb.yaml"), billion_laughs()).unwrap();
    let deep = format!(
        "apiVersion: v1\nkind: Pod\nspec: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(dir.join("k8s/deep.yaml"), deep).unwrap();
    let deep_tf = format!(
        "locals {{\n  a = {}{}\n}}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    std::fs::write(dir.join("deep.tf"), deep_tf).unwrap();
    let mut many = String::new();
    for i in 0..10_000 {
        many.push_str(&format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n"
        ));
    }
    std::fs::write(dir.join("k8s/many.yaml"), many).unwrap();
}

#[test]
fn malformed_deep_and_huge_files_and_alias_bombs_become_notes() {
    let dir = tempfile::tempdir().unwrap();
    write_problem_files(dir.path());
    let r = scan(dir.path());
    for file in [
        "bad.tf",
        "k8s/bad.yaml",
        "template.json",
        "k8s/bomb.yaml",
        "k8s/many.yaml",
        "k8s/deep.yaml",
        "deep.tf",
    ] {
        assert!(
            r.notes
                .iter()
                .any(|n| n.path.as_deref() == Some(file) && n.level == NoteLevel::Warning),
            "no warning note for {file}: {:?}",
            r.notes
        );
    }
    // The first documents of the huge stream were still analyzed.
    assert!(
        find(&r, "IAC-K8S-002")
            .iter()
            .any(|f| f.location.path == "k8s/many.yaml")
    );
}

/// Peak resident memory of the CLI scanning the problem files stays bounded.
#[cfg(target_os = "linux")]
#[test]
fn problem_files_are_scanned_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    write_problem_files(dir.path());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_aseptic"))
        .args(["scan", "--only", "iac", "--format", "json", "."])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let mut child = child;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status)
            && let Some(l) = s.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kib: u64 = l
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            peak_kib = peak_kib.max(kib);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(peak_kib < 400 * 1024, "peak RSS {peak_kib} KiB");
}

#[test]
fn the_cli_reports_logical_locations_and_the_rules_carry_peers_ids() {
    let out = aseptic(
        &root().join("fixtures/iac/terraform-eval"),
        &["scan", "--only", "iac", "--format", "json", "."],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["logical_location"]
        == "module.storage.aws_s3_bucket_acl.this"
        && f["location"]["path"] == "fixtures/iac/terraform-eval/modules/storage/main.tf"));
    let rule = iac_rules()
        .into_iter()
        .find(|r| r.id == "IAC-AWS-001")
        .unwrap();
    assert_eq!(rule.peers["checkov"], ["CKV_AWS_20", "CKV_AWS_57"]);
}

const CFN_PLAIN_BUCKET: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: phi-data\n";

fn cli_json(dir: &Path, args: &[&str]) -> (serde_json::Value, Option<i32>) {
    let out = aseptic(dir, args);
    let json = serde_json::from_str(&stdout(&out)).unwrap_or(serde_json::Value::Null);
    (json, out.status.code())
}

fn ids_in(json: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = json["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["rule_id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v.dedup();
    v
}

fn notes_text(json: &serde_json::Value) -> String {
    json["notes"].to_string()
}

#[test]
fn one_id_per_control_across_terraform_and_cloudformation() {
    let (rules, code) = cli_json(Path::new("."), &["rules", "--format", "json"]);
    assert_eq!(code, Some(0));
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.contains(&"IAC-AWS-004"));
    assert!(!ids.iter().any(|i| i.starts_with("IAC-CFN-")), "{ids:?}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("template.yaml"), CFN_PLAIN_BUCKET).unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"phi-data\"\n}\n",
    )
    .unwrap();
    let r = scan(dir.path());
    let enc = find(&r, "IAC-AWS-004");
    let mut paths: Vec<&str> = enc.iter().map(|f| f.location.path.as_str()).collect();
    paths.sort();
    assert_eq!(paths, ["main.tf", "template.yaml"]);
    // The CloudFormation finding keeps the fingerprint it had as IAC-CFN-001, so baselines and
    // fingerprint ignores made before the merge still match.
    let cfn = enc
        .iter()
        .find(|f| f.location.path == "template.yaml")
        .unwrap();
    assert_eq!(
        cfn.fingerprint,
        aseptic::finding::fingerprint("IAC-CFN-001", "template.yaml", "AWS::S3::Bucket/Data")
    );
    assert_eq!(cfn.properties["deprecated_id"], "IAC-CFN-001");
}

#[test]
fn former_cloudformation_ids_still_suppress_with_a_deprecation_note() {
    let marked = CFN_PLAIN_BUCKET.replace(
        "  Data:\n",
        "  # aseptic:ignore IAC-CFN-001 encrypted by the account default\n  Data:\n",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("template.yaml"), &marked).unwrap();
    let args = ["scan", "--only", "iac", "--format", "json", "."];
    let (json, _) = cli_json(dir.path(), &args);
    let ids = ids_in(&json);
    assert!(!ids.contains(&"IAC-AWS-004".to_string()), "{ids:?}");
    assert!(
        ids.contains(&"IAC-AWS-006".to_string()),
        "other rules still fire: {ids:?}"
    );
    let notes = notes_text(&json);
    assert!(
        notes.contains("IAC-CFN-001") && notes.contains("deprecated"),
        "{notes}"
    );

    // The same through `.aseptic.toml`: a rule switch and an ignore entry naming the old ids.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("template.yaml"), CFN_PLAIN_BUCKET).unwrap();
    std::fs::write(
        dir.path().join(".aseptic.toml"),
        "[rules.IAC-CFN-001]\nenabled = false\n\n[[ignore]]\nrule = \"IAC-CFN-003\"\nreason = \"versioned by the backup plan\"\n",
    )
    .unwrap();
    let (json, _) = cli_json(dir.path(), &args);
    let ids = ids_in(&json);
    for gone in ["IAC-AWS-004", "IAC-AWS-006"] {
        assert!(!ids.contains(&gone.to_string()), "{gone} in {ids:?}");
    }
    assert!(ids.contains(&"IAC-AWS-002".to_string()), "{ids:?}");
    let notes = notes_text(&json);
    assert!(
        notes.contains("IAC-CFN-001") && notes.contains("IAC-CFN-003"),
        "{notes}"
    );
    // The old id never switches off the Terraform side of the control.
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"phi-data\"\n}\n",
    )
    .unwrap();
    let (json, _) = cli_json(dir.path(), &args);
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule_id"] == "IAC-AWS-004" && f["location"]["path"] == "main.tf")
    );
}

/// How an example's text shows which platform it is written for.
fn example_platform(text: &str) -> Option<&'static str> {
    if text.contains("deploymentTemplate.json") {
        Some("arm")
    } else if text.contains("AWSTemplateFormatVersion") || text.contains("AWS::") {
        Some("cloudformation")
    } else {
        None
    }
}

#[test]
fn every_extra_platform_matcher_has_its_own_examples_and_catalogue_aws_controls_have_cloudformation()
 {
    let rules = iac_rules();
    for r in &rules {
        let also = r.matcher.get("also").and_then(|a| a.as_array());
        for m in also.into_iter().flatten() {
            let platform = m["platform"].as_str().unwrap();
            for (kind, examples) in [
                ("positive", &r.examples.positive),
                ("negative", &r.examples.negative),
            ] {
                assert!(
                    examples
                        .iter()
                        .any(|e| example_platform(&e.text) == Some(platform)),
                    "{}: no {kind} {platform} example",
                    r.id
                );
            }
        }
    }
    let text = std::fs::read_to_string(shared().join("iac-rule-catalogue.json")).unwrap();
    let catalogue: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    for entry in &catalogue {
        let id = entry["id"].as_str().unwrap();
        if !id.starts_with("IAC-AWS-") {
            continue;
        }
        let rule = rules.iter().find(|r| r.id == id).unwrap();
        let platforms: Vec<&str> = rule.matcher["also"]
            .as_array()
            .map(|a| a.iter().filter_map(|m| m["platform"].as_str()).collect())
            .unwrap_or_default();
        assert!(
            platforms.contains(&"cloudformation"),
            "{id} has no CloudFormation matcher"
        );
    }
}

#[test]
fn an_arm_template_gives_the_same_azure_ids_as_the_equivalent_terraform() {
    let ids = |dir: &str| {
        let r = scan(&root().join("fixtures/iac/azure-storage").join(dir));
        let mut v: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.rule_id.starts_with("IAC-AZ-"))
            .map(|f| f.rule_id.clone())
            .collect();
        v.sort();
        v
    };
    let arm = ids("arm");
    assert_eq!(arm, ["IAC-AZ-001", "IAC-AZ-002", "IAC-AZ-015"]);
    assert_eq!(arm, ids("terraform"));
    // The TLS finding points at the property that reads the parameter.
    let r = scan(&root().join("fixtures/iac/azure-storage/arm"));
    let tls = find(&r, "IAC-AZ-001");
    assert_eq!(tls[0].location.start_line, 21);
    assert_eq!(
        tls[0].logical_location.as_deref(),
        Some("Microsoft.Storage/storageAccounts/phidata")
    );
}

#[test]
fn kustomize_images_and_patches_apply_before_the_rules_run() {
    let r = scan(&root().join("fixtures/iac/kustomize"));
    // The overlay pins the tag and drops `privileged`: neither finding survives the rendering.
    assert!(
        find(&r, "IAC-K8S-009").is_empty(),
        "{:?}",
        find(&r, "IAC-K8S-009")
    );
    assert!(
        find(&r, "IAC-K8S-001").is_empty(),
        "{:?}",
        find(&r, "IAC-K8S-001")
    );
    // What the overlay leaves alone is still reported, in the base file, named by the overlay.
    let esc = find(&r, "IAC-K8S-002");
    assert_eq!(esc.len(), 1, "{esc:?}");
    assert_eq!(
        (esc[0].location.path.as_str(), esc[0].location.start_line),
        ("base/deployment.yaml", 14)
    );
    assert_eq!(
        esc[0].logical_location.as_deref(),
        Some("kustomize:overlays/prod:Deployment/payments/api/web")
    );
    // The patch file is not a manifest of its own.
    assert!(
        !r.findings
            .iter()
            .any(|f| f.location.path.ends_with("drop-privileges.yaml"))
    );
}

#[test]
fn terraform_resources_created_only_for_some_inputs_are_checked_and_never_exempt() {
    let r = scan(&root().join("fixtures/iac/terraform-conditional"));
    // count/for_each 0 with the defaults, but a root variable (directly, through a local, or
    // through a module argument) can change it: checked as one instance. A literal 0, an empty
    // literal for_each, a local of literals, a module call passing `create = false` and a module
    // variable no caller sets: not created.
    assert_eq!(
        logicals(&r, "IAC-AWS-014"),
        [
            "aws_security_group_rule.each",
            "aws_security_group_rule.toggled",
            "module.maybe.aws_security_group_rule.open",
            "module.toggled.aws_security_group_rule.open",
        ]
    );
    let when = |logical: &str| -> Option<String> {
        r.findings
            .iter()
            .find(|f| f.logical_location.as_deref() == Some(logical))
            .and_then(|f| f.properties.get("created_when").cloned())
    };
    // The finding names the root variables that decide it, however deep the module.
    assert_eq!(
        when("module.toggled.aws_security_group_rule.open").as_deref(),
        Some("created only for some values of var.all_findings")
    );
    assert_eq!(
        when("module.maybe.aws_security_group_rule.open").as_deref(),
        Some("created only for some values of var.enable_module")
    );
    let toggled = find(&r, "IAC-AWS-014")
        .into_iter()
        .find(|f| f.logical_location.as_deref() == Some("aws_security_group_rule.toggled"))
        .unwrap();
    assert!(
        toggled.message.ends_with(
            "(aws_security_group_rule.toggled; created only for some values of var.all_findings)"
        ),
        "{}",
        toggled.message
    );
    // A resource created with the defaults says nothing of the kind.
    assert_eq!(when("aws_vpc.main"), None);
    // A flow log that may not exist does not give the VPC its flow log.
    assert_eq!(logicals(&r, "IAC-AWS-025"), ["aws_vpc.main"]);
    // Versioning created under the bucket's own condition applies to it; versioning that may be
    // missing beside an always-created bucket does not.
    assert_eq!(logicals(&r, "IAC-AWS-006"), ["aws_s3_bucket.always"]);
}

#[test]
fn terraform_dynamic_blocks_are_checked_as_the_blocks_they_generate() {
    let r = scan(&root().join("fixtures/iac/terraform-dynamic"));
    // network_policy from a dynamic block over a local: `enabled = false` is reported, `true`
    // (through a named iterator) is not, and an unknown for_each decides nothing.
    assert_eq!(
        logicals(&r, "IAC-GCP-009"),
        ["google_container_cluster.off"]
    );
    let off = find(&r, "IAC-GCP-009")[0];
    assert_eq!(
        off.location.start_line, 21,
        "the line of `enabled` in the content block"
    );
    // An empty for_each deploys no encryption_config; one element deploys one.
    assert_eq!(logicals(&r, "IAC-AWS-030"), ["aws_eks_cluster.plain"]);
}

/// One control per rule where a peer mixed two: a runtime socket is both a host mount
/// (IAC-K8S-004, outside kube-system) and the runtime's API (IAC-K8S-033, in any namespace); a
/// dangerous capability is IAC-K8S-028 alone, any other added one IAC-K8S-031; a Secret in env is
/// IAC-K8S-032, a credential literal IAC-K8S-010; a UID below 10000 is IAC-K8S-030, and root
/// (UID 0) IAC-K8S-003 as well.
#[test]
fn each_kubernetes_control_has_its_own_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("app.yaml"),
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  namespace: monitoring
spec:
  template:
    spec:
      securityContext:
        runAsUser: 1000
      volumes:
        - name: sock
          hostPath:
            path: /run/containerd/containerd.sock
      containers:
        - name: dangerous
          image: registry.example.com/agent:1.0.0
          securityContext:
            capabilities:
              add: [SYS_ADMIN]
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: db, key: password}
        - name: other
          image: registry.example.com/agent:1.0.0
          securityContext:
            runAsUser: 0
            capabilities:
              add: [NET_BIND_SERVICE, IPC_LOCK]
          env:
            - name: API_TOKEN
              value: made-up-for-this-test
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kube-system
spec:
  template:
    spec:
      securityContext:
        runAsUser: 10001
      volumes:
        - name: sock
          hostPath:
            path: /var/run/docker.sock
      containers:
        - name: agent
          image: registry.example.com/agent:1.0.0
",
    )
    .unwrap();
    let r = scan(dir.path());
    assert_eq!(logicals(&r, "IAC-K8S-004"), ["Deployment/monitoring/agent"]);
    assert_eq!(
        logicals(&r, "IAC-K8S-033"),
        ["DaemonSet/kube-system/agent", "Deployment/monitoring/agent"]
    );
    let dangerous = "Deployment/monitoring/agent/dangerous";
    let other = "Deployment/monitoring/agent/other";
    assert_eq!(logicals(&r, "IAC-K8S-028"), [dangerous]);
    assert_eq!(logicals(&r, "IAC-K8S-031"), [other]);
    assert_eq!(logicals(&r, "IAC-K8S-032"), [dangerous]);
    assert_eq!(logicals(&r, "IAC-K8S-010"), [other]);
    assert_eq!(logicals(&r, "IAC-K8S-030"), [dangerous, other]);
    // The pod's UID 1000 is not root; the container that sets 0 is.
    assert_eq!(logicals(&r, "IAC-K8S-003"), [other]);
}
