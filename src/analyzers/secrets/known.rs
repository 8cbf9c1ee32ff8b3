//! Credentials published on purpose (emulator defaults, providers' documentation example keys,
//! test-mode key families), from `rules/data/known-values.toml`. A secret that is one of them is
//! still reported, so a reviewer sees it, but as `info` with a message naming what it is: it
//! grants nothing. Matching is exact (or by a published test-mode prefix), never by pattern, so a
//! real key cannot pass for a known one.

use serde::Deserialize;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../../rules/data/known-values.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Known {
    /// What the value is, for the finding's message.
    pub name: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    prefix: Option<String>,
    /// Where it is published.
    #[allow(dead_code)]
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    known: Vec<Known>,
}

fn table() -> &'static [Known] {
    static CELL: OnceLock<Vec<Known>> = OnceLock::new();
    CELL.get_or_init(|| {
        // The table is embedded and checked by a unit test; a broken edit fails the build's tests.
        toml::from_str::<Table>(TABLE)
            .map(|t| t.known)
            .unwrap_or_default()
    })
}

/// The published value `secret` is exactly (not a test-mode family), if any: such a value is
/// reported whatever the placeholder and entropy filters would say of it.
pub fn lookup_exact(secret: &str) -> Option<&'static Known> {
    let secret = secret.trim().trim_matches(['"', '\'']);
    table().iter().find(|k| k.value.as_deref() == Some(secret))
}

/// The published value or test-mode family `secret` belongs to, if any.
pub fn lookup(secret: &str) -> Option<&'static Known> {
    let secret = secret.trim().trim_matches(['"', '\'']);
    table().iter().find(|k| {
        k.value.as_deref() == Some(secret)
            || k.prefix
                .as_deref()
                .is_some_and(|p| secret.len() > p.len() && secret.starts_with(p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_and_every_entry_has_one_matcher() {
        let t: Table = toml::from_str(TABLE).unwrap();
        assert!(t.known.len() >= 10);
        for k in &t.known {
            assert!(
                k.value.is_some() != k.prefix.is_some(),
                "{}: exactly one of value, prefix",
                k.name
            );
            assert!(!k.source.trim().is_empty(), "{}: needs a source", k.name);
        }
    }

    #[test]
    fn exact_values_and_test_prefixes_match_nothing_else() {
        let aws = ["AKIAIOSF", "ODNN7EXAMPLE"].concat();
        assert!(lookup(&aws).unwrap().name.contains("AWS documentation"));
        let stripe = ["sk_test_", "51Hq2kLm9Zx8Vb7Nc6"].concat();
        assert!(lookup(&stripe).unwrap().name.contains("test-mode"));
        let live = ["sk_live_", "51Hq2kLm9Zx8Vb7Nc6"].concat();
        assert!(lookup(&live).is_none());
        assert!(lookup(&[&aws, "X"].concat()).is_none());
        assert!(lookup("sk_test_").is_none());
    }
}
