//! Maven's version order: a port of `org.apache.maven.artifact.versioning.ComparableVersion` as
//! Maven 3.9 ships it (no maintained Rust crate implements it).
//!
//! A version is split into items at `.`, at `-` (which opens a sub-list) and at every switch
//! between digits and letters; a qualifier directly followed by a number (`rc1`, `rc-1`) is one
//! combination item. Numbers compare numerically; the known qualifiers order `alpha` (`a`) <
//! `beta` (`b`) < `milestone` (`m`) < `rc` (`cr`) < `snapshot` < release (``, `ga`, `final`,
//! `release`) < `sp`, and unknown qualifiers come after all of them, lexically,
//! case-insensitively. Null items (`0`, ``, empty lists) are dropped where Maven drops them, so
//! `1` = `1.0` = `1-0`. Numbers of any length compare exactly (digits, not machine integers).
//! Not here: version ranges (`[1.0,2.0)`), which OSV records do not use.

use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// Digits without leading zeros (`"0"` for zero).
    Int(String),
    /// A qualifier, lower-cased, `cr` written `rc`.
    Str(String),
    /// A qualifier and the number right after it (`rc1`, `beta-2`).
    Combo(String, String),
    List(Vec<Item>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    items: Vec<Item>,
}

const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE_QUALIFIERS: [&str; 3] = ["ga", "final", "release"];
/// The index of the release qualifier (`""`) in [`QUALIFIERS`].
const RELEASE: &str = "5";

fn comparable_qualifier(q: &str) -> String {
    if RELEASE_QUALIFIERS.contains(&q) {
        return RELEASE.to_string();
    }
    match QUALIFIERS.iter().position(|k| *k == q) {
        Some(i) => i.to_string(),
        None => format!("{}-{q}", QUALIFIERS.len()),
    }
}

fn qualifier(s: &str, followed_by_digit: bool) -> String {
    let s = if followed_by_digit && s.len() == 1 {
        match s {
            "a" => "alpha",
            "b" => "beta",
            "m" => "milestone",
            other => other,
        }
    } else {
        s
    };
    if s == "cr" { "rc" } else { s }.to_string()
}

fn digits(s: &str) -> String {
    let t = s.trim_start_matches('0');
    if t.is_empty() { "0".into() } else { t.into() }
}

fn parse_item(combination: bool, is_digit: bool, buf: &str) -> Item {
    if combination {
        let v = buf.replace('-', "");
        if let Some(at) = v.find(|c: char| c.is_ascii_digit()) {
            return Item::Combo(qualifier(&v[..at], true), digits(&v[at..]));
        }
        return Item::Str(qualifier(&v, false));
    }
    if is_digit {
        Item::Int(digits(buf))
    } else {
        Item::Str(qualifier(buf, false))
    }
}

fn cmp_num(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn cmp_str(a: &str, b: Option<&str>) -> Ordering {
    let b = b.map(comparable_qualifier);
    comparable_qualifier(a)
        .as_str()
        .cmp(b.as_deref().unwrap_or(RELEASE))
}

impl Item {
    fn is_null(&self) -> bool {
        match self {
            Item::Int(v) => v == "0",
            Item::Str(s) => s.is_empty(),
            Item::Combo(..) => false,
            Item::List(l) => l.is_empty(),
        }
    }

    /// `ComparableVersion`'s `Item.compareTo`, where `None` is the missing item of a shorter list.
    fn cmp_opt(&self, other: Option<&Item>) -> Ordering {
        use Ordering::*;
        match (self, other) {
            (Item::Int(v), None) => {
                if v == "0" {
                    Equal
                } else {
                    Greater
                }
            }
            (Item::Int(a), Some(Item::Int(b))) => cmp_num(a, b),
            (Item::Int(_), Some(_)) => Greater,

            (Item::Str(s), None) => cmp_str(s, None),
            (Item::Str(_), Some(Item::Int(_))) => Less,
            (Item::Str(a), Some(Item::Str(b))) => cmp_str(a, Some(b)),
            (Item::Str(a), Some(Item::Combo(b, _))) => match cmp_str(a, Some(b)) {
                Equal => Less,
                r => r,
            },
            (Item::Str(_), Some(Item::List(_))) => Less,

            (Item::Combo(s, _), None) => cmp_str(s, None),
            (Item::Combo(..), Some(Item::Int(_))) => Less,
            (Item::Combo(a, _), Some(Item::Str(b))) => match cmp_str(a, Some(b)) {
                Equal => Greater,
                r => r,
            },
            (Item::Combo(..), Some(Item::List(_))) => Less,
            (Item::Combo(a, x), Some(Item::Combo(b, y))) => {
                cmp_str(a, Some(b)).then_with(|| cmp_num(x, y))
            }

            (Item::List(l), None) => l
                .iter()
                .map(|i| i.cmp_opt(None))
                .find(|r| *r != Equal)
                .unwrap_or(Equal),
            (Item::List(_), Some(Item::Int(_))) => Less,
            (Item::List(_), Some(Item::Str(_) | Item::Combo(..))) => Greater,
            (Item::List(a), Some(Item::List(b))) => cmp_lists(a, b),
        }
    }
}

fn cmp_lists(a: &[Item], b: &[Item]) -> Ordering {
    for i in 0..a.len().max(b.len()) {
        let r = match (a.get(i), b.get(i)) {
            (Some(l), r) => l.cmp_opt(r),
            (None, Some(r)) => r.cmp_opt(None).reverse(),
            (None, None) => Ordering::Equal,
        };
        if r != Ordering::Equal {
            return r;
        }
    }
    Ordering::Equal
}

/// `ListItem.normalize`: drops a null item at the end, before a qualifier, or before a sub-list
/// that starts with a qualifier.
fn normalize(list: &mut Vec<Item>) {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        if !list[i].is_null() {
            continue;
        }
        let drop = match list.get(i + 1) {
            None | Some(Item::Str(_)) => true,
            Some(Item::List(l)) => matches!(l.first(), Some(Item::Combo(..) | Item::Str(_))),
            _ => false,
        };
        if drop {
            list.remove(i);
        }
    }
}

impl Version {
    /// Every string is a Maven version; `None` only for an empty one or one over 256 bytes (a
    /// lockfile value that long is not a version).
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim();
        if s.is_empty() || s.len() > 256 {
            return None;
        }
        let v = s.to_ascii_lowercase();
        let b = v.as_bytes();
        // The open lists, innermost last; each new list is the last item of the one before, and
        // lists are normalized innermost first, as Maven's stack does.
        let mut stack: Vec<Vec<Item>> = vec![Vec::new()];
        let mut is_digit = false;
        let mut combination = false;
        let mut start = 0;
        let top = |stack: &Vec<Vec<Item>>| -> usize { stack.len() - 1 };
        for (i, &c) in b.iter().enumerate() {
            if c == b'.' {
                let item = if i == start {
                    Item::Int("0".into())
                } else {
                    parse_item(combination, is_digit, &v[start..i])
                };
                let t = top(&stack);
                stack[t].push(item);
                combination = false;
                start = i + 1;
            } else if c == b'-' {
                if i == start {
                    let t = top(&stack);
                    stack[t].push(Item::Int("0".into()));
                } else {
                    // X-1 is X1
                    if !is_digit && b.get(i + 1).is_some_and(|n| n.is_ascii_digit()) {
                        combination = true;
                        continue;
                    }
                    let item = parse_item(combination, is_digit, &v[start..i]);
                    let t = top(&stack);
                    stack[t].push(item);
                }
                start = i + 1;
                if stack.last().is_some_and(|l| !l.is_empty()) {
                    stack.push(Vec::new());
                }
                combination = false;
            } else if c.is_ascii_digit() {
                if !is_digit && i > start {
                    combination = true;
                    if stack.last().is_some_and(|l| !l.is_empty()) {
                        stack.push(Vec::new());
                    }
                }
                is_digit = true;
            } else {
                if is_digit && i > start {
                    let item = parse_item(combination, true, &v[start..i]);
                    let t = top(&stack);
                    stack[t].push(item);
                    start = i;
                    stack.push(Vec::new());
                    combination = false;
                }
                is_digit = false;
            }
        }
        if v.len() > start {
            // `.X` is `-X` for a trailing qualifier X
            if !is_digit && stack.last().is_some_and(|l| !l.is_empty()) {
                stack.push(Vec::new());
            }
            let item = parse_item(combination, is_digit, &v[start..]);
            let t = top(&stack);
            stack[t].push(item);
        }
        while stack.len() > 1 {
            let mut inner = stack.pop().unwrap_or_default();
            normalize(&mut inner);
            let t = top(&stack);
            stack[t].push(Item::List(inner));
        }
        let mut items = stack.pop().unwrap_or_default();
        normalize(&mut items);
        Some(Version { items })
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Version) -> Ordering {
        cmp_lists(&self.items, &other.items)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Ecosystem, check_table};

    /// Each list is in strictly increasing order: every pair must compare that way.
    fn ordered(list: &[&str]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for i in 0..list.len() {
            for j in i + 1..list.len() {
                out.push((list[i].to_string(), list[j].to_string()));
            }
        }
        out
    }

    /// From Maven 3.9's `ComparableVersionTest` (VERSIONS_QUALIFIER, VERSIONS_NUMBER, the
    /// equality and comparison cases) and the POM reference's "Version Order Specification".
    #[test]
    fn maven_ordering_follows_comparable_version() {
        let qualifier = [
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123",
        ];
        let number = [
            "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1",
            "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11",
            "11", "11.a", "11b", "11c", "11m",
        ];
        let mut rows: Vec<(String, &str, String)> = Vec::new();
        for list in [&qualifier[..], &number[..]] {
            for (a, b) in ordered(list) {
                rows.push((a, "<", b));
            }
        }
        for (a, b) in [
            ("1", "1.0"),
            ("1", "1.0.0"),
            ("1.0", "1.0.0"),
            ("1", "1-0"),
            ("1", "1.0-0"),
            ("1.0", "1.0-0"),
            ("1a", "1.a"),
            ("1a", "1-a"),
            ("1a", "1.0-a"),
            ("1a", "1.0.0-a"),
            ("1.0a", "1.0.a"),
            ("1.0.0a", "1.0.0.a"),
            ("1x", "1.x"),
            ("1x", "1-x"),
            ("1x", "1.0-x"),
            ("1x", "1.0.0-x"),
            ("1.0x", "1.0.x"),
            ("1.0.0x", "1.0.0.x"),
            ("1ga", "1"),
            ("1final", "1"),
            ("1cr", "1rc"),
            ("1a1", "1alpha1"),
            ("1b2", "1beta2"),
            ("1m3", "1milestone3"),
            ("1X", "1x"),
            ("1GA", "1"),
            ("1FINAL", "1"),
            ("1Cr", "1Rc"),
            ("1m3", "1MILESTONE3"),
            (
                "1-abcdefghijklmnopqrstuvwxyz",
                "1-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            ),
            // POM reference: "1.ga" = "1-ga" = "1-0" = "1.0" = "1"
            ("1.ga", "1-ga"),
            ("1-ga", "1-0"),
            // Maven 3.9: a trailing `.X` qualifier is `-X`
            ("2.0.a", "2.0.0.a"),
            ("1-rc-1", "1-rc1"),
            ("1.0.RC1", "1.0-rc-1"),
        ] {
            rows.push((a.into(), "=", b.into()));
        }
        for (a, b) in [
            ("1", "2"),
            ("1.5", "2"),
            ("1", "2.5"),
            ("1.0", "1.1"),
            ("1.1", "1.2"),
            ("1.0.0", "1.1"),
            ("1.0.1", "1.1"),
            ("1.1", "1.2.0"),
            ("1.0-alpha-1", "1.0"),
            ("1.0-alpha-1", "1.0-alpha-2"),
            ("1.0-alpha-1", "1.0-beta-1"),
            ("1.0-beta-1", "1.0-SNAPSHOT"),
            ("1.0-SNAPSHOT", "1.0"),
            ("1.0-alpha-1-SNAPSHOT", "1.0-alpha-1"),
            ("1.0", "1.0-1"),
            ("1.0-1", "1.0-2"),
            ("1.0.0", "1.0-1"),
            ("2.0-1", "2.0.1"),
            ("2.0.1-klm", "2.0.1-lmn"),
            ("2.0.1", "2.0.1-xyz"),
            ("2.0.1", "2.0.1-123"),
            ("2.0.1-xyz", "2.0.1-123"),
            // POM reference examples
            ("1-snapshot", "1"),
            ("1", "1-sp"),
            ("1-foo2", "1-foo10"),
            ("1.foo", "1-1"),
            ("1-1", "1.1"),
            ("1-ga", "1-sp"),
            ("1-ga.1", "1-sp.1"),
            // numbers longer than a machine integer
            ("1.99999999999999999999", "1.100000000000000000000"),
            ("1.0.9", "1.0.10"),
        ] {
            rows.push((a.into(), "<", b.into()));
        }
        let rows: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|(a, o, b)| (a.as_str(), *o, b.as_str()))
            .collect();
        assert!(rows.len() > 300);
        check_table(Ecosystem::Maven, &rows);
    }
}
