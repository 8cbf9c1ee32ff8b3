//! A candidate value found by a parser, and the sink parsers push candidates into.
//!
//! Parsers know structure (which column, which FHIR element, which HL7 field) and nothing about
//! severity or reporting; they hand each candidate to [`Sink::judge`], which runs the spec's
//! validator and keeps what could matter. Deciding whether a kept value is PHI, synthetic or
//! nothing is `gate.rs`'s job.

use super::samples;
use super::spec::Specs;
use super::validate::Verdict;
use std::collections::{HashMap, HashSet};

/// One candidate identifier value.
#[derive(Debug, Clone)]
pub struct Hit {
    pub spec: usize,
    /// The raw value (never printed unmasked).
    pub value: String,
    /// Byte span in the file's text.
    pub start: usize,
    pub end: usize,
    /// Where, for a person: "column `ssn`, row 14", "PID-7", "Patient.birthDate".
    pub place: String,
    /// The record the value belongs to (a CSV row, an HL7 message, a FHIR resource, a line of free
    /// text); values of one record share a person and synthetic-ness.
    pub record: u32,
    pub verdict: Verdict,
    /// Found through a generic key only (`name`): anchors nothing.
    pub generic: bool,
    /// The parser already knows the value belongs to a person (a PID segment, a FHIR Patient, a
    /// log line that says "patient").
    pub person: bool,
}

pub struct Sink<'s> {
    pub specs: &'s Specs,
    pub hits: Vec<Hit>,
    /// A column, key or table name of the file says its data is about health care.
    pub health_fields: bool,
    /// Per record: the words of every person-name candidate, valid or not (`Chalmers${C8}` is
    /// still the FHIR example patient), for the published-sample check.
    pub name_words: HashMap<u32, HashSet<String>>,
    /// Per record: the words of the free-text lines it was found on.
    pub line_words: HashMap<u32, HashSet<String>>,
    /// Records holding a published sample value, with the reason.
    pub samples: HashMap<u32, &'static str>,
    /// Records that a record-level cue marks as made up (an identifier spelled from the person's
    /// own name), with the reason: their values are synthetic, strong identifiers excepted.
    pub made_up: HashMap<u32, &'static str>,
    /// Records that belong to another (a Patient's contact to its patient): a synthetic or sample
    /// parent makes them synthetic too, not the other way round.
    pub parent: HashMap<u32, u32>,
    /// Lines over the free-text scanner's length budget ([`super::text::MAX_LINE`]) that held a
    /// context word and were not looked into (the analyzer notes them).
    pub long_lines: usize,
}

/// Where a candidate is, as the parsers describe it.
pub struct At {
    pub start: usize,
    pub end: usize,
    pub record: u32,
    pub person: bool,
    pub generic: bool,
}

impl<'s> Sink<'s> {
    pub fn new(specs: &'s Specs) -> Self {
        Sink {
            specs,
            hits: Vec::new(),
            health_fields: false,
            name_words: HashMap::new(),
            line_words: HashMap::new(),
            samples: HashMap::new(),
            made_up: HashMap::new(),
            parent: HashMap::new(),
            long_lines: 0,
        }
    }

    /// Notes a column, key or table name: one about health care gives the file health context.
    pub fn see_key(&mut self, key: &str) {
        if !self.health_fields && super::context::is_health_field(key) {
            self.health_fields = true;
        }
    }

    /// Validates `value` against spec `spec` and keeps it unless it is not this identifier (or is
    /// only weak evidence found through a generic key). `place` is built only for kept values.
    pub fn judge(&mut self, spec: usize, value: &str, at: At, place: impl FnOnce() -> String) {
        let value = value.trim();
        if value.is_empty() || value.len() > 200 {
            return;
        }
        if self.specs.all[spec].is_name {
            self.name_words
                .entry(at.record)
                .or_default()
                .extend(samples::name_words(value));
        }
        if let Some(why) = samples::known_value(value) {
            self.samples.entry(at.record).or_insert(why);
        }
        let verdict = (self.specs.all[spec].validator)(value);
        match verdict {
            Verdict::Invalid => return,
            Verdict::Weak if at.generic => return,
            _ => {}
        }
        self.hits.push(Hit {
            spec,
            value: value.to_string(),
            start: at.start,
            end: at.end,
            place: place(),
            record: at.record,
            verdict,
            generic: at.generic,
            person: at.person,
        });
    }
}
