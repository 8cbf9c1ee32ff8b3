//! CSV and TSV fixtures (PHI columns).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = aseptic_fuzz::pick(data, &["fixtures/patients.csv", "seeds/members.tsv"]);
    aseptic_fuzz::scan(&[file], false);
});
