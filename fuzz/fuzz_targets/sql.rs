//! SQL seeds and dumps (INSERT values, COPY blocks).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    aseptic_fuzz::scan(&[("db/seed.sql", data)], false);
});
