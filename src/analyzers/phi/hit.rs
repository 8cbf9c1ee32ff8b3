//! A candidate value found by a parser, and the sink parsers push candidates into.
//!
//! Parsers know structure (which column, which FHIR element, which HL7 field) and nothing about
//! severity or reporting; they hand each candidate to [`Sink::judge`], which runs the spec's
//! validator and keeps what could matter. Deciding whether a kept value is PHI, synthetic or
//! nothing is `gate.rs`'s job.

use super::spec::Specs;
use super::validate::Verdict;

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
            long_lines: 0,
        }
    }

    /// Validates `value` against spec `spec` and keeps it unless it is not this identifier (or is
    /// only weak evidence found through a generic key). `place` is built only for kept values.
    pub fn judge(&mut self, spec: usize, value: &str, at: At, place: impl FnOnce() -> String) {
        let value = value.trim();
        if value.is_empty() || value.len() > 200 {
            return;
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
