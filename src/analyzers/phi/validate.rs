//! The validators: one function per identifier shape, registered by name in [`lookup`], the one
//! place a rule's `[matcher] validator = "..."` is resolved.
//!
//! A validator judges one candidate value in isolation and says whether it is a real-looking
//! identifier ([`Verdict::Valid`]), merely the right shape with no evidence either way
//! ([`Verdict::Weak`], e.g. a free-form record number), invalid by design and so synthetic
//! ([`Verdict::Synthetic`]: SSN area 9xx, a 555-01xx phone, an example.com address, a failing check
//! digit), or not this identifier at all ([`Verdict::Invalid`]). Validators never look at context
//! (keys, nearby words, the file): the caller decides whether a value is tied to a person.

use super::names;

/// What a validator says about one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Passes every check the identifier has (area rules, check digit, calendar, alphabet).
    Valid,
    /// The right shape but nothing to check; counts only in a field named for the identifier.
    Weak,
    /// Invalid by design: test or sample data. The reason is shown to the user.
    Synthetic(&'static str),
    /// Not this identifier.
    Invalid,
}

pub type Validator = fn(&str) -> Verdict;

/// The registry: validator name to function. Rule files name these.
pub fn lookup(name: &str) -> Option<Validator> {
    Some(match name {
        "ssn" => ssn,
        "npi" => npi,
        "mbi" => mbi,
        "dea" => dea,
        "vin" => vin,
        "udi" => udi,
        "phone" => phone,
        "email" => email,
        "zip" => zip,
        "date" => date,
        "age-over-89" => age_over_89,
        "person-name" => person_name,
        "street-address" => street_address,
        "record-number" => record_number,
        "ip" => ip,
        "url" => url,
        "none" => |_| Verdict::Invalid,
        _ => return None,
    })
}

/// Every registered name, for the error message when a rule names an unknown one.
pub const NAMES: &[&str] = &[
    "ssn",
    "npi",
    "mbi",
    "dea",
    "vin",
    "udi",
    "phone",
    "email",
    "zip",
    "date",
    "age-over-89",
    "person-name",
    "street-address",
    "record-number",
    "ip",
    "url",
    "none",
];

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// SSN: `AAA-GG-SSSS` or nine digits. Areas 000, 666 and 900-999, group 00 and serial 0000 are
/// never issued; a few numbers are famous samples.
pub fn ssn(s: &str) -> Verdict {
    let t = s.trim();
    let shaped = t.len() == 9 && t.bytes().all(|b| b.is_ascii_digit())
        || t.len() == 11
            && t.bytes().enumerate().all(|(i, b)| match i {
                3 | 6 => b == b'-' || b == b' ',
                _ => b.is_ascii_digit(),
            });
    if !shaped {
        return Verdict::Invalid;
    }
    let d = digits(t);
    let (area, group, serial) = (&d[..3], &d[3..5], &d[5..]);
    if area == "000" || area == "666" || area.starts_with('9') {
        return Verdict::Synthetic("SSN area 000, 666 or 9xx is never issued");
    }
    if group == "00" || serial == "0000" {
        return Verdict::Synthetic("SSN group 00 or serial 0000 is never issued");
    }
    if matches!(d.as_str(), "078051120" | "219099999" | "123456789") {
        return Verdict::Synthetic("a published sample SSN");
    }
    // 111-22-3333, 444-33-3333, 111-11-1111: one digit repeated in each group, the documentation
    // pattern.
    let one_digit = |g: &str| g.bytes().all(|c| c == g.as_bytes()[0]);
    if one_digit(area) && one_digit(group) && one_digit(serial) {
        return Verdict::Synthetic("an SSN of one repeated digit per group, a sample pattern");
    }
    // 101-01-0001, 100-10-1000: two digits only (one issued SSN in about 40,000 is).
    if distinct_digits(&d) <= 2 {
        return Verdict::Synthetic("an SSN of two digits only, a made-up pattern");
    }
    if longest_run(&d) >= 6 {
        return Verdict::Synthetic("an SSN holding a counting sequence, a made-up pattern");
    }
    Verdict::Valid
}

/// How many different digits `d` holds.
fn distinct_digits(d: &str) -> usize {
    let mut seen = [false; 10];
    for b in d.bytes().filter(u8::is_ascii_digit) {
        seen[(b - b'0') as usize] = true;
    }
    seen.iter().filter(|s| **s).count()
}

/// The longest counting run in a digit string, up or down (`34567` in `1345678`: 6; `6543210`: 7;
/// `9012` counts through 0).
fn longest_run(d: &str) -> usize {
    let b = d.as_bytes();
    let (mut up, mut down, mut best) = (1, 1, usize::from(!b.is_empty()));
    for w in b.windows(2) {
        let (x, y) = (w[0], w[1]);
        up = if y == b'0' + (x - b'0' + 1) % 10 {
            up + 1
        } else {
            1
        };
        down = if x == b'0' + (y - b'0' + 1) % 10 {
            down + 1
        } else {
            1
        };
        best = best.max(up).max(down);
    }
    best
}

/// A made-up number by its look: one digit with at most two others (`9999999910`, `0000000001`),
/// or a counting sequence (`1234`, `12345-0828`, `6543210`, `7561234567897`). Numbers of fewer
/// than four digits say nothing.
pub fn made_up_number(value: &str) -> Option<&'static str> {
    let d = digits(value);
    let n = d.len();
    if n < 4 {
        return None;
    }
    let mut counts = [0usize; 10];
    for b in d.bytes() {
        counts[(b - b'0') as usize] += 1;
    }
    let most = counts.iter().copied().max().unwrap_or(0);
    if n >= 6 && most + 2 >= n || n >= 5 && most + 1 >= n || most == n {
        return Some("a number of one repeated digit, a made-up value");
    }
    let run = longest_run(&d);
    if run == n || run >= 5 || (n >= 5 && d.starts_with("1234")) {
        return Some("a number holding a counting sequence, a made-up value");
    }
    None
}

/// Luhn over a digit string (rightmost digit is the check digit).
fn luhn_ok(d: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in d.bytes().rev().enumerate() {
        let mut v = (c - b'0') as u32;
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// NPI: ten digits starting 1 or 2, Luhn check digit computed with the `80840` prefix.
pub fn npi(s: &str) -> Verdict {
    let t = s.trim();
    if t.len() != 10 || !t.bytes().all(|b| b.is_ascii_digit()) || !matches!(&t[..1], "1" | "2") {
        return Verdict::Invalid;
    }
    if luhn_ok(&format!("80840{t}")) {
        Verdict::Valid
    } else {
        Verdict::Synthetic("NPI check digit fails")
    }
}

/// Medicare Beneficiary Identifier: 11 characters `C A AN N A AN N A A N N` (dashes optional), letters
/// from the alphabet without S, L, O, I, B and Z.
pub fn mbi(s: &str) -> Verdict {
    let t: String = s.trim().chars().filter(|c| *c != '-').collect();
    if t.len() != 11 || !t.is_ascii() {
        return Verdict::Invalid;
    }
    let up = t.to_ascii_uppercase();
    let alpha = |c: u8| c.is_ascii_uppercase() && !b"SLOIBZ".contains(&c);
    let ok = up.bytes().enumerate().all(|(i, c)| match i {
        0 => (b'1'..=b'9').contains(&c),
        1 | 4 | 7 | 8 => alpha(c),
        2 | 5 => alpha(c) || c.is_ascii_digit(),
        _ => c.is_ascii_digit(),
    });
    if !ok {
        return Verdict::Invalid;
    }
    if up == "1EG4TE5MK73" {
        return Verdict::Synthetic("the MBI from CMS's documentation");
    }
    Verdict::Valid
}

/// DEA registration number: two letters and seven digits; the last digit is
/// `(d1 + d3 + d5 + 2 * (d2 + d4 + d6)) mod 10`.
pub fn dea(s: &str) -> Verdict {
    let t = s.trim().as_bytes();
    if t.len() != 9
        || !b"ABCDEFGHJKLMNPRSTUX".contains(&t[0].to_ascii_uppercase())
        || !(t[1].is_ascii_alphabetic() || t[1] == b'9')
        || !t[2..].iter().all(u8::is_ascii_digit)
    {
        return Verdict::Invalid;
    }
    let d: Vec<u32> = t[2..].iter().map(|b| (b - b'0') as u32).collect();
    let check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
    if check == d[6] {
        Verdict::Valid
    } else {
        Verdict::Synthetic("DEA number check digit fails")
    }
}

/// VIN: 17 characters without I, O and Q; position 9 is the North American check digit.
pub fn vin(s: &str) -> Verdict {
    let t = s.trim().to_ascii_uppercase();
    if t.len() != 17
        || !t
            .bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        || t.bytes().any(|c| matches!(c, b'I' | b'O' | b'Q'))
        || !t.bytes().any(|c| c.is_ascii_digit())
        || !t.bytes().any(|c| c.is_ascii_uppercase())
    {
        return Verdict::Invalid;
    }
    let value = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'A'..=b'H' => (c - b'A' + 1) as u32,
            b'J'..=b'N' => (c - b'J' + 1) as u32,
            b'P' => 7,
            b'R' => 9,
            b'S'..=b'Z' => (c - b'S' + 2) as u32,
            _ => 0,
        }
    };
    const W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = t.bytes().zip(W).map(|(c, w)| value(c) * w).sum();
    let check = match sum % 11 {
        10 => b'X',
        n => b'0' + n as u8,
    };
    if t.as_bytes()[8] == check {
        Verdict::Valid
    } else {
        Verdict::Synthetic("VIN check digit fails")
    }
}

/// GS1 mod-10 check over a GTIN (8, 12, 13 or 14 digits).
fn gs1_ok(d: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in d.bytes().rev().skip(1).enumerate() {
        let v = (c - b'0') as u32;
        sum += if i % 2 == 0 { v * 3 } else { v };
    }
    let check = (10 - sum % 10) % 10;
    d.bytes().last().map(|c| (c - b'0') as u32) == Some(check)
}

/// UDI device identifier: a GS1 GTIN, bare or as the `(01)` / `01` element of a UDI string, with a
/// valid GS1 check digit.
pub fn udi(s: &str) -> Verdict {
    let t = s.trim();
    let gtin: String = if let Some(rest) = t.strip_prefix("(01)") {
        rest.chars().take(14).collect()
    } else if t.len() > 16 && t.starts_with("01") && t[..16].bytes().all(|b| b.is_ascii_digit()) {
        t[2..16].to_string()
    } else {
        t.to_string()
    };
    if !matches!(gtin.len(), 8 | 12 | 13 | 14) || !gtin.bytes().all(|b| b.is_ascii_digit()) {
        return Verdict::Invalid;
    }
    if gtin.bytes().all(|b| b == b'0') {
        return Verdict::Synthetic("an all-zero device identifier");
    }
    if gs1_ok(&gtin) {
        Verdict::Valid
    } else {
        Verdict::Synthetic("GS1 check digit fails")
    }
}

/// NANP phone or fax number: ten digits (optional `+1`/`1`), area code and exchange `NXX` with N in
/// 2-9 and not `N11`. Area code 555 and the 555-01xx lines are reserved for fiction.
pub fn phone(s: &str) -> Verdict {
    let t = s.trim();
    let t = t.strip_prefix("tel:").unwrap_or(t);
    if t.chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
    {
        return Verdict::Invalid;
    }
    let mut d = digits(t);
    if d.len() == 11 && d.starts_with('1') {
        d.remove(0);
    }
    if d.len() != 10 {
        return Verdict::Invalid;
    }
    let b = d.as_bytes();
    let nxx = |x: &[u8]| x[0] >= b'2' && !(x[1] == b'1' && x[2] == b'1');
    if !nxx(&b[0..3]) || !nxx(&b[3..6]) {
        return Verdict::Invalid;
    }
    if &d[..3] == "555" {
        return Verdict::Synthetic("area code 555 is not assigned");
    }
    if &d[3..6] == "555" && &d[6..8] == "01" {
        return Verdict::Synthetic("555-01xx numbers are reserved for fiction");
    }
    if &d[3..6] == "555" {
        // 555-1212 is directory assistance; the rest of the 555 exchange is almost all unassigned
        // and is what fiction and sample data use.
        return Verdict::Synthetic("a 555 exchange number, as fiction and samples use");
    }
    if d.bytes().skip(3).all(|c| c == b[3]) {
        return Verdict::Synthetic("a repeated-digit number");
    }
    Verdict::Valid
}

/// Email address; example domains (RFC 2606/6761) are synthetic.
pub fn email(s: &str) -> Verdict {
    let t = s.trim().trim_start_matches("mailto:");
    let Some((local, domain)) = t.rsplit_once('@') else {
        return Verdict::Invalid;
    };
    let domain = domain.to_ascii_lowercase();
    let label_ok =
        |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if local.is_empty()
        || local.len() > 64
        || !local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b))
        || !domain.contains('.')
        || !domain.split('.').all(label_ok)
    {
        return Verdict::Invalid;
    }
    let tld = domain.rsplit('.').next().unwrap_or("");
    if !tld.bytes().all(|b| b.is_ascii_alphabetic()) || tld.len() < 2 {
        return Verdict::Invalid;
    }
    if is_example_domain(&domain) {
        return Verdict::Synthetic("example or test domain");
    }
    // `roger@fakegmail.com`, `anna@sampledomain.ch`, `email@address.com`.
    let host = domain.rsplit_once('.').map_or(domain.as_str(), |(h, _)| h);
    if ["fake", "sample", "example", "dummy"]
        .iter()
        .any(|p| host.contains(p))
        || host
            .split('.')
            .any(|l| l == "test" || l.starts_with("testmail"))
        || matches!(
            host,
            "address" | "domain" | "somewhere" | "anywhere" | "email"
        )
        || matches!(
            local.to_ascii_lowercase().as_str(),
            "email" | "test" | "fake" | "noreply" | "no-reply" | "someone" | "user" | "patient"
        )
    {
        return Verdict::Synthetic("a placeholder email address");
    }
    Verdict::Valid
}

/// RFC 2606/6761 reserved names, and the documentation's favourite placeholder.
pub fn is_example_domain(domain: &str) -> bool {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    let tld = d.rsplit('.').next().unwrap_or("");
    matches!(tld, "test" | "example" | "invalid" | "localhost" | "local")
        || ["example.com", "example.org", "example.net", "email.com"]
            .iter()
            .any(|e| d == *e || d.ends_with(&format!(".{e}")))
}

/// US ZIP or ZIP+4. `00000` is synthetic.
pub fn zip(s: &str) -> Verdict {
    let t = s.trim();
    let ok = (t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit()))
        || (t.len() == 10
            && t.bytes().enumerate().all(|(i, b)| {
                if i == 5 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            }));
    if !ok {
        return Verdict::Invalid;
    }
    if &t[..5] == "00000" || &t[..5] == "99999" || &t[..5] == "12345" {
        return Verdict::Synthetic("placeholder ZIP code");
    }
    Verdict::Valid
}

/// A calendar date: ISO `YYYY-MM-DD` (time allowed after), HL7/DICOM `YYYYMMDD[HHMM...]`, or US
/// `MM/DD/YYYY`. Years 1880 through today's year.
pub fn date(s: &str) -> Verdict {
    match parse_date(s) {
        Some((y, m, d)) if valid_ymd(y, m, d) => {
            let this_year = crate::date::Date::today().year;
            if (1880..=this_year).contains(&y) {
                Verdict::Valid
            } else {
                Verdict::Invalid
            }
        }
        _ => Verdict::Invalid,
    }
}

fn valid_ymd(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Parses the date shapes above into (year, month, day).
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let t = s.trim();
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let p = t.get(r)?;
        p.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse().ok())?
    };
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        if b.len() > 10 && !matches!(b[10], b'T' | b' ') {
            return None;
        }
        return Some((num(0..4)? as i32, num(5..7)?, num(8..10)?));
    }
    if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) {
        if b.len() > 8
            && !b[8..]
                .iter()
                .all(|c| c.is_ascii_digit() || b".+-".contains(c))
        {
            return None;
        }
        if !matches!(b.len(), 8 | 10 | 12 | 14) && !b.contains(&b'.') && !b.contains(&b'-') {
            return None;
        }
        return Some((num(0..4)? as i32, num(4..6)?, num(6..8)?));
    }
    if b.len() == 10 && b[2] == b'/' && b[5] == b'/' {
        return Some((num(6..10)? as i32, num(0..2)?, num(3..5)?));
    }
    None
}

/// An age of 90 or more (Safe Harbor aggregates these into one category), up to 125.
pub fn age_over_89(s: &str) -> Verdict {
    let t = s
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
    match t.parse::<u32>() {
        Ok(n) if (90..=125).contains(&n) => Verdict::Valid,
        _ => Verdict::Invalid,
    }
}

/// A person's name: one to four words of letters (with `'`, `-`, `.`). Valid when a word is in the
/// bundled census lists, weak when none is; a word with digits glued on (`Abe604`) is how Synthea
/// marks its names.
pub fn person_name(s: &str) -> Verdict {
    let t = s.trim();
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',' || c == '^')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 5 || t.len() > 80 {
        return Verdict::Invalid;
    }
    let synthea = |w: &str| {
        let alpha = w.trim_end_matches(|c: char| c.is_ascii_digit());
        alpha.len() >= 2
            && alpha.len() < w.len()
            && alpha
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
    };
    if words.iter().any(|w| synthea(w)) {
        return Verdict::Synthetic("Synthea-style name with digits");
    }
    // `XXX_Helleman`, `ZZZ-Patient`: a test record's name, marked by a run of x or z.
    if words.iter().any(|w| {
        let l = w.to_ascii_lowercase();
        l.starts_with("xxx") || l.starts_with("zzz")
    }) {
        return Verdict::Synthetic("a placeholder name");
    }
    if !words.iter().all(|w| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '.')
    }) {
        return Verdict::Invalid;
    }
    // Initials alone (`X.`, `S`) name nobody.
    if words
        .iter()
        .all(|w| w.trim_end_matches('.').chars().count() <= 1)
    {
        return Verdict::Invalid;
    }
    // `TransactionRollback`, `SMARTLeakChild`: an identifier of code, not a name (McBee,
    // DeLarosa and MacDonald have at most two lower-case letters before the inner capital).
    if words.iter().any(|w| camel_case(w)) {
        return Verdict::Synthetic("a code identifier used as a name");
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if lower.iter().flat_map(|w| w.split('-')).any(|w| {
        let w = w.trim_matches(['.', '\'']);
        let census = names::is_first(w) || names::is_last(w);
        PLACEHOLDER_NAME_WORDS.contains(&w)
            || (w.chars().count() >= 3 && w.chars().all(|c| w.starts_with(c)))
            // `CLABTEST`, `RefTestPatient`, `NWHINZZZTESTPATIENT`: a test account's name (no
            // census name holds these).
            || (!census && w.len() >= 6 && PLACEHOLDER_NAME_PARTS.iter().any(|p| w.contains(p)))
    }) {
        return Verdict::Synthetic("a placeholder name");
    }
    if lower
        .iter()
        .any(|w| names::is_first(w) || names::is_last(w))
    {
        Verdict::Valid
    } else if t.chars().filter(|c| c.is_alphabetic()).count() <= 2 {
        // `OB` (a DICOM patient name holding the department), `ABC`-style stubs: too short to
        // be a name the census lists do not know.
        Verdict::Invalid
    } else {
        Verdict::Weak
    }
}

/// Is this word camel-cased code (`TransactionRollback`, `SMARTLeak`): an upper-case letter after
/// three or more lower-case ones?
fn camel_case(w: &str) -> bool {
    let mut lower_run = 0;
    for c in w.chars() {
        if c.is_lowercase() {
            lower_run += 1;
        } else if c.is_uppercase() {
            if lower_run >= 3 {
                return true;
            }
            lower_run = 0;
        } else {
            lower_run = 0;
        }
    }
    false
}

/// Parts of a longer word that make it a test account's name rather than a person's.
/// The standards' own names count (`fhirabend`, `Cdshookstwo`).
const PLACEHOLDER_NAME_PARTS: &[&str] = &[
    "test", "patient", "dummy", "sample", "example", "zzz", "xxx", "asdf", "qwer", "fhir",
    "cdshook", "infant",
];

/// Words that make a name a placeholder (a word of one repeated letter, `AAAAAA`, is one too).
/// Published sample names (John Doe, Adam Everyman) are in `rules/phi/known-samples.tsv`.
const PLACEHOLDER_NAME_WORDS: &[&str] = &[
    // English
    "fictitious",
    "fictional",
    "nothing",
    "generic",
    "nobody",
    "someone",
    "somebody",
    "asdf",
    "asdfas",
    "qwerty",
    "foo",
    "baz",
    "abc",
    "xyz",
    "patfamily",
    "patgiven",
    // The same in other languages: Finnish testi and henkilö (person), Spanish prueba, German
    // Muster (Max Mustermann) and Beispiel, French exemple, Italian esempio, Dutch voorbeeld,
    // Norwegian and Danish eksempel, Swedish exempel.
    "testi",
    "henkilö",
    "henkilo",
    "beispiel",
    "eksempel",
    "exempel",
    "prueba",
    "deprueba",
    "muster",
    "musterfrau",
    "mustermann",
    "exemple",
    "esempio",
    "voorbeeld",
    "test",
    "tester",
    "testpatient",
    "patient",
    "example",
    "sample",
    "fake",
    "dummy",
    "anonymous",
    "anonymized",
    "anon",
    "unknown",
    "demo",
    "demopatient",
    "phantom",
    "nobody",
    "null",
    "none",
    "firstname",
    "lastname",
    "surname",
    "mock",
    "family",
    "given",
    "create",
    "update",
    "connectathon",
    "first",
    "last",
    "middle",
    // Test labels typed where a name goes (`RAPID^^`, `LABEL`, `TEMP`); none is a census name.
    "rapid",
    "stat",
    "label",
    "temp",
    "tmp",
    "placeholder",
    "default",
    "noname",
    "unnamed",
    "todo",
    "tbd",
    "debug",
    "lorem",
    "ipsum",
];

const STREET_SUFFIXES: &[&str] = &[
    "st",
    "street",
    "ave",
    "avenue",
    "rd",
    "road",
    "blvd",
    "boulevard",
    "ln",
    "lane",
    "dr",
    "drive",
    "ct",
    "court",
    "way",
    "pl",
    "place",
    "cir",
    "circle",
    "ter",
    "terrace",
    "pkwy",
    "parkway",
    "hwy",
    "highway",
    "trl",
    "trail",
    "sq",
    "square",
    "loop",
    "row",
    "run",
    "pike",
    "path",
    "walk",
];

/// Street words that only sample data uses (`123 Anywhere Road`, `1111 StreetName St.`).
const PLACEHOLDER_STREET_WORDS: &[&str] = &[
    "anywhere",
    "any street",
    "anystreet",
    "anytown",
    "streetname",
    "street name",
    "somewhere",
    "mailing address",
    "home address",
    "fake",
    "example",
    "sample",
    "test st",
    "test ave",
    "test road",
    // Joke and fictional streets (`Secret Agent Way`, `4 Privet Drive`, `221B Baker Street`).
    "secret agent",
    "imaginary",
    "fictional",
    "fictitious",
    "sesame street",
    "privet drive",
    "wisteria lane",
    "spooner street",
    "221b baker",
];

/// House numbers typed by counting or holding one key: 123, 1234, 12345, 111, 1111, 999.
fn made_up_house_number(d: &str) -> bool {
    d.bytes().all(|c| c == d.as_bytes()[0]) || "123456789".starts_with(d)
}

/// A street address line: a house number followed by words; valid with a street suffix (`Main St`).
pub fn street_address(s: &str) -> Verdict {
    let t = s.trim();
    let mut words = t.split_whitespace();
    let Some(first) = words.next() else {
        return Verdict::Invalid;
    };
    let rest: Vec<&str> = words.collect();
    let number_ok = first.len() <= 6
        && first.starts_with(|c: char| c.is_ascii_digit())
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !number_ok || rest.is_empty() || rest.len() > 8 {
        return Verdict::Invalid;
    }
    if !rest
        .iter()
        .any(|w| w.chars().next().is_some_and(char::is_alphabetic))
    {
        return Verdict::Invalid;
    }
    let lower = t.to_lowercase();
    if PLACEHOLDER_STREET_WORDS.iter().any(|p| lower.contains(p)) {
        return Verdict::Synthetic("a placeholder street");
    }
    let house = digits(first);
    // `007 Soho Lane`: no house number starts with two zeros (Portland's `0615 SW ...` has one).
    if house.len() >= 3 && first.starts_with("00") {
        return Verdict::Synthetic("a house number with leading zeros (007)");
    }
    if house.len() >= 3 && house.len() == first.len() && made_up_house_number(&house) {
        return Verdict::Synthetic("a made-up house number (123, 1234, 1111)");
    }
    let has_suffix = rest.iter().any(|w| {
        let w = w.trim_end_matches(['.', ',']).to_ascii_lowercase();
        STREET_SUFFIXES.contains(&w.as_str())
    });
    if has_suffix {
        Verdict::Valid
    } else {
        Verdict::Weak
    }
}

/// A record, member, account, certificate or license number: 4 to 24 characters of letters, digits
/// and dashes, with at least 4 digits. Only ever weak: the field name is the evidence.
pub fn record_number(s: &str) -> Verdict {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    if lower.len() <= 24
        && lower
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| matches!(w, "test" | "example" | "sample" | "dummy" | "fake"))
    {
        return Verdict::Synthetic("a placeholder identifier");
    }
    if !(4..=24).contains(&t.len())
        || !t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        || t.bytes().filter(u8::is_ascii_digit).count() < 4
    {
        return Verdict::Invalid;
    }
    // `9.691716008306988`: a random fraction, not a record number.
    if t.bytes().filter(|b| *b == b'.').count() == 1
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return Verdict::Invalid;
    }
    let d = digits(t);
    if d.bytes().all(|c| c == b'0') || d.bytes().all(|c| c == d.as_bytes()[0]) && d.len() >= 6 {
        return Verdict::Synthetic("a repeated-digit placeholder number");
    }
    if let Some(why) = made_up_number(&d) {
        return Verdict::Synthetic(why);
    }
    Verdict::Weak
}

/// IPv4 address of a host on the internet; documentation ranges are synthetic, private and loopback
/// ranges identify nobody.
pub fn ip(s: &str) -> Verdict {
    let parts: Vec<&str> = s.trim().split('.').collect();
    if parts.len() != 4 {
        return Verdict::Invalid;
    }
    let mut o = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 3 || (p.len() > 1 && p.starts_with('0')) {
            return Verdict::Invalid;
        }
        match p.parse::<u8>() {
            Ok(v) => o[i] = v,
            Err(_) => return Verdict::Invalid,
        }
    }
    match o {
        [192, 0, 2, _] | [198, 51, 100, _] | [203, 0, 113, _] => {
            Verdict::Synthetic("documentation address range")
        }
        [10, ..] | [127, ..] | [0, ..] | [192, 168, ..] | [169, 254, ..] => Verdict::Invalid,
        [172, b, ..] if (16..32).contains(&b) => Verdict::Invalid,
        [a, ..] if a >= 224 => Verdict::Invalid,
        _ => Verdict::Valid,
    }
}

/// An http(s) URL; on an example domain it is synthetic.
pub fn url(s: &str) -> Verdict {
    let t = s.trim();
    let Some(rest) = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
    else {
        return Verdict::Invalid;
    };
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if !host.contains('.') {
        return Verdict::Invalid;
    }
    if is_example_domain(&host) {
        return Verdict::Synthetic("example or test domain");
    }
    Verdict::Valid
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    #[test]
    fn ssn_area_group_serial() {
        assert_eq!(ssn("212-48-7713"), Valid); // aseptic:allow made-up test value
        assert_eq!(ssn("212487713"), Valid);
        assert!(matches!(ssn("999-12-3456"), Synthetic(_))); // aseptic:allow made-up test value
        assert!(matches!(ssn("666-12-3456"), Synthetic(_)));
        assert!(matches!(ssn("000-12-3456"), Synthetic(_)));
        assert!(matches!(ssn("212-00-3456"), Synthetic(_)));
        assert!(matches!(ssn("212-45-0000"), Synthetic(_)));
        assert!(matches!(ssn("078-05-1120"), Synthetic(_)));
        assert!(matches!(ssn("111-22-3333"), Synthetic(_)));
        assert!(matches!(ssn("444-33-3333"), Synthetic(_)));
        assert_eq!(ssn("21-248-7713"), Invalid);
        assert_eq!(ssn("1.2.3"), Invalid);
    }

    #[test]
    fn npi_luhn_with_prefix() {
        // CMS's worked example: 123456789 has check digit 3.
        assert_eq!(npi("1234567893"), Valid);
        assert!(matches!(npi("1234567890"), Synthetic(_)));
        assert_eq!(npi("3234567893"), Invalid);
        assert_eq!(npi("12345"), Invalid);
    }

    #[test]
    fn mbi_format_and_alphabet() {
        assert_eq!(mbi("2KT7-UV3-JA44"), Valid); // aseptic:allow made-up test value
        assert_eq!(mbi("2KT7UV3JA44"), Valid);
        assert!(matches!(mbi("1EG4-TE5-MK73"), Synthetic(_)));
        // S is not in the alphabet; position 1 must be 1-9.
        assert_eq!(mbi("2SG4TE5MK73"), Invalid);
        assert_eq!(mbi("0EG4TE5MK73"), Invalid);
    }

    #[test]
    fn dea_checksum() {
        // (1+3+2) + 2*(2+4+1) = 20 -> 0
        assert_eq!(dea("BJ1234210"), Valid);
        assert!(matches!(dea("BJ1234219"), Synthetic(_)));
        assert_eq!(dea("B12345678"), Invalid);
    }

    #[test]
    fn vin_check_digit() {
        assert_eq!(vin("1M8GDM9AXKP042788"), Valid);
        assert!(matches!(vin("1M8GDM9A1KP042788"), Synthetic(_)));
        assert_eq!(vin("1M8GDM9AXKP04278"), Invalid);
        assert_eq!(vin("abcdefabcdefabcde"), Invalid);
    }

    #[test]
    fn udi_gs1_check_digit() {
        assert_eq!(udi("00884838035683"), Valid);
        assert_eq!(udi("(01)00884838035683(17)250101(10)A1"), Valid);
        assert!(matches!(udi("00884838035684"), Synthetic(_)));
        assert_eq!(udi("abc"), Invalid);
    }

    #[test]
    fn nanp_phone_rules() {
        assert_eq!(phone("(617) 432-8811"), Valid);
        assert_eq!(phone("+1 617-432-8811"), Valid);
        assert!(matches!(phone("617-555-0142"), Synthetic(_)));
        assert!(matches!(phone("555-321-7654"), Synthetic(_)));
        assert!(matches!(phone("888-555-1212"), Synthetic(_)));
        assert_eq!(phone("117-432-8811"), Invalid);
        assert_eq!(phone("617-911-8811"), Invalid);
        assert_eq!(phone("1.2.3"), Invalid);
    }

    #[test]
    fn email_and_example_domains() {
        assert_eq!(email("maria.gonzalez@gmail.com"), Valid);
        assert!(matches!(email("abe604@example.com"), Synthetic(_)));
        assert!(matches!(email("x@clinic.test"), Synthetic(_)));
        assert_eq!(email("not-an-email"), Invalid);
    }

    #[test]
    fn dates_and_ages() {
        assert_eq!(date("1957-03-14"), Valid);
        assert_eq!(date("19570314"), Valid);
        assert_eq!(date("03/14/1957"), Valid);
        assert_eq!(date("1957-02-30"), Invalid);
        assert_eq!(date("1.2.3"), Invalid);
        assert_eq!(date("3000-01-01"), Invalid);
        assert_eq!(age_over_89("93"), Valid);
        assert_eq!(age_over_89("89"), Invalid);
    }

    #[test]
    fn names_addresses_numbers() {
        assert_eq!(person_name("Maria Gonzalez"), Valid); // aseptic:allow made-up test value
        assert!(matches!(person_name("Abe604 Frami345"), Synthetic(_)));
        assert_eq!(person_name("Xqzt"), Weak);
        assert!(matches!(person_name("AAAAAAA AAAAAA"), Synthetic(_)));
        assert!(matches!(person_name("Lastname Firstname"), Synthetic(_)));
        assert!(matches!(person_name("CLABTEST ONE"), Synthetic(_)));
        assert_eq!(person_name("Testa Maria"), Valid);
        assert_eq!(person_name("v1.2.3"), Invalid);
        assert_eq!(street_address("1428 Elm Street"), Valid);
        assert_eq!(street_address("Elm Street"), Invalid);
        // Joke streets and zero-padded house numbers are made up; the same street is not.
        assert!(matches!(
            street_address("8388 Secret Agent Way"),
            Synthetic(_)
        ));
        assert!(matches!(street_address("007 Soho Lane"), Synthetic(_)));
        assert_eq!(street_address("8388 Soho Lane"), Valid);
        assert_eq!(street_address("0 Soho Lane"), Valid);
        assert_eq!(street_address("0615 SW Palatine Hill Rd"), Valid);
        // A test label where a name goes.
        assert!(matches!(person_name("RAPID"), Synthetic(_)));
        assert_eq!(person_name("RAPIDS"), Weak);
        assert!(matches!(person_name("XXX_Helleman"), Synthetic(_)));
        assert_eq!(person_name("Helleman"), Weak);
        assert_eq!(record_number("MRN-00482913"), Weak);
        assert_eq!(record_number("abc"), Invalid);
        assert_eq!(zip("02115"), Valid);
        assert_eq!(zip("02115-1234"), Valid);
        assert_eq!(ip("73.12.44.9"), Valid);
        assert!(matches!(ip("192.0.2.44"), Synthetic(_)));
        assert_eq!(ip("10.0.0.1"), Invalid);
        assert_eq!(
            url("https://mychart.example.org/p/1"),
            Synthetic("example or test domain")
        );
    }

    #[test]
    fn made_up_values_by_their_look() {
        // Counting and one-digit numbers.
        for v in [
            "1234",
            "12345",
            "12346",
            "6543210",
            "9999999910",
            "0000000001",
            "12345-0828",
            "7561234567897",
            "4444-6",
            "10000X",
        ] {
            assert!(matches!(record_number(v), Synthetic(_)), "{v}");
        }
        for v in [
            "00482913",
            "1935537156",
            "ID613876",
            "W470219385",
            "2786167615",
        ] {
            assert_eq!(record_number(v), Weak, "{v}");
        }
        assert!(matches!(record_number("test 1"), Synthetic(_)));
        assert_eq!(record_number("9.691716008306988"), Invalid);
        assert!(matches!(ssn("101-01-0001"), Synthetic(_)));
        assert!(matches!(ssn("234-56-7890"), Synthetic(_)));
        assert_eq!(ssn("398-44-5551"), Valid);
        // Placeholder streets and house numbers; real ones stay.
        for v in [
            "123 Anywhere Road",
            "1111 StreetName St.",
            "123 Main St",
            "1234 Blvd",
            "10 Mailing Address Ave",
        ] {
            assert!(matches!(street_address(v), Synthetic(_)), "{v}");
        }
        assert_eq!(street_address("28 Warkil St"), Valid);
        assert_eq!(street_address("1230 West Boulevard"), Valid);
        // Placeholder names, code identifiers and stubs; real names with inner capitals stay.
        for v in [
            "Mary Fictitious",
            "Anna Testi",
            "RefTestPatient",
            "NWHINZZZTESTPATIENT",
            "TransactionRollback",
            "SMARTLeakChild",
            "Juan DePrueba",
            "Anna Muster",
            "Espen Eksempel",
            "Turva Henkilö",
            "fhirabend",
            "Ashley Cdshookstwo",
            "NoVaxeninfant-f",
            "asdfas",
        ] {
            assert!(matches!(person_name(v), Synthetic(_)), "{v}");
        }
        for v in ["Roger McBee", "Martha DeLarosa", "Ian MacDonald", "Wei Li"] {
            assert_eq!(person_name(v), Valid, "{v}");
        }
        assert_eq!(person_name("X."), Invalid);
        assert_eq!(person_name("OB"), Invalid);
        // Placeholder mail hosts and mailboxes.
        for v in [
            "roger.r.mcbee@fakegmail.com",
            "anna.muster@sampledomain.ch",
            "email@address.com",
        ] {
            assert!(matches!(email(v), Synthetic(_)), "{v}");
        }
        assert_eq!(email("r.okafor@outlook.com"), Valid);
    }

    #[test]
    fn every_registered_name_resolves() {
        for n in NAMES {
            assert!(lookup(n).is_some(), "{n}");
        }
        assert!(lookup("nope").is_none());
    }
}
