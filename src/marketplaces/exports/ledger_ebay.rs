//! eBay Seller Hub → Payments → Reports → Transaction report: a preamble ("Transaction report",
//! the start and end dates, a blank line), the header, one row per money movement; `--` marks
//! empty cells. The header is documented in reference/ledger.md §2.7 from third-party fixtures
//! only (no real file was found), so the mapping below follows that header and what its columns
//! say; a real file that disagrees shows up as bad rows, never as wrong sums.
//!
//! - **Order** and **Refund** rows are split so that fees are visible per type: the gross
//!   (`Gross transaction amount`) as a `sale` (or `refund`) entry, and each non-zero fee column
//!   (Final Value Fee fixed and variable, regulatory operating, very high "item not as
//!   described", below standard performance, international, deposit processing) as its own
//!   `fee` entry, signed as the file writes it (charges negative, credits on a refund
//!   positive); a charity donation is an `other` entry. The entries of a row add up to its `Net
//!   amount`: when they don't, and the difference is the `eBay collected tax` (tax eBay collects
//!   from the buyer and remits itself), that difference is a `tax` entry; any other difference
//!   is a bad row (the file is not what this mapper expects). A row without a gross takes Net
//!   minus the fees. When the transaction currency differs from the payout currency the row is
//!   one entry of Net (in the payout currency, with eBay's exchange rate), not split.
//! - **Shipping label** → `shipping_label`; **Other fee** → `ad` when it is for Promoted
//!   Listings (or advertising), else `fee`, typed after its Description; claims and disputes →
//!   `adjustment`, holds → `reserve`; any other type → `other`. Their amount is Net.
//! - **Payout** → a `payout` entry (negative: the money leaves the eBay balance) and a payout
//!   (positive) with the Payout ID, Payout date, Payout currency and Payout status.
//!
//! **Ids**: `ebay-transactions:<type>:<Transaction ID>` plus `:<part>` for the entries of a
//! split (`:sale`, `:fee:final_value_fee_fixed`, `:tax`); payouts by their Payout ID
//! (`ebay-transactions:payout:<id>` for the entry, the bare Payout ID for the payout). A row
//! without an id of its own gets a digest of its cells with the count of identical rows before
//! it: `ebay-transactions:<16 hex>#<n>`.

use super::formats::{ColSpec, Format, Spec};
use super::ledger_etsy::{RowIds, money, payout_status, slug, value};
use super::parse::DateStyle;
use super::{Col, Header, MapContext, Mapper, Row, RowError, ebay};
use crate::marketplaces::sink::{LedgerKind, LedgerRec, PayoutRec, Record};
use crate::money::{Currency, Money};

const fn c(key: &'static str, names: &'static [&'static str], required: bool) -> ColSpec {
    ColSpec {
        key,
        names,
        required,
    }
}

const COLS: &[ColSpec] = &[
    c("date", &["Transaction creation date"], true),
    c("type", &["Type"], true),
    c("order", &["Order number"], true),
    c("net", &["Net amount"], true),
    c("payout_currency", &["Payout currency"], false),
    c("payout_date", &["Payout date"], false),
    c("payout_id", &["Payout ID"], true),
    c("payout_status", &["Payout status"], false),
    c("item", &["Item ID"], false),
    c("transaction", &["Transaction ID"], true),
    c("title", &["Item title"], false),
    c("sku", &["Custom label"], false),
    c("ebay_tax", &["eBay collected tax"], false),
    c("fvf_fixed", &["Final Value Fee - fixed"], false),
    c("fvf_variable", &["Final Value Fee - variable"], false),
    c("regulatory", &["Regulatory operating fee"], false),
    c("inad", &["Very high \"item not as described\" fee"], false),
    c("below_standard", &["Below standard performance fee"], false),
    c("international", &["International fee"], false),
    c("deposit_fee", &["Deposit processing fee"], false),
    c("charity", &["Charity donation"], false),
    c("gross", &["Gross transaction amount"], true),
    c("transaction_currency", &["Transaction currency"], false),
    c("rate", &["Exchange rate"], false),
    c("reference", &["Reference ID"], false),
    c("description", &["Description"], false),
];

pub static TRANSACTIONS: Spec = Spec {
    format: Format::EbayTransactions,
    title: "eBay transaction report",
    channel: "ebay",
    cols: COLS,
};

const DATE: usize = 0;
const TYPE: usize = 1;
const ORDER: usize = 2;
const NET: usize = 3;
const PAYOUT_CUR: usize = 4;
const PAYOUT_DATE: usize = 5;
const PAYOUT_ID: usize = 6;
const PAYOUT_STATUS: usize = 7;
const TXN: usize = 9;
const TITLE: usize = 10;
const SKU: usize = 11;
const EBAY_TAX: usize = 12;
const CHARITY: usize = 20;
const GROSS: usize = 21;
const TXN_CUR: usize = 22;
const RATE: usize = 23;
const DESCRIPTION: usize = 25;

/// The fee columns of an Order or Refund row: index into COLS and the entry's type.
const FEES: &[(usize, &str)] = &[
    (13, "final_value_fee_fixed"),
    (14, "final_value_fee_variable"),
    (15, "regulatory_operating_fee"),
    (16, "very_high_inad_fee"),
    (17, "below_standard_performance_fee"),
    (18, "international_fee"),
    (19, "deposit_processing_fee"),
];

pub struct TransactionsMapper {
    c: [Col; COLS.len()],
    shop: String,
    currency: Currency,
    ids: RowIds,
}

impl TransactionsMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> TransactionsMapper {
        TransactionsMapper {
            c: std::array::from_fn(|i| h.col(Format::EbayTransactions, COLS[i].key)),
            shop: ctx.shop.clone(),
            currency: ctx.currency,
            ids: RowIds::new("ebay-transactions"),
        }
    }
}

fn currency_cell(row: &Row<'_>, col: Col) -> Result<Option<Currency>, RowError> {
    value(row, col)
        .map(|t| Currency::new(t).map_err(|e| row.err(col, e.to_string())))
        .transpose()
}

/// `May 3, 2025` → `2025-05-03`; an ISO 8601 time stays a time (RFC 3339 UTC).
fn date(row: &Row<'_>, col: Col) -> Result<String, RowError> {
    match row.date(col, DateStyle::MonthName) {
        Ok(d) => Ok(d[..10].to_string()),
        Err(e) => row.date(col, DateStyle::Iso).map_err(|_| e),
    }
}

fn decimal(minor: i64, currency: Currency) -> String {
    Money::new(minor, currency).decimal_string()
}

/// What a row of one type becomes (the finance API's mapper shares it).
pub(crate) enum Shape {
    /// Gross and fee entries (Order, Refund).
    Split(LedgerKind),
    /// One entry of Net.
    Single(LedgerKind, String),
    Payout,
}

pub(crate) fn shape(kind: &str, description: &str) -> Shape {
    let k = kind.trim().to_ascii_lowercase();
    let d = description.to_ascii_lowercase();
    match k.as_str() {
        "order" | "sale" => Shape::Split(LedgerKind::Sale),
        "refund" => Shape::Split(LedgerKind::Refund),
        "payout" => Shape::Payout,
        "shipping label" => Shape::Single(
            LedgerKind::ShippingLabel,
            if d.contains("return") {
                "return_label"
            } else {
                "shipping_label"
            }
            .into(),
        ),
        "other fee" => {
            if d.contains("promoted") {
                Shape::Single(LedgerKind::Ad, "promoted_listings".into())
            } else if d.contains("advertis") || d.contains("ad fee") {
                Shape::Single(LedgerKind::Ad, slug(description))
            } else if d.is_empty() {
                Shape::Single(LedgerKind::Fee, "other_fee".into())
            } else {
                Shape::Single(LedgerKind::Fee, slug(description))
            }
        }
        "claim" | "payment dispute" | "dispute" | "chargeback" => {
            Shape::Single(LedgerKind::Adjustment, slug(&k))
        }
        "hold" | "reserve" => Shape::Single(LedgerKind::Reserve, slug(&k)),
        "transfer" | "credit" | "adjustment" | "charge" => {
            Shape::Single(LedgerKind::Adjustment, slug(&k))
        }
        _ => Shape::Single(LedgerKind::Other, slug(&k)),
    }
}

impl Mapper for TransactionsMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = self.c;
        let type_text = row.req(c[TYPE])?;
        let description_cell = value(row, c[DESCRIPTION]).unwrap_or("");
        let txn_currency = currency_cell(row, c[TXN_CUR])?;
        let currency = currency_cell(row, c[PAYOUT_CUR])?
            .or(txn_currency)
            .unwrap_or(self.currency);
        let posted = date(row, c[DATE])?;
        let net = money(row, c[NET], currency)?.ok_or_else(|| row.err(c[NET], "is empty"))?;
        let order = value(row, c[ORDER]).map(str::to_string);
        let payout_id = value(row, c[PAYOUT_ID]).map(str::to_string);
        let sku = value(row, c[SKU]).map(str::to_string);
        let title = value(row, c[TITLE]);
        let shape = shape(type_text, description_cell);
        let type_slug = slug(type_text);
        let shop = ebay::shop(&self.shop, currency);
        let base_description = match (description_cell, title, &order) {
            ("", Some(t), _) => t.to_string(),
            ("", None, Some(o)) => format!("{type_text} for order {o}"),
            ("", None, None) => type_text.to_string(),
            (d, _, _) => d.to_string(),
        };
        let entry = |external_id: String, kind, entry_type: String, description, amount| {
            Record::Ledger(LedgerRec {
                shop: shop.clone(),
                external_id,
                posted_at: posted.clone(),
                kind,
                entry_type,
                description,
                amount,
                currency,
                order_ref: order.clone(),
                sku: sku.clone(),
                payout_ref: payout_id.clone(),
                pending_until: None,
                fx: None,
                source: String::new(),
            })
        };
        let cells: Vec<&str> = c.iter().map(|col| row.get(*col)).collect();
        match shape {
            Shape::Payout => {
                let amount = net.abs();
                let status = match value(row, c[PAYOUT_STATUS]) {
                    None => "paid",
                    Some(t) => payout_status(t).ok_or_else(|| {
                        row.err(
                            c[PAYOUT_STATUS],
                            format!(
                                "{:?} is not a payout status sellkit knows (Funds sent, Initiated, Failed, Reversed, …)",
                                super::bounded(t, 40)
                            ),
                        )
                    })?,
                };
                let paid_at = match value(row, c[PAYOUT_DATE]) {
                    Some(_) => date(row, c[PAYOUT_DATE])?,
                    None => posted.clone(),
                };
                let (entry_id, payout_key) = match &payout_id {
                    Some(p) => (
                        self.ids.own(format!("ebay-transactions:payout:{p}")),
                        p.clone(),
                    ),
                    None => {
                        let d = self.ids.digest(&cells);
                        (d.clone(), d)
                    }
                };
                let mut e = entry(
                    entry_id,
                    LedgerKind::Payout,
                    "payout".into(),
                    base_description,
                    -amount,
                );
                if let Record::Ledger(l) = &mut e {
                    l.order_ref = None;
                    l.payout_ref = Some(payout_key.clone());
                }
                out.push(e);
                out.push(Record::Payout(PayoutRec {
                    shop: shop.clone(),
                    external_id: payout_key,
                    paid_at,
                    amount,
                    currency,
                    status,
                    original: None,
                    source: String::new(),
                }));
            }
            Shape::Single(kind, entry_type) => {
                let id = match value(row, c[TXN]) {
                    Some(t) => self.ids.own(format!("ebay-transactions:{type_slug}:{t}")),
                    None => self.ids.digest(&cells),
                };
                out.push(entry(id, kind, entry_type, base_description, net));
            }
            Shape::Split(kind) => {
                // The row's id, taken once the row is known to be good (so that a bad row does
                // not shift the numbers of the rows after it).
                let mut base = || match value(row, c[TXN]) {
                    Some(t) => self.ids.own(format!("ebay-transactions:{type_slug}:{t}")),
                    None => self.ids.digest(&cells),
                };
                let gross_type = if kind == LedgerKind::Sale {
                    "sale"
                } else {
                    "refund"
                };
                if let Some(tc) = txn_currency
                    && tc != currency
                {
                    // Amounts in two currencies: one entry of what reached the balance.
                    let mut e = entry(
                        format!("{}:{gross_type}", base()),
                        kind,
                        gross_type.into(),
                        base_description,
                        net,
                    );
                    if let (Record::Ledger(l), Some(rate)) = (&mut e, value(row, c[RATE])) {
                        l.fx = Some((rate.to_string(), tc));
                    }
                    out.push(e);
                    return Ok(());
                }
                let mut parts: Vec<(String, LedgerKind, String, String, i64)> = Vec::new();
                for (i, ty) in FEES {
                    if let Some(v) = money(row, c[*i], currency)?
                        && v != 0
                    {
                        let name = COLS[*i].names[0];
                        parts.push((
                            format!(":fee:{ty}"),
                            LedgerKind::Fee,
                            ty.to_string(),
                            format!("{name}: {base_description}"),
                            v,
                        ));
                    }
                }
                if let Some(v) = money(row, c[CHARITY], currency)?
                    && v != 0
                {
                    parts.push((
                        ":charity_donation".to_string(),
                        LedgerKind::Other,
                        "charity_donation".into(),
                        format!("Charity donation: {base_description}"),
                        v,
                    ));
                }
                let deductions: i64 = parts.iter().map(|p| p.4).sum();
                let gross = money(row, c[GROSS], currency)?.unwrap_or(net - deductions);
                let rest = net - gross - deductions;
                if rest != 0 {
                    let tax = money(row, c[EBAY_TAX], currency)?.unwrap_or(0);
                    if tax == 0 || rest.abs() != tax.abs() {
                        return Err(row.err(
                            c[NET],
                            format!(
                                "{} is not the gross {} plus the fees {}{}: the row does not add up as sellkit reads this report",
                                decimal(net, currency),
                                decimal(gross, currency),
                                decimal(deductions, currency),
                                if tax == 0 {
                                    String::new()
                                } else {
                                    format!(" less the eBay collected tax {}", decimal(tax, currency))
                                }
                            ),
                        ));
                    }
                    parts.push((
                        ":tax".to_string(),
                        LedgerKind::Tax,
                        "ebay_collected_tax".into(),
                        format!("eBay collected tax: {base_description}"),
                        rest,
                    ));
                }
                let base = base();
                out.push(entry(
                    format!("{base}:{gross_type}"),
                    kind,
                    gross_type.into(),
                    base_description.clone(),
                    gross,
                ));
                for (suffix, kind, ty, description, amount) in parts {
                    out.push(entry(
                        format!("{base}{suffix}"),
                        kind,
                        ty,
                        description,
                        amount,
                    ));
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut Vec<Record>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_take_shapes() {
        let single = |ty: &str, d: &str| match shape(ty, d) {
            Shape::Single(k, t) => (k.as_str(), t),
            _ => ("?", String::new()),
        };
        assert_eq!(
            single("Other fee", "Promoted Listings - General fee"),
            ("ad", "promoted_listings".into())
        );
        assert_eq!(
            single("Other fee", "Subscription fee"),
            ("fee", "subscription_fee".into())
        );
        assert_eq!(
            single("Shipping label", "--"),
            ("shipping_label", "shipping_label".into())
        );
        assert_eq!(
            single("Payment dispute", ""),
            ("adjustment", "payment_dispute".into())
        );
        assert!(matches!(shape("Order", ""), Shape::Split(LedgerKind::Sale)));
        assert!(matches!(
            shape("Refund", ""),
            Shape::Split(LedgerKind::Refund)
        ));
        assert!(matches!(shape("Payout", ""), Shape::Payout));
    }
}
