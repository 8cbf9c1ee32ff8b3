//! The PHI analyzer: did real patient data leak into fixtures, seeds, samples or logs?
//!
//! Structure first, then patterns. Each file is read by the parser its format calls for (CSV/TSV,
//! JSON/NDJSON/YAML by key names, FHIR JSON/XML, HL7 v2, C-CDA, SQL INSERTs), which hands candidate
//! values to the validators named by the rules; free text (logs, docs, source) is then scanned for
//! validated patterns that follow a context word. `gate.rs` decides what is PHI (tied to a person,
//! in a file with health context), what is synthetic (invalid by design) and what is nothing, and
//! reports one finding per file unless `--phi-detail`. `samples.rs` holds the published sample
//! data (HL7, FHIR, C-CDA and DICOM example patients, placeholders) that is never PHI.
//!
//! Detection always uses every built-in PHI rule's matcher, even when only some rules are enabled,
//! so a record's synthetic-ness and person anchor do not depend on which rules run; only enabled
//! rules report. What this analyzer does not do: guess names from capitalisation, read DICOM pixel
//! data or anything past the patient module, or read PDFs and images.

pub mod cda;
pub mod context;
pub mod csv;
pub mod dicom;
pub mod error;
pub mod fhir;
pub mod gate;
pub mod hit;
pub mod hl7;
pub mod json;
pub mod keyed;
pub mod names;
pub mod samples;
pub mod spec;
pub mod sql;
pub mod text;
pub mod validate;
pub mod xml;

use super::{Analyzer, Output};
use crate::error::Error;
use crate::finding::AnalyzerKind;
use crate::input::{FileKind, Input};
use crate::note::Note;
use crate::rule::Rule;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

/// Where PHI findings get their rule's full severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Fixture-like paths only (tests/, fixtures/, seeds/, *.csv, *.hl7, ...); elsewhere one level
    /// lower.
    Fixtures,
    All,
}

/// `[phi]` in `.aseptic.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PhiConfig {
    /// `fixtures` (default) or `all`.
    pub scope: Option<Scope>,
    /// One finding per value instead of one per file.
    pub detail: Option<bool>,
}

/// Text-pass records are numbered from here, apart from structured records.
pub(crate) const LINE_RECORDS: u32 = 0x8000_0000;

pub struct PhiAnalyzer {
    specs: Arc<spec::Specs>,
    enabled: HashSet<String>,
    scanner: text::TextScanner,
    scope_all: bool,
    detail: bool,
}

impl PhiAnalyzer {
    /// `catalogue` holds every PHI rule loaded, enabled or not: detection uses all of them (a
    /// name next to a date of birth is judged with both rules' patterns), and only the rules in
    /// `enabled` report.
    pub fn new(
        catalogue: Vec<Rule>,
        enabled: HashSet<String>,
        config: &PhiConfig,
    ) -> Result<Self, Error> {
        let specs = compiled(catalogue)?;
        let scanner = text::TextScanner::new(&specs);
        Ok(PhiAnalyzer {
            specs,
            enabled,
            scanner,
            scope_all: config.scope == Some(Scope::All),
            detail: config.detail.unwrap_or(false),
        })
    }
}

/// Compiles the catalogue's matchers, once per distinct catalogue in a process: compiling the
/// patterns is the costly part of building the analyzer, and tests build it many times over.
fn compiled(catalogue: Vec<Rule>) -> Result<Arc<spec::Specs>, Error> {
    type Cache = Mutex<Vec<(Vec<Rule>, Arc<spec::Specs>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let same = |a: &[Rule], b: &[Rule]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.id == y.id
                    && x.severity == y.severity
                    && x.name == y.name
                    && x.matcher == y.matcher
            })
    };
    let cache = CACHE.get_or_init(Default::default);
    if let Some((_, specs)) = cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(rules, _)| same(rules, &catalogue))
    {
        return Ok(specs.clone());
    }
    let specs = Arc::new(spec::Specs::compile(&catalogue)?);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= 8 {
        cache.remove(0);
    }
    cache.push((catalogue, specs.clone()));
    Ok(specs)
}

impl Analyzer for PhiAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Phi
    }

    fn applies_to(&self, input: &Input) -> bool {
        !self.enabled.is_empty()
            && matches!(
                input.kind,
                FileKind::Csv
                    | FileKind::Hl7
                    | FileKind::Json
                    | FileKind::Xml
                    | FileKind::Sql
                    | FileKind::Yaml
                    | FileKind::Kubernetes
                    | FileKind::Source
                    | FileKind::Rust
                    | FileKind::Text
                    | FileKind::Dicom
            )
    }

    fn analyze(&self, input: &Input, out: &mut Output) {
        let text: &str = &input.text;
        let path = input.path;
        let mut sink = hit::Sink::new(&self.specs);
        let mut record_format = None;
        let mut text_pass = true;
        let mut health_format = false;
        // Tables and keyed documents: their structure decides, not words inside their values.
        let mut tabular = false;
        let mut note = |what: &str, e: error::DocError| {
            out.notes.push(Note::warning(
                Some(path),
                format!("PHI: not read as {what} ({e}); the rest of the file was scanned as text where possible"),
            ));
        };
        match input.kind {
            _ if dicom::is_dicom(path, input.bytes) => {
                if let Err(e) = dicom::scan(input.bytes, &mut sink) {
                    note("DICOM", e);
                }
                text_pass = false;
                health_format = true;
            }
            FileKind::Csv => {
                csv::scan(path, text, &mut sink);
                tabular = true;
            }
            FileKind::Text | FileKind::Source if hl7::looks_like_hl7(text) => {
                hl7::scan(text, &mut sink);
                record_format = Some("hl7");
                text_pass = false;
                health_format = true;
            }
            FileKind::Hl7 => {
                hl7::scan(text, &mut sink);
                record_format = Some("hl7");
                text_pass = false;
                health_format = true;
            }
            FileKind::Json if fhir::is_fhir_json(text) => {
                let ext = input.extension();
                let encoding = if ext == "ndjson" || ext == "jsonl" {
                    fhir::Encoding::Ndjson
                } else {
                    fhir::Encoding::Json
                };
                match fhir::scan(text, encoding, &mut sink, &self.scanner) {
                    Ok(()) => text_pass = false,
                    Err(e) => note("FHIR JSON", e),
                }
                record_format = Some("fhir");
                health_format = true;
            }
            FileKind::Json => {
                let ext = input.extension();
                let nd = ext == "ndjson" || ext == "jsonl";
                if let Err(e) = keyed::scan_json(text, nd, &mut sink) {
                    note("JSON", e);
                }
                tabular = true;
            }
            FileKind::Xml if fhir::is_fhir_xml(text) => {
                match fhir::scan(text, fhir::Encoding::Xml, &mut sink, &self.scanner) {
                    Ok(()) => text_pass = false,
                    Err(e) => note("FHIR XML", e),
                }
                record_format = Some("fhir");
                health_format = true;
            }
            FileKind::Xml if cda::is_cda(text) => {
                match cda::scan(text, &mut sink) {
                    Ok(()) => text_pass = false,
                    Err(e) => note("C-CDA", e),
                }
                health_format = true;
            }
            FileKind::Sql => {
                sql::scan(text, &mut sink);
                tabular = true;
            }
            FileKind::Yaml | FileKind::Kubernetes => {
                keyed::scan_yaml(text, &mut sink);
                tabular = true;
            }
            _ => {}
        }
        // Health context: a health format; for tables and keyed documents a health word in the path
        // or a health field (a `diagnosis` column, a `medications` key), never words inside their
        // values (a song called "Hospital"); for other text, two health terms. Prose and
        // documentation describe people rather than record them: never health context.
        let is_log = input.extension() == "log";
        let health = health_format
            || if tabular {
                sink.health_fields || context::path_has_health_word(path)
            } else {
                !context::is_prose(path) && context::has_health_context(path, text)
            };
        if text_pass {
            let structured = sink.hits.len();
            let region = text::Region {
                start: 0,
                end: text.len(),
                forced: None,
                record_base: LINE_RECORDS,
                // In a table or keyed document the structure has already placed every value;
                // loose text in it (a track list's "Mr. Postman") is looked at for strong
                // identifiers only.
                strong_only: !health || tabular,
                weak_ok: is_log,
            };
            self.scanner.scan(text, &mut sink, region);
            if structured > 0 && sink.hits.len() > structured {
                let mut spans: Vec<(usize, usize)> = sink.hits[..structured]
                    .iter()
                    .map(|h| (h.start, h.end))
                    .collect();
                spans.sort_unstable();
                let overlaps = |s: usize, e: usize| {
                    let i = spans.partition_point(|x| x.0 < e);
                    spans[..i].iter().rev().take(4).any(|x| x.1 > s)
                };
                let mut k = 0;
                sink.hits.retain(|h| {
                    k += 1;
                    k <= structured || !overlaps(h.start, h.end)
                });
            }
        }
        if sink.long_lines > 0 {
            out.notes.push(Note::info(
                Some(path),
                format!(
                    "PHI: {} line(s) longer than {} bytes were not scanned for identifiers in free text",
                    sink.long_lines,
                    text::MAX_LINE
                ),
            ));
        }
        if sink.hits.is_empty() {
            return;
        }
        // Offsets of DICOM hits are into the binary header, not the text.
        if input.kind != FileKind::Dicom && !dicom::is_dicom(path, input.bytes) {
            out.values
                .extend(sink.hits.iter().map(|h| (h.start, h.end)));
        }
        let ctx = gate::FileCtx {
            path,
            text,
            health,
            // A health record format (HL7, FHIR, C-CDA, DICOM) is data wherever it sits.
            full_severity: self.scope_all || health_format || context::is_fixture_path(path),
            detail: self.detail,
            record_format,
            log: is_log,
            synthetic_path: context::is_synthetic_data_path(path),
        };
        gate::report(&ctx, &sink, &self.enabled, &mut out.findings);
    }
}
