//! From a demand forecast and a stock position to decisions: days of cover, probable stockout
//! (median and pessimistic), reorder point and order quantity.
//!
//! Everything is in forecast periods (days for a daily forecast). Demand per period is taken
//! as independent normal with the forecast's mean and standard deviation, so cumulative
//! demand over `k` periods has mean Σ point and variance Σ sd². Beyond the forecast horizon
//! the mean rate and variance of the horizon continue.

use serde::Serialize;

use crate::forecast::stats::norm_ppf;

/// Replenishment settings for one SKU.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    /// Periods from placing an order to having the goods.
    pub lead_time: f64,
    /// Periods between reviews (how often the seller orders); cycle stock covers it.
    pub review_period: f64,
    /// Probability of not running out during a lead time (cycle service level), in (0, 1).
    pub service_level: f64,
    /// Minimum order quantity in units (0 or 1: none).
    pub moq: u64,
    /// Units per case; orders are whole cases (0 or 1: single units).
    pub case_pack: u64,
    /// Quantile of demand used for the pessimistic stockout date, in (0.5, 1).
    pub pessimistic_quantile: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            lead_time: 14.0,
            review_period: 7.0,
            service_level: 0.95,
            moq: 0,
            case_pack: 1,
            pessimistic_quantile: 0.9,
        }
    }
}

/// What the seller has.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stock {
    pub on_hand: f64,
    /// Already ordered, not yet received.
    pub inbound: f64,
}

/// The decisions for one SKU.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// On-hand stock divided by the mean forecast demand per period; `None` with no demand.
    pub days_of_cover: Option<f64>,
    /// Periods until cumulative median demand uses up the stock on hand (fractional);
    /// `None` when that does not happen within ten horizons.
    pub stockout_median: Option<f64>,
    /// The same at the pessimistic demand quantile (earlier or equal).
    pub stockout_pessimistic: Option<f64>,
    /// Mean demand over the lead time.
    pub lead_time_demand: f64,
    /// z(service level) × standard deviation of lead-time demand.
    pub safety_stock: f64,
    /// Reorder when on hand + inbound falls to this: lead-time demand + safety stock.
    pub reorder_point: f64,
    /// Units to order now (0 when the position covers lead time + review period).
    pub order_quantity: u64,
}

/// Mean and variance of demand over the next `periods` (fractional) periods.
pub fn cumulative(point: &[f64], sd: &[f64], periods: f64) -> (f64, f64) {
    if point.is_empty() || periods <= 0.0 {
        return (0.0, 0.0);
    }
    let h = point.len();
    let rate = point.iter().sum::<f64>() / h as f64;
    let var_rate = sd.iter().map(|s| s * s).sum::<f64>() / h as f64;
    let mut mean = 0.0;
    let mut var = 0.0;
    let whole = periods.floor() as usize;
    for i in 0..whole {
        let (p, v) = if i < h {
            (point[i], sd[i] * sd[i])
        } else {
            (rate, var_rate)
        };
        mean += p;
        var += v;
    }
    let frac = periods - whole as f64;
    if frac > 0.0 {
        let (p, v) = if whole < h {
            (point[whole], sd[whole] * sd[whole])
        } else {
            (rate, var_rate)
        };
        mean += frac * p;
        var += frac * v;
    }
    (mean, var)
}

/// First (fractional) period at which cumulative demand at quantile `z` exceeds `stock`.
fn stockout_at(point: &[f64], sd: &[f64], stock: f64, z: f64) -> Option<f64> {
    let h = point.len();
    if h == 0 {
        return None;
    }
    if stock <= 0.0 {
        return Some(0.0);
    }
    let rate = point.iter().sum::<f64>() / h as f64;
    let var_rate = sd.iter().map(|s| s * s).sum::<f64>() / h as f64;
    let (mut mean, mut var) = (0.0f64, 0.0f64);
    let mut prev_q = 0.0f64;
    for i in 0..10 * h {
        let (p, v) = if i < h {
            (point[i], sd[i] * sd[i])
        } else {
            (rate, var_rate)
        };
        mean += p;
        var += v;
        let q = mean + z * var.sqrt();
        if q >= stock {
            // Interpolate inside the period.
            let step = q - prev_q;
            let frac = if step > 0.0 {
                ((stock - prev_q) / step).clamp(0.0, 1.0)
            } else {
                1.0
            };
            return Some(i as f64 + frac);
        }
        prev_q = q.max(prev_q);
    }
    None
}

/// Round a positive need up to the MOQ, then up to whole cases.
pub fn order_size(need: f64, moq: u64, case_pack: u64) -> u64 {
    if need <= 0.0 {
        return 0;
    }
    let units = (need - 1e-9).ceil().max(1.0) as u64;
    let units = units.max(moq);
    let pack = case_pack.max(1);
    units.div_ceil(pack) * pack
}

/// Plan replenishment from a forecast (`point` and per-period standard deviation `sd`).
pub fn plan(point: &[f64], sd: &[f64], stock: Stock, policy: &Policy) -> Plan {
    let h = point.len();
    let rate = if h > 0 {
        point.iter().sum::<f64>() / h as f64
    } else {
        0.0
    };
    let days_of_cover = (rate > 0.0).then(|| stock.on_hand.max(0.0) / rate);
    let z = norm_ppf(policy.service_level.clamp(1e-6, 1.0 - 1e-6));
    let (ltd, lt_var) = cumulative(point, sd, policy.lead_time);
    let safety_stock = (z * lt_var.sqrt()).max(0.0);
    let (cover_mean, cover_var) = cumulative(point, sd, policy.lead_time + policy.review_period);
    let target = cover_mean + (z * cover_var.sqrt()).max(0.0);
    let position = stock.on_hand + stock.inbound;
    let any_demand = rate > 0.0;
    let zq = norm_ppf(policy.pessimistic_quantile.clamp(0.5, 1.0 - 1e-6));
    Plan {
        days_of_cover,
        stockout_median: if any_demand {
            stockout_at(point, sd, stock.on_hand, 0.0)
        } else {
            None
        },
        stockout_pessimistic: if any_demand {
            stockout_at(point, sd, stock.on_hand, zq)
        } else {
            None
        },
        lead_time_demand: ltd,
        safety_stock,
        reorder_point: ltd + safety_stock,
        order_quantity: order_size(target - position, policy.moq, policy.case_pack),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_and_median_stockout_by_hand() {
        // 5 a day, no uncertainty, 23 on hand: 4.6 days of cover, runs out during day 5
        // (4 full days use 20, the last 3 units last 0.6 of the fifth).
        let point = vec![5.0; 10];
        let sd = vec![0.0; 10];
        let p = plan(
            &point,
            &sd,
            Stock {
                on_hand: 23.0,
                inbound: 0.0,
            },
            &Policy::default(),
        );
        assert!((p.days_of_cover.unwrap() - 4.6).abs() < 1e-12);
        assert!((p.stockout_median.unwrap() - 4.6).abs() < 1e-12);
        assert_eq!(p.stockout_pessimistic, p.stockout_median);
    }

    #[test]
    fn pessimistic_stockout_comes_first() {
        let point = vec![5.0; 30];
        let sd = vec![2.0; 30];
        let p = plan(
            &point,
            &sd,
            Stock {
                on_hand: 50.0,
                inbound: 0.0,
            },
            &Policy::default(),
        );
        let (med, pes) = (p.stockout_median.unwrap(), p.stockout_pessimistic.unwrap());
        assert!((med - 10.0).abs() < 1e-9, "{med}");
        assert!(pes < med, "{pes} {med}");
        // At the 90% quantile: 5k + 1.2816·2·√k ≥ 50 first holds at k = 9 (45 + 7.69 = 52.7).
        assert!(pes > 8.0 && pes <= 9.0, "{pes}");
    }

    #[test]
    fn reorder_point_is_lead_time_demand_plus_safety_stock() {
        // 4/day with sd 3/day, lead time 9 days: LTD 36, sd_LT = 3·√9 = 9,
        // z(0.95) = 1.644854 → SS = 14.8037, ROP = 50.8037.
        let point = vec![4.0; 30];
        let sd = vec![3.0; 30];
        let policy = Policy {
            lead_time: 9.0,
            review_period: 0.0,
            ..Policy::default()
        };
        let p = plan(
            &point,
            &sd,
            Stock {
                on_hand: 0.0,
                inbound: 0.0,
            },
            &policy,
        );
        assert!((p.lead_time_demand - 36.0).abs() < 1e-12);
        assert!((p.safety_stock - 1.644_853_626_951_472_2 * 9.0).abs() < 1e-6);
        assert!((p.reorder_point - 36.0 - 14.803_682_642_563).abs() < 1e-6);
        // Nothing on hand: order up to the reorder point → 51 units.
        assert_eq!(p.order_quantity, 51);
    }

    #[test]
    fn order_quantity_honours_inbound_moq_and_case_pack() {
        let point = vec![10.0; 30];
        let sd = vec![0.0; 30];
        let policy = Policy {
            lead_time: 7.0,
            review_period: 7.0,
            moq: 0,
            case_pack: 1,
            ..Policy::default()
        };
        // Target 140; 30 on hand + 50 inbound → need 60.
        let stock = Stock {
            on_hand: 30.0,
            inbound: 50.0,
        };
        assert_eq!(plan(&point, &sd, stock, &policy).order_quantity, 60);
        let moq = Policy {
            moq: 100,
            ..policy.clone()
        };
        assert_eq!(plan(&point, &sd, stock, &moq).order_quantity, 100);
        let cases = Policy {
            case_pack: 24,
            ..policy.clone()
        };
        assert_eq!(plan(&point, &sd, stock, &cases).order_quantity, 72);
        let both = Policy {
            moq: 100,
            case_pack: 24,
            ..policy.clone()
        };
        assert_eq!(plan(&point, &sd, stock, &both).order_quantity, 120);
        // Enough inbound: nothing to order.
        let plenty = Stock {
            on_hand: 100.0,
            inbound: 50.0,
        };
        assert_eq!(plan(&point, &sd, plenty, &both).order_quantity, 0);
    }

    #[test]
    fn no_demand_means_no_stockout_and_no_order() {
        let p = plan(
            &[0.0; 14],
            &[0.0; 14],
            Stock {
                on_hand: 3.0,
                inbound: 0.0,
            },
            &Policy::default(),
        );
        assert_eq!(
            (p.days_of_cover, p.stockout_median, p.order_quantity),
            (None, None, 0)
        );
    }

    #[test]
    fn lead_time_beyond_the_horizon_continues_the_mean_rate() {
        let (m, v) = cumulative(&[2.0, 4.0], &[1.0, 1.0], 4.5);
        assert!((m - (2.0 + 4.0 + 3.0 + 3.0 + 1.5)).abs() < 1e-12);
        assert!((v - 4.5).abs() < 1e-12);
    }
}
