//! The YAML tree and what reads it: Kubernetes, GitHub workflows, Compose, CloudFormation and
//! plain YAML (PHI keys, secrets).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = aseptic_fuzz::pick(
        data,
        &[
            "k8s/deploy.yaml",
            ".github/workflows/ci.yml",
            "docker-compose.yml",
            "cfn/stack.yaml",
            "config/values.yml",
        ],
    );
    aseptic_fuzz::scan(&[file], true);
});
