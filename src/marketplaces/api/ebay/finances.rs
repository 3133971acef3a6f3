//! eBay Sell Finances v1 (host `apiz.ebay.com`): the ledger resource, money movements
//! (getTransactions) then payouts (getPayouts), mapped like the eBay transaction report
//! (`exports::ledger_ebay`) so that the same movement gets the same kind and type either way.
//!
//! - A **sale** or **refund** is split: its gross (`sale` / `refund`) and one `fee` entry per
//!   line of `orderLineItems[].marketplaceFees[]` (`AD_FEE` is `ad`), or one of
//!   `totalFeeAmount` when no line says more. The gross is what makes the entries add up to the
//!   transaction's `amount`, the net eBay books to the balance. Amounts in another currency than
//!   the transaction's (a conversion) are one entry of the net, not split.
//! - Other types take the file's shapes: SHIPPING_LABEL → `shipping_label`, NON_SALE_CHARGE →
//!   `ad` (AD_FEE) or `fee` typed after its feeType, DISPUTE / CREDIT / ADJUSTMENT / TRANSFER /
//!   LOAN_REPAYMENT → `adjustment`, WITHDRAWAL → `payout`, any other type → `other`.
//! - `bookingEntry` (CREDIT / DEBIT) gives the sign; the payout id links an entry to its payout.
//! - Each payout is a `payout` (what reached the bank) and a `payout` entry of minus that amount.
//!
//! **Ids**: `txn:<type>:<transactionId>` (eBay says a transaction id is unique only together
//! with its type), `…:fee:<n>` for the n-th fee of a split; `payout:<payoutId>` for the payout
//! entry, the bare payout id for the payout (as the transaction report has it).
//!
//! Finances calls made for EU/UK sellers need Digital Signatures, which sellkit does not send:
//! the answer is detected and the resource is skipped ([`DIGITAL_SIGNATURES`]).

use serde::Deserialize;

use super::EbayConnector;
use crate::error::Result;
use crate::marketplaces::api::wire::{At, Refusal, item, json_authed_refusable, newest};
use crate::marketplaces::api::{Page, PageInfo, Reject};
use crate::marketplaces::exports::ledger_ebay::{Shape, shape};
use crate::marketplaces::exports::ledger_etsy::payout_status;
use crate::marketplaces::exports::ledger_ids::snake;
use crate::marketplaces::sink::{LedgerKind, LedgerRec, PayoutRec, Record, ShopKey};
use crate::money::Currency;

/// Why the ledger is skipped for an EU/UK seller (the README says the same).
pub const DIGITAL_SIGNATURES: &str = "eBay requires Digital Signatures on Finances calls for EU/UK sellers and sellkit does not send them yet, so the ledger is skipped; import the transaction report (Seller Hub > Payments > Reports) with `sellkit sync import` instead";

/// How far back a window may start: eBay refuses date ranges over 36 months.
const MAX_DAYS: i64 = 1094;

/// An incremental run asks for transactions and payouts from this many days before its window:
/// a sale gets its payout id only once eBay pays it out (days later, weeks when funds are on
/// hold), and a payout seen in flight succeeds (or fails) later; read again, the stored rows
/// take the payout id and the status (upserts, so nothing is doubled).
const LOOKBACK_DAYS: i64 = 30;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FAmount {
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    exchange_rate: Option<String>,
    #[serde(default)]
    converted_from_currency: Option<String>,
    #[serde(default)]
    converted_from_value: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransactionsPage {
    #[serde(default)]
    next: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::marketplaces::api::wire::lenient_count"
    )]
    total: Option<u64>,
    /// Each transaction is decoded on its own, so that one bad transaction is rejected alone.
    #[serde(default)]
    transactions: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PayoutsPage {
    #[serde(default)]
    next: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::marketplaces::api::wire::lenient_count"
    )]
    total: Option<u64>,
    #[serde(default)]
    payouts: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Transaction {
    transaction_id: String,
    #[serde(default)]
    transaction_type: Option<String>,
    transaction_date: String,
    #[serde(default)]
    amount: Option<FAmount>,
    #[serde(default)]
    booking_entry: Option<String>,
    #[serde(default)]
    fee_type: Option<String>,
    #[serde(default)]
    order_id: Option<String>,
    #[serde(default)]
    order_line_items: Option<Vec<LineFees>>,
    #[serde(default)]
    total_fee_amount: Option<FAmount>,
    #[serde(default)]
    payout_id: Option<String>,
    #[serde(default)]
    transaction_memo: Option<String>,
    #[serde(default)]
    transaction_status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LineFees {
    #[serde(default)]
    marketplace_fees: Option<Vec<Fee>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Fee {
    #[serde(default)]
    amount: Option<FAmount>,
    #[serde(default)]
    fee_type: Option<String>,
    #[serde(default)]
    fee_memo: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Payout {
    payout_id: String,
    #[serde(default)]
    payout_date: Option<String>,
    #[serde(default)]
    last_attempted_payout_date: Option<String>,
    #[serde(default)]
    payout_status: Option<String>,
    #[serde(default)]
    amount: Option<FAmount>,
    #[serde(default)]
    payout_memo: Option<String>,
}

/// An amount as (minor units, currency, eBay's own rate and the currency it converted from).
struct Read {
    minor: i64,
    currency: Currency,
    fx: Option<(String, Currency)>,
}

fn read_amount(at: &At<'_>, field: &str, a: &FAmount) -> Result<Read> {
    let value = a
        .value
        .as_deref()
        .ok_or_else(|| at.error(&format!("{field}.value"), "is missing"))?;
    let code = a
        .currency
        .as_deref()
        .ok_or_else(|| at.error(&format!("{field}.currency"), "is missing"))?;
    let currency = at.currency(&format!("{field}.currency"), code)?;
    let minor = at.minor(&format!("{field}.value"), value, currency)?;
    let fx = match (&a.exchange_rate, &a.converted_from_currency) {
        (Some(rate), Some(from)) if !rate.trim().is_empty() => {
            let from = at.currency(&format!("{field}.convertedFromCurrency"), from)?;
            (from != currency).then(|| (rate.trim().to_string(), from))
        }
        _ => None,
    };
    Ok(Read {
        minor,
        currency,
        fx,
    })
}

/// eBay's fee types as the transaction report's fee columns name them; others in snake_case.
fn fee_entry_type(fee_type: &str) -> String {
    match fee_type.trim() {
        "FINAL_VALUE_FEE_FIXED_PER_ORDER" => "final_value_fee_fixed".into(),
        "FINAL_VALUE_FEE" => "final_value_fee_variable".into(),
        "REGULATORY_OPERATING_FEE" => "regulatory_operating_fee".into(),
        "HIGH_ITEM_NOT_AS_DESCRIBED_FEE" => "very_high_inad_fee".into(),
        "BELOW_STANDARD_SHIPPING_FEE" | "BELOW_STANDARD_FEE" => {
            "below_standard_performance_fee".into()
        }
        "INTERNATIONAL_FEE" => "international_fee".into(),
        "DEPOSIT_PROCESSING_FEE" => "deposit_processing_fee".into(),
        "" => "other_fee".into(),
        other => snake(other),
    }
}

/// The kind and type of a fee: Promoted Listings (`AD_FEE`) is advertising, as the report's
/// "Promoted Listings" other fees are.
fn fee_kind(fee_type: &str) -> (LedgerKind, String) {
    let t = fee_type.trim();
    if t == "AD_FEE" || t.starts_with("AD_") || t.contains("PROMOTED") {
        (LedgerKind::Ad, "promoted_listings".into())
    } else {
        (LedgerKind::Fee, fee_entry_type(t))
    }
}

/// Types whose money leaves the balance when eBay does not say (bookingEntry missing).
fn debit_by_default(t: &str) -> bool {
    matches!(
        t,
        "REFUND"
            | "DISPUTE"
            | "SHIPPING_LABEL"
            | "TRANSFER"
            | "NON_SALE_CHARGE"
            | "WITHDRAWAL"
            | "LOAN_REPAYMENT"
    )
}

/// The ledger entries of one transaction.
fn map_transaction(shop: &ShopKey, t: &Transaction) -> Result<Vec<LedgerRec>> {
    let record = format!("transaction {}", t.transaction_id);
    let at = At {
        marketplace: "ebay",
        op: "getTransactions",
        record: &record,
    };
    let posted = at.instant("transactionDate", &t.transaction_date)?;
    let ty = t.transaction_type.as_deref().unwrap_or("").trim();
    let amount = t
        .amount
        .as_ref()
        .ok_or_else(|| at.error("amount", "is missing"))?;
    let a = read_amount(&at, "amount", amount)?;
    let sign = match t.booking_entry.as_deref().map(str::trim) {
        Some("DEBIT") => -1,
        Some("CREDIT") => 1,
        _ if debit_by_default(ty) => -1,
        _ => 1,
    };
    let net = sign * a.minor.abs();
    let type_slug = if ty.is_empty() {
        "unknown".to_string()
    } else {
        snake(ty)
    };
    let base = format!("txn:{type_slug}:{}", t.transaction_id);
    let memo = t
        .transaction_memo
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let description = match (memo, &t.order_id) {
        (Some(m), _) => m.to_string(),
        (None, Some(o)) => format!("{ty} for order {o}"),
        (None, None) => ty.to_string(),
    };
    // Money on hold has no release date in the answer.
    let pending_until =
        (t.transaction_status.as_deref() == Some("FUNDS_ON_HOLD")).then(String::new);
    let entry =
        |external_id: String, kind, entry_type: String, description: String, amount| LedgerRec {
            shop: shop.clone(),
            external_id,
            posted_at: posted.clone(),
            kind,
            entry_type,
            description,
            amount,
            currency: a.currency,
            order_ref: t.order_id.clone().filter(|o| !o.trim().is_empty()),
            sku: None,
            payout_ref: t.payout_id.clone().filter(|p| !p.trim().is_empty()),
            pending_until: pending_until.clone(),
            fx: a.fx.clone(),
            source: "api:getTransactions".into(),
        };
    let split = match ty {
        "SALE" => Some((LedgerKind::Sale, "sale")),
        "REFUND" => Some((LedgerKind::Refund, "refund")),
        _ => None,
    };
    if let Some((kind, gross_type)) = split {
        let mut fees: Vec<(String, i64, Option<String>)> = Vec::new();
        for line in t.order_line_items.iter().flatten() {
            for f in line.marketplace_fees.iter().flatten() {
                let Some(fa) = &f.amount else { continue };
                let fr = read_amount(&at, "orderLineItems.marketplaceFees.amount", fa)?;
                if fr.currency != a.currency {
                    // Fees in another currency than the net: one entry of the net.
                    return Ok(vec![entry(base, kind, gross_type.into(), description, net)]);
                }
                if fr.minor != 0 {
                    fees.push((
                        f.fee_type.clone().unwrap_or_default(),
                        fr.minor.abs(),
                        f.fee_memo.clone(),
                    ));
                }
            }
        }
        if fees.is_empty()
            && let Some(total) = &t.total_fee_amount
            && total.value.is_some()
        {
            let fr = read_amount(&at, "totalFeeAmount", total)?;
            if fr.currency != a.currency {
                return Ok(vec![entry(base, kind, gross_type.into(), description, net)]);
            }
            if fr.minor != 0 {
                fees.push(("FINAL_VALUE_FEE".into(), fr.minor.abs(), None));
            }
        }
        // Fees go the other way from the transaction: charged on a sale, given back on a refund.
        let signed: Vec<i64> = fees.iter().map(|f| -sign * f.1).collect();
        let gross = net - signed.iter().sum::<i64>();
        let mut out = vec![entry(
            base.clone(),
            kind,
            gross_type.into(),
            description.clone(),
            gross,
        )];
        for (n, ((fee_type, _, memo), amount)) in fees.iter().zip(signed).enumerate() {
            let (k, et) = fee_kind(fee_type);
            let d = match memo.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
                Some(m) => format!("{m}: {description}"),
                None => format!("{fee_type}: {description}"),
            };
            out.push(entry(format!("{base}:fee:{}", n + 1), k, et, d, amount));
        }
        return Ok(out);
    }
    let (kind, entry_type) = match ty {
        "NON_SALE_CHARGE" => fee_kind(t.fee_type.as_deref().unwrap_or("")),
        "SHIPPING_LABEL" => file_shape("Shipping label", memo.unwrap_or("")),
        "DISPUTE" => file_shape("Payment dispute", ""),
        "CREDIT" | "ADJUSTMENT" | "TRANSFER" => file_shape(ty, ""),
        "LOAN_REPAYMENT" => (LedgerKind::Adjustment, "loan_repayment".into()),
        "WITHDRAWAL" => (LedgerKind::Payout, "withdrawal".into()),
        "" => (LedgerKind::Other, "unknown".into()),
        _ => file_shape(ty, ""),
    };
    // A withdrawal is money sent to the seller's bank: with a payout id it is the same movement
    // as that payout's entry, so it takes its id (one row, never two).
    let id = match (&t.payout_id, kind) {
        (Some(p), LedgerKind::Payout) if !p.trim().is_empty() => format!("payout:{}", p.trim()),
        _ => base,
    };
    Ok(vec![entry(id, kind, entry_type, description, net)])
}

/// The kind and type the transaction report gives a type of one entry.
fn file_shape(kind: &str, description: &str) -> (LedgerKind, String) {
    match shape(&kind.replace('_', " "), description) {
        Shape::Single(k, t) => (k, t),
        // Sales, refunds and payouts are mapped above; anything else reaching here is other.
        Shape::Split(_) | Shape::Payout => (LedgerKind::Other, snake(kind)),
    }
}

/// A payout and its `payout` entry.
fn map_payout(shop: &ShopKey, p: &Payout) -> Result<(PayoutRec, LedgerRec, String)> {
    let record = format!("payout {}", p.payout_id);
    let at = At {
        marketplace: "ebay",
        op: "getPayouts",
        record: &record,
    };
    let date = p
        .payout_date
        .as_deref()
        .or(p.last_attempted_payout_date.as_deref())
        .ok_or_else(|| at.error("payoutDate", "is missing"))?;
    let paid_at = at.instant("payoutDate", date)?;
    let amount = p
        .amount
        .as_ref()
        .ok_or_else(|| at.error("amount", "is missing"))?;
    let a = read_amount(&at, "amount", amount)?;
    let minor = a.minor.abs();
    let status = match p.payout_status.as_deref().map(str::trim).unwrap_or("") {
        "SUCCEEDED" => "paid",
        "INITIATED" => "in_transit",
        // eBay tries again: the money is still on its way.
        "RETRYABLE_FAILED" => "pending",
        "TERMINAL_FAILED" => "failed",
        "REVERSED" => "reversed",
        other => payout_status(other).unwrap_or("pending"),
    };
    let original = match (
        &amount.converted_from_value,
        &amount.converted_from_currency,
    ) {
        (Some(v), Some(c)) => {
            let c = at.currency("amount.convertedFromCurrency", c)?;
            if c == a.currency {
                None
            } else {
                Some((at.minor("amount.convertedFromValue", v, c)?.abs(), c))
            }
        }
        _ => None,
    };
    // A payout that failed or was reversed left the money in the eBay balance: its entry is
    // zero (kept, so that the entry written while it was in flight is replaced).
    let moved = if matches!(status, "failed" | "reversed") {
        0
    } else {
        -minor
    };
    // The payout's own fee (`totalFee`, an express payout fee) may be null; when eBay charges
    // one it is among the payout's transactions (a NON_SALE_CHARGE with this payout id), so
    // it is not written again here.
    let id = p.payout_id.trim().to_string();
    let entry = LedgerRec {
        shop: shop.clone(),
        external_id: format!("payout:{id}"),
        posted_at: paid_at.clone(),
        kind: LedgerKind::Payout,
        entry_type: "payout".into(),
        description: p
            .payout_memo
            .clone()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| format!("Payout {id}")),
        amount: moved,
        currency: a.currency,
        order_ref: None,
        sku: None,
        payout_ref: Some(id.clone()),
        pending_until: None,
        fx: a.fx.clone(),
        source: "api:getPayouts".into(),
    };
    let payout = PayoutRec {
        shop: shop.clone(),
        external_id: id,
        paid_at: paid_at.clone(),
        amount: minor,
        currency: a.currency,
        status,
        original,
        source: "api:getPayouts".into(),
    };
    Ok((payout, entry, paid_at))
}

/// Why a refused Finances call means the seller must act (the resource is then skipped), or
/// `None` when it is an ordinary error.
fn unavailable(op: &str, r: &Refusal) -> Option<String> {
    let body = r.body.to_ascii_lowercase();
    // eBay's Digital Signatures errors are numbered 215xxx ("errorId": 215114, …); the
    // Finances spec itself only says the calls need them.
    let signature = body.contains("\"errorid\":215") || body.contains("signature");
    if signature {
        return Some(DIGITAL_SIGNATURES.to_string());
    }
    if r.status == reqwest::StatusCode::FORBIDDEN {
        return Some(format!(
            "{op} was refused (HTTP 403): the token lacks the sell.finances scope; sign in again with `sellkit auth login ebay` to grant it"
        ));
    }
    None
}

/// Where a ledger cursor is: a getTransactions offset (`txn:N`, or `txn:N@FROM` in a window
/// started again at FROM past eBay's offset limit), or a getPayouts offset (`payout:N`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum At2 {
    Transactions(u64, Option<String>),
    Payouts(u64),
}

fn position(page: Option<&str>) -> At2 {
    let offset = |s: &str| s.parse().unwrap_or(0);
    match page {
        Some(p) if p.starts_with("payout:") => At2::Payouts(offset(&p["payout:".len()..])),
        Some(p) if p.starts_with("txn:") => match p["txn:".len()..].split_once('@') {
            Some((n, from)) if !from.is_empty() => At2::Transactions(offset(n), Some(from.into())),
            Some((n, _)) => At2::Transactions(offset(n), None),
            None => At2::Transactions(offset(&p["txn:".len()..]), None),
        },
        _ => At2::Transactions(0, None),
    }
}

/// eBay's filter form of an instant: `YYYY-MM-DDTHH:MM:SS.000Z`.
fn filter_time(ts: jiff::Timestamp) -> String {
    ts.to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M:%S.000Z")
        .to_string()
}

impl EbayConnector {
    /// The start of the window ([`LOOKBACK_DAYS`] before it), no further back than eBay allows.
    fn finances_from(&self, since: Option<&str>) -> jiff::Timestamp {
        let oldest = self.now - jiff::SignedDuration::from_hours(24 * MAX_DAYS);
        let from = since
            .and_then(|s| s.parse::<jiff::Timestamp>().ok())
            .unwrap_or(oldest)
            - jiff::SignedDuration::from_hours(24 * LOOKBACK_DAYS);
        from.max(oldest)
    }

    fn finances_limit(&self) -> u64 {
        u64::from(self.cfg.page_size.clamp(1, 1000))
    }

    /// One page of the ledger: a getTransactions page; the last one is followed, in the same
    /// page, by the first getPayouts page (so that the walk goes on with payouts, never with
    /// an empty page that names a next one).
    pub(super) async fn ledger(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        let mut out = Page::default();
        if self.tokens.narrowed {
            out.unavailable = Some(
                "the eBay sign-in predates the sell.finances scope the ledger needs: run `sellkit auth login ebay` once to grant it".into(),
            );
            return Ok(out);
        }
        match position(page) {
            At2::Transactions(offset, from) => {
                let more = self
                    .transactions(shop, since, offset, from.as_deref(), &mut out)
                    .await?;
                if out.unavailable.is_some() || more {
                    return Ok(out);
                }
                self.payouts(shop, since, 0, &mut out).await?;
            }
            At2::Payouts(offset) => self.payouts(shop, since, offset, &mut out).await?,
        }
        Ok(out)
    }

    /// A getTransactions page into `out`, oldest first; true when another one follows. `from`
    /// is where a window started again past the offset limit begins.
    async fn transactions(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        offset: u64,
        from: Option<&str>,
        out: &mut Page,
    ) -> Result<bool> {
        const OP: &str = "getTransactions";
        let start = match from {
            Some(f) => f.to_string(),
            None => filter_time(self.finances_from(since)),
        };
        let filter = format!("transactionDate:[{start}..]");
        let limit = self.finances_limit();
        let url = format!("{}/sell/finances/v1/transaction", self.cfg.finances_url);
        let market = self.cfg.marketplace_id.clone();
        let got = json_authed_refusable::<TransactionsPage>(
            &self.client,
            &mut self.tokens,
            OP,
            |h, t| {
                h.get(&url)
                    .bearer_auth(t)
                    .header("X-EBAY-C-MARKETPLACE-ID", &market)
                    .query(&[
                        ("filter", filter.clone()),
                        ("sort", "transactionDate".to_string()),
                        ("limit", limit.to_string()),
                        ("offset", offset.to_string()),
                    ])
            },
        )
        .await?;
        let body = match got {
            Ok(b) => b,
            Err(r) => match unavailable(OP, &r) {
                Some(why) => {
                    out.unavailable = Some(why);
                    return Ok(false);
                }
                None => return Err(r.error(&self.client, OP)),
            },
        };
        let raws = body.transactions.unwrap_or_default();
        let n = raws.len() as u64;
        out.info = PageInfo {
            op: OP,
            items: n,
            limit: Some(limit),
            start: Some(offset),
            total: body.total,
            restarted: false,
        };
        let ids = ["transactionId"];
        for raw in &raws {
            let got = item::<Transaction>(OP, "ebay", raw, &ids)
                .and_then(|t| map_transaction(shop, &t).map_err(|e| Reject::new(OP, raw, &ids, e)));
            match got {
                Ok(entries) => {
                    for e in entries {
                        out.newest = newest(out.newest.take(), &e.posted_at);
                        out.records.push(Record::Ledger(e));
                    }
                }
                Err(r) => out.rejects.push(r),
            }
        }
        if body.next.is_none() {
            return Ok(false);
        }
        let next = offset + n;
        out.next = Some(match (&out.newest, &from) {
            // eBay serves offsets below its limit only: the window starts again at the newest
            // transaction read (oldest first, so nothing after it was skipped; the ones at that
            // instant are read twice, and written once).
            (Some(newest), _) if next >= self.cfg.finances_offset_limit => {
                let at = newest
                    .parse::<jiff::Timestamp>()
                    .map(filter_time)
                    .unwrap_or_else(|_| start.clone());
                format!("txn:0@{at}")
            }
            (_, Some(f)) => format!("txn:{next}@{f}"),
            (_, None) => format!("txn:{next}"),
        });
        Ok(true)
    }

    /// A getPayouts page into `out` (its position is the page's from now on).
    async fn payouts(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        offset: u64,
        out: &mut Page,
    ) -> Result<()> {
        const OP: &str = "getPayouts";
        let filter = format!("payoutDate:[{}..]", filter_time(self.finances_from(since)));
        let limit = self.finances_limit();
        let url = format!("{}/sell/finances/v1/payout", self.cfg.finances_url);
        let market = self.cfg.marketplace_id.clone();
        let got =
            json_authed_refusable::<PayoutsPage>(&self.client, &mut self.tokens, OP, |h, t| {
                h.get(&url)
                    .bearer_auth(t)
                    .header("X-EBAY-C-MARKETPLACE-ID", &market)
                    .query(&[
                        ("filter", filter.clone()),
                        ("limit", limit.to_string()),
                        ("offset", offset.to_string()),
                    ])
            })
            .await?;
        let body = match got {
            Ok(b) => b,
            Err(r) => match unavailable(OP, &r) {
                Some(why) => {
                    out.unavailable = Some(why);
                    return Ok(());
                }
                None => return Err(r.error(&self.client, OP)),
            },
        };
        let raws = body.payouts.unwrap_or_default();
        let n = raws.len() as u64;
        let validated = out.info.items;
        out.info = PageInfo {
            op: OP,
            items: n,
            limit: Some(limit),
            start: Some(offset),
            total: body.total,
            restarted: false,
        };
        // The transactions of this page were validated too: the reject share counts them.
        if validated > 0 {
            out.validated = validated + n;
        }
        let ids = ["payoutId"];
        for raw in &raws {
            let got = item::<Payout>(OP, "ebay", raw, &ids)
                .and_then(|p| map_payout(shop, &p).map_err(|e| Reject::new(OP, raw, &ids, e)));
            match got {
                Ok((payout, entry, paid_at)) => {
                    out.newest = newest(out.newest.take(), &paid_at);
                    out.records.push(Record::Payout(payout));
                    out.records.push(Record::Ledger(entry));
                }
                Err(r) => out.rejects.push(r),
            }
        }
        out.next = body
            .next
            .is_some()
            .then(|| format!("payout:{}", offset + n));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> ShopKey {
        ShopKey {
            channel: "ebay",
            external_id: "EBAY_US".into(),
            name: "eBay (EBAY_US)".into(),
            currency: Currency::USD,
        }
    }

    fn txn(v: serde_json::Value) -> Transaction {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_sale_splits_into_gross_and_fees_that_add_up_to_its_amount() {
        let t = txn(serde_json::json!({
            "transactionId": "T1", "transactionType": "SALE", "bookingEntry": "CREDIT",
            "transactionDate": "2025-06-02T10:00:00.000Z", "orderId": "O1", "payoutId": "P1",
            "amount": {"value": "85.40", "currency": "USD"},
            "totalFeeAmount": {"value": "14.60", "currency": "USD"},
            "orderLineItems": [{"lineItemId": "L1", "marketplaceFees": [
                {"feeType": "FINAL_VALUE_FEE", "amount": {"value": "13.30", "currency": "USD"}},
                {"feeType": "FINAL_VALUE_FEE_FIXED_PER_ORDER", "amount": {"value": "0.30", "currency": "USD"}},
                {"feeType": "AD_FEE", "amount": {"value": "1.00", "currency": "USD"}},
                {"feeType": "INTERNATIONAL_FEE", "amount": null}
            ]}]
        }));
        let e = map_transaction(&shop(), &t).unwrap();
        let got: Vec<(&str, &str, i64, &str)> = e
            .iter()
            .map(|e| {
                (
                    e.external_id.as_str(),
                    e.kind.as_str(),
                    e.amount,
                    e.entry_type.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("txn:sale:T1", "sale", 10000, "sale"),
                (
                    "txn:sale:T1:fee:1",
                    "fee",
                    -1330,
                    "final_value_fee_variable"
                ),
                ("txn:sale:T1:fee:2", "fee", -30, "final_value_fee_fixed"),
                ("txn:sale:T1:fee:3", "ad", -100, "promoted_listings"),
            ]
        );
        assert_eq!(e.iter().map(|e| e.amount).sum::<i64>(), 8540);
        assert!(e.iter().all(|e| e.payout_ref.as_deref() == Some("P1")
            && e.order_ref.as_deref() == Some("O1")
            && e.source == "api:getTransactions"));
    }

    #[test]
    fn types_signs_and_unknowns() {
        let one = |ty: &str, booking: Option<&str>, fee: Option<&str>| {
            let mut v = serde_json::json!({
                "transactionId": "X", "transactionType": ty,
                "transactionDate": "2025-06-02T10:00:00Z",
                "amount": {"value": "5.00", "currency": "USD"}
            });
            if let Some(b) = booking {
                v["bookingEntry"] = b.into();
            }
            if let Some(f) = fee {
                v["feeType"] = f.into();
            }
            let e = map_transaction(&shop(), &txn(v)).unwrap();
            assert_eq!(e.len(), 1);
            (e[0].kind.as_str(), e[0].entry_type.clone(), e[0].amount)
        };
        assert_eq!(
            one("REFUND", Some("DEBIT"), None),
            ("refund", "refund".into(), -500)
        );
        assert_eq!(
            one("SHIPPING_LABEL", None, None),
            ("shipping_label", "shipping_label".into(), -500)
        );
        assert_eq!(
            one("NON_SALE_CHARGE", Some("DEBIT"), Some("AD_FEE")),
            ("ad", "promoted_listings".into(), -500)
        );
        assert_eq!(
            one(
                "NON_SALE_CHARGE",
                Some("DEBIT"),
                Some("STORE_SUBSCRIPTION_FEE")
            ),
            ("fee", "store_subscription_fee".into(), -500)
        );
        assert_eq!(
            one("DISPUTE", Some("DEBIT"), None),
            ("adjustment", "payment_dispute".into(), -500)
        );
        assert_eq!(
            one("CREDIT", Some("CREDIT"), None),
            ("adjustment", "credit".into(), 500)
        );
        assert_eq!(
            one("LOAN_REPAYMENT", None, None),
            ("adjustment", "loan_repayment".into(), -500)
        );
        assert_eq!(
            one("SHINY_NEW_TYPE", Some("CREDIT"), None),
            ("other", "shiny_new_type".into(), 500)
        );
        let missing = txn(serde_json::json!({
            "transactionId": "Y", "transactionType": "SALE",
            "transactionDate": "2025-06-02T10:00:00Z", "amount": null
        }));
        let e = map_transaction(&shop(), &missing).unwrap_err().to_string();
        assert!(e.contains("transaction Y field amount: is missing"), "{e}");
    }

    #[test]
    fn signature_and_scope_refusals_are_told_apart() {
        let r = |status: u16, body: &str| Refusal {
            status: reqwest::StatusCode::from_u16(status).unwrap(),
            body: body.into(),
        };
        assert_eq!(
            unavailable(
                "getTransactions",
                &r(
                    400,
                    r#": {"errors":[{"errorId":215120,"message":"Signature validation failed"}]}"#
                )
            )
            .as_deref(),
            Some(DIGITAL_SIGNATURES)
        );
        let scope = unavailable(
            "getTransactions",
            &r(403, ": {\"errors\":[{\"errorId\":1100}]}"),
        )
        .unwrap();
        assert!(
            scope.contains("sell.finances") && scope.contains("sellkit auth login ebay"),
            "{scope}"
        );
        assert_eq!(
            unavailable("getTransactions", &r(400, ": {\"errorId\":135008}")),
            None
        );
        assert_eq!(position(None), At2::Transactions(0, None));
        assert_eq!(position(Some("txn:40")), At2::Transactions(40, None));
        assert_eq!(
            position(Some("txn:2@2025-06-01T00:00:00.000Z")),
            At2::Transactions(2, Some("2025-06-01T00:00:00.000Z".into()))
        );
        assert_eq!(position(Some("payout:2")), At2::Payouts(2));
    }
}
