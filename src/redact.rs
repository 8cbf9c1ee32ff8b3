//! Redaction: a secret or PHI value never appears in full in any output, log line or error
//! message. This is the one redactor every quoted byte passes through.
//!
//! Analyzers call [`mask`] on the value they matched before it goes into a finding's snippet or
//! message, and [`snippet`] masks every secret of their own that a snippet shows. That is not
//! enough: a Dockerfile finding's line may hold a token only the secrets analyzer knows, a rust
//! finding's line an SSN only the PHI analyzer knows. So analyzers also hand the engine the spans
//! of every value they found ([`crate::analyzers::Output::values`]), and once all analyzers ran on
//! a file the engine passes every snippet and message through a [`Redactor`] for that file, which
//! masks every value any analyzer found on the finding's lines, and every note about the file
//! through it with every value of the file. Last, [`mask_tokens`] masks what is token-shaped
//! whoever found it or not (bearer and basic credentials, well-known token prefixes, JWTs, SSN
//! shapes, URL passwords, `password: ...` pairs in flow YAML or JSON); the report applies it to
//! every note, including those about no file. Report writers print only what this produced.
//!
//! What it deliberately does not do: recognise a name or an address by itself (that takes the PHI
//! analyzer's context), or guarantee that a value split across lines is masked on the line it
//! continues on.

use crate::lines::{LineIndex, floor};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Keeps at most a short prefix and masks the rest with `*` (fixed length, so the mask does not
/// leak the value's length beyond a coarse bound). Values of 8 characters or fewer keep nothing.
pub fn mask(value: &str) -> String {
    let n = value.chars().count();
    let keep = match n {
        0..=8 => 0,
        9..=19 => 2,
        _ => 4,
    };
    let prefix: String = value.chars().take(keep).collect();
    format!("{prefix}{}", "*".repeat(8))
}

/// Replaces `value` inside `line` by its mask, and trims the line to at most 120 characters around
/// it, so a snippet gives context without the secret.
pub fn redact_in_line(line: &str, value: &str) -> String {
    let masked = if value.is_empty() {
        line.to_string()
    } else {
        line.replace(value, &mask(value))
    };
    let trimmed = masked.trim();
    if trimmed.chars().count() > 120 {
        let s: String = trimmed.chars().take(117).collect();
        format!("{s}...")
    } else {
        trimmed.to_string()
    }
}

/// Masks the values of credential-named keys on `line` (`password: hunter2`,
/// `"ApiKey":"..."`, `DB_PASSWORD=...`), for snippets of findings that are not about a secret but
/// sit on a line that holds one (a flow-style compose file, a minified template). References
/// (`${VAR}`, `{{ ... }}`, `!Ref`) are masked too: the pattern does not try to tell them apart.
pub fn mask_credential_values(line: &str) -> String {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r#"(?i)(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|private[_-]?key|credentials?)["']?\s*[:=]\s*["']?([^"'\s,;}\]]{4,})"#,
        )
        .expect("credential value pattern compiles")
    });
    if !re.is_match(line) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for c in re.captures_iter(line) {
        let Some(v) = c.get(1) else { continue };
        out.push_str(&line[last..v.start()]);
        out.push_str(&mask(v.as_str()));
        last = v.end();
    }
    out.push_str(&line[last..]);
    out
}

/// Masks every token-shaped run of `text`: `Bearer`/`Basic`/`token` credentials, well-known token
/// prefixes (GitHub, GitLab, Slack, Stripe, AWS, Google), JWTs, SSN-shaped numbers, the password of
/// a URL, and credential-named `key: value` pairs ([`mask_credential_values`]). Idempotent: a
/// masked run is not token-shaped any more.
pub fn mask_tokens(text: &str) -> String {
    // Nothing either pattern masks is shorter than 8 bytes (`pwd:` and four characters), so a
    // short text (a line number, a resource kind) is returned as it is.
    if text.len() < 8 {
        return text.to_string();
    }
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        // ASCII classes and word boundaries (`(?-u:…)`): Unicode `\w`, `\d` and `\b`, and a
        // 64-fold bounded repetition, made this one pattern cost more to compile than all the
        // rest of a small scan. The negated classes stay Unicode, so a token next to non-ASCII
        // text is still masked.
        regex::Regex::new(concat!(
            r"(?i:(?-u:\b)(?:bearer|basic|token)(?-u:\s)+)([A-Za-z0-9._~+/=-]{8,})",
            r"|(?-u:\b)((?:gh[pousr]_|github_pat_|glpat-|gldt-|glrt-|xox[abprs]-|sk_live_|rk_live_)[A-Za-z0-9_-]{8,})",
            r"|(?-u:\b)((?:AKIA|ASIA)[0-9A-Z]{16})(?-u:\b)",
            r"|(?-u:\b)(AIza[0-9A-Za-z_-]{30,})",
            r"|(?-u:\b)(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})",
            r"|(?-u:\b)([0-9]{3}-[0-9]{2}-[0-9]{4})(?-u:\b)",
            r"|://[^/\t\n\x0B\x0C\r :@]+:([^/\t\n\x0B\x0C\r @]{3,})@",
            // A flow-style env entry: `{name: DB_PASSWORD, value: ...}`.
            r#"|(?i:name["']?(?-u:\s)*:(?-u:\s)*["']?[^"'\t\n\x0B\x0C\r ,:]*?(?:pass|pwd|secret|token|api[_-]?key|private[_-]?key|credential)[^"'\t\n\x0B\x0C\r ,:]*["']?(?-u:\s)*,(?-u:\s)*["']?value["']?(?-u:\s)*:(?-u:\s)*["']?)([^"'\t\n\x0B\x0C\r ,;}\]]{4,})"#,
        ))
        .expect("token pattern compiles")
    });
    // Most text holds no token: finding that out needs no capture groups.
    if !re.is_match(text) {
        return mask_credential_values(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for c in re.captures_iter(text) {
        let Some(v) = c.iter().skip(1).flatten().next() else {
            continue;
        };
        out.push_str(&text[last..v.start()]);
        out.push_str(&mask(v.as_str()));
        last = v.end();
    }
    out.push_str(&text[last..]);
    mask_credential_values(&out)
}

/// Masks token-shaped runs in every quoted part of a finding about a file no redactor knows.
pub fn mask_finding(f: &mut crate::finding::Finding) {
    f.snippet = mask_tokens(&f.snippet);
    f.message = mask_tokens(&f.message);
    mask_finding_extras(f);
}

fn mask_finding_extras(f: &mut crate::finding::Finding) {
    if let Some(l) = &f.logical_location {
        f.logical_location = Some(mask_tokens(l));
    }
    for v in f.properties.values_mut() {
        *v = mask_tokens(v);
    }
}

/// Values shorter than this are not looked for in quoted text: masking every `12` or `MA` would
/// blank out the context a snippet is for, and such values are not identifying on their own.
const MIN_VALUE: usize = 4;

/// The redactor for one file: every value any analyzer found in it, by line.
///
/// Cost stays linear however many values a line holds (a minified file): up to [`FEW`] values are
/// looked for one by one; beyond that, one Aho-Corasick automaton per line (built on first use)
/// finds them all in one pass over the quoted text, and the cut edges of a window are masked
/// whole.
#[derive(Default)]
pub struct Redactor {
    /// 1-based line → the values on it, longest first.
    by_line: HashMap<u32, Vec<String>>,
    /// Automata for lines with many values, and for the whole file (key 0), built on first use.
    automata: std::cell::RefCell<HashMap<u32, aho_corasick::AhoCorasick>>,
}

/// Up to this many values are searched for one at a time.
const FEW: usize = 32;

impl std::fmt::Debug for Redactor {
    /// Shows how many lines hold values, never the values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} lines with values)", self.by_line.len())
    }
}

impl Redactor {
    /// Whether no value was found in the file.
    pub fn is_empty(&self) -> bool {
        self.by_line.is_empty()
    }

    /// Masks a finding about this file: its snippet and message (every value on its lines), and its
    /// logical location and properties (token-shaped runs).
    pub fn finding(&self, f: &mut crate::finding::Finding) {
        let (from, to) = (f.location.start_line, f.location.end_line);
        f.snippet = self.lines(from, to, &f.snippet);
        f.message = self.lines(from, to, &f.message);
        mask_finding_extras(f);
    }

    /// `spans` are byte ranges of `text` (clamped to char boundaries) holding found values.
    pub fn new(text: &str, spans: &[(usize, usize)]) -> Redactor {
        let mut by_line: HashMap<u32, Vec<String>> = HashMap::new();
        if !spans.is_empty() {
            let index = LineIndex::new(text);
            for &(s, e) in spans {
                let (s, e) = (
                    floor(text, s.min(text.len())),
                    floor(text, e.min(text.len())),
                );
                let Some(value) = text.get(s..e) else {
                    continue;
                };
                let (first, _) = index.line_col(s);
                let (last, _) = index.line_col(e);
                // A value spanning lines is looked for, piece by piece, on each of them.
                for (n, piece) in (first..=last).zip(value.split(['\n', '\r'])) {
                    let piece = piece.trim();
                    if piece.chars().count() >= MIN_VALUE {
                        by_line.entry(n).or_default().push(piece.to_string());
                    }
                }
            }
            for v in by_line.values_mut() {
                v.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
                v.dedup();
            }
        }
        Redactor {
            by_line,
            automata: Default::default(),
        }
    }

    /// `quoted` (a snippet or message about lines `from..=to`) with every value found on those
    /// lines masked, then every token-shaped run.
    pub fn lines(&self, from: u32, to: u32, quoted: &str) -> String {
        let mut out = quoted.to_string();
        for n in from..=to.max(from) {
            let Some(values) = self.by_line.get(&n) else {
                continue;
            };
            if values.len() <= FEW {
                for v in values {
                    if out.contains(v.as_str()) {
                        out = out.replace(v.as_str(), &mask(v));
                    }
                    out = mask_cut_value(&out, v);
                }
            } else {
                out = self.replace_all(n, values.iter(), &out);
                out = mask_cut_edges(&out);
            }
        }
        mask_tokens(&out)
    }

    /// `quoted` (a note about the file) with every value of the file masked, then every
    /// token-shaped run.
    pub fn anywhere(&self, quoted: &str) -> String {
        let out = if self.by_line.is_empty() {
            quoted.to_string()
        } else {
            self.replace_all(0, self.by_line.values().flatten(), quoted)
        };
        mask_tokens(&out)
    }

    /// Masks every one of `values` in `text` in one pass, with the automaton cached under `key`.
    fn replace_all<'v>(
        &self,
        key: u32,
        values: impl Iterator<Item = &'v String>,
        text: &str,
    ) -> String {
        let mut automata = self.automata.borrow_mut();
        let ac = automata.entry(key).or_insert_with(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(values)
                .expect("values of one file build an automaton")
        });
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in ac.find_iter(text) {
            out.push_str(&text[last..m.start()]);
            out.push_str(&mask(&text[m.start()..m.end()]));
            last = m.end();
        }
        out.push_str(&text[last..]);
        out
    }
}

/// Masks the whole run of non-space text at a cut edge of a snippet (`...Rt6Yp x`, `x Zq8Wn3...`),
/// where a line holds too many values to check each against the cut.
fn mask_cut_edges(snippet: &str) -> String {
    let mut out = snippet.to_string();
    if let Some(body) = out.strip_suffix("...") {
        let start = body.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        if body.len() - start >= MIN_VALUE {
            out = format!("{}{}...", &body[..start], mask(&body[start..]));
        }
    }
    if let Some(body) = out.strip_prefix("...") {
        let end = body.find(char::is_whitespace).unwrap_or(body.len());
        if end >= MIN_VALUE {
            out = format!("...{}{}", mask(&body[..end]), &body[end..]);
        }
    }
    out
}

/// Masks the part of `value` that a window cut shows at either end of a snippet (`...Rt6Yp x`,
/// `x Zq8Wn3...`), which a search for the whole value misses.
fn mask_cut_value(snippet: &str, value: &str) -> String {
    let mut out = snippet.to_string();
    if let Some(body) = out.strip_suffix("...") {
        let cut = (MIN_VALUE..value.len())
            .rev()
            .filter(|&k| value.is_char_boundary(k))
            .find(|&k| body.ends_with(&value[..k]));
        if let Some(k) = cut {
            out = format!("{}{}...", &body[..body.len() - k], mask(value));
        }
    }
    if let Some(body) = out.strip_prefix("...") {
        let cut = (1..=value.len().saturating_sub(MIN_VALUE))
            .filter(|&k| value.is_char_boundary(k))
            .find(|&k| body.starts_with(&value[k..]));
        if let Some(k) = cut {
            out = format!("...{}{}", mask(value), &body[value.len() - k..]);
        }
    }
    out
}

/// Where the secret values of one file are: byte ranges, each with the value it hides, sorted by
/// start with the running maximum of their ends, so the values a window shows are found in
/// logarithmic time however many there are.
pub struct Spans<'a> {
    spans: Vec<(usize, usize, &'a str)>,
    max_end: Vec<usize>,
}

impl<'a> Spans<'a> {
    pub fn new(mut spans: Vec<(usize, usize, &'a str)>) -> Spans<'a> {
        spans.sort_unstable();
        let max_end = spans
            .iter()
            .scan(0, |m, &(_, e, _)| {
                *m = (*m).max(e);
                Some(*m)
            })
            .collect();
        Spans { spans, max_end }
    }

    /// The spans that overlap `from..to`, by start.
    pub fn overlapping(&self, from: usize, to: usize) -> Vec<(usize, usize, &'a str)> {
        let mut out = Vec::new();
        let mut j = self.spans.partition_point(|&(s, _, _)| s < to);
        // Earlier spans all end at or before `from` once the running maximum does.
        while j > 0 && self.max_end[j - 1] > from {
            j -= 1;
            if self.spans[j].1 > from {
                out.push(self.spans[j]);
            }
        }
        out.reverse();
        out
    }

    pub fn overlaps(&self, from: usize, to: usize) -> bool {
        let before = self.spans.partition_point(|&(s, _, _)| s < to);
        before > 0 && self.max_end[before - 1] > from
    }
}

/// The snippet of a finding at `start..end`: its line, or the window of a long line around it
/// (`...` where cut), with every secret value of `secrets` that shows masked (not only the
/// finding's own: a minified file holds many on one line), trimmed to 120 characters.
pub fn snippet(index: &LineIndex, start: usize, end: usize, secrets: &Spans) -> String {
    let text = index.text();
    let w = index.window(start, end);
    let mut out = String::new();
    let mut pos = w.from;
    for (s, e, value) in secrets.overlapping(w.from, w.to) {
        let (s, e) = (floor(text, s.max(pos)), floor(text, e.min(w.to)));
        if e <= pos || s >= e {
            continue;
        }
        out.push_str(&text[pos..s]);
        out.push_str(&mask(value));
        pos = e.max(pos);
    }
    out.push_str(&text[pos..w.to]);
    let shown = format!(
        "{}{}{}",
        if w.cut_before { "..." } else { "" },
        out.trim(),
        if w.cut_after { "..." } else { "" }
    );
    redact_in_line(&shown, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_beside_non_ascii_text_are_masked() {
        let gh = format!("ghp_{}", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"); // aseptic:allow
        for text in [
            format!("clé:{gh}"),
            format!("токен={gh}"),
            format!("→{gh}←"),
            format!("postgres://usér:{}@db", "S3cr3tPässwort"), // aseptic:allow
        ] {
            let out = mask_tokens(&text);
            assert!(!out.contains(&gh), "{out}");
            assert!(!out.contains("S3cr3tPässwort"), "{out}");
        }
    }

    #[test]
    fn mask_keeps_only_a_short_prefix() {
        let v = "AKIAZ3MSJQ7BLW6VZPQR"; // aseptic:allow made-up test value
        let m = mask(v);
        assert!(m.starts_with("AKIA"));
        assert!(!m.contains("Z3MSJQ7BLW6VZPQR"));
        assert_eq!(mask("hunter2"), "********");
    }

    #[test]
    fn redact_in_line_hides_the_value() {
        let line = "  aws_secret = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz12345678\"";
        let r = redact_in_line(line, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz12345678");
        assert!(!r.contains("K7MDENG"));
        assert!(r.starts_with("aws_secret = \"wJal"));
    }

    #[test]
    fn a_snippet_masks_every_secret_it_shows() {
        // Made-up values; two secrets on one short line, then one in a long minified line.
        let text = "a = \"Xq7Lm2Vr9Tz\", b = \"Pw4Kd8Ns1Hy\"\n".to_string()
            + &format!(
                "[{}]",
                (0..200)
                    .map(|i| format!("{{\"p\":\"Zz{i:03}Qm7Rt\"}}"))
                    .collect::<Vec<_>>()
                    .join(",")
            );
        let idx = LineIndex::new(&text);
        let mut spans = Vec::new();
        for v in ["Xq7Lm2Vr9Tz", "Pw4Kd8Ns1Hy"] {
            let s = text.find(v).unwrap();
            spans.push((s, s + v.len(), v));
        }
        let values: Vec<String> = (0..200).map(|i| format!("Zz{i:03}Qm7Rt")).collect();
        for v in &values {
            let s = text.find(v.as_str()).unwrap();
            spans.push((s, s + v.len(), v.as_str()));
        }
        let secrets = Spans::new(spans.clone());
        for &(s, e, _) in &spans {
            let shown = snippet(&idx, s, e, &secrets);
            assert!(shown.chars().count() <= 120, "{shown}");
            assert!(shown.contains("********"), "{shown}");
            for &(_, _, v) in &spans {
                assert!(!shown.contains(v), "{v} shows in {shown}");
            }
        }
        let first = snippet(&idx, spans[0].0, spans[0].1, &secrets);
        assert_eq!(first, "a = \"Xq********\", b = \"Pw********\"");
        assert!(secrets.overlaps(spans[0].0, spans[0].0 + 1) && !secrets.overlaps(0, 1));
    }

    #[test]
    fn token_shaped_runs_are_masked_whoever_found_them() {
        // aseptic:allow made-up test values
        let line = r#"curl -H "Authorization: Bearer glpat-Xq7Lm2Vr9TzPw4Kd8Ns1" https://u:Hunter2Pw@db.example.test log("ssn {} 523-45-6789")"#;
        let m = mask_tokens(line);
        for v in [
            "Xq7Lm2Vr9TzPw4Kd8Ns1",
            "Hunter2Pw",
            "523-45-6789",
            "45-6789",
        ] {
            assert!(!m.contains(v), "{v} in {m}");
        }
        assert!(
            m.contains("Bearer glpa********") && m.contains("https://u:"),
            "{m}"
        );
        assert_eq!(mask_tokens(&m), m);
        let flow = "env: [{name: DB_PASSWORD, value: Zq8Wn3Rt6Yp}, {name: MODE, value: prod}]";
        assert_eq!(
            mask_tokens(flow),
            "env: [{name: DB_PASSWORD, value: Zq********}, {name: MODE, value: prod}]"
        );
        assert_eq!(
            mask_tokens("version 1.2.3-45-6789x"),
            "version 1.2.3-45-6789x"
        );
    }

    #[test]
    fn a_redactor_masks_every_value_found_on_the_lines_quoted() {
        // aseptic:allow made-up test values
        let text = "a\nname = \"Garcia\" dob = \"1984-03-12\"\nok Garcia\n";
        let spans: Vec<(usize, usize)> = ["Garcia", "1984-03-12"]
            .iter()
            .map(|v| {
                let s = text.find(v).unwrap();
                (s, s + v.len())
            })
            .collect();
        let r = Redactor::new(text, &spans);
        let shown = r.lines(2, 2, "name = \"Garcia\" dob = \"1984-03-12\"");
        assert_eq!(shown, "name = \"********\" dob = \"19********\"");
        // A value cut by a snippet's window is masked too.
        assert_eq!(r.lines(2, 2, "x = \"Garc..."), "x = \"********...");
        assert_eq!(r.lines(2, 2, "...84-03-12\" y"), "...19********\" y");
        // Values are looked for on their own lines only; a note about the file masks them all.
        assert_eq!(r.lines(3, 3, "ok Garcia"), "ok Garcia");
        assert_eq!(r.anywhere("bad `ok Garcia`"), "bad `ok ********`");
    }

    #[test]
    fn a_line_of_many_values_is_masked_in_linear_time() {
        // 20,000 made-up values on one minified line, a snippet quoted for each of them.
        let values: Vec<String> = (0..20_000).map(|i| format!("Qz{i:05}Wx")).collect();
        let text = values.join(", ");
        let mut spans = Vec::new();
        let mut at = 0;
        for v in &values {
            spans.push((at, at + v.len()));
            at += v.len() + 2;
        }
        let r = Redactor::new(&text, &spans);
        let started = std::time::Instant::now();
        for (s, e) in spans.iter().step_by(10) {
            let from = s.saturating_sub(50);
            let shown = format!("...{}...", &text[from..(*e + 50).min(text.len())]);
            let masked = r.lines(1, 1, &shown);
            assert!(
                !masked.contains("Wx") && masked.contains(", Qz********, "),
                "{masked}"
            );
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn credential_values_on_a_line_are_masked() {
        // aseptic:allow made-up test value
        let line = r#"{"DBPassword":"Xq7Lm2Vr9Tz","Port":5432}, environment: {API_KEY: Pw4Kd8Ns1Hy, MODE: prod}"#;
        let m = mask_credential_values(line);
        assert!(
            !m.contains("Xq7Lm2Vr9Tz") && !m.contains("Pw4Kd8Ns1Hy"),
            "{m}"
        );
        assert!(
            m.contains("\"Port\":5432") && m.contains("MODE: prod"),
            "{m}"
        );
        assert_eq!(
            mask_credential_values("image: nginx:1.27"),
            "image: nginx:1.27"
        );
    }
}
