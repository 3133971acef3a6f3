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

pub const TOKEN_URL: &str = "https://api.amazon.com/auth/o2/token";

/// The rate (requests per second) and burst of each operation, from the usage plans in the
/// models (Orders v0, Listings Items 2021-08-01, FBA Inventory v1, Product Pricing v0, Product
/// Fees v0, Reports 2021-06-30).
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
pub struct AmazonConfig {
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

impl AmazonConfig {
    pub fn new(endpoint: &str, marketplace_id: &str) -> AmazonConfig {
        AmazonConfig {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            token_url: TOKEN_URL.into(),
            marketplace_id: marketplace_id.into(),
            page_size: 100,
            rate_limits: true,
            report_poll: Duration::from_secs(30),
            report_max_polls: 240,
        }
    }

    pub fn from_settings(s: &crate::settings::Settings) -> Result<AmazonConfig> {
        let sandbox = s.get_text("amazon.sandbox")?.as_deref() == Some("on");
        let region = s.get_text("amazon.region")?.unwrap_or_else(|| "na".into());
        let endpoint = match s.get_text("amazon.endpoint")? {
            Some(e) => e,
            None => endpoint(&region, sandbox)?,
        };
        let market = s
            .get_text("amazon.marketplace_id")?
            .unwrap_or_else(|| "ATVPDKIKX0DER".into());
        let mut c = AmazonConfig::new(&endpoint, &market);
        if let Some(t) = s.get_text("amazon.token_url")? {
            c.token_url = t;
        }
        Ok(c)
    }
}

pub struct AmazonConnector {
    cfg: AmazonConfig,
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

// ---- wire types (only the fields sellkit reads) ----

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MoneyW {
    currency_code: String,
    amount: Decimal,
}

#[derive(Debug, Deserialize)]
struct Payload<T> {
    payload: T,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct OrdersList {
    #[serde(default)]
    orders: Vec<serde_json::Value>,
    #[serde(default)]
    next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AOrder {
    amazon_order_id: String,
    purchase_date: String,
    last_update_date: String,
    order_status: String,
    #[serde(default)]
    order_total: Option<MoneyW>,
    #[serde(default)]
    shipping_address: Option<AAddress>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AAddress {
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    state_or_region: Option<String>,
    #[serde(default)]
    postal_code: Option<String>,
    #[serde(default)]
    country_code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct OrderItemsList {
    #[serde(default)]
    order_items: Vec<serde_json::Value>,
    #[serde(default)]
    next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AOrderItem {
    #[serde(rename = "ASIN")]
    asin: String,
    #[serde(default)]
    seller_s_k_u: Option<String>,
    order_item_id: String,
    #[serde(default)]
    title: Option<String>,
    quantity_ordered: i64,
    #[serde(default)]
    item_price: Option<MoneyW>,
    #[serde(default)]
    shipping_price: Option<MoneyW>,
    #[serde(default)]
    item_tax: Option<MoneyW>,
    #[serde(default)]
    shipping_tax: Option<MoneyW>,
    #[serde(default)]
    shipping_discount: Option<MoneyW>,
    #[serde(default)]
    promotion_discount: Option<MoneyW>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListingsPage {
    #[serde(default)]
    items: Vec<serde_json::Value>,
    #[serde(default)]
    pagination: Option<Pagination>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pagination {
    #[serde(default)]
    next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListingItem {
    sku: String,
    #[serde(default)]
    summaries: Vec<ListingSummary>,
    #[serde(default)]
    offers: Vec<ListingOffer>,
    #[serde(default)]
    fulfillment_availability: Vec<FulfillmentAvailability>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListingSummary {
    marketplace_id: String,
    #[serde(default)]
    asin: Option<String>,
    #[serde(default)]
    item_name: Option<String>,
    #[serde(default)]
    status: Vec<String>,
    #[serde(default)]
    last_updated_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListingOffer {
    marketplace_id: String,
    #[serde(default)]
    offer_type: Option<String>,
    price: ListingPrice,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListingPrice {
    currency_code: String,
    amount: Decimal,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FulfillmentAvailability {
    fulfillment_channel_code: String,
    #[serde(default)]
    quantity: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventoryResponse {
    #[serde(default)]
    payload: Option<InventoryPayload>,
    #[serde(default)]
    pagination: Option<Pagination>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventoryPayload {
    #[serde(default)]
    inventory_summaries: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventorySummary {
    #[serde(default)]
    seller_sku: Option<String>,
    #[serde(default)]
    inventory_details: Option<InventoryDetails>,
    #[serde(default)]
    total_quantity: Option<i64>,
    #[serde(default)]
    last_updated_time: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventoryDetails {
    #[serde(default)]
    fulfillable_quantity: Option<i64>,
    #[serde(default)]
    inbound_working_quantity: Option<i64>,
    #[serde(default)]
    inbound_shipped_quantity: Option<i64>,
    #[serde(default)]
    inbound_receiving_quantity: Option<i64>,
    #[serde(default)]
    reserved_quantity: Option<ReservedQuantity>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReservedQuantity {
    #[serde(default)]
    total_reserved_quantity: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ItemOffers {
    #[serde(rename = "ASIN", default)]
    asin: Option<String>,
    #[serde(default)]
    offers: Vec<OfferDetail>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct OfferDetail {
    #[serde(default)]
    seller_id: Option<String>,
    listing_price: MoneyW,
    #[serde(default)]
    shipping: Option<MoneyW>,
    #[serde(default)]
    is_buy_box_winner: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FeesResult {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    fees_estimate_identifier: Option<FeesIdentifier>,
    #[serde(default)]
    fees_estimate: Option<FeesEstimate>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FeesIdentifier {
    #[serde(default)]
    id_value: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FeesEstimate {
    #[serde(default)]
    total_fees_estimate: Option<MoneyW>,
}

// ---- keyword research: searchCatalogItems + getCompetitivePricing ----

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CatalogSearch {
    #[serde(default)]
    number_of_results: i64,
    #[serde(default)]
    items: Vec<CatalogItem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CatalogItem {
    asin: String,
    #[serde(default)]
    sales_ranks: Vec<CatalogSalesRanks>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CatalogSalesRanks {
    marketplace_id: String,
    #[serde(default)]
    classification_ranks: Vec<CatalogRank>,
    #[serde(default)]
    display_group_ranks: Vec<CatalogRank>,
}

#[derive(Debug, Deserialize)]
struct CatalogRank {
    rank: i64,
}

#[derive(Debug, Deserialize)]
struct CompetitivePricingList {
    #[serde(default)]
    payload: Vec<CompetitivePrice>,
}

#[derive(Debug, Deserialize)]
struct CompetitivePrice {
    status: String,
    #[serde(rename = "ASIN")]
    asin: Option<String>,
    #[serde(rename = "Product")]
    product: Option<PricedProduct>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PricedProduct {
    competitive_pricing: Option<CompetitivePricing>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CompetitivePricing {
    #[serde(default)]
    competitive_prices: Vec<CompetitivePriceEntry>,
    #[serde(default)]
    number_of_offer_listings: Vec<OfferListingCount>,
}

#[derive(Debug, Deserialize)]
struct CompetitivePriceEntry {
    #[serde(rename = "CompetitivePriceId")]
    id: String,
    #[serde(rename = "Price")]
    price: CompetitivePriceAmounts,
    #[serde(default)]
    condition: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CompetitivePriceAmounts {
    listing_price: MoneyW,
}

#[derive(Debug, Deserialize)]
struct OfferListingCount {
    #[serde(rename = "Count")]
    count: i64,
    condition: String,
}

/// What Amazon's catalogue says about one keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordMarket {
    /// Amazon's estimate of the catalogue items matching the keyword (`numberOfResults`).
    pub results: i64,
    /// ASINs on the first page of results, whose prices were asked for.
    pub asins: usize,
    /// The New Buy Box listing price of each ASIN that has one (without shipping).
    pub prices: Vec<Money>,
    /// New offer listings summed over those ASINs.
    pub offer_listings: i64,
    /// The best (lowest) sales rank among those ASINs in this marketplace.
    pub best_sales_rank: Option<i64>,
}

/// The New Buy Box price of an item: CompetitivePriceId 1, or a price whose condition is New.
fn new_buy_box(p: &CompetitivePricing) -> Option<&CompetitivePriceEntry> {
    p.competitive_prices
        .iter()
        .find(|c| c.id == "1")
        .or_else(|| {
            p.competitive_prices.iter().find(|c| {
                c.condition
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("new"))
            })
        })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreatedReport {
    report_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReportStatus {
    processing_status: String,
    #[serde(default)]
    report_document_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReportDocument {
    url: String,
    #[serde(default)]
    compression_algorithm: Option<String>,
}

// ---- mapping ----

fn order_status(s: &str) -> &'static str {
    match s {
        "Pending" | "PendingAvailability" => "pending",
        "Shipped" => "shipped",
        "Canceled" | "Unfulfillable" => "cancelled",
        _ => "paid",
    }
}

fn money(at: &At<'_>, field: &str, m: Option<&MoneyW>, currency: Currency) -> Result<i64> {
    match m {
        None => Ok(0),
        Some(m) => {
            let c = at.currency(&format!("{field}.CurrencyCode"), &m.currency_code)?;
            if c != currency {
                return Err(at.error(field, format!("is in {c}, the order in {currency}")));
            }
            at.minor(&format!("{field}.Amount"), &m.amount.0, currency)
        }
    }
}

fn map_order(shop: &ShopKey, o: &AOrder, items: &[AOrderItem]) -> Result<OrderRec> {
    let record = format!("order {}", o.amazon_order_id);
    let at = At {
        marketplace: "amazon",
        op: "getOrders",
        record: &record,
    };
    let code = o
        .order_total
        .as_ref()
        .map(|t| t.currency_code.as_str())
        .or_else(|| {
            items
                .iter()
                .find_map(|i| i.item_price.as_ref().map(|p| p.currency_code.as_str()))
        })
        .unwrap_or(shop.currency.code());
    let currency = at.currency("OrderTotal.CurrencyCode", code)?;
    let at_items = At {
        op: "getOrderItems",
        ..at
    };
    let mut lines = Vec::new();
    for i in items {
        let total = money(&at_items, "ItemPrice", i.item_price.as_ref(), currency)?;
        let shipping = money(
            &at_items,
            "ShippingPrice",
            i.shipping_price.as_ref(),
            currency,
        )?;
        let tax = money(&at_items, "ItemTax", i.item_tax.as_ref(), currency)?
            + money(&at_items, "ShippingTax", i.shipping_tax.as_ref(), currency)?;
        let discount = money(
            &at_items,
            "PromotionDiscount",
            i.promotion_discount.as_ref(),
            currency,
        )?
        .abs()
            + money(
                &at_items,
                "ShippingDiscount",
                i.shipping_discount.as_ref(),
                currency,
            )?
            .abs();
        if i.quantity_ordered < 0 {
            return Err(at_items.error("QuantityOrdered", "is negative"));
        }
        let sku = i
            .seller_s_k_u
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| format!("asin:{}", i.asin));
        // ItemPrice is the line's total (price × quantity); amounts stay on the first part.
        for (n, (q, unit)) in split_total(total, i.quantity_ordered)
            .into_iter()
            .enumerate()
        {
            let first = n == 0;
            lines.push(LineRec {
                external_id: Some(i.order_item_id.clone()),
                sku: sku.clone(),
                title: i.title.clone(),
                quantity: q,
                unit_price: unit,
                discount: if first { discount } else { 0 },
                shipping: if first { shipping } else { 0 },
                tax: if first { tax } else { 0 },
                fees: 0,
            });
        }
    }
    let a = o.shipping_address.as_ref();
    let clean = |s: Option<&String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    Ok(OrderRec {
        shop: shop.clone(),
        external_id: o.amazon_order_id.clone(),
        ordered_at: at.instant("PurchaseDate", &o.purchase_date)?,
        updated_at: at.instant("LastUpdateDate", &o.last_update_date)?,
        status: order_status(&o.order_status),
        currency,
        ship_city: clean(a.and_then(|a| a.city.as_ref())),
        ship_region: clean(a.and_then(|a| a.state_or_region.as_ref())),
        ship_postal_code: clean(a.and_then(|a| a.postal_code.as_ref())),
        ship_country: at.country(
            "ShippingAddress.CountryCode",
            a.and_then(|a| a.country_code.as_ref()),
        )?,
        lines,
        level: OrderLevel::default(),
        summary: false,
    })
}

/// The records of one item of searchListingsItems; returns its change time.
fn map_listing_item(
    shop: &ShopKey,
    market: &str,
    item: &ListingItem,
    recs: &mut Vec<Record>,
) -> Result<Option<String>> {
    let mut newest_at: Option<String> = None;
    let record = format!("SKU {}", item.sku);
    let at = At {
        marketplace: "amazon",
        op: "searchListingsItems",
        record: &record,
    };
    let summary = item.summaries.iter().find(|s| s.marketplace_id == market);
    let title = summary
        .and_then(|s| s.item_name.clone())
        .unwrap_or_else(|| item.sku.clone());
    if let Some(d) = summary.and_then(|s| s.last_updated_date.as_deref()) {
        newest_at = newest(newest_at.take(), &at.instant("lastUpdatedDate", d)?);
    }
    let quantity = item
        .fulfillment_availability
        .iter()
        .find(|f| f.fulfillment_channel_code == "DEFAULT")
        .and_then(|f| f.quantity);
    recs.push(Record::Product {
        sku: item.sku.clone(),
        title: title.clone(),
        category: None,
        weight_g: None,
    });
    if let Some(q) = quantity {
        recs.push(Record::Inventory {
            sku: item.sku.clone(),
            location: "amazon",
            on_hand: q.max(0),
        });
    }
    let offer = item
        .offers
        .iter()
        .find(|o| o.marketplace_id == market && o.offer_type.as_deref().unwrap_or("B2C") == "B2C");
    let Some(offer) = offer else {
        return Ok(newest_at);
    };
    let currency = at.currency("offers.price.currencyCode", &offer.price.currency_code)?;
    let status = summary.map(|s| s.status.as_slice()).unwrap_or_default();
    let state = if status.iter().any(|s| s == "BUYABLE") {
        "active"
    } else {
        "inactive"
    };
    recs.push(Record::Listing(ListingRec {
        shop: shop.clone(),
        external_id: item.sku.clone(),
        sku: Some(item.sku.clone()),
        title,
        description: String::new(),
        tags: Vec::new(),
        price: at.minor("offers.price.amount", &offer.price.amount.0, currency)?,
        currency,
        quantity,
        state,
        url: summary
            .and_then(|s| s.asin.as_ref())
            .map(|a| format!("https://www.amazon.com/dp/{a}")),
    }));
    Ok(newest_at)
}

/// One FBA inventory summary as a stock record (with its change time); `None` without a SKU.
fn map_summary(s: InventorySummary) -> Result<Option<(Option<String>, Record)>> {
    let mut newest_at: Option<String> = None;
    let Some(sku) = s.seller_sku.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let record = format!("SKU {sku}");
    let at = At {
        marketplace: "amazon",
        op: "getInventorySummaries",
        record: &record,
    };
    if let Some(t) = &s.last_updated_time {
        newest_at = newest(newest_at.take(), &at.instant("lastUpdatedTime", t)?);
    }
    let d = s.inventory_details.as_ref();
    let on_hand = d
        .and_then(|d| d.fulfillable_quantity)
        .or(s.total_quantity)
        .unwrap_or(0);
    let reserved = d
        .and_then(|d| d.reserved_quantity.as_ref())
        .and_then(|r| r.total_reserved_quantity)
        .unwrap_or(0);
    let inbound = d.map_or(0, |d| {
        d.inbound_working_quantity.unwrap_or(0)
            + d.inbound_shipped_quantity.unwrap_or(0)
            + d.inbound_receiving_quantity.unwrap_or(0)
    });
    Ok(Some((
        newest_at,
        Record::Stock {
            sku,
            location: "amazon-fba",
            on_hand,
            reserved,
            inbound,
        },
    )))
}

/// Competitors' offers for one ASIN (getItemOffers) as records.
fn map_item_offers(asin: &str, sku: &str, offers: ItemOffers) -> Result<Vec<Record>> {
    let mut recs = Vec::new();
    let record = format!("ASIN {asin}");
    let at = At {
        marketplace: "amazon",
        op: "getItemOffers",
        record: &record,
    };
    for o in offers.offers {
        let currency = at.currency(
            "Offers.ListingPrice.CurrencyCode",
            &o.listing_price.currency_code,
        )?;
        let shipping = match &o.shipping {
            Some(s) if s.currency_code == o.listing_price.currency_code => {
                at.minor("Offers.Shipping.Amount", &s.amount.0, currency)?
            }
            _ => 0,
        };
        recs.push(Record::Offer(OfferRec {
            marketplace: "amazon",
            sku: Some(sku.to_string()),
            product_ref: Some(offers.asin.clone().unwrap_or_else(|| asin.to_string())),
            seller: o.seller_id.unwrap_or_else(|| "unknown".into()),
            title: None,
            price: at.minor(
                "Offers.ListingPrice.Amount",
                &o.listing_price.amount.0,
                currency,
            )?,
            shipping,
            currency,
            is_featured: o.is_buy_box_winner.unwrap_or(false),
            source: "amazon-pricing",
        }));
    }
    Ok(recs)
}

/// Which bulk report `sync amazon --report` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// All Orders by last update (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL)
    Orders,
    /// All Listings (GET_MERCHANT_LISTINGS_ALL_DATA)
    Listings,
}

impl ReportKind {
    pub fn report_type(self) -> &'static str {
        match self {
            ReportKind::Orders => "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
            ReportKind::Listings => "GET_MERCHANT_LISTINGS_ALL_DATA",
        }
    }
    fn format(self) -> Format {
        match self {
            ReportKind::Orders => Format::AmazonOrders,
            ReportKind::Listings => Format::AmazonListings,
        }
    }
}

/// What a report backfill did.
#[derive(Debug, Clone, Serialize)]
pub struct ReportSummary {
    pub marketplace: &'static str,
    pub shop: String,
    pub report_type: &'static str,
    pub report_id: String,
    /// CANCELLED reports (no data in the window) are not an error: nothing is written.
    pub processing_status: String,
    pub compression: Option<String>,
    pub bytes: u64,
    pub encoding: String,
    pub rows: u64,
    pub counts: Counts,
    pub calls: super::CallStats,
}

impl AmazonConnector {
    pub fn new(
        cfg: AmazonConfig,
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

    /// A keyword's competition and price band: searchCatalogItems (first page of up to 20
    /// items, with sales ranks), then getCompetitivePricing for those ASINs in one call.
    pub async fn keyword_market(&mut self, keyword: &str) -> Result<KeywordMarket> {
        let market = self.cfg.marketplace_id.clone();
        let url = self.url("/catalog/2022-04-01/items");
        let q = [
            ("keywords", keyword.to_string()),
            ("marketplaceIds", market.clone()),
            ("includedData", "summaries,salesRanks".to_string()),
            ("pageSize", "20".to_string()),
        ];
        let found: CatalogSearch = self.get("searchCatalogItems", &url, &q).await?;
        let mut asins: Vec<String> = Vec::new();
        let mut best_sales_rank: Option<i64> = None;
        for item in &found.items {
            if item.asin.is_empty() || asins.contains(&item.asin) {
                continue;
            }
            asins.push(item.asin.clone());
            let ranks = item
                .sales_ranks
                .iter()
                .filter(|r| r.marketplace_id == market)
                .flat_map(|r| r.display_group_ranks.iter().chain(&r.classification_ranks))
                .map(|r| r.rank)
                .filter(|r| *r > 0);
            for r in ranks {
                best_sales_rank = Some(best_sales_rank.map_or(r, |b| b.min(r)));
            }
        }
        asins.truncate(20);
        let mut out = KeywordMarket {
            results: found.number_of_results.max(asins.len() as i64),
            asins: asins.len(),
            prices: Vec::new(),
            offer_listings: 0,
            best_sales_rank,
        };
        if asins.is_empty() {
            return Ok(out);
        }
        let url = self.url("/products/pricing/v0/competitivePrice");
        let q = [
            ("MarketplaceId", market),
            ("ItemType", "Asin".to_string()),
            ("Asins", asins.join(",")),
        ];
        let priced: CompetitivePricingList = self.get("getCompetitivePricing", &url, &q).await?;
        for p in priced.payload {
            if !p.status.eq_ignore_ascii_case("success") {
                continue;
            }
            let Some(cp) = p.product.and_then(|p| p.competitive_pricing) else {
                continue;
            };
            out.offer_listings += cp
                .number_of_offer_listings
                .iter()
                .filter(|n| n.condition.eq_ignore_ascii_case("new"))
                .map(|n| n.count.max(0))
                .sum::<i64>();
            let Some(entry) = new_buy_box(&cp) else {
                continue;
            };
            let record = format!("ASIN {}", p.asin.as_deref().unwrap_or("?"));
            let at = At {
                marketplace: "amazon",
                op: "getCompetitivePricing",
                record: &record,
            };
            let price = &entry.price.listing_price;
            let currency = at.currency("Price.ListingPrice.CurrencyCode", &price.currency_code)?;
            let minor = at.minor("Price.ListingPrice.Amount", &price.amount.0, currency)?;
            out.prices.push(Money::new(minor, currency));
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

    /// Creates a report, waits for it, downloads and decompresses its document.
    /// Returns (report id, final status, compression, bytes, charset from Content-Type).
    async fn fetch_report(
        &mut self,
        kind: ReportKind,
        since: Option<&str>,
    ) -> Result<(String, String, Option<String>, Vec<u8>, Option<String>)> {
        let mut spec = json!({
            "reportType": kind.report_type(),
            "marketplaceIds": [self.cfg.marketplace_id],
        });
        if let Some(s) = since {
            spec["dataStartTime"] = json!(s);
        }
        let url = self.url("/reports/2021-06-30/reports");
        let created: CreatedReport =
            json_authed(&self.client, &mut self.tokens, "createReport", |h, t| {
                h.post(&url).header("x-amz-access-token", t).json(&spec)
            })
            .await?;
        let id = created.report_id;
        let url = self.url(&format!("/reports/2021-06-30/reports/{}", urlencode(&id)));
        let mut polls = 0u32;
        let doc_id = loop {
            let st: ReportStatus = self.get("getReport", &url, &[]).await?;
            match st.processing_status.as_str() {
                "DONE" => match st.report_document_id {
                    Some(d) => break d,
                    None => {
                        return Err(Error::api(format!(
                            "amazon getReport: report {id} is DONE but names no reportDocumentId"
                        )));
                    }
                },
                "CANCELLED" => return Ok((id, st.processing_status, None, Vec::new(), None)),
                "FATAL" => {
                    return Err(Error::api(format!(
                        "amazon getReport: report {id} failed at Amazon (FATAL); request it again later"
                    )));
                }
                _ => {}
            }
            polls += 1;
            if polls >= self.cfg.report_max_polls {
                return Err(Error::api(format!(
                    "amazon getReport: report {id} still {} after {polls} polls; run the backfill again later",
                    st.processing_status
                )));
            }
            tokio::time::sleep(self.cfg.report_poll).await;
        };
        let url = self.url(&format!(
            "/reports/2021-06-30/documents/{}",
            urlencode(&doc_id)
        ));
        let doc: ReportDocument = self.get("getReportDocument", &url, &[]).await?;
        // The document URL is pre-signed: no access token goes with it.
        let doc_url = url::Url::parse(&doc.url)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some())
            .ok_or_else(|| {
                Error::api(format!(
                    "amazon getReportDocument: report {id}: the document URL is not an http(s) URL ({}); the answer is not what the API documents",
                    super::paging::show_cursor(Some(&doc.url)).trim_start_matches("cursor ")
                ))
            })?;
        let resp = self
            .client
            .send("report download", |h| h.get(doc_url.clone()))
            .await
            .map_err(|e| self.client.fail("report download", e))?;
        let charset = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|ct| {
                ct.split(';')
                    .filter_map(|p| p.trim().strip_prefix("charset="))
                    .next()
                    .map(|c| c.trim_matches('"').to_string())
            });
        let raw = resp.bytes().await.map_err(|e| {
            Error::api(format!("amazon report download: reading the document: {e}"))
        })?;
        let bytes = decompress(&id, doc.compression_algorithm.as_deref(), &raw)?;
        Ok((id, "DONE".into(), doc.compression_algorithm, bytes, charset))
    }
}

/// The document's bytes, gunzipped when they are gzip. The magic bytes decide, not only the
/// stated `compressionAlgorithm` (documents flagged GZIP have arrived plain).
fn decompress(report: &str, stated: Option<&str>, raw: &[u8]) -> Result<Vec<u8>> {
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(raw)
            .read_to_end(&mut out)
            .map_err(|e| {
                Error::api(format!(
                    "amazon report {report}: the document is not valid gzip ({e}); request the report again"
                ))
            })?;
        return Ok(out);
    }
    if stated.is_some_and(|s| s != "GZIP") {
        return Err(Error::api(format!(
            "amazon report {report}: unknown compressionAlgorithm {:?}",
            stated.unwrap_or_default()
        )));
    }
    Ok(raw.to_vec())
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The encoding a report's `Content-Type` charset names, when it is one the reader knows.
fn forced_encoding(charset: Option<&str>) -> Option<ForcedEncoding> {
    let c = charset?.to_ascii_lowercase().replace(['-', '_'], "");
    match c.as_str() {
        "utf8" => Some(ForcedEncoding::Utf8),
        "cp1252" | "windows1252" | "iso88591" | "latin1" => Some(ForcedEncoding::Windows1252),
        _ => None,
    }
}

/// `sync amazon --report`: requests a bulk report (All Orders by last update, or All Listings)
/// for the window, reads it with the export-file mappers, and writes it under the API shop in
/// one transaction. Any bad row rejects the whole report (exit 5) naming its line and column.
pub async fn backfill_report(
    conn: &mut AmazonConnector,
    store: &mut Store,
    kind: ReportKind,
    opts: &SyncOptions,
    progress: &dyn Progress,
) -> Result<ReportSummary> {
    let shop = conn.shop().await?;
    // dataStartTime defaults to now at Amazon: always send one. --full: two years, as far back
    // as the Orders API keeps; otherwise the last 30 days.
    let days = if opts.full { 729 } else { 30 };
    let since = Some(opts.since.clone().unwrap_or_else(|| {
        crate::time::rfc3339(conn.now - jiff::SignedDuration::from_hours(24 * days))
    }));
    progress.start(0, &format!("amazon report {}", kind.report_type()));
    let (id, status, compression, bytes, charset) =
        conn.fetch_report(kind, since.as_deref()).await?;
    let mut summary = ReportSummary {
        marketplace: "amazon",
        shop: shop.name.clone(),
        report_type: kind.report_type(),
        report_id: id.clone(),
        processing_status: status,
        compression,
        bytes: bytes.len() as u64,
        encoding: String::new(),
        rows: 0,
        counts: Counts::default(),
        calls: conn.client.stats(),
    };
    if bytes.is_empty() {
        progress.finish();
        return Ok(summary);
    }
    let name = format!("amazon report {id}");
    let mut opened = reader::open(
        &name,
        Box::new(std::io::Cursor::new(bytes)),
        forced_encoding(charset.as_deref()),
    )?;
    summary.encoding = opened.encoding.to_string();
    let mut rec = csv::StringRecord::new();
    let header = loop {
        match opened.reader.read_record(&mut rec) {
            Ok(true) if rec.iter().all(|f| f.trim().is_empty()) => continue,
            Ok(true) => break Header::new(rec.clone()),
            Ok(false) => {
                progress.finish();
                return Ok(summary);
            }
            Err(e) => {
                return Err(Error::input(format!(
                    "{name}:1: cannot read the header: {e}"
                )));
            }
        }
    };
    let format = kind.format();
    let missing = format.missing(&header);
    if !missing.is_empty() {
        return Err(Error::input(format!(
            "{name}: the {} report lacks the columns {}; Amazon changed its layout",
            kind.report_type(),
            missing.join(", ")
        )));
    }
    let ctx = MapContext {
        currency: shop.currency,
        shop: shop.external_id.clone(),
    };
    let mut mapper = format.mapper(&header, &ctx);
    let mut records: Vec<Record> = Vec::new();
    let width = header.len();
    loop {
        match opened.reader.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(Error::input(format!("{name}: {e}; nothing was written")));
            }
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() != width {
            return Err(Error::input(format!(
                "{name}:{line}: the row has {} fields but the header has {width}; nothing was written",
                rec.len()
            )));
        }
        let row = Row { rec: &rec, line };
        if mapper.skip(&row) {
            continue;
        }
        summary.rows += 1;
        mapper.row(&row, &mut records).map_err(|e| {
            let col = e.col.map(|c| format!(":{}", c + 1)).unwrap_or_default();
            let field = e
                .col
                .and_then(|c| header.raw.get(c))
                .map(|f| format!(" field {f:?}:"))
                .unwrap_or_default();
            Error::input(format!(
                "{name}:{line}{col}:{field} {}; nothing was written",
                e.message
            ))
        })?;
    }
    mapper.finish(&mut records);
    // The rows belong to the API shop, not to a shop named after the file's sales channel.
    for r in &mut records {
        match r {
            Record::Order(o) => o.shop = shop.clone(),
            Record::Listing(l) => l.shop = shop.clone(),
            _ => {}
        }
    }
    let now = opts.now.clone();
    let mut counts = Counts::default();
    let n = records.len() as u64;
    store.write(|tx| {
        let mut sink = Sink::with_origin(tx, &now, "api")?;
        for r in records {
            sink.write(r, &mut counts)?;
        }
        let run = serde_json::json!({"report": kind.report_type(), "report_id": id, "rows": summary.rows});
        tx.execute(
            "INSERT INTO sync_runs (marketplace, started_at, finished_at, counts, outcome) VALUES ('amazon', ?1, ?1, ?2, 'ok')",
            rusqlite::params![now, run.to_string()],
        )?;
        Ok(())
    })?;
    progress.inc(n);
    progress.finish();
    summary.counts = counts;
    summary.calls = conn.client.stats();
    Ok(summary)
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
            return vec![Resource::Orders, Resource::Inventory];
        }
        vec![
            Resource::Orders,
            Resource::Listings,
            Resource::Inventory,
            Resource::Offers,
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn settings(toml: &str) -> Settings {
        Settings::from_toml(toml).unwrap()
    }

    #[test]
    fn region_sandbox_and_overrides() {
        let c = AmazonConfig::from_settings(&settings("")).unwrap();
        assert_eq!(c.endpoint, "https://sellingpartnerapi-na.amazon.com");
        assert_eq!(c.token_url, TOKEN_URL);
        assert_eq!(c.marketplace_id, "ATVPDKIKX0DER");
        let c = AmazonConfig::from_settings(&settings(
            "[amazon]\nregion = \"eu\"\nsandbox = \"on\"\nmarketplace_id = \"A1F83G8C2ARO7P\"\n",
        ))
        .unwrap();
        assert_eq!(
            c.endpoint,
            "https://sandbox.sellingpartnerapi-eu.amazon.com"
        );
        assert_eq!(marketplace_currency(&c.marketplace_id).code(), "GBP");
        let c = AmazonConfig::from_settings(&settings(
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
        let cfg = AmazonConfig::new("http://127.0.0.1:9", "ATVPDKIKX0DER");
        let c = AmazonConnector::new(
            cfg.clone(),
            creds,
            jiff::Timestamp::UNIX_EPOCH,
            ClientConfig::default(),
        )
        .unwrap();
        assert_eq!(c.resources(), vec![Resource::Orders, Resource::Inventory]);
        store.set("amazon.seller_id", "A2S").unwrap();
        let creds = Credentials::load(spec, &Default::default(), &store).unwrap();
        let c = AmazonConnector::new(
            cfg,
            creds,
            jiff::Timestamp::UNIX_EPOCH,
            ClientConfig::default(),
        )
        .unwrap();
        assert_eq!(c.resources().len(), 4);
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
