//! Expected demand per SKU: the one way a forecast reaches pricing (days of cover) and the risk
//! checks (stockouts within the lead time). Whoever has no forecast passes [`NoForecast`] and
//! falls back to recent sales.

use std::collections::HashMap;

/// Units per day a SKU is expected to sell over the coming weeks, when a forecast has it.
pub trait Demand: Sync {
    fn daily_units(&self, sku: &str) -> Option<f64>;
}

/// No forecast: every SKU falls back to its sales velocity.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoForecast;

impl Demand for NoForecast {
    fn daily_units(&self, _sku: &str) -> Option<f64> {
        None
    }
}

/// Daily demand held in memory, by SKU.
#[derive(Debug, Default, Clone)]
pub struct DemandMap(pub HashMap<String, f64>);

impl Demand for DemandMap {
    fn daily_units(&self, sku: &str) -> Option<f64> {
        self.0.get(sku).copied()
    }
}
