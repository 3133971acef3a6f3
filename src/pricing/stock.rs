//! Stock position for pricing: units available, demand per day and days of cover.
//!
//! Demand comes from a forecast when one is given through [`crate::forecast::demand::Demand`], else from recent sales velocity: units sold per day over the last 28
//! days in the store's order lines.

use serde::Serialize;

/// Days of sales the velocity fallback averages over.
pub const VELOCITY_DAYS: i64 = 28;

/// A SKU's stock position.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StockPosition {
    /// On hand minus reserved, plus inbound.
    pub available: i64,
    pub daily_demand: f64,
    /// Null when there is no demand.
    pub days_of_cover: Option<f64>,
    /// "forecast" or "velocity_28d".
    pub demand_source: &'static str,
}

impl StockPosition {
    pub fn new(available: i64, units_last_28d: i64, forecast: Option<f64>) -> StockPosition {
        let (daily_demand, demand_source) = match forecast {
            Some(f) => (f.max(0.0), "forecast"),
            None => (
                units_last_28d.max(0) as f64 / VELOCITY_DAYS as f64,
                "velocity_28d",
            ),
        };
        let days_of_cover = (daily_demand > 0.0).then(|| available.max(0) as f64 / daily_demand);
        StockPosition {
            available,
            daily_demand,
            days_of_cover,
            demand_source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forecast_wins_over_velocity() {
        let v = StockPosition::new(28, 56, None);
        assert_eq!(v.daily_demand, 2.0);
        assert_eq!(v.days_of_cover, Some(14.0));
        assert_eq!(v.demand_source, "velocity_28d");
        let f = StockPosition::new(28, 56, Some(7.0));
        assert_eq!(f.days_of_cover, Some(4.0));
        assert_eq!(f.demand_source, "forecast");
        assert_eq!(StockPosition::new(5, 0, None).days_of_cover, None);
    }
}
