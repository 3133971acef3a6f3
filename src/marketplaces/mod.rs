//! Where data comes from. The embedded demo shop today; export files and marketplace APIs plug
//! in beside it.

pub mod api;
pub mod demo;
pub mod exports;
pub mod sink;

/// The sales channels sellkit knows, as stored in `shops.channel`.
pub const CHANNELS: [&str; 4] = ["etsy", "shopify", "amazon", "ebay"];
