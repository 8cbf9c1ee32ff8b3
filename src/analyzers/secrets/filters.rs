//! The filters that turn a regex match into a finding or throw it away: Shannon entropy and the
//! placeholder filter (templating, variable references, function calls, sequential or repeated
//! characters, UUIDs, documented example keys, words such as `changeme`).
//!
//! The placeholder filter is the main defence against the false positives users of other scanners
//! complain about most. It errs towards dropping a candidate only when the candidate cannot be a
//! generated secret: real tokens do not hold `${`, six ascending characters or `example`.
//! The reference/template recogniser ([`is_reference_expr`], [`inside_template`]) is shared by
//! every rule: credential-store rules use it instead of the placeholder filter, because in a
//! `.pgpass` the word `password` is the password, while `${PGPASSWORD}` is still a reference.
//! It does not look at the surrounding file; per-rule and global allowlists do that.

/// Shannon entropy of `s` in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in s.bytes() {
        counts[b as usize] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// Documented example credentials (provider docs), never real.
const DOC_KEYS: &[&str] = &[
    "akiaiosfodnn7example",
    "wjalrxutnfemi/k7mdeng/bpxrficyexamplekey",
    "je7mtgbclwbf/2tk7dwjtzrylbkdozbsbeewoie8",
    // Stripe's documented test key, and the signature of the jwt.io introduction token.
    "sk_test_4ec39hqlyjwdarjtt1zdp7dc",
    "sflkxwrjsmekkf2qt4fwpmejf36pok6yjv_adqssw5c",
    // The bot token of Discord's API reference (its ID part decodes to a real-looking ID).
    "mtk4njiyndgzndcxoti1mjq4.cl2fmq.zncjm1xvw7vrze4b7cq4se7kkws", // aseptic:allow
];

/// Words that mark a value as a placeholder wherever they appear in it.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "changeme",
    "change_me",
    "change-me",
    "placeholder",
    "dummy",
    "redacted",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpass",
    "insert",
    "replace_",
    "replaceme",
    "notreal",
    "not_real",
    "not-a-real",
    "fake",
    "sample",
    "xxxx",
    "****",
    "....",
    "<redacted>",
    "todo",
    "tbd",
    "secret_here",
    "token_here",
    "key_here",
    "password_here",
    // Documentation's "my" names: `UID=myuid;PWD=mypwd`, `mysql://myuser:mypass@localhost`.
    "mypass",
    "mypwd",
    "mysecret",
    "mytoken",
];

/// Whole values that are never secrets in a generic assignment.
const NON_SECRET_VALUES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "null",
    "none",
    "nil",
    "true",
    "false",
    "undefined",
    "string",
    "required",
    "optional",
    "empty",
    "default",
    "admin",
    "root",
    "test",
    "testing",
    "unknown",
    "invalid",
    // GitHub Actions' `secrets: inherit` passes the caller's secrets on by reference.
    "inherit",
];

/// True when `value` is a placeholder rather than a secret. `generic` makes it stricter: a value
/// that looks like an identifier, a variable or a UUID is also dropped (provider tokens with a
/// fixed prefix are not, because some providers issue UUID-shaped keys).
pub fn is_placeholder(value: &str, generic: bool) -> bool {
    let v = value.trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if v.is_empty() {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if DOC_KEYS.iter().any(|k| lower.contains(k)) {
        return true;
    }
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // The name of the thing instead of the thing (`user:password@host`).
    if matches!(
        lower.as_str(),
        "password" | "passwd" | "pass" | "pwd" | "secret" | "token" | "user" | "username"
    ) {
        return true;
    }
    if is_templated(v) {
        return true;
    }
    if has_run(v.as_bytes(), 5) || has_sequence(v.as_bytes(), 6) {
        return true;
    }
    if generic {
        if NON_SECRET_VALUES.contains(&lower.as_str()) {
            return true;
        }
        if is_prose(v) || is_camel_case_name(v) {
            return true;
        }
        if is_uuid(v) || is_reference(v) || is_hash_like_path(v) || is_key_name(v) {
            return true;
        }
        if is_validation_rule(v) || is_url_without_credentials(v) {
            return true;
        }
    }
    false
}

/// Text for people, not a credential: a translated label (`密碼`, `Contraseña`) or words
/// separated by spaces (`Invalid email or password.`). Message bundles and i18n files put such
/// text under keys named `PASSWORD`; a generated secret is ASCII without spaces. A passphrase
/// with a word that mixes letters and digits (`Dr. W4tts0n`) is not text for people: messages
/// spell their words.
pub fn is_prose(v: &str) -> bool {
    if v.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
        return true;
    }
    let leet = |w: &str| {
        w.bytes().any(|c| c.is_ascii_alphabetic()) && w.bytes().any(|c| c.is_ascii_digit())
    };
    if v.split_whitespace().any(leet) {
        return false;
    }
    v.split_whitespace()
        .filter(|w| w.len() >= 2 && w.bytes().any(|c| c.is_ascii_alphabetic()))
        .count()
        >= 2
}

/// A lower camel-case identifier of letters only (`forcePassword`, `userServiceTest`): the
/// name of a constant or a property, not a generated value.
fn is_camel_case_name(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() <= 40
        && b[0].is_ascii_lowercase()
        && b.iter().all(u8::is_ascii_alphabetic)
        && b.windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// A password digest stored with its salt (a `password` attribute of 32 or more hex or base64
/// characters beside a `salt`, in a test data set or a user table): a hash of a password, which
/// the hash rules judge, not the password itself. Test data sets often edit a digest by hand
/// (`rr6d...`), so the value need not be strict hex; a password is never stored beside its salt.
pub fn is_salted_digest(secret: &str, line: &[u8]) -> bool {
    secret.len() >= 32
        && secret
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
        && line.windows(4).any(|w| w.eq_ignore_ascii_case(b"salt"))
}

/// The name of a credential rather than its value: identifier characters split by `_`, `-`, `.`
/// or `:` with a credential word among the parts (`caching_sha2_password`, `:password`,
/// `db-secret`). One unbroken word (`password123`) is still a value.
fn is_key_name(v: &str) -> bool {
    v.bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':'))
        && v.contains(['_', '-', '.', ':'])
        && v.split(['_', '-', '.', ':']).any(|part| {
            matches!(
                part.to_ascii_lowercase().as_str(),
                "password" | "passwd" | "pwd" | "passphrase" | "secret" | "token"
            )
        })
}

/// `${VAR}`, `{{ x }}`, `<your-token>`, `%(x)s`, `#{x}`, `$(cmd)`, `%VAR%`, `$VAR`, `{x}`.
fn is_templated(v: &str) -> bool {
    if v.contains("${")
        || v.contains("{{")
        || v.contains("}}")
        || v.contains("{%")
        || v.contains("#{")
        || v.contains("$(")
        || v.contains("%(")
    {
        return true;
    }
    let b = v.as_bytes();
    let first = b[0];
    let last = b[b.len() - 1];
    if (first == b'<' && last == b'>') || (first == b'{' && last == b'}') {
        return true;
    }
    if first == b'[' && last == b']' {
        return true;
    }
    if first == b'%' && last == b'%' && b.len() > 2 {
        return true;
    }
    if first == b'$' && b.len() > 1 && (b[1].is_ascii_alphabetic() || b[1] == b'_') {
        return b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b':' || *c == b'.');
    }
    false
}

/// The shared reference/template recogniser: `value` names a secret kept elsewhere, or stands
/// for one, instead of being one: `${{ secrets.X }}`, `${{ env.X }}`, `{{ .Values.x }}`,
/// `{{ vault_x }}`, `${VAR}`, `$VAR`, `%(password)s`, `${db.password}`, `#{x}`, `%VAR%`,
/// `<password>`, or a mask (`****`, `xxxxx`). Credential-store rules drop only these; every
/// other rule drops them too, through [`is_placeholder`].
pub fn is_reference_expr(value: &str) -> bool {
    let v = value
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if v.is_empty() {
        return true;
    }
    let b = v.as_bytes();
    // One expression covering the whole value; `#{` or `{%` inside a random salt is not one.
    if template_spans(b)
        .iter()
        .any(|&(s, e)| s == 0 && e == b.len())
    {
        return true;
    }
    let (first, last) = (b[0], b[b.len() - 1]);
    if (first == b'<' && last == b'>') || (first == b'%' && last == b'%' && b.len() > 2) {
        return true;
    }
    // A mask or fill: every character the same (`********`, `xxxxxxxx`).
    b.len() >= 3 && b.iter().all(|c| *c == first) && !first.is_ascii_digit()
}

/// detect-secrets' baseline (`.secrets.baseline`, or any copy of one) records each secret as
/// `"hashed_secret"`, a SHA-1 digest of the value: a fingerprint of a secret, not one.
pub fn is_peer_baseline_hash(line: &str) -> bool {
    line.contains("\"hashed_secret\"")
}

/// Translation files and message bundles (`i18n/`, `locales/`, `messages_es.properties`, `.po`):
/// their values under keys such as `PASSWORD` are labels for people. Generic rules skip them;
/// provider rules still run.
pub fn is_message_bundle(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let dirs = [
        "i18n/",
        "l10n/",
        "locales/",
        "locale/",
        "lang/",
        "translations/",
    ];
    dirs.iter()
        .any(|d| lower.starts_with(d) || lower.contains(&format!("/{d}")))
        || (name.starts_with("messages") && name.ends_with(".properties"))
        || name.ends_with(".po")
        || name.ends_with(".pot")
}

/// True when `line[start..end]` lies inside a template or variable expression of the line
/// (`${{ .. }}`, `{{ .. }}`, `{% .. %}`, `<%= .. %>`, `${NAME}`, `$NAME`, `%(name)s`, `#{..}`): the regex
/// matched the reference itself, not a value. A shell or Spring default (`${X:-value}`,
/// `${db.password:value}`) is outside the reference and still checked.
pub fn inside_template(line: &[u8], start: usize, end: usize) -> bool {
    template_spans(line)
        .iter()
        .any(|&(s, e)| s <= start && end <= e)
}

/// The byte spans of the template and variable expressions on one line.
pub fn template_spans(line: &[u8]) -> Vec<(usize, usize)> {
    let name = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.');
    let find = |from: usize, pat: &[u8]| {
        line[from..]
            .windows(pat.len())
            .position(|w| w == pat)
            .map(|p| from + p)
    };
    let mut spans = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let close = if rest.starts_with(b"{{") {
            find(i + 2, b"}}").map(|p| p + 2)
        } else if rest.starts_with(b"{%") {
            find(i + 2, b"%}").map(|p| p + 2)
        } else if rest.starts_with(b"<%") {
            find(i + 2, b"%>").map(|p| p + 2)
        } else if rest.starts_with(b"#{") {
            find(i + 2, b"}").map(|p| p + 1)
        } else if rest.starts_with(b"%(") {
            find(i + 2, b")").map(|p| {
                let after = p + 1;
                after + usize::from(line.get(after).is_some_and(|c| c.is_ascii_alphabetic()))
            })
        } else if rest.starts_with(b"${") {
            let n = rest[2..].iter().take_while(|&&c| name(c)).count();
            match rest.get(2 + n) {
                Some(b'}') => Some(i + 3 + n),
                _ => Some(i + 2 + n),
            }
        } else if rest.len() > 1
            && rest[0] == b'$'
            && (rest[1].is_ascii_alphabetic() || rest[1] == b'_')
        {
            Some(i + 1 + rest[1..].iter().take_while(|&&c| name(c)).count())
        } else {
            None
        };
        match close {
            Some(e) if e > i => {
                spans.push((i, e));
                // `${{ .. }}`: the `$` starts the span, the `{{` is inside it.
                if rest.starts_with(b"${{")
                    && let Some(e2) = find(i + 3, b"}}").map(|p| p + 2)
                {
                    spans.push((i, e2));
                    i = e2;
                    continue;
                }
                i = e;
            }
            _ => i += 1,
        }
    }
    spans
}

/// A variable, attribute or function call rather than a literal: `settings.DB_PASSWORD`,
/// `os.environ["X"]`, `get_secret("db")`, `process.env.TOKEN`, `DB_PASSWORD`.
fn is_reference(v: &str) -> bool {
    let b = v.as_bytes();
    // Function call or index: identifier chars then `(` or `[`.
    if let Some(i) = v.find(['(', '['])
        && i > 0
        && b[..i]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'$'))
    {
        return true;
    }
    let ident = |s: &str| {
        !s.is_empty()
            && s.as_bytes()[0].is_ascii_alphabetic() | (s.as_bytes()[0] == b'_')
            && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
    };
    // Dotted path of identifiers.
    if v.contains('.') && !v.ends_with('.') && v.split('.').all(ident) {
        return true;
    }
    // An upper-case constant or environment variable name.
    if ident(v)
        && v.contains('_')
        && v.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
    {
        return true;
    }
    // Words joined by `_`, `-` or `.` with no digit (`X-CSRF-Token-Header`, `my-secret-name`):
    // a name, not a generated value. (A passphrase of plain words is missed; generated secrets
    // nearly always hold a digit.)
    if v.len() <= 60
        && v.contains(['_', '-', '.'])
        && v.bytes()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, b'_' | b'-' | b'.'))
    {
        return true;
    }
    false
}

/// A path or URL (`/etc/secret`, `./key.pem`, `https://..`) assigned to a secret-named variable.
fn is_hash_like_path(v: &str) -> bool {
    v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("../")
        || v.starts_with("~/")
        || is_relative_file_path(v)
}

/// A relative path to a file (`org/openmrs/api/include/UserServiceTest.xml`): folders of
/// identifier characters and a file name with a short alphabetic extension. A generated secret
/// has no such structure.
fn is_relative_file_path(v: &str) -> bool {
    let Some((dirs, file)) = v.rsplit_once('/') else {
        return false;
    };
    let Some((stem, ext)) = file.rsplit_once('.') else {
        return false;
    };
    let part = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
    };
    (2..=5).contains(&ext.len())
        && ext.bytes().all(|c| c.is_ascii_lowercase())
        && part(stem)
        && dirs.split('/').all(part)
}

/// A validation rule list (`required|string|min:6|confirmed`, Laravel and similar): lower-case
/// rule names joined by `|`, each with optional `:arguments`.
fn is_validation_rule(v: &str) -> bool {
    v.contains('|')
        && v.split('|').all(|rule| {
            let name = rule.split(':').next().unwrap_or("");
            !name.is_empty() && name.bytes().all(|c| c.is_ascii_lowercase() || c == b'_')
        })
}

/// A URL or JDBC connection string that carries no credentials (`jdbc:postgresql://db:5432/ehr`,
/// `jdbc:oracle:thin:@db:1521:orcl`): what a constant named `..._WO_PWD_URL` holds.
fn is_url_without_credentials(v: &str) -> bool {
    if v.bytes().any(|c| c.is_ascii_whitespace()) {
        return false;
    }
    let rest = v.strip_prefix("jdbc:").unwrap_or(v);
    if let Some(i) = rest.find("://") {
        let scheme = &rest[..i];
        let authority = rest[i + 3..].split(['/', '?', ';']).next().unwrap_or("");
        return !scheme.is_empty()
            && scheme
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-' | b':'))
            && !authority.contains('@');
    }
    v.starts_with("jdbc:oracle:thin:@")
}

/// Five or more of the same character in a row (`xxxxx`, `00000`, `*****`).
fn has_run(b: &[u8], n: usize) -> bool {
    let mut run = 1;
    for w in b.windows(2) {
        if w[0] == w[1] {
            run += 1;
            if run >= n {
                return true;
            }
        } else {
            run = 1;
        }
    }
    false
}

/// `n` or more ascending or descending consecutive characters (`123456`, `abcdef`, `987654`).
fn has_sequence(b: &[u8], n: usize) -> bool {
    let (mut up, mut down) = (1, 1);
    for w in b.windows(2) {
        let alnum = w[0].is_ascii_alphanumeric() && w[1].is_ascii_alphanumeric();
        if alnum && w[1] == w[0].wrapping_add(1) {
            up += 1;
        } else {
            up = 1;
        }
        if alnum && w[1].wrapping_add(1) == w[0] {
            down += 1;
        } else {
            down = 1;
        }
        if up >= n || down >= n {
            return true;
        }
    }
    false
}

/// `8-4-4-4-12` hex digits.
pub fn is_uuid(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
        || is_upper_hex_id(v)
}

/// A 128-bit identifier written as 32 upper-case hex digits with no dashes (a Windows GUID in
/// `N` form, Chromium's serialized document and frame tokens): an identifier, like a UUID. Hex
/// API keys and `openssl rand -hex` output are lower case, and are not matched.
fn is_upper_hex_id(v: &str) -> bool {
    v.len() == 32
        && v.bytes()
            .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c))
        && v.bytes().any(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_templates_are_recognised() {
        for r in [
            "${{ secrets.DB_PASSWORD }}",
            "${{ env.API_TOKEN }}",
            "{{ .Values.db.password }}",
            "{{ vault_db_password }}",
            "${DB_PASSWORD}",
            "$DB_PASSWORD",
            "%(password)s",
            "${db.password}",
            "<password>",
            "********",
            "<%= ENV[\"SECRET_KEY_BASE\"] %>",
        ] {
            assert!(is_reference_expr(r), "{r} is a reference");
        }
        // A random salt may hold `#{` or `{%` by chance: only a whole-value expression counts.
        for v in [
            "password",
            "hunter2",
            "Qz8KNBC9UjvZ!x",
            "p@ss$word",
            "111",
            "Ed&1cr+{3T$a+{[8LP~i5-[|Z#{D[-t>yIUZ8YqSu3t",
        ] {
            assert!(!is_reference_expr(v), "{v} is a value");
        }
    }

    #[test]
    fn a_match_inside_a_template_expression_is_a_reference() {
        let line = b"  password: ${{ secrets.DB_PASSWORD }} # x";
        let s = line.windows(7).position(|w| w == b"secrets").unwrap();
        assert!(inside_template(line, s, s + 19));
        let line = b"url=${DB_URL:-postgres://u:Qz8KNBC9@db/x}"; // aseptic:allow
        let s = line.windows(8).position(|w| w == b"Qz8KNBC9").unwrap();
        assert!(
            !inside_template(line, s, s + 8),
            "a default value is a value"
        );
        assert!(
            inside_template(line, 6, 12),
            "the variable name is a reference"
        );
        let line = b"conn = 'host=%(host)s password=%(password)s'";
        let s = line.windows(12).position(|w| w == b"%(password)s").unwrap();
        assert!(inside_template(line, s, s + 12));
        assert!(inside_template(line, s + 2, s + 10));
    }

    #[test]
    fn labels_for_people_and_digests_are_not_secrets() {
        assert!(is_message_bundle("frontend/src/assets/i18n/de_DE.json"));
        assert!(is_message_bundle(
            "api/src/main/resources/messages_es.properties"
        ));
        assert!(is_message_bundle("locale/fr/LC_MESSAGES/django.po"));
        assert!(!is_message_bundle("config/application.properties"));
        assert!(!is_message_bundle("src/language.py"));
        let line = b"<users username=\"bruno\" password=\"ff6d1655327d385e11a04e1632b4f33ceb8fafd2\" salt=\"5d32\"/>";
        assert!(is_salted_digest(
            "ff6d1655327d385e11a04e1632b4f33ceb8fafd2",
            line
        ));
        assert!(!is_salted_digest(
            "ff6d1655327d385e11a04e1632b4f33ceb8fafd2",
            b"password=x"
        ));
        // A digest edited by hand in a test data set is still a digest beside its salt.
        assert!(is_salted_digest(
            "rr6d1655327d385e11a04e1632b4f33ceb8fafd2",
            b"password=\"rr6d1655327d385e11a04e1632b4f33ceb8fafd2\" salt=\"6d3\""
        ));
        assert!(!is_salted_digest(
            "Tr0ub4dor&3-horse-battery-staple!",
            b"salt=1"
        ));
        assert!(is_peer_baseline_hash(
            "  \"hashed_secret\": \"5baa61e4c9b9\","
        ));
    }

    #[test]
    fn entropy_of_simple_strings() {
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("ab") - 1.0).abs() < 1e-9);
        assert!(entropy("q7Xv2LpR9mZt4WsK") > 3.5);
    }

    #[test]
    fn placeholders_are_recognised() {
        for p in [
            "AKIAIOSFODNN7EXAMPLE",
            "${DB_PASSWORD}",
            "{{ .Values.token }}",
            "<your-token>",
            "%(password)s",
            "xxxxxxxxxxxxxxxx",
            "changeme",
            "abc123456789",
            "$DB_PASSWORD",
            "%API_KEY%",
            "#{secret}",
        ] {
            assert!(is_placeholder(p, false), "{p} should be a placeholder");
        }
        for p in [
            "settings.DB_PASSWORD",
            "os.environ['X']",
            "get_secret(\"db\")",
            "DB_PASSWORD",
            "123e4567-e89b-42d3-a456-426614174000",
            "47E5B3C1D2A4F6E8091A2B3C4D5E6F70",
            "password",
            "my-secret-name",
            "caching_sha2_password",
            ":password",
            "Invalid email or password.",
            "密碼",
            "forcePassword",
            "org/openmrs/api/include/UserServiceTest-changePasswordAction.xml",
            "required|string|min:6|confirmed",
            "jdbc:postgresql://localhost:5432/ohdsi?ssl=true",
            "jdbc:oracle:thin:@myhost:1521:orcl",
            "mypwd",
        ] {
            assert!(
                is_placeholder(p, true),
                "{p} should be a generic placeholder"
            );
        }
        for s in [
            "q7Xv2LpR9mZt4WsK",
            "Tr0ub4dor&3-horse",
            "wJ8rT2qL0xZ5nV3b",
            "password123",
            "Secret-Pa55!",
            "Xk9/q2Lm.Rt7",
            "postgres://ehr:Xk9q2Lm7@db.internal/ehr", // aseptic:allow made-up test value
            "s0mePassword",
            "hunter2",
            "9f86d081884c7d659a2feaa0c55ad015",
            "Dr. W4tts0n",
        ] {
            assert!(!is_placeholder(s, true), "{s} is a plausible secret");
        }
    }
}
