//! Names as words: `DB_PASSWORD`, `dbPassword`, `db-password` and `"X-Db-Password"` all become
//! `["db", "password"]`, so a rule's name list (`password`, `api key`) matches every spelling.
//! It does not stem or guess: `passwords` is a different word from `password` unless listed.

/// Splits an identifier or key into lower-case words at `_`, `-`, `.`, spaces and camelCase
/// boundaries (`HTTPServer` → `http`, `server`).
/// The lower-case words of an identifier (see [`crate::words::split`]).
pub fn words(name: &str) -> Vec<String> {
    crate::words::split(name)
}

/// A list of names, each a word sequence, matched as a contiguous run of a name's words.
#[derive(Debug, Clone, Default)]
pub struct NameList {
    names: Vec<Vec<String>>,
}

impl NameList {
    pub fn new<S: AsRef<str>>(names: &[S]) -> NameList {
        NameList {
            names: names
                .iter()
                .map(|n| words(n.as_ref()))
                .filter(|w| !w.is_empty())
                .collect(),
        }
    }

    /// Does a listed name end `name` (`current_patient`, not `patient_id`)?
    pub fn ends(&self, name: &str) -> bool {
        let ws = words(name);
        self.names
            .iter()
            .any(|n| ws.len() >= n.len() && ws[ws.len() - n.len()..] == n[..])
    }

    /// Where in `ws` a listed name matches: `(start, len)` of the first match.
    pub fn find(&self, ws: &[String]) -> Option<(usize, usize)> {
        for start in 0..ws.len() {
            for n in &self.names {
                if ws.len() - start >= n.len() && ws[start..start + n.len()] == n[..] {
                    return Some((start, n.len()));
                }
            }
        }
        None
    }

    pub fn matches(&self, name: &str) -> bool {
        self.find(&words(name)).is_some()
    }

    /// Every spelling worth looking for in raw text (for the keyword prefilter): each name's words
    /// joined by nothing, `_` and `-`, so `api key` gives `apikey`, `api_key` and `api-key`.
    pub fn spellings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for n in &self.names {
            for sep in ["", "_", "-"] {
                out.push(n.join(sep));
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_every_spelling_the_same_way() {
        assert_eq!(words("DB_PASSWORD"), ["db", "password"]);
        assert_eq!(words("dbPassword"), ["db", "password"]);
        assert_eq!(words("X-Api-Key"), ["x", "api", "key"]);
        assert_eq!(words("HTTPServer"), ["http", "server"]);
        let l = NameList::new(&["api key", "password"]);
        assert!(l.matches("STRIPE_API_KEY"));
        assert!(l.matches("adminPassword"));
        assert!(!l.matches("apiary_keys"));
        assert!(NameList::new(&["patient"]).ends("current_patient"));
        assert!(!NameList::new(&["patient"]).ends("patient_id"));
        assert!(l.spellings().contains(&"api_key".to_string()));
    }
}
