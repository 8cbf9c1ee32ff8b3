//! DICOM Part 10 headers: the input follows the 128-byte preamble and the `DICM` magic, so every
//! run reaches the element parser.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = vec![0u8; 128];
    bytes.extend_from_slice(b"DICM");
    bytes.extend_from_slice(data);
    aseptic_fuzz::scan(&[("fixtures/scan.dcm", &bytes)], false);
});
