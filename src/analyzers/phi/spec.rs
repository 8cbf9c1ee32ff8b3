//! The `[matcher]` table of a PHI rule, and its compiled form.
//!
//! A PHI rule says *where* an identifier lives in each structure (column and key names, FHIR element
//! paths and identifier systems, HL7 v2 field positions, C-CDA element paths, DICOM tags), which
//! validator judges a candidate value, and, for free text, a pattern plus the context words that must
//! precede it. The Rust side only parses structures and runs validators: adding an identifier type
//! is adding a rule file. Two roles are special: `role = "synthetic"` (the rule that reports
//! synthetic data) and `role = "record"` with `format = "hl7" | "fhir"` (one finding per file that
//! holds real-looking patient records). This module does not decide whether a value is PHI; see
//! `gate.rs`.

use super::validate::{self, Validator};
use crate::finding::Severity;
use crate::rule::{Rule, RuleError};
use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct MatcherToml {
    role: Option<String>,
    format: Option<String>,
    label: Option<String>,
    validator: Option<String>,
    anchor: bool,
    strong: bool,
    keys: Vec<String>,
    generic_keys: Vec<String>,
    fhir: Vec<String>,
    fhir_systems: Vec<String>,
    telecom: Vec<String>,
    identifier_types: Vec<String>,
    hl7: Vec<String>,
    cda: Vec<String>,
    cda_oids: Vec<String>,
    dicom: Vec<String>,
    pattern: Option<String>,
    context: Vec<String>,
}

/// What a rule is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Identifier,
    Synthetic,
    Record(String),
}

/// One compiled PHI rule.
#[derive(Debug)]
pub struct Spec {
    pub rule_id: String,
    pub role: Role,
    pub severity: Severity,
    /// "Social Security number".
    pub label: String,
    pub validator: Validator,
    pub is_name: bool,
    /// A value of this type, in a field named for it, ties its record to a person.
    pub anchor: bool,
    /// Judged alone: a record's other synthetic values do not make this one synthetic.
    pub strong: bool,
    keys: Vec<Vec<String>>,
    generic_keys: Vec<Vec<String>>,
    pub fhir: Vec<Vec<String>>,
    pub fhir_systems: Vec<String>,
    pub telecom: Vec<String>,
    pub identifier_types: Vec<String>,
    pub hl7: Vec<Hl7Pos>,
    pub cda: Vec<Vec<String>>,
    pub cda_oids: Vec<String>,
    pub dicom: Vec<(u16, u16)>,
    pub pattern: Option<Regex>,
    pub context: Vec<String>,
}

/// `PID-11.5`: segment, field, optional component (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hl7Pos {
    pub segment: String,
    pub field: usize,
    pub component: Option<usize>,
}

fn parse_hl7_pos(s: &str) -> Option<Hl7Pos> {
    let (seg, rest) = s.split_once('-')?;
    let (field, comp) = match rest.split_once('.') {
        Some((f, c)) => (f, Some(c.parse().ok()?)),
        None => (rest, None),
    };
    (seg.len() == 3).then_some(())?;
    Some(Hl7Pos {
        segment: seg.to_string(),
        field: field.parse().ok()?,
        component: comp,
    })
}

/// Splits a key into lower-case words: `patientSSN` -> `patient ssn`, `date_of_birth` ->
/// `date of birth`, `ZIPCode` -> `zip code`.
pub fn tokens(key: &str) -> Vec<String> {
    let mut out = crate::words::split(key);
    // Plurals match their singular: `phones` is a `phone` key.
    for t in &mut out {
        if t.len() > 3 && t.ends_with('s') && !t.ends_with("ss") {
            t.pop();
        }
    }
    out
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

impl Spec {
    fn compile(rule: &Rule) -> Result<Spec, RuleError> {
        let err = |m: String| RuleError::new(&rule.source, format!("[matcher]: {m}"));
        let m: MatcherToml = (*rule.matcher)
            .clone()
            .try_into()
            .map_err(|e: toml::de::Error| err(e.to_string()))?;
        let role = match m.role.as_deref() {
            None | Some("identifier") => Role::Identifier,
            Some("synthetic") => Role::Synthetic,
            Some("record") => match m.format.as_deref() {
                Some(f @ ("hl7" | "fhir")) => Role::Record(f.to_string()),
                other => {
                    return Err(err(format!(
                        "record rules need format = \"hl7\" or \"fhir\", not {other:?}"
                    )));
                }
            },
            Some(r) => {
                return Err(err(format!(
                    "unknown role `{r}` (identifier, synthetic, record)"
                )));
            }
        };
        let vname = m.validator.as_deref().unwrap_or("none");
        let validator = validate::lookup(vname).ok_or_else(|| {
            err(format!(
                "unknown validator `{vname}` (one of {})",
                validate::NAMES.join(", ")
            ))
        })?;
        if role == Role::Identifier && vname == "none" {
            return Err(err("identifier rules need a `validator`".into()));
        }
        let pattern = match &m.pattern {
            Some(p) => {
                if m.context.is_empty() {
                    return Err(err("a free-text `pattern` needs `context` words".into()));
                }
                Some(Regex::new(p).map_err(|e| err(format!("pattern: {e}")))?)
            }
            None => None,
        };
        let mut hl7 = Vec::new();
        for p in &m.hl7 {
            hl7.push(parse_hl7_pos(p).ok_or_else(|| {
                err(format!(
                    "hl7 position `{p}` must look like PID-19 or PID-11.5"
                ))
            })?);
        }
        let mut dicom = Vec::new();
        for t in &m.dicom {
            let parsed = t.split_once(',').and_then(|(g, e)| {
                Some((
                    u16::from_str_radix(g.trim(), 16).ok()?,
                    u16::from_str_radix(e.trim(), 16).ok()?,
                ))
            });
            dicom.push(
                parsed.ok_or_else(|| err(format!("dicom tag `{t}` must look like 0010,0010")))?,
            );
        }
        let split_path = |s: &String| s.split(['.', '/']).map(str::to_string).collect::<Vec<_>>();
        Ok(Spec {
            rule_id: rule.id.clone(),
            role,
            severity: rule.severity,
            label: m.label.unwrap_or_else(|| rule.name.replace('-', " ")),
            validator,
            is_name: vname == "person-name",
            anchor: m.anchor,
            strong: m.strong,
            keys: m.keys.iter().map(|k| tokens(k)).collect(),
            generic_keys: m.generic_keys.iter().map(|k| tokens(k)).collect(),
            fhir: m.fhir.iter().map(split_path).collect(),
            fhir_systems: m
                .fhir_systems
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            telecom: m.telecom,
            identifier_types: m.identifier_types,
            hl7,
            cda: m.cda.iter().map(split_path).collect(),
            cda_oids: m.cda_oids,
            dicom,
            pattern,
            context: m.context.iter().map(|c| c.to_lowercase()).collect(),
        })
    }
}

/// How a key matched a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyMatch {
    pub spec: usize,
    /// Matched only a generic key (`name`): the value must validate, and it anchors nothing.
    pub generic: bool,
}

/// Every compiled PHI rule, with the lookups the parsers use.
#[derive(Debug)]
pub struct Specs {
    pub all: Vec<Spec>,
}

impl Specs {
    pub fn compile(rules: &[Rule]) -> Result<Specs, RuleError> {
        let all = rules
            .iter()
            .map(Spec::compile)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Specs { all })
    }

    pub fn identifiers(&self) -> impl Iterator<Item = (usize, &Spec)> {
        self.all
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role == Role::Identifier)
    }

    /// The spec a column or key name belongs to: the longest key phrase wins (`ip_address` is an IP
    /// address, not a street address).
    pub fn for_key(&self, key: &str) -> Option<KeyMatch> {
        let t = tokens(key);
        if t.is_empty() {
            return None;
        }
        let mut best: Option<(usize, KeyMatch)> = None;
        for (i, s) in self.identifiers() {
            for k in &s.keys {
                if contains_seq(&t, k) && best.is_none_or(|(len, _)| k.len() > len) {
                    best = Some((
                        k.len(),
                        KeyMatch {
                            spec: i,
                            generic: false,
                        },
                    ));
                }
            }
        }
        if best.is_some() {
            return best.map(|b| b.1);
        }
        for (i, s) in self.identifiers() {
            if s.generic_keys.contains(&t) {
                return Some(KeyMatch {
                    spec: i,
                    generic: true,
                });
            }
        }
        None
    }

    /// Specs for an HL7 v2 field, as (spec, component) pairs.
    pub fn for_hl7(&self, segment: &str, field: usize) -> Vec<(usize, Option<usize>)> {
        let mut out = Vec::new();
        for (i, s) in self.identifiers() {
            for p in &s.hl7 {
                if p.segment == segment && p.field == field {
                    out.push((i, p.component));
                }
            }
        }
        out
    }

    /// The spec whose identifier-type codes (HL7 CX-5, FHIR `identifier.type`) include `code`.
    pub fn for_identifier_type(&self, code: &str) -> Option<usize> {
        let code = code.trim();
        if code.is_empty() {
            return None;
        }
        self.identifiers()
            .find(|(_, s)| {
                s.identifier_types
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(code))
            })
            .map(|(i, _)| i)
    }

    /// The spec whose FHIR identifier systems (or C-CDA OIDs) match `system`.
    pub fn for_system(&self, system: &str) -> Option<usize> {
        let sys = system.trim().to_ascii_lowercase();
        if sys.is_empty() {
            return None;
        }
        let sys = sys.trim_start_matches("urn:oid:");
        self.identifiers()
            .find(|(_, s)| {
                s.fhir_systems
                    .iter()
                    .any(|f| sys == f.trim_start_matches("urn:oid:") || sys.contains(f.as_str()))
                    || s.cda_oids.iter().any(|o| o == sys)
            })
            .map(|(i, _)| i)
    }

    /// The spec for a FHIR `telecom.system` value (`phone`, `fax`, `email`, `url`).
    pub fn for_telecom(&self, system: &str) -> Option<usize> {
        self.identifiers()
            .find(|(_, s)| s.telecom.iter().any(|t| t.eq_ignore_ascii_case(system)))
            .map(|(i, _)| i)
    }

    /// The spec whose FHIR paths end the resource-relative path `rel` (`contact.name.family` ends with
    /// `name.family`).
    pub fn for_fhir_path(&self, rel: &[&str]) -> Option<usize> {
        self.longest_suffix(rel, |s| &s.fhir)
    }

    /// The spec whose C-CDA element paths end `rel`.
    pub fn for_cda_path(&self, rel: &[&str]) -> Option<usize> {
        self.longest_suffix(rel, |s| &s.cda)
    }

    /// The identifier spec with the longest of its `paths` that ends `rel`.
    fn longest_suffix(
        &self,
        rel: &[&str],
        paths: impl Fn(&Spec) -> &Vec<Vec<String>>,
    ) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (i, s) in self.identifiers() {
            for p in paths(s) {
                if p.len() <= rel.len()
                    && rel[rel.len() - p.len()..]
                        .iter()
                        .zip(p)
                        .all(|(a, b)| a == b)
                    && best.is_none_or(|(len, _)| p.len() > len)
                {
                    best = Some((p.len(), i));
                }
            }
        }
        best.map(|b| b.1)
    }

    pub fn for_dicom(&self, group: u16, element: u16) -> Option<usize> {
        self.identifiers()
            .find(|(_, s)| s.dicom.contains(&(group, element)))
            .map(|(i, _)| i)
    }

    /// Every context word of every free-text pattern (for the line prefilter).
    pub fn context_words(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .identifiers()
            .filter(|(_, s)| s.pattern.is_some())
            .flat_map(|(_, s)| s.context.iter().cloned())
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_split_into_words() {
        assert_eq!(tokens("patientSSN"), ["patient", "ssn"]);
        assert_eq!(tokens("date_of_birth"), ["date", "of", "birth"]);
        assert_eq!(tokens("ZIPCode"), ["zip", "code"]);
        assert_eq!(tokens("PatientBirthDate"), ["patient", "birth", "date"]);
        assert_eq!(tokens("address_line1"), ["address", "line1"]);
        assert_eq!(tokens("gzip"), ["gzip"]);
    }

    #[test]
    fn hl7_positions_parse() {
        assert_eq!(
            parse_hl7_pos("PID-11.5"),
            Some(Hl7Pos {
                segment: "PID".into(),
                field: 11,
                component: Some(5)
            })
        );
        assert_eq!(parse_hl7_pos("PID"), None);
    }
}
