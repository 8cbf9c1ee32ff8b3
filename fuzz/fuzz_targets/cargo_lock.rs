//! The Cargo.lock reader (v1 to v4), its dependency graph and the paths from the roots.
#![no_main]
use aseptic::analyzers::advisories::lockfile::Lock;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(lock) = Lock::parse(&text) {
        let parents = lock.shortest_paths();
        for i in 0..lock.packages.len() {
            let _ = lock.path_to(&parents, i);
        }
    }
});
