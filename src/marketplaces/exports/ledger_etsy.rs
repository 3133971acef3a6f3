//! Etsy's money files: the monthly statement (Shop Manager → Finances → Monthly statements →
//! Download CSV) and the deposits download. Layouts and quirks: reference/ledger.md §2.1, §2.2.
//!
//! **Statement**: one ledger entry per row; its amount is Net (= Amount + Fees & Taxes; `--` is
//! empty), signed as Etsy signs it, in the row's currency. Type and Title give the kind and the
//! finer type ([`classify`]). "Order #N" in the Title or Info (or "order: N", as VAT rows write
//! it) is the order reference, as the orders importer stores Etsy order ids (the bare number).
//! - **Deposit** rows have `--` in every money column: the amount is only in the Title
//!   ("$328.38 sent to your bank account"). Such a row gives a `payout` entry with the amount
//!   negated (the money leaves the Etsy balance) and a payout (positive, status `paid`) whose id
//!   is the one the deposits file gives the same deposit ([`deposit_id`]: day, currency, amount),
//!   so importing both files stores the payout once.
//! - **A row with a blank Date** (the UK file has one: a VAT row with neither date nor
//!   currency) takes the date of the row above it, which in a statement (newest first, grouped
//!   by day) is the same day's entries; its currency is the one its amount cells name (`-£0.04`),
//!   else that of the rows above. A blank Date on the first row has nothing to take and is a
//!   bad row, as is a blank currency no cell or earlier row settles.
//! - "Listing fee ($0.20 USD)": Etsy sets the fee in USD and charges it in the statement's
//!   currency; the entry is the Net in that currency and the USD figure stays in the description.
//!
//! **Deposits**: one payout per row (Status: Executed → `paid`, see [`payout_status`]).
//!
//! **Ids**: statement rows have no id of their own, so an entry's id is a digest of its cells
//! (read by column name, so quoting, BOM and column order don't matter; an Info that only says
//! "Funds will be available on …" is left out, since it changes once the funds are released)
//! and the number of identical rows before it in the file: `etsy-statement:<16 hex>#<n>`.
//! Re-importing a file, or a second statement that overlaps it, gives the same ids; two
//! identical rows (two $0.20 listing fees on one day) stay two entries.

use super::formats::{ColSpec, Format, Spec};
use super::parse::{self, DateStyle};
use super::{Col, Header, MapContext, Mapper, Row, RowError, etsy, ledger_ids};
use crate::marketplaces::sink::{LedgerKind, LedgerRec, PayoutRec, Record};
use crate::money::{Currency, Money};

const fn c(key: &'static str, names: &'static [&'static str], required: bool) -> ColSpec {
    ColSpec {
        key,
        names,
        required,
    }
}

const STATEMENT_COLS: &[ColSpec] = &[
    c("date", &["Date"], true),
    c("type", &["Type"], true),
    c("title", &["Title"], true),
    c("info", &["Info"], true),
    c("currency", &["Currency"], true),
    c("amount", &["Amount"], true),
    c("fees", &["Fees & Taxes"], true),
    c("net", &["Net"], true),
    c("tax_details", &["Tax Details"], false),
];

pub static STATEMENT: Spec = Spec {
    format: Format::EtsyStatement,
    title: "Etsy monthly statement",
    channel: "etsy",
    cols: STATEMENT_COLS,
};

const DEPOSIT_COLS: &[ColSpec] = &[
    c("date", &["Date"], true),
    c("amount", &["Amount"], true),
    c("currency", &["Currency"], true),
    c("status", &["Status"], true),
    c("bank", &["Bank Account Ending Digits"], true),
];

pub static DEPOSITS: Spec = Spec {
    format: Format::EtsyDeposits,
    title: "Etsy deposits",
    channel: "etsy",
    cols: DEPOSIT_COLS,
};

// Indexes into STATEMENT_COLS.
const S_DATE: usize = 0;
const S_TYPE: usize = 1;
const S_TITLE: usize = 2;
const S_INFO: usize = 3;
const S_CUR: usize = 4;
const S_AMOUNT: usize = 5;
const S_FEES: usize = 6;
const S_NET: usize = 7;
const S_TAX: usize = 8;

// Indexes into DEPOSIT_COLS.
const D_DATE: usize = 0;
const D_AMOUNT: usize = 1;
const D_CUR: usize = 2;
const D_STATUS: usize = 3;

/// Ids for rows without one of their own: a digest of the row's cells ([`ledger_ids::digest`]),
/// numbered by how often the same key has come up in this file (one per mapper, that is per
/// file).
pub(crate) struct RowIds {
    prefix: &'static str,
    seen: ledger_ids::Occurrences,
}

impl RowIds {
    pub(crate) fn new(prefix: &'static str) -> RowIds {
        RowIds {
            prefix,
            seen: ledger_ids::Occurrences::default(),
        }
    }

    /// `<prefix>:<16 hex of SHA-256 of the cells>#<n>`.
    pub(crate) fn digest(&mut self, cells: &[&str]) -> String {
        let key = format!(
            "{}:{}",
            self.prefix,
            ledger_ids::digest(cells.iter().copied())
        );
        self.numbered(key)
    }

    /// `<key>#<n>`: the n-th time `key` comes up in this file.
    pub(crate) fn numbered(&mut self, key: String) -> String {
        let n = self.seen.count(&key);
        format!("{key}#{n}")
    }

    /// `key` the first time, `key#<n>` the n-th time (for the source's own ids, which should
    /// not repeat but may, as two partial refunds of one order line).
    pub(crate) fn own(&mut self, key: String) -> String {
        self.seen.next(key)
    }
}

/// A cell that holds a value: not empty and not Etsy's and eBay's `--`.
pub(crate) fn value<'r>(row: &'r Row<'_>, col: Col) -> Option<&'r str> {
    row.opt(col).filter(|v| *v != "--")
}

/// An optional amount in `currency`: `None` when the cell is empty or `--`.
pub(crate) fn money(row: &Row<'_>, col: Col, currency: Currency) -> Result<Option<i64>, RowError> {
    match value(row, col) {
        None => Ok(None),
        Some(_) => row.money(col, currency).map(Some),
    }
}

/// The calendar day of a date cell, as `YYYY-MM-DD`.
fn day(row: &Row<'_>, col: Col) -> Result<String, RowError> {
    Ok(row.date(col, DateStyle::MonthName)?[..10].to_string())
}

/// A payout status in a file's words → the stored one; `None` for words not known.
pub(crate) fn payout_status(text: &str) -> Option<&'static str> {
    let t = text.trim().to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if t.is_empty() {
        None
    } else if has(&["revers", "return"]) {
        Some("reversed")
    } else if has(&["fail", "declin", "reject", "cancel"]) {
        Some("failed")
    } else if has(&["transit", "initiat", "processing", "in progress"]) {
        Some("in_transit")
    } else if has(&["pend", "schedul", "hold", "queued", "waiting"]) {
        Some("pending")
    } else if has(&[
        "execut",
        "paid",
        "complete",
        "succe",
        "sent",
        "deposited",
        "settled",
    ]) {
        Some("paid")
    } else {
        None
    }
}

const STATUS_WORDS: &str = "Executed/Paid/Completed/Sent (paid), Pending/Scheduled (pending), \
                            In transit/Processing (in_transit), Failed/Cancelled (failed), Reversed/Returned (reversed)";

/// The id of an Etsy deposit, the same from a statement's Deposit row and the deposits file:
/// `etsy-deposit:<day>:<currency>:<amount>#<n>` (n counts equal deposits in the file).
fn deposit_id(ids: &mut RowIds, day: &str, amount: i64, currency: Currency) -> String {
    let money = Money::new(amount, currency);
    ids.numbered(format!(
        "etsy-deposit:{day}:{}:{}",
        currency.code(),
        money.decimal_string()
    ))
}

/// `snake_case` of a title's first part (before `:` or `(`), for types no rule names.
pub(crate) fn slug(text: &str) -> String {
    let head = text.split([':', '(']).next().unwrap_or("");
    let mut out = String::new();
    for ch in head.trim().chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() {
        "other".to_string()
    } else {
        out
    }
}

/// The kind and finer type of a statement row, from its Type and Title.
pub fn classify(kind: &str, title: &str) -> (LedgerKind, String) {
    let k = kind.trim().to_ascii_lowercase();
    let t = title.trim().to_ascii_lowercase();
    // "Credit for listing fee" is a credit of the listing fee: same type, positive amount.
    let base = t.strip_prefix("credit for ").unwrap_or(&t).trim();
    let has = |w: &str| t.contains(w);
    let (kind, ty): (LedgerKind, &str) = match k.as_str() {
        "sale" => (LedgerKind::Sale, "sale"),
        "refund" => (LedgerKind::Refund, "refund"),
        "fee" | "fees" => {
            let ty = if base.starts_with("listing fee") || has("renew") {
                "listing_fee"
            } else if base.starts_with("transaction fee") {
                "transaction_fee"
            } else if base.starts_with("processing fee") {
                "processing_fee"
            } else if has("share & save") || has("share and save") {
                "share_and_save"
            } else if has("regulatory operating fee") {
                "regulatory_operating_fee"
            } else if has("currency conversion") {
                "currency_conversion_fee"
            } else if has("subscription") || has("etsy plus") {
                "subscription_fee"
            } else {
                return (LedgerKind::Fee, slug(base));
            };
            (LedgerKind::Fee, ty)
        }
        "marketing" => {
            if has("offsite ads") {
                (LedgerKind::Ad, "offsite_ads")
            } else if has("etsy ads") {
                (LedgerKind::Ad, "etsy_ads")
            } else {
                return (LedgerKind::Ad, slug(base));
            }
        }
        "shipping" | "postage" | "delivery" => {
            let ty = if has("adjustment") {
                "label_adjustment"
            } else if has("return") {
                "return_label"
            } else if has("insurance") {
                "shipping_insurance"
            } else {
                "shipping_label"
            };
            (LedgerKind::ShippingLabel, ty)
        }
        "tax" | "taxes" => {
            let ty = if has("sales tax") {
                "sales_tax"
            } else if t.starts_with("tax:") {
                "tax_on_fees"
            } else if has("vat") {
                "vat_on_fees"
            } else {
                return (LedgerKind::Tax, slug(base));
            };
            (LedgerKind::Tax, ty)
        }
        "vat" => {
            if has("buyer") {
                (LedgerKind::Tax, "vat_paid_by_buyer")
            } else {
                (LedgerKind::Tax, "vat_on_fees")
            }
        }
        // Collected from the buyer and passed on (Colorado Retail Delivery Fee).
        "buyer fee" => {
            if has("retail delivery fee") {
                (LedgerKind::Tax, "retail_delivery_fee")
            } else {
                (LedgerKind::Tax, "buyer_fee")
            }
        }
        "payment" => {
            if has("charge for refund") {
                (LedgerKind::Adjustment, "refund_charge")
            } else {
                (LedgerKind::Adjustment, "payment")
            }
        }
        "deposit" => (LedgerKind::Payout, "deposit"),
        "reserve" => (LedgerKind::Reserve, "reserve"),
        "adjustment" => (LedgerKind::Adjustment, "adjustment"),
        _ => return (LedgerKind::Other, slug(&k)),
    };
    (kind, ty.to_string())
}

/// The order number after "Order #" or "order:" in `text`.
pub fn order_ref(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    for marker in ["order #", "order:", "order no. "] {
        if let Some(i) = lower.find(marker) {
            let digits: String = lower[i + marker.len()..]
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if !digits.is_empty() {
                return Some(digits);
            }
        }
    }
    None
}

/// The amount of a Deposit row: in its Title ("$328.38 sent to your bank account"), positive.
fn deposit_amount(row: &Row<'_>, col: Col, currency: Currency) -> Result<i64, RowError> {
    let title = row.get(col);
    let end = title
        .to_ascii_lowercase()
        .find(" sent to")
        .unwrap_or(title.len());
    let text = title[..end].trim();
    let a = parse::amount(text, currency).map_err(|_| {
        row.err(
            col,
            format!(
                "{:?}: a deposit's amount is only in its title (\"$328.38 sent to your bank account\"), and there is none",
                super::bounded(title, 80)
            ),
        )
    })?;
    if let Some(named) = a.currency
        && named != currency
    {
        return Err(row.err(
            col,
            format!("names an amount in {named}, but the row is in {currency}"),
        ));
    }
    if a.minor <= 0 {
        return Err(row.err(col, format!("{text:?} is not a deposit's amount")));
    }
    Ok(a.minor)
}

pub struct StatementMapper {
    c: [Col; STATEMENT_COLS.len()],
    shop: String,
    /// `--currency`: how a `$` is read before the file names a currency.
    fallback: Currency,
    /// The date and currency of the last row that gave them.
    last_date: Option<String>,
    last_currency: Option<Currency>,
    ids: RowIds,
    deposits: RowIds,
}

impl StatementMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> StatementMapper {
        StatementMapper {
            c: std::array::from_fn(|i| h.col(Format::EtsyStatement, STATEMENT_COLS[i].key)),
            shop: ctx.shop.clone(),
            fallback: ctx.currency,
            last_date: None,
            last_currency: None,
            ids: RowIds::new("etsy-statement"),
            deposits: RowIds::new("etsy-deposit"),
        }
    }

    /// The row's currency: its Currency cell; when blank, the currency its amounts name, else
    /// that of the rows above.
    fn currency(&self, row: &Row<'_>) -> Result<Currency, RowError> {
        let col = self.c[S_CUR];
        if let Some(t) = value(row, col) {
            return Currency::new(t).map_err(|e| row.err(col, e.to_string()));
        }
        let fallback = self.last_currency.unwrap_or(self.fallback);
        for i in [S_NET, S_AMOUNT, S_FEES] {
            if let Some(t) = value(row, self.c[i])
                && let Ok(a) = parse::amount(t, fallback)
                && let Some(named) = a.currency
            {
                return Ok(named);
            }
        }
        self.last_currency.ok_or_else(|| {
            row.err(
                col,
                "is empty, and neither the row's amounts nor the rows above say which currency",
            )
        })
    }
}

impl Mapper for StatementMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = self.c;
        let type_text = row.req(c[S_TYPE])?;
        let title = row.get(c[S_TITLE]);
        let info = value(row, c[S_INFO]);
        let currency = self.currency(row)?;
        let posted = match value(row, c[S_DATE]) {
            Some(_) => day(row, c[S_DATE])?,
            None => self.last_date.clone().ok_or_else(|| {
                row.err(
                    c[S_DATE],
                    "is empty, and there is no row above to take the date from (a row with a blank date takes the date of the row above it)",
                )
            })?,
        };
        let (kind, entry_type) = classify(type_text, title);
        let amount = money(row, c[S_AMOUNT], currency)?;
        let fees = money(row, c[S_FEES], currency)?;
        let net = money(row, c[S_NET], currency)?;
        let description = match info {
            Some(i) if !title.is_empty() => format!("{title} ({i})"),
            Some(i) => i.to_string(),
            None if title.is_empty() => type_text.to_string(),
            None => title.to_string(),
        };
        let order = order_ref(title).or_else(|| info.and_then(order_ref));
        // The id: the row's cells in the spec's order, with a "funds available" note left out.
        let info_key = info.filter(|i| !i.to_ascii_lowercase().starts_with("funds will be"));
        let cells = [
            row.get(c[S_DATE]),
            type_text,
            title,
            info_key.unwrap_or(""),
            row.get(c[S_CUR]),
            row.get(c[S_AMOUNT]),
            row.get(c[S_FEES]),
            row.get(c[S_NET]),
            row.get(c[S_TAX]),
        ];
        let shop = etsy::shop(&self.shop, currency);
        if kind == LedgerKind::Payout {
            let paid = match deposit_amount(row, c[S_TITLE], currency) {
                Ok(v) => v,
                Err(e) => match net.or(amount) {
                    Some(v) if v != 0 => v.abs(),
                    _ => return Err(e),
                },
            };
            let payout_id = deposit_id(&mut self.deposits, &posted, paid, currency);
            out.push(Record::Ledger(LedgerRec {
                shop: shop.clone(),
                external_id: self.ids.digest(&cells),
                posted_at: posted.clone(),
                kind,
                entry_type,
                description,
                amount: -paid,
                currency,
                order_ref: None,
                sku: None,
                payout_ref: Some(payout_id.clone()),
                pending_until: None,
                fx: None,
                source: String::new(),
            }));
            out.push(Record::Payout(PayoutRec {
                shop,
                external_id: payout_id,
                paid_at: posted.clone(),
                amount: paid,
                currency,
                status: "paid",
                original: None,
                source: String::new(),
            }));
        } else {
            let value = match (net, amount, fees) {
                (Some(n), None, None) => n,
                (Some(n), a, f) => {
                    let sum = a.unwrap_or(0) + f.unwrap_or(0);
                    if sum != n {
                        return Err(row.err(
                            c[S_NET],
                            format!(
                                "{} is not Amount + Fees & Taxes ({}): a damaged row?",
                                Money::new(n, currency).decimal_string(),
                                Money::new(sum, currency).decimal_string()
                            ),
                        ));
                    }
                    n
                }
                (None, None, None) => {
                    return Err(row.err(
                        c[S_NET],
                        "is empty, as are Amount and Fees & Taxes: the row has no amount",
                    ));
                }
                (None, a, f) => a.unwrap_or(0) + f.unwrap_or(0),
            };
            out.push(Record::Ledger(LedgerRec {
                shop,
                external_id: self.ids.digest(&cells),
                posted_at: posted.clone(),
                kind,
                entry_type,
                description,
                amount: value,
                currency,
                order_ref: order,
                sku: None,
                payout_ref: None,
                pending_until: None,
                fx: None,
                source: String::new(),
            }));
        }
        self.last_date = Some(posted);
        if value(row, c[S_CUR]).is_some() {
            self.last_currency = Some(currency);
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut Vec<Record>) {}
}

pub struct DepositsMapper {
    c: [Col; DEPOSIT_COLS.len()],
    shop: String,
    deposits: RowIds,
}

impl DepositsMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> DepositsMapper {
        DepositsMapper {
            c: std::array::from_fn(|i| h.col(Format::EtsyDeposits, DEPOSIT_COLS[i].key)),
            shop: ctx.shop.clone(),
            deposits: RowIds::new("etsy-deposit"),
        }
    }
}

impl Mapper for DepositsMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let currency =
            Currency::new(row.req(c[D_CUR])?).map_err(|e| row.err(c[D_CUR], e.to_string()))?;
        let paid_at = day(row, c[D_DATE])?;
        let amount = row.money(c[D_AMOUNT], currency)?;
        let status_text = row.req(c[D_STATUS])?;
        let status = payout_status(status_text).ok_or_else(|| {
            row.err(
                c[D_STATUS],
                format!(
                    "{:?} is not a deposit status sellkit knows ({STATUS_WORDS})",
                    super::bounded(status_text, 40)
                ),
            )
        })?;
        out.push(Record::Payout(PayoutRec {
            shop: etsy::shop(&self.shop, currency),
            external_id: deposit_id(&mut self.deposits, &paid_at, amount, currency),
            paid_at,
            amount,
            currency,
            status,
            original: None,
            source: String::new(),
        }));
        Ok(())
    }

    fn finish(&mut self, _out: &mut Vec<Record>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_rows_classify() {
        let k = |ty: &str, title: &str| {
            let (kind, t) = classify(ty, title);
            (kind.as_str(), t)
        };
        assert_eq!(k("Sale", "Payment for Order #1"), ("sale", "sale".into()));
        assert_eq!(k("Fee", "Listing fee"), ("fee", "listing_fee".into()));
        assert_eq!(
            k("Fee", "Listing fee ($0.20 USD)"),
            ("fee", "listing_fee".into())
        );
        assert_eq!(
            k("Fee", "Credit for listing fee"),
            ("fee", "listing_fee".into())
        );
        assert_eq!(
            k("Fee", "Transaction fee: Shipping"),
            ("fee", "transaction_fee".into())
        );
        assert_eq!(
            k("Fee", "Credit for transaction fee on Order #5"),
            ("fee", "transaction_fee".into())
        );
        assert_eq!(k("Fee", "Processing fee"), ("fee", "processing_fee".into()));
        assert_eq!(
            k("Fee", "Share & Save refund"),
            ("fee", "share_and_save".into())
        );
        assert_eq!(k("Marketing", "Etsy Ads"), ("ad", "etsy_ads".into()));
        assert_eq!(
            k("Marketing", "Fee for sale made through Offsite Ads"),
            ("ad", "offsite_ads".into())
        );
        assert_eq!(
            k("Marketing", "Credit for Offsite Ads fee"),
            ("ad", "offsite_ads".into())
        );
        assert_eq!(
            k("Shipping", "USPS shipping label"),
            ("shipping_label", "shipping_label".into())
        );
        assert_eq!(
            k("Shipping", "USPS return shipping label"),
            ("shipping_label", "return_label".into())
        );
        assert_eq!(
            k("Shipping", "Adjustment for USPS shipping label"),
            ("shipping_label", "label_adjustment".into())
        );
        assert_eq!(
            k("Shipping", "Shipsurance Package Insurance"),
            ("shipping_label", "shipping_insurance".into())
        );
        assert_eq!(
            k("Tax", "Sales tax paid by buyer"),
            ("tax", "sales_tax".into())
        );
        assert_eq!(
            k("Tax", "Refund to buyer for sales tax"),
            ("tax", "sales_tax".into())
        );
        assert_eq!(k("Tax", "Tax: transaction"), ("tax", "tax_on_fees".into()));
        assert_eq!(
            k("VAT", "VAT: Processing Fee"),
            ("tax", "vat_on_fees".into())
        );
        assert_eq!(
            k("Buyer Fee", "Colorado Retail Delivery Fee (paid by buyer)"),
            ("tax", "retail_delivery_fee".into())
        );
        assert_eq!(
            k("Payment", "Charge for refund 123"),
            ("adjustment", "refund_charge".into())
        );
        assert_eq!(
            k("Deposit", "$1.00 sent to your bank account"),
            ("payout", "deposit".into())
        );
        assert_eq!(
            k("Fee", "Regulatory operating fee"),
            ("fee", "regulatory_operating_fee".into())
        );
        assert_eq!(
            k("Fee", "Pattern site fee: monthly"),
            ("fee", "pattern_site_fee".into())
        );
        assert_eq!(k("Mystery", "x"), ("other", "mystery".into()));
    }

    #[test]
    fn order_refs_and_statuses() {
        assert_eq!(
            order_ref("Payment for Order #3844871551").as_deref(),
            Some("3844871551")
        );
        assert_eq!(
            order_ref("order: 3672216433").as_deref(),
            Some("3672216433")
        );
        assert_eq!(order_ref("Listing #4389525816"), None);
        assert_eq!(payout_status("Executed"), Some("paid"));
        assert_eq!(payout_status("Pending"), Some("pending"));
        assert_eq!(payout_status("Failed"), Some("failed"));
        assert_eq!(payout_status("Reversed"), Some("reversed"));
        assert_eq!(payout_status("In transit"), Some("in_transit"));
        assert_eq!(payout_status("Funds sent"), Some("paid"));
        assert_eq!(payout_status("Wobbly"), None);
    }

    #[test]
    fn ids_count_identical_rows() {
        let mut ids = RowIds::new("p");
        let a = ids.digest(&["x", "y"]);
        let b = ids.digest(&["x", "y"]);
        let other = ids.digest(&["xy", ""]);
        assert!(a.starts_with("p:") && a.ends_with("#1"), "{a}");
        assert_eq!(b, a.replace("#1", "#2"));
        assert!(other.ends_with("#1"), "{other}");
        assert_ne!(&other[..18], &a[..18]);
        assert_eq!(ids.own("k".into()), "k");
        assert_eq!(ids.own("k".into()), "k#2");
        assert_eq!(
            slug("Promoted Listings - General fee"),
            "promoted_listings_general_fee"
        );
    }
}
