//! JSON: FHIR resources and bundles, NDJSON, keyed PHI, CloudFormation templates.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = aseptic_fuzz::pick(
        data,
        &[
            "fixtures/patient.json",
            "fixtures/export.ndjson",
            "cfn/template.json",
            "data/records.jsonl",
        ],
    );
    aseptic_fuzz::scan(&[file], true);
});
