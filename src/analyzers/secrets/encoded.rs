//! Secrets encoded once: base64 (standard or URL-safe), hex, and percent-encoding inside URLs.
//!
//! [`find`] walks the bytes once with a class table, picks out runs that could be an encoding of
//! text (long enough, the right alphabet, mixed case for base64, even length for hex) and tokens
//! holding `%XX` escapes, and decodes them. Only decodings that are printable text are kept; the
//! analyzer then runs every rule on the decoded text (keyword prefilter first) and reports a hit
//! at the encoded blob's location with property `encoding`.
//!
//! Deliberately not done: decoding twice (base64 of base64), compressed payloads, or blobs shorter
//! than [`MIN_BASE64`]: short blobs cannot hold a credential worth reporting and decoding them
//! would cost time on every identifier in source code.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Shortest base64 run worth decoding (18 bytes of text).
pub const MIN_BASE64: usize = 24;
/// Shortest hex run worth decoding (16 bytes of text).
pub const MIN_HEX: usize = 32;
/// Longest run decoded (a blob larger than this is data, not a credential).
pub const MAX_BLOB: usize = 16 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Base64,
    Hex,
    Percent,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::Hex => "hex",
            Encoding::Percent => "percent",
        }
    }
}

/// A decoded blob: where the encoded text is, and what it decodes to.
#[derive(Debug)]
pub struct Blob {
    pub start: usize,
    pub end: usize,
    pub encoding: Encoding,
    pub decoded: Vec<u8>,
}

const B64: u8 = 1;
const URL: u8 = 2;
const HEX: u8 = 4;

const fn class_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let mut v = 0;
        if c.is_ascii_alphanumeric() {
            v |= B64;
        }
        if c == b'+' || c == b'/' {
            v |= B64;
        }
        if c == b'-' || c == b'_' {
            v |= URL;
        }
        if c.is_ascii_hexdigit() {
            v |= HEX;
        }
        t[i] = v;
        i += 1;
    }
    t
}

static CLASS: [u8; 256] = class_table();

const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const STD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Printable text: valid UTF-8, at most a few control characters other than whitespace.
fn is_text(b: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(b) else {
        return false;
    };
    let bad = s
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    bad == 0 && s.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Could this base64 run encode ASCII text? The first character of every 4-character group holds
/// the top six bits of a byte, which for ASCII (below 0x80) is below 32: `A`-`Z` or `a`-`f`. A
/// run of random characters passes with probability 2^-groups, so almost none gets decoded.
fn may_be_base64_text(run: &[u8]) -> bool {
    run.iter()
        .step_by(4)
        .all(|&c| c.is_ascii_uppercase() || (b'a'..=b'f').contains(&c))
}

/// Could this hex run encode text? Every byte's high nibble is 0 (tab, newline) or 2-7.
fn may_be_hex_text(run: &[u8]) -> bool {
    run.iter()
        .step_by(2)
        .all(|&c| matches!(c, b'0' | b'2'..=b'7'))
}

/// Every blob in `hay` that decodes to text.
pub fn find(hay: &[u8]) -> Vec<Blob> {
    let mut out = Vec::new();
    let n = hay.len();
    let mut i = 0;
    while i < n {
        if CLASS[hay[i] as usize] & (B64 | URL) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && CLASS[hay[i] as usize] & (B64 | URL) != 0 {
            i += 1;
        }
        let len = i - start;
        // Words and identifiers are short: most runs end here, having cost one table lookup a byte.
        if len < MIN_BASE64.min(MIN_HEX) || len > MAX_BLOB {
            continue;
        }
        let run = &hay[start..i];
        if run.iter().all(|&c| CLASS[c as usize] & HEX != 0) {
            if len >= MIN_HEX
                && len % 2 == 0
                && may_be_hex_text(run)
                && let Ok(d) = hex::decode(run)
                && is_text(&d)
            {
                out.push(Blob {
                    start,
                    end: i,
                    encoding: Encoding::Hex,
                    decoded: d,
                });
            }
            continue;
        }
        if len < MIN_BASE64 || len % 4 == 1 || !may_be_base64_text(run) {
            continue;
        }
        let upper = run.iter().any(u8::is_ascii_uppercase);
        let lower = run.iter().any(u8::is_ascii_lowercase);
        let url = run.iter().any(|&c| c == b'-' || c == b'_');
        let std = run.iter().any(|&c| c == b'+' || c == b'/');
        if !(upper && lower) || (url && std) {
            continue;
        }
        let mut end = i;
        while end < n && hay[end] == b'=' && end - i < 2 {
            end += 1;
        }
        let engine = if url { &URL_SAFE } else { &STD };
        if let Ok(d) = engine.decode(&hay[start..end])
            && is_text(&d)
        {
            out.push(Blob {
                start,
                end,
                encoding: Encoding::Base64,
                decoded: d,
            });
        }
    }
    percent(hay, &mut out);
    out
}

fn is_delim(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'`' | b'<' | b'>' | b'(' | b')')
}

/// Tokens (between whitespace or quotes) holding `%XX` escapes of URL syntax characters.
fn percent(hay: &[u8], out: &mut Vec<Blob>) {
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'%', &hay[from..]) {
        let at = from + p;
        from = at + 1;
        let escaped = hay.get(at + 1..at + 3).is_some_and(|h| {
            matches!(
                (h[0], h[1].to_ascii_uppercase()),
                (b'2', b'F') | (b'3', b'A') | (b'4', b'0') | (b'3', b'D') | (b'2', b'6')
            )
        });
        if !escaped {
            continue;
        }
        let mut start = at;
        while start > 0 && !is_delim(hay[start - 1]) {
            start -= 1;
        }
        let mut end = at;
        while end < hay.len() && !is_delim(hay[end]) {
            end += 1;
        }
        from = end;
        if end - start > MAX_BLOB {
            continue;
        }
        let decoded = percent_decode(&hay[start..end]);
        if is_text(&decoded) {
            out.push(Blob {
                start,
                end,
                encoding: Encoding::Percent,
                decoded,
            });
        }
    }
}

fn percent_decode(b: &[u8]) -> Vec<u8> {
    let hexval = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(&[h, l]) = b.get(i + 1..i + 3)
            && let (Some(h), Some(l)) = (hexval(h), hexval(l))
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_base64_hex_and_percent_blobs() {
        let text = b"data: YXdzX2FjY2Vzc19rZXlfaWQ9QUtJQVo= x";
        let blobs = find(text);
        assert_eq!(blobs.len(), 1);
        assert_eq!(blobs[0].encoding, Encoding::Base64);
        assert_eq!(blobs[0].decoded, b"aws_access_key_id=AKIAZ");

        let hex = b"v = 70617373776f72643d68756e746572327365637265 ;";
        let blobs = find(hex);
        assert_eq!(blobs[0].encoding, Encoding::Hex);
        assert_eq!(blobs[0].decoded, b"password=hunter2secre");

        let url = b"go?next=postgres%3A%2F%2Fu%3Apw%40h%2Fdb end";
        let blobs = find(url);
        assert_eq!(blobs[0].encoding, Encoding::Percent);
        assert_eq!(blobs[0].decoded, b"go?next=postgres://u:pw@h/db");
    }

    #[test]
    fn identifiers_and_hashes_are_not_text() {
        // A SHA-256 in hex decodes to binary, not text.
        let sha = b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert!(find(sha).is_empty());
        assert!(find(b"some_long_identifier_name_here_for_sure").is_empty());
    }
}
