//! Published sample data: the patients and values that standards bodies, vendors and folklore use
//! as examples (HL7 v2's Adam Everyman, the FHIR specification's Peter Chalmers, C-CDA's Isabella
//! Jones, DICOM's character-set examples, John Doe, SSN 078-05-1120, ...).
//!
//! The table is data, `rules/phi/known-samples.tsv`, one entry a line with its source; adding an
//! entry is adding a line. A `name` entry matches a record whose person-name words include all of
//! its words (any order, any case, any punctuation between them), so `EVERYMAN&&&&Aniston^ADAM` and
//! `{"family": "Everyman", "given": ["Adam"]}` both match `adam everyman`. A `value` entry matches an
//! identifier value compared as lower-case letters and digits. The gate turns a record that holds a
//! match into sample data as a whole (a fictional character's or a famous person's name: a made-up
//! test patient). This module does not guess: a name that merely sounds made up
//! is not sample data unless it is in the table.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

static TABLE: &str = include_str!("../../../rules/phi/known-samples.tsv");

struct Table {
    /// Each name entry's words, with the reason shown to the user.
    names: Vec<(Vec<String>, String)>,
    /// Normalised value to reason.
    values: HashMap<String, String>,
    /// Every word of every name entry (a cheap first test).
    name_words: HashSet<String>,
    /// Identifier systems (FHIR `identifier.system`, C-CDA `id/@root`) of documentation, matched
    /// as a part of the lower-cased system, with the reason.
    systems: Vec<(String, String)>,
}

/// Lower-case letters and digits only.
pub fn normalise(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The alphabetic words of a name value, lower-cased (`EVERYMAN&&&&Aniston^ADAM` -> `everyman`,
/// `aniston`, `adam`; `Everyman2` -> `everyman`).
pub fn name_words(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Table {
            names: Vec::new(),
            values: HashMap::new(),
            name_words: HashSet::new(),
            systems: Vec::new(),
        };
        for line in TABLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("kind\t") {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [kind, value, family, ..] = cols[..] else {
                continue;
            };
            // Fictional characters and famous people are not published samples but test patients
            // named after them: made up, and said so.
            let reason = if family.starts_with("fictional") || family.starts_with("famous") {
                format!("made-up test patient: {family}")
            } else {
                format!("published sample data: {family}")
            };
            match kind {
                "name" => {
                    let words: Vec<String> = name_words(value).collect();
                    t.name_words.extend(words.iter().cloned());
                    t.names.push((words, reason));
                }
                "value" => {
                    t.values.insert(normalise(value), reason);
                }
                "system" => t.systems.push((value.to_lowercase(), reason)),
                _ => {}
            }
        }
        t
    })
}

/// The reason when `value` is a listed sample value.
pub fn known_value(value: &str) -> Option<&'static str> {
    let t = table();
    if t.values.is_empty() {
        return None;
    }
    t.values.get(&normalise(value)).map(String::as_str)
}

/// The reason when an identifier system (a FHIR `identifier.system` URI, a C-CDA `id/@root`
/// OID) is one that only documentation and examples use (`http://example.org/...`, the FHIR
/// examples' Acme OID).
pub fn known_system(system: &str) -> Option<&'static str> {
    let s = system.trim().to_lowercase();
    if s.is_empty() {
        return None;
    }
    let s = s.trim_start_matches("urn:oid:");
    table()
        .systems
        .iter()
        .find(|(part, _)| s.contains(part.trim_start_matches("urn:oid:")))
        .map(|(_, why)| why.as_str())
}

/// The reason when the person-name words of one record hold every word of a listed sample name.
pub fn known_name(words: &HashSet<String>) -> Option<&'static str> {
    let t = table();
    if !words.iter().any(|w| t.name_words.contains(w)) {
        return None;
    }
    t.names
        .iter()
        .find(|(need, _)| need.iter().all(|w| words.contains(w)))
        .map(|(_, why)| why.as_str())
}

/// Like [`known_name`] for the words of a whole line of free text: only entries of two or more
/// words count there (a line that mentions "Roe" is not Richard Roe's record).
pub fn known_name_in_line(words: &HashSet<String>) -> Option<&'static str> {
    let t = table();
    t.names
        .iter()
        .filter(|(need, _)| need.len() >= 2)
        .find(|(need, _)| need.iter().all(|w| words.contains(w)))
        .map(|(_, why)| why.as_str())
}

/// Entries of the table that do not parse (for the table's own test).
pub fn malformed_lines() -> Vec<String> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            cols.len() != 4
                || !matches!(cols[0], "name" | "value" | "system" | "kind")
                || cols.iter().any(|c| c.trim().is_empty())
        })
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> HashSet<String> {
        name_words(s).collect()
    }

    #[test]
    fn table_parses_and_every_line_has_a_source() {
        assert_eq!(malformed_lines(), Vec::<String>::new());
        assert!(table().names.len() > 40);
        assert!(table().values.len() > 10);
    }

    #[test]
    fn fictional_and_famous_names_are_made_up_test_patients() {
        let poldark = known_name(&words("POLDARK ROSS")).unwrap();
        assert!(poldark.starts_with("made-up test patient"), "{poldark}");
        let chalmers = known_name(&words("Chalmers Peter")).unwrap();
        assert!(chalmers.starts_with("published sample data"), "{chalmers}");
        // Both words of a famous name are needed: a real Grace or a real Hopper is nobody's test.
        assert!(known_name(&words("Hopper Maria")).is_none());
    }

    #[test]
    fn names_match_as_word_sets() {
        assert!(known_name(&words("EVERYMAN&&&&Aniston ADAM A III")).is_some());
        assert!(known_name(&words("Chalmers Peter James")).is_some());
        assert!(known_name(&words("Everywoman1 Eve")).is_some());
        assert!(known_name(&words("Gonzalez Maria")).is_none());
        // Both words are needed: a real Peter or a real Chalmers is not the FHIR example.
        assert!(known_name(&words("Peter Gonzalez")).is_none());
    }

    #[test]
    fn values_match_normalised() {
        assert!(known_value("123-45-6789").is_some());
        assert!(known_value("123456789").is_some());
        assert!(known_value("2222 HOME STREET").is_some());
        assert!(known_value("212-48-7713").is_none()); // aseptic:allow made-up test value
    }

    #[test]
    fn documentation_identifier_systems() {
        assert!(known_system("http://example.org/old-payer").is_some());
        assert!(known_system("urn:oid:1.2.36.146.595.217.0.1").is_some());
        assert!(known_system("2.16.840.1.113883.19.5").is_some());
        assert!(known_system("http://hl7.org/fhir/sid/us-ssn").is_none());
        assert!(known_system("2.16.840.1.113883.4.1").is_none());
    }
}
