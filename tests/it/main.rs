//! sellkit's integration tests: one binary, so the crate is linked once.
//!
//! - `cli`: a module per command. Each test runs the real `sellkit` binary in a private
//!   temporary home with a fixed clock, and checks stdout, stderr and the exit code.
//! - `lib`: the library through its public API (connectors against loopback mocks, the agents,
//!   the importers' property suite, the store).
//! - `common`: the helpers both share (test homes, runs, the store, mock servers, fixtures).

mod common;

mod cli {
    mod agents;
    mod auth;
    mod config_db;
    mod errors;
    mod fifo;
    mod forecast;
    mod fx;
    mod generated;
    mod import;
    mod import_messy;
    mod ledger_amazon_shopify;
    mod ledger_etsy_ebay;
    mod payouts;
    pub mod post;
    mod price;
    mod report;
    mod report_checks;
    mod report_ledger;
    pub mod review;
    mod safety;
    mod sync;
    mod sync_api;
    mod sync_ebay_amazon;
    mod trends;
    mod wire;
}

mod lib {
    mod agents;
    mod api_ebay_amazon;
    mod fx;
    mod import_props;
    mod layers;
    mod store;
}
