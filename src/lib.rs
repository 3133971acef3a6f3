//! sellkit

pub mod forecast;
