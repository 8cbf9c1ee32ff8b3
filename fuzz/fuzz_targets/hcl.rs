//! Terraform: HCL parsing and evaluation (variables, locals, count/for_each, local modules) over
//! a root module, two module directories and a tfvars file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = aseptic_fuzz::files(
        data,
        &[
            "main.tf",
            "modules/a/main.tf",
            "modules/b/main.tf",
            "terraform.tfvars",
        ],
    );
    aseptic_fuzz::scan(&files, true);
});
