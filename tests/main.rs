//! The one integration-test binary (autotests are off): every test module is listed here.

mod common;
mod iac;
mod rules;
