//! Splitting identifiers and keys into lower-case words (`patientSSN` -> `patient ssn`,
//! `DB_PASSWORD` -> `db password`, `HTTPServer` -> `http server`): what the PHI analyzer matches
//! key names with and the rust analyzer matches variable names with.

/// The lower-case words of an identifier, split at non-alphanumerics and camelCase boundaries.
pub fn split(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_snake_kebab_and_camel_case() {
        assert_eq!(super::split("date_of_birth"), ["date", "of", "birth"]);
        assert_eq!(super::split("patientSSN"), ["patient", "ssn"]);
        assert_eq!(super::split("ZIPCode"), ["zip", "code"]);
        assert_eq!(super::split("X-Api-Key"), ["x", "api", "key"]);
    }
}
