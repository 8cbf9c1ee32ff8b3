//! The one integration-test binary (autotests are off): every test module is listed here.

mod advisories;
mod cli;
mod common;
mod context;
mod gate;
mod generated;
mod gitlab;
mod hostile;
mod hostile_leaks;
mod iac;
mod iac_relations;
mod osv;
mod phi;
mod precommit;
mod report;
mod rules;
mod rust_rules;
mod secrets;
mod settings;
mod workflows;
