//! Amazon Selling Partner API: Orders v0 (orders and their items), Listings Items 2021-08-01,
//! FBA Inventory v1, Product Pricing v0 (competitors' offers per ASIN), Product Fees v0
//! (estimates per SKU, batches of 20) and the Reports API for bulk backfills of the All Orders
//! and All Listings flat files, which are then read by the export-file mappers. For trend
//! research, Catalog Items 2022-04-01 (searchCatalogItems by keyword) and Product Pricing v0
//! (getCompetitivePricing for up to 20 ASINs) give a keyword's competition and price band.
//!
//! Auth: a Login with Amazon access token from the refresh token (client id and secret in the
//! form), sent as `x-amz-access-token`. Endpoints per region (NA, EU, FE), `sandbox.` hosts
//! with `amazon.sandbox = on`, every URL overridable for tests. Each operation has its own
//! token bucket with the rate and burst its model's usage plan states.

use std::collections::HashSet;
use std::io::Read;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::client::{ApiClient, Bucket, ClientConfig};
use super::wire::{At, Decimal, item, json_authed, newest};
use super::{Connector, Page, PageInfo, Reject, Resource, SyncOptions};
use crate::auth::Credentials;
use crate::error::{Error, Result};
use crate::marketplaces::api::oauth::{ClientAuth, TokenEndpoint, TokenManager};
use crate::marketplaces::exports::parse::split_total;
use crate::marketplaces::exports::{ForcedEncoding, Format, Header, MapContext, Row, reader};
use crate::marketplaces::sink::{
    Counts, LineRec, ListingRec, OfferRec, OrderLevel, OrderRec, Record, ShopKey, Sink,
};
use crate::money::{Currency, Money};
use crate::progress::Progress;
use crate::store::Store;

mod finances;
mod models;
mod reports;
mod research;

use models::*;
pub use reports::{ReportKind, ReportSummary, backfill_report};
#[cfg(test)]
use reports::{decompress, forced_encoding};
pub use research::KeywordMarket;
#[cfg(test)]
use research::{CompetitivePricing, new_buy_box};

pub const TOKEN_URL: &str = "https://api.amazon.com/auth/o2/token";

/// The rate (requests per second) and burst of each operation, from the usage plans in the
/// models (Orders v0, Listings Items 2021-08-01, FBA Inventory v1, Product Pricing v0, Product
/// Fees v0, Reports 2021-06-30, Finances v0).
pub fn limits() -> Vec<(&'static str, Bucket)> {
    let b = |rate: f64, burst: u32| Bucket { rate, burst };
    vec![
        ("getOrders", b(0.0167, 20)),
        ("getOrderItems", b(0.5, 30)),
        ("searchListingsItems", b(5.0, 5)),
        ("getInventorySummaries", b(2.0, 2)),
        ("getItemOffers", b(0.5, 1)),
        ("getMyFeesEstimates", b(0.5, 1)),
        ("searchCatalogItems", b(2.0, 2)),
        ("getCompetitivePricing", b(0.5, 1)),
        ("createReport", b(0.0167, 15)),
        ("getReport", b(2.0, 15)),
        ("getReportDocument", b(0.0167, 15)),
        ("listFinancialEventGroups", b(0.5, 30)),
        ("listFinancialEventsByGroupId", b(0.5, 30)),
    ]
}

/// `x-amzn-RateLimit-Limit`, the rate Amazon applies to this account for the last operation.
fn quota(h: &reqwest::header::HeaderMap) -> Option<String> {
    let v = h.get("x-amzn-ratelimit-limit")?.to_str().ok()?.trim();
    // A number of requests per second, or nothing: header text never reaches the summary raw.
    let rate: f64 = v.parse().ok()?;
    if !rate.is_finite() || rate < 0.0 || v.len() > 20 {
        return None;
    }
    Some(format!(
        "amazon: {v} requests/s allowed for the last operation"
    ))
}

/// The SP-API host of a region.
pub fn endpoint(region: &str, sandbox: bool) -> Result<String> {
    let r = match region {
        "na" => "na",
        "eu" => "eu",
        "fe" => "fe",
        other => {
            return Err(Error::config(format!(
                "amazon.region {other:?}: expected na, eu or fe"
            )));
        }
    };
    let prefix = if sandbox { "sandbox." } else { "" };
    Ok(format!("https://{prefix}sellingpartnerapi-{r}.amazon.com"))
}

/// The currency of a marketplace id (the shop's currency; amounts carry their own).
fn marketplace_currency(id: &str) -> Currency {
    let code = match id {
        "A2EUQ1WTGCTBG2" => "CAD",
        "A1AM78C64UM0Y8" => "MXN",
        "A2Q3Y263D00KWC" => "BRL",
        "A1F83G8C2ARO7P" => "GBP",
        "A1PA6795UKMFR9" | "A1RKKUPIHCS9HS" | "A13V1IB3VIYZZH" | "APJ6JRA9NG5V4"
        | "A1805IZSGTT6HS" | "AMEN7PMS3EDWL" | "A28R8C7NBKEWEA" => "EUR",
        "A2NODRKZP88ZB9" => "SEK",
        "A1C3SOZRARQ6R3" => "PLN",
        "A33AVAJ2PDY3EV" => "TRY",
        "A2VIGQ35RCS4UG" => "AED",
        "A21TJRUUN4KGV" => "INR",
        "A1VC38T7YXB528" => "JPY",
        "A39IBJ37TRP1C6" => "AUD",
        "A19VAU5U5O7RUS" => "SGD",
        _ => "USD",
    };
    Currency::new(code).unwrap_or(Currency::USD)
}

/// Where and what to sync.
#[derive(Debug, Clone)]
pub struct AmazonEndpoint {
    /// SP-API host (`amazon.endpoint`; default from `amazon.region` and `amazon.sandbox`).
    pub endpoint: String,
    /// Login with Amazon token endpoint (`amazon.token_url`).
    pub token_url: String,
    /// `amazon.marketplace_id`, e.g. ATVPDKIKX0DER (amazon.com).
    pub marketplace_id: String,
    /// Orders per getOrders page (≤ 100), listings per searchListingsItems page (≤ 20).
    pub page_size: u32,
    /// Apply [`limits`] (tests turn them off).
    pub rate_limits: bool,
    /// Wait between getReport polls, and how many polls before giving up.
    pub report_poll: Duration,
    pub report_max_polls: u32,
}

impl AmazonEndpoint {
    pub fn new(endpoint: &str, marketplace_id: &str) -> AmazonEndpoint {
        AmazonEndpoint {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            token_url: TOKEN_URL.into(),
            marketplace_id: marketplace_id.into(),
            page_size: 100,
            rate_limits: true,
            report_poll: Duration::from_secs(30),
            report_max_polls: 240,
        }
    }

    /// From the `[amazon]` config: the region's endpoint (or the sandbox's) unless
    /// `amazon.endpoint` is set.
    pub fn from_config(c: &crate::settings::AmazonConfig) -> Result<AmazonEndpoint> {
        let endpoint = match c.endpoint.get() {
            Some(e) => e,
            None => endpoint(&c.region, *c.sandbox)?,
        };
        let mut out = AmazonEndpoint::new(&endpoint, &c.marketplace_id);
        if let Some(t) = c.token_url.get() {
            out.token_url = t;
        }
        Ok(out)
    }
}

pub struct AmazonConnector {
    cfg: AmazonEndpoint,
    client: ApiClient,
    tokens: TokenManager,
    now: jiff::Timestamp,
    /// The FBA summaries were started again once this run (an expired nextToken).
    restarted: bool,
}

impl std::fmt::Debug for AmazonConnector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AmazonConnector")
            .field("endpoint", &self.cfg.endpoint)
            .finish_non_exhaustive()
    }
}

impl AmazonConnector {
    pub fn new(
        cfg: AmazonEndpoint,
        creds: Credentials,
        now: jiff::Timestamp,
        client_config: ClientConfig,
    ) -> Result<AmazonConnector> {
        creds.require()?;
        let mut client = ApiClient::new("amazon", client_config)?.with_quota_reader(quota);
        if cfg.rate_limits {
            for (op, b) in limits() {
                client = client.with_limit(op, b);
            }
        }
        let tokens = TokenManager::new(
            creds,
            TokenEndpoint {
                url: cfg.token_url.clone(),
                auth: ClientAuth::FormIdSecret {
                    id_field: "client_id",
                    secret_field: "client_secret",
                },
                scope: None,
            },
            now,
        );
        Ok(AmazonConnector {
            cfg,
            client,
            tokens,
            now,
            restarted: false,
        })
    }

    /// Token refreshes made so far.
    pub fn refreshes(&self) -> u32 {
        self.tokens.refreshes
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.cfg.endpoint)
    }

    fn seller_id(&self) -> Result<String> {
        Ok(self.tokens.creds.field("seller_id")?.expose().to_string())
    }

    async fn get<T: serde::de::DeserializeOwned>(
        &mut self,
        op: &'static str,
        url: &str,
        query: &[(&str, String)],
    ) -> Result<T> {
        json_authed(&self.client, &mut self.tokens, op, |h, t| {
            h.get(url).header("x-amz-access-token", t).query(query)
        })
        .await
    }

    async fn orders(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        let market = self.cfg.marketplace_id.clone();
        let mut q = vec![("MarketplaceIds", market)];
        match page {
            Some(token) => q.push(("NextToken", token.to_string())),
            None => {
                // The Orders API keeps two years; a full pull asks for all of them.
                let from = match since {
                    Some(s) => s.to_string(),
                    None => {
                        crate::time::rfc3339(self.now - jiff::SignedDuration::from_hours(24 * 729))
                    }
                };
                q.push(("LastUpdatedAfter", from));
                q.push((
                    "MaxResultsPerPage",
                    self.cfg.page_size.clamp(1, 100).to_string(),
                ));
            }
        }
        let url = self.url("/orders/v0/orders");
        let body: Payload<OrdersList> = self.get("getOrders", &url, &q).await?;
        let mut out = Page {
            info: PageInfo {
                op: "getOrders",
                items: body.payload.orders.len() as u64,
                ..PageInfo::default()
            },
            next: body.payload.next_token.clone(),
            ..Page::default()
        };
        let ids = ["AmazonOrderId"];
        for raw in &body.payload.orders {
            let o = match item::<AOrder>("getOrders", "amazon", raw, &ids) {
                Ok(o) => o,
                Err(r) => {
                    out.rejects.push(r);
                    continue;
                }
            };
            let raw_items = match self.order_items(&o.amazon_order_id).await? {
                Ok(items) => items,
                Err(why) => {
                    out.rejects
                        .push(Reject::new("getOrderItems", raw, &ids, why));
                    continue;
                }
            };
            if self.client.overdrawn() {
                // --max-pages ran out inside this order's items: the page is not written.
                return Ok(out);
            }
            let items: std::result::Result<Vec<AOrderItem>, Reject> = raw_items
                .iter()
                .map(|i| item::<AOrderItem>("getOrderItems", "amazon", i, &["OrderItemId"]))
                .collect();
            let rec = items
                .map_err(|r| Reject {
                    external_id: Some(o.amazon_order_id.clone()),
                    raw: {
                        let mut v = raw.clone();
                        super::strip_secrets(&mut v);
                        Box::new(v)
                    },
                    ..r
                })
                .and_then(|items| {
                    map_order(shop, &o, &items).map_err(|e| Reject::new("getOrders", raw, &ids, e))
                });
            match rec {
                Ok(rec) => {
                    out.newest = newest(out.newest.take(), &rec.updated_at);
                    out.records.push(Record::Order(rec));
                }
                Err(r) => out.rejects.push(r),
            }
        }
        Ok(out)
    }

    /// The items of one order; `Ok(Err(why))` when an items page names a next one its own
    /// counts contradict, so the items cannot be known complete (the order is then rejected).
    async fn order_items(
        &mut self,
        order_id: &str,
    ) -> Result<std::result::Result<Vec<serde_json::Value>, String>> {
        let url = self.url(&format!(
            "/orders/v0/orders/{}/orderItems",
            urlencode(order_id)
        ));
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        // The items of one order page on their own: guarded like any walk, and each page after
        // the first draws on --max-pages.
        let mut walk = self.client.nested_walk("getOrderItems");
        loop {
            let q: Vec<(&str, String)> = token.iter().map(|t| ("NextToken", t.clone())).collect();
            let body: Payload<OrderItemsList> = self.get("getOrderItems", &url, &q).await?;
            let info = PageInfo {
                op: "getOrderItems",
                items: body.payload.order_items.len() as u64,
                ..PageInfo::default()
            };
            all.extend(body.payload.order_items);
            let next = walk
                .advance(token.as_deref(), &info, body.payload.next_token)
                .map_err(|e| Error::api(format!("{e} (the items of order {order_id})")))?;
            if let Some(why) = walk.take_cut() {
                return Ok(Err(format!("its items cannot be known complete: {why}")));
            }
            match next {
                Some(t) if self.client.take_page() => token = Some(t),
                _ => break,
            }
        }
        Ok(Ok(all))
    }

    async fn listings_page(
        &mut self,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<ListingsPage> {
        let seller = self.seller_id()?;
        let url = self.url(&format!(
            "/listings/2021-08-01/items/{}",
            urlencode(&seller)
        ));
        let mut q = vec![
            ("marketplaceIds", self.cfg.marketplace_id.clone()),
            (
                "includedData",
                "summaries,offers,fulfillmentAvailability".to_string(),
            ),
            ("pageSize", self.cfg.page_size.clamp(1, 20).to_string()),
        ];
        if let Some(s) = since {
            q.push(("lastUpdatedAfter", s.to_string()));
        }
        if let Some(p) = page {
            q.push(("pageToken", p.to_string()));
        }
        self.get("searchListingsItems", &url, &q).await
    }

    async fn listings(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        let body = self.listings_page(since, page).await?;
        let market = self.cfg.marketplace_id.clone();
        let mut out = Page {
            info: PageInfo {
                op: "searchListingsItems",
                items: body.items.len() as u64,
                ..PageInfo::default()
            },
            next: body.pagination.as_ref().and_then(|p| p.next_token.clone()),
            ..Page::default()
        };
        let ids = ["sku"];
        for raw in &body.items {
            let mut recs = Vec::new();
            let got =
                item::<ListingItem>("searchListingsItems", "amazon", raw, &ids).and_then(|it| {
                    map_listing_item(shop, &market, &it, &mut recs)
                        .map_err(|e| Reject::new("searchListingsItems", raw, &ids, e))
                });
            match got {
                Ok(n) => {
                    if let Some(n) = n {
                        out.newest = newest(out.newest.take(), &n);
                    }
                    out.records.extend(recs);
                }
                Err(r) => out.rejects.push(r),
            }
        }
        Ok(out)
    }

    async fn inventory(&mut self, since: Option<&str>, page: Option<&str>) -> Result<Page> {
        let market = self.cfg.marketplace_id.clone();
        let mut q = vec![
            ("details", "true".to_string()),
            ("granularityType", "Marketplace".to_string()),
            ("granularityId", market.clone()),
            ("marketplaceIds", market),
        ];
        // startDateTime may be at most 18 months back; older windows ask for everything.
        let limit = crate::time::rfc3339(self.now - jiff::SignedDuration::from_hours(24 * 540));
        if let Some(s) = since
            && s > limit.as_str()
        {
            q.push(("startDateTime", s.to_string()));
        }
        if let Some(p) = page {
            q.push(("nextToken", p.to_string()));
        }
        let url = self.url("/fba/inventory/v1/summaries");
        let mut restarted = false;
        let body: InventoryResponse = match self.get("getInventorySummaries", &url, &q).await {
            Ok(b) => b,
            // A nextToken lives 30 seconds: a run resumed later starts the summaries again
            // (rows are upserts, so nothing is doubled).
            Err(e) if page.is_some() && !self.restarted && e.to_string().contains("HTTP 400") => {
                self.restarted = true;
                tracing::info!(
                    "amazon getInventorySummaries: the stored nextToken expired; starting again"
                );
                q.retain(|(k, _)| *k != "nextToken");
                restarted = true;
                self.get("getInventorySummaries", &url, &q).await?
            }
            Err(e) => return Err(e),
        };
        let raws = body
            .payload
            .map(|p| p.inventory_summaries)
            .unwrap_or_default();
        let mut out = Page {
            info: PageInfo {
                op: "getInventorySummaries",
                items: raws.len() as u64,
                restarted,
                ..PageInfo::default()
            },
            next: body.pagination.and_then(|p| p.next_token),
            ..Page::default()
        };
        let ids = ["sellerSku", "asin"];
        for raw in &raws {
            let got = item::<InventorySummary>("getInventorySummaries", "amazon", raw, &ids)
                .and_then(|s| {
                    map_summary(s).map_err(|e| Reject::new("getInventorySummaries", raw, &ids, e))
                });
            match got {
                Ok(Some((n, rec))) => {
                    if let Some(n) = n {
                        out.newest = newest(out.newest.take(), &n);
                    }
                    out.records.push(rec);
                }
                Ok(None) => {}
                Err(r) => out.rejects.push(r),
            }
        }
        Ok(out)
    }

    /// A page of the seller's listings, then competitors' offers for each ASIN on it
    /// (getItemOffers) and a fee estimate for each SKU at its price (getMyFeesEstimates, one
    /// batch of up to 20), kept as a `fees_estimate_minor` signal per SKU.
    async fn offers(&mut self, page: Option<&str>) -> Result<Page> {
        let body = self.listings_page(None, page).await?;
        let market = self.cfg.marketplace_id.clone();
        let mut out = Page {
            info: PageInfo {
                op: "searchListingsItems",
                items: body.items.len() as u64,
                ..PageInfo::default()
            },
            next: body.pagination.as_ref().and_then(|p| p.next_token.clone()),
            ..Page::default()
        };
        let mut seen = HashSet::new();
        let mut priced: Vec<(String, Money)> = Vec::new();
        let ids = ["sku"];
        for raw in &body.items {
            let item = match item::<ListingItem>("searchListingsItems", "amazon", raw, &ids) {
                Ok(i) => i,
                Err(r) => {
                    out.rejects.push(r);
                    continue;
                }
            };
            let item = &item;
            let Some(asin) = item
                .summaries
                .iter()
                .find(|s| s.marketplace_id == market)
                .and_then(|s| s.asin.clone())
            else {
                continue;
            };
            let record = format!("SKU {}", item.sku);
            let at = At {
                marketplace: "amazon",
                op: "searchListingsItems",
                record: &record,
            };
            if let Some(o) = item.offers.iter().find(|o| o.marketplace_id == market) {
                let own = at
                    .currency("offers.price.currencyCode", &o.price.currency_code)
                    .and_then(|c| {
                        at.minor("offers.price.amount", &o.price.amount.0, c)
                            .map(|m| Money::new(m, c))
                    });
                match own {
                    Ok(m) => priced.push((item.sku.clone(), m)),
                    Err(e) => {
                        out.rejects
                            .push(Reject::new("searchListingsItems", raw, &ids, e));
                        continue;
                    }
                }
            }
            if !seen.insert(asin.clone()) {
                continue;
            }
            let url = self.url(&format!(
                "/products/pricing/v0/items/{}/offers",
                urlencode(&asin)
            ));
            let q = [
                ("MarketplaceId", market.clone()),
                ("ItemCondition", "New".to_string()),
            ];
            let offers: Payload<ItemOffers> = self.get("getItemOffers", &url, &q).await?;
            match map_item_offers(&asin, &item.sku, offers.payload) {
                Ok(recs) => out.records.extend(recs),
                Err(e) => out.rejects.push(Reject::new("getItemOffers", raw, &ids, e)),
            }
        }
        for chunk in priced.chunks(20) {
            out.records.extend(self.fee_estimates(chunk).await?);
        }
        Ok(out)
    }

    async fn fee_estimates(&mut self, skus: &[(String, Money)]) -> Result<Vec<Record>> {
        let market = self.cfg.marketplace_id.clone();
        let mut body = Vec::new();
        for (i, (sku, price)) in skus.iter().enumerate() {
            // The amount as a JSON number written from the exact decimal text.
            let amount: serde_json::Value =
                serde_json::from_str(&price.decimal_string()).unwrap_or(json!(0));
            body.push(json!({
                "FeesEstimateRequest": {
                    "MarketplaceId": market,
                    "IsAmazonFulfilled": false,
                    "PriceToEstimateFees": {
                        "ListingPrice": {"CurrencyCode": price.currency.code(), "Amount": amount}
                    },
                    "Identifier": format!("sellkit-{i}")
                },
                "IdType": "SellerSKU",
                "IdValue": sku
            }));
        }
        let url = self.url("/products/fees/v0/feesEstimate");
        let results: Vec<FeesResult> = json_authed(
            &self.client,
            &mut self.tokens,
            "getMyFeesEstimates",
            |h, t| h.post(&url).header("x-amz-access-token", t).json(&body),
        )
        .await?;
        let mut out = Vec::new();
        for r in results {
            if r.status.as_deref() != Some("Success") {
                continue;
            }
            let (Some(sku), Some(total)) = (
                r.fees_estimate_identifier.and_then(|i| i.id_value),
                r.fees_estimate.and_then(|f| f.total_fees_estimate),
            ) else {
                continue;
            };
            let record = format!("SKU {sku}");
            let at = At {
                marketplace: "amazon",
                op: "getMyFeesEstimates",
                record: &record,
            };
            let c = at.currency("TotalFeesEstimate.CurrencyCode", &total.currency_code)?;
            let minor = at.minor("TotalFeesEstimate.Amount", &total.amount.0, c)?;
            out.push(Record::Signal {
                term: sku,
                source: "amazon-fees",
                metric: "fees_estimate_minor",
                value: minor as f64,
            });
        }
        Ok(out)
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl Connector for AmazonConnector {
    fn name(&self) -> &'static str {
        "amazon"
    }

    fn client(&self) -> &ApiClient {
        &self.client
    }

    /// Listings and offers need the seller id (it is in the Listings Items path); without it
    /// they are left out, with a warning, and orders and inventory are still pulled.
    fn resources(&self) -> Vec<Resource> {
        if self.tokens.creds.get("seller_id").is_none() {
            tracing::warn!(
                "amazon: no seller id, so listings and offers are left out; set SELLKIT_AMAZON_SELLER_ID or run `sellkit auth login amazon`"
            );
            return vec![Resource::Orders, Resource::Inventory, Resource::Ledger];
        }
        vec![
            Resource::Orders,
            Resource::Listings,
            Resource::Inventory,
            Resource::Offers,
            Resource::Ledger,
        ]
    }

    async fn shop(&mut self) -> Result<ShopKey> {
        let market = self.cfg.marketplace_id.clone();
        let seller = self
            .tokens
            .creds
            .get("seller_id")
            .map(|s| s.expose().to_string());
        let external_id = match &seller {
            Some(s) => format!("{s}:{market}"),
            None => market.clone(),
        };
        Ok(ShopKey {
            channel: "amazon",
            name: format!("Amazon ({market})"),
            currency: marketplace_currency(&market),
            external_id,
        })
    }

    async fn pull(
        &mut self,
        shop: &ShopKey,
        resource: Resource,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        match resource {
            Resource::Orders => self.orders(shop, since, page).await,
            Resource::Listings => self.listings(shop, since, page).await,
            Resource::Inventory => self.inventory(since, page).await,
            Resource::Offers => self.offers(page).await,
            Resource::Ledger => self.ledger(shop, since, page).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{AmazonConfig, Settings};

    fn settings(toml: &str) -> AmazonConfig {
        AmazonConfig::resolve(&Settings::from_toml(toml).unwrap()).unwrap()
    }

    #[test]
    fn region_sandbox_and_overrides() {
        let c = AmazonEndpoint::from_config(&settings("")).unwrap();
        assert_eq!(c.endpoint, "https://sellingpartnerapi-na.amazon.com");
        assert_eq!(c.token_url, TOKEN_URL);
        assert_eq!(c.marketplace_id, "ATVPDKIKX0DER");
        let c = AmazonEndpoint::from_config(&settings(
            "[amazon]\nregion = \"eu\"\nsandbox = \"on\"\nmarketplace_id = \"A1F83G8C2ARO7P\"\n",
        ))
        .unwrap();
        assert_eq!(
            c.endpoint,
            "https://sandbox.sellingpartnerapi-eu.amazon.com"
        );
        assert_eq!(marketplace_currency(&c.marketplace_id).code(), "GBP");
        let c = AmazonEndpoint::from_config(&settings(
            "[amazon]\nendpoint = \"http://127.0.0.1:9\"\ntoken_url = \"http://127.0.0.1:9/auth/o2/token\"\n",
        ))
        .unwrap();
        assert_eq!(c.endpoint, "http://127.0.0.1:9");
        assert_eq!(c.token_url, "http://127.0.0.1:9/auth/o2/token");
    }

    #[test]
    fn without_a_seller_id_listings_and_offers_are_left_out() {
        let store = crate::auth::KeyStore::memory();
        for (k, v) in [
            ("client_id", "i"),
            ("client_secret", "s"),
            ("refresh_token", "r"),
        ] {
            store.set(&format!("amazon.{k}"), v).unwrap();
        }
        let spec = crate::auth::service("amazon").unwrap();
        let creds = Credentials::load(spec, &Default::default(), &store).unwrap();
        let cfg = AmazonEndpoint::new("http://127.0.0.1:9", "ATVPDKIKX0DER");
        let c = AmazonConnector::new(
            cfg.clone(),
            creds,
            jiff::Timestamp::UNIX_EPOCH,
            ClientConfig::default(),
        )
        .unwrap();
        assert_eq!(
            c.resources(),
            vec![Resource::Orders, Resource::Inventory, Resource::Ledger]
        );
        store.set("amazon.seller_id", "A2S").unwrap();
        let creds = Credentials::load(spec, &Default::default(), &store).unwrap();
        let c = AmazonConnector::new(
            cfg,
            creds,
            jiff::Timestamp::UNIX_EPOCH,
            ClientConfig::default(),
        )
        .unwrap();
        assert_eq!(c.resources().len(), 5);
        assert_eq!(c.resources().last(), Some(&Resource::Ledger));
    }

    #[test]
    fn the_quota_header_is_a_number_or_nothing() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("x-amzn-ratelimit-limit", "0.5".parse().unwrap());
        assert_eq!(
            quota(&h).as_deref(),
            Some("amazon: 0.5 requests/s allowed for the last operation")
        );
        for junk in ["string", "-1", "NaN", "1e400"] {
            h.insert("x-amzn-ratelimit-limit", junk.parse().unwrap());
            assert_eq!(quota(&h), None, "{junk}");
        }
    }

    #[test]
    fn gzip_is_sniffed_and_charsets_named() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"sku\tprice\n").unwrap();
        let gz = e.finish().unwrap();
        assert_eq!(
            decompress("R1", Some("GZIP"), &gz).unwrap(),
            b"sku\tprice\n"
        );
        assert_eq!(decompress("R1", None, &gz).unwrap(), b"sku\tprice\n");
        assert_eq!(decompress("R1", Some("GZIP"), b"plain").unwrap(), b"plain");
        let bad = [0x1f, 0x8b, 0, 1, 2];
        assert!(
            decompress("R1", Some("GZIP"), &bad)
                .unwrap_err()
                .to_string()
                .contains("not valid gzip")
        );
        assert_eq!(
            forced_encoding(Some("Cp1252")),
            Some(ForcedEncoding::Windows1252)
        );
        assert_eq!(forced_encoding(Some("utf8")), Some(ForcedEncoding::Utf8));
        assert_eq!(forced_encoding(Some("Shift_JIS")), None);
        assert_eq!(order_status("Canceled"), "cancelled");
        assert_eq!(order_status("PartiallyShipped"), "paid");
    }

    #[test]
    fn the_new_buy_box_is_price_id_1_else_a_new_condition_price() {
        let parse =
            |v: serde_json::Value| -> CompetitivePricing { serde_json::from_value(v).unwrap() };
        let price = |id: &str, cond: &str, amount: f64| {
            json!({"CompetitivePriceId": id, "condition": cond,
                   "Price": {"ListingPrice": {"CurrencyCode": "USD", "Amount": amount}}})
        };
        let both = parse(json!({
            "CompetitivePrices": [price("2", "Used", 5.0), price("1", "New", 20.0)],
            "NumberOfOfferListings": []
        }));
        assert_eq!(
            new_buy_box(&both).unwrap().price.listing_price.amount.0,
            "20.0"
        );
        // Sandbox answers carry arbitrary ids: the condition decides then.
        let by_condition = parse(json!({
            "CompetitivePrices": [price("4545645646", "used", 5.0), price("777", "new", 12.5)],
            "NumberOfOfferListings": [{"Count": 3, "condition": "new"}]
        }));
        assert_eq!(
            new_buy_box(&by_condition)
                .unwrap()
                .price
                .listing_price
                .amount
                .0,
            "12.5"
        );
        let used_only = parse(json!({
            "CompetitivePrices": [price("2", "Used", 5.0)],
            "NumberOfOfferListings": []
        }));
        assert!(new_buy_box(&used_only).is_none());
    }
}
