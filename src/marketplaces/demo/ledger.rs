//! The demo shop's money: a ledger and payouts written from its orders, differing from the fee
//! engine's estimates the way real ones do, so `report payouts` (and every ledger-aware view)
//! works with no account.
//!
//! Per order: the sale (items less discounts plus shipping charged) and the marketplace's fees
//! (the estimate stored on the lines, off by a few cents the way processing fees and rounding
//! make it). Refunded orders: the refund, the part of the fees given back (Etsy and eBay keep
//! the fixed part) and a return label. Etsy: Offsite Ads fees on one order in twenty and Etsy
//! Ads spend every day; eBay: Promoted Listings fees on one order in eight; Amazon: a monthly
//! storage fee and a reserve held in the latest settlement. Payouts group the entries the way
//! each marketplace pays out: Etsy every Monday, Shopify two days after the order, Amazon every
//! 14 days, eBay every Tuesday; a payout dated after today is `in_transit` and its entries stay
//! unpaid. Everything is written with SQL over the orders just written: deterministic, and one
//! pass per kind.

use rusqlite::{Transaction, params};

use crate::error::Result;

/// Where each demo channel's entries go: the payout reference of an entry posted on day `d`
/// (an SQL expression over `d`, a `YYYY-MM-DD` text). Order: etsy, shopify, amazon, ebay.
const PAYOUT_OF_DAY: [&str; 4] = [
    "'etsy-deposit-' || date(d, 'weekday 1')",
    "'shopify-payout-' || date(d, '+2 days')",
    // Settlements close every 14 days counted from Monday 2020-01-06, paid the day after.
    "'amazon-settlement-' || date('2020-01-06', '+' || ((CAST(julianday(d) - julianday('2020-01-06') AS INTEGER) / 14 + 1) * 14) || ' days')",
    "'ebay-payout-' || date(d, 'weekday 2')",
];

/// Rows written.
#[derive(Debug, Clone, Copy, Default)]
pub struct LedgerCounts {
    pub entries: u64,
    pub payouts: u64,
}

/// Writes the ledger and payouts of the demo shops `shop_ids` (etsy, shopify, amazon, ebay),
/// whose orders are in place. `today` (YYYY-MM-DD) decides which payouts have been paid.
pub fn write_ledger(
    tx: &Transaction<'_>,
    shop_ids: &[i64; 4],
    today: &str,
    now: &str,
) -> Result<LedgerCounts> {
    tx.execute_batch(
        "DELETE FROM ledger_entries WHERE origin = 'demo';
         DELETE FROM payouts WHERE origin = 'demo';",
    )?;
    let mut entries = 0u64;
    for (c, shop) in shop_ids.iter().enumerate() {
        let payout = payout_expr(c, "substr(o.ordered_at, 1, 10)");
        let insert = |sql: &str| -> Result<u64> { Ok(tx.execute(sql, params![shop, now])? as u64) };
        // The sale: one entry per order, the gross the buyer paid for items and shipping.
        entries += insert(&format!(
            "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
               order_ref, payout_ref, source, origin, imported_at)
             SELECT o.shop_id, 'sale:' || o.external_id, o.ordered_at, 'sale', 'order_payment',
                    'Payment for order ' || o.external_id,
                    SUM(l.quantity * l.unit_price_minor - l.discount_minor + l.shipping_minor), o.currency,
                    o.external_id, {payout}, 'demo', 'demo', ?2
             FROM orders o JOIN order_lines l ON l.order_id = o.id
             WHERE o.shop_id = ?1 AND o.status <> 'cancelled'
             GROUP BY o.id"
        ))?;
        // The fees as charged: the estimate, off by -2..+2 cents per order.
        let fee_type = [
            "transaction_fee",
            "processing_fee",
            "referral_fee",
            "final_value_fee",
        ][c];
        entries += insert(&format!(
            "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
               order_ref, payout_ref, source, origin, imported_at)
             SELECT o.shop_id, 'fee:' || o.external_id, o.ordered_at, 'fee', '{fee_type}',
                    'Fees for order ' || o.external_id,
                    -(SUM(l.fees_minor) + (o.id % 5) - 2), o.currency,
                    o.external_id, {payout}, 'demo', 'demo', ?2
             FROM orders o JOIN order_lines l ON l.order_id = o.id
             WHERE o.shop_id = ?1 AND o.status <> 'cancelled'
             GROUP BY o.id HAVING SUM(l.fees_minor) > 0"
        ))?;
        // Refunds: the money back, the fees returned (all but 30 cents on Etsy and eBay, all
        // on Shopify and Amazon less Amazon's 20% refund administration fee) and a return label.
        let kept = ["30", "0", "(SUM(l.fees_minor) / 5)", "30"][c];
        let refund_payout = payout_expr(c, "date(substr(o.ordered_at, 1, 10), '+5 days')");
        entries += insert(&format!(
            "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
               order_ref, payout_ref, source, origin, imported_at)
             SELECT o.shop_id, 'refund:' || o.external_id, date(substr(o.ordered_at, 1, 10), '+5 days'), 'refund', 'order_refund',
                    'Refund for order ' || o.external_id,
                    -SUM(l.quantity * l.unit_price_minor - l.discount_minor + l.shipping_minor), o.currency,
                    o.external_id, {refund_payout}, 'demo', 'demo', ?2
             FROM orders o JOIN order_lines l ON l.order_id = o.id
             WHERE o.shop_id = ?1 AND o.status = 'refunded'
             GROUP BY o.id"
        ))?;
        entries += insert(&format!(
            "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
               order_ref, payout_ref, source, origin, imported_at)
             SELECT o.shop_id, 'fee-credit:' || o.external_id, date(substr(o.ordered_at, 1, 10), '+5 days'), 'fee', 'fee_credit',
                    'Fees returned for order ' || o.external_id,
                    MAX(SUM(l.fees_minor) - {kept}, 0), o.currency,
                    o.external_id, {refund_payout}, 'demo', 'demo', ?2
             FROM orders o JOIN order_lines l ON l.order_id = o.id
             WHERE o.shop_id = ?1 AND o.status = 'refunded'
             GROUP BY o.id HAVING MAX(SUM(l.fees_minor) - {kept}, 0) > 0"
        ))?;
        entries += insert(&format!(
            "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
               order_ref, payout_ref, source, origin, imported_at)
             SELECT o.shop_id, 'return-label:' || o.external_id, date(substr(o.ordered_at, 1, 10), '+5 days'), 'shipping_label',
                    'return_label', 'Return shipping label for order ' || o.external_id,
                    -(550 + (o.id % 4) * 75), o.currency, o.external_id, {refund_payout}, 'demo', 'demo', ?2
             FROM orders o WHERE o.shop_id = ?1 AND o.status = 'refunded'"
        ))?;
        match c {
            // Etsy: Offsite Ads (15% of the order, at most $100) on one order in twenty, and
            // Etsy Ads spend each day: 2% of the day's sales, at least $1.
            0 => {
                entries += insert(&format!(
                    "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
                       order_ref, payout_ref, source, origin, imported_at)
                     SELECT o.shop_id, 'offsite-ads:' || o.external_id, o.ordered_at, 'ad', 'offsite_ads',
                            'Fee for sale made through Offsite Ads',
                            -MIN(SUM(l.quantity * l.unit_price_minor - l.discount_minor + l.shipping_minor) * 15 / 100, 10000),
                            o.currency, o.external_id, {payout}, 'demo', 'demo', ?2
                     FROM orders o JOIN order_lines l ON l.order_id = o.id
                     WHERE o.shop_id = ?1 AND o.status <> 'cancelled' AND o.id % 20 = 0
                     GROUP BY o.id"
                ))?;
                let day_payout = payout_expr(0, "day");
                entries += insert(&format!(
                    "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
                       payout_ref, source, origin, imported_at)
                     SELECT ?1, 'etsy-ads:' || day, day, 'ad', 'etsy_ads',
                            'Etsy Ads: bill for click-throughs to your shop on ' || day,
                            -MAX(gross * 2 / 100, 100), 'USD', {day_payout}, 'demo', 'demo', ?2
                     FROM (SELECT substr(o.ordered_at, 1, 10) AS day,
                                  SUM(l.quantity * l.unit_price_minor - l.discount_minor + l.shipping_minor) AS gross
                           FROM orders o JOIN order_lines l ON l.order_id = o.id
                           WHERE o.shop_id = ?1 AND o.status <> 'cancelled' GROUP BY day)"
                ))?;
            }
            // Amazon: a storage fee each month (on the 7th, for the month before) and a
            // reserve held from the latest settlement.
            2 => {
                let month_payout = payout_expr(2, "date(month || '-07')");
                entries += insert(&format!(
                    "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
                       payout_ref, source, origin, imported_at)
                     SELECT ?1, 'storage:' || month, date(month || '-07'), 'fee', 'storage',
                            'FBA storage fee for ' || month, -(1500 + units * 3), 'USD', {month_payout}, 'demo', 'demo', ?2
                     FROM (SELECT substr(o.ordered_at, 1, 7) AS month, SUM(l.quantity) AS units
                           FROM orders o JOIN order_lines l ON l.order_id = o.id
                           WHERE o.shop_id = ?1 GROUP BY month)
                     WHERE date(month || '-07', '+1 month') <= (SELECT MAX(substr(ordered_at, 1, 10)) FROM orders WHERE shop_id = ?1)"
                ))?;
                entries += insert(&format!(
                    "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
                       payout_ref, source, origin, imported_at)
                     SELECT ?1, 'reserve:' || {last}, substr(MAX(o.ordered_at), 1, 10), 'reserve', 'account_level_reserve',
                            'Account level reserve held', -25000, 'USD', {last}, 'demo', 'demo', ?2
                     FROM orders o WHERE o.shop_id = ?1
                     HAVING COUNT(*) > 0",
                    last = payout_expr(2, "(SELECT MAX(substr(ordered_at, 1, 10)) FROM orders WHERE shop_id = ?1)"),
                ))?;
            }
            // eBay: Promoted Listings (8% of the order) on one order in eight.
            3 => {
                entries += insert(&format!(
                    "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
                       order_ref, payout_ref, source, origin, imported_at)
                     SELECT o.shop_id, 'promoted:' || o.external_id, o.ordered_at, 'ad', 'promoted_listings',
                            'Promoted Listings - General fee',
                            -(SUM(l.quantity * l.unit_price_minor - l.discount_minor) * 8 / 100),
                            o.currency, o.external_id, {payout}, 'demo', 'demo', ?2
                     FROM orders o JOIN order_lines l ON l.order_id = o.id
                     WHERE o.shop_id = ?1 AND o.status <> 'cancelled' AND o.id % 8 = 0
                     GROUP BY o.id"
                ))?;
            }
            _ => {}
        }
    }
    // Amazon defers a sale's money until 7 days after delivery: the sales of the last week are
    // pending, each with its release date.
    tx.execute(
        "UPDATE ledger_entries SET status = 'pending', release_at = date(substr(posted_at, 1, 10), '+7 days')
         WHERE origin = 'demo' AND shop_id = ?1 AND kind = 'sale'
           AND date(substr(posted_at, 1, 10), '+7 days') > ?2",
        params![shop_ids[2], today],
    )?;
    // A payout per reference: the sum of its entries, paid on the day the reference names (the
    // text after its last '-' date part); a positive sum is sent to the bank.
    let payouts = tx.execute(
        "INSERT INTO payouts (shop_id, external_id, paid_at, amount_minor, currency, status, source, origin, imported_at)
         SELECT shop_id, payout_ref, substr(payout_ref, -10), SUM(amount_minor), currency,
                CASE WHEN substr(payout_ref, -10) <= ?1 THEN 'paid' ELSE 'in_transit' END, 'demo', 'demo', ?2
         FROM ledger_entries WHERE origin = 'demo' AND payout_ref IS NOT NULL
         GROUP BY shop_id, payout_ref, currency",
        params![today, now],
    )? as u64;
    // The transfers themselves, as the marketplaces' ledgers show them: money leaving the
    // balance on the payout day.
    let transfers = tx.execute(
        "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
           payout_ref, source, origin, imported_at)
         SELECT shop_id, 'transfer:' || external_id, paid_at, 'payout', 'bank_transfer',
                'Sent to your bank account', -amount_minor, currency, external_id, 'demo', 'demo', ?1
         FROM payouts WHERE origin = 'demo' AND status = 'paid'",
        params![now],
    )? as u64;
    Ok(LedgerCounts {
        entries: entries + transfers,
        payouts,
    })
}

/// The payout reference of channel `c` for an entry posted on the day `day` (an SQL expression).
fn payout_expr(c: usize, day: &str) -> String {
    PAYOUT_OF_DAY[c]
        .replace("(d,", &format!("({day},"))
        .replace("julianday(d)", &format!("julianday({day})"))
}
