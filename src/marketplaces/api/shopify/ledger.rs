//! Shopify Payments money movements: `shopifyPaymentsAccount.balanceTransactions` as ledger
//! entries and `shopifyPaymentsAccount.payouts` as payouts (access scope
//! `read_shopify_payments_payouts`), mapped as the payment transactions export is
//! ([`ledger_shopify::amount_kind`]: the same kinds and types for the same movements).
//!
//! - **A balance transaction** gives an entry of its `amount` (external id: the transaction's
//!   GID) and, when it has one, an entry of its fee, negated (`<GID>:fee`, `processing_fee`,
//!   or `chargeback_fee` for chargebacks): Net = Amount − Fee, as in the export; an answer
//!   whose net is not that is rejected. `payout_ref` is the associated payout's GID,
//!   `order_ref` the associated order's numeric id (what the orders pull stores). Test-mode
//!   transactions (`test: true`) are no money and are not written.
//! - **Window**: transactions are pulled by `processed_at` (the connection's default sort key,
//!   PROCESSED_AT) with the search filter `processed_at:>='<since>'`; `page.newest` is the
//!   newest `transactionDate`, where the next run starts.
//! - **Payouts** follow the transactions in the same walk (cursor `payouts:<cursor>`), newest
//!   first; in an incremental run they stop at payouts issued more than
//!   [`PAYOUT_LOOKBACK_DAYS`] before the window, so that a payout's later status change
//!   (scheduled → paid) is read again. Net is what reached the bank; a `WITHDRAWAL` is
//!   negative.
//! - **Unavailable**: `shopifyPaymentsAccount: null` (the shop has no Shopify Payments) or
//!   `ACCESS_DENIED` / HTTP 403 (the token lacks the scope) make the resource unavailable:
//!   skipped with a warning, or exit 3 under `--only ledger`.

use serde::Deserialize;
use serde_json::json;

use super::{Answer, Conn, MoneyV2, ShopifyConnector, gid_tail, guard_info, instant, reject};
use crate::error::{Error, Result};
use crate::marketplaces::api::Page;
use crate::marketplaces::exports::ledger_ids::snake;
use crate::marketplaces::exports::ledger_shopify::{amount_kind, payout_status};
use crate::marketplaces::sink::{LedgerKind, LedgerRec, PayoutRec, Record, ShopKey};
use crate::money::{Currency, Money};

/// Transactions per page: a node costs about 6 points (the object, four money objects and two
/// associations), so 100 nodes stay near 600 of the 1,000-point limit per query.
pub const TRANSACTIONS_PAGE: u32 = 100;
pub const PAYOUTS_PAGE: u32 = 50;
/// How far before the window an incremental run still reads payouts.
pub const PAYOUT_LOOKBACK_DAYS: i64 = 30;

const TX_OP: &str = "balanceTransactions";
const PAYOUTS_OP: &str = "payouts";
const TX_SOURCE: &str = "api:shopifyPaymentsAccount.balanceTransactions";
const PAYOUTS_SOURCE: &str = "api:shopifyPaymentsAccount.payouts";
/// The cursor prefix of the payouts part of the walk.
const PAYOUTS_AT: &str = "payouts:";

const NO_PAYMENTS: &str = "the shop has no Shopify Payments account (shopifyPaymentsAccount is null), so it has no balance transactions or payouts to pull; import the payouts export with `sellkit import` instead, or leave the ledger out with --only listings,inventory,orders";
const SCOPE_HINT: &str = "the access token lacks the read_shopify_payments_payouts scope; add it to the app's Admin API scopes, reinstall the app and store the new token (`sellkit auth login shopify` or SELLKIT_SHOPIFY_ACCESS_TOKEN)";

pub const BALANCE_TRANSACTIONS_QUERY: &str =
    "query BalanceTransactions($first: Int!, $after: String, $query: String) {
  shopifyPaymentsAccount {
    balanceTransactions(first: $first, after: $after, query: $query, sortKey: PROCESSED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id transactionDate type test sourceType adjustmentReason
        amount { amount currencyCode }
        fee { amount currencyCode }
        net { amount currencyCode }
        associatedOrder { id name }
        associatedPayout { id status }
      }
    }
  }
}";

pub const PAYOUTS_QUERY: &str = "query Payouts($first: Int!, $after: String) {
  shopifyPaymentsAccount {
    payouts(first: $first, after: $after, sortKey: ISSUED_AT, reverse: true) {
      pageInfo { hasNextPage endCursor }
      nodes { id legacyResourceId issuedAt status transactionType net { amount currencyCode } }
    }
  }
}";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountData<T> {
    /// Missing or null: the shop has no Shopify Payments account.
    shopify_payments_account: Option<T>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TxAccount {
    balance_transactions: Conn<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PayoutAccount {
    payouts: Conn<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TxNode {
    id: String,
    transaction_date: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    test: bool,
    #[serde(default)]
    source_type: Option<String>,
    #[serde(default)]
    adjustment_reason: Option<String>,
    amount: MoneyV2,
    #[serde(default)]
    fee: Option<MoneyV2>,
    #[serde(default)]
    net: Option<MoneyV2>,
    #[serde(default)]
    associated_order: Option<OrderRef>,
    #[serde(default)]
    associated_payout: Option<PayoutRef>,
}

#[derive(Debug, Deserialize)]
struct OrderRef {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PayoutRef {
    #[serde(default)]
    id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PayoutNode {
    id: String,
    issued_at: String,
    status: String,
    #[serde(default)]
    transaction_type: Option<String>,
    net: MoneyV2,
}

fn minor(m: &MoneyV2, field: &str) -> Result<(i64, Currency)> {
    let c = Currency::new(&m.currency_code).map_err(|_| {
        Error::api(format!(
            "shopify: {field} currencyCode {:?} is not a currency",
            m.currency_code
        ))
    })?;
    let v = Money::parse_decimal(&m.amount, c)
        .map_err(|e| Error::api(format!("shopify: {field}: {e}")))?
        .amount_minor;
    Ok((v, c))
}

/// A balance transaction's entries; none for a test-mode transaction.
fn map_transaction(shop: &ShopKey, t: TxNode) -> Result<Vec<Record>> {
    if t.test {
        return Ok(Vec::new());
    }
    let f = |x: &str| format!("balance transaction {} {x}", gid_tail(&t.id));
    let (amount, currency) = minor(&t.amount, &f("amount"))?;
    let same = |m: &Option<MoneyV2>, x: &str| -> Result<Option<i64>> {
        let Some(m) = m else { return Ok(None) };
        let (v, c) = minor(m, &f(x))?;
        if c != currency {
            return Err(Error::api(format!(
                "shopify: {} is in {} but its amount is in {}",
                f(x),
                c.code(),
                currency.code()
            )));
        }
        Ok(Some(v))
    };
    let fee = same(&t.fee, "fee")?.unwrap_or(0);
    if let Some(net) = same(&t.net, "net")?
        && net != amount - fee
    {
        let m = |v: i64| Money::new(v, currency).decimal_string();
        return Err(Error::api(format!(
            "shopify: {} is {} but amount - fee is {}: the answer does not add up",
            f("net"),
            m(net),
            m(amount - fee)
        )));
    }
    let posted_at = instant(&t.transaction_date, &f("transactionDate"))?;
    let (kind, entry_type) = amount_kind(&t.kind);
    let order = t.associated_order.as_ref();
    let order_ref = order
        .and_then(|o| o.id.as_deref())
        .map(|id| gid_tail(id).to_string());
    let name = order.and_then(|o| o.name.as_deref());
    let mut what = snake(&t.kind);
    if let Some(n) = name {
        what = format!("{what} {n}");
    }
    if let Some(r) = t.adjustment_reason.as_deref().filter(|r| !r.is_empty()) {
        what = format!("{what} ({r})");
    } else if let Some(s) = t.source_type.as_deref().filter(|s| *s != t.kind) {
        what = format!("{what} ({})", snake(s));
    }
    let payout_ref = t.associated_payout.and_then(|p| p.id);
    let entry = |external_id: String, kind, entry_type, description, amount| {
        Record::Ledger(LedgerRec {
            shop: shop.clone(),
            external_id,
            posted_at: posted_at.clone(),
            kind,
            entry_type,
            description,
            amount,
            currency,
            order_ref: order_ref.clone(),
            sku: None,
            payout_ref: payout_ref.clone(),
            pending_until: None,
            fx: None,
            source: TX_SOURCE.to_string(),
        })
    };
    let mut out = Vec::with_capacity(2);
    // A transaction of no amount still is one (a fee-only adjustment has its fee entry).
    if amount != 0 || fee == 0 {
        out.push(entry(
            t.id.clone(),
            kind,
            entry_type.clone(),
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
            format!("{}:fee", t.id),
            LedgerKind::Fee,
            fee_type.to_string(),
            format!("Shopify Payments fee: {what}"),
            -fee,
        ));
    }
    Ok(out)
}

fn map_payout(shop: &ShopKey, p: PayoutNode) -> Result<PayoutRec> {
    let f = |x: &str| format!("payout {} {x}", gid_tail(&p.id));
    let (net, currency) = minor(&p.net, &f("net"))?;
    let status = payout_status(&p.status).ok_or_else(|| {
        Error::api(format!(
            "shopify: {} {:?} is not a payout status (SCHEDULED, IN_TRANSIT, PAID, FAILED, CANCELED)",
            f("status"),
            p.status
        ))
    })?;
    let amount = match p.transaction_type.as_deref() {
        Some("WITHDRAWAL") => -net.abs(),
        _ => net,
    };
    Ok(PayoutRec {
        shop: shop.clone(),
        external_id: p.id.clone(),
        paid_at: instant(&p.issued_at, &f("issuedAt"))?,
        amount,
        currency,
        status,
        original: None,
        source: PAYOUTS_SOURCE.to_string(),
    })
}

impl ShopifyConnector {
    /// One page of the ledger walk: balance transactions, then payouts (see the module docs).
    pub(super) async fn pull_ledger(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        match page.and_then(|p| p.strip_prefix(PAYOUTS_AT)) {
            Some(after) => self.pull_payouts(shop, since, after).await,
            None => {
                let after = page.and_then(|p| p.strip_prefix("tx:"));
                self.pull_transactions(shop, since, after).await
            }
        }
    }

    async fn pull_transactions(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        after: Option<&str>,
    ) -> Result<Page> {
        let filter = since.map(|s| format!("processed_at:>='{s}'"));
        let got: Answer<AccountData<TxAccount>> = self
            .query_inner(
                TX_OP,
                BALANCE_TRANSACTIONS_QUERY,
                json!({"first": TRANSACTIONS_PAGE, "after": after, "query": filter}),
                f64::from(3 + TRANSACTIONS_PAGE * 6),
                true,
            )
            .await?;
        let account = match got {
            Answer::Denied(why) => return Ok(denied(TX_OP, &why)),
            Answer::Data(d) => match d.shopify_payments_account {
                Some(a) => a,
                None => return Ok(no_payments()),
            },
        };
        let conn = account.balance_transactions;
        let n = conn.nodes.len() as u64;
        let mut records = Vec::new();
        let mut rejects = Vec::new();
        let mut newest: Option<String> = None;
        for raw in &conn.nodes {
            let id = raw.get("id").and_then(|v| v.as_str()).unwrap_or_default();
            let got = serde_json::from_value::<TxNode>(raw.clone())
                .map_err(|e| {
                    Error::api(format!(
                        "shopify {TX_OP}: the node is not what the API documents ({e})"
                    ))
                })
                .and_then(|t| map_transaction(shop, t));
            match got {
                Ok(recs) => {
                    for r in &recs {
                        if let Record::Ledger(e) = r
                            && newest.as_deref().is_none_or(|n| e.posted_at.as_str() > n)
                        {
                            newest = Some(e.posted_at.clone());
                        }
                    }
                    records.extend(recs);
                }
                Err(e) => rejects.push(reject(TX_OP, id, e)),
            }
        }
        let (next, info) = match super::next_cursor(&conn.page_info) {
            Some(c) if !c.is_empty() => (Some(format!("tx:{c}")), guard_info(TX_OP, n)),
            // The last page of transactions: the walk goes on with the payouts, a step the
            // guards do not judge as the transactions' own paging.
            Some(_) | None => (Some(PAYOUTS_AT.to_string()), guard_info(TX_OP, n.max(1))),
        };
        Ok(Page {
            records,
            next,
            newest,
            info,
            rejects,
            validated: 0,
            unavailable: None,
        })
    }

    async fn pull_payouts(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        after: &str,
    ) -> Result<Page> {
        let after = (!after.is_empty()).then_some(after);
        let got: Answer<AccountData<PayoutAccount>> = self
            .query_inner(
                PAYOUTS_OP,
                PAYOUTS_QUERY,
                json!({"first": PAYOUTS_PAGE, "after": after}),
                f64::from(3 + PAYOUTS_PAGE * 2),
                true,
            )
            .await?;
        let account = match got {
            Answer::Denied(why) => return Ok(denied(PAYOUTS_OP, &why)),
            Answer::Data(d) => match d.shopify_payments_account {
                Some(a) => a,
                None => return Ok(no_payments()),
            },
        };
        // In an incremental run, payouts issued well before the window are not read again.
        let floor = match since {
            Some(s) => {
                let ts: jiff::Timestamp = s.parse().map_err(|e| {
                    Error::Other(anyhow::anyhow!("shopify: bad window start {s:?}: {e}"))
                })?;
                let back = jiff::SignedDuration::from_hours(24 * PAYOUT_LOOKBACK_DAYS);
                Some(crate::time::rfc3339(ts.checked_sub(back).unwrap_or(ts)))
            }
            None => None,
        };
        let conn = account.payouts;
        let n = conn.nodes.len() as u64;
        let mut records = Vec::new();
        let mut rejects = Vec::new();
        let mut older = false;
        for raw in &conn.nodes {
            let id = raw.get("id").and_then(|v| v.as_str()).unwrap_or_default();
            let got = serde_json::from_value::<PayoutNode>(raw.clone())
                .map_err(|e| {
                    Error::api(format!(
                        "shopify {PAYOUTS_OP}: the node is not what the API documents ({e})"
                    ))
                })
                .and_then(|p| map_payout(shop, p));
            match got {
                Ok(p) => {
                    if floor.as_deref().is_some_and(|f| p.paid_at.as_str() < f) {
                        older = true;
                        continue;
                    }
                    records.push(Record::Payout(p));
                }
                Err(e) => rejects.push(reject(PAYOUTS_OP, id, e)),
            }
        }
        let next = if older {
            None
        } else {
            super::next_cursor(&conn.page_info).map(|c| format!("{PAYOUTS_AT}{c}"))
        };
        // `payouts:` alone is the first page: a page naming it again is an empty cursor.
        let next = next.filter(|c| c != PAYOUTS_AT);
        Ok(Page {
            records,
            next,
            newest: None,
            info: guard_info(PAYOUTS_OP, n),
            rejects,
            validated: 0,
            unavailable: None,
        })
    }
}

fn denied(op: &str, why: &str) -> Page {
    Page {
        unavailable: Some(format!("shopify {op}: {why}: {SCOPE_HINT}")),
        ..Page::default()
    }
}

fn no_payments() -> Page {
    Page {
        unavailable: Some(format!("shopify shopifyPaymentsAccount: {NO_PAYMENTS}")),
        ..Page::default()
    }
}

#[cfg(test)]
mod tests;
