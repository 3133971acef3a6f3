//! One module per command: its clap `Args` (the doc comments are the help) and one `run`.

pub mod agents;
pub mod auth;
pub mod completions;
pub mod config;
pub mod db;
pub mod forecast;
pub mod fx;
pub mod post;
pub mod price;
pub mod report;
pub mod review;
pub mod sync;
pub mod trends;
