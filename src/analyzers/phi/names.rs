//! The bundled census name lists (see `data/README.md` for source and license), as sorted slices
//! searched by binary search. Only a validator asks them, and only for a value already in a
//! person's field or after a person keyword: a list hit alone never makes a finding.

use std::sync::OnceLock;

static FIRST: &str = include_str!("data/first-names.txt");
static LAST: &str = include_str!("data/last-names.txt");

fn list(cell: &'static OnceLock<Vec<&'static str>>, text: &'static str) -> &'static [&'static str] {
    cell.get_or_init(|| {
        let mut v: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        v.sort_unstable();
        v
    })
}

/// Is `lower` (already lower-case) a common US first name?
pub fn is_first(lower: &str) -> bool {
    static C: OnceLock<Vec<&'static str>> = OnceLock::new();
    list(&C, FIRST).binary_search(&lower).is_ok()
}

/// Is `lower` (already lower-case) a common US surname?
pub fn is_last(lower: &str) -> bool {
    static C: OnceLock<Vec<&'static str>> = OnceLock::new();
    list(&C, LAST).binary_search(&lower).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_hold_common_names_only() {
        assert!(super::is_first("maria"));
        assert!(super::is_last("gonzalez"));
        assert!(!super::is_last("kubernetes"));
    }
}
