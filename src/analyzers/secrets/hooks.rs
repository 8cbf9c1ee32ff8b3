//! The named checks a rule's `[matcher]` may ask for, registered in one place: `checksum = NAME`
//! (the secret must carry a valid provider checksum, which makes the finding high precision) and
//! `validate = NAME` (a structural check that may also add properties, such as whether a private
//! key is encrypted).
//!
//! Hooks look only at the matched text: they never read other files or the network, so they work
//! the same on a working-tree file, a staged blob or a commit's added lines.

use base64::Engine as _;
use std::collections::BTreeMap;

/// A checksum check: true when the secret's checksum is valid.
pub type ChecksumFn = fn(&str) -> bool;
/// A structural check: true when the candidate is a real secret; may add properties.
pub type ValidateFn = fn(&str, &mut BTreeMap<String, String>) -> bool;

/// Every checksum a rule may name.
pub const CHECKSUMS: &[(&str, ChecksumFn)] = &[
    ("github-crc32", base62_crc32_suffix),
    ("npm-crc32", base62_crc32_suffix),
];

/// Every validate hook a rule may name.
pub const VALIDATORS: &[(&str, ValidateFn)] = &[
    ("jwt", jwt),
    ("private-key", private_key),
    ("base64-text", base64_text),
    ("basic-auth", basic_auth),
    ("pypi-macaroon", pypi_macaroon),
    ("discord-id", discord_id),
];

pub fn checksum(name: &str) -> Option<ChecksumFn> {
    CHECKSUMS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

pub fn static_name(name: &str) -> &'static str {
    CHECKSUMS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, _)| *n)
        .unwrap_or("checksum")
}

pub fn validator(name: &str) -> Option<ValidateFn> {
    VALIDATORS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

pub fn checksum_names() -> String {
    CHECKSUMS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn validator_names() -> String {
    VALIDATORS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` in base 62, left-padded with `0` to `width` digits.
pub fn base62(mut n: u32, width: usize) -> String {
    let mut digits = Vec::new();
    while n > 0 {
        digits.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while digits.len() < width {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm (`npm_`) tokens: the part after the
/// last `_` ends in six base-62 digits of the CRC32 of the characters before them.
fn base62_crc32_suffix(token: &str) -> bool {
    let body = token.rsplit('_').next().unwrap_or(token);
    if body.len() <= 6 || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (random, check) = body.split_at(body.len() - 6);
    base62(crc32fast::hash(random.as_bytes()), 6) == check
}

fn b64_decode_any(s: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let s = s.trim();
    URL_SAFE_NO_PAD
        .decode(s)
        .or_else(|_| URL_SAFE.decode(s))
        .or_else(|_| STANDARD.decode(s))
        .or_else(|_| STANDARD_NO_PAD.decode(s))
        .ok()
}

/// A JWT's header must decode to a JSON object with an `alg`; a payload that does not decode is
/// not a token.
fn jwt(token: &str, props: &mut BTreeMap<String, String>) -> bool {
    let mut parts = token.split('.');
    let (Some(h), Some(p)) = (parts.next(), parts.next()) else {
        return false;
    };
    let Some(header) = b64_decode_any(h) else {
        return false;
    };
    let Ok(header) = serde_json::from_slice::<serde_json::Value>(&header) else {
        return false;
    };
    let Some(alg) = header.get("alg").and_then(|a| a.as_str()) else {
        return false;
    };
    if b64_decode_any(p).is_none() {
        return false;
    }
    if alg.eq_ignore_ascii_case("none") {
        props.insert("alg".into(), "none".into());
    }
    true
}

/// A private key block must have a body (not just the armour lines from documentation); records
/// whether the key is encrypted. A key held in one string literal with escaped line breaks
/// (`'-----BEGIN RSA PRIVATE KEY-----\r\nMIIC...'`) is read line by line like a PEM file.
fn private_key(block: &str, props: &mut BTreeMap<String, String>) -> bool {
    let unescaped;
    let block = if block.contains("\\n") {
        unescaped = block.replace("\\r\\n", "\n").replace("\\n", "\n");
        unescaped.as_str()
    } else {
        block
    };
    // Body lines are base64 once the quotes and concatenation around them are trimmed; code that
    // builds a PEM around a variable (`chunk_split(base64_encode($key))`) has none.
    let body: usize = block
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['"', '\''])
                .trim_end_matches(['"', '\'', ' ', '\t', '.', '+', ',', ';'])
        })
        .filter(|t| {
            !t.starts_with("-----")
                && t.len() >= 16
                && t.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
        })
        .map(str::len)
        .sum();
    let putty = block.starts_with("PuTTY-User-Key-File");
    if body < 48 && !putty {
        return false;
    }
    if block.contains("...") || block.to_ascii_lowercase().contains("your") {
        return false;
    }
    let encrypted = if putty {
        block
            .lines()
            .find_map(|l| l.strip_prefix("Encryption:"))
            .map(|e| e.trim() != "none")
    } else if block.contains("ENCRYPTED") {
        Some(true)
    } else if block.contains("BEGIN OPENSSH PRIVATE KEY") {
        openssh_encrypted(block)
    } else if block.contains("BEGIN PGP PRIVATE KEY BLOCK") {
        None
    } else {
        Some(false)
    };
    props.insert(
        "encrypted".into(),
        match encrypted {
            Some(true) => "true",
            Some(false) => "false",
            None => "unknown",
        }
        .into(),
    );
    true
}

/// An OpenSSH key body is `openssh-key-v1\0` then the cipher name as a length-prefixed string.
fn openssh_encrypted(block: &str) -> Option<bool> {
    let b64: String = block
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    let raw = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    let rest = raw.strip_prefix(b"openssh-key-v1\0")?;
    let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let cipher = rest.get(4..4 + len)?;
    Some(cipher != b"none")
}

/// `value` decoded from standard base64, when that gives UTF-8 text.
fn decoded_text(value: &str) -> Option<String> {
    // Padding is often dropped by hand-written configs (`.dockercfg`).
    String::from_utf8(b64_decode_any(value)?).ok()
}

/// Printable text of at least 6 characters that is not itself a placeholder.
fn printable_secret(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 6
        && t.chars().all(|c| !c.is_control() || c == '\n')
        && !super::filters::is_placeholder(t, true)
}

/// A Kubernetes `data:` value: must decode to printable text that is not itself a placeholder.
fn base64_text(value: &str, _props: &mut BTreeMap<String, String>) -> bool {
    decoded_text(value).is_some_and(|t| printable_secret(&t))
}

/// HTTP Basic credentials: base64 of `user:password` with a password that is not empty and not
/// a placeholder (`martin:` or `user:secret` is an example, not a credential).
fn basic_auth(value: &str, _props: &mut BTreeMap<String, String>) -> bool {
    let Some(text) = decoded_text(value) else {
        return false;
    };
    // The user name may be a word such as `_token` (registry tokens): only the password is judged.
    text.split_once(':').is_some_and(|(_, password)| {
        !password.is_empty() && text.chars().all(|c| !c.is_control()) && printable_secret(password)
    })
}

/// A PyPI API token is `pypi-` and a base64 macaroon whose location is pypi.org (or test.pypi.org).
fn pypi_macaroon(token: &str, _props: &mut BTreeMap<String, String>) -> bool {
    let body = token.trim_start_matches("pypi-");
    let head: String = body.chars().take(64).collect();
    let head = &head[..head.len() / 4 * 4];
    match b64_decode_any(head) {
        Some(raw) => raw.windows(8).any(|w| w == b"pypi.org"),
        None => false,
    }
}

/// A Discord bot token's first part is the base64 of the bot's user ID, a decimal snowflake: it
/// must decode to text that starts with at least four digits, the first not `0`. Random text of
/// the token's shape passes by chance about once in 400,000 (base64 decoded at random gives a
/// digit one byte in 25), which is what lets the rule do without the word `discord` on the line.
fn discord_id(token: &str, _props: &mut BTreeMap<String, String>) -> bool {
    let id = token.split('.').next().unwrap_or("");
    let head = &id[..id.len() / 4 * 4];
    b64_decode_any(head).is_some_and(|raw| {
        raw.len() >= 4 && raw[0] != b'0' && raw[..4].iter().all(u8::is_ascii_digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base62_crc32_matches_the_published_scheme() {
        // A published example of the scheme: CRC32 of the 30 random characters, base 62, six digits.
        assert_eq!(
            base62(crc32fast::hash(b"fIkRGaBu5PeKsznMzXQOg3kETH1Sgx"), 6),
            "2oIfSC"
        );
        // A made-up token built with the published scheme. aseptic:allow
        let token = "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"; // aseptic:allow
        assert!(base62_crc32_suffix(token));
        assert!(!base62_crc32_suffix(
            "ghp_fIkRGaBu5PeKsznMzXQOg3kETH1Sgx2oIfSD"
        ));
    }

    #[test]
    fn discord_id_is_the_base64_of_a_decimal_snowflake() {
        let mut p = BTreeMap::new();
        // base64("412345678901234567"): a made-up ID.
        let id = base64::engine::general_purpose::STANDARD_NO_PAD.encode("412345678901234567");
        assert!(discord_id(
            &format!("{id}.Gx1a2b.{}", "q".repeat(27)),
            &mut p
        ));
        // The same shape whose first part is letters (an identifier, a hash) is not a token.
        let other = base64::engine::general_purpose::STANDARD_NO_PAD.encode("MyServiceToken12345");
        assert!(!discord_id(
            &format!("{other}.Gx1a2b.{}", "q".repeat(27)),
            &mut p
        ));
        assert!(!discord_id("MDEy.Gx1a2b.x", &mut p)); // "012": a leading zero, too short
    }

    #[test]
    fn jwt_needs_a_decodable_header_with_alg() {
        let mut p = BTreeMap::new();
        // {"alg":"HS256","typ":"JWT"} . {"sub":"1"} . sig
        assert!(jwt(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2ln",
            &mut p
        ));
        assert!(!jwt("eyJub3QiOiJqd3QifQ.eyJzdWIiOiIxIn0.c2ln", &mut p));
    }
}
