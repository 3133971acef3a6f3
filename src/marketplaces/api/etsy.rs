//! Etsy Open API v3 connector: the shop, its listings with inventory (variations), its
//! receipts with transactions (orders with ship-to) and its payment account ledger (money
//! movements and deposits, [`ledger`]).
//!
//! Every request carries `x-api-key` (`keystring:shared_secret`, the form Etsy requires since
//! 2026; the keystring alone when no shared secret is stored) and `Authorization: Bearer`. A 401
//! refreshes the access token once (Etsy rotates the refresh token on every refresh; the
//! [`TokenManager`] writes the new one to the credential store before anything else) and the
//! call is retried once. Listings and receipts use offset pagination with 100 per page;
//! receipts are pulled newest first by `min_last_modified` for incremental syncs. Money arrives as
//! `{amount, divisor, currency_code}` and is converted exactly to minor units.

use reqwest::header::HeaderMap;
use serde::Deserialize;

use super::client::{ApiClient, Bucket, CallError, ClientConfig};
use super::wire::{country_code, item};
use super::{Connector, Page, PageInfo, Reject, Resource};
use crate::auth::{Credentials, Secret};
use crate::error::{Error, Result};
use crate::marketplaces::api::oauth::{ClientAuth, TokenEndpoint, TokenManager};
use crate::marketplaces::sink::{LineRec, ListingRec, OrderLevel, OrderRec, Record, ShopKey};
use crate::money::Currency;
use crate::settings::{EtsyConfig, SyncConfig};

/// Rows per page (the API's maximum).
pub const PAGE_SIZE: u64 = 100;

/// The listing states pulled, in order (the listings endpoint returns one state per call).
const LISTING_STATES: &[&str] = &["active", "inactive", "sold_out", "draft", "expired"];

/// Where and how fast the connector calls Etsy.
#[derive(Debug, Clone)]
pub struct EtsyEndpoint {
    /// `https://openapi.etsy.com` (no trailing slash).
    pub base_url: String,
    pub token_url: String,
    pub bucket: Bucket,
    pub client: ClientConfig,
}

impl EtsyEndpoint {
    /// From the `[etsy]` and `[sync]` config.
    pub fn from_config(etsy: &EtsyConfig, sync: &SyncConfig) -> EtsyEndpoint {
        EtsyEndpoint {
            base_url: etsy.base_url.trim_end_matches('/').to_string(),
            token_url: etsy.token_url.get(),
            bucket: Bucket {
                rate: *etsy.rate_per_second,
                burst: *etsy.burst as u32,
            },
            client: super::client_config(sync),
        }
    }
}

pub struct EtsyConnector {
    client: ApiClient,
    tokens: TokenManager,
    api_key: Secret,
    base_url: String,
    shop_id: Option<String>,
    /// One warning per run when the shared secret is missing.
    warned_key: bool,
    /// When the run began: the end of the ledger window.
    now: jiff::Timestamp,
    /// The ledger entries of this run still waiting for the disbursement that pays them out.
    ledger: ledger::Memory,
}

/// `x-remaining-today` / `x-limit-per-day` as one line.
fn quota(h: &HeaderMap) -> Option<String> {
    let get = |k: &str| h.get(k)?.to_str().ok()?.trim().parse::<u64>().ok();
    let left = get("x-remaining-today")?;
    match get("x-limit-per-day") {
        Some(limit) => Some(format!("{left} of {limit} calls left today")),
        None => Some(format!("{left} calls left today")),
    }
}

impl EtsyConnector {
    /// A connector over `creds` (checked: exit 3 naming the variables when incomplete).
    pub fn new(
        cfg: EtsyEndpoint,
        creds: Credentials,
        now: jiff::Timestamp,
    ) -> Result<EtsyConnector> {
        creds.require()?;
        let keystring = creds.field("api_key")?.expose().to_string();
        let api_key = match creds.get("shared_secret") {
            Some(s) => Secret::new(format!("{keystring}:{}", s.expose())),
            None => Secret::new(keystring),
        };
        let shop_id = creds
            .get("shop_id")
            .map(|s| s.expose().trim().to_string())
            .filter(|s| !s.is_empty());
        if let Some(id) = &shop_id
            && !id.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Error::config(format!(
                "etsy credentials: shop_id {id:?} is not a numeric shop id; fix it with `sellkit auth login etsy` or SELLKIT_ETSY_SHOP_ID"
            )));
        }
        let client = ApiClient::new("etsy", cfg.client)?
            .with_default_limit(cfg.bucket)
            .with_quota_reader(quota);
        let tokens = TokenManager::new(
            creds.clone(),
            TokenEndpoint {
                url: cfg.token_url,
                auth: ClientAuth::FormIdOnly {
                    id_field: "api_key",
                },
                scope: None,
            },
            now,
        );
        Ok(EtsyConnector {
            warned_key: creds.get("shared_secret").is_some(),
            client,
            tokens,
            api_key,
            base_url: cfg.base_url,
            shop_id,
            now,
            ledger: ledger::Memory::default(),
        })
    }

    /// Token refreshes done so far.
    pub fn refreshes(&self) -> u32 {
        self.tokens.refreshes
    }

    /// GET `path` with `query`, as JSON: bearer and api key on every attempt; one token refresh
    /// and one more try after a 401.
    async fn get<T: serde::de::DeserializeOwned>(
        &mut self,
        op: &'static str,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T> {
        match self.get_passing(op, path, query, &[]).await? {
            Ok(v) => Ok(v),
            Err(r) => Err(Error::api(format!(
                "etsy {op}: HTTP {}{}",
                r.status, r.body
            ))),
        }
    }

    /// [`Self::get`], but an answer with one of the `pass` statuses comes back as
    /// [`Refused`] rather than an error (a 403 on the payment account ledger: a missing scope).
    async fn get_passing<T: serde::de::DeserializeOwned>(
        &mut self,
        op: &'static str,
        path: &str,
        query: &[(&str, String)],
        pass: &[reqwest::StatusCode],
    ) -> Result<std::result::Result<T, Refused>> {
        if !self.warned_key {
            self.warned_key = true;
            tracing::warn!(
                "etsy: no shared secret stored; Etsy wants x-api-key as keystring:shared_secret (set SELLKIT_ETSY_SHARED_SECRET or run `sellkit auth login etsy`)"
            );
        }
        let url = format!("{}{path}", self.base_url);
        let mut forced = false;
        loop {
            let bearer = self.tokens.bearer(&self.client, forced).await?;
            let key = self.api_key.expose();
            let auth = format!("Bearer {}", bearer.expose());
            let got = self
                .client
                .send_passing(op, pass, |h| {
                    h.get(&url)
                        .query(query)
                        .header("x-api-key", key)
                        .header(reqwest::header::AUTHORIZATION, &auth)
                })
                .await;
            match got {
                Ok(resp) if pass.contains(&resp.status()) => {
                    let status = resp.status();
                    let text = resp.text().await.unwrap_or_default();
                    let text = crate::output::sanitize::one_line(&text);
                    let body = if text.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", text.chars().take(300).collect::<String>())
                    };
                    let refused = Refused { status, body };
                    // A keystring without its shared secret is refused with a 403 too: that one
                    // is the credentials' fault, whatever the resource.
                    if refused.asks_for_shared_secret() {
                        return Err(Error::config(format!(
                            "etsy {op}: HTTP {status}{}; set SELLKIT_ETSY_SHARED_SECRET (the app's shared secret) or run `sellkit auth login etsy`",
                            refused.body
                        )));
                    }
                    return Ok(Err(refused));
                }
                Ok(resp) => return self.client.parse(op, resp).await.map(Ok),
                Err(CallError::Unauthorized { .. }) if !forced => {
                    tracing::info!("etsy {op}: access token refused; refreshing it");
                    forced = true;
                }
                Err(e) => {
                    let e = self.client.fail(op, e);
                    // Etsy refuses a keystring without its shared secret with a 403 that says so.
                    let text = e.to_string().to_ascii_lowercase();
                    if text.contains("shared secret") || text.contains("keystring:shared_secret") {
                        return Err(Error::config(format!(
                            "{e}; set SELLKIT_ETSY_SHARED_SECRET (the app's shared secret) or run `sellkit auth login etsy`"
                        )));
                    }
                    return Err(e);
                }
            }
        }
    }

    fn shop_key(shop: &EtsyShop) -> Result<ShopKey> {
        let currency = currency(shop.currency_code.as_deref(), "getShop currency_code")?;
        Ok(ShopKey {
            channel: "etsy",
            external_id: shop.shop_id.to_string(),
            name: shop
                .shop_name
                .clone()
                .unwrap_or_else(|| format!("etsy shop {}", shop.shop_id)),
            currency,
        })
    }

    async fn pull_listings(&mut self, shop: &ShopKey, page: Option<&str>) -> Result<Page> {
        let (state, offset) = match page {
            None => (LISTING_STATES[0], 0u64),
            Some(p) => {
                let (s, o) = p.split_once(':').unwrap_or((p, "0"));
                let state = LISTING_STATES
                    .iter()
                    .copied()
                    .find(|x| *x == s)
                    .unwrap_or(LISTING_STATES[0]);
                (state, o.parse().unwrap_or(0))
            }
        };
        let path = format!("/v3/application/shops/{}/listings", shop.external_id);
        let body: Results<serde_json::Value> = self
            .get(
                "getListingsByShop",
                &path,
                &[
                    ("state", state.to_string()),
                    ("limit", PAGE_SIZE.to_string()),
                    ("offset", offset.to_string()),
                    ("includes", "Inventory".to_string()),
                ],
            )
            .await?;
        let n = body.results.len() as u64;
        let mut records = Vec::new();
        let mut rejects = Vec::new();
        let ids = ["listing_id"];
        for raw in &body.results {
            let mut recs = Vec::new();
            let got = item::<EtsyListing>("getListingsByShop", "etsy", raw, &ids).and_then(|l| {
                map_listing(shop, l, &mut recs)
                    .map_err(|e| Reject::new("getListingsByShop", raw, &ids, e))
            });
            match got {
                Ok(()) => records.extend(recs),
                Err(r) => rejects.push(r),
            }
        }
        let more = n == PAGE_SIZE && body.count.is_none_or(|c| offset + n < c);
        let next = if more {
            Some(format!("{state}:{}", offset + n))
        } else {
            let i = LISTING_STATES.iter().position(|x| *x == state).unwrap_or(0);
            LISTING_STATES.get(i + 1).map(|s| format!("{s}:0"))
        };
        // Listings have no change filter: every run reads them all, so no window is kept.
        Ok(Page {
            records,
            next,
            newest: None,
            info: page_info("getListingsByShop", n, more, offset, body.count),
            rejects,
            validated: 0,
            unavailable: None,
        })
    }

    async fn pull_receipts(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        let offset: u64 = page.and_then(|p| p.parse().ok()).unwrap_or(0);
        let mut query = vec![
            ("limit", PAGE_SIZE.to_string()),
            ("offset", offset.to_string()),
            // Newest first: a receipt that changes during the run moves to the front, so later
            // offsets shift right (a receipt seen twice, harmless) and never left (one skipped);
            // the one that moved is newer than everything this run saw, so the next run's
            // window takes it.
            ("sort_on", "updated".to_string()),
            ("sort_order", "desc".to_string()),
        ];
        if let Some(s) = since {
            let ts: jiff::Timestamp = s
                .parse()
                .map_err(|e| Error::Other(anyhow::anyhow!("etsy: bad window start {s:?}: {e}")))?;
            // The API's minimum is 2000-01-01.
            query.push((
                "min_last_modified",
                ts.as_second().max(946_684_800).to_string(),
            ));
        }
        let path = format!("/v3/application/shops/{}/receipts", shop.external_id);
        let body: Results<serde_json::Value> = self.get("getShopReceipts", &path, &query).await?;
        let n = body.results.len() as u64;
        let mut records = Vec::with_capacity(body.results.len());
        let mut rejects = Vec::new();
        let mut newest: Option<String> = None;
        let ids = ["receipt_id"];
        for raw in &body.results {
            let got = item::<EtsyReceipt>("getShopReceipts", "etsy", raw, &ids).and_then(|r| {
                map_receipt(shop, r).map_err(|e| Reject::new("getShopReceipts", raw, &ids, e))
            });
            let o = match got {
                Ok(o) => o,
                Err(r) => {
                    rejects.push(r);
                    continue;
                }
            };
            if newest.as_deref().is_none_or(|n| o.updated_at.as_str() > n) {
                newest = Some(o.updated_at.clone());
            }
            records.push(Record::Order(o));
        }
        let more = n == PAGE_SIZE && body.count.is_none_or(|c| offset + n < c);
        Ok(Page {
            records,
            next: more.then(|| (offset + n).to_string()),
            newest,
            info: page_info("getShopReceipts", n, more, offset, body.count),
            rejects,
            validated: 0,
            unavailable: None,
        })
    }
}

/// What an offset page says about its position: a full page at `offset` of `count`. Only a page
/// followed within the same listing (state) is checked as offset paging; the step to the next
/// listing state starts a new one.
fn page_info(op: &'static str, n: u64, more: bool, offset: u64, count: Option<u64>) -> PageInfo {
    if more {
        PageInfo {
            op,
            items: n,
            limit: Some(PAGE_SIZE),
            start: Some(offset),
            total: count,
            restarted: false,
        }
    } else {
        PageInfo {
            op,
            items: n.max(1),
            ..PageInfo::default()
        }
    }
}

impl Connector for EtsyConnector {
    fn name(&self) -> &'static str {
        "etsy"
    }

    fn client(&self) -> &ApiClient {
        &self.client
    }

    fn resources(&self) -> Vec<Resource> {
        vec![Resource::Listings, Resource::Orders, Resource::Ledger]
    }

    async fn shop(&mut self) -> Result<ShopKey> {
        let id = match self.shop_id.clone() {
            Some(id) => id,
            None => {
                let me: EtsyMe = self.get("getMe", "/v3/application/users/me", &[]).await?;
                let id = me.shop_id.ok_or_else(|| {
                    Error::config(
                        "etsy: the signed-in Etsy user has no shop; sign in with the shop owner's account (`sellkit auth login etsy`)",
                    )
                })?;
                self.shop_id = Some(id.to_string());
                id.to_string()
            }
        };
        let shop: EtsyShop = self
            .get("getShop", &format!("/v3/application/shops/{id}"), &[])
            .await?;
        EtsyConnector::shop_key(&shop)
    }

    async fn pull(
        &mut self,
        shop: &ShopKey,
        resource: Resource,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        match resource {
            Resource::Listings => self.pull_listings(shop, page).await,
            Resource::Orders => self.pull_receipts(shop, since, page).await,
            Resource::Ledger => self.pull_ledger(shop, since, page).await,
            // Inventory comes with the listings; Etsy has no competitor offers API.
            Resource::Inventory | Resource::Offers => Ok(Page::default()),
        }
    }
}

/// An answer refused with a status the caller asked to read ([`EtsyConnector::get_passing`]).
#[derive(Debug)]
struct Refused {
    status: reqwest::StatusCode,
    /// `: ` and the start of the answer's body on one line, or empty.
    body: String,
}

impl Refused {
    fn asks_for_shared_secret(&self) -> bool {
        let t = self.body.to_ascii_lowercase();
        t.contains("shared secret") || t.contains("keystring:shared_secret")
    }
}

// ---- wire types (the fields sellkit reads; the rest is ignored) ----

#[derive(Debug, Deserialize)]
struct Results<T> {
    #[serde(default, deserialize_with = "super::wire::lenient_count")]
    count: Option<u64>,
    results: Vec<T>,
}

#[derive(Debug, Deserialize)]
struct EtsyMe {
    #[serde(default)]
    shop_id: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct EtsyShop {
    shop_id: u64,
    #[serde(default)]
    shop_name: Option<String>,
    #[serde(default)]
    currency_code: Option<String>,
}

/// Etsy's Money: `amount / divisor` in `currency_code`.
#[derive(Debug, Clone, Deserialize)]
pub struct EtsyMoney {
    pub amount: i64,
    pub divisor: i64,
    pub currency_code: String,
}

#[derive(Debug, Deserialize)]
struct EtsyListing {
    listing_id: u64,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    quantity: Option<i64>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    skus: Vec<String>,
    #[serde(default)]
    price: Option<EtsyMoney>,
    #[serde(default)]
    inventory: Option<EtsyInventory>,
}

#[derive(Debug, Deserialize)]
struct EtsyInventory {
    #[serde(default)]
    products: Vec<EtsyProduct>,
}

#[derive(Debug, Deserialize)]
struct EtsyProduct {
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    is_deleted: bool,
    #[serde(default)]
    offerings: Vec<EtsyOffering>,
    #[serde(default)]
    property_values: Vec<EtsyPropertyValue>,
}

#[derive(Debug, Deserialize)]
struct EtsyOffering {
    #[serde(default)]
    quantity: i64,
    #[serde(default = "yes")]
    is_enabled: bool,
    #[serde(default)]
    is_deleted: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct EtsyPropertyValue {
    #[serde(default)]
    values: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct EtsyReceipt {
    receipt_id: u64,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    zip: Option<String>,
    #[serde(default)]
    country_iso: Option<String>,
    #[serde(default)]
    is_paid: bool,
    #[serde(default)]
    is_shipped: bool,
    #[serde(default)]
    created_timestamp: Option<i64>,
    #[serde(default)]
    create_timestamp: Option<i64>,
    #[serde(default)]
    updated_timestamp: Option<i64>,
    #[serde(default)]
    update_timestamp: Option<i64>,
    #[serde(default)]
    total_shipping_cost: Option<EtsyMoney>,
    #[serde(default)]
    total_tax_cost: Option<EtsyMoney>,
    #[serde(default)]
    total_vat_cost: Option<EtsyMoney>,
    #[serde(default)]
    discount_amt: Option<EtsyMoney>,
    #[serde(default)]
    grandtotal: Option<EtsyMoney>,
    #[serde(default)]
    transactions: Vec<EtsyTransaction>,
}

#[derive(Debug, Deserialize)]
struct EtsyTransaction {
    transaction_id: u64,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    quantity: i64,
    #[serde(default)]
    listing_id: Option<u64>,
    #[serde(default)]
    sku: Option<String>,
    price: EtsyMoney,
    #[serde(default)]
    variations: Vec<EtsyVariation>,
}

#[derive(Debug, Deserialize)]
struct EtsyVariation {
    #[serde(default)]
    formatted_name: Option<String>,
    #[serde(default)]
    formatted_value: Option<String>,
}

// ---- mapping ----

fn currency(code: Option<&str>, field: &str) -> Result<Currency> {
    let code = code.unwrap_or_default();
    Currency::new(code).map_err(|_| {
        Error::api(format!(
            "etsy: {field} {code:?} is not a currency code; the answer is not what the API documents"
        ))
    })
}

/// `amount / divisor` as exact minor units of its currency; an amount that does not fit
/// the currency's minor unit exactly is an error, never rounded.
pub fn money_minor(m: &EtsyMoney, field: &str) -> Result<(i64, Currency)> {
    let cur = currency(Some(&m.currency_code), field)?;
    let scale = 10i128.pow(cur.minor_digits());
    let bad = || {
        Error::api(format!(
            "etsy: {field} {}/{} {} is not an exact amount of {}",
            m.amount, m.divisor, m.currency_code, m.currency_code
        ))
    };
    if m.divisor <= 0 {
        return Err(bad());
    }
    let num = i128::from(m.amount) * scale;
    let div = i128::from(m.divisor);
    if num % div != 0 {
        return Err(bad());
    }
    let v = i64::try_from(num / div).map_err(|_| bad())?;
    Ok((v, cur))
}

fn amount_in(m: Option<&EtsyMoney>, cur: Currency, field: &str) -> Result<i64> {
    match m {
        None => Ok(0),
        Some(m) => {
            let (v, c) = money_minor(m, field)?;
            if c != cur {
                return Err(Error::api(format!(
                    "etsy: {field} is in {} but the receipt is in {}",
                    c.code(),
                    cur.code()
                )));
            }
            Ok(v)
        }
    }
}

fn unix(ts: i64, field: &str) -> Result<String> {
    jiff::Timestamp::from_second(ts)
        .map(crate::time::rfc3339)
        .map_err(|_| Error::api(format!("etsy: {field} {ts} is not a time")))
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn receipt_status(r: &EtsyReceipt) -> &'static str {
    match r
        .status
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "canceled" | "cancelled" => "cancelled",
        "fully refunded" => "refunded",
        "completed" => "shipped",
        _ if r.is_shipped => "shipped",
        _ if r.is_paid => "paid",
        "paid" => "paid",
        _ => "pending",
    }
}

fn map_receipt(shop: &ShopKey, r: EtsyReceipt) -> Result<OrderRec> {
    let id = r.receipt_id;
    let field = |f: &str| format!("receipt {id} {f}");
    let cur = match (&r.grandtotal, r.transactions.first()) {
        (Some(m), _) => currency(Some(&m.currency_code), &field("grandtotal"))?,
        (None, Some(t)) => currency(Some(&t.price.currency_code), &field("price"))?,
        (None, None) => shop.currency,
    };
    let created = r
        .created_timestamp
        .or(r.create_timestamp)
        .ok_or_else(|| Error::api(format!("etsy: receipt {id} has no created_timestamp")))?;
    let updated = r
        .updated_timestamp
        .or(r.update_timestamp)
        .unwrap_or(created);
    let mut lines = Vec::with_capacity(r.transactions.len());
    for t in &r.transactions {
        let unit = amount_in(
            Some(&t.price),
            cur,
            &field(&format!("transaction {} price", t.transaction_id)),
        )?;
        let sku = match t.sku.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => s.to_string(),
            None => match t.listing_id {
                Some(l) => format!("etsy:{l}"),
                None => format!("etsy:txn:{}", t.transaction_id),
            },
        };
        let vars: Vec<String> = t
            .variations
            .iter()
            .filter_map(|v| match (&v.formatted_name, &v.formatted_value) {
                (Some(n), Some(v)) => Some(format!("{n}: {v}")),
                (None, Some(v)) => Some(v.clone()),
                _ => None,
            })
            .collect();
        let title = t.title.clone().map(|ti| {
            if vars.is_empty() {
                ti
            } else {
                format!("{ti} ({})", vars.join(", "))
            }
        });
        if t.quantity < 0 {
            return Err(Error::api(format!(
                "etsy: {} is negative",
                field(&format!("transaction {} quantity", t.transaction_id))
            )));
        }
        lines.push(LineRec {
            external_id: Some(t.transaction_id.to_string()),
            sku,
            title,
            quantity: t.quantity,
            unit_price: unit,
            discount: 0,
            shipping: 0,
            tax: 0,
            fees: 0,
        });
    }
    let tax = amount_in(r.total_tax_cost.as_ref(), cur, &field("total_tax_cost"))?
        + amount_in(r.total_vat_cost.as_ref(), cur, &field("total_vat_cost"))?;
    Ok(OrderRec {
        shop: shop.clone(),
        external_id: id.to_string(),
        ordered_at: unix(created, &field("created_timestamp"))?,
        updated_at: unix(updated, &field("updated_timestamp"))?,
        status: receipt_status(&r),
        currency: cur,
        ship_city: non_empty(r.city),
        ship_region: non_empty(r.state),
        ship_postal_code: non_empty(r.zip),
        ship_country: country_code(r.country_iso.as_ref()).map_err(|c| {
            Error::api(format!(
                "etsy: {} {c:?} is not an ISO 3166 country code",
                field("country_iso")
            ))
        })?,
        lines,
        level: OrderLevel {
            discount: Some(amount_in(
                r.discount_amt.as_ref(),
                cur,
                &field("discount_amt"),
            )?),
            shipping: Some(amount_in(
                r.total_shipping_cost.as_ref(),
                cur,
                &field("total_shipping_cost"),
            )?),
            tax: Some(tax),
            fees: None,
        },
        summary: false,
    })
}

fn listing_state(s: Option<&str>) -> &'static str {
    match s.unwrap_or_default() {
        "active" => "active",
        "sold_out" => "sold_out",
        "draft" => "draft",
        "expired" => "removed",
        _ => "inactive",
    }
}

fn map_listing(shop: &ShopKey, l: EtsyListing, out: &mut Vec<Record>) -> Result<()> {
    let field = format!("listing {} price", l.listing_id);
    let (price, cur) = match &l.price {
        Some(m) => money_minor(m, &field)?,
        None => {
            return Err(Error::api(format!(
                "etsy: listing {} has no price",
                l.listing_id
            )));
        }
    };
    if l.quantity.is_some_and(|q| q < 0) {
        return Err(Error::api(format!(
            "etsy: listing {} quantity is negative",
            l.listing_id
        )));
    }
    let title = l.title.clone().unwrap_or_default();
    let products: Vec<&EtsyProduct> = l
        .inventory
        .as_ref()
        .map(|i| i.products.iter().filter(|p| !p.is_deleted).collect())
        .unwrap_or_default();
    let mut skus: Vec<String> = Vec::new();
    for p in &products {
        let Some(sku) = p.sku.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            continue;
        };
        let values: Vec<&str> = p
            .property_values
            .iter()
            .flat_map(|v| v.values.iter().map(String::as_str))
            .collect();
        let ptitle = if values.is_empty() {
            title.clone()
        } else {
            format!("{title} ({})", values.join(", "))
        };
        out.push(Record::Product {
            sku: sku.to_string(),
            title: ptitle,
            category: None,
            weight_g: None,
        });
        let offerings = p.offerings.iter().filter(|o| o.is_enabled && !o.is_deleted);
        if offerings.clone().any(|o| o.quantity < 0) {
            return Err(Error::api(format!(
                "etsy: listing {} SKU {sku}: an offering's quantity is negative",
                l.listing_id
            )));
        }
        let on_hand: i64 = offerings.map(|o| o.quantity).sum();
        out.push(Record::Inventory {
            sku: sku.to_string(),
            location: "etsy",
            on_hand,
        });
        if !skus.iter().any(|s| s == sku) {
            skus.push(sku.to_string());
        }
    }
    if skus.is_empty() {
        skus = l
            .skus
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    out.push(Record::Listing(ListingRec {
        shop: shop.clone(),
        external_id: l.listing_id.to_string(),
        sku: skus.first().cloned(),
        title,
        description: l.description.unwrap_or_default(),
        tags: l.tags,
        price,
        currency: cur,
        quantity: l.quantity,
        state: listing_state(l.state.as_deref()),
        url: l.url,
    }));
    Ok(())
}

mod ledger;

#[cfg(test)]
mod tests;
