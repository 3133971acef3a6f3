//! sellkit: a solo seller's marketplace data, forecasts, prices, drafts and reports in one tool.
//!
//! The library is the core the `sellkit` binary drives; it never prints, reads the environment or
//! checks for a terminal. Commands live in [`commands`], the clap tree in [`cli`], rendering in
//! [`output`]. The store is [`store::Store`], money is [`money::Money`] (integer minor units).
//!
//! ```no_run
//! use sellkit::marketplaces::demo::{self, DemoSpec};
//! use sellkit::progress::NoProgress;
//! use sellkit::store::Store;
//!
//! let mut store = Store::open_in_memory()?;
//! let spec = DemoSpec { seed: 42, skus: 12, days: 120, end: jiff::civil::date(2025, 6, 30) };
//! demo::fill(&mut store, &spec, jiff::Timestamp::now(), &NoProgress)?;
//! # Ok::<(), sellkit::Error>(())
//! ```

pub mod agents;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod drafts;
pub mod env;
pub mod error;
pub mod fees;
pub mod forecast;
pub mod fsutil;
pub mod fx;
pub mod marketplaces;
pub mod money;
pub mod output;
pub mod post;
pub mod pricing;
pub mod progress;
pub mod report;
pub mod review;
pub mod settings;
pub mod store;
pub mod time;
pub mod trends;

pub use error::{Error, ErrorKind, Result};
pub use money::{Currency, Money};
pub use store::Store;
