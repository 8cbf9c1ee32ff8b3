//! File-level context: does this file have health context, and is it on a fixture-like path?
//!
//! Health context is cheap evidence that a file is about patients: its format (HL7 v2, FHIR,
//! C-CDA, DICOM), a health word in its path, or at least two distinct health terms in its text
//! (one is not enough: "insurance" or "admission" alone appear in plenty of ordinary data). This
//! module does not look at individual values; it only gives the gate the two booleans it needs.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::OnceLock;

const HEALTH_TERMS: &[&str] = &[
    "patient",
    "diagnos",
    "icd-10",
    "icd10",
    "icd_10",
    "snomed",
    "loinc",
    "medical record",
    "medical_record",
    "mrn",
    "clinical",
    "clinic",
    "hospital",
    "encounter",
    "admission",
    "admit",
    "discharge",
    "medication",
    "prescri",
    "allerg",
    "physician",
    "medicare",
    "medicaid",
    "healthcare",
    "health plan",
    "health_plan",
    "health record",
    "health insurance",
    "hl7",
    "fhir",
    "ehr",
    "emr",
    "npi",
    "lab result",
    "vital sign",
    "immuniz",
    "dob",
    "date of birth",
    "date_of_birth",
    "birthdate",
    "birth_date",
    "beneficiary",
    "payer",
    "nurse",
    "pharmacy",
    "triage",
    "symptom",
    "blood pressure",
];

/// The [`HEALTH_TERMS`] that are stems and may continue (`diagnos` -> `diagnosis`).
const HEALTH_STEMS: &[&str] = &["diagnos", "admit", "prescri", "allerg", "immuniz"];

const HEALTH_PATH_WORDS: &[&str] = &[
    "patient",
    "health",
    "clinic",
    "medical",
    "hospital",
    "ehr",
    "emr",
    "fhir",
    "hl7",
    "ccda",
    "dicom",
    "pharma",
    "claims",
    "medicare",
    "medicaid",
    "hipaa",
    "synthea",
    "encounter",
];

fn health_matcher() -> &'static AhoCorasick {
    static M: OnceLock<AhoCorasick> = OnceLock::new();
    M.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(HEALTH_TERMS)
            .expect("health terms compile")
    })
}

/// At least two distinct health terms in the first 256 KiB of `text`, or a health word in `path`.
pub fn has_health_context(path: &str, text: &str) -> bool {
    if path_has_health_word(path) {
        return true;
    }
    let mut end = text.len().min(256 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let hay = &text.as_bytes()[..end];
    let mut seen = 0u64;
    for m in health_matcher().find_iter(&text[..end]) {
        // Terms are whole words (`dob` is not in `adobe`, `encounter` not in `encountered`), a
        // plural `s` allowed; stems (`diagnos`) only start one.
        let before_ok = m.start() == 0 || !hay[m.start() - 1].is_ascii_alphanumeric();
        let stem = HEALTH_STEMS.contains(&HEALTH_TERMS[m.pattern().as_usize()]);
        let mut e = m.end();
        if hay.get(e) == Some(&b's') {
            e += 1;
        }
        let after_ok = stem || hay.get(e).is_none_or(|b| !b.is_ascii_alphanumeric());
        if !before_ok || !after_ok {
            continue;
        }
        seen |= 1 << m.pattern().as_usize();
        if seen.count_ones() >= 2 {
            return true;
        }
    }
    false
}

/// Field-name stems that make a table, record or document about health care (a column
/// `diagnosis_code`, a key `medications`, a table `encounters`). Matched against the start of a
/// key's words, so `diagnos` covers `diagnosis`, `diagnoses` and `diagnosed_at`.
const HEALTH_FIELD_STEMS: &[&str] = &[
    "diagnos",
    "icd",
    "snomed",
    "loinc",
    "hcpcs",
    "encounter",
    "admission",
    "discharg",
    "medication",
    "prescri",
    "allerg",
    "mrn",
    "npi",
    "payer",
    "insur",
    "medicaid",
    "medicare",
    "symptom",
    "immuniz",
    "vaccin",
    "clinical",
    "patient",
    "physician",
    "clinic",
    "hospital",
    "treatment",
    "therap",
    "dosage",
    "triage",
    "beneficiar",
    "prognos",
    "pharmac",
];

/// Field-name words that count only as whole words (`dx`, not `dxf`; `lab`, not `label`).
const HEALTH_FIELD_WORDS: &[&str] = &[
    "dx", "rx", "cpt", "ndc", "lab", "vitals", "icd10", "medical",
];

/// Does a column, key or table name say its data is about health care?
pub fn is_health_field(key: &str) -> bool {
    crate::words::split(key).iter().any(|w| {
        HEALTH_FIELD_WORDS.contains(&w.as_str())
            || HEALTH_FIELD_STEMS.iter().any(|s| w.starts_with(s))
    })
}

/// A health word in the path (`patients.csv`, `ehr/fixtures/...`), without looking at the text.
pub fn path_has_health_word(path: &str) -> bool {
    let lower_path = path.to_ascii_lowercase();
    // Whole path words, plurals allowed (`patients`); longer words also as prefixes (`medicare_x`).
    HEALTH_PATH_WORDS.iter().any(|w| {
        lower_path
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|part| {
                part == *w
                    || part.strip_suffix('s') == Some(w)
                    || (w.len() > 4 && part.starts_with(w))
            })
    })
}

/// Prose and documentation: text that describes people rather than recording them. Only strong
/// identifiers (an SSN, an MBI) are looked for in it, at low severity.
pub fn is_prose(path: &str) -> bool {
    matches!(
        crate::input::extension(path).as_str(),
        "md" | "markdown"
            | "rst"
            | "txt"
            | "adoc"
            | "asciidoc"
            | "html"
            | "htm"
            | "tex"
            | "org"
            | "rtf"
            | "textile"
            | "pod"
            | "epub"
    )
}

const FIXTURE_DIRS: &[&str] = &[
    "test",
    "tests",
    "spec",
    "specs",
    "fixture",
    "fixtures",
    "testdata",
    "test-data",
    "test_data",
    "seed",
    "seeds",
    "sample",
    "samples",
    "example",
    "examples",
    "mock",
    "mocks",
    "__tests__",
    "__fixtures__",
    "demo",
    "sample-data",
    "sample_data",
];

const FIXTURE_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "hl7", "ndjson", "jsonl", "sql", "dcm", "ccda", "cda", "log",
];

/// Fixture-like paths get a rule's full severity: a fixture, sample or data directory anywhere in
/// the path (`tests/`, `TestFiles/`, `SampleData/`, `custom-data/`), or a data-file or log
/// extension.
pub fn is_fixture_path(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    let name = parts.pop().unwrap_or("");
    if parts.iter().any(|p| {
        let p = p.to_ascii_lowercase();
        FIXTURE_DIRS.contains(&p.as_str())
            || p.ends_with("data")
            || p.starts_with("test")
            || p == "logs"
    }) {
        return true;
    }
    let ext = crate::input::extension(name);
    FIXTURE_EXTENSIONS.contains(&ext.as_str())
}

/// Directories that say their data is made up: a `dummy/`, `mock/` or `fake/` data set.
const SYNTHETIC_DIRS: &[&str] = &["dummy", "dummie", "mock", "fake"];

/// A directory of the path says its data is made up (`data/dummy/users.json`, `__mocks__/`,
/// `fake-data/`, `mock_patients/`): the directory's first word is `dummy`, `mock` or `fake`, plural
/// allowed. The file's name does not count (`fake_detector.py` is code about fakes), nor does a
/// word inside a longer one (`mockingbird/`).
pub fn is_synthetic_data_path(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    parts.iter().any(|p| {
        let p = p.to_ascii_lowercase();
        let first = p
            .split(|c: char| !c.is_ascii_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        let first = first.strip_suffix('s').unwrap_or(first);
        let first = first.strip_suffix("data").unwrap_or(first);
        SYNTHETIC_DIRS.contains(&first)
    })
}

/// Words that tie a line of free text to a person.
pub const PERSON_WORDS: &[&str] = &[
    "patient",
    "pt ",
    "pt:",
    "name",
    "dob",
    "birth",
    "mrn",
    "member",
    "subscriber",
    "insured",
    "guarantor",
    "beneficiary",
    "mr.",
    "mrs.",
    "ms.",
    "resident",
    "client",
    "ssn",
    "social security",
    "next of kin",
    "nok",
    "emergency contact",
];

fn person_matcher() -> &'static AhoCorasick {
    static M: OnceLock<AhoCorasick> = OnceLock::new();
    M.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(PERSON_WORDS)
            .expect("person words compile")
    })
}

/// Does this line of free text talk about a person?
pub fn mentions_person(line: &str) -> bool {
    person_matcher().is_match(line)
}

/// Does this line talk about a person by a word other than `name` (markup and code say `name`
/// of everything: `<Field Name="Street Address">`, `name = "Sam Heard"`)?
pub fn mentions_person_besides_name(line: &str) -> bool {
    person_matcher()
        .find_iter(line)
        .any(|m| PERSON_WORDS[m.pattern().as_usize()] != "name")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_context_needs_two_terms_or_a_path_word() {
        assert!(has_health_context(
            "data/x.txt",
            "Patient admitted; diagnosis pending"
        ));
        assert!(!has_health_context(
            "data/x.txt",
            "insurance quote for a car"
        ));
        assert!(has_health_context("fixtures/patients.csv", ""));
        assert!(!has_health_context(
            "k8s/deploy.yaml",
            "livenessProbe: /healthz"
        ));
    }

    #[test]
    fn health_fields_by_key_words() {
        assert!(is_health_field("diagnosis_code"));
        assert!(is_health_field("Diagnoses"));
        assert!(is_health_field("dx"));
        assert!(is_health_field("PrimaryPayer"));
        assert!(!is_health_field("label"));
        assert!(!is_health_field("Composer"));
        assert!(!is_health_field("postal_code"));
        assert!(is_prose("docs/guide.md"));
        assert!(!is_prose("logs/intake.log"));
    }

    #[test]
    fn fixture_paths() {
        assert!(is_fixture_path("tests/data/x.json"));
        assert!(is_fixture_path("db/seeds/users.rb"));
        assert!(is_fixture_path("export/patients.csv"));
        assert!(is_fixture_path("src/Tests.Common/TestFiles/R4/bundle.json"));
        assert!(is_fixture_path("docs/SampleData/patient.json"));
        assert!(is_fixture_path("var/intake.log"));
        assert!(!is_fixture_path("src/app/main.py"));
        assert!(!is_fixture_path("crates/auth/benches/bench.rs"));
    }

    #[test]
    fn synthetic_data_paths() {
        assert!(is_synthetic_data_path("data/dummy/users.json"));
        assert!(is_synthetic_data_path("src/__mocks__/patients.json"));
        assert!(is_synthetic_data_path("fake-data/patients.csv"));
        assert!(is_synthetic_data_path("test/mock_patients/p1.json"));
        assert!(is_synthetic_data_path("seed/dummies/p.json"));
        assert!(is_synthetic_data_path("Mocks/p.json"));
        assert!(!is_synthetic_data_path("data/seed/users.json"));
        assert!(!is_synthetic_data_path("data/dummy.json"));
        assert!(!is_synthetic_data_path("src/mockingbird/p.json"));
        assert!(!is_synthetic_data_path("src/fakes_detector.py"));
    }
}
