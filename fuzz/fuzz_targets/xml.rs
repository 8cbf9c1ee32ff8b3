//! XML: FHIR XML and C-CDA documents.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = aseptic_fuzz::pick(data, &["fixtures/patient.xml", "fixtures/summary.ccda"]);
    aseptic_fuzz::scan(&[file], false);
});
