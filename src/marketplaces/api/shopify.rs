//! Shopify Admin GraphQL connector: product variants (listings, SKUs, prices, available
//! quantity), inventory levels (on hand per SKU, summed over locations), orders with shipping
//! address, line items, discounts, shipping and taxes, and the Shopify Payments balance
//! transactions and payouts ([`ledger`]).
//!
//! `POST {base}/admin/api/{version}/graphql.json` with `X-Shopify-Access-Token`. Pagination is by
//! cursor (`pageInfo.hasNextPage` / `endCursor`); orders are pulled with `updated_at:>=` for
//! incremental syncs. Shopify meters by query cost in a leaky bucket: every answer's
//! `extensions.cost.throttleStatus` (`currentlyAvailable`, `restoreRate`) is read and the next
//! query waits until the bucket holds its cost. A `THROTTLED` error in the GraphQL `errors`
//! array (with HTTP 200) is waited out and retried, a bounded number of times.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::client::{ApiClient, Bucket, ClientConfig};
use super::{Connector, Page, Reject, Resource};
use crate::auth::{Credentials, Secret};
use crate::error::{Error, Result};
use crate::marketplaces::sink::{LineRec, ListingRec, OrderLevel, OrderRec, Record, ShopKey};
use crate::money::{Currency, Money};

/// Page sizes, chosen so that each query's requested cost (connections cost 2 plus their size
/// times the cost of a node, objects 1) stays near 500 points, half of Shopify's 1,000-point
/// limit per query: variants about 300, inventory about 580, orders about 500.
pub const VARIANTS_PAGE: u32 = 100;
pub const INVENTORY_PAGE: u32 = 25;
pub const INVENTORY_LEVELS: u32 = 10;
pub const ORDERS_PAGE: u32 = 10;
pub const ORDER_LINES: u32 = 10;
pub const MORE_LINES_PAGE: u32 = 100;

/// Where and how fast the connector calls Shopify.
#[derive(Debug, Clone)]
pub struct ShopifyEndpoint {
    /// The full GraphQL endpoint.
    pub endpoint: String,
    pub bucket: Bucket,
    pub client: ClientConfig,
}

impl ShopifyEndpoint {
    /// From the `[shopify]` and `[sync]` config; the endpoint is built from the credentials'
    /// shop domain unless `shopify.base_url` is set.
    pub fn from_config(
        shopify: &crate::settings::ShopifyConfig,
        sync: &crate::settings::SyncConfig,
        creds: &Credentials,
    ) -> Result<Self> {
        let version = shopify.api_version.get();
        let valid = version.len() == 7
            && version.as_bytes()[4] == b'-'
            && version
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 4 || b.is_ascii_digit());
        if !valid && version != "unstable" {
            return Err(Error::config(format!(
                "config shopify.api_version: {version:?} is not a version like 2026-01"
            )));
        }
        let base = match shopify.base_url.as_deref() {
            Some(b) => b.trim_end_matches('/').to_string(),
            None => {
                creds.require()?;
                format!("https://{}", shop_domain(creds.field("shop")?.expose())?)
            }
        };
        let rate = *shopify.rate_per_second;
        Ok(ShopifyEndpoint {
            endpoint: format!("{base}/admin/api/{version}/graphql.json"),
            bucket: Bucket {
                rate,
                burst: rate.ceil().max(1.0) as u32,
            },
            client: super::client_config(sync),
        })
    }
}

/// `my-shop` or `my-shop.myshopify.com` or `https://my-shop.myshopify.com/` → the domain.
pub fn shop_domain(text: &str) -> Result<String> {
    let t = text.trim();
    let t = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(t)
        .trim_end_matches('/');
    let ok = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if !ok {
        return Err(Error::config(format!(
            "shopify credentials: shop {t:?} is not a shop domain like my-shop.myshopify.com; fix it with `sellkit auth login shopify` or SELLKIT_SHOPIFY_SHOP"
        )));
    }
    Ok(if t.contains('.') {
        t.to_ascii_lowercase()
    } else {
        format!("{}.myshopify.com", t.to_ascii_lowercase())
    })
}

/// The cost bucket as Shopify last reported it.
#[derive(Debug, Clone, Copy)]
struct Throttle {
    available: f64,
    maximum: f64,
    restore: f64,
    at: Instant,
}

impl Throttle {
    /// How long to wait before a query of `cost` points fits.
    fn wait_for(&self, cost: f64) -> Duration {
        let now = (self.available + self.restore * self.at.elapsed().as_secs_f64())
            .min(self.maximum.max(self.available));
        if now >= cost || self.restore <= 0.0 {
            return Duration::ZERO;
        }
        // A query dearer than the whole bucket can only wait for a full bucket.
        let need = cost.min(self.maximum.max(1.0)) - now;
        Duration::from_secs_f64((need / self.restore).max(0.0))
    }
}

pub struct ShopifyConnector {
    client: ApiClient,
    token: Secret,
    endpoint: String,
    throttle: Option<Throttle>,
    /// The requested cost of each query as Shopify last computed it.
    costs: HashMap<&'static str, f64>,
    /// Time spent waiting for the cost bucket (for the tests and the benchmark).
    pub waited: Duration,
    currency: Option<Currency>,
}

impl ShopifyConnector {
    pub fn new(cfg: ShopifyEndpoint, creds: &Credentials) -> Result<ShopifyConnector> {
        creds.require()?;
        let client = ApiClient::new("shopify", cfg.client)?.with_default_limit(cfg.bucket);
        Ok(ShopifyConnector {
            client,
            token: creds.field("access_token")?.clone(),
            endpoint: cfg.endpoint,
            throttle: None,
            costs: HashMap::new(),
            waited: Duration::ZERO,
            currency: None,
        })
    }

    fn api_error(op: &str, what: impl std::fmt::Display) -> Error {
        Error::api(format!("shopify {op}: {what}"))
    }

    /// Runs one query and returns its `data`, pacing by query cost and retrying THROTTLED.
    async fn query<T: DeserializeOwned>(
        &mut self,
        op: &'static str,
        query: &str,
        variables: Value,
        estimate: f64,
    ) -> Result<T> {
        match self
            .query_inner(op, query, variables, estimate, false)
            .await?
        {
            Answer::Data(d) => Ok(d),
            Answer::Denied(why) => Err(Self::api_error(op, why)),
        }
    }

    /// [`Self::query`]; with `allow_denied`, an `ACCESS_DENIED` error or an HTTP 403 (the token
    /// lacks a scope) comes back as [`Answer::Denied`] with what Shopify said, not as an error.
    async fn query_inner<T: DeserializeOwned>(
        &mut self,
        op: &'static str,
        query: &str,
        variables: Value,
        estimate: f64,
        allow_denied: bool,
    ) -> Result<Answer<T>> {
        let pass: &[reqwest::StatusCode] = if allow_denied {
            &[reqwest::StatusCode::FORBIDDEN]
        } else {
            &[]
        };
        let body = json!({"query": query, "variables": variables});
        let max_throttled = self.client.config().max_retries.max(1);
        let mut throttled = 0usize;
        loop {
            let cost = self.costs.get(op).copied().unwrap_or(estimate);
            if let Some(t) = &self.throttle {
                let wait = t.wait_for(cost);
                if !wait.is_zero() {
                    tracing::debug!(
                        op,
                        cost,
                        wait_ms = wait.as_millis() as u64,
                        "waiting for the query cost bucket"
                    );
                    self.waited += wait;
                    tokio::time::sleep(wait).await;
                }
            }
            let token = self.token.expose();
            let url = &self.endpoint;
            let resp = self
                .client
                .send_passing(op, pass, |h| {
                    h.post(url)
                        .header("X-Shopify-Access-Token", token)
                        .json(&body)
                })
                .await
                .map_err(|e| self.client.fail(op, e))?;
            if pass.contains(&resp.status()) {
                let status = resp.status();
                let text = resp.text().await.unwrap_or_default();
                let text: String = crate::output::sanitize::one_line(&text)
                    .chars()
                    .take(300)
                    .collect();
                return Ok(Answer::Denied(format!("HTTP {status}: {text}")));
            }
            let answer: GqlAnswer = self.client.parse(op, resp).await?;
            if let Some(c) = answer.extensions.as_ref().and_then(|e| e.cost.as_ref()) {
                if let Some(r) = c.requested_query_cost {
                    self.costs.insert(op, r);
                }
                if let Some(ts) = &c.throttle_status {
                    self.throttle = Some(Throttle {
                        available: ts.currently_available,
                        maximum: ts.maximum_available,
                        restore: ts.restore_rate,
                        at: Instant::now(),
                    });
                    let q = format!(
                        "{} of {} query cost points available ({} restored per second)",
                        ts.currently_available as i64, ts.maximum_available as i64, ts.restore_rate
                    );
                    self.client.record(|s| s.quota = Some(q));
                }
            }
            let errors = answer.errors.unwrap_or_default();
            if errors.iter().any(GqlError::is_throttled) {
                throttled += 1;
                self.client.record(|s| s.throttled += 1);
                if throttled > max_throttled {
                    return Err(Self::api_error(
                        op,
                        format!("THROTTLED by Shopify after {throttled} attempts; try again later"),
                    ));
                }
                self.client.record(|s| s.retries += 1);
                // Without a throttle status, wait one second per attempt.
                let wait = match &self.throttle {
                    Some(t) => t.wait_for(cost).max(Duration::from_millis(50)),
                    None => Duration::from_secs(throttled as u64),
                };
                tracing::info!(
                    "shopify {op}: THROTTLED; retrying in {} ms",
                    wait.as_millis()
                );
                self.waited += wait;
                tokio::time::sleep(wait).await;
                continue;
            }
            if let Some(e) = errors.first() {
                let more = if errors.len() > 1 {
                    format!(" (and {} more errors)", errors.len() - 1)
                } else {
                    String::new()
                };
                let code = e
                    .extensions
                    .as_ref()
                    .and_then(|x| x.code.as_deref())
                    .map(|c| format!("{c}: "))
                    .unwrap_or_default();
                let msg = crate::output::sanitize::one_line(&e.message);
                if allow_denied && let Some(d) = errors.iter().find(|e| e.is_access_denied()) {
                    let msg = crate::output::sanitize::one_line(&d.message);
                    return Ok(Answer::Denied(format!("ACCESS_DENIED: {msg}")));
                }
                return Err(Self::api_error(
                    op,
                    format!("GraphQL error {code}{msg}{more}"),
                ));
            }
            let data = answer.data.filter(|d| !d.is_null()).ok_or_else(|| {
                Self::api_error(
                    op,
                    "the answer has no data; it is not what the API documents",
                )
            })?;
            return serde_json::from_value(data).map(Answer::Data).map_err(|e| {
                Self::api_error(
                    op,
                    format!("the answer is not what the API documents ({e})"),
                )
            });
        }
    }

    fn currency(&self) -> Currency {
        self.currency.unwrap_or(Currency::USD)
    }

    async fn pull_variants(&mut self, shop: &ShopKey, page: Option<&str>) -> Result<Page> {
        let d: VariantsData = self
            .query(
                "productVariants",
                VARIANTS_QUERY,
                json!({"first": VARIANTS_PAGE, "after": page}),
                f64::from(2 + VARIANTS_PAGE * 3),
            )
            .await?;
        let cur = self.currency();
        let mut records = Vec::new();
        let mut rejects = Vec::new();
        let n = d.product_variants.nodes.len() as u64;
        for v in d.product_variants.nodes {
            let id = v.legacy_resource_id.clone();
            let mut recs = Vec::new();
            match map_variant(shop, cur, v, &mut recs) {
                Ok(()) => records.extend(recs),
                Err(e) => rejects.push(reject("productVariants", &id, e)),
            }
        }
        Ok(Page {
            records,
            next: next_cursor(&d.product_variants.page_info),
            newest: None,
            info: guard_info("productVariants", n),
            rejects,
            validated: 0,
            unavailable: None,
        })
    }

    async fn pull_inventory(&mut self, page: Option<&str>) -> Result<Page> {
        let d: InventoryData = self
            .query(
                "inventoryItems",
                INVENTORY_QUERY,
                json!({"first": INVENTORY_PAGE, "after": page, "levels": INVENTORY_LEVELS}),
                f64::from(2 + INVENTORY_PAGE * (3 + 2 * INVENTORY_LEVELS)),
            )
            .await?;
        let mut records = Vec::new();
        let n = d.inventory_items.nodes.len() as u64;
        for item in d.inventory_items.nodes {
            let Some(sku) = item.sku.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
                continue;
            };
            if !item.tracked {
                continue;
            }
            if item.inventory_levels.page_info.has_next_page {
                tracing::warn!(
                    "shopify: SKU {} is stocked at more than {INVENTORY_LEVELS} locations; on hand counts the first {INVENTORY_LEVELS}",
                    crate::output::sanitize::one_line(sku)
                );
            }
            let on_hand: i64 = item
                .inventory_levels
                .nodes
                .iter()
                .flat_map(|l| l.quantities.iter())
                .filter(|q| q.name == "on_hand")
                .map(|q| q.quantity)
                .sum();
            records.push(Record::Inventory {
                sku: sku.to_string(),
                location: "shopify",
                on_hand,
            });
        }
        Ok(Page {
            records,
            next: next_cursor(&d.inventory_items.page_info),
            newest: None,
            info: guard_info("inventoryItems", n),
            ..Page::default()
        })
    }

    async fn pull_orders(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        let filter = since.map(|s| format!("updated_at:>='{s}'"));
        let d: OrdersData = self
            .query(
                "orders",
                ORDERS_QUERY,
                json!({"first": ORDERS_PAGE, "after": page, "query": filter, "lines": ORDER_LINES}),
                f64::from(2 + ORDERS_PAGE * (10 + ORDER_LINES * 4)),
            )
            .await?;
        let mut records = Vec::new();
        let mut rejects = Vec::new();
        let mut newest: Option<String> = None;
        let n = d.orders.nodes.len() as u64;
        for mut o in d.orders.nodes {
            let mut after = o.line_items.page_info.end_cursor.clone();
            let mut more = o.line_items.page_info.has_next_page;
            // An order's further line items page on their own, guarded like any walk; each page
            // draws on --max-pages.
            let mut walk = self.client.nested_walk("order lineItems");
            let first = guard_info("order lineItems", o.line_items.nodes.len() as u64);
            let mut next = walk
                .advance(
                    None,
                    &first,
                    more.then(|| after.clone().unwrap_or_default()),
                )
                .map_err(|e| Error::api(format!("{e} (order {})", gid_tail(&o.id))))?;
            // A lines page that names a next one its counts contradict: the order's lines
            // cannot be known complete, so the order is rejected.
            let mut cut = walk.take_cut();
            if next.is_none() {
                more = false;
            }
            while more {
                if !self.client.take_page() {
                    return Ok(Page::default());
                }
                let m: MoreLinesData = self
                    .query(
                        "order lineItems",
                        MORE_LINES_QUERY,
                        json!({"id": o.id, "after": after, "first": MORE_LINES_PAGE}),
                        f64::from(3 + MORE_LINES_PAGE * 4),
                    )
                    .await?;
                let Some(order) = m.order else {
                    break;
                };
                let at = next.take();
                let info = guard_info("order lineItems", order.line_items.nodes.len() as u64);
                more = order.line_items.page_info.has_next_page;
                after = order.line_items.page_info.end_cursor;
                o.line_items.nodes.extend(order.line_items.nodes);
                next = walk
                    .advance(
                        at.as_deref(),
                        &info,
                        more.then(|| after.clone().unwrap_or_default()),
                    )
                    .map_err(|e| Error::api(format!("{e} (order {})", gid_tail(&o.id))))?;
                cut = cut.or(walk.take_cut());
                if next.is_none() {
                    more = false;
                }
            }
            let id = o.id.clone();
            if let Some(why) = cut {
                rejects.push(reject(
                    "order lineItems",
                    &id,
                    Error::input(format!("its line items cannot be known complete: {why}")),
                ));
                continue;
            }
            let rec = match map_order(shop, o) {
                Ok(r) => r,
                Err(e) => {
                    rejects.push(reject("orders", &id, e));
                    continue;
                }
            };
            if newest
                .as_deref()
                .is_none_or(|n| rec.updated_at.as_str() > n)
            {
                newest = Some(rec.updated_at.clone());
            }
            records.push(Record::Order(rec));
        }
        Ok(Page {
            records,
            next: next_cursor(&d.orders.page_info),
            newest,
            info: guard_info("orders", n),
            rejects,
            validated: 0,
            unavailable: None,
        })
    }
}

/// A Shopify page for the guards: cursor paging, no total, short pages allowed.
fn guard_info(op: &'static str, items: u64) -> super::PageInfo {
    super::PageInfo {
        op,
        items,
        ..super::PageInfo::default()
    }
}

/// A node that failed validation; GraphQL nodes are decoded whole, so the raw JSON kept is
/// the node's id.
fn reject(op: &'static str, id: &str, e: Error) -> Reject {
    Reject::new(op, &json!({"id": id}), &["id"], e)
}

/// The cursor of the next page; a page that says it has a next one but gives no cursor ends
/// the walk (an empty cursor is the end to the guards).
fn next_cursor(p: &PageInfo) -> Option<String> {
    if p.has_next_page {
        Some(p.end_cursor.clone().unwrap_or_default())
    } else {
        None
    }
}

impl Connector for ShopifyConnector {
    fn name(&self) -> &'static str {
        "shopify"
    }

    fn client(&self) -> &ApiClient {
        &self.client
    }

    fn resources(&self) -> Vec<Resource> {
        vec![
            Resource::Listings,
            Resource::Inventory,
            Resource::Orders,
            Resource::Ledger,
        ]
    }

    async fn shop(&mut self) -> Result<ShopKey> {
        let d: ShopData = self.query("shop", SHOP_QUERY, json!({}), 1.0).await?;
        let currency = Currency::new(&d.shop.currency_code).map_err(|_| {
            Self::api_error(
                "shop",
                format!("currencyCode {:?} is not a currency", d.shop.currency_code),
            )
        })?;
        self.currency = Some(currency);
        Ok(ShopKey {
            channel: "shopify",
            external_id: d.shop.myshopify_domain,
            name: d.shop.name,
            currency,
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
            Resource::Listings => self.pull_variants(shop, page).await,
            Resource::Inventory => self.pull_inventory(page).await,
            Resource::Orders => self.pull_orders(shop, since, page).await,
            Resource::Ledger => self.pull_ledger(shop, since, page).await,
            Resource::Offers => Ok(Page::default()),
        }
    }
}

// ---- queries (Admin GraphQL 2026-01) ----

pub const SHOP_QUERY: &str = "query Shop { shop { id name currencyCode myshopifyDomain } }";

pub const VARIANTS_QUERY: &str = "query Variants($first: Int!, $after: String) {
  productVariants(first: $first, after: $after, sortKey: ID) {
    pageInfo { hasNextPage endCursor }
    nodes {
      legacyResourceId sku title price inventoryQuantity updatedAt
      selectedOptions { name value }
      product { legacyResourceId handle title description status tags productType onlineStoreUrl }
    }
  }
}";

pub const INVENTORY_QUERY: &str = "query Inventory($first: Int!, $after: String, $levels: Int!) {
  inventoryItems(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      sku tracked
      inventoryLevels(first: $levels) {
        pageInfo { hasNextPage endCursor }
        nodes { quantities(names: [\"on_hand\"]) { name quantity } }
      }
    }
  }
}";

pub const ORDERS_QUERY: &str = "query Orders($first: Int!, $after: String, $query: String, $lines: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId name createdAt updatedAt cancelledAt
      displayFinancialStatus displayFulfillmentStatus currencyCode
      shippingAddress { city provinceCode zip countryCodeV2 }
      totalShippingPriceSet { shopMoney { amount currencyCode } }
      totalTaxSet { shopMoney { amount currencyCode } }
      totalDiscountsSet { shopMoney { amount currencyCode } }
      lineItems(first: $lines) {
        pageInfo { hasNextPage endCursor }
        nodes { id sku title quantity originalUnitPriceSet { shopMoney { amount currencyCode } } variant { legacyResourceId } }
      }
    }
  }
}";

pub const MORE_LINES_QUERY: &str = "query OrderLines($id: ID!, $after: String, $first: Int!) {
  order(id: $id) {
    lineItems(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id sku title quantity originalUnitPriceSet { shopMoney { amount currencyCode } } variant { legacyResourceId } }
    }
  }
}";

// ---- wire types ----

#[derive(Debug, Deserialize)]
struct GqlAnswer {
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    errors: Option<Vec<GqlError>>,
    #[serde(default)]
    extensions: Option<GqlExtensions>,
}

#[derive(Debug, Deserialize)]
struct GqlError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    extensions: Option<GqlErrorExt>,
}

impl GqlError {
    fn is_throttled(&self) -> bool {
        self.extensions
            .as_ref()
            .and_then(|e| e.code.as_deref())
            .is_some_and(|c| c == "THROTTLED")
    }

    fn is_access_denied(&self) -> bool {
        self.extensions
            .as_ref()
            .and_then(|e| e.code.as_deref())
            .is_some_and(|c| c == "ACCESS_DENIED")
    }
}

/// What a query that may be refused for a missing scope got.
enum Answer<T> {
    Data(T),
    /// Shopify's words for the refusal (`ACCESS_DENIED: …` or `HTTP 403 …`).
    Denied(String),
}

#[derive(Debug, Deserialize)]
struct GqlErrorExt {
    #[serde(default)]
    code: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GqlExtensions {
    #[serde(default)]
    cost: Option<GqlCost>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GqlCost {
    #[serde(default)]
    requested_query_cost: Option<f64>,
    #[serde(default)]
    throttle_status: Option<ThrottleStatus>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThrottleStatus {
    maximum_available: f64,
    currently_available: f64,
    restore_rate: f64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    #[serde(default)]
    end_cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Conn<T> {
    #[serde(rename = "pageInfo")]
    page_info: PageInfo,
    nodes: Vec<T>,
}

#[derive(Debug, Deserialize)]
struct ShopData {
    shop: ShopNode,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShopNode {
    name: String,
    currency_code: String,
    myshopify_domain: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VariantsData {
    product_variants: Conn<VariantNode>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VariantNode {
    legacy_resource_id: String,
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    title: String,
    price: String,
    #[serde(default)]
    inventory_quantity: Option<i64>,
    #[serde(default)]
    selected_options: Vec<SelectedOption>,
    product: ProductNode,
}

#[derive(Debug, Deserialize)]
struct SelectedOption {
    #[serde(default)]
    value: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProductNode {
    handle: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    product_type: Option<String>,
    #[serde(default)]
    online_store_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventoryData {
    inventory_items: Conn<InventoryItemNode>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventoryItemNode {
    #[serde(default)]
    sku: Option<String>,
    #[serde(default = "yes")]
    tracked: bool,
    inventory_levels: Conn<LevelNode>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct LevelNode {
    #[serde(default)]
    quantities: Vec<QuantityNode>,
}

#[derive(Debug, Deserialize)]
struct QuantityNode {
    name: String,
    quantity: i64,
}

#[derive(Debug, Deserialize)]
struct OrdersData {
    orders: Conn<OrderNode>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderNode {
    id: String,
    legacy_resource_id: String,
    created_at: String,
    updated_at: String,
    #[serde(default)]
    cancelled_at: Option<String>,
    #[serde(default)]
    display_financial_status: Option<String>,
    #[serde(default)]
    display_fulfillment_status: Option<String>,
    currency_code: String,
    #[serde(default)]
    shipping_address: Option<AddressNode>,
    total_shipping_price_set: MoneyBag,
    #[serde(default)]
    total_tax_set: Option<MoneyBag>,
    #[serde(default)]
    total_discounts_set: Option<MoneyBag>,
    line_items: Conn<LineNode>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddressNode {
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    province_code: Option<String>,
    #[serde(default)]
    zip: Option<String>,
    #[serde(default)]
    country_code_v2: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MoneyBag {
    shop_money: MoneyV2,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MoneyV2 {
    amount: String,
    currency_code: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LineNode {
    id: String,
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    title: Option<String>,
    quantity: i64,
    original_unit_price_set: MoneyBag,
    #[serde(default)]
    variant: Option<VariantRef>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VariantRef {
    legacy_resource_id: String,
}

#[derive(Debug, Deserialize)]
struct MoreLinesData {
    #[serde(default)]
    order: Option<MoreLinesOrder>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MoreLinesOrder {
    line_items: Conn<LineNode>,
}

// ---- mapping ----

fn money(m: &MoneyV2, cur: Currency, field: &str) -> Result<i64> {
    let c = Currency::new(&m.currency_code).map_err(|_| {
        Error::api(format!(
            "shopify: {field} currencyCode {:?} is not a currency",
            m.currency_code
        ))
    })?;
    if c != cur {
        return Err(Error::api(format!(
            "shopify: {field} is in {} but the order is in {}",
            c.code(),
            cur.code()
        )));
    }
    Money::parse_decimal(&m.amount, c)
        .map(|v| v.amount_minor)
        .map_err(|e| Error::api(format!("shopify: {field}: {e}")))
}

/// Shopify's ISO 8601 DateTime as stored text (UTC, whole seconds).
fn instant(text: &str, field: &str) -> Result<String> {
    text.parse::<jiff::Timestamp>()
        .map(crate::time::rfc3339)
        .map_err(|e| Error::api(format!("shopify: {field} {text:?} is not a time ({e})")))
}

/// `gid://shopify/LineItem/123` → `123`.
fn gid_tail(gid: &str) -> &str {
    gid.rsplit('/').next().unwrap_or(gid)
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn order_status(o: &OrderNode) -> &'static str {
    if o.cancelled_at.is_some() {
        return "cancelled";
    }
    match o.display_financial_status.as_deref().unwrap_or_default() {
        "REFUNDED" => "refunded",
        "VOIDED" => "cancelled",
        "PENDING" | "AUTHORIZED" | "EXPIRED" => "pending",
        _ if o.display_fulfillment_status.as_deref() == Some("FULFILLED") => "shipped",
        _ => "paid",
    }
}

fn map_order(shop: &ShopKey, o: OrderNode) -> Result<OrderRec> {
    let id = o.legacy_resource_id.clone();
    let f = |x: &str| format!("order {id} {x}");
    let cur = Currency::new(&o.total_shipping_price_set.shop_money.currency_code)
        .or_else(|_| Currency::new(&o.currency_code))
        .map_err(|_| {
            Error::api(format!(
                "shopify: {} currencyCode {:?} is not a currency",
                f(""),
                o.currency_code
            ))
        })?;
    let mut lines = Vec::with_capacity(o.line_items.nodes.len());
    for l in &o.line_items.nodes {
        let line_id = gid_tail(&l.id).to_string();
        let sku = match l.sku.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => s.to_string(),
            None => match &l.variant {
                Some(v) => format!("shopify:{}", v.legacy_resource_id),
                None => format!("shopify:line:{line_id}"),
            },
        };
        lines.push(LineRec {
            unit_price: money(
                &l.original_unit_price_set.shop_money,
                cur,
                &f(&format!("line {line_id} price")),
            )?,
            external_id: Some(line_id),
            sku,
            title: l.title.clone(),
            quantity: l.quantity,
            discount: 0,
            shipping: 0,
            tax: 0,
            fees: 0,
        });
    }
    let opt = |b: &Option<MoneyBag>, x: &str| -> Result<i64> {
        match b {
            Some(b) => money(&b.shop_money, cur, &f(x)),
            None => Ok(0),
        }
    };
    let addr = o.shipping_address.as_ref();
    Ok(OrderRec {
        shop: shop.clone(),
        external_id: id.clone(),
        ordered_at: instant(&o.created_at, &f("createdAt"))?,
        updated_at: instant(&o.updated_at, &f("updatedAt"))?,
        status: order_status(&o),
        currency: cur,
        ship_city: non_empty(addr.and_then(|a| a.city.clone())),
        ship_region: non_empty(addr.and_then(|a| a.province_code.clone())),
        ship_postal_code: non_empty(addr.and_then(|a| a.zip.clone())),
        ship_country: non_empty(addr.and_then(|a| a.country_code_v2.clone())),
        level: OrderLevel {
            discount: Some(opt(&o.total_discounts_set, "totalDiscountsSet")?),
            shipping: Some(money(
                &o.total_shipping_price_set.shop_money,
                cur,
                &f("totalShippingPriceSet"),
            )?),
            tax: Some(opt(&o.total_tax_set, "totalTaxSet")?),
            fees: None,
        },
        lines,
        summary: false,
    })
}

fn product_state(status: &str) -> &'static str {
    match status {
        "ACTIVE" => "active",
        "DRAFT" => "draft",
        _ => "inactive",
    }
}

fn map_variant(shop: &ShopKey, cur: Currency, v: VariantNode, out: &mut Vec<Record>) -> Result<()> {
    let p = &v.product;
    let options: Vec<&str> = v
        .selected_options
        .iter()
        .map(|o| o.value.as_str())
        .filter(|o| !o.is_empty() && *o != "Default Title")
        .collect();
    // The same ids as the products export, so an import and a sync meet on one listing.
    let external_id = if options.is_empty() {
        p.handle.clone()
    } else {
        format!("{}/{}", p.handle, options.join("/"))
    };
    let title = if options.is_empty() || v.title == "Default Title" {
        p.title.clone()
    } else {
        format!("{} - {}", p.title, options.join(" / "))
    };
    let price = Money::parse_decimal(&v.price, cur)
        .map_err(|e| {
            Error::api(format!(
                "shopify: variant {} price: {e}",
                v.legacy_resource_id
            ))
        })?
        .amount_minor;
    let sku = v
        .sku
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    if let Some(sku) = &sku {
        out.push(Record::Product {
            sku: sku.clone(),
            title: title.clone(),
            category: p.product_type.clone().filter(|t| !t.is_empty()),
            weight_g: None,
        });
    }
    out.push(Record::Listing(ListingRec {
        shop: shop.clone(),
        external_id,
        sku,
        title,
        description: p.description.clone(),
        tags: p.tags.clone(),
        price,
        currency: cur,
        quantity: v.inventory_quantity,
        state: product_state(&p.status),
        url: p.online_store_url.clone(),
    }));
    Ok(())
}

mod ledger;
pub use ledger::{BALANCE_TRANSACTIONS_QUERY, PAYOUTS_QUERY};

#[cfg(test)]
mod tests;
