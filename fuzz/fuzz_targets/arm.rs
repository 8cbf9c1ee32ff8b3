//! Azure Resource Manager templates: parameters, variables and the template expressions the ARM
//! adapter resolves, then every ARM rule (and PHI, secrets on the same text).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    aseptic_fuzz::scan(&[("azure/azuredeploy.json", data)], true);
});
