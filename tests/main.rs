//! The one integration-test binary (autotests are off): every test module is listed here.

mod advisories;
mod cli;
mod common;
mod context;
mod generated;
mod iac;
mod phi;
mod precommit;
mod report;
mod rules;
mod rust_rules;
mod secrets;
mod settings;
mod workflows;
