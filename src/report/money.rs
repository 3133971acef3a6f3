//! The money section of the morning report: per period, what reached the bank against what the
//! P&L says was earned, the ad spend and its share of sales (TACoS), and how far the fee
//! engine's estimate was from the fees the ledgers charged.
//!
//! Payouts lag sales by the marketplaces' payout schedules (Etsy daily to monthly, Amazon every
//! two weeks, eBay daily or weekly), so a period's payouts and profit differ even when every
//! entry reconciles: the difference is the timing plus the money that never passes through a
//! payout (costs charged to the card on file, reserves held).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Result;
use crate::money::{Currency, Money};
use crate::report::sales::{Period, SalesReport, SalesRow};
use crate::time::date_prefix;

/// One period (or the total) in one currency.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MoneyRow {
    /// The period key (as `by_period`), or `total`.
    pub key: String,
    pub currency: Currency,
    pub net_sales: Money,
    pub net_profit: Money,
    /// Ad spend (a cost: positive here).
    pub ad_spend: Money,
    /// Total advertising cost of sale: ad spend over net sales, in basis points; `None` without
    /// sales.
    pub tacos_bp: Option<i64>,
    /// Payouts marked paid in the period (what reached the bank).
    pub payouts: Money,
    /// `payouts - net_profit`.
    pub payouts_less_profit: Money,
}

/// The money section.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MoneyOverview {
    pub by_period: Vec<MoneyRow>,
    pub totals: Vec<MoneyRow>,
    /// Per currency: where the fees came from and the estimate's error over the lines the
    /// ledger covers (positive: the estimate was too high).
    pub fees: Vec<FeeCheck>,
    /// Money the marketplaces hold back until a release date (Amazon's deferred
    /// transactions: delivery + 7 days, B2B 30 days), per currency, as of now: earned, not yet
    /// paid out, and not missing.
    pub deferred: Vec<Deferred>,
}

/// Pending (deferred) ledger money in one currency.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Deferred {
    pub currency: Currency,
    pub amount: Money,
    pub entries: i64,
    /// The earliest and latest expected release (`None` when the source gives no date).
    pub next_release: Option<String>,
    pub last_release: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FeeCheck {
    pub currency: Currency,
    pub fee_basis: &'static str,
    pub fees: Money,
    pub fee_estimate_error: Option<Money>,
    /// The error as a share of the fees charged, in basis points.
    pub fee_estimate_error_bp: Option<i64>,
}

fn basis_points(part: i64, whole: i64) -> Option<i64> {
    (whole != 0).then(|| {
        let v = i128::from(part) * 10_000;
        let w = i128::from(whole);
        // Rounded half away from zero.
        ((v + v.signum() * w.abs() / 2) / w) as i64
    })
}

fn row(key: String, s: &SalesRow, payouts: i64) -> MoneyRow {
    let c = s.currency;
    let ad_spend = -s.ads.amount_minor;
    MoneyRow {
        key,
        currency: c,
        net_sales: s.net_sales,
        net_profit: s.net_profit,
        ad_spend: Money::new(ad_spend, c),
        tacos_bp: basis_points(ad_spend, s.net_sales.amount_minor),
        payouts: Money::new(payouts, c),
        payouts_less_profit: Money::new(payouts - s.net_profit.amount_minor, c),
    }
}

/// The money section of `report` over the P&L's window and channel; `None` for a SKU's report
/// (payouts belong to no SKU).
pub fn money(conn: &rusqlite::Connection, report: &SalesReport) -> Result<Option<MoneyOverview>> {
    if report.sku.is_some() {
        return Ok(None);
    }
    let (Some(since), Some(until)) = (date_prefix(&report.since), date_prefix(&report.until))
    else {
        return Ok(None);
    };
    let period: Period = report.period;
    let mut paid: BTreeMap<(String, Currency), i64> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT p.paid_at, p.currency, p.amount_minor FROM payouts p JOIN shops s ON s.id = p.shop_id
         WHERE p.status = 'paid' AND p.paid_at >= ?1 AND p.paid_at < ?2 AND (?3 IS NULL OR s.channel = ?3)",
    )?;
    let mut rows = stmt.query(rusqlite::params![
        since.to_string(),
        format!("{until}~"),
        report.channel
    ])?;
    while let Some(r) = rows.next()? {
        let Some(day) = date_prefix(r.get_ref(0)?.as_str()?) else {
            continue;
        };
        let Ok(cur) = Currency::new(r.get_ref(1)?.as_str()?) else {
            continue;
        };
        *paid.entry((period.key(day), cur)).or_default() += r.get::<_, i64>(2)?;
    }
    let by_period: Vec<MoneyRow> = report
        .by_period
        .iter()
        .map(|p| {
            let got = paid.get(&(p.key.clone(), p.currency)).copied().unwrap_or(0);
            row(p.key.clone(), p, got)
        })
        .collect();
    let totals = report
        .totals
        .iter()
        .map(|t| {
            let got = paid
                .iter()
                .filter(|((_, c), _)| *c == t.currency)
                .map(|(_, v)| v)
                .sum();
            row("total".into(), t, got)
        })
        .collect();
    let fees = report
        .totals
        .iter()
        .map(|t| FeeCheck {
            currency: t.currency,
            fee_basis: t.fee_basis,
            fees: t.fees,
            fee_estimate_error: t.fee_estimate_error,
            fee_estimate_error_bp: t
                .fee_estimate_error
                .and_then(|e| basis_points(e.amount_minor, t.fees.amount_minor)),
        })
        .collect();
    let mut deferred = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT e.currency, SUM(e.amount_minor), COUNT(*), MIN(e.release_at), MAX(e.release_at)
         FROM ledger_entries e JOIN shops s ON s.id = e.shop_id
         WHERE e.status = 'pending' AND (?1 IS NULL OR s.channel = ?1)
         GROUP BY e.currency ORDER BY e.currency",
    )?;
    let mut rows = stmt.query(rusqlite::params![report.channel])?;
    while let Some(r) = rows.next()? {
        let Ok(cur) = Currency::new(r.get_ref(0)?.as_str()?) else {
            continue;
        };
        deferred.push(Deferred {
            currency: cur,
            amount: Money::new(r.get(1)?, cur),
            entries: r.get(2)?,
            next_release: r.get(3)?,
            last_release: r.get(4)?,
        });
    }
    Ok(Some(MoneyOverview {
        by_period,
        totals,
        fees,
        deferred,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basis_points_round_half_away_from_zero() {
        assert_eq!(basis_points(1, 3), Some(3333));
        assert_eq!(basis_points(2, 3), Some(6667));
        assert_eq!(basis_points(-2, 3), Some(-6667));
        assert_eq!(basis_points(5, 0), None);
    }
}
