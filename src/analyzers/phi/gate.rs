//! The precision gate and the reporting of one file's candidates.
//!
//! A value is PHI when it is tied to a person (its record has an anchor: a name, SSN, birth date or
//! record number in a field named for it, or the parser knows it is a patient's) *and* the file has
//! health context. Without health context only a strong, fully validated identifier (an SSN, an MBI)
//! is reported, at low severity. A value that is invalid by design, or that shares a record with
//! such values, is synthetic: it goes into one info finding of the synthetic-data rule. Values
//! tied to nobody are dropped. Many values of one type in a file give one finding with a count and
//! the first location, unless detail is asked for. Values are always masked.

use super::hit::Hit;
use super::spec::{Role, Specs};
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
}

enum Class {
    Phi { low: bool },
    Synthetic(&'static str),
}

fn lower(s: Severity) -> Severity {
    match s {
        Severity::Critical => Severity::High,
        Severity::High => Severity::Medium,
        Severity::Medium | Severity::Low => Severity::Low,
        Severity::Info => Severity::Info,
    }
}

/// Turns one file's candidates into findings for the enabled rules.
pub fn report(
    ctx: &FileCtx,
    specs: &Specs,
    enabled: &HashSet<String>,
    hits: &[Hit],
    out: &mut Vec<Finding>,
) {
    if hits.is_empty() {
        return;
    }
    #[derive(Default, Clone, Copy)]
    struct Rec {
        person: bool,
        synthetic: bool,
    }
    let mut recs: HashMap<u32, Rec> = HashMap::new();
    for h in hits {
        let r = recs.entry(h.record).or_default();
        let spec = &specs.all[h.spec];
        r.person |= h.person || (spec.anchor && !h.generic);
        r.synthetic |= matches!(h.verdict, Verdict::Synthetic(_));
    }
    let mut classified: Vec<(&Hit, Class)> = Vec::new();
    for h in hits {
        let r = recs[&h.record];
        let spec = &specs.all[h.spec];
        if !r.person {
            continue;
        }
        let class = match h.verdict {
            Verdict::Synthetic(why) => Class::Synthetic(why),
            _ if r.synthetic && !spec.strong => {
                Class::Synthetic("in a record whose other identifiers are synthetic")
            }
            Verdict::Valid if !ctx.health && spec.strong => Class::Phi { low: true },
            _ if !ctx.health => continue,
            _ => Class::Phi { low: false },
        };
        if matches!(class, Class::Synthetic(_)) && !ctx.health {
            continue;
        }
        classified.push((h, class));
    }

    // PHI, grouped by rule in order of first appearance.
    let mut by_spec: BTreeMap<usize, Vec<(&Hit, bool)>> = BTreeMap::new();
    let mut synthetic: Vec<(&Hit, &'static str)> = Vec::new();
    for (h, c) in &classified {
        match c {
            Class::Phi { low } => by_spec.entry(h.spec).or_default().push((h, *low)),
            Class::Synthetic(why) => synthetic.push((h, why)),
        }
    }
    let mut phi_records: HashSet<u32> = HashSet::new();
    let mut first_phi: Option<&Hit> = None;
    for (spec_i, list) in &by_spec {
        let spec = &specs.all[*spec_i];
        for (h, _) in list {
            phi_records.insert(h.record);
            if first_phi.is_none_or(|f| h.start < f.start) {
                first_phi = Some(h);
            }
        }
        if !enabled.contains(&spec.rule_id) {
            continue;
        }
        let severity_of = |low: bool| {
            if low {
                Severity::Low
            } else if ctx.full_severity {
                spec.severity
            } else {
                lower(spec.severity)
            }
        };
        if ctx.detail {
            for (h, low) in list {
                let msg = format!("{} in {}: {}", spec.label, h.place, mask(&h.value));
                out.push(finding(
                    ctx,
                    &spec.rule_id,
                    severity_of(*low),
                    msg,
                    h,
                    None,
                    1,
                    &spec.label,
                ));
            }
        } else {
            let (first, _) = list.iter().min_by_key(|(h, _)| h.start).unwrap();
            let low = list.iter().all(|(_, l)| *l);
            let n = list.len();
            let mut msg = if n == 1 {
                format!("{} in {}: {}", spec.label, first.place, mask(&first.value))
            } else {
                format!(
                    "{n} values of type {} in this file; first in {}: {}",
                    spec.label,
                    first.place,
                    mask(&first.value)
                )
            };
            if low {
                msg.push_str(" (no health context: personal data, reported at low severity)");
            }
            let key = format!("{} values", spec.label);
            out.push(finding(
                ctx,
                &spec.rule_id,
                severity_of(low),
                msg,
                first,
                Some(&key),
                n,
                &spec.label,
            ));
        }
    }

    // Synthetic data: one info finding per file (or per value with detail).
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
                "{} synthetic-looking identifier value(s), not PHI ({}); first in {}",
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

    // Record-level: a file of HL7 or FHIR patient records with real-looking identifiers.
    if let (Some(fmt), Some(first)) = (ctx.record_format, first_phi)
        && let Some(spec) = specs
            .all
            .iter()
            .find(|s| s.role == Role::Record(fmt.to_string()) && enabled.contains(&s.rule_id))
    {
        let n = phi_records.len();
        let what = if fmt == "hl7" {
            "HL7 v2 message(s)"
        } else {
            "FHIR person resource(s)"
        };
        let msg = format!(
            "{n} {what} with real-looking patient identifiers; first in {}",
            first.place
        );
        let severity = if ctx.full_severity {
            spec.severity
        } else {
            lower(spec.severity)
        };
        out.push(finding(
            ctx,
            &spec.rule_id,
            severity,
            msg,
            first,
            Some("records"),
            n,
            &spec.label,
        ));
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
