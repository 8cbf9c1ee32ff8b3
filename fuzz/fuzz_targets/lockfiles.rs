//! Every OSV lockfile reader (npm, yarn, pnpm, poetry, Pipfile, uv, pdm, requirements, go.mod,
//! Gradle, Maven, NuGet): the first byte picks the file name, which picks the reader, as the
//! walk does; each package read is then named and versioned the way matching does.
#![no_main]
use aseptic::analyzers::advisories::osv::lockfiles::{self, kind_of};
use aseptic::analyzers::advisories::osv::version::Version;
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "pdm.lock",
    "requirements.txt",
    "go.mod",
    "gradle.lockfile",
    "pom.xml",
    "packages.lock.json",
];

fuzz_target!(|data: &[u8]| {
    let (name, bytes) = aseptic_fuzz::pick(data, NAMES);
    let kind = kind_of(name).expect("every name is a lockfile");
    let text = String::from_utf8_lossy(bytes);
    if let Ok(lock) = lockfiles::parse(kind, &text) {
        let eco = kind.ecosystem();
        let via = lock.introduced_by();
        assert_eq!(via.len(), lock.packages.len());
        for p in &lock.packages {
            let _ = eco.normalize_name(&p.name);
            let _ = Version::parse(eco, &p.version);
        }
    }
});
