//! C-CDA documents: the patient in `recordTarget/patientRole` (ids, address, telecom, name, birth
//! time, and a guardian's name) matched by element path, with an `id`'s type taken from its `root`
//! OID (SSN, NPI, Medicare) before falling back to the rule that claims `id/@extension`.
//!
//! Everything under one `recordTarget` is one record tied to one person. The clinical sections'
//! narrative tables are not looked into (the free-text scan may still catch labelled values there
//! in a later version).

use super::error::DocError;
use super::hit::{At, Sink};
use super::xml;

/// Is this XML text a CDA document?
pub fn is_cda(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(4096)];
    memchr::memmem::find(head, b"urn:hl7-org:v3").is_some()
        || memchr::memmem::find(head, b"<ClinicalDocument").is_some()
}

pub fn scan(text: &str, sink: &mut Sink) -> Result<(), DocError> {
    let nodes = xml::nodes(text)?;
    for (i, n) in nodes.iter().enumerate() {
        let Some(k) = n.path.iter().position(|(name, _)| name == "recordTarget") else {
            continue;
        };
        let mut rel: Vec<String> = n.path[k + 1..]
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        if let Some(a) = &n.attr {
            rel.push(format!("@{a}"));
        }
        let rel_s: Vec<&str> = rel.iter().map(String::as_str).collect();
        let element = n.element();
        if element == "id"
            && n.attr.as_deref() == Some("root")
            && let Some(why) = super::samples::known_system(&n.value)
        {
            sink.samples.entry(n.path[k].1).or_insert(why);
        }
        let mut value = n.value.clone();
        let spec = match (element, n.attr.as_deref()) {
            ("id", Some("extension")) => {
                let root = nodes[..i]
                    .iter()
                    .rev()
                    .chain(nodes[i + 1..].iter())
                    .filter(|o| o.id() == n.id() && o.attr.as_deref() == Some("root"))
                    .map(|o| o.value.as_str())
                    .next()
                    .unwrap_or("");
                sink.specs
                    .for_system(root)
                    .or_else(|| sink.specs.for_cda_path(&rel_s))
            }
            ("telecom", Some("value")) => {
                let (kind, rest) = value.split_once(':').unwrap_or(("tel", value.as_str()));
                let kind = match kind {
                    "tel" => "phone",
                    "fax" => "fax",
                    "mailto" => "email",
                    _ => "url",
                };
                let rest = rest.to_string();
                let spec = sink.specs.for_telecom(kind);
                if kind != "url" {
                    value = rest;
                }
                spec
            }
            (_, None | Some("value")) => sink.specs.for_cda_path(&rel_s),
            _ => None,
        };
        let Some(spec) = spec else { continue };
        let at = At {
            start: n.start,
            end: n.end,
            record: n.path[k].1,
            person: true,
            generic: false,
        };
        sink.judge(spec, &value, at, || rel.join("/"));
    }
    Ok(())
}
