//! Shopify Payments money files as ledger entries and payouts: the payment transactions export
//! (`shopify-payments`: one row per charge, refund, adjustment, …, with Amount, Fee and Net) and
//! the payouts export (`shopify-payouts`: one row per payout).
//!
//! A payout is named by its Payout ID where the file has that column, else by its Payout Date
//! (`YYYY-MM-DD`): both exports use the same key, so a payout read from both is one row.

use std::collections::HashMap;

use super::formats::{ColSpec, Format, Spec};
use super::ledger_ids::{Occurrences, digest, snake};
use super::parse::DateStyle;
use super::{Col, Header, MapContext, Mapper, Row, RowError, shopify};
use crate::marketplaces::sink::{LedgerKind, LedgerRec, PayoutRec, Record};
use crate::money::Currency;

const fn c(key: &'static str, names: &'static [&'static str], required: bool) -> ColSpec {
    ColSpec {
        key,
        names,
        required,
    }
}

const PAYMENT_COLS: &[ColSpec] = &[
    c("date", &["Transaction Date"], true),
    c("type", &["Type"], true),
    c("order", &["Order"], true),
    c("card_brand", &["Card Brand"], false),
    c("card_source", &["Card Source"], false),
    c("payout_status", &["Payout Status"], true),
    c("payout_date", &["Payout Date"], true),
    c("payout_id", &["Payout ID"], false),
    c("available_on", &["Available On"], false),
    c("amount", &["Amount"], true),
    c("fee", &["Fee"], true),
    c("net", &["Net"], true),
    c("currency", &["Currency"], true),
    c("vat", &["VAT"], false),
];

pub static PAYMENTS: Spec = Spec {
    format: Format::ShopifyPayments,
    title: "Shopify Payments transactions export (payment_transactions_export*.csv)",
    channel: "shopify",
    cols: PAYMENT_COLS,
};

const PAYOUT_COLS: &[ColSpec] = &[
    c("date", &["Payout Date"], true),
    c("payout_id", &["Payout ID"], false),
    c("status", &["Status"], true),
    c("charges", &["Charges"], true),
    c("refunds", &["Refunds"], true),
    c("adjustments", &["Adjustments"], true),
    c("reserved", &["Reserved Funds"], false),
    c("fees", &["Fees"], true),
    c("retried", &["Retried Amount"], false),
    c("total", &["Total"], true),
    c("currency", &["Currency"], true),
];

pub static PAYOUTS: Spec = Spec {
    format: Format::ShopifyPayouts,
    title: "Shopify Payments payouts export (payouts_export*.csv)",
    channel: "shopify",
    cols: PAYOUT_COLS,
};

/// A payout status as stored; `None` for a value Shopify is not known to write.
pub(crate) fn payout_status(text: &str) -> Option<&'static str> {
    Some(
        match text.trim().to_ascii_lowercase().replace(' ', "_").as_str() {
            "paid" | "deposited" => "paid",
            "in_transit" => "in_transit",
            "pending" | "scheduled" | "action_required" => "pending",
            "failed" => "failed",
            "canceled" | "cancelled" | "reversed" => "reversed",
            _ => return None,
        },
    )
}

/// Of two statuses of one payout's rows, the less settled one.
fn less_settled(a: &'static str, b: &'static str) -> &'static str {
    let rank = |s: &str| match s {
        "paid" => 0,
        "in_transit" => 1,
        "pending" => 2,
        "reversed" => 3,
        _ => 4,
    };
    if rank(b) > rank(a) { b } else { a }
}

fn status_of(row: &Row<'_>, col: Col) -> Result<&'static str, RowError> {
    let t = row.get(col);
    payout_status(t).ok_or_else(|| {
        row.err(
            col,
            format!(
                "{t:?} is not a payout status (paid, in_transit, scheduled, pending, failed, canceled)"
            ),
        )
    })
}

/// A payout date as `YYYY-MM-DD`, the day Shopify names (not moved to UTC).
fn payout_day(row: &Row<'_>, col: Col) -> Result<String, RowError> {
    let utc = row.date(col, DateStyle::Offset)?;
    let t = row.get(col);
    Ok(match t.get(..10).map(str::parse::<jiff::civil::Date>) {
        Some(Ok(d)) => d.to_string(),
        _ => utc[..10].to_string(),
    })
}

fn currency(row: &Row<'_>, col: Col) -> Result<Currency, RowError> {
    Currency::new(row.req(col)?).map_err(|e| row.err(col, e.to_string()))
}

/// The kind and type of a transaction's Amount, by its Type.
pub(crate) fn amount_kind(typ: &str) -> (LedgerKind, String) {
    use LedgerKind as K;
    let t = snake(typ);
    let kind = match t.as_str() {
        "charge" | "sale" => return (K::Sale, "charge".into()),
        "refund" => return (K::Refund, "refund".into()),
        "chargeback" | "dispute" => return (K::Refund, "chargeback".into()),
        "chargeback_won" | "chargeback_reversal" | "dispute_won" | "dispute_reversal" => {
            return (K::Refund, "chargeback_reversal".into());
        }
        // Shop Campaigns: the ads Shopify bills from the payout.
        "shop_cash_campaign_billing_debit" | "shop_cash_campaign_billing_credit" => {
            return (K::Ad, "shop_campaigns".into());
        }
        "marketplace_sales_tax" => return (K::Tax, "marketplace_sales_tax".into()),
        _ if t.starts_with("refund") => K::Refund,
        _ if t.contains("reserve") => K::Reserve,
        _ if t.starts_with("shipping_label") => K::ShippingLabel,
        _ if t.contains("tax") => K::Tax,
        _ if t.starts_with("payout") || t.starts_with("transfer") => K::Payout,
        _ if t.contains("fee") || t.starts_with("billing_debit") => K::Fee,
        _ if t.contains("adjustment")
            || t.contains("credit")
            || t.contains("advance")
            || t.starts_with("lending")
            || t.contains("capital") =>
        {
            K::Adjustment
        }
        _ => K::Other,
    };
    (kind, if t.is_empty() { "other".into() } else { t })
}

struct PaymentCols {
    date: Col,
    typ: Col,
    order: Col,
    payout_status: Col,
    payout_date: Col,
    payout_id: Col,
    available_on: Col,
    amount: Col,
    fee: Col,
    net: Col,
    currency: Col,
    vat: Col,
}

/// One payout being summed from its transactions.
struct Payout {
    key: String,
    paid_at: String,
    amount: i64,
    currency: Currency,
    status: &'static str,
    source: String,
}

/// Payouts of one file, in the order first seen.
#[derive(Default)]
struct Payouts {
    list: Vec<Payout>,
    at: HashMap<String, usize>,
}

impl Payouts {
    fn get(&self, key: &str) -> Option<&Payout> {
        self.at.get(key).map(|i| &self.list[*i])
    }

    fn add(&mut self, p: Payout) {
        match self.at.get(&p.key) {
            Some(i) => {
                let cur = &mut self.list[*i];
                cur.amount += p.amount;
                cur.status = less_settled(cur.status, p.status);
            }
            None => {
                self.at.insert(p.key.clone(), self.list.len());
                self.list.push(p);
            }
        }
    }

    fn flush(&mut self, shop: &str, out: &mut Vec<Record>) {
        self.at.clear();
        for p in self.list.drain(..) {
            out.push(Record::Payout(PayoutRec {
                shop: shopify::shop(shop, p.currency),
                external_id: p.key,
                paid_at: p.paid_at,
                amount: p.amount,
                currency: p.currency,
                status: p.status,
                original: None,
                source: p.source,
            }));
        }
    }

    /// A row of another currency than the payout's earlier rows is an error.
    fn check_currency(
        &self,
        row: &Row<'_>,
        col: Col,
        key: &str,
        currency: Currency,
    ) -> Result<(), RowError> {
        match self.get(key) {
            Some(p) if p.currency != currency => Err(row.err(
                col,
                format!(
                    "is {currency}, but earlier rows of payout {key} are in {}: one payout is in one currency",
                    p.currency
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// The payment transactions export.
pub struct PaymentsMapper {
    c: PaymentCols,
    shop: String,
    file: String,
    ids: Occurrences,
    payouts: Payouts,
}

impl PaymentsMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> PaymentsMapper {
        let f = Format::ShopifyPayments;
        PaymentsMapper {
            c: PaymentCols {
                date: h.col(f, "date"),
                typ: h.col(f, "type"),
                order: h.col(f, "order"),
                payout_status: h.col(f, "payout_status"),
                payout_date: h.col(f, "payout_date"),
                payout_id: h.col(f, "payout_id"),
                available_on: h.col(f, "available_on"),
                amount: h.col(f, "amount"),
                fee: h.col(f, "fee"),
                net: h.col(f, "net"),
                currency: h.col(f, "currency"),
                vat: h.col(f, "vat"),
            },
            shop: ctx.shop.clone(),
            file: ctx.file.clone(),
            ids: Occurrences::default(),
            payouts: Payouts::default(),
        }
    }
}

impl Mapper for PaymentsMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let posted = row.date(c.date, DateStyle::Offset)?;
        let typ = row.req(c.typ)?.to_string();
        let currency = currency(row, c.currency)?;
        let amount = row.money(c.amount, currency)?;
        let fee = row.money_or_zero(c.fee, currency)?;
        let net = row.money(c.net, currency)?;
        let vat = row.money_or_zero(c.vat, currency)?;
        // Net = Amount - Fee; where a VAT column is given, the VAT on the fee is either in the
        // Fee (Net as above) or taken besides it (Net = Amount - Fee - VAT): then an entry too.
        let vat_entry = if net == amount - fee {
            0
        } else if vat != 0 && net == amount - fee - vat {
            vat
        } else {
            let m = |v: i64| crate::money::Money::new(v, currency).decimal_string();
            return Err(row.err(
                c.net,
                format!(
                    "is {} but Amount - Fee is {}{}: a cell was edited?",
                    m(net),
                    m(amount - fee),
                    if vat != 0 {
                        format!(" (and Amount - Fee - VAT {})", m(amount - fee - vat))
                    } else {
                        String::new()
                    }
                ),
            ));
        };
        let status = status_of(row, c.payout_status)?;
        let day = match row.opt(c.payout_date) {
            Some(_) => Some(payout_day(row, c.payout_date)?),
            None => None,
        };
        let key = row
            .opt(c.payout_id)
            .map(str::to_string)
            .or_else(|| day.clone());
        // Not yet paid out: the payout is still to be made, and will be read again when it is.
        let paid_out = status != "pending" && key.is_some();
        if paid_out && let Some(k) = &key {
            self.payouts.check_currency(row, c.currency, k, currency)?;
        }
        // Payout Status, Payout Date, Payout ID and Available On change while the money waits
        // for its payout: they are not part of the row's identity.
        let volatile = [
            c.payout_status.0,
            c.payout_date.0,
            c.payout_id.0,
            c.available_on.0,
        ];
        let cells = row
            .rec
            .iter()
            .enumerate()
            .filter(|(i, _)| !volatile.contains(&Some(*i)))
            .map(|(_, v)| v);
        let row_key = self.ids.next(digest(cells));
        let source = format!("{}:{}", self.file, row.line);
        let order = row.opt(c.order).map(str::to_string);
        let what = match &order {
            Some(o) => format!("{typ} {o}"),
            None => typ.clone(),
        };
        let entry = |suffix: &str,
                     (kind, entry_type): (LedgerKind, String),
                     description: String,
                     amount: i64| {
            Record::Ledger(LedgerRec {
                shop: shopify::shop(&self.shop, currency),
                external_id: format!("{row_key}:{suffix}"),
                posted_at: posted.clone(),
                kind,
                entry_type,
                description,
                amount,
                currency,
                order_ref: order.clone(),
                sku: None,
                payout_ref: key.clone(),
                pending_until: None,
                fx: None,
                source: source.clone(),
            })
        };
        let (kind, entry_type) = amount_kind(&typ);
        if amount != 0 {
            out.push(entry(
                "amount",
                (kind, entry_type.clone()),
                what.clone(),
                amount,
            ));
        }
        if fee != 0 {
            let fee_type = if entry_type.starts_with("chargeback") {
                "chargeback_fee"
            } else {
                "processing_fee"
            };
            out.push(entry(
                "fee",
                (LedgerKind::Fee, fee_type.into()),
                format!("Shopify Payments fee: {what}"),
                -fee,
            ));
        }
        if vat_entry != 0 {
            out.push(entry(
                "vat",
                (LedgerKind::Tax, "vat_on_fees".into()),
                format!("VAT on the Shopify Payments fee: {what}"),
                -vat_entry,
            ));
        }
        if paid_out && let (Some(k), Some(d)) = (key, day) {
            self.payouts.add(Payout {
                key: k,
                paid_at: d,
                amount: net,
                currency,
                status,
                source,
            });
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<Record>) {
        self.payouts.flush(&self.shop, out);
    }
}

struct PayoutCols {
    date: Col,
    payout_id: Col,
    status: Col,
    parts: Vec<Col>,
    total: Col,
    currency: Col,
}

/// The payouts export.
pub struct PayoutsMapper {
    c: PayoutCols,
    shop: String,
    file: String,
    payouts: Payouts,
}

impl PayoutsMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> PayoutsMapper {
        let f = Format::ShopifyPayouts;
        PayoutsMapper {
            c: PayoutCols {
                date: h.col(f, "date"),
                payout_id: h.col(f, "payout_id"),
                status: h.col(f, "status"),
                parts: [
                    "charges",
                    "refunds",
                    "adjustments",
                    "reserved",
                    "fees",
                    "retried",
                ]
                .iter()
                .map(|k| h.col(f, k))
                .collect(),
                total: h.col(f, "total"),
                currency: h.col(f, "currency"),
            },
            shop: ctx.shop.clone(),
            file: ctx.file.clone(),
            payouts: Payouts::default(),
        }
    }
}

impl Mapper for PayoutsMapper {
    fn row(&mut self, row: &Row<'_>, _out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let day = payout_day(row, c.date)?;
        let status = status_of(row, c.status)?;
        let currency = currency(row, c.currency)?;
        // The summary columns are not stored, but a cell that is no amount is a bad row.
        for col in &c.parts {
            row.money_or_zero(*col, currency)?;
        }
        let total = row.money(c.total, currency)?;
        let key = row
            .opt(c.payout_id)
            .map_or_else(|| day.clone(), str::to_string);
        self.payouts
            .check_currency(row, c.currency, &key, currency)?;
        // Two rows of one date (and no Payout ID) are summed, as the transactions export's
        // rows of that date are.
        self.payouts.add(Payout {
            key,
            paid_at: day,
            amount: total,
            currency,
            status,
            source: format!("{}:{}", self.file, row.line),
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<Record>) {
        self.payouts.flush(&self.shop, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_map_to_kinds() {
        use LedgerKind as K;
        assert_eq!(amount_kind("charge"), (K::Sale, "charge".into()));
        assert_eq!(amount_kind("refund"), (K::Refund, "refund".into()));
        assert_eq!(
            amount_kind("shop_cash_campaign_billing_debit"),
            (K::Ad, "shop_campaigns".into())
        );
        assert_eq!(
            amount_kind("marketplace sales tax"),
            (K::Tax, "marketplace_sales_tax".into())
        );
        assert_eq!(
            amount_kind("adjustment"),
            (K::Adjustment, "adjustment".into())
        );
        assert_eq!(amount_kind("chargeback"), (K::Refund, "chargeback".into()));
        assert_eq!(
            amount_kind("shop_cash_credit"),
            (K::Adjustment, "shop_cash_credit".into())
        );
        assert_eq!(
            amount_kind("reserved_funds"),
            (K::Reserve, "reserved_funds".into())
        );
        assert_eq!(amount_kind("mystery"), (K::Other, "mystery".into()));
        assert_eq!(payout_status("In Transit"), Some("in_transit"));
        assert_eq!(payout_status("scheduled"), Some("pending"));
        assert_eq!(payout_status("nope"), None);
    }
}
