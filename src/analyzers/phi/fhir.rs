//! FHIR resources, JSON or XML: the person resources (Patient, Practitioner, RelatedPerson,
//! Person) and their name, birthDate, identifier, telecom and address elements, plus the narrative
//! `text.div`. Each resource is one record, tied to a person by being that resource; a Patient's
//! `contact` (next of kin, guardian) is a record of its own.
//!
//! Both encodings are flattened into the same [`FLeaf`] list (resource type and id, the element
//! path inside the resource, the id of the object holding each step), so one mapping serves both.
//! An identifier's type comes from its `type` code, then its `system`, then falls back to the rule
//! that claims `identifier.value` (a record number). Other resources (Observation, Encounter, ...)
//! are not looked into.

use super::error::DocError;
use super::hit::{At, Sink};
use super::json;
use super::text::{Forced, Region, TextScanner};
use super::xml;
use std::collections::HashMap;

/// The resources that describe a patient or the patient's relatives. A Practitioner's name and
/// contact details are not the patient's identifiers (Safe Harbor covers the individual, relatives,
/// employers and household members), so Practitioner resources are not looked into.
pub const PERSON_RESOURCES: &[&str] = &["Patient", "RelatedPerson", "Person"];

struct FLeaf {
    resource: String,
    resource_id: u32,
    /// Element path inside the resource.
    keys: Vec<String>,
    /// For each key, the id of the object (element) holding it.
    holders: Vec<u32>,
    value: String,
    start: usize,
    end: usize,
    /// Text inside the XHTML narrative (XML only; JSON keeps the div as one string).
    narrative: bool,
}

/// Is this JSON text a FHIR resource or bundle?
pub fn is_fhir_json(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(4096)];
    memchr::memmem::find(head, b"\"resourceType\"").is_some()
}

/// Is this XML text FHIR?
pub fn is_fhir_xml(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(4096)];
    memchr::memmem::find(head, b"http://hl7.org/fhir").is_some()
}

/// Reads one JSON document, or with `ndjson` one per line (a FHIR bulk export: one resource a
/// line). A bad line of an NDJSON file is an error for a note, after the good lines are read.
fn read_json(text: &str, ndjson: bool) -> (Vec<json::Leaf>, Option<DocError>) {
    if !ndjson {
        return match json::leaves(text, 0, 0) {
            Ok((l, _)) => (l, None),
            Err(e) => (Vec::new(), Some(e)),
        };
    }
    let (mut all, mut first_err, mut offset, mut next_id) = (Vec::new(), None, 0, 0);
    for line in text.split_inclusive('\n') {
        if !line.trim().trim_start_matches('\u{feff}').is_empty() {
            match json::leaves(text, offset, next_id) {
                Ok((l, id)) => {
                    all.extend(l);
                    next_id = id;
                }
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        offset += line.len();
    }
    (all, first_err)
}

/// The FHIR leaves of a JSON or NDJSON text, and the first parse error (NDJSON keeps the lines
/// that parsed).
fn from_json(text: &str, ndjson: bool) -> (Vec<FLeaf>, Option<DocError>) {
    let (leaves, err) = read_json(text, ndjson);
    let mut types: HashMap<u32, String> = HashMap::new();
    for l in &leaves {
        if l.key() == "resourceType" {
            types.insert(l.path.last().unwrap().object, l.value.clone());
        }
    }
    let mut out = Vec::new();
    for l in leaves {
        let Some(j) = l.path.iter().rposition(|s| types.contains_key(&s.object)) else {
            continue;
        };
        let rid = l.path[j].object;
        out.push(FLeaf {
            resource: types[&rid].clone(),
            resource_id: rid,
            keys: l.path[j..].iter().map(|s| s.key.clone()).collect(),
            holders: l.path[j..].iter().map(|s| s.object).collect(),
            value: l.value,
            start: l.start,
            end: l.end,
            narrative: false,
        });
    }
    (out, err)
}

fn from_xml(text: &str) -> Result<Vec<FLeaf>, DocError> {
    let nodes = xml::nodes(text)?;
    let mut out = Vec::new();
    for n in nodes {
        let Some(k) = n
            .path
            .iter()
            .rposition(|(name, _)| name.starts_with(|c: char| c.is_ascii_uppercase()))
        else {
            continue;
        };
        let in_div = n.path[k + 1..].iter().any(|(name, _)| name == "div");
        let keep = match n.attr.as_deref() {
            Some("value") => !in_div,
            None => in_div,
            Some(_) => false,
        };
        if !keep {
            continue;
        }
        let keys: Vec<String> = n.path[k + 1..]
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        let holders: Vec<u32> = n.path[k..n.path.len() - 1]
            .iter()
            .map(|(_, id)| *id)
            .collect();
        out.push(FLeaf {
            resource: n.path[k].0.clone(),
            resource_id: n.path[k].1,
            keys,
            holders,
            value: n.value,
            start: n.start,
            end: n.end,
            narrative: in_div,
        });
    }
    Ok(out)
}

/// The record of a leaf inside a Patient's `contact` element: the id of that element.
fn contact_record(l: &FLeaf) -> Option<u32> {
    (l.resource == "Patient" && l.keys.first().is_some_and(|k| k == "contact"))
        .then(|| l.holders.get(1).copied())
        .flatten()
}

/// How a FHIR document is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    /// One resource per line (bulk data export).
    Ndjson,
    Xml,
}

/// Scans a FHIR JSON, NDJSON or XML document.
pub fn scan(
    text: &str,
    encoding: Encoding,
    sink: &mut Sink,
    scanner: &TextScanner,
) -> Result<(), DocError> {
    let (leaves, err) = match encoding {
        Encoding::Xml => (from_xml(text)?, None),
        Encoding::Json => from_json(text, false),
        Encoding::Ndjson => from_json(text, true),
    };
    let mut identifier_values: Vec<(u32, &str)> = Vec::new();
    for (i, l) in leaves.iter().enumerate() {
        if !PERSON_RESOURCES.contains(&l.resource.as_str()) {
            continue;
        }
        let rel: Vec<&str> = l.keys.iter().map(String::as_str).collect();
        let place = format!("{}.{}", l.resource, rel.join("."));
        // A Patient's `contact` is another person (next of kin, guardian): a record of its own,
        // so a made-up contact does not make the patient made up (a made-up patient's contacts
        // are the test's too: the gate follows `parent`).
        let record = match contact_record(l) {
            Some(contact) => {
                sink.parent.insert(contact, l.resource_id);
                contact
            }
            None => l.resource_id,
        };
        if l.narrative || rel.starts_with(&["text", "div"]) {
            let forced = Forced {
                record,
                place: &format!("{}.text.div", l.resource),
            };
            let region = Region {
                start: l.start,
                end: l.end,
                forced: Some(&forced),
                record_base: 0,
                strong_only: false,
                weak_ok: true,
            };
            scanner.scan(text, sink, region);
            continue;
        }
        let n = rel.len();
        // An identifier system of documentation (example.org, the examples' Acme OID) makes the
        // resource an example.
        if n >= 2
            && rel[n - 1] == "system"
            && rel[n - 2] == "identifier"
            && let Some(why) = super::samples::known_system(&l.value)
        {
            sink.samples.entry(record).or_insert(why);
        }
        let group = *l.holders.last().unwrap_or(&0);
        let siblings = || {
            let lo = leaves[..i]
                .iter()
                .rposition(|o| !o.holders.contains(&group))
                .map_or(0, |p| p + 1);
            let hi = leaves[i..]
                .iter()
                .position(|o| !o.holders.contains(&group))
                .map_or(leaves.len(), |p| i + p);
            &leaves[lo..hi]
        };
        let spec = if n >= 2 && rel[n - 1] == "value" && rel[n - 2] == "identifier" {
            identifier_values.push((record, &l.value));
            let sib = siblings();
            let by_type = sib
                .iter()
                .filter(|o| {
                    o.keys.last().is_some_and(|k| k == "code") && o.keys.iter().any(|k| k == "type")
                })
                .find_map(|o| sink.specs.for_identifier_type(&o.value));
            let by_system = || {
                sib.iter()
                    .filter(|o| {
                        o.keys.last().is_some_and(|k| k == "system")
                            && o.holders.last() == Some(&group)
                    })
                    .find_map(|o| sink.specs.for_system(&o.value))
            };
            by_type
                .or_else(by_system)
                .or_else(|| sink.specs.for_fhir_path(&rel))
        } else if n >= 2 && rel[n - 1] == "value" && rel[n - 2] == "telecom" {
            let sib = siblings();
            sib.iter()
                .filter(|o| {
                    o.keys.last().is_some_and(|k| k == "system") && o.holders.last() == Some(&group)
                })
                .find_map(|o| sink.specs.for_telecom(&o.value))
                .or_else(|| sink.specs.for_telecom("phone"))
        } else {
            sink.specs.for_fhir_path(&rel)
        };
        let Some(spec) = spec else { continue };
        let at = At {
            start: l.start,
            end: l.end,
            record,
            person: true,
            generic: false,
        };
        sink.judge(spec, &l.value, at, || place);
    }
    // An identifier spelled from the person's own name (`maria-1` for Maria, a project's name
    // for its test patient's surname and record numbers) is a test's, not a record system's.
    for (record, value) in identifier_values {
        if sink.made_up.contains_key(&record) {
            continue;
        }
        let Some(words) = sink.name_words.get(&record) else {
            continue;
        };
        if super::samples::name_words(value).any(|w| w.chars().count() >= 4 && words.contains(&w)) {
            sink.made_up
                .insert(record, "an identifier spelled from the person's name");
        }
    }
    // The relatives in a file whose patient is a published example belong to that example (the
    // next of kin of the HL7 textbook patient, converted to FHIR).
    let sample_patient = leaves
        .iter()
        .filter(|l| l.resource == "Patient")
        .find_map(|l| {
            let id = l.resource_id;
            sink.samples.get(&id).copied().or_else(|| {
                sink.name_words
                    .get(&id)
                    .and_then(super::samples::known_name)
            })
        });
    if let Some(why) = sample_patient {
        for l in leaves.iter().filter(|l| l.resource == "RelatedPerson") {
            sink.samples.entry(l.resource_id).or_insert(why);
        }
        for record in leaves.iter().filter_map(contact_record) {
            sink.samples.entry(record).or_insert(why);
        }
    }
    err.map_or(Ok(()), Err)
}
