//! The matching pipeline over one haystack (a file's text, or a decoded blob):
//! keyword prefilter → candidate rules' `find_iter` on the lines holding their keywords →
//! captures only on a hit → entropy → allowlists → placeholder filter → checksum → validate.
//!
//! One ASCII-case-insensitive Aho-Corasick automaton holds every rule's keywords, so a file is
//! searched once however many rules there are; a rule's regex then runs only over the lines where
//! one of its keywords occurs (whole file for `multiline` rules). It returns [`Hit`]s with byte
//! spans; it does not build findings, mask values or know where the bytes came from.

use super::filters;
use super::matcher::{Allowlist, CompiledRule};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::BTreeMap;

/// A secret found: which rule, the secret's byte span in the haystack, the secret itself.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub secret: String,
    pub props: BTreeMap<String, String>,
}

/// What one haystack gave: the hits each rule kept (at most
/// [`crate::engine::MAX_FINDINGS_PER_RULE`] a rule), and for each rule that matched more, the spans
/// of the rest: they are masked wherever a snippet shows them and counted in a note, but hold no
/// value, so memory stays small however many matches a hostile file makes.
#[derive(Debug, Default)]
pub struct Scanned {
    pub hits: Vec<Hit>,
    /// Rule index → spans of its hits past the cap.
    pub over_cap: BTreeMap<usize, Vec<(usize, usize)>>,
}

/// The compiled rule set and its keyword automaton.
pub struct Matcher {
    pub rules: Vec<CompiledRule>,
    keywords: Option<AhoCorasick>,
    /// For each keyword pattern, the rules that list it.
    keyword_rules: Vec<Vec<usize>>,
    /// Rules with no keywords: they run on every file their paths admit.
    always: Vec<usize>,
}

impl Matcher {
    pub fn new(rules: Vec<CompiledRule>) -> Matcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if r.keywords.is_empty() {
                always.push(i);
            }
            for k in &r.keywords {
                match patterns.iter().position(|p| p == k) {
                    Some(p) => keyword_rules[p].push(i),
                    None => {
                        patterns.push(k.clone());
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        let keywords = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                // A full DFA: a few MiB for a few hundred keywords, and one table lookup a byte,
                // which is what keeps the prefilter near ripgrep's speed.
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .expect("keyword automaton builds from literals")
        });
        Matcher {
            rules,
            keywords,
            keyword_rules,
            always,
        }
    }

    /// Every keyword, for the benchmark's fixed-string search.
    pub fn keyword_list(&self) -> Vec<String> {
        let mut k: Vec<String> = self
            .rules
            .iter()
            .flat_map(|r| r.keywords.iter().cloned())
            .collect();
        k.sort();
        k.dedup();
        k
    }

    /// Runs every rule on `hay` (the text of `path`).
    pub fn scan(&self, path: &str, hay: &[u8], global: &Allowlist) -> Scanned {
        let mut offsets: Vec<Vec<usize>> = vec![Vec::new(); self.rules.len()];
        // For each rule, where the line of its last offset ends: offsets before it are on that
        // line and add nothing. Each line end is searched once per match at most, so a 4 MB
        // one-line file with 80,000 keyword hits stays linear.
        let mut line_end: Vec<usize> = vec![0; self.rules.len()];
        let mut any = false;
        if let Some(ac) = &self.keywords {
            for m in ac.find_overlapping_iter(hay) {
                let start = m.start();
                let mut end_of_line: Option<usize> = None;
                for &r in &self.keyword_rules[m.pattern().as_usize()] {
                    if offsets[r].is_empty() || start >= line_end[r] {
                        offsets[r].push(start);
                        line_end[r] = *end_of_line.get_or_insert_with(|| {
                            memchr::memchr(b'\n', &hay[start..]).map_or(hay.len(), |i| start + i)
                        });
                    }
                    any = true;
                }
            }
        }
        let mut out = Scanned::default();
        if !any && self.always.is_empty() {
            return out;
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let whole = if rule.keywords.is_empty() {
                true
            } else if offsets[i].is_empty() {
                continue;
            } else {
                rule.multiline
            };
            if !rule.admits_path(path) || (rule.generic && filters::is_message_bundle(path)) {
                continue;
            }
            if let Some(fc) = &rule.file_contains
                && !fc.is_match(hay)
            {
                continue;
            }
            let mut kept = 0;
            if whole {
                search(i, rule, hay, (0, hay.len()), global, &mut kept, &mut out);
            } else {
                for (s, e) in line_windows(hay, &offsets[i]) {
                    search(i, rule, hay, (s, e), global, &mut kept, &mut out);
                }
            }
        }
        out.hits.sort_by_key(|h| (h.start, h.end, h.rule));
        out.hits.dedup_by_key(|h| (h.start, h.end, h.rule));
        out
    }
}

/// Runs one rule's regex over `hay[from..to]`, captures only on a hit; `kept` counts the rule's
/// hits so far, and those past the cap go to [`Scanned::over_cap`] as bare spans.
fn search(
    index: usize,
    rule: &CompiledRule,
    hay: &[u8],
    (from, to): (usize, usize),
    global: &Allowlist,
    kept: &mut usize,
    out: &mut Scanned,
) {
    let window = &hay[from..to];
    for m in rule.regex.regex().find_iter(window) {
        let (s, e) = match rule.regex.group() {
            None => (m.start(), m.end()),
            Some(g) => {
                let Some(caps) = rule.regex.regex().captures_at(window, m.start()) else {
                    continue;
                };
                match caps.get(g) {
                    Some(c) => (c.start(), c.end()),
                    None => continue,
                }
            }
        };
        if s == e {
            continue;
        }
        if rule.placeholders {
            // The regex matched a reference (`${{ secrets.X }}`, `{{ .Values.x }}`), not a value.
            let ls = memchr::memrchr(b'\n', &window[..s]).map_or(0, |p| p + 1);
            let le = memchr::memchr(b'\n', &window[e..]).map_or(window.len(), |p| e + p);
            if e <= le && filters::inside_template(&window[ls..le], s - ls, e - ls) {
                continue;
            }
            // A generic rule matched a salted password digest (test data), not a password.
            if rule.generic
                && e <= le
                && filters::is_salted_digest(
                    &String::from_utf8_lossy(&window[s..e]),
                    &window[ls..le],
                )
            {
                continue;
            }
        }
        let secret = String::from_utf8_lossy(&window[s..e]).into_owned();
        if let Some(props) = evaluate(rule, &secret, global) {
            if *kept >= crate::engine::MAX_FINDINGS_PER_RULE {
                out.over_cap
                    .entry(index)
                    .or_default()
                    .push((from + s, from + e));
                continue;
            }
            *kept += 1;
            out.hits.push(Hit {
                rule: index,
                start: from + s,
                end: from + e,
                secret,
                props,
            });
        }
    }
}

/// The filters after the regex; `Some(properties)` when the candidate is a finding.
pub fn evaluate(
    rule: &CompiledRule,
    secret: &str,
    global: &Allowlist,
) -> Option<BTreeMap<String, String>> {
    if secret.trim().is_empty() {
        return None;
    }
    if rule.allowlist.allows_secret(secret) || global.allows_secret(secret) {
        return None;
    }
    // A published value (documentation example key, emulator default) is reported, as info
    // (see [`super::known`]), before the placeholder and entropy filters would drop it: a
    // reviewer should see that the repository carries it, and what it is.
    if super::known::lookup_exact(secret).is_some() {
        return Some(BTreeMap::new());
    }
    if rule.store {
        // Field-aware: the file kind and field say this is a secret, whatever its entropy.
        if filters::is_reference_expr(secret) {
            return None;
        }
    } else if let Some(min) = rule.entropy
        && filters::entropy(secret) < min
    {
        return None;
    }
    if rule.placeholders && !rule.store && filters::is_placeholder(secret, rule.generic) {
        return None;
    }
    let mut props = BTreeMap::new();
    if let Some((name, check)) = rule.checksum {
        if !check(secret) {
            return None;
        }
        props.insert("checksum".into(), format!("{name} verified"));
    }
    if let Some(validate) = rule.validate
        && !validate(secret, &mut props)
    {
        return None;
    }
    Some(props)
}

/// The lines holding `offsets` (sorted), merged where they touch: `(start, end)` byte ranges,
/// the end excluding the newline.
fn line_windows(hay: &[u8], offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &o in offsets {
        if out.last().is_some_and(|&(_, e)| o <= e) {
            continue;
        }
        let s = memchr::memrchr(b'\n', &hay[..o]).map_or(0, |p| p + 1);
        let e = memchr::memchr(b'\n', &hay[o..]).map_or(hay.len(), |p| o + p);
        match out.last_mut() {
            Some(last) if s <= last.1 + 1 => last.1 = e,
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_whole_lines_merged() {
        let hay = b"aa\nbb key\ncc key\n\ndd key";
        let w = line_windows(hay, &[6, 13, 21]);
        assert_eq!(w, vec![(3, 16), (18, 24)]);
    }
}
