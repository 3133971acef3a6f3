//! CLI tests: one binary, a module per command. Each test runs the real `sellkit` binary in a
//! private temporary home with a fixed clock, and checks stdout, stderr and the exit code.

mod agents;
mod auth;
mod common;
mod config_db;
mod errors;
mod forecast;
mod generated;
mod import;
mod import_messy;
mod post;
mod price;
mod report;
mod report_checks;
mod review;
mod safety;
mod sync;
mod sync_api;
mod sync_ebay_amazon;
mod trends;
