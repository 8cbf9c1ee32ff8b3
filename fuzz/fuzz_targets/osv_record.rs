//! OSV records: the JSON record parser and validation the database loader uses, then what a scan
//! asks of a record (its packages, severity, CVSS, title, date, rule) and matching every version
//! the record itself names against it.
#![no_main]
use aseptic::analyzers::advisories::osv::db::parse_record;
use aseptic::analyzers::advisories::osv::record;
use aseptic::analyzers::advisories::osv::version::{Ecosystem, Version};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(r) = parse_record(data) else {
        return;
    };
    let _ = (r.severity(), r.cvss(), r.title(), r.date());
    let packages: Vec<(Ecosystem, String)> = r.packages().collect();
    for (eco, name) in &packages {
        let _ = record::rule(&r, *eco, name);
        let mut versions: Vec<&str> = Vec::new();
        for a in &r.affected {
            versions.extend(a.versions.iter().map(String::as_str));
            for range in &a.ranges {
                for e in &range.events {
                    for v in [&e.introduced, &e.fixed, &e.last_affected, &e.limit] {
                        versions.extend(v.as_deref());
                    }
                }
            }
        }
        for raw in versions.into_iter().take(64) {
            if let Some(v) = Version::parse(*eco, raw) {
                let _ = r.affects(*eco, name, raw, &v);
            }
        }
    }
});
