//! CLI tests: one binary, a module per command. Each test runs the real `sellkit` binary in a
//! private temporary home with a fixed clock, and checks stdout, stderr and the exit code.

mod common;
mod config_db;
mod errors;
mod generated;
mod import;
mod report;
mod sync;
