//! The Etsy payment account ledger (`getShopPaymentAccountLedgerEntries`, scope
//! `transactions_r`) as ledger entries and payouts, mapped as the statement importer maps the
//! same movements ([`ledger_etsy::classify`]: same kinds, same entry types).
//!
//! - **Window**: the API wants `min_created` and `max_created` (epoch seconds, both required).
//!   `min_created` is the run's `since` (2000-01-01 for a full pull); `max_created` is the time
//!   the walk began, kept in the page cursor (`<offset>:<max_created>`), so every page of one
//!   walk reads the same set of entries and offsets do not shift. `page.newest` is the newest
//!   entry's created time: the next run starts there (that entry is read again, an upsert).
//! - **Amounts** are integers in minor units of the entry's own `currency` (an entry in
//!   another currency than the shop's keeps its own); positive is money to the seller.
//! - **Orders**: entries carry no receipt id. A payment entry names its payment
//!   (`reference_type` `shop_payment`, `reference_id` = payment id), a refund its payment
//!   adjustment; one `getPaymentAccountLedgerEntryPayments` call per page (the page's entry
//!   ids) gives those payments with their `receipt_id`, the order id the orders pull stores.
//!   Timestamps cannot be used instead: an entry may be up to 60 s apart from its payment.
//! - **Payouts**: a disbursement entry (`DISBURSE`, `DISBURSE2`, …) is a `payout` entry and a
//!   payout (`payout:<entry id>`, the amount that left the balance, status `paid`). The
//!   entries it pays out are found through the running `balance`: walking back from the
//!   disbursement, each entry's balance before it (`balance - amount`) must be the balance
//!   after the one before, until the balance before an entry is the balance the disbursement
//!   left. Those entries then add up to the payout exactly and get its `payout_ref`. An entry
//!   read on an earlier page is written again with the reference; a chain with a gap (an entry
//!   of an earlier run, a resumed walk) is left unlinked, which `report payouts` lists as
//!   unlinked rather than as a difference.
//! - **Odd answers**: a `ledger_type` no rule knows is kind `other` with the type in
//!   snake_case; an entry with no amount, no time or no currency is rejected
//!   (`sync_rejects`); a 403 (the token lacks `transactions_r`) makes the resource unavailable.

use std::collections::{HashMap, HashSet};

use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;

use super::{EtsyConnector, PAGE_SIZE, Results, page_info, unix};
use crate::error::{Error, Result};
use crate::marketplaces::api::wire::item;
use crate::marketplaces::api::{Page, Reject};
use crate::marketplaces::exports::ledger_etsy::{classify as classify_statement, slug};
use crate::marketplaces::sink::{LedgerKind, LedgerRec, PayoutRec, Record, ShopKey};
use crate::money::Currency;

pub const LEDGER_OP: &str = "getShopPaymentAccountLedgerEntries";
pub const PAYMENTS_OP: &str = "getPaymentAccountLedgerEntryPayments";
const SOURCE: &str = "api:getShopPaymentAccountLedgerEntries";

/// The API's earliest `min_created` (2000-01-01).
const EPOCH_MIN: i64 = 946_684_800;

/// What a refused ledger means for the seller.
const SCOPE_HINT: &str = "the Etsy token lacks the transactions_r scope that the payment account ledger needs; sign in again with `sellkit auth login etsy` (it asks for transactions_r)";

#[derive(Debug, Deserialize)]
struct LedgerEntry {
    entry_id: u64,
    #[serde(default)]
    sequence_number: Option<i64>,
    amount: i64,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    balance: Option<i64>,
    #[serde(default)]
    create_date: Option<i64>,
    #[serde(default)]
    created_timestamp: Option<i64>,
    #[serde(default)]
    ledger_type: Option<String>,
    #[serde(default)]
    reference_type: Option<String>,
    /// A string in the spec, a number in real answers (etsy/open-api#295): either is read.
    #[serde(default)]
    reference_id: Option<Value>,
}

impl LedgerEntry {
    fn reference(&self) -> Option<String> {
        match self.reference_id.as_ref()? {
            Value::String(s) if !s.trim().is_empty() && s.trim() != "0" => {
                Some(s.trim().to_string())
            }
            Value::Number(n) if n.as_u64().is_some_and(|v| v > 0) => Some(n.to_string()),
            _ => None,
        }
    }

    fn reference_type(&self) -> String {
        self.reference_type
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    }

    /// Whether the payments join can name this entry's order.
    fn has_payment(&self) -> bool {
        let t = self
            .ledger_type
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        matches!(
            self.reference_type().as_str(),
            "shop_payment" | "payment" | "payment_adjustment"
        ) || t.starts_with("payment")
            || t.starts_with("refund")
    }
}

/// The kind and finer type of a ledger entry, from its `ledger_type` (and its description when
/// the type is empty), as the statement importer classifies the same movement.
pub fn classify(ledger_type: &str, description: &str) -> (LedgerKind, String) {
    let raw = if ledger_type.trim().is_empty() {
        description
    } else {
        ledger_type
    };
    let t = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    let has = |w: &str| t.contains(w);
    // A `<fee>_refund` is a credit of that fee, as a statement's "Credit for <fee>" row.
    let (base, credit) = match t.strip_suffix("_refund") {
        Some(b) if !b.is_empty() && !matches!(b, "payment" | "payment_gross") => {
            (b.to_string(), true)
        }
        _ => (t.clone(), false),
    };
    let statement = |kind: &str, title: &str| {
        let title = if credit {
            format!("credit for {title}")
        } else {
            title.to_string()
        };
        classify_statement(kind, &title)
    };
    if t.starts_with("disburse") || has("disbursement") {
        if has("revers") || has("return") || has("fail") {
            return (LedgerKind::Payout, "deposit_returned".into());
        }
        return statement("deposit", "");
    }
    if matches!(t.as_str(), "payment" | "payment_gross" | "shop_payment") {
        return statement("sale", "");
    }
    if matches!(
        t.as_str(),
        "refund" | "refund_gross" | "payment_refund" | "payment_adjustment"
    ) {
        return statement("refund", "");
    }
    let b = base.as_str();
    match b {
        "transaction" | "transaction_quantity" | "shipping_transaction" | "gift_wrap_fees" => {
            statement("fee", "transaction fee")
        }
        "listing" | "listing_private" | "renew_sold" | "renew_sold_auto" | "renew_expired"
        | "auto_renew_expired" => statement("fee", "listing fee"),
        _ if b.contains("processing_fee") || b == "payment_processing" => {
            statement("fee", "processing fee")
        }
        _ if b.starts_with("offsite_ads") => statement("marketing", "offsite ads"),
        _ if b.starts_with("prolist") || b.contains("etsy_ads") || b.contains("promoted") => {
            statement("marketing", "etsy ads")
        }
        _ if b.starts_with("shipping_label") || b == "postage" => {
            statement("shipping", "shipping label")
        }
        _ if b.contains("sales_tax") => statement("tax", "sales tax"),
        _ if b.starts_with("vat") => statement("vat", "vat"),
        _ if b.contains("share_save") || b.contains("share_and_save") => {
            statement("fee", "share & save")
        }
        _ if b.contains("regulatory_operating") => statement("fee", "regulatory operating fee"),
        _ if b.contains("currency_conversion") || b.contains("conversion_fee") => {
            statement("fee", "currency conversion")
        }
        _ if b.contains("subscription") || b.contains("etsy_plus") => {
            statement("fee", "subscription")
        }
        _ if b.contains("reserve") => statement("reserve", ""),
        _ if b.contains("recoup") || b.contains("bill_payment") || b.contains("card_payment") => {
            statement("payment", "")
        }
        _ if b.starts_with("misc") || b.contains("adjustment") => statement("adjustment", ""),
        _ => (LedgerKind::Other, slug(raw)),
    }
}

/// What the walk of one run remembers of its entries, to link each disbursement to the
/// entries it pays out when they come on different pages.
#[derive(Debug, Default)]
pub(super) struct Memory {
    entries: HashMap<u64, Seen>,
    /// Pages read so far in this run.
    pages: u64,
}

#[derive(Debug)]
struct Seen {
    seq: i64,
    amount: i64,
    balance: i64,
    /// The page it was read on.
    page: u64,
    /// A disbursement (a payout leaving the balance).
    payout: bool,
    rec: LedgerRec,
}

impl Memory {
    /// Links every disbursement whose chain of entries is now complete; returns the ids of
    /// the entries that got a payout reference.
    fn link(&mut self) -> Vec<u64> {
        let mut chain: Vec<(i64, u64)> = self.entries.iter().map(|(id, s)| (s.seq, *id)).collect();
        chain.sort_unstable();
        let mut linked = Vec::new();
        for i in 0..chain.len() {
            let d = &self.entries[&chain[i].1];
            if !d.payout {
                continue;
            }
            let target = d.balance;
            let Some(payout_ref) = d.rec.payout_ref.clone() else {
                continue;
            };
            let mut expect = d.balance - d.amount;
            let mut members = Vec::new();
            let mut j = i;
            let complete = loop {
                if j == 0 {
                    break false;
                }
                j -= 1;
                let e = &self.entries[&chain[j].1];
                if e.payout || e.balance != expect || e.rec.payout_ref.is_some() {
                    break false;
                }
                members.push(chain[j].1);
                expect = e.balance - e.amount;
                if expect == target {
                    break true;
                }
            };
            if !complete {
                continue;
            }
            for id in members {
                if let Some(e) = self.entries.get_mut(&id) {
                    e.rec.payout_ref = Some(payout_ref.clone());
                    linked.push(id);
                }
            }
        }
        linked
    }
}

/// A payment of the join: its receipt, by payment id and by payment adjustment id.
fn receipts_of(payments: &[Value]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for p in payments {
        let Some(receipt) = p.get("receipt_id").and_then(Value::as_u64) else {
            continue;
        };
        if let Some(id) = p.get("payment_id").and_then(Value::as_u64) {
            out.insert(format!("payment:{id}"), receipt.to_string());
        }
        for a in p
            .get("payment_adjustments")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(id) = a.get("payment_adjustment_id").and_then(Value::as_u64) {
                out.insert(format!("adjustment:{id}"), receipt.to_string());
            }
        }
    }
    out
}

/// The receipt (order) an entry belongs to, where the entry or the payments join names it.
fn order_of(e: &LedgerEntry, receipts: &HashMap<String, String>) -> Option<String> {
    let r = e.reference()?;
    match e.reference_type().as_str() {
        "shop_payment" | "payment" => receipts.get(&format!("payment:{r}")).cloned(),
        "payment_adjustment" => receipts.get(&format!("adjustment:{r}")).cloned(),
        "receipt" | "shop_receipt" => Some(r),
        _ => None,
    }
}

fn map_entry(
    shop: &ShopKey,
    e: &LedgerEntry,
    receipts: &HashMap<String, String>,
) -> Result<(LedgerRec, Option<PayoutRec>)> {
    let id = e.entry_id;
    let code = e.currency.as_deref().unwrap_or_default().trim();
    let currency = Currency::new(code).map_err(|_| {
        Error::api(format!(
            "etsy {LEDGER_OP}: entry {id} currency {code:?} is not a currency code; the answer is not what the API documents"
        ))
    })?;
    let created = e.created_timestamp.or(e.create_date).ok_or_else(|| {
        Error::api(format!(
            "etsy {LEDGER_OP}: entry {id} has neither created_timestamp nor create_date"
        ))
    })?;
    let posted_at = unix(created, &format!("ledger entry {id} created_timestamp"))?;
    let ledger_type = e.ledger_type.as_deref().unwrap_or_default();
    let description = e
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or(ledger_type)
        .to_string();
    let (kind, entry_type) = classify(ledger_type, &description);
    let payout = (kind == LedgerKind::Payout && e.amount < 0).then(|| PayoutRec {
        shop: shop.clone(),
        external_id: format!("payout:{id}"),
        paid_at: posted_at.clone(),
        amount: -e.amount,
        currency,
        status: "paid",
        original: None,
        source: SOURCE.to_string(),
    });
    let rec = LedgerRec {
        shop: shop.clone(),
        external_id: format!("entry:{id}"),
        posted_at,
        kind,
        entry_type,
        description,
        amount: e.amount,
        currency,
        order_ref: order_of(e, receipts),
        sku: None,
        payout_ref: payout.as_ref().map(|p| p.external_id.clone()),
        pending_until: None,
        fx: None,
        source: SOURCE.to_string(),
    };
    Ok((rec, payout))
}

/// `<offset>:<max_created>` → both; a cursor that does not read so starts the walk again.
fn cursor(page: Option<&str>) -> Option<(u64, i64)> {
    let (o, m) = page?.split_once(':')?;
    Some((o.parse().ok()?, m.parse().ok()?))
}

impl EtsyConnector {
    /// One page of the payment account ledger (see the module documentation).
    pub(super) async fn pull_ledger(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        let (offset, max_created) = cursor(page).unwrap_or((0, self.now.as_second()));
        let max_created = max_created.max(EPOCH_MIN);
        let min_created = match since {
            Some(s) => {
                let ts: jiff::Timestamp = s.parse().map_err(|e| {
                    Error::Other(anyhow::anyhow!("etsy: bad window start {s:?}: {e}"))
                })?;
                ts.as_second().clamp(EPOCH_MIN, max_created)
            }
            None => EPOCH_MIN,
        };
        let path = format!(
            "/v3/application/shops/{}/payment-account/ledger-entries",
            shop.external_id
        );
        let query = [
            ("min_created", min_created.to_string()),
            ("max_created", max_created.to_string()),
            ("limit", PAGE_SIZE.to_string()),
            ("offset", offset.to_string()),
        ];
        let body: Results<Value> = match self
            .get_passing(LEDGER_OP, &path, &query, &[StatusCode::FORBIDDEN])
            .await?
        {
            Ok(b) => b,
            Err(r) => {
                return Ok(Page {
                    unavailable: Some(format!(
                        "etsy {LEDGER_OP}: HTTP {}{}: {SCOPE_HINT}",
                        r.status, r.body
                    )),
                    ..Page::default()
                });
            }
        };
        let n = body.results.len() as u64;
        let ids = ["entry_id"];
        let mut rejects = Vec::new();
        let mut entries = Vec::with_capacity(body.results.len());
        for raw in &body.results {
            match item::<LedgerEntry>(LEDGER_OP, "etsy", raw, &ids) {
                Ok(e) => entries.push((raw, e)),
                Err(r) => rejects.push(r),
            }
        }
        // The payments of the page's payment and refund entries, for their receipts.
        let asked: Vec<String> = entries
            .iter()
            .filter(|(_, e)| e.has_payment())
            .map(|(_, e)| e.entry_id.to_string())
            .collect();
        let receipts = if asked.is_empty() {
            HashMap::new()
        } else {
            let path = format!(
                "/v3/application/shops/{}/payment-account/ledger-entries/payments",
                shop.external_id
            );
            let q = [("ledger_entry_ids", asked.join(","))];
            match self
                .get_passing::<Results<Value>>(PAYMENTS_OP, &path, &q, &[StatusCode::FORBIDDEN])
                .await?
            {
                Ok(p) => receipts_of(&p.results),
                Err(r) => {
                    return Ok(Page {
                        unavailable: Some(format!(
                            "etsy {PAYMENTS_OP}: HTTP {}{}: {SCOPE_HINT}",
                            r.status, r.body
                        )),
                        ..Page::default()
                    });
                }
            }
        };
        self.ledger.pages += 1;
        let this_page = self.ledger.pages;
        let mut order = Vec::with_capacity(entries.len());
        let mut payouts = Vec::new();
        let mut loose = Vec::new();
        let mut newest: Option<String> = None;
        for (raw, e) in &entries {
            let (rec, payout) = match map_entry(shop, e, &receipts) {
                Ok(m) => m,
                Err(err) => {
                    rejects.push(Reject::new(LEDGER_OP, raw, &ids, err));
                    continue;
                }
            };
            if newest.as_deref().is_none_or(|n| rec.posted_at.as_str() > n) {
                newest = Some(rec.posted_at.clone());
            }
            let is_payout = payout.is_some();
            if let Some(p) = payout {
                payouts.push(Record::Payout(p));
            }
            match (e.sequence_number, e.balance) {
                // An entry read again (an overlapping window) replaces what was remembered.
                (Some(seq), Some(balance)) => {
                    order.push(e.entry_id);
                    self.ledger.entries.insert(
                        e.entry_id,
                        Seen {
                            seq,
                            amount: e.amount,
                            balance,
                            page: this_page,
                            payout: is_payout,
                            rec,
                        },
                    );
                }
                // Without a sequence and a balance the entry cannot be placed in the chain.
                _ => loose.push(Record::Ledger(rec)),
            }
        }
        let linked: HashSet<u64> = self.ledger.link().into_iter().collect();
        let mut records = Vec::with_capacity(order.len() + loose.len() + payouts.len());
        for id in &order {
            if let Some(s) = self.ledger.entries.get(id) {
                records.push(Record::Ledger(s.rec.clone()));
            }
        }
        // Entries of earlier pages that a disbursement of this page (or this page's entries)
        // completed: written again, with their payout.
        for id in &linked {
            if let Some(s) = self.ledger.entries.get(id)
                && s.page != this_page
            {
                records.push(Record::Ledger(s.rec.clone()));
            }
        }
        // What is linked is done with; the rest waits for its disbursement.
        self.ledger.entries.retain(|id, _| !linked.contains(id));
        records.extend(loose);
        records.extend(payouts);
        let more = n == PAGE_SIZE && body.count.is_none_or(|c| offset + n < c);
        Ok(Page {
            records,
            next: more.then(|| format!("{}:{max_created}", offset + n)),
            newest,
            info: page_info(LEDGER_OP, n, more, offset, body.count),
            rejects,
            validated: 0,
            unavailable: None,
        })
    }
}

#[cfg(test)]
mod tests;
