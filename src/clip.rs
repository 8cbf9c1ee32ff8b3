//! Shortening text for display: a note quoting a lockfile line, a report field with a length
//! limit. The result has at most the given number of characters, is cut on a character
//! boundary, and ends with `…` when it was cut. It does not redact: what it shortens has already
//! been through [`crate::redact`] where it can hold a secret.

use std::borrow::Cow;

/// `s` with at most `max` characters: unchanged when it fits, else its first `max - 1`
/// characters and `…`.
pub fn clip(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some(_) => {
            let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
            t.push('…');
            Cow::Owned(t)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn fits_unchanged_and_cut_text_ends_with_an_ellipsis() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "ab…");
        assert_eq!(clip("", 0), "");
        // Multi-byte characters count as one and are never split.
        assert_eq!(clip("ééééé", 4), "ééé…");
        assert_eq!(clip("ééééé", 4).chars().count(), 4);
    }
}
