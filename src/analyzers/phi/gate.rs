//! The precision gate and the reporting of one file's candidates.
//!
//! A value is PHI when it is tied to a person (its record has an anchor: a name, SSN, birth date or
//! record number in a field named for it, or the parser knows it is a patient's) *and* the file has
//! health context. Without health context only a strong, fully validated identifier (an SSN, an MBI)
//! is reported, at low severity. A value that is invalid by design, or that shares a record with
//! such values, is synthetic; so is every value of a record that a record-level cue marks as made
//! up (an identifier spelled from the person's name), that belongs to a synthetic record (a made-up
//! patient's contact) or that sits in a `dummy/`, `mock/` or `fake/` directory, except strong
//! identifiers, which are judged alone. A record that holds published
//! sample data (`samples.rs`) is sample data as a whole, strong identifiers included. All of these
//! go into one info finding of the synthetic-data rule. Values tied to nobody are dropped. A file
//! gives one PHI finding: under the record rule for HL7/FHIR files, else under the rule of its most
//! sensitive identifier type (the highest severity, then strong, then anchor, then the first found),
//! with every type and count in its message and the first value as its location; with detail, one
//! per value. Values are always masked.

use super::hit::{Hit, Sink};
use super::samples;
use super::spec::{Role, Spec};
use super::validate::Verdict;
use crate::finding::{AnalyzerKind, Finding, Location, Severity, ValueKey, fingerprint};
use crate::redact::mask;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the gate needs to know about the file.
pub struct FileCtx<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub health: bool,
    /// Fixture-like path, or `--phi-scope all`.
    pub full_severity: bool,
    pub detail: bool,
    /// `hl7` or `fhir` when the file is made of patient records of that format.
    pub record_format: Option<&'static str>,
    /// A log file: each line with a person word is a record.
    pub log: bool,
    /// The file sits in a `dummy/`, `mock/` or `fake/` directory: its records are made up.
    pub synthetic_path: bool,
}

enum Class {
    Phi { low: bool },
    Synthetic(&'static str),
}

/// Turns one file's candidates into findings for the enabled rules.
pub fn report(ctx: &FileCtx, sink: &Sink, enabled: &HashSet<String>, out: &mut Vec<Finding>) {
    let (specs, hits) = (sink.specs, &sink.hits[..]);
    if hits.is_empty() {
        return;
    }
    #[derive(Default)]
    struct Rec {
        person: bool,
        synthetic: bool,
        /// Published sample data (a listed name or value): the whole record is the sample.
        sample: Option<&'static str>,
        /// Made up as a whole by a record- or file-level cue (strong identifiers excepted).
        made_up: Option<&'static str>,
    }
    let mut recs: HashMap<u32, Rec> = HashMap::new();
    for h in hits {
        let r = recs.entry(h.record).or_default();
        let spec = &specs.all[h.spec];
        r.person |= h.person || (spec.anchor && !h.generic);
        r.synthetic |= matches!(h.verdict, Verdict::Synthetic(_));
    }
    for (id, r) in recs.iter_mut() {
        r.sample = sink
            .samples
            .get(id)
            .copied()
            .or_else(|| sink.name_words.get(id).and_then(samples::known_name))
            .or_else(|| {
                sink.line_words
                    .get(id)
                    .and_then(samples::known_name_in_line)
            });
        r.made_up = sink.made_up.get(id).copied().or(ctx
            .synthetic_path
            .then_some("in a dummy, mock or fake data directory"));
    }
    // A record that belongs to a synthetic or sample one (a made-up patient's contact) is the
    // test's too.
    for (child, parent) in &sink.parent {
        let Some(p) = recs.get(parent) else { continue };
        let (sample, made_up) = (
            p.sample,
            (p.synthetic || p.made_up.is_some()).then_some("a contact of a synthetic patient"),
        );
        if let Some(c) = recs.get_mut(child) {
            c.sample = c.sample.or(sample);
            c.made_up = c.made_up.or(made_up);
        }
    }
    let mut classified: Vec<(&Hit, Class)> = Vec::new();
    for h in hits {
        let r = &recs[&h.record];
        let spec = &specs.all[h.spec];
        if !r.person {
            continue;
        }
        let made_up = r.made_up.filter(|_| !spec.strong);
        let class = match (r.sample, &h.verdict, made_up) {
            (Some(why), _, _) => Class::Synthetic(why),
            (None, Verdict::Synthetic(why), _) => Class::Synthetic(why),
            (None, _, Some(why)) => Class::Synthetic(why),
            _ if r.synthetic && !spec.strong => {
                Class::Synthetic("in a record whose other identifiers are synthetic")
            }
            (None, Verdict::Valid, _) if !ctx.health && spec.strong => Class::Phi { low: true },
            _ if !ctx.health => continue,
            _ => Class::Phi { low: false },
        };
        if matches!(class, Class::Synthetic(_)) && !ctx.health {
            continue;
        }
        classified.push((h, class));
    }
    // A record is real-looking PHI when it holds a strong identifier that validates (an SSN, an
    // MBI), or identifiers of two types or more: a lone name, date or record number in a
    // Patient resource, a test's `"birthDate": "2012-01-02"`, is not enough to point at a person.
    let mut types: HashMap<u32, (bool, HashSet<usize>)> = HashMap::new();
    for (h, c) in &classified {
        if matches!(c, Class::Phi { .. }) {
            let t = types.entry(h.record).or_default();
            t.0 |= specs.all[h.spec].strong && h.verdict == Verdict::Valid;
            t.1.insert(h.spec);
        }
    }
    // A line of a log is a record of its own: "admitted patient MRN 00482913" is enough there.
    classified.retain(|(h, c)| match c {
        Class::Phi { .. } => {
            let (strong, kinds) = &types[&h.record];
            *strong || kinds.len() >= 2 || (ctx.log && h.record >= super::LINE_RECORDS)
        }
        Class::Synthetic(_) => true,
    });

    // PHI, grouped by rule in order of rule.
    let mut by_spec: BTreeMap<usize, Vec<(&Hit, bool)>> = BTreeMap::new();
    let mut synthetic: Vec<(&Hit, &'static str)> = Vec::new();
    for (h, c) in &classified {
        match c {
            Class::Phi { low } => by_spec.entry(h.spec).or_default().push((h, *low)),
            Class::Synthetic(why) => synthetic.push((h, why)),
        }
    }
    let phi_records: HashSet<u32> = by_spec.values().flatten().map(|(h, _)| h.record).collect();
    let severity_of = |spec: &Spec, low: bool| {
        // Off fixture, data, sample and log paths (source code, docs, configuration) a value is
        // more often an example in code than a leak: low, unless `--phi-scope all`.
        if low || !ctx.full_severity {
            Severity::Low
        } else {
            spec.severity
        }
    };
    let reported: Vec<(&Spec, &Vec<(&Hit, bool)>)> = by_spec
        .iter()
        .map(|(i, list)| (&specs.all[*i], list))
        .filter(|(spec, _)| enabled.contains(&spec.rule_id))
        .collect();
    let record_rule = ctx.record_format.and_then(|fmt| {
        specs
            .all
            .iter()
            .find(|s| s.role == Role::Record(fmt.to_string()) && enabled.contains(&s.rule_id))
    });
    if ctx.detail {
        for (spec, list) in &reported {
            for (h, low) in list.iter() {
                let msg = format!("{} in {}: {}", spec.label, h.place, mask(&h.value));
                out.push(finding(
                    ctx,
                    &spec.rule_id,
                    severity_of(spec, *low),
                    msg,
                    h,
                    None,
                    1,
                    &spec.label,
                ));
            }
        }
    }
    // One finding per file: the record rule for a file of HL7 or FHIR records, else the rule of the
    // most sensitive identifier type found; the message counts every type. With detail, the record
    // rule still reports the file (the values have their own findings above). The record rule
    // counts every identifier type, enabled or not: the record is what it reports.
    let all: Vec<(&Spec, &Vec<(&Hit, bool)>)> = by_spec
        .iter()
        .map(|(i, list)| (&specs.all[*i], list))
        .collect();
    let counted = if record_rule.is_some() {
        &all
    } else {
        &reported
    };
    let first = counted
        .iter()
        .flat_map(|(_, list)| list.iter())
        .min_by_key(|(h, _)| h.start);
    if let Some(&(first, _)) = first
        && (!ctx.detail || record_rule.is_some())
    {
        let most_sensitive = reported
            .iter()
            .max_by_key(|(spec, list)| {
                (
                    list.iter().any(|(_, low)| !low),
                    spec.severity,
                    spec.strong,
                    spec.anchor,
                    std::cmp::Reverse(list.iter().map(|(h, _)| h.start).min()),
                )
            })
            .map(|(spec, _)| *spec);
        let types: Vec<String> = counted
            .iter()
            .map(|(spec, list)| format!("{}: {}", spec.label, list.len()))
            .collect();
        let low = counted.iter().all(|(_, list)| list.iter().all(|(_, l)| *l));
        let n_values: usize = counted.iter().map(|(_, list)| list.len()).sum();
        let chosen = match (record_rule, ctx.detail) {
            (Some(r), _) => Some(r),
            (None, false) => most_sensitive,
            (None, true) => None,
        };
        if let Some(spec) = chosen {
            let what = match ctx.record_format {
                Some("hl7") if record_rule.is_some() => {
                    format!(
                        "{} HL7 v2 message(s) with real-looking patient identifiers",
                        phi_records.len()
                    )
                }
                Some(_) if record_rule.is_some() => {
                    format!(
                        "{} FHIR person resource(s) with real-looking identifiers",
                        phi_records.len()
                    )
                }
                _ => format!("{n_values} real-looking identifier value(s)"),
            };
            let mut msg = format!(
                "{what} ({}); first in {}: {}",
                types.join(", "),
                first.place,
                mask(&first.value)
            );
            if low {
                msg.push_str(" (no health context: personal data, reported at low severity)");
            }
            let count = if record_rule.is_some() {
                phi_records.len()
            } else {
                n_values
            };
            let label = if record_rule.is_some() {
                spec.label.clone()
            } else {
                "PHI".to_string()
            };
            out.push(finding(
                ctx,
                &spec.rule_id,
                severity_of(spec, low),
                msg,
                first,
                Some("phi values"),
                count,
                &label,
            ));
        }
    }

    // Synthetic and sample data: one info finding per file (or per value with detail).
    if let Some(syn) = specs
        .all
        .iter()
        .find(|s| s.role == Role::Synthetic && enabled.contains(&s.rule_id))
        && !synthetic.is_empty()
    {
        if ctx.detail {
            for (h, why) in &synthetic {
                let label = &specs.all[h.spec].label;
                let msg = format!(
                    "synthetic {label} in {}: {} ({why})",
                    h.place,
                    mask(&h.value)
                );
                out.push(finding(
                    ctx,
                    &syn.rule_id,
                    syn.severity,
                    msg,
                    h,
                    None,
                    1,
                    label,
                ));
            }
        } else {
            let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, why) in &synthetic {
                *reasons.entry(why).or_default() += 1;
            }
            let first = synthetic.iter().min_by_key(|(h, _)| h.start).unwrap().0;
            let why: Vec<String> = reasons.iter().map(|(w, n)| format!("{w}: {n}")).collect();
            let msg = format!(
                "{} synthetic or sample identifier value(s), not PHI ({}); first in {}",
                synthetic.len(),
                why.join("; "),
                first.place
            );
            let mut f = finding(
                ctx,
                &syn.rule_id,
                syn.severity,
                msg,
                first,
                Some("synthetic data"),
                synthetic.len(),
                "synthetic data",
            );
            f.snippet = format!("{}: {}", first.place, mask(&first.value));
            out.push(f);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    ctx: &FileCtx,
    rule_id: &str,
    severity: Severity,
    message: String,
    at: &Hit,
    identity: Option<&str>,
    count: usize,
    label: &str,
) -> Finding {
    let mut properties = BTreeMap::new();
    properties.insert("identifier".to_string(), label.to_string());
    properties.insert("count".to_string(), count.to_string());
    properties.insert("first_location".to_string(), at.place.clone());
    Finding {
        rule_id: rule_id.to_string(),
        analyzer: AnalyzerKind::Phi,
        severity,
        message,
        location: Location::from_byte_span(ctx.path, ctx.text, at.start, at.end),
        snippet: format!("{}: {}", at.place, mask(&at.value)),
        // A per-value finding (`identity` None) is identified by its redacted snippet (left to the
        // engine) and bound to its value in memory only; the others by what they count.
        fingerprint: identity
            .map(|i| fingerprint(rule_id, ctx.path, i))
            .unwrap_or_default(),
        logical_location: Some(at.place.clone()),
        properties,
        value_key: identity.is_none().then(|| ValueKey::of(&at.value)),
    }
}
