//! Kustomize: an overlay and a base, each a kustomization and a manifest (split at NUL bytes; named
//! as in `fixtures/iac/kustomize`, so the seed renders its patch),
//! rendered the way `finish` renders them (resources, patches, name prefixes, namespaces) and
//! checked by the Kubernetes rules. The files also exist (empty) on disk, since whether a manifest
//! belongs to a kustomization is decided from its directory on disk.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

const PATHS: &[&str] = &[
    "overlays/prod/kustomization.yaml",
    "overlays/prod/drop-privileges.yaml",
    "base/kustomization.yaml",
    "base/deployment.yaml",
];

/// A directory under the system's temporary directory holding every path as an empty file (made
/// once per process; the fuzzer never writes there again).
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root =
            std::env::temp_dir().join(format!("aseptic-fuzz-kustomize-{}", std::process::id()));
        for p in PATHS {
            let f = root.join(p);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, b"").unwrap();
        }
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let files = aseptic_fuzz::files(data, PATHS);
    aseptic_fuzz::scan_in(Some(root()), &files, true);
});
