//! The keyword prefilter: which rules can match a file at all, decided from its raw text in one
//! pass, so a file no check cares about is never parsed.
//!
//! Each check names groups of trigger words ([`super::checks::Check::triggers`]) and may add the
//! rule's `names`/`types` as one more group; a rule is triggered when every group has a word in
//! the file. All words of all rules go into one case-insensitive Aho-Corasick DFA (one table
//! lookup a byte, walked once); words with an upper-case letter (`Command`, `SELECT `) are then
//! checked as written. A match counts only where code could be:
//!
//! - not on a line comment (`//`, `///`, `//!`): doc comments are attributes no check visits;
//! - for names: as a word (`ssn` in `patient_ssn` or `userSsn`, not in `classname`);
//! - for the credential check's names also on a line with a string literal, and not inside a
//!   message literal (`"invalid token"`): a name in a message is never a binding or a key.
//!
//! Each exclusion can only make a rule skip a file where its check could not report anyway, up to
//! what a line-by-line view of the text cannot know (a string literal spanning lines).

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// How a rule's names group has to occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameUse {
    /// As a word.
    Word,
    /// As a word on a line with a string literal, outside message literals.
    WordOnQuotedLine,
}

/// What one rule asks the prefilter for.
pub struct RuleWords {
    /// Groups of trigger words, every one of which must match.
    pub groups: Vec<Vec<String>>,
    /// One more group of names, matched as [`NameUse`] says.
    pub names: Option<(Vec<String>, NameUse)>,
}

/// Who a pattern of the automaton belongs to.
struct Owner {
    rule: usize,
    group: usize,
    /// The word as written when it has an upper-case letter: only that spelling counts.
    exact: Option<Box<[u8]>>,
    /// How the word has to occur when it is a name.
    name: Option<NameUse>,
}

pub struct Prefilter {
    ac: Option<AhoCorasick>,
    /// For each pattern of `ac` (a word in lower case): everyone who listed it.
    owners: Vec<Vec<Owner>>,
    /// For each rule: how many groups must match.
    groups: Vec<usize>,
}

impl Prefilter {
    pub fn new(rules: &[RuleWords]) -> Result<Prefilter, String> {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut add = |word: &str, owner: Owner| {
            let key = word.to_ascii_lowercase();
            let i = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                owners.push(Vec::new());
                owners.len() - 1
            });
            owners[i].push(owner);
        };
        let mut groups = Vec::new();
        for (r, words) in rules.iter().enumerate() {
            for (g, group) in words.groups.iter().enumerate() {
                for w in group {
                    let exact = w
                        .bytes()
                        .any(|c| c.is_ascii_uppercase())
                        .then(|| w.as_bytes().into());
                    add(
                        w,
                        Owner {
                            rule: r,
                            group: g,
                            exact,
                            name: None,
                        },
                    );
                }
            }
            if let Some((names, how)) = &words.names {
                for w in names {
                    add(
                        w,
                        Owner {
                            rule: r,
                            group: words.groups.len(),
                            exact: None,
                            name: Some(*how),
                        },
                    );
                }
            }
            groups.push(words.groups.len() + usize::from(words.names.is_some()));
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            // A DFA: built once per run, and the prefilter reads every byte of every `.rs` file.
            Some(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&patterns)
                    .map_err(|e| format!("rust analyzer prefilter: {e}"))?,
            )
        };
        Ok(Prefilter { ac, owners, groups })
    }

    /// For each rule: can it match `text` at all (every group has a word where code could be)?
    pub fn triggered(&self, text: &str) -> Vec<bool> {
        let mut hit: Vec<Vec<bool>> = self.groups.iter().map(|n| vec![false; *n]).collect();
        let mut left: usize = self.groups.iter().sum();
        let Some(ac) = &self.ac else {
            return self.groups.iter().map(|n| *n == 0).collect();
        };
        let b = text.as_bytes();
        'matches: for m in ac.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            // Worked out once per match, when an owner first needs it.
            let mut comment: Option<bool> = None;
            for o in &self.owners[m.pattern().as_usize()] {
                if hit[o.rule][o.group] {
                    continue;
                }
                if o.exact.as_deref().is_some_and(|w| &b[start..end] != w) {
                    continue;
                }
                if o.name.is_some() && !word_at(b, start, end) {
                    continue;
                }
                if *comment.get_or_insert_with(|| on_comment_line(b, start)) {
                    continue 'matches;
                }
                if o.name == Some(NameUse::WordOnQuotedLine) {
                    let ls = memchr::memrchr(b'\n', &b[..start]).map_or(0, |i| i + 1);
                    let le = memchr::memchr(b'\n', &b[end..]).map_or(b.len(), |i| end + i);
                    let line = &b[ls..le];
                    if memchr::memchr(b'"', line).is_none()
                        || in_message(line, start - ls, end - ls)
                    {
                        continue;
                    }
                }
                hit[o.rule][o.group] = true;
                left -= 1;
                if left == 0 {
                    break 'matches;
                }
            }
        }
        hit.iter().map(|h| h.iter().all(|x| *x)).collect()
    }
}

/// Is the byte at `at` on a line that starts, after blanks, with `//`?
fn on_comment_line(b: &[u8], at: usize) -> bool {
    let ls = memchr::memrchr(b'\n', &b[..at]).map_or(0, |i| i + 1);
    let rest = &b[ls..at];
    let indent = rest
        .iter()
        .position(|c| *c != b' ' && *c != b'\t')
        .unwrap_or(rest.len());
    rest[indent..].starts_with(b"//")
}

/// Is `line[start..end]` inside a string literal that holds blanks (a message such as
/// `"invalid token"`), going by the quotes on the line? A literal that is only a key
/// (`"api_key"`) is not a message.
fn in_message(line: &[u8], start: usize, end: usize) -> bool {
    let mut quotes = Vec::new();
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b'\\' => i += 1,
            b'"' => quotes.push(i),
            _ => {}
        }
        i += 1;
    }
    let before = quotes.iter().filter(|q| **q < start).count();
    if before % 2 == 0 {
        return false;
    }
    let open = quotes[before - 1];
    let close = quotes.get(before).copied().unwrap_or(line.len());
    end <= close && line[open + 1..close].iter().any(u8::is_ascii_whitespace)
}

/// Does `b[start..end]` stand as a word: not glued to letters on either side, except at a
/// camelCase boundary (`userSsn`, `ssnValue`)?
fn word_at(b: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| b[i]);
    let after = b.get(end).copied();
    let first = b[start];
    let last = b[end - 1];
    let ok_before = match before {
        Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() => first.is_ascii_uppercase(),
        Some(c) if c.is_ascii_uppercase() => {
            !first.is_ascii_lowercase() && !first.is_ascii_uppercase()
                || (first.is_ascii_uppercase()
                    && b.get(start + 1).is_some_and(|n| n.is_ascii_lowercase()))
        }
        _ => true,
    };
    let ok_after = match after {
        Some(c) if c.is_ascii_lowercase() => false,
        Some(c) if c.is_ascii_uppercase() => last.is_ascii_lowercase(),
        Some(c) if c.is_ascii_digit() => false,
        _ => true,
    };
    ok_before && ok_after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn prefilter() -> Prefilter {
        Prefilter::new(&[
            // 0: a shell check: `Command` as written, and a shell name.
            RuleWords {
                groups: vec![words(&["Command"]), words(&["\"sh\""])],
                names: None,
            },
            // 1: a credential check: names on a quoted line.
            RuleWords {
                groups: vec![],
                names: Some((words(&["password", "api_key"]), NameUse::WordOnQuotedLine)),
            },
            // 2: a logging check: a macro and a PHI name as a word.
            RuleWords {
                groups: vec![words(&["info!"])],
                names: Some((words(&["ssn"]), NameUse::Word)),
            },
        ])
        .unwrap()
    }

    #[test]
    fn every_group_must_match_in_code() {
        let p = prefilter();
        let t = p.triggered("fn f() { Command::new(\"sh\").arg(\"-c\"); }");
        assert_eq!(t, [true, false, false]);
        // Case matters for words written with an upper-case letter.
        assert_eq!(p.triggered("command::new(\"sh\")"), [false, false, false]);
        // Every group, not one of them.
        assert_eq!(p.triggered("Command::new(\"ls\")"), [false, false, false]);
        // A doc comment or a line comment is not code.
        assert_eq!(
            p.triggered("/// Command::new(\"sh\")\n// info!(\"{}\", ssn)\nfn f() {}"),
            [false, false, false]
        );
        assert_eq!(
            p.triggered("fn f(patient_ssn: &str) {\n  info!(\"{}\", patient_ssn);\n}"),
            [false, false, true]
        );
        // Not a word: `classname` does not hold the name `ssn`.
        assert_eq!(
            p.triggered("fn f() { info!(\"{}\", classname); }"),
            [false, false, false]
        );
    }

    #[test]
    fn credential_names_need_a_literal_outside_messages() {
        let p = prefilter();
        assert_eq!(
            p.triggered("const DB_PASSWORD: &str = \"hunter22\";"),
            [false, true, false]
        );
        assert_eq!(
            p.triggered("m.insert(\"api_key\", v);"),
            [false, true, false]
        );
        // No literal on the line.
        assert_eq!(p.triggered("let password = read();"), [false, false, false]);
        // Only inside a message.
        assert_eq!(
            p.triggered("return Err(\"wrong password given\".into());"),
            [false, false, false]
        );
        assert_eq!(
            p.triggered("log(\"a message\"); let password = \"x9-Tq\";"),
            [false, true, false]
        );
    }
}
