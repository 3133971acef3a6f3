//! The P&L against the previous period of equal length, and the SKUs that moved most.
//!
//! The previous window is the same number of days just before `since`: for 2025-04-01 to
//! 2025-06-30 (91 days) it is 2024-12-31 to 2025-03-31. Changes are in basis points of the
//! previous value (`None` when it was zero); the margin change is the difference of the two
//! margins in basis points.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use super::sales::{SalesReport, SalesRow};
use crate::money::{Currency, Money, basis_points};

/// The window of equal length just before `[since, until]` (both inclusive).
pub fn previous_window(since: Date, until: Date) -> (Date, Date) {
    let days = (until - since).get_days().max(0) + 1;
    let prev_until = since.yesterday().unwrap_or(since);
    let prev_since = since.checked_sub(days.days()).unwrap_or(Date::MIN);
    (prev_since, prev_until)
}

/// Totals of one currency against the previous window.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TotalsChange {
    pub currency: Currency,
    pub orders_change_bp: Option<i64>,
    pub units_change_bp: Option<i64>,
    pub revenue_change_bp: Option<i64>,
    pub discounts_change_bp: Option<i64>,
    pub shipping_change_bp: Option<i64>,
    pub fees_change_bp: Option<i64>,
    pub cogs_change_bp: Option<i64>,
    pub net_sales_change_bp: Option<i64>,
    pub net_profit_change_bp: Option<i64>,
    /// Margin now minus margin before, in basis points (percentage points × 100).
    pub margin_change_bp: Option<i64>,
}

fn change(now: i64, before: i64) -> Option<i64> {
    basis_points(now - before, before.abs())
}

/// Compares current totals with previous totals, currency by currency.
pub fn totals_change(current: &[SalesRow], previous: &[SalesRow]) -> Vec<TotalsChange> {
    current
        .iter()
        .map(|c| {
            let p = previous.iter().find(|p| p.currency == c.currency);
            let pv = |f: &dyn Fn(&SalesRow) -> i64| p.map_or(0, f);
            TotalsChange {
                currency: c.currency,
                orders_change_bp: change(c.orders, pv(&|r| r.orders)),
                units_change_bp: change(c.units, pv(&|r| r.units)),
                revenue_change_bp: change(c.revenue.amount_minor, pv(&|r| r.revenue.amount_minor)),
                discounts_change_bp: change(
                    c.discounts.amount_minor,
                    pv(&|r| r.discounts.amount_minor),
                ),
                shipping_change_bp: change(
                    c.shipping.amount_minor,
                    pv(&|r| r.shipping.amount_minor),
                ),
                fees_change_bp: change(c.fees.amount_minor, pv(&|r| r.fees.amount_minor)),
                cogs_change_bp: change(c.cogs.amount_minor, pv(&|r| r.cogs.amount_minor)),
                net_sales_change_bp: change(
                    c.net_sales.amount_minor,
                    pv(&|r| r.net_sales.amount_minor),
                ),
                net_profit_change_bp: change(
                    c.net_profit.amount_minor,
                    pv(&|r| r.net_profit.amount_minor),
                ),
                margin_change_bp: match (c.margin_bp, p.and_then(|p| p.margin_bp)) {
                    (Some(a), Some(b)) => Some(a - b),
                    _ => None,
                },
            }
        })
        .collect()
}

/// A SKU whose net sales changed between the two windows.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Mover {
    pub sku: String,
    pub title: Option<String>,
    pub currency: Currency,
    pub units: i64,
    pub units_previous: i64,
    pub net_sales: Money,
    pub net_sales_previous: Money,
    /// Net sales now minus before.
    pub net_sales_change: Money,
    pub net_sales_change_bp: Option<i64>,
    pub net_profit: Money,
    pub net_profit_previous: Money,
}

/// The `n` SKUs whose net sales rose most and the `n` that fell most (ties by SKU), from the
/// full per-SKU rows of both windows. A SKU sold in only one window counts zero in the other.
pub fn movers(current: &SalesReport, previous: &SalesReport, n: usize) -> (Vec<Mover>, Vec<Mover>) {
    let key = |r: &SalesRow| (r.key.clone(), r.currency);
    let prev: HashMap<(String, Currency), &SalesRow> =
        previous.by_sku.iter().map(|r| (key(r), r)).collect();
    let cur: HashMap<(String, Currency), &SalesRow> =
        current.by_sku.iter().map(|r| (key(r), r)).collect();
    let mut keys: Vec<&(String, Currency)> = cur.keys().chain(prev.keys()).collect();
    keys.sort();
    keys.dedup();
    let all: Vec<Mover> = keys
        .into_iter()
        .map(|k| {
            let c = cur.get(k);
            let p = prev.get(k);
            let m = |row: Option<&&SalesRow>, f: fn(&SalesRow) -> i64| row.map_or(0, |r| f(r));
            let now = m(c, |r| r.net_sales.amount_minor);
            let before = m(p, |r| r.net_sales.amount_minor);
            let money = |v| Money::new(v, k.1);
            Mover {
                sku: k.0.clone(),
                title: c.or(p).and_then(|r| r.title.clone()),
                currency: k.1,
                units: m(c, |r| r.units),
                units_previous: m(p, |r| r.units),
                net_sales: money(now),
                net_sales_previous: money(before),
                net_sales_change: money(now - before),
                net_sales_change_bp: change(now, before),
                net_profit: money(m(c, |r| r.net_profit.amount_minor)),
                net_profit_previous: money(m(p, |r| r.net_profit.amount_minor)),
            }
        })
        .collect();
    let mut up: Vec<Mover> = all
        .iter()
        .filter(|m| m.net_sales_change.amount_minor > 0)
        .cloned()
        .collect();
    up.sort_by(|a, b| {
        (b.net_sales_change.amount_minor, &a.sku).cmp(&(a.net_sales_change.amount_minor, &b.sku))
    });
    up.truncate(n);
    let mut down: Vec<Mover> = all
        .into_iter()
        .filter(|m| m.net_sales_change.amount_minor < 0)
        .collect();
    down.sort_by(|a, b| {
        (a.net_sales_change.amount_minor, &a.sku).cmp(&(b.net_sales_change.amount_minor, &b.sku))
    });
    down.truncate(n);
    (up, down)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_window_has_equal_length() {
        let (s, u) = previous_window(Date::constant(2025, 4, 1), Date::constant(2025, 6, 30));
        assert_eq!(
            (s, u),
            (Date::constant(2024, 12, 31), Date::constant(2025, 3, 31))
        );
        let (s, u) = previous_window(Date::constant(2025, 1, 1), Date::constant(2025, 1, 1));
        assert_eq!(
            (s, u),
            (Date::constant(2024, 12, 31), Date::constant(2024, 12, 31))
        );
    }

    #[test]
    fn change_of_a_negative_base_keeps_the_sign_of_the_move() {
        assert_eq!(change(150, 100), Some(5000));
        assert_eq!(change(-50, -100), Some(5000));
        assert_eq!(change(5, 0), None);
    }
}
