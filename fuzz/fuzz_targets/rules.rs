//! Rule files: aseptic's TOML rules (parsed, validated and compiled into their analyzer) and
//! gitleaks rule files.
#![no_main]
use aseptic::analyzers::{self, Configs};
use aseptic::finding::AnalyzerKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut rules = Vec::new();
    if let Ok(r) = aseptic::rule::parse_rule("fuzz.toml", text)
        && r.validate().is_ok()
    {
        rules.push(r);
    }
    if aseptic::analyzers::secrets::import::is_gitleaks_config(text)
        && let Ok(r) = aseptic::analyzers::secrets::import::from_gitleaks("fuzz.toml", text)
    {
        rules.extend(r);
    }
    for r in rules {
        if r.analyzer == AnalyzerKind::Advisories {
            continue;
        }
        let kind = r.analyzer;
        let one = [r];
        let _ = analyzers::build(&[kind], &one, &one, &Configs::default());
    }
});
