//! The PHI analyzer end to end: planted identifiers in every format are found with the right type,
//! their synthetic twins give only synthetic-data notes, ordinary data stays quiet, values are
//! masked, and scope and detail behave as documented.

use crate::common::{aseptic, root, stderr, stdout};
use aseptic::config::Config;
use aseptic::finding::{AnalyzerKind, Finding, Severity};
use aseptic::report::Report;
use aseptic::rule::{Rule, builtin_rules};
use aseptic::scan::{scan_bytes_with, scan_tree_with};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

fn phi_rules() -> Vec<Rule> {
    builtin_rules()
        .unwrap()
        .into_iter()
        .filter(|r| r.analyzer == AnalyzerKind::Phi)
        .collect()
}

fn scan_dir(dir: &Path) -> Report {
    scan_tree_with(phi_rules(), dir, Config::default()).unwrap()
}

/// One finding per value (`--phi-detail`).
fn detail() -> Config {
    let mut c = Config::default();
    c.phi.detail = Some(true);
    c
}

fn scan_dir_detail(dir: &Path) -> Report {
    scan_tree_with(phi_rules(), dir, detail()).unwrap()
}

fn pairs(findings: &[Finding]) -> BTreeSet<(String, String)> {
    findings
        .iter()
        .map(|f| (f.rule_id.clone(), f.location.path.clone()))
        .collect()
}

/// Every planted identifier, by the rule that must report it and the file it is in.
const EXPECTED_REAL: &[(&str, &[&str])] = &[
    (
        "patients.csv",
        &[
            "PHI-MRN",
            "PHI-NAME",
            "PHI-DOB",
            "PHI-AGE-OVER-89",
            "PHI-SSN",
            "PHI-ADDRESS",
            "PHI-ZIP",
            "PHI-PHONE",
            "PHI-FAX",
            "PHI-EMAIL",
            "PHI-HEALTH-PLAN-ID",
            "PHI-MBI",
            "PHI-LICENSE",
            "PHI-ACCOUNT",
        ],
    ),
    (
        "adt.hl7",
        &[
            "PHI-HL7-RECORD",
            "PHI-MRN",
            "PHI-SSN",
            "PHI-NAME",
            "PHI-DOB",
            "PHI-ADDRESS",
            "PHI-ZIP",
            "PHI-PHONE",
            "PHI-ACCOUNT",
            "PHI-LICENSE",
            "PHI-NPI",
            "PHI-HEALTH-PLAN-ID",
        ],
    ),
    (
        "patient.fhir.json",
        &[
            "PHI-FHIR-RECORD",
            "PHI-MRN",
            "PHI-SSN",
            "PHI-MBI",
            "PHI-NAME",
            "PHI-DOB",
            "PHI-PHONE",
            "PHI-EMAIL",
            "PHI-ADDRESS",
            "PHI-ZIP",
            // The Practitioner's NPI is not looked for: a provider is not the patient.
        ],
    ),
    (
        "patient.fhir.xml",
        &[
            "PHI-FHIR-RECORD",
            "PHI-MRN",
            "PHI-SSN",
            "PHI-NAME",
            "PHI-DOB",
            "PHI-PHONE",
            "PHI-ADDRESS",
            "PHI-ZIP",
        ],
    ),
    (
        "seed.sql",
        &[
            "PHI-NAME",
            "PHI-DOB",
            "PHI-SSN",
            "PHI-PHONE",
            "PHI-EMAIL",
            "PHI-ZIP",
        ],
    ),
    (
        "ccd.xml",
        &[
            "PHI-MRN",
            "PHI-SSN",
            "PHI-ADDRESS",
            "PHI-ZIP",
            "PHI-PHONE",
            "PHI-EMAIL",
            "PHI-NAME",
            "PHI-DOB",
        ],
    ),
    (
        "members.ndjson",
        &["PHI-HEALTH-PLAN-ID", "PHI-NAME", "PHI-DOB", "PHI-PHONE"],
    ),
    (
        "patients.yaml",
        &[
            "PHI-MRN",
            "PHI-NAME",
            "PHI-DOB",
            "PHI-EMAIL",
            "PHI-ADDRESS",
            "PHI-ZIP",
        ],
    ),
    (
        "intake.log",
        &[
            "PHI-NAME",
            "PHI-DOB",
            "PHI-MRN",
            "PHI-SSN",
            "PHI-PHONE",
            "PHI-FAX",
            "PHI-EMAIL",
            "PHI-ADDRESS",
            "PHI-HEALTH-PLAN-ID",
            "PHI-MBI",
            "PHI-ACCOUNT",
            "PHI-LICENSE",
            "PHI-DEA",
            "PHI-NPI",
            "PHI-AGE-OVER-89",
            "PHI-IP",
            "PHI-UDI",
            "PHI-VIN",
            "PHI-URL",
        ],
    ),
];

#[test]
fn every_planted_identifier_is_found_with_its_type() {
    let report = scan_dir_detail(&root().join("fixtures/phi/real"));
    let got = pairs(&report.findings);
    let want: BTreeSet<(String, String)> = EXPECTED_REAL
        .iter()
        .flat_map(|(path, rules)| rules.iter().map(|r| (r.to_string(), path.to_string())))
        .collect();
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:?}\nunexpected: {extra:?}"
    );
    let csv_names = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "PHI-NAME" && f.location.path == "patients.csv")
        .count();
    assert_eq!(csv_names, 6);
}

#[test]
fn by_default_one_finding_per_file_names_the_most_sensitive_type() {
    let report = scan_dir(&root().join("fixtures/phi/real"));
    let mut per_file: std::collections::BTreeMap<&str, Vec<&Finding>> = Default::default();
    for f in &report.findings {
        per_file.entry(&f.location.path).or_default().push(f);
    }
    let files: BTreeSet<&str> = EXPECTED_REAL.iter().map(|(p, _)| *p).collect();
    assert_eq!(per_file.keys().copied().collect::<BTreeSet<_>>(), files);
    for (path, fs) in &per_file {
        assert_eq!(
            fs.len(),
            1,
            "{path}: {:?}",
            fs.iter().map(|f| &f.rule_id).collect::<Vec<_>>()
        );
    }
    let csv = per_file["patients.csv"][0];
    // SSN and MBI are both high and strong; the SSN comes first in the file.
    assert_eq!(csv.rule_id, "PHI-SSN");
    assert_eq!(csv.severity, Severity::High);
    assert!(csv.message.contains("person name: 6"), "{}", csv.message);
    assert!(
        csv.message.contains("Social Security number: 3"),
        "{}",
        csv.message
    );
    // The location is the first value of any type (the MRN column comes first).
    assert!(
        csv.message.contains("first in column `mrn`, row 1"),
        "{}",
        csv.message
    );
    assert_eq!(csv.location.start_line, 2);
    // Files of HL7 or FHIR records are reported by their record rule.
    assert_eq!(per_file["adt.hl7"][0].rule_id, "PHI-HL7-RECORD");
    assert_eq!(per_file["patient.fhir.json"][0].rule_id, "PHI-FHIR-RECORD");
    assert_eq!(per_file["patients.yaml"][0].rule_id, "PHI-MRN");
}

#[test]
fn findings_say_where_and_never_carry_the_value() {
    let report = scan_dir_detail(&root().join("fixtures/phi/real"));
    let by = |rule: &str, path: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule_id == rule && f.location.path == path)
            .unwrap_or_else(|| panic!("{rule} in {path}"))
    };
    assert!(
        by("PHI-SSN", "patients.csv")
            .message
            .contains("column `ssn`, row 1")
    );
    assert!(by("PHI-DOB", "adt.hl7").message.contains("PID-7"));
    assert!(
        by("PHI-DOB", "patient.fhir.xml")
            .message
            .contains("Patient")
    );
    // The HL7 PID segment is line 3: segments end in a bare CR.
    assert_eq!(by("PHI-DOB", "adt.hl7").location.start_line, 3);
    assert_eq!(by("PHI-HEALTH-PLAN-ID", "adt.hl7").location.start_line, 6);
    let json = serde_json::to_string(&report.findings).unwrap();
    for value in [
        "212-48-7713",
        "318-62-0954",
        "Gonzalez",
        "1957-03-14",
        "19570314",
        "432-8811",
        "maria.gonzalez@gmail.com",
        "2KT7",
        "1428 Elm",
        "00482913",
    ] {
        assert!(!json.contains(value), "{value} leaked into a finding");
    }
}

#[test]
fn synthetic_twins_give_only_synthetic_notes() {
    let report = scan_dir(&root().join("fixtures/phi/synthetic"));
    let files: BTreeSet<&str> = EXPECTED_REAL.iter().map(|(p, _)| *p).collect();
    let mut noted = BTreeSet::new();
    for f in &report.findings {
        assert_eq!(
            f.rule_id, "PHI-SYNTHETIC",
            "{}: {} ({})",
            f.location.path, f.rule_id, f.message
        );
        assert_eq!(f.severity, Severity::Info);
        noted.insert(f.location.path.as_str());
    }
    assert_eq!(
        noted, files,
        "every synthetic twin gets a synthetic-data note"
    );
}

#[test]
fn committed_negative_fixtures_stay_quiet() {
    // Scanned from fixtures/, so paths say `phi/negative/...`: a path word alone is no health
    // context.
    let report = scan_dir(&root().join("fixtures"));
    let report = Report {
        findings: report
            .findings
            .into_iter()
            .filter(|f| f.location.path.starts_with("phi/negative/"))
            .collect(),
        ..report
    };
    assert!(
        report.findings.is_empty(),
        "{:?}",
        report
            .findings
            .iter()
            .map(|f| format!("{} {}: {}", f.rule_id, f.location.path, f.message))
            .collect::<Vec<_>>()
    );
    assert!(report.stats.files_scanned >= 20);
}

#[test]
fn scope_lowers_severity_off_fixture_paths() {
    let text = b"patient Maria Gonzalez SSN 212-48-7713 diagnosis E11.9, medication metformin\n"; // aseptic:allow made-up test value
    let sev = |path: &str, config: Config| {
        let r = scan_bytes_with(phi_rules(), path, text, config).unwrap();
        r.findings
            .iter()
            .find(|f| f.rule_id == "PHI-SSN")
            .unwrap()
            .severity
    };
    // `.csv` and `.log` are data and log extensions; source code outside a fixture, data or
    // sample directory is neither, and gets low.
    assert_eq!(sev("src/report.csv", Config::default()), Severity::High);
    assert_eq!(sev("src/report.log", Config::default()), Severity::High);
    assert_eq!(sev("src/report.py", Config::default()), Severity::Low);
    assert_eq!(sev("tests/report.py", Config::default()), Severity::High);
    assert_eq!(
        sev("app/SampleData/report.py", Config::default()),
        Severity::High
    );
    let mut all = Config::default();
    all.phi.scope = Some(aseptic::analyzers::phi::Scope::All);
    assert_eq!(sev("src/report.py", all), Severity::High);
}

#[test]
fn without_health_context_only_strong_identifiers_report_low() {
    // A user table of a non-health app: names and emails are nothing, an SSN is low.
    let text =
        b"first_name,last_name,email,ssn\nMaria,Gonzalez,maria.gonzalez@gmail.com,212-48-7713\n"; // aseptic:allow made-up test value
    let r = scan_bytes_with(phi_rules(), "tests/users.csv", text, Config::default()).unwrap();
    let got: Vec<(&str, Severity)> = r
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.severity))
        .collect();
    assert_eq!(got, [("PHI-SSN", Severity::Low)]);
}

#[test]
fn bad_input_becomes_a_note_not_a_panic() {
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/patient.json",
        b"{\"resourceType\": \"Patient\", \"name\": [",
        Config::default(),
    )
    .unwrap();
    assert!(
        r.notes
            .iter()
            .any(|n| n.path.as_deref() == Some("fixtures/patient.json"))
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/deep.json",
        deep.as_bytes(),
        Config::default(),
    )
    .unwrap();
    assert!(r.findings.is_empty());
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/x.hl7",
        b"MSH|\rPID\r|||\r",
        Config::default(),
    )
    .unwrap();
    assert!(r.findings.is_empty());
    // A non-ASCII delimiter in MSH is not split on (no panic, no error note).
    let odd = "MSH\u{e9}^~\\&\rPID\u{e9}1\u{e9}\u{e9}00482913\u{e9}\u{e9}Go^Maria\r";
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/x.hl7",
        odd.as_bytes(),
        Config::default(),
    )
    .unwrap();
    assert!(
        r.notes
            .iter()
            .all(|n| n.level != aseptic::note::NoteLevel::Error),
        "{:?}",
        r.notes
    );
}

#[test]
fn cli_detail_flag_gives_one_finding_per_value() {
    let dir = root().join("fixtures/phi/real");
    let count = |extra: &[&str]| {
        let mut args = vec!["scan", ".", "--only", "phi", "-f", "json", "--no-progress"];
        args.extend_from_slice(extra);
        let out = aseptic(&dir, &args);
        assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["location"]["path"] == "fixtures/phi/real/patients.csv")
            .map(|f| f["rule_id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(count(&[]), ["PHI-SSN"]);
    let detail = count(&["--phi-detail"]);
    assert_eq!(detail.iter().filter(|r| *r == "PHI-NAME").count(), 6);
    assert_eq!(detail.iter().filter(|r| *r == "PHI-SSN").count(), 3);
}

/// A small deterministic generator (xorshift), so the corpus is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const CITIES: &[&str] = &[
    "Jackson",
    "Madison",
    "Lincoln",
    "Franklin",
    "Clinton",
    "Springfield",
    "Salem",
    "Georgetown",
    "Arlington",
    "Burlington",
    "Chester",
    "Dayton",
    "Marion",
    "Washington",
    "Milton",
    "Clayton",
];
const FIRST: &[&str] = &[
    "James", "Mary", "Robert", "Linda", "Daniel", "Karen", "Paul", "Nancy",
];
const LAST: &[&str] = &[
    "Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Moore",
];

/// Writes ordinary, non-health data of about `target` bytes under `dir`: JSON schemas, Kubernetes
/// YAML, CSVs of cities and measurements, server logs, and a non-health library's user fixtures.
/// Returns the bytes written.
pub fn write_negative_corpus(dir: &Path, target: usize) -> usize {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut total = 0;
    let mut n = 0;
    for sub in ["schemas", "k8s", "data", "logs", "testdata", "src"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    while total < target {
        n += 1;
        let mut files: Vec<(String, String)> = Vec::new();
        // JSON schema of a user profile, with examples.
        let mut s = String::from(
            "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"type\": \"object\",\n  \"properties\": {\n",
        );
        for k in 0..40 {
            let _ = writeln!(
                s,
                "    \"field{k}\": {{\"type\": \"string\", \"format\": \"date\", \"examples\": [\"20{:02}-0{}-1{}\"], \"description\": \"version 1.{k}.{}\"}},",
                rng.below(30),
                1 + rng.below(9),
                rng.below(9),
                rng.below(99)
            );
        }
        s.push_str("    \"email\": {\"type\": \"string\", \"format\": \"email\", \"examples\": [\"jane@corp.io\"]},\n");
        s.push_str(
            "    \"name\": {\"type\": \"string\", \"examples\": [\"Jane Miller\"]}\n  }\n}\n",
        );
        files.push((format!("schemas/profile-{n}.schema.json"), s));
        // Kubernetes manifests.
        let mut y = String::new();
        for k in 0..20 {
            let _ = write!(
                y,
                "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-{k}\n  labels:\n    app: svc-{k}\n    version: \"{}.{}.{}\"\nspec:\n  replicas: {}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.local/svc-{k}:1.{}.{}\n          ports:\n            - containerPort: {}\n          env:\n            - name: DB_HOST\n              value: 10.0.{}.{}\n            - name: BUILD_ID\n              value: \"{}\"\n          livenessProbe:\n            httpGet:\n              path: /healthz\n",
                rng.below(9),
                rng.below(30),
                rng.below(99),
                1 + rng.below(5),
                rng.below(40),
                rng.below(9),
                8000 + rng.below(999),
                rng.below(255),
                rng.below(255),
                100_000_000 + rng.below(899_999_999)
            );
        }
        files.push((format!("k8s/deploy-{n}.yaml"), y));
        // Cities with ZIP codes and coordinates.
        let mut c = String::from("name,state,zip,latitude,longitude,population\n");
        for _ in 0..400 {
            let _ = writeln!(
                c,
                "{},{},{:05},{}.{:04},-{}.{:04},{}",
                rng.pick(CITIES),
                rng.pick(&["MA", "OH", "TX", "WI", "NE"]),
                1000 + rng.below(98_000),
                25 + rng.below(20),
                rng.below(10_000),
                70 + rng.below(50),
                rng.below(10_000),
                1000 + rng.below(900_000)
            );
        }
        files.push((format!("data/cities-{n}.csv"), c));
        // Measurements.
        let mut m = String::from("sensor_id,timestamp,temperature_c,humidity,pressure_hpa\n");
        for _ in 0..800 {
            let _ = writeln!(
                m,
                "S-{:06},2024-0{}-{:02}T{:02}:{:02}:00Z,{}.{},{},{}",
                rng.below(999_999),
                1 + rng.below(9),
                1 + rng.below(28),
                rng.below(24),
                rng.below(60),
                rng.below(40),
                rng.below(10),
                rng.below(100),
                950 + rng.below(100)
            );
        }
        files.push((format!("data/measurements-{n}.csv"), m));
        // Web server and application logs, public client addresses included.
        let mut l = String::new();
        for _ in 0..600 {
            let _ = writeln!(
                l,
                "{}.{}.{}.{} - - [02/Mar/2024:10:{:02}:{:02} +0000] \"GET /api/v2/users/{}/orders?page={} HTTP/1.1\" 200 {} \"-\" \"Mozilla/5.0\"",
                11 + rng.below(200),
                rng.below(255),
                rng.below(255),
                1 + rng.below(254),
                rng.below(60),
                rng.below(60),
                rng.below(99_999),
                rng.below(20),
                rng.below(99_999)
            );
            let _ = writeln!(
                l,
                "2024-03-02T10:{:02}:{:02}Z INFO order {} shipped to {:05}, customer name {} {}, phone {}-{}-{}",
                rng.below(60),
                rng.below(60),
                1_000_000 + rng.below(8_999_999),
                1000 + rng.below(98_000),
                rng.pick(FIRST),
                rng.pick(LAST),
                200 + rng.below(700),
                200 + rng.below(700),
                1000 + rng.below(8999)
            );
        }
        files.push((format!("logs/app-{n}.log"), l));
        // A non-health library's fixtures: users with names, emails, phones, addresses.
        let mut u = String::from("[\n");
        for k in 0..150 {
            let (f, la) = (rng.pick(FIRST), rng.pick(LAST));
            let _ = writeln!(
                u,
                "  {{\"id\": {}, \"first_name\": \"{f}\", \"last_name\": \"{la}\", \"email\": \"{}.{}@mailbox.org\", \"phone\": \"({}) {}-{}\", \"address\": \"{} Main Street\", \"zip\": \"{:05}\", \"created_at\": \"2023-0{}-1{}\", \"ip\": \"{}.{}.{}.{}\"}}{}",
                rng.below(1_000_000),
                f.to_lowercase(),
                la.to_lowercase(),
                200 + rng.below(700),
                200 + rng.below(700),
                1000 + rng.below(8999),
                1 + rng.below(9999),
                1000 + rng.below(98_000),
                1 + rng.below(9),
                rng.below(9),
                11 + rng.below(200),
                rng.below(255),
                rng.below(255),
                1 + rng.below(254),
                if k == 149 { "" } else { "," }
            );
        }
        u.push_str("]\n");
        files.push((format!("testdata/users-{n}.json"), u));
        // Source with version strings and ids in string literals.
        let mut p = String::new();
        for k in 0..200 {
            let _ = writeln!(
                p,
                "VERSION_{k} = \"{}.{}.{}\"  # build {}\nREQUEST_ID_{k} = \"req-{}\"",
                rng.below(9),
                rng.below(99),
                rng.below(999),
                rng.below(999_999_999),
                rng.below(999_999_999)
            );
        }
        files.push((format!("src/constants_{n}.py"), p));
        for (path, text) in files {
            total += text.len();
            std::fs::write(dir.join(path), text).unwrap();
        }
    }
    total
}

#[test]
fn negative_corpus_of_5_mb_gives_at_most_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = write_negative_corpus(dir.path(), 5 * 1024 * 1024 + 1);
    let report = scan_dir(dir.path());
    let allowed = bytes / (5 * 1024 * 1024);
    assert!(
        report.findings.len() <= allowed,
        "{} findings on {bytes} bytes: {:?}",
        report.findings.len(),
        report
            .findings
            .iter()
            .take(10)
            .map(|f| format!("{} {}: {}", f.rule_id, f.location.path, f.message))
            .collect::<Vec<_>>()
    );
}

/// Writes the corpus for `bench/phi.sh`: `PHI_CORPUS_DIR=dir PHI_CORPUS_BYTES=n cargo test ...
/// write_corpus_for_bench -- --ignored`.
#[test]
#[ignore]
fn write_corpus_for_bench() {
    let dir = std::env::var("PHI_CORPUS_DIR").expect("PHI_CORPUS_DIR");
    let bytes: usize = std::env::var("PHI_CORPUS_BYTES")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(8 * 1024 * 1024);
    let n = write_negative_corpus(Path::new(&dir), bytes);
    println!("wrote {n} bytes to {dir}");
}

/// A minimal DICOM Part 10 file (explicit VR little endian) with a patient module.
fn dicom(name: &str, id: &str, dob: &str) -> Vec<u8> {
    let mut b = vec![0u8; 128];
    b.extend_from_slice(b"DICM");
    let mut el = |g: u16, e: u16, vr: &[u8; 2], v: &[u8]| {
        let mut v = v.to_vec();
        if v.len() % 2 == 1 {
            v.push(if vr == b"UI" { 0 } else { b' ' });
        }
        b.extend_from_slice(&g.to_le_bytes());
        b.extend_from_slice(&e.to_le_bytes());
        b.extend_from_slice(vr);
        if vr == b"OB" {
            b.extend_from_slice(&[0, 0]);
            b.extend_from_slice(&(v.len() as u32).to_le_bytes());
        } else {
            b.extend_from_slice(&(v.len() as u16).to_le_bytes());
        }
        b.extend_from_slice(&v);
    };
    el(0x0002, 0x0010, b"UI", b"1.2.840.10008.1.2.1");
    el(0x0008, 0x0060, b"CS", b"CT");
    el(0x0010, 0x0010, b"PN", name.as_bytes());
    el(0x0010, 0x0020, b"LO", id.as_bytes());
    el(0x0010, 0x0030, b"DA", dob.as_bytes());
    el(0x7FE0, 0x0010, b"OB", &[0u8; 64]);
    b
}

#[test]
fn dicom_headers_are_read_despite_being_binary() {
    let real = dicom("Gonzalez^Maria", "00482913", "19570314");
    let r = scan_bytes_with(phi_rules(), "fixtures/ct.dcm", &real, detail()).unwrap();
    let got: BTreeSet<&str> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(got, BTreeSet::from(["PHI-NAME", "PHI-MRN", "PHI-DOB"]));
    assert!(
        r.findings
            .iter()
            .any(|f| f.message.contains("DICOM (0010,0030)"))
    );
    let r = scan_bytes_with(phi_rules(), "fixtures/ct.dcm", &real, Config::default()).unwrap();
    let got: Vec<&str> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(got, ["PHI-MRN"]);
    let synthetic = dicom("Frami345^Abe604", "00482913", "19570314");
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/ct.dcm",
        &synthetic,
        Config::default(),
    )
    .unwrap();
    let got: Vec<&str> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(got, ["PHI-SYNTHETIC"]);
    // Without the DICM magic a .dcm is an ordinary binary and is skipped.
    let mut junk = real.clone();
    junk[128] = b'X';
    let r = scan_bytes_with(phi_rules(), "fixtures/ct.dcm", &junk, Config::default()).unwrap();
    assert!(r.findings.is_empty());
    // Truncated: a note, no panic.
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/ct.dcm",
        &real[..150],
        Config::default(),
    )
    .unwrap();
    assert!(r.notes.iter().any(|n| n.message.contains("DICOM")));
}

#[test]
fn cli_scope_flag_restores_full_severity_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("scripts")).unwrap();
    std::fs::write(
        dir.path().join("scripts/intake.py"),
        "admitted patient Maria Gonzalez SSN 212-48-7713, diagnosis pending\n",
    )
    .unwrap();
    let severity = |extra: &[&str]| {
        let mut args = vec!["scan", ".", "--only", "phi", "-f", "json", "--no-progress"];
        args.extend_from_slice(extra);
        let out = aseptic(dir.path(), &args);
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == "PHI-SSN")
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(severity(&[]), "low");
    assert_eq!(severity(&["--phi-scope", "all"]), "high");
    assert_eq!(severity(&["--phi-scope", "fixtures"]), "low");
}

/// The known-sample fixtures, one per family of `rules/phi/known-samples.tsv` and of the
/// validators' sample values; `fixtures/phi/samples-real` holds the same records with
/// real-looking values.
const SAMPLE_FILES: &[&str] = &[
    "data/app-sample-patient.json",
    "ccda-sample-patient.xml",
    "fhir-example-patient.json",
    "fiction-phones.csv",
    "fictional-and-famous.csv",
    "hl7-textbook.hl7",
    "joke-streets.fhir.json",
    "made-up-values.csv",
    "name-in-identifier.fhir.json",
    "placeholder-names.csv",
    "sample-ssns.csv",
    "smart-sandbox-patient.json",
    "test-label-name.hl7",
    "vendor-sample-ccda.xml",
];

#[test]
fn published_sample_data_is_info_and_the_same_records_with_real_values_are_phi() {
    let samples = scan_dir(&root().join("fixtures/phi/samples"));
    let mut noted = BTreeSet::new();
    for f in &samples.findings {
        assert_eq!(
            (f.rule_id.as_str(), f.severity),
            ("PHI-SYNTHETIC", Severity::Info),
            "{}: {}",
            f.location.path,
            f.message
        );
        noted.insert(f.location.path.as_str());
    }
    assert_eq!(noted, SAMPLE_FILES.iter().copied().collect());
    // The table's families say where the sample comes from.
    for path in [
        "data/app-sample-patient.json",
        "ccda-sample-patient.xml",
        "fhir-example-patient.json",
        "hl7-textbook.hl7",
        "placeholder-names.csv",
        "sample-ssns.csv",
        "smart-sandbox-patient.json",
        "vendor-sample-ccda.xml",
    ] {
        let f = samples
            .findings
            .iter()
            .find(|f| f.location.path == path)
            .unwrap();
        assert!(
            f.message.contains("published sample data"),
            "{path}: {}",
            f.message
        );
    }
    // The made-up-by-look families say what gave them away.
    for (path, why) in [
        (
            "fictional-and-famous.csv",
            "famous person as a test patient",
        ),
        (
            "fictional-and-famous.csv",
            "made-up test patient: fictional character",
        ),
        ("joke-streets.fhir.json", "a placeholder street"),
        (
            "joke-streets.fhir.json",
            "a house number with leading zeros",
        ),
        ("test-label-name.hl7", "a placeholder name"),
        (
            "name-in-identifier.fhir.json",
            "an identifier spelled from the person's name",
        ),
    ] {
        let f = samples
            .findings
            .iter()
            .find(|f| f.location.path == path)
            .unwrap();
        assert!(f.message.contains(why), "{path}: {}", f.message);
    }
    let real = scan_dir(&root().join("fixtures/phi/samples-real"));
    for path in SAMPLE_FILES {
        let phi: Vec<&Finding> = real
            .findings
            .iter()
            .filter(|f| f.location.path == *path && f.rule_id != "PHI-SYNTHETIC")
            .collect();
        assert_eq!(phi.len(), 1, "{path}: {:?}", real.findings);
        assert!(phi[0].severity >= Severity::Medium, "{path}");
    }
}

#[test]
fn a_sample_patient_does_not_hide_a_real_one_in_the_same_file() {
    let text = "first_name,last_name,ssn,diagnosis\nAdam,Everyman,444-33-3333,E11.9\nMaria,Gonzalez,212-48-7713,E11.9\n"; // aseptic:allow made-up test value
    let r = scan_bytes_with(phi_rules(), "fixtures/p.csv", text.as_bytes(), detail()).unwrap();
    let phi: Vec<(&str, &str)> = r
        .findings
        .iter()
        .filter(|f| f.rule_id != "PHI-SYNTHETIC")
        .map(|f| {
            (
                f.rule_id.as_str(),
                f.logical_location.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert!(phi.contains(&("PHI-SSN", "column `ssn`, row 2")), "{phi:?}");
    assert!(phi.iter().all(|(_, at)| at.ends_with("row 2")), "{phi:?}");
    assert!(r.findings.iter().any(|f| f.rule_id == "PHI-SYNTHETIC"));
}

#[test]
fn people_data_without_health_fields_and_prose_are_not_phi() {
    let r = scan_dir(&root().join("fixtures/phi/people"));
    let got: Vec<(&str, &str)> = r
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.location.path.as_str()))
        .collect();
    // Only the customer table with a diagnosis column is PHI.
    assert_eq!(got, [("PHI-NAME", "customers-with-diagnosis.csv")]);
    let f = &r.findings[0];
    assert!(f.message.contains("person name: 6"), "{}", f.message);
    // A name column of a table whose rows are not people is no patient's name, even in a health
    // folder.
    let tracks = std::fs::read(root().join("fixtures/phi/people/tracks.sql")).unwrap();
    let r = scan_bytes_with(phi_rules(), "clinic/tracks.sql", &tracks, detail()).unwrap();
    assert!(
        r.findings.iter().all(|f| f.rule_id != "PHI-NAME"),
        "{:?}",
        r.findings
    );
}

#[test]
fn real_formats_are_read_as_their_format() {
    let r = scan_dir_detail(&root().join("fixtures/phi/formats"));
    let has = |path: &str, rule: &str, place: &str| {
        r.findings.iter().any(|f| {
            f.location.path == path
                && f.rule_id == rule
                && f.logical_location
                    .as_deref()
                    .is_some_and(|l| l.contains(place))
        })
    };
    for hl7 in [
        "adt-utf16le.hl7",
        "adt-utf16be.hl7",
        "adt-crlf.hl7",
        "adt-lf.txt",
    ] {
        assert!(has(hl7, "PHI-SSN", "PID-19"), "{hl7}: {:?}", r.findings);
        assert!(has(hl7, "PHI-HL7-RECORD", "PID"), "{hl7}");
    }
    let batch = r
        .findings
        .iter()
        .find(|f| f.location.path == "batch.hl7" && f.rule_id == "PHI-HL7-RECORD")
        .unwrap();
    assert!(
        batch.message.starts_with("2 HL7 v2 message(s)"),
        "{}",
        batch.message
    );
    assert!(has(
        "patient-bom.fhir.json",
        "PHI-SSN",
        "Patient.identifier.value"
    ));
    assert!(has("patient-bom.fhir.json", "PHI-FHIR-RECORD", "Patient"));
    let bulk = r
        .findings
        .iter()
        .find(|f| f.location.path == "Patient.ndjson" && f.rule_id == "PHI-FHIR-RECORD")
        .unwrap();
    assert!(
        bulk.message.starts_with("3 FHIR person resource(s)"),
        "{}",
        bulk.message
    );
    assert!(has("ccda-bom-prefixed.xml", "PHI-SSN", "patientRole/id"));
    assert!(has("ccda-bom-prefixed.xml", "PHI-NAME", "patient/name"));
    // Every format was read as itself: no "not read as" note.
    assert!(
        r.notes.iter().all(|n| !n.message.contains("not read as")),
        "{:?}",
        r.notes
    );
    // The UTF-16 line numbers are the segment's.
    let utf16 = r
        .findings
        .iter()
        .find(|f| f.location.path == "adt-utf16le.hl7" && f.rule_id == "PHI-SSN")
        .unwrap();
    assert_eq!(utf16.location.start_line, 3);
}

#[test]
fn a_fhir_bundle_of_several_megabytes_is_read_whole() {
    let mut entries = Vec::new();
    for i in 0..15000 {
        entries.push(format!(
            r#"{{"resource":{{"resourceType":"Patient","id":"p{i}","name":[{{"family":"Frami{i}","given":["Abe{i}"]}}],"birthDate":"1957-03-14","telecom":[{{"system":"phone","value":"555-321-7654"}}],"address":[{{"line":["{i} Main St"],"city":"Springfield"}}]}}}}"#
        ));
    }
    entries.push(r#"{"resource":{"resourceType":"Patient","id":"real","identifier":[{"system":"http://hl7.org/fhir/sid/us-ssn","value":"212-48-7713"}],"name":[{"family":"Gonzalez","given":["Maria"]}]}}"#.to_string()); // aseptic:allow made-up test value
    let bundle = format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[{}]}}"#,
        entries.join(",\n")
    );
    assert!(bundle.len() > 3_000_000, "{}", bundle.len());
    let start = std::time::Instant::now();
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/bundle.json",
        bundle.as_bytes(),
        Config::default(),
    )
    .unwrap();
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
    let record = r
        .findings
        .iter()
        .find(|f| f.rule_id == "PHI-FHIR-RECORD")
        .unwrap();
    assert!(
        record.message.starts_with("1 FHIR person resource(s)"),
        "{}",
        record.message
    );
    assert!(r.findings.iter().any(|f| f.rule_id == "PHI-SYNTHETIC"));
    assert!(r.notes.iter().all(|n| !n.message.contains("not read as")));
}

#[test]
fn dicom_sample_patients_and_files_without_the_preamble() {
    // pydicom's test patient and a DICOM PS3.5 character-set example: sample data.
    for name in [
        "Lestrade^G",
        "Yamada^Tarou=\u{5c71}\u{7530}^\u{592a}\u{90ce}",
    ] {
        let r = scan_bytes_with(
            phi_rules(),
            "fixtures/ct.dcm",
            &dicom(name, "00482913", "19570314"),
            Config::default(),
        )
        .unwrap();
        let got: Vec<(&str, bool)> = r
            .findings
            .iter()
            .map(|f| {
                (
                    f.rule_id.as_str(),
                    f.message.contains("published sample data"),
                )
            })
            .collect();
        assert_eq!(got, [("PHI-SYNTHETIC", true)], "{name}");
    }
    // `DICM` at byte 0: the preamble left out.
    let real = dicom("Gonzalez^Maria", "00482913", "19570314");
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/ct.dcm",
        &real[128..],
        Config::default(),
    )
    .unwrap();
    let got: Vec<&str> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(got, ["PHI-MRN"]);
    // A bare implicit-VR data set (no preamble, no meta group).
    let mut bare = Vec::new();
    for (g, e, v) in [
        (0x0008u16, 0x0060u16, &b"CT"[..]),
        (0x0010, 0x0010, b"Gonzalez^Maria"),
        (0x0010, 0x0020, b"00482913"),
        (0x0010, 0x0030, b"19570314"),
    ] {
        bare.extend_from_slice(&g.to_le_bytes());
        bare.extend_from_slice(&e.to_le_bytes());
        bare.extend_from_slice(&(v.len() as u32).to_le_bytes());
        bare.extend_from_slice(v);
    }
    let r = scan_bytes_with(phi_rules(), "fixtures/ct.dcm", &bare, detail()).unwrap();
    let got: BTreeSet<&str> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(got, BTreeSet::from(["PHI-NAME", "PHI-MRN", "PHI-DOB"]));
}

#[test]
fn documentation_identifier_systems_and_their_relatives_are_sample_data() {
    let bundle = r#"{"resourceType":"Bundle","entry":[
 {"resource":{"resourceType":"Patient","id":"a","identifier":[{"system":"http://example.org/mrn","value":"00482913"}],"name":[{"family":"Gonzalez","given":["Maria"]}],"birthDate":"1957-03-14"}},
 {"resource":{"resourceType":"RelatedPerson","id":"b","name":[{"family":"Gonzalez","given":["Luis"]}],"telecom":[{"system":"phone","value":"(617) 432-8890"}]}}]}"#; // aseptic:allow made-up test value
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/b.json",
        bundle.as_bytes(),
        Config::default(),
    )
    .unwrap();
    let got: Vec<&str> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(got, ["PHI-SYNTHETIC"], "{:?}", r.findings);
    // The same bundle with a real-looking system is PHI, the relative included.
    let real = bundle.replace(
        "http://example.org/mrn",
        "urn:oid:2.16.840.1.113883.3.7204.1.1",
    );
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/b.json",
        real.as_bytes(),
        Config::default(),
    )
    .unwrap();
    let record = r
        .findings
        .iter()
        .find(|f| f.rule_id == "PHI-FHIR-RECORD")
        .unwrap();
    assert!(
        record.message.starts_with("2 FHIR person resource(s)"),
        "{}",
        record.message
    );
}

#[test]
fn dummy_mock_and_fake_data_directories_are_synthetic_except_strong_identifiers() {
    let users = r#"[{"first_name":"Maria","last_name":"Gonzalez","date_of_birth":"1957-03-14","phone_number":"(617) 432-8811","clinic":"North"}]"#; // aseptic:allow made-up test value
    let rules = |path: &str, text: &str| -> Vec<(String, Severity)> {
        scan_bytes_with(phi_rules(), path, text.as_bytes(), Config::default())
            .unwrap()
            .findings
            .into_iter()
            .map(|f| (f.rule_id, f.severity))
            .collect()
    };
    for path in [
        "data/dummy/users.json",
        "src/__mocks__/users.json",
        "fake-data/users.json",
    ] {
        assert_eq!(
            rules(path, users),
            [("PHI-SYNTHETIC".to_string(), Severity::Info)],
            "{path}"
        );
    }
    // The same records elsewhere are PHI.
    let got = rules("data/seed/users.json", users);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_ne!(got[0].0, "PHI-SYNTHETIC");
    assert!(got[0].1 >= Severity::Medium);
    // A real-looking SSN is judged alone, even in a dummy data set.
    let with_ssn = users.replace(r#""clinic""#, r#""ssn":"212-48-7713","clinic""#); // aseptic:allow made-up test value
    let got = rules("data/dummy/users.json", &with_ssn);
    assert!(
        got.contains(&("PHI-SSN".to_string(), Severity::High)),
        "{got:?}"
    );
}

#[test]
fn a_made_up_contact_does_not_make_its_patient_made_up() {
    let patient = r#"{"resourceType":"Patient","id":"p","name":[{"family":"Bradley","given":["Angela"]}],"birthDate":"1977-04-20","address":[{"line":["140 Heather Lane"],"postalCode":"02115"}],
 "contact":[{"name":{"family":"Bond","given":["Lady"]},"address":{"line":["007 Soho Lane"],"postalCode":"27511"}}]}"#; // aseptic:allow made-up test value
    let r = scan_bytes_with(phi_rules(), "fixtures/p.json", patient.as_bytes(), detail()).unwrap();
    let phi: BTreeSet<&str> = r
        .findings
        .iter()
        .filter(|f| f.rule_id != "PHI-SYNTHETIC" && f.rule_id != "PHI-FHIR-RECORD")
        .filter_map(|f| f.logical_location.as_deref())
        .collect();
    assert!(phi.contains("Patient.name.family"), "{phi:?}");
    assert!(phi.contains("Patient.address.line"), "{phi:?}");
    assert!(
        !phi.iter().any(|p| p.starts_with("Patient.contact")),
        "{phi:?}"
    );
    let synthetic: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.rule_id == "PHI-SYNTHETIC")
        .filter_map(|f| f.logical_location.as_deref())
        .collect();
    assert!(
        synthetic.contains(&"Patient.contact.address.line"),
        "{synthetic:?}"
    );
    // A made-up patient's contact is the test's too.
    let made_up = patient
        .replace("140 Heather Lane", "123 Anywhere Road")
        .replace("007 Soho Lane", "17 Soho Lane");
    let r = scan_bytes_with(
        phi_rules(),
        "fixtures/p.json",
        made_up.as_bytes(),
        Config::default(),
    )
    .unwrap();
    let got: Vec<&str> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(got, ["PHI-SYNTHETIC"], "{:?}", r.findings);
}
