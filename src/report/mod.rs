//! Reports over the store. They compute typed results; rendering is in `commands::report`.

pub mod sales;
