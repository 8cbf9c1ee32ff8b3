//! HL7 v2 messages.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    aseptic_fuzz::scan(&[("fixtures/adt.hl7", data)], false);
});
