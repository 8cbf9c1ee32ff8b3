//! HL7 v2 messages: fields of the person segments (PID, NK1, IN1, GT1, and PV1 for admission and
//! provider ids) by position, with the delimiters each message declares in its MSH segment.
//!
//! Segments end in a bare CR (or CRLF/LF in hand-edited fixtures); `Location::from_byte_span`
//! counts a bare CR as a line end, so a finding's line is its segment. Every message is one record
//! tied to its patient. A PID-3 repetition is typed by its CX-5 code (`SS`, `MR`, `MC`, ...)
//! before falling back to the rule that claims the position. Escape sequences are not decoded and
//! Z-segments are not looked into.

use super::hit::{At, Sink};

struct Delims {
    field: u8,
    comp: u8,
    rep: u8,
    sub: u8,
}

/// Splits `s` (at byte offset `base`) on `sep`, yielding spans.
fn split(s: &str, base: usize, sep: u8) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == sep {
            out.push((base + start, base + i));
            start = i + 1;
        }
    }
    out.push((base + start, base + s.len()));
    out
}

/// Does this text (of a `.txt`, `.msg` or extension-less file) start with an HL7 v2 message or
/// batch header, after an optional byte order mark and blank lines?
pub fn looks_like_hl7(text: &str) -> bool {
    let t = text.trim_start_matches(['\u{feff}', '\r', '\n', ' ', '\t']);
    ["MSH|", "FHS|", "BHS|"].iter().any(|h| t.starts_with(h))
}

pub fn scan(text: &str, sink: &mut Sink) {
    let mut d = Delims {
        field: b'|',
        comp: b'^',
        rep: b'~',
        sub: b'&',
    };
    let mut message = 0u32;
    // A byte order mark (a UTF-8 file, or what is left of a decoded UTF-16 one) is not a segment.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offset = bom;
    for raw in text[bom..].split_inclusive(['\r', '\n']) {
        let seg_start = offset;
        offset += raw.len();
        let seg = raw.trim_end_matches(['\r', '\n']);
        // A segment name is three ASCII bytes; anything else (a multi-byte character among the
        // first bytes, say) is not a segment.
        let Some(name) = seg.get(..3).filter(|n| n.is_ascii() && seg.len() >= 4) else {
            continue;
        };
        if name == "MSH" {
            let b = seg.as_bytes();
            let enc = &b[4..];
            let (field, comp, rep, sub) = (
                b[3],
                enc.first().copied().unwrap_or(b'^'),
                enc.get(1).copied().unwrap_or(b'~'),
                enc.get(3).copied().filter(|&c| c != b[3]).unwrap_or(b'&'),
            );
            // Delimiters must be ASCII, or splitting on them would cut characters apart.
            if !(field.is_ascii() && comp.is_ascii() && rep.is_ascii() && sub.is_ascii()) {
                return;
            }
            d = Delims {
                field,
                comp,
                rep,
                sub,
            };
            message += 1;
            continue;
        }
        if seg.as_bytes()[3] != d.field {
            continue;
        }
        let fields = split(seg, seg_start, d.field);
        for (f_idx, &(fs, fe)) in fields.iter().enumerate().skip(1) {
            if fs == fe {
                continue;
            }
            let targets = sink.specs.for_hl7(name, f_idx);
            if targets.is_empty() {
                continue;
            }
            for (rs, re) in split(&text[fs..fe], fs, d.rep) {
                let comps = split(&text[rs..re], rs, d.comp);
                let comp = |i: usize| comps.get(i).map_or("", |&(s, e)| &text[s..e]);
                // A typed identifier (CX-5) names its own rule.
                let typed = (comps.len() >= 5)
                    .then(|| sink.specs.for_identifier_type(comp(4)))
                    .flatten();
                let mut pairs: Vec<(usize, Option<usize>)> = targets.clone();
                if let Some(t) = typed {
                    pairs = vec![(t, Some(1))];
                }
                for (spec, component) in pairs {
                    let (value, s, e) = match component {
                        Some(c) => match comps.get(c - 1) {
                            Some(&(s, e)) => (text[s..e].to_string(), s, e),
                            None => continue,
                        },
                        None if sink.specs.all[spec].is_name => {
                            // Subcomponents (`EVERYMAN&&&&Aniston`: surname parts) are words.
                            let sub = d.sub as char;
                            let parts: Vec<String> = (0..3)
                                .flat_map(|i| comp(i).split(sub))
                                .filter(|p| !p.is_empty())
                                .map(str::to_string)
                                .collect();
                            (parts.join(" "), rs, re)
                        }
                        None if !comp(0).is_empty() => {
                            (comp(0).to_string(), comps[0].0, comps[0].1)
                        }
                        None if !comp(5).is_empty() && !comp(6).is_empty() => {
                            (format!("{}{}", comp(5), comp(6)), rs, re)
                        }
                        None if !comp(3).is_empty() => {
                            (comp(3).to_string(), comps[3].0, comps[3].1)
                        }
                        None => continue,
                    };
                    let at = At {
                        start: s,
                        end: e,
                        record: message,
                        person: true,
                        generic: false,
                    };
                    let place = || {
                        let pos = match component {
                            Some(c) if typed.is_none() => format!("{name}-{f_idx}.{c}"),
                            _ => format!("{name}-{f_idx}"),
                        };
                        if message > 1 {
                            format!("message {message}, {pos}")
                        } else {
                            pos
                        }
                    };
                    sink.judge(spec, &value, at, place);
                }
            }
        }
    }
}
