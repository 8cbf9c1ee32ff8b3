//! Rust source: the nesting guard, syn and every rust check (and secrets, PHI on the same text).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    aseptic_fuzz::scan(&[("src/service.rs", data)], false);
});
