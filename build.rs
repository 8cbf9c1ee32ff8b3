//! Embeds every `rules/**/*.toml` into the binary, so adding a rule is adding a file. Files under
//! `rules/data/` are tables that rules and analyzers share (path contexts, known public values),
//! not rules: the code that reads them embeds them itself.
//!
//! Each rule is embedded as JSON, converted here from its TOML (serde_json reads it several times
//! faster than a TOML parser), next to its analyzer, id and aliases: a scan parses only the rules
//! of the analyzers that run, and knows the others by id. A file that is not valid TOML stops the
//! build with its name and the parser's message.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "data") && dir.ends_with("rules") {
                continue;
            }
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut files = Vec::new();
    collect(&root.join("rules"), &mut files);
    files.sort();
    let mut code = String::from("pub static RULES: &[(&str, &str, &[&str], &str)] = &[\n");
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // Rebuild when a rule changes: the text is no longer `include_str!`ed.
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(f).unwrap();
        let table: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{rel}: not valid TOML: {e}"));
        let json = serde_json::to_string(&table).unwrap();
        let text_of = |k: &str| table.get(k).and_then(|v| v.as_str()).unwrap_or_default();
        // The id, then the aliases (a malformed list is left to the rule's parser to report).
        let ids: Vec<&str> = std::iter::once(text_of("id"))
            .chain(
                table
                    .get("aliases")
                    .and_then(|a| a.as_array())
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.as_str()),
            )
            .collect();
        let analyzer = text_of("analyzer");
        writeln!(code, "    ({rel:?}, {analyzer:?}, &{ids:?}, {json:?}),").unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_rules.rs");
    std::fs::write(out, code).unwrap();
}
