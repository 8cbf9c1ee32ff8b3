//! Redaction: a secret or PHI value never appears in full in any output, log line or error
//! message. Analyzers call [`mask`] on the matched value before it goes into a finding's snippet or
//! message; the report writers print only what findings carry.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
