//! A small XML reader that keeps byte spans, for FHIR XML and C-CDA.
//!
//! It yields a flat list of [`Node`]s: every attribute and every non-blank text run, each with the
//! path of enclosing elements (local names, namespace prefixes dropped) and their ids. It skips
//! comments, processing instructions and DOCTYPE, reads CDATA as text, and is tolerant of
//! mismatched end tags. It does not resolve namespaces or entities beyond the five predefined ones,
//! and never expands DTD entities, so an entity bomb is inert text.

use super::error::DocError;

pub const MAX_DEPTH: usize = 512;

#[derive(Debug, Clone)]
pub struct Node {
    /// Enclosing elements, outermost first: (local name, element id).
    pub path: Vec<(String, u32)>,
    /// `Some(name)` for an attribute of the innermost element, `None` for its text.
    pub attr: Option<String>,
    pub value: String,
    pub start: usize,
    pub end: usize,
}

impl Node {
    pub fn element(&self) -> &str {
        self.path.last().map_or("", |p| p.0.as_str())
    }
    /// The innermost element's id.
    pub fn id(&self) -> u32 {
        self.path.last().map_or(0, |p| p.1)
    }
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

pub fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Reads the document into nodes.
pub fn nodes(text: &str) -> Result<Vec<Node>, DocError> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut path: Vec<(String, u32)> = Vec::new();
    let mut next_id = 0u32;
    let mut i = 0;
    let find = |from: usize, pat: &str| -> Option<usize> {
        memchr::memmem::find(&b[from.min(b.len())..], pat.as_bytes()).map(|n| from + n)
    };
    while i < b.len() {
        let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|n| i + n) else {
            break;
        };
        if lt > i && !path.is_empty() {
            let raw = &text[i..lt];
            let t = raw.trim();
            if !t.is_empty() {
                let s = i + (raw.len() - raw.trim_start().len());
                out.push(Node {
                    path: path.clone(),
                    attr: None,
                    value: decode(t),
                    start: s,
                    end: s + t.len(),
                });
            }
        }
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = find(lt + 4, "-->").map_or(b.len(), |n| n + 3);
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            let s = lt + 9;
            let e = find(s, "]]>").unwrap_or(b.len());
            if !path.is_empty() && !text[s..e].trim().is_empty() {
                out.push(Node {
                    path: path.clone(),
                    attr: None,
                    value: text[s..e].trim().to_string(),
                    start: s,
                    end: e,
                });
            }
            i = (e + 3).min(b.len());
            continue;
        }
        if rest.starts_with(b"<?") {
            i = find(lt + 2, "?>").map_or(b.len(), |n| n + 2);
            continue;
        }
        if rest.starts_with(b"<!") {
            i = find(lt + 2, ">").map_or(b.len(), |n| n + 1);
            continue;
        }
        // A tag: find its end, honouring quotes.
        let mut j = lt + 1;
        let mut quote = 0u8;
        while j < b.len() {
            let c = b[j];
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if c == b'"' || c == b'\'' {
                quote = c;
            } else if c == b'>' {
                break;
            }
            j += 1;
        }
        if j >= b.len() {
            return Err(DocError::Xml("unterminated tag"));
        }
        let tag = &text[lt + 1..j];
        i = j + 1;
        if let Some(name) = tag.strip_prefix('/') {
            let name = local(name.trim());
            if let Some(pos) = path.iter().rposition(|(n, _)| n == name) {
                path.truncate(pos);
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let name = local(&tag[..name_end]).to_string();
        if path.len() >= MAX_DEPTH {
            return Err(DocError::Xml("elements nested too deeply"));
        }
        next_id += 1;
        path.push((name, next_id));
        // Attributes.
        let ab = tag.as_bytes();
        let mut k = name_end;
        while k < ab.len() {
            while k < ab.len() && ab[k].is_ascii_whitespace() {
                k += 1;
            }
            let an_start = k;
            while k < ab.len() && ab[k] != b'=' && !ab[k].is_ascii_whitespace() {
                k += 1;
            }
            let an = &tag[an_start..k];
            while k < ab.len() && (ab[k].is_ascii_whitespace() || ab[k] == b'=') {
                k += 1;
            }
            if k >= ab.len() || !(ab[k] == b'"' || ab[k] == b'\'') {
                // An unquoted value (not XML, but seen): skip it whole, so the next attribute
                // name starts after whitespace, never inside a multi-byte character.
                while k < ab.len() && !ab[k].is_ascii_whitespace() {
                    k += 1;
                }
                continue;
            }
            let q = ab[k];
            let vs = k + 1;
            let ve = tag[vs..].find(q as char).map_or(tag.len(), |n| vs + n);
            if !an.is_empty() && !an.starts_with("xmlns") {
                out.push(Node {
                    path: path.clone(),
                    attr: Some(local(an).to_string()),
                    value: decode(&tag[vs..ve]),
                    start: lt + 1 + vs,
                    end: lt + 1 + ve,
                });
            }
            k = ve + 1;
        }
        if self_closing {
            path.pop();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_text_and_paths() {
        let t = r#"<?xml version="1.0"?><!-- c --><Patient xmlns="http://hl7.org/fhir"><birthDate value="1957-03-14"/><name><family value="Ng"/></name><text><div>Ana &amp; Bo</div></text></Patient>"#; // aseptic:allow made-up test value
        let n = nodes(t).unwrap();
        assert_eq!(n[0].element(), "birthDate");
        assert_eq!(n[0].attr.as_deref(), Some("value"));
        assert_eq!(&t[n[0].start..n[0].end], "1957-03-14");
        assert_eq!(n[1].path.len(), 3);
        assert_eq!(n[2].value, "Ana & Bo");
        assert!(nodes("<a").is_err());
    }

    #[test]
    fn unquoted_non_ascii_values_are_skipped_whole() {
        let t = "<name a=éé b=\"x\" c=ü/>";
        let n = nodes(t).unwrap();
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].attr.as_deref(), Some("b"));
        assert_eq!(n[0].value, "x");
    }
}
