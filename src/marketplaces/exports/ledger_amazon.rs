//! Amazon's money files as ledger entries: the settlement flat file in its older layout (typed
//! fee columns, `amazon-settlement`) and in V2 (amount-type / amount-description / amount,
//! `amazon-settlement-v2`), and the date-range transaction report (the "unified transaction"
//! CSV, US English or pt-BR below a preamble, `amazon-transactions`).
//!
//! Every non-zero amount becomes one entry (`LedgerRec`) of the kind its column and the row's
//! transaction type say; a settlement's summary row becomes its payout (`PayoutRec`, the
//! settlement id, the deposit date and total-amount) and a `payout` entry of minus that total
//! (the money leaving the Amazon balance); a transfer row of the transaction report likewise.
//!
//! Entries of one file land in one shop, the one the All Orders import fills for the same
//! marketplace ([`amazon::shop`] over the lower-cased marketplace name, such as `amazon.ca`): the
//! first Amazon marketplace the file names, else the main site of the file's currency, else
//! `--shop`. So records are kept until the end of the file, each with its own `file:line`.

use std::collections::HashMap;

use super::formats::{ColSpec, Format, Spec};
use super::ledger_ids::{Occurrences, digest, snake};
use super::parse::{self, DateStyle};
use super::{Col, Header, MapContext, Mapper, Row, RowError, amazon};
use crate::marketplaces::sink::{LedgerKind, LedgerRec, PayoutRec, Record};
use crate::money::Currency;

const fn c(key: &'static str, names: &'static [&'static str], required: bool) -> ColSpec {
    ColSpec {
        key,
        names,
        required,
    }
}

const SETTLEMENT_COLS: &[ColSpec] = &[
    c("settlement_id", &["settlement-id"], true),
    c("deposit_date", &["deposit-date"], true),
    c("total", &["total-amount"], true),
    c("currency", &["currency"], true),
    c("transaction_type", &["transaction-type"], true),
    c("order_id", &["order-id"], true),
    c("adjustment_id", &["adjustment-id"], false),
    c("shipment_id", &["shipment-id"], false),
    c("marketplace", &["marketplace-name"], false),
    c("shipment_fee_type", &["shipment-fee-type"], false),
    c("shipment_fee", &["shipment-fee-amount"], false),
    c("order_fee_type", &["order-fee-type"], false),
    c("order_fee", &["order-fee-amount"], false),
    c("posted", &["posted-date"], true),
    c("order_item", &["order-item-code"], false),
    c("adjustment_item", &["merchant-adjustment-item-id"], false),
    c("sku", &["sku"], false),
    c("price_type", &["price-type"], true),
    c("price", &["price-amount"], true),
    c("item_fee_type", &["item-related-fee-type"], true),
    c("item_fee", &["item-related-fee-amount"], true),
    c("misc_fee", &["misc-fee-amount"], false),
    c("other_fee", &["other-fee-amount"], false),
    c("other_fee_reason", &["other-fee-reason-description"], false),
    c("promotion_type", &["promotion-type"], false),
    c("promotion", &["promotion-amount"], false),
    c("direct_payment_type", &["direct-payment-type"], false),
    c("direct_payment", &["direct-payment-amount"], false),
    c("other", &["other-amount"], false),
];

pub static SETTLEMENT: Spec = Spec {
    format: Format::AmazonSettlement,
    title: "Amazon settlement flat file, older layout with typed fee columns (tab-separated)",
    channel: "amazon",
    cols: SETTLEMENT_COLS,
};

const SETTLEMENT_V2_COLS: &[ColSpec] = &[
    c("settlement_id", &["settlement-id"], true),
    c("deposit_date", &["deposit-date"], true),
    c("total", &["total-amount"], true),
    c("currency", &["currency"], true),
    c("transaction_type", &["transaction-type"], true),
    c("order_id", &["order-id"], true),
    c("adjustment_id", &["adjustment-id"], false),
    c("shipment_id", &["shipment-id"], false),
    c("marketplace", &["marketplace-name"], false),
    c("amount_type", &["amount-type"], true),
    c("amount_description", &["amount-description"], true),
    c("amount", &["amount"], true),
    c("posted", &["posted-date"], true),
    c("posted_time", &["posted-date-time"], false),
    c("order_item", &["order-item-code"], false),
    c("adjustment_item", &["merchant-adjustment-item-id"], false),
    c("sku", &["sku"], false),
];

pub static SETTLEMENT_V2: Spec = Spec {
    format: Format::AmazonSettlementV2,
    title: "Amazon settlement flat file V2 (amount-type, amount-description, amount; tab-separated)",
    channel: "amazon",
    cols: SETTLEMENT_V2_COLS,
};

const TRANSACTION_COLS: &[ColSpec] = &[
    c("date", &["date/time", "data/hora"], true),
    c(
        "settlement_id",
        &["settlement id", "id de liquidação"],
        true,
    ),
    c("type", &["type", "tipo"], true),
    c("order_id", &["order id", "id do pedido"], true),
    c("sku", &["sku"], true),
    c("description", &["description", "descrição"], true),
    c("marketplace", &["marketplace", "mercado"], false),
    c(
        "product_sales",
        &["product sales", "vendas do produto"],
        true,
    ),
    c("product_sales_tax", &["product sales tax"], false),
    c(
        "shipping_credits",
        &["shipping credits", "créditos de remessa"],
        false,
    ),
    c("shipping_credits_tax", &["shipping credits tax"], false),
    c(
        "gift_wrap",
        &["gift wrap credits", "créditos de embalagem de presente"],
        false,
    ),
    c(
        "gift_wrap_tax",
        &["giftwrap credits tax", "gift wrap credits tax"],
        false,
    ),
    c("regulatory_fee", &["Regulatory Fee"], false),
    c("regulatory_fee_tax", &["Tax On Regulatory Fee"], false),
    c(
        "promotional_rebates",
        &["promotional rebates", "descontos promocionais"],
        false,
    ),
    c(
        "promotional_rebates_tax",
        &["promotional rebates tax"],
        false,
    ),
    c("withheld_tax", &["marketplace withheld tax"], false),
    c(
        "sales_tax",
        &["sales tax collected", "imposto de vendas coletados"],
        false,
    ),
    c("facilitator_tax", &["Marketplace Facilitator Tax"], false),
    c("selling_fees", &["selling fees", "tarifas de venda"], true),
    c("fba_fees", &["fba fees", "taxas fba"], true),
    c(
        "other_fees",
        &["other transaction fees", "taxas de outras transações"],
        false,
    ),
    c("other", &["other", "outro"], false),
    c("total", &["total"], true),
    c(
        "status",
        &["Transaction status", "Status da transação"],
        false,
    ),
    c(
        "release",
        &["Transaction Release Date", "Data de liberação da transação"],
        false,
    ),
];

pub static TRANSACTIONS: Spec = Spec {
    format: Format::AmazonTransactions,
    title: "Amazon date-range transaction report (Payments > Reports Repository; US English or pt-BR)",
    channel: "amazon",
    cols: TRANSACTION_COLS,
};

/// Text without spaces, punctuation or case, for matching a source's type names.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The main Amazon site of a currency (where the currency names one site).
fn site_of(c: Currency) -> Option<&'static str> {
    Some(match c.code() {
        "USD" => "amazon.com",
        "CAD" => "amazon.ca",
        "MXN" => "amazon.com.mx",
        "BRL" => "amazon.com.br",
        "GBP" => "amazon.co.uk",
        "JPY" => "amazon.co.jp",
        "AUD" => "amazon.com.au",
        "INR" => "amazon.in",
        "SEK" => "amazon.se",
        "PLN" => "amazon.pl",
        "TRY" => "amazon.com.tr",
        "AED" => "amazon.ae",
        "SAR" => "amazon.sa",
        "SGD" => "amazon.sg",
        "EGP" => "amazon.eg",
        _ => return None,
    })
}

/// The currency of an Amazon site, where it is known.
fn currency_of_site(site: &str) -> Option<Currency> {
    let code = match site {
        "amazon.de" | "amazon.fr" | "amazon.it" | "amazon.es" | "amazon.nl" | "amazon.com.be"
        | "amazon.ie" => "EUR",
        s => [
            "USD", "CAD", "MXN", "BRL", "GBP", "JPY", "AUD", "INR", "SEK", "PLN", "TRY", "AED",
            "SAR", "SGD", "EGP",
        ]
        .into_iter()
        .find(|c| Currency::new(c).ok().and_then(site_of) == Some(s))?,
    };
    Currency::new(code).ok()
}

/// The records of one file, kept until the file names its Amazon site (or until its end) so
/// that they all land in the file's shop.
struct Held {
    file: String,
    fallback_shop: String,
    marketplace: Option<String>,
    records: Vec<Record>,
    ids: Occurrences,
}

impl Held {
    fn new(ctx: &MapContext) -> Held {
        Held {
            file: ctx.file.clone(),
            fallback_shop: ctx.shop.clone(),
            marketplace: None,
            records: Vec::new(),
            ids: Occurrences::default(),
        }
    }

    fn source(&self, row: &Row<'_>) -> String {
        format!("{}:{}", self.file, row.line)
    }

    /// Notes the file's marketplace: the first Amazon site a row names (`Non-Amazon CA`, the
    /// multi-channel orders, is not one).
    fn marketplace(&mut self, name: &str) {
        let m = name.trim().to_lowercase();
        if self.marketplace.is_none() && m.starts_with("amazon.") {
            self.marketplace = Some(m);
        }
    }

    /// Once the file's marketplace is known, what is held so far goes out, and every later
    /// record with it: memory stays flat however long the file is.
    fn stream(&mut self, out: &mut Vec<Record>) {
        if self.marketplace.is_some() {
            self.flush(out);
        }
    }

    fn flush(&mut self, out: &mut Vec<Record>) {
        let mut records = std::mem::take(&mut self.records);
        let first_currency = records.iter().find_map(|r| match r {
            Record::Ledger(e) => Some(e.currency),
            Record::Payout(p) => Some(p.currency),
            _ => None,
        });
        let store = self
            .marketplace
            .clone()
            .or_else(|| first_currency.and_then(site_of).map(str::to_string))
            .unwrap_or_else(|| self.fallback_shop.clone());
        for r in &mut records {
            match r {
                Record::Ledger(e) => e.shop = amazon::shop(&store, e.currency),
                Record::Payout(p) => p.shop = amazon::shop(&store, p.currency),
                _ => {}
            }
        }
        out.append(&mut records);
    }
}

/// What the entries of one row share.
struct Base {
    posted_at: String,
    currency: Currency,
    order_ref: Option<String>,
    sku: Option<String>,
    payout_ref: Option<String>,
    pending_until: Option<String>,
    source: String,
}

impl Base {
    fn entry(
        &self,
        external_id: String,
        (kind, entry_type): (LedgerKind, String),
        description: String,
        amount: i64,
    ) -> Record {
        Record::Ledger(LedgerRec {
            // The shop is set when the file's records are flushed.
            shop: amazon::shop("", self.currency),
            external_id,
            posted_at: self.posted_at.clone(),
            kind,
            entry_type,
            description,
            amount,
            currency: self.currency,
            order_ref: self.order_ref.clone(),
            sku: self.sku.clone(),
            payout_ref: self.payout_ref.clone(),
            pending_until: self.pending_until.clone(),
            fx: None,
            source: self.source.clone(),
        })
    }
}

/// Where in a settlement row an amount is: the older layout's column, or V2's amount-type (the
/// Finances API's lists map onto the same places).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Price,
    ItemFee,
    ShipmentFee,
    OrderFee,
    MiscFee,
    OtherFee,
    Promotion,
    DirectPayment,
    Withheld,
    Other,
}

fn is_refund(t: &str) -> bool {
    t.starts_with("refund")
        || t.starts_with("chargeback")
        || t.contains("guaranteeclaim")
        || t == "reembolso"
}

/// FBA inventory reimbursements and other corrections: `WAREHOUSE_DAMAGE`,
/// `REVERSAL_REIMBURSEMENT`, `MISSING_FROM_INBOUND`, retrocharges.
fn is_correction(txn: &str) -> bool {
    let t = squash(txn);
    (txn.contains('_') && !txn.chars().any(char::is_lowercase))
        || t.contains("reimburs")
        || t.contains("retrocharge")
        || t.contains("adjustment")
}

fn fee_type(sub: &str, default: &str) -> String {
    let s = squash(sub);
    if s.is_empty() {
        default.to_string()
    } else if s == "commission" {
        "referral_fee".into()
    } else if s.contains("fulfillmentfee")
        || s.contains("fulfilmentfee")
        || s.contains("weightbased")
    {
        "fba_fulfilment".into()
    } else if s.contains("storage") {
        "storage".into()
    } else if s.contains("transportation") || s.contains("inbound") {
        "inbound_transport".into()
    } else {
        snake(sub)
    }
}

/// The kind and type of a settlement amount, from the row's transaction-type, where the amount
/// is, and the type that names it (price-type, fee type, amount-description).
pub(crate) fn classify(txn: &str, slot: Slot, sub: &str) -> (LedgerKind, String) {
    use LedgerKind as K;
    let t = squash(txn);
    let s = squash(sub);
    if s == "costofadvertising" || t == "costofadvertising" {
        return (K::Ad, "advertising".into());
    }
    match slot {
        Slot::OtherFee if s == "taxamount" => return (K::Tax, "tax_on_fees".into()),
        Slot::Withheld => {
            return (K::Tax, fee_type(sub, "marketplace_withheld_tax"));
        }
        Slot::Price | Slot::Promotion if s.contains("tax") => return (K::Tax, snake(sub)),
        _ => {}
    }
    let fixed = match t.as_str() {
        // The seller's card paid Amazon what the balance owed.
        "successfulcharge" => Some((K::Adjustment, "charged_to_card")),
        "payabletoamazon" => Some((K::Adjustment, "payable_to_amazon")),
        "failedcharge" => Some((K::Adjustment, "failed_charge")),
        "microdeposit" => Some((K::Adjustment, "micro_deposit")),
        "subscriptionfee" | "subscription" => Some((K::Fee, "subscription")),
        "inboundtransportationfee" | "fbainboundtransportationcharge" => {
            Some((K::Fee, "inbound_transport"))
        }
        _ => None,
    };
    if let Some((k, ty)) = fixed {
        return (k, ty.to_string());
    }
    if t.contains("reserve") {
        return (K::Reserve, snake(txn));
    }
    if t.contains("storage") {
        return (K::Fee, "storage".into());
    }
    if is_correction(txn) {
        return (K::Adjustment, snake(txn));
    }
    let money_back = if is_refund(&t) { K::Refund } else { K::Sale };
    match slot {
        Slot::Price => (
            money_back,
            if s.is_empty() {
                "principal".into()
            } else {
                snake(sub)
            },
        ),
        Slot::Promotion => (money_back, "promotion".into()),
        Slot::ItemFee => (K::Fee, fee_type(sub, "item_fee")),
        Slot::ShipmentFee => (K::Fee, fee_type(sub, "shipment_fee")),
        Slot::OrderFee => (K::Fee, fee_type(sub, "order_fee")),
        Slot::MiscFee => (K::Fee, "misc_fee".into()),
        Slot::OtherFee => (K::Fee, fee_type(sub, "other_fee")),
        Slot::DirectPayment => (
            K::Adjustment,
            if s.is_empty() {
                "direct_payment".into()
            } else {
                snake(sub)
            },
        ),
        Slot::Withheld => (K::Tax, "marketplace_withheld_tax".into()),
        Slot::Other => match t.as_str() {
            "servicefee" => (K::Fee, fee_type(sub, "service_fee")),
            "order" => (K::Sale, "other".into()),
            "" | "othertransaction" => (K::Other, fee_type(sub, "other")),
            _ if money_back == K::Refund => (K::Refund, "other".into()),
            _ => (K::Other, snake(txn)),
        },
    }
}

fn v2_slot(amount_type: &str) -> Slot {
    match squash(amount_type).as_str() {
        "itemprice" => Slot::Price,
        "itemfees" | "itemfee" => Slot::ItemFee,
        "promotion" => Slot::Promotion,
        "itemwithheldtax" => Slot::Withheld,
        "shipmentfees" | "shipmentfee" => Slot::ShipmentFee,
        "orderfees" | "orderfee" => Slot::OrderFee,
        "directpayment" => Slot::DirectPayment,
        _ => Slot::Other,
    }
}

/// The columns both settlement layouts have.
struct SettlementCols {
    settlement_id: Col,
    deposit: Col,
    total: Col,
    currency: Col,
    txn: Col,
    order_id: Col,
    adjustment_id: Col,
    shipment_id: Col,
    marketplace: Col,
    posted: Col,
    order_item: Col,
    adjustment_item: Col,
    sku: Col,
}

impl SettlementCols {
    fn new(h: &Header, f: Format) -> SettlementCols {
        SettlementCols {
            settlement_id: h.col(f, "settlement_id"),
            deposit: h.col(f, "deposit_date"),
            total: h.col(f, "total"),
            currency: h.col(f, "currency"),
            txn: h.col(f, "transaction_type"),
            order_id: h.col(f, "order_id"),
            adjustment_id: h.col(f, "adjustment_id"),
            shipment_id: h.col(f, "shipment_id"),
            marketplace: h.col(f, "marketplace"),
            posted: h.col(f, "posted"),
            order_item: h.col(f, "order_item"),
            adjustment_item: h.col(f, "adjustment_item"),
            sku: h.col(f, "sku"),
        }
    }
}

/// An amount column of the older layout, with the column naming its type.
struct Typed {
    amount: Col,
    kind: Option<Col>,
    slot: Slot,
    label: &'static str,
}

/// How an amount's description names where it is, when its type alone does not say.
fn slot_word(slot: Slot) -> &'static str {
    match slot {
        Slot::Promotion => "promotion",
        Slot::MiscFee => "misc fee",
        Slot::DirectPayment => "direct payment",
        _ => "",
    }
}

enum Layout {
    /// The older layout: an amount column per kind of amount.
    Typed(Vec<Typed>),
    /// V2: one amount per row, named by amount-type and amount-description.
    V2 {
        amount_type: Col,
        description: Col,
        amount: Col,
        posted_time: Col,
    },
}

/// Both settlement layouts.
pub struct SettlementMapper {
    c: SettlementCols,
    layout: Layout,
    /// The currency of each settlement, from its summary row.
    currencies: HashMap<String, Currency>,
    held: Held,
}

impl SettlementMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> SettlementMapper {
        let f = Format::AmazonSettlement;
        let t = |amount: &str, kind: Option<&str>, slot: Slot, label: &'static str| Typed {
            amount: h.col(f, amount),
            kind: kind.map(|k| h.col(f, k)),
            slot,
            label,
        };
        SettlementMapper {
            c: SettlementCols::new(h, f),
            layout: Layout::Typed(vec![
                t("price", Some("price_type"), Slot::Price, "price-amount"),
                t(
                    "item_fee",
                    Some("item_fee_type"),
                    Slot::ItemFee,
                    "item-related-fee-amount",
                ),
                t(
                    "shipment_fee",
                    Some("shipment_fee_type"),
                    Slot::ShipmentFee,
                    "shipment-fee-amount",
                ),
                t(
                    "order_fee",
                    Some("order_fee_type"),
                    Slot::OrderFee,
                    "order-fee-amount",
                ),
                t("misc_fee", None, Slot::MiscFee, "misc-fee-amount"),
                t(
                    "other_fee",
                    Some("other_fee_reason"),
                    Slot::OtherFee,
                    "other-fee-amount",
                ),
                t(
                    "promotion",
                    Some("promotion_type"),
                    Slot::Promotion,
                    "promotion-amount",
                ),
                t(
                    "direct_payment",
                    Some("direct_payment_type"),
                    Slot::DirectPayment,
                    "direct-payment-amount",
                ),
                t("other", None, Slot::Other, "other-amount"),
            ]),
            currencies: HashMap::new(),
            held: Held::new(ctx),
        }
    }

    pub fn new_v2(h: &Header, ctx: &MapContext) -> SettlementMapper {
        let f = Format::AmazonSettlementV2;
        SettlementMapper {
            c: SettlementCols::new(h, f),
            layout: Layout::V2 {
                amount_type: h.col(f, "amount_type"),
                description: h.col(f, "amount_description"),
                amount: h.col(f, "amount"),
                posted_time: h.col(f, "posted_time"),
            },
            currencies: HashMap::new(),
            held: Held::new(ctx),
        }
    }

    /// The summary row: the settlement's payout, and the entry that moves it out of the balance.
    fn summary(&mut self, row: &Row<'_>, sid: &str) -> Result<(), RowError> {
        let c = &self.c;
        let cur_text = row.req(c.currency)?;
        let currency = Currency::new(cur_text).map_err(|e| row.err(c.currency, e.to_string()))?;
        let total = row.money(c.total, currency)?;
        let deposit = day_or_instant(row, c.deposit)?;
        self.currencies.insert(sid.to_string(), currency);
        let source = self.held.source(row);
        self.held.records.push(Record::Payout(PayoutRec {
            shop: amazon::shop("", currency),
            external_id: sid.to_string(),
            paid_at: deposit.clone(),
            amount: total,
            currency,
            status: "paid",
            original: None,
            source: source.clone(),
        }));
        let base = Base {
            posted_at: deposit,
            currency,
            order_ref: None,
            sku: None,
            payout_ref: Some(sid.to_string()),
            pending_until: None,
            source,
        };
        let id = self.held.ids.next(format!("{sid}:payout"));
        self.held.records.push(base.entry(
            id,
            (LedgerKind::Payout, "settlement".into()),
            format!("Settlement {sid}: total-amount paid out"),
            -total,
        ));
        Ok(())
    }
}

/// A date cell as stored: `YYYY-MM-DD` when it has no time of day, else RFC 3339 UTC.
fn day_or_instant(row: &Row<'_>, col: Col) -> Result<String, RowError> {
    let stored = row.date(col, DateStyle::Settlement)?;
    Ok(if row.get(col).contains(':') {
        stored
    } else {
        stored[..10].to_string()
    })
}

impl Mapper for SettlementMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        self.read(row)?;
        self.held.stream(out);
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<Record>) {
        self.held.flush(out);
    }
}

impl SettlementMapper {
    fn read(&mut self, row: &Row<'_>) -> Result<(), RowError> {
        let c = &self.c;
        let sid = row.req(c.settlement_id)?.to_string();
        if row.opt(c.total).is_some() {
            return self.summary(row, &sid);
        }
        let currency = match row.opt(c.currency) {
            Some(t) => Currency::new(t).map_err(|e| row.err(c.currency, e.to_string()))?,
            None => self.currencies.get(&sid).copied().ok_or_else(|| {
                row.err(
                    c.settlement_id,
                    format!(
                        "settlement {sid} has no summary row (with total-amount and currency) above this row, so its currency is unknown: is the file's first row missing?"
                    ),
                )
            })?,
        };
        let txn = row.get(c.txn).to_string();
        // Every amount of the row is read before any entry is made: one bad cell rejects the row.
        let mut amounts: Vec<(Slot, String, &'static str, String, i64)> = Vec::new();
        let posted = match &self.layout {
            Layout::Typed(cols) => {
                for t in cols {
                    if row.opt(t.amount).is_none() {
                        continue;
                    }
                    let v = row.money(t.amount, currency)?;
                    let sub = t.kind.map(|k| row.get(k)).unwrap_or("").to_string();
                    amounts.push((t.slot, txn.clone(), t.label, sub, v));
                }
                day_or_instant(row, c.posted)?
            }
            Layout::V2 {
                amount_type,
                description,
                amount,
                posted_time,
            } => {
                let at = row.get(*amount_type);
                let desc = row.get(*description);
                if row.opt(*amount).is_some() {
                    let v = row.money(*amount, currency)?;
                    let slot = v2_slot(at);
                    let t = squash(&txn);
                    // Amounts V2 files name by their description alone ("other-transaction":
                    // Subscription Fee, Storage Fee, reserves; FBA Inventory Reimbursement:
                    // WAREHOUSE_DAMAGE, ...) are classified by it.
                    let (eff, sub) = if slot != Slot::Other || squash(at) == "costofadvertising" {
                        (txn.clone(), desc.to_string())
                    } else if t.is_empty()
                        || t == "othertransaction"
                        || squash(at).contains("reimbursement")
                    {
                        (
                            if desc.is_empty() {
                                txn.clone()
                            } else {
                                desc.to_string()
                            },
                            desc.to_string(),
                        )
                    } else {
                        (txn.clone(), desc.to_string())
                    };
                    amounts.push((slot, eff, "", format!("{at}:{sub}"), v));
                }
                match row.opt(*posted_time) {
                    Some(_) => day_or_instant(row, *posted_time)?,
                    None => day_or_instant(row, c.posted)?,
                }
            }
        };
        self.held.marketplace(row.get(c.marketplace));
        let own: Vec<&str> = [
            c.shipment_id,
            c.adjustment_id,
            c.order_item,
            c.adjustment_item,
        ]
        .into_iter()
        .filter_map(|col| row.opt(col))
        .collect();
        // Rows without an id of their own (subscription fees, charges to the card, ads) are
        // named by their cells.
        let row_key = if own.is_empty() {
            format!("{sid}:{}", digest(row.rec.iter()))
        } else {
            format!("{sid}:{txn}:{}", own.join("/"))
        };
        let base = Base {
            posted_at: posted,
            currency,
            order_ref: row.opt(c.order_id).map(str::to_string),
            sku: row.opt(c.sku).map(str::to_string),
            payout_ref: Some(sid.clone()),
            pending_until: None,
            source: self.held.source(row),
        };
        for (slot, eff, label, sub, v) in amounts {
            if v == 0 {
                continue;
            }
            // V2 carries "amount-type:amount-description" in `sub`.
            let (key, kind, description) = if label.is_empty() {
                let (at, desc) = sub.split_once(':').unwrap_or(("", &sub));
                let named = if squash(at) == "costofadvertising" {
                    at
                } else {
                    desc
                };
                (
                    format!("{row_key}:{sub}"),
                    classify(&eff, slot, named),
                    describe(&txn, &[at, desc]),
                )
            } else {
                let key = if sub.is_empty() {
                    format!("{row_key}:{label}")
                } else {
                    format!("{row_key}:{label}:{sub}")
                };
                (
                    key,
                    classify(&eff, slot, &sub),
                    describe(&txn, &[&[slot_word(slot), sub.as_str()].join(" ")]),
                )
            };
            let id = self.held.ids.next(key);
            self.held.records.push(base.entry(id, kind, description, v));
        }
        Ok(())
    }
}

/// `Order: Principal`, `ServiceFee: Cost of Advertising`, `Subscription Fee`.
fn describe(txn: &str, parts: &[&str]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty() && *p != txn)
        .collect();
    match (txn.is_empty(), parts.is_empty()) {
        (true, true) => "settlement amount".into(),
        (true, false) => parts.join(": "),
        (false, true) => txn.to_string(),
        (false, false) => format!("{txn}: {}", parts.join(": ")),
    }
}

/// HTML character references in report text (`S&atilde;o Jos&eacute;`): named ones for the
/// Latin letters and marks such reports use, and numeric ones.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", "\u{a0}"),
        ("ordm", "º"),
        ("ordf", "ª"),
        ("deg", "°"),
        ("szlig", "ß"),
        ("euro", "€"),
        ("pound", "£"),
        ("reg", "®"),
        ("copy", "©"),
        ("trade", "™"),
        ("ndash", "–"),
        ("mdash", "—"),
    ];
    // Letters with a mark: `&atilde;` = a + tilde.
    const MARKS: &[(&str, char)] = &[
        ("grave", '\u{300}'),
        ("acute", '\u{301}'),
        ("circ", '\u{302}'),
        ("tilde", '\u{303}'),
        ("uml", '\u{308}'),
        ("ring", '\u{30a}'),
        ("cedil", '\u{327}'),
    ];
    let compose = |base: char, mark: char| -> Option<char> {
        const TABLE: &[(char, char, char)] = &[
            ('a', '\u{300}', 'à'),
            ('a', '\u{301}', 'á'),
            ('a', '\u{302}', 'â'),
            ('a', '\u{303}', 'ã'),
            ('a', '\u{308}', 'ä'),
            ('a', '\u{30a}', 'å'),
            ('e', '\u{300}', 'è'),
            ('e', '\u{301}', 'é'),
            ('e', '\u{302}', 'ê'),
            ('e', '\u{308}', 'ë'),
            ('i', '\u{300}', 'ì'),
            ('i', '\u{301}', 'í'),
            ('i', '\u{302}', 'î'),
            ('i', '\u{308}', 'ï'),
            ('o', '\u{300}', 'ò'),
            ('o', '\u{301}', 'ó'),
            ('o', '\u{302}', 'ô'),
            ('o', '\u{303}', 'õ'),
            ('o', '\u{308}', 'ö'),
            ('u', '\u{300}', 'ù'),
            ('u', '\u{301}', 'ú'),
            ('u', '\u{302}', 'û'),
            ('u', '\u{308}', 'ü'),
            ('n', '\u{303}', 'ñ'),
            ('c', '\u{327}', 'ç'),
            ('y', '\u{301}', 'ý'),
            ('y', '\u{308}', 'ÿ'),
        ];
        let lower = base.to_ascii_lowercase();
        let found = TABLE
            .iter()
            .find(|(b, m, _)| *b == lower && *m == mark)
            .map(|(_, _, c)| *c)?;
        Some(if base.is_ascii_uppercase() {
            found.to_uppercase().next().unwrap_or(found)
        } else {
            found
        })
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(j, _)| j);
        let decoded = end.and_then(|j| {
            let name = &after[..j];
            if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                return code.and_then(char::from_u32).map(|c| (c.to_string(), j));
            }
            if let Some((_, v)) = NAMED.iter().find(|(n, _)| *n == name) {
                return Some((v.to_string(), j));
            }
            let mut chars = name.chars();
            let base = chars.next().filter(char::is_ascii_alphabetic)?;
            let mark_name = chars.as_str();
            let mark = MARKS.iter().find(|(n, _)| *n == mark_name)?.1;
            compose(base, mark).map(|c| (c.to_string(), j))
        });
        match decoded {
            Some((s, j)) => {
                out.push_str(&s);
                rest = &after[j + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a row of the transaction report is, by its type ("tipo").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowClass {
    Order,
    Refund,
    Adjustment,
    Transfer,
    FbaInventoryFee,
    ServiceFee,
    ShippingServices,
    Other,
}

fn row_class(typ: &str) -> RowClass {
    let t = squash(typ);
    match t.as_str() {
        "order" | "pedido" | "liquidations" => RowClass::Order,
        "refund" | "reembolso" | "chargebackrefund" | "atozguaranteeclaim" => RowClass::Refund,
        "adjustment"
        | "ajuste"
        | "feeadjustment"
        | "liquidationsadjustments"
        | "safetreimbursement"
        | "retrocharge"
        | "orderretrocharge"
        | "debt" => RowClass::Adjustment,
        "transfer" | "transferir" => RowClass::Transfer,
        "fbainventoryfee" | "taxadeestoquefba" | "fbacustomerreturnfee" => {
            RowClass::FbaInventoryFee
        }
        "servicefee"
        | "taxadeserviço"
        | "amazonfees"
        | "dealfee"
        | "lightningdealfee"
        | "couponredemptionfee"
        | "primeexclusivediscountfee" => RowClass::ServiceFee,
        "shippingservices" | "serviçosdeenvio" => RowClass::ShippingServices,
        _ => RowClass::Other,
    }
}

/// A money column of the transaction report and what it holds.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// What the buyer paid (a sale; on refund rows, money given back).
    Sales(&'static str),
    Tax(&'static str),
    Fee(&'static str),
    /// "other transaction fees" and "other": their kind follows the row's type.
    OtherFees,
    Other,
}

const PARTS: &[(&str, Part)] = &[
    ("product_sales", Part::Sales("product_sales")),
    ("product_sales_tax", Part::Tax("product_sales_tax")),
    ("shipping_credits", Part::Sales("shipping_credits")),
    ("shipping_credits_tax", Part::Tax("shipping_credits_tax")),
    ("gift_wrap", Part::Sales("gift_wrap_credits")),
    ("gift_wrap_tax", Part::Tax("gift_wrap_credits_tax")),
    ("regulatory_fee", Part::Fee("regulatory_fee")),
    ("regulatory_fee_tax", Part::Tax("tax_on_regulatory_fee")),
    ("promotional_rebates", Part::Sales("promotional_rebates")),
    (
        "promotional_rebates_tax",
        Part::Tax("promotional_rebates_tax"),
    ),
    ("withheld_tax", Part::Tax("marketplace_withheld_tax")),
    ("sales_tax", Part::Tax("sales_tax_collected")),
    ("facilitator_tax", Part::Tax("marketplace_facilitator_tax")),
    ("selling_fees", Part::Fee("referral_fee")),
    ("fba_fees", Part::Fee("fba_fulfilment")),
    ("other_fees", Part::OtherFees),
    ("other", Part::Other),
];

/// An FBA inventory fee row's type, from its description.
fn inventory_fee_type(description: &str) -> &'static str {
    let d = squash(description);
    if d.contains("armazenagem") || d.contains("storage") {
        "storage"
    } else if d.contains("removal") || d.contains("disposal") || d.contains("devoluçãodeinvent") {
        "removal"
    } else if d.contains("transportadora") || d.contains("inbound") || d.contains("carrier") {
        "inbound_transport"
    } else if d.contains("customerreturn") {
        "customer_return"
    } else {
        "storage"
    }
}

fn is_ad(description: &str) -> bool {
    let d = squash(description);
    d.contains("advertising") || d.contains("publicidade") || d.contains("anúncio")
}

/// The kind and type of one amount of a transaction report row.
fn transaction_kind(
    class: RowClass,
    part: Part,
    typ: &str,
    description: &str,
) -> (LedgerKind, String) {
    use LedgerKind as K;
    let own = |k: K, t: &str| (k, t.to_string());
    match part {
        Part::Sales(t) if class == RowClass::Refund => own(K::Refund, t),
        Part::Sales(t) => own(K::Sale, t),
        Part::Tax(t) => own(K::Tax, t),
        Part::Fee(t) => own(K::Fee, t),
        Part::OtherFees | Part::Other => match class {
            RowClass::Transfer => own(K::Payout, "transfer"),
            RowClass::Adjustment => (
                K::Adjustment,
                match squash(typ).as_str() {
                    "adjustment" | "ajuste" => "adjustment".into(),
                    _ => snake(typ),
                },
            ),
            RowClass::FbaInventoryFee => own(K::Fee, inventory_fee_type(description)),
            RowClass::ServiceFee if is_ad(description) => own(K::Ad, "advertising"),
            RowClass::ServiceFee => {
                let d = squash(description);
                if d.contains("subscription") || d.contains("assinatura") {
                    own(K::Fee, "subscription")
                } else if matches!(squash(typ).as_str(), "servicefee" | "taxadeserviço") {
                    own(K::Fee, "service_fee")
                } else {
                    (K::Fee, snake(typ))
                }
            }
            RowClass::ShippingServices => own(K::ShippingLabel, "shipping_label"),
            _ if matches!(part, Part::OtherFees) => own(K::Fee, "other"),
            RowClass::Refund => own(K::Refund, "other"),
            RowClass::Order => own(K::Other, "other"),
            RowClass::Other => (K::Other, snake(typ)),
        },
    }
}

struct TransactionCols {
    date: Col,
    settlement_id: Col,
    typ: Col,
    order_id: Col,
    sku: Col,
    description: Col,
    marketplace: Col,
    total: Col,
    status: Col,
    release: Col,
    /// The money columns the header has, with their keys.
    parts: Vec<(Col, Part, &'static str)>,
}

/// The date-range transaction report.
pub struct TransactionsMapper {
    c: TransactionCols,
    /// pt-BR: decimal commas, Portuguese headers, amounts in BRL.
    decimal_comma: bool,
    currency: Currency,
    held: Held,
}

impl TransactionsMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> TransactionsMapper {
        let f = Format::AmazonTransactions;
        let pt = h.find(&["data/hora"]).is_some();
        TransactionsMapper {
            c: TransactionCols {
                date: h.col(f, "date"),
                settlement_id: h.col(f, "settlement_id"),
                typ: h.col(f, "type"),
                order_id: h.col(f, "order_id"),
                sku: h.col(f, "sku"),
                description: h.col(f, "description"),
                marketplace: h.col(f, "marketplace"),
                total: h.col(f, "total"),
                status: h.col(f, "status"),
                release: h.col(f, "release"),
                parts: PARTS
                    .iter()
                    .map(|(key, part)| (h.col(f, key), *part, *key))
                    .filter(|(col, _, _)| col.0.is_some())
                    .collect(),
            },
            decimal_comma: pt,
            // The pt-BR report is in reais ("Todas as quantias em BRL"); the English one names
            // no currency: --currency (USD by default), checked against each row's marketplace.
            currency: if pt {
                Currency::new("BRL").unwrap_or(ctx.currency)
            } else {
                ctx.currency
            },
            held: Held::new(ctx),
        }
    }

    fn money(&self, row: &Row<'_>, col: Col) -> Result<i64, RowError> {
        if row.get(col).is_empty() {
            return Ok(0);
        }
        if self.decimal_comma {
            parse::amount_decimal_comma(row.get(col), self.currency).map_err(|e| row.err(col, e))
        } else {
            row.money(col, self.currency)
        }
    }

    fn show(&self, minor: i64) -> String {
        let s = crate::money::Money::new(minor, self.currency).decimal_string();
        if self.decimal_comma {
            s.replace('.', ",")
        } else {
            s
        }
    }
}

impl Mapper for TransactionsMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        self.read(row)?;
        self.held.stream(out);
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<Record>) {
        self.held.flush(out);
    }
}

impl TransactionsMapper {
    fn read(&mut self, row: &Row<'_>) -> Result<(), RowError> {
        let c = &self.c;
        let posted = row.date(c.date, DateStyle::Spelled)?;
        let typ = decode_entities(row.get(c.typ));
        let class = row_class(&typ);
        let description = decode_entities(row.get(c.description));
        let marketplace = row.get(c.marketplace).to_lowercase();
        if let Some(cur) = currency_of_site(&marketplace)
            && cur != self.currency
        {
            return Err(row.err(
                c.marketplace,
                format!(
                    "is {marketplace}, whose money is {cur}, but the file is read as {}: pass --currency {cur}",
                    self.currency
                ),
            ));
        }
        let mut amounts: Vec<(&'static str, Part, i64)> = Vec::with_capacity(c.parts.len());
        for (col, part, key) in &c.parts {
            amounts.push((*key, *part, self.money(row, *col)?));
        }
        let total = row.req(c.total).and_then(|_| self.money(row, c.total))?;
        let sum: i64 = amounts.iter().map(|(_, _, v)| v).sum();
        if sum != total {
            return Err(row.err(
                c.total,
                format!(
                    "is {} but the row's amounts add up to {}: a cell was edited, or a column is missing from the header",
                    self.show(total),
                    self.show(sum)
                ),
            ));
        }
        let status = squash(row.get(c.status));
        let deferred = status.contains("defer") || status.contains("diferido");
        let release = if deferred {
            row.date_opt(c.release, DateStyle::Spelled)?
        } else {
            None
        };
        self.held.marketplace(&marketplace);
        let sid = row.get(c.settlement_id).to_string();
        // The status and release date change when deferred money is released: the same
        // transaction read again later keeps its id.
        let cells = row
            .rec
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != c.status.0 && Some(*i) != c.release.0)
            .map(|(_, v)| v);
        let row_key = self.held.ids.next(format!("{sid}:{}", digest(cells)));
        let source = self.held.source(row);
        let base = Base {
            posted_at: posted.clone(),
            currency: self.currency,
            order_ref: row.opt(c.order_id).map(str::to_string),
            sku: row.opt(c.sku).map(str::to_string),
            payout_ref: (!sid.is_empty()).then(|| sid.clone()),
            pending_until: deferred.then(|| release.unwrap_or_default()),
            source: source.clone(),
        };
        let shown = if description.is_empty() {
            typ.clone()
        } else {
            format!("{typ}: {description}")
        };
        for (name, part, v) in amounts {
            if v == 0 {
                continue;
            }
            self.held.records.push(base.entry(
                format!("{row_key}:{name}"),
                transaction_kind(class, part, &typ, &description),
                shown.clone(),
                v,
            ));
        }
        if class == RowClass::Transfer && total != 0 {
            self.held.records.push(Record::Payout(PayoutRec {
                shop: amazon::shop("", self.currency),
                external_id: row_key,
                paid_at: posted,
                amount: -total,
                currency: self.currency,
                status: if deferred { "pending" } else { "paid" },
                original: None,
                source,
            }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("S&atilde;o Jos&eacute; dos Campos"),
            "São José dos Campos"
        );
        assert_eq!(decode_entities("F&amp;s &Ccedil;&#227;&#x41;"), "F&s ÇãA");
        assert_eq!(decode_entities("Mundo F&s"), "Mundo F&s");
        assert_eq!(decode_entities("a & b &unknown; c"), "a & b &unknown; c");
    }

    #[test]
    fn settlement_amounts_classify() {
        use LedgerKind as K;
        let k = |t: &str, s: Slot, sub: &str| classify(t, s, sub);
        assert_eq!(
            k("Order", Slot::Price, "Principal"),
            (K::Sale, "principal".into())
        );
        assert_eq!(
            k("Refund", Slot::Price, "Principal"),
            (K::Refund, "principal".into())
        );
        assert_eq!(
            k("Order", Slot::ItemFee, "Commission"),
            (K::Fee, "referral_fee".into())
        );
        assert_eq!(
            k("Order", Slot::ItemFee, "FBAPerUnitFulfillmentFee"),
            (K::Fee, "fba_fulfilment".into())
        );
        assert_eq!(
            k("ServiceFee", Slot::ItemFee, "Cost of Advertising"),
            (K::Ad, "advertising".into())
        );
        assert_eq!(
            k("ServiceFee", Slot::OtherFee, "TaxAmount"),
            (K::Tax, "tax_on_fees".into())
        );
        assert_eq!(
            k("Successful charge", Slot::Other, ""),
            (K::Adjustment, "charged_to_card".into())
        );
        assert_eq!(
            k("Subscription Fee", Slot::Other, ""),
            (K::Fee, "subscription".into())
        );
        assert_eq!(
            k("Inbound Transportation Fee", Slot::Other, ""),
            (K::Fee, "inbound_transport".into())
        );
        assert_eq!(
            k("WAREHOUSE_DAMAGE", Slot::Other, ""),
            (K::Adjustment, "warehouse_damage".into())
        );
        assert_eq!(
            k("Previous Reserve Amount Balance", Slot::Other, ""),
            (K::Reserve, "previous_reserve_amount_balance".into())
        );
        assert_eq!(
            k("Order", Slot::Promotion, "Shipping"),
            (K::Sale, "promotion".into())
        );
        assert_eq!(k("Order", Slot::Price, "Tax"), (K::Tax, "tax".into()));
    }
}
